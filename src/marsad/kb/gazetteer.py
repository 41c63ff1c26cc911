"""Aho-Corasick matching of every KB name over normalised text.

The automaton holds each alias key followed by a space, so a match always ends
at a word end (the text view turns every non-word character into a space). The
start is checked in Python: it must be a word start, or follow a proclitic
(و ف ب ل ك and their combinations) at a word start. Names that begin with the
article also get a ``لل`` form (``للجيش الوطني`` = ل + الجيش الوطني). Overlaps
are resolved longest first, so ``الجيش الوطني الليبي`` wins over ``الليبي``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Hit:
    """A name found in the normalised text: ``[start, end)`` excludes proclitics,
    except the first ل of a ``لل`` form (then ``start`` includes it and ``pre`` says ``ل``)."""

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
        # value entries (kid, body length, mode, proclitic length). Modes: 0 the key, right-bounded
        # (the start is checked in Python); 1 its لل form, right-bounded; 2 a short key bounded on
        # both sides with its proclitic spelled out; 3 the لل form of a short key, bounded.
        # Short keys (سرت, صور) end most words' suffixes: bounding them in the automaton saves the
        # Python check of every suffix match; long keys seldom match inside a word.
        words: dict[str, list[tuple[int, int, int, int]]] = {}
        for k, refs in kb.iter_aliases():
            kid = len(self.keys)
            self.keys.append((k, tuple(refs)))
            # weak: every reading is a common noun, kept only after a head word unless the
            # caller has NER mentions to confirm it
            if all(r.context == 2 and r.kind == "place" for r in refs):
                self.weak.add(kid)
            lam = "ل" + k[2:] if k.startswith("ال") and len(k) > 3 else None
            if len(k) <= _SHORT:
                for p in ("", *sorted(PROCLITICS)):
                    words.setdefault(" " + p + k + " ", []).append((kid, len(k), 2, len(p)))
                if lam:
                    for p in sorted(_LAM_PRE):
                        words.setdefault(" " + p[:-1] + "ل" + lam + " ", []).append((kid, len(lam), 3, len(p)))
                continue
            words.setdefault(k + " ", []).append((kid, len(k), 0, 0))
            if lam:
                words.setdefault(lam + " ", []).append((kid, len(lam), 1, 0))
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
        # a leading space bounds the first word; offsets are shifted back at the end
        view = " " + _VIEW.sub(" ", ntext) + " "
        raw: list[tuple[int, int, int, str]] = []
        stop = self.kb.proclitic_stop
        procl = PROCLITICS
        for end, entries in self.automaton.iter(view):
            for kid, klen, mode, plen in entries:
                s = end - klen
                if mode == 2:
                    if not plen:
                        raw.append((s, end, kid, ""))
                    elif view[s - plen:end] not in stop:
                        raw.append((s, end, kid, view[s - plen:s]))
                    continue
                if mode == 3:
                    raw.append((s - 1, end, kid, "ل"))
                    continue
                if view[s - 1] == " ":
                    if not mode:
                        raw.append((s, end, kid, ""))
                    continue
                ws = view.rfind(" ", 0, s) + 1
                pre = view[ws:s]
                if mode:
                    if pre in _LAM_PRE:
                        raw.append((s - 1, end, kid, "ل"))
                elif pre in procl and view[ws:end] not in stop:
                    # a word far more frequent than the name it contains is another word
                    # (كبير is not ك + بير); the build lists them
                    raw.append((s, end, kid, pre))
        if not raw:
            return []
        if not keep_weak:
            weak = self.weak
            raw = [h for h in raw if h[2] not in weak or _head_before(view, h[0] - len(h[3]))]
        raw.sort(key=lambda h: (h[0] - h[1], h[0]))
        occ = bytearray(len(view))
        out: list[Hit] = []
        keys = self.keys
        for s, e, kid, pre in raw:
            if 1 in occ[s:e]:
                continue
            occ[s:e] = b"\x01" * (e - s)
            k, refs = keys[kid]
            out.append(Hit(s - 1, e - 1, k, refs, pre))
        out.sort(key=lambda h: h.start)
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
