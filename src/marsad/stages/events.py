"""PLOVER event coding, natively in Arabic.

For each sentence: find triggers with the lexicon (``events_lexicon``), drop the
ones governed by another trigger (``طالب بالإفراج عن``: one REQUEST, not a RETREAT
too), find actors and recipients (``events_args``), the governing date and place,
the modality and attribution (``events_modality``), and write ``doc.events``.
Photo captions of the form ``X، مع Y، في Z`` report a meeting and are coded as one.

Reads whatever earlier layers exist: with no ``entities`` the events still carry
their trigger, type and modality (and the argument text in ``arguments``); with no
``times`` the date falls back to the reference date.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, chain, pairwise
from typing import Any, Literal

from ..arabic.clitics import split_proclitics
from ..arabic.normalize import Normalized, normalize, normalize_with_map
from ..doc import Document, Event, Span
from .events_args import (
    BOUNDARY_WORDS,
    CARDINALS,
    FUNCTION_WORDS,
    NP,
    PLACE_PREPS,
    POSSESSIVES,
    PREPS,
    QUOTES,
    RECIP_PREPS,
    TIME_WORDS,
    VICTIM_WORDS,
    Tok,
    _appositive,
    _loose_np,
    _resolve_pronoun,
    agent_sector,
    assign_roles,
    build_nps,
    definite,
    in_sentence,
    not_an_argument,
    possessive,
)
from .events_lexicon import NUMBER_SLOT, Entry, Lexicon, Slot, default_lexicon, plover_types, word_bases
from .events_modality import attribution, modality_of, negation_scopes
from .events_parties import DEATH_NOUNS, parties
from .events_rules import (
    _aimed_at,
    _attackers,
    _casualties,
    _claimant,
    _controller,
    _country,
    _dates,
    _drop_remention,
    _ids,
    _lam_agent,
    _merge,
    _month,
    _national_actor,
    _place,
    _protest_target,
    _salient_person,
    _strike_target,
    is_crowd,
)

NAME = "events.v1"
# events that act on bodies and things: their object is often a common noun (اقتحموا فندقا)
PHYSICAL = frozenset(("ASSAULT", "COERCE"))
# things said, asked or given: a noun of them names its author after من (دعوة من، بدعم من، تهديدات من)
SAID = frozenset(("AGREE", "SUPPORT", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN"))
# dashes are left out: news uses them for asides (– ولكن غير رسمي –), like parentheses
BOUNDARY_PUNCT = frozenset("،,؛;:.!؟?")
NOUN_CUES = frozenset(normalize(w) for w in (
    "في", "من", "إلى", "على", "عن", "بعد", "قبل", "خلال", "إثر", "جراء", "عقب", "منذ", "ضد", "أثناء", "شن", "شنت",
    "نفذ", "نفذت", "قام", "قامت", "أجرى", "أجرت", "عقد", "عقدت", "تم", "جرى", "وقع", "وقعت", "أسفر", "بسبب",
    "استمرار", "وسط", "لدى", "حول", "بشأن", "تجاه", "مواصلة", "يجري", "تجري"))
LIGHT_VERBS_BEFORE_NOUN = NOUN_CUES
ANNOUNCE_VERBS = frozenset(normalize(p + w) for p in ("", "و") for w in (
    "أعلن", "أعلنت", "يعلن", "تعلن", "تبنى", "تبنت", "يتبنى", "تتبنى", "أكد", "أكدت", "نفى", "نفت"))
# مكافحة تمويل الإرهاب، قوات مكافحة الشغب، التصدي للتهديد: a noun after these names a field of work or a
# concept fought against, not an event that happened
COMBATING = frozenset(normalize(w) for w in ("مكافحة", "لمكافحة", "ومكافحة", "بمكافحة", "المكافحة", "التصدي",
                                             "للتصدي", "والتصدي"))
CHAIN_PREPS = frozenset(normalize(w) for w in ("على", "إلى", "في", "عن", "بشأن", "حول", "لأجل"))
SETTING_WORDS = frozenset(normalize(w) for w in ("خلال", "هامش", "أثناء", "اثناء", "وخلال"))
PERSON_DESCRIPTORS = frozenset(normalize(w) for w in ("الرجل", "المشير", "الجنرال", "العقيد", "الزعيم", "الماريشال"))
COUNT_AFTER_MA = frozenset(normalize(w) for w in ("مجموعه", "لا", "يقارب", "يزيد", "يربو", "يناهز"))
VERBAL = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE", "CONCEDE"})
STATE_SECTORS = frozenset({"COP", "MIL", "GOV", "JUD", "LEG"})
ORGANISING = normalize("تنظيم")
DAMMA = "\u064f"  # a vowel sign the normalised view drops: on a verb's first letter it marks a passive (تُتهم)
DEMONSTRATIVES = frozenset(normalize(w) for w in ("هذا", "هذه", "ذلك", "تلك"))
# what the sides do together: whoever calls for it or prepares it is a side (دعوة بوتين إلى التعاون)
SHARED = frozenset({"PROTEST", "CONSULT", "COOPERATE", "AGREE"})
OBJECT_PRONOUNS_B = frozenset(("به", "بها", "بهم", "بهما", "بهن"))  # (normalised: بها، به)
# disasters and accidents: a death they caused is no attack (أسفرت أمطار غزيرة عن مقتل عامل، مقتل 48 في
# غرق مركب، حادث سير)
DISASTERS = frozenset(normalize(w) for w in (
    "زلزال", "زلازل", "أمطار", "سيول", "فيضان", "فيضانات", "إعصار", "عاصفة", "حريق", "حرائق", "غرق", "غرقا",
    "تحطم", "انهيار", "بركان", "انزلاق", "انهيارات", "تدافع", "اصطدام", "الكوليرا", "وباء", "السير", "مروري",
    "انقلب", "انقلبت"))
CONVERT_FUTURE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "RETREAT": "CONCEDE"}
_WS = re.compile(r"\s+")
# words of the normalised view (digits kept in words: 17سبتمبر stays one token) and punctuation
_WORD = re.compile(r"[^\W_]+")
# each with the gap before it (whitespace and _, the only characters in no token), so that
# ``findall`` gives the offsets too
_TOKEN = re.compile(r"([\s_]*)(?:([^\W_]+(?:[.,][0-9]+)*)|([^\w\s]))")


def _resolve_nominals(toks: list[Tok], nps: list[NP], actors: list[NP], recips: list[NP],
                      prev_nps: Callable[[], list[NP]], attack: bool) -> list[NP]:
    """Give nominal arguments their entity: a descriptor (الرجل القوي، المشير) the person the article
    is about, a possessive (جنوده، قواتها) its owner. Returns the actors: in an attack whose victims
    are the actor's own (أعلن الجيش مقتل أحد جنوده), the owner reported it and did not attack."""
    for x in actors + recips:
        if x.eid is None and x.etype == "AGENT" and toks[x.i].w in PERSON_DESCRIPTORS:
            ante = _salient_person(nps, x.i, prev_nps())
            if ante is not None:
                x.eid = ante.eid
        elif x.eid is None and x.etype == "AGENT" and (poss := possessive(toks[x.i].w)):
            ante = _resolve_pronoun(nps, x.i, poss.startswith("ها"), prev_nps)
            if ante is not None and ante is not x:
                x.eid = ante.eid
                if attack and any(x is r for r in recips):
                    actors = [a for a in actors if a.eid != ante.eid]
    return actors


class EventStage:
    """Stage ``events.v1``: writes ``doc.events`` (PLOVER type, mode, arguments, date, place, modality)."""

    name = NAME
    requires = frozenset({"sents"})
    provides = frozenset({"events"})

    def __init__(self, lexicon: str | None = None) -> None:
        self.lexicon: Lexicon = default_lexicon(lexicon)
        self.types = plover_types()
        self._lookup = lru_cache(maxsize=200_000)(self.lexicon.lookup)
        self._cands: dict[str, Any] = {}  # word -> _candidates (None when it has none)
        self._cand_words: set[str] = set()  # the words with candidates
        self._joined_verbs: set[str] = set()  # the words with candidates that are a verb joined by و (واتهم، وأجريا)
        self._bases: dict[str, frozenset[str]] = {}  # word -> its word_bases that are context words
        self._pieces: dict[str, Any] = {}  # piece of text -> _piece_hit
        self._loud: set[str] = set()  # the pieces whose hit is not False
        # context words: those a text must contain (none empty, none with whitespace: found in a
        # sentence's text, they are in one of its pieces), and those always met (a proclitic slot,
        # ب or ل, is checked on the word itself; so is a number, NUMBER_SLOT)
        alts = {x for e in self.lexicon.entries for slot in e.context for x in slot.alts}
        self._ctx_alts = frozenset(alts)
        self._free_alts = frozenset(x for x in alts if not x or x[0] == "\x00" or x == NUMBER_SLOT)
        assert not any(c.isspace() for x in alts - self._free_alts for c in x)

    # -- entry point -----------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        if not text:
            doc.events = []
            return doc
        nv = doc.meta.get("norm")
        if not isinstance(nv, Normalized) or not nv.to_orig or nv.to_orig[-1] != len(text):
            nv = normalize_with_map(text)  # no (or a stale) normalised view: build one
        sents = doc.layer("sents") or [Span(0, len(text), "SENT")]
        captions = doc.layer("captions")
        todo = self._sentences_with_triggers(nv, sents)
        if captions:
            todo |= {k for k, s in enumerate(sents) if any(c.start <= s.start < c.end for c in captions)}
        mentions = _mentions(doc) if todo else []
        times = sorted(doc.layer("times"), key=lambda s: s.start)
        time_starts = [t.start for t in times]
        countries = frozenset(e.id for e in doc.entities if e.subtype == "country")
        by_country = {e.country: e.id for e in doc.entities if e.subtype == "country" and e.country}
        # where the names of places that cannot act start (towns, provinces, regions: هجوم دوما; not
        # countries, capitals or continents), by offset: شرطة كانساس, which took the name, still acts
        inert = frozenset(m.start for e in doc.entities if e.type == "LOC" and e.subtype is not None
                          and e.subtype not in ("country", "capital", "continent") for m in e.mentions)
        events: list[Event] = []
        prev_k, done_nps = -2, _Lazy(list)
        for k in sorted(todo):
            sent = sents[k]
            toks = self._tokens(nv, sent)
            if not toks:
                continue
            if prev_k == k - 1:
                prev_nps = done_nps
            elif k > 0 and mentions:
                # the previous sentence's names, for pronouns and definite descriptions (built on demand)
                prev_nps = _Lazy(lambda s0=sents[k - 1]: build_nps(text, self._tokens(nv, s0), _in(mentions, s0)))
            else:
                prev_nps = _Lazy(list)
            _mark_times(toks, times, time_starts, sent)
            ms = _in(mentions, sent)
            toks = _close_asides(toks, ms, lambda w: self._piece_hit(w) is True)
            hits = self._triggers(toks, text, ms)
            in_caption = bool(captions) and any(c.start <= sent.start < c.end for c in captions)
            prev_k = k
            if not hits and not in_caption:  # its phrases only for the next sentence, if it asks
                done_nps = _Lazy(lambda t=toks, m=ms: build_nps(text, t, m))
                continue
            nps = build_nps(text, toks, ms)
            sent_events = self._code_sentence(doc, sent, toks, nps, hits, times, prev_nps, countries,
                                              inert, by_country) if hits else []
            if not sent_events and in_caption:
                sent_events = self._caption_event(doc, sent, toks, nps, times)
            events.extend(sent_events)
            done_nps = _Lazy(lambda v=nps: v)
        events = _drop_remention(events)
        for k, ev in enumerate(events, 1):
            ev.id = f"v{k}"
        doc.events = events
        return doc

    # -- tokens and triggers -----------------------------------------------------
    def _sentences_with_triggers(self, nv: Normalized, sents: list[Span]) -> set[int]:
        """Indexes of the sentences that may hold a trigger.

        A word belongs to the sentence it starts in. Each whitespace-free piece of text is
        looked up once per process (:meth:`_piece_hit`); a sentence whose pieces hit none
        costs one ``split`` and one set intersection. A word whose entries all need context
        words (فرض + عقوبات) marks its sentence only when one of its entries finds every
        context slot somewhere in the sentence's text (as a word or a part of one).
        """
        text = nv.text
        to_orig = nv.to_orig
        chunks = [text[lo:hi].split() for lo, hi in _segments(text, to_orig, sents)]
        pieces, loud = self._pieces, self._loud
        new = set().union(*chunks)
        if len(pieces) + len(new) > 500_000:  # a bounded cache (emptied, then filled with this text's pieces)
            pieces.clear()
            loud.clear()
        new = new.difference(pieces)  # (not difference_update: that one runs over the whole cache)
        for piece in new:
            hit = pieces[piece] = self._piece_hit(piece)
            if hit is not False:
                loud.add(piece)
        out: set[int] = set()
        for k, ps in enumerate(chunks):
            if loud.isdisjoint(ps):
                continue
            found = loud.intersection(ps)
            hits = [pieces[piece] for piece in found]
            if True in hits:
                out.add(k)
                continue
            seg = text[bisect.bisect_left(to_orig, sents[k].start):bisect.bisect_left(to_orig, sents[k].end)]
            if any(_any_in(one, seg) or any(all(_any_in(alts, seg) for alts in slots) for slots in more)
                   for one, more in hits):
                out.add(k)
        return out

    def _piece_hit(self, piece: str) -> Literal[True, False] | tuple[frozenset[str], tuple[tuple[frozenset[str], ...], ...]]:
        """Whether a whitespace-free piece of text holds a trigger word.

        True when one of its words is a trigger by itself (or needs only a proclitic slot);
        False when none is a trigger; else what the entries of its words need: the context
        words of the one-slot entries together (one is enough), and the slots of the others.
        """
        one: set[str] = set()
        more: list[tuple[frozenset[str], ...]] = []
        for w in (piece,) if piece.isalnum() else _WORD.findall(piece):
            for e, _ in self._lookup(w)[1]:
                if e.pos == "block":
                    continue
                slots = tuple(slot.alts for slot in e.context if slot.alts.isdisjoint(self._free_alts))
                if not slots:
                    return True
                if len(e.context) == 1:
                    one |= slots[0]
                else:
                    more.append(slots)
        return (frozenset(one), tuple(more)) if one or more else False

    def _tokens(self, nv: Normalized, sent: Span) -> list[Tok]:
        """Words and punctuation of a sentence, read off the normalised view, with clause numbers."""
        to_orig = nv.to_orig
        a = bisect.bisect_left(to_orig, sent.start)
        b = bisect.bisect_left(to_orig, sent.end)
        toks: list[Tok] = []
        clause = 0
        end = a
        for gap, w, p in _TOKEN.findall(nv.text, a, b):
            start = end + len(gap)
            if p:
                end = start + 1
                if p in BOUNDARY_PUNCT:
                    clause += 1
                toks.append(Tok(to_orig[start], to_orig[end], p, clause, True))
                continue
            end = start + len(w)
            if w in BOUNDARY_WORDS:
                clause += 1
            elif w in COUNT_AFTER_MA and toks and toks[-1].w == "ما":
                # ما مجموعه 14، ما لا يقل عن: a count, not a new clause
                clause -= 1
                toks[-1].clause = clause
            toks.append(Tok(to_orig[start], to_orig[end], w, clause))
        return toks

    def _triggers(self, toks: list[Tok], text: str, ms: list[tuple[int, int, str | None, str]]
                  ) -> list[tuple[int, Entry, str, str, set[int]]]:
        """(token index, entry, kind, proclitic, context tokens) of the sentence's triggers;
        ``ms``: the names in the sentence (:func:`_in`)."""
        strong: list[tuple[int, Entry, str, str, set[int]]] = []
        weak: list[tuple[int, Entry, str, str, set[int]]] = []
        consumed: set[int] = set()
        bases: list[frozenset[str]] | None = None  # word_bases of each token, when first needed
        memo = self._cands
        announced = [k for k, t in enumerate(toks) if t.w in ANNOUNCE_VERBS]  # (mostly none)
        ws = [t.w for t in toks]
        for i in self._candidate_tokens(ws):
            tk = toks[i]
            if tk.punct or i in consumed or tk.time or (
                    i + 1 < len(toks) and toks[i + 1].time and tk.w.removeprefix("و") in TIME_WORDS):
                continue  # (فجر الخميس، وفجر 14 أبريل: dawn, a time, not a detonation)
            pre, cands, reach = memo[tk.w]
            if ms and _inside_name(ms, tk.start, tk.end):
                continue  # inside a longer name (مجلس التعاون الخليجي)
            if i > 0 and toks[i - 1].w in COMBATING:
                cands = [c for c in cands if c[1] == "verb"]
                if not cands:
                    continue
            if text[tk.end - 1] == "ة" or (i > 0 and (toks[i - 1].w.isdigit() or toks[i - 1].w in CARDINALS)):
                # no verb ends in ta marbuta (لوحة is not لوّحه); a counted word is a noun (ثلاثين طالبا)
                cands = [c for c in cands if c[1] != "verb"]
                if not cands:
                    continue
            prefer_noun = bool(pre) and pre[-1] in "بلك" or pre.endswith("ال") or (
                i > 0 and toks[i - 1].w in NOUN_CUES) or (
                # أعلن الجيش قصف مواقع، تبنى التنظيم تفجير: what is announced or claimed is a noun
                # (not with a pronoun: أعلنت الحكومة دعمها، a verb with its subject before it reads as well)
                announced and not pre and any(i - 4 <= k < i - 1 and toks[k].clause == tk.clause for k in announced)
                and not tk.w.endswith(("ها", "هم", "هما")) and (not tk.w.endswith("ه") or text[tk.end - 1] == "ة"))
            best: tuple[tuple[int, int, int], Entry, str, set[int]] | None = None
            near: list[frozenset[str]] = []  # the context words within reach before and after token i
            if reach is not None:  # the one-slot entries: which of their context words are in reach
                if bases is None:
                    bases = self._bases_of(ws)
                near = [reach[0].intersection(chain.from_iterable(bases[max(0, i - 3):i])),
                        reach[1].intersection(chain.from_iterable(bases[i + 1:i + 7]))]
                if not near[0] and not near[1] and not reach[2]:
                    continue  # no entry can find its context word
            # candidates come best-first (hand before seed, longer context first): stop at the
            # first group that matches, choosing verb or noun reading inside it
            for entry, kind, group, one in cands:
                if best is not None and best[0][:2] != group:
                    break
                if one is not None and one.alts.isdisjoint(near[0] if one.before else near[1]):
                    continue
                if group[1] and bases is None:
                    bases = self._bases_of(ws)
                used = _context(toks, i, entry, bases)
                if used is None:
                    continue
                if entry.seed and any(self._codes_by_hand(toks[u].w) for u in used):
                    continue  # the object word is itself a hand trigger: the hand lexicon codes it
                # (a block takes either reading: it hides the word whichever the cues prefer)
                rank = (*group, 1 if kind == "block" or (kind == "noun") == prefer_noun else 0)
                if best is None or rank > best[0] or rank == best[0] and entry.pos == "block":
                    best = (rank, entry, kind, used)  # (a block that matches as well hides the words)
            if best is None:
                continue
            _, entry, kind, used = best
            consumed |= used
            if entry.pos == "block":
                continue
            (weak if entry.weak else strong).append((i, entry, kind, pre, used))
        # weak triggers (المتظاهرون، مفخخة) code their type only when no strong trigger does
        strong_types = {h[1].type for h in strong}
        seen_weak: set[str] = set()
        for h in weak:
            if h[1].type not in strong_types and h[1].type not in seen_weak:
                seen_weak.add(h[1].type)
                strong.append(h)
        hits = sorted(strong, key=lambda h: h[0])
        # a trigger that is the complement of the one before it (طالب بالإفراج، هدد بشن هجوم) is not an event
        out: list[tuple[int, Entry, str, str, set[int]]] = []
        prev: tuple[int, Entry, str, str, set[int]] | None = None
        chained_prev = False
        for h in hits:
            if prev is not None:
                i0, _, _, _, used0 = prev
                gap = h[0] - max([i0, *used0])
                tk = toks[h[0]]
                governed = (h[3][-1:] in ("ب", "ل") or toks[h[0] - 1].w in CHAIN_PREPS
                            or toks[h[0] - 1].w in ("ب", "ل"))
                lo = max([i0, *used0]) + 1
                # a new coordinated verb phrase (... واتهم، ... وأجريا) starts a new event
                fresh = not self._joined_verbs.isdisjoint(ws[lo:h[0] + 1])
                same = toks[h[0]].clause == toks[i0].clause and not fresh
                coord = chained_prev and tk.w.startswith("و") and h[2] == "noun" and 0 < gap <= 6
                if same and ((0 < gap <= 4 and governed) or coord
                             # right after the previous phrase (أعلن وقف إطلاق النار، هدد بفرض عقوبات)
                             or (used0 and 0 < gap <= 2 and h[2] == "noun")
                             # the object of a verbal act (أدانت الخارجية استهداف الناقلات)
                             or (h[2] == "noun" and prev[1].type in VERBAL and 0 < gap <= 5 and not h[1].weak
                                 and toks[h[0] - 1].w not in NOUN_CUES
                                 and not any(toks[k].w.startswith("و") for k in range(lo, h[0])))):
                    head = out[-1][1] if out else None
                    if head is not None and head.type == h[1].type == "ASSAULT" and head.mode is None \
                            and h[1].mode and head.frame in ("kill", "pass"):
                        # قتل خمسة أشخاص في انفجار سيارة مفخخة: the killing takes the attack's mode
                        out[-1] = (out[-1][0], dataclasses.replace(head, mode=h[1].mode), *out[-1][2:])
                    prev, chained_prev = h, True
                    continue
            out.append(h)
            prev, chained_prev = h, False
        return out

    def _candidates(self, w: str) -> tuple[str, list[tuple[Entry, str, tuple[int, int], Slot | None]],
                                           tuple[frozenset[str], frozenset[str], bool] | None]:
        """:meth:`Lexicon.lookup` with, per candidate, its group (hand before seed, number of
        context slots: the lexicon's order) and its slot when it has exactly one; and, when
        some candidate has one slot, the context words of those slots before and after the
        word, and whether other candidates (no slot or two) come too."""
        pre, cands = self._lookup(w)
        out = [(e, kind, (0 if e.seed else 1, len(e.context)),
                e.context[0] if len(e.context) == 1 and "cue" not in e.flags else None) for e, kind in cands]
        ones = [c[3] for c in out if c[3] is not None]
        if not ones:
            return pre, out, None
        return pre, out, (frozenset().union(*(s.alts for s in ones if s.before)),
                          frozenset().union(*(s.alts for s in ones if not s.before)), len(ones) < len(out))

    def _candidate_tokens(self, ws: list[str]) -> list[int]:
        """Indexes of the words that have lexicon candidates (:meth:`_candidates`, kept per word, bounded)."""
        memo, loud = self._cands, self._cand_words
        new = set(ws).difference(memo)
        if len(memo) + len(new) > 200_000:
            memo.clear()
            loud.clear()
            self._joined_verbs.clear()
            new = set(ws)
        for w in new:
            got = self._candidates(w)
            memo[w] = got if got[1] else None  # (None: a word without candidates)
            if got[1]:
                loud.add(w)
                if w.startswith("و") and len(w) > 3 and any(kind == "verb" for _, kind, _, _ in got[1]):
                    self._joined_verbs.add(w)
        return [i for i, w in enumerate(ws) if w in loud]

    def _bases_of(self, ws: list[str]) -> list[frozenset[str]]:
        """:func:`word_bases` of each word, only those that are context words of the lexicon (all
        that a context slot can find; mostly none), kept per word (bounded)."""
        memo = self._bases
        out = list(map(memo.get, ws))
        if None in out:
            for k, got in enumerate(out):
                if got is None:
                    got = out[k] = word_bases(ws[k]) & self._ctx_alts
                    if len(memo) < 500_000:
                        memo[ws[k]] = got
        return out

    def _codes_by_hand(self, w: str) -> bool:
        _, cands = self._lookup(w)
        return any(not e.seed and e.pos != "block" for e, _ in cands)

    # -- coding -------------------------------------------------------------------
    def _code_sentence(self, doc: Document, sent: Span, toks: list[Tok], nps: list[NP],
                       hits: list[tuple[int, Entry, str, str, set[int]]], times: list[Span],
                       prev_nps: _Lazy, countries: frozenset[str], inert: frozenset[int],
                       by_country: dict[str, str]) -> list[Event]:
        """The events of one sentence; ``countries``: the entity ids of the document's countries
        (``by_country``: by ISO-3), ``inert``: where the names of its places that cannot act (towns,
        provinces) start."""
        attrs = attribution(toks, nps)
        neg_clauses = negation_scopes(toks)
        out: list[Event] = []
        last_actors: list[NP] = []
        last_place: NP | None = None
        for i, entry, kind, pre, used in hits:
            base = toks[i].w[len(pre):]
            if entry.type == "ASSAULT" and entry.mode != "abduct" and (
                    (base in DEATH_NOUNS or entry.mode == "destroy") if kind == "noun"
                    else entry.frame in ("kill", "pass")) and any(
                    not DISASTERS.isdisjoint(word_bases(t.w)) for t in toks[max(0, i - 12):i + 9]):
                continue  # a death, wound or damage by disaster or accident (أدى زلزال إلى مقتل 226 ألف شخص،
                # أصيب شرطيان بجروح في حادث سير), no attack
            if entry.mode == "boycott" and kind == "noun" and any(
                    x.i == i + 1 and x.etype == "LOC" and x.eid not in countries for x in nps):
                continue  # لمقاطعة هاواي: a province (a place name that is no country follows), not a boycott
            past = kind == "verb" and base.startswith(_head(entry.pattern))
            suffix = ""
            if kind == "noun" and doc.text[toks[i].end - 1] != "ة":  # ضربة is no ضربه (his strike)
                for p in POSSESSIVES:
                    if base.endswith(p) and len(base) > len(p) + 2 and base[:-len(p)] not in ("",):
                        suffix = p
                        break
            elif past and entry.frame == "kill":  # an object pronoun on a perfect verb: خطفهم، قتلها
                # (only there: دعمها, زيارته are as often the noun with a possessive)
                stem = _head(entry.pattern)
                for p in POSSESSIVES:
                    if base.endswith(p) and base[:-len(p)] in (stem, stem + "ت", stem + "و", stem + "وا"):
                        suffix = p
                        break
            actors, recips = assign_roles(i, kind, entry.frame, toks, nps, used, prev_nps, suffix,
                                          physical=entry.type in PHYSICAL, genobj="genobj" in entry.flags,
                                          said=entry.type in SAID)
            if entry.type == "ACCUSE":
                actors, recips = _accusation_roles(toks, nps, i, kind, entry, used, actors, recips)
            if kind == "noun":  # (تنظيم التظاهرة، تنظيم هذا الاجتماع: organising it, not an organisation)
                actors = [a for a in actors if not (
                    in_sentence(toks, a) and a.j - a.i == 1 and toks[a.i].w == ORGANISING
                    and (a.j == i or a.j == i - 1 and toks[i - 1].w in DEMONSTRATIVES))]
            if kind == "noun" and entry.frame == "visit" and not suffix:
                # زيارة موسكو، ألغى ترامب زيارة لندن: a place right after the visit is where, not who visited
                moved = [a for a in actors if a.etype == "LOC" and a.i == i + 1 and not a.marker
                         and agent_sector(toks[a.i].w) is None]  # (not زيارة وزير خارجية قطر: a title heads it)
                actors = _without(actors, moved)
                recips = recips + _without(moved, recips)
            if kind == "noun" and actors and not suffix and entry.type not in SHARED and not _adverbial(toks[i].w) \
                    and not pre.endswith("ب") and not _governed_by_b(_word_before(toks, i)):
                actors = [a for a in actors if not _subject_of_other(toks, hits, i, entry.type, a)]
            actors = _resolve_nominals(toks, nps, actors, recips, prev_nps, entry.type == "ASSAULT")
            if entry.weak:  # the trigger names its own actor (المتظاهرون)
                own = [x for x in nps if x.i <= i < x.j][:1]
                if own:
                    actors, recips = own, [r for r in recips if r is not own[0]]
            if not actors and entry.frame in ("sv", "sym", "visit", "intr", "kill") and last_actors \
                    and kind == "verb" and DAMMA not in doc.text[toks[i].start:toks[i].start + 3]:
                # (not a verb marked passive: تُتهم الشرطة، اُعتقل)
                actors = list(last_actors)  # pro-drop: the subject of the previous event
            if entry.frame == "sym" and len(actors) == 1 and not recips:
                other = last_actors or ([x for x in prev_nps() if x.eid and x.etype == "PER"][-1:])
                actors = actors + [x for x in other if x.eid != actors[0].eid]
            crowd = [x for x in nps if is_crowd(toks, x)] if entry.type == "PROTEST" else []
            if crowd and not any(a in crowd for a in actors):
                # the protesters named in the sentence protest (not a city, the leader or the parliament
                # whose office they gathered at, nor the agency that reported it)
                near = min(crowd, key=lambda x: abs(x.i - i))
                if not any(a.etype == "AGENT" and agent_sector(toks[a.i].w) not in STATE_SECTORS for a in actors):
                    actors = [near]  # (nor the police, the army or the government: they do not protest)
            if entry.type == "ASSAULT" and not any(a.eid or a.etype != "NOUN" for a in actors):
                claim = _claimant(toks, i, nps)  # تبنته طالبان، أعلن تنظيم القاعدة مسؤوليته
                if claim is not None:
                    actors = [claim]
            if entry.type == "ASSAULT" and not actors and kind == "noun":
                # قصف الطيران (الروسي): the word that made it an air strike is who struck
                actors = [x for x in nps if x.etype == "AGENT" and x.i > i and any(x.i <= u < x.j for u in used)][:1]
            if entry.type == "ASSAULT" and kind == "noun" and not actors and (
                    by := _lam_agent(toks, i, nps)) is not None:
                actors, recips = [by], [r for r in recips if r is not by]
            if entry.type == "ASSAULT":
                actors = _attackers(toks, nps, actors)
            if entry.type == "ASSAULT" and not actors:
                # غارة إسرائيلية، قتلوا برصاص إسرائيلي: the country of the nationality adjective struck
                nat = _national_actor(toks, i, by_country)
                if nat is not None:
                    actors = [nat]
            if entry.type == "ASSAULT" and not recips:
                recips = _casualties(toks, i, nps, used) or _strike_target(
                    toks, i, nps, used, countries, entry.mode in ("aerial", "drone"))
                actors = _without(actors, recips)
            elif entry.type == "ASSAULT" and len(recips) == 1 and recips[0].etype == "NOUN" and not (
                    in_sentence(toks, recips[0]) and _people_word(toks[recips[0].i].w)
                    and not toks[recips[0].i].w.endswith(("تين", "تان"))) and (  # (شابين; not غارتين جويتين)
                    aim := _aimed_at(toks, nps, recips[0], used)) is not None:
                recips = [aim]  # the weapon is no recipient: what it was fired at is
            if entry.type == "PROTEST":  # a town is where they protested, not whom (unless ضد، على X)
                recips = [r for r in recips if r.etype != "LOC" or _country(r, countries) or r.marker in RECIP_PREPS]
            if entry.type == "PROTEST" and all(r.etype == "NOUN" for r in recips):
                # a loose word after على (احتجاجا على مقتل فتى برصاص الشرطة) yields to the protest cues
                recips = _protest_target(toks, i, nps, used, countries) or recips
            # again for the phrases the fillers above added (the first pass feeds pro-drop and the claimant)
            actors = _resolve_nominals(toks, nps, actors, recips, prev_nps, entry.type == "ASSAULT")
            actors, recips, announcer = parties(toks, nps, actors, recips, entry.type, i,
                                                kind == "noun" and base in DEATH_NOUNS, inert, kind == "noun",
                                                bool(suffix))
            if entry.type == "ASSAULT":
                # قتلوا بقطع الرأس، وصفت الهجمات بالإرهاب، قصفها بالصواريخ: a bare word after ب is how, not whom
                # (unless it names people: بالمدنيين)
                recips = [r for r in recips if not (
                    r.etype == "NOUN" and in_sentence(toks, r) and not _people_word(toks[r.i].w)
                    and (r.marker == "ب" or _with_b(toks[r.i].w)))]
                # استهدفت غارة إسرائيلية موقعا: an attack word (the strike that did it) is not its own target
                recips = [r for r in recips if not (
                    r.etype == "NOUN" and not r.marker and in_sentence(toks, r)
                    and any(e.type == "ASSAULT" and e.pos == "noun" for e, _ in self._lookup(toks[r.i].w)[1]))]
            # no one is on both sides: a phrase after ضد، على is the recipient (الاحتجاجات التي بدأت ضد نظام
            # الأسد), else the actor (the protesters a crackdown was against: استخدام القوة ضد المتظاهرين)
            both = [r for r in recips if any(a.start == r.start and a.end == r.end for a in actors)]
            if both:
                marked = {(r.start, r.end) for r in both if r.marker in RECIP_PREPS and not entry.weak}
                actors = [a for a in actors if (a.start, a.end) not in marked]
                recips = [r for r in recips if (r.start, r.end) in marked or all(r is not b for b in both)]
            if "needactor" in entry.flags and not any(_official(toks, x, countries) for x in actors):
                # وصلت مساعدات إلى المدينة، المهاجرين الذين يصلون إلى ألمانيا: an arrival is a visit only
                # when a named person, organisation or country, or an official body arrives
                continue
            if "needrecipient" in entry.flags:
                # اعترفت السويد بدولة فلسطين، لا نعترف بمحاولة روسيا ضم القرم recognise someone (the phrase of
                # its ب slot or the name right after it, when nothing else is the recipient), تعترف بها something
                # named before; اعترف بإطلاق النار، اعترف لرجل الدين (confessions) name no one recognised
                pronoun = any(toks[u].w in OBJECT_PRONOUNS_B for u in used)  # (then a name after it is the subject)
                named = [x for x in recips or [x for x in nps if any(x.i <= u + (0 if pronoun else 1) and u < x.j
                                                                     for u in used)]
                         if x.eid is not None or x.etype in ("PER", "ORG", "LOC", "AGENT")]
                if not named and not pronoun:
                    continue
                if not recips and named:
                    recips = named[:1]
                    actors = [a for a in actors if (a.start, a.end) != (recips[0].start, recips[0].end)]
            if kind == "noun" and entry.type == "CONSULT" and len(hits) > 1 and i > 0 \
                    and toks[i - 1].w in SETTING_WORDS:
                continue  # خلال القمة، على هامش الاجتماع: the setting of another event
            if actors:
                last_actors = actors
            dates = _dates(toks, i, times, sent)
            place = _place(toks, i, nps, entry)
            if not recips and entry.type in ("MOBILIZE", "AID"):
                recips = _controller(toks, i, nps)
            if place is None and entry.frame == "visit":  # زار موسكو: the visited place
                place = next((x for x in recips if x.etype == "LOC" and x.eid), None)
            if place is None and last_place is not None:  # ... إلى موسكو، حيث التقى بوتين
                place = last_place
            last_place = place or last_place
            src = next((a[2] for a in attrs if a[0] <= i < a[1] and not (a[2].i <= i < a[2].j)), announcer)
            for value, explicit, _own in dates or [(None, False, False)]:
                own_date = bool(dates) and dates[0][2]
                date = value if value else _month(doc.reference_date)
                modality = entry.fixed_modality or modality_of(
                    toks, i, used, date, explicit, doc.reference_date, toks[i].clause in neg_clauses, past)
                typ, mode = entry.type, entry.mode
                if modality == "future" and typ in CONVERT_FUTURE:
                    typ, mode = CONVERT_FUTURE[typ], None
                ev = self._event(doc, sent, toks, i, used, entry, typ, mode, actors, recips, date, place,
                                 modality, src)
                if not own_date:
                    ev.extra["_borrowed_date"] = True
                out.append(ev)
        return _merge(out)

    def _caption_event(self, doc: Document, sent: Span, toks: list[Tok], nps: list[NP],
                       times: list[Span]) -> list[Event]:
        """A photo caption ``X (...), مع Y, في Z, DATE``: X met Y."""
        named = [x for x in nps if x.eid is not None and x.etype in ("PER", "ORG")]
        for k, x in enumerate(nps):
            if x.marker != "مع" or x.etype not in ("PER", "ORG", "AGENT"):
                continue
            first = next((y for y in named if y.j <= x.i), None)
            if first is None:
                continue
            w = x.i - 1
            entry = Entry("مع", "noun", "CONSULT", None, "sym", frozenset(), (), 0)
            dates = _dates(toks, w, times, sent)
            date = dates[0][0] if dates else _month(doc.reference_date)
            place = _place(toks, w, nps, entry) or next(
                (y for y in nps if y.etype == "LOC" and y.eid and y.i > w and y.marker in PLACE_PREPS), None)
            ev = self._event(doc, sent, toks, w, set(), entry, "CONSULT", None, [first, x], [], date, place,
                             "asserted", None)
            ev.confidence = 0.5
            return [ev]
        return []

    def _event(self, doc: Document, sent: Span, toks: list[Tok], i: int, used: set[int], entry: Entry, typ: str,
               mode: str | None, actors: list[NP], recips: list[NP], date: str | None, place: NP | None,
               modality: str, src: NP | None) -> Event:
        spec = self.types.get(typ, {})
        score = spec.get("score")
        if mode and spec.get("modes", {}).get(mode) is not None:
            score = spec["modes"][mode]
        actor_ids = _ids(actors)
        recip_ids = [x for x in _ids(recips) if x not in actor_ids]
        args: list[dict[str, Any]] = []
        for role, group in (("actor", actors), ("recipient", recips)):
            for x in group:
                args.append({"role": role, "start": x.start, "end": x.end, "text": doc.text[x.start:x.end],
                             "entity": x.eid})
        conf = 0.45 if entry.seed else 0.6
        conf += 0.15 if actor_ids else (0.05 if actors else 0.0)
        conf += 0.1 if recip_ids else 0.0
        conf += 0.05 * min(2, len(entry.context))
        tk = toks[i]
        return Event(id="", type=typ, mode=mode, quad=spec.get("quad"), score=score, actor=actor_ids,
                     recipient=recip_ids, date=date, place=place.eid if place else None,
                     trigger=Span(tk.start, tk.end, "TRIGGER", source=NAME), sentence=Span(sent.start, sent.end, "SENT"),
                     modality=modality, attributed_to=src.eid if src is not None else None,
                     confidence=min(conf, 0.95), extra={"arguments": args})


# -- helpers ----------------------------------------------------------------------
def _word_before(toks: list[Tok], i: int) -> str:
    """The word before token ``i``, past quotation marks (بـ"نزع السلاح")."""
    k = i - 1
    while k >= 0 and toks[k].punct and toks[k].w in QUOTES:
        k -= 1
    return toks[k].w if k >= 0 else ""


def _without(xs: list[NP], drop: list[NP]) -> list[NP]:
    """``xs`` without the phrases of ``drop`` (the same objects, not equal spans)."""
    return [x for x in xs if all(x is not d for d in drop)]


def _with_b(w: str) -> bool:
    """Whether a word carries the proclitic ب (بقطع، وبالإرهاب; not بلدة, whose ب is its own)."""
    return split_proclitics(w)[0][-1:] == "ب"


def _governed_by_b(w: str) -> bool:
    """ب or a noun with ب before the trigger (بـ"نزع"، بمواصلة القتال), not بعد or بين."""
    return w == "ب" or w.startswith("ب") and len(w) > 3 and w not in PREPS and w not in FUNCTION_WORDS


def _adverbial(w: str) -> bool:
    """An indefinite verbal noun in the accusative (تنديدا، احتجاجا، دعما): why or how the verb's subject acted."""
    return w.endswith("ا") and not w.endswith(("ها", "نا")) and not definite(w) and w[:1] not in ("ب", "ل")


def _accusation_roles(toks: list[Tok], nps: list[NP], i: int, kind: str, entry: Entry, used: set[int],
                      actors: list[NP], recips: list[NP]) -> tuple[list[NP], list[NP]]:
    """The actors and recipients of an accusation at ``i``, mended: من after a criticism noun names who made it
    (تلقى انتقادا من منظمات حقوقية); the charge (after ب) holds neither side (اتهم التحالف إيران بتهريب الأسلحة إلى
    الحوثيين, لاتهامها بدعم جماعات إسلامية), and the name right before it is the accused, with its title (ويتهم
    منتقدون الرئيس أردوغان باستغلال، تتهم الأمم المتحدة بالانحياز; a passive too: اتهمت الحركة بتنفيذ هجمات), a bare
    word between the verb and it the accuser. (ندد بالاتفاق: after a condemnation ب marks whom; only accusations,
    mode ``allege``, have a charge.)"""
    if kind == "noun" and not actors:
        by = next((r for r in recips if in_sentence(toks, r) and r.marker == "من" and 0 < r.i - i <= 3), None)
        if by is not None:
            actors, recips = [by], [r for r in recips if r is not by]
    if entry.mode != "allege" or not (recips or actors):
        return actors, recips
    named = {x.i for x in nps if x.eid is not None}
    charge = next((k for k in range(i + 1, len(toks)) if toks[k].clause == toks[i].clause
                   and _with_b(toks[k].w) and k not in named
                   and not not_an_argument(toks[k].w)), None)
    if charge is None:
        return actors, recips
    recips = [r for r in recips if not in_sentence(toks, r) or r.i < charge]
    actors = [a for a in actors if not in_sentence(toks, a) or a.i < charge]
    accused = next((x for x in nps if x.j == charge and x.marker == "" and x.i > i), None)
    if accused is not None and any(a is accused for a in actors):
        # (with its title: الرئيس أردوغان; not the subject before it: ويتهم حزب الشعب الجمهوري أردوغان)
        k = next(n for n, x in enumerate(nps) if x is accused)
        titles = {n for n, x in enumerate(nps) if x.j == accused.i and _appositive(toks, nps, n) == k}
        moved = [a for a in actors if a is accused or any(a is nps[n] for n in titles)]
        actors = _without(actors, moved)
        recips = moved + _without(recips, moved)
        if not actors and kind == "verb" and accused.i > i + 1 and (
                loose := _loose_np(toks, i + 1, toks[i].clause, used)) is not None \
                and loose.i < accused.i and not any(x.i <= loose.i < x.j for x in nps):
            actors = [loose]
    return actors, recips


def _people_word(w: str) -> bool:
    """Whether a word after ب names people (بالمدنيين، بالنساء، بالمتظاهرين): a victim word or a sound plural."""
    w = w.removeprefix("ب").removeprefix("ال")
    return w in VICTIM_WORDS or w.endswith(("ين", "ون")) and len(w) > 4


def _subject_of_other(toks: list[Tok], hits: list[tuple[int, Entry, str, str, set[int]]], i: int, typ: str,
                      x: NP) -> bool:
    """Whether ``x``, written before the noun trigger at ``i``, is the subject of another trigger of
    another type before it in its clause (وأدان الرئيس الفرنسي هذا الهجوم، مطالب مجلس الأمن باستجواب
    حول مقتل): right after that trigger (its genitive, when a noun), or right before it when it is a verb. The noun's doer is not
    the one who condemns or asks about it. The caller is kept: for protests, which the caller organises (دعا
    الاتحاد إلى الإضراب), and for what sides share (SHARED: دعوة بوتين إلى التعاون); for a verbal noun in the
    accusative, whose doer is the verb's (تظاهروا تنديدا بالعدوان); for a noun after ب, what the subject is
    accused of or pledged (اتهمت مسؤولين بتعذيب، تعهد بنزع السلاح، تعهدوا بمواصلة القتال); and for a noun with a possessive, whose
    owner may well be that subject (نفت إيران ... دعمها). The genitive of a patient noun is its victim, not
    its doer (باعتقال ستة أشخاص لضلوعهم في محاولة اغتيال)."""
    if not in_sentence(toks, x) or x.j > i:
        return False
    for h, entry, kind, _, used in hits:
        if h >= i or entry.type == typ or toks[h].clause != toks[i].clause:
            continue
        end = max(used | {h})
        # (only a time or a particle between the verb and its subject: أدان أمس الرئيس)
        after = 0 < x.i - end <= (1 if kind == "noun" else 2) and all(
            not toks[k].punct and (toks[k].time or toks[k].w in FUNCTION_WORDS) for k in range(end + 1, x.i))
        if after and not (kind == "noun" and entry.frame == "obj") or kind == "verb" and 0 <= h - x.j <= 1:
            return True
    return False


def _official(toks: list[Tok], x: NP, countries: frozenset[str]) -> bool:
    """Whether ``x`` can make a visit: a named person or organisation, a country, or a nominal actor of
    the state (الوفد الحكومي، الرئيس الروسي), not migrants or aid (judged arrivals were visits in 1 of 13)."""
    if x.etype in ("PER", "ORG") or x.etype == "LOC" and x.eid in countries:
        return True
    return x.etype == "AGENT" and (x.eid is not None or in_sentence(toks, x)
                                   and agent_sector(toks[x.i].w) in STATE_SECTORS)


class _Lazy:
    """A value computed on first use (the previous sentence's NPs are rarely needed)."""

    __slots__ = ("f", "v")

    def __init__(self, f: Any) -> None:
        self.f, self.v = f, None

    def __call__(self) -> list[NP]:
        if self.v is None:
            self.v = self.f()
        return self.v  # type: ignore[return-value]


def _mark_times(toks: list[Tok], times: list[Span], starts: list[int], sent: Span) -> None:
    """Flag the words inside the document's time expressions (الخميس، 12 مارس): never arguments.
    ``times`` sorted by start, ``starts`` their starts."""
    k = max(0, bisect.bisect_left(starts, sent.start) - 1)  # (one may begin before the sentence)
    tstarts = None
    while k < len(times) and times[k].start < sent.end:
        span = times[k]
        k += 1
        if span.end <= sent.start:
            continue
        if tstarts is None:
            tstarts = [t.start for t in toks]
        m = bisect.bisect_left(tstarts, span.start)
        while m < len(toks) and toks[m].start < span.end:
            toks[m].time = True
            m += 1


def _close_asides(toks: list[Tok], ms: list[tuple[int, int, str | None, str]],
                  is_trigger: Callable[[str], bool]) -> list[Tok]:
    """Without the commas around an aside in the middle of a clause, so that the words on either side
    stay one clause: a time (أرسلت مصر، الأربعاء، مساعدات؛ أعلن الجيش، الجمعة، قصف موقع) or a person's
    name after a title that no trigger word precedes in its clause (تلقى العاهل السعودي، الملك سلمان،
    اتصالا؛ المتحدث باسم الخارجية، أحمد أبو زيد، نفى). After a trigger (نفى قائد الشرطة في كركوك، معن
    السعدي، الاتهامات) the title is the verb's subject already, and a name set off after a title that
    is not read as its apposition would be taken for the object; unless the title is a name's own
    (أشاد الرئيس الأميركي، دونالد ترامب، بالعرض: tagged as a person with the name after it)."""
    commas = [k for k, t in enumerate(toks) if t.punct and t.w in ("،", ",")]
    if len(commas) < 2:
        return toks
    drop: list[int] = []
    persons = {(a, b) for a, b, _, typ in ms if typ == "PER"}
    person_starts = {a for a, b in persons}
    by_start = {t.start: k for k, t in enumerate(toks)}
    # a person's name tagged with its title (الرئيس الروسي): definite, two words or more; a bare name
    # before the comma (ترامب، بوتين، ...) starts a list instead
    titled = {(a, b) for a, b in persons
              if a in by_start and toks[by_start[a]].w.startswith("ال") and b > toks[by_start[a]].end}
    bare = persons - titled
    title_ends = {b for a, b in titled}
    for p, q in pairwise(commas):
        if not (0 < p and not toks[p - 1].punct and 1 <= q - p - 1 <= 5 and q + 1 < len(toks)
                and not toks[q + 1].punct and (not drop or drop[-1] < p)):
            continue
        inner = toks[p + 1:q]
        if all(t.time or t.w in TIME_WORDS for t in inner) or (
                (inner[0].start, inner[-1].end) in persons
                and not any(a <= toks[p - 1].start < b for a, b in bare) and toks[q + 1].start not in person_starts
                and (toks[p - 1].end in title_ends
                     or not any(is_trigger(t.w) for t in toks[:p] if t.clause == toks[p - 1].clause))):
            drop += [p, q]
    if not drop:
        return toks
    out: list[Tok] = []
    shift = 0
    gone = set(drop)
    for k, t in enumerate(toks):
        if k in gone:
            shift += 1
            continue
        t.clause -= shift
        out.append(t)
    return out


def _mentions(doc: Document) -> list[tuple[int, int, str | None, str]]:
    """(start, end, entity id or None, type) of every name in the document, by start."""
    out: list[tuple[int, int, str | None, str]] = []
    for e in doc.entities:
        for m in e.mentions:
            out.append((m.start, m.end, e.id, e.type))
    ents = doc.layer("ents")
    if ents:  # the NER spans that overlap no entity's mention
        seen = {(a, b) for a, b, _, _ in out}
        by_start = sorted(seen)
        starts = [a for a, _ in by_start]
        reach = list(accumulate((b for _, b in by_start), max))  # the furthest end of the mentions so far
        for s in ents:
            k = bisect.bisect_left(starts, s.end)  # the mentions that start before it ends
            if (s.start, s.end) not in seen and not (k and reach[k - 1] > s.start):
                out.append((s.start, s.end, None, s.label))
    out.sort()
    return out


@lru_cache(maxsize=4096)
def _head(pattern: str) -> str:
    """The first head form of a lexicon pattern (``قتل/يقتل``), normalised."""
    return normalize(pattern.split("/")[0])


def _in(mentions: list[tuple[int, int, str | None, str]], sent: Span) -> list[tuple[int, int, str | None, str]]:
    """The mentions inside a sentence (``mentions`` is sorted by start)."""
    lo = bisect.bisect_left(mentions, (sent.start,))
    hi = bisect.bisect_left(mentions, (sent.end + 1,), lo)
    return [m for m in mentions[lo:hi] if m[1] <= sent.end]


def _segments(text: str, to_orig: Any, sents: list[Span]) -> list[tuple[int, int]]:
    """Per sentence, the range of the normalised text where its words start (the first from
    0, the last to the end; a range ends after a word running over the next sentence's start)."""
    n = len(text)
    cuts = [0]
    for s in sents[1:]:
        c = bisect.bisect_left(to_orig, s.start)
        while 0 < c < n and text[c - 1].isalnum() and text[c].isalnum():
            c += 1  # a word belongs to the sentence it starts in
        cuts.append(max(c, cuts[-1]))
    cuts.append(n)
    return list(pairwise(cuts))


def _inside_name(ms: list[tuple[int, int, str | None, str]], start: int, end: int) -> bool:
    """Whether the token at ``[start, end)`` starts inside a name longer than it."""
    for a, b, _, _ in ms:
        if a <= start < b and (b > end or a < start):
            return True
    return False


def _any_in(words: frozenset[str], text: str) -> bool:
    """Whether one of ``words`` (context words: no whitespace) is in ``text``, as a word or a part of one."""
    for x in words:
        if x in text:
            return True
    return False


def _context(toks: list[Tok], i: int, entry: Entry, bases: list[frozenset[str]] | None) -> set[int] | None:
    """Token indexes that fill the entry's context slots, or None when a slot is unfilled.

    ``bases``: :func:`word_bases` of each token (needed when the entry has context slots; only those
    that are context words of the lexicon will do).
    """
    if "cue" in entry.flags:  # cue words: anywhere in the sentence, and no part of the trigger's phrase
        assert bases is not None
        return set() if all(any(not slot.alts.isdisjoint(b) for b in bases) for slot in entry.context) else None
    used: set[int] = set()
    pos = i
    for slot in entry.context:
        assert bases is not None
        alts = slot.alts
        found = -1
        if slot.before:
            for k in range(i - 1, max(-1, i - 4), -1):
                if not toks[k].punct and not alts.isdisjoint(bases[k]):
                    found = k
                    break
        else:
            # a verb's object may come after its subject (أطلقت القوات المتمركزة شرق القطاع صاروخا)
            far = entry.pos == "verb" and pos == i and alts.isdisjoint(PREPS)
            for k in range(pos + 1, min(len(toks), pos + (7 if far else 5))):
                if toks[k].punct and toks[k].w not in "()«»\"":
                    break
                if not alts.isdisjoint(bases[k]):
                    found = k
                    break
            if found >= 0:
                pos = found
        if found < 0:
            return None
        used.add(found)
    return set() if "keep" in entry.flags else used  # keep: the context words stay arguments (طرد المسلحين)
