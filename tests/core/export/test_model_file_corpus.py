"""Damaged native .nbm files opened through ``load_any``: each gives one clear error."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.export import load_any
from netbuilder.core.models import Sequential


@pytest.fixture()
def good(tmp_path):
    m = Sequential([L.Input((4,)), L.Dense(3), L.Dense(1)])
    path = tmp_path / "good.nbm"
    m.save(path)
    return path


def rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    change(entries)
    with zipfile.ZipFile(dst, "w") as zf:
        for n, data in entries.items():
            zf.writestr(n, data)
    return dst


def npz_bytes(**arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def weights_with(entries, **replace):
    with np.load(io.BytesIO(entries["weights.npz"])) as z:
        arrays = {k: z[k] for k in z.files}
    arrays.update(replace)
    return npz_bytes(**arrays)


def unknown_layer(e):
    cfg = json.loads(e["config.json"])
    cfg["config"]["layers"][1]["class_name"] = "Transformer"
    e["config.json"] = json.dumps(cfg).encode()


CORPUS = {
    "truncated": (None, "not a netbuilder model file"),
    "wrong_shape": (lambda e: e.update({"weights.npz": weights_with(e, **{"dense/kernel": np.zeros((5, 3))})}),
                    "shape"),
    "unknown_layer": (unknown_layer, "Transformer"),
    "pickle_inside": (lambda e: e.update({"weights.npz": weights_with(
        e, **{"dense/kernel": np.array([{"evil": 1}] * 12, dtype=object).reshape(4, 3)})}), "holds objects"),
    "path_traversal": (lambda e: e.update({"../../evil.py": b"print('owned')"}), "unexpected entry"),
}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_damaged_model_files(case, good, tmp_path):
    change, message = CORPUS[case]
    bad = tmp_path / f"{case}.nbm"
    if change is None:
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 3])
    else:
        rewrite(good, bad, change)
    with pytest.raises(ValueError, match=message) as exc:
        load_any(bad)
    assert "\n" not in str(exc.value)
