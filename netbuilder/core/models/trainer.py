"""compile / fit / evaluate / predict: the training loop, with Keras 3 semantics.

``fit`` reads top to bottom: epochs → batches → forward → loss → backward → optimizer step →
callbacks. History keys are named as Keras names them (``loss``, ``accuracy``, ``val_loss``, ...;
``<output>_loss`` per output for multi-output models).
"""

from __future__ import annotations

import math

import numpy as np

from .. import backend as B
from .. import callbacks as callbacks_module
from .. import threads as threads_module
from .. import metrics as metrics_module
from .. import sparse, utils
from ..errors import DataError
from ..metrics.base import Mean
from . import compile_utils
from . import data as D
from .evaluation import Evaluation


class Trainer(Evaluation):
    """Training mixin of ``Model``; subclasses provide the graph (``_forward``/``_backward``)."""

    def __init__(self):
        self.optimizer = None
        self.compiled = False
        self.stop_training = False
        self.stop_evaluating = False
        self.history = None
        self._compile_config = None
        self._losses = None
        self._loss_weights = None
        self._metric_ids = None
        self._metrics = None

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
        self._losses = losses
        self._loss_weights = weights
        self._metric_ids = per_out
        self._metrics = None  # resolved on the first batch (needs shapes)
        self._compile_config = config
        self.compiled = True

    def _resolve_metrics(self, ys, preds) -> None:
        names = self.output_names
        multi = len(names) > 1
        self._metrics = []
        for i, ids in enumerate(self._metric_ids):
            out = []
            for ident in ids:
                weighted = isinstance(ident, tuple) and ident[0] == "weighted"
                if weighted:
                    ident = ident[1]
                m = metrics_module.resolve(ident, loss=self._losses[i], y_true_shape=ys[i].shape,
                                           y_pred_shape=preds[i].shape)
                if multi:
                    m.name = f"{names[i]}_{m.name}"
                # Keras 3: sample weights apply only to weighted_metrics
                m._nb_weighted = weighted
                out.append(m)
            self._metrics.append(out)

    # ------------------------------------------------------------------ data
    def _standardize_x(self, x) -> list:
        arrays = D.to_list(x, self.input_names, "input")
        xs = [D.as_host_array(a, f"input {n!r}") for a, n in zip(arrays, self.input_names)]
        D.check_input_shapes(xs, self.inputs, self.input_names)
        return xs

    def _standardize_y(self, y) -> list:
        arrays = D.to_list(y, self.output_names, "target")
        return [D.as_host_array(a, f"target {n!r}") for a, n in zip(arrays, self.output_names)]

    def _check_data(self, xs, ys) -> None:
        for loss, yt, t in zip(self._losses, ys, self.outputs):
            if loss is not None:
                pred_shape = (yt.shape[0],) + tuple(t.shape[1:])
                loss.check_targets(yt.shape, pred_shape)
                check_values = getattr(loss, "check_target_values", None)
                if check_values is not None:
                    check_values(yt, pred_shape)
        for node in self._nodes:
            check = getattr(node.layer, "check_input_data", None)
            if check is None:
                continue
            for t in node.inputs:
                if t in self.inputs:
                    check(xs[self.inputs.index(t)])

    def _ensure_compiled(self, what: str) -> None:
        if not self.compiled:
            raise RuntimeError(f"You must call compile() before {what}()")

    # ------------------------------------------------------------------ one step
    def _prepare_training(self) -> None:
        from . import graph  # noqa: PLC0415

        graph.mark_input_grads(self._nodes)
        self._train_layers = [l for l in self.layers if l.trainable and l.trainable_keys()]
        self._train_vars = [l.params[k] for l in self._train_layers for k in l.trainable_keys()]
        self._fusable = []
        for t in self.outputs:
            layer = _runner_of(t)
            act = getattr(layer, "activation", None)
            node = t._keras_history[0]._inbound_nodes[t._keras_history[1]]
            alone = self._consumers.get(id(t), 0) == 0 and len(node.outputs) == 1
            self._fusable.append(getattr(act, "name", None) if alone and getattr(layer, "supports_fused_output", False)
                                 else None)

    def _compute_loss(self, ys, preds, sw, want_grads: bool):
        """(total loss, per-output losses, gradients w.r.t. outputs, fused flags)."""
        total = 0.0
        per_output = []
        grads = []
        fused = []
        for i, (loss, yt, yp) in enumerate(zip(self._losses, ys, preds)):
            if loss is None:
                per_output.append(0.0)
                grads.append(None)
                fused.append(False)
                continue
            w = self._loss_weights[i]
            value = loss(yt, yp, sw)
            per_output.append(value)
            total += w * value
            if want_grads:
                g = None
                if self._fusable[i]:
                    g = loss.fused_gradient(yt, yp, self._fusable[i], sw)
                fused.append(g is not None)
                if g is None:
                    g = loss.gradient(yt, yp, sw)
                grads.append(g if w == 1.0 else g * w)
        return total, per_output, grads, fused

    def _train_step(self, xs, ys, sw):
        # a diverging run overflows somewhere; the loss check below catches it, so NumPy's
        # warnings add nothing but noise
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return self._train_step_inner(xs, ys, sw)

    def _train_step_inner(self, xs, ys, sw):
        preds = self._forward(xs, training=True)
        total, per_output, grads, fused = self._compute_loss(ys, preds, sw, want_grads=True)
        total += self._regularization()
        if not math.isfinite(total):
            return total, per_output, preds
        out_layers = [_runner_of(t) for t in self.outputs]
        for layer, f in zip(out_layers, fused):
            layer._fused_output_grad = f
        try:
            self._backward(grads)
        finally:
            for layer in out_layers:
                layer._fused_output_grad = False
        grad_list = []
        for layer in self._train_layers:
            layer.add_regularization_grads()
            for k in layer.trainable_keys():
                grad_list.append(layer.grads.get(k))
        self.optimizer.apply(grad_list, self._train_vars)
        for layer in self._train_layers:
            if layer._constraints:
                layer.apply_constraints()
        return total, per_output, preds

    def _update_metrics(self, ys, preds, sw) -> None:
        if self._metrics is None:
            self._resolve_metrics(ys, preds)
        for ms, yt, yp in zip(self._metrics, ys, preds):
            for m in ms:
                m.update_state(yt, B.to_numpy(yp), sample_weight=sw if m._nb_weighted else None)

    def _new_trackers(self):
        return Mean("loss"), [Mean(f"{n}_loss") for n in self.output_names]

    def _logs(self, loss_tracker, out_trackers, prefix="") -> dict:
        logs = {}
        if len(self.outputs) > 1:
            for t in out_trackers:
                logs[prefix + t.name] = t.result()
        for ms in self._metrics or []:
            for m in ms:
                logs[prefix + m.name] = _py(m.result())
        logs[prefix + "loss"] = loss_tracker.result()
        return logs

    def _reset_metrics(self) -> None:
        for ms in self._metrics or []:
            for m in ms:
                m.reset_state()

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
        if x is None or y is None:
            raise DataError("fit needs both x and y", code="fit_no_data")
        batch_size = 32 if batch_size is None else int(batch_size)
        if batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
        self._maybe_build(x)
        xs = self._standardize_x(x)
        ys = self._standardize_y(y)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=B.floatx())
        n = D.check_lengths(xs, ys, sw)
        self._check_data(xs, ys)
        if class_weight:
            cw = D.class_weight_to_sample_weight(ys[0], class_weight)
            sw = cw if sw is None else sw * cw
        val = None
        if validation_data is not None:
            val = self._unpack_validation(validation_data)
        elif validation_split:
            if not 0.0 < validation_split < 1.0:
                raise ValueError(f"validation_split must be in (0, 1), got {validation_split}")
            split_at = int(math.floor(n * (1.0 - validation_split)))
            if split_at == 0 or split_at == n:
                raise DataError(f"validation_split={validation_split} leaves no training or no "
                                f"validation samples out of {n}", code="val_split_empty")
            val = ([a[split_at:] for a in xs], [a[split_at:] for a in ys],
                   None if sw is None else sw[split_at:])
            xs = [a[:split_at] for a in xs]
            ys = [a[:split_at] for a in ys]
            sw = None if sw is None else sw[:split_at]
            n = split_at

        self._prepare_training()
        history = callbacks_module.History()
        cbs = list(callbacks or [])
        tuner = threads_module.tuner_for_fit()  # BLAS threads by measured batch time (core/threads.py)
        if tuner is not None:
            cbs.append(tuner)
        verbose = 1 if verbose == "auto" else int(verbose)
        steps = math.ceil(n / batch_size)
        if verbose and hasattr(callbacks_module, "ProgbarLogger"):
            cbs.append(callbacks_module.ProgbarLogger())
        cb = callbacks_module.CallbackList(cbs + [history], model=self, epochs=epochs, steps=steps,
                                           verbose=verbose)
        self.stop_training = False
        xs_dev = self._compressed_inputs([B.asarray(a, dtype=a.dtype) for a in xs])
        if val is not None:  # validated every epoch: the same compressed forward pass
            val = (self._compressed_inputs(val[0]), val[1], val[2])
        ys_dev = [B.asarray(a, dtype=a.dtype) for a in ys]
        sw_dev = None if sw is None else B.asarray(sw)
        gather = D.BatchGatherer()

        def len_of(idx):
            return idx.stop - idx.start if isinstance(idx, slice) else len(idx)

        cb.on_train_begin()
        logs = {}
        for epoch in range(initial_epoch, epochs):
            self._reset_metrics()
            loss_tracker, out_trackers = self._new_trackers()
            cb.on_epoch_begin(epoch)
            order = utils.rng().permutation(n) if shuffle else None
            if order is not None and B.backend() == "cupy":
                order = B.asarray(order)
            for step, idx in enumerate(D.batches(n, batch_size, order)):
                if steps_per_epoch is not None and step >= steps_per_epoch:
                    break
                cb.on_train_batch_begin(step)
                xb = [gather(("x", i, len_of(idx)), a, idx) for i, a in enumerate(xs_dev)]
                yb = [gather(("y", i, len_of(idx)), a, idx) for i, a in enumerate(ys_dev)]
                swb = None if sw_dev is None else gather(("w", 0, len_of(idx)), sw_dev, idx)
                total, per_output, preds = self._train_step(xb, yb, swb)
                nb = int(xb[0].shape[0])
                loss_tracker.update_state(total, sample_weight=nb)
                for t, v in zip(out_trackers, per_output):
                    t.update_state(v, sample_weight=nb)
                if math.isfinite(total):
                    self._update_metrics(yb, preds, swb)
                logs = self._logs(loss_tracker, out_trackers)
                if not math.isfinite(total):
                    logs["loss"] = float(total)
                cb.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            epoch_logs = dict(logs)
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._evaluate_arrays(*val, batch_size=validation_batch_size or batch_size, callbacks=cb)
                epoch_logs.update({"val_" + k: v for k, v in val_logs.items()})
            cb.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        cb.on_train_end(logs)
        self.history = history
        history.model = self
        return history

    def _compressed_inputs(self, xs: list) -> list:
        """``xs`` with mostly-zero inputs as ``sparse.SparseMatrix`` (NumPy backend only).

        An input qualifies when every layer reading it accepts ``SparseRows`` (``Dense``) and
        ``SparseMatrix.from_dense`` finds it sparse enough; batches then cost work in
        proportion to their non-zero entries. Other inputs are returned unchanged.
        """
        if not sparse.ENABLED or B.backend() != "numpy":
            return xs
        out = list(xs)
        for i, t in enumerate(self.inputs):
            if any(o is t for o in self.outputs):
                continue
            readers = [node.layer for node in self._nodes if any(u is t for u in node.inputs)]
            if readers and all(layer.accepts_sparse_rows for layer in readers):
                compressed = sparse.SparseMatrix.from_dense(xs[i])
                if compressed is not None:
                    out[i] = compressed
        return out

    def _unpack_validation(self, validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight)")
        vx = self._standardize_x(validation_data[0])
        vy = self._standardize_y(validation_data[1])
        vsw = None if len(validation_data) == 2 or validation_data[2] is None else np.asarray(
            validation_data[2], dtype=B.floatx())
        D.check_lengths(vx, vy, vsw)
        return vx, vy, vsw

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


def _py(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return v.item()
    return v
