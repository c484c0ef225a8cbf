"""layer_stats and the LayerStats callback: norms, histograms, dead and saturated units."""

import numpy as np

from netbuilder.core import layers, models, optimizers, utils
from netbuilder.core.introspect import LayerStats, layer_stats
from netbuilder.core.introspect.stats import unit_shares


def _model(bias_init="zeros"):
    utils.set_random_seed(0)
    model = models.Sequential([
        layers.Dense(6, activation="relu", input_shape=(4,), bias_initializer=bias_init, name="r"),
        layers.Dense(3, activation="sigmoid", name="s"),
        layers.Dense(1, name="out"),
    ])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.01), loss="mse")
    return model


def test_unit_shares_count_dead_and_saturated_units():
    relu = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])  # unit 0 never fires
    assert unit_shares(relu, "relu") == (1 / 3, None)
    sig = np.array([[0.999, 0.5], [0.001, 0.6]])  # unit 0 saturated on every row
    assert unit_shares(sig, "sigmoid") == (None, 0.5)
    assert unit_shares(np.array([[0.995, -0.999], [0.3, -0.9999]]), "tanh") == (None, 0.5)
    assert unit_shares(relu, "linear") == (None, None)


def test_layer_stats_reads_weights_and_the_last_gradients():
    model = _model()
    x = np.random.default_rng(0).standard_normal((32, 4)).astype("float32")
    y = x[:, :1]
    model.train_on_batch(x, y)
    stats = layer_stats(model, x, bins=7)
    assert set(stats) == {"r", "s", "out"}
    r = stats["r"]
    kernel = model.get_layer("r").get_weights()[0]
    assert abs(r.weight_norms["kernel"] / np.linalg.norm(kernel.astype("float64")) - 1) < 1e-6
    counts, edges = r.weight_hist["kernel"]
    assert counts.sum() == kernel.size and len(edges) == 8
    grad = model.get_layer("r").grads["kernel"]
    assert abs(r.grad_norms["kernel"] / np.linalg.norm(grad.astype("float64")) - 1) < 1e-6
    relu_out = np.maximum(x @ kernel + model.get_layer("r").get_weights()[1], 0)
    assert r.dead_share == np.mean(np.all(relu_out <= 0, axis=0))
    assert stats["s"].saturated_share is not None and stats["out"].dead_share is None


def test_a_relu_layer_with_very_negative_bias_is_all_dead():
    model = _model(bias_init="zeros")
    w = model.get_layer("r").get_weights()
    model.get_layer("r").set_weights([w[0], np.full_like(w[1], -100.0)])
    x = np.random.default_rng(1).standard_normal((16, 4)).astype("float32")
    assert layer_stats(model, x)["r"].dead_share == 1.0


def test_callback_records_one_entry_per_epoch_with_mean_gradient_norms():
    model = _model()
    rs = np.random.default_rng(0)
    x = rs.standard_normal((64, 4)).astype("float32")
    y = x[:, :1] * 2
    seen = []
    cb = LayerStats(sample_x=x[:16], grad_samples=4, on_epoch=lambda e, s: seen.append(e))
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[cb])
    assert len(cb.epochs) == 3 and seen == [0, 1, 2]
    assert cb._every == 2  # 8 batches an epoch, 4 sampled
    norms = cb.series("r", "grad_norms", "kernel")
    assert len(norms) == 3 and all(v > 0 for v in norms)
    weights = cb.series("out", "weight_norms", "kernel")
    assert abs(weights[-1] / np.linalg.norm(model.get_layer("out").get_weights()[0].astype("float64")) - 1) < 1e-6
    assert len(cb.series("r", "dead_share")) == 3
