"""The theme around the pages written outside the page loop, rendered once for the pages it fits."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils import write_file

from ..pages import Page
from .mkdocs_private import internals
from .outside_loop import write_page


class Shells:
    """The theme around the pages written outside the page loop, rendered once for the pages it fits.

    Such pages differ from one another only by their title, body and address (their navigation is the
    same: none of them is in it). The theme is rendered once with markers in their place, a *shell*, and
    each page is that shell with its own text in place of the markers: a few string joins instead of
    Material's templates. Pages share a shell when everything else the theme reads is the same: their
    depth (links to the site's root and assets), their meta (hidden sidebars, charts) and, for a link to
    a page of the navigation under the same top folder, how much of the address they share with it.

    A shell is trusted only once the first two pages it fits, rendered in full by MkDocs
    (:func:`~generator.engine.outside_loop.write_page`), came out byte for byte the same as filled in
    from it; otherwise its pages are all rendered in full. The shell's context gets the site's own
    ``page_context`` step (``own_context``, the plugin's); no shell is used when another plugin changes a
    page's context."""

    TITLE, BODY, CANONICAL, ABSOLUTE = (f"\ue000dti-{name}\ue001" for name in ("title", "body", "canonical", "absolute"))
    MARKERS = re.compile("(" + "|".join(re.escape(m) for m in (TITLE, BODY, CANONICAL, ABSOLUTE)) + ")")
    PROOF = 2  # pages rendered in full and compared before a shell is trusted

    def __init__(self, config, doc_files, nav, env, own_context):
        self.config, self.doc_files, self.nav, self.env, self.own_context = config, doc_files, nav, env, own_context
        self.usable = all(step == own_context for step in config.plugins.events["page_context"])
        self.targets: dict[str, list[list[str]]] = {}
        for url in {p.url for p in nav.pages}:
            parts = url.split("/")
            self.targets.setdefault(parts[0], []).append(parts)
        self.shells: dict[tuple, list[str] | None] = {}
        self.proofs: dict[tuple, int] = {}
        self.filled = self.rendered = 0  # pages filled in from a shell, and rendered in full

    def _key(self, page) -> tuple:
        parts = page.url.split("/")
        shared = tuple(next((n for n, (a, b) in enumerate(zip(parts[:-1], t)) if a != b), min(len(parts) - 1, len(t))) for t in self.targets.get(parts[0], ()))
        return len(parts), shared, repr(sorted((k, v) for k, v in page.meta.items() if k not in ("title", "template")))

    def write(self, page, generated: Page) -> None:
        key = self._key(page) if self.usable else None
        shell = self.shells.get(key) if key is not None else None
        if key is not None and key not in self.shells:
            shell = self.shells[key] = self._shell(page)
            self.proofs[key] = 0
        if shell is None or self.proofs[key] < self.PROOF:
            write_page(page, generated, self.config, self.doc_files, self.nav, self.env)
            self.rendered += 1
            if shell is not None:
                proved = Path(page.file.abs_dest_path).read_bytes() == self._output(page, generated, shell)
                self.proofs[key] += 1
                if not proved:
                    self.shells[key] = None
            return
        write_file(self._output(page, generated, shell), page.file.abs_dest_path)
        self.filled += 1

    def _output(self, page, generated: Page, shell: list[str]) -> bytes:
        values = {self.TITLE: page.meta.get("title", ""), self.BODY: generated.html, self.CANONICAL: page.canonical_url or "", self.ABSOLUTE: page.abs_url or ""}
        html = "".join(values[part] if n % 2 else part for n, part in enumerate(shell))
        with internals().current_page(self.config, page):
            html = self.config.plugins.on_post_page(html, page=page, config=self.config)
        return html.encode("utf-8", errors="xmlcharrefreplace")

    def _shell(self, page) -> list[str] | None:
        """The theme rendered for ``page`` with markers for its title, body and address, split at them."""
        saved = page.meta, page.canonical_url, page.abs_url
        page.meta = {k: v for k, v in page.meta.items() if k != "template"} | {"title": self.TITLE}
        page.content = f"<h1>{self.TITLE}</h1>\n{self.BODY}"
        if page.canonical_url:
            page.canonical_url, page.abs_url = self.CANONICAL, self.ABSOLUTE
        page.active = True
        try:
            with internals().current_page(self.config, page):
                context = internals().context_for(self.nav, self.doc_files, self.config, page)
                context = self.own_context(context, page=page, config=self.config, nav=self.nav)
                html = self.env.get_template(page.meta.get("template", "main.html")).render(context)
        finally:
            page.meta, page.canonical_url, page.abs_url = saved
            page.content, page.active = None, False
        return self.MARKERS.split(html)
