"""The architecture document's import graph is the code's, and nothing imports the app."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from docs import import_graph

REPO = Path(__file__).resolve().parent.parent


def test_the_documented_import_graph_is_the_codes():
    text = import_graph.DOC.read_text(encoding="utf-8")
    assert import_graph.graph() in text, "run: python docs/import_graph.py --write"


def test_the_graph_has_an_arrow_per_import():
    graph = import_graph.graph()
    assert "  tracker_data --> tracker_store\n" in graph
    assert "  tracker_store --> tracker_queries\n" in graph
    assert "  pages_sources_page --> etl_figures\n" in graph
    # figures takes its few words from the catalogues, which import nothing of the project
    assert [line for line in graph.splitlines() if "etl_figures -->" in line] == [
        "  etl_figures --> etl_i18n"
    ]
    assert "etl_i18n -->" not in graph  # the bottom


def test_nothing_imports_the_app():
    # import-linter cannot take dashboard.py (a script, not a package) as a root
    for path in [*REPO.glob("tracker/*.py"), *REPO.glob("etl/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in ("dashboard", "pages")], path


def test_the_import_contract_names_every_tracker_module():
    # A module outside the layers is checked by no contract (issue 24: "the import-linter
    # contract names the new modules").
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [
        c["layers"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c.get("containers") == ["tracker"]
    ]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    modules = {p.stem for p in REPO.glob("tracker/*.py")} - {"__init__"}
    assert sorted(modules - named) == []
    assert sorted(named - modules) == []


def test_the_app_script_is_its_frame_and_router_only():
    # issue 24: the URL state lives in tracker/url_state.py, the shaping in tracker/
    lines = (REPO / "dashboard.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 180


def _top_level_names(path: Path) -> list[str]:
    """The names a module defines at its top level: functions, classes, assignments."""
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [n for n in names if not n.startswith("__")]


def _homes() -> dict[str, list[str]]:
    homes: dict[str, list[str]] = {}
    for path in sorted(REPO.glob("tracker/*.py")):
        for name in set(_top_level_names(path)):
            homes.setdefault(name, []).append(path.stem)
    return homes


# `main` is each runnable module's entry point (`python -m tracker.<module>`), one per module by
# convention, never imported by name from another.
ENTRY_POINTS = {"main"}


def test_no_public_name_has_two_homes():
    # issue 24: "no public name is defined in two tracker/ modules"
    twice = {
        name: modules
        for name, modules in _homes().items()
        if len(modules) > 1 and not name.startswith("_") and name not in ENTRY_POINTS
    }
    assert twice == {}


def test_no_private_helper_is_written_three_times():
    # issue 24: "no private helper in three"
    thrice = {
        name: modules
        for name, modules in _homes().items()
        if len(modules) > 2 and name.startswith("_")
    }
    assert thrice == {}


def test_the_homes_check_sees_a_second_home(tmp_path):
    # the check above reads assignments, functions and classes alike
    (tmp_path / "a.py").write_text("X = 1\ndef f():\n    pass\n_t: int = 2\n")
    assert _top_level_names(tmp_path / "a.py") == ["X", "f", "_t"]


def test_no_tracker_module_is_over_650_lines():
    sizes = {
        p.stem: len(p.read_text(encoding="utf-8").splitlines()) for p in REPO.glob("tracker/*.py")
    }
    assert {m: n for m, n in sizes.items() if n > 650} == {}
