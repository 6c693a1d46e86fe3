"""Random hostile data through the forms, and random damage to a returned form.

1. Hypothesis writes a year whose texts (names, the province, the contact, meanings, units, labels,
   evidence, notes) begin with what a spreadsheet would run (``=``, ``+``, ``-``, ``@``, ``#``), hold
   markup, line breaks where the data allow them, and run up to the lengths the schemas allow. Its forms
   and appraisal workbook hold no formula, and collecting them untouched gives back exactly the data.
2. Hypothesis damages a returned form as an attacker or a clumsy clerk would: a formula in an entry cell
   (whatever value was cached beside it), a link to another workbook, a zip bomb, flipped bytes. The
   command refuses it with a located message; it never stops on an internal error («Lỗi nội bộ»).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from generator.cli import main
from generator.forms.collect import collect_forms
from generator.forms.layout import SELF_SHEET
from generator.forms.template import make_templates

from .helpers import write_edition, write_framework
from .test_forms import INDICATORS, INPUTS, filled_rows, tiny_year
from .test_forms_hostile import EXTERNAL_LINK, EXTERNAL_LINK_RELS, MB, data_of, formula_parts, put_formula, rezip

pytestmark = pytest.mark.slow  # every example writes and collects workbooks

# --------------------------------------------------------------------------- 1. hostile data, round trip

PREFIXES = ("=", "+", "-", "@", "#", "=-", "==", "'=", "=cmd|' /C calc'!A0 ", '=HYPERLINK("http://evil.example/","', "<b>", "")
# What the data allow in a text: no control or invisible formatting characters (the loader refuses them),
# no unassigned code points or surrogates.
LETTERS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
SAMPLES = ('WEBSERVICE("http://evil.example/")', "SUM(A1:A9)", "<script>alert(1)</script>", "{{ 7*7 }}", "Đông Hòa", "&amp;", '"', "1+1", "A1")


@st.composite
def hostile_text(draw, limit: int, multiline: bool = False, avoid: str = "") -> str:
    """A text of at most ``limit`` characters that a spreadsheet would take for a formula or markup."""
    prefix = draw(st.sampled_from(PREFIXES))
    body = draw(st.one_of(st.sampled_from(SAMPLES), st.text(alphabet=LETTERS, min_size=1, max_size=30)))
    if multiline and draw(st.booleans()):
        body += "\n" + draw(st.sampled_from(SAMPLES))
    if draw(st.integers(0, 4)) == 0:  # sometimes as long as the field allows
        body = (body * (limit // max(1, len(body)) + 1))
    text = (prefix + body)[:limit].strip()
    for ch in avoid:
        text = text.replace(ch, " ")
    text = " ".join(part for part in text.split(" ") if part) if not multiline else text
    return text or "=1"


@st.composite
def hostile_data(draw):
    def distinct(limit, count, avoid=""):
        return draw(st.lists(hostile_text(limit, avoid=avoid), min_size=count, max_size=count, unique_by=lambda t: " ".join(t.casefold().split())))

    names = distinct(200, 2)
    labels = distinct(100, 5, avoid=";:")
    return {
        "units": names,
        "province": draw(hostile_text(100)),
        "contact": draw(hostile_text(200)),
        "indicators": distinct(200, len(INDICATORS)),
        "meanings": [draw(hostile_text(300)) for _ in INPUTS],
        "measure": draw(hostile_text(30)),
        "labels": labels,
        "title": draw(hostile_text(500)),
        "url": draw(hostile_text(2000)),
        "note": draw(hostile_text(5000, multiline=True)),
    }


def write_year(root: Path, t: dict) -> Path:
    indicators = [dict(r, name=name) for r, name in zip(INDICATORS, t["indicators"])]
    labels = {"truong_ban": f"nguoi_dung_dau: {t['labels'][0]}; cap_pho: {t['labels'][1]}; khong: {t['labels'][2]}",
              "da_ban_hanh": f"co: {t['labels'][3]}; khong: {t['labels'][4]}"}
    inputs = [dict(i, meaning=m, **({"unit": t["measure"]} if i.get("unit") else {}), **({"labels": labels[i["name"]]} if i["name"] in labels else {}))
              for i, m in zip(INPUTS, t["meanings"])]
    write_framework(root / "frameworks" / "t-xa", indicators, inputs)
    units = [{"id": "xa-a", "name": t["units"][0], "type": "commune"}, {"id": "xa-b", "name": t["units"][1], "type": "commune"}]
    rows = filled_rows("xa-a") + filled_rows("xa-b")
    evidence = [{"unit_id": "xa-a", "indicator_id": "1.3", "title": t["title"], "url": t["url"]}]
    assessments = [{"unit_id": "xa-b", "indicator_id": "2.3", "appraised_score": "3", "note": t["note"]}]
    year = write_edition(root / "2024", 2024, {"commune": "t-xa"}, units, rows, assessments, evidence)
    descriptor = json.loads((year / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["dti"]["province"] = t["province"]
    descriptor["dti"]["forms"] = {"deadline": "2025-01-15", "contact": t["contact"]}
    (year / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_data())
def test_hostile_texts_make_no_formula_and_come_back_exactly(t):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = write_year(root / "data", t)
        before = data_of(data)
        forms, report = make_templates(data, 2024, root / "phieu")
        assert report.ok, [str(i) for i in report.issues]
        appraisal, report = make_templates(data, 2024, root / "tham-dinh", appraisal=True)
        assert not report.errors, [str(i) for i in report.errors]
        for path in forms + appraisal:
            assert formula_parts(path) == {}, path.name
        report, written = collect_forms(data, 2024, root / "phieu")
        assert report.ok and written, [str(i) for i in report.errors]
        assert {i.code for i in report.warnings} <= {"not-a-link", "url-unusual-host", "url-credentials"}
        assert data_of(data) == before
        report, written = collect_forms(data, 2024, root / "tham-dinh", appraisal=True)
        assert report.ok and written, [str(i) for i in report.errors]
        assert data_of(data) == before


# --------------------------------------------------------------------------- 2. damaged returned forms


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz-forms")
    data = tiny_year(root / "data", inputs=filled_rows())
    (form,) = make_templates(data, 2024, root / "phieu", unit_id="xa-a")[0]
    ws = load_workbook(form)[SELF_SHEET]
    entries = sorted(c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False and not isinstance(c, MergedCell))
    return data, form, entries


FORMULAS = st.one_of(
    st.sampled_from(['WEBSERVICE("http://evil.example/")', "[1]Sheet1!$A$1", "SUM(1,2)", "A1", "'Danh sách'!A2", "cmd|' /C calc'!A0", '_xlfn.WEBSERVICE("x")', "1"]),
    st.text(alphabet="ABCDEF0123456789+-*/(),:$!", min_size=1, max_size=30),
)
CACHED = st.one_of(st.none(), st.integers(-10**9, 10**9).map(str), st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str), st.text(alphabet=LETTERS, max_size=30))


@st.composite
def damage(draw, entries: list[str]):
    """(what to do to a form, the (sheet, cell, code) it must be refused with, or None for any refusal)."""
    kind = draw(st.sampled_from(["formula", "link", "bomb", "big", "bytes"]))
    if kind == "formula":
        cell, formula, cached = draw(st.sampled_from(entries)), draw(FORMULAS), draw(CACHED)
        text = cached is not None and not cached.lstrip("-").replace(".", "", 1).isdigit()
        return (lambda p: put_formula(p, SELF_SHEET, cell, escape(formula), escape(cached) if cached is not None else None, text=text)), (SELF_SHEET, cell, "formula-in-form")
    if kind == "link":
        n = draw(st.integers(1, 9))
        target = draw(st.sampled_from(["file:///C:/khac.xlsx", "https://evil.example/a.xlsx", "\\\\may-chu\\so-lieu.xlsx"]))
        rels = EXTERNAL_LINK_RELS.replace(b"file:///C:/so-lieu/khac.xlsx", escape(target).encode())
        parts = {f"xl/externalLinks/externalLink{n}.xml": EXTERNAL_LINK, f"xl/externalLinks/_rels/externalLink{n}.xml.rels": rels}
        return (lambda p: rezip(p, add=parts)), (None, None, "external-link")
    if kind == "bomb":  # inflates far more than any sheet: refused by the ratio
        size, name = draw(st.integers(1 * MB, 4 * MB)), draw(st.sampled_from(["xl/media/image1.png", "xl/worksheets/sheet9.xml", "docProps/x.bin"]))
        return (lambda p: rezip(p, add={name: bytes(size)})), (None, None, "form-too-large")
    if kind == "big":  # a part bigger than any form's, compressed as tightly as deflate allows
        size = draw(st.integers(32 * MB + 1, 34 * MB))
        return (lambda p: rezip(p, add={"xl/media/image1.png": bytes(size)})), (None, None, "form-too-large")
    flips = draw(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8))

    def flip(p: Path) -> None:
        raw = bytearray(p.read_bytes())
        for where, xor in flips:
            raw[int(where * len(raw))] ^= xor
        p.write_bytes(bytes(raw))

    return flip, None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_form_is_refused_where_the_damage_is_never_with_an_internal_error(clean, data):
    source, form, entries = clean
    hurt, expected = data.draw(damage(entries))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "phieu"
        folder.mkdir()
        path = folder / "xa-a.xlsx"
        shutil.copy(form, path)
        hurt(path)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["collect", "2024", str(folder), "--data", str(source), "--check", "--json"])
        assert status in (0, 1) and "Lỗi nội bộ" not in err.getvalue(), err.getvalue()
        report = json.loads(out.getvalue())
        errors = [i for i in report["issues"] if i["severity"] == "error"]
        assert all(i["file"].endswith("xa-a.xlsx") for i in errors), errors
        if expected is not None:
            assert status == 1
            assert any((i["sheet"], i["cell"], i["code"]) == expected for i in errors), (expected, errors)
            assert not any("không đọc được nội dung tệp" in i["message"] for i in errors), errors  # not the reader's last resort
