"""Golden files for behaviour-preserving refactors (issue 24): record what the tracker publishes,
move code, record again, compare.

    python -m tests.golden record build/golden/before
    ... move one subject ...
    python -m tests.golden record build/golden/after
    python -m tests.golden compare build/golden/before build/golden/after

What is recorded, on the curated data and on a small synthetic set (bench.synth), each built as
of one fixed day so that a status cannot move between two recordings:
- every API document and CSV (`tracker.api.export`) and every baked page and image
  (`tracker.baked export`), under one fixed public address;
- every page of the app in English and Chinese (the indicator page with and without an id):
  its AppTest element tree (each element's type and protobuf, as JSON), and every download it
  offers (the bytes Streamlit would send).

Widget ids hash the script's absolute path: compare recordings made in the same checkout.

`compare` lists every file that differs, is missing or is new, with the first differing line of
text files; exit status 1 when anything differs. Nothing here is run by `make test`: the files
depend on the code of the moment, so they are recorded when a move begins, not committed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = str(REPO / "dashboard.py")
AS_OF = date(2026, 12, 6)
PUBLIC_URL = "https://tracker.example.org"
SYNTHETIC_OBSERVATIONS = 400
PAGES = [
    ("overview", "pages/overview_page.py", {}),
    ("work-areas", "pages/work_areas_page.py", {}),
    ("priorities", "pages/priorities_page.py", {}),
    ("targets", "pages/targets_page.py", {}),
    ("indicators", "pages/indicator_page.py", {}),
    ("indicator", "pages/indicator_page.py", {"id": "key_process_cnc_rate"}),
    ("data", "pages/data_page.py", {}),
    ("sources", "pages/sources_page.py", {}),
    ("changes", "pages/changes_page.py", {}),
]


def _tree(node) -> object:
    """An AppTest node as JSON types: a block's children in order, an element's protobuf."""
    from google.protobuf.json_format import MessageToDict

    children = getattr(node, "children", None)
    if isinstance(children, dict):
        return {
            "type": getattr(node, "type", type(node).__name__),
            "children": [_tree(children[k]) for k in sorted(children)],
        }
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "DESCRIPTOR"):
        return {"type": getattr(node, "type", ""), "proto": MessageToDict(proto)}
    return {"type": getattr(node, "type", type(node).__name__), "repr": repr(node)}


def record_pages(db: Path, out: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import record_downloads

    os.environ["TRACKER_DB"] = str(db)
    import pytest

    for lang in ("en", "zh"):
        for name, page, query in PAGES:
            with pytest.MonkeyPatch.context() as mp:
                seen = record_downloads(mp)
                at = AppTest.from_file(DASHBOARD, default_timeout=120)
                for k, v in {**query, "lang": lang}.items():
                    at.query_params[k] = v
                at.run()
                if page != "pages/overview_page.py":
                    at.switch_page(page)
                    at.run()
                tree = _tree(at._tree)
            folder = out / "pages" / f"{name}.{lang}"
            folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps(tree, ensure_ascii=False, indent=1, sort_keys=True)
            (folder / "tree.json").write_text(text, encoding="utf-8")
            for file_name, body in sorted(seen.items()):
                data = body if isinstance(body, bytes) else str(body).encode("utf-8")
                (folder / "downloads").mkdir(exist_ok=True)
                (folder / "downloads" / file_name).write_bytes(data)


def record_one(datasets: Path, out: Path, work: Path) -> None:
    from etl.build import build

    db = work / f"{out.name}.duckdb"
    build(datasets, db, AS_OF)
    env = {**os.environ, "TRACKER_DB": str(db), "TRACKER_PUBLIC_URL": PUBLIC_URL}
    import subprocess

    # Each copy in a folder of its own: an export replaces what its folder held.
    for module, folder in (("tracker.api", "api"), ("tracker.baked", "site")):
        subprocess.run(
            [sys.executable, "-m", module, "export", str(out / folder)],
            check=True,
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )
    os.environ["TRACKER_PUBLIC_URL"] = PUBLIC_URL
    record_pages(db, out)


def record(out: Path) -> None:
    from bench import synth
    from etl.build import DEFAULT_DATASETS

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        record_one(DEFAULT_DATASETS, out / "curated", work)
        synthetic = work / "synthetic-datasets"
        synth.generate(synthetic, SYNTHETIC_OBSERVATIONS)
        record_one(synthetic, out / "synthetic", work)
    print(f"recorded {sum(1 for p in out.rglob('*') if p.is_file())} files under {out}")


def compare(before: Path, after: Path) -> int:
    a = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    b = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    differ = 0
    for rel in sorted(a | b):
        if rel not in b:
            print(f"missing  {rel}")
        elif rel not in a:
            print(f"new      {rel}")
        elif (before / rel).read_bytes() != (after / rel).read_bytes():
            print(f"differs  {rel}")
            try:
                old = (before / rel).read_text(encoding="utf-8").splitlines()
                new = (after / rel).read_text(encoding="utf-8").splitlines()
                lines = [d for d in difflib.unified_diff(old, new, lineterm="", n=0)][2:8]
                for line in lines:
                    print("         " + line[:200])
            except UnicodeDecodeError:
                pass
        else:
            continue
        differ += 1
    print(f"{len(a | b)} files, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record", help="record every golden file under OUT")
    r.add_argument("out", type=Path)
    c = sub.add_parser("compare", help="list the files that differ between two recordings")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = p.parse_args(argv)
    if args.command == "record":
        record(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
