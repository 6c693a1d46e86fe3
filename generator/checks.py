"""Domain checks: small functions, each yielding the located issues of one rule of the format.

Adding a check means adding a function to :data:`FRAMEWORK_CHECKS` or :data:`EDITION_CHECKS`;
nothing else changes. Checks only read; they never fix data.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from typing import Callable, Iterator

from .text import printable
from .errors import WARNING, DataError, Issue
from .model import UNIT_TYPE_SINGULAR, UNIT_TYPES, Edition, Framework, Indicator, InputDef
from .numeric import DEFAULT_FORMAT, compact_vi, parse_fraction, read_number
from .cellread import READ_WELL, CellReader, CellTexts
from .groupchecks import check_bands, check_groups, check_unit_groups
from .traps import check_evidence_stated, check_formula_matches_method, check_rule_reaches_full_and_zero


# --------------------------------------------------------------------------- frameworks


def check_framework_metadata(fw: Framework) -> Iterator[Issue]:
    if fw.unit_type not in UNIT_TYPES:
        yield Issue(fw.path, None, "dti.unit_type", "bad-metadata", f"unit_type phải là một trong: {', '.join(UNIT_TYPES)}")
    for key in ("document", "date", "province"):
        if not fw.legal_basis.get(key):
            yield Issue(fw.path, None, f"dti.legal_basis.{key}", "missing-legal-basis", f"thiếu căn cứ pháp lý: «{key}»")


def check_parents_exist(fw: Framework) -> Iterator[Issue]:
    for ind in fw.indicators.values():
        if ind.parent and ind.parent not in fw.indicators:
            yield Issue(fw.files["indicators"], ind.row, "parent", "unknown-parent", f"chỉ số {ind.id} có chỉ số cha «{ind.parent}» không tồn tại")


def check_levels(fw: Framework) -> Iterator[Issue]:
    for ind in fw.walk():
        above = [fw.indicators[a].level for a in fw.ancestors(ind.id)]
        if ind.level == "group" and "main" in above:
            yield Issue(fw.files["indicators"], ind.row, "level", "bad-level", f"nhóm chỉ số {ind.id} không thể nằm dưới một chỉ số chính")
        if ind.level == "main" and "main" in above:
            yield Issue(fw.files["indicators"], ind.row, "level", "bad-level", f"chỉ số chính {ind.id} nằm dưới một chỉ số chính khác")
        if ind.level in ("component", "criterion") and "main" not in above:
            yield Issue(fw.files["indicators"], ind.row, "level", "bad-level", f"chỉ số {ind.id} ({ind.level}) phải nằm dưới một chỉ số chính")
        if ind.is_leaf and ind.level == "group":
            yield Issue(fw.files["indicators"], ind.row, "level", "bad-level", f"nhóm chỉ số {ind.id} không có chỉ số con")


def check_parent_maxima(fw: Framework) -> Iterator[Issue]:
    acknowledged = {d.indicator: d for d in fw.discrepancies}
    for ind in fw.indicators.values():
        if ind.is_leaf or ind.stated_max == ind.max_points:
            if ind.id in acknowledged:
                yield Issue(fw.path, None, "dti.discrepancies", "stale-discrepancy", f"chỉ số {ind.id} được ghi là sai lệch nhưng điểm tối đa đã khớp", WARNING)
            continue
        told = f"chỉ số {ind.id} ghi điểm tối đa {compact_vi(ind.stated_max)} nhưng các chỉ số con cộng lại {compact_vi(ind.max_points)}"
        d = acknowledged.get(ind.id)
        if d and d.stated_max == ind.stated_max:
            yield Issue(fw.files["indicators"], ind.row, "max_points", "acknowledged-discrepancy", f"{told}; theo ghi nhận trong datapackage.json, dùng {compact_vi(ind.max_points)}", WARNING)
        else:
            yield Issue(
                fw.files["indicators"],
                ind.row,
                "max_points",
                "parent-max-mismatch",
                f"{told}; hãy sửa số liệu hoặc ghi nhận sai lệch của văn bản trong dti.discrepancies",
            )


def check_total(fw: Framework) -> Iterator[Issue]:
    if fw.total_points is not None and fw.total_points != fw.max_points:
        yield Issue(
            fw.path,
            None,
            "dti.total_points",
            "total-mismatch",
            f"tổng điểm ghi {compact_vi(fw.total_points)} nhưng các chỉ số cộng lại {compact_vi(fw.max_points)}",
        )


def check_rules_placed(fw: Framework) -> Iterator[Issue]:
    for ind in fw.indicators.values():
        if ind.is_leaf and not ind.rule_kind:
            yield Issue(fw.files["indicators"], ind.row, "rule", "missing-rule", f"chỉ số {ind.id} không có chỉ số con nên cần một cách tính")
        if not ind.is_leaf and ind.rule_kind:
            yield Issue(fw.files["indicators"], ind.row, "rule", "rule-on-parent", f"chỉ số {ind.id} có chỉ số con nên điểm là tổng của chúng; hãy để trống cột rule")


def check_inputs_declared(fw: Framework) -> Iterator[Issue]:
    for ind in fw.indicators.values():
        if ind.rule is None:
            for d in ind.inputs:
                if not ind.is_leaf:
                    yield Issue(fw.files["inputs"], d.row, "indicator_id", "input-on-parent", f"đầu vào «{d.name}» gắn với chỉ số {ind.id} là chỉ số cha")
            continue
        needed = ind.rule.input_types()
        for name, types in needed.items():
            d = ind.input(name)
            if d is None:
                yield Issue(fw.files["indicators"], ind.row, "formula", "undeclared-input", f"chỉ số {ind.id} dùng đầu vào «{name}» nhưng inputs.csv không khai báo")
            elif d.type not in types:
                yield Issue(fw.files["inputs"], d.row, "type", "wrong-input-type", f"đầu vào «{name}» của chỉ số {ind.id} có kiểu {d.type}; cách tính «{ind.rule.kind}» cần: {', '.join(types)}")
        for d in ind.inputs:
            if d.name not in needed:
                yield Issue(fw.files["inputs"], d.row, "name", "unused-input", f"đầu vào «{d.name}» của chỉ số {ind.id} không được cách tính sử dụng")


def check_inputs_belong(fw: Framework) -> Iterator[Issue]:
    for d in fw.input_defs:
        if d.indicator_id not in fw.indicators:
            yield Issue(fw.files["inputs"], d.row, "indicator_id", "unknown-indicator", f"đầu vào «{d.name}» gắn với chỉ số «{d.indicator_id}» không tồn tại")


def check_level_labels(fw: Framework) -> Iterator[Issue]:
    """Every level of a «levels» rule is worded as the decision words it, so no page shows a code."""
    for ind in fw.indicators.values():
        if ind.rule is None:
            continue
        levels = ind.rule.levels()
        for d in ind.inputs:
            codes = [code for code, _ in d.labels]
            if d.type == "level":
                missing = [lv for lv in levels if lv not in codes]
                if missing:
                    yield Issue(fw.files["inputs"], d.row, "labels", "missing-label", f"đầu vào «{d.name}» của chỉ số {ind.id} thiếu nhãn (cách văn bản gọi) của mức: {', '.join(missing)}")
            unknown = [c for c in codes if c not in levels and not (d.type == "yes_no" and c in ("co", "khong"))]
            if unknown:
                yield Issue(fw.files["inputs"], d.row, "labels", "unknown-label", f"đầu vào «{d.name}» của chỉ số {ind.id} ghi nhãn cho mức không có trong cách tính: {', '.join(unknown)}")


def check_formula_precedence(fw: Framework) -> Iterator[Issue]:
    """A formula copied from a decision's fraction as one line (``a+b/c`` for a+b over c) is computed
    with the division first; say how it is read, and how to write the fraction."""
    for ind in fw.indicators.values():
        formula = ind.rule.formula if ind.rule is not None else None
        read = formula.division_read_first() if formula is not None else None
        if read:
            yield Issue(
                fw.files["indicators"], ind.row, "formula", "formula-precedence",
                f"chỉ số {ind.id}: công thức «{formula.text}» được tính là {read} (phép chia làm trước); nếu quyết định viết một phân số "
                "có cả biểu thức ở tử số, hãy đặt tử số trong ngoặc, ví dụ «(a+b)/c»", WARNING,
            )


def _reads_a_ratio(ind: Indicator) -> bool:
    """Whether an indicator's rule compares a ratio (a quotient, or a percentage input: 0 to 1)."""
    formula = ind.rule.formula
    if formula is None:
        return False
    if formula.is_single_name:
        d = ind.input(formula.names[0])
        return d is not None and d.type == "percent"
    return formula.is_ratio


def check_thresholds_fit(fw: Framework) -> Iterator[Issue]:
    """Tiers on a ratio compare a value from 0 to 1 (0 % to 100 %): a threshold above 1 written without
    «%» (``>= 10`` for 10 %) can never be reached."""
    for ind in fw.indicators.values():
        if ind.rule is None or ind.rule.kind != "tiers" or not _reads_a_ratio(ind):
            continue
        over = [text for text, (value, _) in zip(ind.rule.thresholds_text, ind.rule.steps) if value > 1]
        if over:
            first = over[0]
            yield Issue(
                fw.files["indicators"], ind.row, "options", "threshold-over-ratio",
                f"chỉ số {ind.id}: ngưỡng «>= {first}» so với tỷ lệ {ind.rule.formula.text} (từ 0 đến 100 %) nghĩa là {compact_vi(parse_fraction(first) * 100)} %, "
                f"không đơn vị nào đạt được; nếu ngưỡng là {first} %, hãy ghi «>= {first}%»", WARNING,
            )


FRAMEWORK_CHECKS: list[Callable[[Framework], Iterator[Issue]]] = [
    check_framework_metadata,
    check_parents_exist,
    check_levels,
    check_parent_maxima,
    check_total,
    check_rules_placed,
    check_inputs_declared,
    check_inputs_belong,
    check_level_labels,
    check_formula_precedence,
    check_formula_matches_method,
    check_thresholds_fit,
    check_rule_reaches_full_and_zero,
    check_evidence_stated,
]


# --------------------------------------------------------------------------- editions


class EditionContext:
    """What edition checks need besides the edition itself."""

    def __init__(self, edition: Edition, frameworks: dict[str, Framework], reader: CellReader | None = None):
        self.edition = edition
        self.frameworks = frameworks
        self.reader = reader or CellReader(edition.value_formats)  # the year's cells, each text read once
        self.units = {u.id: u for u in edition.units}
        by_group = {g: frameworks.get(fid) for g, fid in edition.frameworks.items()}
        self._framework = {u.id: by_group.get(g.id) for g in edition.groups for u in edition.units_in(g.id)}

    def framework_of_unit(self, unit_id: str) -> Framework | None:
        return self._framework.get(unit_id)

    def known(self, unit_id: str, indicator_id: str) -> Framework | None:
        """The framework of a row's unit when the unit and its indicator both exist in it (the common
        case, checked in one step); None otherwise, when :func:`_check_unit_indicator` says why."""
        fw = self._framework.get(unit_id)
        return fw if fw is not None and indicator_id in fw.indicators else None

    @cached_property
    def input_defs(self) -> dict[tuple[str, str, str], tuple[Indicator, InputDef, CellTexts, CellTexts]]:
        """(framework, indicator, input) → the indicator, the input's definition and the texts of its two
        columns, self_value and appraised_value (:meth:`CellReader.table`)."""
        defs = {}
        for fw in self.frameworks.values():
            for ind in fw.indicators.values():
                levels = tuple(ind.rule.levels()) if ind.rule else ()
                for d in ind.inputs:
                    defs[(fw.id, ind.id, d.name)] = (ind, d, self.reader.table(d, "self_value", levels), self.reader.table(d, "appraised_value", levels))
        return defs


def check_edition_frameworks(ctx: EditionContext) -> Iterator[Issue]:
    """The year's groups (or, without ``dti.groups``, its unit types) and their index sets: see
    :func:`generator.groupchecks.check_groups`."""
    ed = ctx.edition
    yield from check_groups(ctx)
    if not ed.publication.decision:
        yield Issue(ed.files["datapackage"], None, "dti.publication.decision", "missing-decision", "chưa ghi quyết định công bố kết quả", WARNING)


def check_units(ctx: EditionContext) -> Iterator[Issue]:
    ed = ctx.edition
    where = ed.files["units"]
    with_districts = any(u.type == "district" for u in ed.units)
    for unit in ed.units:
        if with_districts and unit.type == "commune" and not unit.parent:
            yield Issue(
                where, unit.row, "parent", "missing-parent-unit",
                f"năm {ed.year} có cấp huyện nên mỗi xã ghi mã huyện của nó ở cột parent; «{unit.id}» chưa ghi",
            )
        if unit.parent:
            parent = ctx.units.get(unit.parent)
            if parent is None:
                yield Issue(where, unit.row, "parent", "unknown-parent-unit", f"đơn vị cấp trên «{unit.parent}» không có trong danh sách đơn vị năm {ed.year}")
            elif unit.type == "commune" and parent.type != "district":
                yield Issue(where, unit.row, "parent", "bad-parent-unit", f"đơn vị cấp trên của một xã phải là một huyện, «{unit.parent}» là {UNIT_TYPE_SINGULAR.get(parent.type, parent.type)}")
            elif unit.type != "commune":
                yield Issue(
                    where, unit.row, "parent", "bad-parent-unit",
                    f"chỉ đơn vị cấp xã mới ghi đơn vị cấp trên (huyện của xã); {UNIT_TYPE_SINGULAR.get(unit.type, unit.type)} «{unit.id}» ghi «{unit.parent}» "
                    f"({UNIT_TYPE_SINGULAR.get(parent.type, parent.type)}): hãy để trống cột parent",
                )
        if unit.not_ranked and not unit.not_ranked_reason:
            yield Issue(where, unit.row, "not_ranked_reason", "missing-reason", "đơn vị không xếp hạng cần ghi lý do để công bố", WARNING)


def check_lineage(editions: list[Edition], unread: frozenset[int] = frozenset()) -> Iterator[Issue]:
    """A unit's history is its own (editions in year order): an id names one unit of one type in every
    year; every predecessor a unit names is a unit of the year before, of the same type; and no lineage
    runs in a circle (A continuing B one year, B continuing A later). ``unread`` are years that could not
    be read (their own problems are reported): a predecessor that may be there is not called unknown."""
    seen: dict[str, tuple[int, str]] = {}  # id → (the last year it was a unit, its type then)
    named: dict[str, set[str]] = {}  # id → every id it has named as a predecessor, in any year
    previous: Edition | None = None
    for ed in editions:
        where = ed.files["units"]
        before = {u.id for u in previous.units} if previous is not None else set()
        blind = any(y < ed.year for y in unread)  # an earlier year is unread: an unknown predecessor may be there
        for unit in ed.units:
            if unit.id in seen and seen[unit.id][1] != unit.type:
                year, was = seen[unit.id]
                yield Issue(
                    where, unit.row, "type", "unit-type-changed",
                    f"mã «{unit.id}» là {UNIT_TYPE_SINGULAR.get(was, was)} năm {year} nhưng là {UNIT_TYPE_SINGULAR.get(unit.type, unit.type)} năm {ed.year}: "
                    "một mã chỉ dùng cho một đơn vị, nếu không kết quả năm trước của đơn vị kia sẽ hiện là của đơn vị này; hãy đặt mã mới "
                    "và ghi mã cũ ở cột predecessors nếu đơn vị mới kế thừa đơn vị cũ",
                )
            for p in unit.predecessors:
                if p == unit.id:
                    yield Issue(where, unit.row, "predecessors", "self-predecessor", "một đơn vị không thể là tiền thân của chính nó")
                elif p not in seen:
                    if not blind:
                        yield Issue(where, unit.row, "predecessors", "unknown-predecessor", f"đơn vị tiền thân «{p}» không có trong dữ liệu các năm trước")
                elif p not in before and not blind:
                    yield Issue(
                        where, unit.row, "predecessors", "predecessor-gap",
                        f"đơn vị tiền thân «{p}» không có trong năm {previous.year} (năm liền trước), lần cuối có trong năm {seen[p][0]}; "
                        "trang của đơn vị không nối kết quả qua năm bị thiếu: hãy kiểm tra mã, hoặc ghi tiền thân vào đơn vị của năm liền trước",
                        WARNING,
                    )
                elif seen[p][1] != unit.type:
                    yield Issue(
                        where, unit.row, "predecessors", "predecessor-other-type",
                        f"đơn vị tiền thân «{p}» là {UNIT_TYPE_SINGULAR.get(seen[p][1], seen[p][1])}, còn đơn vị này là {UNIT_TYPE_SINGULAR.get(unit.type, unit.type)}; "
                        "kết quả của hai loại đơn vị chấm theo hai bộ chỉ số khác nhau",
                        WARNING,
                    )
                if p != unit.id and _continues(named, p, unit.id):
                    yield Issue(
                        where, unit.row, "predecessors", "lineage-cycle",
                        f"«{unit.id}» ghi «{p}» là tiền thân, nhưng «{p}» đã kế thừa «{unit.id}» ở năm trước: lịch sử đơn vị thành vòng tròn; "
                        "mã đơn vị phải ổn định, mã của đơn vị đã sáp nhập không dùng lại cho đơn vị kế thừa",
                    )
        for unit in ed.units:
            seen[unit.id] = (ed.year, unit.type)
            named.setdefault(unit.id, set()).update(unit.predecessors)
        previous = ed


def _continues(named: dict[str, set[str]], later: str, earlier: str) -> bool:
    """Whether ``later`` has named ``earlier`` as a predecessor, directly or through others."""
    stack, visited = [later], set()
    while stack:
        uid = stack.pop()
        if uid in visited:
            continue
        visited.add(uid)
        for p in named.get(uid, ()):
            if p == earlier:
                return True
            stack.append(p)
    return False


def _check_unit_indicator(ctx: EditionContext, where: str, row: int, unit_id: str, indicator_id: str) -> Iterator[Issue]:
    if unit_id not in ctx.units:
        yield Issue(where, row, "unit_id", "unknown-unit", f"đơn vị «{unit_id}» không có trong units.csv")
        return
    fw = ctx.framework_of_unit(unit_id)
    if fw is not None and indicator_id not in fw.indicators:
        yield Issue(where, row, "indicator_id", "unknown-indicator", f"bộ chỉ số «{fw.id}» không có chỉ số «{indicator_id}»")


def check_assessments(ctx: EditionContext) -> Iterator[Issue]:
    if ctx.edition.summary:  # a year at the level it was published holds no submissions (see generator.summary)
        return
    where = ctx.edition.files["assessments"]
    for a in ctx.edition.assessments:
        fw = ctx.known(a.unit_id, a.indicator_id)
        if fw is None:
            yield from _check_unit_indicator(ctx, where, a.row, a.unit_id, a.indicator_id)
            continue
        ind = fw.indicators[a.indicator_id]
        if a.self_score is not None and ind.is_leaf and a.self_score > ind.max_points:
            yield Issue(where, a.row, "self_score", "self-score-over-max", f"điểm tự chấm {compact_vi(a.self_score)} vượt quá điểm tối đa {compact_vi(ind.max_points)} của chỉ số {ind.id}")
        if a.not_evaluated and not fw.allows_not_evaluated:
            yield Issue(where, a.row, "not_evaluated", "not-evaluated-not-allowed", f"bộ chỉ số «{fw.id}» không cho phép đánh dấu «không đánh giá» (chỉ số {ind.id})")
        if a.appraised_score is not None:
            yield from _check_council_score(where, a, ind)
        if a.published_score is not None and ind.is_leaf:
            yield Issue(
                where, a.row, "published_score", "published-score-on-leaf",
                f"chỉ số {ind.id} là chỉ số lá: ghi điểm Hội đồng chấm ở cột appraised_score; published_score chỉ dùng cho tổng của một chỉ số cha",
            )


def _check_council_score(where: str, a, ind) -> Iterator[Issue]:
    """The points a council awarded: on a leaf, within [0, max], with its reason, and flagged when the
    decision's rule could not give them (the council may do so, but a reader should know)."""
    if a.appraised_score is None:
        return
    if not ind.is_leaf:
        yield Issue(where, a.row, "appraised_score", "appraised-score-on-parent", f"chỉ số {ind.id} là chỉ số cha: điểm của nó là tổng các chỉ số con; để ghi tổng của một bảng đã công bố, dùng cột published_score")
        return
    if a.appraised_score > ind.max_points:
        yield Issue(where, a.row, "appraised_score", "appraised-score-over-max", f"điểm Hội đồng chấm {compact_vi(a.appraised_score)} vượt quá điểm tối đa {compact_vi(ind.max_points)} của chỉ số {ind.id}")
    if not a.note:
        yield Issue(where, a.row, "note", "missing-note", f"chỉ số {ind.id}: điểm do Hội đồng chấm (appraised_score) phải kèm ý kiến giải thích ở cột note")
    if a.not_evaluated:
        yield Issue(where, a.row, "appraised_score", "appraised-score-not-evaluated", f"chỉ số {ind.id} vừa được đánh dấu «không đánh giá» vừa có điểm Hội đồng chấm")
    possible = ind.rule.possible_shares() if ind.rule else None
    if possible is not None and 0 < ind.max_points and a.appraised_score <= ind.max_points and a.appraised_score / ind.max_points not in possible:
        allowed = ", ".join(compact_vi(s * ind.max_points) for s in sorted(possible))
        yield Issue(
            where, a.row, "appraised_score", "council-score-off-rule",
            f"đơn vị «{a.unit_id}», chỉ số {ind.id}: Hội đồng chấm {compact_vi(a.appraised_score)} điểm, một mức cách tính «{ind.rule.label}» không cho ra (chỉ có thể: {allowed}); trang ghi rõ đây là điểm Hội đồng chấm",
            WARNING,
        )


def check_input_values(ctx: EditionContext) -> Iterator[Issue]:
    if ctx.edition.summary:  # a year at the level it was published holds no submissions (see generator.summary)
        return
    where = ctx.edition.files["inputs"]
    defs = ctx.input_defs
    last_unit = last_indicator = fw = None
    for v in ctx.edition.inputs:
        if v.indicator_id != last_indicator or v.unit_id != last_unit:  # rows come a unit's indicator at a time
            last_unit, last_indicator = v.unit_id, v.indicator_id
            fw = ctx.known(v.unit_id, v.indicator_id)
        if fw is None:
            yield from _check_unit_indicator(ctx, where, v.row, v.unit_id, v.indicator_id)
            continue
        found = defs.get((fw.id, v.indicator_id, v.input))
        if found is None:
            ind = fw.indicators[v.indicator_id]
            known = ", ".join(i.name for i in ind.inputs) or "không có"
            yield Issue(where, v.row, "input", "unknown-input", f"chỉ số {ind.id} không có đầu vào «{v.input}» (đầu vào của chỉ số: {known})")
            continue
        ind, _, own_table, council_table = found
        own, council = v.self_value, v.appraised_value
        # Most cells read well: one look-up each (a text is read the first time it is looked up).
        if (not own or type(own_table[own]) in READ_WELL) and (not council or type(council_table[council]) in READ_WELL):
            continue
        for column, table, text in (("self_value", own_table, own), ("appraised_value", council_table, council)):
            problem = table[text] if text else None
            if isinstance(problem, DataError):
                yield Issue(where, v.row, column, problem.code, f"chỉ số {ind.id}, đầu vào «{v.input}»: {problem.message}")


_NOT_YET = object()  # a key a dict has no entry for yet


def check_percent_scale(ctx: EditionContext) -> Iterator[Issue]:
    """A percent input whose values, for a whole unit type, all lie in (0, 1] was probably copied as a
    fraction (0.85) where the format means per cent (85): 0.85 would score as 0.85 %."""
    percent = {key: found for key, found in ctx.input_defs.items() if found[1].type == "percent"}
    if not percent or ctx.edition.summary:  # a summary year has no inputs
        return
    where = ctx.edition.files["inputs"]
    # (unit type, indicator, input) → [how many values, the first], all in (0, 1] so far; None once
    # any value is outside, which settles that input.
    seen: dict[tuple[str, str, str], list | None] = {}
    numbers: dict[str, dict[str, Fraction | None]] = {"self_value": {}, "appraised_value": {}}  # text → value, per column
    indicators = {ind_id for _, ind_id, _ in percent}
    for v in ctx.edition.inputs:
        if v.indicator_id not in indicators:
            continue
        fw = ctx.framework_of_unit(v.unit_id)
        found = percent.get((fw.id, v.indicator_id, v.input)) if fw else None
        if found is None:
            continue
        ind, d = found[:2]
        key = (fw.unit_type, ind.id, d.name)
        tally = seen.get(key, _NOT_YET)
        if tally is None:
            continue
        for column, raw in (("self_value", v.self_value), ("appraised_value", v.appraised_value)):
            text = (raw or "").strip()
            if not text or text.endswith("%"):
                continue
            value = numbers[column].get(text, _NOT_YET)
            if value is _NOT_YET:
                try:
                    value = read_number(text, ctx.edition.value_formats.get(column, DEFAULT_FORMAT))
                except ValueError:
                    value = None
                numbers[column][text] = value
            if value is None:
                continue
            if not 0 < value <= 1:
                tally = seen[key] = None
                break
            if tally is _NOT_YET:
                tally = seen[key] = [0, (v.row, column, text)]
            tally[0] += 1
    for (unit_type, ind_id, name), tally in sorted(seen.items()):
        if tally is not None:
            count, (row, column, text) = tally
            yield Issue(
                where, row, column, "percent-as-fraction",
                f"mọi giá trị của đầu vào «{name}» (chỉ số {ind_id}, {count} giá trị của loại đơn vị {unit_type}) đều từ 0 đến 1, ví dụ «{text}»: "
                f"cột này ghi theo phần trăm, nên «{text}» nghĩa là {text} %, không phải {compact_vi(read_number(text, ctx.edition.value_formats.get(column, DEFAULT_FORMAT)) * 100)} %. "
                "Nếu số liệu là tỷ lệ dạng thập phân, hãy nhân với 100 hoặc ghi kèm dấu %",
                WARNING,
            )


def check_evidence(ctx: EditionContext) -> Iterator[Issue]:
    where = ctx.edition.files.get("evidence")
    for e in ctx.edition.evidence:
        if ctx.known(e.unit_id, e.indicator_id) is None:
            yield from _check_unit_indicator(ctx, where, e.row, e.unit_id, e.indicator_id)
        link = e.link
        if link is None:
            yield Issue(where, e.row, "url", "not-a-link", f"«{e.url[:80]}» không phải đường dẫn http/https; sẽ hiển thị dạng chữ, không thành liên kết", WARNING)
        elif link.had_credentials:
            yield Issue(
                where, e.row, "url", "url-credentials",
                f"đường dẫn có phần «…@» (tên đăng nhập, mật khẩu hoặc một địa chỉ giả) trước máy chủ; thực ra nó dẫn tới «{link.host}». "
                "Trang sẽ bỏ phần đó và ghi rõ máy chủ thật",
                WARNING,
            )
        elif link.unusual_host:
            yield Issue(
                where, e.row, "url", "url-unusual-host",
                f"máy chủ của đường dẫn viết bằng chữ không phải Latin cơ bản hoặc ở dạng mã hóa («xn--…», «%…»), có thể giả một địa chỉ quen thuộc; "
                f"thực ra đường dẫn dẫn tới «{link.host}». Hãy kiểm tra đây đúng là địa chỉ mong muốn",
                WARNING,
            )


def check_unit_names(ctx: EditionContext) -> Iterator[Issue]:
    """Two units of one type with the same name confuse readers: an error under the same parent, a
    warning in different districts (the pages then show the district beside the name)."""
    where = ctx.edition.files["units"]
    first: dict[tuple, object] = {}
    for unit in ctx.edition.units:
        key = (unit.type, " ".join(unit.name.casefold().split()))  # Thành and Thạnh are different names
        other = first.get(key)
        if other is None:
            first[key] = unit
        elif other.parent == unit.parent:
            yield Issue(where, unit.row, "name", "duplicate-unit-name", f"tên «{unit.name}» trùng với đơn vị «{other.id}» (dòng {other.row}) cùng loại, cùng cấp trên; người đọc không phân biệt được hai đơn vị")
        else:
            yield Issue(where, unit.row, "name", "same-unit-name", f"tên «{unit.name}» trùng với đơn vị «{other.id}» (dòng {other.row}) ở đơn vị cấp trên khác; trang sẽ ghi kèm tên đơn vị cấp trên", WARNING)


def check_years_have_units(editions: list[Edition]) -> Iterator[Issue]:
    """Every year has units. The latest year may have none yet: a province just started (``dti init``,
    ``dti year new``) builds its preview before its units are listed, and publishing refuses such a year."""
    for ed in editions:
        if ed.units:
            continue
        if ed is editions[-1]:
            yield Issue(ed.files["units"], None, None, "no-units", f"năm {ed.year} chưa có đơn vị nào; trang dựng được để xem trước nhưng chưa có kết quả, và năm này chưa công bố được: ghi các đơn vị vào units.csv", WARNING)
        else:
            yield Issue(ed.files["units"], None, None, "no-units", f"năm {ed.year} không có đơn vị nào; thêm đơn vị hoặc chuyển thư mục năm này ra khỏi data/")


def check_boundaries(ctx: EditionContext) -> Iterator[Issue]:
    """Every shape names a unit of the year; a unit type that has shapes has one for every unit (a unit
    without one is still published, and listed under the map as having no shape)."""
    ed = ctx.edition
    where = ed.files.get("boundaries")
    for b in sorted(ed.boundaries.values(), key=lambda b: b.index):
        if b.unit_id not in ctx.units:
            yield Issue(where, None, f"features[{b.index}].properties.unit_id", "unknown-boundary-unit", f"mã «{printable(b.unit_id)}» không phải một đơn vị của năm {ed.year} trong units.csv; hình này không được vẽ", WARNING)
    mapped = {ctx.units[i].type for i in ed.boundaries if i in ctx.units}
    for unit in ed.units:
        if unit.type in mapped and unit.id not in ed.boundaries:
            yield Issue(where, None, None, "missing-boundary", f"đơn vị «{unit.id}» ({unit.name}) không có hình trên bản đồ; bản đồ ghi rõ đơn vị này không có ranh giới", WARNING)


EDITION_CHECKS: list[Callable[[EditionContext], Iterator[Issue]]] = [
    check_edition_frameworks,
    check_bands,
    check_units,
    check_unit_groups,
    check_unit_names,
    check_assessments,
    check_input_values,
    check_percent_scale,
    check_evidence,
    check_boundaries,
]


def run_framework_checks(fw: Framework) -> list[Issue]:
    return [issue for check in FRAMEWORK_CHECKS for issue in check(fw)]


def run_edition_checks(edition: Edition, frameworks: dict[str, Framework], reader: CellReader | None = None) -> list[Issue]:
    """Every issue of one edition. ``reader`` keeps the cells read, for the scorer to use after."""
    ctx = EditionContext(edition, frameworks, reader)
    return [issue for check in EDITION_CHECKS for issue in check(ctx)]

