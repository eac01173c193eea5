"""Downloads as a browser gets them: each chart's CSV holds the rows it plots, a download does
not reset the page, and the Data page's Excel workbook and data package open."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from tests.browser.pages import target_count, ticked, toggle, url_areas
from tests.browser.streamlit_page import CHART, EXCEPTION, goto, script_state, settle

pytestmark = pytest.mark.browser

# Every chart CSV carries the figure, its date and qualifier, and where it was stated.
CHART_CSV_COLUMNS = {"indicator", "date", "value", "comparator", "unit", "quote"}
SOURCE_COLUMNS = {"source_title", "source_address"}

# What each visible chart on the page plots (charts in other tabs are hidden), read from the
# plotly figure in the browser: the number of frame rows (traces the app marks meta="rows", one
# point per row) and, for an aggregate chart (meta="aggregate"), the sum of its bar lengths.
PLOTTED = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter(g => g.checkVisibility())
    .map(g => {
        const rows = g._fullData.filter(t => t.meta === 'rows')
            .reduce((n, t) => n + (t.customdata ? t.customdata.length : 0), 0);
        const aggregate = g._fullData.filter(t => t.meta === 'aggregate')
            .reduce((n, t) => n + Array.from(t.orientation === 'h' ? t.x : t.y)
                .reduce((a, b) => a + Number(b), 0), 0);
        return {rows, aggregate};
    })"""


def download(page, button) -> tuple[str, bytes]:
    with page.expect_download(timeout=20_000) as info:
        button.click()
    d = info.value
    assert d.failure() is None, d.failure()
    return d.suggested_filename, Path(d.path()).read_bytes()


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return list(reader.fieldnames or []), list(reader)


def chart_buttons(page):
    """The visible chart download buttons ("Download CSV") in the page's main area, in page
    order (the Overview's verdicts download is not a chart's). (Streamlit 1.67 renders each
    download button twice, one copy hidden, so hidden ones are left out.)"""
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button')
    return buttons.filter(visible=True).filter(has_text="Download CSV")


def visible_button(scope, name: str):
    return scope.get_by_role("button", name=name).filter(visible=True)


def test_chart_csv_holds_plotted_rows_and_keeps_the_page(page, console, app_url):
    goto(page, app_url + "/")
    toggle(page, "Applications")  # a filter set through the UI, to see that it survives
    url, shown = page.url, target_count(page)
    plotted = page.evaluate(PLOTTED)
    buttons = chart_buttons(page)
    assert page.locator(CHART).count() == len(plotted) == buttons.count() == 2
    page.evaluate("() => { window.__notReloaded = true; }")

    for i, chart in enumerate(plotted):
        name, data = download(page, buttons.nth(i))
        assert name.endswith(".csv")
        header, rows = read_csv(data)
        assert set(header) >= CHART_CSV_COLUMNS, header
        assert SOURCE_COLUMNS & set(header), header
        assert len(rows) == shown > 0  # "(of N targets)" on the page
        # the status chart's bars add up to the rows; the percent chart plots one bar a row
        assert len(rows) == (chart["aggregate"] or chart["rows"]), chart
        assert all(r["indicator"] and r["unit"] for r in rows)
        valued = [r for r in rows if r["value"]]
        assert valued and all(r["date"] and r["source_title"] and r["quote"] for r in valued)

    # Still the same page, filter and all: no reload, no rerun that reset a widget (a rerun
    # would have started by now: wait until the app has stayed idle).
    settle(page)
    assert page.evaluate("() => window.__notReloaded === true")
    assert page.url == url
    assert "applications" not in url_areas(page.url)
    assert "Applications" not in ticked(page)
    assert target_count(page) == shown
    assert script_state(page) == ("notRunning", "CONNECTED")
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_series_chart_csvs_match_their_points(page, console, app_url):
    """Each chart of the first work area (the open tab) against its own download."""
    goto(page, app_url + "/work-areas")
    plotted = page.evaluate(PLOTTED)
    buttons = chart_buttons(page)
    assert len(plotted) == buttons.count() > 0  # charts and buttons pair up in page order
    for i, chart in enumerate(plotted):
        _, data = download(page, buttons.nth(i))
        header, rows = read_csv(data)
        assert set(header) >= CHART_CSV_COLUMNS, header
        assert len(rows) == chart["rows"] > 0, f"chart {i + 1}"
        assert {r["record"] for r in rows} <= {"observation", "target", "projection"}
        assert all(r["date"] and r["value"] and r["unit"] for r in rows), f"chart {i + 1}"
        observed = [r for r in rows if r["record"] == "observation"]
        assert observed and all(r["source_title"] and r["quote"] for r in observed)
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_data_page_downloads_open(page, console, app_url, browser_db):
    goto(page, app_url + "/data")
    main = page.locator('[data-testid="stMain"]')
    page.evaluate("() => { window.__notReloaded = true; }")
    with duckdb.connect(str(browser_db), read_only=True) as con:
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("observations", "targets", "commitments", "sources")
        }

    name, data = download(page, visible_button(main, "Excel workbook"))
    assert name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames[0] == "README"
    for table, n in counts.items():
        assert table in book.sheetnames, book.sheetnames
        assert book[table].max_row - 1 == n, table  # header row + one row per record
    book.close()

    name, data = download(page, visible_button(main, "Data package (zip)"))
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        descriptor = json.loads(archive.read("datapackage.json"))
        paths = {r["name"]: r["path"] for r in descriptor["resources"]}
        for table, n in counts.items():
            _, rows = read_csv(archive.read(paths[table]))
            assert len(rows) == n, table

    name, data = download(page, visible_button(main, "CSV (one file)"))
    header, rows = read_csv(data)
    assert {"record_type", "indicator_name_en", "value", "date", "quote"} <= set(header)
    assert len(rows) == counts["observations"] + counts["targets"] + counts["commitments"]

    assert page.evaluate("() => window.__notReloaded === true")
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_the_chart_toolbars_png_carries_the_footer_and_is_named_after_chart_and_release(
    page, app_url
):
    """The image the chart's toolbar exports is the figure with its footer (sources, release,
    address): as tall as the figure drawn, with the footer's text in its bottom band."""
    from PIL import Image

    goto(page, f"{app_url}/indicator?id=key_process_cnc_rate")
    settle(page)
    version = page.evaluate(
        """() => document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot')
            ._fullLayout.annotations.filter(a => a.name === 'footer')[0].text"""
    )
    # The address at the footer's end, broken only before its query (chart_context).
    assert "release " in version and "/indicator<br>?id=key_process_cnc_rate" in version
    release = version.split("release ")[1].split(" ")[0]
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    name, data = download(page, button)
    assert name == f"indicator-key_process_cnc_rate-{release}.png"
    size = page.evaluate(
        """() => { const g = document.querySelector(
            '[data-testid="stPlotlyChart"] .js-plotly-plot')._fullLayout;
            return [g.width, g.height, g.margin.b]; }"""
    )
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.size == (size[0] * 2, size[1] * 2)  # scale 2
    # The footer's lines: dark text in the bottom band the footer takes (4 lines of 15 px).
    band = image.crop((0, image.height - 2 * 66, image.width // 2, image.height))
    dark = sum(1 for v in band.tobytes() if v < 128)
    assert dark > 500, dark
