"""What the site takes from the theme: its files less Material's built-in search (lunr and its worker,
~1.2 MB; the site searches with Pagefind) and the source maps of its scripts and stylesheets (~1.3 MB);
and the same context under every engine."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import File

from ..glossary import mark_first_uses

UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")  # Material's own search: Pagefind searches
SOURCE_MAP = re.compile(rb"\n?/[*/][#@] sourceMappingURL=[^\n]*?(\*/)?\s*$")


def lighten(files, config) -> None:
    """Remove the unused files from the build's ``files``, and the comments that name the source maps
    from the scripts and stylesheets."""
    for file in list(files):
        uri = file.src_uri
        if uri.startswith(UNUSED_THEME_FILES) or uri.endswith(".map"):
            files.remove(file)
        elif uri.startswith("assets/") and uri.endswith((".js", ".css")) and not file.generated_by and file.abs_src_path:
            data = Path(file.abs_src_path).read_bytes()
            stripped = SOURCE_MAP.sub(b"\n", data[-300:])
            if stripped != data[-300:]:
                files.remove(file)
                files.append(File.generated(config, uri, content=data[:-300] + stripped))


# Material names the engine in every page (``<meta name="generator" content="mkdocs-{{ mkdocs_version }},
# mkdocs-material-…">``), and ProperDocs gives "ProperDocs 1.6.7" there. Pages name the MkDocs release
# whose page building both engines run, so that changing the engine changes no byte of the site.
ENGINE_IN_PAGES = "1.6.1"


def same_for_every_engine(context):
    """The theme's ``context`` with what it says of the engine the same under every engine."""
    context["mkdocs_version"] = ENGINE_IN_PAGES
    return context


# What Material writes that the W3C HTML checker (vnu) reports as errors, and the skip link it writes only
# on pages that have a table of contents. Each is one exact piece of Material's markup replaced after the
# page is rendered (:func:`tidy`), on every page and on the "page not found" page; should Material change
# its markup, the replacement finds nothing and the checker's test (tests/test_html_checker.py) says so.
MAIN_ID = "noi-dung-chinh"  # the target of the skip link: the page's article
SKIP_LINK = f'<div data-md-component="skip"><a href="#{MAIN_ID}" class="md-skip">Bỏ qua, đến nội dung chính</a></div>'
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)
_ARTICLE = '<article class="md-content__inner md-typeset">'
_CHECKBOX_AUTOCOMPLETE = ' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__search" autocomplete="off">'
_EMPTY_TABINDEX = '_label" tabindex="">'  # a section's label in the navigation


def tidy(html: str) -> str:
    """A page as Material renders it, made valid HTML and given a skip link: every page starts with
    «Bỏ qua, đến nội dung chính», which leads to the article (Material writes its own only on pages with
    a table of contents, and names it «Bỏ qua»); the first use of each abbreviation in the article is
    written ``<abbr>`` with its full form (:func:`generator.glossary.mark_first_uses`); ``autocomplete``
    is left off the checkboxes that open the drawer and search (the attribute is for text fields); a
    navigation label that is not focusable loses its empty ``tabindex``."""
    html = _SKIP.sub(SKIP_LINK, html, count=1)
    html = html.replace(_ARTICLE, f'<article class="md-content__inner md-typeset" id="{MAIN_ID}" tabindex="-1">', 1)
    start = html.find(f'id="{MAIN_ID}"')
    if start >= 0:
        html = mark_first_uses(html, start, html.find("</article>", start))
    for tail in _CHECKBOX_AUTOCOMPLETE:
        html = html.replace(tail, tail.replace(' autocomplete="off"', ""), 1)
    return html.replace(_EMPTY_TABINDEX, '_label">')
