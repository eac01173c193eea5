"""The app's languages: gettext bound to a language (`words(lang)`, `plural_words(lang)`) and a
data text in a language (`pick`).

The language is an argument, never state (docs/architecture.md, "The language"): the frame
(dashboard.py) reads it from the URL (`?lang=zh`) into `st.session_state["lang"]`, each page
reads it with `ui.lang()`, binds `_ = words(lang)` and passes `lang` to every function whose
output depends on it; the caches take it as an argument (`tracker.cache`). Nothing here imports
Streamlit, so the pure layers (frames, charts) may use it.

There is no language per thread or session here to read: tests/test_architecture.py fails
when a module asks for one.

Catalogues are loaded once per process (`etl.i18n`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from etl import i18n as catalogue
from etl.i18n import DEFAULT, LANGUAGES, N_, known

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "N_",
    "known",
    "pick",
    "plural_words",
    "words",
]

SESSION_KEY = "lang"
PARAM = "lang"


def words(lang: str) -> Callable[[str], str]:
    """gettext bound to `lang`: a function that takes the language writes `_ = words(lang)` at
    its top and keeps its `_("...")` calls, so `make messages` still extracts every text."""
    catalogue_of = catalogue.translations(known(lang))
    return catalogue_of.gettext


def plural_words(lang: str) -> Callable[[str, str, int], str]:
    """ngettext bound to `lang` (`ngettext = plural_words(lang)`, as `words`)."""
    return catalogue.translations(known(lang)).ngettext


def pick(row: Mapping[str, Any] | Any, column: str, lang: str) -> Any:
    """A data text in `lang`: `<column>_zh` under Chinese where the row has it and it is
    filled, else `<column>` (a name: `name_en` / `name_zh`)."""
    get = row.get if isinstance(row, Mapping) else lambda c, d=None: getattr(row, c, d)
    base = column.removesuffix("_en")
    if lang == "zh":
        value = get(f"{base}_zh", None)
        if isinstance(value, str) and value:
            return value
    return get(column, None)
