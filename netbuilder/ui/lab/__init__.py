"""The experiment lab (issue 16): every run of a project kept, compared and explained.

``LabFeature`` (feature key ``"lab"``) adds the Lab dock: the runs table (``runsTable``), their curves
overlaid (``comparePlot``), rename/delete/restore/export, the remedy check, the sweep, the book's lessons
and the learning-rate range test. The run history itself is core logic: :mod:`netbuilder.core.runs`.
"""

from .feature import LabFeature

__all__ = ["LabFeature"]
