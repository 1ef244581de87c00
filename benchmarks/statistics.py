"""Measure the statistics step of a report and print a table. Asserts nothing about time.

For each table, the report's figures and text are built twice in a fresh process: without the
statistics (measures, the balance chart as today) and with them (``compute_statistics``, the
balance chart with intervals and change points, the tone-and-activity chart, every statistics
table and sentence). Each run draws the figures to PNG as the notebook does. Shown: wall and
CPU seconds (best of ``--repeat`` runs within one process, after one warm-up) and the peak
RSS of the process (``os.wait4``); "extra" is with minus without. Targets (issue 10): at most
+1.5 s on full_history, at most +5 s and +300 MB on a 200k-row machine-coded table.

Tables: the bundled curated table (full_history parameters) and a synthetic machine-coded
table of 200,000 rows (built in memory: CAMEO-like Goldstein values, both directions, news
volume growing over 1979-2024), so that the statistics meet the sizes GDELT gives.

Usage: .venv/bin/python benchmarks/statistics.py [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDSTEIN = (-10, -9.5, -9, -8, -7.2, -7, -6.5, -5, -4.4, -4, -3.8, -3.4, -2.8, -2, -1, 0, 1,
             1.9, 2.8, 3, 3.4, 3.5, 4, 5, 5.2, 6, 7, 7.4, 8, 8.3, 10)


def synthetic_table(rows: int, seed: int = 1):
    """A machine-coded event table of ``rows`` rows for the dyad PAK-RUS, in memory."""
    import numpy as np
    import pandas as pd

    from bilateral.data.schema import enum_values

    rng = np.random.default_rng(seed)
    months = pd.period_range("1979-01", "2024-12", freq="M")
    weight = np.linspace(1, 20, len(months))            # news volume grows over time
    month = rng.choice(len(months), rows, p=weight / weight.sum())
    dates = months[month].start_time + pd.to_timedelta(rng.integers(0, 28, rows), unit="D")
    forward = rng.random(rows) < 0.5
    domains = enum_values("domain")
    frame = pd.DataFrame({
        "event_id": [f"gdelt-{i}" for i in range(rows)], "date": dates,
        "date_precision": "day", "actor1": np.where(forward, "PAK", "RUS"),
        "actor2": np.where(forward, "RUS", "PAK"), "third_parties": "",
        "domain": pd.Categorical(rng.choice(domains, rows), categories=domains),
        "intensity": rng.choice(GOLDSTEIN, rows), "mode": rng.choice(["verbal", "material"], rows),
        "title": "synthetic event", "source": "", "note": "", "cameo_code": "010",
        "quad_class": 1, "num_mentions": rng.integers(1, 50, rows)})
    return frame.sort_values(["date", "event_id"], ignore_index=True)


def child(table: str, with_stats: bool, repeat: int, rows: int) -> None:
    """Build one report's figures and text; print the best wall and CPU seconds as JSON."""
    import matplotlib
    matplotlib.use("Agg")
    import bilateral.api as bl

    if table == "bundled":
        params = bl.parse_parameters()
        source = bl.load_events(params.events_path)
    else:
        params = bl.parse_parameters(dyad="PAK-RUS", start="1979", eras="")
        source = synthetic_table(rows)
    params = bl.resolve_end(params, bl.newest_date(source, params.dyad))
    events = bl.select_events(source, dyad=params.dyad, start=params.start, end=params.end,
                              domains=params.domains)

    def step() -> None:
        eras = bl.measures.era_table(params.eras, params.start, params.end)
        balance = (bl.measures.period_balance(events, params.start, params.end,
                                              params.period_years)
                   .pipe(bl.measures.smooth_net, params.smooth_periods))
        extra, figures = {}, []
        if with_stats:
            stats = bl.compute_statistics(
                events, start=params.start, end=params.end, period_years=params.period_years,
                eras=eras, seed=0, machine_coded=bl.is_machine_coded(source), dyad=params.dyad)
            extra = {"intervals": stats.periods if stats.enough else None,
                     "breaks": bl.break_table(stats)}
            figures.append(bl.tone_activity_figure(stats, eras, title="Tone and activity",
                                                   start=params.start, end=params.end))
            texts = [bl.statistics.tone_activity_text(stats),
                     bl.statistics.changepoint_table(stats).to_html(),
                     bl.statistics.era_consistency_text(stats),
                     bl.statistics.interval_table(stats).to_html(),
                     bl.statistics.robustness_table(stats, events).to_html(),
                     bl.direction.direction_table(stats, params).to_html(),
                     bl.direction.reciprocity_text(stats, params)]
            assert all(isinstance(t, str) for t in texts)
        figures.append(bl.figures.balance_figure(
            balance, eras, bl.top_events(events, params.label_events), title="Balance",
            years=params.period_years, window=params.smooth_periods, start=params.start,
            end=params.end, **extra))
        for fig in figures:
            if fig is not None:
                fig.savefig(io.BytesIO(), format="png", dpi=150)
                matplotlib.pyplot.close(fig)

    step()  # warm-up: imports and font caches are not the statistics' cost
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(json.dumps({"wall": best_wall, "cpu": best_cpu, "events": len(events)}))


def run(table: str, with_stats: bool, repeat: int, rows: int) -> dict:
    """Run ``child`` in a fresh process; add its peak RSS in MB."""
    command = [sys.executable, __file__, "--child", table, "--repeat", str(repeat),
               "--rows", str(rows)] + (["--with-stats"] if with_stats else [])
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"failed: {' '.join(command)}")
    return {**json.loads(out.strip().splitlines()[-1]), "rss": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the synthetic table")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best is shown)")
    parser.add_argument("--child", choices=["bundled", "synthetic"], help=argparse.SUPPRESS)
    parser.add_argument("--with-stats", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.with_stats, args.repeat, args.rows)
        return
    header = ("table", "events", "without: s (cpu s)", "with: s (cpu s)", "extra s (cpu s)",
              "peak RSS without", "with", "extra", "target")
    rows = []
    for table, target in (("bundled", "<= +1.5 s"), ("synthetic", "<= +5 s, <= +300 MB")):
        off, on = (run(table, flag, args.repeat, args.rows) for flag in (False, True))
        name = "bundled (full_history)" if table == "bundled" else "synthetic machine-coded"
        rows.append((name, f"{on['events']:,}", f"{off['wall']:.2f} ({off['cpu']:.2f})",
                     f"{on['wall']:.2f} ({on['cpu']:.2f})",
                     f"{on['wall'] - off['wall']:+.2f} ({on['cpu'] - off['cpu']:+.2f})",
                     f"{off['rss']:.0f} MB", f"{on['rss']:.0f} MB",
                     f"{on['rss'] - off['rss']:+.0f} MB", target))
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
