"""Command line: `python -m etl build|diff|validate|coverage|suggest|release|release-package|
release-documents`.

Exit status: 0 success, 1 invalid data (with the report on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from etl.build import DEFAULT_DATASETS, DEFAULT_DB, build, diff, load_valid
from etl.diff import format_diff
from etl.problems import InvalidData


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from err


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    datasets_help = f"folder of the curated dataset (default: {DEFAULT_DATASETS})"

    def dataset_and_database(command: argparse.ArgumentParser, as_of_default: str) -> None:
        command.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
        command.add_argument(
            "--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})"
        )
        command.add_argument(
            "--as-of",
            type=iso_date,
            default=None,
            help=f"assess progress as of this date, YYYY-MM-DD (default: {as_of_default})",
        )

    b = sub.add_parser("build", help="validate the dataset and (re)build the DuckDB database")
    dataset_and_database(b, "today")
    b.add_argument(
        "--accept-removals",
        action="store_true",
        help="build even when more than a tenth of a table's rows in the existing database "
        "would be removed (refused otherwise)",
    )
    d = sub.add_parser(
        "diff", help="list what a build would change in the database: rows and statuses"
    )
    dataset_and_database(d, "today, as a build would")
    v = sub.add_parser("validate", help="check the dataset and report every problem")
    v.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
    c = sub.add_parser("coverage", help="account for every number in every source text")
    c.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
    s = sub.add_parser("suggest", help="print candidate rows for the numbers in a new source text")
    s.add_argument("source", type=Path, help="the new source text (UTF-8 .txt)")
    s.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
    r = sub.add_parser(
        "release",
        help="record a release of the dataset: its version, date, summary and changes "
        "since the previous release (docs/releases.md)",
    )
    r.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
    r.add_argument("--summary-en", required=True, help="what this release changes, in English")
    r.add_argument("--summary-zh", required=True, help="the same in Chinese")
    r.add_argument(
        "--version",
        default=None,
        help="YYYY.MM.DD, with .2, .3 ... for later releases the same day "
        "(default: today's, or the commit's day with --from-git)",
    )
    r.add_argument(
        "--from-git",
        metavar="REV",
        default=None,
        help="release the dataset as it was at this git revision (reconstructing past releases)",
    )
    for command, what in (
        ("release-package", "the data package of a release made before packages were recorded"),
        ("release-documents", "the API documents of a release made before documents were kept"),
    ):
        k = sub.add_parser(
            command,
            help=f"record {what}: what the app of a git revision served for that release's data "
            "(docs/releases.md)",
        )
        k.add_argument("version", help="the release, as listed in releases.csv")
        k.add_argument(
            "--from-git", metavar="REV", required=True, help="the revision that served it"
        )
        k.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS, help=datasets_help)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            start = time.perf_counter()
            counts = build(
                args.datasets,
                args.db,
                args.as_of or date.today(),
                accept_removals=args.accept_removals,
            )
            elapsed = time.perf_counter() - start
            summary = ", ".join(f"{name} {n}" for name, n in counts.items())
            print(f"built {args.db} in {elapsed:.3f} s: {summary}")
            return 0
        if args.command == "diff":
            try:
                found = diff(args.datasets, args.db, args.as_of or date.today())
            except duckdb.Error as exc:
                print(f"python -m etl diff: cannot read {args.db}: {exc}", file=sys.stderr)
                return 1
            print(format_diff(found))
            return 0
        if args.command == "validate":
            data, _ = load_valid(args.datasets)
            summary = ", ".join(f"{name} {len(rows)}" for name, rows in data.items())
            print(f"{args.datasets}: valid ({summary})")
            return 0
        if args.command == "coverage":
            from etl.coverage import run_coverage

            return run_coverage(args.datasets, sys.stdout)
        if args.command == "suggest":
            from etl.suggest import run_suggest

            if not args.source.is_file():
                print(f"python -m etl suggest: no such file: {args.source}", file=sys.stderr)
                return 2
            return run_suggest(args.source, args.datasets, sys.stdout)
        if args.command == "release":
            from etl.release import cite_release, make_release, release_from_git

            texts = {"summary_en": args.summary_en, "summary_zh": args.summary_zh}
            if args.from_git:
                made, changes = release_from_git(
                    args.datasets, args.from_git, version=args.version, **texts
                )
            else:
                made, changes = make_release(args.datasets, version=args.version, **texts)
            n = changes["counts"]
            print(
                f"released {made.version} ({made.released_on.isoformat()}): rows "
                f"{n['added']} added, {n['changed']} changed, {n['removed']} removed; "
                f"{n['moves']} statuses or verdicts moved"
            )
            cff = Path(args.datasets).resolve().parent / "CITATION.cff"
            if cite_release(cff, made):
                print(f"{cff} now cites release {made.version}")
            return 0
        if args.command == "release-documents":
            from etl.release import documents_from_git

            kept = documents_from_git(args.datasets, args.version, args.from_git)
            print(f"recorded the API documents of {args.version} ({len(kept):,} bytes)")
            return 0
        if args.command == "release-package":
            from etl.release import package_from_git

            package = package_from_git(args.datasets, args.version, args.from_git)
            print(f"recorded the data package of {args.version} ({len(package):,} bytes)")
            return 0
    except InvalidData as err:
        print(err.report(), file=sys.stderr)
        if args.command == "build":
            print(f"Nothing was built; {args.db} is unchanged.", file=sys.stderr)
        if args.command in ("release", "release-package", "release-documents"):
            print("Nothing was released or recorded.", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse requires a command
