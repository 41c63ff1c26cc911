"""Ingest: read -> pipeline -> store, in batches, resumable, optionally on several processes.

The main process reads the inputs, skips documents whose content hash is
already stored (exact duplicates), hands the rest to the pipeline (in-process
for one worker, or a pool of spawned worker processes that each build the
pipeline once, from a picklable factory, and send back a compact
:class:`~marsad.store.db.DocRecord`; a script starting several workers needs
the ``if __name__ == "__main__":`` guard, as for any spawned process), links near-duplicates with the LSH index
and writes each batch in one transaction.
When all batches are stored, the corpus-wide tables (entities, aliases, merged
events, clusters) are recomputed. A process killed at any moment loses at most
the batch in flight; running the same ingest again finishes the job.
"""

from __future__ import annotations

import functools
import multiprocessing as mp
import os
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from ..doc import Document
from ..pipeline import Pipeline
from ..store.db import DEFAULT_DB, DocRecord, connect, write_batch
from .dedup import NearDupIndex, signature
from .resolve import resolve_corpus

PipelineFactory = Callable[[], Pipeline]

# errors of malformed records at write time (a bug upstream, counted as a reject, not a crash)
STORE_DATA_ERRORS = (pa.ArrowException, duckdb.Error, KeyError, TypeError, ValueError, IndexError)

BATCH_SIZE = 256      # documents per transaction
CHUNK = 16            # documents per task sent to a worker
RECYCLE = 4000        # documents a worker process analyses before it is replaced (None: never)


def default_pipeline() -> Pipeline:
    """The default pipeline (built once per process)."""
    import marsad

    return marsad.load_pipeline()


def named_pipeline(names: Sequence[str]) -> Pipeline:
    """A pipeline of the named stages (``extract,clean,...``), validated."""
    return Pipeline.from_names(list(names))


def _factory_names(factory: PipelineFactory) -> list[str]:
    """The stage names a factory builds, without building it (recorded in ``ingest_runs``)."""
    if isinstance(factory, functools.partial) and factory.func is named_pipeline:
        return list(factory.args[0])
    from ..registry import DEFAULT_PIPELINE

    return list(DEFAULT_PIPELINE) if factory is default_pipeline else []


def pipeline_factory_for(stages: Sequence[str] | None) -> PipelineFactory:
    """The factory of the default pipeline, or of the named stages (picklable for workers)."""
    return functools.partial(named_pipeline, tuple(stages)) if stages else default_pipeline


@dataclass
class IngestSummary:
    """What an ingest did, printed at its end."""

    read: int = 0
    new: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    words: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0    # near-duplicate linking and batch writes, in this process
    resolve_seconds: float = 0.0  # corpus-wide clusters, entities, merged events
    run_id: int = 0

    def format(self) -> str:
        """A human-readable summary (several lines)."""
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        lines = [
            (f"read {self.read}, new {self.new}, exact duplicates {self.exact_duplicates}, "
            f"near-duplicates {self.near_duplicates}, rejected {self.rejected}"),
            (f"{self.seconds:.1f} s, {rate:.1f} documents/s, {self.words / max(self.seconds, 1e-9):.0f} words/s "
            f"(store {self.store_seconds:.1f} s, resolve {self.resolve_seconds:.1f} s)"),
        ]
        if self.reasons:
            lines.append("rejected: " + ", ".join(f"{k} {v}" for k, v in self.reasons.most_common()))
        if self.failures:
            lines.append("stage failures: " + ", ".join(f"{k} {v}" for k, v in self.failures.most_common(10)))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"read": self.read, "new": self.new, "exact_duplicates": self.exact_duplicates,
                "near_duplicates": self.near_duplicates, "rejected": self.rejected, "reasons": dict(self.reasons),
                "words": self.words, "seconds": round(self.seconds, 3), "store_seconds": round(self.store_seconds, 3),
                "resolve_seconds": round(self.resolve_seconds, 3), "run_id": self.run_id}


# -- the work done where the pipeline runs (this process, a worker, a Ray actor) -----------------

def to_record(doc: Document) -> DocRecord:
    """The store record of an analysed document (a reject when it carries an error or no text)."""
    if doc.error is not None:
        return DocRecord(doc.id, doc.source, {"id": doc.id, "source": doc.source, "error": doc.error},
                         error=doc.error)
    text = doc.text or doc.raw_text  # before a clean stage exists the raw text stands for the text
    if not text.strip():
        err = "E_EMPTY: no text"
        return DocRecord(doc.id, doc.source, {"id": doc.id, "source": doc.source, "error": err}, error=err)
    return DocRecord(doc.id, doc.source, doc.to_json(), sig=signature(text), words=len(text.split()))


def process(pipe: Pipeline, doc: Document) -> DocRecord:
    """Run the pipeline over one document and make its record; never raises for a bad document."""
    try:
        return to_record(pipe(doc))
    except Exception as exc:  # noqa: BLE001 - the pipeline records stage bugs; this catches serialisation bugs
        err = f"E901: {type(exc).__name__}: {exc}"
        return DocRecord(doc.id, doc.source, {"id": doc.id, "source": doc.source, "error": err}, error=err)


_WORKER_PIPE: Pipeline | None = None


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (a ``kill -9`` of the ingest leaves no orphans)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        pass


def _worker_init(factory: PipelineFactory, parent: int) -> None:
    global _WORKER_PIPE
    _die_with_parent(parent)
    _WORKER_PIPE = factory()  # models load once per worker process


def _worker_run(docs: list[Document]) -> list[DocRecord]:
    assert _WORKER_PIPE is not None  # set by the initializer
    return [process(_WORKER_PIPE, d) for d in docs]


# -- orchestration ---------------------------------------------------------------------------

def read_inputs(paths: Sequence[str | Path], glob: str | None = None) -> Iterator[Document]:
    """Documents of every input, through :func:`marsad.io.readers.read_path`."""
    from ..io.readers import read_path

    for p in paths:
        yield from read_path(str(p), glob=glob or "**/*")


def _start_run(con: duckdb.DuckDBPyConnection, engine: str, inputs: Sequence[str], pipeline: Sequence[str]) -> int:
    run_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM ingest_runs").fetchone()[0])  # type: ignore[index]
    con.execute("INSERT INTO ingest_runs (id, started_at, engine, inputs, pipeline, status) "
                "VALUES (?, now(), ?, ?, ?, 'running')",
                [run_id, engine, orjson.dumps(list(inputs)).decode(), orjson.dumps(list(pipeline)).decode()])
    return run_id


def _finish_run(con: duckdb.DuckDBPyConnection, s: IngestSummary, status: str = "done") -> None:
    con.execute("UPDATE ingest_runs SET finished_at = now(), status = ?, n_read = ?, n_new = ?, n_exact_dup = ?, "
                "n_near_dup = ?, n_rejected = ? WHERE id = ?",
                [status, s.read, s.new, s.exact_duplicates, s.near_duplicates, s.rejected, s.run_id])


class Writer:
    """Buffers records and stores them in batches, linking near-duplicates as they come."""

    def __init__(self, con: duckdb.DuckDBPyConnection, summary: IngestSummary, *, batch_size: int = BATCH_SIZE,
                 index: NearDupIndex | None = None) -> None:
        self.con = con
        self.summary = summary
        self.batch_size = batch_size
        self.buf: list[DocRecord] = []
        self.index = index if index is not None else load_index(con)

    def add(self, rec: DocRecord) -> None:
        self.buf.append(rec)
        if len(self.buf) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Store the buffered records (one transaction); a record the store cannot take becomes a reject."""
        if not self.buf:
            return
        t0 = time.perf_counter()
        batch, self.buf = self.buf, []
        try:
            self._write(batch)
        except STORE_DATA_ERRORS as exc:
            # one malformed record must not lose the batch: store them one by one
            for r in batch:
                try:
                    self._write([r])
                except STORE_DATA_ERRORS as exc1:
                    err = f"E902: cannot store: {type(exc1).__name__}: {exc1}"[:500]
                    self._write([DocRecord(r.id, r.source, {"id": r.id, "source": r.source, "error": err},
                                           error=err)])
            del exc
        self.summary.store_seconds += time.perf_counter() - t0

    def _write(self, batch: list[DocRecord]) -> None:
        pairs: list[tuple[str, str, float]] = []
        added: list[str] = []
        near: set[str] = set()
        for r in batch:
            if r.error is None and r.sig is not None and r.id not in self.index:
                for other, j in self.index.add(r.id, r.sig):
                    pairs.append((min(r.id, other), max(r.id, other), j))
                    near.add(r.id)
                added.append(r.id)
        try:
            new = set(write_batch(self.con, batch, run_id=self.summary.run_id, near_pairs=pairs))
        except BaseException:
            for i in added:  # the batch is not stored: its signatures must not link later documents
                self.index.remove(i)
            raise
        s = self.summary
        for r in batch:
            if r.error is not None:
                s.rejected += 1
                s.reasons[r.error.split(":", 1)[0]] += 1
            elif r.id in new:
                s.new += 1
                s.words += r.words
                s.near_duplicates += r.id in near
                for f in (r.doc.get("meta") or {}).get("failures", []):
                    s.failures[f"{f.get('stage')}.{f.get('code')}"] += 1
            else:
                s.exact_duplicates += 1


def _resolve_and_finish(con: duckdb.DuckDBPyConnection, summary: IngestSummary, t0: float) -> None:
    """Rebuild the corpus-wide tables, close the ingest run and checkpoint the database."""
    t1 = time.perf_counter()
    resolve_corpus(con)
    summary.resolve_seconds = time.perf_counter() - t1
    summary.seconds = time.perf_counter() - t0
    _finish_run(con, summary)
    con.execute("CHECKPOINT")


def load_index(con: duckdb.DuckDBPyConnection) -> NearDupIndex:
    """The near-duplicate index of every stored signature."""
    idx = NearDupIndex()
    idx.load(con.execute("SELECT doc_id, sig FROM doc_minhash").fetchall())
    return idx


def ingest_documents(docs: Iterable[Document], db: str | Path | duckdb.DuckDBPyConnection = DEFAULT_DB, *,
                     workers: int = 1, pipeline_factory: PipelineFactory = default_pipeline,
                     batch_size: int = BATCH_SIZE, progress: bool = False, total: int | None = None,
                     inputs: Sequence[str] = (), engine: str = "local",
                     recycle: int | None = RECYCLE) -> IngestSummary:
    """Analyse and store documents; returns the summary. See the module docstring."""
    t0 = time.perf_counter()
    pool = None
    pipe: Pipeline | None = None
    if workers > 1:
        # a worker is replaced after ``recycle`` documents: memory a stage keeps growing is given back.
        # Workers are spawned, not forked: a child forked from this process would start with all
        # of its memory (the near-duplicate index, DuckDB's buffers, what reading left behind),
        # shared until written but resident in both, and a replacement forked late in a long
        # ingest would inherit the most. A spawned worker holds only the pipeline.
        # (concurrent.futures rather than multiprocessing.Pool: the Pool's shutdown can wait forever
        # on its task queue's lock once workers have been replaced)
        per_child = max(1, recycle // CHUNK) if recycle else None
        pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_worker_init,
                                   initargs=(pipeline_factory, os.getpid()), max_tasks_per_child=per_child)
    else:
        pipe = pipeline_factory()
    con = db if isinstance(db, duckdb.DuckDBPyConnection) else connect(db)
    summary = IngestSummary()
    bar = None
    try:
        summary.run_id = _start_run(con, engine, inputs, pipe.names if pipe else _factory_names(pipeline_factory))
        known = {r[0] for r in con.execute("SELECT id FROM documents UNION SELECT doc_id FROM rejects").fetchall()}
        writer = Writer(con, summary, batch_size=batch_size)
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

        def done(n: int = 1) -> None:
            # the bar counts documents finished (analysed, or skipped as already stored), not read:
            # reading runs ahead of the workers, and the ETA must follow the analysis
            if bar is not None:
                bar.update(n)

        def emit(rec: DocRecord) -> None:
            writer.add(rec)
            done()

        def fresh() -> Iterator[Document]:
            for d in docs:
                summary.read += 1
                if d.id in known:
                    summary.exact_duplicates += 1
                    done()
                    continue
                known.add(d.id)
                yield d

        if pool is None:
            assert pipe is not None
            for d in fresh():
                emit(process(pipe, d))
        else:
            pending: deque[Any] = deque()
            chunk: list[Document] = []
            for d in fresh():
                chunk.append(d)
                if len(chunk) >= CHUNK:
                    pending.append(pool.submit(_worker_run, chunk))
                    chunk = []
                # bounded: reading never runs far ahead of the workers
                while len(pending) > 4 * workers:
                    for rec in pending.popleft().result():
                        emit(rec)
            if chunk:
                pending.append(pool.submit(_worker_run, chunk))
            while pending:
                for rec in pending.popleft().result():
                    emit(rec)
            # every document is analysed: the workers and their models go before the corpus-wide
            # pass, which needs memory of its own
            pool.shutdown(wait=True)
            pool = None
        writer.flush()
        if bar is not None:
            bar.close()
            bar = None
        _resolve_and_finish(con, summary, t0)
    finally:
        if bar is not None:
            bar.close()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if not isinstance(db, duckdb.DuckDBPyConnection):
            con.close()
    return summary


def count_inputs(paths: Sequence[str | Path], glob: str | None = None) -> int:
    """How many documents the inputs hold (a first reading pass, for the progress bar's ETA)."""
    return sum(1 for _ in read_inputs(paths, glob))


def ingest(paths: Sequence[str | Path], db: str | Path = DEFAULT_DB, *, workers: int = 1, glob: str | None = None,
           engine: str = "local", progress: bool = False, count: bool = True,
           pipeline_factory: PipelineFactory = default_pipeline, batch_size: int = BATCH_SIZE,
           parquet_dir: str | Path | None = None, recycle: int | None = RECYCLE) -> IngestSummary:
    """Ingest every document of ``paths`` into the database ``db``.

    Args:
        paths: files, directories, archives or ``-`` (anything the readers accept).
        db: DuckDB file (created and migrated when new).
        workers: processes running the pipeline (local engine) or Ray actors (ray engine).
        glob: pattern of files taken from directories.
        engine: ``local`` (multiprocessing) or ``ray`` (Ray Data, Parquet, then loaded).
        progress: show a progress bar on stderr.
        count: count the inputs first so the progress bar has an ETA.
        pipeline_factory: builds the pipeline (once per process).
        batch_size: documents per write transaction.
        parquet_dir: where the ray engine writes its Parquet partitions.
        recycle: documents a worker process analyses before it is replaced (bounds memory that
            stages accumulate); None never replaces workers.

    Returns:
        The :class:`IngestSummary`.
    """
    names = [str(p) for p in paths]
    if engine == "ray":
        from ..scale.ray_runner import run_ray

        return run_ray(names, db, glob=glob, workers=workers, out_dir=parquet_dir, progress=progress,
                       pipeline_factory=pipeline_factory)
    if engine != "local":
        from ..errors import ConfigError

        raise ConfigError(f"unknown engine '{engine}' (local or ray)")
    total = count_inputs(paths, glob) if progress and count and "-" not in names else None
    return ingest_documents(read_inputs(paths, glob), db, workers=workers, pipeline_factory=pipeline_factory,
                            batch_size=batch_size, progress=progress, total=total, inputs=names,
                            recycle=recycle)


def load_records(records: Iterable[DocRecord], db: str | Path | duckdb.DuckDBPyConnection = DEFAULT_DB, *,
                 batch_size: int = BATCH_SIZE, inputs: Sequence[str] = (), engine: str = "load") -> IngestSummary:
    """Store already analysed records (Parquet from the Ray engine) like an ingest does."""
    t0 = time.perf_counter()
    con = db if isinstance(db, duckdb.DuckDBPyConnection) else connect(db)
    summary = IngestSummary()
    try:
        summary.run_id = _start_run(con, engine, inputs, [])
        known = {r[0] for r in con.execute("SELECT id FROM documents UNION SELECT doc_id FROM rejects").fetchall()}
        writer = Writer(con, summary, batch_size=batch_size)
        for rec in records:
            summary.read += 1
            if rec.id in known:
                summary.exact_duplicates += 1
                continue
            known.add(rec.id)
            writer.add(rec)
        writer.flush()
        _resolve_and_finish(con, summary, t0)
    finally:
        if not isinstance(db, duckdb.DuckDBPyConnection):
            con.close()
    return summary
