"""Both languages: figures in each reader's conventions, ?lang= in the URL, notes the ETL
writes, and every page under ?lang=zh in AppTest (Chinese headings, labels, statuses, axis
titles and figures; no English left but quotes and proper names)."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pandas as pd
import pytest

from etl import figures as fmt
from etl.notes import Note
from etl.status import METHOD
from etl.validate import WEB_ADDRESS
from tests.app.test_pages import PAGES, open_page
from tracker import filters, i18n, releases, status_style
from tracker import sources as source_rows

# (function, args, kwargs, English, Chinese): the number conventions of docs/languages.md.
CASES = [
    ("figure_text", (3.2, "=", "trillion yuan"), {}, "3.2 trillion yuan", "3.2万亿元"),
    ("figure_text", (4.5, ">", "trillion yuan"), {}, "> 4.5 trillion yuan", "> 4.5万亿元"),
    (
        "figure_text",
        (3.2, ">", "trillion yuan"),
        {"words": True},
        "more than 3.2 trillion yuan",
        "超过3.2万亿元",
    ),
    ("figure_text", (10000, ">", "count"), {}, "> 10,000", "> 1万"),
    ("figure_text", (10000, ">", "count"), {"words": True}, "more than 10,000", "超过1万"),
    ("figure_text", (340, ">", "count"), {}, "> 340", "> 340"),
    ("figure_text", (340, ">", "count"), {"words": True}, "more than 340", "超过340"),
    ("figure_text", (3400, ">=", "count"), {}, "≥ 3,400", "≥ 3400"),
    ("figure_text", (90, ">=", "percent"), {"words": True}, "at least 90%", "不少于90%"),
    ("figure_text", (83.5, "~", "percent"), {"words": True}, "about 83.5%", "约83.5%"),
    ("figure_text", (5, "<", "count"), {"words": True}, "less than 5", "少于5"),
    ("figure_text", (5, "<=", "count"), {"words": True}, "at most 5", "不超过5"),
    ("figure_text", (1.2e8, ">", "count"), {}, "> 120,000,000", "> 1.2亿"),
    ("figure_text", (12000, "=", "count"), {}, "12,000", "1.2万"),
    ("figure_text", (421, "=", "count"), {}, "421", "421"),
    ("figure_text", (250, "=", "billion yuan"), {}, "250 billion yuan", "2500亿元"),
    ("figure_text", (None, ">", "count"), {}, "no reported value", "暂无报告数值"),
    ("with_unit", (66.2, "percent"), {}, "66.2%", "66.2%"),
    ("change_text", (10.9, "percent"), {}, "+10.9 points", "+10.9个百分点"),
    ("change_text", (-1.5, "trillion yuan"), {}, "-1.5 trillion yuan", "-1.5万亿元"),
    ("change_text", (0, "count"), {}, "no change", "无变化"),
    ("percent_of_target", (283.3, ">"), {}, "> 283%", "> 283%"),
    ("percent_of_target", (None, ">"), {}, "n/a", "无"),
    ("show_date", (date(2024, 4, 18),), {}, "18 Apr 2024", "2024年4月18日"),
    ("show_date", (date(2025, 9, 1), "month"), {}, "Sep 2025", "2025年9月"),
    ("show_date", (date(2025, 1, 1), "year"), {}, "2025", "2025年"),
    ("date_phrase", (date(2024, 4, 18), "stated"), {}, "stated 18 Apr 2024", "2024年4月18日发布"),
    (
        "date_phrase",
        (date(2023, 12, 31), "refers_to"),
        {},
        "as of 31 Dec 2023",
        "截至2023年12月31日",
    ),
    ("period_text", (date(2021, 1, 1), date(2025, 12, 31)), {}, "2021–2025", "2021—2025年"),
    (
        "period_text",
        (date(2025, 1, 1), date(2026, 6, 30)),
        {},
        "1 Jan 2025 – 30 Jun 2026",
        "2025年1月1日至2026年6月30日",
    ),
    ("unit_title", ("percent",), {}, "Percent (%)", "百分比（%）"),
    ("unit_title", ("trillion yuan",), {}, "Trillion yuan", "万亿元"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "en", "zh"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_figures_in_each_language(function, args, kwargs, en, zh):
    write = getattr(fmt, function)
    assert write(*args, **kwargs) == en  # English is the default: downloads never change
    assert write(*args, **kwargs, lang="en") == en
    assert write(*args, **kwargs, lang="zh") == zh


def test_plain_numbers_are_the_same_in_both_languages():
    assert fmt.figure_text(3.2e12, "=", "yuan", plain=True, lang="zh") == "3200000000000 yuan"


@pytest.mark.parametrize(
    ("url", "lang", "unknown"),
    [
        (None, "en", None),
        ("", "en", None),
        ("zh", "zh", None),
        ("ZH", "zh", None),
        ("zh-CN", "zh", None),
        ("zh_Hans", "zh", None),
        ("en", "en", None),
        ("fr", "en", "fr"),
        ("[x](http://evil)", "en", "[x](http://evil)"),
    ],
)
def test_parse_lang(url, lang, unknown):
    assert filters.parse_lang(url) == filters.LangChoice(lang, unknown)
    assert filters.lang_url_value(lang) == (None if lang == "en" else lang)


def test_a_note_is_its_english_and_renders_in_chinese():
    note = Note(
        "Trend from {baseline} to {latest}.", baseline=date(2023, 1, 1), latest=date(2024, 6, 30)
    )
    assert note == "Trend from 1 Jan 2023 to 30 Jun 2024."  # dates as the pages write them
    assert note.render("zh") == "从2023年1月1日到2024年6月30日的趋势。"
    joined = Note.join(
        Note("No reported value."),
        Note("The deadline {deadline} has passed.", deadline=date(2025, 12, 31)),
    )
    assert joined == "No reported value. The deadline 31 Dec 2025 has passed."
    assert joined.render("zh") == "暂无报告数值。截止日期2025年12月31日已过。"


def test_status_names_follow_the_language():
    assert status_style.text("achieved", "zh") == "✔ 已实现"
    assert status_style.verdict_style("met_on_proxy").short_text("zh") == "✔? 已达到（仅替代指标）"
    assert status_style.style("achieved").label_en == "Achieved"  # downloads
    assert status_style.text("achieved", "en") == "✔ Achieved"


def test_method_paragraphs_keep_their_status_ids():
    for message in METHOD:
        assert i18n.catalogue.gettext("zh", message) != message


# --- the pages in Chinese ---------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
# Runs of three or more English words: what a page in Chinese must not show outside quotes,
# addresses, code, ids and proper names.
ENGLISH = re.compile(r"[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}")


def shown_texts(at) -> list[str]:
    """Everything a page writes for readers (titles, headers, markdown, captions, labels,
    notices, tab and expander labels, table column titles), quotes removed: block quotes, and
    “...” quoted sentences; addresses and code spans removed."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    parts += [e.value for kind in ("info", "warning", "error") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander] + [t.label for t in at.tabs]
    for kind in ("checkbox", "radio", "selectbox", "multiselect", "text_input", "button"):
        parts += [getattr(e, "label", "") for e in getattr(at, kind)]
    parts += [b.label for b in at.get("download_button")]
    parts += [m.label for m in at.metric]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        parts += [c.get("label", "") or "" for c in config.values()]
    out = []
    for text in parts:
        # Data text is shown literally (tracker.text.md): undo its escapes to find the names.
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(text)).replace("\u2060", "")
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
        text = re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)
        text = re.sub(r"\]\([^)]*\)|https?://\S+|`[^`]*`", "", text)
        text = re.sub(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b", "", text)  # ids: t-cnc-68
        out.append(text)
    return out


def english_left(at) -> list[str]:
    found = []
    for text in shown_texts(at):
        found += ENGLISH.findall(text)
    return found


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_in_chinese(page):
    at = open_page(page, {"lang": "zh"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["lang"] in ("zh", ["zh"])
    title = at.title[0].value
    assert CJK.search(title), title
    assert all(CJK.search(h.value) for h in at.header), [h.value for h in at.header]
    assert any(c.value.startswith("**数据截至") for c in at.caption)
    assert english_left(at) == []
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        layout = fig["layout"]
        for axis in ("xaxis", "yaxis"):
            title = (layout.get(axis, {}).get("title") or {}).get("text")
            if title:
                assert CJK.search(title), title
        names = [t.get("name") for t in fig["data"] if t.get("showlegend", True) and t.get("name")]
        assert all(CJK.search(n) for n in names), names


def test_the_sources_page_names_every_publisher_in_chinese():
    """Each source's publisher in its Chinese words (publisher_zh), never the English one: the
    list of sources and the caption of the source text shown."""
    sources = source_rows.all_sources()
    at = open_page("pages/sources_page.py", {"lang": "zh"})
    assert not at.exception, [e.value for e in at.exception]
    written = "\n".join(str(e.value) for e in [*at.markdown, *at.caption])
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", written).replace("\u2060", "")  # md undone
    translated = sources[sources["publisher"] != sources["publisher_zh"]]
    kept = sources.loc[sources["publisher"] == sources["publisher_zh"], "publisher"]
    assert all(WEB_ADDRESS.fullmatch(p) for p in kept), list(kept)  # only addresses stay
    missing = [p for p in translated["publisher_zh"] if p not in shown]
    english = [p for p in translated["publisher"] if p in shown]
    assert (missing, english) == ([], [])


def test_chinese_overview_shows_statuses_verdicts_and_figures(downloads):
    at = open_page("pages/overview_page.py", {"lang": "zh"})
    body = "\n".join(str(m.value) for m in [*at.markdown, *at.caption])
    assert "**✔ 已达到**：1" in body
    assert "目标：≥ 200（2025年12月31日前）" not in body  # a period count says its period
    assert "2021—2025年期间完成≥ 200" in body
    assert "判定依据：**491**（2025年9月）" in body
    assert "最新数据：**83.5%**（2025年3月31日） · 趋势：▲ 进展顺利" in body
    values = [m.value for m in at.metric]
    assert "> 340" in values and "> 1亿" in values
    # the downloads stay English, with the Chinese names beside the English ones
    csv = pd.read_csv(io.BytesIO(downloads["verdicts-2025.csv"]), keep_default_na=False)
    assert "Met on a proxy only" in set(csv["verdict"])
    assert "国家级智能制造示范工厂" in set(csv["indicator_zh"])
    chart_csv = pd.read_csv(
        io.BytesIO(downloads[f"overview-percent-{releases.current_version()}.csv"]),
        keep_default_na=False,
    )
    assert list(chart_csv.columns[:4]) == ["indicator", "indicator_zh", "area", "area_zh"]
    assert "Achieved" in set(chart_csv["status"])


def test_language_is_kept_across_pages_and_switched_back():
    at = open_page("pages/overview_page.py", {"lang": "zh", "area": ["standards"]})
    at.switch_page("pages/targets_page.py")
    at.run()
    assert at.title[0].value == "目标与实际"
    assert at.radio(key="sidebar_lang").value == "zh"
    assert at.checkbox(key="sidebar_area_standards").value
    assert not at.checkbox(key="sidebar_area_applications").value
    at.radio(key="sidebar_lang").set_value("en").run()
    assert at.title[0].value == "Targets vs actual"
    assert "lang" not in at.query_params
    assert at.query_params["area"] in ("standards", ["standards"])


def test_unknown_language_falls_back_to_english_with_a_notice():
    at = open_page("pages/overview_page.py", {"lang": "fr"})
    assert at.title[0].value == "Overview"
    notice = at.warning[0].value
    assert "Unknown language in the address: “fr”" in notice
    assert "地址中的语言无法识别：“fr”" in notice
    assert not at.exception
