"""The marker a build leaves in the folder it wrote, and the proof, before a build replaces a folder, that
every entry in it is one that build wrote.

A marker that only says "a build was here" proves nothing once it is copied: ``cp -r site/. portal/``
copies it into a portal's own folder, and the next build into ``portal`` would remove the portal's files.
So the marker ``.dti-site`` is a record:

* a random identifier, and a digest of that identifier with the folder's resolved path (the path itself is
  not written: the folder's contents are uploaded to a portal). A copy elsewhere names another folder;
* every folder and file the build wrote, each file with its size and modification time (nanoseconds).

Before a folder is replaced, :func:`foreign` reads it again (names, sizes and times, one ``lstat`` per
entry: a tenth of a second for a national site's 30,000 entries) and refuses it unless the marker names
this very folder and every entry is one the build wrote, unchanged. Nothing is hashed: the record guards
against mistakes (a copy, a file added or edited by hand), and anyone who means to fool it could rewrite
the marker anyway. Files a build wrote and someone deleted are no loss, so they are not asked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

MARKER = ".dti-site"
FORMAT = 2  # the first format was a line of text that recorded nothing
NOTE = "Thư mục này do lệnh «dti» tạo ra; lần xây dựng sau sẽ thay toàn bộ nội dung của nó nếu mọi tệp trong đó vẫn là tệp lệnh đã ghi."
# Files the desktop writes into any folder it shows (Finder, Explorer); nobody keeps anything in them.
DESKTOP_CACHES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
MAX_MARKER_BYTES = 64 * 1024 * 1024  # some 500,000 entries
NAMES_SHOWN = 5


def _proof(identifier: str, folder: Path) -> str:
    return hashlib.sha256(f"{identifier}\n{Path(folder).resolve()}".encode("utf-8", "surrogateescape")).hexdigest()


def survey(folder: Path) -> tuple[dict[str, tuple[int, int]], set[str], list[str]]:
    """What ``folder`` holds, without following links: files (relative path → size and modification time),
    folders, and anything else (links, devices, sockets). An unreadable sub-folder raises OSError."""
    files: dict[str, tuple[int, int]] = {}
    folders: set[str] = set()
    others: list[str] = []
    pending = [(Path(folder), "")]
    while pending:
        path, prefix = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append((Path(entry.path), name + "/"))
                elif entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    files[name] = (stat.st_size, stat.st_mtime_ns)
                else:
                    others.append(name)
    return files, folders, others


def write_record(staging: Path, target: Path) -> None:
    """Write the marker into the finished ``staging`` folder, which is about to become ``target``."""
    files, folders, _ = survey(staging)
    files.pop(MARKER, None)
    identifier = secrets.token_hex(16)
    record = {
        "dti-site": FORMAT,
        "note": NOTE,
        "id": identifier,
        "folder": _proof(identifier, target),
        "folders": sorted(folders),
        "files": {name: list(files[name]) for name in sorted(files)},
    }
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a name that is not text (the build writes none)
        text = json.dumps(record, separators=(",", ":")).encode("ascii")
    (Path(staging) / MARKER).write_bytes(text + b"\n")


def _read_record(folder: Path) -> dict | None:
    """The marker's record, or None when it is not one this version writes (an older marker, a broken file)."""
    marker = Path(folder) / MARKER
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > MAX_MARKER_BYTES:
            return None
        record = json.loads(marker.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("dti-site") != FORMAT:
        return None
    ok = (
        isinstance(record.get("id"), str)
        and isinstance(record.get("folder"), str)
        and isinstance(record.get("folders"), list)
        and all(isinstance(f, str) for f in record["folders"])
        and isinstance(record.get("files"), dict)
        and all(isinstance(v, list) and len(v) == 2 and all(type(n) is int for n in v) for v in record["files"].values())
    )
    return record if ok else None


def _some(names: list[str]) -> str:
    shown = ", ".join(f"«{n}»" for n in sorted(names)[:NAMES_SHOWN])
    return shown + (f" và {len(names) - NAMES_SHOWN} mục khác" if len(names) > NAMES_SHOWN else "")


def foreign(folder: Path) -> str | None:
    """Why ``folder`` may hold something the build did not write, in plain Vietnamese; None when it does not
    exist, is empty, or holds only what the build that left its marker wrote, unchanged."""
    folder = Path(folder)
    if not folder.exists():
        return None
    try:
        with os.scandir(folder) as entries:  # first the top level only: a home folder is not walked through
            top = sorted(e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries)
    except OSError as exc:
        return f"không đọc được thư mục đích «{folder}» ({exc.strerror}); hãy chọn một thư mục mà người chạy lệnh được đọc và ghi"
    if not [name for name in top if name not in DESKTOP_CACHES]:
        return None  # empty, but for what a desktop left there
    if MARKER not in top:
        return (
            f"thư mục đích «{folder}» đã có nội dung không do lệnh dti tạo ra (không có tệp đánh dấu {MARKER}; ví dụ {_some(top)}); "
            "lệnh xây dựng sẽ thay toàn bộ thư mục nên không ghi đè. Hãy chọn một thư mục trống hoặc chưa tồn tại"
        )
    record = _read_record(folder)
    if record is None:
        return (
            f"tệp đánh dấu {MARKER} trong «{folder}» không ghi danh sách tệp đã dựng (do một phiên bản cũ của dti tạo, hoặc đã bị sửa), "
            "nên không chứng minh được mọi tệp trong đó là tệp lệnh đã ghi. Nếu thư mục chỉ chứa trang đã dựng, hãy tự xóa nó rồi dựng lại; nếu không, hãy chọn thư mục khác"
        )
    try:
        files, folders, others = survey(folder)
    except OSError as exc:
        return f"không đọc được hết nội dung của thư mục đích «{folder}» ({exc.strerror}); lệnh xây dựng chỉ thay một thư mục khi biết chắc mọi thứ trong đó do nó ghi"
    written = record["files"]
    extra = [n for n in files if n != MARKER and n not in written and n.rsplit("/", 1)[-1] not in DESKTOP_CACHES]
    extra += sorted(set(folders) - set(record["folders"])) + others
    changed = [n for n, (size, mtime) in files.items() if n in written and written[n] != [size, mtime]]
    found = []
    if extra:
        found.append(f"{len(extra)} mục không do lần xây dựng trước ghi ({_some(extra)})")
    if changed:
        found.append(f"{len(changed)} tệp đã bị sửa sau lần xây dựng đó ({_some(changed)})")
    if record["folder"] != _proof(record["id"], folder):
        return (
            f"tệp đánh dấu {MARKER} trong «{folder}» là của một thư mục khác: thư mục này có vẻ là bản sao của một trang đã dựng "
            "(ví dụ chép bằng «cp -r site/. …»), có thể lẫn tệp của người khác" + (f"; nó có {len(extra)} mục mà trang được chép không có ({_some(extra)})" if extra else "")
            + ". Lệnh xây dựng không thay nó; hãy dựng vào thư mục gốc của trang, hoặc tự xóa thư mục này nếu chắc chắn không cần gì trong đó"
        )
    if not found:
        return None
    return (
        f"thư mục đích «{folder}» có " + " và ".join(found) + "; lệnh xây dựng thay toàn bộ thư mục nên sẽ xóa chúng. "
        "Hãy chuyển những tệp cần giữ ra ngoài (tệp cần có trong trang thì đặt trong thư mục content/ để lệnh tự chép vào), "
        "hoặc chọn thư mục khác"
    )
