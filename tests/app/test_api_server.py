"""The API as `make run` serves it (python -m tracker.serve): status codes and headers over
real HTTP, the static export byte for byte, and a rebuild served by the next request."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from datetime import date

import pytest

from etl.build import DEFAULT_DATASETS, build
from tests.browser.server import serve
from tracker import api


def fetch(url: str, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("apiserver")
    db = root / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, date(2026, 11, 24))
    with serve(db, root / "server.log") as base:
        yield base, db


def test_status_codes_and_headers(server):
    base, _ = server
    status, headers, body = fetch(f"{base}/api/v1/indicators.json")
    assert status == 200
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["access-control-allow-origin"] == "*"
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    etag = headers["etag"]
    assert fetch(f"{base}/api/v1/indicators.json", headers={"If-None-Match": etag})[0] == 304
    assert fetch(f"{base}/api/v1/indicators.json", "POST")[0] == 405
    for path in ("/api/v1/indicators/nope.json", "/api/v1/indicators/..%2F..%2Fetc.csv", "/api/x"):
        # a browser's Accept header too: nothing under /api/ is ever the app's HTML page
        status, headers, body = fetch(base + path, headers={"Accept": "text/html"})
        assert status == 404, path
        assert json.loads(body)["index"] == "/api/v1/indicators.json"


def test_static_export_matches_the_server_byte_for_byte(server, tmp_path, monkeypatch):
    base, db = server
    monkeypatch.setenv("TRACKER_DB", str(db))
    # The copy written for the address the server is reached at (the feed's and citations'
    # absolute links), as a deployment sets it.
    monkeypatch.setenv("TRACKER_PUBLIC_URL", base)
    api.DOCUMENTS.export(tmp_path)
    files = sorted(p for p in (tmp_path / "api").rglob("*") if p.is_file())
    assert len(files) > 20
    for f in files:
        status, _, body = fetch(f"{base}/{f.relative_to(tmp_path).as_posix()}")
        assert status == 200, f
        assert body == f.read_bytes(), f


def test_a_rebuild_is_served_by_the_next_request(server):
    base, db = server
    before = json.loads(fetch(f"{base}/api/v1/version.json")[2])
    build(DEFAULT_DATASETS, db, date(2026, 11, 25))
    after = json.loads(fetch(f"{base}/api/v1/version.json")[2])
    assert (before["assessed_on"], after["assessed_on"]) == ("2026-11-24", "2026-11-25")


def test_absolute_addresses_follow_the_served_address(server):
    """Served on a port of its own without TRACKER_PUBLIC_URL (as `make run PORT=8765`), every
    absolute address of the feed and of an indicator's citation is under the served address."""
    base, _ = server
    feed = fetch(f"{base}/api/v1/releases.atom")[2].decode("utf-8")
    absolute = re.findall(r"https?://[^\s\"<>]+", feed.replace("http://www.w3.org/2005/Atom", ""))
    assert len(absolute) > 10
    assert [a for a in absolute if not a.startswith(base + "/")] == []
    doc = json.loads(fetch(f"{base}/api/v1/indicators/key_process_cnc_rate.json")[2])
    # The release's pinned document (it kept its documents), under the served address.
    address = f"{base}/api/v1/releases/{doc['version']}/indicators/key_process_cnc_rate.json"
    assert doc["citation"]["address"] == address
    assert address in doc["citation"]["text"]
