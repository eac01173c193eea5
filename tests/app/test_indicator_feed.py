"""Every indicator's Atom feed (/api/v1/indicators/{id}.atom, issue 27), read back by feedparser:
an entry per release that changed the indicator, saying what changed in English and Chinese,
linking its page and the release's documents."""

from __future__ import annotations

import json
import re

import feedparser

from etl.build import DEFAULT_DATASETS
from etl.release import RELEASES_DIR, read_releases
from tests.app.test_api import call
from tracker import api, indicators

BASE = "https://tracker.example.org"
CJK = re.compile(r"[\u4e00-\u9fff]")


def added_figures() -> dict[str, set[str]]:
    """For each release, the indicators it added a figure or a goal to (from changes.json)."""
    out = {}
    for r in read_releases(DEFAULT_DATASETS):
        changes = json.loads(
            (DEFAULT_DATASETS / RELEASES_DIR / r.version / "changes.json").read_text("utf-8")
        )
        out[r.version] = {
            e["row"]["indicator_id"]
            for table in ("observations", "targets")
            for e in changes["tables"].get(table, {}).get("added", [])
        }
    return out


def test_every_indicator_has_a_feed_of_the_releases_that_changed_it(tracker_db, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", BASE)
    api.DOCUMENTS.clear()
    added = added_figures()
    ids = indicators.indicator_ids()
    assert len(ids) > 20
    for indicator_id in ids:
        status, headers, body = call(f"/api/v1/indicators/{indicator_id}.atom")
        assert status == 200 and headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(body)
        assert not feed.bozo, (indicator_id, feed.bozo_exception)
        page = f"{BASE}/indicator?id={indicator_id}"
        assert feed.feed.link == page  # rel="alternate"
        assert any(
            link.rel == "self" and link.href == f"{BASE}/api/v1/indicators/{indicator_id}.atom"
            for link in feed.feed.links
        )
        versions = [e.id.split("/releases/")[1].split(".json#")[0] for e in feed.entries]
        expected = {v for v, changed in added.items() if indicator_id in changed}
        assert expected <= set(versions), (indicator_id, expected, versions)
        assert versions == sorted(versions, key=lambda v: [int(x) for x in v.split(".")])[::-1]
        for entry in feed.entries:
            english, chinese = entry.summary.split("\n")
            assert english and CJK.search(chinese), (indicator_id, entry.summary)
            assert entry.link == page


def test_a_feed_entry_says_what_changed_with_the_figure_as_stated(tracker_db, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", BASE)
    api.DOCUMENTS.clear()
    feed = feedparser.parse(call("/api/v1/indicators/key_process_cnc_rate.atom")[2])
    by_version = {e.id.split("/releases/")[1].split(".json#")[0]: e for e in feed.entries}
    added = by_version["2026.11.25"].summary
    assert "Goal added: > 75% by 2027-12-31 (t-cnc-75-2027)." in added
    assert "新增目标：到2027-12-31达到> 75%（t-cnc-75-2027）。" in added
    followed = by_version["2026.12.04"].summary
    assert "Goal t-cnc-68 followed by goal t-cnc-75-2027 (raises)." in followed
    assert "目标t-cnc-68之后有后续目标t-cnc-75-2027（raises）。" in followed
    links = {link.rel: link.href for link in by_version["2026.12.04"].links}
    assert links["enclosure"] == f"{BASE}/api/v1/releases/2026.12.04/datapackage.zip"
    assert links["via"] == f"{BASE}/api/v1/releases/2026.12.04.json"


def test_unknown_ids_get_the_json_404(tracker_db):
    for hostile in ("nope", "../releases", "key_process_cnc_rate.json", "a" * 300):
        status, _, body = call(f"/api/v1/indicators/{hostile}.atom")
        assert status == 404 and json.loads(body)["error"] == "not found"
