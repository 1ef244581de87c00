"""Files written whole or not at all, file hashes, folder locks and cleaning that never follows
a symbolic link: the one implementation used by ``bilateral render`` and ``bilateral ingest``.

A write goes to a hidden temporary file in the target's own folder (same filesystem), is
flushed to disk, and is then renamed over the target (``os.replace``), so a reader sees the old
file or the new one, never a part. When the write fails (a full disk, an interrupt) the
temporary file is removed and the target is as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

LOCK_NAME = ".bilateral.lock"


class BusyError(OSError):
    """Another process holds the lock of a folder."""


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.part")


@contextlib.contextmanager
def atomic_paths(targets: Sequence[str | Path]) -> Iterator[list[Path]]:
    """Yield a temporary path for each target; when the block ends without an exception, move
    every one into place (all written before any is moved); on an exception remove them."""
    paths = [Path(t) for t in targets]
    temporary = [_temporary(t) for t in paths]
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        for part in temporary:
            os.chmod(part, 0o666 & ~umask)
            _sync(part)
        for part, target in zip(temporary, paths, strict=True):
            os.replace(part, target)
    finally:
        for part in temporary:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()


def write_atomic(target: str | Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``target`` whole, or leave it as it was; return it."""
    target = Path(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_paths([target]) as (part,):
        part.write_bytes(data)
    return target


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def regular_file_problem(path: str | Path) -> str | None:
    """Say why ``path`` cannot be read as a data file (missing, a folder, a FIFO, a device),
    without opening it (opening a FIFO blocks; a device can be endless); None when it can."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {kind}, not a regular file; only files can be read"


def lock_folder(folder: str | Path):
    """Take the exclusive lock ``folder/.bilateral.lock`` (fcntl.flock) and return the open
    lock file; closing it (or the process ending) releases the lock. Raise :class:`BusyError`
    naming the holder when another process has it."""
    import fcntl  # noqa: PLC0415 - POSIX only

    path = Path(folder) / LOCK_NAME
    stream = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - returned to the caller
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        stream.seek(0)
        holder = stream.read().strip() or "another process"
        stream.close()
        raise BusyError(errno.EBUSY, f"{folder} is in use by {holder}; wait until it has "
                        "finished, or choose another --out") from None
    stream.seek(0)
    stream.truncate()
    stream.write(f"bilateral (pid {os.getpid()})\n")
    stream.flush()
    return stream


def remove_tree(path: str | Path) -> None:
    """Remove a file or folder tree; a symbolic link is removed, never followed."""
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    shutil.rmtree(path)  # removes links inside it without following them


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def no_space(exc: BaseException) -> bool:
    """Tell whether an exception is a full disk (or quota)."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
