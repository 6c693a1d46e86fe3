"""Words a reader meets: the glossary page explains the terms and abbreviations, every page writes an
abbreviation's full form on its first use, and the theme speaks Vietnamese and starts with a skip link."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from generator.glossary import ABBREVIATIONS, TERMS, mark_first_uses

# One page of each family, and the hand-written ones.
SAMPLE = [
    "index.html", "xep-hang/2024/cap-xa/index.html", "xep-hang/2024/cap-huyen/chi-so-6/index.html",
    "don-vi/xa-tan-hoa/2024/index.html", "don-vi/so-tai-chinh/2025/index.html", "bo-chi-so/gia-lai-ia-dom-2024-xa/index.html",
    "bo-chi-so/gia-lai-ia-dom-2024-xa/3.5/index.html", "bo-chi-so/hai-duong-2405-2024-so/2.1/index.html", "so-sanh/index.html",
    "du-lieu-mo/index.html", "tim-kiem/index.html", "gioi-thieu/index.html", "dinh-dang-du-lieu/index.html",
    "giai-thich-thuat-ngu/index.html", "404.html",
]


def article(html: str) -> str:
    return html[html.index('id="noi-dung-chinh"'):html.index("</article>")]


def text_uses(html: str, word: str):
    """Where ``word`` stands alone in the text of ``html`` (not in tags, scripts or document numbers), each
    with whether it is inside an <abbr> and that abbr's title."""
    for m in re.finditer(rf"(?<![\w/\-]){re.escape(word)}(?![\w/\-])", html):
        before = html[:m.start()]
        if before.rfind("<") > before.rfind(">"):
            continue
        tag = re.match(r"<([a-z0-9]+)([^>]*)>", html[before.rfind("<"):])
        if tag and tag.group(1) in ("script", "style", "code", "pre", "option", "textarea", "svg"):
            continue
        title = re.search(r'title="([^"]*)"', tag.group(2)) if tag and tag.group(1) == "abbr" else None
        yield (unescape(title.group(1)) if title else None)


@pytest.mark.parametrize("page", SAMPLE)
def test_the_first_use_of_every_abbreviation_is_written_in_full(built_site, page):
    html = article((built_site / page).read_text(encoding="utf-8"))
    used = 0
    for word, term in ABBREVIATIONS.items():
        uses = list(text_uses(html, word))
        if uses:
            used += 1
            assert uses[0] == term.full, (page, word, uses[0])
    if "bo-chi-so/" in page or "don-vi/" in page:
        assert used > 0, page


def test_the_abbreviations_are_marked_once_and_never_in_code_attributes_or_document_numbers():
    html = (
        '<p title="UBND">Theo Quyết định số 655/QĐ-UBND, UBND tỉnh giao; <abbr title="không đánh giá">KĐG</abbr> và KĐG.</p>'
        '<script type="application/json">{"a": "TTĐT"}</script><code>TTĐT</code><select><option>DVC</option></select>'
        "<p>Cổng TTĐT và Cổng DVC; lại TTĐT, DVCTTX.</p>"
    )
    out = mark_first_uses(html)
    assert out.count("<abbr") == 4
    assert '<p title="UBND">' in out and "655/QĐ-UBND" in out and '<abbr title="Ủy ban nhân dân">UBND</abbr> tỉnh' in out
    assert '{"a": "TTĐT"}' in out and "<code>TTĐT</code>" in out and "<option>DVC</option>" in out
    assert 'Cổng <abbr title="thông tin điện tử">TTĐT</abbr> và Cổng <abbr title="dịch vụ công">DVC</abbr>; lại TTĐT, DVCTTX.' in out
    assert out.count("KĐG</abbr>") == 1


def test_the_glossary_page_explains_every_term_and_is_in_the_navigation(built_site):
    html = (built_site / "giai-thich-thuat-ngu" / "index.html").read_text(encoding="utf-8")
    body = article(html)
    for t in TERMS:
        assert f'id="{t.anchor}"' in body, t.word
        assert re.sub(r"<[^>]+>", "", unescape(body)).count(t.full or t.meaning) >= 1, t.word
    for word in ("Trung vị", "TTĐT", "DVCTT", "DVC", "CCHC", "TTTT", "ATTT", "SXNN", "KĐG", "HĐ", "KCSL"):
        assert f'id="{next(t.anchor for t in TERMS if t.word == word)}"' in body, word
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="giai-thich-thuat-ngu/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Giải thích thuật ngữ', home)  # in the navigation
    scorecard = (built_site / "don-vi" / "xa-tan-hoa" / "2024" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../giai-thich-thuat-ngu/#trung-vi"' in scorecard


def pages_of(site: Path):
    return sorted(p for p in site.rglob("*.html") if "nhung" not in p.parts)


def test_every_page_starts_with_a_vietnamese_skip_link_to_its_article(built_site):
    pages = pages_of(built_site)
    assert len(pages) > 300
    for path in pages:
        html = path.read_text(encoding="utf-8")
        body = html[html.index("<body"):]
        first = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
        assert first == '<a href="#noi-dung-chinh" class="md-skip">Bỏ qua, đến nội dung chính</a>', path
        assert body.count('class="md-skip"') == 1 and body.count('id="noi-dung-chinh"') == 1, path
    for path in sorted((built_site / "nhung").rglob("*.html")):
        body = path.read_text(encoding="utf-8").split("<body>", 1)[1]
        assert re.search(r"<a [^>]*>[^<]*</a>", body).group(0) == '<a href="#bang" class="skip">Bỏ qua, đến nội dung chính</a>', path
        assert 'id="bang"' in body


def test_the_themes_words_are_vietnamese(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<nav class="md-tabs" aria-label="Các mục chính của trang"' in html
    top = re.search(r'<button type="button" class="md-top md-icon"[^>]*>(.*?)</button>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", top).strip() == "Về đầu trang"
    assert "Trở lại mục lục" not in html and 'aria-label="Tabs"' not in html


def test_where_points_were_lost_says_whose_median_it_shows(built_site):
    """«Chưa đạt điểm nhiều nhất»: beside the points the unit lost, the peers' median is their median
    score on the indicator, and the column says so."""
    html = (built_site / "don-vi" / "xa-tan-hoa" / "2024" / "index.html").read_text(encoding="utf-8")
    losses = html[html.index('<table class="dti-table dti-stack dti-losses">'):]
    losses = losses[:losses.index("</table>")]
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', losses)]
    assert headers == ["Chỉ số", "Điểm chưa đạt", "Đạt/Tối đa", "Điểm đạt trung vị của đơn vị cùng loại"]
    assert 'data-label="Điểm đạt trung vị cùng loại"' in losses and "Trung vị cùng loại<" not in losses
