"""WCAG 2.1 AA, tested: axe-core (Deque's engine, shipped inside the `axe-playwright-python`
package; its version is AXE_VERSION below and in docs/accessibility.md) run in Chromium with the
WCAG 2.0 and 2.1 A and AA rules on every page, including the indicator page with and without an
id, in English and in Chinese. Any violation, of any impact, fails, naming the rule, its impact
and the selectors of the elements that break it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.pages import PAGES
from tests.browser.streamlit_page import goto

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]

# The WCAG 2.0 and 2.1 levels A and AA (axe's tags): "AA" means A and AA together.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_VERSION = "4.12.1"  # the axe.min.js that axe-playwright-python 0.1.8 ships
INDICATOR_ID = "key_process_cnc_rate"

# Every address of the app: each page of tests/browser/pages.py, and the indicator page with an
# id as well as without.
PATHS = [p.path for p in PAGES] + [f"/indicator?id={INDICATOR_ID}"]


def with_lang(path: str, lang: str) -> str:
    if lang == "en":
        return path
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def axe_run(page) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results.response


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"]:
            target = " > ".join(t if isinstance(t, str) else " >> ".join(t) for t in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").strip().splitlines()
            if len(summary) > 1:
                lines.append(f"      {summary[1].strip()}")
    return "\n".join(lines)


def test_axe_is_the_documented_version():
    """docs/accessibility.md names the axe-core version the tests run."""
    from axe_playwright_python.base import AXE_SCRIPT

    found = re.search(r"axe v(\d+\.\d+\.\d+)", AXE_SCRIPT[:200])
    assert found and found.group(1) == AXE_VERSION
    statement = (REPO / "docs" / "accessibility.md").read_text(encoding="utf-8")
    assert f"axe-core **{AXE_VERSION}**" in statement


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PATHS)
def test_no_wcag_aa_violations(path, lang, page, console, app_url):
    goto(page, app_url + with_lang(path, lang))
    response = axe_run(page)
    assert response["testEngine"]["version"] == AXE_VERSION
    violations = response["violations"]
    assert not violations, (
        f"axe-core {AXE_VERSION}, WCAG 2.1 AA, {with_lang(path, lang)}: "
        f"{len(violations)} rule(s) broken\n" + describe(violations)
    )
    assert console.errors == [], "\n".join(console.errors)
