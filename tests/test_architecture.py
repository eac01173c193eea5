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
