"""``TryPanel`` (``tryPanel``): poke the trained model with your own input.

It shows the page that fits the dataset the model was trained on (drawing pad, text box, Boston
form, decision regions) plus a test-sample browser for any model. It follows a
``TrainingController`` (``connect_controller``) or takes a model directly (``set_model``), e.g. one
opened from a ``.nbm`` file, whose dataset is then guessed from its shapes (and can be changed).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core import tryit
from netbuilder.core.datasets import (
    cases,
    fashion_mnist,
    imdb,
    mnist,
    playground,
    reuters,
)

from .. import i18n
from ..i18n import messages
from ..training.data_sources import NAMES, choice_label
from .boston_form import BostonForm
from .decision_regions import DecisionRegions
from .draw_pad import DigitPanel
from .sample_browser import SampleBrowser
from .text_panel import TextPanel

DATASETS = ("mnist", "fashion_mnist", "imdb", "reuters", "boston_housing", "playground", "generic")
#: What the dataset box shows for each of ``DATASETS`` (translated when shown: ``dataset_label``); the
#: tutorial's text cases are named as the Dataset panel names them (``data_sources.NAMES``).
DATASET_LABELS = {
    "mnist": QT_TRANSLATE_NOOP("TryPanel", "MNIST digits"),
    "fashion_mnist": QT_TRANSLATE_NOOP("TryPanel", "Fashion-MNIST clothes"),
    "playground": QT_TRANSLATE_NOOP("TryPanel", "Playground (2-D points)"),
    "generic": QT_TRANSLATE_NOOP("TryPanel", "Other data"),
}
_SOURCE_NAMES = {"imdb": "IMDB movie reviews", "reuters": "Reuters newswires", "boston_housing": "Boston housing prices"}


def dataset_label(name: str) -> str:
    """The learner's name for dataset ``name`` in the current language: a key of ``DATASETS``, or a
    playground generator's name ("moons" → "Playground: moons"); any other name is shown as it is."""
    if name in DATASET_LABELS:
        return QCoreApplication.translate("TryPanel", DATASET_LABELS[name])
    if name in _SOURCE_NAMES:
        return QCoreApplication.translate("DataSources", NAMES[_SOURCE_NAMES[name]])
    if name in playground.GENERATORS:
        return choice_label(f"playground:{name}")
    return str(name)
PAGES = {"generic": 0, "image": 1, "imdb": 2, "reuters": 2, "boston": 3, "playground": 4}
LIVE_REFRESH_S = 0.2  # at most five decision-region redraws per second while training


def default_class_names(dataset):
    return {"mnist": mnist.CLASS_NAMES, "fashion_mnist": fashion_mnist.CLASS_NAMES, "imdb": imdb.CLASS_NAMES,
            "reuters": reuters.get_label_names()}.get(dataset)


def default_task(dataset):
    if dataset in playground.GENERATORS:
        return playground.GENERATORS[dataset][1]
    return {"mnist": "multiclass", "fashion_mnist": "multiclass", "imdb": "binary", "reuters": "multiclass",
            "boston_housing": "regression"}.get(dataset)


class TryPanel(i18n.Retranslatable, QWidget):
    """The "Try it" panel. ``set_model(model, dataset=None, data=None, word_index=None)``:

    ``data`` is anything with ``x_train, y_train, x_test, y_test`` and optionally ``task`` and
    ``info`` (a ``TrainingData`` or a ``cases`` ``PreparedData``; ``info`` may carry
    ``class_names``, ``standardizer``, ``word_index``). Without data, pages that need the
    dataset (Boston's statistics, the word index) load it through :mod:`netbuilder.core.datasets`.

    Signal ``followsRun()``: the playground page follows a run that started (its live decision regions).
    """

    followsRun = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("tryPanel")
        self.model = None
        self._frozen = None  # (model, pages) while the pages predict with a copy (see _freeze)
        self.dataset = None
        self.data = None
        self.kind = "generic"
        self.controller = None
        self._last_refresh = 0.0
        self.error = None  # why the current model cannot be tried, when it cannot
        self.header = QLabel(objectName="tryHeader")
        self.header.setWordWrap(True)
        self.dataset_box = QComboBox(objectName="tryDataset")
        for key in DATASETS:  # the learner reads the labels; the code keeps the keys (``currentData``)
            self.dataset_box.addItem(key, key)
        self.dataset_box.activated.connect(lambda _i: self.model is not None and self.set_model(
            self.model, self.dataset_box.currentData(), self.data))
        self.open_button = open_btn = QPushButton(objectName="tryOpenModel")
        open_btn.clicked.connect(lambda: self.open_model_file())
        self.empty = QLabel(objectName="tryEmpty")
        self.empty.setWordWrap(True)
        self.digit = DigitPanel()
        self.text = TextPanel()
        self.boston = BostonForm()
        self.regions = DecisionRegions()
        self.stack = QStackedWidget(objectName="tryStack")
        for page in (self.empty, self.digit, self.text, self.boston, self.regions):
            self.stack.addWidget(page)
        self._policies = [self.stack.widget(i).sizePolicy() for i in range(self.stack.count())]
        self.stack.currentChanged.connect(self._size_to_page)
        self._size_to_page()
        self.browser = SampleBrowser()
        self.browser.predictionFailed.connect(self._show_error)
        self.tabs = QTabWidget(objectName="tryTabs")
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.browser, "")
        # the header on its own line, the dataset box and Open model below it: side by side they made the
        # panel wider than a laptop's right column (Open model out of reach behind a scroll bar)
        top = QHBoxLayout()
        top.addWidget(self.dataset_box)
        top.addWidget(open_btn)
        top.addStretch(1)  # at the left: in view even where a wide page makes the column scroll
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        self.retranslate_ui()

    def _size_to_page(self, *_) -> None:
        """The stack asks for the room its current page needs, not the largest page's (Boston's
        13-field form made the decision regions scroll in a laptop's short right column)."""
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            if i == self.stack.currentIndex():
                page.setSizePolicy(self._policies[i])
            else:
                page.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.stack.updateGeometry()

    def retranslate_ui(self) -> None:
        self.dataset_box.setToolTip(self.tr("The dataset the model was trained on (guessed for models opened "
                                            "from a file)"))
        self.open_button.setText(self.tr("Open model…"))
        for i in range(self.dataset_box.count()):
            self.dataset_box.setItemText(i, dataset_label(self.dataset_box.itemData(i)))
        self.empty.setText(self.error or self.tr("Nothing to try for this model yet: use the test-sample browser."))
        self.tabs.setTabText(0, self.tr("Your input"))
        self.tabs.setTabText(1, self.tr("Test samples"))
        self._show_header()

    def _show_header(self) -> None:
        m = self.model
        if m is None:
            self.header.setText(self.tr("No model yet: train one, or open a .nbm file."))
        elif getattr(self, "_live", False):
            self.header.setText(self.tr("Training on {dataset}: the regions follow the run.").format(
                dataset=f"<b>{dataset_label(self.dataset)}</b>"))
        else:
            self.header.setText(self.tr("Model trained on {dataset}: input {input}, output {output}.").format(
                dataset=f"<b>{dataset_label(self.dataset)}</b>", input=tuple(m.input_shape), output=tuple(m.output_shape)))

    # ------------------------------------------------------------------ model and data
    def set_model(self, model, dataset=None, data=None, word_index=None, background=False) -> None:
        """Show the pages for ``model``; a network the pages cannot run (it fails on the test set,
        say) is explained on the panel instead of raising (``error``). ``background``: the test set
        and the decision regions are predicted off the GUI thread and shown when they land (a run's
        end: issue 25); a failure then is explained the same way when it lands."""
        self.error = None
        try:
            self._set_model(model, dataset, data, word_index, background)
        except Exception as exc:  # noqa: BLE001 - any graph the canvas accepts may arrive here
            self._show_error(exc)

    def _show_error(self, exc) -> None:
        self.error = self.tr("This network cannot be tried here: {error}").format(error=messages.render(exc))
        self.stack.setCurrentIndex(PAGES["generic"])
        self.empty.setText(self.error)
        self.browser.set_data(None, None, None)
        self.browser.summary.setText(self.error)

    def _set_model(self, model, dataset, data, word_index, background=False) -> None:
        self.model, self.data = model, data
        self._live = False
        self._frozen = None
        source = dataset or getattr(data, "name", None) or tryit.guess_kind(model)
        dataset = tryit.dataset_name(source)  # "case:mnist" → "mnist", "playground:moons" → "moons"
        self.dataset = dataset
        self.kind = tryit.dataset_kind(source)
        self._show_dataset(dataset if dataset in DATASETS else ("playground" if self.kind == "playground" else "generic"))
        info = dict(getattr(data, "info", None) or {})
        task = getattr(data, "task", None) or info.get("task") or default_task(dataset)
        names = info.get("class_names") or default_class_names(dataset)
        x_test, y_test = getattr(data, "x_test", None), getattr(data, "y_test", None)
        describe = None
        self._show_header()
        self.stack.setCurrentIndex(PAGES[self.kind])
        if self.kind == "image":
            self.digit.set_model(model, names)
        elif self.kind in ("imdb", "reuters"):
            case = cases.get_case(self.kind)
            wi = word_index or info.get("word_index") or case.word_index
            self.text.set_model(model, self.kind, wi, names)
            describe = self._text_describer()
        elif self.kind == "boston":
            describe = self._set_boston(model, data, info)
        elif self.kind == "playground" and data is not None:
            self.regions.set_model(model, data.x_train, data.y_train, task, background=background)
        self.browser.set_data(model, x_test, y_test, task, names, describe, background=background)

    def _show_dataset(self, key: str) -> None:
        self.dataset_box.setCurrentIndex(max(0, self.dataset_box.findData(key)))

    def _set_boston(self, model, data, info):
        scaler = info.get("standardizer")
        x_test = getattr(data, "x_test", None)
        y_test = getattr(data, "y_test", None)
        if scaler is None:  # a model from a file: the training statistics come from the dataset itself
            try:
                prepared = cases.BOSTON_HOUSING.prepare()
            except Exception as exc:  # noqa: BLE001 - no download: say so on the page
                self.boston.set_model(None, None)
                self.boston.answer.setText(self.tr("Boston housing's training statistics are not available: {error}")
                                           .format(error=exc))
                return None
            scaler, x_test, y_test = prepared.info["standardizer"], prepared.x_test, prepared.y_test
        raw = info.get("x_test_raw")
        if raw is None and x_test is not None:
            raw = scaler.inverse_transform(x_test)
        self.boston.set_model(model, scaler, raw, y_test, prepared=x_test)
        if raw is None:
            return None
        return lambda i: "  ".join(f"{n}={v:.4g}" for (n, _, _), v in zip(tryit.BOSTON_FEATURES, raw[i]))

    def _text_describer(self):
        """Sample ``i`` of a text test set as words (a multi-hot row only tells which words occur)."""
        panel = self.text

        def describe(i):
            x = np.asarray(self.browser.x[i])
            try:
                wi = panel.word_index()
            except Exception:  # noqa: BLE001 - not downloadable now: show the raw input instead
                wi = None
            if wi is None:
                return self.tr("input of shape {shape}").format(shape=x.shape)
            if panel.encoding_settings()["mode"] == "sequence":
                return cases.IMDB.decode([int(j) for j in x if j != 0], wi)
            present = [int(j) for j in np.nonzero(x)[0] if j >= 3]
            return self.tr("Words present (bag of words: order and counts are lost):") + " " + \
                cases.IMDB.decode(present, wi)
        return describe

    def open_model_file(self, path=None) -> bool:
        """Open a ``.nbm`` file and try it; the dataset is guessed from its input and output shapes."""
        from netbuilder.core.models import load_model

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a trained model"), "",
                                                  self.tr("netbuilder model (*.nbm)"))
            if not path:
                return False
        try:
            model = load_model(path)
        except Exception as exc:  # noqa: BLE001 - a damaged file is reported, not raised
            self.header.setText(self.tr("Cannot open {path}: {error}").format(path=path, error=exc))
            return False
        self.set_model(model)
        return True

    # ------------------------------------------------------------------ following training
    def connect_controller(self, controller) -> None:
        """Follow a ``TrainingController``: live decision regions during playground runs, every
        page refreshed with the trained model when a run finishes."""
        self.controller = controller
        controller.stateChanged.connect(self._on_state)
        controller.progress.connect(self._on_progress)
        # rate-limited like batch progress: a fast playground run ends hundreds of epochs a second
        controller.epochEnded.connect(lambda *_: self._live_refresh())
        controller.finished.connect(self._on_finished)
        controller.runCleared.connect(self.clear_model)

    def clear_model(self) -> None:
        """The controller dropped its model (another project is open): nothing of it stays here."""
        self.model = self.data = self._frozen = self.error = None
        self._live = False
        self.stack.setCurrentIndex(PAGES["generic"])
        self._show_header()
        self.browser.set_data(None, None, None)

    def _controller_dataset(self):
        data = self.controller.data
        return getattr(data, "name", None) or None

    def _on_state(self, state: str) -> None:
        c = self.controller
        if state == "running" and self._new_playground_run():
            # a turn after the start's own: the page's first paint (its points) and the model's snapshot added
            # ~8 ms to the start's turn, the longest of a run's start (the run's first batch waits for both)
            QTimer.singleShot(1, self, self._follow_run)
        elif (state in ("running", "evaluating") and c.model is not None and c.model is self.model
              and self.kind != "playground"):
            self._freeze(c.model)
        elif state == "idle" and self._frozen is not None:
            self._thaw()

    def _new_playground_run(self) -> bool:
        """A run of another model than the one shown trains on playground data: the live regions follow it."""
        c = self.controller
        return (c.model is not None and c.data is not None and c.model is not self.model
                and tryit.dataset_kind(self._controller_dataset()) == "playground")

    def _follow_run(self) -> None:
        """The playground page follows the run that started (still running, see :meth:`_on_state`)."""
        c = self.controller
        if c.state == "running" and self._new_playground_run():
            self.model, self.data, self.kind = c.model, c.data, "playground"
            self.dataset = tryit.dataset_name(self._controller_dataset())
            self.stack.setCurrentIndex(PAGES["playground"])
            self._live = True  # the header and the dataset box say what the live regions show
            self._show_dataset("playground")
            self._show_header()
            self.regions.set_model(c.model, c.data.x_train, c.data.y_train,  # predicted off the GUI thread
                                   c.data.task or default_task(self.dataset), background=True)
            self._last_refresh = time.monotonic()
            self.followsRun.emit()

    def show_samples(self, indices, title: str = "") -> None:
        """Open the Test samples tab stepping through ``indices`` (a confusion-matrix cell's samples)."""
        self.tabs.setCurrentWidget(self.browser)
        self.browser.visit(indices, title)

    def _freeze(self, model) -> None:
        """Training or evaluation runs through the very model the pages predict with: give them a
        private copy.

        A forward pass on the GUI thread would otherwise run through the layers the other thread is
        using (and overwrite what they keep for the backward pass, or the recurrent layers'
        buffers). The pages show the weights from before the run until it ends; then ``_thaw`` (and,
        after training, ``_on_finished``) hands them the model again.
        """
        try:
            frozen = tryit.ModelSnapshot(model).copy
        except Exception:  # noqa: BLE001 - no copy: predict nothing rather than race the other thread
            frozen = None
        pages = [p for p in (self.digit, self.text, self.boston, self.browser) if getattr(p, "model", None) is model]
        self._frozen = (model, pages)
        self.model = frozen
        for page in pages:
            page.model = frozen

    def _thaw(self) -> None:
        model, pages = self._frozen
        self._frozen = None
        self.model = model
        for page in pages:
            page.model = model

    def _on_progress(self, _info) -> None:
        self._live_refresh()

    def _live_refresh(self, force=False) -> None:
        if self.kind != "playground" or self.regions.snapshot is None:
            return
        now = time.monotonic()
        if force or now - self._last_refresh >= LIVE_REFRESH_S:
            self._last_refresh = now
            self.regions.refresh_live()  # predicted off the GUI thread (issue 25)

    def _on_finished(self, _result) -> None:
        c = self.controller
        if c.model is not None and c.data is not None:
            self.set_model(c.model, self._controller_dataset(), c.data, background=True)
