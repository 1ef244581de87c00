"""A figure as inline SVG: text kept as text, ids unique on the page, marks carrying their data.

One chart definition serves the PDF and the HTML page. Plot helpers attach a record to each mark
they draw (:func:`attach_marks`); :func:`figure_svg` writes the figure with matplotlib's SVG
backend (``svg.fonttype: none``, so labels stay selectable text in both outputs) and puts each
record on its element as ``data-*`` attributes plus an ``aria-label``. WeasyPrint ignores the
attributes and draws the SVG as vectors; the page's script (in the render template) reads them to
show a mark's events on hover or keyboard focus.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.container import Container
from matplotlib.figure import Figure

from bilateral.plots.style import freeze_layout

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MARK_CLASS = "bl-mark"
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_DRAWN = {f"{{{SVG_NS}}}path", f"{{{SVG_NS}}}use"}


def attach_marks(drawn: Artist | Container, records: Iterable[Mapping[str, object]]) -> None:
    """Attach one record per mark to what a plot helper drew (a collection's elements in order,
    or a bar container's patches). ``label`` becomes the mark's accessible name; every other
    key becomes a ``data-<key>`` attribute."""
    records = [dict(r) for r in records]
    if isinstance(drawn, Container):
        for patch, record in zip(drawn, records, strict=False):
            patch.bl_marks = [record]
    else:
        drawn.bl_marks = records  # type: ignore[attr-defined]  # set on the Artist for figure_svg


def figure_title(fig: Figure) -> str:
    """Return the figure's alt text: the first title of its Axes, else "Chart"."""
    titles = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
    return next((t for t in titles if t), "Chart")


def figure_svg(fig: Figure, *, alt: str | None = None, chart_id: str | None = None) -> str:
    """Return the figure as an ``<svg>`` element for inline HTML (no XML prolog).

    The figure's layout is frozen first (``style.freeze_layout``). The root carries
    ``role="img"``, a ``<title>`` (the alt text) and ``aria-labelledby`` it;
    every id is prefixed with ``chart_id`` (default: a hash of the alt text) so that several
    charts on one page never share an id.
    """
    alt = alt or figure_title(fig)
    prefix = chart_id or "c" + hashlib.sha1(alt.encode()).hexdigest()[:6]
    marked = list(fig.findobj(lambda a: bool(getattr(a, "bl_marks", None))))
    for i, artist in enumerate(marked):
        artist.set_gid(f"marks-{i}")
    freeze_layout(fig)  # one layout pass, not savefig's layout-and-draw before the drawing
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(buffer.getvalue())
    _drop_metadata(root)
    _prefix_ids(root, prefix)
    # bl_marks is set on the Artist by attach_marks (not an attribute matplotlib's stubs know)
    _annotate_marks(root, {f"{prefix}-marks-{i}": a.bl_marks  # type: ignore[attr-defined]
                           for i, a in enumerate(marked)})
    title = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title.text = alt
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("class", "bl-chart-svg")
    root.set("data-chart", prefix)
    return ET.tostring(root, encoding="unicode")


def _drop_metadata(root: ET.Element) -> None:
    for child in list(root):
        if child.tag == f"{{{SVG_NS}}}metadata":
            root.remove(child)


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Prefix every id and every reference to one (``url(#id)``, ``xlink:href="#id"``)."""
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        for key, value in element.attrib.items():
            if key == "id":
                element.set(key, f"{prefix}-{value}")
            elif key == href and value.startswith("#"):
                element.set(key, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.set(key, _URL_REF.sub(lambda m: f"url(#{prefix}-{m[1]})", value))


def _annotate_marks(root: ET.Element, marks: dict[str, list[dict]]) -> None:
    """Put each record on its drawn element (a collection: its elements in drawing order)."""
    for group in root.iter(f"{{{SVG_NS}}}g"):
        records = marks.get(group.get("id", ""))
        if not records:
            continue
        defs = {id(e) for d in group.iter(f"{{{SVG_NS}}}defs") for e in d.iter()}
        shapes = [e for e in group.iter() if e.tag in _DRAWN and id(e) not in defs]
        if len(records) == 1:  # a patch: its one shape
            shapes = shapes[:1] or [group]
        for element, record in zip(shapes, records, strict=False):
            _set_record(element, record)


def _set_record(element: ET.Element, record: Mapping[str, object]) -> None:
    element.set("class", MARK_CLASS)
    for key, value in record.items():
        if value is None or value == "":
            continue
        if key == "label":
            element.set("aria-label", str(value))
        else:
            element.set(f"data-{key}", str(value))

