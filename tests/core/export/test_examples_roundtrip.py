"""Every example project: train one epoch on fixture data, export each format, reload it in the
consumer (netbuilder, onnxruntime, h5py/import, Python's parser) and compare predictions."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import h5py
import numpy as np
import onnxruntime as ort
import pytest

from netbuilder.core.export import export_model, load_any
from netbuilder.core.models import model_from_config
from netbuilder.ui.project import load_project

from .helpers import as_list, inputs_for, targets_for

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "netbuilder" / "examples").glob("*.nbproj"))


def test_examples_exist():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_round_trips(path, tmp_path):
    project = load_project(path)
    model = model_from_config(project.model)
    cc = project.compile
    model.compile(optimizer=cc["optimizer"], loss=cc["loss"], metrics=cc.get("metrics"))
    n = 8
    xs, ys = inputs_for(model, n), targets_for(model, n)
    model.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], epochs=1, batch_size=4, verbose=0)
    feed = xs if len(xs) > 1 else xs[0]
    want = as_list(model.predict(feed, verbose=0))

    nbm = export_model(model, tmp_path / "m.nbm")[0]
    for g, w in zip(as_list(load_any(nbm).predict(feed, verbose=0)), want):
        np.testing.assert_array_equal(g, w)

    onnx_path = export_model(model, tmp_path / "m.onnx")[0]
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    got = sess.run(None, {i.name: x for i, x in zip(sess.get_inputs(), xs)})
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-5, rtol=0)

    keras_path = export_model(model, tmp_path / "m.keras")[0]
    with zipfile.ZipFile(keras_path) as zf, h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r") as h5:
        stored = []
        h5.visititems(lambda name, obj: stored.append(obj[()]) if isinstance(obj, h5py.Dataset) else None)
    assert sum(a.size for a in stored) == model.count_params()
    for g, w in zip(as_list(load_any(keras_path).predict(feed, verbose=0)), want):
        np.testing.assert_array_equal(g, w)

    script, weights = export_model(model, tmp_path / "m.py", format="script")
    ast.parse(Path(script).read_text())
    with np.load(weights) as z:
        assert sum(z[k].size for k in z.files) == model.count_params()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_real_keras_opens_every_example(path, tmp_path):
    """Where Keras 3 is installed (any backend), it loads the .keras export and runs the script
    export of every example, and both predict what netbuilder predicts."""
    import keras
    import runpy

    project = load_project(path)
    model = model_from_config(project.model)
    cc = project.compile
    model.compile(optimizer=cc["optimizer"], loss=cc["loss"], metrics=cc.get("metrics"))
    xs = inputs_for(model, 6)
    feed = xs if len(xs) > 1 else xs[0]
    want = as_list(model.predict(feed, verbose=0))
    km = keras.saving.load_model(export_model(model, tmp_path / "m.keras")[0])
    for g, w in zip(as_list(km.predict(feed, verbose=0)), want):
        np.testing.assert_allclose(np.asarray(g), w, atol=1e-5, rtol=1e-5)
    script, _ = export_model(model, tmp_path / "m.py", format="script")
    ns = runpy.run_path(str(script))
    for g, w in zip(as_list(ns["model"].predict(feed, verbose=0)), want):
        np.testing.assert_allclose(np.asarray(g), w, atol=1e-5, rtol=1e-5)
