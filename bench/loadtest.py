"""The app under load and change (issue 9): `make loadtest`, also run by .ci/run.

Two phases, loopback only, bounded in time (each has a deadline; the whole run stops by itself):

1. **Browser.** The app is served (`python -m tracker.serve`, as `make run`) on a free port of
   127.0.0.1 with TRACKER_DB pointing at a copy of a database built from the small test dataset
   (version A). Three headless Chromium pages (Debian's /usr/bin/chromium, the browser tests'
   flags) keep loading every page and filter address, each load a new tab (a new Streamlit
   session), while the main loop rebuilds the served database 20 times with `python -m etl
   build` in a child process, alternating version B and A, and SIGKILLs some builds after a
   short random delay. A and B differ in a figure every page shows: the monthly bulletin's
   "more than 180" (Nov 2025) is "more than 187" (Dec 2025) in B, so every page's "As of" line
   and its figures tell the version apart.
2. **AppTest.** At least 200 renders of random pages and filters through Streamlit's AppTest
   from 8 threads, against the same database while it is rebuilt (A/B alternating) beside them.

Checked for every load and render: no exception box, no error; the page shows version A or B,
never neither and never both (a mix); and never a version older than the one the last build
that completed before the load started wrote (a build's version is allowed from its start: the
rename is atomic, and the load may see it at any moment of the build). A killed build leaves
the served database as it was (or, when the kill came after the rename, the new one), and the
next build clears its leftovers.

Reported (printed as a table and written to bench/loadtest.json): loads and renders, p50/p95
per page in ms, errors, the server's peak resident memory (VmHWM), builds completed and killed.
Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import MagicMock

from bench.build_time import build_command
from bench.common import REPO, finish_run, finished_js, free_port, healthy, start_in_group
from deploy.cluster import stop_group
from tests.browser.server import server_command
from tests.browser.streamlit_page import CHROMIUM, CHROMIUM_ARGS
from tests.fixtures import small_dataset

OUT = REPO / "bench" / "loadtest.json"
WORK = REPO / "build" / "loadtest"
SERVER_START_S = 60
LOAD_TIMEOUT_MS = 30_000
QUIET_MS = 300

# What each version shows (the "As of" line of every page, and the figure where it is drawn).
MARKERS = {
    "A": ("As of Nov 2025", "> 180", "more than 180"),
    "B": ("As of Dec 2025", "> 187", "more than 187"),
}
PAGES = {  # name -> path
    "overview": "/",
    "work-areas": "/work-areas",
    "priorities": "/priorities",
    "targets": "/targets",
    "indicator": "/indicator",
    "data": "/data",
    "sources": "/sources",
}
SCRIPTS = {
    "overview": "pages/overview_page.py",
    "work-areas": "pages/work_areas_page.py",
    "priorities": "pages/priorities_page.py",
    "targets": "pages/targets_page.py",
    "indicator": "pages/indicator_page.py",
    "data": "pages/data_page.py",
    "sources": "pages/sources_page.py",
}
# Filters shown on a page: every area, each area alone (where the page has one of its kind),
# the 2025 horizon.
FILTERS = {
    "overview": ["", "?area=alpha", "?area=beta", "?horizon=2025"],
    "work-areas": ["", "?area=alpha"],
    "priorities": ["", "?area=beta", "?horizon=2025"],
    "targets": ["", "?area=alpha", "?area=beta", "?horizon=2025"],
    "indicator": ["?id=widgets"],  # the list shows the figure in a table only
    "data": ["", "?area=alpha", "?area=beta"],
    "sources": ["", "?area=beta"],
}
# Every page's first address, then every page's second, ...: loads go round the pages.
URLS = [
    (name, PAGES[name] + filters[i])
    for i in range(max(len(f) for f in FILTERS.values()))
    for name, filters in FILTERS.items()
    if i < len(filters)
]

# Resolves once the page is finished (its title shown, every chart drawn) and stayed so for
# `quiet` ms: {ms: time from navigation start, text, exceptions, errors}; rejects after `limit`.
FINISHED = finished_js(
    ready="""document.querySelector('[data-testid="stMain"] h1') !== null
      && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(c => c.querySelector('svg.main-svg'))""",
    result="""{
          ms: since,
          text: (document.querySelector('[data-testid="stMain"]') || {}).textContent || '',
          exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          errors: document.querySelectorAll('[data-testid="stAlertContentError"]').length,
        }""",
    interval_ms=20,
)


# --- the two datasets --------------------------------------------------------------------------


def dataset_rows(version: str):
    rows = copy.deepcopy(small_dataset.ROWS)
    texts = dict(small_dataset.TEXTS)
    if version == "B":
        for s in rows["sources"]:
            if s["source_id"] == "monthly":
                s["published_on"] = "2025-12-01"
        for o in rows["observations"]:
            if o["observation_id"] == "w-2025":
                o.update(
                    value="187",
                    as_of="2025-12-01",
                    quote="Certified widget makers now number more than 187.",
                )
        texts["sources/monthly.txt"] = texts["sources/monthly.txt"].replace("180", "187")
    return rows, texts


def write_dataset(root: Path, version: str) -> Path:
    rows, texts = dataset_rows(version)
    original = small_dataset.ROWS, small_dataset.TEXTS
    try:
        small_dataset.ROWS, small_dataset.TEXTS = rows, texts
        return small_dataset.write_small_dataset(root)
    finally:
        small_dataset.ROWS, small_dataset.TEXTS = original


def version_of(text: str) -> str:
    """ "A", "B", "mix" (markers of both) or "none"."""
    seen = {v for v, markers in MARKERS.items() if any(m in text for m in markers)}
    return seen.pop() if len(seen) == 1 else ("mix" if seen else "none")


# --- builds ------------------------------------------------------------------------------------


@dataclass
class Build:
    version: str
    start: float
    done: float = 0.0
    killed: bool = False
    completed: bool = False  # the database was replaced (a killed build may have got there)
    returncode: int | None = None


@dataclass
class Timeline:
    """What was served when: the initial version, then every build's window."""

    initial: str
    builds: list[Build] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allowed(self, t0: float, t1: float) -> set[str]:
        """Versions a load from t0 to t1 may show: the one served when it started (the last
        build that completed before t0), and that of every completed build whose window
        [start, done] overlaps the load (or still running: done unknown)."""
        with self.lock:
            builds = list(self.builds)
        current = self.initial
        for b in builds:
            if b.completed and b.done and b.done <= t0:
                current = b.version
        allowed = {current}
        for b in builds:
            end = b.done or float("inf")
            if b.start <= t1 and end >= t0 and (b.completed or not b.done):
                allowed.add(b.version)
        return allowed


def identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def run_build(timeline: Timeline, datasets: dict[str, Path], db: Path, version: str, kill_after):
    """One build of `version` into `db`; SIGKILLed after `kill_after` s when given."""
    before = identity(db)
    b = Build(version=version, start=time.monotonic())
    with timeline.lock:
        timeline.builds.append(b)
    proc = subprocess.Popen(
        build_command(datasets[version], db),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            b.killed = True
    _, err = proc.communicate(timeout=120)
    b.returncode = proc.returncode
    b.done = time.monotonic()
    b.completed = identity(db) != before
    if not b.killed and proc.returncode != 0:
        raise RuntimeError(f"build of {version} failed: {err.decode(errors='replace')[-2000:]}")
    return b


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f".{db.name}.tmp-*"))


# --- the server --------------------------------------------------------------------------------


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as fh:
        proc = start_in_group(server_command(port), fh, {**os.environ, "TRACKER_DB": str(db)})
    deadline = time.monotonic() + SERVER_START_S
    while not healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_group(proc)
            raise RuntimeError(f"server did not start: {log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    return proc, base


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM), MB."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# --- phase 1: browsers -------------------------------------------------------------------------


@dataclass
class Load:
    worker: int
    page: str
    url: str
    t0: float
    t1: float
    ms: float | None
    version: str
    allowed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def browse(
    browser, base: str, wid: int, stop: asyncio.Event, loads: list[Load], timeline: Timeline
):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    i = wid * len(PAGES) // 3
    try:
        while not stop.is_set():
            name, url = URLS[i % len(URLS)]
            i += 1
            page = await context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc, p=problems: p.append(f"pageerror: {exc}"))

            def off_loopback(request, p=problems):
                host = request.url.split("/")[2] if "://" in request.url else ""
                if request.url.startswith(("data:", "blob:")):
                    return
                if not host.startswith(("127.0.0.1", "localhost")):
                    p.append(f"request off loopback: {request.url}")

            page.on("request", off_loopback)
            t0 = time.monotonic()
            ms, text = None, ""
            try:
                await page.goto(base + url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
                found = await page.evaluate(FINISHED, [QUIET_MS, LOAD_TIMEOUT_MS])
                ms, text = found["ms"], found["text"]
                if found["exceptions"]:
                    problems.append(f"{found['exceptions']} exception box(es)")
                if found["errors"]:
                    problems.append(f"{found['errors']} error box(es)")
            except Exception as exc:  # a timeout or a closed page: recorded, the run goes on
                problems.append(f"load failed: {type(exc).__name__}: {str(exc)[:200]}")
            t1 = time.monotonic()
            await page.close()
            version = version_of(text)
            allowed = sorted(timeline.allowed(t0, t1))
            if version not in allowed:
                problems.append(f"shows {version}, allowed {allowed}")
            loads.append(Load(wid, name, url, t0, t1, ms, version, allowed, problems))
    finally:
        await context.close()


# --- API clients beside the browsers -----------------------------------------------------------

API_PATHS = {  # name -> address; every one tells version A from B
    "api version": "/api/v1/version.json",
    "api indicators": "/api/v1/indicators.json",
    "api indicator json": "/api/v1/indicators/widgets.json",
    "api indicator csv": "/api/v1/indicators/widgets.csv",
    "api targets": "/api/v1/targets.json",
}


@dataclass
class ApiCall:
    name: str
    t0: float
    t1: float
    ms: float | None
    version: str
    allowed: list[str]
    problems: list[str]


def api_version(name: str, body: bytes, shas: dict[str, str]) -> tuple[str, list[str]]:
    """The version a document shows ("A", "B", "mix" or "none") and what is wrong with it: a
    document whose `version` (the datasets' hash) and figures come from two builds is a mix."""
    problems: list[str] = []
    if name == "api indicator csv":
        text = body.decode("utf-8")
        return version_of(text), problems
    doc = json.loads(body)
    by_sha = {sha[:8]: v for v, sha in shas.items()}
    said = by_sha.get(str(doc.get("version", "")).rsplit("+", 1)[-1][:8], "none")
    if name == "api version":
        return by_sha.get(doc.get("datasets_sha256", "")[:8], "none"), problems
    if name == "api indicators":
        widgets = next(i for i in doc["indicators"] if i["id"] == "widgets")
        shown = {180: "A", 187: "B"}.get(widgets["latest"]["value"], "none")
    elif name == "api indicator json":
        values = {o["value"] for o in doc["observations"] if o["id"] == "w-2025"}
        shown = {frozenset({180}): "A", frozenset({187}): "B"}.get(frozenset(values), "none")
    else:  # targets: every document carries its version; the targets' figures may not show it
        shown = said
    if said != shown:
        problems.append(f"document says version {said} but shows {shown}")
        return "mix", problems
    return shown, problems


def fetch_api(base: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


async def api_client(
    base: str, stop: asyncio.Event, calls: list[ApiCall], timeline: Timeline, shas
) -> None:
    loop = asyncio.get_running_loop()
    names = list(API_PATHS)
    i = 0
    while not stop.is_set():
        name = names[i % len(names)]
        i += 1
        problems: list[str] = []
        t0 = time.monotonic()
        version = "none"
        try:
            status, body = await loop.run_in_executor(None, fetch_api, base, API_PATHS[name])
            if status != 200:
                problems.append(f"status {status}")
            else:
                version, found = api_version(name, body, shas)
                problems += found
        except Exception as exc:  # recorded, the run goes on
            problems.append(f"failed: {type(exc).__name__}: {str(exc)[:200]}")
        t1 = time.monotonic()
        allowed = sorted(timeline.allowed(t0, t1))
        if version not in allowed and not problems:
            problems.append(f"shows {version}, allowed {allowed}")
        calls.append(ApiCall(name, t0, t1, (t1 - t0) * 1000, version, allowed, problems))
        await asyncio.sleep(0.05)


def datasets_sha(datasets: Path, work: Path) -> str:
    """The datasets' hash a build of `datasets` records (built once into a scratch file)."""
    import duckdb  # only for reading the build's own table, outside the app

    db = work / f"sha-{datasets.name}.duckdb"
    subprocess.run(build_command(datasets, db), cwd=REPO, check=True, capture_output=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT value FROM build_info WHERE key = 'datasets_sha256'").fetchone()[
            0
        ]
    finally:
        con.close()


async def rebuild_loop(
    timeline: Timeline, datasets, db: Path, rebuilds: int, kills: set[int], rng, deadline: float
):
    loop = asyncio.get_running_loop()
    for n in range(rebuilds):
        if time.monotonic() > deadline:
            break
        version = "B" if n % 2 == 0 else "A"
        kill_after = rng.uniform(0.15, 1.2) if n in kills else None
        await loop.run_in_executor(None, run_build, timeline, datasets, db, version, kill_after)
        await asyncio.sleep(rng.uniform(1.0, 2.5))  # loads see this version for a while


async def browser_phase(args, db: Path, datasets, timeline: Timeline, log: Path) -> dict:
    from playwright.async_api import async_playwright

    rng = random.Random(args.seed)
    kills = set(rng.sample(range(1, args.rebuilds), args.kills))
    shas = {v: datasets_sha(path, log.parent) for v, path in datasets.items()}
    server, base = start_server(db, log)
    loads: list[Load] = []
    calls: list[ApiCall] = []
    stop = asyncio.Event()
    started = time.monotonic()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                workers = [
                    asyncio.create_task(browse(browser, base, w, stop, loads, timeline))
                    for w in range(args.pages)
                ] + [
                    asyncio.create_task(api_client(base, stop, calls, timeline, shas))
                    for _ in range(args.api_clients)
                ]
                await rebuild_loop(
                    timeline, datasets, db, args.rebuilds, kills, rng, started + args.phase_s
                )
                # After the last build, a few more loads (one per page's worth), all of which
                # must show the last version.
                settle_from = len(loads)
                while len(loads) - settle_from < len(PAGES) and not all(w.done() for w in workers):
                    if time.monotonic() > started + args.phase_s + 60:
                        break
                    await asyncio.sleep(0.5)
                stop.set()
                await asyncio.wait_for(
                    asyncio.gather(*workers), timeout=LOAD_TIMEOUT_MS / 1000 + 30
                )
            finally:
                await browser.close()
    finally:
        rss = peak_rss_mb(server.pid)
        stop_group(server)
    return {
        "loads": loads,
        "calls": calls,
        "server_peak_rss_mb": rss,
        "seconds": time.monotonic() - started,
    }


# --- phase 2: AppTest --------------------------------------------------------------------------


@dataclass
class Render:
    page: str
    query: str
    ms: float
    version: str
    allowed: list[str]
    problems: list[str]


def render(db: Path, name: str, query: str, timeline: Timeline) -> Render:
    from streamlit.testing.v1 import AppTest

    t0 = time.monotonic()
    problems: list[str] = []
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    if query:
        key, value = query.lstrip("?").split("=")
        at.query_params[key] = value
    text = ""
    try:
        at.run()
        if name != "overview":
            at.switch_page(SCRIPTS[name])
            at.run()
        if at.exception:
            problems.append(f"exception: {[e.value for e in at.exception][:1]}")
        if at.error:
            problems.append(f"error: {[e.value for e in at.error][:1]}")
        texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
        texts += [str(m.value) for m in at.metric]
        text = "\n".join(str(t) for t in texts).replace("\\>", ">")
    except Exception as exc:
        problems.append(f"render failed: {type(exc).__name__}: {str(exc)[:200]}")
    t1 = time.monotonic()
    version = version_of(text)
    allowed = sorted(timeline.allowed(t0, t1))
    if version not in allowed:
        problems.append(f"shows {version}, allowed {allowed}")
    return Render(name, query, (t1 - t0) * 1000, version, allowed, problems)


def apptest_in_threads() -> None:
    """Let AppTest run from several threads of one process. AppTest is made for one test at a
    time: each run sets the process's `Runtime._instance` to its own mock and back to None,
    patches `config.get_option`, and compiles the scripts in a ScriptCache of its own (and
    CPython 3.11's compiler is not safe to run from several threads at once: "AST constructor
    recursion depth mismatch"). So: a shared mock runtime answers whenever none is set,
    `global.appTest` is on for the whole phase, and compiling is one at a time. None of this
    touches the app: a served app has one runtime and one script cache."""
    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    if getattr(ScriptCache, "_loadtest_patched", False):
        return
    shared = MagicMock(spec=Runtime)
    shared.media_file_mgr = app_test.MediaFileManager(
        app_test.MemoryMediaFileStorage("/mock/media")
    )
    shared.dataframe_source_mgr = app_test.DataframeSourceManager()
    shared.cache_storage_manager = app_test.MemoryCacheStorageManager()
    bidi = app_test.BidiComponentManager()
    bidi.discover_and_register_components(start_file_watching=False)
    shared.bidi_component_registry = bidi
    Runtime.instance = classmethod(
        lambda cls: cls._instance if cls._instance is not None else shared
    )
    compiling = threading.Lock()
    get_bytecode = ScriptCache.get_bytecode

    def one_at_a_time(self, script_path):
        with compiling:
            return get_bytecode(self, script_path)

    ScriptCache.get_bytecode = one_at_a_time
    ScriptCache._loadtest_patched = True
    config.set_option("global.appTest", True)


def apptest_phase(args, db: Path, datasets, timeline: Timeline) -> dict:
    os.environ["TRACKER_DB"] = str(db)
    apptest_in_threads()
    rng = random.Random(args.seed + 1)
    jobs = [rng.choice(URLS) for _ in range(args.renders)]
    done = threading.Event()
    started = time.monotonic()

    def rebuilds():
        n = 0
        first = "B" if timeline.initial == "A" else "A"
        while not done.is_set() and time.monotonic() < started + args.phase_s:
            run_build(timeline, datasets, db, first if n % 2 == 0 else timeline.initial, None)
            n += 1
            done.wait(rng.uniform(1.0, 3.0))

    builder = threading.Thread(target=rebuilds, daemon=True)
    builder.start()
    renders: list[Render] = []
    deadline = started + args.phase_s
    try:
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            futures = [
                pool.submit(render, db, name, url[len(PAGES[name]) :], timeline)
                for name, url in jobs
            ]
            for f in futures:
                renders.append(f.result(timeout=max(deadline - time.monotonic(), 1) + 120))
    finally:
        done.set()
        builder.join(timeout=120)
    return {"renders": renders, "seconds": time.monotonic() - started}


# --- report ------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 1)


def per_page(samples: list[tuple[str, float | None]], names=PAGES) -> dict[str, dict]:
    out = {}
    for name in names:
        ms = [m for n, m in samples if n == name and m is not None]
        out[name] = {
            "n": len([1 for n, _ in samples if n == name]),
            "p50_ms": percentile(ms, 0.5),
            "p95_ms": percentile(ms, 0.95),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--pages", type=int, default=3, help="browser pages loading at once")
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--kills", type=int, default=4, help="builds SIGKILLed part-way")
    parser.add_argument("--api-clients", type=int, default=2, help="API clients at once")
    parser.add_argument("--renders", type=int, default=200, help="AppTest renders")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--phase-s", type=float, default=150, help="time limit of each phase")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    started = datetime.now(UTC)
    WORK.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    datasets = {v: write_dataset(work / f"datasets-{v}", v) for v in "AB"}
    db = work / "served" / "tracker.duckdb"
    db.parent.mkdir()
    subprocess.run(build_command(datasets["A"], db), cwd=REPO, check=True)
    problems: list[str] = []
    result: dict = {
        "started": started.isoformat(timespec="seconds"),
        "settings": dict(vars(args)),
    }
    result["settings"]["out"] = str(args.out)

    try:
        if not args.skip_browser:
            timeline = Timeline("A")
            b = asyncio.run(browser_phase(args, db, datasets, timeline, work / "server.log"))
            loads = b["loads"]
            builds = timeline.builds
            result["browser"] = {
                "seconds": round(b["seconds"], 1),
                "loads": len(loads),
                "per_page": per_page([(x.page, x.ms) for x in loads]),
                "versions": {
                    v: sum(x.version == v for x in loads) for v in ("A", "B", "mix", "none")
                },
                "server_peak_rss_mb": b["server_peak_rss_mb"],
                "builds": len(builds),
                "builds_completed": sum(x.completed for x in builds),
                "builds_killed": sum(x.killed for x in builds),
                "killed_before_rename": sum(x.killed and not x.completed for x in builds),
                "problems": [
                    f"{x.url} (worker {x.worker}): {p}" for x in loads for p in x.problems
                ],
            }
            calls = b["calls"]
            result["api"] = {
                "calls": len(calls),
                "per_document": per_page([(c.name, c.ms) for c in calls], API_PATHS),
                "versions": {
                    v: sum(c.version == v for c in calls) for v in ("A", "B", "mix", "none")
                },
                "problems": [f"{c.name}: {p}" for c in calls for p in c.problems],
            }
            problems += result["browser"]["problems"] + result["api"]["problems"]
            if not calls:
                problems.append("no API call was made")
            if len(builds) < args.rebuilds:
                problems.append(f"only {len(builds)} of {args.rebuilds} rebuilds in time")
            if not any(x.killed for x in builds):
                problems.append("no build was killed part-way")
        timeline = Timeline(initial_version(db))
        a = apptest_phase(args, db, datasets, timeline)
        renders = a["renders"]
        result["apptest"] = {
            "seconds": round(a["seconds"], 1),
            "renders": len(renders),
            "threads": args.threads,
            "per_page": per_page([(r.page, r.ms) for r in renders]),
            "versions": {
                v: sum(r.version == v for r in renders) for v in ("A", "B", "mix", "none")
            },
            "builds": len(timeline.builds),
            "problems": [f"{r.page}{r.query}: {p}" for r in renders for p in r.problems],
        }
        problems += result["apptest"]["problems"]
        if len(renders) < args.renders:
            problems.append(f"only {len(renders)} of {args.renders} renders")
        left = leftovers(db)
        result["leftovers"] = left
        if left:
            problems.append(f"temporary files left beside the database: {left}")
    finally:
        finish_run(result, problems, args.out, work)
    print(table(result))
    for p in problems[:50]:
        print("PROBLEM:", p)
    return 0 if not problems else 1


def initial_version(db: Path) -> str:
    """The version the served database holds now (after the browser phase)."""
    import duckdb  # only for reading the build's own table, outside the app

    con = duckdb.connect(str(db), read_only=True)
    try:
        value = con.execute(
            "SELECT value FROM observations WHERE observation_id = 'w-2025'"
        ).fetchone()[0]
    finally:
        con.close()
    return "B" if float(value) == 187 else "A"


def table(result: dict) -> str:
    lines = ["", "Load test (issue 9): p50 / p95 ms per page", ""]
    head = ("page", "browser n", "p50", "p95", "AppTest n", "p50", "p95")
    lines.append("{:<12} {:>9} {:>8} {:>8}   {:>9} {:>8} {:>8}".format(*head))
    b = result.get("browser", {}).get("per_page", {})
    a = result.get("apptest", {}).get("per_page", {})
    for name in PAGES:
        bb, aa = b.get(name, {}), a.get(name, {})
        lines.append(
            f"{name:<12} {bb.get('n', ''):>9} {fmt(bb.get('p50_ms')):>8} {fmt(bb.get('p95_ms')):>8}"
            f"   {aa.get('n', ''):>9} {fmt(aa.get('p50_ms')):>8} {fmt(aa.get('p95_ms')):>8}"
        )
    api = result.get("api", {}).get("per_document", {})
    for name in API_PATHS:
        aa = api.get(name, {})
        lines.append(
            f"{name:<20} {aa.get('n', ''):>9} {fmt(aa.get('p50_ms')):>8} {fmt(aa.get('p95_ms')):>8}"
        )
    if "api" in result:
        lines.append(f"API: {result['api']['calls']} calls, versions {result['api']['versions']}")
    if "browser" in result:
        br = result["browser"]
        lines.append("")
        lines.append(
            f"browser: {br['loads']} loads in {br['seconds']} s, versions {br['versions']}; "
            f"{br['builds']} rebuilds ({br['builds_completed']} completed, {br['builds_killed']} "
            f"killed, {br['killed_before_rename']} of them before the rename); server peak RSS "
            f"{br['server_peak_rss_mb']} MB"
        )
    if "apptest" in result:
        ap = result["apptest"]
        lines.append(
            f"AppTest: {ap['renders']} renders from {ap['threads']} threads in {ap['seconds']} s, "
            f"versions {ap['versions']}, {ap['builds']} rebuilds beside them"
        )
    lines.append(f"problems: {len(result['problems'])}; written to {result['settings']['out']}")
    return "\n".join(lines)


def fmt(value) -> str:
    return "" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    sys.exit(main())
