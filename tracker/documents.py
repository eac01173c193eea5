"""One indicator, and the dataset's catalogue, as documents: the one layer that the indicator
page, the API's JSON and CSV and the API's static copy all read (as datasette's one table view
answers HTML, JSON and CSV).

Every function reads the served database through `tracker.data` / `tracker.store` (one version
of the file per script run or API request: `data.begin_run`) and returns plain data: dicts of
JSON types, or the CSV's bytes. An id is looked up among the database's ids and the database's
own id is what a document carries: text from an address is never put into a query or echoed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from typing import Any

from etl import figures
from tracker import data, indicators, observations, releases, site, store, targets
from tracker.frames import json_bool, json_date, json_number, json_text

# indicator_ids is read here by etl/release.py's DOCUMENTS_SCRIPT (which also runs on older
# checkouts), so the name stays importable from this module.
from tracker.indicators import indicator_ids  # noqa: F401
from tracker.licence import LICENCE
from tracker.releases import build_info
from tracker.site import TITLE

# --- the dataset's version -----------------------------------------------------------------


def version() -> str:
    return releases.current_version()


def version_document() -> dict[str, Any]:
    info = build_info()
    return {
        "version": releases.current_version(),
        "unreleased": info.get("unreleased", "true" if not info.get("version") else "false")
        == "true",
        "datasets_sha256": info.get("datasets_sha256"),
        "assessed_on": info.get("assessed_on"),
        "latest_source_date": info.get("latest_source_date"),
    }


# --- addresses and citation -----------------------------------------------------------------


DEFAULT_ADDRESS = "http://127.0.0.1:8501"  # what `make run` serves on without PORT


def served_address() -> str:
    """The address this process serves on, as `tracker.serve` registers it (`serve_at`); the
    default address where nothing is served (the API's static copy, tests)."""
    return _served() if _served is not None else DEFAULT_ADDRESS


_served: Callable[[], str] | None = None


def serve_at(address: Callable[[], str]) -> None:
    """Register how to read the address this process serves on (read at each use: Streamlit
    moves to the next port when the configured one is taken)."""
    global _served
    _served = address


def public_url() -> str:
    """The tracker's address, for absolute links where no reader's address is known (the feed,
    the static copy): TRACKER_PUBLIC_URL when set (a proxy or a public host in front), else the
    address this process serves on, so `make run PORT=8765` writes http://127.0.0.1:8765 links."""
    return os.environ.get("TRACKER_PUBLIC_URL", "").strip().rstrip("/") or served_address()


def addresses(indicator_id: str) -> dict[str, str]:
    return {
        "page": site.indicator_address(indicator_id),
        "json": site.indicator_address(indicator_id, "json"),
        "csv": site.indicator_address(indicator_id, "csv"),
    }


def citation(name_en: str, address: str, ver: str, accessed: date | None = None) -> str:
    """How to cite an indicator: the tracker, its release, the indicator and its address;
    `accessed` when a reader's date is known (the page), none in the API's documents (a
    document's bytes do not depend on the day it is fetched)."""
    text = f"{TITLE}, release {ver}, indicator “{name_en}”, {address}"
    return text + (f", accessed {accessed.isoformat()}." if accessed else ".")


# --- the documents ---------------------------------------------------------------------------


def known_indicator(asked: Any) -> str | None:
    """The database's id equal to `asked`, or None: the only way an address names an
    indicator."""
    if not isinstance(asked, str) or len(asked) > 200:
        return None
    known = indicators.indicator_id_set()
    return known.get(asked)


def catalogue() -> list[dict[str, Any]]:
    """Every indicator: names, unit, areas, latest figure, its targets' statuses, addresses.
    Built once per database version (do not change what it returns)."""
    return store.per_database(("documents.catalogue",), lambda _path: _catalogue())


def catalogue_entry(indicator_id: str) -> dict[str, Any]:
    entries = store.per_database(
        ("documents.catalogue_by_id",), lambda _path: {c["id"]: c for c in catalogue()}
    )
    return entries[indicator_id]


def _catalogue() -> list[dict[str, Any]]:
    rows = indicators.indicator_catalogue()
    out = []
    for r in rows.to_dict("records"):
        latest = None
        if not figures.missing(r["latest_as_of"]):
            latest = {
                "value": json_number(r["latest_value"]),
                "comparator": r["latest_comparator"],
                "as_of": json_date(r["latest_as_of"]),
                "as_of_precision": figures.observation_precision(
                    r["latest_as_of"],
                    r["latest_date_basis"],
                    r["latest_source_date"],
                    r["latest_source_precision"],
                ),
                "comparable": json_bool(r["latest_comparable"]),
            }
        out.append(
            {
                "id": r["indicator_id"],
                "name_en": r["name_en"],
                "name_zh": r["name_zh"],
                "unit": r["unit"],
                "areas": [str(a) for a in r["area_ids"]],
                "observations": int(r["observations"]),
                "latest": latest,
                "target_statuses": [str(s) for s in r["statuses"]],
                **addresses(r["indicator_id"]),
            }
        )
    return out


def indicators_document() -> dict[str, Any]:
    return {"version": version(), "licence": LICENCE, "indicators": catalogue()}


def indicator_document(indicator_id: str) -> dict[str, Any] | None:
    """Everything about one indicator (None for an id the database does not have)."""
    found = known_indicator(indicator_id)
    if found is None:
        return None
    meta = indicators.indicator(found)
    areas = data.areas().set_index("area_id")
    catalogue_row = catalogue_entry(found)
    ver = version()
    links = addresses(found)
    freshness = indicators.indicator_freshness(found)
    # A release that keeps its documents is cited at its pinned document, which never changes.
    # Absolute: a citation's address must resolve alone.
    cited = public_url() + (releases.pinned_indicator(ver, found) or links["page"])
    return {
        "version": ver,
        "licence": LICENCE,
        "indicator": {
            "id": found,
            "name_en": meta["name_en"],
            "name_zh": meta["name_zh"],
            "unit": meta["unit"],
            "direction": meta["direction"],
            "definition": json_text(meta["definition"]),
            "definition_zh": json_text(meta["definition_zh"]),
            "note": json_text(meta["note"]),
            "note_zh": json_text(meta["note_zh"]),
            "areas": [
                {
                    "id": a,
                    "kind": areas.loc[a, "kind"],
                    "name_en": areas.loc[a, "name_en"],
                    "name_zh": areas.loc[a, "name_zh"],
                }
                for a in catalogue_row["areas"]
            ],
            "latest": catalogue_row["latest"],
            "freshness": freshness,
            **links,
        },
        "observations": [
            observations.observation_document(r)
            for r in indicators.indicator_observations(found).to_dict("records")
        ],
        "targets": [
            targets.target_document(r) for r in targets.target_documents(found).to_dict("records")
        ],
        "figures_that_disagree": [
            {
                "id": r["disagreement_id"],
                "observation_ids": [r["observation_id"], r["other_id"]],
                "reason": r["reason"],
                "note": json_text(r["note"]),
                "note_zh": json_text(r["note_zh"]),
            }
            for r in indicators.indicator_disagreements(found).to_dict("records")
        ],
        "citation": {
            "text": citation(meta["name_en"], cited, ver),
            "title": TITLE,
            "version": ver,
            "indicator": meta["name_en"],
            "address": cited,
        },
    }


def indicator_csv(indicator_id: str) -> bytes | None:
    """The rows of the indicator page's chart (every observation, then every target) as the
    project's safe CSV: the chart's own download and `/api/v1/indicators/{id}.csv`."""
    found = known_indicator(indicator_id)
    if found is None:
        return None
    return indicators.indicator_chart_csv(found)


def targets_document() -> dict[str, Any]:
    return {
        "version": version(),
        "licence": LICENCE,
        "targets": [
            targets.target_document(r) for r in targets.target_documents(None).to_dict("records")
        ],
    }


def json_bytes(document: dict[str, Any]) -> bytes:
    """A document as the API writes it: UTF-8 (Chinese as its characters), keys in the order
    built, one trailing newline."""
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode(
        "utf-8"
    )
