"""Pages rendered outside MkDocs' page loop: which pages, what the loop does for them (nothing), how one is
rendered in full as the loop would, and the loop's notes about them kept out of the log. Whether any page
is rendered outside the loop is the plugin's option ``render_outside_loop`` (:mod:`.plugin`)."""

from __future__ import annotations

import logging
import re
from html import escape

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc

from ..pages import Page
from .mkdocs_private import internals, page_loop_logger

OUTSIDE_LOOP = "dti-outside-loop.html"  # the template MkDocs' page loop renders for those pages: nothing


def outside_loop(page: Page) -> bool:
    """Pages made per unit or indicator are rendered outside MkDocs' page loop, on every core, and each
    is written as soon as it is made (a national year's scorecards hold gigabytes of HTML). Search
    finds them through their own records, so nothing needs them once they are written."""
    return page.deferred and not page.meta.get("index", True)


def content(page: Page) -> str:
    """A generated page's body as the theme gets it: its title as a heading, then its HTML."""
    return f"<h1>{escape(page.title)}</h1>\n{page.html}"


def write_page(page, generated: Page, config, doc_files, nav, env) -> None:
    """Render and write a page as MkDocs' page loop does (``mkdocs.commands.build._build_page``: the
    same context, template, plugin events and file), with its body rendered only now."""
    page.content = content(generated)
    page.meta.pop("template", None)
    try:
        internals().build_page(page, config, doc_files, nav, env)
    finally:
        page.content = None


def convert_nothing(page, config, files) -> None:
    """What :meth:`mkdocs.structure.pages.Page.render` gives for an empty Markdown text: no HTML, no
    headings, no anchors, no links."""
    if (page.markdown or "").strip():
        raise PluginError(f"trang {page.file.src_uri} được viết ngoài vòng dựng trang nhưng có nội dung Markdown")
    page.content = ""
    page.toc = get_toc([])
    internals().forget_rendered_title(page)
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


class QuietSkips(logging.Filter):
    """MkDocs notes every page for which its loop wrote nothing; for the pages written outside the loop
    (``uris``) that is expected, and would be thousands of lines. The plugin installs the filter on the
    page loop's logger for a build (:meth:`install`) and removes it after (:meth:`remove`)."""

    SKIPPED = re.compile(r"Page skipped: '(.*)'\. Generated empty output\.")

    def __init__(self):
        super().__init__()
        self.uris: set[str] = set()
        self.logger = page_loop_logger()

    def filter(self, record) -> bool:
        skipped = self.SKIPPED.fullmatch(record.getMessage())
        return not (skipped and skipped.group(1) in self.uris)

    def install(self) -> None:
        self.logger.addFilter(self)

    def remove(self) -> None:
        self.logger.removeFilter(self)
        self.uris = set()
