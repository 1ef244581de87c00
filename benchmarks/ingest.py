"""Benchmark `bilateral ingest` against DuckDB doing the same filter-and-write.

Generates synthetic GDELT 1.0 daily files (58 tab-separated fields, no header, about 1% of rows
in the PAK-RUS dyad) in benchmarks/_work/ingest/ (git-ignored), then, for each size, runs
`bilateral ingest gdelt FILE --dyad PAK-RUS` and a DuckDB `COPY (SELECT * ... WHERE dyad) TO`
on the same file, each as a subprocess, and prints wall time, rows/s and peak RSS (from
os.wait4, per subprocess). Asserts nothing about time.

    python benchmarks/ingest.py                      # 1 GB and 4 GB (needs ~6 GB of disk)
    python benchmarks/ingest.py --sizes 50MB 200MB   # a quick run
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).resolve().parent / "_work" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
UNITS = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
COUNTRIES = ["USA", "GBR", "CHN", "IND", "FRA", "DEU", "IRN", "ISR", "AFG", "TUR", "JPN", "SAU",
             "EGY", "UKR", "BRA", "", "", "PAK", "RUS"]
NAMES = {c: f"SYNTHETIC {c}" for c in COUNTRIES if c}
CODES = ["010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "071", "111",
         "112", "120", "130", "141", "163", "173", "190", "193"]
DUCKDB_SQL = """
import sys, duckdb
src, out = sys.argv[1], sys.argv[2]
cols = "{" + ",".join(f"'c{i}':'VARCHAR'" for i in range(1, 59)) + "}"
duckdb.sql(f\"\"\"COPY (SELECT * FROM read_csv('{src}', delim='\\t', header=false, quote='',
    escape='', columns={cols})
    WHERE (c8='PAK' AND c18='RUS') OR (c8='RUS' AND c18='PAK')) TO '{out}' (HEADER)\"\"\")
"""


def parse_size(text: str) -> int:
    """Parse '1GB', '200MB' into bytes."""
    text = text.strip().upper()
    for unit, factor in UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def synthetic_row(rng: random.Random) -> str:
    """One synthetic GDELT 1.0 daily line without its GLOBALEVENTID (57 fields)."""
    if rng.random() < 0.01:
        a1, a2 = rng.choice([("PAK", "RUS"), ("RUS", "PAK")])
    else:
        a1, a2 = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
    y, m, d = rng.randint(1979, 2020), rng.randint(1, 12), rng.randint(1, 28)
    day = f"{y}{m:02d}{d:02d}"
    code = rng.choice(CODES)
    quad = {"0": "1", "1": "3"}[code[0]] if code < "150" else "4"
    gold = f"{rng.uniform(-10, 10):.1f}"
    n = rng.randint(1, 60)
    geo = ["4", "Synthetic City, Synthetic Province, Synthetic Country", "XX", "XX01",
           f"{rng.uniform(-90, 90):.4f}", f"{rng.uniform(-180, 180):.4f}",
           str(rng.randint(-3000000, 3000000))]
    fields = [day, day[:6], day[:4], f"{y}.{m * 30 + d:04d}",
              f"{a1}GOV" if a1 else "", NAMES.get(a1, ""), a1, "", "", "", "", "GOV", "", "",
              f"{a2}MIL" if a2 else "", NAMES.get(a2, ""), a2, "", "", "", "", "MIL", "", "",
              "1", code, code, code[:2], quad, gold, str(n), str(rng.randint(1, n)), str(n),
              f"{rng.uniform(-10, 10):.12f}", *geo, *geo, *geo, day,
              f"http://example.com/synthetic/{y}/{m:02d}/{d:02d}/article-{rng.randint(0, 10**9)}"
              ".html"]
    return "\t".join(fields)


def generate(path: Path, size: int, seed: int = 5) -> int:
    """Write a synthetic file of about ``size`` bytes; return its number of rows."""
    rng = random.Random(seed)
    pool = [synthetic_row(rng) for _ in range(50_000)]
    rows = written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            picks = [rng.randrange(len(pool)) for _ in range(10_000)]
            block = "".join(f"{rows + i + 1}\t{pool[p]}\n" for i, p in enumerate(picks))
            f.write(block)
            written += len(block)
            rows += len(picks)
    return rows


def measure(argv: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time in seconds and its peak RSS in bytes."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return seconds, usage.ru_maxrss * 1024


def count_lines(path: Path) -> int:
    """Count the lines of a file."""
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def machine() -> str:
    """Describe the machine: architecture, cores, memory, Python."""
    import psutil  # noqa: PLC0415

    memory = psutil.virtual_memory().total / (1 << 30)
    return (f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> None:
    """Generate the files, run both tools on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1GB", "4GB"],
                        help="file sizes to generate, e.g. 50MB 1GB (default: 1GB 4GB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the best is kept")
    parser.add_argument("--engine", default="local", choices=["local", "dask"])
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    header = (f"| {'size':>6} | {'rows':>11} | {'ingest s':>8} | {'rows/s':>9} | "
              f"{'peak RSS':>8} | {'DuckDB s':>8} | {'rows/s':>9} | {'peak RSS':>8} | "
              f"{'time ratio':>10} |")
    lines = [header, "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"]
    try:
        for size_text in args.sizes:
            src = WORK / f"synthetic_gdelt1_daily_{size_text}.export.CSV"
            started = time.perf_counter()
            rows = generate(src, parse_size(size_text))
            print(f"generated {src.name}: {src.stat().st_size / (1 << 20):,.0f} MiB, "
                  f"{rows:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
            ours = [sys.executable, "-m", "bilateral.cli", "ingest", "gdelt", str(src),
                    "--dyad", "PAK-RUS", "--out", str(WORK / "ingest_out.csv"),
                    "--engine", args.engine, "--no-progress"]
            duck = [sys.executable, "-c", DUCKDB_SQL, str(src), str(WORK / "duckdb_out.csv")]
            results: dict[str, list[tuple[float, int]]] = {"ours": [], "duck": []}
            for _ in range(args.repeat):  # alternate, so both see the same machine load
                results["ours"].append(measure(ours))
                results["duck"].append(measure(duck))
            (t1, m1), (t2, m2) = min(results["ours"]), min(results["duck"])
            kept = [count_lines(WORK / f) - 1 for f in ("ingest_out.csv", "duckdb_out.csv")]
            if kept[0] != kept[1]:
                print(f"warning: ingest kept {kept[0]:,} rows, DuckDB {kept[1]:,}")
            lines.append(f"| {size_text:>6} | {rows:>11,} | {t1:>8.1f} | {rows / t1:>9,.0f} | "
                         f"{m1 / (1 << 20):>5,.0f} MB | {t2:>8.1f} | {rows / t2:>9,.0f} | "
                         f"{m2 / (1 << 20):>5,.0f} MB | {t1 / t2:>9.2f}x |")
            print(lines[-1], flush=True)
            if not args.keep:
                src.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)
    print("\n".join(["", *lines]))


if __name__ == "__main__":
    main()
