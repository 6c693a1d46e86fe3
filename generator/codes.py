"""Where an error is declared: every code the tool can report, once, with its severity, a short
Vietnamese title and what to do about it.

Each :class:`generator.errors.Issue` names one of these codes; an undeclared code is refused when the
issue is made, so a new check cannot report a code nobody has described. The data-format guide
(``content/dinh-dang-du-lieu.md``) holds the tables :func:`guide_tables` renders from this catalogue
(a test keeps them equal), and every code has an anchor there (:meth:`Code.anchor`), which the
machine-readable report (``dti validate --json``) gives with each issue.

``python -m generator.codes`` prints the guide's tables; ``--write FILE`` rewrites them in FILE.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING, EITHER = "error", "warning", "either"
SEVERITY_WORDS = {ERROR: "lỗi", WARNING: "cảnh báo", EITHER: "lỗi (số liệu thẩm định) hoặc cảnh báo (số liệu tự đánh giá)"}
GUIDE_PAGE = "dinh-dang-du-lieu"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # ERROR, WARNING, or EITHER (an error on the appraised side, a warning on the unit's own)
    group: str  # the guide's table it is listed in (a key of GROUPS)
    title: str  # what happened, in a few Vietnamese words
    action: str  # what to do, in Vietnamese

    @property
    def anchor(self) -> str:
        """The code's anchor in the data-format guide."""
        return f"ma-{self.code}"


# The guide's tables, in the order the guide shows them: (key, heading).
GROUPS = (
    ("files", "Tệp, cột và dòng"),
    ("package", "Gói dữ liệu và thư mục"),
    ("framework", "Bộ chỉ số"),
    ("units", "Đơn vị và lịch sử đơn vị"),
    ("figures", "Số liệu và điểm"),
    ("evidence", "Tài liệu kiểm chứng và đường dẫn"),
    ("objections", "Kiến nghị của đơn vị"),
    ("map", "Ranh giới cho bản đồ"),
    ("forms", "Phiếu Excel"),
    ("site", "Dựng trang và công bố"),
)

_ALL = (
    # ---------------------------------------------------------------- files, columns, rows
    Code("empty-file", ERROR, "files", "tệp trống", "ghi ít nhất dòng tiêu đề (tên các cột)"),
    Code("bad-delimiter", ERROR, "files", "tệp không phân cách bằng dấu phẩy", "lưu lại dạng «CSV UTF-8 (phân cách bằng dấu phẩy)»; không dùng dấu «;» hay tab"),
    Code("missing-column", ERROR, "files", "thiếu một cột bắt buộc", "thêm cột đó vào dòng tiêu đề, đúng tên như định dạng"),
    Code("duplicate-column", ERROR, "files", "một cột xuất hiện hai lần", "xóa cột thừa hoặc đổi tên cho đúng"),
    Code("misspelt-column", ERROR, "files", "tên cột gần giống một cột của định dạng (`apraised_value`, `Self Score`)", "sửa tên cột; nếu để vậy, số liệu của cột sẽ bị bỏ qua"),
    Code("unknown-column", WARNING, "files", "cột không thuộc định dạng, không giống cột nào", "cột bị bỏ qua; xóa nếu không cần"),
    Code("missing-cell", ERROR, "files", "dòng có ít ô hơn số cột", "bổ sung ô còn thiếu (có thể để trống giữa hai dấu phẩy)"),
    Code("extra-cell", ERROR, "files", "dòng có nhiều ô hơn số cột", "xóa ô thừa, hoặc đặt nội dung có dấu phẩy trong ngoặc kép"),
    Code("blank-row", ERROR, "files", "dòng trống giữa bảng", "xóa dòng trống"),
    Code("required", ERROR, "files", "ô bắt buộc bị bỏ trống hoặc chỉ có dấu cách", "ghi giá trị cho ô"),
    Code("missing-key", ERROR, "files", "thiếu giá trị của cột khóa (mã đơn vị, mã chỉ số…)", "ghi đủ các cột khóa của dòng"),
    Code("duplicate-key", ERROR, "files", "hai dòng trùng khóa", "gộp hai dòng làm một hoặc sửa mã"),
    Code("control-character", ERROR, "files", "ô có ký tự điều khiển hoặc ký tự ẩn (NUL, ký tự C1, ký tự đảo chiều chữ, xuống dòng trong mã hay tên)", "gõ lại nội dung ô"),
    Code("too-long", ERROR, "files", "mã hoặc tên dài quá mức cho phép (mã đơn vị 64 ký tự, tên đơn vị 200 ký tự)", "rút ngắn nội dung ô"),
    Code("bad-pattern", ERROR, "files", "giá trị không đúng dạng của cột (ví dụ mã có chữ hoa, dấu cách)", "sửa theo dạng mô tả ở bảng của tệp"),
    Code("not-allowed", ERROR, "files", "giá trị không nằm trong danh sách cho phép của cột", "chọn một giá trị trong danh sách mô tả ở bảng của tệp"),
    Code("bad-type", ERROR, "files", "giá trị không đúng kiểu của cột (số nguyên, số, ngày…)", "sửa theo kiểu mô tả ở bảng của tệp"),
    Code("below-minimum", ERROR, "files", "số nhỏ hơn mức tối thiểu của cột", "sửa số liệu"),
    Code("above-maximum", ERROR, "files", "số lớn hơn mức tối đa của cột", "sửa số liệu"),
    Code("unreadable", ERROR, "files", "không mở hoặc không đọc được tệp (không phải UTF-8, không phải .xlsx…)", "lưu lại tệp dạng «CSV UTF-8» (bảng) hoặc «Excel (.xlsx)» (phiếu)"),
    Code("bad-json", ERROR, "files", "tệp JSON hỏng, không phải một đối tượng `{…}`, hoặc quá lớn", "mở tệp bằng trình soạn thảo, sửa cú pháp JSON; tệp ranh giới tối đa 20 MB"),
    # ---------------------------------------------------------------- packages and folders
    Code("missing-file", ERROR, "package", "không tìm thấy một tệp của gói", "tạo tệp, hoặc sửa đường dẫn trong `datapackage.json`"),
    Code("missing-folder", ERROR, "package", "không tìm thấy thư mục", "kiểm tra tên thư mục trong lệnh"),
    Code("symlink", ERROR, "package", "một tệp hay thư mục trong `data/` là liên kết tượng trưng (symlink) tới nơi khác: gói không được đọc", "chép tệp thật vào thư mục thay cho liên kết"),
    Code("missing-resource", ERROR, "package", "`datapackage.json` thiếu danh sách «resources»", "khai báo các bảng của năm trong «resources»"),
    Code("missing-metadata", ERROR, "package", "thiếu khối «dti» mô tả gói dữ liệu", "thêm khối «dti» như ví dụ trong hướng dẫn"),
    Code("bad-metadata", ERROR, "package", "một trường của khối «dti» sai kiểu hoặc sai giá trị", "sửa theo bảng các trường của khối «dti»"),
    Code("bad-path", ERROR, "package", "đường dẫn của một bảng không phải tên tệp nằm trong thư mục của gói", "ghi tên tệp (ví dụ `units.csv`), không ghi đường dẫn ra ngoài thư mục"),
    Code("schema-differs", ERROR, "package", "lược đồ khai báo khác định dạng chuẩn", "chép lại lược đồ chuẩn (hoặc chỉ ghi tên và đường dẫn của bảng)"),
    Code("bad-number-format", ERROR, "package", "`decimalChar`/`groupChar` không hợp lệ", "mỗi trường là một ký tự dấu, hai ký tự khác nhau (ví dụ «,» và «.»)"),
    Code("year-mismatch", ERROR, "package", "`dti.year` khác tên thư mục năm", "sửa cho trùng nhau"),
    Code("bad-year-folder", ERROR, "package", "thư mục trông như một năm nhưng tên không đúng 4 chữ số", "đổi tên thư mục thành đúng năm (ví dụ `2025`)"),
    Code("unknown-folder", WARNING, "package", "thư mục khác trong `data/`: không được đọc", "chuyển thư mục ra khỏi `data/` nếu không cần"),
    Code("no-editions", ERROR, "package", "không có năm nào đọc được", "tạo thư mục năm (ví dụ `data/2025`) hoặc sửa các lỗi đã báo"),
    Code("bad-band", ERROR, "package", "mức xếp loại có ngưỡng ngoài 0–100 (hoặc «trên 100 %», không ai đạt)", "sửa `min_percent` (hay `above_percent`) của mức đó"),
    Code("bad-band-order", ERROR, "package", "các mức xếp loại không ghi từ cao xuống thấp", "ghi các mức theo ngưỡng giảm dần (trên 50 % đứng trước từ 50 %)"),
    Code("band-gap", ERROR, "package", "các mức xếp loại không phủ hết 0–100 %: mức thấp nhất không bắt đầu từ 0 %", "ghi `\"min_percent\": 0` cho mức thấp nhất"),
    Code("bad-date", ERROR, "package", "ngày công bố không viết dạng NĂM-THÁNG-NGÀY, hoặc không sau năm đánh giá", "ghi ví dụ `2026-03-20` cho kết quả năm 2025"),
    Code("undeclared-resource", ERROR, "package", "một bảng của năm (ví dụ `evidence.csv`) có trong thư mục nhưng không được khai báo: không được đọc", "thêm `{\"name\": …, \"path\": …}` của bảng vào «resources»"),
    Code("unknown-file", WARNING, "package", "một tệp không thuộc gói dữ liệu của năm: không được đọc", "chuyển tệp ra khỏi thư mục năm"),
    Code("duplicate-band", ERROR, "package", "hai mức xếp loại trùng tên hoặc trùng ngưỡng", "đặt tên và ngưỡng riêng cho từng mức"),
    Code("bad-unit-type", ERROR, "package", "loại đơn vị không hợp lệ trong `dti.frameworks` hoặc `unit_types` của một nhóm", "dùng `department`, `district`, `commune` hoặc `agency`"),
    Code("duplicate-group", ERROR, "package", "hai nhóm xếp hạng trong `dti.groups` trùng mã (hoặc trùng địa chỉ trang)", "đặt cho mỗi nhóm một `id` riêng"),
    Code("unknown-framework", ERROR, "package", "năm dùng một bộ chỉ số không có (hoặc có lỗi) trong `data/frameworks`", "sửa mã bộ chỉ số, hoặc sửa các lỗi của bộ chỉ số đó"),
    Code("framework-type-mismatch", ERROR, "package", "bộ chỉ số khai báo cho một loại đơn vị khác (loại không có trong nhóm)", "chọn bộ chỉ số của đúng loại đơn vị; cơ quan khác (`agency`) dùng được bộ chỉ số của sở"),
    Code("missing-decision", WARNING, "package", "chưa ghi quyết định công bố kết quả", "ghi số, ngày quyết định ở `dti.publication.decision`"),
    # ---------------------------------------------------------------- index sets
    Code("bad-framework-id", ERROR, "framework", "tên thư mục bộ chỉ số có chữ hoa, dấu, dấu cách hoặc ký tự đặc biệt (tên này thành địa chỉ trang)", "đổi tên thư mục: chữ thường không dấu, số và dấu gạch nối"),
    Code("missing-legal-basis", ERROR, "framework", "thiếu căn cứ pháp lý (văn bản, ngày, tỉnh)", "ghi đủ `legal_basis` trong `datapackage.json` của bộ chỉ số"),
    Code("cycle", ERROR, "framework", "chỉ số nằm trong một vòng lặp cha–con", "sửa cột `parent` để cây chỉ số không có vòng"),
    Code("unknown-parent", ERROR, "framework", "chỉ số cha không tồn tại", "sửa cột `parent` cho đúng mã chỉ số cha"),
    Code("bad-level", ERROR, "framework", "cấp của chỉ số không hợp lý (nhóm dưới chỉ số chính, chỉ số chính lồng nhau…), hoặc một giá trị không phải mức của chỉ số", "sửa cột `level` của bộ chỉ số, hoặc chọn một mức có trong cách tính"),
    Code("parent-max-mismatch", ERROR, "framework", "điểm tối đa của chỉ số cha khác tổng các chỉ số con", "sửa điểm, hoặc ghi nhận sai lệch của văn bản trong `dti.discrepancies`"),
    Code("acknowledged-discrepancy", WARNING, "framework", "sai lệch của văn bản đã được ghi nhận", "không cần làm gì: trang dùng tổng các chỉ số con và ghi rõ"),
    Code("stale-discrepancy", WARNING, "framework", "sai lệch được ghi nhận nhưng điểm tối đa đã khớp", "xóa dòng đó khỏi `dti.discrepancies`"),
    Code("total-mismatch", ERROR, "framework", "tổng điểm ghi ở `total_points` khác tổng các chỉ số", "sửa `total_points` hoặc điểm các chỉ số"),
    Code("missing-rule", ERROR, "framework", "chỉ số lá không có cách tính", "ghi cột `rule` (xem bảng các cách tính)"),
    Code("rule-on-parent", ERROR, "framework", "chỉ số cha có cách tính (điểm của nó là tổng các chỉ số con)", "để trống cột `rule` của chỉ số cha"),
    Code("bad-rule", ERROR, "framework", "cách tính viết sai (loại, công thức hoặc tham số)", "sửa theo thông báo và bảng các cách tính"),
    Code("undeclared-input", ERROR, "framework", "công thức dùng một đầu vào chưa khai báo", "khai báo đầu vào trong `inputs.csv` của bộ chỉ số"),
    Code("wrong-input-type", ERROR, "framework", "đầu vào có kiểu mà cách tính không dùng được", "sửa cột `type` của đầu vào"),
    Code("unused-input", ERROR, "framework", "đầu vào khai báo nhưng cách tính không dùng", "xóa đầu vào, hoặc dùng nó trong công thức"),
    Code("input-on-parent", ERROR, "framework", "đầu vào gắn với một chỉ số cha", "gắn đầu vào với chỉ số lá dùng nó"),
    Code("unknown-indicator", ERROR, "framework", "mã chỉ số không có trong bộ chỉ số", "sửa mã chỉ số"),
    Code("bad-labels", ERROR, "framework", "cột `labels` của đầu vào viết sai", "ghi dạng `mã: tên; mã: tên`"),
    Code("missing-label", ERROR, "framework", "một mức của cách tính «theo mức» chưa có tên như văn bản gọi", "ghi tên mức ở cột `labels`"),
    Code("unknown-label", ERROR, "framework", "`labels` ghi tên cho một mức không có trong cách tính", "xóa hoặc sửa mã mức"),
    Code("formula-precedence", WARNING, "framework", "công thức cộng (trừ) một số với một phân số, như `a+b/c`: phép chia làm trước (a + b/c)", "nếu quyết định viết cả `a+b` trên `c`, ghi `(a+b)/c`"),
    Code("formula-differs-from-method", WARNING, "framework", "công thức tính khác phân số mà cách tính của văn bản ghi (`a+b/c` khi văn bản ghi «(a+b)/c» hoặc «Tổng … chia cho …»)", "viết công thức đúng như văn bản, đặt tử số trong ngoặc: `(a+b)/c`"),
    Code("threshold-over-ratio", WARNING, "framework", "ngưỡng lớn hơn 1 so với một tỷ lệ (`>= 10` nghĩa là 1.000 %)", "ghi ngưỡng tỷ lệ kèm dấu `%`: `>= 10%`"),
    Code("rule-never-scores", WARNING, "framework", "thử số liệu ở các cực (mọi số liệu bằng 0, bằng nhau, tử số bằng mẫu số), cách tính luôn cho 0 điểm", "kiểm tra ngưỡng, chỉ tiêu (tỷ lệ ghi kèm `%`) và công thức; thử bằng `dti framework try`"),
    Code("rule-never-full", WARNING, "framework", "thử số liệu ở các cực, cách tính không bao giờ cho điểm tối đa", "kiểm tra các mức, ngưỡng và chỉ tiêu; thử bằng `dti framework try`"),
    Code("no-evidence-stated", WARNING, "framework", "chỉ số chưa ghi tài liệu kiểm chứng cần nộp (hoặc cả bộ chỉ số không ghi cho chỉ số nào)", "ghi cột `evidence` (cột «Tài liệu kiểm chứng» của sổ bộ chỉ số) như văn bản yêu cầu"),
    Code("rule-all-max", WARNING, "framework", "trong một năm, mọi đơn vị (từ 3 đơn vị) có số liệu đều được điểm tối đa ở một chỉ số tính từ số liệu", "xem lại công thức (thứ tự phép tính, dấu ngoặc), ngưỡng và chỉ tiêu"),
    Code("rule-all-zero", WARNING, "framework", "trong một năm, mọi đơn vị (từ 3 đơn vị) có số liệu đều được 0 điểm ở một chỉ số tính từ số liệu", "xem lại công thức, ngưỡng và chỉ tiêu (tỷ lệ ghi kèm `%`)"),
    Code("not-a-framework-book", ERROR, "framework", "tệp không phải sổ bộ chỉ số do `dti framework template` hoặc `dti framework export` tạo (thiếu trang, thiếu dòng tiêu đề)", "lấy lại sổ gốc và chép nội dung sang; không đổi tên trang"),
    Code("workbook-formula", ERROR, "framework", "một ô của sổ bộ chỉ số chứa công thức bảng tính (`=…`)", "xóa công thức và gõ giá trị (hoặc dán dạng «chỉ giá trị»)"),
    # ---------------------------------------------------------------- units and their history
    Code("no-units", ERROR, "units", "một năm không có đơn vị nào (với năm mới nhất, năm đang chuẩn bị, chỉ là cảnh báo: trang vẫn dựng được để xem trước, nhưng năm đó chưa công bố được)", "thêm đơn vị vào `units.csv`, hoặc chuyển thư mục năm ra khỏi `data/`"),
    Code("no-framework", ERROR, "units", "năm không khai báo bộ chỉ số (nhóm xếp hạng) cho loại của đơn vị", "thêm loại đơn vị đó vào `dti.frameworks`, hoặc vào `unit_types` của một nhóm"),
    Code("ambiguous-group", ERROR, "units", "nhiều nhóm xếp hạng gồm loại của đơn vị mà cột `group` để trống", "ghi mã nhóm của đơn vị ở cột `group`"),
    Code("unknown-group", ERROR, "units", "cột `group` ghi một nhóm không có trong `dti.groups`", "sửa mã nhóm, hoặc khai báo nhóm đó"),
    Code("group-type-mismatch", ERROR, "units", "nhóm ở cột `group` không gồm loại của đơn vị", "chọn nhóm đúng, hoặc thêm loại vào `unit_types` của nhóm"),
    Code("unknown-unit", ERROR, "units", "mã đơn vị không có trong `units.csv` của năm", "sửa mã, hoặc thêm đơn vị vào `units.csv`"),
    Code("unknown-parent-unit", ERROR, "units", "đơn vị cấp trên không có trong danh sách đơn vị của năm", "sửa cột `parent`"),
    Code("missing-parent-unit", ERROR, "units", "trong một năm có cấp huyện, một xã không ghi huyện của nó", "ghi mã huyện ở cột `parent`"),
    Code("bad-parent-unit", ERROR, "units", "đơn vị cấp trên của một xã không phải một huyện, hoặc một sở, một huyện ghi đơn vị cấp trên", "chỉ xã ghi `parent`, là mã huyện của xã"),
    Code("duplicate-unit-name", ERROR, "units", "hai đơn vị cùng loại, cùng đơn vị cấp trên có cùng tên", "sửa tên cho người đọc phân biệt được"),
    Code("same-unit-name", WARNING, "units", "hai xã cùng tên ở hai huyện khác nhau", "không cần làm gì: trang ghi kèm tên huyện"),
    Code("missing-reason", WARNING, "units", "đơn vị không xếp hạng chưa ghi lý do", "ghi `not_ranked_reason` (được công bố)"),
    Code("unknown-predecessor", ERROR, "units", "đơn vị tiền thân không có trong dữ liệu các năm trước", "sửa mã ở cột `predecessors`"),
    Code("self-predecessor", ERROR, "units", "một đơn vị ghi chính nó là tiền thân", "xóa mã của chính đơn vị khỏi `predecessors`"),
    Code("unit-type-changed", ERROR, "units", "một mã là loại đơn vị này năm trước và loại khác năm sau (ví dụ sở rồi xã)", "đặt mã mới cho đơn vị mới và ghi mã cũ ở `predecessors` nếu nó kế thừa"),
    Code("lineage-cycle", ERROR, "units", "lịch sử đơn vị thành vòng tròn: A kế thừa B năm này, B kế thừa A năm sau", "giữ mã ổn định; không dùng lại mã của đơn vị đã sáp nhập"),
    Code("predecessor-gap", WARNING, "units", "đơn vị tiền thân không có trong năm liền trước (chỉ có ở một năm trước nữa)", "kiểm tra mã, hoặc ghi tiền thân vào đơn vị của năm liền trước"),
    Code("predecessor-other-type", WARNING, "units", "đơn vị tiền thân thuộc loại đơn vị khác (chấm theo bộ chỉ số khác)", "kiểm tra mã ở cột `predecessors`"),
    Code("nothing-evaluated", ERROR, "units", "đơn vị không có chỉ số nào được đánh giá", "bỏ bớt đánh dấu «không đánh giá», hoặc bỏ đơn vị khỏi năm"),
    # ---------------------------------------------------------------- figures and scores
    Code("not-a-number", EITHER, "figures", "ô số liệu không phải một số", "ghi một số (ví dụ `1250,5` theo định dạng số đã khai báo)"),
    Code("not-a-count", EITHER, "figures", "số lượng có phần thập phân (`10.5`, `1.000` khi chưa khai báo `groupChar`)", "ghi số nguyên; khai báo `groupChar` nếu số có dấu phân cách hàng nghìn"),
    Code("negative-value", EITHER, "figures", "số liệu âm", "ghi số từ 0 trở lên"),
    Code("percent-over-100", EITHER, "figures", "tỷ lệ phần trăm vượt quá 100", "ghi tỷ lệ từ 0 đến 100"),
    Code("points-over-max", EITHER, "figures", "điểm chấm vượt quá điểm tối đa của chỉ số", "ghi điểm từ 0 đến điểm tối đa"),
    Code("bad-yes-no", EITHER, "figures", "ô có/không ghi giá trị khác", "ghi «có» hoặc «không»"),
    Code("ratio-over-100", EITHER, "figures", "tỷ lệ tính từ số liệu vượt quá 100 %", "kiểm tra số liệu: tử số không thể lớn hơn mẫu số"),
    Code("zero-denominator", EITHER, "figures", "mẫu số bằng 0 mà quyết định không quy định cách chấm", "kiểm tra số liệu, hoặc đánh dấu chỉ số «không đánh giá»"),
    Code("missing-input", EITHER, "figures", "thiếu một đầu vào của chỉ số", "ghi đủ số liệu các đầu vào của chỉ số"),
    Code("score-out-of-range", EITHER, "figures", "cách tính cho điểm âm hoặc vượt điểm tối đa (ví dụ `(a-b)/b` khi a < b)", "kiểm tra số liệu, hoặc công thức của chỉ số trong bộ chỉ số"),
    Code("unknown-input", ERROR, "figures", "số liệu cho một đầu vào chỉ số không có", "sửa tên đầu vào ở cột `input`"),
    Code("percent-as-fraction", WARNING, "figures", "mọi giá trị một đầu vào phần trăm đều từ 0 đến 1 (có lẽ chép tỷ lệ dạng thập phân)", "ghi phần trăm: `85` cho 85 %"),
    Code("missing-data", ERROR, "figures", "đơn vị không có số liệu của một số chỉ số (năm quy định `missing: error`)", "bổ sung số liệu, ghi điểm Hội đồng chấm, đánh dấu «không đánh giá», hoặc khai báo `dti.missing: zero`"),
    Code("no-data", WARNING, "figures", "đơn vị không có số liệu của một số chỉ số; theo quy định của năm (`missing: zero`) được 0 điểm", "không cần làm gì nếu đúng quy định; trang ghi «Không có số liệu»"),
    Code("self-score-over-max", ERROR, "figures", "điểm tự chấm ngoài khoảng 0 đến điểm tối đa", "sửa điểm tự chấm"),
    Code("self-score-differs", WARNING, "figures", "điểm tự chấm khác điểm tính từ số liệu tự đánh giá", "kiểm tra số liệu hoặc điểm tự chấm"),
    Code("parent-self-score-mismatch", ERROR, "figures", "điểm tự chấm của chỉ số cha khác tổng các chỉ số con", "sửa, hoặc bỏ trống điểm của chỉ số cha"),
    Code("appraised-score-over-max", ERROR, "figures", "điểm Hội đồng chấm ngoài khoảng 0 đến điểm tối đa", "sửa điểm Hội đồng chấm"),
    Code("appraised-score-on-parent", ERROR, "figures", "điểm Hội đồng chấm ghi cho một chỉ số cha", "ghi cho chỉ số lá; tổng của một bảng đã công bố ghi ở `published_score`"),
    Code("appraised-score-not-evaluated", ERROR, "figures", "chỉ số vừa «không đánh giá» vừa có điểm Hội đồng chấm", "bỏ một trong hai"),
    Code("missing-note", ERROR, "figures", "có điểm Hội đồng chấm (hoặc, trong phiếu thẩm định, Hội đồng sửa số liệu của đơn vị) mà không có ý kiến", "ghi lý do ở cột `note`, hay cột «Ý kiến thẩm định» của phiếu (được công bố)"),
    Code("council-score-off-rule", WARNING, "figures", "Hội đồng chấm một mức điểm cách tính không cho ra", "được phép; trang ghi rõ điểm Hội đồng chấm và lý do"),
    Code("not-evaluated-not-allowed", ERROR, "figures", "bộ chỉ số không cho phép đánh dấu «không đánh giá»", "bỏ đánh dấu ở cột `not_evaluated`"),
    Code("published-score-on-leaf", ERROR, "figures", "`published_score` ghi cho một chỉ số lá", "ghi điểm Hội đồng chấm ở `appraised_score`; `published_score` chỉ dùng cho tổng của chỉ số cha"),
    Code("published-total-differs", WARNING, "figures", "tổng ghi trong bảng công bố khác tổng các dòng con", "không cần làm gì nếu bảng gốc như vậy: trang dùng tổng các chỉ số lá và ghi kèm số công bố"),
    Code("missing-published-row", ERROR, "figures", "năm công bố ở mức tổng điểm (chỉ số chính) mà một đơn vị không có dòng trong `published.csv`", "thêm dòng của đơn vị như bảng công bố, hoặc bỏ đơn vị khỏi `units.csv`"),
    Code("bad-published-row", ERROR, "figures", "một dòng của `published.csv` không hợp với mức công bố của năm: dòng có `indicator_id` ở năm tổng điểm, hoặc mã không phải chỉ số chính", "để trống `indicator_id` (tổng điểm) hoặc ghi mã một chỉ số chính của bộ chỉ số"),
    Code("printed-percent-differs", WARNING, "figures", "tỷ lệ % in trong bảng công bố khác điểm chia điểm tối đa", "không cần làm gì nếu bảng gốc như vậy: trang dùng tỷ lệ tính từ điểm"),
    Code("printed-rank-differs", WARNING, "figures", "thứ hạng in trong bảng công bố khác thứ hạng theo điểm", "kiểm tra con số đã nhập; trang dùng thứ hạng tính từ điểm"),
    Code("printed-band-differs", WARNING, "figures", "xếp loại in trong bảng công bố khác xếp loại theo tỷ lệ %", "kiểm tra các mức xếp loại của năm và con số đã nhập"),
    Code("published-total-over-max", WARNING, "figures", "tổng công bố vượt quá điểm tối đa", "kiểm tra con số đã nhập từ bảng công bố"),
    # ---------------------------------------------------------------- evidence and links
    Code("duplicate-evidence", WARNING, "evidence", "một tài liệu kiểm chứng ghi nhiều lần", "xóa dòng trùng (trang chỉ hiển thị một lần)"),
    Code("not-a-link", WARNING, "evidence", "đường dẫn (tài liệu kiểm chứng, giấy phép) không phải `http://` hay `https://`", "ghi đường dẫn web; nếu không, trang chỉ hiện dạng chữ"),
    Code("url-credentials", WARNING, "evidence", "đường dẫn có phần `…@` trước máy chủ (tên đăng nhập, mật khẩu, hoặc một địa chỉ giả như `http://portal.gov.vn@trang-khac.example/`)", "bỏ phần `…@`; trang bỏ phần đó và ghi rõ máy chủ thật"),
    Code("url-unusual-host", WARNING, "evidence", "máy chủ viết bằng chữ không phải Latin cơ bản (có thể giả một địa chỉ quen thuộc)", "kiểm tra đây đúng là địa chỉ mong muốn"),
    # ---------------------------------------------------------------- objections
    Code("objection-unknown-unit", ERROR, "objections", "kiến nghị của một đơn vị không có trong `units.csv` của năm", "sửa mã đơn vị ở cột `unit_id`"),
    Code("objection-unknown-indicator", ERROR, "objections", "kiến nghị về một chỉ số không có trong bộ chỉ số của đơn vị", "sửa mã chỉ số, hoặc để trống nếu kiến nghị về cả kết quả"),
    Code("objection-date", ERROR, "objections", "ngày nhận kiến nghị không phải một ngày, trước khi năm đánh giá kết thúc, hay sau ngày công bố", "ghi ngày nhận thật, dạng NĂM-THÁNG-NGÀY, trong thời gian lấy ý kiến dự thảo"),
    Code("objection-unanswered", ERROR, "objections", "năm đã ghi quyết định công bố mà một kiến nghị chưa có trả lời hay kết quả", "ghi trả lời của Hội đồng (`answer`) và kết quả (`outcome`)"),
    Code("objection-score-unchanged", ERROR, "objections", "kiến nghị được chấp nhận mà không ghi điểm thay đổi", "ghi điểm trước (`score_before`) và điểm sau (`score_after`), hoặc sửa kết quả thành «chấp nhận một phần»/«không chấp nhận»"),
    Code("objection-score-changed", ERROR, "objections", "kiến nghị không được chấp nhận mà ghi điểm thay đổi, hoặc chỉ ghi một trong hai điểm trước/sau", "để trống cả hai điểm khi điểm không đổi; ghi cả hai khi điểm thay đổi"),
    Code("objection-after-differs", ERROR, "objections", "điểm sau của kiến nghị khác điểm công bố của đơn vị (chỉ số, hay tổng điểm khi kiến nghị về cả kết quả)", "sửa điểm sau, hoặc sửa số liệu thẩm định cho đúng trả lời của Hội đồng"),
    # ---------------------------------------------------------------- boundaries
    Code("bad-geojson", ERROR, "map", "tệp ranh giới không phải một GeoJSON `FeatureCollection`, hoặc một phần tử của `features` không phải `Feature`", "xuất lại tệp dạng GeoJSON FeatureCollection"),
    Code("missing-unit-id", ERROR, "map", "một hình không ghi `properties.unit_id`", "ghi mã đơn vị của hình"),
    Code("unknown-boundary-unit", WARNING, "map", "`unit_id` của một hình không phải đơn vị của năm đó: hình không được vẽ", "sửa mã, hoặc xóa hình"),
    Code("duplicate-boundary", ERROR, "map", "một đơn vị có hai hình", "gộp thành một `MultiPolygon`"),
    Code("bad-geometry-type", ERROR, "map", "hình không phải `Polygon` hay `MultiPolygon`", "xuất lại hình dạng vùng (không phải điểm, đường)"),
    Code("bad-coordinates", ERROR, "map", "tọa độ không phải hai số hữu hạn, nằm ngoài kinh độ −180…180 hay vĩ độ −90…90 (thường do tệp dùng hệ VN-2000), hoặc một vòng có ít hơn 4 điểm", "xuất lại theo hệ WGS 84 (kinh độ, vĩ độ)"),
    Code("ring-not-closed", ERROR, "map", "một vòng ranh giới không khép kín: điểm cuối khác điểm đầu", "thêm điểm đầu vào cuối vòng"),
    Code("missing-boundary", WARNING, "map", "một đơn vị không có hình, trong khi các đơn vị cùng loại có", "thêm hình nếu có; bản đồ ghi rõ đơn vị này không có ranh giới"),
    # ---------------------------------------------------------------- spreadsheet forms
    Code("summary-year-no-forms", ERROR, "forms", "năm công bố ở mức tổng điểm (chỉ số chính) không có phiếu: không thu số liệu từng chỉ số", "chỉ tạo và thu phiếu cho năm có số liệu từng chỉ số"),
    Code("no-year", ERROR, "forms", "không đọc được dữ liệu của năm", "sửa các lỗi của năm (chạy `dti validate`)"),
    Code("data-has-errors", WARNING, "forms", "dữ liệu của năm còn lỗi khi tạo phiếu thẩm định", "chạy `dti validate` để xem; điểm tự đánh giá của các dòng lỗi để trống"),
    Code("no-forms", ERROR, "forms", "thư mục không có phiếu `.xlsx` nào", "chép các phiếu đã nhận vào thư mục"),
    Code("not-xlsx", WARNING, "forms", "tệp không ở dạng Excel `.xlsx`: không được đọc", "mở tệp và lưu lại dạng «Excel (.xlsx)»"),
    Code("not-a-form-file", WARNING, "forms", "thư mục con trong thư mục phiếu: không được đọc", "để các phiếu ngay trong thư mục"),
    Code("duplicate-form", ERROR, "forms", "hai tệp cùng là phiếu của một đơn vị", "chỉ để lại một tệp cho mỗi đơn vị"),
    Code("missing-forms", WARNING, "forms", "chưa có phiếu của một số đơn vị", "thu thêm phiếu, hoặc tiếp tục nếu các đơn vị đó nộp sau"),
    Code("other-errors", WARNING, "forms", "dữ liệu của năm còn lỗi ở phần không thuộc các phiếu này", "chúng không ngăn việc thu phiếu; sửa trước khi công bố"),
    Code("not-a-form", ERROR, "forms", "tệp không phải phiếu do `dti template` tạo", "dùng đúng phiếu đã được gửi"),
    Code("wrong-kind", ERROR, "forms", "phiếu thẩm định thu như phiếu tự đánh giá (hoặc ngược lại)", "thu phiếu này riêng, với hoặc không với `--appraisal`"),
    Code("wrong-year", ERROR, "forms", "phiếu của năm khác", "dùng phiếu của đúng năm"),
    Code("wrong-framework", ERROR, "forms", "phiếu làm theo bộ chỉ số khác bộ của năm", "tạo lại phiếu bằng `dti template`"),
    Code("framework-changed", ERROR, "forms", "bộ chỉ số đã đổi điểm tối đa, cách tính, số liệu cần nhập hoặc danh sách chọn sau khi tạo phiếu", "tạo lại phiếu bằng `dti template` và chép số liệu sang"),
    Code("framework-reworded", WARNING, "forms", "bộ chỉ số chỉ sửa tên chỉ số hoặc lời mô tả số liệu sau khi tạo phiếu: phiếu vẫn được đọc", "không cần làm gì; lần sau gửi phiếu tạo lại bằng `dti template`"),
    Code("old-form", ERROR, "forms", "phiếu thẩm định tạo bằng phiên bản cũ của công cụ (các cột đã đổi chỗ)", "tạo lại phiếu bằng `dti template … --appraisal` và chép ý kiến sang"),
    Code("wrong-unit", ERROR, "forms", "tên tệp là của một đơn vị nhưng phiếu bên trong của đơn vị khác", "kiểm tra đơn vị đã gửi nhầm phiếu"),
    Code("missing-sheet", ERROR, "forms", "không còn trang «Tự đánh giá» hoặc «Thẩm định» (bị đổi tên, bị xóa)", "lấy lại phiếu gốc"),
    Code("edited-outside-entry", ERROR, "forms", "một ô đã khóa được đọc cùng số liệu (mã chỉ số, điểm tối đa, tên đơn vị…) bị sửa", "trả lại nội dung gốc; chỉ nhập vào các ô màu vàng"),
    Code("label-changed", WARNING, "forms", "một ô đã khóa không được đọc (tên chỉ số, cách tính, tiêu đề, phần ký tên…) có nội dung khác phiếu gốc", "không ảnh hưởng số liệu; trả lại nội dung gốc nếu muốn"),
    Code("rows-changed", ERROR, "forms", "khóa dòng (cột ẩn) của một dòng bị xóa, bị sửa hoặc lặp lại: không biết dòng là của chỉ số nào (dòng chuyển chỗ, chèn thêm hay xóa dưới bảng thì không sao)", "lấy lại phiếu gốc (hoặc tạo lại bằng `dti template`) và chép số liệu sang; xóa dòng chép thêm"),
    Code("row-not-read", WARNING, "forms", "một dòng không có trong phiếu gốc (chèn thêm, hoặc ghi dưới bảng) có nội dung: nội dung đó không được đọc", "ghi số liệu và tài liệu kiểm chứng vào ô màu vàng của đúng chỉ số; ghi chú riêng thì để nguyên"),
    Code("outside-table", ERROR, "forms", "có nội dung ở cột ngoài bảng của phiếu", "chuyển nội dung vào đúng ô hoặc xóa"),
    Code("ambiguous-number", WARNING, "forms", "một số có thể hiểu hai cách (`1.250` là một nghìn hai trăm năm mươi theo cách viết Việt Nam, 1,25 theo cách viết của năm): phiếu đọc theo cách Việt Nam", "để nguyên nếu đúng; nếu không, ghi lại như lời nhắn (ví dụ `1,25`)"),
    Code("percent-fraction", WARNING, "forms", "ô tỷ lệ phần trăm ghi một số từ 0 đến 1: `0,85` nghĩa là 0,85 %", "nếu là 85 %, ghi `85`; để nguyên nếu đúng là dưới 1 %"),
    Code("self-changed", WARNING, "forms", "số liệu tự đánh giá đã thay đổi sau khi tạo phiếu thẩm định", "Hội đồng xem lại dòng này"),
    Code("bad-flag", ERROR, "forms", "ô «Không đánh giá» ghi giá trị khác danh sách", "chọn «Không đánh giá» hoặc để trống"),
    Code("missing-url", ERROR, "forms", "tài liệu kiểm chứng có tên nhưng thiếu đường dẫn", "ghi đường dẫn tải về (https://…) hoặc nơi lưu bản giấy"),
    Code("missing-title", ERROR, "forms", "tài liệu kiểm chứng có đường dẫn nhưng thiếu tên", "ghi tên văn bản, ví dụ «Kế hoạch số 15/KH-UBND»"),
    Code("formula-in-form", ERROR, "forms", "một ô của phiếu trả về chứa công thức (phiếu gốc không có công thức nào; giá trị công thức tính ra không được đọc như số liệu)", "xóa công thức và gõ số liệu, hoặc dán dạng «chỉ giá trị»"),
    Code("external-link", ERROR, "forms", "phiếu trả về liên kết ra ngoài: tới một sổ tính khác, một kết nối dữ liệu, hay một tên, danh sách chọn, hình ảnh trỏ tới tệp hoặc địa chỉ khác", "ngắt liên kết (Dữ liệu › Sửa liên kết › Ngắt liên kết), hoặc lấy lại phiếu gốc và chép số liệu sang bằng «dán giá trị»"),
    Code("live-content", ERROR, "forms", "phiếu trả về chứa macro, điều khiển ActiveX hoặc đối tượng nhúng", "lấy lại phiếu gốc và chép số liệu sang bằng «dán giá trị»; lưu dạng «Excel (.xlsx)»"),
    Code("return-into-forms", ERROR, "forms", "thư mục trả phiếu (`--return`) trùng thư mục phiếu nhận về", "chọn một thư mục khác để không ghi đè phiếu gốc"),
    Code("form-too-large", ERROR, "forms", "tệp phiếu lớn bất thường (khi giải nén, quá nhiều phần, hay một phần nén quá chặt): có thể bị làm giả", "lấy lại phiếu gốc và chép số liệu sang; một phiếu thật chỉ vài trăm KB"),
    # ---------------------------------------------------------------- building and publishing
    Code("build-failed", ERROR, "site", "không xây dựng được trang (cấu hình `mkdocs.yml`, giao diện)", "sửa theo nguyên nhân ghi kèm"),
    Code("no-plugin", ERROR, "site", "`mkdocs.yml` không khai báo plugin «dti»", "thêm `- dti` vào mục `plugins`"),
    Code("config-tag", ERROR, "site", "`mkdocs.yml` có thẻ YAML ngoài `!ENV` và `!relative` (một thẻ như `!!python/…` chạy mã), chỉ thị `%TAG`, hay khóa không phải chữ", "bỏ thẻ; chỉ dùng `!ENV` và `!relative`"),
    Code("config-alias", ERROR, "site", "`mkdocs.yml` dùng bí danh YAML (`*tên`) hay khóa gộp `<<`", "ghi thẳng giá trị vào chỗ dùng bí danh"),
    Code("config-code", ERROR, "site", "`mkdocs.yml` nạp mã Python: mục `hooks`, hay một phần mở rộng Markdown không thuộc Python-Markdown và `pymdownx` (hoặc viết dạng `mô-đun:lớp`)", "bỏ mục đó; chỉ dùng các phần mở rộng có sẵn"),
    Code("config-too-large", ERROR, "site", "`mkdocs.yml` quá lớn (trên 256 KB), lồng quá 20 mức, có giá trị dài trên 2.000 ký tự hay chuỗi `INHERIT` quá 5 tệp", "rút gọn tệp cấu hình"),
    Code("config-unreadable", ERROR, "site", "không đọc được `mkdocs.yml` (không có tệp, sai cú pháp YAML, không phải UTF-8, `INHERIT` trỏ tới tệp không có hay vòng lại)", "sửa dòng được chỉ ra"),
    Code("unsafe-site-dir", ERROR, "site", "thư mục trang là (hoặc chứa) dữ liệu, dự án, hay một thư mục có tệp không do lần dựng trước ghi (tệp thêm, tệp bị sửa, bản sao của trang ở thư mục khác)", "chọn một thư mục trống, hoặc thư mục trang do lệnh tạo trước đó; chuyển tệp cần giữ ra ngoài"),
    Code("site-dir-unwritable", ERROR, "site", "không tạo hay thay được thư mục trang (không có quyền ghi, hệ thống tệp chỉ đọc như `/proc`)", "chọn một thư mục mà người chạy lệnh được ghi"),
    Code("bad-manifest", ERROR, "site", "một bảng kê `data/published/<phiên bản>.json` hỏng hay bị sửa tay (không phải JSON, thiếu hay sai trường)", "lấy lại bản đã ghi trong kho git: `git checkout -- data/published/`"),
    Code("no-site-url", WARNING, "site", "`mkdocs.yml` chưa ghi địa chỉ công khai `site_url`: sơ đồ trang (`sitemap.xml`) không liệt kê trang nào, không có `robots.txt`, và trang Dữ liệu mở, các tệp Excel chỉ ghi được đường dẫn trong trang thay cho địa chỉ đầy đủ", "ghi `site_url: https://…/` (địa chỉ công khai của trang kết quả trên cổng) vào `mkdocs.yml` rồi dựng lại"),
    Code("unknown-edition", ERROR, "site", "không có phiên bản công bố được yêu cầu", "kiểm tra số phiên bản (ví dụ `2024` hoặc `2024.1`)"),
)

CODES: dict[str, Code] = {c.code: c for c in _ALL}


class UndeclaredCode(ValueError):
    """A code reported without being declared in :data:`CODES` (a mistake in the tool, not in data)."""


def declared(code: str) -> Code:
    try:
        return CODES[code]
    except KeyError:
        raise UndeclaredCode(f"mã «{code}» chưa được khai báo trong generator/codes.py") from None


# --------------------------------------------------------------------------- the guide's tables

START, END = "<!-- dti:codes:start -->", "<!-- dti:codes:end -->"


def guide_tables() -> str:
    """The guide's tables of codes, one per group, as Markdown (between :data:`START` and :data:`END`)."""
    out = [START, ""]
    for key, heading in GROUPS:
        out += [f"### {heading}", "", "| Mã | Mức | Khi nào | Cách sửa |", "|---|---|---|---|"]
        for c in (c for c in _ALL if c.group == key):
            out.append(f'| <code id="{c.anchor}">{c.code}</code> | {SEVERITY_WORDS[c.severity]} | {c.title} | {c.action} |')
        out.append("")
    out.append(END)
    return "\n".join(out)


def rewrite(path: Path) -> bool:
    """Put the current tables into the guide at ``path``; whether it changed."""
    text = path.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r".*?" + re.escape(END), text, re.S)
    if not found:
        raise SystemExit(f"{path}: không có đoạn {START} … {END}")
    new = text[: found.start()] + guide_tables() + text[found.end():]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        print("đã cập nhật" if rewrite(Path(sys.argv[2])) else "không có gì thay đổi")
    else:
        print(guide_tables())
