"""The message catalogues: gettext translations of every text the project writes for readers.

English is the source language (the msgids); `locale/<lang>/LC_MESSAGES/messages.mo` holds the
other languages (today Simplified Chinese, `zh`), compiled from `messages.po` by Babel (`make
messages` extracts and updates, `make compile` compiles; see docs/languages.md). Each catalogue is
loaded once per process.

This module sits at the bottom layer and imports nothing of Streamlit: the ETL writes its
derived notes (status, verdict, period and conflict notes) in both languages through it, and
`etl.figures` takes its few words ("more than", "stated") from it. The app binds these to the
reader's language in `tracker.i18n` (`words(lang)`), which builds on this.

A text marked with `N_` is extracted into the catalogue but translated later, where it is shown
(module constants: labels, page titles, note templates).
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
DEFAULT = "en"
# Language code -> its own name (how the switch offers it).
LANGUAGES = {"en": "English", "zh": "简体中文"}


def N_(message: str) -> str:
    """Mark a text for extraction only; translate it where it is shown."""
    return message


def known(lang: str | None) -> str:
    """`lang` if it is a language of the app, else the default (English)."""
    return lang if lang in LANGUAGES else DEFAULT


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue of `lang`, loaded once; English (the msgids themselves) for "en"."""
    if known(lang) == DEFAULT:
        return _gettext.NullTranslations()
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fp:
        return _gettext.GNUTranslations(fp)


def gettext(lang: str, message: str) -> str:
    return translations(known(lang)).gettext(message)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(known(lang)).ngettext(singular, plural, n)
