"""The coach's graph remedies as config transforms: data augmentation after an image input (issue 22)."""

import numpy as np

from netbuilder.core import remedies as R
from netbuilder.core.models import analyze_config, model_from_config

OVERFIT = ("restore_best_weights", "add_dropout", "add_l2", "halve_units", "more_data")


def image_net():
    return {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"name": "img", "class_name": "InputLayer", "config": {"name": "img", "batch_shape": [None, 12, 12, 1]},
         "inputs": []},
        {"name": "conv", "class_name": "Conv2D", "config": {"name": "conv", "filters": 4, "kernel_size": 3,
                                                           "activation": "relu"}, "inputs": ["img"]},
        {"name": "flat", "class_name": "Flatten", "config": {"name": "flat"}, "inputs": ["conv"]},
        {"name": "hidden", "class_name": "Dense", "config": {"name": "hidden", "units": 8, "activation": "relu"},
         "inputs": ["flat"]},
        {"name": "out", "class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"},
         "inputs": ["hidden"]}], "inputs": ["img"], "outputs": ["out"]}}


def flat_net():
    cfg = image_net()
    cfg["config"]["layers"] = [cfg["config"]["layers"][0]] + cfg["config"]["layers"][3:]
    cfg["config"]["layers"][0]["config"]["batch_shape"] = [None, 144]
    cfg["config"]["layers"][1]["inputs"] = ["img"]
    return cfg


def test_augmentation_goes_right_after_the_image_input():
    cfg = image_net()
    new = R.add_augmentation(cfg)
    assert cfg == image_net()  # the argument is left untouched
    layers = new["config"]["layers"]
    assert [e["class_name"] for e in layers[:5]] == ["InputLayer", "RandomRotation", "RandomZoom",
                                                       "RandomTranslation", "Conv2D"]
    assert [e["inputs"] for e in layers[1:5]] == [["img"], [layers[1]["name"]], [layers[2]["name"]],
                                                  [layers[3]["name"]]]
    assert layers[1]["config"]["factor"] == 0.05 and layers[3]["config"]["width_factor"] == 0.1
    assert analyze_config(new["config"]).ok
    assert R.add_augmentation(new) == new  # not twice


def test_augmented_model_predicts_as_before_and_trains_on_transformed_images():
    """Identity in inference (same weights, same predictions); random in training (fit sees other images)."""
    before = model_from_config(image_net())
    after = model_from_config(R.add_augmentation(image_net()))
    assert after.count_params() == before.count_params()
    after.set_weights(before.get_weights())
    x = np.random.default_rng(0).random((5, 12, 12, 1)).astype("float32")
    np.testing.assert_array_equal(after.predict(x, verbose=0), before.predict(x, verbose=0))
    aug = after.get_layer(R.add_augmentation(image_net())["config"]["layers"][1]["name"])
    assert not np.allclose(aug(x, training=True), x)


def test_sequential_config_gets_an_input_then_the_augmentation():
    seq = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": 3,
                                            "batch_input_shape": [None, 10, 10, 1]}},
        {"class_name": "Flatten", "config": {"name": "f"}},
        {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}
    new = R.add_augmentation(seq)
    assert [e["class_name"] for e in new["config"]["layers"]] == ["InputLayer", "RandomRotation", "RandomZoom",
                                                                  "RandomTranslation", "Conv2D", "Flatten", "Dense"]
    assert "batch_input_shape" not in new["config"]["layers"][4]["config"]
    assert model_from_config(new).count_params() == model_from_config(seq).count_params()


def test_offered_for_overfitting_image_networks_only():
    # augmentation is the image network's "more data": it takes that advice's place (one button row)
    assert R.applicable(OVERFIT, image_net()) == ("restore_best_weights", "add_augmentation", "add_dropout",
                                                  "add_l2", "halve_units")
    assert "more_data" in R.applicable(OVERFIT, R.add_augmentation(image_net()))
    assert "add_augmentation" not in R.applicable(OVERFIT, flat_net())  # a flat vector cannot be rotated
    assert "add_augmentation" not in R.applicable(OVERFIT, R.add_augmentation(image_net()))  # already there
    assert "add_augmentation" not in R.applicable(("more_epochs", "add_layer"), image_net())  # underfitting
    assert "add_augmentation" not in R.applicable(OVERFIT + ("add_augmentation",), None)
    assert R.add_augmentation(flat_net()) == flat_net()


def test_inserting_a_layer_rewires_a_shared_layers_later_calls():
    cfg = {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"name": "a", "class_name": "InputLayer", "config": {"name": "a", "batch_shape": [None, 8, 8, 1]}, "inputs": []},
        {"name": "b", "class_name": "InputLayer", "config": {"name": "b", "batch_shape": [None, 8, 8, 1]}, "inputs": []},
        {"name": "conv", "class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": 3},
         "inputs": ["b"], "calls": [["a"]]},
        {"name": "sum", "class_name": "Add", "config": {"name": "sum"}, "inputs": ["conv", ["conv", 0, 1]]}],
        "inputs": ["a", "b"], "outputs": ["sum"]}}
    new = R.add_augmentation(cfg)
    conv = next(e for e in new["config"]["layers"] if e["name"] == "conv")
    assert conv["inputs"][0].startswith("random_translation") and conv["calls"][0][0].startswith("random_translation")
    assert conv["inputs"] != conv["calls"][0]  # each input has its own augmentation
    assert analyze_config(new["config"]).ok
