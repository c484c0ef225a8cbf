"""Every hostile or damaged file of the corpus gives a clear error, runs no code, writes nothing.

The corpus (``corpus.py``) is generated in ``tmp_path``. Each file must make its loader raise a
ValueError subclass (``DataError`` for datasets, ``ModelFileError`` for models) with the expected
``code`` and a message; no pickled payload may run and no file may appear or change anywhere
in the folder (path-traversal and absolute zip entry names included).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from netbuilder.core.datasets import files, idx, imdb, reuters
from netbuilder.core.errors import DataError, NetbuilderError
from netbuilder.core.models import load_model
from netbuilder.core.models.saving import ModelFileError

from .corpus import PWNED, build_corpus

LOADERS = {
    "nbm": load_model,
    "csv": files.load_csv,
    "npz": files.load_arrays,
    "idx": idx.read_idx,
    "imdb": lambda p: imdb.load_data(path=p),
    "reuters": lambda p: reuters.load_data(path=p),
}
#: the default limits are 256 MiB (CSV text) and 1 GiB (IDX); lowered here so the generated
#: bombs (48 MiB) exceed them without spending seconds compressing gigabytes
SMALL_LIMIT = 16 * 1024 ** 2


def _snapshot(root):
    out = {}
    for folder, _, names in os.walk(root):
        for n in names:
            p = os.path.join(folder, n)
            st = os.stat(p)
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def test_hostile_files_give_clear_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_CSV_CHARS", SMALL_LIMIT)
    monkeypatch.setattr(idx, "MAX_IDX_BYTES", SMALL_LIMIT)
    root = tmp_path / "corpus"
    root.mkdir()
    cases = build_corpus(str(root))
    before = _snapshot(tmp_path)
    outside = ["/tmp/evil.json", "/abs/y.npy", str(tmp_path.parent / "evil.json")]
    existed = {p: os.path.exists(p) for p in outside}
    outcomes, failures = Counter(), []
    for case in cases:
        try:
            LOADERS[case.loader](case.path)
        except NetbuilderError as exc:
            expected = case.code if isinstance(case.code, tuple) else (case.code,)
            kind = ModelFileError if case.loader == "nbm" else DataError
            if exc.code not in expected or not isinstance(exc, kind) or not isinstance(exc, ValueError):
                failures.append(f"{case.name}: {type(exc).__name__}[{exc.code}] {exc}; expected {expected}")
            elif len(str(exc)) < 15:
                failures.append(f"{case.name}: message too short: {exc}")
            outcomes[f"{case.loader}: {type(exc).__name__}"] += 1
        except Exception as exc:  # noqa: BLE001 - what the test is about
            failures.append(f"{case.name}: raised {type(exc).__name__}: {exc}")
        else:
            failures.append(f"{case.name}: loaded without an error")
    assert not failures, "\n".join(failures)
    assert not (tmp_path / PWNED).exists(), "a pickled payload was executed"
    assert _snapshot(tmp_path) == before, "a loader wrote or changed a file"
    for p, was in existed.items():
        assert os.path.exists(p) == was, f"{p} was created"
    print(f"\n[file corpus] {len(cases)} hostile files, all refused with the expected error:")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {count:4d}  {outcome}")
    assert len(cases) >= 80


def test_bombs_also_refused_at_default_limits(tmp_path):
    """zip bombs in .nbm/.npz are caught by their compression ratio, whatever the limit."""
    from .corpus import npz_cases

    for case in npz_cases(str(tmp_path)):
        if case.name == "npz/zip_bomb":
            with pytest.raises(DataError, match="decompression bomb"):
                files.load_arrays(case.path)
