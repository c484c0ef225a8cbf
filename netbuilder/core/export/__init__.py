"""Exporting trained models to other tools, and importing them back.

- ONNX (``export_onnx``): runs in onnxruntime and every ONNX runtime (needs ``onnx``);
- Keras 3 ``.keras`` archive (``export_keras`` / ``import_keras``): opens with
  ``keras.saving.load_model`` (needs ``h5py``);
- Keras script (``export_script``): a readable Python file rebuilding the model in Keras;
- native ``.nbm`` (``netbuilder.core.models.saving``); ``load_any`` opens ``.nbm`` or ``.keras``.

Nothing here imports the optional packages at import time.
"""

from ._common import ExportError
from .onnx_graph import OPSET, export_onnx, to_onnx

__all__ = ["ExportError", "export_onnx", "to_onnx", "OPSET"]
