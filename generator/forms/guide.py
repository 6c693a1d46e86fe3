"""The «Hướng dẫn» sheet: what to fill and how, in plain Vietnamese for an office clerk or a council member.

Each line is ``(style, label, text)``: ``title``, ``field`` (a label and its value), ``heading``,
``text`` (a paragraph) or ``example`` (a message as the secretariat will send it).
"""

from __future__ import annotations

import datetime

from ..model import UNIT_TYPE_LABELS, Framework, Unit
from ..numeric import compact_vi
from .layout import APPRAISAL, APPRAISAL_SHEET, NOT_EVALUATED, SELF, SELF_SHEET, letter

MISSING = "(chưa ghi — hỏi Văn phòng thường trực của tỉnh)"


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _framework(fw: Framework) -> list[tuple[str, str, str]]:
    basis = fw.legal_basis
    parts = [basis.get("document", ""), f"ngày {_date(basis['date'])}" if basis.get("date") else "", f"của {basis['issuer']}" if basis.get("issuer") else ""]
    decision = " ".join(p for p in parts if p)
    return [("field", "Bộ chỉ số", fw.title)] + ([("field", "Căn cứ", decision)] if decision else [])


def _scoring(fw: Framework, rule_column: bool = True) -> list[tuple[str, str, str]]:
    rules = "Cột «Cách tính điểm» ghi" if rule_column else "Bộ chỉ số quy định"
    return [
        ("heading", "", "3. Điểm được tính thế nào"),
        ("text", "", f"Mỗi chỉ số có điểm tối đa. {rules} cách quy đổi số liệu ra điểm, theo đúng quyết định ban hành bộ chỉ số."),
        ("text", "", "Điểm của một chỉ số chính là tổng điểm các chỉ số thành phần; điểm của đơn vị là tổng điểm mọi chỉ số."),
        (
            "text", "",
            f"DTI (%) = tổng điểm đạt được ÷ tổng điểm tối đa × 100. Tổng điểm tối đa của bộ chỉ số là {compact_vi(fw.max_points)} điểm; "
            f"các chỉ số «{NOT_EVALUATED}» không tính vào điểm đạt được lẫn điểm tối đa.",
        ),
        ("text", "", "Hội đồng thẩm định xem xét số liệu và tài liệu kiểm chứng, có thể điều chỉnh số liệu hoặc cho điểm (kèm ý kiến). Điểm chính thức là điểm sau thẩm định."),
    ]


def _sending(deadline: str, contact: str, example_file: str, sheet: str, cell: str, example: str, signer: str) -> list[tuple[str, str, str]]:
    return [
        ("heading", "", "4. Lưu, ký và gửi phiếu"),
        ("text", "", "Lưu tệp dạng Excel (.xlsx) và giữ nguyên tên tệp. Trong LibreOffice, khi được hỏi định dạng, chọn giữ định dạng Excel (.xlsx)."),
        (
            "text", "",
            "Không đổi tên các trang, không xóa cột, không sửa cột ẩn «Khóa dòng» và không chép phiếu của đơn vị khác: máy tìm từng dòng theo khóa của nó. "
            "Dòng chèn thêm (ví dụ để ghi chú) không được đọc; số liệu và tài liệu chỉ ghi vào ô màu vàng.",
        ),
        (
            "text", "",
            f"Trang «{sheet}» in ra là một văn bản: đã có quốc hiệu, tiêu ngữ, dòng địa danh và ngày tháng, chỗ {signer} ký, ghi rõ họ tên, đóng dấu, "
            "và số trang. Ghi ngày vào dòng ngày tháng trước khi in.",
        ),
        ("text", "", f"Gửi tệp về {contact or 'nơi nhận phiếu ghi ở trên'} trước ngày {deadline or '(xem hạn nộp ở trên)'}."),
        ("heading", "", "5. Khi phiếu có lỗi"),
        (
            "text", "",
            "Văn phòng đọc phiếu bằng máy và gửi lại chính tệp của bạn: trang đầu «Lỗi cần sửa» liệt kê mọi lỗi trong một lần, "
            "bấm vào tên ô để tới đúng chỗ; ô có lỗi tô đỏ, ô cần xem lại tô vàng cam, đưa chuột vào ô để đọc lời nhắn. Mỗi lỗi ghi tệp, trang và ô, ví dụ:",
        ),
        ("example", "", f"{example_file}, trang «{sheet}», ô {cell}: Lỗi: {example}"),
        ("text", "", "Sửa các ô được tô rồi gửi lại cả tệp. Phiếu không có lỗi được gửi lại với trang «Đã nhận»; số liệu được nhập thẳng vào hệ thống, không phải gõ lại."),
    ]


def _numbers() -> list[tuple[str, str, str]]:
    """How to type numbers, with what each example is read as."""
    return [
        ("text", "", "Số viết theo kiểu Việt Nam: dấu phẩy trước phần thập phân; dấu chấm phân cách hàng nghìn được phép nhưng không cần. Ví dụ (gõ → được đọc là):"),
        ("example", "", "12  →  12 (số lượng: số nguyên, không ghi đơn vị, không ghi bằng chữ)"),
        ("example", "", "1250,5  hoặc  1.250,5  →  một nghìn hai trăm năm mươi phẩy năm"),
        ("example", "", "87,5  hoặc  87,5%  hoặc  87,5 %  →  87,5 % (ô tỷ lệ phần trăm: số từ 0 đến 100)"),
        ("example", "", "0,85 trong ô tỷ lệ  →  0,85 % và được hỏi lại; nếu là 85 % hãy ghi 85"),
        ("example", "", "1.250 (dấu chấm, không có phần thập phân)  →  1250 và được hỏi lại nếu có thể hiểu là 1,25"),
        ("text", "", "Không viết kiểu tiếng Anh (1,250.5). Nếu máy tính cài đặt số kiểu tiếng Anh và bảng tính không nhận dấu phẩy, gõ 1250.5: bảng tính lưu đúng số đó."),
    ]


def self_guide(year: int, province: str, fw: Framework, unit: Unit, deadline: str, contact: str) -> list[tuple[str, str, str]]:
    value, score, flag = letter(SELF, "value"), letter(SELF, "self_score"), letter(SELF, "not_evaluated")
    title, url = letter(SELF, "evidence_title"), letter(SELF, "evidence_url")
    flag_line = (
        f"Cột «{NOT_EVALUATED}» ({flag}): chỉ chọn khi chỉ số không áp dụng với đơn vị (ví dụ đơn vị không có đối tượng của chỉ số); "
        "khi đó để trống số liệu của chỉ số."
        if fw.allows_not_evaluated
        else f"Năm nay bộ chỉ số không cho phép đánh dấu «{NOT_EVALUATED}»: mọi chỉ số đều cần số liệu."
    )
    return [
        ("title", "", f"HƯỚNG DẪN ĐIỀN PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {year}"),
        ("field", "Đơn vị", unit.name),
        ("field", "Tỉnh", province),
        *_framework(fw),
        ("field", "Hạn nộp phiếu", deadline or MISSING),
        ("field", "Nơi nhận phiếu, liên hệ", contact or MISSING),
        ("heading", "", "1. Điền những gì"),
        ("text", "", f"Trang «{SELF_SHEET}» có một dòng cho mỗi số liệu của từng chỉ số, theo thứ tự của quyết định. Dòng nền xanh là tên nhóm chỉ số hoặc chỉ số chính."),
        ("text", "", "Chỉ nhập vào các ô màu vàng. Các ô khác (mã, tên chỉ số, điểm tối đa, cách tính điểm) đã khóa để phiếu được đọc lại chính xác."),
        ("text", "", f"Cột «Số liệu của đơn vị» ({value}): số liệu năm {year} đúng như cột «Số liệu cần nhập» mô tả."),
        ("text", "", f"Cột «Điểm tự chấm» ({score}), không bắt buộc: điểm đơn vị tự chấm cho chỉ số, từ 0 đến điểm tối đa. Bỏ trống thì điểm được tính từ số liệu."),
        ("text", "", flag_line),
        (
            "text", "",
            f"Cột «Tài liệu kiểm chứng» ({title}, {url}): tên văn bản (ví dụ «Kế hoạch số 15/KH-UBND ngày 10/3/{year}») và đường dẫn tải về (https://…); "
            "mỗi dòng một tài liệu. Nếu có nhiều tài liệu hơn số dòng của chỉ số, ghi đường dẫn tới thư mục chứa các tài liệu.",
        ),
        ("text", "", "Phiếu đã điền sẵn số liệu đơn vị đã nộp trước đây (nếu có): hãy kiểm tra và sửa nếu cần."),
        ("heading", "", "2. Cách nhập"),
        ("text", "", "Ô có dấu ▾: bấm vào ô rồi chọn trong danh sách; không gõ chữ khác."),
        *_numbers(),
        *_scoring(fw),
        *_sending(deadline, contact, f"{unit.id}.xlsx", SELF_SHEET, f"{value}14", "«mười» phải là một số nguyên (số lượng) [not-a-count]", "thủ trưởng đơn vị"),
    ]


def appraisal_guide(year: int, province: str, fw: Framework, unit_type: str, units: int, deadline: str, contact: str, file_name: str) -> list[tuple[str, str, str]]:
    kind = UNIT_TYPE_LABELS.get(unit_type, unit_type)
    value, score, note = letter(APPRAISAL, "value"), letter(APPRAISAL, "appraised_score"), letter(APPRAISAL, "note")
    points, own = letter(APPRAISAL, "points"), letter(APPRAISAL, "self_score")
    return [
        ("title", "", f"HƯỚNG DẪN THẨM ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {year} — {kind.upper()}"),
        ("field", "Tỉnh", province),
        ("field", "Loại đơn vị", f"{kind} ({units} đơn vị)"),
        *_framework(fw),
        ("field", "Hạn hoàn thành", deadline or MISSING),
        ("field", "Nơi nhận phiếu, liên hệ", contact or MISSING),
        ("heading", "", "1. Phiếu có gì"),
        (
            "text", "",
            f"Trang «{APPRAISAL_SHEET}» có một dòng cho mỗi đơn vị và mỗi số liệu; tên đơn vị ghi trên mọi dòng. Các cột bên trái (đã khóa) là số liệu, "
            "điểm tự đánh giá và tài liệu kiểm chứng đơn vị đã nộp.",
        ),
        (
            "text", "",
            "Dùng nút lọc ▾ ở dòng tiêu đề: lọc theo «Đơn vị» để thẩm định từng đơn vị, hoặc theo «Mã chỉ số» để cơ quan thẩm định một chỉ số "
            "so sánh giữa các đơn vị. Có thể lưu phiếu khi đang lọc.",
        ),
        ("heading", "", "2. Hội đồng điền gì (chỉ các ô màu vàng)"),
        (
            "text", "",
            f"«Số liệu thẩm định» ({value}): số liệu Hội đồng công nhận. Bỏ trống nghĩa là công nhận số liệu của đơn vị. "
            "Cách nhập như phiếu tự đánh giá: chọn trong danh sách, số nguyên, tỷ lệ từ 0 đến 100, số viết kiểu Việt Nam (1250,5).",
        ),
        (
            "text", "",
            f"«Điểm theo số liệu thẩm định» ({points}): điểm mà số liệu thẩm định cho ra theo cách tính của bộ chỉ số, đặt cạnh «Điểm tự đánh giá» ({own}). "
            "Máy tính cột này khi tạo phiếu và tính lại khi thu phiếu; bản phiếu Văn phòng gửi lại ghi điểm theo số liệu Hội đồng đã nhập.",
        ),
        (
            "text", "",
            f"«Điểm Hội đồng chấm» ({score}): chỉ ghi khi Hội đồng cho một số điểm mà cách tính không cho ra (ví dụ 5 trên 15 ở chỉ số có/không), "
            "từ 0 đến điểm tối đa. Khi có, đây là điểm chính thức của chỉ số và phải ghi ý kiến.",
        ),
        ("text", "", f"«Ý kiến thẩm định» ({note}): lý do điều chỉnh, được công bố cùng kết quả; bắt buộc khi Hội đồng sửa một số liệu của đơn vị hoặc ghi «Điểm Hội đồng chấm»."),
        *_scoring(fw, rule_column=False),
        *_sending(deadline, contact, file_name, APPRAISAL_SHEET, f"{score}25", "điểm 20 vượt quá điểm tối đa 15 của chỉ số [appraised-score-over-max]", "Chủ tịch Hội đồng"),
    ]
