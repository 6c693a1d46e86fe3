"""Ranking pages: per unit type and year (sortable, filterable by district, one column per main index),
per main index, and a standalone table the provincial portal can embed in an iframe."""

from __future__ import annotations

from ..model import DRAFT, UNIT_TYPE_LABELS, Dataset
from ..opendata import not_ranked_reason
from . import Page, paths, render
from ..text import sort_key
from .maps import map_for
from .units import rank_note
from .views import Peers


def _types(dataset: Dataset, year: int) -> list[str]:
    return sorted(dataset.results[year], key=paths.TYPE_ORDER.index)


def ranking_page(dataset: Dataset, peers: Peers, all_peers: dict[tuple[int, str], Peers]) -> Page:
    year, unit_type, fw = peers.year, peers.unit_type, peers.framework
    previous = max((y for y in dataset.years if y < year and unit_type in dataset.results[y]), default=None)
    path = paths.ranking(year, unit_type)
    label = UNIT_TYPE_LABELS[unit_type]
    mains = fw.main_indices()
    districts = sorted({peers.district_of(r) for r in peers.results} - {""}, key=sort_key)
    the_map = map_for(dataset, peers, path)
    html = render(
        "ranking.html",
        path,
        peers=peers,
        mains=mains,
        districts=districts,
        edition=dataset.editions[year],
        has_bands=bool(dataset.editions[year].publication.bands),
        previous=previous,
        rank_note=rank_note(dataset, all_peers, peers, None, previous),
        merged=[r for r in peers.results if r.merged_from],
        years=[y for y in sorted(dataset.years, reverse=True) if unit_type in dataset.results[y]],
        types=_types(dataset, year),
        paths=paths,
        map=the_map,
    )
    meta = {"hide": ["navigation", "toc"], "index": False} | ({"charts": True} if the_map else {})
    return Page(path, f"Xếp hạng {label.lower()} năm {year}", html, nav=("Xếp hạng", str(year), label), meta=meta)


def main_ranking_page(dataset: Dataset, peers: Peers, main_id: str) -> Page:
    ind = peers.framework.indicators[main_id]
    path = paths.main_ranking(peers.year, peers.unit_type, main_id)
    entries = sorted(peers.main[main_id], key=lambda m: (m.rank is None, m.rank or 0, -(m.percent or 0), sort_key(m.result.unit.name)))
    html = render("main_ranking.html", path, peers=peers, ind=ind, entries=entries, paths=paths)
    title = f"Xếp hạng chỉ số {ind.id} «{ind.name}» — {UNIT_TYPE_LABELS[peers.unit_type].lower()} năm {peers.year}"
    return Page(path, title, html, meta={"hide": ["navigation", "toc"], "index": False})


COMPACT_TOP = 10  # the compact embed shows the units ranked this high or better


def embed_page(dataset: Dataset, peers: Peers, draft: bool = False, compact: bool = False, all_peers: dict[tuple[int, str], Peers] | None = None) -> Page:
    """A standalone ranking table for an iframe: every ranked unit, or (``compact``) the top ten with a
    link to the full ranking. Units that are not ranked are named with the reason (or counted)."""
    path = paths.embed_compact(peers.year, peers.unit_type) if compact else paths.embed(peers.year, peers.unit_type)
    edition = dataset.editions[peers.year]
    label = UNIT_TYPE_LABELS[peers.unit_type].lower()
    title = f"{'Dẫn đầu' if compact else 'Xếp hạng'} {label} năm {peers.year} — {edition.province}"
    shown = [r for r in peers.ranked if r.rank <= COMPACT_TOP] if compact else peers.ranked
    unranked = [r for r in peers.results if r.rank is None]
    previous = max((y for y in dataset.years if y < peers.year and peers.unit_type in dataset.results[y]), default=None)
    note = rank_note(dataset, all_peers, peers, None, previous) if all_peers else ""
    html = render(
        "embed.html", path, peers=peers, edition=edition, title=title, paths=paths, draft=DRAFT if draft else "",
        shown=shown, unranked=unranked, reasons={r.unit.id: not_ranked_reason(r) for r in unranked}, compact=compact,
        rank_note=note, previous=previous,
    )
    return Page(path, title, html)


def pages(dataset: Dataset, peers: dict[tuple[int, str], Peers], draft: bool = False) -> list[Page]:
    out = []
    for year in sorted(dataset.years, reverse=True):
        for unit_type in _types(dataset, year):
            p = peers[(year, unit_type)]
            out.append(ranking_page(dataset, p, peers))
            out += [main_ranking_page(dataset, p, m.id) for m in p.framework.main_indices()]
            out.append(embed_page(dataset, p, draft, all_peers=peers))
            out.append(embed_page(dataset, p, draft, compact=True, all_peers=peers))
    return out
