"""Notes the ETL writes itself (how a status, a verdict, a period figure was reached), in every
language of the app.

A `Note` is a string: its English text, so it is used and compared like any string. It also
keeps its message (an English msgid with `{named}` placeholders, marked `N_` where it is
written so the catalogue extracts it) and the values put into it, so `render("zh")` writes the
same note in Chinese: the message from the catalogue, dates as each language writes them
everywhere (`figures.show_date`: 31 Dec 2025; 2025年12月31日). Notes joined with
`Note.join` render part by part (sentences joined by a space in English, nothing in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from etl import figures
from etl.i18n import DEFAULT, gettext


@dataclass(frozen=True)
class Figure:
    """A figure inside a note, written as each language writes it (≥ 68%, > 3.2万亿元)."""

    value: Any
    comparator: Any
    unit: str | None


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Figure):
        return figures.figure_text(value.value, value.comparator, value.unit, lang=lang)
    if isinstance(value, date):
        return figures.show_date(value, lang=lang)  # the one date rule, in every language
    if isinstance(value, Note):
        return value.render(lang)
    if isinstance(value, tuple):  # a list of notes inside a sentence
        return ("；" if lang == "zh" else "; ").join(_value(v, lang) for v in value)
    return str(value)


class Note(str):
    """A note in English (the str) that can be written in any language of the app."""

    parts: tuple[tuple[str, dict[str, Any]], ...]

    def __new__(cls, message: str, /, **values: Any) -> Note:
        return cls._of(((message, values),))

    @classmethod
    def _of(cls, parts: tuple[tuple[str, dict[str, Any]], ...]) -> Note:
        self = str.__new__(cls, _render(parts, DEFAULT))
        self.parts = parts
        return self

    @classmethod
    def join(cls, *notes: Note | None) -> Note:
        """Notes one after another (the empty and None left out)."""
        parts = tuple(p for n in notes if n for p in n.parts)
        return cls._of(parts)

    def render(self, lang: str) -> str:
        return _render(self.parts, lang)


def _render(parts: tuple[tuple[str, dict[str, Any]], ...], lang: str) -> str:
    sep = "" if lang == "zh" else " "
    return sep.join(
        gettext(lang, message).format(**{k: _value(v, lang) for k, v in values.items()})
        for message, values in parts
    )


def render(note: Any, lang: str) -> Any:
    """A note in `lang` (a Note), or the value as it is (None, a plain string)."""
    return note.render(lang) if isinstance(note, Note) else note
