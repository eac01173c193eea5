"""The staleness window is declared once (`etl.schema.STALE_MONTHS`) and counted in calendar
months (issue 24): the `stale` column and every page text that names the window read it."""

from __future__ import annotations

from datetime import date

import pytest

from etl.transform import months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 6), 12, date(2025, 12, 6)),
        (date(2028, 2, 29), 12, date(2027, 2, 28)),  # no 29 February the year before
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected
