"""``mkdocs.yml`` read safely before the engine reads it, so that the configuration can never run code.

MkDocs (and ProperDocs) read the configuration with PyYAML's full loader, which builds whatever Python
object a tag names (``!!python/object/apply:os.system [...]`` runs a command), and Python-Markdown
imports each ``markdown_extensions`` name and calls it with the options given (``subprocess:Popen:
{args: [...]}`` runs one too); ``hooks`` names Python files to execute. The secretariat edits this file, so
before the engine sees it, :func:`check_config` reads it (and every file it ``INHERIT``\\ s) as PyYAML's
stream of events and then its tree of nodes, with the same pure-Python scanner and parser the engine's
loader uses and a safe loader that is never asked to construct anything, and refuses, each at its line:

* a tag other than the two MkDocs documents, ``!ENV`` and ``!relative`` (also on a key, and a ``%TAG``
  directive, which can make one of those names stand for another tag);
* an alias (``*name``) and a merge key (``<<``): MkDocs' documentation never uses them, and aliases of
  aliases let a few lines stand for billions of values (an alias bomb: 99 s and 6 GB before);
* ``hooks``, and a Markdown extension that is not one of Python-Markdown's own (``tables``, ``toc``…) or
  of the packages installed with the theme (``pymdownx.…``, ``material.extensions.…``), or is written
  ``module:Class``;
* a file over :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH`, a value longer than
  :data:`MAX_SCALAR` characters (a site name is copied into every page), an ``INHERIT`` chain that loops
  or is longer than :data:`MAX_INHERIT`.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

import yaml

from ..errors import display_path
from .failures import BuildFailed

ALLOWED_TAGS = ("!ENV", "!relative")
MAX_BYTES = 256 * 1024  # the project's file is under 2 KB; a navigation of 500 hand-written pages some 40 KB
MAX_DEPTH = 20  # Material's custom fences, the deepest documented setting, nest 6 levels; a navigation rarely more
MAX_SCALAR = 2_000  # a long copyright notice or description is a few hundred characters
MAX_INHERIT = 5
MAX_PROBLEMS = 20
EXTENSION_PACKAGES = ("markdown.extensions.", "pymdownx.", "material.extensions.")
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_MERGE = _CORE + "merge"


class _Reader(yaml.SafeLoader):
    """PyYAML's pure-Python reader, scanner, parser and composer (those of the engine's loader, so both see
    the same tags). Only its events and nodes are asked for: nothing is ever constructed."""


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _shown(tag: str) -> str:
    tag = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
    return tag if len(tag) <= 80 else tag[:80] + "…"


@cache
def _builtin_extensions() -> frozenset[str]:
    return frozenset(e.name for e in entry_points(group="markdown.extensions"))


def _extension_problem(name: str) -> str | None:
    if ":" in name:
        return (
            f"phần mở rộng Markdown «{name[:80]}» viết dạng «mô-đun:lớp»: dạng này gọi một lớp Python bất kỳ với các tham số ghi trong cấu hình "
            "(ví dụ «subprocess:Popen» chạy một lệnh), nên không được phép. Hãy ghi tên phần mở rộng, ví dụ «toc» hay «pymdownx.details»"
        )
    if name in _builtin_extensions() or (_MODULE.fullmatch(name) and name.startswith(EXTENSION_PACKAGES)):
        return None
    return (
        f"«{name[:80]}» không phải một phần mở rộng Markdown được phép: tên này được nạp như một mô-đun Python. Chỉ dùng các phần mở rộng của "
        f"Python-Markdown ({', '.join(sorted(_builtin_extensions()))}) và của các gói «pymdownx.…», «material.extensions.…» cài cùng giao diện"
    )


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's words for a syntax error, without the snippet of the file it would quote."""
    return ", ".join(part for part in (exc.context, exc.problem) if part)


def _line(node_or_event) -> int | None:
    mark = getattr(node_or_event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _events(data: bytes, where: str) -> list[BuildFailed]:
    """Tags, aliases, merge keys, depth and long values, from the stream of events."""
    problems: list[BuildFailed] = []

    def refuse(code: str, line: int | None, message: str) -> None:
        problems.append(BuildFailed(code, None, message, where, line))

    loader = None
    depth = 0
    try:
        loader = _Reader(data)  # reading starts here: bytes that are not text are found at once
        while loader.check_event() and len(problems) < MAX_PROBLEMS:
            event = loader.get_event()
            line = _line(event)
            if isinstance(event, yaml.DocumentStartEvent) and event.tags:
                refuse("config-tag", line, "chỉ thị «%TAG» không được phép trong tệp cấu hình: nó đổi nghĩa các thẻ (kể cả «!ENV»). Hãy bỏ dòng này")
            if isinstance(event, yaml.AliasEvent):
                refuse(
                    "config-alias", line,
                    f"bí danh YAML «*{str(event.anchor)[:40]}» không được phép trong tệp cấu hình: tài liệu của MkDocs không dùng bí danh, và bí danh "
                    "lồng nhau biến vài dòng thành hàng tỉ giá trị làm treo máy. Hãy ghi thẳng giá trị vào chỗ này",
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in ALLOWED_TAGS:
                refuse(
                    "config-tag", line,
                    f"thẻ YAML «{_shown(tag)}» không được phép trong tệp cấu hình: trình dựng trang đọc tệp này bằng bộ đọc tạo đối tượng Python theo thẻ, "
                    "nên một thẻ như «!!python/object/apply:…» chạy lệnh trên máy dựng trang. Chỉ dùng «!ENV» và «!relative» (hai thẻ MkDocs mô tả); hãy bỏ thẻ này",
                )
            if isinstance(event, yaml.ScalarEvent):
                if event.value == "<<" and event.tag is None and event.implicit[0]:
                    refuse("config-alias", line, "khóa gộp «<<» không được phép trong tệp cấu hình (nó chỉ dùng kèm bí danh YAML); hãy ghi thẳng các khóa cần có")
                if len(event.value) > MAX_SCALAR:
                    refuse(
                        "config-too-large", line,
                        f"một giá trị dài {_number(len(event.value))} ký tự, quá giới hạn {_number(MAX_SCALAR)}: các giá trị của cấu hình (tên trang, mô tả, bản quyền) "
                        "được chép vào mọi trang. Hãy rút ngắn",
                    )
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    refuse("config-too-large", line, f"cấu hình lồng nhau quá {MAX_DEPTH} mức (các mục của MkDocs chỉ cần dưới 10 mức); hãy viết lại cho phẳng hơn")
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        refuse("config-unreadable", mark.line + 1 if mark else None, f"tệp cấu hình không đúng cú pháp YAML ({_yaml_problem(exc)}); hãy sửa dòng này")
    except yaml.YAMLError as exc:  # bytes that are not text (a reader error has a position, not a line)
        position = getattr(exc, "position", None)
        line = data[:position].count(b"\n") + 1 if isinstance(position, int) else None
        refuse("config-unreadable", line, f"tệp cấu hình có ký tự không đọc được ({getattr(exc, 'reason', exc)}); hãy lưu lại tệp dạng văn bản UTF-8")
    finally:
        if loader is not None:
            loader.dispose()
    return problems


def _names_of_extensions(node) -> list:
    """The nodes naming each Markdown extension, in either form MkDocs accepts (a list, or a mapping)."""
    if isinstance(node, yaml.MappingNode):
        return [key for key, _ in node.value]
    if isinstance(node, yaml.SequenceNode):
        out = []
        for item in node.value:
            out += [key for key, _ in item.value] if isinstance(item, yaml.MappingNode) else [item]
        return out
    return []


def _tree(data: bytes, where: str) -> tuple[list[BuildFailed], yaml.Node | None]:
    """Keys made only of text, ``hooks`` and the Markdown extensions, from the tree of nodes (safe once the
    events are: no alias, bounded depth)."""
    problems: list[BuildFailed] = []
    loader = _Reader(data)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return [BuildFailed("config-unreadable", None, f"tệp cấu hình không đúng cú pháp YAML ({_yaml_problem(exc)}); hãy sửa dòng này", where, mark.line + 1 if mark else None)], None
    finally:
        loader.dispose()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag in ALLOWED_TAGS:
                    problems.append(BuildFailed("config-tag", None, "một khóa của cấu hình phải là chữ viết thẳng (không thẻ, không danh sách hay bảng); hãy sửa khóa này", where, _line(key)))
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name == "hooks" and not (isinstance(value, yaml.SequenceNode) and not value.value) and value.tag != _CORE + "null":
                problems.append(BuildFailed(
                    "config-code", None,
                    "mục «hooks» chạy các tệp Python khi đọc cấu hình, nên không được phép; các trang của kết quả đã do plugin «dti» tạo. Hãy bỏ mục này",
                    where, _line(key),
                ))
            if name == "markdown_extensions":
                for ext in _names_of_extensions(value):
                    if not isinstance(ext, yaml.ScalarNode) or ext.tag != _STR:
                        problems.append(BuildFailed("config-code", None, "tên một phần mở rộng Markdown phải là chữ viết thẳng (không thẻ, không biến môi trường)", where, _line(ext)))
                    elif why := _extension_problem(ext.value):
                        problems.append(BuildFailed("config-code", None, why, where, _line(ext)))
    return problems, root


def _inherited(root, path: Path, where: str) -> tuple[Path | None, BuildFailed | None]:
    """The file ``INHERIT`` names, found as the engine finds it (beside the file that names it)."""
    if not isinstance(root, yaml.MappingNode):
        return None, None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "INHERIT":
            if not isinstance(value, yaml.ScalarNode) or value.tag != _STR or not value.value:
                return None, BuildFailed("config-unreadable", None, "«INHERIT» phải là đường dẫn tới một tệp cấu hình, viết thẳng", where, _line(key))
            return Path(os.path.normpath(os.path.join(os.path.dirname(path), value.value))), None
    return None, None


def _read(path: Path, where: str, named_at: tuple[str, int | None] | None) -> tuple[bytes | None, BuildFailed | None]:
    place, line = named_at if named_at else (where, None)
    try:
        if not path.is_file():
            what = "không có" if not path.exists() else "không phải một tệp"
            return None, BuildFailed("config-unreadable", None, f"tệp cấu hình «{where}» {what}; hãy chỉ đúng tệp (tùy chọn --config, hoặc INHERIT)", place, line)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, BuildFailed("config-unreadable", None, f"không đọc được tệp cấu hình «{where}» ({exc.strerror or exc})", place, line)
    if len(data) > MAX_BYTES:
        return None, BuildFailed(
            "config-too-large", None,
            f"tệp cấu hình dài hơn {MAX_BYTES // 1024} KB (tệp của dự án chỉ vài KB); hãy bỏ phần thừa, hoặc kiểm tra có đúng là tệp cấu hình không",
            where, None,
        )
    return data, None


def check_config(config_file: Path) -> list[BuildFailed]:
    """Every reason to refuse ``config_file`` (and the files it inherits) before the engine reads it."""
    path, named_at, seen = Path(config_file), None, []
    while True:
        where = display_path(path)
        data, unreadable = _read(path, where, named_at)
        if unreadable:
            return [unreadable]
        problems = _events(data, where)
        if problems:
            return problems
        problems, root = _tree(data, where)
        parent, bad = _inherited(root, path, where)
        if problems or bad:
            return problems + ([bad] if bad else [])
        if parent is None:
            return []
        seen.append(path.resolve())
        line = next((_line(k) for k, _ in root.value if isinstance(k, yaml.ScalarNode) and k.value == "INHERIT"), None)
        if parent.resolve() in seen:
            return [BuildFailed("config-unreadable", None, f"«INHERIT» dẫn vòng lại tệp «{display_path(parent)}»: các tệp cấu hình kế thừa lẫn nhau không bao giờ dừng", where, line)]
        if len(seen) > MAX_INHERIT:
            return [BuildFailed("config-too-large", None, f"chuỗi «INHERIT» dài quá {MAX_INHERIT} tệp", where, line)]
        path, named_at = parent, (where, line)
