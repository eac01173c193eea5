"""The baked pages' frame (tracker.baked, docs/site.md): their addresses, the API documents they
render, the HTML page around a body, and the pieces of a target's text the indicator and goals
pages share. Plain HTML, no JavaScript; every text from the data escaped (`esc`).
"""

from __future__ import annotations

import html
import json
from typing import Any

from etl import figures
from tracker import (
    api,
    documents,
    i18n,
    share_image,
    site,
    status_style,
    targets,
)
from tracker.i18n import N_

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
PNG = "image/png"
LANGS = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
OG_LOCALE = {"en": "en_US", "zh": "zh_CN"}


# --- addresses ---------------------------------------------------------------------------------


def prefix(lang: str) -> str:
    return "/zh" if lang == "zh" else ""


def goals_path(lang: str = "en") -> str:
    return f"{prefix(lang)}/goals"


# The citation files a reference manager reads (tracker.citation), as the API serves them.
CITE_FILES = tuple(zip(site.CITATION_FORMATS, ("BibTeX", "RIS", "CSL-JSON"), strict=True))


def absolute(path: str) -> str:
    return documents.public_url().rstrip("/") + path


# --- the documents ------------------------------------------------------------------------------


def api_document(path: str) -> Any:
    """The API's JSON document at `path`, parsed from the bytes the API serves (built once per
    database version, in the API's cache): a page shows exactly what the API says."""
    found = api.DOCUMENTS.answer(path)
    return None if found is None else json.loads(found.body)


def served_indicator(indicator_id: str) -> dict[str, Any] | None:
    """`/api/v1/indicators/<id>.json` (None for an id the database does not have)."""
    return api_document(site.indicator_address(indicator_id, "json"))


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
th{background:var(--soft)}td{overflow-wrap:anywhere}td:first-child strong{white-space:nowrap}
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


def html_link(href: str, text: str, attrs: str = "") -> str:
    return f'<a href="{esc(href)}"{attrs}>{esc(text)}</a>'


def page_title(text: str, lang: str) -> str:
    """A page's title: what it is, then the tracker's name."""
    _ = i18n.words(lang)
    return text + " — " + _(site.TITLE)


def meta_tag(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{esc(name)}" content="{esc(content)}">'


def json_ld(value: dict[str, Any]) -> str:
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
    _ = i18n.words(lang)
    own = paths[lang]
    other = "zh" if lang == "en" else "en"
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        meta_tag("description", description),
    ]
    if indexable:
        tags += [f'<link rel="canonical" href="{esc(absolute(own))}">', _alternates(paths)]
    else:
        tags.append(meta_tag("robots", "noindex"))
    site_name = _(site.TITLE)
    tags += [
        meta_tag("og:type", "website", "property"),
        meta_tag("og:site_name", site_name, "property"),
        meta_tag("og:title", title, "property"),
        meta_tag("og:description", description, "property"),
        meta_tag("og:url", absolute(own), "property"),
        meta_tag("og:locale", OG_LOCALE[lang], "property"),
        meta_tag("og:locale:alternate", OG_LOCALE[other], "property"),
        meta_tag("twitter:card", "summary_large_image" if image else "summary"),
        meta_tag("twitter:title", title),
        meta_tag("twitter:description", description),
    ]
    if image:
        path, alt = image
        tags += [
            meta_tag("og:image", absolute(path), "property"),
            meta_tag("og:image:type", PNG, "property"),
            meta_tag("og:image:width", str(share_image.WIDTH), "property"),
            meta_tag("og:image:height", str(share_image.HEIGHT), "property"),
            meta_tag("og:image:alt", alt, "property"),
            meta_tag("twitter:image", absolute(path)),
            meta_tag("twitter:image:alt", alt),
        ]
    switch = "中文" if lang == "en" else "English"  # each language named in itself
    header = (
        '<a class="skip" href="#main">' + esc(_("Skip to the content")) + "</a>"
        '<header class="site"><nav aria-label="' + esc(_("Site")) + '">'
        f'<a class="name" href="{esc(goals_path(lang))}">{esc(site_name)}</a>'
        + html_link(goals_path(lang), _("Goals"))
        + html_link("/" + ("?lang=zh" if lang == "zh" else ""), _("Dashboard"))
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


# --- a target's and a source's texts ----------------------------------------------------------


def name_in(meta: dict[str, Any], lang: str) -> str:
    return meta["name_zh"] if lang == "zh" and meta.get("name_zh") else meta["name_en"]


def field_in(row: dict[str, Any], field: str, lang: str) -> str | None:
    return (row.get(f"{field}_zh") if lang == "zh" else None) or row.get(field)


def source_link(source: dict[str, Any], lang: str) -> str:
    publisher = field_in(source, "publisher", lang)
    title = field_in(source, "title", lang) or publisher or source.get("id")
    published = figures.show_date(
        source.get("published"), source.get("date_precision") or "day", lang
    )
    said = "（{}，{}）" if lang == "zh" else " ({}, {})"  # the language's brackets and comma
    text = esc(title) + (said.format(esc(publisher), esc(published)) if published else "")
    if source.get("url"):
        return f'<a href="{esc(source["url"])}" rel="nofollow">{text}</a>'
    return text


def observation_date(o: dict[str, Any], lang: str) -> str:
    source = o["source"]
    precision = figures.observation_precision(
        o["as_of"],
        o["date_basis"] or "",
        source.get("published"),
        source.get("date_precision") or "",
    )
    return figures.date_phrase(o["as_of"], o["date_basis"] or "", precision, lang)


def latest_observation(doc: dict[str, Any]) -> dict[str, Any]:
    """The observation the indicator's latest figure is (its date and value), for its source
    and quote."""
    latest = doc["indicator"]["latest"]
    obs = sorted(doc["observations"], key=lambda o: (o["as_of"] or "", o["id"]))
    same = [o for o in obs if o["as_of"] == latest["as_of"] and o["value"] == latest["value"]]
    return (same or obs)[-1]


def quote_html(text: str | None) -> str:
    """A verbatim quote: marked as Chinese when it is (every source quote here is), so screen
    readers and fonts read it as written."""
    if not text:
        return ""
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return f"<blockquote{' lang=zh-Hans' if zh else ''}>{esc(text)}</blockquote>"


def html_cells(labels: list[str], cells: list[str]) -> str:
    return (
        "<tr>"
        + "".join(
            f'<td data-label="{esc(label)}">{cell}</td>'
            for label, cell in zip(labels, cells, strict=True)
        )
        + "</tr>"
    )


def html_table(caption: str, labels: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{esc(label)}</th>' for label in labels)
    body = "".join(html_cells(labels, r) for r in rows)
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


def scope_text(t: dict[str, Any], lang: str) -> str:
    """A goal's scope under it when it is not the whole country."""
    _ = i18n.words(lang)
    if t["scope"] == "national":
        return ""
    return "<br>" + el("span", _(SCOPES.get(t["scope"], t["scope"])), ' class="note"')


def match_words(t: dict[str, Any], lang: str) -> str:
    _ = i18n.words(lang)
    word = _("proxy match") if t["match"] == "proxy" else _("exact match")
    note = field_in(t, "match_note", lang)
    return esc(word) + (f'<br><span class="note">{esc(note)}</span>' if note else "")


def verdict_html(t: dict[str, Any], unit: str, lang: str) -> str:
    """A goal's verdict with the figure that decides it, or "—" before its deadline."""
    _ = i18n.words(lang)
    v = t.get("verdict")
    if not v:
        return "—"
    style = status_style.verdict_style(v["outcome"])
    text = f'<span class="status">{esc(style.text(lang))}</span>'
    if v.get("value") is not None:
        text += " " + esc(
            _("by {figure} ({date})").format(
                figure=figures.figure_text(v["value"], v["comparator"], unit, lang=lang),
                date=figures.show_date(v["as_of"], lang=lang),
            )
        )
    note = field_in(v, "note", lang)
    return text + (f'<br><span class="note">{esc(note)}</span>' if note else "")


def status_html(t: dict[str, Any], lang: str) -> str:
    note = field_in(t, "status_note", lang)
    return f'<span class="status">{esc(status_style.text(t["status"], lang))}</span>' + (
        f'<br><span class="note">{esc(note)}</span>' if note else ""
    )


def goal_text(value: Any, comparator: Any, unit: str, deadline: Any, lang: str) -> str:
    _ = i18n.words(lang)
    return _("{figure} by {date}").format(
        figure=figures.figure_text(value, comparator, unit, lang=lang),
        date=figures.show_date(deadline, lang=lang),
    )


def lineage_lines(t: dict[str, Any], unit: str, lang: str) -> list[str]:
    out = []
    for link in t["lineage"]:
        own = goal_text(t["value"], t["comparator"], unit, t["deadline"], lang)
        other = goal_text(link["value"], link["comparator"], link["unit"], link["deadline"], lang)
        before, after = (own, other) if link["direction"] == "after" else (other, own)
        out.append(
            esc(f"{before} → {after} ({targets.relation_word(link['relation'], lang)})")
            + " · "
            + source_link(link["source"], lang)
            + quote_html(link.get("quote"))
        )
    return out
