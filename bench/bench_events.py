#!/usr/bin/env python3
"""Issue 6 benchmark: the event stage's speed on top of the earlier stages, in one run.

Loads N real news articles (SaudiNewsNet, ``../shared/data/corpora/saudinewsnet``; the
bundled sample article repeated when that folder is absent), runs every stage of the
default pipeline before ``events`` once over them (timing each), then times
``EventStage`` alone over the analysed documents (``--repeat`` passes, best pass kept).
Prints documents/s of the event stage per core (CPU time of this one process) next to
the documents/s of the earlier stages together, and the events found.

``--baseline SRC`` also times the event stage of another checkout's ``src`` folder (say
``git worktree add /tmp/base main``, then ``--baseline /tmp/base/src``) on the same
documents, its passes alternating with this tree's, so that the ratio of the two holds on a
busy machine. The baseline reads its own ``lexicon.tsv``; the other resources (agents,
PLOVER types) are this tree's.

    .venv/bin/python bench/bench_events.py [--docs 300] [--repeat 3] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet"
sys.path.insert(0, str(ROOT / "src"))

from marsad.doc import Document
from marsad.registry import DEFAULT_PIPELINE, build_stage


def load_texts(n: int) -> tuple[list[tuple[str, str | None]], str]:
    out: list[tuple[str, str | None]] = []
    if CORPUS.is_dir():
        for z in sorted(CORPUS.glob("*.zip")):
            with zipfile.ZipFile(z) as zf:
                for name in zf.namelist():
                    if not name.endswith(".json"):
                        continue
                    for art in json.loads(zf.read(name).decode("utf-8")):
                        text = art.get("content") or ""
                        if len(text) > 200:
                            out.append((text, (art.get("date_extracted") or "")[:10] or None))
                        if len(out) >= n:
                            return out, f"SaudiNewsNet ({CORPUS})"
        if out:
            return out, f"SaudiNewsNet ({CORPUS})"
    sample = (ROOT / "tests" / "data" / "libya-haftar-moscow.txt").read_text(encoding="utf-8")
    return [(sample, None)] * n, "the bundled sample article, repeated"


def baseline_stage(src: str) -> object:
    """The event stage of the ``marsad`` package in ``src``, imported as ``marsad_baseline``."""
    pkg = Path(src) / "marsad"
    spec = importlib.util.spec_from_file_location("marsad_baseline", pkg / "__init__.py",
                                                  submodule_search_locations=[str(pkg)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"no marsad package in {src}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["marsad_baseline"] = module
    spec.loader.exec_module(module)
    events = importlib.import_module("marsad_baseline.stages.events")
    return events.EventStage(lexicon=str(pkg / "resources" / "events" / "lexicon.tsv"))


def baseline_docs(docs: list[Document]) -> list[Document]:
    """``docs`` for the baseline stage: shallow copies whose normalised view is an instance of the
    baseline's own ``Normalized`` class (a stage rebuilds a view of a class it does not know,
    which would time the normalisation as well)."""
    norm_cls = importlib.import_module("marsad_baseline.arabic.normalize").Normalized
    out = []
    for d in docs:
        c = copy.copy(d)
        c.meta = dict(d.meta)
        nv = d.meta.get("norm")
        if nv is not None:
            c.meta["norm"] = norm_cls(nv.text, nv.to_orig)
        out.append(c)
    return out


def time_pass(stage, docs: list[Document]) -> tuple[float, int]:
    """CPU seconds of one pass of ``stage`` over ``docs``, and the events it found."""
    t0 = time.process_time()
    n_events = sum(len(stage(d).events) for d in docs)
    return time.process_time() - t0, n_events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", metavar="SRC", help="another checkout's src folder, timed in the same run")
    args = ap.parse_args()
    texts, origin = load_texts(args.docs)
    names = [n for n in DEFAULT_PIPELINE if n != "events"]
    stages = [build_stage(n) for n in names]
    events = build_stage("events")
    docs = [Document.from_text(t, published=p, source=f"bench:{i}") for i, (t, p) in enumerate(texts)]
    per_stage: dict[str, float] = {}
    failed = 0
    for st in stages:
        t0 = time.process_time()
        for k, d in enumerate(docs):
            if d.error is None:
                try:
                    docs[k] = st(d)
                except Exception:  # noqa: BLE001 - the benchmark measures speed; a failing doc is counted
                    failed += 1
        per_stage[st.name] = time.process_time() - t0
    docs = [d for d in docs if d.error is None and d.layer("sents")]
    base = baseline_stage(args.baseline) if args.baseline else None
    base_in = baseline_docs(docs) if base is not None else []
    best = base_best = float("inf")
    n_events = base_events = 0
    for _ in range(args.repeat):  # passes alternate, so that both see the same machine load
        sec, n_events = time_pass(events, docs)
        best = min(best, sec)
        if base is not None:
            sec, base_events = time_pass(base, base_in)
            base_best = min(base_best, sec)
    earlier = sum(per_stage.values())
    chars = sum(len(d.text) for d in docs)
    if failed:
        print(f"({failed} stage failures skipped)")
    print(f"corpus: {origin}; {len(docs)} documents, {chars / max(1, len(docs)):,.0f} characters each on average")
    for name, sec in per_stage.items():
        print(f"  {name:<16} {len(docs) / sec if sec else float('inf'):>10,.0f} docs/s")
    print(f"earlier stages together: {len(docs) / earlier:,.1f} docs/s per core ({earlier:.2f} s CPU)")
    print(f"event stage alone:       {len(docs) / best:,.1f} docs/s per core ({best:.3f} s CPU, best of {args.repeat}); "
          f"target >= 1,000 docs/s")
    if base is not None:
        print(f"baseline event stage:    {len(docs) / base_best:,.1f} docs/s per core ({base_best:.3f} s CPU, "
              f"best of {args.repeat}; {base_events} events) from {args.baseline}: this tree x{base_best / best:.2f}")
    print(f"event stage share of the pipeline time: {100 * best / (best + earlier):.1f}%; "
          f"{n_events} events ({n_events / max(1, len(docs)):.2f} per document)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
