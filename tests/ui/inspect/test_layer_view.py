"""The layer view on its own: sequences as heat maps, Embedding vectors as nearest words."""

import numpy as np

from netbuilder.core import layers, models, utils
from netbuilder.ui.inspect.layer_view import LayerView, nearest_words
from netbuilder.ui.training import TrainingData


def test_nearest_words_by_cosine_similarity():
    m = np.array([[0, 0], [1, 0], [0.9, 0.1], [0, 1], [-1, 0]], dtype="float32")
    near = nearest_words(m, [1, 3], k=2)
    assert near[1][0] == 2 and near[1][1] in (0, 3)  # 2 is closest to 1; 0 and 3 tie at similarity 0
    assert near[3][0] == 2 and 3 not in near[3]  # a word is not its own neighbour


def test_sequences_show_as_heat_map_and_embeddings_as_nearest_words(qtbot):
    utils.set_random_seed(0)
    model = models.Sequential([layers.Embedding(20, 4, input_shape=(6,), name="emb"),
                               layers.LSTM(5, return_sequences=True, name="lstm"),
                               layers.GlobalAveragePooling1D(name="avg"), layers.Dense(1, activation="sigmoid")])
    x = np.array([[1, 4, 5, 6, 0, 0], [1, 7, 8, 0, 0, 0]], dtype="int32")
    data = TrainingData("imdb", x, np.zeros((2, 1), "float32"), task="binary",
                        info={"word_index": {"good": 1, "film": 2, "bad": 3, "plot": 4, "dull": 5}})
    view = LayerView(lambda: (model, "note"), lambda: data)
    qtbot.addWidget(view)
    assert view.select_layer("lstm")
    view.sample_box.setValue(1)
    sub = models.Model(model.inputs, model.get_layer("lstm").output)
    np.testing.assert_allclose(view.last_output, sub.predict(x[1:2], verbose=0)[0], rtol=1e-5, atol=1e-6)
    assert "time steps" in view.caption.text() and not view.picture.pixmap().isNull()
    assert view.select_layer("emb")
    text = view.picture.text()
    # sample 1 reads [START] plot dull (ids 1, 7, 8 = index 4 and 5 + 3); each with its nearest words
    assert text.split("<br>")[1].startswith("plot →") and text.split("<br>")[2].startswith("dull →")
    assert len(text.split("<br>")) == 3
