"""How numbers, comparators, units and dates are shown to people.

A figure stated as "more than 340" is stored as comparator ">" and value 340; it is shown as
"> 340" (symbols, in charts and tables) or "more than 340" (words, in sentences and downloads),
never as 340 or 341. Dates from a source published to the month only show the month ("Nov 2025").
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd

COMPARATOR_SYMBOLS = {"=": "", "~": "≈ ", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}
COMPARATOR_WORDS = {
    "=": "exactly",
    "~": "about",
    ">": "more than",
    ">=": "at least",
    "<": "less than",
    "<=": "at most",
}
# In a sentence "exactly" is usually noise: "421 factories", not "exactly 421 factories".
_SENTENCE_WORDS = {**COMPARATOR_WORDS, "=": ""}

UNIT_AXIS_TITLES = {
    "count": "Number",
    "percent": "Percent (%)",
    "trillion yuan": "Trillion yuan",
    "billion yuan": "Billion yuan",
    "yuan": "Yuan",
}


def missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: float) -> str:
    """3400 -> "3,400"; 3.2 -> "3.2"; 83.50 -> "83.5"; at most two decimals."""
    if missing(value):
        return ""
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    """A number with its unit: "90%", "3.2 trillion yuan", "421" (counts carry no word)."""
    text = number(value)
    if not text:
        return ""
    if unit == "percent":
        return f"{text}%"
    if unit in ("count", "", None):
        return text
    return f"{text} {unit}"


def figure(value: float, comparator: str, unit: str = "count", style: str = "symbol") -> str:
    """A stated figure: "> 340", "≥ 90%", "3.2 trillion yuan" (symbol style) or
    "more than 340", "at least 90%" (words style). No value: "no reported value"."""
    if missing(value):
        return "no reported value"
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    body = with_unit(value, unit)
    if style == "words":
        prefix = _SENTENCE_WORDS[comparator]
        return f"{prefix} {body}" if prefix else body
    return f"{COMPARATOR_SYMBOLS[comparator]}{body}"


def comparator_words(comparator: str) -> str:
    """The comparator spelled out (downloads: a cell holding "=" would be an Excel formula)."""
    if missing(comparator) or not comparator:
        return ""
    return COMPARATOR_WORDS[comparator]


def to_date(value: Any) -> date | None:
    if missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def show_date(value: Any, precision: str = "day") -> str:
    """18 Apr 2024 (day), Nov 2025 (month), 2025 (year); "" if missing."""
    d = to_date(value)
    if d is None:
        return ""
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return d.strftime("%b %Y")
    return f"{d.day} {d.strftime('%b %Y')}"


def iso_date(value: Any, precision: str = "day") -> str:
    """YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only the month / year."""
    d = to_date(value)
    if d is None:
        return ""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


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


def percent(value: Any) -> str:
    if missing(value):
        return "n/a"
    return f"{float(value):,.0f}%"


_FLIPPED = {">": "<", ">=": "≤", "<": ">", "<=": ">="}


def percent_of_target(value: Any, comparator: Any, direction: str = "increase") -> str:
    """Percent of target, keeping the bound of the figure it comes from: "more than 150" of a
    target of 150 is "> 100%" (for a falling indicator the bound flips: target / value)."""
    if missing(value):
        return "n/a"
    comparator = comparator if isinstance(comparator, str) and comparator else "="
    if direction == "decrease":
        comparator = _FLIPPED.get(comparator, comparator)
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{percent(value)}"
