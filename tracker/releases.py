"""The releases of the dataset as documents (issue 16): the version a database is served as,
the list of releases, one release's changes, and an Atom feed of releases (RFC 4287).

Pure builders reading the database through `tracker.store` only: the API server and its static
export mount them (`GET /api/v1/releases.json`, `/api/v1/releases/{version}.json`,
`/api/v1/releases.atom`, `/api/v1/releases/{version}/datapackage.zip`). A version in an address
is looked up among the database's versions, never used to build a path or a query's text.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET

from etl import figures
from etl.i18n import N_, gettext
from tracker import queries as q
from tracker import site, status_style, store
from tracker.db import DatabaseUnavailable
from tracker.site import TITLE

ATOM_NS = "http://www.w3.org/2005/Atom"


def build_info() -> dict[str, str]:
    """The build's facts (version, fingerprint, assessed_on, ...: the `build_info` table),
    building the database if it is missing; DatabaseUnavailable for an incomplete one."""
    info = store.run(q.build_info_query())
    if info.empty:
        raise DatabaseUnavailable("The database has no build_info: it is incomplete.")
    return dict(zip(info["key"], info["value"], strict=True))


def current_version() -> str:
    """The version the served database is: the latest release's, or it with `+` and the first
    8 of the data's fingerprint when the data differs from it (build_info, written by the ETL);
    `unreleased+<8>` from a database built before any release was recorded."""
    info = build_info()
    return info.get("version") or f"unreleased+{info.get('datasets_sha256', '')[:8]}"


def is_unreleased() -> bool:
    """Whether the served data differs from the latest release."""
    return build_info().get("unreleased", "true") != "false"


def _day(value: Any) -> str:
    if isinstance(value, datetime):  # pandas gives DuckDB's DATE as a Timestamp
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _releases() -> list[dict[str, Any]]:
    frame = store.run(q.releases_query())
    kept = with_documents()
    return [
        {
            "version": str(r.version),
            "date": _day(r.released_on),
            "summary_en": str(r.summary_en),
            "summary_zh": str(r.summary_zh),
            "datasets_sha256": str(r.datasets_sha256),
            "changes": {
                "rows_added": int(r.rows_added),
                "rows_changed": int(r.rows_changed),
                "rows_removed": int(r.rows_removed),
                "moves": int(r.moves),
            },
            "json": f"{site.API}/releases/{r.version}.json",
            **_package(r),
            "documents": _documents(str(r.version), kept),
        }
        for r in frame.itertuples(index=False)
    ]


def _documents(version: str, kept: frozenset[str]) -> dict[str, str] | None:
    """Where a release's kept API documents are (issue 27), or None when it kept none."""
    if version not in kept:
        return None
    return {
        "targets": f"{site.API}/releases/{version}/targets.json",
        "indicators": f"{site.API}/releases/{version}/indicators/{{id}}.json",
    }


def _package(r: Any) -> dict[str, Any]:
    """Where a release's whole dataset is (its data package), or nulls when none is recorded."""
    sha = r.datapackage_sha256
    if not isinstance(sha, str):
        return {"datapackage": None, "datapackage_sha256": None, "datapackage_bytes": None}
    size = r.datapackage_bytes
    return {
        "datapackage": package_address(str(r.version)),
        "datapackage_sha256": sha,
        "datapackage_bytes": None if size is None or math.isnan(size) else int(size),
    }


def package_address(version: str) -> str:
    return f"{site.API}/releases/{version}/datapackage.zip"


def release_package(version: str) -> bytes | None:
    """GET /api/v1/releases/{version}/datapackage.zip: the release's whole dataset as that
    release served it (recorded by `etl release`); None for an unknown version or none."""
    found = known_version(version)
    if found is None:
        return None
    frame = store.run(q.release_package_query(found))
    if frame.empty:
        return None
    return bytes(frame["datapackage_zip"].iloc[0])


def releases_index() -> dict[str, Any]:
    """GET /api/v1/releases.json: the version served and every release, newest first."""
    return {
        "version": current_version(),
        "unreleased": is_unreleased(),
        "releases": _releases(),
    }


def known_version(version: str) -> str | None:
    """The database's own spelling of `version`, or None when it is not a release's."""
    if not isinstance(version, str) or len(version) > 20:
        return None
    return next((r["version"] for r in _releases() if r["version"] == version), None)


def release_detail(version: str) -> dict[str, Any] | None:
    """GET /api/v1/releases/{version}.json: one release and its changes since the previous
    release; None for a version that is not a release of the database."""
    found = known_version(version)
    if found is None:
        return None
    release = next(r for r in _releases() if r["version"] == found)
    frame = store.run(q.release_changes_query(found))
    changes = json.loads(frame["changes_json"].iloc[0])
    return {
        "version": current_version(),
        "release": release,
        "previous": changes.get("previous"),
        "tables": changes.get("tables", {}),
        "moves": changes.get("moves", []),
        "goals_added": changes.get("goals_added", []),
        "goals_changed": changes.get("goals_changed", []),
        "goals_removed": changes.get("goals_removed", []),
    }


def _atom_feed() -> ET.Element:
    """An empty Atom feed element, the Atom namespace the default one."""
    ET.register_namespace("", ATOM_NS)
    return ET.Element(f"{{{ATOM_NS}}}feed")


def _atom_child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _package_link(entry: ET.Element, base: str, release: dict[str, Any], **length: str) -> None:
    """A feed entry's link to the release's data package (with its `length` where given)."""
    href = f"{base}{release['datapackage']}"
    _atom_child(entry, "link", rel="enclosure", type="application/zip", href=href, **length)


def atom_feed(base_url: str) -> bytes:
    """GET /api/v1/releases.atom: an Atom feed (RFC 4287) with one entry per release, newest
    first; `base_url` is the site's address (https://example.org), ids and links under it."""
    base = base_url.rstrip("/")
    releases = _releases()
    feed = _atom_feed()
    sub = _atom_child

    def stamp(day: str) -> str:
        return f"{day}T00:00:00Z"

    sub(feed, "id", f"{base}{site.API}/releases.atom")
    sub(feed, "title", f"{TITLE}: releases")
    sub(feed, "updated", stamp(releases[0]["date"]) if releases else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", TITLE)
    sub(feed, "link", rel="self", href=f"{base}{site.API}/releases.atom")
    sub(feed, "link", rel="alternate", href=f"{base}/changes")
    for r in releases:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}{r['json']}")
        sub(entry, "title", f"Release {r['version']}")
        sub(entry, "updated", stamp(r["date"]))
        sub(entry, "link", rel="alternate", href=f"{base}/changes#{r['version']}")
        sub(entry, "link", rel="related", type="application/json", href=f"{base}{r['json']}")
        if r["datapackage"]:
            _package_link(entry, base, r, length=str(r["datapackage_bytes"]))
        n = r["changes"]
        counts = (
            f"Rows: {n['rows_added']} added, {n['rows_changed']} changed, "
            f"{n['rows_removed']} removed; {n['moves']} statuses or verdicts moved."
        )
        sub(entry, "summary", f"{r['summary_en']} {r['summary_zh']} {counts}")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def version_date(version: str) -> str:
    """The day a version was released; for unreleased data, the day its build was assessed."""
    found = next((r for r in _releases() if r["version"] == version), None)
    if found is not None:
        return found["date"]
    return build_info().get("assessed_on") or date.today().isoformat()


def with_documents() -> frozenset[str]:
    """The releases that kept their API documents (`etl release` since issue 27)."""
    return frozenset(store.run(q.releases_with_documents_query())["version"])


def pinned_indicator(version: str, indicator_id: str) -> str | None:
    """The address of an indicator's document as release `version` kept it, or None when the
    release kept none (made before documents were kept, or not a release)."""
    if version not in with_documents():
        return None
    return site.indicator_address(indicator_id, "json", version=version)


def _kept(version: str) -> dict[str, bytes]:
    frame = store.run(q.release_documents_query(version))
    if frame.empty:
        return {}
    with zipfile.ZipFile(io.BytesIO(bytes(frame["documents_zip"].iloc[0]))) as z:
        return {name: z.read(name) for name in z.namelist()}


def kept_names(version: str) -> tuple[str, ...]:
    """The names of the documents release `version` kept (none for an unknown version)."""
    found = known_version(version)
    if found is None or found not in with_documents():
        return ()
    return tuple(store.per_database(("releases.kept", found), lambda _path: _kept(found)))


def release_document(version: str, name: str) -> bytes | None:
    """A document as release `version` kept it (`name` under /api/v1/, e.g.
    `indicators/x.json` or `targets.json`), or None when it kept none. `version` and `name`
    are looked up among the database's, never used as a path."""
    found = known_version(version)
    if found is None:
        return None
    kept = store.per_database(("releases.kept", found), lambda _path: _kept(found))
    return kept.get(name)


def no_documents_reason(version: str) -> str:
    """Why release `version` has no such document, and where its data is."""
    if version in with_documents():
        return f"Release {version} kept no document at this address."
    return (
        f"Release {version} was made before each release kept its own API documents "
        f"(issue 27); its whole dataset as it served it is at {package_address(version)}."
    )


# --- one indicator's feed (issue 27) ------------------------------------------------------------

FEED_TEXTS = {
    "indicator_added": N_("Indicator added to the tracker."),
    "indicator_changed": N_("Indicator's description revised ({columns})."),
    "figure_added": N_("Figure added: {figure}, as of {date} ({id})."),
    "figure_changed": N_("Figure revised: {id} ({columns})."),
    "figure_removed": N_("Figure removed: {figure}, as of {date} ({id})."),
    "goal_added": N_("Goal added: {figure} by {date} ({id})."),
    "goal_changed": N_("Goal restated: {id} ({columns})."),
    "goal_removed": N_("Goal removed: {figure} by {date} ({id})."),
    "goal_followed": N_("Goal {old} followed by goal {id} ({relation})."),
    "status_moved": N_("Status of goal {id}: {old} → {new}."),
    "verdict_moved": N_("Verdict on goal {id}: {old} → {new}."),
}
# Columns whose old and new values an entry shows (short); the others are named only.
SHOWN_COLUMNS = ("value", "comparator", "as_of", "deadline", "comparable", "indicator_id")


def _release_changes() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every release with its changes.json, oldest first."""
    out = []
    for r in reversed(_releases()):
        frame = store.run(q.release_changes_query(r["version"]))
        out.append((r, json.loads(frame["changes_json"].iloc[0])))
    return out


def indicator_changes(indicator_id: str) -> list[tuple[dict[str, Any], list[tuple[str, dict]]]]:
    """The releases that changed one indicator, newest first, each with what changed: a list
    of (kind, fields) with kind a key of FEED_TEXTS. Rows are attributed to an indicator by
    their `indicator_id` as the release (or the one that added them) recorded it."""
    owner: dict[tuple[str, str], str] = {}  # (table, key) -> indicator id
    out = []
    for release, changes in _release_changes():
        tables = changes.get("tables", {})
        for table in ("observations", "targets"):
            for e in tables.get(table, {}).get("added", []):
                owner[(table, e["key"])] = e["row"].get("indicator_id", "")
            for e in tables.get(table, {}).get("changed", []):
                for c in e["changes"]:
                    if c["column"] == "indicator_id":
                        owner[(table, e["key"])] = c["new"]
        found = _changes_of(indicator_id, tables, changes.get("moves", []), owner)
        if found:
            out.append((release, found))
    return list(reversed(out))


def _changes_of(
    indicator_id: str, tables: dict[str, Any], moves: list[dict], owner: dict
) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []

    def columns(entry: dict) -> str:
        return "; ".join(
            f"{c['column']} {c['old']} → {c['new']}"
            if c["column"] in SHOWN_COLUMNS
            else c["column"]
            for c in entry["changes"]
        )

    ind = tables.get("indicators", {})
    if any(e["key"] == indicator_id for e in ind.get("added", [])):
        found.append(("indicator_added", {}))
    for e in ind.get("changed", []):
        if e["key"] == indicator_id:
            found.append(("indicator_changed", {"columns": columns(e)}))
    for table, date_column, kind in (
        ("observations", "as_of", "figure"),
        ("targets", "deadline", "goal"),
    ):
        entries = tables.get(table, {})
        for e in entries.get("added", []):
            if e["row"].get("indicator_id") == indicator_id:
                found.append((f"{kind}_added", _figure(e["key"], e["row"], date_column)))
        for e in entries.get("changed", []):
            if owner.get((table, e["key"])) == indicator_id:
                found.append((f"{kind}_changed", {"id": e["key"], "columns": columns(e)}))
        for e in entries.get("removed", []):
            if e["row"].get("indicator_id") == indicator_id:
                found.append((f"{kind}_removed", _figure(e["key"], e["row"], date_column)))
    for e in tables.get("target_lineage", {}).get("added", []):
        row = e["row"]
        if indicator_id in (
            owner.get(("targets", row["target_id"])),
            owner.get(("targets", row["follows_id"])),
        ):
            found.append(
                (
                    "goal_followed",
                    {"id": row["target_id"], "old": row["follows_id"], "relation": row["relation"]},
                )
            )
    for m in moves:
        if m.get("indicator_id") == indicator_id:
            kind = "status_moved" if m["field"] == "status" else "verdict_moved"
            found.append((kind, {"id": m["target_id"], "old": m["old"], "new": m["new"]}))
    return found


def _figure(key: str, row: dict[str, str], date_column: str) -> dict[str, Any]:
    """A row's figure as its CSV holds it (written by `change_text`, never rounded)."""
    return {
        "id": key,
        "value": row.get("value", ""),
        "comparator": row.get("comparator", ""),
        "date": row.get(date_column, ""),
    }


def _figure_text(value: str, comparator: str, unit: str, lang: str) -> str:
    try:
        number = float(value)
    except ValueError:
        number = None
    return figures.figure_text(number, comparator, unit, plain=True, lang=lang)


def _label(kind: str, value: Any, lang: str) -> str:
    """A status or verdict in words, in `lang` ("—" for none)."""
    if value is None:
        return "—"
    found = (
        status_style.verdict_style(value) if kind == "verdict_moved" else status_style.style(value)
    )
    return found.label(lang) if found is not status_style.NO_TARGET else str(value)


def change_text(kind: str, fields: dict[str, Any], lang: str, unit: str = "count") -> str:
    if "value" in fields:
        figure = _figure_text(fields["value"], fields["comparator"], unit, lang)
        fields = {**fields, "figure": figure}
    if kind in ("status_moved", "verdict_moved"):
        fields = {
            **fields,
            "old": _label(kind, fields["old"], lang),
            "new": _label(kind, fields["new"], lang),
        }
    return gettext(lang, FEED_TEXTS[kind]).format(**fields)


def indicator_feed(
    indicator_id: str, name_en: str, name_zh: str, unit: str, base_url: str
) -> bytes:
    """GET /api/v1/indicators/{id}.atom: an Atom feed (RFC 4287) with one entry per release that
    changed the indicator, newest first, saying what changed in English and Chinese and linking
    the documents the release kept (else the release's changes and data package)."""
    base = base_url.rstrip("/")
    changed = indicator_changes(indicator_id)
    feed = _atom_feed()
    sub = _atom_child

    self_url = base + site.indicator_address(indicator_id, "atom")
    page = base + site.indicator_address(indicator_id)
    sub(feed, "id", self_url)
    sub(feed, "title", f"{TITLE}: {name_en} ({name_zh})")
    last = changed[0][0]["date"] if changed else "1970-01-01"
    sub(feed, "updated", f"{last}T00:00:00Z")
    sub(sub(feed, "author"), "name", TITLE)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page)
    kept = with_documents()
    for release, found in changed:
        v = release["version"]
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}{site.API}/releases/{v}.json#{indicator_id}")
        sub(entry, "title", f"Release {v}: {name_en} · 发布 {v}：{name_zh}")
        sub(entry, "updated", f"{release['date']}T00:00:00Z")
        sub(entry, "link", rel="alternate", type="text/html", href=page)
        if v in kept:
            for ext, media in (("json", "application/json"), ("csv", "text/csv")):
                href = base + site.indicator_address(indicator_id, ext, version=v)
                sub(entry, "link", rel="related", type=media, href=href)
        sub(entry, "link", rel="via", type="application/json", href=f"{base}{release['json']}")
        if release["datapackage"]:
            _package_link(entry, base, release)
        en = " ".join(change_text(k, f, "en", unit) for k, f in found)
        zh = "".join(change_text(k, f, "zh", unit) for k, f in found)
        sub(entry, "summary", f"{en}\n{zh}")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
