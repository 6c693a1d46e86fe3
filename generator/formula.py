"""Safe arithmetic over named inputs, in exact fractions.

A framework writes the value a rule looks at as a small formula, e.g. ``(c+d)/(a+b)``. The text is parsed
with Python's own parser and only numbers, input names, + - * / and parentheses are accepted; nothing is
ever passed to ``eval``. Values are exact rationals (see :data:`generator.numeric.Rational`), so no rounding
happens before the end.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Mapping

from .errors import DataError
from .numeric import MAX_NUMBER_LENGTH, Rational

_ONE = Rational(1)

_OPS = {ast.Add, ast.Sub, ast.Mult, ast.Div}


MAX_LENGTH = 500  # characters: a formula of the decisions is a few operations on a few inputs
MAX_DEPTH = 20  # brackets and operations nested in one another


def _depth(source: str) -> int:
    """How deeply brackets nest in a formula's text: a bound known before Python's parser (which gives up
    on very deep nesting with an error of its own) ever reads it."""
    depth = deepest = 0
    for char in source:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


def _bounded_tree(source: str) -> ast.expr:
    """The parsed formula, once its size and depth are known to be those of a decision's formula."""
    if not source:
        raise FormulaSyntaxError("công thức trống")
    if len(source) > MAX_LENGTH:
        raise FormulaSyntaxError(f"công thức dài {len(source)} ký tự, tối đa {MAX_LENGTH}; công thức của một chỉ số chỉ là vài phép tính trên các đầu vào")
    if _depth(source) > MAX_DEPTH:
        raise FormulaSyntaxError(f"công thức «{source[:60]}…» lồng quá {MAX_DEPTH} lớp ngoặc")
    try:
        tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: a literal of thousands of digits
        raise FormulaSyntaxError(f"không đọc được công thức «{source[:60]}»") from None
    if _tree_depth(tree) > MAX_DEPTH * 3:
        raise FormulaSyntaxError(f"công thức «{source[:60]}…» có quá nhiều phép tính nối tiếp nhau")
    return tree


def _check_node(node: ast.AST, source: str) -> None:
    """Only numbers, input names, + − × ÷, signs and brackets are accepted."""
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _OPS:
            raise FormulaSyntaxError(f"công thức «{source}» chỉ được dùng + - * / và dấu ngoặc")
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise FormulaSyntaxError(f"công thức «{source}» có phép toán không được phép")
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaSyntaxError(f"công thức «{source}» chỉ được chứa số và tên đầu vào")
        if (isinstance(node.value, float) and not math.isfinite(node.value)) or len(str(node.value)) > MAX_NUMBER_LENGTH:
            raise FormulaSyntaxError(f"công thức «{source[:60]}» có một số quá lớn")
    elif not isinstance(node, (ast.operator, ast.unaryop, ast.Load, ast.expr_context)):
        raise FormulaSyntaxError(f"công thức «{source}» có thành phần không được phép")


def _tree_depth(tree: ast.AST) -> int:
    """How deep the parsed formula is (``a+a+…+a`` is as deep as it is long), found without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


class FormulaSyntaxError(ValueError):
    """The formula text itself is not acceptable (a framework error)."""


class ZeroDenominator(DataError):
    def __init__(self, denominator: str):
        super().__init__("zero-denominator", f"mẫu số {denominator} bằng 0")
        self.denominator = denominator


@dataclass(frozen=True)
class Formula:
    text: str
    names: tuple[str, ...]
    _tree: ast.expr
    _run: Callable[[Mapping[str, Fraction | int]], Fraction | int] = field(compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> "Formula":
        source = (text or "").strip()
        tree = _bounded_tree(source)
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                if node.id not in names:
                    names.append(node.id)
            else:
                _check_node(node, source)
        return cls(source, tuple(names), tree, _compile(tree))

    @property
    def is_single_name(self) -> bool:
        return isinstance(self._tree, ast.Name)

    @property
    def is_ratio(self) -> bool:
        """Whether the formula is a quotient as a whole (``a/b``, ``(a+b)/c``): a value from 0 to 1."""
        return isinstance(self._tree, ast.BinOp) and isinstance(self._tree.op, ast.Div)

    def division_read_first(self) -> str | None:
        """How the formula is computed, when it adds or subtracts a plain term and a quotient (``a+b/c``
        is a + (b/c)): the way a decision's fraction bar, copied as one line, reads wrongly. None otherwise."""
        tree = self._tree
        if not (isinstance(tree, ast.BinOp) and isinstance(tree.op, (ast.Add, ast.Sub))):
            return None
        sides = (tree.left, tree.right)
        divides = [any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) for n in ast.walk(side)) for side in sides]
        if divides[0] == divides[1]:
            return None
        sign = "+" if isinstance(tree.op, ast.Add) else "−"
        left, right = (f"({ast.unparse(side)})" if d else ast.unparse(side) for side, d in zip(sides, divides))
        return f"{left} {sign} {right}"

    @property
    def quotient(self) -> tuple["Formula", "Formula"] | None:
        """The numerator and denominator of a formula that is a quotient as a whole (``(a+b)/c``)."""
        if not self.is_ratio:
            return None
        return tuple(Formula.parse(ast.unparse(side)) for side in (self._tree.left, self._tree.right))

    def written_with(self, texts: Mapping[str, str]) -> str:
        """The formula with each input name replaced by a text (its figure), brackets as computed:
        ``(a+b)/c`` with a = 30, b = 20, c = 80 → ``(30 + 20) / 80``."""
        marks = {name: f"_dti_{i}_" for i, name in enumerate(self.names)}

        class _Mark(ast.NodeTransformer):
            def visit_Name(self, node):
                return ast.copy_location(ast.Name(id=marks[node.id], ctx=node.ctx), node)

        text = ast.unparse(_Mark().visit(ast.parse(self.text, mode="eval")).body).replace("*", "×")
        for name, mark in marks.items():
            text = text.replace(mark, texts.get(name, name))
        return text

    def evaluate(self, values: Mapping[str, Fraction | int]) -> Fraction:
        """The formula's exact value for ``values`` (ints or Fractions); always a Fraction."""
        result = self._run(values)
        return result if type(result) is type(_ONE) else Rational(result)


def _compile(node: ast.expr) -> Callable:
    """The checked tree as nested closures: built once per framework row, then evaluated for every unit
    without walking the tree again. Division of two whole numbers gives an exact Fraction, never a float."""
    if isinstance(node, ast.Constant):
        constant = Rational(str(node.value))
        return lambda values: constant
    if isinstance(node, ast.Name):
        name = node.id
        return lambda values: values[name]
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        return (lambda values: -operand(values)) if isinstance(node.op, ast.USub) else operand
    left, right = _compile(node.left), _compile(node.right)
    if isinstance(node.op, ast.Add):
        return lambda values: left(values) + right(values)
    if isinstance(node.op, ast.Sub):
        return lambda values: left(values) - right(values)
    if isinstance(node.op, ast.Mult):
        return lambda values: left(values) * right(values)
    denominator = ast.unparse(node.right)

    def divide(values):
        top, bottom = left(values), right(values)
        if bottom == 0:
            raise ZeroDenominator(denominator)
        if isinstance(top, int) and isinstance(bottom, int):
            return Rational(top, bottom)
        return top / bottom

    return divide
