"""The indicator page, /indicator?id=...: every indicator of the database has a page that draws
its chart, offers the API's bytes as downloads, and cites the dataset's version; an unknown or
hostile id gets a notice and the list."""

from __future__ import annotations

import duckdb
import pytest

from tests.app.test_api import HOSTILE
from tests.app.test_pages import open_page
from tracker import documents

PAGE = "pages/indicator_page.py"


def ids(db) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            r[0] for r in con.execute("SELECT indicator_id FROM indicators ORDER BY 1").fetchall()
        ]


def test_every_indicator_has_a_page_with_its_chart_and_downloads(tracker_db, downloads):
    for indicator_id in ids(tracker_db):
        downloads.clear()
        at = open_page(PAGE, {"id": indicator_id})
        assert not at.exception, (indicator_id, [e.value for e in at.exception])
        doc = documents.indicator_document(indicator_id)
        assert [t.value for t in at.title] == [doc["indicator"]["name_en"]]
        assert len(at.get("plotly_chart")) == 1, indicator_id
        version = doc["version"]
        csv_name = f"indicator-{indicator_id}-{version}.csv"
        json_name = f"indicator-{indicator_id}-{version}.json"
        assert downloads[csv_name] == documents.indicator_csv(indicator_id)
        assert downloads[json_name] == documents.json_bytes(doc)
        cite = [c.value for c in at.code]
        assert any(f"release {version}" in c and f"id={indicator_id}" in c for c in cite)


def test_page_in_chinese_shows_the_chinese_name(tracker_db):
    at = open_page(PAGE, {"id": "key_process_cnc_rate", "lang": "zh"})
    assert not at.exception
    doc = documents.indicator_document("key_process_cnc_rate")
    assert [t.value for t in at.title] == [doc["indicator"]["name_zh"]]


def test_without_id_every_indicator_is_listed(tracker_db):
    at = open_page(PAGE)
    assert not at.exception
    assert [t.value for t in at.title] == ["Indicators"]
    table = at.dataframe[0].value
    assert len(table) == len(ids(tracker_db))
    assert all(p.startswith("/indicator?id=") for p in table["page"])


def test_search_matches_english_and_chinese_names(tracker_db):
    at = open_page(PAGE)
    at.text_input(key="indicator_search").input("平台").run()
    zh = at.dataframe[0].value
    at.text_input(key="indicator_search").input("PLATFORM").run()
    en = at.dataframe[0].value
    assert "/indicator?id=industrial_internet_platforms" in set(zh["page"])
    assert "/indicator?id=industrial_internet_platforms" in set(en["page"])
    assert len(en) < len(ids(tracker_db))
    at.text_input(key="indicator_search").input("no such thing at all").run()
    assert at.dataframe[0].value.empty


@pytest.mark.parametrize("asked", HOSTILE, ids=range(len(HOSTILE)))
def test_unknown_or_hostile_id_gets_a_notice_and_the_list(asked):
    at = open_page(PAGE, {"id": asked})
    assert not at.exception
    assert [t.value for t in at.title] == ["Indicators"]
    assert any("There is no indicator with the id" in w.value for w in at.warning)


def test_what_was_searched_is_shown_where_no_official_figure_was_found():
    """issue 17: the CNC rate's end-2025 figure was searched for and not found; the page says
    so with the date, and lists the searches with their exact queries."""
    from tests.app.test_pages import open_page, texts

    at = open_page("pages/indicator_page.py", {"id": "key_process_cnc_rate"})
    assert not at.exception
    body = texts(at)
    assert "**No official figure found as of 4 Dec 2026.** No end" in body
    [searched] = [e for e in at.expander if e.label.startswith("What was searched")]
    assert searched.label == "What was searched (4 searches)"  # with those of 2026-12-06
    listed = "\n".join(m.value for m in searched.markdown)
    assert "**4 Dec 2026**, in pages \\| docs: nothing official found. Queries: “2025年底" in listed
    at = open_page("pages/indicator_page.py", {"id": "key_process_cnc_rate", "lang": "zh"})
    assert "**截至2026年12月4日未找到官方数据。**" in texts(at)


@pytest.mark.parametrize(
    ("lang", "heading", "reason"),
    [("en", "Figures that disagree", "unexplained"), ("zh", "说法不一的数据", "原因不明")],
)
def test_figures_that_disagree_are_shown_side_by_side_with_their_reason(lang, heading, reason):
    """issue 26: 7,000 and 8,200 advanced-level factories at the end of 2025 are both shown,
    each with its date and source, and the reason (here: none known)."""
    doc = documents.indicator_document("smart_factories_advanced")
    [pair] = [p for p in doc["figures_that_disagree"] if p["id"] == "d-tier-advanced-end-2025"]
    shown = {o["id"] for o in doc["observations"]}
    assert set(pair["observation_ids"]) <= shown
    at = open_page(PAGE, {"id": "smart_factories_advanced", "lang": lang})
    assert not at.exception
    assert heading in [s.value for s in at.subheader]
    # Markdown-escaped text (tracker.text.md), read as the reader sees it.
    text = "\n".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert any(f in text for f in ("7,000", "7000")) and any(f in text for f in ("8,200", "8200"))
    assert reason in text
    assert (pair["note_zh"] if lang == "zh" else pair["note"])[:30] in text


def test_an_indicator_without_such_figures_has_no_such_section():
    assert documents.indicator_document("key_process_cnc_rate")["figures_that_disagree"] == []
    at = open_page(PAGE, {"id": "key_process_cnc_rate"})
    assert "Figures that disagree" not in [s.value for s in at.subheader]


def test_search_finds_by_words_and_typos_and_keeps_its_text_in_the_address(tracker_db):
    """Issue 28: "cnc rate" and a typo found nothing, and the search left the address."""
    at = open_page(PAGE)
    at.text_input(key="indicator_search").input("cnc rate").run()
    assert "/indicator?id=key_process_cnc_rate" in set(at.dataframe[0].value["page"])
    assert at.query_params["q"] in ("cnc rate", ["cnc rate"])
    at.text_input(key="indicator_search").input("platfroms").run()
    assert "/indicator?id=industrial_internet_platforms" in set(at.dataframe[0].value["page"])
    assert any("“platfroms” → “platforms”" in c.value for c in at.caption)
    at.text_input(key="indicator_search").input("").run()
    assert "q" not in at.query_params
    assert len(at.dataframe[0].value) == len(ids(tracker_db))


def test_a_shared_search_address_opens_with_its_search():
    at = open_page(PAGE, {"q": "数控化率"})
    assert at.text_input(key="indicator_search").value == "数控化率"
    assert "key_process_cnc_rate" in " ".join(at.dataframe[0].value["page"])
