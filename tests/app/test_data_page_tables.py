"""The Data page's tables and texts as plain functions (tracker/data.py): the search over a
table, the targets and commitments it keeps, the addresses allowed as links, and the captions
and download labels in the language asked."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker import data
from tracker.areas import all_area_ids
from tracker.commitments import commitments
from tracker.targets import targets


def test_an_address_is_a_link_only_when_it_is_http():
    frame = pd.DataFrame({"u": ["https://a.example/x", "javascript:alert(1)", None, "ftp://b"]})
    assert list(data.http_links(frame, "u")["u"]) == ["https://a.example/x", "", "", ""]
    assert list(frame["u"])[1] == "javascript:alert(1)"  # the frame given is left as it was


def test_the_search_matches_words_as_typed_in_any_case_never_as_a_pattern():
    frame = pd.DataFrame({"a": ["Smart factory", "x.y", None], "b": ["", "", "智能工厂"]})
    assert list(data.rows_matching(frame, ["a", "b"], "FACTORY").index) == [0]
    assert list(data.rows_matching(frame, ["a", "b"], ".").index) == [1]  # not "any character"
    assert list(data.rows_matching(frame, ["a", "b"], "智能").index) == [2]
    assert data.rows_matching(frame, ["a"], "") is frame


@pytest.mark.parametrize(("lang", "match"), [("en", "exact match"), ("zh", "完全对应")])
def test_targets_found_say_their_match_in_words_and_empty_notes_as_nothing(lang, match):
    tg = targets(all_area_ids(), lang=lang)
    found = data.targets_found(tg, "", lang)
    assert len(found) == len(tg) and match in set(found["match_text"])
    assert not found["target_note"].isna().any() and not found["match_note"].isna().any()
    word = str(tg["target_quote"].iloc[0]).split()[0]
    narrowed = data.targets_found(tg, word.upper(), lang)
    assert 0 < len(narrowed) <= len(tg)


def test_commitments_found_keep_only_the_kinds_chosen():
    com = commitments(all_area_ids(), lang="en")
    assert len(data.commitments_found(com, [], "")) == 0
    achievements = data.commitments_found(com, ["achievement"], "")
    assert set(achievements["kind"]) == {"achievement"}
    assert len(data.commitments_found(com, ["achievement", "commitment"], "")) == len(com)


def test_the_captions_count_in_the_readers_language():
    assert data.record_tab_labels(1200, 3, 0, "en") == [
        "Observations (1,200)",
        "Targets (3)",
        "Commitments (0)",
    ]
    one_page = data.observation_rows_caption(5, 9, 0, 5, 1, 1000, "en")
    assert one_page == "5 of 9 observations."
    paged = data.observation_rows_caption(2500, 2500, 1000, 1000, 3, 1000, "en")
    assert paged.endswith("Rows 1,001 to 2,000 are shown, 1,000 a page.")
    assert "万" in data.observation_rows_caption(2, 1_000_000, 0, 2, 1, 1000, "zh")
    assert data.target_rows_caption(3, 4, "", "en") == "3 of 4 targets."
    assert data.target_rows_caption(3, 4, "Why.", "en") == "3 of 4 targets. Why."
    assert data.first_rows_caption("N.", 10, 10, "en") == "N."
    assert data.first_rows_caption("N.", 11, 10, "en").startswith("N. The first 10 are shown")


def test_every_dataset_download_is_offered_with_its_label_in_the_readers_language():
    english, chinese = data.dataset_downloads("en"), data.dataset_downloads("zh")
    assert [d[0] for d in english] == list(data.DATASET_FORMATS)
    assert [d[3] for d in english] == [d[3] for d in chinese]  # the files are the same
    assert all(e[1] != z[1] and e[2] != z[2] for e, z in zip(english, chinese, strict=True))
