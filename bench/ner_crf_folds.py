"""Out-of-fold CRF marginals for stacking a neural tagger on the CRF (dev experiments only).

    nice .venv/bin/python bench/ner_crf_folds.py --folds 5 --out /tmp/nn_work/crf_marg.pkl

The training sentences of the dev split (``ner_data.load(final=False)``, without Wojood) are cut
into ``--folds`` parts; a CRF with the shipped configuration (``scripts/train_ner.py``) is trained
on all parts but one and gives the per-token tag marginals of the held-out part, so a model
stacked on them never sees marginals of sentences the CRF was trained on. The dev sets get the
marginals of ``--dev-model`` (the CRF trained on all training sentences: ``train_ner.py --dev``).
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
from pathlib import Path

import numpy as np
import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
from ner_data import load
from ner_nn_np import TAGS
from train_ner import train

from marsad.stages.ner import MODEL_DIR
from marsad.stages.ner_features import Featurizer, Resources


def marginals(model: Path, feat: Featurizer, sents) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    labels = set(tg.labels())
    out = []
    for s in sents:
        tg.set(feat.sentence(s.tokens))
        m = np.zeros((len(s.tokens), len(TAGS)), dtype=np.float32)
        for j, t in enumerate(TAGS):
            if t in labels:
                for i in range(len(s.tokens)):
                    m[i, j] = tg.marginal(t, i)
        out.append(m)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path("/tmp/nn_work/crf_marg.pkl"))
    ap.add_argument("--dev-model", type=Path, default=Path("/tmp/nn_work/crf_dev/model.crfsuite"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/nn_work/folds"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.work.mkdir(parents=True, exist_ok=True)
    data = load(final=False)
    data.pop("wojood")
    feat = Featurizer(Resources.load(MODEL_DIR, tagdist=False), version=3)
    params = {"c1": 0.1, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}
    out: dict[str, list[np.ndarray]] = {}
    train_keys = [k for k in data if not k.startswith("dev_")]
    items = [(k, i) for k in train_keys for i in range(len(data[k]))]
    res: dict[tuple[str, int], np.ndarray] = {}
    for f in range(args.folds):
        held = [it for j, it in enumerate(items) if j % args.folds == f]
        held_set = set(held)
        rest = {"train": [data[k][i] for k, i in items if (k, i) not in held_set]}
        path = args.work / f"fold{f}.crfsuite"
        if not path.exists():
            train(rest, feat, path, params)
        for (k, i), m in zip(held, marginals(path, feat, [data[k][i] for k, i in held])):
            res[(k, i)] = m
        print(f"fold {f} done", flush=True)
    for k in train_keys:
        out[k] = [res[(k, i)] for i in range(len(data[k]))]
    for k in ("dev_anercorp", "dev_aqmar"):
        out[k] = marginals(args.dev_model, feat, data[k])
    with args.out.open("wb") as fh:
        pickle.dump(out, fh)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
