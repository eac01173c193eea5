"""Time each whole-dataset download of the Data page, as a click builds it (`data.dataset_file`,
in a fresh process: nothing cached), against the database `TRACKER_DB`. Prints one JSON line
{"csv": {"s": ..., "mb": ...}, ...}; `bench.run` measures the process's peak memory."""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from tracker import data

    out = {}
    for kind in data.DATASET_FORMATS:
        start = time.perf_counter()
        size = len(data.dataset_file(kind))
        out[kind] = {"s": round(time.perf_counter() - start, 2), "mb": round(size / 1e6, 1)}
        print(f"{kind}: {out[kind]['s']} s, {out[kind]['mb']} MB", file=sys.stderr, flush=True)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
