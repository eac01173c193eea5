"""Chart axes a reader can read: date axes show dates (not times of day, as plotly's autorange
gives a chart with one date), and no axis label sits under the legend.

Found failing in November 2026 (one-point charts with ticks such as "23:59:59.999 Apr 17,
2024"; year labels under the legend on two trajectory charts); kept as a guard.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import BY_NAME
from tests.browser.streamlit_page import CHARTS_LAID_OUT, SETTLE_S, goto

pytestmark = pytest.mark.browser

# The number of charts shown, and for each with a problem: its title, x tick labels showing a
# time of day, and the x tick labels whose box overlaps the legend's box.
AXIS_PROBLEMS = """() => {
  const shown = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => g.closest('[data-testid="stPlotlyChart"]'))
    .filter(g => g.checkVisibility());
  const problems = shown.map(g => {
        const ticks = [...g.querySelectorAll('.xtick text')];
        const legend = g.querySelector('.legend');
        const lb = legend ? legend.getBoundingClientRect() : null;
        const under = ticks.filter(t => {
            if (!lb) return false;
            const b = t.getBoundingClientRect();
            return b.bottom > lb.top && b.top < lb.bottom && b.right > lb.left && b.left < lb.right;
        });
        const title = (g.layout.title && g.layout.title.text) || '';
        return {
            title: title.replace(/<[^>]+>/g, ''),
            times: ticks.map(t => t.textContent).filter(s => /\\d\\d:\\d\\d/.test(s)),
            under_legend: under.map(t => t.textContent),
        };
    })
    .filter(c => c.times.length || c.under_legend.length);
  return {checked: shown.length, problems: problems};
}"""


@pytest.mark.parametrize("name", ["overview", "work-areas", "priorities", "targets"])
def test_chart_axes_are_readable(name, page, app_url):
    goto(page, app_url + BY_NAME[name].path)
    tabs = page.locator('[data-testid="stTab"]')
    problems, checked = [], {}
    for i in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(i).click()
            expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
        page.wait_for_function(CHARTS_LAID_OUT, arg=1, timeout=SETTLE_S * 1000)
        tab = tabs.nth(i).inner_text().strip() if tabs.count() else ""
        found = page.evaluate(AXIS_PROBLEMS)
        checked[tab] = found["checked"]
        problems += [{"tab": tab, **p} for p in found["problems"]]
    assert problems == []
    assert checked and all(n > 0 for n in checked.values()), checked  # every tab had charts
