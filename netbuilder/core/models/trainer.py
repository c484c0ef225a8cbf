"""compile / fit / train_on_batch: the training loop, with Keras 3 semantics.

``fit`` reads as Keras's does: prepare the data once (``_prepare_fit_data``), then epochs →
``for step, batch in iterator.enumerate_epoch()`` → ``_train_step`` → callbacks. The parts live
apart, as in Keras: ``EpochIterator`` (``epoch_iterator.py``) shuffles, gathers batches and holds the
compressed multi-hot inputs; ``CompiledLoss`` / ``CompiledMetrics`` (``compile_utils.py``) compute
losses and metrics; ``_prepare_arrays`` (``evaluation.py``) checks the data for every entry point.
History keys are named as Keras names them (``loss``, ``accuracy``, ``val_loss``, ...;
``<output>_loss`` per output for multi-output models).
"""

from __future__ import annotations

import math

import numpy as np

from .. import callbacks as callbacks_module
from .. import threads as threads_module
from ..errors import DataError
from . import compile_utils
from . import data as D
from .epoch_iterator import EpochIterator, to_backend
from .evaluation import Evaluation, StepResult


class Trainer(Evaluation):
    """Training mixin of ``Model``; subclasses provide the graph (``_forward``/``_backward``)."""

    def __init__(self):
        self.optimizer = None
        self.compiled = False
        self.stop_training = False
        self.stop_evaluating = False
        self.history = None
        self._compile_config = None
        self.compiled_loss = None
        self.compiled_metrics = None

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True):
        """Configure training: an optimizer, a loss (per output as a list or dict), metrics.

        Args:
            optimizer: name (``"rmsprop"``) or ``Optimizer`` instance.
            loss: name, ``Loss`` instance, or a list/dict with one per output.
            loss_weights: list/dict of scalars weighting each output's loss in the total.
            metrics: list of names/instances (applied to every output), or a list of lists /
                dict per output. ``"accuracy"`` is resolved from the loss and shapes at the
                first batch, as Keras does.
        """
        # all-or-nothing (Keras 3): everything is resolved first, so a refused compile leaves the
        # previous compile (optimizer, losses, metrics) untouched
        optimizer, losses, weights, per_out, config = compile_utils.resolve(
            self.output_names, optimizer, loss, loss_weights, metrics, weighted_metrics)
        self.optimizer = optimizer
        self.compiled_loss = compile_utils.CompiledLoss(losses, weights, self.output_names)
        self.compiled_metrics = compile_utils.CompiledMetrics(per_out, losses, self.output_names)
        self._compile_config = config
        self.compiled = True

    def _ensure_compiled(self, what: str) -> None:
        if not self.compiled:
            raise RuntimeError(f"You must call compile() before {what}()")

    # ------------------------------------------------------------------ one step
    def _prepare_training(self) -> None:
        """Collect the trainable layers and weights, and which outputs can take a fused gradient
        (an output layer whose activation the loss can differentiate through); run before
        ``_train_step``."""
        from . import graph  # noqa: PLC0415

        graph.mark_input_grads(self._nodes)
        self._train_layers = [l for l in self.layers if l.trainable and l.trainable_keys()]
        # the step's plan, fixed for the fit as Keras fixes its trainable variables: which
        # gradient goes with which variable, which layers add penalty gradients or project
        # their weights, which layers compute the outputs
        self._grad_slots = [(l, k) for l in self._train_layers for k in l.trainable_keys()]
        self._train_vars = [l.params[k] for l, k in self._grad_slots]
        self._regularized_layers = [l for l in self._train_layers if l._regularizers]
        self._constrained_layers = [l for l in self._train_layers if l._constraints]
        self._out_layers = [_runner_of(t) for t in self.outputs]
        self._fusable = []
        for t in self.outputs:
            layer = _runner_of(t)
            act = getattr(layer, "activation", None)
            node = t._keras_history[0]._inbound_nodes[t._keras_history[1]]
            alone = self._consumers.get(id(t), 0) == 0 and len(node.outputs) == 1
            self._fusable.append(getattr(act, "name", None) if alone and getattr(layer, "supports_fused_output", False)
                                 else None)

    def _compute_loss(self, ys, preds, sw, want_grads: bool):
        """(total loss, per-output losses, gradients w.r.t. outputs, fused flags): ``CompiledLoss``
        with this model's fusable outputs."""
        return self.compiled_loss(ys, preds, sw, want_grads=want_grads,
                                  fusable=self._fusable if want_grads else None)

    def _train_step(self, x, y, sample_weight=None) -> StepResult:
        """One training step on one batch: forward (training mode) → loss → backward → optimizer
        update → weight constraints. The arithmetic of ``fit`` and ``train_on_batch`` (kept stable
        for ``core.introspect``); metrics are not touched. Call ``_prepare_training()`` first.

        Args:
            x: one backend array per input, ``(b, ...)`` (or a ``SparseMatrix`` row block).
            y: one backend array per output, ``(b, ...)``.
            sample_weight: ``(b,)`` or None.

        Returns:
            ``StepResult(loss, output_losses, y_pred)`` with ``loss = Σ_i w_i · loss_i +``
            the regularization penalties. A loss that is not finite skips the backward pass and
            the update (the caller reports it).
        """
        # a diverging run overflows somewhere; the loss check below catches it, so NumPy's
        # warnings add nothing but noise
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return self._train_step_inner(x, y, sample_weight)

    def _train_step_inner(self, xs, ys, sw) -> StepResult:
        preds = self._forward(xs, training=True)
        total, per_output, grads, fused = self._compute_loss(ys, preds, sw, want_grads=True)
        total += self._regularization()
        if not math.isfinite(total):
            return StepResult(total, per_output, preds)
        out_layers = self._out_layers
        for layer, f in zip(out_layers, fused):
            layer._fused_output_grad = f
        try:
            self._backward(grads)
        finally:
            for layer in out_layers:
                layer._fused_output_grad = False
        for layer in self._regularized_layers:
            layer.add_regularization_grads()
        self.optimizer.apply([layer.grads.get(k) for layer, k in self._grad_slots], self._train_vars)
        for layer in self._constrained_layers:
            layer.apply_constraints()
        return StepResult(total, per_output, preds)

    def _train_logs(self, tracker, result: StepResult, batch) -> dict:
        """Fold one step into the epoch's running loss (``tracker``) and metrics; the logs after
        it. A non-finite loss is reported as is and leaves the metrics alone."""
        tracker.update_state(result.loss, result.output_losses, batch.size)
        finite = math.isfinite(result.loss)
        if finite:
            self._update_metrics(batch.y, result.y_pred, batch.sample_weight)
        logs = self._logs(tracker)
        if not finite:
            logs["loss"] = float(result.loss)
        return logs

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the loss (and metrics) on that batch.

        The data pass the same checks as in ``fit`` (labels against the loss, inputs against the
        layers)."""
        self._ensure_compiled("train_on_batch")
        data = self._prepare_arrays(x, y, sample_weight, class_weight)
        self._prepare_training()
        self._reset_metrics()
        batch = to_backend(data)
        result = self._train_step(*batch)
        tracker = self.compiled_loss.tracker()
        tracker.update_state(result.loss, result.output_losses)
        self._update_metrics(batch.y, result.y_pred, batch.sample_weight)
        return self._format_results(self._logs(tracker), return_dict)

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train for ``epochs`` epochs; returns a ``History`` (also kept as ``model.history``).

        Keras semantics: ``batch_size`` defaults to 32; ``validation_split`` takes the *last*
        fraction of the samples before shuffling; ``shuffle`` reshuffles every epoch;
        ``class_weight`` maps class ids to loss weights; ``initial_epoch`` resumes numbering.
        """
        self._ensure_compiled("fit")
        batch_size = D.batch_size(batch_size)
        train, val = self._prepare_fit_data(x, y, sample_weight, class_weight, validation_split,
                                            validation_data)
        self._prepare_training()
        sparse_ok = self._sparse_inputs()
        iterator = EpochIterator(train, batch_size, shuffle=shuffle, steps_per_epoch=steps_per_epoch,
                                 sparse_inputs=sparse_ok, preload=True)
        val_iterator = None if val is None else EpochIterator(
            val, validation_batch_size or batch_size, sparse_inputs=sparse_ok)
        history = callbacks_module.History()
        cb = self._fit_callbacks(callbacks, history, verbose, epochs, iterator.num_batches)
        self.stop_training = False
        cb.on_train_begin()
        logs = {}
        for epoch in range(initial_epoch, epochs):
            self._reset_metrics()
            tracker = self.compiled_loss.tracker()
            cb.on_epoch_begin(epoch)
            for step, batch in iterator.enumerate_epoch():
                cb.on_train_batch_begin(step)
                result = self._train_step(*batch)
                logs = self._train_logs(tracker, result, batch)
                cb.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            epoch_logs = dict(logs)
            if val_iterator is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._evaluate_epoch(val_iterator, callbacks=cb)
                epoch_logs.update({"val_" + k: v for k, v in val_logs.items()})
            cb.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        cb.on_train_end(logs)
        self.history = history
        history.model = self
        return history

    def _prepare_fit_data(self, x, y, sample_weight=None, class_weight=None, validation_split=0.0,
                          validation_data=None) -> tuple[D.Arrays, D.Arrays | None]:
        """``(train, validation or None)``: ``fit``'s data, checked, and its validation scheme.

        ``train`` is ``_prepare_arrays(x, y, sample_weight, class_weight)``. ``validation_data``
        ``(x_val, y_val[, sample_weight_val])`` passes the same checks; otherwise
        ``validation_split`` takes the last fraction of ``train`` (``data.split_validation``).
        Any engine that trains on netbuilder's data (the Keras one too) starts from this.
        """
        if x is None or y is None:
            raise DataError("fit needs both x and y", code="fit_no_data")
        train = self._prepare_arrays(x, y, sample_weight, class_weight)
        if validation_data is not None:
            return train, self._unpack_validation(validation_data)
        if validation_split:
            return D.split_validation(train, validation_split)
        return train, None

    def _unpack_validation(self, validation_data) -> D.Arrays:
        """``fit(validation_data=...)`` as checked ``Arrays`` (unpacks as ``(x, y, sample_weight)``)."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight)")
        vsw = validation_data[2] if len(validation_data) == 3 else None
        return self._prepare_arrays(validation_data[0], validation_data[1], vsw)

    def _fit_callbacks(self, callbacks, history, verbose, epochs: int, steps: int):
        """The ``CallbackList`` of a ``fit``: the BLAS thread tuner first (``core/threads.py``, by
        measured batch time: first, so its batch clock stops before the other callbacks' batch-end
        work, such as the window waiting for its GUI or a Pause, is counted), the user's callbacks,
        a progress bar when ``verbose``, History."""
        cbs = list(callbacks or [])
        tuner = threads_module.tuner_for_fit()
        if tuner is not None:
            cbs.insert(0, tuner)
        verbose = 1 if verbose == "auto" else int(verbose)
        if verbose and hasattr(callbacks_module, "ProgbarLogger"):
            cbs.append(callbacks_module.ProgbarLogger())
        return callbacks_module.CallbackList(cbs + [history], model=self, epochs=epochs, steps=steps,
                                             verbose=verbose)

    def _maybe_build(self, x) -> None:
        """Hook for Sequential models built from the first data they see."""

    # ------------------------------------------------------------------ saving
    def save(self, filepath, overwrite=True) -> None:
        """Write the model to one ``.nbm`` file (a zip), atomically, or to Keras 3's archive for a
        name ending in ``.keras``. See ``models.saving.save_model``."""
        from .saving import save_model  # noqa: PLC0415

        save_model(self, filepath, overwrite=overwrite)

    def save_weights(self, filepath, overwrite=True) -> None:
        """Write only the weights, atomically: ``.weights.h5`` in Keras 3's layout (``.h5`` too),
        or netbuilder's ``.npz``. See ``models.saving.save_weights``."""
        from .saving import save_weights  # noqa: PLC0415

        save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False) -> None:
        """Load weights from a ``.weights.h5`` or ``.keras`` file (Keras 3's matching rules), or
        from netbuilder's ``.npz``/``.nbm``. See ``models.saving.load_weights``."""
        from .saving import load_weights  # noqa: PLC0415

        load_weights(self, filepath, skip_mismatch=skip_mismatch)


def _runner_of(t):
    """The instance that computes tensor ``t`` (the layer, or a shared layer's call twin)."""
    layer, node_index, _ = t._keras_history
    return layer._inbound_nodes[node_index].runner

