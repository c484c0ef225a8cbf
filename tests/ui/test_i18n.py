"""Chinese and English interface (issue 9): complete translations, no unwrapped strings, runtime switch.

The scan builds a full main window (example project, a selected layer, playground data, a coach
verdict), switches to ``zh_CN`` and reads every text a user can see — labels, buttons, tooltips,
window and dock titles, menus and actions, combo and list items, tree items, header labels,
placeholders — and fails on any English word that is not an allowed identifier (Keras names,
argument names, numbers, shapes, acronyms).
"""

from __future__ import annotations

import ast
import inspect
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from netbuilder.core import registry as R
from netbuilder.core.diagnosis import check_setup, diagnose
from netbuilder.core.errors import ShapeError
from netbuilder.core.layers import BatchNormalization, Dot, LayerNormalization, Subtract
from netbuilder.ui import i18n
from netbuilder.ui.i18n import glossary, messages
from netbuilder.ui.i18n.ts_translator import TsTranslator, read_ts

TS = i18n.ts_path("zh_CN")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def english_after():
    """Whatever a test switches to, the next test starts in English again."""
    yield
    i18n.set_language("en")


# ---------------------------------------------------------------------------------------------- .ts sources
def _messages(path):
    root = ET.parse(str(path)).getroot()
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            yield ctx.findtext("name"), m


def test_ts_has_no_unfinished_entry_and_placeholders_match():
    n = 0
    for ctx, m in _messages(TS):
        src, tr = m.findtext("source"), m.find("translation")
        assert tr.get("type") not in ("unfinished", "obsolete", "vanished") and (tr.text or "").strip(), \
            f"unfinished translation in {TS.name} [{ctx}]: {src!r}"
        assert sorted(re.findall(r"\{[^}]*\}", src)) == sorted(re.findall(r"\{[^}]*\}", tr.text)), \
            f"placeholders differ [{ctx}]: {src!r} → {tr.text!r}"
        if src.count("&") == 1:  # a mnemonic keeps its accelerator
            assert "&" in tr.text, src
        n += 1
    assert n > 300


def test_ts_is_in_sync_with_the_sources(tmp_path):
    """lupdate over netbuilder/ui finds no string the .ts lacks (a newly wrapped string fails here)."""
    exe = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    if not Path(exe).exists() and not shutil.which(exe):
        pytest.skip("pyside6-lupdate is not installed")
    from netbuilder.ui.i18n.update_ts import LUPDATE_OPTIONS, UI, sources

    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run([exe, *sources(), *LUPDATE_OPTIONS, "-no-obsolete", "-locations", "none", "-ts", str(copy)], cwd=UI,
                   check=True, capture_output=True)
    new = [f"[{ctx}] {m.findtext('source')!r}" for ctx, m in _messages(copy)
           if m.find("translation").get("type") == "unfinished"]
    assert not new, "strings missing from the .ts (run python -m netbuilder.ui.i18n.update_ts):\n" + "\n".join(new)


def test_ts_translator_reads_finished_entries_and_falls_back(tmp_path, qapp):
    ts = tmp_path / "x_zh_CN.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN">'
                  "<context><name>A</name>"
                  "<message><source>Save</source><translation>保存</translation></message>"
                  '<message><source>Open</source><translation type="unfinished">打开</translation></message>'
                  "</context></TS>", encoding="utf-8")
    assert read_ts(ts) == {("A", "Save", ""): "保存"}
    t = TsTranslator(ts)
    assert t.translate("A", "Save") == "保存"
    assert t.translate("Subclass", "Save") == "保存"  # PySide's tr() asks with the runtime class name
    # unfinished: a *null* string, so Qt asks the next translator and finally shows the English source
    # (an empty string counts as a translation: Ctrl+N showed as "N", QMessageBox's Save had no text)
    assert t.translate("A", "Open") is None


# ---------------------------------------------------------------------------------------------- glossary
def test_glossary_covers_every_identifier_the_ui_offers():
    from netbuilder.ui.training.config_panel import LOSSES, OPTIMIZERS

    for name in R.LAYERS.names():
        assert CJK.search(glossary.zh(name, "layers")), f"layer {name} has no Chinese term"
        assert CJK.search(glossary.describe(name, "layers")), f"layer {name} has no Chinese explanation"
    for name in OPTIMIZERS:
        assert CJK.search(glossary.zh(name, "optimizers")), name
    for name in LOSSES:
        assert CJK.search(glossary.zh(name, "losses")), name
    for name in R.METRICS.names():
        assert CJK.search(glossary.zh(name, "metrics")), name
    for group in ("Core", "Convolution", "Pooling", "Recurrent", "Embedding", "Merge", "Normalization",
                  "Regularization", "Reshape"):
        assert CJK.search(glossary.zh(group, "groups")), group
    for term in ("tensor", "loss", "optimizer", "metric", "overfitting", "underfitting", "momentum",
                 "regularization", "validation_set"):
        assert CJK.search(glossary.zh(term, "terms")), term


def test_glossary_label_is_identifier_in_english_and_bilingual_in_chinese(qapp, english_after):
    i18n.set_language("en")
    assert glossary.label("Dense", "layers") == "Dense"
    i18n.set_language("zh_CN")
    assert glossary.label("Dense", "layers") == "Dense — 全连接层"
    assert glossary.label("SGD", "optimizers") == "SGD — 随机梯度下降"


# ---------------------------------------------------------------------------------------------- core messages
def test_core_messages_render_from_code_and_params(qapp, english_after):
    history = {"loss": [1.0, 0.6, 0.4, 0.3, 0.2, 0.15, 0.1], "val_loss": [1.0, 0.7, 0.6, 0.65, 0.75, 0.9, 1.1]}
    d = diagnose(history)
    assert d.kind == "overfitting"
    err = ShapeError("Dense layer 'd' got a 4-D input ...", code="dense_rank", layer="d", shape="(None, 28, 28, 1)")
    issue = check_setup("binary_crossentropy", "softmax", 1, (10, 1), "binary")[0]
    i18n.set_language("en")
    assert messages.render(d) == d.message and messages.render(err) == str(err)
    i18n.set_language("zh_CN")
    zh = messages.render(d)
    assert "过拟合" in zh and f"第 {d.best_epoch} 轮" in zh and f"{d.params['best_val_loss']:.4g}" in zh
    assert "Flatten" in messages.render(err) and "'d'" in messages.render(err) and CJK.search(messages.render(err))
    assert CJK.search(messages.render(issue)) and "sigmoid" in messages.render(issue)
    unknown = ShapeError("something new", code="no_template_yet")
    assert messages.render(unknown) == "something new"  # falls back to the core's English


ENGINE = Path(__file__).resolve().parents[2] / "netbuilder" / "core"
#: Raise sites whose code is computed: the source of the ``code=`` expression → every code it makes.
DYNAMIC_CODES = {
    'f"no_{what}s"': {"no_inputs", "no_outputs"},  # models/config.py, for what in ("input", "output")
    # layers/batch_normalization.check_float: the BatchNormalization and LayerNormalization checks
    'f"{cls_name.lower()}_{name}"': {"batchnormalization_momentum", "batchnormalization_epsilon",
                                     "layernormalization_epsilon"},
    # layers/merging.Merge: only the merge layers with a fixed input count (exact_inputs = 2)
    'f"{type(self).__name__.lower()}_input_count"': {"subtract_input_count", "dot_input_count"},
    # layers/input_spec.check_input: the refusals of the layers' declared input contracts (InputSpec)
    "refusal.code": {"dense_rank", "dense_rank_low", "dense_unknown_dim", "rnn_rank", "rnn_unknown_dim",
                     "conv_rank", "conv_unknown_channels", "pool_rank", "padding_rank", "upsampling_rank",
                     "spatial_dropout_rank", "repeat_rank", "masking_rank", "augment_rank",
                     "time_distributed_rank"},
    # keras_engine/probe.import_keras: the code engine_info chose (its EngineInfo(code=...) literals), else this one
    'info.code or "keras_missing"': {"keras_missing", "keras_not_installed", "keras_too_old", "keras_no_backend",
                                     "keras_unknown_backend", "keras_backend_missing", "keras_backend_missing_or"},
    "code": set(),  # datasets/download.offline_error: its codes are literals (default / caller) the scan finds
}
#: Codes with no template, each for a reason: a learner cannot meet them in the window.
NO_TEMPLATE = {
    "error": "NetbuilderError's default when a raise gives no code: there is nothing specific to say",
    "onnx_internal": "an ONNX converter returned the wrong number of outputs: a bug in netbuilder, not the model",
}
#: Older templates whose raise sites differ in params: sites lacking a field fall back to the English text.
PARTIAL_PARAMS = {"too_many_inputs", "merge_needs_two", "unknown_ref"}


def engine_codes():
    """``{code: set of params every raise site gives}`` from an AST scan of ``netbuilder/core``.

    ``layer`` counts as a param (``render`` adds it). Literal ``code=`` defaults of functions are
    codes too (``offline_error(code="download_failed")``); calls to such a wrapper add no params.
    """
    out: dict[str, set] = {}
    for path in sorted(ENGINE.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args + node.args.kwonlyargs]
                defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults \
                    + node.args.kw_defaults
                for name, default in zip(names, defaults):
                    if name == "code" and isinstance(default, ast.Constant):
                        out.setdefault(default.value, None)
            if not isinstance(node, ast.Call):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            if "code" not in kw:
                continue
            expr = kw["code"]
            if path.name == "validate.py" and isinstance(expr, ast.Name) and expr.id == "code":
                continue  # core/validate passes its caller's code on: the call sites' literals are the codes
            if isinstance(expr, ast.Constant):
                codes = {expr.value}
            else:
                key = ast.get_source_segment(src, expr)
                assert key in DYNAMIC_CODES, f"{path.name}:{node.lineno}: new computed code {key}: list its codes"
                codes = DYNAMIC_CODES[key] or {"download_failed", "download_hash_mismatch"}
            if isinstance(node.func, ast.Name) and node.func.id == "offline_error":
                for code in codes:  # a wrapper call: the params come from the wrapper's own raise
                    out.setdefault(code, None)
                continue
            if None in kw:  # a ** spread (keras_engine/probe.import_keras passes EngineInfo's params on): the
                for code in codes:  # params are checked at the EngineInfo(...) sites that made them
                    out.setdefault(code, None)
                continue
            given = set(kw) - {"code", "params", None}
            if isinstance(kw.get("params"), ast.Dict):  # EngineInfo(code=..., params={...}): the dict's keys
                given |= {k.value for k in kw["params"].keys if isinstance(k, ast.Constant)}
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "validate":
                given |= {"arg", "value"}  # core/validate.fail gives both to every error it raises
            for code in codes:
                out[code] = given if out.get(code) is None else out[code] & given
    return out


def test_every_engine_error_code_has_a_template():
    codes = engine_codes()
    assert len(codes) > 200 and {"dense_rank", "download_failed", "no_outputs", "dot_input_count"} <= set(codes)
    missing = sorted(set(codes) - set(messages.TEMPLATES) - set(NO_TEMPLATE))
    assert not missing, "engine error codes without a template in netbuilder/ui/i18n: " + ", ".join(missing)
    assert not set(NO_TEMPLATE) & set(messages.TEMPLATES), "an allow-listed code has a template: drop it"
    assert set(NO_TEMPLATE) <= set(codes), "an allow-listed code is no longer raised: drop it"
    for code, given in codes.items():
        if code in messages.TEMPLATES and code not in PARTIAL_PARAMS and given is not None:
            fields = set(re.findall(r"\{(\w+)", messages.TEMPLATES[code]))
            assert fields <= given, f"template {code!r} uses {fields - given}, which some raise site does not give"


def test_computed_codes_are_the_ones_the_engine_raises(qapp, english_after):
    errors = []
    for make in (lambda: BatchNormalization(momentum=2.0), lambda: BatchNormalization(epsilon=0.0),
                 lambda: LayerNormalization(epsilon=0.0),
                 lambda: Subtract(name="s").compute_output_shape([(None, 3)] * 3),
                 lambda: Dot(axes=1, name="d").compute_output_shape([(None, 3)] * 3)):
        with pytest.raises(Exception) as info:
            make()
        errors.append(info.value)
    assert [e.code for e in errors] == ["batchnormalization_momentum", "batchnormalization_epsilon",
                                        "layernormalization_epsilon", "subtract_input_count", "dot_input_count"]
    i18n.set_language("zh_CN")
    for e in errors:
        zh = messages.render(e)
        assert zh != str(e) and CJK.search(zh) and e.layer in zh, (e.code, zh)
    assert "'d'" in messages.render(errors[-1]) and "3" in messages.render(errors[-1])


# ---------------------------------------------------------------------------------------------- the scan
IDENTIFIERS = set()
for _reg in (R.LAYERS, R.ACTIVATIONS, R.LOSSES, R.METRICS, R.OPTIMIZERS, R.INITIALIZERS, R.REGULARIZERS,
             R.CONSTRAINTS):
    IDENTIFIERS.update(_reg.names())
for _name in R.LAYERS.names():  # Keras argument names (units, kernel_size, ...) are code too
    IDENTIFIERS.update(inspect.signature(R.LAYERS.lookup(_name).__init__).parameters)
for _name in R.OPTIMIZERS.names():
    IDENTIFIERS.update(R.OPTIMIZERS.lookup(_name)().get_config())
for _name in R.METRICS.names():
    IDENTIFIERS.update(inspect.signature(R.METRICS.lookup(_name).__init__).parameters)
IDENTIFIERS.update({"kernel", "bias", "batch", "compile", "English", "Nesterov", "Top", "K", "Inception"})
#: Words that are code or names, never translated: Keras strings, dataset and format names, acronyms.
ALLOWED = IDENTIFIERS | {
    "Keras", "netbuilder", "Input", "None", "True", "False", "valid", "same", "causal", "nearest", "bilinear",
    "dense", "conv", "multi", "hot", "sequence", "categorical", "sparse", "mnist", "fashion", "imdb", "reuters",
    "boston", "housing", "playground", "generic", "Fashion", "MNIST", "Reuters", "Boston", "px", "e", "g",
    "nbproj", "nbm", "keras", "onnx", "py", "csv", "npz", "gz", "png", "loss", "val", "accuracy", "mae", "mse",
    "P", "Bk", "NumPy", "CuPy", "jax", "JAX", "x", "y",  # libraries, and the tutorial's x and y of a batch
}


ALLOWED_LOWER = {w.lower() for w in ALLOWED}


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are neither allowed identifiers, argument names nor acronyms."""
    text = re.sub(r"<[^>]+>", " ", text or "")  # rich-text tags
    text = re.sub(r"“[^”]*”", " ", text).replace("%p", " ")  # quoted sample input; Qt's progress placeholder
    text = re.sub(r"&(?=\w)", "", text)  # mnemonics
    out = []
    for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text):
        if w in ALLOWED or w.lower() in ALLOWED_LOWER or "_" in w or any(c.isdigit() for c in w):
            continue
        if w.isupper() and len(w) <= 7:  # CSV, PNG, ETA, SGD, CRIM, PTRATIO, OOV
            continue
        out.append(w)
    return out


def _from_pyqtgraph(obj) -> bool:
    while obj is not None:
        if type(obj).__module__.startswith("pyqtgraph"):
            return True
        obj = obj.parent()
    return False


def visible_texts(win):
    """``(where, text)`` for every user-visible text of the window and its docks."""
    out = [("window title", win.windowTitle().replace(win.display_name or "", ""))]
    skip_menus = {win.examples_menu, win.recent_menu}  # file names
    plots = [p for p in win.findChildren(pg.GraphicsView)]  # pyqtgraph's own context menus: not ours
    for w in [win, *win.findChildren(QWidget)]:
        if any(p is w or p.isAncestorOf(w) for p in plots):
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        out.append((name + " tooltip", w.toolTip()))
        if isinstance(w, QDockWidget):
            out.append((name + " title", w.windowTitle()))
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        if isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        if isinstance(w, QGroupBox):
            out.append((name, w.title()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append((name + " placeholder", w.placeholderText()))
        if isinstance(w, QAbstractSpinBox):
            out.append((name + " special", w.specialValueText()))
        if isinstance(w, QProgressBar):
            out.append((name + " format", w.format()))
        if isinstance(w, QMenu) and w not in skip_menus:
            out.append((name + " menu", w.title()))
            out += [(f"{name} action", a.text()) for a in w.actions()]
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                out.append((f"{name} item", w.itemText(i)))
                out.append((f"{name} item tooltip", w.itemData(i, Qt.ToolTipRole) or ""))
        if isinstance(w, QTabWidget):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                out += [(f"{name} row", w.item(i).text()), (f"{name} row tooltip", w.item(i).toolTip())]
        if isinstance(w, QTreeWidget):
            stack = [w.topLevelItem(i) for i in range(w.topLevelItemCount())]
            while stack:
                it = stack.pop()
                out += [(f"{name} item", it.text(0)), (f"{name} item tooltip", it.toolTip(0))]
                stack += [it.child(j) for j in range(it.childCount())]
        if isinstance(w, QTableWidget):
            for i in range(w.columnCount()):
                h = w.horizontalHeaderItem(i)
                out.append((f"{name} header", h.text() if h else ""))
    for a in win.findChildren(QAction):
        if any(m in skip_menus for m in a.associatedObjects()) or _from_pyqtgraph(a):
            continue
        out += [("action " + a.text(), a.text()), ("action tooltip", a.toolTip()), ("action status", a.statusTip())]
    return [(where, t) for where, t in out if t and t.strip()]


def build_everything(win, qtbot):
    """An example on the canvas, a layer selected, data loaded, a coach verdict and a remedy shown."""
    win.open_example("mnist_dense")
    dense = next(n for n, node in win.doc.nodes.items() if node.class_name == "Dense")
    win.scene.select_names([dense])
    ui = win.training_ui
    combo = ui.dataset_panel.datasetCombo
    combo.setCurrentIndex(combo.findData("playground:moons"))
    ui.dataset_panel.load_current()
    history = {"loss": [1.0, 0.6, 0.4, 0.3, 0.2, 0.15, 0.1], "val_loss": [1.0, 0.7, 0.6, 0.65, 0.75, 0.9, 1.1]}
    ui.banner.show_diagnosis(diagnose(history))
    return ui


def test_no_english_left_in_the_chinese_window(win, qtbot, english_after):
    build_everything(win, qtbot)
    english = {t for _, t in visible_texts(win)}
    i18n.set_language("zh_CN")
    texts = visible_texts(win)
    bad = [(where, t) for where, t in texts if english_words(t)]
    assert not bad, "untranslated text with zh_CN active:\n" + "\n".join(
        f"  {where}: {t[:140]!r} → {english_words(t)[:6]}" for where, t in bad[:40])
    still = {t for _, t in texts} & english
    assert any(CJK.search(t) for _, t in texts) and len(still) < len(english)


def _menu_titles(win):
    return [a.text() for a in win.menuBar().actions()]


def test_switch_language_at_runtime_and_back(win, qtbot, english_after):
    ui = build_everything(win, qtbot)
    dense_tip = win.palette.items()["Dense"].toolTip(0)
    english = {"menus": _menu_titles(win), "tip": dense_tip, "label": ui.config_panel.form_labels["loss"].text(),
               "banner": ui.banner.title.text() + ui.banner.text.text(),
               "dock": win._docks["palette"].windowTitle()}
    assert english["menus"][0] == "&File" and english["label"] == "Loss" and "Overfitting" in english["banner"]

    win.language_actions["zh_CN"].trigger()  # View › Language › 简体中文
    assert i18n.current_language() == "zh_CN"
    assert _menu_titles(win)[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
    tip = win.palette.items()["Dense"].toolTip(0)
    assert "全连接层" in tip and "何时使用" in tip and "Dense" in tip
    assert win.palette.items()["Dense"].text(0) == "Dense — 全连接层"
    assert ui.config_panel.form_labels["loss"].text() == "损失函数"
    assert ui.config_panel.form_labels["metrics"].text() == "监控指标"
    assert "随机梯度下降" in ui.config_panel.optimizerCombo.itemData(0, Qt.ToolTipRole)
    assert ui.banner.title.text().startswith("过拟合") and "验证集损失" in ui.banner.text.text()
    assert all(CJK.search(b.text()) for b in ui.banner.buttons.values())
    assert win._docks["palette"].windowTitle() == "层" and ui.docks["training"].windowTitle() == "训练"
    assert win.language_actions["zh_CN"].isChecked()
    assert QSettings(win.settings.fileName(), QSettings.IniFormat).value(i18n.SETTINGS_KEY) == "zh_CN"

    win.language_actions["en"].trigger()
    assert _menu_titles(win) == english["menus"]
    assert win.palette.items()["Dense"].toolTip(0) == english["tip"]
    assert ui.config_panel.form_labels["loss"].text() == "Loss"
    assert ui.banner.title.text() + ui.banner.text.text() == english["banner"]
    assert win._docks["palette"].windowTitle() == english["dock"]
    assert win.settings.value(i18n.SETTINGS_KEY) == "en"


def test_saved_choice_wins_over_the_system_locale(tmp_path, qapp, english_after):
    s = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    assert i18n.saved_language(s) == ""
    assert i18n.apply_saved_language(s) == i18n.system_language()
    s.setValue(i18n.SETTINGS_KEY, "zh_CN")
    assert i18n.apply_saved_language(s) == "zh_CN"
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
