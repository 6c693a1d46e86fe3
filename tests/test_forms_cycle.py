"""The demo's years sent round the yearly cycle through the spreadsheet forms: blank forms filled in as
offices would, collected, then the council's workbooks filled in and collected; the year comes back as
it was. 2024 whole (three unit types, one ranking group each); 2025's ranking groups (departments with and
without procedures on two index sets, other agencies, communes) with every figure typed as Vietnamese
text. (A file of its own so that the test runners share the forms' slow tests.)"""

from __future__ import annotations

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.forms.collect import collect_forms
from generator.forms.template import make_templates
from generator.forms.layout import APPRAISAL_SHEET, FIRST_ROW, NOT_EVALUATED, SELF_SHEET
from generator.load import load_dataset
from generator.cellread import parse_value

from .helpers import ROOT
from .test_forms import A, S, table, templates

# Every form of the demo year written, filled in and collected.
pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- the demo year, round trip


def empty_copy(target: Path, year: int = 2024, units: set[str] | None = None) -> Path:
    """The demo's ``year`` with units.csv (only ``units``, if given) and datapackage.json kept and the
    submission tables emptied."""
    shutil.copytree(ROOT / "data" / "frameworks", target / "frameworks")
    (target / str(year)).mkdir()
    shutil.copy(ROOT / "data" / str(year) / "datapackage.json", target / str(year) / "datapackage.json")
    lines = (ROOT / "data" / str(year) / "units.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if units is None or line.split(",")[0] in units]
    (target / str(year) / "units.csv").write_text(lines[0] + "".join(kept), encoding="utf-8")
    for name in ("inputs", "assessments", "evidence", "objections"):
        if (ROOT / "data" / str(year) / f"{name}.csv").exists():
            header = (ROOT / "data" / str(year) / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
            (target / str(year) / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    return target


def sample(edition, every: int) -> set[str]:
    """The ids of every unit that is not a commune, and of every ``every``-th commune in units.csv (the
    forms of one commune are made and read as those of any other)."""
    communes = [u.id for u in edition.units if u.type == "commune"]
    return {u.id for u in edition.units if u.type != "commune"} | set(communes[::every])


def year_of(year: int) -> dict:
    """The demo's ``year`` as the forms see it: each unit's index set (its ranking group's) and every
    figure, score and document it sent, by key."""
    dataset, report = load_dataset(ROOT / "data")
    edition = dataset.editions[year]
    return {
        "edition": edition,
        "frameworks": {u.id: dataset.framework_for(year, u.group) for u in edition.units},
        "inputs": {(v.unit_id, v.indicator_id, v.input): v for v in edition.inputs},
        "assessments": {(a.unit_id, a.indicator_id): a for a in edition.assessments},
        "evidence": {k: [e for e in edition.evidence if (e.unit_id, e.indicator_id) == k] for k in {(e.unit_id, e.indicator_id) for e in edition.evidence}},
    }


@pytest.fixture(scope="module")
def demo():
    return year_of(2024)


def as_typed(d, text: str, levels):
    """What a clerk types for a stored figure: a label from the list, or a number."""
    value = parse_value(d.type, text, levels, labels=dict(d.labels))
    if isinstance(value, bool) or d.type == "level":
        return d.label(value)
    value = value * 100 if d.type == "percent" else value
    return int(value) if value.denominator == 1 else float(Decimal(int(value.numerator)) / Decimal(int(value.denominator)))


def vietnamese(value):
    """A number typed as text the way a Vietnamese office types it: a comma before the decimals, a dot
    between thousands where there are decimals (``1.234,5``); a whole number as it is."""
    if isinstance(value, str) or isinstance(value, int):
        return value if isinstance(value, str) else str(value)
    whole, _, decimals = format(Decimal(repr(value)), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


def fill_self_forms(folder: Path, demo, text: bool = False) -> None:
    """Every self form filled with the demo's submission; with ``text``, every figure and score typed as
    Vietnamese text (``1.234,5``, ``85,5%``, ``6,43``) instead of a number."""
    for path in sorted(folder.glob("*.xlsx")):
        unit = path.stem
        fw = demo["frameworks"][unit]
        wb = load_workbook(path)
        ws = wb[SELF_SHEET]
        slot = 0
        for r in range(FIRST_ROW, ws.max_row + 1):
            ind_id, _, name = str(ws[f"{S['key']}{r}"].value).partition("|")
            if ind_id not in fw.indicators or name == "#":
                continue
            ind = fw.indicators[ind_id]
            first = ws[f"{S['indicator']}{r}"].value == ind_id
            slot = 0 if first else slot + 1
            given = demo["inputs"].get((unit, ind_id, name))
            if given is not None and given.self_value:
                typed = as_typed(ind.input(name), given.self_value, ind.rule.levels())
                if text and not isinstance(typed, str):
                    typed = vietnamese(typed) + ("%" if ind.input(name).type == "percent" and r % 2 else "")
                ws[f"{S['value']}{r}"] = typed
            claim = demo["assessments"].get((unit, ind_id))
            if first and claim is not None:
                score = None if claim.self_score is None else float(claim.self_score)
                ws[f"{S['self_score']}{r}"] = vietnamese(score) if text and score is not None else score
                ws[f"{S['not_evaluated']}{r}"] = NOT_EVALUATED if claim.not_evaluated else None
            docs = demo["evidence"].get((unit, ind_id), [])
            if slot < len(docs):
                ws[f"{S['evidence_title']}{r}"], ws[f"{S['evidence_url']}{r}"] = docs[slot].title, docs[slot].url
        wb.save(path)


def fill_appraisals(folder: Path, demo) -> None:
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path)
        ws = wb[APPRAISAL_SHEET]
        for r in range(FIRST_ROW, ws.max_row + 1):
            key = ws[f"{A['key']}{r}"].value
            if not key or key.startswith("#"):  # the signature block below the table
                continue
            unit, ind_id, name = key.split("|")
            ind = demo["frameworks"][unit].indicators[ind_id]
            given = demo["inputs"].get((unit, ind_id, name))
            if given is not None and given.appraised_value:
                ws[f"{A['value']}{r}"] = as_typed(ind.input(name), given.appraised_value, ind.rule.levels())
            claim = demo["assessments"].get((unit, ind_id))
            if ws[f"{A['name']}{r}"].value and claim is not None:
                ws[f"{A['note']}{r}"] = claim.note or None
                ws[f"{A['appraised_score']}{r}"] = None if claim.appraised_score is None else float(claim.appraised_score)
        wb.save(path)


def submission(folder: Path, demo) -> dict[str, set]:
    """The three tables as sets of rows, normalised where a difference carries no meaning:

    * a level or yes/no is compared as what it means: the code (``cap_pho``) or the answer (``có``, ``yes``);
    * numbers are compared as exact values: ``12`` = ``12.0``, ``20`` = ``20.00``, a percentage ``87.3`` = ``87.30``;
    * a row with no value at all is dropped (it says nothing; the collector leaves such rows out);
    * texts are compared as the loader reads them: Unicode NFC, without surrounding spaces.
    """
    def value(r, column):
        text = (r.get(column) or "").strip()
        if not text:
            return None
        ind = demo["frameworks"][r["unit_id"]].indicators[r["indicator_id"]]
        d = ind.input(r["input"])
        return parse_value(d.type, text, ind.rule.levels(), labels=dict(d.labels))

    number = lambda t: Fraction((t or "").strip()) if (t or "").strip() else None  # noqa: E731
    text = lambda t: (t or "").strip()  # noqa: E731
    inputs = {(r["unit_id"], r["indicator_id"], r["input"], value(r, "self_value"), value(r, "appraised_value")) for r in table(folder / "inputs.csv")}
    assessments = {
        (r["unit_id"], r["indicator_id"], number(r["self_score"]), text(r["not_evaluated"]).lower() in ("có", "yes", "true", "1"),
         text(r["note"]), number(r.get("appraised_score")), number(r.get("published_score")))
        for r in table(folder / "assessments.csv")
    }
    evidence = {(r["unit_id"], r["indicator_id"], text(r["title"]), text(r["url"])) for r in table(folder / "evidence.csv")}
    return {
        "inputs": {r for r in inputs if r[3:] != (None, None)},
        "assessments": {r for r in assessments if r[2:] != (None, False, "", None, None)},
        "evidence": evidence,
    }


@pytest.fixture(scope="module")
def cycle(tmp_path_factory, demo):
    """The demo's 2024 sent round the yearly cycle: blank forms → offices → collect → council → collect;
    every department and district, and every third commune (the forms of one commune are made and read
    as those of any other)."""
    base = tmp_path_factory.mktemp("chu-trinh")
    data = empty_copy(base / "data", 2024, sample(demo["edition"], 3))
    forms = templates(data, base / "phieu")
    fill_self_forms(base / "phieu", demo)
    self_report, _ = collect_forms(data, 2024, base / "phieu")
    appraisal = templates(data, base / "tham-dinh", appraisal=True)
    fill_appraisals(base / "tham-dinh", demo)
    appraisal_report, _ = collect_forms(data, 2024, base / "tham-dinh", appraisal=True)
    return {"data": data, "forms": forms, "appraisal": appraisal, "reports": (self_report, appraisal_report)}


def test_the_demo_year_round_trips_through_the_forms(cycle, demo):
    kept = {p.stem for p in cycle["forms"]}
    assert len(kept) == 30 + 21 and [p.name for p in cycle["appraisal"]] == [  # 18 departments, 12 districts, 21 of 63 communes
        "tham-dinh-so-ban-nganh.xlsx", "tham-dinh-cap-huyen.xlsx", "tham-dinh-cap-xa.xlsx"]
    for report in cycle["reports"]:
        assert report.ok, [str(i) for i in report.errors]
        # without the earlier years, two predecessors of a merged commune are unknown: counted, not blocking
        assert {i.code for i in report.warnings} <= {"other-errors", "not-a-link"}
    got, want = submission(cycle["data"] / "2024", demo), submission(ROOT / "data" / "2024", demo)
    want = {name: {r for r in rows if r[0] in kept} for name, rows in want.items()}
    for name in ("inputs", "assessments", "evidence"):
        assert got[name] == want[name], (name, sorted(want[name] - got[name])[:3], sorted(got[name] - want[name])[:3])
    assert len(got["inputs"]) > 4000 and any(r[4] is not None for r in got["inputs"])  # appraised values came back too


def test_figures_typed_as_vietnamese_text_come_back_exactly_through_the_ranking_groups(tmp_path):
    """2025's ranking groups round the cycle, every office typing its figures as text the Vietnamese way
    (``1.234,5``; a percentage with or without its sign): every department (with procedures, and the two
    without, whose index set has no online-public-service indicators), both other agencies and every
    eighth commune. Each gets its group's form, the council one workbook per group, and the submission
    comes back exactly, nothing refused."""
    demo = year_of(2025)
    keep = sample(demo["edition"], 8)
    data = empty_copy(tmp_path / "data", 2025, keep)
    written, report = make_templates(data, 2025, tmp_path / "phieu")
    assert report.ok and sorted(p.stem for p in written) == sorted(keep)
    # a department without procedures is asked nothing about online public services
    keys = lambda unit: {str(c.value).partition("|")[0] for c in load_workbook(tmp_path / "phieu" / f"{unit}.xlsx")[SELF_SHEET][S["key"]]}  # noqa: E731
    assert {"6.2", "6.3", "6.4"} <= keys("so-y-te") and not {"6.2", "6.3", "6.4"} & keys("thanh-tra-tinh")
    fill_self_forms(tmp_path / "phieu", demo, text=True)
    self_report, _ = collect_forms(data, 2025, tmp_path / "phieu")
    workbooks, report = make_templates(data, 2025, tmp_path / "tham-dinh", appraisal=True)
    assert report.ok and sorted(p.name for p in workbooks) == [
        "tham-dinh-cap-xa.xlsx", "tham-dinh-co-quan-khac.xlsx", "tham-dinh-so-ban-nganh.xlsx", "tham-dinh-so-khong-tthc.xlsx"]
    fill_appraisals(tmp_path / "tham-dinh", demo)
    appraisal_report, _ = collect_forms(data, 2025, tmp_path / "tham-dinh", appraisal=True)
    for report in (self_report, appraisal_report):
        assert report.ok, [str(i) for i in report.errors]
        # «no-data»: the demo's 2025 has units that sent nothing for an indicator (scored 0 under dti.missing)
        assert {i.code for i in report.warnings} <= {"other-errors", "not-a-link", "ambiguous-number", "percent-fraction", "no-data"}
    mine = lambda rows: {r for r in rows if r[0] in keep}  # noqa: E731
    got, want = submission(data / "2025", demo), submission(ROOT / "data" / "2025", demo)
    for name in ("inputs", "assessments", "evidence"):
        assert got[name] == mine(want[name]), (name, sorted(mine(want[name]) - got[name])[:3], sorted(got[name] - mine(want[name]))[:3])
    assert {r[0] for r in got["assessments"]} == keep and any(r[4] is not None for r in got["inputs"])  # every unit, and the council's figures