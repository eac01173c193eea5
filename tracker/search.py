"""The indicator search (the Indicators page's list): which indicators a reader's words find.

Pure, no Streamlit. A query is split into words, and an indicator is found when every word is
in its English name, its Chinese name or its id (the id's parts are words too: `cnc` finds
`key_process_cnc_rate`, so "cnc rate" finds the CNC rate). When no indicator has every word,
a word is taken as the nearest word of the names it may be a typo of ("platfroms" as
"platforms", difflib's ratio ≥ 0.8), and the page says which words it read so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_QUERY = 200  # characters of a query read (an address may carry any length)
_WORD = re.compile(r"[0-9a-z&]+|[^\s0-9a-z&_\-.,;:()/+]+")


def word_list(text: str) -> list[str]:
    """The words of a text, case-folded: runs of Latin letters and digits, and runs of other
    characters (Chinese) between spaces and punctuation; an id's underscores split it."""
    return _WORD.findall(text.casefold())


def _haystack(row: Mapping[str, str]) -> str:
    return " ".join(
        (row["name_en"].casefold(), row["name_zh"].casefold(), row["id"].replace("_", " "))
    )


@dataclass(frozen=True)
class Found:
    ids: tuple[str, ...]  # the indicators found, in the catalogue's order
    read_as: tuple[tuple[str, str], ...]  # (word asked, word read) where a typo was corrected


def find(rows: Sequence[Mapping[str, str]], query: str) -> Found:
    """The indicators (`rows`: id, name_en, name_zh) that `query` finds; all for a blank query."""
    asked = word_list(query[:MAX_QUERY])
    if not asked:
        return Found(tuple(r["id"] for r in rows), ())
    texts = [(r["id"], _haystack(r)) for r in rows]
    exact = [i for i, text in texts if all(w in text for w in asked)]
    if exact:
        return Found(tuple(exact), ())
    vocabulary = sorted({w for _, text in texts for w in word_list(text)})
    read = [_nearest(w, vocabulary) for w in asked]
    corrected = [w for w in read if w is not None]
    if len(corrected) < len(asked) or corrected == asked:
        return Found((), ())
    found = [i for i, text in texts if all(w in text for w in corrected)]
    changed = tuple((a, r) for a, r in zip(asked, corrected, strict=True) if a != r)
    return Found(tuple(found), changed if found else ())


def _nearest(word: str, vocabulary: Iterable[str]) -> str | None:
    """`word` if some name holds it, else the closest word of the names (a typo), or None."""
    vocabulary = list(vocabulary)
    if any(word in v for v in vocabulary):
        return word
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8)
    return close[0] if close else None
