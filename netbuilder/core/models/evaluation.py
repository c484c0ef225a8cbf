"""Preparing data, and evaluate / predict / test_on_batch: running a model on data.

``_prepare_arrays`` is the one door for data: ``fit``, ``evaluate``, ``predict`` and the
``*_on_batch`` methods all pass their ``x``, ``y`` and weights through it, so they run the same
checks (a learner's binary crossentropy on labels 0..9 is refused by ``train_on_batch`` as by
``fit``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import backend as B
from . import data as D
from .epoch_iterator import EpochIterator, compress_inputs


class StepResult(NamedTuple):
    """What one step returns (``_train_step``, ``_test_step``): ``loss`` (float), ``output_losses``
    (one float per output), ``y_pred`` (the outputs, backend arrays ``(b, ...)``, one per output)."""

    loss: float
    output_losses: list
    y_pred: list


class Evaluation:
    """Mixin of ``Trainer``: data preparation, loss and metrics on data, predictions."""

    # ------------------------------------------------------------------ data
    def _prepare_arrays(self, x, y=None, sample_weight=None, class_weight=None) -> D.Arrays:
        """Checked host data for every entry point (Keras's data adapter step), as ``Arrays``.

        - a ``Sequential`` without an input shape is built from ``x``'s;
        - ``x``/``y`` (an array, a list, or a dict by input/output name) become one NumPy array per
          input/output: float data cast to floatx, integers kept, NaN/inf refused
          (``data.as_host_array``), per-sample input shapes checked against the Inputs;
        - ``sample_weight`` becomes floatx ``(n,)``; all lengths must agree;
        - with ``y`` (the compiled paths): labels checked against the compiled losses
          (``CompiledLoss.check_targets``) and inputs against the layers that read them
          (``check_input_data``, e.g. Embedding's index range); ``class_weight`` is folded
          into the sample weights (``w_i = sample_weight_i · class_weight[class of i]``).

        ``DataError`` (translated in the window) names what is wrong.
        """
        self._maybe_build(x)
        xs = self._standardize_x(x)
        ys = None if y is None else self._standardize_y(y)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=B.floatx())
        D.check_lengths(xs, ys, sw)
        if ys is not None:
            self._check_data(xs, ys)
            if class_weight:
                cw = D.class_weight_to_sample_weight(ys[0], class_weight)
                sw = cw if sw is None else sw * cw
        return D.Arrays(xs, ys, sw)

    def _standardize_x(self, x) -> list:
        arrays = D.to_list(x, self.input_names, "input")
        xs = [D.as_host_array(a, f"input {n!r}") for a, n in zip(arrays, self.input_names)]
        D.check_input_shapes(xs, self.inputs, self.input_names)
        return xs

    def _standardize_y(self, y) -> list:
        arrays = D.to_list(y, self.output_names, "target")
        return [D.as_host_array(a, f"target {n!r}") for a, n in zip(arrays, self.output_names)]

    def _check_data(self, xs, ys) -> None:
        """Labels against the losses, inputs against the layers reading them (``DataError``)."""
        self.compiled_loss.check_targets(ys, [t.shape for t in self.outputs])
        for node in self._nodes:
            check = getattr(node.layer, "check_input_data", None)
            if check is None:
                continue
            for t in node.inputs:
                if t in self.inputs:
                    check(xs[self.inputs.index(t)])

    def _sparse_inputs(self) -> list:
        """One bool per input: may it be fed compressed (``SparseRows``)? Yes when every layer
        reading it accepts them (``Dense``) and it is not also an output."""
        out = []
        for t in self.inputs:
            if any(o is t for o in self.outputs):
                out.append(False)
                continue
            readers = [node.layer for node in self._nodes if any(u is t for u in node.inputs)]
            out.append(bool(readers) and all(layer.accepts_sparse_rows for layer in readers))
        return out

    def _compressed_inputs(self, xs: list) -> list:
        """``xs`` with mostly-zero inputs as ``sparse.SparseMatrix`` (NumPy backend only), as the
        ``EpochIterator`` of ``fit`` holds them; batches then cost work in proportion to their
        non-zero entries. Other inputs are returned unchanged."""
        return compress_inputs(xs, self._sparse_inputs())

    # ------------------------------------------------------------------ metrics and logs
    def _update_metrics(self, ys, preds, sw) -> None:
        self.compiled_metrics.update_state(ys, preds, sw)

    def _reset_metrics(self) -> None:
        self.compiled_metrics.reset_state()

    def _logs(self, tracker) -> dict:
        """Keras's logs: ``<output>_loss`` per output (multi-output), the metrics, then ``loss``."""
        logs = tracker.output_results()
        logs.update(self.compiled_metrics.result())
        logs["loss"] = tracker.result()
        return logs

    @staticmethod
    def _format_results(logs, return_dict):
        if return_dict:
            return logs
        values = [logs["loss"]] + [v for k, v in logs.items() if k != "loss"]
        return values[0] if len(values) == 1 else values

    # ------------------------------------------------------------------ steps
    def _test_step(self, x, y, sample_weight=None):
        """Forward (inference mode) and loss on one batch: ``StepResult(loss, output_losses,
        y_pred)``; ``loss`` excludes weight penalties (``_evaluate_epoch`` adds them once)."""
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            preds = self._forward(x, training=False)
            total, per_output, _, _ = self.compiled_loss(y, preds, sample_weight)
        return StepResult(total, per_output, preds)

    def _evaluate_epoch(self, iterator: EpochIterator, callbacks=None, keep_outputs=None) -> dict:
        """Loss and metrics over one pass of ``iterator``; ``callbacks`` (a ``CallbackList``) get
        ``on_test_begin``/``on_test_batch_begin``/``on_test_batch_end``/``on_test_end``, and
        setting ``model.stop_evaluating`` in a hook stops after that batch (Keras 3).
        ``keep_outputs``: a list (one per output) of lists that receive each batch's outputs."""
        self._reset_metrics()
        self.stop_evaluating = False
        tracker = self.compiled_loss.tracker()
        penalty = sum(l.regularization_penalty() for l in self.layers if l._regularizers)
        if callbacks is not None:
            callbacks.on_test_begin()
        for step, batch in iterator.enumerate_epoch():
            if callbacks is not None:
                callbacks.on_test_batch_begin(step)
            result = self._test_step(*batch)
            if keep_outputs is not None:
                for kept, p in zip(keep_outputs, result.y_pred):
                    kept.append(B.to_numpy(p))
            tracker.update_state(result.loss + penalty, result.output_losses, batch.size)
            self._update_metrics(batch.y, result.y_pred, batch.sample_weight)
            if callbacks is not None:
                callbacks.on_test_batch_end(step, self._logs(tracker))
            if self.stop_evaluating:
                break
        logs = self._logs(tracker)
        if callbacks is not None:
            callbacks.on_test_end(logs)
        return logs

    # ------------------------------------------------------------------ public
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """Loss and metrics on ``(x, y)``: a scalar loss, ``[loss, metric...]`` or a dict.

        ``callbacks`` receive the ``on_test_*`` hooks; one may set ``model.stop_evaluating = True``
        to end the evaluation after the current batch (the logs cover the batches seen), as in Keras 3.
        ``verbose``: ``"auto"`` or 1 draws a progress bar on stdout, 2 prints only its final line,
        0 is silent (Keras 3's values).
        """
        logs, _ = self._evaluate_checked(x, y, batch_size, sample_weight, callbacks, keep=False,
                                         verbose=verbose)
        return self._format_results(logs, return_dict)

    def evaluate_and_predict(self, x, y, batch_size=None, sample_weight=None, callbacks=None):
        """``(logs, outputs)``: ``evaluate(..., return_dict=True)`` and ``predict(x)`` in one pass.

        Not a Keras method: the window needs both for a test set, and one forward pass instead of
        two halves the wait. ``outputs`` has ``predict``'s structure (the batches seen when a
        callback stopped the evaluation early).
        """
        logs, kept = self._evaluate_checked(x, y, batch_size, sample_weight, callbacks, keep=True)
        return logs, self._pack_outputs(self._concat_outputs(kept))

    def _evaluate_checked(self, x, y, batch_size, sample_weight, callbacks, keep: bool, verbose=0):
        self._ensure_compiled("evaluate")
        data = self._prepare_arrays(x, y, sample_weight)
        if not hasattr(self, "_fusable"):
            self._prepare_training()
        iterator = EpochIterator(data, D.batch_size(batch_size))
        cb = None
        verbose = 1 if verbose == "auto" else int(verbose)
        if callbacks or verbose:
            from .. import callbacks as callbacks_module  # noqa: PLC0415

            cbs = list(callbacks or []) + ([callbacks_module.ProgbarLogger()] if verbose else [])
            cb = callbacks_module.CallbackList(cbs, model=self, epochs=1, verbose=verbose,
                                               steps=iterator.num_batches)
        kept = [[] for _ in self.outputs] if keep else None
        logs = self._evaluate_epoch(iterator, callbacks=cb, keep_outputs=kept)
        return logs, kept

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Outputs for ``x`` as NumPy arrays, computed in batches (default 32) in inference mode."""
        data = self._prepare_arrays(x)
        chunks = [[] for _ in self.outputs]
        for _, batch in EpochIterator(data, D.batch_size(batch_size)).enumerate_epoch():
            for c, o in zip(chunks, self._forward(batch.x, training=False)):
                c.append(B.to_numpy(o))
        return self._pack_outputs(self._concat_outputs(chunks))

    def _concat_outputs(self, chunks) -> list:
        """Each output's batches joined along the batch axis (an empty ``(0, ...)`` array when none)."""
        return [np.concatenate(c, axis=0) if c else np.zeros((0,) + tuple(t.shape[1:]), B.floatx())
                for c, t in zip(chunks, self.outputs)]

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) on one batch, without updating weights; the data pass ``fit``'s checks."""
        self._ensure_compiled("test_on_batch")
        data = self._prepare_arrays(x, y, sample_weight)
        if not hasattr(self, "_fusable"):
            self._prepare_training()
        logs = self._evaluate_epoch(EpochIterator(data, max(1, data.num_samples)))
        return self._format_results(logs, return_dict)

    def predict_on_batch(self, x):
        """Outputs for one batch (NumPy)."""
        return self.predict(x, batch_size=max(1, len(self._standardize_x(x)[0])))
