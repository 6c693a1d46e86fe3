"""Indicator pages (one per indicator of every index set in use) and a methodology page per index set."""

from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..model import UNIT_TYPE_LABELS, Dataset, Framework, Indicator
from ..numeric import compact_vi
from ..rules import LabelFor
from . import Page, paths, render
from .views import Peers


def years_using(dataset: Dataset, fw: Framework) -> list[int]:
    return [y for y in dataset.years if dataset.editions[y].frameworks.get(fw.unit_type) == fw.id and fw.unit_type in dataset.results[y]]


def frameworks_in_use(dataset: Dataset) -> list[Framework]:
    used = {fid for e in dataset.editions.values() for fid in e.frameworks.values() if fid in dataset.frameworks}
    return sorted((dataset.frameworks[f] for f in used), key=lambda f: (paths.TYPE_ORDER.index(f.unit_type), f.id))


def indicator_page(dataset: Dataset, peers: dict[tuple[int, str], Peers], fw: Framework, ind: Indicator) -> Page:
    path = paths.indicator(fw.id, ind.id)
    years = years_using(dataset, fw)
    units: dict[str, dict] = {}
    points = []
    for year in years:
        for r in peers[(year, fw.unit_type)].results:
            entry = units.setdefault(r.unit.id, {"name": r.unit.name, "scores": {}})
            entry["name"] = r.unit.name
            i = r.indicators[ind.id]
            entry["scores"][year] = i
            if i.evaluated and i.score is not None:
                points.append({"year": year, "score": float(i.score)})
    latest = years[-1] if years else None
    ordered = sorted(
        units.items(),
        key=lambda kv: (-(float(kv[1]["scores"][latest].score) if latest in kv[1]["scores"] and kv[1]["scores"][latest].score is not None else -1), kv[1]["name"]),
    )
    chart = charts.indicator_scores("bieu-do-phan-bo", ind.max_points, points) if points else None
    ancestors = [fw.indicators[a] for a in reversed(fw.ancestors(ind.id))]
    html = render(
        "indicator.html",
        path,
        fw=fw,
        ind=ind,
        ancestors=ancestors,
        children=[fw.indicators[c] for c in ind.children],
        rule_label=LabelFor(ind.rule_kind) if ind.rule_kind else "Tổng các chỉ số con",
        description=ind.describe(),
        years=years,
        rows=ordered,
        chart=chart,
        paths=paths,
    )
    return Page(path, f"Chỉ số {ind.id}: {ind.name}", html, meta={"charts": chart is not None, "index": False, "hide": ["navigation", "toc"]})


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
    earlier = [y for y in dataset.years if y < years[0] and fw.unit_type in dataset.editions[y].frameworks]
    if not earlier:
        return None
    fid = dataset.editions[max(earlier)].frameworks[fw.unit_type]
    return dataset.frameworks.get(fid) if fid != fw.id else None


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
        label_for=LabelFor,
        paths=paths,
    )
    label = UNIT_TYPE_LABELS[fw.unit_type]
    return Page(path, fw.title, html, nav=("Bộ chỉ số", label), meta={"index": False})


def pages(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> list[Page]:
    out = []
    for fw in frameworks_in_use(dataset):
        out.append(methodology_page(dataset, fw))
        out += [indicator_page(dataset, peers, fw, ind) for ind in fw.walk()]
    return out
