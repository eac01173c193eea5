"""What's new: the releases of the dataset, newest first, each with its summary and its changes
in words (statuses and verdicts that moved, goals added, changed or removed, rows changed)."""

from urllib.parse import quote

import streamlit as st

from etl.figures import figure_text, show_date
from tracker import data, releases, status_style, ui
from tracker.i18n import _, ngettext, pick
from tracker.text import code, md

lang = ui.lang()
st.title(_("What's new"))
st.markdown(
    _(
        "Every release of the dataset, newest first: what it changed since the release before. "
        "A citation of a release points at exactly the data of that release."
    )
)
index = releases.releases_index()
if index["releases"]:
    st.caption(
        _("**As of {date}**: the date of the latest release.").format(
            date=show_date(index["releases"][0]["date"], lang=lang)
        )
    )
version = index["version"]
if index["unreleased"]:
    st.info(
        _("This build's data ({version}) has unreleased changes since the latest release.").format(
            version=md(version)
        ),
        icon=":material/pending:",
    )

areas = data.areas()
indicators = data.indicators(list(areas["area_id"])).drop_duplicates("indicator_id")
by_id = {r["indicator_id"]: r for r in indicators.to_dict("records")}
# The indicator of each target of today's data (a goal changed or removed in a release has its
# indicator there, or in the row the release recorded).
target_indicator = dict(
    zip(
        *(data.targets(list(areas["area_id"]))[c] for c in ("target_id", "indicator_id")),
        strict=True,
    )
)


def indicator_link(indicator_id: str) -> str:
    row = by_id.get(indicator_id)
    name = pick(row, "name_en") if row else indicator_id
    return f"[{md(name)}](/indicator?id={quote(indicator_id, safe='')}&lang={lang})"


def state_label(field: str, value: str | None) -> str:
    if value is None:
        return _("none")
    if field == "verdict":
        return status_style.verdict_style(value).label
    return status_style.label(value)


def move_text(move: dict) -> str:
    field = _("verdict") if move["field"] == "verdict" else _("status")
    line = (
        f"{indicator_link(move['indicator_id'])}: {field} "
        f"{state_label(move['field'], move['old'])} → {state_label(move['field'], move['new'])}"
    )
    if move["field"] == "verdict" and move.get("verdict_value") is not None:
        row = by_id.get(move["indicator_id"]) or {}
        figure = figure_text(
            move["verdict_value"], move.get("verdict_comparator"), row.get("unit"), lang=lang
        )
        when = show_date(move.get("verdict_as_of"), lang=lang)
        line += _(", by {figure} ({date})").format(figure=md(figure), date=when)
    return line


for r in index["releases"]:
    detail = releases.release_detail(r["version"])
    if detail is None:  # pragma: no cover - listed versions are the database's
        continue
    st.subheader(
        _("Release {version}, {date}").format(
            version=r["version"], date=show_date(r["date"], lang=lang)
        ),
        anchor=r["version"],
    )
    st.markdown(md(pick(r, "summary_en")))
    n = r["changes"]
    st.caption(
        _("Rows: {added} added, {changed} changed, {removed} removed.").format(
            added=n["rows_added"], changed=n["rows_changed"], removed=n["rows_removed"]
        )
        + " "
        + ngettext(
            "{n} status or verdict moved.", "{n} statuses or verdicts moved.", n["moves"]
        ).format(n=n["moves"])
    )
    if r["datapackage"]:
        st.markdown(
            _(
                "[This release's whole dataset]({address}) (Frictionless data package, zip, "
                "{size} kB), as it was served: the data a citation of release {version} means."
            ).format(
                address=r["datapackage"],
                size=max(1, round(r["datapackage_bytes"] / 1000)),
                version=r["version"],
            )
        )
    if detail["moves"]:
        st.markdown("\n".join(f"- {move_text(m)}" for m in detail["moves"]))
    goals = detail["tables"].get("targets", {})
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
                shown = indicator_link(ind) if ind else ""
                cols = ", ".join(c["column"] for c in e.get("changes", []))
                lines.append(f"- {code(e['key'])} {shown}" + (f" ({md(cols)})" if cols else ""))
            st.markdown(f"**{title}**\n\n" + "\n".join(lines))
    changed = [(name, e) for name, t in detail["tables"].items() for e in t["changed"]]
    if changed:
        with st.expander(_("Rows changed ({n})").format(n=len(changed))):
            st.markdown(
                "\n".join(
                    f"- {md(name)} {code(e['key'])}: "
                    + "; ".join(
                        f"{md(c['column'])} “{md(c['old'] or '')}” → “{md(c['new'] or '')}”"
                        for c in e["changes"]
                    )
                    for name, e in changed
                )
            )
