"""Ingest: real readers and the default pipeline into DuckDB; idempotence, rejects, near-duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from marsad.cli.main import main
from marsad.corpus.ingest import ingest
from marsad.store.db import connect, table_counts

_VOCAB = ["أعلنت", "وزارة", "الصحة", "اليوم", "عن", "افتتاح", "مستشفى", "جديد", "في", "مدينة", "جدة", "بسعة", "مئتي", "سرير", "وقال", "المتحدث", "الرسمي", "إن", "المشروع", "يأتي", "ضمن", "خطة", "تطوير", "الخدمات", "الصحية", "في", "المنطقة", "وأضاف", "أن", "العمل", "سيبدأ", "الشهر", "المقبل", "بمشاركة", "عدد", "من", "الشركات", "الوطنية", "والدولية", "كما", "أكد", "أمير", "المنطقة", "أهمية", "المشروع", "للسكان", "والزوار", "خلال", "موسم", "الحج"]


def article(seed: int, n: int = 120) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(_VOCAB) for _ in range(n)) + "."


def make_corpus(root: Path, n: int = 12) -> dict[str, int]:
    """A directory with JSON Lines articles, a republished copy, an empty record and a binary file."""
    root.mkdir(parents=True, exist_ok=True)
    rows = [{"title": f"خبر {i}", "text": article(i), "url": f"https://news.example/{i}",
             "published": f"2015-07-{1 + i % 28:02d}"} for i in range(n)]
    # the same article republished by another site: other masthead and trailer
    rows.append({"title": "خبر 0", "url": "https://other.example/copy",
                 "text": "موقع الخبر الإلكتروني - تابعونا\n" + rows[0]["text"] + "\nالمصدر: واس"})
    rows.append({"title": "بلا نص", "text": "", "url": "https://news.example/empty"})
    (root / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                     encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary \x00" * 50)
    return {"articles": n + 1, "bad": 2}


def counts(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return table_counts(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "in"
    make_corpus(root)
    return root


def test_ingest_counts_rejects_and_near_duplicates(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    s = ingest([corpus], db)
    assert s.read == 15
    assert s.new == 13 and s.rejected == 2 and s.exact_duplicates == 0
    assert s.near_duplicates == 1
    con = connect(db)
    rejects = con.execute("SELECT source, reason FROM rejects ORDER BY source").fetchall()
    assert len(rejects) == 2 and all(r[1] for r in rejects)
    assert any("broken.txt" in r[0] for r in rejects)
    clusters = con.execute("SELECT cluster_id, list(url ORDER BY url) FROM documents GROUP BY cluster_id "
                           "HAVING count(*) > 1").fetchall()
    assert len(clusters) == 1 and clusters[0][1] == ["https://news.example/0", "https://other.example/copy"]
    run = con.execute("SELECT status, n_read, n_new, n_near_dup, n_rejected FROM ingest_runs").fetchall()
    assert run == [("done", 15, 13, 1, 2)]
    con.close()


def test_ingest_again_adds_zero_rows(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    ingest([corpus], db)
    before = counts(db)
    s = ingest([corpus], db)
    after = counts(db)
    assert s.new == 0 and s.exact_duplicates == 15 and s.rejected == 0
    assert {k: v for k, v in after.items() if k != "ingest_runs"} == \
        {k: v for k, v in before.items() if k != "ingest_runs"}
    assert after["ingest_runs"] == before["ingest_runs"] + 1


def _dump(db: Path) -> dict[str, list]:
    con = connect(db)
    try:
        out = {}
        for t in ("documents", "doc_entities", "mentions", "times", "quantities", "doc_events", "near_dup_pairs",
                  "entities", "aliases", "events", "event_participants", "event_sources", "removed_spans"):
            cols = [c for c in (r[0] for r in con.execute(f"DESCRIBE {t}").fetchall())
                    if c not in ("run_id", "ingested_at")]
            sel = ", ".join(f'"{c}"' for c in cols)
            out[t] = con.execute(f"SELECT {sel} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def test_ingest_two_workers_same_contents_as_one(corpus, tmp_path):
    ingest([corpus], tmp_path / "one.duckdb", workers=1)
    s = ingest([corpus], tmp_path / "two.duckdb", workers=2, batch_size=3)
    assert s.new == 13
    assert _dump(tmp_path / "one.duckdb") == _dump(tmp_path / "two.duckdb")


def test_ingest_cli_prints_summary_and_stats(corpus, tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "read 15, new 13, exact duplicates 0, near-duplicates 1, rejected 2" in out
    assert main(["stats", "--db", str(db)]) == 0
    assert "near-duplicate clusters 1 holding 2 documents" in capsys.readouterr().out
    assert main(["ingest", str(corpus), "--db", str(db), "--no-progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 0


def test_ingest_cli_export_csv_parquet_geojson(corpus, tmp_path, capsys):
    db = tmp_path / "e.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--no-progress"]) == 0
    con = connect(db)
    n_sources = con.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    con.close()
    out = tmp_path / "ev.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("event_id,type,mode") and len(lines) == 1 + n_sources
    pq = tmp_path / "ev.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(pq)]) == 0
    import pyarrow.parquet as pqm

    assert pqm.read_table(pq).num_rows == n_sources
    gj = tmp_path / "ev.geojson"
    assert main(["export", "--db", str(db), "--format", "geojson", "--out", str(gj)]) == 0
    assert json.loads(gj.read_text())["type"] == "FeatureCollection"


def test_ingest_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no database" in capsys.readouterr().err


def test_ingest_malformed_record_becomes_a_reject_not_a_crash(tmp_path):
    from marsad.corpus.ingest import IngestSummary, Writer
    from marsad.store.db import DocRecord

    con = connect(tmp_path / "m.duckdb")
    good = [DocRecord(f"g{i}", "s", {"id": f"g{i}", "source": "s", "text": "نص سليم"}) for i in range(3)]
    bad = DocRecord("bad", "s", {"id": "bad", "source": "s", "text": "نص",
                                 "times": [{"start": "not a number", "end": 2}]})
    s = IngestSummary()
    w = Writer(con, s, batch_size=10)
    for r in [*good[:2], bad, good[2]]:
        w.add(r)
    w.flush()
    assert s.new == 3 and s.rejected == 1 and s.reasons["E902"] == 1
    assert con.execute("SELECT doc_id, reason FROM rejects").fetchall() == [("bad", "E902")]
    con.close()
