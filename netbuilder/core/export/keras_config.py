"""netbuilder model configs ↔ Keras 3 serialized configs (``config.json`` of a ``.keras`` file).

netbuilder's layer configs already use Keras 3's class names and argument names; Keras 3 adds
``"module"``/``"registered_name"`` around every object, a ``build_config`` per layer and, for
functional models, ``inbound_nodes`` made of ``__keras_tensor__`` references.

``keras_layer_order`` reproduces the order of Keras's ``model.layers`` (Keras's ``map_graph``:
by decreasing depth, ties broken by first visit in a depth-first walk from the outputs), which
fixes the weight paths ``layers/<snake_case class>[_<n>]/vars/<i>`` in ``model.weights.h5``.
"""

from __future__ import annotations

from ..registry import LAYERS, to_snake_case
from ._common import ExportError, tensor_ref

_MODULES = {"_initializer": "keras.initializers", "_regularizer": "keras.regularizers",
            "_constraint": "keras.constraints"}
# arguments Keras 3 writes that netbuilder layers do not take (all inference-neutral)
_DROP_ON_IMPORT = {"lora_rank", "lora_alpha", "quantization_config", "sparse", "ragged", "optional",
                   "autocast", "input_length", "build_config"}


def _wrap(obj, module):
    if isinstance(obj, dict) and "class_name" in obj:
        return {"module": module, "class_name": obj["class_name"], "config": obj.get("config") or {},
                "registered_name": None}
    return obj


def layer_to_keras(class_name: str, config: dict, build_shape=None) -> dict:
    """One layer entry in Keras 3 format."""
    cfg = {}
    for key, value in config.items():
        if key == "batch_input_shape":
            continue  # the InputLayer carries the shape
        if key in ("activation", "recurrent_activation") and isinstance(value, dict):
            raise ExportError(f"layer {config.get('name')!r}: activation {value.get('class_name')!r} "
                              "with non-default parameters has no Keras config form; use an "
                              "Activation layer with the default parameters", code="keras_activation",
                              layer=config.get("name"))
        if key in ("layer", "backward_layer") and isinstance(value, dict) and "class_name" in value:
            value = layer_to_keras(value["class_name"], value.get("config") or {}, build_shape)
        for suffix, module in _MODULES.items():
            if key.endswith(suffix) or (suffix == "_regularizer" and key == "activity_regularizer"):
                value = _wrap(value, module)
        cfg[key] = value
    if class_name == "InputLayer":
        cfg["dtype"] = cfg.get("dtype") or "float32"
        cfg.setdefault("sparse", False)
    elif "dtype" not in cfg:
        cfg["dtype"] = "float32"
    entry = {"module": "keras.layers", "class_name": class_name, "config": cfg, "registered_name": None}
    if build_shape is not None and class_name != "InputLayer":
        entry["build_config"] = {"input_shape": build_shape}
    return entry


def _shape_json(shape):
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def _tensor_json(t, call_index):
    from ..models.graph import call_of

    name, idx = tensor_ref(t)
    return {"class_name": "__keras_tensor__", "config": {"shape": list(t.shape), "dtype": t.dtype or "float32",
                                                         "keras_history": [name, call_of(t, call_index), idx]}}


def _nested_to_keras(layer, build_shape=None) -> dict:
    """A model used as a layer: its whole Keras config, as Keras nests it."""
    entry = model_to_keras(layer.model)
    if build_shape is not None and entry["class_name"] == "Sequential":
        entry["build_config"] = {"input_shape": build_shape}
    return entry


def _entry(layer, build_shape=None) -> dict:
    if getattr(layer, "model", None) is not None and hasattr(layer, "share_weights_with"):
        return _nested_to_keras(layer, build_shape)
    return layer_to_keras(type(layer).__name__, layer.get_config(), build_shape)


def model_to_keras(model) -> dict:
    """The Keras 3 serialized form of ``model`` (without ``compile_config``); a shared layer has
    one ``inbound_nodes`` entry per call, a model used as a layer its whole config."""
    from ..models.graph import calls_by_layer
    from ..models.sequential import Sequential

    layers = []
    if isinstance(model, Sequential):
        inp = model._input_layer
        layers.append(layer_to_keras("InputLayer", inp.get_config()))
        for node in model._nodes[1:]:
            shape = _shape_json([t.shape for t in node.inputs] if len(node.inputs) > 1 else node.inputs[0].shape)
            layers.append(_entry(node.layer, shape))
        return {"module": "keras", "class_name": "Sequential",
                "config": {"name": model.name, "trainable": model.trainable, "dtype": "float32",
                           "layers": layers},
                "registered_name": None, "build_config": {"input_shape": list(inp._batch_input_shape)}}
    calls, call_index = calls_by_layer(model._nodes)
    for nodes in calls.values():
        layer = nodes[0].layer
        if type(layer).__name__ == "InputLayer":
            entry = layer_to_keras("InputLayer", layer.get_config())
            entry["inbound_nodes"] = []
        else:
            multi = layer.num_inputs != 1
            first = nodes[0]
            entry = _entry(layer, _shape_json([t.shape for t in first.inputs] if multi else first.inputs[0].shape))
            entry["inbound_nodes"] = [
                {"args": [[_tensor_json(t, call_index) for t in n.inputs]] if multi
                 else [_tensor_json(n.inputs[0], call_index)], "kwargs": {}} for n in nodes]
        entry["name"] = layer.name
        layers.append(entry)

    def refs(tensors):
        out = [[tensor_ref(t)[0], _tensor_json(t, call_index)["config"]["keras_history"][1], tensor_ref(t)[1]]
               for t in tensors]
        return out[0] if len(out) == 1 else out

    return {"module": "keras.src.models.functional", "class_name": "Functional",
            "config": {"name": model.name, "trainable": model.trainable, "layers": layers,
                       "input_layers": refs(model.inputs), "output_layers": refs(model.outputs)},
            "registered_name": "Functional", "build_config": {"input_shape": None}}


def keras_layer_order(model) -> list:
    """``model.layers`` in Keras 3's order (``models.graph.keras_order``; a Sequential's own list)."""
    from ..models.graph import keras_order
    from ..models.sequential import Sequential

    if isinstance(model, Sequential):
        return list(model.layers)
    return keras_order(model.outputs)


def container_paths(layers: list, prefix="layers") -> list:
    """Keras's paths of a list of layers: snake_case class name, ``_1``, ``_2`` ... on repeats."""
    used: dict[str, int] = {}
    out = []
    for layer in layers:
        name = to_snake_case(type(layer).__name__)
        if name in used:
            used[name] += 1
            name = f"{name}_{used[name]}"
        else:
            used[name] = 0
        out.append(f"{prefix}/{name}")
    return out


def weight_groups(layer, path: str) -> list:
    """``[(h5 group path, [arrays in Keras's variable order])]`` for one layer.

    Recurrent layers keep their weights in ``cell``; ``Bidirectional`` in ``forward_layer`` and
    ``backward_layer``; ``TimeDistributed`` in ``layer``.
    """
    cls = type(layer).__name__
    if getattr(layer, "model", None) is not None and hasattr(layer, "share_weights_with"):
        inner = keras_layer_order(layer.model)  # a model used as a layer: its own layers below it
        return [g for sub, p in zip(inner, container_paths(inner, prefix=f"{path}/layers"))
                for g in weight_groups(sub, p)]
    if cls == "Bidirectional":
        return (weight_groups(layer.forward_layer, f"{path}/forward_layer")
                + weight_groups(layer.backward_layer, f"{path}/backward_layer"))
    if cls == "TimeDistributed":
        return weight_groups(layer.layer, f"{path}/layer")
    if cls in ("SimpleRNN", "LSTM", "GRU"):
        return [(f"{path}/cell/vars", list(layer.params.values()))]
    trainable = [w for k, w in layer.params.items() if k in layer._trainable_keys]
    frozen = [w for k, w in layer.params.items() if k not in layer._trainable_keys]
    return [(f"{path}/vars", trainable + frozen)]


# ----------------------------------------------------------------------------- import
_NEW_INIT_ARGS = {"input_axes", "output_axes"}


def _strip(obj):
    """Keras 3 serialized objects → netbuilder's ``{"class_name", "config"}`` form."""
    if isinstance(obj, dict):
        if obj.get("class_name") == "__keras_tensor__":
            return obj
        if "class_name" in obj and "config" in obj:
            if obj.get("module") == "keras" and obj["class_name"] in ("DTypePolicy", "FloatDTypePolicy"):
                return (obj.get("config") or {}).get("name")
            config = _strip(obj["config"])
            if obj.get("module") == "keras.initializers" and isinstance(config, dict):
                # newer Keras (3.12+) writes the einsum axes of VarianceScaling; unset, they change nothing
                config = {k: v for k, v in config.items() if not (k in _NEW_INIT_ARGS and v is None)}
            return {"class_name": obj["class_name"], "config": config}
        return {k: _strip(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def layer_from_keras(entry: dict) -> dict:
    """A Keras 3 layer entry → netbuilder ``{"class_name", "config"}`` (names checked)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise ExportError(f"a layer entry of the Keras file is not an object with a class_name: {entry!r:.80}",
                          code="keras_bad_entry")
    cls = entry["class_name"]
    raw = entry.get("config") or {}
    if not isinstance(raw, dict):
        raise ExportError(f"layer {cls}: its config is not an object", code="keras_bad_entry")
    if cls in ("Functional", "Sequential", "Model"):  # a model used as a layer
        return model_from_keras(entry)
    if cls not in LAYERS:
        raise ExportError(f"the Keras model uses layer {raw.get('name', cls)!r} of type {cls}, which "
                          "netbuilder does not support", code="keras_unsupported_layer",
                          layer=raw.get("name"), class_name=cls)
    cfg = {k: v for k, v in _strip(raw).items() if k not in _DROP_ON_IMPORT}
    if isinstance(cfg.get("dtype"), dict) or cls != "InputLayer":
        cfg.pop("dtype", None)
    for key in ("layer", "backward_layer"):
        if isinstance(raw.get(key), dict):
            cfg[key] = layer_from_keras(raw[key])
    return {"class_name": cls, "config": cfg}


def _ref_from_history(hist) -> object:
    """Keras's ``[layer, node_index, tensor_index]`` → netbuilder's reference (``models.config``)."""
    name, call, idx = hist[0], int(hist[1]), int(hist[2])
    if call:
        return [name, idx, call]
    return name if idx == 0 else [name, idx]


def model_from_keras(config: dict) -> dict:
    """A Keras 3 ``config.json`` → a netbuilder model config for ``model_from_config``."""
    if not isinstance(config, dict) or config.get("class_name") not in ("Sequential", "Functional", "Model"):
        raise ExportError("config.json does not describe a Keras Sequential or Functional model "
                          f"(class_name {config.get('class_name') if isinstance(config, dict) else None!r})",
                          code="keras_bad_model")
    inner = config.get("config") or {}
    entries = inner.get("layers")
    if not isinstance(entries, list):
        raise ExportError("config.json has no layer list", code="keras_bad_model")
    if config["class_name"] == "Sequential":
        layers = [layer_from_keras(e) for e in entries]
        if layers and layers[0]["class_name"] != "InputLayer":
            shape = (config.get("build_config") or {}).get("input_shape") or inner.get("build_input_shape")
            if shape:
                layers.insert(0, {"class_name": "InputLayer", "config": {"batch_shape": shape}})
        return {"class_name": "Sequential", "config": {"name": inner.get("name"), "layers": layers}}
    out = []
    for e in entries:
        item = layer_from_keras(e)
        name = e.get("name") or item["config"].get("name")
        item["config"]["name"] = name
        calls = []
        for call in e.get("inbound_nodes") or []:
            refs = []
            for arg in (call.get("args") or []) if isinstance(call, dict) else []:
                for t in arg if isinstance(arg, list) else [arg]:
                    hist = (t.get("config") or {}).get("keras_history") if isinstance(t, dict) else None
                    if not (isinstance(hist, list) and len(hist) == 3 and isinstance(hist[0], str)):
                        raise ExportError(f"layer {name!r}: an input reference is damaged", code="keras_bad_ref",
                                          layer=name)
                    refs.append(_ref_from_history(hist))
            calls.append(refs)
        item = {"name": name, "class_name": item["class_name"], "config": item["config"],
                "inputs": calls[0] if calls else []}
        if len(calls) > 1:  # a shared layer: one inbound node per call
            item["calls"] = calls[1:]
        out.append(item)

    def io(value):
        if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
            value = [value]
        if isinstance(value, dict):
            value = list(value.values())
        return [_ref_from_history(v) for v in value or []]

    return {"class_name": "Functional", "config": {"name": inner.get("name"), "layers": out,
                                                   "inputs": io(inner.get("input_layers")),
                                                   "outputs": io(inner.get("output_layers"))}}
