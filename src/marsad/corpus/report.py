"""Readable text reports of the corpus: stats, dyad timelines, the demo summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..store.db import connect, table_counts
from .analysis import QUADS, dyad, most_related, top_actors


def _name(a: dict[str, Any]) -> str:
    return f"{a['name']}" + (f" ({a['name_en']})" if a.get("name_en") else "")


def format_dyad(result: dict[str, Any], *, evidence_limit: int = 20) -> str:
    """A dyad result as a small text report: periods, quad counts, trend, evidence sentences."""
    a, b = result["a"], result["b"]
    lines = [(f"{a['label']} ↔ {b['label']}: {result['events']} events "
             f"({result['undated']} undated, {len(result.get('imprecise', []))} coarsely dated), by {result['by']}"
             f" [members: A {a['members']}, B {b['members']}]")]
    head = f"{'period':<10} {'events':>6} {'score':>7}  " + " ".join(f"{q[:12]:>12}" for q in QUADS.values())
    lines.append(head)
    tl = result["timeline"]
    i = 0
    while i < len(tl):
        r = tl[i]
        j = i
        while j + 1 < len(tl) and tl[j + 1]["count"] == 0 and r["count"] == 0:
            j += 1
        if j - i >= 2:  # a long quiet stretch on one line
            lines.append(f"{r['period']} … {tl[j]['period']}: no events")
            i = j + 1
            continue
        quads = " ".join(f"{r['quad'][q]['count']:>12}" for q in QUADS.values())
        score = f"{r['score_mean']:>7.2f}" if r["score_mean"] is not None else f"{'-':>7}"
        lines.append(f"{r['period']:<10} {r['count']:>6} {score}  {quads}")
        i += 1
    if result.get("imprecise"):
        lines.append(f"dated too coarsely for a {result['by']}: {', '.join(result['imprecise'])}")
    t = result["trend"]
    stat = f"slope {t['slope']} per period, z {t['z']}, rate ratio {t['rate_ratio_per_period']}/period"
    if t.get("recent_vs_earlier_rate_ratio") is not None:
        stat += f", recent/earlier {t['recent_vs_earlier_rate_ratio']}"
    lines.append(f"trend: {t['trend']} ({t['statistic']} over {t['periods']} periods: {stat})"
                 + (f" — {t['note']}" if t.get("note") else ""))
    for item in (result.get("evidence") or [])[:evidence_limit]:
        lines.append(f"- {item['date'] or '?'} {item['type']} [{item.get('direction')}]")
        for s in item["sources"]:
            lines.append(f"    {s['source']} @{s['sentence_offsets'][0]}-{s['sentence_offsets'][1]}: "
                         f"{(s['sentence'] or '').strip()[:300]}")
    return "\n".join(lines)


def format_stats(con: duckdb.DuckDBPyConnection) -> str:
    """Row counts, schema version, runs, rejects by reason, languages."""
    counts = table_counts(con)
    lines = ["tables: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
    ver = con.execute("SELECT max(version) FROM schema_version").fetchone()
    lines.append(f"schema version {ver[0] if ver else '?'}")
    clusters = con.execute("SELECT count(*), coalesce(sum(n), 0) FROM (SELECT cluster_id, count(*) AS n "
                           "FROM documents GROUP BY cluster_id HAVING count(*) > 1)").fetchone()
    if clusters:
        lines.append(f"near-duplicate clusters {clusters[0]} holding {clusters[1]} documents")
    merged = con.execute("SELECT count(*) FROM events WHERE n_sources > 1").fetchone()
    lines.append(f"events reported by several articles {merged[0] if merged else 0}")
    for reason, n in con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY 2 DESC").fetchall():
        lines.append(f"rejected {reason}: {n}")
    for lang, n in con.execute("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1 "
                               "ORDER BY 2 DESC LIMIT 5").fetchall():
        lines.append(f"language {lang}: {n}")
    return "\n".join(lines)


def demo_summary(db_path: str | Path, a: str | None = None, b: str | None = None, *, by: str = "month") -> str:
    """The corpus in a few lines: counts, top actors, top events, and one dyad timeline.

    The dyad is ``a``–``b`` when both are given, else the two entities that share
    the most events.
    """
    con = connect(db_path, read_only=True)
    try:
        n_docs, n_events = (con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)")
                            .fetchone() or (0, 0))
        lines = [f"{n_docs} documents, {n_events} events in {db_path}"]
        actors = top_actors(con, limit=10)
        if actors:
            lines.append("top actors:")
            lines += [f"  {_name(x)} [{x['type']}] events {x['events']}, documents {x['documents']}" for x in actors]
        rows = con.execute("""
            SELECT e.type, e.date, e.n_sources, (SELECT string_agg(n.name, ', ' ORDER BY n.name)
                   FROM event_participants p JOIN entities n ON n.id = p.entity_id WHERE p.event_id = e.id) AS who
            FROM events e ORDER BY e.n_sources DESC, e.date_start DESC NULLS LAST, e.id LIMIT 10""").fetchall()
        if rows:
            lines.append("events:")
            lines += [f"  {t} {d or '?'} ({n} source{'s' if n != 1 else ''}): {who or '-'}" for t, d, n, who in rows]
        pair = (a, b) if a and b else most_related(con)
        if pair:
            try:
                result = dyad(con, pair[0], pair[1], by=by, evidence=True)
                lines.append("dyad:")
                lines += ["  " + ln for ln in format_dyad(result, evidence_limit=5).splitlines()]
            except LookupError as exc:
                lines.append(f"dyad: {exc}")
        return "\n".join(lines)
    finally:
        con.close()
