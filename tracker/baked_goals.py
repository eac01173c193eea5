"""The baked goals page (`/goals`, `/zh/goals`): every target with its verdict, from the API's
targets document; and the baked pages' HTML 404.
"""

from __future__ import annotations

from typing import Any

from etl import figures
from tracker import (
    documents,
    i18n,
    site,
    status_style,
)
from tracker.baked_page import (
    HTML_LANG,
    LANGS,
    absolute,
    api_document,
    el,
    esc,
    goal_text,
    goals_path,
    html_link,
    html_table,
    json_ld,
    page,
    page_title,
    scope_text,
    status_html,
    strong,
    verdict_html,
)
from tracker.routing import shown_address

# --- the goals ---------------------------------------------------------------------------------


def latest_text(entry: dict[str, Any], lang: str) -> str:
    """A catalogue entry's latest figure with its date, or "no reported value"."""
    _ = i18n.words(lang)
    latest = entry["latest"]
    if not latest:
        return figures.no_value(lang)
    return _("{figure}, {date}").format(
        figure=figures.figure_text(latest["value"], latest["comparator"], entry["unit"], lang=lang),
        date=figures.show_date(latest["as_of"], lang=lang),
    )


def goals_page(lang: str) -> bytes:
    """Every goal with its verdict or status, the deciding figure and a link to its indicator's
    page: the 2025 goals first (the answer to "were they met?"), then the goals after 2025."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    catalogue = {c["id"]: c for c in api_document(site.API + "/indicators.json")["indicators"]}
    targets = api_document(site.API + "/targets.json")["targets"]
    due = [t for t in targets if t["horizon"] == "2025"]
    later = [t for t in targets if t["horizon"] != "2025"]
    paths = {lg: goals_path(lg) for lg in LANGS}

    verdicts = list(status_style.VERDICT_STYLES)

    def order(t: dict[str, Any]) -> tuple:
        """Met first, then not met, then no verdict; by deadline and indicator within."""
        outcome = (t.get("verdict") or {}).get("outcome") or "no_verdict"
        return (verdicts.index(outcome), t["deadline"] or "", t["indicator_id"], t["id"])

    def rows(group: list[dict[str, Any]], with_verdict: bool) -> list[list[str]]:
        out = []
        for t in sorted(group, key=order):
            entry = catalogue[t["indicator_id"]]
            unit = entry["unit"]
            name = entry["name_zh"] if lang == "zh" else entry["name_en"]
            cells = [
                html_link(site.indicator_address(t["indicator_id"], "page", lang=lang), name),
                strong(goal_text(t["value"], t["comparator"], unit, t["deadline"], lang))
                + scope_text(t, lang),
            ]
            if with_verdict:
                cells.append(verdict_html(t, unit, lang))
            cells.append(status_html(t, lang))
            cells.append(esc(latest_text(entry, lang)))
            out.append(cells)
        return out

    counts: dict[str, int] = {}
    for t in due:
        outcome = (t.get("verdict") or {}).get("outcome") or "no_verdict"
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = _(", ").join(
        f"{n} {status_style.verdict_style(k).label(lang)}"
        for k, n in sorted(
            counts.items(), key=lambda kv: list(status_style.VERDICT_STYLES).index(kv[0])
        )
    )
    intro = ngettext(
        "Of {n} goal due by the end of 2025: {summary}.",
        "Of {n} goals due by the end of 2025: {summary}.",
        len(due),
    ).format(n=len(due), summary=summary)
    base_labels = [_("Indicator"), _("Goal")]
    body = [
        el("h1", _("Were the 2025 goals met?")),
        f"<p>{esc(intro)}</p>",
        "<p>"
        + esc(
            _(
                "Each goal's verdict is decided by a figure for its deadline; the status is how "
                "the latest comparable figure stands against the goal. Every figure has its "
                "source, date and quote on its indicator's page."
            )
        )
        + "</p>",
        el("h2", _("Goals due by 2025")),
        html_table(
            _(
                "Every goal due by the end of 2025, with its verdict and the figure that "
                "decides it."
            ),
            [*base_labels, _("2025 verdict"), _("Status"), _("Latest figure")],
            rows(due, True),
        ),
        el("h2", _("Goals after 2025")),
        html_table(
            _("Every goal due after 2025, with its progress status."),
            [*base_labels, _("Status"), _("Latest figure")],
            rows(later, False),
        ),
        el("h2", _("Indicators with no goal")),
        html_table(
            _("Every other indicator the tracker follows, with its latest figure."),
            [_("Indicator"), _("Latest figure")],
            [
                [
                    html_link(
                        site.indicator_address(c["id"], "page", lang=lang),
                        c["name_zh"] if lang == "zh" else c["name_en"],
                    ),
                    esc(latest_text(c, lang)),
                ]
                for c in catalogue.values()
                if c["id"] not in {t["indicator_id"] for t in targets}
            ],
        ),
        "<p>"
        + html_link(
            "/targets" + ("?lang=zh" if lang == "zh" else ""), _("Explore in the dashboard")
        )
        + "</p>",
    ]
    title = page_title(_("Were the 2025 goals met?"), lang)
    description = intro + " " + _("Every goal with its verdict or status and the deciding figure.")
    ld = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": _(site.TITLE) + ": " + _("Goals"),
        "description": description,
        "url": absolute(goals_path(lang)),
        "inLanguage": HTML_LANG[lang],
        "license": documents.LICENCE["path"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": site.TITLE, "url": absolute("/")},
        "version": documents.version(),
        "dateModified": documents.build_info().get("latest_source_date") or "",
        "spatialCoverage": {"@type": "Place", "name": "China"},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(site.API + "/targets.json"),
            }
        ],
    }
    return page(lang, title, description, paths, "\n".join(body), head=json_ld(ld))


def not_found_page(asked: str, lang: str) -> bytes:
    """The 404 page: the address asked for, escaped and cut short, and where to go."""
    _ = i18n.words(lang)
    body = (
        el("h1", _("Page not found"))
        + "<p>"
        + (
            _("There is no page at {address}.").format(
                address=f"<code>{esc(shown_address(asked))}</code>"
            )
            if asked
            else esc(_("There is no page at this address."))
        )
        + "</p><p>"
        + _("Every goal and its indicator are listed on {goals}.").format(
            goals=html_link(goals_path(lang), _("the goals page"))
        )
        + "</p>"
    )
    paths = {lg: goals_path(lg) for lg in LANGS}
    title = page_title(_("Page not found"), lang)
    return page(lang, title, _("Page not found"), paths, body, indexable=False)
