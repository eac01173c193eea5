"""The Sources & method page's shaping as plain functions (tracker/sources.py): the list of
sources, a source's text with its figures marked, the status method and the data dictionary,
each in the language asked for."""

from __future__ import annotations

import pytest

from etl.schema import ALL_TABLES
from tracker import sources

PRIMARY = "scio-2024-04-18"
PLAN = "plan-im-14fyp"  # a source with a Chinese title and publisher of its own


def shown(lang: str) -> dict[str, dict]:
    return {r["source_id"]: r for r in sources.sources_shown(lang).to_dict("records")}


def test_a_source_is_listed_with_its_publisher_and_words_in_the_readers_language():
    order = list(sources.sources_shown("en")["source_id"])
    english = sources.source_list(sources.sources_shown("en"), "en").splitlines()
    chinese = sources.source_list(sources.sources_shown("zh"), "zh").splitlines()
    assert len(english) == len(chinese) == len(order)
    # Markdown escapes taken out: the words as the reader sees them
    plan_en, plan_zh = (lines[order.index(PLAN)].replace("\\", "") for lines in (english, chinese))
    assert "MIIT, NDRC" in plan_en and "high confidence" in plan_en and "· plan" in plan_en
    assert "工业和信息化部、国家发展改革委" in plan_zh
    assert "MIIT" not in plan_zh and "confidence" not in plan_zh and "· plan" not in plan_zh


def test_a_month_only_date_is_shown_to_its_precision():
    month = [r for r in shown("en").values() if r["date_precision"] == "month"]
    assert month and all(r["date_text"].count(" ") == 1 for r in month)  # "Sep 2020", no day


def test_the_primary_text_marks_each_quoted_figure_and_lists_it():
    row = shown("en")[PRIMARY]
    text = sources.source_text_html(PRIMARY, row["text_file"], "en")
    marked = text.count('<li id="figure-')
    assert marked > 0 and marked == len(
        [r for r in sources.quoted_records(PRIMARY).to_dict("records") if r["kind"] != "commitment"]
    )
    assert "Figures quoted from this source" in text
    chinese = sources.source_text_html(PRIMARY, row["text_file"], "zh")
    assert "本来源所引数据" in chinese and "Figures quoted" not in chinese


def test_a_missing_stored_text_is_said_not_raised():
    text = sources.source_text_html(PRIMARY, "sources/no-such-file.txt", "en")
    assert "The stored text could not be shown" in text and "no-such-file" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_status_method_writes_status_names_never_ids(lang):
    method = sources.status_method(lang)
    assert "`on_track`" not in method and "`achieved`" not in method
    assert method.count("\n\n") >= 2
    table = sources.status_table(lang)
    assert len(table) > 3 and table.index.name == ("Status" if lang == "en" else "状态")


def test_the_data_dictionary_has_every_table_and_column_with_a_meaning():
    tables = sources.data_dictionary("zh")
    assert [t["widget_key"] for t in tables] == [f"sources_dict_{t.name}" for t in ALL_TABLES]
    for table, dictionary in zip(ALL_TABLES, tables, strict=True):
        assert list(dictionary["columns"].iloc[:, 0]) == [c.name for c in table.columns]
        assert dictionary["title"].startswith(f"`{table.name}`")
