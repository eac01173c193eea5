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


# The lead's modules, being rewritten: baked.py's `in_language` sets the thread's language for
# code that no longer reads it, and goes once nothing calls it (issue 24, item 4).
READS_THE_THREAD_FOR_NOW = {"tracker/baked.py", "tracker/api.py", "tracker/mcp.py"}
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
