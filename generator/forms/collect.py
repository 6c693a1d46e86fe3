"""``dti collect``: read every filled form in a folder into the year's data package.

1. Each ``.xlsx`` file is read and checked (:mod:`generator.forms.read`): a form of this year, index set
   and unit; nothing changed outside its entry cells; every entry cell readable.
2. The forms are merged with the year's tables (:mod:`generator.forms.merge`) and the result is scored
   like ``dti validate`` would, in a temporary copy of the data folder. A problem the scoring finds in a
   row that came from a form (a ratio above 100 %, a missing figure, …) is reported at that form's cell.
3. Only when every form is clean are ``inputs.csv``, ``assessments.csv`` and ``evidence.csv`` written;
   ``--check`` stops before writing.

Problems elsewhere in the year's data (units that have not sent a form yet, say) do not block a
collection; they are counted in one warning.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import run_framework_checks
from ..errors import ERROR, WARNING, Issue, Report
from ..errors import display_path
from ..model import Edition, Framework
from ..packaging import json_text, resource
from .layout import APPRAISAL, DATA_SHEET, NOT_EVALUATED, SELF, SUMMARY_YEAR
from .merge import Line, Tables
from .package import YearPackage, read_package
from .read import Form, Reader

IGNORED_PREFIXES = ("~$", ".~lock.", ".")  # lock files of Excel and LibreOffice, hidden files


def _form_files(folder: Path, report: Report) -> list[Path]:
    shown = display_path(folder)
    if not folder.is_dir():
        report.append(Issue(shown, None, None, "missing-folder", "không tìm thấy thư mục phiếu"))
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(IGNORED_PREFIXES):
            continue
        if path.is_dir():
            report.append(Issue(display_path(path), None, None, "not-a-form-file", "thư mục con không được đọc; hãy để các phiếu ngay trong thư mục", WARNING))
        elif path.suffix.lower() == ".xlsx":
            files.append(path)
        elif path.suffix.lower() in (".xls", ".ods", ".xlsm", ".csv"):
            report.append(Issue(display_path(path), None, None, "not-xlsx", "tệp không ở dạng Excel .xlsx nên không được đọc; hãy mở tệp và lưu lại dạng «Excel (.xlsx)»", WARNING))
        else:
            report.append(Issue(display_path(path), None, None, "not-a-form-file", "tệp không phải phiếu (.xlsx) nên không được đọc", WARNING))
    if not files:
        report.append(Issue(shown, None, None, "no-forms", "thư mục không có phiếu .xlsx nào"))
    return files


def _frameworks(dataset, edition: Edition, report: Report) -> dict[str, Framework]:
    usable = {}
    for unit_type, fid in edition.frameworks.items():  # by ranking group (a year without groups: by unit type)
        fw = dataset.frameworks.get(fid)
        if fw is None or not edition.group(unit_type).fits(fw.unit_type):
            continue
        problems = [p for p in run_framework_checks(fw) if p.is_error]
        if problems and edition.units_in(unit_type):
            report.extend(problems)
        elif not problems:
            usable[unit_type] = fw
    return usable


def _missing(edition: Edition, owners: set[str], kind: str, folder: Path) -> Issue | None:
    """A warning naming every unit (or unit type) of the year without a form in the folder."""
    if kind == SELF:
        lacking = [f"{u.id} ({u.name})" for u in edition.units if u.id not in owners]
        what = "đơn vị"
    else:
        lacking = [edition.group(t).label for t in edition.frameworks if edition.units_in(t) and t not in owners]
        what = "loại đơn vị"
    if not lacking:
        return None
    return Issue(display_path(folder), None, None, "missing-forms", f"chưa có phiếu của {len(lacking)} {what}: {', '.join(lacking)}", WARNING)


@dataclass
class Collected:
    """What ``dti collect`` did: the report, the data files written, the copies returned to senders."""

    report: Report
    written: list[Path] = field(default_factory=list)
    returned: list[Path] = field(default_factory=list)


def collect_forms(data_dir: Path, year: int, folder: Path, appraisal: bool = False, check: bool = False) -> tuple[Report, list[Path]]:
    """Read the forms of ``year`` in ``folder`` into ``data_dir/<year>``; the report, and the files written."""
    done = collect(data_dir, year, folder, appraisal, check)
    return done.report, done.written


def collect(data_dir: Path, year: int, folder: Path, appraisal: bool = False, check: bool = False, return_dir: Path | None = None) -> Collected:
    """Read the forms of ``year`` in ``folder``: every problem of every form it can read in one round (its
    cells, then the whole year's checks on what the forms hold), written into ``data_dir/<year>`` when
    there is no error and not ``check``. With ``return_dir``, a copy of each form goes there with its
    problems marked at their cells (:mod:`generator.forms.annotate`)."""
    from ..validate import validate

    full = Report(limit=sys.maxsize)  # every issue: a returned copy marks them all, the printed report the first of each kind
    kind = APPRAISAL if appraisal else SELF
    data_dir, folder = Path(data_dir), Path(folder)
    done = Collected(full)
    if return_dir is not None and Path(return_dir).resolve() == folder.resolve():
        full.append(Issue(display_path(Path(return_dir)), None, None, "return-into-forms", "thư mục trả phiếu trùng thư mục phiếu nhận về: bản trả lại sẽ ghi đè phiếu gốc; hãy chọn một thư mục khác"))
        return _limited(done)
    dataset, loaded = validate(data_dir)
    edition = dataset.editions.get(year)
    if edition is None:
        full.extend(i for i in loaded.issues if i.is_error)
        full.append(Issue(display_path(data_dir / str(year)), None, None, "no-year", f"không đọc được dữ liệu năm {year}; hãy sửa các lỗi trên (chạy «dti validate»)"))
        return _limited(done)
    if edition.summary:
        full.append(Issue(edition.files["datapackage"], None, "dti.detail", "summary-year-no-forms", SUMMARY_YEAR.format(year=year, note=edition.detail_note)))
        return _limited(done)
    package = read_package(data_dir / str(year), full)
    frameworks = _frameworks(dataset, edition, full)
    if package is None or not full.ok:
        return _limited(done)
    results = {t: {r.unit.id: r for r in rs} for t, rs in dataset.results.get(year, {}).items()}
    reader = Reader(edition, frameworks, package, results, full)
    forms: dict[str, Form] = {}
    for path in _form_files(folder, full):
        form = reader.read(path, kind)
        if form is None:
            continue
        if form.owner in forms:
            full.append(Issue(form.shown, None, None, "duplicate-form", f"cùng là phiếu của «{form.owner}» với tệp {forms[form.owner].shown}; chỉ để lại một tệp cho mỗi {'đơn vị' if kind == SELF else 'loại đơn vị'}"))
            continue
        forms[form.owner] = form
    missing = _missing(edition, reader.owners, kind, folder)
    if missing is not None:
        full.append(missing)
    merged: dict[str, dict] = {}
    if forms:
        tables = Tables(package.paths)
        for form in forms.values():
            if kind == SELF:
                tables.add_self(form, frameworks[edition_unit_type(edition, form.owner)])
            else:
                tables.add_appraisal(form)
        tables.sort(edition, frameworks)
        merged = _score(data_dir, edition, package, tables, forms, kind, loaded, full)
        if full.ok and not check:
            paths = _paths(package)
            tables.write(paths)
            done.written = [paths[n] for n in ("inputs", "assessments", "evidence") if n in paths]
    if return_dir is not None:
        from .annotate import return_copies

        done.returned = return_copies(reader.opened, full, Path(return_dir), edition, frameworks, merged, received=bool(done.written))
    return _limited(done)


def _limited(done: Collected) -> Collected:
    """The report as it is printed: of each kind of problem in one file, the first 20 and a count."""
    report = Report()
    report.extend(done.report.issues)
    done.report = report
    return done


def edition_unit_type(edition: Edition, unit_id: str) -> str:
    """The ranking group of a unit (a year without groups: its type), by which its index set is found."""
    return next(u.group or u.type for u in edition.units if u.id == unit_id)


def _paths(package: YearPackage, folder: Path | None = None) -> dict[str, Path]:
    """Where each table goes (in ``folder``, a copy of the year's folder, if given); a year without an
    evidence table gets one, declared in its descriptor."""
    year_dir = package.folder
    folder = folder or year_dir
    paths = {name: folder / p.relative_to(year_dir) for name, p in package.paths.items()}
    if "evidence" not in paths:
        descriptor = dict(package.descriptor)
        descriptor["resources"] = [*descriptor.get("resources", []), resource("evidence", "evidence")]
        (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
        paths["evidence"] = folder / "evidence.csv"
    return paths


# --------------------------------------------------------------------------- scoring the merged data


def _resolved(shown: str) -> Path:
    return Path(shown).resolve() if os.path.isabs(shown) else (Path.cwd() / shown).resolve()


MISSING_CODES = ("missing-data", "no-data")
# A problem of the whole year that a question of the form's own cell already asks in the office's words.
ASKED_INSTEAD = {"percent-as-fraction": "percent-fraction"}


def _score(data_dir: Path, edition: Edition, package: YearPackage, tables: Tables, forms: dict[str, Form], kind: str, before: Report, report: Report) -> dict[str, dict]:
    """Validate the merged year in a temporary copy of the data folder; report what it finds in rows that
    came from a form at that form's cell, and count the rest; give back the merged year's results (unit
    type → unit id → result), the points a returned appraisal workbook shows. ``units.csv`` is not
    rewritten: a problem there is the forms' only if it was not there before (a unit with every indicator
    marked «không đánh giá»). A unit's indicators without data are located at their empty cells; what the
    year's checks find at a cell that already has an error of its own is not repeated."""
    from ..validate import validate

    year_dir = package.folder
    with tempfile.TemporaryDirectory(prefix="dti-thu-phieu-") as tmp:
        root = Path(tmp) / "data"
        root.mkdir()
        for entry in sorted(data_dir.iterdir()):
            if entry.name != year_dir.name:
                (root / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
        copy = root / year_dir.name
        shutil.copytree(year_dir, copy, symlinks=False)
        paths = _paths(package, copy)
        lines = tables.write(paths, drop_empty=False)
        dataset, after = validate(root)
        merged = {t: {r.unit.id: r for r in rs} for t, rs in dataset.results.get(edition.year, {}).items()}
        by_file = {p.resolve(): name for name, p in paths.items()}
        units_file = (copy / Path(edition.files["units"]).name).resolve()
        real_units = _resolved(edition.files["units"])
        known = {(i.row, i.field, i.code, i.message) for i in before.issues if _resolved(i.file) == real_units}
        unit_rows = {u.row: u for u in edition.units}
        owner_of = {form.owner: form for form in forms.values()}
        by_shown = {form.shown: form for form in forms.values()}
        placed: dict[tuple, Issue] = {}
        elsewhere = 0
        for issue in after.issues:
            where = _resolved(issue.file)
            moved: list[Issue] | None = None  # None: not the forms' problem
            if where in by_file and issue.row is not None:
                one = _place(issue, lines[by_file[where]], issue.row)
                moved = [one] if one is not None else None
            elif where == units_file and issue.row in unit_rows and (issue.row, issue.field, issue.code, issue.message) not in known:
                unit = unit_rows[issue.row]
                group = unit.group or unit.type
                form = owner_of.get(unit.id if kind == SELF else group)
                if form is not None and issue.code in MISSING_CODES:
                    moved = _missing_at_cells(form, unit, merged.get(group, {}).get(unit.id), edition.missing, issue)
                elif form is not None:
                    moved = [Issue(form.shown, None, None, issue.code, issue.message, issue.severity, DATA_SHEET[kind])]
            if moved is None:
                elsewhere += issue.is_error
                continue
            for m in moved:
                own = by_shown[m.file]
                if m.cell is not None and (m.cell in own.bad_cells or (m.cell, ASKED_INSTEAD.get(m.code)) in own.asked):
                    continue  # the cell's own error, or the question it raised, says it in the form's words
                key = (m.file, m.sheet, m.cell, m.code)
                if key not in placed or (m.is_error and not placed[key].is_error):
                    placed[key] = m
        report.extend(placed.values())
        elsewhere += after.count(ERROR) - len(after.errors)
        if elsewhere:
            report.append(
                Issue(
                    display_path(year_dir), None, None, "other-errors",
                    f"dữ liệu năm {edition.year} còn {elsewhere} lỗi ở những phần không thuộc các phiếu này (ví dụ đơn vị chưa nộp phiếu); "
                    "chúng không ngăn việc thu phiếu: chạy «dti validate» để xem",
                    WARNING,
                )
            )
    return merged


def cell_range(cells: list[str]) -> str:
    """Cells of one column as a clerk reads them: «G31–G33» for consecutive rows, else «G31, G35»."""
    if not cells:
        return ""
    split = [(c.rstrip("0123456789"), int(c[len(c.rstrip("0123456789")):])) for c in cells]
    if len({col for col, _ in split}) == 1:
        rows = sorted(r for _, r in split)
        if rows == list(range(rows[0], rows[0] + len(rows))):
            return cells[0] if len(rows) == 1 else f"{split[0][0]}{rows[0]}–{split[0][0]}{rows[-1]}"
    return ", ".join(cells)


def _missing_at_cells(form: Form, unit, result, policy: str, issue: Issue) -> list[Issue]:
    """A unit's indicators without any data, each at its empty cells in the form, in the words of whoever
    fills it («chưa nhập ô G31–G33: chỉ số 5.1 …»): an error, or a warning when the year scores them 0."""
    fw = form.framework
    if result is None or fw is None:
        return []
    out = []
    zero = policy == "zero"
    for ind in fw.leaves():
        r = result.indicators.get(ind.id)
        if r is None or not r.no_data:
            continue
        wheres = [where for (u, i, _), (_, where) in form.values.items() if (u, i) == (unit.id, ind.id)]
        if not wheres and (unit.id, ind.id) in form.scores:
            wheres = [form.scores[(unit.id, ind.id)][1]]
        if not wheres:
            continue
        wheres.sort(key=lambda w: w[2])
        cells = [w[1] for w in wheres]
        if form.bad_cells & set(cells):
            continue  # a cell of the indicator has an error of its own: it is not empty
        if form.kind == SELF:
            message = f"chưa nhập ô {cell_range(cells)}: chỉ số {ind.id} «{ind.name}» chưa có số liệu. Hãy nhập số liệu"
            if fw.allows_not_evaluated:
                message += f", hoặc chọn «{NOT_EVALUATED}» nếu chỉ số không áp dụng với đơn vị"
        else:
            message = (
                f"chưa có số liệu ở ô {cell_range(cells)}: {unit.name} chưa nhập số liệu chỉ số {ind.id} «{ind.name}». "
                "Hội đồng có thể ghi số liệu thẩm định, hoặc điểm Hội đồng chấm kèm ý kiến"
            )
        message += "; nếu để trống, chỉ số được 0 điểm" if zero else ""
        sheet, cell, row = wheres[0]
        out.append(Issue(form.shown, row, None, issue.code, message, issue.severity, sheet, cell))
    return out


def _place(issue: Issue, lines: list[Line], row: int) -> Issue | None:
    """The form cell a problem at ``row`` of a merged table came from, if it came from a form."""
    if not 2 <= row < len(lines) + 2:
        return None
    line = lines[row - 2]
    target = line.origin.get(issue.field) if issue.field else None
    if target is None and issue.field == "appraised_value" and not line.cells.get("appraised_value", "").strip():
        target = line.origin.get("self_value")  # the council accepted the unit's figure: the problem is in it
    if target is None and not issue.field:
        target = next(iter(line.origin.values()), None)
    target = target or line.covered
    if target is None:
        return None
    shown, (sheet, cell, cell_row) = target
    return Issue(shown, cell_row, None, issue.code, issue.message, issue.severity, sheet, cell)
