"""`python -m tracker.serve` runs dashboard.py through st.navigation from the first visit."""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager

from tracker import serve


def test_serve_runs_the_dashboard_with_v2_routing(monkeypatch):
    seen = {}

    def fake_main():
        seen["argv"] = list(sys.argv)
        seen["legacy_pages"] = PagesManager.uses_pages_directory
        return 0

    monkeypatch.setattr(serve.cli, "main", fake_main)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    monkeypatch.setattr(sys, "argv", ["python"])

    assert serve.main(["--server.port", "8999"]) == 0
    assert seen["argv"] == ["streamlit", "run", str(serve.DASHBOARD), "--server.port", "8999"]
    assert serve.DASHBOARD.name == "dashboard.py" and serve.DASHBOARD.exists()
    assert seen["legacy_pages"] is False
