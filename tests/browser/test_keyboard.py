"""Keyboard only (WCAG 2.1.1 Keyboard, 2.4.7 Focus visible): on every page, pressing Tab from
the top of the page reaches every interactive control that is shown (links, buttons, download
buttons, checkboxes, radio groups, selects, inputs, tabs, expanders, tables), each focused
control looks different from the same control unfocused (a focus indicator that can be seen,
compared pixel by pixel), and a link, a checkbox and a button work from the keyboard (Enter on a
link of the navigation, Space on an area's checkbox and on "Select all areas")."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from tests.browser.pages import ALL_AREAS, PAGES, sidebar, ticked, url_areas
from tests.browser.streamlit_page import goto, settle

pytestmark = pytest.mark.browser

INDICATOR_PATH = "/indicator?id=key_process_cnc_rate"
PATHS = [p.path for p in PAGES] + [INDICATOR_PATH]
PAD = 4  # px around a control in its screenshots (an outline or a ring is drawn outside it)

# Marks every interactive control shown on the page with data-kb="<index>" and returns one row a
# control: its group (radio buttons of one name and the tabs of one tab list are one stop of the
# Tab key: the arrow keys move within the group), and a description for failure messages.
# Controls Tab is not meant to stop at (tabindex="-1" outside such a group, disabled) are left out.
MARK_CONTROLS = """() => {
    const CONTROL = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
        + '[role="tab"], [role="button"], [role="link"], [role="checkbox"], [role="radio"], '
        + '[role="switch"], [role="combobox"], [role="slider"], [role="menuitem"], '
        + 'canvas[tabindex]';
    const rows = [];
    const all = [...document.querySelectorAll(CONTROL)];
    all.forEach(el => el.removeAttribute('data-kb'));
    for (const el of all) {
        if (!el.checkVisibility({visibilityProperty: true}) || el.disabled
                || el.closest('[aria-hidden="true"], [inert]')) continue;
        let group = null;
        if (el.type === 'radio' || el.getAttribute('role') === 'radio') {
            group = 'radio:' + (el.name
                || el.closest('[role="radiogroup"]')?.getAttribute('aria-labelledby') || '');
        } else if (el.getAttribute('role') === 'tab') {
            const list = el.closest('[role="tablist"]');
            group = 'tablist:' + [...document.querySelectorAll('[role="tablist"]')].indexOf(list);
        }
        if (el.tabIndex < 0 && group === null) continue;
        const i = rows.length;
        el.setAttribute('data-kb', String(i));
        const label = (el.getAttribute('aria-label') || el.innerText || el.value
            || el.getAttribute('data-testid') || el.getAttribute('placeholder') || '')
            .replace(/\\s+/g, ' ').trim().slice(0, 60);
        rows.push({index: i, group: group || 'control:' + i,
                   what: `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} `
                       + `"${label}"`});
    }
    return rows;
}"""

# The marked control holding the focus (-1: none, or not a marked one), and its screenshot box:
# the control's own box, or for a visually hidden one (a checkbox's or radio button's input)
# the box of the label or element that draws it.
FOCUSED = """() => {
    const el = document.activeElement;
    const marked = el && el.closest ? el.closest('[data-kb]') : null;
    return marked ? Number(marked.getAttribute('data-kb')) : -1;
}"""

BOX = """(i) => {
    let el = document.querySelector(`[data-kb="${i}"]`);
    if (!el || !el.isConnected) return null;
    el.scrollIntoView({block: 'nearest', inline: 'nearest'});
    let r = el.getBoundingClientRect();
    while ((r.width < 8 || r.height < 8) && el.parentElement) {
        el = el.closest('label') && el.closest('label') !== el
            ? el.closest('label') : el.parentElement;
        r = el.getBoundingClientRect();
    }
    return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""


@dataclass
class Walk:
    controls: list[dict]
    reached: list[int]  # indices in the order Tab reached them
    shots: dict[int, bytes]  # index -> screenshot while focused


def clip(page: Page, index: int) -> dict | None:
    box = page.evaluate(BOX, index)
    if not box or box["width"] == 0 or box["height"] == 0:
        return None
    view = page.viewport_size
    x, y = max(box["x"] - PAD, 0), max(box["y"] - PAD, 0)
    width = min(box["x"] + box["width"] + PAD, view["width"]) - x
    height = min(box["y"] + box["height"] + PAD, view["height"]) - y
    if width <= 0 or height <= 0:
        return None
    return {"x": x, "y": y, "width": width, "height": height}


def shot(page: Page, index: int) -> bytes | None:
    region = clip(page, index)
    if region is None:
        return None
    page.wait_for_timeout(50)  # one frame for a scroll
    region = clip(page, index)
    return page.screenshot(clip=region, animations="disabled") if region else None


def tab_walk(page: Page) -> tuple[Walk, dict[int, str]]:
    """Screenshot every control before any has the focus, then press Tab from the top of the
    page until focus comes back round to the first control it reached (at most 3 presses a
    control and 40 more), screenshotting each control focused and again once focus has moved
    on. Returns the walk and, for each control reached that looks the same focused as before
    the walk or as after focus left it, its description (a control that only appears when
    focused, such as a toolbar's button, still needs a mark of its own)."""
    controls = page.evaluate(MARK_CONTROLS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.mouse.move(0, 0)
    before = {c["index"]: shot(page, c["index"]) for c in controls}
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0)")
    reached: list[int] = []
    focused_shots: dict[int, bytes] = {}
    invisible: dict[int, str] = {}
    previous = -1
    for _ in range(3 * len(controls) + 40):
        page.keyboard.press("Tab")
        current = page.evaluate(FOCUSED)
        if current >= 0 and reached and current == reached[0]:
            break
        if current >= 0 and current not in focused_shots:
            picture = shot(page, current)
            if picture is None:  # nothing on screen to show the focus
                invisible[current] = controls[current]["what"] + " (no box on screen)"
            else:
                focused_shots[current] = picture
                if picture == before.get(current):
                    invisible[current] = controls[current]["what"]
            reached.append(current)
        if previous >= 0 and previous != current and previous in focused_shots:
            # The previous control, focus gone: it must look different now.
            unfocused = shot(page, previous)
            if unfocused is not None and unfocused == focused_shots[previous]:
                invisible[previous] = controls[previous]["what"]
        previous = current
    return Walk(controls, reached, focused_shots), invisible


@pytest.mark.parametrize("path", PATHS)
def test_tab_reaches_every_control_with_focus_visible(path, page, console, app_url):
    goto(page, app_url + path)
    walk, invisible = tab_walk(page)
    controls = walk.controls
    assert controls, "no interactive control found"
    groups_reached = {controls[i]["group"] for i in walk.reached}
    missed = [c["what"] for c in controls if c["group"] not in groups_reached]
    # A radio group or tab list counts once: report its members once.
    assert not missed, (
        f"{path}: Tab never reached {len(missed)} of {len(controls)} controls:\n  "
        + "\n  ".join(dict.fromkeys(missed))
    )
    assert not invisible, (
        f"{path}: no visible focus indicator (the control looks the same focused and not) on "
        f"{len(invisible)} control(s):\n  " + "\n  ".join(invisible.values())
    )
    assert console.errors == [], "\n".join(console.errors)


def tab_to(page: Page, locator, limit: int = 200) -> None:
    """Press Tab until `locator` (one element) holds the focus; fail after `limit` presses."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    pytest.fail(f"Tab did not reach {locator} in {limit} presses")


@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_controls_work_from_the_keyboard(app_page, page, console, app_url):
    """Space unticks an area, Space on "Select all areas" ticks it again, and Enter on the next
    page's navigation link opens that page, keeping the filter and language in the address."""
    goto(page, app_url + app_page.path)
    page.mouse.move(0, 0)
    area = ALL_AREAS[1]
    checkbox = sidebar(page).get_by_role("checkbox", name=area)
    tab_to(page, checkbox)
    before = page.url
    page.keyboard.press("Space")
    page.wait_for_function("u => location.href !== u", arg=before, timeout=15_000)
    settle(page)
    assert area not in ticked(page)
    assert len(url_areas(page.url)) == len(ALL_AREAS) - 1

    button = sidebar(page).get_by_role("button", name="Select all areas")
    tab_to(page, button)
    before = page.url
    page.keyboard.press("Space")
    page.wait_for_function("u => location.href !== u", arg=before, timeout=15_000)
    settle(page)
    assert ticked(page) == ALL_AREAS

    following = PAGES[(PAGES.index(app_page) + 1) % len(PAGES)]
    link = page.locator('[data-testid="stSidebarNavLink"]').filter(
        has=page.get_by_text(following.title, exact=True)
    )
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(app_url + following.path) + r"(\?.*)?$"))
    page.locator('[data-testid="stMain"] h1', has_text=following.title).wait_for()
    assert console.errors == [], "\n".join(console.errors)


def test_the_walk_finds_a_trap_and_a_control_without_focus_indicator(page, app_url):
    """The walk fails where it should: a button whose focus cannot be seen (no outline, no
    change at all) is reported, and so is every control after an input that keeps Tab from
    leaving it."""
    goto(page, app_url + "/sources")
    page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMainBlockContainer"]');
            const plain = document.createElement('button');
            plain.textContent = 'plain';
            plain.style.cssText = 'outline: none; border: 0; background: none; color: #111';
            const trap = document.createElement('input');
            trap.setAttribute('aria-label', 'trap');
            trap.addEventListener('keydown', e => { if (e.key === 'Tab') e.preventDefault(); });
            main.prepend(plain, trap);
        }"""
    )
    walk, invisible = tab_walk(page)
    assert list(invisible.values()) == ['button[submit] "plain"']
    groups_reached = {walk.controls[i]["group"] for i in walk.reached}
    missed = [c["what"] for c in walk.controls if c["group"] not in groups_reached]
    assert missed and 'input[text] "trap"' not in missed
    assert any("Link to heading" in m for m in missed), missed  # the page's, after the trap
