"""What a reader sees written, checked in the browser (issue 28): no English left on a Chinese
page, no link to another page of the app that opens a new tab, and a tab title that names the
page. Used by the page tests at 1280 px (tests/browser/test_pages.py, test_reader_text.py) and
at a phone's 390 px (tests/browser/test_languages.py), in both languages.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

# Text the check leaves out on a Chinese page, and why:
SKIPPED = ", ".join(
    (
        '[lang]:not(html):not([lang^="zh"])',  # marked as another language (a name, a source)
        "code",  # ids, addresses, versions, citations' addresses: shown exactly
        "pre",
        "blockquote",  # verbatim quotes stay their publishers' words
        "svg",  # the charts: checked by their own tests (titles, ticks, footers)
        '[data-testid="stIconMaterial"]',  # an icon's name is its ligature, not text
        '[data-testid="stSkipToContent"]',  # Streamlit's own skip link, English only
        'a[href^="http"]',  # an address shown as its link
    )
)
# Latin words a Chinese page writes as they are: formats, units and proper names, the
# language switch's "English" (each language in its own name), file names.
KEPT = {
    "api",
    "csv",
    "json",
    "excel",
    "parquet",
    "bibtex",  # citation and feed formats, named as they are
    "ris",
    "csl",
    "atom",
    "zip",
    "frictionless",
    "kb",
    "english",
    "open",  # "Open SDG", the method's model, a proper name
    "sdg",
    "mit",  # the code's licence, by its name (What's new, the release of 2026.12.06.2)
    "ecns",  # a publisher's name in Latin letters (China News Service's English site)
    # reporters' names in pinyin, as the publishers name them (sources.csv publisher_zh): the
    # stored copies do not give their characters
    "yanzheng",
    "guo",
    "jichuan",
    "han",
    "xin",
    "cui",
    "shuang",
    "yefan",
    "wang",
    "junling",
}
# Addresses and file names, written as they are: links, API paths, host names (a publisher
# such as policycn.com, a copy's site), a site's path (xwfb/bldhd), files.
_NOISE = re.compile(
    r"https?://\S+|/api/\S*|\b(?:[\w-]+\.)+[A-Za-z]{2,}\b|\b[a-z]+(?:/[a-z]+)+\b"
    r"|\b[\w.-]+\.(?:csv|json|zip|xlsx|atom)\b"
)
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")

_TEXTS = """(skipped) => {
    const root = document.querySelector('[data-testid="stApp"]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = [];
    while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (!element || element.closest(skipped) || !element.checkVisibility()) continue;
        // an icon font's ligature (a Material icon's name), not text
        if (getComputedStyle(element).fontFamily.includes('Material')) continue;
        const text = walker.currentNode.textContent.trim();
        if (text) out.push(text);
    }
    return out;
}"""


def english_on_chinese_page(page: Page) -> list[str]:
    """Every visible text of the page (main area and sidebar) that holds an English word, but
    those SKIPPED and KEPT."""
    found = []
    for text in page.evaluate(_TEXTS, SKIPPED):
        # without the word joiners that keep an address from being linked (tracker.text.md)
        words = _LATIN_WORD.findall(_NOISE.sub(" ", text.replace("\u2060", "")))
        if [w for w in words if w.casefold() not in KEPT]:
            found.append(text)
    return found


_LINKS = """() => [...document.querySelectorAll('[data-testid="stApp"] a[href]')]
    .map(a => [a.getAttribute('href'), a.getAttribute('target') || ''])"""


def internal_links_with_a_target(page: Page, base: str) -> list[tuple[str, str]]:
    """Links to a page of the app (not to its API's files, not to another site) that open
    anywhere but in the same tab."""
    out = []
    for href, target in page.evaluate(_LINKS):
        local = href[len(base) :] if href.startswith(base) else href
        if not local.startswith("/") or local.startswith(("//", "/api/")):
            continue
        if target not in ("", "_self"):
            out.append((href, target))
    return out


def internal_links(page: Page) -> list[str]:
    return [h for h, _ in page.evaluate(_LINKS) if h.startswith("/") and not h.startswith("/api/")]
