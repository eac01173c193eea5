"""What a release keeps, made by the app of one checkout for the database TRACKER_DB: the Data
page's full-dataset package, or the API's documents. `etl/release.py` runs this in a subprocess,
an importable entry point rather than a source string, so the import contract sees what it
imports:

    python -m tracker.release_package package OUT.zip
    python -m tracker.release_package documents OUT.zip YYYY-MM-DD

A past release is packaged by its own revision's app: etl/release.py runs this file by its path
with `python -P` and that revision's checkout alone on PYTHONPATH, so `tracker` below is the
revision's (which may predate this module).
"""

from __future__ import annotations

import argparse
import os
import zipfile
from datetime import date
from pathlib import Path


def package_bytes() -> bytes:
    """The Data page's full-dataset data package. A revision whose app served no package (the
    first curated data) is packaged by its own exporter."""
    try:
        from tracker import data

        return data.dataset_files()["zip"]
    except (ImportError, AttributeError):
        import duckdb

        from etl.schema import ALL_TABLES
        from tracker import export

        con = duckdb.connect(os.environ["TRACKER_DB"], read_only=True)
        tables = {t.name: con.execute(f"SELECT * FROM {t.name}").df() for t in ALL_TABLES}
        info = dict(zip(tables["build_info"]["key"], tables["build_info"]["value"], strict=True))
        assessed = info.get("assessed_on")
        return export.datapackage_zip(
            tables,
            ALL_TABLES,
            tables["sources"],
            created=date.fromisoformat(assessed) if assessed else None,
        )


def write_documents(out: Path, day: date) -> None:
    """Every indicator's API document (.json, .csv) and targets.json, as the app serves them,
    into the zip `out`: names under /api/v1/, sorted, every entry dated `day`, so the same
    documents make the same bytes."""
    from tracker import api, documents

    # A revision before tracker.served read its documents with api.read.
    read = api.DOCUMENTS.read if hasattr(api, "DOCUMENTS") else api.read
    names = ["targets.json"]
    for i in documents.indicator_ids():
        names += [f"indicators/{i}.json", f"indicators/{i}.csv"]
    when = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, read(api.PREFIX + name).body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tracker.release_package")
    what = parser.add_subparsers(dest="what", required=True)
    what.add_parser("package").add_argument("out", type=Path)
    kept = what.add_parser("documents")
    kept.add_argument("out", type=Path)
    kept.add_argument("day", type=date.fromisoformat)
    args = parser.parse_args(argv)
    if args.what == "package":
        args.out.write_bytes(package_bytes())
    else:
        write_documents(args.out, args.day)


if __name__ == "__main__":
    main()
