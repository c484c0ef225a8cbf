"""Image augmentation layers with Keras 3 names: random in training, the identity in inference.

``RandomFlip``, ``RandomRotation``, ``RandomZoom``, ``RandomTranslation`` and ``RandomContrast``
take images ``(batch, height, width, channels)``. With ``training=True`` (``fit``, and a call by
hand, as Keras 3 defaults) each image gets its own random transform; with ``training=False``
(``predict``, ``evaluate``) the output is the input, as in Keras. ``seed=`` gives the layer its own generator (a repeatable stream); without it
the layer draws from the engine's generator (``utils.set_random_seed``). The draws cannot equal
Keras's (another generator), but the transforms' ranges and formulas are Keras's.

The geometric layers map each output pixel ``(x, y)`` to an input point ``M @ (x, y, 1)`` and
interpolate there (``bilinear`` or ``nearest``); points outside the image are filled as
``fill_mode`` says: ``reflect`` (``d c b a | a b c d | d c b a``), ``wrap``, ``nearest`` or
``constant`` (``fill_value``). Backward is the exact adjoint of that sampling, so gradients reach
the layer's input.
"""

from __future__ import annotations

import math

import numpy as np

from .. import backend as B
from .. import utils, validate
from ..errors import ConfigError
from ..registry import LAYERS
from .base import Layer
from .embedding import scatter_add_rows
from .input_spec import InputSpec, Refusal

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("bilinear", "nearest")


def _fold(i, n: int, mode: str):
    """Integer pixel indices ``i`` brought into ``[0, n)`` by ``mode``; also the in-range mask."""
    valid = (i >= 0) & (i < n)
    if mode == "reflect":
        period = 2 * n
        j = np.mod(i, period)
        i = np.where(j >= n, period - 1 - j, j)
    elif mode == "wrap":
        i = np.mod(i, n)
    else:  # nearest, and constant (whose out-of-range points are masked out)
        i = np.clip(i, 0, n - 1)
    return i, valid


def sample_points(matrices, height: int, width: int, interpolation: str, fill_mode: str):
    """For each output pixel, the input pixels it reads and their weights.

    ``matrices`` (batch, 2, 3) map output ``(x, y, 1)`` to input ``(x_in, y_in)``. Returns
    ``(rows, weights)``: ``rows`` (corners, batch, H*W) flat indices into the batch's
    ``(batch*H*W)`` pixels, ``weights`` of the same shape (zero for a constant-filled corner).
    """
    n = matrices.shape[0]
    ys, xs = np.meshgrid(np.arange(height, dtype="float64"), np.arange(width, dtype="float64"), indexing="ij")
    grid = np.stack([xs.ravel(), ys.ravel(), np.ones(height * width)])  # (3, H*W)
    pts = matrices @ grid  # (batch, 2, H*W): input x, y
    x_in, y_in = pts[:, 0], pts[:, 1]
    if interpolation == "nearest":
        corners = [(np.floor(x_in + 0.5), np.floor(y_in + 0.5), np.ones_like(x_in))]
    else:
        x0, y0 = np.floor(x_in), np.floor(y_in)
        fx, fy = x_in - x0, y_in - y0
        corners = [(x0, y0, (1 - fx) * (1 - fy)), (x0 + 1, y0, fx * (1 - fy)),
                   (x0, y0 + 1, (1 - fx) * fy), (x0 + 1, y0 + 1, fx * fy)]
    base = (np.arange(n) * height * width)[:, None]
    rows, weights = [], []
    for cx, cy, w in corners:
        ix, vx = _fold(cx.astype(np.int64), width, fill_mode)
        iy, vy = _fold(cy.astype(np.int64), height, fill_mode)
        if fill_mode == "constant":
            w = w * (vx & vy)
        rows.append(base + iy * width + ix)
        weights.append(w)
    return np.stack(rows), np.stack(weights)


_NOT_IMAGES = Refusal("augment_rank", "{cls} layer {name!r} takes images (batch, height, width, channels), got a "
                                     "{ndim}-D input {shape}")


class _RandomImageLayer(Layer):
    """Shared code: the image-shape check, the generator, identity in inference."""

    supports_masking = False
    input_spec = InputSpec(min_ndim=4, max_ndim=4, expected="(batch, height, width, channels)",
                           too_few_axes=_NOT_IMAGES, too_many_axes=_NOT_IMAGES)

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = validate.seed(seed, where=type(self).__name__, code="bad_seed", layer=self.name)
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None

    def _rng(self):
        return self._own_rng if self._own_rng is not None else utils.rng()

    def __call__(self, inputs, training=True, mask=None):
        """Called by hand on images, the layer augments (Keras 3's default ``training=True`` for
        these layers); inside a model, ``fit`` trains and ``predict``/``evaluate`` do not."""
        return super().__call__(inputs, training=training, mask=mask)

    def compute_output_shape(self, input_shape):
        return self._checked_input(input_shape)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)

    def forward(self, inputs, training=False):
        x = inputs if inputs.dtype.kind == "f" else inputs.astype(B.floatx())
        if not training:
            self.save_for_backward(active=False)
            return x
        y, kept = self._augment(x)
        self.save_for_backward(active=True, **kept)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        return self._augment_grad(grad_output, saved) if saved.active else grad_output

    def _augment(self, x):
        """``(augmented x, what _augment_grad needs as a dict)`` for a batch ``x`` (N, H, W, C)."""
        raise NotImplementedError

    def _augment_grad(self, g, saved):
        """The gradient of the input from ``g`` and the ``saved`` record of ``_augment``."""
        raise NotImplementedError

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def _factor_pair(layer, factor, name, bounds=(-1.0, 1.0)):
    """Keras's factor rule: a number ``f`` → ``(-|f|, |f|)`` (clipped to ``bounds``), a pair → sorted."""
    try:
        if isinstance(factor, (list, tuple)):
            if len(factor) != 2:
                raise ValueError
            lower, upper = sorted(float(f) for f in factor)
        else:
            if not bounds[0] <= float(factor) <= bounds[1]:
                raise ValueError
            f = abs(float(factor))
            lower, upper = max(-f, bounds[0]), f
    except (TypeError, ValueError):
        lower = upper = None
    if lower is None or lower < bounds[0] - 1e-12 or upper > bounds[1] + 1e-12 or isinstance(factor, bool):
        raise ConfigError(f"{type(layer).__name__}: {name} must be a number or a pair of numbers in "
                          f"[{bounds[0]}, {bounds[1]}], got {factor!r}", code="augment_factor",
                          layer=layer.name, arg=name, value=repr(factor))
    return lower, upper


@LAYERS.register(name="RandomFlip", group="Regularization", aliases=("random_flip",))
class RandomFlip(_RandomImageLayer):
    """Flips each image with probability 1/2 (Keras 3 ``RandomFlip``).

    Args:
        mode: ``"horizontal"`` (left-right), ``"vertical"`` (up-down) or
            ``"horizontal_and_vertical"`` (each decided on its own).
        seed: a seed for this layer's own generator.
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if mode not in ("horizontal", "vertical", "horizontal_and_vertical"):
            raise ConfigError(f"RandomFlip: mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical', "
                              f"got {mode!r}", code="augment_mode", layer=self.name, value=repr(mode))
        self.mode = mode

    def _augment(self, x):
        n = x.shape[0]
        rng = self._rng()
        flip_w = rng.random(n) < 0.5 if "horizontal" in self.mode else np.zeros(n, bool)
        flip_h = rng.random(n) < 0.5 if "vertical" in self.mode else np.zeros(n, bool)
        return self._flip(x, flip_w, flip_h), {"flip_w": flip_w, "flip_h": flip_h}

    def _augment_grad(self, g, saved):  # a flip is its own inverse (and its own adjoint)
        return self._flip(g, saved.flip_w, saved.flip_h)

    @staticmethod
    def _flip(x, flip_w, flip_h):
        """``x`` with the images ``flip_w`` mirrored left-right and ``flip_h`` upside down."""
        xp = B.get_array_module(x)
        out = x.copy()
        w, h = xp.asarray(flip_w), xp.asarray(flip_h)
        out[w] = out[w][:, :, ::-1]
        out[h] = out[h][:, ::-1]
        return out

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}


@LAYERS.register(name="RandomContrast", group="Regularization", aliases=("random_contrast",))
class RandomContrast(_RandomImageLayer):
    """``y = clip((x - m) * c + m, *value_range)`` per image, ``m`` its per-channel mean over height
    and width, ``c`` drawn from ``[1 - lower, 1 + upper]`` (Keras 3 ``RandomContrast``).

    Args:
        factor: a number ``f`` in [0, 1] or a pair; as in Keras 3.15's code, a number gives
            ``lower = 0, upper = f`` (contrast raised by up to ``f``), a pair ``(lower, upper)``.
        value_range: the clip range of the output (default ``(0, 255)``, pixels).
        seed: a seed for this layer's own generator.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = _factor_pair(self, factor, "factor", bounds=(0.0, 1.0))
        try:
            lo, hi = (float(v) for v in value_range)
        except (TypeError, ValueError):
            lo = hi = None
        if lo is None or not lo < hi:
            raise ConfigError(f"RandomContrast: value_range must be a pair (low, high) with low < high, got "
                              f"{value_range!r}", code="augment_factor", layer=self.name, arg="value_range",
                              value=repr(value_range))
        self.value_range = (lo, hi)
        self._factor_arg = factor

    def _augment(self, x):
        xp = B.get_array_module(x)
        c = self._rng().uniform(1.0 - self.factor[0], 1.0 + self.factor[1], size=(x.shape[0], 1, 1, 1))
        c = xp.asarray(c, dtype=x.dtype)
        mean = x.mean(axis=(1, 2), keepdims=True)
        y = (x - mean) * c + mean
        inside = (y >= self.value_range[0]) & (y <= self.value_range[1])
        return xp.clip(y, self.value_range[0], self.value_range[1]), {"contrast": c, "inside": inside}

    def _augment_grad(self, g, saved):
        c = saved.contrast
        g = g * saved.inside  # the clip passes the gradient only inside the range
        hw = g.shape[1] * g.shape[2]
        # y = c*x + (1-c)*mean(x): dx = c*g + (1-c)/HW * sum(g) over height and width
        return c * g + (1 - c) * g.sum(axis=(1, 2), keepdims=True) / hw

    def get_config(self):
        factor = list(self._factor_arg) if isinstance(self._factor_arg, (list, tuple)) else self._factor_arg
        return {**super().get_config(), "factor": factor, "value_range": list(self.value_range)}


class _AffineLayer(_RandomImageLayer):
    """A random affine resampling (rotation, zoom or translation); subclasses draw ``_matrices``."""

    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if fill_mode not in _FILL_MODES:
            raise ConfigError(f"{type(self).__name__}: fill_mode must be one of {_FILL_MODES}, got {fill_mode!r}",
                              code="augment_mode", layer=self.name, value=repr(fill_mode))
        if interpolation not in _INTERPOLATIONS:
            raise ConfigError(f"{type(self).__name__}: interpolation must be one of {_INTERPOLATIONS}, got "
                              f"{interpolation!r}", code="augment_mode", layer=self.name, value=repr(interpolation))
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, float(fill_value)

    def _augment(self, x):
        n, h, w, c = x.shape
        rows, weights = sample_points(self._matrices(n, h, w), h, w, self.interpolation, self.fill_mode)
        xp = B.get_array_module(x)
        rows, weights = xp.asarray(rows), xp.asarray(weights, dtype=x.dtype)  # the sampled input rows
        flat = x.reshape(n * h * w, c)
        out = (flat[rows] * weights[..., None]).sum(axis=0)  # (batch, H*W, C)
        if self.fill_mode == "constant" and self.fill_value:
            out = out + (1 - weights.sum(axis=0))[..., None] * self.fill_value
        return out.reshape(x.shape), {"rows": rows, "weights": weights}

    def _augment_grad(self, g, saved):
        n, h, w, c = g.shape
        xp = B.get_array_module(g)
        contrib = saved.weights[..., None] * g.reshape(1, n, h * w, c)  # (corners, batch, H*W, C)
        return scatter_add_rows(xp, n * h * w, saved.rows, contrib).reshape(g.shape)

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                "fill_value": self.fill_value}


def _about_centre(a, h, w, shift_x=0.0, shift_y=0.0):
    """``(batch, 2, 3)`` matrices applying the ``(batch, 2, 2)`` maps ``a`` about the image centre."""
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    m = np.zeros((a.shape[0], 2, 3))
    m[:, :, :2] = a
    m[:, 0, 2] = cx - a[:, 0, 0] * cx - a[:, 0, 1] * cy - shift_x
    m[:, 1, 2] = cy - a[:, 1, 0] * cx - a[:, 1, 1] * cy - shift_y
    return m


@LAYERS.register(name="RandomRotation", group="Regularization", aliases=("random_rotation",))
class RandomRotation(_AffineLayer):
    """Rotates each image about its centre by ``θ = u · 2π``, ``u`` drawn from ``[lower, upper]``
    (Keras 3 ``RandomRotation``; ``factor=0.1`` turns by up to ±36°).

    Args:
        factor: a number ``f`` (range ``[-f, f]``) or a pair, as fractions of a full turn.
        fill_mode, interpolation, fill_value: see the module docstring (defaults as Keras).
        seed: a seed for this layer's own generator.
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.factor = _factor_pair(self, factor, "factor")
        self._factor_arg = factor

    def _matrices(self, n, h, w):
        theta = self._rng().uniform(self.factor[0], self.factor[1], size=n) * 2 * math.pi
        cos, sin = np.cos(theta), np.sin(theta)
        return _about_centre(np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], 1), h, w)

    def get_config(self):
        f = self._factor_arg
        return {**super().get_config(), "factor": list(f) if isinstance(f, (list, tuple)) else f}


@LAYERS.register(name="RandomZoom", group="Regularization", aliases=("random_zoom",))
class RandomZoom(_AffineLayer):
    """Zooms each image about its centre: the output reads the input at ``z · (p - centre) + centre``
    with ``z`` drawn from ``[1 + lower, 1 + upper]`` (Keras 3 ``RandomZoom``: a positive factor
    zooms out, a negative one zooms in).

    Args:
        height_factor: a number ``f`` (range ``[-f, f]``) or a pair, in (-1, 1].
        width_factor: the same for the width; None keeps the aspect ratio (one draw for both).
        fill_mode, interpolation, fill_value, seed: see the module docstring.
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.height = _factor_pair(self, height_factor, "height_factor")
        self.width = None if width_factor is None else _factor_pair(self, width_factor, "width_factor")
        self._args = (height_factor, width_factor)

    def _matrices(self, n, h, w):
        rng = self._rng()
        zy = rng.uniform(1 + self.height[0], 1 + self.height[1], size=n)
        zx = zy if self.width is None else rng.uniform(1 + self.width[0], 1 + self.width[1], size=n)
        a = np.zeros((n, 2, 2))
        a[:, 0, 0], a[:, 1, 1] = zx, zy
        return _about_centre(a, h, w)

    def get_config(self):
        hf, wf = (list(f) if isinstance(f, (list, tuple)) else f for f in self._args)
        return {**super().get_config(), "height_factor": hf, "width_factor": wf}


@LAYERS.register(name="RandomTranslation", group="Regularization", aliases=("random_translation",))
class RandomTranslation(_AffineLayer):
    """Shifts each image by ``(u · width, v · height)`` pixels, ``u`` and ``v`` drawn from their
    factor ranges (Keras 3 ``RandomTranslation``).

    Args:
        height_factor, width_factor: a number ``f`` (range ``[-f, f]``) or a pair, fractions of
            the image size.
        fill_mode, interpolation, fill_value, seed: see the module docstring.
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.height = _factor_pair(self, height_factor, "height_factor")
        self.width = _factor_pair(self, width_factor, "width_factor")
        self._args = (height_factor, width_factor)

    def _matrices(self, n, h, w):
        rng = self._rng()
        dy = rng.uniform(*self.height, size=n) * h
        dx = rng.uniform(*self.width, size=n) * w
        return _about_centre(np.tile(np.eye(2), (n, 1, 1)), h, w, shift_x=dx, shift_y=dy)

    def get_config(self):
        hf, wf = (list(f) if isinstance(f, (list, tuple)) else f for f in self._args)
        return {**super().get_config(), "height_factor": hf, "width_factor": wf}
