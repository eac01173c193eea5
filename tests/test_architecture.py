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


# --- display columns: declared where the frame is made (issue 24) ----------------------------

FRAME_COLUMN_DECLARATIONS = {
    "observations": "OBSERVATION_FRAME_COLUMNS",
    "targets": "TARGET_FRAME_COLUMNS",
    "verdicts": "VERDICT_FRAME_COLUMNS",
    "indicators": "INDICATOR_FRAME_COLUMNS",
    "commitments": "COMMITMENT_FRAME_COLUMNS",
    "goals": "GOAL_FRAME_COLUMNS",
}


def _column_keys(path: Path) -> tuple[set[str], set[str]]:
    """The display columns (`_name`) a module makes (dict keys, item assignments, keyword
    arguments) and those it reads (subscripts, `.get`)."""
    made: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            made |= {k.value for k in node.keys if isinstance(k, ast.Constant)}
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant):
                    made.add(t.slice.value)
        elif isinstance(node, ast.Call):
            made |= {kw.arg for kw in node.keywords if kw.arg}
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                read.add(node.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.ctx, ast.Load)
        ):
            read.add(node.slice.value)

    def display(names: set) -> set[str]:
        return {n for n in names if isinstance(n, str) and n.startswith("_") and n[1:2] != "_"}

    return display(made), display(read)


def _declared() -> dict[str, dict[str, str]]:
    import importlib

    return {
        module: getattr(importlib.import_module(f"tracker.{module}"), name)
        for module, name in FRAME_COLUMN_DECLARATIONS.items()
    }


def test_every_display_column_read_elsewhere_is_declared_where_it_is_made():
    declared = set().union(*(set(columns) for columns in _declared().values()))
    scripts = [*REPO.glob("tracker/*.py"), *REPO.glob("pages/*.py"), REPO / "dashboard.py"]
    undeclared = {}
    for path in scripts:
        made, read = _column_keys(path)
        # a column made and read in one module is its own business
        missing = sorted(read - made - declared)
        if missing:
            undeclared[str(path.relative_to(REPO))] = missing
    assert undeclared == {}


def test_each_declared_column_is_made_by_its_module_and_described():
    for module, columns in _declared().items():
        made, _ = _column_keys(REPO / "tracker" / f"{module}.py")
        assert all(isinstance(d, str) and d for d in columns.values()), module
        inherited = set()
        if module == "targets":  # its trajectory shares the figure rows' columns
            inherited = set(_declared()["observations"])
        assert sorted(set(columns) - made - inherited) == [], module


def test_the_column_check_sees_a_read_and_a_make(tmp_path):
    (tmp_path / "m.py").write_text('f["_a"] = 1\nx = {"_b": 2}\ny = r["_c"] + r.get("_d")\n')
    made, read = _column_keys(tmp_path / "m.py")
    assert made == {"_a", "_b"} and read == {"_c", "_d"}


# No module reads a language kept per thread (issue 24, item 4): tracker.i18n keeps none.
READS_THE_THREAD_FOR_NOW: set[str] = set()
THREAD_NAMES = {"_", "ngettext", "current", "use"}


def thread_reads(path: Path) -> list[str]:
    """Where a module reads the thread's language: `i18n.current()` or `i18n.use()`, or the
    thread-bound `_`/`ngettext` (imported from tracker.i18n, or called as `i18n._`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "tracker.i18n":
            found += [
                f"{node.lineno}: imports {a.name}" for a in node.names if a.name in THREAD_NAMES
            ]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "i18n"
            and node.attr in THREAD_NAMES
        ):
            found.append(f"{node.lineno}: i18n.{node.attr}")
    return found


def test_the_language_is_a_parameter_not_the_threads():
    # issue 24: every function whose output depends on the language takes it; a page reads it
    # once from the address (ui.lang()) and binds _ = i18n.words(lang).
    paths = [*REPO.glob("tracker/*.py"), *REPO.glob("pages/*.py"), REPO / "dashboard.py"]
    reads = {
        str(p.relative_to(REPO)): found
        for p in paths
        if p.name != "i18n.py" and (found := thread_reads(p))
    }
    assert sorted(set(reads) - READS_THE_THREAD_FOR_NOW) == [], reads


def test_every_text_is_written_where_extraction_sees_it():
    # `make messages` extracts `_("...")` and `ngettext("...", ...)` only: a text written as
    # `i18n.words(lang)("...")` would be translated from a catalogue that no longer has it.
    paths = [*REPO.glob("tracker/*.py"), *REPO.glob("pages/*.py"), REPO / "dashboard.py"]
    hidden = [
        f"{p.relative_to(REPO)}:{node.lineno}"
        for p in paths
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Call)
        and ast.unparse(node.func.func) in ("i18n.words", "i18n.plural_words", "words")
        and any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    ]
    assert hidden == []


def test_the_thread_reads_are_found(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from tracker import i18n\nfrom tracker.i18n import N_, _, pick\n"
        "lang = i18n.current()\ni18n.use('zh')\nwords = i18n.words('zh')\n",
        encoding="utf-8",
    )
    assert thread_reads(module) == ["2: imports _", "3: i18n.current", "4: i18n.use"]


def test_a_cache_key_cannot_leave_out_the_language():
    # The language is a required argument of everything that caches (None, said explicitly,
    # for what holds no display text): no default a key could silently take.
    import inspect

    from tracker import cache, data, i18n

    for function in (cache.built, cache.cached, cache.per_frame, data.chart_parts):
        lang = inspect.signature(function).parameters["lang"]
        assert lang.kind is inspect.Parameter.KEYWORD_ONLY, function
        assert lang.default is inspect.Parameter.empty, function
    assert inspect.signature(i18n.pick).parameters["lang"].default is inspect.Parameter.empty
