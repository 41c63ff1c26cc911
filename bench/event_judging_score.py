#!/usr/bin/env python3
"""Figures of each system in a judged blind set (``bench/event_judging_prep.py``): the share of events
of the right type, another type or no event, and how many filled actor / recipient lists were right.

    .venv/bin/python bench/event_judging_score.py bench/results/event_judging
"""

from __future__ import annotations

import collections
import json
import sys


def load(path: str) -> dict[int, dict]:  # type: ignore[type-arg]
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f)}


def main() -> None:
    folder = sys.argv[1]
    judged, key = load(f"{folder}/judgments.jsonl"), load(f"{folder}/key.jsonl")
    for system in ("base", "new"):
        c: collections.Counter[str] = collections.Counter()
        for i, k in key.items():
            if k[system] and i in judged:
                j, m = judged[i], k[system]
                c["events"] += m
                c["event " + j["event"]] += m
                for field in ("actor", "recipient", "modality"):
                    c[f"{field} {j[field]}"] += m
        print(f"{system}: {figures(c)}")


def figures(c: collections.Counter[str]) -> str:
    n = max(1, c["events"])

    def right(field: str) -> str:
        ok, wrong = c[f"{field} ok"], c[f"{field} wrong"]
        return f"{ok / max(1, ok + wrong):.3f} ({ok} right, {wrong} wrong, {c[f'{field} none']} empty)"

    return (f"{c['events']} events; right type {c['event yes'] / n:.3f}, other type {c['event wrongtype'] / n:.3f}, "
            f"no event {c['event no'] / n:.3f}; actors {right('actor')}; recipients {right('recipient')}; "
            f"modality right {c['modality ok'] / n:.3f}")

if __name__ == "__main__":
    main()
