"""The glossary page («Giải thích thuật ngữ»): the terms the pages use and the abbreviations of the index
sets, from :mod:`generator.glossary` (the same list gives every page its ``<abbr>``)."""

from __future__ import annotations

from ..glossary import TERMS
from ..text import sort_key
from . import paths
from .base import Page, render


def glossary_page() -> Page:
    html = render("glossary.html", paths.GLOSSARY, terms=[t for t in TERMS if not t.full], abbreviations=sorted((t for t in TERMS if t.full), key=lambda t: sort_key(t.word)), paths=paths)
    return Page(paths.GLOSSARY, "Giải thích thuật ngữ", html, nav=("Giải thích thuật ngữ",))
