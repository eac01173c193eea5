"""Does nginx with N processes serve N times the readers as fast as one process serves one
N-th of them? (issue 18's goal: "through nginx with 3 processes on this 2-core machine: the
same p95 per page as one process serving a third of the readers, 0 errors").

`python -m bench.cluster_compare` (run by `make bench`): the load test's small dataset (version
A of bench/loadtest.py) is built and served by `python -m deploy.cluster` with N processes
(default 3). Two phases of the same length, on loopback, with Chromium readers going round every
page (each load a new tab, a new Streamlit session; no download clicked, so that the two phases
time the same work):

1. **cluster**: R readers (default 6) through nginx, spread evenly over the processes by their
   cookie;
2. **one process**: R/N readers straight to one of the same processes, nginx idle.

Reported (a table, and bench/cluster-compare.json): p50/p95 per page in each phase, the ratio of
the p95s, loads and errors. Times are reported, never asserted; exit status 1 only on errors.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path

from bench.build_time import build_command
from bench.cluster import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    Load,
    reader,
    run_in_workdir,
    running_cluster,
    spread_keys,
    stats,
)
from bench.common import REPO
from bench.loadtest import write_dataset
from tests.fixtures.api_tree import write_api_tree

OUT = REPO / "bench" / "cluster-compare.json"


async def phase(browser, base: str, keys: list[str], seconds: float) -> tuple[list[Load], float]:
    """Readers (one per cookie key) going round the pages at `base` for `seconds`."""
    loads: list[Load] = []
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(reader(browser, base, r, key, stop, loads, click_downloads=False))
        for r, key in enumerate(keys)
    ]
    started = time.monotonic()
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=180)
    return loads, time.monotonic() - started


def summary(loads: list[Load], seconds: float) -> dict:
    return {
        "seconds": round(seconds, 1),
        "loads": len(loads),
        "errors": sum(1 for ld in loads if ld.problems),
        "error_samples": sorted({p for ld in loads for p in ld.problems})[:10],
        "per_page": stats([(ld.page, ld.ms) for ld in loads], [p.name for p in PAGES]),
    }


async def run(args, work: Path, result: dict) -> list[str]:
    from playwright.async_api import async_playwright

    problems: list[str] = []
    db = work / "served" / "tracker.duckdb"
    db.parent.mkdir()
    subprocess.run(build_command(write_dataset(work / "datasets-A", "A"), db), cwd=REPO, check=True)
    api_root = write_api_tree(work / "api")
    async with running_cluster(args.processes, work, db, api_root, problems) as state:
        ports = [d["port"] for d in state["dashboards"]]
        alone = max(1, args.readers // args.processes)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # one unmeasured round of every page on every process: first runs warm up
                await phase(browser, state["url"], spread_keys(state["url"], ports, len(ports)), 5)
                loads, seconds = await phase(
                    browser,
                    state["url"],
                    spread_keys(state["url"], ports, args.readers),
                    args.duration,
                )
                result["cluster"] = summary(loads, seconds) | {"readers": args.readers}
                direct = f"http://127.0.0.1:{ports[0]}"
                loads, seconds = await phase(browser, direct, ["direct"] * alone, args.duration)
                result["one_process"] = summary(loads, seconds) | {"readers": alone}
            finally:
                await browser.close()
    ratios = {}
    for page, s in result["cluster"]["per_page"].items():
        one = result["one_process"]["per_page"][page]["p95_ms"]
        ratios[page] = round(s["p95_ms"] / one, 2) if s["p95_ms"] and one else None
    result["p95_ratio"] = ratios
    for name in ("cluster", "one_process"):
        if result[name]["errors"]:
            problems.append(
                f"{name}: {result[name]['errors']} loads with errors, e.g. "
                f"{result[name]['error_samples'][:3]}"
            )
    return problems


def table(result: dict) -> str:
    cluster, one = result.get("cluster", {}), result.get("one_process", {})
    lines = [
        "",
        f"nginx with {result['settings']['processes']} processes and "
        f"{cluster.get('readers')} readers vs one process and {one.get('readers')}: "
        "page load p50 / p95 ms",
        "",
        f"{'page':<12} {'cluster p50':>12} {'p95':>8} {'one p50':>9} {'p95':>8} {'p95 ratio':>10}",
    ]
    for page, s in cluster.get("per_page", {}).items():
        o = one.get("per_page", {}).get(page, {})

        def ms(v):
            return "" if v is None else f"{v:.0f}"

        ratio = result.get("p95_ratio", {}).get(page)
        lines.append(
            f"{page:<12} {ms(s['p50_ms']):>12} {ms(s['p95_ms']):>8} "
            f"{ms(o.get('p50_ms')):>9} {ms(o.get('p95_ms')):>8} "
            f"{'' if ratio is None else f'{ratio:.2f}':>10}"
        )
    if cluster and one:
        lines.append(
            f"\ncluster: {cluster['loads']} loads, {cluster['errors']} with errors; "
            f"one process: {one['loads']} loads, {one['errors']} with errors"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster_compare", description=__doc__)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--readers", type=int, default=6, help="readers through nginx")
    parser.add_argument("--duration", type=float, default=60, help="seconds of each phase")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result, problems = run_in_workdir(run, args, "compare-")
    print(table(result))
    for p in problems[:20]:
        print("PROBLEM:", p)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
