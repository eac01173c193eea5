"""Pandas shaping for the pages: display texts, chart frames, downloads and headline changes.

Every function takes the frames `tracker.store` returned for a query of `tracker.queries` and
returns a new frame; no SQL, no Streamlit. Figures and dates are written by `etl.figures`.

A *chart frame* holds exactly the rows a chart plots: its public columns (DOWNLOAD_COLUMNS) are
the CSV offered beside the chart; columns starting with "_" are for the chart only. The chart and
its download are built from the same frame so they cannot diverge. Inside a frame a comparator
is its symbol (`_comparator`); the public `comparator` column holds it in words, for the CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from etl import figures as fmt
from etl.schema import ALL_TABLES
from tracker import export, safe_csv, status_style

DOWNLOAD_COLUMNS = [
    "indicator",
    "area",
    "date",
    "value",
    "comparator",
    "unit",
    "target",
    "deadline",
    "status",
    "source_title",
    "source_address",
    "quote",
    "record",  # observation, target or projection
    "comparable",  # observations: true/false (false: shown, not used for status)
    "date_basis",  # observations: stated (date it was stated) or refers_to (date it describes)
    "note",
]
PROJECTION_SOURCE = "Projection by this tracker: the observed growth rate carried to the deadline"


# --- display texts ----------------------------------------------------------------------------


def _figure_texts(frame: pd.DataFrame, value: str, comparator: str) -> list[str]:
    """Each row's figure as stated ("> 340"), from a value and a comparator column."""
    return [
        fmt.figure_text(v, c, u)
        for v, c, u in zip(frame[value], frame[comparator], frame["unit"], strict=True)
    ]


def _precisions(frame: pd.DataFrame, prefix: str = "") -> list[str]:
    """Each row's date precision: a figure dated by its source's publication inherits the
    source's precision (columns `{prefix}as_of`, `{prefix}date_basis`, `{prefix}source_date`,
    `{prefix}source_precision`)."""
    columns = ("as_of", "date_basis", "source_date", "source_precision")
    return [
        fmt.observation_precision(*row)
        for row in zip(*(frame[prefix + c] for c in columns), strict=True)
    ]


def _dates(values: Iterable[Any], precisions: Iterable[str] | None = None) -> list[str]:
    if precisions is None:
        return [fmt.show_date(d) for d in values]
    return [fmt.show_date(d, p) for d, p in zip(values, precisions, strict=True)]


def observation_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Observations (observations_query) with their display texts: figure, date with the
    right precision."""
    frame = frame.copy()
    precision = _precisions(frame)
    frame["precision"] = precision
    frame["figure"] = _figure_texts(frame, "value", "comparator")
    frame["date_text"] = _dates(frame["as_of"], precision)
    frame["date_iso"] = [fmt.iso_date(d, p) for d, p in zip(frame["as_of"], precision, strict=True)]
    return frame


def target_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Targets (targets_query) with display texts: figures, dates, status with icon."""
    frame = frame.copy()
    frame["target_text"] = _figure_texts(frame, "target_value", "target_comparator")
    frame["latest_text"] = _figure_texts(frame, "latest_value", "latest_comparator")
    frame["latest_precision"] = _precisions(frame, "latest_")
    frame["latest_date_text"] = _dates(frame["latest_as_of"], frame["latest_precision"])
    frame["deadline_text"] = _dates(frame["deadline"])
    frame["status_text"] = [status_style.text(s) for s in frame["status"]]
    frame["trend_text"] = [
        status_style.text(s) if isinstance(s, str) else "" for s in frame["trend_status"]
    ]
    return frame


def commitment_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Commitments (commitments_query) with their source's date and deadline as texts."""
    frame = frame.copy()
    frame["source_date_text"] = _dates(frame["source_date"], frame["source_precision"])
    frame["deadline_text"] = _dates(frame["deadline"])
    return frame


def area_labels(indicator_areas: pd.DataFrame) -> dict[str, str]:
    """indicator_id -> names of its areas (indicator_areas_query), joined with "; "."""
    return {
        ind: "; ".join(group["area_name"])
        for ind, group in indicator_areas.groupby("indicator_id", sort=False)
    }


# --- chart frames -----------------------------------------------------------------------------


def _empty_chart_frame() -> pd.DataFrame:
    internal = [
        "_indicator_id",
        "_target_id",
        "_x",
        "_comparator",
        "_status",
        "_figure",
        "_date_text",
    ]
    return pd.DataFrame(columns=[*DOWNLOAD_COLUMNS, *internal])


def _observation_rows(obs: pd.DataFrame, areas_of: dict[str, str], tg: pd.DataFrame):
    rows = []
    for r in obs.itertuples(index=False):
        its = tg[tg["indicator_id"] == r.indicator_id]
        rows.append(
            {
                "indicator": r.indicator_name,
                "area": areas_of.get(r.indicator_id, ""),
                "date": r.date_iso,
                "value": float(r.value),
                "comparator": fmt.comparator_words(r.comparator),
                "_comparator": r.comparator,
                "unit": r.unit,
                "target": "; ".join(
                    fmt.figure_text(v, c, r.unit, words=True)
                    for v, c in zip(its["target_value"], its["target_comparator"], strict=True)
                ),
                "deadline": "; ".join(fmt.iso_date(d) for d in its["deadline"]),
                "status": "; ".join(dict.fromkeys(status_style.label(s) for s in its["status"])),
                "source_title": r.source_title,
                "source_address": r.source_url,
                "quote": r.quote,
                "record": "observation",
                "comparable": "true" if r.comparable else "false",
                "date_basis": r.date_basis,
                "note": "" if fmt.missing(r.note) else r.note,
                "_indicator_id": r.indicator_id,
                "_target_id": "",
                "_observation_id": r.observation_id,
                "_x": pd.Timestamp(r.as_of),
                "_status": its["status"].iloc[0] if len(its) else "",
                "_figure": r.figure,
                "_date_text": fmt.date_phrase(r.as_of, r.date_basis, r.precision),
                "_comparable": bool(r.comparable),
                "_source_date": pd.Timestamp(r.source_date),
                "_source_date_text": fmt.show_date(r.source_date, r.source_precision),
            }
        )
    return rows


def _target_row(t: Any, areas_of: dict[str, str]) -> dict[str, Any]:
    return {
        "indicator": t.indicator_name,
        "area": areas_of.get(t.indicator_id, ""),
        "date": fmt.iso_date(t.deadline),
        "value": float(t.target_value),
        "comparator": fmt.comparator_words(t.target_comparator),
        "_comparator": t.target_comparator,
        "unit": t.unit,
        "target": fmt.figure_text(t.target_value, t.target_comparator, t.unit, words=True),
        "deadline": fmt.iso_date(t.deadline),
        "status": status_style.label(t.status),
        "source_title": t.target_source_title,
        "source_address": t.target_source_url,
        "quote": t.target_quote,
        "record": "target",
        "comparable": "",
        "date_basis": "",
        "note": " ".join(
            x for x in (t.match_note if t.match == "proxy" else "", t.status_note) if x
        ),
        "_indicator_id": t.indicator_id,
        "_target_id": t.target_id,
        "_observation_id": "",
        "_x": pd.Timestamp(t.deadline),
        "_status": t.status,
        "_figure": t.target_text,
        "_date_text": f"by {t.deadline_text}",
        "_comparable": True,
        "_source_date": pd.Timestamp(t.target_source_date),
        "_source_date_text": fmt.show_date(t.target_source_date, t.target_source_precision),
        "_match": t.match,
    }


def _finish(rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return _empty_chart_frame()
    return pd.DataFrame(rows).reset_index(drop=True)


def series_frame(
    obs: pd.DataFrame, tg: pd.DataFrame, areas_of: dict[str, str], indicator_id: str | None = None
) -> pd.DataFrame:
    """Every observation (`observation_texts`), then a row per target (`target_texts`), of the
    areas' indicators or of one indicator: what an indicator's time-series chart plots (points,
    and the target line at its deadline). `areas_of` is `area_labels` of the areas."""
    if indicator_id is not None:
        obs = obs[obs["indicator_id"] == indicator_id]
        tg = tg[tg["indicator_id"] == indicator_id]
    rows = _observation_rows(obs, areas_of, tg)
    rows += [_target_row(t, areas_of) for t in tg.itertuples(index=False)]
    return _finish(rows)


def targets_frame(tg: pd.DataFrame, areas_of: dict[str, str]) -> pd.DataFrame:
    """One row per target (`target_texts`): its latest comparable value against the target
    (date = the value's date; source and quote = the value's source; the target's own source is
    in `note`)."""
    rows = []
    for t in tg.itertuples(index=False):
        has_value = not fmt.missing(t.latest_value)
        target_source = f"Target: {t.target_source_title} ({t.target_source_url})"
        rows.append(
            {
                "indicator": t.indicator_name,
                "area": areas_of.get(t.indicator_id, ""),
                "date": fmt.iso_date(t.latest_as_of, t.latest_precision) if has_value else "",
                "value": float(t.latest_value) if has_value else None,
                "comparator": fmt.comparator_words(t.latest_comparator) if has_value else "",
                "_comparator": t.latest_comparator if has_value else "",
                "unit": t.unit,
                "target": fmt.figure_text(t.target_value, t.target_comparator, t.unit, words=True),
                "deadline": fmt.iso_date(t.deadline),
                "status": status_style.label(t.status),
                "source_title": t.latest_source_title if has_value else "",
                "source_address": t.latest_source_url if has_value else "",
                "quote": t.latest_quote if has_value else "",
                "record": "target",
                "comparable": "true" if has_value else "",
                "date_basis": t.latest_date_basis if has_value else "",
                "note": " ".join(
                    x
                    for x in (
                        t.status_note,
                        f"Proxy: {t.match_note}" if t.match == "proxy" else "",
                        target_source,
                    )
                    if x
                ),
                "_indicator_id": t.indicator_id,
                "_target_id": t.target_id,
                "_observation_id": t.latest_observation_id if has_value else "",
                "_x": pd.Timestamp(t.latest_as_of) if has_value else pd.NaT,
                "_status": t.status,
                "_status_text": t.status_text,
                "_figure": t.latest_text,
                "_target_text": t.target_text,
                "_date_text": (
                    fmt.date_phrase(t.latest_as_of, t.latest_date_basis, t.latest_precision)
                    if has_value
                    else ""
                ),
                "_deadline_text": t.deadline_text,
                "_percent": None if fmt.missing(t.percent_of_target) else t.percent_of_target,
                "_percent_text": fmt.percent_of_target(
                    t.percent_of_target, t.latest_comparator, t.direction
                ),
                "_match": t.match,
                "_match_note": "" if fmt.missing(t.match_note) else t.match_note,
                "_target_source": t.target_source_title,
                "_target_quote": t.target_quote,
                "_status_note": t.status_note,
                "_trend_text": t.trend_text,
                "_comparable": True,
                "_source_date": (
                    pd.Timestamp(t.latest_source_date)
                    if has_value
                    else pd.Timestamp(t.target_source_date)
                ),
                "_source_date_text": (
                    fmt.show_date(t.latest_source_date, t.latest_source_precision)
                    if has_value
                    else ""
                ),
                "_unit": t.unit,
            }
        )
    return _finish(rows)


def trajectory_frame(
    target_id: str, tg: pd.DataFrame, obs: pd.DataFrame, areas_of: dict[str, str]
) -> pd.DataFrame:
    """What a target's trajectory chart plots: the indicator's observations (the baseline and
    latest comparable ones marked in `_role`), the target at its deadline and, where the status
    method computed one, the projection of the observed rate to the deadline. `tg` and `obs`
    as for `series_frame`."""
    tg = tg[tg["target_id"] == target_id]
    if tg.empty:
        return _empty_chart_frame()
    t = next(tg.itertuples(index=False))
    obs = obs[obs["indicator_id"] == t.indicator_id]
    rows = _observation_rows(obs, areas_of, tg)
    for row in rows:
        oid = row["_observation_id"]
        row["_role"] = (
            "baseline"
            if oid == t.baseline_observation_id
            else "latest"
            if oid == t.latest_observation_id
            else ""
        )
        row["_target_id"] = t.target_id
    target = _target_row(t, areas_of)
    target["_role"] = "target"
    rows.append(target)
    if not fmt.missing(t.projected_value) and not fmt.missing(t.latest_value):
        projection = dict(target)
        projection.update(
            {
                "value": float(t.projected_value),
                "comparator": "",
                "_comparator": "=",
                "source_title": PROJECTION_SOURCE,
                "source_address": "",
                "quote": "",
                "record": "projection",
                "note": (
                    f"Observed growth from {fmt.show_date(t.baseline_as_of)} to "
                    f"{fmt.show_date(t.latest_as_of)} ({t.rate_method} rate) continued to the "
                    "deadline."
                ),
                "_figure": fmt.figure_text(t.projected_value, "=", t.unit),
                "_role": "projection",
                "_date_text": f"projected for {t.deadline_text}",
            }
        )
        rows.append(projection)
    return _finish(rows)


def download_frame(chart_frame: pd.DataFrame) -> pd.DataFrame:
    """The public columns of a chart frame: the rows of the chart, nothing else. Numbers are
    written as `etl.figures.plain_number` writes them (340, not 340.0)."""
    out = chart_frame[DOWNLOAD_COLUMNS].reset_index(drop=True).copy()
    out["value"] = [fmt.plain_number(v) for v in out["value"]]
    return out


def csv_bytes(chart_frame: pd.DataFrame) -> bytes:
    return safe_csv.frame_csv(download_frame(chart_frame), numeric={"value"}).encode("utf-8")


def dataset_files(tables: Mapping[str, pd.DataFrame]) -> dict[str, bytes]:
    """The full-dataset downloads ("csv", "xlsx", "zip") from every table of the dataset."""
    info = dict(zip(tables["build_info"]["key"], tables["build_info"]["value"], strict=True))
    assessed = info.get("assessed_on")
    return {
        "csv": export.dataset_csv(tables),
        "xlsx": export.excel_workbook(tables),
        "zip": export.datapackage_zip(
            tables,
            ALL_TABLES,
            tables["sources"],
            created=date.fromisoformat(assessed) if assessed else None,
        ),
    }


# --- headline figures -------------------------------------------------------------------------


def headlines(targets: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator with a target (`targets` is a `targets_frame`): latest comparable
    figure, the one before it (`obs`: `observation_texts`), the change between them, the target
    and its deadline. Indicators without a value come last."""
    if targets.empty:
        return targets
    tg = targets.drop_duplicates("_indicator_id", keep="first").copy()
    obs = obs[obs["comparable"] & obs["indicator_id"].isin(tg["_indicator_id"])]
    previous_text, change_text, delta, since = [], [], [], []
    for r in tg.to_dict("records"):
        earlier = obs[(obs["indicator_id"] == r["_indicator_id"]) & (obs["as_of"] < r["_x"])]
        if fmt.missing(r["value"]) or earlier.empty:
            previous_text.append("")
            change_text.append("")
            delta.append("")
            since.append("")
            continue
        prev = earlier.sort_values("as_of").iloc[-1]
        previous_text.append(f"{prev['figure']} ({prev['date_text']})")
        change = float(r["value"]) - float(prev["value"])
        # "> 140" to "> 150" is not a change of 10: say the change is between stated bounds.
        bounds = bool({prev["comparator"], r["_comparator"]} - {"="})
        qualifier = " (between stated bounds)" if bounds else ""
        since.append(f"since {prev['date_text']}")
        previous_text[-1] += "; the change is between stated bounds" if bounds else ""
        delta.append(fmt.change_text(change, r["unit"]))
        change_text.append(f"{delta[-1]} {since[-1]}{qualifier}")
    tg["_previous"] = previous_text
    tg["_change"] = change_text
    tg["_delta"] = delta
    tg["_since"] = since
    tg["_has_value"] = ~tg["value"].isna()
    return tg.sort_values("_has_value", ascending=False, kind="stable").reset_index(drop=True)


def latest_source_date(*frames: pd.DataFrame) -> str:
    """The latest source date among the rows shown (for a page's "as of" line)."""
    best, text = None, ""
    for frame in frames:
        if frame is None or frame.empty or "_source_date" not in frame:
            continue
        for d, t in zip(frame["_source_date"], frame["_source_date_text"], strict=True):
            if fmt.missing(d) or not t:
                continue
            if best is None or d > best:
                best, text = d, t
    return text


def latest_date(dates_and_precisions) -> str:
    """The latest of (date, precision) pairs, shown with its precision; "" if none."""
    pairs = [(fmt.to_date(d), p) for d, p in dates_and_precisions if not fmt.missing(d)]
    if not pairs:
        return ""
    d, p = max(pairs, key=lambda x: x[0])
    return fmt.show_date(d, p)
