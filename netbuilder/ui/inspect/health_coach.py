"""The coach reads the training health (issue 17).

The fit coach judges a run by its curves (overfitting, underfitting, divergence); the training
health (:mod:`netbuilder.core.introspect.health`) tells why a network learns badly: vanishing or
exploding gradients, dead ReLU units, saturated sigmoid/tanh units. :class:`HealthCoach` stands
between the controller's ``diagnosisChanged`` and the coach's banner: when the curves give no verdict
more urgent than the health's (none yet, "healthy", "unknown" or "underfitting", whose cause the
health names), the banner shows the most serious health verdict, in the interface language, with
the remedies the window can apply in one click (a He initializer, ReLU in hidden layers,
LeakyReLU, BatchNormalization, a lower learning rate). Overfitting and divergence from the curves
keep the banner.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from .health_panel import APPLICABLE, verdict_text

#: Curve verdicts the health may speak over (the health names their cause).
YIELDS_TO_HEALTH = (None, "healthy", "unknown", "underfitting")


class HealthCoach(QObject):
    """Shows ``health_panel.verdicts[0]`` in ``training_ui.banner`` when the fit coach has nothing
    more urgent; banner clicks go to ``apply_remedy(code)`` (health remedies and the coach's own)."""

    def __init__(self, training_ui, health_panel, apply_remedy, parent=None):
        super().__init__(parent)
        self.ui, self.panel = training_ui, health_panel
        self.fit = None  # the fit coach's last verdict
        self.shown = None  # what the banner shows now
        banner, controller = training_ui.banner, training_ui.controller
        controller.diagnosisChanged.disconnect(banner.show_diagnosis)
        controller.diagnosisChanged.connect(self.on_fit)
        banner.remedyRequested.disconnect(training_ui.apply_remedy)
        banner.remedyRequested.connect(apply_remedy)
        controller.runCleared.connect(self.on_cleared)

    def on_cleared(self) -> None:
        """The run was cleared (another network or example): its health numbers go with it."""
        self.panel.clear()
        self.fit = None
        self.update()

    def on_fit(self, d) -> None:
        """The fit coach's verdict ``d`` (None: no run, or cleared)."""
        self.fit = d
        self.shown = self._choice()
        self.ui.banner.show_diagnosis(self.shown)

    def update(self, *_args) -> None:
        """After the health panel took an epoch (or a language switch, a cleared run): show the health
        verdict, or give the banner back to the fit coach's verdict when a health verdict was shown;
        otherwise the banner is left as it is."""
        d = self._choice()
        if d is not self.fit or _is_health(self.shown):
            self.shown = d
            self.ui.banner.show_diagnosis(d)

    def _choice(self):
        d = self.fit
        verdicts = self.panel.verdicts if self.panel.epochs else []
        if verdicts and getattr(d, "kind", None) in YIELDS_TO_HEALTH:
            v = verdicts[0]
            # the sentence is built here in the interface language (the banner renders ``message``
            # when it has no template of its own for the code)
            return replace(v, message=verdict_text(v), remedies=tuple(c for c in v.remedies if c in APPLICABLE))
        return d


def _is_health(d) -> bool:
    return str(getattr(d, "code", "")).startswith("health_")
