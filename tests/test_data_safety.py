"""Nothing is lost to a mistyped folder or a killed build.

Each case runs ``dti`` as a person would, in a temporary clone of the project with an uncommitted file in
it: the build must refuse any site folder that is or contains the project, the data or the
configuration's folder, or a folder holding anything it did not write (a portal's folder with a copy of
the site in it, too); a build killed halfway leaves only folders that git ignores, that the next build
removes, and no helper process writing on.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .helpers import poll_until

# Each case clones the project with git and runs dti in it, most of them building a site.
pytestmark = pytest.mark.slow


def dti(clone: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(clone))
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=clone, env=env, capture_output=True, text=True, **kwargs)


NOTE = "ghi-chu-chua-luu.txt"  # a file of the secretariat's, not committed


def clone_of(source: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "config", "user.email", "thu@example.invalid"], check=True)
    subprocess.run(["git", "-C", str(target), "config", "user.name", "Thử nghiệm"], check=True)
    return target


@pytest.fixture
def clone(tmp_path) -> Path:
    target = clone_of(ROOT, tmp_path / "du-an")
    (target / NOTE).write_text("việc đang làm, chưa commit\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    """A clone with a province of 12 communes committed in place of the demo's 64: the tests below build
    the site several times, and what they check does not depend on its size. Made once; each test gets a
    copy of its own."""
    project = clone_of(ROOT, tmp_path_factory.mktemp("nho") / "du-an")
    assert dti(project, "demo", "data", "--communes", "12").returncode == 0
    subprocess.run(["git", "-C", str(project), "commit", "-qam", "Tỉnh nhỏ"], check=True)
    return project


@pytest.fixture
def small_clone(small_project, tmp_path) -> Path:
    target = tmp_path / "du-an"
    shutil.copytree(small_project, target, symlinks=True)
    (target / NOTE).write_text("việc đang làm, chưa commit\n", encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "site_dir, what",
    [
        (".", "sẽ xóa mất"),
        ("..", "sẽ xóa mất"),
        ("data", "sẽ xóa mất thư mục dữ liệu"),
        ("data/2024", "nằm trong thư mục dữ liệu"),
        ("content", "không do lệnh dti tạo ra"),
        ("generator", "không do lệnh dti tạo ra"),
    ],
)
def test_a_site_folder_that_holds_the_project_or_someone_elses_files_is_refused(clone, site_dir, what):
    before = snapshot(clone)
    result = dti(clone, "build", "--site-dir", site_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[unsafe-site-dir]" in result.stdout and what in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(clone) == before
    assert subprocess.run(["git", "-C", str(clone), "status", "--porcelain"], capture_output=True, text=True).stdout == f"?? {NOTE}\n"


def test_a_previous_build_is_replaced_and_an_empty_folder_is_used(small_clone):
    clone = small_clone
    (clone / "trang").mkdir()
    assert dti(clone, "build", "--site-dir", "trang").returncode == 0
    assert (clone / "trang" / ".dti-site").is_file() and (clone / "trang" / "index.html").is_file()
    (clone / "trang" / "index.html").unlink()  # what the build wrote may go: it writes it again
    assert dti(clone, "build", "--site-dir", "trang").returncode == 0
    assert (clone / "trang" / "index.html").is_file()


def test_a_portal_folder_that_received_a_copy_of_the_site_keeps_its_files(small_clone):
    """What the README's «upload the contents of site/» invites: ``cp -r site/. portal/``, then a build
    into the portal's folder."""
    clone = small_clone
    assert dti(clone, "build").returncode == 0
    portal = clone.parent / "cong-thong-tin"
    portal.mkdir()
    (portal / "lien-he.html").write_text("Trang liên hệ của cổng", encoding="utf-8")
    subprocess.run(["cp", "-r", f"{clone / 'site'}/.", f"{portal}/"], check=True)
    before = snapshot(portal)
    result = dti(clone, "build", "--site-dir", str(portal))
    assert result.returncode == 1 and "[unsafe-site-dir]" in result.stdout and "«lien-he.html»" in result.stdout, result.stdout + result.stderr
    assert snapshot(portal) == before
    (clone / "site" / "cu.html").write_text("bản cũ", encoding="utf-8")  # and a file added to the site itself
    result = dti(clone, "build")
    assert result.returncode == 1 and "«cu.html»" in result.stdout
    assert (clone / "site" / "cu.html").is_file()


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _indexers(clone: Path, build: int) -> list[int]:
    """The processes other than the build itself working in the build's staging folder, once it has one."""
    staging = list(clone.glob(".dti-staging-site-*"))
    return [pid for pid in _processes_mentioning(str(staging[0])) if pid != build] if staging else []


def _still_running(pids: list[int], seconds: float) -> list[int]:
    """Those of ``pids`` that have not ended after waiting up to ``seconds`` in all: each process's pidfd
    becomes readable when it ends (a zombie has ended)."""
    deadline = time.monotonic() + seconds
    running = []
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ended, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ended:
                running.append(pid)
        finally:
            os.close(fd)
    return running


def test_a_killed_build_leaves_nothing_that_blocks_the_next_build_or_publication(small_clone):
    clone = small_clone
    env = dict(os.environ, PYTHONPATH=str(clone))
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers = poll_until(lambda: _indexers(clone, build.pid), seconds=120)  # the search indexer is running
    assert helpers, "the build never started its search indexer"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert _still_running(helpers, seconds=5) == [], "the indexer kept running"
    assert list(clone.glob(".dti-staging-site-*"))
    status = subprocess.run(["git", "-C", str(clone), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status == f"?? {NOTE}\n", status  # the leftovers are ignored by git
    assert dti(clone, "build").returncode == 0
    assert not list(clone.glob(".dti-staging-site-*")) and not list(clone.glob(".dti-old-site-*"))
    (clone / NOTE).unlink()
    published = dti(clone, "publish", "2024", "--site-dir", "site")
    assert published.returncode == 0, published.stdout + published.stderr
