"""Browser per page: the app and the floor served on free ports of 127.0.0.1, headless Debian
Chromium through Playwright (the executable and flags of the browser tests), every page loaded
in a new tab (a new Streamlit session) alternately with the floor.

A load is timed in the page itself: from navigation start (performance.now() = 0) to the moment
the page was finished and stayed finished for QUIET_MS: Streamlit's script state "notRunning",
connected, no running indicator, no skeleton, and every Plotly chart container holding its drawn
svg. One unmeasured load per page and of the floor first (server caches, browser cache); then
each page and the floor alternate. One browser context per server, so the frontend's scripts come
from the browser cache as for a returning reader."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import (
    FLOOR_APP,
    TIMEOUT,
    Page,
    finished_js,
    free_port,
    healthy,
    median,
    start_in_group,
)
from deploy.cluster import dashboard_command, stop_group

NO_WATCHER = ["--server.fileWatcherType", "none"]

QUIET_MS = 500
SERVER_START_S = 60

# Resolves with {ms: time from navigation start the page became finished, charts}, once it has
# stayed finished for `quiet` ms, every chart drawn; rejects after `limit` ms.
FINISHED = finished_js(
    ready="""[...document.querySelectorAll('[data-testid="stPlotlyChart"], .js-plotly-plot')]
      .every(c => c.querySelector('svg.main-svg'))""",
    result="""{ms: since, charts: document.querySelectorAll(
          '[data-testid="stPlotlyChart"]').length}""",
    interval_ms=10,
)


def app_command(port: int) -> list[str]:
    """As `make run` and the browser tests serve the app."""
    from tests.browser.server import server_command

    return [*server_command(port), *NO_WATCHER]


def floor_command(port: int) -> list[str]:
    # The tracker's own server options (deploy.cluster), the floor app run by plain Streamlit.
    options = dashboard_command(port)[3:]
    return [sys.executable, "-m", "streamlit", "run", str(FLOOR_APP), *options, *NO_WATCHER]


@contextmanager
def serve(command, db: Path | None, log: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if db is not None:
        env["TRACKER_DB"] = str(db)
    with open(log, "wb") as fh:
        proc = start_in_group(command(port), fh, env)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"server did not start: {log.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.2)
        yield base
    finally:
        stop_group(proc)


def load(context, url: str, timeout_s: float) -> tuple[float | str, int]:
    """(ms from navigation start until finished, or "timeout"; chart count)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        found = page.evaluate(FINISHED, [QUIET_MS, timeout_s * 1000])
        return found["ms"], found["charts"]
    except Exception as exc:  # Playwright's TimeoutError or the promise's rejection
        if "timeout" in str(exc).lower():
            return TIMEOUT, 0
        raise
    finally:
        page.close()


def measure(
    db: Path,
    pages: list[Page],
    loads: int,
    timeout_s: float,
    workdir: Path,
    progress=print,
) -> dict:
    """{"floor": {...}, "pages": {name: {"ms", "samples", "ratio", "charts"}}}."""
    from playwright.sync_api import sync_playwright

    from tests.browser.streamlit_page import CHROMIUM, CHROMIUM_ARGS, HEIGHT, WIDTH

    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    with (
        serve(app_command, db, workdir / "app-server.log") as app,
        serve(floor_command, None, workdir / "floor-server.log") as floor_base,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            viewport = {"width": WIDTH, "height": HEIGHT}
            app_ctx = browser.new_context(viewport=viewport)
            floor_ctx = browser.new_context(viewport=viewport)
            load(floor_ctx, floor_base + "/", timeout_s)  # warm-up, not measured
            floor_samples: list[float] = []
            out: dict[str, dict] = {}
            for pg in pages:
                url = app + pg.path
                load(app_ctx, url, timeout_s)  # warm-up, not measured
                samples: list = []
                charts = 0
                for _ in range(loads):
                    ms, charts = load(app_ctx, url, timeout_s)
                    samples.append(ms)
                    f_ms, _ = load(floor_ctx, floor_base + "/", timeout_s)
                    if f_ms != TIMEOUT:
                        floor_samples.append(f_ms)
                    if ms == TIMEOUT:
                        break  # one timeout is enough to say so
                numbers = [s for s in samples if s != TIMEOUT]
                out[pg.name] = {
                    "ms": median(numbers) if len(numbers) == len(samples) else TIMEOUT,
                    "samples": samples,
                    "charts": charts,
                }
                shown = out[pg.name]["ms"]
                shown = f"{shown:8.0f} ms" if isinstance(shown, float | int) else shown
                progress(f"    {pg.name:12} {shown}  ({charts} charts)")
        finally:
            browser.close()
    return {"floor": {"ms": median(floor_samples), "samples": floor_samples}, "pages": out}
