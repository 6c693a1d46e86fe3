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
fraction until a leaf's points are known; they are then rounded once, as published (2 decimals, half
away from zero), and every total is the exact sum of its rows as published.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from .errors import ERROR, WARNING, DataError, Issue
from .model import BASIS_COMPUTED, BASIS_COUNCIL, BASIS_DIRECT, Assessment, Edition, Framework, Indicator, IndicatorResult, InputValue, Unit, UnitResult
from .numeric import DEFAULT_FORMAT, Rational, as_published, compact_vi, differ_as_published, round_published
from .cellread import CellReader
from .rules import MinMax, Values

SELF, APPRAISED = 0, 1  # the two sides of a figure
# Rules over figures whose outcome is worth a second look when every unit gets the same extreme, and from
# how many units with data that is told.
UNFIT_WATCHED = frozenset({"ratio", "ratio_target", "tiers", "capped_count", "weighted_shares", "all_or_nothing"})
UNFIT_FROM = 3
ZERO = Rational(0)
EXCLUDED, EVALUATED, NO_DATA = 0, 1, 2  # what became of one unit's leaf indicator


class _LeafPlan:
    """One leaf indicator as the scorer reads it, worked out once per year: its inputs, each with the
    tables of texts already read in its two columns, and what it scores into, unit by unit."""

    __slots__ = ("ind", "id", "rule", "minmax", "basis", "reads", "status", "share", "raw")

    def __init__(self, ind: Indicator, reader: CellReader, count: int):
        self.ind, self.id, self.rule = ind, ind.id, ind.rule
        self.minmax = isinstance(ind.rule, MinMax)
        self.basis = BASIS_DIRECT if ind.rule is not None and ind.rule.kind == "points" else BASIS_COMPUTED  # of a score the rule gives
        levels = tuple(ind.rule.levels()) if ind.rule else ()
        self.reads = [(d.name, reader.table(d, "self_value", levels), reader.table(d, "appraised_value", levels)) for d in ind.inputs]
        self.status = [EXCLUDED] * count  # by unit, in the units' order
        self.share: list[list[Fraction | None]] = [[None] * count, [None] * count]  # by side, then unit
        self.raw: list[list[Fraction | None]] = [[None] * count, [None] * count] if self.minmax else []


NO_CELLS: dict[str, InputValue] = {}
NO_ROWS: dict = {}


class EditionIndex:
    """One edition's rows by unit, then indicator, built once and shared by the scorers of its unit
    types."""

    def __init__(self, edition: Edition):
        self.assessments: dict[str, dict[str, Assessment]] = defaultdict(dict)
        self.marked: dict[str, set[str]] = defaultdict(set)
        self.published_units: set[str] = set()
        last, rows = None, NO_ROWS
        for a in edition.assessments:  # rows usually come unit by unit
            if a.unit_id != last:
                last, rows = a.unit_id, self.assessments[a.unit_id]
            rows[a.indicator_id] = a
            if a.not_evaluated:
                self.marked[a.unit_id].add(a.indicator_id)
            if a.published_score is not None:
                self.published_units.add(a.unit_id)
        self.inputs: dict[str, dict[str, dict[str, InputValue]]] = {}
        last_unit = last_indicator = None
        cells = NO_CELLS
        for v in edition.inputs:  # rows usually come unit by unit, indicator by indicator
            if v.indicator_id != last_indicator or v.unit_id != last_unit:
                last_unit, last_indicator = v.unit_id, v.indicator_id
                cells = self.inputs.setdefault(v.unit_id, {}).setdefault(v.indicator_id, {})
            cells[v.input] = v

    def cells(self, unit_id: str, indicator_id: str) -> dict[str, InputValue]:
        return self.inputs.get(unit_id, NO_ROWS).get(indicator_id, NO_CELLS)


class EditionScorer:
    """Scores all units of one ranking group in one edition (for a year without groups, of one unit type)
    against their framework."""

    def __init__(self, edition: Edition, framework: Framework, index: EditionIndex | None = None, reader: CellReader | None = None, group: str | None = None):
        self.edition = edition
        self.fw = framework
        self.units = edition.units_in(group) if group is not None else edition.units_of(framework.unit_type)
        self.issues: list[Issue] = []
        index = index or EditionIndex(edition)
        self.assessments, self.marked, self.inputs = index.assessments, index.marked, index.inputs
        self.index = index
        self.without_data: dict[str, list[str]] = defaultdict(list)
        self.issue_order: list[tuple[int, int]] = []  # (leaf, unit) of each problem found in the figures, to put them in that order
        self.order = list(framework.walk())  # every indicator, depth-first, worked out once
        self.order_ids = [ind.id for ind in self.order]
        self.totals = [ind for ind in self.order if not ind.is_leaf]
        self.reader = reader or CellReader(edition.value_formats)
        # Equal texts in the two columns mean the same figure only when the columns read numbers alike: a
        # «1.500» is 1.5 in one column and 1500 in another that groups thousands with a dot.
        formats = self.reader.formats
        self.same_format = formats.get("self_value", DEFAULT_FORMAT) == formats.get("appraised_value", DEFAULT_FORMAT)

    # -- locating problems ------------------------------------------------------

    def _report(self, unit: Unit, ind: Indicator, side: int, exc: DataError) -> None:
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

    # -- inputs -------------------------------------------------------------------

    def _values(self, plan: _LeafPlan, cells: dict[str, InputValue], side: int) -> Values | None:
        """The typed inputs of one side; None if a cell failed to parse (already reported by the checks).
        The appraised side reads the council's figure where it gave one, else the unit's own."""
        values = {}
        for name, own_table, council_table in plan.reads:
            cell = cells.get(name)
            if cell is None:
                values[name] = None
                continue
            text, table = cell.self_value, own_table
            if side == APPRAISED and cell.appraised_value:
                text, table = cell.appraised_value, council_table
            if not text:
                values[name] = None
                continue
            value = table[text]
            if isinstance(value, DataError):
                return None
            values[name] = value
        return Values.exact(values)

    # -- evaluation -----------------------------------------------------------------

    def not_evaluated(self, unit: Unit) -> set[str]:
        """Ids of every indicator excluded for this unit (marked, or below a marked parent)."""
        marked = self.marked.get(unit.id, set())
        if not marked:
            return set()
        return {ind.id for ind in self.order if marked & {ind.id, *self.fw.ancestors(ind.id)}}

    def _evaluate(self, unit: Unit, plan: _LeafPlan, i: int, u: int, side: int, values: Values | None, council) -> None:
        """One side of the ``u``-th unit's ``i``-th leaf into ``plan``: its share, or for min–max its raw value."""
        rule = plan.rule
        if values is None or rule is None:
            return
        try:
            if plan.minmax:
                raw = plan.raw[side][u] = rule.raw(values)
                if raw is None:
                    plan.share[side][u] = rule.fixed_share(values)
            else:
                plan.share[side][u] = rule.share(values, plan.ind.max_points)
        except DataError as exc:
            optional = exc.code == "missing-input" and (side == SELF or council is not None)
            if not optional:
                self._report(unit, plan.ind, side, exc)
                self.issue_order.append((i, u))

    def _score_unit(self, u: int, unit: Unit, plans: list[_LeafPlan], skip: set[str]) -> None:
        """One unit's figures for every leaf indicator, into the plans. The self-assessed side is worked
        out only where the council changed a figure; otherwise it is the appraised side."""
        uid = unit.id
        assessments, inputs = self.assessments.get(uid, NO_ROWS), self.inputs.get(uid, NO_ROWS)
        for i, plan in enumerate(plans):
            iid = plan.id
            if iid in skip:
                continue
            assessment = assessments.get(iid)
            council = assessment.appraised_score if assessment is not None else None
            cells = inputs.get(iid, NO_CELLS)
            has_data = differs = False
            same_format = self.same_format
            for v in cells.values():  # texts come stripped, None when blank (as the loader reads them)
                own, appraised = v.self_value, v.appraised_value
                if own or appraised:
                    has_data = True
                    if appraised and (appraised != own or not same_format):
                        differs = True
            if council is None and not has_data:
                plan.status[u] = NO_DATA
                self.without_data[uid].append(iid)
                continue
            plan.status[u] = EVALUATED
            self._evaluate(unit, plan, i, u, APPRAISED, self._values(plan, cells, APPRAISED), council)
            if differs:
                self._evaluate(unit, plan, i, u, SELF, self._values(plan, cells, SELF), council)
            else:  # the council accepted every figure: the unit's own score is the same
                plan.share[SELF][u] = plan.share[APPRAISED][u]
                if plan.raw:
                    plan.raw[SELF][u] = plan.raw[APPRAISED][u]

    @staticmethod
    def _normalise_minmax(plan: _LeafPlan, side: int) -> None:
        raws = [r for r in plan.raw[side] if r is not None]
        if not raws:
            return
        low, high = min(raws), max(raws)
        shares = plan.share[side]
        for u, r in enumerate(plan.raw[side]):
            if r is not None:
                shares[u] = plan.rule.normalise(r, low, high)

    def score(self) -> list[UnitResult]:
        plans = [_LeafPlan(ind, self.reader, len(self.units)) for ind in self.fw.leaves()]
        first = len(self.issues)
        # Unit by unit: a unit's rows lie close together in memory, where a million rows read indicator
        # by indicator would each be a cache miss.
        for u, unit in enumerate(self.units):
            self._score_unit(u, unit, plans, self.not_evaluated(unit))
        if self.issue_order:  # the figures' problems, indicator by indicator as the decision lists them
            ordered = sorted(zip(self.issue_order, self.issues[first:]), key=lambda pair: pair[0])
            self.issues[first:] = [issue for _, issue in ordered]
            self.issue_order.clear()
        for plan in plans:
            if plan.minmax:
                for side in (APPRAISED, SELF):
                    self._normalise_minmax(plan, side)
        self._report_missing_data()
        self._report_unfit_rules(plans)
        by_id = {plan.id: plan for plan in plans}
        steps = [(ind.id, ind, by_id.get(ind.id)) for ind in reversed(self.order)]  # each indicator after everything below it
        return [self._unit_result(u, unit, steps) for u, unit in enumerate(self.units)]

    def _report_unfit_rules(self, plans: list[_LeafPlan]) -> None:
        """A rule over figures that gives every unit the maximum, or every unit 0, probably does not read
        the figures as the decision means (``a+b/c`` for (a+b)/c, a threshold of 10 for 10 %): a warning
        at the index set's row, once the year's units are scored."""
        for plan in plans:
            if plan.rule is None or plan.rule.kind not in UNFIT_WATCHED:
                continue
            shares = [share for share, status in zip(plan.share[APPRAISED], plan.status) if status == EVALUATED and share is not None]
            if len(shares) < UNFIT_FROM or (any(share != 1 for share in shares) and any(share != 0 for share in shares)):
                continue
            outcome = "điểm tối đa" if shares[0] == 1 else "0 điểm"
            ind = plan.ind
            self.issues.append(Issue(
                self.fw.files["indicators"], ind.row, "formula", "rule-all-max" if shares[0] == 1 else "rule-all-zero",
                f"năm {self.edition.year}, cả {len(shares)} đơn vị có số liệu đều được {outcome} ở chỉ số {ind.id} (cách tính «{plan.rule.kind}», "
                f"công thức «{plan.rule.formula.text}»{', ' + ind.options if ind.options else ''}): hãy kiểm tra công thức (thứ tự phép tính, dấu ngoặc) "
                "và các ngưỡng, chỉ tiêu (tỷ lệ ghi kèm «%») có đúng cách tính của quyết định không",
                WARNING,
            ))

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

    def _unit_result(self, u: int, unit: Unit, steps: list[tuple[str, Indicator, _LeafPlan | None]]) -> UnitResult:
        results: dict[str, IndicatorResult] = dict.fromkeys(self.order_ids)  # filled bottom-up, kept in the decision's order
        uid = unit.id
        assessments = self.assessments.get(uid, NO_ROWS)
        for iid, ind, plan in steps:  # every indicator after all of its descendants
            assessment = assessments.get(iid)
            if plan is not None:
                results[iid] = self._leaf_result(unit, plan, u, assessment)
            else:
                results[iid] = self._parent_result(unit, ind, results, assessment)
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

    def _leaf_result(self, unit: Unit, plan: _LeafPlan, u: int, assessment: Assessment | None) -> IndicatorResult:
        ind, status = plan.ind, plan.status[u]
        note = assessment.note if assessment else ""
        if status == EXCLUDED:
            return IndicatorResult(ind.id, ind.max_points, None, None, False, note)
        claimed = assessment.self_score if assessment else None
        if status == NO_DATA:
            return IndicatorResult(ind.id, ind.max_points, as_published(claimed), ZERO, True, note, no_data=True)
        share, own_share = plan.share[APPRAISED][u], plan.share[SELF][u]
        # A leaf's points are rounded once, as published, and used as rounded from then on: every total
        # is then the sum of its rows as printed, which anyone can add up from the open data.
        computed = None if share is None else as_published(share * ind.max_points)
        if own_share is not share:  # the council changed a figure
            computed_self = None if own_share is None else as_published(own_share * ind.max_points)
        else:
            computed_self = computed
        if claimed is not None and computed_self is not None and differ_as_published(claimed, computed_self):
            self._claim_issue(
                unit, ind, "self-score-differs",
                f"điểm tự chấm {compact_vi(claimed)} khác điểm tính từ số liệu tự đánh giá {compact_vi(computed_self)}", WARNING,
            )
        self_score = as_published(claimed) if claimed is not None else computed_self
        council = assessment.appraised_score if assessment else None
        if council is not None:
            return IndicatorResult(ind.id, ind.max_points, self_score, as_published(council), True, note, BASIS_COUNCIL, formula_score=computed)
        return IndicatorResult(ind.id, ind.max_points, self_score, computed, True, note, plan.basis)

    def _parent_result(self, unit: Unit, ind: Indicator, results: dict[str, IndicatorResult], assessment: Assessment | None) -> IndicatorResult:
        """The sum of the evaluated children's results (already in ``results``); a total is unknown if
        any of its parts is."""
        note = assessment.note if assessment else ""
        published = assessment.published_score if assessment else None
        maximum = score = self_score = ZERO
        evaluated = False
        for child in ind.children:
            k = results[child]
            if not k.evaluated:
                continue
            evaluated = True
            maximum += k.max_points
            if score is not None:
                score = None if k.score is None else score + k.score
            if self_score is not None:
                self_score = None if k.self_score is None else self_score + k.self_score
        if not evaluated:
            return IndicatorResult(ind.id, ind.max_points, None, None, False, note, published=published)
        claimed = assessment.self_score if assessment else None
        if claimed is not None and self_score is not None and differ_as_published(claimed, self_score):
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
            if differ_as_published(total, r.published):
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
    """Results per ranking group for one edition (for a year without groups, per unit type), in the year's
    order of groups, and the problems met while scoring. ``reader`` may come from the year's checks, which
    have already read every cell."""
    results: dict[str, list[UnitResult]] = {}
    issues: list[Issue] = []
    index = EditionIndex(edition)
    reader = reader or CellReader(edition.value_formats)
    for group in edition.groups:
        framework = frameworks.get(group.framework)
        if framework is None or not group.fits(framework.unit_type):
            continue
        scorer = EditionScorer(edition, framework, index, reader, group.id)
        results[group.id] = scorer.score()
        issues.extend(scorer.issues)
    return results, issues


def changed(result: IndicatorResult) -> bool:
    """Whether the council's score differs from the self-assessed one, as published (2 decimals)."""
    if result.score is None or result.self_score is None:
        return False
    return differ_as_published(result.score, result.self_score)
