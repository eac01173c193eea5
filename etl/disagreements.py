"""Official figures that disagree: two observations of one indicator, describing dates no more
than WINDOW_DAYS apart, that state different figures. Each such pair is kept (both figures, both
sources) and must be declared in `figure_disagreements.csv` with the reason, or `unexplained`
(docs/data.md, "Figures that disagree")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import combinations
from typing import Any

# Counts "stated weeks apart" describe one moment (e.g. the end of a year, reported at the
# December work conference and at the January press conference): six weeks and a bit.
WINDOW_DAYS = 45
# "More than 500" and "504" agree: a rounded statement of an exact figure within this share.
ROUNDING_SHARE = 0.1


def _satisfies(value: float, comparator: str, bound: float) -> bool:
    return {
        ">": value > bound,
        ">=": value >= bound,
        "<": value < bound,
        "<=": value <= bound,
        "=": value == bound,
        "~": abs(value - bound) <= ROUNDING_SHARE * abs(bound),
    }[comparator]


def figures_agree(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same figure, or an exact figure and a rounded statement of it ("504" and "more than
    500")."""
    if a["value"] == b["value"] and a["comparator"] == b["comparator"]:
        return True
    for exact, rounded in ((a, b), (b, a)):
        if exact["comparator"] == "=" and rounded["comparator"] != "=":
            near = abs(exact["value"] - rounded["value"]) <= ROUNDING_SHARE * abs(rounded["value"])
            if near and _satisfies(exact["value"], rounded["comparator"], rounded["value"]):
                return True
    return False


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def disagreeing_pairs(observations: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Every pair (earlier id, later id) of observations of one indicator, of the same period
    (or both levels), dated at most WINDOW_DAYS apart, whose figures do not agree."""
    by_indicator: dict[str, list[Mapping[str, Any]]] = {}
    for o in observations:
        by_indicator.setdefault(o["indicator_id"], []).append(o)
    pairs = []
    for rows in by_indicator.values():
        rows.sort(key=lambda o: (_as_date(o["as_of"]), o["observation_id"]))
        for a, b in combinations(rows, 2):
            if (a.get("period_start") or None) != (b.get("period_start") or None):
                continue
            if (_as_date(b["as_of"]) - _as_date(a["as_of"])).days > WINDOW_DAYS:
                continue
            if not figures_agree(a, b):
                pairs.append((a["observation_id"], b["observation_id"]))
    return pairs
