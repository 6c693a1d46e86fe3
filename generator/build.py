"""``dti build``: validate, score, and write the site; on any error nothing is written.

The site is built into a hidden staging folder next to the target and swapped in only when the build
succeeds, so a failed build leaves the previous site untouched; a target that is, or holds, anything the
build did not create is refused (:mod:`generator.outdir`).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from . import engine
from .codes import WARNING
from .editions import PublishError, edition_info, up_to
from .errors import Issue, Report, display_path
from .outdir import project_roots, refusal, remove_leftovers, staging_for, swap_in
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


def build_site(data_dir: Path, site_dir: Path, config_file: Path, edition: str | None = None, validated=None, draft: bool = False) -> Report:
    """Build the site; with ``edition`` (e.g. "2024.1"), build that published edition as its manifest says.
    With ``draft`` (or when the latest year's package is marked a draft), every page and open-data file
    says «Dự thảo — chưa công bố chính thức» and asks search engines not to index it.

    ``validated`` is the (dataset, report) of ``data_dir`` when the caller has just validated it.
    """
    dataset, report = validated if validated is not None else validate(data_dir, keep_inputs=False)
    if not report.ok:
        return report
    info = None
    if edition is not None:
        try:
            info = edition_info(Path(data_dir).resolve().parent, edition)
        except PublishError as exc:
            report.add(Issue(display_path(Path(data_dir) / "published"), None, None, "unknown-edition", str(exc)))
            return report
        dataset = up_to(dataset, info.year)
    site_dir = Path(site_dir).resolve()
    config_file = Path(config_file)
    why = refusal(site_dir, *_guarded(Path(data_dir), config_file))
    if why:
        report.add(Issue(display_path(site_dir), None, None, "unsafe-site-dir", why))
        return report
    remove_leftovers(site_dir)
    staging = staging_for(site_dir)
    try:
        with _build_date(info.epoch if info else None):
            site_url = engine.build(config_file, staging, dataset, info, draft or dataset.draft)
    except engine.BuildFailed as exc:
        shutil.rmtree(staging, ignore_errors=True)
        report.add(Issue(exc.where or display_path(config_file), None, exc.field, exc.code, exc.message))
        return report
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, site_dir)
    if not site_url:
        report.add(Issue(display_path(config_file), None, "site_url", "no-site-url", NO_SITE_URL, WARNING))
    return report


NO_SITE_URL = (
    "chưa ghi địa chỉ công khai của trang (site_url): sơ đồ trang (sitemap.xml) không liệt kê trang nào, không có robots.txt, "
    "trang Dữ liệu mở và các tệp Excel không ghi được địa chỉ đầy đủ trong lời trích dẫn; hãy ghi, ví dụ, "
    "«site_url: https://portal.example.gov.vn/dti/» vào tệp cấu hình rồi dựng lại"
)
