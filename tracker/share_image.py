"""An indicator's share image: a 1200×630 PNG (what link previews in Slack, WeChat, X and
newsroom tools show) with the indicator's name, its latest figure against its headline target
and that target's status, the source, the dataset version and the page's address, drawn from
the indicator's API document (`documents.indicator_document`).

Drawn with Pillow (already installed: Streamlit depends on it), so no browser is needed (Plotly's
static export, Kaleido, needs Chrome). The text is set in a subset of Noto Sans CJK SC (SIL Open
Font Licence, `tracker/fonts/`), committed with the code, so Chinese renders on a machine without
CJK fonts; it holds every character the images draw from the data and catalogue
(tests/app/test_site.py fails when one is missing; `python -m tracker.share_image font` remakes
it from Debian's fonts-noto-cjk, docs/site.md).
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFont

from etl import figures
from tracker import documents, i18n, indicators, site, status_style
from tracker.chart_style import CHART_TEXT_COLOUR

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "NotoSansSC-Regular-subset.otf"
BOLD = FONT_DIR / "NotoSansSC-Bold-subset.otf"
SYSTEM_FONTS = {  # where the subset is cut from (Debian's fonts-noto-cjk); index 2 is SC
    REGULAR: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    BOLD: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
SC_INDEX = 2

TEXT_COLOUR = ImageColor.getrgb(CHART_TEXT_COLOUR)  # the charts' text colour
MUTED = (92, 95, 107)
BLUE = (0, 114, 178)
BAND = (244, 245, 247)
MARGIN = 64


@cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def headline_target(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The target the image shows: a 2025 goal first (the programme's question), then the
    earliest deadline."""
    targets = [t for t in doc["targets"] if t["value"] is not None]
    if not targets:
        return None
    return min(targets, key=lambda t: (t["horizon"] != "2025", t["deadline"] or "", t["id"]))


def _decided(target: dict[str, Any]) -> str | None:
    """The target's verdict once a figure decides it (met or not, on a proxy or not), else None:
    the image then shows its status ("Deadline passed, no result reported")."""
    outcome = (target.get("verdict") or {}).get("outcome")
    return outcome if outcome and outcome != "no_verdict" else None


def latest_source(doc: dict[str, Any]) -> dict[str, Any] | None:
    obs = sorted(doc["observations"], key=lambda o: (o["as_of"] or "", o["id"]))
    return obs[-1]["source"] if obs else None


def card_texts(doc: dict[str, Any], lang: str, address: str) -> dict[str, str]:
    """Every text the image draws, by its place (in the current language)."""
    _ = i18n.words(lang)
    meta = doc["indicator"]
    unit = meta["unit"]
    name = meta["name_zh"] if lang == "zh" and meta.get("name_zh") else meta["name_en"]
    latest = meta["latest"]
    out = {
        "site": _(site.TITLE),
        "name": name,
        "figure": (
            figures.figure_text(latest["value"], latest["comparator"], unit, lang=lang)
            if latest
            else figures.no_value(lang)
        ),
        "figure_date": figures.show_date(latest["as_of"], lang=lang) if latest else "",
        "goal": "",
        "status": "",
        "source": "",
        "version": _("Dataset version {version}").format(version=doc["version"]),
        "address": address,
    }
    target = headline_target(doc)
    if target is not None:
        out["goal"] = _("Goal: {figure} by {date}").format(
            figure=figures.figure_text(target["value"], target["comparator"], unit, lang=lang),
            date=figures.show_date(target["deadline"], lang=lang),
        )
        verdict = _decided(target)
        out["status"] = (
            status_style.verdict_style(verdict).label(lang)
            if verdict
            else status_style.style(target["status"]).label(lang)
        )
    source = latest_source(doc)
    if source is not None:
        out["source"] = _("Source: {publisher}, {date}").format(
            publisher=(source.get("publisher_zh") if lang == "zh" else None)
            or source.get("publisher")
            or source.get("id"),
            date=figures.show_date(
                source.get("published"), source.get("date_precision") or "day", lang
            ),
        )
    return out


def summary_line(doc: dict[str, Any], lang: str) -> str:
    """The image's text alternative: what it shows, in one sentence."""
    _ = i18n.words(lang)
    t = card_texts(doc, lang, "")
    parts = [t["name"], f"{t['figure']} ({t['figure_date']})" if t["figure_date"] else t["figure"]]
    if t["goal"]:
        parts.append(f"{t['goal']}: {t['status']}")
    return _("; ").join(parts)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Lines of `text` no wider than `width`: broken at spaces, or between any two characters
    for Chinese (which has no spaces)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for w in words:
        trial = f"{line}{joiner}{w}" if line else w
        if draw.textlength(trial, font=face) <= width:
            line = trial
        else:
            if line:
                lines.append(line)
            line = w
    if line:
        lines.append(line)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` cut with "…" to fit `width` (a long source or address)."""
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text + "…"


def render(doc: dict[str, Any], lang: str, address: str) -> bytes:
    """The PNG's bytes (`address`: the indicator's page as readers reach it, written at the
    foot)."""
    t = card_texts(doc, lang, address)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 76), fill=BAND)
    draw.rectangle((0, 0, 12, HEIGHT), fill=BLUE)
    band = font(REGULAR, 26)
    version_width = draw.textlength(t["version"], font=band)
    draw.text((WIDTH - MARGIN - version_width, 24), t["version"], font=band, fill=MUTED)
    draw.text(
        (MARGIN, 24),
        _fit(draw, t["site"], band, int(inner - version_width - 24)),
        font=band,
        fill=MUTED,
    )
    # The name: up to three lines, smaller when long.
    size = 52
    lines = _wrap(draw, t["name"], font(BOLD, size), inner)
    while len(lines) > 2 and size > 38:
        size -= 4
        lines = _wrap(draw, t["name"], font(BOLD, size), inner)
    if len(lines) > 3:
        lines = [
            *lines[:2],
            _fit(
                draw,
                " ".join(lines[2:]) if lang == "en" else "".join(lines[2:]),
                font(BOLD, size),
                inner,
            ),
        ]
    y = 104
    for line in lines:
        draw.text((MARGIN, y), line, font=font(BOLD, size), fill=TEXT_COLOUR)
        y += int(size * 1.3)
    y = max(y + 18, 270)
    figure_face = font(BOLD, 84) if doc["indicator"]["latest"] else font(REGULAR, 56)
    colour = BLUE if doc["indicator"]["latest"] else MUTED
    draw.text((MARGIN, y), t["figure"], font=figure_face, fill=colour)
    after = MARGIN + draw.textlength(t["figure"], font=figure_face) + 24
    if t["figure_date"]:
        draw.text((after, y + 44), t["figure_date"], font=font(REGULAR, 30), fill=MUTED)
    y += 118
    if t["goal"]:
        goal_face = font(REGULAR, 32)
        draw.text((MARGIN, y), t["goal"], font=goal_face, fill=TEXT_COLOUR)
        x = MARGIN + draw.textlength(t["goal"], font=goal_face) + 20
        status_face = font(BOLD, 28)
        label = t["status"]
        pad = 14
        w = draw.textlength(label, font=status_face) + 2 * pad + 30
        if x + w > WIDTH - MARGIN:  # on its own line under the goal
            x, y = MARGIN, y + 52
        colour = _status_colour(doc)
        draw.rounded_rectangle((x, y - 2, x + w, y + 44), radius=8, outline=colour, width=3)
        draw.ellipse((x + pad, y + 12, x + pad + 18, y + 30), fill=colour, outline=TEXT_COLOUR)
        draw.text((x + pad + 30, y + 2), label, font=status_face, fill=TEXT_COLOUR)
        y += 60
    small = font(REGULAR, 24)
    if t["source"]:
        draw.text(
            (MARGIN, HEIGHT - 92), _fit(draw, t["source"], small, inner), font=small, fill=MUTED
        )
    size = 24  # the address whole, smaller when long
    while size > 16 and draw.textlength(t["address"], font=font(REGULAR, size)) > inner:
        size -= 2
    face = font(REGULAR, size)
    draw.text((MARGIN, HEIGHT - 56), _fit(draw, t["address"], face, inner), font=face, fill=BLUE)
    out = io.BytesIO()
    # A palette of at most 64 colours: the image is flat colour and text, so this keeps the
    # antialiased edges and makes the file half the size of full RGB; zlib level 3 takes a
    # third of the default level's time for a file a quarter larger (about 30 kB).
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(out, "PNG", compress_level=3)
    return out.getvalue()


def _status_colour(doc: dict[str, Any]) -> str:
    target = headline_target(doc)
    assert target is not None
    verdict = (target.get("verdict") or {}).get("outcome")
    return (
        status_style.verdict_style(verdict).colour
        if verdict
        else status_style.colour(target["status"])
    )


# --- the bundled font ---------------------------------------------------------------------------


def characters() -> set[str]:
    """Every character the images draw for the served database, in both languages (with the
    printable ASCII characters, for any address)."""
    from tracker import data

    data.begin_run()
    chars = set(string.printable.strip()) | {" ", "…", "·", "≥", "≤", "≈", "–", "—", "“", "”"}
    for lang in i18n.LANGUAGES:
        for indicator_id in indicators.indicator_ids():
            doc = documents.indicator_document(indicator_id)
            assert doc is not None
            for text in card_texts(doc, lang, documents.public_url()).values():
                chars |= set(text)
        for s in [*status_style.STYLES.values(), *status_style.VERDICT_STYLES.values()]:
            chars |= set(s.label(lang))
    return chars


def missing_characters(path: Path, chars: set[str]) -> set[str]:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path))["cmap"].getBestCmap()
    return {c for c in chars if ord(c) not in cmap}


def make_font() -> None:
    """Cut the bundled subsets from Debian's Noto Sans CJK (fonts-noto-cjk; fonttools, a dev
    dependency): every character the images draw now."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = characters()
    FONT_DIR.mkdir(exist_ok=True)
    for target, source in SYSTEM_FONTS.items():
        face = TTFont(str(source), fontNumber=SC_INDEX, recalcTimestamp=False)  # reproducible
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the copyright and licence records
        options.layout_features = ["kern", "palt", "liga"]
        options.hinting = False
        sub = subset.Subsetter(options)
        sub.populate(unicodes=[ord(c) for c in chars])
        sub.subset(face)
        face.save(str(target))
        print(f"{target}: {len(chars)} characters, {target.stat().st_size:,} bytes")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tracker.share_image", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("font", help="remake the bundled font subsets from fonts-noto-cjk")
    p.parse_args(argv)
    make_font()
    return 0


if __name__ == "__main__":
    sys.exit(main())
