"""Measure HTML extraction: character-level F1 of the body against a gold text.

Usage:
    .venv/bin/python bench/bench_extract.py [HTML GOLD_TXT]

Defaults to ``../shared/data/html/newspaper_cnn_arabic/`` (CNN Arabic, from the
newspaper library's tests) and also reports whether the listing page of
``../shared/data/html/sudanile_homepage_2018/`` is rejected as "no article".

Character F1: both texts with whitespace removed are aligned with difflib's
SequenceMatcher (no junk heuristic); matched characters / extracted length is the
precision, matched / gold length the recall. Order matters, unlike a bag of characters.
"""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

from marsad.doc import Document
from marsad.io.readers import read_path
from marsad.stages.extract import extract

ROOT = Path(__file__).resolve().parents[1]
HTML_DIR = ROOT.parent / "shared" / "data" / "html"


def char_f1(extracted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of characters, whitespace ignored, in order."""
    a = "".join(extracted.split())
    b = "".join(gold.split())
    if not a or not b:
        return 0.0, 0.0, 0.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in sm.get_matching_blocks())
    p, r = matched / len(a), matched / len(b)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_extract(path: Path) -> tuple[Document, float]:
    doc = next(iter(read_path(path)))
    t = time.perf_counter()
    out = extract(doc)
    return out, time.perf_counter() - t


def main(argv: list[str]) -> int:
    html = Path(argv[0]) if argv else HTML_DIR / "newspaper_cnn_arabic" / "arabic_article.html"
    gold = Path(argv[1]) if len(argv) > 1 else HTML_DIR / "newspaper_cnn_arabic" / "arabic_expected_text.txt"
    if not html.is_file() or not gold.is_file():
        print(f"missing input: {html} / {gold}", file=sys.stderr)
        return 2
    doc, secs = run_extract(html)
    if doc.error:
        print(f"{html.name}: rejected: {doc.error}")
        return 1
    p, r, f = char_f1(doc.raw_text, gold.read_text(encoding="utf-8"))
    print(f"{html.name}: char P={p:.4f} R={r:.4f} F1={f:.4f} (floor 0.95) title={doc.title!r} "
          f"published={doc.published} date_guess={doc.meta.get('date_guess')} extract_ms={secs * 1000:.1f}")
    listing = HTML_DIR / "sudanile_homepage_2018" / "sudanile.com.html"
    if not argv and listing.is_file():
        ldoc, _ = run_extract(listing)
        print(f"{listing.name}: {'rejected: ' + ldoc.error if ldoc.error else 'NOT rejected (wrong)'}")
    return 0 if f >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
