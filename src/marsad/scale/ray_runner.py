"""``marsad ingest --engine ray``: the same pipeline as Ray Data ``map_batches``.

The driver reads the inputs (skipping documents already in the database), ships
them in chunks to a Ray dataset, and a pool of :class:`PipelineActor` actors
(each builds the pipeline, hence loads its models, once) turns every batch into
:class:`~marsad.store.db.DocRecord` rows written as Parquet partitions, one
folder per chunk with a completion marker so an interrupted run resumes after
the last complete chunk. The partitions are then merged into the database
(as ``marsad load`` does), or queried directly with DuckDB.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..store.db import DEFAULT_DB

CHUNK_DOCS = 2000     # documents per Ray dataset (bounds driver memory)
BATCH_SIZE = 32       # documents per map_batches call


def _require_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigError("--engine ray needs Ray Data: pip install 'ray[data]'") from exc
    return ray


class PipelineActor:
    """A Ray Data callable class: the pipeline is built once per actor, then runs on batches."""

    def __init__(self, pipeline_factory: Any = None) -> None:
        from ..corpus.ingest import default_pipeline

        self.pipe = (pipeline_factory or default_pipeline)()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from ..corpus.ingest import process

        out: dict[str, list[Any]] = {k: [] for k in ("id", "source", "doc_json", "sig", "words", "error")}
        for blob in batch["doc"]:
            row = process(self.pipe, pickle.loads(blob)).to_row()
            for k, col in out.items():
                col.append(row[k])
        return out


def _chunks(docs: Iterator[Any], n: int) -> Iterator[list[Any]]:
    while True:
        chunk = list(islice(docs, n))
        if not chunk:
            return
        yield chunk


def run_to_parquet(paths: Sequence[str], out_dir: str | Path, *, glob: str | None = None, workers: int = 2,
                   skip_ids: set[str] | frozenset[str] = frozenset(), pipeline_factory: Any = None,
                   chunk_docs: int = CHUNK_DOCS, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Analyse the inputs on Ray and write Parquet partitions under ``out_dir``.

    Returns counts: ``read``, ``skipped`` (already stored), ``chunks`` written,
    ``resumed`` (chunks already complete from an earlier run).
    """
    ray = _require_ray()
    from ..corpus.ingest import read_inputs

    if not ray.is_initialized():
        ray.init(num_cpus=max(workers, 1), include_dashboard=False, log_to_driver=False)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {"read": 0, "skipped": 0, "chunks": 0, "resumed": 0}

    def fresh() -> Iterator[Any]:
        for d in read_inputs(paths, glob):
            counts["read"] += 1
            if d.id in skip_ids:
                counts["skipped"] += 1
                continue
            yield d

    for i, chunk in enumerate(_chunks(fresh(), chunk_docs)):
        part = out / f"chunk-{i:06d}"
        if (part / "_SUCCESS").exists():
            counts["resumed"] += 1  # an earlier run finished this chunk (same inputs, same order)
            continue
        ds = ray.data.from_items([{"doc": pickle.dumps(d)} for d in chunk],
                                 override_num_blocks=max(1, min(len(chunk) // batch_size, 4 * workers)))
        ds = ds.map_batches(PipelineActor, fn_constructor_args=(pipeline_factory,), batch_size=batch_size,
                            batch_format="numpy", concurrency=max(workers, 1), num_cpus=1)
        ds.write_parquet(str(part), mode="overwrite")
        (part / "_SUCCESS").write_text("ok\n")
        counts["chunks"] += 1
    return counts


def run_ray(paths: Sequence[str], db: str | Path = DEFAULT_DB, *, glob: str | None = None, workers: int = 2,
            out_dir: str | Path | None = None, progress: bool = False, pipeline_factory: Any = None) -> Any:
    """Ingest with Ray: analyse to Parquet, then merge the partitions into ``db``.

    Returns:
        The :class:`~marsad.corpus.ingest.IngestSummary` of the merge, with ``read`` and
        ``exact_duplicates`` counting the documents skipped before analysis too.
    """
    from ..scale.parquet import load_parquet
    from ..store.db import connect

    known: set[str] = set()
    if Path(db).exists():
        con = connect(db)
        try:
            known = {r[0] for r in con.execute("SELECT id FROM documents UNION SELECT doc_id FROM rejects").fetchall()}
        finally:
            con.close()
    tmp = None
    if out_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="marsad-ray-", dir=str(Path(db).resolve().parent))
        out_dir = tmp.name
    try:
        counts = run_to_parquet(paths, out_dir, glob=glob, workers=workers, skip_ids=known,
                                pipeline_factory=pipeline_factory)
        if counts["chunks"] + counts["resumed"] == 0:
            from ..corpus.ingest import load_records

            summary = load_records([], db, inputs=list(paths), engine="ray")
        else:
            summary = load_parquet(out_dir, db)
        summary.read += counts["skipped"]
        summary.exact_duplicates += counts["skipped"]
        return summary
    finally:
        if tmp is not None:
            tmp.cleanup()
