"""Write ``reports/index.html``: every rendered report, with its headline chart as a thumbnail.

The page is the Jinja2 template ``templates/gallery/index.html.j2``; its generator tag marks
the file as bilateral's, so an ``index.html`` that someone else put in the folder is never
replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from bilateral.data import files

INDEX_NAME = "index.html"
GENERATOR = "bilateral"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "gallery"
_LEGACY_TITLE = "<title>Bilateral reports</title>"  # index pages from before the generator tag


def write_index(out_dir: str | Path, records: Mapping[str, Mapping]) -> Path:
    """Write the index page of ``out_dir`` from the manifest's records; return its path.

    A report whose last render failed is listed with the reason, linking its previous good
    output when there is one. Only relative links: the folder can be moved or shared whole.
    """
    import jinja2  # noqa: PLC0415 - not needed when nothing changed

    out_dir = Path(out_dir)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
                                     autoescape=True, keep_trailing_newline=True)
    environment.filters["href"] = lambda rel: quote(Path(rel).as_posix())
    environment.filters["kind"] = lambda rel: Path(rel).suffix.lstrip(".").upper()
    cards = [_card(report_id, record, out_dir) for report_id, record in sorted(records.items())]
    page = environment.get_template("index.html.j2").render(cards=cards, generator=GENERATOR)
    out_dir.mkdir(parents=True, exist_ok=True)
    return files.write_atomic(out_dir / INDEX_NAME, page)


def foreign_index(out_dir: str | Path) -> str | None:
    """Say why ``out_dir/index.html`` must not be replaced (it exists and is not ours)."""
    path = Path(out_dir) / INDEX_NAME
    if not path.exists() and not path.is_symlink():
        return None
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000] if (
            path.is_file() and not path.is_symlink()) else ""
    except OSError:
        head = ""
    if f'<meta name="generator" content="{GENERATOR}' in head or _LEGACY_TITLE in head:
        return None
    return f"{path} was not written by bilateral; move it away or choose another --out"


def _card(report_id: str, record: Mapping, out_dir: Path) -> dict:
    good = record if record.get("status") == "ok" else record.get("last_good") or {}
    links = [rel for rel in good.get("outputs", []) if (out_dir / rel).is_file()]
    thumb = good.get("thumbnail")
    return {"id": report_id, "title": good.get("title") or record.get("title") or report_id,
            "links": links, "html": next((r for r in links if r.endswith(".html")), None),
            "thumbnail": thumb if thumb and (out_dir / thumb).is_file() else None,
            "when": (good.get("rendered_at") or "")[:10],
            "failed": record.get("status") == "failed", "reason": record.get("reason", "")}
