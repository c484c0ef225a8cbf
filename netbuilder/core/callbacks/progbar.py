"""The console progress bar of ``fit(verbose=1)`` (and the one-line-per-epoch ``verbose=2``)."""

from __future__ import annotations

import sys
import time

from .base import Callback


class Progbar:
    """A Keras-style console progress line: ``469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - loss: 0.3000``.

    On a terminal (``dynamic``) the line is redrawn in place with ``\\r`` at most every
    ``interval`` seconds; elsewhere (a file, a pipe) only the final line is printed, so logs stay
    short. ``verbose=2`` prints only the final line, as ``469/469 - 2s - 4ms/step - loss: ...``.
    Values are shown as given (``fit`` passes running epoch averages).
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, unit_name="step", stream=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stream = stream if stream is not None else sys.stdout
        self.dynamic = bool(getattr(self.stream, "isatty", lambda: False)()) or "ipykernel" in sys.modules
        self._start = time.time()
        self._last_update = 0.0
        self._prev_width = 0

    def update(self, current, values=None, finalize=None):
        """Show step ``current`` with ``values`` (a dict or (name, value) pairs)."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        now = time.time()
        if self.verbose == 2 and not finalize or not self.verbose:
            return
        if self.verbose == 1 and not finalize and (not self.dynamic or now - self._last_update < self.interval):
            return
        self._last_update = now
        per_step = (now - self._start) / current if current else 0.0
        metrics = "".join(f" - {k}: {_fmt_value(v)}" for k, v in dict(values or {}).items())
        count = f"{current:>{len(str(self.target))}d}/{self.target}" if self.target else f"{current:7d}/Unknown"
        if self.verbose == 2:
            self.stream.write(f"{count} - {now - self._start:.0f}s -{_fmt_time(per_step, self.unit_name)}"
                              f"{metrics}\n")
            self.stream.flush()
            return
        bar = ""
        if self.target:
            done = int(self.width * min(current, self.target) / self.target)
            bar = " " + self._paint("━" * done, "32") + self._paint("━" * (self.width - done), "37")
        if finalize or not self.target:
            clock = f"{now - self._start:.0f}s"
        else:
            clock = _fmt_eta(per_step * (self.target - current))
        line = f"{count}{bar} {clock}{_fmt_time(per_step, self.unit_name)}{metrics}"
        width = len(line)
        pad = " " * max(0, self._prev_width - width)
        self._prev_width = width
        self.stream.write(("\r" if self.dynamic else "") + line + pad + ("\n" if finalize else ""))
        self.stream.flush()

    def _paint(self, text, colour):
        return f"\x1b[{colour}m{text}\x1b[0m" if self.dynamic and text else text


def _fmt_value(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{v:.4f}" if abs(v) > 1e-3 else f"{v:.4e}"


def _fmt_time(seconds, unit):
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit}"
    return f" {seconds * 1e6:.0f}us/{unit}"


def _fmt_eta(eta):
    if eta > 3600:
        return f"{int(eta // 3600)}:{int(eta % 3600 // 60):02d}:{int(eta % 60):02d}"
    if eta > 60:
        return f"{int(eta // 60)}:{int(eta % 60):02d}"
    return f"{eta:.0f}s"


class ProgbarLogger(Callback):
    """Prints training progress to stdout; ``fit(verbose=1)`` adds it (``verbose=2``: one line per
    epoch). Prints ``Epoch 1/5`` before each epoch when there is more than one. ``evaluate``
    (default ``verbose="auto"``, i.e. 1) adds it too: one bar over the test batches, none for
    the validation passes inside ``fit``, as in Keras 3.

    Reads ``params`` set by ``fit``: ``verbose``, ``epochs``, ``steps`` (batches per epoch).
    """

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream
        self.verbose = 1
        self.epochs = 1
        self.target = None
        self.progbar = None
        self.seen = 0
        self._in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else int(verbose)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _out(self):
        return self.stream if self.stream is not None else sys.stdout

    def on_train_begin(self, logs=None):
        self._in_fit = True  # fit's validation passes draw no bar of their own (Keras 3)

    def on_train_end(self, logs=None):
        self._in_fit = False

    def on_test_begin(self, logs=None):
        if not self._in_fit:
            self.seen = 0
            self.progbar = Progbar(self.target, verbose=self.verbose, stream=self._out())

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit and self.progbar is not None:
            self.seen = batch + 1
            self.progbar.update(self.seen, logs, finalize=False)

    def on_test_end(self, logs=None):
        if not self._in_fit and self.progbar is not None:
            self.progbar.update(self.seen, logs, finalize=True)
            self.progbar = None

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.progbar = Progbar(self.target, verbose=self.verbose, stream=self._out())
        if self.verbose and self.epochs > 1:
            out = self._out()
            out.write(f"Epoch {epoch + 1}/{self.epochs}\n")
            out.flush()

    def on_train_batch_end(self, batch, logs=None):
        if self.progbar is None:
            self.on_epoch_begin(0)
        self.seen = batch + 1
        self.progbar.update(self.seen, logs, finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        if self.progbar is None:
            return
        if self.target is None:
            self.progbar.target = self.seen
        self.progbar.update(self.seen if self.seen else self.progbar.target or 0, logs, finalize=True)
        self.progbar = None
