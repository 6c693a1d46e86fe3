"""The private parts of MkDocs the site relies on, behind one function that checks the engine's version.

MkDocs has no public way to render one page as its page loop does, so the pages written outside the loop
call the loop's own step (``mkdocs.commands.build._build_page`` and the context it makes) and set what
it sets (the configuration's ``_current_page``, the page's ``_title_from_render``). None of this is part
of the plugin interface and any release may change it: :func:`internals` hands it out only for the
engine versions it was read in, MkDocs 1.6 and ProperDocs 1.6 (its continuation), and refuses any other
with a plain message. The shells are proven against ``_build_page``'s own output at every build
(:mod:`.shells`), so a change in what it writes cannot go unnoticed; a change in how it is called can.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import cache
from typing import Callable, ContextManager, NamedTuple

from mkdocs.exceptions import PluginError

from .choose import NAMES

SUPPORTED = {"mkdocs": "1.6.", "properdocs": "1.6."}  # the engine's package, and the releases read here


class Internals(NamedTuple):
    """What the page loop does, for the pages written outside it."""

    build_page: Callable[..., None]  # (page, config, doc_files, nav, env): render and write a page as the loop does
    context_for: Callable[..., dict]  # (nav, files, config, page): the context the theme renders a page with
    current_page: Callable[..., ContextManager[None]]  # (config, page): the page plugins are told is being built
    forget_rendered_title: Callable[..., None]  # (page): no title taken from a rendered Markdown heading


def running_engine() -> tuple[str, str]:
    """The package the ``mkdocs`` names stand for (``mkdocs``, or ``properdocs`` under its alias), and its version."""
    import mkdocs

    return mkdocs.__name__, mkdocs.__version__


def page_loop_logger() -> logging.Logger:
    """The logger of MkDocs' page loop, under the engine's own name (``properdocs.commands.build`` under
    ProperDocs' alias)."""
    from mkdocs.commands import build

    return logging.getLogger(build.__name__)


@cache
def internals() -> Internals:
    """The private calls of the running engine; :class:`PluginError` when its version was not read here."""
    name, version = running_engine()
    if name not in SUPPORTED or not version.startswith(SUPPORTED[name]):
        raise PluginError(
            f"Chưa dựng được trang bằng {NAMES.get(name, name)} {version}: trang web dùng cách MkDocs 1.6 dựng từng trang, "
            "có thể đã đổi ở phiên bản này. Hãy cài đúng các phiên bản ghi trong pyproject.toml (MkDocs 1.6 hoặc ProperDocs 1.6)."
        )
    from mkdocs.commands import build

    @contextmanager
    def current_page(config, page):
        config._current_page = page
        try:
            yield
        finally:
            config._current_page = None

    def forget_rendered_title(page) -> None:
        page._title_from_render = None

    return Internals(build._build_page, build.get_context, current_page, forget_rendered_title)
