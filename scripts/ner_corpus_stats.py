"""Corpus-level tag distributions: what a first-stage CRF calls each word across unlabelled news.

A name unseen in the labelled data is often seen many times in 18M words of news, in
contexts that give it away (``الرئيس X``, ``شركة X``). Tagging a sample of the unlabelled
corpus with a first-stage model and counting, per normalised word form, how often it is
inside a PER / ORG / LOC / MISC chunk turns those contexts into a per-word prior that the
second-stage CRF uses as a feature (in the spirit of Ratinov & Roth 2009's aggregated
predictions). Only counts of word forms are kept, never text.

Used by ``scripts/train_ner.py``; writes ``tagdist.tsv.gz``
(``word<TAB>PER<TAB>ORG<TAB>LOC<TAB>MISC<TAB>total``).
"""

from __future__ import annotations

import gzip
import logging
import multiprocessing as mp
import random
import time
from pathlib import Path

from marsad.arabic.normalize import normalize

TYPES = ("PER", "ORG", "LOC", "MISC")
log = logging.getLogger("ner_corpus_stats")

_MODEL = None


def _init(model_path: str, res_dir: str, version: int) -> None:
    global _MODEL
    import pycrfsuite

    from marsad.stages.ner_features import Featurizer, Resources

    t = pycrfsuite.Tagger()
    t.open(model_path)
    _MODEL = (t, Featurizer(Resources.load(Path(res_dir), tagdist=False), version=version))


def _count(lines: list[str]) -> dict[str, list[int]]:
    tagger, feat = _MODEL  # type: ignore[misc]
    out: dict[str, list[int]] = {}
    for line in lines:
        toks = line.split()[:200]
        if not toks:
            continue
        tags = tagger.tag(feat.sentence(toks))
        for tok, tag in zip(toks, tags):
            n = normalize(tok)
            row = out.get(n)
            if row is None:
                row = out[n] = [0, 0, 0, 0, 0]
            row[4] += 1
            if tag != "O":
                row[TYPES.index(tag[2:])] += 1
    return out


def build(model_path: Path, res_dir: Path, corpus: Path, out_path: Path, *, max_lines: int,
          workers: int = 2, seed: int = 13, min_total: int = 3, version: int = 2) -> int:
    """Tag a random sample of ``corpus`` lines; write the per-word tag counts. Returns rows kept."""
    t0 = time.time()
    with corpus.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    rng = random.Random(seed)
    if len(lines) > max_lines:
        lines = rng.sample(lines, max_lines)
    chunks = [lines[i:i + 2000] for i in range(0, len(lines), 2000)]
    total: dict[str, list[int]] = {}
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init, initargs=(str(model_path), str(res_dir), version)) as pool:
        for part in pool.imap_unordered(_count, chunks):
            for w, row in part.items():
                cur = total.get(w)
                if cur is None:
                    total[w] = row
                else:
                    for i in range(5):
                        cur[i] += row[i]
    kept = 0
    buf = []
    for w in sorted(total):
        row = total[w]
        if row[4] >= min_total and sum(row[:4]) >= max(1, 0.05 * row[4]):
            buf.append(w + "\t" + "\t".join(map(str, row)) + "\n")
            kept += 1
    with gzip.GzipFile(out_path, "wb", mtime=0) as fh:
        fh.write("".join(buf).encode("utf-8"))
    ntok = sum(r[4] for r in total.values())
    log.info("tagged %d lines (%d tokens) in %.0fs; %d word forms kept -> %s",
             len(lines), ntok, time.time() - t0, kept, out_path)
    return kept


def load(path: Path) -> dict[str, tuple[int, ...]]:
    """Read a ``tagdist.tsv.gz`` table."""
    out: dict[str, tuple[int, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            out[parts[0]] = tuple(int(x) for x in parts[1:])
    return out

