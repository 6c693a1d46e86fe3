"""Pages as data: the scored dataset in, page objects (path, title, HTML body, navigation place) out.

No I/O and nothing about the site engine here: :mod:`generator.engine` is the only code that
talks to MkDocs. Bodies are rendered with Jinja templates from ``generator/templates``; each page family
has its own module (rankings, units, indicators, overview).
"""

from __future__ import annotations

from typing import Callable

from ..collector import collector_paused
from ..model import Dataset
from ..parallel import Shared, helpers_for
from . import indicators, maps, overview, rankings, units
from . import objections as objection_pages
from .base import Page, environment, render, vi_date, vi_percent
from .views import build_peers

__all__ = ["Page", "data_files", "environment", "render", "site_content", "vi_date", "vi_percent"]


def data_files(dataset: Dataset, peers=None) -> dict[str, str]:
    """The data files the site's own scripts read, beside the open data: each year's ``scorecards.json``
    (the compare page) and the shapes the maps draw. The years' descriptors declare them."""
    return units.compare_data(dataset, peers or build_peers(dataset)) | maps.shape_files(dataset)


def site_content(
    dataset: Dataset, base_url: str = "", edition=None, draft: bool = False, sizes: dict[str, int] | None = None, workers: int | None = None,
    open_data: Callable[[], dict[str, str | bytes]] | None = None, contact: str = "",
) -> tuple[list[Page], dict[str, str | bytes]]:
    """Every generated page, and the data files the pages' scripts read (beside the open-data files).
    The bodies of the pages made for each unit or indicator (scorecards, indicator pages) are rendered
    when they are asked for (:attr:`Page.deferred`), so that the site's engine can render them on every
    core and write each one as soon as it is made.

    ``base_url`` is the public address of the site, used only where a stable absolute URL is shown;
    ``edition`` (a :class:`generator.publish.EditionInfo`) is given when building a published edition;
    ``draft`` marks provisional results on the pages the theme does not wrap (embeds) and the downloads;
    ``sizes`` (bytes, by site path) lets the downloads page show how big each open-data file is;
    ``open_data`` makes the open-data files, on a forked helper while this process makes the pages
    (``workers``: see :func:`generator.parallel.helpers_for`): they are returned with the other files,
    and their sizes shown on the downloads page; ``contact`` is how to reach the province's secretariat,
    printed at the head of a scorecard.
    """
    with collector_paused():
        making = Shared([open_data] if open_data else [], helpers_for(sum(len(rs) for by_type in dataset.results.values() for rs in by_type.values()), workers))
        try:
            peers = build_peers(dataset)
            pages = rankings.pages(dataset, peers, draft)
            pages += units.pages(dataset, peers, edition, base_url, contact)
            pages += indicators.pages(dataset, peers)
            pages += objection_pages.pages(dataset, edition, draft or dataset.draft)
            data = data_files(dataset, peers)
            files = making.finish()[0] if open_data else {}
        finally:
            making.close()
        if files:
            sizes = {path: len(content if isinstance(content, bytes) else content.encode("utf-8")) for path, content in files.items()}
        return overview.pages(dataset, peers, base_url, edition, draft, sizes) + pages, files | data
