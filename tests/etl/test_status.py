"""The progress status method: worked examples and properties over generated inputs."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from etl.schema import STATUSES, TREND_STATUSES, VERDICTS
from etl.status import (
    Observation,
    Target,
    assess,
    classify,
    difference,
    fails,
    meets,
    target_met,
)

ON = date(2026, 11, 24)
DEADLINE = date(2025, 12, 31)


def obs(value, day, comparator="=", oid=None):
    return Observation(oid or f"o-{day}", value, comparator, date.fromisoformat(day))


def target(value, comparator=">=", deadline="2025-12-31", direction="increase"):
    return Target(value, comparator, date.fromisoformat(deadline), direction)


@pytest.mark.parametrize(
    ("value", "comparator", "t_value", "t_comparator", "expected"),
    [
        (340, ">", 120, ">=", True),
        (150, ">", 150, ">=", True),  # "more than 150" meets "at least 150"
        (150, "=", 150, ">=", True),
        (150, "=", 150, ">", False),  # exactly 150 is not "more than 150"
        (150, ">", 150, ">", True),
        (150, ">=", 150, ">", False),
        (149, ">", 150, ">=", False),  # "more than 149" might be 149.5
        (70, "<", 50, ">=", False),  # "less than 70" may be anything below
        (40, "<=", 50, "<=", True),
        (40, "<", 40, "<=", True),
        (40, "=", 40, "<", False),
        (5, "~", 5, "=", True),
        (5, "=", 5, "=", True),
        (5, ">", 5, "=", False),
    ],
)
def test_meets_respects_both_comparators(value, comparator, t_value, t_comparator, expected):
    assert meets(value, comparator, t_value, t_comparator) is expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (2.0, "on_track"),
        (0.95, "on_track"),
        (0.9499, "acceleration_needed"),
        (0.6, "acceleration_needed"),
        (0.5999, "limited_progress"),
        (0.0, "limited_progress"),
        (-0.01, "deterioration"),
    ],
)
def test_thresholds(ratio, expected):
    assert classify(ratio) == expected


def test_no_observation_is_no_data_with_deadline_flag():
    a = assess(target(70, ">"), [], ON)
    assert (a.status, a.deadline_passed, a.latest) == ("no_data", True, None)
    assert a.note == "No reported value. The deadline 31 Dec 2025 has passed."


def test_achieved_by_a_strict_lower_bound():
    a = assess(target(120), [obs(100, "2021-11-30", ">"), obs(340, "2023-12-31", ">")], ON)
    assert a.status == "achieved"
    assert a.latest.value == 340
    assert a.percent_of_target == pytest.approx(340 / 120 * 100)


def test_deadline_passed_unreported_keeps_the_trend():
    observations = [obs(54.6, "2021-10-31"), obs(66.2, "2025-03-31")]
    a = assess(target(68), observations, ON)
    assert a.status == "deadline_passed"
    assert a.trend == "on_track"
    assert a.rate_method == "compound"
    years_observed = (date(2025, 3, 31) - date(2021, 10, 31)).days / 365.25
    years_required = (DEADLINE - date(2021, 10, 31)).days / 365.25
    observed = (66.2 / 54.6) ** (1 / years_observed) - 1
    required = (68 / 54.6) ** (1 / years_required) - 1
    assert a.observed_rate == pytest.approx(observed)
    assert a.required_rate == pytest.approx(required)
    assert a.ratio == pytest.approx(observed / required)


def test_before_the_deadline_the_ratio_decides():
    observations = [obs(54.6, "2021-10-31"), obs(66.2, "2025-03-31")]
    a = assess(target(68), observations, date(2025, 6, 1))
    assert a.status == "on_track"
    assert a.projected_value > 66.2


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (135, "on_track"),  # R = 0.98
        (120, "acceleration_needed"),  # R = 0.65
        (102, "limited_progress"),  # R = 0.07
        (90, "deterioration"),
    ],
)
def test_ratio_classes_on_a_linear_path(latest, expected):
    # 100 -> 200 over ten years needs +7.18 %/yr; four years are observed.
    a = assess(
        target(200, deadline="2030-01-01"),
        [obs(100, "2020-01-01"), obs(latest, "2024-01-01")],
        date(2024, 6, 1),
    )
    assert a.status == expected


def test_one_observation_is_insufficient_data():
    a = assess(target(500), [obs(421, "2024-04-18")], date(2025, 1, 1))
    assert (a.status, a.trend, a.comparable_observations) == ("insufficient_data", None, 1)


def test_equal_dates_are_insufficient_data():
    a = assess(
        target(500),
        [obs(400, "2024-04-18", oid="a"), obs(421, "2024-04-18", oid="b")],
        date(2025, 1, 1),
    )
    assert a.status == "insufficient_data"
    assert a.latest.observation_id == "b"


def test_zero_base_uses_linear_rates():
    a = assess(target(10), [obs(0, "2020-01-01"), obs(4, "2022-01-01")], date(2022, 6, 1))
    assert a.rate_method == "linear"
    # observed 2/yr; required 10 over 5.999 years
    assert a.observed_rate == pytest.approx(
        4 / ((date(2022, 1, 1) - date(2020, 1, 1)).days / 365.25)
    )
    assert a.status == "on_track"


def test_decreasing_indicator():
    t = target(20, "<=", deadline="2030-01-01", direction="decrease")
    falling = assess(t, [obs(40, "2020-01-01"), obs(30, "2024-01-01")], date(2024, 6, 1))
    rising = assess(t, [obs(40, "2020-01-01"), obs(45, "2024-01-01")], date(2024, 6, 1))
    assert falling.status == "on_track"
    assert rising.status == "deterioration"
    assert falling.percent_of_target == pytest.approx(20 / 30 * 100)


def test_missed_when_a_later_figure_falls_short():
    a = assess(target(500), [obs(421, "2023-12-31"), obs(450, "2026-03-01")], ON)
    assert a.status == "missed"


def test_losing_a_met_target_is_deterioration():
    a = assess(
        target(100, deadline="2030-01-01"),
        [obs(110, "2020-01-01"), obs(90, "2022-01-01")],
        date(2022, 2, 1),
    )
    assert a.status == "deterioration"


def test_observations_after_the_assessment_date_are_ignored():
    a = assess(target(68), [obs(54.6, "2021-10-31"), obs(70, "2027-01-01")], ON)
    # the 2027 figure is after the assessment date: only 54.6 counts, and the deadline passed
    assert a.status == "deadline_passed"
    assert a.latest.value == 54.6


# ----- properties -----

comparators = st.sampled_from(["=", ">", ">=", "<", "<=", "~"])
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
observation_lists = st.lists(
    st.builds(Observation, st.text("abc", min_size=1, max_size=3), values, comparators, days),
    max_size=6,
)
targets = st.builds(
    Target,
    values,
    st.sampled_from([">", ">=", "=", "~"]),
    days,
    st.just("increase"),
) | st.builds(Target, values, st.sampled_from(["<", "<=", "=", "~"]), days, st.just("decrease"))


@given(targets, observation_lists, days)
def test_status_is_always_one_of_the_declared_values(t, observations, on):
    a = assess(t, observations, on)
    assert a.status in STATUSES
    assert a.trend is None or a.trend in TREND_STATUSES
    assert a.ratio is None or not math.isnan(a.ratio)


@given(targets, observation_lists, days, st.randoms())
def test_status_does_not_depend_on_input_order(t, observations, on, rnd: random.Random):
    shuffled = list(observations)
    rnd.shuffle(shuffled)
    assume(len({(o.as_of, o.observation_id) for o in observations}) == len(observations))
    assert assess(t, observations, on) == assess(t, shuffled, on)


@given(targets, observation_lists, days)
def test_achieved_exactly_when_the_latest_figure_meets_the_target(t, observations, on):
    a = assess(t, observations, on)
    if a.latest is None:
        assert a.status == "no_data"
    else:
        assert (a.status == "achieved") == target_met(a.latest, t)


@given(targets, observation_lists, days)
def test_deadline_passed_is_never_called_met_or_missed(t, observations, on):
    a = assess(t, observations, on)
    if a.status == "deadline_passed":
        assert on > t.deadline
        assert not target_met(a.latest, t)


@given(
    st.floats(min_value=1, max_value=1e4),
    st.floats(min_value=1.01, max_value=10),
    st.floats(min_value=1.01, max_value=10),
    st.integers(min_value=30, max_value=3000),
    st.integers(min_value=30, max_value=3000),
)
def test_moving_toward_the_target_is_never_deterioration(base, growth, need, span, rest):
    start = date(2020, 1, 1)
    t = Target(base * need, ">=", start + timedelta(days=span + rest), "increase")
    later = Observation("b", base * growth, "=", start + timedelta(days=span))
    a = assess(t, [Observation("a", base, "=", start), later], later.as_of)
    assert a.status != "deterioration"
    assert a.status == "achieved" or a.ratio > 0


@given(st.floats(min_value=1, max_value=1e4), st.integers(min_value=1, max_value=3000))
def test_moving_away_from_the_target_is_deterioration(base, span):
    start = date(2020, 1, 1)
    t = Target(base * 2, ">=", start + timedelta(days=4000), "increase")
    later = Observation("b", base * 0.9, "=", start + timedelta(days=span))
    a = assess(t, [Observation("a", base, "=", start), later], later.as_of)
    assert a.status == "deterioration"


@given(st.floats(min_value=-100, max_value=100), st.floats(min_value=0.1, max_value=100))
def test_zero_or_negative_base_never_raises_and_is_linear(base, rise):
    assume(base <= 0)
    t = Target(base + 2 * rise, ">=", date(2030, 1, 1), "increase")
    a = assess(t, [obs(base, "2020-01-01"), obs(base + rise, "2024-01-01")], date(2024, 1, 2))
    assert a.rate_method == "linear"
    # observed rise / 4 years against 2 rises / 10 years required: R = 1.25 (calendar days)
    assert a.ratio == pytest.approx(1.25, rel=1e-3)
    assert a.status == "on_track"


@given(targets, observation_lists, days)
def test_same_inputs_same_assessment(t, observations, on):
    assert assess(t, observations, on) == assess(t, list(observations), on)


def test_a_jump_too_steep_for_a_float_still_gets_a_ratio():
    # Found by hypothesis: (1 / 2e-313) overflows, and inf / inf made the ratio NaN.
    t = Target(1.0, ">", date(2000, 1, 2), "increase")
    observations = [obs(2.2250738585e-313, "2000-01-01", oid="a"), obs(1.0, "2000-01-02", oid="b")]
    a = assess(t, observations, date(2000, 1, 2))
    assert a.ratio == pytest.approx(1.0)
    assert a.status == "on_track"


@given(targets, observation_lists, days)
def test_a_verdict_exactly_when_the_deadline_has_passed(t, observations, on):
    a = assess(t, observations, on)
    assert (a.verdict is not None) == (on > t.deadline)
    assert a.verdict is None or a.verdict in VERDICTS
    if a.verdict in ("met", "not_met"):
        assert a.decided_by is not None
    if a.verdict == "not_met":
        assert a.shortfall is not None and a.shortfall >= 0  # 0: exactly 150 is not "more than 150"


# ----- corrected rules (each failed before the fix) -----


def test_a_figure_dated_on_the_deadline_day_counts_as_at_the_deadline():
    a = assess(target(500), [obs(421, "2023-12-31"), obs(450, "2025-12-31")], ON)
    assert a.status == "missed"
    assert (a.verdict, a.decided_by.value, a.shortfall) == ("not_met", 450, 50)


@pytest.mark.parametrize(("comparator"), ["=", "~"])
def test_a_plain_target_on_an_increasing_indicator_is_met_at_or_above_it(comparator):
    t = target(85, comparator)
    assert assess(t, [obs(85, "2025-06-30")], ON).status == "achieved"
    assert assess(t, [obs(90, "2025-06-30")], ON).status == "achieved"
    assert assess(t, [obs(84.9, "2025-06-30")], ON).status == "deadline_passed"


def test_a_plain_target_on_a_decreasing_indicator_is_met_at_or_below_it():
    t = target(20, "=", direction="decrease")
    assert assess(t, [obs(18, "2025-06-30")], ON).status == "achieved"
    assert assess(t, [obs(21, "2025-12-31")], ON).status == "missed"


@pytest.mark.parametrize(
    ("value", "comparator", "t_value", "t_comparator", "expected"),
    [
        (7000, ">", 8000, ">=", False),  # more than 7,000 may be 8,200
        (7000, "=", 8000, ">=", True),
        (8000, "<", 8000, ">=", True),
        (8000, "<=", 8000, ">=", False),
        (60, "<", 50, ">=", False),
        (150, "=", 150, ">", True),
    ],
)
def test_fails_only_when_no_allowed_value_meets(value, comparator, t_value, t_comparator, expected):
    assert fails(value, comparator, t_value, t_comparator) is expected


# ----- verdicts -----


def test_met_by_a_figure_before_the_deadline():
    a = assess(target(120), [obs(340, "2024-04-18", ">")], ON)
    assert (a.verdict, a.decided_by.value) == ("met", 340)
    assert "before the deadline" in a.verdict_note


def test_the_first_figure_at_the_deadline_decides_over_an_earlier_one():
    observations = [obs(130, "2024-12-31"), obs(110, "2025-12-31"), obs(140, "2026-06-30")]
    a = assess(target(120), observations, ON)
    assert (a.verdict, a.decided_by.as_of, a.shortfall) == ("not_met", date(2025, 12, 31), 10)
    assert a.status == "achieved"  # met again later


def test_a_proxy_verdict_says_so():
    t = Target(150, ">=", DEADLINE, "increase", match="proxy")
    a = assess(t, [obs(150, "2024-04-18", ">")], ON)
    assert a.verdict == "met_on_proxy"
    assert "proxy" in a.verdict_note
    missed = assess(t, [obs(100, "2026-01-15")], ON)
    assert (missed.verdict, missed.shortfall) == ("not_met_on_proxy", 50)


def test_no_verdict_when_nothing_is_reported_for_the_deadline():
    a = assess(target(85), [obs(74.2, "2021-10-31"), obs(83.5, "2025-03-31")], ON)
    assert (a.verdict, a.decided_by) == ("no_verdict", None)
    assert a.trend == "on_track"
    assert a.verdict_note.endswith("The latest figure is of 31 Mar 2025.")


def test_a_bound_that_neither_meets_nor_misses_gives_no_verdict():
    a = assess(target(8000), [obs(7000, "2025-12-31", ">")], ON)
    assert a.verdict == "no_verdict"
    assert a.decided_by.value == 7000
    assert a.status == "deadline_passed"


def test_no_verdict_before_the_deadline():
    a = assess(target(120), [obs(340, "2024-04-18", ">")], date(2025, 12, 31))
    assert a.verdict is None


def test_the_more_authoritative_source_decides_on_the_same_date():
    medium = Observation("copy", 8200, ">", date(2025, 12, 31), rank=1)
    high = Observation("official", 7000, ">", date(2025, 12, 31), rank=2)
    a = assess(target(7500), [medium, high], ON)
    assert a.decided_by.observation_id == "official"
    assert a.latest.observation_id == "official"
    assert a.verdict == "no_verdict"


# ----- period counts -----

PERIOD = date(2021, 1, 1)


def period_target(value=200, match="exact"):
    return Target(value, ">=", DEADLINE, "increase", "period_count", PERIOD, match)


def test_a_total_stock_never_decides_a_period_count():
    # 408 standards in total, most made before 2021, say nothing of 2021-2025 alone.
    a = assess(period_target(), [obs(408, "2024-04-18")], ON)
    assert (a.status, a.verdict) == ("no_data", "no_verdict")


def test_a_stated_period_figure_decides_a_period_count():
    counted = Observation("p", 491, "=", date(2025, 9, 30), period_start=date(2021, 1, 1))
    a = assess(period_target(), [obs(408, "2024-04-18"), counted], ON)
    assert (a.status, a.verdict, a.decided_by.value) == ("achieved", "met", 491)


def test_a_period_figure_for_another_period_is_not_used():
    other = Observation("p", 491, "=", date(2025, 9, 30), period_start=date(2016, 1, 1))
    assert assess(period_target(), [other], ON).status == "no_data"


def test_a_period_count_from_the_increase_between_level_figures():
    levels = [obs(300, "2020-09-01"), obs(408, "2024-04-18", ">"), obs(520, "2025-12-31")]
    a = assess(period_target(), levels, ON)
    assert (a.verdict, a.decided_by.value, a.decided_by.comparator) == ("met", 220, "=")
    assert "the earlier figure is of 1 Sep 2020, the period starts 1 Jan 2021" in a.decided_by.note
    assert a.latest.value == 220


def test_a_level_target_ignores_period_figures():
    counted = Observation("p", 491, "=", date(2025, 9, 30), period_start=date(2021, 1, 1))
    a = assess(target(450), [obs(408, "2024-04-18"), counted], ON)
    assert a.latest.value == 408


@pytest.mark.parametrize(
    ("base", "end", "expected"),
    [
        (("=", 300), ("=", 520), ("=", 220)),
        (("=", 300), (">", 408), (">", 108)),
        ((">", 300), ("=", 408), ("<", 108)),
        ((">", 300), (">", 408), None),
        (("~", 300), ("=", 408), ("~", 108)),
    ],
)
def test_difference_keeps_what_the_bounds_allow(base, end, expected):
    b = Observation("b", base[1], base[0], date(2021, 1, 1))
    e = Observation("e", end[1], end[0], DEADLINE)
    d = difference(b, e, date(2021, 1, 1), DEADLINE)
    assert (d and (d.comparator, d.value)) == expected
