"""What forms need from a year's data package besides the loaded edition: where its tables are, how each
column writes numbers, and the ``dti.forms`` block of ``datapackage.json``::

    "forms": {"deadline": "2025-01-15", "contact": "Văn phòng Sở KH&CN, điện thoại …"}

Both fields are optional; a form shows a missing one as an empty, clearly labelled line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue
from ..errors import display_path
from ..load import read_json, stated_formats
from ..numeric import DEFAULT_FORMAT, NumberFormat
from ..tables import number_format

TABLES = ("inputs", "assessments", "evidence")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True)
class YearPackage:
    folder: Path
    descriptor: dict
    paths: dict[str, Path]  # resource name → its CSV file
    formats: dict[str, dict[str, NumberFormat]] = field(default_factory=dict)  # resource → column → number format
    deadline: str = ""  # as a reader writes it: 15/01/2025
    contact: str = ""

    def format(self, resource: str, column: str) -> NumberFormat:
        return self.formats.get(resource, {}).get(column, DEFAULT_FORMAT)


def _forms_block(descriptor: dict, shown: str, report) -> tuple[str, str]:
    block = descriptor.get("dti", {}).get("forms")
    if block is None:
        return "", ""
    if not isinstance(block, dict):
        report.append(Issue(shown, None, "dti.forms", "bad-metadata", "trường «dti.forms» phải là một đối tượng {…} với «deadline» và «contact»"))
        return "", ""
    deadline, contact = block.get("deadline"), block.get("contact")
    shown_deadline = ""
    if deadline is not None:
        try:
            if not isinstance(deadline, str) or not DATE.fullmatch(deadline):
                raise ValueError
            shown_deadline = datetime.date.fromisoformat(deadline).strftime("%d/%m/%Y")
        except ValueError:
            report.append(Issue(shown, None, "dti.forms.deadline", "bad-metadata", "hạn nộp phiếu phải là một ngày dạng «2025-01-15»"))
    if contact is not None and not isinstance(contact, str):
        report.append(Issue(shown, None, "dti.forms.contact", "bad-metadata", "nơi liên hệ phải là một chuỗi, ví dụ «Văn phòng Sở KH&CN, điện thoại …»"))
        contact = ""
    return shown_deadline, (contact or "").strip()


def read_package(folder: Path, report) -> YearPackage | None:
    """The year's descriptor as forms need it; None (with issues) if it cannot be read."""
    path = folder / "datapackage.json"
    shown = display_path(path)
    descriptor = read_json(path, report)
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("dti"), dict):
        if descriptor is not None:
            report.append(Issue(shown, None, "dti", "missing-metadata", "thiếu khối «dti» mô tả gói dữ liệu"))
        return None
    paths, formats = {}, {}
    for resource in descriptor.get("resources", []):
        if not isinstance(resource, dict) or resource.get("name") not in TABLES or not isinstance(resource.get("path"), str):
            continue
        paths[resource["name"]] = folder / resource["path"]
        fields = (resource.get("schema") or {}).get("fields") or []
        formats[resource["name"]] = {f["name"]: number_format(f) for f in fields if isinstance(f, dict) and ("decimalChar" in f or "groupChar" in f)}
    stated = stated_formats(descriptor["dti"], shown, report)
    formats = {name: {**stated.get(name, {}), **formats.get(name, {})} for name in set(formats) | set(stated)}
    deadline, contact = _forms_block(descriptor, shown, report)
    return YearPackage(folder, descriptor, paths, formats, deadline, contact)
