"""What a hand-written page may say about the site itself, written when the site is built, so that it is
true of the site it is on: a preview, a draft or a published edition (``<!-- dti:phien-ban -->`` in a
hand-written page stands for it; the introduction page has it)."""

from __future__ import annotations

from markupsafe import escape

from .base import vi_date, vi_dates

EDITIONS_MARKER = "<!-- dti:phien-ban -->"


def editions_text(edition, draft: bool) -> str:
    """The paragraph about editions and corrections for the site being built: ``edition`` is the published
    edition (:class:`generator.editions.EditionInfo`) or None for a preview; ``draft``, results circulated
    for comments."""
    if draft:
        return (
            "<p>Trang đang xem là <strong>bản dự thảo</strong> để lấy ý kiến, chưa phải kết quả công bố: mọi trang và tệp dữ liệu đều ghi "
            "«Dự thảo», và số liệu có thể còn thay đổi trước khi có quyết định công bố.</p>"
        )
    if edition is None:
        return (
            "<p>Trang đang xem là <strong>bản xem trước</strong>, chưa phải một phiên bản công bố: chân mỗi trang ghi «Bản xem trước», "
            "các tệp dữ liệu chưa có mã kiểm tra chính thức và chưa có bản đính chính nào. Khi kết quả được công bố theo quyết định của "
            "Ủy ban nhân dân tỉnh, trang được dựng lại thành một phiên bản công bố, lưu nguyên vẹn.</p>"
        )
    manifest = edition.manifest
    decision = vi_dates(manifest.get("decision") or "chưa ghi quyết định công bố")
    text = (
        f"<p>Trang đang xem là <strong>phiên bản công bố {escape(edition.version)}</strong> ({escape(decision)}, ngày {vi_date(manifest.get('date', ''))}). "
        "Chân mỗi trang ghi phiên bản này và mã kiểm tra (SHA-256) của dữ liệu đầu vào; trang «Dữ liệu mở» ghi mã kiểm tra của từng tệp "
        "và cách đối chiếu với bảng kiểm <code>manifest.json</code>. Mỗi phiên bản được lưu nguyên vẹn; khi các phiên bản được đặt cùng nhau "
        "trong bản lưu trữ, đầu trang có bộ chọn phiên bản và một phiên bản cũ báo khi đã có phiên bản mới hơn.</p>"
    )
    if manifest.get("correction"):
        text += (
            f"<p>Đây là bản đính chính của phiên bản {escape(manifest.get('supersedes') or '')}: trang «Đính chính» liệt kê mọi điểm và thứ hạng "
            "thay đổi, giá trị cũ, giá trị mới và lý do; bảng điểm của đơn vị bị ảnh hưởng có ghi chú đính chính.</p>"
        )
    return text
