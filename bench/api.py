"""The API and the indicator page at scale (issue 15): `python -m bench.api --sizes 10000`.

For each size, a synthetic dataset (bench.synth) is built, served by `python -m tracker.serve`
on a free loopback port, and measured warm (each document fetched once before timing):

- per-indicator JSON and CSV: p50/p95 over `--requests` requests of indicators drawn at random;
- `indicators.json` and `targets.json`: p50/p95 over a tenth as many;
- the indicator page's server render: Streamlit's AppTest running the page for the indicator
  with the most observations, median of 3 runs after one warm-up, in this process.

Writes bench/api.json and prints a table against the issue's goals (JSON/CSV p95 < 50 ms,
indicators.json < 200 ms, page render < 1 s at 10^6 observations). Loopback only; bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import synth
from bench.build_time import build_command
from bench.common import REPO, run_measured
from tests.browser.server import serve

OUT = REPO / "bench" / "api.json"
GOALS = {"indicator_json": 50, "indicator_csv": 50, "indicators_json": 200, "page_render": 1000}


def get(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        r.read()
        assert r.status == 200, url
    return (time.perf_counter() - t0) * 1000


def percentiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
    }


def page_render_ms(db: Path, indicator_id: str) -> float:
    from streamlit.testing.v1 import AppTest

    os.environ["TRACKER_DB"] = str(db)
    times = []
    for i in range(4):
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
        at.query_params["id"] = indicator_id
        at.run()
        at.switch_page("pages/indicator_page.py")
        t0 = time.perf_counter()
        at.run()
        if at.exception:
            raise RuntimeError(f"indicator page raised: {at.exception[0].value}")
        if i:
            times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def measure(size: int, requests: int, work: Path) -> dict:
    datasets = work / f"datasets-{size}"
    synth.generate(datasets, size)
    db = work / f"db-{size}" / "tracker.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    built = run_measured(
        build_command(datasets, db),
        3600,
        env={**os.environ, "TRACKER_MAX_FILE_MB": "100000"},
    )
    if built.status != "ok":
        return {"size": size, "error": built.output[-2000:]}
    result: dict = {"size": size, "build_s": round(built.seconds, 1)}
    with serve(db, work / f"server-{size}.log") as base:
        index = json.loads(urllib.request.urlopen(f"{base}/api/v1/indicators.json").read())
        ids = [i["id"] for i in index["indicators"]]
        biggest = max(index["indicators"], key=lambda i: i["observations"])["id"]
        rng = random.Random(7)
        for suffix in ("json", "csv"):
            for i in ids:  # warm: every document built once
                get(f"{base}/api/v1/indicators/{i}.{suffix}")
            ms = [
                get(f"{base}/api/v1/indicators/{rng.choice(ids)}.{suffix}") for _ in range(requests)
            ]
            result[f"indicator_{suffix}"] = percentiles(ms)
        for name, path in (
            ("indicators_json", "indicators.json"),
            ("targets_json", "targets.json"),
        ):
            get(f"{base}/api/v1/{path}")
            result[name] = percentiles(
                [get(f"{base}/api/v1/{path}") for _ in range(max(5, requests // 10))]
            )
        result["indicators"] = len(ids)
    result["page_render"] = {"median_ms": page_render_ms(db, biggest), "indicator": biggest}
    return result


def table(runs: list[dict]) -> str:
    lines = ["", "API and indicator page (issue 15): warm p95 ms, page render median ms", ""]
    lines.append(
        f"{'observations':>12} {'ind. JSON':>10} {'ind. CSV':>10} {'indicators':>11} "
        f"{'targets':>9} {'page':>8}"
    )
    for r in runs:
        if "error" in r:
            lines.append(f"{r['size']:>12} error")
            continue
        lines.append(
            f"{r['size']:>12} {r['indicator_json']['p95_ms']:>10}"
            f" {r['indicator_csv']['p95_ms']:>10}"
            f" {r['indicators_json']['p95_ms']:>11} {r['targets_json']['p95_ms']:>9}"
            f" {r['page_render']['median_ms']:>8}"
        )
    lines.append("goals at 10^6: JSON/CSV p95 < 50, indicators.json p95 < 200, page render < 1000")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    p.add_argument("--sizes", default="10000", help="observations, comma-separated")
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        runs = [measure(int(s), args.requests, work) for s in args.sizes.split(",")]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps({"runs": runs, "goals_ms": GOALS}, indent=2) + "\n")
    print(table(runs))
    return 0 if all("error" not in r for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
