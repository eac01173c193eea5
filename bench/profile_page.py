"""Profile one page's server rerun with pyinstrument (a dev tool, not a dependency:
`.venv/bin/pip install pyinstrument`): the page is opened through the real frame with AppTest, run
once warm, then `--reruns` reruns are profiled in the script thread (where AppTest runs the page)
and printed as one combined call tree.

    python -m bench.profile_page pages/work_areas_page.py [--reruns 5] [--html out.html]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("page", help="page script, relative to the repository")
    ap.add_argument("--reruns", type=int, default=5)
    ap.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    ap.add_argument("--interval", type=float, default=0.001, help="sampling interval, s")
    args = ap.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("needs pyinstrument: .venv/bin/pip install pyinstrument", file=sys.stderr)
        return 2
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    profiler = Profiler(interval=args.interval)
    active = {"on": False}
    original = ScriptRunner._run_script

    def profiled(self, *a, **kw):
        if not active["on"]:
            return original(self, *a, **kw)
        profiler.start()
        try:
            return original(self, *a, **kw)
        finally:
            profiler.stop()

    ScriptRunner._run_script = profiled
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=600)
    at.run()
    at.switch_page(args.page)
    at.run()
    at.run()  # warm
    active["on"] = True
    times = []
    for _ in range(args.reruns):
        t = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t) * 1000)
    active["on"] = False
    print(f"{args.page}: {args.reruns} reruns, ms: " + ", ".join(f"{t:.0f}" for t in times))
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
