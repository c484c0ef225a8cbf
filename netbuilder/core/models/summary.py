"""``model.summary()``: the Keras-style table of layers, output shapes and parameter counts."""

from __future__ import annotations

from ..layers.base import InputLayer, shape_str


def _size(n_params: int, bytes_per: int = 4) -> str:
    b = n_params * bytes_per
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if b >= scale:
            return f"{b / scale:.2f} {unit}"
    return f"{b:.2f} B" if b == 0 else f"{b} B"


def format_summary(model, line_length=None) -> str:
    """The summary table as text (box-drawn like Keras 3)."""
    from .sequential import Sequential  # noqa: PLC0415

    sequential = isinstance(model, Sequential)
    rows = []
    calls: dict[int, list] = {}  # one row per layer: a shared layer's calls are listed together
    for node in model._nodes if model.built else []:
        calls.setdefault(id(node.layer), []).append(node)
    for layer in model.layers if model.built else []:  # in Keras's order
        nodes = calls.get(id(layer))
        if not nodes or (sequential and isinstance(layer, InputLayer)):
            continue
        shapes = [t.shape for t in nodes[-1].outputs]  # Keras shows the last call's shape
        shape = shape_str(shapes[0]) if len(shapes) == 1 else shape_str(shapes)
        params = layer.count_params() if layer.built else 0
        # Keras 3's "Connected to": <layer>[<call>][<output>] for every input of every call
        conn = ", ".join(f"{t._keras_history[0].name}[{t._keras_history[1]}][{t._keras_history[2]}]"
                         for node in nodes for t in node.inputs) or "-"
        rows.append((f"{layer.name} ({type(layer).__name__})", shape, f"{params:,}", conn))
    if not model.built:
        rows = [(f"{l.name} ({type(l).__name__})", "?", "0 (unbuilt)", "-") for l in model.layers]
    headers = ("Layer (type)", "Output Shape", "Param #", "Connected to")
    ncol = 3 if sequential else 4
    widths = [max([len(headers[i])] + [len(r[i]) for r in rows]) + 2 for i in range(ncol)]
    if line_length:
        widths[0] = max(widths[0], line_length - sum(widths[1:]) - ncol - 1)

    def line(left, mid, right, fill="━"):
        return left + mid.join(fill * w for w in widths) + right

    def row(cells):
        out = []
        for i, c in enumerate(cells[:ncol]):
            out.append((" " + c).ljust(widths[i]) if i != 2 else (c + " ").rjust(widths[i]))
        return out

    lines = [f'Model: "{model.name}"', line("┏", "┳", "┓"),
             "┃" + "┃".join(row(headers)) + "┃", line("┡", "╇", "┩")]
    for i, r in enumerate(rows):
        lines.append("│" + "│".join(row(r)) + "│")
        if i != len(rows) - 1:
            lines.append(line("├", "┼", "┤", "─"))
    lines.append(line("└", "┴", "┘", "─"))
    if model.built:
        total = model.count_params()
        trainable = sum(int(w.size) for w in model.trainable_weights)
    else:
        total = trainable = 0
    lines.append(f" Total params: {total:,} ({_size(total)})")
    lines.append(f" Trainable params: {trainable:,} ({_size(trainable)})")
    lines.append(f" Non-trainable params: {total - trainable:,} ({_size(total - trainable)})")
    return "\n".join(lines)
