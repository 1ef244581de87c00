"""Report variants: each parameters file (YAML) is one report, named by its file stem; its
values are merged with the ``-p`` overrides and every name is checked against the notebook's
``parameters`` cell before anything runs (papermill itself only warns)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    from bilateral.data.yamlfile import YamlError, load_yaml  # noqa: PLC0415

    try:
        return load_yaml(text)
    except YamlError:
        return text


def load_variants(files: Sequence[str | Path], notebook: str | Path,
                  overrides: Sequence[tuple[str, str]] = ()) -> list[Variant]:
    """Read the parameters files, apply ``-p`` overrides and check every name against the notebook.

    All problems (missing, malformed or oversized files, unsafe or duplicate ids, unknown
    parameter names, values the report cannot use) are collected and raised once as
    :class:`VariantError`, so nothing runs when any is wrong.
    """
    from bilateral.data.yamlfile import YamlError, load_yaml_file  # noqa: PLC0415
    from bilateral.render.staging import id_problem  # noqa: PLC0415

    known = notebook_parameters(notebook)
    problems = [f"-p {name}: the notebook {Path(notebook).name} has no parameter {name!r}"
                f" (it has {', '.join(known)})" for name, _ in overrides if name not in known]
    typed = {name: coerce_value(value, known.get(name, "")) for name, value in overrides}
    variants: list[Variant] = []
    seen: dict[str, Path] = {}
    for file in map(Path, files):
        unsafe = id_problem(file.stem)
        if unsafe:
            problems.append(f"{file}: {unsafe}")
            continue
        if file.stem in seen:
            problems.append(f"{file}: report id {file.stem!r} is also used by {seen[file.stem]}")
            continue
        seen[file.stem] = file
        try:
            data = load_yaml_file(file) or {}
        except (OSError, YamlError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            problems.append(f"{file}: cannot read the parameters ({' '.join(str(reason).split())})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{file}: must be a mapping of parameter names to values")
            continue
        problems += [f"{file}: unknown parameter {key!r} (the notebook {Path(notebook).name} "
                     f"has {', '.join(known)})" for key in data if key not in known]
        merged = {**data, **typed}
        problem = value_problem(merged, known)
        if problem:
            problems.append(f"{file}: {problem}")
            continue
        variants.append(Variant(file.stem, str(file), merged))
    if problems:
        raise VariantError(problems)
    return variants


def value_problem(values: dict, known: dict[str, str]) -> str:
    """Check the values of the report parameters a variant sets (spec in bilateral.data.spec);
    return the reason one is unusable, or "" when all are. Reads no event table."""
    from bilateral.data.parameters import ParameterError, check_values  # noqa: PLC0415
    from bilateral.data.spec import NAMES  # noqa: PLC0415

    try:
        check_values({k: v for k, v in values.items() if k in NAMES and k in known})
    except ParameterError as exc:
        return str(exc)
    return ""
