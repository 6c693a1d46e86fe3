"""A build run by the site engine: its configuration read, the ``dti`` plugin given the data, the site written."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as engine_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from .choose import ENGINE, PROBLEM, VARIABLE
from .mkdocs_private import internals


class BuildFailed(Exception):
    """The engine could not build the site: the issue's code, the configuration field it names, a message,
    and where the problem is when it is not the configuration file (an environment variable)."""

    def __init__(self, code: str, field: str | None, message: str, where: str | None = None):
        super().__init__(message)
        self.code, self.field, self.message, self.where = code, field, message, where


def build(config_file: Path, site_dir: Path, dataset, edition, draft: bool) -> str:
    """Build the site ``config_file`` describes into ``site_dir``, with the pages of ``dataset`` (and the
    published ``edition``, a ``publish.EditionInfo``, when given); :class:`BuildFailed` when it cannot.
    Returns the site's public address as the configuration gives it (``site_url``, or "")."""
    if PROBLEM:
        raise BuildFailed("build-failed", None, f"không xây dựng được trang: {PROBLEM}", where=f"biến môi trường {VARIABLE}")
    try:
        internals()
    except PluginError as exc:
        raise BuildFailed("build-failed", None, str(exc)) from None
    try:
        for name in ("mkdocs", ENGINE):
            logging.getLogger(name).setLevel(logging.WARNING)
        config = load_config(str(config_file), site_dir=str(site_dir))
        plugin = config.plugins.get("dti")
        if plugin is None:
            raise BuildFailed("no-plugin", "plugins", "mkdocs.yml phải khai báo plugin «dti»")
        plugin.dataset = dataset
        plugin.edition = edition
        plugin.draft = draft
        engine_build(config)
        return config.site_url or ""
    except (MkDocsException, OSError) as exc:
        raise BuildFailed("build-failed", None, f"không xây dựng được trang: {exc}") from None
