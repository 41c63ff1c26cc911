"""Parquet partitions of analysed documents (:class:`~marsad.store.db.DocRecord` rows), and loading them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa

from ..store.db import DEFAULT_DB, DocRecord

SCHEMA = pa.schema([("id", pa.string()), ("source", pa.string()), ("doc_json", pa.string()),
                    ("sig", pa.binary()), ("words", pa.int64()), ("error", pa.string())])


def records_table(records: Iterable[DocRecord]) -> pa.Table:
    """An Arrow table of records in the partition schema."""
    rows = [r.to_row() for r in records]
    return pa.table({f.name: pa.array([row[f.name] for row in rows], f.type) for f in SCHEMA}, schema=SCHEMA)


def parquet_files(path: str | Path) -> list[Path]:
    """The Parquet files of a directory (recursive, sorted) or the one file given."""
    p = Path(path)
    if p.is_file():
        return [p]
    return sorted(x for x in p.rglob("*.parquet") if x.is_file())


def iter_records(path: str | Path, batch_rows: int = 1024) -> Iterator[DocRecord]:
    """Every record of the Parquet files under ``path``, streamed batch by batch."""
    import pyarrow.parquet as pq

    for f in parquet_files(path):
        pf = pq.ParquetFile(f)
        for batch in pf.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield DocRecord.from_row(row)


def load_parquet(path: str | Path, db: str | Path = DEFAULT_DB):  # type: ignore[no-untyped-def]
    """Merge the records of the Parquet files under ``path`` into the database (idempotent).

    Returns:
        The :class:`~marsad.corpus.ingest.IngestSummary` of the load.
    """
    from ..corpus.ingest import load_records

    files = parquet_files(path)
    if not files:
        from ..errors import InputError

        raise InputError("E012", f"no Parquet files under {path}")
    return load_records(iter_records(path), db, inputs=[str(f) for f in files], engine="load")
