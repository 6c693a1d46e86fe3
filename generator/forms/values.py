"""What a form shows from the package: the values already submitted, placed on the rows of the layout.

The template fills these in (so the same form serves to correct a submission); the reader of an appraisal
workbook compares the unit's own data it shows with the package, to tell the council when a unit's figures
changed after the workbook was made.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import BASIS_COUNCIL, Edition, Framework, UnitResult
from ..numeric import DEFAULT_FORMAT, round_published
from .cells import cell_number, display_value
from .layout import EXTRA, HEADING, NOT_EVALUATED, Row

NO_DATA = "Chưa có số liệu"


class Submitted:
    """One edition's submissions, indexed by unit, indicator and input."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.inputs = {(v.unit_id, v.indicator_id, v.input): v for v in edition.inputs}
        self.assessments = {(a.unit_id, a.indicator_id): a for a in edition.assessments}
        self.evidence: dict[tuple[str, str], list] = defaultdict(list)
        for e in edition.evidence:
            self.evidence[(e.unit_id, e.indicator_id)].append(e)
        self.self_format = edition.value_formats.get("self_value", DEFAULT_FORMAT)
        self.appraised_format = edition.value_formats.get("appraised_value", DEFAULT_FORMAT)

    def evidence_counts(self, unit_id: str) -> dict[str, int]:
        return {ind: len(docs) for (unit, ind), docs in self.evidence.items() if unit == unit_id}

    def not_evaluated(self, unit_id: str, fw: Framework, indicator_id: str) -> bool:
        """Marked on the indicator or on one of its parents."""
        ids = [indicator_id, *fw.ancestors(indicator_id)]
        return any((a := self.assessments.get((unit_id, i))) is not None and a.not_evaluated for i in ids)

    def _value(self, unit_id: str, row: Row, column: str):
        if row.input is None:
            return None
        v = self.inputs.get((unit_id, row.indicator.id, row.input.name))
        if v is None:
            return None
        text, fmt = (v.self_value, self.self_format) if column == "self_value" else (v.appraised_value, self.appraised_format)
        levels = row.indicator.rule.levels() if row.indicator.rule else ()
        return display_value(row.input, text, levels, fmt)

    def self_form(self, unit_id: str, fw: Framework, rows: list[Row]) -> dict[int, dict[str, object]]:
        """Per row index, the values of the self-assessment entry cells."""
        out: dict[int, dict[str, object]] = {}
        slot = 0
        for i, row in enumerate(rows):
            if row.kind == HEADING:
                continue
            ind = row.indicator
            slot = 0 if row.first else slot + 1
            cells: dict[str, object] = {}
            if row.kind != EXTRA:
                cells["value"] = self._value(unit_id, row, "self_value")
            if row.first:
                a = self.assessments.get((unit_id, ind.id))
                cells["self_score"] = cell_number(a.self_score) if a is not None and a.self_score is not None else None
                cells["not_evaluated"] = NOT_EVALUATED if self.not_evaluated(unit_id, fw, ind.id) else None
            docs = self.evidence.get((unit_id, ind.id), [])
            if slot < len(docs):
                cells["evidence_title"], cells["evidence_url"] = docs[slot].title, docs[slot].url
            out[i] = {k: v for k, v in cells.items() if v not in (None, "")}
        return out

    def appraisal_shown(self, row: Row, result: UnitResult | None) -> dict[str, object]:
        """The unit's own data an appraisal row shows (locked cells)."""
        unit_id, ind = row.unit.id, row.indicator
        shown: dict[str, object] = {"self_value": self._value(unit_id, row, "self_value")}
        if row.first:
            r = result.indicators.get(ind.id) if result is not None else None
            if r is not None and not r.evaluated:
                shown["self_score"] = NOT_EVALUATED
            elif r is not None and r.self_score is not None:
                shown["self_score"] = float(round_published(r.self_score))
            docs = self.evidence.get((unit_id, ind.id), [])
            shown["evidence"] = "\n".join(f"{e.title}: {e.url}" for e in docs)
        return {k: v for k, v in shown.items() if v not in (None, "")}

    @staticmethod
    def points(row: Row, result: UnitResult | None):
        """The points the appraised figures give an indicator (on its first row), as the scorer computed
        them: the rule's score from the council's figures (the unit's where the council left a cell
        empty), even where the council awarded its own; «Không đánh giá» or «Chưa có số liệu» instead."""
        if not row.first or result is None:
            return None
        r = result.indicators.get(row.indicator.id)
        if r is None:
            return None
        if not r.evaluated:
            return NOT_EVALUATED
        if r.no_data:
            return NO_DATA
        computed = r.formula_score if r.basis == BASIS_COUNCIL else r.score
        return None if computed is None else float(round_published(computed))

    def appraisal_entries(self, row: Row) -> dict[str, object]:
        """What the council already entered for this row (appraised value, awarded score, note)."""
        unit_id, ind = row.unit.id, row.indicator
        cells: dict[str, object] = {"value": self._value(unit_id, row, "appraised_value")}
        if row.first:
            a = self.assessments.get((unit_id, ind.id))
            if a is not None:
                cells["appraised_score"] = cell_number(a.appraised_score) if a.appraised_score is not None else None
                cells["note"] = a.note
        return {k: v for k, v in cells.items() if v not in (None, "")}
