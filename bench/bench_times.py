#!/usr/bin/env python3
"""Issue 5 benchmark: marsad's time tagger vs dateparser on the same test set, in one run.

Runs every sentence of ``tests/data/times_cases.jsonl`` through
``marsad.stages.times.tag_times`` (with the case's reference date) and through
``dateparser.search.search_dates(sentence, languages=['ar'], settings={'RELATIVE_BASE': ref})``,
and prints, for each: detection P/R/F1, value accuracy and expressions per second
(CPU time of this one process: per core, however loaded the machine is).

dateparser returns one datetime per expression, so its value is judged at the precision of
the expected value (a year is right when the year is, a range when both ends are found).

    .venv/bin/python bench/bench_times.py [--repeat 5] [--no-dateparser]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "times_cases.jsonl"

sys.path.insert(0, str(ROOT / "src"))
from marsad.arabic.normalize import normalize
from marsad.stages.times import tag_times

Found = list[tuple[int, int, Any]]


def load() -> list[dict[str, Any]]:
    return [json.loads(x) for x in CASES.read_text(encoding="utf-8").splitlines() if x.strip()]


def ours(sentence: str, ref: date | None) -> Found:
    return [(s, e, a) for s, e, a in tag_times(sentence, ref)]


def theirs(sentence: str, ref: date | None) -> Found:
    from dateparser.search import search_dates
    settings: dict[str, Any] = {}
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
    try:
        res = search_dates(sentence, languages=["ar"], settings=settings) or []
    except Exception:  # noqa: BLE001 - a crash of the baseline on one sentence counts as nothing found
        return []
    out: Found = []
    pos = 0
    for sub, dt in res:
        i = sentence.find(sub, pos)
        if i < 0:
            i = sentence.find(sub)
        if i < 0:
            continue
        out.append((i, i + len(sub), dt))
        pos = i + len(sub)
    return out


def _dt_matches(dt: datetime, value: str) -> bool:
    """Whether one datetime agrees with an ISO value at that value's precision."""
    if value.startswith("T"):
        return dt.strftime("T%H:%M") == value[:6]
    if "T" in value:
        d, t = value.split("T", 1)
        return dt.date().isoformat() == d and dt.strftime("%H:%M") == t[:5]
    if "-W" in value:
        y, w = value.split("-W")
        return dt.isocalendar()[:2] == (int(y), int(w[:2]))
    if len(value) == 4 and value.isdigit():
        return dt.year == int(value)
    if len(value) == 7 and value[4] == "-":
        return dt.strftime("%Y-%m") == value
    if len(value) == 10:
        return dt.date().isoformat() == value
    return False  # seasons, quarters: not representable by one datetime


def value_ok(got: list[Any], exp: dict[str, Any], system: str) -> bool:
    expected = exp["value"]
    if system == "ours":  # attrs of marsad's span: the value and, where the case gives one, the modifier
        return any(g["value"] == expected and ("mod" not in exp or g["mod"] == exp["mod"]) for g in got)
    if "/" in expected:
        a, b = expected.split("/", 1)
        return any(_dt_matches(g, a) for g in got) and any(_dt_matches(g, b) for g in got)
    return any(_dt_matches(g, expected) for g in got)


def score(cases: list[dict[str, Any]], run: Callable[[str, date | None], Found], system: str,
          repeat: int = 1) -> dict[str, float]:
    results = []
    refs = [date.fromisoformat(c["reference"]) if c["reference"] else None for c in cases]
    # CPU time of this process: the figure per core, whatever else the machine is running
    t0, w0 = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        results = [run(c["sentence"], ref) for c, ref in zip(cases, refs)]
    elapsed = (time.process_time() - t0) / repeat
    wall = (time.perf_counter() - w0) / repeat
    tp = fp = fn = ok = n = 0
    for c, got in zip(cases, results):
        s = c["sentence"]
        used: set[int] = set()
        pos = 0
        for e in c["expected"]:
            n += 1
            at = s.find(e["text"], pos)
            pos = at + len(e["text"])
            en = normalize(e["text"])
            hits = [j for j, (a, b, _) in enumerate(got) if j not in used and a < at + len(e["text"]) and at < b
                    and (en in normalize(s[a:b]) or normalize(s[a:b]) in en)]
            if not hits:
                fn += 1
                continue
            tp += 1
            used.update(hits if system != "ours" else hits[:1])
            vals = [got[j][2] for j in (hits if system != "ours" else hits[:1])]
            ok += value_ok(vals, e, system)
        fp += len(got) - len(used)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"expressions": n, "sentences": len(cases), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "value_accuracy": round(ok / n, 3) if n else 0.0,
            "cpu_seconds": round(elapsed, 3), "wall_seconds": round(wall, 3),
            "expressions_per_s": round(n / elapsed) if elapsed else 0,
            "sentences_per_s": round(len(cases) / elapsed) if elapsed else 0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="passes of marsad over the set, for a stable timing")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the baseline")
    args = ap.parse_args(argv)
    cases = load()
    ours(cases[0]["sentence"], None)  # load the lexicons before timing
    rows = {"marsad times.v1": score(cases, ours, "ours", args.repeat)}
    if not args.no_dateparser:
        try:
            import dateparser
        except ImportError:
            print("dateparser is not installed: .venv/bin/pip install dateparser", file=sys.stderr)
        else:
            warnings.simplefilter("ignore")
            theirs(cases[0]["sentence"], None)
            rows[f"dateparser {dateparser.__version__} search_dates(ar)"] = score(cases, theirs, "dateparser")
    keys = ["expressions", "precision", "recall", "f1", "value_accuracy", "expressions_per_s", "sentences_per_s"]
    width = max(len(k) for k in rows) + 2
    print("system".ljust(width) + "".join(k.rjust(18) for k in keys))
    for name, row in rows.items():
        print(name.ljust(width) + "".join(str(row[k]).rjust(18) for k in keys))
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
