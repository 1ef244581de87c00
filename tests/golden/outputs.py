"""Record and compare the text outputs of the shipped report variants.

The package layout may change (issue 8) but the reports must not: ``python -m tests.golden.outputs``
executes each variant in ``notebooks/params/`` with papermill and stores the text of every output
(Markdown, HTML tables, plain text, streams; images by their alt text) in
``tests/golden/<variant>.json``. ``tests/test_golden.py`` re-executes them and compares. A change
that alters a report on purpose records the outputs again in the same commit.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import papermill
import yaml

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
NOTEBOOK = ROOT / "notebooks" / "bilateral_report.ipynb"
PARAMS = ROOT / "notebooks" / "params"
TEXT_KINDS = ("text/markdown", "text/html", "text/plain")
# Timestamps that change from run to run: ISO datetimes and papermill's durations.
VOLATILE = [(re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z| UTC)?"),
             "<time>")]


def variants() -> list[str]:
    """Return the shipped variant ids (the stems of notebooks/params/*.yaml)."""
    return sorted(p.stem for p in PARAMS.glob("*.yaml"))


def execute(variant: str, out_dir: Path) -> Path:
    """Execute the report notebook with one variant's parameters; return the executed path."""
    parameters = yaml.safe_load((PARAMS / f"{variant}.yaml").read_text(encoding="utf-8")) or {}
    out = out_dir / f"{variant}.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(NOTEBOOK.parent),
                               progress_bar=False, log_output=False)
    return out


def text_outputs(executed: Path) -> list[str]:
    """Return every text output of an executed notebook, timestamps replaced."""
    notebook = nbformat.read(executed, as_version=4)
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        if "injected-parameters" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
                continue
            data = output.get("data", {})
            if output.get("metadata", {}).get("bilateral", {}).get("figure"):
                texts.append("<image>")  # a chart (inline SVG): its drawing is not text
                continue
            for kind in TEXT_KINDS:
                if kind in data:
                    texts.append(data[kind] if isinstance(data[kind], str)
                                 else "".join(data[kind]))
                    break
            else:
                if any(k.startswith("image/") for k in data):
                    texts.append("<image>")
    normalised = []
    for text in texts:
        for pattern, replacement in VOLATILE:
            text = pattern.sub(replacement, text)
        normalised.append(text)
    return normalised


def record(out_dir: Path) -> None:
    """Execute every variant and store its text outputs next to this module."""
    for variant in variants():
        texts = text_outputs(execute(variant, out_dir))
        (GOLDEN / f"{variant}.json").write_text(json.dumps(texts, indent=1, ensure_ascii=False)
                                                + "\n", encoding="utf-8")
        print(f"recorded {variant}: {len(texts)} outputs")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        record(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp))
