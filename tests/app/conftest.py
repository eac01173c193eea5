"""App test fixtures: one database built by the ETL per session, pointed at via TRACKER_DB."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from etl.build import DEFAULT_DATASETS, build
from tests.fixtures.small_dataset import write_small_dataset

ASSESSED_ON = date(2026, 11, 24)
REPO = Path(__file__).resolve().parents[2]
DASHBOARD = str(REPO / "dashboard.py")
ALL_AREAS = [  # every area of the curated dataset, in its order
    "technological_breakthroughs",
    "solution_supply",
    "leadership_demonstration",
    "standards",
    "applications",
    "supply_support",
    "infrastructure",
]


@pytest.fixture(scope="session")
def app_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("appdb") / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, ASSESSED_ON)
    return db


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    """The small fixture dataset (tests/fixtures/small_dataset.py) built once per session."""
    root = tmp_path_factory.mktemp("small")
    db = root / "tracker.duckdb"
    build(write_small_dataset(root / "datasets"), db, ASSESSED_ON)
    return db


@pytest.fixture(autouse=True)
def tracker_db(app_db, monkeypatch) -> Path:
    monkeypatch.setenv("TRACKER_DB", str(app_db))
    return app_db


def decode(values):
    """A plotly JSON array: a list, or {"dtype", "bdata"} (plotly's typed-array encoding)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def figure_json(element) -> dict:
    """The plotly figure an AppTest plotly_chart element holds."""
    return json.loads(element.proto.spec)


def plotted_rows(fig: dict) -> dict[int, dict]:
    """Row position -> {"x", "y"} for every point of the traces that plot frame rows."""
    rows: dict[int, dict] = {}
    for trace in fig["data"]:
        if trace.get("meta") != "rows":
            continue
        xs, ys = decode(trace.get("x", [])), decode(trace.get("y", []))
        for i, c in enumerate(trace["customdata"]):
            rows[int(c[0])] = {"x": xs[i], "y": ys[i], "hover": c[1]}
    return rows


def record_downloads(monkeypatch) -> dict[str, bytes]:
    """file name -> bytes of every download button rendered from now on (recorded as Streamlit
    stores it; one built when clicked, as the Data page's, recorded as the click gets it)."""
    seen: dict[str, bytes] = {}
    original = MediaFileManager.add

    def add(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            seen[file_name] = path_or_data
        return original(self, path_or_data, mimetype, coordinates, file_name=file_name, **kwargs)

    original_deferred = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            seen[file_name] = data_callable()
        return original_deferred(
            self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs
        )

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


@pytest.fixture
def downloads(monkeypatch):
    """file name -> bytes of every download button rendered (`record_downloads`)."""
    return record_downloads(monkeypatch)
