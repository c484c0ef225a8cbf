"""The tutorial's four cases, from raw Keras arrays to training arrays, one named step at a time.

Each case's ``prepare(...)`` returns a :class:`PreparedData` whose ``steps`` list what was done
(a stable ``name`` the UI translates, an English title, the equivalent NumPy/Keras line, and the
shapes after the step), so the app can show the pipeline instead of hiding it::

    from netbuilder.core.datasets import cases
    data = cases.MNIST.prepare(input="dense", labels="categorical")
    for step in data.steps:
        print(step.title, step.shapes)
    model = cases.MNIST.preset().build_model()
    model.fit(data.x_train, data.y_train, **cases.MNIST.preset().fit_kwargs())
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import boston_housing, imdb, mnist, reuters
from .preprocessing import Standardizer, flatten_images, images_with_channel, k_fold_splits, one_hot
from .presets import get_preset
from .text import decode_sequence, pad_sequences, vectorize_sequences
from ..errors import DataError


@dataclass(frozen=True)
class Step:
    """One visible preparation step: ``name`` (stable id), ``title``, ``code`` and ``shapes`` after it."""

    name: str
    title: str
    code: str
    shapes: dict


@dataclass
class PreparedData:
    """Training arrays of a case plus the steps that made them and facts about them (``info``)."""

    case: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    steps: list = field(default_factory=list)
    info: dict = field(default_factory=dict)


def _shapes(**arrays):
    return {k: tuple(np.shape(v)) for k, v in arrays.items()}


def _choice(arg, value, allowed):
    if value not in allowed:
        raise DataError(f"{arg} must be one of {', '.join(map(repr, allowed))}, got {value!r}",
                        code="bad_option", arg=arg, value=value, allowed=list(allowed))


class Case:
    """A tutorial case: its loader, its preparation pipeline and its preset networks."""

    name = ""
    title = ""
    task = ""  # "multiclass", "binary" or "regression"
    loader = None
    presets = ()

    def preset(self, name=None):
        """The book's network for this case (the first preset unless ``name`` picks another)."""
        return get_preset(name or self.presets[0])

    def load(self, path=None, progress=None, cancel=None, **kwargs):
        """The raw Keras arrays ``(x_train, y_train), (x_test, y_test)`` (downloads when needed)."""
        if path is not None:
            kwargs["path"] = path
        return self.loader.load_data(progress=progress, cancel=cancel, **kwargs)

    def _load_step(self, raw, call, **load_kwargs):
        if raw is None:
            raw = self.load(**load_kwargs)
        (x_train, y_train), (x_test, y_test) = raw
        step = Step("load", f"Load {self.title} exactly as Keras does", call,
                    _shapes(x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test))
        return (x_train, y_train), (x_test, y_test), step


class _MNIST(Case):
    name, title, task, loader = "mnist", "MNIST", "multiclass", mnist
    presets = ("mnist_dense", "mnist_conv")

    def prepare(self, raw=None, *, input="dense", labels="categorical", path=None, progress=None, cancel=None):
        """Images → float32 in [0, 1], flat ``(n, 784)`` (``input="dense"``) or ``(n, 28, 28, 1)``
        (``"conv"``); labels one-hot ``(n, 10)`` (``"categorical"``) or integers (``"sparse"``)."""
        _choice("input", input, ("dense", "conv"))
        _choice("labels", labels, ("categorical", "sparse"))
        (x_train, y_train), (x_test, y_test), load = self._load_step(raw, "mnist.load_data()", path=path,
                                                                     progress=progress, cancel=cancel)
        steps = [load]
        if input == "dense":
            x_train, x_test = flatten_images(x_train), flatten_images(x_test)
            steps.append(Step("flatten_scale", "Flatten each 28×28 image to 784 values and scale 0..255 to 0..1",
                              "x.reshape((len(x), 28 * 28)).astype('float32') / 255",
                              _shapes(x_train=x_train, x_test=x_test)))
        else:
            x_train, x_test = images_with_channel(x_train), images_with_channel(x_test)
            steps.append(Step("channel_scale", "Add a channel axis for Conv2D and scale 0..255 to 0..1",
                              "x.reshape((len(x), 28, 28, 1)).astype('float32') / 255",
                              _shapes(x_train=x_train, x_test=x_test)))
        y_train, y_test, label_step = _labels(y_train, y_test, labels, 10)
        steps.append(label_step)
        return PreparedData(self.name, x_train, y_train, x_test, y_test, steps,
                            {"num_classes": 10, "class_names": mnist.CLASS_NAMES, "labels": labels})


def _labels(y_train, y_test, labels, num_classes):
    if labels == "categorical":
        y_train, y_test = one_hot(y_train, num_classes), one_hot(y_test, num_classes)
        return y_train, y_test, Step(
            "one_hot", f"One-hot encode the labels into {num_classes} columns (for categorical_crossentropy)",
            "to_categorical(y)", _shapes(y_train=y_train, y_test=y_test))
    y_train, y_test = np.asarray(y_train, "int64"), np.asarray(y_test, "int64")
    return y_train, y_test, Step(
        "integer_labels", "Keep the labels as integers (for sparse_categorical_crossentropy)",
        "y.astype('int64')", _shapes(y_train=y_train, y_test=y_test))


class _TextCase(Case):
    """IMDB and Reuters share the text pipeline: bounded vocabulary, then multi-hot or padding."""

    def prepare(self, raw=None, *, num_words=10000, input="multi_hot", maxlen=500, padding="pre",
                truncating="pre", value=0, labels="categorical", path=None, progress=None, cancel=None):
        """Word indices → ``(n, num_words)`` multi-hot float32 (``input="multi_hot"``) or
        ``(n, maxlen)`` int32 padded index sequences (``"sequence"``, Keras ``pad_sequences``).

        ``raw`` must have been loaded with the same ``num_words`` (None loads it that way).
        """
        _choice("input", input, ("multi_hot", "sequence"))
        call = f"{self.name}.load_data(num_words={num_words})"
        (x_train, y_train), (x_test, y_test), load = self._load_step(
            raw, call, path=path, progress=progress, cancel=cancel, num_words=num_words)
        steps = [load]
        if input == "multi_hot":
            x_train = vectorize_sequences(x_train, num_words)
            x_test = vectorize_sequences(x_test, num_words)
            steps.append(Step("multi_hot", f"Turn each list of word indices into {num_words} zeros and ones "
                              "(1 where the word occurs)", f"vectorize_sequences(x, dimension={num_words})",
                              _shapes(x_train=x_train, x_test=x_test)))
        else:
            x_train = pad_sequences(x_train, maxlen=maxlen, padding=padding, truncating=truncating, value=value)
            x_test = pad_sequences(x_test, maxlen=maxlen, padding=padding, truncating=truncating, value=value)
            steps.append(Step("pad", f"Pad or cut every sequence to {maxlen} word indices",
                              f"pad_sequences(x, maxlen={maxlen}, padding={padding!r}, "
                              f"truncating={truncating!r}, value={value!r})", _shapes(x_train=x_train, x_test=x_test)))
        y_train, y_test, label_step = self._prepare_labels(y_train, y_test, labels)
        steps.append(label_step)
        info = {"num_words": num_words, "input": input, "class_names": self.class_names(),
                "num_classes": len(self.class_names()), "labels": labels}
        return PreparedData(self.name, x_train, y_train, x_test, y_test, steps, info)

    def word_index(self, path=None, progress=None, cancel=None):
        """The dataset's word → rank dict (downloaded into Keras's cache when needed)."""
        kwargs = {"path": path} if path is not None else {}
        return self.loader.get_word_index(progress=progress, cancel=cancel, **kwargs)

    def decode(self, sequence, word_index=None, index_from=3, start_char=1, oov_char=2):
        """A loaded sequence back to words (``[START]``, ``[OOV]``, ``[PAD]`` for the reserved indices)."""
        return decode_sequence(sequence, word_index if word_index is not None else self.word_index(),
                               index_from=index_from, start_char=start_char, oov_char=oov_char)


class _IMDB(_TextCase):
    name, title, task, loader = "imdb", "IMDB movie reviews", "binary", imdb
    presets = ("imdb_dense", "imdb_lstm")

    def class_names(self):
        return imdb.CLASS_NAMES

    def _prepare_labels(self, y_train, y_test, labels):
        y_train, y_test = np.asarray(y_train).astype("float32"), np.asarray(y_test).astype("float32")
        return y_train, y_test, Step("float_labels", "Labels 0/1 as float32 (for binary_crossentropy)",
                                     "np.asarray(y).astype('float32')", _shapes(y_train=y_train, y_test=y_test))


class _Reuters(_TextCase):
    name, title, task, loader = "reuters", "Reuters newswires", "multiclass", reuters
    presets = ("reuters_dense",)

    def class_names(self):
        return reuters.get_label_names()

    def _prepare_labels(self, y_train, y_test, labels):
        _choice("labels", labels, ("categorical", "sparse"))
        return _labels(y_train, y_test, labels, 46)


class _Boston(Case):
    name, title, task, loader = "boston_housing", "Boston housing prices", "regression", boston_housing
    presets = ("boston_dense",)

    def prepare(self, raw=None, *, standardize=True, path=None, progress=None, cancel=None):
        """Features standardized with the training set's mean and std (applied to test with the same
        numbers); features and targets as float32. ``info["standardizer"]`` keeps the statistics."""
        (x_train, y_train), (x_test, y_test), load = self._load_step(raw, "boston_housing.load_data()",
                                                                     path=path, progress=progress, cancel=cancel)
        steps = [load]
        info = {"feature_names": boston_housing.FEATURE_NAMES, "target_name": boston_housing.TARGET_NAME}
        if standardize:
            scaler = Standardizer().fit(x_train)
            x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
            info.update(standardizer=scaler, mean=scaler.mean, std=scaler.std)
            steps.append(Step("standardize", "Standardize each feature with the TRAINING mean and std "
                              "(the test set reuses them)",
                              "mean = x_train.mean(axis=0); std = x_train.std(axis=0); x = (x - mean) / std",
                              _shapes(x_train=x_train, x_test=x_test)))
        else:
            x_train, x_test = x_train.astype("float32"), x_test.astype("float32")
        y_train, y_test = y_train.astype("float32"), y_test.astype("float32")
        steps.append(Step("float32", "Targets (prices in $1000s) as float32", "y.astype('float32')",
                          _shapes(y_train=y_train, y_test=y_test)))
        return PreparedData(self.name, x_train, y_train, x_test, y_test, steps, info)

    @staticmethod
    def k_folds(n=404, k=4, shuffle=False, seed=None):
        """The tutorial's K-fold split (k = 4 on 404 samples: validation folds of 101)."""
        return k_fold_splits(n, k, shuffle=shuffle, seed=seed)


MNIST = _MNIST()
IMDB = _IMDB()
REUTERS = _Reuters()
BOSTON_HOUSING = _Boston()

#: name → case, in the tutorial's order.
CASES = {c.name: c for c in (MNIST, IMDB, REUTERS, BOSTON_HOUSING)}


def get_case(name: str) -> Case:
    """The case called ``name`` (``"mnist"``, ``"imdb"``, ``"reuters"``, ``"boston_housing"``)."""
    try:
        return CASES[name]
    except KeyError:
        raise DataError(f"unknown case {name!r}; known: {', '.join(CASES)}", code="unknown_case",
                        name=name) from None
