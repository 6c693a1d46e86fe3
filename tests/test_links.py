"""Every internal link and resource reference of the built site resolves, and none is absolute
(an absolute path would break when the portal serves the site under a sub-path)."""

from __future__ import annotations

import functools
import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

# Every link of every page of the demo site followed.
pytestmark = pytest.mark.slow

EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "tel:")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.refs.append(attrs[name])


@functools.cache  # the two tests read the same pages
def parse(path):
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def resolve(site, page, ref):
    """The file a reference from ``page`` points at, or None if it points at nothing."""
    parts = urlsplit(ref)
    rel_dir = posixpath.dirname(page.relative_to(site).as_posix())
    target = posixpath.normpath(posixpath.join(rel_dir, unquote(parts.path))) if parts.path else page.relative_to(site).as_posix()
    if target.startswith(".."):
        return None
    candidate = site / target
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_no_broken_internal_link(built_site):
    # 404.html is served at any missing address; built without site_url, its links are relative to the
    # site's root (where it lies), and the page sets that root as its base when opened (test_not_found).
    pages = sorted(built_site.rglob("*.html"))
    assert built_site / "404.html" in pages
    assert len(pages) > 400
    ids: dict = {}
    broken, absolute = [], []
    checked = 0
    for page in pages:
        collector = parse(page)
        for ref in collector.refs:
            if ref.startswith(EXTERNAL):
                continue
            if ref.startswith("/"):
                absolute.append((page.relative_to(built_site).as_posix(), ref))
                continue
            target = resolve(built_site, page, ref)
            checked += 1
            if target is None:
                broken.append((page.relative_to(built_site).as_posix(), ref))
                continue
            fragment = urlsplit(ref).fragment
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if fragment not in ids[target]:
                    broken.append((page.relative_to(built_site).as_posix(), ref))
    assert checked > 10000
    assert absolute == [], absolute[:10]
    assert broken == [], broken[:10]


def test_external_links_are_only_evidence_licences_and_sources(built_site):
    """Links that leave the site are content (evidence documents, the licence), never page resources."""
    outside = set()
    for page in sorted(built_site.rglob("*.html")):
        for ref in parse(page).refs:
            if ref.startswith(("http:", "https:")):
                outside.add(urlsplit(ref).netloc)
    assert outside <= {"example.org", "creativecommons.org"}, outside
