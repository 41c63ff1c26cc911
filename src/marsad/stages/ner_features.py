"""Token features of the NER tagger, shared by training (``scripts/train_ner.py``) and run time.

The features of a word depend only on the word and the shipped resources, so they are
computed once per word type and cached: a sentence's features are the concatenation of
its words' cached tuples (offset-prefixed for the ±2 window) plus a few sentence-level
ones (gazetteer phrase matches, bigrams). That keeps tagging well above 20k tokens/s.

What the features carry, and why:
- surface: the normalised word, its proclitic-stripped base (``وموسكو`` → ``موسكو``), the
  base without the article, affixes 1–4, shape. Arabic has no capitals, so names are
  recognised from context, affixes and knowledge instead;
- knowledge from outside the labelled data: word2vec k-means cluster ids at three
  granularities learned on ~18M words of news (unseen names fall in the clusters of seen
  ones), corpus frequency, gazetteer membership (places, organisations, person names; the
  KB's actors and places as their own ``K*`` types), multi-word gazetteer names matched as
  phrases (``gp=B-KPER``) and the types of the multi-word names a word is part of (``gt=``),
  the frequency of a word as a person-name token in Wikidata and its ratio to the
  word's frequency in news (``سميث`` is a name, ``كبير`` is a word that is also a name);
- context: the same for the ±1/±2 neighbours, and trigger words (titles before persons,
  ``شركة``/``وزارة`` before organisations ...), which the clusters generalise.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any

from ..arabic.normalize import normalize

# Proclitic strings tried longest first. ``لل`` is ل + the article with its alef
# elided (للجيش = ل + الجيش): its base is looked up with the article restored.
PROCLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
              "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
MIN_BASE = 2

TRIGGERS = {
    # titles and roles that precede person names
    "PER": ("الرئيس", "رئيس", "الملك", "الامير", "الشيخ", "السيد", "السيده", "الدكتور", "د",
            "وزير", "الوزير", "الجنرال", "المشير", "العقيد", "اللواء", "العميد", "الفريق",
            "النائب", "المتحدث", "الكاتب", "الفنان", "الفنانه", "اللاعب", "المدرب", "الامام",
            "البابا", "القس", "المستشار", "السفير", "نائب", "الناطق", "زعيم", "قائد", "المخرج",
            "الممثل", "الشاعر", "الروائي", "الصحفي", "الاستاذ", "المهندس", "الحاج", "ابو",
            "ابن", "بن", "بنت", "ام", "قال", "اكد", "اعلن", "اضاف", "اوضح", "السيناتور", "رئيسه"),
    "ORG": ("شركه", "وزاره", "حزب", "حركه", "منظمه", "جامعه", "مجلس", "هيئه", "جمعيه", "بنك",
            "مصرف", "وكاله", "صحيفه", "مؤسسه", "اتحاد", "نادي", "فريق", "جبهه", "جماعه",
            "لجنه", "محكمه", "مركز", "معهد", "قناه", "اذاعه", "منتخب", "الجيش", "جيش", "قوات"),
    "LOC": ("مدينه", "بلده", "قريه", "محافظه", "ولايه", "اقليم", "منطقه", "جزيره", "جزر",
            "نهر", "بحر", "جبل", "دوله", "عاصمه", "العاصمه", "مقاطعه", "حي", "شمال", "جنوب",
            "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "في", "الى", "من"),
}
TRIGGER_OF = {w: t for t, ws in TRIGGERS.items() for w in ws}


def _bucket(x: float, step: float = 1.0, lo: int = -8, hi: int = 8) -> int:
    return max(lo, min(hi, math.floor(x / step)))


class Resources:
    """The shipped lookup tables: clusters, corpus counts, gazetteers, name-token counts."""

    def __init__(self, clusters: dict[str, tuple[str, ...]], counts: dict[str, int],
                 gaz_words: dict[str, str], gaz_phrases: dict[str, list[tuple[tuple[str, ...], str]]],
                 name_counts: dict[str, int], tagdist: dict[str, tuple[int, ...]] | None = None) -> None:
        self.clusters = clusters
        self.counts = counts
        self.gaz_words = gaz_words          # normalised word -> "LOC,PER" (types it has as a full entry)
        self.gaz_phrases = gaz_phrases      # first word -> [(words, type)], longest first
        self.name_counts = name_counts      # Wikidata person-name token counts
        # word -> (PER, ORG, LOC, MISC, total) chunk counts of a first-stage model over news
        self.tagdist = tagdist or {}
        # word -> types of the multi-word gazetteer names it is part of ("KORG,ORG")
        parts: dict[str, set[str]] = {}
        for cands in gaz_phrases.values():
            for ws, typ in cands:
                if len(ws) > 1:
                    for w in ws:
                        parts.setdefault(w, set()).add(typ)
        self.gaz_parts = {k: ",".join(sorted(v)) for k, v in parts.items()}

    @classmethod
    def load(cls, folder: Path, tagdist: Path | None | bool = True) -> Resources:
        """Read ``clusters.tsv.gz``, ``gazetteer.tsv.gz``, ``names.tsv.gz`` from ``folder``.

        ``tagdist``: True reads ``folder/tagdist.tsv.gz`` when present, a path reads that
        file, False/None reads none (the first-stage model of training).
        """
        clusters: dict[str, tuple[str, ...]] = {}
        counts: dict[str, int] = {}
        with gzip.open(folder / "clusters.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                clusters[parts[0]] = tuple(parts[1:-1])
                counts[parts[0]] = int(parts[-1])
        gaz_words: dict[str, set[str]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        with gzip.open(folder / "gazetteer.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                typ, phrase = line.rstrip("\n").split("\t")
                ws = tuple(phrase.split(" "))
                if len(ws) == 1:
                    gaz_words.setdefault(ws[0], set()).add(typ)
                phrases.setdefault(ws[0], []).append((ws, typ))
        for v in phrases.values():
            v.sort(key=lambda p: -len(p[0]))
        names: dict[str, int] = {}
        with gzip.open(folder / "names.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                w, c = line.rstrip("\n").split("\t")
                names[w] = int(c)
        td: dict[str, tuple[int, ...]] = {}
        td_path = folder / "tagdist.tsv.gz" if tagdist is True else (tagdist or None)
        if isinstance(td_path, Path) and td_path.is_file():
            with gzip.open(td_path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    parts = line.rstrip("\n").split("\t")
                    td[parts[0]] = tuple(int(x) for x in parts[1:])
        return cls(clusters, counts, {k: ",".join(sorted(v)) for k, v in gaz_words.items()},
                   phrases, names, td)


class Featurizer:
    """Turns a sentence (token strings) into CRFsuite feature lists; caches per word type."""

    def __init__(self, res: Resources, cache_size: int = 400_000, version: int = 2,
                 known: frozenset[str] | None = None) -> None:
        self.res = res
        # at run time, the attributes the model has weights for: the others change nothing
        # in the output and only cost time to pass to CRFsuite
        self.known = known
        self._raw: dict[str, tuple[str, ...]] = {}
        # 1: affixes of the whole word; 2: affixes of the word without its proclitics, so
        # ``وموسكو`` looks like ``موسكو`` plus ``pre=و``; 3: also ``gt=``, the types of the
        # multi-word gazetteer names the word is part of (the model's meta.json says which)
        self.version = version
        self._entry: dict[str, tuple[tuple[str, ...], ...]] = {}
        # word -> (focus, -2, -1, +1, +2 features as bytes, "w=" feature): see _entry_bytes
        self._entry_b: dict[str, tuple[Any, ...]] = {}
        self._bytes: dict[str, bytes] = {}  # attribute -> its UTF-8 bytes (attributes of ``known`` only)
        self._split: dict[str, tuple[str, str]] = {}
        self._norm: dict[str, str] = {}
        self._look: dict[str, tuple[str, list[tuple[tuple[str, ...], str]] | None]] = {}
        self._bg: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._cache_size = cache_size
        # with ``known``: per context offset, the attributes a neighbour may pass unprefixed
        # (``"-1:" + x in known`` iff ``x in self._ctx_known["-1:"]``), so a word's context
        # features are tested without building the prefixed strings that the model ignores
        self._ctx_known: dict[str, set[str]] = {}
        # bigram attributes by left word: {"bg+=": {left: {right, ...}}}; a candidate pair is
        # still checked against ``known`` (a split at ``|w=`` may be ambiguous)
        self._bg_known: dict[str, dict[str, set[str]]] = {"bg+=": {}, "bg-=": {}}
        if known is not None:
            for pre in ("-2:", "-1:", "+1:", "+2:"):
                self._ctx_known[pre] = set()
            for x in known:
                head = x[:4]
                if head in self._bg_known:
                    body = x[4:]
                    j = body.find("|w=")
                    while j >= 0:
                        self._bg_known[head].setdefault(body[:j], set()).add(body[j + 1:])
                        j = body.find("|w=", j + 1)
                elif head[:3] in self._ctx_known:
                    self._ctx_known[head[:3]].add(x[3:])

    def norm(self, w: str) -> str:
        """``normalize(w)``, cached (every token is normalised once per type, not per use)."""
        n = self._norm.get(w)
        if n is None:
            n = normalize(w)
            if len(self._norm) < self._cache_size:
                self._norm[w] = n
        return n

    # -- words ---------------------------------------------------------------
    def split(self, n: str) -> tuple[str, str]:
        """``(proclitics, base)`` of a normalised word, guided by corpus counts.

        A proclitic is stripped only when the rest is a more frequent word in news than
        the whole (``وموسكو`` → ``موسكو``; ``وزير`` stays whole).
        """
        hit = self._split.get(n)
        if hit is not None:
            return hit
        counts = self.res.counts
        whole = counts.get(n, 0)
        out = ("", n)
        for p in PROCLITICS:
            if len(n) - len(p) < MIN_BASE or not n.startswith(p):
                continue
            rest = n[len(p):]
            key = "ال" + rest if p.endswith("لل") else rest
            c = counts.get(key, 0)
            if c >= 5 and c > whole:
                out = (p, rest)
                break
        if len(self._split) < self._cache_size:
            self._split[n] = out
        return out

    def _word_feats(self, w: str) -> tuple[str, ...]:
        n = self.norm(w)
        r = self.res
        pre, base = self.split(n)
        look = "ال" + base if pre.endswith("لل") else base
        noal = look[2:] if look.startswith("ال") and len(look) > 4 else look
        f = ["b", "w=" + n, "base=" + look, "noal=" + noal, "pre=" + pre]
        if not n:
            return tuple(f)
        aff = look if self.version >= 2 else n
        for k in (1, 2, 3, 4):
            if len(aff) > k:
                f.append(f"p{k}={aff[:k]}")
                f.append(f"s{k}={aff[-k:]}")
        for k in (2, 3):
            if len(noal) > k:
                f.append(f"np{k}={noal[:k]}")
        if n.isdigit():
            f.append("shape=D")
        elif n.isascii() and n.isalpha():
            f.append("shape=L")
        elif not n[0].isalnum():
            f.append("shape=P")
        f.append(f"len={min(len(noal), 10)}")
        cl = r.clusters.get(n) or r.clusters.get(look) or r.clusters.get(noal)
        if cl:
            f.extend(f"c{i}={c}" for i, c in enumerate(cl))
        else:
            f.append("c=none")
        bc = r.clusters.get(look) if look != n else None
        if bc:
            f.extend(f"bc{i}={c}" for i, c in enumerate(bc[1:], 1))
        cnt = max(r.counts.get(n, 0), r.counts.get(look, 0))
        f.append(f"freq={_bucket(math.log2(cnt + 1), 2.0, 0, 12)}")
        for form, tag in ((n, "gw"), (look, "gb"), (noal, "gn")):
            g = r.gaz_words.get(form)
            if g:
                f.append(f"{tag}={g}")
        nc = max(r.name_counts.get(look, 0), r.name_counts.get(noal, 0))
        if nc:
            f.append(f"name={_bucket(math.log2(nc + 1), 1.5, 0, 10)}")
            f.append(f"nratio={_bucket(math.log2((nc + 1) / (cnt + 1)), 2.0, -6, 6)}")
        td = r.tagdist.get(n) or r.tagdist.get(look)
        if td:
            tot = td[4]
            f.append(f"tdn={_bucket(math.log2(tot), 2.0, 0, 8)}")
            for typ, c in zip(("PER", "ORG", "LOC", "MISC"), td[:4]):
                if c >= 0.1 * tot:
                    f.append(f"td{typ}={min(4, int(5 * c / tot))}")
        t = TRIGGER_OF.get(n) or TRIGGER_OF.get(look)
        if t:
            f.append("trig=" + t)
        if self.version >= 3:
            g = r.gaz_parts.get(look)
            if g:
                f.append("gt=" + g)
        return tuple(f)

    def raw(self, w: str) -> tuple[str, ...]:
        """All features of ``w`` in the focus position (cached)."""
        hit = self._raw.get(w)
        if hit is None:
            hit = self._word_feats(w)
            if len(self._raw) < self._cache_size:
                self._raw[w] = hit
        return hit

    # the subset of a word's features that its neighbours see
    _CTX_KEEP = ("w=", "base=", "noal=", "c1=", "c2=", "c0=", "gb=", "gn=", "name=", "nratio=",
                 "trig=", "shape=", "s2=", "pre=", "td", "gt=")
    _CTX_FAR = ("w=", "noal=", "c1=", "gb=", "trig=", "name=", "td")

    def entry(self, w: str) -> tuple[tuple[str, ...], ...]:
        """``(focus, seen from -2, -1, +1, +2)`` features of ``w``, built once per word type.

        With ``known`` set, only attributes the model has weights for are kept.
        """
        hit = self._entry.get(w)
        if hit is None:
            hit = self._parts(self.raw(w))
            if len(self._entry) < self._cache_size:
                self._entry[w] = hit
        return hit

    def _parts(self, raw: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """:meth:`entry` of a word given its :meth:`raw` features (not cached)."""
        near = [x for x in raw if x.startswith(self._CTX_KEEP)]
        far = [x for x in near if x.startswith(self._CTX_FAR)]
        known = self.known
        if known is None:
            return (raw, tuple("-2:" + x for x in far), tuple("-1:" + x for x in near),
                    tuple("+1:" + x for x in near), tuple("+2:" + x for x in far))
        ck = self._ctx_known
        return (tuple([x for x in raw if x in known]),
                tuple(["-2:" + x for x in far if x in ck["-2:"]]),
                tuple(["-1:" + x for x in near if x in ck["-1:"]]),
                tuple(["+1:" + x for x in near if x in ck["+1:"]]),
                tuple(["+2:" + x for x in far if x in ck["+2:"]]))

    def word(self, w: str) -> tuple[str, ...]:
        """Focus features of ``w`` (those the model knows, when ``known`` is set)."""
        return self.entry(w)[0]

    def context(self, w: str, off: int) -> tuple[str, ...]:
        """Features of ``w`` seen from ``off`` (-2, -1, +1, +2) positions away."""
        return self.entry(w)[(0, 1, 2, None, 3, 4)[off + 2]]

    # -- sentences -----------------------------------------------------------
    def _lookup(self, w: str) -> tuple[str, list[tuple[tuple[str, ...], str]] | None]:
        """``(normalised form, gazetteer phrases starting with it)`` of a token (cached per type)."""
        hit = self._look.get(w)
        if hit is None:
            n = self.norm(w)
            pre, base = self.split(n)
            look = "ال" + base if pre.endswith("لل") else base
            hit = (n, self.res.gaz_phrases.get(look) or self.res.gaz_phrases.get(n))
            if len(self._look) < self._cache_size:
                self._look[w] = hit
        return hit

    def phrases(self, toks: list[str]) -> list[str | None]:
        """Longest gazetteer phrase matches: ``B-LOC``/``I-LOC`` ... per token, else None."""
        out: list[str | None] = [None] * len(toks)
        looked = [self._look.get(t) or self._lookup(t) for t in toks]
        if not any(c for _, c in looked):  # most sentences: no word starts a gazetteer phrase
            return out
        norm = [n for n, _ in looked]
        i = 0
        while i < len(toks):
            cands = looked[i][1]
            matched = 0
            if cands:
                for ws, typ in cands:
                    k = len(ws)
                    if k > 1 and tuple(norm[i + 1:i + k]) != ws[1:]:
                        continue
                    if i + k > len(toks):
                        continue
                    out[i] = "B-" + typ
                    for j in range(i + 1, i + k):
                        out[j] = "I-" + typ
                    matched = k
                    break
            i += matched or 1
        return out

    def _bigram(self, a: str, b: str) -> tuple[list[str], list[str]]:
        """``(bg+ of the left word, bg- of the right word)`` of two adjacent ``w=`` features."""
        key = (a, b)
        hit = self._bg.get(key)
        if hit is None:
            plus, minus = "bg+=" + a + "|" + b, "bg-=" + a + "|" + b
            known = self.known
            hit = ([plus] if known is None or plus in known else [],
                   [minus] if known is None or minus in known else [])
            if len(self._bg) < self._cache_size:
                self._bg[key] = hit
        return hit

    def _known_bigrams(self, words: list[str], encoded: bool = False) -> list[tuple[list, list]]:
        """``(bg+ of word i, bg- of word i+1)`` per adjacent pair, only the attributes in ``known``."""
        known = self.known
        plus_of, minus_of = self._bg_known["bg+="], self._bg_known["bg-="]
        none: list[str] = []
        out: list[tuple[list[str], list[str]]] = []
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            plus, minus = none, none
            r = plus_of.get(a)
            if r is not None and b in r:
                x = "bg+=" + a + "|" + b
                if x in known:  # type: ignore[operator]
                    plus = [x.encode("utf-8") if encoded else x]
            r = minus_of.get(a)
            if r is not None and b in r:
                x = "bg-=" + a + "|" + b
                if x in known:  # type: ignore[operator]
                    minus = [x.encode("utf-8") if encoded else x]
            out.append((plus, minus))
        return out

    def _entry_bytes(self, w: str) -> tuple[Any, ...]:
        """:meth:`entry` of ``w`` encoded in UTF-8, then its ``w=`` feature (cached per word type).

        CRFsuite reads bytes as they are, so each word type is encoded once, not each time
        CRFsuite is called. This is the only per-word cache the tagger needs at run time, so
        the str caches behind it (:meth:`raw`, :meth:`entry`) are not filled; with ``known``
        set, every feature is one of the model's attributes, and all words share one bytes
        object per attribute: a word type costs its tuples, not copies of its strings.
        """
        hit = self._entry_b.get(w)
        if hit is None:
            raw = self._raw.get(w) or self._word_feats(w)
            parts = self._parts(raw)
            if self.known is None:
                enc = [tuple(x.encode("utf-8") for x in part) for part in parts]
            else:
                shared = self._bytes
                enc = [tuple(shared.get(x) or shared.setdefault(x, x.encode("utf-8")) for x in part)
                       for part in parts]
            hit = (*enc, raw[1])
            if len(self._entry_b) < self._cache_size:
                self._entry_b[w] = hit
        return hit

    def sentence(self, toks: list[str], encoded: bool = False) -> list[list[str]]:
        """CRFsuite features of each token of a sentence.

        ``encoded``: the same features as UTF-8 ``bytes`` (what the tagger is given at run
        time: each word type is encoded once, not each time CRFsuite is called).
        """
        n = len(toks)
        gp = self.phrases(toks)
        feats: list[list[str]] = []
        ents: list[tuple[Any, ...]]
        if encoded:
            cache_b, entry_b = self._entry_b, self._entry_bytes
            ents = [cache_b.get(t) or entry_b(t) for t in toks]
            words = [e[5] for e in ents]  # "w=..." of each token, for bigrams
        else:
            cache, entry = self._entry, self.entry
            ents = [cache.get(t) or entry(t) for t in toks]
            raw, rawf = self._raw, self.raw
            words = [(raw.get(t) or rawf(t))[1] for t in toks]
        if self.known is None:
            bgc, bigram = self._bg, self._bigram
            pairs = [bgc.get((words[i], words[i + 1])) or bigram(words[i], words[i + 1]) for i in range(n - 1)]
        else:
            pairs = self._known_bigrams(words, encoded)
        known = self.known
        bos: list = ["BOS"] if known is None or "BOS" in known else []
        eos: list = ["EOS"] if known is None or "EOS" in known else []
        if encoded:
            bos, eos = [x.encode("utf-8") for x in bos], [x.encode("utf-8") for x in eos]
        for i in range(n):
            f = list(ents[i][0])
            if i >= 2:
                f += ents[i - 2][1]
            if i >= 1:
                f += ents[i - 1][2]
            if i + 1 < n:
                f += ents[i + 1][3]
            if i + 2 < n:
                f += ents[i + 2][4]
            # the sentence-level features, in the order training saw them
            if i == 0:
                f += bos
            if i + 1 == n:
                f += eos
            g = gp[i]
            if g:
                extra = ["gp=" + g]
                if i + 1 < n and gp[i + 1] and gp[i + 1].startswith("I-"):
                    extra.append("gp+1=" + gp[i + 1])
                extra = extra if known is None else [x for x in extra if x in known]
                f += [x.encode("utf-8") for x in extra] if encoded else extra
            if i > 0:
                f += pairs[i - 1][1]
            if i + 1 < n:
                f += pairs[i][0]
            feats.append(f)
        return feats
