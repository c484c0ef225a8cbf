"""Run the reliability suite and print what it generated and how each case ended.

    .venv/bin/python benchmarks/bench_reliability.py

Prints the outcome counts of the random-graph fuzz (built and trained, or refused with the
code of the node at fault), of the hostile-file corpus (refused, per loader and error type),
and the suite's pass/fail line and wall time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                           "tests/reliability"], cwd=ROOT, capture_output=True, text=True)
    keep = False
    for line in proc.stdout.splitlines():
        if line.startswith("["):
            keep = True
        elif keep and not line.startswith("  "):
            keep = False
        if keep or " passed" in line or " failed" in line:
            print(line.lstrip("."))
    print(f"wall time: {time.perf_counter() - start:.1f} s")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
