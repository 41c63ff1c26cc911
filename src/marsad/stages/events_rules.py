"""Date, place and discourse rules of the event stage.

- the governing date of a trigger (same clause, then the sentence; two coordinated
  dates make two events);
- the place (a place name after في / ب, a visit's destination, a relative clause
  hanging on the trigger's clause);
- whom a protest is against, who holds the area a force deploys in;
- a definite description (الرجل القوي) read as the salient person;
- merging the same event told twice in a sentence, dropping a later re-mention.
"""

from __future__ import annotations

import bisect
import gzip
import re
from functools import lru_cache
from importlib import resources

from ..arabic.normalize import normalize
from ..doc import Event, Span
from .events_args import (
    CLAUSE_OPENERS,
    FUNCTION_WORDS,
    NP,
    NUMBER_WORDS,
    PLACE_NOUNS,
    PLACE_PREPS,
    PREPS,
    RELATIVE_WORDS,
    TIME_WORDS,
    Tok,
    _appositive,
    _doer_with_object,
    _loose_np,
    agent_sector,
    definite,
    doer_cue,
    in_sentence,
    verbal_noun,
)
from .events_lexicon import Entry

_WS = re.compile(r"\s+")
RELATIVES = frozenset(normalize(w) for w in ("الذي", "التي", "الذين", "اللذين", "حيث"))
CONTROL_CUES = ("يسيطر عليها", "تسيطر عليها", "الخاضعه لسيطره", "الخاضعه لسلطه", "يسيطر عليه", "تسيطر عليه")
_N = normalize
# cues of whom a protest is against, by the shape of what follows them
AGAINST = frozenset(_N(w) for w in ("ضد", "وضد"))
DEMAND = frozenset(_N(w) for w in ("مطالبين", "مطالبا", "تطالب", "يطالبون", "يطالب", "طالبوا", "طالب", "مطالبة",
                                   "ومطالبين", "وطالبوا", "للمطالبة", "المطالبة", "لمطالبة", "تدعو", "يدعو",
                                   "داعين", "تنادي", "ينادي", "يسقط", "فليسقط"))
HOSTILE = frozenset(_N(w) for w in ("معادية", "معادي", "المعادية", "مناهضة", "المناهضة", "مناهضين", "مناهض",
                                    "رفضا", "استنكارا", "رافضين", "رافضة", "المناوئين", "مناوئين", "المناوئة",
                                    "مناوئة", "المعارضين", "معارضين", "المعارضة"))
ANGER = frozenset(_N(w) for w in ("غضب", "غضبا", "سخط", "استياء", "استياءهم", "غضبهم"))
TOWARD = frozenset(_N(w) for w in ("إلى", "الى", "نحو", "حتى", "باتجاه", "صوب"))
DENOUNCE = frozenset(_N(w) for w in ("تنديدا", "للتنديد", "منددين", "منددة", "تنديد", "وتنديدا", "تندد", "يندد",
                                     "يتهمون", "ضدها"))
CONDEMN = frozenset(_N(w) for w in ("تدين", "يدين", "يدينون", "تدينون", "رفضها", "رفضهم", "رفضه", "استنكارهم",
                                    "إدانة", "ادانة", "لإدانة", "لادانة"))
OUSTER = tuple(_N(w) for w in ("رحيل", "إسقاط", "إقالة", "استقالة", "محاكمة", "طرد", "تنحي"))
CONTAINERS = frozenset(_N(w) for w in ("مقر", "مبنى", "سفارة", "السفارة", "حملة", "قرار", "سياسة", "سياسات", "مكتب",
                                       "منزل", "قصر", "وزارة", "ممارسات", "إجراءات", "زيارة", "موكب", "دورية",
                                       "قافلة", "مركز", "حاجز", "مقار", "قنصلية", "نظام", "حكم", "حكومة",
                                       "انتهاكات", "تصريحات", "قرارات", "مشروع", "تعامل", "منح", "تكريم", "مطالب",
                                       "خطط", "خطة", "اعتداءات", "تدخل", "احتلال", "وجود", "استمرار", "إصلاحات",
                                       "الإصلاحات", "اصلاحات", "الاصلاحات"))
# a death or an arrest protested against: its doer (على يد X، من قبل X) is the target
# what goes wrong (احتجاجا على تردي الخدمات، عدم دفع الرواتب): a grievance, not whom it is against
GRIEVANCES = frozenset(_N(w) for w in ("عدم", "تردي", "تدهور", "غلاء", "نقص", "سوء", "تأخر", "تأخير", "ارتفاع",
                                       "انقطاع", "استمرار"))
HARM_NOUNS = frozenset(_N(w) for w in ("مقتل", "قتل", "اعتقال", "احتجاز", "اغتيال", "وفاة", "موت", "إعدام", "اعدام",
                                       "تعذيب", "اختطاف", "خطف"))


def _dates(toks: list[Tok], i: int, times: list[Span], sent: Span) -> list[tuple[str, bool, bool]]:
    """The governing time value(s): same clause first, then the sentence (nearest).

    Two times joined by و right after each other (في 23 أغسطس و17 سبتمبر) are two dates:
    the event happened on each.
    """
    ts = [t for t in times if sent.start <= t.start < sent.end and t.attrs.get("value")]
    if not ts:
        return []
    starts = [t.start for t in toks]
    ts = [t for t in ts if not _parenthetical(toks, starts, t)]
    if not ts:
        return []
    pos = toks[i].start
    clause = toks[i].clause

    def clause_of(off: int) -> int:
        k = max(0, bisect.bisect_right(starts, off) - 1)
        return toks[k].clause

    same = [t for t in ts if clause_of(t.start) == clause]
    pool = same or ts
    best = min(pool, key=lambda t: (abs(t.start - pos) + (0 if t.start > pos else 5)))
    out = [(str(best.attrs["value"]), True, bool(same))]
    if not same:  # a date borrowed from another clause governs one event, not a series
        return out
    k = ts.index(best)
    while k + 1 < len(ts):
        gap = _WS.sub("", _sent_text(toks, ts[k].end, ts[k + 1].start))
        if gap in ("و", "،و", "او") or gap == "":
            out.append((str(ts[k + 1].attrs["value"]), True, True))
            k += 1
        else:
            break
    return out


def _parenthetical(toks: list[Tok], starts: list[int], t: Span) -> bool:
    """A time that fills a parenthesis on its own, ``السفير السابق (2013-2016)``: a tenure or
    lifespan in apposition to a noun, not the date of the sentence's event."""
    k = bisect.bisect_left(starts, t.start)
    before = toks[k - 1].w if k > 0 else ""
    j = bisect.bisect_left(starts, t.end)
    after = toks[j].w if j < len(toks) else ""
    return before == "(" and after == ")"


def _sent_text(toks: list[Tok], a: int, b: int) -> str:
    return "".join(t.w for t in toks if a <= t.start and t.end <= b) if b > a else ""


def _place(toks: list[Tok], i: int, nps: list[NP], entry: Entry) -> NP | None:
    """Where the event happened: a place name after في / ب (إلى for visits), in the clause first."""
    clause = toks[i].clause
    preps = PLACE_PREPS | ({normalize("إلى"), "ل"} if entry.frame == "visit" else set())
    locs = [x for x in nps if x.etype == "LOC" and x.eid is not None and x.marker in preps]
    if not locs:
        return None
    # the clause, and a relative clause hanging on it (مع يفكوروف، الذي تم استقباله في بنغازي)
    rel = clause + 1 if any(t.clause == clause + 1 and t.w in RELATIVES for t in toks[i:i + 40]
                            if t.clause == clause + 1) else clause
    same = [x for x in locs if clause <= toks[x.i].clause <= rel]
    after = [x for x in same if x.i > i]
    if entry.frame == "visit":  # the destination of a visit first (إلى موسكو)
        dest = [x for x in after if x.marker in (normalize("إلى"), "ل")]
        after = dest or after
    if after:
        return after[0]
    before = [x for x in same if x.j <= i]
    return before[-1] if before else None


@lru_cache(maxsize=1)
def nationality_adjectives() -> dict[str, str]:
    """Normalised nationality adjective (إسرائيلية، الأميركي) -> ISO-3, from the KB's demonym table."""
    raw = resources.files("marsad.resources").joinpath("kb/demonyms.tsv.gz").read_bytes()
    rows = (ln.split("\t") for ln in gzip.decompress(raw).decode("utf-8").splitlines()[1:])
    return {r[0]: r[1] for r in rows if len(r) == 3 and r[2] == "adj"}


# nouns of the attack itself: what struck, never who (القصف الإسرائيلي استهدف، غارات جوية تدمر)
ATTACKS = frozenset(_N(w) for w in (
    "غارة", "غارات", "الغارة", "الغارات", "قصف", "القصف", "ضربة", "ضربات", "الضربة", "الضربات", "هجوم", "هجمات",
    "الهجوم", "الهجمات", "عدوان", "العدوان", "رصاص", "الرصاص", "نيران", "النيران", "صاروخ", "صواريخ", "الصاروخ",
    "الصواريخ", "قذيفة", "قذائف", "انفجار", "الانفجار", "تفجير", "التفجير", "مخطط", "المخطط", "عملية", "العملية"))
# and of those who strike: a nationality after either names who struck (غارة إسرائيلية، قوات أميركية)
ATTACK_NOUNS = ATTACKS | frozenset(_N(w) for w in (
    "طائرة", "طائرات", "مروحية", "مروحيات", "مقاتلات", "مقاتلة", "قوات", "القوات", "جنود", "دورية", "توغل",
    "اجتياح", "احتلال", "الاحتلال", "بارجة", "زوارق", "مدفعية", "المدفعية", "دبابات"))
# adjectives of the kind of attack between the noun and its nationality (غارة جوية إسرائيلية)
KIND_ADJECTIVES = frozenset(_N(w) for w in (
    "جوية", "جوي", "الجوية", "الجوي", "صاروخية", "صاروخي", "الصاروخية", "مدفعي", "مدفعية", "حربية", "الحربية",
    "عسكرية", "العسكرية", "عسكري", "مسيرة", "المسيرة", "انتحاري", "انتحارية", "جديدة", "جديد", "عنيفة", "مكثفة",
    "حي", "الحي"))
RESPONSIBLE = tuple(_N(w) for w in ("مسؤول", "المسؤول"))


def _attackers(toks: list[Tok], nps: list[NP], actors: list[NP]) -> list[NP]:
    """The actors of an attack without the attack itself (a bare word: القصف الإسرائيلي استهدف), and
    with who is said to be responsible for it in place of the word (روسيا مسؤولة عن الهجوم: روسيا)."""
    out: list[NP] = []
    for a in actors:
        own = in_sentence(toks, a)
        if own and a.etype == "NOUN" and _strip_pre(toks[a.i].w) in ATTACKS:
            continue
        # (a lone مسؤولة that the linker tied to an official named elsewhere is still "responsible")
        if own and (a.eid is None or a.j - a.i == 1) and toks[a.i].w.startswith(RESPONSIBLE) and a.j < len(toks) \
                and toks[a.j].w == _N("عن"):
            who = next((x for x in reversed(nps) if x.j <= a.i and a.i - x.j <= 2 and x.marker == ""
                        and toks[x.i].clause == toks[a.i].clause), None)
            if who is not None and who not in out:
                out.append(who)
            continue
        out.append(a)
    return out


def _national_actor(toks: list[Tok], i: int, by_country: dict[str, str]) -> NP | None:
    """Who struck, named by a nationality adjective after the attack noun of the trigger or of its
    clause (غارة إسرائيلية، قتلوا برصاص إسرائيلي، جراء ضربة جوية أميركية): the country, as an
    argument with the entity of that country when the document names it (``by_country``: ISO-3 ->
    entity id)."""
    adjs = nationality_adjectives()
    n = len(toks)
    clause = toks[i].clause
    for p in range(i, min(n - 1, i + 10)):
        if toks[p].clause != clause or toks[p].punct:
            break
        if p != i and _strip_pre(toks[p].w) not in ATTACK_NOUNS:
            continue
        k = p + 1
        while k < n - 1 and k - p <= 2 and toks[k].w in KIND_ADJECTIVES:
            k += 1
        iso = adjs.get(toks[k].w) if k < n and not toks[k].punct else None
        if iso is not None:
            return NP(k, k + 1, toks[k].start, toks[k].end, by_country.get(iso), "AGENT")
    return None


def _lam_agent(toks: list[Tok], i: int, nps: list[NP]) -> NP | None:
    """Who attacked, after ل: a definite attack noun takes no genitive, so ل after it and its adjectives
    names the attacker (الهجوم العنيف للجيش الوطني على مواقعهم، الهجوم الواسع للمقاومة اليمنية); whom it
    hit comes after على. A town after ل is no attacker."""
    if not definite(toks[i].w) or _strip_pre(toks[i].w) not in ATTACKS:
        return None
    k = i + 1
    while k < len(toks) and not toks[k].punct and toks[k].w.startswith("ال") and toks[k].clause == toks[i].clause:
        k += 1
    x = next((x for x in nps if x.i == k and x.marker in ("ل", "لل") and x.etype in ("AGENT", "ORG", "PER")), None)
    if x is None and k < len(toks) and toks[k].w.startswith("لل") and agent_sector(_strip_pre(toks[k].w)) is not None:
        x = _loose_np(toks, k, toks[i].clause, set(), "ل", strip=1)  # (a nominal actor the tagger left out)
        if x is not None:
            x.etype = "AGENT"
    return x


def _strip_pre(w: str) -> str:
    """A word without a proclitic preposition or conjunction (بزيارة -> زيارة, للرئيس -> الرئيس)."""
    for p in ("وب", "ول", "لل", "و", "ب", "ل", "ف"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            return ("ال" + w[2:]) if p == "لل" else w[len(p):]
    return w


def _target_start(toks: list[Tok], k: int) -> int | None:
    """Where the target of a protest cue at token ``k`` starts (None: ``k`` is no cue).

    ضد X، احتجاجا على X، تنديدا بـX، معادية لـX، مطالبين X (بـرحيل X)."""
    n = len(toks)
    w = toks[k].w
    nxt = toks[k + 1].w if k + 1 < n and not toks[k + 1].punct else ""
    if not nxt:
        return None
    if w in AGAINST:
        return k + 1
    if nxt == _N("على") and _strip_pre(w).startswith(("احتجاج", "الاحتجاج", "اعتراض", "الاعتراض")) and k + 2 < n:
        return k + 2  # (اعتراضا على سياسات الحكومة: in objection to)
    if w in DENOUNCE and nxt[:1] == "ب" or w in HOSTILE and nxt[:1] == "ل" or w in CONDEMN:
        return k + 1  # تنديدا بـX، معادية لـX، تدين X، معلنة رفضها مطالب X
    if w in ANGER:  # غضب متزايد من قرار بريطانيا، غضبهم لمنح الرئيس
        for j in range(k + 1, min(n - 1, k + 3)):
            if toks[j].punct:
                break
            if toks[j].w in (_N("من"), _N("على")):
                return j + 1
            if toks[j].w[:1] == "ل" and not toks[j].w.startswith("ال") and len(toks[j].w) > 3:
                return j
        return None
    if w in TOWARD and _strip_pre(nxt) in CONTAINERS:
        return k + 1  # ساروا نحو السفارة التونسية، توجهوا إلى مقر رئيس الوزراء
    if w in DEMAND:
        for j in range(k + 1, min(n, k + 3)):  # مطالبين بوضوح برحيل السلطات
            if _strip_pre(toks[j].w).removeprefix("ال").startswith(OUSTER):
                return j + 1 if j + 1 < n else None
        return None if nxt[:1] == "ب" else k + 1  # يطالبون بتدخل: the demand, not its target
    return None


PROTESTERS = ("متظاهر", "محتج", "معتصم", "مضرب")
DAY_WORDS = frozenset(_N(w) for w in ("يوم", "قد", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
                                      "السبت", "ليل", "ليلة"))


def is_crowd(toks: list[Tok], x: NP) -> bool:
    """A nominal actor that names protesters (المتظاهرون، محتجين، المعتصمين)."""
    return x.etype == "AGENT" and any(c in toks[x.i].w for c in PROTESTERS)


def _crowd_object(toks: list[Tok], nps: list[NP]) -> list[tuple[int, int]]:
    """What the protesters act on: وهاجم المتظاهرون X، متظاهرون ... حطموا مقر X."""
    out: list[tuple[int, int]] = []
    for x in nps:
        if not is_crowd(toks, x):
            continue
        k = x.j
        prev = toks[x.i - 1].w if x.i > 0 else ""
        if prev and x.marker == "" and k < len(toks) and not toks[k].punct and prev not in FUNCTION_WORDS \
                and prev not in NUMBER_WORDS and not prev.isdigit() and prev not in CLAUSE_OPENERS \
                and toks[k].w not in FUNCTION_WORDS and toks[k].w not in PREPS and _strip_pre(toks[k].w) not in PLACE_NOUNS:
            out.append((x.j - 1, k))  # verb, crowd, object
            continue
        for v in range(x.j, min(len(toks), x.j + 6)):  # crowd ... (قد) حطموا (يوم الأحد) مقر X
            tv = toks[v]
            if tv.punct or tv.clause != toks[x.i].clause:
                break
            if tv.w == _N("على") and v > x.j:  # ألقى المتظاهرون الحجارة على جرافات إسرائيلية
                out.append((v, v + 1))
                break
            if (tv.w.endswith("وا") or tv.w.startswith(("ي", "وي")) and tv.w.endswith("ون")) and len(tv.w) >= 5 \
                    and tv.w not in FUNCTION_WORDS:
                j = v + 1
                while j < len(toks) and (toks[j].w in TIME_WORDS or toks[j].w in DAY_WORDS):
                    j += 1
                if j < len(toks) and not toks[j].punct and toks[j].w not in FUNCTION_WORDS:
                    out.append((v, j))
                break
    return out


def _country(x: NP, countries: frozenset[str]) -> bool:
    return x.eid is not None and x.eid in countries


def _protest_target(toks: list[Tok], i: int, nps: list[NP], used: set[int], countries: frozenset[str]) -> list[NP]:
    """Whom a protest is against: the cues of :func:`_target_start` after the trigger, then
    before it; else the owner of the building protesters gathered in front of (أمام مقر X).
    A place is a target only when it is a country (``countries``: their entity ids)."""
    n = len(toks)
    order = list(range(i, n - 1)) + list(range(i))  # the trigger itself may be the cue (احتجاجا على)
    starts = [(k, j) for k in order if (j := _target_start(toks, k)) is not None]
    # a cue against someone (ضد، احتجاجا على، تدعو X) before a march towards a building (باتجاه مقر X)
    starts.sort(key=lambda kj: toks[kj[0]].w in TOWARD)
    # (then the building they gathered in front of: تظاهروا أمام مبنى المحافظة احتجاجا على تردي الخدمات)
    starts += [(k, k + 1) for k in range(i + 1, n - 1) if toks[k].w in (_N("أمام"), _N("امام"))]
    if not starts:
        starts = _crowd_object(toks, nps)
    for k, j in starts:
        while j < n and _strip_pre(toks[j].w) in CONTAINERS:
            j += 1  # أمام مقر رئيس الوزراء، على حملة اليمين: the owner is the target
        w = _strip_pre(toks[j].w) if j < n else ""
        # (an indefinite verbal noun heads a construct: تقليص المساعدات; الائتلاف names a party)
        act = j < n and (w in HARM_NOUNS or w in GRIEVANCES or not w.startswith("ال") and verbal_noun(toks[j].w))
        # منددة بالانقلاب العسكري الذي قاده الجنرال X: an act, then who carried it out
        led = next((m + 1 for m in range(j + 1, min(n - 2, j + 4)) if toks[m].w in RELATIVE_WORDS
                    and _doer_with_object(toks[m + 1].w)), None) if j < n and verbal_noun(toks[j].w) else None
        if led is not None:
            k, j = led, led + 1
            act = False
        if act:  # احتجاجا على مقتل فتى برصاص الشرطة، على تقليص المساعدات من قبل البرنامج: its doer
            by = next((m for m in range(j + 1, min(n - 1, j + 9)) if toks[m].clause == toks[j].clause
                       and doer_cue(toks, m)), None)
            if by is not None:
                k, j = by, by + 1
                act = False
        # a named or nominal actor close after the cue (احتجاجا على رفض القضاء الإسرائيلي)
        hit = next((x for x in nps if k < x.i <= max(j, k + 4) and (x.etype != "LOC" or _country(x, countries))
                    and (x.eid is not None or x.etype == "AGENT")), None)
        if hit is None:
            hit = next((x for x in nps if x.i == j), None)
        if hit is None and j < n:
            hit = _loose_np(toks, j, toks[j].clause, used)
            if hit is not None and act:
                continue  # احتجاجا على تردي الخدمات: a grievance, nobody it is against
        if hit is not None and (hit.etype != "LOC" or _country(hit, countries)):
            # (العقيد أحمد سالم: with the name in apposition to the title)
            name = _appositive(toks, nps, nps.index(hit)) if any(hit is x for x in nps) else None
            return [hit] if name is None else [hit, nps[name]]
    return []


CLAIM = tuple(normalize(w) for w in ("تبنى", "تبنت", "تبناه", "تبنته", "تبناها", "تبنتها", "وتبنى", "وتبنت",
                                      "وتبناه", "وتبنته"))


ASCRIBED = frozenset(normalize(w) for w in ("نسب", "نسبت", "ونسب", "ونسبت", "ينسب", "تنسب", "نسبه", "نسبته"))


def _claimant(toks: list[Tok], i: int, nps: list[NP]) -> NP | None:
    """Who claimed an attack (تبنته طالبان، وقد تبناه تنظيم القاعدة), or whom it is ascribed to
    (نسب إلى المتمردين التاميل), in the trigger's sentence."""
    for k, t in enumerate(toks):
        if t.w in CLAIM:
            return next((x for x in nps if 0 < x.i - k <= 3 and x.marker == ""), None)
        if t.w in ASCRIBED and k + 1 < len(toks) and toks[k + 1].w in (normalize("إلى"), normalize("الى")):
            hit = next((x for x in nps if x.i == k + 2), None)
            return hit if hit is not None else _loose_np(toks, k + 2, t.clause, set())
    return None


def _np_at(toks: list[Tok], nps: list[NP], p: int, clause: int, used: set[int], *, exact: bool = True,
           places: bool = True) -> NP | None:
    """The phrase at token ``p``: the named or nominal phrase starting there (not a place unless
    ``places``), else a one-word phrase from ``p`` in ``clause`` (starting at ``p`` itself when ``exact``)."""
    hit = next((y for y in nps if y.i == p and (places or y.etype != "LOC")), None)
    if hit is not None or p >= len(toks):
        return hit
    loose = _loose_np(toks, p, clause, used)
    return loose if loose is not None and (loose.i == p or not exact) else None


def _aimed_at(toks: list[Tok], nps: list[NP], x: NP, used: set[int]) -> NP | None:
    """What a fired or thrown object was aimed at: أطلق عدة أعيرة نارية على مجموعة، ألقى قنبلة على X."""
    for k in range(x.j, min(len(toks) - 1, x.j + 3)):
        if toks[k].punct or toks[k].clause != toks[x.i].clause:
            return None
        if toks[k].w in (_N("على"), _N("علي")) and toks[k + 1].w != _N("الأقل"):  # not على الأقل
            return _np_at(toks, nps, k + 1, toks[k].clause, used)
    return None


TARGETED = tuple(normalize(w) for w in ("استهدف", "استهدفت", "مستهدفا", "مستهدفة", "يستهدف", "تستهدف", "واستهدف",
                                        "واستهدفت"))
NEAR = frozenset(normalize(w) for w in ("قرب", "أمام", "امام", "بالقرب", "مقربة"))
PASSING = frozenset(normalize(w) for w in ("لدى", "عند", "أثناء", "اثناء", "خلال"))  # لدى مرور موكب الوزير


def _strike_target(toks: list[Tok], i: int, nps: list[NP], used: set[int], countries: frozenset[str],
                   aerial: bool) -> list[NP]:
    """What an attack with no written recipient hit: what it targeted (غارة استهدفت موقعا، انها
    استهدفت عناصر طالبان), what a bomb went off near (انفجرت قرب دورية، لدى مرور موكب الوزير),
    or, for an air strike, the country it struck (ضربة جوية في سورية; not هجوم انتحاري في باكستان,
    where the country is only the place)."""
    n = len(toks)
    for k in range(i + 1, min(n - 1, i + 16)):
        w = toks[k].w
        if w.startswith(TARGETED) and not toks[k + 1].punct:
            hit = _np_at(toks, nps, k + 1, toks[k].clause, used, exact=False)
            return [hit] if hit is not None else []
        if toks[k].clause != toks[i].clause or k - i > 8:
            continue
        if w in NEAR or w in PASSING and toks[k + 1].w == normalize("مرور"):
            j = k + 1
            while j < n and toks[j].w in (normalize("من"), normalize("مرور")):
                j += 1
            found = _np_at(toks, nps, j, toks[k].clause, used, places=False)
            if found is not None:
                return [found]
        if w == normalize("في") and aerial:
            hit = next((y for y in nps if y.i == k + 1 and _country(y, countries)), None)
            if hit is not None:
                return [hit]
    return []


CASUALTY = frozenset(normalize(w) for w in (
    "أصيب", "أصيبت", "أصيبوا", "وأصيب", "وأصيبت", "وأصيبوا", "لقي", "لقيت", "لقوا", "ولقي", "نجا", "نجت", "ونجا",
    "مقتل", "ومقتل", "إصابة", "وإصابة", "اغتيال", "قتلى", "ضحايا", "سقوط"))


def _casualties(toks: list[Tok], i: int, nps: list[NP], used: set[int]) -> list[NP]:
    """The victims of an attack told around it: أصيب X، لقي X مصرعه، نجا X من، مقتل X."""
    for k, t in enumerate(toks):
        if t.w in CASUALTY and k != i:
            hit = next((x for x in nps if 0 < x.i - k <= 3 and x.marker in ("", "من")), None)
            if hit is None:
                hit = _loose_np(toks, k + 1, t.clause, used)
            if hit is not None and hit.etype != "LOC":
                return [hit]
    return []


def _controller(toks: list[Tok], i: int, nps: list[NP]) -> list[NP]:
    """Who holds the area a force is deployed in (المناطق التي يسيطر عليها حفتر): the host."""
    words = [t.w for t in toks]
    for k in range(i + 1, len(toks) - 2):
        pair = words[k] + " " + words[k + 1]
        if pair in CONTROL_CUES:
            for x in nps:
                if x.i >= k + 2 and x.i <= k + 4 and x.eid is not None and x.etype in ("PER", "ORG"):
                    return [x]
            break
    return []


def _salient_person(nps: list[NP], before: int, prev_nps: list[NP]) -> NP | None:
    """The nearest named person before token ``before`` (then in the previous sentence)."""
    for pool in ([x for x in nps if x.j <= before], prev_nps):
        for x in reversed(pool):
            if x.eid is not None and x.etype == "PER":
                return x
    return None


def _drop_remention(events: list[Event]) -> list[Event]:
    """Drop an event that only mentions again an earlier one (اجتماعه مع رئيس الكرملين).

    Same type, the same two or more participants, and no date of its own: it is the
    earlier event, referred to again.
    """
    out: list[Event] = []
    for ev in events:
        borrowed = ev.extra.pop("_borrowed_date", False)
        parts = set(ev.actor) | set(ev.recipient)
        if borrowed and len(parts) >= 2 and any(
                o.type == ev.type and set(o.actor) | set(o.recipient) == parts for o in out):
            continue
        out.append(ev)
    return out


def _month(ref: str | None) -> str | None:
    return ref[:7] if ref else None


def _ids(nps: list[NP]) -> list[str]:
    out: list[str] = []
    for x in nps:
        if x.eid is not None and x.eid not in out:
            out.append(x.eid)
    return out


def _merge(events: list[Event]) -> list[Event]:
    """Merge same-type events of one sentence whose arguments agree (هجوم ... أسفر عن مقتل)."""
    out: list[Event] = []
    for ev in events:
        target = None
        for o in out:
            if o.type != ev.type or o.date != ev.date or o.modality != ev.modality:
                continue
            p1, p2 = set(o.actor) | set(o.recipient), set(ev.actor) | set(ev.recipient)
            # one event's participants contain the other's: the same event told twice
            if p1 <= p2 or p2 <= p1:
                target = o
                break
        if target is None:
            out.append(ev)
            continue
        for x in ev.actor:
            if x not in target.actor and x not in target.recipient:
                target.actor.append(x)
        for x in ev.recipient:
            if x not in target.recipient and x not in target.actor:
                target.recipient.append(x)
        target.place = target.place or ev.place
        target.mode = target.mode or ev.mode
        target.attributed_to = target.attributed_to or ev.attributed_to
        # (an argument the target has already, in either role, is not added again in the other: قتلت الشرطة
        # مسلحا في اشتباك, where the clash's side is the killing's victim)
        args = target.extra.setdefault("arguments", [])
        spans = {(a["start"], a["end"]) for a in args}
        for a in ev.extra.get("arguments", []):
            other = target.recipient if a.get("role") == "actor" else target.actor
            if (a["start"], a["end"]) not in spans and not (a.get("entity") and a["entity"] in other):
                args.append(a)
                spans.add((a["start"], a["end"]))
        target.confidence = max(target.confidence, ev.confidence)
    return out
