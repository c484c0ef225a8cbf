"""The run store's writer thread (``background=True``, the window's Lab, issue 16): the calls change
``records`` at once and return; the files are written in order by one thread; ``flush`` waits and
reports a failed write; nothing is lost."""

import errno
import threading

import numpy as np
import pytest

from netbuilder.core.runs import RunRecord, RunStore
from netbuilder.core.runs import store as store_module
from netbuilder.core.runs.store import INDEX

from .helpers import record, spiral_model


@pytest.fixture(scope="module")
def trained():
    return record(spiral_model(4))


def _copy(rec, name="run"):
    r = RunRecord.from_json(rec.to_json())
    r.name, r.id, r.weights = name, "", None
    return r


def _spy_writes(monkeypatch, gate=None):
    """Record each file write (file name, writing thread); ``gate``: the first write waits for it."""
    writes = []
    real_bin, real_text = store_module.atomic_write, store_module.atomic_write_text

    def log(path):
        if gate is not None and not writes:
            assert gate.wait(30)  # a safety net against a hung test, not a pass/fail limit
        writes.append((path.name, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(store_module, "atomic_write", lambda path, fn: (log(path), real_bin(path, fn)))
    monkeypatch.setattr(store_module, "atomic_write_text", lambda path, text: (log(path), real_text(path, text)))
    return writes


def test_append_returns_at_once_and_the_files_follow_on_the_writer(tmp_path, monkeypatch, trained):
    rec, model = trained
    gate = threading.Event()
    writes = _spy_writes(monkeypatch, gate)
    store = RunStore(tmp_path / "p.runs", background=True)
    expected = [w.copy() for w in model.get_weights()]
    stored = store.append(_copy(rec), model)
    # listed at once, with its id and model file name; nothing on disk yet (the writer waits at the gate)
    assert store.records == [stored] and stored.id == "r0001" and stored.weights == "r0001.npz"
    assert not (tmp_path / "p.runs" / "r0001.npz").exists() and writes == []
    model.set_weights([w * 0 for w in expected])  # the model trains on: the run keeps its weights of then
    try:
        gate.set()
        store.flush()
    finally:
        model.set_weights(expected)
    assert writes == [("r0001.npz", False), (INDEX, False)]  # the model file before the index names it
    again = RunStore(tmp_path / "p.runs")
    assert [r.to_json() for r in again.records] == [stored.to_json()]
    back = again.load_model("r0001")
    for got, want in zip(back.get_weights(), expected):
        np.testing.assert_array_equal(got, want)


def test_every_write_goes_through_one_queue_in_order(tmp_path, monkeypatch, trained):
    rec, model = trained
    writes = _spy_writes(monkeypatch)
    store = RunStore(tmp_path / "p.runs", background=True)
    sync = RunStore(tmp_path / "sync.runs")  # the same calls written at once, for comparison
    for s in (sync, store):
        writes.clear()
        s.append(_copy(rec, "a"), model)
        s.append(_copy(rec, "b"), model)
        s.rename("r0001", "baseline")
        s.records[1].test = {"loss": 0.25}
        s.update(s.records[1])
        s.delete("r0001")
        s.append(_copy(rec, "c"))
    store.flush()
    assert all(not on_main for _name, on_main in writes)  # the background store's writes
    assert [name for name, _ in writes] == ["r0001.npz", INDEX, "r0002.npz", INDEX, INDEX, INDEX, INDEX, INDEX]
    again, want = RunStore(tmp_path / "p.runs"), RunStore(tmp_path / "sync.runs")
    assert [r.to_json() | {"created": 0} for r in again.records] == \
        [r.to_json() | {"created": 0} for r in want.records]
    assert [r.name for r in again.records] == ["b", "c"] and again.records[0].test == {"loss": 0.25}
    assert sorted(p.name for p in (tmp_path / "p.runs").glob("*.npz")) == ["r0002.npz"]


def test_the_budget_is_applied_by_the_writer_like_at_once(tmp_path, trained):
    rec, model = trained
    results = []
    for background in (False, True):
        store = RunStore(tmp_path / f"{background}.runs", background=background)
        store.append(_copy(rec), model)
        store.flush()
        store.set_budget(int(store.weights_bytes() * 2.5))
        for _ in range(3):
            store.append(_copy(rec), model)
        store.flush()
        results.append([r.weights for r in RunStore(store.folder).records])
        assert sorted(p.name for p in store.folder.glob("*.npz")) == sorted(w for w in results[-1] if w)
    assert results[0] == results[1] == [None, None, "r0003.npz", "r0004.npz"]


def _full_disk(monkeypatch):
    def fail(path, fn):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(store_module, "atomic_write", fail)


def test_a_failed_model_write_is_raised_by_flush_and_the_record_is_kept(tmp_path, monkeypatch, trained):
    rec, model = trained
    _full_disk(monkeypatch)
    store = RunStore(tmp_path / "p.runs", background=True)
    stored = store.append(_copy(rec), model)
    with pytest.raises(OSError) as err:
        store.flush()
    assert err.value.errno == errno.ENOSPC
    store.flush()  # reported once
    assert stored.weights is None
    again = RunStore(tmp_path / "p.runs")  # the curves and numbers were written, without a model file
    assert [r.id for r in again.records] == ["r0001"] and again.records[0].weights is None
    assert again.records[0].history == rec.history


def test_on_error_is_told_of_a_failed_write_instead(tmp_path, monkeypatch, trained):
    rec, model = trained
    _full_disk(monkeypatch)
    told = []
    store = RunStore(tmp_path / "p.runs", background=True,
                     on_error=lambda exc: told.append((exc.errno, threading.current_thread() is threading.main_thread())))
    store.append(_copy(rec), model)
    store.flush()  # nothing to raise: the callback had it
    assert told == [(errno.ENOSPC, False)]


def test_without_background_a_failed_write_raises_at_once(tmp_path, monkeypatch, trained):
    rec, model = trained
    _full_disk(monkeypatch)
    store = RunStore(tmp_path / "p.runs")
    with pytest.raises(OSError):
        store.append(_copy(rec), model)


def test_reading_a_run_s_file_waits_for_its_write(tmp_path, monkeypatch, trained):
    rec, model = trained
    gate = threading.Event()
    _spy_writes(monkeypatch, gate)
    store = RunStore(tmp_path / "p.runs", background=True)
    store.append(_copy(rec), model)
    threading.Timer(0.0, gate.set).start()  # opens the gate from another thread while weights_path waits
    assert store.weights_path("r0001") == tmp_path / "p.runs" / "r0001.npz"
    moved = store.copy_to(tmp_path / "q.runs", move=True)
    assert moved.background and [r.id for r in RunStore(tmp_path / "q.runs").records] == ["r0001"]
    assert not (tmp_path / "p.runs").exists()
