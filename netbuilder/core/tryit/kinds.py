"""Which "Try it" panel fits a dataset or a model: dataset names, kinds and a guess from shapes."""

from __future__ import annotations

from ..datasets import playground

_KINDS = {"mnist": "image", "fashion_mnist": "image", "fashion-mnist": "image", "imdb": "imdb",
          "reuters": "reuters", "boston_housing": "boston", "boston": "boston", "playground": "playground"}


def dataset_name(name) -> str:
    """A data source key → the dataset's own name: ``"case:mnist"`` → ``"mnist"``,
    ``"playground:moons"`` → ``"moons"``; ``"file:..."`` and unknown names stay as they are."""
    name = str(name or "")
    prefix, _, rest = name.partition(":")
    return rest if prefix in ("case", "playground") and rest else name


def dataset_kind(name) -> str:
    """The panel for a dataset name or data source key: ``"image"``, ``"imdb"``, ``"reuters"``,
    ``"boston"``, ``"playground"`` (any :data:`playground.GENERATORS` name) or ``"generic"``."""
    if str(name or "").startswith("playground:"):
        return "playground"
    name = dataset_name(name).lower()
    if name in _KINDS:
        return _KINDS[name]
    return "playground" if name in playground.GENERATORS else "generic"


def first_layer_class(model) -> str:
    """The class name of ``model``'s first layer (``""`` for a model without layers)."""
    layers = getattr(model, "layers", None) or []
    return type(layers[0]).__name__ if layers else ""


def guess_kind(model) -> str:
    """A dataset name that fits ``model``'s input and output shapes (for models from ``.nbm`` files).

    ``(None, 784)``/``(None, 28, 28[, 1])`` → 10 classes: ``"mnist"``; ``(None, 13)`` → 1:
    ``"boston_housing"``; Embedding first or a wide vector → 1: ``"imdb"``, 46: ``"reuters"``;
    ``(None, 2)``: ``"playground"``; anything else ``"generic"``.
    """
    ins, outs = tuple(model.input_shape)[1:], tuple(model.output_shape)[1:]
    units = outs[-1] if outs else None
    if ins in ((784,), (28, 28), (28, 28, 1)) and units == 10:
        return "mnist"
    if ins == (13,) and units == 1:
        return "boston_housing"
    if first_layer_class(model) == "Embedding" or (len(ins) == 1 and (ins[0] or 0) >= 1000):
        return {1: "imdb", 46: "reuters"}.get(units, "generic")
    return "playground" if ins == (2,) else "generic"
