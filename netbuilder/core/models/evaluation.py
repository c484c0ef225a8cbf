"""evaluate / predict / train_on_batch / test_on_batch: running a compiled model on data."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..sparse import SparseMatrix
from . import data as D


class Evaluation:
    """Mixin of ``Trainer``: loss and metrics on data, predictions, one-batch steps."""

    def _evaluate_arrays(self, xs, ys, sw, batch_size=32, callbacks=None, keep_outputs=None) -> dict:
        """Loss and metrics over the arrays in batches; ``callbacks`` (a ``CallbackList``) get
        ``on_test_begin``/``on_test_batch_begin``/``on_test_batch_end``/``on_test_end``, and
        setting ``model.stop_evaluating`` in a hook stops after that batch (Keras 3).
        ``keep_outputs``: a list (one per output) of lists that receive each batch's outputs."""
        self._reset_metrics()
        self.stop_evaluating = False
        loss_tracker, out_trackers = self._new_trackers()
        n = xs[0].shape[0]
        reg = sum(l.regularization_penalty() for l in self.layers if l._regularizers)
        if callbacks is not None:
            callbacks.on_test_begin()
        for step, idx in enumerate(D.batches(n, batch_size)):
            if callbacks is not None:
                callbacks.on_test_batch_begin(step)
            xb = [a[idx] if isinstance(a, SparseMatrix) else B.asarray(a[idx], dtype=a.dtype) for a in xs]
            yb = [B.asarray(a[idx], dtype=a.dtype) for a in ys]
            swb = None if sw is None else B.asarray(sw[idx])
            with np.errstate(over="ignore", invalid="ignore", under="ignore"):
                preds = self._forward(xb, training=False)
                total, per_output, _, _ = self._compute_loss(yb, preds, swb, want_grads=False)
            if keep_outputs is not None:
                for kept, p in zip(keep_outputs, preds):
                    kept.append(B.to_numpy(p))
            nb = int(xb[0].shape[0])
            loss_tracker.update_state(total + reg, sample_weight=nb)
            for t, v in zip(out_trackers, per_output):
                t.update_state(v, sample_weight=nb)
            self._update_metrics(yb, preds, swb)
            if callbacks is not None:
                callbacks.on_test_batch_end(step, self._logs(loss_tracker, out_trackers))
            if self.stop_evaluating:
                break
        logs = self._logs(loss_tracker, out_trackers)
        if callbacks is not None:
            callbacks.on_test_end(logs)
        return logs

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
        if return_dict:
            return logs
        values = [logs["loss"]] + [v for k, v in logs.items() if k != "loss"]
        return values[0] if len(values) == 1 else values

    def evaluate_and_predict(self, x, y, batch_size=None, sample_weight=None, callbacks=None):
        """``(logs, outputs)``: ``evaluate(..., return_dict=True)`` and ``predict(x)`` in one pass.

        Not a Keras method: the window needs both for a test set, and one forward pass instead of
        two halves the wait. ``outputs`` has ``predict``'s structure (the batches seen when a
        callback stopped the evaluation early).
        """
        logs, kept = self._evaluate_checked(x, y, batch_size, sample_weight, callbacks, keep=True)
        outs = [np.concatenate(c, axis=0) if c else np.zeros((0,) + tuple(t.shape[1:]), B.floatx())
                for c, t in zip(kept, self.outputs)]
        return logs, self._pack_outputs(outs)

    def _evaluate_checked(self, x, y, batch_size, sample_weight, callbacks, keep: bool, verbose=0):
        self._ensure_compiled("evaluate")
        self._maybe_build(x)
        xs = self._standardize_x(x)
        ys = self._standardize_y(y)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=B.floatx())
        D.check_lengths(xs, ys, sw)
        self._check_data(xs, ys)
        if not hasattr(self, "_fusable"):
            self._prepare_training()
        bs = 32 if batch_size is None else int(batch_size)
        cb = None
        verbose = 1 if verbose == "auto" else int(verbose)
        if callbacks or verbose:
            from .. import callbacks as callbacks_module  # noqa: PLC0415

            cbs = list(callbacks or []) + ([callbacks_module.ProgbarLogger()] if verbose else [])
            cb = callbacks_module.CallbackList(cbs, model=self, epochs=1, verbose=verbose,
                                               steps=-(-xs[0].shape[0] // bs))
        kept = [[] for _ in self.outputs] if keep else None
        logs = self._evaluate_arrays(xs, ys, sw, batch_size=bs, callbacks=cb, keep_outputs=kept)
        return logs, kept

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Outputs for ``x`` as NumPy arrays, computed in batches (default 32) in inference mode."""
        self._maybe_build(x)
        xs = self._standardize_x(x)
        n = D.check_lengths(xs, None)
        bs = 32 if batch_size is None else int(batch_size)
        chunks = [[] for _ in self.outputs]
        for idx in D.batches(n, bs):
            outs = self._forward([B.asarray(a[idx], dtype=a.dtype) for a in xs], training=False)
            for c, o in zip(chunks, outs):
                c.append(B.to_numpy(o))
        outs = [np.concatenate(c, axis=0) if c else np.zeros((0,) + tuple(t.shape[1:]), B.floatx())
                for c, t in zip(chunks, self.outputs)]
        return self._pack_outputs(outs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the loss (and metrics) on that batch."""
        self._ensure_compiled("train_on_batch")
        self._maybe_build(x)
        xs = self._standardize_x(x)
        ys = self._standardize_y(y)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=B.floatx())
        D.check_lengths(xs, ys, sw)
        if class_weight:
            cw = D.class_weight_to_sample_weight(ys[0], class_weight)
            sw = cw if sw is None else sw * cw
        self._prepare_training()
        self._reset_metrics()
        xb = [B.asarray(a, dtype=a.dtype) for a in xs]
        yb = [B.asarray(a, dtype=a.dtype) for a in ys]
        swb = None if sw is None else B.asarray(sw)
        total, per_output, preds = self._train_step(xb, yb, swb)
        loss_tracker, out_trackers = self._new_trackers()
        loss_tracker.update_state(total)
        for t, v in zip(out_trackers, per_output):
            t.update_state(v)
        self._update_metrics(yb, preds, swb)
        return self._format_results(self._logs(loss_tracker, out_trackers), return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) on one batch, without updating weights."""
        self._ensure_compiled("test_on_batch")
        self._maybe_build(x)
        xs = self._standardize_x(x)
        ys = self._standardize_y(y)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=B.floatx())
        D.check_lengths(xs, ys, sw)
        if not hasattr(self, "_fusable"):
            self._prepare_training()
        logs = self._evaluate_arrays(xs, ys, sw, batch_size=max(1, xs[0].shape[0]))
        return self._format_results(logs, return_dict)

    def predict_on_batch(self, x):
        """Outputs for one batch (NumPy)."""
        return self.predict(x, batch_size=max(1, len(self._standardize_x(x)[0])))

    @staticmethod
    def _format_results(logs, return_dict):
        if return_dict:
            return logs
        values = [logs["loss"]] + [v for k, v in logs.items() if k != "loss"]
        return values[0] if len(values) == 1 else values

