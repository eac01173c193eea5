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
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

COMPARATOR_WORDS = {
    "=": "exactly",
    "~": "about",
    ">": "more than",
    ">=": "at least",
    "<": "less than",
    "<=": "at most",
}
# Before a number in charts and tables: "> 340", "≥ 90%", "≈ 83.5%", "421".
COMPARATOR_SYMBOLS = {"=": "", "~": "≈ ", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}
# The bound of value / target for a falling indicator is the other way round.
FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}

UNIT_TITLES = {
    "count": "Number",
    "percent": "Percent (%)",
    "trillion yuan": "Trillion yuan",
    "billion yuan": "Billion yuan",
    "yuan": "Yuan",
}
NO_VALUE = "no reported value"
DISPLAY_DECIMALS = 2


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


# --- numbers ----------------------------------------------------------------------------------


def number_text(
    value: Any, *, grouping: bool = True, decimals: int | None = DISPLAY_DECIMALS
) -> str:
    """3400 -> "3,400"; 3.2 -> "3.2"; 83.50 -> "83.5"; at most `decimals` decimals (None: every
    digit of the value, the shortest text that reads back as the same number; never an
    exponent); "" if missing. `grouping=False` drops the thousands separator."""
    if missing(value):
        return ""
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    comma = "," if grouping else ""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):{comma}}"
    if decimals is None:
        return format(Decimal(repr(number)), f"{comma}f")
    return f"{number:{comma}.{decimals}f}".rstrip("0").rstrip(".")


def plain_number(value: Any) -> str:
    """A number for a CSV cell or a dataset row, every digit kept: 3400.0 -> "3400", 3.2 ->
    "3.2", 1e12 -> "1000000000000" (no separator, no exponent); "" if missing."""
    return number_text(value, grouping=False, decimals=None)


def with_unit(
    value: Any, unit: str | None, *, grouping: bool = True, decimals: int | None = 2
) -> str:
    """A number with its unit: "90%", "3.2 trillion yuan", "421" (counts carry no word)."""
    text = number_text(value, grouping=grouping, decimals=decimals)
    if not text:
        return ""
    if unit == "percent":
        return f"{text}%"
    if unit in ("count", "", None):
        return text
    return f"{text} {unit}"


def comparator_words(comparator: Any) -> str:
    """The comparator spelled out (a download cell holding "=" would be an Excel formula);
    "" when there is none. A value that is not a comparator is returned as it is."""
    if missing(comparator) or not comparator:
        return ""
    return COMPARATOR_WORDS.get(comparator, comparator)


def figure_text(
    value: Any,
    comparator: Any,
    unit: str | None = "count",
    *,
    words: bool = False,
    plain: bool = False,
) -> str:
    """A stated figure: "> 340", "≥ 90%", "3.2 trillion yuan"; with `words`, "more than 340",
    "at least 90%" ("exactly" is left out of a sentence: "421", not "exactly 421"); with
    `plain`, the number as `plain_number` writes it. No value: "no reported value"."""
    if missing(value):
        return NO_VALUE
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    body = (
        with_unit(value, unit, grouping=False, decimals=None) if plain else with_unit(value, unit)
    )
    if words:
        prefix = "" if comparator == "=" else comparator_words(comparator)
        return f"{prefix} {body}" if prefix else body
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{body}"


def percent(value: Any) -> str:
    """98.2 -> "98%"; "n/a" if missing."""
    if missing(value):
        return "n/a"
    return f"{float(value):,.0f}%"


def percent_of_target(value: Any, comparator: Any, direction: str = "increase") -> str:
    """Percent of target, keeping the bound of the figure it comes from: "more than 150" of a
    target of 150 is "> 100%" (for a falling indicator the bound flips: target / value)."""
    if missing(value):
        return "n/a"
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    if direction == "decrease":
        comparator = FLIPPED.get(comparator, comparator)
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{percent(value)}"


def change_text(change: float, unit: str | None) -> str:
    """A signed change between two figures: "+39", "-1.5 trillion yuan", "+10.9 points" (a
    change of a percentage is in points); "no change" for 0."""
    if change == 0:
        return "no change"
    sign = "+" if change > 0 else "-"
    if unit == "percent":
        return f"{sign}{number_text(abs(change))} points"
    return f"{sign}{with_unit(abs(change), unit)}"


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


def show_date(value: Any, precision: str = "day") -> str:
    """18 Apr 2024 (day), Nov 2025 (month), 2025 (year); "" if missing."""
    d = to_date(value)
    return "" if d is None else DATE_FORMATS.get(precision, DATE_FORMATS["day"])[0](d)


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


def date_phrase(as_of: Any, date_basis: str, precision: str = "day") -> str:
    """ "stated 18 Apr 2024" or "as of 31 Dec 2023" (the date the figure describes)."""
    shown = show_date(as_of, precision)
    if not shown:
        return ""
    return f"stated {shown}" if date_basis == "stated" else f"as of {shown}"


def period_text(start: Any, end: Any) -> str:
    """A counting period: whole calendar years as "2021–2025", else "1 Jan 2025 – 31 Dec 2026";
    "" when either end is missing."""
    first, last = to_date(start), to_date(end)
    if first is None or last is None:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    return f"{show_date(first)} – {show_date(last)}"
