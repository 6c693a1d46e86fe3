"""The whole pipeline short of the site: load → check → score → rank, with one report of every issue."""

from __future__ import annotations

from pathlib import Path

from .checks import run_edition_checks, run_framework_checks
from .load import load_dataset
from .model import Dataset
from .rank import rank, with_rank_changes
from .score import score_edition


def validate(data_dir: Path | str) -> tuple[Dataset, Report]:
    dataset, report = load_dataset(Path(data_dir))
    usable = {}
    for fid, framework in dataset.frameworks.items():
        problems = run_framework_checks(framework)
        report.extend(problems)
        if not any(p.is_error for p in problems):
            usable[fid] = framework
    earlier = []
    for year in dataset.years:
        edition = dataset.editions[year]
        report.extend(run_edition_checks(edition, dataset.frameworks, earlier))
        results, problems = score_edition(edition, usable)
        report.extend(problems)
        ranked = {}
        for unit_type, unit_results in results.items():
            ordered = rank(unit_results, edition.publication.bands)
            before = next((dataset.results[y][unit_type] for y in reversed(dataset.years) if y < year and unit_type in dataset.results.get(y, {})), None)
            ranked[unit_type] = with_rank_changes(ordered, before)
        dataset.results[year] = ranked
        earlier.append(edition)
    return dataset, report
