"""Export a model as a readable Keras script (``.py``) plus its trained weights (``.npz``).

The script rebuilds the architecture with ``keras`` (``keras.Sequential`` or the functional
API), compiles it as configured in netbuilder, loads the trained weights from the sibling
``<stem>.weights.npz`` (``"<layer name>/<index>"`` arrays in Keras's ``layer.get_weights()``
order) and ends with a commented ``model.fit(...)`` call using the configured batch size and
epochs: what a learner copies into their own project. Arguments equal to the Keras default
are left out, so each line reads like hand-written Keras.
"""

from __future__ import annotations

import inspect
import io
import keyword
import os
import re

import numpy as np

from .. import backend as B
from ._common import ExportError, model_nodes, tensor_ref

_MODULES = {"_initializer": "keras.initializers", "_regularizer": "keras.regularizers",
            "_constraint": "keras.constraints"}
_SKIP = {"trainable", "dtype", "batch_input_shape"}
#: written even when equal to netbuilder's default: newer Keras (3.12+) has no default for them
_ALWAYS = {"pool_size"}


def _literal(value) -> str:
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return repr(value)


def _object(value, module) -> str:
    """``{"class_name": "L2", "config": {"l2": 0.01}}`` → ``keras.regularizers.L2(l2=0.01)``."""
    if isinstance(value, dict) and "class_name" in value:
        args = ", ".join(f"{k}={_literal(v)}" for k, v in (value.get("config") or {}).items()
                         if not (k == "seed" and v is None))
        return f"{module}.{value['class_name']}({args})"
    return _literal(value)


#: Arguments Keras 3 requires where netbuilder has a default: always written (``AveragePooling2D()``
#: is refused by Keras).
KERAS_REQUIRED = {"AveragePooling1D": ("pool_size",), "AveragePooling2D": ("pool_size",)}


def _required(cls) -> list:
    params = inspect.signature(cls.__init__).parameters.values()
    names = [p.name for p in params if p.default is inspect.Parameter.empty
             and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name != "self"]
    return [k for k in KERAS_REQUIRED.get(cls.__name__, ()) if k not in names] + names


def layer_call(layer, with_name=True) -> str:
    """``layers.Dense(64, activation='relu', name='dense')``: only non-default arguments (a layer
    inside a wrapper gets no name: Keras names it from the wrapper)."""
    cls = type(layer)
    config = layer.get_config()
    required = _required(cls)
    try:
        ref_args = {k: config[k] for k in required}
        if "layer" in ref_args:
            ref_args["layer"] = type(layer.layer).from_config(layer.layer.get_config())
        ref = cls(**ref_args).get_config()
    except Exception:  # noqa: BLE001  (a layer that cannot be built bare: show everything)
        ref = {}
    parts = []
    for key in required:
        if key == "layer":
            parts.append(layer_call(layer.layer, with_name=False))
        else:
            parts.append(_literal(config[key]))
    for key, value in config.items():
        if key in required or key in _SKIP or key == "name":
            continue
        if key in ref and ref[key] == value and key not in _ALWAYS:
            continue
        if key == "backward_layer":
            fwd, bwd = dict(layer.forward_layer.get_config()), dict(layer.backward_layer.get_config())
            fwd.pop("name"), bwd.pop("name")
            fwd["go_backwards"] = not fwd["go_backwards"]
            if fwd != bwd:  # only a backward layer that differs from the automatic one
                parts.append(f"backward_layer={layer_call(layer.backward_layer, with_name=False)}")
            continue
        module = next((m for s, m in _MODULES.items() if key.endswith(s)), None)
        if key == "activity_regularizer":
            module = "keras.regularizers"
        if isinstance(value, dict) and key.endswith("activation"):
            value = value.get("class_name")  # Keras takes activations by name
        parts.append(f"{key}={_object(value, module) if module else _literal(value)}")
    if with_name:
        parts.append(f"name={layer.name!r}")
    return f"layers.{cls.__name__}({', '.join(parts)})"


def _var(name: str, used: set) -> str:
    v = re.sub(r"\W", "_", name)
    if not v or v[0].isdigit() or keyword.iskeyword(v):
        v = f"t_{v}"
    base, i = v, 1
    while v in used:
        v = f"{base}_{i}"
        i += 1
    used.add(v)
    return v


def _input_line(layer) -> str:
    shape = tuple(layer._batch_input_shape[1:])
    extra = f", dtype={layer.dtype!r}" if layer.dtype and layer.dtype != "float32" else ""
    return f"keras.Input(shape={shape!r}{extra}, name={layer.name!r})"


def _is_nested(layer) -> bool:
    return hasattr(layer, "share_weights_with") and getattr(layer, "model", None) is not None


def architecture_lines(model, target="model", used=None) -> list:
    """The lines that build ``model`` into variable ``target``. A model used as a layer is built
    first into its own variable; a shared layer is made once and called once per call."""
    from ..models.graph import call_of, calls_by_layer
    from ..models.sequential import Sequential

    nodes = model_nodes(model)
    used = used if used is not None else {"model", "keras", "layers", "np", "weights", "os"}
    lines: list = []
    made: dict = {}  # id(layer) -> the variable holding a nested model or a shared layer

    def nested_var(layer):
        if id(layer) not in made:
            v = _var(layer.name, used)
            lines.extend(architecture_lines(layer.model, v, used))
            made[id(layer)] = v
        return made[id(layer)]

    if isinstance(model, Sequential):
        items = [nested_var(n.layer) if _is_nested(n.layer) else layer_call(n.layer) for n in nodes[1:]]
        lines += [f"{target} = keras.Sequential(", "    [", f"        {_input_line(model._input_layer)},"]
        lines += [f"        {item}," for item in items]
        lines += ["    ],", f"    name={model.name!r},", ")"]
        return lines
    calls, call_index = calls_by_layer(nodes)
    var: dict = {}  # (layer name, call) -> the variable holding that call's output(s)

    def ref(t):
        name, idx = tensor_ref(t)
        producer = t._keras_history[0]
        v = var[(name, call_of(t, call_index))]
        return f"{v}[{idx}]" if len(producer._inbound_nodes[t._keras_history[1]].outputs) > 1 else v

    for node in nodes:
        layer = node.layer
        call = call_index[id(node)]
        v = _var(layer.name if call == 0 else f"{layer.name}_{call}", used)
        var[(layer.name, call)] = v
        if type(layer).__name__ == "InputLayer":
            lines.append(f"{v} = {_input_line(layer)}")
            continue
        refs = [ref(t) for t in node.inputs]
        arg = f"[{', '.join(refs)}]" if layer.num_inputs != 1 else refs[0]
        if _is_nested(layer):
            fn = nested_var(layer)
        elif len(calls[id(layer)]) > 1:  # a shared layer: one object, called once per call
            if id(layer) not in made:
                made[id(layer)] = _var(f"{layer.name}_layer", used)
                lines.append(f"{made[id(layer)]} = {layer_call(layer)}")
            fn = made[id(layer)]
        else:
            fn = layer_call(layer)
        lines.append(f"{v} = {fn}({arg})")

    def out(tensors):
        items = [ref(t) for t in tensors]
        return items[0] if len(items) == 1 else f"[{', '.join(items)}]"

    lines.append(f"{target} = keras.Model(inputs={out(model.inputs)}, outputs={out(model.outputs)}, "
                 f"name={model.name!r})")
    return lines


def _loss_or_metric(obj, module) -> str:
    if isinstance(obj, str) or obj is None:
        return _literal(obj)
    cfg = dict(obj.get("config") or {})
    name = cfg.pop("name", None)
    cfg.pop("reduction", None) if cfg.get("reduction") == "sum_over_batch_size" else None
    defaults = {"from_logits": False, "label_smoothing": 0.0, "axis": -1}
    if name and all(defaults.get(k, object()) == v for k, v in cfg.items()):
        return repr(name)
    return _object({"class_name": obj["class_name"], "config": cfg}, module)


def compile_lines(model) -> list:
    from .. import optimizers

    cc = getattr(model, "_compile_config", None)
    if not cc:
        return ["# the model was not compiled in netbuilder: choose an optimizer and a loss",
                "# model.compile(optimizer='rmsprop', loss='mse')"]
    opt = cc["optimizer"]
    ref = optimizers.get(opt["class_name"]).get_config() if isinstance(opt, dict) else {}
    if isinstance(opt, dict):
        args = [f"{k}={_literal(v)}" for k, v in opt["config"].items() if k != "name" and ref.get(k, object()) != v]
        opt_s = f"keras.optimizers.{opt['class_name']}({', '.join(args)})"
    else:
        opt_s = _literal(opt)
    losses = [_loss_or_metric(l, "keras.losses") for l in cc.get("loss") or []]
    loss_s = losses[0] if len(losses) == 1 else f"[{', '.join(losses)}]"
    metrics = [[_loss_or_metric(m, "keras.metrics") for m in ms] for ms in cc.get("metrics") or []]
    lines = ["model.compile(", f"    optimizer={opt_s},", f"    loss={loss_s},"]
    if len(metrics) == 1 and metrics[0]:
        lines.append(f"    metrics=[{', '.join(metrics[0])}],")
    elif len(metrics) > 1 and any(metrics):
        lines.append(f"    metrics=[{', '.join('[' + ', '.join(m) + ']' for m in metrics)}],")
    weights = cc.get("loss_weights")
    if weights and any(w != 1.0 for w in weights):
        lines.append(f"    loss_weights={weights!r},")
    return lines + [")"]


def _keras_weights(layer) -> list:
    """``layer.get_weights()`` as Keras orders it: ``params`` order, and for a model used as a
    layer its layers in Keras's order (``keras_config.keras_layer_order``)."""
    if _is_nested(layer):
        from .keras_config import keras_layer_order

        return [w for sub in keras_layer_order(layer.model) for w in _keras_weights(sub)]
    return list(layer.params.values())


def weight_arrays(model) -> dict:
    """``{"<layer>/<i>": array}`` in Keras's per-layer weight order (netbuilder's ``params`` order)."""
    out = {}
    for layer in model.layers:
        for i, w in enumerate(_keras_weights(layer)):
            out[f"{layer.name}/{i}"] = np.asarray(B.to_numpy(w), dtype=np.float32)
    return out


def script_text(model, weights_file: str, training: dict | None = None) -> str:
    """The script's text; ``weights_file`` is the ``.npz`` name it loads (relative to the script)."""
    training = training or {}
    bs, epochs = training.get("batch_size", 32), training.get("epochs", 10)
    vs = training.get("validation_split")
    lines = [
        f'"""Keras 3 script exported by netbuilder: model {model.name!r}.',
        "",
        "Rebuilds the architecture, compiles it as configured in netbuilder and loads the trained",
        f"weights from {weights_file!r} (kept beside this file). Needs: pip install keras numpy",
        '"""',
        "",
        "import os",
        "",
        "import keras",
        "import numpy as np",
        "from keras import layers",
        "",
        "# ---- architecture",
        *architecture_lines(model),
        "",
        "# ---- training configuration",
        *compile_lines(model),
        "",
        "",
        "def load_netbuilder_weights(model, path):",
        '    """Set each layer\'s weights from the "<layer name>/<index>" arrays of ``path``."""',
        "    by_layer = {}",
        "    with np.load(path, allow_pickle=False) as data:",
        "        for key in data.files:",
        '            name, index = key.rsplit("/", 1)',
        "            by_layer.setdefault(name, {})[int(index)] = data[key]",
        "    for name, arrays in by_layer.items():",
        "        model.get_layer(name).set_weights([arrays[i] for i in range(len(arrays))])",
        "",
        "",
        f"load_netbuilder_weights(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), {weights_file!r}))",
        "model.summary()",
        "",
        "# ---- continue training on your own data:",
        "# x_train, y_train = ...",
        f"# history = model.fit(x_train, y_train, batch_size={bs}, epochs={epochs}"
        + (f", validation_split={vs}" if vs else "") + ")",
        "",
    ]
    return "\n".join(lines)


def export_script(model, filepath, training: dict | None = None) -> tuple[str, str]:
    """Write the script to ``filepath`` and the weights to ``<stem>.weights.npz`` beside it.

    Returns ``(script path, weights path)``. ``training`` may give ``batch_size``, ``epochs``
    and ``validation_split`` for the commented ``fit`` call.
    """
    from ..models.saving import atomic_write

    filepath = os.fspath(filepath)
    if not model.built:
        raise ExportError("the model is not built: give it an input shape first", code="export_unbuilt")
    stem = os.path.splitext(os.path.basename(filepath))[0]
    weights_name = f"{stem}.weights.npz"
    weights_path = os.path.join(os.path.dirname(os.path.abspath(filepath)), weights_name)
    text = script_text(model, weights_name, training)
    buf = io.BytesIO()
    np.savez(buf, **weight_arrays(model))
    atomic_write(weights_path, lambda f: f.write(buf.getvalue()))
    atomic_write(filepath, lambda f: f.write(text.encode("utf-8")))
    return filepath, weights_path
