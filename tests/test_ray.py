"""``--engine ray`` on a local Ray cluster: same contents as the local engine; ``marsad load`` merges Parquet.

Skipped (with the reason) when Ray Data is not installed: it is an optional extra.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'ray[data]'")
pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install 'ray[data]'")

from marsad.cli.main import main
from marsad.corpus.ingest import ingest, pipeline_factory_for
from marsad.scale.parquet import iter_records, parquet_files
from marsad.scale.ray_runner import run_to_parquet
from marsad.store.db import connect

WORDS = ["التقى", "وزير", "الخارجية", "الليبي", "في", "طرابلس", "نظيره", "الروسي", "وبحث", "الجانبان", "التعاون", "الأمني", "والاقتصادي", "وأعلنت", "الحكومة", "في", "بنغازي", "أن", "الاجتماع", "تناول", "ملف", "النفط", "والهجرة", "والانتخابات", "المقبلة"]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ray") / "a.jsonl"
    rows = []
    for i in range(24):
        rnd = random.Random(i)
        rows.append({"text": " ".join(rnd.choice(WORDS) for _ in range(80)), "url": f"https://x.example/{i}",
                     "published": "2023-09-26"})
    rows.append({"text": "", "url": "https://x.example/empty"})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def _dump(db: Path) -> dict[str, list]:
    con = connect(db)
    try:
        out = {}
        for t in ("documents", "doc_entities", "mentions", "times", "quantities", "doc_events", "entities",
                  "events", "event_sources", "rejects"):
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()
                    if r[0] not in ("run_id", "ingested_at", "rejected_at")]
            out[t] = con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {t} "
                                 f"ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


# Stages whose output does not depend on the process (hash seed): the comparison tests the engine.
STAGES = pipeline_factory_for(["extract", "clean", "normalize", "segment", "language"])


def test_ray_engine_matches_local_engine(cluster, corpus, tmp_path):
    local = tmp_path / "local.duckdb"
    ingest([corpus], local, pipeline_factory=STAGES)
    rdb = tmp_path / "ray.duckdb"
    pq = tmp_path / "parquet"
    s = ingest([corpus], rdb, engine="ray", workers=2, parquet_dir=pq, pipeline_factory=STAGES)
    assert s.new == 24 and s.rejected == 1
    assert parquet_files(pq) and (pq / "chunk-000000" / "_SUCCESS").exists()
    assert _dump(rdb) == _dump(local)
    # a second ray ingest skips every stored document before analysis
    s2 = ingest([corpus], rdb, engine="ray", workers=2, parquet_dir=tmp_path / "parquet2")
    assert s2.new == 0 and s2.exact_duplicates == 25


def test_ray_engine_default_pipeline(cluster, corpus, tmp_path):
    db = tmp_path / "full.duckdb"
    s = ingest([corpus], db, engine="ray", workers=2)
    assert s.new == 24 and s.rejected == 1
    con = connect(db)
    try:
        assert con.execute("SELECT count(*) FROM documents WHERE language IS NOT NULL").fetchone()[0] == 24
    finally:
        con.close()


def test_ray_parquet_then_marsad_load_is_idempotent(cluster, corpus, tmp_path, capsys):
    out = tmp_path / "pq"
    counts = run_to_parquet([str(corpus)], out, workers=2)
    assert counts["read"] == 25 and counts["chunks"] == 1
    assert sum(1 for _ in iter_records(out)) == 25
    # a re-run finds the chunk complete and does not analyse it again
    assert run_to_parquet([str(corpus)], out, workers=2)["resumed"] == 1
    db = tmp_path / "l.duckdb"
    assert main(["load", str(out), "--db", str(db)]) == 0
    assert "new 24" in capsys.readouterr().out
    assert main(["load", str(out), "--db", str(db)]) == 0
    assert "new 0, exact duplicates 25" in capsys.readouterr().out


def test_local_engine_does_not_import_ray(tmp_path):
    code = ("import sys, marsad.corpus.ingest, marsad.cli.corpus_cmds, marsad.store.db; "
            "print('ray' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert r.stdout.strip() == "False", r.stderr
