"""What an edition is: version keys, manifests as written by ``dti publish``, the edition a build shows,
and the errata between two editions of a year.

Both the build (a published edition is rebuilt as its manifest says) and publication (which writes the
manifests) read editions through this module, so neither needs the other for it.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .model import Dataset
from .numeric import plain, round_published
from .packaging import public_csv_text

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
