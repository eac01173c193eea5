"""What's new: the releases of the dataset, newest first, each with its summary and its changes
in words (statuses and verdicts that moved, goals added, changed or removed, rows changed)."""

from typing import Any

import streamlit as st

from etl.figures import figure_text, show_date
from etl.schema import TABLE_LABELS, field_label
from tracker import data, i18n, indicators, releases, status_style, ui
from tracker.i18n import pick
from tracker.text import code, md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)
ngettext = i18n.plural_words(lang)


def indicator_lookups() -> tuple[dict[str, dict], dict[str, str]]:
    """Each indicator's row by id, and the indicator of each target of today's data (a goal
    changed or removed in a release has its indicator there, or in the row the release
    recorded)."""
    areas = data.areas()
    shown = indicators.indicators(list(areas["area_id"])).drop_duplicates("indicator_id")
    by_id = {r["indicator_id"]: r for r in shown.to_dict("records")}
    targets = data.targets(list(areas["area_id"]), lang=lang)
    return by_id, dict(zip(targets["target_id"], targets["indicator_id"], strict=True))


def indicator_link(indicator_id: str, by_id: dict[str, dict]) -> str:
    row = by_id.get(indicator_id)
    name = pick(row, "name_en", lang) if row else indicator_id
    return ui.indicator_link(indicator_id, name)


def field_name(column: str, twins_apart: bool = False) -> str:
    """A column as a reader names it (etl.schema.field_label, translated): "match note", not
    "match_note"; its Chinese twin the same words, or with twins_apart "match note (Chinese)".
    A column without a label (none in a recorded release) as it is."""
    found = field_label(column)
    if found is None:
        return md(column)
    label, chinese = found
    if chinese and twins_apart:
        return _("{field} (Chinese)").format(field=_(label))
    return _(label)


def field_names(columns: list[str]) -> str:
    """The fields a change touched, in words, each once ("match note", not "match_note,
    match_note_zh")."""
    shown: list[str] = []
    for column in columns:
        name = field_name(column)
        if name not in shown:
            shown.append(name)
    return _(", ").join(shown)


def cell_change(change: dict) -> str:
    """One cell's change in words: a field given (a new column), emptied, or old → new."""
    field = field_name(change["column"], twins_apart=True)
    old, new = md(change["old"] or ""), md(change["new"] or "")
    if not old:
        return _("{field} given: “{new}”").format(field=field, new=new)
    if not new:
        return _("{field} emptied (was “{old}”)").format(field=field, old=old)
    return f"{field} “{old}” → “{new}”"


def row_name(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else md(table)


def state_label(field: str, value: str) -> str:
    if field == "verdict":
        return status_style.verdict_style(value).label(lang)
    return status_style.label(value, lang)


def move_text(move: dict, by_id: dict[str, dict]) -> str:
    field = _("verdict") if move["field"] == "verdict" else _("status")
    old, new = move["old"], move["new"]
    if old is None:  # the first assessment of a goal: nothing moved from
        change = _("{field} first given: {new}").format(
            field=field, new=state_label(move["field"], new)
        )
    elif new is None:
        change = _("{field} withdrawn (was {old})").format(
            field=field, old=state_label(move["field"], old)
        )
    else:
        change = f"{field} {state_label(move['field'], old)} → {state_label(move['field'], new)}"
    line = f"{indicator_link(move['indicator_id'], by_id)}: {change}"
    if move["field"] == "verdict" and move.get("verdict_value") is not None:
        row = by_id.get(move["indicator_id"]) or {}
        figure = figure_text(
            move["verdict_value"], move.get("verdict_comparator"), row.get("unit"), lang=lang
        )
        when = show_date(move.get("verdict_as_of"), lang=lang)
        line += _(", by {figure} ({date})").format(figure=md(figure), date=when)
    return line


def goal_text(target_id: str, row: dict, indicator: dict) -> str:
    """A goal as the reader reads it ("10,000 by 31 Dec 2027"): from today's data, else from
    the row the release recorded (a goal removed since); its id only when neither has it."""
    now = goals_now().get(target_id)
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


def goals_now() -> dict[str, tuple[str, str]]:
    """Each goal of today's data: its figure and deadline as the pages write them."""
    areas = list(data.areas()["area_id"])
    targets = data.targets(areas, lang=lang)
    return {
        r["target_id"]: (md(r["goal_text"]), r["deadline_text"]) for r in targets.to_dict("records")
    }


def release_section(
    r: dict, detail: dict, by_id: dict[str, dict], target_indicator: dict[str, str]
) -> dict[str, Any]:
    """One release as the page writes it: heading, summary, counts, its data package, the moves,
    the goals added, changed and removed, the rows changed (Markdown; "" or [] for none)."""
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
                shown = indicator_link(ind, by_id) + _(": ") if ind else ""
                cols = field_names([c["column"] for c in e.get("changes", [])])
                changed = _(" (changed: {fields})").format(fields=cols) if cols else ""
                goal = goal_text(e["key"], target, by_id.get(ind) or {})
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
        "moves": "\n".join(f"- {move_text(m, by_id)}" for m in detail["moves"]),
        "goals": goal_lists,
        "changed_title": _("Rows changed ({n})").format(n=len(changed)),
        "changed": "\n".join(
            f"- {row_name(name)} {code(e['key'])}"
            + _(": ")
            + _("; ").join(cell_change(c) for c in e["changes"])
            for name, e in changed
        ),
    }


def page_texts() -> dict[str, Any]:
    """What the page writes from the database, in the reader's language."""
    index = releases.releases_index()
    by_id, target_indicator = indicator_lookups()
    sections = []
    for r in index["releases"]:
        detail = releases.release_detail(r["version"])
        if detail is None:  # pragma: no cover - listed versions are the database's
            continue
        sections.append(release_section(r, detail, by_id, target_indicator))
    latest = index["releases"][0]["date"] if index["releases"] else None
    return {
        "as_of": show_date(latest, lang=lang) if latest else "",
        "version": index["version"],
        "unreleased": index["unreleased"],
        "releases": sections,
    }


# Built once per database version and language: the releases and their changes do not move
# between reruns, and reading them (every release's changes, every indicator) took most of one.
texts = data.cached(("changes_page", ui.view_query()), page_texts, lang=lang)  # links keep the view
st.title(_("What's new"))
st.markdown(
    _(
        "Every release of the dataset, newest first: what it changed since the release before. "
        "A citation of a release points at exactly the data of that release."
    )
)
if texts["as_of"]:
    st.caption(_("**As of {date}**: the date of the latest release.").format(date=texts["as_of"]))
if texts["unreleased"]:
    st.info(
        _("This build's data ({version}) has unreleased changes since the latest release.").format(
            version=md(texts["version"])
        ),
        icon=":material/pending:",
    )
for s in texts["releases"]:
    st.subheader(s["title"], anchor=s["anchor"])
    st.markdown(s["summary"])
    st.caption(s["counts"])
    if s["package"]:
        st.markdown(s["package"])
    if s["moves"]:
        st.markdown(s["moves"], unsafe_allow_html=True)  # links to indicator pages
    for goals in s["goals"]:
        st.markdown(goals, unsafe_allow_html=True)
    if s["changed"]:
        with st.expander(s["changed_title"]):
            st.markdown(s["changed"])
