"""Event search over the store: filters on type, actor, place, date range, modality."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import duckdb

from .analysis import _is_country, resolve_actor


def _date(value: str | None, end: bool = False) -> _dt.date | None:
    from .resolve import date_interval

    if not value:
        return None
    iv = date_interval(value)
    if iv is None:
        raise ValueError(f"not a date: {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    return iv[1] if end else iv[0]


def find_events(con: duckdb.DuckDBPyConnection, *, types: Sequence[str] = (), actor: str | None = None,
                place: str | None = None, since: str | None = None, until: str | None = None,
                modalities: Sequence[str] = (), limit: int | None = 100, members: bool = True) -> list[dict[str, Any]]:
    """Merged events matching every given filter, newest first, with participants and sources.

    Args:
        types: PLOVER types (any of them).
        actor: a name or id; the event must have it (or one of its members) as a participant.
        place: a name or id of the event's place (entities inside a country count for a country).
        since: earliest date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), inclusive.
        until: latest date, inclusive.
        modalities: asserted, negated, hypothetical, future, historical (any of them).
        limit: at most this many events (None: all).
        members: let a country stand for its members.
    """
    where, params = ["TRUE"], []
    if types:
        where.append("e.type IN (SELECT unnest(?::VARCHAR[]))")
        params.append([t.upper() for t in types])
    if modalities:
        where.append("e.modality IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(modalities))
    if actor:
        ids = sorted(resolve_actor(con, actor, members=members).ids)
        where.append("e.id IN (SELECT event_id FROM event_participants WHERE entity_id IN (SELECT unnest(?::VARCHAR[])))")
        params.append(ids)
    if place:
        pa_ = resolve_actor(con, place, members=False)
        places = set(pa_.ids)
        country_rows = con.execute("SELECT id, type, subtype, kb_id, country FROM entities WHERE id IN "
                                   "(SELECT unnest(?::VARCHAR[]))", [sorted(places)]).fetchall()
        codes = [r[4] for r in country_rows if r[4] and _is_country(r[1], r[2], r[3])]
        if codes:  # a country as place covers the places inside it
            places |= {r[0] for r in con.execute("SELECT id FROM entities WHERE type = 'LOC' AND country IN "
                                                 "(SELECT unnest(?::VARCHAR[]))", [codes]).fetchall()}
        where.append("e.place IN (SELECT unnest(?::VARCHAR[]))")
        params.append(sorted(places))
    lo, hi = _date(since), _date(until, end=True)
    if lo:
        where.append("e.date_end >= ?")
        params.append(lo)
    if hi:
        where.append("e.date_start <= ?")
        params.append(hi)
    sql = (f"SELECT e.id, e.type, e.mode, e.quad, e.score, e.date, e.modality, e.confidence, e.n_sources, e.place, "
           f"pl.name, pl.lat, pl.lon FROM events e LEFT JOIN entities pl ON pl.id = e.place "
           f"WHERE {' AND '.join(where)} ORDER BY e.date_start DESC NULLS LAST, e.id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, params).fetchall()
    keys = ("id", "type", "mode", "quad", "score", "date", "modality", "confidence", "n_sources", "place_id",
            "place", "lat", "lon")
    events = [dict(zip(keys, r)) for r in rows]
    if not events:
        return []
    ids = [e["id"] for e in events]
    parts: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for eid, role, ent, name, name_en in con.execute("""
            SELECT p.event_id, p.role, p.entity_id, n.name, n.name_en FROM event_participants p
            JOIN entities n ON n.id = p.entity_id WHERE p.event_id IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY p.event_id, p.role, p.entity_id""", [ids]).fetchall():
        parts.setdefault(eid, {}).setdefault(role, []).append({"id": ent, "name": name, "name_en": name_en})
    sources: dict[str, list[dict[str, Any]]] = {}
    for eid, doc_id, src, s0, s1, t0, t1, ev in con.execute("""
            SELECT s.event_id, s.doc_id, coalesce(d.url, d.source), s.sent_start, s.sent_end, s.trigger_start,
                   s.trigger_end, s.evidence FROM event_sources s JOIN documents d ON d.id = s.doc_id
            WHERE s.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY s.event_id, s.doc_id, s.local_id""",
                                                          [ids]).fetchall():
        sources.setdefault(eid, []).append({"doc_id": doc_id, "source": src, "sentence_offsets": [s0, s1],
                                            "trigger_offsets": [t0, t1], "evidence": ev})
    for e in events:
        roles = parts.get(e["id"], {})
        e["actor"], e["recipient"] = roles.get("actor", []), roles.get("recipient", [])
        e["attributed"] = roles.get("attributed", [])
        e["sources"] = sources.get(e["id"], [])
    return events
