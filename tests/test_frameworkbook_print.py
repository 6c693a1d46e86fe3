"""The «Bảng quy tắc tính điểm» a council signs, as LibreOffice prints it: A4 landscape, every indicator
with its rule in words and a worked example, the decision's words and no code. The PNG of the first page
is kept in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from generator.frameworkbook.layout import GUIDE_SHEET, INDICATOR_SHEET, INFO_SHEET, INPUT_SHEET, TRIAL_SHEET
from generator.frameworkbook.write import export

from .helpers import FRAMEWORKS, bundled
from .test_forms_print import render, soffice  # noqa: F401 (soffice is a fixture)


@pytest.mark.office
def test_libreoffice_prints_the_table_of_rules_of_a_shipped_set(soffice, artifacts, tmp_path):
    fw = bundled("hai-duong-2405-2024-so")
    book = tmp_path / "so.xlsx"
    assert export(FRAMEWORKS / fw.id, book)[0].ok
    png = artifacts / "bo-chi-so-bang-quy-tac.png"
    text = render(book, png, leave_out=(GUIDE_SHEET, INFO_SHEET, INDICATOR_SHEET, INPUT_SHEET, TRIAL_SHEET))
    assert png.stat().st_size > 20_000
    flat = " ".join(text.split())
    assert "BẢNG QUY TẮC TÍNH ĐIỂM — BỘ CHỈ SỐ CHUYỂN ĐỔI SỐ CÁC SỞ, BAN, NGÀNH CẤP TỈNH" in flat and "Trang 1/" in flat
    assert "ngày 13/09/2024" in flat and "CHỦ TỊCH HỘI ĐỒNG THẨM ĐỊNH" in flat
    printed = set(flat.split())
    for ind in fw.leaves():  # every rule in the words the site shows (a long one is wrapped, its lines between other columns')
        assert set(ind.describe().split()) <= printed, ind.id
    assert "Có (đã thực hiện): điểm tối đa; không: 0 điểm." in flat and "Điểm = tỷ lệ a/b × điểm tối đa." in flat
    # 4.3's worked example: a = 3, b = 40, c = 9 → 3/(40 + 9) of 10 points = 0,6122… → 0,61, rounded once as published
    assert "Với a = 3, b = 40, c = 9:" in flat and "Tỷ lệ a/(b+c) = 3 / (40 + 9) ≈ 6,1224 %" in flat
    assert "Điểm ≈ 6,1224 % × 10 ≈ 0,6122; làm tròn một lần như khi công bố (2 chữ số thập phân): 0,61 điểm" in flat
    assert not [w for w in flat.split() if "_" in w], "a code reached the printed table"


@pytest.mark.office
def test_a_workbook_saved_by_libreoffice_comes_back_byte_for_byte(soffice, tmp_path):
    """An official opens the exported workbook in LibreOffice and saves it: collected, it is the same package."""
    import subprocess

    from generator.frameworkbook.collect import collect

    fid = "hai-duong-2405-2024-huyen"
    book = tmp_path / "in" / f"{fid}.xlsx"
    assert export(FRAMEWORKS / fid, book)[0].ok
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", str(tmp_path / "out"), str(book)], check=True, capture_output=True, timeout=240)
    saved = tmp_path / "out" / f"{fid}.xlsx"
    assert saved.read_bytes() != book.read_bytes()  # LibreOffice wrote its own file
    report, _ = collect(saved, fid, tmp_path / "data")
    assert report.ok, [str(i) for i in report.errors]
    for name in ("datapackage.json", "indicators.csv", "inputs.csv"):
        assert (tmp_path / "data" / "frameworks" / fid / name).read_bytes() == (FRAMEWORKS / fid / name).read_bytes(), name
