"""A province just started has no units yet: its latest year builds as a preview that says so, an
earlier year without units is still an error, and a year without units is never published."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.editions import PublishError
from generator.publish import publish

pytestmark = pytest.mark.slow  # builds a site


@pytest.fixture
def started(tmp_path, monkeypatch) -> Path:
    assert main(["init", str(tmp_path / "binh-son"), "--province", "Tỉnh Bình Sơn", "--year", "2026"]) == 0
    monkeypatch.chdir(tmp_path / "binh-son")
    return tmp_path / "binh-son"


def test_right_after_init_the_preview_builds_and_says_no_unit_is_listed_yet(started, capsys):
    assert main(["build", "--draft"]) == 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert "data/2026/units.csv: Cảnh báo: năm 2026 chưa có đơn vị nào" in said and "[no-units]" in said
    home = (started / "site" / "index.html").read_text(encoding="utf-8")
    assert "Tỉnh Bình Sơn" in home and "Năm 2026 chưa có đơn vị nào trong danh sách" in home
    assert (started / "site" / "assets" / "dti.css").is_file()  # styled from the installed package


def test_an_earlier_year_without_units_is_an_error(started, capsys):
    # `dti year new` carries the units of 2026 over: there are none, so 2027 is empty too. 2027 is the
    # year being prepared (a warning); 2026 is a past year with no units (an error).
    assert main(["year", "new", "2027"]) == 0
    capsys.readouterr()
    assert main(["validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("data/2026/units.csv: Lỗi:") and line.endswith("[no-units]") for line in lines)
    assert any(line.startswith("data/2027/units.csv: Cảnh báo:") and line.endswith("[no-units]") for line in lines)


def test_a_year_without_units_is_not_published(started):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(started)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=started, env=env, check=True)
    with pytest.raises(PublishError, match="năm 2026 chưa có đơn vị nào"):
        publish(started, 2026)
    tags = subprocess.run(["git", "tag"], cwd=started, capture_output=True, text=True, check=True).stdout
    assert tags == ""
