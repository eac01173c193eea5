"""Layout as a reader sees it (issue 28), at 390 px (a phone) and 1280 px, in English and
Chinese: every chart has a title, on screen and in the image its toolbar exports; no text of a
chart is cut at its edges (footer, bar labels, legend); no two tick labels or value labels
overlap; the toolbar covers no title and the legend no footer; at 1280 px no table column is cut
or pushed out of view; and the embedded indicator page shows its chart first, without the
sidebar.

Cheap by design: one browser context per width (Chromium, the session's server), one page
reused for every address; each address is opened once per width and language.

How a table is checked: st.dataframe draws on a canvas, so the test records every text the
canvas draws (`fillText`, with its position and measured width) and checks that each text ends
before the next column starts; the header row gives the columns' positions.
"""

from __future__ import annotations

import base64
import io

import pytest

from tests.browser.streamlit_page import goto, settle

pytestmark = pytest.mark.browser

INDICATOR = "/indicator?id=key_process_cnc_rate"
EMBED = INDICATOR + "&embed=true"
# Addresses with charts (checked at both widths) and tables (checked at 1280 px).
# (Targets draws the Overview's percent-of-target chart: not opened again here.)
CHART_PAGES = ["/", "/work-areas", "/priorities", INDICATOR]
TABLE_PAGES = ["/targets", "/indicator", INDICATOR]
# The indicator page's tables are too wide to fit by design (eight and ten columns of quotes
# and notes): they scroll sideways inside the table, the first column pinned, and the last
# column in view may be partly out of it; no text may run into the next column.
SCROLLING_TABLES = (INDICATOR,)
# Streamlit 1.67's grid does not wrap English text in the Chinese Indicators list (it wraps
# the same names on the English page, and ignores a line break in the text): the English names
# there are cut, each whole a click away (docs/app.md). Spared here, and only there.
KNOWN_UNWRAPPED = {("/indicator", "zh"): "英文名称"}
HEADER_PX = 35  # st.dataframe's header row
WIDTHS = (390, 1280)

# Records each text drawn on a canvas, with its place in the canvas and measured width, and the
# st.dataframe it belongs to (its position among the page's tables, and its key).
RECORD_CANVAS_TEXT = """
window.__drawn = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
  try {
    const frame = this.canvas.isConnected
      && this.canvas.closest('[data-testid="stDataFrame"]');
    if (frame) {
      const m = this.getTransform();
      const w = this.measureText(String(text)).width;
      // x is where the text starts, ends or is centred, as the context aligns it
      const shift = {right: w, end: w, center: w / 2}[this.textAlign] || 0;
      window.__drawn.push({
        table: [...document.querySelectorAll('[data-testid="stDataFrame"]')].indexOf(frame),
        text: String(text), x: x - shift + m.e / m.a, y: y + m.f / m.d, w: w,
        width: frame.getBoundingClientRect().width,
      });
    }
  } catch (e) {}
  return fillText.call(this, text, x, y, maxWidth);
};
"""

CHART_PROBLEMS = """() => {
  const problems = [];
  const inside = (b, box) => b.left >= box.left - 1 && b.right <= box.right + 1
    && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
  const meet = (a, b) => a.right > b.left + 1 && a.left < b.right - 1
    && a.bottom > b.top + 1 && a.top < b.bottom - 1;
  const shown = el => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  const overlapping = (els, kind, chart) => {
    const boxes = els.filter(shown).map(e => [e.textContent, e.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (meet(boxes[i][1], boxes[j][1]))
          problems.push({chart, kind, detail: boxes[i][0] + ' / ' + boxes[j][0]});
  };
  const graphs = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter(g => g.checkVisibility());
  graphs.forEach((g, n) => {
    const svg = g.querySelector('.main-svg').getBoundingClientRect();
    const title = ((g.layout.title || {}).text || '').replace(/<[^>]+>/g, '').trim();
    const chart = title || `chart ${n + 1}`;
    const titleEl = g.querySelector('.gtitle');
    if (!title || !titleEl || !shown(titleEl)) problems.push({chart, kind: 'no title', detail: ''});
    for (const t of g.querySelectorAll('svg text')) {
      if (t.textContent.trim() && shown(t) && !inside(t.getBoundingClientRect(), svg))
        problems.push({chart, kind: 'text cut at the edge', detail: t.textContent});
    }
    const index = g._fullLayout.annotations.findIndex(a => a.name === 'footer');
    const footer = g.querySelector(`.annotation[data-index="${index}"]`);
    if (index < 0 || !footer) problems.push({chart, kind: 'no footer', detail: ''});
    const legend = g.querySelector('.legend');
    if (footer && legend && shown(legend)
        && meet(legend.getBoundingClientRect(), footer.getBoundingClientRect()))
      problems.push({chart, kind: 'legend over the footer', detail: ''});
    const modebar = g.querySelector('.modebar');
    const bar = modebar && modebar.getBoundingClientRect();
    if (titleEl && bar && meet(bar, titleEl.getBoundingClientRect()))
      problems.push({chart, kind: 'toolbar over the title', detail: title});
    overlapping([...g.querySelectorAll('.xtick text')], 'x tick labels overlap', chart);
    overlapping([...g.querySelectorAll('.ytick text')], 'y tick labels overlap', chart);
    // Value labels and notes: a trace's text points and the annotations other than the footer.
    const labels = [...g.querySelectorAll('.textpoint text')].concat(
      [...g.querySelectorAll('.annotation')].filter(a => a !== footer));
    overlapping(labels, 'labels overlap', chart);
  });
  return {charts: graphs.length, problems};
}"""

# The image each chart's toolbar exports (its "Download plot as a PNG" calls the same
# Plotly.toImage with the figure's layout), with the layout's size.
EXPORTS = """async () => {
  const graphs = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter(g => g.checkVisibility());
  const out = [];
  for (const g of graphs) {
    const footer = g._fullLayout.annotations.find(a => a.name === 'footer');
    const t = g.querySelector('.gtitle');
    const top = g.querySelector('.main-svg').getBoundingClientRect().top;
    out.push({
      title: ((g.layout.title || {}).text || '').replace(/<[^>]+>/g, ''),
      png: await Plotly.toImage(g, {format: 'png', scale: 1}),
      width: g._fullLayout.width, height: g._fullLayout.height,
      footer_lines: footer ? footer.text.split('<br>').length : 0,
      title_bottom: t ? t.getBoundingClientRect().bottom - top : 0,
    });
  }
  return out;
}"""


# The columns of each table, from the table Streamlit's grid keeps for screen readers.
COLUMN_COUNTS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .map(d => d.querySelectorAll('thead th').length || d.querySelectorAll('th').length)"""


def with_lang(path: str, lang: str) -> str:
    return path if lang == "en" else path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.fixture(scope="module")
def pages_by_width(browser):
    """{width: a page of a browser context that wide}, each reused by every address of the
    module."""
    contexts, pages = [], {}
    try:
        for width in WIDTHS:
            ctx = browser.new_context(viewport={"width": width, "height": 900})
            contexts.append(ctx)
            ctx.set_default_timeout(30_000)
            ctx.add_init_script(RECORD_CANVAS_TEXT)
            pages[width] = ctx.new_page()
        yield pages
    finally:
        for ctx in contexts:
            ctx.close()


def open_settled(page, url: str) -> None:
    goto(page, url)
    settle(page)
    page.wait_for_timeout(300)  # plotly's responsive relayout after the last rerun


def image_problems(export: dict) -> list[str]:
    """What is wrong with one exported image: its size is not the figure's, its title band or
    footer band is empty, or dark text touches its right edge (cut)."""
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(export["png"].split(",", 1)[1]))).convert("L")
    problems = []
    if image.size != (export["width"], export["height"]):
        problems.append(f"size {image.size}, figure {export['width']}x{export['height']}")
    w, h = image.size

    def dark(box) -> int:
        return sum(1 for v in image.crop(box).tobytes() if v < 110)

    if dark((0, 0, w, int(export["title_bottom"]) + 2)) < 30:
        problems.append("no title in the image")
    footer_h = 15 * export["footer_lines"]
    if footer_h == 0 or dark((0, h - footer_h - 8, w, h)) < 60:
        problems.append("no footer in the image")
    if dark((w - 3, 0, w, h)):
        problems.append("text cut at the image's right edge")
    return problems


def table_problems(drawn: list[dict], scrolls: bool, unwrapped: str = "") -> list[str]:
    """Texts a table draws beyond its column (where the next column's header starts, or the
    table's edge unless the table `scrolls` sideways); except Latin text in the column headed
    `unwrapped` (see KNOWN_UNWRAPPED)."""
    problems = []
    for table in sorted({d["table"] for d in drawn}):
        texts = [d for d in drawn if d["table"] == table]
        width = float("inf") if scrolls else texts[-1]["width"]
        headers = {}
        for d in texts:
            if d["y"] < HEADER_PX:
                headers[d["text"]] = d  # the last drawing of each header
        starts = sorted({round(d["x"]) for d in headers.values()})
        spared = headers.get(unwrapped)
        for d in {(d["text"], round(d["x"]), round(d["y"])): d for d in texts}.values():
            later = [s for s in starts if s > d["x"] + 2]
            end = (later[0] - 4) if later else width
            latin = not any(ord(c) > 0x2E80 for c in d["text"])
            if spared and latin and abs(d["x"] - spared["x"]) < 2 and d["y"] >= HEADER_PX:
                continue
            if d["x"] + d["w"] > end + 1:
                problems.append(
                    f"table {table + 1}: “{d['text']}” cut ({d['x'] + d['w']:.0f} > {end:.0f} px)"
                )
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_keep_title_footer_and_labels_on_screen_and_in_their_image(
    pages_by_width, app_url, width, lang
):
    page = pages_by_width[width]
    problems, checked = [], {}
    for path in CHART_PAGES:
        open_settled(page, app_url + with_lang(path, lang))
        found = page.evaluate(CHART_PROBLEMS)
        checked[path] = found["charts"]
        problems += [f"{path} {p['chart']!r}: {p['kind']} {p['detail']}" for p in found["problems"]]
        for export in page.evaluate(EXPORTS):
            problems += [f"{path} {export['title']!r} PNG: {p}" for p in image_problems(export)]
    assert all(n > 0 for n in checked.values()), checked  # every page drew its charts
    assert problems == [], f"at {width} px, {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_at_1280_px_cut_no_column(pages_by_width, app_url, lang):
    """(On a phone the tables scroll sideways, their first column pinned.)"""
    width = 1280
    page = pages_by_width[width]
    problems, tables = [], 0
    for path in TABLE_PAGES:
        open_settled(page, app_url + with_lang(path, lang))
        # Drawn again at the final width, with nothing recorded before: a redraw after a resize.
        page.set_viewport_size({"width": width + 1, "height": 900})
        page.wait_for_timeout(300)
        page.evaluate("() => { window.__drawn = []; }")
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(600)
        drawn = page.evaluate("() => window.__drawn")
        tables += len({d["table"] for d in drawn})
        scrolls = path in SCROLLING_TABLES
        unwrapped = KNOWN_UNWRAPPED.get((path, lang), "")
        problems += [f"{path}: {p}" for p in table_problems(drawn, scrolls, unwrapped)]
        if not scrolls:  # every column in view: as many headers drawn as the table has
            columns = page.evaluate(COLUMN_COUNTS)
            for table, count in enumerate(columns):
                drawn_headers = {
                    d["text"] for d in drawn if d["table"] == table and d["y"] < HEADER_PX
                }
                if len(drawn_headers) < count:
                    problems.append(
                        f"{path}: table {table + 1}: {count - len(drawn_headers)} of its "
                        f"{count} columns out of view"
                    )
    assert tables >= 4, tables  # Targets, the list, the indicator's figures and targets
    assert problems == [], f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_embed_shows_the_chart_first_without_the_sidebar(pages_by_width, app_url, width):
    page = pages_by_width[width]
    open_settled(page, app_url + EMBED)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stExpandSidebarButton"]').count() == 0 or not (
        page.locator('[data-testid="stExpandSidebarButton"]').is_visible()
    )
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    title = page.locator("h1").first
    box, heading = chart.bounding_box(), title.bounding_box()
    assert heading["y"] < box["y"]  # the indicator's name above its chart
    # The chart starts inside the 720 px frame the embed code gives, and is the first chart.
    assert box["y"] < 720 - 200, box
