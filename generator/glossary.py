"""The words a reader of the results meets: the terms the pages use (median, appraised score, …) and the
abbreviations of the index sets' texts (TTĐT, DVCTT, CCHC, …), each with its full form and what it means.

One list serves the glossary page («Giải thích thuật ngữ», :mod:`generator.pages.glossary`) and the
``<abbr>`` every page gives an abbreviation the first time it uses it (:func:`mark_first_uses`), so the
full form a reader hovers over is the one the glossary explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

from .text import slug


@dataclass(frozen=True)
class Term:
    word: str  # as the pages write it
    full: str  # an abbreviation's full form (its <abbr> title); empty for a term
    meaning: str  # what it means, in a sentence or two

    @property
    def anchor(self) -> str:
        """The term's anchor on the glossary page."""
        return slug(self.word)


TERMS = (
    Term("Chỉ số DTI", "", "Chỉ số chuyển đổi số của một đơn vị: tổng điểm đạt / điểm tối đa × 100 %, trong đó điểm tối đa đã trừ các chỉ số «không đánh giá» của đơn vị. Làm tròn 2 chữ số thập phân."),
    Term("Điểm tự đánh giá", "", "Điểm đơn vị tự chấm cho từng chỉ số khi nộp hồ sơ, kèm tài liệu kiểm chứng."),
    Term("Điểm thẩm định", "", "Điểm chính thức của một chỉ số, do Hội đồng thẩm định công nhận sau khi xem xét số liệu và tài liệu kiểm chứng; thứ hạng tính theo điểm này."),
    Term("Điểm chưa đạt", "", "Phần điểm còn thiếu so với điểm tối đa của một chỉ số: điểm tối đa − điểm thẩm định."),
    Term("Trung vị", "", "Giá trị ở giữa khi xếp các giá trị của mọi đơn vị cùng loại, cùng năm (được đánh giá) từ thấp đến cao: một nửa số đơn vị có giá trị bằng hoặc thấp hơn, một nửa bằng hoặc cao hơn. Với số đơn vị chẵn, trung vị là trung bình cộng của hai giá trị ở giữa. Khác với điểm trung bình, trung vị không bị kéo lệch bởi vài đơn vị điểm rất cao hoặc rất thấp."),
    Term("Cao nhất cùng loại", "", "Giá trị lớn nhất trong các đơn vị cùng loại, cùng năm."),
    Term("Thứ hạng", "", "Vị trí của đơn vị trong cùng loại đơn vị và cùng năm, theo chỉ số DTI đã làm tròn; các đơn vị bằng nhau cùng hạng (1, 2, 2, 4)."),
    Term("Thay đổi hạng", "", "Thứ hạng năm trước − thứ hạng năm nay (dương là tăng hạng). Không tính cho đơn vị hình thành từ sáp nhập nhiều đơn vị, đơn vị mới, và khi số đơn vị được xếp hạng thay đổi hơn một phần mười."),
    Term("Xếp loại", "", "Mức xếp loại theo chỉ số DTI (ví dụ Tốt, Khá, Trung bình, Yếu), theo ngưỡng của quyết định công bố từng năm."),
    Term("Đơn vị tiền thân", "", "Đơn vị của năm trước mà một đơn vị được hình thành từ đó (sáp nhập, hợp nhất hoặc đổi tên); kết quả các năm trước của đơn vị tiền thân được ghi riêng ở mục «Qua các năm»."),
    Term("Không xếp hạng", "", "Đơn vị được chấm điểm nhưng không đưa vào bảng xếp hạng, kèm lý do (ví dụ mới thành lập)."),
    Term("Bộ chỉ số", "", "Danh mục các chỉ số, điểm tối đa và cách tính điểm do Ủy ban nhân dân tỉnh ban hành cho một loại đơn vị."),
    Term("Chỉ số chính", "", "Chỉ số cấp cao nhất của bộ chỉ số (ví dụ «Nhận thức số»); điểm của nó là tổng điểm các chỉ số thành phần."),
    Term("KĐG", "không đánh giá", "Chỉ số không áp dụng cho đơn vị (ví dụ đơn vị không có đối tượng của chỉ số): không tính vào điểm đạt và điểm tối đa của đơn vị."),
    Term("KCSL", "không có số liệu", "Đơn vị không gửi số liệu của chỉ số; theo quy định của năm, chỉ số được 0 điểm (khác «không đánh giá»: điểm tối đa của chỉ số vẫn được tính)."),
    Term("HĐ", "Hội đồng thẩm định chấm", "Điểm do Hội đồng thẩm định chấm trực tiếp, kèm lý do, thay cho điểm tính theo công thức của bộ chỉ số."),
    Term("DTI", "Chỉ số chuyển đổi số (Digital Transformation Index)", "Chỉ số đánh giá mức độ chuyển đổi số của các sở, ngành, địa phương."),
    Term("CĐS", "chuyển đổi số", ""),
    Term("UBND", "Ủy ban nhân dân", ""),
    Term("HĐND", "Hội đồng nhân dân", ""),
    Term("TTĐT", "thông tin điện tử", "Cổng (Trang) TTĐT: cổng, trang thông tin điện tử của cơ quan, đơn vị."),
    Term("DVC", "dịch vụ công", "Cổng DVC: nơi người dân, doanh nghiệp nộp hồ sơ thủ tục hành chính."),
    Term("DVCTT", "dịch vụ công trực tuyến", "Dịch vụ công được cung cấp qua mạng, người dân nộp hồ sơ và nhận kết quả trực tuyến."),
    Term("TTHC", "thủ tục hành chính", ""),
    Term("CCHC", "cải cách hành chính", ""),
    Term("TTTT", "Thông tin và Truyền thông", "Sở TTTT, Phòng VH&TT: cơ quan phụ trách thông tin, truyền thông và chuyển đổi số."),
    Term("ATTT", "an toàn thông tin", ""),
    Term("ATHTTT", "an toàn hệ thống thông tin", ""),
    Term("HTTT", "hệ thống thông tin", ""),
    Term("CNTT", "công nghệ thông tin", ""),
    Term("CNS", "công nghệ số", "Tổ CNS: tổ công nghệ số cộng đồng ở thôn, tổ dân phố."),
    Term("TMĐT", "thương mại điện tử", ""),
    Term("SXNN", "sản xuất nông nghiệp", ""),
    Term("HTX", "hợp tác xã", ""),
    Term("OCOP", "Chương trình Mỗi xã một sản phẩm (One Commune One Product)", ""),
    Term("NSNN", "ngân sách nhà nước", ""),
    Term("CBCC", "cán bộ, công chức", ""),
    Term("CBCCVC", "cán bộ, công chức, viên chức", ""),
    Term("IOC", "Trung tâm giám sát, điều hành thông minh (Intelligent Operations Center)", ""),
    Term("WAN", "mạng diện rộng (Wide Area Network)", "Mạng WAN của tỉnh: mạng truyền số liệu chuyên dùng nối các cơ quan nhà nước."),
    Term("EHR", "hồ sơ sức khỏe điện tử (Electronic Health Record)", ""),
    Term("EMR", "bệnh án điện tử (Electronic Medical Record)", ""),
    Term("BCĐ", "Ban Chỉ đạo", ""),
    Term("ANM", "an ninh mạng", ""),
)

ABBREVIATIONS = {t.word: t for t in TERMS if t.full}

# An abbreviation is a run of capitals (with Đ) standing alone: not inside a longer word, and not part of a
# document's number («655/QĐ-UBND», «47/2020/NĐ-CP»), whose letters name issuers, not terms.
_CAPITALS = re.compile(r"[A-ZĐ][A-ZĐ0-9]+")
_JOINED = re.compile(r"[\w/\-]")
# Where a word is not text a reader reads as such: code, scripts, form controls; and an abbreviation
# already marked, which counts as the first use. The element a word is in is told by the nearest tag
# before it (the page's own markup puts no other tag inside these).
_SKIPPED = frozenset(("script", "style", "code", "pre", "textarea", "option", "svg", "title"))
_TAG_NAME = re.compile(r"<([a-z0-9]+)")


def mark_first_uses(html: str, start: int = 0, end: int | None = None) -> str:
    """``html`` with the first use of each abbreviation between ``start`` and ``end`` (a page's article)
    written ``<abbr title="full form">``; one already so written counts as its first use."""
    end = len(html) if end is None else end
    settled: set[str] = set()
    pieces, at = [], 0
    for m in _CAPITALS.finditer(html, start, end):
        word = m.group()
        term = ABBREVIATIONS.get(word)
        if term is None or word in settled:
            continue
        pos, after = m.start(), m.end()
        if (pos > 0 and _JOINED.match(html[pos - 1])) or (after < len(html) and _JOINED.match(html[after])):
            continue
        tag = html.rfind("<", start, pos)
        if tag > html.rfind(">", start, pos):
            continue  # in a tag's attributes
        name = _TAG_NAME.match(html, tag) if tag >= 0 else None
        if name and name.group(1) in _SKIPPED:
            continue
        settled.add(word)
        if name and name.group(1) == "abbr":
            continue
        pieces += [html[at:pos], f'<abbr title="{escape(term.full)}">{word}</abbr>']
        at = after
        if len(settled) == len(ABBREVIATIONS):
            break
    return "".join(pieces) + html[at:] if pieces else html
