"""Find the numbers stated in English and Chinese (Simplified or Traditional) text.

Pure functions, no I/O. The public API:

- `find_numbers(text)`: every numeric mention, in order, non-overlapping, as `NumberMention`s.
- `figure_in_text(value, unit, text)`: does `text` state `value` in a dataset unit?
- `mention_matches(mention, value, unit)`: does one mention state that figure?
- `sentences(text)`: sentence spans with offsets.

Reading rules (the choices the tests pin down):

- A mention's `text` is the exact span: leading qualifier ("more than", "超过"), currency
  prefix ("RMB"), the numeral, scale word ("trillion", "万亿"), unit ("yuan", "元", "%"),
  Chinese classifier ("家", "项") and trailing qualifier ("余", "以上", "or more").
- `number` is the numeral as written and `scale` the multiplier word after it: "3.2 trillion"
  is 3.2 x 1e12; "万余" is 1 x 1e4 (the "one" is implied); "3.5萬" is 3.5 x 1e4. Inside a
  Chinese numeral only a trailing 万/亿 run becomes the scale ("三千万" is 3000 x 1e4, "三千"
  is 3000 x 1). English scale words at the end of a word numeral become the scale too
  ("two million" is 2 x 1e6), "hundred" does not.
- Comparators: ">" more than, over, exceeded/exceeding, surpassed, above, 超过, 超, 突破, 逾,
  and 余/餘/多 after the number; ">=" at least, no less than, or more, 以上 (in the plans
  "150家以上" sets a floor of 150 that is itself acceptable, so it is read as >=); "<" less
  than, under, below, 不到, 不足; "<=" at most, up to, no more than, 以下, 不超过; "~" about,
  around, approximately, nearly, almost, roughly, 约, 近, 左右. Otherwise "=".
  A calendar year after "by", "until", "before", 到 or 至 gets "<=" (a deadline).
- Ranges ("10-15%", "10 to 15", "10%至15%") are two mentions: the lower bound with ">=" and
  the upper bound with "<=". The lower bound borrows the unit and scale of the upper one when
  it has none of its own ("10-15%" gives 10 percent and 15 percent). "from 10% to 15%" and
  "从10%到15%" are changes, not ranges, and stay two plain mentions.
- A leading minus sign makes the number negative ("-2.5%"); words such as 下降 do not.
- Kinds: "percent" (%, ％, percent, per cent; "percentage points"/"个百分点" have unit
  "percentage point"), "money" (yuan, RMB, 元: unit "yuan"; dollars, 美元: unit "usd"),
  "duration" (three consecutive years, 三年, 6个月: unit "year"/"month"/...), "year" (a
  calendar year 1900-2100 written in digits, "2024年", "二〇二五年"; unit None), "date" (a full
  date: ISO 2024-04-18, 2024年4月18日, April 18, 2024, December 2023: one mention whose number
  is the year, or the day when no year is given), "ordinal" (First, Second, 14th, 第一),
  "multiple" (2.5倍, 3 times: unit "times") and "count" (everything else; unit None).
- Not mentions at all: digits inside identifiers and URLs (5G, Q1, COVID-19, file names),
  clock times (10:00, 10 a.m.), standard codes (GB/T 39116-2020), plan names (十四五,
  Five-Year Plan, 五年规划), a lone "one"/"一" (usually an article: "one of", "一个"), vague
  numerals (三四家, 数十家) and Chinese month names (四月).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

__all__ = [
    "DATASET_UNITS",
    "NumberMention",
    "figure_in_text",
    "find_numbers",
    "mention_matches",
    "sentences",
]


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    start: int
    end: int
    number: float
    scale: float
    value: float
    comparator: str
    unit: str | None
    kind: str


# --------------------------------------------------------------------------- vocabulary

_SP = r"[^\S\n]"  # whitespace that does not cross a line

_EN_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)

# The lookahead (every month name's first letter) spares the alternation at most word starts.
_MONTH_NAME = rf"(?=[ADFJMNOS])(?:{_MONTHS})"

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CN_NUMERAL_CHARS = "".join([*_CN_DIGITS, *_CN_UNITS, *_CN_BIG])
_CN_CLASSIFIERS = "家个個项項座台套名位条條种種类類所户戶人件款次篇部批张張只"

# comparators read from the words before a number, longest alternatives first where it matters
_EN_PREFIX = [
    ("<=", r"not\s+exceeding|not\s+more\s+than|no\s+more\s+than|at\s+most|up\s+to"),
    ("<=", r"a\s+maximum\s+of|maximum\s+of"),
    (">=", r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than"),
    (">=", r"a\s+minimum\s+of|minimum\s+of"),
    (">", r"more\s+than|greater\s+than|higher\s+than|over|exceeded|exceeding|exceeds|exceed"),
    (">", r"surpassed|surpassing|surpasses|surpass|above|in\s+excess\s+of|upwards\s+of|topped"),
    ("<", r"less\s+than|fewer\s+than|lower\s+than|under|below"),
    ("~", r"about|around|approximately|approx\.|nearly|almost|roughly|close\s+to|some|circa"),
]
_CN_PREFIX = [
    ("<=", "不超过|不超過|不多于|不高于|至多|最多"),
    (">=", "不少于|不低于|至少"),
    ("<", "不到|不足|少于|低于|小于"),
    (">", "超过|超過|超出|突破|逾|多于|大于|高于|超"),
    ("~", "大约|约为|約為|约|約|将近|將近|接近|近"),
]


_PINYIN_GLOSS = r"\([a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}\)"


def _prefix_regex(table: list[tuple[str, str]], english: bool) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<c{i}>{words})" for i, (_, words) in enumerate(table))
    if english:
        return re.compile(rf"(?<![\w.])(?:{alternatives}){_SP}+\Z", re.I | re.A)
    # Mirrors of traditional-character pages may gloss a character with its pinyin in brackets
    # (超過(guò)): the gloss does not hide the comparator. Nor does the aspect particle of spoken
    # answers (已经超过了2400个).
    return re.compile(rf"(?:{alternatives})(?:{_PINYIN_GLOSS})?了?{_SP}*\Z")


_EN_PREFIX_RE = _prefix_regex(_EN_PREFIX, english=True)
_ASCII_SPACES_BUT_NEWLINE = tuple(" \t\r\x0b\x0c")  # what _SP matches under re.ASCII
_CN_PREFIX_RE = _prefix_regex(_CN_PREFIX, english=False)
_DEADLINE_PREFIX_RE = re.compile(
    rf"(?:(?<!\w)(?:by|until|till|before|no\s+later\s+than){_SP}+|(?:到|至){_SP}*)\Z",
    re.I | re.A,
)
_CURRENCY_PREFIX_RE = re.compile(rf"(?:(?<![A-Za-z])(?:RMB|CNY)|US\$|\$|¥|￥){_SP}*\Z")
_NON_CHANGE_PREFIX_RE = re.compile(rf"(?:(?<!\w)from{_SP}+|从|從|由)\Z", re.I | re.A)

# things after a number
_EN_SCALE_RE = re.compile(rf"(?:{_SP}*|-)(trillion|billion|bn|million|mn|thousand)\b", re.I | re.A)
_CN_SCALE_RE = re.compile(r"[百千]?[万萬][亿億]?|[百千]?[亿億]|千")
_CN_APPROX_RE = re.compile(r"[余餘多]")
_PLUS_RE = re.compile(r"\+|-plus\b", re.I | re.A)
_UNITS: list[tuple[re.Pattern[str], str | None]] = [
    (
        re.compile(rf"{_SP}*(?:percentage{_SP}+points?\b|个百分点|個百分點)", re.I | re.A),
        "percentage point",
    ),
    (re.compile(rf"{_SP}*(?:[%％]|percent\b|per{_SP}+cent\b|per-cent\b)", re.I | re.A), "percent"),
    (re.compile(rf"{_SP}*(?:yuan\b|RMB\b|renminbi\b)|元(?:人民币|人民幣)?", re.I | re.A), "yuan"),
    (re.compile(rf"{_SP}*(?:(?:US{_SP}+)?dollars\b)|美元", re.I | re.A), "usd"),
    (re.compile(rf"{_SP}*(?:times\b|-fold\b|fold\b)|倍", re.I | re.A), "times"),
    (
        re.compile(
            rf"(?:{_SP}+|-)(?:(?:consecutive|straight|successive|full){_SP}+)?"
            r"(?P<span>years?|months?|weeks?|days?|decades?)\b",
            re.I | re.A,
        ),
        "duration",
    ),
    (re.compile(r"年度?"), "cn-year"),
    (re.compile(r"[个個]月"), "month"),
    (re.compile(r"天"), "day"),
    (re.compile(f"[{_CN_CLASSIFIERS}]"), None),
]
_SUFFIX_CMP: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"及?以上"), ">="),
    (re.compile(r"及?以下"), "<="),
    (re.compile(r"左右"), "~"),
    (re.compile(rf"{_SP}+(?:or|and){_SP}+(?:more|above|over|higher|greater)\b", re.I | re.A), ">="),
    (re.compile(rf"{_SP}+(?:or|and){_SP}+(?:less|fewer|below|under|lower)\b", re.I | re.A), "<="),
]
_RANGE_GAP_RE = re.compile(rf"{_SP}*(?:-|–|—|~|～|〜|至|到){_SP}*|{_SP}+to{_SP}+", re.I | re.A)


@dataclass(frozen=True, slots=True)
class _Guarded:
    """Patterns, and the words one of which every match of each holds once lower-cased: a
    text whose lower-case form holds none of them is not scanned (one search for the words
    costs a fraction of the scans; most quotes hold no date in Chinese, no URL, no ordinal)."""

    patterns: tuple[re.Pattern[str], ...]
    needles: re.Pattern[str]


def _guarded(needles: Iterable[str], *patterns: re.Pattern[str]) -> _Guarded:
    return _Guarded(patterns, re.compile("|".join(re.escape(n) for n in needles)))


def _matches(groups: Iterable[_Guarded], text: str, folded: str) -> Iterator[re.Match[str]]:
    """Every match of every pattern of `groups` in `text`, pattern by pattern in order, as
    scanning each would give; `folded` is text.lower()."""
    for group in groups:
        if group.needles.search(folded):
            for pattern in group.patterns:
                yield from pattern.finditer(text)


# spans in which no number is read
_MASKS = [
    _guarded(("http", "www."), re.compile(r"(?:https?://|www\.)\S+", re.I | re.A)),
    _guarded("@", re.compile(r"\S+@\S+\.\w+")),
    _guarded(":", re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b", re.A)),
    _guarded(("m.",), re.compile(rf"\b\d{{1,2}}(?::\d{{2}})?{_SP}*[ap]\.?m\.", re.I | re.A)),
    _guarded(
        ("gb", "iso", "iec", "ieee", "yb", "jb", "sj", "yd"),
        re.compile(r"\b(?:GB|ISO|IEC|IEEE|YB|JB|SJ|YD)(?:/[TZ])?\s*\d[\d.:-]*", re.A),
    ),
    _guarded(
        ("five-year",),
        re.compile(
            rf"(?:\b\d{{1,2}}(?:st|nd|rd|th){_SP}+|\b[A-Za-z]+teenth{_SP}+)?Five-Year{_SP}+Plans?",
            re.I | re.A,
        ),
    ),
    _guarded("十", re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?")),
    _guarded(
        "五",
        re.compile(r"第?十[一二三四五六七八九][个個]五年(?:规划|規劃)|五年(?:规划|規劃|计划|計劃)"),
    ),
]
# A token (a run of these characters from its first letter, digit or _) that holds both a
# letter and a digit: the only tokens _masked_spans may mask (5G, Q1, COVID-19), found by one
# scan instead of a look at every word.
_TOKEN_CHARS = r"A-Za-z0-9_./:#@&=?+\-"
_MIXED_TOKEN_RE = re.compile(
    rf"(?<![{_TOKEN_CHARS}])[./:#@&=?+\-]*(?=[{_TOKEN_CHARS}]*?[A-Za-z])(?=[{_TOKEN_CHARS}]*?\d)"
    rf"(?P<token>[A-Za-z0-9_][{_TOKEN_CHARS}]*)",
    re.ASCII,
)
_ALLOWED_TOKEN_RE = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|bn|mn)"
    r"|\d[\d,]*(?:\.\d+)?(?:-[A-Za-z]+)+"
    r"|(?:mid|end|early|late|pre|post)-\d{4}",
    re.I | re.A,
)

# numeral cores
_DIGIT_AFTER_SEPARATOR_RE = re.compile(r"[./:]\d")
_ARABIC_RE = re.compile(r"(?P<neg>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?")
_ORDINAL_NUM_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.A)
_ORDINAL_WORD_RE = _guarded(
    _EN_ORDINALS,
    re.compile(rf"\b(?:(?P<tens>{_TENS})-)?(?P<unit>{'|'.join(_EN_ORDINALS)})\b", re.I | re.A),
)
_EN_WORDS = (*_EN_SMALL, "hundred", "thousand", "million", "billion", "trillion")
_EN_WORD = "|".join(_EN_WORDS)
_WORD_NUMBER_RE = _guarded(
    _EN_WORDS,
    re.compile(rf"\b(?:{_EN_WORD})(?:(?:{_SP}+|-)(?:and{_SP}+)?(?:{_EN_WORD}))*\b", re.I | re.A),
)
_CN_NUMERAL_RE = re.compile(f"[{_CN_NUMERAL_CHARS}]+")
# in this order (of two dates read from one span, the first pattern's is kept)
_DATE_RES = [
    _guarded(
        "-",
        re.compile(r"(?<![\d-])(?P<y>\d{4})-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?![\d-])"),
    ),
    _guarded(
        "/",
        re.compile(r"(?<![\d/])(?P<y>\d{4})/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/])"),
    ),
    _guarded(
        "月",
        re.compile(r"(?<!\d)(?P<y>\d{4})年\d{1,2}月(?:\d{1,2}[日号號])?"),
        re.compile(r"(?<!\d)\d{1,2}月(?P<d>\d{1,2})[日号號]"),
    ),
    _guarded(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        re.compile(
            rf"\b{_MONTH_NAME}{_SP}+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}+(?P<y>\d{{4}})\b",
            re.A,
        ),
        re.compile(rf"\b(?P<d>\d{{1,2}}){_SP}+{_MONTH_NAME},?{_SP}+(?P<y>\d{{4}})\b", re.A),
        re.compile(rf"\b{_MONTH_NAME},?{_SP}+(?P<y>\d{{4}})\b", re.A),
        re.compile(rf"\b{_MONTH_NAME}{_SP}+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]?\d)", re.A),
    ),
]


@dataclass(frozen=True, slots=True)
class _Core:
    """A numeral before its qualifiers and units are read."""

    start: int
    end: int
    number: float
    scale: float
    kind: str  # "arabic" | "word" | "chinese" | "ordinal" | "date" | "cn-percent"
    plain_integer: bool = False  # digits only: no thousands separator, no decimal point
    positional: bool = False  # Chinese digit-by-digit numeral such as 二〇二五


@dataclass(frozen=True, slots=True)
class _Partial:
    """A numeral with its scale, unit and trailing qualifiers read."""

    core: _Core
    end: int
    scale: float
    unit: str | None
    classifier: bool
    suffix_cmp: str | None


# --------------------------------------------------------------------------- numeral parsing


def _parse_word_number(words: list[str]) -> tuple[float, float] | None:
    """(number, scale) for English number words, or None if they do not form one number."""
    total, current, last = 0.0, 0.0, ""
    for word in words:
        if word in _EN_SMALL:
            value = _EN_SMALL[word]
            if last in _EN_SMALL and not (_EN_SMALL[last] >= 20 and _EN_SMALL[last] % 10 == 0):
                return None
            if last in _EN_SMALL and value >= 10:
                return None
            current += value
        elif word == "hundred":
            if last not in _EN_SMALL:
                return None
            current *= 100
        else:
            if last not in _EN_SMALL and last != "hundred":
                return None
            total += current * _EN_SCALES[word]
            current = 0.0
        last = word
    last_scale = words[-1] if words[-1] in ("thousand", "million", "billion", "trillion") else ""
    value = total + current
    if last_scale:
        return value / _EN_SCALES[last_scale], _EN_SCALES[last_scale]
    return value, 1.0


def _cn_small(text: str) -> float | None:
    """Value of a Chinese numeral below 10,000 (十, 百, 千 and digits; 零 is a placeholder)."""
    if not text:
        return None
    total, digit = 0, None
    for i, ch in enumerate(text):
        if ch in ("零", "〇"):
            digit = None
        elif ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if digit is None:
                if i == 0 and ch == "十":
                    digit = 1
                else:
                    return None
            total += digit * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def chinese_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral such as 三千五百, 十万, 三万亿, 二〇二五; None if malformed."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return float(_CN_DIGITS[text])
        if len(text) >= 3:  # digit by digit, as in years: 二〇二五
            return float("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None  # 三四 is "three or four"
    for bigs, mult in (("亿億", 1e8), ("万萬", 1e4)):
        i = max(text.rfind(bigs[0]), text.rfind(bigs[1]))
        if i >= 0:
            left = chinese_numeral_value(text[:i]) if i else 1.0
            right = chinese_numeral_value(text[i + 1 :].lstrip("零〇")) if text[i + 1 :] else 0.0
            if left is None or right is None:
                return None
            return left * mult + right
    return _cn_small(text)


def _split_cn_scale(text: str) -> tuple[float, float] | None:
    """(number, scale) for a Chinese numeral: a trailing 万/亿 run is the scale."""
    m = re.search(r"[万萬亿億]+$", text)
    if not m:
        value = chinese_numeral_value(text)
        return None if value is None else (value, 1.0)
    scale = math.prod(_CN_BIG[ch] for ch in m.group())
    prefix = text[: m.start()]
    number = chinese_numeral_value(prefix) if prefix else 1.0
    return None if number is None else (number, scale)


# --------------------------------------------------------------------------- masks and cores


def _masked_spans(text: str, folded: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _matches(_MASKS, text, folded)]
    for m in _MIXED_TOKEN_RE.finditer(text):
        token = m.group("token").rstrip("./:#@&=?+-")
        if not _ALLOWED_TOKEN_RE.fullmatch(token):
            spans.append((m.start("token"), m.start("token") + len(token)))
    return spans


def _arabic_cores(text: str) -> list[_Core]:
    cores = []
    for m in _ARABIC_RE.finditer(text):
        start, end = m.start(), m.end()
        before, after = text[max(0, start - 2) : start], text[end : end + 2]
        if before[-1:] in (".", "/", ":") and before[:1].isdigit():
            continue  # 1.2.3, 24/7, 10:30
        if _DIGIT_AFTER_SEPARATOR_RE.match(after):
            continue
        negative = bool(m.group("neg"))
        if negative:
            previous = text[:start].rstrip()
            if previous[-1:].isdigit() or previous[-1:] in ("%", "％") or before[-1:].isalnum():
                negative, start = False, m.start("num")  # a range dash, not a minus sign
        digits = m.group("num").replace(",", "") + (m.group("dec") or "")
        number = float(digits) * (-1 if negative else 1)
        plain = "," not in m.group("num") and not m.group("dec")
        cores.append(_Core(start, end, number, 1.0, "arabic", plain_integer=plain))
    return cores


def _ordinal_cores(text: str, folded: str) -> list[_Core]:
    cores = [
        _Core(m.start(), m.end(), float(m.group(1)), 1.0, "ordinal")
        for m in _ORDINAL_NUM_RE.finditer(text)
    ]
    for m in _matches((_ORDINAL_WORD_RE,), text, folded):
        tens = _EN_SMALL[m.group("tens").lower()] if m.group("tens") else 0
        number = float(tens + _EN_ORDINALS[m.group("unit").lower()])
        cores.append(_Core(m.start(), m.end(), number, 1.0, "ordinal"))
    return cores


def _word_cores(text: str, folded: str) -> list[_Core]:
    cores = []
    for m in _matches((_WORD_NUMBER_RE,), text, folded):
        tokens = [
            (t.start(), t.end(), t.group().lower())
            for t in re.finditer(r"[A-Za-z]+", m.group())
            if t.group().lower() != "and"
        ]
        if tokens[0][2] in _EN_SCALES:
            continue  # "thousand" alone, or the scale word of "1 billion"
        while tokens:  # the longest prefix that reads as one number
            parsed = _parse_word_number([w for _, _, w in tokens])
            if parsed:
                break
            tokens.pop()
        if not tokens or not parsed:
            continue
        if len(tokens) == 1 and tokens[0][2] == "one":
            continue  # "one of", "no one": a pronoun far more often than a figure
        end = m.start() + tokens[-1][1]
        cores.append(_Core(m.start(), end, parsed[0], parsed[1], "word"))
    return cores


def _cn_numeral_is_figure(numeral: str, after: str) -> bool:
    """Whether a Chinese numeral followed by `after` states a figure.

    A single character needs a classifier or unit after it (一些, 统一, 十分, 三大, 万物 are
    words, not figures); a lone 一 is usually an article (一个, 一家), so it counts only
    before 年/倍/天/个月. A numeral directly before 月 is a month name (四月).
    """
    approx = after[:1] in ("余", "餘", "多")
    after = after[1:] if approx else after
    if after[:1] == "月":
        return False
    if len(numeral) > 1:
        return True
    if after[:1] in ("年", "倍", "天") or after[:2] in ("个月", "個月"):
        return True
    if numeral in _CN_BIG:
        return approx or after[:1] in _CN_CLASSIFIERS
    return numeral != "一" and after[:1] in _CN_CLASSIFIERS


def _chinese_cores(text: str) -> list[_Core]:
    cores = []
    for m in _CN_NUMERAL_RE.finditer(text):
        start, end, numeral = m.start(), m.end(), m.group()
        before = text[start - 1] if start else ""
        if re.fullmatch(r"\d", before):
            continue  # scale word of an Arabic numeral: 3.2万亿
        if before == "第":
            value = chinese_numeral_value(numeral)
            if value is not None:
                cores.append(_Core(start - 1, end, value, 1.0, "ordinal"))
            continue
        if text[max(0, start - 3) : start] == "百分之":
            value = chinese_numeral_value(numeral)
            if value is not None:
                cores.append(_Core(start - 3, end, value, 1.0, "cn-percent"))
            continue
        if before in ("数", "數", "几", "幾", "若"):
            continue  # 数十家: "dozens of"
        if not _cn_numeral_is_figure(numeral, text[end : end + 3]):
            continue
        parsed = _split_cn_scale(numeral)
        if parsed is None:
            continue
        positional = all(ch in _CN_DIGITS for ch in numeral) and len(numeral) >= 3
        cores.append(_Core(start, end, parsed[0], parsed[1], "chinese", positional=positional))
    return cores


def _date_cores(text: str, folded: str) -> list[_Core]:
    cores = []
    for m in _matches(_DATE_RES, text, folded):
        groups = m.groupdict()
        number = groups.get("y") or groups.get("d")
        cores.append(_Core(m.start(), m.end(), float(number), 1.0, "date"))
    return cores


def _select_cores(text: str) -> list[_Core]:
    """Leftmost-longest non-overlapping numeral cores outside the masked spans."""
    folded = text.lower()
    masks = _masked_spans(text, folded)
    candidates = [
        *_date_cores(text, folded),
        *_ordinal_cores(text, folded),
        *_arabic_cores(text),
        *_word_cores(text, folded),
        *_chinese_cores(text),
    ]
    candidates = [c for c in candidates if not any(c.start < e and s < c.end for s, e in masks)]
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[_Core] = []
    for core in candidates:
        if not chosen or core.start >= chosen[-1].end:
            chosen.append(core)
    return chosen


# --------------------------------------------------------------------------- qualifiers and units


def _match_within(pattern: re.Pattern[str], text: str, pos: int, limit: int) -> re.Match | None:
    m = pattern.match(text, pos)
    return m if m and m.end() <= limit and m.end() > pos else None


def _read_right(text: str, core: _Core, limit: int) -> _Partial:
    """Read scale word, approximate suffix, unit, classifier and trailing qualifier."""
    pos, scale, suffix_cmp = core.end, core.scale, None
    if core.kind in ("ordinal", "date"):
        return _Partial(core, core.end, core.scale, None, False, None)
    unit: str | None = "percent" if core.kind == "cn-percent" else None
    if core.kind == "arabic":
        if m := _match_within(_EN_SCALE_RE, text, pos, limit):
            scale *= _EN_SCALES[m.group(1).lower()]
            pos = m.end()
        elif m := _match_within(_CN_SCALE_RE, text, pos, limit):
            scale *= math.prod({**_CN_BIG, **_CN_UNITS}[ch] for ch in m.group())
            pos = m.end()
    approx = _match_within(_CN_APPROX_RE, text, pos, limit)
    if not approx and core.kind == "arabic":
        approx = _match_within(_PLUS_RE, text, pos, limit)
    if approx:
        suffix_cmp, pos = ">", approx.end()
    classifier = False
    if unit is None:
        for pattern, name in _UNITS:
            if m := _match_within(pattern, text, pos, limit):
                if name == "duration":
                    name = m.group("span").lower().rstrip("s")
                unit, classifier, pos = name, name is None, m.end()
                break
    for pattern, comparator in _SUFFIX_CMP:
        if m := _match_within(pattern, text, pos, limit):
            suffix_cmp, pos = suffix_cmp or comparator, m.end()
            break
    return _Partial(core, pos, scale, unit, classifier, suffix_cmp)


def _prefix_comparator(window: str) -> tuple[str, int] | None:
    """(comparator, length) of a qualifier ending right at the end of `window`."""
    # Neither can end a window that does not end in a space (English) or that holds only
    # ASCII (Chinese): such a window is not scanned.
    english = window[-1:] in _ASCII_SPACES_BUT_NEWLINE
    chinese = not window.isascii()
    for regex, table, may_end in (
        (_EN_PREFIX_RE, _EN_PREFIX, english),
        (_CN_PREFIX_RE, _CN_PREFIX, chinese),
    ):
        m = regex.search(window) if may_end else None
        if m:
            index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
            return table[index][0], len(window) - m.start()
    return None


def _is_range(text: str, low: _Partial, high: _Partial) -> bool:
    if {low.core.kind, high.core.kind} & {"ordinal", "date"}:
        return False
    gap = text[low.end : high.core.start]
    if not _RANGE_GAP_RE.fullmatch(gap):
        return False
    is_to = gap.strip().lower() in ("to", "到", "至")
    return not (is_to and _NON_CHANGE_PREFIX_RE.search(text[: low.core.start]))


def _kind_and_unit(partial: _Partial, comparator_given: bool) -> tuple[str, str | None]:
    core, unit = partial.core, partial.unit
    if core.kind in ("ordinal", "date"):
        return core.kind, None
    if unit in ("percent", "percentage point"):
        return "percent", unit
    if unit in ("yuan", "usd"):
        return "money", unit
    if unit == "times":
        return "multiple", unit
    calendar = (
        core.kind == "arabic"
        and core.plain_integer
        and 1900 <= core.number <= 2100
        and partial.scale == 1
        and not comparator_given
    )
    if unit == "cn-year":
        return ("year", None) if calendar or core.positional else ("duration", "year")
    if unit in ("year", "month", "week", "day", "decade"):
        return "duration", unit
    if calendar and not partial.classifier:
        return "year", None
    return "count", None


def find_numbers(text: str) -> list[NumberMention]:
    """Every numeric mention in `text`, in order and non-overlapping (see the module doc)."""
    # A text is read once per process: the same quote is checked for an observation and its
    # targets, and coverage and the app read the same source texts again. Mentions are frozen,
    # so the list is copied and the mentions are shared.
    return list(_find_numbers_cached(text))


@functools.lru_cache(maxsize=8192)
def _find_numbers_cached(text: str) -> tuple[NumberMention, ...]:
    return tuple(_find_numbers(text))


def _find_numbers(text: str) -> list[NumberMention]:
    cores = _select_cores(text)
    partials = []
    for i, core in enumerate(cores):
        limit = cores[i + 1].start if i + 1 < len(cores) else len(text)
        partials.append(_read_right(text, core, limit))
    range_low = {i for i in range(len(partials) - 1) if _is_range(text, *partials[i : i + 2])}
    for i in sorted(range_low):  # the lower bound borrows the upper bound's unit and scale
        low, high = partials[i], partials[i + 1]
        if low.unit is None and low.scale == 1 and not low.classifier:
            partials[i] = replace(low, unit=high.unit, scale=high.scale)
    mentions: list[NumberMention] = []
    for i, partial in enumerate(partials):
        core = partial.core
        start, unit, comparator = core.start, partial.unit, None
        lower_bound = mentions[-1].end if mentions else 0
        if i - 1 not in range_low and core.kind not in ("ordinal", "date"):
            window = text[max(lower_bound, start - 40) : start]
            if unit is None and (m := _CURRENCY_PREFIX_RE.search(window)):
                unit = "usd" if "$" in m.group() else "yuan"
                start, window = start - len(m.group()), window[: m.start()]
            if found := _prefix_comparator(window):
                comparator, length = found
                if not (comparator == "~" and unit in ("cn-year", "month", "day")):
                    start -= length
                else:
                    comparator = None
        if unit != partial.unit:
            partial = replace(partial, unit=unit)
        kind, unit = _kind_and_unit(partial, comparator is not None)
        comparator = comparator or partial.suffix_cmp
        if kind == "year" and comparator is None:
            window = text[max(lower_bound, start - 20) : start]
            if i - 1 not in range_low and (m := _DEADLINE_PREFIX_RE.search(window)):
                comparator, start = "<=", start - len(m.group())
        if i in range_low:
            comparator = comparator or ">="
        elif i - 1 in range_low:
            comparator = comparator or "<="
        if kind in ("ordinal", "date"):
            comparator = "="
        number = core.number
        mentions.append(
            NumberMention(
                text=text[start : partial.end],
                start=start,
                end=partial.end,
                number=number,
                scale=partial.scale,
                value=number * partial.scale,
                comparator=comparator or "=",
                unit=unit,
                kind=kind,
            )
        )
    return mentions


# --------------------------------------------------------------------------- dataset figures

# dataset unit -> (mention unit, multiplier from the dataset value to an absolute value)
DATASET_UNITS: dict[str, tuple[str | None, float]] = {
    "count": (None, 1.0),
    "percent": ("percent", 1.0),
    "trillion yuan": ("yuan", 1e12),
    "billion yuan": ("yuan", 1e9),
    "yuan": ("yuan", 1.0),
}


def mention_matches(mention: NumberMention, value: float, unit: str) -> bool:
    """True if `mention` states `value` in the dataset unit `unit` (absolute magnitudes).

    Money also matches a mention that has a scale word but no currency ("4.5 trillion",
    "1 bn of revenue"); counts match only count mentions, percentages only percentages.
    """
    if unit not in DATASET_UNITS:
        raise ValueError(f"unknown dataset unit {unit!r}; expected one of {sorted(DATASET_UNITS)}")
    mention_unit, multiplier = DATASET_UNITS[unit]
    if mention_unit is None:
        fits = mention.kind == "count"
    elif mention_unit == "yuan":
        fits = mention.unit == "yuan" or (mention.kind == "count" and mention.scale != 1)
    else:
        fits = mention.unit == mention_unit
    return fits and math.isclose(mention.value, value * multiplier, rel_tol=1e-9, abs_tol=1e-9)


def figure_in_text(value: float, unit: str, text: str) -> bool:
    """True if `text` states the figure `value` expressed in the dataset unit `unit`."""
    return any(mention_matches(m, value, unit) for m in find_numbers(text))


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vs", "e.g", "i.e", "inc", "ltd", "co",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "a.m", "p.m", "approx", "st",
}  # fmt: skip
_SENTENCE_END_RE = re.compile(
    r"[。！？；!?]+[”’」』）)\"']*"
    r"|\.+[”’\"')\]]*(?=\s|$)"
    r"|\n"
)


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"[A-Za-z.]*$", text[:dot]).group().lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence, split at . ? ! 。！？； and at newlines.

    Offsets are those of the sentence with surrounding whitespace stripped; empty pieces are
    dropped. A full stop after a common abbreviation (Mr., No., e.g.) or an initial does not
    end a sentence; a decimal point never does.
    """
    result = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        end = m.start() if m.group() == "\n" else m.end()
        result.append((start, end))
        start = m.end()
    result.append((start, len(text)))
    out = []
    for s, e in result:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped), stripped))
    return out
