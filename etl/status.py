"""How the progress status and the deadline verdict of a target are decided.

The method, in words, is `METHOD` below: one paragraph per message of the catalogue, so the
Sources page shows it in the reader's language (and a translator sees it paragraph by
paragraph). Status and verdict ids stay in backticks in every language; the page writes them as
their names. This module follows it to the letter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from etl.i18n import N_
from etl.notes import Note

# The method as readers see it: Markdown paragraphs (list items one per message), status and
# verdict ids in backticks (the Sources page writes them as their names).
METHOD: tuple[str, ...] = (
    N_('The method follows Open SDG / Statistics Canada ("progress status" by growth rates):'),
    N_("1. No comparable observation on or before the assessment date: `no_data`."),
    N_(
        '2. The latest observation meets the target, respecting both comparators ("more than '
        '340" meets "at least 120"; "more than 150" meets "at least 150"): `achieved`. '
        'A target stated as a plain figure ("reach 85%", `=` or `~`) is a bound in the '
        "indicator's direction: on an increasing indicator, anything at or above 85% meets it."
    ),
    N_(
        "3. The deadline has passed and an observation dated on or after it does not meet the "
        "target: `missed`."
    ),
    N_(
        "4. The deadline has passed with the target unmet and no observation on or after it: "
        "`deadline_passed` (the outcome is not reported: neither met nor missed)."
    ),
    N_("5. Only one comparable observation (or all on one date): `insufficient_data`."),
    N_(
        "6. Otherwise R = observed growth rate / growth rate required from the baseline (the "
        "earliest comparable observation) to reach the target by the deadline. Rates are "
        "compound annual rates, or linear (units per year) where the baseline or a value is "
        "zero or negative. R >= 0.95 `on_track`; 0.6 <= R < 0.95 `acceleration_needed`; "
        "0 <= R < 0.6 `limited_progress`; R < 0 `deterioration`. A baseline that already met "
        "the target, followed by a latest value that does not, is `deterioration`."
    ),
    N_(
        "The R-based class is also kept as the trend wherever two comparable observations "
        "exist, so a target whose deadline passed unreported still shows which way it was "
        'heading. Figures stated with a comparator ("more than 3,400") enter the rates at '
        "their stated value. `~` (about) counts as `=`. Of two figures for the same date, the "
        "one from the more authoritative source (confidence high, then medium) decides; figures "
        "from low-confidence sources are shown but never decide."
    ),
    N_(
        'A target counted over a period ("200 standards made or revised during 2021-2025", '
        "kind `period_count`) is assessed on what was done in that period: a figure stated for "
        "the period, or else the increase between the level figures nearest the period's start "
        "and its end (the dates' mismatch is said). A total that includes earlier years never "
        "decides it."
    ),
    N_(
        "Once the deadline has passed, every target gets a verdict: `met` or `not_met` (with "
        "the shortfall), decided by the first figure dated on or after the deadline or, failing "
        "that, by a figure before it that already met the target; `met_on_proxy` / "
        "`not_met_on_proxy` where the figure measures a proxy of the goal; `no_verdict` where "
        "nothing reported decides it (the latest figure and its trend are shown instead)."
    ),
)

ON_TRACK = 0.95
ACCELERATION = 0.6
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Observation:
    observation_id: str
    value: float
    comparator: str
    as_of: date
    rank: int = 0  # the source's authority: 2 high, 1 medium (low never reaches here)
    period_start: date | None = None  # set: a count of what was done from this date to as_of
    note: str | None = None  # how a derived figure was reached


@dataclass(frozen=True)
class Target:
    value: float
    comparator: str
    deadline: date
    direction: str  # "increase" or "decrease"
    kind: str = "level"  # or "period_count"
    period_start: date | None = None
    match: str = "exact"  # or "proxy"


@dataclass(frozen=True)
class Assessment:
    status: str
    trend: str | None
    deadline_passed: bool
    comparable_observations: int
    latest: Observation | None
    baseline: Observation | None
    percent_of_target: float | None
    observed_rate: float | None
    required_rate: float | None
    rate_method: str | None
    ratio: float | None
    projected_value: float | None
    note: Note
    verdict: str | None = None  # once the deadline has passed; etl.schema.VERDICTS
    decided_by: Observation | None = None
    shortfall: float | None = None
    verdict_note: Note | None = None


PERIOD_MATCH_DAYS = 62  # a stated period figure whose start is this close counts for the period

INF = math.inf
# (lower, lower_open, upper, upper_open) of the values a stated figure allows.
_BOUNDS = {
    "=": lambda v: (v, False, v, False),
    "~": lambda v: (v, False, v, False),
    ">": lambda v: (v, True, INF, True),
    ">=": lambda v: (v, False, INF, True),
    "<": lambda v: (-INF, True, v, True),
    "<=": lambda v: (-INF, True, v, False),
}


def bounds(value: float, comparator: str) -> tuple[float, bool, float, bool]:
    return _BOUNDS[comparator](value)


def meets(value: float, comparator: str, target_value: float, target_comparator: str) -> bool:
    """True when every value the stated figure allows satisfies the target."""
    lo, lo_open, hi, hi_open = bounds(value, comparator)
    t_lo, t_lo_open, t_hi, t_hi_open = bounds(target_value, target_comparator)
    lower_ok = lo > t_lo or (lo == t_lo and (lo_open or not t_lo_open))
    upper_ok = hi < t_hi or (hi == t_hi and (hi_open or not t_hi_open))
    return lower_ok and upper_ok


def fails(value: float, comparator: str, target_value: float, target_comparator: str) -> bool:
    """True when no value the stated figure allows satisfies the target ("more than 7,000" does
    not fail "at least 8,000": it may be 8,200)."""
    lo, lo_open, hi, hi_open = bounds(value, comparator)
    t_lo, t_lo_open, t_hi, t_hi_open = bounds(target_value, target_comparator)
    below = hi < t_lo or (hi == t_lo and (hi_open or t_lo_open))
    above = lo > t_hi or (lo == t_hi and (lo_open or t_hi_open))
    return below or above


def target_comparator(target: Target) -> str:
    """The bound a target sets: a plain figure ("reach 85%") is met at or beyond it, in the
    indicator's direction."""
    if target.comparator in ("=", "~"):
        return ">=" if target.direction == "increase" else "<="
    return target.comparator


def target_met(o: Observation, target: Target) -> bool:
    return meets(o.value, o.comparator, target.value, target_comparator(target))


def target_failed(o: Observation, target: Target) -> bool:
    return fails(o.value, o.comparator, target.value, target_comparator(target))


def years_between(start: date, end: date) -> float:
    return (end - start).days / DAYS_PER_YEAR


def growth_rate(start: float, end: float, years: float, method: str) -> float:
    if method == "compound":
        try:
            return (end / start) ** (1 / years) - 1
        except OverflowError:  # a large change over a few days
            return INF
    return (end - start) / years


def project(value: float, rate: float, years: float, method: str) -> float:
    if method == "compound":
        try:
            return value * (1 + rate) ** years
        except OverflowError:
            return INF
    return value + rate * years


def classify(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATION:
        return "acceleration_needed"
    if ratio >= 0:
        return "limited_progress"
    return "deterioration"


def percent_of_target(latest: Observation, target: Target) -> float | None:
    if target.direction == "increase":
        return None if target.value == 0 else latest.value / target.value * 100
    return None if latest.value == 0 else target.value / latest.value * 100


@dataclass(frozen=True)
class Trend:
    trend: str | None
    observed_rate: float | None
    required_rate: float | None
    method: str | None
    ratio: float | None
    projected_value: float | None


NO_TREND = Trend(None, None, None, None, None, None)


def trend(baseline: Observation, latest: Observation, target: Target) -> Trend:
    """The R-based class from the baseline to the latest observation (distinct dates)."""
    observed_years = years_between(baseline.as_of, latest.as_of)
    required_years = years_between(baseline.as_of, target.deadline)
    if observed_years <= 0:
        return NO_TREND
    values = (baseline.value, latest.value, target.value)
    method = "compound" if all(v > 0 for v in values) else "linear"
    observed = growth_rate(baseline.value, latest.value, observed_years, method)
    remaining = years_between(latest.as_of, target.deadline)
    projected = project(latest.value, observed, remaining, method) if remaining >= 0 else None
    latest_met = target_met(latest, target)
    baseline_met = target_met(baseline, target)
    if baseline_met:
        # No growth was required: R is undefined. Losing a met target is deterioration.
        label = None if latest_met else "deterioration"
        return Trend(label, observed, None, method, None, projected)
    if required_years <= 0:
        return Trend(None, observed, None, method, None, projected)
    required = growth_rate(baseline.value, target.value, required_years, method)
    sign = 1 if target.direction == "increase" else -1
    if required == 0:
        # Baseline equals a strict target ("more than N" from exactly N): any move the right way
        # is on track.
        moved = observed * sign
        label = "on_track" if moved > 0 else "limited_progress" if moved == 0 else "deterioration"
        return Trend(label, observed, required, method, None, projected)
    if math.isfinite(observed) and math.isfinite(required):
        ratio = observed / required
    else:
        # A compound rate too steep for a float (a large change over a few days): compare the
        # continuous rates instead, which are finite and have the same sign.
        base = math.log(baseline.value)
        log_observed = (math.log(latest.value) - base) / observed_years
        ratio = log_observed / ((math.log(target.value) - base) / required_years)
    return Trend(classify(ratio), observed, required, method, ratio, projected)


def _order(o: Observation) -> tuple:
    # By date; on one date the more authoritative source comes last, so it is the "latest".
    return (o.as_of, o.rank, o.observation_id)


def difference(
    base: Observation, end: Observation, period_start: date, deadline: date
) -> Observation | None:
    """What was added between two level figures, with the comparator their bounds allow
    (more than 408 minus exactly 300 is more than 108); None when the bounds leave it open."""
    lo_e, lo_e_open, hi_e, hi_e_open = bounds(end.value, end.comparator)
    lo_b, lo_b_open, hi_b, hi_b_open = bounds(base.value, base.comparator)
    lo, lo_open = lo_e - hi_b, lo_e_open or hi_b_open
    hi, hi_open = hi_e - lo_b, hi_e_open or lo_b_open
    if math.isfinite(lo) and math.isfinite(hi):
        value = lo
        comparator = "~" if "~" in (end.comparator, base.comparator) else "="
    elif math.isfinite(lo):
        value, comparator = lo, ">" if lo_open else ">="
    elif math.isfinite(hi):
        value, comparator = hi, "<" if hi_open else "<="
    else:
        return None
    early, late = base.as_of != period_start, end.as_of != deadline
    if early and late:
        message = N_(
            "Increase from {base} ({base_date}) to {end} ({end_date}) (the earlier figure is "
            "of {base_date}, the period starts {start}; the later figure is of {end_date}, the "
            "period ends {deadline})."
        )
    elif early:
        message = N_(
            "Increase from {base} ({base_date}) to {end} ({end_date}) (the earlier figure is "
            "of {base_date}, the period starts {start})."
        )
    elif late:
        message = N_(
            "Increase from {base} ({base_date}) to {end} ({end_date}) (the later figure is "
            "of {end_date}, the period ends {deadline})."
        )
    else:
        message = N_("Increase from {base} ({base_date}) to {end} ({end_date}).")
    note = Note(
        message,
        base=base.observation_id,
        base_date=base.as_of,
        end=end.observation_id,
        end_date=end.as_of,
        start=period_start,
        deadline=deadline,
    )
    return Observation(end.observation_id, value, comparator, end.as_of, end.rank, base.as_of, note)


def period_series(target: Target, observations: list[Observation]) -> list[Observation]:
    """What was done within a period target's period, as figures: the ones stated for that
    period, and the increases from the level figure nearest the period's start."""
    assert target.period_start is not None
    start, deadline = target.period_start, target.deadline
    stated = [
        o
        for o in observations
        if o.period_start is not None
        and abs((o.period_start - start).days) <= PERIOD_MATCH_DAYS
        and o.as_of <= deadline + timedelta(days=366)
    ]
    levels = sorted((o for o in observations if o.period_start is None), key=_order)
    on_or_before = [o for o in levels if o.as_of <= start]
    base = on_or_before[-1] if on_or_before else (levels[0] if levels else None)
    derived = []
    if base is not None:
        for o in levels:
            if base.as_of < o.as_of <= deadline + timedelta(days=PERIOD_MATCH_DAYS):
                d = difference(base, o, start, deadline)
                if d is not None:
                    derived.append(d)
    # A stated period figure outranks a derived one on the same date.
    stated = [
        Observation(o.observation_id, o.value, o.comparator, o.as_of, o.rank + 10, o.period_start)
        for o in stated
    ]
    return stated + derived


# The verdict notes: (outcome, how the deciding figure was found) -> message. "after": the first
# figure on or after the deadline; "before": a figure dated before it that already met it.
VERDICT_NOTES = {
    ("met", "after"): N_("Met, by the first figure on or after the deadline ({date})."),
    ("met", "before"): N_(
        "Met, by a figure dated before the deadline ({date}) that already met it."
    ),
    ("met_on_proxy", "after"): N_(
        "Met on a proxy only (the figure does not measure exactly what the goal counts), by "
        "the first figure on or after the deadline ({date})."
    ),
    ("met_on_proxy", "before"): N_(
        "Met on a proxy only (the figure does not measure exactly what the goal counts), by a "
        "figure dated before the deadline ({date}) that already met it."
    ),
    ("not_met", "after"): N_("Not met, by the first figure on or after the deadline ({date})."),
    ("not_met_on_proxy", "after"): N_(
        "Not met on a proxy only (the figure does not measure exactly what the goal counts), "
        "by the first figure on or after the deadline ({date})."
    ),
    ("no_verdict", "after"): N_(
        "The first figure on or after the deadline ({date}) is stated as a bound that neither "
        "meets nor misses the target."
    ),
}


def verdict(
    target: Target, usable: list[Observation]
) -> tuple[str, Observation | None, float | None, Note]:
    """The verdict once the deadline has passed: (verdict, deciding figure, shortfall, note)."""
    proxy = target.match == "proxy"
    on_or_after = [o for o in usable if o.as_of >= target.deadline]
    if on_or_after:
        first_day = min(o.as_of for o in on_or_after)
        decider = max((o for o in on_or_after if o.as_of == first_day), key=_order)
        when = "after"
    elif usable and target_met(usable[-1], target):
        decider = usable[-1]
        when = "before"
    else:
        note = Note(N_("Nothing reported for the deadline decides this target."))
        if usable:
            note = Note.join(
                note, Note(N_("The latest figure is of {date}."), date=usable[-1].as_of)
            )
        return "no_verdict", None, None, note
    if target_met(decider, target):
        outcome = "met_on_proxy" if proxy else "met"
        return outcome, decider, None, Note(VERDICT_NOTES[outcome, when], date=decider.as_of)
    if target_failed(decider, target):
        gap = target.value - decider.value
        shortfall = gap if target.direction == "increase" else -gap
        outcome = "not_met_on_proxy" if proxy else "not_met"
        return outcome, decider, shortfall, Note(VERDICT_NOTES[outcome, when], date=decider.as_of)
    # A figure before the deadline decides only when it met the target: this one is after it.
    return "no_verdict", decider, None, Note(VERDICT_NOTES["no_verdict", when], date=decider.as_of)


def assess(target: Target, observations: list[Observation], assessed_on: date) -> Assessment:
    """Assess one target from its indicator's comparable observations, as of a date."""
    if target.kind == "period_count":
        observations = period_series(target, observations)
    else:
        observations = [o for o in observations if o.period_start is None]
    usable = sorted((o for o in observations if o.as_of <= assessed_on), key=_order)
    deadline_passed = assessed_on > target.deadline
    verdict_fields: dict = {}
    if deadline_passed:
        v, decider, shortfall, v_note = verdict(target, usable)
        verdict_fields = {
            "verdict": v,
            "decided_by": decider,
            "shortfall": shortfall,
            "verdict_note": v_note,
        }
    if not usable:
        note = Note(N_("No reported value."))
        if deadline_passed:
            passed = Note(N_("The deadline {deadline} has passed."), deadline=target.deadline)
            note = Note.join(note, passed)
        return Assessment(
            "no_data",
            None,
            deadline_passed,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            note,
            **verdict_fields,
        )
    baseline, latest = usable[0], usable[-1]
    percent = percent_of_target(latest, target)
    result = trend(baseline, latest, target) if latest.as_of > baseline.as_of else NO_TREND
    dates = {"deadline": target.deadline, "latest": latest.as_of, "baseline": baseline.as_of}
    if target_met(latest, target):
        status, note = "achieved", Note(N_("Met by the figure of {latest}."), **dates)
    elif deadline_passed and latest.as_of >= target.deadline and target_failed(latest, target):
        status = "missed"
        note = Note(
            N_("Not met by the latest figure, dated on or after the deadline ({latest})."),
            **dates,
        )
    elif deadline_passed:
        status = "deadline_passed"
        if latest.as_of >= target.deadline:
            message = N_(
                "The deadline {deadline} has passed; the latest figure ({latest}) is stated as "
                "a bound that neither meets nor misses the target."
            )
        else:
            message = N_(
                "The deadline {deadline} has passed; the latest figure ({latest}) is earlier "
                "and does not meet the target. No result has been reported."
            )
        note = Note(message, **dates)
    elif result.trend is None:
        status = "insufficient_data"
        note = Note(N_("Only one comparable figure: a trend needs two on different dates."))
    else:
        status = result.trend
        note = Note(N_("Trend from {baseline} to {latest}."), **dates)
    return Assessment(
        status=status,
        trend=result.trend,
        deadline_passed=deadline_passed,
        comparable_observations=len(usable),
        latest=latest,
        baseline=baseline,
        percent_of_target=percent,
        observed_rate=result.observed_rate,
        required_rate=result.required_rate,
        rate_method=result.method,
        ratio=result.ratio,
        projected_value=result.projected_value,
        note=note,
        **verdict_fields,
    )
