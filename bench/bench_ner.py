"""NER throughput on real news: the ``ner`` stage over SaudiNewsNet articles, one core.

    .venv/bin/python bench/bench_ner.py [--articles 300]

Segments the articles first (not timed), then times ``NerStage`` alone, cold caches
included (a fresh featurizer per run), and prints tokens/s next to the target
(20,000 tokens/s per core) and the README baseline (feature CRF ≈ 15,000 tokens/s).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet"


def segmented_articles(zip_name: str, n: int) -> list:  # type: ignore[type-arg]
    """The first ``n`` articles of a SaudiNewsNet zip as segmented documents (tokens and sentences)."""
    from marsad.doc import Document
    from marsad.stages.segment import segment

    with zipfile.ZipFile(CORPUS / zip_name) as zf:
        arts = json.loads(zf.read(zf.namelist()[0]).decode("utf-8"))[:n]
    docs = []
    for a in arts:
        d = Document.from_text(a.get("content") or "")
        d.text = d.raw_text
        docs.append(segment(d))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--zip", default="2015-07-31.zip")
    args = ap.parse_args()
    if not (CORPUS / args.zip).is_file():
        print(f"skipped: {CORPUS / args.zip} is absent")
        return 0
    from marsad.stages.ner import MODEL_DIR, NerModel, NerStage

    docs = segmented_articles(args.zip, args.articles)
    ntok = sum(len(d.layer("tokens")) for d in docs)
    stage = NerStage()
    stage.model = NerModel(MODEL_DIR)  # cold feature caches: the honest figure
    t0, c0 = time.perf_counter(), time.process_time()
    for d in docs:
        stage(d)
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    ents = sum(len(d.layer("ents")) for d in docs)
    print(f"ner.v1: {len(docs)} articles, {ntok:,} tokens, {ents:,} mentions: "
          f"{ntok / ct:,.0f} tokens/s per core (CPU time {ct:.2f}s, cold caches); "
          f"{ntok / dt:,.0f} tokens/s wall clock ({dt:.2f}s, machine load included)")
    print("target: 20,000 tokens/s per core; README baseline feature CRF: ~15,000 tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
