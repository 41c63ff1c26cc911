"""Numbers in digits (any script) and Arabic words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize
from marsad.arabic.numbers import find_numbers, parse_digits, parse_number, parse_ordinal, to_ascii_digits


@pytest.mark.parametrize("text,value", [
    ("ثلاثة", 3), ("ثلاث", 3), ("عشرين", 20), ("عشرون", 20), ("الألف", 1000), ("ألف", 1000), ("مليون", 10**6),
    ("ثلاثة آلاف", 3000), ("1.5 مليار", 1_500_000_000), ("خمسة وعشرون", 25), ("خمسة وعشرين", 25),
    ("ثلاثة آلاف وخمسمائة وعشرون", 3520), ("مليون ونصف", 1_500_000), ("نصف مليون", 500_000),
    ("مليون و200 ألف", 1_200_000), ("ألفان", 2000), ("ألفين", 2000), ("مليونين", 2_000_000),
    ("ثلاثة عشر", 13), ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("مئتان وخمسون ألف", 250_000),
    ("مائة وخمسة وعشرون", 125), ("ثلاثمائة", 300), ("ثلاثمئة", 300), ("ثلاث مئة", 300), ("عشرة آلاف", 10_000),
    ("2 مليون", 2_000_000), ("10 ملايين", 10_000_000), ("بثلاثة", 3), ("١٥٠٠", 1500), ("۱۵۰۰", 1500),
    ("1,500", 1500), ("١٫٥", 1.5), ("٢٬٥٠٠", 2500), ("مليار دولار", None), ("تسعمائة وتسعة وتسعون", 999),
])
def test_numbers_parse(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["ثلاثة وأربعة", "نصف", "أحد", "واحد اثنان", "الحكومة", "", "5-3"])
def test_numbers_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text,value", [
    ("الأول", 1), ("الأولى", 1), ("الثاني", 2), ("الخامس", 5), ("العاشر", 10), ("الحادي عشر", 11),
    ("الثانية عشرة", 12), ("التاسع عشر", 19), ("العشرين", 20), ("الحادي والعشرين", 21),
    ("الخامس والعشرين", 25), ("الحادي والثلاثين", 31), ("الحادي", None), ("الحكومة", None),
])
def test_numbers_ordinals(text: str, value: int | None) -> None:
    assert parse_ordinal(normalize(text)) == value


def test_numbers_find_in_sentence() -> None:
    text = normalize("قتل خمسة وعشرون شخصا وأصيب 40 آخرون ونزح ثلاثة آلاف")
    found = [(text[n.start:n.end], n.value) for n in find_numbers(text)]
    assert found == [("خمسه وعشرون", 25), ("40", 40), ("ثلاثه الاف", 3000)]


def test_numbers_listed_numbers_are_not_summed() -> None:
    text = normalize("ثلاثة وأربعة")
    assert [n.value for n in find_numbers(text)] == [3, 4]


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["en", "ar", "fa"]))
def test_numbers_digits_any_script_roundtrip(n: int, script: str) -> None:
    s = str(n)
    if script == "ar":
        s = s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    elif script == "fa":
        s = s.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert parse_digits(s) == n
    assert parse_number(s) == n
    assert to_ascii_digits(s) == str(n)


_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TENS = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_TEENS = ["عشرة", "أحد عشر", "اثنا عشر", "ثلاثة عشر", "أربعة عشر", "خمسة عشر", "ستة عشر", "سبعة عشر",
          "ثمانية عشر", "تسعة عشر"]
_HUNDREDS = ["", "مائة", "مائتان", "ثلاثمائة", "أربعمائة", "خمسمائة", "ستمائة", "سبعمائة", "ثمانمائة", "تسعمائة"]


def _words_below_1000(n: int) -> str:
    """Arabic words of 1..999 in the order news writes them (hundreds, units, tens)."""
    h, r = divmod(n, 100)
    parts = [_HUNDREDS[h]] if h else []
    if 10 <= r < 20:
        parts.append(_TEENS[r - 10])
    elif r:
        u, t = r % 10, r // 10
        if u and t:
            parts.append(f"{_UNITS[u]} و{_TENS[t]}")
        elif u:
            parts.append(_UNITS[u])
        else:
            parts.append(_TENS[t])
    return " و".join(parts)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_numbers_words_property(thousands: int, rest: int) -> None:
    text = f"{_words_below_1000(thousands)} ألف" if thousands > 2 else ("ألف" if thousands == 1 else "ألفان")
    if rest:
        text += " و" + _words_below_1000(rest)
    assert parse_number(text) == thousands * 1000 + rest
