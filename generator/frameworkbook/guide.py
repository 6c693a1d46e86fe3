"""The «Hướng dẫn» sheet of an index-set workbook: how to enter a decision's table, in plain Vietnamese for
the official who does it. Lines are ``(style, label, text)`` as :func:`generator.forms.sheets.write_guide`
draws them."""

from __future__ import annotations

from .layout import (
    ELSE_WORDS,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    INFO_SHEET,
    INPUT_SHEET,
    RULE_WORDS,
    RULES_SHEET,
    TRIAL_SHEET,
    TYPE_WORDS,
)

# Each rule kind: what it means and which cells it uses, with an example from a real decision.
KIND_HELP = (
    ("sum", "chỉ số cha: điểm là tổng các chỉ số con (có thể để trống ô cách tính)."),
    ("yes_no", "có → điểm tối đa, không → 0. Công thức: tên một đầu vào kiểu «Có/không»."),
    ("levels", "mỗi mức một phần điểm tối đa. Công thức: tên đầu vào kiểu «Mức». Mỗi mức một dòng: mã ngắn không dấu (bỏ trống: công cụ tự đặt), "
               "lời văn bản của mức, phần điểm tối đa; ví dụ «Trưởng ban là người đứng đầu» → 1, «Trưởng ban là cấp phó» → 1/2, «Chưa có» → 0."),
    ("ratio", "điểm = tỷ lệ × điểm tối đa. Công thức như văn bản, ví dụ (a+b)/c. Khi mẫu số bằng 0 và tỷ lệ trên 100 %: chọn ở hai cột bên phải nếu văn bản quy định."),
    ("ratio_target", "tỷ lệ đạt chỉ tiêu → điểm tối đa; thấp hơn → chọn ở cột «Dưới chỉ tiêu». Chỉ tiêu ghi kèm dấu %, ví dụ 80%."),
    ("tiers", "theo ngưỡng, mỗi ngưỡng một dòng «từ … trở lên → … phần điểm tối đa», ngưỡng cao ghi trước; dòng cuối ghi «còn lại» cho giá trị dưới mọi ngưỡng. "
              "Ngưỡng của một tỷ lệ ghi kèm %, ví dụ 0,7%."),
    ("capped_count", "đếm số lượng: ghi «Đủ điểm khi số lượng đạt» (ví dụ 10 tin, bài) hoặc «Điểm cho mỗi đơn vị tính» (ví dụ 1 điểm mỗi hoạt động); không quá điểm tối đa."),
    ("weighted_shares", "tỷ lệ có trọng số, ví dụ a/c × điểm tối đa + b/c × 1/2 × điểm tối đa: công thức là mẫu số (c); mỗi dòng một đầu vào (a, b) với trọng số (1, 1/2)."),
    ("checklist", "mỗi tiêu chí đạt cộng một phần điểm tối đa: mỗi dòng tên một đầu vào kiểu «Có/không» và phần điểm; các phần cộng lại bằng 1. Công thức để trống."),
    ("all_or_nothing", "tỷ lệ đạt 100 % → điểm tối đa, còn lại 0."),
    ("minmax", "so sánh giữa các đơn vị cùng loại trong năm: cao nhất → điểm tối đa, thấp nhất → 0, ở giữa theo tỷ lệ."),
    ("external_rate", "tỷ lệ lấy từ hệ thống quốc gia × điểm tối đa: công thức là tên một đầu vào kiểu «Tỷ lệ phần trăm»; ghi nguồn."),
    ("points", "Hội đồng chấm điểm trực tiếp: công thức là tên một đầu vào kiểu «Điểm Hội đồng chấm»."),
)


TYPE_HELP = (
    ("count", "số nguyên từ 0 trở lên, ví dụ số văn bản, số cán bộ, số tin bài."),
    ("amount", "số từ 0 trở lên, có thể có phần thập phân, ví dụ kinh phí (ghi đơn vị tính: triệu đồng)."),
    ("percent", "tỷ lệ lấy sẵn từ nơi khác (ví dụ Cổng Dịch vụ công quốc gia), đơn vị gõ từ 0 đến 100."),
    ("yes_no", "đơn vị chọn Có hoặc Không; nếu văn bản gọi khác (Đã ban hành / Chưa ban hành), ghi ở hai cột cuối."),
    ("level", "đơn vị chọn một mức; các mức, lời của chúng và phần điểm ghi ở trang «Chỉ số»."),
    ("points", "Hội đồng thẩm định chấm điểm trực tiếp, từ 0 đến điểm tối đa."),
)


def book_guide(title: str) -> list[tuple[str, str, str]]:
    col = {name: c.letter for name, c in INDICATOR_COLUMNS.items()}
    lines = [
        ("title", "", "SỔ NHẬP BỘ CHỈ SỐ CHUYỂN ĐỔI SỐ"),
        ("field", "Bộ chỉ số", title or "(bộ chỉ số mới: ghi ở trang «Thông tin chung»)"),
        ("heading", "", "1. Sổ này dùng để làm gì"),
        ("text", "", "Nhập một bộ chỉ số như bảng của quyết định ban hành: mỗi chỉ số một dòng, cách tính điểm chọn trong danh sách, "
                     "tham số của cách tính ở các cột có tên. Không phải học định dạng CSV hay ngôn ngữ tham số."),
        ("text", "", "Khi xong, Văn phòng chạy lệnh dưới đây; công cụ kiểm tra mọi ô, báo lỗi kèm trang và ô, và khi không còn lỗi thì ghi bộ chỉ số vào "
                     "data/frameworks/MÃ/ rồi ghi lại sổ này với cách tính bằng lời, điểm thử tính và bảng quy tắc để in."),
        ("example", "", "dti framework collect bo-chi-so.xlsx binh-son-123-2026-xa"),
        ("heading", "", "2. Các trang"),
        ("field", INFO_SHEET, "tên bộ chỉ số, loại đơn vị, văn bản ban hành, tổng điểm; ghi chú về văn bản; các chỉ số cha mà văn bản ghi điểm tối đa khác tổng các chỉ số con."),
        ("field", INDICATOR_SHEET, "mỗi chỉ số một dòng, theo thứ tự của quyết định. Mã chỉ số như văn bản (1, 1.2, 3.6.1; nhóm dùng I, II); chỉ số cha ghi mã của chỉ số chứa nó."),
        ("field", INPUT_SHEET, "mỗi số liệu mà đơn vị phải nộp một dòng: mã chỉ số, tên (chữ cái a, b, c của văn bản, hoặc tên ngắn không dấu như da_ban_hanh), "
                               "kiểu, ý nghĩa đúng như văn bản, đơn vị tính."),
        ("field", TRIAL_SHEET, "gõ số liệu thử cho từng chỉ số ở ô màu vàng; khi thu sổ, công cụ ghi điểm nó sẽ cho và từng bước tính."),
        ("field", RULES_SHEET, "bảng in (khổ A4) mọi chỉ số với cách tính bằng lời và một ví dụ tính, để Hội đồng đối chiếu và ký."),
        ("heading", "", "3. Cách tính điểm (cột «Cách tính điểm»)"),
    ]
    lines += [("field", RULE_WORDS[kind], text) for kind, text in KIND_HELP]
    lines += [
        ("heading", "", "4. Ghi số và phân số"),
        ("text", "", "Phần điểm tối đa ghi 1, 1/2, 0,5 hoặc 50%. Các cột tham số đã định dạng văn bản, nên 1/2 không bị đổi thành ngày tháng. "
                     f"Ngưỡng ghi không kèm «≥» (cột {col['item']}); dòng «{ELSE_WORDS[0]}» là mức dưới mọi ngưỡng."),
        ("text", "", "Chỉ tiêu, ngưỡng so với một tỷ lệ ghi kèm dấu %: 80% là tám mươi phần trăm; 80 không kèm % nghĩa là 8.000 %, công cụ từ chối hoặc cảnh báo."),
        ("text", "", "Công thức chỉ dùng tên đầu vào, số, + − × / và dấu ngoặc. Phân số của văn bản có tử số là một tổng phải đặt tử số trong ngoặc: (a+b)/c; "
                     "a+b/c được tính là a + (b/c), công cụ cảnh báo nếu cách tính của văn bản ghi khác."),
        ("heading", "", "5. Kiểu của số liệu (trang «Số liệu đầu vào»)"),
    ]
    lines += [("field", TYPE_WORDS[code], text) for code, text in TYPE_HELP]
    lines += [
        ("heading", "", "6. Công cụ cảnh báo những gì trước khi chấm điểm"),
        ("text", "", "Công thức khác phân số của văn bản; ngưỡng, chỉ tiêu của tỷ lệ ghi thiếu %; cách tính mà thử số liệu ở các cực (mọi số liệu bằng 0, "
                     "bằng nhau, tử số bằng mẫu số) không bao giờ cho điểm tối đa hoặc luôn cho 0; điểm tối đa của chỉ số cha khác tổng các chỉ số con; "
                     "chỉ số chưa ghi tài liệu kiểm chứng. Mỗi cảnh báo ghi trang và ô, ví dụ:"),
        ("example", "", f"bo-chi-so.xlsx, trang «{INDICATOR_SHEET}», ô {col['formula']}12: Cảnh báo: chỉ số 3.4: công thức «a+b/c» được tính là a + (b / c), "
                        "nhưng cách tính của văn bản ghi (a+b)/c; … [formula-differs-from-method]"),
        ("text", "", "Thử một chỉ số không cần sổ: dti framework try MÃ-BỘ 3.4 a=30 b=20 c=80 in điểm, cách tính bằng lời và từng bước tính."),
        ("heading", "", "7. Lưu sổ"),
        ("text", "", "Lưu dạng Excel (.xlsx). Không đổi tên các trang. Được thêm, xóa, chèn dòng ở các trang «Thông tin chung», «Chỉ số», «Số liệu đầu vào»; "
                     "không gõ công thức bảng tính (=…) vào ô."),
    ]
    return lines
