"""netbuilder model → compiled Keras model, and the weights between the two while Keras trains.

The Keras model is what real Keras makes of our ``.keras`` export (``core/export``):
``export_keras`` writes the archive, ``keras.saving.load_model`` reads it, and
``compile_from_config`` compiles it from the archive's ``compile_config`` (the same optimizer with
its arguments, loss and metrics), so there is one translation, the exporter's. Only the
``jit_compile`` flag differs from the archive (``"auto"``: XLA on JAX), as it changes speed, not
maths.

Before anything is built, :func:`check_supported` turns every layer and the compile settings into
Keras objects one by one, so a layer or setting Keras cannot take is refused with the node named,
and never half-trained.

:class:`WeightLink` maps each netbuilder weight array to its Keras variable, by the place each takes
in Keras's ``.weights.h5`` layout (``export.keras_weights``), so netbuilder callbacks that call
``get_weights``/``set_weights`` during a Keras run (best-weights keeper, ``EarlyStopping``) see
netbuilder's order.
"""

from __future__ import annotations

import os
import tempfile
import warnings

import numpy as np

from .. import backend as B
from ..export import ExportError, export_keras
from ..export.keras_archive import compile_to_keras
from ..export.keras_config import container_paths, keras_layer_order, layer_to_keras, weight_groups
from ..export.keras_weights import load_weights_h5
from .probe import KerasEngineError


def _is_nested(layer) -> bool:
    return getattr(layer, "model", None) is not None and hasattr(layer, "share_weights_with")


def _check_layers(keras, model, where=""):
    for layer in keras_layer_order(model):
        cls = type(layer).__name__
        if _is_nested(layer):
            _check_layers(keras, layer.model, f" (inside {layer.name!r})")
            continue
        try:
            entry = layer_to_keras(cls, layer.get_config())
        except ExportError as exc:
            raise KerasEngineError(f"layer {layer.name!r}{where} ({cls}) cannot train on Keras: {exc}",
                                   code="keras_engine_layer", layer=layer.name, class_name=cls) from exc
        if cls == "InputLayer":
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                keras.saving.deserialize_keras_object(entry)
        except Exception as exc:  # noqa: BLE001 - Keras raises many types; each names the argument
            raise KerasEngineError(f"layer {layer.name!r}{where} ({cls}) cannot train on Keras: Keras refuses "
                                   f"its settings ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
                                   code="keras_engine_layer", layer=layer.name, class_name=cls) from exc


def check_supported(keras, model) -> None:
    """Raise :class:`KerasEngineError` naming the first layer (``layer=``) or compile setting that
    Keras cannot take; ``model`` must be built and compiled."""
    if not getattr(model, "built", False):
        raise KerasEngineError("the model is not built: give it an Input layer first", code="keras_engine_unbuilt")
    if not getattr(model, "compiled", False):
        raise KerasEngineError("the model is not compiled: choose an optimizer and a loss first",
                               code="keras_engine_uncompiled")
    _check_layers(keras, model)
    cc = compile_to_keras(model) or {}
    items = [("optimizer", cc.get("optimizer"))]
    loss = cc.get("loss")
    items += [("loss", one) for one in (loss if isinstance(loss, list) else [loss]) if one is not None]
    metrics = cc.get("metrics") or []
    for group in metrics if metrics and isinstance(metrics[0], list) else [metrics]:
        items += [("metric", m) for m in group]
    for kind, obj in items:
        if not isinstance(obj, dict):
            continue  # a plain name ("accuracy") Keras resolves itself
        try:
            keras.saving.deserialize_keras_object(obj)
        except Exception as exc:  # noqa: BLE001
            raise KerasEngineError(f"the {kind} {obj.get('class_name')!r} cannot train on Keras: "
                                   f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                                   code="keras_engine_setting", setting=kind, value=obj.get("class_name")) from exc


def to_keras(keras, model, workdir: str):
    """The compiled Keras model of ``model`` (its architecture, current weights and compile
    settings), through the ``.keras`` archive written into ``workdir``."""
    path = os.path.join(workdir, "model.keras")
    export_keras(model, path)
    with warnings.catch_warnings():
        # "Skipping variable loading for optimizer": our archive carries no optimizer state
        warnings.simplefilter("ignore")
        kmodel = keras.saving.load_model(path, compile=False)
        cc = dict(compile_to_keras(model), jit_compile="auto")
        kmodel.compile_from_config(cc)
    return kmodel


def weights_back(model, kmodel, workdir: str) -> None:
    """Copy the Keras model's weights into ``model`` through the ``.keras`` import path
    (``kmodel.save_weights`` → ``export.keras_weights.load_weights_h5``, every shape checked)."""
    path = os.path.join(workdir, "trained.weights.h5")
    kmodel.save_weights(path)
    with open(path, "rb") as f:
        load_weights_h5(model, f.read(), "the Keras engine's weights")


class WeightLink:
    """netbuilder weight arrays ↔ Keras variables, one pair per array.

    Built once: every Keras variable ``k`` is filled with the marker ``k + 1``, the Keras model
    writes its ``.weights.h5``, and each netbuilder array finds its marker at its own place in that
    layout (the place ``export.keras_weights`` gives it); then the netbuilder weights are pushed.
    """

    def __init__(self, model, kmodel):
        self.model, self.kmodel = model, kmodel
        self.kvars = list(kmodel.weights)
        layers = keras_layer_order(model)
        slots = [(layer, group, i, arr) for layer, path in zip(layers, container_paths(layers))
                 for group, arrays in weight_groups(layer, path) for i, arr in enumerate(arrays)]
        for k, v in enumerate(self.kvars):
            v.assign(np.full(tuple(v.shape), k + 1, dtype=np.float32).astype(v.dtype))
        with tempfile.TemporaryDirectory(prefix="nb-keras-link-") as tmp:
            path = os.path.join(tmp, "markers.weights.h5")
            kmodel.save_weights(path)
            import h5py  # noqa: PLC0415 - a dependency of the .keras export, hence of this engine

            with h5py.File(path, "r") as f:
                self.pairs = []
                for layer, group, i, arr in slots:
                    key = f"{group}/{i}"
                    data = np.asarray(f[key][()]) if key in f else None
                    k = int(round(float(data.flat[0]))) - 1 if data is not None and data.size else -1
                    if not 0 <= k < len(self.kvars) or tuple(self.kvars[k].shape) != tuple(arr.shape):
                        raise KerasEngineError(f"layer {layer.name!r}: its weight {key} has no Keras variable of "
                                               f"shape {tuple(arr.shape)}", code="keras_engine_weights",
                                               layer=layer.name)
                    self.pairs.append((arr, self.kvars[k]))
        self.push()

    def sync(self) -> None:
        """Put the state Keras's JAX loop carries between steps back into the variables (it keeps
        them detached inside an epoch); the next step then reads them again, with our changes."""
        sync = getattr(self.kmodel, "jax_state_sync", None)
        if sync is not None:
            sync()

    def push(self) -> None:
        """netbuilder → Keras."""
        self.sync()
        for arr, var in self.pairs:
            var.assign(np.asarray(B.to_numpy(arr)).astype(var.dtype))

    def pull(self) -> None:
        """Keras → netbuilder (in place: the arrays keep their identity)."""
        self.sync()
        for arr, var in self.pairs:
            arr[...] = B.asarray(np.asarray(var), dtype=arr.dtype)


class _LearningRate:
    """``model.optimizer`` as netbuilder callbacks see it: a settable float ``learning_rate``."""

    def __init__(self, koptimizer, link: WeightLink):
        self._k, self._link = koptimizer, link

    @property
    def learning_rate(self) -> float:
        self._link.sync()
        return float(np.asarray(self._k.learning_rate))

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._link.sync()
        self._k.learning_rate = float(value)


class KerasModelView:
    """What netbuilder callbacks get as ``self.model`` during a Keras run.

    ``stop_training``/``stop_evaluating`` are the Keras model's (Keras checks them after every batch,
    as our ``fit`` does); ``get_weights``/``set_weights``/``save``/``save_weights`` act on the
    netbuilder model after bringing the Keras weights over (so they use netbuilder's order and
    file formats); ``optimizer.learning_rate`` reads and sets Keras's. Anything else is the
    netbuilder model's.
    """

    def __init__(self, model, kmodel, link: WeightLink):
        self.__dict__.update(_model=model, _kmodel=kmodel, _link=link,
                             optimizer=_LearningRate(kmodel.optimizer, link))

    @property
    def stop_training(self) -> bool:
        return bool(self._kmodel.stop_training)

    @stop_training.setter
    def stop_training(self, value) -> None:
        self._kmodel.stop_training = bool(value)

    @property
    def stop_evaluating(self) -> bool:
        return bool(getattr(self._kmodel, "stop_evaluating", False))

    @stop_evaluating.setter
    def stop_evaluating(self, value) -> None:
        self._kmodel.stop_evaluating = bool(value)

    def get_weights(self) -> list:
        self._link.pull()
        return self._model.get_weights()

    def set_weights(self, weights) -> None:
        self._model.set_weights(weights)
        self._link.push()

    def save(self, filepath, overwrite=True) -> None:
        self._link.pull()
        self._model.save(filepath, overwrite=overwrite)

    def save_weights(self, filepath, overwrite=True) -> None:
        self._link.pull()
        self._model.save_weights(filepath, overwrite=overwrite)

    def __getattr__(self, name):
        return getattr(self._model, name)

    def __setattr__(self, name, value):
        if name in ("stop_training", "stop_evaluating"):
            object.__setattr__(self, name, value)  # the properties above
        else:
            setattr(self._model, name, value)
