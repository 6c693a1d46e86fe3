"""Folding what the forms hold into a year's ``inputs.csv``, ``assessments.csv`` and ``evidence.csv``.

A self-assessment form replaces its unit's self values, claimed self-scores, «không đánh giá» flags and
evidence rows, and keeps the council's columns; an appraisal workbook replaces the appraised values, the
awarded scores and the notes of its units, and keeps everything the units submitted. Rows keep every
other column as it was written. Each row remembers which form cell each of its values came from, so that
a problem found when the merged data is scored is reported at that cell.

Rows are written in a canonical order (units as in ``units.csv``, indicators and inputs as in the decision),
so the same forms give the same files whatever order they were collected in.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Edition, Framework
from ..packaging import header_of, write_csv
from .cells import YES_TEXT
from .read import Form, Where

KEYS = {"inputs": ("unit_id", "indicator_id", "input"), "assessments": ("unit_id", "indicator_id"), "evidence": ("unit_id", "indicator_id")}
SELF_COLUMNS = {"inputs": ("self_value",), "assessments": ("self_score", "not_evaluated")}
VALUE_COLUMNS = {
    "inputs": ("self_value", "appraised_value"),
    "assessments": ("self_score", "not_evaluated", "note", "appraised_score", "published_score"),
}


@dataclass
class Line:
    """One row of a table: its cells as text, and the form cell each came from (if any)."""

    cells: dict[str, str]
    origin: dict[str, tuple[str, Where]] = field(default_factory=dict)  # column → (form file, where)
    covered: tuple[str, Where] | None = None  # the indicator's label cell of a form that covers this row

    def empty(self, resource: str) -> bool:
        return resource in VALUE_COLUMNS and not any(self.cells.get(c, "").strip() for c in VALUE_COLUMNS[resource])


class Tables:
    """The three submission tables of a year, read as text."""

    def __init__(self, paths: dict[str, Path]):
        self.headers: dict[str, list[str]] = {}
        self.lines: dict[str, list[Line]] = {}
        for name in KEYS:
            standard = header_of(name)
            path = paths.get(name)
            rows: list[dict[str, str]] = []
            header = list(standard)
            if path is not None and path.is_file():
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    reader = csv.DictReader(handle)
                    header += [h for h in reader.fieldnames or [] if h not in standard]
                    rows = [{k: v for k, v in r.items() if k is not None} for r in reader]
            self.headers[name] = header
            self.lines[name] = [Line({h: r.get(h) or "" for h in header}) for r in rows]

    def index(self, name: str) -> dict[tuple, Line]:
        return {tuple(line.cells[k] for k in KEYS[name]): line for line in self.lines[name]}

    def new(self, name: str, **cells: str) -> Line:
        line = Line({h: cells.get(h, "") for h in self.headers[name]})
        self.lines[name].append(line)
        return line

    # -- the forms -----------------------------------------------------------------------------

    def add_self(self, form: Form, fw: Framework) -> None:
        unit_id = form.owner
        inputs = self.index("inputs")
        for (unit, ind, name), (text, where) in form.values.items():
            line = inputs.get((unit, ind, name)) or self.new("inputs", unit_id=unit, indicator_id=ind, input=name)
            line.cells["self_value"] = text or ""
            line.origin["self_value"] = (form.shown, where)
        assessments = self.index("assessments")
        for line in self.lines["assessments"]:
            if line.cells["unit_id"] == unit_id:  # the form replaces every claim of the unit, parents' included
                line.cells["self_score"] = line.cells["not_evaluated"] = ""
        for ind in fw.leaves():
            key = (unit_id, ind.id)
            line = assessments.get(key) or self.new("assessments", unit_id=unit_id, indicator_id=ind.id)
            score, score_at = form.scores.get(key, (None, None))
            flag, flag_at = form.flags.get(key, (False, None))
            line.cells["self_score"] = score or ""
            line.cells["not_evaluated"] = YES_TEXT if flag else ""
            line.origin.update({k: (form.shown, w) for k, w in (("self_score", score_at), ("not_evaluated", flag_at)) if w})
        self.lines["evidence"] = [line for line in self.lines["evidence"] if line.cells["unit_id"] != unit_id]
        for unit, ind, title, url, title_at, url_at in form.evidence:
            line = self.new("evidence", unit_id=unit, indicator_id=ind, title=title, url=url)
            line.origin.update({"title": (form.shown, title_at), "url": (form.shown, url_at)})
        self._cover(form)

    def add_appraisal(self, form: Form) -> None:
        inputs = self.index("inputs")
        for (unit, ind, name), (text, where) in form.values.items():
            line = inputs.get((unit, ind, name))
            if line is None and not text:
                continue
            line = line or self.new("inputs", unit_id=unit, indicator_id=ind, input=name)
            line.cells["appraised_value"] = text or ""
            line.origin["appraised_value"] = (form.shown, where)
        assessments = self.index("assessments")
        for key in sorted(set(form.scores) | set(form.notes)):
            score, score_at = form.scores.get(key, (None, None))
            note, note_at = form.notes.get(key, ("", None))
            line = assessments.get(key)
            if line is None and not score and not note:
                continue
            line = line or self.new("assessments", unit_id=key[0], indicator_id=key[1])
            line.cells["appraised_score"] = score or ""
            line.cells["note"] = note
            line.origin.update({k: (form.shown, w) for k, w in (("appraised_score", score_at), ("note", note_at)) if w})
        self._cover(form, ("inputs", "assessments"))  # the units' evidence is not the council's

    def _cover(self, form: Form, tables=tuple(KEYS)) -> None:
        """Rows of an indicator the form covers are located at its label cell when no value cell fits."""
        for name in tables:
            for line in self.lines[name]:
                at = form.indicator_cells.get((line.cells["unit_id"], line.cells["indicator_id"]))
                if at is not None:
                    line.covered = (form.shown, at)

    # -- writing -----------------------------------------------------------------------------------

    def sort(self, edition: Edition, frameworks: dict[str, Framework]) -> None:
        """Units as in units.csv, indicators and inputs as in the decision; anything unknown after, as it was."""
        units = {u.id: (i, u.group or u.type) for i, u in enumerate(edition.units)}  # frameworks are by ranking group
        orders = {t: {ind.id: (i, {d.name: j for j, d in enumerate(ind.inputs)}) for i, ind in enumerate(fw.walk())} for t, fw in frameworks.items()}
        big = len(units) + 10**6

        def key(line: Line):
            unit, kind = units.get(line.cells["unit_id"], (big, None))
            ind, inputs = orders.get(kind, {}).get(line.cells["indicator_id"], (big, {}))
            return unit, ind, inputs.get(line.cells.get("input", ""), big)

        for lines in self.lines.values():
            lines.sort(key=key)

    def write(self, paths: dict[str, Path], drop_empty: bool = True) -> dict[str, list[Line]]:
        """Write the tables; rows with nothing in them are left out (an empty row says nothing). Returns the
        rows of each file in order (row 2 is the first)."""
        written = {}
        for name, lines in self.lines.items():
            kept = [line for line in lines if not (drop_empty and line.empty(name))]
            if name == "evidence" and not kept and name not in paths:
                continue
            header = self.headers[name]
            write_csv(paths[name], header, ([line.cells.get(h, "") for h in header] for line in kept))
            written[name] = kept
        return written
