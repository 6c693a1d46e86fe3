"""The only code that talks to MkDocs: a plugin that adds the generated pages and files to a build.

* Generated pages are kept out of the navigation unless a page asks for a place in it (rankings and
  methodology pages do; unit and indicator pages do not), so build time grows linearly with units.
  In ``mkdocs.yml`` the nav entries ``dti:rankings`` and ``dti:frameworks`` stand for those pages.
* Page bodies are already HTML; MkDocs only wraps them in the theme.
* Files: the open-data files, the data the compare page reads, the standalone embed pages and the
  Vega bundle that draws the charts offline.
* After the build, Pagefind indexes for search that ignores Vietnamese diacritics: one small document
  per search record (units, indicators, index sets, rankings; :mod:`generator.pages.search`) and the pages
  indexed as written (the hand-written ones), copied into a folder inside the build's own site folder.
* What the site never uses is left out of it: Material's built-in search (lunr and its worker) and the
  source maps of its scripts and stylesheets.
* The "page not found" page built without ``site_url`` gets links relative to the site's root, which it
  finds when it is opened (``theme/404.html``), so it works under any sub-path of a portal.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import shutil
import subprocess
import sys
from functools import cache, partial
from html import escape
from pathlib import Path

import jinja2
from mkdocs.commands.build import _build_page, get_context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file as utils_write

from . import usercache
from .model import DRAFT, Dataset
from .opendata import open_data_files
from .outdir import die_with_parent
from .parallel import Shared, helpers_for
from .pages import Page, paths, search, site_content

NAV_MARKERS = {"dti:rankings": "Xếp hạng", "dti:frameworks": "Bộ chỉ số"}
NAV_PAGES = {"dti:errata": paths.ERRATA}  # entries that stand for one page, dropped when it is absent
VEGA_LITE_VERSION = "6.4"
SEARCH_SOURCE = ".dti-search-source"  # inside the site folder while the indexer reads it, then removed


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one file, so charts need nothing from outside the site. Bundling
    takes about 2 s and gives the same text for the same pinned package, so it is kept in the user's cache
    folder (``$XDG_CACHE_HOME/dti``) under the package's version; without a writable cache it is made anew."""
    from importlib.metadata import version

    import vl_convert

    cached = usercache.folder() / f"vega-{VEGA_LITE_VERSION}-vl-convert-{version('vl-convert-python')}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    bundle = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    usercache.keep(cached, bundle)
    return bundle


class DtiConfig(Config):
    data_dir = config_options.Type(str, default="data")
    search = config_options.Type(bool, default=True)


UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")  # Material's own search: Pagefind searches
SOURCE_MAP = re.compile(rb"\n?/[*/][#@] sourceMappingURL=[^\n]*?(\*/)?\s*$")


def _lighten_theme(files, config) -> None:
    """Leave out what the site never uses: Material's built-in search (lunr and its worker, ~1.2 MB; the
    site searches with Pagefind) and the source maps (~1.3 MB), and the comments that name the maps."""
    for file in list(files):
        uri = file.src_uri
        if uri.startswith(UNUSED_THEME_FILES) or uri.endswith(".map"):
            files.remove(file)
        elif uri.startswith("assets/") and uri.endswith((".js", ".css")) and not file.generated_by and file.abs_src_path:
            data = Path(file.abs_src_path).read_bytes()
            stripped = SOURCE_MAP.sub(b"\n", data[-300:])
            if stripped != data[-300:]:
                files.remove(file)
                files.append(File.generated(config, uri, content=data[:-300] + stripped))


OUTSIDE_LOOP = "dti-outside-loop.html"  # the template MkDocs' page loop renders for those pages: nothing
RENDER_OUTSIDE_LOOP = True  # False: every page goes through MkDocs' own loop (the tests compare the two)


def _outside_loop(page: Page) -> bool:
    """Pages made per unit or indicator are rendered outside MkDocs' page loop, on every core, and each
    is written as soon as it is made (a national year's scorecards hold gigabytes of HTML). Search
    finds them through their own records, so nothing needs them once they are written."""
    return RENDER_OUTSIDE_LOOP and page.deferred and not page.meta.get("index", True)


def _content(page: Page) -> str:
    return f"<h1>{escape(page.title)}</h1>\n{page.html}"


def _write_page(page, generated: Page, config, doc_files, nav, env) -> None:
    """Render and write a page as MkDocs' page loop does (:func:`mkdocs.commands.build._build_page`: the
    same context, template, plugin events and file), with its body rendered only now."""
    page.content = _content(generated)
    page.meta.pop("template", None)
    try:
        _build_page(page, config, doc_files, nav, env)
    finally:
        page.content = None


def _convert_nothing(page, config, files) -> None:
    """What :meth:`mkdocs.structure.pages.Page.render` gives for an empty Markdown text: no HTML, no
    headings, no anchors, no links."""
    if (page.markdown or "").strip():
        raise PluginError(f"trang {page.file.src_uri} được viết ngoài vòng dựng trang nhưng có nội dung Markdown")
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _record_documents(dataset: Dataset):
    """The document of each search record, by the path that gives it its page's address."""
    return ((r.index_path, search.document(r)) for r in search.records(dataset))


def _write_documents(folder: Path, documents) -> None:
    """Write the documents the search indexer reads, (path, HTML) pairs from ``documents()``."""
    for path, html in documents():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


class Shells:
    """The theme around the pages written outside the page loop, rendered once for the pages it fits.

    Such pages differ from one another only by their title, body and address (their navigation is the
    same: none of them is in it). The theme is rendered once with markers in their place, a *shell*, and
    each page is that shell with its own text in place of the markers: a few string joins instead of
    Material's templates. Pages share a shell when everything else the theme reads is the same: their
    depth (links to the site's root and assets), their meta (hidden sidebars, charts) and, for a link to
    a page of the navigation under the same top folder, how much of the address they share with it.

    A shell is trusted only once the first two pages it fits, rendered in full by MkDocs
    (:func:`_write_page`), came out byte for byte the same as filled in from it; otherwise its pages
    are all rendered in full. No shell is used when another plugin changes a page's context."""

    TITLE, BODY, CANONICAL, ABSOLUTE = (f"\ue000dti-{name}\ue001" for name in ("title", "body", "canonical", "absolute"))
    MARKERS = re.compile("(" + "|".join(re.escape(m) for m in (TITLE, BODY, CANONICAL, ABSOLUTE)) + ")")
    PROOF = 2  # pages rendered in full and compared before a shell is trusted

    def __init__(self, config, doc_files, nav, env):
        self.config, self.doc_files, self.nav, self.env = config, doc_files, nav, env
        self.usable = not config.plugins.events["page_context"]
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
            _write_page(page, generated, self.config, self.doc_files, self.nav, self.env)
            self.rendered += 1
            if shell is not None:
                proved = Path(page.file.abs_dest_path).read_bytes() == self._output(page, generated, shell)
                self.proofs[key] += 1
                if not proved:
                    self.shells[key] = None
            return
        utils_write(self._output(page, generated, shell), page.file.abs_dest_path)
        self.filled += 1

    def _output(self, page, generated: Page, shell: list[str]) -> bytes:
        values = {self.TITLE: page.meta.get("title", ""), self.BODY: generated.html, self.CANONICAL: page.canonical_url or "", self.ABSOLUTE: page.abs_url or ""}
        html = "".join(values[part] if n % 2 else part for n, part in enumerate(shell))
        self.config._current_page = page
        try:
            html = self.config.plugins.on_post_page(html, page=page, config=self.config)
        finally:
            self.config._current_page = None
        return html.encode("utf-8", errors="xmlcharrefreplace")

    def _shell(self, page) -> list[str] | None:
        """The theme rendered for ``page`` with markers for its title, body and address, split at them."""
        saved = page.meta, page.canonical_url, page.abs_url
        page.meta = {k: v for k, v in page.meta.items() if k != "template"} | {"title": self.TITLE}
        page.content = f"<h1>{self.TITLE}</h1>\n{self.BODY}"
        if page.canonical_url:
            page.canonical_url, page.abs_url = self.CANONICAL, self.ABSOLUTE
        self.config._current_page = page
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, self.config, page)
            html = self.env.get_template(page.meta.get("template", "main.html")).render(context)
        finally:
            page.meta, page.canonical_url, page.abs_url = saved
            page.content, page.active, self.config._current_page = None, False, None
        return self.MARKERS.split(html)


class FolderNavs:
    """The navigation of the pages written outside the page loop, made once per folder (the theme's
    ``site_nav`` block asks): such a page is not in the navigation, so nothing in it is marked as the
    current page, and its links are relative to the page's folder. A page under which the navigation
    has a page of its own makes its own."""

    def __init__(self, uris: set[str], nav):
        self.uris = uris
        self.nav_urls = [p.url for p in nav.pages]
        self.navs: dict[tuple, str] = {}

    def _key(self, page) -> tuple | None:
        if page is None or page.file.src_uri not in self.uris or any(u.startswith(page.url) for u in self.nav_urls):
            return None
        return posixpath.dirname(page.url.rstrip("/")), tuple(page.meta.get("hide") or ())

    def made(self, page) -> str | None:
        key = self._key(page)
        return self.navs.get(key) if key else None

    def keep(self, page, html: str) -> str:
        key = self._key(page)
        if key:
            self.navs[key] = html
        return html


class _QuietSkips(logging.Filter):
    """MkDocs notes every page for which its loop wrote nothing; for the pages written outside the loop
    that is expected, and would be thousands of lines."""

    uris: set[str] = set()
    SKIPPED = re.compile(r"Page skipped: '(.*)'\. Generated empty output\.")

    def filter(self, record) -> bool:
        skipped = self.SKIPPED.fullmatch(record.getMessage())
        return not (skipped and skipped.group(1) in self.uris)


_quiet_skips = _QuietSkips()
logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skips)


class DtiPlugin(BasePlugin[DtiConfig]):
    """Adds the pages and files computed from the data packages to a MkDocs build."""

    def __init__(self):
        super().__init__()
        self.dataset: Dataset | None = None
        self.edition = None  # a publish.EditionInfo when building a published edition
        self.draft = False  # provisional results circulated for comments
        self.pages: dict[str, Page] = {}
        self.files: dict[str, str | bytes] = {}
        self.sections: set[str] = set()  # the site's top-level folders, for the "page not found" page
        self.as_written: dict[str, str] = {}  # built HTML of the pages search indexes as written, by output path
        self.nav = None
        self.rendering: Shared | None = None  # the pages being written outside MkDocs' page loop
        self.shells: Shells | None = None

    def on_config(self, config):
        if self.dataset is None:
            from .validate import validate

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
        pages, files = site_content(self.dataset, config.site_url or "", self.edition, self.draft, open_data=partial(open_data_files, self.dataset, config.site_url or "", version, self.draft))
        self.pages = {p.path: p for p in pages}
        self.files = {**files, paths.VEGA: vega_bundle()}
        config.extra["illustrative"] = any(e.illustrative for e in self.dataset.editions.values())
        if self.draft:
            config.extra["draft"] = DRAFT
            config.site_name = f"{DRAFT}: {config.site_name}"
            self.files["robots.txt"] = "User-agent: *\nDisallow: /\n"
        if self.edition is not None:
            from .packaging import json_text
            from .editions import errata_csv

            self.files[paths.MANIFEST] = json_text(self.edition.manifest)
            if self.edition.errata:
                self.files[paths.ERRATA_CSV] = errata_csv(self.edition.errata)
            config.extra["version"] = {"provider": "mike", "default": "latest"}
            config.extra["edition"] = {"version": self.edition.version, "data_sha256": self.edition.data_sha256}
        if config.nav:
            config.nav = self._expand_nav(config.nav)
        return config

    def _marked(self, section: str) -> list:
        """Nav entries of the generated pages that ask for a place under ``section``."""
        tree: dict = {}
        for page in self.pages.values():
            if page.nav and page.nav[0] == section and len(page.nav) > 1:
                node = tree
                for part in page.nav[1:-1]:
                    node = node.setdefault(escape(part), {})
                node[escape(page.nav[-1])] = page.path

        def to_nav(node: dict) -> list:
            return [{title: to_nav(value) if isinstance(value, dict) else value} for title, value in node.items()]

        return to_nav(tree)

    def _expand_nav(self, nav):
        out = []
        for item in nav:
            if isinstance(item, dict):
                [(title, value)] = item.items()
                if isinstance(value, str) and value in NAV_MARKERS:
                    out.append({title: self._marked(NAV_MARKERS[value])})
                elif isinstance(value, str) and value in NAV_PAGES:
                    if NAV_PAGES[value] in self.pages:
                        out.append({title: NAV_PAGES[value]})
                elif isinstance(value, list):
                    out.append({title: self._expand_nav(value)})
                else:
                    out.append(item)
            else:
                out.append(item)
        return out

    def on_files(self, files, config):
        _lighten_theme(files, config)
        for page in self.pages.values():
            # Material prints the title into <title>, the header and the navigation without escaping it:
            # the theme gets it escaped, so a name from the data can never become markup.
            content = page.html if page.standalone else f"---\ntitle: {json.dumps(escape(page.title), ensure_ascii=False)}\n---\n"
            files.append(File.generated(config, page.path, content=content))
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
        return context

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_pre_page(self, page, config, files):
        """A page written outside the page loop has no Markdown (its file is only its title), so MkDocs is
        spared making a Markdown converter for each of thousands of them (:func:`_convert_nothing`)."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and _outside_loop(generated):
            page.render = partial(_convert_nothing, page)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
            if _outside_loop(generated):
                page.meta["template"] = OUTSIDE_LOOP
        return markdown

    def on_page_content(self, html, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        if _outside_loop(generated):
            return ""  # the body is rendered when the page is written (on_env)
        return _content(generated)

    def on_env(self, env, config, files):
        """Start writing the pages rendered outside MkDocs' page loop: the page loop writes nothing for
        them (their template here renders nothing), and they are rendered by :func:`_write_page`, which is
        what the loop does for a page, on a forked helper from now on and on this process once the loop is
        done (:meth:`on_post_build`)."""
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({OUTSIDE_LOOP: ""}), env.loader])
        env.auto_reload = False  # the theme's files do not change during a build: no check at every include
        doc_files = files.documentation_pages()
        self.shells = Shells(config, doc_files, self.nav, env)
        jobs = [
            partial(self.shells.write, file.page, self.pages[file.src_uri])
            for file in doc_files
            if file.src_uri in self.pages and _outside_loop(self.pages[file.src_uri])
        ]
        _quiet_skips.uris = {job.args[0].file.src_uri for job in jobs}
        env.globals["dti_navs"] = FolderNavs(_quiet_skips.uris, self.nav)
        if self.config.search:
            # First, so that the helper writes the search records' documents while this process runs
            # MkDocs' page loop (the pages indexed as written are added after the loop).
            source = Path(config.site_dir) / SEARCH_SOURCE
            shutil.rmtree(source, ignore_errors=True)
            jobs.insert(0, partial(_write_documents, source, partial(_record_documents, self.dataset)))
        self.rendering = Shared(jobs, helpers_for(len(jobs)))
        return env

    def on_post_page(self, output, page, config):
        if page.meta.get("index", True):
            self.as_written[page.file.dest_uri] = search.as_written(output, page.content or "")
        return output

    def on_build_error(self, error):
        self._stop_rendering()

    def _stop_rendering(self) -> None:
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None
        _quiet_skips.uris = set()

    def on_post_build(self, config):
        try:
            if self.rendering is not None:
                self.rendering.finish()
        finally:
            self._stop_rendering()
        if not self.config.search:
            return
        site = Path(config.site_dir)
        source = site / SEARCH_SOURCE
        _write_documents(source, self.as_written.items)
        command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(site / "pagefind"), "--force-language", "vi", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, preexec_fn=die_with_parent)
        shutil.rmtree(source, ignore_errors=True)
        if result.returncode != 0:
            raise PluginError(f"Không tạo được chỉ mục tìm kiếm (Pagefind): {result.stderr or result.stdout}")
