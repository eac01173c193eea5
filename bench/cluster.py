"""The app through nginx under load, a process kill and a rebuild (issue 18):
`make loadtest-cluster`, also run by .ci/run where nginx is installed.

Loopback only, bounded in count and time. The cluster is the real command (`python -m
deploy.cluster`, what `make serve-cluster` runs): N dashboard processes (default 3) behind nginx,
serving a database built from the small test dataset (version A, bench/loadtest.py) and a static
API tree (API_DIR when it holds api/v1/indicators.json, else tests/fixtures/api_tree.py's sample).

1. **Reference.** Every page of tests/browser/pages.py is loaded in Chromium straight from one
   dashboard process (no nginx) and every visible download button clicked: the files each page
   serves without nginx (for version A now, for version B at the end).
2. **Load** (--duration s). R Chromium readers (one browser context, so one nginx cookie, each)
   go round the pages through nginx, each load a new tab (a new Streamlit session), clicking
   every visible download button; T API clients fetch every API document (half of the requests
   conditional, answered 304). At 30% of the phase the dashboard process serving the most
   readers is SIGKILLed; the supervisor must restart it. At 55% the database is rebuilt to
   version B (`python -m etl build`, atomic rename).
3. **Checks.** Every load: no exception or error box, the version shown allowed by the build
   timeline (bench/loadtest.Timeline: never older than the last completed build), every
   download equal to the reference file of the same page and version (zip-based files, xlsx and
   data package, compared member by member, leaving out docProps/core.xml, the workbook's
   creation time). Loads of the killed process's readers from the kill until 10 s after its
   restart may fail (they reconnect), but each such reader must then load cleanly again; every
   other load must be clean. Every API response: 200 or 304 with the file's bytes, ETag,
   Cache-Control, CORS and charset. After the load, each process is asked directly and must
   show version B; the killed process was restarted once.

Reported (a table, and bench/cluster.json): p50/p95 per page and per API document, errors,
peak resident memory (VmHWM) per dashboard process (the killed one's before the kill).
Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
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
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.build_time import build_command
from bench.common import REPO, finish_run, free_port
from bench.loadtest import (
    FINISHED,
    LOAD_TIMEOUT_MS,
    QUIET_MS,
    Timeline,
    percentile,
    run_build,
    version_of,
    write_dataset,
)
from bench.loadtest import peak_rss_mb as vmhwm_mb
from deploy.cluster import COOKIE, healthy
from tests.browser.pages import PAGES
from tests.browser.streamlit_page import CHROMIUM, CHROMIUM_ARGS
from tests.fixtures.api_tree import write_api_tree
from tracker import api as tracker_api

# Where each page is loaded: the indicator page for the small dataset's indicator whose figure
# tells the versions apart (its list shows the figure in a table only).
PATHS = {p.name: p.path for p in PAGES} | {"indicator": "/indicator?id=widgets"}
# Pages that show no figure of the data: the release page lists releases (none in the load
# test's datasets). Loaded and checked for errors, not for a version.
VERSIONLESS = {"changes"}

OUT = REPO / "bench" / "cluster.json"
WORK = REPO / "build" / "loadtest-cluster"
START_S = 180
PACE_S = 0.05  # between one API client's requests: at most 20 a second each
GRACE_S = 10  # after the killed process answers again, its readers' loads may still fail
BUTTONS = '[data-testid="stMain"] [data-testid="stDownloadButton"] button'
# What each kind of API document is served as: the API's own media types (nginx sends the same).
API_TYPES = {
    ".json": tracker_api.JSON,
    ".csv": tracker_api.CSV,
    ".atom": tracker_api.ATOM,
    ".bib": tracker_api.BIBTEX,
    ".ris": tracker_api.RIS,
}


def api_type(doc: str) -> str | None:
    """The media type a document of the API is served with (a `.csl.json` is not JSON's)."""
    return tracker_api.CSL_JSON if doc.endswith(".csl.json") else API_TYPES.get(Path(doc).suffix)


# --- downloads ---------------------------------------------------------------------------------


def digest(data: bytes) -> str:
    """SHA-256 of a file; of a zip's members (names and bytes, docProps/core.xml left out: an
    xlsx records when it was written) for zip-based files."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            h = hashlib.sha256()
            for name in sorted(z.namelist()):
                if name != "docProps/core.xml":
                    h.update(name.encode() + b"\0" + hashlib.sha256(z.read(name)).digest())
            return "zip:" + h.hexdigest()
    return hashlib.sha256(data).hexdigest()


async def load_page(context, url: str, click_downloads: bool = True) -> dict:
    """Load `url` in a new tab, wait until finished, click every visible download button
    (unless not `click_downloads`). {ms, text, upstream, downloads: [(file name, digest)],
    problems}."""
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    out = {"ms": None, "text": "", "upstream": "", "downloads": [], "problems": problems}
    try:
        response = await page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
        if response is not None:
            out["upstream"] = (await response.all_headers()).get("x-upstream", "")
        found = await page.evaluate(FINISHED, [QUIET_MS, LOAD_TIMEOUT_MS])
        out["ms"], out["text"] = found["ms"], found["text"]
        if found["exceptions"]:
            problems.append(f"{found['exceptions']} exception box(es)")
        if found["errors"]:
            problems.append(f"{found['errors']} error box(es)")
        buttons = page.locator(BUTTONS).filter(visible=True)
        for i in range(await buttons.count() if click_downloads else 0):
            # Chromium now and then cancels a download started right after another on a busy
            # machine ("canceled"): one more click; a second failure is a problem.
            for attempt in range(2):  # noqa: B007 (reported below)
                async with page.expect_download(timeout=20_000) as info:
                    await buttons.nth(i).click()
                d = await info.value
                failure = await d.failure()
                if failure != "canceled":
                    break
            if failure:
                problems.append(f"download {i + 1} failed: {failure} (attempt {attempt + 1})")
                continue
            data = Path(await d.path()).read_bytes()
            out["downloads"].append((d.suggested_filename, digest(data)))
    except Exception as exc:  # a timeout or a closed page: recorded, the run goes on
        problems.append(f"load failed: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await page.close()
    return out


async def reference(browser, base: str) -> dict[str, list]:
    """Every page's downloads straight from one dashboard process (no nginx)."""
    context = await browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    try:
        ref = {}
        for p in PAGES:
            got = await load_page(context, base + PATHS[p.name])
            if got["problems"]:  # once more: a load may time out on a busy machine
                got = await load_page(context, base + PATHS[p.name])
            if got["problems"]:
                raise RuntimeError(f"reference load of {PATHS[p.name]} failed: {got['problems']}")
            ref[p.name] = {"version": version_of(got["text"]), "downloads": got["downloads"]}
        return ref
    finally:
        await context.close()


# --- the load ----------------------------------------------------------------------------------


@dataclass
class Load:
    reader: int
    page: str
    t0: float
    t1: float
    ms: float | None
    upstream: str
    version: str
    downloads: list
    problems: list[str] = field(default_factory=list)


async def reader(
    browser,
    base: str,
    rid: int,
    key: str,
    stop: asyncio.Event,
    loads: list[Load],
    click_downloads: bool = True,
):
    context = await browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    # the reader's nginx cookie, chosen so that the readers are spread over the processes
    await context.add_cookies([{"name": COOKIE, "value": key, "url": base}])
    i = rid
    try:
        while not stop.is_set():
            p = PAGES[i % len(PAGES)]
            i += 1
            t0 = time.monotonic()
            got = await load_page(context, base + PATHS[p.name], click_downloads)
            loads.append(
                Load(
                    rid,
                    p.name,
                    t0,
                    time.monotonic(),
                    got["ms"],
                    got["upstream"],
                    version_of(got["text"]),
                    got["downloads"],
                    got["problems"],
                )
            )
    finally:
        await context.close()


@dataclass
class Fetch:
    doc: str
    ms: float
    status: int
    problems: list[str]


def api_client(base: str, root: Path, docs: list[str], stop: threading.Event, out: list, seed):
    rng = random.Random(seed)
    etags: dict[str, str] = {}
    while not stop.is_set():
        for doc in docs:
            if stop.is_set():
                break
            headers = {"Accept-Encoding": "identity"}
            if doc in etags and rng.random() < 0.5:
                headers["If-None-Match"] = etags[doc]
            problems: list[str] = []
            t0 = time.monotonic()
            try:
                req = urllib.request.Request(base + doc, headers=headers)
                with urllib.request.urlopen(req, timeout=20) as r:
                    status, h, body = r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                status, h, body = e.code, e.headers, e.read()
            except OSError as exc:
                status, h, body = 0, {}, b""
                problems.append(f"{type(exc).__name__}: {exc}")
            ms = (time.monotonic() - t0) * 1000
            if status == 200:
                if body != (root / doc.lstrip("/")).read_bytes():
                    problems.append("body differs from the file")
                etags[doc] = h.get("ETag", "")
                want = api_type(doc)
                if want and h.get("Content-Type") != want:
                    problems.append(f"Content-Type {h.get('Content-Type')}")
            elif not (status == 304 and "If-None-Match" in headers):
                problems.append(f"status {status}")
            if status in (200, 304):
                if h.get("Cache-Control") != "public, max-age=300" or not h.get("ETag"):
                    problems.append("Cache-Control or ETag missing")
                if h.get("Access-Control-Allow-Origin") != "*":
                    problems.append("no Access-Control-Allow-Origin: *")
            out.append(Fetch(doc, ms, status, problems))
            stop.wait(PACE_S)


def spread_keys(base: str, ports: list[int], readers: int) -> list[str]:
    """Cookie values for `readers` readers, each process getting its share in turn: random keys,
    each asked of nginx (its X-Upstream) until one lands on the process wanted."""
    keys = []
    for r in range(readers):
        want = f"127.0.0.1:{ports[r % len(ports)]}"
        for _ in range(200):
            key = os.urandom(16).hex()
            req = urllib.request.Request(
                base + "/_stcore/health", headers={"Cookie": f"{COOKIE}={key}"}
            )
            with urllib.request.urlopen(req, timeout=20) as resp:
                if resp.headers.get("X-Upstream") == want:
                    keys.append(key)
                    break
        else:
            raise RuntimeError(f"no cookie value found that nginx sends to {want}")
    return keys


def read_state(work: Path) -> dict:
    return json.loads((work / "state.json").read_text())


async def load_phase(args, browser, state: dict, cwork: Path, db, datasets, timeline, api):
    base = state["url"]
    loads: list[Load] = []
    fetches: list[Fetch] = []
    events: dict = {}
    stop, api_stop = asyncio.Event(), threading.Event()
    root, docs = api
    clients = [
        threading.Thread(
            target=api_client, args=(base, root, docs, api_stop, fetches, n), daemon=True
        )
        for n in range(args.api_clients)
    ]
    for c in clients:
        c.start()
    keys = spread_keys(base, [d["port"] for d in state["dashboards"]], args.readers)
    readers = [
        asyncio.create_task(reader(browser, base, r, key, stop, loads))
        for r, key in enumerate(keys)
    ]
    started = time.monotonic()
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(args.duration * 0.3)
        # every reader has been served at least once, so its process is known (bounded)
        while len({ld.reader for ld in loads if ld.upstream}) < args.readers:
            if time.monotonic() > started + args.duration * 0.5:
                break
            await asyncio.sleep(0.3)
        # the process the most readers were last served by
        home = {ld.reader: ld.upstream for ld in loads if ld.upstream}
        counts: dict[str, int] = {}
        for up in home.values():
            counts[up] = counts.get(up, 0) + 1
        by_port = {f"127.0.0.1:{d['port']}": d for d in state["dashboards"]}
        target = max(by_port, key=lambda a: counts.get(a, 0))
        victim = by_port[target]
        events["killed"] = {
            "port": victim["port"],
            "readers": sorted(r for r, up in home.items() if up == target),
            "peak_rss_mb_before_kill": vmhwm_mb(victim["pid"]),
        }
        events["kill_at"] = time.monotonic()
        os.kill(victim["pid"], signal.SIGKILL)
        restart_deadline = time.monotonic() + START_S
        while True:
            now = next(d for d in read_state(cwork)["dashboards"] if d["port"] == victim["port"])
            if now["pid"] != victim["pid"] and await loop.run_in_executor(
                None, healthy, victim["port"]
            ):
                events["restarted_at"] = time.monotonic()
                events["killed"]["restart_s"] = round(events["restarted_at"] - events["kill_at"], 1)
                break
            if time.monotonic() > restart_deadline:
                break
            await asyncio.sleep(0.3)
        await asyncio.sleep(max(0.0, started + args.duration * 0.55 - time.monotonic()))
        build = await loop.run_in_executor(None, run_build, timeline, datasets, db, "B", None)
        events["rebuild_s"] = round(build.done - build.start, 1)
        await asyncio.sleep(max(0.0, started + args.duration - time.monotonic()))
    finally:
        stop.set()
        api_stop.set()
        await asyncio.wait_for(
            asyncio.gather(*readers, return_exceptions=True), timeout=LOAD_TIMEOUT_MS / 1000 + 90
        )
        for c in clients:
            c.join(timeout=30)
    return loads, fetches, events, time.monotonic() - started


# --- checks and report -------------------------------------------------------------------------


def check(loads, fetches, events, ref, timeline) -> tuple[list[str], list[str]]:
    """(problems, tolerated): tolerated are failures of the killed process's readers in the
    window from the kill to GRACE_S after its restart."""
    problems, tolerated = [], []
    killed = events.get("killed", {})
    addr = f"127.0.0.1:{killed.get('port')}"
    start = events.get("kill_at", float("inf"))
    end = events.get("restarted_at", float("inf")) + GRACE_S
    affected_readers = set(killed.get("readers", []))
    for ld in loads:
        own = list(ld.problems)
        allowed = sorted(timeline.allowed(ld.t0, ld.t1))
        if ld.page not in VERSIONLESS and ld.version not in allowed:
            own.append(f"shows {ld.version}, allowed {allowed}")
        want = ref.get(ld.version, {}).get(ld.page)
        if ld.version in ref and not own and ld.downloads != want["downloads"]:
            own.append(f"downloads differ from the page's without nginx: {ld.downloads} vs {want}")
        in_window = ld.t1 >= start and ld.t0 <= end
        affected = in_window and (ld.reader in affected_readers or addr in ld.upstream)
        for p in own:
            line = f"{ld.page} (reader {ld.reader}, upstream {ld.upstream or '?'}): {p}"
            (tolerated if affected else problems).append(line)
    for r in affected_readers:
        if not any(ld.reader == r and ld.t0 > end and ld.ms and not ld.problems for ld in loads):
            problems.append(f"reader {r} of the killed process did not load cleanly again")
    for p in PAGES:
        if not any(ld.page == p.name and ld.ms and not ld.problems for ld in loads):
            problems.append(f"page {p.name}: no clean load through nginx")
    for f in fetches:
        problems += [f"API {f.doc}: {p}" for p in f.problems]
    if not affected_readers:
        problems.append("no reader was on the killed process")
    if len({ld.upstream for ld in loads if ld.upstream and addr not in ld.upstream}) == 0:
        problems.append("no reader was on a process other than the killed one")
    if "restarted_at" not in events:
        problems.append("the killed dashboard process was not restarted in time")
    return problems, tolerated


def stats(samples: list[tuple[str, float | None]], names) -> dict:
    out = {}
    for name in names:
        ms = [m for n, m in samples if n == name and m is not None]
        out[name] = {
            "n": sum(1 for n, _ in samples if n == name),
            "p50_ms": percentile(ms, 0.5),
            "p95_ms": percentile(ms, 0.95),
        }
    return out


@contextlib.asynccontextmanager
async def running_cluster(processes: int, work: Path, db: Path, api_root: Path, problems: list):
    """`python -m deploy.cluster` (what `make serve-cluster` runs) with `processes` dashboard
    processes serving `db` behind nginx, its state (work/cluster/state.json) yielded once it
    is up; stopped with SIGTERM at the end, and a supervisor that exits early or uncleanly
    added to `problems`."""
    cwork = work / "cluster"
    log = open(work / "supervisor.log", "wb")  # noqa: SIM115
    sup = subprocess.Popen(
        [
            *(sys.executable, "-m", "deploy.cluster", "-n", str(processes)),
            *("--port", str(free_port()), "--api-dir", str(api_root), "--workdir", str(cwork)),
        ],
        cwd=REPO,
        env={**os.environ, "TRACKER_DB": str(db)},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_S
        while not (cwork / "state.json").exists():
            if sup.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "cluster did not start: " + (work / "supervisor.log").read_text()[-3000:]
                )
            await asyncio.sleep(0.3)
        yield read_state(cwork)
    finally:
        if sup.poll() is None:
            sup.send_signal(signal.SIGTERM)
            try:
                code = sup.wait(timeout=60)
            except subprocess.TimeoutExpired:
                sup.kill()
                code = None
            if code != 0:
                problems.append(f"the supervisor stopped with {code}")
        else:
            problems.append(f"the supervisor exited early with {sup.returncode}")
        log.close()


async def run(args, work: Path, result: dict) -> list[str]:
    from playwright.async_api import async_playwright

    problems: list[str] = []
    datasets = {v: write_dataset(work / f"datasets-{v}", v) for v in "AB"}
    db = work / "served" / "tracker.duckdb"
    db.parent.mkdir()
    subprocess.run(build_command(datasets["A"], db), cwd=REPO, check=True)
    api_root = args.api_dir
    if not (api_root / "api" / "v1" / "indicators.json").is_file():
        api_root = write_api_tree(work / "api")
        result["api_tree"] = "sample (tests/fixtures/api_tree.py)"
    else:
        result["api_tree"] = str(api_root)
    docs = sorted("/" + str(p.relative_to(api_root)) for p in api_root.rglob("*") if p.is_file())
    docs = docs[: args.api_documents]
    cwork = work / "cluster"
    async with running_cluster(args.processes, work, db, api_root, problems) as state:
        direct = f"http://127.0.0.1:{state['dashboards'][0]['port']}"
        timeline = Timeline("A")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                ref = {"A": await reference(browser, direct)}
                loads, fetches, events, seconds = await load_phase(
                    args, browser, state, cwork, db, datasets, timeline, (api_root, docs)
                )
                end_state = read_state(cwork)
                # every process, asked directly, serves the rebuilt version
                versions = {}
                ctx = await browser.new_context()
                for d in end_state["dashboards"]:
                    got = await load_page(ctx, f"http://127.0.0.1:{d['port']}/")
                    versions[d["port"]] = version_of(got["text"])
                await ctx.close()
                ref["B"] = await reference(browser, direct)
            finally:
                await browser.close()
        for page, r in ref["A"].items():
            if page in VERSIONLESS:
                continue
            if r["version"] != "A" or ref["B"][page]["version"] != "B":
                problems.append(
                    f"reference loads of {page} show {r['version']} (built A), then "
                    f"{ref['B'][page]['version']} (rebuilt B)"
                )
        found, tolerated = check(loads, fetches, events, ref, timeline)
        problems += found
        problems += [
            f"process on port {p} shows {v} after the rebuild"
            for p, v in versions.items()
            if v != "B"
        ]
        killed = events.get("killed", {})
        restarts = {d["port"]: d["restarts"] for d in end_state["dashboards"]}
        if restarts.get(killed.get("port")) != 1:
            problems.append(f"restarts after one kill: {restarts}")
        memory = {}
        for d in end_state["dashboards"]:
            memory[str(d["port"])] = {
                "peak_rss_mb": vmhwm_mb(d["pid"]),
                "restarts": d["restarts"],
            }
        if killed:
            memory[str(killed["port"])]["peak_rss_mb_before_kill"] = killed[
                "peak_rss_mb_before_kill"
            ]
        result.update(
            {
                "seconds": round(seconds, 1),
                "loads": len(loads),
                "downloads": sum(len(ld.downloads) for ld in loads),
                "per_page": stats([(ld.page, ld.ms) for ld in loads], [p.name for p in PAGES]),
                "api_requests": len(fetches),
                "api_not_modified": sum(f.status == 304 for f in fetches),
                "per_api_document": stats([(f.doc, f.ms) for f in fetches], docs),
                "versions": {
                    v: sum(ld.version == v for ld in loads) for v in ("A", "B", "mix", "none")
                },
                "readers_per_upstream": {
                    up: sorted({ld.reader for ld in loads if ld.upstream == up})
                    for up in sorted({ld.upstream for ld in loads})
                },
                "killed": killed,
                "rebuild_s": events.get("rebuild_s"),
                "after_rebuild": versions,
                "processes": memory,
                "tolerated_during_kill": tolerated,
            }
        )
    return problems


def run_in_workdir(run, args, prefix: str) -> tuple[dict, list[str]]:
    """`run(args, work, result)` (a coroutine) in a new folder under WORK, its result begun with
    the start time and settings; the result written to `args.out` and the folder removed
    whatever happens (`finish_run`). Returns the result and the problems found."""
    result: dict = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    WORK.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=WORK))
    problems: list[str] = []
    try:
        problems = asyncio.run(run(args, work, result))
    except Exception as exc:
        problems.append(f"run failed: {type(exc).__name__}: {exc}")
    finally:
        finish_run(result, problems, args.out, work)
    return result, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--processes", type=int, default=3, help="dashboard processes")
    parser.add_argument("--readers", type=int, default=4, help="Chromium readers at once")
    parser.add_argument("--api-clients", type=int, default=2)
    parser.add_argument("--api-documents", type=int, default=40, help="at most this many")
    parser.add_argument("--duration", type=float, default=75, help="seconds of load")
    parser.add_argument("--api-dir", type=Path, default=REPO / "build" / "api")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result, problems = run_in_workdir(run, args, "run-")
    print(table(result, args.out))
    for p in problems[:50]:
        print("PROBLEM:", p)
    return 0 if not problems else 1


def table(result: dict, out: Path) -> str:
    lines = ["", "Cluster load test (issue 18), through nginx: p50 / p95 ms", ""]
    lines.append(f"{'page':<40} {'n':>5} {'p50':>8} {'p95':>8}")
    for name, s in {**result.get("per_page", {}), **result.get("per_api_document", {})}.items():
        p50 = "" if s["p50_ms"] is None else f"{s['p50_ms']:.0f}"
        p95 = "" if s["p95_ms"] is None else f"{s['p95_ms']:.0f}"
        lines.append(f"{name[-40:]:<40} {s['n']:>5} {p50:>8} {p95:>8}")
    if "loads" in result:
        k = result["killed"]
        lines.append("")
        lines.append(
            f"{result['loads']} page loads ({result['downloads']} downloads), "
            f"{result['api_requests']} API requests ({result['api_not_modified']} answered 304) "
            f"in {result['seconds']} s; versions {result['versions']}"
        )
        lines.append(
            f"killed the process on port {k.get('port')} (readers {k.get('readers')}), "
            f"restarted in {k.get('restart_s')} s; {len(result['tolerated_during_kill'])} "
            f"failed loads of its readers meanwhile; rebuild {result['rebuild_s']} s, then "
            f"every process shows {sorted(set(result['after_rebuild'].values()))}"
        )
        for port, m in result["processes"].items():
            lines.append(f"process {port}: peak RSS {m}")
    lines.append(f"problems: {len(result['problems'])}; written to {out}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
