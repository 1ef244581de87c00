"""The prose codebook (data/README.md) agrees with the schema (data/datapackage.json)."""

import re

from bilateral.data.tables import load_tables
from bilateral.data.paths import DATA_DIR
from bilateral.data.schema import all_event_fields, machine_coded_fields


def codebook_table(heading: str) -> list[list[str]]:
    """Return the cells of the first Markdown table after ``heading`` in data/README.md."""
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    after = text.split(heading, 1)[1]
    block = []
    for line in after.splitlines()[1:]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            break
    assert block, f"no table after {heading!r}"
    return [[c.strip() for c in line.strip("|").split("|")] for line in block[2:]]


def test_every_schema_column_is_documented_in_order():
    rows = codebook_table("### Columns")
    assert [r[0].strip("`") for r in rows] == [f.name for f in all_event_fields()]
    for (name, kind, required, allowed, _), field in zip(rows, all_event_fields()):
        assert kind == field.type, name
        assert (required == "yes") == field.required, name
        if field.enum:
            assert re.findall(r"`([^`]+)`", allowed) == list(field.enum), name
        if field.type == "date" and field.minimum is not None:
            assert allowed == f"`YYYY-MM-DD`, {field.minimum} to {field.maximum}", name
        elif field.minimum is not None:
            assert allowed.replace("−", "-") == f"{field.minimum:g} to {field.maximum:g}", name


def test_machine_coded_columns_are_documented():
    rows = codebook_table("## Machine-coded tables")
    assert [(r[0].strip("`"), r[1]) for r in rows] == [(f.name, f.type) for f in machine_coded_fields()]


def test_no_placeholder_left_in_codebook():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"\b[A-Z]{2,}_[A-Z_]{2,}\b", text)


def test_worked_examples_match_the_goldstein_table_and_the_data():
    goldstein = dict(
        line.split("\t") for line in
        (DATA_DIR / "reference" / "cameo_goldstein.tsv").read_text(encoding="utf-8").split("\n")[1:]
        if line)
    events = load_tables().set_index("event_id")
    rows = codebook_table("Worked examples")
    assert len(rows) >= 8
    for event_id, cameo, intensity, _ in rows:
        code, value = re.fullmatch(r"(\d+) .+ \((-?[\d.]+)\)", cameo).groups()
        assert float(goldstein[code]) == float(value), cameo
        assert events.loc[event_id.strip("`"), "intensity"] == float(intensity), event_id
