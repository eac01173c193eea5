"""One indicator's baked page (`/indicators/<id>`, `/zh/indicators/<id>`): its figures, targets
and sources from its API document, with what search engines, link previews and reference managers
read (schema.org Dataset, Open Graph, citation meta tags).
"""

from __future__ import annotations

from typing import Any

from etl import figures
from etl.schema import STALE_MONTHS
from tracker import (
    baked_svg,
    documents,
    i18n,
    releases,
    share_image,
    site,
)
from tracker.baked_page import (
    CITE_FILES,
    CONFIDENCE,
    HTML_LANG,
    LANGS,
    absolute,
    el,
    esc,
    field_in,
    goal_text,
    html_link,
    html_table,
    json_ld,
    latest_observation,
    lineage_lines,
    match_words,
    meta_tag,
    name_in,
    observation_date,
    page,
    page_title,
    quote_html,
    scope_text,
    served_indicator,
    source_link,
    status_html,
    strong,
    verdict_html,
)


def _dataset_ld(doc: dict[str, Any], lang: str, description: str) -> dict[str, Any]:
    """schema.org Dataset, as Google Dataset Search reads it."""
    meta = doc["indicator"]
    dates = [o["as_of"] for o in doc["observations"] if o["as_of"]]
    dates += [t["deadline"] for t in doc["targets"] if t["deadline"]]
    modified = last_modified(doc)
    tracker = {"@type": "Organization", "name": site.TITLE, "url": absolute("/")}
    ld: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": name_in(meta, lang),
        "alternateName": meta["name_zh"] if lang == "en" else meta["name_en"],
        "description": description,
        "url": absolute(site.indicator_address(meta["id"], "page", lang=lang)),
        "identifier": meta["id"],
        "inLanguage": HTML_LANG[lang],
        "license": documents.LICENCE["path"],
        "isAccessibleForFree": True,
        "creator": tracker,
        "publisher": tracker,
        "version": doc["version"],
        "dateModified": modified,
        "spatialCoverage": {"@type": "Place", "name": "China"},
        "variableMeasured": {
            "@type": "PropertyValue",
            "name": meta["name_en"],
            "description": meta.get("definition") or meta["name_en"],
            "unitText": meta["unit"],
        },
        "isPartOf": {"@type": "Dataset", "name": site.TITLE, "url": absolute("/")},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": absolute(meta["csv"]),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(meta["json"]),
            },
        ],
    }
    if dates:
        ld["temporalCoverage"] = f"{min(dates)}/{max(dates)}"
    return ld


def last_modified(doc: dict[str, Any]) -> str:
    """The latest date a source of the indicator was published (what last changed what the page
    says), else the build's latest source date."""
    found = [o["source"]["published"] for o in doc["observations"] if o["source"]["published"]]
    found += [t["source"]["published"] for t in doc["targets"] if t["source"]["published"]]
    return max(found) if found else (documents.build_info().get("latest_source_date") or "")


def _citation_tags(doc: dict[str, Any], lang: str) -> str:
    """Highwire Press tags, as Zotero's page translator reads them."""
    meta = doc["indicator"]
    published = _release_date()
    tags = [
        meta_tag("citation_title", page_title(name_in(meta, lang), lang)),
        meta_tag("citation_author", site.TITLE),
        meta_tag("citation_publisher", site.TITLE),
        meta_tag("citation_version", doc["version"]),
        meta_tag(
            "citation_public_url", absolute(site.indicator_address(meta["id"], "page", lang=lang))
        ),
        meta_tag("citation_language", HTML_LANG[lang]),
    ]
    if published:
        tags.insert(2, meta_tag("citation_publication_date", published.replace("-", "/")))
    return "\n".join(tags)


def _release_date() -> str | None:
    """The date of the release served (None for a build made before releases existed)."""
    ver = documents.version()
    for r in releases.releases_index()["releases"]:
        if r["version"] == ver:
            return r["date"]
    return None


def description_of(doc: dict[str, Any], lang: str) -> str:
    """The page's meta description: the latest figure with its date, and the goals."""
    _ = i18n.words(lang)
    meta = doc["indicator"]
    name = name_in(meta, lang)
    unit = meta["unit"]
    latest = meta["latest"]
    if latest:
        text = _("{name}: {figure}, {date}.").format(
            name=name,
            figure=figures.figure_text(latest["value"], latest["comparator"], unit, lang=lang),
            date=figures.show_date(latest["as_of"], lang=lang),
        )
    else:
        text = _("{name}: no reported value yet.").format(name=name)
    goals = [
        goal_text(t["value"], t["comparator"], unit, t["deadline"], lang) for t in doc["targets"]
    ]
    if goals:
        text += " " + _("Goals: {goals}.").format(goals=_("; ").join(goals[:3]))
    return text + " " + _("Every figure with its source, date and quote.")


def image_alt(doc: dict[str, Any], lang: str) -> str:
    return share_image.summary_line(doc, lang)


def indicator_page(indicator_id: str, lang: str) -> bytes | None:
    _ = i18n.words(lang)
    doc = served_indicator(indicator_id)
    if doc is None:
        return None
    meta = doc["indicator"]
    found = meta["id"]
    unit = meta["unit"]
    name = name_in(meta, lang)
    other = meta["name_en"] if lang == "zh" else meta["name_zh"]
    paths = {lg: site.indicator_address(found, "page", lang=lg) for lg in LANGS}
    description = description_of(doc, lang)
    parts = [f"<h1>{esc(name)}</h1>"]
    if other:
        parts.append(
            f'<p class="other" lang="{HTML_LANG["en" if lang == "zh" else "zh"]}">{esc(other)}</p>'
        )
    area_names = _(", ").join(
        field_in(a, "name", lang) if lang == "zh" else a["name_en"] for a in meta["areas"]
    )
    facts = [
        (_("What it counts"), esc(field_in(meta, "definition", lang) or "—")),
        (_("Unit"), esc(figures.unit_title(unit, lang))),
        (_("Areas"), esc(area_names)),
        (_("Dataset version"), f"<code>{esc(doc['version'])}</code>"),
    ]
    note = field_in(meta, "note", lang)
    if note:
        facts.append((_("Note"), esc(note)))
    parts.append(
        '<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
    )
    # The latest figure, with its source and quote.
    latest = meta["latest"]
    if latest:
        o = latest_observation(doc)
        figure = figures.figure_text(latest["value"], latest["comparator"], unit, lang=lang)
        block = (
            '<section class="latest" aria-labelledby="latest-h">'
            + el("h2", _("Latest figure"), ' id="latest-h"')
            + f'<p><span class="figure">{esc(figure)}</span>, '
            + f"{esc(observation_date(o, lang))}</p><p>"
            + esc(_("Source"))
            + f": {source_link(o['source'], lang)}</p>{quote_html(o['quote'])}"
        )
        freshness = meta.get("freshness") or {}
        if freshness.get("stale"):
            block += (
                "<p>"
                + esc(
                    _(
                        "Stale: nothing newer than {months} months before the assessment date."
                    ).format(months=STALE_MONTHS)
                )
                + "</p>"
            )
        awaited = field_in(freshness, "awaited_note", lang)
        if freshness.get("awaited") and awaited:
            block += f"<p>{esc(awaited)}</p>"
        parts.append(block + "</section>")
    else:
        parts.append(el("p", _("No reported value for this indicator yet."), ' class="latest"'))
    # The chart.
    svg = baked_svg.svg_chart(doc, name, lang)
    if svg:
        legend = "".join(f"<li>{mark}{esc(words)}</li>" for mark, words in baked_svg.legend(lang))
        parts.append(
            f"<figure>{svg}<figcaption>{esc(baked_svg.describe(doc, name, lang))}"
            f'<ul class="legend">{legend}</ul></figcaption></figure>'
        )
    # Every figure.
    parts.append(el("h2", _("Every figure")))
    if doc["observations"]:
        labels = [
            _("Value as stated"),
            _("Date"),
            _("Source"),
            _("Quote"),
            _("Comparable with its targets"),
            _("Confidence"),
        ]
        rows = []
        for o in doc["observations"]:
            obs_note = field_in(o, "note", lang)
            rows.append(
                [
                    strong(figures.figure_text(o["value"], o["comparator"], unit, lang=lang)),
                    esc(observation_date(o, lang)),
                    source_link(o["source"], lang),
                    quote_html(o["quote"])
                    + (f'<span class="note">{esc(obs_note)}</span>' if obs_note else ""),
                    esc(_("yes") if o["comparable"] else _("no")),
                    esc(_(CONFIDENCE.get(o["confidence"], o["confidence"]))),
                ]
            )
        parts.append(
            html_table(_("Every figure reported for this indicator, oldest first."), labels, rows)
        )
    else:
        parts.append(el("p", _("No reported value.")))
    # Every target.
    parts.append(el("h2", _("Every target")))
    if doc["targets"]:
        labels = [_("Target"), _("Status"), _("2025 verdict"), _("Source and quote"), _("Match")]
        rows = []
        chains: dict[str, None] = {}
        for t in doc["targets"]:
            rows.append(
                [
                    strong(goal_text(t["value"], t["comparator"], unit, t["deadline"], lang))
                    + scope_text(t, lang),
                    status_html(t, lang),
                    verdict_html(t, unit, lang),
                    source_link(t["source"], lang) + quote_html(t["quote"]),
                    match_words(t, lang),
                ]
            )
            chains.update(dict.fromkeys(lineage_lines(t, unit, lang)))
        parts.append(
            html_table(
                _(
                    "Every target set for this indicator, with its status and, once its "
                    "deadline has passed, its verdict."
                ),
                labels,
                rows,
            )
        )
        parts.append(el("h3", _("Goals that follow goals")))
        if chains:
            parts.append("<ul>" + "".join(f"<li>{c}</li>" for c in chains) + "</ul>")
        else:
            parts.append(
                "<p>"
                + esc(_("No later statement of these goals was found in the tracker's sources."))
                + "</p>"
            )
    else:
        parts.append(el("p", _("No target is set for this indicator.")))
    # Downloads, citation, the dashboard.
    citation = documents.citation(
        meta["name_en"], absolute(site.indicator_address(found, "page")), doc["version"]
    )
    parts.append(
        el("h2", _("Download and cite"))
        + "<ul><li>"
        + html_link(meta["csv"], _("Every figure and target as CSV"), ' type="text/csv"')
        + f" <code>{esc(meta['csv'])}</code></li><li>"
        + html_link(meta["json"], _("The whole record as JSON"), ' type="application/json"')
        + f" <code>{esc(meta['json'])}</code></li></ul>"
        + el("h3", _("Cite this indicator"))
        + f'<p class="cite">{esc(citation)}</p>'
        + '<ul class="cite-links" id="cite-links">'
        + "".join(
            f"<li>{html_link(site.indicator_address(found, ext), label)}</li>"
            for ext, label in (*CITE_FILES, ("atom", _("Atom feed")))
        )
        + "</ul><p>"
        + html_link(site.indicator_address(found, lang=lang), _("Explore in the dashboard"))
        + "</p>"
    )
    feed_title = _("Atom feed")
    feed = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'href="{esc(absolute(site.indicator_address(found, "atom")))}" title="{esc(feed_title)}">'
    )
    head = "\n".join(
        [_citation_tags(doc, lang), json_ld(_dataset_ld(doc, lang, description)), feed]
    )
    title = page_title(name, lang)
    return page(
        lang,
        title,
        description,
        paths,
        "\n".join(parts),
        head=head,
        image=(site.indicator_address(found, "png", lang=lang), image_alt(doc, lang)),
    )
