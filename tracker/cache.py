"""Caching of what is built from the database: per database identity (a rebuilt file is a new
identity, so nothing built from the old one is served) and per language, an argument of every
function here (None for what holds no display text); a frame built
here is remembered as such, so what a page derives from it is found on the next rerun without
reading its content (`frame_fingerprint`). Built on `tracker.store`; no SQL, no Streamlit.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pandas as pd

from tracker import store
from tracker.store import T


def built(key: tuple, make: Callable[[], T], *, lang: str | None) -> T:
    """`make()` once per identity of the database file, `key` (the function and its arguments)
    and `lang`, the language of the texts it holds (None, said explicitly, for a build without
    display texts): the language is an argument, so no key can forget it. A rebuilt
    database has a new identity, so nothing built from the old one is served. What it returns
    is the cached object itself, not a copy (a copy of a frame of Arrow-backed text columns
    costs milliseconds): pages derive new frames from it and never change it in place. A frame
    is remembered as coming from (database identity, key), so a chart of it is recognised on
    the next rerun without reading its content (`frame_fingerprint`)."""

    def build(path: Path) -> tuple[store.Identity, T]:
        ident = store.identity(path)
        return ident, make()

    key = (*key, lang)
    ident, value = store.per_database(key, build)
    return _known(value, (ident, key))


def _known(value: T, origin: tuple) -> T:
    """`value`, a frame of it remembered as built from `origin` (database identity, key)."""
    if isinstance(value, pd.DataFrame):
        with _origins_lock:
            _origins[id(value)] = (weakref.ref(value), origin)
            while len(_origins) > MAX_ORIGINS:
                del _origins[next(iter(_origins))]
    return value


def cached(key: tuple, make: Callable[[], T], *, lang: str | None) -> T:
    """`make()` once per (key, language, database identity): for what a page builds
    from several reads on every rerun otherwise (a list's Markdown, a source's marked-up text).
    `key` names it and holds what else it depends on. Not copied: do not change it."""
    return built(("page", *key), make, lang=lang)


# id of a frame `built` returned -> (weak reference to it, (database identity, key)); the
# weak reference tells a live frame from another object given the id of a collected one.
_origins: dict[int, tuple[weakref.ref, tuple]] = {}
_origins_lock = threading.Lock()
MAX_ORIGINS = 4096


def key_of(*args) -> tuple:
    """Arguments as a cache key: sequences as tuples."""
    return tuple(tuple(a) if isinstance(a, list | tuple) else a for a in args)


def begin_run() -> None:
    """At the start of a script run: every query of this run reads the database file as it is
    now (`store.pin`), so a rebuild while a page runs never mixes two versions on it."""
    store.pin()


def frame_fingerprint(frame: pd.DataFrame) -> Hashable:
    """What identifies a frame's content: for a frame returned by this module (unchanged, as
    pages use them), the database identity and the function and arguments that built it;
    for any other frame, a digest of its content (values, columns, index, dtypes; pickled:
    equal frames, equal digests)."""
    with _origins_lock:
        origin = _origins.get(id(frame))
    if origin is not None and origin[0]() is frame:
        return ("built", origin[1])
    return ("content", hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).digest())


def per_frame(
    kind: str, key: str, frame: pd.DataFrame, build: Callable[[], Any], *, lang: str | None
) -> Any:
    """`build()`, built once per (kind, key, frame content, `lang`, database identity) and
    the same object returned on every rerun (do not change it): what a page derives from a
    frame it draws, such as a chart's description and table."""
    key = (kind, key, frame_fingerprint(frame), lang)
    value = store.per_database(key, lambda _path: build())
    # A frame derived so is itself known as built: what is derived from it in turn is found
    # without reading its content.
    return (
        _known(value, (store.current_identity(), key)) if isinstance(value, pd.DataFrame) else value
    )


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as dicts (`to_dict("records")`), built once per frame content (see
    `per_frame`): pandas builds them row by row, a few milliseconds for a few dozen rows of
    Arrow text, on every rerun otherwise. The same list each time: do not change it."""
    return per_frame("records", "", frame, lambda: frame.to_dict("records"), lang=None)


def rows(frame: pd.DataFrame, start: int, stop: int) -> pd.DataFrame:
    """`frame.iloc[start:stop]`. Of a frame from this module, the same slice on every rerun,
    itself known as built (`frame_fingerprint`), so that its records and charts are found
    without pickling its content (a 12-row slice of 56 columns: ~1 ms a rerun)."""
    fingerprint = frame_fingerprint(frame)
    if fingerprint[0] != "built":
        return frame.iloc[start:stop]
    # the slice holds what the frame holds: its key (in the fingerprint) names the language
    return built(("rows", fingerprint[1], start, stop), lambda: frame.iloc[start:stop], lang=None)
