"""Shared layers on the canvas: one layer called on several tensors, shown as linked twins.

Keras calls a layer once per input: ``shared = Dense(64); a = shared(x1); b = shared(x2)``. On the
canvas every call is a node of its own, so each call keeps its own incoming and outgoing links and
shows its own output shape; a later call is a *twin* whose ``shares`` names the layer's first node
(the *primary*). A twin has no weights or arguments of its own: it shows the primary's arguments,
an edit of either changes both, and the parameters are counted once, on the primary.

In the model config (the engine's format, ``netbuilder.core.models.config``) the twins fold into
the primary's entry: ``"inputs"`` holds the first call's inputs and ``"calls"`` the later calls' ones,
and a reference to a twin's output is ``[primary, index, call]`` (``index``: which of its outputs,
kept in the reading node's ``taps``). ``unfold`` does the reverse for a
config read from a project or a model file, so a shared layer opens with its sharing intact.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication

#: key of a twin's position in a project's layout (its node name may differ after edits)
_CALL_KEY = "{name}_call{n}"


#: entry class names of a model used as a layer (model sharing); its config is the model's config
NESTED = ("Functional", "Model", "Sequential")


def is_nested(class_name: str) -> bool:
    return class_name in NESTED


def inner_layers(config: dict) -> list[str]:
    """The layer names inside a nested model's config (InputLayers left out)."""
    out = []
    for e in (config or {}).get("layers") or []:
        if isinstance(e, dict) and e.get("class_name") != "InputLayer":
            out.append(str(e.get("name") or (e.get("config") or {}).get("name") or e.get("class_name")))
    return out


def primary_of(doc, name: str) -> str:
    """The node that holds the weights of ``name``'s layer (``name`` itself unless a twin)."""
    node = doc.nodes.get(name)
    return node.shares if node is not None and node.shares in doc.nodes else name


def calls_of(doc, name: str) -> list[str]:
    """The nodes calling ``name``'s layer, primary first, then its twins in document order."""
    primary = primary_of(doc, name)
    return [primary] + [n.name for n in doc.nodes.values() if n.shares == primary]


def is_shared(doc, name: str) -> bool:
    return len(calls_of(doc, name)) > 1


def can_share(doc, src: str, dst: str) -> bool:
    """True when ``src → dst`` may be drawn and would replace ``dst``'s only input: the canvas then
    offers to call ``dst``'s layer a second time on ``src`` instead (a shared layer). A link that would
    close a loop stays refused, with its reason, even though a new call could read ``src``."""
    node = doc.nodes.get(dst)
    return (node is not None and src in doc.nodes and not node.is_input and not node.takes_many
            and bool(node.inputs) and src not in node.inputs and doc.can_connect(src, dst)[0])


def add_call(doc, dst: str, src: str, pos=None) -> str:
    """A twin of ``dst``'s layer called on ``src``; returns its node name (use through a command)."""
    primary = primary_of(doc, dst)
    node = doc.nodes[primary]
    n = len(calls_of(doc, primary)) + 1
    name = doc.unique_name(_CALL_KEY.format(name=primary, n=n))
    if pos is None:  # beside the node it calls again, on the first free place to its right
        x, y = doc.nodes[dst].pos
        x += 240.0
        while any(abs(n.pos[0] - x) < 220 and abs(n.pos[1] - y) < 110 for n in doc.nodes.values()):
            x += 240.0
        pos = (x, y)
    doc.add_node(node.class_name, pos, config=copy.deepcopy(node.config), name=name, inputs=[src])
    doc.nodes[name].shares = primary
    doc._emit()
    return name


def repair(doc) -> None:
    """Keep the twins consistent after an edit: when a primary is gone, the first of its twins
    becomes the primary of the rest; a twin of another type, of a twin or of itself shares nothing."""
    orphans: dict[str, list] = {}
    for node in doc.nodes.values():
        if node.shares is not None and node.shares not in doc.nodes:
            orphans.setdefault(node.shares, []).append(node)
    for group in orphans.values():
        group[0].shares = None
        for node in group[1:]:
            node.shares = group[0].name
    for node in doc.nodes.values():
        primary = doc.nodes.get(node.shares) if node.shares is not None else None
        if primary is not None and (primary.shares is not None or primary is node
                                    or primary.class_name != node.class_name):
            node.shares = None


def set_group_config(doc, name: str, config: dict) -> None:
    """``config`` on every call of ``name``'s layer (each node keeps its own ``name``)."""
    for member in calls_of(doc, name):
        cfg = copy.deepcopy(config)
        cfg["name"] = member
        doc.nodes[member].config = cfg


# ---------------------------------------------------------------------- config ↔ document
def fold(doc) -> tuple[list, list]:
    """``(layer entries, outputs)`` of the model config: twins become their primary's ``calls``."""
    def ref(name, index=0):
        node = doc.nodes.get(name)
        if node is not None and node.shares in doc.nodes:
            return [node.shares, index, calls_of(doc, node.shares).index(name)]
        return [name, index] if index else name

    def refs(node):
        return [ref(i, node.taps.get(i, 0)) for i in node.inputs]

    layers = []
    for n in doc.nodes.values():
        if n.shares in doc.nodes:
            continue
        cfg = copy.deepcopy(n.config)
        cfg["name"] = n.name
        entry = {"name": n.name, "class_name": n.class_name, "config": cfg, "inputs": refs(n)}
        twins = calls_of(doc, n.name)[1:]
        if twins:
            entry["calls"] = [refs(doc.nodes[t]) for t in twins]
        layers.append(entry)
    return layers, [ref(o) for o in doc.outputs]


def layout_key(doc, name: str) -> str:
    """The key of ``name``'s position in a saved layout (a twin's follows its call number)."""
    calls = calls_of(doc, name)
    if calls[0] == name:
        return name
    return _CALL_KEY.format(name=calls[0], n=calls.index(name) + 1)


def output_index(ref) -> int:
    """Which output of its layer a reference reads: ``"lstm"`` 0, ``["lstm", 1]`` 1 (the LSTM's ``h``)."""
    if isinstance(ref, (list, tuple)) and len(ref) > 1 and isinstance(ref[1], int) and not isinstance(ref[1], bool):
        return max(ref[1], 0)
    return 0


def unfold(entries: list, outputs: list) -> tuple[list, list]:
    """Node dicts and output names for functional config entries with ``"calls"`` (the reverse of
    :func:`fold`); references name the node of the call they read, and a reference to a later output
    (``["lstm", 1]``) is kept in the reading node's ``"taps"``. ``ValueError``, in the interface
    language, for what the canvas cannot draw: one layer reading two outputs of the same layer, or a
    model output that is not its layer's first output."""
    taken = {e.get("name") or (e.get("config") or {}).get("name") for e in entries}
    twin = {}  # (layer, call) -> twin node name
    for e in entries:
        name = e.get("name") or e["config"]["name"]
        for k in range(1, len(e.get("calls") or []) + 1):
            cand = base = _CALL_KEY.format(name=name, n=k + 1)
            i = 1
            while cand in taken:
                cand, i = f"{base}_{i}", i + 1
            taken.add(cand)
            twin[(name, k)] = cand

    def node_of(ref):
        if isinstance(ref, str):
            return ref
        call = ref[2] if len(ref) > 2 and isinstance(ref[2], int) else 0
        return twin.get((ref[0], call), ref[0])

    def links(layer, refs):
        inputs, taps = [], {}
        for r in refs:
            src, index = node_of(r), output_index(r)
            if src in inputs and taps.get(src, 0) != index:
                raise ValueError(_tr("layer {layer} reads two different outputs of {src}; the canvas draws one "
                                     "connection between two layers").format(layer=layer, src=src))
            inputs.append(src)
            if index:
                taps[src] = index
        return {"inputs": inputs, "taps": taps} if taps else {"inputs": inputs}

    nodes = []
    for e in entries:
        name = e.get("name") or e["config"]["name"]
        config = copy.deepcopy(e.get("config") or {})
        nodes.append({"name": name, "class_name": e["class_name"], "config": config,
                      **links(name, e.get("inputs") or [])})
        for k, refs in enumerate(e.get("calls") or [], start=1):
            cfg = copy.deepcopy(config)
            cfg["name"] = twin[(name, k)]
            nodes.append({"name": twin[(name, k)], "class_name": e["class_name"], "config": cfg,
                          **links(twin[(name, k)], refs), "shares": name})
    for r in outputs or []:
        if output_index(r):
            raise ValueError(_tr("the model output {ref} is output {index} of layer {layer}; the canvas can make "
                                 "only a layer's first output a model output").format(
                                     ref=r, index=output_index(r), layer=node_of(r)))
    return nodes, [node_of(r) for r in outputs or []]


def _tr(text: str) -> str:
    return QCoreApplication.translate("GraphDocument", text)


def spread(doc, report) -> None:
    """Give each twin its call's output shape in ``report`` (parameters stay on the primary, counted
    once), and move an error raised by a later call from the primary to that call's node."""
    call_shapes = getattr(report, "call_shapes", {})
    for name, node in doc.nodes.items():
        if node.shares is not None or not is_shared(doc, name):
            continue
        calls = calls_of(doc, name)
        for k, member in enumerate(calls):
            if (name, k) in call_shapes:
                report.shapes[member] = call_shapes[(name, k)]
            else:
                report.shapes.pop(member, None)
        failed = next((k for k in range(len(calls)) if (name, k) not in call_shapes), None)
        if failed and name in report.errors:  # a later call failed: that call's node is at fault
            report.errors[calls[failed]] = report.errors.pop(name)
