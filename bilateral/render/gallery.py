"""Write ``reports/index.html``: every rendered report, with its headline chart as a thumbnail."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

INDEX_NAME = "index.html"
_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1d1d1f; margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 2rem 1.5rem; }
h1 { border-bottom: 3px solid #1f4e79; padding-bottom: .4rem; }
ul { list-style: none; padding: 0; }
li { display: inline-block; vertical-align: top; width: 19rem; margin: 0 1rem 1.5rem 0; }
img { width: 100%; height: auto; border: 1px solid #d0d4d9; }
.missing { display: block; height: 8rem; background: #f4f6f8; border: 1px solid #d0d4d9; }
h2 { font-size: 1rem; margin: .4rem 0 .2rem; }
p { margin: .2rem 0; font-size: .85rem; color: #5f6368; }
.failed { color: #a50e0e; }
"""


def write_index(out_dir: str | Path, records: Mapping[str, Mapping]) -> Path:
    """Write the index page of ``out_dir`` from the manifest's records; return its path.

    A report whose last render failed is listed with the reason, linking its previous good
    output when there is one. Only relative links: the folder can be moved or shared whole.
    """
    out_dir = Path(out_dir)
    items = [_item(report_id, record, out_dir) for report_id, record in sorted(records.items())]
    page = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
            f"<title>Bilateral reports</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>Bilateral reports</h1>\n<ul>\n{''.join(items)}</ul>\n</main>\n</body>\n</html>\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / INDEX_NAME
    part = out_dir / f".{INDEX_NAME}.{os.getpid()}.part"
    part.write_text(page, encoding="utf-8")
    os.replace(part, target)
    return target


def _item(report_id: str, record: Mapping, out_dir: Path) -> str:
    good = record if record.get("status") == "ok" else record.get("last_good") or {}
    esc = html.escape
    title = good.get("title") or record.get("title") or report_id
    links = [f'<a href="{_href(rel)}">{esc(Path(rel).suffix.lstrip(".").upper())}</a>'
             for rel in good.get("outputs", []) if (out_dir / rel).is_file()]
    html_out = [rel for rel in good.get("outputs", []) if rel.endswith(".html")
                and (out_dir / rel).is_file()]
    thumb = good.get("thumbnail")
    picture = (f'<img src="{_href(thumb)}" alt="Headline chart of {esc(title)}">'
               if thumb and (out_dir / thumb).is_file() else '<span class="missing"></span>')
    if html_out:
        picture = f'<a href="{_href(html_out[0])}">{picture}</a>'
    when = (good.get("rendered_at") or "")[:10]
    lines = [f"<li>{picture}", f"<h2>{esc(title)}</h2>",
             f"<p>{esc(report_id)}{' · ' + esc(when) if when else ''} · "
             f"{' · '.join(links) or 'no output yet'}</p>"]
    if record.get("status") == "failed":
        lines.append(f'<p class="failed">Last render failed: {esc(record.get("reason", ""))}'
                     f'{" (showing the previous good render)" if links else ""}</p>')
    return "\n".join(lines) + "</li>\n"


def _href(relative: str) -> str:
    return html.escape(quote(Path(relative).as_posix()))
