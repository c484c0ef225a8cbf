"""Layers with Keras 3 names. Every class here is in ``registry.LAYERS`` (the UI palette)."""

from .base import Input, InputLayer, KerasTensor, Layer
from .dense import Dense
from .activation import Activation
from .batch_normalization import BatchNormalization
from .dot import Dot, dot
from .dropout import Dropout
from .flatten import Flatten
from .gaussian_dropout import GaussianDropout
from .gaussian_noise import GaussianNoise
from .layer_normalization import LayerNormalization
from .merging import (Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add, average,
                      concatenate, maximum, minimum, multiply, subtract)
from .permute import Permute
from .repeat_vector import RepeatVector
from .reshape import Reshape
from .conv import Conv1D, Conv2D
from .conv_transpose import Conv1DTranspose, Conv2DTranspose
from .pooling import AveragePooling1D, AveragePooling2D, MaxPooling1D, MaxPooling2D
from .global_pooling import (GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
                             GlobalMaxPooling2D)
from .upsampling import UpSampling1D, UpSampling2D
from .padding import ZeroPadding1D, ZeroPadding2D
from .spatial_dropout import SpatialDropout1D, SpatialDropout2D
from .embedding import Embedding
from .masking import Masking
from .simple_rnn import SimpleRNN
from .lstm import LSTM
from .gru import GRU
from .wrappers import Bidirectional, TimeDistributed
from .preprocessing import Normalization, Rescaling
from .augmentation import RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom

__all__ = ["Layer", "Input", "InputLayer", "KerasTensor", "Dense",
    "Embedding", "Masking", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "TimeDistributed",
    "Activation", "Dropout", "GaussianNoise", "GaussianDropout", "Flatten", "Reshape", "Permute",
    "RepeatVector", "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
    "Dot", "BatchNormalization", "LayerNormalization",
    "Conv1D", "Conv2D", "Conv1DTranspose", "Conv2DTranspose", "MaxPooling1D", "MaxPooling2D",
    "AveragePooling1D", "AveragePooling2D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
    "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D", "SpatialDropout1D",
    "SpatialDropout2D",
    "Rescaling", "Normalization", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
    "RandomContrast",
    "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate", "dot",
]


def get(identifier):
    """Resolve a layer class name or ``{"class_name", "config"}`` dict to a layer."""
    from ..registry import LAYERS

    return LAYERS.get(identifier, instance_types=(Layer,))
