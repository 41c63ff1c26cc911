#!/usr/bin/env python3
"""Print the linked mentions of N random political news articles (ANT corpus), one tab-separated line each:
article index, mention offset, mention text, KB id, entity name.

For checking a linking change on real news: dump with both trees (each on PYTHONPATH) and ``diff`` the two files.

    PYTHONPATH=<tree>/src .venv/bin/python bench/link_dump.py N OUT [SEED]

Needs ``../shared/data/corpora/ant_multisource`` (the articles ``bench/event_dump.py`` reads).
"""

from __future__ import annotations

import sys

from event_dump import sample_articles

from marsad.doc import Document
from marsad.pipeline import Pipeline

# the pipeline up to linking (no geocoding or events: they do not change the links)
STAGES = ["extract", "clean", "normalize", "segment", "language", "times", "quantities", "ner", "link"]


def main() -> None:
    n, out_path = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 77
    pipeline = Pipeline.from_names(STAGES)
    with open(out_path, "w", encoding="utf-8") as out:
        for k, r in enumerate(sample_articles(n, seed)):
            d = pipeline(Document.from_text(r["text"]))
            out.writelines(f"{k}\t{m.start}\t{d.text[m.start:m.end]}\t{e.kb_id}\t{e.name}\n"
                           for e in d.entities for m in e.mentions)


if __name__ == "__main__":
    main()
