"""Safe arithmetic over named inputs, in exact fractions.

A framework writes the value a rule looks at as a small formula, e.g. ``(c+d)/(a+b)``. The text is parsed
with Python's own parser and only numbers, input names, + - * / and parentheses are accepted; nothing is
ever passed to ``eval``. Values are :class:`fractions.Fraction`, so no rounding happens before the end.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from .errors import DataError

_OPS = {ast.Add, ast.Sub, ast.Mult, ast.Div}


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

    @classmethod
    def parse(cls, text: str) -> "Formula":
        source = (text or "").strip()
        if not source:
            raise FormulaSyntaxError("công thức trống")
        try:
            tree = ast.parse(source, mode="eval").body
        except SyntaxError:
            raise FormulaSyntaxError(f"không đọc được công thức «{source}»") from None
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                if node.id not in names:
                    names.append(node.id)
            elif isinstance(node, ast.BinOp):
                if type(node.op) not in _OPS:
                    raise FormulaSyntaxError(f"công thức «{source}» chỉ được dùng + - * / và dấu ngoặc")
            elif isinstance(node, ast.UnaryOp):
                if not isinstance(node.op, (ast.USub, ast.UAdd)):
                    raise FormulaSyntaxError(f"công thức «{source}» có phép toán không được phép")
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                    raise FormulaSyntaxError(f"công thức «{source}» chỉ được chứa số và tên đầu vào")
            elif not isinstance(node, (ast.operator, ast.unaryop, ast.Load, ast.expr_context)):
                raise FormulaSyntaxError(f"công thức «{source}» có thành phần không được phép")
        return cls(source, tuple(names), tree)

    @property
    def is_single_name(self) -> bool:
        return isinstance(self._tree, ast.Name)

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return _eval(self._tree, values)


def _eval(node: ast.expr, values: Mapping[str, Fraction]) -> Fraction:
    if isinstance(node, ast.Constant):
        return Fraction(str(node.value))
    if isinstance(node, ast.Name):
        return Fraction(values[node.id])
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, values)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.BinOp)
    left = _eval(node.left, values)
    right = _eval(node.right, values)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise ZeroDenominator(ast.unparse(node.right))
    return left / right
