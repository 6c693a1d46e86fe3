"""Ranking pages: per unit type and year (sortable, filterable by district, one column per main index),
per main index, and a standalone table the provincial portal can embed in an iframe."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup, escape

from ..model import DRAFT, Dataset
from ..numeric import vi_count, vi_number
from ..opendata import not_ranked_reason
from . import paths
from .base import Page, band, num_or_dash, rank_change, render, score_cell, scorecard_links, vi_or_dash, vi_percent
from ..text import sort_key
from .maps import map_for
from .units import rank_note
from .views import MainResult, Peers


def _types(dataset: Dataset, year: int) -> list[str]:
    """The ids of the year's ranking groups, in the year's order."""
    return [g.id for g in dataset.groups_of(year)]


def ranking_page(dataset: Dataset, peers: Peers, all_peers: dict[tuple[int, str], Peers]) -> Page:
    year, unit_type = peers.year, peers.group_id
    previous = max((y for y in dataset.years if y < year and unit_type in dataset.results[y]), default=None)
    path = paths.ranking(year, unit_type)
    label = peers.label
    mains = shown_mains(peers)
    districts = sorted({peers.district_of(r) for r in peers.results} - {""}, key=sort_key)
    kinds = [] if districts else commune_kinds(peers)  # from July 2025 there are no districts to filter by
    the_map = map_for(dataset, peers, path)
    html = render(
        "ranking.html",
        path,
        peers=peers,
        mains=mains,
        by_share=shown_as_share(peers),
        districts=districts,
        kinds=kinds,
        edition=dataset.editions[year],
        has_bands=bool(dataset.editions[year].publication.bands),
        previous=previous,
        rank_note=rank_note(dataset, all_peers, peers, None, previous),
        merged=[r for r in peers.results if r.merged_from],
        years=[y for y in sorted(dataset.years, reverse=True) if unit_type in dataset.results[y]],
        types=dataset.groups_of(year),
        editions_grouped=dataset.editions[year].groups_declared,
        detail_note=dataset.editions[year].detail_note,
        paths=paths,
        map=the_map,
        ranking_rows=ranking_rows,
    )
    meta = {"hide": ["navigation", "toc"], "index": False} | ({"charts": True} if the_map else {})
    return Page(path, f"Xếp hạng {label.lower()} năm {year}", html, nav=("Xếp hạng", str(year), label), meta=meta)


MERGED = '<span class="dti-muted">sáp nhập</span>'
# What a commune-level unit is called, by the first words of its name: from July 2025 xã, phường or đặc khu.
COMMUNE_KINDS = ("Xã", "Phường", "Thị trấn", "Đặc khu")


def commune_kind(name: str) -> str:
    """«Xã», «Phường», «Thị trấn» or «Đặc khu», as a commune-level unit's name begins; empty otherwise."""
    return next((k for k in COMMUNE_KINDS if name == k or name.startswith(k + " ")), "")


def commune_kinds(peers: Peers) -> list[str]:
    """The kinds of commune-level unit a ranking holds, when there are two or more to filter by."""
    found = {commune_kind(r.unit.name) for r in peers.results if r.unit.type == "commune"} - {""}
    return [k for k in COMMUNE_KINDS if k in found] if len(found) > 1 else []


def shown_mains(peers: Peers) -> list:
    """The main indices a ranking has columns (and pages) for: all of them, but none in a year published
    at total level, which has nothing below the total."""
    return [m for m in peers.framework.main_indices() if m.id in peers.main]


def shown_as_share(peers: Peers) -> frozenset[str]:
    """The main indices whose ranking column shows each unit's percentage of its own maximum: those on
    which the units' maxima differ (indicators not evaluated for some), where points out of different
    maxima would not compare like with like."""
    return frozenset(main_id for main_id, entries in peers.main.items() if len({m.max_points for m in entries if m.percent is not None}) > 1)


def share_cell(m: MainResult) -> str:
    """A main index as a percentage of the unit's own maximum, its points and that maximum beneath."""
    if m.percent is None:
        return '<td class="num" data-value=""><abbr title="không đánh giá">KĐG</abbr></td>'
    return f'<td class="num" data-value="{m.percent}">{vi_percent(m.percent)}<br><span class="dti-muted">{vi_or_dash(m.score)}/{num_or_dash(m.max_points)}</span></td>'


def ranking_rows(peers: Peers, mains, has_bands: bool, districts: bool, link, by_share: frozenset[str] = frozenset(), kinds: bool = False) -> Markup:
    """The rows of a ranking: rank, unit, DTI, band, change, total, district and each main index (points,
    or for a main index in ``by_share`` the percentage of the unit's own maximum); with ``kinds``, each
    commune-level row says what it is (xã, phường, đặc khu) for the filter. In Python rather than in the
    template (a national ranking has 12,700 rows)."""
    scorecard = scorecard_links(link)
    out = []
    for r in peers.ranked:
        district, name = escape(peers.district_of(r)), escape(r.unit.name)
        kind = commune_kind(r.unit.name) if kinds else ""
        kind_attr = f' data-kind="{kind}"' if kind else ""
        out.append(
            f'    <tr data-district="{district}"{kind_attr}>\n      <td data-value="{r.rank}" class="dti-sticky-1">{vi_count(r.rank)}</td>\n'
            f'      <th scope="row" data-value="{name}" class="dti-sticky-2"><a href="{escape(scorecard(r.unit.id, peers.year))}">{name}</a></th>\n'
            f'      <td class="num" data-value="{r.percent}"><strong>{peers.shown(r)}</strong></td>\n'
        )
        if has_bands:
            out.append(f'      <td data-value="{escape(r.band or "")}">{band(r.band, peers)}</td>\n')
        change = "" if r.rank_change is None else r.rank_change
        out.append(
            f'      <td class="num" data-value="{change}">{MERGED if r.merged_from else rank_change(r.rank_change)}</td>\n'
            f'      <td class="num" data-value="{0.0 if r.score is None else float(r.score)}">{vi_or_dash(r.score)}<span class="dti-muted">/{num_or_dash(r.max_score)}</span></td>\n'
        )
        if districts:
            out.append(f'      <td data-value="{district}">{district}</td>\n')
        uid = r.unit.id
        out.append("".join(f"      {share_cell(peers.main_of(uid, m.id)) if m.id in by_share else score_cell(r.indicators[m.id])}\n" for m in mains) + "    </tr>\n")
    return Markup("".join(out))


def main_ranking_page(dataset: Dataset, peers: Peers, main_id: str) -> Page:
    """The ranking of one main index, its body rendered when it is asked for (it lists every unit)."""
    ind = peers.framework.indicators[main_id]
    path = paths.main_ranking(peers.year, peers.group_id, main_id)
    title = f"Xếp hạng chỉ số {ind.id} «{ind.name}» — {peers.label.lower()} năm {peers.year}"
    return Page(path, title, partial(main_ranking_html, peers, main_id), meta={"hide": ["navigation", "toc"], "index": False})


def main_ranking_html(peers: Peers, main_id: str) -> str:
    ind = peers.framework.indicators[main_id]
    entries = sorted(peers.main[main_id], key=lambda m: (m.rank is None, m.rank or 0, -(m.percent or 0), sort_key(m.result.unit.name)))
    return render("main_ranking.html", paths.main_ranking(peers.year, peers.group_id, main_id), peers=peers, ind=ind, entries=entries, paths=paths, entry_rows=main_ranking_rows)


NOT_RANKED = ' <span class="dti-muted">(không xếp hạng)</span>'


def main_ranking_rows(entries: list[MainResult], year: int, link) -> Markup:
    """The rows of a main index's ranking, in Python rather than in the template (a national one has
    12,700)."""
    scorecard = scorecard_links(link)
    out = []
    for m in entries:
        unit = m.result.unit
        name = escape(unit.name)
        rank = "" if m.rank is None else m.rank
        overall = "" if m.result.rank is None else m.result.rank
        score = '<abbr title="không đánh giá">KĐG</abbr>' if m.score is None else vi_number(m.score)
        out.append(
            f'    <tr>\n      <td data-value="{rank}" class="dti-sticky-1">{vi_count(rank) if rank != "" else "–"}</td>\n'
            f'      <th scope="row" data-value="{name}" class="dti-sticky-2"><a href="{escape(scorecard(unit.id, year))}">{name}</a>{NOT_RANKED if unit.not_ranked else ""}</th>\n'
            f'      <td class="num" data-value="{"" if m.score is None else float(m.score)}">{score}</td>\n'
            f'      <td class="num" data-value="{float(m.max_points)}">{num_or_dash(m.max_points)}</td>\n'
            f'      <td class="num" data-value="{"" if m.percent is None else m.percent}">{vi_percent(m.percent)}</td>\n'
            f'      <td class="num" data-value="{overall}">{vi_count(overall) if overall != "" else "–"}</td>\n    </tr>\n'
        )
    return Markup("".join(out))


COMPACT_TOP = 10  # the compact embed shows the units ranked this high or better


def embed_page(dataset: Dataset, peers: Peers, draft: bool = False, compact: bool = False, all_peers: dict[tuple[int, str], Peers] | None = None) -> Page:
    """A standalone ranking table for an iframe: every ranked unit, or (``compact``) the top ten with a
    link to the full ranking. Units that are not ranked are named with the reason (or counted)."""
    path = paths.embed_compact(peers.year, peers.group_id) if compact else paths.embed(peers.year, peers.group_id)
    edition = dataset.editions[peers.year]
    label = peers.label.lower()
    title = f"{'Dẫn đầu' if compact else 'Xếp hạng'} {label} năm {peers.year} — {edition.province}"
    shown = [r for r in peers.ranked if r.rank <= COMPACT_TOP] if compact else peers.ranked
    unranked = [r for r in peers.results if r.rank is None]
    previous = max((y for y in dataset.years if y < peers.year and peers.group_id in dataset.results[y]), default=None)
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
            out += [main_ranking_page(dataset, p, m.id) for m in shown_mains(p)]
            out.append(embed_page(dataset, p, draft, all_peers=peers))
            out.append(embed_page(dataset, p, draft, compact=True, all_peers=peers))
    return out
