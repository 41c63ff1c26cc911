"""The DuckDB store: connect, batched columnar writes, documents read back.

A batch of analysed documents is turned into one Arrow table per store table
(column lists, no pandas) and inserted with ``INSERT ... SELECT FROM`` the
registered Arrow table, the whole batch in one transaction: a process killed at
any moment leaves either the whole batch or none of it. Documents are keyed by
their content hash and a batch skips ids already stored, so re-ingesting the
same input adds nothing.

The interchange between the pipeline (local worker processes, Ray actors,
Parquet files) and the store is :class:`DocRecord`: the document's contract JSON
plus its MinHash signature and word count.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from ..arabic.normalize import normalize
from ..doc import Document
from .migrations import migrate

DEFAULT_DB = "marsad.duckdb"


@dataclass(slots=True)
class DocRecord:
    """One analysed document as it travels from the pipeline to the store.

    ``doc`` is ``Document.to_json()`` (with ``meta``), or ``{"id", "source",
    "error"}`` for a rejected document; ``sig`` the MinHash hash values as
    bytes (None for texts too short to fingerprint).
    """

    id: str
    source: str
    doc: dict[str, Any]
    sig: bytes | None = None
    words: int = 0
    error: str | None = None

    def to_row(self) -> dict[str, Any]:
        """A flat row (for Parquet / Ray): the JSON is serialised to a string."""
        return {"id": self.id, "source": self.source, "doc_json": orjson.dumps(self.doc).decode(),
                "sig": self.sig, "words": self.words, "error": self.error}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocRecord:
        return cls(id=row["id"], source=row.get("source") or "", doc=orjson.loads(row["doc_json"]),
                   sig=row.get("sig"), words=int(row.get("words") or 0), error=row.get("error"))


def connect(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate to the latest schema) the database at ``path``."""
    if read_only:
        if str(path) != ":memory:" and not Path(path).exists():
            raise FileNotFoundError(f"no database at {path}")
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def entity_key(etype: str, name: str, kb_id: str | None, geonameid: int | None) -> str:
    """The corpus-wide id of a document entity, from the entity alone (order-independent).

    Knowledge-base actors are their ``kb_id`` everywhere; geocoded places their
    GeoNames id; new names ``marsad:new/<type>/<hash of the normalised name>``.
    """
    if kb_id:
        return kb_id
    if geonameid:
        return f"geonames:{int(geonameid)}"
    key = f"{etype}|{norm_name(name)}"
    return f"marsad:new/{etype.lower()}/{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def norm_name(name: str) -> str:
    """Matching key of a name: Arabic normalisation, lower case, single spaces."""
    return " ".join(normalize(name or "").lower().split())


def _dumps(obj: Any) -> str | None:
    return orjson.dumps(obj).decode() if obj else None


def _table(cols: dict[str, list[Any]], types: dict[str, pa.DataType]) -> pa.Table:
    return pa.table({k: pa.array(v, type=types.get(k, pa.string())) for k, v in cols.items()})


_I = pa.int32()
_F = pa.float64()


def _columns(records: Sequence[DocRecord], run_id: int, now: _dt.datetime) -> dict[str, pa.Table]:
    """Arrow tables of every per-document table for the accepted records."""
    docs: dict[str, list[Any]] = {k: [] for k in (
        "id", "source", "url", "title", "published", "reference_date", "text", "language", "cluster_id",
        "words", "text_hash", "meta", "run_id", "ingested_at")}
    rem: dict[str, list[Any]] = {k: [] for k in ("doc_id", "seq", "start_raw", "end_raw", "reason", "text")}
    ent: dict[str, list[Any]] = {k: [] for k in (
        "doc_id", "local_id", "seq", "entity_id", "type", "name", "name_en", "kb_id", "qid", "country", "sector",
        "subtype", "lat", "lon", "geonameid", "score", "norm_name", "base_id")}
    men: dict[str, list[Any]] = {k: [] for k in ("doc_id", "local_id", "seq", "start", "end", "text")}
    tim: dict[str, list[Any]] = {k: [] for k in ("doc_id", "seq", "start", "end", "text", "value", "attrs")}
    qua: dict[str, list[Any]] = {k: [] for k in (
        "doc_id", "seq", "start", "end", "text", "min", "max", "unit", "attrs")}
    evt: dict[str, list[Any]] = {k: [] for k in (
        "doc_id", "local_id", "seq", "event_id", "type", "mode", "quad", "score", "actor", "recipient", "date",
        "place", "trigger_start", "trigger_end", "sent_start", "sent_end", "modality", "attributed_to",
        "confidence", "extra")}
    sig: dict[str, list[Any]] = {"doc_id": [], "sig": []}
    for r in records:
        d = r.doc
        text = d.get("text") or ""
        meta = d.get("meta") or {}
        for k, v in (("id", r.id), ("source", d.get("source")), ("url", meta.get("url")), ("title", d.get("title")),
                     ("published", d.get("published")), ("reference_date", d.get("reference_date")),
                     ("text", text), ("language", d.get("language")), ("cluster_id", r.id), ("words", r.words),
                     ("text_hash", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()),
                     ("meta", orjson.dumps(meta).decode()), ("run_id", run_id), ("ingested_at", now)):
            docs[k].append(v)
        for i, s in enumerate(d.get("removed") or []):
            for k, v in zip(rem, (r.id, i, s["start"], s["end"], s["reason"], s["text"])):
                rem[k].append(v)
        for i, e in enumerate(d.get("entities") or []):
            key = entity_key(e["type"], e["name"], e.get("kb_id"), e.get("geonameid"))
            vals = (r.id, e["id"], i, key, e["type"], e["name"], e.get("name_en"), e.get("kb_id"), e.get("qid"),
                    e.get("country"), e.get("sector"), e.get("subtype"), e.get("lat"), e.get("lon"),
                    e.get("geonameid"), e.get("score"), norm_name(e["name"]), key)
            for k, v in zip(ent, vals):
                ent[k].append(v)
            for j, m in enumerate(e.get("mentions") or []):
                for k, v in zip(men, (r.id, e["id"], j, m["start"], m["end"], text[m["start"]:m["end"]])):
                    men[k].append(v)
        for i, t in enumerate(d.get("times") or []):
            attrs = {k: v for k, v in t.items() if k not in ("start", "end", "text")}
            for k, v in zip(tim, (r.id, i, t["start"], t["end"], t.get("text"), _str(t.get("value")),
                                  orjson.dumps(attrs).decode())):
                tim[k].append(v)
        for i, q in enumerate(d.get("quantities") or []):
            attrs = {k: v for k, v in q.items() if k not in ("start", "end", "text")}
            for k, v in zip(qua, (r.id, i, q["start"], q["end"], q.get("text"), _num(q.get("min")),
                                  _num(q.get("max")), _str(q.get("unit")), orjson.dumps(attrs).decode())):
                qua[k].append(v)
        known = {"id", "type", "mode", "quad", "score", "actor", "recipient", "date", "place", "trigger",
                 "sentence", "modality", "attributed_to", "confidence"}
        for i, v in enumerate(d.get("events") or []):
            extra = {k: val for k, val in v.items() if k not in known}
            vals = (r.id, v["id"], i, None, v["type"], v.get("mode"), v.get("quad"), _num(v.get("score")),
                    [str(a) for a in v.get("actor") or []], [str(a) for a in v.get("recipient") or []],
                    _str(v.get("date")), _str(v.get("place")), v["trigger"]["start"], v["trigger"]["end"],
                    v["sentence"]["start"], v["sentence"]["end"], v.get("modality") or "asserted",
                    _json_or_none(v.get("attributed_to")), _num(v.get("confidence")), _dumps(extra))
            for k, val in zip(evt, vals):
                evt[k].append(val)
        if r.sig is not None:
            sig["doc_id"].append(r.id)
            sig["sig"].append(r.sig)
    ints = {k: _I for k in ("seq", "start", "end", "start_raw", "end_raw", "quad", "words", "trigger_start",
                            "trigger_end", "sent_start", "sent_end")}
    return {
        "documents": _table(docs, {**ints, "run_id": pa.int64(), "ingested_at": pa.timestamp("us")}),
        "removed_spans": _table(rem, ints),
        "doc_entities": _table(ent, {**ints, "lat": _F, "lon": _F, "score": _F, "geonameid": pa.int64()}),
        "mentions": _table(men, ints),
        "times": _table(tim, ints),
        "quantities": _table(qua, {**ints, "min": _F, "max": _F}),
        "doc_events": _table(evt, {**ints, "score": _F, "confidence": _F, "actor": pa.list_(pa.string()),
                                   "recipient": pa.list_(pa.string())}),
        "doc_minhash": _table(sig, {"sig": pa.binary()}),
    }


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _json_or_none(v: Any) -> str | None:
    # attribution may be an entity id or a richer object: kept as JSON so it reads back unchanged
    return None if v is None else orjson.dumps(v).decode()


def _num(v: Any) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, conflict: str = "") -> None:
    if data.num_rows == 0:
        return
    name = f"_batch_{table}"
    con.register(name, data)
    try:
        cols = ", ".join(f'"{c}"' for c in data.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name} {conflict}")
    finally:
        con.unregister(name)


def existing_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """The subset of ``ids`` already stored as documents."""
    ids = list(ids)
    if not ids:
        return set()
    t = pa.table({"id": pa.array(ids, pa.string())})
    con.register("_ids", t)
    try:
        return {r[0] for r in con.execute("SELECT d.id FROM documents d JOIN _ids USING (id)").fetchall()}
    finally:
        con.unregister("_ids")


def write_batch(con: duckdb.DuckDBPyConnection, records: Sequence[DocRecord], *, run_id: int = 0,
                near_pairs: Sequence[tuple[str, str, float]] = ()) -> list[str]:
    """Store one batch in one transaction; returns the ids of the documents newly stored.

    Rejected records (``error`` set) go to ``rejects``; accepted ones whose id is
    already stored are skipped, as are repeats inside the batch.
    """
    now = _dt.datetime.now(_dt.UTC).replace(tzinfo=None)
    rejected = [r for r in records if r.error is not None]
    seen: set[str] = set()
    accepted: list[DocRecord] = []
    for r in records:
        if r.error is None and r.id not in seen:
            seen.add(r.id)
            accepted.append(r)
    con.execute("BEGIN TRANSACTION")
    try:
        stored = existing_ids(con, seen)
        new = [r for r in accepted if r.id not in stored]
        if new:
            for table, data in _columns(new, run_id, now).items():
                _insert(con, table, data)
        new_ids = {r.id for r in new}
        pairs = [(a, b, j) for a, b, j in near_pairs if a in new_ids or b in new_ids]
        if pairs:
            _insert(con, "near_dup_pairs", pa.table({
                "a": pa.array([p[0] for p in pairs]), "b": pa.array([p[1] for p in pairs]),
                "jaccard": pa.array([float(p[2]) for p in pairs], _F)}), "ON CONFLICT DO NOTHING")
        if rejected:
            _insert(con, "rejects", pa.table({
                "doc_id": pa.array([r.id for r in rejected]), "source": pa.array([r.source for r in rejected]),
                "reason": pa.array([_reason(r.error or "") for r in rejected]),
                "detail": pa.array([r.error for r in rejected]),
                "run_id": pa.array([run_id] * len(rejected), pa.int64()),
                "rejected_at": pa.array([now] * len(rejected), pa.timestamp("us"))}), "ON CONFLICT DO NOTHING")
        if new:
            con.execute("INSERT OR REPLACE INTO store_state VALUES ('dirty', '1')")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return [r.id for r in new]


def _reason(error: str) -> str:
    """The short reason of an error message: its code (``E010: ...`` -> ``E010``) or first words."""
    head = error.split(":", 1)[0].strip()
    return head if head and len(head) <= 40 else error[:40]


def read_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> Document | None:
    """The stored document ``doc_id`` rebuilt as a :class:`Document` (None when absent)."""
    row = con.execute("SELECT id, source, language, title, published, reference_date, text, meta "
                      "FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    obj: dict[str, Any] = dict(zip(("id", "source", "language", "title", "published", "reference_date", "text"),
                                   row[:7]))
    obj["meta"] = orjson.loads(row[7]) if row[7] else {}
    text = obj["text"] or ""
    obj["removed"] = [{"start": s, "end": e, "reason": r, "text": t} for s, e, r, t in con.execute(
        "SELECT start_raw, end_raw, reason, text FROM removed_spans WHERE doc_id = ? ORDER BY seq",
        [doc_id]).fetchall()]
    mentions: dict[str, list[dict[str, Any]]] = {}
    for lid, s, e in con.execute('SELECT local_id, start, "end" FROM mentions WHERE doc_id = ? ORDER BY local_id, seq',
                                 [doc_id]).fetchall():
        mentions.setdefault(lid, []).append({"start": s, "end": e, "text": text[s:e]})
    ents = []
    for r in con.execute("SELECT local_id, type, name, name_en, kb_id, qid, country, sector, subtype, lat, lon, "
                         "geonameid, score FROM doc_entities WHERE doc_id = ? ORDER BY seq", [doc_id]).fetchall():
        e = dict(zip(("id", "type", "name", "name_en", "kb_id", "qid", "country", "sector", "subtype", "lat", "lon",
                      "geonameid", "score"), r))
        e["mentions"] = mentions.get(e["id"], [])
        ents.append(e)
    obj["entities"] = ents
    obj["times"] = [{"start": s, "end": e, "text": t, **orjson.loads(a)} for s, e, t, a in con.execute(
        'SELECT start, "end", text, attrs FROM times WHERE doc_id = ? ORDER BY seq', [doc_id]).fetchall()]
    obj["quantities"] = [{"start": s, "end": e, "text": t, **orjson.loads(a)} for s, e, t, a in con.execute(
        'SELECT start, "end", text, attrs FROM quantities WHERE doc_id = ? ORDER BY seq', [doc_id]).fetchall()]
    events = []
    for r in con.execute("SELECT local_id, type, mode, quad, score, actor, recipient, date, place, trigger_start, "
                         "trigger_end, sent_start, sent_end, modality, attributed_to, confidence, extra "
                         "FROM doc_events WHERE doc_id = ? ORDER BY seq", [doc_id]).fetchall():
        v: dict[str, Any] = dict(zip(("id", "type", "mode", "quad", "score", "actor", "recipient", "date", "place"),
                                     r[:9]))
        v["trigger"] = {"start": r[9], "end": r[10], "text": text[r[9]:r[10]]}
        v["sentence"] = {"start": r[11], "end": r[12]}
        v["modality"], v["confidence"] = r[13], r[15]
        v["attributed_to"] = orjson.loads(r[14]) if r[14] is not None else None
        v.update(orjson.loads(r[16]) if r[16] else {})
        events.append(v)
    obj["events"] = events
    return Document.from_json(obj)


def iter_document_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every stored document id, sorted."""
    return [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id").fetchall()]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every content table (for ``marsad stats`` and tests)."""
    tables = ("documents", "removed_spans", "doc_entities", "mentions", "times", "quantities", "doc_events",
              "near_dup_pairs", "entities", "aliases", "events", "event_participants", "event_sources", "rejects",
              "ingest_runs")
    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}  # type: ignore[index]
