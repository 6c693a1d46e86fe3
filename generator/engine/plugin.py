"""The ``dti`` plugin: adds the generated pages and files to a build.

* Page bodies are already HTML; MkDocs only wraps them in the theme. Pages made per unit or indicator
  are rendered outside MkDocs' page loop (:mod:`.outside_loop`), most of them filled in from a shell of
  the theme (:mod:`.shells`).
* Files: the open-data files, the data the compare page reads, the standalone embed pages and the
  Vega bundle that draws the charts offline (:mod:`.vega`).
* After the build, Pagefind indexes for search that ignores Vietnamese diacritics (:mod:`.pagefind`).
* The "page not found" page built without ``site_url`` gets links relative to the site's root, which it
  finds when it is opened (``theme/404.html``), so it works under any sub-path of a portal.
"""

from __future__ import annotations

import json
from functools import partial
from html import escape
from pathlib import Path

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .. import drafts
from ..compiled import COMPILED
from ..model import DRAFT, Dataset
from ..opendata import open_data_files
from ..pages import Page, about, paths, search, site_content
from ..parallel import Shared, helpers_for
from ..urls import safe_href
from . import compress, defaults, navigation, pagefind, theme
from .mkdocs_private import internals
from .outside_loop import OUTSIDE_LOOP, QuietSkips, content, convert_nothing, outside_loop
from .shells import Shells
from .vega import vega_bundle


class DtiConfig(Config):
    """The plugin's options in ``mkdocs.yml`` (``plugins: - dti: ...``)."""

    data_dir = config_options.Type(str, default="data")  # the data packages, relative to mkdocs.yml
    search = config_options.Type(bool, default=True)  # make the Pagefind index after the build
    # Pages made per unit or indicator are written outside MkDocs' page loop, on every core; false: every
    # page goes through the loop (the same site, slower; the tests compare the two).
    render_outside_loop = config_options.Type(bool, default=True)
    # The province's own, shown at the foot of every page and on a printed scorecard: the address of its
    # portal (the site links back to it) and how to reach the secretariat of the assessment.
    portal = config_options.Type(str, default="")
    contact = config_options.Type(str, default="")


class DtiPlugin(BasePlugin[DtiConfig]):
    """Adds the pages and files computed from the data packages to a MkDocs build."""

    def __init__(self):
        super().__init__()
        self.dataset: Dataset | None = None
        self.edition = None  # an editions.EditionInfo when building a published edition
        self.draft = False  # provisional results circulated for comments
        self.pages: dict[str, Page] = {}
        self.files: dict[str, str | bytes] = {}
        self.sections: set[str] = set()  # the site's top-level folders, for the "page not found" page
        self.as_written: dict[str, str] = {}  # built HTML of the pages search indexes as written, by output path
        self.nav = None
        self.rendering: Shared | None = None  # the pages being written outside MkDocs' page loop
        self.shells: Shells | None = None
        self.quiet_skips = QuietSkips()

    def _outside_loop(self, generated: Page) -> bool:
        return self.config.render_outside_loop and outside_loop(generated)

    def on_config(self, config):
        internals()  # refuses an engine whose private calls were not read here, before any work
        defaults.complete(config)  # what a province's mkdocs.yml leaves out comes with the package
        if self.config.portal or self.config.contact:
            config.extra["dti_province"] = {"portal": safe_href(self.config.portal) or "", "portal_text": self.config.portal, "contact": self.config.contact}
        if self.dataset is None:
            from ..validate import validate

            data_dir = Path(config.config_file_path).parent / self.config.data_dir
            dataset, report = validate(data_dir, keep_inputs=False)
            if not report.ok:
                details = "\n".join(str(i) for i in report.sorted() if i.is_error)
                raise PluginError(f"Dữ liệu có lỗi; hãy chạy «dti validate».\n{details}")
            self.dataset = dataset
        self.draft = self.draft or self.dataset.draft
        self.as_written = {}
        version = self.edition.version if self.edition else None
        self._stop_rendering()
        self.quiet_skips.install()
        compared = drafts.compared(self.dataset, self.edition)
        pages, files = site_content(
            self.dataset, config.site_url or "", self.edition, self.draft,
            open_data=partial(open_data_files, self.dataset, config.site_url or "", version, self.draft, self.edition.errata if self.edition else (), compared),
            contact=self.config.contact,
        )
        self.pages = {p.path: p for p in pages}
        self.files = {**files, paths.VEGA: vega_bundle()}
        config.extra["illustrative"] = any(e.illustrative for e in self.dataset.editions.values())
        if self.draft:
            config.extra["draft"] = DRAFT
            config.site_name = f"{DRAFT}: {config.site_name}"
            self.files["robots.txt"] = "User-agent: *\nDisallow: /\n"
        elif config.site_url:
            # With its public address the site lists its pages in sitemap.xml (MkDocs writes it) and names it
            # here; without, the build warns (generator/build.py) and writes neither.
            self.files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {config.site_url.rstrip('/')}/sitemap.xml\n"
        if self.edition is not None:
            from ..packaging import json_text

            self.files[paths.MANIFEST] = json_text(self.edition.manifest)
            config.extra["version"] = {"provider": "mike", "default": "latest"}
            config.extra["edition"] = {"version": self.edition.version, "data_sha256": self.edition.data_sha256}
        if config.nav:
            config.nav = navigation.expand(config.nav, self.pages)
        return config

    def on_files(self, files, config):
        theme.lighten(files, config)
        defaults.add_assets(files, config)
        for page in self.pages.values():
            # Material prints the title into <title>, the header and the navigation without escaping it:
            # the theme gets it escaped, so a name from the data can never become markup.
            text = page.html if page.standalone else f"---\ntitle: {json.dumps(escape(page.title), ensure_ascii=False)}\n---\n"
            files.append(File.generated(config, page.path, content=text))
        for path, text in self.files.items():
            files.append(File.generated(config, path, content=text))
        # Folders that only this site has (not assets/ or data/, names a portal's own address may use).
        self.sections = {f.src_uri.split("/", 1)[0] for f in files if "/" in f.src_uri and (f.is_documentation_page() or f.src_uri.endswith(".html"))}
        self.sections |= {f.url.split("/", 1)[0] for f in files if f.is_documentation_page() and f.url.strip("./")}
        return files

    def on_template_context(self, context, template_name, config):
        """The "page not found" page is served at any missing address, so MkDocs gives it root-absolute
        links. Without ``site_url`` they would point outside a portal's sub-path: its links are made
        relative to the site's root instead, and the page finds that root when it is opened (the
        theme's ``404.html`` writes a ``<base>``, knowing the site's top-level folders)."""
        if template_name == "404.html" and not config.site_url:
            context["base_url"] = ""
            context["dti_sections"] = sorted(self.sections)
        return theme.same_for_every_engine(context)

    def on_post_template(self, output_content, template_name, config):
        """The "page not found" page gets what every page gets from :func:`.theme.tidy`."""
        return theme.tidy(output_content) if template_name == "404.html" else output_content

    def on_page_context(self, context, page, config, nav):
        """Pages say the same of the engine under every engine (:func:`.theme.same_for_every_engine`);
        the shells apply this too (:class:`.Shells`)."""
        return theme.same_for_every_engine(context)

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_pre_page(self, page, config, files):
        """A page written outside the page loop has no Markdown (its file is only its title), so MkDocs is
        spared making a Markdown converter for each of thousands of them (:func:`.convert_nothing`)."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and self._outside_loop(generated):
            page.render = partial(convert_nothing, page)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
            if self._outside_loop(generated):
                page.meta["template"] = OUTSIDE_LOOP
        elif about.EDITIONS_MARKER in markdown:  # a hand-written page that speaks of the site's editions
            markdown = markdown.replace(about.EDITIONS_MARKER, about.editions_text(self.edition, self.draft))
        return markdown

    def on_page_content(self, html, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        if self._outside_loop(generated):
            return ""  # the body is rendered when the page is written (on_env)
        return content(generated)

    def on_env(self, env, config, files):
        """Start writing the pages rendered outside MkDocs' page loop: the page loop writes nothing for
        them (their template here renders nothing), and they are rendered by
        :func:`~.outside_loop.write_page`, which is what the loop does for a page, on a forked helper from
        now on and on this process once the loop is done (:meth:`on_post_build`)."""
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({OUTSIDE_LOOP: ""}), env.loader])
        env.auto_reload = False  # the theme's files do not change during a build: no check at every include
        env.bytecode_cache = COMPILED  # compiled once, not at every build (generator.compiled)
        doc_files = files.documentation_pages()
        self.shells = Shells(config, doc_files, self.nav, env, self.on_page_context)
        jobs = [
            partial(self.shells.write, file.page, self.pages[file.src_uri])
            for file in doc_files
            if file.src_uri in self.pages and self._outside_loop(self.pages[file.src_uri])
        ]
        self.quiet_skips.uris = {job.args[0].file.src_uri for job in jobs}
        env.globals["dti_navs"] = navigation.FolderNavs(self.quiet_skips.uris, self.nav)
        if self.config.search:
            # First, so that the helper writes the search records' documents while this process runs
            # MkDocs' page loop (the pages indexed as written are added after the loop).
            jobs.insert(0, pagefind.records_job(Path(config.site_dir), self.dataset))
        self.rendering = Shared(jobs, helpers_for(len(jobs)))
        return env

    def on_post_page(self, output, page, config):
        output = theme.tidy(output)
        if page.meta.get("index", True):
            self.as_written[page.file.dest_uri] = search.as_written(output, page.content or "")
        return output

    def on_build_error(self, error):
        self._stop_rendering()

    def _stop_rendering(self) -> None:
        """Stop the helpers writing pages, if any, and the filter of the page loop's notes."""
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None
        self.quiet_skips.remove()

    def on_post_build(self, config):
        try:
            if self.rendering is not None:
                self.rendering.finish()
        finally:
            self._stop_rendering()
        if self.config.search:
            failed = pagefind.index(Path(config.site_dir), self.as_written)
            if failed is not None:
                raise PluginError(f"Không tạo được chỉ mục tìm kiếm (Pagefind): {failed}")
        compress.precompress(Path(config.site_dir))  # last: the search's scripts are compressed too
