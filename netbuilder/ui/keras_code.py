"""Keras source for a model config: the tutorial's ``Sequential`` style for a chain, functional otherwise.

``keras_code(model_config, compile_settings)`` is a pure function (no Qt). Only arguments that
differ from the layer's defaults are written, so the code reads like hand-written Keras; the
result runs unchanged with Keras 3 (and with ``netbuilder.core`` in place of ``keras``).
"""

from __future__ import annotations

import copy
import keyword
import re

from netbuilder.core.registry import LAYERS

_OBJ_KINDS = {"initializer": "initializers", "regularizer": "regularizers", "constraint": "constraints"}
_SKIP = {"name", "trainable", "dtype"}


def _py(value) -> str:
    """A Python literal for a JSON-ish value (lists become tuples: Keras shapes are tuples)."""
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_py(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _arg_value(key: str, value) -> str:
    if key in ("layer", "backward_layer") and isinstance(value, dict) and value.get("class_name") in LAYERS:
        inner = {k: v for k, v in (value.get("config") or {}).items() if k != "name"}
        return f"layers.{value['class_name']}({layer_args(value['class_name'], inner)})"
    if isinstance(value, dict) and "class_name" in value:
        kind = next((m for k, m in _OBJ_KINDS.items() if key.endswith(k)), None)
        if kind:
            args = ", ".join(f"{k}={_py(v)}" for k, v in (value.get("config") or {}).items() if v is not None)
            return f"keras.{kind}.{value['class_name']}({args})"
    return _py(value)


def _defaults(class_name: str, config: dict) -> dict:
    """The config the layer would have with only its required arguments given."""
    from .graph_model import normalize_config, required_args  # noqa: PLC0415

    cls = LAYERS.lookup(class_name)
    base = {k: copy.deepcopy(config[k]) for k in required_args(cls) if k in config}
    try:
        return normalize_config(class_name, base)
    except Exception:  # noqa: BLE001 - no defaults known: every argument is written
        return {}


def layer_args(class_name: str, config: dict) -> str:
    """``"512, activation=\\"relu\\""``: required arguments positionally, then non-defaults by name."""
    from .graph_model import required_args  # noqa: PLC0415

    cls = LAYERS.lookup(class_name)
    from netbuilder.core.export.script import KERAS_REQUIRED  # noqa: PLC0415 - Keras requires it, we default it

    req = [k for k in (*KERAS_REQUIRED.get(class_name, ()), *required_args(cls)) if k in config]
    req = list(dict.fromkeys(req))
    defaults = _defaults(class_name, config)
    parts = [_arg_value(k, config[k]) for k in req]
    for k, v in config.items():
        if k in _SKIP or k in req or k == "batch_input_shape":
            continue
        if k in defaults and defaults[k] == v:
            continue
        if v is None and k not in defaults:
            continue
        if k == "backward_layer" and _mirror(config.get("layer"), v):
            continue
        parts.append(f"{k}={_arg_value(k, v)}")
    return ", ".join(parts)


def _mirror(fwd, bwd) -> bool:
    """True when ``bwd`` is just ``fwd`` run backwards (what Bidirectional builds by itself)."""
    if not (isinstance(fwd, dict) and isinstance(bwd, dict)) or fwd.get("class_name") != bwd.get("class_name"):
        return False
    strip = lambda c: {k: v for k, v in (c.get("config") or {}).items() if k not in ("name", "go_backwards")}  # noqa: E731
    return strip(fwd) == strip(bwd)


def _input_call(config: dict, name: str | None) -> str:
    shape = list(config.get("batch_shape") or [None])[1:]
    args = [f"shape={_py(shape)}"]
    if config.get("dtype") not in (None, "float32"):
        args.append(f"dtype={_py(config['dtype'])}")
    if name:
        args.append(f"name={_py(name)}")
    return f"keras.Input({', '.join(args)})"


def _var(name: str, used: set) -> str:
    v = re.sub(r"\W", "_", name) or "x"
    if v[0].isdigit() or keyword.iskeyword(v) or v in ("keras", "layers", "models", "model"):
        v = "x_" + v
    while v in used:
        v += "_"
    used.add(v)
    return v


def _compile_line(compile_settings: dict | None) -> list[str]:
    if not compile_settings:
        return []
    args = []
    for key in ("optimizer", "loss", "metrics"):
        if compile_settings.get(key) is not None:
            args.append(f"{key}={_py(compile_settings[key]) if key != 'metrics' else repr(list(compile_settings[key]))}")
    return [f"model.compile({', '.join(args)})"] if args else []


def is_chain(inner: dict) -> bool:
    layers = inner.get("layers") or []
    if not layers or layers[0]["class_name"] != "InputLayer" or len(inner.get("outputs") or []) != 1:
        return False
    prev = layers[0]["name"]
    for e in layers[1:]:
        if e.get("calls") or e["class_name"] in NESTED:  # a shared layer, a model used as a layer
            return False
        refs = e.get("inputs") or []
        if [_name(r) for r in refs] != [prev] or _index(refs[0]) or e["class_name"] == "InputLayer" \
                or (e.get("config") or {}).get("return_state") is True:
            return False  # several outputs (an LSTM's states) need the functional API
        prev = e["name"]
    return _name(inner["outputs"][0]) == prev and not _index(inner["outputs"][0])


def _name(ref) -> str:
    return ref if isinstance(ref, str) else ref[0]


def _index(ref) -> int:
    """The output a reference reads (``["lstm", 1]``: the LSTM's state ``h``, ``lstm[1]`` in Keras)."""
    return ref[1] if not isinstance(ref, str) and len(ref) > 1 and isinstance(ref[1], int) else 0


def _ordered(inner: dict) -> dict:
    from netbuilder.core.models.config import topological_entries  # noqa: PLC0415

    out = dict(inner)
    out["layers"] = topological_entries(inner.get("layers") or [])
    return out


#: entry class names of a model used as a layer (Keras's "model sharing")
NESTED = ("Functional", "Model", "Sequential")


def _model_lines(kind: str, inner: dict, var: str, used: set) -> list[str]:
    """Lines that build the model of config ``inner`` into variable ``var`` (a model used as a layer
    inside it is built first, into its own variable)."""
    return (_sequential_lines if kind == "Sequential" else _functional_lines)(inner, var, used)


def _sequential_lines(inner: dict, var: str, used: set) -> list[str]:
    ents = inner.get("layers") or []
    lines = [f"{var} = models.Sequential(name={_py(inner.get('name') or 'model')})"]
    for i, e in enumerate(ents):
        cfg = e.get("config") or {}
        if i == 0 and e["class_name"] == "InputLayer":
            lines.append(f"{var}.add({_input_call(cfg, None)})")
        elif e["class_name"] in NESTED:
            sub = _var(cfg.get("name") or "inner", used)
            lines += _model_lines(e["class_name"], cfg, sub, used)
            lines.append(f"{var}.add({sub})")
        else:
            if i == 0 and cfg.get("batch_input_shape"):
                lines.append(f"{var}.add({_input_call({'batch_shape': cfg['batch_input_shape']}, None)})")
            lines.append(f"{var}.add(layers.{e['class_name']}({layer_args(e['class_name'], cfg)}))")
    return lines


def _functional_lines(inner: dict, model_var: str, used: set) -> list[str]:
    lines: list[str] = []
    shared: dict = {}
    var = {(e["name"], 0): _var(e["name"], used) for e in inner["layers"]}
    for e in inner["layers"]:  # a shared layer's later calls: one tensor variable per call
        for k in range(1, len(e.get("calls") or []) + 1):
            var[(e["name"], k)] = _var(f"{e['name']}_{k + 1}", used)

    def ref(r):
        return (r, 0) if isinstance(r, str) else (r[0], r[2] if len(r) > 2 else 0)

    # a layer with several outputs (return_state=True) returns a list in Keras: each reader takes its item
    several = {e["name"] for e in inner["layers"] if (e.get("config") or {}).get("return_state") is True}

    def tensor(r):
        return var[ref(r)] + (f"[{_index(r)}]" if _index(r) or _name(r) in several else "")

    for e, call, refs in _call_order(inner["layers"]):
        if e["class_name"] == "InputLayer":
            lines.append(f"{var[(e['name'], 0)]} = {_input_call(e['config'], e['name'])}")
            continue
        nested = e["class_name"] in NESTED
        many = len(refs) != 1 or (not nested and LAYERS.lookup(e["class_name"]).num_inputs != 1)
        src = f"[{', '.join(tensor(r) for r in refs)}]" if many else tensor(refs[0])
        if nested:  # a model used as a layer: built once into its own variable, called per call
            if call == 0:
                shared[e["name"]] = _var(f"{e['name']}_model", used)
                lines += _model_lines(e["class_name"], dict(e["config"], name=e["name"]), shared[e["name"]], used)
            lines.append(f"{var[(e['name'], call)]} = {shared[e['name']]}({src})")
            continue
        args = layer_args(e["class_name"], e["config"])
        args = f"{args}, name={_py(e['name'])}" if args else f"name={_py(e['name'])}"
        if not e.get("calls"):
            lines.append(f"{var[(e['name'], 0)]} = layers.{e['class_name']}({args})({src})")
            continue
        obj = _var(f"shared_{e['name']}", used) if call == 0 else shared[e["name"]]
        if call == 0:  # a shared layer: made once, called once per call (same weights)
            shared[e["name"]] = obj
            lines.append(f"{obj} = layers.{e['class_name']}({args})  # shared: called "
                         f"{len(e['calls']) + 1} times")
        lines.append(f"{var[(e['name'], call)]} = {obj}({src})")

    def group(names):
        vs = [tensor(n) for n in names]
        return vs[0] if len(vs) == 1 else f"[{', '.join(vs)}]"

    lines.append(f"{model_var} = keras.Model(inputs={group(inner.get('inputs') or [])}, "
                 f"outputs={group(inner.get('outputs') or [])}, name={_py(inner.get('name') or 'model')})")
    return lines


def _call_order(entries: list) -> list:
    from netbuilder.core.models.config import call_order  # noqa: PLC0415

    return call_order(entries)


def keras_code(model_config: dict, compile_settings: dict | None = None) -> str:
    """Keras 3 source that builds the model of ``model_config`` (``{"class_name", "config"}``)."""
    inner = model_config.get("config") or {}
    try:
        inner = _ordered(inner)
    except ValueError as exc:
        return f"# The graph cannot be written as Keras code yet: {exc}\n"
    lines = ["import keras", "from keras import layers, models", ""]
    kind = "Sequential" if model_config.get("class_name") == "Sequential" or is_chain(inner) else "Functional"
    lines += _model_lines(kind, inner, "model", {"model"})
    lines += _compile_line(compile_settings)
    lines.append("model.summary()")
    return "\n".join(lines) + "\n"
