#!/usr/bin/env python3
"""Issue 2 benchmark: read + clean + normalise + segment, one core, vs a whitespace-split floor.

Reads the first N articles of ../shared/data/corpora/saudinewsnet/ (zipped JSON) through
marsad's readers and runs extract → clean → normalize → segment on each; the floor reads
the same zip files with the standard library and splits the same text on whitespace.
Both run in this process, one after the other, so the ratio is what to quote.

    .venv/bin/python bench/bench_front.py [--limit 5000]
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


def floor(limit: int) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    n = nbytes = 0
    for z in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    text = art.get("content") or ""
                    nbytes += len(text.encode("utf-8"))
                    text.split()
                    n += 1
                    if n >= limit:
                        return n, nbytes, time.perf_counter() - t0
    return n, nbytes, time.perf_counter() - t0


def ours(limit: int) -> tuple[int, int, float, int]:
    from marsad.io.readers import read_path
    from marsad.pipeline import Pipeline

    pipe = Pipeline.from_names(["extract", "clean", "normalize", "segment"])
    t0 = time.perf_counter()
    n = nbytes = ntok = 0
    for z in sorted(CORPUS.glob("*.zip")):
        for doc in read_path(str(z)):
            nbytes += len(doc.raw_text.encode("utf-8"))
            doc = pipe(doc)
            ntok += len(doc.layer("tokens"))
            n += 1
            if n >= limit:
                return n, nbytes, time.perf_counter() - t0, ntok
    return n, nbytes, time.perf_counter() - t0, ntok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=5000)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    fn, fb, ft = floor(args.limit)
    on, ob, ot, ntok = ours(args.limit)
    print(f"{'run':<42}{'docs':>7}{'docs/s':>10}{'MB/s':>8}")
    print(f"{'floor: read zip JSON + whitespace split':<42}{fn:>7}{fn / ft:>10.0f}{fb / ft / 1e6:>8.2f}")
    print(f"{'marsad: read+extract+clean+normalise+segment':<42}{on:>7}{on / ot:>10.0f}{ob / ot / 1e6:>8.2f}")
    print(f"ratio floor/marsad: {(fn / ft) / (on / ot):.1f}x slower than the floor; target >= 200 docs/s per core"
          f" -> {'OK' if on / ot >= 200 else 'BELOW TARGET'}; {ntok} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
