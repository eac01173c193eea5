"""Synthetic datasets shaped like the curated one, at any size, that pass `python -m etl validate`.

    python -m bench.synth OUT_DIR --observations 100000 [--seed 11]

The shape: 31 provinces × base indicators × monthly dates. Each base indicator becomes one series
per province (the schema has no province column, so a province's series is its own indicator,
as a provincial breakdown would be added). Every province publishes a monthly bulletin (a source
whose text holds one sentence per figure it reports, dated the 15th of the next month) and one
plan (targets for half the indicators, with deadlines 2025-12-31 and 2027-12-31, and a few
commitments or achievements per area). Values follow a compound trend with noise in the unit's
own range; one figure in ten is stated as "more than", one in fifty is not comparable.

Robust to new columns: the header of every file is the curated file's header (datasets/), and
every row is a clone of a curated row with its ids, figures, dates, references and quotes
replaced; a column this generator does not know keeps the curated row's value. The areas are
the curated areas, unchanged. The observations are spread month by month, so a size that is not
a whole number of months leaves the last month partly reported.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from etl.schema import INPUT_TABLES  # noqa: E402

CURATED = REPO / "datasets"
PROVINCES = [  # (code, English, Chinese): the 31 provincial-level divisions of the mainland
    ("bj", "Beijing", "北京"),
    ("tj", "Tianjin", "天津"),
    ("he", "Hebei", "河北"),
    ("sx", "Shanxi", "山西"),
    ("nm", "Inner Mongolia", "内蒙古"),
    ("ln", "Liaoning", "辽宁"),
    ("jl", "Jilin", "吉林"),
    ("hl", "Heilongjiang", "黑龙江"),
    ("sh", "Shanghai", "上海"),
    ("js", "Jiangsu", "江苏"),
    ("zj", "Zhejiang", "浙江"),
    ("ah", "Anhui", "安徽"),
    ("fj", "Fujian", "福建"),
    ("jx", "Jiangxi", "江西"),
    ("sd", "Shandong", "山东"),
    ("ha", "Henan", "河南"),
    ("hb", "Hubei", "湖北"),
    ("hn", "Hunan", "湖南"),
    ("gd", "Guangdong", "广东"),
    ("gx", "Guangxi", "广西"),
    ("hi", "Hainan", "海南"),
    ("cq", "Chongqing", "重庆"),
    ("sc", "Sichuan", "四川"),
    ("gz", "Guizhou", "贵州"),
    ("yn", "Yunnan", "云南"),
    ("xz", "Tibet", "西藏"),
    ("sn", "Shaanxi", "陕西"),
    ("gs", "Gansu", "甘肃"),
    ("qh", "Qinghai", "青海"),
    ("nx", "Ningxia", "宁夏"),
    ("xj", "Xinjiang", "新疆"),
]
MAX_MONTHS = 120
LAST_MONTH = date(2026, 9, 1)  # the latest month reported (as_of its last day)
PLAN_PUBLISHED = date(2021, 12, 28)
DEADLINES = (date(2025, 12, 31), date(2027, 12, 31))
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Level range and figure formats of each dataset unit: (low, high, decimals, suffix)
UNIT_SHAPE = {
    "count": (100, 10_000, 0, ""),
    "percent": (15, 75, 1, "%"),
    "trillion yuan": (0.5, 5, 2, " trillion yuan"),
    "billion yuan": (10, 900, 1, " billion yuan"),
    "yuan": (1_000, 50_000, 0, " yuan"),
}


def shape(observations: int) -> tuple[int, int]:
    """(base indicators, months) for about `observations` figures: up to MAX_MONTHS months, as
    many base indicators (each one series per province) as that needs."""
    per_month = len(PROVINCES)
    base = max(1, round(observations / (per_month * MAX_MONTHS)))
    months = min(MAX_MONTHS, max(1, math.ceil(observations / (per_month * base))))
    while base * per_month * months < observations:  # a size beyond MAX_MONTHS of base series
        base += 1
    return base, months


def read_curated(directory: Path = CURATED) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """table name -> (header, rows) of the curated files; the schema's columns where a file is
    missing."""
    out = {}
    for table in INPUT_TABLES:
        path = directory / table.file
        if path.exists():
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                out[table.name] = (list(reader.fieldnames or table.column_names), list(reader))
        else:
            out[table.name] = (list(table.column_names), [])
    return out


def clone(template: dict[str, str], header: list[str], **values) -> list[str]:
    """A row in `header`'s order: `values` where the header has them, else the template's. A
    Chinese twin (`note_zh` of `note`) follows its English cell: empty where it is empty, and
    marked synthetic Chinese where the English was given here and the Chinese was not."""
    row = {h: str(values[h]) if h in values else template.get(h, "") for h in header}
    for h in header:
        twin = h.removesuffix("_zh")
        if h.endswith("_zh") and twin in row and h not in values:
            if not row[twin]:
                row[h] = ""
            elif twin in values:
                row[h] = f"（合成）{row[twin]}"
    return [row[h] for h in header]


def month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def add_months(first: date, k: int) -> date:
    m = first.month - 1 + k
    return date(first.year + m // 12, m % 12 + 1, 1)


def figure(value: float, unit: str) -> tuple[str, str]:
    """(the CSV value, the figure as a sentence states it) in the unit's own notation."""
    _, _, decimals, suffix = UNIT_SHAPE[unit]
    if decimals == 0:
        number = round(value)
        return str(number), f"{number:,}{suffix}"
    text = f"{value:.{decimals}f}"
    return text, f"{text}{suffix}"


def plain_label(name: str) -> str:
    """An indicator's name as a sentence can carry it: no digits (a figure in a name would be
    one more number for the validator to read), lower-case first letter."""
    if any(ch.isdigit() for ch in name) or not name:
        return "indicator"
    return name[0].lower() + name[1:]


class Writer:
    def __init__(self, out: Path, name: str, header: list[str]):
        self.fh = open(out / f"{name}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.csv = csv.writer(self.fh, lineterminator="\n")
        self.csv.writerow(header)
        self.header = header
        self.rows = 0

    def write(self, template: dict[str, str], **values) -> None:
        self.csv.writerow(clone(template, self.header, **values))
        self.rows += 1

    def close(self) -> None:
        self.fh.close()


def generate(out: Path, observations: int, seed: int = 11, curated: Path = CURATED) -> dict:
    """Write a synthetic dataset of exactly `observations` observations into `out` (emptied
    first); return the row count of each table."""
    rng = random.Random(seed)
    tables = read_curated(curated)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    base, months = shape(observations)
    first_month = add_months(LAST_MONTH, -(months - 1))

    headers = {name: header for name, (header, _) in tables.items()}
    templates = {name: (rows[0] if rows else {}) for name, (_, rows) in tables.items()}
    writers = {name: Writer(out, name, headers[name]) for name in headers}

    # Areas: the curated areas, unchanged.
    area_rows = tables["areas"][1]
    for row in area_rows:
        writers["areas"].write(row)
    work_areas = [r for r in area_rows if r.get("kind") == "work_area"]
    priorities = [r for r in area_rows if r.get("kind") == "priority"]

    # Indicators: base indicator b clones curated indicator b (cyclically), one per province.
    ind_templates = tables["indicators"][1] or [{}]
    indicators = []  # (id, unit, direction, label, province, level, growth)
    for b in range(base):
        tpl = ind_templates[b % len(ind_templates)]
        unit = tpl.get("unit") if tpl.get("unit") in UNIT_SHAPE else "count"
        direction = (
            tpl.get("direction") if tpl.get("direction") in ("increase", "decrease") else "increase"
        )
        series = f" (series {b // len(ind_templates) + 1})" if b >= len(ind_templates) else ""
        for code, province, province_zh in PROVINCES:
            ind_id = f"syn{b:04d}_{code}"
            low, high, _, _ = UNIT_SHAPE[unit]
            level = rng.uniform(low, high)
            monthly = rng.uniform(0.002, 0.012) * (1 if direction == "increase" else -1)
            writers["indicators"].write(
                tpl,
                indicator_id=ind_id,
                name_en=f"{tpl.get('name_en', 'Indicator')}{series}, {province}",
                name_zh=f"{province_zh}{tpl.get('name_zh', '指标')}",
                unit=unit,
                direction=direction,
                definition=f"{tpl.get('definition', '')} Synthetic series for {province}.".strip(),
                note="",
            )
            areas_of = [work_areas[b % len(work_areas)]] if work_areas else []
            if priorities and b % 3 != 2:
                areas_of.append(priorities[b % len(priorities)])
            for area in areas_of:
                writers["indicator_areas"].write(
                    templates["indicator_areas"], indicator_id=ind_id, area_id=area["area_id"]
                )
            label = plain_label(tpl.get("name_en", ""))
            indicators.append((ind_id, unit, direction, label, province, level, monthly))

    # Monthly bulletins: one source per province and month, one sentence per figure.
    src_tpl = templates["sources"]
    obs_tpl = templates["observations"]
    by_province: dict[str, list] = {}
    for ind in indicators:
        by_province.setdefault(ind[4], []).append(ind)
    written = 0
    for k in range(months):
        month = add_months(first_month, k)
        as_of = month_end(month)
        published = month_end(month) + timedelta(days=15)
        when = f"{MONTH_NAMES[month.month - 1]} {month.year}"
        for code, province, _ in PROVINCES:
            if written >= observations:
                break
            source_id = f"syn-{code}-{month:%Y-%m}"
            sentences = []
            for ind_id, unit, _, label, _, level, monthly in by_province[province]:
                if written >= observations:
                    break
                value = level * (1 + monthly) ** k * rng.uniform(0.99, 1.01)
                if unit == "percent":
                    value = min(max(value, 0.5), 99.5)
                csv_value, stated = figure(value, unit)
                more = rng.random() < 0.1
                quote = (
                    f"In {province}, the {label} "
                    + ("exceeded " if more else "stood at ")
                    + f"{'more than ' if more else ''}{stated} at the end of {when}."
                )
                sentences.append(quote)
                writers["observations"].write(
                    obs_tpl,
                    observation_id=f"o-{ind_id}-{month:%Y-%m}",
                    indicator_id=ind_id,
                    value=csv_value,
                    comparator=">" if more else "=",
                    as_of=as_of.isoformat(),
                    date_basis="refers_to",
                    comparable="false" if rng.random() < 0.02 else "true",
                    source_id=source_id,
                    quote=quote,
                    note="",
                )
                written += 1
            if not sentences:
                continue
            text = "\n".join(sentences) + "\n"
            write_source(
                writers["sources"],
                src_tpl,
                out,
                source_id,
                text,
                title=f"{province} intelligent manufacturing bulletin, {when}",
                publisher=f"{province} Department of Industry and Information Technology",
                published_on=published,
            )

    # Plans: one per province, its targets and commitments.
    tgt_tpl = templates["targets"]
    com_tpl = templates["commitments"]
    evidence_tpl = templates.get("commitment_evidence", {})
    for code, province, _ in PROVINCES:
        source_id = f"syn-plan-{code}"
        sentences = []
        for i, (ind_id, unit, direction, label, _, level, monthly) in enumerate(
            by_province[province]
        ):
            if i % 2:
                continue
            deadline = DEADLINES[(i // 2) % len(DEADLINES)]
            months_to = (deadline.year - first_month.year) * 12 + deadline.month - first_month.month
            goal = level * (1 + monthly) ** months_to * rng.uniform(0.9, 1.2)
            if unit == "percent":
                goal = min(max(goal, 0.5), 99.5)
            csv_value, stated = figure(goal, unit)
            verb = "reach" if direction == "increase" else "be brought down to"
            quote = f"By {deadline.year}, the {label} of {province} will {verb} {stated}."
            sentences.append(quote)
            writers["targets"].write(
                tgt_tpl,
                target_id=f"t-{ind_id}-{deadline.year}",
                indicator_id=ind_id,
                value=csv_value,
                comparator=">=" if direction == "increase" else "<=",
                deadline=deadline.isoformat(),
                match="exact",
                match_note="",
                source_id=source_id,
                quote=quote,
                note="",
            )
        for area in area_rows:
            achievement = area.get("kind") == "work_area"
            for j in range(2):
                what = ("pilot projects", "supporting platforms")[j]
                name = area.get("name_en", area["area_id"]).lower()
                quote = (
                    f"{province} has advanced {name} through {what} in key industries."
                    if achievement
                    else f"{province} will advance {name} through {what} in key industries."
                )
                sentences.append(quote)
                writers["commitments"].write(
                    com_tpl,
                    commitment_id=f"c-{code}-{area['area_id']}-{j}",
                    area_id=area["area_id"],
                    kind="achievement" if achievement else "commitment",
                    text=quote,
                    deadline="" if achievement else DEADLINES[0].isoformat(),
                    source_id=source_id,
                    quote=quote,
                    note="",
                )
                if "commitment_evidence" in writers and not achievement and j == 0:
                    writers["commitment_evidence"].write(
                        evidence_tpl,
                        evidence_id=f"ev-{code}-{area['area_id']}",
                        commitment_id=f"c-{code}-{area['area_id']}-{j}",
                        as_of=PLAN_PUBLISHED,
                        source_id=source_id,
                        quote=quote,
                        note="",
                    )
        write_source(
            writers["sources"],
            src_tpl,
            out,
            source_id,
            "\n".join(sentences) + "\n",
            title=f"{province} plan for intelligent manufacturing",
            publisher=f"{province} People's Government",
            published_on=PLAN_PUBLISHED,
            kind="plan",
        )
    for w in writers.values():
        w.close()
    return {name: w.rows for name, w in writers.items()}


def write_source(writer, template, out, source_id, text, *, title, publisher, published_on, **more):
    data = text.encode("utf-8")
    text_file = f"sources/{source_id}.txt"
    (out / text_file).write_bytes(data)
    writer.write(
        template,
        source_id=source_id,
        title=title,
        publisher=publisher,
        published_on=published_on.isoformat(),
        date_precision="day",
        url=f"https://example.org/bench/{source_id}",
        language="en",
        confidence="medium",
        text_file=text_file,
        sha256=hashlib.sha256(data).hexdigest(),
        **more,
    )


def change_rows(out: Path, fraction: float = 0.01) -> int:
    """Change the quote of every 1/fraction-th observation of a synthetic dataset in place, as
    an editor would: its first clause dropped ("In Beijing, the output ..." becomes "the output
    ..."), so it still occurs verbatim in its source and states its figure, but is a quote the
    build has not read. Return how many rows changed."""
    path = out / "observations.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    q = header.index("quote")
    step = max(1, round(1 / fraction))
    changed = 0
    for row in rows[::step]:
        _head, sep, rest = row[q].partition(", ")
        if sep and rest:
            row[q] = rest
            changed += 1
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    ap.add_argument("--observations", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument(
        "--change",
        type=float,
        metavar="FRACTION",
        help="change this share of an existing OUT's quotes",
    )
    args = ap.parse_args(argv)
    if args.change:
        print(f"changed {change_rows(args.out, args.change)} quotes in {args.out}")
        return 0
    counts = generate(args.out, args.observations, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
