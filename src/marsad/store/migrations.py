"""Schema versions of the DuckDB store, applied in order from v1.

Each migration is a list of DDL statements applied in one transaction together
with the row that records it in ``schema_version``, so a database is always at
exactly one version (a killed migration leaves the previous version).

Tables fall in two groups:

* per-document tables (``documents``, ``removed_spans``, ``doc_entities``,
  ``mentions``, ``times``, ``quantities``, ``doc_events``, ``doc_minhash``,
  ``near_dup_pairs``, ``rejects``): written once per document by an ingest
  batch, keyed by the document's content hash, never updated afterwards except
  for the derived ``cluster_id`` / ``entity_id`` / ``event_id`` columns;
* derived corpus tables (``entities``, ``aliases``, ``events``,
  ``event_participants``, ``event_sources``): rebuilt from the per-document
  tables by :func:`marsad.corpus.resolve.resolve_corpus`, so their contents
  depend only on the set of stored documents, never on ingest order or on
  where an earlier ingest was killed.
"""

from __future__ import annotations

import duckdb

V1 = [
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY,          -- sha256 of the raw input
        source VARCHAR,
        url VARCHAR,
        title VARCHAR,
        published VARCHAR,
        reference_date VARCHAR,
        text VARCHAR,
        language VARCHAR,
        cluster_id VARCHAR,              -- near-duplicate cluster (smallest member id)
        words INTEGER,
        text_hash VARCHAR,               -- sha256 of the cleaned text
        meta VARCHAR,                    -- JSON: to_json()["meta"]
        run_id BIGINT,
        ingested_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS removed_spans (
        doc_id VARCHAR, seq INTEGER, start_raw INTEGER, end_raw INTEGER, reason VARCHAR, text VARCHAR,
        PRIMARY KEY (doc_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS doc_entities (
        doc_id VARCHAR, local_id VARCHAR, seq INTEGER,
        entity_id VARCHAR,               -- resolved across documents
        type VARCHAR, name VARCHAR, name_en VARCHAR, kb_id VARCHAR, qid VARCHAR, country VARCHAR,
        sector VARCHAR, subtype VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT, score DOUBLE,
        norm_name VARCHAR,
        PRIMARY KEY (doc_id, local_id)
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        doc_id VARCHAR, local_id VARCHAR, seq INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
        PRIMARY KEY (doc_id, local_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS times (
        doc_id VARCHAR, seq INTEGER, start INTEGER, "end" INTEGER, text VARCHAR, value VARCHAR,
        attrs VARCHAR,
        PRIMARY KEY (doc_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS quantities (
        doc_id VARCHAR, seq INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
        min DOUBLE, max DOUBLE, unit VARCHAR, attrs VARCHAR,
        PRIMARY KEY (doc_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS doc_events (
        doc_id VARCHAR, local_id VARCHAR, seq INTEGER,
        event_id VARCHAR,                -- merged across documents
        type VARCHAR, mode VARCHAR, quad INTEGER, score DOUBLE,
        actor VARCHAR[], recipient VARCHAR[], date VARCHAR, place VARCHAR,
        trigger_start INTEGER, trigger_end INTEGER, sent_start INTEGER, sent_end INTEGER,
        modality VARCHAR, attributed_to VARCHAR, confidence DOUBLE, extra VARCHAR,
        PRIMARY KEY (doc_id, local_id)
    )""",
    """CREATE TABLE IF NOT EXISTS doc_minhash (
        doc_id VARCHAR PRIMARY KEY, sig BLOB
    )""",
    """CREATE TABLE IF NOT EXISTS near_dup_pairs (
        a VARCHAR, b VARCHAR, jaccard DOUBLE, PRIMARY KEY (a, b)
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        id VARCHAR PRIMARY KEY, type VARCHAR, name VARCHAR, name_en VARCHAR, kb_id VARCHAR, qid VARCHAR,
        country VARCHAR, sector VARCHAR, subtype VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT,
        n_docs INTEGER, n_mentions INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS aliases (
        entity_id VARCHAR, alias VARCHAR, norm VARCHAR, n INTEGER, PRIMARY KEY (entity_id, alias)
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, quad INTEGER, score DOUBLE,
        date VARCHAR, date_start DATE, date_end DATE, place VARCHAR, modality VARCHAR,
        confidence DOUBLE, n_sources INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS event_participants (
        event_id VARCHAR, entity_id VARCHAR, role VARCHAR, PRIMARY KEY (event_id, entity_id, role)
    )""",
    """CREATE TABLE IF NOT EXISTS event_sources (
        event_id VARCHAR, doc_id VARCHAR, local_id VARCHAR,
        trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
        sent_start INTEGER, sent_end INTEGER, evidence VARCHAR,
        PRIMARY KEY (event_id, doc_id, local_id)
    )""",
    """CREATE TABLE IF NOT EXISTS ingest_runs (
        id BIGINT PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, engine VARCHAR,
        inputs VARCHAR, pipeline VARCHAR, status VARCHAR,
        n_read BIGINT, n_new BIGINT, n_exact_dup BIGINT, n_near_dup BIGINT, n_rejected BIGINT
    )""",
    """CREATE TABLE IF NOT EXISTS rejects (
        doc_id VARCHAR, source VARCHAR, reason VARCHAR, detail VARCHAR, run_id BIGINT, rejected_at TIMESTAMP,
        PRIMARY KEY (doc_id, reason)
    )""",
    # key/value state: 'dirty' = per-document tables changed since the last resolve
    """CREATE TABLE IF NOT EXISTS store_state (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS feed_state (
        url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, last_status INTEGER,
        last_polled TIMESTAMP, n_items BIGINT
    )""",
    """CREATE TABLE IF NOT EXISTS seen_urls (url VARCHAR PRIMARY KEY, doc_id VARCHAR, seen_at TIMESTAMP)""",
]

# v2: indexes for the analysis queries (kept separate to exercise the migration path)
V2 = [
    "CREATE INDEX IF NOT EXISTS idx_doc_entities_entity ON doc_entities(entity_id)",
    "CREATE INDEX IF NOT EXISTS idx_participants_entity ON event_participants(entity_id)",
    "CREATE INDEX IF NOT EXISTS idx_documents_url ON documents(url)",
]

# v3: the entity id a document entity gets from itself (``base_id``), kept apart from the corpus
# id (``entity_id``) that cross-document resolution may change (a surname alone -> the full name)
V3 = [
    "ALTER TABLE doc_entities ADD COLUMN IF NOT EXISTS base_id VARCHAR",
    "UPDATE doc_entities SET base_id = entity_id WHERE base_id IS NULL",
    "INSERT OR REPLACE INTO store_state VALUES ('dirty', '1')",
]

MIGRATIONS: list[tuple[int, list[str]]] = [(1, V1), (2, V2), (3, V3)]
LATEST = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the database (0 when empty)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, target: int = LATEST) -> int:
    """Apply every migration above the current version up to ``target``; returns the new version."""
    version = current_version(con)
    for v, statements in MIGRATIONS:
        if v <= version or v > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for sql in statements:
                con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [v])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        version = v
    return version
