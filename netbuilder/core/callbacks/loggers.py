"""``CSVLogger`` (one CSV row per epoch) and ``LambdaCallback`` (a callback from plain functions)."""

from __future__ import annotations

import csv
import os

from .base import Callback


class CSVLogger(Callback):
    """Write one CSV row per epoch: ``epoch`` (0-based, as Keras) then the logs, keys sorted.

    Args:
        filename: the CSV file.
        separator: the field separator.
        append: append to an existing file (no second header) instead of overwriting it.
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = bool(append)
        self.keys = None
        self._file = None
        self._writer = None

    def on_train_begin(self, logs=None):
        header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as f:
                header = not f.readline()
        self._close()
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")  # noqa: SIM115
        self._header = header
        self._writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self._file is None:
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            for name in getattr(self.model, "metrics_names", None) or []:
                if name.startswith("val_") and name not in self.keys:
                    self.keys.append(name)
        if self._writer is None:
            self._writer = csv.writer(self._file, delimiter=self.sep)
            if self._header:
                self._writer.writerow(["epoch"] + self.keys)
        self._writer.writerow([epoch] + [_csv_value(logs.get(k, "NA")) for k in self.keys])
        self._file.flush()

    def on_train_end(self, logs=None):
        self._close()

    def _close(self):
        if self._file is not None and not self._file.closed:
            self._file.close()
        self._file = None
        self._writer = None


def _csv_value(v):
    if isinstance(v, str):
        return v
    if hasattr(v, "__len__") and getattr(v, "ndim", 1) != 0:
        return "[" + ", ".join(map(str, v)) + "]"
    return float(v) if hasattr(v, "dtype") else v


_HOOKS = tuple(name for name in vars(Callback) if name.startswith("on_"))
_HOOK_ARITY = {name: getattr(Callback, name).__code__.co_argcount - 1 for name in _HOOKS}


class LambdaCallback(Callback):
    """A callback made of plain functions, e.g. ``LambdaCallback(on_epoch_end=lambda epoch, logs:
    print(logs["loss"]))``.

    Args:
        on_epoch_begin / on_epoch_end: ``f(epoch, logs)``.
        on_train_begin / on_train_end: ``f(logs)``.
        on_train_batch_begin / on_train_batch_end: ``f(batch, logs)``.
        **kwargs: any other hook (``on_test_end=f``, ...), with that hook's arguments.
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        given = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end, on_train_begin=on_train_begin,
                     on_train_end=on_train_end, on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end, **kwargs)
        unknown = sorted(set(given) - set(_HOOKS))
        if unknown:
            raise TypeError(f"LambdaCallback: unknown hook(s) {unknown}; hooks are {', '.join(_HOOKS)}")
        for hook, fn in given.items():
            if fn is not None:
                setattr(self, hook, _positional(fn, _HOOK_ARITY[hook]))


def _positional(fn, arity):
    """Call ``fn`` with all of the hook's arguments positionally (``logs`` None when omitted),
    as ``CallbackList`` does, so ``lambda epoch, logs: ...`` works however the hook is called."""

    def hook(*args, **kwargs):
        args = list(args)
        if "logs" in kwargs:
            args.append(kwargs.pop("logs"))
        args += [None] * (arity - len(args))
        return fn(*args, **kwargs)

    return hook
