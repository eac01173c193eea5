"""The target-horizon filter: parsing `?horizon=...` and what goes back into the URL."""

from __future__ import annotations

import pytest

from tracker import filters


@pytest.mark.parametrize(
    ("url", "horizon", "unknown"),
    [
        (None, "all", None),
        ("", "all", None),
        ("2025", "2025", None),
        ("after-2025", "after-2025", None),
        ("after_2025", "after-2025", None),
        ("AFTER-2025", "after-2025", None),
        ("all", "all", None),
        ("2030", "all", "2030"),
        ("[x](http://evil)", "all", "[x](http://evil)"),
    ],
)
def test_parse_horizon(url, horizon, unknown):
    assert filters.parse_horizon(url) == filters.HorizonChoice(horizon, unknown)


@pytest.mark.parametrize(
    ("horizon", "url", "kept"),
    [
        ("all", None, ("2025", "after_2025")),
        ("2025", "2025", ("2025",)),
        ("after-2025", "after-2025", ("after_2025",)),
    ],
)
def test_horizon_url_value_and_what_it_keeps(horizon, url, kept):
    assert filters.horizon_url_value(horizon) == url
    assert filters.HORIZONS[horizon] == kept
