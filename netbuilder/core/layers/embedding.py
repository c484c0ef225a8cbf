"""Embedding: integer indices → dense vectors (Keras 3 ``Embedding``)."""

from __future__ import annotations

import warnings

import numpy as np

from .. import backend as B
from .. import constraints, initializers, regularizers, validate
from ..errors import ConfigError, DataError
from ..registry import LAYERS
from . import fused
from .base import Layer


def _positive_int(layer, value, arg):
    return validate.positive_int(value, arg, where="Embedding", code="embedding_dim", layer=layer.name)


def scatter_add_rows(xp, n_rows, idx, values, scratch=None):
    """``out[idx[k]] += values[k]`` for rows ``k`` into a new zero ``(n_rows, d)`` array.

    With the compiled ``layers.fused`` pass (float32/float64 NumPy arrays) it is one loop over the
    rows in order, the same sums as ``np.add.at``'s. Otherwise: ``np.add.at`` on the 2-D array is
    slow (about 17 ms for 64,000 rows of 32); scattering into
    the flattened array with one combined index ``idx * d + column`` takes NumPy's fast 1-D
    ``ufunc.at`` path (about 3x faster, measured on the IMDB LSTM workload; sorting plus
    ``np.add.reduceat`` and per-column ``np.bincount`` were slower). ``scratch`` (a dict) keeps
    the combined-index array between calls. CuPy uses ``cupyx.scatter_add``.
    """
    d = values.shape[-1]
    values = values.reshape(-1, d)
    idx = idx.reshape(-1)
    if xp is np:
        out = np.zeros((n_rows, d), dtype=values.dtype)
        if fused.scatter_add_rows(idx, values, out):  # one compiled pass, np.add.at's sums
            return out
        out = out.reshape(-1)
        itype = np.int32 if n_rows * d < 2**31 else np.int64
        comb = None if scratch is None else scratch.get("comb")
        if comb is None or comb.shape != (idx.size, d) or comb.dtype != itype:
            comb = np.empty((idx.size, d), dtype=itype)
            if scratch is not None:
                scratch["comb"] = comb
        np.multiply(idx.astype(itype, copy=False)[:, None], itype(d), out=comb)
        comb += np.arange(d, dtype=itype)
        np.add.at(out, comb.reshape(-1), values.reshape(-1))
        return out.reshape(n_rows, d)
    import cupyx

    out = xp.zeros((n_rows, d), dtype=values.dtype)
    cupyx.scatter_add(out, idx, values)
    return out


@LAYERS.register(name="Embedding", group="Embedding", aliases=("embedding",))
class Embedding(Layer):
    """Turns integer indices into dense vectors: ``output[..., :] = embeddings[inputs[...]]``.

    Args:
        input_dim: size of the vocabulary, i.e. the largest index + 1.
        output_dim: size of each vector.
        embeddings_initializer: default ``"uniform"`` (Keras: RandomUniform(-0.05, 0.05)).
        embeddings_regularizer / activity_regularizer / embeddings_constraint: as in Keras.
        mask_zero: treat index 0 as padding: the layer outputs the mask ``inputs != 0`` that
            recurrent layers honour (then ``input_dim`` must count index 0, as in Keras).
        weights: optional initial weights ``[embeddings]``.
        input_length: ignored, as in Keras 3 (give the input shape with ``Input`` instead).

    Shapes: input ``(batch, ...)`` of integers (floats are truncated to ints, as Keras casts
    to int32); output ``(batch, ..., output_dim)``; weight ``embeddings (input_dim, output_dim)``.
    The input gets no gradient (indices are not differentiable): ``backward`` returns None.

    Indices outside ``[0, input_dim)`` raise a ``DataError`` naming the value;
    ``check_input_data(x)`` runs the same check on a whole data set before training.
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, activity_regularizer=None, **kwargs):
        if "input_length" in kwargs:
            kwargs.pop("input_length")
            warnings.warn("Embedding: input_length is ignored (as in Keras 3); give the input "
                          "shape with Input(shape=(length,)) instead", UserWarning, stacklevel=2)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None:
            raise ConfigError("Embedding: lora_rank is not supported; leave it as None",
                              code="embedding_lora", layer=self.name, arg="lora_rank",
                              value=repr(lora_rank))
        self.input_dim = _positive_int(self, input_dim, "input_dim")
        self.output_dim = _positive_int(self, output_dim, "output_dim")
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self._initial_weights = weights
        self._scratch = {}

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            "embeddings", (self.input_dim, self.output_dim), self.embeddings_initializer,
            self.embeddings_regularizer, constraint=self.embeddings_constraint)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return inputs != 0

    def _indices(self, inputs):
        xp = B.get_array_module(inputs)
        idx = inputs
        if idx.dtype.kind == "f":
            idx = idx.astype(np.int64)
        elif idx.dtype.kind not in "iu":
            raise DataError(f"Embedding layer {self.name!r} needs integer indices, got dtype "
                            f"{idx.dtype}", code="embedding_dtype", layer=self.name,
                            dtype=str(idx.dtype))
        if idx.size:
            lo, hi = int(idx.min()), int(idx.max())
            if lo < 0 or hi >= self.input_dim:
                bad = lo if lo < 0 else hi
                raise DataError(
                    f"Embedding layer {self.name!r} got index {bad}, outside [0, {self.input_dim}) "
                    f"(input_dim={self.input_dim}): raise input_dim to the vocabulary size (largest "
                    "index + 1) or clip the data", code="embedding_index", layer=self.name,
                    value=bad, input_dim=self.input_dim)
        return xp.asarray(idx)

    def check_input_data(self, x) -> None:
        """Check a whole input array before training (indices in ``[0, input_dim)``)."""
        self._indices(np.asarray(B.to_numpy(x)))

    def forward(self, inputs, training=False):
        idx = self._indices(inputs)
        self.save_for_backward(idx=idx)
        return B.get_array_module(idx).take(self.embeddings, idx, axis=0)

    def backward(self, grad_output):
        idx = self.saved_for_backward().idx
        xp = B.get_array_module(grad_output)
        g = grad_output if grad_output.dtype == self.embeddings.dtype else \
            grad_output.astype(self.embeddings.dtype)
        self.grads["embeddings"] = scatter_add_rows(xp, self.input_dim, idx, g, self._scratch)

    def get_config(self):
        config = {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
        }
        return config
