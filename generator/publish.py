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

import calendar
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
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

from .model import Dataset
from .numeric import plain, round_published
from .opendata import contract_problems, open_data_files
from .outdir import MARKER, die_with_parent, refusal, remove_leftovers, staging_for, swap_in
from .packaging import public_csv_text, json_text

TAG_PREFIX = "dti-"
PUBLISHED = Path("data") / "published"
ERRATA_FIELDS = ("version", "year", "unit_id", "unit_name", "indicator_id", "field", "old_value", "new_value", "reason")
FIELD_LABELS = {"indicator_score": "điểm chỉ số", "total_score": "tổng điểm", "percent": "chỉ số DTI (%)", "rank": "thứ hạng"}


class PublishError(Exception):
    """Publication refused, with a plain explanation."""


# --------------------------------------------------------------------------- versions


def version_key(version: str) -> tuple[int, int]:
    year, _, n = version.partition(".")
    return int(year), int(n or 0)


def year_of(version: str) -> int:
    return version_key(version)[0]


def is_version(text: str) -> bool:
    year, _, n = text.partition(".")
    return year.isdigit() and len(year) == 4 and (n == "" or n.isdigit())


# --------------------------------------------------------------------------- what an edition is


@dataclass(frozen=True)
class EditionInfo:
    """A published edition, as its manifest describes it."""

    version: str
    manifest: dict
    corrections: tuple[dict, ...] = field(default_factory=tuple)  # this year's manifests up to this version

    @property
    def year(self) -> int:
        return year_of(self.version)

    @property
    def data_sha256(self) -> str:
        return self.manifest["data_sha256"]

    @property
    def outputs(self) -> dict[str, str]:
        return {o["path"]: o["sha256"] for o in self.manifest.get("outputs", [])}

    @property
    def errata(self) -> list[dict]:
        return [row for m in self.corrections for row in m.get("errata", [])]

    @property
    def epoch(self) -> int:
        """The publication date as SOURCE_DATE_EPOCH: build timestamps come from the data, not the clock."""
        d = date.fromisoformat(self.manifest["date"])
        return calendar.timegm(d.timetuple())


def read_manifests(root: Path) -> dict[str, dict]:
    folder = Path(root) / PUBLISHED
    manifests = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if is_version(path.stem):
            manifests[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return manifests


def edition_info(root: Path, version: str) -> EditionInfo:
    manifests = read_manifests(root)
    if version not in manifests:
        raise PublishError(f"không có phiên bản công bố «{version}» (thiếu {PUBLISHED / (version + '.json')})")
    year = year_of(version)
    same_year = tuple(m for v, m in sorted(manifests.items(), key=lambda kv: version_key(kv[0])) if year_of(v) == year and version_key(v) <= version_key(version))
    return EditionInfo(version, manifests[version], same_year)


def up_to(dataset: Dataset, year: int) -> Dataset:
    """The dataset as an edition of ``year`` shows it: that year and the years before."""
    return Dataset(
        frameworks=dataset.frameworks,
        editions={y: e for y, e in dataset.editions.items() if y <= year},
        results={y: r for y, r in dataset.results.items() if y <= year},
    )


# --------------------------------------------------------------------------- manifests and errata


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


def errata_rows(old: Dataset, new: Dataset, year: int, version: str, reason: str) -> list[dict]:
    """Every unit and indicator whose published score or rank differs between two editions of a year."""
    rows = []

    def add(result, indicator_id, what, before, after):
        rows.append(
            {
                "version": version, "year": year, "unit_id": result.unit.id, "unit_name": result.unit.name,
                "indicator_id": indicator_id, "field": what, "old_value": before, "new_value": after, "reason": reason,
            }
        )

    def num(value):
        return "" if value is None else plain(round_published(value))

    for unit_type in sorted(new.results.get(year, {})):
        before = {r.unit.id: r for r in old.results.get(year, {}).get(unit_type, [])}
        for r in sorted(new.results[year][unit_type], key=lambda r: r.unit.id):
            o = before.get(r.unit.id)
            if o is None:
                add(r, "", "total_score", "", num(r.score))
                continue
            for ind_id, i in r.indicators.items():
                old_score = o.indicators[ind_id].score if ind_id in o.indicators else None
                if num(old_score) != num(i.score):
                    add(r, ind_id, "indicator_score", num(old_score), num(i.score))
            if num(o.score) != num(r.score):
                add(r, "", "total_score", num(o.score), num(r.score))
            if plain(o.percent) != plain(r.percent):
                add(r, "", "percent", plain(o.percent), plain(r.percent))
            if o.rank != r.rank:
                add(r, "", "rank", "" if o.rank is None else str(o.rank), "" if r.rank is None else str(r.rank))
    return rows


def errata_csv(rows: list[dict]) -> str:
    return public_csv_text(ERRATA_FIELDS, ([row[f] for f in ERRATA_FIELDS] for row in rows))


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
    outputs = sorted(
        ({"path": path, "sha256": sha256_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))} for path, content in open_data_files(up_to(dataset, year), version=version).items()),
        key=lambda o: o["path"],
    )
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
    from .validate import validate

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

    problems = contract_problems(open_data_files(up_to(dataset, year), version=version))
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
        from .build import build_site

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

