"""Corpus-wide resolution: near-duplicate clusters, entities and aliases, merged events.

Everything here is recomputed from the per-document tables in one transaction,
so the derived tables depend only on which documents are stored: a killed and
resumed ingest ends with exactly the contents of an uninterrupted one.

* Entities: a document entity's corpus id is fixed when it is stored
  (:func:`marsad.store.db.entity_key`: the KB id, the GeoNames id, or a hash of
  type + normalised name), so one KB actor is one entity everywhere and one new
  name spelled with or without hamza, tatweel or diacritics is one entity; this
  pass builds the ``entities`` rows (most frequent attribute values) and the
  ``aliases`` (every surface form of every mention, with counts).
* Events: the same event reported by several articles is merged when the type
  is the same, the resolved participants overlap (two shared when both events
  have two or more), the dates are compatible within a window, the places agree
  when both are given and the modalities are compatible.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from ..store.db import norm_name
from .dedup import clusters

WINDOW_DAYS = 3          # dates of two reports of one event may differ by this much
MAX_SPAN_DAYS = 31       # coarser dates (a year, a range) only merge with the same date string
_ENTITY_ATTRS = ("type", "name", "name_en", "kb_id", "qid", "country", "sector", "subtype", "lat", "lon", "geonameid")


def date_interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """The calendar interval of an ISO 8601 date at any precision (``2023``, ``2023-09``,
    ``2023-09-17``, a timestamp, or a range ``a/b``); None when it is not one."""
    if not value:
        return None
    value = str(value).strip()
    if "/" in value:
        a, _, b = value.partition("/")
        ia, ib = date_interval(a), date_interval(b)
        if ia and ib and ia[0] <= ib[1]:
            return ia[0], ib[1]
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            d = _dt.date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7 and value[4] == "-":
            y, m = int(value[:4]), int(value[5:7])
            first = _dt.date(y, m, 1)
            nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - _dt.timedelta(days=1)
        if len(value) == 4 and value.isdigit():
            return _dt.date(int(value), 1, 1), _dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _first_by_count(con: duckdb.DuckDBPyConnection, col: str) -> str:
    # most frequent non-null value per entity, ties to the smallest: independent of row order;
    # a name ties to the longest (the full name over a surname)
    order = "n DESC, length(v) DESC, v" if col == "name" else "n DESC, v"
    return (f"(SELECT entity_id, first(v ORDER BY {order}) AS {col} FROM (SELECT entity_id, {col} AS v, "
            f"count(*) AS n FROM doc_entities WHERE {col} IS NOT NULL GROUP BY ALL) GROUP BY entity_id)")


def surname_links(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """New one-word person names that stand for one known full name: ``{base id: full-name id}``.

    An article may name an unknown commander only by his family name (``الزوي``) where
    others give it in full (``أبو بكر الزوي``). The one word is linked to the full name
    when exactly one new full name of a person ends with it, and their countries
    (when both are known) agree; otherwise it stays its own entity.
    """
    rows = con.execute("""
        SELECT base_id, norm_name, first(country ORDER BY country) FILTER (WHERE country IS NOT NULL)
        FROM doc_entities WHERE type = 'PER' AND kb_id IS NULL AND geonameid IS NULL AND norm_name <> ''
        GROUP BY base_id, norm_name""").fetchall()
    full: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    single: dict[str, tuple[str, str | None]] = {}
    for base, norm, country in rows:
        toks = norm.split()
        if len(toks) >= 2:
            full[toks[-1]].append((base, country))
        elif len(toks) == 1 and len(toks[0]) >= 3:
            single[base] = (toks[0], country)
    links = {}
    for base, (tok, country) in single.items():
        cands = {b for b, c in full.get(tok, []) if country is None or c is None or c == country}
        if len(cands) == 1:
            links[base] = cands.pop()
    return links


def resolve_entities(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``entities`` and ``aliases`` from the document entities (inside the caller's transaction)."""
    con.execute("UPDATE doc_entities SET entity_id = base_id WHERE entity_id IS DISTINCT FROM base_id")
    links = surname_links(con)
    if links:
        t = pa.table({"base": pa.array(list(links)), "target": pa.array(list(links.values()))})
        con.register("_links", t)
        con.execute("UPDATE doc_entities SET entity_id = l.target FROM _links l WHERE doc_entities.base_id = l.base")
        con.unregister("_links")
    con.execute("DELETE FROM entities")
    con.execute("DELETE FROM aliases")
    joins = "\n".join(f"LEFT JOIN {_first_by_count(con, c)} AS a_{c} USING (entity_id)" for c in _ENTITY_ATTRS)
    cols = ", ".join(f"a_{c}.{c}" for c in _ENTITY_ATTRS)
    con.execute(f"""
        INSERT INTO entities (id, {", ".join(_ENTITY_ATTRS)}, n_docs, n_mentions)
        SELECT base.entity_id, {cols}, base.n_docs, coalesce(m.n_mentions, 0)
        FROM (SELECT entity_id, count(DISTINCT doc_id) AS n_docs FROM doc_entities GROUP BY entity_id) base
        {joins}
        LEFT JOIN (SELECT de.entity_id, count(*) AS n_mentions FROM mentions mn
                   JOIN doc_entities de USING (doc_id, local_id) GROUP BY de.entity_id) m USING (entity_id)
    """)
    rows = con.execute("""
        SELECT entity_id, alias, sum(n)::INTEGER FROM (
            SELECT de.entity_id, mn.text AS alias, count(*) AS n FROM mentions mn
            JOIN doc_entities de USING (doc_id, local_id) GROUP BY ALL
            UNION ALL
            SELECT entity_id, name AS alias, 0 AS n FROM doc_entities GROUP BY ALL
        ) WHERE alias IS NOT NULL AND alias <> '' GROUP BY ALL
    """).fetchall()
    if rows:
        t = pa.table({"entity_id": pa.array([r[0] for r in rows]), "alias": pa.array([r[1] for r in rows]),
                      "norm": pa.array([norm_name(r[1]) for r in rows]),
                      "n": pa.array([r[2] for r in rows], pa.int32())})
        con.register("_aliases", t)
        con.execute("INSERT INTO aliases SELECT entity_id, alias, norm, n FROM _aliases")
        con.unregister("_aliases")


def resolve_clusters(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Set ``documents.cluster_id`` from the near-duplicate pairs; returns member -> cluster."""
    pairs = con.execute("SELECT a, b FROM near_dup_pairs").fetchall()
    members = clusters((a, b) for a, b in pairs)
    con.execute("UPDATE documents SET cluster_id = id WHERE cluster_id IS DISTINCT FROM id")
    if members:
        t = pa.table({"id": pa.array(list(members)), "cid": pa.array(list(members.values()))})
        con.register("_clusters", t)
        con.execute("UPDATE documents SET cluster_id = c.cid FROM _clusters c WHERE documents.id = c.id")
        con.unregister("_clusters")
    return members


@dataclass
class _Ev:
    key: tuple[str, str]            # (doc_id, local_id)
    type: str
    mode: str | None
    quad: int | None
    score: float | None
    modality: str
    confidence: float
    date: str | None
    interval: tuple[_dt.date, _dt.date] | None
    explicit: bool                  # the interval comes from the event's own date
    place: str | None
    cluster: str
    roles: dict[str, set[str]] = field(default_factory=dict)
    source: tuple[Any, ...] = ()

    @property
    def participants(self) -> set[str]:
        return self.roles.get("actor", set()) | self.roles.get("recipient", set())


def _modality_group(m: str) -> str:
    # a background mention of a past event can be the event itself; negated/hypothetical cannot
    return "real" if m in ("asserted", "historical") else m


def _compatible(a: _Ev, b: _Ev) -> bool:
    if a.type != b.type or _modality_group(a.modality) != _modality_group(b.modality):
        return False
    pa_, pb = a.participants, b.participants
    shared = len(pa_ & pb)
    if shared == 0 or shared < min(2, len(pa_), len(pb)):
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.cluster == b.cluster:  # near-duplicate articles report the same events
        return True
    # one participant says too little ("Saudi Arabia condemned ..."): such events merge across
    # articles only when they also name the same place
    if min(len(pa_), len(pb)) < 2 and not (a.place and a.place == b.place):
        return False
    if a.interval is None or b.interval is None:
        return False
    span = max((a.interval[1] - a.interval[0]).days, (b.interval[1] - b.interval[0]).days)
    if span > MAX_SPAN_DAYS:
        return a.date == b.date and a.date is not None
    w = _dt.timedelta(days=WINDOW_DAYS)
    return a.interval[0] - w <= b.interval[1] and b.interval[0] - w <= a.interval[1]


def _load_events(con: duckdb.DuckDBPyConnection) -> list[_Ev]:
    emap = {(d, l): e for d, l, e in con.execute("SELECT doc_id, local_id, entity_id FROM doc_entities").fetchall()}
    out = []
    for r in con.execute("""
        SELECT e.doc_id, e.local_id, e.type, e.mode, e.quad, e.score, e.modality, e.confidence, e.date, e.place,
               e.actor, e.recipient, e.attributed_to, coalesce(d.reference_date, d.published), d.cluster_id,
               e.trigger_start, e.trigger_end, substring(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start),
               e.sent_start, e.sent_end, substring(d.text, e.sent_start + 1, e.sent_end - e.sent_start)
        FROM doc_events e JOIN documents d ON d.id = e.doc_id ORDER BY e.doc_id, e.local_id""").fetchall():
        doc_id, local_id = r[0], r[1]
        own = date_interval(r[8])
        ref = date_interval(r[13])
        if ref and ref[1] - ref[0] > _dt.timedelta(days=0):
            ref = None  # only a day-precise reference date stands in for the event's date
        roles: dict[str, set[str]] = defaultdict(set)
        for role, ids in (("actor", r[10] or []), ("recipient", r[11] or [])):
            for lid in ids:
                if (doc_id, lid) in emap:
                    roles[role].add(emap[(doc_id, lid)])
        att = orjson.loads(r[12]) if r[12] else None
        if isinstance(att, str) and (doc_id, att) in emap:
            roles["attributed"].add(emap[(doc_id, att)])
        out.append(_Ev(key=(doc_id, local_id), type=r[2], mode=r[3], quad=r[4], score=r[5],
                       modality=r[6] or "asserted", confidence=float(r[7] or 0.0), date=r[8],
                       interval=own or ref, explicit=own is not None,
                       place=emap.get((doc_id, r[9])) if r[9] else None, cluster=r[14] or doc_id,
                       roles=dict(roles), source=(r[15], r[16], r[17], r[18], r[19], r[20])))
    return out


def _candidate_pairs(events: list[_Ev]) -> set[tuple[int, int]]:
    """Pairs that may be one event: sharing a type and a blocking key, and close in time.

    Blocking keys: a pair of participants (events with two or more), a participant and
    a place (events with one), a participant inside one near-duplicate cluster (any date).
    Within a block, events are swept in date order and compared only while their
    intervals come within the window, so a popular actor does not make the pass quadratic.
    """
    timed: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    same_cluster: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        parts = sorted(e.participants)
        if len(parts) >= 2:
            for x in range(len(parts)):
                for y in range(x + 1, len(parts)):
                    timed[(e.type, parts[x], parts[y])].append(i)
        elif parts and e.place:
            timed[(e.type, parts[0], "@" + e.place)].append(i)
        for p in parts:
            same_cluster[(e.type, e.cluster, p)].append(i)
    pairs: set[tuple[int, int]] = set()
    w = _dt.timedelta(days=WINDOW_DAYS)
    for idx in timed.values():
        dated = sorted((i for i in idx if events[i].interval), key=lambda i: (events[i].interval, events[i].key))
        for n, i in enumerate(dated):
            hi = events[i].interval[1] + w  # type: ignore[index]
            for j in dated[n + 1:]:
                if events[j].interval[0] > hi:  # type: ignore[index]
                    break
                pairs.add((i, j) if i < j else (j, i))
            # coarse dates only merge with the same date string: compare them with every later one
        coarse = [i for i in dated if (events[i].interval[1] - events[i].interval[0]).days > MAX_SPAN_DAYS]
        for a in range(len(coarse)):
            for b in range(a + 1, len(coarse)):
                pairs.add((min(coarse[a], coarse[b]), max(coarse[a], coarse[b])))
    for idx in same_cluster.values():
        if len(idx) > 1 and len({events[i].key[0] for i in idx}) > 1:
            for a in range(len(idx)):
                for b in range(a + 1, len(idx)):
                    pairs.add((min(idx[a], idx[b]), max(idx[a], idx[b])))
    return pairs


def resolve_events(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild ``events``, ``event_participants`` and ``event_sources``; returns the number of events."""
    for t in ("events", "event_participants", "event_sources"):
        con.execute(f"DELETE FROM {t}")
    events = _load_events(con)
    parent = list(range(len(events)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in sorted(_candidate_pairs(events)):
        ri, rj = find(i), find(j)
        if ri != rj and _compatible(events[i], events[j]):
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(events)):
        groups[find(i)].append(i)
    ev_rows: dict[str, list[Any]] = defaultdict(list)
    part_rows: dict[str, list[Any]] = defaultdict(list)
    src_rows: dict[str, list[Any]] = defaultdict(list)
    for members in groups.values():
        evs = [events[i] for i in members]
        first = min(e.key for e in evs)
        eid = "ev:" + hashlib.sha1(f"{first[0]}#{first[1]}".encode()).hexdigest()[:16]
        rep = min(evs, key=lambda e: (-e.confidence, e.key))
        dated = sorted((e for e in evs if e.interval), key=lambda e: (
            not e.explicit, (e.interval[1] - e.interval[0]).days, e.interval[0], e.key))  # type: ignore[index]
        when = dated[0] if dated else None
        places = Counter(e.place for e in evs if e.place)
        place = min(places, key=lambda p: (-places[p], p)) if places else None
        date = (when.date if when.explicit else when.interval[0].isoformat()) if when and when.interval else None
        for k, v in (("id", eid), ("type", rep.type), ("mode", rep.mode), ("quad", rep.quad), ("score", rep.score),
                     ("date", date), ("date_start", when.interval[0] if when and when.interval else None),
                     ("date_end", when.interval[1] if when and when.interval else None), ("place", place),
                     ("modality", rep.modality), ("confidence", max(e.confidence for e in evs)),
                     ("n_sources", len({e.key[0] for e in evs}))):
            ev_rows[k].append(v)
        roles: set[tuple[str, str]] = set()
        for e in evs:
            for role, ids in e.roles.items():
                roles.update((ent, role) for ent in ids)
        for ent, role in sorted(roles):
            part_rows["event_id"].append(eid)
            part_rows["entity_id"].append(ent)
            part_rows["role"].append(role)
        for e in evs:
            for k, v in zip(("event_id", "doc_id", "local_id", "trigger_start", "trigger_end", "trigger_text",
                             "sent_start", "sent_end", "evidence"), (eid, *e.key, *e.source)):
                src_rows[k].append(v)
    types = {"quad": pa.int32(), "score": pa.float64(), "confidence": pa.float64(), "n_sources": pa.int32(),
             "date_start": pa.date32(), "date_end": pa.date32(), "trigger_start": pa.int32(),
             "trigger_end": pa.int32(), "sent_start": pa.int32(), "sent_end": pa.int32()}
    for table, rows in (("events", ev_rows), ("event_participants", part_rows), ("event_sources", src_rows)):
        if rows:
            t = pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in rows.items()})
            con.register("_rows", t)
            con.execute(f"INSERT INTO {table} ({', '.join(t.column_names)}) SELECT * FROM _rows")
            con.unregister("_rows")
    if src_rows:
        t = pa.table({"doc_id": pa.array(src_rows["doc_id"]), "local_id": pa.array(src_rows["local_id"]),
                      "event_id": pa.array(src_rows["event_id"])})
        con.register("_map", t)
        con.execute("UPDATE doc_events SET event_id = m.event_id FROM _map m "
                    "WHERE doc_events.doc_id = m.doc_id AND doc_events.local_id = m.local_id")
        con.unregister("_map")
    return len(groups)


def resolve_corpus(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> bool:
    """Recompute clusters, entities and events in one transaction when documents changed.

    Returns True when it ran. A kill during it rolls back to the previous state,
    still marked dirty, and the next ingest (or ``force``) runs it again.
    """
    row = con.execute("SELECT value FROM store_state WHERE key = 'dirty'").fetchone()
    if not force and not (row and row[0] == "1"):
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        resolve_clusters(con)
        resolve_entities(con)
        resolve_events(con)
        con.execute("INSERT OR REPLACE INTO store_state VALUES ('dirty', '0')")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
