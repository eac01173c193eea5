"""Serve the app: `python -m tracker.serve [streamlit options]`, what `make run` uses.

The same as `streamlit run dashboard.py [options]`, with these differences:

1. Streamlit 1.67 treats an app whose entry point sits beside a `pages/` folder as a legacy
   multipage app until the first run of `st.navigation` (`PagesManager.uses_pages_directory`).
   A link to a page such as `/targets?area=standards`, opened as the first visit after the
   server starts, is then looked up among the legacy page files, not found, and shown under a
   "Page not found" dialog. The project layout fixes the `pages/` folder, so the flag is set
   before the server starts: this app always routes through `st.navigation` in dashboard.py.
2. A browser asking for an address of more than one segment (`/targets/x/y`), which Streamlit
   would answer with a page that stays blank, is sent to its first segment with a notice (see
   `tracker.routing`).
3. Every response carries headers that forbid framing by other sites (Streamlit has no
   setting for it): `tracker.routing.SECURITY_HEADERS`; an address with `embed=true` may be
   framed anywhere (`tracker.routing.EMBED_HEADERS`, where it says why that is safe).
4. Every address under `/api/` is answered by the read-only data API (`tracker.api`), every
   baked page (`/indicators/<id>`, `/goals`, `/zh/...`, `/sitemap.xml`, `/robots.txt`) by
   `tracker.baked`, and `/mcp` by the MCP server (`tracker.mcp`, streamable HTTP), before
   Streamlit sees it.
5. The address it serves on (`server.address`, `server.port`, `server.baseUrlPath`) is what
   the app's absolute links are written under (the feed, a citation) unless TRACKER_PUBLIC_URL
   is set (`tracker.documents.public_url`).

Why a wrapper and not Streamlit 1.67's `st.App(script_path, routes=..., middleware=...)`:
`App.run()` anchors the script-level configuration at the launcher module (here
`tracker/serve.py`, so `.streamlit/config.toml` beside dashboard.py would no longer be read when
the server is started from another folder), and the multi-segment redirect needs the names of
Streamlit's own routes, which `App` builds inside itself. Wrapping the one function that makes
the server's app keeps `streamlit run`'s configuration and start-up exactly as they are.

Everything else (loopback address, error details, XSRF, uploads) is in .streamlit/config.toml.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tracker import api, baked, data, documents, mcp, served
from tracker.routing import (
    EMBED_HEADERS,
    SECURITY_HEADERS,
    redirect_for,
    security_headers,
    segments,
)

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def encoded(headers: tuple[tuple[str, str], ...]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]


HEADERS = encoded(SECURITY_HEADERS)
EMBED = encoded(EMBED_HEADERS)


# --- the data API's and the baked pages' HTTP answers -----------------------------------------


def _api_headers(cache_control: str = served.CACHE_CONTROL) -> list[tuple[str, str]]:
    return [
        ("cache-control", cache_control),
        ("access-control-allow-origin", "*"),
        ("access-control-expose-headers", "ETag"),
    ]


async def api_app(scope: dict, receive: Any, send: Any) -> None:
    """ASGI app for every address under /api/ (`tracker.api`): GET and HEAD only, JSON errors,
    open to every origin (CORS)."""

    async def respond(status, headers, body, head, cache_control=served.CACHE_CONTROL):
        await served.respond(send, status, [*_api_headers(cache_control), *headers], body, head)

    method = scope.get("method", "GET")
    if method == "OPTIONS":  # a CORS preflight: only simple GETs are allowed anyway
        await respond(
            204,
            [("allow", "GET, HEAD, OPTIONS"), ("access-control-allow-methods", "GET, HEAD")],
            b"",
            True,
        )
        return
    if method not in ("GET", "HEAD"):
        body = documents.json_bytes(
            {"error": "method not allowed", "message": "The API is read-only: GET or HEAD."}
        )
        await respond(405, [("allow", "GET, HEAD"), ("content-type", api.JSON)], body, False)
        return
    head = method == "HEAD"
    try:
        doc = await asyncio.to_thread(api.DOCUMENTS.read, scope.get("path", ""))
    except data.DatabaseUnavailable:
        body = documents.json_bytes(
            {"error": "unavailable", "message": "The database is being built; try again."}
        )
        await respond(503, [("content-type", api.JSON), ("retry-after", "5")], body, head)
        return
    if doc is None:
        body = documents.json_bytes(api.NOT_FOUND)
        await respond(404, [("content-type", api.JSON)], body, head)
        return
    if doc.status != 200:
        await respond(doc.status, [("content-type", doc.media_type)], doc.body, head)
        return
    asked = served.if_none_match(scope)
    if doc.etag in asked or "*" in asked:
        await respond(304, [("etag", doc.etag)], b"", True, doc.cache_control)
        return
    headers = [("content-type", doc.media_type), ("etag", doc.etag)]
    if doc.filename:
        headers.append(("content-disposition", f'attachment; filename="{doc.filename}"'))
    await respond(200, headers, doc.body, head, doc.cache_control)


async def pages_app(scope: dict, receive: Any, send: Any) -> None:
    """ASGI app for the baked addresses (`tracker.baked`): GET and HEAD, ETag/304, an HTML
    404 in the address's language."""
    method = scope.get("method", "GET")
    if method not in ("GET", "HEAD"):
        body = b"Method not allowed: the site is read-only (GET or HEAD).\n"
        headers = [("allow", "GET, HEAD"), ("content-type", baked.TEXT)]
        await served.respond(send, 405, headers, body, False)
        return
    head = method == "HEAD"
    path = scope.get("path", "")
    try:
        status, doc = await asyncio.to_thread(baked.read, path)
    except data.DatabaseUnavailable:
        body = b"The database is being built; try again in a few seconds.\n"
        headers = [("content-type", baked.TEXT), ("retry-after", "5")]
        await served.respond(send, 503, headers, body, head)
        return
    language = "zh-Hans" if baked.language_of(path) == "zh" else "en"
    headers = [("content-type", doc.media_type), ("content-language", language)]
    if status == 404:
        headers.append(("cache-control", "no-cache"))
        await served.respond(send, 404, headers, doc.body, head)
        return
    cache = ("cache-control", served.CACHE_CONTROL)
    asked = served.if_none_match(scope)
    if doc.etag in asked or "*" in asked:
        await served.respond(send, 304, [("etag", doc.etag), cache], b"", True)
        return
    await served.respond(send, 200, [*headers, ("etag", doc.etag), cache], doc.body, head)


class Guard:
    """ASGI middleware around Streamlit's app: the security headers on every HTTP response,
    and the redirect of multi-segment page addresses."""

    def __init__(self, app: Any, reserved: frozenset[str], base: str = ""):
        self.app = app
        self.reserved = reserved
        self.base = "/" + base.strip("/") if base.strip("/") else ""

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = self.local(scope.get("path", ""))
        if self.is_api(scope):
            await api_app({**scope, "path": path}, receive, send)
            return
        if baked.handles(path):  # the baked pages (docs/site.md)
            await pages_app({**scope, "path": path}, receive, send)
            return

        query = scope.get("query_string", b"").decode("latin-1")
        ours = EMBED if security_headers(query) is EMBED_HEADERS else HEADERS

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in ours if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        # The MCP server (issue 27), before the page redirect: a browser's GET of /mcp gets the
        # server's own JSON notice, not the Overview.
        if path.rstrip("/") == mcp.PATH:
            await mcp.http_app()({**scope, "path": mcp.PATH}, receive, send_with_headers)
            return
        target = self.redirect(scope)
        if target is not None:
            await send(
                {
                    "type": "http.response.start",
                    "status": 302,
                    "headers": [
                        (b"location", target.encode("latin-1")),
                        (b"cache-control", b"no-cache"),
                        (b"content-length", b"0"),
                        *HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send_with_headers)

    def local(self, path: str) -> str:
        """The path without the server's base URL path."""
        if self.base and (path == self.base or path.startswith(self.base + "/")):
            return path[len(self.base) :] or "/"
        return path

    def is_api(self, scope: dict) -> bool:
        """Every address under /api/ is the API's: JSON or CSV, never the app's page."""
        path = self.local(scope.get("path", ""))
        return path == "/api" or path.startswith("/api/")

    def redirect(self, scope: dict) -> str | None:
        """The address a browser's page request is sent to instead, or None."""
        if scope.get("method") not in ("GET", "HEAD"):
            return None
        headers = dict(scope.get("headers", []))
        if b"text/html" not in headers.get(b"accept", b""):
            return None  # scripts, probes and API calls get Streamlit's own answer
        path = scope.get("path", "")
        if self.base:
            if not (path == self.base or path.startswith(self.base + "/")):
                return None
            path = path[len(self.base) :]
        target = redirect_for(path, scope.get("query_string", b"").decode("latin-1"), self.reserved)
        return None if target is None else self.base + target


def streamlit_address(option: Callable[[str], Any]) -> str:
    """The address the server listens on, from Streamlit's configuration (`option` is
    `config.get_option`): `server.address` (a wildcard bind written as 127.0.0.1, reachable from
    this machine), `server.port` (as Streamlit rewrites it when it moves to a free port) and
    `server.baseUrlPath`."""
    host = str(option("server.address") or "").strip()
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    base = str(option("server.baseUrlPath") or "").strip("/")
    return f"http://{host}:{int(option('server.port'))}" + (f"/{base}" if base else "")


def reserved_segments(app: Any) -> frozenset[str]:
    """The first segments of Streamlit's own routes (`_stcore`, `media`, `component`, ...) and
    the names at the top of its static folder (`static`, `favicon.png`, ...)."""
    from streamlit import file_util

    firsts = [segments(getattr(route, "path", "") or "")[:1] for route in app.routes]
    found = {f[0] for f in firsts if f and not f[0].startswith("{")}
    static = file_util.get_static_dir()
    if os.path.isdir(static):
        found |= set(os.listdir(static))
    return frozenset(found)


def install_guard() -> None:
    """Wrap the app Streamlit's server creates in `Guard`."""
    from streamlit import config
    from streamlit.web.server.starlette import starlette_server

    create = starlette_server.create_starlette_app
    if getattr(create, "tracker_guard", False):
        return

    def create_guarded(runtime: Any) -> Any:
        app = create(runtime)
        base = config.get_option("server.baseUrlPath") or ""
        documents.serve_at(lambda: streamlit_address(config.get_option))
        return Guard(app, reserved_segments(app), base)

    create_guarded.tracker_guard = True  # type: ignore[attr-defined]
    starlette_server.create_starlette_app = create_guarded


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    install_guard()
    sys.argv = ["streamlit", "run", str(DASHBOARD), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
