"""The number finder: English and Chinese mentions, dataset figures, sentence splitting."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.numbers import (
    chinese_numeral_value,
    figure_in_text,
    find_numbers,
    mention_matches,
    sentences,
)

# (text, [(mention text, number, scale, comparator, unit, kind), ...])
CASES = [
    # the figures of the SCIO 2024-04-18 answer
    ("3.2 trillion yuan", [("3.2 trillion yuan", 3.2, 1e12, "=", "yuan", "money")]),
    (
        "has now exceeded 3.2 trillion yuan.",
        [("exceeded 3.2 trillion yuan", 3.2, 1e12, ">", "yuan", "money")],
    ),
    ("more than 3,400", [("more than 3,400", 3400, 1, ">", None, "count")]),
    ("over 90%", [("over 90%", 90, 1, ">", "percent", "percent")]),
    ("1 billion yuan", [("1 billion yuan", 1, 1e9, "=", "yuan", "money")]),
    (
        "revenues exceeding 1 billion yuan",
        [("exceeding 1 billion yuan", 1, 1e9, ">", "yuan", "money")],
    ),
    ("421", [("421", 421, 1, "=", None, "count")]),
    ("10,000", [("10,000", 10000, 1, "=", None, "count")]),
    ("cultivating over 150 providers", [("over 150", 150, 1, ">", None, "count")]),
    (
        "For three consecutive years, with four other departments",
        [
            ("three consecutive years", 3, 1, "=", "year", "duration"),
            ("four", 4, 1, "=", None, "count"),
        ],
    ),
    ("we have focused on four key areas", [("four", 4, 1, "=", None, "count")]),
    # Chinese
    ("3.2万亿元", [("3.2万亿元", 3.2, 1e12, "=", "yuan", "money")]),
    ("超过150家", [("超过150家", 150, 1, ">", None, "count")]),
    ("已经超过了2400个", [("超过了2400个", 2400, 1, ">", None, "count")]),
    ("万余家", [("万余家", 1, 1e4, ">", None, "count")]),
    ("三年", [("三年", 3, 1, "=", "year", "duration")]),
    ("10亿元", [("10亿元", 10, 1e8, "=", "yuan", "money")]),
    ("1万", [("1万", 1, 1e4, "=", None, "count")]),
    ("智能制造装备产业规模突破3.2万亿元", [("突破3.2万亿元", 3.2, 1e12, ">", "yuan", "money")]),
    ("培育150家以上供应商", [("150家以上", 150, 1, ">=", None, "count")]),
    ("建成500个以上示范工厂", [("500个以上", 500, 1, ">=", None, "count")]),
    ("369项国家标准", [("369项", 369, 1, "=", None, "count")]),
    ("四个重点", [("四个", 4, 1, "=", None, "count")]),
    ("两家", [("两家", 2, 1, "=", None, "count")]),
    ("一百二十家", [("一百二十家", 120, 1, "=", None, "count")]),
    ("三千万元", [("三千万元", 3000, 1e4, "=", "yuan", "money")]),
    ("300多家", [("300多家", 300, 1, ">", None, "count")]),
    ("不到10%", [("不到10%", 10, 1, "<", "percent", "percent")]),
    ("约30%", [("约30%", 30, 1, "~", "percent", "percent")]),
    ("百分之七十", [("百分之七十", 70, 1, "=", "percent", "percent")]),
    ("6个月", [("6个月", 6, 1, "=", "month", "duration")]),
    ("2.5倍", [("2.5倍", 2.5, 1, "=", "times", "multiple")]),
    # Traditional Chinese
    ("3.5萬餘家基礎級", [("3.5萬餘家", 3.5, 1e4, ">", None, "count")]),
    ("8200餘家先進級", [("8200餘家", 8200, 1, ">", None, "count")]),
    ("並培育15家領航級", [("15家", 15, 1, "=", None, "count")]),
    # percent spellings, decimals, negatives
    (
        "54.6%、69.8%和74.2%",
        [
            ("54.6%", 54.6, 1, "=", "percent", "percent"),
            ("69.8%", 69.8, 1, "=", "percent", "percent"),
            ("74.2%", 74.2, 1, "=", "percent", "percent"),
        ],
    ),
    ("90 per cent", [("90 per cent", 90, 1, "=", "percent", "percent")]),
    ("12 percent", [("12 percent", 12, 1, "=", "percent", "percent")]),
    ("８０％", [("８０％", 80, 1, "=", "percent", "percent")]),  # full-width digits
    ("80％", [("80％", 80, 1, "=", "percent", "percent")]),
    ("fell -2.5% year on year", [("-2.5%", -2.5, 1, "=", "percent", "percent")]),
    (
        "0.5 percentage points",
        [("0.5 percentage points", 0.5, 1, "=", "percentage point", "percent")],
    ),
    # ranges: two mentions, the lower bound borrows the unit
    (
        "10-15%",
        [("10", 10, 1, ">=", "percent", "percent"), ("15%", 15, 1, "<=", "percent", "percent")],
    ),
    (
        "10 to 15 percent",
        [
            ("10", 10, 1, ">=", "percent", "percent"),
            ("15 percent", 15, 1, "<=", "percent", "percent"),
        ],
    ),
    (
        "10%至15%",
        [("10%", 10, 1, ">=", "percent", "percent"), ("15%", 15, 1, "<=", "percent", "percent")],
    ),
    (
        "3 to 4 billion yuan",
        [
            ("3", 3, 1e9, ">=", "yuan", "money"),
            ("4 billion yuan", 4, 1e9, "<=", "yuan", "money"),
        ],
    ),
    (
        "rose from 10% to 15%",
        [("10%", 10, 1, "=", "percent", "percent"), ("15%", 15, 1, "=", "percent", "percent")],
    ),
    # other qualifiers
    ("at least 200", [("at least 200", 200, 1, ">=", None, "count")]),
    ("up to 300", [("up to 300", 300, 1, "<=", None, "count")]),
    ("about 5", [("about 5", 5, 1, "~", None, "count")]),
    ("nearly 40%", [("nearly 40%", 40, 1, "~", "percent", "percent")]),
    ("fewer than 12", [("fewer than 12", 12, 1, "<", None, "count")]),
    ("5 years or more", [("5 years or more", 5, 1, ">=", "year", "duration")]),
    ("3,400-plus companies", [("3,400-plus", 3400, 1, ">", None, "count")]),
    ("RMB 3 billion", [("RMB 3 billion", 3, 1e9, "=", "yuan", "money")]),
    ("$5 million", [("$5 million", 5, 1e6, "=", "usd", "money")]),
    (
        "43 providers with 1 bn of revenue",
        [
            ("43", 43, 1, "=", None, "count"),
            ("1 bn", 1, 1e9, "=", None, "count"),
        ],
    ),
    ("twenty-one thousand", [("twenty-one thousand", 21, 1e3, "=", None, "count")]),
    ("one hundred and twenty", [("one hundred and twenty", 120, 1, "=", None, "count")]),
    # years, dates, ordinals
    (
        "The goal is that by 2025, more than 70%",
        [
            ("by 2025", 2025, 1, "<=", None, "year"),
            ("more than 70%", 70, 1, ">", "percent", "percent"),
        ],
    ),
    ("到2025年", [("到2025年", 2025, 1, "<=", None, "year")]),
    ("2024年", [("2024年", 2024, 1, "=", None, "year")]),
    ("In 2022 alone", [("2022", 2022, 1, "=", None, "year")]),
    ("二〇二五年", [("二〇二五年", 2025, 1, "=", None, "year")]),
    ("入选2023年度示范工厂", [("2023年度", 2023, 1, "=", None, "year")]),
    ("2021-2025", [("2021", 2021, 1, ">=", None, "year"), ("2025", 2025, 1, "<=", None, "year")]),
    ("on 2024-04-18", [("2024-04-18", 2024, 1, "=", None, "date")]),
    ("2024年4月18日", [("2024年4月18日", 2024, 1, "=", None, "date")]),
    ("As of the end of December 2023, we", [("December 2023", 2023, 1, "=", None, "date")]),
    ("April 18, 2024", [("April 18, 2024", 2024, 1, "=", None, "date")]),
    (
        "First, we have. Second, we will.",
        [
            ("First", 1, 1, "=", None, "ordinal"),
            ("Second", 2, 1, "=", None, "ordinal"),
        ],
    ),
    ("第一批", [("第一", 1, 1, "=", None, "ordinal")]),
    ("the 3rd batch", [("3rd", 3, 1, "=", None, "ordinal")]),
    # not numbers
    ("5G networks and the Internet of Things in Q1", []),
    ("COVID-19", []),
    ("see http://english.scio.gov.cn/pressroom/2022-06/18/content_78277863_5.htm", []),
    ("the 14th Five-Year Plan", []),
    ("“十四五”智能制造发展规划", []),
    ("一些企业统一部署，十分重要，一个重要任务", []),
    ("三四家", []),
    ("数十家", []),
    ("one of the key tasks; no one", []),
    ("at 10:00 a.m.", []),
    ("standard GB/T 39116-2020", []),
    ("四月", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_numbers(text, expected):
    found = [(m.text, m.number, m.scale, m.comparator, m.unit, m.kind) for m in find_numbers(text)]
    assert len(found) == len(expected), found
    for got, want in zip(found, expected, strict=True):
        assert got[0] == want[0]
        assert math.isclose(got[1], want[1])
        assert math.isclose(got[2], want[2])
        assert got[3:] == want[3:]


def test_value_is_number_times_scale_and_offsets_are_exact():
    text = "The output exceeded 3.2 trillion yuan; 超过150家 and 万余家."
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
        assert math.isclose(m.value, m.number * m.scale)


def test_transcript_sentence_figures():
    text = (
        "As a result, we have cultivated 421 national demonstration factories and more than "
        "10,000 provincial-level digital workshops and smart factories. Technologies such as AI "
        "and digital twins are now applied in over 90% of these demonstration plants."
    )
    assert [(m.text, m.value, m.comparator) for m in find_numbers(text)] == [
        ("421", 421, "="),
        ("more than 10,000", 10000, ">"),
        ("over 90%", 90, ">"),
    ]


FIGURE_CASES = [
    (3.2, "trillion yuan", "3.2 trillion yuan", True),
    (3.2, "trillion yuan", "智能制造装备产业规模突破3.2万亿元", True),
    (3.2, "trillion yuan", "3.2 billion yuan", False),
    (3.2, "billion yuan", "3.2 billion yuan", True),
    (3.2, "trillion yuan", "3.2% of output", False),
    (4.5, "trillion yuan", "has exceeded 4.5 trillion yuan", True),
    (1, "billion yuan", "主营业务收入超过10亿元", True),
    (1, "billion yuan", "1 bn of revenue", True),
    (10000, "count", "10,000", True),
    (10000, "count", "建成万余家省级智能工厂", True),
    (10000, "count", "1万", True),
    (10000, "count", "1,000", False),
    (35000, "count", "3.5萬餘家基礎級", True),
    (8200, "count", "8200餘家先進級", True),
    (90, "percent", "90%", True),
    (90, "percent", "90 per cent", True),
    (90, "percent", "90 national standards", False),
    (90, "count", "over 90%", False),
    (1200, "count", "1,200 advanced-level", True),
    (150, "count", "over 150", True),
    (150, "count", "150家以上", True),
    (421, "count", "4210", False),
    (421, "count", "421.5", False),
    (421, "count", "cultivated 421 national demonstration factories", True),
    (3, "count", "three consecutive years", False),
    (2025, "count", "by 2025", False),
    (70, "percent", "70%的规模以上制造业企业", True),
    (54.6, "percent", "分别达54.6%、69.8%和74.2%", True),
    (69.8, "percent", "分别达54.6%、69.8%和74.2%", True),
    (69.9, "percent", "分别达54.6%、69.8%和74.2%", False),
]


@pytest.mark.parametrize(("value", "unit", "text", "expected"), FIGURE_CASES)
def test_figure_in_text(value, unit, text, expected):
    assert figure_in_text(value, unit, text) is expected


def test_unknown_dataset_unit_is_an_error():
    mention = find_numbers("421")[0]
    with pytest.raises(ValueError, match="unknown dataset unit"):
        mention_matches(mention, 421, "factories")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("三千五百", 3500),
        ("三万亿", 3e12),
        ("三亿五千万", 3.5e8),
        ("二〇二五", 2025),
        ("三四", None),
        ("十四五", None),
    ],
)
def test_chinese_numeral_value(numeral, value):
    assert chinese_numeral_value(numeral) == value


def test_sentences_split_english_chinese_and_lines():
    text = "It exceeded 3.2 trillion yuan. Next? Yes!\n建成万余家。超过150家；好\nMr. Shan said so."
    assert [s for _, _, s in sentences(text)] == [
        "It exceeded 3.2 trillion yuan.",
        "Next?",
        "Yes!",
        "建成万余家。",
        "超过150家；",
        "好",
        "Mr. Shan said so.",
    ]
    for start, end, sentence in sentences(text):
        assert text[start:end] == sentence


def _to_chinese(n: int) -> str:
    """A Chinese numeral for 1 <= n < 10**8 (the tests' own writer, used to round-trip)."""
    digits = "零一二三四五六七八九"

    def below_10000(k: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = k // size % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low)
    rest = below_10000(low)
    return below_10000(high) + "万" + ("零" if rest and low < 1000 else "") + rest


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separated_integers_are_found_with_their_value(n):
    text = f"We counted {n:,} firms."
    mentions = find_numbers(text)
    assert len(mentions) == 1
    assert mentions[0].value == n
    assert figure_in_text(n, "count", text)


@given(st.integers(min_value=2, max_value=10**8 - 1))
def test_chinese_numerals_round_trip(n):
    text = f"建成{_to_chinese(n)}家工厂"
    mentions = find_numbers(text)
    assert len(mentions) == 1, (text, mentions)
    assert mentions[0].value == n


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["万", "亿", "万亿", " thousand", " million", " billion", " trillion"]),
)
def test_decimals_with_scale_words(whole, cents, scale_word):
    written = f"{whole}.{cents:02d}"
    text = f"规模达{written}{scale_word}元"
    [mention] = find_numbers(text)
    scales = {"万": 1e4, "亿": 1e8, "万亿": 1e12, " thousand": 1e3, " million": 1e6}
    scale = scales.get(scale_word, 1e9 if scale_word == " billion" else 1e12)
    assert mention.number == float(written)
    assert mention.scale == scale
    assert mention.unit == "yuan"


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789,.%-万余家超过约 abyorthe年第一十三两\n")),
        max_size=40,
    )
)
def test_spans_are_exact_ordered_and_disjoint(text):
    mentions = find_numbers(text)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end
        assert m.comparator in {"=", ">", ">=", "<", "<=", "~"}
        previous_end = m.end


@given(st.text(max_size=200))
def test_any_text_is_handled(text):
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
    for start, end, sentence in sentences(text):
        assert text[start:end] == sentence


def test_find_numbers_is_read_once_per_text_and_returns_a_fresh_list():
    from etl import numbers

    text = "The rate reached more than 68.5% at the end of 2024, up from 55.3%."
    numbers._find_numbers_cached.cache_clear()
    first = numbers.find_numbers(text)
    first.append("changed by the caller")
    second = numbers.find_numbers(text)
    assert numbers._find_numbers_cached.cache_info().hits == 1
    assert second == numbers._find_numbers(text)
    assert "changed by the caller" not in second


def test_upper_case_text_is_read_as_before_the_word_guards():
    # The finder skips a pattern when the lower-cased text holds none of its words
    # (numbers._Guarded): upper case must still be masked and read as it was.
    text = (
        "See HTTP://X.CN/5G and WWW.A.CN/7, the 14TH FIVE-YEAR PLAN, at 10 A.M., 30 MARCH 2024 "
        "and the TWENTY-FIRST of TWO HUNDRED firms"
    )
    found = [(m.text, m.kind, m.value) for m in find_numbers(text)]
    assert found == [
        ("30", "count", 30.0),
        ("2024", "year", 2024.0),
        ("TWENTY-FIRST", "ordinal", 21.0),
        ("TWO HUNDRED", "count", 200.0),
    ]
    assert [m.text for m in find_numbers("Q1 5G COVID-19 a_1 x-9 grew 5%")] == ["5%"]
