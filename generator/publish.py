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

from . import drafts, engine
from .build import stage_site
from .editions import PUBLISHED, EditionInfo, PublishError, edition_info, errata_rows, is_version, load_manifest, read_manifests, up_to, version_key, year_of
from .errors import Report, display_path
from .model import Dataset
from .opendata import DRAFT_CHANGES_CSV, contract_problems, open_data_files
from .outdir import MARKER, FolderProblem, die_with_parent, refusal, remove_leftovers, resolved, staging_for, swap_in
from .pages import data_files
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
    """The errata an edition shows (``site/data/errata.csv``): those of the year's earlier corrections, then its own."""
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
    named, compared = recorded_draft(root, dataset, year)
    files = open_data_files(up_to(dataset, year), version=version, errata=errata_so_far(root, version, errata), compared=compared)
    outputs = sorted(({"path": path, "sha256": sha256_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))} for path, content in files.items()), key=lambda o: o["path"])
    if named is not None:
        comparison = f"data/{year}/{DRAFT_CHANGES_CSV}"
        named["comparison"] = {"path": comparison, "sha256": next(o["sha256"] for o in outputs if o["path"] == comparison)}
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
        "objections": _objections_file(root, edition),
        "draft": named,
    }


def _objections_file(root: Path, edition) -> dict | None:
    """The year's objections table, named with its checksum (it is also among the inputs)."""
    shown = edition.files.get("objections")
    if not shown:
        return None
    path = Path(edition.path) / Path(shown).name
    path = path if path.is_absolute() else Path(root) / path
    return {"path": path.relative_to(root).as_posix(), "sha256": sha256_bytes(path.read_bytes())}


def recorded_draft(root: Path, dataset: Dataset, year: int) -> tuple[dict | None, dict | None]:
    """The draft of ``year`` recorded by ``dti publish YEAR --draft`` (its results file, checksum and date),
    and the changes between it and the dataset by year; (None, None) when no draft was recorded."""
    record = Path(root) / drafts.record_file(year)
    if not record.is_file():
        return None, None
    try:
        facts = json.loads(record.read_text(encoding="utf-8"))
        path = Path(root) / drafts.results_file(year)
        data = path.read_bytes()
        rows = drafts.read_results(data.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise PublishError(f"không đọc được kết quả dự thảo đã ghi ({drafts.record_file(year).as_posix()}, {drafts.results_file(year).as_posix()}): {exc}") from None
    if not isinstance(facts, dict) or facts.get("sha256") != sha256_bytes(data):
        raise PublishError(f"{drafts.results_file(year).as_posix()} khác bản đã ghi khi ghi dự thảo (mã SHA-256 trong {drafts.record_file(year).as_posix()} không khớp); hãy lấy lại bản trong kho git")
    named = {"path": drafts.results_file(year).as_posix(), "sha256": facts["sha256"], "date": facts.get("date")}
    early = [o for o in dataset.editions[year].objections if isinstance(named["date"], str) and o.received < named["date"]]
    if early:
        where = dataset.editions[year].files.get("objections", f"data/{year}/objections.csv")
        lines = "\n".join(f"  {where}, dòng {o.row}, cột received: kiến nghị {o.id} nhận ngày {o.received}" for o in early[:20])
        raise PublishError(f"kiến nghị về bản dự thảo phải nhận sau ngày gửi dự thảo {named['date']} ({drafts.record_file(year).as_posix()}):\n{lines}")
    return named, {year: drafts.changes(rows, dataset, year)}

# --------------------------------------------------------------------------- git


def _run_git(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, **kwargs)
    except OSError as exc:
        raise PublishError(f"không chạy được lệnh git ({exc.strerror or exc}); công bố cần git: apt-get install git") from None


def git(root: Path, *args: str, check: bool = True, input: bytes | None = None) -> subprocess.CompletedProcess:
    result = _run_git(["-C", str(root), *args], input=input)
    if check and result.returncode != 0:
        raise PublishError(f"lệnh git {' '.join(args)} không thành công: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result


def repository_root(start: Path) -> Path:
    result = _run_git(["-C", str(start), "rev-parse", "--show-toplevel"], text=True)
    if result.returncode != 0:
        raise PublishError("thư mục này không nằm trong một kho git; công bố cần git để lưu và gắn thẻ từng phiên bản")
    return Path(result.stdout.strip())


def published_versions(root: Path) -> list[str]:
    tags = git(root, "tag", "--list", f"{TAG_PREFIX}*").stdout.decode().split()
    return sorted((t[len(TAG_PREFIX):] for t in tags if is_version(t[len(TAG_PREFIX):])), key=version_key)


def checkout(root: Path, version: str, target: Path) -> Path:
    """The repository exactly as tagged for ``version``, unpacked into ``target``."""
    tag = f"{TAG_PREFIX}{version}"
    result = git(root, "archive", "--format=tar", tag, check=False)
    if result.returncode != 0:
        raise PublishError(f"thẻ {tag} không trỏ tới một lần ghi (commit) của kho, nên không dựng lại được phiên bản {version}; hãy xóa thẻ này (git tag -d {tag}) nếu nó được tạo nhầm")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as handle:
        handle.write(result.stdout)
        handle.seek(0)
        try:
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(target, filter="data")
        except tarfile.TarError as exc:
            raise PublishError(f"không lấy ra được nội dung của thẻ {tag} ({exc}); một liên kết (symlink) trong kho trỏ ra ngoài?") from None
    return target


def _loose_version(stem: str) -> bool:
    """A name that this or an older generator takes for a version (older ones accepted ``2024.01``)."""
    year, _, n = stem.partition(".")
    return year.isdigit() and len(year) == 4 and (n == "" or n.isdigit())


def check_tree(tree: Path, version: str) -> None:
    """What a build of ``version`` from the repository ``tree`` as tagged needs, checked before it runs with
    the generator of that tag: the edition's manifest and every other one it reads, and a configuration
    that runs no code. :class:`PublishError` naming the tag and the file."""
    tag = f"{TAG_PREFIX}{version}"
    folder = tree / PUBLISHED
    if not (folder / f"{version}.json").is_file():
        raise PublishError(
            f"thẻ {tag} không có bảng kê {(PUBLISHED / (version + '.json')).as_posix()}: thẻ này không do «dti publish» tạo (có thể được gắn bằng tay). "
            f"Hãy xóa thẻ (git tag -d {tag}), rồi công bố năm đó bằng «dti publish»"
        )
    for path in sorted(folder.glob("*.json")):
        if _loose_version(path.stem):
            name = f"{(PUBLISHED / path.name).as_posix()} (thẻ {tag})"
            if not path.is_file():
                raise PublishError(f"{name} không phải một tệp bảng kê; hãy xem lại lần ghi (commit) mà thẻ trỏ tới")
            load_manifest(path.read_bytes(), name, path.stem)
    problems = engine.check_config(tree / "mkdocs.yml")
    if problems:
        lines = []
        for p in problems:
            where = os.path.relpath(Path(p.where).resolve(), tree.resolve()) if p.where else "mkdocs.yml"
            lines.append(f"  {where} (thẻ {tag})" + (f", dòng {p.row}" if p.row else "") + f": {p.message}")
        raise PublishError(f"tệp cấu hình của thẻ {tag} không được phép dùng để dựng trang:\n" + "\n".join(lines))


# --------------------------------------------------------------------------- publish


@dataclass
class Published:
    version: str
    tag: str
    manifest: Path
    errata: list[dict]


def _next_version(root: Path, dataset: Dataset, year: int, correction: str | None) -> tuple[str, str | None, list[dict]]:
    """The version to publish, the one it supersedes and, for a correction, its errata."""
    versions = [v for v in published_versions(root) if year_of(v) == year]
    if correction is None:
        if versions:
            raise PublishError(f"năm {year} đã được công bố (thẻ {TAG_PREFIX}{versions[0]}); để công bố bản đính chính, dùng --correction \"lý do\"")
        return str(year), None, []
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
        raise PublishError(
            f"dữ liệu năm {year} không làm thay đổi điểm, thứ hạng hay nội dung chữ nào (tên đơn vị, ý kiến thẩm định, tài liệu kiểm chứng, kiến nghị) "
            f"so với phiên bản {supersedes}; không có gì để đính chính"
        )
    _check_correction_decision(root, dataset, year, versions)
    return version, supersedes, errata


def _check_correction_decision(root: Path, dataset: Dataset, year: int, versions: list[str]) -> None:
    """A correction is made by a decision of its own: its number and date (``dti.publication``) differ from
    every earlier edition's of the year, and its date is not before the last one's."""
    publication = dataset.editions[year].publication
    earlier = [read_manifest_from_tag(root, v) for v in versions]
    how = f"hãy ghi quyết định đính chính: dti year decision {year} --decision \"Quyết định số …\" --date NĂM-THÁNG-NGÀY, rồi ghi (commit) lại"
    if not publication.decision.strip() or not publication.date:
        raise PublishError(f"bản đính chính cần quyết định và ngày của nó (dti.publication.decision, dti.publication.date trong data/{year}/datapackage.json); {how}")
    for m in earlier:
        if (m.get("decision") or "").strip() == publication.decision.strip():
            raise PublishError(f"quyết định «{publication.decision}» là quyết định của phiên bản {m['version']}; bản đính chính cần quyết định riêng của nó: {how}")
        if m.get("date") == publication.date:
            raise PublishError(f"ngày công bố {publication.date} là ngày của phiên bản {m['version']}; bản đính chính cần ngày của quyết định đính chính: {how}")
    last = earlier[-1]
    if publication.date < last["date"]:
        raise PublishError(f"ngày công bố {publication.date} trước ngày của phiên bản {last['version']} ({last['date']}) mà nó đính chính; {how}")


def _written_by_the_tool(path: str) -> bool:
    """A folder the tool writes beside the data: the site, an export, forms sent out or returned."""
    name = path.strip("/").split("/")[0]
    return path.endswith("/") and (name in ("site", "public") or name.startswith(("phieu", "tham-dinh", ".dti-")))


def _committed_year(root: Path, year: int, refusal: str) -> tuple[Dataset, Report]:
    """The validated data, when it has no error, is all committed and holds ``year``; ``refusal`` says what
    is then not done («không công bố»)."""
    dataset, report = validate(root / "data", keep_inputs=False)
    if not report.ok:
        raise PublishError(f"dữ liệu có lỗi, {refusal}:\n" + "\n".join(str(i) for i in report.sorted() if i.is_error))
    _refuse_uncommitted(root)
    if year not in dataset.editions:
        raise PublishError(f"không có dữ liệu năm {year} (thư mục data/{year})")
    return dataset, report


def publish(root: Path, year: int, correction: str | None = None, site_dir: Path | None = None, config: Path | None = None) -> Published:
    """Publish the edition of ``year`` (or a correction of it); raise PublishError to refuse."""
    root = repository_root(root)
    dataset, report = _committed_year(root, year, "không công bố")
    if not dataset.editions[year].units:
        raise PublishError(f"năm {year} chưa có đơn vị nào (data/{year}/units.csv trống); không có kết quả để công bố")
    if dataset.editions[year].publication.draft:
        raise PublishError(
            f"kết quả năm {year} còn là dự thảo (dti.publication.draft: true trong data/{year}/datapackage.json); "
            "khi có quyết định công bố, hãy ghi số, ngày quyết định, bỏ dòng draft và ghi (commit) lại trước khi công bố"
        )
    return _publish_checked(root, dataset, report, year, correction, site_dir, config)


def _refuse_uncommitted(root: Path) -> None:
    dirty = git(root, "status", "--porcelain", "--untracked-files=normal").stdout.decode().strip()
    if dirty:
        lines = dirty.splitlines()
        files = "\n".join("  " + line for line in lines[:20])
        written = [line[3:].strip() for line in lines if line.startswith("??") and _written_by_the_tool(line[3:].strip())]
        hint = (
            "\nCác thư mục " + ", ".join(written) + " do công cụ tạo ra (trang, phiếu) và không phải dữ liệu: hãy ghi tên chúng vào tệp "
            ".gitignore (mỗi dòng một tên, ví dụ /site/ và /phieu*/; «dti init» viết sẵn tệp này) rồi công bố lại"
        ) if written else ""
        raise PublishError(f"kho git còn thay đổi chưa ghi (commit); công bố phải từ trạng thái đã ghi để có thể dựng lại:\n{files}{hint}")


def _publish_checked(root: Path, dataset: Dataset, report, year: int, correction: str | None, site_dir: Path | None, config: Path | None) -> Published:
    version, supersedes, errata = _next_version(root, dataset, year, correction)
    edition = up_to(dataset, year)
    _, compared = recorded_draft(root, dataset, year)
    problems = contract_problems(open_data_files(edition, version=version, errata=errata_so_far(root, version, errata), compared=compared) | data_files(edition))
    if problems:
        raise PublishError("các tệp dữ liệu mở không khớp lược đồ công bố của chính chúng:\n" + "\n".join(problems))
    manifest = manifest_for(root, dataset, version, correction.strip() if correction else None, errata, supersedes)
    path = root / PUBLISHED / f"{version}.json"
    _check_git_can_commit(root, f"{TAG_PREFIX}{version}")
    staged = None
    if site_dir is not None:
        # Everything is checked, and the site built, before anything is committed: a tag is never left
        # without its site for a reason that could be known before.
        info = edition_info(root, version, pending={version: json.loads(json_text(manifest))})
        built, staged = stage_site(root / "data", site_dir, config or root / "mkdocs.yml", info, validated=(dataset, report))
        if staged is None:
            raise PublishError("không dựng được trang của phiên bản này, nên chưa ghi hay gắn thẻ gì:\n" + "\n".join(str(i) for i in built.errors))
    try:
        _commit_and_tag(root, path, manifest, year, version, correction, supersedes)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    if staged is not None:
        try:
            staged.swap()
        except FolderProblem as exc:
            raise PublishError(
                f"đã công bố phiên bản {version} (thẻ {TAG_PREFIX}{version}) nhưng không thay được thư mục trang: {exc.message}. "
                f"Khi đã xử lý, hãy dựng trang bằng: dti build --edition {version}"
            ) from None
    return Published(version, f"{TAG_PREFIX}{version}", path, errata)


def record_draft(root: Path, year: int, when: str) -> Path:
    """Record the results of the draft of ``year`` sent out for comments on ``when`` (``dti publish YEAR
    --draft --date …``): the results file and its record under ``data/published/du-thao/``, committed.
    The edition the decision publishes then shows what changed since. Refused once the year is published."""
    root = repository_root(root)
    try:
        sent = date.fromisoformat(when) if len(when) == 10 else None
    except ValueError:
        sent = None
    if sent is None or sent.year <= year:
        raise PublishError(f"ngày gửi dự thảo «{when}» phải có dạng NĂM-THÁNG-NGÀY, sau năm đánh giá {year} (ví dụ {year + 1}-02-15)")
    dataset, _ = _committed_year(root, year, "không ghi dự thảo")
    published = [v for v in published_versions(root) if year_of(v) == year]
    if published:
        raise PublishError(f"năm {year} đã được công bố (thẻ {TAG_PREFIX}{published[0]}); kết quả dự thảo chỉ ghi trước quyết định công bố")
    _check_git_can_commit(root, None)
    text = drafts.results_csv(drafts.result_rows(dataset, year))
    results, record = root / drafts.results_file(year), root / drafts.record_file(year)
    facts = {"year": year, "date": when, "path": drafts.results_file(year).as_posix(), "sha256": sha256_bytes(text.encode("utf-8"))}
    try:
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(text, encoding="utf-8")
        record.write_text(json_text(facts), encoding="utf-8")
    except OSError as exc:
        raise PublishError(f"không ghi được kết quả dự thảo ({exc.strerror or exc})") from None
    git(root, "add", drafts.results_file(year).as_posix(), drafts.record_file(year).as_posix())
    if git(root, "diff", "--cached", "--quiet", check=False).returncode != 0:
        git(root, "commit", "--quiet", "-m", f"Ghi kết quả dự thảo Chỉ số chuyển đổi số năm {year} (gửi lấy ý kiến ngày {when})")
    return results


def _check_git_can_commit(root: Path, tag: str | None) -> None:
    """Refuse now what would make the commit or the tag fail later: no author for git, a tag of that name."""
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        if git(root, "var", who, check=False).returncode != 0:
            raise PublishError(
                "git chưa biết tên và thư điện tử của người ghi (commit); hãy đặt: git config user.name \"Họ tên\" và git config user.email \"thu@…\""
            )
    if tag and git(root, "rev-parse", "--quiet", "--verify", f"refs/tags/{tag}", check=False).returncode == 0:
        raise PublishError(f"thẻ {tag} đã có trong kho (có thể được gắn bằng tay); hãy xem lại và xóa nó (git tag -d {tag}) trước khi công bố")


def _commit_and_tag(root: Path, path: Path, manifest: dict, year: int, version: str, correction: str | None, supersedes: str | None) -> None:
    """Write the manifest, commit it and tag the edition; a failed write or commit leaves the working tree
    as it was."""
    before = path.read_bytes() if path.is_file() else None
    relative = path.relative_to(root).as_posix()
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json_text(manifest), encoding="utf-8")
        except OSError as exc:
            raise PublishError(f"không ghi được {relative} ({exc.strerror or exc})") from None
        git(root, "add", relative)
        kind = f"bản đính chính {version}" if correction else f"phiên bản {version}"
        if git(root, "diff", "--cached", "--quiet", check=False).returncode != 0:  # nothing to commit when an interrupted run committed it
            git(root, "commit", "--quiet", "-m", f"Công bố kết quả Chỉ số chuyển đổi số năm {year} ({kind})")
    except PublishError:
        git(root, "reset", "--quiet", "--", relative, check=False)
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)
        raise
    message = f"Kết quả Chỉ số chuyển đổi số năm {year}, {kind}: {manifest['decision'] or 'chưa ghi quyết định công bố'} ({manifest['date']})."
    if correction:
        message += f"\nĐính chính phiên bản {supersedes}: {correction.strip()}"
    try:
        git(root, "tag", "-a", f"{TAG_PREFIX}{version}", "-m", message)
    except PublishError as exc:
        raise PublishError(f"đã ghi (commit) {relative} nhưng chưa gắn được thẻ {TAG_PREFIX}{version}: {exc}") from None


# --------------------------------------------------------------------------- export


def build_from_tag(root: Path, version: str, target: Path) -> None:
    """Build one edition from its tag, with the generator as it was at that tag (once :func:`check_tree`
    finds nothing it could not use)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = checkout(root, version, Path(tmp) / "tree")
        check_tree(tree, version)
        epoch = EditionInfo(version, read_manifests(tree)[version]).epoch
        env = dict(os.environ, PYTHONPATH=str(tree), SOURCE_DATE_EPOCH=str(epoch))
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


def _zip_problem(out: Path) -> str | None:
    """Why the zip beside ``out`` must not be (over)written: it is ``out`` itself, not a file, or a file
    that is not an earlier export of ``out`` (every entry of one lies in ``out``'s folder)."""
    target = out.with_suffix(".zip")
    if target == out:
        return f"thư mục xuất «{out}» không được có đuôi .zip (tệp nén «{target.name}» được ghi bên cạnh nó); hãy chọn tên khác, ví dụ «public»"
    if not (target.exists() or target.is_symlink()):
        return None
    if target.is_symlink() or not target.is_file():
        return f"«{target}» đã có và không phải một tệp; lệnh xuất ghi tệp nén vào đó nên không làm tiếp. Hãy chọn thư mục xuất khác"
    try:
        with zipfile.ZipFile(target) as archive:
            names = archive.namelist()
            ours = bool(names) and all(name.startswith(f"{out.name}/") for name in names)
    except (OSError, zipfile.BadZipFile, ValueError):
        ours = False
    if not ours:
        return f"«{target}» đã có và không phải tệp nén của một lần xuất trước; lệnh xuất sẽ ghi đè nó nên không làm tiếp. Hãy đổi tên tệp đó hoặc chọn thư mục xuất khác"
    return None


def export(root: Path, out: Path) -> list[str]:
    """Write every published edition, rebuilt from its tag, into ``out``, and ``out``.zip beside it.
    Everything that can be checked is checked before the first edition is built: the folder and the zip,
    each tag's manifests and configuration."""
    root = repository_root(root)
    versions = published_versions(root)
    if not versions:
        raise PublishError("chưa có phiên bản nào được công bố (không có thẻ dti-…); hãy chạy dti publish NĂM")
    try:
        out = resolved(out)
    except FolderProblem as exc:
        raise PublishError(exc.message) from None
    why = refusal(out, {"thư mục dữ liệu": root / "data", "kho mã nguồn của dự án": root}, {"thư mục dữ liệu": root / "data"}) or _zip_problem(out)
    if why:
        raise PublishError(why)
    for version in versions:
        with tempfile.TemporaryDirectory() as tmp:
            check_tree(checkout(root, version, Path(tmp) / "tree"), version)
    remove_leftovers(out)
    try:
        staging = staging_for(out)
    except FolderProblem as exc:
        raise PublishError(exc.message) from None
    try:
        for version in versions:
            build_from_tag(root, version, staging / version)
        shutil.copytree(staging / versions[-1], staging / "latest")
        (staging / "versions.json").write_text(versions_json(versions), encoding="utf-8")
        (staging / "index.html").write_text(REDIRECT, encoding="utf-8")
        swap_in(staging, out)
    except FolderProblem as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(exc.message) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    newest = EditionInfo(versions[-1], read_manifest_from_tag(root, versions[-1]))
    try:
        zip_tree(out, out.with_suffix(".zip"), newest.epoch)
    except OSError as exc:
        raise PublishError(f"đã dựng lại các phiên bản vào «{display_path(out)}» nhưng không ghi được tệp nén «{display_path(out.with_suffix('.zip'))}» ({exc.strerror or exc})") from None
    return versions


def read_manifest_from_tag(root: Path, version: str) -> dict:
    """The manifest of ``version`` as committed with its tag."""
    name = (PUBLISHED / (version + ".json")).as_posix()
    data = git(root, "show", f"{TAG_PREFIX}{version}:{name}").stdout
    return load_manifest(data, f"{name} (thẻ {TAG_PREFIX}{version})", version)
