"""The pages of the cycle between the draft and the decision: «Ý kiến của các đơn vị» (every objection a
unit sent about the draft and the council's answer, with counts per unit type) and «Thay đổi so với dự
thảo» (every score and rank that changed between the recorded draft and the decision, each with the
objection that changed it), and the counts the methodology page and a scorecard show."""

from __future__ import annotations

from ..model import UNIT_TYPE_LABELS, Dataset
from ..objections import OUTCOMES, anchor, counts
from . import paths
from .base import Page, render

TITLE = "Ý kiến của các đơn vị"
CHANGES_TITLE = "Thay đổi so với dự thảo"


def objections_path(year: int) -> str:
    return f"y-kien-don-vi/{year}.md"


def changes_path(year: int) -> str:
    return f"thay-doi-du-thao/{year}.md"


def count_rows(dataset: Dataset, year: int, unit_type: str | None = None) -> list[tuple[str, dict[str, int]]]:
    """(unit type label, counts) for each unit type of ``year`` (or only ``unit_type``), then the whole year
    when there is more than one."""
    edition = dataset.editions[year]
    types = {u.id: u.type for u in edition.units}
    wanted = [t for t in paths.TYPE_ORDER if t in dataset.results.get(year, {}) and (unit_type is None or t == unit_type)]
    rows = [(UNIT_TYPE_LABELS[t], counts(o for o in edition.objections if types.get(o.unit_id) == t)) for t in wanted]
    if len(rows) > 1:
        rows.append(("Tất cả", counts(edition.objections)))
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
    frameworks = {u.id: dataset.framework_for(year, u.type) for u in edition.units if u.type in edition.frameworks}
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
