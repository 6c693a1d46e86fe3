"""Writing data packages: deterministic CSV files and descriptors with the project's standard schemas."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Iterable, Sequence

from .load import standard_schema


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula: it begins with = + - @, a tab or a carriage
    return (OWASP, «CSV injection»), and is not a plain number such as ``-5``."""
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


def needs_quote_prefix(text: str) -> bool:
    """Whether a text written into a workbook must be marked as text (Excel's «quote prefix», the stored form
    of a leading apostrophe): a formula-like text, or one a spreadsheet would read as an error code (``#N/A``).
    Every workbook the tool writes (the open-data workbooks, the forms) asks this one question."""
    return formula_like(text) or text.startswith("#")


def neutralise(value):
    """A text cell a spreadsheet could take for a formula, made inert (OWASP, «CSV injection»): a text
    that begins with = + - @, a tab or a carriage return gets an apostrophe in front. Numbers stay numbers."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def public_csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV file for the public (open data, errata): every text cell neutralised for spreadsheets."""
    return csv_text(header, ([neutralise(v) for v in row] for row in rows))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(header, rows), encoding="utf-8")


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def resource(name: str, schema: dict | str, path: str | None = None, **extra) -> dict:
    """A tabular resource descriptor; ``schema`` is a schema dict or the name of a standard schema."""
    if isinstance(schema, str):
        schema = standard_schema(schema)
    return {
        "name": name,
        "path": path or f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **extra,
        "schema": schema,
    }


def header_of(schema_name: str) -> list[str]:
    return [f["name"] for f in standard_schema(schema_name)["fields"]]
