#!/usr/bin/env python3
"""How the event lines of one or more dumps were judged in a blind set: counts by judgment.

Each DUMP is a ``bench/event_dump.py`` file of the set's articles (same N and seed as the set, any tree). A
line of a dump that is an item of the set (same type, trigger, modality, arguments and context) counts under
its judgment (yes, wrongtype, no, unclear); one that is not, under "not in set". For a set of changed lines
(``event_judging_prep.py --changed``) the lines not in it are those both judged trees printed alike, so
dumps of the judged trees and of a later tree can be compared line for line.

    .venv/bin/python bench/event_judging_lines.py bench/results/event_judging_16 BASE.tsv NEW.tsv LATER.tsv
"""

from __future__ import annotations

import collections
import json
import sys


def main() -> None:
    folder, dumps = sys.argv[1], sys.argv[2:]
    with open(f"{folder}/items.jsonl", encoding="utf-8") as f:
        items = {(r["type"], r["trigger"], r["modality"], r["actors"], r["recipients"], r["context"]): r["id"]
                 for r in map(json.loads, f)}
    with open(f"{folder}/judgments.jsonl", encoding="utf-8") as f:
        judged = {j["id"]: j["event"] for j in map(json.loads, f)}
    for path in dumps:
        c: collections.Counter[str] = collections.Counter()
        with open(path, encoding="utf-8") as f:
            for line in f:
                _k, typ, trig, mod, a, r, ctx = line.rstrip("\n").split("\t", 6)
                i = items.get((typ, trig, mod, a[2:], r[2:], ctx[1:]))
                c[judged.get(i, "unjudged") if i is not None else "not in set"] += 1
        print(f"{path}: " + ", ".join(f"{k} {c[k]}" for k in ("yes", "wrongtype", "no", "unclear", "unjudged",
                                                              "not in set") if c[k]))


if __name__ == "__main__":
    main()
