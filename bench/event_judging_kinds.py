#!/usr/bin/env python3
"""Which kinds of event arguments the blind judges found right, by type group and role.

Re-runs the articles of judged sets (``bench/event_judging_prep.py``) through this tree, matches each
event line to a judged item (same type, trigger, modality, argument texts, context), and counts the
judgments of its actor and recipient lists by the kinds of phrase in them: E (an entity) + the phrase
type (PER, ORG, LOC, MISC, AGENT: a nominal actor, NOUN: a bare common word). Only lines this tree
still prints the same way are counted.

    .venv/bin/python bench/event_judging_kinds.py bench/results/event_judging:2026 bench/results/event_judging_2:4242
"""

from __future__ import annotations

import collections
import json
import sys

from event_dump import sample_articles

from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.stages.events import EventStage

_event = EventStage._event


def _typed_event(self, doc, sent, toks, i, used, entry, typ, mode, actors, recips, *rest):  # type: ignore[no-untyped-def]
    """:meth:`EventStage._event`, with the phrase type of each argument kept on it."""
    ev = _event(self, doc, sent, toks, i, used, entry, typ, mode, actors, recips, *rest)
    for arg, x in zip(ev.extra["arguments"], actors + recips):
        arg["etype"] = x.etype
    return ev


def main() -> None:
    EventStage._event = _typed_event  # type: ignore[method-assign]
    pipeline = Pipeline.default()
    stats: dict[tuple[str, str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    unmatched = 0
    for spec in sys.argv[1:]:
        folder, seed = spec.rsplit(":", 1)
        with open(f"{folder}/items.jsonl", encoding="utf-8") as f:
            items = {(r["type"], r["trigger"], r["modality"], r["actors"], r["recipients"], r["context"]): r["id"]
                     for r in map(json.loads, f)}
        with open(f"{folder}/judgments.jsonl", encoding="utf-8") as f:
            judged = {j["id"]: j for j in map(json.loads, f)}
        for r in sample_articles(60, int(seed)):
            d = pipeline(Document.from_text(r["text"], published=(r.get("time") or "")[:10] or None))
            for e in d.events:
                args = e.extra.get("arguments", [])
                texts = {role: [a["text"] for a in args if a["role"] == role] for role in ("actor", "recipient")}
                ctx = d.text[max(0, e.trigger.start - 60):e.trigger.end + 60].replace("\n", " ")
                key = (e.type, d.text[e.trigger.start:e.trigger.end], e.modality, str(texts["actor"]),
                       str(texts["recipient"]), ctx)
                if key not in items:
                    unmatched += 1
                    continue
                j = judged[items[key]]
                group = "attack/arrest/protest" if e.type in ("ASSAULT", "COERCE", "PROTEST") else "other types"
                for role in ("actor", "recipient"):
                    lst = [a for a in args if a["role"] == role]
                    if lst:
                        kind = "+".join(sorted({("E" if a["entity"] else "") + a["etype"] for a in lst}))
                        stats[(group, role, kind)][j[role]] += 1
    for (group, role, kind), c in sorted(stats.items()):
        print(f"{group:22} {role:9} {kind:24} right {c['ok']:4}  wrong {c['wrong']:4}")
    print(f"({unmatched} events of this tree are printed differently from the judged lines and not counted)")


if __name__ == "__main__":
    main()
