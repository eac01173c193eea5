"""A source transcript shown whole, each quoted figure highlighted and linked to its indicator.

`highlight_html` renders the text as safe HTML: every character of the source is escaped, one
<p> per line, each quote in a <span class="quote ..."> with its label as a tooltip and each
figure in a <mark> holding a link. `figure_text` finds a figure's own words inside its quote.
`TRANSCRIPT_CSS` styles the result. No Streamlit, no DuckDB.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from etl.figures import missing
from etl.numbers import find_numbers, mention_matches

KINDS = ("observation", "target", "commitment")

# Okabe-Ito colours (safe for the common colour-vision deficiencies), as light tints so black
# text keeps its contrast; the kinds also differ by underline style, not by colour alone.
TRANSCRIPT_CSS = """
.transcript {
  line-height: 1.65;
  max-width: 48em;
  color: #1a1a1a;
}
.transcript p {
  margin: 0 0 0.9em 0;
}
/* A quote: a faint tint over its whole extent, underlined by kind. */
.transcript .quote {
  background-color: rgba(86, 180, 233, 0.12);   /* Okabe-Ito sky blue, faint */
  border-bottom: 1px dotted #5a5a5a;
}
.transcript .quote-observation { border-bottom-style: solid; }
.transcript .quote-target { border-bottom-style: dashed; }
.transcript .quote-commitment { border-bottom-style: dotted; }
/* A figure: a strong highlight, linked to its indicator. */
.transcript mark {
  background-color: #f0e442;                     /* Okabe-Ito yellow: observations */
  color: #000;
  padding: 0 0.15em;
  border-radius: 0.2em;
}
.transcript mark.figure-target {
  background-color: #a6d4f2;                     /* Okabe-Ito sky blue, light: targets */
  outline: 1px dashed #0072b2;
}
.transcript mark a {
  color: inherit;
  font-weight: 600;
  text-decoration: none;
}
.transcript mark a:hover,
.transcript mark a:focus-visible {
  text-decoration: underline;
  outline: 2px solid #0072b2;                    /* Okabe-Ito blue */
  outline-offset: 1px;
}
""".strip()


# --- finding a figure in its quote ------------------------------------------------------------


def figure_text(quote: str, value: float, comparator: str, unit: str) -> str | None:
    """The figure's text as it appears in its quote, or None if it cannot be found: the mention
    `etl.numbers` finds that states `value` in `unit`, preferring one read with the same
    `comparator` (validation guarantees every quoted figure is found this way).

    E.g. ("…has now exceeded 3.2 trillion yuan.", 3.2, ">", "trillion yuan") ->
    "exceeded 3.2 trillion yuan"; ("…empowering more than 3,400 companies.", 3400, ">",
    "count") -> "more than 3,400".
    """
    if missing(value):
        return None
    found = [m for m in find_numbers(quote) if mention_matches(m, float(value), unit)]
    if not found:
        return None
    best = next((m for m in found if m.comparator == comparator), found[0])
    return quote[best.start : best.end].strip()


# --- rendering --------------------------------------------------------------------------------


@dataclass
class _Range:
    start: int
    end: int
    rank: int  # 0 paragraph, 1 quote, 2 figure: lower ranks enclose higher ones
    labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    anchor: str | None = None

    def open_tag(self) -> str:
        if self.rank == 0:
            return "<p>"
        title = html.escape("\n".join(self.labels), quote=True)
        if self.rank == 1:
            classes = " ".join(["quote", *(f"quote-{k}" for k in self.kinds)])
            return f'<span class="{html.escape(classes, quote=True)}" title="{title}">'
        classes = " ".join(["figure", *(f"figure-{k}" for k in self.kinds)])
        href = html.escape(anchor_href(self.anchor or ""), quote=True)
        return f'<mark class="{html.escape(classes, quote=True)}" title="{title}"><a href="{href}">'

    def close_tag(self) -> str:
        return ("</p>", "</span>", "</a></mark>")[self.rank]


def anchor_href(anchor: str) -> str:
    """An href for an anchor: "#id" for a bare id or fragment; an http(s) URL or a relative
    path ("/...", "?...") as is. Anything else (e.g. "javascript:...") becomes a fragment."""
    if anchor.startswith(("#", "/", "?")) or re.match(r"^https?://", anchor, re.IGNORECASE):
        return anchor
    return "#" + anchor


def _add_unique(items: list[str], item: str) -> None:
    if item and item not in items:
        items.append(item)


def _locate(text: str, spans: Sequence[dict[str, Any]]) -> tuple[list[_Range], list[_Range]]:
    """Quote ranges (identical quotes merged) and figure ranges (overlapping figures merged)."""
    quotes: dict[tuple[int, int], _Range] = {}
    figures: list[_Range] = []
    for span in spans:
        quote = span.get("quote") or ""
        if not quote:
            raise ValueError(f"empty quote in span {span!r}")
        start = text.find(quote)
        if start < 0:
            raise ValueError(f"quote not found in the text: {quote!r}")
        end = start + len(quote)
        label = str(span.get("label") or "")
        kind = str(span.get("kind") or "")
        q = quotes.setdefault((start, end), _Range(start, end, 1))
        _add_unique(q.labels, label)
        _add_unique(q.kinds, re.sub(r"[^a-z0-9_-]", "", kind.lower()))

        figure = span.get("figure")
        if not figure:
            continue
        occurrences = [m.start() for m in re.finditer(re.escape(figure), quote)]
        if not occurrences:
            raise ValueError(f"figure {figure!r} not found in its quote: {quote!r}")
        # The first occurrence no other span has claimed (two spans, one figure text each).
        claimed = {(f.start, f.end) for f in figures}
        chosen = next(
            (o for o in occurrences if (start + o, start + o + len(figure)) not in claimed),
            occurrences[0],
        )
        f = _Range(start + chosen, start + chosen + len(figure), 2, anchor=span.get("anchor"))
        _add_unique(f.labels, label)
        _add_unique(f.kinds, re.sub(r"[^a-z0-9_-]", "", kind.lower()))
        figures.append(f)

    # Overlapping figures become one mark (the first span's anchor, every label).
    merged: list[_Range] = []
    for f in sorted(figures, key=lambda r: (r.start, -r.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            last.end = max(last.end, f.end)
            for label in f.labels:
                _add_unique(last.labels, label)
            for kind in f.kinds:
                _add_unique(last.kinds, kind)
            last.anchor = last.anchor or f.anchor
        else:
            merged.append(f)
    return list(quotes.values()), merged


def highlight_html(text: str, spans: list[dict]) -> str:
    """The whole text as safe HTML with each quote and figure highlighted.

    Each span is a dict: `quote` (a verbatim substring of `text`), `figure` (the figure's text
    inside the quote, or None for a qualitative quote), `label` (the tooltip), `anchor` (an id,
    "#fragment" or URL for the figure's link) and `kind` (observation, target or commitment).

    Output: ``<div class="transcript">`` holding one ``<p>`` per line of `text` (lines joined by
    the original newlines), each quote in ``<span class="quote quote-<kind>" title="label">``
    and each figure in ``<mark class="figure figure-<kind>" title="label"><a href="#anchor">``.
    Identical quotes share one span (classes and labels combined); overlapping figures share one
    mark; quotes that cross each other or a line break are split so the tags nest properly
    (each piece carries the same classes and title). All source text, labels and anchors are
    escaped. Removing the tags and unescaping gives back `text` exactly.

    Raises ValueError naming a quote that is not in `text` (or a figure not in its quote).
    """
    quotes, figures = _locate(text, spans)
    paragraphs = []
    pos = 0
    for line in text.split("\n"):
        if line:
            paragraphs.append(_Range(pos, pos + len(line), 0))
        pos += len(line) + 1
    ranges = paragraphs + quotes + figures
    newline_at = {i for i, ch in enumerate(text) if ch == "\n"}

    cuts = sorted(
        {0, len(text), *newline_at, *(i + 1 for i in newline_at)}
        | {r.start for r in ranges}
        | {r.end for r in ranges}
    )
    out = ['<div class="transcript">']
    stack: list[_Range] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        if a in newline_at:
            wanted: list[_Range] = []
        else:
            wanted = sorted(
                (r for r in ranges if r.start <= a and b <= r.end),
                key=lambda r: (r.rank, r.start, -r.end),
            )
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(stack.pop().close_tag())
        for r in wanted[keep:]:
            out.append(r.open_tag())
            stack.append(r)
        out.append(html.escape(text[a:b], quote=True))
    while stack:
        out.append(stack.pop().close_tag())
    out.append("</div>")
    return "".join(out)
