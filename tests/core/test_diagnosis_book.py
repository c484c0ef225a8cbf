"""The fit coach calibrated on the four tutorial cases run as the book runs them (issue 20).

The histories are real runs on the real data (``benchmarks/record_book_histories.py``, seed 0), saved as
small JSON fixtures: MNIST 5 epochs with a 0.2 validation split; IMDB and Reuters 20 epochs with the
book's first 10,000 / 1,000 training samples held out; Boston the 4-fold mean of 100 epochs at batch 1.
"""

import json
from pathlib import Path

import pytest

from netbuilder.core import diagnosis as D
from netbuilder.core import fit_trends as T
from netbuilder.core import remedies as R

FIXTURES = Path(__file__).parent / "fixtures" / "book_histories"


def history(case, epochs=None):
    h = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))["history"]
    return {k: v[:epochs] for k, v in h.items()} if epochs else h


def test_mnist_five_epochs_is_a_good_fit_on_which_overfitting_starts():
    h = history("mnist")
    assert h["accuracy"][-1] == pytest.approx(0.988, abs=0.002)  # the 98.8 % / 97.8 %
    assert h["val_accuracy"][-1] == pytest.approx(0.979, abs=0.002)
    d = D.diagnose(h)
    assert (d.kind, d.code) == ("healthy", "good_fit_gap_opening")  # not "Underfitting: add a layer"
    assert d.best_epoch == 5 and d.epoch == 3  # the training loss is below validation's from epoch 3
    assert "overfitting starts" in d.message and "98.8%" in d.message and "97.9%" in d.message
    assert "add_layer" not in d.remedies and "double_units" not in d.remedies


def test_mnist_without_validation_does_not_say_underfitting():
    """The mnist_dense example trains without validation (as the book's chapter 2): no over/underfitting claim."""
    h = {k: v for k, v in history("mnist").items() if not k.startswith("val_")}
    d = D.diagnose(h)
    assert (d.kind, d.code) == ("unknown", "still_improving_no_validation") and d.remedies == ()
    assert "validation split" in d.message


def test_imdb_twenty_epochs_overfits_from_about_epoch_four():
    d = D.diagnose(history("imdb"))
    assert d.code == "overfitting_val_loss"
    assert 4 <= d.best_epoch <= 5 and d.epoch == d.best_epoch + 1  # the book: lowest at the 4th epoch
    assert T.giveback(history("imdb")["val_loss"]) > 0.5


def test_reuters_twenty_epochs_overfits_from_about_epoch_nine():
    d = D.diagnose(history("reuters"))
    assert d.code == "overfitting_val_loss"
    assert 8 <= d.best_epoch <= 10  # the book: overfits after nine epochs


@pytest.mark.parametrize("case, epochs", [("imdb", 4), ("reuters", 9)])
def test_the_examples_epochs_stop_where_overfitting_starts(case, epochs):
    """The examples train 4 (IMDB) and 9 (Reuters) epochs, where the book stops: a good fit, not underfitting."""
    d = D.diagnose(history(case, epochs))
    assert (d.kind, d.code) == ("healthy", "good_fit_gap_opening"), d.message
    assert d.best_epoch >= epochs - 1


def test_boston_validation_mae_flattens():
    h = history("boston")
    d = D.diagnose(h)
    assert (d.kind, d.code) == ("overfitting", "overfitting_val_flat"), d.message
    assert d.message.startswith("Validation mae flattens from about epoch")
    assert d.params["metric"] == "mae" and d.params["level"] == pytest.approx(2.35, abs=0.1)
    assert 10 <= d.epoch <= 30 and d.best_epoch == 1 + min(range(100), key=h["val_loss"].__getitem__)
    assert d.remedies[0] == "restore_best_weights"


def test_every_verdict_names_the_epochs_it_marks():
    """The chart draws the verdict's own numbers: best epoch and onset are in every verdict that marks them."""
    for case in ("mnist", "imdb", "reuters", "boston"):
        d = D.diagnose(history(case))
        assert d.best_epoch is not None and d.epoch is not None, case


def test_the_coach_does_not_offer_a_remedy_already_applied():
    cfg = {"class_name": "Sequential", "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, 10000]}},
        {"class_name": "Dense", "config": {"name": "d1", "units": 16, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "d2", "units": 16, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 1, "activation": "sigmoid"}}]}}
    d = D.diagnose(history("imdb"))
    assert "add_dropout" in R.applicable(d.remedies, cfg)
    with_dropout = R.add_dropout(cfg)
    offered = R.applicable(d.remedies, with_dropout)
    assert "add_dropout" not in offered and "add_l2" in offered
    assert "add_l2" not in R.applicable(offered, R.add_l2(with_dropout))
