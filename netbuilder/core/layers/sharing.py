"""Layer sharing: one layer called on several tensors (Keras's "shared layers").

Every call of a layer is a ``Node``. The first call runs on the layer itself; each later call runs
on a *call twin*: a second instance built from the layer's config whose weight attributes are the
very arrays of the layer (``params`` is the same dict), so an optimizer step or ``set_weights`` on
the layer is seen by every call. What a call keeps for its backward pass (inputs, masks, scratch
buffers of the recurrent loops) stays in its own instance, so two calls in one forward pass never
overwrite each other. After the backward pass the model adds the calls' gradients into the
layer's ``grads`` (``gather_grads``): the gradient of a shared weight is the sum over its calls,
as in Keras. Random generators are shared too, so a seeded shared Dropout draws a new mask per
call, as Keras's one seed generator does.
"""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .limits import shape_only_weights, shape_str

#: attributes that may hold a child layer whose weights the parent mirrors (wrappers)
_SUBLAYER_ATTRS = ("layer", "forward_layer", "backward_layer")


def share_weights(twin, primary) -> None:
    """Make ``twin`` use ``primary``'s weight arrays and random generators (recursively for the
    wrapped layers of ``TimeDistributed`` and ``Bidirectional``)."""
    by_id = {id(value): primary.params[key] for key, value in twin.params.items() if key in primary.params}
    for name, value in list(vars(twin).items()):
        if id(value) in by_id:
            setattr(twin, name, by_id[id(value)])
        elif isinstance(value, np.random.Generator) and isinstance(getattr(primary, name, None),
                                                                   np.random.Generator):
            setattr(twin, name, getattr(primary, name))
    twin.params = primary.params
    for attr in _SUBLAYER_ATTRS:
        sub, main = getattr(twin, attr, None), getattr(primary, attr, None)
        if hasattr(sub, "params") and hasattr(main, "params") and sub is not main:
            share_weights(sub, main)


def call_twin(layer):
    """A second instance of ``layer`` for one more call, sharing its weights (see the module
    docstring). The twin is built without allocating weights of its own."""
    make = getattr(layer, "_make_call_twin", None)
    if make is not None:  # a model used as a layer clones its whole graph
        return make()
    twin = type(layer).from_config(layer.get_config())
    with shape_only_weights():
        twin._build_once(layer.input_shape_built)
    share_weights(twin, layer)
    twin.trainable = layer.trainable
    return twin


def check_shared_call(layer, input_shape) -> None:
    """Refuse calling an already-built ``layer`` on a shape its weights do not fit (Keras's
    ``InputSpec`` check): a shape-only twin is built for ``input_shape`` and its weight shapes
    compared with the layer's."""
    if not layer.params or getattr(layer, "_make_call_twin", None) is not None:
        return
    probe = type(layer).from_config(layer.get_config())
    with shape_only_weights():
        probe._build_once(input_shape)
    for key, cur in layer.params.items():
        need = probe.params.get(key)
        if need is None or tuple(need.shape) != tuple(cur.shape):
            got = "none" if need is None else str(tuple(need.shape))
            raise ShapeError(
                f"layer {layer.name!r} was built for inputs of shape {shape_str(layer.input_shape_built)} and "
                f"is called again on shape {shape_str(input_shape)}: its weight {key!r} has shape "
                f"{tuple(cur.shape)}, that input needs {got}. A layer keeps its weights, so every call "
                "(a shared layer) must fit them", code="shared_layer_shape", layer=layer.name,
                shape=shape_str(input_shape), weight=key)


def gather_grads(groups: list) -> None:
    """For each ``(layer, runners)`` of a model's shared layers, ``layer.grads`` becomes the sum
    of the runners' gradients (a runner no gradient reached contributes nothing)."""
    for layer, runners in groups:
        total: dict = {}
        for runner in runners:
            for key, g in runner.grads.items():
                if g is not None:
                    total[key] = g if key not in total else total[key] + g
        layer.grads = total
