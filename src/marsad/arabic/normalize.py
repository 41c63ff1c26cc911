"""Normalisation as a view: a matching form of the text with a map back to it.

The document text never changes after cleaning. Matchers (gazetteers, lexicons,
time rules) run on ``normalize_with_map(text).text`` and map their offsets back
with :meth:`Normalized.span`.

What is folded, and why:
- NFKC, so presentation forms (ﻻ → لا, ﷲ → الله) match their letters;
- tatweel and diacritics are dropped (they vary freely in news);
- alef/hamza carriers (أ إ آ ٱ → ا, ؤ → و, ئ → ي), ى → ي, ة → ه: the spelling
  variation of news text (and of the knowledge base) lives there;
- Persian/Urdu letters (ک گ ی ہ ۀ ...) to their Arabic counterparts;
- Arabic-Indic and Persian digits to ASCII;
- non-ASCII spaces become " " (ASCII whitespace stays); bidi/zero-width marks are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DIACRITICS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
TATWEEL = "\u0640"
# zero-width and bidi marks: dropped
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c")

LETTER_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
    # Persian / Urdu / other Arabic-script letters
    "ک": "ك", "ڪ": "ك", "گ": "ك", "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي", "ۓ": "ي",
    "ہ": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ۃ": "ه", "ٹ": "ت", "ڈ": "د", "ڑ": "ر",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق",
}
for _i in range(10):
    LETTER_FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    LETTER_FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian / Urdu


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Normalised form of one character ('' when dropped)."""
    if ch in INVISIBLE or ch == TATWEEL or ch in DIACRITICS:
        return ""
    if ch.isspace():
        return ch if ch.isascii() else " "  # line breaks stay; exotic spaces become " "
    if ch in LETTER_FOLD:
        return LETTER_FOLD[ch]
    if ch.isascii():
        return ch
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in INVISIBLE or c == TATWEEL or c in DIACRITICS:
            continue
        if c.isspace():
            out.append(" ")
            continue
        out.append(LETTER_FOLD.get(c, c))
    return "".join(out)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """A ``str.translate`` table of every BMP character that folds, and a regex of
    the characters whose fold is not exactly one character (dropped or expanded)."""
    table: dict[int, str | None] = {}
    changing: list[str] = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        f = _fold_char(ch)
        if f != ch:
            table[cp] = f or None
        if len(f) != 1:
            changing.append(ch)
    cls = "".join(re.escape(c) for c in changing)
    return table, re.compile(f"[{cls}]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised view of a text and, for each of its characters, the source offset.

    ``to_orig`` has ``len(text) + 1`` entries; the last is the length of the source.
    When nothing changes length it is a ``range`` (no per-character list is built).
    """

    text: str
    to_orig: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the normalised span ``[start, end)``."""
        if start >= end:
            o = self.to_orig[start]
            return o, o
        # the end maps to just after the source character of the last normalised char
        last = self.to_orig[end - 1]
        nxt = self.to_orig[end]
        src_end = nxt if nxt > last else last + 1
        return self.to_orig[start], src_end


def _translate(s: str, table: dict[int, str | None]) -> str:
    """``s.translate(table)``, faster: one C-speed ``str.replace`` per folded character present.

    (``str.translate`` with a dict runs at ~2 M chars/s on Arabic text; news text holds
    only a dozen foldable characters, so a few ``replace`` passes are far quicker.)
    """
    if len(s) < 64:
        return s.translate(table)
    for ch in set(s):
        rep = table.get(ord(ch), ch)
        if rep != ch:
            s = s.replace(ch, rep or "")
    return s


def normalize(s: str) -> str:
    """The matching key of ``s`` (see module doc). Idempotent."""
    if s.isascii():
        return s
    return _translate(s, _tables()[0])


def normalize_with_map(s: str) -> Normalized:
    """Normalise ``s`` and keep, for every output character, its offset in ``s``.

    Characters that NFKC expands (ﻻ → لا) map each output character to the same source
    offset; dropped characters (tatweel, diacritics) leave no output.
    """
    table, changing = _tables()
    if s.isascii():
        return Normalized(s, range(len(s) + 1))
    first = changing.search(s)
    if first is None:  # same length: the map is the identity
        return Normalized(_translate(s, table), range(len(s) + 1))
    parts: list[str] = []
    to_orig = array("q")
    pos = 0
    for m in changing.finditer(s, first.start()):
        i = m.start()
        if i > pos:
            parts.append(_translate(s[pos:i], table))
            to_orig.extend(range(pos, i))
        f = _fold_char(s[i])
        if f:
            parts.append(f)
            to_orig.extend([i] * len(f))
        pos = i + 1
    if pos < len(s):
        parts.append(_translate(s[pos:], table))
        to_orig.extend(range(pos, len(s)))
    to_orig.append(len(s))
    return Normalized("".join(parts), to_orig)


def strip_diacritics(s: str) -> str:
    """Remove diacritics and tatweel only (no letter folding)."""
    return "".join(c for c in s if c not in DIACRITICS and c != TATWEEL)
