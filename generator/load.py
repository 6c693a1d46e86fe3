"""Read the data packages under ``data/``: frameworks and one edition per assessment year.

Each CSV is checked against the project's standard schema with Frictionless (types, required cells,
allowed values, duplicate keys); every problem becomes a located :class:`~generator.errors.Issue`.
Columns may come in any order and optional columns may be left out. A resource with structural
errors is not used further, so later checks do not pile up noise on top of the real problem.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from frictionless import Resource, Schema

from .errors import ERROR, WARNING, Issue
from .model import (
    Assessment,
    Band,
    Dataset,
    Discrepancy,
    Edition,
    Evidence,
    Framework,
    Indicator,
    InputDef,
    InputValue,
    Publication,
    Unit,
)
from .rules import RuleSpecError, build_rule

FRAMEWORK_RESOURCES = {"indicators": "framework-indicators", "inputs": "framework-inputs"}
EDITION_RESOURCES = {"units": "units", "assessments": "assessments", "inputs": "inputs", "evidence": "evidence"}
OPTIONAL_RESOURCES = {"evidence"}
YEAR_DIR = re.compile(r"\d{4}")


@cache
def standard_schema(name: str) -> dict:
    text = importlib_resources.files("generator").joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# --------------------------------------------------------------------------- Frictionless → issues


def _describe_frictionless(error, schema: dict) -> tuple[str, str]:
    """A plain Vietnamese message for a Frictionless error, and our short code for it."""
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    field_name = getattr(error, "field_name", None)
    field = next((f for f in schema["fields"] if f["name"] == field_name), {})
    kind = error.type
    if kind == "type-error":
        expected = {
            "number": "một số (dùng dấu chấm cho phần thập phân, ví dụ 2.5)",
            "integer": "một số nguyên",
            "boolean": "«có» hoặc «không» (" + ", ".join(field.get("trueValues", []) + field.get("falseValues", [])) + ")",
        }.get(field.get("type"), f"kiểu {field.get('type')}")
        return f"giá trị «{cell}» phải là {expected}", "bad-type"
    if kind == "constraint-error":
        if '"required"' in note:
            return "ô này không được để trống", "required"
        if '"enum"' in note:
            allowed = ", ".join(field.get("constraints", {}).get("enum", []))
            return f"giá trị «{cell}» không hợp lệ; chỉ được dùng: {allowed}", "not-allowed"
        if '"minimum"' in note:
            return f"giá trị «{cell}» nhỏ hơn mức tối thiểu {field['constraints']['minimum']}", "below-minimum"
        if '"pattern"' in note:
            return f"giá trị «{cell}» không đúng dạng (chỉ gồm chữ thường không dấu, số và dấu gạch nối/chấm theo quy định)", "bad-pattern"
        return f"giá trị «{cell}» không thỏa ràng buộc ({note})", "constraint"
    if kind == "primary-key":
        keys = ", ".join(schema.get("primaryKey", []))
        if "all" in note and "None" in note:
            return f"thiếu giá trị khóa ({keys})", "missing-key"
        match = re.search(r"position (\d+)", note)
        where = f" dòng {match.group(1)}" if match else " một dòng khác"
        return f"trùng khóa ({keys}) với{where}", "duplicate-key"
    if kind == "blank-row":
        return "dòng trống; hãy xóa dòng này", "blank-row"
    if kind == "extra-cell":
        return f"dòng có nhiều ô hơn số cột của tiêu đề (ô thừa «{cell}»)", "extra-cell"
    if kind == "missing-cell":
        return "dòng có ít ô hơn số cột của tiêu đề", "missing-cell"
    if kind in ("encoding-error", "source-error", "format-error", "scheme-error"):
        return f"không đọc được tệp (cần CSV mã hóa UTF-8): {note}", "unreadable"
    return f"{error.title}: {note}", kind


def _read_table(folder: Path, relpath: str, schema_name: str, report: list[Issue]) -> list[dict] | None:
    """Rows of one CSV as dicts (typed by the standard schema) with ``_row``; None if unusable."""
    path = folder / relpath
    shown = display_path(path)
    schema = standard_schema(schema_name)
    if not path.is_file():
        report.append(Issue(shown, None, None, "missing-file", "không tìm thấy tệp này"))
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError:
        report.append(Issue(shown, None, None, "unreadable", "tệp không phải UTF-8; hãy lưu lại dưới dạng «CSV UTF-8»"))
        return None
    header = [h.strip() for h in header]
    known = {f["name"]: f for f in schema["fields"]}
    problems = []
    for name in known:
        if name not in header and known[name].get("constraints", {}).get("required"):
            problems.append(Issue(shown, 1, name, "missing-column", f"thiếu cột bắt buộc «{name}»"))
    for i, name in enumerate(header):
        if name not in known:
            if ";" in name:
                message = "tiêu đề chứa dấu «;»: tệp phải phân cách bằng dấu phẩy (CSV chuẩn)"
                problems.append(Issue(shown, 1, None, "bad-delimiter", message))
            else:
                report.append(Issue(shown, 1, name or f"#{i + 1}", "unknown-column", f"cột «{name}» không thuộc định dạng và sẽ bị bỏ qua", WARNING))
        elif header.count(name) > 1 and header.index(name) == i:
            problems.append(Issue(shown, 1, name, "duplicate-column", f"cột «{name}» xuất hiện nhiều lần"))
    if problems:
        report.extend(problems)
        return None
    fitted = {
        "fields": [known[h] if h in known else {"name": h or f"column{i + 1}", "type": "any"} for i, h in enumerate(header)],
        "primaryKey": schema.get("primaryKey", []),
    }
    resource = Resource(path=relpath, basepath=str(folder), schema=Schema.from_descriptor(fitted), encoding="utf-8-sig")
    result = resource.validate()
    issues = []
    for task in result.tasks:
        for error in task.errors:
            message, code = _describe_frictionless(error, fitted)
            issues.append(Issue(shown, getattr(error, "row_number", None), getattr(error, "field_name", None) or None, code, message))
    if issues:
        report.extend(issues)
        return None
    # Valid by now (types, required cells, keys, no blank rows), so a plain CSV reader types the cells
    # from the same schema; record n is spreadsheet row n + 1 (the header is row 1).
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for number, cells in enumerate(reader, start=2):
            record = {name: None for name in known}
            for name, cell in zip(header, cells):
                if name in known:
                    record[name] = _cell(cell, known[name])
            record["_row"] = number
            rows.append(record)
    return rows


def _cell(text: str, field: dict):
    """One CSV cell typed as the standard schema says (the table has already passed validation)."""
    if text == "":
        return None
    kind = field["type"]
    if kind == "number":
        return Decimal(text.strip())
    if kind == "boolean":
        return text.strip() in field.get("trueValues", ["true"])
    return text


def _read_descriptor(folder: Path, report: list[Issue]) -> dict | None:
    path = folder / "datapackage.json"
    shown = display_path(path)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.append(Issue(shown, None, None, "missing-file", "không tìm thấy datapackage.json"))
        return None
    except json.JSONDecodeError as exc:
        report.append(Issue(shown, exc.lineno, None, "bad-json", f"JSON không hợp lệ: {exc.msg} (cột {exc.colno})"))
        return None
    if not isinstance(descriptor, dict):
        report.append(Issue(shown, None, None, "bad-json", "datapackage.json phải là một đối tượng JSON {…}"))
        return None
    if not isinstance(descriptor.get("dti"), dict):
        report.append(Issue(shown, None, "dti", "missing-metadata", "thiếu khối «dti» mô tả gói dữ liệu"))
        return None
    if not isinstance(descriptor.get("resources"), list):
        report.append(Issue(shown, None, "resources", "missing-resource", "datapackage.json phải có danh sách «resources»"))
        return None
    return descriptor


def _resource_paths(folder: Path, descriptor: dict, wanted: dict[str, str], report: list[Issue]) -> dict[str, str]:
    """The CSV path of each required resource, after checking the declared schema is the standard one."""
    shown = display_path(folder / "datapackage.json")
    declared = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    paths = {}
    for name, schema_name in wanted.items():
        resource = declared.get(name)
        if resource is None:
            if name not in OPTIONAL_RESOURCES:
                report.append(Issue(shown, None, "resources", "missing-resource", f"gói dữ liệu thiếu tài nguyên «{name}»"))
            continue
        path = resource.get("path")
        if not isinstance(path, str) or ".." in Path(path).parts or Path(path).is_absolute():
            report.append(Issue(shown, None, f"resources.{name}.path", "bad-path", "đường dẫn phải là tên tệp nằm trong thư mục của gói"))
            continue
        standard = [(f["name"], f["type"]) for f in standard_schema(schema_name)["fields"]]
        embedded = resource.get("schema")
        if isinstance(embedded, dict):
            got = [(f.get("name"), f.get("type")) for f in embedded.get("fields", [])]
            if got != standard:
                report.append(
                    Issue(shown, None, f"resources.{name}.schema", "schema-differs", "lược đồ khai báo khác định dạng chuẩn; hãy chép lại lược đồ chuẩn của dự án")
                )
        paths[name] = path
    return paths


class Metadata:
    """Typed access to a package's ``dti`` block; a field of the wrong kind is reported and defaulted."""

    KINDS = {dict: "một đối tượng {…}", list: "một danh sách […]", str: "một chuỗi", int: "một số nguyên", bool: "true hoặc false"}

    def __init__(self, block: dict, where: str, report: list[Issue], prefix: str = "dti"):
        self.block, self.where, self.report, self.prefix = block, where, report, prefix

    def get(self, key: str, kind: type, default=None, required: bool = False):
        value = self.block.get(key)
        if value is None:
            if required:
                self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "missing-metadata", f"thiếu trường «{self.prefix}.{key}»"))
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = self.KINDS.get(kind, kind.__name__)
            self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "bad-metadata", f"trường «{self.prefix}.{key}» phải là {expected}"))
            return default
        return value

    def number(self, key: str) -> Fraction | None:
        value = self.block.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Fraction(str(value))
        self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "bad-metadata", f"trường «{self.prefix}.{key}» phải là một số"))
        return None

    def child(self, key: str) -> "Metadata":
        return Metadata(self.get(key, dict, {}), self.where, self.report, f"{self.prefix}.{key}")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _fraction(value) -> Fraction | None:
    return None if value is None else Fraction(Decimal(value))


# --------------------------------------------------------------------------- frameworks


def load_framework(folder: Path, report: list[Issue]) -> Framework | None:
    descriptor = _read_descriptor(folder, report)
    if descriptor is None:
        return None
    paths = _resource_paths(folder, descriptor, FRAMEWORK_RESOURCES, report)
    tables = {name: _read_table(folder, path, FRAMEWORK_RESOURCES[name], report) for name, path in paths.items()}
    if len(tables) < len(FRAMEWORK_RESOURCES) or any(t is None for t in tables.values()):
        return None
    meta = descriptor["dti"]
    shown_pkg = display_path(folder / "datapackage.json")
    shown_ind = display_path(folder / paths["indicators"])
    shown_inp = display_path(folder / paths["inputs"])

    inputs: dict[str, list[InputDef]] = {}
    for r in tables["inputs"]:
        d = InputDef(r["indicator_id"], r["name"], r["type"], _text(r["meaning"]), _text(r["unit"]), r["_row"])
        inputs.setdefault(d.indicator_id, []).append(d)

    rows = tables["indicators"]
    children: dict[str, list[str]] = {}
    for r in rows:
        if r["parent"]:
            children.setdefault(r["parent"], []).append(r["id"])

    indicators: dict[str, Indicator] = {}
    for r in rows:
        rule = None
        kind = _text(r["rule"]) or None
        if kind == "sum":
            kind = None
        if kind and r["id"] not in children:
            try:
                rule = build_rule(kind, _text(r["formula"]), _text(r["options"]))
            except RuleSpecError as exc:
                field = "options" if _text(r["options"]) and "formula" not in str(exc) else "formula"
                report.append(Issue(shown_ind, r["_row"], field, "bad-rule", f"chỉ số {r['id']}: {exc}"))
        indicators[r["id"]] = Indicator(
            id=r["id"],
            parent=r["parent"] or None,
            level=r["level"],
            name=_text(r["name"]),
            stated_max=_fraction(r["max_points"]),
            rule_kind=kind,
            formula=_text(r["formula"]),
            options=_text(r["options"]),
            agency=_text(r["agency"]),
            responsible=_text(r["responsible"]),
            evidence=_text(r["evidence"]),
            method=_text(r["method"]),
            note=_text(r["note"]),
            row=r["_row"],
            children=tuple(children.get(r["id"], ())),
            inputs=tuple(inputs.get(r["id"], ())),
            rule=rule,
        )

    if _cyclic(indicators, shown_ind, report):
        return None
    indicators = _with_effective_max(indicators)
    info = Metadata(meta, shown_pkg, report)
    discrepancies = []
    for i, d in enumerate(info.get("discrepancies", list, [])):
        try:
            discrepancies.append(Discrepancy(str(d["indicator"]), Fraction(str(d["stated_max"])), str(d.get("explanation", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            report.append(Issue(shown_pkg, None, f"dti.discrepancies[{i}]", "bad-metadata", "mỗi mục cần «indicator» và «stated_max» (một số)"))
    total = info.number("total_points")
    return Framework(
        id=folder.name,
        title=_text(descriptor.get("title")) or folder.name,
        unit_type=info.get("unit_type", str, "", required=True),
        legal_basis={k: _text(v) for k, v in info.get("legal_basis", dict, {}, required=True).items()},
        total_points=total,
        notes=tuple(_text(n) for n in info.get("notes", list, [])),
        discrepancies=tuple(discrepancies),
        indicators=indicators,
        roots=tuple(r["id"] for r in rows if not r["parent"]),
        path=shown_pkg,
        files={"indicators": shown_ind, "inputs": shown_inp},
        input_defs=tuple(d for ds in inputs.values() for d in ds),
    )


def _cyclic(indicators: dict[str, Indicator], shown: str, report: list[Issue]) -> bool:
    for ind in indicators.values():
        seen = {ind.id}
        parent = ind.parent
        while parent in indicators:
            if parent in seen:
                report.append(Issue(shown, ind.row, "parent", "cycle", f"chỉ số {ind.id} nằm trong một vòng lặp cha–con"))
                return True
            seen.add(parent)
            parent = indicators[parent].parent
    return False


def _with_effective_max(indicators: dict[str, Indicator]) -> dict[str, Indicator]:
    """A parent's maximum is the sum of its children's; a leaf's is what the decision states."""
    effective: dict[str, Fraction] = {}

    def compute(i: str) -> Fraction:
        if i in effective:
            return effective[i]
        ind = indicators[i]
        value = sum((compute(c) for c in ind.children), Fraction(0)) if ind.children else ind.stated_max
        effective[i] = value
        return value

    return {i: replace(ind, max_points=compute(i)) for i, ind in indicators.items()}


# --------------------------------------------------------------------------- editions


def load_edition(folder: Path, report: list[Issue]) -> Edition | None:
    descriptor = _read_descriptor(folder, report)
    if descriptor is None:
        return None
    shown = display_path(folder / "datapackage.json")
    meta = descriptor["dti"]
    paths = _resource_paths(folder, descriptor, EDITION_RESOURCES, report)
    tables = {name: _read_table(folder, path, EDITION_RESOURCES[name], report) for name, path in paths.items()}
    required_missing = [n for n in EDITION_RESOURCES if n not in OPTIONAL_RESOURCES and tables.get(n) is None]
    if required_missing or any(t is None for t in tables.values()):
        return None

    info = Metadata(meta, shown, report)
    year = info.get("year", int, required=True)
    frameworks = info.get("frameworks", dict, {}, required=True)
    if year is None or not frameworks:
        return None
    publication = info.child("publication")
    bands = []
    for i, b in enumerate(publication.get("bands", list, [])):
        try:
            bands.append(Band(str(b["label"]), Decimal(str(b["min_percent"]))))
        except (KeyError, TypeError, ArithmeticError):
            report.append(Issue(shown, None, f"dti.publication.bands[{i}]", "bad-metadata", "mỗi mức xếp loại cần «label» và «min_percent» (một số)"))
    licences = descriptor.get("licenses")
    licence = licences[0] if isinstance(licences, list) and licences and isinstance(licences[0], dict) else {}

    units = tuple(
        Unit(
            id=r["id"],
            name=_text(r["name"]),
            type=r["type"],
            parent=r["parent"] or None,
            not_ranked=bool(r["not_ranked"]),
            not_ranked_reason=_text(r["not_ranked_reason"]),
            predecessors=tuple(_text(r["predecessors"]).split()),
            row=r["_row"],
        )
        for r in tables["units"]
    )
    assessments = tuple(
        Assessment(r["unit_id"], r["indicator_id"], _fraction(r["self_score"]), bool(r["not_evaluated"]), _text(r["note"]), r["_row"])
        for r in tables["assessments"]
    )
    inputs = tuple(
        InputValue(r["unit_id"], r["indicator_id"], r["input"], r["self_value"], r["appraised_value"], r["_row"]) for r in tables["inputs"]
    )
    evidence = tuple(
        Evidence(r["unit_id"], r["indicator_id"], _text(r["title"]), _text(r["url"]), r["_row"]) for r in tables.get("evidence") or []
    )
    return Edition(
        year=year,
        name=_text(descriptor.get("name")),
        title=_text(descriptor.get("title")),
        province=info.get("province", str, "", required=True),
        illustrative=info.get("illustrative", bool, False),
        frameworks={str(k): str(v) for k, v in frameworks.items()},
        publication=Publication(publication.get("decision", str, ""), publication.get("date", str, ""), tuple(bands)),
        licence=licence,
        units=units,
        assessments=assessments,
        inputs=inputs,
        evidence=evidence,
        path=display_path(folder),
        files={name: display_path(folder / path) for name, path in paths.items()} | {"datapackage": shown},
    )


# --------------------------------------------------------------------------- the whole data folder


def load_dataset(data_dir: Path) -> tuple[Dataset, list[Issue]]:
    report: list[Issue] = []
    dataset = Dataset()
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        report.append(Issue(display_path(data_dir), None, None, "missing-folder", "không tìm thấy thư mục dữ liệu"))
        return dataset, report
    framework_root = data_dir / "frameworks"
    for folder in sorted(p for p in framework_root.iterdir() if p.is_dir()) if framework_root.is_dir() else []:
        framework = load_framework(folder, report)
        if framework is not None:
            dataset.frameworks[framework.id] = framework
    years = sorted(p for p in data_dir.iterdir() if p.is_dir() and YEAR_DIR.fullmatch(p.name))
    if not years:
        report.append(Issue(display_path(data_dir), None, None, "no-editions", "không có thư mục năm nào (ví dụ data/2024)"))
    for folder in years:
        edition = load_edition(folder, report)
        if edition is None:
            continue
        if edition.year != int(folder.name):
            report.append(
                Issue(display_path(folder / "datapackage.json"), None, "dti.year", "year-mismatch", f"dti.year là {edition.year} nhưng thư mục là {folder.name}")
            )
            continue
        dataset.editions[edition.year] = edition
    return dataset, report
