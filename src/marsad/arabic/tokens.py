"""Word tokens with offsets: the one tokeniser every stage and script shares."""

from __future__ import annotations

import re
from typing import Iterator

# A word: letters/digits plus Arabic combining marks and tatweel (Python's \w stops at
# diacritics). Decimal numbers (31.43, ٣٫٥) and thousands separators stay one token;
# any other non-space character is a token of its own.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
WORD_RE = re.compile(rf"[^\W_][\w{_MARKS}]*(?:[.,٫٬][0-9٠-٩۰-۹]+)*|[{_MARKS}]+|\S")
ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")


def iter_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Offsets ``(start, end)`` of the tokens of ``text``."""
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end()


def words(text: str) -> list[str]:
    """Token strings of ``text``."""
    return WORD_RE.findall(text)


def is_arabic(word: str) -> bool:
    return bool(ARABIC_LETTER_RE.search(word))
