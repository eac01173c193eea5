"""One AppTest measurement in its own process (started by bench.server_render with a hard time
limit): warm first run, then timed reruns and filter changes, one JSON line per run on stdout,
so the samples taken before a time limit are kept.

    python -m bench.apptest_worker --app dashboard.py --page pages/work_areas_page.py --reruns 5
    python -m bench.apptest_worker --app bench/floor_app.py --reruns 5

A rerun is `AppTest.run()` again with nothing changed (the same work as any widget click that
changes nothing the page reads); a filter change ticks or unticks the first area checkbox of
the sidebar and reruns (alternately, so every change is a real change)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def emit(**record) -> None:
    print(json.dumps(record), flush=True)


def timed(at, action) -> float:
    start = time.perf_counter()
    action(at)
    return (time.perf_counter() - start) * 1000


def check(at, page: str | None) -> None:
    if at.exception:
        raise SystemExit(f"{page}: the page raised: {[e.value for e in at.exception]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--app", required=True, help="entry script (dashboard.py or the floor)")
    ap.add_argument("--page", help="page script to switch to after the first run")
    ap.add_argument("--reruns", type=int, default=5)
    ap.add_argument("--filter-changes", type=int, default=0)
    ap.add_argument("--run-timeout", type=float, default=600.0, help="AppTest's own limit, s")
    args = ap.parse_args(argv)

    from streamlit.testing.v1 import AppTest

    app = str((REPO / args.app).resolve())
    at = AppTest.from_file(app, default_timeout=args.run_timeout)
    ms = timed(at, lambda a: a.run())
    check(at, args.page)
    first = ms
    if args.page:
        at.switch_page(args.page)
        ms = timed(at, lambda a: a.run())
        check(at, args.page)
        first = ms
    emit(phase="first", ms=first, titles=[t.value for t in at.title])
    # warm: caches filled, imports done; the runs measured below start from here
    emit(phase="warm", ms=timed(at, lambda a: a.run()))
    for _ in range(args.reruns):
        emit(phase="rerun", ms=timed(at, lambda a: a.run()))
        check(at, args.page)
    if args.filter_changes:
        boxes = list(at.sidebar.checkbox)
        if not boxes:
            emit(phase="filter", ms=None, note="no checkbox in the sidebar")
        else:
            key = boxes[0].key
            for _ in range(args.filter_changes):
                box = at.sidebar.checkbox(key=key)
                box.set_value(not box.value)
                emit(phase="filter", ms=timed(at, lambda a: a.run()), key=key, ticked=box.value)
                check(at, args.page)
    emit(phase="done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
