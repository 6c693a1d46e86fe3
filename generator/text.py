"""Vietnamese text helpers: a stable sort key and diacritic folding for search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """``"Nam Sách"`` → ``"nam sach"``: lower case, without diacritics (đ → d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def plain_d(text: str) -> str:
    """``"Điền Long"`` → ``"Diền Long"``: Đ/đ written as D/d, every other diacritic kept.

    Search engines fold diacritics by removing combining marks, and Đ is a letter of its own, not D with
    a mark: without this, «dien long» never finds «Điền Long». The search page folds queries the same way.
    """
    return (text or "").replace("đ", "d").replace("Đ", "D")


def sort_key(text: str) -> tuple[str, str]:
    """Order names as a Vietnamese reader expects, deterministically (ties broken by the exact text)."""
    return fold(text), text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
