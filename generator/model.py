"""The project's data, as plain frozen records.

Frameworks (index sets) and editions (one assessment year's submissions) are read from data packages
by :mod:`generator.load`; results are computed by :mod:`generator.score` and :mod:`generator.rank`.
Every record that came from a file remembers the file and row it came from, so later stages can
report problems precisely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

from .rules import Rule
from .urls import WebLink, web_link

UNIT_TYPES = ("department", "district", "commune")
UNIT_TYPE_LABELS = {"department": "Sở, ban, ngành", "district": "Cấp huyện", "commune": "Cấp xã"}
UNIT_TYPE_SINGULAR = {"department": "sở, ban, ngành", "district": "huyện, thị xã, thành phố", "commune": "xã, phường, thị trấn"}


@dataclass(frozen=True)
class InputDef:
    indicator_id: str
    name: str
    type: str
    meaning: str
    unit: str
    row: int


@dataclass(frozen=True)
class Indicator:
    id: str
    parent: str | None
    level: str
    name: str
    stated_max: Fraction
    rule_kind: str | None
    formula: str
    options: str
    agency: str
    responsible: str
    evidence: str
    method: str
    note: str
    row: int
    children: tuple[str, ...] = ()
    inputs: tuple[InputDef, ...] = ()
    rule: Rule | None = None
    max_points: Fraction = Fraction(0)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def input(self, name: str) -> InputDef | None:
        return next((i for i in self.inputs if i.name == name), None)


@dataclass(frozen=True)
class Discrepancy:
    indicator: str
    stated_max: Fraction
    explanation: str


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    unit_type: str
    legal_basis: Mapping[str, str]
    total_points: Fraction | None
    notes: tuple[str, ...]
    discrepancies: tuple[Discrepancy, ...]
    indicators: Mapping[str, Indicator]
    roots: tuple[str, ...]
    path: str
    files: Mapping[str, str] = field(default_factory=dict)
    input_defs: tuple[InputDef, ...] = ()

    @property
    def max_points(self) -> Fraction:
        return sum((self.indicators[r].max_points for r in self.roots), Fraction(0))

    def walk(self, ids=None):
        """Indicators depth-first, in the decision's order."""
        for i in self.roots if ids is None else ids:
            ind = self.indicators[i]
            yield ind
            yield from self.walk(ind.children)

    def leaves(self):
        return [i for i in self.walk() if i.is_leaf]

    def ancestors(self, indicator_id: str) -> list[str]:
        out = []
        parent = self.indicators[indicator_id].parent
        while parent:
            out.append(parent)
            parent = self.indicators[parent].parent
        return out

    def main_indices(self) -> list[Indicator]:
        return [i for i in self.walk() if i.level == "main"]

    def groups(self) -> list[Indicator]:
        return [i for i in self.walk() if i.level == "group"]

    def main_of(self, indicator_id: str) -> str | None:
        for i in [indicator_id, *self.ancestors(indicator_id)]:
            if self.indicators[i].level == "main":
                return i
        return None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    parent: str | None
    not_ranked: bool
    not_ranked_reason: str
    predecessors: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class Assessment:
    unit_id: str
    indicator_id: str
    self_score: Fraction | None
    not_evaluated: bool
    note: str
    row: int


@dataclass(frozen=True)
class InputValue:
    unit_id: str
    indicator_id: str
    input: str
    self_value: str | None
    appraised_value: str | None
    row: int


@dataclass(frozen=True)
class Evidence:
    unit_id: str
    indicator_id: str
    title: str
    url: str
    row: int

    @property
    def link(self) -> WebLink | None:
        return web_link(self.url)

    @property
    def is_link(self) -> bool:
        return self.link is not None


@dataclass(frozen=True)
class Band:
    label: str
    min_percent: Decimal


@dataclass(frozen=True)
class Publication:
    decision: str
    date: str
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Edition:
    """One assessment year: the units, their submissions and how the results are published."""

    year: int
    name: str
    title: str
    province: str
    illustrative: bool
    frameworks: Mapping[str, str]
    publication: Publication
    licence: Mapping[str, str]
    units: tuple[Unit, ...]
    assessments: tuple[Assessment, ...]
    inputs: tuple[InputValue, ...]
    evidence: tuple[Evidence, ...]
    path: str
    files: Mapping[str, str] = field(default_factory=dict)

    def units_of(self, unit_type: str) -> list[Unit]:
        return [u for u in self.units if u.type == unit_type]


@dataclass(frozen=True)
class IndicatorResult:
    indicator_id: str
    max_points: Fraction
    self_score: Fraction | None
    score: Fraction | None
    evaluated: bool
    note: str = ""

    @property
    def status(self) -> str:
        return "evaluated" if self.evaluated else "not_evaluated"

    @property
    def lost(self) -> Fraction | None:
        return None if self.score is None else self.max_points - self.score


@dataclass(frozen=True)
class UnitResult:
    year: int
    unit: Unit
    framework_id: str
    score: Fraction
    max_score: Fraction
    indicators: Mapping[str, IndicatorResult]
    percent: Decimal | None = None
    rank: int | None = None
    previous_rank: int | None = None
    rank_change: int | None = None
    band: str | None = None


@dataclass
class Dataset:
    """Everything a build needs: the frameworks, the editions and their results, by year and unit type."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    editions: dict[int, Edition] = field(default_factory=dict)
    results: dict[int, dict[str, list[UnitResult]]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.editions)

    def framework_for(self, year: int, unit_type: str) -> Framework:
        return self.frameworks[self.editions[year].frameworks[unit_type]]
