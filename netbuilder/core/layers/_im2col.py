"""Shared window arithmetic for convolution and pooling: output sizes, padding, im2col/col2im.

Everything works on channels-last arrays ``(batch, height, width, channels)``; 1-D layers pass
``(batch, 1, steps, channels)`` and channels-first layers transpose first.

Keras 3 padding rules (per spatial axis, input length ``n``, kernel ``k``, stride ``s``,
dilation ``d``, effective kernel ``e = (k - 1) d + 1``):

- ``valid``: no padding, ``out = (n - e) // s + 1``;
- ``same``: ``out = ceil(n / s)``, padding ``total = max((out - 1) s + e - n, 0)``, split
  ``total // 2`` before and the rest after (the extra one goes to the bottom/right);
- ``causal`` (Conv1D only): ``e - 1`` zeros before, none after, ``out = ceil(n / s)``.

``im2col`` gathers every window into one row of a matrix (a copy made from a strided view, no
Python loop over pixels), so a convolution is one matrix product; ``col2im`` scatters the
column gradients back with one strided add per kernel offset (``kh * kw`` iterations).
"""

from __future__ import annotations

from .. import backend as B
from ..errors import ConfigError
from . import fused
from ._parallel import batch_map


def check_padding(padding, layer: str, allow_causal: bool = False) -> str:
    """Lower-case ``padding`` and check it is ``valid``/``same`` (or ``causal`` when allowed)."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in allowed:
        raise ConfigError(f"padding must be one of {', '.join(repr(a) for a in allowed)}, got {padding!r}",
                          code="bad_padding", layer=layer, arg="padding", value=repr(padding))
    return value


def check_data_format(data_format, layer: str) -> str:
    """``None`` → ``"channels_last"`` (Keras's default image_data_format); validates the rest."""
    if data_format is None:
        return "channels_last"
    value = data_format.lower() if isinstance(data_format, str) else data_format
    if value not in ("channels_last", "channels_first"):
        raise ConfigError(
            f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}",
            code="bad_data_format", layer=layer, arg="data_format", value=repr(data_format))
    return value


def output_length(n, k: int, s: int, d: int, padding: str):
    """Output length of a window op along one axis (``None`` stays ``None``); may be ≤ 0."""
    if n is None:
        return None
    if padding in ("same", "causal"):
        return -(-n // s)
    return (n - ((k - 1) * d + 1)) // s + 1


def pad_amounts(n: int, k: int, s: int, d: int, padding: str) -> tuple[int, int]:
    """``(before, after)`` zero padding along one axis (see the module docstring)."""
    eff = (k - 1) * d + 1
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return eff - 1, 0
    total = max((-(-n // s) - 1) * s + eff - n, 0)
    return total // 2, total - total // 2


def pad_nhwc(x, pads, value=0.0, out=None):
    """``x`` (N, H, W, C) padded by ``pads = ((top, bottom), (left, right))`` with ``value``.

    Returns ``x`` itself when there is nothing to pad; writes into ``out`` when given.
    """
    (pt, pb), (pl, pr) = pads
    if pt == pb == pl == pr == 0:
        return x
    xp = B.get_array_module(x)
    n, h, w, c = x.shape
    shape = (n, h + pt + pb, w + pl + pr, c)
    if out is None or out.shape != shape or out.dtype != x.dtype:
        out = xp.empty(shape, dtype=x.dtype)
    # fill only the border: the interior is overwritten just after
    out[:, :pt] = value
    out[:, pt + h:] = value
    out[:, pt:pt + h, :pl] = value
    out[:, pt:pt + h, pl + w:] = value
    out[:, pt:pt + h, pl:pl + w] = x
    return out


def offset_slices(kernel, strides, dilation, out_hw):
    """For each kernel offset ``(i, j)``: the (height, width) slices of the padded input it
    reads for every output position, i.e. ``x[:, i*d::s][:oh], x[:, :, j*d::s][:ow]``."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilation, out_hw
    for i in range(kh):
        hs = slice(i * dh, i * dh + (oh - 1) * sh + 1, sh)
        for j in range(kw):
            yield i, j, hs, slice(j * dw, j * dw + (ow - 1) * sw + 1, sw)


def window_view(x, kernel, strides, dilation, out_hw):
    """Read-only strided view ``(N, OH, OW, kh, kw, C)`` of every window of ``x`` (N, H, W, C)."""
    xp = B.get_array_module(x)
    n, _, _, c = x.shape
    sn, sh_b, sw_b, sc = x.strides
    shape = (n, out_hw[0], out_hw[1], kernel[0], kernel[1], c)
    st = (sn, sh_b * strides[0], sw_b * strides[1], sh_b * dilation[0], sw_b * dilation[1], sc)
    return xp.lib.stride_tricks.as_strided(x, shape, st)


def im2col(x, kernel, strides, dilation, out_hw, out=None, ones_column=False):
    """Windows of padded ``x`` (N, H, W, C) as rows: ``(N*OH*OW, kh*kw*C)``, columns ordered
    ``(i, j, c)`` to match a Keras kernel ``(kh, kw, C, F)`` reshaped to ``(kh*kw*C, F)``.

    ``ones_column`` appends a column of ones, so ``cols @ [K; bias]`` adds the bias and
    ``cols.T @ grad`` yields the bias gradient in its last row: no extra pass over the output.
    ``out``, a buffer from an earlier call, is reused when its shape and dtype fit.
    """
    xp = B.get_array_module(x)
    n, c = x.shape[0], x.shape[3]
    (kh, kw), (oh, ow) = kernel, out_hw
    k = kh * kw * c
    shape = (n * oh * ow, k + int(ones_column))
    if out is None or out.shape != shape or out.dtype != x.dtype:
        out = xp.empty(shape, dtype=x.dtype)
        if ones_column:
            out[:, k] = 1  # never overwritten below, so it survives buffer reuse
    # (N*OH*OW, K) part of the rows viewed as (N, OH, OW, kh, kw, C): always a view, never a copy
    item, row = out.itemsize, out.strides[0]
    out6 = xp.lib.stride_tricks.as_strided(
        out, (n, oh, ow, kh, kw, c), (oh * ow * row, ow * row, row, kw * c * item, c * item, item))
    windows = window_view(x, kernel, strides, dilation, out_hw)

    def copy(a, b):
        if c >= 8 or kh * kw == 1:
            # one copy of the whole strided window view (measured fastest for wide channel runs)
            out6[a:b] = windows[a:b]
        else:
            # few channels: kh*kw slab copies beat the 6-D copy with its tiny inner loop
            for i, j, hs, ws in offset_slices(kernel, strides, dilation, out_hw):
                out6[a:b, :, :, i, j, :] = x[a:b, hs, ws, :]

    batch_map(copy, n, out.size)
    return out


def col2im(cols, padded_shape, kernel, strides, dilation, out_hw):
    """Adjoint of ``im2col``: sum the rows of ``cols`` (N*OH*OW, kh*kw*C) back into a zero
    array of ``padded_shape`` (N, Hp, Wp, C) with a few strided adds, none per pixel.

    ``cols`` comes from a single matrix product (``grad_rows @ K.T``); a batched product per
    offset would give contiguous slabs, but it costs kh*kw BLAS calls, and each multi-threaded
    call waits for its threads: on a busy 2-core machine that was 5x slower.

    Without width dilation, the ``kw`` taps of kernel row ``i`` read ``kw`` adjacent pixels, so
    one window's ``kw*C`` values are one contiguous run in ``cols`` and in the output. Windows
    ``q = ceil(kw / sw)`` apart do not overlap, so each of the ``kh * q`` adds moves runs of
    ``kw*C`` numbers (3x longer than per-offset adds of ``C``: numpy's per-run overhead dominates).
    """
    xp = B.get_array_module(cols)
    n, _, _, c = padded_shape
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilation, out_hw
    out = xp.zeros(padded_shape, dtype=cols.dtype)
    cols6 = cols.reshape(n, oh, ow, kh, kw, c)
    q = -(-kw // sw)
    s_n, s_h, s_w, item = out.strides

    def scatter(a, b):
        if dw == 1 and fused.col2im(cols[a * oh * ow:b * oh * ow], out[a:b], kernel, strides, dh, out_hw):
            return  # one compiled pass, the same adds in the same order
        if dw != 1:
            for i, j, hs, ws in offset_slices(kernel, strides, dilation, out_hw):
                out[a:b, hs, ws, :] += cols6[a:b, :, :, i, j, :]
            return
        for i in range(kh):
            for r in range(min(q, ow)):
                count = len(range(r, ow, q))
                src = cols6[a:b, :, r::q, i].reshape(b - a, oh, count, kw * c)
                dst = xp.lib.stride_tricks.as_strided(
                    out[a:b, i * dh:, r * sw:], (b - a, oh, count, kw * c),
                    (s_n, s_h * sh, s_w * sw * q, item))
                dst += src

    batch_map(scatter, n, cols.size)
    return out
