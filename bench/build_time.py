"""Measure `python -m etl build` on the curated dataset.

Reports the build's own work (read, validate, transform, load; imports excluded) over repeated
in-process runs, and the wall time of the whole command including interpreter start and imports.
Times are reported, never asserted: machines are noisy.

    .venv/bin/python -m bench.build_time [--runs 20] [--datasets DIR]

`make bench` uses `stages` and `own_work` for its ETL figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.build import DEFAULT_DATASETS, load_valid  # noqa: E402
from etl.load import write_database  # noqa: E402
from etl.transform import build_tables  # noqa: E402

ASSESSED_ON = date(2026, 11, 24)  # the tests' assessment date: figures comparable run to run


def build_command(datasets: Path, db: Path) -> list[str]:
    """`python -m etl build` of `datasets` into `db`, assessed on ASSESSED_ON, as a command."""
    return [
        sys.executable,
        "-m",
        "etl",
        "build",
        "--datasets",
        str(datasets),
        "--db",
        str(db),
        "--as-of",
        ASSESSED_ON.isoformat(),
    ]


def stages(db: Path, datasets: Path = DEFAULT_DATASETS) -> dict[str, float]:
    """Seconds of each stage of one build, in this process."""
    t0 = time.perf_counter()
    data, fingerprint = load_valid(datasets)
    t1 = time.perf_counter()
    tables = build_tables(data, ASSESSED_ON, fingerprint)
    t2 = time.perf_counter()
    write_database(tables, db)
    t3 = time.perf_counter()
    return {"read+validate": t1 - t0, "transform": t2 - t1, "load": t3 - t2, "total": t3 - t0}


def own_work(db: Path, runs: int, datasets: Path = DEFAULT_DATASETS) -> dict[str, list[float]]:
    """stage -> seconds of each of `runs` builds, after one unmeasured warm-up build."""
    stages(db, datasets)  # warm-up: first-touch costs of the DuckDB extension and file cache
    samples = [stages(db, datasets) for _ in range(runs)]
    return {stage: [r[stage] for r in samples] for stage in samples[0]}


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return f"min {ms[0]:7.1f} ms   median {statistics.median(ms):7.1f} ms   max {ms[-1]:7.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        runs = own_work(db, args.runs, args.datasets)
        print(f"build's own work, {args.runs} runs in one process:")
        for stage, samples in runs.items():
            print(f"  {stage:14} {summary(samples)}")
        walls = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "etl",
                    "build",
                    "--db",
                    str(db),
                    "--datasets",
                    str(args.datasets),
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - t)
        print(f"whole command (python -m etl build), 5 runs:\n  {'wall':14} {summary(walls)}")


if __name__ == "__main__":
    main()
