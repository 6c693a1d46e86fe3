"""Folders the tool writes (the site, an export tree): never replace what it did not create.

A build writes into a hidden staging folder beside its target and swaps it in only when it succeeds.
Before that, :func:`refusal` checks the target: it must not be, or contain, the project, the data or the
configuration's folder, nor lie inside the data or the hand-written pages; and if it exists and holds
anything, it must hold a previous build, recognised by the marker file every build writes. Staging and
swap folders left by a build that was killed are removed by the next build (never while their build is
still running), and git ignores them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import tempfile
from pathlib import Path

MARKER = ".dti-site"
MARKER_TEXT = "Thư mục này do lệnh «dti» tạo ra; lần xây dựng sau sẽ thay toàn bộ nội dung của nó.\n"
STAGING = ".dti-staging-"
OLD = ".dti-old-"
OWNER = ".dti-owner"


def project_roots(config_file: Path) -> list[Path]:
    """The configuration's folder and the repository that holds it (if any)."""
    folder = Path(config_file).resolve().parent
    roots = [folder]
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            if candidate != folder:
                roots.append(candidate)
            break
    return roots


def refusal(target: Path, protected: dict[str, Path], inside_forbidden: dict[str, Path]) -> str | None:
    """Why ``target`` must not be (re)written, in plain Vietnamese; None when it is safe.

    ``protected`` folders must be neither the target nor inside it; the target must not lie inside any
    of ``inside_forbidden``.
    """
    target = Path(target).resolve()
    for what, folder in protected.items():
        folder = Path(folder).resolve()
        if folder == target or target in folder.parents:
            return f"thư mục đích «{target}» là hoặc chứa {what} («{folder}»); xây dựng vào đó sẽ xóa mất {what}. Hãy chọn một thư mục riêng, ví dụ «site»"
    for what, folder in inside_forbidden.items():
        folder = Path(folder).resolve()
        if folder in target.parents:
            return f"thư mục đích «{target}» nằm trong {what} («{folder}»); hãy chọn một thư mục bên ngoài, ví dụ «site»"
    if target.exists() or target.is_symlink():
        if target.is_symlink() or not target.is_dir():
            return f"«{target}» đã tồn tại và không phải là một thư mục; hãy chọn thư mục khác"
        if any(target.iterdir()) and not (target / MARKER).is_file():
            return (
                f"thư mục đích «{target}» đã có nội dung không do lệnh dti tạo ra (không có tệp đánh dấu {MARKER}); "
                "lệnh xây dựng sẽ thay toàn bộ thư mục nên không ghi đè. Hãy chọn một thư mục trống hoặc chưa tồn tại"
            )
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(folder: Path) -> int | None:
    try:
        return int((folder / OWNER).read_text().strip())
    except (OSError, ValueError):
        return None


def remove_leftovers(target: Path) -> list[Path]:
    """Remove staging and swap folders of ``target`` left by builds that no longer run."""
    target = Path(target).resolve()
    removed = []
    if not target.parent.is_dir():
        return removed
    for folder in target.parent.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        if not (folder.name.startswith(f"{STAGING}{target.name}-") or folder.name.startswith(f"{OLD}{target.name}-")):
            continue
        pid = _owner(folder)
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def staging_for(target: Path) -> Path:
    """A new hidden folder beside ``target`` to build into, marked with the building process's id."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{target.name}-", dir=target.parent))
    staging.chmod(0o755)
    (staging / OWNER).write_text(str(os.getpid()))
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` with the finished ``staging`` folder (the old one is removed afterwards)."""
    target = Path(target).resolve()
    (staging / OWNER).unlink(missing_ok=True)
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    old = None
    if target.exists():
        old = target.with_name(f"{OLD}{target.name}-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        (old / OWNER).write_text(str(os.getpid()))
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child process (``preexec_fn``): be killed when the process that started it dies, so a
    killed build leaves no helper writing on. Linux only; elsewhere it does nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
