"""Measure `bilateral render` on this machine and print a table. Asserts nothing about time.

1. One report, HTML + PDF: `bilateral render` versus the stock chain run as separate commands
   (papermill, then `jupyter nbconvert --to html --no-input`, then `weasyprint`), same notebook
   and parameters. Target: <= 0.45x the chain's wall time (issue 11). The table gives the
   median of our runs over the median of the chain's; the line after it gives each run's ratio
   to the chain's run right after it, and their median, which a machine whose speed drifts
   between runs moves less.
2. Every shipped variant with --jobs 2 versus --jobs 1, two runs each, alternating, into folders
   kept between runs: the second batch of each starts its reports longest first, by the times
   the first recorded in its manifest, as a `make reports` after the first does. Target: >= 1.7x
   speed-up on 2 cores; the table gives the second pair, the line after it both.
3. A second `make reports` with nothing changed. Target: under 2 s.
4. Peak memory of one render: the `bilateral render` process tree (forkserver, worker, kernel),
   summed as PSS (shared pages counted once) and as RSS. Target: < 600 MB.
5. A large machine-coded table (issue 11): 200,000 synthetic rows (``synthetic_table`` of
   benchmarks/statistics.py) written as `bilateral ingest` writes them (the columns of
   tests/fixtures/machine_coded.csv, plus ``<table>_volume.csv``), rendered to HTML + PDF with
   statistics. Wall time, peak PSS of the process tree, the page's size, and where the time
   went (the worker's log: kernel, HTML, PDF; the slowest cells). Targets: <= 20 s, < 1.5 GB.

Wall times are measured without the memory sampler (it reads every process's memory map 20
times a second, about 4 s of CPU over a 17 s render on 2 cores); peak memory and CPU time come
from one more render, sampled.

Usage: .venv/bin/python benchmarks/render.py [--variant full_history] [--repeat 1] [--quick]
       [--large-rows 200000] [--only-large]
Work files go to benchmarks/_work/ (git-ignored); step 3 uses reports/ as `make reports` does.
The stdlib's ``statistics`` is not used: benchmarks/statistics.py shadows it when this file
runs as a script.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "benchmarks" / "_work"
NOTEBOOK = ROOT / "notebooks" / "bilateral_report.ipynb"
PARAMS = ROOT / "notebooks" / "params"


def timed(command: list[str], *, memory: bool = False,
          cpu: dict[int, float] | None = None) -> tuple[float, float, float]:
    """Run a command from the repository root; return (seconds, peak PSS MB, peak RSS MB).
    With ``memory``, ``cpu`` (if given) receives each process's CPU seconds (user + system,
    as last sampled): their sum shows the work done whatever the machine's load."""
    peaks = [0.0, 0.0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=_sample, args=(process.pid, peaks, cpu), daemon=True)
    if memory:
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if memory:
        sampler.join()
    if process.returncode:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{err[-3000:]}")
    return seconds, peaks[0], peaks[1]


def _sample(pid: int, peaks: list[float], cpu: dict[int, float] | None = None) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
        pss = rss = 0
        for proc in [root, *root.children(recursive=True)]:
            try:
                info = proc.memory_full_info()
                if cpu is not None:
                    times = proc.cpu_times()
                    cpu[proc.pid] = max(cpu.get(proc.pid, 0.0), times.user + times.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            pss += getattr(info, "pss", info.rss)
            rss += info.rss
        peaks[0] = max(peaks[0], pss / 2**20)
        peaks[1] = max(peaks[1], rss / 2**20)
        time.sleep(0.05)


def render_afresh(params: Path, out: Path, **sampling) -> tuple[float, float, float]:
    """`bilateral render --force` one parameters file into an emptied ``out``; see ``timed``."""
    shutil.rmtree(out, ignore_errors=True)
    return timed([str(BIN / "bilateral"), "render", str(params), "--out", str(out), "--force"],
                 **sampling)


def one_report(variant: str, repeat: int) -> dict:
    """Time ``repeat`` renders alternating with the stock chain, neither sampled (reading
    every process's memory map 20 times a second costs the sampler about 4 s of CPU over a
    17 s render, which a 2-core render feels and the stock chain would not), then sample one
    more render for its peak memory."""
    params, out = PARAMS / f"{variant}.yaml", WORK / "ours"
    ours, chain = [], []
    for _ in range(repeat):
        ours.append(render_afresh(params, out)[0])
        stock = WORK / "chain"
        shutil.rmtree(stock, ignore_errors=True)
        stock.mkdir(parents=True)
        executed = stock / f"{variant}.ipynb"
        chain.append(sum(timed(command)[0] for command in [
            [str(BIN / "papermill"), str(NOTEBOOK), str(executed), "-f", str(params)],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            [str(BIN / "weasyprint"), str(executed.with_suffix(".html")),
             str(executed.with_suffix(".pdf"))]]))
    _, pss, rss = render_afresh(params, out, memory=True)
    return {"ours": float(np.median(ours)), "chain": float(np.median(chain)), "pss": pss,
            "rss": rss, "runs": list(zip(ours, chain, strict=True))}


def batches(runs: int = 2) -> list[tuple[float, float]]:
    """Return ``runs`` pairs of (--jobs 1, --jobs 2) wall times, alternating; the output
    folders start empty and are kept from one run to the next (their manifests)."""
    for jobs in (1, 2):
        shutil.rmtree(WORK / f"jobs{jobs}", ignore_errors=True)
    return [(batch(1), batch(2)) for _ in range(runs)]


def batch(jobs: int) -> float:
    files = sorted(str(p) for p in PARAMS.glob("*.yaml"))
    return timed([str(BIN / "bilateral"), "render", *files, "--jobs", str(jobs), "--out",
                  str(WORK / f"jobs{jobs}"), "--force"])[0]


def second_make_reports() -> tuple[float, str]:
    """Time `make reports` once everything is current (the first run renders what is stale).

    When make would first (re)install the venv (its stamp is missing or stale), time the
    command `make reports` runs instead, so the benchmark never installs anything.
    """
    make = ["make", "-s", "reports", f"PYTHON={sys.executable}"]
    dry = subprocess.run(["make", "-n", "reports"], cwd=ROOT, capture_output=True, text=True)
    label = "`make reports`"
    if "pip install" in dry.stdout:
        make = [str(BIN / "bilateral"), "render", *sorted(str(p) for p in PARAMS.glob("*.yaml"))]
        label = "`bilateral render notebooks/params/*.yaml` (make's venv stamp is stale)"
    timed(make)
    return float(np.median([timed(make)[0] for _ in range(3)])), label


def machine_coded_table(rows: int) -> Path:
    """Write ``rows`` synthetic machine-coded events to benchmarks/_work/large/, as `bilateral
    ingest` writes a table (its columns, sorted by date then event_id, text cells as read)
    with the monthly volume file next to it; return the parameters file of its report."""
    from bilateral.data.schema import event_fields, machine_coded_fields

    spec = importlib.util.spec_from_file_location(  # by path: the name shadows the stdlib's
        "benchmark_statistics", Path(__file__).with_name("statistics.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame = module.synthetic_table(rows)
    rng = np.random.default_rng(2)
    frame = frame.assign(
        description="", source=[f"GDELT {i}" for i in range(rows)],
        num_sources=rng.integers(1, 5, rows), num_articles=frame["num_mentions"],
        avg_tone=rng.normal(0, 2, rows).round(2), is_root_event=1,
        date=frame["date"].dt.strftime("%Y-%m-%d"),
        intensity=frame["intensity"].map(lambda v: f"{v:g}"))
    frame["date_added"] = frame["date"]
    work = WORK / "large"
    work.mkdir(parents=True, exist_ok=True)
    table = work / f"machine_coded_{rows}.csv"
    frame.loc[:, [f.name for f in event_fields() + machine_coded_fields()]].to_csv(
        table, index=False, lineterminator="\n")
    months = frame["date"].str[:7].value_counts().sort_index()
    with open(table.with_name(f"{table.stem}_volume.csv"), "w", encoding="utf-8",
              newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["month", "events_total"])
        writer.writerows((m, n * 100) for m, n in months.items())  # the dyad is 1% of all rows
    params = work / f"large_{rows}.yaml"
    params.write_text(f"events_path: {json.dumps(str(table))}\ndyad: PAK-RUS\nstart: '1979'\n",
                      encoding="utf-8")
    return params


def large_report(rows: int) -> dict:
    """Render the large table's report twice (HTML + PDF): timed, then sampled for memory and
    CPU (see ``one_report``); return time, memory, sizes and the timed run's worker steps
    (seconds since its start) and slowest cells."""
    params = machine_coded_table(rows)
    out = WORK / "large" / "out"
    cpu: dict[int, float] = {}
    _, pss, rss = render_afresh(params, out, memory=True, cpu=cpu)
    seconds = render_afresh(params, out)[0]
    folder = out / params.stem
    log = (folder / f"{params.stem}.log").read_text(encoding="utf-8")
    steps = {m[1]: float(m[2]) for m in re.finditer(r"bilateral: (\w+) at ([\d.]+) s", log)}
    notebook = json.loads((folder / f"{params.stem}.ipynb").read_text(encoding="utf-8"))
    cells = sorted(((c["metadata"].get("papermill", {}).get("duration") or 0.0,
                     "".join(c["source"]).split("\n", 1)[0][:40])
                    for c in notebook["cells"] if c["cell_type"] == "code"), reverse=True)
    return {"seconds": seconds, "cpu": sum(cpu.values()), "pss": pss, "rss": rss,
            "steps": steps, "cells": cells,
            "html": (folder / f"{params.stem}.html").stat().st_size,
            "pdf": (folder / f"{params.stem}.pdf").stat().st_size}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    memory = psutil.virtual_memory().total / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="full_history", help="variant for steps 1 and 4")
    parser.add_argument("--repeat", type=int, default=1, help="runs of step 1 (median)")
    parser.add_argument("--quick", action="store_true", help="skip step 2 (the batches)")
    parser.add_argument("--large-rows", type=int, default=200_000,
                        help="rows of the machine-coded table of step 5")
    parser.add_argument("--only-large", action="store_true", help="run step 5 only")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple] = []
    if args.only_large:
        print_table(rows, large_report(args.large_rows), args.large_rows)
        return
    one = one_report(args.variant, args.repeat)
    rows.append((f"one report ({args.variant}), HTML + PDF", f"{one['ours']:.1f} s",
                 f"{one['chain']:.1f} s (stock chain)", f"{one['ours'] / one['chain']:.2f}x",
                 "<= 0.45x"))
    pairs = [] if args.quick else batches()
    if pairs:
        serial, parallel = pairs[-1]
        rows.append((f"{len(list(PARAMS.glob('*.yaml')))} variants, --jobs 2",
                     f"{parallel:.1f} s", f"{serial:.1f} s (--jobs 1)",
                     f"{serial / parallel:.2f}x faster", ">= 1.7x"))
    again, label = second_make_reports()
    rows.append(("second make reports, nothing changed", f"{again:.2f} s", "", "", "< 2 s"))
    rows.append(("peak memory of one render (PSS)", f"{one['pss']:.0f} MB",
                 f"RSS sum {one['rss']:.0f} MB", "", "< 600 MB"))
    print(f"step 3 timed {label}")
    print(f"step 1 runs, {args.variant} (bilateral render / stock chain): " + ", ".join(
        f"{a:.1f} / {b:.1f} s" for a, b in one["runs"]))
    paired = [a / b for a, b in one["runs"]]  # each run beside the chain's run after it
    print(f"step 1 ratio of each run to the stock chain's run after it: "
          f"{', '.join(f'{r:.2f}x' for r in paired)} (median {np.median(paired):.2f}x)")
    if pairs:
        print("step 2 runs, --jobs 1 / --jobs 2 (the first into empty folders): " + ", ".join(
            f"{a:.1f} / {b:.1f} s = {a / b:.2f}x" for a, b in pairs))
    print_table(rows, large_report(args.large_rows), args.large_rows)


def print_table(rows: list[tuple], large: dict, n: int) -> None:
    """Print the table (step 5 last), then where step 5's time went."""
    rows = [*rows,
            (f"{n:,}-row machine-coded table, HTML + PDF", f"{large['seconds']:.1f} s",
             f"CPU {large['cpu']:.1f} s", "", "<= 20 s"),
            (f"peak memory of the {n:,}-row render (PSS)", f"{large['pss']:.0f} MB",
             f"RSS sum {large['rss']:.0f} MB", "", "< 1.5 GB"),
            (f"size of the {n:,}-row report", f"HTML {large['html'] / 2**20:.2f} MB",
             f"PDF {large['pdf'] / 2**20:.2f} MB", "", "HTML < 3 MB")]
    header = ("measure", "bilateral render", "baseline", "ratio", "target")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    steps, previous, parts = large["steps"], 0.0, []
    for step in ("executed", "html", "pdf"):
        if step in steps:
            parts.append(f"{step} +{steps[step] - previous:.1f} s")
            previous = steps[step]
    kernel = sum(seconds for seconds, _ in large["cells"])
    print(f"step 5, worker: {', '.join(parts)} (cells {kernel:.1f} s of the execution); "
          "slowest cells: " + "; ".join(f"{s:.1f} s {c}" for s, c in large["cells"][:6]))


if __name__ == "__main__":
    main()
