"""A province starts on its own: the data-format guide's section «Bắt đầu cho một tỉnh mới», followed
literally in an empty folder.

The commands are read from the guide's ``sh`` blocks, step by step, and run as a secretariat runs them
(``dti`` is the installed command line; ``git`` is git); what a person does in a spreadsheet between two
steps (typing the units, offices filling their forms with Vietnamese numbers) is done here with the files
saved as Excel and LibreOffice save them. Nothing is copied from the repository. At each step a mistake a
newcomer makes is tried too, and answered with a located Vietnamese message.
"""

from __future__ import annotations

import random
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.demo import generate_inputs
from generator.errors import Report
from generator.forms.layout import FIRST_ROW, SELF_COLUMNS, SELF_SHEET
from generator.load import load_framework

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "dinh-dang-du-lieu.md"
PROVINCE = "Tỉnh Bình Sơn"
DEPARTMENTS = ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Xây dựng", "Sở Tư pháp", "Văn phòng UBND tỉnh"]
COMMUNES = ["Xã An Bình", "Phường Đông Sơn", "Xã Tân Lập", "Xã Hòa Mỹ", "Phường Bắc Sơn", "Xã Phú Lộc", "Đặc khu Hòn Mê", "Xã Thạch Đà"]

pytestmark = pytest.mark.slow  # a province's whole first year: forms, builds, publication


def guide_steps() -> list[tuple[int, list[str]]]:
    """(step number, its command lines) of the guide's section, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Bắt đầu cho một tỉnh mới"):]
    section = section[: section.index("\n## ", 1)]
    steps = []
    for match in re.finditer(r"^### Bước (\d+) — .*?$(.*?)(?=^### |\Z)", section, re.M | re.S):
        commands = [line for block in re.findall(r"```sh\n(.*?)```", match.group(2), re.S) for line in block.splitlines() if line.strip()]
        steps.append((int(match.group(1)), commands))
    return steps


class Secretariat:
    """Runs the guide's commands in a folder, as a person at a terminal would."""

    def __init__(self, where: Path):
        self.cwd = where
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(where), "LANG": "C.UTF-8", "GIT_CONFIG_NOSYSTEM": "1"}

    def run(self, line: str, ok: bool = True) -> subprocess.CompletedProcess:
        args = shlex.split(line)
        if args[0] == "cd":
            self.cwd = self.cwd / args[1]
            return subprocess.CompletedProcess(args, 0, "", "")
        if args[0] == "dti":
            args = [sys.executable, "-m", "generator.cli", *args[1:]]
        done = subprocess.run(args, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=600)
        said = done.stdout + done.stderr
        assert "Traceback" not in said and "Lỗi nội bộ" not in said, said
        if ok:
            assert done.returncode == 0, f"{line}\n{said}"
        return done


def type_units(units_csv: Path) -> None:
    """Units typed into the spreadsheet and saved as «CSV UTF-8»: a byte-order mark and Windows line ends."""
    header = units_csv.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    rows = []
    for i, name in enumerate(DEPARTMENTS + COMMUNES):
        kind = "department" if name in DEPARTMENTS else "commune"
        row = {"id": f"{'so' if kind == 'department' else 'xa'}-{i + 1:02d}", "name": name, "type": kind}
        rows.append(",".join(row.get(h, "") for h in header))
    units_csv.write_bytes(("\ufeff" + "\r\n".join([",".join(header), *rows]) + "\r\n").encode("utf-8"))


def vietnamese(text: str) -> str:
    """A figure as a Vietnamese office types it: a decimal comma, thousands grouped with dots."""
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return text
    whole, _, part = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + part if part else "")


def fill_forms(sent: Path, returned: Path, frameworks: dict) -> None:
    """Every office fills its form: each figure typed as text in the Vietnamese way (``1.250,5``)."""
    returned.mkdir()
    rng = random.Random(2026)
    column = {name: c.letter for name, c in SELF_COLUMNS.items()}
    for form in sorted(sent.glob("*.xlsx")):
        wb = load_workbook(form)
        ws = wb[SELF_SHEET]
        keys = {ws[f"{column['key']}{r}"].value: r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"{column['key']}{r}"].value}
        fw = frameworks["department" if form.stem.startswith("so-") else "commune"]
        for ind in fw.leaves():
            for name, text in generate_inputs(ind, rng.random(), rng).items():
                row = keys.get(f"{ind.id}|{name}")
                if row is not None:
                    ws[f"{column['value']}{row}"] = vietnamese(text)
        wb.save(returned / form.name)


def test_a_new_province_from_an_empty_folder_to_its_first_published_year(tmp_path):
    steps = guide_steps()
    assert [n for n, _ in steps] == list(range(1, 10)), "the guide's steps 1 to 9"
    person = Secretariat(tmp_path)
    frameworks: dict = {}
    for number, commands in steps:
        if number == 2:
            type_units(person.cwd / "data" / "2026" / "units.csv")
        if number == 4:
            for fid in (person.cwd / "data" / "frameworks").iterdir():
                fw = load_framework(fid, Report())
                frameworks[fw.unit_type] = fw
            fill_forms(person.cwd / "phieu", person.cwd / "phieu-da-nhan", frameworks)
        for line in commands:
            person.run(line)
        mistakes(number, person)

    site = person.cwd / "site"
    assert (site / "assets" / "dti.css").is_file() and (site / "assets" / "dti.js").is_file()
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert PROVINCE in html and 'lang="vi"' in html, page
        if "nhung" not in page.relative_to(site).parts:  # the embeds are standalone pages with their own style
            assert "assets/dti.css" in html, page
    scorecard = (site / "don-vi" / "xa-07" / "2026" / "index.html").read_text(encoding="utf-8")
    assert "Xã An Bình" in scorecard and "Liên hệ: Sở Khoa học và Công nghệ" in scorecard
    assert "Đặc khu Hòn Mê" in (site / "don-vi" / "xa-13" / "2026" / "index.html").read_text(encoding="utf-8")
    assert "Dự thảo" not in (site / "index.html").read_text(encoding="utf-8")
    tags = person.run("git tag").stdout.split()
    assert "dti-2026" in tags
    assert (person.cwd / "data" / "2027" / "units.csv").read_bytes() == (person.cwd / "data" / "2026" / "units.csv").read_bytes()


def mistakes(step: int, person: Secretariat) -> None:
    """After each step, the mistake a newcomer makes there: a located message in Vietnamese, exit 1."""
    if step == 1:
        again = person.run(f'dti init ../binh-son --province "{PROVINCE}" --year 2026', ok=False)
        assert again.returncode == 1 and "đã có nội dung" in again.stderr
    elif step == 2:
        units = person.cwd / "data" / "2026" / "units.csv"
        good = units.read_bytes()
        units.write_bytes(good.replace(b",department,", b",so,", 1))
        wrong = person.run("dti validate", ok=False)
        assert wrong.returncode == 1 and re.search(r"data/2026/units\.csv, dòng 2, cột type: Lỗi: giá trị «so» không hợp lệ", wrong.stdout), wrong.stdout
        units.write_bytes(good)
    elif step == 4:
        returned = person.cwd / "phieu-sai"
        returned.mkdir()
        form = person.cwd / "phieu-da-nhan" / "xa-07.xlsx"
        wb = load_workbook(form)
        ws = wb[SELF_SHEET]
        column = {name: c.letter for name, c in SELF_COLUMNS.items()}
        row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if str(ws[f"{column['key']}{r}"].value).endswith("|a") and ws[f"{column['how']}{r}"].value and "số nguyên" in ws[f"{column['how']}{r}"].value)
        ws[f"{column['value']}{row}"] = "mười"
        wb.save(returned / "xa-07.xlsx")
        wrong = person.run("dti collect 2026 phieu-sai --check", ok=False)
        assert wrong.returncode == 1 and f"phieu-sai/xa-07.xlsx, trang «{SELF_SHEET}», ô G{row}: Lỗi: «mười» phải là một số nguyên" in wrong.stdout
    elif step == 8:
        wrong = person.run('dti year decision 2026 --decision "Quyết định số 1/QĐ-UBND" --date 20/3/2027', ok=False)
        assert wrong.returncode == 1 and "NĂM-THÁNG-NGÀY" in wrong.stderr
        again = person.run("dti publish 2026", ok=False)
        assert again.returncode == 1 and "đã được công bố" in again.stderr


# --------------------------------------------------------------------------- the commands' refusals


def dti(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and "Lỗi nội bộ" not in done.stderr
    return done


@pytest.mark.parametrize("args, words", [
    (["--province", ""], "hãy ghi tên tỉnh"),
    (["--province", "Tỉnh\u202eSơn"], "ký tự điều khiển"),
    (["--province", "Tỉnh Bình Sơn", "--frameworks", "khong-co"], "không có bộ chỉ số «khong-co»"),
    (["--province", "Tỉnh Bình Sơn", "--frameworks", "hai-duong-2405-2024-so,hai-duong-2405-2024-so"], "hai bộ chỉ số cho cùng loại đơn vị"),
    (["--province", "Tỉnh Bình Sơn", "--portal", "binhson.gov.vn"], "phải bắt đầu bằng https://"),
    (["--province", "Tỉnh Bình Sơn", "--logo", "khong-co.png"], "phải là một tệp ảnh có sẵn"),
])
def test_init_refuses_in_words_and_writes_nothing(tmp_path, args, words):
    done = dti("init", "tinh", "--year", "2026", *args, cwd=tmp_path)
    assert done.returncode == 1 and words in done.stderr and done.stderr.startswith("Không tạo được: ")
    assert not (tmp_path / "tinh").exists()


def test_a_new_year_starts_from_the_last_with_its_units_and_nothing_else(tmp_path):
    assert dti("init", "tinh", "--province", PROVINCE, "--year", "2026", "--contact", "Sở KH&CN", cwd=tmp_path).returncode == 0
    data = tmp_path / "tinh" / "data"
    type_units(data / "2026" / "units.csv")
    (data / "2026" / "inputs.csv").write_text("unit_id,indicator_id,input,self_value,appraised_value\nxa-07,1.1,truong_ban,cap_pho,\n", encoding="utf-8")
    assert dti("year", "decision", "2026", "--decision", "Quyết định số 456/QĐ-UBND ngày 20/3/2027", "--date", "2027-03-20", cwd=tmp_path / "tinh").returncode == 0
    assert dti("year", "new", "2027", cwd=tmp_path / "tinh").returncode == 0
    import json

    new = json.loads((data / "2027" / "datapackage.json").read_text(encoding="utf-8"))
    old = json.loads((data / "2026" / "datapackage.json").read_text(encoding="utf-8"))
    assert new["dti"]["year"] == 2027 and new["dti"]["province"] == PROVINCE and new["dti"]["number_format"] == "vi"
    assert new["dti"]["publication"]["decision"] == "" and new["dti"]["publication"]["date"] == ""
    assert old["dti"]["publication"]["decision"] == "Quyết định số 456/QĐ-UBND ngày 20/3/2027"
    assert (data / "2027" / "units.csv").read_bytes() == (data / "2026" / "units.csv").read_bytes()
    assert (data / "2027" / "inputs.csv").read_text(encoding="utf-8").splitlines() == ["unit_id,indicator_id,input,self_value,appraised_value"]
    again = dti("year", "new", "2027", cwd=tmp_path / "tinh")
    assert again.returncode == 1 and "đã có thư mục data/2027" in again.stderr
    earlier = dti("year", "new", "2025", cwd=tmp_path / "tinh")
    assert earlier.returncode == 1 and "không sau năm gần nhất (2027)" in earlier.stderr


def test_a_built_package_carries_the_theme_the_assets_and_the_shipped_index_sets(tmp_path):
    """A province installs the package and never copies the theme: a wheel holds it."""
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = tmp_path.glob("dti_site-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("generator/bundled/theme/main.html", "generator/bundled/theme/partials/copyright.html", "generator/bundled/assets/dti.css",
                   "generator/bundled/assets/dti.js", "generator/bundled/frameworks/gia-lai-ia-dom-2024-xa/indicators.csv"):
        assert needed in names, needed
    assert not any(n.endswith(".png") for n in names if n.startswith("generator/bundled/"))


@pytest.mark.parametrize("change, words", [
    (("  name: material\n", "  name: material\n  custom_dir: theme\n"), "thư mục giao diện riêng (theme.custom_dir)"),
    (("  name: material\n", "  name: materiall\n"), "giao diện «materiall» không có; hãy ghi theme: name: material"),
])
def test_the_engines_configuration_errors_are_said_in_vietnamese_with_their_cause(tmp_path, change, words):
    assert dti("init", "tinh", "--province", PROVINCE, "--year", "2026", cwd=tmp_path).returncode == 0
    folder = tmp_path / "tinh"
    type_units(folder / "data" / "2026" / "units.csv")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    done = dti("build", "--draft", cwd=folder)
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "[build-failed]" in line)
    assert line.startswith("mkdocs.yml: Lỗi: không đọc được cấu hình: ") and words in line and "(MkDocs: Config value 'theme'" in line
    assert "Aborted with a configuration error" not in done.stdout


def test_a_province_whose_pages_hold_no_assets_gets_the_packages(tmp_path):
    """Only the introduction page in content/: the site still has its stylesheet and page script."""
    assert dti("init", "tinh", "--province", PROVINCE, "--year", "2026", cwd=tmp_path).returncode == 0
    folder = tmp_path / "tinh"
    type_units(folder / "data" / "2026" / "units.csv")
    assert dti("build", "--draft", cwd=folder).returncode == 0
    site = folder / "site"
    from generator import bundled

    assert (site / "assets" / "dti.css").read_bytes() == bundled.asset("dti.css")
    assert (site / "assets" / "dti.js").read_bytes() == bundled.asset("dti.js")
