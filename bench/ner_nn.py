"""Dev experiments: a char-CNN + BiLSTM + CRF tagger over the CRF's own resources, alone,
stacked on the CRF's marginals, or averaged with the CRF (issue 3; not shipped, see
``bench/results/ner_comparison.md``).

    W=/tmp/nn_work; export PYTHONPATH=src
    nice .venv/bin/python scripts/train_ner.py --dev --work $W --out $W/crf_dev   # the CRF without dev data
    nice .venv/bin/python bench/ner_crf_folds.py                                  # out-of-fold CRF marginals
    nice .venv/bin/python bench/ner_nn.py --name base --max-minutes 25            # the network alone
    nice .venv/bin/python bench/ner_nn.py --name stack --stack $W/crf_marg.pkl --max-minutes 22
    nice .venv/bin/python bench/ner_nn.py --name base --epochs 0 --ensemble $W/crf_dev/model.crfsuite [--ens-w 0.3]
    nice .venv/bin/python bench/ner_nn.py --name base_cont --init $W/base.pt --lr 1e-3 --patience 3 \
        --max-minutes 10 --ensemble $W/crf_dev/model.crfsuite                     # 4 more epochs
    nice .venv/bin/python bench/ner_nn.py --name base --epochs 0 --export $W/base_export  # numpy weights
    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/ner_nn_speed.py --nn $W/base_export

Data: ``ner_data.load(final=False)`` (ANERcorp train without its last tenth, AQMAR train; the
Wojood sample with ``--wojood``); figures on the held-out ANERcorp tenth and AQMAR dev, with the
document-level step (``marsad.stages.ner.propagate`` over ``DOC_SENTS``-sentence runs, as the
shipped pipeline does) and each sentence alone. Test files are never read.

Inputs per token (all from the shipped tables of ``src/marsad/models/ner`` plus the project's
word2vec vectors, ``scripts/ner_embed.py``):
- the word2vec vector of the word, else of its proclitic-stripped base, else without the article
  (frozen; the ``--wvocab`` most frequent words, int8 per row, so the model is shippable as is);
- a character CNN over the normalised word;
- a sum of learned embeddings of the CRF's own word features (``Featurizer.raw``: word, base,
  affixes, clitic, cluster ids, frequency, gazetteer and KB types, name counts, triggers) and of
  the gazetteer phrase tag (``gp=``), each feature seen at least twice in training;
- with ``--stack``: the CRF's tag marginals (out-of-fold for training sentences,
  ``bench/ner_crf_folds.py``).
Runs are logged to ``--work/runs.jsonl`` (arguments, epochs, dev figures, seconds) and
``--work/NAME.log``; ``--export`` writes the numpy weights (``bench/ner_nn_np.py``) after checking
that numpy tags every dev sentence as torch does.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
from ner_data import load
from ner_nn_np import BIO_START, BIO_TRANS, MAX_CHARS, TAGS, token_ids, word_feats

from marsad.eval.ner import DOC_SENTS, score
from marsad.stages.ner import MODEL_DIR, propagate
from marsad.stages.ner_features import Featurizer, Resources

TAG_IX = {t: i for i, t in enumerate(TAGS)}


class Inputs:
    """Index arrays of a sentence: word-vector rows, characters, feature ids (padded with 0)."""

    def __init__(self, feat: Featurizer, wvocab: dict[str, int], chars: dict[str, int],
                 fvocab: dict[str, int]) -> None:
        self.feat, self.wvocab, self.chars, self.fvocab = feat, wvocab, chars, fvocab
        self._cache: dict[str, tuple[int, list[int], list[int]]] = {}

    def _token(self, tok: str) -> tuple[int, list[int], list[int]]:
        hit = self._cache.get(tok)
        if hit is None:
            hit = token_ids(self.feat, tok, self.wvocab, self.chars, self.fvocab)
            self._cache[tok] = hit
        return hit

    def sentence(self, toks: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = [self._token(t) for t in toks]
        gp = self.feat.phrases(list(toks))
        fl = [fs + ([self.fvocab["gp=" + g]] if g and "gp=" + g in self.fvocab else []) for (_, _, fs), g in zip(rows, gp)]
        w = np.array([r[0] for r in rows], dtype=np.int64)
        c = np.zeros((len(rows), max(len(r[1]) for r in rows)), dtype=np.int64)
        for i, r in enumerate(rows):
            c[i, :len(r[1])] = r[1]
        f = np.zeros((len(rows), max(1, max(len(x) for x in fl))), dtype=np.int64)
        for i, x in enumerate(fl):
            f[i, :len(x)] = x
        return w, c, f


def build_vocab(feat: Featurizer, train: Sequence, w2v_path: Path, n_words: int,
                min_feat: int) -> tuple[dict[str, int], np.ndarray, dict[str, int], dict[str, int]]:
    """Word-vector vocabulary and int8-rounded table, character and feature vocabularies."""
    from gensim.models import Word2Vec

    kv = Word2Vec.load(str(w2v_path)).wv
    wvocab = {"<pad>": 0, "<unk>": 1}
    for w in kv.index_to_key[:n_words]:
        wvocab.setdefault(w, len(wvocab))
    vec = np.zeros((len(wvocab), kv.vector_size), dtype=np.float32)
    for w, i in wvocab.items():
        if i > 1:
            vec[i] = kv[w]
    # int8 per row: what would ship; the model is trained on the rounded vectors
    scale = np.abs(vec).max(1, keepdims=True) / 127 + 1e-12
    vec = (np.round(vec / scale).astype(np.int8).astype(np.float32) * scale).astype(np.float32)
    cc: Counter[str] = Counter()
    fc: Counter[str] = Counter()
    for s in train:
        for t in s.tokens:
            cc.update(feat.norm(t)[:MAX_CHARS])
            fc.update(word_feats(feat, t))
        fc.update("gp=" + g for g in feat.phrases(list(s.tokens)) if g)
    chars = {"<pad>": 0, "<unk>": 1}
    for ch, n in cc.most_common():
        if n >= 2:
            chars[ch] = len(chars)
    fvocab = {"<pad>": 0}
    for x, n in sorted(fc.items(), key=lambda kv_: (-kv_[1], kv_[0])):
        if n >= min_feat:
            fvocab[x] = len(fvocab)
    return wvocab, vec, chars, fvocab


class CRF(nn.Module):
    """Linear-chain CRF: negative log-likelihood over padded batches (mask: 1 on real tokens)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))  # trans[i, j]: i -> j
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        t = em.shape[1]
        s = self.start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
        alpha = self.start + em[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            s = s + (self.trans[tags[:, i - 1], tags[:, i]] + em[:, i].gather(1, tags[:, i:i + 1]).squeeze(1)) * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans + em[:, i].unsqueeze(1), dim=1)
            mu = m.unsqueeze(1)
            alpha = nxt * mu + alpha * (1 - mu)
        last = tags.gather(1, (mask.sum(1).long() - 1).unsqueeze(1)).squeeze(1)
        s = s + self.end[last]
        return (torch.logsumexp(alpha + self.end, dim=1) - s).sum()


class Net(nn.Module):
    def __init__(self, wvec: np.ndarray, n_chars: int, n_feats: int, n_extra: int = 0, fdim: int = 50,
                 cdim: int = 30, cfilt: int = 50, hidden: int = 100, drop: float = 0.5) -> None:
        super().__init__()
        self.register_buffer("wvec", torch.from_numpy(wvec))
        self.cemb = nn.Embedding(n_chars, cdim, padding_idx=0)
        self.conv = nn.Conv1d(cdim, cfilt, 3, padding=1)
        self.femb = nn.Embedding(n_feats, fdim, padding_idx=0)
        self.lstm = nn.LSTM(wvec.shape[1] + cfilt + fdim + n_extra, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(drop)
        self.out = nn.Linear(2 * hidden + n_extra, len(TAGS))
        self.crf = CRF(len(TAGS))
        self.n_extra = n_extra

    def emissions(self, w: torch.Tensor, c: torch.Tensor, f: torch.Tensor, lens: torch.Tensor,
                  x: torch.Tensor | None = None) -> torch.Tensor:
        b, t, L = c.shape
        ce = self.cemb(c.view(b * t, L)).transpose(1, 2)
        # padded character positions give relu(bias) too: the max is over the first len(word) only
        cmask = (c.view(b * t, L) > 0).unsqueeze(1)
        cf = torch.relu(self.conv(ce)).masked_fill(~cmask, 0).max(2).values.view(b, t, -1)
        parts = [nn.functional.embedding(w, self.wvec), cf, self.femb(f).sum(2)]
        if x is not None:
            parts.append(x)
        h = self.drop(torch.cat(parts, 2))
        packed = pack_padded_sequence(h, lens, batch_first=True, enforce_sorted=False)
        o, _ = self.lstm(packed)
        o, _ = pad_packed_sequence(o, batch_first=True, total_length=t)
        o = self.drop(o)
        if x is not None:
            o = torch.cat([o, x], 2)
        return self.out(o)


def batch(items: Sequence[tuple], extra: bool) -> tuple:  # type: ignore[type-arg]
    """Pad a list of (w, c, f, tags, x) into tensors."""
    b = len(items)
    t = max(len(it[0]) for it in items)
    L = max(it[1].shape[1] for it in items)
    F = max(it[2].shape[1] for it in items)
    w = torch.zeros(b, t, dtype=torch.long)
    c = torch.zeros(b, t, L, dtype=torch.long)
    f = torch.zeros(b, t, F, dtype=torch.long)
    y = torch.zeros(b, t, dtype=torch.long)
    m = torch.zeros(b, t)
    x = torch.zeros(b, t, len(TAGS)) if extra else None
    lens = torch.tensor([len(it[0]) for it in items])
    for i, it in enumerate(items):
        n = len(it[0])
        w[i, :n] = torch.from_numpy(it[0])
        c[i, :n, :it[1].shape[1]] = torch.from_numpy(it[1])
        f[i, :n, :it[2].shape[1]] = torch.from_numpy(it[2])
        y[i, :n] = torch.from_numpy(it[3])
        m[i, :n] = 1
        if extra:
            x[i, :n] = torch.from_numpy(it[4])  # type: ignore[index]
    return w, c, f, y, m, lens, x


def viterbi(em: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    score = start + em[0]
    back = []
    for i in range(1, len(em)):
        tot = score[:, None] + trans + em[i][None, :]
        back.append(tot.argmax(0))
        score = tot.max(0)
    best = [int((score + end).argmax())]
    for idx in reversed(back):
        best.append(int(idx[best[-1]]))
    return best[::-1]


def crf_marginals(em: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per-token tag posteriors of a linear-chain CRF (forward-backward in log space)."""
    def lse(a: np.ndarray, axis: int) -> np.ndarray:
        mx = a.max(axis, keepdims=True)
        return (mx + np.log(np.exp(a - mx).sum(axis, keepdims=True))).squeeze(axis)

    n = len(em)
    alpha = np.zeros_like(em)
    beta = np.zeros_like(em)
    alpha[0] = start + em[0]
    for i in range(1, n):
        alpha[i] = lse(alpha[i - 1][:, None] + trans, 0) + em[i]
    beta[-1] = end
    for i in range(n - 2, -1, -1):
        beta[i] = lse(trans + (em[i + 1] + beta[i + 1])[None, :], 1)
    z = lse(alpha[-1] + end, 0)
    return np.exp(alpha + beta - z)


def decode_posteriors(p: np.ndarray) -> list[str]:
    """Best BIO-valid tags under averaged posteriors (I-X only after B-X or I-X)."""
    return [TAGS[i] for i in viterbi(np.log(p + 1e-9), BIO_TRANS, BIO_START, np.zeros(len(TAGS)))]


def figures(feat: Featurizer, sents: Sequence, pred: list[list[str]]) -> dict:  # type: ignore[type-arg]
    doc = [t for i in range(0, len(sents), DOC_SENTS)
           for t in propagate(feat, [s.tokens for s in sents[i:i + DOC_SENTS]], pred[i:i + DOC_SENTS])]
    gold = [s.tags for s in sents]
    d, s_ = score(gold, doc).to_json(), score(gold, pred).to_json()
    return {"f1": round(d["f1"], 4), "sentence_f1": round(s_["f1"], 4),
            "per_type": {k: round(v["f1"], 4) for k, v in d["per_type"].items()}}


class Experiment:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        random.seed(args.seed)
        np.random.seed(args.seed)
        torch.manual_seed(args.seed)
        data = load(final=False)
        if not args.wojood:
            data.pop("wojood")
        self.train_sets = {k: v for k, v in data.items() if not k.startswith("dev_")}
        self.dev_sets = {k: v for k, v in data.items() if k.startswith("dev_")}
        self.feat = Featurizer(Resources.load(MODEL_DIR, tagdist=False), version=3)
        train = [s for v in self.train_sets.values() for s in v]
        t0 = time.time()
        wvocab, wvec, chars, fvocab = build_vocab(self.feat, train, args.w2v, args.wvocab, args.min_feat)
        print(f"vocab: {len(wvocab)} word vectors, {len(chars)} chars, {len(fvocab)} features "
              f"({time.time() - t0:.0f}s)", flush=True)
        self.inputs = Inputs(self.feat, wvocab, chars, fvocab)
        self.marg = None
        if args.stack:
            with open(args.stack, "rb") as fh:
                self.marg = pickle.load(fh)
        self.net = Net(wvec, len(chars), len(fvocab), len(TAGS) if self.marg else 0, fdim=args.fdim,
                       hidden=args.hidden, drop=args.dropout)
        self.items = {k: self._items(k, v) for k, v in data.items()}

    def _items(self, key: str, sents: Sequence) -> list[tuple]:  # type: ignore[type-arg]
        out = []
        for i, s in enumerate(sents):
            if not s.tokens:
                continue
            w, c, f = self.inputs.sentence(s.tokens)
            y = np.array([TAG_IX.get(t, 0) for t in s.tags], dtype=np.int64)
            x = self.marg[key][i] if self.marg else None
            out.append((w, c, f, y, x, i))
        return out

    @torch.no_grad()
    def emissions(self, key: str) -> list[np.ndarray]:
        self.net.eval()
        items = self.items[key]
        order = sorted(range(len(items)), key=lambda j: len(items[j][0]))
        out: list[np.ndarray] = [None] * len(items)  # type: ignore[list-item]
        for k in range(0, len(order), 64):
            idx = order[k:k + 64]
            w, c, f, _, _, lens, x = batch([items[j] for j in idx], self.marg is not None)
            em = self.net.emissions(w, c, f, lens, x).numpy()
            for r, j in enumerate(idx):
                out[j] = em[r, :len(items[j][0])]
        return out

    def crf_params(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        crf = self.net.crf
        return crf.trans.detach().numpy(), crf.start.detach().numpy(), crf.end.detach().numpy()

    def predict(self, key: str) -> list[list[str]]:
        tr, st, en = self.crf_params()
        return [[TAGS[i] for i in viterbi(e, tr, st, en)] for e in self.emissions(key)]

    def evaluate(self) -> dict:  # type: ignore[type-arg]
        return {k: figures(self.feat, self.dev_sets[k], self.predict(k)) for k in self.dev_sets}

    def fit(self, log) -> dict:  # type: ignore[no-untyped-def,type-arg]
        a = self.args
        params = [p for p in self.net.parameters() if p.requires_grad]
        opt = torch.optim.Adam(params, lr=a.lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda ep: 1.0 / (1 + a.decay * ep))
        data = [it for k in self.train_sets for it in self.items[k]]
        best, best_state, best_ep, bad = -1.0, None, 0, 0
        history = []
        t0 = time.time()
        for ep in range(1, a.epochs + 1):
            self.net.train()
            random.shuffle(data)
            srt = sorted(data, key=lambda it: len(it[0]))
            batches = [srt[i:i + a.batch] for i in range(0, len(srt), a.batch)]
            random.shuffle(batches)
            total = 0.0
            for b in batches:
                w, c, f, y, m, lens, x = batch(b, self.marg is not None)
                opt.zero_grad()
                loss = self.net.crf.nll(self.net.emissions(w, c, f, lens, x), y, m) / len(b)
                loss.backward()
                nn.utils.clip_grad_norm_(params, 5.0)
                opt.step()
                total += loss.item()
            sched.step()
            ev = self.evaluate()
            sel = sum(v["f1"] for v in ev.values()) / len(ev)
            history.append({"epoch": ep, "loss": round(total / len(batches), 3), "seconds": round(time.time() - t0),
                            **{k: (v["f1"], v["sentence_f1"]) for k, v in ev.items()}})
            log(json.dumps(history[-1]))
            if sel > best:
                best, best_ep, bad = sel, ep, 0
                best_state = {k: v.clone() for k, v in self.net.state_dict().items()}
            else:
                bad += 1
                if bad >= a.patience:
                    break
            if time.time() - t0 > a.max_minutes * 60:
                log("time bound reached")
                break
        if best_state is not None:
            self.net.load_state_dict(best_state)
        return {"best_epoch": best_ep, "epochs": len(history), "train_seconds": round(time.time() - t0),
                "history": history}


def crf_posteriors(model: Path, feat: Featurizer, sents: Sequence) -> list[np.ndarray]:  # type: ignore[type-arg]
    from ner_crf_folds import marginals

    return marginals(model, feat, sents)


def export_checked(exp: Experiment, folder: Path) -> dict:  # type: ignore[type-arg]
    """Round the tables as stored, export, and count the dev sentences numpy tags as torch does."""
    from ner_nn_np import NumpyTagger, export, round_like_export

    round_like_export(exp.net)
    export(exp.net, exp.inputs, folder)
    nt = NumpyTagger(folder, exp.feat)
    out = {"mb": round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)}
    for k, sents in exp.dev_sets.items():
        ref = exp.predict(k)
        toks = [s.tokens for s in sents]
        got = [t for i in range(0, len(toks), DOC_SENTS) for t in nt.tag_sents(toks[i:i + DOC_SENTS])]
        out[k] = f"{sum(a == b for a, b in zip(ref, got))}/{len(ref)} sentences equal"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", required=True)
    ap.add_argument("--work", type=Path, default=Path("/tmp/nn_work"))
    ap.add_argument("--w2v", type=Path, default=Path("/tmp/ner_work/w2v_100.model"))
    ap.add_argument("--wvocab", type=int, default=60_000)
    ap.add_argument("--min-feat", type=int, default=2)
    ap.add_argument("--fdim", type=int, default=50)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--decay", type=float, default=0.05, help="lr / (1 + decay * epoch)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--max-minutes", type=float, default=25)
    ap.add_argument("--wojood", action="store_true")
    ap.add_argument("--stack", type=Path, default=None, help="CRF marginals (bench/ner_crf_folds.py)")
    ap.add_argument("--ensemble", type=Path, default=None,
                    help="also score the average of this CRF's and the network's posteriors")
    ap.add_argument("--ens-w", type=float, default=0.5, help="weight of the network in the average")
    ap.add_argument("--export", type=Path, default=None, help="write numpy weights (bench/ner_nn_np.py) here")
    ap.add_argument("--init", type=Path, default=None, help="start from this checkpoint (continue a run)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.set_num_threads(1)
    args.work.mkdir(parents=True, exist_ok=True)
    logf = (args.work / f"{args.name}.log").open("a", encoding="utf-8")

    def log(msg: str) -> None:
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    exp = Experiment(args)
    ckpt = args.work / f"{args.name}.pt"
    if args.init:
        exp.net.load_state_dict(torch.load(args.init))
    if args.epochs > 0:
        run = exp.fit(log)
        torch.save(exp.net.state_dict(), ckpt)
    else:
        exp.net.load_state_dict(torch.load(ckpt))
        run = {}
    if args.export:
        run["export"] = export_checked(exp, args.export)
        log(f"{args.name} exported to {args.export}: {json.dumps(run['export'])}")
    run["dev"] = exp.evaluate()
    log(f"{args.name} dev: {json.dumps(run['dev'])}")
    if args.ensemble:
        tr, st, en = exp.crf_params()
        ens = {}
        for k, sents in exp.dev_sets.items():
            crf = crf_posteriors(args.ensemble, exp.feat, sents)
            nn_p = [crf_marginals(e, tr, st, en) for e in exp.emissions(k)]
            pred = [decode_posteriors(args.ens_w * a + (1 - args.ens_w) * b) if len(a) else []
                    for a, b in zip(nn_p, crf)]
            ens[k] = figures(exp.feat, sents, pred)
        run["ensemble"] = ens
        log(f"{args.name} ensemble with {args.ensemble}: {json.dumps(ens)}")
    rec = {"name": args.name, "args": {k: str(v) for k, v in vars(args).items()}, **run}
    with (args.work / "runs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
