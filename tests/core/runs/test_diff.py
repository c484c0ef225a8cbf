"""The readable diff between two runs' networks and settings."""

import copy

from netbuilder.core import remedies
from netbuilder.core.runs import describe_changes
from netbuilder.core.runs.diff import fmt, settings_changes
from netbuilder.core.runs.lessons import with_l2

from .helpers import SETTINGS, spiral_model


def test_same_network_and_settings_have_no_changes():
    assert describe_changes(spiral_model(), SETTINGS, spiral_model(), copy.deepcopy(SETTINGS)) == []


def test_units_change_names_layer_argument_and_both_values():
    assert describe_changes(spiral_model(16), SETTINGS, spiral_model(4), SETTINGS) == ["dense: units 16 → 4"]


def test_added_dropout_says_where_and_consumer_rewiring_is_listed():
    old = spiral_model(16, hidden=2)
    new = remedies.add_dropout(old, 0.5)
    lines = describe_changes(old, SETTINGS, new, SETTINGS)
    assert "+ Dropout(0.5) after dense" in lines
    assert "+ Dropout(0.5) after dense_1" in lines
    assert len(lines) == 2  # the consumers' new inputs are the insertion, not a change of their own


def test_rewiring_by_hand_is_listed():
    old = spiral_model(16, hidden=2)
    new = spiral_model(16, hidden=2)
    new["config"]["layers"][3]["inputs"] = ["dense"]  # out reads dense, skipping dense_1
    assert describe_changes(old, SETTINGS, new, SETTINGS) == ["out: inputs [dense_1] → [dense]"]


def test_removed_layer_and_regularizer():
    old = spiral_model(16, hidden=2)
    new = spiral_model(16, hidden=1)
    assert "− dense_1 (Dense(16))" in describe_changes(old, SETTINGS, new, SETTINGS)
    lines = describe_changes(new, SETTINGS, with_l2(new), SETTINGS)
    assert lines == ["dense: kernel_regularizer none → L2(0.001)"]


def test_optimizer_learning_rate_and_settings():
    new = copy.deepcopy(SETTINGS)
    new["optimizer"]["config"]["learning_rate"] = 0.0001
    new["epochs"] = 20
    assert settings_changes(SETTINGS, new) == ["optimizer RMSprop lr 0.01 → 0.0001", "epochs 8 → 20"]
    adam = {**SETTINGS, "optimizer": "adam"}
    assert settings_changes(SETTINGS, adam)[0] == "optimizer RMSprop → adam"


def test_fmt():
    assert fmt(None) == "none" and fmt(0.5) == "0.5" and fmt([1, 2]) == "[1, 2]"
    assert fmt({"class_name": "L2", "config": {"l2": 0.002}}) == "L2(0.002)"


def test_a_change_of_dataset_is_the_first_line():
    """A learner walk saw "Run 2" trained on MNIST after spirals listed only its layer and loss changes."""
    spirals = ["playground:spirals", "binary", [2], []]
    mnist = ["mnist", "multiclass", [784], []]
    lines = describe_changes(spiral_model(), SETTINGS, spiral_model(4), SETTINGS, spirals, mnist)
    assert lines == ["dataset playground:spirals → mnist", "dense: units 16 → 4"]
    imdb_10k, imdb_5k = ["imdb", "binary", [10000], []], ["imdb", "binary", [5000], []]
    assert describe_changes(spiral_model(), SETTINGS, spiral_model(), SETTINGS, imdb_10k, imdb_5k) == \
        ["dataset imdb: samples (10000,) → (5000,)"]
    assert describe_changes(spiral_model(), SETTINGS, spiral_model(), SETTINGS, spirals, list(spirals)) == []
    assert describe_changes(spiral_model(), SETTINGS, spiral_model(), SETTINGS, None, mnist) == []  # unknown


def test_distinct_datasets_names_each_dataset_once_and_nothing_when_they_agree():
    from netbuilder.core.runs import distinct_datasets

    spirals = ["playground:spirals", "binary", [2], [1]]
    mnist = ["mnist", "categorical", [784], [10]]
    assert distinct_datasets([spirals, list(spirals), None]) == []  # one dataset (an unknown one says nothing)
    assert distinct_datasets([spirals, mnist, spirals]) == ["playground:spirals", "mnist"]
    imdb_a, imdb_b = ["imdb", "binary", [10000], []], ["imdb", "binary", [5000], []]
    assert distinct_datasets([imdb_a, imdb_b]) == ["imdb (10000,)", "imdb (5000,)"]  # same name, other shapes
    assert distinct_datasets([]) == [] and distinct_datasets([None, spirals]) == []
