"""``WriteQueue``: file work done in order on one writer thread, so the caller's thread does not wait for a disk.

The run store (:mod:`.store`) queues each kept run's model file and its index writes here, and the window's
crash recovery file is written the same way after each run (issue 16: an ``fsync`` on a busy disk held the
window for tens of milliseconds at each run's end). The jobs run first in first out; the thread starts with
the first job and ends when the queue is empty. :meth:`WriteQueue.flush` waits for the queue and raises the
first job that failed since the last flush, unless ``on_error`` was told of it (on the writer thread).
With ``background=False`` (scripts, tests) a job runs when it is submitted and raises what failed.
"""

from __future__ import annotations

import queue
import threading


class WriteQueue:
    """Jobs ``job(*args)`` run in order, on a writer thread named ``name`` when ``background``.

    Args:
        background: run the jobs on the writer thread (``submit`` returns at once).
        on_error: called with the exception of a job that failed, on the writer thread; without it (or when it
            raises itself) :meth:`flush` raises the first failure.
        name: the writer thread's name (seen in a debugger and in ``py-spy``).
    """

    def __init__(self, background: bool = True, on_error=None, name: str = "writer"):
        self.background = bool(background)
        self.on_error = on_error
        self.name = name
        self._queue: queue.Queue = queue.Queue()  # (function, args) first in first out
        self._lock = threading.Lock()  # guards _writer against a job queued as the writer ends
        self._writer: threading.Thread | None = None  # runs while the queue has work, then ends
        self._errors: list[Exception] = []  # failures not told to on_error: flush raises the first

    def submit(self, job, *args) -> None:
        """Queue ``job(*args)`` (the writer starts when it is not running); without ``background``, run it now."""
        if not self.background:
            job(*args)
            return
        with self._lock:
            self._queue.put((job, args))
            if self._writer is None:
                self._writer = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._writer.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                try:
                    job, args = self._queue.get_nowait()
                except queue.Empty:
                    self._writer = None  # a job queued from now on starts a new writer
                    return
            try:
                job(*args)
            except Exception as exc:  # noqa: BLE001 - kept for flush / on_error: the next jobs still run
                self._failed(exc)
            finally:
                self._queue.task_done()

    def _failed(self, exc: Exception) -> None:
        if self.on_error is not None:
            try:
                self.on_error(exc)
                return
            except Exception:  # noqa: BLE001 - a broken callback: flush raises it instead
                pass
        with self._lock:
            self._errors.append(exc)

    def drain(self) -> None:
        """Wait until every queued job has run (a job of the writer itself does not wait for itself)."""
        if threading.current_thread() is not self._writer:
            self._queue.join()

    def flush(self) -> None:
        """:meth:`drain`, then raise the first job that failed since the last flush (unless ``on_error`` had it)."""
        self.drain()
        with self._lock:
            errors, self._errors = self._errors, []
        if errors:
            raise errors[0]
