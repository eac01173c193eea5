"""The indicator page's texts and tables as plain functions (tracker/indicators.py, verdicts.py,
citation.py): the catalogue, the caption, the latest figure, every figure, the figures that
disagree, every target with its verdict, and the citation and embed texts, in the language
asked."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tracker import citation, documents, indicators, verdicts
from tracker.areas import all_area_ids
from tracker.observations import observations
from tracker.targets import also_stated, shown_targets

DISAGREEING = "smart_factories_advanced"  # two figures of the end of 2025 that disagree


def figures_of(indicator_id: str, lang: str) -> pd.DataFrame:
    return observations(all_area_ids(), [indicator_id], lang=lang)


def test_the_catalogue_names_each_indicator_in_the_readers_language_first():
    rows = documents.catalogue()
    english = indicators.indicator_catalogue_table(rows, "en")
    chinese = indicators.indicator_catalogue_table(rows, "zh")
    assert list(english["name"]) == [r["name_en"] for r in rows]
    assert list(chinese["name"]) == list(english["other"]) == [r["name_zh"] for r in rows]
    assert all(p.endswith("&lang=zh") for p in chinese["page"])
    statuses = " ".join(chinese["statuses"])
    assert "on_track" not in statuses and "achieved" not in statuses
    no_figure = [r["latest"] is None for r in rows]
    assert set(english["latest"][no_figure]) <= {"no reported value"}


def test_the_caption_and_latest_figure_say_unit_areas_version_and_date():
    meta = documents.indicator_document(DISAGREEING)["indicator"]
    caption = indicators.indicator_caption(meta, "v1", "zh")
    assert caption.startswith('<span lang="en">') and "`v1`" in caption
    assert f"/zh/indicators/{DISAGREEING}" in caption
    latest = indicators.latest_figure_line(meta, "en")
    assert latest.startswith("**Latest figure:**") and "2026" in latest
    none_yet = indicators.latest_figure_line({**meta, "freshness": None}, "zh")
    assert none_yet == "该指标**暂无报告数值**。"


def test_every_figure_says_its_confidence_and_why_it_is_not_comparable_in_words():
    obs = figures_of(DISAGREEING, "zh")
    doc = documents.indicator_document(DISAGREEING)
    confidences = {o["id"]: o["confidence"] for o in doc["observations"]}
    table = indicators.indicator_figures_table(obs, confidences, "zh")
    assert len(table) == len(obs) and set(table["confidence"]) <= {"高", "中", "低"}
    assert not set(table["confidence"]) & {"high", "medium", "low", ""}
    english = indicators.indicator_figures_table(obs, {}, "en")
    assert set(english["confidence"]) == {""}  # an unknown confidence is said as nothing
    assert all(c == "yes" or c.startswith("no: ") for c in english["comparable"])


@pytest.mark.parametrize(("lang", "reason"), [("en", "unexplained"), ("zh", "原因不明")])
def test_figures_that_disagree_are_two_sides_and_a_reason_never_half_a_pair(lang, reason):
    pairs = documents.indicator_document(DISAGREEING)["figures_that_disagree"]
    obs = figures_of(DISAGREEING, lang)
    shown = indicators.disagreeing_figures(pairs, obs, lang)
    assert len(shown) == len(pairs) and all(len(p["sides"]) == 2 for p in shown)
    assert all(reason in p["why"] for p in shown)
    one_side = obs[obs["observation_id"] != pairs[0]["observation_ids"][0]]
    assert len(indicators.disagreeing_figures(pairs, one_side, lang)) == len(pairs) - 1


def test_a_goals_verdict_is_said_with_its_deciding_figure_or_alone_or_not_yet():
    decided = {
        "verdict": "met",
        "verdict_value": 5.0,
        "verdict_text": "Met",
        "verdict_figure": "5",
        "verdict_date_text": "Jan 2026",
    }
    assert verdicts.goal_verdict_text(decided, "en") == "Met, by 5 (Jan 2026)"
    assert verdicts.goal_verdict_text({**decided, "verdict_value": None}, "en") == "Met"
    assert verdicts.goal_verdict_text({"verdict": None}, "en") == "—"


HORIZONS = {"en": {"due by 2025", "after 2025"}, "zh": {"2025年到期", "2025年后"}}
MATCHES = {"en": ("exact match", "proxy match"), "zh": ("完全对应", "替代指标")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_target_row_is_in_words_of_the_readers_language(lang):
    goals = shown_targets(all_area_ids(), lang=lang)
    table = verdicts.indicator_goals_table(goals, also_stated(all_area_ids(), lang), lang)
    assert len(table) == len(goals) > 0
    assert "light_industry" not in set(table["scope"])  # a scope in words, never its id
    assert ("轻工业" in set(table["scope"])) == (lang == "zh")
    assert set(table["horizon"]) == HORIZONS[lang]
    assert all(m.startswith(MATCHES[lang]) for m in table["match"])
    assert "—" in set(table["verdict"]) and len(set(table["verdict"])) > 1


def test_the_citation_and_embed_texts_name_release_address_and_escape_the_name():
    text = citation.indicator_citation_text(
        "X", "2026.1", "https://h/indicator?id=x", date(2026, 1, 2), "zh"
    )
    assert "2026.1" in text and "https://h/indicator?id=x" in text and "2026年1月2日" in text
    embed = citation.embed_html("https://h/indicator?id=x&lang=zh", 'a"<b>', "en")
    assert 'src="https://h/indicator?id=x&amp;lang=zh&amp;embed=true"' in embed
    assert "<b>" not in embed and "&quot;" in embed
    files = citation.reference_files_caption("x", "zh")
    assert all(f"/api/v1/indicators/x.{ext}" in files for ext in ("bib", "ris", "csl.json", "atom"))
