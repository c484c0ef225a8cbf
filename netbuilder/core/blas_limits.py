"""Setting the process's BLAS thread count through threadpoolctl (:class:`BlasLimiter`), as the thread
tuner of :mod:`.threads` and :func:`.threads.limited` do."""

from __future__ import annotations


class BlasLimiter:
    """Sets the BLAS thread count through threadpoolctl (a no-op without it or without BLAS).

    OpenBLAS's thread count is process-wide, and threadpoolctl (3.8) lets only the first thread
    that set it set it again while that thread is alive; other threads' calls silently do nothing,
    and a thread Python did not start (a ``QThread``: the window's training runs) counts as alive
    for ever. So every call here gives that control back at once (as a ``threadpool_limits``
    block does on exit): else the first run's thread would keep it and the tuner of every later
    run, in another thread, would change nothing.
    """

    def __init__(self):
        try:
            from threadpoolctl import ThreadpoolController  # noqa: PLC0415
        except ImportError:
            self._controller = None
            return
        self._controller = ThreadpoolController()
        self._original = None

    def current(self) -> int | None:
        """The BLAS thread count in force now (None when unknown)."""
        if self._controller is None:
            return None
        counts = [p.num_threads for p in self._controller.select(user_api="blas").lib_controllers]
        return min(counts) if counts else None

    def set(self, n: int) -> None:
        if self._controller is None:
            return
        blas = self._controller.select(user_api="blas")
        if self._original is None:
            self._original = blas.info()
        blas.limit(limits=n)
        _release_control()

    def restore(self) -> None:
        if self._controller is None or self._original is None:
            return
        for info in self._original:
            self._controller.select(filepath=info["filepath"]).limit(limits=info["num_threads"])
        self._original = None
        _release_control()


def _release_control() -> None:
    """Let any thread set OpenBLAS's thread count next (see :class:`BlasLimiter`); a no-op with
    a threadpoolctl that has no controlling thread, or when another thread holds control."""
    try:
        from threadpoolctl import OpenBLASController  # noqa: PLC0415
    except ImportError:
        return
    clear = getattr(OpenBLASController, "clear_controlling_thread", None)
    if clear is not None:
        clear()
