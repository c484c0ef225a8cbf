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

With ``background=True`` (the window's Lab) the writes happen on one writer thread (issue 16: a run's npz and the index with their
fsyncs took 3-20 ms of the window's time, plus the wait for the disk, at each run's end). The calls
change ``records`` at once (a kept run has its id and is listed when :meth:`RunStore.append` returns)
and queue the file work, in order, first in first out: the model file, the size bound, every index
write (append, rename, delete, update, a new bound). The weights are copied on the caller's thread
before being queued, so the model may train on. :meth:`RunStore.flush` waits for the queue and
raises a write that failed (or the ``on_error`` callback is told of it, from the writer thread); the
reading calls that need the files (:meth:`RunStore.weights_path`, :meth:`RunStore.load_model`,
:meth:`RunStore.copy_to`, :meth:`RunStore.remove_folder`) wait for the queue first. Without it
(scripts, tests) every call writes before it returns, and raises what failed.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from ..fileio import atomic_write, atomic_write_text
from .record import RunRecord
from .writer import WriteQueue

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
        background: write on a writer thread (the calls return before the files are written).
        on_error: with ``background``, called with the exception of a write that failed, on the
            writer thread (a window hands it on to its own thread); without it, :meth:`flush` raises it.
    """

    def __init__(self, folder, weights_budget: int = DEFAULT_WEIGHTS_BUDGET, background: bool = False,
                 on_error=None):
        self.folder = Path(folder)
        self.weights_budget = int(weights_budget)
        self.records: list[RunRecord] = []
        self._next = 1
        self.skipped = 0  # damaged records left out by the last load
        self._init_writer(background, on_error)
        self.load()

    def _init_writer(self, background, on_error) -> None:
        self._writes = WriteQueue(background, on_error, name="run-store-writer")

    @property
    def background(self) -> bool:
        """True when the files are written on the writer thread (:class:`~.writer.WriteQueue`)."""
        return self._writes.background

    @property
    def on_error(self):
        return self._writes.on_error

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
        """The model file of run ``run_id``, or None when it was dropped or never saved (waits for
        the queued writes first: a run kept a moment ago has its file)."""
        self._drain()
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

    # ------------------------------------------------------------------ the writer thread
    def _submit(self, job, *args) -> None:
        """Queue ``job(*args)`` for the writer thread; without ``background``, run it now."""
        self._writes.submit(job, *args)

    def _drain(self) -> None:
        self._writes.drain()

    def flush(self) -> None:
        """Wait until every queued write is done; raise the first write that failed since the last
        flush (``OSError`` for a full disk), unless ``on_error`` was told of it."""
        self._writes.flush()

    # ------------------------------------------------------------------ writing
    def _index_text(self, records, next_id) -> str:
        data = {"format": FORMAT, "version": VERSION, "next": next_id, "runs": [r.to_json() for r in records]}
        return json.dumps(data, separators=(",", ":"))

    def _write_index(self) -> None:
        """Write the index now (the calling thread)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.folder / INDEX, self._index_text(self.records, self._next))

    def _queue_index(self) -> None:
        """Queue an index write of the records as they are now (the list is copied; a record changed
        later is written by the index write its change queues)."""
        self._submit(self._index_job, list(self.records), self._next)

    def _index_job(self, records, next_id) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.folder / INDEX, self._index_text(records, next_id))

    def _run_job(self, record, arrays, records, next_id) -> None:
        """The writer's part of :meth:`append`: the model file, the size bound, then the index."""
        if arrays is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                atomic_write(self.folder / record.weights, lambda f: np.savez(f, **arrays))
            except Exception:
                record.weights = None  # the record (curves, numbers) is still written below
                self._index_job(records, next_id)
                raise
        self._drop_old_weights(records)
        self._index_job(records, next_id)

    def new_id(self) -> str:
        return f"r{self._next:04d}"

    def append(self, record: RunRecord, model=None) -> RunRecord:
        """Keep ``record`` (its ``id`` is assigned here) and ``model``'s trained weights, then apply the bound.

        ``records`` has it when this returns; the weights are copied now and written by the writer
        thread (the model file before the index names it: a failed model write leaves the record
        without ``weights``). Returns the stored record."""
        arrays = None
        if model is not None:
            from ..models.saving import weights_dict  # noqa: PLC0415  (models import the whole engine)

            # the npz of save_weights ({"layer/weight": array}), copied here: the model may train on
            arrays = {k: np.array(v, copy=True) for k, v in weights_dict(model).items()}
        record.id = self.new_id()
        self._next += 1
        record.created = record.created or time.time()
        if arrays is not None:
            record.weights = record.id + WEIGHTS_SUFFIX
        self.records.append(record)
        self._submit(self._run_job, record, arrays, list(self.records), self._next)
        return record

    def rename(self, run_id: str, name: str) -> None:
        """Give run ``run_id`` a new name (an empty name is refused)."""
        name = str(name).strip()
        if not name:
            raise ValueError("a run's name cannot be empty")
        r = self._require(run_id)
        r.name = name
        self._queue_index()

    def delete(self, run_id: str) -> None:
        """Forget run ``run_id`` and delete its model file (the index first: a crash leaves an unused file)."""
        r = self._require(run_id)
        self.records.remove(r)
        self._queue_index()
        if r.weights:
            self._submit(self._unlink, self.folder / r.weights)

    def update(self, record: RunRecord) -> None:
        """Write a changed record (for example its ``test`` results after an evaluation)."""
        self._require(record.id)
        self._queue_index()

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

    def weights_bytes(self, records=None) -> int:
        """Bytes of the model files the index names (of ``records``, by default all)."""
        total = 0
        for r in self.records if records is None else records:
            if r.weights:
                try:
                    total += (self.folder / r.weights).stat().st_size
                except OSError:
                    pass
        return total

    def _drop_old_weights(self, records) -> None:
        """Delete the oldest runs' model files until the rest fit ``weights_budget`` (the newest is kept)."""
        total = self.weights_bytes(records)
        for r in records[:-1]:
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
        if self.records:
            self._submit(self._drop_old_weights, list(self.records))
            self._queue_index()

    # ------------------------------------------------------------------ moving
    def copy_to(self, folder, move: bool = False) -> "RunStore":
        """The same runs in ``folder`` (a project saved under a new name); ``move`` removes them here.

        Model files are copied first and the index last, so the new folder is whole or has no index
        (this waits for the queued writes, then writes on the calling thread)."""
        self.flush()
        target = Path(folder)
        if target.resolve() == self.folder.resolve():
            return self
        target.mkdir(parents=True, exist_ok=True)
        for r in self.records:
            if r.weights and (self.folder / r.weights).is_file():
                shutil.copyfile(self.folder / r.weights, target / (r.weights + ".part"))
                os.replace(target / (r.weights + ".part"), target / r.weights)
        new = RunStore.__new__(RunStore)
        new._init_writer(self.background, self.on_error)
        new.folder, new.weights_budget, new.skipped = target, self.weights_budget, 0
        new.records, new._next = [RunRecord.from_json(copy.deepcopy(r.to_json())) for r in self.records], self._next
        new._write_index()
        if move:
            self.remove_folder()
        return new

    def remove_folder(self) -> None:
        """Delete this store's files and, when empty then, its folder (an unsaved project's runs at exit;
        the queued writes are done first, their errors dropped: the files go anyway)."""
        try:
            self._writes.flush()
        except Exception:  # noqa: BLE001 - dropped: the files go anyway
            pass
        for r in self.records:
            if r.weights:
                self._unlink(self.folder / r.weights)
        self._unlink(self.folder / INDEX)
        self.records = []
        try:
            self.folder.rmdir()
        except OSError:
            pass
