"""Located issues: bad data is reported, never raised at the user.

Every stage returns issues instead of stopping at the first problem; the command line prints them all
and chooses the exit code. An issue names the file, the row (as a spreadsheet numbers it: the header is
row 1) and the column, and explains the problem in plain Vietnamese. An issue in a spreadsheet form
names the file, the sheet and the cell instead (``phieu/so-tai-chinh.xlsx, trang «Tự đánh giá», ô G14``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .codes import GUIDE_PAGE, declared

ERROR = "error"
WARNING = "warning"


def display_path(path: Path | str) -> str:
    """A file's place as a message shows it: relative to the current folder when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    row: int | None
    field: str | None
    code: str
    message: str
    severity: str = ERROR
    sheet: str | None = None  # in a spreadsheet form: the sheet (tab) …
    cell: str | None = None  # … and the cell, as the spreadsheet names it (``G14``)

    def __post_init__(self) -> None:
        declared(self.code)  # every code is declared once, in generator/codes.py

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"trang «{self.sheet}»")
        if self.cell:
            parts.append(f"ô {self.cell}")
            return ", ".join(parts)
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.field:
            parts.append(f"cột {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        label = "Lỗi" if self.is_error else "Cảnh báo"
        return f"{self.location()}: {label}: {self.message} [{self.code}]"


LIMIT_PER_KIND = 20


@dataclass
class Report:
    """An ordered collection of issues from every stage.

    At most :data:`LIMIT_PER_KIND` issues of one code in one file are kept (and printed); the rest are
    only counted, so a file of a million broken rows costs neither memory nor a million lines of output.
    """

    issues: list[Issue] = field(default_factory=list)
    limit: int = LIMIT_PER_KIND
    _counts: dict = field(default_factory=dict, repr=False)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, issue: Issue) -> None:
        if issue in self._seen:
            return
        key = (issue.file, issue.code, issue.severity)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count <= self.limit:
            self._seen.add(issue)
            self.issues.append(issue)

    append = add

    def extend(self, issues) -> None:
        for issue in issues:
            self.add(issue)

    def merge(self, other: "Report") -> None:
        """Take in another report (of one part of the work), with the counts of what it did not keep."""
        for issue in other.issues:
            self.add(issue)
        for key, count in other._counts.items():
            kept = sum(1 for i in other.issues if (i.file, i.code, i.severity) == key)
            if count > kept:
                self._counts[key] = self._counts.get(key, 0) + count - kept

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, severity: str) -> int:
        return sum(n for (_, _, s), n in self._counts.items() if s == severity)

    def omitted(self) -> list[Issue]:
        """One line per file and code whose issues were not all kept, saying how many more there are."""
        out = []
        for (file, code, severity), n in sorted(self._counts.items()):
            if n > self.limit:
                kind = "lỗi" if severity == ERROR else "cảnh báo"
                message = f"còn {n - self.limit} {kind} «{code}» khác trong tệp này không được liệt kê; hãy sửa các {kind} trên rồi kiểm tra lại"
                out.append(Issue(file, None, None, code, message, severity))
        return out

    def sorted(self) -> list[Issue]:
        key = lambda i: (i.file, i.row or 0, i.field or "", i.code, i.message)  # noqa: E731
        return sorted(self.issues, key=key) + self.omitted()

    def as_json(self, **extra) -> dict:
        """The report for a program (a portal, a script): every issue kept, with its code's title and its
        place in the data-format guide, and what was only counted. ``extra`` adds fields (what a command
        wrote, say)."""
        issues = []
        for i in sorted(self.issues, key=lambda i: (i.file, i.row or 0, i.field or "", i.code, i.message)):
            code = declared(i.code)
            issues.append({
                "code": i.code, "severity": i.severity, "title": code.title, "file": i.file, "row": i.row, "field": i.field,
                "sheet": i.sheet, "cell": i.cell, "message": i.message, "guide": f"{GUIDE_PAGE}/#{code.anchor}",
            })
        omitted = [
            {"file": file, "code": code, "severity": severity, "count": n - self.limit}
            for (file, code, severity), n in sorted(self._counts.items()) if n > self.limit
        ]
        return {"valid": self.ok, "errors": self.count(ERROR), "warnings": self.count(WARNING), "issues": issues, "omitted": omitted, **extra}

    def summary(self) -> str:
        e, w = self.count(ERROR), self.count(WARNING)
        if not e and not w:
            return "Dữ liệu hợp lệ: không có lỗi, không có cảnh báo."
        return f"Có {e} lỗi và {w} cảnh báo."


class DataError(Exception):
    """Raised inside a stage for one bad value; the stage turns it into a located Issue."""

    def __init__(self, code: str, message: str, input_name: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.input_name = input_name
