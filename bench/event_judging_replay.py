#!/usr/bin/env python3
"""Which judged argument lists a change touches: replay judged sets against two trees' dumps.

For each judged set DIR (``bench/event_judging_prep.py``), dump its articles with the tree before and the
tree after a change (``bench/event_dump.py 60 OUT SEED``, the set's seed, each tree on PYTHONPATH), then
pass ``DIR:BEFORE:AFTER``. For every event line whose actor or recipient list differs, prints the blind
judgment of the list before (ok, wrong, none, noevent, or unjudged when that line was not in the set) and
the list after, and counts them. Lists judged wrong that change are candidate fixes; lists judged ok that
change are what to read first.

    .venv/bin/python bench/event_judging_replay.py bench/results/event_judging_5:/tmp/before5.tsv:/tmp/after5.tsv
"""

from __future__ import annotations

import collections
import json
import sys


def _rows(path: str) -> dict[tuple[str, str, str, str], list[tuple[str, str]]]:
    """(article, type, trigger, context) -> [(actors, recipients)] of a dump."""
    out: dict[tuple[str, str, str, str], list[tuple[str, str]]] = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            k, typ, trig, _mod, a, r, ctx = line.rstrip("\n").split("\t", 6)
            out[(k, typ, trig, ctx[1:])].append((a[2:], r[2:]))
    return out


def _judged(folder: str) -> dict[tuple[str, str, str, str, str], str]:
    """(type, trigger, context, role, list) -> the judgment of that list."""
    with open(f"{folder}/judgments.jsonl", encoding="utf-8") as f:
        judgments = {d["id"]: d for d in map(json.loads, f)}
    out = {}
    with open(f"{folder}/items.jsonl", encoding="utf-8") as f:
        for it in map(json.loads, f):
            j = judgments.get(it["id"])
            if j is None:
                continue
            for role, field, lst in (("A", "actor", it["actors"]), ("R", "recipient", it["recipients"])):
                out[(it["type"], it["trigger"], it["context"], role, lst)] = j[field] if j["event"] == "yes" else "noevent"
    return out


def main() -> None:
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    lines: list[str] = []
    for spec in sys.argv[1:]:
        folder, before_path, after_path = spec.split(":")
        judged = _judged(folder)
        before, after = _rows(before_path), _rows(after_path)
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key, []), after.get(key, [])
            if old == new:
                continue
            _, typ, trig, ctx = key
            for (oa, orc), (na, nr) in zip(old, new):
                for role, was, now in (("A", oa, na), ("R", orc, nr)):
                    if was != now:
                        j = judged.get((typ, trig, ctx, role, was), "unjudged")
                        counts[(role, j)] += 1
                        lines.append(f"{role} {j}: {was} -> {now} | {typ} [{trig}] {ctx[:120]}")
            if len(old) != len(new):
                lines.append(f"events {len(old)} -> {len(new)} | {typ} [{trig}] {ctx[:120]}")
    for (role, j), n in sorted(counts.items()):
        print(f"{role} list judged {j}, changed: {n}")
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
