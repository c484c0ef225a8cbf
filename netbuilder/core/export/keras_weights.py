"""Keras 3's weights layout in HDF5: what ``model.weights.h5`` (inside a ``.keras`` archive) and a
``.weights.h5`` file (``model.save_weights``) hold, written and read with Keras 3's matching rules.

Layout (``keras/src/saving/saving_lib.py``): one group per layer at
``layers/<snake_case class>[_<n>]`` in the order of Keras's ``model.layers`` (``keras_config``),
its variables as datasets ``vars/0``, ``vars/1`` ... (trainable first, then non-trainable;
recurrent layers under ``cell/vars``), a ``name`` attribute on each ``vars`` group, and the model's
own (empty) ``vars`` group at the root. An ``optimizer`` group, which Keras adds once the optimizer
has variables, is neither written nor read here: netbuilder's optimizer state lives in ``.nbm``.

Matching (Keras 3's ``load_weights``): layers are matched by *position* among the model's layers
(the group path), not by name, so a file loads into any model of the same structure. A group the
model does not have is ignored; a layer whose group holds another number of arrays, or an array of
another shape, is an error (``skip_mismatch=True``: that layer is left as it is, with a warning).
Unlike Keras, nothing is assigned until every layer has been checked, so a refused file leaves the
model untouched.
"""

from __future__ import annotations

import io
import warnings

import numpy as np

from .. import backend as B
from ._common import ExportError, require
from .keras_config import container_paths, keras_layer_order, weight_groups

#: the first bytes of every HDF5 file
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _layer_slots(model) -> list:
    """``[(layer, path, [(h5 group, [current arrays])])]`` in Keras's order."""
    layers = keras_layer_order(model)
    return [(layer, path, weight_groups(layer, path)) for layer, path in zip(layers, container_paths(layers))]


def weights_h5_bytes(model) -> bytes:
    """The HDF5 bytes of ``model``'s weights in Keras 3's layout (needs ``h5py``)."""
    h5py = require("h5py")
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("vars").attrs["name"] = model.name  # the model's own (empty) variables
        for layer, path, groups in _layer_slots(model):
            for group, arrays in groups:
                g = f.require_group(group)
                for i, a in enumerate(arrays):
                    g.create_dataset(str(i), data=np.asarray(B.to_numpy(a), dtype=np.float32))
            f.require_group(f"{path}/vars").attrs["name"] = layer.name
    return buf.getvalue()


def _read_group(h5, path) -> list:
    """The arrays at ``path/0``, ``path/1`` ... (an absent group holds none)."""
    if path not in h5:
        return []
    g = h5[path]
    keys = sorted(g, key=lambda k: int(k) if k.isdigit() else -1)
    arrays = []
    for k in keys:
        ds = g[k]
        if not hasattr(ds, "dtype") or ds.dtype.kind not in "fiu":
            raise ExportError(f"weights entry {path}/{k} is not a numeric array", code="keras_bad_weights",
                              key=f"{path}/{k}")
        arrays.append(np.asarray(ds[()]))
    return arrays


def assign_from_h5(model, h5, source: str, skip_mismatch: bool = False) -> list:
    """Copy the arrays of an open Keras-layout HDF5 file into ``model``; returns the names of
    the layers skipped (``skip_mismatch``). Raises ``ExportError`` naming the first layer whose
    weights do not fit, after checking all of them and before changing any."""
    plan, problems = [], []
    for layer, _, groups in _layer_slots(model):
        pairs, problem = [], None
        for group, current in groups:
            arrays = _read_group(h5, group)
            if len(arrays) != len(current):
                problem = problem or ExportError(
                    f"{source}: layer {layer.name!r} needs {len(current)} weight arrays, the file has "
                    f"{len(arrays)} at {group}", code="keras_weights_mismatch", layer=layer.name)
                continue
            for a, cur in zip(arrays, current):
                if tuple(a.shape) != tuple(cur.shape):
                    problem = problem or ExportError(
                        f"{source}: layer {layer.name!r}: a weight has shape {tuple(a.shape)} in the file "
                        f"({group}), the architecture needs {tuple(cur.shape)}", code="keras_weight_shape",
                        layer=layer.name)
                pairs.append((cur, a))
        if problem is None:
            plan.extend(pairs)
        else:
            problems.append((layer.name, problem))
    if problems and not skip_mismatch:
        first = problems[0][1]
        if len(problems) > 1:
            first.args = (f"{first.args[0]} (and {len(problems) - 1} more layer(s): "
                          f"{', '.join(name for name, _ in problems[1:6])})",)
        raise first
    if problems:
        warnings.warn(f"{source}: skipped {len(problems)} layer(s) whose weights do not fit: "
                      + "; ".join(str(p) for _, p in problems), stacklevel=3)
    for cur, a in plan:
        cur[...] = B.asarray(a, dtype=cur.dtype)
    return [name for name, _ in problems]


def load_weights_h5(model, data: bytes, source: str, skip_mismatch: bool = False) -> list:
    """``assign_from_h5`` on HDF5 ``data`` (a ``.weights.h5`` file's or an archive entry's bytes)."""
    h5py = require("h5py")
    try:
        h5 = h5py.File(io.BytesIO(data), "r")
    except OSError as exc:
        raise ExportError(f"{source}: the HDF5 weights are damaged ({exc})", code="keras_bad_weights",
                          path=source) from exc
    with h5:
        if "layers" not in h5 and "vars" not in h5:
            legacy = "model_weights" in h5 or "layer_names" in h5.attrs
            raise ExportError(
                f"{source}: " + ("a Keras 2 (legacy .h5) weights file; netbuilder reads Keras 3's "
                                 ".weights.h5 layout (save it again with Keras 3)" if legacy else
                                 "an HDF5 file without Keras weights"), code="keras_bad_weights", path=source)
        return assign_from_h5(model, h5, source, skip_mismatch=skip_mismatch)
