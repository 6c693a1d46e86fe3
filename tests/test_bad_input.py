"""Bad inputs: every case is answered with a located, plain-language message and exit status 1 (or, where
documented, a warning and exit status 0).

``tests/bad_inputs/`` is a catalogue of small broken packages: ``_base`` is a valid two-unit year, and each
case folder holds the files that differ from it, plus ``case.json`` with the message code and location it
must produce. ``dti validate`` is run on each as a user would run it.
"""

import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.pages import site_content
from generator.validate import validate

from .helpers import SMALL_FRAMEWORK, SMALL_INPUTS, unit_inputs, write_edition, write_framework

UNITS = [dict(id="a", name="Xã A", type="commune"), dict(id="b", name="Xã B", type="commune")]
# inputs.csv rows: a → 1.1 da_co (2), 1.2 a (3), 1.2 b (4), 2.1 a (5), 2.1 b (6), 2.2 x (7); b → rows 8–13.
GOOD_INPUTS = unit_inputs("a", "có", (9, 10), (8, 10), 50) + unit_inputs("b", "không", (5, 10), (4, 10), 10)


@pytest.fixture
def data(tmp_path):
    write_framework(tmp_path / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    write_edition(tmp_path / "2024", 2024, {"commune": "t"}, UNITS, GOOD_INPUTS, [dict(unit_id="a", indicator_id="1.2", self_score=9)])
    return tmp_path


def run(data, capsys):
    status = main(["validate", str(data)])
    out = capsys.readouterr()
    return status, out.out + out.err


def replace_line(path, row, new):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[row - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def remove_line(path, row):
    lines = path.read_text(encoding="utf-8").splitlines()
    del lines[row - 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_good_data_passes(data, capsys):
    status, out = run(data, capsys)
    assert status == 0, out
    assert "Có 0 lỗi" in out or "không có lỗi" in out


CATALOGUE = Path(__file__).parent / "bad_inputs"
CASE_NAMES = sorted(p.name for p in CATALOGUE.iterdir() if p.is_dir() and not p.name.startswith("_"))


def materialise(name: str, target: Path) -> dict:
    """The base package with one case's files laid over it, its folders renamed and files deleted."""
    spec = json.loads((CATALOGUE / name / "case.json").read_text(encoding="utf-8"))
    shutil.copytree(CATALOGUE / "_base", target)
    for path in (CATALOGUE / name).rglob("*"):
        if path.is_file() and path.name != "case.json":
            destination = target / path.relative_to(CATALOGUE / name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    for rel in spec.get("delete", []):
        (target / rel).unlink()
    for old, new in spec.get("rename", {}).items():
        (target / old).rename(target / new)
    return spec["expect"]


def test_the_catalogue_covers_at_least_forty_broken_packages():
    assert len(CASE_NAMES) >= 40


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_broken_package_gives_its_located_message(tmp_path, capsys, name):
    data = tmp_path / "data"
    expect = materialise(name, data)
    started = time.monotonic()
    status, out = run(data, capsys)
    assert time.monotonic() - started < 5, "validation must answer within a few seconds"
    assert "Traceback" not in out and "Lỗi nội bộ" not in out, out
    assert status == expect["exit"], out
    location = str(data / expect["file"])
    if expect["row"] is not None:
        location += f", dòng {expect['row']}"
    if expect["field"]:
        location += f", cột {expect['field']}"
    label = "Lỗi" if expect["severity"] == "error" else "Cảnh báo"
    lines = [line for line in out.splitlines() if line.startswith(location + f": {label}:") and line.endswith(f"[{expect['code']}]")]
    assert lines, f"expected «{location}: {label}: … [{expect['code']}]» in:\n{out}"
    if "words" in expect:
        assert any(expect["words"] in line for line in lines), lines


@pytest.mark.parametrize("name", [n for n in CASE_NAMES if json.loads((CATALOGUE / n / "case.json").read_text(encoding="utf-8"))["expect"]["exit"] == 0])
def test_what_validation_accepts_the_page_step_builds(tmp_path, name):
    materialise(name, tmp_path / "data")
    dataset, report = validate(tmp_path / "data")
    assert report.ok
    pages, files = site_content(dataset)
    assert pages and files


def test_blank_row_is_located(data, capsys):
    replace_line(data / "2024/inputs.csv", 8, "")
    status, out = run(data, capsys)
    assert status == 1 and re.search(r"2024/inputs\.csv, dòng 8: Lỗi: dòng trống", out), out


def test_several_problems_are_all_reported(data, capsys):
    replace_line(data / "2024/inputs.csv", 3, "a,1.2,a,chín,")
    replace_line(data / "2024/assessments.csv", 2, "z,1.2,9,,")
    status, out = run(data, capsys)
    assert status == 1
    assert "[not-a-number]" in out and "[unknown-unit]" in out
    assert "Có 2 lỗi" in out


def test_warnings_alone_exit_0(data, capsys):
    (data / "2024/evidence.csv").write_text("unit_id,indicator_id,title,url\na,1.1,Bản giấy,\\\\may-chu\\a.pdf\n", encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 0
    assert "2024/evidence.csv, dòng 2, cột url: Cảnh báo:" in out and "[not-a-link]" in out


def test_missing_data_folder(tmp_path, capsys):
    status, out = run(tmp_path / "khong-co", capsys)
    assert status == 1 and "không tìm thấy thư mục dữ liệu" in out


@pytest.mark.slow
def test_twenty_five_megabytes_of_junk_rows_are_counted_not_listed(tmp_path):
    """A clerk's 25 MB paste of junk (about 1,5 million rows): a bounded report (the first problems of each
    kind and how many more), bounded memory, and an answer rather than a hang."""
    data = tmp_path / "data"
    materialise("unknown-column", data)
    junk = ["zz,9.9,q,abc,def,ghi\n", "A B,1.2,a,9,\n", "a,1.2,a,chín,\n", "a,1.2,\x01,9,\n", ",,,,\n"]
    rng = random.Random(7)
    with (data / "2024" / "inputs.csv").open("a", encoding="utf-8") as handle:
        written = 0
        while written < 25_000_000:
            chunk = "".join(rng.choice(junk) for _ in range(2000))
            handle.write(chunk)
            written += len(chunk)
    report_peak = "import resource, sys; from generator.cli import main; code = main(sys.argv[1:]); print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
    process = subprocess.run([sys.executable, "-c", report_peak, "validate", str(data)], capture_output=True, text=True, timeout=300)
    out, err = process.stdout, process.stderr
    peak_mb = int(re.search(r"PEAK (\d+)", err).group(1)) / 1024
    assert peak_mb < 300, f"peak memory {peak_mb:.0f} MB"
    assert process.returncode == 1 and "Traceback" not in err
    lines = out.splitlines()
    assert len(lines) < 200, len(lines)
    summaries = {re.search(r"\[(.+)\]$", line).group(1) for line in lines if "khác trong tệp này không được liệt kê" in line}
    assert summaries >= {"extra-cell", "bad-pattern", "control-character", "blank-row"}, summaries
    total = int(re.search(r"Có (\d+) lỗi", lines[-1]).group(1))
    assert total > 1_000_000
