"""Annual publication: frozen editions, git tags, corrections, and the tree uploaded to the portal.

* ``dti publish YEAR`` publishes edition ``YEAR``; ``--correction "reason"`` publishes ``YEAR.1``,
  ``YEAR.2``, …. Each edition gets a manifest in ``data/published/<version>.json`` (checksums of every
  input file, the index sets, the generator version, the publication decision and date taken from the
  data package, the checksums of the open-data files, and for a correction the errata), a commit, and
  an annotated tag ``dti-<version>``.
* An edition is built from its tag alone, so building it again later gives the same bytes.
* ``dti export DIR`` rebuilds every edition from its tag into ``DIR/<version>/``, adds ``latest/`` and a
  ``versions.json`` in mike's format for Material's version selector, and zips the tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

from .build import build_site
from .editions import PUBLISHED, EditionInfo, PublishError, errata_rows, is_version, read_manifests, up_to, version_key, year_of
from .model import Dataset
from .opendata import contract_problems, open_data_files
from .pages import data_files
from .outdir import MARKER, die_with_parent, refusal, remove_leftovers, staging_for, swap_in
from .packaging import json_text
from .validate import validate

TAG_PREFIX = "dti-"


# --------------------------------------------------------------------------- manifests


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_files(root: Path, dataset: Dataset, year: int) -> list[Path]:
    """Every file an edition of ``year`` is built from: the years' packages and their index sets."""
    folders = [Path(dataset.editions[y].path) for y in sorted(dataset.editions) if y <= year]
    used = sorted({fid for y in dataset.editions if y <= year for fid in dataset.editions[y].frameworks.values()})
    folders += [Path(root) / "data" / "frameworks" / fid for fid in used]
    files = []
    for folder in folders:
        folder = folder if folder.is_absolute() else Path(root) / folder
        files += [p for p in folder.rglob("*") if p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def errata_so_far(root: Path, version: str, errata: list[dict]) -> list[dict]:
    """The errata an edition shows (``data/errata.csv``): those of the year's earlier corrections, then its own."""
    earlier = [m for v, m in sorted(read_manifests(root).items(), key=lambda kv: version_key(kv[0])) if year_of(v) == year_of(version) and version_key(v) < version_key(version)]
    return [row for m in earlier for row in m.get("errata", [])] + list(errata)


def manifest_for(root: Path, dataset: Dataset, version: str, reason: str | None, errata: list[dict], supersedes: str | None) -> dict:
    year = year_of(version)
    edition = dataset.editions[year]
    if not edition.publication.date:
        raise PublishError(f"data/{year}/datapackage.json chưa ghi dti.publication.date (ngày công bố); ngày công bố lấy từ dữ liệu, không lấy từ đồng hồ máy")
    try:
        date.fromisoformat(edition.publication.date)
    except ValueError:
        raise PublishError(f"dti.publication.date «{edition.publication.date}» phải có dạng YYYY-MM-DD") from None
    inputs = [{"path": p.relative_to(root).as_posix(), "sha256": sha256_bytes(p.read_bytes())} for p in input_files(root, dataset, year)]
    files = open_data_files(up_to(dataset, year), version=version, errata=errata_so_far(root, version, errata))
    outputs = sorted(({"path": path, "sha256": sha256_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))} for path, content in files.items()), key=lambda o: o["path"])
    combined = "".join(f"{i['sha256']}  {i['path']}\n" for i in inputs)
    return {
        "version": version,
        "year": year,
        "province": edition.province,
        "decision": edition.publication.decision,
        "date": edition.publication.date,
        "correction": reason,
        "supersedes": supersedes,
        "generator_version": metadata.version("dti-site"),
        "frameworks": {str(y): dict(sorted(dataset.editions[y].frameworks.items())) for y in sorted(dataset.editions) if y <= year},
        "data_sha256": sha256_bytes(combined.encode("utf-8")),
        "inputs": inputs,
        "outputs": outputs,
        "errata": errata,
    }


# --------------------------------------------------------------------------- git


def git(root: Path, *args: str, check: bool = True, input: bytes | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=input)
    if check and result.returncode != 0:
        raise PublishError(f"lệnh git {' '.join(args)} không thành công: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result


def repository_root(start: Path) -> Path:
    result = subprocess.run(["git", "-C", str(start), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError("thư mục này không nằm trong một kho git; công bố cần git để lưu và gắn thẻ từng phiên bản")
    return Path(result.stdout.strip())


def published_versions(root: Path) -> list[str]:
    tags = git(root, "tag", "--list", f"{TAG_PREFIX}*").stdout.decode().split()
    return sorted((t[len(TAG_PREFIX):] for t in tags if is_version(t[len(TAG_PREFIX):])), key=version_key)


def checkout(root: Path, version: str, target: Path) -> Path:
    """The repository exactly as tagged for ``version``, unpacked into ``target``."""
    archive = git(root, "archive", "--format=tar", f"{TAG_PREFIX}{version}").stdout
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as handle:
        handle.write(archive)
        handle.seek(0)
        with tarfile.open(fileobj=handle) as tar:
            tar.extractall(target, filter="data")
    return target


# --------------------------------------------------------------------------- publish


@dataclass
class Published:
    version: str
    tag: str
    manifest: Path
    errata: list[dict]


def publish(root: Path, year: int, correction: str | None = None, site_dir: Path | None = None, config: Path | None = None) -> Published:
    """Publish the edition of ``year`` (or a correction of it); raise PublishError to refuse."""
    root = repository_root(root)
    dataset, report = validate(root / "data", keep_inputs=False)
    if not report.ok:
        raise PublishError("dữ liệu có lỗi, không công bố:\n" + "\n".join(str(i) for i in report.sorted() if i.is_error))
    dirty = git(root, "status", "--porcelain", "--untracked-files=normal").stdout.decode().strip()
    if dirty:
        files = "\n".join("  " + line for line in dirty.splitlines()[:20])
        raise PublishError(f"kho git còn thay đổi chưa ghi (commit); công bố phải từ trạng thái đã ghi để có thể dựng lại:\n{files}")
    if year not in dataset.editions:
        raise PublishError(f"không có dữ liệu năm {year} (thư mục data/{year})")
    if dataset.editions[year].publication.draft:
        raise PublishError(
            f"kết quả năm {year} còn là dự thảo (dti.publication.draft: true trong data/{year}/datapackage.json); "
            "khi có quyết định công bố, hãy ghi số, ngày quyết định, bỏ dòng draft và ghi (commit) lại trước khi công bố"
        )
    versions = [v for v in published_versions(root) if year_of(v) == year]
    if correction is None:
        if versions:
            raise PublishError(f"năm {year} đã được công bố (thẻ {TAG_PREFIX}{versions[0]}); để công bố bản đính chính, dùng --correction \"lý do\"")
        version, supersedes, errata = str(year), None, []
    else:
        if not correction.strip():
            raise PublishError("bản đính chính cần nêu lý do: --correction \"lý do\"")
        if not versions:
            raise PublishError(f"năm {year} chưa được công bố nên chưa có gì để đính chính; hãy công bố trước: dti publish {year}")
        supersedes = versions[-1]
        version = f"{year}.{version_key(supersedes)[1] + 1}"
        with tempfile.TemporaryDirectory() as tmp:
            old_root = checkout(root, supersedes, Path(tmp) / "old")
            old, _ = validate(old_root / "data", keep_inputs=False)
        errata = errata_rows(old, dataset, year, version, correction.strip())
        if not errata:
            raise PublishError(f"dữ liệu năm {year} không làm thay đổi điểm hay thứ hạng nào so với phiên bản {supersedes}; không có gì để đính chính")

    edition = up_to(dataset, year)
    problems = contract_problems(open_data_files(edition, version=version, errata=errata_so_far(root, version, errata)) | data_files(edition))
    if problems:
        raise PublishError("các tệp dữ liệu mở không khớp lược đồ công bố của chính chúng:\n" + "\n".join(problems))
    manifest = manifest_for(root, dataset, version, correction.strip() if correction else None, errata, supersedes)
    path = root / PUBLISHED / f"{version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text(manifest), encoding="utf-8")
    git(root, "add", path.relative_to(root).as_posix())
    kind = f"bản đính chính {version}" if correction else f"phiên bản {version}"
    git(root, "commit", "--quiet", "-m", f"Công bố kết quả Chỉ số chuyển đổi số năm {year} ({kind})")
    message = f"Kết quả Chỉ số chuyển đổi số năm {year}, {kind}: {manifest['decision'] or 'chưa ghi quyết định công bố'} ({manifest['date']})."
    if correction:
        message += f"\nĐính chính phiên bản {supersedes}: {correction.strip()}"
    git(root, "tag", "-a", f"{TAG_PREFIX}{version}", "-m", message)
    if site_dir is not None:
        built = build_site(root / "data", site_dir, config or root / "mkdocs.yml", edition=version, validated=(dataset, report))
        if not built.ok:
            raise PublishError("đã gắn thẻ nhưng không dựng được trang:\n" + "\n".join(str(i) for i in built.errors))
    return Published(version, f"{TAG_PREFIX}{version}", path, errata)


# --------------------------------------------------------------------------- export


def build_from_tag(root: Path, version: str, target: Path) -> None:
    """Build one edition from its tag, with the generator as it was at that tag."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = checkout(root, version, Path(tmp) / "tree")
        env = dict(os.environ, PYTHONPATH=str(tree), SOURCE_DATE_EPOCH=str(EditionInfo(version, read_manifests(tree)[version]).epoch))
        command = [sys.executable, "-m", "generator.cli", "build", "--edition", version, "--data", "data", "--site-dir", str(target), "--config", "mkdocs.yml"]
        result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, preexec_fn=die_with_parent)
        if result.returncode != 0:
            raise PublishError(f"không dựng lại được phiên bản {version} từ thẻ {TAG_PREFIX}{version}:\n{result.stdout}{result.stderr}")


def versions_json(versions: list[str]) -> str:
    """mike's versions.json: newest first; the newest edition carries the ``latest`` alias."""
    newest = versions[-1]
    entries = []
    for v in sorted(versions, key=version_key, reverse=True):
        n = version_key(v)[1]
        title = f"{year_of(v)} (đính chính {n})" if n else str(v)
        entries.append({"version": v, "title": title, "aliases": ["latest"] if v == newest else []})
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


REDIRECT = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chỉ số chuyển đổi số</title>
<meta http-equiv="refresh" content="0; url=latest/"><link rel="canonical" href="latest/"></head>
<body><p><a href="latest/">Xem kết quả công bố mới nhất</a></p></body></html>
"""


def zip_tree(folder: Path, target: Path, epoch: int) -> None:
    """A zip of ``folder`` whose bytes depend only on its files (sorted names, fixed dates and modes); the
    marker files that protect build folders stay out of it."""
    stamp = max(epoch, 315532800)  # zip dates start in 1980
    when = tuple(time.gmtime(stamp)[:6])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = (p for p in folder.rglob("*") if p.is_file() and p.name != MARKER)
        for path in sorted(files, key=lambda p: p.relative_to(folder).as_posix()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def export(root: Path, out: Path) -> list[str]:
    """Write every published edition, rebuilt from its tag, into ``out``, and ``out``.zip beside it."""
    root = repository_root(root)
    versions = published_versions(root)
    if not versions:
        raise PublishError("chưa có phiên bản nào được công bố (không có thẻ dti-…); hãy chạy dti publish NĂM")
    out = Path(out).resolve()
    why = refusal(out, {"thư mục dữ liệu": root / "data", "kho mã nguồn của dự án": root}, {"thư mục dữ liệu": root / "data"})
    if why:
        raise PublishError(why)
    remove_leftovers(out)
    staging = staging_for(out)
    try:
        for version in versions:
            build_from_tag(root, version, staging / version)
        shutil.copytree(staging / versions[-1], staging / "latest")
        (staging / "versions.json").write_text(versions_json(versions), encoding="utf-8")
        (staging / "index.html").write_text(REDIRECT, encoding="utf-8")
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    newest = EditionInfo(versions[-1], read_manifests_from_tag(root, versions[-1]))
    zip_tree(out, out.with_suffix(".zip"), newest.epoch)
    return versions


def read_manifests_from_tag(root: Path, version: str) -> dict:
    text = git(root, "show", f"{TAG_PREFIX}{version}:{(PUBLISHED / (version + '.json')).as_posix()}").stdout
    return json.loads(text)

