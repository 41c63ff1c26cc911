#!/usr/bin/env python3
"""Mix two ``bench/event_dump.py`` dumps (same N and seed, two trees) into a blind judging set.

Writes OUTDIR/items.jsonl (each distinct event line once, shuffled, without its system) and
OUTDIR/key.jsonl (how many times each system produced it). A judge fills OUTDIR/judgments.jsonl
({"id", "event": yes|wrongtype|no|unclear, "actor"/"recipient": ok|wrong|none, "modality": ok|wrong});
``bench/event_judging_score.py OUTDIR`` prints the figures of each system.

    .venv/bin/python bench/event_judging_prep.py BASE.tsv NEW.tsv OUTDIR [--changed]

``--changed`` keeps only the event lines that differ between the two dumps (sets 8-12 judged those).
"""

from __future__ import annotations

import collections
import json
import random
import sys


def read(path: str) -> collections.Counter[tuple[str, ...]]:
    with open(path, encoding="utf-8") as f:
        return collections.Counter(tuple(line.rstrip("\n").split("\t", 6)) for line in f)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--changed"]
    base, new, outdir = read(args[0]), read(args[1]), args[2]
    if "--changed" in sys.argv[1:]:  # only the lines the change touches (each dump minus the other, as multisets)
        base, new = base - new, new - base
    items = sorted(set(base) | set(new))
    random.seed(5)
    random.shuffle(items)
    with open(f"{outdir}/items.jsonl", "w", encoding="utf-8") as out, \
            open(f"{outdir}/key.jsonl", "w", encoding="utf-8") as key:
        for n, (_k, typ, trig, mod, a, r, ctx) in enumerate(items):
            out.write(json.dumps({"id": n, "type": typ, "trigger": trig, "modality": mod, "actors": a[2:],
                                  "recipients": r[2:], "context": ctx[1:]}, ensure_ascii=False) + "\n")
            key.write(json.dumps({"id": n, "base": base[items[n]], "new": new[items[n]]}) + "\n")
    print(len(items), "items;", sum(base.values()), "base events,", sum(new.values()), "new events")


if __name__ == "__main__":
    main()
