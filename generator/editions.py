"""What an edition is: version keys, manifests as written by ``dti publish``, the edition a build shows,
and the errata between two editions of a year.

Both the build (a published edition is rebuilt as its manifest says) and publication (which writes the
manifests) read editions through this module, so neither needs the other for it.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import display_path
from .model import Dataset
from .numeric import plain, round_published
from .packaging import public_csv_text

PUBLISHED = Path("data") / "published"
ERRATA_FIELDS = ("version", "year", "unit_id", "unit_name", "indicator_id", "field", "old_value", "new_value", "reason")
FIELD_LABELS = {"indicator_score": "điểm chỉ số", "total_score": "tổng điểm", "percent": "chỉ số DTI (%)", "rank": "thứ hạng"}
# What a correction may change without changing a score: the published texts.
TEXT_LABELS = {"unit_name": "tên đơn vị", "note": "ý kiến thẩm định", "evidence": "tài liệu kiểm chứng", "objection": "kiến nghị và trả lời"}
ERRATA_LABELS = FIELD_LABELS | TEXT_LABELS


class PublishError(Exception):
    """Publication refused, with a plain explanation."""


class ManifestError(PublishError):
    """A manifest that cannot be read as ``dti publish`` writes it: the file, the line when known, and
    what is wrong."""

    def __init__(self, where: str, problem: str, line: int | None = None):
        super().__init__(f"{where}" + (f", dòng {line}" if line else "") + f": {problem}")
        self.where, self.problem, self.line = where, problem, line


# --------------------------------------------------------------------------- versions


def version_key(version: str) -> tuple[int, int]:
    year, _, n = version.partition(".")
    return int(year), int(n or 0)


def year_of(version: str) -> int:
    return version_key(version)[0]


_VERSION = re.compile(r"[0-9]{4}(?:\.[1-9][0-9]{0,5})?")


def is_version(text: str) -> bool:
    """``2024`` or ``2024.1``: ASCII digits, no leading zero in the correction's number (so that no two
    spellings name one edition)."""
    return _VERSION.fullmatch(text) is not None


# --------------------------------------------------------------------------- what an edition is


@dataclass(frozen=True)
class EditionInfo:
    """A published edition, as its manifest describes it."""

    version: str
    manifest: dict
    corrections: tuple[dict, ...] = field(default_factory=tuple)  # this year's manifests up to this version
    draft_rows: tuple[dict, ...] = ()  # the recorded draft's results, when the manifest names them (generator.drafts)

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


MANIFEST_TEXTS = ("decision", "correction", "supersedes")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _errata_problem(rows) -> str | None:
    if not isinstance(rows, list):
        return "«errata» phải là một danh sách"
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or any(f not in row for f in ERRATA_FIELDS):
            return f"dòng đính chính thứ {n} phải có đủ các trường {', '.join(ERRATA_FIELDS)}"
        if type(row["year"]) is not int or not all(isinstance(row[f], str) for f in ERRATA_FIELDS if f != "year"):
            return f"dòng đính chính thứ {n}: «year» phải là số nguyên, các trường khác là chuỗi"
        if row["field"] not in ERRATA_LABELS:
            return f"dòng đính chính thứ {n}: «field» phải là một trong {', '.join(ERRATA_LABELS)}"
        for value in (row["old_value"], row["new_value"]):
            if value and row["field"] in FIELD_LABELS and row["field"] != "rank" and not re.fullmatch(r"-?[0-9]{1,12}(?:\.[0-9]{1,12})?", value):
                return f"dòng đính chính thứ {n}: giá trị «{value[:40]}» không phải một số"
    return None


def manifest_problem(manifest, version: str) -> str | None:
    """What in ``manifest`` a build of edition ``version`` could not use, in plain Vietnamese; None when
    nothing (what ``dti publish`` writes always passes)."""
    if not isinstance(manifest, dict):
        return "tệp phải chứa một đối tượng JSON ({…})"
    if manifest.get("version") != version:
        return f"«version» phải là «{version}», như tên tệp"
    when = manifest.get("date")
    try:
        ok = isinstance(when, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", when) and 1990 <= date.fromisoformat(when).year <= 2100
    except ValueError:
        ok = False
    if not ok:
        return "«date» phải là ngày công bố dạng YYYY-MM-DD (từ năm 1990 đến 2100)"
    if not isinstance(manifest.get("data_sha256"), str) or not _SHA256.fullmatch(manifest["data_sha256"]):
        return "«data_sha256» phải là mã SHA-256 (64 chữ số hệ 16)"
    for key in MANIFEST_TEXTS:
        if key not in manifest or (manifest[key] is not None and not isinstance(manifest[key], str)):
            return f"«{key}» phải có, là chuỗi hoặc null"
    outputs = manifest.get("outputs", [])
    if not isinstance(outputs, list) or not all(isinstance(o, dict) and isinstance(o.get("path"), str) and isinstance(o.get("sha256"), str) for o in outputs):
        return "«outputs» phải là danh sách các tệp, mỗi tệp có «path» và «sha256»"
    for key in ("objections", "draft"):
        named = manifest.get(key)
        if named is not None and not (isinstance(named, dict) and isinstance(named.get("path"), str) and isinstance(named.get("sha256"), str) and _SHA256.fullmatch(named["sha256"])):
            return f"«{key}» phải là null hoặc một tệp có «path» và «sha256»"
    problem = _errata_problem(manifest.get("errata", []))
    if problem is None and manifest.get("errata") and not (manifest["correction"] and manifest["supersedes"]):
        return "một bản đính chính (có «errata») phải ghi lý do «correction» và phiên bản «supersedes»"
    return problem


def load_manifest(data: bytes, name: str, version: str) -> dict:
    """The manifest of ``version`` from the bytes of its file ``name``; :class:`ManifestError` naming the
    file (and the line, for broken JSON) when a build could not use it."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(name, f"tệp bảng kê dài quá {MAX_MANIFEST_BYTES // (1024 * 1024)} MB; đây không phải bảng kê do «dti publish» ghi")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestError(name, "tệp bảng kê không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ManifestError(name, f"tệp bảng kê không phải JSON hợp lệ ({exc.msg})", exc.lineno) from None
    except (ValueError, RecursionError):
        raise ManifestError(name, "tệp bảng kê không phải JSON dùng được (số quá dài hoặc lồng nhau quá sâu)") from None
    problem = manifest_problem(manifest, version)
    if problem:
        raise ManifestError(name, f"bảng kê của phiên bản {version} không dùng được: {problem}. Bảng kê do «dti publish» ghi; hãy lấy lại bản đã ghi trong kho git")
    return manifest


def read_manifests(root: Path, pending: dict[str, dict] | None = None) -> dict[str, dict]:
    """Every manifest in ``root``'s data (and ``pending`` ones, not written yet); :class:`ManifestError`
    for one that cannot be read."""
    folder = Path(root) / PUBLISHED
    manifests = {}
    try:
        found = sorted(folder.glob("*.json")) if folder.is_dir() else []
        for path in found:
            if is_version(path.stem):
                manifests[path.stem] = load_manifest(path.read_bytes(), display_path(path), path.stem)
    except OSError as exc:
        raise ManifestError(display_path(folder), f"không đọc được các bảng kê ({exc.strerror or exc})") from None
    manifests.update(pending or {})
    return manifests


def edition_info(root: Path, version: str, pending: dict[str, dict] | None = None) -> EditionInfo:
    """The published edition ``version`` as the manifests in ``root`` (and ``pending``) describe it."""
    manifests = read_manifests(root, pending)
    if version not in manifests:
        raise PublishError(f"không có phiên bản công bố «{version}» (thiếu {PUBLISHED / (version + '.json')})")
    year = year_of(version)
    same_year = tuple(m for v, m in sorted(manifests.items(), key=lambda kv: version_key(kv[0])) if year_of(v) == year and version_key(v) <= version_key(version))
    return EditionInfo(version, manifests[version], same_year, _draft_rows(Path(root), manifests[version], version))


def _draft_rows(root: Path, manifest: dict, version: str) -> tuple[dict, ...]:
    """The draft's results the manifest names, read and checked against its checksum."""
    named = manifest.get("draft")
    if not named:
        return ()
    import hashlib

    from . import drafts

    where = named["path"]
    path = root / where
    if ".." in Path(where).parts or Path(where).is_absolute() or not path.is_file():
        raise ManifestError(where, f"không có tệp kết quả dự thảo mà bảng kê của phiên bản {version} ghi")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != named["sha256"]:
        raise ManifestError(where, f"tệp kết quả dự thảo khác bản đã ghi khi công bố phiên bản {version} (mã SHA-256 không khớp); hãy lấy lại bản đã ghi trong kho git")
    try:
        return tuple(drafts.read_results(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise ManifestError(where, f"không đọc được tệp kết quả dự thảo ({exc})") from None


def up_to(dataset: Dataset, year: int) -> Dataset:
    """The dataset as an edition of ``year`` shows it: that year and the years before."""
    return Dataset(
        frameworks=dataset.frameworks,
        editions={y: e for y, e in dataset.editions.items() if y <= year},
        results={y: r for y, r in dataset.results.items() if y <= year},
    )


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
    return rows + text_errata(old, new, year, version, reason)


def _evidence_texts(dataset: Dataset, year: int) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], list[str]] = {}
    for e in dataset.editions[year].evidence if year in dataset.editions else ():
        found.setdefault((e.unit_id, e.indicator_id), []).append(f"{e.title} <{e.url}>")
    return {key: "; ".join(sorted(texts)) for key, texts in found.items()}


def _objection_texts(dataset: Dataset, year: int) -> dict[tuple[str, str], str]:
    from .objections import OUTCOMES, UNANSWERED

    edition = dataset.editions.get(year)
    return {
        (o.unit_id, o.indicator_id, o.id): f"{o.id}: {o.request} — {OUTCOMES.get(o.outcome, UNANSWERED)}: {o.answer}"
        for o in (edition.objections if edition else ())
    }


def text_errata(old: Dataset, new: Dataset, year: int, version: str, reason: str) -> list[dict]:
    """The published texts that differ between two editions of a year: a unit's name, the council's note
    on an indicator, the evidence of an indicator, an objection and its answer (apart from the scores)."""
    names = {u.id: u.name for u in new.editions[year].units} if year in new.editions else {}
    old_names = {u.id: u.name for u in old.editions[year].units} if year in old.editions else {}
    rows = []

    def add(unit_id, indicator_id, what, before, after):
        rows.append({
            "version": version, "year": year, "unit_id": unit_id, "unit_name": names.get(unit_id, old_names.get(unit_id, unit_id)),
            "indicator_id": indicator_id, "field": what, "old_value": before, "new_value": after, "reason": reason,
        })

    for unit_id in sorted(names):
        if unit_id in old_names and old_names[unit_id] != names[unit_id]:
            add(unit_id, "", "unit_name", old_names[unit_id], names[unit_id])
    notes_before = {(r.unit.id, i.indicator_id): i.note for rs in old.results.get(year, {}).values() for r in rs for i in r.indicators.values()}
    for rs in (new.results.get(year, {})[t] for t in sorted(new.results.get(year, {}))):
        for r in sorted(rs, key=lambda r: r.unit.id):
            for ind_id, i in r.indicators.items():
                before = notes_before.get((r.unit.id, ind_id))
                if before is not None and before != i.note:
                    add(r.unit.id, ind_id, "note", before, i.note)
    for what, texts in (("evidence", _evidence_texts), ("objection", _objection_texts)):
        was, now = texts(old, year), texts(new, year)
        for key in sorted(set(was) | set(now)):
            if was.get(key, "") != now.get(key, ""):
                add(key[0], key[1], what, was.get(key, ""), now.get(key, ""))
    return rows


def errata_csv(rows: list[dict]) -> str:
    return public_csv_text(ERRATA_FIELDS, ([row[f] for f in ERRATA_FIELDS] for row in rows))
