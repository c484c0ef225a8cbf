"""The readable difference between two runs' networks and settings.

``describe_changes(old_model, old_settings, new_model, new_settings)`` lists what a learner changed
between two runs, one short line per change, in the notation of the Keras code::

    dense: units 16 → 4
    + Dropout(0.5) after dense_1
    − dense_2 (Dense(16))
    dense: kernel_regularizer none → L2(0.001)
    optimizer RMSprop lr 0.001 → 0.0001
    epochs 4 → 20

Layers are matched by name (the canvas keeps names across edits). The lines use layer names,
Keras argument names, numbers and arrows only, so they read the same in every interface language.
"""

from __future__ import annotations

#: The argument that names a layer in the short form ``Dense(16)``.
MAIN_ARG = {"Dense": "units", "Dropout": "rate", "SpatialDropout1D": "rate", "SpatialDropout2D": "rate",
            "Conv1D": "filters", "Conv2D": "filters", "Conv3D": "filters", "SeparableConv2D": "filters",
            "Conv2DTranspose": "filters", "LSTM": "units", "GRU": "units", "SimpleRNN": "units",
            "Embedding": "output_dim", "Activation": "activation", "GaussianNoise": "stddev",
            "MaxPooling2D": "pool_size", "MaxPooling1D": "pool_size", "RandomRotation": "factor"}

#: Settings compared, in the order they are listed (the optimizer is described on its own).
SETTING_KEYS = ("loss", "metrics", "epochs", "batch_size", "validation_mode", "validation_split",
                "validation_samples", "k_folds", "shuffle", "seed", "early_stopping")


def _name(entry: dict) -> str:
    return entry.get("name") or (entry.get("config") or {}).get("name")


def _layers(model: dict | None) -> list:
    return list(((model or {}).get("config") or {}).get("layers") or [])


def fmt(value) -> str:
    """A config value as the diff shows it: numbers with ``%g``, ``{"class_name": "L2", "config":
    {"l2": 0.001}}`` as ``L2(0.001)``, None as ``none``, lists as ``[a, b]``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict) and "class_name" in value:
        inner = value.get("config") or {}
        args = ", ".join(fmt(v) for k, v in inner.items() if k not in ("name", "seed") and v is not None)
        return f"{value['class_name']}({args})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    return str(value)


def short(entry: dict) -> str:
    """A layer entry in the short form ``Dense(16)``, ``Dropout(0.5)``, ``Flatten()``."""
    cls = entry.get("class_name", "?")
    arg = MAIN_ARG.get(cls)
    cfg = entry.get("config") or {}
    return f"{cls}({fmt(cfg[arg])})" if arg and arg in cfg else f"{cls}()"


def _sources(model: dict | None) -> dict:
    """``{layer: name of the layer it reads}``: the first input (functional) or the layer before (Sequential)."""
    layers = _layers(model)
    out = {}
    for i, e in enumerate(layers):
        if (model or {}).get("class_name") == "Sequential":
            out[_name(e)] = _name(layers[i - 1]) if i else None
        else:
            refs = e.get("inputs") or []
            ref = refs[0] if isinstance(refs, list) and refs else refs or None
            while isinstance(ref, list) and ref:
                ref = ref[0]
            out[_name(e)] = ref if isinstance(ref, str) else None
    return out


def _names_in(refs) -> set:
    """Layer names in an ``inputs`` value (``"a"``, ``["a", "b"]`` or ``[["a", 0, 0]]``)."""
    if isinstance(refs, str):
        return {refs}
    out = set()
    for r in refs if isinstance(refs, list) else []:
        out |= _names_in(r) if isinstance(r, list) and r and isinstance(r[0], list) else \
            ({r[0]} if isinstance(r, list) and r and isinstance(r[0], str) else ({r} if isinstance(r, str) else set()))
    return out


def model_changes(old: dict | None, new: dict | None) -> list[str]:
    """Lines for the layers added, removed and changed from ``old`` to ``new`` (model config dicts)."""
    before = {_name(e): e for e in _layers(old)}
    after = {_name(e): e for e in _layers(new)}
    src_new = _sources(new)
    lines = []
    for name, e in after.items():
        if name not in before:
            src = src_new.get(name)
            lines.append(f"+ {short(e)} after {src}" if src else f"+ {short(e)} {name}")
    for name, e in before.items():
        if name not in after:
            lines.append(f"− {name} ({short(e)})")
    for name, e in after.items():
        old_e = before.get(name)
        if old_e is None:
            continue
        if old_e.get("class_name") != e.get("class_name"):
            lines.append(f"{name}: {old_e.get('class_name')} → {e.get('class_name')}")
            continue
        if old_e.get("inputs") != e.get("inputs") and not _names_in(e.get("inputs")) & (set(after) - set(before)):
            lines.append(f"{name}: inputs {fmt(old_e.get('inputs'))} → {fmt(e.get('inputs'))}")  # rewired by hand
        oc, nc = old_e.get("config") or {}, e.get("config") or {}
        for key in list(nc) + [k for k in oc if k not in nc]:
            if key != "name" and oc.get(key) != nc.get(key):
                lines.append(f"{name}: {key} {fmt(oc.get(key))} → {fmt(nc.get(key))}")
    return lines


def _optimizer(settings: dict) -> tuple:
    opt = settings.get("optimizer") or {}
    if isinstance(opt, str):
        return opt, {}
    return opt.get("class_name"), dict(opt.get("config") or {})


def settings_changes(old: dict | None, new: dict | None) -> list[str]:
    """Lines for the training settings that differ (optimizer and learning rate first)."""
    old, new = old or {}, new or {}
    lines = []
    (oc, ocfg), (nc, ncfg) = _optimizer(old), _optimizer(new)
    if oc != nc:
        lines.append(f"optimizer {fmt(oc)} → {fmt(nc)}")
    for key in list(ncfg) + [k for k in ocfg if k not in ncfg]:
        if ocfg.get(key) != ncfg.get(key):
            short_key = "lr" if key == "learning_rate" else key
            lines.append(f"optimizer {fmt(nc)} {short_key} {fmt(ocfg.get(key))} → {fmt(ncfg.get(key))}")
    for key in SETTING_KEYS:
        if old.get(key) != new.get(key):
            lines.append(f"{key} {fmt(old.get(key))} → {fmt(new.get(key))}")
    return lines


def data_changes(old_data, new_data) -> list[str]:
    """``["dataset playground:spirals → mnist"]`` when the runs trained on different data.

    ``old_data``/``new_data``: what identifies a dataset (``[name, task, sample shape, label shape]``, a
    record's ``data``); nothing is said when either is unknown. Same name, other shapes (another
    preparation, such as IMDB's vocabulary size): ``"dataset imdb: samples (10000,) → (5000,)"``."""
    if not old_data or not new_data:
        return []
    old, new = list(old_data), list(new_data)
    if old[0] != new[0]:
        return [f"dataset {fmt(old[0])} → {fmt(new[0])}"]
    lines = []
    for i, what in ((2, "samples"), (3, "labels")):
        if len(old) > i and len(new) > i and list(old[i] or []) != list(new[i] or []):
            lines.append(f"dataset {fmt(new[0])}: {what} {tuple(old[i] or ())} → {tuple(new[i] or ())}")
    return lines


def distinct_datasets(datas) -> list[str]:
    """The datasets a set of runs trained on, when they are not all the same: one label per distinct dataset,
    in first-seen order (``["playground:spirals", "mnist"]``; the same name with other shapes is labelled by
    its sample shape, ``["imdb (10000,)", "imdb (5000,)"]``); ``[]`` when they agree. ``datas``: the runs'
    ``data`` (``[name, task, sample shape, label shape]``, as :func:`data_changes`); unknown ones (None) are
    left out."""
    known = [list(d) for d in datas if d]
    seen: list[list] = []
    for d in known:
        if all(data_changes(s, d) for s in seen):  # unlike every one seen so far
            seen.append(d)
    if len(seen) < 2:
        return []
    names = [fmt(d[0]) for d in seen]
    return [f"{n} {tuple(d[2] or ())}" if names.count(n) > 1 and len(d) > 2 else n for n, d in zip(names, seen)]


def describe_changes(old_model: dict | None, old_settings: dict | None,
                     new_model: dict | None, new_settings: dict | None, old_data=None, new_data=None) -> list[str]:
    """Everything that changed from one run to the next: the dataset (:func:`data_changes`, when both are
    given), the network's lines, then the settings'.

    An empty list means the same data, network and settings (a rerun); the caller says "first run" when
    there was no previous run at all."""
    return (data_changes(old_data, new_data) + model_changes(old_model, new_model)
            + settings_changes(old_settings, new_settings))
