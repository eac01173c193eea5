"""How figures are written, for the whole project: numbers, units, comparators and dates.

One module, at the bottom layer, so the ETL's messages, the app's pages and charts, the downloads
and `etl suggest` all write a figure the same way. Pure functions; no pandas, no Streamlit.

A figure stated as "more than 340" is stored as comparator ">" and value 340. Inside the code a
comparator is always its symbol (`etl.schema.COMPARATORS`); it becomes words only at the edge:
"> 340" in charts and tables (`figure_text`), "more than 340" in sentences and downloads
(`figure_text(..., words=True)`, `comparator_words`). Never 340 or 341.

Numbers are written two ways: for people (`number_text`: "3,400", at most two decimals) and for
machines (`plain_number`: "3400", "3.2", no thousands separator, no exponent, no trailing ".0").
Dates carry a precision: a source published to the month only shows the month ("Nov 2025").

Both languages of the app are written here: every function that writes for people takes
`lang` ("en", the default, or "zh"). The words come from the message catalogue (`etl.i18n`);
the Chinese conventions are code:

- numbers of 10,000 and more in 万 and 亿 (10,000 -> 1万, 1.2e8 -> 1.2亿), smaller ones without
  a thousands separator (3400); at most two decimals, as in English;
- units written into the number: 3.2万亿元 (trillion yuan), 500亿元 (billion yuan), 90%;
- comparators: the same symbols in charts and tables ("> 340", "≥ 90%"); in words a prefix,
  "more than" -> 超过 (超过340, 超过1万), "at least" -> 不少于, "about" -> 约, "less than" -> 少于,
  "at most" -> 不超过 (never 余, which a reader cannot tell from an exact figure in a table);
- dates 2024年4月18日 (day), 2025年9月 (month), 2025年 (year); periods 2021—2025年;
- a change of a percentage in 个百分点.

Downloads are data: they are always written in English (the default `lang`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from etl.i18n import N_, gettext

COMPARATOR_WORDS = {
    "=": N_("exactly"),
    "~": N_("about"),
    ">": N_("more than"),
    ">=": N_("at least"),
    "<": N_("less than"),
    "<=": N_("at most"),
}
# Before a number in charts and tables: "> 340", "≥ 90%", "≈ 83.5%", "421".
COMPARATOR_SYMBOLS = {"=": "", "~": "≈ ", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}
# The bound of value / target for a falling indicator is the other way round.
FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}

UNIT_TITLES = {
    "count": N_("Number"),
    "percent": N_("Percent (%)"),
    "trillion yuan": N_("Trillion yuan"),
    "billion yuan": N_("Billion yuan"),
    "yuan": N_("Yuan"),
}
NO_VALUE = N_("no reported value")
DISPLAY_DECIMALS = 2
# Chinese: a unit's size in yuan (the number is written in 万/亿 with 元 after it).
YUAN_UNITS = {"trillion yuan": 1e12, "billion yuan": 1e9, "yuan": 1.0}
# Chinese large-number units, largest first.
ZH_MAGNITUDES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))


def unit_title(unit: str | None, lang: str = "en") -> str:
    """An axis title for a unit: "Percent (%)", 百分比（%）."""
    title = UNIT_TITLES.get(unit or "", unit or "")
    return gettext(lang, title) if title else ""


def no_value(lang: str = "en") -> str:
    """What stands where no figure has been reported."""
    return gettext(lang, NO_VALUE)


def missing(value: Any) -> bool:
    """None, NaN, NaT or pandas' NA: no value (without importing pandas)."""
    if value is None:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN is the one value not equal to itself
    except (TypeError, ValueError):
        return False


def text_of(value: Any) -> str:
    """A value as text, "" for no value (`missing`): a cell of a download or a chart's table."""
    return "" if missing(value) else str(value)


# --- numbers ----------------------------------------------------------------------------------


def number_text(
    value: Any,
    *,
    grouping: bool = True,
    decimals: int | None = DISPLAY_DECIMALS,
    lang: str = "en",
) -> str:
    """3400 -> "3,400"; 3.2 -> "3.2"; 83.50 -> "83.5"; at most `decimals` decimals (None: every
    digit of the value, the shortest text that reads back as the same number; never an
    exponent); "" if missing. `grouping=False` drops the thousands separator. In Chinese
    (`lang="zh"`) 10,000 and more in 万/亿 ("1万", "1.2亿"), less without a separator."""
    if missing(value):
        return ""
    if lang == "zh" and grouping:
        return zh_number(value, decimals=decimals)
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    comma = "," if grouping else ""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):{comma}}"
    if decimals is None:
        return format(Decimal(repr(number)), f"{comma}f")
    return f"{number:{comma}.{decimals}f}".rstrip("0").rstrip(".")


def zh_number(value: Any, *, decimals: int | None = DISPLAY_DECIMALS, suffix: str = "") -> str:
    """A number as Chinese writes it: 3400 -> "3400", 10000 -> "1万", 120000000 -> "1.2亿",
    3.2e12 -> "3.2万亿"; `suffix` (a unit word such as 元) after the magnitude."""
    if missing(value):
        return ""
    number = float(value)
    if math.isinf(number):
        return ("∞" if number > 0 else "-∞") + suffix
    for size, word in ZH_MAGNITUDES:
        if abs(number) >= size:
            scaled = number_text(number / size, grouping=False, decimals=decimals)
            return f"{scaled}{word}{suffix}"
    return number_text(number, grouping=False, decimals=decimals) + suffix


def plain_number(value: Any) -> str:
    """A number for a CSV cell or a dataset row, every digit kept: 3400.0 -> "3400", 3.2 ->
    "3.2", 1e12 -> "1000000000000" (no separator, no exponent); "" if missing."""
    return number_text(value, grouping=False, decimals=None)


def with_unit(
    value: Any,
    unit: str | None,
    *,
    grouping: bool = True,
    decimals: int | None = 2,
    lang: str = "en",
) -> str:
    """A number with its unit: "90%", "3.2 trillion yuan", "421" (counts carry no word); in
    Chinese "90%", "3.2万亿元", "421", "1万"."""
    if lang == "zh" and unit in YUAN_UNITS and grouping and not missing(value):
        return zh_number(float(value) * YUAN_UNITS[unit], decimals=decimals, suffix="元")
    return unit_after(number_text(value, grouping=grouping, decimals=decimals, lang=lang), unit)


def unit_after(number: str, unit: str | None) -> str:
    """A number's text followed by its unit: "90%", "3.2 trillion yuan", "421"; "" for ""."""
    if not number:
        return ""
    if unit == "percent":
        return f"{number}%"
    if unit in ("count", "", None):
        return number
    return f"{number} {unit}"


def comparator_words(comparator: Any, lang: str = "en") -> str:
    """The comparator spelled out (a download cell holding "=" would be an Excel formula);
    "" when there is none. A value that is not a comparator is returned as it is."""
    if missing(comparator) or not comparator:
        return ""
    if comparator not in COMPARATOR_WORDS:
        return comparator
    return gettext(lang, COMPARATOR_WORDS[comparator])


def figure_text(
    value: Any,
    comparator: Any,
    unit: str | None = "count",
    *,
    words: bool = False,
    plain: bool = False,
    lang: str = "en",
) -> str:
    """A stated figure: "> 340", "≥ 90%", "3.2 trillion yuan"; with `words`, "more than 340",
    "at least 90%" ("exactly" is left out of a sentence: "421", not "exactly 421"); with
    `plain`, the number as `plain_number` writes it. No value: "no reported value". In Chinese
    "> 340", "3.2万亿元", "> 1万"; with `words` "超过340", "不少于90%"."""
    if missing(value):
        return no_value(lang)
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    body = (
        with_unit(value, unit, grouping=False, decimals=None)
        if plain
        else with_unit(value, unit, lang=lang)
    )
    if words:
        return in_words(body, comparator, lang)
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{body}"


def projection_text(value: Any, unit: str | None, lang: str = "en") -> str:
    """The tracker's own projection of a figure, written as the estimate it is: "≈ 27,473" for
    a count (a count has no fraction: "27,473.16" claims a precision the projection does not
    have), "≈ 77.35%" otherwise. The unrounded value stays in the downloads."""
    if missing(value):
        return no_value(lang)
    shown = round(float(value)) if unit in ("count", "", None) else value
    return figure_text(shown, "~", unit, lang=lang)


def in_words(body: str, comparator: Any, lang: str = "en") -> str:
    """A figure's text (`body`: number and unit) after its comparator in words: "more than
    340", "at least 90%"; "exactly" is left out of a sentence ("421")."""
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    prefix = "" if comparator == "=" else comparator_words(comparator, lang)
    space = "" if lang == "zh" else " "
    return f"{prefix}{space}{body}" if prefix else body


NOT_AVAILABLE = N_("n/a")


def percent(value: Any, lang: str = "en") -> str:
    """98.2 -> "98%"; "n/a" if missing."""
    if missing(value):
        return gettext(lang, NOT_AVAILABLE)
    return f"{float(value):{',' if lang != 'zh' else ''}.0f}%"


def percent_of_target(
    value: Any, comparator: Any, direction: str = "increase", lang: str = "en"
) -> str:
    """Percent of target, keeping the bound of the figure it comes from: "more than 150" of a
    target of 150 is "> 100%" (for a falling indicator the bound flips: target / value)."""
    if missing(value):
        return gettext(lang, NOT_AVAILABLE)
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    if direction == "decrease":
        comparator = FLIPPED.get(comparator, comparator)
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{percent(value, lang)}"


def change_text(change: float, unit: str | None, lang: str = "en") -> str:
    """A signed change between two figures: "+39", "-1.5 trillion yuan", "+10.9 points" (a
    change of a percentage is in points: 个百分点); "no change" for 0."""
    if change == 0:
        return gettext(lang, N_("no change"))
    sign = "+" if change > 0 else "-"
    if unit == "percent":
        points = number_text(abs(change), lang=lang)
        return sign + gettext(lang, N_("{number} points")).format(number=points)
    return f"{sign}{with_unit(abs(change), unit, lang=lang)}"


# --- dates ------------------------------------------------------------------------------------


def to_date(value: Any) -> date | None:
    """A date from a date, a datetime (pandas' Timestamp is one) or an ISO string."""
    if missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


# How a date is written at each precision: (for people, ISO 8601).
DATE_FORMATS = {
    "day": (lambda d: f"{d.day} {d.strftime('%b %Y')}", lambda d: d.isoformat()),
    "month": (lambda d: d.strftime("%b %Y"), lambda d: f"{d.year:04d}-{d.month:02d}"),
    "year": (lambda d: f"{d.year}", lambda d: f"{d.year:04d}"),
}
ZH_DATE_FORMATS = {
    "day": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "month": lambda d: f"{d.year}年{d.month}月",
    "year": lambda d: f"{d.year}年",
}


def show_date(value: Any, precision: str = "day", lang: str = "en") -> str:
    """18 Apr 2024 (day), Nov 2025 (month), 2025 (year); 2024年4月18日, 2025年11月, 2025年 in
    Chinese; "" if missing."""
    d = to_date(value)
    if d is None:
        return ""
    if lang == "zh":
        return ZH_DATE_FORMATS.get(precision, ZH_DATE_FORMATS["day"])(d)
    return DATE_FORMATS.get(precision, DATE_FORMATS["day"])[0](d)


def iso_date(value: Any, precision: str = "day") -> str:
    """YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only the month / year."""
    d = to_date(value)
    return "" if d is None else DATE_FORMATS.get(precision, DATE_FORMATS["day"])[1](d)


def observation_precision(as_of: Any, date_basis: str, source_date: Any, source_precision: str):
    """A figure dated by its source's publication inherits the source's date precision."""
    if source_precision in ("month", "year") and (
        date_basis == "stated" or to_date(as_of) == to_date(source_date)
    ):
        return source_precision
    return "day"


def date_phrase(as_of: Any, date_basis: str, precision: str = "day", lang: str = "en") -> str:
    """ "stated 18 Apr 2024" or "as of 31 Dec 2023" (the date the figure describes);
    "2024年4月18日公布" or "截至2023年12月31日"."""
    shown = show_date(as_of, precision, lang)
    if not shown:
        return ""
    phrase = N_("stated {date}") if date_basis == "stated" else N_("as of {date}")
    return gettext(lang, phrase).format(date=shown)


def period_text(start: Any, end: Any, lang: str = "en") -> str:
    """A counting period: whole calendar years as "2021–2025" (2021—2025年), else
    "1 Jan 2025 – 31 Dec 2026" (2025年1月1日至2026年12月31日); "" when either end is missing."""
    first, last = to_date(start), to_date(end)
    if first is None or last is None:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        if lang == "zh":
            return f"{first.year}年" if first.year == last.year else f"{first.year}—{last.year}年"
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if lang == "zh":
        return f"{show_date(first, lang=lang)}至{show_date(last, lang=lang)}"
    return f"{show_date(first)} – {show_date(last)}"
