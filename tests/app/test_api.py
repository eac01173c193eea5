"""The read-only API (tracker.api) through its ASGI app, and its documents against the JSON
Schemas in docs/schemas and against the database's own values."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import duckdb
import jsonschema
import pytest
from referencing import Registry, Resource

from tracker import api, documents, releases, serve

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "docs" / "schemas"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(doc: object, name: str) -> None:
    """`doc` against the schema `name`; the schemas share parts by `$ref` (the target, its
    source and the licence are in targets.schema.json's `$defs`), found here by their `$id`."""
    found = [schema(p.name.removesuffix(".schema.json")) for p in SCHEMAS.glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in found)
    jsonschema.Draft202012Validator.check_schema(schema(name))
    jsonschema.Draft202012Validator(schema(name), registry=registry).validate(doc)


def call(path: str, method: str = "GET", headers: dict[str, str] | None = None):
    """One request to the API's ASGI app: (status, headers as a dict, body)."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    asyncio.run(serve.api_app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def db_rows(db: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def indicator_ids(db: Path) -> list[str]:
    return [r[0] for r in db_rows(db, "SELECT indicator_id FROM indicators ORDER BY 1")]


@pytest.mark.parametrize(
    ("path", "schema_name"),
    [
        ("/api/v1/version.json", "version"),
        ("/api/v1/indicators.json", "indicators"),
        ("/api/v1/targets.json", "targets"),
        ("/api/v1/indicators/key_process_cnc_rate.json", "indicator"),
        ("/api/v1/nope.json", "error"),
    ],
)
def test_documents_match_their_schemas(path, schema_name):
    status, headers, body = call(path)
    assert status == (404 if schema_name == "error" else 200)
    assert headers["content-type"] == "application/json; charset=utf-8"
    validate(json.loads(body), schema_name)


def test_every_indicator_document_matches_its_schema_and_the_database(tracker_db):
    ids = indicator_ids(tracker_db)
    assert len(ids) > 10
    for indicator_id in ids:
        status, _, body = call(f"/api/v1/indicators/{indicator_id}.json")
        assert status == 200, indicator_id
        doc = json.loads(body)
        validate(doc, "indicator")
        assert doc["indicator"]["id"] == indicator_id
        want = db_rows(
            tracker_db,
            "SELECT observation_id, value, comparator, as_of::VARCHAR, quote FROM observations "
            "WHERE indicator_id = ? ORDER BY as_of, observation_id",
            [indicator_id],
        )
        got = [
            (o["id"], o["value"], o["comparator"], o["as_of"], o["quote"])
            for o in doc["observations"]
        ]
        assert got == [(i, float(v), c, d, q) for i, v, c, d, q in want]
        targets = db_rows(
            tracker_db,
            "SELECT target_id, value, comparator, deadline::VARCHAR FROM targets "
            "WHERE indicator_id = ? ORDER BY 1",
            [indicator_id],
        )
        assert sorted(
            (t["id"], t["value"], t["comparator"], t["deadline"]) for t in doc["targets"]
        ) == [(i, float(v), c, d) for i, v, c, d in targets]


def test_catalogue_lists_every_indicator_with_its_addresses(tracker_db):
    doc = json.loads(call("/api/v1/indicators.json")[2])
    assert sorted(i["id"] for i in doc["indicators"]) == indicator_ids(tracker_db)
    platforms = next(i for i in doc["indicators"] if i["id"] == "industrial_internet_platforms")
    # "> 340" is a number with its comparator beside it, never the text "> 340".
    assert platforms["latest"]["value"] == 340
    assert platforms["latest"]["comparator"] == ">"
    assert platforms["json"] == "/api/v1/indicators/industrial_internet_platforms.json"
    assert platforms["areas"] == ["infrastructure"]


def test_targets_carry_status_verdict_and_deciding_figure():
    doc = json.loads(call("/api/v1/targets.json")[2])
    by_id = {t["id"]: t for t in doc["targets"]}
    platforms = by_id["t-platforms-120"]
    assert platforms["verdict"]["outcome"] == "met"
    assert platforms["deciding_observation_id"] == platforms["verdict"]["observation_id"]
    assert platforms["verdict"]["value"] == 340


def test_csv_is_the_chart_download_written_by_the_safe_writer():
    status, headers, body = call("/api/v1/indicators/industrial_internet_platforms.csv")
    assert status == 200
    assert headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {r["record"] for r in rows} == {"observation", "target"}
    assert "more than" in {r["comparator"] for r in rows}  # comparators in words, not "="
    assert body == documents.indicator_csv("industrial_internet_platforms")


def test_headers_etag_and_conditional_get():
    status, headers, body = call("/api/v1/version.json")
    assert status == 200
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["access-control-allow-origin"] == "*"
    assert headers["x-content-type-options"] == "nosniff"
    version = json.loads(body)["version"]
    assert headers["etag"].startswith(f'"{version}.')
    status, again, body = call("/api/v1/version.json", headers={"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")
    assert again["etag"] == headers["etag"]
    assert call("/api/v1/version.json", headers={"If-None-Match": '"other"'})[0] == 200


def test_head_has_headers_and_no_body():
    status, headers, body = call("/api/v1/indicators.json", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) > 0


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_refused(method):
    status, headers, body = call("/api/v1/version.json", method=method)
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
    assert json.loads(body)["error"] == "method not allowed"


HOSTILE = [
    "../../etc/passwd",
    "..%2F..%2Fdatasets%2Fobservations",
    "key_process_cnc_rate%00",
    "key_process_cnc_rate\x00",
    "x' OR '1'='1",
    "key_process_cnc_rate; DROP TABLE indicators; --",
    "x" * 10_000,
    "关键工序数控化率",
    "KEY_PROCESS_CNC_RATE",
    " key_process_cnc_rate",
    "",
]


@pytest.mark.parametrize("asked", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_hostile_ids_get_a_json_404_naming_the_index(asked, suffix):
    status, headers, body = call(f"/api/v1/indicators/{asked}{suffix}")
    assert status == 404
    assert headers["content-type"] == "application/json; charset=utf-8"
    doc = json.loads(body)
    assert doc["index"] == "/api/v1/indicators.json"
    assert asked not in body.decode("utf-8") or asked == ""  # never echoed


@pytest.mark.parametrize(
    "path",
    ["/api", "/api/", "/api/v1", "/api/v2/version.json", "/api/v1/indicators", "/api/v1/x/y/z"],
)
def test_unknown_api_addresses_are_json_404(path):
    status, _, body = call(path)
    assert status == 404
    validate(json.loads(body), "error")


def test_known_indicator_only_returns_database_ids():
    assert documents.known_indicator("key_process_cnc_rate") == "key_process_cnc_rate"
    for asked in [*HOSTILE, None, 3, ["key_process_cnc_rate"]]:
        assert documents.known_indicator(asked) is None


def test_static_export_is_every_document_byte_for_byte(tmp_path):
    written = api.DOCUMENTS.export(tmp_path)
    assert (tmp_path / "api" / "v1" / "version.json") in written
    for path in api.DOCUMENTS.paths():
        doc = api.DOCUMENTS.read(path)
        assert (tmp_path / path.lstrip("/")).read_bytes() == doc.body, path
    # a second export replaces the first whole
    api.DOCUMENTS.export(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api"]


def test_a_rebuilt_database_is_served_by_the_next_request(tmp_path, monkeypatch):
    from datetime import date

    from etl.build import DEFAULT_DATASETS, build

    db = tmp_path / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, date(2026, 1, 1))
    monkeypatch.setenv("TRACKER_DB", str(db))
    first = json.loads(call("/api/v1/version.json")[2])
    assert first["assessed_on"] == "2026-01-01"
    build(DEFAULT_DATASETS, db, date(2026, 2, 1))
    second = json.loads(call("/api/v1/version.json")[2])
    assert second["assessed_on"] == "2026-02-01"


def test_releases_are_served_with_their_schemas_and_feed(tracker_db):
    import feedparser

    status, _, body = call("/api/v1/releases.json")
    assert status == 200
    index = json.loads(body)
    from tests.app.test_releases import validator  # the schemas refer to each other

    validator("releases.schema.json").validate(index)
    versions = [r["version"] for r in index["releases"]]
    assert len(versions) >= 3
    for version in versions:
        status, _, body = call(f"/api/v1/releases/{version}.json")
        assert status == 200, version
        validator("release.schema.json").validate(json.loads(body))
    status, headers, body = call("/api/v1/releases.atom")
    assert status == 200
    assert headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(body)
    assert feed.bozo == 0
    assert len(feed.entries) == len(versions)


def test_each_release_serves_its_recorded_data_package(tracker_db):
    """GET /api/v1/releases/{version}/datapackage.zip: the bytes recorded with the release,
    whose SHA-256 and size releases.json gives and the feed's entry links as its enclosure."""
    import hashlib

    import feedparser

    index = json.loads(call("/api/v1/releases.json")[2])
    feed = feedparser.parse(call("/api/v1/releases.atom")[2])
    enclosures = {
        e.title: [link.href for link in e.links if link.rel == "enclosure"] for e in feed.entries
    }
    assert len(index["releases"]) >= 3
    for r in index["releases"]:
        recorded = REPO / "datasets" / "releases" / r["version"] / "datapackage.zip"
        status, headers, body = call(r["datapackage"])
        assert status == 200, r["version"]
        assert body == recorded.read_bytes()
        assert headers["content-type"] == "application/zip"
        name = f"china-intelligent-manufacturing-progress-{r['version']}.zip"
        assert headers["content-disposition"] == f'attachment; filename="{name}"'
        assert r["datapackage_sha256"] == hashlib.sha256(body).hexdigest()
        assert r["datapackage_bytes"] == len(body)
        assert enclosures[f"Release {r['version']}"] == [documents.public_url() + r["datapackage"]]


@pytest.mark.parametrize("suffix", [".json", "/datapackage.zip"])
@pytest.mark.parametrize("asked", ["9999.01.01", "../releases", "2026.11.24%00", "x" * 5000])
def test_unknown_or_hostile_release_versions_are_404(asked, suffix):
    status, _, body = call(f"/api/v1/releases/{asked}{suffix}")
    assert status == 404
    assert json.loads(body)["index"] == "/api/v1/indicators.json"


def test_the_public_url_wins_over_the_served_address(monkeypatch):
    """TRACKER_PUBLIC_URL, when set (a proxy or public host in front), is every absolute
    address's base; without it, the address the process serves on."""
    monkeypatch.setattr(documents, "_served", lambda: "http://127.0.0.1:8765")
    monkeypatch.delenv("TRACKER_PUBLIC_URL", raising=False)
    assert documents.public_url() == "http://127.0.0.1:8765"
    assert b'href="http://127.0.0.1:8765/changes"' in call("/api/v1/releases.atom")[2]
    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://tracker.example.org/")
    assert documents.public_url() == "https://tracker.example.org"
    doc = json.loads(call("/api/v1/indicators/key_process_cnc_rate.json")[2])
    # The release's pinned document (it kept its documents), absolute under the public URL.
    pinned = releases.pinned_indicator(doc["version"], "key_process_cnc_rate")
    assert pinned == f"/api/v1/releases/{doc['version']}/indicators/key_process_cnc_rate.json"
    assert doc["citation"]["address"] == "https://tracker.example.org" + pinned
