"""Modality and attribution of an event from the words around its trigger.

Modality (DESIGN.md): ``negated`` (لم، لن، لا، عدم، نفى ... أن), ``hypothetical``
(attempts, proposals, conditions: يسعى إلى، يحاول، قد + imperfect، إذا، لو، ربما),
``future`` (سوف، س + imperfect، من المقرر، من المتوقع، يعتزم، المقبل; يتوقع right before the
trigger; a plot, يخططون لارتكاب, is hypothetical), ``historical``
(dated well before the article's reference date), else ``asserted``. Cues are read
inside the trigger's clause, before the trigger, so a condition in one clause does
not colour the next (``إذا لم ... – فقد فشل هجومه``).

Attribution: ``وفقا لـ``، ``بحسب``، ``حسب``، ``نقلا عن``، ``على لسان`` or a speech verb
(``قال``، ``أفادت``، ``أعلن`` ...) followed by its speaker and ``أن``/``إن``.
"""

from __future__ import annotations

from ..arabic.normalize import normalize
from .events_args import NP, Tok

NEG = frozenset(normalize(w) for w in ("لم", "لن", "لا", "ليس", "ليست", "عدم", "دون", "بدون", "ولم", "ولن", "ولا",
                                       "فلم", "فلن", "لما", "إلغاء", "وإلغاء", "بإلغاء",  # (إلغاء زيارة: it was called off)
                                       "ألغى", "ألغت", "وألغى", "وألغت", "يلغي", "تلغي", "ألغوا", "وألغوا"))
NEG_VERBS = frozenset(normalize(w) for w in ("نفى", "نفت", "ينفي", "تنفي", "نفوا", "نفي", "ونفى", "ونفت", "وينفي"))
HYPO = frozenset(normalize(w) for w in (
    # attempts in the present (يسعى); a past attempt (سعى، حاول) is a fact of its own
    "يسعى", "تسعى", "يسعون", "يحاول", "تحاول", "يحاولون", "محاولة", "محاولات",
    "ربما", "إذا", "اذا", "لو", "يمكن", "يريد", "تريد", "يرغب", "ترغب", "يأمل", "تأمل", "يطمح", "تطمح",
    "احتمال", "المحتمل", "الممكن", "محتمل", "مقترح", "اقتراح", "اقترح", "اقترحت", "يقترح", "تقترح",
    "بهدف", "لإقناع", "إقناع", "ويسعى", "وتسعى", "فإذا", "وإذا", "حال", "يجب", "ينبغي", "لعل",
    "مشروع", "خطة", "خطط", "يدرس", "تدرس", "إمكانية", "امكانية", "إمكان"))
FUTURE = frozenset(normalize(w) for w in (
    "سوف", "وسوف", "المقرر", "المتوقع", "يعتزم", "تعتزم", "ينوي", "تنوي", "المقبل", "المقبلة", "القادم",
    "القادمة", "غدا", "المرتقب", "المرتقبة", "مرتقب", "مرتقبة", "المزمع", "يزمع", "سيتم"))
# expecting or preparing: future; plotting or aiming at: an attempt; only for what they govern, right after
# them (يتوقع لقاء كيم، الاستعدادات لقمة، يخططون لارتكاب هجمات، للتوصل إلى اتفاق)
EXPECTED = frozenset(normalize(w) for w in ("يتوقع", "تتوقع", "ويتوقع", "يتوقعون", "الاستعدادات", "لاستعدادات",
                                            "استعدادا", "التحضير", "للتحضير", "تحضيرا", "التحضيرات"))
PLOTTED = frozenset(normalize(w) for w in ("التخطيط", "للتخطيط", "يخطط", "تخطط", "يخططون", "لارتكاب", "بالتخطيط",
                                           "للتوصل"))
REPORTED = frozenset(normalize(w) for w in ("وفقا", "وفق", "بحسب", "حسب", "حسبما", "طبقا", "نقلا", "لسان", "وبحسب",
                                            "وحسب", "ووفقا", "ونقلا", "وطبقا"))
SPEECH = frozenset(normalize(w) for w in (
    "قال", "قالت", "يقول", "تقول", "أعلن", "أعلنت", "يعلن", "أفاد", "أفادت", "يفيد", "ذكر", "ذكرت", "يذكر",
    "أكد", "أكدت", "يؤكد", "صرح", "صرحت", "أوضح", "أوضحت", "أضاف", "أضافت", "نقل", "نقلت", "كشف", "كشفت",
    "أشار", "أشارت", "أبلغ", "أبلغت", "زعم", "زعمت", "ادعى", "ادعت", "رأى", "اعتبر", "اعتبرت", "أفادوا", "قالوا",
    "وقال", "وقالت", "وأعلن", "وأعلنت", "وأفاد", "وأفادت", "وذكر", "وذكرت", "وأكد", "وأكدت", "وأضاف", "وأضافت",
    "وأوضح", "وكشف", "وصرح", "وأشار", "وأشارت", "ويقول", "وتقول", "أعلنوا", "ذكروا", "أكدوا", "ويرى", "يرى"))
COMPLEMENTIZERS = frozenset(normalize(w) for w in ("أن", "إن", "ان", "أنه", "أنها", "إنه", "إنها", "بأن", "بان",
                                                   "انهم", "أنهم", "إنهم", "بأنه", "بأنها"))

_ATTRIBUTION_CUES = REPORTED | SPEECH


def modality_of(toks: list[Tok], t: int, used: set[int], event_date: str | None, date_explicit: bool,
                reference_date: str | None, neg_scope: bool, past: bool = False) -> str:
    """Modality of the trigger at token ``t`` (see the module docstring).

    ``past``: the trigger is a perfect verb (اتفق): what follows it (الأسبوع المقبل) dates
    its content, not the event, so later future cues and future dates are not read.
    """
    clause = toks[t].clause
    lo = t
    while lo > 0 and toks[lo - 1].clause == clause:
        lo -= 1
    window = range(max(lo, t - 3), t)
    w_t = toks[t].w
    for k in window:
        w = toks[k].w
        if w in NEG and k >= t - 2:
            return "negated"
    if neg_scope or _negated_chain(toks, t, lo):
        return "negated"
    # an explicit date well before the article: background, whatever was attempted or
    # supposed then (قد يتخذه وجود فاغنر ... منذ 2018-2019)
    if _well_before(event_date, date_explicit, reference_date):
        return "historical"
    # the words that govern a complement clause (من المقرر أن يزور، يسعى إلى أن): future or attempt
    governor = range(max(0, lo - 3), lo) if lo > 0 and toks[lo].w in _AN else range(0)
    for k in (*governor, *range(max(lo, t - 6), t)):  # a nearby attempt or condition, not one far back
        w = toks[k].w
        if w in HYPO:
            return "hypothetical"
        if w in ("قد", "وقد", "فقد") and k + 1 <= t and _imperfect(toks[k + 1].w):
            return "hypothetical"  # (قد + a perfect, قد توصلت، is "had", a fact)
    for k in (*governor, *range(lo, t if past else min(len(toks), t + 6))):
        w = toks[k].w
        if w in FUTURE and (k < t or toks[k].clause == clause) and not (
                w in COMING and k + 1 < len(toks) and toks[k + 1].w in FROM_TO):
            return "future"  # (الصواريخ القادمة من اليمن: coming from, not next)
    if w_t.startswith(("سي", "ست", "سن", "وسي", "وست")) and t not in used:
        return "future"
    near = {toks[k].w for k in range(max(lo, t - 2), t)}
    if near & PLOTTED:
        return "hypothetical"
    if near & EXPECTED:
        return "future"

    if date_explicit and event_date and reference_date and not past \
            and event_date[:10] > reference_date[:10] and len(event_date) >= 7:
        return "future"
    return "asserted"


COMING = frozenset(normalize(w) for w in ("القادم", "القادمة", "المقبل", "المقبلة"))
FROM_TO = frozenset(normalize(w) for w in ("من", "إلى", "الى"))


def _imperfect(w: str) -> bool:
    """An imperfect verb (يفعل، تفعل، نفعل), not a perfect of the تفعّل/تفاعل forms (توصلت، تمكنوا)."""
    return w[:1] in ("ي", "ت", "ن") and not (w[:1] == "ت" and w.endswith(("ت", "وا")) and len(w) >= 5)


_AN = frozenset(normalize(w) for w in ("أن", "ان", "بأن", "بان"))
_OR = frozenset(normalize(w) for w in ("أو", "و", "ولا"))


def _negated_chain(toks: list[Tok], t: int, lo: int) -> bool:
    """A verb at the end of a negated chain of verbs: لن تتعاون أو تشارك أو تمول (تمول is negated)."""
    k, verbs = t - 1, 0
    while k >= lo and k >= t - 9:
        w = toks[k].w
        if w in NEG:
            return verbs > 0
        if w in _OR:
            k -= 1
            continue
        v = w[1:] if w[:1] == "و" else w
        if v[:1] in ("ي", "ت", "ن") and len(v) >= 3:  # an imperfect verb of the chain
            verbs += 1
            k -= 1
            continue
        return False
    return False


def _well_before(event_date: str | None, explicit: bool, reference_date: str | None) -> bool:
    """Whether an explicit event date ends more than a year before the reference date."""
    if not (explicit and event_date and reference_date):
        return False
    try:
        ey, ry = int(event_date[:4]), int(reference_date[:4])
        em = int(event_date[5:7]) if len(event_date) >= 7 and event_date[4] == "-" else 12
        rm = int(reference_date[5:7]) if len(reference_date) >= 7 else 1
    except ValueError:
        return False
    return (ry * 12 + rm) - (ey * 12 + em) > 12


def negation_scopes(toks: list[Tok]) -> set[int]:
    """Clause ids that follow a denial (نفى ... أن): events there are negated."""
    out: set[int] = set()
    if NEG_VERBS.isdisjoint([tk.w for tk in toks]):
        return out
    for k, tk in enumerate(toks):
        if tk.w in NEG_VERBS:
            for m in range(k + 1, min(len(toks), k + 8)):
                if toks[m].w in COMPLEMENTIZERS:
                    if m + 1 < len(toks):
                        out.add(toks[m + 1].clause)
                    break
    return out


def attribution(toks: list[Tok], nps: list[NP]) -> list[tuple[int, int, NP]]:
    """Attributions of a sentence: (first token, last token, source NP) ranges.

    ``وفقا لـ X`` / ``بحسب X`` cover the whole sentence; ``قال X إن ...`` covers what
    follows the complementiser.
    """
    out: list[tuple[int, int, NP]] = []
    ws = [tk.w for tk in toks]
    if _ATTRIBUTION_CUES.isdisjoint(ws):
        return out
    n = len(toks)
    for k in [k for k, w in enumerate(ws) if w in _ATTRIBUTION_CUES]:
        w = ws[k]
        if w in REPORTED:
            lo = k + 1
            if lo < n and toks[lo].w == "ما":  # بحسب ما ورد / بحسب ما ذكرت الوكالة
                if lo + 1 < n and toks[lo + 1].w not in SPEECH and toks[lo + 1].w[:1] != "ذ" and \
                        toks[lo + 1].w not in ("افادت", "افاد", "نقلت", "اوردت", "ذكرته"):
                    continue
                lo += 2
            src = _first_source(nps, lo, min(n, lo + 25))
            if src is not None:
                out.append((0, n, src))
        elif w in SPEECH:
            for m in range(k + 1, min(n, k + 12)):
                if toks[m].w in COMPLEMENTIZERS:
                    src = _first_source(nps, k + 1, m)
                    if src is not None:
                        out.append((m + 1, n, src))
                    break
    return out


def _first_source(nps: list[NP], lo: int, hi: int) -> NP | None:
    best: NP | None = None
    for x in nps:
        if lo <= x.i < hi:
            if x.eid is not None and x.etype == "PER":
                return x
            if best is None or (best.eid is None and x.eid is not None):
                best = x
    return best
