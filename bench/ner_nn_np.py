"""Numpy inference of the ``bench/ner_nn.py`` tagger: export, load, tag a document's sentences.

The inputs of a token (word vector, character CNN, sum of feature embeddings) depend only on
the token, and the LSTM's input projection is linear, so each word type's projected input is
computed once and cached; a sentence adds the projection of its gazetteer phrase tags (``gp=``)
and runs the two LSTM directions over all sentences of a document at once, then Viterbi.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
MAX_CHARS = 16
# hard BIO constraints for decoding averaged posteriors: I-X only after B-X or I-X
BIO_TRANS = np.array([[-1e4 if b.startswith("I-") and a[2:] != b[2:] else 0.0 for b in TAGS] for a in TAGS], np.float32)
BIO_START = np.array([-1e4 if t.startswith("I-") else 0.0 for t in TAGS], np.float32)


def word_feats(feat, tok: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The CRF's focus features of a word (``Featurizer.raw``), less the bias."""
    return [x for x in feat.raw(tok) if x != "b"]


def token_ids(feat, tok: str, wvocab: dict[str, int], chars: dict[str, int],  # type: ignore[no-untyped-def]
              fvocab: dict[str, int]) -> tuple[int, list[int], list[int]]:
    """Word-vector row (of the word, else its proclitic-stripped base, else without the article;
    1: unknown), character ids (1: unknown) and ids of the known features of a token."""
    n = feat.norm(tok)
    pre, base = feat.split(n)
    look = "ال" + base if pre.endswith("لل") else base
    noal = look[2:] if look.startswith("ال") and len(look) > 4 else look
    w = wvocab.get(n) or wvocab.get(look) or wvocab.get(noal) or 1
    cs = [chars.get(ch, 1) for ch in n[:MAX_CHARS]] or [1]
    fs = [i for i in (fvocab.get(x) for x in word_feats(feat, tok)) if i]
    return w, cs, fs


def export(net, inputs, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Write ``nn.npz`` (weights; float16 tables, int8 word vectors) and ``nn_vocab.json.gz``."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    wvec = sd.pop("wvec")
    scale = np.abs(wvec).max(1) / 127 + 1e-12
    wq = np.round(wvec / scale[:, None]).astype(np.int8)
    out = {"wq": wq, "wscale": scale.astype(np.float32)}
    for k, v in sd.items():
        out[k.replace(".", "_")] = v.astype(np.float16) if k in ("femb.weight", "cemb.weight") else v
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / "nn.npz", **out)
    vocab = {"words": sorted(inputs.wvocab, key=inputs.wvocab.get), "chars": sorted(inputs.chars, key=inputs.chars.get),
             "features": sorted(inputs.fvocab, key=inputs.fvocab.get)}
    with gzip.GzipFile(folder / "nn_vocab.json.gz", "wb", mtime=0) as fh:
        fh.write(json.dumps(vocab, ensure_ascii=False).encode("utf-8"))


def round_like_export(net) -> None:  # type: ignore[no-untyped-def]
    """Round the network's tables as :func:`export` stores them (so torch and numpy agree)."""
    import torch

    with torch.no_grad():
        for name in ("femb", "cemb"):
            w = getattr(net, name).weight
            w.copy_(w.half().float())
        wv = net.wvec
        scale = wv.abs().max(1, keepdim=True).values / 127 + 1e-12
        wv.copy_(torch.round(wv / scale) * scale)


class NumpyTagger:
    def __init__(self, folder: Path, feat) -> None:  # type: ignore[no-untyped-def]
        z = np.load(folder / "nn.npz")
        with gzip.open(folder / "nn_vocab.json.gz", "rt", encoding="utf-8") as fh:
            voc = json.load(fh)
        self.feat = feat
        self.wvocab = {w: i for i, w in enumerate(voc["words"])}
        self.chars = {c: i for i, c in enumerate(voc["chars"])}
        self.fvocab = {f: i for i, f in enumerate(voc["features"])}
        self.wq, self.wscale = z["wq"], z["wscale"]
        self.cemb = z["cemb_weight"].astype(np.float32)
        cw = z["conv_weight"]  # (out, in, k)
        self.conv_w = cw.transpose(2, 1, 0).reshape(-1, cw.shape[0])
        self.conv_b = z["conv_bias"]
        self.femb = z["femb_weight"].astype(np.float32)
        h = z["lstm_weight_hh_l0"].shape[1]
        self.h = h
        # input projections of both directions side by side: (d_in, 8h)
        self.w_ih = np.concatenate([z["lstm_weight_ih_l0"], z["lstm_weight_ih_l0_reverse"]], 0).T.copy()
        self.b_ih = np.concatenate([z["lstm_bias_ih_l0"] + z["lstm_bias_hh_l0"],
                                    z["lstm_bias_ih_l0_reverse"] + z["lstm_bias_hh_l0_reverse"]])
        self.w_hh = np.ascontiguousarray(np.stack([z["lstm_weight_hh_l0"].T, z["lstm_weight_hh_l0_reverse"].T]))
        # gates i, f, o (of i, f, g, o) halved: one tanh gives all four gates (see _bilstm)
        half = np.ones(4 * h, np.float32)
        half[:2 * h] = half[3 * h:] = 0.5
        self.w_ih *= np.concatenate([half, half])
        self.b_ih *= np.concatenate([half, half])
        self.w_hh *= half
        self._active: list[int] = []
        self.out_w, self.out_b = z["out_weight"].T.copy(), z["out_bias"]
        self.trans, self.start, self.end = z["crf_trans"], z["crf_start"], z["crf_end"]
        dw = self.wq.shape[1]
        cf = self.conv_w.shape[1]
        # the feature-embedding slice of the input projection: adds a phrase tag's term
        self.w_ih_f = self.w_ih[dw + cf:dw + cf + self.femb.shape[1]]
        self._proj: dict[str, np.ndarray] = {}
        self._gp: dict[str, np.ndarray] = {}

    def _project(self, toks: Sequence[str]) -> np.ndarray:
        """Projected LSTM input (8h) of each word type (computed for the new ones in one batch)."""
        new = [t for t in dict.fromkeys(toks) if t not in self._proj]
        if new:
            wi, cs, fs = zip(*(token_ids(self.feat, t, self.wvocab, self.chars, self.fvocab) for t in new))
            wi_a = np.array(wi)
            we = self.wq[wi_a].astype(np.float32) * self.wscale[wi_a, None]
            L = max(len(c) for c in cs)
            c = np.zeros((len(new), L), dtype=np.int64)
            for i, x in enumerate(cs):
                c[i, :len(x)] = x
            ce = self.cemb[c]  # (N, L, d)
            pad = np.zeros((len(new), 1, ce.shape[2]), dtype=np.float32)
            xp = np.concatenate([pad, ce, pad], 1)
            win = np.concatenate([xp[:, :-2], xp[:, 1:-1], xp[:, 2:]], 2)
            n_new, L2, d3 = win.shape
            conv = np.maximum((win.reshape(-1, d3) @ self.conv_w).reshape(n_new, L2, -1) + self.conv_b, 0)
            conv[c == 0] = 0
            cf = conv.max(1)
            fi = np.zeros((len(new), max(1, max(len(x) for x in fs))), dtype=np.int64)
            for i, x in enumerate(fs):
                fi[i, :len(x)] = x
            fe = self.femb[fi].sum(1)  # row 0 (padding) is zero
            proj = np.concatenate([we, cf, fe], 1) @ self.w_ih + self.b_ih
            for tok, p in zip(new, proj):
                self._proj[tok] = p
        return np.stack([self._proj[t] for t in toks])

    def _gp_proj(self, g: str) -> np.ndarray:
        hit = self._gp.get(g)
        if hit is None:
            i = self.fvocab.get("gp=" + g)
            hit = self.femb[i] @ self.w_ih_f if i else np.zeros(8 * self.h, np.float32)
            self._gp[g] = hit
        return hit

    def _bilstm(self, x: np.ndarray) -> np.ndarray:
        """Both directions at once over (2, T, B, 4h) projected inputs (rows by decreasing length,
        direction 1 reversed), gates i, f, o pre-scaled by 1/2: sigmoid(x) = (1 + tanh(x / 2)) / 2."""
        _, t, b, h4 = x.shape
        h = h4 // 4
        hs = np.zeros((2, b, h), np.float32)
        cs = np.zeros((2, b, h), np.float32)
        g = np.empty((2, b, h4), np.float32)
        out = np.zeros((2, t, b, h), np.float32)
        w0, w1 = self.w_hh
        for i in range(t):
            k = self._active[i]
            gk = g[:, :k]
            np.matmul(hs[0, :k], w0, out=gk[0])
            np.matmul(hs[1, :k], w1, out=gk[1])
            gk += x[:, i, :k]
            np.tanh(gk, out=gk)
            s = 0.5 * gk + 0.5
            c = s[..., h:2 * h] * cs[:, :k] + s[..., :h] * gk[..., 2 * h:3 * h]
            cs[:, :k] = c
            hk = s[..., 3 * h:] * np.tanh(c)
            hs[:, :k] = hk
            out[:, i, :k] = hk
        return out

    def _viterbi(self, em: np.ndarray, lens: list[int]) -> np.ndarray:
        """Best tag ids of (B, T, n) emissions, rows by decreasing length."""
        b, t, _ = em.shape
        trans = self.trans[None]
        score = self.start + em[:, 0]
        backs = []
        for i in range(1, t):
            k = self._active[i]
            tot = score[:k, :, None] + trans
            idx = tot.argmax(1)
            backs.append(idx)
            score[:k] = np.take_along_axis(tot, idx[:, None, :], 1)[:, 0] + em[:k, i]
        cur = (score + self.end).argmax(1)
        tags = np.zeros((b, t), np.int64)
        tags[np.arange(b), np.array(lens) - 1] = cur
        for i in range(t - 1, 0, -1):
            k = self._active[i]
            cur[:k] = backs[i - 1][np.arange(k), cur[:k]]
            tags[:k, i - 1] = cur[:k]
        return tags

    def _marginals(self, em: np.ndarray, lens: list[int]) -> np.ndarray:
        """Tag posteriors (B, T, n) of (B, T, n) emissions, rows by decreasing length (forward-backward)."""
        b, t, n = em.shape
        et = np.exp(self.trans - self.trans.max())
        tmax = self.trans.max()
        alpha = np.zeros((b, t, n), np.float32)
        beta = np.zeros((b, t, n), np.float32)
        alpha[:, 0] = self.start + em[:, 0]
        for i in range(1, t):
            k = self._active[i]
            a = alpha[:k, i - 1]
            m = a.max(1, keepdims=True)
            alpha[:k, i] = np.log(np.exp(a - m) @ et) + m + tmax + em[:k, i]
        last = np.array(lens) - 1
        beta[np.arange(b), last] = self.end
        for i in range(t - 2, -1, -1):
            k = self._active[i + 1]
            nb = em[:k, i + 1] + beta[:k, i + 1]
            m = nb.max(1, keepdims=True)
            beta[:k, i] = np.log(np.exp(nb - m) @ et.T) + m + tmax
        z = alpha[np.arange(b), last] + self.end
        zm = z.max(1, keepdims=True)
        logz = np.log(np.exp(z - zm).sum(1, keepdims=True)) + zm
        return np.exp(alpha + beta - logz[:, :, None])

    def emissions_sorted(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        """(B, T, n) emissions of sentences given by decreasing length (sets ``_active``)."""
        lens = [len(s) for s in sents]
        b, t, h4 = len(sents), lens[0], 4 * self.h
        self._active = [sum(1 for n in lens if n > i) for i in range(t)]
        x = np.zeros((2, t, b, h4), np.float32)
        for i, s in enumerate(sents):
            p = self._project(s)
            for j, g in enumerate(self.feat.phrases(list(s))):
                if g:
                    p[j] += self._gp_proj(g)
            x[0, :len(s), i] = p[:, :h4]
            x[1, :len(s), i] = p[::-1, h4:]
        o = self._bilstm(x)
        hb = np.zeros_like(o[1])
        for i, n in enumerate(lens):
            hb[:n, i] = o[1, :n, i][::-1]
        return (np.concatenate([o[0], hb], 2) @ self.out_w + self.out_b).transpose(1, 0, 2)

    def emissions(self, sents: Sequence[Sequence[str]]) -> list[np.ndarray]:
        order = sorted(range(len(sents)), key=lambda i: -len(sents[i]))
        em = self.emissions_sorted([sents[i] for i in order])
        out: list[np.ndarray] = [None] * len(sents)  # type: ignore[list-item]
        for r, i in enumerate(order):
            out[i] = em[r, :len(sents[i])]
        return out

    def ensemble(self, sents: Sequence[Sequence[str]], crf: Sequence[np.ndarray], w: float = 0.5) -> list[list[str]]:
        """Tags from the average of the network's and the CRF's (``crf``) tag posteriors."""
        sents = [list(s) for s in sents]
        order = sorted((i for i, s in enumerate(sents) if s), key=lambda i: -len(sents[i]))
        out: list[list[str]] = [[] for _ in sents]
        if order:
            batch = [sents[i] for i in order]
            lens = [len(s) for s in batch]
            p = w * self._marginals(self.emissions_sorted(batch), lens)
            for r, i in enumerate(order):
                p[r, :lens[r]] += (1 - w) * crf[i]
            lp = np.log(p + 1e-9)
            saved = self.trans, self.start, self.end
            self.trans, self.start, self.end = BIO_TRANS, BIO_START, np.zeros(len(TAGS), np.float32)
            try:
                tags = self._viterbi(lp, lens)
            finally:
                self.trans, self.start, self.end = saved
            for r, i in enumerate(order):
                out[i] = [TAGS[j] for j in tags[r, :lens[r]]]
        return out

    def tag_sents(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of several sentences (a document), tagged as one batch."""
        sents = [list(s) for s in sents]
        order = sorted((i for i, s in enumerate(sents) if s), key=lambda i: -len(sents[i]))
        out: list[list[str]] = [[] for _ in sents]
        if order:
            batch = [sents[i] for i in order]
            tags = self._viterbi(self.emissions_sorted(batch), [len(s) for s in batch])
            for r, i in enumerate(order):
                out[i] = [TAGS[j] for j in tags[r, :len(sents[i])]]
        return out
