"""Ranks, rank changes and grade bands, computed from published (rounded) percentages.

Ranks are standard competition ranks within one unit type and year (1, 2, 2, 4): units with the same
published DTI % share a rank. Units flagged "not ranked" are scored but get no rank.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .model import Band, UnitResult
from .text import sort_key


def band_for(percent: Decimal | None, bands: tuple[Band, ...]) -> str | None:
    if percent is None:
        return None
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.label
    return None


def display_order(results: list[UnitResult]) -> list[UnitResult]:
    """Ranked units by rank, then the rest; names break ties, ids make the order total."""
    return sorted(
        results,
        key=lambda r: (r.rank is None, r.rank or 0, -(r.percent or 0), sort_key(r.unit.name), r.unit.id),
    )


def rank(results: list[UnitResult], bands: tuple[Band, ...] = ()) -> list[UnitResult]:
    ranked = [r.percent for r in results if not r.unit.not_ranked and r.percent is not None]
    out = []
    for r in results:
        position = None
        if not r.unit.not_ranked and r.percent is not None:
            position = 1 + sum(1 for p in ranked if p > r.percent)
        out.append(replace(r, rank=position, band=band_for(r.percent, bands)))
    return display_order(out)


def previous_rank(result: UnitResult, previous: list[UnitResult]) -> int | None:
    """The unit's rank last time: its own, or its single ranked predecessor's (lineage)."""
    ranks = {r.unit.id: r.rank for r in previous if r.rank is not None}
    if result.unit.id in ranks:
        return ranks[result.unit.id]
    candidates = [ranks[p] for p in result.unit.predecessors if p in ranks]
    return candidates[0] if len(candidates) == 1 else None


def with_rank_changes(results: list[UnitResult], previous: list[UnitResult] | None) -> list[UnitResult]:
    """rank_change = last rank − this rank (positive = moved up); None when there is nothing to compare."""
    if not previous:
        return results
    out = []
    for r in results:
        before = previous_rank(r, previous) if r.rank is not None else None
        out.append(replace(r, previous_rank=before, rank_change=None if before is None else before - r.rank))
    return out
