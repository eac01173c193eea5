"""tracker.text: every hostile string is shown as its characters, in Streamlit's Markdown and in
Plotly's text.

Markdown is checked two ways: rendered by a CommonMark parser (markdown-it-py, with GFM tables
and strikethrough), the escaped text gives one paragraph of exactly the original characters
and no other element; and the text nodes that result match none of the patterns Streamlit
1.67's Markdown rewrites after parsing (copied from its frontend bundle, StreamlitMarkdown:
emoji, icons, the logo, arrows; and GFM's literal autolinks). The browser test
(tests/browser/test_hostile.py) shows the same in Chromium.
"""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from tests.fixtures.hostile_dataset import HOSTILE, PAYLOAD
from tracker import text

EXTRA = [
    ("empty", ""),
    ("spaces", "   indented code?"),
    ("tab", "\tTAB"),
    ("newlines", "first\n\n# second\n- third\r\n> fourth"),
    ("setext", "title\n====="),
    ("html comment", "<!-- hidden -->"),
    ("unicode", "“十四五”智能制造 ≥ 90% · R&D"),
    ("trailing backslash", "ends with \\"),
    ("hard break", "two spaces  \nthen"),
    ("control", "a\x00b\x1bc"),
    ("ordered list", "1. ONE"),
    ("ids", "t-cnc-68 GB/T 39116"),
    ("time", "10:30 a:b"),
    ("mailto", "mailto:someone@evil.example"),
    ("https upper", "HTTPS://EVIL.EXAMPLE WWW.EVIL.EXAMPLE"),
    ("latex env", "\\begin{equation}x\\end{equation}"),
    ("emoji plus", ":+1: :-1:"),
]
CASES = HOSTILE + EXTRA
IDS = [name for name, _ in CASES]

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Streamlit 1.67's text-node rewrites (StreamlitMarkdown bundle) and GFM's literal autolinks
# (mdast-util-gfm-autolink-literal): none may match the text a value renders to.
TEXT_NODE_PATTERNS = [
    re.compile(r":\+1:|:-1:|:[A-Za-z0-9_-]+:"),  # remark-emoji
    re.compile(r":material_(\w+):"),  # Streamlit's icons
    re.compile(r":streamlit:"),  # Streamlit's logo
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),  # Streamlit's typography
    re.compile(r"https?://", re.IGNORECASE),  # literal autolinks
    re.compile(r"www(?=\.)", re.IGNORECASE),
    re.compile(r"[-.\w+]+@[-\w]+(\.[-\w]+)+"),  # e-mail autolink
]
# Streamlit loads KaTeX when the source (code spans and escapes removed) has maths in it.
STREAMLIT_MATH_SKIP = re.compile(
    r"(?:^|(?<=\n)) {0,3}(`{3,}|~{3,})[\s\S]*?(?:\n[ \t]*\1|$)|(?<!`)(`+)[^`\n]+\2(?!`)|\\[\\$`]"
)
STREAMLIT_MATH = [
    re.compile(r"(?<!\$)\$\$+(?!\$)[\s\S]*?\$\$"),
    re.compile(r"(?<!\$)\$(?![\s$])[^$\n]*?[^\s$]\$(?!\d)"),
]


def one_line(value: str) -> str:
    """What md() promises to show: the value on one line, control characters dropped."""
    value = re.sub(r"\s*[\r\n]+\s*", " ", value)
    return re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", value).strip(" \t")


def rendered_text(markdown: str) -> str:
    out = PARSER.render(markdown)
    if not out:
        return ""
    assert out.startswith("<p>") and out.endswith("</p>\n"), out
    inner = out[len("<p>") : -len("</p>\n")]
    assert "<" not in inner, f"an element was made: {out}"
    return html.unescape(inner)


@pytest.mark.parametrize(("name", "value"), CASES, ids=IDS)
def test_md_renders_exactly_the_characters(name, value):
    shown = rendered_text(text.md(value))
    assert shown.replace(text.WORD_JOINER, "") == one_line(value)


@pytest.mark.parametrize(("name", "value"), CASES, ids=IDS)
def test_md_leaves_nothing_for_streamlits_text_rewrites(name, value):
    shown = rendered_text(text.md(value))
    for pattern in TEXT_NODE_PATTERNS:
        assert not pattern.search(shown), (pattern.pattern, shown)
    source = STREAMLIT_MATH_SKIP.sub("_", text.md(value))
    assert not any(p.search(source) for p in STREAMLIT_MATH), source
    assert ":material/" not in text.md(value)  # rewritten in the raw source by Streamlit


def test_the_hostile_strings_are_interpreted_without_it():
    """The check above can fail: unescaped, the payload makes elements and matches patterns."""
    out = PARSER.render(PAYLOAD)
    assert "<a href" in out and "<img" in out and "<strong>" in out and "<s>" in out
    assert any(p.search(PAYLOAD) for p in TEXT_NODE_PATTERNS)
    assert any(p.search(PAYLOAD) for p in STREAMLIT_MATH)


def test_md_of_missing_values_is_empty():
    assert text.md(None) == text.md(float("nan")) == ""


@pytest.mark.parametrize(("name", "value"), CASES, ids=IDS)
def test_code_span_holds_the_characters(name, value):
    span = text.code(value)
    if not one_line(value):
        assert span == ""
        return
    out = PARSER.render(span)
    found = re.fullmatch(r"<p><code>(.*)</code></p>\n", out, re.DOTALL)
    assert found, out
    # CommonMark strips one space of padding on each side of a code span.
    assert html.unescape(found.group(1)).replace(text.WORD_JOINER, "") == one_line(value)


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative",
        "http://",
        "",
        None,
    ],
)
def test_link_to_anything_but_http_is_plain_text(address):
    out = PARSER.render(text.link("Title [x](http://evil.example)", address))
    assert "<a" not in out
    assert "Title [x](http:" in html.unescape(out).replace(text.WORD_JOINER, "")


@pytest.mark.parametrize(
    ("address", "href"),
    [
        ("https://example.org/plan", "https://example.org/plan"),
        ("http://example.org/a b", "http://example.org/a%20b"),
        ("https://example.org/x)(y", "https://example.org/x%29%28y"),
        ('https://example.org/"><script>', "https://example.org/%22%3E%3Cscript%3E"),
        # the parser writes [ ] as %5B %5D; the browser reads both the same
        ("https://example.org/?q=1&r=[2]#f", "https://example.org/?q=1&r=%5B2%5D#f"),
        (
            "https://例子.中国/路径",
            "https://%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD/%E8%B7%AF%E5%BE%84",
        ),
    ],
)
def test_link_to_http_is_one_link_with_a_literal_label(address, href):
    out = PARSER.render(text.link("**Title** <b>x</b>", address))
    links = re.findall(r'<a href="([^"]*)">(.*?)</a>', out)
    assert len(links) == 1 and out.count("<a ") == 1, out
    assert html.unescape(links[0][0]) == href
    assert html.unescape(links[0][1]) == "**Title** <b>x</b>"


# Plotly's pseudo-HTML (src/lib/svg_text_utils.js): tags and entities.
PLOTLY_TAG = re.compile(r"<[^<>]*>")
PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")


def plotly_shows(value: str) -> str:
    """The characters Plotly shows for a string with no tags: its entities decoded."""
    return PLOTLY_ENTITY.sub(lambda m: html.unescape(m.group(0)), value)


@pytest.mark.parametrize(("name", "value"), CASES, ids=IDS)
def test_plot_text_has_no_tag_and_shows_the_characters(name, value):
    escaped = text.plot(value)
    assert not PLOTLY_TAG.search(escaped), escaped
    assert plotly_shows(escaped) == re.sub(
        r"[\x00-\x08\x0e-\x1f\x7f]", "", re.sub(r"\s*[\r\n]+\s*", " ", value)
    )


def test_plot_text_keeps_plain_characters_readable():
    assert text.plot("> 340 · R&D ≥ 90%") == "> 340 · R&D ≥ 90%"
    assert text.plot("<b>x</b> &amp;") == "&lt;b>x&lt;/b> &amp;amp;"
