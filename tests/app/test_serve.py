"""`python -m tracker.serve` runs dashboard.py through st.navigation from the first visit, sends
multi-segment page addresses to a page that says so, and adds the framing headers."""

from __future__ import annotations

import sys

import pytest
from streamlit.runtime.pages_manager import PagesManager

from tracker import routing, serve


def unwrapped(monkeypatch):
    """Streamlit's own app factory, put back in place after the test."""
    from streamlit.web.server.starlette import starlette_app, starlette_server

    original = starlette_app.create_starlette_app
    monkeypatch.setattr(starlette_server, "create_starlette_app", original)
    return original


def test_serve_runs_the_dashboard_with_v2_routing(monkeypatch):
    seen = {}

    def fake_main():
        seen["argv"] = list(sys.argv)
        seen["legacy_pages"] = PagesManager.uses_pages_directory
        return 0

    monkeypatch.setattr(serve.cli, "main", fake_main)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    unwrapped(monkeypatch)
    monkeypatch.setattr(sys, "argv", ["python"])

    assert serve.main(["--server.port", "8999"]) == 0
    assert seen["argv"] == ["streamlit", "run", str(serve.DASHBOARD), "--server.port", "8999"]
    assert serve.DASHBOARD.name == "dashboard.py" and serve.DASHBOARD.exists()
    assert seen["legacy_pages"] is False


def test_serve_wraps_streamlits_app_in_the_guard(monkeypatch):
    monkeypatch.setattr(serve.cli, "main", lambda: 0)
    monkeypatch.setattr(sys, "argv", ["python"])
    original = unwrapped(monkeypatch)

    serve.main([])
    serve.install_guard()  # twice: wrapped once

    from streamlit.web.server.starlette import starlette_server

    wrapped = starlette_server.create_starlette_app
    assert wrapped is not original and wrapped.tracker_guard
    assert wrapped.__closure__ is not None
    assert original in [c.cell_contents for c in wrapped.__closure__]


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/targets/x/y", "", "/targets?not_found=%2Ftargets%2Fx%2Fy"),
        ("/data/x", "area=standards", "/data?area=standards&not_found=%2Fdata%2Fx"),
        ("/data/x/", "not_found=%2Fold", "/data?not_found=%2Fdata%2Fx"),
        ("/targets", "", None),  # a page
        ("/", "", None),
        # not a page: to the Overview with a notice, not Streamlit's English-only dialog
        ("/nope", "lang=zh", "/?lang=zh&not_found=%2Fnope"),
        ("/overview", "", "/?not_found=%2Foverview"),  # the default page lives at /
        ("/foo/bar", "", "/?not_found=%2Ffoo%2Fbar"),
        ("/static/js/index.js", "", None),  # Streamlit's own files and routes
        ("/targets/_stcore/health", "", None),  # its base-path probes
        ("/targets/static/js/x.js", "", None),
        ("/media/abc.png", "", None),
    ],
)
def test_where_an_address_is_redirected(path, query, expected):
    reserved = frozenset({"static", "_stcore", "media", "component", "favicon.png"})
    assert routing.redirect_for(path, query, reserved) == expected


def test_reserved_segments_cover_streamlits_routes_and_files():
    from streamlit.web.server.server import Server
    from streamlit.web.server.starlette.starlette_app import create_starlette_app

    app = create_starlette_app(Server(str(serve.DASHBOARD), False)._runtime)
    reserved = serve.reserved_segments(app)
    assert {"_stcore", "static", "media", "component", "favicon.png", "manifest.json"} <= reserved
    assert not {"targets", "data", "overview"} & reserved


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("/data/x", "/data/x"),
        ("/data/`code`", "/data/'code'"),  # a backtick would close the code span
        ("/data/\x1b[31m", "/data/[31m"),
        ("/" + "x" * 300, "/" + "x" * 118 + "…"),
    ],
)
def test_an_unknown_address_is_shown_inside_a_code_span(asked, shown):
    assert routing.shown_address(asked) == shown
    assert routing.not_found_message(asked, "Data") == (
        f"There is no page at `{shown}`. Showing Data instead."
    )


def test_the_page_addresses_are_the_dashboards():
    """routing.PAGE_PATHS (what is not redirected) is dashboard.py's page addresses but the
    default page's (served at /)."""
    from bench.common import app_pages

    pages = app_pages()
    default = {p.url_path for p in pages if p.default}
    assert default == {"overview"}
    assert {p.url_path for p in pages} - default == routing.PAGE_PATHS
