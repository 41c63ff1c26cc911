"""Dyad timelines, trends, actors and event search on hand-built documents with events."""

from __future__ import annotations

import random

import pytest

from marsad.corpus.analysis import cooccurrence, dyad, poisson_trend, resolve_actor, to_graphml, top_actors
from marsad.corpus.ingest import to_record
from marsad.corpus.query import find_events
from marsad.corpus.resolve import resolve_corpus
from marsad.doc import Document, Entity, Event, Span
from marsad.store.db import connect, write_batch

HAFTAR = ("خليفة حفتر", "PER", "marsad:actor/khalifa-haftar", "LBY", None)
YEVKUROV = ("يونس بك يفكوروف", "PER", "marsad:actor/yunus-bek-yevkurov", "RUS", None)
RUSSIA = ("روسيا", "LOC", "marsad:place/RUS", "RUS", "country")
ERDOGAN = ("رجب طيب أردوغان", "PER", "marsad:actor/recep-tayyip-erdogan", "TUR", None)
BENGHAZI = ("بنغازي", "LOC", None, "LBY", "city")

_WORDS = ["اقتصاد", "سياسة", "مدينة", "تقرير", "مصدر", "حكومة", "وزارة", "مجلس", "شعب", "أمن", "طريق", "ميناء", "نفط", "سوق", "بنك", "مدرسة", "جامعة", "مستشفى", "قطار", "مطار", "شركة", "مشروع", "خطة", "ميزانية", "عام", "شهر", "أسبوع", "يوم", "ساعة"]


def make_doc(n: int, date: str, a: tuple, b: tuple, etype: str = "CONSULT", quad: int = 1, score: float = 4.0,
             place: tuple | None = None, modality: str = "asserted", filler_seed: int | None = None) -> Document:
    """A document whose text names ``a`` and ``b`` in one sentence coded as one event."""
    rnd = random.Random(n if filler_seed is None else filler_seed)
    filler = " ".join(rnd.choice(_WORDS) for _ in range(40))
    sent = f"التقى {a[0]} مع {b[0]}" + (f" في {place[0]}" if place else "") + f" يوم {date}."
    text = sent + " " + filler
    doc = Document(id=f"doc{n:04d}", source=f"https://news.example/{n}", text=text, published=date,
                   reference_date=date, language="ar")
    ents = []
    for i, x in enumerate([a, b] + ([place] if place else [])):
        s = text.index(x[0])
        ents.append(Entity(id=f"e{i + 1}", type=x[1], name=x[0], kb_id=x[2], country=x[3], subtype=x[4],
                           mentions=[Span(s, s + len(x[0]), x[1])]))
    doc.entities = ents
    t = text.index("التقى")
    doc.events = [Event(id="v1", type=etype, trigger=Span(t, t + 5), sentence=Span(0, len(sent)), quad=quad,
                        score=score, actor=["e1"], recipient=["e2"], date=date,
                        place="e3" if place else None, modality=modality, confidence=0.8)]
    return doc


def store(con, docs: list[Document]) -> None:
    write_batch(con, [to_record(d) for d in docs])
    resolve_corpus(con, force=True)


def monthly(counts: list[int], a: tuple, b: tuple, start_n: int = 0) -> list[Document]:
    """``counts[i]`` events in month i of 2023, at least 4 days apart (never merged)."""
    docs, n = [], start_n
    for m, c in enumerate(counts):
        for k in range(c):
            day = 1 + 4 * k
            docs.append(make_doc(n, f"2023-{m + 1:02d}-{day:02d}", a, b))
            n += 1
    return docs


@pytest.fixture()
def con(tmp_path):
    c = connect(tmp_path / "a.duckdb")
    yield c
    c.close()


def test_poisson_trend_labels():
    assert poisson_trend([1, 1, 2, 3, 5, 7])["trend"] == "intensifying"
    assert poisson_trend([7, 6, 4, 2, 1, 0])["trend"] == "cooling"
    assert poisson_trend([3, 3, 2, 3, 3, 3])["trend"] == "steady"
    t = poisson_trend([0, 0, 0])
    assert t["trend"] == "steady" and "note" in t


def test_dyad_intensifying_timeline(con):
    store(con, monthly([1, 1, 2, 3, 5, 7], HAFTAR, YEVKUROV))
    r = dyad(con, "خليفة حفتر", "marsad:actor/yunus-bek-yevkurov")
    assert [p["period"] for p in r["timeline"]] == [f"2023-{m:02d}" for m in range(1, 7)]
    assert [p["count"] for p in r["timeline"]] == [1, 1, 2, 3, 5, 7]
    assert r["timeline"][-1]["quad"]["verbal_cooperation"]["count"] == 7
    assert r["timeline"][-1]["score_sum"] == pytest.approx(28.0)
    assert r["trend"]["trend"] == "intensifying"
    assert r["trend"]["statistic"] == "poisson_regression_slope" and r["trend"]["z"] > 1.96


def test_dyad_cooling_counts_silent_periods_up_to_corpus_end(con):
    docs = monthly([6, 5, 3, 1, 0, 0], HAFTAR, YEVKUROV)
    # the corpus goes on (other actors) while the dyad goes quiet: the empty months count
    docs += [make_doc(900 + i, f"2023-06-{10 + 4 * i:02d}", ERDOGAN, RUSSIA) for i in range(2)]
    store(con, docs)
    r = dyad(con, "خليفة حفتر", "يونس بك يفكوروف")
    assert [p["count"] for p in r["timeline"]] == [6, 5, 3, 1, 0, 0]
    assert r["trend"]["trend"] == "cooling"


def test_dyad_country_stands_for_its_members(con):
    # Haftar meets Yevkurov (a Russian official), never "Russia" itself
    store(con, monthly([1, 2], HAFTAR, YEVKUROV) + [make_doc(500, "2023-02-20", HAFTAR, RUSSIA)])
    r = dyad(con, "خليفة حفتر", "روسيا")
    assert r["events"] == 4 and r["b"]["members"] >= 1
    assert dyad(con, "خليفة حفتر", "روسيا", members=False)["events"] == 1
    assert dyad(con, "خليفة حفتر", "RUS")["events"] == 4  # an ISO-3 code works too


def test_dyad_evidence_sentences_and_direction(con):
    store(con, monthly([1], HAFTAR, YEVKUROV))
    r = dyad(con, "يونس بك يفكوروف", "خليفة حفتر", evidence=True)
    ev = r["evidence"]
    assert len(ev) == 1 and ev[0]["direction"] == "B->A"
    src = ev[0]["sources"][0]
    assert src["sentence"].startswith("التقى خليفة حفتر مع يونس بك يفكوروف")
    assert src["trigger"] == "التقى" and src["source"] == "https://news.example/0"


def test_dyad_excludes_negated_events_by_default(con):
    store(con, [make_doc(1, "2023-01-05", HAFTAR, YEVKUROV, modality="negated"),
                make_doc(2, "2023-01-15", HAFTAR, YEVKUROV)])
    assert dyad(con, "خليفة حفتر", "يونس بك يفكوروف")["events"] == 1
    assert dyad(con, "خليفة حفتر", "يونس بك يفكوروف", modalities=("negated",))["events"] == 1


def test_dyad_by_week(con):
    store(con, monthly([3], HAFTAR, YEVKUROV))  # 2023-01-01 (W52 of 2022), 01-05, 01-09
    r = dyad(con, "خليفة حفتر", "يونس بك يفكوروف", by="week")
    assert r["timeline"][0]["period"] == "2022-W52"
    assert sum(p["count"] for p in r["timeline"]) == 3


def test_unknown_actor_raises(con):
    store(con, monthly([1], HAFTAR, YEVKUROV))
    with pytest.raises(LookupError):
        resolve_actor(con, "لا أحد")


def test_top_actors_and_network(con):
    store(con, monthly([2, 2], HAFTAR, YEVKUROV) + [make_doc(77, "2023-03-03", ERDOGAN, HAFTAR)])
    top = top_actors(con, limit=3)
    assert top[0]["id"] == "marsad:actor/khalifa-haftar" and top[0]["events"] == 5
    g = cooccurrence(con, limit=10)
    w = {(e["source"], e["target"]): e["weight"] for e in g["links"]}
    assert w[("marsad:actor/khalifa-haftar", "marsad:actor/yunus-bek-yevkurov")] == 4
    xml = to_graphml(g)
    assert xml.count("<node ") == len(g["nodes"]) and "<edge " in xml


def test_find_events_filters(con):
    docs = monthly([2], HAFTAR, YEVKUROV)
    docs.append(make_doc(60, "2023-04-10", ERDOGAN, HAFTAR, etype="THREATEN", quad=3, score=-4.0, place=BENGHAZI))
    docs.append(make_doc(61, "2023-05-10", ERDOGAN, HAFTAR, modality="hypothetical"))
    store(con, docs)
    assert {e["type"] for e in find_events(con, types=["threaten"])} == {"THREATEN"}
    assert len(find_events(con, actor="رجب طيب أردوغان")) == 2
    assert len(find_events(con, actor="رجب طيب أردوغان", modalities=["asserted"])) == 1
    assert [e["place"] for e in find_events(con, place="بنغازي")] == ["بنغازي"]
    assert len(find_events(con, since="2023-04", until="2023-04")) == 1
    jan = find_events(con, until="2023-01-31")
    assert len(jan) == 2 and all(e["sources"][0]["evidence"].startswith("التقى") for e in jan)
    assert jan[0]["actor"][0]["name"] == "خليفة حفتر"


def test_demo_summary_names_the_most_related_pair(tmp_path):
    from marsad.corpus import demo_summary

    db = tmp_path / "d.duckdb"
    c = connect(db)
    store(c, monthly([1, 2, 3], HAFTAR, YEVKUROV))
    c.close()
    text = demo_summary(db)
    assert "خليفة حفتر" in text and "يونس بك يفكوروف" in text and "trend:" in text


def test_dyad_coarse_dates_counted_apart(con):
    store(con, monthly([1, 1], HAFTAR, YEVKUROV) + [make_doc(300, "2023", HAFTAR, YEVKUROV)])
    r = dyad(con, "خليفة حفتر", "يونس بك يفكوروف")
    assert r["events"] == 3 and r["imprecise"] == ["2023"]
    assert [p["count"] for p in r["timeline"]] == [1, 1]


def test_dyad_plot_svg_and_cli(con, tmp_path, capsys):
    import xml.etree.ElementTree as ET

    from marsad.cli.main import main

    store(con, monthly([1, 3, 2], HAFTAR, YEVKUROV))
    con.execute("CHECKPOINT")
    db = con.execute("SELECT path FROM duckdb_databases() WHERE NOT internal").fetchone()[0]
    svg = tmp_path / "d.svg"
    con.close()
    assert main(["dyad", "خليفة حفتر", "يونس بك يفكوروف", "--db", db, "--plot", str(svg), "--evidence"]) == 0
    out = capsys.readouterr().out
    assert "2023-02" in out and "trend:" in out and "التقى خليفة حفتر" in out
    root = ET.parse(svg).getroot()
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.find("{http://www.w3.org/2000/svg}title")
            is not None]
    assert len(bars) == 3  # one bar segment per month (all verbal cooperation)
    assert main(["dyad", "لا أحد", "خليفة حفتر", "--db", db]) == 1


def test_export_plover_records_carry_merged_event_ids(con, tmp_path):
    pytest.importorskip("marsad.export.plover")
    import json

    from marsad.cli.main import main

    store(con, monthly([2], HAFTAR, YEVKUROV))
    db = con.execute("SELECT path FROM duckdb_databases() WHERE NOT internal").fetchone()[0]
    events = {r[0] for r in con.execute("SELECT id FROM events").fetchall()}
    con.close()
    out = tmp_path / "p.jsonl"
    assert main(["export", "--db", db, "--format", "plover", "--out", str(out)]) == 0
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 2 and {r["merged_event_id"] for r in recs} == events
    assert all(r["event_type"] == "CONSULT" for r in recs)
