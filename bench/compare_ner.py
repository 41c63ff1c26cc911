"""Compare NER approaches side by side on ANERcorp test and AQMAR test.

    nice .venv/bin/python bench/compare_ner.py                      # all three
    nice .venv/bin/python bench/compare_ner.py --models crf --pin   # shipped CRF only; pin its figures

Rows:
- ``crf``: the shipped model (``src/marsad/models/ner``, ``scripts/train_ner.py``);
- ``spacy``: spaCy NER trained from scratch (blank ``ar``, default CNN) on the same data;
- ``bilstm``: char-CNN + BiLSTM + CRF (PyTorch, ``bench/ner_neural.py``) over the project's
  word2vec vectors, on the same data.
All train on ANERcorp train + AQMAR train/dev (+ the Wojood sample for spaCy and the BiLSTM;
the CRF leaves it out, ``scripts/train_ner.py``); the test splits are only
scored. Each model tags the files' own tokens; tokens/s is per core: one thread, tagging only, over
the process CPU time (wall-clock rates are kept too).
Results are merged into ``bench/results/ner_comparison.json`` and rendered as
``bench/results/ner_comparison.md``. ``--pin`` writes the CRF's test F1 into
``src/marsad/models/ner/eval_baseline.json`` (the CI floor of ``tests/test_ner_eval.py``).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from ner_data import NER, load

from marsad.eval.ner import DOC_SENTS, Sentence, read_conll, score

RESULTS = ROOT / "bench" / "results"
TESTS = {"anercorp_test": NER / "anercorp" / "test.txt", "aqmar_test": NER / "aqmar" / "test.txt"}


def run_eval(tag: Callable[[Sequence[str]], list[str]], sents: list[Sentence],  # type: ignore[type-arg]
             tag_doc: Callable[[list[list[str]]], list[list[str]]] | None = None) -> dict:
    """Scores and tokens/s; with ``tag_doc``, runs of ``DOC_SENTS`` sentences are tagged as one
    document each (as ``marsad eval ner`` does), else each sentence alone with ``tag``."""
    t0, c0 = time.perf_counter(), time.process_time()
    if tag_doc is not None:
        pred = [t for i in range(0, len(sents), DOC_SENTS)
                for t in tag_doc([s.tokens for s in sents[i:i + DOC_SENTS]])]
    else:
        pred = [tag(s.tokens) for s in sents]
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    out = score([s.tags for s in sents], pred).to_json()
    ntok = sum(len(s.tokens) for s in sents)
    # per core: CPU time of this single-threaded process (the machine is shared)
    out["tokens_per_s"] = round(ntok / ct)
    out["tokens_per_s_wall"] = round(ntok / dt)
    out["sentences"] = len(sents)
    return out


def repair_bio(tags: Sequence[str]) -> list[str]:
    """BIO as seqeval reads it: an I- that starts a chunk becomes B- (spaCy rejects I without B)."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def train_data() -> list[Sentence]:
    return [s for v in load(final=True).values() for s in v]


def crf(args: argparse.Namespace, tests: dict[str, list[Sentence]]) -> dict:  # type: ignore[type-arg]
    from marsad.stages.ner import MODEL_DIR, load_model

    model = load_model(str(MODEL_DIR))
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    res = {k: run_eval(model.tag, v, model.tag_doc) for k, v in tests.items()}
    for k, v in tests.items():  # the same model without the document-level step
        res[k]["sentence_f1"] = run_eval(model.tag, v)["f1"]
    alone = " / ".join(f"{100 * res[k]['sentence_f1']:.1f}" for k in tests)
    res["notes"] = (f"python-crfsuite, {meta['params']}, feature version {meta.get('features')}, "
                    f"document-level step over {DOC_SENTS}-sentence runs (F1 of each sentence alone: {alone}); "
                    f"train {meta['train_seconds']}s")
    return res


def spacy_row(args: argparse.Namespace, tests: dict[str, list[Sentence]]) -> dict:  # type: ignore[type-arg]
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(args.seed)
    nlp = spacy.blank("ar")
    ner = nlp.add_pipe("ner")
    train = [s for s in train_data() if s.tokens]
    examples = [Example(Doc(nlp.vocab, words=s.tokens), Doc(nlp.vocab, words=s.tokens, ents=repair_bio(s.tags)))
                for s in train]
    for t in ("PER", "ORG", "LOC", "MISC"):
        ner.add_label(t)
    opt = nlp.initialize(lambda: examples)
    t0 = time.time()
    epochs = 0
    for ep in range(args.spacy_epochs):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=opt, drop=0.2, losses=losses)
        epochs = ep + 1
        print(f"spacy epoch {epochs}: {losses} ({time.time() - t0:.0f}s)", flush=True)
        if time.time() - t0 > args.max_minutes * 60:
            break

    def tag(tokens: Sequence[str]) -> list[str]:
        doc = nlp(Doc(nlp.vocab, words=list(tokens)))
        return [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]

    res = {k: run_eval(tag, v) for k, v in tests.items()}
    res["notes"] = f"spaCy {spacy.__version__} blank ar + ner (default CNN), {epochs} epochs, {time.time() - t0:.0f}s"
    return res


def bilstm_row(args: argparse.Namespace, tests: dict[str, list[Sentence]]) -> dict:  # type: ignore[type-arg]
    import torch
    from ner_neural import NeuralNer

    torch.set_num_threads(args.threads)
    w2v = Path(args.w2v)
    train = train_data()
    model = NeuralNer(train, str(w2v) if w2v.exists() else None, seed=args.seed)
    t0 = time.time()
    epochs = model.fit(train, args.bilstm_epochs, args.max_minutes * 60, log=lambda m: print(m, flush=True))
    train_s = time.time() - t0
    torch.set_num_threads(1)  # tokens/s per core, like the others
    res = {k: run_eval(model.tag, v) for k, v in tests.items()}
    res["notes"] = (f"torch {torch.__version__}, char-CNN+BiLSTM(128)+CRF, word2vec init "
                    f"{'yes' if w2v.exists() else 'no'}, {epochs} epochs, {train_s:.0f}s on {args.threads} threads")
    return res


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def render(results: dict) -> str:  # type: ignore[type-arg]
    lines = ["# NER: approaches side by side", "",
             ("Entity-level micro F1 (seqeval conventions); each model tags the test files' own tokens; "
             "tokens/s: per core, tagging only, over the process CPU time of one thread (the 2-core machine "
              "was shared with other jobs, so wall-clock rates were lower; both are shown). "
              "Training data: ANERcorp train + AQMAR train/dev, + the Wojood sample for spaCy and the "
             "BiLSTM (the CRF leaves it out, see notes). Reproduce: `nice .venv/bin/python bench/compare_ner.py`."), "",
             ("| model | ANERcorp P | R | F1 | PER | ORG | LOC | MISC | AQMAR F1 | tokens/s per core (CPU) "
             "| tokens/s wall (shared machine) | notes |"),
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.get("rows", {}).items():
        a, q = r["anercorp_test"], r["aqmar_test"]
        pt = [f"{a['per_type'].get(t, {}).get('f1', 0) * 100:.1f}" for t in ("PER", "ORG", "LOC", "MISC")]
        lines.append(f"| {name} | {a['precision'] * 100:.1f} | {a['recall'] * 100:.1f} | **{a['f1'] * 100:.1f}** | "
                     + " | ".join(pt) + f" | {q['f1'] * 100:.1f} | {_num(a.get('tokens_per_s'))} | "
                     f"{_num(a.get('tokens_per_s_wall'))} | {r.get('notes', '')} |")
    notes = results.get("notes", [])
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    lines += ["", (f"Machine: {results.get('machine', '')}. Targets: ANERcorp F1 ≥ 84, AQMAR F1 ≥ 77, "
              "≥ 20,000 tokens/s per core."), ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="Compare NER approaches")
    ap.add_argument("--models", default="crf,spacy,bilstm")
    ap.add_argument("--spacy-epochs", type=int, default=15)
    ap.add_argument("--bilstm-epochs", type=int, default=8)
    ap.add_argument("--max-minutes", type=float, default=12.0, help="training time bound per model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--w2v", default="/tmp/ner_work/w2v_100.model")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pin", action="store_true", help="pin the CRF's test F1 as the CI floor")
    args = ap.parse_args()
    random.seed(args.seed)
    tests = {k: read_conll(p) for k, p in TESTS.items()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_json = RESULTS / "ner_comparison.json"
    results = json.loads(out_json.read_text(encoding="utf-8")) if out_json.exists() else {}
    results["machine"] = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    rows = results.setdefault("rows", {})
    fns = {"crf": crf, "spacy": spacy_row, "bilstm": bilstm_row}
    for name in args.models.split(","):
        print(f"== {name}", flush=True)
        rows[name] = fns[name](args, tests)
        rows[name]["measured"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        for k in TESTS:
            r = rows[name][k]
            print(f"{name} {k}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                  f"{r['tokens_per_s']:,} tok/s", flush=True)
        out_json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (RESULTS / "ner_comparison.md").write_text(render(results), encoding="utf-8")
    if args.pin and "crf" in rows:
        from marsad.stages.ner import MODEL_DIR

        pin = {k: {"f1": round(rows["crf"][k]["f1"], 4), "precision": round(rows["crf"][k]["precision"], 4),
                   "recall": round(rows["crf"][k]["recall"], 4)} for k in TESTS}
        (MODEL_DIR / "eval_baseline.json").write_text(json.dumps(pin, indent=1) + "\n", encoding="utf-8")
        print(f"pinned {pin}")


if __name__ == "__main__":
    main()
