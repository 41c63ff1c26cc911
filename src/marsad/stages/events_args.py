"""Event arguments: noun phrases of a sentence and who did what to whom.

A sentence's candidate arguments (:class:`NP`) are the entity mentions of
``doc.entities`` (with their ids), NER spans not linked to an entity, and nominal
actors (``الشرطة``, ``المتظاهرين``, ``رئيس الوزراء`` ...) from
``resources/events/agents.tsv``. Each NP records the preposition that governs it
(``مع``, ``على``, ``إلى``, ``من قبل`` or a proclitic ``ب``/``ل``), which, with the word
order around the trigger and the lexicon's frame, decides its role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..arabic.clitics import split_proclitics
from ..arabic.normalize import normalize

# standalone prepositions (normalised) that mark an NP
PREPS = frozenset(normalize(w) for w in (
    "مع", "على", "ضد", "إلى", "من", "عن", "في", "بين", "لدى", "عند", "نحو", "تجاه", "حول", "بحق", "إزاء",
    "داخل", "قرب", "أمام", "خلال", "منذ", "بعد", "قبل", "لصالح", "برفقة", "بمشاركة", "عبر", "باتجاه"))
RECIP_PREPS = frozenset(normalize(w) for w in ("على", "ضد", "إلى", "ل", "لل", "تجاه", "نحو", "بحق", "من", "لصالح", "إزاء"))
SYM_PREPS = frozenset(normalize(w) for w in ("مع", "ب", "بين", "برفقة", "بمشاركة"))
PHONE_WORDS = frozenset(normalize(w) for w in ("هاتفي", "هاتفيا", "هاتفية", "الهاتفي", "الهاتفية"))
PLACE_PREPS = frozenset(normalize(w) for w in ("في", "ب", "داخل", "قرب", "أمام"))
QUOTES = frozenset('«»"\'“”')
# the other side of a clash (قتلوا في مواجهات مع قوات الأمن): the attacker of the victims
CLASH = frozenset(normalize(w) for w in ("مواجهات", "اشتباكات", "معارك", "قتال", "مواجهة", "اشتباك", "معركة",
                                         "المواجهات", "الاشتباكات", "المعارك"))
# من قبل X: X is the agent of a passive or a nominal (not من جانب: من جانبه is "for his part")
BY_AGENT = frozenset(normalize(w) for w in ("قبل",))
HANDS = frozenset(normalize(w) for w in ("يد", "أيدي", "يدي"))  # على يد X، على أيدي X
# cardinal numbers and counting nouns (ثلاثين طالبا: a counted word, never a verb)
CARDINALS = frozenset(normalize(w) for w in (
    "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "عشرين", "ثلاثين", "أربعين", "خمسين",
    "ستين", "سبعين", "ثمانين", "تسعين", "مئة", "مائة", "ألف", "آلاف", "الاف", "عشرات", "مئات", "بضعة", "عدة",
    "مليون", "ملايين", "مليار"))
# words of a count phrase (ما لا يقل عن، نحو، عدد من ...): the cardinals, and more
NUMBER_WORDS = CARDINALS | frozenset(
    normalize(w) for w in (
        "اثنين", "اثنان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع", "عشر", "عدد", "نحو", "حوالي",
        "أكثر", "قرابة", "ما", "لا", "يقل", "عن", "من", "عددا", "أحد", "إحدى", "مجموعه",
        "العشرات", "المئات", "الآلاف", "الالاف", "ألوف", "معظمهم", "غالبيتهم", "بينهم", "أغلبهم", "اغلبهم"))
# quantities that open a loose phrase before the counted word (عدد كبير من الأشخاص، العديد من المواقع، جميع طرق
# الإمداد، أكبر عدد من المهاجرين)
QUANTITIES = frozenset(normalize(w) for w in ("كبير", "العديد", "جميع", "كافة", "أكبر"))
# nouns of a place or building between a preposition and its name (في مدينة تيزي وزو، أمام مقر البرلمان)
DIRECTIONS = frozenset(normalize(w) for w in ("شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي",
                                             "غربي"))
PLACE_NOUNS = DIRECTIONS | frozenset(normalize(w) for w in (
    "مدينة", "بلدة", "قرية", "منطقة", "محافظة", "ولاية", "إقليم", "اقليم", "مقاطعة", "حي", "ضاحية", "مخيم",
    "العاصمة", "قضاء", "ناحية", "مديرية", "بلدية", "سوق", "ميدان", "ساحة", "شارع", "مقر", "مقار", "مبنى", "قصر",
    "مكتب", "منزل", "بيت", "حاجز", "معبر", "سجن", "مطار", "ميناء"))
NISBA_ENDS = ("ي", "يه", "يين", "يون", "يان", "ييه")
NOT_NISBA = frozenset(normalize(w) for w in ("في", "الذي", "التي", "على", "الى", "إلى", "حتى", "لدي", "الي", "هي",
                                             "بني", "اي", "أي", "لي", "كي", "اذي")) | frozenset(
    # nouns in ى, written ي once normalised (المبنى: no nisba)
    normalize(a + w) for a in ("", "ال") for w in ("مبنى", "مستشفى", "مقهى", "منتدى", "ملتقى", "مستوى", "مرمى",
                                                  "مصلى", "مشفى", "معنى", "مبنيين"))
TITLE_OK = frozenset(normalize(w) for w in ("الدفاع", "الخارجية", "الداخلية", "الوزراء", "الدولة", "الأركان",
                                             "الدين", "التعليم", "الصحة", "النفط", "التربية", "الإعلام", "الاعلام",
                                             "الزراعة", "الاقتصاد", "التجارة", "الثقافة", "النقل", "الطاقة",
                                             "العمل", "الأوقاف", "الاوقاف", "الإسكان", "الشؤون", "الرئاسة",
                                             "الكرملين", "الجمهورية", "البرلمان", "المجلس", "الحكومة", "الأمن",
                                             "الشرطة", "الجيش", "العدل", "المالية", "النواب", "الشيوخ"))


@dataclass(slots=True)
class Tok:
    """A word of a sentence: offsets into ``doc.text`` and its normalised form."""

    start: int
    end: int
    w: str
    clause: int = 0
    punct: bool = False
    time: bool = False  # inside a time expression of the document (الخميس، 12 مارس)


@dataclass(slots=True)
class NP:
    """A candidate argument: tokens ``[i, j)``, text offsets, entity id, type, marker."""

    i: int
    j: int
    start: int
    end: int
    eid: str | None
    etype: str
    marker: str = ""
    pron: bool = False
    extra_ids: list[str] = field(default_factory=list)


def in_sentence(toks: list[Tok], x: NP) -> bool:
    """Whether ``x`` is a phrase of this sentence's words, by offset (one taken from the previous
    sentence has another sentence's token indexes; one built for a trigger is not in the list)."""
    return x.i < len(toks) and toks[x.i].start <= x.start < toks[x.i].end


@lru_cache(maxsize=1)
def agents() -> dict[str, str]:
    """Nominal actor head word (normalised, without article) -> sector."""
    text = resources.files("marsad.resources").joinpath("events/agents.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        w = normalize(cols[0].strip())
        out[w] = cols[1].strip() if len(cols) > 1 else "UNK"
        if w.startswith("ال"):
            out.setdefault(w[2:], out[w])
    return out


@lru_cache(maxsize=200_000)
def _agent_head(w: str) -> str | None:
    """The nominal-actor head a word is (with proclitics, accusative alif or a possessive)."""
    head = _agent_head1(w)
    if head is None and len(w) > 4:
        for suf in ("ا", "ه", "ها", "هم", "هما"):  # مهاجما، قواته، جنودها
            if w.endswith(suf):
                base = w[:-len(suf)]
                if suf != "ا" and base.endswith("ت") and _agent_head1(base[:-1] + "ه"):
                    return _agent_head1(base[:-1] + "ه")  # حكومته -> حكومه
                head = _agent_head1(base)
                if head is not None:
                    return head
    return head


def agent_sector(w: str) -> str | None:
    """The PLOVER sector of a nominal actor word (الشرطة: COP), or None."""
    head = _agent_head(w)
    return agents().get(head) if head is not None else None


def possessive(w: str) -> str:
    """The possessive suffix of a nominal actor word (جنوده: ه, قواتها: ها), or ''."""
    head = _agent_head(w)
    if head is None or w.endswith(head):
        return ""
    for suf in ("هما", "هم", "ها", "ه"):
        if w.endswith(suf):
            return suf
    return ""


def _agent_head1(w: str) -> str | None:
    ag = agents()
    if w in ag or _plural_nisba(w):
        return w
    for p in ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            base = w[len(p):]
            if base in ag or (p.endswith(("ال", "لل")) and _plural_nisba(base)):
                return base
    return None


def _extends(prev: str, w: str) -> bool:
    """Whether ``w`` continues the nominal phrase ending in ``prev``.

    Nisba adjectives always do (الجيش الأمريكي); a definite genitive (وزير الدفاع,
    قوات الأمن) only after an indefinite construct head; never a word with a
    proclitic preposition or conjunction (المحتجون الحكومة، الوزير بنظيره).
    """
    if w.startswith(("وال", "بال", "لل", "فال", "وب", "ول", "فب")):
        return False
    if prev.startswith("ال") == w.startswith("ال") and len(w) > 5 and prev[-2:] == w[-2:] and w[-2:] in ("ون", "ين") \
            and prev in agents() and w not in agents() and not w.startswith(("ي", "ت")):
        return True  # المتظاهرون الغاضبون، مسلحون مجهولون: a plural adjective agrees with its head
    if _is_nisba(w) and w not in agents() and not (w[:1] in ("و", "ب", "ل") and _is_nisba(w[1:])) \
            and not (prev.endswith("ات") and w.endswith("ي")) \
            and not (prev.endswith(("ون", "ين")) and len(prev) > 5 and w.endswith("ه")):
        # فرنسيون, الأمريكي (but not وعراقيون: a new conjunct; nor السلطات الصحفي, المحتجين القنصلية: no
        # agreement, as people in a sound plural take a plural adjective)
        return True
    if w[:1] in ("و", "ب", "ل", "ف") and not w.startswith("ال") and (
            _is_nisba(w[1:]) or agents().get(w[1:]) is not None):
        return False
    # only an indefinite noun without a final nun (وزير، قوات، رجال) governs a genitive, and an
    # accusative (صحفيا) is never one
    construct = not prev.startswith("ال") and not prev.endswith(("ون", "ين", "ان")) and not w.endswith("ا")
    return construct and (w in TITLE_OK or _agent_head(w) is not None)


def _adjective_ending(head: str, w: str) -> bool:
    """Whether the indefinite word ``w`` after the phrase's ``head`` is its adjective (منظمات حقوقية), which takes
    no genitive: a nisba that agrees with the head in gender; not a noun of that form (رئيس بلدية القدس، مدفعية
    الجيش، وزير خارجية قطر)."""
    if not _is_nisba(w) or "ال" + w in TITLE_OK:
        return False
    return _agrees(head.endswith(("ه", "ات")), w)


# groups, not titles of one person: a name after them is another party
_GROUPS = frozenset(normalize(w) for w in ("معارضة", "حكومة", "جيش", "شرطة", "سلطات", "حركة", "جماعة", "تنظيم",
                                           "حزب", "قوات", "دولة", "نظام", "تحالف", "منظمة", "مجلس", "وزارة"))


def _collective(w: str) -> bool:
    """Whether a nominal actor names a group (المعارضة، حزب، المحتجون، السلطات), not one person's title."""
    w = w.removeprefix("و")
    return w.removeprefix("ال") in _GROUPS or w.startswith("ال") and w.endswith(("ون", "ين", "ات")) and len(w) > 5


def _plural_nisba(w: str) -> bool:
    """A plural nisba noun (الفلسطينيين، العراقيون، الحقوقيين): a group of people."""
    return len(w) >= 6 and w.endswith(("يين", "يون")) and not w.startswith(("ي", "ت"))


def definite(w: str) -> bool:
    """Whether a word carries the article, past a conjunction and a preposition (والهجوم، بالهجوم، للجيش)."""
    if w[:1] in ("و", "ف") and len(w) > 4:
        w = w[1:]
    if w[:1] in ("ب", "ك") and w[1:3] == "ال":
        w = w[1:]
    return w.startswith(("ال", "لل")) and len(w) > 4


def adjective_of(noun: str, w: str, owned: bool = False) -> bool:
    """Whether the definite word ``w`` right after the definite (or ``owned``: with a possessive) noun is
    its adjective: a definite noun takes no genitive, and an adjective agrees in gender (a plural of
    things takes the feminine: الضربات المتلاحقة، الحصار الظالم، سيطرتها الكاملة)."""
    if not w.startswith("ال") or not (owned or definite(noun)):
        return False
    stem = noun
    for suf in ("هما", "هم", "ها", "ه"):
        if owned and stem.endswith(suf) and len(stem) > len(suf) + 2:
            stem = stem[:-len(suf)]
            break
    return _agrees(stem.endswith(("ه", "ات", "ت")) if owned else stem.endswith(("ه", "ات")), w)


def _agrees(feminine: bool, w: str) -> bool:
    """Whether adjective ``w`` agrees in gender with a noun that is ``feminine`` (a plural of things takes the
    feminine; a plural nisba of people, يين/يون, goes with either)."""
    return feminine == w.endswith("ه") or w.endswith(("يين", "يون"))


def _is_nisba(w: str) -> bool:
    if not (len(w) >= 4 and w.endswith(NISBA_ENDS)) or w in NOT_NISBA or w.startswith(("ي", "ت")) \
            or len(w) >= 5 and w.startswith(("وت", "وي")):  # (وتبنى: و and a verb)
        return False
    base = w.removeprefix("ال")
    # ـية needs a stem of three letters or more: العربية, الأمريكية, but not القرية; and ألقى
    # (normalised القي) is a verb, not ال + a two-letter nisba
    return not (base.endswith("يه") and len(base) < 5) and len(base) >= 3


def marker_of(toks: list[Tok], i: int, proclitic: str) -> str:
    """The preposition governing the NP starting at token ``i``."""
    pro = proclitic
    if pro.startswith(("و", "ف")):
        pro = pro[1:]
    if pro.startswith("ب"):
        return "ب"
    if pro.startswith("ل"):
        return "ل"
    if pro.startswith("ك"):
        return "ك"
    if i > 0:
        prev = toks[i - 1].w
        if doer_cue(toks, i - 1):  # من قبل X، على يد X، برصاص X: X acts
            return "من قبل"
        if prev == "من" and i > 1 and (toks[i - 2].w in NUMBER_WORDS or toks[i - 2].w.isdigit()
                                       or toks[i - 2].w == "كل"):  # (كل من أمريكا وفرنسا: both of them)
            return ""  # عدد من جنود المارينز، سبعة من عناصر الشرطة: a counted group, not a preposition
        if prev in PLACE_NOUNS or _is_nisba(prev):
            # في (وسط) مدينة X، بمنطقة شمال X، في العاصمة المالية باماكو: the preposition before the place
            # nouns (and their adjectives); رفح جنوب قطاع غزة، حمص وسط سوريا: a direction after a place
            # is where, whatever comes before it
            k = i - 1
            while k > 0 and (toks[k].w in PLACE_NOUNS or _is_nisba(toks[k].w)) and not toks[k].punct:
                k -= 1
            passed = [toks[m].w for m in range(k + 1, i)]
            if any(w in PLACE_NOUNS for w in passed):
                w = toks[k].w
                if w in PREPS:
                    return w
                if w[:1] in ("ب", "ل") and w[1:] in PLACE_NOUNS:
                    return w[:1]
                if any(w in DIRECTIONS for w in passed) and not toks[k].punct:
                    return "في"
        if prev[:1] == "ب" and prev[1:] in PLACE_NOUNS:  # بمدينة العريش
            return "ب"
        if prev in PREPS:
            return prev
        if prev[:1] in ("و", "ف") and prev[1:] in PREPS:
            return prev[1:]
    if proclitic[:1] == "و":
        return "و"
    return ""


def doer_cue(toks: list[Tok], m: int) -> bool:
    """Whether token ``m`` introduces the doer of a passive or of a harm: من قبل X، على يد X،
    على أيدي X، قتل برصاص X، بنيران X (not قبل يومين)."""
    w, prev = toks[m].w, toks[m - 1].w if m > 0 else ""
    return w in BY_FIRE or w in BY_AGENT and prev == "من" or w in HANDS and prev == normalize("على")


def build_nps(text: str, toks: list[Tok], mentions: list[tuple[int, int, str | None, str]]) -> list[NP]:
    """Candidate arguments of a sentence, left to right, non-overlapping."""
    nps: list[NP] = []
    if not toks:
        return nps
    starts = [t.start for t in toks]
    import bisect

    covered: set[int] = set()
    for ms, me, eid, etype in mentions:
        i = bisect.bisect_right(starts, ms) - 1
        i = max(i, 0)
        j = bisect.bisect_left(starts, me)
        if j <= i:
            j = i + 1
        pro = normalize(text[toks[i].start:ms]) if ms > toks[i].start else ""
        nps.append(NP(i, j, ms, me, eid, etype, marker_of(toks, i, pro)))
        covered.update(range(i, j))
    # nominal actors, extended over a genitive title word, nisba adjectives and an adjacent name
    k = 0
    n = len(toks)
    while k < n:
        if k in covered or toks[k].punct:
            k += 1
            continue
        head = _agent_head(toks[k].w)
        if head is None or k > 0 and toks[k - 1].w in RELATIVE_WORDS or toks[k].w in PREP_NOUNS:
            # (الاحتجاجات التي قادها معارضون: the word after a relative pronoun is its clause's verb, though
            # قادها reads as قادة + ها; مشيرا إلى is no مشير, a field marshal)
            k += 1
            continue
        j = k + 1
        # (an adjective of the head takes no genitive: منظمات حقوقية | القوات الإسرائيلية)
        while j < n and j not in covered and not toks[j].punct and _extends(toks[j - 1].w, toks[j].w) and not (
                j - 1 > k and not _is_nisba(toks[j].w) and _adjective_ending(toks[k].w, toks[j - 1].w)):
            j += 1
        idx = toks[k].w.find(head)
        pro = toks[k].w[:idx] if idx > 0 else ""
        pro = pro.removesuffix("ال")
        np_ = NP(k, j, toks[k].start + len(pro), toks[j - 1].end, None, "AGENT", marker_of(toks, k, pro))
        # an adjacent name (رئيس الوزراء نوري المالكي, قوات حفتر) gives the phrase its entity
        for other in nps:
            if other.i == j and other.marker == "" and _name_joins(toks, k, j, other):
                np_.eid, np_.etype, np_.j, np_.end = other.eid, other.etype, other.j, other.end
                other.eid = "__merged__"
                break
        nps.append(np_)
        covered.update(range(k, j))
        k = j
    nps = [_kin(toks, x) for x in nps if x.eid != "__merged__"]
    nps.sort(key=lambda x: (x.i, -(x.j - x.i)))
    out: list[NP] = []
    last = -1
    for x in nps:
        if x.i >= last:
            out.append(x)
            last = x.j
    return out


# a relative before a name: the relative, not the person named, is the party (ألقي القبض على نجل مرسي)
KIN = frozenset(normalize(w) for w in ("نجل", "نجلة", "ابن", "ابنة", "شقيق", "شقيقة", "زوجة", "والد", "والدة",
                                       "أبناء", "حفيد", "صهر", "أنجال", "أشقاء"))
# ... or the family named after the person, which the name stands for (اتهمت عائلة غوبتا)
FAMILY = frozenset(normalize(w) for w in ("عائلة", "أسرة", "أقارب", "ذوي"))


def _kin(toks: list[Tok], x: NP) -> NP:
    """``x``, or the phrase of the relative when a kin word stands right before the name (نجل مرسي، لشقيق
    الرئيس: a common phrase of no entity) or of the family (عائلة غوبتا: the name's entity), with the kin word's
    marker."""
    k = x.i - 1
    if k < 0 or x.marker or toks[k].punct:
        return x
    pro, base = split_proclitics(toks[k].w)
    if base not in KIN and base not in FAMILY:
        return x
    start = toks[k].start + len(pro)
    marker = marker_of(toks, k, pro.removeprefix("و"))
    if base in FAMILY:
        return NP(k, x.j, start, x.end, x.eid, x.etype, marker, x.pron, x.extra_ids)
    return NP(k, x.j, start, x.end, None, "NOUN", marker)


def _name_joins(toks: list[Tok], k: int, j: int, name: NP) -> bool:
    """Whether the name starting at token ``j`` belongs to the nominal actor ``[k, j)`` before it: as its genitive
    (قوات حفتر، حكومة بن دغر), its title's person (رئيس الوزراء نوري المالكي، الرئيس الأمريكي دونالد ترامب) or a people
    after its group (الدبلوماسيين الروس). Not a place or a body after a definite phrase or an adjective, which take
    no genitive (ويتهم التحالف إيران، اتهم النظام السوري إسرائيل، منظمات حقوقية القوات الإسرائيلية); not a person after
    a definite group (يتهم المحتجون سركسيان، اتهمت المعارضة أردوغان)."""
    last = toks[j - 1].w
    if not (name.eid is not None or _extends(last, toks[j].w) or last in TITLE_OK):
        return False
    if name.etype == "PER":
        return not (j - k == 1 and definite(toks[k].w) and _collective(toks[k].w))
    place_or_body = name.etype == "ORG" or name.etype == "LOC" and (
        not toks[j].w.startswith("ال") or name.j - name.i > 1)
    no_genitive = definite(last) and not _extends(last, toks[j].w) or j - k > 1 and _adjective_ending(toks[k].w, last)
    return not (place_or_body and no_genitive)


def coordinated(nps: list[NP], k: int) -> list[NP]:
    """NP ``k`` and the NPs joined to it by و (مع روسيا وفرنسا والولايات المتحدة)."""
    group = [nps[k]]
    cur = nps[k]
    for nxt in nps[k + 1:]:
        if nxt.marker == "و" and nxt.i - cur.j <= 1:
            group.append(nxt)
            cur = nxt
        else:
            break
    return group


BY_FIRE = frozenset(normalize(w) for w in ("بنيران", "برصاص", "بنار", "بقذائف", "بصواريخ", "بغارة", "بغارات"))
RELATIVE_WORDS = frozenset(normalize(w) for w in ("التي", "الذي", "اللتي", "اللذين", "الذين"))
DOER_VERBS = tuple(normalize(w) for w in ("نفذ", "قام", "قاد", "شن", "تبنى", "تبنت", "تبنا", "ارتكب", "دبر", "نظم",
                                          "أجرى", "أجرت", "اجرا"))
# (and faced or received: تواجه الحكومة انتقادات، تلقت الوزارة تهديدات)
SUFFERED = tuple(normalize(w) for w in ("تعرض", "وتعرض", "تتعرض", "يتعرض", "واجه", "يواجه", "تواجه", "وتواجه",
                                        "ويواجه", "تلقى", "تلقت", "يتلقى", "تتلقى", "وتلقى", "وتلقت"))
FUNCTION_WORDS = frozenset(normalize(w) for w in (
    "أن", "إن", "ان", "الذي", "التي", "الذين", "هذا", "هذه", "ذلك", "تلك", "كل", "بعض", "غير", "أي", "قد", "لم",
    "لن", "لا", "ما", "كما", "أيضا", "أمس", "اليوم", "حيث", "فيما", "عن", "على", "إلى", "في", "من", "مع", "بين",
    "يوم", "مساء", "صباح", "ليلا", "نهارا", "فجر", "ظهر", "هو", "هي", "هم", "نفسه", "نفسها", "مجددا", "رسميا",
    "بشكل", "فورا", "ثم", "أو", "و", "بعد", "قبل", "خلال", "منذ", "عند", "ضد", "نحو", "حتى", "إثر", "عبر"))


# relative pronouns that agree with a noun before them (اللتين تنشران: the two countries before it)
AGREEING_RELATIVES = RELATIVE_WORDS | frozenset(normalize(w) for w in (
    "اللتين", "اللتان", "اللذان", "اللواتي", "اللاتي"))
_PLURAL_RELATIVES = AGREEING_RELATIVES - frozenset(normalize(w) for w in ("التي", "الذي"))


# words of an approximate count before the counted phrase (أكثر من 50 ألف شخص، نحو 20)
APPROXIMATE = frozenset(normalize(w) for w in ("أكثر", "اكثر", "أقل", "نحو", "حوالي", "حوالى", "قرابة", "زهاء"))
# prepositions that lead to the target of an act, never to its doer
TARGET_PREPS = frozenset(normalize(w) for w in ("على", "ضد", "إلى", "الى", "تجاه", "بحق", "إزاء"))
# the accused after an accusation and its genitive (اتهامات بريطانيا لروسيا، بحق روسيا، ضد إيران)
ACCUSED_MARKERS = frozenset(normalize(w) for w in ("ل", "لل", "بحق", "ضد"))
_OBJECT_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")


def _object_pronoun(w: str) -> bool:
    """Whether a verb ends in an object pronoun (أدانته، تدعمها، تحتجزهم), with a stem of three letters or
    more before it (تتهم is no تت + هم)."""
    return any(w.endswith(p) and len(w) - len(p) >= 3 for p in _OBJECT_PRONOUNS)


HONORIFICS = frozenset(normalize(w) for w in ("الشيخ", "الأمير", "السيد", "السيدة", "الدكتور", "الملك", "المشير",
                                              "الجنرال", "العقيد", "اللواء", "العميد", "الفريق"))


TITLE_PREPS = frozenset(normalize(w) for w in ("ل", "لدى", "في"))


NAMED_FOR = frozenset(normalize(w) for w in ("باسم", "بإسم"))


def _in_phrase(toks: list[Tok], nps: list[NP], x: NP) -> bool:
    """Whether the bare phrase ``x`` sits inside a prepositional phrase whose preposition its marker missed:
    right after باسم (المتحدث باسم الجيش) or after a preposition and one definite word of no phrase (في
    القنصلية السعودية: the adjective of the consulate; not من دان سوليفان, a name the tagger cut short)."""
    k = x.i - 1
    if k < 0 or x.marker:
        return False
    if toks[k].w in NAMED_FOR:
        return True
    return k > 0 and toks[k - 1].w in PREPS and toks[k].w.startswith("ال") and toks[k].w not in FUNCTION_WORDS \
        and not any(y.i <= k < y.j for y in nps)


def _appositive(toks: list[Tok], nps: list[NP], k: int) -> int | None:
    """The index of the name in apposition to NP ``k`` (:func:`_apposition`), if any."""
    nxt = min((m for m, x in enumerate(nps) if x.i >= nps[k].j and x.marker == ""), key=lambda m: nps[m].i,
              default=None)
    return nxt if nxt is not None and _apposition(toks, nps, nps[k], nps[nxt]) else None


def _apposition(toks: list[Tok], nps: list[NP], title: NP, x: NP) -> bool:
    """Whether ``x`` names the person that ``title`` right before it describes (السفير الكويتي للأمم المتحدة
    منصور العتيبي، وزير الخارجية القطري الشيخ محمد): the same entity, or a title (a nominal actor, an
    honorific, a name led by a title word) followed by a person's name or an honorific, with nothing between
    but the title's own place (لدى الأمم المتحدة، في واشنطن)."""
    end = title.j
    while end < x.i:
        if toks[end].w in TITLE_PREPS:  # (a preposition of its own: لدى الأمم المتحدة)
            end += 1
        inner = next((y for y in nps if y.i == end and y.marker in TITLE_PREPS), None)
        if inner is None:
            return False
        end = inner.j
    if x.i != end or x.marker != "":
        return False
    if title.eid is not None and title.eid == x.eid:
        return True
    # (a title ends in a definite word: الرئيس الفرنسي، وزير الخارجية، نظيره; نظام الأسد is the regime of a
    # person)
    last = toks[title.j - 1].w
    # (وزير خارجية البحرين: a title that took its country's name is still led by a title word)
    titled = (definite(last) or bool(possessive(last))) and (
        title.etype == "AGENT" or toks[title.i].w in HONORIFICS or agent_sector(toks[title.i].w) is not None)
    # (تتهم المعارضة السورية نظام الرئيس بشار الأسد: a phrase led by a title word of its own is another party)
    # (a group is no title: ويتهم حزب الشعب الجمهوري أردوغان)
    return titled and not _collective(toks[title.i].w) and (
        toks[x.i].w in HONORIFICS or x.etype == "PER" and agent_sector(toks[x.i].w) is None)


def _antecedent(toks: list[Tok], t: int, nps: list[NP]) -> int | None:
    """The name or nominal actor that the relative pronoun before the verb at ``t`` describes (بومبيو
    الذي التقى، روكي، الذي يزور), past قد and كان; the first of a coordination for a dual or plural (الولايات
    المتحدة وفرنسا اللتين تنشران). None when the verb follows no relative pronoun or no phrase ends there."""
    k = _past_auxiliaries(toks, t)
    if k <= 0 or toks[k].w not in AGREEING_RELATIVES:
        return None
    # a name right after the verb, then a pronoun that returns to the antecedent (فنزويلا، التي تتهم إدارة
    # ترامب نظامها، كشمير الذي تطالب الهند بالسيادة عليه): the antecedent is no subject; the name is. (A
    # final ه after الذي only on a preposition: in the normalised text ـة is ه too.)
    after = next((x for x in nps if x.i in (t + 1, t + 2) and x.marker == ""), None)
    if after is not None and not _object_pronoun(toks[t].w):  # (تدعمها: on the verb itself)
        back = toks[k].w
        for m in range(after.j, min(len(toks), after.j + 6)):
            w = toks[m].w
            if toks[m].clause != toks[t].clause or toks[m].punct:
                break
            if back == "الذي" and w in PREP_PRONOUNS and w.endswith("ه") or back == "التي" and w.endswith(
                    "ها") and len(w) > 3 or back not in ("الذي", "التي") and w.endswith("هم") and len(w) > 3:
                return None
    end = k - 1 if toks[k - 1].punct and toks[k - 1].w in ",،" else k
    found = next((n for n, x in enumerate(nps) if x.j == end and x.etype != "NOUN"), None)
    if found is not None and toks[k].w in _PLURAL_RELATIVES:
        while found > 0 and nps[found].marker == "و" and nps[found].i - nps[found - 1].j <= 1:
            found -= 1
    return found


# what people write or say: a relative clause about it acts for its authors (اللافتات التي تندد، البيان الذي يطالب)
MESSAGES = frozenset(normalize(w) for w in ("لافتات", "لافتة", "شعارات", "بيان", "رسالة", "تقرير", "هتافات", "مذكرة",
                                            "عريضة", "تصريحات", "خطاب", "كلمة"))


def _were_about(toks: list[Tok], nps: list[NP], k: int) -> tuple[list[NP], int] | None:
    """The phrases and the index of the phrase that ends right before كانوا at ``k`` (a name, or the word there)."""
    named = next((n for n, x in enumerate(nps) if x.j == k and x.marker == ""), None)
    if named is not None:
        return nps, named
    w = toks[k - 1].w
    if toks[k - 1].punct or w in FUNCTION_WORDS or w in NUMBER_WORDS or w.isdigit() or toks[k - 1].time \
            or any(x.i <= k - 1 < x.j for x in nps) or not_an_argument(w):
        return None
    return nps + [NP(k - 1, k, toks[k - 1].start, toks[k - 1].end, None, "NOUN", "")], len(nps)


def _past_auxiliaries(toks: list[Tok], t: int) -> int:
    """The token before the verb at ``t`` and the قد، كان، لا، لم right before it (الذي كان قد التقى)."""
    k = t - 1
    while k > 0 and toks[k].w in AUXILIARIES:
        k -= 1
    return k


AUXILIARIES = frozenset(("قد", "كان", "كانت", "لا", "لم"))


def _after_relative(toks: list[Tok], t: int) -> int | None:
    """The relative pronoun that the verb at ``t`` follows (التي استهدفت، والتي قد أدت), past قد and كان."""
    k = _past_auxiliaries(toks, t)
    return k if k >= 0 and toks[k].w.removeprefix("و") in AGREEING_RELATIVES else None


def _loose_np(toks: list[Tok], k: int, clause: int, used: set[int], marker: str = "", strip: int = 0) -> NP | None:
    """A one-word NP (plus its adjectives) at the first content word from token ``k``."""
    n = len(toks)
    counted = False
    crowd = None  # تظاهر المئات وسط المدينة: a definite count is the group itself
    while k < n and toks[k].clause == clause and not toks[k].punct and (
            toks[k].w in NUMBER_WORDS or toks[k].w in QUANTITIES or toks[k].w.isdigit() or toks[k].w in FUNCTION_WORDS
            or toks[k].w in TIME_WORDS or toks[k].time):
        w = toks[k].w
        if w in TIME_WORDS or toks[k].time:  # أول من أمس، اليوم، الخميس: skip the whole time phrase
            k += 1
            continue
        if w == "من" and counted:  # سبعة من عناصر الشرطة: the counted group follows
            k += 1
            continue
        if w in FUNCTION_WORDS and w not in NUMBER_WORDS:
            break  # (تظاهر المئات في مدينة: the definite count before it is the crowd)
        counted = True
        crowd = k if w.startswith("ال") and k not in used else None
        k += 1
    if crowd is not None and (k >= n or toks[k].clause != clause or toks[k].punct or toks[k].w in PREPS
                              or toks[k].w in PLACE_NOUNS or toks[k].w in FUNCTION_WORDS):
        return NP(crowd, crowd + 1, toks[crowd].start + strip, toks[crowd].end, None, "NOUN", marker)
    if k < n and toks[k].w in FUNCTION_WORDS and toks[k].w not in NUMBER_WORDS:
        return None
    if k >= n or toks[k].clause != clause or toks[k].punct or k in used or len(toks[k].w) < 3 \
            or not_an_argument(toks[k].w) or _imperfect_verb(toks[k].w) or toks[k].w in PREPS:
        return None  # (ضربات داخل إسرائيل: a prepositional phrase is no loose phrase)
    j = k + 1
    while j < n and not toks[j].punct and _is_nisba(toks[j].w) and toks[j].clause == clause:
        j += 1
    return NP(k, j, toks[k].start + strip, toks[j - 1].end, None, "NOUN", marker)


# nouns that start like an imperfect verb (يوم، اليمن without its article, يهود)
_YA_NOUNS = tuple(normalize(w) for w in ("يوم", "يد", "يمين", "يهود", "يمن", "يونان", "ياباني", "يافع", "يساري"))


def _imperfect_verb(w: str) -> bool:
    """Whether a bare word reads as an imperfect verb (يعتقد، يتبع، ويطالب): ي after an optional و, not a
    nominal actor, nor one of the few nouns that start with ي."""
    if w[:2] == "وي" and len(w) >= 5:
        w = w[1:]
    return w[:1] == "ي" and len(w) >= 4 and not w.startswith(_YA_NOUNS) and _agent_head(w) is None


TIME_WORDS = frozenset(normalize(w) for w in ("أول", "أمس", "امس", "اليوم", "الليلة", "صباح", "مساء", "فجر",
                                               "ليلا", "ظهر", "الماضي", "الماضية"))
# لفترة قصيرة، لمدة ساعة: how long, never a recipient
DURATIONS = frozenset(normalize(w) for w in ("لفترة", "لمدة", "لساعات", "لساعة", "لأيام", "ليوم", "لأسابيع", "لعدة"))
# a preposition with a pronoun (منه، فيها، عليهم، خلالها) or a preposition-like noun (بشأن، جراء، قيد):
# never an argument by itself
_PRONOUN_ENDS = ("ه", "ها", "هم", "هما", "هن", "نا", "كم")
PREP_PRONOUNS = frozenset(normalize(p + s) for p in (
    "من", "في", "ب", "ل", "عن", "مع", "ضد", "خلال", "بين", "عند", "لدي", "حول", "تجاه", "عبر", "بعد", "قبل",
    "داخل", "أمام", "نحو", "منذ", "فوق", "تحت", "بينما", "إثر", "اثر", "عقب", "جراء") for s in _PRONOUN_ENDS) | frozenset(
    # (إلى and على end in ى: their forms with a pronoun are written apart; and a few with و)
    normalize(w) for w in ("إليه", "إليها", "إليهم", "عليه", "عليها", "عليهم", "ومنها", "ومنهم", "وفيها", "وعليه"))
PREP_NOUNS = frozenset(normalize(w) for w in (
    "بشأن", "جراء", "قيد", "حيال", "وفق", "وفقا", "بسبب", "نتيجة", "عقب", "إثر", "أثناء", "اثناء", "ضمن",
    "بواسطة", "حسب", "بحسب", "طوال", "رغم", "برغم", "بدون", "دون", "لأجل", "بحق", "بخصوص", "بشان", "لدى",
    # على الفور، على الأقل، على الرغم، على التوالي: adverbs, not what على governs
    "الفور", "الأقل", "الرغم", "الإطلاق", "التوالي", "الأرجح", "الخصوص", "الأغلب", "الدوام", "حدة",
    # بتهمة الانتماء: on the charge of; مؤخرا، حاليا: adverbs of time
    "بتهمة", "بتهم", "مؤخرا", "حاليا", "سابقا", "لاحقا",
    # ردا على، تزامنا مع: in response to, at the same time as; لما، مما، بما: ما with a preposition
    "ردا", "رداً", "تزامنا", "بالتزامن", "لما", "مما", "بما",
    # على متن (aboard), هناك، هنا (there, here); أنه، بأنها، لأنه: a conjunction with its pronoun
    "متن", "متنه", "متنها", "متنهم", "هناك", "هنا", "هنالك", "أنه", "أنها", "أنهم", "بأنه", "بأنها", "بأنهم",
    "لأنه", "لأنها", "لأنهم", "إنه", "إنها", "إنهم", "ممن",
    # إلى جانب، على مدار الساعة، على مشارف المدينة، لفترات طويلة، لشتى أشكال، بحقهم: where, how long, how;
    # مرارا، باكرا، جزئيا، كليا، اشتباها، مرورا: how or why (adverbs), never whom (judged real news)
    "جانب", "مدار", "مشارف", "تخوم", "فترات", "لفترات", "شتى", "لشتى", "بحقه", "بحقها", "بحقهم", "مرارا",
    "باكرا", "وباكرا", "جزئيا", "كليا", "اشتباها", "للاشتباه", "مرورا", "إذا", "ولا", "أيضا", "لكنه", "لكنها",
    "لكنهم", "ولكنه", "ولكنها", "ولكنهم",
    # الغارة أدت إلى، الهجوم أسفر عن، قصف طال: what an attack caused or reached (a verb), never whom
    "أدى", "أدت", "أسفر", "أسفرت", "تسبب", "تسببت", "خلف", "خلفت", "أوقع", "أوقعت", "طال", "طالت", "تعرض",
    "تعرضت", "استهدف", "استهدفت", "جراءه", "جراءها", "أتت", "أتى", "جاءت", "كبيرا", "باتجاه",
    # جماعة من مدينة تقع إلى الجنوب من طرابلس: a direction alone is where, not whom
    "الجنوب", "الشمال", "الشرق", "الغرب",
    # مشيرا إلى، مضيفا، مؤكدا: how it was said (a participle), never who or whom
    "مشيرا", "مشيرة", "مشيرين", "مضيفا", "مضيفة", "مؤكدا", "مؤكدة", "موضحا", "موضحة", "لافتا", "لافتة",
    "معتبرا", "معتبرة", "باطراد", "تباعا", "مطالبا", "مطالبين", "داعيا", "محذرا", "محذرة", "منددا", "مشددا",
    "مشددة", "معربا", "معربة", "شملت", "شمل", "تشمل", "يشمل", "بيد",
    # مروع للغاية: very (an adverb), never whom; سابقا، اعتبارا من، على طول الحدود: when or where; أضرار: a harm
    "للغاية", "لغاية", "سابقا", "لاحقا", "اعتبارا", "طول", "امتداد", "مقربة", "أضرار", "لأضرار", "خسائر",
    "بخسائر"))


REFLEXIVES = frozenset(normalize(w) for w in ("نفسه", "نفسها", "أنفسهم", "أنفسنا", "نفسي", "أنفسهن", "بعضهم",
                                               "بعضها", "بعضا"))


# nouns of things said, planned or decided: what is proposed, rejected or agreed, never who
THING_NOUNS = frozenset(normalize(w) for w in (
    "قرار", "فكرة", "صمت", "عقد", "خطة", "مشروع", "مبادرة", "مقترح", "مقترحات", "اقتراح", "طلب", "فرصة",
    "موقف", "سياسة", "مطالب", "مطلب", "خطوة", "إجراء", "إجراءات", "قانون", "تصريحات", "مزاعم", "ادعاءات"))


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


def _coordinated_act(w: str) -> bool:
    """Whether a word is an act joined by و (والاشتباكات، والتعذيب، واشتباكات): و before the article or
    before a verbal noun."""
    return w[:1] == "و" and len(w) >= 6 and (w[1:3] == "ال" or verbal_noun(w[1:]))


# آخر، أخرى: "another", an adjective of the word before it (هجوم آخر)
OTHER = frozenset(normalize(w) for w in ("آخر", "أخرى", "الآخر", "الأخرى", "آخرى"))
# كانوا يحتجون: the plural and feminine forms of كان before an imperfect verb
WERE = frozenset(normalize(w) for w in ("كانوا", "كانتا", "كانا", "كن"))


def not_an_argument(w: str) -> bool:
    """A word that cannot be an argument alone: a preposition with a pronoun (منه), a preposition-like
    noun (بشأن، جراء), a reflexive (لأنفسهم), a plural verb after و (ونهبوا), كانوا."""
    if w in PREP_PRONOUNS or w in PREP_NOUNS or w in WERE or w in OTHER:
        return True
    if w[:1] in ("و", "ف") and w.endswith("وا") and len(w) >= 5:
        return True  # هددوا السكان ونهبوا: a plural verb joined by و, not a noun
    return (w in REFLEXIVES or w[:1] in ("ل", "ب", "و", "ف") and w[1:] in REFLEXIVES)


VICTIM_WORDS = frozenset(normalize(w) for w in (
    "مدنيين", "مدنيا", "المدنيين", "أشخاص", "شخصا", "الأشخاص", "أطفال", "نساء", "جنود", "جنديا", "الجنود",
    "شرطيا", "رجال", "مواطنين", "مواطنا", "سائحا", "عراقيين", "فلسطينيين", "فلسطينيا", "شخص", "شخصان", "شخصين",
    "مدني", "مواطن", "طفل", "طفلا", "امرأة", "رجل", "جندي", "متمردا", "مسلحا", "مسلحين"))


DID = tuple(normalize(w) for w in ("قام", "قامت", "قاموا", "يقوم", "تقوم", "يقومون"))


MANAGED = tuple(normalize(w) for w in ("تمكن", "تمكنت", "تمكنوا", "يتمكن", "نجح", "نجحت", "نجحوا"))


def _did_by(toks: list[Tok], t: int, clause: int) -> int | None:
    """``قام X بـ<noun>``, ``تمكن X من <noun>``: the index of قام (تمكن) before the noun trigger ``t``."""
    w = toks[t].w
    managed = t > 0 and toks[t - 1].w in (normalize("من"), normalize("في"))  # تمكن من، نجح في
    if not w.startswith(("ب", "وب")) and not managed:
        return None
    for k in range(t - 1, max(-1, t - 10), -1):
        if toks[k].clause != clause:
            return None
        v = toks[k].w.removeprefix("و")
        if v in DID and not managed or managed and v.startswith(MANAGED):
            return k
    return None


def _doer_verb(w: str) -> bool:
    """A doer verb (نفذ، شن، أجرى ...), perfect or imperfect, with or without و: يشن، وتنفذ."""
    w = w.removeprefix("و")
    return w.startswith(DOER_VERBS) or w[:1] in ("ي", "ت") and w[1:].startswith(DOER_VERBS)


@lru_cache(maxsize=100_000)
def _doer_with_object(w: str) -> bool:
    """A doer verb with an object pronoun: نفذته، نفذها، شنتها، تبنته، نفذوه."""
    for stem in DOER_VERBS:
        if w.startswith(stem) and w[len(stem):].lstrip("توا") in ("ه", "ها", "هم"):
            return True
    return False


# prepositions that, after an attack, a seizure or a protest, as often complete a noun as the verb (الحدود الشرقية
# لغزة، نقل السفارة إلى القدس); against (ضد، على) mostly goes with the event, and ل before a nominal actor names
# whom it is for; after aid, requests and promises ل and إلى lead to the recipient even far from the trigger
# (تقديم المساعدات عن طريق جسر جوي إلى اليمن)
GENITIVE_LIKE = frozenset(normalize(w) for w in ("ل", "لل", "إلى", "الى"))
BELONGING = tuple(normalize(w) for w in ("تابعة", "تابع", "تابعا", "تابعين", "تابعون", "تابعه"))


def _completes_noun(toks: list[Tok], nps: list[NP], k: int, lo: int, used: set[int]) -> bool:
    """Whether the phrase ``nps[k]``, after ل or إلى, completes a word of another phrase between token ``lo`` and
    it rather than the trigger: قتل 3 فلسطينيين على الحدود الشرقية لغزة، للاحتجاج على القرارات المناهضة لروسيا
    (but مواقع للمتمردين، مواقع تابعة لداعش: whose they were; على مدينة جازان: the marker is the phrase's own)."""
    x, m = nps[k], nps[k].marker
    head = x.i - (1 if toks[x.i - 1].w == m else 0) - 1  # the word before the phrase and its marker
    if head < 0 or toks[head].w.endswith(BELONGING) or m in ("ل", "لل") and _owned(toks[head].w):
        return False
    own = next((g for g in range(x.i - 1, lo - 1, -1) if toks[g].w == m), None)
    return _embedded(toks, nps, lo, x.i, used | {own})


def _owned(w: str) -> bool:
    """Whether ``w``, right before a phrase with ل, is an indefinite noun that phrase owns (مواقع للمتمردين،
    نقطة تفتيش للجيش): no article, no preposition, no adjective ending."""
    return len(w) >= 3 and not w.startswith(("ال", "وال")) and not _prep_word(w) and not _is_nisba(w) \
        and w not in FUNCTION_WORDS


def _prep_word(w: str) -> bool:
    """Whether ``w`` is a preposition or a word behind one (بضواحي، للصواريخ، لروسيا)."""
    return w in PREPS or w.startswith(("لل", "ولل")) or any(c in "بلك" for c in split_proclitics(w)[0])


def _embedded(toks: list[Tok], nps: list[NP], lo: int, k: int, used: frozenset[int] | set[int] = frozenset()) -> bool:
    """Whether a preposition that no phrase of ``nps`` starts with, or a verbal noun with a pronoun, stands between tokens
    ``lo`` and ``k`` (neither a time nor the trigger's own words): the phrase at ``k`` then belongs to the word
    that preposition or noun governs (منصة في معسكر بضواحي صنعاء، تسليمها أكثر الإرهابيين)."""
    return any(_prep_word(toks[m].w) and not any(x.i <= m < x.j or x.i == m + 1 for x in nps)
               or unsuffixed(toks[m].w) != toks[m].w and verbal_noun(unsuffixed(toks[m].w))
               and not any(x.i <= m < x.j for x in nps)
               for m in range(lo, k) if not toks[m].time and m not in used)


def _past_own_object(toks: list[Tok], nps: list[NP], lo: int, k: int, used: set[int]) -> bool:
    """Whether the phrase at token ``k`` comes after the verb's own object: a bare word after the subject at
    ``lo`` (past a time) followed by a preposition or a verbal noun before ``k`` (قصفت المقاتلات، الأحد،
    منصة إطلاق في معسكر بضواحي صنعاء; not رضخت الإدارة لمطالب العمال, where the verb's preposition leads to
    the owner; nor مواقع المعارضة, a construct)."""
    m = lo
    while m < k and (toks[m].time or m in used or toks[m].w.startswith("ال") and _is_nisba(toks[m].w)):
        m += 1  # (past a time and the subject's adjectives: منظمة العفو الدولية الحقوقية، الأربعاء، بتطبيق)
    if _counted(toks, m, k):
        return False  # اعتقلت الشرطة أكثر من 50 ألف شخص: a count leads to the object
    if m >= k or any(x.i <= m < x.j for x in nps):
        return False
    w = toks[m].w
    named = next((x for x in nps if x.i == m + 1), None) if w in PREPS else None
    if named is not None:  # طلبت من ليبيا تسليمها أكثر الإرهابيين: past the verb's phrase with a name
        return _embedded(toks, nps, named.j, k, used)
    return not _prep_word(w) and w not in FUNCTION_WORDS and w not in NUMBER_WORDS and not w.isdigit() \
        and _embedded(toks, nps, m + 1, k, used)


def _past_time(toks: list[Tok], k: int) -> int:
    """The first token from ``k`` that is not part of a time expression (الأربعاء، يوم الجمعة)."""
    while k < len(toks) and toks[k].time:
        k += 1
    return k


def _counted(toks: list[Tok], m: int, k: int) -> bool:
    """Whether the words from ``m`` (past a time) to the phrase at ``k`` count it: أكثر من 50 ألف، نحو 20."""
    m = _past_time(toks, m)
    return m < k and (toks[m].w in APPROXIMATE or toks[m].w in NUMBER_WORDS or toks[m].w.isdigit())


# possessive pronouns at the end of a noun, longest first (زيارتهما، قواتهم، دعمها، زيارته)
POSSESSIVES = ("هما", "هم", "ها", "ه")


def unsuffixed(w: str) -> str:
    """``w`` without a final possessive pronoun (تسليمها -> تسليم), when enough of it is left."""
    for s in POSSESSIVES:
        if w.endswith(s) and len(w) - len(s) >= 4:
            return w[: -len(s)]
    return w


def _prep_between(toks: list[Tok], t: int, k: int) -> bool:
    """Whether a preposition or a definite noun with ب or ل stands between tokens ``t`` and ``k``."""
    return any(toks[m].w in PREPS or toks[m].w.startswith(("بال", "لل", "وبال")) for m in range(t + 1, k))


ADJUNCT_PREPS = frozenset(normalize(w) for w in ("في", "جراء", "إثر", "اثر", "بسبب", "نتيجة", "خلال", "أثناء", "من"))
VICTIM_VERBS = tuple(normalize(w) for w in ("قتل", "قتلوا", "قتلا", "قتلت", "أصيب", "اصيب", "أصيبوا", "اصيبوا",
                                            "أصيبت", "سقط", "سقطوا", "لقي", "لقوا", "جرح", "جرحوا", "نجا", "نجوا",
                                            "تعرض", "تعرضت", "تعرضوا", "استشهد", "استشهدوا", "توفي"))


def _adjunct(toks: list[Tok], t: int) -> bool:
    """Whether noun trigger ``t`` sits in a prepositional adjunct (في هجوم، بانفجار، جراء قصف)."""
    w = toks[t].w
    if w.startswith(("ب", "وب", "ل", "ول")) and not w.startswith(("بين", "لقا")):
        return True
    return t > 0 and toks[t - 1].w in ADJUNCT_PREPS


def _victim_clause(toks: list[Tok], a: int, t: int) -> bool:
    """A victim verb (قتل، أصيب، سقط، لقي مصرعه ...) between an NP ending at ``a`` and trigger ``t``,
    or right before the NP (سقط عشرات العراقيين بانفجار)."""
    lo = max(0, a - 6)
    return any(toks[k].w.lstrip("و").startswith(VICTIM_VERBS) for k in range(lo, t))


def _loose_before(toks: list[Tok], k: int, clause: int, used: set[int]) -> NP | None:
    """A one-word NP ending just before token ``k`` (55 سفينة على الأقل تعرضت: سفينة)."""
    j = k - 1
    while j >= 0 and toks[j].clause == clause and not toks[j].punct and (
            toks[j].w in TIME_WORDS or toks[j].time or toks[j].w in (normalize("الأقل"), normalize("على"),
                                                                     normalize("قد"))):
        j -= 1
    if j < 0 or toks[j].clause != clause or toks[j].punct or j in used:
        return None
    w = toks[j].w
    if len(w) < 3 or w in FUNCTION_WORDS or w in NUMBER_WORDS or w.isdigit() or w in BOUNDARY_WORDS \
            or w in CAUSE_WORDS or not_an_argument(w):
        return None
    return NP(j, j + 1, toks[j].start, toks[j].end, None, "NOUN", "")


def _object_follows(toks: list[Tok], t: int, clause: int) -> bool:
    """Whether a content word (the object of an active verb) follows verb ``t`` in its clause:
    ``خطفوا أربعة مهندسين`` yes; ``قتلوا في مواجهات``, ``قتلوا جراء``, ``قتلوا.`` no."""
    k = t + 1
    while k < len(toks) and toks[k].w in QUOTES:
        k += 1  # «اختطفوا» أمس منسقها: quotes around the verb
    while k < len(toks) and toks[k].clause == clause and not toks[k].punct and (toks[k].w in TIME_WORDS or toks[k].time):
        k += 1  # قتلت أول من أمس أربعة، قتل قائد حوثي، الأربعاء، في: the time phrase sits between the verb and its object
        if k < len(toks) and toks[k].w == "من" and toks[k - 1].w == "اول":
            k += 1
    while k < len(toks) and toks[k].clause == clause and not toks[k].punct and (
            toks[k].w in NUMBER_WORDS or toks[k].w.isdigit()):
        k += 1
    if k >= len(toks) or toks[k].clause != clause or toks[k].punct:
        return False
    w = toks[k].w
    if w in FUNCTION_WORDS or w in TIME_WORDS or w in PREPS or w in CAUSE_WORDS or w in PLACE_NOUNS \
            or w.startswith(("بال", "لل", "كال")):  # قتل بالرصاص: an instrument, no object
        return False
    return not _next_verb(toks, t, k)


def _adjunct_next(toks: list[Tok], k: int, clause: int) -> bool:
    """Whether the words from ``k`` (past a time) open an adjunct of a passive: في المواجهات، جراء، برصاص (not a
    comma and another phrase: قتل قناص حوثي، امرأة)."""
    k = _past_time(toks, k)
    return k < len(toks) and toks[k].clause == clause and (toks[k].w in ADJUNCT_PREPS or toks[k].w.startswith(BY_FIRE))


BY_FIRE = tuple(normalize(w) for w in ("برصاص", "بنيران"))


def _next_verb(toks: list[Tok], t: int, k: int) -> bool:
    """A word joined by و/ف right after verb ``t`` starts the next clause (قتلوا وأصيب آخرون، يعتقل ويعذب)."""
    return k == t + 1 and toks[k].w.startswith(("و", "ف")) and len(toks[k].w) > 3


CAUSE_WORDS = frozenset(normalize(w) for w in ("جراء", "إثر", "اثر", "بسبب", "نتيجة", "بعد", "عندما", "حين",
                                               "أثناء", "اثناء", "بينما", "وأصيب", "وأصيبوا", "واصيب", "وجرح",
                                               "بنيران", "برصاص", "بانفجار", "بتفجير", "بهجوم", "بقصف", "بغارة",
                                               "على", "علي", "بيد", "جميعا", "كلهم", "فضلا", "إضافة", "بالإضافة"))


def _resolve_pronoun(nps: list[NP], before_i: int, fem: bool, prev_nps: Callable[[], list[NP]]) -> NP | None:
    """Antecedent of a pronoun suffix.

    Masculine (ه): the nearest earlier named person or organisation. Feminine (ها): the
    sentence's topic, its first named actor (ورأت روسيا ... الدولة التي تم طردها منها),
    since the nearest feminine name is often the place the clause is about.
    """
    if fem:
        first = next((x for x in nps if x.j <= before_i and x.eid is not None
                      and x.etype in ("ORG", "LOC", "PER")), None)
        if first is not None:
            return first
    want = ("PER", "ORG") if not fem else ("ORG", "LOC", "PER")
    for pool in ([x for x in nps if x.j <= before_i], None):
        for x in reversed(pool if pool is not None else prev_nps()):
            if x.eid is not None and x.etype in want:
                return x
    return None


# words that open a clause (a new clause number in the event stage's tokens)
BOUNDARY_WORDS = frozenset(normalize(w) for w in (
    "أن", "إن", "ان", "أنه", "أنها", "إنه", "إنها", "بأن", "حيث", "فيما", "بينما", "عندما", "كما", "لكن", "ولكن",
    "إذ", "حين", "بعدما", "وفقا", "بحسب", "حسبما", "وقال", "وقالت", "قال", "قالت", "أنهم", "إنهم", "مما", "ما",
    "فقد", "فإن", "لقد"))
# a clause's opening words before its subject: those, كان and قد (وكانت القوات قد قصفت)
ASIDES = frozenset(normalize(w) for w in ("بينهم", "منهم", "بينهن", "منهن", "بينها", "وبينهم", "ومنهم"))
THAT_WORDS = frozenset(normalize(w) for w in ("أن", "إن", "بأن", "وأن", "وإن"))
CLAUSE_OPENERS = BOUNDARY_WORDS | frozenset(normalize(w) for w in (
    "وإن", "وقد", "قد", "كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "يكون", "تكون", "وأن", "بأنه", "بأنها"))
STILL = frozenset(normalize(w) for w in ("تزال", "يزال", "زال", "زالت", "مازال", "مازالت", "ومازال", "ومازالت"))
UNITS = frozenset(normalize(w) for w in ("قوة", "فرقة", "وحدة", "وحدات", "دورية", "مجموعة", "عناصر", "أفراد",
                                         "كتيبة", "سرية", "خلية"))
AFFILIATED = tuple(normalize(w) for w in ("تابعة", "تابع", "تابعين", "تابعون", "التابعة", "التابع", "التابعين"))


def _preverbal(toks: list[Tok], v: int, nps: list[NP], used: set[int]) -> tuple[int, int] | None:
    """Tokens ``[a, b)`` of a subject written before verb ``v`` (SVO): the words between the
    clause's opening (إن، أن، كان، قد) and the verb, when they are a short phrase with no
    preposition (سلاح الجو الإسرائيلي يشن، وكان الوحيدي أطلق). A verb that opens its clause
    right after a comma takes the phrase after إن/أن before that comma (إن مهاجما انتحاريا، فجر)."""
    clause = toks[v].clause
    cs = v
    while cs > 0 and toks[cs - 1].clause == clause and not toks[cs - 1].punct:
        cs -= 1
    comma = cs == v and v > 1 and toks[v - 1].punct and toks[v - 1].w in ("،", ",")
    if comma:
        end = v - 1
        cs = end
        while cs > 0 and toks[cs - 1].clause == toks[end - 1].clause and not toks[cs - 1].punct:
            cs -= 1
        if toks[cs].w in ASIDES and cs > 1 and toks[cs - 1].punct and toks[cs - 1].w in ("،", ","):
            # «ثمانية أشخاص، بينهم طفلان، قتلوا: past the aside to the phrase before it
            end = cs - 1
            cs = end
            while cs > 0 and toks[cs - 1].clause == toks[end - 1].clause and not toks[cs - 1].punct:
                cs -= 1
        quoted = cs > 1 and toks[cs - 1].w in QUOTES and toks[cs - 2].w in CLAUSE_OPENERS  # إن «مهاجما،
        if toks[cs].w not in CLAUSE_OPENERS and not quoted:
            return None
        v = end
    a = cs
    # (و كان: a conjunction written apart; ولا تزال، ما زال: still)
    while a < v and (toks[a].w in CLAUSE_OPENERS or toks[a].w in ("و", "ف") or toks[a].w in STILL
                     or toks[a].w in ("لا", "ولا", "ما", "وما") and a + 1 < v and toks[a + 1].w in STILL):
        a += 1
    if a == cs and cs > 0 and not toks[cs - 1].punct:
        return None  # the clause has no opening: the words before the verb are not its subject
    b = a
    while b < v and not toks[b].punct and not toks[b].time and toks[b].w not in FUNCTION_WORDS \
            and toks[b].w not in TIME_WORDS and toks[b].w.removeprefix("و").removeprefix("ف") not in PREPS \
            and not toks[b].w.isdigit() and b not in used and not not_an_argument(toks[b].w):
        b += 1
    # an unknown word with the prefix of a verb or a conjunction (ووقع الهجوم، يكون) is no subject,
    # nor a phrase whose name starts after its first word (قصف الجيش القرية وفرضت: a verb first)
    named = {k for x in nps for k in range(x.i, x.j)}
    counted = a
    while counted < b - 1 and (toks[counted].w in CARDINALS or toks[counted].w.isdigit()):
        counted += 1  # ثمانية أشخاص: the counted word starts the phrase
    if any(k not in named and toks[k].w.startswith(("و", "ف", "ي", "ت")) for k in range(a, b)) or (
            counted not in named and any(counted < x.i < b for x in nps)):
        return None
    rest = {toks[k].w for k in range(b, v)}
    if b < v and toks[b].w == "من" and v - b <= 4 and not any(toks[k].punct for k in range(b, v)):
        rest = set()  # قوة من الشرطة قامت، إن مهاجما من حركة طالبان، فجر: the subject's group
    if b == a or b - a > 4 or not rest <= (CLAUSE_OPENERS | TIME_WORDS):
        return None
    return a, b


def _span_np(toks: list[Tok], nps: list[NP], span: tuple[int, int]) -> tuple[list[NP], int | None]:
    """The phrase of a pre-verbal span (:func:`_preverbal`): the bare phrase starting it, else the
    span as one nominal phrase added to ``nps`` (none when a phrase starts inside it)."""
    a, b = span
    while a < b - 1 and (toks[a].w in CARDINALS or toks[a].w.isdigit()):
        a += 1  # ثمانية أشخاص: the phrase of the counted word
    k = next((k for k, x in enumerate(nps) if x.i == a and x.marker in ("", "و")), None)
    if k is not None or any(a <= x.i < b for x in nps):
        return nps, k
    return nps + [NP(a, b, toks[a].start, toks[b - 1].end, None, "NOUN")], len(nps)


PRONOUN_OPENERS = frozenset(normalize(w) for w in ("أنه", "أنها", "إنه", "إنها", "بأنه", "بأنها", "أنهم", "إنهم",
                                                    "بأنهم", "وأنه", "وأنها"))


def _reporter(toks: list[Tok], v: int, nps: list[NP]) -> int | None:
    """The subject of a verb whose clause opens with a pronoun (أقر التحالف ... أنه نفذ ضربات،
    قالت الشرطة إنها اعتقلت): the subject of the reporting clause, the sentence's first bare
    named or nominal actor before it."""
    o = v
    while o > 0 and toks[o - 1].clause == toks[v].clause:
        o -= 1
    if toks[o].w not in PRONOUN_OPENERS or any(not toks[k].punct and toks[k].w not in CLAUSE_OPENERS
                                                and toks[k].w not in TIME_WORDS for k in range(o + 1, v)):
        return None
    return next((k for k, x in enumerate(nps) if x.j <= o and x.marker == "" and (x.eid or x.etype == "AGENT")),
                None)


def _affiliation(toks: list[Tok], nps: list[NP], x: NP, t: int) -> int | None:
    """The organisation a nominal actor belongs to: مهاجم انتحاري من حركة طالبان (before trigger
    ``t``), طائرة بدون طيار تابعة للقوات الأميركية."""
    for k, y in enumerate(nps):
        if y.i < x.j or y.i - x.j > 3 or y.eid is None and y.etype != "AGENT":
            continue
        gap = [toks[m].w for m in range(x.j, y.i)]
        first = toks[y.i].w
        lam = y.marker == "ل" or first[:1] == "ل" and not first.startswith("ال")  # للقوات: a name with its ل
        unit = toks[x.i].w in UNITS and y.etype == "AGENT"  # قوة من الشرطة العراقية: a unit of the police
        if (y.marker == "من" or gap[-1:] == ["من"]) and (y.etype == "ORG" or unit) and y.j <= t:
            return k
        if lam and gap[-1:] and gap[-1].startswith(AFFILIATED):
            return k
        if gap[-1:] and gap[-1] in NAMED_FOR or gap == ["في"] and y.etype == "ORG":
            return k  # المتحدث باسم الجيش، مسؤول في وزارة الخارجية: who speaks for it
    return None


def _unnamed_subject(toks: list[Tok], t: int, named: int, used: set[int]) -> NP | None:
    """A bare definite word right after verb ``t`` (past time words) and before the first named
    phrase at ``named``: the subject of a VSO clause that names no one (ودعا البيان مجلس الأمن)."""
    k = t + 1
    while k < named and (toks[k].time or toks[k].w in TIME_WORDS):
        k += 1
    if k >= named or k in used or toks[k].punct or toks[k].clause != toks[t].clause:
        return None
    w = toks[k].w
    # (البيان ends like a dual nisba: only the singular and plural endings say adjective here)
    if not w.startswith("ال") or len(w) < 5 or w.endswith(("ي", "يه", "يين", "يون")) or w in FUNCTION_WORDS \
            or not_an_argument(w):
        return None
    j = k + 1
    while j < named and not toks[j].punct and _is_nisba(toks[j].w):
        j += 1
    if j != named:  # (the name must follow the phrase at once: البيان مجلس, not البيان في مجلس)
        return None
    return NP(k, j, toks[k].start, toks[j - 1].end, None, "NOUN")


def _object_after_subject(toks: list[Tok], subj: NP, k: int) -> bool:
    """Whether word ``k``, right after the subject of a verb, is its object and not an adjective
    of it: no proclitic (واتهمه), no nisba; after a definite subject, an indefinite word, or a definite
    one when the subject already has its adjective (القوات الحكومية المدينة, not الأمن العام، الأطفال
    المفصولين);
    after an indefinite one, a definite word (متظاهرون المبنى), an accusative (عصابة مسلحة طفلا) or the
    head of a construct (متظاهرون مقر القنصلية)."""
    w, last = toks[k].w, toks[subj.j - 1].w
    if split_proclitics(w)[0] or w[:1] in ("و", "ف") or _is_nisba(w) or len(w) < 3:
        return False
    if last.startswith("ال"):  # (an indefinite word never qualifies a definite one: الشرطة ناشطا)
        return not w.startswith("ال") or subj.j - subj.i >= 2 and _is_nisba(last)
    construct = subj.j - subj.i == 1 and k + 1 < len(toks) and toks[k + 1].w.startswith("ال") \
        and not w.endswith(("ون", "ين"))
    return w.startswith("ال") or w.endswith("ا") and not last.endswith("ا") or construct  # مقر القنصلية


def assign_roles(t: int, kind: str, frame: str, toks: list[Tok], nps: list[NP], used: set[int],
                 prev_nps: Callable[[], list[NP]], pron_suffix: str,
                 physical: bool = False, genobj: bool = False, said: bool = False) -> tuple[list[NP], list[NP]]:
    """Actors and recipients of the trigger at token ``t``.

    ``kind`` is verb or noun; ``frame`` the lexicon frame; ``physical`` whether the event
    acts on bodies and things (ASSAULT, COERCE: its object is often a common noun); ``used`` the tokens the
    trigger's context words took (never arguments); ``pron_suffix`` the possessive or
    subject pronoun attached to a noun trigger (``زيارته``: ه), resolved when no
    actor is written out; ``genobj`` whether a noun's genitive and possessive are its patient
    (اتهام روسيا، اتهامه) while its subject is found as for ``sv``; ``said`` whether the event is something
    said, asked or given, whose noun names its author after من (دعوة من X، بدعم من X، تهديدات من X; not a
    withdrawal or a visit, where من says where from).
    """
    clause = toks[t].clause
    cand = [k for k, x in enumerate(nps) if toks[x.i].clause == clause
            and not (x.i <= t < x.j) and not any(u in used for u in range(x.i, x.j))]
    after = [k for k in cand if nps[k].i > t]
    before = [k for k in reversed(cand) if nps[k].j <= t]
    actors: list[NP] = []
    recips: list[NP] = []
    taken: set[int] = set()

    def take(k: int, role: list[NP]) -> None:
        for x in coordinated(nps, k):
            idx = nps.index(x)
            if idx not in taken:
                taken.add(idx)
                role.append(x)
        # الرئيس الفرنسي إيمانويل ماكرون، وزير الخارجية الروسي سيرغي لافروف: the names in apposition too
        name = _appositive(toks, nps, k)
        while name is not None and name not in taken:
            taken.add(name)
            role.append(nps[name])
            name = _appositive(toks, nps, name)

    bare_after = [k for k in after if nps[k].marker in ("",)]
    bare_before = [k for k in before if nps[k].marker in ("",)]
    subj: int | None = None
    obj: int | None = None
    named_after = bare_after[0] if bare_after and nps[bare_after[0]].i - t <= 3 else None
    loose_after = _loose_np(toks, t + 1, clause, used) if pron_suffix and named_after is None else None
    described = _antecedent(toks, t, nps) if kind == "verb" and frame not in ("pass", "kill") and not pron_suffix \
        else None
    if described is None and kind == "verb" and frame not in ("pass", "kill") and t >= 2 and toks[t - 1].w in WERE \
            and (were := _were_about(toks, nps, t - 1)) is not None:
        # 60 فلسطينيا كانوا يحتجون، مجموعة فلسطينيين كانوا يطلقون: a clause about the word before كانوا (a
        # relative clause without its pronoun)
        nps, described = were
    # الصواريخ القادمة من اليمن والتي استهدفت مواقع: a relative clause about no name; its subject is that word,
    # not a name before it
    orphan = described is None and kind == "verb" and frame not in ("pass", "kill") and not pron_suffix \
        and (rel := _after_relative(toks, t)) is not None and not any(
            rel - 3 <= nps[k].j <= rel for k in bare_before) \
        and not (rel > 0 and toks[rel - 1].w.removeprefix("ال") in MESSAGES)
    # (سياسة ميركل للهجرة التي سمحت: the name is near; يحملون اللافتات التي تندد: the carriers' message)
    if orphan:
        bare_before = []
    if described is not None:
        # بومبيو الذي التقى كيم، هاري روكي، الذي يزور الكويت: the verb of a relative clause acts for the name
        # the clause describes; a name after the verb is its object
        near = bare_after[0] if bare_after and nps[bare_after[0]].i - t <= 3 else None
        if near is not None and _object_pronoun(toks[t].w):
            subj, obj = near, described  # شريف، الذي أدانته محكمة: the name is the object, the subject follows
        else:
            subj, obj = described, near
    elif kind == "verb" and pron_suffix and (named_after is not None or loose_after is not None):
        # an object pronoun on the verb (عسكريون خطفهم مقاتلو الطوارق): the subject follows,
        # and the pronoun is the topic before it
        if named_after is None:
            nps = nps + [loose_after]
            named_after = len(nps) - 1
        subj = named_after
        obj = bare_before[0] if bare_before else None
    elif kind == "verb" and frame != "kill" and t + 1 < len(toks) and toks[t + 1].w in REFLEXIVES:
        # إن «انتحاريا يقود سيارة مفخخة، فجر نفسه: who blew himself up was written before the verb,
        # after the clause's opening, past a description of him (and the clause boundaries in it)
        opener = next((k for k in range(t - 1, -1, -1) if toks[k].w in THAT_WORDS), -1)
        before_all = [k for k, x in enumerate(nps) if opener < x.i and x.j <= t and x.marker == ""
                      and x.etype != "LOC"]
        if before_all:
            subj = before_all[0] if opener >= 0 else before_all[-1]
    elif kind == "verb" and frame == "pass":
        # اغتيل القيادي، استشهد ثلاثة فلسطينيين: a passive (or a verb of dying): who follows it suffered
        # it, and its doer comes only after من قبل، برصاص، على يد
        if bare_after and nps[bare_after[0]].i - t <= 3:
            obj = bare_after[0]
        elif bare_before and nps[bare_before[0]].j == t:
            obj = bare_before[0]
        elif (span := _preverbal(toks, t, nps, used)) is not None:
            nps, obj = _span_np(toks, nps, span)  # أن شابا استشهد في غارة
    elif kind == "verb":
        if frame == "kill":
            first = bare_after[0] if bare_after and nps[bare_after[0]].i - t <= 4 else None
            numbered = first is not None and (
                toks[nps[first].i - 1].w in NUMBER_WORDS or toks[nps[first].i - 1].w.isdigit()
                or normalize(toks[nps[first].i].w) in VICTIM_WORDS)
            plural = toks[t].w.endswith("وا")
            if bare_before and not _object_follows(toks, t, clause) and (
                    first is None or nps[bare_before[0]].j == t or toks[t - 1].w in RELATIVE_WORDS or plural
                    or not numbered):
                # (وكانت رئيسة الوزراء قد قتلت في هجوم انتحاري: a word after the preposition's phrase
                # that no count introduces is no object; the victim was named first)
                # (11 مدنيا وأربعة من رجال الشرطة قتلوا في التفجير الانتحاري: a plural with no object
                # after it is a passive whatever follows the preposition)
                obj = bare_before[0]  # ستة مدنيين قتلوا في هجوم، الانتحاري الذي قتل بالرصاص: passive
            elif first is not None and numbered and not bare_before:  # قتل ثلاثة مسلحين: passive
                obj = first
            elif first is not None:
                if bare_before:
                    subj, obj = bare_before[0], first
                else:
                    subj = first
                    rest = [k for k in bare_after if k != first]
                    obj = rest[0] if rest else None
                    if obj is not None and not _counted(toks, nps[first].j, nps[obj].i) and any(
                            toks[m].w in PREPS and m not in used and not any(x.i == m + 1 for x in nps)
                            for m in range(nps[first].j, nps[obj].i)):
                        obj = None  # (قتل قائد حوثي في المواجهات بين الجيش والانقلابيين: no object there)
                    if obj is None and (nps[first].etype != "AGENT" and agent_sector(toks[nps[first].i].w) is None
                                        or not toks[nps[first].i].w.startswith(("ال", "وال"))
                                        and _adjunct_next(toks, nps[first].j, clause)) \
                            and not _object_follows(toks, nps[first].j - 1, clause):
                        subj, obj = None, first  # قتل شريف إسماعيل، العميد في: no object, a passive
                        # (so is قتل قائد ميداني حوثي في المواجهات: an indefinite nominal with no object after it;
                        # but السلطات، الجيش: definite nominal actors, subjects)
            elif bare_before and _object_follows(toks, t, clause):
                subj = bare_before[0]  # مسلحون خطفوا أربعة مهندسين: an active verb with its object
            elif bare_before:  # 20 مدنيا قتلوا في: the victims precede
                obj = bare_before[0]
            elif not _object_follows(toks, t, clause) and (span := _preverbal(toks, t, nps, used)) is not None:
                # إن مقاتلا قتل بعدما، إن «ثمانية أشخاص، بينهم طفلان، قتلوا جراء: the victims, written first
                nps, obj = _span_np(toks, nps, span)
        else:
            w_t = toks[t].w
            plural = w_t.endswith(("وا", "ون")) and len(w_t) > 4
            if plural and bare_before:  # مسلحون اغتالوا العميد: a plural verb follows its subject
                subj = bare_before[0]
                obj = bare_after[0] if bare_after else None
                direct = _loose_np(toks, t + 1, clause, used) if frame != "intr" and _object_follows(
                    toks, t, clause) else None
                if direct is not None and (obj is None or direct.i < nps[obj].i) and not any(
                        x.i <= direct.i < x.j for x in nps):
                    nps = nps + [direct]  # هاجموا مسجدا سنيا جنوب بغداد: the object is the word after the verb
                    obj = len(nps) - 1
            elif bare_before and frame != "host" and (span := _preverbal(toks, t, nps, used)) is not None \
                    and nps[bare_before[0]].i >= span[0]:
                subj = bare_before[0]  # قال المتحدث إن الطيران قصف مواقع المسلحين: SVO after the opener
                obj = bare_after[0] if bare_after and nps[bare_after[0]].i - t <= 2 else None
            elif not bare_before and frame != "host" and (span := _preverbal(toks, t, nps, used)) is not None \
                    and span[0] > 0 and toks[span[0] - 1].w in THAT_WORDS and span[1] - span[0] <= 3 \
                    and (not toks[span[0]].w.endswith(_PRONOUN_ENDS) or possessive(toks[span[0]].w)
                         or unsuffixed(toks[span[0]].w) == "بلاد"):  # (قال إن بلاده تؤيد، إن قواته قصفت)
                nps, subj = _span_np(toks, nps, span)  # ذكرت الشرطة أن رجلا طعن ثلاثة أشخاص: SVO, no name before
                obj = bare_after[0] if bare_after and nps[bare_after[0]].i - t <= 2 else None
            elif bare_after and nps[bare_after[0]].i - t <= 4 and nps[bare_after[0]].etype != "PER" and not (
                    # (علق السيناتور روبرت مينديز: a title before a name; الساسة الألمان: a people's name
                    # after a plural is its adjective)
                    nps[bare_after[0]].etype == "LOC" and toks[nps[bare_after[0]].i].w.startswith("ال")) and (
                    lead := _unnamed_subject(toks, t, nps[bare_after[0]].i, used)) is not None:
                # ودعا البيان مجلس حقوق الإنسان: a bare definite word between the verb and the first name
                # is the subject, and the name its object
                nps = nps + [lead]
                subj, obj = len(nps) - 1, bare_after[0]
            elif bare_after and frame in ("sym", "sv", "visit") and t > 0 and toks[t - 1].w in PRONOUN_OPENERS \
                    and (rep := next((k for k, x in enumerate(nps) if x.j == t - 1 and x.marker == ""), None)) is not None \
                    and nps[rep].etype not in ("NOUN", "MISC"):
                # قال ترامب إنه التقى بوتين: the pronoun is the speaker, the name after the verb its object
                subj, obj = rep, bare_after[0]
            elif bare_after and nps[bare_after[0]].i - t <= 4 and not any(
                    toks[m].w in TARGET_PREPS and m not in used for m in range(t + 1, nps[bare_after[0]].i)):
                # (أطلق النار على عضو البرلمان الروسي: a name inside the phrase of the target is no subject; but
                # هاجمت مجموعة من المسلحين، ندد ممثلون عن دول: a part of it, who it stands for)
                subj = bare_after[0]
                rest = bare_after[1:]
                # (المتحدث باسم الجيش، مصدر مسؤول في القنصلية السعودية: a name inside the subject's own
                # prepositional phrase is no object)
                rest = [k for k in rest if not _in_phrase(toks, nps, nps[k])]
                head = subj
                while rest and _appositive(toks, nps, head) == rest[0]:
                    # دعا وزير الخارجية القطري الشيخ محمد: the name after the title is the same person (taken
                    # with it), not the object
                    head = rest[0]
                    rest = rest[1:]
                obj = rest[0] if rest else None
                if obj is not None and physical and _past_own_object(toks, nps, nps[head].j, nps[obj].i, used):
                    # قصفت المقاتلات منصة إطلاق في معسكر بضواحي صنعاء: a name inside another word's prepositional
                    # phrase is no object of the verb (what is struck or seized is named first; but طالبت المعارضة
                    # في مالي باستقالة رئيس الوزراء: whose resignation is demanded is the recipient)
                    obj = None
                j = nps[subj].j
                if obj is not None and nps[obj].i > j and all(
                        toks[m].punct or toks[m].time or toks[m].w.startswith("ال") and _is_nisba(toks[m].w)
                        for m in range(j, nps[obj].i - 1)):
                    j = nps[obj].i - 1  # قصفت الميليشيات، يوم الجمعة، مستشفى حيس: past a time set off by commas
                if obj is not None and nps[obj].i == j + 1 and nps[obj].marker == "" and not toks[j].punct \
                        and toks[j].w not in FUNCTION_WORDS and toks[j].w not in PREPS and toks[j].clause == clause \
                        and not toks[j].w.startswith(("ب", "ل", "و", "ف", "ال")) and not not_an_argument(toks[j].w):
                    # قصفت الطائرات الحربية مواقع المسلحين: the object is the construct before the name
                    g = nps[obj]
                    nps = nps + [NP(j, g.j, toks[j].start, g.end, g.eid, g.etype, "")]
                    obj = len(nps) - 1
                elif (obj is None or nps[obj].i > j + 1) and j < len(toks) and toks[j].clause == clause \
                        and toks[nps[subj].j - 1].w.startswith("ال") and not toks[j].punct \
                        and not toks[j].w.startswith(("ال", "ي")) and not split_proclitics(toks[j].w)[0] \
                        and toks[j].w not in PREPS and toks[j].w not in PLACE_NOUNS \
                        and (direct := _loose_np(toks, j, clause, used)) is not None and direct.i == j \
                        and not any(x.i <= j < x.j for x in nps):
                    # قصفت المدفعية الإسرائيلية بلدات: an indefinite word after a definite subject is no
                    # adjective of it (adjectives agree in definiteness): the object
                    nps = nps + [direct]
                    obj = len(nps) - 1
            elif bare_before:
                # a verb joined by و/ف shares the clause's subject (قوة من الشرطة قامت بمداهمة المسجد
                # واعتدت على المصلين): the first phrase of the clause, not the nearest (the object before)
                joined = toks[t].w[:1] in ("و", "ف") and len(toks[t].w) > 3
                subj = bare_before[-1] if joined else bare_before[0]
                obj = bare_after[0] if bare_after else None
            elif bare_after:
                obj = bare_after[0]
    else:
        gen = None
        if bare_after and nps[bare_after[0]].i - t <= 2 and not (
                nps[bare_after[0]].i == t + 1 and adjective_of(toks[t].w, toks[t + 1].w)):
            # (الهجمات المسلحة، المعارك المسلحة: a definite noun takes no genitive; the definite word
            # after it that agrees with it is its adjective; تلك الاحتجاجات الاتحاد: a subject, not one)
            gen = bare_after[0]
        # (neither past a prepositional phrase, whose noun the clause may describe: مسيرات منددة بالانقلاب الذي قاده)
        rel = next((k for k in range(t + 1, min(len(toks), t + 4)) if toks[k].w in RELATIVE_WORDS
                    and (k == t + 1 or k + 1 < len(toks) and toks[k + 1].w.startswith(DOER_VERBS))
                    and not _prep_between(toks, t, k)), None)
        doer = next((k for k in range(t + 1, min(len(toks), t + 9)) if toks[k].clause == clause
                     and _doer_with_object(toks[k].w) and not _prep_between(toks, t, k)), None)
        if rel is None and doer is not None:  # ضربة جوية نفذها الجيش، غارة شنتها طائرة: X acts
            rel = doer
        if rel is not None:  # الزيارة التي قام بها X، الهجوم الأكثر دموية الذي نفذته طالبان: X acts
            for k in after:  # (قادها معارضون من الشيعة: a subject takes no preposition)
                if 0 < nps[k].i - rel <= 4 and nps[k].marker == "":
                    subj = k
                    break
            if subj is None and doer is not None:
                loose = _loose_np(toks, doer + 1, clause, used)
                if loose is not None and not any(x.i <= loose.i < x.j for x in nps):
                    nps = nps + [loose]
                    subj = len(nps) - 1
            if frame != "obj":
                gen = None  # (مقتل 15 جنديا في هجوم شنه متمردون: the genitive of a patient noun is the victim)
        did = _did_by(toks, t, clause)
        if did is not None and rel is None:  # قام مسلحون بخطف X، قامت امرأة بتفجير نفسها: X acts
            subj = next((k for k in cand if did < nps[k].i < t and nps[k].marker == ""), None)
            if subj is None:
                loose = _loose_np(toks, did + 1, clause, used)
                if loose is not None and loose.i < t and not any(x.i <= loose.i < x.j for x in nps):
                    nps = nps + [loose]
                    subj = len(nps) - 1
            if subj is None and (span := _preverbal(toks, did, nps, used)) is not None:
                nps, subj = _span_np(toks, nps, span)  # قوة من الشرطة قامت بمداهمة X: the subject before قام
            if gen is not None and frame != "sym":
                obj, gen = gen, None
        if pron_suffix and frame != "obj" and not genobj:
            gen = None  # هجومه على العاصمة: the pronoun is the agent; what follows is not
        if gen is not None and genobj and any(x.i >= nps[gen].j and (x.marker in ACCUSED_MARKERS or x.marker == ""
                                                                    and x.i - nps[gen].j <= 2) for x in nps):
            # اتهامات بريطانيا لروسيا، بحق روسيا، اتهام كير نائبه رياك مشار: with the accused after it, the
            # genitive accuses
            genobj = False
        if gen is not None:
            if frame in ("obj", "host") or genobj:
                obj = gen
            else:
                subj = gen
        adjunct = _adjunct(toks, t)
        said_by = next((k for k in after if nps[k].marker == "من" and nps[k].i - t <= 3 and all(
            not toks[m].punct and toks[m].w not in PREPS and toks[m].w not in FUNCTION_WORDS
            for m in range(t + 1, nps[k].i - 1))), None) if said and frame != "sym" else None
        if pron_suffix and frame != "obj":
            pass
        elif subj is None and said_by is not None:
            subj = said_by  # تهديدات متكررة من كوريا الشمالية، انتقادات حادة من المعارضة: who made them
        elif adjunct and frame in ("sv", "obj") and bare_before and obj is None:
            # قتلوا في هجوم، سقط عشرات العراقيين بانفجار: the clause's subject suffered it
            obj = bare_before[0] if toks[nps[bare_before[0]].i].clause == clause and _victim_clause(
                toks, nps[bare_before[0]].j, t) else None
        elif (subj is None and frame not in ("obj",) and bare_before
              or subj is None and frame == "obj" and bare_before and obj is not None) \
                and not (frame == "sym" and any(nps[k].marker == "بين" and nps[k].i - t <= 4 for k in after)):
            subj = bare_before[0]  # (not قتل قائد في المواجهات بين الجيش والانقلابيين: the sides are named after بين)
    if obj is None and frame in ("sv", "visit", "host", "kill", "obj", "pass") and not (
            kind == "noun" and frame not in ("obj",) and subj is None):
        # no named or nominal object: the first content word after the subject is the object
        lo = max(t, nps[subj].j - 1 if subj is not None and nps[subj].i > t else t) + 1
        aside = _past_time(toks, lo)  # قصفت المقاتلات، الأحد، منصة إطلاق: the word past a time after the subject
        loose = _loose_np(toks, lo, clause, used)
        # غارة جوية، الهجوم الانتحاري: an adjective agreeing in definiteness, not the object; a definite
        # word after an indefinite noun is its genitive (اغتيال الصحافي)
        # (الضربات المتلاحقة، سيطرتها الكاملة: after a definite noun, a definite word is its adjective,
        # as a definite noun takes no genitive)
        # (هجوما واسعا: an indefinite accusative after an indefinite accusative noun is its adjective; القصف
        # والاشتباكات، القتل والتعذيب: a noun joined by و is another act, never the object)
        adjective = loose is not None and kind == "noun" and loose.i == t + 1 and (toks[loose.i].w.endswith(
            ("يه", "ي", "يين", "يون")) and ("ال" in toks[t].w[:4]) == toks[loose.i].w.startswith("ال")
            or adjective_of(toks[t].w, toks[loose.i].w, bool(pron_suffix))
            or toks[t].w.endswith("ا") and toks[loose.i].w.endswith("ا") and toks[loose.i].w not in VICTIM_WORDS
            or _coordinated_act(toks[loose.i].w))
        joined = loose is not None and kind == "verb" and _next_verb(toks, t, loose.i)
        first = nps[bare_after[0]].i if bare_after else None
        if physical and kind == "verb" and subj is not None and bare_after and bare_after[0] == subj \
                and loose is not None and (loose.i == nps[subj].j and _object_after_subject(toks, nps[subj], loose.i)
                                           or loose.i == aside > lo):
            # هاجمت القوات الحكومية المدينة، اقتحم متظاهرون مقر القنصلية: the bare word right after the
            # subject (no proclitic, no adjective of it) is the object
            later = [k for k in bare_after[1:] if nps[k].i >= lo]
            first = nps[later[0]].i if later else None
        if loose is not None and not adjective and not joined and (first is None or loose.i < first):
            nps = nps + [loose]
            obj = len(nps) - 1
    # تعرض X لهجوم: the one who suffered the attack is its recipient, not its actor
    suffered = next((k for k in range(t - 1, max(-1, t - 9), -1) if toks[k].clause == clause
                     and toks[k].w.removeprefix("ب").startswith(SUFFERED)), None)  # بتعرض المرجع ... لمحاولة
    if kind == "noun" and suffered is not None:
        between = next((k for k, x in enumerate(nps) if suffered < x.i < t and x.marker == ""), None)
        if between is None and suffered + 1 < t and (
                loose := _loose_np(toks, suffered + 1, clause, used)) is not None and loose.i < t and not any(
                x.i <= loose.i < x.j for x in nps):
            nps = nps + [loose]  # عندما تعرضت قافلته لهجوم
            between = len(nps) - 1
        if between is not None:  # بتعرض المرجع الشيعي علي السيستاني لمحاولة اغتيال: the one after تعرض
            obj = between
            subj = None if subj == between else subj
        elif subj is not None and nps[subj].j <= t:
            obj, subj = subj, None
        elif obj is None:
            before_np = _loose_before(toks, suffered, clause, used)
            if before_np is not None and not any(x.i <= before_np.i < x.j for x in nps):
                nps = nps + [before_np]
                obj = len(nps) - 1
    light = kind == "noun" and t > 0 and _doer_verb(toks[t - 1].w)
    if subj is None and not orphan and (kind == "verb" and frame not in ("host", "pass") and (obj is None or nps[obj].i > t) and (
            frame != "kill" or _object_follows(toks, t, clause)) or light):
        v = t - 1 if light else t
        span = _preverbal(toks, v, nps, used)
        if span is not None:
            nps, subj = _span_np(toks, nps, span)
        else:
            subj = _reporter(toks, v, nps)
    if kind == "verb" and subj is None and frame in ("intr", "sv", "sym"):
        # no named or nominal subject: the first content word after the verb (تظاهر مئات الأقباط)
        loose = _loose_np(toks, t + 1, clause, used)
        if loose is not None and (obj is None or loose.i < nps[obj].i) and not any(
                x.i <= loose.i < x.j for x in nps) and not _next_verb(toks, t, loose.i):  # انفجرت ودمرت
            nps = nps + [loose]
            subj = len(nps) - 1
    if subj is None and obj is not None and frame in ("kill", "sv", "obj"):
        # (قتلوا في مواجهات مع قوات الأمن، قتل مسلح في اشتباكات بين الجيش والمتمردين: the sides of the clash)
        subj = next((k for k in after if nps[k].marker in ("مع", "بين") and nps[k].i >= 2
                     and toks[nps[k].i - 2].w.removeprefix("ب").removeprefix("في") in CLASH), None)
    passive_by = [k for k in after + before if nps[k].marker == "من قبل"]
    if not passive_by:  # من قبل عدة ضباط عراقيين: a nominal agent that is no NP
        by = next((k for k in range(t + 1, min(len(toks) - 2, t + 6)) if toks[k].clause == clause
                   and toks[k].w == "من" and toks[k + 1].w in BY_AGENT), None)
        loose = _loose_np(toks, by + 2, clause, used) if by is not None else None
        if loose is not None:
            known = next((k for k, x in enumerate(nps) if x.i <= loose.i < x.j), None)
            if known is None:
                nps = nps + [loose]
                known = len(nps) - 1
            passive_by = [known]
    if frame == "intr":  # مظاهرة نظمت من قبل الطلاب: the organisers; not برصاص الشرطة after the cue, nor
        # an agent further on (احتجاجا على فصلهم من قبل الإدارة: the grievance's doer)
        passive_by = [k for k in passive_by if toks[nps[k].i - 1].w in BY_AGENT and abs(nps[k].i - t) <= 4]
    if passive_by:
        if subj is not None and obj is None and frame != "intr":
            obj = subj
        subj = passive_by[0]
    if frame == "host":
        subj, obj = obj, subj
    if subj is not None:
        take(subj, actors)
        if nps[subj].eid is None and (aff := _affiliation(toks, nps, nps[subj], t)) is not None:
            take(aff, actors)
    if obj is not None:
        take(obj, actors if frame == "sym" else recips)
    for k in after + before:
        if k in taken:
            continue
        m = nps[k].marker
        if m in SYM_PREPS and frame == "sym":
            take(k, actors)
        elif m == "من" and frame == "sym" and nps[k].i > t and all(
                toks[g].w in PHONE_WORDS for g in range(t + 1, nps[k].i - 1)):
            take(k, actors)  # تلقى اتصالا هاتفيا من الرئيس: the caller is a side of the call
        elif m == "مع" and frame in ("visit", "host", "sv"):
            if frame in ("visit", "host") or not recips:
                take(k, recips)
        elif m in RECIP_PREPS and nps[k].i > t and frame != "sym":
            if m == "من" and (frame != "sv" or physical):
                continue  # (إطلاق القذائف من قطاع غزة، طرده من البلاد: where from, not whom)
            if (physical or frame == "intr") and m in GENITIVE_LIKE and nps[k].etype != "AGENT" and _completes_noun(
                    toks, nps, k, max([t + 1] + [x.j for x in actors + recips if t < x.j <= nps[k].i]), used):
                continue
            take(k, recips)
            if frame != "visit":
                break
    if not recips and frame not in ("sym", "intr"):
        # a recipient after a preposition with no name or nominal there: its first content word
        start = t + 1
        while start < len(toks) and (start in used and toks[start].w not in RECIP_PREPS
                                     or any(x.i <= start < x.j for x in actors)):
            start += 1  # أطلق مجهولون النار على X: past the trigger's own words and its subject
        if start >= len(toks) or toks[start].w not in RECIP_PREPS:
            start = t + 1
        for k in range(start, min(len(toks), start + 7)):
            tk = toks[k]
            if tk.clause != clause or k in used and tk.w not in RECIP_PREPS:
                break  # (the trigger's own preposition, اعتدى على X, still leads to its recipient)
            w = tk.w
            if w in RECIP_PREPS and w != "من" and k + 1 < len(toks):
                # (على أيدي X: the doer, not a recipient)
                loose = None if doer_cue(toks, k + 1) else _loose_np(toks, k + 1, clause, used, w)
            elif w[:1] == "ل" and not w.startswith("ال") and len(w) > 4 and w not in DURATIONS and not any(
                    x.i == k for x in nps):
                loose = _loose_np(toks, k, clause, used, "ل", strip=1)
            else:
                continue
            if loose is not None and not any(x.i <= loose.i < x.j for x in actors):
                recips.append(loose)
            break
    patient = frame == "obj" or genobj
    if pron_suffix and kind == "noun" and (not actors or (patient and not recips) or frame == "sym"):
        # the possessive of a patient noun (طردها، اعتقاله، اتهامه) is the patient; of a meeting (اجتماعه
        # بزعيم الحزب دولت بهتشلي), one side
        ante = _resolve_pronoun(nps, t, pron_suffix.startswith("ها"), prev_nps)
        if ante is not None and not any(ante is x or ante.eid is not None and ante.eid == x.eid for x in actors):
            (recips if patient else actors).append(ante)
    return actors, recips
