"""The package's layers, enforced: who may import whom, no cycles, no module over 300 lines."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bilateral"
MAX_LINES = 300
# layer -> layers it may import (besides itself)
ALLOWED = {
    "data": set(),
    "analysis": {"data"},
    "plots": {"analysis", "data"},
    "report": {"analysis", "data"},
    "render": {"data"},
    "ingest": {"data"},
    "api": {"data", "analysis", "plots", "report"},
    "cli": set(),  # imports the commands' modules by name, lazily (importlib)
    "__init__": set(),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> set[str]:
    """Every bilateral module imported anywhere in the file (also inside functions), and, in a
    module that imports its names on first use (a module-level ``__getattr__``, PEP 562), every
    bilateral module it names."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = any(isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
               for node in tree.body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "bilateral"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "bilateral":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py")
                is_package = PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
                found.add(candidate if is_module.exists() or is_package.exists() else node.module)
        elif lazy and isinstance(node, ast.Constant) and node.value in MODULES:
            found.add(node.value)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_every_layer_is_known():
    assert {layer(m) for m in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module):
    own = layer(module)
    bad = sorted(i for i in GRAPH[module]
                 if i != "bilateral" and layer(i) != own and layer(i) not in ALLOWED[own])
    assert not bad, f"{module} ({own}) may not import {bad}"


def test_no_import_cycle():
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for target in GRAPH.get(node, ()):
            target = target if target in GRAPH else target.rsplit(".", 1)[0]
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*stack, node, target]))
            if target in GRAPH and not state.get(target):
                visit(target, [*stack, node])
        state[node] = 2

    for module in GRAPH:
        if not state.get(module):
            visit(module, [])


def test_the_checker_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from bilateral.analysis import measures\n")
    assert "bilateral.analysis.measures" in imports(bad)


def test_the_checker_sees_the_modules_a_lazy_module_imports_by_name(tmp_path):
    lazy = tmp_path / "lazy.py"
    lazy.write_text('SOURCES = {"bilateral.render.export": ("to_html",)}\n'
                    "def __getattr__(name):\n    ...\n")
    assert imports(lazy) == {"bilateral.render.export"}
    assert "bilateral.plots.figures" in GRAPH["bilateral.api"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


# The flagship dyads live in the data (data/events/, eras.csv, params files), never in code.
NAMES = re.compile(r"pakistan|\bindia\b|indian|russia|soviet|ussr|united states|america",
                   re.IGNORECASE)
CODES = re.compile(r"\b(?:PAK|RUS|IND|USA)\b")
NOTEBOOKS = sorted((PACKAGE.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", [*sorted(PACKAGE.rglob("*.py")),
                                  *sorted(PACKAGE.rglob("*.j2")), *NOTEBOOKS],
                         ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_country_is_named_in_code_or_notebooks(path):
    text = path.read_text(encoding="utf-8")
    hits = NAMES.findall(text) + CODES.findall(text)
    assert not hits, f"{path.name} names {sorted(set(hits))}"


STATS = "bilateral.analysis.stats"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(STATS)))
def test_statistics_import_only_data_and_themselves(module):
    """analysis.stats is a self-contained sub-package: it may lean on data, not on analysis."""
    bad = sorted(i for i in GRAPH[module]
                 if not i.startswith((STATS, "bilateral.data")) and i != "bilateral")
    assert not bad, f"{module} may not import {bad}"


def test_the_api_gives_every_name_from_its_module_when_first_used():
    import importlib
    import subprocess
    import sys

    import bilateral.api as bl

    assert set(dir(bl)) >= set(bl.__all__) and len(bl.__all__) == len(bl._WHERE) > 40
    for name in bl.__all__:
        module, attribute = bl._WHERE[name]
        source = importlib.import_module(module)
        assert getattr(bl, name) is (getattr(source, attribute) if attribute else source), name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        bl.nothing  # noqa: B018 - the access is the test
    # a fresh interpreter: the import loads no layer; the records' names load no chart library
    script = ("import sys; import bilateral.api as bl; before = set(sys.modules); "
              "bl.chronology, bl.show_chronology, bl.measures.era_table, bl.prepare_report; "
              "print('pandas' in before, 'matplotlib' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False", "True"]
