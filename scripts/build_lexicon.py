#!/usr/bin/env python3
"""Build the shipped word-frequency lexicon used to segment proclitics.

Counts normalised Arabic word forms over the unlabelled news corpora in
``../shared/data/corpora`` (SaudiNewsNet, ANT multisource, ANT JawharaFM) and keeps
the forms seen at least ``--min-count`` times. Only counts are shipped, no text.

    python scripts/build_lexicon.py            # writes src/marsad/resources/lexicon/wordfreq.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.normalize import normalize  # noqa: E402
from marsad.arabic.tokens import is_arabic, words  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
OUT = ROOT / "src" / "marsad" / "resources" / "lexicon" / "wordfreq.tsv.gz"


def texts():
    for z in sorted((CORPORA / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")
    for p in (CORPORA / "ant_multisource" / "ant_v2.1_text_dedup.txt.gz",
              CORPORA / "ant_jawharafm" / "ant_v1.1_text_dedup.txt.gz"):
        with gzip.open(p, "rt", encoding="utf-8", errors="replace") as fh:
            yield from fh


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    n_words = 0
    for t in texts():
        ws = [normalize(w) for w in words(t) if is_arabic(w)]
        n_words += len(ws)
        counts.update(ws)
    kept = sorted(((w, c) for w, c in counts.items() if c >= args.min_count), key=lambda x: (-x[1], x[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"#words\t{n_words}\n")
        for w, c in kept:
            fh.write(f"{w}\t{c}\n")
    print(f"{n_words} Arabic words read, {len(counts)} forms, {len(kept)} kept (count >= {args.min_count}) -> {args.out}"
          f" ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
