"""A build replaces its folder only when every entry in it is one that build wrote, unchanged.

A tiny province is built (a second each) into folders as people handle them: copied into a portal's
folder with ``cp -r site/. portal/``, moved, edited by hand, given extra files, or put under ``/proc``.
The folder keeps every file the build did not write, and the message names a few of them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from generator.build import build_site, stage_site
from generator.cli import main
from generator.marker import MARKER, foreign, survey, write_record
from generator.outdir import FolderProblem

from .helpers import ROOT, SMALL_FRAMEWORK, SMALL_INPUTS, unit_inputs, write_edition, write_framework

CONFIG = ROOT / "mkdocs.yml"
UNITS = [dict(id="a", name="Xã A", type="commune"), dict(id="b", name="Xã B", type="commune")]


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    write_framework(folder / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    write_edition(folder / "2024", 2024, {"commune": "t"}, UNITS, unit_inputs("a", "có", (9, 10), (8, 10), 50) + unit_inputs("b", "không", (5, 10), (4, 10), 10))
    return folder


@pytest.fixture
def site(data, tmp_path) -> Path:
    target = tmp_path / "site"
    report = build_site(data, target, CONFIG)
    assert report.ok, [str(i) for i in report.errors]
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(data: Path, target: Path, capsys) -> tuple[int, str]:
    status = main(["build", "--data", str(data), "--site-dir", str(target), "--config", str(CONFIG)])
    out = capsys.readouterr()
    assert "Lỗi nội bộ" not in out.out + out.err and "Traceback" not in out.out + out.err
    return status, out.out


def test_the_marker_records_every_file_written_and_not_the_folders_path(site):
    record = json.loads((site / MARKER).read_text(encoding="utf-8"))
    files, folders, others = survey(site)
    del files[MARKER]
    assert record["files"] == {name: list(stat) for name, stat in files.items()} and set(record["folders"]) == folders and others == []
    assert "index.html" in record["files"] and "assets" in record["folders"]
    assert str(site) not in (site / MARKER).read_text(encoding="utf-8")  # the folder's path is only in a digest
    assert foreign(site) is None


def test_a_previous_build_is_replaced_and_what_it_wrote_but_was_deleted_is_no_loss(data, site, capsys):
    (site / "gioi-thieu" / "index.html").unlink()
    status, out = build(data, site, capsys)
    assert status == 0, out
    assert (site / "gioi-thieu" / "index.html").is_file()


def test_a_portal_folder_holding_a_copy_of_the_site_is_never_replaced(data, site, tmp_path, capsys):
    """The issue's case: ``cp -r site/. portal/`` copies the marker into the portal's own folder."""
    portal = tmp_path / "portal"
    portal.mkdir()
    (portal / "tin-tuc.html").write_text("Tin của cổng thông tin", encoding="utf-8")
    subprocess.run(["cp", "-r", f"{site}/.", f"{portal}/"], check=True)
    before = snapshot(portal)
    status, out = build(data, portal, capsys)
    assert status == 1
    assert f"{portal}: Lỗi: tệp đánh dấu {MARKER} trong «{portal}» là của một thư mục khác" in out and "«tin-tuc.html»" in out and "[unsafe-site-dir]" in out
    assert snapshot(portal) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "portal", "site"]  # no staging folder left


@pytest.mark.parametrize("how", ["cp -a", "mv"])
def test_a_copy_or_a_moved_site_holds_a_marker_that_names_another_folder(data, site, tmp_path, capsys, how):
    elsewhere = tmp_path / "noi-khac"
    if how == "mv":
        site.rename(elsewhere)
    else:
        shutil.copytree(site, elsewhere)  # names, sizes and times all kept
    status, out = build(data, elsewhere, capsys)
    assert status == 1 and "là của một thư mục khác" in out


def test_a_file_added_or_edited_by_hand_is_named_and_kept(data, site, capsys):
    (site / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    (site / "assets" / "rieng").mkdir()
    page = site / "gioi-thieu" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<", "[", 1), encoding="utf-8")  # the same size: only its time tells
    os.utime(page, ns=(time.time_ns(), page.stat().st_mtime_ns + 1_000_000))
    before = snapshot(site)
    status, out = build(data, site, capsys)
    assert status == 1, out
    assert "có 2 mục không do lần xây dựng trước ghi («assets/rieng», «ghi-chu.txt»)" in out
    assert "1 tệp đã bị sửa sau lần xây dựng đó («gioi-thieu/index.html»)" in out and "thư mục content/" in out
    assert snapshot(site) == before


def test_a_link_inside_the_folder_is_not_followed_and_is_refused(data, site, tmp_path, capsys):
    outside = tmp_path / "quy"
    outside.mkdir()
    (outside / "tai-lieu.txt").write_text("giữ lại", encoding="utf-8")
    (site / "lien-ket").symlink_to(outside)
    status, out = build(data, site, capsys)
    assert status == 1 and "«lien-ket»" in out
    assert (outside / "tai-lieu.txt").read_text(encoding="utf-8") == "giữ lại"


def test_desktop_caches_do_not_block_a_rebuild(data, site, capsys):
    (site / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (site / "assets" / "Thumbs.db").write_bytes(b"\xd0\xcf")
    status, out = build(data, site, capsys)
    assert status == 0, out


@pytest.mark.parametrize("marker", ["Thư mục này do lệnh «dti» tạo ra; lần xây dựng sau sẽ thay toàn bộ nội dung của nó.\n", "{", '{"dti-site": 2}', ""])
def test_a_marker_that_records_nothing_proves_nothing(data, tmp_path, capsys, marker):
    """The first format of the marker was a line of text; a folder holding one (or a broken one) is refused."""
    folder = tmp_path / "cu"
    folder.mkdir()
    (folder / MARKER).write_text(marker, encoding="utf-8")
    (folder / "index.html").write_text("trang", encoding="utf-8")
    status, out = build(data, folder, capsys)
    assert status == 1 and "không ghi danh sách tệp đã dựng" in out and "hãy tự xóa nó rồi dựng lại" in out
    assert (folder / "index.html").is_file()


def test_files_put_in_the_folder_while_the_site_is_built_are_kept(data, site):
    report, staged = stage_site(data, site, CONFIG)
    assert report.ok and staged is not None
    (site / "moi.html").write_text("vừa chép vào", encoding="utf-8")
    with pytest.raises(FolderProblem, match="«moi.html»"):
        staged.swap()
    assert (site / "moi.html").is_file() and (site / "index.html").is_file()
    assert not staged.staging.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("target", ["/proc/khong-co/site", "/proc/self/site"])
def test_a_folder_that_cannot_be_created_is_said_before_anything_is_staged(tmp_path, capsys, target):
    missing_data = tmp_path / "khong-co-du-lieu"
    status = main(["build", "--data", str(missing_data), "--site-dir", target, "--config", str(CONFIG)])
    out = capsys.readouterr()
    assert status == 1 and "Lỗi nội bộ" not in out.out + out.err
    assert f"{target}: Lỗi: không tạo được thư mục đích «/proc/" in out.out and "[site-dir-unwritable]" in out.out
    assert "khong-co-du-lieu" in out.out  # and the data's problems too, in the same report


def test_a_link_loop_as_the_site_folder_is_a_located_refusal(data, tmp_path, capsys):
    loop = tmp_path / "vong"
    loop.symlink_to(loop)
    status, out = build(data, loop, capsys)
    assert status == 1 and "[unsafe-site-dir]" in out


def test_recording_and_checking_a_national_sized_folder_takes_seconds_at_most(tmp_path):
    """31,500 entries (a national site has some 13,000 pages, each in its folder, and their assets): some
    0.3 s each on an idle machine, next to a build of many minutes; the bound leaves room for a busy one."""
    folder = tmp_path / "lon"
    for n in range(1500):
        sub = folder / f"don-vi/xa-{n}"
        for year in range(2020, 2030):
            (sub / str(year)).mkdir(parents=True)
            (sub / str(year) / "index.html").write_bytes(b"x" * (n % 7))
    start = time.perf_counter()
    write_record(folder, folder)
    written = time.perf_counter() - start
    start = time.perf_counter()
    assert foreign(folder) is None
    checked = time.perf_counter() - start
    assert written < 10 and checked < 10, (written, checked)
