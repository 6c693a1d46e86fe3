"""Indicator pages (one per indicator of every index set in use) and a methodology page per index set."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, partial

from markupsafe import Markup, escape

from .. import charts
from ..model import UNIT_TYPE_LABELS, UNIT_TYPES, Dataset, Framework, Indicator, UnitResult
from ..numeric import compact_vi
from ..rules import rule_label
from ..text import sort_key
from . import objections as objection_pages
from . import paths
from .base import Page, render, score_cell, scorecard_links
from .views import Peers


def groups_using(dataset: Dataset, year: int, fw: Framework) -> list[str]:
    """The ranking groups of a year scored on ``fw`` (several when, say, agencies are ranked apart on the
    departments' index set); none in a year published at total or main-index level, which has no
    indicator scores to show."""
    if dataset.editions[year].summary:
        return []
    return [g.id for g in dataset.groups_of(year) if g.framework == fw.id]


def years_using(dataset: Dataset, fw: Framework) -> list[int]:
    return [y for y in dataset.years if groups_using(dataset, y, fw)]


def results_on(dataset: Dataset, peers: dict[tuple[int, str], Peers], year: int, fw: Framework) -> list[UnitResult]:
    """Every unit's result of a year on ``fw``, whatever its group."""
    return [r for g in groups_using(dataset, year, fw) for r in peers[(year, g)].results]


def frameworks_in_use(dataset: Dataset) -> list[Framework]:
    used = {fid for e in dataset.editions.values() for fid in e.frameworks.values() if fid in dataset.frameworks}
    return sorted((dataset.frameworks[f] for f in used), key=lambda f: (UNIT_TYPES.index(f.unit_type) if f.unit_type in UNIT_TYPES else len(UNIT_TYPES), f.id))


class UnitTable:
    """Every unit scored against one index set, in the order a reader looks a unit up, with its results by
    year: the same for each indicator page of the index set (a national one lists 12,700 communes on
    each of dozens of pages), so it is made once."""

    def __init__(self, dataset: Dataset, peers: dict[tuple[int, str], Peers], fw: Framework):
        self.peers, self.fw, self.dataset = peers, fw, dataset
        self.years = years_using(dataset, fw)

    @cached_property
    def units(self) -> list[tuple[str, str, dict[int, UnitResult]]]:
        """(unit id, latest name, result by year), sorted by name as a reader looks a unit up."""
        units: dict[str, list] = {}
        for year in self.years:
            for r in results_on(self.dataset, self.peers, year, self.fw):
                entry = units.setdefault(r.unit.id, [r.unit.name, {}])
                entry[0] = r.unit.name
                entry[1][year] = r
        return sorted(((uid, name, by_year) for uid, (name, by_year) in units.items()), key=lambda t: (sort_key(t[1]), t[0]))


def unit_rows(table: UnitTable, ind_id: str, link) -> Markup:
    """The rows of an indicator page's table of units: each unit's score on the indicator, latest year
    first, linked to its scorecard. Written in Python rather than in the template (a national indicator
    page has 12,700 rows)."""
    scorecard = scorecard_links(link)
    years = table.years[::-1]
    out = []
    for uid, name, by_year in table.units:
        shown = escape(name)
        cells = "".join(f"      {score_cell(r.indicators[ind_id] if (r := by_year.get(y)) else None, scorecard(uid, y))}\n" for y in years)
        out.append(f'    <tr>\n      <th scope="row" data-value="{shown}" class="dti-sticky-first">{shown}</th>\n{cells}    </tr>\n')
    return Markup("".join(out))


def indicator_page(dataset: Dataset, peers: dict[tuple[int, str], Peers], fw: Framework, ind: Indicator, table: UnitTable) -> Page:
    """An indicator's page, its body rendered when it is asked for (it lists every unit)."""
    scored = any(r.indicators[ind.id].evaluated and r.indicators[ind.id].score is not None for y in table.years for r in results_on(dataset, peers, y, fw))
    meta = {"charts": scored, "index": False, "hide": ["navigation", "toc"]}
    return Page(paths.indicator(fw.id, ind.id), f"Chỉ số {ind.id}: {ind.name}", partial(indicator_html, dataset, peers, fw, ind, table), meta=meta)


def indicator_html(dataset: Dataset, peers: dict[tuple[int, str], Peers], fw: Framework, ind: Indicator, table: UnitTable) -> str:
    path = paths.indicator(fw.id, ind.id)
    points = []
    for year in table.years:
        for r in results_on(dataset, peers, year, fw):
            i = r.indicators[ind.id]
            if i.evaluated and i.score is not None:
                points.append({"year": year, "score": float(i.score)})
    chart = charts.indicator_scores("bieu-do-phan-bo", ind.max_points, points) if points else None
    ancestors = [fw.indicators[a] for a in reversed(fw.ancestors(ind.id))]
    return render(
        "indicator.html",
        path,
        fw=fw,
        ind=ind,
        ancestors=ancestors,
        children=[fw.indicators[c] for c in ind.children],
        rule_label=rule_label(ind.rule_kind) if ind.rule_kind else "Tổng các chỉ số con",
        description=ind.describe(),
        years=table.years,
        rows=table.units,
        table=table,
        unit_rows=unit_rows,
        method_lines=decision_lines(ind.method),
        chart=chart,
        paths=paths,
    )


def decision_lines(text: str) -> list[tuple[int, str]]:
    """A decision's method text, whose bullet lines were run together when it was copied, as (depth, line):
    «- … - … + … + …» gives the «-» lines at depth 0 and the «+» lines under them at depth 1."""
    parts = [p.strip() for p in re.split(r"(?:^|\s)(?=[-–+]\s)", text or "") if p.strip()]
    if len(parts) < 2:
        return [(0, (text or "").strip())] if (text or "").strip() else []
    return [(1 if p.startswith("+") else 0, p) for p in parts]


@dataclass(frozen=True)
class Change:
    indicator_id: str
    what: str
    before: str
    after: str


def changes(previous: Framework, current: Framework) -> list[Change]:
    """Indicators added, removed, renamed or re-weighted between two index sets (matched by id)."""
    out = []
    for ind in current.walk():
        old = previous.indicators.get(ind.id)
        if old is None:
            out.append(Change(ind.id, "Thêm mới", "", f"{ind.name} ({compact_vi(ind.max_points)} điểm)"))
            continue
        if old.max_points != ind.max_points:
            out.append(Change(ind.id, "Đổi điểm tối đa", compact_vi(old.max_points), compact_vi(ind.max_points)))
        if old.name != ind.name:
            out.append(Change(ind.id, "Đổi tên", old.name, ind.name))
        if old.is_leaf and ind.is_leaf and (old.rule_kind, old.formula, old.options) != (ind.rule_kind, ind.formula, ind.options):
            out.append(Change(ind.id, "Đổi cách tính", old.describe() if old.rule else "", ind.describe() if ind.rule else ""))
    for ind in previous.walk():
        if ind.id not in current.indicators:
            out.append(Change(ind.id, "Bỏ", f"{ind.name} ({compact_vi(ind.max_points)} điểm)", ""))
    return out


def previous_framework(dataset: Dataset, fw: Framework) -> Framework | None:
    years = years_using(dataset, fw)
    if not years:
        return None
    def same_type(year: int) -> list[str]:  # the index sets a year used for fw's unit type
        return [dataset.editions[year].frameworks[g.id] for g in dataset.editions[year].groups if fw.unit_type in g.unit_types]

    earlier = [y for y in dataset.years if y < years[0] and same_type(y)]
    if not earlier:
        return None
    used = same_type(max(earlier))
    fid = used[0] if len(used) == 1 else None  # the year before ranked the type in several groups: no single predecessor
    return dataset.frameworks.get(fid) if fid and fid != fw.id else None


def band_groups(dataset: Dataset, years: list[int]) -> list[tuple[list[int], list]]:
    """The grade bands of the years, each distinct set once with the years that use it."""
    groups: list[tuple[list[int], list]] = []
    for y in years:
        bands = sorted(dataset.editions[y].publication.bands, key=lambda b: b.order, reverse=True)
        if not bands:
            continue
        same = next((g for g in groups if g[1] == bands), None)
        if same:
            same[0].append(y)
        else:
            groups.append(([y], bands))
    return groups


def methodology_page(dataset: Dataset, fw: Framework) -> Page:
    path = paths.methodology(fw.id)
    structure = []
    for ind in fw.walk():
        if ind.level in ("group", "main"):
            components = [i for i in fw.walk(ind.children) if i.level == "component"]
            structure.append((ind, len(components)))
    previous = previous_framework(dataset, fw)
    years = years_using(dataset, fw)
    html = render(
        "methodology.html",
        path,
        fw=fw,
        structure=structure,
        component_count=sum(1 for i in fw.walk() if i.level == "component"),
        years=years,
        editions=dataset.editions,
        previous=previous,
        changes=changes(previous, fw) if previous else [],
        has_minmax=any(i.rule_kind == "minmax" for i in fw.leaves()),
        band_groups=band_groups(dataset, years),
        label_for=rule_label,
        paths=paths,
        objection_counts=[(y, objection_pages.count_rows(dataset, y, fw.id), objection_pages.objections_path(y)) for y in years if dataset.editions[y].objections],
    )
    label = UNIT_TYPE_LABELS[fw.unit_type]
    return Page(path, fw.title, html, nav=("Bộ chỉ số", label), meta={"index": False})


def pages(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> list[Page]:
    out = []
    for fw in frameworks_in_use(dataset):
        out.append(methodology_page(dataset, fw))
        table = UnitTable(dataset, peers, fw)
        out += [indicator_page(dataset, peers, fw, ind, table) for ind in fw.walk()]
    return out
