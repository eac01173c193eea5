"""The baked pages (issue 25): `python -m bench.site [--sizes 10000] [--skip-browser]`.

- Baking: `python -m tracker.baked export` (what `make site` runs: every page and share image in
  both languages, the sitemap and robots.txt) timed end to end, with its peak memory, on the
  curated data and on synthetic data (bench.synth) at each of `--sizes` observations.
- In Chromium at 390×844 (curated data, served by `python -m tracker.serve`, a fresh browser
  context per load, so nothing is cached): every indicator's baked page, its largest contentful
  paint (LCP) and the bytes transferred; the Streamlit indicator page of `--streamlit-pages`
  indicators in the same run, its LCP and the time until its chart is drawn, for the ratio.
- Lighthouse 12.2.3 (npm, in build/lighthouse/; Debian's Chromium) on three baked pages:
  performance, accessibility, SEO, best practices.

Writes bench/site.json and prints a table against the issue's goals (LCP median < 1 s, < 100 kB
a page, baking < 5 s on the curated data; Lighthouse performance ≥ 95, accessibility 100,
SEO 100, best practices ≥ 95). Loopback only; bounded; never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synth
from bench.build_time import build_command
from bench.common import REPO, run_measured
from tests.browser import server as test_server

OUT = REPO / "bench" / "site.json"
LIGHTHOUSE_DIR = REPO / "build" / "lighthouse"
LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
GOALS = {
    "lcp_median_ms": 1000,
    "page_kb": 100,
    "bake_curated_s": 5,
    "lighthouse": {"performance": 95, "accessibility": 100, "seo": 100, "best-practices": 95},
}
LCP_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(null), 5000);
})"""
BYTES_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav.transferSize + performance.getEntriesByType('resource')
    .reduce((sum, r) => sum + r.transferSize, 0);
}"""


def bake(db: Path, work: Path) -> dict:
    out = work / "site"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ran = run_measured(
        [sys.executable, "-m", "tracker.baked", "export", str(out), "--db", str(db)], 3600
    )
    if ran.status != "ok":
        return {"error": ran.output[-2000:]}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    files = [p for p in out.rglob("*") if p.is_file()]
    result = {
        "seconds": round(ran.seconds, 2),
        # CPU time (user and system) of the bake: on a machine shared with other work, the
        # wall time grows with the load and this does not.
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
        "peak_mb": round(ran.peak_rss_mb, 1),
        "files": len(files),
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "images": sum(1 for p in files if p.suffix == ".png"),
        "bytes": sum(p.stat().st_size for p in files),
    }
    shutil.rmtree(out, ignore_errors=True)
    return result


def build(datasets: Path, db: Path) -> str | None:
    db.parent.mkdir(parents=True, exist_ok=True)
    built = run_measured(
        build_command(datasets, db), 3600, env={**os.environ, "TRACKER_MAX_FILE_MB": "100000"}
    )
    return None if built.status == "ok" else built.output[-2000:]


def indicator_ids(db: Path) -> list[str]:
    os.environ["TRACKER_DB"] = str(db)
    from tracker import data, indicators

    data.begin_run()
    return list(indicators.indicator_ids())


def browser_phase(base: str, ids: list[str], streamlit_pages: int) -> dict:
    from playwright.sync_api import sync_playwright

    baked, streamlit = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for indicator_id in ids:
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                page = ctx.new_page()
                page.goto(f"{base}/indicators/{indicator_id}", wait_until="load")
                baked.append(
                    {
                        "id": indicator_id,
                        "lcp_ms": page.evaluate(LCP_JS),
                        "bytes": page.evaluate(BYTES_JS),
                    }
                )
                ctx.close()
            for indicator_id in ids[:streamlit_pages]:
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(f"{base}/indicator?id={indicator_id}", wait_until="load")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                drawn = (time.perf_counter() - t0) * 1000
                page.wait_for_timeout(500)
                streamlit.append(
                    {
                        "id": indicator_id,
                        "lcp_ms": page.evaluate(LCP_JS),
                        "chart_drawn_ms": round(drawn, 1),
                        "bytes": page.evaluate(BYTES_JS),
                    }
                )
                ctx.close()
        finally:
            browser.close()

    def median(rows: list[dict], key: str) -> float | None:
        values = [r[key] for r in rows if r[key] is not None]
        return round(statistics.median(values), 1) if values else None

    result = {
        "baked": {
            "pages": len(baked),
            "lcp_median_ms": median(baked, "lcp_ms"),
            "lcp_max_ms": max((r["lcp_ms"] or 0) for r in baked),
            "bytes_median": median(baked, "bytes"),
            "bytes_max": max(r["bytes"] for r in baked),
            "each": baked,
        },
        "streamlit": {
            "pages": len(streamlit),
            "lcp_median_ms": median(streamlit, "lcp_ms"),
            "chart_drawn_median_ms": median(streamlit, "chart_drawn_ms"),
            "bytes_median": median(streamlit, "bytes"),
            "each": streamlit,
        },
    }
    b, s = result["baked"]["lcp_median_ms"], result["streamlit"]["lcp_median_ms"]
    result["lcp_ratio"] = round(b / s, 3) if b and s else None
    c = result["streamlit"]["chart_drawn_median_ms"]
    result["lcp_to_chart_drawn_ratio"] = round(b / c, 3) if b and c else None
    return result


def lighthouse(base: str, paths: list[str], work: Path) -> dict:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
            capture_output=True,
            timeout=900,
        )
    scores = {}
    for path in paths:
        report = work / "lighthouse.json"
        subprocess.run(
            [
                str(binary),
                base + path,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--form-factor=mobile",
                "--chrome-flags=--headless=new --no-sandbox",
                "--only-categories=performance,accessibility,seo,best-practices",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            capture_output=True,
            timeout=300,
        )
        found = json.loads(report.read_text(encoding="utf-8"))
        scores[path] = {
            "version": found["lighthouseVersion"],
            **{k: round(v["score"] * 100) for k, v in found["categories"].items()},
            "failed": [
                a["id"]
                for a in found["audits"].values()
                if a.get("score") is not None
                and a["score"] < 1
                and a["scoreDisplayMode"] != "informative"
                and a["scoreDisplayMode"] != "notApplicable"
            ][:20],
        }
    return scores


def table(result: dict) -> str:
    lines = ["", "Baked pages (issue 25)", ""]
    for r in result["bake"]:
        if "error" in r:
            lines.append(f"bake {r['data']}: error")
            continue
        lines.append(
            f"bake {r['data']:>10}: {r['seconds']:>6} s ({r['cpu_s']} s CPU), {r['peak_mb']} MB, "
            f"{r['pages']} pages, "
            f"{r['images']} images, {r['bytes'] / 1e6:.1f} MB"
        )
    found = result.get("browser")
    if found:
        b, s = found["baked"], found["streamlit"]
        lines.append(
            f"390x844 LCP median: baked {b['lcp_median_ms']} ms (max {b['lcp_max_ms']}) over "
            f"{b['pages']} pages; Streamlit {s['lcp_median_ms']} ms, chart drawn "
            f"{s['chart_drawn_median_ms']} ms over {s['pages']}; ratio {found['lcp_ratio']}"
        )
        lines.append(
            f"bytes a page: baked median {b['bytes_median']:.0f}, max {b['bytes_max']}; "
            f"Streamlit median {s['bytes_median']:.0f} (websocket not counted)"
        )
    for path, scores in (result.get("lighthouse") or {}).items():
        lines.append(
            f"Lighthouse {scores['version']} {path}: performance {scores['performance']}, "
            f"accessibility {scores['accessibility']}, SEO {scores['seo']}, best practices "
            f"{scores['best-practices']}"
            + (f"; below 1: {scores['failed']}" if scores["failed"] else "")
        )
    lines.append(
        "goals: LCP median < 1000 ms, < 100 kB a page, bake < 5 s (curated), Lighthouse "
        "performance >= 95, accessibility 100, SEO 100, best practices >= 95"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.site", description=__doc__)
    p.add_argument("--sizes", default="10000", help="synthetic observations, comma-separated")
    p.add_argument("--skip-browser", action="store_true", help="no Chromium, no Lighthouse")
    p.add_argument("--skip-lighthouse", action="store_true")
    p.add_argument("--streamlit-pages", type=int, default=8, help="Streamlit pages to compare")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    result: dict = {
        "goals": GOALS,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "bake": [],
    }
    try:
        db = work / "curated" / "tracker.duckdb"
        error = build(REPO / "datasets", db)
        if error:
            print(error, file=sys.stderr)
            return 1
        result["bake"].append({"data": "curated", **bake(db, work)})
        if not args.skip_browser:
            ids = indicator_ids(db)
            # Absolute addresses on the pages (canonical, og:url) name the served origin (no
            # TRACKER_PUBLIC_URL), so Lighthouse reads a canonical on the host it audits.
            with test_server.serve(db, work / "server.log") as base:
                result["browser"] = browser_phase(base, ids, args.streamlit_pages)
                if not args.skip_lighthouse:
                    paths = [f"/indicators/{ids[0]}", f"/zh/indicators/{ids[0]}", "/goals"]
                    result["lighthouse"] = lighthouse(base, paths, work)
        for size in [int(s) for s in args.sizes.split(",") if s]:
            datasets = work / f"datasets-{size}"
            synth.generate(datasets, size)
            db = work / f"db-{size}" / "tracker.duckdb"
            error = build(datasets, db)
            result["bake"].append(
                {"data": f"{size:.0e}".replace("+0", ""), "observations": size}
                | ({"error": error} if error else bake(db, work))
            )
            shutil.rmtree(datasets, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    return 0 if all("error" not in r for r in result["bake"]) else 1


if __name__ == "__main__":
    sys.exit(main())
