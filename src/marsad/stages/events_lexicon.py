"""The PLOVER event lexicon: trigger patterns over normalised Arabic words.

``resources/events/lexicon.tsv`` (built by ``scripts/build_event_lexicon.py``) lists
head forms with their type, mode and argument frame. Loading expands every head into
its inflected surface forms (perfect and imperfect verb conjugation with object
pronouns, noun plural/dual/possessive forms), so that matching a word is one dict
lookup after stripping proclitics (و ف ب ل ك س ال ...). Context slots (``فرض`` +
``عقوبات``) are checked only for the few words that hit a head form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..arabic.normalize import normalize

# proclitic strings tried before a lookup, longest first (normalised)
PROCLITICS = ("وبال", "فبال", "وكال", "وللت", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "وس", "فس",
              "ول", "وب", "فب", "فل", "وك", "ال", "و", "ف", "ب", "ل", "ك", "س")
ARTICLE_PRE = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_MIN_BASE = 3

# generated forms that are, far more often, function words (هنأ -> هنا "here", هناك "there")
STOP_FORMS = frozenset(normalize(w) for w in ("هنا", "هناك", "هنالك", "هنان", "بين", "الي", "علي", "ما", "لا",
                                              "كان", "كانت", "قال", "ان", "انه", "انها", "اين"))
_OBJ = ("", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "ني", "نا")
_PERF = ("", "ت", "ا", "وا", "تا", "نا", "تم", "ن", "تما")
_IMPF_SUF = ("", "ون", "ان", "ين", "وا", "ا", "ن")
_IMPF_PRE = ("ي", "ت", "ن", "ا")
# no "ي": it would read the nisba adjective (الاجتماعي) as the noun (اجتماع)
_NOUN_SUF = ("", "ات", "ين", "ان", "ون", "ا", "ه", "ها", "هم", "هما")


@dataclass(frozen=True, slots=True)
class Slot:
    """One context slot: alternatives, and whether it precedes the head."""

    before: bool
    alts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row."""

    pattern: str
    pos: str          # verb | noun | block
    type: str         # PLOVER type, '-' for a blocker
    mode: str | None
    frame: str
    flags: frozenset[str]
    context: tuple[Slot, ...]
    line: int

    @property
    def weak(self) -> bool:
        return "weak" in self.flags

    @property
    def seed(self) -> bool:
        return "seed" in self.flags

    @property
    def fixed_modality(self) -> str | None:
        for m in ("hypothetical", "future", "negated"):
            if m in self.flags:
                return m
        return None


def verb_forms(perfect: str, imperfect: str | None) -> set[str]:
    """Unvocalised surface forms of a verb (without proclitics)."""
    out: set[str] = set()
    p = perfect
    stems = [p]
    if p.endswith(("ي", "ا")) and len(p) > 2:  # defective: التقى -> التقوا, التقت
        stems.append(p[:-1])
    for subj in _PERF:
        for obj in _OBJ:
            s = "و" if (obj and subj == "وا") else subj
            out.add(p + s + obj)
    if len(stems) > 1:
        for suf in ("وا", "ت", "تا", "و"):
            for obj in _OBJ if suf == "و" else ("",):
                out.add(stems[1] + suf + obj)
    if imperfect == "-":
        return out
    if imperfect:
        core = imperfect[1:] if imperfect[0] in _IMPF_PRE else imperfect
    else:
        core = p[1:] if p.startswith("ا") and len(p) > 3 else p
    cores = [core]
    if core.endswith(("ي", "و", "ا")) and len(core) > 2:
        cores.append(core[:-1])
    for pre in _IMPF_PRE:
        for suf in _IMPF_SUF:
            for obj in _OBJ:
                s = "و" if (obj and suf == "وا") else suf
                out.add(pre + core + s + obj)
        if len(cores) > 1:
            for suf in ("", "ون", "ان", "ين", "وا", "و"):  # "": the jussive (لم يلتق)
                out.add(pre + cores[1] + suf)
    return out


def noun_forms(noun: str) -> set[str]:
    """Unvocalised surface forms of a noun (without proclitics). A definite pattern (الضرب "beating")
    is that word alone: its suffixed forms (الضربات، الضربة) are other words (the strikes)."""
    if noun.startswith(("ال", "لل")):
        return {noun}
    out = {noun + s for s in _NOUN_SUF}
    if noun.endswith("ه") and len(noun) > 2:  # ta marbuta (normalised ة): زيارته, زيارتان
        root = noun[:-1]
        out |= {root + "ت" + s for s in ("ه", "ها", "هم", "هما", "ان", "ين", "نا", "كم")}
        out |= {root + "ات", root + "اته", root + "اتها", root + "اتهم"}
    if noun.endswith("ا") and len(noun) > 3:  # written accusative (اتصالا): also the bare form
        out.add(noun[:-1])
    return out


# a context alternative that matches any number written in digits (تصل إلى 30 عاما: a count reached)
NUMBER_SLOT = "#num"


def _parse_slots(ctx: str) -> tuple[Slot, ...]:
    slots = []
    for raw in ctx.split():
        alts = raw.split("|")
        before = alts[0].startswith("<")
        forms = {normalize(a.lstrip("<")) for a in alts if a.lstrip("<")}
        # a one-letter slot (ب، ل) is a proclitic: it matches the word's first letter
        slots.append(Slot(before, frozenset(("\x00" + f) if len(f) == 1 else f for f in forms)))
    return tuple(slots)


class Lexicon:
    """Surface form -> lexicon entries, with proclitic-aware lookup."""

    def __init__(self, rows: Iterable[tuple[int, list[str]]]) -> None:
        self.entries: list[Entry] = []
        self.forms: dict[str, list[tuple[Entry, str]]] = {}
        for line, cols in rows:
            cols = cols + [""] * (8 - len(cols))
            pattern, pos, typ, mode, frame, flags, ctx = (c.strip() for c in cols[:7])
            if not pattern or pos not in ("verb", "noun", "block"):
                continue
            e = Entry(pattern=pattern, pos=pos, type=typ, mode=mode or None, frame=frame or "sv",
                      flags=frozenset(f for f in flags.split(",") if f), context=_parse_slots(ctx), line=line)
            self.entries.append(e)
            heads = [normalize(h) for h in pattern.split("/")]
            if pos == "verb":
                imp = heads[1] if len(heads) > 1 else None
                surf = {(f, "verb") for f in verb_forms(heads[0], imp if imp != "-" else "-")}
            else:
                surf = {(f, pos) for h in heads if h and h != "-" for f in noun_forms(h)}
            for f, kind in surf:
                if f not in STOP_FORMS:
                    self.forms.setdefault(f, []).append((e, kind))

        # best first: hand rows before seed rows, longer contexts first (the stage stops early)
        for f, lst in self.forms.items():
            lst.sort(key=lambda c: (0 if c[0].seed else 1, len(c[0].context)), reverse=True)

    @classmethod
    def load(cls, path: str | None = None) -> Lexicon:
        """Read a lexicon TSV (default: the shipped ``resources/events/lexicon.tsv``)."""
        if path is None:
            text = resources.files("marsad.resources").joinpath("events/lexicon.tsv").read_text(encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        rows = []
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((i, line.split("\t")))
        return cls(rows)

    def lookup(self, word: str) -> tuple[str, list[tuple[Entry, str]]]:
        """(proclitic, entries) for a normalised word; ('', []) when nothing matches.

        The whole word wins over a split (``بحث`` is not ``ب`` + ``حث``).
        """
        hit = self.forms.get(word)
        if hit:
            return "", hit
        for p in PROCLITICS:
            if word.startswith(p) and len(word) - len(p) >= _MIN_BASE:
                hit = self.forms.get(word[len(p):])
                if hit:
                    if p.endswith("س"):  # future س attaches to verbs only
                        hit = [h for h in hit if h[1] == "verb"]
                    if p in ARTICLE_PRE:  # an article: nouns only
                        hit = [h for h in hit if h[1] != "verb"]
                    if hit:
                        return p, hit
        return "", []


@lru_cache(maxsize=4)
def default_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon, loaded once per process."""
    return Lexicon.load(path)


@lru_cache(maxsize=1)
def plover_types() -> dict[str, dict]:
    """PLOVER type table: ``{type: {"quad", "score", "modes"}}``."""
    text = resources.files("marsad.resources").joinpath("events/plover_types.json").read_text(encoding="utf-8")
    return json.loads(text)["types"]


@lru_cache(maxsize=200_000)
def word_bases(word: str) -> frozenset[str]:
    """Forms a word can match a context slot by: itself and without proclitics, each
    also without one or two final letters (قواتها -> قوات) and with the article; a number
    in digits also matches :data:`NUMBER_SLOT`."""
    bases = [word]
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            bases.append(word[len(p):])
    out: set[str] = set()
    for b in bases:
        out.update((b, b[:-1], b[:-2], "ال" + b))
    out.add("\x00" + word[:1])  # the first letter, for proclitic slots (ب, ل)
    if word.isdigit():
        out.add(NUMBER_SLOT)
    return frozenset(x for x in out if x)
