"""Matching keys and spelling variants of Arabic names.

``key`` is the form every alias is indexed under and every mention is looked up
with: the normaliser's folding (hamza, ى/ي, ة/ه, diacritics ...) plus punctuation
to spaces. ``skeleton`` folds further (letters that transliterations of foreign
names swap, inner long vowels), so that two spellings of one foreign name meet.
``translit_variants`` generates the spellings news uses for a name transliterated
from a Latin form (G → غ/ج/ق, initial Ye/E → إي/ي, zh → ج/ز, ch → تش/ش).
"""

from __future__ import annotations

import re
from itertools import product

from ..arabic.normalize import normalize

_NONWORD = re.compile(r"[^\w]+|_+")
# proclitic strings accepted before a name (و ف ب ل ك and their combinations)
PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})

# letters a foreign name's transliteration swaps: folded to one class in the skeleton
_SKEL_FOLD = str.maketrans({
    "غ": "ك", "ج": "ك", "ق": "ك", "ط": "ت", "ص": "س", "ض": "د", "ذ": "ز", "ظ": "ز",
    "ح": "ه", "ث": "س", "ع": "ا", "ء": "",
})
_VOWELS = frozenset("اوي")


def key(s: str) -> str:
    """The matching key of a name: normalised, punctuation as spaces, single-spaced."""
    return " ".join(_NONWORD.sub(" ", normalize(s)).split())


def strip_article(tok: str) -> str:
    """``الروس`` → ``روس``; leaves short words alone."""
    return tok[2:] if tok.startswith("ال") and len(tok) > 3 else tok


def skeleton(k: str) -> str:
    """A loose key: article dropped, swapped letters folded, inner long vowels removed."""
    out = []
    for tok in k.split():
        tok = strip_article(tok).translate(_SKEL_FOLD)
        if not tok:
            continue
        # collapse doubled letters (شاميل/شامّيل) and drop inner vowels
        body = [tok[0]]
        for c in tok[1:]:
            if c in _VOWELS or c == body[-1]:
                continue
            body.append(c)
        out.append("".join(body))
    return " ".join(out)


def split_proclitic(word: str, known: frozenset[str] | set[str] | None = None) -> list[tuple[str, str]]:
    """Possible ``(proclitic, base)`` readings of a word, the bare word first."""
    out = [("", word)]
    for n in (1, 2):
        pre, base = word[:n], word[n:]
        if pre in PROCLITICS and len(base) >= 2:
            out.append((pre, base))
            if pre.endswith("ل") and base.startswith("ل"):
                out.append((pre[:-1], "ا" + base))  # لل = ل + ال
    return out


# -- transliteration variants -------------------------------------------------

_G_CLASS = ("غ", "ج", "ق")


def _token_variants(ar: str, en: str) -> set[str]:
    """Variants of one Arabic token given its Latin source token (lower case)."""
    outs = {ar}
    en = en.lower()
    if "g" in en:
        idx = [i for i, c in enumerate(ar) if c in _G_CLASS]
        if 0 < len(idx) <= 2:
            for combo in product(_G_CLASS, repeat=len(idx)):
                chars = list(ar)
                for i, c in zip(idx, combo):
                    chars[i] = c
                outs.add("".join(chars))
    if "zh" in en:
        outs |= {v.replace("ج", "ز") for v in outs} | {v.replace("ز", "ج") for v in outs}
    if "ch" in en:
        outs |= {v.replace("تش", "ش") for v in outs if "تش" in v}
        outs |= {v.replace("ش", "تش") for v in outs if "تش" not in v}
    if en.startswith(("ye", "e", "ie", "i")):
        more = set()
        for v in outs:
            if v.startswith("اي"):
                more.add("ي" + v[2:])
            elif v.startswith("ي"):
                more.add("ا" + v)
        outs |= more
    if "v" in en or "w" in en:
        # news writes V as ف (and ڤ, folded to ف) and sometimes و
        more = {v.replace("ف", "و") for v in outs if "ف" in v and not v.startswith("ف")}
        outs |= more
    return outs


def translit_variants(ar_name: str, en_name: str | None, *, limit: int = 12) -> list[str]:
    """Spelling variants of an Arabic rendering of a Latin name (keys, original excluded).

    Tokens are paired with the Latin tokens when both have the same count (the
    common case for personal names); otherwise no variant is generated.
    """
    k = key(ar_name)
    if not en_name:
        return []
    ar_toks = k.split()
    en_toks = [t for t in re.split(r"[\s\-]+", en_name.lower()) if t]
    if len(ar_toks) != len(en_toks) or not ar_toks:
        return []
    per_tok = [sorted(_token_variants(a, e)) for a, e in zip(ar_toks, en_toks)]
    out: list[str] = []
    for combo in product(*per_tok):
        v = " ".join(combo)
        if v != k and v not in out:
            out.append(v)
        if len(out) >= limit:
            break
    return out
