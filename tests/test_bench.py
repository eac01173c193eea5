"""Smoke test of the benchmark harness (bench/, `make bench`): it runs, its synthetic data is
valid, its results have the documented keys. No time is asserted."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench import synth
from bench.common import app_pages, growth_exponent
from bench.run import table

REPO = Path(__file__).resolve().parent.parent
TOP_KEYS = {
    "schema",
    "started",
    "finished",
    "duration_s",
    "git",
    "machine",
    "settings",
    "floor",
    "pages",
    "etl",
    "scale",
    "goals",
}


def test_growth_exponent_on_known_inputs():
    assert growth_exponent(10, 1.0, 100, 10.0) == pytest.approx(1.0)  # linear
    assert growth_exponent(1e4, 2.0, 1e6, 20_000.0) == pytest.approx(2.0)  # quadratic
    assert growth_exponent(1e4, 5.0, 1e5, 5.0) == pytest.approx(0.0)  # flat
    assert growth_exponent(1e3, 8.0, 8e3, 16.0) == pytest.approx(1 / 3)
    assert growth_exponent(1e3, 1.0, 1e4, math.sqrt(10)) == pytest.approx(0.5)
    assert growth_exponent(1e4, "timeout", 1e5, 3.0) is None
    assert growth_exponent(1e4, None, 1e5, 3.0) is None
    assert growth_exponent(1e4, 0.0, 1e5, 3.0) is None


def test_pages_are_read_from_the_dashboard():
    pages = app_pages()
    assert pages, "no st.Page(...) found in dashboard.py"
    assert sum(p.default for p in pages) == 1
    for p in pages:
        assert (REPO / p.script).is_file(), p.script


def test_synthetic_dataset_passes_validation_and_keeps_the_curated_headers(tmp_path):
    out = tmp_path / "synth"
    counts = synth.generate(out, 700)
    assert counts["observations"] == 700
    assert counts["indicators"] == len(synth.PROVINCES)
    assert counts["targets"] > 0 and counts["commitments"] > 0
    for name in counts:
        curated = (REPO / "datasets" / f"{name}.csv").read_text(encoding="utf-8-sig")
        made = (out / f"{name}.csv").read_text(encoding="utf-8")
        assert made.splitlines()[0] == curated.splitlines()[0], name
    done = subprocess.run(
        [sys.executable, "-m", "etl", "validate", "--datasets", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_shape_reaches_the_size_asked_for():
    for n in (1, 700, 10_000, 100_000, 1_000_000, 5_000_000):
        base, months = synth.shape(n)
        assert base * len(synth.PROVINCES) * months >= n
        assert months <= synth.MAX_MONTHS


def test_quick_run_writes_results_with_the_documented_keys(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--skip-browser",
            "--pages",
            "data",
            "--reruns",
            "1",
            "--filter-changes",
            "1",
            "--scale-reruns",
            "1",
            "--sizes",
            "200,400",
            "--workdir",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) >= TOP_KEYS
    assert {"nproc", "memory_gb", "cpu"} <= set(results["machine"])
    assert {"rerun_ms", "peak_rss_mb", "status"} <= set(results["floor"]["server"])
    server = results["pages"]["data"]["server"]
    assert {"rerun_ms", "rerun_ratio", "filter_ms", "filter_ratio", "status"} <= set(server)
    assert server["status"] == "ok"
    assert {"own_work_ms", "command_wall_ms", "command_peak_rss_mb"} <= set(results["etl"])
    runs = results["scale"]["runs"]
    assert [r["observations"] for r in runs] == [200, 400]
    for r in runs:
        assert r["build"]["status"] == "ok"
        assert {"wall_s", "own_s", "peak_rss_mb", "db_mb"} <= set(r["build"])
        assert r["pages"]["data"]["status"] == "ok"
        assert r["server_peak_rss_mb"] > 0
    (growth,) = results["scale"]["growth"]
    assert {"from", "to", "build_s", "db_mb", "server_peak_rss_mb", "pages"} <= set(growth)
    assert all({"goal", "value", "met"} <= set(g) for g in results["goals"])
    assert "| data |" in table(results)
    assert "| data |" in done.stdout
