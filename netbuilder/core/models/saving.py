"""The native ``.nbm`` model file: one zip, written atomically, read without executing anything.

Entries: ``metadata.json`` (format, netbuilder version), ``config.json`` (the model config),
``weights.npz`` (``"<layer>/<weight>"`` arrays), ``compile.json`` (optimizer, losses, metrics),
``optimizer.npz`` (optimizer state), ``history.json`` (the last ``fit``'s History).

Loading never unpickles (``allow_pickle=False``), looks every class name up in the registries,
checks every array's shape against the architecture, and refuses oversized or odd zip entries.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
import zlib

import numpy as np

from ... import __version__
from .. import backend as B
from ..errors import ConfigError
from ..fileio import atomic_write  # noqa: F401  (re-exported: models.saving.atomic_write)

FORMAT = "netbuilder-model"
FORMAT_VERSION = 1
ALLOWED = {"metadata.json", "config.json", "weights.npz", "compile.json", "optimizer.npz", "history.json"}
MAX_ENTRY_BYTES = 4 * 1024 ** 3  # uncompressed size of one entry
MAX_JSON_BYTES = 64 * 1024 ** 2
#: an entry claiming more than this and over 100x its compressed size is a zip bomb
BOMB_FLOOR = 32 * 1024 ** 2


class ModelFileError(ConfigError):
    """A model file is damaged, foreign or does not match its architecture."""


def _npz_bytes(arrays: dict) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def weights_dict(model) -> dict:
    """``{"<layer>/<weight>": ndarray}`` for every weight of ``model``."""
    out = {}
    for layer in model.layers:
        for key, w in layer.params.items():
            out[f"{layer.name}/{key}"] = B.to_numpy(w)
    return out


def save_model(model, filepath, overwrite=True) -> None:
    """Write ``model`` to ``filepath`` atomically: netbuilder's ``.nbm``, or for a name ending in
    ``.keras`` Keras 3's archive (``export.export_keras``: architecture, compile settings and
    weights, which ``keras.saving.load_model`` opens; the optimizer state and History stay out)."""
    from .config import serialize_model  # noqa: PLC0415

    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    if filepath.lower().endswith(".keras"):
        from ..export.keras_archive import export_keras  # noqa: PLC0415  (export imports models)

        export_keras(model, filepath)
        return
    if not model.built:
        raise ValueError("cannot save a model that is not built: give it an input shape first")
    config = serialize_model(model)
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "netbuilder_version": __version__}
    entries = {
        "metadata.json": json.dumps(meta).encode(),
        "config.json": json.dumps(config).encode(),
        "weights.npz": _npz_bytes(weights_dict(model)),
    }
    if model.compiled:
        entries["compile.json"] = json.dumps(model._compile_config).encode()
        if model.optimizer is not None and model.optimizer._slots is not None:
            entries["optimizer.npz"] = _npz_bytes(model.optimizer.get_state())
    if model.history is not None:
        entries["history.json"] = json.dumps({"history": model.history.history,
                                              "epoch": model.history.epoch}).encode()

    def write(f):
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries.items():
                zf.writestr(name, data)

    atomic_write(filepath, write)


def _read_entries(filepath) -> dict:
    try:
        zf = zipfile.ZipFile(filepath)
    except (zipfile.BadZipFile, NotImplementedError) as exc:  # NotImplementedError: a newer zip version
        raise ModelFileError(f"{filepath} is not a netbuilder model file (not a zip archive)",
                             code="model_not_zip", path=str(filepath)) from exc
    out = {}
    with zf:
        for info in zf.infolist():
            if info.filename not in ALLOWED:
                raise ModelFileError(f"{filepath}: unexpected entry {info.filename!r} in model file",
                                     code="model_bad_entry", path=str(filepath), entry=info.filename)
            limit = MAX_JSON_BYTES if info.filename.endswith(".json") else MAX_ENTRY_BYTES
            if info.file_size > limit:
                raise ModelFileError(f"{filepath}: entry {info.filename!r} claims {info.file_size} bytes, "
                                     "more than a model file may hold", code="model_too_big",
                                     path=str(filepath), entry=info.filename)
            if info.file_size > BOMB_FLOOR and info.file_size > 100 * max(info.compress_size, 1):
                raise ModelFileError(f"{filepath}: entry {info.filename!r} claims to expand from "
                                     f"{info.compress_size} to {info.file_size} bytes (a zip bomb)",
                                     code="model_zip_bomb", path=str(filepath), entry=info.filename)
            try:
                with zf.open(info) as f:
                    # zipfile returns at most the declared file_size (checked above): never more
                    data = f.read()
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                raise ModelFileError(f"{filepath}: entry {info.filename!r} is damaged ({exc})",
                                     code="model_bad_zip", path=str(filepath), entry=info.filename) from exc
            out[info.filename] = data
    return out


def _json(entries, name, filepath):
    try:
        return json.loads(entries[name].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelFileError(f"{filepath}: {name} is damaged ({exc})", code="model_bad_json",
                             path=str(filepath)) from exc


def _npz(entries, name, filepath) -> dict:
    """The arrays of an npz entry: no pickles, and no header may claim more bytes than it holds."""
    from ..datasets.npz import read_npy  # noqa: PLC0415  (numeric .npy reader that checks claimed sizes)

    out = {}
    try:
        with zipfile.ZipFile(io.BytesIO(entries[name])) as z:
            for info in z.infolist():
                if info.file_size > BOMB_FLOOR and info.file_size > 100 * max(info.compress_size, 1):
                    raise ModelFileError(f"{filepath}: {name} member {info.filename!r} is a zip bomb",
                                         code="model_zip_bomb", path=str(filepath))
                if info.file_size > MAX_ENTRY_BYTES:
                    raise ModelFileError(f"{filepath}: {name} member {info.filename!r} is too large",
                                         code="model_too_big", path=str(filepath))
                key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
                out[key] = read_npy(z.read(info), allow_objects=False, name=info.filename)
    except ModelFileError:
        raise
    except Exception as exc:  # zipfile and the .npy reader raise many types on garbage
        raise ModelFileError(f"{filepath}: {name} is damaged or holds objects ({exc})",
                             code="model_bad_npz", path=str(filepath)) from exc
    return out


def assign_weights(model, arrays: dict, source="weights") -> None:
    """Copy ``{"layer/weight": array}`` into ``model``, checking names and shapes first."""
    expected = {f"{l.name}/{k}": w for l in model.layers for k, w in l.params.items()}
    missing = sorted(set(expected) - set(arrays))
    extra = sorted(set(arrays) - set(expected))
    if missing or extra:
        raise ModelFileError(f"{source} do not match the architecture: missing {missing[:5]}, "
                             f"unexpected {extra[:5]}", code="model_weights_mismatch")
    for key, cur in expected.items():
        new = arrays[key]
        if tuple(new.shape) != tuple(cur.shape) or new.dtype.kind not in "fiu":
            raise ModelFileError(f"{source}: {key} has shape {tuple(new.shape)} ({new.dtype}), the "
                                 f"architecture needs {tuple(cur.shape)}", code="model_weight_shape",
                                 key=key)
    for key, cur in expected.items():
        cur[...] = B.asarray(arrays[key], dtype=cur.dtype)


def _is_keras_archive(filepath) -> bool:
    try:
        with zipfile.ZipFile(filepath) as zf:
            return "model.weights.h5" in zf.namelist()
    except (zipfile.BadZipFile, OSError, NotImplementedError):
        return False


def load_model(filepath, compile=True):
    """Restore a model saved with ``model.save`` (architecture, weights, compile state,
    optimizer state and History), so ``predict`` gives identical outputs and training can go on.
    A Keras 3 ``.keras`` archive (told by its content) is imported with ``export.import_keras``."""
    from .. import callbacks  # noqa: PLC0415
    from .config import model_from_config  # noqa: PLC0415

    filepath = os.fspath(filepath)
    if not os.path.isfile(filepath):
        raise FileNotFoundError(f"no model file at {filepath}")
    if _is_keras_archive(filepath):  # what Keras 3 (or save("*.keras")) wrote
        from ..export.keras_archive import import_keras  # noqa: PLC0415

        return import_keras(filepath, compile=compile)
    entries = _read_entries(filepath)
    for need in ("metadata.json", "config.json", "weights.npz"):
        if need not in entries:
            raise ModelFileError(f"{filepath} is not a complete netbuilder model: {need} is missing",
                                 code="model_missing_entry", path=filepath, entry=need)
    meta = _json(entries, "metadata.json", filepath)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{filepath} is not a netbuilder model file", code="model_foreign", path=filepath)
    version = meta.get("format_version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ModelFileError(f"{filepath}: metadata.json has format_version {version!r}, not an integer",
                             code="model_bad_metadata", path=filepath)
    if version > FORMAT_VERSION:
        raise ModelFileError(f"{filepath} was written by a newer netbuilder ({meta.get('netbuilder_version')})",
                             code="model_newer", path=filepath)
    try:
        model = model_from_config(_json(entries, "config.json", filepath))
    except ModelFileError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(f"{filepath}: the architecture cannot be rebuilt: {exc}",
                             code="model_bad_config", path=filepath) from exc
    if not model.built:
        raise ModelFileError(f"{filepath}: the saved model has no input shape", code="model_unbuilt")
    assign_weights(model, _npz(entries, "weights.npz", filepath), source=filepath)
    if compile and "compile.json" in entries:
        cc = _json(entries, "compile.json", filepath)
        try:
            if not isinstance(cc, dict):
                raise TypeError(f"compile.json must hold an object, got {type(cc).__name__}")
            loss = cc.get("loss")
            model.compile(optimizer=cc["optimizer"], loss=list(loss),
                          loss_weights=cc.get("loss_weights"), weighted_metrics=cc.get("weighted_metrics") or None,
                          metrics=cc.get("metrics") if len(model.outputs) > 1 else (cc.get("metrics") or [[]])[0])
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            raise ModelFileError(f"{filepath}: compile settings are damaged: {exc}", code="model_bad_compile",
                                 path=filepath) from exc
        if "optimizer.npz" in entries:
            model._prepare_training()
            state = _npz(entries, "optimizer.npz", filepath)  # a damaged entry: its own refusal
            try:
                model.optimizer.set_state(state, model._train_vars)
            except ValueError as exc:
                raise ModelFileError(f"{filepath}: optimizer state does not match: {exc}",
                                     code="model_bad_optimizer", path=filepath) from exc
    if "history.json" in entries:
        h = _json(entries, "history.json", filepath)
        hist = callbacks.History()
        try:
            if not isinstance(h, dict) or not isinstance(h.get("history") or {}, dict):
                raise TypeError("history.json must hold {'history': {name: [values]}, 'epoch': [ints]}")
            hist.history = {str(k): [None if x is None else float(x) for x in v]
                            for k, v in (h.get("history") or {}).items()}
            hist.epoch = [int(e) for e in (h.get("epoch") or [])]
        except (TypeError, ValueError) as exc:
            raise ModelFileError(f"{filepath}: history.json is damaged ({exc})", code="model_bad_history",
                                 path=filepath) from exc
        model.history = hist
    return model


def _weights_suffix(filepath: str) -> str:
    name = filepath.lower()
    if name.endswith(".h5"):
        return "h5"
    if name.endswith(".npz"):
        return "npz"
    raise ConfigError(f"save_weights: the file name must end in .weights.h5 (Keras 3's weights file) "
                      f"or .npz (netbuilder's), got {filepath!r}", code="weights_file_suffix", path=filepath)


def save_weights(model, filepath, overwrite=True) -> None:
    """Write the weights to ``filepath`` atomically.

    ``*.weights.h5`` (or any ``*.h5``): Keras 3's HDF5 layout, which ``keras.Model.load_weights``
    reads (needs ``h5py``: ``pip install 'netbuilder[export]'``); Keras 3 itself insists on the
    ``.weights.h5`` ending, netbuilder also takes the book's plain ``.h5``. ``*.npz``: netbuilder's
    ``{"layer/weight": array}`` archive. Another ending raises ``ConfigError`` (as Keras raises).
    """
    filepath = os.fspath(filepath)
    kind = _weights_suffix(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    if kind == "h5":
        from ..export.keras_weights import weights_h5_bytes  # noqa: PLC0415  (export imports models)

        data = weights_h5_bytes(model)
    else:
        data = _npz_bytes(weights_dict(model))
    atomic_write(filepath, lambda f: f.write(data))


def load_weights(model, filepath, skip_mismatch=False) -> None:
    """Load weights from a Keras 3 ``.weights.h5`` or ``.keras`` file, or netbuilder's ``.npz``
    / ``.nbm``; the kind is read from the file's first bytes, not its name.

    Keras files match layers by position among layers of the model (Keras 3's rule, see
    ``export.keras_weights``); ``skip_mismatch=True`` leaves the layers that do not fit as they
    are, with a warning. netbuilder files match by layer name. Nothing is changed unless the
    whole file fits.
    """
    from ..export import keras_archive, keras_weights  # noqa: PLC0415  (export imports models)

    filepath = os.fspath(filepath)
    if not os.path.isfile(filepath):
        raise FileNotFoundError(f"no weights file at {filepath}")
    with open(filepath, "rb") as f:
        head = f.read(len(keras_weights.HDF5_SIGNATURE))
    if head == keras_weights.HDF5_SIGNATURE:
        with open(filepath, "rb") as f:
            data = f.read()
        keras_weights.load_weights_h5(model, data, filepath, skip_mismatch=skip_mismatch)
        return
    if zipfile.is_zipfile(filepath):
        with zipfile.ZipFile(filepath) as zf:
            names = set(zf.namelist())
        if "model.weights.h5" in names:
            data = keras_archive.read_archive(filepath)["weights"]
            keras_weights.load_weights_h5(model, data, filepath, skip_mismatch=skip_mismatch)
            return
        if "weights.npz" in names:
            assign_weights(model, _npz(_read_entries(filepath), "weights.npz", filepath), source=filepath)
            return
    try:
        with np.load(filepath, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:
        raise ModelFileError(f"{filepath}: not a weights file ({exc})", code="weights_bad_file") from exc
    assign_weights(model, arrays, source=filepath)
