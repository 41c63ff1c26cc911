"""Ingest throughput on SaudiNewsNet: full pipeline into DuckDB vs a read-and-tokenise floor.

Prints, for the same documents in the same run: the floor (read through marsad's readers +
whitespace tokenisation, one process) and the full ingest (default pipeline, N worker processes,
batched DuckDB writes, near-duplicates, corpus resolution): documents/s, words/s, peak memory
(RSS summed over the ingest process and its workers, sampled; and PSS summed, which counts a
copy-on-write page shared by several processes once), database size, and the ratio.

Usage:
    .venv/bin/python bench/bench_ingest.py --limit 2000          # quick
    .venv/bin/python bench/bench_ingest.py                       # all 31,030 articles
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet"


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    out, stack, seen = [], [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for t in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (t / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        out.append(p)
    return out


def _rss(pid: int) -> int:
    """Resident memory (bytes) of one process (0 when it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size (bytes) of one process: a page shared by n processes counts 1/n."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class PeakRSS:
    """Samples the memory of this process tree every ``interval`` seconds in a thread.

    ``peak``: the largest sum of RSS over the tree (a copy-on-write page shared by several
    processes counts once per process); ``peak_pss``: the largest sum of PSS (each shared
    page counted once in all); ``at_peak``: the RSS of this process and of its descendants
    (MB) when ``peak`` was reached, and the seconds since the start.
    """

    def __init__(self, interval: float = 0.25, trace: Path | None = None) -> None:
        self.interval = interval
        self._trace = trace.open("w") if trace else None
        self.peak = 0
        self.peak_pss = 0
        self.at_peak: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self._t0 = time.perf_counter()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        pids = _tree(os.getpid())
        rss = [_rss(p) for p in pids]
        if sum(rss) > self.peak:
            self.peak = sum(rss)
            self.at_peak = (rss[0] / 2**20, sum(rss[1:]) / 2**20, time.perf_counter() - self._t0)
        pss = sum(_pss(p) for p in pids)
        self.peak_pss = max(self.peak_pss, pss)
        if self._trace:
            mb = [round(x / 2**20) for x in rss]
            self._trace.write(f"{time.perf_counter() - self._t0:.1f} rss {sum(mb)} pss {pss / 2**20:.0f} "
                              f"main {mb[0]} children {' '.join(map(str, mb[1:]))}\n")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        self._t0 = time.perf_counter()
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.sample()
        if self._trace:
            self._trace.close()


def inputs(corpus: Path) -> list[str]:
    files = sorted(str(p) for p in corpus.glob("*.zip"))
    if not files:
        sys.exit(f"no zip files in {corpus}")
    return files


def floor(files: list[str], limit: int | None) -> dict[str, float]:
    """Read the same documents with marsad's readers and split them on whitespace."""
    from marsad.corpus.ingest import read_inputs

    t0 = time.perf_counter()
    docs = words = 0
    with PeakRSS() as mem:
        for d in islice(read_inputs(files), limit):
            docs += 1
            words += len((d.raw_text or "").split())
    dt = time.perf_counter() - t0
    return {"docs": docs, "words": words, "seconds": dt, "peak_mb": mem.peak / 2**20,
            "peak_pss_mb": mem.peak_pss / 2**20}


def full(files: list[str], limit: int | None, workers: int, db: Path, batch_size: int,
         trace: Path | None = None) -> dict[str, float]:
    """The full ingest of the same documents into a fresh database."""
    from marsad.corpus.ingest import ingest_documents, read_inputs

    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            p.unlink()
    t0 = time.perf_counter()
    with PeakRSS(trace=trace) as mem:
        s = ingest_documents(islice(read_inputs(files), limit), db, workers=workers, batch_size=batch_size,
                             progress=sys.stderr.isatty(), total=limit, inputs=files)
    dt = time.perf_counter() - t0
    size = db.stat().st_size + (Path(str(db) + ".wal").stat().st_size if Path(str(db) + ".wal").exists() else 0)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    near_pairs = con.execute("SELECT count(*) FROM near_dup_pairs").fetchone()[0]  # type: ignore[index]
    clusters = con.execute("SELECT count(*) FROM (SELECT cluster_id FROM documents GROUP BY 1 "
                           "HAVING count(*) > 1)").fetchone()[0]  # type: ignore[index]
    events = con.execute("SELECT count(*), count(*) FILTER (WHERE n_sources > 1) FROM events").fetchone()
    ents = con.execute("SELECT count(*) FROM entities").fetchone()[0]  # type: ignore[index]
    con.close()
    return {"docs": s.read, "new": s.new, "rejected": s.rejected, "near_dups": s.near_duplicates,
            "near_pairs": near_pairs, "clusters": clusters, "events": events[0] if events else 0,
            "merged_events": events[1] if events else 0, "entities": ents, "words": s.words, "seconds": dt,
            "peak_mb": mem.peak / 2**20, "peak_pss_mb": mem.peak_pss / 2**20, "at_peak": mem.at_peak,
            "db_mb": size / 2**20, "summary": s.format()}


def dedup_only(files: list[str], limit: int | None, sample: int) -> None:
    """Near-duplicates of the raw texts (no pipeline): pairs, clusters, and sampled pairs to check by hand."""
    import random
    from collections import Counter

    from marsad.corpus.dedup import NearDupIndex, clusters, signature
    from marsad.corpus.ingest import read_inputs

    t0 = time.perf_counter()
    idx, pairs, heads, n = NearDupIndex(), [], {}, 0
    for d in islice(read_inputs(files), limit):
        n += 1
        sig = None if d.error else signature(d.raw_text)
        if sig is None:
            continue
        pairs += [(o, d.id, j) for o, j in idx.add(d.id, sig)]
        heads[d.id] = (d.source, " ".join(d.raw_text.split())[:160])
    members = clusters((a, b) for a, b, _ in pairs)
    sizes = Counter(Counter(members.values()).values())
    print(f"{n} documents, {len(pairs)} near-duplicate pairs, {len(set(members.values()))} clusters holding "
          f"{len(members)} documents (sizes {dict(sorted(sizes.items()))}), {time.perf_counter() - t0:.0f} s")
    for a, b, j in random.Random(1).sample(pairs, min(sample, len(pairs))):
        print(f"\n{j:.2f}  {heads[a][0]}\n      {heads[b][0]}\n  A: {heads[a][1]}\n  B: {heads[b][1]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--db", type=Path, default=None, help="database file (default: a temporary one)")
    ap.add_argument("--trace", type=Path, default=None,
                    help="write the memory samples of the full ingest here (seconds, MB per process)")
    ap.add_argument("--dedup-only", action="store_true",
                    help="only the near-duplicate pass over the raw texts, with sampled pairs to check by hand")
    ap.add_argument("--sample", type=int, default=20, help="pairs printed by --dedup-only")
    args = ap.parse_args()
    files = inputs(args.corpus)
    if args.dedup_only:
        dedup_only(files, args.limit, args.sample)
        return
    tmp = tempfile.TemporaryDirectory(prefix="bench-ingest-")
    db = args.db or Path(tmp.name) / "bench.duckdb"
    f = floor(files, args.limit)
    r = full(files, args.limit, args.workers, db, args.batch_size, args.trace)
    print(r["summary"])
    print(f"{'run':<28}{'docs':>8}{'seconds':>10}{'docs/s':>10}{'words/s':>12}{'peak MB':>10}{'PSS MB':>8}"
          f"{'DB MB':>8}")
    print(f"{'floor (read + split)':<28}{f['docs']:>8}{f['seconds']:>10.1f}{f['docs'] / f['seconds']:>10.1f}"
          f"{f['words'] / f['seconds']:>12.0f}{f['peak_mb']:>10.0f}{f['peak_pss_mb']:>8.0f}{'-':>8}")
    print(f"{f'ingest ({args.workers} workers)':<28}{r['docs']:>8}{r['seconds']:>10.1f}"
          f"{r['docs'] / r['seconds']:>10.1f}{f['words'] / r['seconds']:>12.0f}{r['peak_mb']:>10.0f}"
          f"{r['peak_pss_mb']:>8.0f}{r['db_mb']:>8.1f}")
    main_mb, children_mb, when = r["at_peak"]
    print(f"peak MB: summed RSS of the process tree (shared pages counted in each process), PSS: summed "
          f"proportional set size (each page once); at the RSS peak ({when:.0f} s in): this process "
          f"{main_mb:.0f} MB, its children {children_mb:.0f} MB")
    print(f"ratio ingest/floor throughput: {(r['docs'] / r['seconds']) / (f['docs'] / f['seconds']):.4f} "
          f"(floor is {r['seconds'] / f['seconds']:.0f}x faster)")
    print(f"near-duplicate pairs {r['near_pairs']}, clusters {r['clusters']}, documents in a cluster "
          f"(not first) {r['near_dups']}; events {r['events']} ({r['merged_events']} with several sources); "
          f"entities {r['entities']}; rejected {r['rejected']}")
    print(f"target: 31,030 docs in <= 600 s (>= 52 docs/s) under 4096 MB peak; "
          f"at this rate the whole corpus takes {31030 / (r['docs'] / r['seconds']):.0f} s")
    tmp.cleanup()


if __name__ == "__main__":
    main()
