"""Search that ignores Vietnamese diacritics, made by Pagefind after the build: one small document per
search record (units, indicators, index sets, rankings; :mod:`generator.pages.search`) and the pages
indexed as written (the hand-written ones), copied into a folder inside the build's own site folder while
the indexer reads it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Callable

from ..model import Dataset
from ..outdir import die_with_parent
from ..pages import search

SEARCH_SOURCE = ".dti-search-source"  # inside the site folder while the indexer reads it, then removed


def _record_documents(dataset: Dataset):
    """The document of each search record, by the path that gives it its page's address."""
    return ((r.index_path, search.document(r)) for r in search.records(dataset))


def _write_documents(folder: Path, documents) -> None:
    """Write the documents the search indexer reads, (path, HTML) pairs from ``documents()``."""
    for path, html in documents():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def records_job(site: Path, dataset: Dataset) -> Callable[[], None]:
    """The job that writes the search records' documents into an empty source folder (a helper runs it
    while this process runs the page loop)."""
    source = site / SEARCH_SOURCE
    shutil.rmtree(source, ignore_errors=True)
    return partial(_write_documents, source, partial(_record_documents, dataset))


def index(site: Path, as_written: dict[str, str]) -> str | None:
    """Add the pages indexed as written (HTML by output path) to the documents, run Pagefind into
    ``site/pagefind`` and remove the documents; what the indexer said when it failed, else None."""
    source = site / SEARCH_SOURCE
    _write_documents(source, as_written.items)
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(site / "pagefind"), "--force-language", "vi", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, preexec_fn=die_with_parent)
    shutil.rmtree(source, ignore_errors=True)
    if result.returncode != 0:
        return result.stderr or result.stdout
    return None
