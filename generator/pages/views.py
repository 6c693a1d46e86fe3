"""Figures that several pages share, computed once per year and unit type: peer medians and bests,
main-index results and ranks, districts of communes, and each unit's history across years (following
its lineage through mergers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from statistics import median

from ..model import Dataset, Framework, Unit, UnitResult
from ..numeric import round_published


def percent(score: Fraction | None, maximum: Fraction) -> Decimal | None:
    if score is None or not maximum:
        return None
    return round_published(score / maximum * 100)


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
    """All units of one type in one year, and the statistics a unit is compared with."""

    year: int
    unit_type: str
    framework: Framework
    results: list[UnitResult]
    district_names: dict[str, str] = field(default_factory=dict)
    by_unit: dict[str, UnitResult] = field(default_factory=dict)
    indicator_median: dict[str, Fraction | None] = field(default_factory=dict)
    indicator_best: dict[str, Fraction | None] = field(default_factory=dict)
    main: dict[str, list[MainResult]] = field(default_factory=dict)

    @property
    def ranked(self) -> list[UnitResult]:
        return [r for r in self.results if r.rank is not None]

    def main_of(self, unit_id: str, main_id: str) -> MainResult:
        return next(m for m in self.main[main_id] if m.result.unit.id == unit_id)

    def main_median(self, main_id: str) -> Decimal | None:
        values = [m.percent for m in self.main[main_id] if m.percent is not None]
        return round_published(Fraction(median(values))) if values else None

    def main_best(self, main_id: str) -> Decimal | None:
        values = [m.percent for m in self.main[main_id] if m.percent is not None]
        return max(values) if values else None

    def district_of(self, result: UnitResult) -> str:
        return self.district_names.get(result.unit.parent or "", "")


def _ranks(entries: list[MainResult]) -> None:
    pool = [m.percent for m in entries if m.percent is not None and not m.result.unit.not_ranked]
    for m in entries:
        if m.percent is not None and not m.result.unit.not_ranked:
            m.rank = 1 + sum(1 for p in pool if p > m.percent)


def build_peers(dataset: Dataset) -> dict[tuple[int, str], Peers]:
    views = {}
    for year in dataset.years:
        districts = {u.id: u.name for u in dataset.editions[year].units if u.type == "district"}
        for unit_type, results in dataset.results[year].items():
            fw = dataset.framework_for(year, unit_type)
            peers = Peers(year, unit_type, fw, results, districts, {r.unit.id: r for r in results})
            for ind in fw.walk():
                scores = [r.indicators[ind.id].score for r in results if r.indicators[ind.id].evaluated and r.indicators[ind.id].score is not None]
                peers.indicator_median[ind.id] = Fraction(median(scores)) if scores else None
                peers.indicator_best[ind.id] = max(scores) if scores else None
            for main in fw.main_indices():
                entries = []
                for r in results:
                    i = r.indicators[main.id]
                    score = i.score if i.evaluated else None
                    entries.append(MainResult(r, score, i.max_points, percent(score, i.max_points) if i.evaluated else None))
                _ranks(entries)
                peers.main[main.id] = entries
            views[(year, unit_type)] = peers
    return views


@dataclass(frozen=True)
class HistoryEntry:
    year: int
    result: UnitResult
    own: bool  # False when the result is a predecessor's

    @property
    def unit(self) -> Unit:
        return self.result.unit


class Histories:
    """Each unit's results across years, following its lineage; lookups are built once per dataset."""

    def __init__(self, dataset: Dataset):
        self.years = dataset.years
        self.units = {(y, u.id): u for y in dataset.years for u in dataset.editions[y].units}
        self.results = {(y, r.unit.id): r for y in dataset.years for rs in dataset.results[y].values() for r in rs}
        self.last_year = {}
        for (y, uid) in self.units:
            self.last_year[uid] = max(y, self.last_year.get(uid, y))

    def _predecessors(self, unit_id: str, year: int) -> tuple[str, ...]:
        """The predecessors a unit names in the first year after ``year`` in which it exists."""
        later = [y for y in self.years if y > year and (y, unit_id) in self.units]
        return self.units[(later[0], unit_id)].predecessors if later else ()

    def _ids_in(self, year: int, unit_id: str, seen: frozenset = frozenset()) -> list[str]:
        if (year, unit_id) in self.units:
            return [unit_id]
        if unit_id in seen:
            return []
        return [i for p in self._predecessors(unit_id, year) for i in self._ids_in(year, p, seen | {unit_id})]

    def of(self, unit: Unit, up_to: int) -> list[HistoryEntry]:
        """The unit's results in every year up to ``up_to``, or its predecessors' where it did not exist yet."""
        return [
            HistoryEntry(year, self.results[(year, uid)], uid == unit.id)
            for year in self.years
            if year <= up_to
            for uid in self._ids_in(year, unit.id)
            if (year, uid) in self.results
        ]


def history(dataset: Dataset, unit: Unit, up_to: int) -> list[HistoryEntry]:
    return Histories(dataset).of(unit, up_to)
