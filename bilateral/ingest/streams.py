"""Open raw event files (plain, ``.gz``, each ``.zip`` member) and cut them in whole-line chunks."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from io import BufferedIOBase
from typing import cast

CHUNK_BYTES = 32 << 20  # parsed at once; bounds memory together with pyarrow's block size


def open_streams(path: str, raw: BufferedIOBase,
                 stack: ExitStack) -> Iterator[tuple[str, BufferedIOBase]]:
    """Yield (name for messages, binary stream) for a plain file, a .gz or each .zip member."""
    lower = path.lower()
    if lower.endswith(".gz"):
        yield path, stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
    elif lower.endswith(".zip"):
        archive = stack.enter_context(zipfile.ZipFile(raw))
        members = [m for m in archive.infolist()
                   if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
        for member in members:
            with archive.open(member) as stream:
                yield f"{path}:{member.filename}", cast(BufferedIOBase, stream)  # ZipExtFile
    else:
        yield path, raw


def line_chunks(stream: BufferedIOBase) -> Iterator[memoryview]:
    """Yield line-aligned chunks; each view is valid only until the next one is requested."""
    buf = bytearray(CHUNK_BYTES)
    view = memoryview(buf)
    have = 0
    eof = False
    while not eof:
        while have < len(buf):
            n = stream.readinto(view[have:])
            if not n:
                eof = True
                break
            have += n
        if have == 0:
            return
        cut = have if eof else buf.rfind(b"\n", 0, have) + 1
        if cut == 0:  # one line longer than the buffer: move to one twice as big
            bigger = bytearray(2 * len(buf))
            bigger[:have] = view[:have]
            buf, view = bigger, memoryview(bigger)
            continue
        yield view[:cut]
        buf[:have - cut] = buf[cut:have]
        have -= cut
