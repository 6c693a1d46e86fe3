"""A build run by the site engine: its configuration checked and read, the ``dti`` plugin given the data, the
site written."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.commands.build import build as engine_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from .choose import ENGINE, PROBLEM, VARIABLE
from .failures import BuildFailed, ConfigRefused
from .mkdocs_private import internals
from .safe_config import check_config


class _Heard(logging.Handler):
    """What the engine says while it reads a configuration: it logs each problem with a setting, then
    gives up with only «Aborted with a configuration error!»; the problems are the cause to show."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record.getMessage())

    def __enter__(self) -> "_Heard":
        for name in ("mkdocs", ENGINE):
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for name in ("mkdocs", ENGINE):
            logging.getLogger(name).removeHandler(self)

    def cause(self, exc: Exception) -> str:
        """The engine's own words for what is wrong, translated where they are a known problem."""
        said = [_in_vietnamese(line) for line in self.said if line.strip()]
        return "; ".join(said) if said else str(exc)


_KNOWN = (
    (re.compile(r"The path set in custom_dir \('(.*)'\) does not exist"), "thư mục giao diện riêng (theme.custom_dir) «{0}» không có; hãy sửa đường dẫn hoặc bỏ dòng custom_dir"),
    (re.compile(r"Unrecognised theme name: '(.*?)'"), "giao diện «{0}» không có; hãy ghi theme: name: material"),
    (re.compile(r"The path '(.*)' isn't an existing directory"), "thư mục «{0}» không có"),
    (re.compile(r"Required configuration not provided"), "thiếu một trường bắt buộc"),
)


def _in_vietnamese(line: str) -> str:
    for pattern, words in _KNOWN:
        found = pattern.search(line)
        if found:
            return f"{words.format(*found.groups())} (MkDocs: {line.strip()})"
    return f"MkDocs: {line.strip()}"


def read_config(config_file: Path, site_dir: Path):
    """The engine's configuration from ``config_file``, once :func:`check_config` finds nothing in it that
    could run code or take the machine's memory; :class:`BuildFailed` for any problem with it."""
    problems = check_config(config_file)
    if problems:
        raise ConfigRefused(problems)
    for name in ("mkdocs", ENGINE):
        logging.getLogger(name).setLevel(logging.WARNING)
    heard = _Heard()
    try:
        with heard:
            config = load_config(str(config_file), site_dir=str(site_dir))
    except MkDocsException as exc:
        raise BuildFailed("build-failed", None, f"không đọc được cấu hình: {heard.cause(exc)}") from None
    except Exception as exc:  # a value the engine's own checks let through (a date like 2024-02-30, …): still the file's problem
        raise BuildFailed("build-failed", None, f"không đọc được cấu hình: {type(exc).__name__}: {exc}") from None
    if config.plugins.get("dti") is None:
        raise BuildFailed("no-plugin", "plugins", "mkdocs.yml phải khai báo plugin «dti»")
    return config


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
    config = read_config(config_file, site_dir)
    plugin = config.plugins["dti"]
    plugin.dataset = dataset
    plugin.edition = edition
    plugin.draft = draft
    try:
        engine_build(config)
        return config.site_url or ""
    except (MkDocsException, OSError) as exc:
        raise BuildFailed("build-failed", None, f"không xây dựng được trang: {exc}") from None
