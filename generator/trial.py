"""Trial figures for one indicator: what its rule gives them, each step of the arithmetic in words, the
figures of a worked example, and the figures at the extremes a check tries.

The score always comes from the rule itself (:meth:`generator.rules.Rule.share`, as the scorer calls it)
and is rounded once, as published (:func:`generator.numeric.as_published`); the steps only say in words
what the rule did, with the same exact values. Used by ``dti framework try``, the index-set workbook's
«Thử tính» and «Bảng quy tắc tính điểm» sheets, and the check of rules that can never score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

from .errors import DataError
from .formula import ZeroDenominator
from .model import Indicator, InputDef
from .numeric import DEFAULT_FORMAT, NumberFormat, Rational, as_published, compact_vi, round_published, vi_number
from .cellread import NUMERIC_TYPES, parse_value
from .rules import ONE, ZERO, Values

NOT_ALONE = ("minmax",)  # kinds whose score needs the other units of the year


def number(value) -> str:
    """A figure exactly as Vietnamese readers write it (``2,625``, ``1.250``), or to four decimals with «≈»
    when it has no short exact decimal form (``≈ 33,3333``)."""
    exact = Fraction(value)
    for places in range(7):
        if (exact * 10**places).denominator == 1:
            return vi_number(Decimal(int(exact * 10**places)).scaleb(-places), places)
    return f"≈ {vi_number(round_published(exact, 4), 4)}"


def percent(value) -> str:
    return f"{number(Fraction(value) * 100)} %"


def figure(d: InputDef | None, value) -> str:
    """A trial figure as a reader would write it: a number, a percentage, «có», or a level's words."""
    if isinstance(value, bool):
        return (d.label(value) if d else ("Có" if value else "Không"))
    if isinstance(value, str):
        return f"«{d.label(value) if d else value}»"
    if d is not None and d.type == "percent":
        return percent(value)
    return number(value)


@dataclass(frozen=True)
class Trial:
    """What a rule gives one unit's trial figures."""

    values: Mapping[str, object]
    steps: tuple[str, ...]
    share: Fraction | None = None  # of the maximum; None when the rule needs the other units, or on a problem
    exact: Fraction | None = None  # share × maximum, before rounding
    points: Fraction | None = None  # rounded once, as published
    problem: DataError | None = None

    def text(self) -> str:
        return "\n".join(self.steps)


def _name(ind: Indicator, name: str) -> str:
    """An input as the steps name it: the decision's letter, or the meaning of a named input in «»."""
    d = ind.input(name)
    return f"«{d.meaning.rstrip(' ?:.')}»" if d is not None and len(name) > 1 else name


def _given(ind: Indicator, values: Mapping, names) -> str:
    return ", ".join(f"{_name(ind, n)} = {figure(ind.input(n), values.get(n))}" for n in names)


def _value_step(ind: Indicator, values: Mapping) -> tuple[str, Fraction]:
    """The value a rule looks at, worked out: a single input as given, a formula with its figures."""
    formula = ind.rule.formula
    value = ind.rule.value(Values.exact(values))
    if formula.is_single_name:
        return f"{_given(ind, values, formula.names)}", value
    shown = percent(value) if formula.is_ratio else number(value)
    texts = {n: figure(ind.input(n), values.get(n)) for n in formula.names}
    return f"{formula.text} = {formula.written_with(texts)} = {shown}", value


def _shown_value(ind: Indicator, value: Fraction) -> str:
    formula = ind.rule.formula
    if formula.is_single_name:
        d = ind.input(formula.names[0])
        return percent(value) if d is not None and d.type == "percent" else number(value)
    return percent(value) if formula.is_ratio else number(value)


def _ratio_steps(ind, values, steps: list[str]) -> Fraction:
    text, ratio = _value_step(ind, values)
    steps.append(f"Tỷ lệ {text}" if not ind.rule.formula.is_single_name else f"Tỷ lệ: {text}")
    if ratio > ONE:
        if ind.rule.over_100 == "cap":
            steps.append(f"{percent(ratio)} vượt 100 %: tính là 100 % (quyết định cho phép, điểm không vượt điểm tối đa)")
            return ONE
        steps.append(f"{percent(ratio)} vượt 100 %: đây là lỗi số liệu, không phải điểm vượt tối đa")
    return ratio


def _yes_no(ind, values, steps):
    name = ind.rule.formula.names[0]
    steps.append(f"{_given(ind, values, [name])} → {'điểm tối đa' if values.get(name) else '0 điểm'}")


def _levels(ind, values, steps):
    name = ind.rule.formula.names[0]
    share = dict(ind.rule.steps).get(values.get(name))
    steps.append(f"{_given(ind, values, [name])} → {percent(share) if share is not None else '?'} điểm tối đa")


def _ratio(ind, values, steps):
    _ratio_steps(ind, values, steps)


def _ratio_target(ind, values, steps):
    rule = ind.rule
    ratio = _ratio_steps(ind, values, steps)
    target = percent(rule.target)
    if ratio >= rule.target:
        steps.append(f"{percent(ratio)} ≥ chỉ tiêu {target} → điểm tối đa")
    elif rule.below == "scaled":
        steps.append(f"{percent(ratio)} < chỉ tiêu {target} → {percent(ratio)} ÷ {target} = {percent(ratio / rule.target)} điểm tối đa")
    else:
        steps.append(f"{percent(ratio)} < chỉ tiêu {target} → {percent(ratio)} điểm tối đa")


def _tiers(ind, values, steps):
    rule = ind.rule
    text, value = _value_step(ind, values)
    steps.append(f"Giá trị xét: {text}")
    shown = _shown_value(ind, value)
    for threshold_text, (threshold, share) in zip(rule.thresholds_text, rule.steps):
        if value >= threshold:
            steps.append(f"{shown} ≥ {threshold_text.replace('.', ',')} (ngưỡng cao nhất đạt được) → {percent(share)} điểm tối đa")
            return
    steps.append(f"{shown} thấp hơn mọi ngưỡng → {percent(rule.otherwise)} điểm tối đa")


def _capped_count(ind, values, steps):
    rule = ind.rule
    text, count = _value_step(ind, values)
    steps.append(text)
    if rule.full_at is not None:
        n = number(rule.full_at)
        if count >= rule.full_at:
            steps.append(f"{number(count)} ≥ {n} → điểm tối đa")
        else:
            steps.append(f"{number(count)} < {n} → {number(count)} ÷ {n} = {percent(count / rule.full_at)} điểm tối đa")
        return
    got = count * rule.per_item
    steps.append(f"{number(count)} × {number(rule.per_item)} điểm = {number(got)} điểm" + (f", không quá điểm tối đa {number(ind.max_points)}" if got > ind.max_points else ""))


def _weighted(ind, values, steps):
    rule = ind.rule
    text, total = _value_step(ind, values)
    steps.append(f"Mẫu số: {text}")
    parts = " + ".join(f"{figure(ind.input(n), values.get(n))} × {percent(w)}" for n, w in rule.shares)
    weighted = sum((w * values.get(n) for n, w in rule.shares), ZERO)
    if total:
        steps.append(f"({parts}) ÷ {number(total)} = {percent(weighted / total)} điểm tối đa")


def _checklist(ind, values, steps):
    for name, share in ind.rule.items:
        met = values.get(name)
        steps.append(f"{_given(ind, values, [name])} → {'+ ' + percent(share) if met else 'không cộng'}")
    steps.append(f"Cộng lại: {percent(sum((s for n, s in ind.rule.items if values.get(n)), ZERO))} điểm tối đa")


def _all_or_nothing(ind, values, steps):
    ratio = _ratio_steps(ind, values, steps)
    steps.append(f"{percent(ratio)} {'= 100 % → điểm tối đa' if ratio == ONE else '< 100 % → 0 điểm'}")


def _minmax(ind, values, steps):
    rule = ind.rule
    text, raw = _value_step(ind, values)
    steps.append(f"Giá trị của đơn vị: {text}")
    low, high = (raw / 2, raw * 3 / 2) if raw > 0 else (Rational(0), Rational(1))
    share = rule.normalise(raw, low, high)
    v = lambda x: _shown_value(ind, x)  # noqa: E731
    steps.append(
        "Điểm phụ thuộc các đơn vị cùng loại trong năm: (giá trị − thấp nhất) ÷ (cao nhất − thấp nhất) × điểm tối đa. "
        f"Ví dụ nếu thấp nhất là {v(low)} và cao nhất là {v(high)}: ({v(raw)} − {v(low)}) ÷ ({v(high)} − {v(low)}) "
        f"= {percent(share)} × {number(ind.max_points)} = {number(as_published(share * ind.max_points))} điểm"
    )


def _external(ind, values, steps):
    name = ind.rule.formula.names[0]
    where = f" trên {ind.rule.source}" if ind.rule.source else ""
    steps.append(f"Tỷ lệ ghi nhận{where}: {_given(ind, values, [name])}")


def _points(ind, values, steps):
    name = ind.rule.formula.names[0]
    steps.append(f"Hội đồng chấm {number(values.get(name))} điểm")


EXPLAIN = {
    "yes_no": _yes_no, "levels": _levels, "ratio": _ratio, "ratio_target": _ratio_target, "tiers": _tiers,
    "capped_count": _capped_count, "weighted_shares": _weighted, "checklist": _checklist,
    "all_or_nothing": _all_or_nothing, "minmax": _minmax, "external_rate": _external, "points": _points,
}


def _steps(ind: Indicator, values: Mapping) -> list[str]:
    """The rule's steps in words; a step that cannot be taken (a zero denominator, a missing figure) says so."""
    rule = ind.rule
    steps: list[str] = []
    if rule.gate:
        if values.get(rule.gate) is None:
            return [f"Thiếu số liệu {_name(ind, rule.gate)}"]
        if not values.get(rule.gate):
            return [f"{_given(ind, values, [rule.gate])} → 0 điểm (điều kiện để được chấm chưa đạt)"]
        steps.append(f"{_given(ind, values, [rule.gate])}: điều kiện để được chấm đã đạt")
    try:
        EXPLAIN[rule.kind](ind, values, steps)
    except ZeroDenominator as exc:
        steps.append(f"Mẫu số {exc.denominator} = 0" + (f": {rule.on_zero.describe(ind.words())[len('Nếu mẫu số bằng 0: '):].rstrip('.')}" if rule.on_zero else ""))
    except (DataError, KeyError, TypeError):
        pass  # the figure that is missing or wrong is said by the problem below
    return steps


def run(ind: Indicator, values: Mapping[str, object]) -> Trial:
    """The score of ``ind`` for one unit's trial figures (exact types: ints and Fractions, bools, level
    codes), with each step in words, the rounding as published last."""
    rule = ind.rule
    if rule is None:
        return Trial(values, (f"Điểm là tổng điểm của {len(ind.children)} chỉ số con.",))
    exact_values = dict(Values(values)._values)
    steps = _steps(ind, exact_values)
    if rule.kind in NOT_ALONE:
        return Trial(values, tuple(steps))
    try:
        share = rule.share(Values.exact(exact_values), ind.max_points)
    except DataError as exc:
        return Trial(values, tuple(steps + [f"Không tính được: {exc.message}"]), problem=exc)
    exact = share * ind.max_points
    points = as_published(exact)
    last = f"Điểm = {percent(share)} × {number(ind.max_points)} = {number(exact)}"
    if points != exact:
        last += f"; làm tròn một lần như khi công bố (2 chữ số thập phân): {compact_vi(points)} điểm"
    else:
        last += " điểm"
    return Trial(values, tuple(s.replace("= ≈", "≈") for s in steps + [last]), share, exact, points)


# --------------------------------------------------------------------------- figures typed by a person


def read_figures(ind: Indicator, texts: Mapping[str, str]) -> tuple[dict[str, object], list[DataError]]:
    """Trial figures typed as text (``a=30``, ``b=2,5``, ``muc=Trưởng ban là cấp phó``), read as the inputs'
    types: numbers with a dot or, failing that, a comma as the decimal mark; levels by code or words."""
    values, problems = {}, []
    levels = ind.rule.levels() if ind.rule else ()
    for name, text in texts.items():
        d = ind.input(name)
        if d is None:
            known = ", ".join(i.name for i in ind.inputs) or "không có"
            problems.append(DataError("unknown-input", f"chỉ số {ind.id} không có đầu vào «{name}» (đầu vào của chỉ số: {known})", name))
            continue
        try:
            values[name] = _read(d, text, levels)
        except DataError as exc:
            problems.append(DataError(exc.code, f"{name}: {exc.message}", name))
    for d in ind.inputs:
        if d.name not in texts:
            problems.append(DataError("missing-input", f"thiếu số liệu đầu vào «{d.name}» ({d.meaning})", d.name))
    return values, problems


def _read(d: InputDef, text: str, levels) -> object:
    try:
        return parse_value(d.type, text, levels, DEFAULT_FORMAT, d.labels)
    except DataError:
        if d.type not in NUMERIC_TYPES or "," not in text:
            raise
        return parse_value(d.type, text, levels, NumberFormat(",", "."), d.labels)


# --------------------------------------------------------------------------- figures the tool chooses


def _numeric_names(ind: Indicator) -> list[str]:
    rule = ind.rule
    names = list(rule.formula.names) if rule.formula is not None else []
    names += [n for n, _ in getattr(rule, "shares", ()) if n not in names]
    declared = [d.name for d in ind.inputs]
    return [n for n in declared if n in names and ind.input(n).type in NUMERIC_TYPES]


def _typed(d: InputDef, whole: int) -> Fraction:
    """A figure for an input of a numeric type, from a whole number: a percentage is that many per cent."""
    return Rational(min(whole, 100), 100) if d.type == "percent" else Rational(whole)


def _others(ind: Indicator, best: bool) -> dict[str, object]:
    """Figures of the inputs that are not numbers: yes/no (gates, criteria, zero-denominator conditions)
    and levels; ``best`` opens every gate and takes the best level, otherwise a middle example."""
    rule = ind.rule
    out: dict[str, object] = {}
    for i, d in enumerate(x for x in ind.inputs if x.type in ("yes_no", "level")):
        if d.type == "yes_no":
            criterion = d.name in dict(getattr(rule, "items", ()))
            out[d.name] = True if best or not criterion else i == 0
        else:
            levels = list(rule.steps) if rule.kind == "levels" else []
            ranked = sorted(levels, key=lambda s: -s[1])
            if ranked:
                out[d.name] = (ranked[0] if best or len(ranked) < 2 else ranked[1])[0]
    return out


def _candidates(ind: Indicator) -> list[dict[str, object]]:
    """Figures to try for the numeric inputs, nicest first."""
    names = _numeric_names(ind)
    rule = ind.rule
    if not names:
        return [{}]
    defs = [ind.input(n) for n in names]
    out: list[list[int]] = []
    if len(names) == 1:
        d = defs[0]
        if d.type == "points":
            half = ind.max_points / 2
            return [{names[0]: Rational(math.floor(half * 2), 2) if half >= 1 else half}]
        if rule.kind == "tiers":
            for threshold, _ in rule.steps[1:2] + rule.steps[:1]:
                whole = threshold * 100 if d.type == "percent" else threshold
                if whole.denominator == 1:
                    out.append([int(whole)])
        if rule.kind == "capped_count":
            if rule.full_at is not None:
                out.append([max(1, int(rule.full_at * 7 / 10))])
            else:
                out.append([max(1, int(ind.max_points / rule.per_item / 2))])
        out += [[75], [30], [7], [1]]
    else:
        small = [3 * (i + 1) for i in range(len(names))]
        for j in range(len(names)):
            out.append([40 if i == j else s for i, s in enumerate(small)])
        out.append([30 if i < len(names) - 1 else 40 for i in range(len(names))])
        out.append(small)
        out.append([10] * len(names))
        split = rule.formula.quotient if rule.formula is not None else None
        if split is not None:  # a ratio compared with small thresholds or targets (0,25 %): a large denominator
            alone = set(split[1].names) - set(split[0].names)
            out += [[big if n in alone else s for n, s in zip(names, small)] for big in (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)]
    return [{n: _typed(d, v) for n, d, v in zip(names, defs, row)} for row in out]


def example(ind: Indicator) -> dict[str, object]:
    """Figures for a worked example: the first of a few tries that gives part of the maximum (neither 0
    nor all of it), else one the rule can score, else the first tried. Always the same for the same rule."""
    if ind.rule is None:
        return {}
    fallback = scored = None
    for numbers in _candidates(ind):
        values = {**numbers, **_others(ind, best=False)}
        if fallback is None:
            fallback = values
        try:
            if ind.rule.kind in NOT_ALONE:
                raw = ind.rule.value(Values(values))
                if raw > 0 and (raw < 1 or not ind.rule.formula.is_ratio):
                    return values
                continue
            share = ind.rule.share(Values(values), ind.max_points)
        except DataError:
            continue
        if ZERO < share < ONE:
            return values
        if scored is None:
            scored = values
    return scored or fallback or {}


ZERO_LABEL = "mọi số liệu bằng 0"


def extremes(ind: Indicator) -> list[tuple[str, dict[str, object]]]:
    """Figures at the extremes, each with how it is named: every input 0 (every yes/no «không», the lowest
    level), every input equal (small and large), and a quotient's numerator equal to its denominator."""
    rule = ind.rule
    names = _numeric_names(ind)
    defs = {n: ind.input(n) for n in names}
    low = {n: _typed(d, 0) for n, d in defs.items()}
    for d in ind.inputs:
        if d.type == "yes_no":
            low[d.name] = False
        elif d.type == "level" and rule.kind == "levels":
            low[d.name] = min(rule.steps, key=lambda s: s[1])[0]
    best = _others(ind, best=True)
    out = [(ZERO_LABEL, low)]
    for label, whole in (("mọi số liệu bằng nhau", 1), ("mọi số liệu bằng nhau và lớn", 1000)):
        out.append((label, {**{n: (ind.max_points if d.type == "points" and whole > 1 else _typed(d, whole)) for n, d in defs.items()}, **best}))
    split = rule.formula.quotient if rule.formula is not None else None
    out = [(label, values) for i, (label, values) in enumerate(out) if values not in [v for _, v in out[:i]]]
    if split is not None and names:
        top, bottom = split
        found = _balanced(names, defs, top, bottom)
        if found is not None:
            out.append(("tử số bằng mẫu số", {**found, **best}))
    return out


def _balanced(names, defs, top, bottom) -> dict | None:
    """Figures at which a quotient's numerator equals its denominator: the inputs of one side only
    multiplied by a small whole number until the two sides meet, if they do."""
    for scaled in (set(bottom.names) - set(top.names), set(top.names) - set(bottom.names)):
        for k in range(0, len(names) + 2):
            values = {n: Rational(k) if n in scaled else Rational(1) for n in names}
            values = {n: (v / 100 if defs[n].type == "percent" else v) for n, v in values.items()}
            try:
                if top.evaluate(values) == bottom.evaluate(values) != 0:
                    return values
            except ZeroDenominator:
                continue
    return None
