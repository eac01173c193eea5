"""Addresses the app does not have land on a page with a message, never on a blank page; every
response forbids framing by other sites."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.streamlit_page import EXCEPTION, goto

pytestmark = pytest.mark.browser

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
NOT_FOUND = "Page not found"  # Streamlit's dialog for an unknown page of one segment
# ... which Streamlit also logs as a console error: expected here, and only here.
NOT_FOUND_LOG = "The page that you have requested does not seem to exist"


@pytest.mark.parametrize(
    ("path", "lands_on", "message"),
    [
        ("/targets/x/y", "/targets", "There is no page at /targets/x/y. Showing Targets vs actual"),
        ("/data/x", "/data", "There is no page at /data/x. Showing Data instead."),
        (
            "/work-areas/x?area=standards",
            "/work-areas?area=standards",
            "There is no page at /work-areas/x. Showing Work areas instead.",
        ),
        ("/foo/bar/baz", "/", "There is no page at /foo/bar/baz. Showing Overview instead."),
        # one segment, not a page: our notice (translated), not Streamlit's English dialog
        ("/overview", "/", "There is no page at /overview. Showing Overview instead."),
        ("/nope", "/", "There is no page at /nope. Showing Overview instead."),
    ],
)
def test_unknown_address_lands_on_a_page_with_a_message(
    path, lands_on, message, page, console, app_url
):
    goto(page, app_url + path)

    assert page.url == app_url + lands_on
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.is_visible()  # a page, not a blank one
    assert page.locator(EXCEPTION).count() == 0
    if message == NOT_FOUND:
        dialog = page.get_by_role("dialog")
        assert dialog.is_visible()
        assert NOT_FOUND in dialog.inner_text()
    else:
        alert = main.locator('[data-testid="stAlert"]').filter(has_text="There is no page")
        assert alert.is_visible()
        assert message in alert.inner_text()
        assert page.get_by_text(NOT_FOUND).count() == 0  # Streamlit's English-only dialog
    assert [e for e in console.errors if NOT_FOUND_LOG not in e] == []


def test_an_address_with_markup_is_shown_literally(page, console, app_url):
    goto(page, app_url + "/data/**bold**/[link](http:%2F%2Fevil.example)")

    alert = page.locator('[data-testid="stAlert"]').filter(has_text="There is no page")
    assert "/data/**bold**/[link](http:/evil.example)" in alert.inner_text()  # "//" is one "/"
    assert alert.locator("a, strong, b, img").count() == 0
    assert console.errors == []


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}


def test_a_multi_segment_page_address_is_redirected_and_streamlits_own_paths_are_not(app_url):
    status, headers = fetch(f"{app_url}/targets/x/y?area=standards", HTML)
    assert status == 302
    assert headers["location"] == "/targets?area=standards&not_found=%2Ftargets%2Fx%2Fy"
    # Streamlit's probes of a page's base path, and script requests, keep their own answers.
    assert fetch(f"{app_url}/targets/_stcore/health", HTML)[0] == 404
    assert fetch(f"{app_url}/targets/x/y", {"Accept": "*/*"})[0] == 200
    assert fetch(f"{app_url}/_stcore/health", HTML)[0] == 200


@pytest.mark.parametrize("path", ["/", "/targets", "/_stcore/health", "/static/x/y"])
def test_every_response_forbids_framing_by_other_sites(path, app_url):
    _, headers = fetch(app_url + path, HTML)
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "query", ["?id=key_process_cnc_rate&embed=true", "?embed=True&lang=zh&id=x"]
)
def test_only_an_embed_address_may_be_framed_by_other_sites(query, app_url):
    _, headers = fetch(f"{app_url}/indicator{query}", HTML)
    assert "x-frame-options" not in headers
    assert headers["content-security-policy"] == "frame-ancestors *"
    assert headers["x-content-type-options"] == "nosniff"
    # The same page without it, or with embed set to anything else, keeps the rule.
    for other in ("?id=key_process_cnc_rate", "?id=x&embed=false", "?id=x&embed=true1"):
        _, headers = fetch(f"{app_url}/indicator{other}", HTML)
        assert headers["x-frame-options"] == "SAMEORIGIN", other
        assert headers["content-security-policy"] == "frame-ancestors 'self'", other


def test_another_site_can_frame_the_embed_address_and_nothing_else(app_url, context, tmp_path):
    """A page of another origin (another port) frames the indicator page: with embed=true
    the app draws inside the frame; without it Chromium refuses to draw it there."""
    import http.server
    import threading
    from functools import partial

    embed = f"{app_url}/indicator?id=key_process_cnc_rate&embed=true"
    plain = f"{app_url}/indicator?id=key_process_cnc_rate"
    (tmp_path / "host.html").write_text(
        f'<iframe id="embed" src="{embed}" width="900" height="600"></iframe>'
        f'<iframe id="plain" src="{plain}" width="900" height="600"></iframe>',
        encoding="utf-8",
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/host.html")
        framed = page.frame_locator("#embed")
        framed.locator('[data-testid="stApp"]').wait_for(timeout=30_000)
        framed.get_by_text("Numerical control rate of key processes").first.wait_for(timeout=30_000)
        # The refused frame holds Chromium's error page, never the app's.
        plain_frame = page.query_selector("#plain").content_frame()
        assert plain_frame is not None
        assert plain_frame.url.startswith("chrome-error://"), plain_frame.url
        assert plain_frame.query_selector('[data-testid="stApp"]') is None
    finally:
        page.close()
        server.shutdown()
