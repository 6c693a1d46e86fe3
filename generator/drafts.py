"""The draft's results, as recorded when it was sent out for comments, and what changed between the draft
and the decision.

``dti publish YEAR --draft --date YYYY-MM-DD`` records the results of the draft as it was sent out: the
file ``data/published/du-thao/YEAR.csv`` (every unit's total, DTI %, rank and every indicator's score,
rounded as published) and its record ``data/published/du-thao/YEAR.json`` (the date the draft was sent,
the file's SHA-256), committed to the repository. The edition published by the decision names that file
and its checksum in its manifest (``draft``); its pages and open data then show every score and rank that
changed between the draft and the decision (:func:`changes`), each with the objection that changed it
where there is one.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .model import Dataset
from .numeric import plain, round_published
from .packaging import public_csv_text

FOLDER = Path("data") / "published" / "du-thao"
RESULT_FIELDS = ("year", "unit_id", "unit_name", "unit_type", "indicator_id", "score", "percent", "rank", "group")
EARLIER_FIELDS = RESULT_FIELDS[:-1]  # a draft recorded before ranking groups: no group column
CHANGE_FIELDS = ("year", "unit_id", "unit_name", "indicator_id", "field", "draft_value", "decision_value", "objection_id")
CHANGES_CSV = "draft_changes.csv"


def results_file(year: int) -> Path:
    return FOLDER / f"{year}.csv"


def record_file(year: int) -> Path:
    return FOLDER / f"{year}.json"


def _num(value) -> str:
    return "" if value is None else plain(round_published(value))


def result_rows(dataset: Dataset, year: int) -> list[dict]:
    """Every unit's published figures in ``year``: a row for its result (no indicator: total, DTI %, rank),
    then a row per indicator (its score). ``rank`` is among the unit's ranking group (``group``)."""
    rows = []
    for group in sorted(dataset.results.get(year, {})):
        for r in sorted(dataset.results[year][group], key=lambda r: r.unit.id):
            base = {"year": str(year), "unit_id": r.unit.id, "unit_name": r.unit.name, "unit_type": r.unit.type, "group": group}
            rows.append(base | {"indicator_id": "", "score": _num(r.score), "percent": plain(r.percent), "rank": "" if r.rank is None else str(r.rank)})
            for ind_id, i in r.indicators.items():
                rows.append(base | {"indicator_id": ind_id, "score": _num(i.score), "percent": "", "rank": ""})
    return rows


def results_csv(rows: list[dict]) -> str:
    return public_csv_text(RESULT_FIELDS, ([row[f] for f in RESULT_FIELDS] for row in rows))


def read_results(text: str) -> list[dict]:
    """The rows of a recorded draft's results file (as :func:`results_csv` writes it)."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) not in (RESULT_FIELDS, EARLIER_FIELDS):
        raise ValueError("dòng tiêu đề phải là " + ",".join(RESULT_FIELDS))
    return [dict(row) for row in reader]


def _explaining(objections, unit_id: str, indicator_id: str, ancestors) -> str:
    """The objections (accepted, or accepted in part) that explain a change of this unit's figure: those on
    the indicator, on an indicator above it or below it; for a total, a DTI % or a rank, every one of the
    unit's that changed a score."""
    found = []
    for o in objections:
        if o.unit_id != unit_id or o.outcome not in ("accepted", "partly"):
            continue
        if not indicator_id or not o.indicator_id or o.indicator_id == indicator_id or o.indicator_id in ancestors(indicator_id) or indicator_id in ancestors(o.indicator_id):
            found.append(o.id)
    return " ".join(found)


def changes(draft_rows: list[dict], dataset: Dataset, year: int) -> list[dict]:
    """Every score, DTI % and rank of ``year`` that differs between the draft's recorded results and the
    dataset's (the decision's), with the objections that explain it."""
    before = {(row["unit_id"], row["indicator_id"]): row for row in draft_rows if row["year"] == str(year)}
    objections = dataset.editions[year].objections if year in dataset.editions else ()
    out = []
    for now in result_rows(dataset, year):
        unit_id, ind_id = now["unit_id"], now["indicator_id"]
        was = before.get((unit_id, ind_id), {})
        fw = dataset.framework_for(year, now["group"])

        def ancestors(i, fw=fw):
            return fw.ancestors(i) if i in fw.indicators else []

        fields = (("indicator_score", "score"),) if ind_id else (("total_score", "score"), ("percent", "percent"), ("rank", "rank"))
        for what, column in fields:
            if was.get(column, "") != now[column]:
                out.append({
                    "year": str(year), "unit_id": unit_id, "unit_name": now["unit_name"], "indicator_id": ind_id, "field": what,
                    "draft_value": was.get(column, ""), "decision_value": now[column], "objection_id": _explaining(objections, unit_id, ind_id, ancestors),
                })
    return out


def changes_csv(rows: list[dict]) -> str:
    return public_csv_text(CHANGE_FIELDS, ([row[f] for f in CHANGE_FIELDS] for row in rows))


def compared(dataset: Dataset, info) -> dict[int, list[dict]] | None:
    """The changes since the draft an edition (:class:`generator.editions.EditionInfo`) shows, by year;
    None when it names no recorded draft."""
    if info is None or not info.draft_rows or info.year not in dataset.editions:
        return None
    return {info.year: changes(list(info.draft_rows), dataset, info.year)}
