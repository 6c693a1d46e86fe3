"""Objections to the draft and the council's answers: checked against the year, published on the pages and
in the open data, collected from a workbook; the changes between a recorded draft and the decision; the
text-only errata. Expected values are worked out by hand in tests/cycle_province.py."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from generator import drafts
from generator.editions import text_errata
from generator.forms.objections import collect, make_workbook
from generator.opendata import open_data_files
from generator.pages import site_content
from generator.validate import validate

from . import cycle_province as cp
from .helpers import html_tables


def issues(report, code):
    return [(i.row, i.field) for i in report.sorted() if i.code == code]


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """The province after the decision, with the five answered objections."""
    data = tmp_path_factory.mktemp("decided") / "data"
    folder = cp.write_province(data)
    cp.apply_decision(folder)
    cp.write_objections(folder, cp.objections_rows())
    dataset, report = validate(data, keep_inputs=False)
    assert report.ok, [str(i) for i in report.errors]
    return data, dataset


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    data = tmp_path_factory.mktemp("draft") / "data"
    cp.write_province(data)
    dataset, report = validate(data, keep_inputs=False)
    assert report.ok, [str(i) for i in report.errors]
    return data, dataset


def texts(table) -> list[list[str]]:
    """A table's rows as the texts of their cells, the header row first."""
    return [[c.text for c in row] for row in table["rows"]]


def by_unit(dataset):
    return {r.unit.id: r for r in dataset.results[cp.YEAR]["commune"]}


def test_the_decisions_results_are_the_hand_worked_ones(decided):
    r = by_unit(decided[1])
    # module docstring of tests/cycle_province.py, table «The decision»
    assert {u: (r[u].score, r[u].percent, r[u].rank) for u in r} == {
        "xa-an": (47, Decimal("94.00"), 1), "xa-chau": (42, Decimal("84.00"), 2), "xa-binh": (Fraction("41.5"), Decimal("83.00"), 3),
        "xa-em": (35, Decimal("70.00"), 4), "xa-dong": (Fraction("34.5"), Decimal("69.00"), 5),
    }


# --------------------------------------------------------------------------- checks


BAD_ROWS = [
    # (what is changed in a row of the answered objections, the code, the row of objections.csv (header = 1), the field)
    ({"id": "KN-01", "unit_id": "xa-khong-co"}, "objection-unknown-unit", 2, "unit_id"),
    ({"id": "KN-02", "indicator_id": "9.9"}, "objection-unknown-indicator", 3, "indicator_id"),
    ({"id": "KN-04", "received": "2024-12-31"}, "objection-date", 5, "received"),  # before the year assessed has ended
    ({"id": "KN-04", "received": "2025-03-11"}, "objection-date", 5, "received"),  # after the decision of 2025-03-10
    ({"id": "KN-04", "received": "2025-02-30"}, "objection-date", 5, "received"),  # no such day
    ({"id": "KN-05", "answer": ""}, "objection-unanswered", 6, "answer"),
    ({"id": "KN-05", "outcome": ""}, "objection-unanswered", 6, "outcome"),
    ({"id": "KN-01", "score_before": "", "score_after": ""}, "objection-score-unchanged", 2, "score_after"),  # accepted without a change
    ({"id": "KN-04", "score_before": "5", "score_after": "10"}, "objection-score-changed", 5, "score_after"),  # rejected with a change
    ({"id": "KN-04", "score_before": "5"}, "objection-score-changed", 5, "score_after"),  # only one of the two
    ({"id": "KN-03", "score_after": "10"}, "objection-after-differs", 4, "score_after"),  # the decision gives xa-dong 9,5 on 2.3
]


@pytest.mark.parametrize("change, code, row, field", BAD_ROWS)
def test_each_wrong_objection_is_named_at_its_row_and_field(decided, tmp_path, change, code, row, field):
    data = tmp_path / "data"
    shutil.copytree(decided[0], data)
    rows = [dict(r, **change) if r["id"] == change["id"] else r for r in cp.objections_rows()]
    cp.write_objections(data / str(cp.YEAR), rows)
    _, report = validate(data, report_only=True)
    found = [i for i in report.sorted() if i.code == code]
    assert [(i.file.endswith("2024/objections.csv"), i.row, i.field) for i in found] == [(True, row, field)], [str(i) for i in report.sorted()]
    assert change["id"] in found[0].message


def test_an_objection_file_present_but_not_declared_is_reported(draft, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(draft[0], data)
    (data / "2024" / "objections.csv").write_text("id\n", encoding="utf-8")
    _, report = validate(data, report_only=True)
    assert issues(report, "undeclared-resource") == [(None, None)]


def test_a_draft_may_hold_objections_not_yet_answered(draft, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(draft[0], data)
    cp.write_objections(data / "2024", cp.objections_rows(answered=False))
    dataset, report = validate(data, keep_inputs=False)
    assert report.ok, [str(i) for i in report.errors]
    assert [o.outcome for o in dataset.editions[2024].objections] == [""] * 5


# --------------------------------------------------------------------------- published


@pytest.fixture(scope="module")
def pages_of(decided):
    pages, _ = site_content(decided[1])
    return {p.path: p for p in pages}


def test_the_objections_page_counts_and_lists_every_objection_with_its_answer(pages_of):
    page = pages_of["y-kien-don-vi/2024.md"]
    assert page.title == "Ý kiến của các đơn vị — năm 2024" and page.nav == ("Xếp hạng", "2024", "Ý kiến của các đơn vị")
    html = page.html
    # five received: KN-01 and KN-02 accepted, KN-03 partly, KN-04 and KN-05 rejected
    assert texts(html_tables(html)[0]) == [["Nhóm xếp hạng", "Đã nhận", "Chấp nhận", "Chấp nhận một phần", "Không chấp nhận"], ["Cấp xã", "5", "2", "1", "2"]]
    for oid, (answer, outcome, _, _) in cp.ANSWERS.items():
        section = html.split(f'id="kien-nghi-{oid.lower()}"', 1)[1].split("</section>", 1)[0]
        assert answer in section and outcome in section
    kn03 = html.split('id="kien-nghi-kn-03"', 1)[1].split("</section>", 1)[0]
    assert "9,00 → 9,50" in kn03 and "14/02/2025" in kn03 and "chỉ số" in kn03 and "2.3" in kn03
    kn05 = html.split('id="kien-nghi-kn-05"', 1)[1].split("</section>", 1)[0]
    assert "cả kết quả của đơn vị" in kn05 and "→" not in kn05


def test_a_scorecard_shows_its_objections_beside_the_indicator_and_below(pages_of):
    html = pages_of["don-vi/xa-dong/2024.md"].html
    row = html.split('<td class="dti-id"><a href="../../../bo-chi-so/r/2.3/">2.3</a>', 1)[1].split("</tr>", 1)[0]
    assert "Kiến nghị KN-03" in row and "Chấp nhận một phần (9,00 → 9,50)" in row and cp.ANSWERS["KN-03"][0] in row
    section = html.split('id="kien-nghi"', 1)[1]
    assert "gửi 1 kiến nghị" in section and "../../../y-kien-don-vi/2024/#kien-nghi-kn-03" in section
    other = pages_of["don-vi/xa-chau/2024.md"].html
    assert "Kiến nghị" not in other.split('<td class="dti-id"><a href="../../../bo-chi-so/r/2.3/">2.3</a>', 1)[1].split("</tr>", 1)[0]
    assert "Kiến nghị KN-02" in other.split('<td class="dti-id"><a href="../../../bo-chi-so/r/1.1/">1.1</a>', 1)[1].split("</tr>", 1)[0]


def test_the_methodology_page_counts_the_years_objections(pages_of):
    html = pages_of["bo-chi-so/r.md"].html
    table = next(texts(t) for t in html_tables(html) if texts(t)[0][:2] == ["Năm", "Đã nhận"])
    assert table[1:] == [["2024", "5", "2", "1", "2"]]


def test_open_data_objections_file_holds_the_rows_rounded_as_published(decided):
    files = open_data_files(decided[1])
    rows = cp.read_csv(files["data/2024/objections.csv"])
    assert [(r["objection_id"], r["unit_name"], r["indicator_id"], r["received"], r["outcome"], r["score_before"], r["score_after"]) for r in rows] == [
        ("KN-01", "Xã Bình", "2.1", "2025-02-12", "accepted", "5.00", "10.00"),
        ("KN-02", "Xã Châu", "1.1", "2025-02-13", "accepted", "0.00", "10.00"),
        ("KN-03", "Xã Đông", "2.3", "2025-02-14", "partly", "9.00", "9.50"),
        ("KN-04", "Xã Êm", "2.1", "2025-02-17", "rejected", "", ""),
        ("KN-05", "Xã An", "", "2025-02-20", "rejected", "", ""),
    ]
    assert '"objections"' in files["data/2024/datapackage.json"] and '"objection_id"' in files["data/2024/datapackage.json"]


def test_a_draft_has_an_objections_page_saying_none_yet(draft):
    pages, _ = site_content(draft[1], draft=True)
    page = next(p for p in pages if p.path == "y-kien-don-vi/2024.md")
    assert "Chưa nhận được kiến nghị nào" in page.html
    assert texts(html_tables(page.html)[0])[1:] == [["Cấp xã", "0", "0", "0", "0", "0"]]


# --------------------------------------------------------------------------- draft against decision


EXPECTED_CHANGES = [
    # (unit, indicator, field, draft, decision, objection), from the two tables of tests/cycle_province.py
    ("xa-binh", "", "total_score", "36.50", "41.50", "KN-01"),
    ("xa-binh", "", "percent", "73.00", "83.00", "KN-01"),
    ("xa-binh", "", "rank", "2", "3", "KN-01"),
    ("xa-binh", "2", "indicator_score", "18.50", "23.50", "KN-01"),
    ("xa-binh", "2.1", "indicator_score", "5.00", "10.00", "KN-01"),
    ("xa-chau", "", "total_score", "32.00", "42.00", "KN-02"),
    ("xa-chau", "", "percent", "64.00", "84.00", "KN-02"),
    ("xa-chau", "", "rank", "5", "2", "KN-02"),
    ("xa-chau", "1", "indicator_score", "10.00", "20.00", "KN-02"),
    ("xa-chau", "1.1", "indicator_score", "0.00", "10.00", "KN-02"),
    ("xa-dong", "", "total_score", "34.00", "34.50", "KN-03"),
    ("xa-dong", "", "percent", "68.00", "69.00", "KN-03"),
    ("xa-dong", "", "rank", "4", "5", "KN-03"),
    ("xa-dong", "2", "indicator_score", "19.00", "19.50", "KN-03"),
    ("xa-dong", "2.3", "indicator_score", "9.00", "9.50", "KN-03"),
    ("xa-em", "", "rank", "3", "4", ""),  # moved by the others' changes; its own objection was rejected
]


def test_the_changes_since_the_draft_are_every_changed_score_and_rank_with_its_objection(draft, decided):
    rows = drafts.changes(drafts.read_results(drafts.results_csv(drafts.result_rows(draft[1], 2024))), decided[1], 2024)
    assert sorted((r["unit_id"], r["indicator_id"], r["field"], r["draft_value"], r["decision_value"], r["objection_id"]) for r in rows) == sorted(EXPECTED_CHANGES)


# --------------------------------------------------------------------------- text-only errata


def test_a_correction_of_texts_only_lists_each_text_apart_from_scores(decided, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(decided[0], data)
    folder = data / "2024"
    (folder / "assessments.csv").write_text((folder / "assessments.csv").read_text(encoding="utf-8").replace("từ tháng 6", "x").replace("trên cổng của xã.", "trên cổng thông tin của xã."), encoding="utf-8")
    (folder / "evidence.csv").write_text((folder / "evidence.csv").read_text(encoding="utf-8").replace("Chuyên mục chuyển đổi số", "Chuyên mục Chuyển đổi số của xã"), encoding="utf-8")
    (folder / "units.csv").write_text((folder / "units.csv").read_text(encoding="utf-8").replace("Xã Êm", "Xã Êm Đềm"), encoding="utf-8")
    cp.write_objections(folder, [dict(r, answer="Xã chưa triển khai ở thôn nào; giữ nguyên mức chấm.") if r["id"] == "KN-04" else r for r in cp.objections_rows()])
    new, report = validate(data, keep_inputs=False)
    assert report.ok
    rows = text_errata(decided[1], new, 2024, "2024.1", "Sửa lời")
    assert [(r["unit_id"], r["indicator_id"], r["field"], r["old_value"], r["new_value"]) for r in rows] == [
        ("xa-em", "", "unit_name", "Xã Êm", "Xã Êm Đềm"),
        ("xa-chau", "1.1", "note", cp.NOTES[("xa-chau", "1.1")], "Chấp nhận kiến nghị KN-02: chuyên mục đã có trên cổng thông tin của xã."),
        ("xa-chau", "1.1", "evidence", "Chuyên mục chuyển đổi số <https://xa-chau.example.gov.vn/chuyen-doi-so>",
         "Chuyên mục Chuyển đổi số của xã <https://xa-chau.example.gov.vn/chuyen-doi-so>"),
        ("xa-em", "2.1", "objection", f"KN-04: {cp.RECEIVED[3][4]} — Không chấp nhận: {cp.ANSWERS['KN-04'][0]}",
         f"KN-04: {cp.RECEIVED[3][4]} — Không chấp nhận: Xã chưa triển khai ở thôn nào; giữ nguyên mức chấm."),
    ]


# --------------------------------------------------------------------------- the workbook


fill = cp.fill_objections


def test_objections_go_from_the_workbook_to_the_data_and_back_for_the_answers(draft, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(draft[0], data)
    written, report = make_workbook(data, 2024, tmp_path / "so")
    assert report.ok and [p.name for p in written] == ["kien-nghi-2024.xlsx"]
    ws = load_workbook(written[0])["Kiến nghị"]
    assert [ws[f"A{r}"].value for r in (5, 6, 9)] == ["KN-01", "KN-02", "KN-05"]  # numbers given, rows empty
    # the secretariat writes what it received, one row each (row 5 is KN-01, …)
    fill(written[0], {5 + n: {"B": label, "C": ind or None, "D": day, "E": text} for n, (_, label, ind, day, text) in enumerate(cp.RECEIVED)})
    report, out = collect(data, 2024, tmp_path / "so")
    assert report.ok, [str(i) for i in report.sorted()]
    assert cp.read_csv((data / "2024" / "objections.csv").read_text(encoding="utf-8")) == cp.read_csv(cp_csv(cp.objections_rows(answered=False)))
    # the council gets the workbook again, prefilled with the five, and answers each
    written, report = make_workbook(data, 2024, tmp_path / "hoi-dong")
    ws = load_workbook(written[0])["Kiến nghị"]
    assert [ws[f"B{r}"].value for r in range(5, 10)] == [label for _, label, _, _, _ in cp.RECEIVED] and ws["B10"].value is None
    fill(written[0], {5 + n: {"F": a, "G": o, "H": b, "I": s} for n, (a, o, b, s) in enumerate(cp.ANSWERS.values())})
    # the decision's figures are in once the council has answered
    cp.apply_decision(data / "2024")
    report, out = collect(data, 2024, tmp_path / "hoi-dong")
    assert report.ok, [str(i) for i in report.sorted()]
    assert cp.read_csv((data / "2024" / "objections.csv").read_text(encoding="utf-8")) == cp.read_csv(cp_csv(cp.objections_rows()))


def cp_csv(rows) -> str:
    from generator.packaging import csv_text, header_of

    return csv_text(header_of("objections"), [[r.get(h, "") for h in header_of("objections")] for r in rows])


def test_a_wrong_row_in_the_workbook_is_named_at_its_cell_and_nothing_is_written(decided, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(decided[0], data)
    before = (data / "2024" / "objections.csv").read_bytes()
    written, _ = make_workbook(data, 2024, tmp_path / "so")
    fill(written[0], {
        6: {"H": "9", "I": "12"},  # KN-02 on 1.1: the decision gives 10, not 12
        10: {"B": "Xã Không Có", "D": "31/02/2025", "E": "Đề nghị", "H": "1.2.3"},
        11: {"B": "Xã An (xa-an)", "D": "21/02/2025", "E": "Đề nghị", "G": "Đồng ý"},
    })
    report, out = collect(data, 2024, tmp_path / "so")
    assert out == [] and (data / "2024" / "objections.csv").read_bytes() == before
    assert sorted((i.sheet, i.cell, i.code) for i in report.sorted()) == [
        ("Kiến nghị", "B10", "objection-unknown-unit"), ("Kiến nghị", "D10", "objection-date"), ("Kiến nghị", "G11", "not-allowed"), ("Kiến nghị", "H10", "not-a-number"),
    ]
    # once the cell errors are fixed, the year's own checks speak, at their cells too
    fill(written[0], {10: {"B": None, "D": None, "E": None, "H": None}, 11: {"G": "Không chấp nhận", "F": "Giữ nguyên"}})
    report, out = collect(data, 2024, tmp_path / "so")
    assert out == [] and sorted((i.cell, i.code) for i in report.sorted()) == [("I6", "objection-after-differs")]


def test_a_recorded_draft_that_no_longer_matches_its_checksum_is_refused_by_name(draft, tmp_path):
    from generator.editions import ManifestError, edition_info
    from generator.packaging import json_text

    text = drafts.results_csv(drafts.result_rows(draft[1], 2024))
    (tmp_path / "data" / "published" / "du-thao").mkdir(parents=True)
    (tmp_path / "data" / "published" / "du-thao" / "2024.csv").write_text(text.replace("36.50", "46.50"), encoding="utf-8")
    manifest = {
        "version": "2024", "date": "2025-03-10", "data_sha256": "0" * 64, "decision": "Quyết định số 100/QĐ-UBND", "correction": None, "supersedes": None,
        "outputs": [], "draft": {"path": "data/published/du-thao/2024.csv", "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
    }
    (tmp_path / "data" / "published" / "2024.json").write_text(json_text(manifest), encoding="utf-8")
    with pytest.raises(ManifestError, match="du-thao/2024.csv: tệp kết quả dự thảo khác bản đã ghi"):
        edition_info(tmp_path, "2024")
    (tmp_path / "data" / "published" / "du-thao" / "2024.csv").write_text(text, encoding="utf-8")
    info = edition_info(tmp_path, "2024")
    assert [r["score"] for r in info.draft_rows if r["unit_id"] == "xa-binh" and r["indicator_id"] == ""] == ["36.50"]


def test_the_downloads_page_lists_the_objections_file_of_a_year_that_has_one(pages_of, draft):
    html = pages_of["du-lieu-mo.md"].html
    assert 'href="../data/2024/objections.csv"' in html and "Kiến nghị của các đơn vị" in html
    pages, _ = site_content(draft[1], draft=True)
    assert "objections.csv" not in next(p for p in pages if p.path == "du-lieu-mo.md").html  # none received yet: no file


def test_a_text_a_spreadsheet_would_take_for_a_formula_stays_text_in_the_workbook(decided, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(decided[0], data)
    rows = [dict(r, request="=HYPERLINK(\"http://example.org\",\"xem\")") if r["id"] == "KN-04" else r for r in cp.objections_rows()]
    cp.write_objections(data / "2024", rows)
    written, report = make_workbook(data, 2024, tmp_path / "so")
    assert report.ok
    cell = load_workbook(written[0])["Kiến nghị"]["E8"]  # KN-04 is the fourth row, from row 5
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix
    report, out = collect(data, 2024, written[0], check=True)  # the workbook as sent is read back as it is
    assert report.ok and out == []


def test_an_objections_table_outside_the_year_folder_is_refused(draft, tmp_path):
    import json

    data = tmp_path / "data"
    shutil.copytree(draft[0], data)
    descriptor = json.loads((data / "2024" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "objections", "path": "../objections.csv"})
    (data / "2024" / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    _, report = validate(data, report_only=True)
    assert [(i.field, i.code) for i in report.sorted() if i.is_error] == [("resources.objections.path", "bad-path")]


def test_a_returned_workbook_holding_a_formula_is_refused_before_it_is_read(draft, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(draft[0], data)
    written, _ = make_workbook(data, 2024, tmp_path / "so")
    fill(written[0], {5: {"B": "Xã An (xa-an)", "D": "12/02/2025", "E": "=1+1"}})
    report, out = collect(data, 2024, tmp_path / "so")
    assert out == [] and [(i.code, i.sheet, i.cell) for i in report.sorted()] == [("formula-in-form", "Kiến nghị", "E5")]
    assert not (data / "2024" / "objections.csv").exists()


def test_objections_received_before_the_draft_was_sent_are_refused_at_publication(draft, decided, tmp_path):
    from generator.packaging import json_text
    from generator.publish import PublishError, recorded_draft

    text = drafts.results_csv(drafts.result_rows(draft[1], 2024))
    folder = tmp_path / drafts.FOLDER
    folder.mkdir(parents=True)
    (folder / "2024.csv").write_text(text, encoding="utf-8")
    record = {"year": 2024, "date": "2025-02-15", "path": "data/published/du-thao/2024.csv", "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    (folder / "2024.json").write_text(json_text(record), encoding="utf-8")
    # KN-01, KN-02 and KN-03 were received on 12, 13 and 14 February: rows 2 to 4 of objections.csv
    with pytest.raises(PublishError) as refused:
        recorded_draft(tmp_path, decided[1], 2024)
    assert [line.split(": ", 1)[0].rsplit("objections.csv, ", 1)[1] for line in str(refused.value).splitlines()[1:]] == ["dòng 2, cột received", "dòng 3, cột received", "dòng 4, cột received"]
    record["date"] = cp.DRAFT_SENT
    (folder / "2024.json").write_text(json_text(record), encoding="utf-8")
    named, compared = recorded_draft(tmp_path, decided[1], 2024)
    assert named["date"] == "2025-02-10" and len(compared[2024]) == len(EXPECTED_CHANGES)
