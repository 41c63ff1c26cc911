"""The link stage: mentions → one entity per referent → the KB."""

from __future__ import annotations

import importlib.util
import json

import pytest

from marsad.doc import Document, Span
from marsad.stages.geocode import GeocodeStage
from marsad.stages.link import LinkStage


@pytest.fixture(scope="module")
def link():
    return LinkStage()


@pytest.fixture(scope="module")
def geocode():
    return GeocodeStage()


def _doc(text: str, ents: list[tuple[str, str]] | None = None) -> Document:
    d = Document.from_text(text)
    d.text = text
    if ents is not None:
        spans = []
        for surface, label in ents:
            i = text.index(surface)
            spans.append(Span(i, i + len(surface), label, source="test"))
        d.layers["ents"] = spans
    return d


def _by_kb(doc: Document, kb_id: str):
    ents = [e for e in doc.entities if e.kb_id == kb_id]
    assert len(ents) == 1, (kb_id, [(e.name, e.kb_id) for e in doc.entities])
    return ents[0]


def _texts(doc: Document, ent) -> list[str]:
    return [doc.text[m.start:m.end] for m in ent.mentions]


def test_link_surname_and_title_join_full_name(link):
    d = link(_doc("التقى المشير خليفة حفتر بالوفد، ثم قال حفتر إن المشير راضٍ."))
    e = _by_kb(d, "marsad:actor/khalifa-haftar")
    assert _texts(d, e).count("حفتر") == 1 and "خليفة حفتر" in _texts(d, e) and "المشير" in _texts(d, e)
    assert e.type == "PER" and e.country == "LBY" and e.name == "خليفة حفتر"


def test_link_entity_ids_are_sequential(link):
    d = link(_doc("زار حفتر موسكو والتقى بوتين في الكرملين."))
    assert [e.id for e in d.entities] == [f"e{i}" for i in range(1, len(d.entities) + 1)]


def test_link_spelling_variants_one_entity(link):
    d = link(_doc("التقى يونس بك إيفكوروف بالمشير. وقال يونس بك يفكوروف إن الزيارة ناجحة."))
    e = _by_kb(d, "marsad:actor/yunus-bek-yevkurov")
    assert {"يونس بك إيفكوروف", "يونس بك يفكوروف"} <= set(_texts(d, e))


def test_link_title_specific_without_name(link):
    d = link(_doc("وجاء ذلك بعد اجتماعه مع رئيس الكرملين في العاصمة الروسية."))
    e = _by_kb(d, "marsad:actor/vladimir-putin")
    assert _texts(d, e) == ["رئيس الكرملين"]


def test_link_one_word_title_needs_its_holder_in_the_document(link):
    d = link(_doc("وصل المشير إلى المدينة أمس."))
    assert not any(e.kb_id == "marsad:actor/khalifa-haftar" for e in d.entities)


def test_link_demonym_people_names_country(link):
    d = link(_doc("يسعى الروس إلى اتفاق مع ليبيا، وقالت روسيا إنها مستعدة."))
    e = _by_kb(d, "marsad:place/RUS")
    assert set(_texts(d, e)) == {"الروس", "روسيا"} and e.type == "LOC"


def test_link_adjective_is_not_an_entity(link):
    d = link(_doc("وأكد مسؤول روسي أن المحادثات مستمرة."))
    assert not any(e.kb_id == "marsad:place/RUS" for e in d.entities)
    assert d.meta["link"]["countries"].get("RUS", 0) >= 1


def test_link_mentions_exclude_proclitics(link):
    d = link(_doc("وصل الوفد وموسكو تراقب، ثم عاد بموسكو."))
    e = next(e for e in d.entities if e.name == "موسكو")
    assert _texts(d, e) == ["موسكو", "موسكو"]


def test_link_common_word_place_needs_head_word(link):
    d = link(_doc("قال الخادم إن الطعام جاهز."))
    assert not any(e.type == "LOC" for e in d.entities)
    d = link(_doc("قصفت الطائرات قاعدة الخادم الجوية شرق بنغازي."))
    assert any(e.kb_id == "marsad:place/khadim-air-base" for e in d.entities)


def test_link_sahel_needs_head_word(link):
    d = link(_doc("سار على الساحل مساء أمس."))
    assert not any(e.kb_id == "marsad:place/sahel" for e in d.entities)
    d = link(_doc("تتمدد الجماعات المسلحة في منطقة الساحل."))
    assert any(e.kb_id == "marsad:place/sahel" for e in d.entities)


def test_link_ner_unknown_person_gets_stable_new_id(link):
    text = "قال جوناثان كرافتسون، السفير السابق، إن كرافتسون يرى الأمر خطيرا."
    d1 = link(_doc(text, [("جوناثان كرافتسون", "PER"), ("كرافتسون", "PER")]))
    d1.layers["ents"][1] = Span(text.rindex("كرافتسون"), text.rindex("كرافتسون") + 8, "PER")
    d1 = link(d1)
    ents = [e for e in d1.entities if e.kb_id and e.kb_id.startswith("marsad:new/per/")]
    assert len(ents) == 1 and len(ents[0].mentions) == 2
    d2 = link(_doc("وصل جوناثان كرافتسون إلى بيروت.", [("جوناثان كرافتسون", "PER")]))
    assert [e.kb_id for e in d2.entities if e.type == "PER"] == [ents[0].kb_id]


def test_link_ner_variant_resolves_to_kb(link):
    text = "وقال الرئيس فلاديمير بوتينن في كلمة."
    d = link(_doc(text, [("فلاديمير بوتينن", "PER")]))
    assert any(e.kb_id == "marsad:actor/vladimir-putin" for e in d.entities)


def test_link_ner_label_confirms_common_word_place(link):
    text = "وصلت القوات إلى الخادم صباحا."
    d = link(_doc(text, [("الخادم", "LOC")]))
    assert any(e.kb_id == "marsad:place/khadim-air-base" for e in d.entities)


def test_link_empty_and_noise_documents(link):
    assert link(_doc("")).entities == []
    d = link(_doc("!!! ؟؟؟ 123 ... \n\n"))
    assert d.entities == []


def test_link_works_without_tokens_or_norm(link):
    d = _doc("زار حفتر موسكو")
    d.meta["norm"] = "not a Normalized"
    assert link(d).entities


def _score_gold():
    from conftest import SHARED  # type: ignore[import-not-found]
    path = SHARED / "tools" / "score_gold.py"
    if not path.exists():
        pytest.skip("../shared/tools/score_gold.py is absent")
    spec = importlib.util.spec_from_file_location("score_gold", path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_link_sample_same_entity_and_geocoding(link, geocode, sample_text, shared_samples):
    """On the sample (gazetteer only, no NER): the gold's same-entity groups and coordinates."""
    gold = json.loads((shared_samples / "libya-haftar-moscow.gold.json").read_text(encoding="utf-8"))
    d = geocode(link(_doc(sample_text)))
    out = d.to_json()
    res = _score_gold().score_doc(out, gold)
    assert res["same_entity"]["ok"] == res["same_entity"]["of"] == 3
    assert res["geocoding"]["ok"] == res["geocoding"]["of"] == 6
    assert res["entities"]["p"] >= 0.95


def test_link_ignores_ner_spans_without_letters(link):
    text = "قال 2023 ... إن الأمر انتهى."
    d = link(_doc(text, [("2023", "MISC"), ("...", "ORG")]))
    assert d.entities == []


def test_link_nothing_after_shibh(link):
    # شبه الجزيرة الكورية is a peninsula, not the channel; الجزيرة alone, with NER's label, is
    text = "دعا إلى نزع السلاح النووي في شبه الجزيرة الكورية."
    d = link(_doc(text, [("الجزيرة", "ORG")]))
    assert d.entities == []
    d = link(_doc("ونقلت الجزيرة عن مصادر أن الوفد وصل.", [("الجزيرة", "ORG")]))
    assert d.entities != []
