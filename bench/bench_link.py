"""Benchmark: gazetteer matching (MB/s) and the link + geocode stages (documents/s), one core.

Reads SaudiNewsNet articles from ``../shared/data/corpora/saudinewsnet/*.zip`` and prints,
in the same run:

- gazetteer matching over already normalised text (MB/s of UTF-8; normalisation is not
  timed), next to the issue's target (>= 30 MB/s per core) and two baselines over the same
  KB names: a compiled regex alternation (longest names first) and a ``str.find`` loop; the
  baselines run on a slice of the text (they are orders of magnitude slower);
- the link stage, then link + geocode, in documents/s, next to the target (>= 500 documents/s
  per core), with the normalised view given (as the ``normalize`` stage leaves it in
  ``doc.meta["norm"]``), and with normalisation included.

Times are CPU seconds of this process (best of a few runs), which a loaded machine distorts
less than wall time; one process is one core.

Usage: ``python bench/bench_link.py [--docs 3000] [--baseline-kb 40000]``
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet"


def load_articles(n: int) -> list[str]:
    out: list[str] = []
    for z in sorted(glob.glob(str(CORPUS / "*.zip"))):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name).decode("utf-8")):
                    if art.get("content"):
                        out.append(art["content"])
                        if len(out) >= n:
                            return out
    return out


def best_of(fn, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs of ``fn``."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=3000, help="articles to use")
    ap.add_argument("--baseline-kb", type=int, default=40000, help="characters of text for the baselines")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    from marsad.arabic.normalize import normalize, normalize_with_map
    from marsad.doc import Document
    from marsad.kb.gazetteer import get_gazetteer
    from marsad.stages.geocode import GeocodeStage
    from marsad.stages.link import LinkStage

    texts = load_articles(args.docs)
    t0 = time.perf_counter()
    gaz = get_gazetteer()
    link, geo = LinkStage(gaz), GeocodeStage(gaz.kb)
    load_s = time.perf_counter() - t0
    norms = [normalize(t) for t in texts]
    mb = sum(len(n.encode("utf-8")) for n in norms) / 1e6
    print(f"KB load + automaton: {load_s:.2f} s; {len(gaz.keys)} alias keys; {len(texts)} articles, "
          f"{mb:.1f} MB normalised")

    hits = sum(len(gaz.find(n)) for n in norms)
    t = best_of(lambda: [gaz.find(n) for n in norms], 5)
    print(f"gazetteer (Aho-Corasick, boundaries, proclitics, overlaps): {mb / t:8.1f} MB/s  "
          f"(target >= 30 MB/s; {hits} hits)")

    # baselines over the same names, on a slice of the same text
    sample = []
    size = 0
    for n in norms:
        sample.append(n)
        size += len(n)
        if size >= args.baseline_kb:
            break
    smb = sum(len(n.encode("utf-8")) for n in sample) / 1e6
    names = sorted({k for k, _ in gaz.keys}, key=len, reverse=True)
    rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    t = best_of(lambda: [rx.findall(n) for n in sample], 1)
    print(f"baseline regex alternation ({len(names)} names):          {smb / t:8.3f} MB/s")

    def find_loop() -> int:
        c = 0
        for n in sample:
            for name in names:
                i = n.find(name)
                while i >= 0:
                    c += 1
                    i = n.find(name, i + 1)
        return c

    t = best_of(find_loop, 1)
    print(f"baseline str.find loop ({len(names)} names):              {smb / t:8.3f} MB/s")

    def docs(with_norm: bool) -> list[Document]:
        out = []
        for text in texts:
            d = Document.from_text(text)
            d.text = text
            if with_norm:
                d.meta["norm"] = normalize_with_map(text)
            out.append(d)
        return out

    ds = docs(True)
    t = best_of(lambda: [link(d) for d in ds], 1)
    print(f"link stage (normalised view given):          {len(ds) / t:8.0f} docs/s  (target >= 500 docs/s)")
    ds = docs(True)
    t = best_of(lambda: [geo(link(d)) for d in ds], 1)
    print(f"link + geocode (normalised view given):      {len(ds) / t:8.0f} docs/s")
    ds = docs(False)
    t = best_of(lambda: [geo(link(d)) for d in ds], 1)
    print(f"link + geocode (normalising each document):  {len(ds) / t:8.0f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
