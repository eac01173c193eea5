"""The indicator search (tracker/search.py): every word in a name or the id, then typos."""

from tracker.search import MAX_QUERY, find, word_list

ROWS = [
    {"id": "key_process_cnc_rate", "name_en": "Numerical control rate of key processes",
     "name_zh": "关键工序数控化率"},
    {"id": "digital_rd_tool_penetration", "name_en": "Penetration of digital R&D and design tools",
     "name_zh": "数字化研发设计工具普及率"},
    {"id": "industrial_internet_platforms", "name_en": "Influential industrial internet platforms",
     "name_zh": "具有影响力的工业互联网平台"},
]  # fmt: skip


def ids(query: str) -> tuple[str, ...]:
    return find(ROWS, query).ids


def test_every_word_in_any_name_or_the_id():
    assert ids("cnc rate") == ids("Rate CNC") == ("key_process_cnc_rate",)
    assert ids("r&d tools") == ("digital_rd_tool_penetration",)
    assert ids("平台") == ("industrial_internet_platforms",)
    assert ids("数控化率") == ("key_process_cnc_rate",)
    assert ids("  ") == tuple(r["id"] for r in ROWS)


def test_a_typo_is_read_as_the_nearest_word_and_said():
    found = find(ROWS, "industrail platfroms")
    assert found.ids == ("industrial_internet_platforms",)
    assert found.read_as == (("industrail", "industrial"), ("platfroms", "platforms"))


def test_nothing_close_finds_nothing():
    assert find(ROWS, "xyzzy").ids == ()
    assert find(ROWS, "cnc xyzzy").ids == ()


def test_hostile_queries_are_only_words():
    assert find(ROWS, "'; DROP TABLE x; --").ids == ()
    assert len(word_list("a " * 10_000)) == 10_000
    assert find(ROWS, "cnc " * MAX_QUERY).ids == ("key_process_cnc_rate",)
