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

import posixpath
import re
import sys
from collections.abc import Iterator

from tracker import documents, indicators, served, share_image, site
from tracker.baked_goals import goals_page, not_found_page
from tracker.baked_indicator import indicator_page, last_modified
from tracker.baked_page import (
    HTML,
    LANGS,
    PNG,
    TEXT,
    XML,
    absolute,
    esc,
    goals_path,
    prefix,
    served_indicator,
)
from tracker.served import Document

# --- sitemap and robots -----------------------------------------------------------------------


def page_paths() -> Iterator[tuple[str, dict[str, str]]]:
    """Every baked page: (lastmod, its path in each language)."""
    latest = documents.build_info().get("latest_source_date") or ""
    yield latest, {lg: goals_path(lg) for lg in LANGS}
    for indicator_id in indicators.indicator_ids():
        doc = served_indicator(indicator_id)
        assert doc is not None
        yield (
            last_modified(doc),
            {lg: site.indicator_address(indicator_id, "page", lang=lg) for lg in LANGS},
        )


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


def _resolve(path: str) -> served.Resolved | None:
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
        return f"goals:{lang}", lambda: Document(goals_page(lang), HTML, version())
    for pattern, kind, make in ((IMAGE, "png", _image), (PAGE, "html", _html)):
        m = pattern.fullmatch(path)
        if m:
            found = documents.known_indicator(m.group(2))
            if found is None:
                return None
            lang = "zh" if m.group(1) else "en"
            return f"{kind}:{lang}:{found}", lambda m=make, i=found, lg=lang: m(i, lg)
    return None


def _html(indicator_id: str, lang: str) -> Document | None:
    body = indicator_page(indicator_id, lang)
    return None if body is None else Document(body, HTML, documents.version())


def _image(indicator_id: str, lang: str) -> Document | None:
    doc = served_indicator(indicator_id)
    if doc is None:
        return None
    address = absolute(site.indicator_address(indicator_id, "page", lang=lang))
    body = share_image.render(doc, lang, address)
    return None if body is None else Document(body, PNG, documents.version())


def not_found(path: str) -> Document:
    lang = language_of(path)
    body = not_found_page(path, lang)
    assert body is not None
    return Document(body, HTML, documents.version())


# --- the static copy ----------------------------------------------------------------------------


def _paths() -> Iterator[str]:
    """Every address of the site, for the static copy."""
    yield "/sitemap.xml"
    yield "/robots.txt"
    for lang in LANGS:
        yield goals_path(lang)
        for indicator_id in indicators.indicator_ids():
            yield site.indicator_address(indicator_id, "page", lang=lang)
            yield site.indicator_address(indicator_id, "png", lang=lang)


def file_name(path: str) -> str:
    """Where the copy keeps `path`: a page as `<path>.html` (nginx: try_files $uri.html)."""
    return path.lstrip("/") + ("" if path.endswith((".png", ".xml", ".txt")) else ".html")


def _not_found_files() -> Iterator[tuple[str, bytes]]:
    """The 404 pages (nginx's error_page), the address asked for left out."""
    for lang in LANGS:
        name = posixpath.join(prefix(lang).lstrip("/"), "404.html")
        yield name, not_found_page("", lang) or b""


# Every baked page: `PAGES.answer(path)` for a path of `handles`, `PAGES.export(out_dir)`
# writes them all, the images, the sitemap, robots.txt and the 404 pages under `out_dir`.
PAGES = served.Site(
    _resolve,
    _paths,
    max_bytes=128 * 2**20,
    folder=lambda out_dir: out_dir,
    file_name=file_name,
    more_files=_not_found_files,
)


def read(path: str) -> tuple[int, Document]:
    """The status and document for `path` on one version of the database: a page, or the
    HTML 404."""
    doc = PAGES.read(path)
    return (200, doc) if doc is not None else (404, not_found(path))


def main(argv: list[str] | None = None) -> int:
    return served.export_command(
        argv,
        "python -m tracker.baked",
        __doc__,
        "every baked page and image under OUT_DIR",
        PAGES.export,
        lambda out: out,
    )


if __name__ == "__main__":
    sys.exit(main())
