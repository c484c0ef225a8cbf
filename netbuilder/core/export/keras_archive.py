"""The Keras 3 ``.keras`` archive: write one from a netbuilder model, read one back.

A ``.keras`` file is a zip with ``metadata.json`` (``keras_version``, ``date_saved``),
``config.json`` (the serialized model, see ``keras_config``) and ``model.weights.h5`` whose
groups are ``layers/<snake_case class>[_<n>]/vars/<i>`` (recurrent weights under ``.../cell/vars``),
as Keras 3's ``saving_lib`` writes (``keras_weights`` holds that layout, shared with
``save_weights``). ``keras.saving.load_model`` opens what ``export_keras`` writes. Optimizer state is not written (Keras warns that it starts the optimizer afresh).

Reading (``import_keras``) never runs code: only JSON and HDF5 datasets are read, class names are
looked up in netbuilder's registry, every array's shape is checked, and zip entries are size-
and name-checked.
"""

from __future__ import annotations

import datetime
import json
import os
import zipfile

from ._common import ExportError, require
from .keras_config import model_from_keras, model_to_keras
from .keras_weights import load_weights_h5, weights_h5_bytes

KERAS_VERSION = "3.5.0"  # the Keras 3 format this writer follows
_ENTRIES = {"metadata.json", "config.json", "model.weights.h5"}
MAX_ENTRY_BYTES = 2 * 1024 ** 3
MAX_JSON_BYTES = 32 * 1024 ** 2


def _keras_obj(obj, module):
    if isinstance(obj, dict) and "class_name" in obj:
        return {"module": module, "class_name": obj["class_name"], "config": obj.get("config") or {},
                "registered_name": None}
    return obj


def compile_to_keras(model) -> dict | None:
    """Keras's ``compile_config`` from netbuilder's compile settings (None when not compiled)."""
    cc = getattr(model, "_compile_config", None)
    if not cc:
        return None
    losses = [_keras_obj(l, "keras.losses") for l in cc.get("loss") or []]
    metrics = [[_keras_obj(m, "keras.metrics") for m in ms] for ms in cc.get("metrics") or []]
    single = len(losses) == 1
    return {"optimizer": _keras_obj(cc["optimizer"], "keras.optimizers"),
            "loss": losses[0] if single else losses,
            "loss_weights": None if all(w == 1.0 for w in cc.get("loss_weights") or []) else cc["loss_weights"],
            "metrics": (metrics[0] if single else metrics) or None,
            "weighted_metrics": cc.get("weighted_metrics") or None,
            "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False}


def export_keras(model, filepath) -> str:
    """Write ``model`` as a Keras 3 ``.keras`` archive (atomically); returns the path."""
    from ..models.saving import atomic_write

    config = model_to_keras(model)
    cc = compile_to_keras(model)
    if cc is not None:
        config["compile_config"] = cc
    meta = {"keras_version": KERAS_VERSION,
            "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
            "producer": "netbuilder"}
    weights = weights_h5_bytes(model)

    def write(f):
        with zipfile.ZipFile(f, "w") as zf:
            zf.writestr("metadata.json", json.dumps(meta))
            zf.writestr("config.json", json.dumps(config))
            zf.writestr("model.weights.h5", weights)

    atomic_write(filepath, write)
    return os.fspath(filepath)


# ----------------------------------------------------------------------------- import
def read_archive(filepath) -> dict:
    """The checked entries of a ``.keras`` zip: ``{"config": dict, "weights": bytes}``."""
    filepath = os.fspath(filepath)
    try:
        zf = zipfile.ZipFile(filepath)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"{filepath} is not a Keras .keras archive (not a readable zip: {exc})",
                          code="keras_not_zip", path=filepath) from exc
    out = {}
    with zf:
        for info in zf.infolist():
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
                raise ExportError(f"{filepath}: refusing entry {name!r} (an unsafe path)", code="keras_bad_path",
                                  path=filepath, entry=name)
            if name.startswith("assets/") or name.endswith("/"):
                continue
            if name not in _ENTRIES:
                raise ExportError(f"{filepath}: unexpected entry {name!r}; a Keras archive holds only "
                                  "metadata.json, config.json and model.weights.h5", code="keras_bad_entry",
                                  path=filepath, entry=name)
            limit = MAX_JSON_BYTES if name.endswith(".json") else MAX_ENTRY_BYTES
            if info.file_size > limit:
                raise ExportError(f"{filepath}: entry {name!r} claims {info.file_size} bytes, too large",
                                  code="keras_too_big", path=filepath)
            try:
                with zf.open(info) as f:
                    data = f.read(limit + 1)
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
                raise ExportError(f"{filepath}: entry {name!r} is damaged ({exc})", code="keras_damaged",
                                  path=filepath) from exc
            if len(data) > limit:
                raise ExportError(f"{filepath}: entry {name!r} is too large", code="keras_too_big", path=filepath)
            out[name] = data
    for need in ("config.json", "model.weights.h5"):
        if need not in out:
            raise ExportError(f"{filepath} is not a complete Keras archive: {need} is missing",
                              code="keras_missing_entry", path=filepath, entry=need)
    try:
        config = json.loads(out["config.json"].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ExportError(f"{filepath}: config.json is damaged ({exc})", code="keras_bad_json",
                          path=filepath) from exc
    return {"config": config, "weights": out["model.weights.h5"]}


def import_keras(filepath, compile=True):
    """A netbuilder model from a Keras 3 ``.keras`` archive (architecture and weights).

    Raises ``ExportError`` naming the first layer netbuilder does not support, or the first
    weight whose shape does not match the architecture.
    """
    from ..models.config import model_from_config

    require("h5py")
    filepath = os.fspath(filepath)
    entries = read_archive(filepath)
    config = entries["config"]
    try:
        model = model_from_config(model_from_keras(config))
    except ExportError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise ExportError(f"{filepath}: the Keras model cannot be rebuilt in netbuilder: {exc}",
                          code="keras_bad_config", path=filepath) from exc
    load_weights_h5(model, entries["weights"], filepath)
    cc = config.get("compile_config") if compile else None
    if isinstance(cc, dict):
        _compile_from_keras(model, cc)
    return model


def _plain(obj):
    if isinstance(obj, dict) and "class_name" in obj:
        return {"class_name": obj["class_name"], "config": obj.get("config") or {}}
    if isinstance(obj, list):
        return [_plain(o) for o in obj]
    return obj


def _compile_from_keras(model, cc) -> None:
    try:
        model.compile(optimizer=_plain(cc.get("optimizer")) or "rmsprop", loss=_plain(cc.get("loss")),
                      loss_weights=cc.get("loss_weights"), metrics=_plain(cc.get("metrics")))
    except (ValueError, TypeError, KeyError):
        pass  # compile settings netbuilder lacks: the model stays uncompiled, weights are intact
