"""Who can be a party to an event: the last check on the actors and recipients found for a trigger.

A party is someone who acts or is acted on. Not a town (هجوم دوما: where it happened; countries,
capitals and continents may act), not the subject of شهد (شهدت باريس مواجهات: a setting), not an
action or a thing said (تقديم، الاقتراح، قرار; but what is attacked, arrested or protested against may
be a thing; and only those may be a bare common word at all), not a MISC name, and not who reports a
death (أعلن الجيش عن مقتل: the report is theirs, the event is attributed to them).
"""

from __future__ import annotations

from ..arabic.normalize import normalize
from .events_args import NP, TIME_WORDS, Tok, agent_sector
from .events_modality import SPEECH

# types whose recipient may be a thing or an unnamed group (قصفوا منازل، اعتقلوا ناشطين)
THING_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# nouns of things said, planned or decided: what is proposed, rejected or agreed, never who
THING_NOUNS = frozenset(normalize(w) for w in (
    "قرار", "فكرة", "صمت", "عقد", "خطة", "مشروع", "مبادرة", "مقترح", "مقترحات", "اقتراح", "طلب", "فرصة",
    "موقف", "سياسة", "مطالب", "مطلب", "خطوة", "إجراء", "إجراءات", "قانون", "تصريحات", "مزاعم", "ادعاءات"))
# deaths and injuries: reporting one does not make the reporter the attacker
DEATH_NOUNS = frozenset(normalize(w) for w in ("مقتل", "مصرع", "إصابة", "جرح", "استشهاد", "وفاة", "سقوط"))
# شهدت باريس مواجهات: the subject of "witnessed" is where (or when) it happened, not who acted
WITNESSED = frozenset(normalize(p + w) for p in ("", "و", "ف") for w in ("شهد", "شهدت", "تشهد", "يشهد", "شهدا"))


def parties(toks: list[Tok], nps: list[NP], actors: list[NP], recips: list[NP], typ: str, i: int,
            reported_death: bool, inert: frozenset[int]) -> tuple[list[NP], list[NP], NP | None]:
    """The actors and recipients of trigger ``i`` that can be parties, and who reported it.

    ``reported_death``: the trigger is a noun of death or injury (:data:`DEATH_NOUNS`);
    ``inert``: where the names of the document's places that cannot act start.
    """
    actors = [a for a in actors if not (a.eid and a.start in inert) and not _witness(toks, nps, a)]
    announcer = None
    if typ == "ASSAULT" and reported_death:
        announcer = next((a for a in actors if _announcer(toks, nps, a, i)), None)
        actors = [a for a in actors if a is not announcer]
    actors = [a for a in actors if a.etype != "NOUN" or not action_word(toks, a)]
    if typ not in THING_TARGETS:
        # a party to a meeting, a demand or an accusation is named or a nominal actor: a bare common
        # word found by position (the word after the verb or after على) was right in 1 list of 5 on
        # judged news, and a bare word acting in 1 of 3
        def named(x: NP) -> bool:  # (or a nominal actor's word the phrase was cut from: السفير)
            return x.etype != "NOUN" or _own(nps, x) and agent_sector(toks[x.i].w) is not None

        recips = [r for r in recips if named(r)]
        actors = [a for a in actors if named(a)]
    # (a MISC name, an event or a title of a work, is no party: right in 4 lists of 18; unless the
    # tagger gave that label to a nominal actor: ميليشيا مسلحة)
    def party(x: NP) -> bool:
        return x.etype != "MISC" or not _own(nps, x) or agent_sector(toks[x.i].w) is not None

    return [a for a in actors if party(a)], [r for r in recips if party(r)], announcer


def _own(nps: list[NP], x: NP) -> bool:
    """Whether ``x`` is one of the sentence's phrases (not one taken from the previous sentence, whose
    token indexes are another sentence's)."""
    return any(x is y for y in nps)


def _witness(toks: list[Tok], nps: list[NP], x: NP) -> bool:
    """Whether ``x`` is the subject of شهد (شهدت باريس الثلاثاء مواجهات)."""
    return x.i > 0 and _own(nps, x) and toks[x.i - 1].w in WITNESSED


def _announcer(toks: list[Tok], nps: list[NP], a: NP, i: int) -> bool:
    """Whether ``a`` is the subject of a speech verb whose object is trigger ``i`` (أعلن X عن مقتل،
    أفاد X بمقتل، ذكرت X مساء أمس مقتل)."""
    if a.i == 0 or a.j > i or not _own(nps, a):
        return False
    # (the name may follow a head word: أعلن مكتب رئاسة الحكومة)
    if toks[a.i - 1].w not in SPEECH and not (a.i > 1 and toks[a.i - 2].w in SPEECH and not toks[a.i - 1].punct):
        return False
    k = a.j
    while k < i and (toks[k].time or toks[k].w in TIME_WORDS or toks[k].w == "عن"):
        k += 1
    return k == i


def action_word(toks: list[Tok], x: NP) -> bool:
    """Whether a loose phrase is an action or a thing said (:func:`verbal_noun` of its first word), not a
    party that can act or be acted on."""
    return verbal_noun(toks[x.i].w if x.i < len(toks) else "")


def verbal_noun(w: str) -> bool:
    """Whether word ``w`` (normalised, with or without its proclitics) is an action or a thing said: a
    verbal noun (تقديم، استخدام، الإفراج، انسحاب، تعاون، مساعدة) or قرار، الفكرة، الاقتراح."""
    for p in ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    if w in THING_NOUNS or w.endswith(("ي", "ين", "ون", "يه", "يون", "يين")):
        return w in THING_NOUNS
    n = len(w)
    return (n >= 6 and w.startswith("است")  # استفعال
            or n == 5 and w[0] == "ت" and w[3] == "ي"  # تفعيل
            or n == 5 and w[0] == "ت" and w[2] == "ا"  # تفاعل
            or n == 5 and w[0] == "ا" and w[3] == "ا"  # إفعال
            or n == 6 and w[0] == "ا" and w[2] == "ت" and w[4] == "ا"  # افتعال
            or n == 6 and w.startswith("ان") and w[4] == "ا"  # انفعال
            or n == 6 and w[0] == "م" and w[2] == "ا" and w[-1] == "ه")  # مفاعلة
