"""A finished (or stopped) K-fold cross-validation run kept in the lab as one run (issue 16).

The training controller reports a K-fold run with ``result.folds`` (each fold's History), ``result.kfold``
(``{"k", "folds_done", "summary"}``) and ``result.model`` (the last fold's trained model). :func:`keep` turns
that into one :class:`~netbuilder.core.runs.RunRecord` through the lab's own :meth:`LabFeature.keep`: its History
is the per-epoch mean over the folds (:func:`netbuilder.ui.training.kfold.mean_curves`, the curve the Training
dock draws), its model file the last fold's model, and its ``kfold`` the folds' details
(:func:`netbuilder.core.runs.kfold.kfold_info`). The table then names it a K-fold run, the overlay draws its
mean curves, "Restore" brings back its network and its K-fold settings, "Export" writes the last fold's model.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from netbuilder.core.runs.kfold import kfold_info

from ..training import kfold as KF
from .result_fields import result_field


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabFeature", text)


def is_kfold(result) -> bool:
    """True when ``result`` (a ``RunResult`` or the dict ``finished`` carried) is a K-fold run's."""

    return bool(result_field(result, "kfold")) or result_field(result, "folds") is not None


def keep(feature, result):
    """Keep the K-fold run ``result`` in ``feature``'s store (see the module); returns the stored
    :class:`~netbuilder.core.runs.RunRecord`, or None when no fold trained an epoch or it could not be kept.

    Like :meth:`LabFeature.keep` with ``show=False``: the run is on disk when this returns, and the caller shows
    it (``LabFeature.show_kept``, one event-loop turn later), by then with its folds' details."""

    c = feature.controller
    folds = [dict(h or {}) for h in (result_field(result, "folds") or [])]
    history = KF.mean_curves(folds)
    model = result_field(result, "model") or c.model
    if not history or model is None:
        return None
    settings = result_field(result, "settings") or c.settings
    kf = result_field(result, "kfold") or {}
    info = kfold_info(folds, kf.get("k") or settings.get("k_folds") or len(folds), settings.get("epochs"),
                      bool(result_field(result, "stopped")), kf.get("summary") or KF.final_summary(folds))
    rec = feature.keep(result, history, model, show=False)
    if rec is None:
        return None
    rec.kfold = info
    try:
        feature.store.update(rec)
    except OSError as exc:  # the run and its model are stored; only its fold details could not be written
        feature.say(_tr("The run is kept, but its folds' details could not be written: {error}").format(error=exc))
    return rec
