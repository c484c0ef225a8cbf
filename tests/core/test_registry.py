import pytest

from netbuilder.core.registry import Registry, to_snake_case


def test_snake_case_matches_keras():
    assert to_snake_case("SparseCategoricalAccuracy") == "sparse_categorical_accuracy"
    assert to_snake_case("Conv2D") == "conv2d"
    assert to_snake_case("LSTM") == "lstm"
    assert to_snake_case("GRU") == "gru"


def test_unknown_identifier_lists_close_matches():
    reg = Registry("widget")

    @reg.register(aliases=("sgd",))
    class SGD:
        pass

    assert reg.get("sgd").__class__ is SGD
    with pytest.raises(ValueError, match=r"Unknown widget identifier: 'sdg'.*Did you mean 'sgd'"):
        reg.get("sdg")


def test_config_dict_and_instance():
    reg = Registry("thing")

    @reg.register
    class Thing:
        def __init__(self, a=1):
            self.a = a

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    t = reg.get({"class_name": "Thing", "config": {"a": 5}})
    assert t.a == 5
    assert reg.get(t, instance_types=(Thing,)) is t
    with pytest.raises(ValueError, match="class_name"):
        reg.get({"config": {}})
