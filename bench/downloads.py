"""Time each whole-dataset download of the Data page, as a click builds it (`data.dataset_file`,
in a fresh process: nothing cached), against the database `TRACKER_DB`. Prints one JSON line
{"csv": {"s": ..., "mb": ...}, ...}; `bench.run` measures the process's peak memory."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    from tracker import data

    out = {}
    # the workbook last: at 10^6 rows it is the one that can pass the time or memory limit, and
    # each file's figure is also written as it is known, beside the database (`<db>.downloads`)
    progress = Path(os.environ.get("TRACKER_DB", "tracker.duckdb") + ".downloads")
    progress.unlink(missing_ok=True)
    for kind in sorted(data.DATASET_FORMATS, key=lambda k: k == "xlsx"):
        start = time.perf_counter()
        size = len(data.dataset_file(kind))
        out[kind] = {"s": round(time.perf_counter() - start, 2), "mb": round(size / 1e6, 1)}
        print(f"{kind}: {out[kind]['s']} s, {out[kind]['mb']} MB", file=sys.stderr, flush=True)
        with open(progress, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({kind: out[kind]}) + "\n")
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
