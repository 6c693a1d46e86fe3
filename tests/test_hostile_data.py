"""Hostile data, round three: links out of the data folder, text that cannot be written out, names a
megabyte long, formulas built to break a parser, a broken year that would make the next one look broken,
and fuzzing of formulas and descriptors. Each is answered with a located Vietnamese message and exit
status 1 (or a warning), never an internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.codes import CODES
from generator.errors import DataError
from generator.formula import Formula, FormulaSyntaxError
from generator.rules import RuleSpecError, build_rule
from generator.validate import validate

from .test_bad_input import materialise

SECRET = "root:x:0:0:a line of a file outside the data folder"


def run(data: Path, capsys) -> tuple[int, str]:
    status = main(["validate", str(data)])
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.fixture
def data(tmp_path) -> Path:
    """The catalogue's valid two-commune year (tests/bad_inputs/_base) in a data folder of its own."""
    folder = tmp_path / "data"
    materialise("blank-row", folder)  # any case: its files are put back below
    base = Path(__file__).parent / "bad_inputs" / "_base"
    for path in base.rglob("*"):
        if path.is_file():
            (folder / path.relative_to(base)).write_bytes(path.read_bytes())
    return folder


def test_the_base_package_is_valid(data, capsys):
    assert run(data, capsys)[0] == 0


# --------------------------------------------------------------------------- links out of data/


def test_a_file_that_is_a_link_out_of_the_data_folder_is_refused_unread(data, tmp_path, capsys):
    outside = tmp_path / "passwd"
    outside.write_text(f"{SECRET}\n", encoding="utf-8")
    (data / "2024" / "evidence.csv").unlink()
    (data / "2024" / "evidence.csv").symlink_to(outside)
    status, out = run(data, capsys)
    assert status == 1
    assert "2024/evidence.csv: Lỗi: đây là một liên kết tượng trưng (symlink)" in out and out.rstrip().count("[symlink]") == 1
    assert SECRET not in out and "root:x" not in out


def test_a_year_folder_or_an_index_set_that_is_a_link_is_refused(data, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    (data / "2024").rename(elsewhere)
    (data / "2024").symlink_to(elsewhere, target_is_directory=True)
    status, out = run(data, capsys)
    assert status == 1 and "[symlink]" in out and "2024: Lỗi: đây là một liên kết" in out
    (data / "2024").unlink()
    elsewhere.rename(data / "2024")
    framework = next((data / "frameworks").iterdir())
    framework.rename(tmp_path / "fw")
    framework.symlink_to(tmp_path / "fw", target_is_directory=True)
    status, out = run(data, capsys)
    assert status == 1 and f"frameworks/{framework.name}: Lỗi: đây là một liên kết" in out


# --------------------------------------------------------------------------- text that cannot be written out


@pytest.mark.parametrize("char, shown", [("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"), ("\ufdd0", "U+FDD0"), ("\U0001fffe", "U+1FFFE")])
def test_a_non_character_in_a_cell_is_reported_at_its_cell(data, capsys, char, shown):
    units = data / "2024" / "units.csv"
    lines = units.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[1] = f"Xã{char}A"
    lines[1] = ",".join(first)
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 1
    assert f"2024/units.csv, dòng 2, cột name: Lỗi: ô chứa ký tự điều khiển hoặc ký tự ẩn ({shown})" in out


def test_a_lone_surrogate_in_a_descriptor_is_reported_where_it_is(data, capsys):
    path = data / "2024" / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    descriptor = json.loads(text)
    descriptor["dti"]["province"] = "Tỉnh \\ud800"  # written as JSON writes it: a lone surrogate once read
    path.write_text(json.dumps(descriptor, ensure_ascii=False).replace("\\\\ud800", "\\ud800"), encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 1
    assert "2024/datapackage.json, cột dti.province: Lỗi: chứa ký tự điều khiển hoặc ký tự ẩn (U+D800)" in out
    assert "Lỗi nội bộ" not in out


def test_a_province_name_a_megabyte_long_is_refused_before_any_page(data, capsys):
    path = data / "2024" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["dti"]["province"] = "Tỉnh " + "Bình Sơn " * 120_000
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 1 and "cột dti.province: Lỗi: dài 1.080.005 ký tự, tối đa 200" in out and "[too-long]" in out


# --------------------------------------------------------------------------- formulas built to break a parser


@pytest.mark.parametrize("formula, words", [
    ("(" * 200 + "a" + ")" * 200, "lồng quá"),
    ("a+" * 300 + "a", "dài 601 ký tự"),
    ("9" * 5000, "dài 5000 ký tự"),
    ("a*" * 100 + "b", "quá nhiều phép tính"),
    ("1" * 40 + "*a", "một số quá lớn"),
    ("1e999999*a", "một số quá lớn"),
])
def test_a_formula_built_to_break_the_parser_is_a_located_error(data, capsys, formula, words):
    path = next((data / "frameworks").iterdir()) / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",a/b,", f",{formula},", 1), encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 1 and "Lỗi nội bộ" not in out
    line = next(line for line in out.splitlines() if "[bad-rule]" in line)
    assert "indicators.csv, dòng" in line and "cột formula" in line and words in line


# --------------------------------------------------------------------------- one cause, reported once


def test_a_year_that_cannot_be_read_does_not_make_the_next_year_look_broken(data, capsys):
    (data / "2025").mkdir()
    for name in ("units.csv", "assessments.csv", "inputs.csv", "evidence.csv", "datapackage.json"):
        (data / "2025" / name).write_bytes((data / "2024" / name).read_bytes())
    descriptor = json.loads((data / "2025" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["dti"]["year"] = 2025
    (data / "2025" / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    units = (data / "2025" / "units.csv").read_text(encoding="utf-8").splitlines()
    header = units[0].split(",")
    at = header.index("predecessors")
    rows = [r.split(",") + [""] * (len(header) - len(r.split(","))) for r in units[1:]]
    rows[0][at] = rows[1][0]  # in 2025 the first commune also takes in the second, as it was in 2024
    (data / "2025" / "units.csv").write_text("\n".join([units[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    (data / "2024" / "datapackage.json").write_text("{ not json", encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 1
    assert "2024/datapackage.json" in out and "[bad-json]" in out
    assert "[unknown-predecessor]" not in out and "[predecessor-gap]" not in out


# --------------------------------------------------------------------------- fuzzing


TOKENS = st.sampled_from(["a", "b", "c", "(", ")", "+", "-", "*", "/", "0", "1", "2.5", "1e9", " ", "**", "a.b", "__", "[", "]", "lambda", "9" * 40, "é", "\x00"])


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join), st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(0, 10**6), min_size=3))
def test_any_formula_text_is_refused_in_words_or_computes_exactly(text, values):
    """Whatever a framework's formula cell holds: a plain refusal, or exact arithmetic whose only failure
    is a zero denominator (reported at the unit's figures) — never another exception."""
    try:
        formula = Formula.parse(text)
    except FormulaSyntaxError as exc:
        assert str(exc)
        return
    try:
        formula.evaluate({n: values[n] for n in formula.names if n in values})
    except DataError:
        pass
    except KeyError:
        assert set(formula.names) - set(values)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["ratio", "ratio_target", "tiers", "capped_count", "levels", "checklist", "weighted_shares", "minmax", "points"]), st.text(max_size=60), st.text(max_size=80))
def test_any_rule_row_is_refused_in_words_or_built(kind, formula, options):
    try:
        build_rule(kind, formula, options)
    except RuleSpecError as exc:
        assert str(exc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
DTI_KEYS = ["year", "province", "frameworks", "publication", "missing", "kind", "illustrative", "forms"]


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(DTI_KEYS + ["resources", "licenses", "title"]), JSON_VALUES)
def test_any_value_in_a_years_descriptor_gives_declared_located_issues_and_no_exception(data, key, value):
    path = data / "2024" / "datapackage.json"
    original = path.read_text(encoding="utf-8")
    descriptor = json.loads(original)
    if key in DTI_KEYS:
        descriptor["dti"][key] = value
    else:
        descriptor[key] = value
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    try:
        _, report = validate(data, report_only=True)
    finally:
        path.write_text(original, encoding="utf-8")
    assert all(issue.code in CODES and issue.file for issue in report.issues)
