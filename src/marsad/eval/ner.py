"""NER evaluation: CoNLL reading and entity-level scores in seqeval's default conventions.

Tags are BIO (``B-PER``, ``I-PER``, ``O``); ``PERS`` → ``PER`` and ``MIS`` → ``MISC``
(ANERcorp and AQMAR spell them so). Entities are chunks as seqeval's ``get_entities``
(default, non-strict mode) reads them: an ``I-`` after ``O`` or after another type starts
a new chunk; scores are micro-averaged over exact (type, start, end) matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TYPE_MAP = {"PERS": "PER", "MIS": "MISC", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
TYPES = ("PER", "ORG", "LOC", "MISC")


def map_tag(tag: str) -> str:
    """``B-PERS`` → ``B-PER``, ``I-MIS`` → ``I-MISC``; unknown types and junk → ``O``."""
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O"
    t = TYPE_MAP.get(tag[2:])
    return f"{tag[0]}-{t}" if t else "O"


@dataclass
class Sentence:
    """One sentence of a CoNLL file: its tokens and gold tags."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def read_conll(path: str | Path, *, column: int = 1) -> list[Sentence]:
    """Read ``token TAG`` lines (blank line between sentences); tags mapped by :func:`map_tag`.

    Lines with a token only get ``O``. Malformed bytes are replaced, never fatal.
    """
    sents: list[Sentence] = []
    cur = Sentence()
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if cur.tokens:
                    sents.append(cur)
                    cur = Sentence()
                continue
            cur.tokens.append(parts[0])
            cur.tags.append(map_tag(parts[column]) if len(parts) > column else "O")
    if cur.tokens:
        sents.append(cur)
    return sents


def get_entities(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(type, start, end_inclusive)`` chunks, as seqeval's default ``get_entities``."""
    chunks: list[tuple[str, int, int]] = []
    prev_tag, prev_type, begin = "O", "", 0
    for i, chunk in enumerate(list(tags) + ["O"]):
        tag = chunk[0] if chunk else "O"
        typ = chunk[2:] if len(chunk) > 2 else ""
        if tag not in "BI":
            tag, typ = "O", ""
        # end of chunk: an open chunk is closed by O, B, or a change of type
        if prev_tag in "BI" and prev_tag != "O" and (tag in "OB" or typ != prev_type):
            chunks.append((prev_type, begin, i - 1))
        # start of chunk: B, or I after O / after another type
        if tag == "B" or (tag == "I" and (prev_tag == "O" or typ != prev_type)):
            begin = i
        prev_tag, prev_type = tag, typ
    return chunks


@dataclass
class Scores:
    """Micro and per-type precision/recall/F1 (fractions)."""

    precision: float
    recall: float
    f1: float
    per_type: dict[str, dict[str, float]]
    support: int

    def to_json(self) -> dict[str, object]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "per_type": self.per_type}


def _prf(tp: int, npred: int, ntrue: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ntrue if ntrue else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Scores:
    """Entity-level micro P/R/F1 of predicted tag sequences against gold ones."""
    tp: dict[str, int] = {}
    npred: dict[str, int] = {}
    ntrue: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        ge = set(get_entities(g))
        pe = set(get_entities(p))
        for t, _, _ in ge:
            ntrue[t] = ntrue.get(t, 0) + 1
        for t, _, _ in pe:
            npred[t] = npred.get(t, 0) + 1
        for t, _, _ in ge & pe:
            tp[t] = tp.get(t, 0) + 1
    per_type: dict[str, dict[str, float]] = {}
    for t in sorted(set(ntrue) | set(npred)):
        p, r, f = _prf(tp.get(t, 0), npred.get(t, 0), ntrue.get(t, 0))
        per_type[t] = {"precision": p, "recall": r, "f1": f, "support": ntrue.get(t, 0)}
    p, r, f = _prf(sum(tp.values()), sum(npred.values()), sum(ntrue.values()))
    return Scores(p, r, f, per_type, sum(ntrue.values()))


# sentences per pseudo-document: CoNLL files keep their sentences in document order but
# mark no document breaks, so the document-level step sees runs of this many sentences
DOC_SENTS = 25


def evaluate_file(path: str | Path, model_dir: str | None = None, doc_sents: int = DOC_SENTS) -> dict[str, object]:
    """Run the shipped NER model on a CoNLL file's own tokens and score it.

    Sentences are tagged in runs of ``doc_sents`` as one document each
    (:meth:`~marsad.stages.ner.NerModel.tag_doc`); ``doc_sents=0``: each sentence alone,
    without the document-level step.

    Returns ``{"precision", "recall", "f1", "per_type", "tokens_per_s", "sentences"}``
    (fractions). ``tokens_per_s`` is per core: tokens over the CPU time of this
    (single-threaded) process spent tagging (features + Viterbi), so a machine shared
    with other jobs does not understate it; ``tokens_per_s_wall`` is the wall-clock rate.
    """
    import time

    from ..stages.ner import MODEL_DIR, load_model

    sents = read_conll(path)
    model = load_model(model_dir or str(MODEL_DIR))
    t0, c0 = time.perf_counter(), time.process_time()
    if doc_sents > 0:
        pred = [t for i in range(0, len(sents), doc_sents)
                for t in model.tag_doc([s.tokens for s in sents[i:i + doc_sents]])]
    else:
        pred = [model.tag(s.tokens) for s in sents]
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    out = score([s.tags for s in sents], pred).to_json()
    ntok = sum(len(s.tokens) for s in sents)
    out["tokens_per_s"] = ntok / ct if ct > 0 else 0.0
    out["sentences"] = len(sents)
    out["tokens_per_s_wall"] = ntok / dt if dt > 0 else 0.0
    return out
