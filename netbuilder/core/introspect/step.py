"""One real training step, recorded: ``step_trace(model, x, y) -> StepTrace``.

The tutorial's five steps of every batch: (1) draw a batch ``x, y``; (2) run the network on
``x`` to get ``y_pred``; (3) compute the loss between ``y_pred`` and ``y``; (4) compute the
gradient of the loss with respect to every weight; (5) move every weight a little against its
gradient (``W -= learning_rate * gradient``, or the momentum / RMSprop / Adam variant).

``step_trace`` does not re-implement the step: it runs the model's own ``train_on_batch`` and
records, as they pass, the predictions of the training step and the gradients and weights the
optimizer receives. The model after ``step_trace`` is therefore the model after
``train_on_batch`` from the same state, bit for bit (the tests hold it to that).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .. import backend as B


@dataclasses.dataclass
class StepTrace:
    """What one training step saw and did (NumPy arrays, copies).

    Attributes:
        x, y: the batch (one array each for a one-input / one-output model, else lists).
        y_pred: the outputs of the training-mode forward pass (before the update), like ``y``.
        loss: the total loss of that pass (the loss averaged over the batch, plus weight
            penalties), the number ``train_on_batch`` returns.
        logs: ``train_on_batch``'s dict (``loss`` and the compiled metrics on the batch).
        gradients: ``{"layer/weight": dLoss/dW}`` for every trainable weight that got one,
            as handed to the optimizer (weight-penalty gradients included, before clipping).
        weights_before, weights_after: ``{"layer/weight": W}`` around the update;
            ``weights_after[k] - weights_before[k]`` is the update actually applied.
        optimizer: the optimizer's class name (``"SGD"``, ``"RMSprop"``, ``"Adam"`` ...).
        hyper: the optimizer's hyper-parameters for this step (``learning_rate``, ``momentum``,
            ``rho``, ``beta_1``, ``beta_2``, ``epsilon`` ... as its config has them).
        iteration: the step number ``t`` the update used (1 for the first step).
        state_before, state_after: ``{"layer/weight": {slot: array}}``: the optimizer's state
            for each weight (SGD's ``momentum``, RMSprop's ``velocity``, Adam's ``momentum``
            and ``velocity``); before the first step, the initial values (zeros).
    """

    x: object
    y: object
    y_pred: object
    loss: float
    logs: dict
    gradients: dict
    weights_before: dict
    weights_after: dict
    optimizer: str
    hyper: dict
    iteration: int
    state_before: dict
    state_after: dict

    def update(self, key: str) -> np.ndarray:
        """``weights_after[key] - weights_before[key]``, the change the step made to one weight."""
        return self.weights_after[key] - self.weights_before[key]

    def gradient_norms(self) -> dict:
        """``{"layer/weight": ||gradient||_2}`` (float64 sums)."""
        return {k: float(np.sqrt(np.sum(np.square(g, dtype=np.float64)))) for k, g in self.gradients.items()}


def weight_names(model) -> dict:
    """``{id(array): "layer/weight"}`` for every weight array of the model's layers."""
    names = {}
    for layer in model.layers:
        for key, value in layer.params.items():
            names.setdefault(id(value), f"{layer.name}/{key}")
    return names


def _copy(a):
    return None if a is None else np.array(B.to_numpy(a), copy=True)


def _hyper(optimizer) -> dict:
    config = optimizer.get_config() if hasattr(optimizer, "get_config") else {}
    out = {k: v for k, v in config.items() if isinstance(v, (int, float, bool)) and not isinstance(v, str)}
    out["learning_rate"] = float(optimizer.learning_rate)
    return out


def step_trace(model, x, y, sample_weight=None) -> StepTrace:
    """Perform one real training step on the batch ``(x, y)`` and record its five steps.

    The step is the model's ``train_on_batch(x, y, sample_weight)``: the same forward pass
    (training mode), loss, backward pass and optimizer update (which advances the optimizer's
    iteration count and state). See ``StepTrace`` for what is recorded.

    For SGD without momentum, ``weights_after - weights_before == -learning_rate * gradients``
    (to float32 rounding).

    Args:
        model: a compiled ``Model``/``Sequential``.
        x, y: one batch, as ``train_on_batch`` takes it; rows ``(n, ...)``.
        sample_weight: optional ``(n,)`` weights of the rows in the loss.
    """
    model._ensure_compiled("step_trace")
    optimizer = model.optimizer
    names = weight_names(model)
    seen: dict = {}
    inner_step = model._train_step

    def recording_step(*args, **kwargs):
        result = inner_step(*args, **kwargs)
        seen["preds"] = result[2]
        return result

    def recording_apply(grads, variables):
        grads, variables = list(grads), list(variables)
        keys = [names.get(id(v), f"weight_{i}") for i, v in enumerate(variables)]
        fresh = optimizer._slots is None or len(optimizer._slots) != len(variables)
        slots = [optimizer.build_slots(v) for v in variables] if fresh else optimizer._slots
        seen["keys"] = keys
        seen["grads"] = {k: _copy(g) for k, g in zip(keys, grads) if g is not None}
        seen["before"] = {k: _copy(v) for k, v in zip(keys, variables)}
        seen["state_before"] = {k: {s: _copy(a) for s, a in sl.items()} for k, sl in zip(keys, slots)}
        seen["hyper"] = _hyper(optimizer)
        type(optimizer).apply(optimizer, grads, variables)
        seen["iteration"] = int(optimizer.iterations)
        seen["after"] = {k: _copy(v) for k, v in zip(keys, variables)}
        seen["state_after"] = {k: {s: _copy(a) for s, a in sl.items()}
                               for k, sl in zip(keys, optimizer._slots or [])}

    model._train_step = recording_step
    optimizer.apply = recording_apply
    try:
        logs = model.train_on_batch(x, y, sample_weight=sample_weight, return_dict=True)
    finally:
        del model._train_step
        del optimizer.apply
    loss = float(logs["loss"])
    if "grads" not in seen and not np.isfinite(loss):  # the trainer skips the update of a diverged step
        raise FloatingPointError(f"step_trace: the loss is {loss!r}, so no step was taken; "
                                 "lower the learning rate or check the data for NaN/inf")
    if "grads" not in seen or "preds" not in seen:  # a trainer whose step no longer passes these points
        raise RuntimeError("step_trace: train_on_batch did not go through Trainer._train_step and "
                           "optimizer.apply, so the step could not be recorded")
    preds = [B.to_numpy(p) for p in seen["preds"]]
    ys = y if isinstance(y, (list, tuple)) else None
    return StepTrace(
        x=x, y=y if ys is None else list(ys),
        y_pred=preds[0] if len(preds) == 1 else preds,
        loss=loss, logs=dict(logs),
        gradients=seen["grads"], weights_before=seen["before"], weights_after=seen["after"],
        optimizer=type(optimizer).__name__, hyper=seen["hyper"], iteration=seen["iteration"],
        state_before=seen["state_before"], state_after=seen["state_after"])
