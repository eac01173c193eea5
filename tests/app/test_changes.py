"""What's new's shaping as plain functions (tracker/changes.py): a release's changes in words,
each field and row named as a reader names them, never by column id, in the language asked."""

from __future__ import annotations

import pytest

from tracker import changes, releases


def plain_link(indicator_id: str, name: str) -> str:
    return f"<{indicator_id}|{name}>"


def test_a_changed_field_is_named_in_words_and_its_chinese_twin_once():
    assert changes.field_name("match_note", "en") == "match note"
    assert changes.field_name("match_note_zh", "en", twins_apart=True) == "match note (Chinese)"
    assert changes.field_names(["match_note", "match_note_zh"], "en") == "match note"
    assert changes.field_name("match_note_zh", "zh", twins_apart=True) == "对应说明（中文）"
    assert "match" not in changes.field_names(["match_note", "match_note_zh"], "zh")


def test_a_cell_change_says_given_emptied_or_old_to_new():
    given = changes.cell_change({"column": "note", "old": None, "new": "a"}, "en")
    emptied = changes.cell_change({"column": "note", "old": "a", "new": ""}, "en")
    moved = changes.cell_change({"column": "value", "old": "1", "new": "2"}, "en")
    assert given.endswith("given: “a”") and "emptied (was “a”)" in emptied
    assert moved.endswith("“1” → “2”") and "value" not in given


def test_a_row_is_named_for_what_it_is():
    assert (changes.table_row_name("targets", "en"), changes.table_row_name("targets", "zh")) == (
        "Goal",
        "目标",
    )
    assert changes.table_row_name("no_such_table", "en") == "no\\_such\\_table"  # shown, escaped


def test_a_status_move_names_both_states_and_links_the_indicator():
    move = {"field": "status", "indicator_id": "x", "old": "on_track", "new": "achieved"}
    line = changes.move_text(move, {}, plain_link, "en")
    assert line.startswith("<x|x>: status ") and "on_track" not in line and " → " in line
    first = changes.move_text({**move, "old": None}, {}, plain_link, "zh")
    assert "on_track" not in first and "achieved" not in first and "status" not in first


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_release_has_a_section_in_the_readers_language(lang):
    texts = changes.releases_in_words(lang, plain_link)
    index = releases.releases_index()
    assert [s["anchor"] for s in texts["releases"]] == [r["version"] for r in index["releases"]]
    first = texts["releases"][0]["title"]
    assert first.startswith("Release ") == (lang == "en") and first.startswith("发布 ") == (
        lang == "zh"
    )
    moves = "\n".join(s["moves"] for s in texts["releases"])
    assert moves and "<" in moves  # the indicators of the moves, made links by the page's rule
