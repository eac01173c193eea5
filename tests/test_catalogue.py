"""The message catalogues (locale/): complete, current with the code, and consistent.

A test fails when a message is untranslated (empty or fuzzy), when the catalogue is stale
against the code (the texts extracted now differ from locale/messages.pot or from a language's
.po), when a placeholder ({name}, %s) or a code span (`...`) differs between a message and its
translation, when a compiled .mo does not hold what its .po says, or when a translatable call
hides inside an f-string (where extraction cannot see it).
"""

from __future__ import annotations

import ast
import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from etl.i18n import LANGUAGES, LOCALE_DIR

REPO = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
BRACE = re.compile(r"\{(\w*)(?:[!:][^{}]*)?\}")
PERCENT = re.compile(r"%(?:\((\w+)\))?\d*(?:\.\d+)?[sdifr]")
CODE = re.compile(r"`([^`]+)`")


def po(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp)


def ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def extracted() -> set:
    """The texts of the code now, as `make messages` extracts them (babel.cfg)."""
    method_map = [
        ("dashboard.py", "python"),
        ("pages/**.py", "python"),
        ("tracker/**.py", "python"),
        ("etl/**.py", "python"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO, method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_babel_cfg_covers_the_same_files():
    cfg = (REPO / "babel.cfg").read_text(encoding="utf-8")
    for pattern in ("dashboard.py", "pages/**.py", "tracker/**.py", "etl/**.py"):
        assert f"[python: {pattern}]" in cfg


def test_template_is_current_with_the_code():
    with (LOCALE_DIR / "messages.pot").open("rb") as fp:
        template = ids(read_po(fp))
    code = extracted()
    assert code - template == set(), "new texts: run `make messages`, translate, `make compile`"
    assert template - code == set(), "texts gone from the code: run `make messages`"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_current_and_complete(lang):
    catalog = po(lang)
    assert ids(catalog) == extracted(), "run `make messages`"
    untranslated = [
        m.id
        for m in catalog
        if m.id
        and ("fuzzy" in m.flags or not (m.string if isinstance(m.string, str) else all(m.string)))
    ]
    assert untranslated == []


def placeholders(text: str) -> tuple[set, set, list]:
    return (
        set(BRACE.findall(text)),
        {m.group(0) for m in PERCENT.finditer(text)},
        sorted(CODE.findall(text)),
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_and_code_are_the_same_in_every_language(lang):
    wrong = []
    for m in po(lang):
        if not m.id:
            continue
        sources = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for source in sources:
            for string in strings:
                if placeholders(source) != placeholders(string):
                    wrong.append((source, string))
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalogue_holds_the_po(lang):
    """The committed .mo is the .po compiled (`make compile`)."""
    catalog = po(lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    fresh = gettext.GNUTranslations(buffer)
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fp:
        committed = gettext.GNUTranslations(fp)
    for m in catalog:
        if not m.id:
            continue
        if isinstance(m.id, str):
            assert committed.gettext(m.id) == fresh.gettext(m.id), "run `make compile`"
        else:
            for n in (1, 2):
                assert committed.ngettext(*m.id, n) == fresh.ngettext(*m.id, n), "make compile"


def test_no_translation_call_inside_an_f_string():
    """`f"{_('x')}"`: extraction does not look inside f-strings, so the text would never reach
    the catalogue."""
    hidden = []
    files = [REPO / "dashboard.py", *REPO.glob("pages/*.py"), *REPO.glob("tracker/*.py")]
    files += list(REPO.glob("etl/*.py"))
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in KEYWORDS
                    ):
                        hidden.append(f"{path.relative_to(REPO)}:{inner.lineno}")
    assert hidden == []
