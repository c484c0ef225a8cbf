"""SpatialDropout1D/2D: drop whole channels (feature maps) at once (Keras 3)."""

from __future__ import annotations

from ..registry import LAYERS
from . import _im2col as W
from ._checks import check_spatial_rank
from .dropout import Dropout


class BaseSpatialDropout(Dropout):
    """Dropout whose mask is shared over the spatial axes: one keep/drop draw per sample and
    channel, ``y = x * m / (1 - rate)`` with ``m`` of shape ``(batch, 1, ..., channels)``.

    Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels
    barely regularizes; dropping whole maps does (Tompson et al. 2015, as Keras documents).
    """

    rank = 2

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = W.check_data_format(data_format, self.name)
        ones = (1,) * self.rank
        # Dropout resolves None entries to the input's size and shares the mask over the 1s
        self.noise_shape = ((None,) + ones + (None,) if self.data_format == "channels_last"
                            else (None, None) + ones)

    def compute_output_shape(self, input_shape):
        check_spatial_rank(self, input_shape, "spatial_dropout_rank")
        return super().compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape", None)
        config["data_format"] = self.data_format
        return config


@LAYERS.register(name="SpatialDropout2D", aliases=("spatial_dropout2d",), group="Regularization")
class SpatialDropout2D(BaseSpatialDropout):
    """Drops entire 2-D feature maps (Keras 3 ``SpatialDropout2D``).

    Args:
        rate: fraction of channels to drop, in ``[0, 1)``.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: optional int for this layer's own random stream.

    Shapes: input ``(batch, h, w, c)``, output the same; active only in training.
    """

    rank = 2


@LAYERS.register(name="SpatialDropout1D", aliases=("spatial_dropout1d",), group="Regularization")
class SpatialDropout1D(BaseSpatialDropout):
    """Drops entire 1-D feature maps (Keras 3 ``SpatialDropout1D``): one draw per sample and
    channel of ``(batch, steps, channels)``. Args as ``SpatialDropout2D`` (Keras's 1-D version
    has no ``data_format``; channels-last is assumed)."""

    rank = 1

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, data_format=None, seed=seed, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.pop("data_format", None)
        return config
