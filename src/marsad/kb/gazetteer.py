"""Aho-Corasick matching of every KB name over normalised text.

The text view turns every non-word character into a space, and the automaton
holds each alias key between spaces, spelled bare and behind each proclitic
(و ف ب ل ك and their combinations), so every match is a whole-word hit. Names
that begin with the article also get a ``لل`` form (``للجيش الوطني`` = ل +
الجيش الوطني). Overlaps are resolved longest first, so ``الجيش الوطني الليبي``
wins over ``الليبي``.

The view is one byte per character (:class:`_ByteView`) and the automaton a
double-array one over bytes (``daachorse``) that reads it backwards; each match
is turned into hits with a few list look-ups, and overlaps are resolved only
where there are some.
"""

from __future__ import annotations

import codecs
import re
import threading
from array import array
from functools import partial
from itertools import accumulate
from operator import and_, ge, itemgetter
from typing import NamedTuple

import daachorse

from .store import KB, Ref, get_kb
from .variants import PROCLITICS, key

# every non-word character of normalised news text -> space (an explicit class: normalised
# text has no diacritics left); a rare symbol outside it acts as a letter
_VIEW = re.compile(
    r"[\x00-\x1f!-/:-@\[-`{-~\x7f-\xbf\u060c\u061b\u061f\u066a-\u066d\u06d4\u2000-\u206f"
    r"\u2190-\u2bff\u3000-\u303f\ufd3e\ufd3f\ufe10-\ufe6f\uff01-\uff0f]")
_LAM_PRE = frozenset({"ل", "ول", "فل"})
_SHORT = 4
# words that make the next name a place (منطقة الساحل, قاعدة الخادم); normalised
HEAD_WORDS = frozenset(key(w) for w in (
    "منطقة", "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "إقليم", "ميناء", "جزيرة", "بحر", "نهر", "وادي",
    "جبل", "حي", "مخيم", "قاعدة", "مطار", "معبر", "مناطق", "مدن", "دولة", "عاصمة", "ضواحي", "بلدية", "مديرية",
    "قضاء", "ناحية", "شعبية", "بلاد", "حقل", "سهل", "صحراء"))


class Hit(NamedTuple):
    """A name found in the normalised text: ``[start, end)`` excludes proclitics,
    except the first ل of a ``لل`` form (then ``start`` includes it and ``pre`` says ``ل``).

    A named tuple: immutable like a frozen dataclass, and several times cheaper to make
    (the gazetteer makes one per name in the text)."""

    start: int
    end: int
    key: str
    refs: tuple[Ref, ...]
    pre: str = ""


class Gazetteer:
    """An automaton over the keys of a :class:`KB`."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.keys: list[tuple[str, tuple[Ref, ...]]] = []
        self.weak: set[int] = set()
        # proclitics a word of the stop list forbids before a name: كبير is not ك + بير
        barred: dict[str, set[str]] = {}
        for w in kb.proclitic_stop:
            for p in PROCLITICS:
                if w.startswith(p):
                    barred.setdefault(w[len(p):], set()).add(p)
        procl = [(" " + p, p, len(p)) for p in sorted(PROCLITICS)]
        lam_pre = [(" " + p, len(p)) for p in sorted(_LAM_PRE)]
        # pattern " <proclitic><name> " -> its readings (entries, numbered in the order they
        # are made; -1 for a head word). Every pattern is bounded on both sides, so every match
        # is a hit: no Python check per match, and the automaton walks fewer partial matches
        # inside words than one with right-bounded names only. A reading's order replays the
        # tie-break of that former automaton (of two readings of one span, its longer pattern
        # came first, then the lower kid).
        words: dict[str, list[int]] = {}
        kids, orders, kinds, pres = array("i"), array("i"), array("b"), []

        def reading(pattern: str, kid: int, pre: str, order: int) -> None:
            words.setdefault(pattern, []).append(len(pres))
            kids.append(kid)
            orders.append(order)
            pres.append(pre)
            if kid not in self.weak:
                kinds.append(_STRONG)
            else:  # the لل form has the leading space where the look-back for a head word starts
                kinds.append(_WEAK_LL if pattern[-1 - len(k) - len(pre)] == " " else _WEAK)

        for k, refs in kb.iter_aliases():
            kid = len(self.keys)
            self.keys.append((k, tuple(refs)))
            # weak: every reading is a common noun, kept only after a head word unless the
            # caller has NER mentions to confirm it
            if all(r.context == 2 and r.kind == "place" for r in refs):
                self.weak.add(kid)
            n = len(k)
            short = n <= _SHORT
            tail = k + " "
            reading(" " + tail, kid, "", -n - 1 - short)
            bar = barred.get(k, ())
            for sp, p, lp in procl:
                if p not in bar:
                    reading(sp + tail, kid, p, -n - lp - 2 if short else -n - 1)
            if n > 3 and k.startswith("ال"):
                # لل = ل + ال: the hit starts at the first ل and says so in ``pre``
                tail = "ل" + k[2:] + " "
                for sp, lp in lam_pre:
                    reading(sp + tail, kid, "ل", -n - lp - 1 if short else -n)
        for w in HEAD_WORDS:
            words.setdefault(" " + w + " ", []).append(_HEAD)
        self._compile(words, kids, orders, kinds, pres)

    def _compile(self, words: dict[str, list[int]], kids: array, orders: array, kinds: array,
                 pres: list[str]) -> None:
        """The automaton over the patterns, what the search needs of each reading, and the
        readings of each pattern by kind.

        A match of a pattern that ends at ``e`` (exclusive, in the view) makes each of its
        readings ``i`` a candidate ``(e, i)``: the name is ``[e - 1 - n, e - 1)`` in the view,
        with ``n = self._n[i]``."""
        keys = self.keys
        self._kid, self._order = kids, orders  # the tie-break: (order, kid, proclitic)
        ns = [len(k) for k, _ in keys]
        self._n = [ns[kid] for kid in kids]
        self._back = [n + 2 for n in self._n]  # from the end of a match to the start of its hit
        self._pre = [len(p) for p in pres]
        # per reading, all of a hit but its offsets
        self._tails = [keys[kid] + (p,) for kid, p in zip(kids, pres)]
        # per pattern, its readings: all of them (keep_weak), then by kind; the patterns that
        # are head words (their mark comes last), and that have weak readings in the لل form
        every = [tuple(rs) for rs in words.values()]
        self._heads = {pid for pid, t in enumerate(every) if t[-1] == _HEAD}
        for pid in self._heads:
            every[pid] = every[pid][:-1]
        self._every = every
        self._strong, self._weak, self._weak_spaced = _by_kind(every, kinds)
        self._spaced = {pid for pid, t in enumerate(self._weak_spaced) if t}
        self._spaced_or_head = self._spaced | self._heads
        # the letters of the patterns: of the names, proclitics and head words
        self._bytes = _ByteView(" ".join([k for k, _ in keys] + [*PROCLITICS, *HEAD_WORDS]))
        self._head_words = frozenset(map(self._bytes, HEAD_WORDS))
        # one call for all patterns, which _OTHER separates. The automaton reads the view
        # backwards: reversed, the spellings of a name behind each proclitic share their
        # states, and the automaton takes half the memory and time to build
        patterns = self._bytes.exact(_OTHER.join(words)).split(self._bytes.exact(_OTHER))
        self.automaton = daachorse.DoubleArrayAhoCorasick([p[::-1] for p in patterns])

    def find(self, ntext: str, *, keep_weak: bool = False) -> list[Hit]:
        """Non-overlapping hits in the normalised text ``ntext``, in text order.

        Common-noun names (every reading needs context 2) are dropped unless a head word
        precedes them or ``keep_weak`` (the caller has NER labels to confirm them).
        """
        # a leading space bounds the first word; offsets are shifted back at the end
        view = b" " + self._bytes(ntext) + b" "
        # matches in the reversed view: a match (r, q) is [size - q, size - r) in the view
        size = len(view)
        ms = self.automaton.find_overlapping(view[::-1])
        if not ms:
            return []
        readings = self._every if keep_weak else self._strong
        cands = [(size - r, i) for r, _, pid in ms for i in readings[pid]]
        cands.reverse()
        if not keep_weak and not self._spaced_or_head.isdisjoint(map(_PID, ms)):
            cands = self._after_heads(cands, ms, view)
        # candidates come in the order of their matches' starts: when each starts after the
        # one before ends (most documents), they are the hits; else the longest take their
        # place first
        ns = self._n
        if not all(map(ge, [e - ns[i] for e, i in cands[1:]], map(_END, cands))):
            cands = self._longest_first(cands, len(view))
        back, tails = self._back, self._tails
        return list(map(_new_hit, [(e - back[i], e - 2) + tails[i] for e, i in cands]))

    def _after_heads(self, cands: list[tuple[int, int]], ms: list[tuple[int, int, int]],
                     view: bytes) -> list[tuple[int, int]]:
        """``cands`` and the weak names right after a head word (then in the order of their ends).

        A weak name stays when the word before it (across spaces) is a head word: the
        automaton marks the ends of head words, and the لل form asks :func:`_head_before`."""
        size = len(view)
        kept = []
        if not self._spaced.isdisjoint(map(_PID, ms)):
            ns, pre, spaced = self._n, self._pre, self._weak_spaced
            heads = self._head_words
            kept = [(size - r, i) for r, _, pid in ms for i in spaced[pid]
                    if _head_before(view, size - r - 1 - ns[i] - pre[i], heads)]
        heads = self._heads
        ends = {size - r for r, _, pid in ms if pid in heads}
        if ends:
            # the leading space of a name right after a head word (but in the لل form, a weak
            # name's proclitic starts right after the leading space of its pattern), as ``q``
            before = set()
            for e in ends:
                while view[e] == 32 and e + 1 < size:  # a space
                    e += 1
                before.add(size - (e - 1))
            weak = self._weak
            kept += [(size - r, i) for r, q, pid in ms if q in before for i in weak[pid]]
        return sorted(cands + kept) if kept else cands

    def _longest_first(self, cands: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
        """The candidates that no longer (else more leftward, else better ranked) one overlaps,
        taken in that order; in text order."""
        cands = sorted(cands)  # by end
        ns = self._n
        starts = [e - ns[i] for e, i in cands]  # of the names, one past the view's
        ends = list(map(_END, cands))
        # a candidate that overlaps no other stays: it starts after the end of the one before
        # (ends only grow) and ends before the start of every one after
        after = list(accumulate(reversed(starts), min))[::-1][1:] + [size + 1]
        alone = list(map(and_, map(ge, starts, [0] + ends), map(ge, after, ends)))
        kid, order, tails = self._kid, self._order, self._tails
        # longest first, then leftmost, then by (order, kid, proclitic)
        keys = {j: (-ns[i], starts[j], order[i], kid[i], tails[i][2])
                for j, (_, i) in enumerate(cands) if not alone[j]}
        occ = bytearray(size + 1)
        out = [j for j, a in enumerate(alone) if a]
        for j in sorted(keys, key=keys.__getitem__):
            s, e = starts[j], ends[j]
            if occ.find(1, s, e) < 0:
                occ[s:e] = b"\x01" * (e - s)
                out.append(j)
        out.sort()  # disjoint, in the order of their ends: in text order
        return [cands[j] for j in out]


_HEAD = -1  # the reading of a pattern that is a head word
_STRONG, _WEAK, _WEAK_LL = 0, 1, 2  # kinds of readings: a name, a weak one, a weak one in the لل form
_PID = itemgetter(2)
_END = itemgetter(0)
_new_hit = partial(tuple.__new__, Hit)  # Hit from a tuple, without Hit.__new__'s Python frame


def _by_kind(every: list[tuple[int, ...]], kinds: array) -> list[list[tuple[int, ...]]]:
    """Per kind (strong, weak, weak in the لل form), per pattern, its readings of that kind
    (the pattern's own tuple when they all are)."""
    out: list[list[tuple[int, ...]]] = [[], [], []]
    for t in every:
        if len(t) == 1:  # most patterns
            for k, of_kind in enumerate(out):
                of_kind.append(t if kinds[t[0]] == k else ())
            continue
        for k, of_kind in enumerate(out):
            sub = tuple(i for i in t if kinds[i] == k)
            of_kind.append(t if len(sub) == len(t) else sub)
    return out


def _head_before(view: bytes, start: int, heads: frozenset[bytes]) -> bool:
    """Whether the word before ``start`` in the view is one of ``heads`` (منطقة, قاعدة ...)."""
    e = start - 1
    while e > 0 and view[e - 1] == 32:  # a space
        e -= 1
    return view[view.rfind(b" ", 0, e) + 1:e] in heads


# characters of normalised news text beyond ASCII and the names' letters, that the byte view
# maps without a Python call: Arabic letters, Arabic, Latin-1 and general punctuation
_COMMON = ("".join(map(chr, range(0x0620, 0x0660))) + "\u060c\u061b\u061f\u066a\u066b\u066c\u066d\u06d4"
           + "".join(map(chr, range(0xA0, 0xC0))) + "".join(map(chr, range(0x2010, 0x2020)))
           + "\u2022\u2026\u2032\u2039\u203a\u25cf\ufd3e\ufd3f\xd7")
_OTHER = "\ue000"  # stands for every letter of the text outside the byte view's table


def _other_or_space(err: UnicodeError) -> tuple[str, int]:
    """The byte view's error handler: a character outside its table is a space when it is a
    non-word character (see ``_VIEW``), else a letter of no name."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return "".join(" " if _VIEW.match(c) else _OTHER for c in err.object[err.start:err.end]), err.end


_ERRORS = "marsad.gazetteer.view"
codecs.register_error(_ERRORS, _other_or_space)


class _ByteView:
    """Normalised text as one byte per character, with every non-word character a space.

    A byte per character keeps the offsets, and lets the automaton read bytes (faster than
    characters); mapping characters to bytes through a table (an 8-bit codec) and the
    non-word bytes to spaces (``bytes.translate``) is faster than ``_VIEW.sub``. The table
    holds ASCII, the names' letters and common characters of the text; a character outside
    it goes through ``_other_or_space``."""

    def __init__(self, alphabet: str) -> None:
        chars = [chr(i) for i in range(128)]
        chars += sorted(set(alphabet) - set(chars))
        if _OTHER in chars:
            raise ValueError(f"names hold {_OTHER!r}, which the byte view keeps for other letters")
        chars.append(_OTHER)
        if len(chars) > 256:
            raise ValueError(f"names hold {len(chars) - 129} letters beyond ASCII: more than a byte view holds")
        chars += [c for c in dict.fromkeys(_COMMON) if c not in chars][:256 - len(chars)]
        # unused bytes decode to unused characters: the table stays a fast one-to-one map
        spare = (chr(c) for c in range(0xE001, 0xF900) if chr(c) not in chars)
        chars += [next(spare) for _ in range(256 - len(chars))]
        self._map = codecs.charmap_build("".join(chars))
        self._spaces = bytes(32 if _VIEW.match(c) else b for b, c in enumerate(chars))

    def __call__(self, text: str) -> bytes:
        return codecs.charmap_encode(text, _ERRORS, self._map)[0].translate(self._spaces)

    def exact(self, text: str) -> bytes:
        """The bytes of ``text``, all of whose characters the table holds (else ``UnicodeError``)."""
        return codecs.charmap_encode(text, "strict", self._map)[0]


_GAZ: Gazetteer | None = None
_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer over :func:`get_kb`."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer(get_kb())
    return _GAZ
