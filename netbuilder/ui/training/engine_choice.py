"""The engine row of the training settings: netbuilder's own engine or Keras 3, and where it runs.

``engineCombo`` offers "netbuilder (NumPy / CuPy)" and, only when Keras 3 and a backend are
installed (:func:`netbuilder.core.keras_engine.engine_info`, which imports nothing), "Keras 3
(<backend>, <devices>)". ``engineLabel`` says which backend and devices the run will use, or, when
Keras is missing, why and how to install it. Listing the devices imports Keras and its backend
(seconds), so it happens the first time Keras is chosen, in a background thread; the label follows
when the answer comes (``devicesFound``).

``settings()`` gives ``{"engine": "netbuilder" | "keras", "devices": None}`` (None: every device
the backend lists; several → data parallel) for the run settings, ``apply_settings`` reads them back.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from netbuilder.core import backend as B
from netbuilder.core import keras_engine

from .. import i18n
from ..i18n import messages
from ..qt_helpers import NarrowCombo


class EngineChoice(i18n.Retranslatable, QWidget):
    """``engineCombo`` + ``engineLabel``; ``changed`` when the choice changes.

    Signals:
        changed(): the engine was changed (by the user or ``apply_settings``).
        devicesFound(object): the device names (``list[str]``) or the error text (``str``) of the
            background probe.
    """

    changed = Signal()
    devicesFound = Signal(object)

    def __init__(self, parent=None, info: keras_engine.EngineInfo | None = None, objectName: str = "engineChoice"):
        super().__init__(parent)
        self.setObjectName(objectName)
        self.info = keras_engine.engine_info() if info is None else info
        self.devices: list[str] | None = None  # the Keras backend's devices, once probed
        self.probe_error: str | None = None
        self._probe: threading.Thread | None = None
        self.engineCombo = NarrowCombo(objectName="engineCombo")
        self.engineCombo.addItem("", "netbuilder")
        if self.info.available:
            self.engineCombo.addItem("", "keras")
        self.engineLabel = QLabel(objectName="engineLabel", wordWrap=True)
        self.engineLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)  # the pip command can be copied
        self.title = QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.title, self.engineCombo)
        form.addRow(self.engineLabel)
        self.engineCombo.currentIndexChanged.connect(self._on_index)
        self.devicesFound.connect(self._on_devices, Qt.QueuedConnection)
        self.retranslate_ui()

    # ------------------------------------------------------------------ the choice
    def engine(self) -> str:
        return self.engineCombo.currentData()

    def settings(self) -> dict:
        """``{"engine": ..., "devices": None}`` for the run settings (the worker's arguments)."""
        return {"engine": self.engine(), "devices": None}

    def apply_settings(self, s: dict) -> None:
        """Select ``s["engine"]``; Keras when it is not installed stays netbuilder (the label says why)."""
        if "engine" in s:
            i = self.engineCombo.findData(s.get("engine") or "netbuilder")
            self.engineCombo.setCurrentIndex(max(0, i))

    def _on_index(self, _i) -> None:
        if self.engine() == "keras":
            self.probe_devices()
        self.retranslate_ui()
        self.changed.emit()

    # ------------------------------------------------------------------ devices
    def probe_devices(self) -> None:
        """List the Keras backend's devices in a background thread (once); ``devicesFound`` answers."""
        if self._probe is not None or not self.info.available:
            return
        self._probe = threading.Thread(target=self._list_devices, name="keras-devices", daemon=True)
        self._probe.start()

    def _list_devices(self) -> None:
        try:
            answer = keras_engine.list_devices()
        except Exception as exc:  # noqa: BLE001 - shown in the label, the window goes on
            answer = str(exc) or type(exc).__name__
        try:
            self.devicesFound.emit(answer)
        except RuntimeError:  # the widget was deleted meanwhile
            pass

    def _on_devices(self, answer) -> None:
        if isinstance(answer, str):
            self.probe_error = answer
        else:
            self.devices = list(answer)
        self.retranslate_ui()

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Engine"))
        self.engineCombo.setItemText(0, self.tr("netbuilder (NumPy / CuPy)"))
        backend = self.info.backend or ""
        found = keras_engine.describe_devices(self.devices) if self.devices else self.tr("devices not checked yet")
        if self.info.available:
            self.engineCombo.setItemText(1, self.tr("Keras 3 ({backend}, {devices})").format(backend=backend,
                                                                                           devices=found))
        self.engineCombo.setToolTip(self.tr("Who trains the network: netbuilder's own engine, or Keras 3 on its "
                                            "backend and devices (the same network, settings and data; the "
                                            "trained weights come back here)."))
        self.engineLabel.setText(self._label_text(backend))

    def _label_text(self, backend: str) -> str:
        if self.engine() == "netbuilder":
            text = self.tr("Runs on {where}.").format(
                where=self.tr("the GPU (CuPy)") if B.backend() == "cupy" else self.tr("the CPU (NumPy)"))
            if not self.info.available:
                text += " " + self.tr("Keras 3 engine not available: {reason}").format(reason=messages.render(self.info))
            return text
        if self.probe_error is not None:
            return self.tr("Keras 3 cannot start: {error}").format(error=self.probe_error)
        if self.devices is None:
            return self.tr("Keras 3 on {backend}: looking for its devices…").format(backend=backend)
        if len(self.devices) > 1:
            return self.tr("Keras 3 on {backend}, data parallel over {n} devices ({devices}): each batch is "
                           "split across them.").format(backend=backend, n=len(self.devices),
                                                        devices=", ".join(self.devices))
        return self.tr("Keras 3 on {backend}, device {device}.").format(backend=backend, device=self.devices[0])
