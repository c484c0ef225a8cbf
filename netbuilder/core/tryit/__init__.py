"""Preparing a learner's own input for a trained model ("Try it"), with the datasets' own steps.

Everything here is Qt-free NumPy and reuses :mod:`netbuilder.core.datasets`, so an input typed or
drawn in the app goes through the same code as the training data:

- images: :func:`center_digit` does MNIST's normalisation of a drawing (bounding box → fit in
  20×20 keeping the aspect ratio with area averaging → centre of mass at (14, 14) of 28×28), then
  :func:`image_input` scales it like ``cases.MNIST.prepare`` (``flatten_images`` /
  ``images_with_channel``).
- text: :func:`text_to_word_sequence` (Keras's tokenizer rule), :func:`encode_text` (word index,
  ``index_from``/``start_char``/``oov_char``/``num_words`` through the loaders' own
  ``offset``/``bound_vocabulary``, then ``vectorize_sequences`` or ``pad_sequences``).
- Boston: :data:`BOSTON_FEATURES` (meaning and units), :func:`boston_input` (the training
  :class:`~netbuilder.core.datasets.preprocessing.Standardizer`).
- playground: :func:`decision_grid` and :func:`region_rgb` (the model's decision regions).
- any model: :func:`prediction_table` (predicted vs true label, the misclassified samples),
  :func:`guess_kind` (which panel fits a model loaded from a ``.nbm`` file),
  :class:`ModelSnapshot` (a copy to predict with while the original trains in another thread).

The dataset kinds live here; the learner's inputs in :mod:`.inputs` (images, text, Boston
features) and the model's outputs in :mod:`.outputs` (decision regions, prediction tables,
top k, the model snapshot).
"""

from __future__ import annotations

from .inputs import (BOSTON_FEATURES, KERAS_FILTERS, TextEncoding, boston_input, center_digit, encode_text,
                     grey_from_rgb, image_input, text_mode, text_to_word_sequence)
from .kinds import dataset_kind, dataset_name, first_layer_class, guess_kind
from .outputs import (CLASS_COLORS, DecisionGrid, ModelSnapshot, PredictionTable, class_probabilities,
                      decision_grid, grid_extent, labels_of, prediction_table, region_rgb, top_k)

__all__ = ["BOSTON_FEATURES", "CLASS_COLORS", "KERAS_FILTERS", "DecisionGrid", "ModelSnapshot",
           "PredictionTable", "TextEncoding", "boston_input", "center_digit", "class_probabilities",
           "dataset_kind", "dataset_name", "decision_grid", "encode_text", "first_layer_class",
           "grey_from_rgb", "grid_extent", "guess_kind", "image_input", "labels_of", "prediction_table",
           "region_rgb", "text_mode", "text_to_word_sequence", "top_k"]

