"""Suite-wide rules: under CI=true nothing may be skipped."""

from __future__ import annotations

import os

from hypothesis import settings

# Hypothesis's per-example deadline is a time asserted in a test; times are measured by the
# benchmarks, never asserted (a loaded machine failed a correct example by its deadline).
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

IN_CI = os.environ.get("CI", "").lower() == "true"
_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if IN_CI and _skipped:
        print(f"\nCI=true: {len(_skipped)} test(s) skipped; CI allows none:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1
