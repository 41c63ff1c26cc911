"""Near-duplicate articles (MinHash LSH), cross-article entities and merged events."""

from __future__ import annotations

import random

import pytest

from marsad.corpus.dedup import NearDupIndex, clusters, jaccard, shingles, signature
from marsad.corpus.ingest import to_record
from marsad.corpus.resolve import date_interval, resolve_corpus
from marsad.doc import Document, Entity, Event, Span
from marsad.store.db import connect, write_batch

_VOCAB = ["أعلن", "وزير", "الخارجية", "اليوم", "أن", "المحادثات", "مع", "الوفد", "الروسي", "تناولت", "الأوضاع", "الأمنية", "في", "ليبيا", "والتعاون", "العسكري", "بين", "البلدين", "وأكد", "المتحدث", "باسم", "الحكومة", "أن", "الاجتماع", "عقد", "في", "العاصمة", "بحضور", "عدد", "من", "المسؤولين", "وقال", "إن", "الطرفين", "اتفقا", "على", "مواصلة", "التنسيق", "خلال", "الأشهر", "المقبلة", "فيما", "أشارت", "مصادر", "إلى", "خلافات", "حول", "ملف", "الطاقة", "والنفط", "والغاز", "والموانئ", "والاستثمار", "والقروض", "والسلاح", "والتدريب", "والحدود", "والهجرة"]


def article(seed: int, n: int = 150) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(_VOCAB) for _ in range(n)) + "."


def test_dedup_shingles_fold_spelling_variants():
    assert shingles("أعلن الوزير إطلاق المبادرة") == shingles("اعلن الوزير اطلاق المبادره")
    assert shingles("قال") == set()


def test_dedup_signature_none_for_short_text():
    assert signature("خبر قصير جدا") is None
    assert signature(article(1)) is not None


def test_dedup_republished_copy_with_changed_masthead_is_near_duplicate():
    body = article(7)
    original = "صحيفة الرياض | الأخبار المحلية\n" + body + "\nجميع الحقوق محفوظة لصحيفة الرياض"
    copy = "موقع عكاظ الإخباري - تابعونا على تويتر\n" + body + "\nالمصدر: وكالة الأنباء"
    other = article(8)
    idx = NearDupIndex()
    assert idx.add("a", signature(original)) == []
    found = idx.add("b", signature(copy))
    assert [x[0] for x in found] == ["a"] and found[0][1] >= 0.8
    assert idx.add("c", signature(other)) == []
    assert jaccard(signature(original), signature(other)) < 0.3  # type: ignore[arg-type]


def test_dedup_pairs_do_not_depend_on_order():
    base = [article(s) for s in range(6)]
    texts = base + [base[0] + " تحديث", base[0] + " نقلا عن وكالة", base[3] + " انتهى"]
    sigs = {f"d{i}": signature(t) for i, t in enumerate(texts)}

    def pairs(order):
        idx, out = NearDupIndex(), set()
        for k in order:
            out |= {tuple(sorted((k, o))) for o, _ in idx.add(k, sigs[k])}
        return out

    keys = list(sigs)
    p1 = pairs(keys)
    p2 = pairs(list(reversed(keys)))
    assert p1 == p2 and {("d0", "d6"), ("d0", "d7"), ("d6", "d7"), ("d3", "d8")} <= p1
    assert clusters(p1) == clusters(sorted(p2, reverse=True))
    assert clusters(p1)["d7"] == "d0" and clusters(p1)["d8"] == "d3"


def test_dedup_clusters_named_by_smallest_member():
    assert clusters([("z", "m"), ("m", "b"), ("x", "y")]) == {"z": "b", "m": "b", "b": "b", "x": "x", "y": "x"}


@pytest.mark.parametrize("value,expected", [
    ("2023-09-17", ("2023-09-17", "2023-09-17")), ("2023-09", ("2023-09-01", "2023-09-30")),
    ("2023-12", ("2023-12-01", "2023-12-31")), ("2019/2020", ("2019-01-01", "2020-12-31")),
    ("2023-09-17T10:00:00Z", ("2023-09-17", "2023-09-17")), ("أمس", None), (None, None)])
def test_dedup_date_interval(value, expected):
    iv = date_interval(value)
    assert (None if iv is None else (iv[0].isoformat(), iv[1].isoformat())) == expected


# -- cross-article entities and events ---------------------------------------------------------------

def report(doc_id: str, lead: str, a: tuple, b: tuple, date: str | None, published: str, *,
           etype: str = "CONSULT", place: tuple | None = None, modality: str = "asserted") -> Document:
    """An article whose first sentence reports one event between ``a`` and ``b``."""
    sent = f"{lead} {a[0]} و{b[0]}" + (f" في {place[0]}" if place else "") + "."
    text = sent + " " + article(sum(map(ord, doc_id)))
    doc = Document(id=doc_id, source=f"https://site/{doc_id}", text=text, published=published,
                   reference_date=published)
    ents = []
    for i, x in enumerate([a, b] + ([place] if place else [])):
        s = text.index(x[0])
        ents.append(Entity(f"e{i + 1}", x[1], x[0], [Span(s, s + len(x[0]), x[1])], kb_id=x[2], country=x[3]))
    doc.entities = ents
    doc.events = [Event("v1", etype, Span(0, len(lead)), Span(0, len(sent)), actor=["e1"], recipient=["e2"],
                        date=date, place="e3" if place else None, modality=modality, quad=1, score=4.0,
                        confidence=0.7)]
    return doc


HAFTAR = ("خليفة حفتر", "PER", "marsad:actor/khalifa-haftar", "LBY")
YEVKUROV = ("يونس بك يفكوروف", "PER", "marsad:actor/yunus-bek-yevkurov", "RUS")
COMMANDER = ("أبو بكر الزوي", "PER", None, "LBY")          # not in the knowledge base
COMMANDER_VARIANT = ("ابو بكر الزوى", "PER", None, "LBY")  # another site's spelling
BENGHAZI = ("بنغازي", "LOC", "geo:benghazi", "LBY")
TRIPOLI = ("طرابلس", "LOC", "geo:tripoli", "LBY")


@pytest.fixture()
def con():
    c = connect(":memory:")
    yield c
    c.close()


def store(con, docs):
    write_batch(con, [to_record(d) for d in docs])
    resolve_corpus(con, force=True)


def test_events_same_event_in_two_articles_merged_with_both_evidence_spans(con):
    store(con, [report("a1", "استقبل", HAFTAR, YEVKUROV, "2023-09-26", "2023-09-26"),
                report("a2", "التقى المشير", HAFTAR, YEVKUROV, None, "2023-09-27")])
    assert con.execute("SELECT count(*), max(n_sources) FROM events").fetchone() == (1, 2)
    srcs = con.execute("SELECT doc_id, trigger_text, evidence FROM event_sources ORDER BY doc_id").fetchall()
    assert [s[:2] for s in srcs] == [("a1", "استقبل"), ("a2", "التقى المشير")]
    assert srcs[1][2].startswith("التقى المشير خليفة حفتر")
    assert con.execute("SELECT date FROM events").fetchone()[0] == "2023-09-26"  # the explicit date wins
    roles = con.execute("SELECT entity_id, role FROM event_participants ORDER BY ALL").fetchall()
    assert roles == [("marsad:actor/khalifa-haftar", "actor"), ("marsad:actor/yunus-bek-yevkurov", "recipient")]
    assert {r[0] for r in con.execute("SELECT event_id FROM doc_events").fetchall()} == \
        {con.execute("SELECT id FROM events").fetchone()[0]}


@pytest.mark.parametrize("second,why", [
    ({"date": "2023-10-20", "published": "2023-10-20"}, "dates too far apart"),
    ({"date": "2023-09-26", "published": "2023-09-26", "etype": "ASSAULT"}, "another type"),
    ({"date": "2023-09-26", "published": "2023-09-26", "place": TRIPOLI}, "another place"),
    ({"date": "2023-09-26", "published": "2023-09-26", "modality": "negated"}, "a denial"),
])
def test_events_not_merged(con, second, why):
    a = report("a1", "استقبل", HAFTAR, YEVKUROV, "2023-09-26", "2023-09-26", place=BENGHAZI)
    b = report("a2", "التقى", HAFTAR, YEVKUROV, second.pop("date"), second.pop("published"), **second)
    store(con, [a, b])
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2, why


def test_events_merge_needs_overlapping_participants(con):
    store(con, [report("a1", "استقبل", HAFTAR, YEVKUROV, "2023-09-26", "2023-09-26"),
                report("a2", "استقبل", HAFTAR, COMMANDER, "2023-09-26", "2023-09-26")])
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2


def test_entities_kb_actor_is_one_entity_everywhere(con):
    store(con, [report("a1", "استقبل", HAFTAR, YEVKUROV, "2023-09-26", "2023-09-26"),
                report("a2", "استقبل", HAFTAR, COMMANDER, "2023-10-26", "2023-10-26")])
    row = con.execute("SELECT n_docs, n_mentions FROM entities WHERE id = 'marsad:actor/khalifa-haftar'").fetchone()
    assert row == (2, 2)


def test_entities_new_name_spellings_are_one_entity_with_aliases(con):
    store(con, [report("a1", "استقبل", HAFTAR, COMMANDER, "2023-09-26", "2023-09-26"),
                report("a2", "استقبل", HAFTAR, COMMANDER_VARIANT, "2023-11-26", "2023-11-26")])
    rows = con.execute("SELECT id, n_docs FROM entities WHERE kb_id IS NULL").fetchall()
    assert len(rows) == 1 and rows[0][1] == 2 and rows[0][0].startswith("marsad:new/per/")
    aliases = {r[0] for r in con.execute("SELECT alias FROM aliases WHERE entity_id = ?", [rows[0][0]]).fetchall()}
    assert aliases == {COMMANDER[0], COMMANDER_VARIANT[0]}


def test_resolve_is_independent_of_ingest_order():
    docs = [report("a1", "استقبل", HAFTAR, YEVKUROV, "2023-09-26", "2023-09-26"),
            report("a2", "التقى", HAFTAR, YEVKUROV, None, "2023-09-27"),
            report("a3", "استقبل", HAFTAR, COMMANDER, "2023-09-28", "2023-09-28"),
            report("a4", "استقبل", HAFTAR, COMMANDER_VARIANT, None, "2023-09-29")]
    dumps = []
    for order in (docs, list(reversed(docs))):
        c = connect(":memory:")
        for d in order:  # one batch per document, resolved each time
            write_batch(c, [to_record(d)])
            resolve_corpus(c)
        dumps.append({t: c.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                      for t in ("entities", "aliases", "events", "event_participants", "event_sources")})
        c.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["events"]) == 2  # a1+a2 and a3+a4


def test_entities_surname_alone_joins_the_one_full_name(con):
    surname = ("الزوي", "PER", None, None)
    other_full = ("سالم الدرسي", "PER", None, "LBY")
    store(con, [report("a1", "استقبل", HAFTAR, COMMANDER, "2023-09-26", "2023-09-26"),
                report("a2", "استقبل", HAFTAR, surname, "2023-11-26", "2023-11-26"),
                report("a3", "استقبل", HAFTAR, other_full, "2023-12-26", "2023-12-26"),
                report("a4", "استقبل", HAFTAR, ("الدرسي", "PER", None, "RUS"), "2023-12-28", "2023-12-28")])
    ids = dict(con.execute("SELECT name, entity_id FROM doc_entities").fetchall())
    assert ids["الزوي"] == ids[COMMANDER[0]]
    assert ids["الدرسي"] != ids["سالم الدرسي"]  # countries disagree: not the same man
    aliases = {r[0] for r in con.execute("SELECT alias FROM aliases WHERE entity_id = ?",
                                         [ids[COMMANDER[0]]]).fetchall()}
    assert aliases == {COMMANDER[0], "الزوي"}
    assert con.execute("SELECT n_docs, name FROM entities WHERE id = ?", [ids[COMMANDER[0]]]).fetchone() == \
        (2, COMMANDER[0])
