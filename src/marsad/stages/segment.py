"""The ``segment`` stage: sentences and tokens (with proclitics) as stand-off spans.

Sentences end at ``. ! ? ؟ …`` followed by space, and at paragraph breaks; a full
stop inside a number (``31.43``), an initial (``أ.ف.ب``, ``د.``) or an
abbreviation does not end a sentence. Tokens are words, numbers and single
punctuation marks; each word carries ``attrs["pre"]`` (its proclitics, maybe "")
and ``attrs["base"]`` (the offset where the word proper starts).
"""

from __future__ import annotations

import re

from ..arabic.clitics import split_proclitics
from ..arabic.tokens import WORD_RE
from ..doc import Document, Span
from ..registry import stage

# end of sentence: terminal punctuation (possibly repeated or with closing quotes/brackets)
_SENT_END = re.compile(r"[.!?؟…]+[\"'”»)\]]*(?=\s|$)|\n\s*\n|\n(?=\s*[-–•*])")
# a short token before a full stop that is not a sentence end: single letters (initials,
# أ. ف. ب), common Arabic/Latin abbreviations
_ABBREV = re.compile(r"(?:^|\s)(?:\w|د|م|ص|ج|ق|ه|هـ|Dr|Mr|Mrs|St|No|etc|vs|e\.g|i\.e)\.$")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets within ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        e = m.end()
        if m.group(0).startswith(".") and _ABBREV.search(text, max(s, m.start() - 6), m.start() + 1):
            continue
        if m.group(0)[0] in ".!?؟…" and _inside_parenthesis(text, s, m.start(), end):
            continue
        _push(text, s, e, out)
        s = e
    _push(text, s, end, out)
    return out


def _inside_parenthesis(text: str, s: int, i: int, end: int) -> bool:
    """True when the stop at ``i`` sits inside a parenthesis: one opened in this sentence
    (and not closed before ``i``), or a stray ``)`` soon after it with no ``(`` before it
    (scraped text like ``X (سابقًا). -تويتر)`` where the pair was garbled)."""
    window_end = min(end, i + 80)
    close = text.find(")", i, window_end)
    if close < 0 or "\n" in text[i:close] or text.find("(", i, close) >= 0:
        return False
    return text.rfind("(", s, i) >= 0


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        if out and not any(c.isalnum() for c in text[s:e]):
            # a run of punctuation (؟ ؟) belongs to the sentence before it
            ps, _ = out[-1]
            out[-1] = (ps, e)
        else:
            out.append((s, e))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Token spans of ``text[start:end]`` with proclitic attrs."""
    end = len(text) if end is None else end
    toks: list[Span] = []
    append = toks.append
    for m in WORD_RE.finditer(text, start, end):
        s, e = m.span()
        word = m.group(0)
        pre = split_proclitics(word)[0] if e - s > 2 and word[0] in _PROCLITIC_START else ""
        append(Span(s, e, "TOK", None, "segment.v1", {"pre": pre, "base": s + len(pre)}))
    return toks


_PROCLITIC_START = frozenset("وفبلك")


@stage("segment.v1", requires={"text"}, provides={"sents", "tokens"})
def segment(doc: Document) -> Document:
    """Fill ``sents`` and ``tokens`` (per paragraph, so no sentence crosses a paragraph)."""
    text = doc.text
    paras = doc.layer("paragraphs") or [Span(0, len(text), "PARA")]
    sents: list[Span] = []
    for p in paras:
        for s, e in split_sentences(text, p.start, p.end):
            sents.append(Span(s, e, "SENT", source="segment.v1"))
    doc.layers["sents"] = sents
    doc.layers["tokens"] = [t for se in sents for t in tokenize(text, se.start, se.end)]
    return doc
