"""The staleness window is declared once (`etl.schema.STALE_MONTHS`) and counted in calendar
months (issue 24): the `stale` column and every page text that names the window read it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

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


def test_no_text_writes_the_window_itself():
    # every page and baked text says the window through STALE_MONTHS ({months}), so the rule
    # and its words cannot part
    repo = Path(__file__).resolve().parents[2]
    files = [*repo.glob("pages/*.py"), *repo.glob("tracker/*.py"), repo / "dashboard.py"]
    files += list(repo.glob("locale/*/LC_MESSAGES/messages.po"))
    written = [
        f.name
        for f in files
        if re.search(r"\b12 months\b|12\s*个月|twelve months", f.read_text(encoding="utf-8"))
    ]
    assert written == []
    catalogue = (repo / "locale/zh/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert catalogue.count("{months}个月") >= 5
