"""The layer graph: topological order, forward and backward passes over a DAG of layer calls.

Like micrograd at layer granularity: each node knows its parents; the forward pass runs nodes in
topological order; the backward pass runs them in reverse, accumulating gradients with ``+`` so
a tensor used by several layers (fan-out) receives the sum of their gradients. A node is one call
of a layer and runs on ``node.runner`` (the layer, or for a shared layer's later calls a twin with
the same weights, see ``layers.sharing``); ``shared_groups`` lists what ``gather_grads`` sums.
"""

from __future__ import annotations

from ..errors import GraphError
from ..layers.base import InputLayer, KerasTensor, Layer, Node

_BASE_COMPUTE_MASK = Layer.compute_mask


def _producer(t: KerasTensor) -> Node:
    layer, node_index, _ = t._keras_history
    if layer is None:
        raise GraphError(f"tensor {t!r} was not made by a layer; use Input(...) to start a model",
                         code="not_a_layer_tensor")
    return layer._inbound_nodes[node_index]


def topological_nodes(inputs: list, outputs: list) -> list:
    """Nodes that lead from ``inputs`` to ``outputs``, parents before children.

    Raises ``GraphError`` when an output depends on an ``Input`` that is not among ``inputs``,
    or when one of ``inputs`` does not reach any output.
    """
    input_ids = {id(t) for t in inputs}
    order: list = []
    state: dict[int, int] = {}  # id(node) -> 1 visiting, 2 done

    def visit(node, path):
        key = id(node)
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            names = " -> ".join(n.layer.name for n in path + [node])
            raise GraphError(f"the graph has a cycle: {names}", code="cycle", layer=node.layer.name,
                             cycle=names)
        state[key] = 1
        if isinstance(node.layer, InputLayer):
            if id(node.outputs[0]) not in input_ids:
                raise GraphError(
                    f"an output depends on input {node.layer.name!r}, which is not one of the "
                    "model's inputs: add it to Model(inputs=...)", code="missing_input",
                    layer=node.layer.name)
        for parent in node.parent_nodes:
            visit(parent, path + [node])
        state[key] = 2
        order.append(node)

    for t in outputs:
        visit(_producer(t), [])
    reached = {id(n.outputs[0]) for n in order if isinstance(n.layer, InputLayer)}
    for t in inputs:
        if id(t) not in reached:
            raise GraphError(
                f"input {t.name!r} is not connected to any output: connect it or remove it",
                code="unused_input", layer=t.name)
    return order


def consumers(nodes: list) -> dict:
    """id(tensor) → number of nodes that read it."""
    count: dict[int, int] = {}
    for node in nodes:
        for t in node.inputs:
            count[id(t)] = count.get(id(t), 0) + 1
    return count


def keras_order(outputs: list) -> list:
    """The layers that lead to ``outputs``, each once, in the order of Keras 3's ``model.layers``
    (its ``map_graph``): by decreasing depth (the longest path to an output; a shared layer takes
    the greatest depth of its calls), ties broken by first visit in a depth-first walk from the
    outputs. It fixes ``get_weights`` order and the weight paths of a ``.weights.h5`` file."""
    index: dict[int, int] = {}
    finished: set = set()
    order: list = []  # nodes, parents first
    for t in outputs:
        stack = [(_producer(t), False)]
        while stack:  # an explicit stack: deep graphs must not hit the recursion limit
            node, expanded = stack.pop()
            if id(node) in finished:
                continue
            if expanded:
                finished.add(id(node))
                order.append(node)
                continue
            index.setdefault(id(node.layer), len(index))
            stack.append((node, True))
            stack.extend((_producer(p), False) for p in reversed(node.inputs))
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    layers: dict[int, object] = {}
    for node in reversed(order):
        d = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = d
        layers[id(node.layer)] = node.layer
        node_depth[id(node)] = d
        for parent in node.inputs:
            pnode = _producer(parent)
            node_depth[id(pnode)] = max(d + 1, node_depth.get(id(pnode), 0))
    by_depth: dict[int, list] = {}
    for key, d in layer_depth.items():
        by_depth.setdefault(d, []).append(layers[key])
    return [layer for d in sorted(by_depth, reverse=True) for layer in sorted(by_depth[d], key=lambda l: index[id(l)])]


def calls_by_layer(nodes: list) -> tuple[dict, dict]:
    """``({id(layer): [its nodes in call order]}, {id(node): call index})`` for ``nodes``: a
    layer's calls within one model numbered 0, 1, ... (Keras's node index in a saved config).
    The dict keeps the layers in order of first appearance in ``nodes``."""
    calls: dict[int, list] = {}
    for node in nodes:
        calls.setdefault(id(node.layer), []).append(node)
    for group in calls.values():
        group.sort(key=lambda n: n.layer._inbound_nodes.index(n))
    return calls, {id(n): i for group in calls.values() for i, n in enumerate(group)}


def call_of(t, call_index: dict) -> int:
    """The model-relative call (``calls_by_layer``) that produced tensor ``t``."""
    layer, node_index, _ = t._keras_history
    return call_index.get(id(layer._inbound_nodes[node_index]), 0)


def shared_groups(nodes: list) -> list:
    """``[(layer, [runners])]`` for the layers whose calls in ``nodes`` do not all run on the
    layer itself (a layer called several times, or whose first call lies outside the model)."""
    by_layer: dict[int, tuple] = {}
    for node in nodes:
        if not isinstance(node.layer, InputLayer):
            by_layer.setdefault(id(node.layer), (node.layer, []))[1].append(node)
    return [(layer, [n.runner for n in group]) for layer, group in by_layer.values()
            if any(n.runner is not layer for n in group)]


def mark_input_grads(nodes: list, inputs_need_grad: bool = False) -> None:
    """Set ``input_grad_needed`` on every call's runner so no layer computes a gradient nobody uses.

    A tensor needs a gradient when a trainable weight lies upstream of it; the first Dense after
    an ``Input`` therefore skips ``grad @ kernel.T`` entirely. ``inputs_need_grad``: the model is
    itself a layer of another model, whose backward pass needs the gradients of its inputs.
    """
    upstream: dict[int, bool] = {}
    for node in nodes:
        layer = node.runner
        if isinstance(layer, InputLayer):
            upstream[id(node.outputs[0])] = inputs_need_grad
            continue
        needs = any(upstream.get(id(t), False) for t in node.inputs)
        layer.input_grad_needed = needs
        if hasattr(layer, "mark_input_grads"):  # a nested model passes it on to its own graph
            layer.mark_input_grads()
        has = needs or bool(node.layer.trainable_weights)
        for t in node.outputs:
            upstream[id(t)] = has


def run_forward(nodes: list, inputs: list, feeds: list, training: bool) -> dict:
    """Run ``nodes`` on ``feeds`` (one array per tensor in ``inputs``); id(tensor) → value.

    Masks travel beside the values (``compute_mask``); a layer that keeps the base
    ``compute_mask`` makes no mask from an unmasked input, so that call is skipped then.
    """
    values: dict[int, object] = {}
    masks: dict[int, object] = {}
    feed_by_id = {id(t): a for t, a in zip(inputs, feeds)}
    for node in nodes:
        layer = node.runner
        if isinstance(layer, InputLayer):
            values[id(node.outputs[0])] = feed_by_id[id(node.outputs[0])]
            continue
        if layer is not node.layer:
            layer.trainable = node.layer.trainable
        if layer.num_inputs == 1:
            key = id(node.inputs[0])
            arg, mask = values[key], masks.get(key)
        else:
            arg = [values[id(t)] for t in node.inputs]
            ms = [masks.get(id(t)) for t in node.inputs]
            mask = ms if any(m is not None for m in ms) else None
        out = layer.run_forward(arg, training=training, mask=mask)
        if mask is None and type(layer).compute_mask is _BASE_COMPUTE_MASK:
            out_mask = None
        else:
            out_mask = layer.compute_mask(arg, mask)
        if len(node.outputs) == 1:
            key = id(node.outputs[0])
            values[key] = out
            if isinstance(out_mask, list):
                out_mask = out_mask[0]
            if out_mask is not None:
                masks[key] = out_mask
            continue
        out_masks = out_mask if isinstance(out_mask, list) else [out_mask] * len(out)
        for t, v, m in zip(node.outputs, out, out_masks):
            values[id(t)] = v
            if m is not None:
                masks[id(t)] = m
    return values


def run_backward(nodes: list, outputs: list, out_grads: list, values: dict) -> dict:
    """Backpropagate ``out_grads`` (one per output tensor, None to skip) through ``nodes``.

    Each call's parameter gradients land in its runner's ``grads``; runners no gradient reaches
    get their ``grads`` cleared (the optimizer then skips them). Returns ``{id(tensor): gradient}``
    for the model's input tensors that received one.
    """
    grads: dict[int, object] = {}
    for t, g in zip(outputs, out_grads):
        if g is None:
            continue
        grads[id(t)] = g if id(t) not in grads else grads[id(t)] + g
    for node in reversed(nodes):
        layer = node.runner
        if isinstance(layer, InputLayer):
            continue
        if len(node.outputs) == 1:
            g = grads.pop(id(node.outputs[0]), None)
            if g is None:
                layer.grads = {}
                continue
            gin = layer.run_backward(g)
        else:
            gs = [grads.pop(id(t), None) for t in node.outputs]
            if all(g is None for g in gs):
                layer.grads = {}
                continue
            gin = layer.run_backward([values[id(t)] * 0 if g is None else g for t, g in zip(node.outputs, gs)])
        if gin is None:
            continue
        if layer.num_inputs == 1:
            key = id(node.inputs[0])
            grads[key] = gin if key not in grads else grads[key] + gin
            continue
        for t, gi in zip(node.inputs, gin):
            if gi is None:
                continue
            key = id(t)
            grads[key] = gi if key not in grads else grads[key] + gi
    return grads
