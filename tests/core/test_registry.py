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


class Shape:
    """A kind of object with a config, as the engine's losses, metrics and optimizers are."""

    def __init__(self, size=1, name=None):
        self.size, self.name = size, name

    def get_config(self):
        return {"size": self.size, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def test_serialize_writes_what_get_reads_back():
    from netbuilder.core.registry import serialize

    reg = Registry("shape")
    reg.register(Shape)
    assert serialize(None) is None
    written = serialize(Shape(3, "s"))
    assert written == {"class_name": "Shape", "config": {"size": 3, "name": "s"}}
    again = reg.get(written, instance_types=(Shape,))
    assert isinstance(again, Shape) and again.get_config() == {"size": 3, "name": "s"}
    assert serialize(Shape(2), class_name="Alias") == {"class_name": "Alias", "config": {"size": 2, "name": None}}


def test_a_class_of_the_kind_becomes_an_instance():
    reg = Registry("shape")
    reg.register(Shape)

    class Unregistered(Shape):
        pass

    made = reg.get(Unregistered, instance_types=(Shape,))
    assert type(made) is Unregistered and made.size == 1
    assert type(reg.get(Shape, instance_types=(Shape,))) is Shape
    with pytest.raises(TypeError, match="Could not interpret shape identifier"):
        reg.get(int, instance_types=(Shape,))  # a class of another kind
    assert reg.get("Shape", instantiate=False) is Shape
    assert isinstance(reg.get("Shape"), Shape)


def test_to_instance_without_from_config_passes_keywords():
    from netbuilder.core.registry import to_instance

    class Plain:
        def __init__(self, a=0, b=0):
            self.a, self.b = a, b

    made = to_instance(Plain, {"a": 1, "b": 2})
    assert (made.a, made.b) == (1, 2)
    assert to_instance(Plain).a == 0
    fn = len
    assert to_instance(fn, {"ignored": 1}) is fn  # not a class: returned as it is
    reg = Registry("plain")
    reg.register(Plain)
    assert reg.get({"class_name": "Plain", "config": {"b": 4}}).b == 4
    with pytest.raises(ValueError, match="plain config must be a dict, got list"):
        reg.get({"class_name": "Plain", "config": [1]})


def test_every_kind_resolves_its_classes_and_round_trips():
    from netbuilder.core import constraints, initializers, losses, metrics, optimizers, regularizers

    for module, cls, kwargs in [(losses, losses.Huber, {"delta": 0.5}), (metrics, metrics.AUC, {"curve": "PR"}),
                                (optimizers, optimizers.RMSprop, {"rho": 0.8}),
                                (initializers, initializers.GlorotNormal, {"seed": 3}),
                                (regularizers, regularizers.L2, {"l2": 0.1}),
                                (constraints, constraints.MaxNorm, {"max_value": 3.0})]:
        assert type(module.get(cls)) is cls, cls
        obj = cls(**kwargs)
        written = module.serialize(obj)
        assert written == {"class_name": cls.__name__, "config": obj.get_config()}
        assert module.get(written).get_config() == obj.get_config(), cls
    assert regularizers.serialize(None) is None and constraints.serialize(None) is None
    assert losses.get("mse").__class__ is losses.MeanSquaredError
    assert type(losses.get({"class_name": "mse", "config": {"reduction": "sum"}})) is losses.MeanSquaredError
    assert losses.get(losses.mean_squared_error).__class__ is losses.MeanSquaredError
    assert losses.get(None) is None
