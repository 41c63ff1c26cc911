"""Scoring the event stage on sentences with gold events.

Input: JSON Lines, one sentence per line, in the format of
``arabic_gold_sentences.*.jsonl``: ``{"text", "date"?, "events": [{"plover",
"source_text", "target_text", "modality"?}]}``. A line with ``"events": []`` is a
negative (no event). Each sentence goes through the full default pipeline.

Measures (fractions):
- ``event_recall``: sentences with a gold event where the system codes any event;
- ``type_accuracy``: gold events whose type is among the system's types for the sentence
  (the system chooses among all 16 PLOVER types);
- ``source_match`` / ``target_match``: gold events with a source (target) text whose
  aligned system event (the one of the gold type that fits both sides best; the first event
  when no type matches) has an actor (recipient) sharing a word with it;
- per type: precision and recall of types per sentence, source and target match;
- ``modality_accuracy``: type-matched gold events that give a modality and get it;
- ``false_positive_rate``: negatives where the system codes an event.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..arabic.normalize import normalize
from ..doc import Document, Event

_CLITICS = ("وبال", "وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
_STOP = frozenset(normalize(w) for w in ("من", "في", "على", "الى", "إلى", "عن", "مع", "و", "ال"))


def words_of(text: str) -> set[str]:
    """Normalised content words of a phrase, without proclitics or the article."""
    out: set[str] = set()
    for w in normalize(text or "").split():
        w = w.strip(".,:;،؛\"'«»()[]-–")
        forms = [w]
        for p in _CLITICS:
            if w.startswith(p) and len(w) - len(p) >= 3:
                # a word that starts with و is as often the word itself (وزارة) as و + a word: keep both,
                # so that وزارة and الوزارة (-> وزارة) still share a form
                forms = [w[len(p):], w] if p == "و" else [w[len(p):]]
                break
        out.update(f for f in forms if len(f) >= 2 and f not in _STOP)
    return out


def arg_texts(doc: Document, ev: Event, role: str) -> list[str]:
    """Texts of an event's actors (or recipients): written arguments, then entity mentions in the sentence."""
    out = [a["text"] for a in ev.extra.get("arguments", []) if a.get("role") == role]
    ids = ev.actor if role == "actor" else ev.recipient
    for eid in ids:
        ent = doc.entity(eid)
        if ent is None:
            continue
        for m in ent.mentions:
            if ev.sentence.start <= m.start < ev.sentence.end:
                out.append(doc.text[m.start:m.end])
        out.append(ent.name)
    return out


def _overlap(gold: str, texts: Iterable[str]) -> bool:
    g = words_of(gold)
    if not g:
        return False
    return any(g & words_of(t) for t in texts)


def _published(raw: Any) -> str | None:
    s = str(raw or "")
    if len(s) == 8 and s.isdigit():
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return s[:10] or None


def evaluate_rows(rows: list[dict[str, Any]], pipeline: Any = None) -> dict[str, Any]:
    """Score the pipeline on gold rows; returns the metrics described in the module docstring."""
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline.default()
    n_pos = found = 0
    n_gold = type_ok = 0
    src_n = src_ok = tgt_n = tgt_ok = 0
    mod_n = mod_ok = 0
    neg_n = neg_fp = 0
    per: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for row in rows:
        doc = Document.from_text(row["text"], source=str(row.get("id", "")), published=_published(row.get("date")))
        doc = pipeline(doc)
        sys_events = doc.events
        gold = row.get("events") or []
        sys_types = Counter(e.type for e in sys_events)
        gold_types = Counter(g["plover"] for g in gold)
        for t in set(sys_types) | set(gold_types):
            per[t]["system"] += sys_types[t]
            per[t]["gold"] += gold_types[t]
            per[t]["tp"] += min(sys_types[t], gold_types[t])
        if not gold:
            neg_n += 1
            if sys_events:
                neg_fp += 1
                errors.append({"id": row.get("id"), "kind": "false_positive", "system": sorted(sys_types)})
            continue
        n_pos += 1
        if sys_events:
            found += 1
        for g in gold:
            n_gold += 1
            typ = g["plover"]
            match = [e for e in sys_events if e.type == typ]
            if match:
                type_ok += 1
            else:
                errors.append({"id": row.get("id"), "kind": "type", "gold": typ, "system": sorted(sys_types)})
            # align the gold event with the system event of its type that fits it best (one event
            # scores both sides, so a source from one event and a target from another never count)
            best = (False, False)
            for ev in match or sys_events[:1]:
                s_ok = bool(g.get("source_text")) and _overlap(g["source_text"], arg_texts(doc, ev, "actor"))
                t_ok = bool(g.get("target_text")) and _overlap(g["target_text"], arg_texts(doc, ev, "recipient"))
                if s_ok + t_ok > sum(best):
                    best = (s_ok, t_ok)
            if g.get("source_text"):
                src_n += 1
                per[typ]["source_n"] += 1
                src_ok += best[0]
                per[typ]["source_ok"] += best[0]
            if g.get("target_text"):
                tgt_n += 1
                per[typ]["target_n"] += 1
                tgt_ok += best[1]
                per[typ]["target_ok"] += best[1]
            if g.get("modality") and match:
                mod_n += 1
                if any(e.modality == g["modality"] for e in match):
                    mod_ok += 1
                else:
                    errors.append({"id": row.get("id"), "kind": "modality", "gold": g["modality"],
                                   "system": [e.modality for e in match]})
    elapsed = time.perf_counter() - t0

    def frac(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    per_type: dict[str, dict[str, Any]] = {}
    for t in sorted(per):
        c = per[t]
        per_type[t] = {"gold": c["gold"], "system": c["system"], "tp": c["tp"],
                       "precision": frac(c["tp"], c["system"]), "recall": frac(c["tp"], c["gold"]),
                       "source_match": frac(c["source_ok"], c["source_n"]),
                       "target_match": frac(c["target_ok"], c["target_n"])}
    return {
        "event_recall": frac(found, n_pos), "type_accuracy": frac(type_ok, n_gold),
        "source_match": frac(src_ok, src_n), "target_match": frac(tgt_ok, tgt_n),
        "sentences": len(rows), "modality_accuracy": frac(mod_ok, mod_n),
        "false_positive_rate": frac(neg_fp, neg_n), "negatives": neg_n,
        "per_type": per_type, "seconds": round(elapsed, 2), "errors": errors,
    }


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSON Lines gold file (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_file(path: str | Path, pipeline: Any = None) -> dict[str, Any]:
    """:func:`evaluate_rows` over a JSON Lines file."""
    return evaluate_rows(read_rows(path), pipeline)


def format_report(res: dict[str, Any]) -> str:
    """A human-readable table of :func:`evaluate_rows` results."""
    def f(x: float | None) -> str:
        return "   -  " if x is None else f"{x:6.3f}"

    lines = [f"{'type':<10} {'gold':>5} {'sys':>5} {'P':>6} {'R':>6} {'src':>6} {'tgt':>6}"]
    for t, x in res["per_type"].items():
        lines.append(f"{t:<10} {x['gold']:5d} {x['system']:5d} {f(x['precision'])} {f(x['recall'])} "
                     f"{f(x['source_match'])} {f(x['target_match'])}")
    lines.append(f"event recall {f(res['event_recall'])}  type accuracy {f(res['type_accuracy'])}  "
                 f"source {f(res['source_match'])}  target {f(res['target_match'])}  "
                 f"modality {f(res['modality_accuracy'])}  false positives {f(res['false_positive_rate'])}  "
                 f"({res['sentences']} sentences, {res['seconds']}s)")
    return "\n".join(lines)
