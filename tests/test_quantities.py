"""The quantities stage: numbers with what they count."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize
from marsad.doc import Document, Span
from marsad.registry import build_stage
from marsad.stages.quantities import quantities
from marsad.stages.times import times

CASES = Path(__file__).resolve().parent / "data" / "quantities_cases.jsonl"
KEYS = ("value", "min", "max", "unit", "approx")


def _run(text: str, with_times: bool = True) -> Document:
    d = Document.from_text(text)
    d.text = text
    if with_times:
        times(d)
    return quantities(d)


def _found(text: str, with_times: bool = True) -> list[tuple[str, dict]]:
    d = _run(text, with_times)
    return [(text[q.start:q.end], q.attrs) for q in d.layers["quantities"]]


def test_quantities_case_set_meets_floors() -> None:
    cases = [json.loads(x) for x in CASES.read_text(encoding="utf-8").splitlines() if x.strip()]
    tp = fp = fn = ok = n = 0
    for c in cases:
        s = c["sentence"]
        got = _run(s).layers["quantities"]
        used: set[int] = set()
        pos = 0
        for e in c["expected"]:
            n += 1
            at = s.find(e["text"], pos)
            pos = at + len(e["text"])
            hit = next((j for j, q in enumerate(got) if j not in used and q.start < at + len(e["text"]) and at < q.end
                        and (normalize(e["text"]) in normalize(s[q.start:q.end])
                             or normalize(s[q.start:q.end]) in normalize(e["text"]))), None)
            if hit is None:
                fn += 1
                continue
            tp += 1
            used.add(hit)
            ok += all(got[hit].attrs.get(k) == e[k] for k in KEYS)
        fp += len(got) - len(used)
    assert n >= 60
    p, r = tp / (tp + fp), tp / (tp + fn)
    assert 2 * p * r / (p + r) >= 0.95, (p, r)
    assert ok / n >= 0.95, ok / n


def test_quantities_range_with_unit() -> None:
    [(text, a)] = _found("يتراوح عدد قوات فاغنر بين 1000 و1500 جندي.")
    assert text == "بين 1000 و1500 جندي"
    assert (a["min"], a["max"], a["unit"], a["value"]) == (1000, 1500, "جندي", None)
    assert a["of"] == "قوات فاغنر"


def test_quantities_approximation_and_partitive() -> None:
    [(text, a)] = _found("بالإضافة إلى دعم حوالي 1000 من رجال الميليشيات السورية.")
    assert text.startswith("حوالي 1000")
    assert a["value"] == 1000 and a["approx"] is True and a["unit"] == "رجال الميليشيات"


@pytest.mark.parametrize("text,kind,value,unit", [
    ("بلغت الخسائر 1.5 مليار دولار", "money", 1_500_000_000, "دولار"),
    ("ارتفعت الأسعار 12.5 في المئة", "percent", 12.5, "%"),
    ("سقط 31.43% من الأصوات", "percent", 31.43, "%"),
    ("ينتج الحقل 4.5 مليون برميل يوميا", "measure", 4_500_000, "برميل"),
    ("قتل ثلاثة وعشرون مدنيا", "count", 23, "مدنيا"),
    ("اعتقلت الشرطة ١٢ متظاهرا", "count", 12, "متظاهرا"),
])
def test_quantities_kinds(text: str, kind: str, value: float, unit: str) -> None:
    [(_, a)] = _found(text)
    assert (a["kind"], a["value"], a["unit"]) == (kind, value, unit)


def test_quantities_bounds() -> None:
    [(_, a)] = _found("وأصيب أكثر من 40 شخصا")
    assert (a["min"], a["max"], a["bound"]) == (40, None, "lower")
    [(_, a)] = _found("وصل أقل من 5% من المساعدات")
    assert (a["min"], a["max"], a["bound"]) == (None, 5, "upper")


def test_quantities_vague_plural() -> None:
    [(text, a)] = _found("وقتل عشرات المدنيين في القصف")
    assert text == "عشرات المدنيين" and a["value"] is None and a["approx"] and a["min"] == 10


@pytest.mark.parametrize("text", [
    "وولد في 26 سبتمبر 1950.", "بدأت العلاقة في عام 2016 عندما سعى المشير.", "فشل الهجوم في 2019-2020.",
    "التقى مرتين (في 23 أغسطس و17 سبتمبر).", "طالب بتنفيذ القرار 2254.", "تفشى كوفيد-19 في البلاد.",
    "وصل الوفد الساعة 10:30 صباحا.",
])
def test_quantities_times_and_identifiers_are_not_quantities(text: str) -> None:
    assert _found(text) == []


def test_quantities_without_times_layer_still_skip_times() -> None:
    assert _found("بدأت العلاقة في عام 2016 وقتل 30 جنديا.", with_times=False)[0][0] == "30 جنديا"
    assert len(_found("بدأت العلاقة في عام 2016 وقتل 30 جنديا.", with_times=False)) == 1


def test_quantities_read_existing_times_layer() -> None:
    d = Document.from_text("قتل 1500 جندي")
    d.text = "قتل 1500 جندي"
    d.layers["times"] = [Span(4, 8, "TIME", attrs={"value": "1500"})]  # a stage said it is a year
    assert quantities(d).layers["quantities"] == []


def test_quantities_registered() -> None:
    st_ = build_stage("quantities")
    assert "quantities" in st_.provides


def test_quantities_to_json_contract() -> None:
    d = _run("يتراوح عدد القوات بين 1000 و1500 جندي.")
    [q] = d.to_json()["quantities"]
    assert {"start", "end", "text", "min", "max", "unit", "value", "approx"} <= set(q)


_ALPHABET = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوية أإآىئؤ،.-/:%٪()0123456789٠١٢٣٤٥٦٧٨٩٫٬,\u064b\u0640\n")
_WORDS = ["بين", "و1500", "1000", "جندي", "حوالي", "نحو", "أكثر", "من", "مليون", "مليار", "دولار", "ثلاثة", "آلاف",
          "في", "المئة", "%", "عشرات", "القتلى", "عام", "2016", "26", "سبتمبر", "١٥", "شخصا", "ونصف", "الآلاف",
          "9" * 30, "9" * 400 + ".5", "المليون", "أو", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_ALPHABET, max_size=6)), max_size=25),
       st.booleans())
def test_quantities_spans_in_range_property(words: list[str], with_times: bool) -> None:
    text = " ".join(words)
    d = _run(text, with_times)
    qs = d.layers["quantities"]
    for q in qs:
        assert 0 <= q.start < q.end <= len(text)
        lo, hi = q.attrs["min"], q.attrs["max"]
        assert lo is None or hi is None or lo <= hi
    assert all(a.end <= b.start for a, b in pairwise(qs))
    orjson.dumps(d.to_json())  # the output stays writable (no NaN, no integer beyond 64 bits)
