"""Model configs: plain JSON-able data ↔ models, and shape analysis of a config for the canvas.

The functional config is ``{"class_name": "Functional", "config": {"name", "layers": [{"name",
"class_name", "config", "inputs": [names]}], "inputs": [names], "outputs": [names]}}``; an input
reference is a layer name, or ``[name, index]`` for a layer's second, third ... output. A shared
layer (called several times) lists its later calls' inputs in ``"calls": [[refs], ...]``, and
``[name, index, call]`` refers to the output of its call number ``call`` (1, 2, ...), like Keras's
``[name, node_index, tensor_index]``. A model used as a layer is an entry of class
``"Functional"`` or ``"Sequential"`` whose config is that model's config.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ConfigError, GraphError, NetbuilderError
from ..layers.base import InputLayer
from ..layers.limits import check_output_size, shape_only_weights
from .. import registry
from ..registry import LAYERS


def _layer_from_entry(entry: dict):
    """Instantiate one layer entry; every failure is a ``ConfigError`` naming the entry's layer."""
    if not isinstance(entry, dict) or "class_name" not in entry:
        raise ConfigError(f"a layer entry must be a dict with 'class_name', got {entry!r:.80}",
                          code="bad_layer_entry")
    cls_name = entry["class_name"]
    config = entry.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(f"config of layer {cls_name} must be a dict", code="bad_layer_entry",
                          layer=entry.get("name"))
    config = dict(config)
    if isinstance(entry.get("name"), str) and entry["name"]:
        config["name"] = entry["name"]  # the entry's name is the one the wiring refers to
    name = config.get("name") if isinstance(config.get("name"), str) else None
    if cls_name in _NESTED:
        from . import nested  # noqa: PLC0415

        return getattr(nested, _NESTED[cls_name]).from_config(config)
    if not isinstance(cls_name, str) or cls_name not in LAYERS:
        try:
            LAYERS.canonical(cls_name)  # the "Unknown layer identifier ... Did you mean" message
            message = f"unknown layer type {cls_name!r}"
        except (ValueError, TypeError, KeyError) as exc:
            message = str(exc)
        raise ConfigError(f"layer {name!r}: {message}", code="unknown_layer", layer=name,
                          class_name=str(cls_name))
    try:
        return LAYERS.lookup(cls_name).from_config(config)
    except NetbuilderError as exc:
        if exc.layer is None:
            exc.layer = name
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise ConfigError(f"layer {name!r} ({cls_name}): {exc}", code="bad_layer_args",
                          layer=name) from exc


#: entry class names of a model used as a layer → the layer class in ``models.nested``
_NESTED = {"Functional": "Functional", "Model": "Functional", "Sequential": "Sequential"}


def _ref3(ref) -> tuple:
    """``(name, output index, call index)`` of an input reference."""
    name, idx = _ref(ref)
    call = ref[2] if isinstance(ref, (list, tuple)) and len(ref) > 2 else 0
    if not isinstance(call, int) or isinstance(call, bool) or call < 0:
        raise ConfigError(f"bad tensor reference {ref!r}", code="bad_ref")
    return name, idx, call


def call_order(entries: list) -> list:
    """``[(entry, call, refs)]``: every call of every layer entry, each after the calls whose
    outputs it reads and after the same layer's earlier calls; ``GraphError`` on cycles, unknown
    references or duplicate names."""
    by_name = _entries_by_name(entries)
    calls = {}
    for name, e in by_name.items():
        more = e.get("calls") or []
        if not isinstance(more, list) or not all(isinstance(c, list) for c in more):
            raise ConfigError(f"layer {name!r}: 'calls' must be a list of input lists", code="bad_layer_entry",
                              layer=name)
        calls[name] = [e.get("inputs") or []] + more
    order, state = [], {}

    def visit(key, path):
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cyc = [n for n, _ in path[path.index(key):]] + [key[0]]
            raise GraphError(f"the graph has a cycle: {' -> '.join(cyc)}", code="cycle", layer=key[0],
                             cycle=" -> ".join(cyc))
        state[key] = 1
        name, k = key
        deps = [(name, k - 1)] if k else []
        for ref in calls[name][k]:
            parent, _, call = _ref3(ref)
            if parent not in by_name:
                raise GraphError(f"layer {name!r} is connected to {parent!r}, which does not exist",
                                 code="unknown_ref", layer=name, ref=parent)
            if call >= len(calls[parent]):
                raise GraphError(f"layer {name!r} reads call {call} of {parent!r}, which has "
                                 f"{len(calls[parent])} call(s)", code="bad_ref", layer=name)
            deps.append((parent, call))
        for dep in deps:
            visit(dep, path + [key])
        state[key] = 2
        order.append((by_name[name], k, calls[name][k]))

    for name in by_name:
        for k in range(len(calls[name])):
            visit((name, k), [])
    return order


def _ref(ref):
    if isinstance(ref, str):
        return ref, 0
    if isinstance(ref, (list, tuple)) and len(ref) >= 1 and isinstance(ref[0], str):
        idx = ref[1] if len(ref) > 1 else 0
        if not isinstance(idx, int) or idx < 0:
            raise ConfigError(f"bad tensor reference {ref!r}", code="bad_ref")
        return ref[0], idx
    raise ConfigError(f"bad tensor reference {ref!r}: expected a layer name", code="bad_ref")


def _entries_by_name(entries: list) -> dict:
    """``{name: entry}``; ``ConfigError`` for an entry without a name, ``GraphError`` for a name used twice."""
    by_name = {}
    for e in entries:
        name = (e.get("name") or (e.get("config") or {}).get("name"))
        if not name:
            raise ConfigError("every layer entry needs a name", code="bad_layer_entry")
        if name in by_name:
            raise GraphError(f"two layers are named {name!r}", code="duplicate_name", layer=name)
        by_name[name] = e
    return by_name


def topological_entries(entries: list) -> list:
    """Entries ordered parents first; ``GraphError`` on cycles, unknown refs or duplicate names."""
    by_name = _entries_by_name(entries)
    order, state = [], {}

    def visit(name, path):
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cyc = path[path.index(name):] + [name]
            raise GraphError(f"the graph has a cycle: {' -> '.join(cyc)}", code="cycle", layer=name,
                             cycle=" -> ".join(cyc))
        state[name] = 1
        for ref in by_name[name].get("inputs", []) or []:
            parent, _ = _ref(ref)
            if parent not in by_name:
                raise GraphError(f"layer {name!r} is connected to {parent!r}, which does not exist",
                                 code="unknown_ref", layer=name, ref=parent)
            visit(parent, path + [name])
        state[name] = 2
        order.append(by_name[name])

    for e in entries:
        visit(e.get("name") or e["config"]["name"], [])
    return order


def build_functional(config: dict, cls=None):
    """A functional ``Model`` from its config (see the module docstring)."""
    from .functional import Model  # noqa: PLC0415

    cls = cls or Model
    entries = config.get("layers")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("model config has no 'layers' list", code="no_layers")
    tensors: dict[tuple, list] = {}  # (layer name, call) -> output tensors
    made: dict[int, object] = {}  # id(entry) -> its layer
    for entry, call, refs in call_order(entries):
        layer = made.get(id(entry))
        if layer is None:
            layer = made[id(entry)] = _layer_from_entry(entry)
        if isinstance(layer, InputLayer):
            tensors[(layer.name, 0)] = [layer._inbound_nodes[0].outputs[0]]
            continue
        if not refs:
            raise GraphError(f"layer {layer.name!r} has no input: connect it", code="no_input", layer=layer.name)
        ins = []
        for ref in refs:
            name, idx, k = _ref3(ref)
            if idx >= len(tensors[(name, k)]):
                raise GraphError(f"layer {name!r} has no output #{idx}", code="bad_ref", layer=layer.name)
            ins.append(tensors[(name, k)][idx])
        out = layer(ins if len(ins) > 1 or layer.num_inputs != 1 else ins[0])
        tensors[(layer.name, call)] = out if isinstance(out, list) else [out]

    def pick(refs, what):
        out = []
        for ref in refs or []:
            name, idx, k = _ref3(ref)
            if (name, k) not in tensors:
                raise GraphError(f"model {what} {name!r} is not a layer of the model", code="unknown_ref",
                                 layer=name)
            out.append(tensors[(name, k)][idx])
        if not out:
            raise GraphError(f"the model has no {what}s", code=f"no_{what}s")
        return out

    inputs = pick(config.get("inputs"), "input")
    outputs = pick(config.get("outputs"), "output")
    keys = config.get("output_keys")
    outs = dict(zip(keys, outputs)) if keys else (outputs[0] if len(outputs) == 1 else outputs)
    ins = inputs[0] if len(inputs) == 1 else inputs
    return cls(inputs=ins, outputs=outs, name=config.get("name"), trainable=config.get("trainable", True))


def build_sequential(config: dict, cls=None):
    """A ``Sequential`` from ``{"name", "layers": [{"class_name", "config"}]}``."""
    from .sequential import Sequential  # noqa: PLC0415

    cls = cls or Sequential
    entries = config.get("layers")
    if not isinstance(entries, list):
        raise ConfigError("Sequential config has no 'layers' list", code="no_layers")
    model = cls(name=config.get("name"), trainable=config.get("trainable", True))
    for entry in entries:
        model.add(_layer_from_entry(entry))
    return model


def serialize_model(model) -> dict:
    """``{"class_name": "Sequential"|"Functional", "config": model.get_config()}``."""
    from .sequential import Sequential  # noqa: PLC0415

    name = "Sequential" if isinstance(model, Sequential) else "Functional"
    return registry.serialize(model, class_name=name)


def model_from_config(config: dict, custom_objects=None):
    """Rebuild a model from ``serialize_model`` output (``{"class_name", "config"}``)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ConfigError("model config must be a dict with 'class_name' and 'config'", code="bad_model_config")
    kind = config["class_name"]
    inner = config.get("config") or {}
    if kind == "Sequential":
        return build_sequential(inner)
    if kind in ("Functional", "Model"):
        return build_functional(inner)
    raise ConfigError(f"unknown model class {kind!r}: expected 'Sequential' or 'Functional'",
                      code="bad_model_class", value=kind)


@dataclass
class GraphReport:
    """What the canvas shows: per-layer output shapes and parameter counts, and per-layer errors."""

    shapes: dict = field(default_factory=dict)  # layer name -> output shape (tuple or list of tuples)
    params: dict = field(default_factory=dict)  # layer name -> parameter count
    errors: dict = field(default_factory=dict)  # layer name -> NetbuilderError/ValueError
    graph_errors: list = field(default_factory=list)  # errors not tied to one layer
    #: (layer name, call) -> output shape of each call (a shared layer has several; ``shapes`` has the last)
    call_shapes: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.graph_errors

    @property
    def total_params(self) -> int:
        return int(sum(self.params.values()))


def analyze_config(config: dict) -> GraphReport:
    """Infer every layer's output shape from a functional config without raising.

    Each layer is checked on its own, so several faults are reported at once: a layer whose
    inputs are unknown (because an upstream layer failed) is skipped, not blamed. Cycles, unknown
    references and layers not connected to an input or an output are reported per layer.
    """
    report = GraphReport()
    entries = config.get("layers") or []
    try:
        ordered = call_order(entries)
    except NetbuilderError as exc:
        if exc.layer:
            report.errors[exc.layer] = exc
        else:
            report.graph_errors.append(exc)
        return report
    shapes: dict[tuple, list] = {}  # (layer name, call) -> output shapes
    made: dict[int, object] = {}  # id(entry) -> its layer
    for entry, call, refs in ordered:
        name = entry.get("name") or entry["config"]["name"]
        if name in report.errors:
            continue
        try:
            layer = made.get(id(entry))
            if layer is None:
                with shape_only_weights():  # a nested model's layers are built here: no real weights
                    layer = made[id(entry)] = _layer_from_entry(entry)
        except (ValueError, TypeError) as exc:
            report.errors[name] = exc
            continue
        try:
            if isinstance(layer, InputLayer):
                shape = layer._batch_input_shape
            else:
                if not refs:
                    raise GraphError(f"layer {name!r} has no input: connect it", code="no_input", layer=name)
                ins = []
                for ref in refs:
                    pname, idx, k = _ref3(ref)
                    if (pname, k) not in shapes:
                        raise _Skip()
                    ins.append(shapes[(pname, k)][idx])
                arg = ins if (len(ins) > 1 or layer.num_inputs != 1) else ins[0]
                if layer.num_inputs == 1 and len(ins) > 1:
                    raise GraphError(f"layer {name!r} ({type(layer).__name__}) takes one input, got {len(ins)}; "
                                     "use a merge layer to combine tensors", code="too_many_inputs", layer=name)
                if layer.num_inputs is None and len(ins) < 2:
                    raise GraphError(f"merge layer {name!r} needs two or more inputs, got {len(ins)}",
                                     code="merge_needs_two", layer=name)
                shape = layer.compute_output_shape(arg)
                check_output_size(name, shape, layer.dtype)
                with shape_only_weights():
                    if layer.built and call:  # a shared layer's later call must fit its weights
                        from ..layers.sharing import check_shared_call  # noqa: PLC0415

                        check_shared_call(layer, arg)
                    layer._build_once(arg)
                report.params[name] = layer.count_params()
            shapes[(name, call)] = shape if isinstance(shape, list) else [shape]
            report.shapes[name] = shape
            report.call_shapes[(name, call)] = shape
        except _Skip:
            continue
        except (ValueError, TypeError, MemoryError) as exc:
            report.errors[name] = exc
    _check_connectivity(config, entries, report)
    _check_endpoints(config, entries, report)
    return report


def _check_endpoints(config, entries, report) -> None:
    """The build needs at least one input and one output, each naming a layer of the graph."""
    names = {e.get("name") or e["config"]["name"] for e in entries}
    for what in ("input", "output"):
        refs = config.get(what + "s") or []
        if not refs:
            report.graph_errors.append(GraphError(f"the model has no {what}s", code=f"no_{what}s"))
        for ref in refs:
            try:
                name, _ = _ref(ref)
            except ConfigError as exc:
                report.graph_errors.append(exc)
                continue
            if name not in names:
                report.graph_errors.append(GraphError(f"model {what} {name!r} is not a layer of the model",
                                                      code="unknown_ref", ref=name))


class _Skip(Exception):
    pass


def _check_connectivity(config, entries, report) -> None:
    names = [e.get("name") or e["config"]["name"] for e in entries]
    children: dict[str, list] = {n: [] for n in names}
    parents: dict[str, list] = {n: [] for n in names}
    for e in entries:
        n = e.get("name") or e["config"]["name"]
        for ref in [r for call in [e.get("inputs") or []] + list(e.get("calls") or []) for r in call]:
            p, _ = _ref(ref)
            children.setdefault(p, []).append(n)
            parents[n].append(p)
    outputs = [_ref(r)[0] for r in config.get("outputs") or []]
    if not outputs:
        outputs = [n for n in names if not children[n]]

    def reach(starts, edges):
        seen, stack = set(), list(starts)
        while stack:
            n = stack.pop()
            if n in seen or n not in edges:
                continue
            seen.add(n)
            stack.extend(edges[n])
        return seen

    inputs = [e.get("name") or e["config"]["name"] for e in entries if e.get("class_name") == "InputLayer"]
    from_inputs = reach(inputs, children)
    to_outputs = reach(outputs, parents)
    for n in names:
        if n in report.errors:
            continue
        if n not in from_inputs:
            report.errors[n] = GraphError(f"layer {n!r} is not connected to an Input", code="not_from_input",
                                          layer=n)
        elif n not in to_outputs:
            report.errors[n] = GraphError(f"layer {n!r} does not lead to the model's output",
                                          code="not_to_output", layer=n)
