"""`make bench`: every figure of issue 11 in one run, on loopback only; a table on stdout (Markdown,
ready for docs/performance.md) and bench/results.json (schema in docs/performance.md).

    python -m bench [--sizes 10000,100000,1000000] [--quick] [--skip-browser] [--skip-scale]

Phases, each bounded (a phase that passes its time or memory limit is recorded as "timeout" or
"memory limit", and the run goes on):
  1. the curated database, built once for the run (assessed on 2026-11-24, as in the tests)
  2. server render: the floor and every page (AppTest), reruns and filter changes
  3. browser: the floor and every page, alternately (headless Debian Chromium)
  4. ETL on the curated data: the build's own work in one process, and the whole command
  5. scale: for each size a synthetic dataset (bench.synth), its build, the database size, every
     page's server rerun, peak memory of build and server, and growth exponents between sizes
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import browser, server_render, synth
from bench.build_time import ASSESSED_ON, build_command, own_work
from bench.common import (
    REPO,
    Page,
    app_pages,
    growth_exponent,
    median,
    ratio,
    run_measured,
)
from etl.read import MAX_FILE_ENV

SCHEMA_VERSION = 1
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000,)
GOALS = {
    "browser_ratio": 1.2,
    "server_ratio": 2.0,
    "etl_own_work_s": 0.3,
    "build_1e6_s": 30.0,
    "build_rss_1e6_mb": 1500.0,  # issue 18: "peak memory under 1.5 GB"
    "page_1e6_ms": 1000.0,
    "server_rss_1e6_mb": 1024.0,
    "data_first_1e6_ms": 2000.0,
    "downloads_1e6_s": 60.0,
    "rebuild_1pct_1e6_s": 5.0,
    "growth": 1.0,
}


def log(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for module in ("streamlit", "duckdb", "pandas", "plotly"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:  # pragma: no cover - a missing module is reported as such
            versions[module] = None
    chromium = None
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "nproc": os.cpu_count(),
        "memory_gb": mem_gb,
        "cpu": cpu or platform.processor(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": chromium,
        "load_average_at_start": load,
        **versions,
    }


def git_state() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=20
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def build_db(
    datasets: Path, db: Path, timeout_s: float, memory_limit_mb: float, fresh: bool = True
) -> dict:
    """`python -m etl build` in a child process: status, wall and own seconds, peak RSS, size.
    `fresh`: from scratch (no database, no quote checks kept from an earlier build); else over
    the database and quote checks of the previous build."""
    if fresh:
        db.unlink(missing_ok=True)
        db.with_name(db.name + ".quotes").unlink(missing_ok=True)
    done = run_measured(
        build_command(datasets, db),
        timeout_s,
        memory_limit_mb=memory_limit_mb,
        # A synthetic dataset's observations.csv passes the per-file limit of the reader
        # (185 MB at 10^6 rows): the benchmark measures the build, not that guard.
        env={**os.environ, MAX_FILE_ENV: "100000"},
    )
    own = re.search(r" in ([0-9.]+) s:", done.output)
    result = {
        "status": done.status,
        "wall_s": round(done.seconds, 3),
        "own_s": float(own.group(1)) if own else None,
        "peak_rss_mb": round(done.peak_rss_mb, 1),
        "db_mb": round(db.stat().st_size / 1e6, 2) if db.exists() and done.status == "ok" else None,
    }
    if done.status == "error":
        result["error"] = done.output[-2000:]
    return result


def page_info(p: Page) -> dict:
    return {"title": p.title, "script": p.script, "path": p.path}


def server_phase(db: Path, pages: list[Page], args) -> tuple[dict, dict]:
    log(f"[server] floor: AppTest, warm run then {args.reruns} reruns")
    floor = server_render.floor(args.reruns, args.page_timeout)
    log(f"    floor        rerun {server_render.fmt_ms(floor['rerun_ms'])}")
    log(
        f"[server] every page: warm run, {args.reruns} reruns, {args.filter_changes} filter changes"
    )
    results = server_render.pages(
        db, pages, args.reruns, args.filter_changes, args.page_timeout, args.memory_limit_mb, log
    )
    for r in results.values():
        r["rerun_ratio"] = ratio_of(r["rerun_ms"], floor["rerun_ms"])
        r["filter_ratio"] = ratio_of(r["filter_ms"], floor["rerun_ms"])
    return floor, results


def ratio_of(value, floor) -> float | None:
    if not isinstance(value, int | float) or not isinstance(floor, int | float):
        return None
    r = ratio(value, floor)
    return round(r, 2) if r is not None else None


def browser_phase(db: Path, pages: list[Page], args, workdir: Path) -> dict:
    log(f"[browser] floor and every page alternately, {args.loads} loads each after a warm-up")
    try:
        found = browser.measure(db, pages, args.loads, args.browser_timeout, workdir, log)
    except Exception as exc:  # a browser or server that would not start: say so, go on
        log(f"    browser phase failed: {exc}")
        return {"error": str(exc)[-2000:]}
    if "skipped" in found:
        log(f"    skipped: {found['skipped']}")
        return found
    for r in found["pages"].values():
        r["ratio"] = ratio_of(r["ms"], found["floor"]["ms"])
    return found


def etl_phase(db: Path, args) -> dict:
    log(f"[etl] curated data: {args.etl_runs} builds in one process, then the whole command")
    own = own_work(db, args.etl_runs)
    walls, peaks = [], []
    for _ in range(args.etl_commands):
        r = build_db(REPO / "datasets", db, args.build_timeout, args.memory_limit_mb)
        walls.append(r["wall_s"])
        peaks.append(r["peak_rss_mb"])
    result = {
        "own_work_ms": {stage: round(median(s) * 1000, 1) for stage, s in own.items()},
        "command_wall_ms": round(median(walls) * 1000, 1),
        "command_peak_rss_mb": max(peaks),
        "runs": args.etl_runs,
        "commands": args.etl_commands,
    }
    log(
        f"    own work {result['own_work_ms']['total']:.0f} ms (median of {args.etl_runs}), "
        f"whole command {result['command_wall_ms']:.0f} ms, peak {max(peaks):.0f} MB"
    )
    return result


def scale_phase(sizes: list[int], pages: list[Page], args, workdir: Path) -> dict:
    runs = []
    for n in sizes:
        log(f"[scale] {n:,} observations")
        folder = workdir / f"synth-{n}"
        db = workdir / f"synth-{n}.duckdb"
        t = time.perf_counter()
        counts = synth.generate(folder, n)
        gen_s = time.perf_counter() - t
        log(f"    generated in {gen_s:.1f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        build = build_db(folder, db, args.build_timeout, args.memory_limit_mb)
        log(
            f"    build {build['status']}: {build['wall_s']:.1f} s wall, own work "
            f"{build['own_s']} s, peak {build['peak_rss_mb']:.0f} MB, database {build['db_mb']} MB"
        )
        run = {
            "observations": n,
            "dataset": counts,
            "generate_s": round(gen_s, 2),
            "build": build,
            "pages": {},
            "server_peak_rss_mb": None,
        }
        if build["status"] == "ok":
            run["pages"] = server_render.pages(
                db, pages, args.scale_reruns, 0, args.page_timeout, args.memory_limit_mb, log
            )
            run["server_peak_rss_mb"] = max(r["peak_rss_mb"] for r in run["pages"].values())
        else:
            log(f"    pages not measured: no database ({build['status']})")
            run["pages"] = {p.name: {"status": f"no database ({build['status']})"} for p in pages}
        if build["status"] == "ok":
            run["downloads"] = downloads(db, args)
            changed = synth.change_rows(folder, 0.01)
            rebuild = build_db(folder, db, args.build_timeout, args.memory_limit_mb, fresh=False)
            rebuild["rows_changed"] = changed
            run["rebuild_1pct"] = rebuild
            log(
                f"    rebuild with {changed:,} quotes changed (1%): {rebuild['status']}, "
                f"{rebuild['wall_s']:.1f} s wall, peak {rebuild['peak_rss_mb']:.0f} MB"
            )
        if not args.keep:  # 10^6 observations are ~300 MB of CSV and text
            db.unlink(missing_ok=True)
            for kept in (".quotes", ".downloads"):  # the quote checks, the downloads' figures
                db.with_name(db.name + kept).unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
        runs.append(run)
    return {"sizes": sizes, "runs": runs, "growth": growth(runs, pages)}


def downloads(db: Path, args) -> dict:
    """Each whole-dataset download built as a click builds it, in a fresh process
    (bench/downloads.py): seconds and MB each, the total, and the process's peak memory."""
    done = run_measured(
        [sys.executable, "-m", "bench.downloads"],
        args.build_timeout,
        env={**os.environ, "TRACKER_DB": str(db)},
        memory_limit_mb=args.memory_limit_mb,
    )
    found = [ln for ln in done.output.splitlines() if ln.startswith("{")]
    files = json.loads(found[-1]) if found and done.status == "ok" else {}
    result = {
        "status": done.status,
        "files": files,
        "total_s": round(sum(f["s"] for f in files.values()), 2) if files else None,
        "peak_rss_mb": round(done.peak_rss_mb, 1),
    }
    log(
        f"    downloads {done.status}: "
        + ", ".join(f"{k} {f['s']} s ({f['mb']} MB)" for k, f in files.items())
        + f"; peak {result['peak_rss_mb']:.0f} MB"
    )
    return result


def _num(value):
    return value if isinstance(value, int | float) else None


def growth(runs: list[dict], pages: list[Page]) -> list[dict]:
    """Growth exponents between consecutive sizes, for every figure that grows with the data."""
    out = []
    for a, b in itertools.pairwise(runs):
        n1, n2 = a["observations"], b["observations"]

        def k(x, y, n1=n1, n2=n2):
            e = growth_exponent(n1, _num(x), n2, _num(y))
            return round(e, 2) if e is not None else None

        out.append(
            {
                "from": n1,
                "to": n2,
                "build_s": k(a["build"]["wall_s"], b["build"]["wall_s"])
                if a["build"]["status"] == b["build"]["status"] == "ok"
                else None,
                "build_peak_rss_mb": k(a["build"]["peak_rss_mb"], b["build"]["peak_rss_mb"])
                if a["build"]["status"] == b["build"]["status"] == "ok"
                else None,
                "db_mb": k(a["build"]["db_mb"], b["build"]["db_mb"]),
                "server_peak_rss_mb": k(a["server_peak_rss_mb"], b["server_peak_rss_mb"]),
                "pages": {
                    p.name: k(
                        a["pages"].get(p.name, {}).get("rerun_ms"),
                        b["pages"].get(p.name, {}).get("rerun_ms"),
                    )
                    for p in pages
                },
            }
        )
    return out


def goals(results: dict) -> list[dict]:
    """Each goal of issue 11 with the figure measured and whether it is met (None: not measured)."""
    out = []

    def add(goal: str, value, met):
        out.append({"goal": goal, "value": value, "met": met})

    pages = results.get("pages", {})
    for name, r in pages.items():
        b = (r.get("browser") or {}).get("ratio")
        add(
            f"browser {name} ≤ {GOALS['browser_ratio']}× floor",
            b,
            None if b is None else b <= GOALS["browser_ratio"],
        )
        for what in ("rerun", "filter"):
            v = (r.get("server") or {}).get(f"{what}_ratio")
            add(
                f"server {what} {name} ≤ {GOALS['server_ratio']}× floor",
                v,
                None if v is None else v <= GOALS["server_ratio"],
            )
    etl = results.get("etl") or {}
    own = (etl.get("own_work_ms") or {}).get("total")
    add(
        f"ETL own work < {GOALS['etl_own_work_s']} s",
        own,
        None if own is None else own < GOALS["etl_own_work_s"] * 1000,
    )
    scale = results.get("scale") or {}
    big = next((r for r in scale.get("runs", []) if r["observations"] >= 1_000_000), None)
    if big:
        b = big["build"]
        ok = b["status"] == "ok"
        add(
            f"build at 10^6 < {GOALS['build_1e6_s']:.0f} s",
            b["wall_s"] if ok else b["status"],
            ok and b["wall_s"] < GOALS["build_1e6_s"],
        )
        add(
            f"build peak at 10^6 < {GOALS['build_rss_1e6_mb']:,.0f} MB",
            b.get("peak_rss_mb") if ok else b["status"],
            ok
            and b.get("peak_rss_mb") is not None
            and b["peak_rss_mb"] < GOALS["build_rss_1e6_mb"],
        )
        for name, r in big["pages"].items():
            v = r.get("rerun_ms", r.get("status"))
            add(
                f"server {name} at 10^6 < {GOALS['page_1e6_ms']:.0f} ms",
                v,
                isinstance(v, int | float) and v < GOALS["page_1e6_ms"],
            )
        data_page = big["pages"].get("data") or {}
        first = data_page.get("first_ms", data_page.get("status"))
        add(
            f"Data page first run at 10^6 < {GOALS['data_first_1e6_ms']:.0f} ms",
            first,
            isinstance(first, int | float) and first < GOALS["data_first_1e6_ms"],
        )
        peak = data_page.get("peak_rss_mb")
        add(
            f"Data page server peak at 10^6 < {GOALS['server_rss_1e6_mb']:.0f} MB",
            peak if peak is not None else "not measured",
            peak is not None and peak < GOALS["server_rss_1e6_mb"],
        )
        total = (big.get("downloads") or {}).get("total_s")
        add(
            f"whole-dataset downloads at 10^6 < {GOALS['downloads_1e6_s']:.0f} s",
            total if total is not None else "not measured",
            total is not None and total < GOALS["downloads_1e6_s"],
        )
        rebuild = big.get("rebuild_1pct") or {}
        ok = rebuild.get("status") == "ok"
        add(
            f"build at 10^6 with 1% changed < {GOALS['rebuild_1pct_1e6_s']:.0f} s",
            rebuild["wall_s"] if ok else rebuild.get("status", "not measured"),
            ok and rebuild["wall_s"] < GOALS["rebuild_1pct_1e6_s"],
        )
        rss = big.get("server_peak_rss_mb")
        add(
            f"server peak memory at 10^6 < {GOALS['server_rss_1e6_mb']:.0f} MB",
            rss if rss is not None else "not measured",
            rss is not None and rss < GOALS["server_rss_1e6_mb"],
        )
    for g in scale.get("growth", []):
        figures = {"build": g["build_s"], **{f"page {k}": v for k, v in g["pages"].items()}}
        for what, e in figures.items():
            add(
                f"growth {what} {g['from']:,}→{g['to']:,} ≤ {GOALS['growth']}",
                e,
                None if e is None else e <= GOALS["growth"] + 0.1,  # 0.1: noise
            )
    return out


# --- the printed table --------------------------------------------------------------------------


def cell(value, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}{unit}"


def page_cell(r: dict) -> str:
    """A page's rerun at one size: "812 ms", or "timeout (2 of 5 runs, median 81,000 ms)"."""
    value = r.get("rerun_ms")
    if isinstance(value, int | float):
        return cell(value, " ms")
    samples = r.get("rerun_samples") or []
    if isinstance(value, str) and samples:
        wanted = r.get("wanted_reruns", "?")
        return f"{value} ({len(samples)} of {wanted} runs: {median(samples):,.0f} ms)"
    if isinstance(value, str) and isinstance(r.get("first_ms"), int | float):
        return f"{value} (first run {r['first_ms']:,.0f} ms)"
    return cell(value if value is not None else r.get("status"))


def table(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory, {m['os']}; "
        f"Python {m['python']}, Streamlit {m['streamlit']}, DuckDB {m['duckdb']}; "
        f"{m['chromium'] or 'no Chromium'}; load average (1, 5, 15 min) at start "
        f"{m['load_average_at_start']}"
        + (f", at end {m['load_average_at_end']}." if m.get("load_average_at_end") else ".")
    )
    lines.append("")
    s = results["settings"]
    lines.append(
        f"Server: AppTest, median of {s['reruns']} reruns and of {s['filter_changes']} filter "
        f"changes after a warm run. Browser: median of {s['loads']} loads, alternating with the "
        "floor, until every chart has drawn."
    )
    lines.append("")
    lines.append(
        "| page | server rerun | × floor | filter change | × floor | browser load | × floor |"
    )
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    fl = results["floor"]
    lines.append(
        f"| floor | {cell(fl['server'].get('rerun_ms'), ' ms')} | 1.0 | – | – | "
        f"{cell((fl.get('browser') or {}).get('ms'), ' ms')} | 1.0 |"
    )
    for name, r in results["pages"].items():
        sv, bw = r.get("server") or {}, r.get("browser") or {}
        lines.append(
            f"| {name} | {cell(sv.get('rerun_ms'), ' ms')} | {cell(sv.get('rerun_ratio'), '', 1)} "
            f"| {cell(sv.get('filter_ms'), ' ms')} | {cell(sv.get('filter_ratio'), '', 1)} "
            f"| {cell(bw.get('ms'), ' ms')} | {cell(bw.get('ratio'), '', 2)} |"
        )
    etl = results.get("etl")
    if etl:
        own = etl["own_work_ms"]
        lines.append("")
        lines.append(
            f"ETL on the curated data: own work {cell(own.get('total'), ' ms', 1)} "
            f"(read+validate {cell(own.get('read+validate'), ' ms', 1)}, transform "
            f"{cell(own.get('transform'), ' ms', 1)}, load {cell(own.get('load'), ' ms', 1)}); "
            f"whole command {cell(etl['command_wall_ms'], ' ms')}, "
            f"peak {cell(etl['command_peak_rss_mb'], ' MB')}."
        )
    scale = results.get("scale")
    if scale and scale["runs"]:
        names = list(results["pages"])
        lines.append("")
        lines.append(
            "| observations | build | build peak | database | server peak | "
            + " | ".join(names)
            + " |"
        )
        lines.append("| ---: " * (5 + len(names)) + "|")
        for run in scale["runs"]:
            b = run["build"]
            build = cell(b["wall_s"], " s", 1) if b["status"] == "ok" else f"{b['status']} "
            if b["status"] != "ok":
                build += f"({b['wall_s']:.0f} s)"
            if b["status"] == "ok":
                pages = [page_cell(run["pages"].get(n, {})) for n in names]
            else:
                pages = ["no database"] * len(names)
            lines.append(
                f"| {run['observations']:,} | {build} | {cell(b['peak_rss_mb'], ' MB')} | "
                f"{cell(b['db_mb'], ' MB', 1)} | {cell(run['server_peak_rss_mb'], ' MB')} | "
                + " | ".join(pages)
                + " |"
            )
        for g in scale["growth"]:
            lines.append(
                f"| growth {g['from']:,}→{g['to']:,} | {cell(g['build_s'], '', 2)} | "
                f"{cell(g['build_peak_rss_mb'], '', 2)} | {cell(g['db_mb'], '', 2)} | "
                f"{cell(g['server_peak_rss_mb'], '', 2)} | "
                + " | ".join(cell(g["pages"].get(n), "", 2) for n in names)
                + " |"
            )
        lines.append("")
        lines.append(
            "| observations | Data page first run | Data page peak | downloads (each, s) | "
            "downloads peak | rebuild, 1% of quotes changed | rebuild peak |"
        )
        lines.append("| ---: " * 7 + "|")
        for run in scale["runs"]:
            data_page = run["pages"].get("data", {})
            dl = run.get("downloads") or {}
            files = ", ".join(f"{k} {f['s']}" for k, f in (dl.get("files") or {}).items())
            rb = run.get("rebuild_1pct") or {}
            rebuild = (
                cell(rb.get("wall_s"), " s", 1)
                if rb.get("status") == "ok"
                else rb.get("status", "n/a")
            )
            lines.append(
                f"| {run['observations']:,} | {cell(data_page.get('first_ms'), ' ms')} | "
                f"{cell(data_page.get('peak_rss_mb'), ' MB')} | "
                f"{cell(dl.get('total_s'), ' s', 1)} ({files or 'n/a'}) | "
                f"{cell(dl.get('peak_rss_mb'), ' MB')} | {rebuild} | "
                f"{cell(rb.get('peak_rss_mb'), ' MB')} |"
            )
    met = [g for g in results.get("goals", []) if g["met"] is not None]
    if met:
        lines.append("")
        lines.append(
            f"Goals met: {sum(g['met'] for g in met)} of {len(met)}. Not met: "
            + (
                "; ".join(f"{g['goal']} ({cell(g['value'], '', 2)})" for g in met if not g["met"])
                or "none"
            )
            + "."
        )
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(float(s)) for s in text.split(",") if s.strip()]
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"sizes as numbers, comma-separated: {text!r}") from err
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"positive sizes, comma-separated: {text!r}")
    return sorted(sizes)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="observations of each synthetic dataset (default 10000,100000,1000000, or 1000 with "
        "--quick; 1e5 works)",
    )
    ap.add_argument("--quick", action="store_true", help="smoke run: one size of 1000, few runs")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument(
        "--pages", help="only these pages, by url path, comma-separated (default: every page)"
    )
    ap.add_argument("--reruns", type=int, default=5, help="server reruns per page (≥ 5)")
    ap.add_argument("--filter-changes", type=int, default=5, help="filter changes per page")
    ap.add_argument("--loads", type=int, default=3, help="browser loads per page (≥ 3)")
    ap.add_argument("--scale-reruns", type=int, default=5, help="server reruns per page at scale")
    ap.add_argument("--etl-runs", type=int, default=10)
    ap.add_argument("--etl-commands", type=int, default=5)
    ap.add_argument("--page-timeout", type=float, default=300.0, help="per page, s")
    ap.add_argument("--browser-timeout", type=float, default=60.0, help="per load, s")
    ap.add_argument("--build-timeout", type=float, default=900.0, help="per build, s")
    ap.add_argument(
        "--memory-limit-mb",
        type=float,
        default=8000.0,
        help="a child process using more is stopped and recorded as 'memory limit'",
    )
    ap.add_argument("--workdir", type=Path, default=REPO / "build" / "bench")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic databases")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.quick:
        args.etl_runs, args.etl_commands = 2, 1
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    pages = app_pages()
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        unknown = wanted - {p.name for p in pages}
        if unknown:
            log(f"unknown page(s): {', '.join(sorted(unknown))}; pages: {[p.name for p in pages]}")
            return 2
        pages = [p for p in pages if p.name in wanted]
    results: dict = {
        "schema": SCHEMA_VERSION,
        "started": started.isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": machine(),
        "settings": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(args).items()
            if k not in ("workdir", "out")
        }
        | {"assessed_on": ASSESSED_ON.isoformat()},
        "floor": {},
        "pages": {p.name: page_info(p) for p in pages},
        "etl": None,
        "scale": None,
        "goals": [],
    }
    log(f"bench: {len(pages)} pages: " + ", ".join(p.name for p in pages))
    db = workdir / "curated.duckdb"
    built = build_db(REPO / "datasets", db, args.build_timeout, args.memory_limit_mb)
    if built["status"] != "ok":
        log(f"the curated database did not build ({built['status']}): {built.get('error', '')}")
        return 1
    floor, server = server_phase(db, pages, args)
    results["floor"]["server"] = floor
    for name, r in server.items():
        results["pages"][name]["server"] = r
    if not args.skip_browser:
        found = browser_phase(db, pages, args, workdir)
        results["floor"]["browser"] = found.get("floor")
        for name, r in (found.get("pages") or {}).items():
            results["pages"][name]["browser"] = r
        if "pages" not in found:
            results["browser_note"] = found
    results["etl"] = etl_phase(workdir / "etl.duckdb", args)
    if not args.skip_scale:
        results["scale"] = scale_phase(args.sizes, pages, args, workdir)
    results["goals"] = goals(results)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    with contextlib.suppress(OSError):
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round(time.perf_counter() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log("")
    log(table(results))
    log("")
    log(f"wrote {args.out} in {results['duration_s']:.0f} s")
    return 0
