"""The ``quantities`` stage: numbers with what they count.

Numbers in digits (any script) or words (:mod:`marsad.arabic.numbers`) become
``QUANTITY`` spans with ``value``, ``min``, ``max``, ``unit``, ``approx`` and
``kind`` (count, money, percent, measure, number, vague). Ranges (``بين 1000
و1500 جندي``), bounds (``أكثر من 20``: ``min`` only), approximations (``حوالي``,
``نحو``), percentages (``%``, ``في المئة``), money (``1.5 مليار دولار``) and
vague plurals (``عشرات القتلى``) are read; the counted noun is the word after the
number (or after a partitive ``من``). Numbers that are times (``عام 2016``,
``26 سبتمبر``) or identifiers (``القرار 2254``) are not quantities.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..arabic.normalize import normalize, strip_diacritics
from ..arabic.numbers import LEXICON, NumberMatch, find_numbers
from ..doc import Document, Span
from ..registry import stage
from .normalize import norm_view

SOURCE = "quantities.v1"
_PATH = Path(__file__).resolve().parent.parent / "resources" / "times" / "quantities.json"


def _alt(words: set[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class _Lex:
    """The quantity lexicon, normalised, with its regexes compiled once."""

    def __init__(self, raw: dict[str, Any]) -> None:
        n = normalize
        self.currencies = {n(w) for w in raw["currencies"]}
        self.measures = {n(w) for w in raw["measures"]}
        self.identifiers = {n(w) for w in raw["identifiers"]}
        self.stop = {n(w) for w in raw["stop_after"]}
        self.vague = {n(k): tuple(v) for k, v in raw["vague"].items()}
        self.percent_re = re.compile(rf"\s*(?:{_alt({n(w) for w in raw['percent_words']})})(?!\w)|\s*[%٪]")
        self.currency_re = re.compile(rf"\s*(?:ال)?(?P<u>{_alt(self.currencies)})(?![\w])")
        self.measure_re = re.compile(rf"\s*(?P<u>{_alt(self.measures)})(?![\w])")
        cues = ([(n(w), "approx") for w in raw["approx"]] + [(n(w), "lower") for w in raw["lower"]]
                + [(n(w), "upper") for w in raw["upper"]])
        self.cue = dict(cues)
        self.cue_l = re.compile(rf"(?<!\w)[وفب]?(?P<c>{_alt(set(self.cue))})\s*(?:ال\s*)?\Z")
        self.approx_r = re.compile(r"\s+(?:تقريبا|على\s+الاقل|علي\s+الاقل)(?!\w)")
        self.vague_re = re.compile(
            rf"(?<!\w)[وب]?(?P<v>{_alt(set(self.vague))})(?:\s+(?:من\s+)?(?P<v2>الالاف|الملايين|الاف))?(?!\w)")


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex(json.loads(_PATH.read_text(encoding="utf-8")))


_WORD_R = re.compile(r"\s*\)?\s+(?!ال)(?P<w1>[^\W\d_]{2,})(?:\s+(?P<w2>ال[^\W\d_]{2,}))?")
_CONSTRUCT_R = re.compile(r"\s*\)?\s+(?P<w1>[^\W\d_]{2,})(?:\s+(?P<w2>ال[^\W\d_]{2,}))?")
_PARTITIVE_R = re.compile(r"\s+من\s+(?P<w1>[^\W\d_]{2,})(?:\s+(?P<w2>ال[^\W\d_]{2,}))?")
_RANGE_OPEN = re.compile(r"(?<!\w)(?P<o>ما\s+بين|بين|من)\s+(?:ال\s*)?\Z")
_RANGE_GAP_AND = re.compile(r"\s+و?\s*\Z|\s*\Z")
_RANGE_GAP_TO = re.compile(r"\s*(?:-|–|الي|حتي|وحتي|لغايه)\s*\Z")
_HYPHEN_WORD = re.compile(r"[^\W\d_]-\Z")
_OF_L = re.compile(r"(?<!\w)[وب]?عدد\s+(?P<of>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:[^\W\d_]+\s+){0,2}\Z")
_NOT_COUNTED = ("وال", "بال", "لل", "كال", "فال", "وا")
_LATIN_NEAR = re.compile(r"[A-Za-z]")
_ORDINAL_WORDS = frozenset("ال" + w for w in (
    "حادي", "حاديه", "ثاني", "ثانيه", "ثالث", "ثالثه", "رابع", "رابعه", "خامس", "خامسه", "سادس", "سادسه", "سابع",
    "سابعه", "ثامن", "ثامنه", "تاسع", "تاسعه"))
_CURRENCY_ADJ = re.compile(r"\s+(?:امريكي|اميركي|امريكيا|اميركيا|استرليني)(?!\w)")
_VAGUE_ALONE = re.compile(r"\s*(?:[.,،؛:)]|$|\s(?:في|من|علي|الي|و|خلال|بين|جراء|اثر|بسبب)(?!\w))")
_GAP_OR = re.compile(r"\s+او\s+")
_GAP_AND = re.compile(r"\s*و\s*")
_GAP_TO = re.compile(r"\s*(?:-|–|الي|حتي|وحتي|لغايه)\s*")
_GAP_DASH = re.compile(r"\s*[-–]\s*")
_LIST_MARK = re.compile(r"\s*[)\]]?\s*[-–.)]")
_HYPHEN_AFTER = re.compile(r"-[^\W\d_]")
_SPACES = re.compile(r"\s+")
_PLURAL_SCALES = frozenset({"الاف", "ملايين", "مليارات"})


def _value(x: float) -> float | int:
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    if isinstance(x, int) and abs(x) >= 2**63:
        return float(x)  # orjson writes 64-bit integers only
    return x


def _in_spans(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _unit_after(nt: str, end: int, lex: _Lex, construct: bool = False) -> tuple[str, int, int, int] | None:
    """(kind, unit start, unit end, expression end) of what follows a number."""
    m = lex.percent_re.match(nt, end)
    if m:
        return "percent", -1, -1, m.end()
    m = lex.currency_re.match(nt, end)
    if m:
        e = m.end()
        m2 = _CURRENCY_ADJ.match(nt, e)
        return "money", m.start("u"), m2.end() if m2 else e, m2.end() if m2 else e
    m = lex.measure_re.match(nt, end)
    if m:
        return "measure", m.start("u"), m.end(), m.end()
    # a counted noun after a number is indefinite (25 شخصا); after عشرات/آلاف it is a genitive (عشرات المدنيين)
    for rx in (_PARTITIVE_R, _CONSTRUCT_R if construct else _WORD_R):
        m = rx.match(nt, end)
        if not m:
            continue
        w1 = m.group("w1")
        bare = w1.removeprefix("و")
        bare = bare.removeprefix("ال")
        if w1 in lex.stop or w1 in LEXICON or bare in LEXICON:
            continue
        if rx is not _PARTITIVE_R and (w1.startswith(_NOT_COUNTED) or (w1[0] == "و" and w1[1:2] in ("ت", "ي", "ن", "ا"))):
            continue  # والأمن, بالمنطقة: a conjunction or a preposition, not the counted noun
        ue = m.end("w2") if m.group("w2") and not w1.startswith("ال") and m.group("w2") not in lex.stop else m.end("w1")
        return "count", m.start("w1"), ue, ue
    return None


def find_quantities(nt: str, exclude: list[tuple[int, int]] = ()) -> list[dict[str, Any]]:  # type: ignore[assignment]
    """Quantities of a normalised text as dicts with normalised offsets (``start``, ``end``, ``unit_span`` ...)."""
    lex = _lex()
    nums = [n for n in find_numbers(nt) if not _in_spans(n.start, n.end, exclude)]
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        i += 1
        if taken and n.start < taken[-1][1]:
            continue  # inside the unit of the previous quantity
        q = _one(nt, n, nums[i] if i < len(nums) else None, lex)
        if q is None:
            continue
        if q.pop("_pair", False):
            i += 1
        out.append(q)
        taken.append((q["start"], q["end"]))
    for m in lex.vague_re.finditer(nt):
        if _in_spans(m.start(), m.end(), taken) or _in_spans(m.start(), m.end(), exclude):
            continue
        ua = _unit_after(nt, m.end(), lex, construct=True)
        if ua is not None and _in_spans(m.start(), ua[3], taken):
            continue
        if ua is not None and ua[0] == "percent":
            continue
        if ua is None:
            if not _VAGUE_ALONE.match(nt, m.end()):
                continue
            ua = ("vague", -1, -1, m.end())
        lo, hi = lex.vague[m.group("v")]
        if m.group("v2"):
            lo, hi = lo * 1000 if m.group("v2") == "الالاف" or m.group("v2") == "الاف" else lo * 10**6, \
                hi * 1000 if "الاف" in m.group("v2") else hi * 10**6
        s = m.start("v")
        out.append({"start": s, "end": ua[3], "value": None, "min": lo, "max": hi, "approx": True,
                    "kind": "vague", "unit_span": (ua[1], ua[2]) if ua[1] >= 0 else None, "unit": None})
        taken.append((s, ua[3]))
    out.sort(key=lambda q: q["start"])
    return out


def _trailing_scale(nt: str, n: NumberMatch) -> int | None:
    """The scale word (ألف, مليون ...) a number ends with, if any."""
    last = nt[n.start:n.end].split()[-1].lstrip("وبلف")
    v = LEXICON.get(last) or LEXICON.get(last[2:] if last.startswith("ال") else "")
    return int(v[0]) if v and v[1] == "s" else None


def _range_end(nt: str, n: NumberMatch, nxt: NumberMatch | None, start: int) -> tuple[float, NumberMatch, bool, int] | None:
    """When ``n`` opens a range closed by ``nxt`` (بين 1000 و1500, 10-15, 30 أو 40): (min, nxt, either, start)."""
    if nxt is None:
        return None
    op = _RANGE_OPEN.search(nt, max(0, start - 12), start)
    gap = nt[n.end:nxt.start + (1 if nt[nxt.start] == "و" else 0)]
    either = _GAP_OR.fullmatch(gap) is not None  # 30 أو 40 سنة: about 30 to 40
    joined = either or (op is not None and op.group("o") != "من" and _GAP_AND.fullmatch(gap) is not None) or \
        (_GAP_TO.fullmatch(gap) is not None and (op is not None or _GAP_DASH.fullmatch(gap) is not None))
    lo = n.value
    scale = _trailing_scale(nt, nxt)
    if scale and _trailing_scale(nt, n) is None:
        if n.value * scale > nxt.value:
            return None  # من 5 إلى 3 ملايين: a fall from one figure to another, not a range
        lo = n.value * scale  # من 10 إلى 20 ألف: the scale belongs to both ends
    if not joined or nxt.value <= lo:
        return None
    return lo, nxt, either, (op.start() if op is not None else start)


def _not_a_count(nt: str, n: NumberMatch, start: int, end: int, pair: bool) -> bool:
    """Whether a number without a unit is a label, a code, a year or a reference rather than a quantity."""
    if n.kind == "words":
        return True
    if nt[max(0, start - 3):start].strip().endswith(":") and not pair:
        return True  # النحل: 102, a reference
    if not nt[nt.rfind("\n", 0, start) + 1:start].strip(" ([") and _LIST_MARK.match(nt, end):
        return True  # "10- " at the start of a line: the number of a list item
    if pair:
        return False
    raw = nt[n.start:n.end]
    if n.value < 10 or (n.value >= 10000 and "," not in raw and "." not in raw):
        return True  # a lone digit is a label; a long bare number a phone or a code
    if isinstance(n.value, int) and (1900 <= n.value <= 2100 or (1300 <= n.value <= 1500 and "/" in nt[end:end + 3])):
        return True  # a bare year the time tagger left alone (العام الماضي 2014)
    return _LATIN_NEAR.search(nt, max(0, start - 8), min(len(nt), end + 8)) is not None or \
        (nt[start - 1:start] == "(" and nt[end:end + 1] == ")")  # Mobily 737221, (11)


def _one(nt: str, n: NumberMatch, nxt: NumberMatch | None, lex: _Lex) -> dict[str, Any] | None:
    """The quantity that number ``n`` starts (taking ``nxt`` when they form a range), or None."""
    start = n.start + (1 if nt[n.start] == "و" else 0)
    prev = [w for w in nt[max(0, start - 25):start].split() if w not in ("(", "[", ":", "-")]
    identifier = bool(prev) and (prev[-1] in lex.identifiers or prev[-1].strip("(") in lex.identifiers)
    if _HYPHEN_WORD.search(nt, max(0, start - 3), start) or _HYPHEN_AFTER.match(nt, n.end):
        return None  # كوفيد-19, F-16
    if n.kind == "words" and prev and prev[-1] in _ORDINAL_WORDS:
        return None  # المرتبة الخامسة عشرة: the عشرة of an ordinal
    lo: float | None = n.value
    hi: float | None = n.value
    end, pair, either = n.end, False, False
    rng = _range_end(nt, n, nxt, start)
    if rng is not None:
        lo, closing, either, start = rng
        hi, end, pair = closing.value, closing.end, True
    ua = _unit_after(nt, end, lex)  # a range takes the unit of its second number: بين 1000 و1500 جندي
    words = nt[n.start:n.end].split()
    if n.kind == "words" and len(words) == 1 and _strip_article(words[0].lstrip("وبلف")) in _PLURAL_SCALES:
        return None  # آلاف alone is vague: handled by the vague pattern
    first = words[0][1:] if words[0][:1] in "وبلف" and words[0] not in LEXICON else words[0]
    definite = first.startswith("ال") and first not in LEXICON and first[2:] in LEXICON
    if n.kind == "words" and definite and (ua is None or ua[0] == "count"):
        return None  # الخمسون, المليون: ordinals and names (الكتيبة الخمسون, شاعر المليون)
    if ua is None and _not_a_count(nt, n, start, end, pair):
        return None
    if identifier and (ua is None or _PARTITIVE_R.match(nt, end)):
        return None  # القرار 2254, المادة 5 من الدستور: a name, not a count
    kind = ua[0] if ua else "number"
    qend = ua[3] if ua else end
    qual = None
    cm = lex.cue_l.search(nt, max(0, start - 25), start)
    if cm:
        cue = _SPACES.sub(" ", cm.group("c"))
        qual = lex.cue.get(cue.lstrip("وف")) or lex.cue.get(cue)
        start = cm.start("c")
    am = lex.approx_r.match(nt, qend)
    if am and "تقريبا" in am.group():
        qual = qual or "approx"
        qend = am.end()
    approx = qual == "approx" or (pair and either)
    if qual == "lower" and not pair:
        hi = None
    elif qual == "upper" and not pair:
        lo = None
    unit_span = (ua[1], ua[2]) if ua and ua[1] >= 0 and kind != "percent" else None
    return {"start": start, "end": qend, "value": None if pair else _value(n.value),
            "min": _value(lo) if lo is not None else None, "max": _value(hi) if hi is not None else None,
            "approx": approx, "kind": kind, "unit_span": unit_span, "unit": "%" if kind == "percent" else None,
            "qualifier": qual, "_pair": pair}


def _strip_article(w: str) -> str:
    return w.removeprefix("ال")


@stage("quantities.v1", requires={"text"}, provides={"quantities"})
def quantities(doc: Document) -> Document:
    """Find the quantities of ``doc`` (``doc.layers["quantities"]``); times are not quantities."""
    text = doc.text
    norm = norm_view(doc)
    if "times" in doc.layers:
        # times are in text offsets: map them into the normalised view
        exclude = [(bisect.bisect_left(norm.to_orig, s.start), bisect.bisect_left(norm.to_orig, s.end))
                   for s in doc.layers["times"]]
    else:
        from .times_rules import tag
        exclude = [(t.start, t.end) for t in tag(norm.text)]
    spans = []
    for q in find_quantities(norm.text, exclude):
        s, e = norm.span(q["start"], q["end"])
        if e <= s:
            continue
        unit = q["unit"]
        if q["unit_span"] is not None:
            us, ue = norm.span(*q["unit_span"])
            unit = strip_diacritics(text[us:ue]).strip()
        attrs = {"value": q["value"], "min": q["min"], "max": q["max"], "unit": unit,
                 "approx": q["approx"], "kind": q["kind"]}
        if q.get("qualifier") and q["qualifier"] != "approx":
            attrs["bound"] = q["qualifier"]
        of = _OF_L.search(norm.text, max(0, q["start"] - 60), q["start"])
        if of:
            os_, oe = norm.span(of.start("of"), of.end("of"))
            attrs["of"] = text[os_:oe]
        spans.append(Span(s, e, "QUANTITY", source=SOURCE, attrs=attrs))
    doc.layers["quantities"] = spans
    return doc
