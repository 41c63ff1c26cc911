"""Numbers in Arabic news: digits in any script and numbers written as words.

Everything here works on the *normalised* view of the text
(:func:`marsad.arabic.normalize.normalize`: ة→ه, أإآ→ا, ى→ي, ئ→ي, digits ASCII),
so the lexicons below are written in that form. :func:`parse_number` accepts raw
text and normalises it first.

Grammar of cardinal words (what news writes): ``خمسة وعشرون`` (units before
tens), ``ثلاثة آلاف وخمسمائة`` (a multiplier before a scale word), ``مليون ونصف``
(a fraction after a scale), ``1.5 مليار`` and ``مليون و200 ألف`` (digits mixed
with scale words), duals (``ألفان``, ``مليونين``). Two numbers merely listed with
``و`` (``ثلاثة وأربعة``) are not summed: a component may only follow one of a
larger order (or units before tens).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .normalize import normalize

# kind of a number word: u = unit (1-10), t = ten (20-90), h = hundreds (100-900),
# s = scale (10^3 ...), sd = dual scale (2000 ...), f = fraction, teen1 = only the
# first word of a teen (احد عشر), x = vague plural (عشرات, مئات, آلاف used alone)
_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
_TEEN_FIRST = {"احد": 1, "احدي": 1}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDRED_STEMS = {"مايه": 1, "ميه": 1}
_HUNDREDS: dict[str, int] = {"مايه": 100, "ميه": 100, "مايتان": 200, "مايتين": 200, "ميتان": 200,
                             "ميتين": 200, "مايتا": 200, "ميتا": 200, "ماءه": 100}
for _w, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8),
               ("ثماني", 8), ("تسع", 9)):
    for _h in ("مايه", "ميه"):
        _HUNDREDS[_w + _h] = _v * 100
_SCALES = {
    "الف": 1000, "الفا": 1000, "الاف": 1000, "مليون": 10**6, "مليونا": 10**6, "ملايين": 10**6,
    "مليار": 10**9, "مليارا": 10**9, "مليارات": 10**9, "بليون": 10**9, "بليونا": 10**9,
    "تريليون": 10**12, "ترليون": 10**12, "تريليونات": 10**12,
}
_DUAL_SCALES = {"الفان": 2000, "الفين": 2000, "الفا_": 2000, "مليونان": 2 * 10**6, "مليونين": 2 * 10**6,
                "ملياران": 2 * 10**9, "مليارين": 2 * 10**9}
_FRACTIONS = {"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3}
_VAGUE = {"عشرات": 10, "مئات": 100, "ميات": 100, "الاف": 1000, "الوف": 1000, "ملايين": 10**6,
          "مليارات": 10**9}

LEXICON: dict[str, tuple[float, str]] = {}
for _d, _k in ((_UNITS, "u"), (_TEEN_FIRST, "teen1"), (_TENS, "t"), (_HUNDREDS, "h"),
               (_SCALES, "s"), (_DUAL_SCALES, "sd"), (_FRACTIONS, "f")):
    for _w, _v in _d.items():
        LEXICON.setdefault(_w, (_v, _k))
del LEXICON["الفا_"]

# words that are numbers only next to other number words (never alone): احد = "anyone",
# خمس/ربع/ثلث/نصف alone are fractions of something, عشر alone is "ten" but also "tenth"
_NOT_ALONE = frozenset({"احد", "احدي", "نصف", "ربع", "ثلث", "اثني", "اثنا", "اثنتا", "اثنتي"})
# short unit words that, behind a proclitic other than و, are other words: لست ("I am not"), بست
_SHORT = frozenset({"ست", "سبع", "تسع", "خمس", "عشر", "ثلاث", "اربع"})

_PREFIX = r"(?:و?(?:[فبلك]|لل|بال|كال|ال)?|ف(?:ال)?|لل)"
_WORD_ALT = "|".join(sorted(LEXICON, key=len, reverse=True))
DIGITS = r"\d+(?:[,\u066c]\d{3})*(?:[.\u066b]\d+)?"
# one number token: digits, or a number word with optional proclitics
TOKEN_RE = re.compile(rf"(?<![\w.])(?:(?P<wp>و)?(?:ال|بال|لل)?(?P<dig>{DIGITS})(?![\w])|(?P<pre>{_PREFIX})(?P<word>{_WORD_ALT})(?![\w]))")
# a regex fragment matching one number token (for composing other patterns)
NUMBER_TOKEN = rf"(?:و?(?:ال|بال|لل)?{DIGITS}|{_PREFIX}(?:{_WORD_ALT}))(?![\w])"
NUMBER_EXPR = rf"(?:{NUMBER_TOKEN}(?:\s+{NUMBER_TOKEN})*)"
_SPACE_RE = re.compile(r"\s+")

_DIGIT_TABLE = {0x0660 + i: 48 + i for i in range(10)}
_DIGIT_TABLE.update({0x06F0 + i: 48 + i for i in range(10)})
_DIGIT_TABLE.update({0x066B: ord("."), 0x066C: ord(",")})


def to_ascii_digits(s: str) -> str:
    """Arabic-Indic and Persian digits (and the Arabic decimal/thousands signs) to ASCII."""
    return s.translate(_DIGIT_TABLE)


def parse_digits(s: str) -> float | int:
    """Value of a digit string in any script: ``1,500`` → 1500, ``١٫٥`` → 1.5."""
    s = to_ascii_digits(s).replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text: its value, offsets, and how it was written."""

    value: float | int
    start: int
    end: int
    kind: str  # "digits", "words" or "mixed"


class _Acc:
    """Accumulator of the cardinal grammar (see module doc)."""

    __slots__ = ("cur", "has_digits", "has_words", "last", "last_scale", "lastv", "n", "total")

    def __init__(self) -> None:
        self.total: float = 0
        self.cur: float = 0
        self.last = ""          # kind of the last component in the current group
        self.lastv: float = 0   # its value
        self.last_scale = 10**15
        self.has_digits = False
        self.has_words = False
        self.n = 0

    def value(self) -> float:
        return self.total + self.cur

    def feed(self, value: float, kind: str, conj: bool) -> bool:
        """Add one token; False when it cannot continue this number."""
        last, first = self.last, self.n == 0
        if first and conj and kind != "d":
            return False
        if kind == "d":  # digits: a group of its own (1.5 مليار, مليون و200 ألف)
            if not first and not (conj and last == "s" and value < self.last_scale):
                return False
            self.cur, self.last, self.has_digits = value, "d", True
        elif kind == "u":
            if value == 10 and not conj and last in ("u", "teen1") and self.lastv < 10:
                self.cur += 10  # teens: ثلاثة عشر, احد عشر
                self.last = "teen"
            elif first or (conj and last in ("h", "s")):
                self.cur += value
                self.last = "u"
            else:
                return False
        elif kind == "teen1":
            if not (first or (conj and last in ("h", "s"))):
                return False
            self.cur += value
            self.last = "teen1"
        elif kind == "t":
            if first or (conj and last in ("u", "h", "s")):
                self.cur += value
                self.last = "t"
            else:
                return False
        elif kind == "h":
            if value == 100 and not conj and last == "u" and self.cur < 10:
                self.cur *= 100  # ثلاث مائة
            elif first or (conj and last == "s"):
                self.cur += value
            else:
                return False
            self.last = "h"
        elif kind in ("s", "sd"):
            if kind == "sd":
                if not (first or (conj and last == "s" and value < self.last_scale)):
                    return False
                self.total += value
                self.last_scale = value // 2
                self.last = "s"
            else:
                if conj or value >= self.last_scale:
                    return False
                if last in ("u", "teen", "t", "h", "d", "f"):
                    self.total += (self.cur or 1) * value
                elif first:
                    self.total += value
                else:
                    return False
                self.cur = 0
                self.last_scale = value
                self.last = "s"
        elif kind == "f":
            if first:
                self.cur = value
                self.last = "f"
            elif conj and last == "s" and self.last_scale < 10**15:
                self.total += value * self.last_scale
                self.last = "sf"  # nothing may follow "مليون ونصف"
            else:
                return False
        else:
            return False
        if kind != "d":
            self.has_words = True
        self.lastv = value
        self.n += 1
        return True


def match_number(text: str, pos: int = 0, *, anchored: bool = True) -> NumberMatch | None:
    """Read the number that starts at ``pos`` of a *normalised* text.

    Args:
        text: normalised text (:func:`marsad.arabic.normalize.normalize`).
        pos: where the number must start (``anchored``) or where to start searching.
        anchored: when False, the first number at or after ``pos`` is returned.

    Returns:
        The longest grammatical number, or None.
    """
    m = TOKEN_RE.match(text, pos) if anchored else TOKEN_RE.search(text, pos)
    if m is None:
        return None
    start = m.start()
    acc = _Acc()
    best: NumberMatch | None = None
    first_word = ""
    while m is not None:
        if m.group("dig") is not None:
            ok = acc.feed(parse_digits(m.group("dig")), "d", bool(m.group("wp")))
        else:
            word, pre = m.group("word"), m.group("pre") or ""
            if pre and acc.n == 0 and pre + word in LEXICON:  # at the start, واحد is a word, not و + احد
                word, pre = pre + word, ""
            value, kind = LEXICON[word]
            conj = pre.startswith("و")
            if acc.n == 0:
                first_word = word
                if pre in ("ل", "ب", "ك", "ف") and word in _SHORT:
                    break
                if pre and pre != "و" and conj:
                    conj = False  # وبثلاثة: the و belongs to the sentence
                elif pre and not conj:
                    conj = False
                if conj:
                    # و + number at the start of an expression: the و is the sentence's
                    conj = False
            if kind == "s" and acc.last == "sf" and pre == "ال" and value == acc.last_scale:
                acc.n += 1  # سبعة ملايين ونصف المليون: the half is of the million just named
                ok = True
            else:
                ok = acc.feed(value, kind, conj)
        if not ok:
            break
        if not (acc.n == 1 and first_word in _NOT_ALONE and acc.last != "d"):
            kind_s = "mixed" if acc.has_digits and acc.has_words else ("digits" if acc.has_digits else "words")
            v = acc.value()
            if isinstance(v, float) and not math.isfinite(v):
                break  # 400 digits and a decimal point: not a quantity anyone reports
            if isinstance(v, float):
                v = round(v, 6)  # 64.6 * 10**6 is 64599999.99999999 in binary floating point
                if v.is_integer() and not (acc.n == 1 and acc.has_digits):
                    v = int(v)
            if isinstance(v, int) and abs(v) >= 2**63:
                v = float(v)  # beyond a 64-bit integer: JSON writers (orjson) take it only as a float
            best = NumberMatch(v, start, m.end(), kind_s)
        sp = _SPACE_RE.match(text, m.end())
        nxt = sp.end() if sp else m.end()
        if nxt == m.end():
            break
        m = TOKEN_RE.match(text, nxt)
    return best


def find_numbers(text: str) -> list[NumberMatch]:
    """All numbers of a normalised text, left to right, non-overlapping."""
    out: list[NumberMatch] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = TOKEN_RE.search(text, pos)
        if m is None:
            break
        nm = match_number(text, m.start())
        if nm is None:
            pos = m.end()
            continue
        out.append(nm)
        pos = nm.end
    return out


def parse_number(s: str) -> float | int | None:
    """Value of a whole string that is one number (``"ثلاثة آلاف"`` → 3000), else None."""
    t = normalize(s).strip()
    nm = match_number(t, 0)
    if nm is None or nm.end != len(t):
        return None
    return nm.value


# ordinals -------------------------------------------------------------------
_ORD_UNITS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3,
    "رابع": 4, "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7,
    "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}
_ORD_TENS = {w[:-2] + "ين" if w.endswith("ون") else w: v for w, v in _TENS.items()}
_ORD_UNIT_ALT = "|".join(sorted(_ORD_UNITS, key=len, reverse=True))
_ORD_TENS_ALT = "|".join(sorted({*_TENS}, key=len, reverse=True))
# الحادي عشر / الحادي والعشرين / العشرين / الخامس (with ال or a proclitic + ال)
ORDINAL = (rf"(?:[وبلف]?(?:ال|لل))(?:(?P<ou>{_ORD_UNIT_ALT})(?:\s+(?P<oteen>عشر|عشره)|\s+و(?:ال)(?P<ot>{_ORD_TENS_ALT}))?"
           rf"|(?P<ot2>{_ORD_TENS_ALT}))(?![\w])")
ORDINAL_RE = re.compile(rf"(?<![\w]){ORDINAL}")
ORDINAL_PLAIN = (rf"(?:[وبلف]?(?:ال|لل))(?:(?:{_ORD_UNIT_ALT})(?:\s+(?:عشر|عشره)|\s+وال(?:{_ORD_TENS_ALT}))?"
                 rf"|(?:{_ORD_TENS_ALT}))(?![\w])")


def parse_ordinal(s: str) -> int | None:
    """Value of a normalised ordinal (``الحادي والعشرين`` → 21, ``التاسع عشر`` → 19)."""
    m = ORDINAL_RE.fullmatch(s.strip())
    if m is None:
        return None
    if m.group("ot2"):
        return LEXICON[m.group("ot2")][0]  # type: ignore[return-value]
    v = _ORD_UNITS[m.group("ou")]
    if m.group("oteen"):
        return v + 10 if v < 10 else None
    if m.group("ot"):
        return v + int(LEXICON[m.group("ot")][0]) if v < 10 else None
    if m.group("ou") in ("حادي", "حاديه"):
        return None  # "الحادي" needs عشر or a ten
    return v
