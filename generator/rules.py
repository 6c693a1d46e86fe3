"""The scoring-rule kinds of DTI index sets, each configured entirely by framework data.

A framework row names a rule kind, the value it looks at (``formula``) and its parameters (``options``,
written ``key: value; key: value``). :func:`build_rule` turns that row into a rule object; a rule turns the
inputs of one unit into the share of the indicator's maximum it earned, an exact fraction in [0, 1].
Min–max is the one kind that needs the other units: it yields a raw value that :mod:`generator.score`
normalises across peers.

Problems with the framework row raise :class:`RuleSpecError`; problems with a unit's numbers raise
:class:`generator.errors.DataError`. Callers turn both into located issues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar, Mapping

from .cellread import NUMERIC_TYPES
from .errors import DataError
from .formula import Formula, FormulaSyntaxError, ZeroDenominator
from .numeric import Rational, compact_vi, parse_fraction

ONE = Rational(1)
ZERO = Rational(0)



class RuleSpecError(ValueError):
    """A framework row describes a rule that cannot work as written."""


# --------------------------------------------------------------------------- options


def parse_options(text: str) -> list[tuple[str, str]]:
    """``"a: 1; b: 1/2"`` → ``[("a", "1"), ("b", "1/2")]``, order kept."""
    items: list[tuple[str, str]] = []
    for raw in (text or "").split(";"):
        if not raw.strip():
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip():
            raise RuleSpecError(f"tham số «{raw.strip()}» phải có dạng «khóa: giá trị»")
        items.append((key.strip(), value.strip()))
    keys = [k for k, _ in items]
    for k in keys:
        if keys.count(k) > 1:
            raise RuleSpecError(f"tham số «{k}» được ghi hai lần")
    return items


def _fraction(text: str, what: str) -> Fraction:
    try:
        return parse_fraction(text)
    except ValueError as exc:
        raise RuleSpecError(f"{what}: {exc}") from None


def _share(text: str, what: str) -> Fraction:
    value = _fraction(text, what)
    if not ZERO <= value <= ONE:
        raise RuleSpecError(f"{what} phải nằm trong khoảng 0 đến 1 (0 % đến 100 %), đang là «{text}»")
    return value


# --------------------------------------------------------------------------- input values


class Values:
    """One side (self-assessed or appraised) of one unit's inputs for one indicator."""

    def __init__(self, values: Mapping[str, Fraction | bool | str | None]):
        # Figures given as fractions.Fraction (tests, callers outside the loader) become the exact type the
        # rules compute with, so the two kinds never meet in one operation.
        if any(type(v) is Fraction for v in values.values()):
            values = {k: Rational(v.numerator, v.denominator) if type(v) is Fraction else v for k, v in values.items()}
        self._values = values

    @classmethod
    def exact(cls, values: dict) -> "Values":
        """Values already in the rules' exact types (as the scorer keeps them): no conversion to look for."""
        made = cls.__new__(cls)
        made._values = values
        return made

    def get(self, name: str):
        value = self._values.get(name)
        if value is None:
            raise DataError("missing-input", f"thiếu số liệu đầu vào «{name}»", name)
        return value

    def numbers(self, names) -> dict[str, Fraction]:
        return {n: self.get(n) for n in names}


# --------------------------------------------------------------------------- shared policies


@dataclass(frozen=True)
class ZeroPolicy:
    """What a ratio scores when its denominator is 0: ``max``, ``zero`` or ``max_if <yes/no input>``."""

    outcome: str
    condition: str | None = None

    @classmethod
    def parse(cls, text: str) -> "ZeroPolicy":
        words = text.split()
        if words == ["max"]:
            return cls("max")
        if words == ["zero"]:
            return cls("zero")
        if len(words) == 2 and words[0] == "max_if":
            return cls("max_if", words[1])
        raise RuleSpecError(f"on_zero phải là «max», «zero» hoặc «max_if <đầu vào có/không>», đang là «{text}»")

    def share(self, values: Values) -> Fraction:
        if self.outcome == "max":
            return ONE
        if self.outcome == "zero":
            return ZERO
        return ONE if values.get(self.condition) else ZERO

    def describe(self, w: Mapping[str, str]) -> str:
        if self.outcome == "max":
            return "Nếu mẫu số bằng 0: được điểm tối đa."
        if self.outcome == "zero":
            return "Nếu mẫu số bằng 0: 0 điểm."
        return f"Nếu mẫu số bằng 0: được điểm tối đa khi «{w[self.condition]}» là «có», ngược lại 0 điểm."


class _Words(dict):
    """Codes to the decision's words; a code without words is shown as it is."""

    def __missing__(self, key: str) -> str:
        return key


def _pct(value: Fraction) -> str:
    return f"{compact_vi(value * 100)} %"


def _figure(value) -> str:
    """An input's value in a message: a number as the site writes it, a yes/no or a level as words."""
    if value is None:
        return "trống"
    if value is True or value is False:
        return "có" if value else "không"
    if isinstance(value, str):
        return f"«{value}»"
    return compact_vi(value)


@dataclass(frozen=True)
class Rule:
    """Common part of every rule: the formula, an optional gate and an optional zero-denominator policy."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    formula_types: ClassVar[tuple[str, ...]] = NUMERIC_TYPES
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate"})
    peer_relative: ClassVar[bool] = False

    formula: Formula | None
    gate: str | None = None
    on_zero: ZeroPolicy | None = None

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_spec(cls, formula_text: str, options: list[tuple[str, str]]) -> "Rule":
        known = dict(options)
        unknown = [k for k in known if k not in cls.allowed_options and not cls._is_item_key(k)]
        if unknown:
            raise RuleSpecError(f"cách tính «{cls.kind}» không có tham số «{unknown[0]}»")
        formula = cls._formula(formula_text)
        common = dict(
            formula=formula,
            gate=known.get("gate") or None,
            on_zero=ZeroPolicy.parse(known["on_zero"]) if "on_zero" in known else None,
        )
        return cls(**common, **cls._params(known, options))

    @classmethod
    def _formula(cls, text: str) -> Formula | None:
        try:
            formula = Formula.parse(text)
        except FormulaSyntaxError as exc:
            raise RuleSpecError(str(exc)) from None
        if cls.formula_types != NUMERIC_TYPES and not formula.is_single_name:
            raise RuleSpecError(f"cách tính «{cls.kind}» cần đúng một tên đầu vào trong cột formula, đang là «{text}»")
        return formula

    @classmethod
    def _is_item_key(cls, key: str) -> bool:
        return False

    @classmethod
    def _params(cls, known: dict[str, str], options: list[tuple[str, str]]) -> dict:
        return {}

    # -- inputs ---------------------------------------------------------------

    def input_types(self) -> dict[str, tuple[str, ...]]:
        """Every input name this rule reads, with the input types it accepts."""
        needed: dict[str, tuple[str, ...]] = {}
        if self.formula is not None:
            for name in self.formula.names:
                needed[name] = self.formula_types
        if self.gate:
            needed[self.gate] = ("yes_no",)
        if self.on_zero and self.on_zero.condition:
            needed[self.on_zero.condition] = ("yes_no",)
        needed.update(self._item_inputs())
        return needed

    def _item_inputs(self) -> dict[str, tuple[str, ...]]:
        """Inputs named in the options (checklist criteria, weighted shares)."""
        return {}

    def levels(self) -> tuple[str, ...]:
        return ()

    def possible_shares(self) -> frozenset[Fraction] | None:
        """Every share of the maximum this rule can give, when it can give only a few (None otherwise)."""
        own = self._possible()
        if own is None:
            return None
        extra = {ZERO} if self.gate else set()
        if self.on_zero is not None:
            extra |= {ZERO, ONE}
        return frozenset(own) | extra

    def _possible(self) -> set[Fraction] | None:
        return None

    # -- scoring --------------------------------------------------------------

    def share(self, values: Values, max_points: Fraction) -> Fraction:
        """The share of ``max_points`` earned, in [0, 1]."""
        if self.gate and not values.get(self.gate):
            return ZERO
        try:
            share = self._share(values, max_points)
        except ZeroDenominator as exc:
            if self.on_zero is None:
                raise DataError(
                    "zero-denominator",
                    f"{exc.message}: quyết định không quy định cách chấm khi mẫu số bằng 0; "
                    "hãy kiểm tra số liệu hoặc đánh dấu chỉ số là «không đánh giá»",
                ) from None
            return self.on_zero.share(values)
        if not ZERO <= share <= ONE:
            raise DataError("score-out-of-range", self._out_of_range(share, values, max_points))
        return share

    def _out_of_range(self, share: Fraction, values: Values, max_points: Fraction) -> str:
        """Why a share outside [0, 1] is refused, with the figures that gave it."""
        names = self.formula.names if self.formula is not None else ()
        figures = ", ".join(f"{n} = {_figure(values._values.get(n))}" for n in names)
        what = f"công thức {self.formula.text}" if self.formula is not None else "cách tính"
        return (
            f"{what} cho {_pct(share)} điểm tối đa, tức {compact_vi(share * max_points)} điểm, nằm ngoài khoảng từ 0 đến {compact_vi(max_points)}"
            + (f" (với {figures})" if figures else "")
            + "; không quy tắc nào được cho điểm âm hoặc vượt điểm tối đa: hãy kiểm tra số liệu, hoặc công thức của chỉ số trong bộ chỉ số"
        )

    def _share(self, values: Values, max_points: Fraction) -> Fraction:
        raise NotImplementedError

    def _f(self, w: Mapping[str, str]) -> str:
        """The formula as a reader should see it: a single input by the decision's words, else its letters."""
        if self.formula.is_single_name and w[self.formula.names[0]] != self.formula.names[0]:
            return f"«{w[self.formula.names[0]]}»"
        return self.formula.text

    def value(self, values: Values) -> Fraction:
        return self.formula.evaluate(values.numbers(self.formula.names))

    def ratio(self, values: Values, over_100: str = "error") -> Fraction:
        ratio = self.value(values)
        if ratio > ONE:
            if over_100 == "cap":
                return ONE
            raise DataError(
                "ratio-over-100",
                f"tỷ lệ {self.formula.text} = {_pct(ratio)} vượt quá 100 %; đây là lỗi số liệu, không phải điểm vượt tối đa",
            )
        return ratio

    # -- explanation ----------------------------------------------------------

    def describe(self, words: Mapping[str, str] | None = None) -> str:
        """The rule in plain Vietnamese. ``words`` gives the decision's wording of level codes and of input
        names that are not the decision's own letters, so that no code reaches a reader."""
        w = _Words(words or {})
        text = self._describe(w)
        if self.gate:
            text += f" Nếu «{w[self.gate]}» là «không»: 0 điểm."
        if self.on_zero:
            text += " " + self.on_zero.describe(w)
        return text

    def _describe(self, w: Mapping[str, str]) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class YesNo(Rule):
    kind: ClassVar[str] = "yes_no"
    label: ClassVar[str] = "Có/không"
    formula_types: ClassVar[tuple[str, ...]] = ("yes_no",)

    def _share(self, values, max_points):
        return ONE if values.get(self.formula.names[0]) else ZERO

    def _possible(self):
        return {ZERO, ONE}

    def _describe(self, w):
        return "Có (đã thực hiện): điểm tối đa; không: 0 điểm."


@dataclass(frozen=True)
class Levels(Rule):
    kind: ClassVar[str] = "levels"
    label: ClassVar[str] = "Theo mức"
    formula_types: ClassVar[tuple[str, ...]] = ("level",)
    steps: tuple[tuple[str, Fraction], ...] = ()

    @classmethod
    def _is_item_key(cls, key):
        return key != "gate"

    @classmethod
    def _params(cls, known, options):
        steps = tuple((k, _share(v, f"mức «{k}»")) for k, v in options if k != "gate")
        if len(steps) < 2:
            raise RuleSpecError("cách tính theo mức cần ít nhất hai mức, ví dụ «nguoi_dung_dau: 1; khong: 0»")
        for name, _ in steps:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise RuleSpecError(f"tên mức «{name}» chỉ được gồm chữ thường không dấu, số và dấu gạch dưới")
        return {"steps": steps}

    def levels(self):
        return tuple(name for name, _ in self.steps)

    def _share(self, values, max_points):
        return dict(self.steps)[values.get(self.formula.names[0])]

    def _possible(self):
        return {share for _, share in self.steps}

    def _describe(self, w):
        return "Điểm theo mức: " + "; ".join(f"«{w[k]}»: {_pct(v)} điểm tối đa" for k, v in self.steps) + "."


@dataclass(frozen=True)
class RatioRule(Rule):
    """Rules that read a ratio: above 100 % is a data error unless the decision caps the score."""

    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "on_zero", "over_100"})
    over_100: str = "error"

    @classmethod
    def _params(cls, known, options):
        value = known.get("over_100", "error")
        if value not in ("error", "cap"):
            raise RuleSpecError(f"over_100 phải là «cap» hoặc «error», đang là «{value}»")
        return {"over_100": value}


@dataclass(frozen=True)
class Ratio(RatioRule):
    kind: ClassVar[str] = "ratio"
    label: ClassVar[str] = "Tỷ lệ"

    def _share(self, values, max_points):
        return self.ratio(values, self.over_100)

    def _describe(self, w):
        cap = " (không vượt quá điểm tối đa)" if self.over_100 == "cap" else ""
        return f"Điểm = tỷ lệ {self._f(w)} × điểm tối đa{cap}."


@dataclass(frozen=True)
class RatioTarget(RatioRule):
    kind: ClassVar[str] = "ratio_target"
    label: ClassVar[str] = "Tỷ lệ so với chỉ tiêu"
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "on_zero", "over_100", "target", "below"})
    target: Fraction = ONE
    below: str = "scaled"

    @classmethod
    def _params(cls, known, options):
        if "target" not in known:
            raise RuleSpecError("cách tính theo chỉ tiêu cần tham số «target», ví dụ «target: 80%»")
        target = _fraction(known["target"], "target")
        if target > ONE and not known["target"].strip().endswith("%"):
            raise RuleSpecError(
                f"chỉ tiêu «target: {known['target']}» so với một tỷ lệ (từ 0 đến 100 %) nghĩa là {_pct(target)}, không đơn vị nào đạt được; "
                f"nếu chỉ tiêu là {known['target']} %, hãy ghi «target: {known['target']}%»"
            )
        if not ZERO < target <= ONE:
            raise RuleSpecError(f"chỉ tiêu (target) phải lớn hơn 0 % và không quá 100 %, đang là «{known['target']}»")
        below = known.get("below", "scaled")
        if below not in ("scaled", "linear"):
            raise RuleSpecError(f"below phải là «scaled» hoặc «linear», đang là «{below}»")
        return {"target": target, "below": below, **super()._params(known, options)}

    def _share(self, values, max_points):
        ratio = self.ratio(values, self.over_100)
        if ratio >= self.target:
            return ONE
        return ratio / self.target if self.below == "scaled" else ratio

    def _describe(self, w):
        t = _pct(self.target)
        rest = f"tỷ lệ / {t} × điểm tối đa" if self.below == "scaled" else "tỷ lệ × điểm tối đa"
        return f"Tỷ lệ {self._f(w)} ≥ {t}: điểm tối đa; thấp hơn: {rest}."


@dataclass(frozen=True)
class Tiers(Rule):
    kind: ClassVar[str] = "tiers"
    label: ClassVar[str] = "Theo ngưỡng"
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "on_zero", "else"})
    steps: tuple[tuple[Fraction, Fraction], ...] = ()
    otherwise: Fraction = ZERO
    thresholds_text: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def _is_item_key(cls, key):
        return key.startswith(">=") or key.startswith("≥")

    @classmethod
    def _params(cls, known, options):
        steps, texts = [], []
        for key, value in options:
            if not cls._is_item_key(key):
                continue
            threshold_text = key.lstrip(">=≥").strip()
            threshold = _fraction(threshold_text, f"ngưỡng «{key}»")
            if steps and threshold >= steps[-1][0]:
                raise RuleSpecError("các ngưỡng phải ghi từ cao xuống thấp")
            steps.append((threshold, _share(value, f"mức điểm của ngưỡng «{key}»")))
            texts.append(threshold_text)
        if not steps:
            raise RuleSpecError("cách tính theo ngưỡng cần ít nhất một ngưỡng, ví dụ «>= 10: 1; else: 0»")
        if "else" not in known:
            raise RuleSpecError("cách tính theo ngưỡng cần «else: …» cho giá trị dưới ngưỡng thấp nhất")
        return {"steps": tuple(steps), "otherwise": _share(known["else"], "else"), "thresholds_text": tuple(texts)}

    def _share(self, values, max_points):
        value = self.value(values)
        for threshold, share in self.steps:
            if value >= threshold:
                return share
        return self.otherwise

    def _possible(self):
        return {share for _, share in self.steps} | {self.otherwise}

    def _describe(self, w):
        parts = [f"≥ {t.replace('.', ',')}: {_pct(s)} điểm tối đa" for t, (_, s) in zip(self.thresholds_text, self.steps)]
        parts.append(f"thấp hơn: {_pct(self.otherwise)} điểm tối đa")
        return f"Giá trị {self._f(w)} " + "; ".join(parts) + "."


@dataclass(frozen=True)
class CappedCount(Rule):
    kind: ClassVar[str] = "capped_count"
    label: ClassVar[str] = "Đếm số lượng, có trần"
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "full_at", "per_item"})
    full_at: Fraction | None = None
    per_item: Fraction | None = None

    @classmethod
    def _params(cls, known, options):
        if ("full_at" in known) == ("per_item" in known):
            raise RuleSpecError("cách tính đếm số lượng cần đúng một trong hai tham số «full_at» hoặc «per_item»")
        key = "full_at" if "full_at" in known else "per_item"
        value = _fraction(known[key], key)
        if value <= 0:
            raise RuleSpecError(f"{key} phải lớn hơn 0")
        return {key: value}

    def _share(self, values, max_points):
        count = self.value(values)
        if self.full_at is not None:
            return min(ONE, count / self.full_at)
        if max_points == 0:
            return ZERO
        return min(ONE, count * self.per_item / max_points)

    def _describe(self, w):
        if self.full_at is not None:
            n = compact_vi(self.full_at)
            return f"Từ {n} trở lên: điểm tối đa; dưới {n}: {self._f(w)} / {n} × điểm tối đa."
        return f"Mỗi đơn vị tính ({self._f(w)}) được {compact_vi(self.per_item)} điểm, tổng không quá điểm tối đa."


@dataclass(frozen=True)
class WeightedShares(RatioRule):
    kind: ClassVar[str] = "weighted_shares"
    label: ClassVar[str] = "Tỷ lệ có trọng số"
    shares: tuple[tuple[str, Fraction], ...] = ()

    @classmethod
    def _is_item_key(cls, key):
        return re.fullmatch(r"[a-z][a-z0-9_]*", key) is not None and key not in cls.allowed_options

    @classmethod
    def _params(cls, known, options):
        shares = tuple((k, _share(v, f"trọng số của «{k}»")) for k, v in options if cls._is_item_key(k))
        if not shares:
            raise RuleSpecError("tỷ lệ có trọng số cần ít nhất một phần, ví dụ «a: 1; b: 1/2»")
        return {"shares": shares, **super()._params(known, options)}

    def _item_inputs(self):
        return {name: NUMERIC_TYPES for name, _ in self.shares}

    def _share(self, values, max_points):
        total = self.value(values)
        if total == 0:
            raise ZeroDenominator(self.formula.text)
        weighted = sum((w * values.get(n) for n, w in self.shares), ZERO) / total
        if weighted > ONE:
            if self.over_100 == "cap":
                return ONE
            raise DataError("ratio-over-100", f"tỷ lệ có trọng số = {_pct(weighted)} vượt quá 100 %; hãy kiểm tra số liệu")
        return weighted

    def _describe(self, w):
        parts = " + ".join(f"{w[n]}/{self._f(w)} × {_pct(share)}" for n, share in self.shares)
        return f"Điểm = ({parts}) × điểm tối đa."


@dataclass(frozen=True)
class Checklist(Rule):
    kind: ClassVar[str] = "checklist"
    label: ClassVar[str] = "Theo tiêu chí"
    items: tuple[tuple[str, Fraction], ...] = ()

    @classmethod
    def _formula(cls, text):
        if (text or "").strip():
            raise RuleSpecError("cách tính theo tiêu chí không dùng cột formula; các tiêu chí ghi trong options")
        return None

    @classmethod
    def _is_item_key(cls, key):
        return key != "gate"

    @classmethod
    def _params(cls, known, options):
        items = tuple((k, _share(v, f"phần điểm của «{k}»")) for k, v in options if k != "gate")
        if not items:
            raise RuleSpecError("cách tính theo tiêu chí cần ít nhất một tiêu chí")
        total = sum((s for _, s in items), ZERO)
        if total != ONE:
            raise RuleSpecError(f"các phần điểm của tiêu chí cộng lại {_pct(total)}, phải bằng 100 %")
        return {"items": items}

    def _item_inputs(self):
        return {name: ("yes_no",) for name, _ in self.items}

    def _share(self, values, max_points):
        return sum((s for n, s in self.items if values.get(n)), ZERO)

    def _possible(self):
        sums = {ZERO}
        for _, share in self.items:
            sums |= {s + share for s in sums}
        return sums

    def _describe(self, w):
        return "Mỗi tiêu chí đạt được cộng: " + "; ".join(f"«{w[n]}»: {_pct(s)} điểm tối đa" for n, s in self.items) + "."


@dataclass(frozen=True)
class AllOrNothing(RatioRule):
    kind: ClassVar[str] = "all_or_nothing"
    label: ClassVar[str] = "Đạt 100 % hoặc 0"

    def _share(self, values, max_points):
        return ONE if self.ratio(values, self.over_100) == ONE else ZERO

    def _possible(self):
        return {ZERO, ONE}

    def _describe(self, w):
        reached = "đạt 100 % trở lên" if self.over_100 == "cap" else "đạt 100 %"
        return f"Tỷ lệ {self._f(w)} {reached}: điểm tối đa; dưới 100 %: 0 điểm."


@dataclass(frozen=True)
class MinMax(Rule):
    kind: ClassVar[str] = "minmax"
    label: ClassVar[str] = "Min–max giữa các đơn vị"
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "on_zero", "if_all_equal"})
    peer_relative: ClassVar[bool] = True
    if_all_equal: str = "max_if_positive"

    @classmethod
    def _params(cls, known, options):
        value = known.get("if_all_equal", "max_if_positive")
        if value not in ("max", "zero", "max_if_positive"):
            raise RuleSpecError(f"if_all_equal phải là «max», «zero» hoặc «max_if_positive», đang là «{value}»")
        return {"if_all_equal": value}

    def raw(self, values: Values) -> Fraction | None:
        """The value compared among peers; None when the gate or zero policy already decides the score."""
        if self.gate and not values.get(self.gate):
            return None
        try:
            return self.value(values)
        except ZeroDenominator:
            if self.on_zero is None:
                raise DataError("zero-denominator", f"mẫu số của {self.formula.text} bằng 0 và quyết định không quy định cách chấm") from None
            return None

    def fixed_share(self, values: Values) -> Fraction:
        """The share when :meth:`raw` gave None (gate closed, or zero denominator with a policy)."""
        if self.gate and not values.get(self.gate):
            return ZERO
        return self.on_zero.share(values)

    def normalise(self, raw: Fraction, low: Fraction, high: Fraction) -> Fraction:
        if high == low:
            if self.if_all_equal == "max":
                return ONE
            if self.if_all_equal == "zero":
                return ZERO
            return ONE if high > 0 else ZERO
        return (raw - low) / (high - low)

    def _share(self, values, max_points):  # pragma: no cover - scored across peers in generator.score
        raise RuntimeError("min–max is scored across peers")

    def _describe(self, w):
        equal = {
            "max": "điểm tối đa",
            "zero": "0 điểm",
            "max_if_positive": "điểm tối đa nếu giá trị lớn hơn 0, ngược lại 0 điểm",
        }[self.if_all_equal]
        return (
            f"So sánh giá trị {self._f(w)} giữa các đơn vị cùng loại trong năm: đơn vị cao nhất được điểm tối đa, "
            f"thấp nhất 0 điểm, các đơn vị khác theo tỷ lệ tuyến tính. Nếu mọi đơn vị bằng nhau: {equal}."
        )


@dataclass(frozen=True)
class ExternalRate(Rule):
    kind: ClassVar[str] = "external_rate"
    label: ClassVar[str] = "Tỷ lệ từ hệ thống bên ngoài"
    formula_types: ClassVar[tuple[str, ...]] = ("percent",)
    allowed_options: ClassVar[frozenset[str]] = frozenset({"gate", "source"})
    source: str = ""

    @classmethod
    def _params(cls, known, options):
        return {"source": known.get("source", "")}

    def _share(self, values, max_points):
        return values.get(self.formula.names[0])

    def _describe(self, w):
        where = f" trên {self.source}" if self.source else ""
        return f"Điểm = tỷ lệ ghi nhận{where} × điểm tối đa."


@dataclass(frozen=True)
class Points(Rule):
    kind: ClassVar[str] = "points"
    label: ClassVar[str] = "Chấm điểm trực tiếp"
    formula_types: ClassVar[tuple[str, ...]] = ("points",)

    def _share(self, values, max_points):
        points = values.get(self.formula.names[0])
        if points > max_points:
            raise DataError(
                "points-over-max",
                f"điểm chấm {compact_vi(points)} vượt quá điểm tối đa {compact_vi(max_points)}",
                self.formula.names[0],
            )
        return points / max_points if max_points else ZERO

    def _describe(self, w):
        return "Hội đồng thẩm định chấm điểm trực tiếp, từ 0 đến điểm tối đa."


RULES: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (YesNo, Levels, Ratio, RatioTarget, Tiers, CappedCount, WeightedShares, Checklist, AllOrNothing, MinMax, ExternalRate, Points)
}


def build_rule(kind: str, formula: str, options: str) -> Rule:
    """Build the rule a framework row describes, or raise RuleSpecError explaining why it cannot."""
    cls = RULES.get(kind)
    if cls is None:
        raise RuleSpecError(f"không có cách tính «{kind}»; các cách tính: {', '.join(sorted(RULES))}")
    return cls.from_spec(formula, parse_options(options))


def rule_label(kind: str) -> str:
    """A rule kind in plain Vietnamese; a parent's score is the sum of its children's."""
    return RULES[kind].label if kind in RULES else "Tổng các chỉ số con"
