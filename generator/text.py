"""Vietnamese text helpers: a stable sort key and diacritic folding for search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """``"Nam Sách"`` → ``"nam sach"``: lower case, without diacritics (đ → d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(text: str) -> tuple[str, str]:
    """Order names as a Vietnamese reader expects, deterministically (ties broken by the exact text)."""
    return fold(text), text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
