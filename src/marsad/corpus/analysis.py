"""Corpus analysis: actors by name or id, dyad timelines with a trend, active actors, networks, events.

An actor given by name or id can stand for its members: a country (a country
entity, or an ISO-3 code) includes every entity whose ``country`` is that code
(its ministers, forces, companies), so "Russia" covers Yevkurov and the Africa
Corps when the knowledge base says they are Russian.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from ..store.db import norm_name

QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
REAL = ("asserted", "historical")  # modalities counted by default: events that happened
TREND_PERIODS = 12  # the trend is fitted over at most this many last periods
Z_CRIT = 1.96       # two-sided 5 % for the Wald test of the slope


@dataclass
class Actor:
    """An actor as the user named it, and the entity ids it stands for."""

    spec: str
    label: str
    core: set[str]
    members: set[str] = field(default_factory=set)

    @property
    def ids(self) -> set[str]:
        return self.core | self.members


def _is_country(etype: str | None, subtype: str | None, kb_id: str | None) -> bool:
    sub = (subtype or "").lower()
    return etype in ("LOC", "GPE") and ("country" in sub or sub in ("pcli", "gpe") or "country" in (kb_id or ""))


def resolve_actor(con: duckdb.DuckDBPyConnection, spec: str, *, members: bool = True) -> Actor:
    """Entities named by ``spec``: an entity id or KB id, an ISO-3 country code, or a name or alias.

    Raises:
        LookupError: when nothing matches.
    """
    spec = spec.strip()
    rows = con.execute("SELECT id, name, type, subtype, kb_id, country FROM entities WHERE id = ? OR kb_id = ? "
                       "OR qid = ?", [spec, spec, spec]).fetchall()
    country_codes: set[str] = set()
    if not rows and len(spec) == 3 and spec.isalpha() and spec.isupper():
        country_codes.add(spec)
        rows = con.execute("SELECT id, name, type, subtype, kb_id, country FROM entities WHERE country = ? "
                           "AND type IN ('LOC', 'GPE')", [spec]).fetchall()
        rows = [r for r in rows if _is_country(r[2], r[3], r[4])]
    if not rows and not country_codes:
        key = norm_name(spec)
        rows = con.execute("""
            SELECT DISTINCT e.id, e.name, e.type, e.subtype, e.kb_id, e.country FROM entities e
            WHERE e.id IN (SELECT entity_id FROM aliases WHERE norm = ?) OR lower(e.name_en) = lower(?)""",
                           [key, spec]).fetchall()
    if not rows and not country_codes:
        raise LookupError(f"no actor matches '{spec}'")
    core = {r[0] for r in rows}
    label = rows[0][1] if rows else spec
    if members:
        country_codes |= {r[5] for r in rows if r[5] and _is_country(r[2], r[3], r[4])}
    mem: set[str] = set()
    if country_codes:
        q = "SELECT id FROM entities WHERE country IN (SELECT unnest(?::VARCHAR[])) AND type IN ('PER', 'ORG')"
        mem = {r[0] for r in con.execute(q, [sorted(country_codes)]).fetchall()} - core
    return Actor(spec, label, core, mem)


# -- periods ---------------------------------------------------------------------------------------

def period_of(d: _dt.date, by: str) -> str:
    """The period label of a date: ``2023-09`` (month) or ``2023-W38`` (ISO week)."""
    if by == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{d.year:04d}-{d.month:02d}"


def _period_start(d: _dt.date, by: str) -> _dt.date:
    return d - _dt.timedelta(days=d.weekday()) if by == "week" else d.replace(day=1)


def periods_between(a: _dt.date, b: _dt.date, by: str) -> list[str]:
    """Every period label from the one holding ``a`` to the one holding ``b``."""
    out, d = [], _period_start(a, by)
    while d <= b:
        out.append(period_of(d, by))
        d = d + _dt.timedelta(days=7) if by == "week" else (d.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
    return out


# -- trend -----------------------------------------------------------------------------------------

def poisson_trend(counts: Sequence[float]) -> dict[str, Any]:
    """Poisson regression of counts on the period index (log link, IRLS).

    Returns the slope (log rate change per period), its standard error, the Wald
    z, the rate ratio per period, the recent/earlier rate ratio (last half of the
    periods over the first half), and the label: intensifying / cooling when
    ``|z| >= 1.96``, else steady.
    """
    y = np.asarray(counts, dtype=float)
    n = len(y)
    half = n // 2
    early, late = y[:n - half].mean() if n else 0.0, y[n - half:].mean() if half else 0.0
    out: dict[str, Any] = {"statistic": "poisson_regression_slope", "periods": n,
                           "recent_vs_earlier_rate_ratio": (round(float(late / early), 3) if early > 0 else None)}
    if n < 3 or y.sum() == 0:
        out.update(slope=0.0, se=None, z=0.0, rate_ratio_per_period=1.0, trend="steady",
                   note="too few periods or events to test a change")
        return out
    x = np.arange(n, dtype=float) - (n - 1) / 2
    X = np.column_stack([np.ones(n), x])
    beta = np.array([math.log(max(y.mean(), 1e-9)), 0.0])
    for _ in range(50):
        mu = np.exp(np.clip(X @ beta, -30, 30))
        grad = X.T @ (y - mu)
        info = X.T @ (X * mu[:, None])
        try:
            step = np.linalg.solve(info + 1e-9 * np.eye(2), grad)
        except np.linalg.LinAlgError:
            break
        beta = beta + step
        if np.max(np.abs(step)) < 1e-8:
            break
    mu = np.exp(np.clip(X @ beta, -30, 30))
    info = X.T @ (X * mu[:, None])
    try:
        se = float(math.sqrt(np.linalg.inv(info)[1, 1]))
    except (np.linalg.LinAlgError, ValueError):
        se = float("inf")
    slope = float(beta[1])
    z = slope / se if se and math.isfinite(se) else 0.0
    trend = "intensifying" if z >= Z_CRIT else "cooling" if z <= -Z_CRIT else "steady"
    out.update(slope=round(slope, 4), se=round(se, 4) if math.isfinite(se) else None, z=round(z, 3),
               rate_ratio_per_period=round(math.exp(slope), 3), trend=trend)
    return out


# -- dyads -----------------------------------------------------------------------------------------

def _corpus_end(con: duckdb.DuckDBPyConnection) -> _dt.date | None:
    row = con.execute("SELECT max(coalesce(try_cast(left(reference_date, 10) AS DATE), "
                      "try_cast(left(published, 10) AS DATE))) FROM documents").fetchone()
    return row[0] if row else None


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, *, by: str = "month", evidence: bool = False,
         modalities: Sequence[str] = REAL, members: bool = True) -> dict[str, Any]:
    """The timeline of events between actors ``a`` and ``b`` (names or ids).

    Returns a dict with the resolved actors, one row per period (count, score
    sum and mean, per-quad counts and scores, direction counts), the trend with
    its statistic, the undated events, and, when ``evidence``, each event's
    sources with their evidence sentences.
    """
    if by not in ("month", "week"):
        raise ValueError("by must be month or week")
    A, B = resolve_actor(con, a, members=members), resolve_actor(con, b, members=members)
    ids = sorted(A.ids | B.ids)
    rows = con.execute("""
        SELECT p.event_id, p.entity_id, p.role, e.type, e.mode, e.quad, e.score, e.date, e.date_start, e.modality,
               e.n_sources, e.date_end
        FROM event_participants p JOIN events e ON e.id = p.event_id
        WHERE p.role IN ('actor', 'recipient') AND e.modality IN (SELECT unnest(?::VARCHAR[]))
          AND p.event_id IN (SELECT event_id FROM event_participants WHERE entity_id IN (SELECT unnest(?::VARCHAR[])))
        ORDER BY p.event_id""", [list(modalities), ids]).fetchall()
    by_event: dict[str, dict[str, Any]] = {}
    for eid, ent, role, etype, mode, quad, score, date, dstart, modality, nsrc, dend in rows:
        ev = by_event.setdefault(eid, {"id": eid, "type": etype, "mode": mode, "quad": quad, "score": score,
                                       "date": date, "date_start": dstart, "date_end": dend, "modality": modality,
                                       "n_sources": nsrc, "roles": defaultdict(set)})
        ev["roles"][role].add(ent)
    events = []
    for ev in by_event.values():
        parts = ev["roles"]["actor"] | ev["roles"]["recipient"]
        in_a, in_b = parts & A.ids, parts & B.ids
        if not in_a or not in_b or (len(in_a | in_b) < 2):
            continue  # one side missing, or a single entity standing for both
        if ev["roles"]["actor"] & A.ids and ev["roles"]["recipient"] & B.ids:
            ev["direction"] = "A->B"
        elif ev["roles"]["actor"] & B.ids and ev["roles"]["recipient"] & A.ids:
            ev["direction"] = "B->A"
        else:
            ev["direction"] = "mutual"
        events.append(ev)
    # an event dated "2019" or "2019/2020" cannot be put in one month: it is counted apart
    dated = [e for e in events if e["date_start"] is not None
             and period_of(e["date_start"], by) == period_of(e["date_end"] or e["date_start"], by)]
    imprecise = [e for e in events if e["date_start"] is not None and e not in dated]
    undated = [e for e in events if e["date_start"] is None]
    timeline: list[dict[str, Any]] = []
    trend = poisson_trend([])
    if dated:
        first = min(e["date_start"] for e in dated)
        last = max(max(e["date_start"] for e in dated), _corpus_end(con) or first)
        labels = periods_between(first, last, by)
        rows_by = {p: {"period": p, "count": 0, "score_sum": 0.0, "score_mean": None,
                       "quad": {q: {"count": 0, "score": 0.0} for q in QUADS.values()},
                       "direction": Counter(), "types": Counter()} for p in labels}
        for e in dated:
            r = rows_by[period_of(e["date_start"], by)]
            r["count"] += 1
            r["score_sum"] += e["score"] or 0.0
            q = QUADS.get(e["quad"] or 0)
            if q:
                r["quad"][q]["count"] += 1
                r["quad"][q]["score"] += e["score"] or 0.0
            r["direction"][e["direction"]] += 1
            r["types"][e["type"]] += 1
        for r in rows_by.values():
            r["score_sum"] = round(r["score_sum"], 3)
            r["score_mean"] = round(r["score_sum"] / r["count"], 3) if r["count"] else None
            r["direction"], r["types"] = dict(r["direction"]), dict(r["types"])
            timeline.append(r)
        trend = poisson_trend([r["count"] for r in timeline[-TREND_PERIODS:]])
    out: dict[str, Any] = {
        "a": {"spec": A.spec, "label": A.label, "entities": sorted(A.core), "members": len(A.members)},
        "b": {"spec": B.spec, "label": B.label, "entities": sorted(B.core), "members": len(B.members)},
        "by": by, "modalities": list(modalities), "events": len(events), "undated": len(undated),
        "imprecise": sorted(e["date"] or "" for e in imprecise),
        "timeline": timeline, "trend": trend,
    }
    if evidence:
        out["evidence"] = event_evidence(con, [e["id"] for e in sorted(
            events, key=lambda e: (e["date_start"] or _dt.date.max, e["id"]))])
        for item in out["evidence"]:
            item["direction"] = by_event[item["event_id"]].get("direction")
    return out


def event_evidence(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each event with its sources: document, URL, date, trigger and evidence sentence."""
    if not event_ids:
        return []
    rows = con.execute("""
        SELECT s.event_id, e.type, e.date, s.doc_id, coalesce(d.url, d.source), d.title,
               coalesce(d.published, d.reference_date), s.trigger_text, s.trigger_start, s.trigger_end,
               s.sent_start, s.sent_end, s.evidence
        FROM event_sources s JOIN events e ON e.id = s.event_id JOIN documents d ON d.id = s.doc_id
        WHERE s.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY s.event_id, s.doc_id, s.local_id""",
                       [list(event_ids)]).fetchall()
    grouped: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = grouped.setdefault(r[0], {"event_id": r[0], "type": r[1], "date": r[2], "sources": []})
        g["sources"].append({"doc_id": r[3], "source": r[4], "title": r[5], "published": r[6], "trigger": r[7],
                             "trigger_offsets": [r[8], r[9]], "sentence_offsets": [r[10], r[11]],
                             "sentence": r[12]})
    return [grouped[i] for i in event_ids if i in grouped]


def most_related(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """The two entities that share the most events (as actor/recipient), or None."""
    row = con.execute("""
        SELECT a.entity_id, b.entity_id, count(DISTINCT a.event_id) AS n FROM event_participants a
        JOIN event_participants b ON a.event_id = b.event_id AND a.entity_id < b.entity_id
        WHERE a.role IN ('actor', 'recipient') AND b.role IN ('actor', 'recipient')
        GROUP BY ALL ORDER BY n DESC, a.entity_id, b.entity_id LIMIT 1""").fetchone()
    return (row[0], row[1]) if row else None


# -- actors and networks ---------------------------------------------------------------------------

def top_actors(con: duckdb.DuckDBPyConnection, limit: int = 20, types: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The most active entities: events they take part in, then documents naming them."""
    type_filter = "WHERE e.type IN (SELECT unnest(?::VARCHAR[]))" if types else ""
    params: list[Any] = [list(types)] if types else []
    rows = con.execute(f"""
        SELECT e.id, e.name, e.name_en, e.type, e.country, e.kb_id, coalesce(p.n_events, 0) AS n_events,
               e.n_docs, e.n_mentions
        FROM entities e LEFT JOIN (SELECT entity_id, count(DISTINCT event_id) AS n_events FROM event_participants
                                    GROUP BY entity_id) p ON p.entity_id = e.id
        {type_filter}
        ORDER BY n_events DESC, e.n_docs DESC, e.n_mentions DESC, e.id LIMIT ?""", params + [limit]).fetchall()
    keys = ("id", "name", "name_en", "type", "country", "kb_id", "events", "documents", "mentions")
    return [dict(zip(keys, r)) for r in rows]


def cooccurrence(con: duckdb.DuckDBPyConnection, limit: int = 50, min_weight: int = 1,
                 types: Sequence[str] = ("PER", "ORG", "LOC")) -> dict[str, Any]:
    """Co-occurrence network of the ``limit`` most mentioned entities.

    An edge's ``weight`` is the number of documents naming both; ``events`` the
    number of events in which both take part.
    """
    top = con.execute("SELECT id, name, name_en, type, country, n_docs FROM entities WHERE type IN "
                      "(SELECT unnest(?::VARCHAR[])) ORDER BY n_docs DESC, n_mentions DESC, id LIMIT ?",
                      [list(types), limit]).fetchall()
    ids = [r[0] for r in top]
    nodes = [dict(zip(("id", "name", "name_en", "type", "country", "documents"), r)) for r in top]
    edges = con.execute("""
        WITH t AS (SELECT DISTINCT doc_id, entity_id FROM doc_entities
                   WHERE entity_id IN (SELECT unnest(?::VARCHAR[])))
        SELECT a.entity_id, b.entity_id, count(*) FROM t a JOIN t b ON a.doc_id = b.doc_id
        AND a.entity_id < b.entity_id GROUP BY ALL HAVING count(*) >= ? ORDER BY 3 DESC, 1, 2""",
                        [ids, min_weight]).fetchall()
    ev = {(a, b): n for a, b, n in con.execute("""
        WITH t AS (SELECT DISTINCT event_id, entity_id FROM event_participants
                   WHERE entity_id IN (SELECT unnest(?::VARCHAR[])))
        SELECT a.entity_id, b.entity_id, count(*) FROM t a JOIN t b ON a.event_id = b.event_id
        AND a.entity_id < b.entity_id GROUP BY ALL""", [ids]).fetchall()}
    links = [{"source": a, "target": b, "weight": n, "events": ev.get((a, b), 0)} for a, b, n in edges]
    return {"nodes": nodes, "links": links}


def to_graphml(graph: dict[str, Any]) -> str:
    """The network as GraphML (readable by Gephi, networkx, igraph)."""
    from xml.sax.saxutils import escape, quoteattr

    keys = [("name", "node", "string"), ("name_en", "node", "string"), ("type", "node", "string"),
            ("country", "node", "string"), ("documents", "node", "int"), ("weight", "edge", "int"),
            ("events", "edge", "int")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for k, dom, typ in keys:
        out.append(f'  <key id="{k}" for="{dom}" attr.name="{k}" attr.type="{typ}"/>')
    out.append('  <graph id="cooccurrence" edgedefault="undirected">')
    for n in graph["nodes"]:
        out.append(f"    <node id={quoteattr(n['id'])}>")
        for k, dom, _ in keys:
            if dom == "node" and n.get(k) is not None:
                out.append(f'      <data key="{k}">{escape(str(n[k]))}</data>')
        out.append("    </node>")
    for i, e in enumerate(graph["links"]):
        out.append(f"    <edge id=\"e{i}\" source={quoteattr(e['source'])} target={quoteattr(e['target'])}>")
        out.append(f'      <data key="weight">{e["weight"]}</data>')
        out.append(f'      <data key="events">{e["events"]}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
