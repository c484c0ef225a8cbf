"""The run history on disk: append, rename, delete, reopen, the size bound, moving, 200 runs."""

import json
import time

import pytest

from netbuilder.core.runs import RunRecord, RunStore, runs_folder
from netbuilder.core.runs.store import INDEX

from .helpers import SETTINGS, record, spiral_model


def test_runs_folder_is_beside_the_project(tmp_path):
    assert runs_folder(tmp_path / "a" / "spiral.nbproj") == tmp_path / "a" / "spiral.runs"


def test_append_keeps_record_and_model_and_reopens(tmp_path):
    store = RunStore(tmp_path / "p.runs")
    r, model = record(spiral_model())
    stored = store.append(r, model)
    assert stored.id == "r0001" and stored.weights == "r0001.npz"
    again = RunStore(tmp_path / "p.runs")
    assert [x.to_json() for x in again.records] == [stored.to_json()]
    back = again.load_model("r0001")
    assert back.compiled and back.count_params() == model.count_params()
    x = __import__("numpy").ones((3, 2), "float32")
    assert (back.predict(x, verbose=0) == model.predict(x, verbose=0)).all()


def test_rename_delete_and_ids_never_reused(tmp_path):
    store = RunStore(tmp_path / "p.runs")
    r1, m1 = record(spiral_model())
    r2, _ = record(spiral_model(4))
    store.append(r1, m1)
    store.append(r2)
    store.rename("r0001", "  baseline ")
    with pytest.raises(ValueError):
        store.rename("r0002", " ")
    store.delete("r0001")
    assert not (tmp_path / "p.runs" / "r0001.npz").exists()
    r3, _ = record(spiral_model(8))
    assert store.append(r3).id == "r0003"
    again = RunStore(tmp_path / "p.runs")
    assert [r.id for r in again.records] == ["r0002", "r0003"]
    with pytest.raises(KeyError):
        again.delete("r0001")


def test_oldest_weights_dropped_first_over_the_budget(tmp_path):
    r, model = record(spiral_model(64))
    store = RunStore(tmp_path / "p.runs")
    store.append(r, model)
    one = store.weights_bytes()
    store.set_budget(int(one * 2.5))
    for _ in range(3):
        store.append(RunRecord.from_json(r.to_json()), model)
    assert store.weights_bytes() <= store.weights_budget
    kept = [x.weights is not None for x in store.records]
    assert kept == [False, False, True, True]  # dropped ones are the oldest; the newest always kept
    assert all(x.history for x in store.records)  # records stay whole
    assert sorted(p.name for p in (tmp_path / "p.runs").glob("*.npz")) == \
        sorted(x.weights for x in store.records if x.weights)


def test_damaged_index_named_in_error_and_bad_record_skipped(tmp_path):
    folder = tmp_path / "p.runs"
    folder.mkdir()
    (folder / INDEX).write_text("{not json")
    with pytest.raises(ValueError, match="p.runs"):
        RunStore(folder)
    good = RunRecord("r0001", "a", spiral_model(), SETTINGS, {"loss": [1.0]}).to_json()
    (folder / INDEX).write_text(json.dumps({"format": "netbuilder-runs", "version": 1, "next": 3,
                                            "runs": [good, {"id": "broken"}]}))
    s = RunStore(folder)
    assert [r.id for r in s.records] == ["r0001"] and s.skipped == 1 and s.new_id() == "r0003"


def test_copy_and_move_to_a_new_folder(tmp_path):
    store = RunStore(tmp_path / "unsaved")
    r, model = record(spiral_model())
    store.append(r, model)
    copied = store.copy_to(tmp_path / "a.runs")
    assert (tmp_path / "unsaved" / "r0001.npz").exists() and copied.weights_path("r0001") is not None
    moved = store.copy_to(tmp_path / "b.runs", move=True)
    assert not (tmp_path / "unsaved").exists()
    assert [x.id for x in RunStore(tmp_path / "b.runs").records] == ["r0001"] and moved.new_id() == "r0002"


def test_two_hundred_runs_load_from_one_index(tmp_path):
    """Opening a project's 200 runs reads one JSON file (the time is printed, not asserted)."""
    hist = {k: [0.5 - 0.01 * i for i in range(30)] for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
    runs = [RunRecord(f"r{i + 1:04d}", f"run {i}", spiral_model(), SETTINGS, hist, changes=["dense: units 16 → 4"])
            for i in range(200)]
    (tmp_path / "p.runs").mkdir()
    (tmp_path / "p.runs" / INDEX).write_text(json.dumps({"format": "netbuilder-runs", "version": 1, "next": 201,
                                                         "runs": [r.to_json() for r in runs]}))
    t0 = time.perf_counter()
    again = RunStore(tmp_path / "p.runs")
    print(f"200 runs loaded in {time.perf_counter() - t0:.3f} s")
    assert len(again.records) == 200 and again.records[-1].name == "run 199"
