"""Errors raised by the engine, with stable codes the UI can translate.

Every engine error is an ordinary ``ValueError``/``TypeError`` with an English message for
scripts, plus ``code`` (a stable identifier such as ``"dense_rank"``), ``params`` (the values
the message names) and ``layer`` (the name of the layer at fault, when there is one), so the
canvas can mark the node and the UI can render the message in the user's language.
"""

from __future__ import annotations


class NetbuilderError(Exception):
    """Mixin carrying a stable ``code``, its ``params`` and the faulty ``layer`` name."""

    def __init__(self, message: str, *, code: str = "error", layer: str | None = None, **params):
        super().__init__(message)
        self.code = code
        self.layer = layer
        self.params = params


class ShapeError(NetbuilderError, ValueError):
    """A tensor's shape does not fit the layer or loss that receives it."""


class GraphError(NetbuilderError, ValueError):
    """The layer graph is invalid: a cycle, an unreachable output, a dangling input, ..."""


class ConfigError(NetbuilderError, ValueError):
    """A constructor argument or configuration value is invalid."""


class DataError(NetbuilderError, ValueError):
    """Training data is invalid: NaN/inf, mismatched lengths, labels that do not fit the loss."""
