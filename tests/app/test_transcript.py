"""The transcript view: the whole text, each quote and figure highlighted and linked.

Checked on the real press-conference transcript with the curated rows quoting it, and on
synthetic texts for escaping, overlapping quotes and missing quotes.
"""

from __future__ import annotations

import csv
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.transcript import (
    TRANSCRIPT_CSS,
    anchor_href,
    figure_text,
    highlight_html,
)

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
SOURCE_ID = "scio-2024-04-18"
TRANSCRIPT = DATASETS / "sources" / "scio-2024-04-18-shan-zhongde.en.txt"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


UNITS = {r["indicator_id"]: r["unit"] for r in rows("indicators")}
NAMES = {r["indicator_id"]: r["name_en"] for r in rows("indicators")}


def figure_rows() -> list[tuple[str, dict[str, str]]]:
    """(kind, row) for the observations and targets quoting the transcript."""
    return [
        (kind, r)
        for kind, name in (("observation", "observations"), ("target", "targets"))
        for r in rows(name)
        if r["source_id"] == SOURCE_ID
    ]


def row_id(kind: str, row: dict[str, str]) -> str:
    return row["observation_id"] if kind == "observation" else row["target_id"]


def real_spans() -> list[dict]:
    spans = []
    for kind, r in figure_rows():
        unit = UNITS[r["indicator_id"]]
        figure = figure_text(r["quote"], float(r["value"]), r["comparator"], unit)
        when = r.get("as_of") or r["deadline"]
        spans.append(
            {
                "quote": r["quote"],
                "figure": figure,
                "label": f"{NAMES[r['indicator_id']]}: {figure} ({when})",
                "anchor": f"{kind}-{row_id(kind, r)}",
                "kind": kind,
            }
        )
    for r in rows("commitments"):
        if r["source_id"] == SOURCE_ID:
            spans.append(
                {
                    "quote": r["quote"],
                    "figure": None,
                    "label": r["text"],
                    "anchor": f"commitment-{r['commitment_id']}",
                    "kind": "commitment",
                }
            )
    return spans


class Tree(HTMLParser):
    """Records each element with its attributes, text and ancestors; fails on bad nesting."""

    VOID = frozenset({"br", "hr", "img", "meta", "link", "input"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "parents": list(self.stack)}
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1]["tag"] == tag, f"</{tag}> closes <{self.stack[-1]['tag']}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for element in self.stack:
            element["text"].append(data)

    @classmethod
    def of(cls, markup: str) -> Tree:
        tree = cls()
        tree.feed(markup)
        tree.close()
        assert not tree.stack, "unclosed tags"
        return tree

    def find(self, tag: str) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag]


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


@pytest.fixture(scope="module")
def transcript() -> str:
    return TRANSCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(transcript) -> str:
    return highlight_html(transcript, real_spans())


# --- the real transcript ----------------------------------------------------------------------


def test_the_transcript_has_figure_rows_to_show():
    assert len(figure_rows()) >= 9  # 8 observations and the 2025 goal at the time of writing


@pytest.mark.parametrize(
    ("kind", "row"), figure_rows(), ids=[row_id(k, r) for k, r in figure_rows()]
)
def test_every_figure_is_found_in_its_quote(kind, row):
    unit = UNITS[row["indicator_id"]]
    figure = figure_text(row["quote"], float(row["value"]), row["comparator"], unit)
    assert figure and figure in row["quote"]
    digits = re.sub(r"\.0$", "", row["value"])
    assert digits in figure.replace(",", "")


@pytest.mark.parametrize(
    ("kind", "row"), figure_rows(), ids=[row_id(k, r) for k, r in figure_rows()]
)
def test_every_figure_is_marked_once_and_linked_to_its_anchor(rendered, kind, row):
    tree = Tree.of(rendered)
    links = [a for a in tree.find("a") if a["attrs"]["href"] == f"#{kind}-{row_id(kind, row)}"]
    assert len(links) == 1
    mark = links[0]["parents"][-1]
    assert mark["tag"] == "mark" and f"figure-{kind}" in mark["attrs"]["class"].split()
    unit = UNITS[row["indicator_id"]]
    figure = figure_text(row["quote"], float(row["value"]), row["comparator"], unit)
    assert "".join(mark["text"]) == figure
    assert rendered.count(f">{html.escape(figure)}</a></mark>") == 1
    quote_spans = [
        p for p in mark["parents"] if p["tag"] == "span" and "quote" in p["attrs"]["class"].split()
    ]
    assert ["".join(p["text"]) for p in quote_spans] == [row["quote"]]


def test_marks_and_links_pair_up(rendered):
    tree = Tree.of(rendered)
    marks, links = tree.find("mark"), tree.find("a")
    assert len(marks) == len(links) == len(figure_rows())
    for link in links:
        assert link["parents"][-1]["tag"] == "mark"
    assert len({link["attrs"]["href"] for link in links}) == len(links)


def test_the_visible_text_is_the_transcript_exactly(transcript, rendered):
    assert visible_text(rendered) == transcript
    assert "".join(Tree.of(rendered).text) == transcript


def test_every_quote_is_wrapped_and_titled(transcript, rendered):
    quotes = {s["quote"] for s in real_spans()}
    spans = [s for s in Tree.of(rendered).find("span") if "quote" in s["attrs"]["class"].split()]
    assert {"".join(s["text"]) for s in spans} == quotes  # none split, identical ones merged
    assert all(s["attrs"]["title"] for s in spans)


def test_one_paragraph_per_line(transcript, rendered):
    paragraphs = Tree.of(rendered).find("p")
    assert ["".join(p["text"]) for p in paragraphs] == [x for x in transcript.split("\n") if x]


def test_a_commitment_quote_equal_to_an_observation_quote_is_one_span(rendered):
    spans = [s for s in Tree.of(rendered).find("span") if "quote" in s["attrs"]["class"].split()]
    companies = next(s for s in spans if "3,400" in "".join(s["text"]))
    assert {"quote-observation", "quote-commitment"} <= set(companies["attrs"]["class"].split())
    assert len([s for s in spans if "3,400" in "".join(s["text"])]) == 1


def test_two_figures_in_one_sentence_are_two_marks_in_one_span(rendered):
    tree = Tree.of(rendered)
    marks = [m for m in tree.find("mark") if "".join(m["text"]) in ("421", "more than 10,000")]
    assert len(marks) == 2
    assert marks[0]["parents"][-1] is marks[1]["parents"][-1]


# --- figure_text ------------------------------------------------------------------------------

FIGURES = [
    (
        "The total output value of China's intelligent manufacturing equipment sector has now "
        "exceeded 3.2 trillion yuan.",
        3.2, ">", "trillion yuan", "exceeded 3.2 trillion yuan",
    ),
    (
        "Solutions … have also achieved significant breakthroughs, empowering more than 3,400 "
        "companies.",
        3400, ">", "count", "more than 3,400",
    ),
    ("Technologies such as AI are now applied in over 90% of these plants.", 90, ">", "percent",
     "over 90%"),
    ("As a result, we have cultivated 421 national demonstration factories and more than 10,000 "
     "provincial-level digital workshops.", 421, "=", "count", "421"),
    ("As a result, we have cultivated 421 national demonstration factories and more than 10,000 "
     "provincial-level digital workshops.", 10000, ">", "count", "more than 10,000"),
    ("We have issued 408 national standards and led the formulation of 48 international standards",
     48, "=", "count", "48"),
    ("70%的规模以上制造业企业基本实现数字化网络化", 70, ">=", "percent", "70%"),
    ("产业规模突破3.2万亿元", 3.2, ">", "trillion yuan", "突破3.2万亿元"),
    ("建成500个以上引领行业发展的智能制造示范工厂", 500, ">=", "count", "500个以上"),
]  # fmt: skip


@pytest.mark.parametrize(("quote", "value", "comparator", "unit", "expected"), FIGURES)
def test_figure_text(quote, value, comparator, unit, expected):
    assert figure_text(quote, value, comparator, unit) == expected


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        ("We will build 5G networks.", 5, "count"),
        ("over 150 providers", 15, "count"),
        ("three consecutive years", 3, "count"),
        ("exceeding 1 billion yuan", 1, "trillion yuan"),
    ],
)
def test_figure_text_is_none_when_the_value_is_not_stated(quote, value, unit):
    assert figure_text(quote, value, "=", unit) is None


# --- safety and edge cases --------------------------------------------------------------------


def span(quote, figure, label="", anchor="a", kind="observation") -> dict:
    return {"quote": quote, "figure": figure, "label": label, "anchor": anchor, "kind": kind}


NASTY = (
    'Intro <script>alert("x")</script> & more.\nThe share rose to 5 < 6 "over 90%" & <b>bold</b>.'
)


def test_source_text_labels_and_anchors_are_escaped():
    spans = [
        {
            "quote": 'The share rose to 5 < 6 "over 90%" & <b>bold</b>.',
            "figure": "over 90%",
            "label": 'He said "<img src=x onerror=alert(1)>"',
            "anchor": 'x"><script>alert(2)</script>',
            "kind": "observation",
        }
    ]
    out = highlight_html(NASTY, spans)
    assert "<script" not in out and "<b>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert visible_text(out) == NASTY
    tree = Tree.of(out)
    assert {e["tag"] for e in tree.elements} == {"div", "p", "span", "mark", "a"}
    assert tree.find("a")[0]["attrs"]["href"] == '#x"><script>alert(2)</script>'
    assert tree.find("mark")[0]["attrs"]["title"] == spans[0]["label"]


def test_a_missing_quote_raises_naming_it(transcript):
    quote = "We have cultivated 999 national demonstration factories."
    spans = [
        *real_spans(),
        {"quote": quote, "figure": "999", "label": "", "anchor": "a", "kind": "observation"},
    ]
    with pytest.raises(ValueError, match=re.escape(quote)):
        highlight_html(transcript, spans)


def test_a_figure_missing_from_its_quote_raises():
    with pytest.raises(ValueError, match="42"):
        highlight_html(
            "It is 41.",
            [{"quote": "It is 41.", "figure": "42", "label": "", "anchor": "a", "kind": "target"}],
        )


def test_crossing_quotes_and_a_quote_across_lines_still_nest():
    text = "Alpha beta gamma.\nDelta 12 epsilon zeta 34 eta."
    spans = [
        span("beta gamma.\nDelta 12", "12", "A", "a", "target"),
        span("Delta 12 epsilon zeta 34", "34", "B", "b"),
        span("epsilon zeta 34 eta.", "34", "C", "c"),
    ]
    out = highlight_html(text, spans)
    tree = Tree.of(out)  # asserts proper nesting
    assert visible_text(out) == text
    marks = tree.find("mark")
    assert ["".join(m["text"]) for m in marks] == ["12", "34"]  # 34 marked once for B and C
    assert marks[1]["attrs"]["title"] == "B\nC"
    assert [a["attrs"]["href"] for a in tree.find("a")] == ["#a", "#b"]


def test_the_same_figure_twice_in_one_quote_is_marked_twice_for_two_rows():
    text = "It grew from 5 to 5 again."
    spans = [
        {"quote": text, "figure": "5", "label": "first", "anchor": "one", "kind": "observation"},
        {"quote": text, "figure": "5", "label": "second", "anchor": "two", "kind": "observation"},
    ]
    tree = Tree.of(highlight_html(text, spans))
    assert [a["attrs"]["href"] for a in tree.find("a")] == ["#one", "#two"]
    assert len(tree.find("span")) == 1


@pytest.mark.parametrize(
    ("anchor", "href"),
    [
        ("indicator-equipment_output_value", "#indicator-equipment_output_value"),
        ("#already", "#already"),
        ("https://example.org/x#y", "https://example.org/x#y"),
        ("/indicators?id=x", "/indicators?id=x"),
        ("javascript:alert(1)", "#javascript:alert(1)"),
    ],
)
def test_anchor_href(anchor, href):
    assert anchor_href(anchor) == href


def test_the_css_styles_quotes_and_marks():
    for selector in (".transcript", ".quote", "mark", ".figure-target", "a:focus-visible"):
        assert selector in TRANSCRIPT_CSS
    assert "<" not in TRANSCRIPT_CSS


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab <>&\"'\n中1")), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 39), st.integers(1, 12)), max_size=6),
)
def test_any_quotes_keep_the_text_and_nest(text, picks):
    spans = []
    for start, length in picks:
        quote = text[start : start + length]
        if quote:
            figure = quote[: max(1, len(quote) // 2)]
            spans.append(
                {"quote": quote, "figure": figure, "label": quote, "anchor": "x", "kind": "target"}
            )
    out = highlight_html(text, spans)
    assert visible_text(out) == text
    Tree.of(out)
