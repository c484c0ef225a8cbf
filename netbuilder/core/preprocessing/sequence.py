"""``keras.preprocessing.sequence``: ``pad_sequences`` (implemented in ``datasets.text``)."""

from ..datasets.text import pad_sequences  # noqa: F401

__all__ = ["pad_sequences"]
