"""Text from the data or the address, shown as text: nothing in it is interpreted.

Pure functions, no Streamlit. Every string that comes from the database (names, definitions,
notes, quotes, source titles and publishers, ...) or from the page address must pass through
one of them on its way to something that interprets markup:

- `md`: Markdown as Streamlit 1.67 renders it (`st.markdown`, `st.caption`, headers, tabs,
  checkbox and metric labels, `help` tooltips, `st.info`/`st.warning` bodies). Streamlit parses
  CommonMark + GFM (tables, autolinked `http://...`, `www.` and e-mail addresses), maths
  (`$...$`, `$$...$$`), directives (`:red[...]`, `:small[...]`, `:help[...]`), raw HTML
  (dropped), and then rewrites text nodes: emoji and icon shortcodes (`:smile:`,
  `:material/home:`, `:streamlit:`) and typographic arrows (` -> `, ` >= `, ` -- `).
  CommonMark lets any ASCII punctuation character be escaped with a backslash, which stops
  every construct that starts with one (links, images, emphasis, maths, directives, HTML,
  entities, autolinks, block markers). The text-node rewrites happen after the escapes are
  resolved, and so are GFM's literal autolinks (mdast-util-gfm-autolink-literal finds
  `https?://`, `www.` and `name@host.tld` in text nodes): all of these are broken instead with
  an invisible WORD JOINER (U+2060) inside the pattern: after every `:` and `@`, between `www`
  and `.`, and inside the arrow pairs. Line breaks become spaces: a value is one run of inline
  text, never a new block.
- `code`: a Markdown code span holding the text exactly (for ids and addresses).
- `link`: a Markdown link to an http(s) address only; anything else is shown as text.
- `same_tab_link`: a link to a page of this app, opening in the same tab (inline HTML).
- `plot`: Plotly text (titles, tick labels, text labels, hover and customdata): Plotly renders
  a subset of HTML (`<b>`, `<i>`, `<a href>`, `<span style>`, `<br>`, entities), so `<` and
  an `&` that starts an entity become entities, which Plotly shows as the characters.

Dataframe cells (`st.dataframe`) are not Markdown and need none of this.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urlsplit

WORD_JOINER = "\u2060"
# Every ASCII punctuation character: CommonMark's "backslash escapes".
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# Patterns matched in text nodes, after escapes are resolved: shortcodes (remark-emoji
# /:\+1:|:-1:|:[\w-]+:/, Streamlit's /:material_(\w+):/ and /:streamlit:/), literal autolinks
# (/https?:\/\//, /www(?=\.)/, e-mail addresses), and Streamlit's typographic replacements
# (" -> ", " <- ", " <-> ", " -- ", " >= ", " <= ", " ~= "). A word joiner goes after every
# ":" and "@", between "www" and ".", and between the two characters of each pair.
_AFTER = re.compile(r"(?<=[:@])")
_WWW = re.compile(r"(?<=www)(?=\.)", re.IGNORECASE)
_ARROWS = re.compile(r"(?<=[<\-~>])(?=[>\-=])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _plain(value: Any) -> str:
    """The value as one line of text: None/NaN -> "", line breaks -> a space, control
    characters dropped."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN, NaT
            return ""
    except (TypeError, ValueError):
        pass
    text = str(value)
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def md(value: Any) -> str:
    """`value` as Markdown that Streamlit renders as exactly its characters (one line)."""
    text = _plain(value)
    for pattern in (_AFTER, _WWW, _ARROWS):
        text = pattern.sub(WORD_JOINER, text)
    text = _PUNCTUATION.sub(r"\\\1", text)
    # A leading run of spaces would be an indented code block; keep one at most.
    return text.strip(" \t")


def code(value: Any) -> str:
    """A Markdown code span showing `value` exactly (one line). Inside a code span nothing is
    interpreted; the fence is one backtick longer than any run of backticks in the text.
    Streamlit rewrites the raw source's ":material/" before parsing, so that colon gets a word
    joiner."""
    text = _plain(value).strip(" \t").replace(":material/", ":" + WORD_JOINER + "material/")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text.strip() == "" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def http_url(value: Any) -> str | None:
    """The address if it is an absolute http(s) URL with a host, else None."""
    text = _plain(value).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


# Kept as they are in a link destination; everything else is percent-encoded (spaces,
# parentheses, quotes, angle brackets, backslashes, backticks, non-ASCII).
_URL_SAFE = "/:?#[]@!$&*+,;=%~-._"


def url(value: Any) -> str:
    """An http(s) address as a Markdown link destination (percent-encoded so that nothing in
    it ends the link); "" when it is not http(s)."""
    address = http_url(value)
    return quote(address, safe=_URL_SAFE) if address else ""


def link(label: Any, address: Any) -> str:
    """A Markdown link with a literal label to an http(s) address; just the label (literal)
    when the address is not http(s)."""
    target = url(address)
    shown = md(label)
    return f"[{shown}]({target})" if target else shown


def same_tab_link(label: str, address: str) -> str:
    """A link to a page of this app that opens in the same tab, as inline HTML: Streamlit opens
    every Markdown link (`[label](address)`) in a new tab, but keeps the `target` of an HTML
    `<a>` (shown with `unsafe_allow_html=True`). `label` is Markdown already made literal (`md`,
    which escapes `<`, so no tag can start in it); `address` a path on this site."""
    if not address.startswith("/") or address.startswith("//"):
        raise ValueError(f"not a path on this site: {address!r}")
    return f'<a href="{html.escape(address, quote=True)}" target="_self">{label}</a>'


# Plotly's pseudo-HTML: a tag is /<[^<>]*>/ and an entity /&(#\d+|#x[\da-f]+|[a-z]+);/i. With
# every "<" escaped no tag can start, and with every "&" that begins an entity escaped no
# entity is decoded; a lone ">" or "&" ("> 340", "R&D") is shown as it is and stays readable
# in the figure's JSON.
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def plot(value: Any) -> str:
    """`value` as Plotly text (titles, tick labels, text labels, hover, customdata): `<` as
    `&lt;` and an `&` that would begin an entity as `&amp;`, which Plotly shows as the
    characters, so no tag (`<b>`, `<a href>`, `<span style>`, `<br>`) or entity in the data is
    rendered; line breaks as spaces (Plotly's own line break is `<br>`, which callers add)."""
    return _ENTITY_START.sub("&amp;", _plain(value)).replace("<", "&lt;")


# --- width ------------------------------------------------------------------------------------

WIDE_FROM = "\u2e81"  # from here on a character (CJK) is about twice as wide as a Latin one


def is_wide(char: str) -> bool:
    return char >= WIDE_FROM


def text_width(text: str) -> int:
    """A text's width in Latin characters, a wide (CJK) character counting two: the one width
    rule of chart lines and spreadsheet columns."""
    return sum(2 if is_wide(c) else 1 for c in text)


def slug(text: str) -> str:
    """`text` as an address fragment or file name: lower-case letters and digits, runs of
    anything else as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
