"""How empty each page of a PDF is, measured on its image (pdftoppm), for tests and checks.

A page's *blank fraction* is the share of its content area (inside the page margins, so the
running header and footer do not count) taken by runs of blank pixel rows at least
``min_gap_mm`` tall. Gaps between lines and paragraphs are shorter than that and count as
content; the space left under a last paragraph, or around a figure pushed to the next page,
counts as blank. "No body page more than a third empty" is ``blank_fraction(page) <= 1/3``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import cast

import numpy as np

MM_PER_INCH = 25.4
A4_MARGINS_MM = (22.0, 18.0, 20.0, 18.0)  # top, right, bottom, left: the report's @page
WHITE = 245  # a grey level at or above this is paper


def page_images(pdf: str | Path, dpi: int = 30) -> list[np.ndarray]:
    """Return each page as a grey-level array (0 black … 255 white), rendered by pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"],
                       check=True, capture_output=True)
        return [read_pgm(path) for path in sorted(Path(tmp).glob("p-*.pgm"))]


def read_pgm(path: Path) -> np.ndarray:
    """Read a binary PGM (P5, 8-bit) image as a 2-D array."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    width, height = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height, offset=position + 1)
    return pixels.reshape(height, width)


def blank_fraction(image: np.ndarray, dpi: int = 30, *, min_gap_mm: float = 6.0,
                   margins_mm: tuple[float, float, float, float] = A4_MARGINS_MM) -> float:
    """Return the share of the page's content area in blank runs of at least ``min_gap_mm``."""
    px = dpi / MM_PER_INCH
    top, right, bottom, left = (round(m * px) for m in margins_mm)
    area = image[top:image.shape[0] - bottom, left:image.shape[1] - right]
    blank = cast("np.ndarray", (area >= WHITE).all(axis=1))
    shortest = max(1, round(min_gap_mm * px))
    total, run = 0, 0
    for is_blank in [*blank, False]:
        if is_blank:
            run += 1
            continue
        if run >= shortest:
            total += run
        run = 0
    return total / max(len(blank), 1)


def blank_fractions(pdf: str | Path, dpi: int = 30, **kw) -> list[float]:
    """Return the blank fraction of every page of a PDF."""
    return [blank_fraction(image, dpi, **kw) for image in page_images(pdf, dpi)]
