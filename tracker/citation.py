"""How to cite one indicator, in every format a reference manager reads (issue 27): the text of
the page's "Cite this indicator", BibTeX (`.bib`), RIS (`.ris`) and CSL-JSON (`.csl.json`).

One record per indicator (`record`) and four writers of it, so that every format names the same
release, title, date and address. The address is the release's pinned document
(`/api/v1/releases/{version}/indicators/{id}.json`, never replaced) when the served data is a
release that kept its documents, else the live document; absolute under `documents.public_url()`.
No access date: a file's bytes do not depend on the day it is fetched.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from tracker import documents, releases, site

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
