"""Layered top-down auto-layout (a small Sugiyama-style pass, Qt-free).

Each node's row is its longest distance from an input; within a row, nodes are ordered by the
mean column of their parents (barycentre), which keeps most edges from crossing, then centred.
"""

from __future__ import annotations

ROW_GAP = 135.0
COL_GAP = 230.0


def layered_positions(state: dict, row_gap: float = ROW_GAP, col_gap: float = COL_GAP) -> dict:
    """``{name: (x, y)}`` for the nodes of a document ``state`` (see ``GraphDocument.state``)."""
    nodes = {n["name"]: [i for i in n.get("inputs", []) if i != n["name"]] for n in state["nodes"]}
    depth: dict[str, int] = {}

    def row(name, path=()):
        if name in depth:
            return depth[name]
        if name in path:  # a cycle: break it here so layout still terminates
            return 0
        parents = [p for p in nodes[name] if p in nodes]
        depth[name] = 0 if not parents else 1 + max(row(p, path + (name,)) for p in parents)
        return depth[name]

    for name in nodes:
        row(name)
    rows: dict[int, list[str]] = {}
    for name in nodes:  # document order is a stable first guess
        rows.setdefault(depth[name], []).append(name)
    col: dict[str, float] = {}
    for r in sorted(rows):
        names = rows[r]

        first = {n: i for i, n in enumerate(names)}

        def bary(n, first=first):
            ps = [col[p] for p in nodes[n] if p in col]
            return sum(ps) / len(ps) if ps else first[n]

        names.sort(key=bary)
        width = (len(names) - 1) * col_gap
        for i, n in enumerate(names):
            col[n] = i
        rows[r] = [(n, -width / 2 + i * col_gap) for i, n in enumerate(names)]
    return {n: (x, r * row_gap) for r, items in rows.items() for n, x in items}
