"""The document model: contract keys, JSON round trip, offset map."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.doc import CONTRACT_KEYS, Document, Entity, Event, OffsetMap, Removed, Span


def test_doc_to_json_has_every_contract_key_when_empty() -> None:
    out = Document.from_text("نص").to_json()
    assert list(out)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    for k in ("removed", "entities", "times", "quantities", "events"):
        assert out[k] == []


def test_doc_error_shape() -> None:
    d = Document.from_text("x", source="a.txt")
    d.error = "binary: not text"
    assert d.to_json() == {"id": d.id, "source": "a.txt", "error": "binary: not text"}


def test_doc_span_rejects_bad_offsets() -> None:
    try:
        Span(5, 3)
    except ValueError:
        return
    raise AssertionError("Span(5, 3) accepted")


def test_doc_offset_map_merges_contiguous_pieces() -> None:
    m = OffsetMap([(0, 0, 5), (5, 5, 5), (10, 20, 3)])
    assert m.pieces == [(0, 0, 10), (10, 20, 3)]
    assert m.to_raw(11) == 21 and m.to_clean(21) == 11 and m.to_clean(15) is None


WORDS = st.sampled_from(["حفتر", "موسكو", "التقى", "في", "2023", "بنغازي", "،", "و", "الروس", "😀"])


@st.composite
def documents(draw) -> Document:
    text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=30)))
    doc = Document.from_text(text, source=draw(st.sampled_from(["a.txt", "https://x.test/a"])))
    doc.text = text
    doc.language = "ar"
    doc.reference_date = draw(st.sampled_from([None, "2023-09-26"]))
    doc.removed = [Removed(0, 3, "ad_marker", "[x]")] if draw(st.booleans()) else []

    def span(label: str) -> Span:
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        return Span(a, b, label)

    ents = []
    for i in range(draw(st.integers(0, 3))):
        ents.append(Entity(id=f"e{i + 1}", type=draw(st.sampled_from(["PER", "ORG", "LOC", "MISC"])),
                           name=draw(WORDS), mentions=[span("PER") for _ in range(draw(st.integers(1, 3)))],
                           kb_id=draw(st.sampled_from([None, "marsad:actor/x"])),
                           lat=draw(st.sampled_from([None, 32.1])), lon=draw(st.sampled_from([None, 20.0]))))
    doc.entities = ents
    doc.layers["times"] = [Span(s.start, s.end, "TIME", attrs={"value": "2023-09"}) for s in [span("T")]]
    ids = [e.id for e in ents]
    doc.events = [Event(id="v1", type="CONSULT", trigger=span("TRIGGER"), sentence=Span(0, len(text), "SENT"),
                        mode="visit", quad=1, score=1.0, actor=ids[:1], recipient=ids[1:2], date="2023-09",
                        modality=draw(st.sampled_from(["asserted", "negated"])), confidence=0.75)]
    return doc


@given(documents())
@settings(max_examples=100)
def test_doc_json_round_trip(doc: Document) -> None:
    out = doc.to_json()
    text = json.dumps(out, ensure_ascii=False)
    back = Document.from_json(json.loads(text))
    assert back.to_json() == out


@given(documents())
@settings(max_examples=50)
def test_doc_offsets_in_range(doc: Document) -> None:
    out = doc.to_json()
    n = len(out["text"])
    for e in out["entities"]:
        for m in e["mentions"]:
            assert 0 <= m["start"] < m["end"] <= n and out["text"][m["start"]:m["end"]] == m["text"]
    for v in out["events"]:
        assert 0 <= v["trigger"]["start"] < v["trigger"]["end"] <= n
