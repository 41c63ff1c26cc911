"""Tagging rate of the CRF + neural ensemble (``bench/ner_nn_np.py``) next to the shipped CRF alone,
on real news, one core, cold caches (as ``bench/bench_ner.py``), in the same run.

    .venv/bin/python bench/ner_nn_speed.py --nn /tmp/nn_work/base_export [--articles 300]

All paths (and the network alone) tag each article's sentences and apply the document-level step; the ensemble also
reads the CRF's tag marginals and averages them with the network's (``NumpyTagger.ensemble``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ner import segmented_articles
from ner_nn_np import TAGS, NumpyTagger

from marsad.doc import Document
from marsad.stages.ner import MODEL_DIR, NerModel, propagate


def sentences(doc: Document) -> list[list[str]]:
    text, toks = doc.text, doc.layer("tokens")
    out = []
    for se in doc.layer("sents"):
        ws = [text[t.start:t.end] for t in toks if t.start >= se.start and t.end <= se.end]
        if ws:
            out.append(ws)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nn", type=Path, required=True, help="folder of nn.npz / nn_vocab.json.gz")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--zip", default="2015-07-31.zip")
    args = ap.parse_args()
    docs = [sentences(d) for d in segmented_articles(args.zip, args.articles)]
    ntok = sum(len(s) for d in docs for s in d)

    crf = NerModel(MODEL_DIR)  # cold caches
    c0 = time.process_time()
    for d in docs:
        crf.tag_doc(d)
    t_crf = time.process_time() - c0

    crf = NerModel(MODEL_DIR)  # cold caches again, shared by both models of the ensemble
    nn = NumpyTagger(args.nn, crf.featurizer)
    tagger = crf._tagger()
    labels = tagger.labels()
    cols = [TAGS.index(x) for x in labels]
    c0 = time.process_time()
    for d in docs:
        marg = []
        for s in d:
            tagger.set(crf.featurizer.sentence(s, encoded=True))
            m = np.zeros((len(s), len(TAGS)), np.float32)
            for j, y in zip(cols, labels):
                m[:, j] = [tagger.marginal(y, i) for i in range(len(s))]
            marg.append(m)
        propagate(crf.featurizer, d, nn.ensemble(d, marg))
    t_ens = time.process_time() - c0
    crf = NerModel(MODEL_DIR)  # cold caches: the network alone (the featurizer still gives its inputs)
    nn = NumpyTagger(args.nn, crf.featurizer)
    c0 = time.process_time()
    for d in docs:
        propagate(crf.featurizer, d, nn.tag_sents(d))
    t_nn = time.process_time() - c0
    print(f"{len(docs)} articles, {ntok:,} tokens; CPU time, cold caches: CRF alone {ntok / t_crf:,.0f} tokens/s, "
          f"CRF + network ensemble {ntok / t_ens:,.0f} tokens/s (ratio {t_crf / t_ens:.2f}), "
          f"network alone {ntok / t_nn:,.0f} tokens/s (ratio {t_crf / t_nn:.2f})")


if __name__ == "__main__":
    main()
