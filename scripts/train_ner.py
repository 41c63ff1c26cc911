"""Train the shipped NER CRF (one reproducible command).

    nice .venv/bin/python scripts/ner_embed.py        # word clusters (once, ~10 min)
    .venv/bin/python scripts/ner_resources.py          # gazetteers + name tokens
    nice .venv/bin/python scripts/train_ner.py --dev   # tune: hold out a tenth of ANERcorp train + AQMAR dev
    nice .venv/bin/python scripts/train_ner.py         # final: all training data -> src/marsad/models/ner/

``--stages 2`` adds a second stage: the first model tags 150k sentences of unlabelled news
and per-word tag distributions become features (``tagdist.tsv.gz``). On dev it helped the
v1 features (+0.6 F1) but not the shipped v2 ones, so the shipped model is one stage.

Training data: ANERcorp train, AQMAR train (+ dev in the final model); ``--wojood`` adds the
Wojood sample (types mapped, see ``ner_data.WOJOOD_MAP``), which lowered dev F1 and is left
out by default. The test splits are never read here.
Writes ``model.crfsuite`` and ``meta.json`` (data sizes, parameters, dev figures) into the
model folder (``--out``); logs to stderr and ``/tmp/ner_work/train.log``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_data import load

from marsad.eval.ner import DOC_SENTS, score
from marsad.stages.ner import MODEL_DIR, propagate
from marsad.stages.ner_features import Featurizer, Resources

log = logging.getLogger("train_ner")


def evaluate(model_path: Path, feat: Featurizer, sents) -> dict:  # type: ignore[no-untyped-def]
    """Scores of a trained model on labelled sentences (with tokens/s).

    The top-level figures are with the document-level step over runs of ``DOC_SENTS``
    sentences, as ``marsad eval ner`` scores; ``sentence`` holds those without it.
    """
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    t0 = time.perf_counter()
    pred = [tagger.tag(feat.sentence(s.tokens)) for s in sents]
    dt = time.perf_counter() - t0
    doc = [t for i in range(0, len(sents), DOC_SENTS)
           for t in propagate(feat, [s.tokens for s in sents[i:i + DOC_SENTS]], pred[i:i + DOC_SENTS])]
    gold = [s.tags for s in sents]
    out = score(gold, doc).to_json()
    out["sentence"] = score(gold, pred).to_json()
    out["tokens_per_s"] = sum(len(s.tokens) for s in sents) / dt
    return out


def train(train_sets: dict, feat: Featurizer, path: Path, params: dict) -> float:  # type: ignore[type-arg]
    """Train a CRF on every sentence of ``train_sets``; return the training seconds."""
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.time()
    n_tok = 0
    for sents in train_sets.values():
        for s in sents:
            trainer.append(feat.sentence(s.tokens), s.tags)
            n_tok += len(s.tokens)
    log.info("features extracted for %d tokens in %.0fs", n_tok, time.time() - t0)
    trainer.set_params(params)
    t0 = time.time()
    trainer.train(str(path))
    dt = time.time() - t0
    log.info("trained in %.0fs: %s (%.1f MB)", dt, path, path.stat().st_size / 1e6)
    return dt


def report(name: str, fig: dict) -> dict:  # type: ignore[type-arg]
    pt = " ".join(f"{t}={x['f1']:.3f}" for t, x in fig["per_type"].items())
    log.info("%s: P=%.3f R=%.3f F1=%.3f %s (%.0f tok/s); sentences alone F1=%.3f", name, fig["precision"],
             fig["recall"], fig["f1"], pt, fig["tokens_per_s"], fig["sentence"]["f1"])
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description="Train the NER CRF")
    ap.add_argument("--dev", action="store_true", help="tuning run: hold out dev sets, write to --work")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=Path("/tmp/ner_work"))
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--wojood", action="store_true",
                    help="also train on the Wojood sample (it lowered dev F1: 0.745/0.634 without, 0.732/0.608 with)")
    ap.add_argument("--no-aqmar", action="store_true")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--stages", type=int, choices=(1, 2), default=1,
                    help="2: a first model tags unlabelled news to learn per-word tag distributions")
    ap.add_argument("--corpus-lines", type=int, default=150_000, help="corpus sentences tagged by stage 1")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--features", type=int, choices=(1, 2, 3), default=3,
                    help="feature version (ner_features)")
    ap.add_argument("--resources", type=Path, default=MODEL_DIR,
                    help="folder of clusters/gazetteer/names tables (default: the model folder)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.StreamHandler(), logging.FileHandler(args.work / "train.log")])
    random.seed(args.seed)
    os.environ["PYTHONHASHSEED"] = str(args.seed)
    out_dir = args.out or (args.work / "dev_model" if args.dev else MODEL_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)

    data = load(final=not args.dev)
    if not args.wojood:
        data.pop("wojood")
    if args.no_aqmar:
        for k in ("aqmar_train", "aqmar_dev"):
            data.pop(k, None)
    train_sets = {k: v for k, v in data.items() if not k.startswith("dev_")}
    dev_sets = {k: v for k, v in data.items() if k.startswith("dev_")}
    for k, v in data.items():
        log.info("data %-16s %5d sentences %7d tokens", k, len(v), sum(len(s.tokens) for s in v))

    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iters,
              "feature.possible_transitions": True}
    figures: dict[str, dict] = {}
    res1 = Resources.load(args.resources, tagdist=False)
    model_path = out_dir / "model.crfsuite"
    td_path = out_dir / "tagdist.tsv.gz"
    if args.stages == 2:
        # stage 1: no corpus tag distributions; it tags the unlabelled corpus
        m1 = args.work / ("stage1_dev.crfsuite" if args.dev else "stage1.crfsuite")
        train_s = train(train_sets, Featurizer(res1, version=args.features), m1, params)
        for k, v in dev_sets.items():
            figures["stage1_" + k] = report("stage1 " + k, evaluate(m1, Featurizer(res1, version=args.features), v))
        from ner_corpus_stats import build

        build(m1, args.resources, args.work / "corpus.txt", td_path, max_lines=args.corpus_lines,
              workers=args.workers, seed=args.seed, version=args.features)
        res = Resources.load(args.resources, tagdist=td_path)
    else:
        td_path.unlink(missing_ok=True)
        res = res1
    train_s = train(train_sets, Featurizer(res, version=args.features), model_path, params)
    for k, v in dev_sets.items():
        figures[k] = report(k, evaluate(model_path, Featurizer(res, version=args.features), v))
    meta = {
        "model": "crfsuite lbfgs", "params": params, "seed": args.seed,
        "data": {k: {"sentences": len(v), "tokens": sum(len(s.tokens) for s in v)} for k, v in data.items()},
        "train_seconds": round(train_s, 1), "dev": figures, "stages": args.stages, "features": args.features,
        "corpus_lines": args.corpus_lines if args.stages == 2 else 0,
        "command": " ".join(["scripts/train_ner.py"] + sys.argv[1:]),
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
