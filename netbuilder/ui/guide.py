"""Where a learner starts: Help › "The four tutorial cases" and Help › "Getting started".

The cases dialog lists the example projects by title and book chapter ("Deep Learning with Python",
first edition) with one line each; a click opens the example (``exampleChosen``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QTextBrowser, \
    QVBoxLayout

from . import i18n


def _tr(text: str) -> str:
    return QCoreApplication.translate("Guide", text)


def tutorial_cases() -> list[tuple[str, str, str, str]]:
    """``(example, title, chapter, one line)`` for each example, in the current language, in reading order."""
    return [
        ("mnist_dense", _tr("MNIST handwritten digits"), _tr("Chapter 2.1"),
         _tr("Ten classes of 28×28 images: a first dense network reaches about 97.8 % test accuracy.")),
        ("imdb_dense", _tr("IMDB movie reviews"), _tr("Chapter 3.4"),
         _tr("Positive or negative review (binary): about 88 %, and it overfits after a few epochs.")),
        ("reuters_dense", _tr("Reuters newswires"), _tr("Chapter 3.5"),
         _tr("46 topics (multi-class, single label): about 78 % test accuracy.")),
        ("boston_dense", _tr("Boston house prices"), _tr("Chapter 3.6"),
         _tr("Regression on 13 features with K-fold validation: a mean absolute error of about 2.5 ($2,500).")),
        ("mnist_conv", _tr("MNIST with a small convnet"), _tr("Chapter 5.1"),
         _tr("Conv2D and MaxPooling2D layers: about 99 % on the same digits.")),
        ("imdb_lstm", _tr("IMDB with an LSTM"), _tr("Chapter 6.2"),
         _tr("The reviews as word sequences: Embedding and LSTM layers.")),
        ("playground_spiral", _tr("Playground: two spirals"), _tr("Warm-up"),
         _tr("A tiny network learns to separate two interleaved spirals in seconds; watch its decision regions.")),
        ("two_branch", _tr("Two branches (functional API)"), _tr("Chapter 7.1"),
         _tr("A wide and a deep branch read the same pixels and are concatenated.")),
    ]


class TutorialCasesDialog(i18n.Retranslatable, QDialog):
    """The examples by title and chapter, one line each; clicking one emits ``exampleChosen(name)``."""

    exampleChosen = Signal(str)

    def __init__(self, available: set[str] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("tutorialCasesDialog")
        self.available = available  # example names that exist (None: all)
        self.intro = QLabel(wordWrap=True)
        self.list = QListWidget(objectName="tutorialCasesList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)  # keyboard: Enter
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.resize(560, 460)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_tr("The four tutorial cases"))
        self.intro.setText(_tr("The book's four cases and a few more examples. Click one to open it."))
        self.list.clear()
        for name, title, chapter, line in tutorial_cases():
            if self.available is not None and name not in self.available:
                continue
            item = QListWidgetItem(f"{title} — {chapter}\n{line}")
            item.setData(Qt.UserRole, name)
            item.setToolTip(line)
            self.list.addItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        self.exampleChosen.emit(item.data(Qt.UserRole))
        self.accept()


def getting_started_html() -> str:
    """The short guide, as HTML in the current language."""
    steps = [
        _tr("<b>Train the example that is open.</b> The spiral playground starts with its network on the canvas "
           "and its data in the <i>Dataset</i> panel. Press <i>Train</i> in the <i>Training</i> panel and watch "
           "the loss curves fall and the decision regions take shape in <i>Try it</i>."),
        _tr("<b>Open a tutorial case.</b> Help › The four tutorial cases (or File › Examples) opens the book's "
           "networks for MNIST, IMDB, Reuters and Boston housing with the book's settings. The first time, the "
           "dataset's file is downloaded, or you pick the file you already have."),
        _tr("<b>Change the network.</b> Drag layers from <i>Layers</i> onto the canvas and connect an output "
           "port to an input port. The <i>Inspector</i> edits the selected layer, <i>Problems</i> says what does "
           "not fit, <i>Keras code</i> shows the same network as Keras code."),
        _tr("<b>Read the coach.</b> After a run, the banner above the curves says whether the network under- or "
           "overfits and offers a remedy you can apply (and undo)."),
        _tr("<b>Try it and take it away.</b> Draw a digit or type a review in <i>Try it</i>; File › Export "
           "Trained Model saves it as .nbm, .keras, ONNX or a Keras script."),
        _tr("A panel got lost or squeezed? View › Reset layout puts every panel back in its place."),
    ]
    return f"<h3>{_tr('Getting started')}</h3><ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>"


class GettingStartedDialog(i18n.Retranslatable, QDialog):
    """Help › Getting started: the first steps in a few lines."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.text = QTextBrowser(objectName="gettingStartedText")
        self.text.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(560, 400)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_tr("Getting started"))
        self.text.setHtml(getting_started_html())


def show_tutorial_cases(win) -> TutorialCasesDialog:
    """Help › The four tutorial cases (one dialog per window; a click opens the example after asking to save)."""
    dlg = getattr(win, "cases_dialog", None)
    if dlg is None:
        dlg = TutorialCasesDialog({p.stem for p in win.examples_dir().glob("*.nbproj")}, win)
        dlg.exampleChosen.connect(lambda name: win.maybe_save() and win.open_example(name))
        win.cases_dialog = dlg
    dlg.show()
    dlg.raise_()
    return dlg


def show_getting_started(win) -> GettingStartedDialog:
    """Help › Getting started (one non-modal dialog per window)."""
    dlg = getattr(win, "getting_started_dialog", None)
    if dlg is None:
        dlg = win.getting_started_dialog = GettingStartedDialog(win)
    dlg.show()
    dlg.raise_()
    return dlg
