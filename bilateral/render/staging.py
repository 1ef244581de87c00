"""Where a batch writes: the locked ``--out`` folder, one staging folder per variant, and the
move of a variant's finished outputs into ``DIR/<id>/``.

Workers write only into ``DIR/.bilateral-stage/<id>/`` (same filesystem as the outputs). The
batch process, holding the folder's lock, moves the files into place after the worker has
reported, and writes the manifest after that. So a worker that outlives a killed batch can
replace nothing, and a failed or interrupted run leaves the previous outputs byte-for-byte.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from bilateral.data import files
from bilateral.render.jobs import Job, Outcome, output_names

STAGE_ROOT = ".bilateral-stage"
MARKER = ".bilateral-report"  # in DIR/<id>/: bilateral made this folder and owns its <id>.* files
RESERVED = {"index.html", "manifest.json", STAGE_ROOT, files.LOCK_NAME}
_CONTROL = re.compile(r"[\x00-\x1f\x7f/\\]")


class RenderError(Exception):
    """The output folder cannot be used (not a folder, read-only, busy, not ours)."""


def id_problem(report_id: str) -> str | None:
    """Say why a parameters file's stem cannot name a report folder; None when it can."""
    if not report_id or report_id.startswith(".") or report_id.lower() in RESERVED:
        return (f"report id {report_id!r} (the file name without .yaml) must not be empty, "
                "start with '.', or be a name bilateral uses in --out; rename the file")
    if _CONTROL.search(report_id):
        return (f"report id {report_id!r} contains a path separator or a control character; "
                "rename the file")
    return None


def open_output_folder(out_dir: Path):
    """Create ``out_dir`` if needed, take its lock and clear what killed runs staged there;
    return the lock (close it to release). Raise :class:`RenderError` with one sentence."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise RenderError(f"--out {out_dir} exists and is not a folder") from None
    except OSError as exc:
        raise RenderError(f"cannot create --out {out_dir}: {exc.strerror}") from None
    if not out_dir.is_dir():
        raise RenderError(f"--out {out_dir} exists and is not a folder")
    try:
        lock = files.lock_folder(out_dir)
    except files.BusyError as exc:
        raise RenderError(exc.strerror) from None
    except OSError as exc:
        raise RenderError(f"cannot write in --out {out_dir}: {exc.strerror}") from None
    files.remove_tree(out_dir / STAGE_ROOT)  # left by a killed run; links are not followed
    return lock


def stage_dir(out_dir: Path, report_id: str) -> Path:
    """Return the staging folder of one variant (created by the worker)."""
    return out_dir / STAGE_ROOT / report_id


def foreign_outputs(out_dir: Path, report_id: str, formats: Sequence[str],
                    known: Sequence[str]) -> list[str]:
    """Return the problems that stop a variant from being written: ``DIR/<id>`` is a link or
    not a folder, or holds an output-named file that bilateral did not write (neither in a
    folder bilateral made nor recorded in the manifest, ``known``: paths relative to DIR)."""
    folder = out_dir / report_id
    if folder.is_symlink():
        return [f"{folder} is a symbolic link; bilateral writes no file through a link"]
    if not folder.exists():
        return []
    if not folder.is_dir():
        return [f"{folder} exists and is not a folder"]
    if (folder / MARKER).is_file():
        return []
    names = output_names(report_id, formats).values()
    return [f"{folder / name} was not written by bilateral; move it away or choose another --out"
            for name in names if (folder / name).exists() and f"{report_id}/{name}" not in known]


def commit(job: Job, outcome: Outcome) -> Outcome:
    """Move a finished variant's staged files into ``DIR/<id>/`` and return the outcome with
    final paths and hashes. A failed run keeps its executed notebook as ``<id>.failed.ipynb``
    (and its log); the previous good outputs are not touched."""
    stage, folder = Path(job.stage_dir), Path(job.out_dir)
    names = output_names(job.id, job.formats)
    staged = {key: stage / name for key, name in names.items() if (stage / name).is_file()}
    folder.mkdir(exist_ok=True)
    if not (folder / MARKER).exists():
        files.write_atomic(folder / MARKER, "Made by bilateral render: it replaces the files "
                           "named after this folder here.\n")
    if outcome.status == "ok":
        keys = ["ipynb", *job.formats, "thumb", "thumb_svg"]
        hashes = {str(folder / names[k]): files.sha256_file(staged[k]) for k in keys
                  if k in staged}
        for key in [*keys, "log"]:
            if key in staged:
                os.replace(staged[key], folder / names[key])
        files.remove_tree(folder / names["failed"])  # a failure since fixed
        for kind in ("thumb", "thumb_svg"):  # a thumbnail of the other kind is stale
            if kind not in staged:
                files.remove_tree(folder / names[kind])
        thumb = next((k for k in ("thumb_svg", "thumb") if k in staged), None)
        result = Outcome(job.id, "ok", outcome.seconds,
                         [str(folder / names[k]) for k in ("ipynb", *job.formats)],
                         title=outcome.title,
                         thumbnail=str(folder / names[thumb]) if thumb else None,
                         sha256=hashes)
    else:
        outputs = []
        if "ipynb" in staged and _is_json(staged["ipynb"]):
            os.replace(staged["ipynb"], folder / names["failed"])
            outputs.append(str(folder / names["failed"]))
        if "log" in staged:
            os.replace(staged["log"], folder / names["log"])
        result = Outcome(job.id, outcome.status, outcome.seconds, outputs, reason=outcome.reason)
    files.remove_tree(stage)
    return result


def discard(out_dir: Path) -> None:
    """Remove the batch's staging folders (what a stopped run left)."""
    files.remove_tree(out_dir / STAGE_ROOT)


def _is_json(path: Path) -> bool:
    """A notebook cut short by a full disk is not worth keeping."""
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def known_files(record: Mapping | None) -> list[str]:
    """Return every file (relative to DIR) a manifest record says bilateral wrote."""
    if not record:
        return []
    good = record.get("last_good") or {}
    found = [*record.get("outputs", []), *good.get("outputs", []), *record.get("files", [])]
    found += [t for t in (record.get("thumbnail"), good.get("thumbnail")) if t]
    return found
