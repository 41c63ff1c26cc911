#!/usr/bin/env python3
"""Print the events of N random political news articles (ANT corpus), one tab-separated line each:
article index, type, trigger, modality, A=[actor texts], R=[recipient texts], |context.

For precision checks on real news, which the gold sets (ASSAULT/PROTEST recall) do not give: compare
two trees' dumps with ``diff``, or mix them into a blind judging set with ``bench/event_judging_prep.py``.

    PYTHONPATH=<tree>/src .venv/bin/python bench/event_dump.py N OUT [SEED]

Needs ``../shared/data/corpora/ant_multisource`` (categories middleEast and internationalNews).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.doc import Document
from marsad.pipeline import Pipeline

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "ant_multisource" / \
    "ant_v2.1_multisource.jsonl.gz"


@lru_cache(maxsize=1)
def _political_rows() -> list[dict[str, Any]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        return [r for r in map(json.loads, f) if r.get("cat") in ("middleEast", "internationalNews")]


def sample_articles(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` political news articles (categories middleEast and internationalNews) drawn with ``seed``: the
    same articles for every script and tree given the same seed (the judged sets are named by it)."""
    random.seed(seed)
    return random.sample(_political_rows(), n)


def main() -> None:
    n, out_path = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 99
    pipeline = Pipeline.default()
    with open(out_path, "w", encoding="utf-8") as out:
        for k, r in enumerate(sample_articles(n, seed)):
            d = pipeline(Document.from_text(r["text"], published=(r.get("time") or "")[:10] or None))
            for e in d.events:
                args = e.extra.get("arguments", [])
                actors = [a["text"] for a in args if a["role"] == "actor"]
                recips = [a["text"] for a in args if a["role"] == "recipient"]
                ctx = d.text[max(0, e.trigger.start - 60):e.trigger.end + 60].replace("\n", " ")
                trig = d.text[e.trigger.start:e.trigger.end]
                out.write(f"{k}\t{e.type}\t{trig}\t{e.modality}\tA={actors}\tR={recips}\t|{ctx}\n")


if __name__ == "__main__":
    main()
