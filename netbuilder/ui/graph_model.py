"""The document behind the canvas: layer nodes, their connections and positions.

A ``GraphDocument`` holds plain data only (no graphics items): each node has a unique name, a
layer class name, its constructor config and a canvas position; each node's ``inputs`` list
names its parents in order (a merge layer has several). It produces the core's functional config
(``Model.get_config()`` format) and emits what changed after every edit (several edits in a
:meth:`GraphDocument.batch`: once, at its end):

- ``nodesMoved``: positions only; the network is the same (a drag, its undo, an auto-layout that
  kept everything else);
- ``configChanged``: a layer's arguments (same layers, same connections);
- ``topologyChanged``: layers added, removed or renamed, connections or model outputs changed;
- ``modelChanged``: after ``configChanged`` or ``topologyChanged``, the network itself differs
  (what shape inference, the Keras code view and training follow);
- ``changed``: after every edit, whatever it was (the canvas follows it); ``last_change`` is the
  set of kinds (:data:`MOVED`, :data:`CONFIG`, :data:`TOPOLOGY`) it carried.

Edits from the user go through ``ui.commands`` so they can be undone.
"""

from __future__ import annotations

import copy
import inspect
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from netbuilder.core.registry import LAYERS, to_snake_case

from . import sharing

#: Starting values for constructor arguments that have no default, so a dropped layer is valid.
STARTER_ARGS = {
    "units": 32, "filters": 32, "kernel_size": 3, "rate": 0.5, "stddev": 0.1, "n": 3,
    "target_shape": [-1], "dims": [2, 1], "axes": -1, "input_dim": 10000, "output_dim": 16,
    "activation": "relu", "size": 2, "padding": 1, "cropping": 1,
}


def layer_class(class_name: str):
    """The registered layer class for ``class_name``."""
    return LAYERS.lookup(class_name)


def required_args(cls) -> list[str]:
    """Constructor arguments of ``cls`` without a default (``self``/``**kwargs`` excluded)."""
    out = []
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.default is inspect.Parameter.empty:
            out.append(p.name)
    return out


def normalize_config(class_name: str, config: dict) -> dict:
    """``config`` as the layer's own ``get_config()`` writes it (raises when the layer refuses it)."""
    layer = layer_class(class_name).from_config(copy.deepcopy(config))
    return layer.get_config()


def starter_config(class_name: str, name: str) -> dict:
    """A complete, valid config for a freshly dropped layer of ``class_name``."""
    cls = layer_class(class_name)
    if class_name == "InputLayer":
        return {"batch_shape": [None, 784], "dtype": None, "name": name}
    args = {a: copy.deepcopy(STARTER_ARGS[a]) for a in required_args(cls) if a in STARTER_ARGS}
    if "layer" in required_args(cls):  # wrappers: Bidirectional wraps an RNN, others a Dense
        inner = "LSTM" if class_name == "Bidirectional" and "LSTM" in LAYERS else "Dense"
        args["layer"] = {"class_name": inner, "config": {"units": 32, "name": f"{name}_inner"}}
    args["name"] = name
    try:
        return normalize_config(class_name, args)
    except Exception:  # noqa: BLE001 - any refusal: keep the raw args; the canvas shows the error
        return args


class Node:
    """One layer on the canvas: ``name``, ``class_name``, ``config`` (with ``name``), ``pos``, ``inputs``;
    ``shares`` names the node whose layer this one calls again (a shared layer, see ``ui.sharing``);
    ``taps`` maps a parent to the output of it this layer reads when that is not the first one
    (``{"lstm": 1}``: the LSTM's state ``h``, the config's ``["lstm", 1]`` reference)."""

    __slots__ = ("name", "class_name", "config", "pos", "inputs", "shares", "taps")

    def __init__(self, name, class_name, config, pos=(0.0, 0.0), inputs=(), shares=None, taps=None):
        self.name = name
        self.shares = shares if isinstance(shares, str) and shares != name else None
        self.class_name = class_name
        self.config = dict(config)
        self.config["name"] = name
        self.pos = (float(pos[0]), float(pos[1]))
        self.inputs = list(inputs)
        self.taps = {k: v for k, v in dict(taps or {}).items()
                     if isinstance(v, int) and not isinstance(v, bool) and v > 0}
        self.prune_taps()

    def prune_taps(self) -> None:
        """Forget the output choice of a parent that no longer feeds this layer."""
        self.taps = {k: v for k, v in self.taps.items() if k in self.inputs}

    def to_dict(self) -> dict:
        d = {"name": self.name, "class_name": self.class_name, "config": copy.deepcopy(self.config),
             "pos": list(self.pos), "inputs": list(self.inputs)}
        if self.shares is not None:
            d["shares"] = self.shares
        if self.taps:
            d["taps"] = dict(self.taps)
        return d

    @property
    def is_input(self) -> bool:
        return self.class_name == "InputLayer"

    @property
    def takes_many(self) -> bool:
        """True for merge layers, which take a list of two or more inputs."""
        try:
            return layer_class(self.class_name).num_inputs != 1
        except ValueError:
            return False


#: Kinds of change in :attr:`GraphDocument.last_change` (see the module docstring).
MOVED, CONFIG, TOPOLOGY = "moved", "config", "topology"


class GraphDocument(QObject):
    """Nodes, connections, model outputs and positions; says what changed after each edit."""

    changed = Signal()
    nodesMoved = Signal()
    configChanged = Signal()
    topologyChanged = Signal()
    modelChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: dict[str, Node] = {}
        self.outputs: list[str] = []
        self.name = "model"
        self._batch = 0
        self._pending: set[str] = set()
        self.last_change: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ state
    def state(self) -> dict:
        """A deep, JSON-able copy of the whole document (what undo snapshots hold)."""
        return {"name": self.name, "nodes": [n.to_dict() for n in self.nodes.values()],
                "outputs": list(self.outputs)}

    def set_state(self, state: dict) -> None:
        """Replace the whole document by ``state`` (:meth:`state`'s format); emits the kinds of change
        that tell the two apart (an undone drag is a move, not a new network)."""
        before = self._shape()
        self.name = state.get("name", "model")
        self.nodes = {}
        for d in state.get("nodes", []):
            self.nodes[d["name"]] = Node(d["name"], d["class_name"], copy.deepcopy(d["config"]),
                                         d.get("pos", (0, 0)), d.get("inputs", ()), d.get("shares"), d.get("taps"))
        sharing.repair(self)
        self.outputs = [o for o in state.get("outputs", []) if o in self.nodes]
        after = self._shape()
        kinds = {kind for kind, old, new in zip((TOPOLOGY, CONFIG, MOVED), before, after) if old != new}
        self._emit(*kinds)

    def _shape(self) -> tuple:
        """``(topology, configs, positions)``: what :meth:`set_state` compares to say what changed."""
        topology = (self.name, tuple(self.outputs), tuple(
            (n.name, n.class_name, tuple(n.inputs), n.shares, tuple(sorted(n.taps.items())))
            for n in self.nodes.values()))
        return (topology, [n.config for n in self.nodes.values()], [n.pos for n in self.nodes.values()])

    def clear(self) -> None:
        self.set_state({"name": "model", "nodes": [], "outputs": []})

    @contextmanager
    def batch(self):
        """Context manager: several edits, their signals once at the end (an error too ends the batch)."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            self._emit()

    def _emit(self, *kinds: str) -> None:
        """Note ``kinds`` of change; outside a batch, emit their signals, then ``changed``."""
        self._pending.update(kinds)
        if self._batch:
            return
        self.last_change, self._pending = frozenset(self._pending), set()
        for kind, signal in ((MOVED, self.nodesMoved), (CONFIG, self.configChanged),
                             (TOPOLOGY, self.topologyChanged)):
            if kind in self.last_change:
                signal.emit()
        if self.last_change & {CONFIG, TOPOLOGY}:
            self.modelChanged.emit()
        self.changed.emit()

    # ------------------------------------------------------------------ queries
    def unique_name(self, base: str) -> str:
        base = to_snake_case(base) if base[:1].isupper() else base
        if base == "input_layer":
            base = "input"
        if base not in self.nodes:
            return base
        i = 1
        while f"{base}_{i}" in self.nodes:
            i += 1
        return f"{base}_{i}"

    def children(self, name: str) -> list[str]:
        return [n.name for n in self.nodes.values() if name in n.inputs]

    def would_create_cycle(self, src: str, dst: str) -> bool:
        """True when an edge ``src → dst`` closes a loop (``dst`` already feeds ``src``)."""
        if src == dst:
            return True
        stack, seen = [src], set()
        while stack:
            n = stack.pop()
            if n == dst:
                return True
            if n in seen or n not in self.nodes:
                continue
            seen.add(n)
            stack.extend(self.nodes[n].inputs)
        return False

    def can_connect(self, src: str, dst: str) -> tuple[bool, str]:
        """Whether ``src → dst`` may be drawn, and why not."""
        from PySide6.QtCore import QCoreApplication  # noqa: PLC0415
        if src not in self.nodes or dst not in self.nodes:
            return False, QCoreApplication.translate("GraphDocument", "unknown layer")
        if self.nodes[dst].is_input:
            return False, QCoreApplication.translate("GraphDocument",
                "{dst} is an Input: it takes no incoming connection").format(dst=dst)
        if src in self.nodes[dst].inputs:
            return False, QCoreApplication.translate("GraphDocument",
                "{src} is already connected to {dst}").format(src=src, dst=dst)
        if self.would_create_cycle(src, dst):
            return False, QCoreApplication.translate("GraphDocument",
                "connecting {src} → {dst} would make a cycle; a network must flow "
                                              "one way").format(src=src, dst=dst)
        return True, ""

    # ------------------------------------------------------------------ edits (raw; use commands)
    def add_node(self, class_name: str, pos=(0.0, 0.0), config: dict | None = None,
                 name: str | None = None, inputs=()) -> str:
        class_name = LAYERS.canonical(class_name)
        name = name if name and name not in self.nodes else self.unique_name(name or class_name)
        cfg = dict(config) if config is not None else starter_config(class_name, name)
        self.nodes[name] = Node(name, class_name, cfg, pos, [i for i in inputs if i in self.nodes])
        for parent in self.nodes[name].inputs:
            self._move_output_down(parent, name)
        self._fix_outputs()
        self._emit(TOPOLOGY)
        return name

    def remove_nodes(self, names) -> None:
        names = [n for n in names if n in self.nodes]
        for name in names:
            parents = self.nodes[name].inputs
            was_output = name in self.outputs
            del self.nodes[name]
            for n in self.nodes.values():
                n.inputs = [i for i in n.inputs if i != name]
                n.prune_taps()
            if was_output:
                self.outputs.remove(name)
                for p in parents:  # the output moves back up to what fed the removed layer
                    if p in self.nodes and not self.children(p) and p not in self.outputs \
                            and not self.nodes[p].is_input:
                        self.outputs.append(p)
        sharing.repair(self)
        self._fix_outputs()
        self._emit(TOPOLOGY)

    def connect(self, src: str, dst: str) -> None:
        ok, why = self.can_connect(src, dst)
        if not ok:
            raise ValueError(why)
        node = self.nodes[dst]
        if not node.takes_many:
            node.inputs = [src]  # a one-input layer: the new edge replaces the old one
        else:
            node.inputs.append(src)
        node.taps.pop(src, None)  # a drawn connection reads the first output
        node.prune_taps()
        self._move_output_down(src, dst)
        self._fix_outputs()
        self._emit(TOPOLOGY)

    def disconnect(self, src: str, dst: str) -> None:
        if dst in self.nodes and src in self.nodes[dst].inputs:
            self.nodes[dst].inputs.remove(src)
            self.nodes[dst].prune_taps()
            self._emit(TOPOLOGY)

    def set_config(self, name: str, config: dict) -> None:
        """``config`` on ``name``'s layer: every call of a shared layer shows the same arguments."""
        sharing.set_group_config(self, name, config)
        self._emit(CONFIG)

    def rename(self, old: str, new: str) -> None:
        if old == new:
            return
        if not new or new in self.nodes:
            raise ValueError(f"the name {new!r} is empty or already used by another layer")
        node = self.nodes[old]
        node.name = new
        node.config["name"] = new
        self.nodes = {(new if k == old else k): v for k, v in self.nodes.items()}
        for n in self.nodes.values():
            n.inputs = [new if i == old else i for i in n.inputs]
            n.taps = {(new if k == old else k): v for k, v in n.taps.items()}
            n.shares = new if n.shares == old else n.shares
        self.outputs = [new if o == old else o for o in self.outputs]
        self._emit(TOPOLOGY)

    def set_positions(self, positions: dict) -> None:
        for name, pos in positions.items():
            if name in self.nodes:
                self.nodes[name].pos = (float(pos[0]), float(pos[1]))
        self._emit(MOVED)

    def set_outputs(self, outputs) -> None:
        self.outputs = [o for o in outputs if o in self.nodes]
        self._emit(TOPOLOGY)

    def _move_output_down(self, src: str, dst: str) -> None:
        if src in self.outputs and dst not in self.outputs:
            self.outputs[self.outputs.index(src)] = dst
        elif src in self.outputs:
            self.outputs.remove(src)

    def _fix_outputs(self) -> None:
        self.outputs = [o for o in self.outputs if o in self.nodes]
        if not self.outputs:
            self.outputs = [n.name for n in self.nodes.values()
                            if not n.is_input and n.inputs and not self.children(n.name)]

    # ------------------------------------------------------------------ core config
    def to_config(self) -> dict:
        """The functional model config, exactly in ``Model.get_config()``'s format."""
        layers, outputs = sharing.fold(self)  # a shared layer's twins become its "calls"
        return {"class_name": "Functional", "config": {
            "name": self.name, "trainable": True, "layers": layers,
            "inputs": [n.name for n in self.nodes.values() if n.is_input],
            "outputs": outputs}}

    def layout(self) -> dict:
        return {sharing.layout_key(self, n.name): [round(n.pos[0], 1), round(n.pos[1], 1)]
                for n in self.nodes.values()}

    def load_config(self, model_config: dict, layout: dict | None = None) -> None:
        """Replace the document by a model config (Functional or Sequential) and node positions."""
        self.set_state(state_from_config(model_config, layout))


def state_from_config(model_config: dict, layout: dict | None = None) -> dict:
    """Document state for a ``{"class_name": "Functional"|"Sequential", "config"}`` model config."""
    kind = model_config.get("class_name")
    inner = model_config.get("config") or {}
    nodes, outputs = [], []
    layout = layout or {}
    if kind == "Sequential":
        prev = None
        for entry in inner.get("layers", []):
            cfg = copy.deepcopy(entry.get("config") or {})
            cls = entry["class_name"]
            if prev is None and cls != "InputLayer":
                bis = cfg.pop("batch_input_shape", None)
                if bis is None:
                    raise ValueError("a Sequential config must start with an InputLayer or an input shape")
                nodes.append({"name": "input", "class_name": "InputLayer", "inputs": [],
                              "config": {"batch_shape": bis, "dtype": None, "name": "input"}})
                prev = "input"
            name = cfg.get("name") or f"{to_snake_case(cls)}_{len(nodes)}"
            nodes.append({"name": name, "class_name": cls, "config": cfg, "inputs": [prev] if prev else []})
            prev = name
        outputs = [prev] if prev else []
    else:  # a shared layer's later calls become twin nodes (ui.sharing)
        nodes, outputs = sharing.unfold(inner.get("layers", []), inner.get("outputs"))
    for n in nodes:
        n["pos"] = layout.get(n["name"], (0.0, 0.0))
        if n.get("shares") and n["name"] not in layout and n["shares"] in layout:
            x, y = layout[n["shares"]]  # a twin without a saved position: beside its primary
            n["pos"] = (x + 240.0, y)
    state = {"name": inner.get("name") or "model", "nodes": nodes, "outputs": outputs}
    if not layout:
        from .layout import layered_positions  # noqa: PLC0415

        pos = layered_positions(state)
        for n in nodes:
            n["pos"] = pos[n["name"]]
    return state
