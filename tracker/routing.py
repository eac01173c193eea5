"""Addresses the app does not have: where they go, and what the page they land on says.

Streamlit serves its page (index.html) for any unknown address, and the page loads its scripts
relative to the address: at `/targets/x/y` they are looked for under `/targets/x/`, are not
found, and the page stays blank. `tracker.serve` therefore sends a browser that asks for an
address of more than one segment to the page of its first segment, with the address asked for
in `?not_found=`, and dashboard.py says that there is no such page. An unknown address of one
segment (`/nope`, `/overview`: the default page lives at `/`), which Streamlit would answer with
its own "Page not found" dialog (in English only: its texts are not translatable), is sent to
the Overview the same way, with the notice in the reader's language.

Pure functions (no Streamlit import): the server and the app script share them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from tracker.text import code

NOT_FOUND_PARAM = "not_found"
# The addresses of the app's pages but the default one (served at `/`): dashboard.py's
# st.Page url_paths (tests/app/test_serve.py keeps the two in step).
PAGE_PATHS = frozenset(
    {"work-areas", "priorities", "targets", "indicator", "data", "sources", "changes"}
)
MAX_SHOWN = 120  # characters of an unknown address repeated on the page

# Sent with every HTTP response of the app: no other site may frame it (clickjacking), no
# content is sniffed into another type, and no address of the app leaks to other sites.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Content-Security-Policy", "frame-ancestors 'self'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)
# An address with `embed=true` (Streamlit's chrome-less view, what the indicator page's "Embed"
# snippet frames) may be framed by any site; every other address keeps SECURITY_HEADERS. This
# is safe because the app is read-only: no login, no cookie that grants anything, no action
# that changes data; a framed reader can only filter what they see and download public data,
# so there is nothing a framing site could trick them into doing (clickjacking needs an action
# with an effect). The other headers stay.
EMBED_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", "frame-ancestors *"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


def security_headers(query: str) -> tuple[tuple[str, str], ...]:
    """The headers for a response to an address with this query string: EMBED_HEADERS when it
    asks for the embedded view (`embed=true`, as Streamlit reads it), else SECURITY_HEADERS."""
    embed = [v for k, v in parse_qsl(query, keep_blank_values=True) if k == "embed"]
    return EMBED_HEADERS if any(v.lower() == "true" for v in embed) else SECURITY_HEADERS


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def redirect_for(
    path: str,
    query: str,
    reserved: frozenset[str] | set[str],
    pages: frozenset[str] | set[str] = PAGE_PATHS,
) -> str | None:
    """Where a browser asking for the page at `path` (and `query`) is sent instead, or None.

    An address none of whose segments is one of Streamlit's own (`static`, `_stcore`, `media`,
    ...: `reserved`) is sent on when it is not a page (`pages`): to its first segment when that
    is a page, else to the Overview (`/`), keeping the query, with the address asked for in
    ?not_found=."""
    parts = segments(path)
    if not parts or any(p in reserved for p in parts):
        return None
    if len(parts) == 1 and parts[0] in pages:
        return None
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != NOT_FOUND_PARAM]
    params.append((NOT_FOUND_PARAM, "/" + "/".join(parts)))
    first = quote(parts[0], safe="") if parts[0] in pages else ""
    return "/" + first + "?" + urlencode(params)


def shown_address(asked: str) -> str:
    """An address from the URL, cut to MAX_SHOWN printable characters, backticks as quotes."""
    text = "".join(ch for ch in asked if ch.isprintable()).replace("`", "'")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def not_found_message(asked: str, page_title: str) -> str:
    """The notice for an address with no page: the address shown literally (a code span,
    `tracker.text.code`)."""
    return f"There is no page at {code(shown_address(asked))}. Showing {page_title} instead."
