#!/usr/bin/env python3
"""Issue 7 benchmark: the full default pipeline per stage, next to the whitespace-split floor.

Reads the first N articles of one SaudiNewsNet day (``../shared/data/corpora/saudinewsnet``)
with :func:`marsad.io.readers.read_path`, builds ``marsad.load_pipeline()`` once (model
loading is not timed), warms it up on a few articles, then runs its stages one by one over
each document, charging the CPU time of this process (``time.process_time``; the machine is
shared, so wall time is not the figure) to each stage. Prints ms/doc per stage, docs/s of
the whole pipeline per core, and the floor: ``text.split()`` over the same documents.

``--dump FILE`` also writes ``json.dumps(doc.to_json(), sort_keys=True)`` of each document
(and of ``tests/data/libya-haftar-moscow.txt``), one per line, to check that an
optimisation leaves the outputs byte-identical.

    .venv/bin/python bench/bench_pipeline.py [--docs 300] [--day 2015-07-21] [--dump out.jsonl]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet"
SAMPLE = ROOT / "tests" / "data" / "libya-haftar-moscow.txt"
sys.path.insert(0, str(ROOT / "src"))

import marsad
from marsad.doc import Document
from marsad.io.readers import read_path


def load_docs(day: str, n: int) -> list[Document]:
    """The first ``n`` readable articles of a SaudiNewsNet day archive."""
    path = CORPUS / f"{day}.zip"
    if not path.is_file():
        sys.exit(f"corpus not found: {path} (needs ../shared/data)")
    out: list[Document] = []
    for d in read_path(path):
        if d.error is None:
            out.append(d)
        if len(out) >= n:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--day", default="2015-07-21")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--dump", help="write each output document's sorted JSON here")
    args = ap.parse_args()

    docs = load_docs(args.day, args.docs)
    pipe = marsad.load_pipeline()
    for d in docs[:args.warmup]:  # first-use tables (normaliser, caches) are built here
        pipe(copy.deepcopy(d))

    names = [s.name for s in pipe.stages]
    spent = dict.fromkeys(names, 0.0)
    outs: list[Document] = []
    for d in docs:
        for s in pipe.stages:
            if d.error is not None:
                break
            t0 = time.process_time()
            d = s(d)
            spent[s.name] += time.process_time() - t0
        outs.append(d)
    total = sum(spent.values())

    # the floor: what splitting the same texts on whitespace costs
    texts = [d.text or "" for d in outs]
    t0 = time.process_time()
    words = sum(len(t.split()) for t in texts)
    floor = time.process_time() - t0

    n = len(docs)
    print(f"{n} SaudiNewsNet articles of {args.day} ({words / max(n, 1):.0f} words/doc), "
          f"CPU time of this process (per core)")
    print(f"{'stage':<16}{'ms/doc':>10}{'share':>9}")
    for name in names:
        print(f"{name:<16}{1000 * spent[name] / n:>10.2f}{100 * spent[name] / max(total, 1e-9):>8.1f}%")
    print(f"{'pipeline':<16}{1000 * total / n:>10.2f}   -> {n / max(total, 1e-9):.1f} docs/s per core "
          f"(issue 7 target >= 26 docs/s per core, 52 on 2 cores)")
    print(f"{'floor: split()':<16}{1000 * floor / n:>10.4f}   -> {n / max(floor, 1e-9):.0f} docs/s per core")

    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for d in outs:
                fh.write(json.dumps(d.to_json(), sort_keys=True, ensure_ascii=False) + "\n")
            s = marsad.analyze(str(SAMPLE))
            fh.write(json.dumps(s.to_json(), sort_keys=True, ensure_ascii=False) + "\n")
        print(f"wrote {len(outs) + 1} documents to {args.dump}")


if __name__ == "__main__":
    main()
