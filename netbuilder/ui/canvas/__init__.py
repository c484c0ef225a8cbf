"""The node canvas: graphics items for layers, ports and edges, their scene and the view."""

from .scene import GraphScene
from .view import GraphView

__all__ = ["GraphScene", "GraphView"]
