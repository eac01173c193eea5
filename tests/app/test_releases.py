"""The releases' documents (tracker/releases.py): validated against their JSON Schemas, the Atom
feed read by feedparser, hostile versions answered with None, the version served."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from referencing import Registry, Resource

from etl.build import DEFAULT_DATASETS
from etl.release import read_releases
from tracker import releases

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    found = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("release*.json")}
    registry = Registry().with_resources((n, Resource.from_contents(s)) for n, s in found.items())
    return jsonschema.Draft202012Validator(found[name], registry=registry)


def test_the_served_version_is_the_latest_release():
    latest = read_releases(DEFAULT_DATASETS)[-1].version
    assert releases.current_version() == latest
    assert releases.is_unreleased() is False


def test_the_index_lists_every_release_newest_first_and_is_valid():
    index = releases.releases_index()
    validator("releases.schema.json").validate(index)
    recorded = [r.version for r in read_releases(DEFAULT_DATASETS)]
    assert [r["version"] for r in index["releases"]] == recorded[::-1]
    assert index["releases"][-1]["date"] == "2026-11-24"


def test_every_release_document_is_valid_and_lists_its_changes():
    check = validator("release.schema.json")
    for r in releases.releases_index()["releases"]:
        doc = releases.release_detail(r["version"])
        check.validate(doc)
        counted = sum(len(t["changed"]) for t in doc["tables"].values())
        assert counted == r["changes"]["rows_changed"]
        assert len(doc["moves"]) == r["changes"]["moves"]
    post_2025 = releases.release_detail("2026.11.25")
    assert "t-cnc-75-2027" in post_2025["goals_added"]


@pytest.mark.parametrize(
    "hostile",
    ["../releases", "2026.11.25/../x", "2026.11.25%00", "' OR 1=1 --", "9" * 10_000, "发布", ""],
)
def test_a_hostile_version_is_no_release(hostile):
    assert releases.release_detail(hostile) is None


def test_the_atom_feed_is_valid_with_an_entry_per_release():
    feed = feedparser.parse(releases.atom_feed("https://tracker.example.org/"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    versions = [r["version"] for r in releases.releases_index()["releases"]]
    assert [e.title for e in feed.entries] == [f"Release {v}" for v in versions]
    assert feed.entries[0].id == f"https://tracker.example.org/api/v1/releases/{versions[0]}.json"


def test_the_changes_page_lists_the_releases_newest_first_with_their_changes():
    from tests.app.test_pages import open_page, texts

    at = open_page("pages/changes_page.py")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["What's new"]
    versions = [r["version"] for r in releases.releases_index()["releases"]]
    headings = [h.value for h in at.subheader]
    assert [h.split(",")[0] for h in headings] == [f"Release {v}" for v in versions]
    body = texts(at)
    assert "Rows: 71 added, 60 changed, 1 removed." in body
    # a link to the indicator's page that keeps the view and opens in the same tab
    assert '<a href="/indicator?id=industrial_internet_platforms" target="_self">' in body
    assert "verdict first given: No verdict" in body  # not "verdict none → No verdict"
    # goals by what they say, not by id; fields in words, each once
    assert "5G factories built</a>: 10\\,000 by 31 Dec 2027" in body
    assert "t-5g-factories-10000-2027" not in body.split("Rows changed")[0]
    assert "(changed: match note, note)" in body and "match_note_zh" not in body
    for v in versions:  # each release's whole dataset, at its address
        assert f"[This release's whole dataset](/api/v1/releases/{v}/datapackage.zip)" in body
    assert any("Data release `" + versions[0] + "`" in c.value for c in at.sidebar.caption)


def test_the_changes_page_in_chinese():
    from tests.app.test_pages import open_page, texts

    at = open_page("pages/changes_page.py", {"lang": "zh"})
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["最新变化"]
    assert '&amp;lang=zh" target="_self">' in texts(at)
    assert "首批整理的数据" in texts(at)
    assert "[本版本的完整数据集](/api/v1/releases/2026.11.24/datapackage.zip)" in texts(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rows_changed_name_their_fields_in_words_never_by_column_id(lang):
    """What's new's "Rows changed": each row by what it is ("Goal", "目标"), each field by its
    label ("match note (Chinese)", "对应说明（中文）"), never a column's id (match_note_zh)."""
    import re

    from etl.schema import INPUT_TABLES
    from tests.app.test_pages import open_page

    at = open_page("pages/changes_page.py", {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    changed = [e for e in at.expander if e.label.startswith(("Rows changed", "修改的行"))]
    assert changed
    body = "\n".join(str(m.value) for e in changed for m in e.markdown)
    # the texts quoted (“old” → “new”) may hold anything; the page's own words are between them
    words = re.sub(r"“[^”]*”|`[^`]*`", " ", body).replace("\\_", "_")
    ids = {c.name for t in INPUT_TABLES for c in t.columns if "_" in c.name}
    assert set(re.findall(r"\w+", words)) & ids == set()
    english, chinese = ("match note (Chinese)", "对应说明（中文）")
    assert (english in words, chinese in words) == (lang == "en", lang == "zh")
    rows = [line.split("`")[0] for line in body.splitlines()]  # "- Goal ", "- 目标 "
    assert rows and all(r in ROW_WORDS[lang] for r in rows), set(rows) - ROW_WORDS[lang]


ROW_WORDS = {
    "en": {f"- {w} " for w in ("Source", "Area", "Indicator", "Figure", "Goal", "Commitment")}
    | {"- Indicator's area ", "- Evidence of a commitment ", "- Link between goals "}
    | {"- Figures that disagree ", "- Search "},
    "zh": {f"- {w} " for w in ("来源", "领域", "指标", "数据", "目标", "承诺", "指标所属领域")}
    | {"- 承诺的进展证据 ", "- 目标之间的沿革关系 ", "- 说法不一的数据 ", "- 检索 "},
}


def test_the_citation_and_the_downloads_carry_the_release():
    from tests.app.test_pages import open_page

    version = releases.current_version()
    at = open_page("pages/sources_page.py")
    cited = "\n".join(c.value for c in at.code)
    assert (
        f"China intelligent manufacturing progress tracker, release {version} (dataset), " in cited
    )
    assert f"/api/v1/releases/{version}.json, accessed " in cited


def test_the_data_package_download_is_named_and_versioned_by_its_release(tmp_path, downloads):
    import io
    import zipfile

    from tests.app.test_pages import open_page

    seen = downloads  # every download the page offers, built as a click builds it
    version = releases.current_version()
    open_page("pages/data_page.py")
    name = f"china-intelligent-manufacturing-progress-{version}"
    assert {f"{name}.csv", f"{name}.xlsx", f"{name}.zip"} <= set(seen)
    with zipfile.ZipFile(io.BytesIO(seen[f"{name}.zip"])) as z:
        descriptor = json.loads(z.read("datapackage.json"))
        z.extractall(tmp_path)
    assert descriptor["version"] == version
    from frictionless import Package

    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_data_pages_package_of_an_unchanged_release_is_the_releases_own_bytes(downloads):
    """Served data that is a release unchanged: the Data page's data package (named after the
    release) is the recorded package, byte for byte, as the API serves it; not one made on the
    day of download with that day's assessed_on and created."""
    from tests.app.test_pages import open_page

    version = releases.current_version()
    assert releases.is_unreleased() is False
    open_page("pages/data_page.py")
    served = downloads[f"china-intelligent-manufacturing-progress-{version}.zip"]
    recorded = DEFAULT_DATASETS / "releases" / version / "datapackage.zip"
    assert served == recorded.read_bytes() == releases.release_package(version)
