"""The fit coach's one-click remedies, as pure functions on a model config dict.

A model config is ``{"class_name": "Functional"|"Sequential", "config": {"layers": [...]}}`` as
``Model.get_config()`` (functional entries carry ``"name"`` and ``"inputs"``) or the canvas produce it.
Every function returns a new dict and leaves its argument untouched, so the UI can push the result
as one undoable edit. "Hidden" layers are those that are not model outputs.

Remedy codes used by :mod:`netbuilder.core.diagnosis`: ``add_dropout``, ``add_l2``,
``halve_units``, ``double_units``, ``add_layer`` (graph edits here), and ``more_epochs``,
``lower_learning_rate``, ``restore_best_weights``, ``more_data`` (settings or advice, applied by
the UI). ``add_augmentation`` (small random rotations, zooms and shifts after an image input, the
book's cure for overfitting on small image sets: more data made from the data there is) takes the place
of ``more_data``'s advice, by :func:`applicable`, when the network reads images ``(batch, height, width,
channels)``.
"""

from __future__ import annotations

import copy

#: Remedy codes that change the graph, → function(config) here.
GRAPH_REMEDIES = ("add_dropout", "add_l2", "halve_units", "double_units", "add_layer", "add_augmentation")

#: What "add_augmentation" inserts after an image input: small ranges that keep a digit a digit
#: (±18° rotation, ±10 % zoom, ±10 % shifts), as the book's data-augmentation stage.
AUGMENTATION = (("RandomRotation", {"factor": 0.05}), ("RandomZoom", {"height_factor": 0.1}),
                ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1}))
AUGMENTATION_LAYERS = ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast")

_UNIT_KEYS = {"Dense": "units", "LSTM": "units", "GRU": "units", "SimpleRNN": "units",
              "Conv1D": "filters", "Conv2D": "filters", "Conv3D": "filters",
              "SeparableConv2D": "filters", "Conv2DTranspose": "filters"}


def _entries(config: dict) -> list:
    return config["config"]["layers"]


def _is_functional(config: dict) -> bool:
    return config.get("class_name") != "Sequential"


def _name(entry: dict) -> str:
    return entry.get("name") or entry.get("config", {}).get("name")


def output_names(config: dict) -> list[str]:
    """Names of the output layers (the last layer of a Sequential config)."""
    inner = config["config"]
    if _is_functional(config):
        return [o if isinstance(o, str) else o[0] for o in inner.get("outputs", [])]
    layers = inner.get("layers", [])
    return [_name(layers[-1])] if layers else []


def output_layer(config: dict) -> dict | None:
    """The (first) output layer's entry, or None."""
    outs = output_names(config)
    for e in _entries(config):
        if outs and _name(e) == outs[0]:
            return e
    return None


def _hidden(config: dict, classes) -> list:
    outs = set(output_names(config))
    return [e for e in _entries(config) if e["class_name"] in classes and _name(e) not in outs]


def _unique(config: dict, base: str) -> str:
    taken = {_name(e) for e in _entries(config)}
    i = 1
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


def _insert_after(config: dict, target: str, entry: dict) -> None:
    """Insert ``entry`` right after layer ``target``, rewiring ``target``'s consumers to it."""
    layers = _entries(config)
    idx = next(i for i, e in enumerate(layers) if _name(e) == target)
    if _is_functional(config):
        new = entry["name"]
        for e in layers:
            e["inputs"] = [new if (r == target or (isinstance(r, list) and r[0] == target)) else r
                           for r in e.get("inputs", [])]
            if e.get("calls"):  # a shared layer's later calls read through the new layer too
                e["calls"] = [[new if (r == target or (isinstance(r, list) and r[0] == target)) else r
                               for r in call] for call in e["calls"]]
        entry["inputs"] = [target]
        inner = config["config"]
        inner["outputs"] = [new if o == target else o for o in inner.get("outputs", [])]
    layers.insert(idx + 1, entry)


def add_dropout(config: dict, rate: float = 0.5) -> dict:
    """Insert ``Dropout(rate)`` after every hidden Dense layer that is not already followed by one."""
    cfg = copy.deepcopy(config)
    followed = set()
    layers = _entries(cfg)
    for i, e in enumerate(layers):
        if e["class_name"] == "Dropout":
            src = (e.get("inputs") or [None])[0] if _is_functional(cfg) else (_name(layers[i - 1]) if i else None)
            followed.add(src if isinstance(src, str) else (src[0] if src else None))
    for e in _hidden(cfg, ("Dense",)):
        target = _name(e)
        if target in followed:
            continue
        name = _unique(cfg, "dropout")
        entry = {"class_name": "Dropout", "config": {"name": name, "rate": float(rate)}}
        if _is_functional(cfg):
            entry["name"] = name
        _insert_after(cfg, target, entry)
    return cfg


def add_l2(config: dict, l2: float = 0.001) -> dict:
    """Set ``kernel_regularizer=L2(l2)`` on every layer with a kernel (Dense, Conv...)."""
    cfg = copy.deepcopy(config)
    for e in _entries(cfg):
        if e["class_name"] in _UNIT_KEYS and e["class_name"] not in ("LSTM", "GRU", "SimpleRNN") \
                or "kernel_regularizer" in e.get("config", {}):
            e.setdefault("config", {})["kernel_regularizer"] = {"class_name": "L2", "config": {"l2": float(l2)}}
    return cfg


def scale_units(config: dict, factor: float) -> dict:
    """Multiply the units/filters of every hidden layer by ``factor`` (at least 1)."""
    cfg = copy.deepcopy(config)
    for e in _hidden(cfg, tuple(_UNIT_KEYS)):
        key = _UNIT_KEYS[e["class_name"]]
        if key in e.get("config", {}):
            e["config"][key] = max(1, int(round(e["config"][key] * factor)))
    return cfg


def halve_units(config: dict) -> dict:
    """Halve every hidden layer's units (a smaller network overfits less)."""
    return scale_units(config, 0.5)


def double_units(config: dict) -> dict:
    """Double every hidden layer's units (a bigger network underfits less)."""
    return scale_units(config, 2.0)


def add_layer(config: dict, units: int | None = None, activation: str = "relu") -> dict:
    """Insert a hidden ``Dense(units, activation)`` just before the output layer.

    ``units`` defaults to the widest hidden Dense layer's units (64 when there is none).
    """
    cfg = copy.deepcopy(config)
    out = output_layer(cfg)
    if out is None:
        return cfg
    hidden = [e["config"].get("units", 0) for e in _hidden(cfg, ("Dense",))]
    units = int(units or max(hidden + [0]) or 64)
    name = _unique(cfg, "dense")
    entry = {"class_name": "Dense", "config": {"name": name, "units": units, "activation": activation}}
    layers = _entries(cfg)
    idx = layers.index(out)
    if _is_functional(cfg):
        entry["name"] = name
        entry["inputs"] = list(out.get("inputs", []))
        out["inputs"] = [name]
    layers.insert(idx, entry)
    return cfg


def image_inputs(config: dict) -> list[str]:
    """Names of the inputs that take images ``(batch, height, width, channels)``."""
    out = []
    for i, e in enumerate(_entries(config)):
        cfg = e.get("config") or {}
        shape = cfg.get("batch_shape") if e.get("class_name") == "InputLayer" else (
            cfg.get("batch_input_shape") if i == 0 and not _is_functional(config) else None)
        if isinstance(shape, (list, tuple)) and len(shape) == 4:
            out.append(_name(e))
    return out


def add_augmentation(config: dict) -> dict:
    """Insert :data:`AUGMENTATION` (RandomRotation → RandomZoom → RandomTranslation) right after every
    image input not already followed by an augmentation layer. They are the identity in ``predict``
    and ``evaluate``: only training sees the transformed images."""
    cfg = copy.deepcopy(config)
    for target in image_inputs(cfg):
        layers = _entries(cfg)
        idx = next(i for i, e in enumerate(layers) if _name(e) == target)
        if _is_functional(cfg):
            readers = [e for e in layers if any(r == target or (isinstance(r, list) and r[0] == target)
                                                for r in e.get("inputs", []))]
        else:
            readers = layers[idx + 1:idx + 2] if layers[idx]["class_name"] == "InputLayer" else layers[idx:idx + 1]
        if readers and all(e["class_name"] in AUGMENTATION_LAYERS for e in readers):
            continue
        if not _is_functional(cfg) and layers[idx]["class_name"] != "InputLayer":
            shape = layers[idx]["config"].pop("batch_input_shape")  # the input shape moves to the new first layer
            layers.insert(0, {"class_name": "InputLayer", "config": {"name": _unique(cfg, "input"),
                                                                      "batch_shape": shape}})
            target = _name(layers[0])
        prev = target
        for cls, args in AUGMENTATION:
            name = _unique(cfg, _snake(cls))
            entry = {"class_name": cls, "config": {"name": name, **copy.deepcopy(args)}}
            if _is_functional(cfg):
                entry["name"] = name
                _insert_after(cfg, prev, entry)
            else:
                layers.insert(next(i for i, e in enumerate(layers) if _name(e) == prev) + 1, entry)
            prev = name
    return cfg


def _snake(cls: str) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(cls))


def apply(code: str, config: dict) -> dict:
    """Apply the graph remedy ``code`` (one of :data:`GRAPH_REMEDIES`) to ``config``."""
    funcs = {"add_dropout": add_dropout, "add_l2": add_l2, "halve_units": halve_units,
             "double_units": double_units, "add_layer": add_layer, "add_augmentation": add_augmentation}
    if code not in funcs:
        raise ValueError(f"unknown graph remedy {code!r}; known: {', '.join(GRAPH_REMEDIES)}")
    return funcs[code](config)


def applicable(codes, config: dict | None) -> tuple:
    """``codes`` without the graph remedies already applied to ``config`` (a Dropout after every hidden
    Dense, L2 on every kernel): after "Add Dropout(0.5)" and a new run the coach must not offer it again.

    For a network that reads images and has no augmentation after them yet, ``more_data`` (advice:
    "collect more samples") becomes ``add_augmentation``, placed after ``restore_best_weights``: the
    same number of buttons on the coach's one row."""
    if not config:
        return tuple(c for c in codes if c != "add_augmentation")
    codes = list(codes)
    if "more_data" in codes and "add_augmentation" not in codes and apply("add_augmentation", config) != config:
        codes.remove("more_data")
        codes.insert(codes.index("restore_best_weights") + 1 if "restore_best_weights" in codes else 0,
                     "add_augmentation")
    out = []
    for code in codes:
        if code in ("add_dropout", "add_l2", "add_augmentation"):
            try:
                if apply(code, config) == config:
                    continue
            except Exception:  # noqa: BLE001 - a config the remedy cannot read: keep offering it
                pass
        out.append(code)
    return tuple(out)


def scale_learning_rate(optimizer_config: dict, factor: float = 0.1) -> dict:
    """A copy of ``{"class_name", "config": {"learning_rate", ...}}`` with the rate × ``factor``."""
    cfg = copy.deepcopy(optimizer_config)
    inner = cfg.setdefault("config", {})
    inner["learning_rate"] = float(inner.get("learning_rate", 0.001)) * factor
    return cfg
