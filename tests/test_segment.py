"""Sentences and tokens with proclitics, offsets into the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.clitics import split_proclitics
from marsad.doc import Document
from marsad.stages.segment import segment, split_sentences, tokenize


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_segment_splits_on_arabic_question_mark_and_period() -> None:
    assert sents("هل ستنجح المفاوضات؟ قال الوزير إنها ستنجح. وأضاف أن الوفد وصل.") == [
        "هل ستنجح المفاوضات؟", "قال الوزير إنها ستنجح.", "وأضاف أن الوفد وصل."]


@pytest.mark.parametrize("text", [
    "ارتفعت الأسعار بنسبة 31.43 في المئة خلال العام.",
    "نقلت وكالة أ.ف.ب عن مصدر أن الاجتماع انتهى.",
    "قال د. أحمد زويل إن البحث مستمر.",
])
def test_segment_does_not_split_inside_numbers_or_initials(text: str) -> None:
    assert sents(text) == [text]


def test_segment_paragraph_break_ends_sentence() -> None:
    assert sents("عنوان الخبر\n\nنص الخبر هنا") == ["عنوان الخبر", "نص الخبر هنا"]


def test_segment_trailing_punctuation_joins_previous_sentence() -> None:
    assert sents("ما الذي يريده؟ ؟ ويبدو أن الأمر محسوم.") == ["ما الذي يريده؟ ؟", "ويبدو أن الأمر محسوم."]


@pytest.mark.parametrize("word,pre,base", [
    ("وموسكو", "و", "موسكو"), ("بموسكو", "ب", "موسكو"), ("لروسيا", "ل", "روسيا"), ("والجيش", "و", "الجيش"),
    ("فالحكومة", "ف", "الحكومة"), ("وزير", "", "وزير"), ("والد", "", "والد"), ("كما", "", "كما"),
    ("للجيش", "", "للجيش"), ("ولبنان", "و", "لبنان"), ("وإيفكوروف", "و", "إيفكوروف"), ("بريطانيا", "", "بريطانيا"),
])
def test_segment_proclitics(word: str, pre: str, base: str) -> None:
    assert split_proclitics(word) == (pre, base)


def test_segment_proclitic_with_diacritics() -> None:
    assert split_proclitics("وَمُوسكو") == ("وَ", "مُوسكو")


def test_segment_tokens_have_base_offsets() -> None:
    text = "التقى المشير وبوتين في موسكو، 26 سبتمبر 2023."
    toks = tokenize(text)
    assert [text[t.start:t.end] for t in toks] == [
        "التقى", "المشير", "وبوتين", "في", "موسكو", "،", "26", "سبتمبر", "2023", "."]
    wb = toks[2]
    assert wb.attrs["pre"] == "و" and text[wb.attrs["base"]:wb.end] == "بوتين"


def test_segment_decimal_is_one_token() -> None:
    text = "نسبة 31.43% فقط"
    assert [text[t.start:t.end] for t in tokenize(text)] == ["نسبة", "31.43", "%", "فقط"]


@given(st.text(alphabet=st.sampled_from(list("وبلكفالمسقىةأ .؟!\n0123،")), max_size=120))
@settings(max_examples=200)
def test_segment_spans_in_range_and_ordered(text: str) -> None:
    doc = Document.from_text(text)
    doc.text = text
    segment(doc)
    prev = 0
    for s in doc.layer("sents"):
        assert prev <= s.start < s.end <= len(text)
        prev = s.end
    for t in doc.layer("tokens"):
        assert 0 <= t.start <= t.attrs["base"] <= t.end <= len(text)
        assert text[t.start:t.end].strip() == text[t.start:t.end]


def test_segment_no_split_inside_parenthesis() -> None:
    text = "وفقا للمعلومات على شبكة X (سابقًا). -تويتر) بقلم السفير السابق. ثم غادر الوفد."
    assert sents(text) == ["وفقا للمعلومات على شبكة X (سابقًا). -تويتر) بقلم السفير السابق.", "ثم غادر الوفد."]
