"""The tutorial's networks for each case ("Deep Learning with Python", chapters 2–6), as presets.

A :class:`Preset` is plain data (Keras-style layer configs plus the ``compile``/``fit`` settings and
the result the book reports), so the UI can show it as a table, put it on the canvas, or build it
with :meth:`Preset.build_model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _layer(class_name, **config):
    return {"class_name": class_name, "config": config}


@dataclass(frozen=True)
class Preset:
    """A network and its training settings, as the tutorial gives them.

    Attributes:
        name: stable id (``"mnist_dense"``).
        title: one-line English description (the UI translates by ``name``).
        input_shape: shape of one sample, without the batch axis.
        layers: ``{"class_name", "config"}`` dicts, in order (no Input layer).
        optimizer, loss, metrics: the ``compile`` arguments (Keras identifiers).
        batch_size, epochs: the ``fit`` arguments of the book's final run.
        validation: how the book validates (free text: held-out slice, split or K-fold).
        book_result: the result the book reports for this run.
        prepare: the options of the case's ``prepare`` that produce matching inputs.
    """

    name: str
    title: str
    input_shape: tuple
    layers: tuple
    optimizer: str
    loss: str
    metrics: tuple
    batch_size: int
    epochs: int
    validation: str
    book_result: str
    prepare: dict = field(default_factory=dict)

    def compile_kwargs(self) -> dict:
        """``{"optimizer", "loss", "metrics"}`` ready for ``model.compile(**...)``."""
        return {"optimizer": self.optimizer, "loss": self.loss, "metrics": list(self.metrics)}

    def fit_kwargs(self) -> dict:
        """``{"batch_size", "epochs"}`` ready for ``model.fit(x, y, **...)``."""
        return {"batch_size": self.batch_size, "epochs": self.epochs}

    def build_model(self, compile=True):
        """A ``Sequential`` model of this preset (compiled unless ``compile=False``).

        Needs the engine's layers named in :attr:`layers` (Conv2D, LSTM ... for some presets).
        """
        from .. import layers as L  # noqa: PLC0415  (models imports the whole engine)
        from .. import models  # noqa: PLC0415

        model = models.Sequential()
        model.add(L.Input(shape=tuple(self.input_shape)))
        for spec in self.layers:
            model.add(L.get({"class_name": spec["class_name"], "config": dict(spec["config"])}))
        if compile:
            model.compile(**self.compile_kwargs())
        return model


PRESETS = {p.name: p for p in (
    Preset("mnist_dense", "MNIST: Dense 512 relu → Dense 10 softmax (chapter 2)", (784,),
           (_layer("Dense", units=512, activation="relu"), _layer("Dense", units=10, activation="softmax")),
           "rmsprop", "categorical_crossentropy", ("accuracy",), 128, 5,
           "none during training; evaluated on the 10,000 test images", "test accuracy 97.8%",
           {"input": "dense", "labels": "categorical"}),
    Preset("mnist_conv", "MNIST: small convnet, 3 Conv2D + 2 MaxPooling2D → Dense 64 → 10 (chapter 5)",
           (28, 28, 1),
           (_layer("Conv2D", filters=32, kernel_size=(3, 3), activation="relu"),
            _layer("MaxPooling2D", pool_size=(2, 2)),
            _layer("Conv2D", filters=64, kernel_size=(3, 3), activation="relu"),
            _layer("MaxPooling2D", pool_size=(2, 2)),
            _layer("Conv2D", filters=64, kernel_size=(3, 3), activation="relu"),
            _layer("Flatten"),
            _layer("Dense", units=64, activation="relu"),
            _layer("Dense", units=10, activation="softmax")),
           "rmsprop", "categorical_crossentropy", ("accuracy",), 64, 5,
           "none during training; evaluated on the test images", "test accuracy 99.1%",
           {"input": "conv", "labels": "categorical"}),
    Preset("imdb_dense", "IMDB: Dense 16 relu → Dense 16 relu → Dense 1 sigmoid on multi-hot vectors "
           "(chapter 3)", (10000,),
           (_layer("Dense", units=16, activation="relu"), _layer("Dense", units=16, activation="relu"),
            _layer("Dense", units=1, activation="sigmoid")),
           "rmsprop", "binary_crossentropy", ("accuracy",), 512, 4,
           "first 10,000 training reviews held out while exploring (overfits after ~4 epochs)",
           "test accuracy ≈ 88%", {"input": "multi_hot", "num_words": 10000}),
    Preset("imdb_lstm", "IMDB: Embedding 32 → LSTM 32 → Dense 1 sigmoid on padded sequences (chapter 6)",
           (500,),
           (_layer("Embedding", input_dim=10000, output_dim=32), _layer("LSTM", units=32),
            _layer("Dense", units=1, activation="sigmoid")),
           "rmsprop", "binary_crossentropy", ("accuracy",), 128, 10, "validation_split=0.2",
           "validation accuracy ≈ 89%", {"input": "sequence", "num_words": 10000, "maxlen": 500}),
    Preset("reuters_dense", "Reuters: Dense 64 relu → Dense 64 relu → Dense 46 softmax (chapter 3)",
           (10000,),
           (_layer("Dense", units=64, activation="relu"), _layer("Dense", units=64, activation="relu"),
            _layer("Dense", units=46, activation="softmax")),
           "rmsprop", "categorical_crossentropy", ("accuracy",), 512, 9,
           "first 1,000 training wires held out while exploring (overfits after ~9 epochs)",
           "test accuracy ≈ 78–80%", {"input": "multi_hot", "num_words": 10000, "labels": "categorical"}),
    Preset("boston_dense", "Boston housing: Dense 64 relu → Dense 64 relu → Dense 1 (chapter 3)", (13,),
           (_layer("Dense", units=64, activation="relu"), _layer("Dense", units=64, activation="relu"),
            _layer("Dense", units=1)),
           "rmsprop", "mse", ("mae",), 1, 100,
           "4-fold cross-validation on the 404 training samples (folds of 101); final model: "
           "80 epochs, batch 16, on all training data",
           "mean validation MAE ≈ 2.4 (100 epochs); test MAE ≈ 2.5 ($2,500)", {"standardize": True}),
)}


def get_preset(name: str) -> Preset:
    """The preset called ``name``; ``KeyError`` naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None
