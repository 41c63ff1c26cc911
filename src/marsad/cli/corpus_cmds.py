"""Corpus commands: ingest, load, dyad, actors, events, export, watch, stats.

Each command is a thin layer over a function of :mod:`marsad.corpus` or
:mod:`marsad.scale`; the database is ``marsad.duckdb`` unless ``--db`` says otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import orjson

DB_OPTION = click.option("--db", default="marsad.duckdb", show_default=True, type=click.Path(dir_okay=False),
                         help="DuckDB database file.")


def _open(db: str, read_only: bool = True) -> Any:
    from ..store.db import connect

    if read_only and not Path(db).exists():
        raise click.ClickException(f"no database at {db} (run marsad ingest first)")
    return connect(db, read_only=read_only)


def _echo_json(obj: Any) -> None:
    click.echo(orjson.dumps(obj, default=str, option=orjson.OPT_INDENT_2).decode())


def register(root: click.Group) -> None:
    @root.command(name="ingest")
    @click.argument("paths", nargs=-1, required=True)
    @DB_OPTION
    @click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 256),
                  help="Processes (local) or actors (ray) running the pipeline.")
    @click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
    @click.option("--glob", default="**/*", show_default=True, help="Files to read inside directories and zips.")
    @click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1, 100000),
                  help="Documents per write transaction.")
    @click.option("--parquet-dir", type=click.Path(file_okay=False), default=None,
                  help="Where --engine ray writes its Parquet partitions (default: next to the database).")
    @click.option("--recycle", default=4000, show_default=True, type=click.IntRange(0, None),
                  help="Replace a worker process after this many documents (bounds memory; 0: never).")
    @click.option("--stages", default=None,
                  help="Comma-separated stages to run instead of the default pipeline (e.g. extract,clean).")
    @click.option("--no-progress", is_flag=True, help="No progress bar.")
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    def ingest_cmd(paths: tuple[str, ...], db: str, workers: int, engine: str, glob: str, batch_size: int,
                   parquet_dir: str | None, recycle: int, stages: str | None, no_progress: bool,
                   as_json: bool) -> int:
        """Analyse articles and store them in the database (idempotent, resumable).

        PATHS are anything `marsad analyze` reads (files, directories, zips, - for standard
        input). Documents already stored (same content hash) are skipped; near-duplicates are
        clustered; unreadable inputs are recorded in the rejects table with their reason. A
        killed ingest is finished by running it again.

        \b
        Example:
            marsad ingest articles/ --db corpus.duckdb --workers 2
        """
        from ..corpus.ingest import ingest, pipeline_factory_for

        names = [x.strip() for x in stages.split(",") if x.strip()] if stages else None
        s = ingest(list(paths), db, workers=workers, glob=glob, engine=engine, progress=not no_progress,
                   batch_size=batch_size, parquet_dir=parquet_dir, pipeline_factory=pipeline_factory_for(names),
                   recycle=recycle or None)
        if as_json:
            _echo_json(s.to_json())
        else:
            click.echo(s.format(), err=False)
        return 0

    @root.command(name="load")
    @click.argument("parquet_dir", type=click.Path(exists=True))
    @DB_OPTION
    def load_cmd(parquet_dir: str, db: str) -> int:
        """Merge Parquet written by `marsad ingest --engine ray` into the database.

        \b
        Example:
            marsad load out/parquet --db corpus.duckdb
        """
        from ..scale.parquet import load_parquet

        click.echo(load_parquet(parquet_dir, db).format())
        return 0

    @root.command(name="dyad")
    @click.argument("a")
    @click.argument("b")
    @DB_OPTION
    @click.option("--by", type=click.Choice(["month", "week"]), default="month", show_default=True)
    @click.option("--plot", type=click.Path(dir_okay=False), default=None, help="Write a plot (.svg, or .png).")
    @click.option("--evidence", is_flag=True, help="List every event with its sources' sentences.")
    @click.option("--modality", multiple=True, default=("asserted", "historical"), show_default=True,
                  type=click.Choice(["asserted", "negated", "hypothetical", "future", "historical"]))
    @click.option("--no-members", is_flag=True, help="A country stands only for itself, not its members.")
    @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
    def dyad_cmd(a: str, b: str, db: str, by: str, plot: str | None, evidence: bool, modality: tuple[str, ...],
                 no_members: bool, as_json: bool) -> int:
        """Timeline of events between two actors: counts and PLOVER scores per period, trend.

        A and B are names, aliases, entity or KB ids, or ISO-3 country codes; a country stands
        for its members (its officials, forces, companies) unless --no-members.

        \b
        Example:
            marsad dyad "خليفة حفتر" روسيا --by month --plot haftar-russia.svg --evidence
        """
        from ..corpus.analysis import dyad
        from ..corpus.report import format_dyad

        con = _open(db)
        try:
            result = dyad(con, a, b, by=by, evidence=evidence, modalities=modality, members=not no_members)
        except LookupError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            con.close()
        if plot:
            from ..corpus.plot import write_plot

            write_plot(result, plot)
        if as_json:
            _echo_json(result)
        else:
            click.echo(format_dyad(result, evidence_limit=10**6))
        return 0

    @root.command(name="actors")
    @DB_OPTION
    @click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100000))
    @click.option("--type", "types", multiple=True, type=click.Choice(["PER", "ORG", "LOC", "MISC"]))
    @click.option("--network", type=click.Path(dir_okay=False), default=None,
                  help="Write the co-occurrence network of the top --limit entities (.graphml or .json).")
    @click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
    def actors_cmd(db: str, limit: int, types: tuple[str, ...], network: str | None, as_json: bool) -> int:
        """The most active actors (events, documents, mentions), and their co-occurrence network.

        \b
        Example:
            marsad actors --limit 30 --network actors.graphml
        """
        from ..corpus.analysis import cooccurrence, to_graphml, top_actors

        con = _open(db)
        try:
            rows = top_actors(con, limit=limit, types=types)
            graph = cooccurrence(con, limit=limit, types=types or ("PER", "ORG", "LOC")) if network else None
        finally:
            con.close()
        if network and graph is not None:
            p = Path(network)
            text = to_graphml(graph) if p.suffix.lower() == ".graphml" else orjson.dumps(
                graph, option=orjson.OPT_INDENT_2).decode()
            p.write_text(text, encoding="utf-8")
            click.echo(f"network: {len(graph['nodes'])} nodes, {len(graph['links'])} links -> {p}", err=True)
        if as_json:
            _echo_json(rows)
        else:
            for r in rows:
                en = f" ({r['name_en']})" if r["name_en"] else ""
                click.echo(f"{r['events']:>6} events {r['documents']:>6} docs  {r['name']}{en} [{r['type']}"
                           f"{', ' + r['country'] if r['country'] else ''}] {r['id']}")
        return 0

    @root.command(name="events")
    @DB_OPTION
    @click.option("--type", "types", multiple=True, help="PLOVER type (repeatable).")
    @click.option("--actor", default=None, help="A participant (name or id; a country includes its members).")
    @click.option("--place", default=None, help="The event's place (name or id; a country includes its places).")
    @click.option("--since", default=None, help="From this date (YYYY, YYYY-MM, YYYY-MM-DD).")
    @click.option("--until", default=None, help="Up to this date, inclusive.")
    @click.option("--modality", multiple=True,
                  type=click.Choice(["asserted", "negated", "hypothetical", "future", "historical"]))
    @click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10**9))
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per event (JSON Lines).")
    def events_cmd(db: str, types: tuple[str, ...], actor: str | None, place: str | None, since: str | None,
                   until: str | None, modality: tuple[str, ...], limit: int, as_json: bool) -> int:
        """Search the merged events: type, actor, place, date range, modality.

        \b
        Example:
            marsad events --type CONSULT --actor "خليفة حفتر" --since 2023-01 --until 2023-12
        """
        from ..corpus.query import find_events

        con = _open(db)
        try:
            rows = find_events(con, types=types, actor=actor, place=place, since=since, until=until,
                               modalities=modality, limit=limit)
        except (LookupError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            con.close()
        for e in rows:
            if as_json:
                click.echo(orjson.dumps(e, default=str).decode())
                continue
            who = ", ".join(x["name"] for x in e["actor"]) or "-"
            to = ", ".join(x["name"] for x in e["recipient"]) or "-"
            click.echo(f"{e['date'] or '?':<10} {e['type']:<10} {who} -> {to}"
                       f"{' @ ' + e['place'] if e['place'] else ''} [{e['modality']}, {e['n_sources']} src] {e['id']}")
            if e["sources"]:
                click.echo(f"           {(e['sources'][0]['evidence'] or '').strip()[:200]}")
        return 0

    @root.command(name="export")
    @DB_OPTION
    @click.option("--format", "fmt", type=click.Choice(["plover", "csv", "parquet", "geojson"]), required=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False), default=None,
                  help="Output file (standard output when absent; required for parquet).")
    def export_cmd(db: str, fmt: str, out: str | None) -> int:
        """Export the events with stable ids and provenance: PLOVER JSONL, CSV, Parquet, GeoJSON.

        \b
        Example:
            marsad export --format csv --out events.csv
        """
        from ..corpus.export import export

        con = _open(db)
        try:
            n = export(con, fmt, out)
        finally:
            con.close()
        click.echo(f"{n} records", err=True)
        return 0

    @root.command(name="watch")
    @click.argument("urls", nargs=-1, required=True)
    @DB_OPTION
    @click.option("--interval", default=900.0, show_default=True, help="Seconds between polls of each URL.")
    @click.option("--once", is_flag=True, help="Poll every URL once and stop.")
    @click.option("--delay", default=1.0, show_default=True, help="Politeness delay between requests (s).")
    @click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 20))
    @click.option("--max-items", default=200, show_default=True, help="New articles fetched per poll at most.")
    def watch_cmd(urls: tuple[str, ...], db: str, interval: float, once: bool, delay: float, retries: int,
                  max_items: int) -> int:
        """Poll RSS/Atom feeds and article pages; ingest new articles.

        Conditional GET (ETag / Last-Modified) skips unchanged feeds; a politeness delay
        separates requests; failed requests are retried with exponential back-off.

        \b
        Example:
            marsad watch https://example.com/rss.xml --interval 600
        """
        from ..corpus.watch import Watcher

        w = Watcher(db, delay=delay, retries=retries, max_items=max_items)
        try:
            w.run(list(urls), interval=interval, once=once, log=lambda m: click.echo(m, err=True))
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        return 0

    @root.command(name="stats")
    @DB_OPTION
    def stats_cmd(db: str) -> int:
        """Counts of the database: tables, clusters, merged events, rejects by reason.

        \b
        Example:
            marsad stats --db corpus.duckdb
        """
        from ..corpus.report import format_stats

        con = _open(db)
        try:
            click.echo(format_stats(con))
        finally:
            con.close()
        return 0

