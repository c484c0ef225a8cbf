"""``keras.preprocessing`` as Keras 3 keeps it for older code: ``preprocessing.sequence``.

``from netbuilder.core.preprocessing import sequence; sequence.pad_sequences(...)`` is the same
function as ``netbuilder.core.utils.pad_sequences`` (Keras 3 keeps both names too). The
preprocessing *layers* (``Rescaling``, ``Normalization``, ...) live in ``netbuilder.core.layers``,
as in Keras 3.
"""

from . import sequence  # noqa: F401

__all__ = ["sequence"]
