"""Annual publication, end to end, in a temporary git repository holding the project and a small
illustrative province: publish two years, refuse what must be refused, publish a correction, export
every edition, and check tags, folders, versions.json, errata and that rebuilding gives the same bytes."""

from __future__ import annotations

import csv
import functools
from datetime import datetime, timezone
import hashlib
import io
import json
import os
import shutil
import subprocess
import threading
import zipfile
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.cli import main
from generator.demo import PUBLICATIONS, write_demo
from generator.marker import MARKER
from generator.province import record_decision
from generator.publish import PublishError, export, publish, published_versions, read_manifests

from .conftest import QuietHandler
from .helpers import ROOT, goto_settled, run_cli, serious_accessibility_problems

# Publication with git: editions tagged, rebuilt from their tags and exported.
pytestmark = pytest.mark.slow

IDENTITY = {"GIT_AUTHOR_NAME": "Cán bộ thử nghiệm", "GIT_AUTHOR_EMAIL": "thu.nghiem@example.org", "GIT_COMMITTER_NAME": "Cán bộ thử nghiệm", "GIT_COMMITTER_EMAIL": "thu.nghiem@example.org"}
NEW_ABOUT_TEXT = "Trang giới thiệu sửa sau khi công bố năm 2023."


def run_git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def project_files() -> list[str]:
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    untracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--others", "--exclude-standard"], capture_output=True, text=True, check=True).stdout.split()
    return sorted({f for f in tracked + untracked if (ROOT / f).is_file() and not f.startswith(("data/20", "data/published/"))})


def project_repo(root: Path, write_data, message: str, ignored: str = "/site/\n/public/\n") -> Path:
    """A git repository at ``root`` holding the project without its data, and the province that
    ``write_data`` writes into ``root/data``, committed with ``message``."""
    for key, value in IDENTITY.items():
        os.environ.setdefault(key, value)
    for name in project_files():
        if not name.startswith("data/"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)
    write_data(root / "data")
    (root / ".gitignore").write_text(ignored, encoding="utf-8")
    run_git(root, "init", "--quiet")
    run_git(root, "add", "-A")
    run_git(root, "commit", "--quiet", "-m", message)
    return root


def run_in(repo: Path, *args: str) -> int:
    """``dti ARGS`` run in ``repo``, as the secretariat runs it there; its exit status."""
    try:
        os.chdir(repo)
        return main(list(args))
    finally:
        os.chdir(ROOT)


def set_cell(path: Path, unit_id: str, indicator_id: str, name: str, column: str, value: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    for row in rows:
        if (row["unit_id"], row["indicator_id"], row["input"]) == (unit_id, indicator_id, name):
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository of the project with a small province (2022–2024), on which the flow is run."""
    for key, value in IDENTITY.items():
        os.environ.setdefault(key, value)
    root = tmp_path_factory.mktemp("repo") / "dti"
    for name in project_files():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    write_demo(root / "data", root / "data" / "frameworks", communes=14, years=(2022, 2023, 2024))
    run_git(root, "init", "--quiet")
    run_git(root, "add", "-A")
    run_git(root, "commit", "--quiet", "-m", "Dữ liệu thử nghiệm")
    return root


@pytest.fixture(scope="module")
def flow(repo, tmp_path_factory):
    """Publish 2023 and 2024, a correction of 2023 after a change of the hand-written pages, then export."""
    first = publish(repo, 2023)
    (repo / "content" / "gioi-thieu.md").write_text(f"# Giới thiệu\n\n{NEW_ABOUT_TEXT}\n", encoding="utf-8")
    run_git(repo, "commit", "--quiet", "-am", "Sửa trang giới thiệu")
    second = publish(repo, 2024)
    # The council's appraisal of Sở Tài chính's indicator 3.1 (a = computers) was typed wrongly: 1 instead of the real figure.
    set_cell(repo / "data" / "2023" / "inputs.csv", "so-tai-chinh", "3.1", "a", "appraised_value", "1")
    # A correction is published by a decision of its own, dated after the edition it corrects (2024-03-22).
    record_decision(repo / "data", 2023, "Quyết định số 710/QĐ-UBND ngày 15/4/2024 (minh họa, đính chính)", "2024-04-15")
    run_git(repo, "commit", "--quiet", "-am", "Sửa số liệu thẩm định năm 2023")
    correction = publish(repo, 2023, "Hội đồng nhập sai số máy tính được công nhận của Sở Tài chính")
    out = tmp_path_factory.mktemp("export") / "public"
    versions = export(repo, out)
    return {"first": first, "second": second, "correction": correction, "out": out, "versions": versions}


# --------------------------------------------------------------------------- refusals


def test_refuses_when_validation_fails(repo, capsys):
    broken = repo / "data" / "2022" / "units.csv"
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("department", "ministry", 1), encoding="utf-8")
    run_git(repo, "commit", "--quiet", "-am", "Dữ liệu hỏng")
    try:
        os.chdir(repo)
        status = main(["publish", "2022"])
    finally:
        os.chdir(ROOT)
        broken.write_text(original, encoding="utf-8")
        run_git(repo, "commit", "--quiet", "-am", "Sửa lại dữ liệu")
    err = capsys.readouterr().err
    assert status == 1 and "Không công bố: dữ liệu có lỗi" in err and "2022/units.csv, dòng 2, cột type" in err
    assert "dti-2022" not in run_git(repo, "tag")


def test_refuses_with_uncommitted_changes(repo, capsys):
    note = repo / "content" / "ghi-chu.md"
    note.write_text("Chưa ghi vào kho.\n", encoding="utf-8")
    try:
        os.chdir(repo)
        status = main(["publish", "2022"])
    finally:
        os.chdir(ROOT)
        note.unlink()
    err = capsys.readouterr().err
    assert status == 1 and "chưa ghi (commit)" in err and "content/ghi-chu.md" in err
    assert "dti-2022" not in run_git(repo, "tag")


def test_the_folders_the_tool_writes_are_named_with_what_to_do(repo, capsys):
    """A first publication beside the forms sent out and a site built: the refusal says those folders are
    the tool's own and how to leave them out of the repository."""
    for folder in ("phieu", "tham-dinh"):
        (repo / folder).mkdir()
        (repo / folder / "x.xlsx").write_bytes(b"x")
    try:
        os.chdir(repo)
        status = main(["publish", "2022"])
    finally:
        os.chdir(ROOT)
        for folder in ("phieu", "tham-dinh"):
            shutil.rmtree(repo / folder)
    err = capsys.readouterr().err
    assert status == 1 and "chưa ghi (commit)" in err
    assert "Các thư mục phieu/, tham-dinh/ do công cụ tạo ra" in err and ".gitignore" in err
    assert "dti-2022" not in run_git(repo, "tag")


def test_refuses_to_publish_a_year_twice_or_correct_an_unpublished_one(flow, repo):
    with pytest.raises(PublishError, match="đã được công bố.*--correction"):
        publish(repo, 2023)
    with pytest.raises(PublishError, match="chưa được công bố"):
        publish(repo, 2022, "lý do")
    with pytest.raises(PublishError, match="không có gì để đính chính"):
        publish(repo, 2024, "không đổi gì")


def _cli(repo: Path, capsys, *args: str) -> tuple[int, str]:
    status, _, err = run_cli(repo, capsys, *args)
    return status, err


def _state(repo: Path) -> tuple[str, str, str]:
    return run_git(repo, "rev-parse", "HEAD"), run_git(repo, "tag"), run_git(repo, "status", "--porcelain")


HOSTILE_CONFIG = "site_name: x\nextra: !!python/object/apply:os.system ['touch da-chay']\n"


@pytest.mark.parametrize("site_dir, config, said", [
    ("/", None, "[unsafe-site-dir]"),
    ("/proc/khong-co/site", None, "[site-dir-unwritable]"),
    ("trang", "hostile", "dòng 2: Lỗi: thẻ YAML «!!python/object/apply:os.system»"),
])
def test_publish_checks_the_site_folder_and_the_configuration_before_committing_or_tagging(flow, repo, tmp_path, capsys, site_dir, config, said):
    before = _state(repo)
    args = ["publish", "2022", "--site-dir", site_dir]
    if config:
        (tmp_path / "c.yml").write_text(HOSTILE_CONFIG, encoding="utf-8")
        args += ["--config", str(tmp_path / "c.yml")]
    status, err = _cli(repo, capsys, *args)
    assert status == 1 and err.startswith("Không công bố: không dựng được trang của phiên bản này, nên chưa ghi hay gắn thẻ gì") and said in err, err
    assert _state(repo) == before and not (repo / "data" / "published" / "2022.json").exists()
    assert not (repo / "da-chay").exists() and not (repo / "trang").exists()


def test_export_refuses_a_tag_made_by_hand_without_a_manifest(flow, repo, tmp_path, capsys):
    run_git(repo, "tag", "dti-2022", "HEAD")
    try:
        status, err = _cli(repo, capsys, "export", str(tmp_path / "public"))
    finally:
        run_git(repo, "tag", "-d", "dti-2022")
    assert status == 1 and "Không xuất được: thẻ dti-2022 không có bảng kê data/published/2022.json" in err and "git tag -d dti-2022" in err
    assert list(tmp_path.iterdir()) == []  # nothing written, no edition built


def test_export_names_another_editions_broken_manifest_at_its_tag(flow, repo, tmp_path, capsys):
    tree = tmp_path / "cay"
    run_git(repo, "worktree", "add", "--quiet", "--detach", str(tree), "HEAD")
    try:
        published = tree / "data" / "published"
        manifest = json.loads((published / "2024.json").read_text(encoding="utf-8"))
        (published / "2022.json").write_text(json.dumps(dict(manifest, version="2022", year=2022)), encoding="utf-8")
        (published / "2023.json").write_text('{"version": "2023",\n "date": ', encoding="utf-8")
        run_git(tree, "add", "-A")
        run_git(tree, "commit", "--quiet", "-m", "Bảng kê sửa tay")
        run_git(tree, "tag", "dti-2022")
        status, err = _cli(repo, capsys, "export", str(tmp_path / "public"))
    finally:
        run_git(repo, "tag", "-d", "dti-2022")
        run_git(repo, "worktree", "remove", "--force", str(tree))
    assert status == 1 and "Không xuất được: data/published/2023.json (thẻ dti-2022), dòng 2: tệp bảng kê không phải JSON hợp lệ" in err, err
    assert not (tmp_path / "public").exists()


def test_export_never_replaces_a_portal_folder_holding_a_copy_of_an_export_nor_someone_elses_zip(flow, repo, tmp_path):
    portal = tmp_path / "cong"
    portal.mkdir()
    (portal / "tin-tuc.html").write_text("tin của cổng", encoding="utf-8")
    shutil.copytree(flow["out"], portal, dirs_exist_ok=True)
    with pytest.raises(PublishError, match="là của một thư mục khác.*«tin-tuc.html»"):
        export(repo, portal)
    assert (portal / "tin-tuc.html").is_file()
    (tmp_path / "public.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip that is not an export of public/
    with pytest.raises(PublishError, match="không phải tệp nén của một lần xuất trước"):
        export(repo, tmp_path / "public")
    assert not (tmp_path / "public").exists()


# --------------------------------------------------------------------------- tags and manifests


def test_each_edition_is_an_annotated_tag_naming_the_decision(flow, repo):
    assert published_versions(repo) == ["2023", "2023.1", "2024"]
    assert run_git(repo, "cat-file", "-t", "dti-2023").strip() == "tag"  # annotated, not lightweight
    message = run_git(repo, "tag", "-l", "--format=%(contents)", "dti-2023")
    assert PUBLICATIONS[2023][0] in message  # the decision 2023 was published by
    correction = run_git(repo, "tag", "-l", "--format=%(contents)", "dti-2023.1")
    assert "Hội đồng nhập sai" in correction and "Quyết định số 710/QĐ-UBND" in correction  # the correction's own decision


def test_manifest_records_inputs_frameworks_generator_and_the_data_packages_date(flow, repo):
    manifest = read_manifests(repo)["2023"]
    package = json.loads(run_git(repo, "show", "dti-2023:data/2023/datapackage.json"))
    assert manifest["date"] == package["dti"]["publication"]["date"] == "2024-03-22"
    assert manifest["frameworks"]["2023"] == package["dti"]["frameworks"]
    assert manifest["generator_version"] == "0.1.0"
    paths = [i["path"] for i in manifest["inputs"]]
    assert paths == sorted(paths) and "data/2023/inputs.csv" in paths and "data/2024/inputs.csv" not in paths
    assert "data/frameworks/gia-lai-ia-dom-2024-xa/indicators.csv" in paths
    original = run_git(repo, "show", "dti-2023:data/2023/inputs.csv").encode("utf-8")
    assert dict((i["path"], i["sha256"]) for i in manifest["inputs"])["data/2023/inputs.csv"] == hashlib.sha256(original).hexdigest()
    assert run_git(repo, "show", "dti-2023:data/published/2023.json")  # committed with the tag


# --------------------------------------------------------------------------- corrections


def test_correction_lists_every_changed_score_and_rank_with_the_reason(flow, repo):
    errata = flow["correction"].errata
    assert flow["correction"].version == "2023.1"
    mine = {(r["indicator_id"], r["field"]): r for r in errata if r["unit_id"] == "so-tai-chinh"}
    assert ("3.1", "indicator_score") in mine and ("", "total_score") in mine and ("", "percent") in mine
    assert float(mine[("3.1", "indicator_score")]["new_value"]) < float(mine[("3.1", "indicator_score")]["old_value"])
    assert {r["reason"] for r in errata} == {"Hội đồng nhập sai số máy tính được công nhận của Sở Tài chính"}
    assert {r["year"] for r in errata} == {2023}


def test_errata_page_csv_and_correction_notes(flow):
    edition = flow["out"] / "2023.1"
    rows = list(csv.DictReader(io.StringIO((edition / "data" / "errata.csv").read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"version", "year", "unit_id", "unit_name", "indicator_id", "field", "old_value", "new_value", "reason"}
    assert "Đính chính" in (edition / "dinh-chinh" / "index.html").read_text(encoding="utf-8")
    affected = (edition / "don-vi" / "so-tai-chinh" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "Đính chính — phiên bản 2023.1" in affected
    untouched = next(r["unit_id"] for r in csv.DictReader(io.StringIO((edition / "data" / "2023" / "results.csv").read_text(encoding="utf-8"))) if r["unit_id"] not in {x["unit_id"] for x in rows})
    assert "Đính chính — phiên bản" not in (edition / "don-vi" / untouched / "2023" / "index.html").read_text(encoding="utf-8")


def test_the_superseded_edition_stays_as_published(flow):
    old = (flow["out"] / "2023" / "data" / "2023" / "results.csv").read_text(encoding="utf-8")
    new = (flow["out"] / "2023.1" / "data" / "2023" / "results.csv").read_text(encoding="utf-8")
    assert old != new
    published = [o for o in json.loads((flow["out"] / "2023" / "manifest.json").read_text(encoding="utf-8"))["outputs"] if o["path"] == "data/2023/results.csv"][0]
    assert hashlib.sha256(old.encode("utf-8")).hexdigest() == published["sha256"]
    assert not (flow["out"] / "2023" / "data" / "errata.csv").exists()
    assert "Đính chính — phiên bản" not in (flow["out"] / "2023" / "don-vi" / "so-tai-chinh" / "2023" / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the exported tree


def test_export_writes_every_edition_latest_versions_json_and_a_zip(flow):
    out = flow["out"]
    assert flow["versions"] == ["2023", "2023.1", "2024"]
    assert sorted(p.name for p in out.iterdir()) == [".dti-site", "2023", "2023.1", "2024", "index.html", "latest", "versions.json"]
    versions = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["2024", "2023.1", "2023"]
    assert [v["aliases"] for v in versions] == [["latest"], [], []]
    assert all(set(v) == {"version", "title", "aliases"} for v in versions)
    assert (out / "latest" / "index.html").read_bytes() == (out / "2024" / "index.html").read_bytes()
    assert 'url=latest/' in (out / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out.with_suffix(".zip")) as archive:
        names = archive.namelist()
    assert "public/versions.json" in names and "public/2023.1/data/errata.csv" in names and names == sorted(names)


def test_each_edition_is_rebuilt_from_its_own_tag(flow):
    assert NEW_ABOUT_TEXT not in (flow["out"] / "2023" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert NEW_ABOUT_TEXT in (flow["out"] / "2024" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert not (flow["out"] / "2023" / "data" / "2024").exists()  # an edition shows its year and earlier ones


def test_footer_shows_version_and_data_checksum(flow, repo):
    for version in ("2023", "2023.1", "2024"):
        manifest = read_manifests(repo)[version]
        page = (flow["out"] / version / "index.html").read_text(encoding="utf-8")
        assert f"Phiên bản công bố <strong>{version}</strong>" in page
        assert manifest["data_sha256"][:16] in page


def test_downloads_page_explains_verification_and_the_checksums_match(flow):
    edition = flow["out"] / "2024"
    page = (edition / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    assert "certutil -hashfile" in page and "sha256sum" in page and "manifest.json" in page
    outputs = {o["path"]: o["sha256"] for o in json.loads((edition / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert {"data/2024/dti-2024.xlsx", "data/2023/dti-2023.xlsx", "data/dti-cac-nam.xlsx"} <= set(outputs)  # the workbooks too
    assert outputs["data/dti-cac-nam.xlsx"] in page
    for path, digest in outputs.items():
        assert hashlib.sha256((edition / path).read_bytes()).hexdigest() == digest, path
        assert digest in page or not path.startswith("data/2024/")


def test_build_dates_come_from_the_publication_date(flow):
    # MkDocs stamps the gzip copy of the sitemap with the build time, taken from SOURCE_DATE_EPOCH.
    header = (flow["out"] / "2023" / "sitemap.xml.gz").read_bytes()[4:8]
    stamped = datetime.fromtimestamp(int.from_bytes(header, "little"), timezone.utc)
    assert stamped.date().isoformat() == "2024-03-22"


def test_rebuilding_gives_byte_identical_files(flow, repo, tmp_path):
    again = tmp_path / "public"
    export(repo, again)
    first = {p.relative_to(flow["out"]).as_posix(): p.read_bytes() for p in flow["out"].rglob("*") if p.is_file() and p.name != MARKER}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file() and p.name != MARKER}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert flow["out"].with_suffix(".zip").read_bytes() == again.with_suffix(".zip").read_bytes()


@pytest.mark.browser
def test_older_editions_say_a_newer_one_exists(flow, browser):
    handler = functools.partial(QuietHandler, directory=str(flow["out"].parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/public/"
    try:
        for version, outdated in (("2023", True), ("2023.1", True), ("latest", False), ("2024", False)):
            context = browser.new_context()
            page = context.new_page()
            goto_settled(page, base + version + "/")
            page.locator(".md-version__current").wait_for()
            assert page.locator("[data-md-component=outdated]").is_visible() is outdated, version
            context.close()
        context = browser.new_context()
        page = context.new_page()
        for path in ("2023.1/don-vi/so-tai-chinh/2023/", "2023.1/dinh-chinh/"):
            goto_settled(page, base + path)
            page.locator("[data-md-component=outdated]").wait_for()
            assert serious_accessibility_problems(page) == [], path
        context.close()
    finally:
        server.shutdown()
