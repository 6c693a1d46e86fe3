"""A build run by the site engine: its configuration checked and read, the ``dti`` plugin given the data, the
site written."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as engine_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from .choose import ENGINE, PROBLEM, VARIABLE
from .failures import BuildFailed, ConfigRefused
from .mkdocs_private import internals
from .safe_config import check_config


def read_config(config_file: Path, site_dir: Path):
    """The engine's configuration from ``config_file``, once :func:`check_config` finds nothing in it that
    could run code or take the machine's memory; :class:`BuildFailed` for any problem with it."""
    problems = check_config(config_file)
    if problems:
        raise ConfigRefused(problems)
    for name in ("mkdocs", ENGINE):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
    except MkDocsException as exc:
        raise BuildFailed("build-failed", None, f"không đọc được cấu hình: {exc}") from None
    except Exception as exc:  # a value the engine's own checks let through (a date like 2024-02-30, …): still the file's problem
        raise BuildFailed("build-failed", None, f"không đọc được cấu hình: {type(exc).__name__}: {exc}") from None
    if config.plugins.get("dti") is None:
        raise BuildFailed("no-plugin", "plugins", "mkdocs.yml phải khai báo plugin «dti»")
    return config


def build(config_file: Path, site_dir: Path, dataset, edition, draft: bool) -> None:
    """Build the site ``config_file`` describes into ``site_dir``, with the pages of ``dataset`` (and the
    published ``edition``, a ``publish.EditionInfo``, when given); :class:`BuildFailed` when it cannot."""
    if PROBLEM:
        raise BuildFailed("build-failed", None, f"không xây dựng được trang: {PROBLEM}", where=f"biến môi trường {VARIABLE}")
    try:
        internals()
    except PluginError as exc:
        raise BuildFailed("build-failed", None, str(exc)) from None
    config = read_config(config_file, site_dir)
    plugin = config.plugins["dti"]
    plugin.dataset = dataset
    plugin.edition = edition
    plugin.draft = draft
    try:
        engine_build(config)
    except (MkDocsException, OSError) as exc:
        raise BuildFailed("build-failed", None, f"không xây dựng được trang: {exc}") from None
