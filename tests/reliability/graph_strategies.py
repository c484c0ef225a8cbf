"""Hypothesis strategies for random functional-model configs, as the canvas would produce them.

Graphs mix valid and hostile choices on purpose: random layer types and arguments (including
wrong types, zero, negative and absurd sizes), random wiring (fan-in to single-input layers,
merges of mismatched shapes, self-loops and cycles, references to missing layers, dangling
nodes), one or two inputs of rank 1 to 3 (or an int ``Embedding`` input), and random outputs.
Rare hostile choices sit in the middle of an integer range, not at 0: Hypothesis favours
small values, so a choice made on 0 would come up far more often than its odds say.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: sizes that no machine can hold (every weight using them exceeds the weight limit)
ABSURD = [2 ** 31, 10 ** 12]
SMALL = [1, 2, 3, 4]
BAD_INTS = [0, -1, 2.5, "3", None, True]

ACTS = ["relu", "tanh", "sigmoid", "softmax", "linear", "gelu", "no_such_activation", 3]


def _pick(values):
    return st.sampled_from(values)


# class name -> {argument: strategy}; argument values are mostly sane, sometimes hostile
LAYER_ARGS = {
    "Dense": {"units": _pick(SMALL * 4 + BAD_INTS + ABSURD), "activation": _pick(ACTS + [None]),
              "use_bias": st.booleans()},
    "Activation": {"activation": _pick(ACTS)},
    "Dropout": {"rate": _pick([0.0, 0.2, 0.5, 0.9, 1.0, -0.1, 1.5, "x"])},
    "GaussianNoise": {"stddev": _pick([0.1, 1.0, -1.0])},
    "GaussianDropout": {"rate": _pick([0.1, 0.5, 1.0, -0.5])},
    "Flatten": {},
    "Reshape": {"target_shape": _pick([[-1], [2, -1], [4], [2, 2], [-1, -1], [0], [3, 5], "x", [10 ** 12]])},
    "Permute": {"dims": _pick([[1], [2, 1], [1, 2], [3, 1, 2], [0], [1, 1]])},
    "RepeatVector": {"n": _pick([1, 2, 3, 0, -1, 10 ** 12])},
    "BatchNormalization": {"axis": _pick([-1, 1, 2, 5, -7])},
    "LayerNormalization": {"axis": _pick([-1, 1, [1, 2], 9])},
    "Add": {}, "Subtract": {}, "Multiply": {}, "Average": {}, "Maximum": {}, "Minimum": {},
    "Concatenate": {"axis": _pick([-1, 1, 2, 0, 5])},
    "Dot": {"axes": _pick([-1, 1, 2, [1, 1], 0, 7]), "normalize": st.booleans()},
    "Conv1D": {"filters": _pick([1, 2, 0, -2] + ABSURD), "kernel_size": _pick([1, 2, 3, 0, 99]),
               "padding": _pick(["valid", "same", "causal", "bogus"])},
    "Conv2D": {"filters": _pick([1, 2, 0] + ABSURD), "kernel_size": _pick([1, 2, [1, 2], 0, 99]),
               "padding": _pick(["valid", "same", "bogus"])},
    "MaxPooling1D": {"pool_size": _pick([1, 2, 0, 50])},
    "AveragePooling2D": {"pool_size": _pick([1, 2, [2, 1], 0, 50])},
    "GlobalAveragePooling1D": {},
    "GlobalMaxPooling2D": {},
    "UpSampling1D": {"size": _pick([1, 2, 0])},
    "ZeroPadding1D": {"padding": _pick([1, 2, 0, -1])},
    "Embedding": {"input_dim": _pick([5, 10, 0, -3] + ABSURD), "output_dim": _pick([2, 3, 0] + ABSURD)},
    "SimpleRNN": {"units": _pick([1, 2, 3, 0] + ABSURD), "return_sequences": st.booleans()},
    "LSTM": {"units": _pick([1, 2, 0]), "return_sequences": st.booleans()},
    "GRU": {"units": _pick([1, 2, 0]), "return_sequences": st.booleans()},
}

MERGES = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"}
CLASS_NAMES = sorted(LAYER_ARGS) + ["NoSuchLayer"]


@st.composite
def layer_config(draw, class_name):
    args = LAYER_ARGS.get(class_name, {})
    config = {}
    for arg, strat in args.items():
        if draw(st.integers(0, 9)) != 5:  # most of the time give the argument
            config[arg] = draw(strat)
    if draw(st.integers(0, 29)) == 17:
        config["no_such_argument"] = 1
    return config


@st.composite
def input_entry(draw, name):
    kind = draw(st.integers(0, 9))
    if kind == 7:
        return {"name": name, "class_name": "InputLayer",
                "config": {"batch_shape": [None, draw(st.integers(2, 6))], "dtype": "int32", "name": name},
                "inputs": []}
    rank = draw(st.integers(1, 3))
    dims = [draw(st.sampled_from([1, 2, 3, 4, 5])) for _ in range(rank)]
    if draw(st.integers(0, 24)) == 13:
        dims[0] = draw(st.sampled_from([0, -1]))
    return {"name": name, "class_name": "InputLayer",
            "config": {"batch_shape": [None] + dims, "name": name}, "inputs": []}


@st.composite
def functional_config(draw, max_layers=7):
    """A ``{"class_name": "Functional", "config": ...}`` dict, valid or not."""
    n_inputs = 2 if draw(st.integers(0, 5)) == 3 else 1
    entries = [draw(input_entry(f"in{i}")) for i in range(n_inputs)]
    n_layers = draw(st.integers(0, max_layers))
    names = [e["name"] for e in entries] + [f"l{i}" for i in range(n_layers)]
    for i in range(n_layers):
        cls = draw(st.sampled_from(CLASS_NAMES))
        name = f"l{i}"
        config = draw(layer_config(cls))
        config["name"] = name
        earlier = names[: n_inputs + i]
        fan_in = 2 if cls in MERGES else 1
        if draw(st.integers(0, 15)) == 9:
            fan_in = draw(st.integers(0, 3))  # wrong fan-in on purpose
        refs = []
        for _ in range(fan_in):
            wiring = draw(st.integers(0, 59))
            if wiring == 30:
                refs.append(draw(st.sampled_from(names)))  # maybe a later layer: cycle
            elif wiring == 31:
                refs.append(name)  # self-loop
            elif wiring == 32:
                refs.append("ghost")  # missing layer
            else:
                refs.append(earlier[-1] if draw(st.booleans()) else draw(st.sampled_from(earlier)))
        entries.append({"name": name, "class_name": cls, "config": config, "inputs": refs})
    if n_layers and draw(st.integers(0, 59)) == 29:
        entries.append(dict(entries[-1]))  # duplicate name
    roll = draw(st.integers(0, 39))
    if roll == 20:
        outputs = []
    elif roll == 21:
        outputs = ["ghost"]
    elif 22 <= roll < 28 and len(names) > 1:
        outputs = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    else:
        outputs = [names[-1]]
    return {"class_name": "Functional",
            "config": {"name": "fuzz", "layers": entries, "inputs": names[:n_inputs], "outputs": outputs}}
