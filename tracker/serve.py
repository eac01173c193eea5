"""Serve the app: `python -m tracker.serve [streamlit options]`, what `make run` uses.

The same as `streamlit run dashboard.py [options]`, with one difference. Streamlit 1.67 treats
an app whose entry point sits beside a `pages/` folder as a legacy multipage app until the
first run of `st.navigation` (`PagesManager.uses_pages_directory`). A link to a page such as
`/targets?area=standards`, opened as the first visit after the server starts, is then looked up
among the legacy page files, not found, and shown under a "Page not found" dialog. The project
layout fixes the `pages/` folder, so the flag is set before the server starts: this app always
routes through `st.navigation` in dashboard.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(DASHBOARD), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
