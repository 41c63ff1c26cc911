"""Who can be a party to an event: the last check on the actors and recipients found for a trigger.

A party is someone who acts or is acted on. Not a town (هجوم دوما: where it happened; countries,
capitals and continents may act), not the subject of شهد (شهدت باريس مواجهات: a setting), not an
action or a thing said (تقديم، الاقتراح، قرار; but what is attacked, arrested or protested against may
be a thing; and only those may be a bare common word at all), not a MISC name, and not who reports a
death (أعلن الجيش عن مقتل: the report is theirs, the event is attributed to them).
"""

from __future__ import annotations

from ..arabic.normalize import normalize
from .events_args import NP, TIME_WORDS, Tok, agent_sector, in_sentence, unsuffixed, verbal_noun
from .events_modality import SPEECH

# types whose recipient may be a thing or an unnamed group (قصفوا منازل، اعتقلوا ناشطين)
THING_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# deaths and injuries: reporting one does not make the reporter the attacker
DEATH_NOUNS = frozenset(normalize(w) for w in ("مقتل", "مصرع", "إصابة", "جرح", "استشهاد", "وفاة", "سقوط"))
# شهدت باريس مواجهات: the subject of "witnessed" is where (or when) it happened, not who acted
WITNESSED = frozenset(normalize(p + w) for p in ("", "و", "ف") for w in ("شهد", "شهدت", "تشهد", "يشهد", "شهدا"))


def parties(toks: list[Tok], nps: list[NP], actors: list[NP], recips: list[NP], typ: str, i: int,
            reported_death: bool, inert: frozenset[int], noun: bool = False,
            owned: bool = False) -> tuple[list[NP], list[NP], NP | None]:
    """The actors and recipients of trigger ``i`` that can be parties, and who reported it.

    ``reported_death``: the trigger is a noun of death or injury (:data:`DEATH_NOUNS`);
    ``inert``: where the names of the document's places that cannot act start; ``noun``: the trigger
    is a noun (whose doer is not who describes it: وصف ترامب الهجوم بأنه مروع); ``owned``: a noun with a possessive
    pronoun (بيانا بشأن زيارته: the pronoun's antecedent visited, whatever stands between).
    """
    actors = [a for a in actors if not (a.eid and a.start in inert) and not _witness(toks, nps, a)
              and not (noun and (_speaker(toks, nps, a, i, COMMENTED) or not owned and _onlooker(toks, nps, a, i)))]
    announcer = None
    if typ == "ASSAULT" and reported_death:
        announcer = next((a for a in actors if _speaker(toks, nps, a, i, SPEECH)), None)
        actors = [a for a in actors if a is not announcer]
    # (nor is an act or a death found by position: ردا على إطلاق الصواريخ، أدت إلى سقوط قتلى)
    actors = [a for a in actors if a.etype != "NOUN" or not action_word(toks, a)]
    recips = [r for r in recips if r.etype != "NOUN" or not _act_or_death(toks[r.i].w if in_sentence(toks, r) else "")]
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


def _onlooker(toks: list[Tok], nps: list[NP], a: NP, i: int) -> bool:
    """Whether ``a``, written before the noun trigger ``i``, only counts, records or worries about it: the subject
    of a verb of counting or recording (أحصى المرصد تنفيذ 600 ضربة، نشر المتحدث مقطعا يظهر مساعدات), or a
    phrase the trigger is about or caused by (عبرت الأمم المتحدة عن قلقها بشأن تصاعد القتال، أعلن المجلس حالة
    الطوارئ بسبب المعارك)."""
    if a.j > i or not _own(nps, a):
        return False
    if a.i > 0 and toks[a.i - 1].w in OBSERVED or a.j < len(toks) and toks[a.j].w in OBSERVED:
        return True
    # (not the sides of a memorandum about cooperation, مذكرة بين الوزارتين حول التعاون, nor the owner of a stance
    # about it, موقف الدول الغربية بشأن تقديم مساعدات)
    return a.marker not in SIDES and any(toks[k].w in ABOUT for k in range(max(a.j + 1, i - 3), i))


# verbs whose subject counts, records or shows an event, never does it
OBSERVED = frozenset(normalize(p + w) for p in ("", "و") for w in (
    "أحصى", "أحصت", "يحصي", "تحصي", "رصد", "رصدت", "يرصد", "ترصد", "وثق", "وثقت", "يوثق", "توثق", "سجل", "سجلت",
    "نشر", "نشرت"))
SIDES = frozenset(normalize(w) for w in ("بين", "مع"))
# what an event noun after them is the topic or the cause of (قلقها بشأن تصاعد القتال، بسبب المعارك)
ABOUT = frozenset(normalize(w) for w in ("بشأن", "بشان", "حول", "إزاء", "ازاء", "حيال", "بسبب", "جراء", "نتيجة",
                                         "بخصوص"))


def _own(nps: list[NP], x: NP) -> bool:
    """Whether ``x`` is one of the sentence's phrases (not one taken from the previous sentence, whose
    token indexes are another sentence's)."""
    return any(x is y for y in nps)


def _witness(toks: list[Tok], nps: list[NP], x: NP) -> bool:
    """Whether ``x`` is the subject of شهد (شهدت باريس الثلاثاء مواجهات)."""
    return x.i > 0 and _own(nps, x) and toks[x.i - 1].w in WITNESSED


def _speaker(toks: list[Tok], nps: list[NP], a: NP, i: int, verbs: frozenset[str]) -> bool:
    """Whether ``a`` is the subject of one of ``verbs`` (speech verbs, :data:`SPEECH`) whose object is trigger
    ``i``, before the verb or after it: أعلن X عن مقتل، أفاد X بمقتل، ذكرت X مساء أمس مقتل، المرصد أعلن مقتل، وتحدث
    المرصد من جهته عن مقتل."""
    if a.j > i or not _own(nps, a):
        return False
    if a.j < len(toks) and toks[a.j].w in verbs:  # SVO: المرصد السوري أعلن مقتل
        k = a.j + 1
    elif a.i > 0 and (toks[a.i - 1].w in verbs or a.i > 1 and toks[a.i - 2].w in verbs and not toks[a.i - 1].punct):
        k = a.j  # (the name may follow a head word: أعلن مكتب رئاسة الحكومة)
    else:
        return False
    while k < i and (toks[k].time or toks[k].w in TIME_WORDS or toks[k].w in ASIDE_WORDS):
        k += 1
    return k == i


# between a speech verb's subject and its object: عن، من جهته
ASIDE_WORDS = frozenset(normalize(w) for w in ("عن", "من", "جهته", "جهتها", "جانبه", "جانبها", "ناحيته", "ناحيتها"))
# verbs of describing or commenting on an event: their subject does not do it (وصف ترامب الهجوم بأنه مروع)
COMMENTED = frozenset(normalize(p + w) for p in ("", "و") for w in (
    "وصف", "وصفت", "يصف", "تصف", "اعتبر", "اعتبرت", "يعتبر", "تعتبر", "علق", "علقت", "تحدث", "تحدثت", "يتحدث",
    "تتحدث"))


def action_word(toks: list[Tok], x: NP) -> bool:
    """Whether a loose phrase is an action, a death or a thing said (:func:`verbal_noun` of its first word,
    :data:`DEATH_NOUNS`), not a party that can act or be acted on."""
    return verbal_noun(toks[x.i].w if x.i < len(toks) else "")


def _act_or_death(w: str) -> bool:
    """Whether a loose recipient is a death (سقوط، وإصابة) or an act of the forms that name no thing or group
    (استفعال، تفعيل: استخدام، تنفيذ; or إطلاق): what an attack caused or answered, never whom it hit. (Not every
    verbal noun: أحياء، أفراد، الائتلاف have the same letters as one.)"""
    w = w.removeprefix("و")
    for p in ("بال", "لل", "ال", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 4:
            w = w[len(p):]
            break
    n = len(w)
    # (مصرعهم، مقتله: a death with its owner)
    return w in DEATH_NOUNS or unsuffixed(w) in DEATH_NOUNS or w in LAUNCHES or w in HARMS or (
        n >= 6 and w.startswith("است")) or n == 5 and w[0] == "ت" and w[3] == "ي"


# harms done, never whom they were done to (اغتصاب وقتل فتاة، أصيبوا بجروح)
HARMS = frozenset(normalize(w) for w in ("قتل", "جروح", "جراح", "اغتصاب", "تعذيب", "خطف", "اختطاف", "ذبح"))


# إطلاق الصواريخ: a launch (إفعال: the form of أحياء, أفراد too, so named one by one)
LAUNCHES = frozenset(normalize(w) for w in ("إطلاق", "إسقاط", "إحراق", "إضرام"))
