"""``dti build``: validate, score, and write the site; on any error nothing is written.

The site is built into a temporary folder next to the target and swapped in only when the build
succeeds, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import Issue, Report
from .load import display_path
from .validate import validate


def build_site(data_dir: Path, site_dir: Path, config_file: Path) -> Report:
    dataset, report = validate(data_dir)
    if not report.ok:
        return report
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
