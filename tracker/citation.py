"""How to cite one indicator, in every format a reference manager reads (issue 27): the text of
the page's "Cite this indicator", BibTeX (`.bib`), RIS (`.ris`) and CSL-JSON (`.csl.json`).

One record per indicator (`record`) and four writers of it, so that every format names the same
release, title, date and address. The address is the release's pinned document
(`/api/v1/releases/{version}/indicators/{id}.json`, never replaced) when the served data is a
release that kept its documents, else the live document; absolute under `documents.public_url()`.
No access date: a file's bytes do not depend on the day it is fetched.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

from etl.figures import show_date
from tracker import documents, i18n, releases, site
from tracker.text import code, md, same_tab_link

REFERENCE_FILES = (*site.CITATION_FORMATS, "atom")  # the citation files and the feed

AUTHOR = "China intelligent manufacturing progress tracker maintainers"  # as in CITATION.cff


def record(indicator_id: str) -> dict[str, Any] | None:
    """What every citation format says about one indicator; None for an unknown id."""
    found = documents.known_indicator(indicator_id)
    if found is None:
        return None
    entry = documents.catalogue_entry(found)
    version = documents.version()
    pinned = releases.pinned_indicator(version, found)
    base = documents.public_url().rstrip("/")
    return {
        "id": found,
        "title": entry["name_en"],
        "title_zh": entry["name_zh"],
        "version": version,
        "released_on": releases.version_date(version),
        "url": base + (pinned or entry["json"]),
        "pinned": pinned is not None,
        "page": base + entry["page"],
        "licence": documents.LICENCE["name"],
    }


def _key(rec: dict[str, Any]) -> str:
    """A BibTeX key of letters, digits, `_` and `-` only (ids are the database's)."""
    raw = f"cimpt-{rec['id']}-{rec['version']}"
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in raw)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bib(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)


def bibtex(rec: dict[str, Any]) -> str:
    """A BibTeX `@misc` entry (the type every BibTeX style knows; biblatex reads `version`)."""
    day = date.fromisoformat(rec["released_on"])
    fields = [
        ("title", "{" + _bib(rec["title"]) + "}"),
        ("author", "{" + _bib(AUTHOR) + "}"),
        ("year", str(day.year)),
        ("month", str(day.month)),
        ("date", rec["released_on"]),
        ("version", rec["version"]),
        ("howpublished", "\\url{" + rec["url"] + "}"),
        ("url", rec["url"]),
        ("note", _bib(f"Dataset, release {rec['version']}. {rec['licence']}.")),
        ("organization", _bib(site.TITLE)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{_key(rec)},\n{body}\n}}\n"


def ris(rec: dict[str, Any]) -> str:
    """An RIS record of type DATA (lines `TAG  - value`, CRLF as the format's readers expect)."""
    day = rec["released_on"]
    lines = [
        ("TY", "DATA"),
        ("TI", rec["title"]),
        ("TT", rec["title_zh"]),
        ("AU", AUTHOR),
        ("PY", day[:4]),
        ("DA", day.replace("-", "/")),
        ("ET", rec["version"]),
        ("T2", site.TITLE),
        ("PB", AUTHOR),
        ("UR", rec["url"]),
        ("N1", f"Dataset, release {rec['version']}. {rec['licence']}. Page: {rec['page']}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """CSL-JSON: a list of one item of type `dataset`."""
    day = date.fromisoformat(rec["released_on"])
    return [
        {
            "id": _key(rec),
            "type": "dataset",
            "title": rec["title"],
            "author": [{"literal": AUTHOR}],
            "container-title": site.TITLE,
            "publisher": AUTHOR,
            "version": rec["version"],
            "issued": {"date-parts": [[day.year, day.month, day.day]]},
            "URL": rec["url"],
            "note": f"{rec['licence']}. Page: {rec['page']}",
        }
    ]


def bibtex_bytes(indicator_id: str) -> bytes | None:
    rec = record(indicator_id)
    return None if rec is None else bibtex(rec).encode("utf-8")


def ris_bytes(indicator_id: str) -> bytes | None:
    rec = record(indicator_id)
    return None if rec is None else ris(rec).encode("utf-8")


def csl_bytes(indicator_id: str) -> bytes | None:
    rec = record(indicator_id)
    if rec is None:
        return None
    return (json.dumps(csl(rec), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the indicator page's "Download and cite", in the reader's language ----------------------


def indicator_citation_text(
    name: str, version: str, address: str, accessed: date, lang: str
) -> str:
    """The page's "Cite this indicator": title, release, the indicator's name, its address as
    the reader reached it, and the day it was read."""
    _ = i18n.words(lang)
    return _(
        "{title}, release {version}, indicator “{indicator}”, {address}, accessed {date}."
    ).format(
        title=_(site.TITLE),
        version=version,
        indicator=name,
        address=address,
        date=show_date(accessed, lang=lang),
    )


def api_caption(meta: dict[str, Any], lang: str) -> str:
    """The indicator's API documents (its JSON and CSV addresses), as Markdown."""
    _ = i18n.words(lang)
    return _("API: {json} · {csv}").format(json=code(meta["json"]), csv=code(meta["csv"]))


def reference_files_caption(indicator_id: str, lang: str) -> str:
    """Links to the indicator's citation files and its changes' feed (same-tab links: files of
    this site, not pages of another; Markdown with HTML, every text escaped)."""
    _ = i18n.words(lang)
    files = {ext: site.indicator_address(indicator_id, ext) for ext in REFERENCE_FILES}
    return _(
        "Cite in a reference manager: {bib} · {ris} · {csl}. This indicator's changes: {atom}."
    ).format(
        bib=same_tab_link("BibTeX", files["bib"]),
        ris=same_tab_link("RIS", files["ris"]),
        csl=same_tab_link("CSL-JSON", files["csl.json"]),
        atom=same_tab_link(md(_("Atom feed")), files["atom"]),
    )


def embed_html(address: str, name: str, lang: str) -> str:
    """The iframe a web page pastes to show the indicator's page (`address`, the page as the
    reader reached it) read-only inside it."""
    _ = i18n.words(lang)
    title = html.escape(_(site.TITLE) + _(": ") + name)
    return (
        f'<iframe src="{html.escape(address + "&embed=true")}" title="{title}" width="100%" '
        'height="720" style="border:0" loading="lazy"></iframe>'
    )
