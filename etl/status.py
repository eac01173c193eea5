"""How the progress status of a target is decided.

The method follows Open SDG / Statistics Canada ("progress status" by growth rates):

1. No comparable observation on or before the assessment date: `no_data`.
2. The latest observation meets the target, respecting both comparators
   ("more than 340" meets "at least 120"; "more than 150" meets "at least 150"): `achieved`.
3. The deadline has passed and an observation after it does not meet the target: `missed`.
4. The deadline has passed with the target unmet and no observation after it: `deadline_passed`
   (the outcome is not reported: neither met nor missed).
5. Only one comparable observation (or all on one date): `insufficient_data`.
6. Otherwise R = observed growth rate / growth rate required from the baseline (the earliest
   comparable observation) to reach the target by the deadline. Rates are compound annual rates,
   or linear (units per year) where the baseline or a value is zero or negative.
   R >= 0.95 `on_track`; 0.6 <= R < 0.95 `acceleration_needed`; 0 <= R < 0.6 `limited_progress`;
   R < 0 `deterioration`. A baseline that already met the target, followed by a latest value that
   does not, is `deterioration`.

The R-based class is also kept as the `trend` wherever two comparable observations exist, so a
target whose deadline passed unreported still shows which way it was heading.
Figures stated with a comparator ("more than 3,400") enter the rates at their stated value.
`~` (about) counts as `=`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

ON_TRACK = 0.95
ACCELERATION = 0.6
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Observation:
    observation_id: str
    value: float
    comparator: str
    as_of: date


@dataclass(frozen=True)
class Target:
    value: float
    comparator: str
    deadline: date
    direction: str  # "increase" or "decrease"


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
    note: str


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
    latest_met = meets(latest.value, latest.comparator, target.value, target.comparator)
    baseline_met = meets(baseline.value, baseline.comparator, target.value, target.comparator)
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


def assess(target: Target, observations: list[Observation], assessed_on: date) -> Assessment:
    """Assess one target from its indicator's comparable observations, as of a date."""
    usable = sorted(
        (o for o in observations if o.as_of <= assessed_on),
        key=lambda o: (o.as_of, o.observation_id),
    )
    deadline_passed = assessed_on > target.deadline
    if not usable:
        note = "No reported value."
        if deadline_passed:
            note += f" The deadline {target.deadline} has passed."
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
        )
    baseline, latest = usable[0], usable[-1]
    percent = percent_of_target(latest, target)
    result = trend(baseline, latest, target) if latest.as_of > baseline.as_of else NO_TREND
    if meets(latest.value, latest.comparator, target.value, target.comparator):
        status, note = "achieved", f"Met by the figure of {latest.as_of}."
    elif deadline_passed and latest.as_of > target.deadline:
        status, note = "missed", f"Not met by the first figure after the deadline ({latest.as_of})."
    elif deadline_passed:
        status = "deadline_passed"
        note = (
            f"The deadline {target.deadline} has passed; the latest figure ({latest.as_of}) "
            "is earlier and does not meet the target. No result has been reported."
        )
    elif result.trend is None:
        status = "insufficient_data"
        note = "Only one comparable figure: a trend needs two on different dates."
    else:
        status = result.trend
        note = f"Trend from {baseline.as_of} to {latest.as_of}."
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
    )
