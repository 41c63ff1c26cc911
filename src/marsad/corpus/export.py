"""Exports of the stored corpus: PLOVER JSON Lines, CSV, Parquet, GeoJSON.

Every row carries stable ids (the merged event id, the document's content hash,
the corpus entity ids) and its provenance (source URL or path, trigger and
evidence-sentence offsets into the stored text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import duckdb
import orjson
import pyarrow as pa

from ..errors import ConfigError
from ..store.db import read_document

FORMATS = ("plover", "csv", "parquet", "geojson")

# one row per (merged event, source article)
_ROWS_SQL = """
    SELECT e.id AS event_id, e.type, e.mode, e.quad, e.score, e.date, e.modality, e.confidence, e.n_sources,
           (SELECT string_agg(p.entity_id, '|' ORDER BY p.entity_id) FROM event_participants p
             WHERE p.event_id = e.id AND p.role = 'actor') AS actor_ids,
           (SELECT string_agg(n.name, '|' ORDER BY p.entity_id) FROM event_participants p
             JOIN entities n ON n.id = p.entity_id WHERE p.event_id = e.id AND p.role = 'actor') AS actor_names,
           (SELECT string_agg(p.entity_id, '|' ORDER BY p.entity_id) FROM event_participants p
             WHERE p.event_id = e.id AND p.role = 'recipient') AS recipient_ids,
           (SELECT string_agg(n.name, '|' ORDER BY p.entity_id) FROM event_participants p
             JOIN entities n ON n.id = p.entity_id WHERE p.event_id = e.id AND p.role = 'recipient')
             AS recipient_names,
           e.place AS place_id, pl.name AS place_name, pl.lat, pl.lon, pl.country AS place_country,
           s.doc_id, coalesce(d.url, d.source) AS source, d.title, coalesce(d.published, d.reference_date)
             AS published, s.local_id AS doc_event_id, s.trigger_start, s.trigger_end, s.trigger_text,
           s.sent_start, s.sent_end, s.evidence
    FROM events e JOIN event_sources s ON s.event_id = e.id JOIN documents d ON d.id = s.doc_id
    LEFT JOIN entities pl ON pl.id = e.place
    ORDER BY e.date_start NULLS LAST, e.id, s.doc_id, s.local_id
"""


def event_rows(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of the flat event table (one row per event source)."""
    cur = con.execute(_ROWS_SQL)
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


def write_csv(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """The flat event table as CSV; returns the number of rows."""
    cols, rows = event_rows(con)
    w = csv.writer(out)
    w.writerow(cols)
    w.writerows(rows)
    return len(rows)


def write_parquet(con: duckdb.DuckDBPyConnection, path: str | Path) -> int:
    """The flat event table as one Parquet file; returns the number of rows."""
    import pyarrow.parquet as pq

    rel = con.sql(_ROWS_SQL)
    table: pa.Table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()
    pq.write_table(table, str(path))
    return table.num_rows


def geojson(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Events with a geocoded place as a GeoJSON FeatureCollection (one feature per merged event)."""
    rows = con.execute("""
        SELECT e.id, e.type, e.mode, e.quad, e.score, e.date, e.modality, e.n_sources, pl.id, pl.name, pl.lon,
               pl.lat, (SELECT list(DISTINCT coalesce(d.url, d.source)) FROM event_sources s
                        JOIN documents d ON d.id = s.doc_id WHERE s.event_id = e.id)
        FROM events e JOIN entities pl ON pl.id = e.place
        WHERE pl.lat IS NOT NULL AND pl.lon IS NOT NULL ORDER BY e.date_start NULLS LAST, e.id""").fetchall()
    feats = []
    for r in rows:
        feats.append({"type": "Feature", "id": r[0],
                      "geometry": {"type": "Point", "coordinates": [r[10], r[11]]},
                      "properties": {"event_id": r[0], "type": r[1], "mode": r[2], "quad": r[3], "score": r[4],
                                     "date": r[5], "modality": r[6], "n_sources": r[7], "place_id": r[8],
                                     "place": r[9], "sources": sorted(r[12] or [])}})
    return {"type": "FeatureCollection", "features": feats}


def plover_records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """PLOVER records of every stored document that has events, through ``marsad.export.plover``.

    Each record gets ``merged_event_id``: the corpus event it was merged into.
    """
    try:
        from ..export.plover import to_plover  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ConfigError("PLOVER export needs marsad.export.plover, which this installation lacks") from exc
    merged = {(d, l): e for d, l, e in con.execute(
        "SELECT doc_id, local_id, event_id FROM doc_events").fetchall()}
    for (doc_id,) in con.execute("SELECT DISTINCT doc_id FROM doc_events ORDER BY doc_id").fetchall():
        doc = read_document(con, doc_id)
        if doc is None:
            continue
        recs = to_plover(doc)
        for rec, ev in zip(recs, doc.events):
            if isinstance(rec, dict):
                rec.setdefault("merged_event_id", merged.get((doc_id, ev.id)))
            yield rec


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path | None) -> int:
    """Write the export ``fmt`` to the file ``out`` (or standard output for text formats); returns the count."""
    import sys

    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format '{fmt}' ({', '.join(FORMATS)})")
    if fmt == "parquet":
        if not out:
            raise ConfigError("parquet export needs --out FILE")
        return write_parquet(con, out)
    buf = io.StringIO()
    if fmt == "csv":
        n = write_csv(con, buf)
    elif fmt == "geojson":
        g = geojson(con)
        buf.write(orjson.dumps(g).decode() + "\n")
        n = len(g["features"])
    else:
        n = 0
        for rec in plover_records(con):
            buf.write(orjson.dumps(rec, default=str).decode() + "\n")
            n += 1
    if out:
        Path(out).write_text(buf.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(buf.getvalue())
    return n
