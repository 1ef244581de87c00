"""Measure `bilateral render` on this machine and print a table. Asserts nothing about time.

1. One report, HTML + PDF: `bilateral render` versus the stock chain run as separate commands
   (papermill, then `jupyter nbconvert --to html --no-input`, then `weasyprint`), same notebook
   and parameters. Target: <= 0.6x the chain's wall time.
2. Every shipped variant with --jobs 2 versus --jobs 1. Target: >= 1.7x speed-up on 2 cores.
3. A second `make reports` with nothing changed. Target: under 2 s.
4. Peak memory of one render: the `bilateral render` process tree (forkserver, worker, kernel),
   summed as PSS (shared pages counted once) and as RSS. Target: < 600 MB.

Usage: .venv/bin/python benchmarks/render.py [--variant full_history] [--repeat 1] [--quick]
Work files go to benchmarks/_work/ (git-ignored); step 3 uses reports/ as `make reports` does.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "benchmarks" / "_work"
NOTEBOOK = ROOT / "notebooks" / "bilateral_report.ipynb"
PARAMS = ROOT / "notebooks" / "params"


def timed(command: list[str], *, memory: bool = False) -> tuple[float, float, float]:
    """Run a command from the repository root; return (seconds, peak PSS MB, peak RSS MB)."""
    peaks = [0.0, 0.0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=_sample, args=(process.pid, peaks), daemon=True)
    if memory:
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if memory:
        sampler.join()
    if process.returncode:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{err[-3000:]}")
    return seconds, peaks[0], peaks[1]


def _sample(pid: int, peaks: list[float]) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
        pss = rss = 0
        for proc in [root, *root.children(recursive=True)]:
            try:
                info = proc.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            pss += getattr(info, "pss", info.rss)
            rss += info.rss
        peaks[0] = max(peaks[0], pss / 2**20)
        peaks[1] = max(peaks[1], rss / 2**20)
        time.sleep(0.05)


def one_report(variant: str, repeat: int) -> dict:
    params = PARAMS / f"{variant}.yaml"
    ours, chain, pss, rss = [], [], [], []
    for _ in range(repeat):
        out = WORK / "ours"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak_pss, peak_rss = timed([str(BIN / "bilateral"), "render", str(params),
                                             "--out", str(out), "--force"], memory=True)
        ours.append(seconds)
        pss.append(peak_pss)
        rss.append(peak_rss)
        stock = WORK / "chain"
        shutil.rmtree(stock, ignore_errors=True)
        stock.mkdir(parents=True)
        executed = stock / f"{variant}.ipynb"
        chain.append(sum(timed(command)[0] for command in [
            [str(BIN / "papermill"), str(NOTEBOOK), str(executed), "-f", str(params)],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            [str(BIN / "weasyprint"), str(executed.with_suffix(".html")),
             str(executed.with_suffix(".pdf"))]]))
    return {"ours": statistics.median(ours), "chain": statistics.median(chain),
            "pss": max(pss), "rss": max(rss)}


def batch(jobs: int) -> float:
    out = WORK / f"jobs{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    files = sorted(str(p) for p in PARAMS.glob("*.yaml"))
    return timed([str(BIN / "bilateral"), "render", *files, "--jobs", str(jobs), "--out",
                  str(out), "--force"])[0]


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
    return statistics.median(timed(make)[0] for _ in range(3)), label


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
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    one = one_report(args.variant, args.repeat)
    rows.append((f"one report ({args.variant}), HTML + PDF", f"{one['ours']:.1f} s",
                 f"{one['chain']:.1f} s (stock chain)", f"{one['ours'] / one['chain']:.2f}x",
                 "<= 0.6x"))
    if not args.quick:
        serial, parallel = batch(1), batch(2)
        rows.append((f"{len(list(PARAMS.glob('*.yaml')))} variants, --jobs 2",
                     f"{parallel:.1f} s", f"{serial:.1f} s (--jobs 1)",
                     f"{serial / parallel:.2f}x faster", ">= 1.7x"))
    again, label = second_make_reports()
    rows.append(("second make reports, nothing changed", f"{again:.2f} s", "", "", "< 2 s"))
    rows.append(("peak memory of one render (PSS)", f"{one['pss']:.0f} MB",
                 f"RSS sum {one['rss']:.0f} MB", "", "< 600 MB"))
    header = ("measure", "bilateral render", "baseline", "ratio", "target")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"machine: {machine()}")
    print(f"step 3 timed {label}")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
