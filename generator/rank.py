"""Ranks, rank changes and grade bands, computed from published (rounded) percentages.

Ranks are standard competition ranks within one ranking group and year (1, 2, 2, 4; a year without
``dti.groups`` has one group per unit type), province-wide or within each parent unit as the group says:
units with the same published DTI % share a rank. Units flagged "not ranked" are scored but get no rank.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from decimal import Decimal

from .model import Band, UnitResult
from .text import sort_key


# Band colours, best to worst: a light background with dark text for badges (contrast ≥ 7:1) and a strong
# colour for chart marks. Four bands use steps 0, 1, 2, 4; fewer or more are spread over the five.
BAND_STEPS = 5


def band_steps(bands: tuple[Band, ...]) -> dict[str, int]:
    """Each band's colour step, 0 (best) to 4 (worst), spread over the five whatever the number of bands."""
    ordered = sorted(bands, key=lambda b: b.order, reverse=True)
    if len(ordered) == 1:
        return {ordered[0].label: 0}
    last = len(ordered) - 1
    return {b.label: round(i * (BAND_STEPS - 1) / last) if last < BAND_STEPS else min(i, BAND_STEPS - 1) for i, b in enumerate(ordered)}


def band_for(percent: Decimal | None, bands: tuple[Band, ...]) -> str | None:
    if percent is None:
        return None
    for band in sorted(bands, key=lambda b: b.order, reverse=True):
        if band.admits(percent):
            return band.label
    return None


def display_order(results: list[UnitResult]) -> list[UnitResult]:
    """Ranked units by rank, then the rest; names break ties, ids make the order total."""
    return sorted(
        results,
        key=lambda r: (r.rank is None, r.rank or 0, -(r.percent or 0), sort_key(r.unit.name), r.unit.id),
    )


def rank(results: list[UnitResult], bands: tuple[Band, ...] = (), within_parent: bool = False) -> list[UnitResult]:
    """Ranks among ``results`` (one ranking group's units) and each unit's band; with ``within_parent``,
    ranks among the units of the same parent unit (Tây Ninh ranks communes within each district), the
    parents' units one after another in the order of the parents' ids."""
    if within_parent:
        by_parent: dict[str, list[UnitResult]] = {}
        for r in results:
            by_parent.setdefault(r.unit.parent or "", []).append(r)
        return [r for parent in sorted(by_parent) for r in _rank(by_parent[parent], bands)]
    return _rank(results, bands)


def _rank(results: list[UnitResult], bands: tuple[Band, ...]) -> list[UnitResult]:
    # A unit's rank is one more than the number of ranked units with a strictly higher percentage: found
    # by binary search in the negated percentages, sorted, so a year of any size ranks in n·log n.
    lower_first = sorted(-r.percent for r in results if not r.unit.not_ranked and r.percent is not None)
    out = []
    for r in results:
        position = None
        if not r.unit.not_ranked and r.percent is not None:
            position = 1 + bisect_left(lower_first, -r.percent)
        out.append(replace(r, rank=position, band=band_for(r.percent, bands)))
    return display_order(out)


def sources(result: UnitResult, previous: dict[str, UnitResult]) -> list[str]:
    """The units of last year's same type (``previous``, by unit id) that this unit continues: itself, and
    the predecessors it names."""
    named = [p for p in result.unit.predecessors if p in previous]
    own = [result.unit.id] if result.unit.id in previous and result.unit.id not in named else []
    return own + named


def previous_rank(result: UnitResult, previous: dict[str, UnitResult]) -> int | None:
    """The unit's rank last time (``previous``: last year's results by unit id): its own, or its single
    predecessor's (a renaming). A unit formed by merging several of last year's units has no previous
    rank: none would be fair to invent."""
    found = sources(result, previous)
    if len(found) != 1:
        return None
    return previous[found[0]].rank


def comparable(results: list[UnitResult], previous: list[UnitResult] | None) -> bool:
    """Whether ranks can be compared with last year's: there were ranked units last year and their number
    has not changed by more than a tenth (at least one unit either way). After a reorganisation such as
    2025's (63 communes merged into 24) a rank among the new units says nothing about a rank among the old."""
    if not previous:
        return False
    now = sum(1 for r in results if r.rank is not None)
    before = sum(1 for r in previous if r.rank is not None)
    return before > 0 and abs(now - before) <= max(1, before // 10)


def with_rank_changes(results: list[UnitResult], previous: list[UnitResult] | None) -> list[UnitResult]:
    """rank_change = last rank − this rank (positive = moved up); None when there is nothing to compare
    (a new unit, a unit formed by merging several, or a year whose set of units was reorganised). Units
    formed by a merger are marked (``merged_from``) so pages can say why they show no change."""
    if not previous:
        return results
    compare = comparable(results, previous)
    by_id = {r.unit.id: r for r in previous}
    out = []
    for r in results:
        found = sources(r, by_id)
        merged = tuple(found) if len(found) > 1 else ()
        before = previous_rank(r, by_id) if r.rank is not None and compare else None
        out.append(replace(r, previous_rank=before, rank_change=None if before is None else before - r.rank, merged_from=merged))
    return out
