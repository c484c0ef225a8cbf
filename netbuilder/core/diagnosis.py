"""The fit coach: reads a training History and says whether the network over-, under- or fits well.

"Deep Learning with Python" (chapters 3-4) teaches learners to read the loss curves: validation loss
that passes its minimum and climbs while training loss keeps falling is *overfitting*; training loss
that is still falling when the run ends, or that hardly moves, is *underfitting*; a loss that turns
into NaN or explodes is *divergence* (the learning rate is too large). :func:`diagnose` applies these
rules to ``history.history`` (a dict of per-epoch lists, Keras's format) and returns one
:class:`Diagnosis` with a stable ``code``, its ``params`` (for translation), an English ``message``
and the remedy codes (see :mod:`netbuilder.core.remedies`) the UI offers as one-click actions.

:func:`check_setup` (in :mod:`netbuilder.core.setup_check`, re-exported here) is the coach before
training: it checks that loss, output layer and labels fit the task.

All thresholds are the module constants below; tests feed synthetic curves of each shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import fit_trends as T
from .setup_check import ACCURACY_NAMES, SetupIssue, check_setup  # noqa: F401 - check_setup re-exported

# ---------------------------------------------------------------------------- thresholds
#: Fewer epochs than this: no over/underfitting verdict yet (only divergence is reported).
MIN_EPOCHS = 3
#: Overfitting: validation loss must have stayed above its minimum for at least this many epochs...
OVERFIT_PATIENCE = 2
#: ...and have risen at least this fraction above that minimum (0.02 = 2 %).
OVERFIT_RISE = 0.02
#: Training loss "still falls" when it dropped by more than this fraction since the best epoch.
TRAIN_STILL_FALLS = 0.01
#: Overfitting from metrics: the train-minus-validation metric gap grew by more than this
#: (absolute, e.g. 0.05 = 5 accuracy points) since the best epoch and rose over the last epochs.
GAP_GROWTH = 0.05
#: Underfitting ("train longer"): mean relative fall of the training loss per epoch over the last
#: ``TREND_WINDOW`` epochs above this (0.02 = still improving by 2 % per epoch).
STILL_IMPROVING = 0.02
#: Number of final epochs looked at for trends.
TREND_WINDOW = 3
#: Underfitting ("flat"): training loss fell by less than this fraction over the whole run...
FLAT_TOTAL = 0.10
#: ...or an accuracy-like training metric ended below this value.
POOR_ACCURACY = 0.75
#: Divergence: an epoch loss this many times larger than the smallest earlier one is exploding.
EXPLODE_FACTOR = 10.0

_ACCURACY_NAMES = ACCURACY_NAMES


@dataclass(frozen=True)
class Diagnosis:
    """One verdict of the coach.

    Attributes:
        kind: ``"divergence"``, ``"overfitting"``, ``"underfitting"``, ``"healthy"`` or ``"unknown"``.
        code: stable id the UI translates (``"overfitting_val_loss"``, ``"underfitting_flat"``, ...).
        message: English sentence for the banner.
        params: the numbers in the message (epochs are 1-based, as Keras prints them).
        remedies: remedy codes, most useful first (see :mod:`netbuilder.core.remedies`).
        epoch: 1-based epoch where the problem began (overfitting, divergence), else None.
        best_epoch: 1-based epoch with the lowest validation loss (or training loss), else None.
    """

    kind: str
    code: str
    message: str
    params: dict = field(default_factory=dict)
    remedies: tuple = ()
    epoch: int | None = None
    best_epoch: int | None = None


def _finite(v) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _accuracy_key(history: dict) -> str | None:
    for k in history:
        if k in _ACCURACY_NAMES and "val_" + k in history:
            return k
    for k in history:
        if k in _ACCURACY_NAMES:
            return k
    return None


def divergence(history: dict, learning_rate=None) -> Diagnosis | None:
    """A ``"divergence"`` diagnosis when a loss is NaN/inf or explodes, else None.

    Exploding: an epoch loss ``> EXPLODE_FACTOR ×`` the smallest earlier epoch loss.
    """
    losses = list(history.get("loss", []))
    for key in ("loss", "val_loss"):
        for i, v in enumerate(history.get(key, [])):
            if not _finite(v):
                return _divergence(i + 1, "nan", key, learning_rate)
    if len(losses) > 1:
        arr = np.asarray(losses, dtype="float64")
        # smallest loss strictly before each epoch (running minimum): one pass, not O(n²)
        earlier_min = np.minimum.accumulate(arr)[:-1]
        hits = np.flatnonzero((arr[1:] > EXPLODE_FACTOR * earlier_min) & (arr[1:] > arr[0]))
        if hits.size:
            return _divergence(int(hits[0]) + 2, "exploding", "loss", learning_rate)
    return None


def _divergence(epoch, how, key, lr):
    what = "became NaN or infinite" if how == "nan" else f"exploded (over {EXPLODE_FACTOR:g}× its minimum)"
    lr_text = f" (now {lr:g})" if lr is not None else ""
    msg = (f"Training diverged: {key} {what} at epoch {epoch}. The steps are too big: lower the learning "
           f"rate{lr_text}, for instance divide it by 10, and train again from fresh weights.")
    return Diagnosis("divergence", f"divergence_{how}", msg,
                     {"epoch": epoch, "key": key, "learning_rate": lr}, ("lower_learning_rate",), epoch, None)


def divergence_at(epoch: int, learning_rate=None, key="loss") -> Diagnosis:
    """The divergence diagnosis for a NaN/inf loss seen at 1-based ``epoch`` (e.g. mid-epoch)."""
    return _divergence(epoch, "nan", key, learning_rate)


def batch_diverged(loss) -> bool:
    """True when one batch loss is NaN or infinite: the UI stops the run at once."""
    return not _finite(loss)


def diagnose(history: dict, final: bool = True, learning_rate=None) -> Diagnosis:
    """The coach's verdict on a History dict (``{"loss": [...], "val_loss": [...], ...}``).

    Rules, in order (thresholds are the module constants):

    1. Divergence: NaN/inf anywhere, or an exploding epoch loss.
    2. Overfitting: the lowest ``val_loss`` is at epoch ``b`` < last, the last ``OVERFIT_PATIENCE``
       or more epochs stayed above it, the last is ``≥ (1 + OVERFIT_RISE) ×`` the minimum, and the
       training loss kept falling (``loss[-1] < (1 - TRAIN_STILL_FALLS) × loss[b]``); or the
       train-minus-validation accuracy gap grew by ``GAP_GROWTH`` since ``b`` and rose over the
       last ``TREND_WINDOW`` epochs.
    3. Underfitting, only when ``final`` (the run is over): the training loss fell by less than
       ``FLAT_TOTAL`` overall or the training accuracy ended below ``POOR_ACCURACY`` while the loss
       has plateaued (``"underfitting_flat"``: a bigger network, check the learning rate); or the
       training loss still falls by more than ``STILL_IMPROVING`` per epoch and validation loss
       (if any) is still at its minimum (``"underfitting_still_improving"``: train longer).
    4. Otherwise healthy, with the best epoch.

    Args:
        history: per-epoch lists as in ``History.history``.
        final: False while the run goes on (underfitting is only judged at the end).
        learning_rate: shown in the divergence advice.
    """
    div = divergence(history, learning_rate)
    if div is not None:
        return div
    loss = [float(v) for v in history.get("loss", [])]
    n = len(loss)
    val = [float(v) for v in history.get("val_loss", [])]
    has_val = len(val) == n and n > 0
    best = (min(range(n), key=val.__getitem__) if has_val else min(range(n), key=loss.__getitem__)) if n else None
    best_epoch = None if best is None else best + 1
    if n < MIN_EPOCHS:
        return Diagnosis("unknown", "too_few_epochs",
                         f"Too few epochs to judge the fit yet ({n} of at least {MIN_EPOCHS}).",
                         {"epochs": n, "min_epochs": MIN_EPOCHS}, ("more_epochs",) if final else (), None, best_epoch)
    over = _overfitting(history, loss, val, best) if has_val else None
    if over is not None and final and over.code == "overfitting_val_loss":
        flat = _flattened(history, val, best)  # a long noisy run whose rise is within noise (Boston)
        if flat is not None:
            return flat
    if over is not None:
        return over
    if final:
        under = _underfitting(history, loss, val if has_val else None, best)
        if under is not None:
            return under
    return Diagnosis("healthy", "healthy",
                     f"The fit looks healthy: the best epoch is {best_epoch}"
                     + (f" (val_loss {val[best]:.4g})." if has_val else f" (loss {loss[best]:.4g})."),
                     {"best_epoch": best_epoch, "val_loss": val[best] if has_val else None},
                     (), None, best_epoch)


_OVERFIT_REMEDIES = ("restore_best_weights", "add_dropout", "add_l2", "halve_units", "more_data")


def _overfitting(history, loss, val, best) -> Diagnosis | None:
    n = len(loss)
    key = _accuracy_key(history)
    gap = None
    if key and "val_" + key in history and len(history["val_" + key]) == n:
        gap = [float(a) - float(b) for a, b in zip(history[key], history["val_" + key])]
    return _overfit_verdict(n, best, loss[best], loss[-1], val[best], val[-1], key if gap else None,
                            gap[best] if gap else None, gap[-TREND_WINDOW:] if gap else ())


def _overfit_verdict(n, best, loss_best, loss_last, val_best, val_last, key=None, gap_best=None,
                     gap_window=()) -> Diagnosis | None:
    """The overfitting rules of :func:`diagnose` on the few numbers they read.

    ``n`` epochs, 0-based ``best`` (lowest ``val_loss``), the training and validation losses at
    ``best`` and at the last epoch; ``key`` (an accuracy metric with a ``val_`` twin), the
    train-minus-validation gap at ``best`` and the last ``TREND_WINDOW`` gaps (oldest first). O(1),
    so the live coach can ask after every epoch of a 100,000-epoch run.
    """
    epochs_after = n - 1 - best
    rose = val_last >= (1.0 + OVERFIT_RISE) * val_best if val_best > 0 else val_last > val_best
    train_falls = loss_last < (1.0 - TRAIN_STILL_FALLS) * loss_best
    if epochs_after >= OVERFIT_PATIENCE and rose and train_falls:
        msg = (f"Overfitting: validation loss was lowest at epoch {best + 1} ({val_best:.4g}) and has risen "
               f"for {epochs_after} epochs to {val_last:.4g} while training loss keeps falling. The network "
               "memorizes the training samples. Remedies: get more data, make the network smaller, add L2 "
               "weight regularization, add Dropout, or keep the weights of the best epoch.")
        return Diagnosis("overfitting", "overfitting_val_loss", msg,
                         {"epoch": best + 2, "best_epoch": best + 1, "best_val_loss": val_best,
                          "last_val_loss": val_last, "epochs_rising": epochs_after},
                         _OVERFIT_REMEDIES, best + 2, best + 1)
    if key and gap_best is not None and gap_window and epochs_after >= 1:
        window = list(gap_window)[-TREND_WINDOW:]
        growing = len(window) >= 2 and all(b >= a for a, b in zip(window, window[1:])) and window[-1] > window[0]
        if growing and window[-1] - gap_best > GAP_GROWTH:
            msg = (f"Overfitting: the gap between training and validation {key} grew from {gap_best:.3f} "
                   f"at epoch {best + 1} to {window[-1]:.3f} and keeps growing. Remedies: get more data, make "
                   "the network smaller, add L2 weight regularization, add Dropout, or keep the weights "
                   "of the best epoch.")
            return Diagnosis("overfitting", "overfitting_gap", msg,
                             {"epoch": best + 2, "best_epoch": best + 1, "metric": key,
                              "gap_best": gap_best, "gap_last": window[-1]}, _OVERFIT_REMEDIES, best + 2, best + 1)
    return None


class LiveCoach:
    """The coach during a run, at a constant cost per epoch (not a re-scan of the whole History).

    Feed it each epoch's logs with :meth:`update`; it keeps the running numbers the in-run rules
    read: the first NaN/inf epoch of ``loss`` and ``val_loss``, the first exploding epoch (``loss_t >
    EXPLODE_FACTOR × min(loss_0..t-1)`` and ``> loss_0``), the epoch ``b`` with the lowest ``val_loss``
    (first occurrence) with the losses and accuracy gap there, the last losses and the last
    ``TREND_WINDOW`` gaps. Its verdict is the one ``diagnose(history, final=False)`` gives on the same
    History when that is a divergence or an overfitting verdict, else None (the final verdict, with
    the underfitting rules, is :func:`diagnose` once at the end of the run).

    Args:
        learning_rate: shown in the divergence advice.
    """

    def __init__(self, learning_rate=None):
        self.learning_rate = learning_rate
        self.n = 0
        self._keys: dict = {}  # every log key in first-seen order, with its count of values
        self._nan = {}  # key -> first 1-based epoch with a non-finite value
        self._explode = None  # first 1-based exploding epoch
        self._loss0 = self._loss_min = None
        self._best = None  # (0-based epoch, val_loss, loss, gap) at the lowest val_loss
        self._gap_key = None
        self._gaps: list = []  # the last TREND_WINDOW gaps

    def update(self, logs: dict) -> Diagnosis | None:
        """Add one epoch's ``logs`` (``loss``, ``val_loss``, metrics); returns the in-run verdict or None."""
        n = self.n = self.n + 1
        for k in logs:
            self._keys[k] = self._keys.get(k, 0) + 1
        for key in ("loss", "val_loss"):
            if key in logs and key not in self._nan and not _finite(logs[key]):
                self._nan[key] = self._keys[key]
        loss = float(logs["loss"]) if _finite(logs.get("loss")) else None
        if loss is not None:
            if self._loss0 is None:
                self._loss0 = loss
            elif self._explode is None and loss > EXPLODE_FACTOR * self._loss_min and loss > self._loss0:
                self._explode = self._keys["loss"]
            self._loss_min = loss if self._loss_min is None else min(self._loss_min, loss)
        verdict = self._divergence()
        if verdict is not None or loss is None:
            return verdict
        return self._overfitting(n, loss, logs)

    def _divergence(self) -> Diagnosis | None:
        if "loss" in self._nan:
            return _divergence(self._nan["loss"], "nan", "loss", self.learning_rate)
        if "val_loss" in self._nan:
            return _divergence(self._nan["val_loss"], "nan", "val_loss", self.learning_rate)
        if self._explode is not None:
            return _divergence(self._explode, "exploding", "loss", self.learning_rate)
        return None

    def _overfitting(self, n, loss, logs) -> Diagnosis | None:
        if self._keys.get("loss") != n or self._keys.get("val_loss") != n:
            return None  # diagnose() judges overfitting only with one val_loss per epoch
        val = float(logs["val_loss"])
        key = _accuracy_key(self._keys)
        if key != self._gap_key:  # the accuracy key is fixed by the first epoch's logs in a normal run
            self._gap_key, self._gaps = key, []
        gap = None
        if key and self._keys.get("val_" + key) == n and key in logs and "val_" + key in logs:
            gap = float(logs[key]) - float(logs["val_" + key])
            self._gaps = (self._gaps + [gap])[-TREND_WINDOW:]
        else:
            self._gaps = []
        if self._best is None or val < self._best[1]:
            self._best = (n - 1, val, loss, gap)
        if n < MIN_EPOCHS:
            return None
        best, val_best, loss_best, gap_best = self._best
        gaps_ok = gap is not None and gap_best is not None
        return _overfit_verdict(n, best, loss_best, loss, val_best, val, key if gaps_ok else None,
                                gap_best if gaps_ok else None, self._gaps if gaps_ok else ())


def _underfitting(history, loss, val, best) -> Diagnosis | None:
    n = len(loss)
    total_fall = (loss[0] - loss[-1]) / abs(loss[0]) if loss[0] else 0.0
    w = min(TREND_WINDOW, n - 1)
    recent = (loss[-1 - w] - loss[-1]) / (abs(loss[-1 - w]) * w) if loss[-1 - w] else 0.0
    key = _accuracy_key(history)
    acc = float(history[key][-1]) if key else None
    plateau = recent < STILL_IMPROVING
    if plateau and (total_fall < FLAT_TOTAL or (acc is not None and acc < POOR_ACCURACY)):
        what = (f"training {key} is stuck at {acc:.3f}" if acc is not None and acc < POOR_ACCURACY
                else f"training loss hardly moved ({total_fall:.1%} lower than at epoch 1)")
        msg = (f"Underfitting: {what}. The network is too small to learn this data, or the learning rate is "
               "badly chosen. Try a bigger network (more layers, more units) and check the learning rate.")
        return Diagnosis("underfitting", "underfitting_flat", msg,
                         {"total_fall": total_fall, "metric": key, "metric_value": acc},
                         ("add_layer", "double_units", "more_epochs"), None, best + 1)
    onset = T.gap_opening(loss, val, TREND_WINDOW) if val is not None else None
    if onset is not None:  # MNIST 5 epochs, IMDB 4, Reuters 9: the book's good fit on which overfitting begins
        return _gap_opening(history, loss, val, best, onset)
    if recent >= STILL_IMPROVING and val is None:  # MNIST as the example trains it: no validation set
        msg = (f"Training loss is still falling ({recent:.1%} per epoch over the last {w} epochs). Without "
               "validation data the coach cannot tell a network that needs more epochs from one that starts to "
               "overfit: set a validation split, or evaluate on the test set and compare.")
        return Diagnosis("unknown", "still_improving_no_validation", msg, {"rate": recent, "window": w}, (),
                         None, best + 1)
    val_at_end = best == n - 1
    if recent >= STILL_IMPROVING and val_at_end:
        msg = (f"Underfitting: training loss is still falling ({recent:.1%} per epoch over the last {w} epochs)"
               + (" and validation loss is at its lowest at the last epoch" if val is not None else "")
               + ". The network has not finished learning: train for more epochs.")
        return Diagnosis("underfitting", "underfitting_still_improving", msg,
                         {"rate": recent, "window": w}, ("more_epochs", "add_layer", "double_units"), None, best + 1)
    return None


def _gap_opening(history, loss, val, best, onset) -> Diagnosis:
    key = _accuracy_key(history)
    acc = (float(history[key][-1]), float(history["val_" + key][-1])) \
        if key and len(history.get("val_" + key, ())) == len(loss) else None
    params = {"best_epoch": best + 1, "val_loss": val[best], "onset": onset, "loss": loss[-1],
              "last_val_loss": val[-1], "metric": key if acc else None,
              "train_metric": acc[0] if acc else None, "val_metric": acc[1] if acc else None}
    accuracy = f"; {key} {acc[0]:.1%} on training, {acc[1]:.1%} on validation" if acc else ""
    msg = (f"Good fit, and overfitting starts: validation loss is at its lowest around epoch {best + 1} "
           f"({val[best]:.4g}), but since epoch {onset} the training loss is below it and the gap grows (now "
           f"{loss[-1]:.4g} against {val[-1]:.4g}{accuracy}). More epochs would overfit: stop about here, or "
           "add Dropout or L2 before training longer.")
    return Diagnosis("healthy", "good_fit_gap_opening", msg, params, (), onset, best + 1)


def _flattened(history, val, best) -> Diagnosis | None:
    gave_back = T.giveback(val)
    if gave_back is None or gave_back >= T.GIVEBACK:
        return None
    n = len(val)
    key = next((k for k in history if k.startswith("val_") and k != "val_loss" and k[4:] not in _ACCURACY_NAMES
                and len(history[k]) == n), "val_loss")
    epoch, level = T.flat_from([float(v) for v in history[key]])
    params = {"metric": key[4:], "epoch": epoch, "level": level, "best_epoch": best + 1, "giveback": gave_back}
    msg = (f"Validation {key[4:]} flattens from about epoch {epoch} (about {level:.4g}) and then only wanders "
           f"within noise (the lowest validation loss, at epoch {best + 1}, is hardly better), while the training "
           "error keeps falling below it: overfitting has begun, slowly. About that many epochs give the same "
           "validation error; keep the best epoch's weights, or add Dropout or L2 to train longer.")
    return Diagnosis("overfitting", "overfitting_val_flat", msg, params, _OVERFIT_REMEDIES, epoch, best + 1)
