"""Issue 21's peers table: seconds per epoch of the six tutorial workloads in netbuilder, Keras 3
on JAX and PyTorch, on a quiet machine and beside a busy program.

    .venv/bin/python benchmarks/bench_peers.py                          # the full table (~20 min, 2 cores)
    .venv/bin/python benchmarks/bench_peers.py --rounds 1 --rows 0.1    # a quick look: 10 % of the rows
    .venv/bin/python benchmarks/bench_peers.py --workloads W1 W4 --conditions quiet python
    .venv/bin/python benchmarks/bench_peers.py --contenders netbuilder netbuilder-fixed keras-jax

Workloads (synthetic data of the book's shapes: ``bench_dense.py`` W1–W4, ``bench_conv_rnn.py``
W5–W6; the same layers, losses, batch sizes and rmsprop with Keras's defaults in every engine):
  W1 MNIST MLP 784-512-10, batch 128        W4 Boston 13-64-64-1, batch 1
  W2 IMDB dense 10000-16-16-1 multi-hot, 512  W5 MNIST convnet, batch 64
  W3 Reuters 10000-64-64-46 multi-hot, 512   W6 IMDB Embedding + LSTM(32), maxlen 500, batch 128

Contenders: ``netbuilder`` (its BLAS thread tuner on, as ``fit`` runs), ``keras-jax``, ``torch``
(skipped, and said so, when not installed) and, on request, ``netbuilder-fixed`` (tuner off) and
``netbuilder-numpy`` (tuner on, the optimizers' and layers' NumPy code instead of the compiled
one-pass kernels: ``NETBUILDER_FUSED=0``) and
``netbuilder-1thread`` (tuner off, ``OPENBLAS_NUM_THREADS=1``: what one BLAS thread with its fair
share of the cores gives, the reference for the tuner beside a busy program).
Each keeps its library's own thread defaults. netbuilder and Keras run ``fit`` with the accuracy
(or mae) metric; PyTorch runs a plain eager loop without metrics, on logits with the fused loss.
Conditions (the load is a separate process, started before and stopped after each condition):
  quiet    nothing else on purpose (other programs on the machine still count: the load averages
           are printed)
  python   a pure-Python loop spinning on one core
  numpy    another NumPy program: a 2-thread 1024×1024 float32 matmul loop

How it runs: per workload, one process per contender builds its model and data once (waiting
processes use no CPU: checked from /proc). Then, for
each round and condition, the load starts, and each contender in turn (the order rotates every
round) runs one ``fit`` of a warm-up epoch + ``--epochs`` epochs; a run's time is the median of
those epochs (timed by an epoch callback; the call's set-up outside its epochs, where netbuilder
compresses multi-hot inputs and Keras adapts the data, is shown apart, not scaled). A cell is
the median over rounds of the runs' times.
Each workload is timed on a slice of its rows (``ROWS``, chosen so the full table takes about
20 minutes on a 2-core machine; ``--rows F`` scales the slice by F) and the times are scaled to
the full epoch (× full rows / timed rows), which the output says.

The W1 line compares netbuilder with the machine's SGEMM limit: 146 GFLOP per epoch (three
products per layer: forward, kernel gradient, input gradient; netbuilder skips the first layer's
input gradient, so its real work is 98 GFLOP) ÷ numpy's float32 matmul rate (2048², best of 5).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

#: workload -> (title, full rows, batch); the definitions are in bench_dense / bench_conv_rnn
TITLES = {"W1": ("MNIST MLP 784-512-10", 60000, 128), "W2": ("IMDB dense 10000-16-16-1", 15000, 512),
          "W3": ("Reuters 10000-64-64-46", 7982, 512), "W4": ("Boston 13-64-64-1", 404, 1),
          "W5": ("MNIST convnet", 60000, 64), "W6": ("IMDB LSTM(32), maxlen 500", 20000, 128)}
#: rows timed per epoch by default (scaled to the full epoch in the output): all of W2-W4, about
#: half of W1, 5 % of W5 and 8 % of W6, so that the full table takes about 20 minutes on 2 cores
ROWS = {"W1": 30720, "W2": 15000, "W3": 7982, "W4": 404, "W5": 3200, "W6": 1536}
#: quiet seconds per FULL epoch on the 2-core test machine, for the time estimate only: each
#: engine's one-thread CPU seconds per epoch (measured beside other programs; CPU time hardly
#: depends on them), divided by 1.5 where two threads help (W1, W5, W6)
EST = {"W1": {"netbuilder": 1.2, "keras-jax": 1.1, "torch": 1.9},
       "W2": {"netbuilder": 0.25, "keras-jax": 0.75, "torch": 0.5},
       "W3": {"netbuilder": 0.2, "keras-jax": 0.45, "torch": 0.4},
       "W4": {"netbuilder": 0.07, "keras-jax": 0.15, "torch": 0.2},
       "W5": {"netbuilder": 16.0, "keras-jax": 45.0, "torch": 17.0},
       "W6": {"netbuilder": 8.0, "keras-jax": 20.0, "torch": 20.0}}
#: seconds to start a contender's process, build the model and (Keras) compile its step
STARTUP_S = {"netbuilder": 3.0, "netbuilder-fixed": 3.0, "netbuilder-1thread": 3.0, "netbuilder-numpy": 3.0,
             "keras-jax": 15.0, "torch": 4.0}
#: slow-down guesses for the estimate (torch's OpenMP threads wait on the one that lost its core)
BUSY = {"quiet": 1.0, "python": 1.5, "numpy": 2.5}
BUSY_TORCH = {"quiet": 1.0, "python": 5.0, "numpy": 5.0}
LOADS = {
    "quiet": None,
    "python": "while True: pass",
    "numpy": "import numpy as np\na = np.ones((1024, 1024), 'float32')\nwhile True: a @ a",
}
CONTENDERS = ["netbuilder", "keras-jax", "torch", "netbuilder-fixed", "netbuilder-1thread", "netbuilder-numpy"]
FRAMEWORK = {"netbuilder": "netbuilder", "netbuilder-fixed": "netbuilder", "netbuilder-1thread": "netbuilder",
             "netbuilder-numpy": "netbuilder",
             "keras-jax": "keras", "torch": "torch"}
#: a contender's own environment (the user's thread count, which also turns the tuner off)
CONTENDER_ENV = {"netbuilder-1thread": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
                 "netbuilder-numpy": {"NETBUILDER_FUSED": "0"}}
#: the contenders that run fit's BLAS thread tuner
TUNED = ("netbuilder", "netbuilder-numpy")
W1_GFLOP_ISSUE = 3 * 2 * 60000 * (784 * 512 + 512 * 10) / 1e9  # 146.4: three products per layer
W1_GFLOP_DONE = W1_GFLOP_ISSUE - 2 * 60000 * 784 * 512 / 1e9  # 98.2: no input gradient for layer 1


# ----------------------------------------------------------------------------- child processes
def _builder(key: str, framework: str, rows: int):
    """``train(epochs) -> [s per epoch]`` for ``key`` in ``framework`` on ``rows`` rows."""
    sys.path.insert(0, HERE)
    import bench_conv_rnn
    import bench_dense

    if key in bench_dense.WORKLOADS:
        return bench_dense.SETUPS[framework](dict(bench_dense.WORKLOADS[key], n=rows))
    return bench_conv_rnn.WORKLOADS[key]["frameworks"][framework](rows)[0]


def _threads_note(contender: str) -> str:
    if contender == "torch":
        import torch

        return f"torch.get_num_threads() = {torch.get_num_threads()}"
    if contender == "keras-jax":
        import jax

        return f"XLA's own pool on {jax.devices()[0].platform}"
    from netbuilder.core import threads

    return (f"tuner {'on' if contender in TUNED else 'off'}, {threads.available_cores()} cores, "
            f"BLAS threads {threads.BlasLimiter().current()}")


def child(key: str, contender: str, rows: int) -> None:
    """Build once, then answer ``run E`` lines (a fit of 1 + E epochs) until ``quit``."""
    made = []
    if FRAMEWORK[contender] == "netbuilder":
        from netbuilder.core import threads

        threads.ENABLED = contender in TUNED
        real = threads.tuner_for_fit
        threads.tuner_for_fit = lambda: made.append(real()) or made[-1]
    train = _builder(key, FRAMEWORK[contender], rows)
    print(json.dumps({"ready": True, "threads": _threads_note(contender)}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        del made[:]
        t0 = time.perf_counter()
        times = train(1 + int(cmd[1]))
        setup = time.perf_counter() - t0 - sum(times)  # the call's own cost outside its epochs
        log = [f"{kind[0]}{n}" for t in made if t is not None for kind, n in getattr(t, "log", [])]
        print(json.dumps({"warmup": times[0], "times": times[1:], "setup": setup, "log": log}), flush=True)


class Contender:
    """One contender's process for one workload (see :func:`child`)."""

    def __init__(self, key: str, name: str, rows: int):
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""), **CONTENDER_ENV.get(name, {}))
        env.setdefault("KERAS_BACKEND", "jax")
        self.name = name
        self.stderr = tempfile.TemporaryFile("w+")  # a file, not a pipe: JAX's warnings cannot block it
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", key, name, str(rows)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True, env=env, cwd=ROOT)
        self.info = self.ask()

    def ask(self, cmd: str | None = None) -> dict:
        if cmd is not None:
            self.proc.stdin.write(cmd + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.stderr.seek(0)
            err = (self.stderr.read().strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{self.name} died (exit {self.proc.wait()}): {err}")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
            except OSError:
                pass
        self.proc.wait()
        self.stderr.close()


def start_load(condition: str):
    """The condition's busy process (None for quiet), given a second to get going."""
    if not LOADS[condition]:
        return None
    env = dict(os.environ, OPENBLAS_NUM_THREADS="2", OMP_NUM_THREADS="2", MKL_NUM_THREADS="2")
    proc = subprocess.Popen([sys.executable, "-c", LOADS[condition]], env=env)
    time.sleep(1.0)
    return proc


def stop_load(proc) -> None:
    if proc is not None:
        proc.kill()
        proc.wait()


SGEMM_CODE = """
import json, time, numpy as np
from threadpoolctl import threadpool_limits
a = np.ones((2048, 2048), 'float32')
a @ a
def best(clock):
    b = float('inf')
    for _ in range(5):
        t = clock()
        a @ a
        b = min(b, clock() - t)
    return 2 * 2048 ** 3 / b / 1e9
rate = best(time.perf_counter)
with threadpool_limits(1, user_api='blas'):
    one = best(time.process_time)
print(json.dumps([rate, one]))
"""


CORES_CODE = """
import json, os, time, numpy as np
from threadpoolctl import threadpool_limits
a = np.ones((512, 512), 'float32')
rates = []
with threadpool_limits(1, user_api='blas'):
    for cpu in sorted(os.sched_getaffinity(0)):
        os.sched_setaffinity(0, {cpu})
        a @ a
        t = time.perf_counter()
        for _ in range(100):
            a @ a
        rates.append(round(2 * 512 ** 3 * 100 / (time.perf_counter() - t) / 1e9))
os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
b = np.ones((1024, 1024), 'float32')
with threadpool_limits(len(rates), user_api='blas'):
    b @ b
    t = time.perf_counter()
    for _ in range(20):
        b @ b
    rates.append(round(2 * 1024 ** 3 * 20 / (time.perf_counter() - t) / 1e9))
print(json.dumps(rates))
"""


def core_gflops() -> list:
    """One BLAS thread's float32 matmul rate on each core alone (pinned), then all of them together
    (one BLAS thread per core, the mean over 20 products), GFLOP/s. A virtual machine whose cores
    are not all its own at the moment (its host's other guests) shows one core slower, or the cores
    together well short of their sum, and then two BLAS threads lose to one (the tuner's choice in
    such a phase: W1's batch 3.1 ms at 2 threads against 2.5 ms at 1, where 1.55 ms is usual).
    Empty where the platform cannot pin a thread."""
    if not hasattr(os, "sched_setaffinity"):
        return []
    out = subprocess.run([sys.executable, "-c", CORES_CODE], capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else []


def sgemm_gflops() -> tuple[float, float]:
    """numpy's float32 matrix-product rates in GFLOP/s (2048×2048 squared, best of 5): with all
    BLAS threads by the wall clock (the limit's rate), and with one thread by CPU time (what a
    core does whatever the load)."""
    out = subprocess.run([sys.executable, "-c", SGEMM_CODE], capture_output=True, text=True, check=True)
    rate, one = json.loads(out.stdout.strip().splitlines()[-1])
    return rate, one


# ----------------------------------------------------------------------------- the table
def estimate_s(workloads, contenders, conditions, rounds, epochs, rows) -> float:
    """Seconds the run should take on a machine like the 2-core test machine (``EST``)."""
    total = len(workloads) * rounds * sum(1.0 for cond in conditions if LOADS[cond])  # loads' start
    for key in workloads:
        for c in contenders:
            total += STARTUP_S[c]
            per_epoch = EST[key][FRAMEWORK[c].replace("keras", "keras-jax")] * rows[key] / TITLES[key][1]
            busy = BUSY_TORCH if c == "torch" else BUSY
            total += sum(rounds * (1 + epochs) * per_epoch * busy[cond] for cond in conditions)
    return total


def rotated(items: list, k: int) -> list:
    """``items`` rotated left by ``k`` places."""
    k = k % len(items) if items else 0
    return items[k:] + items[:k]


def cell(values):
    return statistics.median(values) if values else None


def markdown(results, workloads, contenders, conditions, setups=None) -> str:
    """The s/epoch table (ratio to netbuilder) and the busy/quiet table (with each ``fit`` call's
    set-up outside its epochs, quiet, not scaled), in markdown."""
    base = contenders[0]
    lines = ["| workload | condition | " + " | ".join(f"{c} s/epoch" for c in contenders) + " |",
             "|---|---|" + "---:|" * len(contenders)]
    for key in workloads:
        for cond in conditions:
            ref = cell(results.get((key, cond, base), []))
            cells = []
            for c in contenders:
                v = cell(results.get((key, cond, c), []))
                text = "–" if v is None else f"{v:.3g}"
                if v is not None and ref and c != base:
                    text += f" ({v / ref:.2f}×)"
                cells.append(text)
            lines.append(f"| {key} {TITLES[key][0]} | {cond} | " + " | ".join(cells) + " |")
    busy = [c for c in conditions if c != "quiet"]
    if "quiet" in conditions and busy:
        lines += ["", "| workload | contender | quiet s/epoch | " + " | ".join(f"{b} ÷ quiet" for b in busy)
                  + " | fit set-up s |", "|---|---|---:|" + "---:|" * (len(busy) + 1)]
        for key in workloads:
            for c in contenders:
                q = cell(results.get((key, "quiet", c), []))
                if q is None:
                    continue
                ratios = [cell(results.get((key, b, c), [])) for b in busy]
                setup = cell((setups or {}).get((key, "quiet", c), []))
                lines.append(f"| {key} | {c} | {q:.3g} | "
                             + " | ".join("–" if r is None else f"{r / q:.2f}×" for r in ratios)
                             + (" | –" if setup is None else f" | {setup:.3g}") + " |")
    return "\n".join(lines)


def targets(results, gflops) -> list[str]:
    """Issue 21's targets, each with the measured value and whether it is met."""
    def get(key, cond, who):
        return cell(results.get((key, cond, who), []))

    out = []
    q = get("W1", "quiet", "netbuilder")
    for cond, limit in (("python", 2.0), ("numpy", 2.5)):
        b = get("W1", cond, "netbuilder")
        if q and b:
            out.append(f"W1 netbuilder {cond} ÷ quiet = {b / q:.2f} (target ≤ {limit}): "
                       + ("met" if b / q <= limit else "NOT met"))
    for cond in ("python", "numpy"):
        b, one = get("W1", cond, "netbuilder"), get("W1", cond, "netbuilder-1thread")
        if b and one:
            out.append(f"W1 {cond}: netbuilder (tuned) ÷ netbuilder at 1 BLAS thread = {b / one:.2f} "
                       "(the tuner's cost beside the busy program; 1.00 is the 1-thread reference)")
    for key in ("W1", "W2", "W3", "W4"):
        nb, ke = get(key, "quiet", "netbuilder"), get(key, "quiet", "keras-jax")
        if nb and ke:
            out.append(f"{key} quiet netbuilder {nb:.3g} s vs Keras-JAX {ke:.3g} s (target ≤): "
                       + ("met" if nb <= ke else "NOT met"))
    for key in ("W5", "W6"):
        nb, th = get(key, "quiet", "netbuilder"), get(key, "quiet", "torch")
        if nb and th:
            out.append(f"{key} quiet netbuilder {nb:.3g} s vs PyTorch {th:.3g} s (target <): "
                       + ("met" if nb < th else "NOT met"))
    if q:
        ratio = q / (W1_GFLOP_ISSUE / gflops)
        out.append(f"W1 quiet netbuilder {q:.2f} s = {ratio:.2f}× the SGEMM limit ({W1_GFLOP_ISSUE:.0f} GFLOP at "
                   f"{gflops:.1f} GFLOP/s; target ≤ 1.15): " + ("met" if ratio <= 1.15 else "NOT met"))
    return out


def available(contenders) -> list[str]:
    keep = []
    for c in contenders:
        need = {"torch": ["torch"], "keras-jax": ["keras", "jax"]}.get(c, [])
        missing = [m for m in need if importlib.util.find_spec(m) is None]
        if missing:
            print({"torch": "PyTorch not installed"}.get(c, f"{c}: {', '.join(missing)} not installed")
                  + ": no column for it", flush=True)
        else:
            keep.append(c)
    return keep


def run_workload(key: str, contenders, rows: int, args, out) -> None:
    """Every round × condition × contender of one workload; appends to ``out``'s dicts:
    ``results[(key, condition, contender)]`` the runs' median epochs scaled to a full epoch,
    ``setups[...]`` each ``fit`` call's set-up, ``logs[(key, condition)]`` netbuilder's tuner log
    of its last run, ``notes[contender]`` its threads."""
    results, setups, logs, notes = out
    scale = TITLES[key][1] / rows
    running = []
    for name in contenders:  # built one at a time so set-ups do not overlap
        try:
            running.append(Contender(key, name, rows))
            notes[name] = running[-1].info["threads"]
        except RuntimeError as e:
            print(f"{key} {e}", file=sys.stderr, flush=True)
    for r in range(args.rounds):
        for cond in args.conditions:
            load = start_load(cond)
            try:
                for proc in rotated(running, r):  # who goes first changes every round
                    if proc.proc.poll() is not None:
                        continue
                    try:
                        got = proc.ask(f"run {args.epochs}")
                    except RuntimeError as e:
                        print(f"{key} {cond}: {e}", file=sys.stderr, flush=True)
                        continue
                    results.setdefault((key, cond, proc.name), []).append(statistics.median(got["times"]) * scale)
                    setups.setdefault((key, cond, proc.name), []).append(got["setup"])
                    if proc.name == "netbuilder":
                        logs[(key, cond)] = got["log"]
            finally:
                stop_load(load)
    for proc in running:
        proc.close()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workloads", nargs="+", default=list(TITLES), choices=list(TITLES))
    ap.add_argument("--contenders", nargs="+", default=CONTENDERS[:3], choices=CONTENDERS)
    ap.add_argument("--conditions", nargs="+", default=list(LOADS), choices=list(LOADS))
    ap.add_argument("--rounds", type=int, default=3, help="runs per cell (default 3)")
    ap.add_argument("--epochs", type=int, default=2, help="timed epochs per run, after the warm-up one")
    ap.add_argument("--rows", type=float, default=1.0,
                    help="scale each workload's timed rows (ROWS) by this factor (default 1)")
    ap.add_argument("--json", metavar="PATH", help="also write the raw results there")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    contenders = available(args.contenders)
    rows = {}
    for key in args.workloads:
        full, batch = TITLES[key][1:]
        rows[key] = min(full, max(batch, round(ROWS[key] * args.rows / batch) * batch))
    print(f"rows timed per epoch (--rows {args.rows:g}), times scaled to the full epoch: "
          + ", ".join(f"{k} {rows[k]}/{TITLES[k][1]} (×{TITLES[k][1] / rows[k]:.3g})" for k in args.workloads))
    est = estimate_s(args.workloads, contenders, args.conditions, args.rounds, args.epochs, rows)
    print(f"estimated time: about {est / 60:.0f} min (from the 2-core test machine's speeds); "
          f"load averages now {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
          f"{os.cpu_count()} CPUs", flush=True)
    gflops, one_core = sgemm_gflops()
    print(f"numpy SGEMM: {gflops:.1f} GFLOP/s (one thread, by CPU time: {one_core:.1f}); "
          f"W1's limit: {W1_GFLOP_ISSUE:.1f} GFLOP / rate = "
          f"{W1_GFLOP_ISSUE / gflops:.2f} s/epoch ({W1_GFLOP_DONE:.1f} GFLOP of work done: "
          f"{W1_GFLOP_DONE / gflops:.2f} s)", flush=True)
    cores_before = core_gflops()
    if cores_before:
        print(f"each core alone (1 BLAS thread, pinned): {', '.join(map(str, cores_before[:-1]))} GFLOP/s; "
              f"all together: {cores_before[-1]} GFLOP/s", flush=True)
    t_start = time.perf_counter()
    results, setups, logs, notes = {}, {}, {}, {}
    for key in args.workloads:
        run_workload(key, contenders, rows[key], args, (results, setups, logs, notes))
        print(f"{key} done ({(time.perf_counter() - t_start) / 60:.1f} min)", file=sys.stderr, flush=True)
    print(f"\nran {(time.perf_counter() - t_start) / 60:.1f} min (estimated {est / 60:.0f}); load averages "
          f"now {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    cores_after = core_gflops()
    if cores_after:
        print(f"each core alone (1 BLAS thread, pinned), after: {', '.join(map(str, cores_after[:-1]))} GFLOP/s; "
              f"all together: {cores_after[-1]} GFLOP/s")
    print("threads: " + "; ".join(f"{c}: {n}" for c, n in notes.items()))
    if logs:
        print("netbuilder's thread tuner, last run (pN = probe at N BLAS threads, cN = chose N, kN = kept N:"
              " slower at 1 thread, or no core free for more; the probes per count in brackets):")
        for (key, cond), log in logs.items():
            probes = sorted({e for e in log if e.startswith("p")}, reverse=True)
            counts = ", ".join(f"{e} ×{log.count(e)}" for e in probes)
            print(f"  {key} {cond:<7} {' '.join(log[-12:]) or '(no tuning: off, or one core)'}"
                  + (f" [{counts}]" if counts else ""))
    for line in targets(results, gflops):
        print(line)
    print(f"\ns/epoch scaled to the full epoch (timed on {', '.join(f'{k} {rows[k]}' for k in args.workloads)} "
          f"rows); median over {args.rounds} round(s) of each run's median of {args.epochs} epoch(s) after "
          "a warm-up one; (×) = ratio to netbuilder\n")
    print(markdown(results, args.workloads, contenders, args.conditions, setups))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "sgemm_gflops": gflops, "sgemm_gflops_one_thread_cpu": one_core,
                       "threads": notes,
                       "tuner": {f"{k} {c}": v for (k, c), v in logs.items()},
                       "results": {f"{k} {c} {n}": v for (k, c, n), v in results.items()},
                       "setups": {f"{k} {c} {n}": v for (k, c, n), v in setups.items()}}, f, indent=1)


if __name__ == "__main__":
    main()
