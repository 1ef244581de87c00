"""Render report variants: each PARAMS.yaml is one report, DIR/<id>/<id>.{ipynb,html,pdf}.

Variants whose parameters, notebook, data, code and package versions have not changed since
their last good render are skipped (see DIR/manifest.json); --force renders them again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilateral.data import paths

FORMATS = ("html", "pdf")
_ASSIGNMENT = re.compile(r"^(\w+)\s*(?::\s*([^=]+?))?\s*=\s*(.*)$")


class VariantError(ValueError):
    """Variant files that cannot be rendered; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Variant:
    """One report variant: its id (the parameters file's stem) and merged parameters."""

    id: str
    source: str
    parameters: dict = field(default_factory=dict)


def notebook_parameters(notebook: str | Path) -> dict[str, str]:
    """Return ``{name: annotation}`` of the notebook's ``parameters`` cell (no kernel needed)."""
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as exc:
        raise VariantError([f"{notebook}: cannot read the notebook ({exc})"]) from None
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"]
            lines = ("".join(source) if isinstance(source, list) else source).splitlines()
            return {m[1]: (m[2] or "").strip() for m in map(_ASSIGNMENT.match, lines) if m}
    raise VariantError([f"{notebook}: no cell is tagged 'parameters'."])


def coerce_value(text: str, annotation: str):
    """Type a ``-p NAME VALUE`` string: as-is for ``str`` parameters, else read as YAML."""
    if annotation == "str":
        return text
    import yaml  # noqa: PLC0415

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def load_variants(files: Sequence[str | Path], notebook: str | Path,
                  overrides: Sequence[tuple[str, str]] = ()) -> list[Variant]:
    """Read the parameters files, apply ``-p`` overrides and check every name against the notebook.

    All problems (missing or malformed files, duplicate ids, unknown parameter names) are
    collected and raised once as :class:`VariantError`, so nothing runs when any is wrong.
    """
    import yaml  # noqa: PLC0415

    known = notebook_parameters(notebook)
    problems = [f"-p {name}: the notebook {Path(notebook).name} has no parameter {name!r}"
                f" (it has {', '.join(known)})" for name, _ in overrides if name not in known]
    typed = {name: coerce_value(value, known.get(name, "")) for name, value in overrides}
    variants: list[Variant] = []
    seen: dict[str, Path] = {}
    for file in map(Path, files):
        if file.stem in seen:
            problems.append(f"{file}: report id {file.stem!r} is also used by {seen[file.stem]}")
            continue
        seen[file.stem] = file
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{file}: cannot read the parameters ({' '.join(str(exc).split())})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{file}: must be a mapping of parameter names to values")
            continue
        problems += [f"{file}: unknown parameter {key!r} (the notebook {Path(notebook).name} "
                     f"has {', '.join(known)})" for key in data if key not in known]
        variants.append(Variant(file.stem, str(file), {**data, **typed}))
    if problems:
        raise VariantError(problems)
    return variants


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
        Before anything runs, when a parameters file is unreadable or names an unknown parameter.
    """
    from bilateral.render import gallery, manifest, pool  # noqa: PLC0415
    from bilateral.render.jobs import Job, Outcome  # noqa: PLC0415

    formats = tuple(f for f in FORMATS if f in set(formats))
    out_dir, notebook = Path(out_dir), Path(notebook)
    variants = load_variants(files, notebook, overrides)
    records = manifest.load_manifest(out_dir)
    inputs = manifest.InputHasher(notebook)
    outcomes, todo = {}, []
    for variant in variants:
        key = inputs.render_key(variant.parameters, formats)
        if not force and manifest.is_current(records.get(variant.id), key, out_dir):
            outcomes[variant.id] = Outcome(
                variant.id, "skipped", 0.0, [str(out_dir / rel)
                                             for rel in records[variant.id]["outputs"]])
        else:
            todo.append((Job(variant.id, str(notebook), variant.parameters,
                                   str(out_dir / variant.id), formats, os.getcwd(), timeout), key))
    keys = {job.id: key for job, key in todo}
    for outcome in pool.run_jobs([job for job, _ in todo], workers=jobs or _cores(),
                                  progress=progress):
        outcomes[outcome.id] = outcome
        manifest.update_manifest(out_dir, [(outcome, keys[outcome.id])])  # kept if interrupted
    gallery.write_index(out_dir, manifest.load_manifest(out_dir))
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
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
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


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _shown(path: str | Path) -> str:
    """Return a path relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

