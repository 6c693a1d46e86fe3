"""Where a score is computed.

For every unit and every indicator of its framework this module works out two numbers:

* the official score: the points the appraisal council awarded where it awarded them
  (``appraised_score``), otherwise what the rule gives from the appraised inputs (an empty appraised cell
  means the council accepted the unit's own figure); and
* the self-assessed score: the score the unit claimed, or, when it claimed none, the score its own
  figures give.

Indicators marked "not evaluated" (or under a parent so marked) count neither in the achieved points
nor in the maximum. A leaf for which the unit gave no data at all is refused, or scores 0 with the status
``no_data``, as the year's policy (``dti.missing``) says. A parent's score is the sum of its children's;
a total a published table states for it is compared with its rows, never used. Everything is an exact
fraction; rounding happens only when results are published.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from .errors import ERROR, WARNING, DataError, Issue
from .model import BASIS_COMPUTED, BASIS_COUNCIL, BASIS_DIRECT, Assessment, Edition, Framework, Indicator, IndicatorResult, InputValue, Unit, UnitResult
from .numeric import Q, compact_vi, round_published
from .rules import CellReader, MinMax, Values

SELF, APPRAISED = 0, 1  # the two sides of a figure, as indices of a leaf's working state
ZERO = Q(0)


class _Leaf:
    """Working state of one unit's leaf indicator while scoring."""

    __slots__ = ("share", "raw", "council", "no_data")

    def __init__(self, council: Fraction | None = None):
        self.share: list[Fraction | None] = [None, None]  # by side (SELF, APPRAISED)
        self.raw: list[Fraction | None] = [None, None]
        self.council = council
        self.no_data = False


NO_CELLS: dict[str, InputValue] = {}
NO_ROWS: dict = {}


class EditionIndex:
    """One edition's rows by unit, then indicator, built once and shared by the scorers of its unit
    types. By unit first: a unit is scored indicator after indicator, and its rows stay close together
    in memory instead of being looked up across a table of a million."""

    def __init__(self, edition: Edition):
        self.assessments: dict[str, dict[str, Assessment]] = defaultdict(dict)
        for a in edition.assessments:
            self.assessments[a.unit_id][a.indicator_id] = a
        self.marked: dict[str, set[str]] = defaultdict(set)
        for a in edition.assessments:
            if a.not_evaluated:
                self.marked[a.unit_id].add(a.indicator_id)
        self.published_units = {a.unit_id for a in edition.assessments if a.published_score is not None}
        self.inputs: dict[str, dict[str, dict[str, InputValue]]] = {}
        last, cells = None, NO_CELLS
        for v in edition.inputs:  # rows usually come unit by unit, indicator by indicator
            if (v.unit_id, v.indicator_id) != last:
                last = (v.unit_id, v.indicator_id)
                cells = self.inputs.setdefault(v.unit_id, {}).setdefault(v.indicator_id, {})
            cells[v.input] = v

    def cells(self, unit_id: str, indicator_id: str) -> dict[str, InputValue]:
        return self.inputs.get(unit_id, NO_ROWS).get(indicator_id, NO_CELLS)


class EditionScorer:
    """Scores all units of one unit type in one edition against their framework."""

    def __init__(self, edition: Edition, framework: Framework, index: EditionIndex | None = None, reader: CellReader | None = None):
        self.edition = edition
        self.fw = framework
        self.units = edition.units_of(framework.unit_type)
        self.issues: list[Issue] = []
        index = index or EditionIndex(edition)
        self.assessments, self.marked, self.inputs = index.assessments, index.marked, index.inputs
        self.index = index
        self.at: tuple[int, int] | None = None  # (leaf, unit) being evaluated, to keep issues in that order
        self.issue_order: list[tuple[int, int]] = []
        self.without_data: dict[str, list[str]] = defaultdict(list)
        self.order = list(framework.walk())  # every indicator, depth-first, worked out once
        self.bottom_up = self.order[::-1]  # each indicator after everything below it
        self.order_ids = [ind.id for ind in self.order]
        self.totals = [ind for ind in self.order if not ind.is_leaf]
        self.levels = {ind.id: tuple(ind.rule.levels()) if ind.rule else () for ind in self.order}
        self.reader = reader or CellReader(edition.value_formats)

    # -- locating problems ------------------------------------------------------

    def _report(self, unit: Unit, ind: Indicator, side: str, exc: DataError) -> None:
        rows = self.index.cells(unit.id, ind.id)
        row = rows.get(exc.input_name) or next(iter(rows.values()), None)
        column = "appraised_value" if side == APPRAISED else "self_value"
        severity = ERROR if side == APPRAISED else WARNING
        prefix = f"đơn vị «{unit.id}», chỉ số {ind.id}"
        if side == SELF:
            prefix += " (số liệu tự đánh giá)"
        self.issues.append(
            Issue(self.edition.files["inputs"], row.row if row else None, column if row else None, exc.code, f"{prefix}: {exc.message}", severity)
        )
        if self.at is not None:
            self.issue_order.append(self.at)

    # -- inputs -------------------------------------------------------------------

    @staticmethod
    def _appraised_differs(cells: dict[str, InputValue]) -> bool:
        """Whether the council changed any of the unit's figures for this indicator."""
        for v in cells.values():
            if v.appraised_value and v.appraised_value.strip() and v.appraised_value.strip() != (v.self_value or "").strip():
                return True
        return False

    @staticmethod
    def _has_data(cells: dict[str, InputValue]) -> bool:
        for v in cells.values():
            if (v.self_value and v.self_value.strip()) or (v.appraised_value and v.appraised_value.strip()):
                return True
        return False

    def _values(self, unit: Unit, ind: Indicator, side: str) -> Values | None:
        """The typed inputs of one side; None if a cell failed to parse (already reported by the checks)."""
        cells = self.index.cells(unit.id, ind.id)
        values = {}
        for d in ind.inputs:
            cell = cells.get(d.name)
            text, column = None, "self_value"
            if cell is not None:
                own = (cell.self_value or "").strip()
                appraised = (cell.appraised_value or "").strip()
                text = (appraised or own) if side == APPRAISED else own
                column = "appraised_value" if side == APPRAISED and appraised else "self_value"
            if not text:
                values[d.name] = None
                continue
            value = self.reader.read(d, self.levels[ind.id], column, text)
            if isinstance(value, DataError):
                return None
            values[d.name] = value
        return Values.exact(values)

    # -- evaluation -----------------------------------------------------------------

    def not_evaluated(self, unit: Unit) -> set[str]:
        """Ids of every indicator excluded for this unit (marked, or below a marked parent)."""
        marked = self.marked.get(unit.id, set())
        if not marked:
            return set()
        return {ind.id for ind in self.order if marked & {ind.id, *self.fw.ancestors(ind.id)}}

    def _evaluate_leaf(self, unit: Unit, ind: Indicator, side: str, state: _Leaf) -> None:
        values = self._values(unit, ind, side)
        if values is None or ind.rule is None:
            return
        try:
            if isinstance(ind.rule, MinMax):
                state.raw[side] = ind.rule.raw(values)
                if state.raw[side] is None:
                    state.share[side] = ind.rule.fixed_share(values)
            else:
                state.share[side] = ind.rule.share(values, ind.max_points)
        except DataError as exc:
            optional = exc.code == "missing-input" and (side == SELF or state.council is not None)
            if not optional:
                self._report(unit, ind, side, exc)

    def _normalise_minmax(self, ind: Indicator, states: dict[str, _Leaf], side: str) -> None:
        raws = [s.raw[side] for s in states.values() if s.raw[side] is not None]
        if not raws:
            return
        low, high = min(raws), max(raws)
        for s in states.values():
            if s.raw[side] is not None:
                s.share[side] = ind.rule.normalise(s.raw[side], low, high)

    def score(self) -> list[UnitResult]:
        excluded = {u.id: self.not_evaluated(u) for u in self.units}
        leaves = self.fw.leaves()
        states: dict[str, dict[str, _Leaf]] = {ind.id: {} for ind in leaves}
        first = len(self.issues)
        for u, unit in enumerate(self.units):
            uid, skip = unit.id, excluded[unit.id]
            assessments, inputs = self.assessments.get(uid, NO_ROWS), self.inputs.get(uid, NO_ROWS)
            for i, ind in enumerate(leaves):
                if ind.id in skip:
                    continue
                assessment = assessments.get(ind.id)
                state = states[ind.id][uid] = _Leaf(assessment.appraised_score if assessment else None)
                cells = inputs.get(ind.id, NO_CELLS)
                if state.council is None and not self._has_data(cells):
                    state.no_data = True
                    self.without_data[uid].append(ind.id)
                    continue
                self.at = (i, u)
                self._evaluate_leaf(unit, ind, APPRAISED, state)
                if self._appraised_differs(cells):
                    self._evaluate_leaf(unit, ind, SELF, state)
                else:  # the council accepted every figure: the unit's own score is the same
                    state.share[SELF], state.raw[SELF] = state.share[APPRAISED], state.raw[APPRAISED]
        self.at = None
        if self.issue_order:  # the figures' problems, indicator by indicator as the decision lists them
            ordered = sorted(zip(self.issue_order, self.issues[first:]), key=lambda pair: pair[0])
            self.issues[first:] = [issue for _, issue in ordered]
            self.issue_order.clear()
        for ind in leaves:
            if isinstance(ind.rule, MinMax):
                for side in (APPRAISED, SELF):
                    self._normalise_minmax(ind, states[ind.id], side)
        self._report_missing_data()
        return [self._unit_result(unit, excluded[unit.id], states) for unit in self.units]

    def _report_missing_data(self) -> None:
        """One message per unit that left indicators without any data: an error, or a warning under the
        year's ``zero`` policy (those indicators then score 0, shown as «Không có số liệu»)."""
        where = self.edition.files["units"]
        for unit in self.units:
            ids = self.without_data.get(unit.id)
            if not ids:
                continue
            listed = ", ".join(ids[:30]) + (f" và {len(ids) - 30} chỉ số khác" if len(ids) > 30 else "")
            if self.edition.missing == "zero":
                message = f"đơn vị «{unit.id}» không có số liệu của {len(ids)} chỉ số: {listed}; theo quy định của năm (dti.missing: zero) các chỉ số này được 0 điểm, ghi «Không có số liệu»"
                self.issues.append(Issue(where, unit.row, None, "no-data", message, WARNING))
            else:
                message = (
                    f"đơn vị «{unit.id}» không có số liệu của {len(ids)} chỉ số: {listed}. Hãy bổ sung số liệu (inputs.csv), ghi điểm Hội đồng chấm "
                    "(appraised_score), đánh dấu «không đánh giá», hoặc khai báo dti.missing: zero nếu quy định của năm cho 0 điểm"
                )
                self.issues.append(Issue(where, unit.row, None, "missing-data", message))

    # -- assembling -------------------------------------------------------------------

    def _claim_issue(self, unit: Unit, ind: Indicator, code: str, message: str, severity: str = ERROR, column: str = "self_score") -> None:
        """A problem with a number a unit wrote in assessments.csv, located at that row."""
        row = self.assessments[unit.id][ind.id].row
        where = self.edition.files["assessments"]
        self.issues.append(Issue(where, row, column, code, f"đơn vị «{unit.id}», chỉ số {ind.id}: {message}", severity))

    def _unit_result(self, unit: Unit, excluded: set[str], states: dict[str, dict[str, _Leaf]]) -> UnitResult:
        results: dict[str, IndicatorResult] = dict.fromkeys(self.order_ids)  # filled bottom-up, kept in the decision's order
        uid = unit.id
        assessments = self.assessments.get(uid, NO_ROWS)
        for ind in self.bottom_up:  # every indicator after all of its descendants
            assessment = assessments.get(ind.id)
            if ind.is_leaf:
                results[ind.id] = self._leaf_result(unit, ind, ind.id not in excluded, states[ind.id].get(uid), assessment)
            else:
                results[ind.id] = self._parent_result(unit, ind, [results[c] for c in ind.children], assessment)
        if uid in self.index.published_units:  # only a unit with a published table has totals to compare
            self._check_published(unit, results)
        evaluated = [r for r in (results[i] for i in self.fw.roots) if r.evaluated]
        score = sum((r.score or 0 for r in evaluated), ZERO)
        maximum = sum((r.max_points for r in evaluated), ZERO)
        percent = None
        if maximum > 0:
            percent = round_published(score / maximum * 100)
        else:
            self.issues.append(
                Issue(self.edition.files["units"], unit.row, "id", "nothing-evaluated", f"đơn vị «{unit.id}» không có chỉ số nào được đánh giá")
            )
        return UnitResult(self.edition.year, unit, self.fw.id, score, maximum, results, percent)

    def _leaf_result(self, unit: Unit, ind: Indicator, evaluated: bool, state: _Leaf | None, assessment: Assessment | None) -> IndicatorResult:
        note = assessment.note if assessment else ""
        if not evaluated or state is None:
            return IndicatorResult(ind.id, ind.max_points, None, None, False, note)
        claimed = assessment.self_score if assessment else None
        if state.no_data:
            return IndicatorResult(ind.id, ind.max_points, claimed, ZERO, True, note, no_data=True)
        share = state.share[APPRAISED]
        computed = None if share is None else share * ind.max_points
        computed_self = None if state.share[SELF] is None else state.share[SELF] * ind.max_points
        if claimed is not None and computed_self is not None and claimed != computed_self and round_published(claimed) != round_published(computed_self):
            self._claim_issue(
                unit, ind, "self-score-differs",
                f"điểm tự chấm {compact_vi(claimed)} khác điểm tính từ số liệu tự đánh giá {compact_vi(computed_self)}", WARNING,
            )
        self_score = claimed if claimed is not None else computed_self
        if state.council is not None:
            return IndicatorResult(ind.id, ind.max_points, self_score, state.council, True, note, BASIS_COUNCIL, formula_score=computed)
        basis = BASIS_DIRECT if ind.rule is not None and ind.rule.kind == "points" else BASIS_COMPUTED
        return IndicatorResult(ind.id, ind.max_points, self_score, computed, True, note, basis)

    def _parent_result(self, unit: Unit, ind: Indicator, kids: list[IndicatorResult], assessment: Assessment | None) -> IndicatorResult:
        evaluated = [k for k in kids if k.evaluated]
        note = assessment.note if assessment else ""
        published = assessment.published_score if assessment else None
        if not evaluated:
            return IndicatorResult(ind.id, ind.max_points, None, None, False, note, published=published)
        maximum = sum((k.max_points for k in evaluated), ZERO)
        score = None if any(k.score is None for k in evaluated) else sum((k.score for k in evaluated), ZERO)
        self_score = None if any(k.self_score is None for k in evaluated) else sum((k.self_score for k in evaluated), ZERO)
        claimed = assessment.self_score if assessment else None
        if claimed is not None and self_score is not None and claimed != self_score and round_published(claimed) != round_published(self_score):
            self._claim_issue(
                unit, ind, "parent-self-score-mismatch",
                f"điểm tự chấm ghi {compact_vi(claimed)} nhưng các chỉ số con cộng lại {compact_vi(self_score)}; "
                "hãy sửa hoặc bỏ trống điểm của chỉ số cha",
            )
        return IndicatorResult(ind.id, maximum, self_score, score, True, note, published=published)

    def _check_published(self, unit: Unit, results: dict[str, IndicatorResult]) -> None:
        """Compare each total a published table states with its rows as printed, line by line: a row that
        is itself a parent counts with its printed total when it has one, else with its computed score."""

        def printed(ind_id: str) -> Fraction | None:
            r = results[ind_id]
            if not r.evaluated:
                return None
            return r.published if r.published is not None else r.score

        for ind in self.totals:
            r = results[ind.id]
            if r.published is None:
                continue
            rows = [(c, printed(c)) for c in ind.children if printed(c) is not None]
            total = sum((v for _, v in rows), ZERO)
            if total != r.published and round_published(total) != round_published(r.published):
                parts = "; ".join(f"{c} = {compact_vi(v)}" for c, v in rows)
                self._claim_issue(
                    unit, ind, "published-total-differs",
                    f"bảng công bố ghi tổng {compact_vi(r.published)} nhưng các dòng con theo bảng cộng lại {compact_vi(total)} ({parts}); "
                    f"trang dùng tổng các chỉ số lá ({compact_vi(r.score) if r.score is not None else '–'}) và ghi kèm số công bố",
                    WARNING, "published_score",
                )
            if r.published > ind.max_points:
                self._claim_issue(unit, ind, "published-total-over-max", f"tổng công bố {compact_vi(r.published)} vượt quá điểm tối đa {compact_vi(ind.max_points)}", WARNING, "published_score")


def score_edition(edition: Edition, frameworks: dict[str, Framework], reader: CellReader | None = None) -> tuple[dict[str, list[UnitResult]], list[Issue]]:
    """Results per unit type for one edition, and the problems met while scoring. ``reader`` may come from
    the year's checks, which have already read every cell."""
    results: dict[str, list[UnitResult]] = {}
    issues: list[Issue] = []
    index = EditionIndex(edition)
    reader = reader or CellReader(edition.value_formats)
    for unit_type, fid in sorted(edition.frameworks.items()):
        framework = frameworks.get(fid)
        if framework is None or framework.unit_type != unit_type:
            continue
        scorer = EditionScorer(edition, framework, index, reader)
        results[unit_type] = scorer.score()
        issues.extend(scorer.issues)
    return results, issues


def changed(result: IndicatorResult) -> bool:
    """Whether the council's score differs from the self-assessed one, as published (2 decimals)."""
    if result.score is None or result.self_score is None:
        return False
    return round_published(result.score) != round_published(result.self_score)
