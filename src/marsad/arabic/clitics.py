"""Proclitic segmentation (و ف ب ل ك and their combinations, and ل + ال → لل).

Whether ``وزير`` is ``و + زير`` or one word is decided by corpus frequency: a
prefix is split off when the remainder is a common word much more frequent than
the whole form (``وموسكو``: ``موسكو`` is common; ``وزير``: ``زير`` is not). The
frequencies come from ``resources/lexicon/wordfreq.tsv.gz`` (built by
``scripts/build_lexicon.py`` from unlabelled news).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from .normalize import normalize

# longest first; ``ال`` is not split off here (it belongs to the name: الجيش الوطني)
PROCLITICS = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال",
              "ولل", "فلل", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_MIN_BASE = 2
# function words that look like proclitic + word but are read as one word
NEVER_SPLIT = frozenset(normalize(w) for w in (
    "كما", "لكن", "لكنه", "لكنها", "لكنهم", "لذلك", "لدى", "لقد", "لعل", "لولا", "لكي", "كذلك", "لماذا", "لما",
    "فقط", "ليس", "ليست", "لا", "لم", "لن", "بل", "بعد", "بين", "كل", "كان", "كانت", "فيما", "وفق", "وفقا",
))


@lru_cache(maxsize=1)
def word_freq() -> dict[str, int]:
    """Normalised word form -> corpus count (loaded once per process)."""
    path = resources.files("marsad.resources").joinpath("lexicon/wordfreq.tsv.gz")
    freq: dict[str, int] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, _, c = line.rstrip("\n").partition("\t")
            freq[w] = int(c)
    return freq


@lru_cache(maxsize=200_000)
def _split_norm(w: str) -> int:
    """Length of the proclitic prefix of the normalised word ``w`` (0 = none)."""
    if len(w) < _MIN_BASE + 1:
        return 0
    freq = word_freq()
    fw = freq.get(w, 0)
    if w in NEVER_SPLIT:
        return 0
    for p in PROCLITICS:
        if not w.startswith(p) or len(w) - len(p) < _MIN_BASE:
            continue
        if p.endswith("ال") or p.endswith("لل"):
            # the article stays with the base: والجيش -> و + الجيش; للجيش keeps لل
            # (ل + ال with the alef elided), so only a leading و/ف is split off it
            keep = len(p) - 2
            if keep == 0:
                continue
            rest = w[keep:]
            if len(rest) >= 4 and (fw < 50 or freq.get(rest, 0) * 2 > fw):
                return keep
            continue
        rest = w[len(p):]
        fr = freq.get(rest, 0)
        if fr >= 20 and fr > 2 * fw:
            return len(p)
        # an unknown word after و/ف that starts with alef is almost always a
        # conjunction + foreign name (وإيفكوروف); Arabic words rarely start "وا" unseen
        if fw == 0 and p in ("و", "ف") and rest[0] == "ا" and len(rest) >= 4:
            return len(p)
    return 0


@lru_cache(maxsize=262_144)
def split_proclitics(word: str) -> tuple[str, str]:
    """``(prefix, base)`` of a surface word; the prefix may be ``""``.

    >>> split_proclitics("وموسكو")
    ('و', 'موسكو')
    >>> split_proclitics("وزير")
    ('', 'وزير')
    """
    norm = normalize(word)
    n = _split_norm(norm)
    if n == 0:
        return "", word
    # map the prefix length in the normalised form back to the surface word
    # (diacritics/tatweel may sit between letters)
    seen = 0
    for i, ch in enumerate(word):
        if normalize(ch):
            seen += 1
        if seen == n:
            j = i + 1
            while j < len(word) and not normalize(word[j]):
                j += 1
            return word[:j], word[j:]
    return "", word
