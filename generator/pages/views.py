"""Figures that several pages share, computed once per year and ranking group: peer medians and bests,
main-index results and ranks, districts of communes, and each unit's history across years (following
its lineage through mergers)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from fractions import Fraction

from .. import stats
from .. import scale as scales
from ..model import Dataset, Framework, RankingGroup, Unit, UnitResult
from ..numeric import vi_count
from ..rank import band_steps, comparable
from ..text import sort_key


def percent(score: Fraction | None, maximum: Fraction) -> Decimal | None:
    return stats.share_of(score, maximum)


@dataclass
class MainResult:
    """A unit's result on one main index, with its rank among the ranked units of its type and year."""

    result: UnitResult
    score: Fraction | None
    max_points: Fraction
    percent: Decimal | None
    rank: int | None = None


@dataclass
class Peers:
    """All units of one ranking group in one year (a year without groups: of one unit type), and the
    statistics a unit is compared with."""

    year: int
    group_id: str  # the key of the group's results (the unit type in a year without groups)
    framework: Framework
    results: list[UnitResult]
    district_names: dict[str, str] = field(default_factory=dict)
    by_unit: dict[str, UnitResult] = field(default_factory=dict)
    indicator_median: dict[str, Decimal | None] = field(default_factory=dict)
    indicator_best: dict[str, Decimal | None] = field(default_factory=dict)
    main: dict[str, list[MainResult]] = field(default_factory=dict)
    bands: tuple = ()  # the year's grade bands, best first
    band_step: dict[str, int] = field(default_factory=dict)  # each band's colour step (see rank.band_steps)
    _compared: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)
    group: RankingGroup | None = None
    scale: str = "percent"  # how the year shows results (generator.scale)

    def shown(self, result: UnitResult) -> str:
        """A unit's result on the year's scale: «71,64 %», «0,7164», «914,31/1.000»."""
        return scales.shown_text(self.scale, result.percent, result.score, result.max_score)

    @property
    def short_heading(self) -> str:
        """The same, as a ranking's column says it."""
        return {"percent": "DTI", "index": "DTI (0–1)", "points": "Điểm"}[self.scale]

    @property
    def heading(self) -> str:
        """The name of the figure on the year's scale: «Chỉ số DTI», «Chỉ số DTI (0–1)», «Tổng điểm»."""
        return scales.HEADINGS[self.scale]

    @property
    def label(self) -> str:
        """The group's name: «Sở, ban, ngành», «Sở có thủ tục hành chính»."""
        return self.group.label if self.group else self.group_id

    @property
    def among(self) -> str:
        """Whom a rank is among, in the words of a rank: «12/18 sở có thủ tục hành chính»."""
        return self.group.among if self.group else self.group_id

    @property
    def within_parent(self) -> bool:
        return bool(self.group and self.group.within_parent)

    @cached_property
    def ranked_in_parent(self) -> dict[str, int]:
        """How many units are ranked under each parent unit (a group ranked within parents)."""
        counts: dict[str, int] = {}
        for r in self.ranked:
            counts[r.unit.parent or ""] = counts.get(r.unit.parent or "", 0) + 1
        return counts

    def ranked_count(self, result: UnitResult) -> int:
        """How many units ``result``'s rank is among: the group's ranked units, or its parent's."""
        return self.ranked_in_parent.get(result.unit.parent or "", 0) if self.within_parent else len(self.ranked)

    def among_of(self, result: UnitResult) -> str:
        """Whom a rank is among, in words: «sở có thủ tục hành chính», «xã, phường, thị trấn của Huyện Đông Sơn»."""
        parent = result.unit.parent or ""
        if self.within_parent and parent:
            return f"{self.among} của {self.district_names.get(parent, parent)}"
        return self.among

    def rank_among(self, result: UnitResult) -> str:
        """A unit's rank and whom it is among: «12/18 sở có thủ tục hành chính», or within its parent
        «3/7 xã, phường, thị trấn của Huyện Đông Sơn»; empty when the unit is not ranked."""
        if result.rank is None:
            return ""
        return f"{vi_count(result.rank)}/{vi_count(self.ranked_count(result))} {self.among_of(result)}"

    # Figures every scorecard of the year asks for are worked out once, on first use (the results do not
    # change once the peers are built): asked anew by each page, they would make a year's pages cost the
    # square of its units.
    @cached_property
    def ranked(self) -> list[UnitResult]:
        return [r for r in self.results if r.rank is not None]

    @cached_property
    def _main_by_unit(self) -> dict[tuple[str, str], MainResult]:
        return {(main_id, m.result.unit.id): m for main_id, entries in self.main.items() for m in entries}

    @cached_property
    def _main_stats(self) -> dict[str, tuple[Decimal | None, Decimal | None]]:
        found = {}
        for main_id, entries in self.main.items():
            values = [m.percent for m in entries if m.percent is not None]
            found[main_id] = (stats.median(values), stats.best(values))
        return found

    @cached_property
    def _percents_by_parent(self) -> dict[str, tuple[list[Decimal], dict[Decimal, list[UnitResult]]]]:
        """For each set of units ranked together (the group, or each parent's units): the distinct DTI %
        of its ranked units, lowest first, and the units at each."""
        found: dict[str, dict[Decimal, list[UnitResult]]] = {}
        for r in self.ranked:
            found.setdefault(r.unit.parent or "" if self.within_parent else "", {}).setdefault(r.percent, []).append(r)
        return {key: (sorted(at), at) for key, at in found.items()}

    def percents_ranked_with(self, result: UnitResult) -> tuple[list[Decimal], dict[Decimal, list[UnitResult]]]:
        """The distinct DTI % of the units ``result`` is ranked with, lowest first, and the units at each."""
        return self._percents_by_parent.get(result.unit.parent or "" if self.within_parent else "", ([], {}))

    def comparable_with(self, before: Peers) -> bool:
        """Whether this year's ranks can be compared with ``before``'s (:func:`generator.rank.comparable`)."""
        if before.year not in self._compared:
            self._compared[before.year] = comparable(self.results, before.results)
        return self._compared[before.year]

    def main_of(self, unit_id: str, main_id: str) -> MainResult:
        return self._main_by_unit[(main_id, unit_id)]

    def main_median(self, main_id: str) -> Decimal | None:
        return self._main_stats[main_id][0]

    def main_best(self, main_id: str) -> Decimal | None:
        return self._main_stats[main_id][1]

    def district_of(self, result: UnitResult) -> str:
        return self.district_names.get(result.unit.parent or "", "")


def _ranks(entries: list[MainResult], within_parent: bool = False) -> None:
    """Competition ranks (1, 2, 2, 4): one plus the number of ranked units with a higher percentage (with
    ``within_parent``, among the units of the same parent unit)."""
    if within_parent:
        by_parent: dict[str, list[MainResult]] = {}
        for m in entries:
            by_parent.setdefault(m.result.unit.parent or "", []).append(m)
        for part in by_parent.values():
            _ranks(part)
        return
    pool = sorted(m.percent for m in entries if m.percent is not None and not m.result.unit.not_ranked)
    for m in entries:
        if m.percent is not None and not m.result.unit.not_ranked:
            m.rank = 1 + len(pool) - bisect_right(pool, m.percent)


def build_peers(dataset: Dataset) -> dict[tuple[int, str], Peers]:
    views = {}
    for year in dataset.years:
        edition = dataset.editions[year]
        districts = {u.id: u.name for u in edition.units if u.type == "district"}
        for group_id, results in dataset.results[year].items():
            fw = dataset.framework_for(year, group_id)
            group = edition.group(group_id)
            bands = tuple(sorted(edition.publication.bands, key=lambda b: b.order, reverse=True))
            peers = Peers(year, group_id, fw, results, districts, {r.unit.id: r for r in results}, bands=bands, band_step=band_steps(bands), group=group, scale=edition.publication.scale)
            # A year published at main-index level has its main indices only; at total level, nothing below the total.
            shown = list(fw.walk()) if not edition.summary else fw.main_indices() if edition.detail == "main" else []
            for ind in shown:
                # Scores are published values (a leaf's points rounded once, a parent the sum of its rows).
                scores = [r.indicators[ind.id].score for r in results if r.indicators[ind.id].evaluated and r.indicators[ind.id].score is not None]
                peers.indicator_median[ind.id] = stats.median(scores)
                peers.indicator_best[ind.id] = stats.best(scores)
            for main in (fw.main_indices() if edition.detail != "total" else []):
                entries = []
                for r in results:
                    i = r.indicators[main.id]
                    score = i.score if i.evaluated else None
                    entries.append(MainResult(r, score, i.max_points, percent(score, i.max_points) if i.evaluated else None))
                _ranks(entries, group.within_parent)
                peers.main[main.id] = entries
            views[(year, group_id)] = peers
    return views


@dataclass(frozen=True)
class HistoryEntry:
    year: int
    result: UnitResult
    own: bool  # False when the result is a predecessor's

    @property
    def unit(self) -> Unit:
        return self.result.unit


@dataclass(frozen=True)
class Fate:
    """What became of a unit after its last year in the data."""

    year: int  # the first year it is no longer assessed
    successors: tuple[Unit, ...]  # the units of that year that name it as a predecessor
    type_ended: bool  # its whole unit type is no longer assessed that year (districts after 2025)


class Histories:
    """Each unit's results across years, following its lineage; lookups are built once per dataset.

    Lineage is read from the predecessors a unit names in a year: a unit formed in 2025 from three
    communes names them in 2025; a department that absorbed another names it in the year of the merger.
    """

    def __init__(self, dataset: Dataset):
        self.years = dataset.years
        self.units = {(y, u.id): u for y in dataset.years for u in dataset.editions[y].units}
        self.results = {(y, r.unit.id): r for y in dataset.years for rs in dataset.results[y].values() for r in rs}
        self.types = {y: {u.type for u in dataset.editions[y].units} for y in dataset.years}
        self.last_year = {}
        self.named_by: dict[tuple[int, str], list[Unit]] = {}
        for (y, uid), unit in self.units.items():
            self.last_year[uid] = max(y, self.last_year.get(uid, y))
            for p in unit.predecessors:
                self.named_by.setdefault((y, p), []).append(unit)

    def lineage(self, unit: Unit, year: int) -> dict[int, list[str]]:
        """For every year before ``year``: the ids of that year whose units flow into ``unit``."""
        current = {unit.id}
        out: dict[int, list[str]] = {}
        later = year
        for t in reversed([y for y in self.years if y < year]):
            named = {p for uid in current for p in (self.units[(later, uid)].predecessors if (later, uid) in self.units else ())}
            current |= named
            out[t] = sorted(i for i in current if (t, i) in self.units)
            later = t
        return out

    def predecessors(self, unit: Unit, year: int) -> list[Unit]:
        """The units of the previous year this unit names as its predecessors this year."""
        before = max((y for y in self.years if y < year), default=None)
        return [self.units[(before, p)] for p in unit.predecessors if (before, p) in self.units] if before else []

    def fate(self, unit: Unit, year: int) -> Fate | None:
        """What became of a unit whose last year is ``year``; None while it is still assessed."""
        after = min((y for y in self.years if y > year), default=None)
        if after is None or (after, unit.id) in self.units:
            return None
        return Fate(after, tuple(sorted(self.named_by.get((after, unit.id), []), key=lambda u: sort_key(u.name))), unit.type not in self.types[after])

    def of(self, unit: Unit, up_to: int) -> list[HistoryEntry]:
        """The unit's results in every year up to ``up_to``, and its predecessors' (labelled as theirs)."""
        lineage = self.lineage(unit, up_to)
        entries = []
        for year in self.years:
            if year > up_to:
                continue
            ids = [unit.id] if year == up_to else lineage.get(year, [])
            entries += [HistoryEntry(year, self.results[(year, uid)], uid == unit.id) for uid in ids if (year, uid) in self.results]
        return entries


def history(dataset: Dataset, unit: Unit, up_to: int) -> list[HistoryEntry]:
    return Histories(dataset).of(unit, up_to)
