"""Server render per page: each page in its own AppTest worker process (bench.apptest_worker)
with a hard time limit, so a page too slow for the data it is given is recorded as a timeout
with the samples it managed, and the run goes on. Also the peak memory (RSS) of each worker: the
same script code the server runs for one session, in one process."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from bench.common import FLOOR_APP, MEMORY_LIMIT, REPO, TIMEOUT, Page, median, run_measured


def parse_lines(output: str) -> list[dict]:
    records = []
    for line in output.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):  # a line cut by the time limit
                records.append(json.loads(line))
    return records


def measure(
    app: Path,
    page: str | None,
    db: Path | None,
    reruns: int,
    filter_changes: int,
    timeout_s: float,
    memory_limit_mb: float | None = None,
) -> dict:
    """{"first_ms", "rerun_ms", "filter_ms", "reruns", "filter_changes", "peak_rss_mb",
    "status"}: medians in ms; a figure whose runs did not finish within the limit is "timeout"."""
    cmd = [
        sys.executable,
        "-m",
        "bench.apptest_worker",
        "--app",
        str(Path(app).relative_to(REPO)),
        "--reruns",
        str(reruns),
        "--filter-changes",
        str(filter_changes),
        "--run-timeout",
        str(timeout_s),
    ]
    if page:
        cmd += ["--page", page]
    env = dict(os.environ)
    if db is not None:
        env["TRACKER_DB"] = str(db)
    done = run_measured(cmd, timeout_s, env=env, memory_limit_mb=memory_limit_mb)
    records = parse_lines(done.output)
    by_phase: dict[str, list[float]] = {}
    for r in records:
        if r.get("ms") is not None:
            by_phase.setdefault(r["phase"], []).append(r["ms"])
    finished = any(r["phase"] == "done" for r in records)
    status = done.status
    if status == "ok" and not finished:
        status = "error"
    stopped = status in (TIMEOUT, MEMORY_LIMIT)

    def figure(phase: str, wanted: int):
        samples = by_phase.get(phase, [])
        if len(samples) >= max(wanted, 1):
            return median(samples)
        return status if stopped else None

    result = {
        "status": status,
        "first_ms": (by_phase.get("first") or [status if stopped else None])[0],
        "rerun_ms": figure("rerun", reruns),
        "reruns": len(by_phase.get("rerun", [])),
        "wanted_reruns": reruns,
        "filter_ms": figure("filter", filter_changes) if filter_changes else None,
        "filter_changes": len(by_phase.get("filter", [])),
        "rerun_samples": by_phase.get("rerun", []),
        "filter_samples": by_phase.get("filter", []),
        "peak_rss_mb": round(done.peak_rss_mb, 1),
        "wall_s": round(done.seconds, 2),
    }
    if status == "error":
        result["error"] = done.output[-2000:]
    return result


def floor(reruns: int, timeout_s: float) -> dict:
    return measure(FLOOR_APP, None, None, reruns, 0, timeout_s)


def pages(
    db: Path,
    app_pages: list[Page],
    reruns: int,
    filter_changes: int,
    timeout_s: float,
    memory_limit_mb: float | None = None,
    progress=print,
) -> dict[str, dict]:
    out = {}
    for p in app_pages:
        r = measure(
            REPO / "dashboard.py", p.script, db, reruns, filter_changes, timeout_s, memory_limit_mb
        )
        out[p.name] = r
        progress(
            f"    {p.name:12} rerun {fmt_ms(r['rerun_ms'])}  filter {fmt_ms(r['filter_ms'])}  "
            f"peak {r['peak_rss_mb']:.0f} MB  ({r['status']}, {r['wall_s']:.0f} s)"
        )
    return out


def fmt_ms(value) -> str:
    if value is None:
        return "    n/a"
    if isinstance(value, str):
        return value
    return f"{value:5.0f} ms"
