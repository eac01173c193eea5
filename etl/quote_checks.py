"""Quote checks kept between builds: what the number finder read in a quote for a figure.

`check_figure` asks which mentions of a quote state a row's value in its unit. The answer
depends on the quote, the value and the unit, and on the checking code only, so it is kept
keyed by (quote, value, unit) in a file next to the database (`<db>.quotes`, written by a
successful build of more than KEEP_FROM quotes): a row whose
quote, value and unit are unchanged is not read again on the next build; a changed quote is a
new key and is read. The file records a digest of the checking code (etl/numbers.py and
etl/validate.py) and is ignored when that code changes. Nothing is skipped: every row is still
checked, from the number finder's answer or from the kept one, with the same messages.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMAT = 1
KEEP_FROM = 1000  # quotes: a build of fewer reads them in well under a second

# (quote, value as text, unit) -> the matching mentions, each (comparator, text), in order
Key = tuple[str, str, str]
Answer = tuple[tuple[str, str], ...]


def code_digest() -> str:
    """A digest of the code whose answers are kept: a change to it empties the cache."""
    h = hashlib.sha256(str(FORMAT).encode())
    for name in ("numbers.py", "validate.py", "quote_checks.py"):
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


class QuoteChecks:
    """The answers known (loaded from a previous build) and those found in this one."""

    def __init__(self, known: dict[Key, Answer] | None = None) -> None:
        self.known: dict[Key, Answer] = dict(known or {})
        self.used: dict[Key, Answer] = {}
        self.read = 0  # quotes read by the number finder in this build
        self.reused = 0  # answers taken from the kept ones

    @staticmethod
    def key(quote: str, value: float, unit: str) -> Key:
        return (quote, repr(float(value)), unit)

    def get(self, key: Key) -> Answer | None:
        answer = self.known.get(key)
        if answer is not None:
            self.reused += 1
            self.used[key] = answer
        return answer

    def put(self, key: Key, answer: Answer) -> None:
        self.read += 1
        self.used[key] = answer


def cache_path(db: Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".quotes")


def load(path: Path) -> QuoteChecks:
    """The answers kept at `path`, or none when it is missing, unreadable or from other code."""
    try:
        with open(path, "rb") as f:
            stored = pickle.load(f)  # our own file, next to the database we write
        if stored.get("code") != code_digest():
            return QuoteChecks()
        return QuoteChecks(stored["answers"])
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError):
        return QuoteChecks()


def save(checks: QuoteChecks, path: Path) -> None:
    """Keep the answers used by this build (those of rows gone are dropped), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(
                {"code": code_digest(), "answers": checks.used}, f, protocol=pickle.HIGHEST_PROTOCOL
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
