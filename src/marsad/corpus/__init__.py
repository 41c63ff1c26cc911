"""The corpus: ingest into the store, near-duplicates, cross-article resolution, analysis."""

from __future__ import annotations

from typing import Any

__all__ = ["IngestSummary", "demo_summary", "ingest", "ingest_documents", "load_records"]


def __getattr__(name: str) -> Any:
    # lazy: importing marsad.corpus must not load DuckDB or datasketch until they are used
    if name in ("ingest", "ingest_documents", "load_records", "IngestSummary"):
        from . import ingest as _ingest

        return getattr(_ingest, name)
    if name == "ingest_paths":  # ingest(paths, db, ...): the name the demo command uses
        from .ingest import ingest as _ingest_fn

        return _ingest_fn
    if name == "demo_summary":
        from .report import demo_summary

        return demo_summary
    raise AttributeError(name)
