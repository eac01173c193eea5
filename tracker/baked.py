"""Baked pages: every indicator and the goals as plain HTML (no JavaScript), with what search
engines, link previews and reference managers read, and a share image per indicator
(`tracker.share_image`); served by `tracker.serve` before Streamlit sees the address, and
written as files by `python -m tracker.baked export build/site` (`make site`).

Addresses (docs/site.md): `/indicators/<id>`, `/indicators/<id>.png`, `/goals`, the same under
`/zh/`, `/sitemap.xml`, `/robots.txt`. Every page renders the API's documents
(`tracker.documents`): the figures on a page are the figures the API serves. `answer(path)` is
the one function from an address to its bytes, called by the server and the static copy alike,
so a file of the copy is byte for byte what the server answers. An id is looked up among the
database's ids, never echoed unescaped.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tracker import (
    api,
    data,
    db,
    documents,
    i18n,
    indicators,
    share_image,
    store,
)
from tracker.baked_goals import goals_page, not_found_page
from tracker.baked_indicator import indicator_page, last_modified
from tracker.baked_page import (
    HTML,
    LANGS,
    PNG,
    TEXT,
    XML,
    Document,
    absolute,
    esc,
    goals_path,
    image_path,
    indicator_document,
    indicator_path,
    prefix,
)

# --- sitemap and robots -----------------------------------------------------------------------


def page_paths() -> Iterator[tuple[str, dict[str, str]]]:
    """Every baked page: (lastmod, its path in each language)."""
    latest = documents.build_info().get("latest_source_date") or ""
    yield latest, {lg: goals_path(lg) for lg in LANGS}
    for indicator_id in indicators.indicator_ids():
        doc = indicator_document(indicator_id)
        assert doc is not None
        yield last_modified(doc), {lg: indicator_path(indicator_id, lg) for lg in LANGS}


def sitemap() -> bytes:
    entries = []
    for lastmod, paths in page_paths():
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lg}" href="{esc(absolute(p))}"/>'
            for lg, p in paths.items()
        )
        for p in paths.values():
            entries.append(
                f"<url><loc>{esc(absolute(p))}</loc><lastmod>{esc(lastmod)}</lastmod>{links}</url>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    ).encode("utf-8")


def robots() -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute('/sitemap.xml')}\n".encode()


# --- addresses to documents -------------------------------------------------------------------


def in_language(lang: str, make: Callable[[], bytes | None]) -> bytes | None:
    """`make()` with `lang` as this thread's language, the previous one restored after."""
    before = i18n.current()
    i18n.use(lang)
    try:
        return make()
    finally:
        i18n.use(before)


PAGE = re.compile(r"(/zh)?/indicators/([^/]{1,200})")
IMAGE = re.compile(r"(/zh)?/indicators/([^/]{1,200})\.png")
GOALS = re.compile(r"(/zh)?/goals")


def handles(path: str) -> bool:
    """Whether `path` (without the base URL path) is one of the baked site's addresses: these
    are answered here (a page, or the HTML 404), never by Streamlit."""
    return (
        path in ("/sitemap.xml", "/robots.txt", "/zh", "/indicators")
        or path.startswith(("/indicators/", "/zh/", "/goals/"))
        or GOALS.fullmatch(path) is not None
    )


def language_of(path: str) -> str:
    return "zh" if path == "/zh" or path.startswith("/zh/") else "en"


def resolve(path: str) -> tuple[str, Callable[[], Document | None]] | None:
    """The canonical key of `path` and what makes its document, or None (404). The key holds
    the database's id, never text from the address."""
    version = documents.version
    if path == "/sitemap.xml":
        return path, lambda: Document(sitemap(), XML, version())
    if path == "/robots.txt":
        return path, lambda: Document(robots(), TEXT, version())
    m = GOALS.fullmatch(path)
    if m:
        lang = "zh" if m.group(1) else "en"
        return f"goals:{lang}", lambda: Document(
            in_language(lang, lambda: goals_page(lang)), HTML, version()
        )
    m = IMAGE.fullmatch(path)
    if m:
        found = documents.known_indicator(m.group(2))
        if found is None:
            return None
        lang = "zh" if m.group(1) else "en"
        return f"png:{lang}:{found}", lambda: _image(found, lang)
    m = PAGE.fullmatch(path)
    if m:
        found = documents.known_indicator(m.group(2))
        if found is None:
            return None
        lang = "zh" if m.group(1) else "en"
        return f"html:{lang}:{found}", lambda: _html(found, lang)
    return None


def _html(indicator_id: str, lang: str) -> Document | None:
    body = in_language(lang, lambda: indicator_page(indicator_id, lang))
    return None if body is None else Document(body, HTML, documents.version())


def _image(indicator_id: str, lang: str) -> Document | None:
    doc = indicator_document(indicator_id)
    if doc is None:
        return None
    address = absolute(indicator_path(indicator_id, lang))
    body = in_language(lang, lambda: share_image.render(doc, lang, address))
    return None if body is None else Document(body, PNG, documents.version())


# Built documents per (database identity, key), least recently used first, under CACHE_BYTES.
CACHE_BYTES = 128 * 2**20
_cache: OrderedDict[tuple, Document] = OrderedDict()
_cache_size = 0
_cache_lock = threading.Lock()


def answer(path: str) -> Document | None:
    global _cache_size
    found = resolve(path)
    if found is None:
        return None
    key, make = found
    ident = (store.current_identity(), documents.public_url())
    with _cache_lock:
        if (ident, key) in _cache:
            _cache.move_to_end((ident, key))
            return _cache[(ident, key)]
    doc = make()
    if doc is None:
        return None
    with _cache_lock:
        if (ident, key) not in _cache:
            _cache[(ident, key)] = doc
            _cache_size += len(doc.body)
            while _cache_size > CACHE_BYTES and len(_cache) > 1:
                _, old = _cache.popitem(last=False)
                _cache_size -= len(old.body)
    return doc


def not_found(path: str) -> Document:
    lang = language_of(path)
    body = in_language(lang, lambda: not_found_page(path, lang))
    assert body is not None
    return Document(body, HTML, documents.version())


def read(path: str) -> tuple[int, Document]:
    """The status and document for `path` on one version of the database."""
    data.begin_run()
    doc = answer(path) if "\x00" not in path else None
    return (200, doc) if doc is not None else (404, not_found(path))


# --- the server side --------------------------------------------------------------------------

CACHE_CONTROL = "public, max-age=300"


async def app(scope: dict, receive: Any, send: Any) -> None:
    """ASGI app for the baked addresses: GET and HEAD, ETag/304, the security headers."""
    method = scope.get("method", "GET")
    if method not in ("GET", "HEAD"):
        body = b"Method not allowed: the site is read-only (GET or HEAD).\n"
        await _send(send, 405, [("allow", "GET, HEAD"), ("content-type", TEXT)], body, False)
        return
    head = method == "HEAD"
    path = scope.get("path", "")
    try:
        status, doc = await asyncio.to_thread(read, path)
    except data.DatabaseUnavailable:
        body = b"The database is being built; try again in a few seconds.\n"
        await _send(send, 503, [("content-type", TEXT), ("retry-after", "5")], body, head)
        return
    language = "zh-Hans" if language_of(path) == "zh" else "en"
    headers = [("content-type", doc.media_type), ("content-language", language)]
    if status == 404:
        await _send(send, 404, [*headers, ("cache-control", "no-cache")], doc.body, head)
        return
    headers += [("etag", doc.etag), ("cache-control", CACHE_CONTROL)]
    asked = api._if_none_match(scope)
    if doc.etag in asked or "*" in asked:
        await _send(send, 304, [("etag", doc.etag), ("cache-control", CACHE_CONTROL)], b"", True)
        return
    await _send(send, 200, headers, doc.body, head)


async def _send(send: Any, status: int, headers: list[tuple[str, str]], body: bytes, head: bool):
    encoded = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*encoded, (b"content-length", str(len(body)).encode()), *api.SECURITY],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else body})


# --- the static copy ----------------------------------------------------------------------------


def paths() -> Iterator[str]:
    """Every address of the site, for the static copy."""
    yield "/sitemap.xml"
    yield "/robots.txt"
    for lang in LANGS:
        yield goals_path(lang)
        for indicator_id in indicators.indicator_ids():
            yield indicator_path(indicator_id, lang)
            yield image_path(indicator_id, lang)


def file_name(path: str) -> str:
    """Where the copy keeps `path`: a page as `<path>.html` (nginx: try_files $uri.html)."""
    return path.lstrip("/") + ("" if path.endswith((".png", ".xml", ".txt")) else ".html")


def export(out_dir: Path) -> list[Path]:
    """Write every page, image, the sitemap, robots.txt and the 404 pages under `out_dir`
    (one database version for all), into a new folder moved into place at the end."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    data.begin_run()
    written = []
    for path in list(paths()):
        doc = answer(path)
        if doc is None:  # pragma: no cover - every listed path has a document
            raise RuntimeError(f"no page for {path}")
        target = staging / file_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.body)
        written.append(out_dir / file_name(path))
    for lang in LANGS:  # the 404 pages (nginx's error_page), the address asked for left out
        target = staging / prefix(lang).lstrip("/") / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(in_language(lang, lambda lang=lang: not_found_page("", lang)) or b"")
        written.append(out_dir / target.relative_to(staging))
    old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    return db.export_command(
        argv,
        "python -m tracker.baked",
        __doc__,
        "every baked page and image under OUT_DIR",
        export,
        lambda out: out,
    )


if __name__ == "__main__":
    sys.exit(main())
