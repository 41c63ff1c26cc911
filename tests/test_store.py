"""The DuckDB store: Document -> DB -> Document round trips, migrations, one transaction per batch."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.corpus.ingest import to_record
from marsad.doc import Document, Entity, Event, Failure, Removed, Span
from marsad.store import db as store_db
from marsad.store.db import DocRecord, connect, entity_key, read_document, table_counts, write_batch
from marsad.store.migrations import LATEST, current_version, migrate

ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى ًٌٍَُِّ") + [" ", " ", "\n", "ـ", "٣", "7", "😀"])


@st.composite
def documents(draw) -> Document:
    """Documents with every contract layer: removed spans, entities, times, quantities, events, meta."""
    text = "".join(draw(st.lists(ARABIC, min_size=1, max_size=200)))
    n = len(text)

    def span() -> tuple[int, int]:
        a = draw(st.integers(0, n))
        return a, draw(st.integers(a, n))

    doc = Document(id=draw(st.text("0123456789abcdef", min_size=8, max_size=64)), source=draw(st.text(max_size=30)),
                   text=text, title=draw(st.none() | st.text(max_size=40)),
                   published=draw(st.none() | st.sampled_from(["2023", "2023-09", "2023-09-26", "2023-09-26T10:00:00"])),
                   reference_date=draw(st.none() | st.just("2023-09-26")), language=draw(st.none() | st.just("ar")),
                   url=draw(st.none() | st.just("https://example.org/a?b=1")))
    doc.removed = [Removed(i * 3, i * 3 + 2, draw(st.sampled_from(["ad_marker", "paywall"])), draw(st.text(max_size=9)))
                   for i in range(draw(st.integers(0, 3)))]
    for i in range(draw(st.integers(0, 4))):
        etype = draw(st.sampled_from(["PER", "ORG", "LOC", "MISC"]))
        mentions = [Span(*span(), etype) for _ in range(draw(st.integers(0, 3)))]
        doc.entities.append(Entity(
            id=f"e{i + 1}", type=etype, name=draw(st.text(min_size=1, max_size=20)), mentions=mentions,
            name_en=draw(st.none() | st.text(max_size=10)), kb_id=draw(st.none() | st.just(f"marsad:actor/x{i}")),
            qid=draw(st.none() | st.just("Q1")), country=draw(st.none() | st.sampled_from(["LBY", "RUS"])),
            sector=draw(st.none() | st.just("MIL")), subtype=draw(st.none() | st.just("city")),
            lat=draw(st.none() | st.floats(-90, 90)), lon=draw(st.none() | st.floats(-180, 180)),
            geonameid=draw(st.none() | st.integers(1, 2**40)),
            score=draw(st.none() | st.floats(0, 1).map(lambda x: round(x, 3)))))
    doc.layers["times"] = [Span(*span(), "TIME", attrs={"value": draw(st.none() | st.just("2023-09")),
                                                          "mod": draw(st.none() | st.just("END"))})
                           for _ in range(draw(st.integers(0, 3)))]
    doc.layers["quantities"] = [Span(*span(), "QUANTITY", attrs={"min": draw(st.none() | st.integers(0, 10**6)),
                                                                  "max": draw(st.none() | st.floats(0, 1e6)),
                                                                  "unit": draw(st.none() | st.just("جندي"))})
                                for _ in range(draw(st.integers(0, 2)))]
    ids = [e.id for e in doc.entities]
    for i in range(draw(st.integers(0, 3))):
        doc.events.append(Event(
            id=f"v{i + 1}", type=draw(st.sampled_from(["CONSULT", "ASSAULT", "AGREE"])), trigger=Span(*span()),
            sentence=Span(*span()), mode=draw(st.none() | st.just("visit")), quad=draw(st.none() | st.integers(1, 4)),
            score=draw(st.none() | st.floats(-10, 10)), actor=draw(st.lists(st.sampled_from(ids), max_size=2))
            if ids else [], recipient=draw(st.lists(st.sampled_from(ids), max_size=2)) if ids else [],
            date=draw(st.none() | st.sampled_from(["2023", "2023-09-17", "2019/2020"])),
            place=draw(st.none() | st.sampled_from(ids)) if ids else None,
            modality=draw(st.sampled_from(["asserted", "negated", "hypothetical", "future", "historical"])),
            attributed_to=draw(st.none() | st.sampled_from(ids + ["وكالة"])),
            confidence=round(draw(st.floats(0, 1)), 3),
            extra=draw(st.sampled_from([{}, {"negation_cue": "لم"}, {"source_layer": {"a": [1, 2]}}]))))
    doc.layers["captions"] = [Span(*span(), "CAPTION") for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        doc.failures.append(Failure("ner", "E301", "model missing"))
    doc.meta["paragraph_languages"] = draw(st.sampled_from([[], ["ar", "fr"]]))
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_store_round_trip_document(doc: Document) -> None:
    con = connect(":memory:")
    try:
        rec = DocRecord(doc.id, doc.source, doc.to_json(), sig=None, words=len(doc.text.split()))
        assert write_batch(con, [rec]) == [doc.id]
        back = read_document(con, doc.id)
        assert back is not None
        assert back.to_json(with_meta=False) == doc.to_json(with_meta=False)
        meta = back.to_json()["meta"]
        assert meta.get("failures") == ([f.to_json() for f in doc.failures] or None)
        assert meta["paragraph_languages"] == doc.meta["paragraph_languages"]
        assert back.layer("captions") == [Span(s.start, s.end, "CAPTION") for s in doc.layer("captions")]
        assert back.url == doc.url
    finally:
        con.close()


def test_store_round_trip_sample(sample_text: str) -> None:
    """The sample through the real default pipeline, stored and read back equal."""
    import marsad

    doc = marsad.load_pipeline()(Document.from_text(sample_text, source="sample.txt"))
    con = connect(":memory:")
    write_batch(con, [to_record(doc)])
    back = read_document(con, doc.id)
    assert back is not None and back.to_json(with_meta=False) == doc.to_json(with_meta=False)


def test_store_write_batch_is_idempotent() -> None:
    con = connect(":memory:")
    docs = [Document(id=f"d{i}", source="s", text=f"نص رقم {i}") for i in range(5)]
    recs = [to_record(d) for d in docs]
    assert sorted(write_batch(con, recs)) == [f"d{i}" for i in range(5)]
    before = table_counts(con)
    assert write_batch(con, recs + recs[:2]) == []
    assert table_counts(con) == before


def test_store_repeats_inside_a_batch_are_stored_once() -> None:
    con = connect(":memory:")
    d = Document(id="same", source="s", text="نص")
    assert write_batch(con, [to_record(d), to_record(d)]) == ["same"]
    assert table_counts(con)["documents"] == 1


def test_store_rejects_recorded_with_reason() -> None:
    con = connect(":memory:")
    bad = Document(id="bad", source="x.bin", error="E010: binary file (NUL bytes)")
    empty = Document(id="empty", source="y.txt", raw_text="   ")
    write_batch(con, [to_record(bad), to_record(empty)])
    assert sorted(con.execute("SELECT doc_id, source, reason FROM rejects").fetchall()) == [
        ("bad", "x.bin", "E010"), ("empty", "y.txt", "E_EMPTY")]
    assert table_counts(con)["documents"] == 0


def test_store_batch_is_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after some tables were written leaves no trace of the batch."""
    con = connect(":memory:")
    real = store_db._insert
    calls = {"n": 0}

    def failing(con_, table, data, conflict=""):
        calls["n"] += 1
        if table == "doc_events":
            raise RuntimeError("disk full")
        real(con_, table, data, conflict)

    monkeypatch.setattr(store_db, "_insert", failing)
    doc = Document(id="d1", source="s", text="التقى حفتر يفكوروف")
    doc.entities = [Entity("e1", "PER", "حفتر", [Span(6, 10, "PER")])]
    doc.events = [Event("v1", "CONSULT", Span(0, 5), Span(0, 18), actor=["e1"])]
    with pytest.raises(RuntimeError):
        write_batch(con, [to_record(doc)])
    assert calls["n"] >= 3  # documents, entities, mentions were inserted before the failure
    assert all(v == 0 for v in table_counts(con).values())
    monkeypatch.setattr(store_db, "_insert", real)
    assert write_batch(con, [to_record(doc)]) == ["d1"]


def test_store_migrations_from_v1(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=1) == 1
    con.execute("INSERT INTO documents (id, text) VALUES ('x', 'نص')")
    con.close()
    con = connect(path)  # opening migrates to the latest version and keeps the data
    assert current_version(con) == LATEST >= 2
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == LATEST
    assert con.execute("SELECT text FROM documents WHERE id = 'x'").fetchone()[0] == "نص"
    idx = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert "idx_doc_entities_entity" in idx


def test_store_entity_key_kb_geonames_and_new_names() -> None:
    assert entity_key("PER", "خليفة حفتر", "marsad:actor/khalifa-haftar", None) == "marsad:actor/khalifa-haftar"
    assert entity_key("LOC", "طرابلس", None, 2210247) == "geonames:2210247"
    # spelling variants of a new name fold to one key; another type is another entity
    assert entity_key("PER", "أبو بكر الأنصاري", None, None) == entity_key("PER", "ابو بكر الانصاري", None, None)
    assert entity_key("PER", "سالم", None, None) != entity_key("ORG", "سالم", None, None)


def test_store_read_only_connect_of_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        connect(tmp_path / "nope.duckdb", read_only=True)
