"""Mutation testing of the engine's hot spots, in a throw-away copy of the repository.

A mutation tester changes one small thing in the code at a time (``<`` to ``<=``, ``+`` to ``-``, a
constant to another, a call argument dropped) and runs the tests that cover it: a test run that
fails "kills" the mutant; a mutant that survives is a change no test notices, either a gap in the
tests or an equivalent program. This script runs mutmut 3 over each target below against that
target's own test files only, and prints killed / survived per module.

    .venv/bin/pip install mutmut            # not a declared dependency: a developer's tool
    .venv/bin/python benchmarks/mutation.py                      # every target
    .venv/bin/python benchmarks/mutation.py optimizers losses    # some of them
    .venv/bin/python benchmarks/mutation.py --list               # the targets, their files and tests
    .venv/bin/python benchmarks/mutation.py sgd --survivors      # also print each survivor's diff
    .venv/bin/python benchmarks/mutation.py dense --tests tests/core/layers/test_dense.py   # other tests
    .venv/bin/python benchmarks/mutation.py --mutants @names.txt   # only these mutants (one name a line)

The working tree is never touched. The tracked files (from the working tree, or ``--head`` for the
last commit) are copied into a temporary folder and mutmut runs there, so other people running the
tests from the same checkout see unmutated code. Because ``.venv`` holds an *editable* install that
points at the checkout, the copy's code must come first on the import path: before mutating, the
script plants a deliberate bug in the copy and checks that the target's tests fail with it (and
pass without it); otherwise it stops rather than report mutants that were never run.

Takes minutes per target on two cores (``--max-children`` sets mutmut's parallel test processes).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name: (files to mutate, relative to the repository; the test files that guard them)
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "optimizers": (["netbuilder/core/optimizers/sgd.py", "netbuilder/core/optimizers/rmsprop.py",
                    "netbuilder/core/optimizers/adam.py", "netbuilder/core/optimizers/adagrad.py",
                    "netbuilder/core/optimizers/lion.py", "netbuilder/core/optimizers/base.py",
                    "netbuilder/core/optimizers/fused.py"],
                   ["tests/core/test_optimizers.py", "tests/core/test_optimizer_contract.py",
                    "tests/core/test_optimizer_scratch.py", "tests/core/test_fused_optimizers.py",
                    "tests/core/test_optimizer_threads.py"]),
    "losses": (["netbuilder/core/losses/base.py", "netbuilder/core/losses/crossentropy.py",
                "netbuilder/core/losses/sparse_crossentropy.py", "netbuilder/core/losses/regression.py",
                "netbuilder/core/losses/hinge.py", "netbuilder/core/losses/probabilistic.py"],
               ["tests/core/test_losses.py", "tests/core/test_losses_keras.py", "tests/core/losses/"]),
    "data_split": (["netbuilder/core/models/data.py", "netbuilder/core/models/epoch_iterator.py"],
                   ["tests/core/models/test_epoch_iterator.py", "tests/core/models/test_trainer_data.py",
                    "tests/core/models/test_compile_utils.py", "tests/core/models/test_training.py",
                    "tests/core/models/test_data_split_mutants.py"]),
    "fileio": (["netbuilder/core/fileio.py"],
               ["tests/core/test_fileio.py", "tests/core/models/test_saving.py"]),
    "saving": (["netbuilder/core/models/saving.py"],
               ["tests/core/models/test_saving.py", "tests/core/models/test_weights_files.py",
                "tests/core/models/test_saving_mutants.py"]),
    "project": (["netbuilder/ui/project.py"],
                ["tests/ui/test_project_file.py", "tests/ui/test_projects.py"]),
    "recovery": (["netbuilder/ui/recovery.py"],
                 ["tests/ui/test_recovery.py", "tests/ui/test_recovery_mutants.py", "tests/ui/test_recovery_writer.py",
                  "tests/ui/test_recovery_encoding.py"]),
    "dense": (["netbuilder/core/layers/dense.py"],
              ["tests/core/layers/test_dense.py", "tests/core/layers/test_dense_mutants.py",
               "tests/core/layers/test_keras_differential.py"]),
    "fused_layers": (["netbuilder/core/layers/fused.py"], ["tests/core/test_fused_layers.py"]),
    "pooling": (["netbuilder/core/layers/pooling.py"],
                ["tests/core/layers/test_pooling.py", "tests/core/test_fused_layers.py"]),
    "embedding": (["netbuilder/core/layers/embedding.py"],
                  ["tests/core/layers/test_embedding.py", "tests/core/test_fused_layers.py"]),
    "conv": (["netbuilder/core/layers/conv.py", "netbuilder/core/layers/_im2col.py"],
             ["tests/core/layers/test_conv.py", "tests/core/layers/test_conv_mutants.py",
              "tests/core/layers/test_keras_differential.py"]),
    "rnn": (["netbuilder/core/layers/simple_rnn.py", "netbuilder/core/layers/gru.py",
             "netbuilder/core/layers/lstm.py", "netbuilder/core/layers/rnn_base.py",
             "netbuilder/core/layers/rnn_loop.py"],
            ["tests/core/layers/test_recurrent.py", "tests/core/layers/test_rnn_base.py",
             "tests/core/layers/test_recurrent_mutants.py", "tests/core/layers/test_keras_differential.py",
             "tests/core/layers/test_recurrent_float32.py", "tests/core/layers/test_recurrent_loop.py"]),
    "datasets": (["netbuilder/core/datasets/idx.py", "netbuilder/core/datasets/npz.py",
                  "netbuilder/core/datasets/sequences.py"],
                 ["tests/core/datasets/test_idx.py", "tests/core/datasets/test_keras_exact.py",
                  "tests/core/datasets/test_imdb_reuters_rules.py", "tests/core/datasets/test_loader_mutants.py"]),
    "coach": (["netbuilder/core/diagnosis.py"],
              ["tests/core/test_diagnosis.py", "tests/core/test_diagnosis_mutants.py"]),
}


def copy_repository(dest: Path, head: bool) -> None:
    """The tracked files (and untracked, not ignored ones) of the checkout, or of HEAD, into ``dest``,
    with the checkout's compiled extension modules (``netbuilder/core/_fused``: built, so ignored by
    git; without them the fused optimizer tests would skip and every mutant they guard survive)."""
    for built in [*ROOT.glob("netbuilder/**/*.so"), *ROOT.glob("netbuilder/**/*.pyd")]:
        rel = built.relative_to(ROOT)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, dest / rel)
    if head:
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        return
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def pytest_env(copy: Path) -> dict:
    env = dict(os.environ, KERAS_BACKEND="jax", QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join([str(copy)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def run_tests(copy: Path, tests: list[str]) -> int:
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests]
    return subprocess.run(cmd, cwd=copy, env=pytest_env(copy), capture_output=True).returncode


def check_copy_runs(copy: Path, files: list[str], tests: list[str]) -> None:
    """The copy's code is what the tests import: a planted bug there must fail them."""
    if run_tests(copy, tests) != 0:
        sys.exit(f"the tests {tests} fail on the unmutated copy: fix them before mutating")
    victim = copy / files[0]
    original = victim.read_text()
    victim.write_text("raise ImportError('planted by benchmarks/mutation.py')\n" + original)
    try:
        if run_tests(copy, tests) == 0:
            sys.exit(f"a bug planted in the copy's {files[0]} went unnoticed: the tests import another "
                     "netbuilder (the editable install?), so mutants would never run")
    finally:
        victim.write_text(original)


def write_config(copy: Path, files: list[str], tests: list[str]) -> None:
    # forkserver: each mutant's test run is forked from a process that has only collected the tests.
    # Forked from mutmut's main process (the default), it inherits the QApplication, QThreads and JAX
    # threads that the first full test run left there, and the window tests hang or fail whatever the
    # mutant (every mutant of ui/recovery.py came out "killed" or "timeout", even equivalent ones).
    lines = ["[mutmut]", "process_isolation = forkserver", "source_paths = netbuilder/", "only_mutate ="]
    lines += [f"    {f}" for f in files]
    lines += ["also_copy =", "    tests/", "    pyproject.toml", "pytest_add_cli_args_test_selection ="]
    lines += [f"    {t}" for t in tests]
    lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -q"]
    (copy / "setup.cfg").write_text("\n".join(lines) + "\n")


def read_results(copy: Path) -> dict[str, str]:
    """``{mutant name: status}`` from ``mutmut results --all true``."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=copy,
                         env=pytest_env(copy), capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            results[name] = status.strip()
    return results


def module_of(mutant: str) -> str:
    """``netbuilder.core.optimizers.sgd.x_SGD__update_step__mutmut_3`` -> ``netbuilder.core.optimizers.sgd``."""
    head = mutant.split("__mutmut_")[0]
    parts = head.split(".")
    return ".".join(parts[:-1])


_DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
names = json.load(sys.stdin)
out = {}
for n in names:
    try:
        out[n] = get_diff_for_mutant(n)
    except Exception as exc:  # noqa: BLE001
        out[n] = f"(no diff: {exc})"
json.dump(out, sys.stdout)
"""


def survivor_diffs(copy: Path, names: list[str]) -> dict[str, str]:
    """``{mutant: unified diff}``, all in one process (``mutmut show`` per mutant is slow)."""
    if not names:
        return {}
    proc = subprocess.run([sys.executable, "-c", _DIFFS], cwd=copy, env=pytest_env(copy), input=json.dumps(names),
                          capture_output=True, text=True)
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return {n: "(no diff)" for n in names}


# Survivors judged equivalent: the mutated line (the diff's "+" lines) matches the pattern, and the
# reason says why no test can tell the difference. Keep these narrow; a new kind of survivor is
# reported as survived until someone has looked at it. A third element, a module name, limits a
# rule to the mutants of that module (a change harmless in one file may matter in another).
EQUIVALENT = [
    (r'^\s*both = ""$',
     "Dense.backward: both (the fused pass's result) is only tested for truth; '' is as false as None",
     "netbuilder.core.layers.dense"),
    (r"get_array_module\(None\)",
     "get_array_module(None) returns NumPy, as it does for a NumPy array: differs only on CuPy"),
    (r"_scratch\((\w+), \)",
     "_scratch's n defaults to 1: the same call"),
    (r"^\s*if self\.elementwise_update (and|or) work >= 2 [*/] _parallel\.MIN_WORK (and|or) self\._workers is None:$",
     "Optimizer._update: when the step's thread count is looked up (a 5 µs call); whether a variable is "
     "split is decided by the next condition, which reads the work first", "netbuilder.core.optimizers.base"),
    (r"(?<!\"accumulator\": self\.)_slot\(var, (None|\"XX\w+XX\"|\"[A-Z_]+\")\)",
     "the slot's initial value is looked up by name and defaults to 0: only Adagrad/Ftrl's "
     "'accumulator' has another (those mutants are killed)"),
    (r"\.(en|de)code\(\"UTF-8\"\)",
     "codec names are case-insensitive: 'UTF-8' is 'utf-8'"),
    (r"split\(\"/\", ?2?\)|rsplit\(\"/\", 1\)",
     "optimizer state keys hold exactly one '/' ('<index>/<slot>'): the same split"),
    # models/data.py, models/epoch_iterator.py (data_split)
    (r"return part\(slice\((None, )?split_at\)\), part\(slice\(split_at, n\)\)$"
     r"|return part\(slice\(0, split_at\)\), part\(slice\(split_at, None\)\)$",
     "slice(0, k) is slice(None, k) is slice(k), and slice(k, n) on n rows is slice(k, None)"),
    (r"self\._copy_batches = not preload and B\.backend\(\) != \"(XXnumpyXX|NUMPY)\"$",
     "on NumPy, B.asarray(a, dtype=a.dtype) gives back the array itself: copying each batch or not is "
     "the same program; on a device the backend is 'cupy', not 'numpy' nor the mutant's string"),
    (r"xs = \[a if \(isinstance\(a, sparse\.SparseRows\)\) and False else B\.asarray\(a, dtype=a\.dtype\) for a in xs\]$",
     "compressed (SparseRows) inputs exist only on the NumPy backend (compress_inputs), where batches "
     "are never copied to a device"),
    (r"gather\(\(\"(XXxXX|X|XXyXX|Y|XXwXX|W)\", |gather\((None|\(\"w\", 1, b\)), self\._sw, idx\)",
     "a buffer key's kind only has to differ from the other kinds' ('x', 'y', 'w'): it still does"),
    (r"np\.take\(a, idx, axis=0, out=buf, (mode=None)?\)$",
     "np.take's default mode ('raise', also what None means) gives the same values into ``out``; "
     "'clip' only spares a temporary copy"),
    (r"ids = np\.round\(y\.reshape\(y\.shape\[0\], -1\)\[:, 0\]\)\.astype\(None\)$",
     "rounded ids as float64 compare with int(cls) as int64 ids do"),
    (r"\.reshape\((y\.shape\[0\], )?-2(, [\w.]+(\[-1\])?)?\)",
     "NumPy 2 reads any negative size as the unknown one: reshape(-2) is reshape(-1)"),
    (r"ids = y\.argmax\(axis=\+1\)$",
     "one-hot labels reach this branch only as (n, classes) (rank-3 labels fail either way): axis 1 is -1"),
    (r"if arr\.flags\.c_contiguous (or arr\.dtype in|and arr\.dtype not in) \(np\.float32, np\.float64\):$"
     r"|with np\.errstate\(over=\"ignore\", (invalid=None)?\):$",
     "_all_finite's dot fast path is only a shortcut: integers are always finite, a copy of a strided "
     "array gives the same dot, and x·x (a sum of squares) never raises 'invalid'"),
    (r"arr = np\.asarray\(B\.to_numpy\(a\) if (\(not isinstance\(a, np\.ndarray\)\) (and False|or True)"
     r"|isinstance\(a, np\.ndarray\)) else a\)$",
     "on NumPy, B.to_numpy(a) is np.asarray(a) (the array itself for an ndarray): differs only for CuPy arrays"),
    (r"^        arr = arr\.astype\(None\)$",  # the bool branch only (the float one is 4 deeper)
     "a bool array cast to float64 is cast again to floatx on the next line"),
    (r"elif arr\.dtype\.kind not in \"XXiuXX\":$",
     "dtype kinds are single letters: 'i' and 'u' are still in 'XXiuXX' and no kind is 'X'"),
    # datasets/idx.py, npz.py, sequences.py (datasets)
    (r"np\.fromiter\(.*, dtype=np\.int64, \)$",
     "np.fromiter's count only preallocates: the same array"),
    (r"Ragged\(seqs\.flat \+ index_from if \(index_from\) or True else seqs\.flat\.copy\(\)",
     "flat + 0 is a new array equal to flat.copy()"),
    # diagnosis.py (coach)
    (r"\(\"lower_learning_rate\",\), epoch, \)$",
     "Diagnosis.best_epoch defaults to None"),
    (r"^    gap = \"\"$",
     "an uncomputed gap is only read as false (diagnose), or comes with an emptied window, which the gap "
     "rule needs (LiveCoach)"),
    (r"(key|gap_best|self\._gaps) if \((gap|gaps_ok)\) or True else",
     "the gap rule needs key, gap_best and the window together: the other arguments still say no"),
    (r"T\.gap_opening\(loss, val, \) if val is not None else None$",
     "gap_opening's trend_window defaults to 3, which is TREND_WINDOW"),
    (r"\+ \(\" and validation loss is at its lowest at the last epoch\" if (\(val is not None\) or True"
     r"|val is not None) else \"(XXXX)?\"\)$",
     "without validation data _underfitting returned earlier (still_improving_no_validation): val is never "
     "None here"),
    (r"has_val = len\(val\) == n and n (>= 0|> 1)$",
     "with 0 or 1 epochs the verdict is too_few_epochs and the best epoch is the only epoch (or none)"),
    (r"if len\(losses\) >= 1:$",
     "a single loss has no earlier epoch: the explode test finds no hit"),
    (r"self\._last = \"\"",
     "LiveCoach._last is never read"),
    (r"self\._gap_key = \"\"|self\._gaps: list = None",
     "the first update replaces both: a new key resets them, and an epoch without a gap empties the window"),
    (r"if key == self\._gap_key:",
     "the window is also emptied at every epoch without a gap, which every change of the accuracy key is "
     "(the new key's counts trail the epochs)"),
    (r"^        self\._gaps = None$",
     "after an epoch without a gap no later epoch has one (the validation metric's count stays behind): "
     "the window is never appended to again, and is passed only with a gap"),
    (r"gaps_ok = gap is not None or gap_best is not None$",
     "a gap now means a gap at every epoch so far, the best one included; no gap now means an empty "
     "window, which the gap rule needs"),
    (r"return np\.lib\.format\.read_array\(fp, (allow_pickle=(None|True))?\)$",
     "only numeric members reach this line (object dtypes are handled above it): no pickle to allow"),
    (r"data = (g|f)\.read\(MAX_IDX_BYTES \+ 2\)$",
     "reading up to limit + 2 bytes instead of limit + 1: a file over the limit is refused all the same"),
    # models/saving.py (saving)
    (r"info\.file_size > 100 \* max\(info\.compress_size, 2\):$",
     "a zip entry's compressed size is 1 byte at most only when it holds at most 1 byte (deflate writes 2 "
     "bytes even for nothing): such an entry is 100x-expanded neither way"),
    (r"out\[key\] = read_npy\(z\.read\(info\), allow_objects=None, name=info\.filename\)$",
     "read_npy tests 'if not allow_objects': None refuses objects as False does"),
    (r"new\.dtype\.kind not in \"XXfiuXX\":$",
     "dtype kinds are single letters: 'f', 'i' and 'u' are still in 'XXfiuXX' and no kind is 'X'"),
    (r"^        cur\[\.\.\.\] = B\.asarray\(arrays\[key\], (dtype=None)?\)$",
     "assigning into cur[...] casts to cur's dtype anyway: asarray's dtype only spares a temporary"),
    (r"with np\.load\(filepath, (allow_pickle=None)?\) as z:$",
     "np.load's allow_pickle defaults to False, and None is as false: pickles stay refused"),
    (r'version = meta\.get\("format_version", 1\)$',
     "a file without format_version reads as version 0 or 1: both are <= FORMAT_VERSION (1), read alike"),
    # ui/recovery.py (recovery)
    (r'when = time\.strftime\("%Y-%m-%d %H:%M", time\.localtime\(info\.get\("time"\) or 1\)\)$',
     "a recovery file without a time shows the epoch's minute: 0 s and 1 s past it print the same %H:%M"),
    (r"box\.addButton\(_tr\(None\), QMessageBox\.DestructiveRole\)$",
     "Qt labels a DestructiveRole button given no text 'Discard' itself (in its own translation)"),
    (r"restored = self\.restore\(newest, (None)?\)$",
     "restore() reads the info from the file when not given it: the same file read a moment before"),
    (r"self\.autosave\(force=(None|False)\)  # from now on it is this session's recovery file$",
     "the line before marks the undo stack not clean (resetClean), so autosave writes without force"),
    (r'w\.statusBar\(\)\.showMessage\(_tr\("Restored unsaved work of \{0\}"\)\.format\(display\), (8001)?\)$',
     "how long the status bar shows the message is seen only by waiting for it (no wall-clock tests)"),
    (r'with open\(path, encoding="UTF-8"\) as fh:$',
     "codec names are case-insensitive: 'UTF-8' is 'utf-8'"),
    (r"text = json\.dumps\(data, (indent=(None|2))?\)$",
     "the recovery file is read back with json: its indentation is not its content"),
    (r"w\.statusBar\(\)\.showMessage\(self\.last_error, (10001)?\)$",
     "how long the status bar shows the message is seen only by waiting for it (no wall-clock tests)"),
    (r'self\._writes = WriteQueue\(background=True, (name=(None|"XXrecovery-writerXX"|"RECOVERY-WRITER"))?\)',
     "the name is only the writer thread's (threading.Thread's, seen in a debugger or py-spy): the same writes",
     "netbuilder.ui.recovery"),
    (r'self\._writes = WriteQueue\(name="recovery-writer"\)', "WriteQueue's background defaults to True",
     "netbuilder.ui.recovery"),
    (r"autosave\((force=True, )?wait=None\)\)$",
     "autosave tests 'if not wait': None queues the write as False does", "netbuilder.ui.recovery"),
    # layers/pooling.py (pooling)
    (r"^def forward\(self, inputs, training=True\):$",
     "BasePooling.forward never reads training: its default changes nothing", "netbuilder.core.layers.pooling"),
    (r"^\s*if min\(out_hw\) <= 1:$",
     "BasePooling.forward: the check only calls compute_output_shape, which raises for empty outputs alone "
     "(a one-window output passes it)", "netbuilder.core.layers.pooling"),
    (r'^\s*idx = count = ""$',
     "BasePooling.forward: idx and count are both set again in their own mode; the other one is never read",
     "netbuilder.core.layers.pooling"),
    (r'^\s*idx = xp\.empty\(y\.shape, dtype="uint8" if len\(slices\) < 256 else "int32"\)',
     "BasePooling.forward: 256 offsets in int32 instead of bytes: the NumPy loop gives the same gradients "
     "(only the compiled pass, which takes bytes, is skipped)", "netbuilder.core.layers.pooling"),
    # layers/conv.py, _im2col.py (conv)
    (r"^def forward\(self, inputs, training=True\):$",
     "BaseConv.forward never reads training: its default changes nothing", "netbuilder.core.layers.conv"),
    (r"gz\.shape\[0\], (3 / |4 \* )gz\.size\)$",
     "batch_map's work estimate only decides how many threads share the step; the results are bit-identical "
     "(test_batch_slices_in_threads_give_the_serial_results)"),
    (r"concatenate\(\[k2, self\.bias\[None, :\]\], \)$", "np.concatenate's axis defaults to 0"),
    (r'padding="VALID", data_format=None,$', "check_padding lower-cases the padding"),
    (r"^        if c (>= 8|> 8|>= 9) (or|and) kh (\*|/) kw (==|!=) [12]:$",
     "im2col's copy() chooses between two ways of copying the same windows (one copy of the 6-D strided view, "
     "or kh*kw slab copies) for speed only: either way the columns hold the same values",
     "netbuilder.core.layers._im2col"),
    (r"^        return \(1,\) \+ self\.kernel_size, \([12],\) \+ self\.strides, \([12],\) \+ self\.dilation_rate$",
     "a 1-D convolution runs as a 2-D one over a height-1 input with a height-1 kernel: one window row, whose "
     "index no height stride or dilation changes (Conv1D and Conv1DTranspose alike)",
     "netbuilder.core.layers.conv"),
    (r'out_hw = tuple\(W\.output_length\(size \+ sum\(p\), k, s, d, (None|"XXvalidXX"|"VALID")\)$',
     "output_length applies its 'valid' formula to every padding but 'same' and 'causal'",
     "netbuilder.core.layers.conv"),
    # layers/simple_rnn.py, gru.py, lstm.py, rnn_base.py, rnn_loop.py (rnn)
    (r'= self\._buf\(xp, (None|"XX\w+XX"|"[A-Z_]+"), ',
     "a scratch buffer's name is only its key in the layer's _bufs: renamed, it still differs from the "
     "other buffers' ('h', 'c', 'tanh_c', 'rec' here; 'gates', 'x', 'x_drop', 'x_fm', 'p_in', 'p_rec<i>' "
     "in rnn_products)"),
    (r'^    init = ""$',
     "_add_weights falls back to the layer's bias_initializer for a false init: '' is as None",
     "netbuilder.core.layers.lstm"),
    (r"mask = \(gen\.random\(shape, dtype=np\.float32\) <= keep\)\.astype\(dtype\)$",
     "a float32 uniform draw equals keep with probability 2**-24 per element: < and <= keep the same "
     "fraction of units (no test may pin one seed's exact mask)"),
    (r"d_recurrent_t = xp\.concatenate\(d_recurrents, \)$", "np.concatenate's axis defaults to 0",
     "netbuilder.core.layers.gru"),
    (r"preact_part\(gate_preacts, t, (None, u|u3, None|u3, 5 \* u)\)",
     "the first gate block's rows start at 0 (a slice from None), the last one's end at the last row "
     "(a slice to None, or past the end, stops there): the same rows", "netbuilder.core.layers.lstm"),
    (r"preact_part\(preacts, t, (None, u|2 \* u, None|2 \* u, 4 \* u)\)",
     "the first gate block's rows start at 0 (a slice from None), the last one's end at the last row "
     "(a slice to None, or past the end, stops there): the same rows", "netbuilder.core.layers.gru"),
    (r"zr_masks = None if rec_masks is None else rec_masks\[:3\]$",
     "rec_step/rec_step_backward pair mask k with rows k*u:(k+1)*u of the 2u-row z, r kernel: a third "
     "mask meets no rows (an empty product that adds zero)", "netbuilder.core.layers.gru"),
    (r'(xp\.array\((seq\.transpose\(2, 0, 1\)|last\.T|s\.T|g\.T|g_out\.T), (dtype=dtype, )?order="c"\)'
     r"|xp\.array\(s\.T, order=\"c\"\) for s in finals\])",
     "NumPy reads the memory order case-insensitively: 'c' is 'C'", "netbuilder.core.layers.rnn_base"),
    (r"self\.keeps = None if \(notm is None\) and False else \[xp\.empty_like\(s\) for s in states\]$",
     "the set-aside buffers are read only at masked steps: made without a mask they are one or two "
     "unused (units, batch) arrays per backward pass", "netbuilder.core.layers.rnn_loop"),
    (r"^    self\.count -= 1$",
     "VanishingGuard looks when count % every == 0: counting down (-8 % 8 == 0) looks at the same calls",
     "netbuilder.core.layers.rnn_loop"),
    (r'(where=cls, inclusive=None,|^ +inclusive=None, code="rnn_dropout", layer=self\.name\))$',
     "validate.fraction reads inclusive as a truth value: None is as False", "netbuilder.core.layers.rnn_base"),
    # optimizers/base.py: the per-step bookkeeping's initial values and caches (optimizers)
    (r'^    self\._slots: list\[dict\] \| None = ""$',
     "apply builds the slots when _slots is None or len(_slots) != len(variables): '' has length 0, so "
     "the first apply builds them as it does for None", "netbuilder.core.optimizers.base"),
    (r'^    self\._(caller = ""  # id of the thread|workers = ""  # threads for this step)',
     "apply replaces _caller (a thread id, never '') and resets _workers before any use",
     "netbuilder.core.optimizers.base"),
    (r"^        self\._views = \{k: v for k, v in self\._views\.items\(\) if k\[0\] != me and k\[2\] != "
     r"var\.dtype\.str\}$",
     "drops more cached views (other threads' of this dtype, this thread's of another): they are made again "
     "from the same buffers at their next use, a cost only", "netbuilder.core.optimizers.base"),
    (r"^    vkey = \(me, type\(None\), var\.dtype\.str, var\.shape, n\)$",
     "the array type only tells NumPy from CuPy arrays of one dtype and shape: differs only on CuPy",
     "netbuilder.core.optimizers.base"),
    (r"^def _scratch\(self, var, n=2\):$",
     "every caller of _scratch passes n (adagrad, adam, lion, rmsprop, sgd, base): the default is never used",
     "netbuilder.core.optimizers.base"),
    # layers/dense.py (dense)
    (r"^def forward\(self, inputs, training=True\):$",
     "Dense.forward never reads training (no dropout, no batch statistics): its default changes nothing",
     "netbuilder.core.layers.dense"),
]


def equivalent_reason(diff: str, module: str = "") -> str | None:
    """The reason of the first ``EQUIVALENT`` rule that every added line of ``diff`` matches (a rule
    with a module applies to that module's mutants only); None when no rule does."""
    import re

    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    if not added:
        return None
    for pattern, reason, *only in EQUIVALENT:
        if only and module != only[0]:
            continue
        if all(re.search(pattern, ln) for ln in added):
            return reason
    return None


def module_name(path: str) -> str:
    """``netbuilder/core/layers/conv.py`` -> ``netbuilder.core.layers.conv``."""
    return path[:-len(".py")].replace("/", ".")


def mutants_by_target(names: list[str]) -> dict[str, list[str]]:
    """``{target: the names among ``names`` of mutants of its files}`` (a name may be a ``*`` pattern of one module)."""
    by_target: dict[str, list[str]] = {}
    for target, (files, _) in TARGETS.items():
        modules = {module_name(f) for f in files}
        mine = [n for n in names if module_of(n) in modules]
        if mine:
            by_target[target] = mine
    return by_target


def run_target(name: str, args, mutants: list[str] | None = None) -> dict:
    """Mutate the target's files and run its tests; with ``mutants``, only those mutants are run and counted
    (e.g. the survivors of an earlier run, against new tests)."""
    files, tests = TARGETS[name]
    if args.tests:  # e.g. the "before" of a new test file: the target's tests without it
        tests = args.tests
    copy = Path(tempfile.mkdtemp(prefix=f"nb-mutation-{name}-"))
    try:
        copy_repository(copy, args.head)
        # looked up in the copy: with --head, a test file not yet committed is left out
        missing = [t for t in tests if not (copy / t).exists()]
        tests = [t for t in tests if t not in missing]
        check_copy_runs(copy, files, tests)
        write_config(copy, files, tests)
        start = time.time()
        proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children),
                               *(mutants or [])], cwd=copy, env=pytest_env(copy), capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n")
        results = read_results(copy)
        if mutants:  # the others are listed too, as "not checked"
            results = {m: s for m, s in results.items() if any(m == n or fnmatch.fnmatchcase(m, n) for n in mutants)}
        diffs = survivor_diffs(copy, sorted(m for m, s in results.items() if s == "survived"))
        equivalent = {m: r for m, r in ((m, equivalent_reason(d, module_of(m))) for m, d in diffs.items()) if r}
        per_module: dict[str, Counter] = {}
        for mutant, status in results.items():
            per_module.setdefault(module_of(mutant), Counter())[
                "equivalent" if mutant in equivalent else status] += 1
        survivors = sorted(m for m in diffs if m not in equivalent)
        report = {"target": name, "tests": tests, "missing_tests": missing, "seconds": round(time.time() - start),
                  "modules": {m: dict(c) for m, c in sorted(per_module.items())}, "survivors": survivors,
                  "equivalent": equivalent, "diffs": diffs}
        return report
    finally:
        if args.keep:
            print(f"kept {copy}")
        else:
            shutil.rmtree(copy, ignore_errors=True)


def print_report(report: dict, show_diffs: bool = False) -> None:
    print(f"\n== {report['target']}  ({report['seconds']} s; tests: {', '.join(report['tests'])})")
    if report["missing_tests"]:
        print(f"   (test files not found, left out: {', '.join(report['missing_tests'])})")
    total = Counter()
    print(f"   {'module':<42} {'killed':>7} {'survived':>9} {'equivalent':>11}   killed of the non-equivalent")
    for module, counts in list(report["modules"].items()) + [("total", None)]:
        if counts is None:
            counts = total
        else:
            total.update(counts)
        killed, survived, eq = counts.get("killed", 0), counts.get("survived", 0), counts.get("equivalent", 0)
        other = {k: v for k, v in counts.items() if k not in ("killed", "survived", "equivalent")}
        score = 100.0 * killed / max(1, killed + survived)
        print(f"   {module:<42} {killed:7d} {survived:9d} {eq:11d}   {score:5.1f} %" + (f"  {other}" if other else ""))
    reasons = Counter(report["equivalent"].values())
    for reason, n in reasons.most_common():
        print(f"   equivalent x{n}: {reason}")
    for mutant in report["survivors"]:
        print(f"   survived: {mutant}")
        if show_diffs:
            print(textwrap.indent(report["diffs"].get(mutant, "").rstrip(), "      "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], fromfile_prefix_chars="@")
    parser.add_argument("targets", nargs="*", help=f"some of: {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--list", action="store_true", help="print the targets and exit")
    parser.add_argument("--head", action="store_true", help="mutate the last commit, not the working tree")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--survivors", action="store_true", help="print each surviving mutant's diff")
    parser.add_argument("--tests", nargs="+", metavar="PATH",
                        help="run these test files instead of the target's own (one target at a time)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    parser.add_argument("--mutants", nargs="+", metavar="NAME",
                        help="run only these mutants (mutmut's names, or * patterns within one module; @FILE reads "
                             "one a line) of the targets whose files they mutate; the report counts these only")
    parser.add_argument("--json", type=Path, help="also write the reports to this file")
    args = parser.parse_args()
    if args.list:
        for name, (files, tests) in TARGETS.items():
            print(f"{name}: {' '.join(files)}\n    tests: {' '.join(tests)}")
        return
    try:
        import mutmut  # noqa: F401
    except ImportError:
        sys.exit("mutmut is not installed: .venv/bin/pip install mutmut")
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        sys.exit(f"unknown targets {unknown}; choose from {list(TARGETS)}")
    if args.tests and len(args.targets) != 1:
        sys.exit("--tests goes with exactly one target")
    named = mutants_by_target(args.mutants) if args.mutants else {}
    if args.mutants:
        stray = [n for n in args.mutants if not any(n in ns for ns in named.values())]
        if stray:
            sys.exit(f"mutants of no target's files: {stray}")
    reports = []
    for name in args.targets or (list(named) if args.mutants else list(TARGETS)):
        if args.mutants and name not in named:
            continue
        reports.append(run_target(name, args, named.get(name)))
        print_report(reports[-1], args.survivors)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1))


if __name__ == "__main__":
    main()
