"""Measure how long notebooks/explore.ipynb takes to redraw a chart, and print a table.
Asserts nothing about time. Target: a redraw under 1 s on the bundled data.

A redraw is what a control change costs: select the events, compute the chart's measures and
draw it with the report's figure function, as inline SVG (bilateral.plots.explore.Explorer).
Each chart is timed after a period-length change (median of --repeat runs), wall and CPU time;
the load average is printed, since other work on the machine stretches wall time.

Usage: .venv/bin/python benchmarks/explore.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import numpy as np  # benchmarks/statistics.py shadows the standard library module
import time

import bilateral.api as bl
from bilateral.plots import explore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="redraws per chart (median)")
    args = parser.parse_args()
    _, table = bl.prepare_report()  # every bundled table, as notebooks/explore.ipynb loads it
    started = time.perf_counter()
    explorer = explore.Explorer(table)
    opened = time.perf_counter() - started
    rows = [("open (controls + first chart)", f"{opened:.2f} s", "", "")]
    periods = [p for p in explore.PERIODS if p != explorer.controls["period_years"].value]
    for index, chart in enumerate(explore.CHARTS):
        explorer.tabs.selected_index = index
        walls, cpus = [], []
        for run in range(args.repeat):
            cpu = time.process_time()
            wall = time.perf_counter()
            explorer.controls["period_years"].value = periods[run % len(periods)]
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        rows.append((f"redraw {chart}", f"{np.median(walls):.2f} s",
                     f"{np.median(cpus):.2f} s", "< 1 s"))
    header = ("measure", "wall (median)", "CPU (median)", "target")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"{len(table)} events; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
