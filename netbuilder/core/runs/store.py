"""``RunStore``: a project's run history on disk, bounded in size, written atomically.

Where runs live: a saved project ``path/to/spiral.nbproj`` keeps them in the folder
``path/to/spiral.runs/`` beside it (:func:`runs_folder`). The window keeps an unsaved project's runs
in its recovery folder (``<recovery>/runs-<pid>/``) and moves them beside the project when it is
first saved. The folder holds:

- ``runs.json``: the index, every :class:`~.record.RunRecord` (History included) in one JSON file,
  so 200 runs open with one read and one parse;
- ``<id>.npz``: each run's trained weights (:func:`netbuilder.core.models.saving.save_weights`, netbuilder's
  uncompressed ``{"layer/weight": array}`` archive: 83 ms for the book's 512-unit IMDB network where a
  deflated ``.nbm`` took 1.9 s of the window's time); :meth:`RunStore.load_model` rebuilds the run's
  compiled model from its record and these weights.

Every write is atomic (:mod:`netbuilder.core.fileio`): a model file is complete before the index
names it, and the index is replaced in one ``os.replace``, so a crash leaves the previous index
whole. The size bound: when the models' files together pass ``weights_budget`` bytes, the oldest
runs' model files are deleted first (their records, curves and numbers stay).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from pathlib import Path

from ..fileio import atomic_write_text
from .record import RunRecord

FORMAT = "netbuilder-runs"
VERSION = 1
INDEX = "runs.json"
WEIGHTS_SUFFIX = ".npz"
#: Default bound on the trained models kept (bytes): 256 MiB, about 400 IMDB networks of the book.
DEFAULT_WEIGHTS_BUDGET = 256 * 1024 ** 2


def runs_folder(project_path) -> Path:
    """The run folder of a project file: ``<folder>/<stem>.runs``."""
    p = Path(project_path)
    return p.with_name(p.stem + ".runs")


class RunStore:
    """The runs of one project, in ``folder`` (created on the first write).

    Args:
        folder: the run folder (:func:`runs_folder`).
        weights_budget: bytes of model files kept; the oldest runs lose their model first.
    """

    def __init__(self, folder, weights_budget: int = DEFAULT_WEIGHTS_BUDGET):
        self.folder = Path(folder)
        self.weights_budget = int(weights_budget)
        self.records: list[RunRecord] = []
        self._next = 1
        self.skipped = 0  # damaged records left out by the last load
        self.load()

    # ------------------------------------------------------------------ reading
    def load(self) -> None:
        """Read the index (nothing there: no runs). A damaged index raises ``ValueError`` naming the file;
        a damaged record inside a good index is skipped and counted in ``skipped``."""
        path = self.folder / INDEX
        self.records, self._next, self.skipped = [], 1, 0
        if not path.is_file():
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ValueError(f"cannot read the run history {path}: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("runs"), list):
            raise ValueError(f"{path} is not a netbuilder run history")
        for item in data["runs"]:
            try:
                self.records.append(RunRecord.from_json(item))
            except (TypeError, ValueError):
                self.skipped += 1
        nxt = data.get("next")
        self._next = nxt if isinstance(nxt, int) and nxt > 0 else len(self.records) + 1

    def get(self, run_id: str) -> RunRecord | None:
        return next((r for r in self.records if r.id == run_id), None)

    def latest(self) -> RunRecord | None:
        return self.records[-1] if self.records else None

    def weights_path(self, run_id: str) -> Path | None:
        """The model file of run ``run_id``, or None when it was dropped or never saved."""
        r = self.get(run_id)
        if r is None or not r.weights:
            return None
        p = self.folder / r.weights
        return p if p.is_file() else None

    def load_model(self, run_id: str):
        """The trained model of run ``run_id``: built from the record's network, compiled with its optimizer,
        loss and metrics, with its kept weights (``ValueError`` naming the run when they were dropped)."""
        import copy  # noqa: PLC0415

        from .. import optimizers  # noqa: PLC0415
        from ..models import model_from_config  # noqa: PLC0415
        from ..models.saving import load_weights  # noqa: PLC0415

        path, r = self.weights_path(run_id), self.get(run_id)
        if path is None:
            raise ValueError(f"the trained weights of run {run_id!r} were not kept")
        model = model_from_config(copy.deepcopy(r.model))
        s = r.settings
        if s.get("optimizer") and s.get("loss"):
            model.compile(optimizer=optimizers.get(copy.deepcopy(s["optimizer"])), loss=s["loss"],
                          metrics=list(s.get("metrics") or []))
        load_weights(model, path)
        return model

    # ------------------------------------------------------------------ writing
    def _write_index(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "version": VERSION, "next": self._next,
                "runs": [r.to_json() for r in self.records]}
        atomic_write_text(self.folder / INDEX, json.dumps(data, separators=(",", ":")))

    def new_id(self) -> str:
        return f"r{self._next:04d}"

    def append(self, record: RunRecord, model=None) -> RunRecord:
        """Keep ``record`` (its ``id`` is assigned here) and ``model``'s trained weights, then apply the bound.

        The model file is written before the index names it; returns the stored record."""
        record.id = self.new_id()
        self._next += 1
        record.created = record.created or time.time()
        if model is not None:
            from ..models.saving import save_weights  # noqa: PLC0415  (models import the whole engine)

            self.folder.mkdir(parents=True, exist_ok=True)
            name = record.id + WEIGHTS_SUFFIX
            save_weights(model, self.folder / name)
            record.weights = name
        self.records.append(record)
        self._drop_old_weights()
        self._write_index()
        return record

    def rename(self, run_id: str, name: str) -> None:
        """Give run ``run_id`` a new name (an empty name is refused)."""
        name = str(name).strip()
        if not name:
            raise ValueError("a run's name cannot be empty")
        r = self._require(run_id)
        r.name = name
        self._write_index()

    def delete(self, run_id: str) -> None:
        """Forget run ``run_id`` and delete its model file (the index first: a crash leaves an unused file)."""
        r = self._require(run_id)
        self.records.remove(r)
        self._write_index()
        if r.weights:
            self._unlink(self.folder / r.weights)

    def update(self, record: RunRecord) -> None:
        """Write a changed record (for example its ``test`` results after an evaluation)."""
        self._require(record.id)
        self._write_index()

    def _require(self, run_id: str) -> RunRecord:
        r = self.get(run_id)
        if r is None:
            raise KeyError(f"no run {run_id!r} in {self.folder}")
        return r

    @staticmethod
    def _unlink(path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            pass

    def weights_bytes(self) -> int:
        """Bytes of the model files the index names."""
        total = 0
        for r in self.records:
            if r.weights:
                try:
                    total += (self.folder / r.weights).stat().st_size
                except OSError:
                    pass
        return total

    def _drop_old_weights(self) -> None:
        """Delete the oldest runs' model files until the rest fit ``weights_budget`` (the newest is kept)."""
        total = self.weights_bytes()
        for r in self.records[:-1]:
            if total <= self.weights_budget:
                break
            if r.weights:
                path = self.folder / r.weights
                try:
                    total -= path.stat().st_size
                except OSError:
                    pass
                r.weights = None
                self._unlink(path)

    def set_budget(self, weights_budget: int) -> None:
        """A new bound (bytes); files over it are dropped now, oldest first."""
        self.weights_budget = int(weights_budget)
        self._drop_old_weights()
        if self.records:
            self._write_index()

    # ------------------------------------------------------------------ moving
    def copy_to(self, folder, move: bool = False) -> "RunStore":
        """The same runs in ``folder`` (a project saved under a new name); ``move`` removes them here.

        Model files are copied first and the index last, so the new folder is whole or has no index."""
        target = Path(folder)
        if target.resolve() == self.folder.resolve():
            return self
        target.mkdir(parents=True, exist_ok=True)
        for r in self.records:
            if r.weights and (self.folder / r.weights).is_file():
                shutil.copyfile(self.folder / r.weights, target / (r.weights + ".part"))
                os.replace(target / (r.weights + ".part"), target / r.weights)
        new = RunStore.__new__(RunStore)
        new.folder, new.weights_budget, new.skipped = target, self.weights_budget, 0
        new.records, new._next = [RunRecord.from_json(copy.deepcopy(r.to_json())) for r in self.records], self._next
        new._write_index()
        if move:
            self.remove_folder()
        return new

    def remove_folder(self) -> None:
        """Delete this store's files and, when empty then, its folder (an unsaved project's runs at exit)."""
        for r in self.records:
            if r.weights:
                self._unlink(self.folder / r.weights)
        self._unlink(self.folder / INDEX)
        self.records = []
        try:
            self.folder.rmdir()
        except OSError:
            pass
