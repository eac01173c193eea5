"""The read-only data API, `/api/v1/...`, and its static copy (`python -m tracker.api export
OUT_DIR`, `make api`).

`answer(path)` is the one function that maps an address to a document (`tracker.documents`);
the server (an ASGI app mounted by `tracker.serve` in front of Streamlit) and the static export
both call it, so a file of the export is byte for byte what the server answers. Every request
reads one version of the database (`data.begin_run` pins it), so a document never mixes two
builds, and a rebuilt database is served by the next request.

Addresses are matched against a fixed table of patterns; an id is looked up among the
database's ids (`documents.known_indicator`), never used to build a path or a query.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker import citation, data, db, documents, indicators, releases, store
from tracker.routing import SECURITY_HEADERS

PREFIX = documents.API + "/"
JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
ZIP = "application/zip"
BIBTEX = "application/x-bibtex; charset=utf-8"
RIS = "application/x-research-info-systems; charset=utf-8"
CSL_JSON = "application/vnd.citationstyles.csl+json; charset=utf-8"
CACHE_CONTROL = "public, max-age=300"
# A release's kept documents never change (issue 27).
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_FOUND = {
    "error": "not found",
    "message": "No document at this address. Every indicator is listed at "
    "/api/v1/indicators.json; the API is described in docs/api.md.",
    "index": "/api/v1/indicators.json",
}


@dataclass(frozen=True)
class Document:
    body: bytes
    media_type: str
    version: str
    filename: str | None = None  # sent as an attachment under this name
    status: int = 200
    cache_control: str = CACHE_CONTROL

    @property
    def etag(self) -> str:
        """Tied to the dataset's version, and to the bytes (a build assessed on another day
        may change a status without a new release)."""
        digest = hashlib.sha256(self.body).hexdigest()[:16]
        return f'"{self.version}.{digest}"'


def _json(make: Callable[[], dict[str, Any] | None]) -> Document | None:
    doc = make()
    if doc is None:
        return None
    return Document(documents.json_bytes(doc), JSON, documents.version())


def _csv(make: Callable[[], bytes | None]) -> Document | None:
    return _bytes(make, CSV)


def _bytes(make: Callable[[], bytes | None], media_type: str) -> Document | None:
    body = make()
    return None if body is None else Document(body, media_type, documents.version())


# Fixed addresses, then patterns with one id; a pattern's id is looked up by its document.
FIXED: dict[str, Callable[[], Document | None]] = {
    "version.json": lambda: _json(documents.version_document),
    "indicators.json": lambda: _json(documents.indicators_document),
    "targets.json": lambda: _json(documents.targets_document),
    "releases.json": lambda: _json(releases.releases_index),
    "releases.atom": lambda: Document(releases.atom_feed(public_url()), ATOM, documents.version()),
}


public_url = documents.public_url  # the feed's absolute links
CITATION_FORMATS = ("bib", "ris", "csl.json")
INDICATOR_FORMATS = ("json", "csv", "atom", *CITATION_FORMATS)


# Addresses with one id: the pattern, how the id is looked up among the database's (None when
# it is not one of them), and what makes the document for the database's id.
PATTERNS: list[
    tuple[re.Pattern[str], Callable[[str], str | None], Callable[[str], Document | None]]
] = [
    (
        re.compile(r"indicators/([^/]{1,200})\.csl\.json"),
        documents.known_indicator,
        lambda i: _bytes(lambda: citation.csl_bytes(i), CSL_JSON),
    ),
    (
        re.compile(r"indicators/([^/]{1,200})\.json"),
        documents.known_indicator,
        lambda i: _json(lambda: documents.indicator_document(i)),
    ),
    (
        re.compile(r"indicators/([^/]{1,200})\.csv"),
        documents.known_indicator,
        lambda i: _csv(lambda: documents.indicator_csv(i)),
    ),
    (
        re.compile(r"indicators/([^/]{1,200})\.atom"),
        documents.known_indicator,
        lambda i: _indicator_feed(i),
    ),
    (
        re.compile(r"indicators/([^/]{1,200})\.bib"),
        documents.known_indicator,
        lambda i: _bytes(lambda: citation.bibtex_bytes(i), BIBTEX),
    ),
    (
        re.compile(r"indicators/([^/]{1,200})\.ris"),
        documents.known_indicator,
        lambda i: _bytes(lambda: citation.ris_bytes(i), RIS),
    ),
    (
        re.compile(r"releases/([^/]{1,40})\.json"),
        releases.known_version,
        lambda v: _json(lambda: releases.release_detail(v)),
    ),
    (
        re.compile(r"releases/([^/]{1,40})/datapackage\.zip"),
        releases.known_version,
        lambda v: _package(v),
    ),
]


def _indicator_feed(indicator_id: str) -> Document:
    entry = documents.catalogue_entry(indicator_id)
    body = releases.indicator_feed(
        indicator_id, entry["name_en"], entry["name_zh"], entry["unit"], public_url()
    )
    return Document(body, ATOM, documents.version())


def _package(version: str) -> Document | None:
    body = releases.release_package(version)
    if body is None:
        return None
    name = f"china-intelligent-manufacturing-progress-{version}.zip"  # as the Data page names it
    return Document(body, ZIP, documents.version(), filename=name)


# A release's kept documents: /api/v1/releases/{version}/indicators/{id}.json|.csv and
# /api/v1/releases/{version}/targets.json.
PINNED = re.compile(r"releases/([^/]{1,40})/(indicators/[^/]{1,200}\.(?:json|csv)|targets\.json)")


def _pinned(version: str, asked: str) -> tuple[str, Callable[[], Document | None]] | None:
    """A document as release `version` kept it, under the database's own version and name;
    for a release that kept none, a 404 that says why (naming the database's version only)."""
    found = releases.known_version(version)
    if found is None:
        return None
    name = next((n for n in releases.kept_names(found) if n == asked), None)
    if name is not None:
        media = CSV if name.endswith(".csv") else JSON

        def make() -> Document | None:
            body = releases.release_document(found, name)
            return None if body is None else Document(body, media, found, cache_control=IMMUTABLE)

        return f"{PREFIX}pinned/{found}/{name}", make
    if releases.kept_names(found):
        return None  # the release kept its documents, and this is not one of them

    def reason() -> Document:
        body = documents.json_bytes(
            {
                "error": "not found",
                "message": releases.no_documents_reason(found),
                "datapackage": releases.package_address(found),
                "index": "/api/v1/indicators.json",
            }
        )
        return Document(body, JSON, found, status=404, cache_control=CACHE_CONTROL)

    return f"{PREFIX}pinned/{found}/-", reason


def resolve(path: str) -> tuple[str, Callable[[], Document | None]] | None:
    """The canonical address asked for and what makes its document, or None for an address the
    API does not have. An id is replaced by the database's own string: what is returned never
    holds text from the address."""
    if not path.startswith(PREFIX):
        return None
    rest = path[len(PREFIX) :]
    if rest in FIXED:
        return PREFIX + rest, FIXED[rest]
    m = PINNED.fullmatch(rest)
    if m:
        return _pinned(m.group(1), m.group(2))
    for n, (pattern, known, make) in enumerate(PATTERNS):
        m = pattern.fullmatch(rest)
        if m:
            found = known(m.group(1))
            if found is None:
                return None
            return f"{PREFIX}{n}/{found}", lambda make=make, found=found: make(found)
    return None


def answer(path: str) -> Document | None:
    """The document at `path` (an address under /api/v1/, decoded), or None; built once per
    database version, public address and address (a known address: nothing is kept for
    unknown ones)."""
    found = resolve(path)
    if found is None:
        return None
    key, make = found
    # The public address is part of a document (the feed's links, a citation's address).
    ident = (store.current_identity(), public_url())
    with _cache_lock:
        if (ident, key) in _cache:
            _cache.move_to_end((ident, key))
            return _cache[(ident, key)]
    doc = make()
    if doc is not None:
        _remember(ident, key, doc)
    return doc


# Documents built, per (database identity, canonical address), least recently used first, kept
# under CACHE_BYTES in all: the API's own pool, so that many documents do not push the pages'
# cached results out of tracker.store's.
CACHE_BYTES = 256 * 2**20
_cache: OrderedDict[tuple, Document] = OrderedDict()
_cache_size = 0
_cache_lock = threading.Lock()


def _remember(ident: Any, key: str, doc: Document) -> None:
    global _cache_size
    with _cache_lock:
        if (ident, key) in _cache:
            return
        _cache[(ident, key)] = doc
        _cache_size += len(doc.body)
        while _cache_size > CACHE_BYTES and len(_cache) > 1:
            _, old = _cache.popitem(last=False)
            _cache_size -= len(old.body)


def paths() -> Iterator[str]:
    """Every address the API answers, for the static copy."""
    for name in FIXED:
        yield PREFIX + name
    for indicator_id in indicators.indicator_ids():
        for ext in INDICATOR_FORMATS:
            yield f"{PREFIX}indicators/{indicator_id}.{ext}"
    for release in releases.releases_index()["releases"]:
        yield f"{PREFIX}releases/{release['version']}.json"
        if release["datapackage"]:
            yield release["datapackage"]
        for name in releases.kept_names(release["version"]):
            yield f"{PREFIX}releases/{release['version']}/{name}"


def read(path: str) -> Document | None:
    """`answer(path)` on one version of the database (the calling thread's pin)."""
    data.begin_run()
    return answer(path)


# --- the server side --------------------------------------------------------------------------

SECURITY = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]


def _headers(
    extra: list[tuple[str, str]], cache_control: str = CACHE_CONTROL
) -> list[tuple[bytes, bytes]]:
    base = [
        ("cache-control", cache_control),
        ("access-control-allow-origin", "*"),
        ("access-control-expose-headers", "ETag"),
        *extra,
    ]
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in base] + SECURITY


async def _send(
    send: Any,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    head: bool,
    cache_control: str = CACHE_CONTROL,
):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": _headers([*headers, ("content-length", str(len(body)))], cache_control),
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else body})


def _not_found() -> bytes:
    return documents.json_bytes(NOT_FOUND)


def _if_none_match(scope: dict) -> list[str]:
    for name, value in scope.get("headers", []):
        if name.lower() == b"if-none-match":
            return [t.strip() for t in value.decode("latin-1").split(",")]
    return []


async def app(scope: dict, receive: Any, send: Any) -> None:
    """ASGI app for every address under /api/: GET and HEAD only, JSON errors."""
    method = scope.get("method", "GET")
    if method == "OPTIONS":  # a CORS preflight: only simple GETs are allowed anyway
        await _send(
            send,
            204,
            [("allow", "GET, HEAD, OPTIONS"), ("access-control-allow-methods", "GET, HEAD")],
            b"",
            True,
        )
        return
    if method not in ("GET", "HEAD"):
        body = documents.json_bytes(
            {"error": "method not allowed", "message": "The API is read-only: GET or HEAD."}
        )
        await _send(send, 405, [("allow", "GET, HEAD"), ("content-type", JSON)], body, False)
        return
    head = method == "HEAD"
    path = scope.get("path", "")
    try:
        doc = await asyncio.to_thread(read, path) if "\x00" not in path else None
    except data.DatabaseUnavailable:
        body = documents.json_bytes(
            {"error": "unavailable", "message": "The database is being built; try again."}
        )
        await _send(send, 503, [("content-type", JSON), ("retry-after", "5")], body, head)
        return
    if doc is None:
        await _send(send, 404, [("content-type", JSON)], _not_found(), head)
        return
    headers = [("content-type", doc.media_type), ("etag", doc.etag)]
    if doc.filename:
        headers.append(("content-disposition", f'attachment; filename="{doc.filename}"'))
    if doc.status != 200:
        await _send(send, doc.status, [("content-type", doc.media_type)], doc.body, head)
        return
    if doc.etag in _if_none_match(scope) or "*" in _if_none_match(scope):
        await _send(send, 304, [("etag", doc.etag)], b"", True, doc.cache_control)
        return
    await _send(send, 200, headers, doc.body, head, doc.cache_control)


# --- the static copy ----------------------------------------------------------------------------


def export(out_dir: Path) -> list[Path]:
    """Write every document under `out_dir/api/v1/...` (one database version for all), into a
    new folder moved into place at the end, so a web server never serves half a copy."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".api-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    data.begin_run()
    written = []
    for path in list(paths()):
        doc = answer(path)
        if doc is None:  # pragma: no cover - every listed path has a document
            raise RuntimeError(f"no document for {path}")
        target = staging / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.body)
        written.append(out_dir / path.lstrip("/"))
    final = out_dir / "api"
    old = out_dir / f".api-old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    (staging / "api").rename(final)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    return db.export_command(
        argv,
        "python -m tracker.api",
        __doc__,
        "every API document under OUT_DIR/api/v1/",
        export,
        lambda out: out / "api" / "v1",
    )


if __name__ == "__main__":
    sys.exit(main())
