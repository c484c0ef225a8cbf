"""Training in the window: dataset picker, settings, Start/Pause/Stop, live curves, fit coach, evaluation.

The package's parts:

- :class:`TrainingFeature` (``feature.py``): the window feature (``key`` ``"training"``) that adds the
  Dataset, Training settings, Training and Evaluation docks; :func:`install_training_ui` does the same
  for any ``QMainWindow`` and returns the controller. Both keep ``window.training_ui`` (the
  :class:`TrainingUI`) and ``window.training`` (its controller).
- :class:`TrainingUI` (``training_ui.py``): the widgets around one controller and the glue between them.
- :class:`TrainingController` (``controller.py``): run control; it fills a :class:`RunBuffers`
  (``run_buffers.py``) that the plots draw, reports a :class:`RunResult` (``run_result.py``) when a run
  ends, and its state is a :class:`RunState`; K-fold runs are followed by ``kfold.KFoldRun``.
- ``DictGraph`` / ``DocGraph`` (``graphs.py``): where the network is read from and remedies written to.

Graph edits during a run apply to the next run (the run keeps the network it started with).
"""

from __future__ import annotations

from .controller import TrainingController
from .feature import TrainingFeature, install_training_ui
from .graphs import DictGraph, DocGraph
from .run_buffers import RunBuffers
from .run_result import RunResult, RunState
from .run_setup import TrainingData
from .training_ui import TrainingUI

__all__ = ["DictGraph", "DocGraph", "RunBuffers", "RunResult", "RunState", "TrainingController", "TrainingData",
           "TrainingFeature", "TrainingUI", "install_training_ui"]
