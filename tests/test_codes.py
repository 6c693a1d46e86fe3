"""One catalogue of issue codes (generator/codes.py): every code the tool can report is declared there
once, every declared code is reported somewhere and documented in the data-format guide."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.codes import CODES, END, GROUPS, START, UndeclaredCode, guide_tables
from generator.errors import Issue

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "dinh-dang-du-lieu.md"
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Whatever makes an issue from a code, and which positional argument the code is.
MAKERS = {"Issue": 3, "DataError": 0, "CellError": 0, "_Bad": 0, "_issue": 1, "_claim_issue": 2, "BuildFailed": 0, "Finding": 0, "refuse": 0, "FolderProblem": 0, "ask": 0}


def _strings(node: ast.AST):
    """String constants a code argument can take (a literal, either branch of ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def _is_message(node: ast.AST) -> bool:
    """A message in words: an f-string, a joined string, or a literal with a space in it."""
    return isinstance(node, (ast.JoinedStr, ast.BinOp)) or (isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value)


def emitted_codes(folder: Path = ROOT / "generator") -> dict[str, str]:
    """Every code the source can report, with where: arguments of the issue makers that look like a code,
    the first part of a ``(code, message)`` problem a reader returns, and names assigned a code."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        if path.name == "codes.py":
            continue
        where = path.relative_to(folder).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            candidates = []
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in MAKERS:
                    position = MAKERS[name]
                    args = node.args[position:position + 1] + [k.value for k in node.keywords if k.arg == "code"]
                    candidates += [s for arg in args for s in _strings(arg)]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_message(node.elts[1]):
                candidates += [s for s in _strings(node.elts[0]) if "-" in s or s in CODES]
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("code") for t in node.targets):
                candidates += list(_strings(node.value))
            for s in candidates:
                if CODE.fullmatch(s):
                    found.setdefault(s, where)
    return found


def test_every_code_the_tool_can_report_is_declared():
    undeclared = {code: where for code, where in emitted_codes().items() if code not in CODES}
    assert undeclared == {}


def test_every_declared_code_is_reported_somewhere():
    assert sorted(set(CODES) - set(emitted_codes())) == []


def test_an_issue_with_an_undeclared_code_cannot_be_made():
    with pytest.raises(UndeclaredCode):
        Issue("data/2024/units.csv", 2, "id", "no-such-code", "…")


def test_each_code_has_a_group_a_severity_a_title_and_what_to_do():
    groups = {key for key, _ in GROUPS}
    for code in CODES.values():
        assert code.group in groups and code.severity in ("error", "warning", "either")
        assert code.title.strip() and code.action.strip(), code.code


def test_the_guide_holds_the_catalogues_tables_and_an_anchor_for_every_code():
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    part = text[text.index(START): text.index(END) + len(END)]
    assert part == guide_tables(), "chạy «python -m generator.codes --write content/dinh-dang-du-lieu.md»"
    for code in CODES.values():
        assert f'<code id="{code.anchor}">{code.code}</code>' in part


def test_the_finder_sees_codes_in_every_form_they_are_written(tmp_path):
    """The finder itself: an issue made with a code, either branch of a conditional, a reader's
    (code, message) problem, a name assigned a code; and nothing else that merely looks like one."""
    (tmp_path / "x.py").write_text(
        'Issue(f, 1, None, "a-b", "m")\nDataError("c-d" if x else "e-f", "m")\n'
        'def r():\n    return None, ("g-h", f"m {x}")\nscore_code = "i-j"\nopen(p, encoding="utf-8")\nchart("bieu-do-x")\n',
        encoding="utf-8",
    )
    assert set(emitted_codes(tmp_path)) == {"a-b", "c-d", "e-f", "g-h", "i-j"}


def test_validate_json_reports_code_severity_place_and_message(tmp_path, capsys):
    """``dti validate --json``: one object per issue (code, severity, file, row, field, message, and the
    guide's anchor), the counts, and what was only counted."""
    import json

    from generator.cli import main

    from .helpers import write_edition, write_framework

    write_framework(tmp_path / "frameworks" / "t", [
        dict(id="1", level="main", name="Chính", max_points=10),
        dict(id="1.1", parent="1", level="component", name="Có", max_points=10, rule="yes_no", formula="co", evidence="Văn bản"),
    ], [dict(indicator_id="1.1", name="co", type="yes_no", meaning="Đã có")])
    write_edition(tmp_path / "2024", 2024, {"commune": "t"}, [dict(id="a", name="Xã A", type="commune")], [dict(unit_id="a", indicator_id="1.1", input="co", self_value="chưa")])
    assert main(["validate", "--json", str(tmp_path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["valid"], out["errors"], out["warnings"], out["omitted"]) == (False, 1, 0, [])
    [issue] = out["issues"]
    assert (Path(issue["file"]).name, issue["row"], issue["field"], issue["code"], issue["severity"]) == ("inputs.csv", 2, "self_value", "bad-yes-no", "error")
    assert "«chưa»" in issue["message"] and issue["title"] == CODES["bad-yes-no"].title
    assert issue["guide"] == "dinh-dang-du-lieu/#ma-bad-yes-no"
