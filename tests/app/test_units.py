"""Formatting, status styles and the area filter."""

from datetime import date

import pytest

from etl import figures as fmt
from etl.schema import STATUSES
from tracker import filters, status_style

KNOWN = ["technological_breakthroughs", "standards", "applications"]


def test_figure_keeps_the_comparator():
    assert fmt.figure_text(340, ">", "count") == "> 340"
    assert fmt.figure_text(340, ">", "count", words=True) == "more than 340"
    assert fmt.figure_text(3400, ">=", "count") == "≥ 3,400"
    assert fmt.figure_text(90, ">", "percent") == "> 90%"
    assert fmt.figure_text(3.2, ">", "trillion yuan", words=True) == "more than 3.2 trillion yuan"
    assert fmt.figure_text(421, "=", "count") == "421"
    assert fmt.figure_text(83.5, "~", "percent", words=True) == "about 83.5%"
    assert fmt.figure_text(None, ">", "count") == "no reported value"
    assert fmt.figure_text(float("nan"), ">", "count") == "no reported value"


def test_dates_respect_precision():
    assert fmt.show_date(date(2025, 11, 1), "month") == "Nov 2025"
    assert fmt.show_date(date(2024, 4, 18)) == "18 Apr 2024"
    assert fmt.iso_date(date(2025, 11, 1), "month") == "2025-11"
    assert fmt.iso_date(None) == ""
    # A figure stated in a month-precise source inherits the month precision ...
    assert fmt.observation_precision(date(2025, 11, 1), "stated", date(2025, 11, 1), "month") == (
        "month"
    )
    # ... but a figure that refers to a stated day keeps its day.
    assert (
        fmt.observation_precision(date(2023, 12, 31), "refers_to", date(2024, 1, 5), "month")
        == "day"
    )
    assert fmt.date_phrase(date(2023, 12, 31), "refers_to") == "as of 31 Dec 2023"
    assert fmt.date_phrase(date(2025, 11, 1), "stated", "month") == "stated Nov 2025"


@pytest.mark.parametrize(
    ("comparator", "words"),
    [
        ("=", "exactly"),  # a download cell holding "=" would be read as a formula
        ("~", "about"),
        (">", "more than"),
        (">=", "at least"),
        ("<", "less than"),
        ("<=", "at most"),
        ("", ""),
        (None, ""),
    ],
)
def test_comparator_words_for_downloads(comparator, words):
    assert fmt.comparator_words(comparator) == words


@pytest.mark.parametrize(
    ("value", "display", "plain"),
    [
        (3400, "3,400", "3400"),
        (3.2, "3.2", "3.2"),
        (83.50, "83.5", "83.5"),
        (0.0897287557, "0.09", "0.0897287557"),  # downloads keep every digit
        (1e12, "1,000,000,000,000", "1000000000000"),
        (1e-5, "0", "0.00001"),  # never an exponent
        (None, "", ""),
        (float("nan"), "", ""),
    ],
)
def test_numbers_for_people_and_for_machines(value, display, plain):
    assert fmt.number_text(value) == display
    assert fmt.plain_number(value) == plain


@pytest.mark.parametrize(
    ("change", "unit", "text"),
    [(39, "count", "+39"), (-1.5, "trillion yuan", "-1.5 trillion yuan"), (10.9, "percent",
     "+10.9 points"), (0, "count", "no change")],
)  # fmt: skip
def test_change_text(change, unit, text):
    assert fmt.change_text(change, unit) == text


def test_every_status_has_label_icon_and_distinct_colour():
    assert set(status_style.STYLES) == set(STATUSES)
    colours = [s.colour for s in status_style.STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert all(s.icon and s.label("en") for s in status_style.STYLES.values())
    assert (
        status_style.text("deadline_passed", lang="en") == "◷ Deadline passed, no result reported"
    )
    assert status_style.label("no_data", lang="en") == "No reported value"
    assert status_style.label(None, lang="en") == "No target"


def test_parse_areas():
    assert filters.parse_areas([], KNOWN).selected == tuple(KNOWN)
    sel = filters.parse_areas(["standards", "bogus"], KNOWN)
    assert sel.selected == ("standards",)
    assert sel.unknown == ("bogus",)
    # repeated, comma-separated, hyphenated and upper-case forms are accepted; order follows KNOWN
    sel = filters.parse_areas(["Applications,technological-breakthroughs"], KNOWN)
    assert sel.selected == ("technological_breakthroughs", "applications")
    assert sel.unknown == ()
    # only unknown areas: every area is shown, and the unknown ones are reported
    sel = filters.parse_areas(["nope"], KNOWN)
    assert sel.selected == tuple(KNOWN)
    assert sel.unknown == ("nope",)


def test_url_values_are_empty_when_everything_is_selected():
    assert filters.url_values(KNOWN, KNOWN) == []
    assert filters.url_values(["applications", "standards"], KNOWN) == ["standards", "applications"]


@pytest.mark.parametrize(
    ("value", "comparator", "direction", "expected"),
    [
        (100.0, ">", "increase", "> 100%"),
        (98.2, "=", "increase", "98%"),
        (120.0, ">=", "increase", "≥ 120%"),
        (80.0, ">", "decrease", "< 80%"),  # more than the value: less of a falling target
        (80.0, ">=", "decrease", "≤ 80%"),
        (None, ">", "increase", "n/a"),
    ],
)
def test_percent_of_target_keeps_the_bound(value, comparator, direction, expected):
    assert fmt.percent_of_target(value, comparator, direction) == expected


@pytest.mark.parametrize("unit", ["percent", "count", "", None, "trillion yuan", "yuan"])
@pytest.mark.parametrize("comparator", ["=", ">", ">=", "<", "<=", "~", "", None])
@pytest.mark.parametrize("value", [3.2, 340, 0, -1.5, 1e12, 0.1 + 0.2, 2.5e-7])
def test_a_figure_in_words_is_its_comparator_and_unit_around_the_plain_number(
    value, comparator, unit
):
    """The dataset CSV builds "more than 3.2 trillion yuan" from the words around the number
    (found once per comparator and unit) and each row's plain number: the same text."""
    from etl import figures

    whole = figures.figure_text(value, comparator, unit, words=True, plain=True)
    parts = figures.in_words(figures.unit_after(figures.plain_number(value), unit), comparator)
    assert parts == whole
    mark = "\x00"
    around = figures.in_words(figures.unit_after(mark, unit), comparator)
    assert around.replace(mark, figures.plain_number(value)) == whole


def test_a_projection_is_written_as_an_estimate_without_a_spurious_fraction():
    """Issue 28: the 5G-factory goal's projection read "27,473.16" factories."""
    from etl.figures import projection_text

    assert projection_text(27473.162754857218, "count") == "≈ 27,473"
    assert projection_text(27473.162754857218, "count", lang="zh") == "≈ 2.75万"
    assert projection_text(77.349, "percent") == "≈ 77.35%"
    assert projection_text(None, "count") == "no reported value"
