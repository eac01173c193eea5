"""The read-only data API, `/api/v1/...`, and its static copy (`python -m tracker.api export
OUT_DIR`, `make api`).

`DOCUMENTS.answer(path)` is the one function that maps an address to a document
(`tracker.documents`); the server (`tracker.serve.api_app`, in front of Streamlit) and the
static export both call it (`tracker.served.Site`), so a file of the export is byte for byte
what the server answers. Every request reads one version of the database (`data.begin_run`
pins it), so a document never mixes two builds, and a rebuilt database is served by the next
request.

Addresses are matched against a fixed table of patterns; an id is looked up among the
database's ids (`documents.known_indicator`), never used to build a path or a query.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from tracker import citation, documents, indicators, releases, served, site
from tracker.served import CACHE_CONTROL, Document

PREFIX = site.API + "/"
JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
ZIP = "application/zip"
BIBTEX = "application/x-bibtex; charset=utf-8"
RIS = "application/x-research-info-systems; charset=utf-8"
CSL_JSON = "application/vnd.citationstyles.csl+json; charset=utf-8"
# A release's kept documents never change (issue 27).
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_FOUND = {
    "error": "not found",
    "message": "No document at this address. Every indicator is listed at "
    "/api/v1/indicators.json; the API is described in docs/api.md.",
    "index": "/api/v1/indicators.json",
}


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
    "releases.atom": lambda: Document(
        releases.atom_feed(documents.public_url()), ATOM, documents.version()
    ),
}


# An indicator's documents by format, the citation formats first: `x.csl.json` must be read as
# the CSL file of `x`, not as the JSON of an id `x.csl`.
INDICATOR_DOCUMENTS: dict[str, Callable[[str], Document | None]] = {
    "csl.json": lambda i: _bytes(lambda: citation.csl_bytes(i), CSL_JSON),
    "bib": lambda i: _bytes(lambda: citation.bibtex_bytes(i), BIBTEX),
    "ris": lambda i: _bytes(lambda: citation.ris_bytes(i), RIS),
    "json": lambda i: _json(lambda: documents.indicator_document(i)),
    "csv": lambda i: _csv(lambda: documents.indicator_csv(i)),
    "atom": lambda i: _indicator_feed(i),
}

# Addresses with one id: the pattern, how the id is looked up among the database's (None when
# it is not one of them), and what makes the document for the database's id.
PATTERNS: list[
    tuple[re.Pattern[str], Callable[[str], str | None], Callable[[str], Document | None]]
] = [
    *(
        (
            re.compile(r"indicators/([^/]{1,200})\." + re.escape(ext)),
            documents.known_indicator,
            make,
        )
        for ext, make in INDICATOR_DOCUMENTS.items()
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
        indicator_id, entry["name_en"], entry["name_zh"], entry["unit"], documents.public_url()
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


def _kept_document(version: str, asked: str) -> tuple[str, Callable[[], Document | None]] | None:
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


def _resolve(path: str) -> served.Resolved | None:
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
        return _kept_document(m.group(1), m.group(2))
    for n, (pattern, known, make) in enumerate(PATTERNS):
        m = pattern.fullmatch(rest)
        if m:
            found = known(m.group(1))
            if found is None:
                return None
            return f"{PREFIX}{n}/{found}", lambda make=make, found=found: make(found)
    return None


def _paths() -> Iterator[str]:
    """Every address the API answers, for the static copy."""
    for name in FIXED:
        yield PREFIX + name
    for indicator_id in indicators.indicator_ids():
        for ext in site.API_FORMATS:
            yield site.indicator_address(indicator_id, ext)
    for release in releases.releases_index()["releases"]:
        yield f"{PREFIX}releases/{release['version']}.json"
        if release["datapackage"]:
            yield release["datapackage"]
        for name in releases.kept_names(release["version"]):
            yield f"{PREFIX}releases/{release['version']}/{name}"


# Every document of the API: `DOCUMENTS.answer(path)` for a path under /api/v1/ (decoded),
# `DOCUMENTS.read(path)` on one version of the database, `DOCUMENTS.export(out_dir)` writes
# them all under `out_dir/api/v1/`.
DOCUMENTS = served.Site(
    _resolve,
    _paths,
    max_bytes=256 * 2**20,
    folder=lambda out_dir: out_dir / "api",
    file_name=lambda path: path.removeprefix("/api/"),
)


def main(argv: list[str] | None = None) -> int:
    return served.export_command(
        argv,
        "python -m tracker.api",
        __doc__,
        "every API document under OUT_DIR/api/v1/",
        DOCUMENTS.export,
        lambda out: out / "api" / "v1",
    )


if __name__ == "__main__":
    sys.exit(main())
