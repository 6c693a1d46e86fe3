"""The project's data, as plain frozen records.

Frameworks (index sets) and editions (one assessment year's submissions) are read from data packages
by :mod:`generator.load`; results are computed by :mod:`generator.score` and :mod:`generator.rank`.
Every record that came from a file remembers the file and row it came from, so later stages can
report problems precisely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Mapping, NamedTuple

from .numeric import Rational, compact_vi
from .rules import Rule
from .numeric import NumberFormat
from .urls import WebLink, web_link

UNIT_TYPES = ("department", "district", "commune", "agency")
DRAFT = "Dự thảo — chưa công bố chính thức"  # what every page and file of a draft build says
UNIT_TYPE_LABELS = {"department": "Sở, ban, ngành", "district": "Cấp huyện", "commune": "Cấp xã", "agency": "Cơ quan khác"}
# in addresses and file names, in the site's order
UNIT_TYPE_SLUGS = {"department": "so-ban-nganh", "district": "cap-huyen", "commune": "cap-xa", "agency": "co-quan-khac"}
UNIT_TYPE_SINGULAR = {"department": "sở, ban, ngành", "district": "huyện, thị xã, thành phố", "commune": "xã, phường, thị trấn", "agency": "cơ quan khác"}
SCOPES = ("province", "parent")  # a group ranks its units province-wide, or within each parent unit (communes within their district)


def group_slug(group_id: str) -> str:
    """A ranking group in addresses and file names: a unit type's usual slug for the one-group-per-type
    years (so their addresses never change), the group's own id otherwise."""
    return UNIT_TYPE_SLUGS.get(group_id, group_id)


@dataclass(frozen=True)
class RankingGroup:
    """Units ranked together in one year: one or more unit types, one index set, ranked province-wide or
    within their parent unit. A year without ``dti.groups`` has one group per unit type, named after it."""

    id: str
    label: str  # «Sở có thủ tục hành chính»
    unit_types: tuple[str, ...]
    framework: str
    scope: str = "province"
    among: str = ""  # whom a rank is among: «12/18 sở có thủ tục hành chính»

    @property
    def slug(self) -> str:
        return group_slug(self.id)

    @property
    def within_parent(self) -> bool:
        return self.scope == "parent"

    def fits(self, framework_unit_type: str) -> bool:
        """Whether an index set made for ``framework_unit_type`` can score this group: one made for a type
        it holds, or, for other agencies (police, social insurance…), the departments' set."""
        return framework_unit_type in self.unit_types or (framework_unit_type == "department" and "agency" in self.unit_types)


def default_groups(frameworks: Mapping[str, str]) -> tuple[RankingGroup, ...]:
    """One group per unit type of ``dti.frameworks``, in the site's order of unit types."""
    known = [t for t in UNIT_TYPES if t in frameworks] + sorted(t for t in frameworks if t not in UNIT_TYPES)
    return tuple(
        RankingGroup(t, UNIT_TYPE_LABELS.get(t, t), (t,), frameworks[t], "province", UNIT_TYPE_SINGULAR.get(t, t)) for t in known
    )


@dataclass(frozen=True)
class InputDef:
    indicator_id: str
    name: str
    type: str
    meaning: str
    unit: str
    row: int
    labels: tuple[tuple[str, str], ...] = ()  # (code, the decision's wording) of each option

    def label(self, code) -> str:
        """How the decision words an option: a level's label, «Có»/«Không» for yes/no."""
        if isinstance(code, bool):
            return dict(self.labels).get("co" if code else "khong", "Có" if code else "Không")
        return dict(self.labels).get(code, code)


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
        for i in self.inputs:
            if i.name == name:
                return i
        return None

    def labels(self) -> dict[str, str]:
        """The decision's wording of every level code of this indicator's inputs."""
        return {code: label for d in self.inputs for code, label in d.labels}

    def words(self) -> dict[str, str]:
        """What a reader should see instead of a code: the decision's labels of levels, and the meaning of
        inputs named in snake_case (the decision's own letters a, b, c are kept)."""
        named = {d.name: d.meaning.rstrip(" ?:.") for d in self.inputs if len(d.name) > 1}
        return named | self.labels()

    def describe(self) -> str:
        """The rule in plain Vietnamese, with the decision's words instead of codes."""
        return self.rule.describe(self.words()) if self.rule else f"Điểm là tổng điểm của {len(self.children)} chỉ số con."


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
    allows_not_evaluated: bool = True  # whether a year may mark indicators «không đánh giá» for a unit

    @property
    def max_points(self) -> Fraction:
        return sum((self.indicators[r].max_points for r in self.roots), Rational(0))

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
    group: str | None = None  # its ranking group: the units.csv column, or the only group that holds its type


class Assessment(NamedTuple):  # a tuple, not a dataclass: a national year holds 700,000 of them
    unit_id: str
    indicator_id: str
    self_score: Fraction | None
    not_evaluated: bool
    note: str
    row: int
    appraised_score: Fraction | None = None  # points the council awarded (a leaf), the official score
    published_score: Fraction | None = None  # a total as a published table states it (a parent)


class InputValue(NamedTuple):  # a tuple: a national year holds over a million
    unit_id: str
    indicator_id: str
    input: str
    self_value: str | None  # the cell's text, stripped; None when blank (as the readers give it)
    appraised_value: str | None
    row: int


class PublishedRow(NamedTuple):
    """One row of a year published at total or main-index level (``published.csv``): a unit's total
    (``indicator_id`` empty) or one of its main indices, as the printed table gives it."""

    unit_id: str
    indicator_id: str  # "" for the unit's total
    points: Fraction
    max_points: Fraction
    percent: Fraction | None  # as printed, to compare with
    rank: int | None  # as printed
    band: str | None  # as printed
    row: int


class Evidence(NamedTuple):  # a tuple: a national year holds hundreds of thousands
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
class Boundary:
    """The shape of one unit on the map, as its year's GeoJSON gives it: polygons of (longitude, latitude)
    rings, each polygon its exterior ring then its holes."""

    unit_id: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    index: int  # the feature's position in the file, for messages


@dataclass(frozen=True)
class Band:
    """A grade band by its lower bound: from ``min_percent`` inclusive (Kon Tum: «Tốt» from 90 %), or, when
    ``exclusive``, strictly above it (Lào Cai: «dẫn dắt» above 75 %, so 75,00 % is the band below). A band
    runs up to the next band's lower bound."""

    label: str
    min_percent: Decimal  # the lower bound, whichever way it is read
    exclusive: bool = False  # written ``above_percent`` in the year's descriptor

    @property
    def order(self) -> tuple[Decimal, bool]:
        """Sorts bands low to high: above 50 % starts higher than from 50 %."""
        return (self.min_percent, self.exclusive)

    def admits(self, percent: Decimal) -> bool:
        """Whether ``percent`` reaches this band's lower bound."""
        return percent > self.min_percent if self.exclusive else percent >= self.min_percent

    @property
    def lower_text(self) -> str:
        """The lower bound as the site says it: «từ 90 %», «trên 75 %»."""
        return f"{'trên' if self.exclusive else 'từ'} {compact_vi(self.min_percent)}\u00a0%"


SCALES = ("percent", "points", "index")  # how a year shows results: % of the maximum, points out of it, or 0–1
DETAILS = ("indicators", "main", "total")  # what a year holds: every indicator, main indices only, or totals only


@dataclass(frozen=True)
class Publication:
    decision: str
    date: str
    bands: tuple[Band, ...] = ()
    draft: bool = False  # provisional results circulated for comments: never published as an edition
    scale: str = "percent"  # how every page and download of the year shows a result (see SCALES)


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
    missing: str = "error"  # what a leaf without any data scores: "error" (refuse) or "zero"
    value_formats: Mapping[str, NumberFormat] = field(default_factory=dict)  # how inputs.csv writes numbers, per column
    boundaries: Mapping[str, Boundary] = field(default_factory=dict)  # unit id → its shape, when the year has a map
    objections: tuple = ()  # units' objections to the draft and the council's answers (generator.objections.Objection)
    # The year's ranking groups (``dti.groups``, or one per unit type of ``dti.frameworks``); ``frameworks``
    # above is then each group's index set, by group id (for a year without groups, by unit type as written).
    groups: tuple[RankingGroup, ...] = ()
    detail: str = "indicators"  # what the year holds (DETAILS): every indicator, or as published, main indices or totals
    published: tuple[PublishedRow, ...] = ()  # a summary year's printed table

    @property
    def summary(self) -> bool:
        """Whether the year holds only what was published (totals or main indices), not the indicators."""
        return self.detail != "indicators"

    @property
    def detail_note(self) -> str:
        """How a summary year is marked wherever it is shown; empty for a year with every indicator."""
        return {"total": "công bố ở mức tổng điểm", "main": "công bố ở mức chỉ số chính"}.get(self.detail, "")

    def __post_init__(self):
        # Every edition knows its groups and every unit its group, however it was made: a year without
        # ``dti.groups`` gets one group per unit type, and a unit without a ``group`` cell the only group
        # that holds its type (none when no group or several do: the checks say so).
        if not self.groups:
            object.__setattr__(self, "groups", default_groups(self.frameworks))
        if any(u.group is None for u in self.units):
            holding: dict[str, list[str]] = {}
            for g in self.groups:
                for t in g.unit_types:
                    holding.setdefault(t, []).append(g.id)
            units = tuple(
                replace(u, group=holding[u.type][0]) if u.group is None and len(holding.get(u.type, ())) == 1 else u for u in self.units
            )
            object.__setattr__(self, "units", units)

    def units_of(self, unit_type: str) -> list[Unit]:
        return [u for u in self.units if u.type == unit_type]

    @property
    def groups_declared(self) -> bool:
        """Whether the year declares its groups (``dti.groups``) rather than one per unit type."""
        return self.groups != default_groups(self.frameworks)

    def units_in(self, group_id: str) -> list[Unit]:
        """The units ranked in one group (for a year without groups, a unit type); a unit whose group does
        not hold its type is in none (the checks say so)."""
        types = self.group(group_id).unit_types
        return [u for u in self.units if u.group == group_id and u.type in types]

    def group(self, group_id: str) -> RankingGroup:
        for g in self.groups:
            if g.id == group_id:
                return g
        return RankingGroup(group_id, UNIT_TYPE_LABELS.get(group_id, group_id), (group_id,), self.frameworks.get(group_id, ""), "province", UNIT_TYPE_SINGULAR.get(group_id, group_id))


BASIS_COMPUTED, BASIS_COUNCIL, BASIS_DIRECT = "computed", "council", "direct"


class IndicatorResult(NamedTuple):  # a tuple: made once per unit and indicator, a million times a national year
    indicator_id: str
    max_points: Fraction
    self_score: Fraction | None
    score: Fraction | None
    evaluated: bool
    note: str = ""
    basis: str = ""  # of a leaf's official score: computed (by the rule), council (awarded), direct (points entered)
    formula_score: Fraction | None = None  # what the rule gives from the inputs, beside a council's score
    published: Fraction | None = None  # a parent's total as the published table states it
    no_data: bool = False  # evaluated, but the unit gave no data: 0 points under the year's policy

    @property
    def status(self) -> str:
        if not self.evaluated:
            return "not_evaluated"
        return "no_data" if self.no_data else "evaluated"

    @property
    def lost(self) -> Fraction | None:
        return None if self.score is None else self.max_points - self.score


@dataclass(frozen=True, slots=True)
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
    merged_from: tuple[str, ...] = ()  # last year's units this one was formed from, when several


@dataclass
class Dataset:
    """Everything a build needs: the frameworks, the editions and their results, by year and ranking group
    (for a year without `dti.groups`, by unit type)."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    editions: dict[int, Edition] = field(default_factory=dict)
    results: dict[int, dict[str, list[UnitResult]]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.editions)

    @property
    def draft(self) -> bool:
        """Provisional results: the latest year is marked a draft in its package."""
        return bool(self.editions) and self.editions[max(self.editions)].publication.draft

    def groups_of(self, year: int) -> list[RankingGroup]:
        """The ranking groups of a year that have results, in the year's order (a year without groups:
        departments, districts, communes, other agencies)."""
        edition = self.editions[year]
        return [g for g in edition.groups if g.id in self.results.get(year, {})]

    def framework_for(self, year: int, group_id: str) -> Framework:
        """The index set of a ranking group (for a year without groups, of a unit type)."""
        return self.frameworks[self.editions[year].frameworks[group_id]]
