"""Random and mutated packages never make the generator fail with a traceback.

Hypothesis takes the small valid package of ``tests/bad_inputs/_base`` and breaks it in random ways (cells,
rows, headers, bytes, JSON values, folder names), or writes new packages with random names and figures,
then runs load → validate → score → the page step (pages and open-data files) on the result. Whatever
the input, every stage must return: a report of located issues, or pages. 2,100 examples run in the
normal test run.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.opendata import open_data_files
from generator.pages import site_content
from generator.validate import validate

BASE = Path(__file__).parent / "bad_inputs" / "_base"
BASE_FILES = {p.relative_to(BASE).as_posix(): p.read_bytes() for p in BASE.rglob("*") if p.is_file()}
CSV_FILES = sorted(k for k in BASE_FILES if k.endswith(".csv"))
JSON_FILES = sorted(k for k in BASE_FILES if k.endswith(".json"))

HOSTILE = [
    "", " ", "\t", "\n", "\x00", "\x85", "\u202e", "\ufeff", "=1+1", "+84", "-", "@SUM(A1)", "'", '"', ",", ";",
    "<script>alert(1)</script>", "javascript:alert(1)", "http://user:pass@example.org/", "inf", "NaN", "1e999999999",
    "١٢", "１２", "-0", "0.0000000001", "99999999999999999999999999", "1,5", "1.000", "85 %", "có", "không", "yes",
    "a" * 300, "Đ" * 70, "../..", "con\nmột", "ỡ" * 3, "true", "x-cu", "huyen-x", "commune", "district", "department",
]
printable = st.one_of(
    st.sampled_from(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "=1+1", "@SUM(A1)", "Đông Hòa", "Ánh Dương", "'", "&amp;", "{{ 7*7 }}", "Đ" * 70]),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=40).filter(lambda s: s.strip()),
)
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.from_regex(r"[a-z0-9\-]{1,12}", fullmatch=True), st.integers(-5, 10**6).map(str))


def parse(data: bytes) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"))))
    except csv.Error:  # already broken beyond what the csv module reads: start from scratch
        return [["id"]]


def unparse(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@st.composite
def csv_mutation(draw, files: dict[str, bytes]):
    name = draw(st.sampled_from(CSV_FILES))
    rows = parse(files[name])
    kind = draw(st.sampled_from(["cell", "cell", "cell", "drop-row", "copy-row", "add-row", "header", "truncate", "bytes"]))
    if kind == "cell" and len(rows) > 1:
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1)) if rows[r] else 0
        if rows[r]:
            rows[r][c] = draw(text)
    elif kind == "drop-row" and len(rows) > 1:
        del rows[draw(st.integers(0, len(rows) - 1))]
    elif kind == "copy-row" and len(rows) > 1:
        rows.append(list(rows[draw(st.integers(1, len(rows) - 1))]))
    elif kind == "add-row":
        rows.append(draw(st.lists(text, max_size=14)))
    elif kind == "header" and rows:
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[0][c] = draw(st.one_of(text, st.sampled_from(["self_score", "appraised_value", "apraised_value", "id", "name", ""])))
    elif kind == "truncate":
        data = files[name]
        return {name: data[: draw(st.integers(0, len(data)))]}
    elif kind == "bytes":
        data = bytearray(files[name])
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=8))
        return {name: bytes(data)}
    return {name: unparse(rows)}


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), text),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(text, children, max_size=3)),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


@st.composite
def json_mutation(draw, files: dict[str, bytes]):
    name = draw(st.sampled_from(JSON_FILES))
    data = json.loads(files[name])
    path = draw(st.sampled_from([p for p in _paths(data) if p]))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_value)
    return {name: json.dumps(data, ensure_ascii=False).encode("utf-8")}


@st.composite
def mutated_package(draw):
    files = dict(BASE_FILES)
    for _ in range(draw(st.integers(1, 4))):
        change = draw(st.one_of(csv_mutation(files), csv_mutation(files), json_mutation(files)))
        files.update(change)
    renames = {}
    if draw(st.integers(0, 9)) == 0:
        renames["2024"] = draw(st.sampled_from(["２０２４", "2024 ", "2024-draft", "2023", "ghi-chu"]))
    return files, renames


@st.composite
def random_package(draw):
    """A package in the base's shape with random units, names and figures (mostly valid)."""
    files = dict(BASE_FILES)
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9\-]{0,10}", fullmatch=True), min_size=count, max_size=count, unique=True))
    units = [["id", "name", "type", "parent", "not_ranked", "not_ranked_reason", "predecessors"]]
    inputs = [["unit_id", "indicator_id", "input", "self_value", "appraised_value"]]
    assessments = [["unit_id", "indicator_id", "self_score", "not_evaluated", "note"]]
    evidence = [["unit_id", "indicator_id", "title", "url"]]
    number = st.integers(0, 40).map(str)
    for uid in ids:
        units.append([uid, draw(printable), "commune", "", draw(st.sampled_from(["", "", "có"])), draw(printable), ""])
        inputs.append([uid, "1.1", "da_co", draw(st.sampled_from(["có", "không", "yes"])), ""])
        for ind in ("1.2", "2.1"):
            b = draw(st.integers(1, 40))
            inputs.append([uid, ind, "a", str(draw(st.integers(0, b))), ""])
            inputs.append([uid, ind, "b", str(b), ""])
        inputs.append([uid, "2.2", "x", draw(number), draw(st.one_of(st.just(""), number))])
        if draw(st.booleans()):
            assessments.append([uid, draw(st.sampled_from(["1.1", "1.2", "2.1", "2.2", "1", "2"])), "", draw(st.sampled_from(["", "có"])), draw(printable)])
        if draw(st.booleans()):
            evidence.append([uid, "1.1", draw(printable), draw(st.one_of(printable, st.sampled_from(["https://example.org/a", "javascript:alert(1)", "http://a@b.example/"])))])
    files["2024/units.csv"] = unparse(units)
    files["2024/inputs.csv"] = unparse(inputs)
    files["2024/assessments.csv"] = unparse(assessments)
    files["2024/evidence.csv"] = unparse(evidence)
    descriptor = json.loads(files["2024/datapackage.json"])
    descriptor["dti"]["province"] = draw(printable)
    descriptor["dti"]["publication"]["decision"] = draw(printable)
    descriptor["dti"]["publication"]["bands"] = draw(st.sampled_from([[], [{"label": draw(printable), "min_percent": 50}, {"label": "Yếu", "min_percent": 0}]]))
    files["2024/datapackage.json"] = json.dumps(descriptor, ensure_ascii=False).encode("utf-8")
    return files, {}


def write_package(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_everything(package) -> None:
    files, renames = package
    folder = Path(tempfile.mkdtemp(prefix="dti-robust-"))
    try:
        write_package(folder, files)
        for old, new in renames.items():
            (folder / old).rename(folder / new)
        dataset, report = validate(folder)
        assert all(issue.file and issue.message for issue in report.sorted())
        if report.ok:
            pages, data_files = site_content(dataset)
            assert pages and all(page.path and page.html for page in pages)
            assert open_data_files(dataset)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_package())
def test_mutated_packages_give_a_report_or_pages(package):
    run_everything(package)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_package())
def test_random_packages_give_a_report_or_pages(package):
    run_everything(package)


def test_a_formula_with_a_number_python_reads_as_infinity_is_a_located_error(tmp_path):
    """Found by the mutation test above: ``1e999999999`` in a formula crashed validation."""
    files = dict(BASE_FILES)
    name = "frameworks/t/indicators.csv"
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8"))))
    formula = rows[0].index("formula")
    rows[2][formula] = "1e999999999"  # 1.1, the first leaf
    files[name] = unparse(rows)
    write_package(tmp_path, files)
    _, report = validate(tmp_path)
    problems = [(i.file.replace("\\", "/"), i.row, i.field) for i in report.errors]
    assert any(f.endswith(name) and row == 3 and field == "formula" for f, row, field in problems), problems
    assert any("quá lớn" in i.message for i in report.errors)
