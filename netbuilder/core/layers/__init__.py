"""Layers with Keras 3 names. Every class here is in ``registry.LAYERS`` (the UI palette)."""

from .base import Input, InputLayer, KerasTensor, Layer
from .dense import Dense

__all__ = ["Layer", "Input", "InputLayer", "KerasTensor", "Dense"]


def get(identifier):
    """Resolve a layer class name or ``{"class_name", "config"}`` dict to a layer."""
    from ..registry import LAYERS

    return LAYERS.get(identifier, instance_types=(Layer,))
