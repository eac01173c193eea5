"""Text is text: every page run on a database whose every text field holds hostile markup
(tests/fixtures/hostile_dataset.py), and on hostile addresses. Every string Streamlit renders
as Markdown (bodies, labels, help tooltips, tab labels) holds the data only in its escaped form
(`tracker.text.md`), every Plotly figure holds it only with its tags escaped
(`tracker.text.plot`), and the source text (HTML) only with `html.escape`.

tests/browser/test_hostile.py loads the same database in Chromium and checks what is drawn.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.schema import INPUT_TABLES
from tests.app.conftest import ASSESSED_ON, DASHBOARD
from tests.fixtures.hostile_dataset import (
    HOSTILE,
    PAYLOAD,
    free_text_columns,
    hostile_fields,
    marker,
    write_hostile_dataset,
)
from tracker import routing, text

TIMEOUT = 60
PAGES = [
    "pages/overview_page.py",
    "pages/work_areas_page.py",
    "pages/priorities_page.py",
    "pages/targets_page.py",
    "pages/data_page.py",
    "pages/sources_page.py",
]
# Fields of a proto that Streamlit renders as Markdown, by the proto's type; every other
# string (options of a select box, placeholders, ids, chart specs, HTML) is not Markdown.
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "captions", "delta_description", "content"}
NOT_MARKDOWN = {"Html", "PlotlyChart", "Code", "Arrow", "ArrowNamedDataSet"}
# The fields a reader sees in Markdown somewhere in the app (the Chinese twins, the sources'
# language and kind notes... are shown in tables or not at all, and are checked there).
SHOWN_IN_MARKDOWN = {
    ("areas", "name_en"),
    ("areas", "description"),
    ("indicators", "name_en"),
    ("indicators", "definition"),
    ("indicators", "note"),
    ("targets", "match_note"),
    ("commitments", "text"),
    ("sources", "title"),
    ("sources", "publisher"),
    ("sources", "language"),
    ("sources", "kind"),
}
SHOWN_IN_PLOTLY = {("indicators", "name_en"), ("sources", "title")}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    db = root / "tracker.duckdb"
    build(write_hostile_dataset(root / "datasets"), db, ASSESSED_ON)
    return db


@pytest.fixture(autouse=True)
def tracker_db(hostile_db, monkeypatch) -> Path:  # overrides tests/app/conftest.py's
    monkeypatch.setenv("TRACKER_DB", str(hostile_db))
    return hostile_db


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    """(field name, text) of every string field of a proto message, nested ones too."""
    for field, value in message.ListFields():
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for v in values:
            if isinstance(v, Message):
                yield from strings(v, field.name)
            elif isinstance(v, str):
                yield field.name, v


def rendered(at: AppTest) -> dict[str, list[str]]:
    """Every string the app sent, sorted into "markdown", "plotly" and "html"."""
    out: dict[str, list[str]] = {"markdown": [], "plotly": [], "html": [], "other": []}

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            kind = type(proto).__name__
            for name, value in strings(proto):
                if kind == "PlotlyChart" and name == "spec":
                    out["plotly"] += list(json_strings(json.loads(value)))
                elif kind == "Html":
                    out["html"].append(value)
                elif kind not in NOT_MARKDOWN and name in MARKDOWN_FIELDS:
                    out["markdown"].append(value)
                else:
                    out["other"].append(value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)


FIELDS = hostile_fields()
RAW = [s for _, s in HOSTILE]
MARKERS = {(t, c): (marker(t, c), text.md(marker(t, c))) for t, c, _ in FIELDS}
ESCAPED: dict[tuple[str, str], list[str]] = {}
for _t, _c, _v in FIELDS:
    ESCAPED.setdefault((_t, _c), []).append(text.md(_v))


def check_markdown(texts: list[str], seen: set[tuple[str, str]]) -> None:
    for body in texts:
        for raw in RAW:
            assert raw not in body, f"unescaped {raw!r} in Markdown: {body[:300]!r}"
        for field, (raw_marker, escaped_marker) in MARKERS.items():
            assert raw_marker not in body, (field, body[:300])
            if escaped_marker in body:
                seen.add(field)
                assert any(v in body for v in ESCAPED[field]), (field, body[:300])


def check_plotly(texts: list[str], seen: set[tuple[str, str]]) -> None:
    for s in texts:
        assert "<b>HTMLB" not in s and "<img" not in s and "<a " not in s, s
        assert "<span" not in s and "<script" not in s and "&lt;b&gt;ENTITY" not in s, s
        for table, column, _ in FIELDS:
            if marker(table, column) in s:
                seen.add((table, column))


@pytest.fixture(scope="module")
def pages(hostile_db) -> dict[str, dict[str, list[str]]]:
    """What every page rendered, by kind (one run of each page for the module)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_DB", str(hostile_db))
        return {page: rendered(open_page(page)) for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_hostile_data_as_text(page, pages):
    found = pages[page]
    check_markdown(found["markdown"], set())
    check_plotly(found["plotly"], set())
    for body in found["html"]:
        for raw in RAW:
            if "<" in raw or "&" in raw:
                assert raw not in body, (raw, body[:300])


def test_every_field_shown_was_found_escaped(pages):
    markdown: set[tuple[str, str]] = set()
    plotly: set[tuple[str, str]] = set()
    for found in pages.values():
        check_markdown(found["markdown"], markdown)
        check_plotly(found["plotly"], plotly)
    assert markdown >= SHOWN_IN_MARKDOWN, SHOWN_IN_MARKDOWN - markdown
    assert plotly >= SHOWN_IN_PLOTLY, SHOWN_IN_PLOTLY - plotly
    quotes = {v for _, c, v in FIELDS if c == "quote"}
    bodies = [b for found in pages.values() for b in found["markdown"]]
    shown = {q for q in quotes if any(text.md(q) in b for b in bodies)}
    assert len(shown) >= 3, "quotes are shown in quote blocks and tooltips, escaped"


def test_hostile_dataset_fills_every_free_text_field():
    columns = {(t.name, c) for t in INPUT_TABLES for c in free_text_columns(t)}
    assert {(t, c) for t, c, _ in FIELDS} == columns
    assert len(columns) >= 25
    assert all(PAYLOAD in v for _, _, v in FIELDS)


@pytest.mark.parametrize(
    "query",
    [
        {"area": [s for _, s in HOSTILE[:12]]},
        {"horizon": PAYLOAD},
        {"not_found": "/x/" + PAYLOAD},
    ],
    ids=["area", "horizon", "not_found"],
)
def test_hostile_address_is_shown_as_text(query):
    at = open_page(PAGES[0], query)
    notices = [w.value for w in at.warning]
    assert notices, "the address got no notice"
    if "not_found" in query:
        # The address is shown in a code span, where nothing is interpreted; nothing in it
        # can close the span.
        (notice,) = notices
        assert notice == routing.not_found_message(query["not_found"], "Overview")
        inside = notice.split("`")[1]
        assert notice.count("`") == 2 and inside == routing.shown_address(query["not_found"])
        return
    for body in rendered(at)["markdown"]:
        for raw in RAW:
            assert raw not in body, (raw, body[:300])
    shown = " ".join(notices)
    values = query.get("area") or [query["horizon"]]
    assert all(text.md(v) in shown for v in values)


def test_the_chinese_publishers_are_shown_as_text():
    """A Chinese page writes each source's publisher_zh in Markdown (the Sources page's list
    and caption), escaped as the English publisher is."""
    found = rendered(open_page("pages/sources_page.py", {"lang": "zh"}))
    seen: set[tuple[str, str]] = set()
    check_markdown(found["markdown"], seen)
    assert {("sources", "publisher_zh"), ("sources", "title_zh")} <= seen
    assert ("sources", "publisher") not in seen
