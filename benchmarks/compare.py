"""Measure the cost of the Comparison section: the triangle variant (three dyads) against
full_history (one dyad), HTML + PDF, rendered alternately with ``--force`` so that machine noise
hits both alike. Prints a table; asserts nothing about time. Target: triangle <= 1.3x.

Usage: .venv/bin/python benchmarks/compare.py [--repeat 3]  (numpy median: benchmarks/statistics.py
shadows the standard library module of that name when this folder is on sys.path)
"""

from __future__ import annotations

import argparse
import platform
import numpy as np
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "benchmarks" / "_work" / "compare"
PARAMS = ROOT / "notebooks" / "params"


def render(variant: str) -> float:
    """Render one variant (HTML + PDF) from scratch; return its wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "bilateral"), "render", str(PARAMS / f"{variant}.yaml"),
                             "--out", str(WORK), "--force", "--jobs", "1"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{variant} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"full_history": [], "triangle": []}
    for _ in range(args.repeat):
        for variant in times:
            times[variant].append(render(variant))
    one, three = (float(np.median(times[v])) for v in ("full_history", "triangle"))
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; median of {args.repeat} alternating runs")
    rows = [("measure", "seconds", "ratio", "target"),
            ("full_history (one dyad), HTML + PDF", f"{one:.1f}", "1.00x", ""),
            ("triangle (three dyads, Comparison section), HTML + PDF", f"{three:.1f}",
             f"{three / one:.2f}x", "<= 1.3x")]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
