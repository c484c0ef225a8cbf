"""run_app leaves the objects made at start-up out of the garbage collector's full passes (app.freeze_startup_objects):
a full pass over the window's ~100,000 objects held the interpreter for ~45 ms, stopping the window mid-run."""

import gc
import weakref

import pytest

from netbuilder.ui import app


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test session collects as before


class _Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the collector frees it


def test_startup_objects_leave_the_full_passes_and_later_garbage_is_still_collected(unfrozen):
    kept = [_Node() for _ in range(100)]
    app.freeze_startup_objects()
    assert gc.get_freeze_count() >= len(kept)
    tracked = len(gc.get_objects())  # what a full pass walks now
    assert tracked < gc.get_freeze_count()
    later = _Node()
    ref = weakref.ref(later)
    del later
    gc.collect()
    assert ref() is None  # a cycle made after start-up goes as before
