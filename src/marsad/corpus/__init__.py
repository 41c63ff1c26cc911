"""The corpus: ingest into the store, near-duplicates, cross-article resolution, analysis."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["IngestSummary", "demo_summary", "ingest", "ingest_documents", "load_records"]


def __getattr__(name: str) -> Any:
    # lazy: importing marsad.corpus must not load DuckDB or datasketch until they are used
    if name in ("ingest", "ingest_documents", "load_records", "IngestSummary"):
        # import_module, not ``from . import ingest``: that asks this package for the attribute
        # ``ingest`` first, which lands here again
        return getattr(importlib.import_module(".ingest", __name__), name)
    if name == "ingest_paths":  # ingest(paths, db, ...): the name the demo command uses
        from .ingest import ingest as _ingest_fn

        return _ingest_fn
    if name == "demo_summary":
        from .report import demo_summary

        return demo_summary
    raise AttributeError(name)
