"""Traps of copying a decision into an index set, caught before any unit is scored: a formula computed
otherwise than the fraction the decision's method text writes, a rule that tried at the extremes never
scores or never reaches the maximum, an indicator with no evidence stated. Each is a small check listed in
:data:`generator.checks.FRAMEWORK_CHECKS`; the older traps (``a+b/c`` alone, thresholds of a ratio above
1) sit with the other checks in :mod:`generator.checks`.
"""

from __future__ import annotations

import re
from typing import Iterator

from .errors import WARNING, DataError, Issue
from .formula import Formula, FormulaSyntaxError
from .model import Framework, Indicator
from .numeric import Rational, compact_vi
from .rules import Values
from .trial import ZERO_LABEL, extremes, figure

FRACTION_IN_TEXT = re.compile(r"\(([^()]+)\)\s*/\s*(\([^()]+\)|[A-Za-z_][A-Za-z0-9_]*)")
SUM_DIVIDED = re.compile(r"\btổng\b.*\bchia cho\b", re.IGNORECASE | re.DOTALL)
PROBES = ((2, 3, 5, 7, 11, 13, 17, 19), (23, 29, 31, 37, 41, 43, 47, 53))  # figures at which two formulas are compared


def _same(one: Formula, other: Formula) -> bool:
    """Whether two formulas of the same inputs give the same value (compared at figures no two
    different formulas of a decision agree on)."""
    for probe in PROBES:
        values = {n: Rational(probe[i % len(probe)] + i // len(probe)) for i, n in enumerate(sorted(set(one.names) | set(other.names)))}
        try:
            if one.evaluate(values) != other.evaluate(values):
                return False
        except DataError:
            return False
    return True


def _fractions_in(text: str, names: set[str]) -> list[Formula]:
    """The fractions with a bracketed numerator a method text writes over the indicator's inputs, ``(a+b)/c``."""
    found = []
    for match in FRACTION_IN_TEXT.finditer(text.replace("×", "*").replace("÷", "/")):
        try:
            formula = Formula.parse(match.group(0))
        except FormulaSyntaxError:
            continue
        if formula.names and set(formula.names) <= names:
            found.append(formula)
    return found


def check_formula_matches_method(fw: Framework) -> Iterator[Issue]:
    """A formula computed otherwise than the decision's method text writes it as a fraction: ``a+b/c``
    where the text says «(a+b)/c», or «Tổng … chia cho …» (the sum divided by something)."""
    for ind in fw.indicators.values():
        formula = ind.rule.formula if ind.rule is not None else None
        if formula is None or formula.is_single_name or not ind.method:
            continue
        written = [f for f in _fractions_in(ind.method, {d.name for d in ind.inputs}) if set(f.names) == set(formula.names)]
        if written and not any(_same(formula, f) for f in written):
            how = written[0].text
        elif not written and formula.division_read_first() and SUM_DIVIDED.search(ind.method):
            how = "tổng chia cho (lấy cả tổng làm tử số)"
        else:
            continue
        yield Issue(
            fw.files["indicators"], ind.row, "formula", "formula-differs-from-method",
            f"chỉ số {ind.id}: công thức «{formula.text}» được tính là {formula.division_read_first() or formula.text}, nhưng cách tính của văn bản ghi {how}; "
            "hãy viết công thức đúng như văn bản, đặt tử số trong ngoặc, ví dụ «(a+b)/c»", WARNING,
        )


def _inputs_fit(ind: Indicator) -> bool:
    """Whether every input the rule reads is declared with a type it accepts (else another check says so)."""
    return all(ind.input(n) is not None and ind.input(n).type in types for n, types in ind.rule.input_types().items())


def check_rule_reaches_full_and_zero(fw: Framework) -> Iterator[Issue]:
    """A rule that, tried at the extremes (every figure 0, every figure equal, the numerator equal to the
    denominator), never gives full points, or never gives anything: a target, a threshold or a formula
    that no unit can meet."""
    for ind in fw.leaves():
        if ind.rule is None or ind.rule.kind in ("minmax", "points") or not _inputs_fit(ind):
            continue
        tried = []
        for label, values in extremes(ind):
            try:
                tried.append((label, values, ind.rule.share(Values(values), ind.max_points)))
            except DataError:
                continue
        if not [t for t in tried if t[0] != ZERO_LABEL]:
            continue
        shares = [share for _, _, share in tried]
        shown = "; ".join(f"{label} ({', '.join(f'{n} = {figure(ind.input(n), v)}' for n, v in values.items())}): {compact_vi(share * ind.max_points)} điểm" for label, values, share in tried)
        if not any(shares):
            yield Issue(
                fw.files["indicators"], ind.row, "rule", "rule-never-scores",
                f"chỉ số {ind.id}: thử số liệu ở các cực, cách tính luôn cho 0 điểm ({shown}); hãy kiểm tra ngưỡng, chỉ tiêu (tỷ lệ ghi kèm %) và công thức", WARNING,
            )
        elif max(shares) < 1:
            yield Issue(
                fw.files["indicators"], ind.row, "rule", "rule-never-full",
                f"chỉ số {ind.id}: thử số liệu ở các cực, cách tính không bao giờ cho điểm tối đa ({shown}); hãy kiểm tra các mức, ngưỡng và chỉ tiêu", WARNING,
            )


def check_evidence_stated(fw: Framework) -> Iterator[Issue]:
    """Every leaf says what evidence a unit submits; an index set that states none at all is said once."""
    leaves = fw.leaves()
    missing = [ind for ind in leaves if not ind.evidence]
    if leaves and len(missing) == len(leaves):
        yield Issue(
            fw.files["indicators"], None, "evidence", "no-evidence-stated",
            f"bộ chỉ số không ghi tài liệu kiểm chứng cho chỉ số nào ({len(leaves)} chỉ số lá); đơn vị và Hội đồng không biết cần nộp và xem văn bản gì", WARNING,
        )
        return
    for ind in missing:
        yield Issue(fw.files["indicators"], ind.row, "evidence", "no-evidence-stated", f"chỉ số {ind.id} chưa ghi tài liệu kiểm chứng cần nộp", WARNING)
