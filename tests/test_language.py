"""The language stage: document and paragraph languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.doc import Document, Span
from marsad.registry import build_stage
from marsad.stages.language import LanguageStage, get_detector, paragraphs, sample, script_language

AR = "قال المتحدث باسم الحكومة الليبية إن الاجتماع سيعقد يوم الخميس في العاصمة طرابلس بحضور وفد روسي."
EN = "The minister said the meeting would take place on Thursday in the Libyan capital with a Russian delegation."
FR = "Le ministre a déclaré que la réunion aurait lieu jeudi dans la capitale libyenne avec une délégation russe."
FA = "وزیر گفت که این نشست روز پنجشنبه در پایتخت لیبی با حضور یک هیئت روسی برگزار خواهد شد."
UR = "وزیر نے کہا کہ یہ اجلاس جمعرات کو لیبیا کے دارالحکومت میں روسی وفد کی موجودگی میں ہوگا۔"
TR = "Bakan, toplantının perşembe günü Libya'nın başkentinde bir Rus heyetinin katılımıyla yapılacağını söyledi."
RU = "Министр заявил, что встреча состоится в четверг в столице Ливии с участием российской делегации."
HE = "השר אמר כי הפגישה תתקיים ביום חמישי בבירת לוב בהשתתפות משלחת רוסית."


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage()


def doc_of(text: str) -> Document:
    doc = Document.from_text(text)
    doc.text = text
    return doc


@pytest.mark.parametrize("text, lang", [(AR, "ar"), (EN, "en"), (FR, "fr"), (FA, "fa"), (UR, "ur"),
                                        (TR, "tr"), (RU, "ru"), (HE, "he")])
def test_language_document(stage: LanguageStage, text: str, lang: str) -> None:
    out = stage(doc_of(text))
    assert out.language == lang
    assert out.meta["paragraph_languages"] == [{"start": 0, "end": len(text), "lang": lang}]


def test_language_arabic_uses_script_shortcut(stage: LanguageStage) -> None:
    out = stage(doc_of((AR + "\n\n") * 50))
    assert out.language == "ar" and out.meta["language_method"] == "script"


def test_language_persian_is_not_taken_for_arabic_by_the_shortcut() -> None:
    assert script_language(FA) is None and script_language(UR) is None
    assert script_language(AR) == "ar"
    assert script_language(AR + " (Reuters)") == "ar"  # a little Latin does not matter
    assert script_language(EN) is None


def test_language_mixed_page_per_paragraph(stage: LanguageStage) -> None:
    text = f"{AR} {AR}\n\n{EN}\n\n  {FR}  \n\n{AR}"
    out = stage(doc_of(text))
    langs = out.meta["paragraph_languages"]
    assert [p["lang"] for p in langs] == ["ar", "en", "fr", "ar"]
    for p in langs:
        assert text[p["start"]:p["end"]] == text[p["start"]:p["end"]].strip() and p["end"] > p["start"]
    assert out.language == "ar" and out.meta["language_method"] == "paragraphs"


def test_language_uses_paragraph_layer_when_present(stage: LanguageStage) -> None:
    text = f"{AR}\n{EN}"
    doc = doc_of(text)
    doc.layers["paragraphs"] = [Span(0, len(AR), "PARA"), Span(len(AR) + 1, len(text), "PARA")]
    out = stage(doc)
    assert out.meta["paragraph_languages"] == [{"start": 0, "end": len(AR), "lang": "ar"},
                                               {"start": len(AR) + 1, "end": len(text), "lang": "en"}]


def test_language_short_paragraph_is_unknown(stage: LanguageStage) -> None:
    out = stage(doc_of(f"{EN}\n\nOK 12\n\n{EN}"))
    assert [p["lang"] for p in out.meta["paragraph_languages"]] == ["en", None, "en"]


def test_language_empty_text_is_left_alone(stage: LanguageStage) -> None:
    out = stage(doc_of("  \n "))
    assert out.language is None and "paragraph_languages" not in out.meta


def test_paragraphs_blank_line_split() -> None:
    doc = doc_of("a b\n\n\n  c d \n \n e")
    assert [doc.text[s:e] for s, e in paragraphs(doc)] == ["a b", "c d", "e"]


def test_sample_is_bounded_and_covers_start_middle_end() -> None:
    text = "a" * 5000 + "b" * 5000 + "c" * 5000
    s = sample(text, 3000)
    assert len(s) <= 3002 and s.startswith("a") and "b" in s and s.endswith("c")


def test_detector_is_built_once_per_process() -> None:
    assert get_detector(("en", "ar")) is get_detector(["ar", "en"])


def test_language_registered_stage() -> None:
    st = build_stage("language")
    assert st.name == "language.v1" and st.requires == frozenset({"text"})
    assert st.provides == frozenset({"language"})
    assert st(doc_of(AR)).language == "ar"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_language_never_raises(text: str) -> None:
    out = LanguageStage()(doc_of(text))
    for p in out.meta.get("paragraph_languages", []):
        assert 0 <= p["start"] < p["end"] <= len(text)
