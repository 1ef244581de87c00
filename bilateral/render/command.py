"""Render report variants: each PARAMS.yaml is one report, DIR/<id>/<id>.{ipynb,html,pdf}.

Variants whose parameters, notebook, data, code and package versions have not changed since
their last good render are skipped (see DIR/manifest.json); --force renders them again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bilateral.data import paths
from bilateral.render.variants import (  # noqa: F401
    Variant,
    VariantError,
    coerce_value,
    load_variants,
    notebook_parameters,
)

FORMATS = ("html", "pdf")


def render_reports(files: Sequence[str | Path], *, notebook: str | Path = paths.NOTEBOOK_PATH,
                   out_dir: str | Path = paths.REPORTS_DIR, formats: Iterable[str] = FORMATS,
                   jobs: int | None = None, overrides: Sequence[tuple[str, str]] = (),
                   force: bool = False, timeout: float | None = None,
                   progress: bool | None = None) -> list:
    """Render every variant that changed, in parallel, and update the manifest and index.

    Parameters
    ----------
    files
        Parameters files (YAML); each file's stem is the report id.
    notebook
        The parameterized notebook.
    out_dir
        Reports go to ``out_dir/<id>/<id>.{ipynb,html,pdf}``; ``manifest.json`` and
        ``index.html`` are written in ``out_dir``.
    formats
        Any of ``"html"``, ``"pdf"``; the executed notebook is always kept.
    jobs
        Worker processes (default: the number of cores).
    overrides
        ``(name, value)`` pairs applied to every variant, values as typed on the command line.
    force
        Render even the variants whose inputs have not changed.
    timeout
        Seconds a notebook cell may run before the variant fails (None: no limit).
    progress
        Show a progress bar (None: when stderr is a terminal).

    Returns
    -------
    list of bilateral.render.jobs.Outcome
        One per variant, in the order given; ``status`` is "ok", "skipped" or "failed".

    Raises
    ------
    VariantError
        Before anything runs, when a parameters file is unreadable, too large, names an unknown
        parameter, or its stem is not a safe report id; or when ``timeout`` is not positive.
    bilateral.render.staging.RenderError
        Before anything runs, when ``out_dir`` is not a writable folder, another render holds
        its lock, or it holds an ``index.html``, ``manifest.json`` or report file that bilateral
        did not write.
    OSError
        When an output cannot be moved into place or the manifest cannot be written (a full
        disk); every output written before is complete, and the previous ones are kept.
    """
    from bilateral.render import gallery, manifest, pool, staging  # noqa: PLC0415
    from bilateral.render.jobs import Job, Outcome  # noqa: PLC0415

    formats = tuple(f for f in FORMATS if f in set(formats))
    if timeout is not None and not timeout > 0:
        raise VariantError([f"--timeout {timeout}: must be a positive number of seconds"])
    out_dir, notebook = Path(out_dir), Path(notebook)
    variants = load_variants(files, notebook, overrides)
    lock = staging.open_output_folder(out_dir)
    try:
        foreign = [p for p in (manifest.foreign_manifest(out_dir), gallery.foreign_index(out_dir))
                   if p]
        records = manifest.load_manifest(out_dir)
        inputs = manifest.InputHasher(notebook)
        outcomes, todo = {}, []
        for variant in variants:
            key = inputs.render_key(variant.parameters, formats)
            if not force and manifest.is_current(records.get(variant.id), key, out_dir):
                outcomes[variant.id] = Outcome(
                    variant.id, "skipped", 0.0, [str(out_dir / rel)
                                                 for rel in records[variant.id]["outputs"]])
                continue
            foreign += staging.foreign_outputs(out_dir, variant.id, formats,
                                               staging.known_files(records.get(variant.id)))
            todo.append((Job(variant.id, str(notebook), variant.parameters,
                             str(out_dir / variant.id), formats, os.getcwd(), timeout,
                             str(staging.stage_dir(out_dir, variant.id)), os.getpid()), key))
        if foreign:
            raise staging.RenderError("; ".join(foreign))
        started = {job.id: (job, key) for job, key in todo}
        try:
            order = pool.launch_order([job for job, _ in todo], manifest.seconds_taken(records))
            for outcome in pool.run_jobs(order,
                                         workers=jobs or pool.cores(), progress=progress):
                job, key = started[outcome.id]
                outcome = staging.commit(job, outcome)  # outputs first, the manifest last
                outcomes[outcome.id] = outcome
                manifest.update_manifest(out_dir, [(outcome, key)])
        finally:
            staging.discard(out_dir)
        if todo or not (out_dir / gallery.INDEX_NAME).exists():
            gallery.write_index(out_dir, manifest.load_manifest(out_dir))
    finally:
        lock.close()
    return [outcomes[v.id] for v in variants]


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``render`` arguments."""
    parser.add_argument("params", nargs="+", metavar="PARAMS.yaml",
                        help="parameters file of one variant (e.g. notebooks/params/*.yaml)")
    parser.add_argument("--format", default="html,pdf", type=_formats,
                        help="comma-separated output formats: html, pdf (default: html,pdf)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="variants rendered at once (default: the number of cores)")
    parser.add_argument("--out", default=str(paths.REPORTS_DIR), metavar="DIR",
                        help="output directory (default: reports/ in the repository)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="override a parameter for all variants")
    parser.add_argument("--notebook", default=str(paths.NOTEBOOK_PATH),
                        help="the parameterized notebook (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="render unchanged variants too")
    parser.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                        help="fail a variant when one cell runs longer than this")


def run(args: argparse.Namespace) -> int:
    """Render the variants named on the command line; 0 if all succeeded, 1 if any failed."""
    started = time.perf_counter()
    try:
        outcomes = render_reports(args.params, notebook=args.notebook, out_dir=args.out,
                                  formats=args.format, jobs=args.jobs,
                                  overrides=[tuple(p) for p in args.parameter], force=args.force,
                                  timeout=args.timeout)
    except VariantError as exc:
        print("bilateral render: nothing rendered:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk or a read-only folder while writing
        print(f"bilateral render: {_os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        from bilateral.render.staging import RenderError  # noqa: PLC0415

        if not isinstance(exc, RenderError):
            raise
        print(f"bilateral render: nothing rendered: {exc}", file=sys.stderr)
        return 1
    print(summary_table(outcomes))
    print(f"{len(outcomes)} variant(s) in {time.perf_counter() - started:.1f} s; "
          f"index: {_shown(Path(args.out) / 'index.html')}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def summary_table(outcomes: Sequence) -> str:
    """Return the end-of-batch table: variant, status, seconds, outputs, then failure reasons."""
    rows = [("variant", "status", "seconds", "outputs")]
    rows += [(o.id, o.status, f"{o.seconds:.1f}", "  ".join(_shown(p) for p in o.outputs) or "-")
             for o in outcomes]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[3]]).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in [*widths, len(rows[0][3])]))
    lines += [f"{o.id} failed: {o.reason}" for o in outcomes if o.status == "failed"]
    return "\n".join(lines)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or text!r}; "
                                         f"choose from {', '.join(FORMATS)}")
    return chosen


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _os_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    from bilateral.data.files import no_space  # noqa: PLC0415

    kept = " The previous outputs are kept." if no_space(exc) else ""
    return f"stopped: {exc.strerror or exc}{where}.{kept}"


def _shown(path: str | Path) -> str:
    """Return a path relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

