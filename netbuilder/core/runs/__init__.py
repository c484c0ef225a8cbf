"""The experiment lab's core: run records, their diffs, the run history on disk and measured remedy effects.

No Qt here (see ``netbuilder/ui/lab`` for the dock). Modules: :mod:`.record` (``RunRecord``, best epoch and
values), :mod:`.diff` (readable changes between two runs), :mod:`.store` (``RunStore``: where runs live and
how they are bounded), :mod:`.effect` (a remedy's measured effect), :mod:`.sweep` (variants of one setting),
:mod:`.lr_range` (the learning-rate range test), :mod:`.lessons` (the book's comparisons).
"""

from .diff import describe_changes, distinct_datasets
from .effect import Effect, effect_text, measure
from .record import RunRecord, best_summary
from .store import RunStore, runs_folder

__all__ = ["RunRecord", "best_summary", "describe_changes", "distinct_datasets", "Effect", "measure", "effect_text",
           "RunStore", "runs_folder"]
