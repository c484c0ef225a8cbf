"""``fit`` on the Keras engine: the netbuilder model trained by real Keras 3, then given its weights back.

Reads top to bottom like ``Model.fit``: import Keras → refuse what it cannot take → the same
prepared arrays and validation split as our ``fit`` → the Keras model from the ``.keras`` export
(inside a ``DataParallel`` scope when several devices are asked for) → seed → ``keras_model.fit``
with one Keras callback that forwards every hook to netbuilder callbacks → the trained weights back
into the netbuilder model through the ``.keras`` import path.

The netbuilder callbacks (the window's bridge, ``EarlyStopping``, ``CSVLogger``, the best-weights
keeper, ...) run unchanged: they see :class:`~.convert.KerasModelView` as ``self.model`` and
receive Keras's logs as Python floats with our names (``loss``, ``accuracy``, ``val_loss``, ...).
Keras checks ``stop_training`` after every batch and ``stop_evaluating`` after every validation
batch, as our loop does, so Stop and Pause behave the same.

Keras semantics that match ours: ``validation_split`` takes the last fraction before shuffling
(done here, once, so both engines validate on the same samples); ``shuffle`` reshuffles every epoch
(with Keras's random generator, seeded from ``seed``); ``initial_epoch`` resumes the numbering. What
does not carry over: the optimizer's state (moments) of an earlier netbuilder run starts afresh, as
when Keras loads a ``.keras`` file; mostly-zero (multi-hot) inputs are fed dense.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
import time

import numpy as np

from .. import callbacks as callbacks_module
from .. import utils
from . import convert
from .probe import KerasEngineError, import_keras, list_devices


def _py_logs(logs) -> dict:
    """Keras logs (backend scalars) → ``{name: float}``."""
    out = {}
    for k, v in (logs or {}).items():
        try:
            out[k] = float(np.asarray(v))
        except (TypeError, ValueError):
            out[k] = v
    return out


def _forwarder(keras, ours: callbacks_module.CallbackList):
    """A Keras callback calling the same hooks on the netbuilder callbacks ``ours``."""

    class Forward(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            ours.on_train_begin(_py_logs(logs))

        def on_train_end(self, logs=None):
            ours.on_train_end(_py_logs(logs))

        def on_epoch_begin(self, epoch, logs=None):
            ours.on_epoch_begin(epoch, _py_logs(logs))

        def on_epoch_end(self, epoch, logs=None):
            ours.on_epoch_end(epoch, _py_logs(logs))

        def on_train_batch_begin(self, batch, logs=None):
            ours.on_train_batch_begin(batch, _py_logs(logs))

        def on_train_batch_end(self, batch, logs=None):
            ours.on_train_batch_end(batch, _py_logs(logs))

        def on_test_batch_end(self, batch, logs=None):
            ours.on_test_batch_end(batch, _py_logs(logs))

    return Forward()


@contextlib.contextmanager
def device_scope(keras, devices: int | None):
    """Yield the device names training runs on; with more than one, inside a
    ``keras.distribution.DataParallel`` over the first ``devices`` (JAX backend): each batch is split
    across them and the gradients averaged, so a global batch of ``B`` computes what one device
    computes with ``B``. ``None``: every device the backend lists."""
    available = list_devices()
    n = len(available) if devices is None else int(devices)
    if n < 1:
        raise KerasEngineError(f"devices must be 1 or more, got {devices}", code="keras_devices", value=devices,
                               available=len(available))
    if n > len(available):
        raise KerasEngineError(f"{n} devices asked for, the {keras.backend.backend()} backend sees "
                               f"{len(available)} ({', '.join(available)})", code="keras_devices", value=n,
                               available=len(available))
    used = available[:n]
    if n == 1:
        yield used
        return
    if keras.backend.backend() != "jax":
        raise KerasEngineError(f"training on {n} devices needs Keras's JAX backend (keras.distribution); this is "
                               f"{keras.backend.backend()!r}: set KERAS_BACKEND=jax", code="keras_devices_backend",
                               value=n, backend=keras.backend.backend())
    dist = keras.distribution.DataParallel(devices=used)
    with dist.scope():
        yield used


def prepare_arrays(model, x, y, validation_split=0.0, validation_data=None) -> tuple:
    """``(xs, ys, validation)``: lists of checked host arrays, as our ``fit`` standardizes them, and
    the validation ``(xs, ys)`` (``validation_data``, or the last ``validation_split`` of the samples,
    cut before any shuffling, as Keras and our ``fit`` do), or None."""
    train, val = model._prepare_fit_data(x, y, validation_split=validation_split,
                                         validation_data=validation_data)  # our fit's own checks and split
    return train.x, train.y, None if val is None else (val.x, val.y)


def check_split(n_devices: int, batch_size: int, n_train: int, n_val: int = 0) -> None:
    """Data parallelism splits every batch into ``n_devices`` equal parts (JAX shards need equal
    sizes): refuse, before training, a batch size or a last batch (training or validation) that does
    not divide, naming the numbers."""
    if n_devices <= 1:
        return
    for what, n in (("training", n_train), ("validation", n_val)):
        if not n:
            continue
        sizes = {min(batch_size, n), n % batch_size or batch_size}
        bad = sorted(s for s in sizes if s % n_devices)
        if bad:
            raise KerasEngineError(
                f"training on {n_devices} devices splits every batch into {n_devices} equal parts, but a "
                f"{what} batch has {bad[0]} samples ({n} {what} samples, batch size {batch_size}): choose a "
                f"batch size and sample counts divisible by {n_devices}", code="keras_devices_split",
                value=bad[0], devices=n_devices)


def _one_or_list(arrays):
    return arrays[0] if len(arrays) == 1 else list(arrays)


def fit(model, x=None, y=None, batch_size=None, epochs=1, verbose=0, callbacks=None, validation_split=0.0,
        validation_data=None, shuffle=True, initial_epoch=0, class_weight=None, devices=None, seed=None,
        log=None):
    """Train the compiled netbuilder ``model`` with Keras 3; returns a netbuilder ``History``.

    Arguments as ``Model.fit`` (Keras's names and defaults: ``batch_size`` 32), plus:
        devices: how many devices (``None``: all the backend lists; more than one → ``DataParallel``,
            JAX only). ``batch_size`` is the global batch, split across them.
        seed: seeds Keras (``keras.utils.set_random_seed``: shuffling, dropout); None draws one from
            netbuilder's generator, so a seeded netbuilder run gives a repeatable Keras run.
        log: ``log(str)`` receives one line on the backend and devices (default: nothing).

    ``callbacks`` are netbuilder callbacks. After the run (or a Stop, or an error inside Keras's
    loop) ``model`` holds the trained weights and ``model.history`` the History.
    """
    model._ensure_compiled("fit")
    keras = import_keras()
    convert.check_supported(keras, model)
    batch_size = 32 if batch_size is None else int(batch_size)
    if batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
    xs, ys, val = prepare_arrays(model, x, y, validation_split, validation_data)
    n = len(xs[0])
    steps = math.ceil(n / batch_size)
    history = callbacks_module.History()
    cbs = list(callbacks or [])
    if verbose:
        cbs.append(callbacks_module.ProgbarLogger())
    seed = int(utils.rng().integers(2**31 - 1)) if seed is None else int(seed)
    with tempfile.TemporaryDirectory(prefix="nb-keras-") as workdir, device_scope(keras, devices) as used:
        if log is not None:
            log(f"Keras {keras.__version__} on {keras.backend.backend()}, "
                + (f"data parallel over {len(used)} devices ({', '.join(used)}), global batch {batch_size}"
                   if len(used) > 1 else f"device {used[0]}"))
        check_split(len(used), batch_size, n, 0 if val is None else len(val[0][0]))
        kmodel = convert.to_keras(keras, model, workdir)
        link = convert.WeightLink(model, kmodel)
        view = convert.KerasModelView(model, kmodel, link)
        ours = callbacks_module.CallbackList(cbs + [history], model=view, epochs=epochs, steps=steps,
                                             verbose=int(verbose or 0))
        keras.utils.set_random_seed(seed)
        kmodel.stop_training = False
        kval = None if val is None else (_one_or_list(val[0]), _one_or_list(val[1]))
        t0 = time.perf_counter()
        try:
            kmodel.fit(_one_or_list(xs), _one_or_list(ys), batch_size=batch_size, epochs=epochs, verbose=0,
                       callbacks=[_forwarder(keras, ours)], validation_data=kval, shuffle=bool(shuffle),
                       initial_epoch=initial_epoch, class_weight=class_weight)
        finally:
            convert.weights_back(model, kmodel, workdir)
            if model.optimizer is not None and hasattr(model.optimizer, "learning_rate"):
                try:
                    model.optimizer.learning_rate = view.optimizer.learning_rate  # ReduceLROnPlateau's
                except (AttributeError, TypeError, ValueError):
                    pass
            model.history = history
            history.model = model
            history.seconds = time.perf_counter() - t0
            history.devices = list(used)
    return history


__all__ = ["fit", "prepare_arrays", "device_scope", "KerasEngineError"]
