"""One look per progress status, used on every page and chart.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies);
every status also has an icon and a label, so colour never carries the meaning alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.schema import STATUSES, VERDICTS


@dataclass(frozen=True)
class StatusStyle:
    label: str
    icon: str
    colour: str
    meaning: str
    short: str = ""  # for narrow table cells; the label where empty

    @property
    def text(self) -> str:
        return f"{self.icon} {self.label}"

    @property
    def short_text(self) -> str:
        return f"{self.icon} {self.short or self.label}"


STYLES: dict[str, StatusStyle] = {
    "achieved": StatusStyle(
        "Achieved", "✔", "#009E73", "The latest comparable figure meets the target."
    ),
    "on_track": StatusStyle(
        "On track", "▲", "#56B4E9", "Growing at 95% or more of the rate the target requires."
    ),
    "acceleration_needed": StatusStyle(
        "Acceleration needed",
        "◆",
        "#E69F00",
        "Growing at 60% to 95% of the rate the target requires.",
    ),
    "limited_progress": StatusStyle(
        "Limited progress",
        "◔",
        "#F0E442",
        "Growing at less than 60% of the rate the target requires.",
    ),
    "deterioration": StatusStyle("Deterioration", "▼", "#CC79A7", "Moving away from the target."),
    "insufficient_data": StatusStyle(
        "Insufficient data",
        "…",
        "#999999",
        "Only one comparable figure (or all on one date): no trend can be computed.",
    ),
    "no_data": StatusStyle(
        "No reported value", "∅", "#DDDDDD", "No comparable figure has been reported."
    ),
    "deadline_passed": StatusStyle(
        "Deadline passed, no result reported",
        "◷",
        "#0072B2",
        "The deadline has passed with the target unmet and no figure reported after it: "
        "neither met nor missed.",
        short="Deadline passed, unreported",
    ),
    "missed": StatusStyle(
        "Missed", "✘", "#D55E00", "A figure reported after the deadline does not meet the target."
    ),
}
assert tuple(STYLES) == STATUSES, "every status in etl.schema needs a style"

NO_TARGET = StatusStyle("No target", "", "#777777", "The indicator has no numeric target.")


def style(status: str | None) -> StatusStyle:
    if not status or status not in STYLES:
        return NO_TARGET
    return STYLES[status]


def label(status: str | None) -> str:
    return style(status).label


def text(status: str | None) -> str:
    """Icon and label, e.g. "✔ Achieved"."""
    return style(status).text


def colour(status: str | None) -> str:
    return style(status).colour


def colour_map() -> dict[str, str]:
    """Status label -> colour, for plotly's colour_discrete_map."""
    return {s.text: s.colour for s in STYLES.values()}


# Once a deadline has passed: was the goal met? Same palette, its own icons and words.
VERDICT_STYLES: dict[str, StatusStyle] = {
    "met": StatusStyle("Met", "✔", "#009E73", "A figure for the deadline meets the goal."),
    "met_on_proxy": StatusStyle(
        "Met on a proxy only",
        "✔?",
        "#56B4E9",
        "A figure meets the goal, but it does not measure exactly what the goal counts.",
        short="Met (proxy only)",
    ),
    "not_met": StatusStyle(
        "Not met", "✘", "#D55E00", "The figure for the deadline falls short of the goal."
    ),
    "not_met_on_proxy": StatusStyle(
        "Not met on a proxy only",
        "✘?",
        "#E69F00",
        "A figure falls short, but it does not measure exactly what the goal counts.",
        short="Not met (proxy only)",
    ),
    "no_verdict": StatusStyle(
        "No verdict",
        "?",
        "#999999",
        "Nothing reported for the deadline decides the goal: the latest figure and its trend "
        "are shown instead.",
    ),
}
assert set(VERDICT_STYLES) == set(VERDICTS), "every verdict in etl.schema needs a style"


def verdict_style(verdict: str | None) -> StatusStyle:
    return VERDICT_STYLES.get(verdict or "", NO_TARGET)
