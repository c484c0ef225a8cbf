"""Models: ``Sequential``, the functional ``Model``, saving and loading (Keras 3 API)."""

from .config import GraphReport, analyze_config, model_from_config, serialize_model
from .functional import Model
from .saving import load_model
from .sequential import Sequential

__all__ = ["Model", "Sequential", "load_model", "model_from_config", "serialize_model",
           "analyze_config", "GraphReport"]
