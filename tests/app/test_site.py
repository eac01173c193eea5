"""The baked pages (tracker.baked, docs/site.md): every indicator's page in both languages with
what machines read (tags, JSON-LD, SVG) and the figures of its API document, the share images,
the goals page, the sitemap, 404s for hostile addresses, and the `make site` copy equal to what
`python -m tracker.serve` answers over HTTP."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from PIL import Image

from etl import figures
from etl.build import DEFAULT_DATASETS, build
from tests.browser.server import serve
from tracker import api, baked, data, documents, indicators, share_image, site

PUBLIC = "https://tracker.example.org"
LANGS = ("en", "zh")
HOSTILE = [
    "/indicators/<script>alert(1)</script>",
    "/indicators/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/indicators/..%2F..%2Fetc%2Fpasswd",
    "/indicators/" + "x" * 5000,
    "/indicators/key_process_cnc_rate/extra",
    "/indicators/key_process_cnc_rate.html",
    "/indicators/KEY_PROCESS_CNC_RATE",
    "/zh/indicators/nope.png",
    "/zh/indicators/%22onmouseover=alert(1)%20x=%22",
    "/goals/x",
    "/zh",
    "/zh/anything",
]


@pytest.fixture(autouse=True)
def public(monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", PUBLIC)


class Page(HTMLParser):
    """What machines read from a page: its language, title, meta and link tags, JSON-LD, the
    SVG chart's marks, and the text of each table cell by its column label."""

    def __init__(self, body: bytes):
        super().__init__()
        self.lang = ""
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[dict] = []
        self.cells: dict[str, list[str]] = {}
        self.svg_roles: list[str] = []
        self.marks = 0
        self._in: list[str] = []
        self._cell: str | None = None
        self._text = ""
        self.feed(body.decode("utf-8"))

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self._in.append(tag)
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a["content"])
        elif tag == "link":
            self.links.append(a)
        elif tag == "td":
            self._cell, self._text = a.get("data-label", ""), ""
        elif tag == "svg" and "chart" in a.get("class", ""):
            self.svg_roles.append(a.get("role", ""))
        elif tag in ("circle", "polygon") and "svg" in self._in:
            self.marks += 1
        if tag in ("meta", "link"):
            self._in.pop()

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.setdefault(self._cell, []).append(" ".join(self._text.split()))
            self._cell = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, text):
        if self._in and self._in[-1] == "title" and "svg" not in self._in:
            self.title += text
        if self._in and self._in[-1] == "script":
            self.json_ld.append(json.loads(text))
        if self._cell is not None:
            self._text += text


def one(page: Page, name: str) -> str:
    values = page.meta.get(name, [])
    assert len(values) == 1, (name, values)
    return values[0]


def text_of(body: bytes) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", body.decode("utf-8")))


def test_every_indicator_page_in_both_languages():
    data.begin_run()
    version = documents.version()
    for indicator_id in indicators.indicator_ids():
        # The API's own JSON, as a client reads it: the page must show the same figures.
        doc = json.loads(api.DOCUMENTS.read(f"/api/v1/indicators/{indicator_id}.json").body)
        meta = doc["indicator"]
        unit = meta["unit"]
        for lang in LANGS:
            path = site.indicator_address(indicator_id, "page", lang=lang)
            status, found = baked.read(path)
            assert (status, found.media_type) == (200, baked.HTML), path
            page = Page(found.body)
            name = meta["name_zh"] if lang == "zh" else meta["name_en"]
            assert page.lang == ("zh-Hans" if lang == "zh" else "en")
            assert page.title.startswith(name), path
            assert name in one(page, "description")
            assert one(page, "og:title") == page.title
            assert one(page, "og:url") == PUBLIC + path
            assert one(page, "og:image") == PUBLIC + path + ".png"
            assert one(page, "og:image:width") == "1200"
            assert one(page, "twitter:card") == "summary_large_image"
            assert one(page, "twitter:image") == PUBLIC + path + ".png"
            assert one(page, "citation_title").startswith(name)
            assert one(page, "citation_author") == site.TITLE
            assert one(page, "citation_version") == version
            assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", one(page, "citation_publication_date"))
            assert one(page, "citation_public_url") == PUBLIC + path
            links = {(x["rel"], x.get("hreflang")): x["href"] for x in page.links}
            assert links[("canonical", None)] == PUBLIC + path
            assert links[("alternate", "en")] == PUBLIC + site.indicator_address(
                indicator_id, "page"
            )
            assert links[("alternate", "zh")] == PUBLIC + site.indicator_address(
                indicator_id, "page", lang="zh"
            )
            assert links[("alternate", "x-default")] == links[("alternate", "en")]
            # schema.org Dataset, as Google Dataset Search reads it.
            (ld,) = page.json_ld
            assert ld["@type"] == "Dataset" and ld["name"] == name
            assert ld["url"] == PUBLIC + path
            assert ld["license"] == documents.LICENCE["path"]
            assert ld["version"] == version and ld["creator"]["name"] == site.TITLE
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ld["dateModified"])
            assert ld["spatialCoverage"]["name"] == "China"
            assert ld["variableMeasured"]["name"] == meta["name_en"]
            assert [d["contentUrl"] for d in ld["distribution"]] == [
                PUBLIC + meta["csv"],
                PUBLIC + meta["json"],
            ]
            dates = [o["as_of"] for o in doc["observations"]]
            dates += [t["deadline"] for t in doc["targets"]]
            assert ld["temporalCoverage"] == f"{min(dates)}/{max(dates)}"
            # The figures and targets are the API document's, in its order, as written.
            figure_column = "原文数值" if lang == "zh" else "Value as stated"
            assert page.cells.get(figure_column, []) == [
                figures.figure_text(o["value"], o["comparator"], unit, lang=lang)
                for o in doc["observations"]
            ], path
            target_column = "目标" if lang == "zh" else "Target"
            shown_targets = [c for c in page.cells.get(target_column, [])]
            assert len(shown_targets) == len(doc["targets"])
            for t, cell in zip(doc["targets"], shown_targets, strict=True):
                assert figures.figure_text(t["value"], t["comparator"], unit, lang=lang) in cell
            # Each figure's and target's source line names its publisher in the page's language.
            source_lines = " ".join(page.cells.get("来源" if lang == "zh" else "Source", []))
            source_lines += " ".join(
                page.cells.get("来源与引语" if lang == "zh" else "Source and quote", [])
            )
            for source in [o["source"] for o in doc["observations"]] + [
                t["source"] for t in doc["targets"]
            ]:
                shown, other = source["publisher"], source["publisher_zh"]
                if lang == "zh":
                    shown, other = other, shown
                assert shown in source_lines, (path, shown)
                assert shown == other or other not in source_lines, (path, other)
            text = text_of(found.body)
            for quote in [o["quote"] for o in doc["observations"]] + [
                t["quote"] for t in doc["targets"]
            ]:
                assert quote in text, (path, quote)
            # The chart: one mark per figure and target (legend marks aside), with its text.
            if doc["observations"] or doc["targets"]:
                assert page.svg_roles == ["img"]
                legend = 5
                assert page.marks - legend == len(doc["observations"]) + len(doc["targets"])
            body = found.body.decode("utf-8")
            dashboard = site.indicator_address(indicator_id, lang=lang).replace("&", "&amp;")
            assert f'href="{dashboard}"' in body
            assert f'href="{meta["csv"]}"' in body and f'href="{meta["json"]}"' in body
            # The citation files and the indicator's feed (issue 27), each one the API serves.
            for ext in (*site.CITATION_FORMATS, "atom"):
                address = f"/api/v1/indicators/{indicator_id}.{ext}"
                assert f'href="{address}"' in body, (path, ext)
                assert api.DOCUMENTS.read(address) is not None, address
            feed = [x for x in page.links if x.get("type") == "application/atom+xml"]
            assert [(x["rel"], x["href"]) for x in feed] == [
                ("alternate", PUBLIC + f"/api/v1/indicators/{indicator_id}.atom")
            ]
            assert "<script" not in body.replace('<script type="application/ld+json">', "")


def test_share_images_are_1200_by_630_pngs():
    data.begin_run()
    for indicator_id in indicators.indicator_ids():
        for lang in LANGS:
            status, found = baked.read(site.indicator_address(indicator_id, "png", lang=lang))
            assert (status, found.media_type) == (200, "image/png")
            image = Image.open(io.BytesIO(found.body))
            assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_bundled_font_draws_every_character_of_the_images():
    """A character of the data or catalogue that the subset lacks would be drawn as an empty
    box: remake the subset (`python -m tracker.share_image font`, docs/site.md)."""
    chars = share_image.characters()
    assert {"关", "键", "目", "标"} <= chars  # Chinese names and words are among them
    for path in (share_image.REGULAR, share_image.BOLD):
        assert share_image.missing_characters(path, chars) == set(), path


def test_the_goals_page_answers_were_the_2025_goals_met():
    data.begin_run()
    targets = documents.targets_document()["targets"]
    due = [t for t in targets if t["horizon"] == "2025"]
    outcomes = Counter((t["verdict"] or {}).get("outcome") or "no_verdict" for t in due)
    for lang in LANGS:
        status, found = baked.read(baked.goals_path(lang))
        body = found.body.decode("utf-8")
        assert status == 200
        page = Page(found.body)
        assert page.json_ld[0]["@type"] == "Dataset"
        for outcome, n in outcomes.items():
            from tracker import status_style

            assert f"{n} {status_style.verdict_style(outcome).label(lang)}" in body
        # every goal links to its indicator; every indicator without a goal is listed after
        links = re.findall(r'href="(/(?:zh/)?indicators/[^"]+)"', body)
        with_goal = {t["indicator_id"] for t in targets}
        assert len(links) == len(targets) + len(indicators.indicator_ids()) - len(with_goal)
        assert {link.rsplit("/", 1)[1] for link in links} == set(indicators.indicator_ids())
        # the 2025 goals first, then those after 2025
        assert body.index(_h2(lang, "due")) < body.index(_h2(lang, "after"))


def _h2(lang: str, which: str) -> str:
    texts = {
        ("en", "due"): "Goals due by 2025",
        ("en", "after"): "Goals after 2025",
        ("zh", "due"): "2025年到期的目标",
        ("zh", "after"): "2025年以后的目标",
    }
    return f"<h2>{texts[(lang, which)]}</h2>"


def test_sitemap_lists_every_page_in_both_languages_and_robots_names_it():
    data.begin_run()
    _, sitemap = baked.read("/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.fromstring(sitemap.body).findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    expected = [PUBLIC + baked.goals_path(lang) for lang in LANGS]
    for indicator_id in indicators.indicator_ids():
        expected += [
            PUBLIC + site.indicator_address(indicator_id, "page", lang=lang) for lang in LANGS
        ]
    assert sorted(locs) == sorted(expected)
    for u in urls:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", u.find("s:lastmod", ns).text)
    _, robots = baked.read("/robots.txt")
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.body.decode()


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_addresses_get_the_html_404_in_their_language(path):
    status, found = baked.read(path)
    assert (status, found.media_type) == (404, baked.HTML)
    body = found.body.decode("utf-8")
    assert "<script>alert" not in body and '"onmouseover' not in body
    assert Page(found.body).lang == ("zh-Hans" if path.startswith("/zh") else "en")
    assert 'name="robots" content="noindex"' in body


# --- over HTTP, as `make run` serves it ------------------------------------------------------


def fetch(url: str, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("siteserver")
    db = root / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, date(2026, 11, 24))
    before = os.environ.get("TRACKER_PUBLIC_URL")
    os.environ["TRACKER_PUBLIC_URL"] = PUBLIC
    try:
        with serve(db, root / "server.log", public_url=PUBLIC) as base:
            yield base, db, root
    finally:
        if before is None:
            os.environ.pop("TRACKER_PUBLIC_URL", None)
        else:
            os.environ["TRACKER_PUBLIC_URL"] = before


def test_served_with_etag_cache_control_and_the_security_headers(server):
    base, _, _ = server
    html = {"Accept": "text/html"}  # a browser: not sent on to Streamlit's page
    status, headers, body = fetch(f"{base}/indicators/key_process_cnc_rate", headers=html)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    assert b"Numerical control rate of key processes" in body
    again = {**html, "If-None-Match": headers["etag"]}
    assert fetch(f"{base}/indicators/key_process_cnc_rate", headers=again)[0] == 304
    assert fetch(f"{base}/indicators/key_process_cnc_rate", "HEAD")[2] == b""
    assert fetch(f"{base}/goals", "POST")[0] == 405
    for path in HOSTILE[:3] + HOSTILE[4:]:
        status, headers, body = fetch(
            base + path.replace("<", "%3C").replace(">", "%3E"), headers=html
        )
        assert status == 404 and headers["content-type"] == "text/html; charset=utf-8", path
        assert b"<script>alert" not in body


@pytest.fixture(scope="module")
def site_copy(server):
    """`make site`'s copy of the server's database."""
    _, db, root = server
    before = os.environ.get("TRACKER_DB")
    os.environ["TRACKER_DB"] = str(db)
    try:
        baked.PAGES.export(root / "site")
    finally:
        if before is None:
            os.environ.pop("TRACKER_DB", None)
        else:
            os.environ["TRACKER_DB"] = before
    return root / "site"


def copied_pages(out) -> list:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.name != "404.html")


def address_of(f, out) -> str:
    return "/" + f.relative_to(out).as_posix().removesuffix(".html")


def test_make_site_copy_is_what_the_server_answers(server, site_copy):
    base, _, _ = server
    files = copied_pages(site_copy)
    assert len(files) == 2 + 2 * (1 + 2 * len(indicators.indicator_ids()))
    for f in files:
        status, _, body = fetch(base + address_of(f, site_copy))
        assert status == 200, f
        assert body == f.read_bytes(), f


def test_nginx_serves_the_copy_itself(server, site_copy, tmp_path):
    """deploy/nginx.conf.template's site locations, with no dashboard behind it: every file
    of the copy at its address, its headers, and the 404 page of the reader's language."""
    from deploy.cluster import NGINX, free_port, render

    if not os.path.exists(NGINX):
        pytest.skip(f"needs Debian's nginx at {NGINX} (`make nginx` as root)")
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(render([free_port()], port, tmp_path, tmp_path, site_copy), encoding="utf-8")
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        for f in copied_pages(site_copy):
            status, headers, body = fetch(base + address_of(f, site_copy))
            assert (status, body) == (200, f.read_bytes()), f
            assert headers["X-Frame-Options"] == "SAMEORIGIN"
        status, headers, body = fetch(f"{base}/zh/indicators/nope")
        assert status == 404 and body == (site_copy / "zh" / "404.html").read_bytes()
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        status, _, body = fetch(f"{base}/indicators/%3Cscript%3E")
        assert status == 404 and body == (site_copy / "404.html").read_bytes()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_rebuild_is_served_by_the_next_request(server):
    base, db, _ = server
    path = f"{base}/indicators/key_process_cnc_rate"
    before = fetch(path)[2]
    assert b"Deadline passed, no result reported" in before
    build(DEFAULT_DATASETS, db, date(2025, 6, 1))  # assessed before the 2025 deadline
    after = fetch(path)[2]
    assert b"Deadline passed, no result reported" not in after


@pytest.mark.parametrize("lang", LANGS)
def test_the_streamlit_indicator_page_links_to_its_baked_page(lang):
    from tests.app.test_pages import open_page

    at = open_page("pages/indicator_page.py", {"id": "key_process_cnc_rate", "lang": lang})
    assert not at.exception
    # A link of this site, opened in the same tab (text.same_tab_link).
    baked_page = site.indicator_address("key_process_cnc_rate", "page", lang=lang)
    assert any(f'<a href="{baked_page}" target="_self">' in c.value for c in at.caption)


def test_every_mark_of_the_chart_is_inside_its_plot():
    """Every figure and target is drawn between the axes, a negative figure and a single date
    too (the value axis then reaches below zero; a lone date gets a year either side)."""
    import copy

    from tracker import baked_svg

    data.begin_run()
    doc = json.loads(api.DOCUMENTS.read("/api/v1/indicators/key_process_cnc_rate.json").body)
    negative = copy.deepcopy(doc)
    negative["observations"][0]["value"] = -12.5
    lone = copy.deepcopy(doc)
    lone["observations"], lone["targets"] = lone["observations"][:1], []
    for d in (doc, negative, lone):
        svg = baked_svg.svg_chart(d, "x", "en")
        ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="(-?[\d.]+)"', svg)]
        ys += [float(y) for y in re.findall(r'<polygon points="-?[\d.]+,(-?[\d.]+)', svg)]
        xs = [float(x) for x in re.findall(r'<circle cx="(-?[\d.]+)"', svg)]
        assert len(ys) == len(d["observations"]) + len(d["targets"])
        bottom = baked_svg.HEIGHT - baked_svg.BOTTOM
        assert all(baked_svg.TOP - 8 <= y <= bottom + 8 for y in ys), ys
        assert all(baked_svg.LEFT <= x <= baked_svg.WIDTH - baked_svg.RIGHT for x in xs), xs
