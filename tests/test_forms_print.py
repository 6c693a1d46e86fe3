"""The forms as people meet them: a prefilled form returned untouched changes nothing, and the forms as
LibreOffice prints and saves them. (A file of its own so that the test runners share the forms' slow tests.)"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.forms.collect import collect_forms
from generator.forms.layout import GUIDE_SHEET, SELF_SHEET
from generator.forms.template import make_templates

from .helpers import ROOT
from .test_forms import S, edit, self_form, set_cells, table, templates, tiny  # noqa: F401 (tiny is a fixture)
from .test_forms_cycle import demo, empty_copy, sample, submission  # noqa: F401 (demo is a fixture)


@pytest.mark.slow
def test_prefilled_forms_give_back_the_submission_unchanged(tmp_path, demo):
    """A form made from a year's data, returned untouched, changes nothing: the same form corrects a
    submission. Every form of 2024 is made; those of every department and district and every third
    commune come back."""
    written, report = make_templates(ROOT / "data", 2024, tmp_path / "phieu")
    assert report.ok and len(written) == len(demo["edition"].units)
    back = sample(demo["edition"], 3)
    for path in written:
        if path.stem not in back:
            path.unlink()
    data = empty_copy(tmp_path / "data", 2024, back)
    report, _ = collect_forms(data, 2024, tmp_path / "phieu")
    assert report.ok, [str(i) for i in report.errors]
    got, want = submission(data / "2024", demo), submission(ROOT / "data" / "2024", demo)
    want = {name: {r for r in rows if r[0] in back} for name, rows in want.items()}
    assert got["evidence"] == want["evidence"]
    assert {r[:4] for r in got["inputs"]} == {r[:4] for r in want["inputs"] if r[3] is not None}
    assert {r[:4] for r in got["assessments"]} == {r[:4] for r in want["assessments"] if r[2:4] != (None, False)}


# --------------------------------------------------------------------------- what LibreOffice shows


def render(path: Path, png: Path, leave_out: tuple[str, ...] = ()) -> str:
    """The first printed page of a workbook as LibreOffice draws it (the sheets in ``leave_out`` removed
    from a copy, so that page 1 is the one wanted), and the text of the whole PDF."""
    work = png.parent / f"_{png.stem}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / path.name
    shutil.copy(path, copy)
    if leave_out:
        edit(copy, lambda wb: [wb.remove(wb[name]) for name in leave_out])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "pdf", "--outdir", str(work), str(copy)],
                   check=True, capture_output=True, timeout=240)
    pdf = copy.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png.with_suffix(""))], check=True, timeout=60)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout.decode("utf-8")
    shutil.rmtree(work)
    return text


@pytest.fixture(scope="module")
def soffice():
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.fail("soffice or pdftoppm is missing: `make test` installs Debian's libreoffice-calc-nogui and poppler-utils")


@pytest.mark.office
def test_libreoffice_prints_the_self_form_with_labels_not_codes(soffice, artifacts, tmp_path):
    (path,) = templates(ROOT / "data", tmp_path, unit_id="so-tai-chinh")
    text = render(path, artifacts / "form-tu-danh-gia.png", leave_out=(GUIDE_SHEET,))
    assert (artifacts / "form-tu-danh-gia.png").stat().st_size > 10_000
    flat = " ".join(text.split())
    assert "PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2024 — SỞ TÀI CHÍNH" in flat and "Trang 1/" in flat
    assert "Không tham gia" in flat and "Có" in flat.split()  # 5.5 and a yes/no answer, as the decision words them
    assert not {"khong", "co", "day_du", "khong_day_du", "tham_gia", "nguoi_dung_dau", "da_ban_hanh"} & set(flat.split()), "a code reached the page"
    assert not [w for w in flat.split() if "_" in w], "a code reached the page"
    guide = render(path, artifacts / "form-huong-dan.png")
    assert "DTI (%) = tổng điểm đạt được" in " ".join(guide.split())


@pytest.mark.office
def test_libreoffice_prints_the_appraisal_workbook(soffice, artifacts, tmp_path):
    written = templates(ROOT / "data", tmp_path, appraisal=True)
    text = render(written[0], artifacts / "form-tham-dinh.png", leave_out=(GUIDE_SHEET,))
    flat = " ".join(text.split())
    assert "PHIẾU THẨM ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2024 — SỞ, BAN, NGÀNH" in flat and "Văn phòng UBND tỉnh" in flat
    assert "Ý kiến thẩm định" in flat and "nguoi_dung_dau" not in flat


# --------------------------------------------------------------------------- an official document

LONG_TITLE = (
    "Quyết định số 1234/QĐ-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân xã về việc ban hành Kế hoạch chuyển đổi số "
    "giai đoạn 2024–2025, định hướng đến năm 2030, kèm theo danh mục nhiệm vụ và lộ trình, mã hồ sơ ZX-9981"
)
LONG_URL = "https://congthongtin.example.gov.vn/van-ban/2024/03/15/quyet-dinh-1234-qd-ubnd-ke-hoach-chuyen-doi-so-2024-2025-ZY-7713.pdf"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.office
def test_the_printed_form_is_an_official_document_and_cuts_no_long_title(soffice, artifacts, tmp_path):
    """National heading beside the unit's name, the place and date line, the head's signature block, page
    numbers; an evidence title and address as long as real ones wrap onto as many lines as they need."""
    from .test_forms import filled_rows, tiny_year

    evidence = [{"unit_id": "xa-a", "indicator_id": "1.3", "title": LONG_TITLE, "url": LONG_URL}]
    data = tiny_year(tmp_path / "data", inputs=filled_rows(), evidence=evidence)
    (path,) = templates(data, tmp_path / "phieu", unit_id="xa-a")
    text = flat(render(path, artifacts / "form-van-ban.png", leave_out=(GUIDE_SHEET,)))
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỈNH THỬ NGHIỆM", "XÃ AN", "Thử Nghiệm, ngày ..... tháng ..... năm",
                  "PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2024 — XÃ AN", "NGƯỜI LẬP PHIẾU", "THỦ TRƯỞNG ĐƠN VỊ", "(ký, ghi rõ họ tên, đóng dấu)", "Trang 1/1"):
        assert words in text, words
    assert "ZX-9981" in text and "7713.pdf" in text, "the end of a long evidence title or address was cut"  # an address breaks at its hyphens


@pytest.mark.office
def test_the_printed_appraisal_workbook_is_an_official_document_with_the_councils_points(soffice, artifacts, tmp_path):
    written = templates(ROOT / "data", tmp_path, appraisal=True)
    text = flat(render(written[0], artifacts / "form-tham-dinh-van-ban.png", leave_out=(GUIDE_SHEET,)))
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỈNH MINH HỌA", "HỘI ĐỒNG THẨM ĐỊNH", "Minh Họa, ngày",
                  "Điểm theo số liệu thẩm định", "Điểm tự đánh giá", "TM. HỘI ĐỒNG THẨM ĐỊNH", "CHỦ TỊCH", "(ký, ghi rõ họ tên, đóng dấu)", "Trang 1/"):
        assert words in text, words


@pytest.mark.office
def test_a_returned_copy_prints_the_errors_first_and_every_word_the_office_typed(soffice, artifacts, tmp_path):
    from generator.forms.annotate import ERRORS_SHEET
    from generator.forms.collect import collect

    from .test_forms import filled_rows, tiny_year

    data = tiny_year(tmp_path / "data", inputs=filled_rows())
    form = self_form(data, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.2|da_ban_hanh", "evidence_title"): LONG_TITLE, ("1.2|da_ban_hanh", "evidence_url"): LONG_URL, ("1.3|a", "value"): "mười"})
    (copy,) = collect(data, 2024, form.parent, check=True, return_dir=tmp_path / "tra").returned
    listing = flat(render(copy, artifacts / "form-tra-lai.png"))
    assert "LỖI CẦN SỬA — xa-a.xlsx" in listing and "«mười» phải là một số nguyên (số lượng)" in listing
    page = flat(render(copy, artifacts / "form-tra-lai-phieu.png", leave_out=(ERRORS_SHEET, GUIDE_SHEET)))
    assert "ZX-9981" in page and "7713.pdf" in page, "the returned copy cut what the office typed"


@pytest.mark.office
def test_a_form_saved_by_libreoffice_is_collected(soffice, tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): 9, ("2.1|kinh_phi", "value"): 0.1})
    saved = tmp_path / "luu"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx", "--outdir", str(saved), str(form)],
                   check=True, capture_output=True, timeout=240)
    report, _ = collect_forms(tiny, 2024, saved)
    assert report.ok, [str(i) for i in report.issues]
    values = {r["input"]: r["self_value"] for r in table(tiny / "2024" / "inputs.csv")}
    assert (values["a"], values["kinh_phi"], values["truong_ban"]) == ("9", "0.1", "cap_pho")


@pytest.mark.office
def test_hostile_texts_stay_text_in_forms_saved_by_libreoffice(soffice, tmp_path):
    """Names, labels, evidence and notes that begin with = + - @ #, saved again by LibreOffice as a clerk
    would: still text, no formula anywhere, and collected back exactly."""
    from .test_forms_hostile import data_of, formula_parts, hostile_year

    data = hostile_year(tmp_path / "data")
    before = data_of(data)
    for folder, appraisal in (("phieu", False), ("tham-dinh", True)):
        written = templates(data, tmp_path / folder, appraisal=appraisal)
        saved = tmp_path / f"{folder}-luu"
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx", "--outdir", str(saved), *map(str, written)],
                       check=True, capture_output=True, timeout=240)
        assert sorted(p.name for p in saved.iterdir()) == sorted(p.name for p in written)
        assert [formula_parts(p) for p in saved.iterdir()] == [{}] * len(written)
        report, _ = collect_forms(data, 2024, saved, appraisal=appraisal)
        assert report.ok and {i.code for i in report.warnings} <= {"not-a-link"}, [str(i) for i in report.issues]
        assert data_of(data) == before
