"""Located issues: bad data is reported, never raised at the user.

Every stage returns issues instead of stopping at the first problem; the command line prints them all
and chooses the exit code. An issue names the file, the row (as a spreadsheet numbers it: the header is
row 1) and the column, and explains the problem in plain Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    row: int | None
    field: str | None
    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.field:
            parts.append(f"cột {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        label = "Lỗi" if self.is_error else "Cảnh báo"
        return f"{self.location()}: {label}: {self.message} [{self.code}]"


@dataclass
class Report:
    """An ordered collection of issues from every stage."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Issue]:
        return sorted(set(self.issues), key=lambda i: (i.file, i.row or 0, i.field or "", i.code, i.message))

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
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
