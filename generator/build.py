"""``dti build``: validate, score, and write the site; on any error nothing is written.

The site folder and the configuration are checked first (they are cheap to check and refusing them
after minutes of validation would waste them): a target that is, or holds, anything a build did not
write is refused (:mod:`generator.outdir`), and so is a configuration that could run code
(:mod:`generator.engine.safe_config`). The site is then built into a hidden staging folder next to the
target and swapped in only when the build succeeds, so a failed build leaves the previous site untouched.
:func:`stage_site` stops before the swap, for publication, which commits and tags in between.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import engine
from .codes import WARNING
from .editions import EditionInfo, ManifestError, PublishError, edition_info, up_to
from .errors import Issue, Report, display_path
from .outdir import FolderProblem, project_roots, refusal, remove_leftovers, resolved, staging_for, swap_in
from .validate import validate


@contextmanager
def _build_date(epoch: int | None):
    """Dates the site engine writes (sitemap, archives) come from SOURCE_DATE_EPOCH: the publication date for an
    edition, so that building it again gives the same bytes. An explicit SOURCE_DATE_EPOCH wins."""
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _guarded(data_dir: Path, config_file: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Folders a site must not replace, and folders it must not be written into."""
    roots = project_roots(config_file)
    protected = {"thư mục dữ liệu": data_dir, "thư mục chứa tệp cấu hình": roots[0]}
    if len(roots) > 1:
        protected["kho mã nguồn của dự án"] = roots[1]
    inside = {"thư mục dữ liệu": data_dir, "thư mục trang viết tay (content)": roots[0] / "content", "thư mục giao diện (theme)": roots[0] / "theme"}
    return protected, inside


def _folder_issue(site_dir: Path, data_dir: Path, config_file: Path) -> Issue | None:
    why = refusal(site_dir, *_guarded(data_dir, config_file))
    return Issue(display_path(site_dir), None, None, "unsafe-site-dir", why) if why else None


def _engine_issues(problems: list[engine.BuildFailed], config_file: Path) -> list[Issue]:
    return [Issue(p.where or display_path(config_file), p.row, p.field, p.code, p.message) for p in problems]


@dataclass
class Staged:
    """A site built into its staging folder, waiting to replace its target."""

    staging: Path
    target: Path

    def swap(self) -> None:
        """Put the site in place; :class:`FolderProblem` (and the staging folder removed) when the target
        cannot be replaced, e.g. because someone put files in it while the site was being built."""
        try:
            swap_in(self.staging, self.target)
        except FolderProblem:
            self.discard()
            raise

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_site(data_dir: Path, site_dir: Path, config_file: Path, info: EditionInfo | None = None, validated=None, draft: bool = False) -> tuple[Report, Staged | None]:
    """Build the site into a staging folder beside ``site_dir``; the report, and the staged site when there
    is no error. The folder and the configuration are checked, and the staging folder made, before the
    data are validated (a folder that cannot be made is said at once); every problem is reported.
    ``info`` is the published edition to build, if any; ``validated`` as for :func:`build_site`."""
    site_dir, config_file = Path(site_dir), Path(config_file)
    report = Report()
    issue = _folder_issue(site_dir, Path(data_dir), config_file)
    if issue:
        report.add(issue)
    report.extend(_engine_issues(engine.check_config(config_file), config_file))
    staging = None
    if report.ok:
        given, site_dir = site_dir, resolved(site_dir)  # refusal() has just resolved it
        remove_leftovers(site_dir)
        try:
            staging = staging_for(site_dir)
        except FolderProblem as exc:
            report.add(Issue(display_path(given), None, None, exc.code, exc.message))
    try:
        dataset, checked = validated if validated is not None else validate(data_dir, keep_inputs=False)
        report.merge(checked)
        if staging is not None and report.ok:
            shown = up_to(dataset, info.year) if info else dataset
            with _build_date(info.epoch if info else None):
                site_url = engine.build(config_file, staging, shown, info, draft or shown.draft)
            if not site_url:
                report.add(Issue(display_path(config_file), None, "site_url", "no-site-url", NO_SITE_URL, WARNING))
    except engine.BuildFailed as exc:
        report.extend(_engine_issues(exc.problems(), config_file))
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging is None or not report.ok:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        return report, None
    return report, Staged(staging, site_dir)


def build_site(data_dir: Path, site_dir: Path, config_file: Path, edition: str | None = None, validated=None, draft: bool = False) -> Report:
    """Build the site; with ``edition`` (e.g. "2024.1"), build that published edition as its manifest says.
    With ``draft`` (or when the latest year's package is marked a draft), every page and open-data file
    says «Dự thảo — chưa công bố chính thức» and asks search engines not to index it.

    ``validated`` is the (dataset, report) of ``data_dir`` when the caller has just validated it.
    """
    info = None
    if edition is not None:
        try:
            info = edition_info(Path(data_dir).resolve().parent, edition)
        except ManifestError as exc:
            report = Report()
            report.add(Issue(exc.where, exc.line, None, "bad-manifest", exc.problem))
            return report
        except PublishError as exc:
            report = Report()
            report.add(Issue(display_path(Path(data_dir) / "published"), None, None, "unknown-edition", str(exc)))
            return report
    report, staged = stage_site(data_dir, site_dir, config_file, info, validated, draft)
    if staged is not None:
        try:
            staged.swap()
        except FolderProblem as exc:
            report.add(Issue(display_path(staged.target), None, None, exc.code, exc.message))
    return report


NO_SITE_URL = (
    "chưa ghi địa chỉ công khai của trang (site_url): sơ đồ trang (sitemap.xml) không liệt kê trang nào, không có robots.txt, "
    "trang Dữ liệu mở và các tệp Excel không ghi được địa chỉ đầy đủ trong lời trích dẫn; hãy ghi, ví dụ, "
    "«site_url: https://portal.example.gov.vn/dti/» vào tệp cấu hình rồi dựng lại"
)
