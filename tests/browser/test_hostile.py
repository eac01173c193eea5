"""Text is text, in Chromium: every page of a database whose every text field holds hostile
markup (tests/fixtures/hostile_dataset.py), and hostile addresses, are drawn with nothing in
them interpreted: no link leaving the app but the sources' own addresses, no image from
elsewhere, no bold, italic, code, heading or list made of data, no KaTeX, no coloured or badge
directive, no icon, emoji or logo from a shortcode, no typographic arrows, no script run, no
Plotly link or bold; and no request leaves loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import ASSESSED_ON
from tests.browser.pages import PAGES
from tests.browser.server import serve
from tests.browser.streamlit_page import EXCEPTION, ConsoleLog, goto
from tests.fixtures import small_dataset
from tests.fixtures.hostile_dataset import HOSTILE, MARKS, PAYLOAD, write_hostile_dataset

pytestmark = pytest.mark.browser

SOURCE_LINKS = {row["url"] for row in small_dataset.ROWS["sources"]}
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Texts an element holds only when markup around them was interpreted.
INTERPRETED = [*MARKS, "all targets MISSED"]

# What the page shows when something was interpreted (run in the page).
INSPECT = """([interpreted, sourceLinks]) => {
    const origin = location.origin;
    const out = {links: [], images: [], elements: [], katex: 0, directives: 0, icons: [],
                 logos: 0, plotlyLinks: 0, plotlyBold: []};
    for (const a of document.querySelectorAll('a[href]')) {
        const url = new URL(a.getAttribute('href'), location.href);
        if (url.origin !== origin && !sourceLinks.includes(url.href)) out.links.push(url.href);
    }
    for (const img of document.querySelectorAll('img, image, source, video, audio')) {
        const src = img.getAttribute('src') || img.getAttribute('href') || '';
        if (!src) continue;
        const url = new URL(src, location.href);
        if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin)
            out.images.push(url.href);
    }
    const tags = 'b, strong, em, i, del, s, code, h1, h2, h3, h4, h5, h6, li, blockquote, a, '
        + 'span, mark, sup, sub, td, th';
    for (const el of document.querySelectorAll(tags)) {
        const t = (el.textContent || '').trim();
        if (interpreted.includes(t)) out.elements.push(el.tagName + ': ' + t);
    }
    out.katex = document.querySelectorAll('.katex, .katex-display, math').length;
    out.directives = document.querySelectorAll(
        '.stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge, '
        + '.stMarkdownShimmer, [data-testid="stTooltipIcon"] + streamlit-help-icon').length;
    for (const el of document.querySelectorAll('[data-testid="stIconMaterial"]')) {
        if (['home', 'warning_amber'].includes(el.textContent.trim()) &&
            !el.closest('[data-testid="stAlert"]')) out.icons.push(el.textContent.trim());
    }
    out.logos = document.querySelectorAll('img[alt="Streamlit logo"]').length;
    for (const svg of document.querySelectorAll('.main-svg')) {
        out.plotlyLinks += svg.querySelectorAll('a').length;
        for (const t of svg.querySelectorAll('tspan, text')) {
            const style = t.getAttribute('style') || '';
            if (/font-weight:\\s*bold/.test(style)) out.plotlyBold.push(t.textContent);
        }
    }
    return out;
}"""
# Characters that appear only when Streamlit's text rewrites ran on data.
REWRITTEN = ["😄", "🚀", "a → b", "c ↔ d", "e ≥ f", "g ≈ h"]

ADDRESSES = [
    "/?area=" + "&area=".join(quote(s, safe="") for _, s in HOSTILE[:14]),
    "/?horizon=" + quote(PAYLOAD, safe=""),
    "/targets/x/" + quote("[a](http://evil.example) $$x$$ <b>HTMLB-MARK</b>", safe=""),
]


@pytest.fixture(scope="module")
def hostile_url(chromium_path, tmp_path_factory) -> Iterator[str]:
    from etl.build import build

    root = tmp_path_factory.mktemp("hostile-browser")
    db = root / "tracker.duckdb"
    build(write_hostile_dataset(root / "datasets"), db, ASSESSED_ON)
    with serve(db, root / "streamlit.log") as base:
        yield base


@pytest.fixture
def watched(context, hostile_url):
    """A new page whose requests, dialogs and console errors are recorded."""
    page = context.new_page()
    console = ConsoleLog(origin=hostile_url)
    console.attach(page)
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        yield page, console, requests, dialogs
    finally:
        page.close()


def check(page, console, requests, dialogs) -> None:
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    # Every tab's content is in the page; open each so that its charts are drawn too.
    tabs = page.locator('[data-testid="stTab"]')
    found = page.evaluate(INSPECT, [INTERPRETED, sorted(SOURCE_LINKS)])
    for i in range(1, tabs.count()):
        tabs.nth(i).click()
        more = page.evaluate(INSPECT, [INTERPRETED, sorted(SOURCE_LINKS)])
        for key, value in more.items():
            found[key] = found[key] + value
    assert found["links"] == [], "links leaving the app"
    assert found["images"] == [], "images from elsewhere"
    assert found["elements"] == [], "markup of the data made elements"
    assert found["katex"] == 0, "maths rendered"
    assert found["directives"] == 0, "a colour, badge or help directive rendered"
    assert found["icons"] == [] and found["logos"] == 0, "a shortcode became an icon"
    assert found["plotlyLinks"] == 0, "a link inside a chart"
    # (a chart title is drawn bold as a whole; a tag in the data would make a piece of it bold)
    assert not [t for t in found["plotlyBold"] if t.strip() in INTERPRETED], found
    text = page.locator('[data-testid="stApp"]').inner_text()
    assert not [r for r in REWRITTEN if r in text], "Streamlit's text rewrites ran on data"
    assert dialogs == [], "a script ran"
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= LOOPBACK, f"requests left loopback: {hosts - LOOPBACK}"
    assert console.errors == [], "\n".join(console.errors)


@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_hostile_data_is_drawn_as_text(app_page, watched, hostile_url):
    page, console, requests, dialogs = watched
    goto(page, hostile_url + app_page.path)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == app_page.title
    # The data is on the page, as its characters.
    assert "**BOLD-MARK**" in page.locator('[data-testid="stApp"]').inner_text()
    check(page, console, requests, dialogs)


@pytest.mark.parametrize("address", ADDRESSES, ids=["area", "horizon", "not-found"])
def test_hostile_address_is_drawn_as_text(address, watched, hostile_url):
    page, console, requests, dialogs = watched
    goto(page, hostile_url + address)
    alerts = page.locator('[data-testid="stAlert"]')
    assert alerts.count() >= 1
    shown = " ".join(alerts.all_inner_texts())
    assert "evil.example" in shown or "MISSED" in shown  # the address is quoted, as text
    check(page, console, requests, dialogs)


def test_the_check_sees_interpreted_markup(watched, hostile_url):
    """The inspection can fail: on a page of the app's origin holding what interpreted markup
    becomes, it finds every kind."""
    page, *_ = watched
    page.goto(hostile_url + "/_stcore/health")
    page.set_content(
        '<a href="http://evil.example/login">x</a> <img src="http://evil.example/p.png">'
        "<strong>BOLD-MARK</strong> <b>HTMLB-MARK</b> <span class=katex></span>"
        '<span class="stMarkdownColoredText"><strong>all targets MISSED</strong></span>'
        '<img alt="Streamlit logo" src="data:,">'
        '<svg class="main-svg"><a href="http://evil.example/a"><text>A</text></a>'
        '<text><tspan style="font-weight:bold">HTMLB-MARK</tspan></text></svg>'
    )
    found = page.evaluate(INSPECT, [INTERPRETED, sorted(SOURCE_LINKS)])
    assert found["links"] == ["http://evil.example/login", "http://evil.example/a"]
    assert found["images"] == ["http://evil.example/p.png"]
    assert {"STRONG: BOLD-MARK", "B: HTMLB-MARK", "STRONG: all targets MISSED"} <= set(
        found["elements"]
    )
    assert found["katex"] == 1 and found["directives"] == 1 and found["logos"] == 1
    assert found["plotlyLinks"] == 1 and found["plotlyBold"] == ["HTMLB-MARK"]


def test_tables_have_no_download_of_their_own(watched, hostile_url):
    """Streamlit's table toolbar would write its own CSV, formulas and all: it offers search
    and full screen, not "Download as CSV" (client.disableDataExport); our buttons serve."""
    page, console, *_ = watched
    goto(page, hostile_url + "/data")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(state="visible")
    buttons = [
        (b.get_attribute("aria-label") or b.inner_text()).strip()
        for b in toolbar.locator("button").all()
    ]
    assert buttons, "the toolbar showed no action"
    assert not [b for b in buttons if "download" in b.lower()], buttons
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.get_by_role("button", name="CSV (one file)").count() == 1  # ours
    assert console.errors == [], "\n".join(console.errors)
