"""The pages of the cycle between the draft and the decision: «Ý kiến của các đơn vị» (every objection a
unit sent about the draft and the council's answer, with counts per unit type) and «Thay đổi so với dự
thảo» (every score and rank that changed between the recorded draft and the decision, each with the
objection that changed it), and the counts the methodology page and a scorecard show."""

from __future__ import annotations

from ..model import Dataset
from ..objections import OUTCOMES, anchor, counts
from . import paths
from .base import Page, render

TITLE = "Ý kiến của các đơn vị"
CHANGES_TITLE = "Thay đổi so với dự thảo"


def objections_path(year: int) -> str:
    return f"y-kien-don-vi/{year}.md"


def changes_path(year: int) -> str:
    return f"thay-doi-du-thao/{year}.md"


def count_rows(dataset: Dataset, year: int, framework_id: str | None = None) -> list[tuple[str, dict[str, int]]]:
    """(ranking group label, counts) for each ranking group of ``year`` (a year without ``dti.groups`` has
    one per unit type), or only those scored on ``framework_id``; then the total when there is more than one."""
    edition = dataset.editions[year]
    groups = {u.id: u.group for u in edition.units}
    ranked = dataset.results.get(year, {})
    wanted = [g.id for g in edition.groups if g.id in ranked and (framework_id is None or edition.frameworks.get(g.id) == framework_id)]
    rows = [(edition.group(g).label, counts(o for o in edition.objections if groups.get(o.unit_id) == g)) for g in wanted]
    if len(rows) > 1:
        rows.append(("Tất cả", counts(o for o in edition.objections if groups.get(o.unit_id) in wanted)))
    return rows


def shown_years(dataset: Dataset, draft: bool) -> list[int]:
    """The years with an objections page: those with objections, and the draft's year (none yet, or those
    received so far)."""
    years = [y for y in dataset.years if dataset.editions[y].objections]
    if draft and dataset.years and dataset.years[-1] not in years:
        years.append(dataset.years[-1])
    return sorted(years)


def objections_page(dataset: Dataset, year: int, draft: bool) -> Page:
    path = objections_path(year)
    edition = dataset.editions[year]
    units = {u.id: u for u in edition.units}
    frameworks = {u.id: dataset.framework_for(year, u.group) for u in edition.units if u.group in edition.frameworks}
    listed = sorted(edition.objections, key=lambda o: (o.received, o.id))
    html = render(
        "objections.html", path, year=year, edition=edition, draft=draft, objections=listed, units=units, frameworks=frameworks,
        count_rows=count_rows(dataset, year), outcomes=OUTCOMES, anchor=anchor, scored={r.unit.id for rs in dataset.results.get(year, {}).values() for r in rs},
        paths=paths,
    )
    return Page(path, f"{TITLE} — năm {year}", html, nav=("Xếp hạng", str(year), TITLE), meta={"hide": ["toc"]})


def changes_page(dataset: Dataset, year: int, rows: list[dict], draft_date: str | None) -> Page:
    from ..editions import FIELD_LABELS

    path = changes_path(year)
    edition = dataset.editions[year]
    by_id = {o.id: o for o in edition.objections}
    html = render(
        "draft_changes.html", path, year=year, edition=edition, rows=rows, labels=FIELD_LABELS, by_id=by_id, anchor=anchor,
        objections_page=objections_path(year), draft_date=draft_date or "", paths=paths,
        units={u.id for u in edition.units},
    )
    return Page(path, f"{CHANGES_TITLE} — năm {year}", html, nav=("Xếp hạng", str(year), CHANGES_TITLE), meta={"hide": ["toc"]})


def pages(dataset: Dataset, edition=None, draft: bool = False) -> list[Page]:
    from ..drafts import compared

    out = [objections_page(dataset, y, draft) for y in shown_years(dataset, draft)]
    for year, rows in (compared(dataset, edition) or {}).items():
        out.append(changes_page(dataset, year, rows, (edition.manifest.get("draft") or {}).get("date")))
    return out
