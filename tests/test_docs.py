"""The front door: the README is short, and every relative link in it and in docs/ resolves,
and every `make` target it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_the_readme_is_under_10_kb():
    assert (REPO / "README.md").stat().st_size < 10_000


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_resolves(document):
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^(https?:|mailto:|#|/)", target):  # web addresses and the app's own
            continue
        path = target.split("#", 1)[0]
        if not (document.parent / path).exists():
            broken.append(target)
    assert broken == []


def test_every_make_target_the_readme_names_exists():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z][\w.-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][\w-]*)", (REPO / "README.md").read_text("utf-8")))
    named |= set(re.findall(r"^make ([a-z][\w-]*)", (REPO / "README.md").read_text("utf-8"), re.M))
    assert named, "the README names no make target"
    assert sorted(named - targets) == []
