"""The site's navigation: the generated pages that ask for a place in it, and the navigation of the pages
that have none, made once per folder.

Generated pages are kept out of the navigation unless a page asks for a place in it (rankings and
methodology pages do; unit and indicator pages do not), so build time grows linearly with units. In
``mkdocs.yml`` the nav entries ``dti:rankings`` and ``dti:frameworks`` stand for those pages.
"""

from __future__ import annotations

import posixpath
from html import escape

from ..pages import Page, paths

NAV_MARKERS = {"dti:rankings": "Xếp hạng", "dti:frameworks": "Bộ chỉ số"}
NAV_PAGES = {"dti:errata": paths.ERRATA, "dti:glossary": paths.GLOSSARY}  # entries that stand for one page, dropped when it is absent


def _marked(pages: dict[str, Page], section: str) -> list:
    """Nav entries of the generated pages that ask for a place under ``section``."""
    tree: dict = {}
    for page in pages.values():
        if page.nav and page.nav[0] == section and len(page.nav) > 1:
            node = tree
            for part in page.nav[1:-1]:
                node = node.setdefault(escape(part), {})
            node[escape(page.nav[-1])] = page.path

    def to_nav(node: dict) -> list:
        return [{title: to_nav(value) if isinstance(value, dict) else value} for title, value in node.items()]

    return to_nav(tree)


def expand(nav: list, pages: dict[str, Page]) -> list:
    """``nav`` of ``mkdocs.yml`` with its ``dti:`` entries replaced by the generated pages they stand for."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            [(title, value)] = item.items()
            if isinstance(value, str) and value in NAV_MARKERS:
                out.append({title: _marked(pages, NAV_MARKERS[value])})
            elif isinstance(value, str) and value in NAV_PAGES:
                if NAV_PAGES[value] in pages:
                    out.append({title: NAV_PAGES[value]})
            elif isinstance(value, list):
                out.append({title: expand(value, pages)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


class FolderNavs:
    """The navigation of the pages written outside the page loop, made once per folder (the theme's
    ``site_nav`` block asks): such a page is not in the navigation, so nothing in it is marked as the
    current page, and its links are relative to the page's folder. A page under which the navigation
    has a page of its own makes its own."""

    def __init__(self, uris: set[str], nav):
        self.uris = uris
        self.nav_urls = [p.url for p in nav.pages]
        self.navs: dict[tuple, str] = {}

    def _key(self, page) -> tuple | None:
        if page is None or page.file.src_uri not in self.uris or any(u.startswith(page.url) for u in self.nav_urls):
            return None
        return posixpath.dirname(page.url.rstrip("/")), tuple(page.meta.get("hide") or ())

    def made(self, page) -> str | None:
        key = self._key(page)
        return self.navs.get(key) if key else None

    def keep(self, page, html: str) -> str:
        key = self._key(page)
        if key:
            self.navs[key] = html
        return html
