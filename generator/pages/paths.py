"""Where every generated page and file lives in the site. All links between pages are made relative,
so the site works under any sub-path of a portal (``https://portal.example.gov.vn/dti/``)."""

from __future__ import annotations

import posixpath

from ..model import UNIT_TYPE_SLUGS as TYPE_SLUGS
from ..model import group_slug
from ..opendata import ERRATA_CSV as ERRATA_CSV  # the errata of a corrected edition (written with the open data)
from ..opendata import SCORECARDS_JSON, map_file_name

TYPE_ORDER = list(TYPE_SLUGS)

HOME = "index.md"
DOWNLOADS = "du-lieu-mo.md"
COMPARE = "so-sanh.md"
SEARCH = "tim-kiem.md"
VEGA = "assets/vendor/vega.js"
ERRATA = "dinh-chinh.md"
GLOSSARY = "giai-thich-thuat-ngu.md"
MANIFEST = "manifest.json"


def url_of(path: str) -> str:
    """The URL MkDocs gives a source path: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``; files keep theirs."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def relative(from_url: str, to: str) -> str:
    """A link from the page at ``from_url`` to a site path (page source path, page URL or file)."""
    target = url_of(to)
    directory = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = _relpath(target, directory)
    if (target.endswith("/") or target == "") and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


def _relpath(target: str, directory: str) -> str:
    """``posixpath.relpath(target, directory)`` for the site's own paths (no ``.`` or ``..`` segments, no
    doubled slashes), by their common prefix alone: a site links tens of thousands of times."""
    to = target.strip("/").split("/") if target.strip("/") else []
    here = directory.strip("/").split("/") if directory.strip("/") else []
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def ranking(year: int, group_id: str) -> str:
    """A ranking group's ranking (a year without groups: a unit type's, at its usual address)."""
    return f"xep-hang/{year}/{group_slug(group_id)}.md"


def main_ranking(year: int, group_id: str, main_id: str) -> str:
    return f"xep-hang/{year}/{group_slug(group_id)}/chi-so-{main_id}.md"


SCORECARDS = "don-vi/"  # the folder of the scorecards


def scorecard(unit_id: str, year: int) -> str:
    return f"{SCORECARDS}{unit_id}/{year}.md"


def indicator(framework_id: str, indicator_id: str) -> str:
    return f"bo-chi-so/{framework_id}/{indicator_id}.md"


def methodology(framework_id: str) -> str:
    return f"bo-chi-so/{framework_id}.md"


def embed(year: int, group_id: str) -> str:
    return f"nhung/{year}/{group_slug(group_id)}/index.html"


def embed_compact(year: int, group_id: str) -> str:
    return f"nhung/{year}/{group_slug(group_id)}/gon/index.html"


def open_data(year: int, name: str) -> str:
    return f"data/{year}/{name}"


def map_shapes(year: int, unit_type: str) -> str:
    """The shapes of one year's units of one type, read by the map (not part of the open-data contract)."""
    return f"data/{year}/{map_file_name(unit_type)}"


def scorecards_json(year: int) -> str:
    """The figures of a year's units that the compare page reads."""
    return f"data/{year}/{SCORECARDS_JSON}"
