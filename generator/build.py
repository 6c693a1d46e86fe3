"""``dti build``: validate, score, and write the site; on any error nothing is written.

The site is built into a temporary folder next to the target and swapped in only when the build
succeeds, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import Issue, Report
from .load import display_path
from .validate import validate


@contextmanager
def _build_date(epoch: int | None):
    """Dates MkDocs writes (sitemap, archives) come from SOURCE_DATE_EPOCH: the publication date for an
    edition, so that building it again gives the same bytes. An explicit SOURCE_DATE_EPOCH wins."""
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build_site(data_dir: Path, site_dir: Path, config_file: Path, edition: str | None = None, validated=None) -> Report:
    """Build the site; with ``edition`` (e.g. "2024.1"), build that published edition as its manifest says.

    ``validated`` is the (dataset, report) of ``data_dir`` when the caller has just validated it.
    """
    dataset, report = validated if validated is not None else validate(data_dir)
    if not report.ok:
        return report
    info = None
    if edition is not None:
        from .publish import PublishError, edition_info, up_to

        try:
            info = edition_info(Path(data_dir).resolve().parent, edition)
        except PublishError as exc:
            report.add(Issue(display_path(Path(data_dir) / "published"), None, None, "unknown-edition", str(exc)))
            return report
        dataset = up_to(dataset, info.year)
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    staging.chmod(0o755)
    try:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        config = load_config(str(config_file), site_dir=str(staging))
        plugin = config.plugins.get("dti")
        if plugin is None:
            report.add(Issue(display_path(config_file), None, "plugins", "no-plugin", "mkdocs.yml phải khai báo plugin «dti»"))
            return report
        plugin.dataset = dataset
        plugin.edition = info
        with _build_date(info.epoch if info else None):
            mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        report.add(Issue(display_path(config_file), None, None, "build-failed", f"không xây dựng được trang: {exc}"))
        return report
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return report
