"""One look per progress status, used on every page and chart.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies);
every status also has an icon and a label, so colour never carries the meaning alone. Labels
and meanings are written in English (the catalogue's msgids) and read in the reader's language:
`label`, `meaning`, `text` and `short_text` take the language and translate.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.schema import STATUSES, VERDICTS
from tracker import i18n
from tracker.i18n import N_


@dataclass(frozen=True)
class StatusStyle:
    label_en: str  # msgids: English
    icon: str
    colour: str
    meaning_en: str
    short_en: str = ""  # for narrow table cells; the label where empty

    def label(self, lang: str) -> str:
        return i18n.words(lang)(self.label_en)

    def meaning(self, lang: str) -> str:
        return i18n.words(lang)(self.meaning_en)

    def text(self, lang: str) -> str:
        return f"{self.icon} {self.label(lang)}"

    def short_text(self, lang: str) -> str:
        short = i18n.words(lang)(self.short_en) if self.short_en else self.label(lang)
        return f"{self.icon} {short}"


STYLES: dict[str, StatusStyle] = {
    "achieved": StatusStyle(
        N_("Achieved"), "✔", "#009E73", N_("The latest comparable figure meets the target.")
    ),
    "on_track": StatusStyle(
        N_("On track"),
        "▲",
        "#56B4E9",
        N_("Growing at 0.95 times the rate the target requires, or faster."),
    ),
    "acceleration_needed": StatusStyle(
        N_("Acceleration needed"),
        "◆",
        "#E69F00",
        N_("Growing at 0.6 to 0.95 times the rate the target requires."),
    ),
    "limited_progress": StatusStyle(
        N_("Limited progress"),
        "◔",
        "#F0E442",
        N_("Growing at less than 0.6 times the rate the target requires."),
    ),
    "deterioration": StatusStyle(
        N_("Deterioration"), "▼", "#CC79A7", N_("Moving away from the target.")
    ),
    "insufficient_data": StatusStyle(
        N_("Insufficient data"),
        "…",
        "#999999",
        N_("Only one comparable figure (or all on one date): no trend can be computed."),
    ),
    "no_data": StatusStyle(
        N_("No reported value"), "∅", "#DDDDDD", N_("No comparable figure has been reported.")
    ),
    "deadline_passed": StatusStyle(
        N_("Deadline passed, no result reported"),
        "◷",
        "#0072B2",
        N_(
            "The deadline has passed with the target unmet and no figure reported after it: "
            "neither met nor missed."
        ),
        short_en=N_("Passed, no result"),
    ),
    "missed": StatusStyle(
        N_("Missed"),
        "✘",
        "#D55E00",
        N_("A figure reported after the deadline does not meet the target."),
    ),
}
assert tuple(STYLES) == STATUSES, "every status in etl.schema needs a style"

NO_TARGET = StatusStyle(N_("No target"), "", "#777777", N_("The indicator has no numeric target."))


def style(status: str | None) -> StatusStyle:
    if not status or status not in STYLES:
        return NO_TARGET
    return STYLES[status]


def label(status: str | None, lang: str) -> str:
    return style(status).label(lang)


def text(status: str | None, lang: str) -> str:
    """Icon and label, e.g. "✔ Achieved"."""
    return style(status).text(lang)


def colour(status: str | None) -> str:
    return style(status).colour


# Once a deadline has passed: was the goal met? Same palette, its own icons and words.
VERDICT_STYLES: dict[str, StatusStyle] = {
    "met": StatusStyle(N_("Met"), "✔", "#009E73", N_("A figure for the deadline meets the goal.")),
    "met_on_proxy": StatusStyle(
        N_("Met on a proxy only"),
        "✔?",
        "#56B4E9",
        N_("A figure meets the goal, but it does not measure exactly what the goal counts."),
        short_en=N_("Met (proxy only)"),
    ),
    "not_met": StatusStyle(
        N_("Not met"), "✘", "#D55E00", N_("The figure for the deadline falls short of the goal.")
    ),
    "not_met_on_proxy": StatusStyle(
        N_("Not met on a proxy only"),
        "✘?",
        "#E69F00",
        N_("A figure falls short, but it does not measure exactly what the goal counts."),
        short_en=N_("Not met (proxy only)"),
    ),
    "no_verdict": StatusStyle(
        N_("No verdict"),
        "?",
        "#999999",
        N_(
            "Nothing reported for the deadline decides the goal: the latest figure and its trend "
            "are shown instead."
        ),
    ),
}
assert set(VERDICT_STYLES) == set(VERDICTS), "every verdict in etl.schema needs a style"


def verdict_style(verdict: str | None) -> StatusStyle:
    return VERDICT_STYLES.get(verdict or "", NO_TARGET)
