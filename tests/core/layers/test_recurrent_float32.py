"""SimpleRNN / LSTM / GRU keep float32 on the hot path: forward and backward of a float32 layer
create no float64 array (a scratch buffer made without its dtype holds the right values in
float64, so value tests miss it, but it doubles that buffer's memory traffic and upcasts every
step that touches it), and dropout masks are drawn from float32 uniforms.

The layers take their array module from ``backend.get_array_module``; here it returns a NumPy
proxy that notes every float64 array one of its functions returns (``empty``, ``zeros``,
``asarray``, ``concatenate``, ...), so the check covers buffers, masks and gradients alike.
"""

import numpy as np
import pytest

from netbuilder.core import backend as B
from netbuilder.core.layers import GRU, LSTM, SimpleRNN

N, T, F, U = 3, 5, 4, 3
MASK = np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=bool)


class Float64Recorder:
    """NumPy, except that every float64 array a function returns is noted in ``made``."""

    def __init__(self):
        self.made = []

    def __getattr__(self, name):
        attr = getattr(np, name)
        if not callable(attr) or isinstance(attr, type):  # constants, dtypes (np.float32, ...)
            return attr

        def call(*args, **kwargs):
            out = attr(*args, **kwargs)
            for a in out if isinstance(out, (tuple, list)) else (out,):
                if isinstance(a, np.ndarray) and a.dtype == np.float64:
                    self.made.append(f"{name}{tuple(a.shape)}")
            return out

        return call


class Float32Draws:
    """A random generator that notes the dtype of each ``random`` call."""

    def __init__(self, seed):
        self.gen, self.dtypes = np.random.default_rng(seed), []

    def random(self, shape, dtype=np.float64):
        self.dtypes.append(np.dtype(dtype))
        return self.gen.random(shape, dtype=dtype)


@pytest.fixture
def recorder(monkeypatch):
    rec = Float64Recorder()
    monkeypatch.setattr(B, "get_array_module", lambda *arrays: rec)
    return rec


CASES = [
    (SimpleRNN, {}, False),
    (SimpleRNN, {"return_sequences": True, "go_backwards": True, "activation": "gelu"}, True),
    (SimpleRNN, {"dropout": 0.25, "recurrent_dropout": 0.5, "return_state": True, "stateful": True}, True),
    (LSTM, {}, False),
    (LSTM, {"return_sequences": True, "go_backwards": True}, True),
    (LSTM, {"dropout": 0.25, "recurrent_dropout": 0.5, "stateful": True}, True),
    (LSTM, {"activation": "gelu", "recurrent_activation": "silu", "return_state": True}, True),
    (LSTM, {"activation": "tanh", "recurrent_activation": "hard_sigmoid", "zero_output_for_mask": True,
            "return_sequences": True}, True),
    (GRU, {}, False),
    (GRU, {"return_sequences": True, "go_backwards": True, "zero_output_for_mask": True}, True),
    (GRU, {"dropout": 0.25, "recurrent_dropout": 0.5, "return_state": True, "stateful": True}, True),
    (GRU, {"reset_after": False, "recurrent_dropout": 0.5, "return_sequences": True}, True),
    (GRU, {"reset_after": False, "activation": "gelu", "recurrent_activation": "silu"}, False),
]


@pytest.mark.parametrize("cls,kwargs,masked", CASES,
                         ids=[f"{c.__name__}-{'-'.join(k) or 'default'}" for c, k, _ in CASES])
def test_forward_and_backward_create_no_float64_array(recorder, cls, kwargs, masked):
    drop = kwargs.get("dropout", 0) or kwargs.get("recurrent_dropout", 0)
    layer = cls(U, **kwargs)
    layer._build_once((None, T, F))
    assert layer.kernel.dtype == np.float32
    if drop:
        layer._own_rng = Float32Draws(7)
    x = np.random.default_rng(0).standard_normal((N, T, F))
    # float32, then float64 inputs and output gradients (cast once, on the way in);
    # a stateful layer's second batch starts from the kept states
    for dtype in (np.float32, np.float64):
        if layer.states is not None:  # kept states handed back in float64 are cast on the way in
            layer.states = [s.astype(np.float64) for s in layer.states]
        out = layer.run_forward(x.astype(dtype), training=bool(drop), mask=MASK if masked else None)
        outs = out if isinstance(out, list) else [out]
        layer.input_grad_needed = True
        grads = [np.ones(o.shape, dtype) for o in outs]
        dx = layer.run_backward(grads if isinstance(out, list) else grads[0])
        assert [(o.dtype, o.flags.c_contiguous) for o in outs] == [(np.float32, True)] * len(outs)
        assert dx.dtype == np.float32
        assert {k: g.dtype for k, g in layer.grads.items()} == {k: np.float32 for k in layer.params}
        assert np.all(np.isfinite(dx)) and all(np.all(np.isfinite(g)) for g in layer.grads.values())
    assert recorder.made == []
    if drop:
        assert layer._own_rng.dtypes and set(layer._own_rng.dtypes) == {np.dtype(np.float32)}
