"""Looking inside a network (issue 17): layer outputs, one training step recorded, per-layer
training health. Qt-free; the window's step mode and layer view are built on these."""

from .layer_outputs import activations, output_keys
from .stats import LayerHealth, LayerStats, layer_stats
from .step import StepTrace, step_trace, weight_names
from .unfolding import Projection, UnfoldingRecorder, project

__all__ = ["activations", "output_keys", "layer_stats", "LayerHealth", "LayerStats", "step_trace",
           "StepTrace", "weight_names", "project", "Projection", "UnfoldingRecorder"]
