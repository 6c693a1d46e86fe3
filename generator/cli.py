"""The ``dti`` command line.

``dti validate [DATA_DIR]`` prints every problem with its file, row and column and exits 1 on any error.
``dti build`` validates, scores and writes the site; on any error nothing is written.
``dti template`` writes spreadsheet forms; ``dti collect`` reads filled forms back into a year's data.
``dti framework …`` writes and reads an index set's workbook, checks one index set alone and tries a rule.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .errors import Report, display_path
from .numeric import compact_vi


def _print_report(report: Report, stream=None) -> None:
    stream = stream or sys.stdout
    for issue in report.sorted():
        print(issue, file=stream)
    print(report.summary(), file=stream)


def _print_json(report: Report, **extra) -> None:
    """The report as JSON on standard output, for a portal or a script (the text output is for people)."""
    print(json.dumps(report.as_json(**extra), ensure_ascii=False, indent=2))


def cmd_validate(args) -> int:
    from .validate import validate

    _, report = validate(args.data_dir, report_only=True)
    if args.json:
        _print_json(report)
    else:
        _print_report(report)
    return 0 if report.ok else 1


def cmd_build(args) -> int:
    from .build import build_site

    report = build_site(Path(args.data), Path(args.site_dir), Path(args.config), edition=args.edition, draft=args.draft)
    if not report.ok:
        _print_report(report)
        print("Không xây dựng trang: hãy sửa các lỗi trên. Thư mục trang cũ (nếu có) được giữ nguyên.")
        return 1
    if report.warnings:
        _print_report(report)
    print(f"Đã xây dựng trang vào {args.site_dir}/" + (" (bản dự thảo)" if args.draft else ""))
    return 0


def cmd_demo(args) -> int:
    from .demo import write_demo

    written = write_demo(
        Path(args.out), Path(args.frameworks), communes=args.communes, seed=args.seed, years=tuple(args.years),
        departments=args.departments, districts=args.districts,
    )
    for folder in written:
        print(f"Đã ghi {folder}/")
    return 0


def cmd_publish(args) -> int:
    from .publish import PublishError, publish, record_draft

    if args.draft:
        if args.correction or not args.date:
            print("Không ghi dự thảo: cần --date NĂM-THÁNG-NGÀY (ngày gửi dự thảo lấy ý kiến), và không dùng cùng --correction", file=sys.stderr)
            return 1
        try:
            written = record_draft(Path.cwd(), args.year, args.date)
        except PublishError as exc:
            print(f"Không ghi dự thảo: {exc}", file=sys.stderr)
            return 1
        print(f"Đã ghi kết quả dự thảo năm {args.year} vào {display_path(written)} và ghi (commit) vào kho; phiên bản công bố theo quyết định sẽ so sánh với nó.")
        return 0
    try:
        done = publish(Path.cwd(), args.year, args.correction, Path(args.site_dir), Path(args.config))
    except PublishError as exc:
        print(f"Không công bố: {exc}", file=sys.stderr)
        return 1
    print(f"Đã công bố phiên bản {done.version}: ghi {display_path(done.manifest)}, tạo thẻ {done.tag}.")
    if done.errata:
        print(f"Bản đính chính thay đổi {len(done.errata)} giá trị (xem trang Đính chính và {Path(args.site_dir).as_posix()}/data/errata.csv).")
    print(f"Trang của phiên bản này ở {args.site_dir}/; dùng «dti export THƯ_MỤC» để tạo cây thư mục đưa lên cổng thông tin.")
    return 0


def cmd_export(args) -> int:
    from .publish import PublishError, export

    try:
        versions = export(Path.cwd(), Path(args.out))
    except PublishError as exc:
        print(f"Không xuất được: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    print(f"Đã dựng lại {len(versions)} phiên bản ({', '.join(versions)}) vào {out}/ và tạo {out.with_suffix('.zip')}.")
    return 0


def cmd_template(args) -> int:
    from .forms.template import make_templates

    if args.objections:
        from .forms.objections import make_workbook

        written, report = make_workbook(Path(args.data), args.year, Path(args.out))
        if report.issues:
            _print_report(report)
        if not written:
            print("Không tạo sổ kiến nghị: hãy sửa các lỗi trên.")
            return 1
        print(f"Đã tạo sổ kiến nghị năm {args.year}: {display_path(written[0])}")
        return 0
    written, report = make_templates(Path(args.data), args.year, Path(args.out), unit_id=args.unit, appraisal=args.appraisal)
    if report.issues:
        _print_report(report)
    if not report.ok:
        print("Không tạo phiếu: hãy sửa các lỗi trên.")
        return 1
    kind = "phiếu thẩm định" if args.appraisal else "phiếu tự đánh giá"
    print(f"Đã tạo {len(written)} {kind} năm {args.year} vào {display_path(Path(args.out))}/")
    return 0


def cmd_collect(args) -> int:
    from .forms.collect import collect

    if args.objections:
        from .forms.objections import collect as collect_objections

        report, written = collect_objections(Path(args.data), args.year, Path(args.folder), check=args.check)
        return _collected(args, report, written, "Không ghi gì vào dữ liệu: hãy sửa các lỗi trên (mỗi lỗi ghi tệp, trang và ô của sổ) rồi thu lại.", "Sổ kiến nghị đọc được")
    back = Path(args.return_to) if args.return_to else None
    done = collect(Path(args.data), args.year, Path(args.folder), appraisal=args.appraisal, check=args.check, return_dir=back)
    return _collected(
        args, done.report, done.written, "Không ghi gì vào dữ liệu: hãy sửa các lỗi trên (mỗi lỗi ghi tệp, trang và ô của phiếu) rồi thu lại.", "Các phiếu đọc được",
        done.returned, back,
    )


def _collected(args, report: Report, written: list[Path], refused: str, read: str, returned: list[Path] = (), back: Path | None = None) -> int:
    """How a collect command ends. With ``--json``: the report as JSON, with the files written (and the
    copies returned to ``back``, when asked for). Else the report, the copies returned, then: nothing
    written when there is an error (``refused`` says what to do), nothing written under ``--check``
    (``read`` names what was read), or the files written."""
    if args.json:
        extra = {"returned": [display_path(p) for p in returned]} if back is not None else {}
        _print_json(report, written=[display_path(p) for p in written], **extra)
        return 0 if report.ok else 1
    _print_report(report)
    if returned:
        print(f"Đã ghi {len(returned)} bản trả lại vào {display_path(back)}/: mỗi phiếu có lỗi được tô ở đúng ô, kèm trang «Lỗi cần sửa»; phiếu không có lỗi có trang «Đã nhận».")
    if not report.ok:
        print(refused)
        return 1
    print(f"{read}; không ghi gì vì có «--check»." if args.check else "Đã ghi " + ", ".join(display_path(p) for p in written) + ".")
    return 0


def _framework_folder(args) -> Path:
    return Path(args.data) / "frameworks" / args.id


def cmd_framework_check(args) -> int:
    from .validate import validate_framework

    fw, report = validate_framework(_framework_folder(args))
    if args.json:
        _print_json(report)
        return 0 if report.ok else 1
    _print_report(report)
    if fw is not None:
        leaves = len(fw.leaves())
        print(f"Bộ chỉ số «{fw.id}»: {len(fw.indicators)} chỉ số, {leaves} chỉ số lá, tổng điểm tối đa {compact_vi(fw.max_points)}.")
    return 0 if report.ok else 1


def cmd_framework_try(args) -> int:
    from . import trial
    from .validate import validate_framework

    fw, report = validate_framework(_framework_folder(args))
    if fw is None:
        _print_report(report)
        return 1
    ind = fw.indicators.get(args.indicator)
    if ind is None:
        print(f"Bộ chỉ số «{fw.id}» không có chỉ số «{args.indicator}» [unknown-indicator]", file=sys.stderr)
        return 1
    print(f"Chỉ số {ind.id} — {ind.name} (tối đa {compact_vi(ind.max_points)} điểm)")
    print(f"Cách tính: {ind.describe()}")
    if ind.rule is None:
        return 0
    texts, bad = {}, []
    for item in args.figures:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            bad.append(item)
        texts[name.strip()] = value.strip()
    if bad:
        print(f"Không đọc được «{bad[0]}»: ghi mỗi số liệu dạng tên=giá trị, ví dụ a=30 b=50", file=sys.stderr)
        return 1
    if texts:
        values, problems = trial.read_figures(ind, texts)
        if problems:
            for p in problems:
                print(f"Lỗi: {p.message} [{p.code}]", file=sys.stderr)
            needed = ", ".join(f"{d.name} ({d.meaning})" for d in ind.inputs)
            print(f"Số liệu của chỉ số: {needed}", file=sys.stderr)
            return 1
    else:
        values = trial.example(ind)
        print("Chưa ghi số liệu thử: dùng số liệu ví dụ (ghi tên=giá trị sau mã chỉ số để thử số liệu khác).")
    print("Số liệu: " + ", ".join(f"{d.name} = {trial.figure(d, values.get(d.name))}" for d in ind.inputs if d.name in values))
    result = trial.run(ind, values)
    print("Các bước:")
    for i, step in enumerate(result.steps, 1):
        print(f"  {i}. {step}")
    if result.problem is not None:
        print(f"Lỗi: {result.problem.message} [{result.problem.code}]", file=sys.stderr)
        return 1
    if result.points is None:
        print("Điểm: tính so với các đơn vị cùng loại trong năm (xem bước trên).")
    else:
        print(f"Điểm: {compact_vi(result.points)} / {compact_vi(ind.max_points)}")
    return 0


def cmd_framework_template(args) -> int:
    from .frameworkbook.write import write_template

    write_template(Path(args.file))
    print(f"Đã tạo sổ bộ chỉ số trống {display_path(Path(args.file))}: điền các trang «Thông tin chung», «Chỉ số», «Số liệu đầu vào», "
          f"rồi «dti framework collect {display_path(Path(args.file))} MÃ-BỘ-CHỈ-SỐ».")
    return 0


def cmd_framework_export(args) -> int:
    from .frameworkbook.write import export

    report, written = export(_framework_folder(args), Path(args.file))
    if report.issues:
        _print_report(report)
    if not written:
        print("Không xuất được: hãy sửa các lỗi trên.")
        return 1
    print(f"Đã ghi bộ chỉ số «{args.id}» vào {display_path(Path(args.file))}." + ("" if report.ok else " Bộ chỉ số còn lỗi: sửa trong sổ rồi thu lại bằng «dti framework collect»."))
    return 0 if report.ok else 1


def cmd_framework_collect(args) -> int:
    from .frameworkbook.collect import collect

    report, written = collect(Path(args.file), args.id, Path(args.data), check=args.check)
    return _collected(args, report, written, "Không ghi gì: hãy sửa các lỗi trên (mỗi lỗi ghi trang và ô của sổ) rồi thu lại.", "Sổ bộ chỉ số đọc được")


def cmd_init(args) -> int:
    from .province import ProvinceError, init

    try:
        init(Path(args.folder), args.province, args.year, args.frameworks.split(",") if args.frameworks else None, args.portal, args.contact, Path(args.logo) if args.logo else None)
    except ProvinceError as exc:
        print(f"Không tạo được: {exc}", file=sys.stderr)
        return 1
    folder = display_path(Path(args.folder))
    print(f"Đã tạo {args.province} năm {args.year} trong {folder}/: data/, content/, mkdocs.yml, HUONG-DAN.md.")
    print(f"Bước tiếp theo: ghi danh sách đơn vị vào {folder}/data/{args.year}/units.csv, rồi «dti validate» trong thư mục {folder}.")
    return 0


def cmd_year(args) -> int:
    from .province import ProvinceError, new_year, record_decision

    try:
        if args.action == "new":
            written = new_year(Path(args.data), args.year)
            print(f"Đã bắt đầu năm {args.year}: " + ", ".join(display_path(p) for p in written) + ". Hãy sửa danh sách đơn vị (units.csv) nếu có thay đổi.")
        else:
            if not args.decision or not args.date:
                print("Không ghi được: cần cả --decision \"Quyết định số …\" và --date NĂM-THÁNG-NGÀY", file=sys.stderr)
                return 1
            path = record_decision(Path(args.data), args.year, args.decision, args.date)
            print(f"Đã ghi quyết định công bố vào {display_path(path)}. Hãy ghi vào kho (git add, git commit) rồi «dti publish {args.year}».")
    except ProvinceError as exc:
        print(f"Không ghi được: {exc}", file=sys.stderr)
        return 1
    return 0


def _year_range(text: str) -> tuple[int, ...]:
    first, _, last = text.partition("-")
    try:
        years = tuple(range(int(first), int(last or first) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải một năm hay một khoảng năm như 2020-2024") from None
    if not years or not all(1990 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError(f"«{text}» không phải một khoảng năm hợp lệ")
    return years


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dti", description="Công bố kết quả Chỉ số chuyển đổi số (DTI) của tỉnh dưới dạng trang web tĩnh.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="kiểm tra mọi gói dữ liệu và in từng lỗi kèm tệp, dòng, cột")
    p.add_argument("data_dir", nargs="?", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.add_argument("--json", action="store_true", help="in báo cáo dạng JSON (mã, mức, tệp, dòng, cột, ô, lời giải thích) cho chương trình khác đọc")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="kiểm tra, tính điểm và xây dựng trang vào thư mục site/")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.add_argument("--site-dir", default="site", help="thư mục xuất trang (mặc định: site)")
    p.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình MkDocs (mặc định: mkdocs.yml)")
    p.add_argument("--edition", help="dựng một phiên bản đã công bố, ví dụ 2024 hoặc 2024.1 (theo data/published/)")
    p.add_argument("--draft", action="store_true", help="dựng bản dự thảo để lấy ý kiến: mọi trang và tệp ghi «Dự thảo — chưa công bố chính thức»")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("publish", help="công bố kết quả một năm: bảng kiểm, commit và thẻ git dti-NĂM")
    p.add_argument("year", type=int, help="năm đánh giá, ví dụ 2024")
    p.add_argument("--correction", metavar="LÝ_DO",
                   help="công bố bản đính chính NĂM.1, NĂM.2, … với lý do; cần quyết định đính chính riêng (số và ngày khác mọi phiên bản trước, ngày không trước phiên bản cuối: dti year decision). "
                        "Các giá trị đã đính chính ghi ở site/data/errata.csv (trong thư mục trang)")
    p.add_argument("--draft", action="store_true", help="ghi kết quả bản dự thảo gửi lấy ý kiến (data/published/du-thao/NĂM.csv), để phiên bản công bố so sánh với nó; cần --date")
    p.add_argument("--date", metavar="NĂM-THÁNG-NGÀY", help="với --draft: ngày gửi dự thảo lấy ý kiến")
    p.add_argument("--site-dir", default="site", help="thư mục dựng trang của phiên bản (mặc định: site)")
    p.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình MkDocs (mặc định: mkdocs.yml)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("export", help="dựng lại mọi phiên bản đã công bố từ thẻ git vào một thư mục và một tệp zip")
    p.add_argument("out", help="thư mục đích, ví dụ public (tạo thêm public.zip)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("template", help="tạo phiếu Excel cho từng đơn vị tự đánh giá (hoặc phiếu thẩm định, với --appraisal)")
    p.add_argument("year", type=int, help="năm đánh giá, ví dụ 2024")
    p.add_argument("out", help="thư mục ghi phiếu, ví dụ phieu")
    p.add_argument("--unit", metavar="MÃ", help="chỉ tạo phiếu của một đơn vị, ví dụ so-tai-chinh")
    p.add_argument("--appraisal", action="store_true", help="tạo phiếu thẩm định: một tệp cho mỗi loại đơn vị")
    p.add_argument("--objections", action="store_true", help="tạo sổ kiến nghị của các đơn vị về bản dự thảo (kien-nghi-NĂM.xlsx), ghi sẵn các kiến nghị đã có, để Hội đồng trả lời")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("collect", help="đọc các phiếu Excel đã điền trong một thư mục vào dữ liệu của năm")
    p.add_argument("year", type=int, help="năm đánh giá, ví dụ 2024")
    p.add_argument("folder", help="thư mục chứa các phiếu .xlsx đã điền")
    p.add_argument("--appraisal", action="store_true", help="thu phiếu thẩm định (số liệu, điểm và ý kiến của Hội đồng)")
    p.add_argument("--objections", action="store_true", help="thu sổ kiến nghị (một tệp hoặc các tệp trong thư mục) vào data/NĂM/objections.csv")
    p.add_argument("--check", action="store_true", help="chỉ kiểm tra và báo lỗi, không ghi gì vào dữ liệu")
    p.add_argument("--return", dest="return_to", metavar="THƯ_MỤC",
                   help="ghi vào THƯ_MỤC một bản của mỗi phiếu, ô có lỗi được tô và kèm lời nhắn, để gửi lại đơn vị (dùng cùng hoặc không cùng --check)")
    p.add_argument("--json", action="store_true", help="in báo cáo dạng JSON (mã, mức, tệp, trang, ô, lời giải thích) cho chương trình khác đọc")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_collect)

    fw = sub.add_parser("framework", help="bộ chỉ số: sổ Excel để nhập (template, collect, export), kiểm tra riêng (check), thử tính điểm (try)")
    fsub = fw.add_subparsers(dest="action", required=True)
    p = fsub.add_parser("template", help="tạo sổ Excel trống để nhập một bộ chỉ số mới như bảng của quyết định")
    p.add_argument("file", help="tệp .xlsx sẽ tạo, ví dụ bo-chi-so.xlsx")
    p.set_defaults(func=cmd_framework_template)
    p = fsub.add_parser("collect", help="đọc sổ bộ chỉ số đã điền thành gói dữ liệu data/frameworks/MÃ/")
    p.add_argument("file", help="sổ bộ chỉ số .xlsx đã điền")
    p.add_argument("id", help="mã bộ chỉ số (tên thư mục), ví dụ binh-son-123-2026-xa")
    p.add_argument("--check", action="store_true", help="chỉ kiểm tra và báo lỗi, không ghi gì")
    p.add_argument("--json", action="store_true", help="in báo cáo dạng JSON cho chương trình khác đọc")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_framework_collect)
    p = fsub.add_parser("export", help="ghi một bộ chỉ số đã có ra sổ Excel để xem, in hoặc sửa")
    p.add_argument("id", help="mã bộ chỉ số, ví dụ hai-duong-2405-2024-so")
    p.add_argument("file", help="tệp .xlsx sẽ ghi")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_framework_export)
    p = fsub.add_parser("check", help="kiểm tra riêng một bộ chỉ số, không cần năm nào")
    p.add_argument("id", help="mã bộ chỉ số")
    p.add_argument("--json", action="store_true", help="in báo cáo dạng JSON cho chương trình khác đọc")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_framework_check)
    p = fsub.add_parser("try", help="thử tính điểm một chỉ số với số liệu thử: in điểm, cách tính bằng lời và từng bước")
    p.add_argument("id", help="mã bộ chỉ số")
    p.add_argument("indicator", help="mã chỉ số, ví dụ 4.7")
    p.add_argument("figures", nargs="*", help="số liệu thử dạng tên=giá trị, ví dụ a=30 b=50 (bỏ trống: dùng số liệu ví dụ)")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_framework_try)

    p = sub.add_parser("init", help="tạo thư mục của một tỉnh mới: dữ liệu năm đầu, cấu hình trang, trang giới thiệu, hướng dẫn")
    p.add_argument("folder", help="thư mục mới (trống hoặc chưa có), ví dụ binh-son")
    p.add_argument("--province", required=True, help="tên tỉnh, ví dụ \"Tỉnh Bình Sơn\"")
    p.add_argument("--year", type=int, required=True, help="năm đánh giá đầu tiên, ví dụ 2026")
    p.add_argument("--frameworks", help="các bộ chỉ số kèm công cụ, cách nhau bằng dấu phẩy (mặc định: " + ",".join(("hai-duong-2405-2024-so", "gia-lai-ia-dom-2024-xa")) + ")")
    p.add_argument("--portal", default="", help="địa chỉ cổng thông tin của tỉnh, ví dụ https://binhson.gov.vn/")
    p.add_argument("--contact", default="", help="nơi liên hệ của cơ quan thường trực, ví dụ \"Sở KH&CN, điện thoại …\"")
    p.add_argument("--logo", help="tệp ảnh biểu trưng của tỉnh (.png, .svg, .jpg)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("year", help="bắt đầu một năm mới (new), hoặc ghi quyết định công bố của một năm (decision)")
    p.add_argument("action", choices=["new", "decision"], help="new: bắt đầu năm mới từ năm gần nhất; decision: ghi quyết định và ngày công bố")
    p.add_argument("year", type=int, help="năm đánh giá, ví dụ 2027")
    p.add_argument("--decision", help="với decision: số và ngày quyết định, ví dụ \"Quyết định số 123/QĐ-UBND ngày 20/3/2027\"")
    p.add_argument("--date", help="với decision: ngày công bố, dạng NĂM-THÁNG-NGÀY, ví dụ 2027-03-20")
    p.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    p.set_defaults(func=cmd_year)

    p = sub.add_parser("demo", help="tạo dữ liệu minh họa của một tỉnh giả định (Tỉnh Minh Họa)")
    p.add_argument("out", help="thư mục ghi dữ liệu, ví dụ data")
    p.add_argument("--frameworks", default="data/frameworks", help="thư mục các bộ chỉ số (mặc định: data/frameworks)")
    p.add_argument("--communes", type=int, default=64, help="số xã, phường, thị trấn (mặc định: 64)")
    p.add_argument("--departments", type=int, help="số sở, ban, ngành (mặc định: 18 của tỉnh minh họa)")
    p.add_argument("--districts", type=int, help="số huyện trước năm 2025 (mặc định: 12)")
    p.add_argument(
        "--years", type=_year_range, default=(2021, 2022, 2023, 2024, 2025),
        help="các năm, ví dụ 2020-2024 hoặc 2024 (mặc định: 2021-2025; năm 2021 nhập từ bảng tổng điểm đã công bố, năm 2025 là năm sắp xếp hai cấp)",
    )
    p.add_argument("--seed", default="minh-hoa", help="hạt giống ngẫu nhiên (cùng hạt giống cho cùng dữ liệu)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of the program, not of the data: say so plainly
        if os.environ.get("DTI_DEBUG"):
            raise
        print(
            f"Lỗi nội bộ của chương trình (không phải lỗi dữ liệu): {type(exc).__name__}: {exc}\n"
            "Hãy báo lỗi này cho nhóm phát triển; đặt biến môi trường DTI_DEBUG=1 để xem chi tiết.",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """The ``dti`` command. It ends without taking the program's objects apart one by one: after a large
    build that takes seconds (a national year's results are millions of objects), and the system takes
    the memory back at once. Output is flushed first, and every file was closed by then."""
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
