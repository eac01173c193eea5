"""Helpers for driving the Streamlit app in a real Chromium: waiting until a run has finished
and every Plotly chart has drawn, collecting console errors, full-page screenshots.

The waiting logic follows the project's reference screenshot tool (shared/tools/screenshot):
Streamlit shows its status widget while a script runs and skeletons while a page loads; Plotly
draws after the script has finished, so the charts are waited for separately.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Request

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH = 1280
HEIGHT = 900
SETTLE_S = 30.0  # one page: script run plus every chart drawn
QUIET_S = 0.5  # how long the script must stay finished (the frontend marks its state)
MAX_SHOT_HEIGHT = 16000  # px: a full-page screenshot taller than this is cut

CHART = '[data-testid="stPlotlyChart"]'
EXCEPTION = '[data-testid="stException"]'
ALL_CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".every(c => c.querySelector('.main-svg'))"
)
CHARTS_DRAWN_COUNT = (
    "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".filter(c => c.querySelector('.main-svg')).length"
)

# At least `atLeast` charts are shown and each is drawn at its container's width (plotly lays a
# chart out again when its hidden tab is opened or the window is resized).
CHARTS_LAID_OUT = """(atLeast) => {
    const shown = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(c => c.checkVisibility());
    return shown.length >= atLeast && shown.every(c => {
        const svg = c.querySelector('.main-svg');
        return svg && c.querySelector('.xtick')
            && Math.abs(svg.getBoundingClientRect().width - c.getBoundingClientRect().width) < 2;
    });
}"""


def script_state(page: Page) -> tuple[str, str]:
    """(script run state, connection state) as Streamlit's frontend marks them on stApp:
    "initial" before the first run, then "running", "rerunRequested", "notRunning"..."""
    app = page.locator('[data-testid="stApp"]')
    return (
        app.get_attribute("data-test-script-state") or "",
        app.get_attribute("data-test-connection-state") or "",
    )


def settle(page: Page, timeout_s: float = SETTLE_S) -> None:
    """Wait for the app frame, until the script has run and stayed finished for QUIET_S (the
    frontend's script state "notRunning", connected, no running indicator, no skeleton), then
    until every Plotly chart holds its svg. Raises a TimeoutError (never hangs) when the page
    does not get there within `timeout_s`."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while True:
        state, connection = script_state(page)
        status = page.locator('[data-testid="stStatusWidget"]').count()
        skeleton = page.locator('[data-testid="stSkeleton"]').count()
        busy = state != "notRunning" or connection != "CONNECTED" or status or skeleton
        if not busy:
            if quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_S:
                break
        else:
            quiet_since = None
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"Streamlit still busy after {timeout_s:.0f} s on {page.url}: script "
                    f"{state!r}, connection {connection!r}, {status} running indicator(s), "
                    f"{skeleton} skeleton(s)"
                )
        page.wait_for_timeout(100)
    remaining = max(deadline - time.monotonic(), 2.0)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=remaining * 1000)


def charts_drawn(page: Page) -> tuple[int, int]:
    """(chart containers, containers holding a drawn plotly svg)."""
    return page.locator(CHART).count(), page.evaluate(CHARTS_DRAWN_COUNT)


def horizontal_overflow(page: Page) -> dict[str, list[int]]:
    """Scrollable width beyond the visible width, for the document and Streamlit's main and
    sidebar scroll containers: {name: [scrollWidth, clientWidth]} of those that overflow."""
    return page.evaluate(
        """() => {
            const out = {};
            const check = (name, el) => {
                if (el && el.scrollWidth > el.clientWidth + 1)
                    out[name] = [el.scrollWidth, el.clientWidth];
            };
            check('document', document.documentElement);
            check('stMain', document.querySelector('[data-testid="stMain"]'));
            check('stSidebarContent',
                  document.querySelector('[data-testid="stSidebarContent"]'));
            return out;
        }"""
    )


def full_page_screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside its main container, not the
    document, so the viewport is made as tall as the content for the shot and restored after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": WIDTH, "height": HEIGHT}
    height = page.evaluate(
        """() => Math.max(
            ...['stMain', 'stSidebarContent'].map(id => {
                const el = document.querySelector(`[data-testid="${id}"]`);
                return el ? el.scrollHeight : 0;
            }),
            document.documentElement.clientHeight)"""
    )
    height = min(int(height), MAX_SHOT_HEIGHT)
    try:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_function(ALL_CHARTS_DRAWN, timeout=10_000)
        page.wait_for_function(CHARTS_LAID_OUT, arg=0, timeout=10_000)
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)


# Console errors that are not the app's: Streamlit's frontend, loaded at a page's own path
# (/targets), first probes /targets/_stcore/health and /targets/_stcore/host-config to find the
# server's base path, gets a 404, then uses the root. Those are kept in ConsoleLog.ignored.
_BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


@dataclass
class ConsoleLog:
    """Browser console errors, uncaught page errors and requests to any other host than the
    app's (the app must work offline and tell no third party who reads it) of one page."""

    origin: str  # scheme://host:port of the app
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._request)

    def _request(self, request: Request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.errors.append(f"request to another host: {url}")

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "") or ""
        text = f"console error: {msg.text} ({url})" if url else f"console error: {msg.text}"
        if self._benign(msg.text, url):
            self.ignored.append(text)
        else:
            self.errors.append(text)

    def _benign(self, text: str, url: str) -> bool:
        parts = urlsplit(url)
        return (
            text.startswith("Failed to load resource")
            and "404" in text
            and f"{parts.scheme}://{parts.netloc}" == self.origin
            and bool(_BASE_PATH_PROBE.search(parts.path))
        )


def goto(page: Page, url: str) -> None:
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=SETTLE_S * 1000)
    except Error as exc:  # pragma: no cover - a server that went away
        raise AssertionError(f"could not open {url}: {exc}") from exc
    settle(page)
