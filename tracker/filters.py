"""The area filter: parsing and validating `?area=...` from the URL.

The filter holds area ids. The URL may repeat the parameter (`?area=standards&area=applications`)
or give a comma-separated list; unknown ids are reported, not fatal. No selection means all areas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.i18n import DEFAULT, LANGUAGES, N_

AREAS_SESSION_KEY = "selected_areas"


@dataclass(frozen=True)
class AreaSelection:
    selected: tuple[str, ...]  # known area ids, in the order of `known`
    unknown: tuple[str, ...]  # what the URL asked for that is not an area

    @property
    def is_all(self) -> bool:
        return not self.unknown and bool(self.selected)


def split_values(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def parse_areas(values: Iterable[str], known: Sequence[str]) -> AreaSelection:
    """Known ids in `known`'s order (all of them when none is asked for) and the unknown ones.

    Matching ignores case and accepts hyphens for underscores ("work-areas" style URLs)."""
    asked = split_values(values)
    norm = {k.lower(): k for k in known}
    found: set[str] = set()
    unknown: list[str] = []
    for a in asked:
        key = a.lower().replace("-", "_")
        if key in norm:
            found.add(norm[key])
        else:
            unknown.append(a)
    if not asked:
        return AreaSelection(tuple(known), ())
    selected = tuple(k for k in known if k in found)
    if not selected:  # nothing usable asked for: fall back to every area
        selected = tuple(known)
    return AreaSelection(selected, tuple(unknown))


def url_values(selected: Sequence[str], known: Sequence[str]) -> list[str]:
    """What to put in the URL: nothing when every area is selected."""
    if set(selected) == set(known):
        return []
    return [k for k in known if k in selected]


# --- the target horizon: which deadlines the pages show --------------------------------------

HORIZON_SESSION_KEY = "selected_horizon"
HORIZON_PARAM = "horizon"
# (value in the URL and the session, the `horizons` of progress it keeps)
HORIZONS = {
    "all": ("2025", "after_2025"),
    "2025": ("2025",),
    "after-2025": ("after_2025",),
}
HORIZON_LABELS = {  # msgids: translate where shown
    "all": N_("All targets"),
    "2025": N_("Due by 2025"),
    "after-2025": N_("Set for after 2025"),
}
DEFAULT_HORIZON = "all"


@dataclass(frozen=True)
class HorizonChoice:
    horizon: str  # a key of HORIZONS
    unknown: str | None  # what the URL asked for, when it is not a horizon


def parse_horizon(value: str | None) -> HorizonChoice:
    """`?horizon=2025`, `after-2025` (or `after_2025`) or `all`; anything else falls back to
    all, and is reported."""
    if value is None or not str(value).strip():
        return HorizonChoice(DEFAULT_HORIZON, None)
    key = str(value).strip().lower().replace("_", "-")
    if key in HORIZONS:
        return HorizonChoice(key, None)
    return HorizonChoice(DEFAULT_HORIZON, str(value))


def horizon_url_value(horizon: str) -> str | None:
    """What to put in the URL: nothing for the default."""
    return None if horizon == DEFAULT_HORIZON else horizon


# --- the language: ?lang=zh -------------------------------------------------------------------


@dataclass(frozen=True)
class LangChoice:
    lang: str  # a key of tracker.i18n.LANGUAGES
    unknown: str | None  # what the URL asked for, when it is not a language of the app


def parse_lang(value: str | None) -> LangChoice:
    """`?lang=zh` or `en` (case and region ignored: `zh-CN`, `zh_Hans` are Chinese); anything
    else falls back to English, and is reported."""
    if value is None or not str(value).strip():
        return LangChoice(DEFAULT, None)
    key = str(value).strip().lower().replace("_", "-").split("-")[0]
    if key in LANGUAGES:
        return LangChoice(key, None)
    return LangChoice(DEFAULT, str(value))


def lang_url_value(lang: str) -> str | None:
    """What to put in the URL: nothing for English."""
    return None if lang == DEFAULT else lang
