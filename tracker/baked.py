"""Baked pages: every indicator and the goals as plain HTML (no JavaScript), with what search
engines, link previews and reference managers read, and a share image per indicator
(`tracker.share_image`); served by `tracker.serve` before Streamlit sees the address, and
written as files by `python -m tracker.baked export build/site` (`make site`).

Addresses (docs/site.md): `/indicators/<id>`, `/indicators/<id>.png`, `/goals`, the same under
`/zh/`, `/sitemap.xml`, `/robots.txt`. Every page renders the API's documents
(`tracker.documents`): the figures on a page are the figures the API serves. `answer(path)` is
the one function from an address to its bytes, called by the server and the static copy alike,
so a file of the copy is byte for byte what the server answers. An id is looked up among the
database's ids, never echoed unescaped.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from etl import figures
from tracker import (
    api,
    baked_svg,
    data,
    documents,
    i18n,
    releases,
    share_image,
    status_style,
    store,
)
from tracker.i18n import N_, _, ngettext
from tracker.routing import shown_address

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
PNG = "image/png"
LANGS = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
OG_LOCALE = {"en": "en_US", "zh": "zh_CN"}

Document = api.Document  # bytes, media type, version and ETag: the API's own answer type


# --- addresses ---------------------------------------------------------------------------------


def prefix(lang: str) -> str:
    return "/zh" if lang == "zh" else ""


def indicator_path(indicator_id: str, lang: str = "en") -> str:
    return f"{prefix(lang)}/indicators/{indicator_id}"


def image_path(indicator_id: str, lang: str = "en") -> str:
    return indicator_path(indicator_id, lang) + ".png"


def goals_path(lang: str = "en") -> str:
    return f"{prefix(lang)}/goals"


# The citation files a reference manager reads (tracker.citation), as the API serves them.
CITE_FILES = tuple(zip(api.CITATION_FORMATS, ("BibTeX", "RIS", "CSL-JSON"), strict=True))


def indicator_file(indicator_id: str, ext: str) -> str:
    """The API's address of one of an indicator's files (`json`, `csv`, `atom`, `bib`, ...)."""
    return f"{documents.API}/indicators/{indicator_id}.{ext}"


def absolute(path: str) -> str:
    return documents.public_url().rstrip("/") + path


def dashboard_address(indicator_id: str, lang: str) -> str:
    return documents.page_address(indicator_id, lang)


# --- the documents ------------------------------------------------------------------------------


def api_document(path: str) -> Any:
    """The API's JSON document at `path`, parsed from the bytes the API serves (built once per
    database version, in the API's cache): a page shows exactly what the API says."""
    found = api.answer(path)
    return None if found is None else json.loads(found.body)


def indicator_document(indicator_id: str) -> dict[str, Any] | None:
    """`/api/v1/indicators/<id>.json` (None for an id the database does not have)."""
    return api_document(f"{documents.API}/indicators/{indicator_id}.json")


# --- the page frame ----------------------------------------------------------------------------

CSS = """
:root{color-scheme:light;--text:#31333F;--muted:#5C5F6B;--line:#d6d6dc;--link:#0060a0;
--bg:#fff;--soft:#f4f5f7}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--text);
background:var(--bg)}
a{color:var(--link)}a:focus-visible{outline:3px solid #E69F00;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header.site,footer.site{background:var(--soft);padding:10px 16px;font-size:15px}
header.site nav{display:flex;flex-wrap:wrap;gap:4px 18px;max-width:1040px;margin:auto}
header.site .name{font-weight:600;color:var(--text);text-decoration:none;margin-right:auto}
main{max-width:1040px;margin:auto;padding:8px 16px 32px}
h1{font-size:1.75rem;line-height:1.25;margin:18px 0 4px}h2{font-size:1.3rem;margin:32px 0 8px}
h3{font-size:1.05rem;margin:20px 0 6px}
.other{color:var(--muted);margin:0 0 12px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:12px 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.latest{background:var(--soft);border-left:4px solid #0072B2;padding:10px 14px;margin:16px 0}
.latest .figure{font-size:1.6rem;font-weight:700}.latest h2{margin-top:4px}
blockquote{margin:6px 0;padding:2px 0 2px 12px;border-left:3px solid var(--line)}
figure{margin:16px 0}svg.chart{width:100%;height:auto;max-width:760px;display:block}
figcaption{font-size:14px;color:var(--muted)}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:14px}
svg.mark{width:16px;height:16px;vertical-align:-3px;margin-right:4px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft)}td{overflow-wrap:anywhere}
.status{white-space:nowrap;font-weight:600}
.note{color:var(--muted);font-size:14px}
code,.cite{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px;overflow-wrap:anywhere}
.cite{background:var(--soft);padding:10px 12px;display:block}
@media (max-width:640px){
 table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-9999px}
 tr{border:1px solid var(--line);margin:0 0 10px;padding:4px 0}
 td{border:0;padding:3px 10px}td::before{content:attr(data-label);display:block;
 font-weight:600;font-size:13px;color:var(--muted)}
 caption{display:block;text-align:left}
 svg.chart text{font-size:21px}
 dl.facts{grid-template-columns:1fr}dl.facts dd{margin:0 0 6px}h1{font-size:1.45rem}}
"""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def el(tag: str, text: str, attrs: str = "") -> str:
    """An element holding `text`, escaped (`attrs` written as given: the code's own)."""
    return f"<{tag}{attrs}>{esc(text)}</{tag}>"


def strong(text: str) -> str:
    return el("strong", text)


def link(href: str, text: str, attrs: str = "") -> str:
    return f'<a href="{esc(href)}"{attrs}>{esc(text)}</a>'


def titled(text: str) -> str:
    """A page's title: what it is, then the tracker's name."""
    return text + " — " + _("China intelligent manufacturing progress tracker")


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{esc(name)}" content="{esc(content)}">'


def _json_ld(value: dict[str, Any]) -> str:
    """JSON-LD inside a script element: "<" written as \\u003c, so no text closes it."""
    text = json.dumps(value, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _alternates(paths: dict[str, str]) -> str:
    links = [
        f'<link rel="alternate" hreflang="{lang}" href="{esc(absolute(p))}">'
        for lang, p in paths.items()
    ]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{esc(absolute(paths["en"]))}">')
    return "\n".join(links)


def page(
    lang: str,
    title: str,
    description: str,
    paths: dict[str, str],
    body: str,
    head: str = "",
    image: tuple[str, str] | None = None,
    indexable: bool = True,
) -> bytes:
    """A whole HTML page: the head every baked page has (title, description, canonical and
    hreflang, Open Graph and Twitter card with the share image `image` = (path, alt)), then
    the site's header, `body` and the footer."""
    own = paths[lang]
    other = "zh" if lang == "en" else "en"
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        _meta("description", description),
    ]
    if indexable:
        tags += [f'<link rel="canonical" href="{esc(absolute(own))}">', _alternates(paths)]
    else:
        tags.append(_meta("robots", "noindex"))
    site_name = _("China intelligent manufacturing progress tracker")
    tags += [
        _meta("og:type", "website", "property"),
        _meta("og:site_name", site_name, "property"),
        _meta("og:title", title, "property"),
        _meta("og:description", description, "property"),
        _meta("og:url", absolute(own), "property"),
        _meta("og:locale", OG_LOCALE[lang], "property"),
        _meta("og:locale:alternate", OG_LOCALE[other], "property"),
        _meta("twitter:card", "summary_large_image" if image else "summary"),
        _meta("twitter:title", title),
        _meta("twitter:description", description),
    ]
    if image:
        path, alt = image
        tags += [
            _meta("og:image", absolute(path), "property"),
            _meta("og:image:type", PNG, "property"),
            _meta("og:image:width", str(share_image.WIDTH), "property"),
            _meta("og:image:height", str(share_image.HEIGHT), "property"),
            _meta("og:image:alt", alt, "property"),
            _meta("twitter:image", absolute(path)),
            _meta("twitter:image:alt", alt),
        ]
    switch = "中文" if lang == "en" else "English"  # each language named in itself
    header = (
        '<a class="skip" href="#main">' + esc(_("Skip to the content")) + "</a>"
        '<header class="site"><nav aria-label="' + esc(_("Site")) + '">'
        f'<a class="name" href="{esc(goals_path(lang))}">{esc(site_name)}</a>'
        + link(goals_path(lang), _("Goals"))
        + link("/" + ("?lang=zh" if lang == "zh" else ""), _("Dashboard"))
        + f'<a href="{esc(paths[other])}" hreflang="{other}" lang="{HTML_LANG[other]}">'
        f"{esc(switch)}</a></nav></header>"
    )
    licence = documents.LICENCE
    footer = (
        '<footer class="site"><p>'
        + _(
            "Data: {title}, dataset version {version}, licensed {licence}. "
            "Quotes remain their publishers' words."
        ).format(
            title=esc(site_name),
            version=f"<code>{esc(documents.version())}</code>",
            licence=f'<a href="{esc(licence["path"])}" rel="license">{esc(licence["title"])}</a>',
        )
        + "</p></footer>"
    )
    text = (
        f'<!doctype html>\n<html lang="{HTML_LANG[lang]}">\n<head>\n'
        + "\n".join(tags)
        + ("\n" + head if head else "")
        + f"\n<style>{CSS}</style>\n</head>\n<body>\n{header}\n"
        f'<main id="main">\n{body}\n</main>\n{footer}\n</body>\n</html>\n'
    )
    return text.encode("utf-8")


# --- one indicator -----------------------------------------------------------------------------


def _name(meta: dict[str, Any], lang: str) -> str:
    return meta["name_zh"] if lang == "zh" and meta.get("name_zh") else meta["name_en"]


def _in(row: dict[str, Any], field: str, lang: str) -> str | None:
    return (row.get(f"{field}_zh") if lang == "zh" else None) or row.get(field)


def _source_link(source: dict[str, Any], lang: str) -> str:
    title = _in(source, "title", lang) or source.get("publisher") or source.get("id")
    published = figures.show_date(
        source.get("published"), source.get("date_precision") or "day", lang
    )
    text = esc(title) + (f" ({esc(source['publisher'])}, {esc(published)})" if published else "")
    if source.get("url"):
        return f'<a href="{esc(source["url"])}" rel="nofollow">{text}</a>'
    return text


def _obs_date(o: dict[str, Any], lang: str) -> str:
    source = o["source"]
    precision = figures.observation_precision(
        o["as_of"],
        o["date_basis"] or "",
        source.get("published"),
        source.get("date_precision") or "",
    )
    return figures.date_phrase(o["as_of"], o["date_basis"] or "", precision, lang)


def _latest_observation(doc: dict[str, Any]) -> dict[str, Any]:
    """The observation the indicator's latest figure is (its date and value), for its source
    and quote."""
    latest = doc["indicator"]["latest"]
    obs = sorted(doc["observations"], key=lambda o: (o["as_of"] or "", o["id"]))
    same = [o for o in obs if o["as_of"] == latest["as_of"] and o["value"] == latest["value"]]
    return (same or obs)[-1]


def _quote(text: str | None) -> str:
    """A verbatim quote: marked as Chinese when it is (every source quote here is), so screen
    readers and fonts read it as written."""
    if not text:
        return ""
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return f"<blockquote{' lang=zh-Hans' if zh else ''}>{esc(text)}</blockquote>"


def _cells(labels: list[str], cells: list[str]) -> str:
    return (
        "<tr>"
        + "".join(
            f'<td data-label="{esc(label)}">{cell}</td>'
            for label, cell in zip(labels, cells, strict=True)
        )
        + "</tr>"
    )


def _table(caption: str, labels: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{esc(label)}</th>' for label in labels)
    body = "".join(_cells(labels, r) for r in rows)
    return (
        f'<table><caption class="note">{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


# Words for the data's codes (msgids, read in the reader's language where shown).
SCOPES = {
    "national": N_("national"),
    "light_industry": N_("light industry"),
    "machinery": N_("machinery"),
}
CONFIDENCE = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def _scope(t: dict[str, Any]) -> str:
    """A goal's scope under it when it is not the whole country."""
    if t["scope"] == "national":
        return ""
    return "<br>" + el("span", _(SCOPES.get(t["scope"], t["scope"])), ' class="note"')


def _match(t: dict[str, Any], lang: str) -> str:
    word = _("proxy match") if t["match"] == "proxy" else _("exact match")
    note = _in(t, "match_note", lang)
    return esc(word) + (f'<br><span class="note">{esc(note)}</span>' if note else "")


def verdict_html(t: dict[str, Any], unit: str, lang: str) -> str:
    """A goal's verdict with the figure that decides it, or "—" before its deadline."""
    v = t.get("verdict")
    if not v:
        return "—"
    style = status_style.verdict_style(v["outcome"])
    text = f'<span class="status">{esc(style.text)}</span>'
    if v.get("value") is not None:
        text += " " + esc(
            _("by {figure} ({date})").format(
                figure=figures.figure_text(v["value"], v["comparator"], unit, lang=lang),
                date=figures.show_date(v["as_of"], lang=lang),
            )
        )
    note = _in(v, "note", lang)
    return text + (f'<br><span class="note">{esc(note)}</span>' if note else "")


def status_html(t: dict[str, Any], lang: str) -> str:
    note = _in(t, "status_note", lang)
    return f'<span class="status">{esc(status_style.text(t["status"]))}</span>' + (
        f'<br><span class="note">{esc(note)}</span>' if note else ""
    )


def goal_text(value: Any, comparator: Any, unit: str, deadline: Any, lang: str) -> str:
    return _("{figure} by {date}").format(
        figure=figures.figure_text(value, comparator, unit, lang=lang),
        date=figures.show_date(deadline, lang=lang),
    )


def _lineage(t: dict[str, Any], unit: str, lang: str) -> list[str]:
    out = []
    for link in t["lineage"]:
        own = goal_text(t["value"], t["comparator"], unit, t["deadline"], lang)
        other = goal_text(link["value"], link["comparator"], link["unit"], link["deadline"], lang)
        before, after = (own, other) if link["direction"] == "after" else (other, own)
        out.append(
            esc(f"{before} → {after} ({data.relation_word(link['relation'])})")
            + " · "
            + _source_link(link["source"], lang)
            + _quote(link.get("quote"))
        )
    return out


def _dataset_ld(doc: dict[str, Any], lang: str, description: str) -> dict[str, Any]:
    """schema.org Dataset, as Google Dataset Search reads it."""
    meta = doc["indicator"]
    dates = [o["as_of"] for o in doc["observations"] if o["as_of"]]
    dates += [t["deadline"] for t in doc["targets"] if t["deadline"]]
    modified = _last_modified(doc)
    tracker = {"@type": "Organization", "name": documents.TITLE, "url": absolute("/")}
    ld: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": _name(meta, lang),
        "alternateName": meta["name_zh"] if lang == "en" else meta["name_en"],
        "description": description,
        "url": absolute(indicator_path(meta["id"], lang)),
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
        "isPartOf": {"@type": "Dataset", "name": documents.TITLE, "url": absolute("/")},
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


def _last_modified(doc: dict[str, Any]) -> str:
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
        _meta("citation_title", titled(_name(meta, lang))),
        _meta("citation_author", documents.TITLE),
        _meta("citation_publisher", documents.TITLE),
        _meta("citation_version", doc["version"]),
        _meta("citation_public_url", absolute(indicator_path(meta["id"], lang))),
        _meta("citation_language", HTML_LANG[lang]),
    ]
    if published:
        tags.insert(2, _meta("citation_publication_date", published.replace("-", "/")))
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
    meta = doc["indicator"]
    name = _name(meta, lang)
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
    doc = indicator_document(indicator_id)
    if doc is None:
        return None
    meta = doc["indicator"]
    found = meta["id"]
    unit = meta["unit"]
    name = _name(meta, lang)
    other = meta["name_en"] if lang == "zh" else meta["name_zh"]
    paths = {lg: indicator_path(found, lg) for lg in LANGS}
    description = description_of(doc, lang)
    parts = [f"<h1>{esc(name)}</h1>"]
    if other:
        parts.append(
            f'<p class="other" lang="{HTML_LANG["en" if lang == "zh" else "zh"]}">{esc(other)}</p>'
        )
    area_names = _(", ").join(
        _in(a, "name", lang) if lang == "zh" else a["name_en"] for a in meta["areas"]
    )
    facts = [
        (_("What it counts"), esc(_in(meta, "definition", lang) or "—")),
        (_("Unit"), esc(figures.unit_title(unit, lang))),
        (_("Areas"), esc(area_names)),
        (_("Dataset version"), f"<code>{esc(doc['version'])}</code>"),
    ]
    note = _in(meta, "note", lang)
    if note:
        facts.append((_("Note"), esc(note)))
    parts.append(
        '<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
    )
    # The latest figure, with its source and quote.
    latest = meta["latest"]
    if latest:
        o = _latest_observation(doc)
        figure = figures.figure_text(latest["value"], latest["comparator"], unit, lang=lang)
        block = (
            '<section class="latest" aria-labelledby="latest-h">'
            + el("h2", _("Latest figure"), ' id="latest-h"')
            + f'<p><span class="figure">{esc(figure)}</span>, {esc(_obs_date(o, lang))}</p><p>'
            + esc(_("Source"))
            + f": {_source_link(o['source'], lang)}</p>{_quote(o['quote'])}"
        )
        freshness = meta.get("freshness") or {}
        if freshness.get("stale"):
            block += (
                "<p>"
                + esc(_("Stale: nothing newer than 12 months before the assessment date."))
                + "</p>"
            )
        awaited = _in(freshness, "awaited_note", lang)
        if freshness.get("awaited") and awaited:
            block += f"<p>{esc(awaited)}</p>"
        parts.append(block + "</section>")
    else:
        parts.append(el("p", _("No reported value for this indicator yet."), ' class="latest"'))
    # The chart.
    svg = baked_svg.chart(doc, name, lang)
    if svg:
        legend = "".join(f"<li>{mark}{esc(words)}</li>" for mark, words in baked_svg.legend())
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
            obs_note = _in(o, "note", lang)
            rows.append(
                [
                    strong(figures.figure_text(o["value"], o["comparator"], unit, lang=lang)),
                    esc(_obs_date(o, lang)),
                    _source_link(o["source"], lang),
                    _quote(o["quote"])
                    + (f'<span class="note">{esc(obs_note)}</span>' if obs_note else ""),
                    esc(_("yes") if o["comparable"] else _("no")),
                    esc(_(CONFIDENCE.get(o["confidence"], o["confidence"]))),
                ]
            )
        parts.append(
            _table(_("Every figure reported for this indicator, oldest first."), labels, rows)
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
                    + _scope(t),
                    status_html(t, lang),
                    verdict_html(t, unit, lang),
                    _source_link(t["source"], lang) + _quote(t["quote"]),
                    _match(t, lang),
                ]
            )
            chains.update(dict.fromkeys(_lineage(t, unit, lang)))
        parts.append(
            _table(
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
    citation = documents.citation(meta["name_en"], absolute(indicator_path(found)), doc["version"])
    parts.append(
        el("h2", _("Download and cite"))
        + "<ul><li>"
        + link(meta["csv"], _("Every figure and target as CSV"), ' type="text/csv"')
        + f" <code>{esc(meta['csv'])}</code></li><li>"
        + link(meta["json"], _("The whole record as JSON"), ' type="application/json"')
        + f" <code>{esc(meta['json'])}</code></li></ul>"
        + el("h3", _("Cite this indicator"))
        + f'<p class="cite">{esc(citation)}</p>'
        + '<ul class="cite-links" id="cite-links">'
        + "".join(
            f"<li>{link(indicator_file(found, ext), label)}</li>"
            for ext, label in (*CITE_FILES, ("atom", _("Atom feed")))
        )
        + "</ul><p>"
        + link(dashboard_address(found, lang), _("Explore in the dashboard"))
        + "</p>"
    )
    feed_title = _("Atom feed")
    feed = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'href="{esc(absolute(indicator_file(found, "atom")))}" title="{esc(feed_title)}">'
    )
    head = "\n".join(
        [_citation_tags(doc, lang), _json_ld(_dataset_ld(doc, lang, description)), feed]
    )
    title = titled(name)
    return page(
        lang,
        title,
        description,
        paths,
        "\n".join(parts),
        head=head,
        image=(image_path(found, lang), image_alt(doc, lang)),
    )


# --- the goals ---------------------------------------------------------------------------------


def latest_text(entry: dict[str, Any], lang: str) -> str:
    """A catalogue entry's latest figure with its date, or "no reported value"."""
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
    catalogue = {c["id"]: c for c in api_document(f"{documents.API}/indicators.json")["indicators"]}
    targets = api_document(f"{documents.API}/targets.json")["targets"]
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
                f'<a href="{esc(indicator_path(t["indicator_id"], lang))}">{esc(name)}</a>',
                strong(goal_text(t["value"], t["comparator"], unit, t["deadline"], lang))
                + _scope(t),
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
        f"{n} {status_style.verdict_style(k).label}"
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
        _table(
            _(
                "Every goal due by the end of 2025, with its verdict and the figure that "
                "decides it."
            ),
            [*base_labels, _("2025 verdict"), _("Status"), _("Latest figure")],
            rows(due, True),
        ),
        el("h2", _("Goals after 2025")),
        _table(
            _("Every goal due after 2025, with its progress status."),
            [*base_labels, _("Status"), _("Latest figure")],
            rows(later, False),
        ),
        el("h2", _("Indicators with no goal")),
        _table(
            _("Every other indicator the tracker follows, with its latest figure."),
            [_("Indicator"), _("Latest figure")],
            [
                [
                    link(
                        indicator_path(c["id"], lang),
                        c["name_zh"] if lang == "zh" else c["name_en"],
                    ),
                    esc(latest_text(c, lang)),
                ]
                for c in catalogue.values()
                if c["id"] not in {t["indicator_id"] for t in targets}
            ],
        ),
        "<p>"
        + link("/targets" + ("?lang=zh" if lang == "zh" else ""), _("Explore in the dashboard"))
        + "</p>",
    ]
    title = titled(_("Were the 2025 goals met?"))
    description = intro + " " + _("Every goal with its verdict or status and the deciding figure.")
    ld = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": _("China intelligent manufacturing progress tracker") + ": " + _("Goals"),
        "description": description,
        "url": absolute(goals_path(lang)),
        "inLanguage": HTML_LANG[lang],
        "license": documents.LICENCE["path"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": documents.TITLE, "url": absolute("/")},
        "version": documents.version(),
        "dateModified": documents.build_info().get("latest_source_date") or "",
        "spatialCoverage": {"@type": "Place", "name": "China"},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(documents.API + "/targets.json"),
            }
        ],
    }
    return page(lang, title, description, paths, "\n".join(body), head=_json_ld(ld))


def not_found_page(asked: str, lang: str) -> bytes:
    """The 404 page: the address asked for, escaped and cut short, and where to go."""
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
            goals=link(goals_path(lang), _("the goals page"))
        )
        + "</p>"
    )
    paths = {lg: goals_path(lg) for lg in LANGS}
    title = titled(_("Page not found"))
    return page(lang, title, _("Page not found"), paths, body, indexable=False)


# --- sitemap and robots -----------------------------------------------------------------------


def page_paths() -> Iterator[tuple[str, dict[str, str]]]:
    """Every baked page: (lastmod, its path in each language)."""
    latest = documents.build_info().get("latest_source_date") or ""
    yield latest, {lg: goals_path(lg) for lg in LANGS}
    for indicator_id in documents.indicator_ids():
        doc = indicator_document(indicator_id)
        assert doc is not None
        yield _last_modified(doc), {lg: indicator_path(indicator_id, lg) for lg in LANGS}


def sitemap() -> bytes:
    entries = []
    for lastmod, paths in page_paths():
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lg}" href="{esc(absolute(p))}"/>'
            for lg, p in paths.items()
        )
        for p in paths.values():
            entries.append(
                f"<url><loc>{esc(absolute(p))}</loc><lastmod>{esc(lastmod)}</lastmod>{links}</url>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    ).encode("utf-8")


def robots() -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute('/sitemap.xml')}\n".encode()


# --- addresses to documents -------------------------------------------------------------------


def in_language(lang: str, make: Callable[[], bytes | None]) -> bytes | None:
    """`make()` with `lang` as this thread's language, the previous one restored after."""
    before = i18n.current()
    i18n.use(lang)
    try:
        return make()
    finally:
        i18n.use(before)


PAGE = re.compile(r"(/zh)?/indicators/([^/]{1,200})")
IMAGE = re.compile(r"(/zh)?/indicators/([^/]{1,200})\.png")
GOALS = re.compile(r"(/zh)?/goals")


def handles(path: str) -> bool:
    """Whether `path` (without the base URL path) is one of the baked site's addresses: these
    are answered here (a page, or the HTML 404), never by Streamlit."""
    return (
        path in ("/sitemap.xml", "/robots.txt", "/zh", "/indicators")
        or path.startswith(("/indicators/", "/zh/", "/goals/"))
        or GOALS.fullmatch(path) is not None
    )


def language_of(path: str) -> str:
    return "zh" if path == "/zh" or path.startswith("/zh/") else "en"


def resolve(path: str) -> tuple[str, Callable[[], Document | None]] | None:
    """The canonical key of `path` and what makes its document, or None (404). The key holds
    the database's id, never text from the address."""
    version = documents.version
    if path == "/sitemap.xml":
        return path, lambda: Document(sitemap(), XML, version())
    if path == "/robots.txt":
        return path, lambda: Document(robots(), TEXT, version())
    m = GOALS.fullmatch(path)
    if m:
        lang = "zh" if m.group(1) else "en"
        return f"goals:{lang}", lambda: Document(
            in_language(lang, lambda: goals_page(lang)), HTML, version()
        )
    m = IMAGE.fullmatch(path)
    if m:
        found = documents.known_indicator(m.group(2))
        if found is None:
            return None
        lang = "zh" if m.group(1) else "en"
        return f"png:{lang}:{found}", lambda: _image(found, lang)
    m = PAGE.fullmatch(path)
    if m:
        found = documents.known_indicator(m.group(2))
        if found is None:
            return None
        lang = "zh" if m.group(1) else "en"
        return f"html:{lang}:{found}", lambda: _html(found, lang)
    return None


def _html(indicator_id: str, lang: str) -> Document | None:
    body = in_language(lang, lambda: indicator_page(indicator_id, lang))
    return None if body is None else Document(body, HTML, documents.version())


def _image(indicator_id: str, lang: str) -> Document | None:
    doc = indicator_document(indicator_id)
    if doc is None:
        return None
    address = absolute(indicator_path(indicator_id, lang))
    body = in_language(lang, lambda: share_image.render(doc, lang, address))
    return None if body is None else Document(body, PNG, documents.version())


# Built documents per (database identity, key), least recently used first, under CACHE_BYTES.
CACHE_BYTES = 128 * 2**20
_cache: OrderedDict[tuple, Document] = OrderedDict()
_cache_size = 0
_cache_lock = threading.Lock()


def answer(path: str) -> Document | None:
    global _cache_size
    found = resolve(path)
    if found is None:
        return None
    key, make = found
    ident = (store.current_identity(), documents.public_url())
    with _cache_lock:
        if (ident, key) in _cache:
            _cache.move_to_end((ident, key))
            return _cache[(ident, key)]
    doc = make()
    if doc is None:
        return None
    with _cache_lock:
        if (ident, key) not in _cache:
            _cache[(ident, key)] = doc
            _cache_size += len(doc.body)
            while _cache_size > CACHE_BYTES and len(_cache) > 1:
                _, old = _cache.popitem(last=False)
                _cache_size -= len(old.body)
    return doc


def not_found(path: str) -> Document:
    lang = language_of(path)
    body = in_language(lang, lambda: not_found_page(path, lang))
    assert body is not None
    return Document(body, HTML, documents.version())


def read(path: str) -> tuple[int, Document]:
    """The status and document for `path` on one version of the database."""
    data.begin_run()
    doc = answer(path) if "\x00" not in path else None
    return (200, doc) if doc is not None else (404, not_found(path))


# --- the server side --------------------------------------------------------------------------

CACHE_CONTROL = "public, max-age=300"


async def app(scope: dict, receive: Any, send: Any) -> None:
    """ASGI app for the baked addresses: GET and HEAD, ETag/304, the security headers."""
    method = scope.get("method", "GET")
    if method not in ("GET", "HEAD"):
        body = b"Method not allowed: the site is read-only (GET or HEAD).\n"
        await _send(send, 405, [("allow", "GET, HEAD"), ("content-type", TEXT)], body, False)
        return
    head = method == "HEAD"
    path = scope.get("path", "")
    try:
        status, doc = await asyncio.to_thread(read, path)
    except data.DatabaseUnavailable:
        body = b"The database is being built; try again in a few seconds.\n"
        await _send(send, 503, [("content-type", TEXT), ("retry-after", "5")], body, head)
        return
    language = "zh-Hans" if language_of(path) == "zh" else "en"
    headers = [("content-type", doc.media_type), ("content-language", language)]
    if status == 404:
        await _send(send, 404, [*headers, ("cache-control", "no-cache")], doc.body, head)
        return
    headers += [("etag", doc.etag), ("cache-control", CACHE_CONTROL)]
    asked = api._if_none_match(scope)
    if doc.etag in asked or "*" in asked:
        await _send(send, 304, [("etag", doc.etag), ("cache-control", CACHE_CONTROL)], b"", True)
        return
    await _send(send, 200, headers, doc.body, head)


async def _send(send: Any, status: int, headers: list[tuple[str, str]], body: bytes, head: bool):
    encoded = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*encoded, (b"content-length", str(len(body)).encode()), *api.SECURITY],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else body})


# --- the static copy ----------------------------------------------------------------------------


def paths() -> Iterator[str]:
    """Every address of the site, for the static copy."""
    yield "/sitemap.xml"
    yield "/robots.txt"
    for lang in LANGS:
        yield goals_path(lang)
        for indicator_id in documents.indicator_ids():
            yield indicator_path(indicator_id, lang)
            yield image_path(indicator_id, lang)


def file_name(path: str) -> str:
    """Where the copy keeps `path`: a page as `<path>.html` (nginx: try_files $uri.html)."""
    return path.lstrip("/") + ("" if path.endswith((".png", ".xml", ".txt")) else ".html")


def export(out_dir: Path) -> list[Path]:
    """Write every page, image, the sitemap, robots.txt and the 404 pages under `out_dir`
    (one database version for all), into a new folder moved into place at the end."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    data.begin_run()
    written = []
    for path in list(paths()):
        doc = answer(path)
        if doc is None:  # pragma: no cover - every listed path has a document
            raise RuntimeError(f"no page for {path}")
        target = staging / file_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.body)
        written.append(out_dir / file_name(path))
    for lang in LANGS:  # the 404 pages (nginx's error_page), the address asked for left out
        target = staging / prefix(lang).lstrip("/") / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(in_language(lang, lambda lang=lang: not_found_page("", lang)) or b"")
        written.append(out_dir / target.relative_to(staging))
    old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tracker.baked", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="write every baked page and image under OUT_DIR")
    e.add_argument("out_dir", type=Path)
    e.add_argument("--db", type=Path, default=None, help="database (default: build/tracker.duckdb)")
    args = p.parse_args(argv)
    if args.db is not None:
        os.environ["TRACKER_DB"] = str(args.db)
    written = export(args.out_dir)
    print(f"wrote {len(written)} files under {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
