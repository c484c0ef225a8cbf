"""The fit's data door and split at their edges, from the mutants a mutation tester left alive (issue 23).

``models.data``: inputs by list/dict, the NaN/inf fast path, casts, length and shape checks with the
values they name, ``validation_split``'s bounds and Keras's rounding down (404 × 0.2 → 323/81), class
weights from ids, one-hot and sigmoid labels; ``epoch_iterator``: batch views and reused buffers.
"""

import warnings

import numpy as np
import pytest

from netbuilder.core import sparse, utils
from netbuilder.core.errors import DataError
from netbuilder.core.models import data as D
from netbuilder.core.models.epoch_iterator import (
    BatchGatherer,
    EpochIterator,
    compress_inputs,
    to_backend,
)

# ---------------------------------------------------------------- to_list


def test_to_list_aligns_lists_and_dicts_with_the_input_names():
    a, b = np.zeros(2), np.ones(2)
    assert D.to_list(None, ["x"], "input") is None
    assert D.to_list({"q": b, "p": a, "extra": a}, ["p", "q"], "input") == [a, b]
    assert D.to_list((a, b), ["p", "q"], "input") == [a, b]
    single = [[1, 2], [3, 4]]  # a nested list is one input's data when the model has one input
    assert D.to_list(single, ["x"], "input") == [single]
    with pytest.raises(DataError) as info:
        D.to_list({"p": a}, ["p", "q", "r"], "label")
    assert info.value.code == "data_missing_key"
    assert info.value.params == {"what": "label", "keys": "['q', 'r']"}
    assert str(info.value) == "label dict is missing key(s) ['q', 'r']; expected ['p', 'q', 'r']"
    with pytest.raises(DataError) as info:
        D.to_list([a, b, a], ["p", "q"], "input")
    assert info.value.code == "data_count" and info.value.params == {"what": "input", "expected": 2, "got": 3}
    assert str(info.value) == "the model has 2 inputs (['p', 'q']) but 3 arrays were given"


# ---------------------------------------------------------------- as_host_array


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_huge_finite_values_pass_silently(dtype):
    """x·x overflows to inf for values near the float maximum: the element-wise check decides."""
    big = np.full((3, 2), np.finfo("float32").max / 2, dtype=dtype)  # float64 data is cast to float32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert D._all_finite(big)
        assert D.as_host_array(big, "x") is not None


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("contiguous", [True, False])
def test_nan_and_inf_are_found_in_any_layout(bad, contiguous):
    a = np.zeros((4, 6), "float32")
    a[2, 3] = bad
    view = a if contiguous else a[:, ::2]  # column 3 is dropped from the strided view: put it at 2
    if not contiguous:
        a[2, 2] = bad
    assert not D._all_finite(view)
    with pytest.raises(DataError) as info:
        D.as_host_array(view, "x_train")
    want = (2, 3) if contiguous else (2, 1)
    assert info.value.code == "data_nonfinite"
    assert info.value.params == {"what": "x_train", "index": str(want)}
    assert str(info.value) == (f"x_train contains NaN or inf (first at index {want}); clean or impute the data "
                               "before training")
    assert D._all_finite(np.zeros((4, 6), "float32")[:, ::2])


def test_float64_values_beyond_float32_are_too_large_not_nan():
    """1e39 is finite in float64 but inf once cast to float32: say so and name the largest value."""
    a = np.ones((3, 2))
    a[1, 0], a[2, 1] = 5e38, -2e39
    with pytest.raises(DataError) as info:
        D.as_host_array(a, "x")
    assert info.value.code == "data_too_large"
    assert info.value.params == {"what": "x", "value": "-2e+39", "index": "(2, 1)", "dtype": "float32",
                                 "limit": "3.4e+38"}
    assert str(info.value) == ("x holds values too large for float32 (-2e+39 at index (2, 1); float32 stops at "
                               "about 3.4e+38); scale or normalise the data first, for instance divide it by "
                               "its largest value")
    a[0, 0] = np.nan  # a real NaN beside the overflow is reported as NaN, where it is
    with pytest.raises(DataError) as info:
        D.as_host_array(a, "x")
    assert info.value.code == "data_nonfinite" and info.value.params["index"] == "(0, 0)"
    edge = np.array([float(np.finfo("float32").max), -3e38])  # the float32 limit itself still fits
    assert np.isfinite(D.as_host_array(edge, "x")).all()


def test_as_host_array_casts_floats_and_bools_keeps_ints():
    f64 = np.array([[1.5, 2.5]])
    out = D.as_host_array(f64, "x")
    assert out.dtype == np.float32 and out.tolist() == [[1.5, 2.5]]
    f32 = np.array([1.0], "float32")
    assert D.as_host_array(f32, "x") is f32  # already floatx: not copied
    assert D.as_host_array(np.array([True, False]), "y").dtype == np.float32
    ints = np.array([[1, 2]], "int64")
    assert D.as_host_array(ints, "x") is ints
    assert D.as_host_array(np.array([3], "uint8"), "x").dtype == np.uint8
    assert D.as_host_array([[1.0, 2.0]], "x").dtype == np.float32  # a nested list
    nan = np.array([np.nan], "float32")
    assert D.as_host_array(nan, "x", check_finite=False) is nan
    assert D.as_host_array(np.zeros((0, 3)), "x").shape == (0, 3)


@pytest.mark.parametrize("value, code, message", [
    (np.array(["a", "b"]), "data_dtype", "x must be numeric, got dtype <U1"),
    (np.array([1 + 2j]), "data_dtype", "x must be numeric, got dtype complex128"),
    (np.float32(3.0), "data_scalar", "x must have a batch axis, got a scalar"),
    (np.array(5), "data_scalar", "x must have a batch axis, got a scalar"),
])
def test_as_host_array_refuses_what_cannot_train(value, code, message):
    with pytest.raises(DataError) as info:
        D.as_host_array(value, "x")
    assert info.value.code == code and str(info.value) == message
    assert info.value.params["what"] == "x"
    if code == "data_dtype":
        assert info.value.params["dtype"] == str(np.asarray(value).dtype)


def test_as_host_array_refuses_ragged_lists():
    ragged = np.empty(2, dtype=object)
    ragged[:] = [[1, 2], [3]]
    with pytest.raises(DataError) as info:
        D.as_host_array(ragged, "x_train")
    assert info.value.code == "data_object" and info.value.params == {"what": "x_train"}
    assert "pad sequences" in str(info.value)


# ---------------------------------------------------------------- lengths and shapes


def test_check_lengths_names_each_mismatch():
    x, y = np.zeros((5, 2)), np.zeros((5, 1))
    assert D.check_lengths([x, x], [y, None], np.ones(5)) == 5
    assert D.check_lengths([x], None) == 5
    with pytest.raises(DataError) as info:
        D.check_lengths([x, np.zeros((4, 2))], [y])
    assert info.value.code == "data_length_inputs"
    assert str(info.value) == "input arrays have different lengths: [5, 4]"
    with pytest.raises(DataError) as info:
        D.check_lengths([x], [y, np.zeros((6, 1))])
    assert info.value.code == "data_length" and info.value.params == {"x": 5, "y": 6}
    assert str(info.value) == "x has 5 samples but y has 6; they must have the same length"
    with pytest.raises(DataError) as info:
        D.check_lengths([x], [y], [1.0, 2.0])
    assert info.value.code == "data_length_weights" and info.value.params == {"x": 5, "w": 2}
    assert str(info.value) == "sample_weight has 2 entries for 5 samples"


class _Input:
    def __init__(self, shape):
        self.shape = shape


def test_check_input_shapes_none_matches_any_size_and_rank_must_agree():
    D.check_input_shapes([np.zeros((2, 7, 3))], [_Input((None, None, 3))], ["seq"])
    for bad in (np.zeros((2, 7, 4)), np.zeros((2, 7)), np.zeros((2, 7, 3, 1))):
        with pytest.raises(DataError) as info:
            D.check_input_shapes([bad], [_Input((None, None, 3))], ["seq"])
        assert info.value.code == "input_shape_mismatch" and info.value.layer == "seq"
        got = str(tuple(bad.shape[1:]))
        assert info.value.params == {"expected": "(None, 3)", "got": got}
        assert str(info.value) == (f"input 'seq' expects samples of shape (None, 3), got {got} (data shape "
                                   f"{bad.shape}); set the Input to {got} or reshape the data")


# ---------------------------------------------------------------- validation_split


def _numbered(n, weights=True):
    x = np.arange(n, dtype="float32")[:, None]
    return D.Arrays([x, x * 10], [x + 0.5], np.arange(n, dtype="float32") if weights else None)


@pytest.mark.parametrize("n, fraction, n_train", [
    (404, 0.2, 323),   # Boston: 323.2 rounds down, as Keras's int(n * (1 - s))
    (10, 0.25, 7),     # 7.5
    (10, 0.3, 7),      # 7.000000000000001 in floating point
    (3, 0.5, 1),       # 1.5
    (2, 0.5, 1),       # exactly half
    (7, 0.01, 6),      # 6.93: one validation sample
])
def test_split_validation_takes_floor_of_the_training_part_and_keeps_order(n, fraction, n_train):
    train, val = D.split_validation(_numbered(n), fraction)
    assert train.num_samples == n_train and val.num_samples == n - n_train
    for part, rows in ((train, np.arange(n_train)), (val, np.arange(n_train, n))):
        np.testing.assert_array_equal(part.x[0][:, 0], rows)
        np.testing.assert_array_equal(part.x[1][:, 0], rows * 10)
        np.testing.assert_array_equal(part.y[0][:, 0], rows + 0.5)
        np.testing.assert_array_equal(part.sample_weight, rows)


def test_split_validation_without_weights():
    train, val = D.split_validation(_numbered(5, weights=False), 0.4)
    assert train.sample_weight is None and val.sample_weight is None
    assert train.num_samples == 3 and val.num_samples == 2


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1.5])
def test_split_validation_fraction_must_be_strictly_between_0_and_1(fraction):
    with pytest.raises(ValueError) as info:
        D.split_validation(_numbered(10), fraction)
    assert not isinstance(info.value, DataError)
    assert str(info.value) == f"validation_split must be in (0, 1), got {fraction}"


@pytest.mark.parametrize("n, fraction", [(10, 0.95), (1, 0.5), (3, 0.9)])
def test_split_validation_refuses_an_empty_side(n, fraction):
    with pytest.raises(DataError) as info:
        D.split_validation(_numbered(n), fraction)
    assert info.value.code == "val_split_empty"
    assert str(info.value) == (f"validation_split={fraction} leaves no training or no validation samples "
                               f"out of {n}")


def test_split_validation_refuses_no_validation_samples(monkeypatch):
    """``split_at == n`` cannot come from a fraction in (0, 1) except by rounding: 1e-17 is one."""
    with pytest.raises(DataError) as info:
        D.split_validation(_numbered(10), 1e-17)  # 10 * (1 - 1e-17) == 10.0 in floating point
    assert info.value.code == "val_split_empty"


# ---------------------------------------------------------------- class weights, batch sizes


def test_class_weight_from_ids_one_hot_and_sigmoid_labels():
    ids = np.array([0, 2, 1, 2])
    want = [1.0, 5.0, 0.5, 5.0]
    np.testing.assert_array_equal(D.class_weight_to_sample_weight(ids, {1: 0.5, 2: 5.0}), want)
    np.testing.assert_array_equal(D.class_weight_to_sample_weight(ids[:, None], {1: 0.5, 2: 5.0}), want)
    np.testing.assert_array_equal(D.class_weight_to_sample_weight(np.eye(3)[ids], {1: 0.5, 2: 5.0}), want)
    # sigmoid outputs near 0/1 round to the class; keys may be strings (a JSON round trip)
    sig = np.array([[0.9], [0.2], [0.6]], "float32")
    out = D.class_weight_to_sample_weight(sig, {"1": 3.0})
    np.testing.assert_array_equal(out, [3.0, 1.0, 3.0])
    assert out.dtype == np.float32 and out.shape == (3,)
    # labels (n, 2, 1) hold a class per step, not per sample: refused (see the test below)
    seq = np.array([[[1], [0]], [[0], [0]]], "float32")
    with pytest.raises(DataError):
        D.class_weight_to_sample_weight(seq, {1: 2.0})


def test_batch_size_default_and_refusals():
    assert D.batch_size(None) == 32
    assert D.batch_size(1) == 1 and D.batch_size(7.0) == 7
    for bad in (0, -3):
        with pytest.raises(ValueError) as info:
            D.batch_size(bad)
        assert str(info.value) == f"batch_size must be a positive integer, got {bad}"


def test_batches_cover_every_row_once_with_a_short_last_batch():
    assert list(D.batches(7, 3)) == [slice(0, 3), slice(3, 6), slice(6, 7)]
    assert list(D.batches(6, 3)) == [slice(0, 3), slice(3, 6)]
    order = np.array([4, 0, 3, 1, 2])
    assert [b.tolist() for b in D.batches(5, 2, order)] == [[4, 0], [3, 1], [2]]
    assert list(D.batches(0, 4)) == []


# ---------------------------------------------------------------- EpochIterator


def _arrays(n=7):
    x = np.arange(n * 2, dtype="float32").reshape(n, 2)
    return D.Arrays([x], [np.arange(n, dtype="int64")], np.linspace(1, 2, n).astype("float32"))


def test_unshuffled_batches_are_views_of_the_data():
    data = _arrays()
    it = EpochIterator(data, batch_size=3)
    batches = [b for _, b in it.enumerate_epoch()]
    assert [b.size for b in batches] == [3, 3, 1] and it.num_batches == 3
    for b in batches:
        assert np.shares_memory(b.x[0], data.x[0]) and np.shares_memory(b.y[0], data.y[0])
        assert np.shares_memory(b.sample_weight, data.sample_weight)
    assert batches[2].x[0].tolist() == [[12.0, 13.0]] and batches[2].y[0].dtype == np.int64


def test_iterator_takes_batch_size_and_flags_as_numbers():
    it = EpochIterator(_arrays(), batch_size=4.0, shuffle=1, preload=0)
    assert it.batch_size == 4 and type(it.batch_size) is int
    assert it.shuffle is True and it.preload is False
    assert it.num_batches == 2
    assert EpochIterator(_arrays(8), batch_size=4).num_batches == 2  # a whole number of batches
    assert EpochIterator(_arrays(1), batch_size=4).num_batches == 1


def test_steps_per_epoch_larger_than_the_data_ends_with_the_data():
    it = EpochIterator(_arrays(), batch_size=3, steps_per_epoch=10)
    assert [s for s, _ in it.enumerate_epoch()] == [0, 1, 2]
    assert [s for s, _ in EpochIterator(_arrays(), batch_size=3, steps_per_epoch=0).enumerate_epoch()] == []


def test_shuffled_batches_without_labels_or_weights():
    x = np.arange(10, dtype="float32")[:, None]
    it = EpochIterator(D.Arrays([x]), batch_size=4, shuffle=True)
    utils.set_random_seed(0)
    got = [(b.y, b.sample_weight, b.x[0][:, 0].tolist()) for _, b in it.enumerate_epoch()]
    assert all(y is None and w is None for y, w, _ in got)
    assert sorted(v for _, _, rows in got for v in rows) == list(range(10))


def test_to_backend_keeps_dtypes_and_missing_parts():
    ints = np.arange(4, dtype="int64")[:, None]
    b = to_backend(D.Arrays([ints]))
    assert b.y is None and b.sample_weight is None and b.x[0].dtype == np.int64
    b = to_backend(D.Arrays([ints], [ints.astype("uint8")], None))
    assert b.y[0].dtype == np.uint8 and b.sample_weight is None


def test_an_input_already_compressed_is_kept(monkeypatch):
    monkeypatch.setattr(sparse, "ENABLED", True)
    x = np.zeros((30, 1000), "float32")
    x[np.arange(30), np.arange(30) * 7] = 1.0
    packed = sparse.SparseMatrix.from_dense(x)
    assert packed is not None
    assert compress_inputs([packed], [True])[0] is packed


def test_batch_gatherer_buffers_are_per_key_shape_and_dtype():
    g = BatchGatherer()
    a = np.arange(12, dtype="float32").reshape(6, 2)
    idx = np.array([5, 0, 3])
    first = g(("x", 0, 3), a, idx)
    np.testing.assert_array_equal(first, a[idx])
    again = g(("x", 0, 3), a, np.array([1, 2, 4]))
    assert again is first and again.tolist() == a[[1, 2, 4]].tolist()
    ints = g(("x", 0, 3), a.astype("int64"), idx)  # same key, another dtype: a new buffer
    assert ints.dtype == np.int64 and ints is not first
    wide = np.zeros((6, 5), "int64")
    assert g(("x", 0, 3), wide, idx).shape == (3, 5)  # same key, another row shape
    short = g(("x", 0, 2), a, np.array([1, 0]))
    assert short.tolist() == [[2.0, 3.0], [0.0, 1.0]]
    view = g(("x", 0, 2), a, slice(1, 3))
    assert np.shares_memory(view, a)


def test_class_weight_two_column_one_hot_is_read_by_argmax():
    y = np.array([[1, 0], [0, 1], [0, 1]], "float32")  # class ids 0, 1, 1
    np.testing.assert_array_equal(D.class_weight_to_sample_weight(y, {0: 4.0}), [4.0, 1.0, 1.0])


def test_iterator_defaults_are_keras_batch_of_32_and_no_preload():
    it = EpochIterator(_arrays(40))
    assert it.batch_size == 32 and it.num_batches == 2 and it.shuffle is False
    assert it.preload is False
    assert EpochIterator(_arrays(), preload=1).preload is True


def test_to_backend_on_numpy_passes_the_arrays_through_in_their_dtype():
    """NumPy backend: the arrays themselves, whatever their float dtype (no cast to floatx here)."""
    x64 = np.arange(6, dtype="float64").reshape(3, 2)
    y16 = np.ones((3, 1), "float16")
    b = to_backend(D.Arrays([x64], [y16], np.ones(3, "float32")))
    assert b.x[0] is x64 and b.y[0] is y16
    assert b.x[0].dtype == np.float64 and b.y[0].dtype == np.float16


def test_shuffled_batches_keep_several_inputs_and_outputs_apart():
    """Each input and output has its own reused buffer: same shapes and dtypes must not share one."""
    n = 9
    base = np.arange(n, dtype="float32")[:, None]
    data = D.Arrays([base, base + 100], [base + 200, base + 300], None)
    it = EpochIterator(data, batch_size=4, shuffle=True)
    utils.set_random_seed(5)
    seen = []
    for _, b in it.enumerate_epoch():
        rows = b.x[0][:, 0].astype(int)
        seen += rows.tolist()
        np.testing.assert_array_equal(b.x[1][:, 0], rows + 100)
        np.testing.assert_array_equal(b.y[0][:, 0], rows + 200)
        np.testing.assert_array_equal(b.y[1][:, 0], rows + 300)
    assert sorted(seen) == list(range(n))


class _DeviceSpy:
    """``B.asarray`` as a device copy (a new array) that records ``(dtype asked, dtype of the data)``."""

    def __init__(self):
        self.calls = []

    def __call__(self, a, dtype=None):
        a = np.asarray(a)
        self.calls.append((dtype, a.dtype))
        return np.array(a, dtype=dtype, copy=True)


@pytest.fixture
def device(monkeypatch):
    """The CuPy code paths on NumPy: B.backend() says 'cupy' and B.asarray copies."""
    from netbuilder.core import backend as B

    spy = _DeviceSpy()
    monkeypatch.setattr(B, "backend", lambda: "cupy")
    monkeypatch.setattr(B, "asarray", spy)
    return spy


def _mixed(n=7):
    x = np.arange(n * 2, dtype="float64").reshape(n, 2)
    return D.Arrays([x], [np.arange(n, dtype="int64")], np.linspace(1, 2, n).astype("float32"))


def test_on_a_device_each_batch_is_copied_in_its_own_dtype(device):
    data = _mixed()
    it = EpochIterator(data, batch_size=3)  # evaluation / predict: nothing preloaded
    assert device.calls == []
    batches = [b for _, b in it.enumerate_epoch()]
    per_batch = [(np.float64, np.float64), (np.int64, np.int64), (None, np.float32)]
    assert device.calls == per_batch * 3
    for k, b in enumerate(batches):
        rows = slice(3 * k, min(3 * k + 3, 7))
        assert not np.shares_memory(b.x[0], data.x[0])
        np.testing.assert_array_equal(b.x[0], data.x[0][rows])
        np.testing.assert_array_equal(b.y[0], data.y[0][rows])
        np.testing.assert_array_equal(b.sample_weight, data.sample_weight[rows])
        assert b.x[0].dtype == np.float64 and b.y[0].dtype == np.int64


def test_on_a_device_preloaded_data_is_copied_once(device):
    data = _mixed()
    it = EpochIterator(data, batch_size=3, preload=True)
    assert device.calls == [(np.float64, np.float64), (np.int64, np.int64), (None, np.float32)]
    device.calls.clear()
    assert [b.size for _, b in it.enumerate_epoch()] == [3, 3, 1]
    assert device.calls == []  # batches are views of the device arrays


def test_on_a_device_the_shuffled_order_goes_to_the_device(device):
    data = D.Arrays([np.arange(8, dtype="float32")[:, None]], None, None)
    it = EpochIterator(data, batch_size=8, shuffle=True, preload=True)
    device.calls.clear()
    utils.set_random_seed(2)
    (_, batch), = it.enumerate_epoch()
    assert device.calls == [(None, np.int64)]  # the permutation, once per epoch
    utils.set_random_seed(2)
    np.testing.assert_array_equal(batch.x[0][:, 0], utils.rng().permutation(8))


def test_on_a_device_predict_batches_have_no_labels_or_weights(device):
    it = EpochIterator(D.Arrays([np.ones((5, 2), "float32")]), batch_size=2)
    batches = [b for _, b in it.enumerate_epoch()]
    assert [(b.y, b.sample_weight) for b in batches] == [(None, None)] * 3
    assert device.calls == [(np.float32, np.float32)] * 3  # only x is copied


def test_class_weight_refuses_a_class_per_time_step():
    """Labels of shape (n, steps, classes) have no one class per sample: refused in words (Keras refuses
    class_weight for targets of 3 or more axes), not an IndexError."""
    y = np.eye(3, dtype="float32")[np.array([[0, 1], [2, 2]])]  # (2, 2, 3)
    with pytest.raises(DataError) as e:
        D.class_weight_to_sample_weight(y, {0: 2.0})
    assert e.value.code == "class_weight_rank" and e.value.params["ndim"] == 3 and "sample_weight" in str(e.value)
