"""A char-CNN + BiLSTM + CRF tagger in PyTorch, for the side-by-side comparison only.

Word embeddings start from the project's own word2vec vectors (``scripts/ner_embed.py``,
trained on unlabelled news); characters go through a small CNN so unseen words still get a
representation. Not shipped: the package must not need PyTorch at run time. This is the
``bilstm`` row of ``bench/compare_ner.py`` (bounded training); ``bench/ner_nn.py`` trains the
same kind of tagger to convergence with the CRF's features as extra inputs (dev experiments).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

import numpy as np
import torch
from ner_nn import CRF, TAGS, viterbi  # the CRF layer of the properly trained tagger (dev experiments)
from torch import nn

from marsad.arabic.normalize import normalize


class Tagger(nn.Module):
    def __init__(self, n_words: int, n_chars: int, emb: np.ndarray | None, dim: int = 100,
                 hidden: int = 128) -> None:
        super().__init__()
        self.wemb = nn.Embedding(n_words, dim, padding_idx=0)
        if emb is not None:
            self.wemb.weight.data.copy_(torch.from_numpy(emb))
        self.cemb = nn.Embedding(n_chars, 30, padding_idx=0)
        self.conv = nn.Conv1d(30, 50, 3, padding=1)
        self.lstm = nn.LSTM(dim + 50, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.crf = CRF(len(TAGS))

    def emissions(self, w: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        b, t, L = c.shape
        ce = self.cemb(c.view(b * t, L)).transpose(1, 2)
        cf = torch.relu(self.conv(ce)).max(2).values.view(b, t, -1)
        x = self.drop(torch.cat([self.wemb(w), cf], 2))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


class NeuralNer:
    """Vocabulary, batching, training loop and tagging around :class:`Tagger`."""

    def __init__(self, train: Sequence, w2v_path: str | None, seed: int = 13) -> None:
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)
        words: dict[str, int] = {"<pad>": 0, "<unk>": 1}
        chars: dict[str, int] = {"<pad>": 0, "<unk>": 1}
        vecs = None
        kv = None
        if w2v_path:
            from gensim.models import Word2Vec

            kv = Word2Vec.load(w2v_path).wv
            for w in kv.index_to_key[:100_000]:
                words.setdefault(w, len(words))
        for s in train:
            for tok in s.tokens:
                words.setdefault(normalize(tok), len(words))
                for ch in tok:
                    chars.setdefault(ch, len(chars))
        if kv is not None:
            rng = np.random.default_rng(seed)
            vecs = rng.normal(0, 0.1, (len(words), kv.vector_size)).astype(np.float32)
            vecs[0] = 0
            for w, i in words.items():
                if w in kv.key_to_index:
                    vecs[i] = kv[w]
        self.words, self.chars = words, chars
        self.model = Tagger(len(words), len(chars), vecs, dim=vecs.shape[1] if vecs is not None else 100)
        self.tag_ix = {t: i for i, t in enumerate(TAGS)}

    def _tensors(self, sents: Sequence[Sequence[str]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        t = max(len(s) for s in sents)
        L = min(20, max(len(w) for s in sents for w in s))
        w = torch.zeros(len(sents), t, dtype=torch.long)
        c = torch.zeros(len(sents), t, L, dtype=torch.long)
        m = torch.zeros(len(sents), t)
        for i, s in enumerate(sents):
            for j, tok in enumerate(s):
                w[i, j] = self.words.get(normalize(tok), 1)
                for k, ch in enumerate(tok[:L]):
                    c[i, j, k] = self.chars.get(ch, 1)
                m[i, j] = 1
        return w, c, m

    def fit(self, train: Sequence, epochs: int, max_seconds: float, log=print) -> int:  # type: ignore[no-untyped-def]
        """Train for ``epochs`` or until ``max_seconds``; returns the epochs done."""
        opt = torch.optim.Adam(self.model.parameters(), lr=2e-3)
        data = [s for s in train if s.tokens]
        t0 = time.time()
        done = 0
        for ep in range(epochs):
            self.model.train()
            random.shuffle(data)
            data_sorted = sorted(data, key=lambda s: len(s.tokens))
            batches = [data_sorted[i:i + 32] for i in range(0, len(data_sorted), 32)]
            random.shuffle(batches)
            total = 0.0
            for b in batches:
                toks = [s.tokens[:150] for s in b]
                w, c, m = self._tensors(toks)
                tags = torch.zeros_like(w)
                for i, s in enumerate(b):
                    for j, tg in enumerate(s.tags[:150]):
                        tags[i, j] = self.tag_ix.get(tg, 0)
                opt.zero_grad()
                loss = self.model.crf.nll(self.model.emissions(w, c), tags, m) / len(b)
                loss.backward()
                nn.utils.clip_grad_norm_(self.model.parameters(), 5.0)
                opt.step()
                total += loss.item()
                if time.time() - t0 > max_seconds:
                    break
            done = ep + 1
            log(f"bilstm epoch {done}: loss {total / max(1, len(batches)):.3f} ({time.time() - t0:.0f}s)")
            if time.time() - t0 > max_seconds:
                break
        return done

    @torch.no_grad()
    def tag(self, tokens: Sequence[str]) -> list[str]:
        self.model.eval()
        if not tokens:
            return []
        w, c, _ = self._tensors([tokens])
        em = self.model.emissions(w, c)[0].numpy()
        crf = self.model.crf
        return [TAGS[i] for i in viterbi(em, crf.trans.detach().numpy(), crf.start.detach().numpy(), crf.end.detach().numpy())]
