"""The ``ner`` stage: PER / ORG / LOC / MISC mentions from a shipped CRF model.

The model (``marsad/models/ner/model.crfsuite``, trained by ``scripts/train_ner.py``)
tags each sentence's tokens in BIO; chunks become ``Span(start, end, TYPE,
source="ner.crf")`` in ``doc.layers["ents"]``. A mention leaves out the proclitics
attached to its first word (``وموسكو`` → ``موسكو``), using the token's ``attrs["base"]``
from the segment stage. TIME and QUANTITY come from rule stages: an entity overlapping a
``times`` span is dropped (the time wins), so the two never claim the same words.

A second, document-level step (:func:`propagate`) makes the tags of a document agree
with themselves: a name the CRF tagged once is tagged wherever it recurs untagged in the
same document (``بان كي مون`` … ``بان كي مون``), and the surname of a tagged multi-word
person name is a person when it recurs alone (``أرسين فينغر`` … ``فينغر``).

Only ``python-crfsuite`` and the package's own tables are needed at run time; the model
is loaded once per process and shared by every :class:`NerStage`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..arabic.normalize import normalize
from ..doc import Document, Span
from ..errors import Messages, ResourceError
from ..eval.ner import get_entities
from .ner_features import Featurizer, Resources

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
SOURCE = "ner.crf"
# longer sentences are tagged in windows: CRF cost is linear, but one run-on "sentence"
# of thousands of tokens (a table, a list) gains nothing from one long Viterbi pass
MAX_SENT = 300
# document-level propagation (tuned on the dev splits): names of fewer letters than this,
# and one-word names more frequent in news than this, are not propagated
PROPAGATE_MIN_CHARS = 3
PROPAGATE_MAX_COUNT = 20_000


class NerModel:
    """A CRF tagger over token strings (thread-safe: one CRFsuite tagger per thread)."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        model = folder / "model.crfsuite"
        if not model.is_file():
            raise ResourceError(Messages.E020.format(path=model, hint="python scripts/train_ner.py"))
        try:
            import pycrfsuite
        except ImportError as exc:  # a declared dependency; say so plainly if missing
            raise ResourceError(f"python-crfsuite is required for NER: {exc}") from exc
        self._pycrfsuite = pycrfsuite
        self.path = model
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        self._local = threading.local()
        # only the attributes the model has weights for are passed to CRFsuite (same output, faster)
        known = frozenset(a for a, _ in self._tagger().info().state_features)
        # meta["features"]: the feature version the model was trained with
        self.featurizer = Featurizer(Resources.load(folder), version=int(meta.get("features", 1)), known=known)
        normalize("ا")  # builds the normaliser's tables now, not inside the first document

    def _tagger(self):  # type: ignore[no-untyped-def]
        t = getattr(self._local, "tagger", None)
        if t is None:
            t = self._pycrfsuite.Tagger()
            t.open(str(self.path))
            self._local.tagger = t
        return t

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``B-PER`` ...) of one sentence's token strings."""
        out: list[str] = []
        tagger = self._tagger()
        toks = list(tokens)
        for i in range(0, len(toks), MAX_SENT):
            part = toks[i:i + MAX_SENT]
            if part:
                out.extend(tagger.tag(self.featurizer.sentence(part, encoded=True)))
        return out

    def tag_doc(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of a document's sentences: :meth:`tag` each, then :func:`propagate`."""
        return propagate(self.featurizer, sents, [self.tag(s) for s in sents])


def _key(feat: Featurizer, toks: Sequence[str]) -> tuple[str, ...]:
    """Matching key of a token run: normalised forms, the first without its proclitics."""
    out = [feat.norm(t) for t in toks]
    if out:
        pre, base = feat.split(out[0])
        out[0] = "ال" + base if pre.endswith("لل") else base
    return tuple(out)


def propagate(feat: Featurizer, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tags of one document made consistent: recurring names get one type, untagged ones too.

    Every tagged chunk votes for its type under its key (:func:`_key`); the last word of a
    multi-word person chunk votes "surname". A chunk of a minority type takes its key's
    majority type; then each untagged run of tokens with a key gets the key's type (longest
    first), a surname only when no chunk gave the word another type. Short keys and frequent
    single words (``PROPAGATE_*``) are not propagated.
    """
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for toks, tg in zip(sents, tags):
        for typ, a, b in get_entities(tg):
            v = votes.setdefault(_key(feat, toks[a:b + 1]), {})
            v[typ] = v.get(typ, 0) + 1
            if typ == "PER" and b > a:
                v = votes.setdefault(_key(feat, toks[b:b + 1]), {})
                v["surname"] = v.get("surname", 0) + 1
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    counts = feat.res.counts
    for k, v in votes.items():
        typ = max(v, key=lambda t: (v[t], t))
        if typ == "surname":
            if len(v) > 1 and any(t != "PER" for t in v if t != "surname"):
                continue
            typ = "PER"
        if sum(map(len, k)) < PROPAGATE_MIN_CHARS or (len(k) == 1 and counts.get(k[0], 0) > PROPAGATE_MAX_COUNT):
            continue
        by_first.setdefault(k[0], []).append((k, typ))
    out = [list(tg) for tg in tags]
    for toks, tg in zip(sents, out):
        for typ, a, b in get_entities(tg):
            v = votes[_key(feat, toks[a:b + 1])]
            best = max((t for t in v if t != "surname"), key=lambda t: (v[t], t))
            if v[best] > v[typ]:
                tg[a:b + 1] = ["B-" + best] + ["I-" + best] * (b - a)
    if not by_first:
        return out
    for cands in by_first.values():
        cands.sort(key=lambda c: -len(c[0]))
    for toks, tg in zip(sents, out):
        i, n = 0, len(toks)
        while i < n:
            cands = by_first.get(_key(feat, toks[i:i + 1])[0]) if tg[i] == "O" else None
            step = 1
            for k, typ in cands or ():
                m = len(k)
                if i + m <= n and all(t == "O" for t in tg[i:i + m]) and _key(feat, toks[i:i + m]) == k:
                    tg[i:i + m] = ["B-" + typ] + ["I-" + typ] * (m - 1)
                    step = m
                    break
            i += step
    return out


@lru_cache(maxsize=4)
def load_model(folder: str = str(MODEL_DIR)) -> NerModel:
    """The shared model of ``folder`` (loaded once per process)."""
    return NerModel(Path(folder))


class NerStage:
    """Tags ``tokens`` per sentence and writes ``ents``."""

    name = "ner.v1"
    requires = frozenset({"tokens"})
    provides = frozenset({"ents"})

    def __init__(self, model_dir: str | None = None) -> None:
        self.model = load_model(model_dir or str(MODEL_DIR))

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        tokens = doc.layer("tokens")
        sents = doc.layer("sents") or ([Span(0, len(text), "SENT")] if tokens else [])
        times = doc.layer("times")
        ents: list[Span] = []
        ti = 0
        runs: list[Sequence[Span]] = []
        words: list[list[str]] = []
        tagged: list[list[str]] = []
        for se in sents:
            # tokens are in text order: take this sentence's run of them
            while ti < len(tokens) and tokens[ti].end <= se.start:
                ti += 1
            tj = ti
            while tj < len(tokens) and tokens[tj].start < se.end:
                tj += 1
            toks = tokens[ti:tj]
            ti = tj
            if not toks:
                continue
            ws = [text[t.start:t.end] for t in toks]
            try:
                tags = self.model.tag(ws)
            except Exception as exc:  # noqa: BLE001 - one bad sentence is recorded; the others are tagged
                doc.fail(self.name, "E301", f"sentence {se.start}-{se.end}: {type(exc).__name__}: {exc}")
                continue
            runs.append(toks)
            words.append(ws)
            tagged.append(tags)
        for toks, tags in zip(runs, propagate(self.model.featurizer, words, tagged)):
            for typ, a, b in get_entities(tags):
                span = _mention(toks[a:b + 1], typ)
                if span is not None and not any(span.overlaps(t) for t in times):
                    ents.append(span)
        doc.layers["ents"] = ents
        return doc


def _mention(toks: Sequence[Span], typ: str) -> Span | None:
    """The mention of a chunk of tokens, without the first token's proclitics."""
    first = toks[0]
    base = first.attrs.get("base", first.start)
    start = base if isinstance(base, int) and first.start <= base < first.end else first.start
    end = toks[-1].end
    if start >= end:
        return None
    return Span(start, end, typ, source=SOURCE)
