"""A release's changes in words, for the What's new page: statuses and verdicts that moved,
goals added, changed or removed, rows changed, each field named as a reader names it, never by
its column id. Reads the releases (`tracker.releases`) and today's indicators and goals; no
Streamlit: a link to an indicator's page is made by the `link` the page passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from etl.figures import figure_text, show_date
from etl.schema import TABLE_LABELS, field_label
from tracker import i18n, indicators, releases, status_style
from tracker.areas import areas as all_areas
from tracker.i18n import pick
from tracker.targets import targets
from tracker.text import code, md

# (indicator id, its name) -> the name as a link to the indicator's page (ui.indicator_link).
IndicatorLink = Callable[[str, str], str]


def indicator_lookups(lang: str) -> tuple[dict[str, dict], dict[str, str]]:
    """Each indicator's row by id, and the indicator of each target of today's data (a goal
    changed or removed in a release has its indicator there, or in the row the release
    recorded)."""
    areas = all_areas()
    shown = indicators.indicators(list(areas["area_id"])).drop_duplicates("indicator_id")
    by_id = {r["indicator_id"]: r for r in shown.to_dict("records")}
    shown_goals = targets(list(areas["area_id"]), lang=lang)
    return by_id, dict(zip(shown_goals["target_id"], shown_goals["indicator_id"], strict=True))


def _indicator_named(
    indicator_id: str, by_id: dict[str, dict], link: IndicatorLink, lang: str
) -> str:
    """The indicator's name in `lang` (its id when the data no longer has it) as `link` makes
    a link of it."""
    row = by_id.get(indicator_id)
    name = pick(row, "name_en", lang) if row else indicator_id
    return link(indicator_id, name)


def field_name(column: str, lang: str, twins_apart: bool = False) -> str:
    """A column as a reader names it (etl.schema.field_label, translated): "match note", not
    "match_note"; its Chinese twin the same words, or with twins_apart "match note (Chinese)".
    A column without a label (none in a recorded release) as it is."""
    _ = i18n.words(lang)
    found = field_label(column)
    if found is None:
        return md(column)
    label, chinese = found
    if chinese and twins_apart:
        return _("{field} (Chinese)").format(field=_(label))
    return _(label)


def field_names(columns: list[str], lang: str) -> str:
    """The fields a change touched, in words, each once ("match note", not "match_note,
    match_note_zh")."""
    _ = i18n.words(lang)
    shown: list[str] = []
    for column in columns:
        name = field_name(column, lang)
        if name not in shown:
            shown.append(name)
    return _(", ").join(shown)


def cell_change(change: dict, lang: str) -> str:
    """One cell's change in words: a field given (a new column), emptied, or old → new."""
    _ = i18n.words(lang)
    field = field_name(change["column"], lang, twins_apart=True)
    old, new = md(change["old"] or ""), md(change["new"] or "")
    if not old:
        return _("{field} given: “{new}”").format(field=field, new=new)
    if not new:
        return _("{field} emptied (was “{old}”)").format(field=field, old=old)
    return f"{field} “{old}” → “{new}”"


def table_row_name(table: str, lang: str) -> str:
    """A table's row as a reader names it ("goal", not "targets"); an unlabelled table as it is."""
    _ = i18n.words(lang)
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else md(table)


def state_label(field: str, value: str, lang: str) -> str:
    """A status or (`field` "verdict") a verdict by its name in `lang`."""
    if field == "verdict":
        return status_style.verdict_style(value).label(lang)
    return status_style.label(value, lang)


def move_text(move: dict, by_id: dict[str, dict], link: IndicatorLink, lang: str) -> str:
    """A status or verdict that moved, in words: the indicator, old → new, and for a verdict the
    figure and date it was judged by."""
    _ = i18n.words(lang)
    field = _("verdict") if move["field"] == "verdict" else _("status")
    old, new = move["old"], move["new"]
    if old is None:  # the first assessment of a goal: nothing moved from
        change = _("{field} first given: {new}").format(
            field=field, new=state_label(move["field"], new, lang)
        )
    elif new is None:
        change = _("{field} withdrawn (was {old})").format(
            field=field, old=state_label(move["field"], old, lang)
        )
    else:
        before, after = (state_label(move["field"], v, lang) for v in (old, new))
        change = f"{field} {before} → {after}"
    line = f"{_indicator_named(move['indicator_id'], by_id, link, lang)}: {change}"
    if move["field"] == "verdict" and move.get("verdict_value") is not None:
        row = by_id.get(move["indicator_id"]) or {}
        figure = figure_text(
            move["verdict_value"], move.get("verdict_comparator"), row.get("unit"), lang=lang
        )
        when = show_date(move.get("verdict_as_of"), lang=lang)
        line += _(", by {figure} ({date})").format(figure=md(figure), date=when)
    return line


def release_goal_text(target_id: str, row: dict, indicator: dict, lang: str) -> str:
    """A goal as the reader reads it ("10,000 by 31 Dec 2027"): from today's data, else from
    the row the release recorded (a goal removed since); its id only when neither has it."""
    _ = i18n.words(lang)
    now = goals_now(lang).get(target_id)
    if now is not None:
        return _("{goal} by {deadline}").format(goal=now[0], deadline=now[1])
    if row.get("value") not in (None, "") and row.get("deadline"):
        figure = figure_text(
            float(row["value"]), row.get("comparator"), indicator.get("unit"), lang=lang
        )
        return _("{goal} by {deadline}").format(
            goal=md(figure), deadline=show_date(row["deadline"], lang=lang)
        )
    return code(target_id)


def goals_now(lang: str) -> dict[str, tuple[str, str]]:
    """Each goal of today's data: its figure and deadline as the pages write them."""
    shown_goals = targets(list(all_areas()["area_id"]), lang=lang)
    return {
        r["target_id"]: (md(r["goal_text"]), r["deadline_text"])
        for r in shown_goals.to_dict("records")
    }


def release_section(
    r: dict,
    detail: dict,
    by_id: dict[str, dict],
    target_indicator: dict[str, str],
    link: IndicatorLink,
    lang: str,
) -> dict[str, Any]:
    """One release as the page writes it: heading, summary, counts, its data package, the moves,
    the goals added, changed and removed, the rows changed (Markdown; "" or [] for none)."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    n = r["changes"]
    package = (
        _(
            "[This release's whole dataset]({address}) (Frictionless data package, zip, "
            "{size} kB), as it was served: the data a citation of release {version} means."
        ).format(
            address=r["datapackage"],
            size=max(1, round(r["datapackage_bytes"] / 1000)),
            version=r["version"],
        )
        if r["datapackage"]
        else ""
    )
    goals = detail["tables"].get("targets", {})
    goal_lists = []
    for kind, title in (
        ("added", _("Goals added")),
        ("changed", _("Goals changed")),
        ("removed", _("Goals removed")),
    ):
        entries = goals.get(kind, [])
        if entries:
            lines = []
            for e in entries:
                target = e.get("row") or {}
                ind = target.get("indicator_id") or target_indicator.get(e["key"])
                shown = _indicator_named(ind, by_id, link, lang) + _(": ") if ind else ""
                cols = field_names([c["column"] for c in e.get("changes", [])], lang)
                changed = _(" (changed: {fields})").format(fields=cols) if cols else ""
                goal = release_goal_text(e["key"], target, by_id.get(ind) or {}, lang)
                lines.append(f"- {shown}{goal}{changed}")
            goal_lists.append(f"**{title}**\n\n" + "\n".join(lines))
    changed = [(name, e) for name, t in detail["tables"].items() for e in t["changed"]]
    return {
        "title": _("Release {version}, {date}").format(
            version=r["version"], date=show_date(r["date"], lang=lang)
        ),
        "anchor": r["version"],
        "summary": md(pick(r, "summary_en", lang)),
        "counts": _("Rows: {added} added, {changed} changed, {removed} removed.").format(
            added=n["rows_added"], changed=n["rows_changed"], removed=n["rows_removed"]
        )
        + " "
        + ngettext(
            "{n} status or verdict moved.", "{n} statuses or verdicts moved.", n["moves"]
        ).format(n=n["moves"]),
        "package": package,
        "moves": "\n".join(f"- {move_text(m, by_id, link, lang)}" for m in detail["moves"]),
        "goals": goal_lists,
        "changed_title": _("Rows changed ({n})").format(n=len(changed)),
        "changed": "\n".join(
            f"- {table_row_name(name, lang)} {code(e['key'])}"
            + _(": ")
            + _("; ").join(cell_change(c, lang) for c in e["changes"])
            for name, e in changed
        ),
    }


def releases_in_words(lang: str, link: IndicatorLink) -> dict[str, Any]:
    """What the What's new page writes from the database, in `lang`: the latest release's date,
    the data's version and whether it is unreleased, and each release's section
    (`release_section`), an indicator named as `link` makes a link of it."""
    index = releases.releases_index()
    by_id, target_indicator = indicator_lookups(lang)
    sections = []
    for r in index["releases"]:
        detail = releases.release_detail(r["version"])
        if detail is None:  # pragma: no cover - listed versions are the database's
            continue
        sections.append(release_section(r, detail, by_id, target_indicator, link, lang))
    latest = index["releases"][0]["date"] if index["releases"] else None
    return {
        "as_of": show_date(latest, lang=lang) if latest else "",
        "version": index["version"],
        "unreleased": index["unreleased"],
        "releases": sections,
    }
