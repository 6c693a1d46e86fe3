"""Vietnamese text helpers: the order a Vietnamese reader expects, and diacritic folding for search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The Vietnamese alphabet, in order; letters outside it (f, j, w, z) keep their Latin place.
ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER = {letter: i for i, letter in enumerate(ALPHABET)}
_SHAPE = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}  # marks that make ă â ê ô ơ ư
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


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


def _letters(text: str):
    """(letter, tone) for each character: ``"Ánh"`` → ("a", 4), ("n", 0), ("h", 0)."""
    return [_letter(char) for char in unicodedata.normalize("NFC", text.casefold())]


@lru_cache(maxsize=4096)
def _letter(char: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    tone = next((_TONE[m] for m in marks if m in _TONE), 0)
    return unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _SHAPE)), tone


def _primary(letters: list[tuple[str, int]]) -> tuple:
    """Word breaks first, then numbers by value (Xã 9 before Xã 10), then letters in alphabet order."""
    out, digits = [], ""
    for c, _ in letters + [(" ", 0)]:
        if c.isdigit() and c.isascii():
            digits += c
            continue
        if digits:
            out.append((1, int(digits)))
            digits = ""
        if c in _LETTER:
            out.append((2, _LETTER[c]))
        elif c.isspace() or unicodedata.category(c).startswith("P"):
            out.append((0, 0))
        else:
            out.append((3, ord(c)))
    return tuple(out[:-1])


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Order names as a Vietnamese reader expects: word by word, by letters of the Vietnamese alphabet
    (a < ă < â < b … d < đ … o < ô < ơ …), then by tone, then by the exact text so the order is total.
    «An Phú» before «Ánh Dương», both among the A's; «Bắc Thủy» before «Bình Sơn»; «Sở Kế hoạch» before
    «Sở Khoa học»; «Xã 9» before «Xã 10»."""
    letters = _letters(text or "")
    return _primary(letters), tuple(t for _, t in letters), text or ""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with «…» when cut: never mid-word."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(None, 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:-–") + "…"


def printable(value, limit: int = 60) -> str:
    """A value from the file as it may be printed in a message: short, with no control characters."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return text + ("…" if len(value if isinstance(value, str) else repr(value)) > limit else "")
