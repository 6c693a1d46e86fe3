"""The whole pipeline short of the site: load → check → score → rank, with one report of every issue.

Years are independent until they are ranked (a rank change needs last year's ranks, lineage needs the
earlier years' units), so each year is read, checked and scored on its own, on both cores when the data is
large enough to be worth it; ranking and lineage then run in year order.
"""

from __future__ import annotations

import multiprocessing
from functools import partial
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import check_lineage, check_years_have_units, run_edition_checks, run_framework_checks
from .collector import collector_paused
from .errors import Issue, Report, display_path
from .load import check_some_year, load_framework, load_frameworks, load_year, year_folders
from .model import Dataset, Edition, Framework, UnitResult
from .parallel import usable_cores
from .rank import rank, with_rank_changes
from .cellread import CellReader
from . import objections
from .score import score_edition
from .summary import printed_differences, summary_results

PARALLEL_FROM_BYTES = 8 * 1024 * 1024  # below this much data, starting processes costs more than it saves

@dataclass
class YearWork:
    """What reading one year needs besides its folder: the index sets it is checked against (``frameworks``:
    all of them, so that a year naming a broken one is told so) and scored with (``usable``: those without
    errors), and what goes back to the caller (``keep``). Given to forked workers by the pool's
    initializer, through the fork: never pickled (the index sets' rules hold compiled formulas)."""

    usable: dict
    frameworks: dict
    keep: str = "all"
    exits: bool = False  # a worker process that reads one year and exits
    left_for_exit: list = field(default_factory=list)

    def __call__(self, folder: Path) -> tuple[Edition | None, dict[str, list[UnitResult]], Report]:
        """Read, check and score one year folder. ``keep`` says what goes back to the caller: ``"all"``;
        the edition without its submitted figures and claimed scores, and the results (``"results"``:
        what a build needs; the results hold the scores and notes it shows); or only the units and the
        report (``"report"``: what ``dti validate`` needs; every unit is still scored, as scoring finds
        problems, but the results are dropped here instead of sent to the parent)."""
        report = Report()
        edition = load_year(folder, report)
        if edition is None:
            return None, {}, report
        reader = CellReader(edition.value_formats)  # the checks read every cell; the scorer uses what they read
        report.extend(run_edition_checks(edition, self.frameworks, reader))
        scorer = summary_results if edition.summary else partial(score_edition, reader=reader)
        results, problems = scorer(edition, self.usable)
        report.extend(problems)
        report.extend(objections.check(edition, results, self.frameworks))
        if self.exits:
            # A worker reads one year and exits: what it read is left to the exit, which hands the memory
            # back at once, instead of being freed object by object (a second or more for a national year).
            self.left_for_exit.append((edition, results))
        if self.keep == "results":
            edition = replace(edition, inputs=(), assessments=())
        elif self.keep == "report":  # a summary year's results are kept: its printed ranks are checked once ranked
            edition, results = replace(edition, inputs=(), assessments=(), evidence=(), boundaries={}), results if edition.summary else {}
        return edition, results, report


_work: YearWork | None = None  # in a worker process: the work the pool's initializer gave it


def _start_worker(work: YearWork) -> None:
    global _work
    _work = replace(work, exits=True, left_for_exit=[])


def _one_year_in_worker(folder: Path):
    return _work(folder)


def _workers(folders: list[Path], wanted: int | None) -> int:
    """How many processes read the years. One per core; one more when the years do not divide evenly
    among the cores (5 years on 2 cores): otherwise the last year would run alone on one core while the
    other waits, and with one more process the cores share out the years to the end."""
    if wanted is not None:
        return max(1, wanted)
    if len(folders) < 2:
        return 1
    size = sum((f / "inputs.csv").stat().st_size for f in folders if (f / "inputs.csv").is_file())
    if size < PARALLEL_FROM_BYTES:
        return 1
    cores = usable_cores()
    if len(folders) > cores and len(folders) % cores:
        return cores + 1
    return min(cores, len(folders))


def validate(data_dir: Path | str, keep_inputs: bool = True, workers: int | None = None, report_only: bool = False) -> tuple[Dataset, Report]:
    """Every issue of the data folder, and the dataset with its results. ``keep_inputs=False`` drops the
    submitted figures and claimed scores once scored (a build shows the results); ``report_only`` keeps
    only the units and the report (no results, no ranks: what ``dti validate`` prints); ``workers``
    overrides how many processes read the years (by default both cores for large data, one otherwise)."""
    with collector_paused():
        return _validate(Path(data_dir), "report" if report_only else "all" if keep_inputs else "results", workers)


def _validate(data_dir: Path, keep: str, workers: int | None) -> tuple[Dataset, Report]:
    report = Report()
    dataset = Dataset()
    frameworks = load_frameworks(Path(data_dir), report)
    if frameworks is None:
        return dataset, report
    dataset.frameworks.update(frameworks)
    usable = {}
    for fid, framework in dataset.frameworks.items():
        problems = run_framework_checks(framework)
        report.extend(problems)
        if not any(p.is_error for p in problems):
            usable[fid] = framework
    folders = year_folders(Path(data_dir), report)
    work = YearWork(usable, dataset.frameworks, keep)
    count = _workers(folders, workers)
    if count > 1:
        with multiprocessing.get_context("fork").Pool(count, initializer=_start_worker, initargs=(work,), maxtasksperchild=1) as pool:
            done = pool.map(_one_year_in_worker, folders, chunksize=1)
    else:
        done = [work(folder) for folder in folders]
    scored: dict[int, dict[str, list[UnitResult]]] = {}
    for edition, results, part in done:
        report.merge(part)
        if edition is not None:
            dataset.editions[edition.year] = edition
            scored[edition.year] = results
    check_some_year(Path(data_dir), folders, dataset, report)
    unread = frozenset(int(f.name) for f in folders if f.name.isdigit() and int(f.name) not in dataset.editions)
    report.extend(check_lineage([dataset.editions[y] for y in dataset.years], unread))
    report.extend(check_years_have_units([dataset.editions[y] for y in dataset.years]))
    for year in dataset.years if keep != "report" else [y for y in dataset.years if dataset.editions[y].summary]:
        edition = dataset.editions[year]
        ranked = {}
        for group_id, unit_results in scored[year].items():
            ordered = rank(unit_results, edition.publication.bands, edition.group(group_id).within_parent)
            before = next((dataset.results[y][group_id] for y in reversed(dataset.years) if y < year and group_id in dataset.results.get(y, {})), None)
            ranked[group_id] = with_rank_changes(ordered, before)
        if keep != "report":
            dataset.results[year] = ranked
        if edition.summary:  # what the printed table says of ranks and bands, against what its points give
            report.extend(printed_differences(edition, ranked))
    return dataset, report


def validate_framework(folder: Path) -> tuple[Framework | None, Report]:
    """One index set checked on its own, with no year: what ``dti validate`` says of it, and nothing about
    the years that use it."""
    report = Report()
    folder = Path(folder)
    if not folder.is_dir():
        report.append(Issue(display_path(folder), None, None, "missing-folder", f"không có bộ chỉ số «{folder.name}» (không tìm thấy thư mục {display_path(folder)})"))
        return None, report
    framework = load_framework(folder, report)
    if framework is not None:
        report.extend(run_framework_checks(framework))
    return framework, report
