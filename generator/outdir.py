"""Folders the tool writes (the site, an export tree): never replace what it did not create.

A build writes into a hidden staging folder beside its target and swaps it in only when it succeeds.
Before that, :func:`refusal` checks the target: it must not be, or contain, the project, the data or the
configuration's folder, nor lie inside the data or the hand-written pages; and if it exists and holds
anything, it must hold only what a previous build wrote there, as that build's marker records
(:mod:`generator.marker`). The same proof is asked again just before the swap, since a build takes
minutes. A target that cannot be created is reported before anything is built. Staging and swap
folders left by a build that was killed are removed by the next build (never while their build is still
running), and git ignores them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import tempfile
from pathlib import Path

from .marker import MARKER, foreign, write_record

__all__ = ["MARKER", "FolderProblem", "project_roots", "refusal", "resolved", "remove_leftovers", "staging_for", "swap_in", "die_with_parent"]

STAGING = ".dti-staging-"
OLD = ".dti-old-"
OWNER = ".dti-owner"


class FolderProblem(Exception):
    """A target folder that cannot be created or replaced: the issue's code and a plain Vietnamese message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


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


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links followed; :class:`FolderProblem` when it cannot be (a loop of
    links, a place that cannot be read)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError) as exc:
        raise FolderProblem("unsafe-site-dir", f"không xác định được thư mục đích «{path}» ({getattr(exc, 'strerror', None) or exc}); hãy chọn thư mục khác") from None


def refusal(target: Path, protected: dict[str, Path], inside_forbidden: dict[str, Path]) -> str | None:
    """Why ``target`` must not be (re)written, in plain Vietnamese; None when it is safe.

    ``protected`` folders must be neither the target nor inside it; the target must not lie inside any
    of ``inside_forbidden``; an existing target must hold only what a build wrote there.
    """
    try:
        target = resolved(target)
        for what, folder in protected.items():
            folder = resolved(folder)
            if folder == target or target in folder.parents:
                return f"thư mục đích «{target}» là hoặc chứa {what} («{folder}»); xây dựng vào đó sẽ xóa mất {what}. Hãy chọn một thư mục riêng, ví dụ «site»"
        for what, folder in inside_forbidden.items():
            folder = resolved(folder)
            if folder in target.parents:
                return f"thư mục đích «{target}» nằm trong {what} («{folder}»); hãy chọn một thư mục bên ngoài, ví dụ «site»"
        if target.exists() or target.is_symlink():
            if target.is_symlink() or not target.is_dir():
                return f"«{target}» đã tồn tại và không phải là một thư mục; hãy chọn thư mục khác"
            return foreign(target)
    except FolderProblem as exc:
        return exc.message
    except OSError as exc:
        return f"không xem được thư mục đích «{target}» ({exc.strerror or exc}); hãy chọn một thư mục mà người chạy lệnh được đọc và ghi"
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
    try:
        found = list(target.parent.iterdir()) if target.parent.is_dir() else []
    except OSError:
        return removed  # an unreadable place: creating the staging folder there says why
    for folder in found:
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
    """A new hidden folder beside ``target`` to build into, marked with the building process's id;
    :class:`FolderProblem` when it cannot be made (the folders it made on the way are removed again)."""
    target = Path(target).resolve()
    made = []
    try:
        for folder in reversed([target.parent, *target.parent.parents]):
            if not folder.is_dir():
                folder.mkdir()
                made.append(folder)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{target.name}-", dir=target.parent))
        staging.chmod(0o755)
        (staging / OWNER).write_text(str(os.getpid()))
    except OSError as exc:
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise FolderProblem(
            "site-dir-unwritable",
            f"không tạo được thư mục đích «{target}» ({exc.strerror or exc}); hãy chọn một thư mục mà người chạy lệnh được ghi, ví dụ «site»"
        ) from None
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` with the finished ``staging`` folder (the old one is removed afterwards), once it
    is proved again to hold only what a build wrote; :class:`FolderProblem` (and ``staging`` left as it
    is) when it is not, or when the folders cannot be renamed."""
    target = Path(target).resolve()
    why = foreign(target) if target.is_dir() and not target.is_symlink() else None
    if why:
        raise FolderProblem("unsafe-site-dir", why)
    old = None
    try:
        (staging / OWNER).unlink(missing_ok=True)
        write_record(staging, target)
        if target.exists():
            moved = target.with_name(f"{OLD}{target.name}-{os.getpid()}")
            if moved.exists():
                shutil.rmtree(moved)
            target.rename(moved)
            old = moved
            (old / OWNER).write_text(str(os.getpid()))
        staging.rename(target)
    except OSError as exc:
        if old is not None and not target.exists():
            old.rename(target)  # the previous site back in its place
            (target / OWNER).unlink(missing_ok=True)
        raise FolderProblem("site-dir-unwritable", f"không thay được thư mục đích «{target}» ({exc.strerror or exc}); trang cũ (nếu có) được giữ nguyên") from None
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
