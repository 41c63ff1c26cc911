"""Aho-Corasick matching of every KB name over normalised text.

The text view turns every non-word character into a space, and the automaton
holds each alias key between spaces, spelled bare and behind each proclitic
(و ف ب ل ك and their combinations), so every match is a whole-word hit. Names
that begin with the article also get a ``لل`` form (``للجيش الوطني`` = ل +
الجيش الوطني). Overlaps are resolved longest first, so ``الجيش الوطني الليبي``
wins over ``الليبي``.
"""

from __future__ import annotations

import re
import threading
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from .store import KB, Ref, get_kb
from .variants import PROCLITICS, key

# every non-word character of normalised news text -> space (an explicit class: twice as fast
# as [^\w], and normalised text has no diacritics left); a rare symbol outside it acts as a letter
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
        # pattern " <proclitic><name> " -> entries (kid, hit length, proclitic, order). Every
        # pattern is bounded on both sides, so every match is a hit: no Python check per match,
        # and the automaton walks fewer partial matches inside words than one with right-bounded
        # names only. The order replays the tie-break of that former automaton (of two readings
        # of one span, its longer pattern came first, then the lower kid).
        words: dict[str, list[tuple[int, int, str, int]]] = {}
        add = words.setdefault
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
            add(" " + tail, []).append((kid, n, "", -n - 1 - short))
            bar = barred.get(k, ())
            for sp, p, lp in procl:
                if p not in bar:
                    add(sp + tail, []).append((kid, n, p, -n - lp - 2 if short else -n - 1))
            if n > 3 and k.startswith("ال"):
                # لل = ل + ال: the hit starts at the first ل and says so in ``pre``
                tail = "ل" + k[2:] + " "
                for sp, lp in lam_pre:
                    add(sp + tail, []).append((kid, n, "ل", -n - lp - 1 if short else -n))
        for w in HEAD_WORDS:
            add(" " + w + " ", []).append((-1, 0, "", 0))
        auto = ahocorasick.Automaton()
        for w, entries in words.items():
            auto.add_word(w, tuple(entries))
        auto.make_automaton()
        self.automaton = auto

    def find(self, ntext: str, *, keep_weak: bool = False) -> list[Hit]:
        """Non-overlapping hits in the normalised text ``ntext``, in text order.

        Common-noun names (every reading needs context 2) are dropped unless a head word
        precedes them or ``keep_weak`` (the caller has NER labels to confirm them).
        """
        # a leading space bounds the first word; offsets are shifted back at the end. A match
        # ends at the space after the name: the hit is [end - n, end).
        view = " " + _VIEW.sub(" ", ntext) + " "
        # (-length, start, order, kid, proclitic): sorted as is, longest first, then leftmost
        raw = [(-n, end - n, o, kid, pre)
               for end, entries in self.automaton.iter(view) for kid, n, pre, o in entries]
        if not raw:
            return []
        weak = self.weak
        if keep_weak:
            raw = [h for h in raw if h[3] >= 0]
        else:
            # the automaton also marks head words (kid -1, at their end): a weak name keeps its
            # place right after one; odd spacing and the لل form ask _head_before
            heads = {h[1] for h in raw if h[3] < 0}
            keep = []
            for h in raw:
                kid = h[3]
                if kid in weak:
                    st = h[1] - len(h[4])
                    if view[st] == " " or view[st - 2] == " ":
                        if not _head_before(view, st):
                            continue
                    elif st - 1 not in heads:
                        continue
                elif kid < 0:
                    continue
                keep.append(h)
            raw = keep
        raw.sort()
        occ = bytearray(len(view))
        out: list[Hit] = []
        keys = self.keys
        for n, s, _, kid, pre in raw:
            e = s - n
            if 1 in occ[s:e]:
                continue
            occ[s:e] = b"\x01" * (e - s)
            k, refs = keys[kid]
            out.append(Hit(s - 1, e - 1, k, refs, pre))
        out.sort(key=itemgetter(0))  # by start
        return out


def _head_before(view: str, start: int) -> bool:
    """Whether the word before ``start`` in the view is a head word (منطقة, قاعدة ...)."""
    e = start - 1
    while e > 0 and view[e - 1] == " ":
        e -= 1
    return view[view.rfind(" ", 0, e) + 1:e] in HEAD_WORDS


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
