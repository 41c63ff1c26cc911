"""Learn word clusters for the NER model from unlabelled Arabic news.

Steps (all intermediate files under ``--work``, default ``/tmp/ner_work``):

1. tokenise and normalise the SaudiNewsNet articles and the ANT de-duplicated texts
   (``../shared/data/corpora``) into one sentence per line (``corpus.txt``);
2. train word2vec skip-gram vectors with gensim (fixed seed, one worker thread per
   ``--workers`` so that the run is reproducible on a shared machine);
3. k-means (scikit-learn MiniBatchKMeans, fixed seed) on the unit vectors of the most
   frequent words at several granularities;
4. write ``clusters.tsv.gz`` (``word<TAB>c_k1<TAB>c_k2<TAB>c_k3<TAB>freq``) into
   ``src/marsad/models/ner/``: the only artefact the shipped model needs.

The texts of the corpora are never shipped; only cluster ids and counts of normalised
word forms are.

Usage::

    nice .venv/bin/python scripts/ner_embed.py            # ~10 min on 2 cores
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import random
import re
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "marsad" / "models" / "ner"
SENT_SPLIT = re.compile(r"(?<=[.!?؟])\s+|\n+")
log = logging.getLogger("ner_embed")


def _texts(shared: Path):
    """Yield article texts of the unlabelled corpora."""
    for z in sorted((shared / "corpora" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name).decode("utf-8")):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")
    for gz in sorted((shared / "corpora").glob("ant_*/*_text_dedup.txt.gz")):
        with gzip.open(gz, "rt", encoding="utf-8", errors="replace") as fh:
            yield from fh


def build_corpus(shared: Path, path: Path) -> Counter[str]:
    """Write one normalised, tokenised sentence per line; return word counts."""
    counts: Counter[str] = Counter()
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for text in _texts(shared):
            for sent in SENT_SPLIT.split(text):
                toks = [normalize(w) for w in words(sent)]
                toks = [t for t in toks if t]
                if len(toks) < 3:
                    continue
                counts.update(toks)
                n += len(toks)
                out.write(" ".join(toks) + "\n")
    log.info("corpus: %d tokens, %d types -> %s", n, len(counts), path)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/ner_work"))
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--vocab", type=int, default=200_000, help="words kept in the cluster table")
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    random.seed(args.seed)
    np.random.seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / "corpus.txt"
    counts_path = args.work / "counts.json"
    t0 = time.time()
    if corpus.exists() and counts_path.exists():
        counts = Counter(json.loads(counts_path.read_text(encoding="utf-8")))
    else:
        counts = build_corpus(args.shared, corpus)
        counts_path.write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
    log.info("corpus ready in %.0fs", time.time() - t0)

    from gensim.models import Word2Vec  # build-time only

    w2v_path = args.work / f"w2v_{args.dim}.model"
    if w2v_path.exists():
        model = Word2Vec.load(str(w2v_path))
    else:
        t0 = time.time()
        model = Word2Vec(corpus_file=str(corpus), vector_size=args.dim, window=3, min_count=3,
                         sg=1, negative=5, sample=1e-4, epochs=args.epochs, workers=args.workers,
                         seed=args.seed)
        model.save(str(w2v_path))
        log.info("word2vec trained in %.0fs (%d words)", time.time() - t0, len(model.wv))
    vocab = [w for w in model.wv.index_to_key[: args.vocab]]
    vecs = np.asarray([model.wv[w] for w in vocab], dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-8

    from sklearn.cluster import MiniBatchKMeans  # build-time only

    ids = []
    for k in (int(x) for x in args.ks.split(",")):
        t0 = time.time()
        km = MiniBatchKMeans(n_clusters=k, random_state=args.seed, batch_size=4096, n_init=3,
                             max_iter=100)
        ids.append(km.fit_predict(vecs))
        log.info("k-means k=%d in %.0fs", k, time.time() - t0)
    OUT.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    for i, w in enumerate(vocab):
        buf.write(w + "\t" + "\t".join(str(int(c[i])) for c in ids) + f"\t{counts.get(w, 0)}\n")
    # mtime=0: the same inputs give the same bytes
    with gzip.GzipFile(OUT / "clusters.tsv.gz", "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    # word frequencies beyond the cluster vocabulary help the name-ratio feature
    log.info("wrote %s (%d words)", OUT / "clusters.tsv.gz", len(vocab))


if __name__ == "__main__":
    main()
