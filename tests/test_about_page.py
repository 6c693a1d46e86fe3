"""What the introduction page says about the site is true of the site it is on: a preview says it is one,
a published edition names itself, and the version selector is promised only where it can exist."""

from __future__ import annotations

import re

from generator.editions import EditionInfo
from generator.pages.about import editions_text


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_preview_says_it_is_a_preview_as_its_footer_does(built_site):
    page = (built_site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    article = text_of(page[page.index('id="noi-dung-chinh"'):page.index("</article>")])
    footer = text_of(page[page.index('<footer'):])
    assert "bản xem trước" in article and "Bản xem trước" in footer
    assert "bộ chọn phiên bản" not in article  # no version selector on this site
    assert 'class="md-version' not in page and "versions.json" not in page
    assert "dti:phien-ban" not in page
    assert 'href="../giai-thich-thuat-ngu/"' in page and (built_site / "giai-thich-thuat-ngu" / "index.html").is_file()


def test_an_edition_names_itself_and_a_correction_says_what_it_corrects():
    first = EditionInfo("2024", {"version": "2024", "decision": "Quyết định số 655/QĐ-UBND ngày 21/3/2025", "date": "2025-03-21", "data_sha256": "a" * 64})
    text = text_of(editions_text(first, draft=False))
    assert "phiên bản công bố 2024" in text and "Quyết định số 655/QĐ-UBND ngày 21/03/2025, ngày 21/03/2025" in text
    assert "khi các phiên bản được đặt cùng nhau trong bản lưu trữ, đầu trang có bộ chọn phiên bản" in text and "đính chính của phiên bản" not in text
    fixed = EditionInfo("2024.1", {"version": "2024.1", "decision": "", "date": "2025-05-02", "correction": "Sai số liệu", "supersedes": "2024", "data_sha256": "b" * 64})
    assert "Đây là bản đính chính của phiên bản 2024" in text_of(editions_text(fixed, draft=False))
    assert "bản dự thảo" in editions_text(None, draft=True)
