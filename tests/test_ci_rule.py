"""Under CI=true a skipped test fails the run; elsewhere a skip is only reported."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
SKIPPING = """
import pytest

def test_skips():
    pytest.skip("no browser")

def test_ok():
    pass
"""


@pytest.mark.parametrize(("ci", "exit_code"), [("true", 1), ("", 0)])
def test_skips_fail_the_run_only_in_ci(pytester, monkeypatch, ci, exit_code):
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_skipping=SKIPPING)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == exit_code
    result.assert_outcomes(passed=1, skipped=1)
    if ci:
        result.stdout.fnmatch_lines(["*CI=true: 1 test(s) skipped; CI allows none:*"])
