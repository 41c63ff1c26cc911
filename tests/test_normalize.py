"""Normalisation is a view: property tests on the map back to the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize, normalize_with_map

ARABIC = st.text(alphabet=st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةـًٌٍَُِّْٰ ﻻﷲ٠١٢٣٤٥٦٧٨٩۰۴کی\u200f\n.،؟")
    + list("abcXYZ 0123")), max_size=80)


@pytest.mark.parametrize("raw,norm", [
    ("إيفكوروف", "ايفكوروف"), ("مُحَمَّد", "محمد"), ("الـــعـــراق", "العراق"), ("ﻻ", "لا"),
    ("مستشفى", "مستشفي"), ("مدينة", "مدينه"), ("٢٠٢٣", "2023"), ("۱۴۰۲", "1402"), ("کرمان", "كرمان"),
    ("فاطمی", "فاطمي"), ("مؤتمر", "موتمر"), ("رئيس", "رييس"), ("\u200fنص", "نص"),
])
def test_normalize_folds(raw: str, norm: str) -> None:
    assert normalize(raw) == norm


@given(ARABIC)
@settings(max_examples=300)
def test_normalize_idempotent(s: str) -> None:
    assert normalize(normalize(s)) == normalize(s)


@given(ARABIC)
@settings(max_examples=300)
def test_normalize_map_in_range_and_monotonic(s: str) -> None:
    nv = normalize_with_map(s)
    assert nv.text == normalize(s)
    assert len(nv.to_orig) == len(nv.text) + 1
    assert nv.to_orig[-1] == len(s)
    assert all(0 <= o <= len(s) for o in nv.to_orig)
    assert all(a <= b for a, b in zip(nv.to_orig, nv.to_orig[1:]))


@given(ARABIC, st.data())
@settings(max_examples=200)
def test_normalize_span_maps_back_to_same_normal_form(s: str, data) -> None:
    nv = normalize_with_map(s)
    if not nv.text:
        return
    a = data.draw(st.integers(0, len(nv.text) - 1))
    b = data.draw(st.integers(a + 1, len(nv.text)))
    oa, ob = nv.span(a, b)
    assert 0 <= oa < ob <= len(s)
    # the source span normalises to the matched text (NFKC ligatures may add a neighbour)
    assert nv.text[a:b] in normalize(s[oa:ob])
