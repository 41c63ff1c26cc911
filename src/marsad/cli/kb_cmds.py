"""``marsad kb``: build and inspect the knowledge base (places, actors, demonyms)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


def _record_json(rec: Any) -> dict[str, Any]:
    from ..kb.store import Actor, Place

    if isinstance(rec, Place):
        return {"kb_id": rec.kb_id, "type": "LOC", "kind": rec.kind, "name": rec.name_ar, "name_en": rec.name_en,
                "names_ar": rec.names_ar, "geonameid": rec.geonameid, "qid": rec.qid, "lat": rec.lat,
                "lon": rec.lon, "country": rec.country, "population": rec.population,
                "needs_context": rec.needs_context, "source": rec.source}
    assert isinstance(rec, Actor)
    return {"kb_id": rec.kb_id, "type": rec.type, "name": rec.name_ar, "name_en": rec.name_en,
            "names_ar": rec.names_ar, "aliases_ar": rec.aliases_ar, "variants": rec.variants,
            "titles_ar": rec.titles_ar, "country": rec.country, "sector": rec.sector, "qid": rec.qid,
            "source": rec.source, "priority": rec.priority, **rec.extra}


def kb_build(shared: Path | None = None, *, seeds: bool = True) -> dict[str, Any]:
    """Compile the KB into the package's resources (see :mod:`marsad.kb.build`)."""
    from ..kb.build import DEFAULT_SHARED, build

    return build(shared or DEFAULT_SHARED, with_seeds=seeds)


def kb_search(name: str, limit: int = 10) -> list[dict[str, Any]]:
    """KB records for a name (Arabic or Latin): exact names first, then partial and fuzzy ones."""
    from ..kb.resolve import Resolver
    from ..kb.store import get_kb

    kb = get_kb()
    out = [{"match": how, **_record_json(rec)} for how, rec in kb.search(name, limit)]
    if not out:
        res = Resolver(kb).resolve(name)
        if res is not None:
            rec = kb.record(res.ref)
            out.append({"match": res.method, "score": res.score, **_record_json(rec)})
    return out


def kb_show(kb_id: str) -> dict[str, Any] | None:
    """One KB record by id (``marsad:actor/khalifa-haftar``, ``khalifa-haftar``, ``LBY``, ``gn2210247``)."""
    from ..kb.store import get_kb

    rec = get_kb().get(kb_id)
    return _record_json(rec) if rec is not None else None


def kb_stats() -> dict[str, Any]:
    """Counts of the KB's places, actors, aliases and the size of its files."""
    from ..kb.store import get_kb

    return get_kb().stats()


def _echo(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    @root.group(name="kb")
    def kb_group() -> None:
        """Build and inspect the knowledge base (places, actors)."""

    @kb_group.command(name="build")
    @click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Path of ../shared/data (default: next to the project).")
    @click.option("--no-seeds", is_flag=True, help="Leave out the Phoenix/UniversalPetrarch seeds.")
    def build_cmd(shared: Path | None, no_seeds: bool) -> None:
        """Compile the KB from ../shared/data/kb and the curated files into the package.

        Example:
            marsad kb build
        """
        try:
            meta = kb_build(shared, seeds=not no_seeds)
        except (FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
        _echo({k: v for k, v in meta.items() if k != "sources"})

    @kb_group.command(name="search")
    @click.argument("name")
    @click.option("--limit", default=10, show_default=True, help="Most records to print.")
    def search_cmd(name: str, limit: int) -> None:
        """Find KB records by an Arabic or Latin name.

        Example:
            marsad kb search حفتر
        """
        hits = kb_search(name, limit)
        if not hits:
            raise click.ClickException(f"no KB record for {name!r}")
        for h in hits:
            click.echo(json.dumps({k: h[k] for k in ("match", "kb_id", "type", "name", "name_en", "country")
                                   if k in h}, ensure_ascii=False))

    @kb_group.command(name="show")
    @click.argument("kb_id")
    def show_cmd(kb_id: str) -> None:
        """Print one KB record.

        Example:
            marsad kb show marsad:actor/khalifa-haftar
        """
        rec = kb_show(kb_id)
        if rec is None:
            raise click.ClickException(f"no KB record {kb_id!r}")
        _echo(rec)

    @kb_group.command(name="stats")
    def stats_cmd() -> None:
        """Counts of places, actors and aliases, and the size of the KB files.

        Example:
            marsad kb stats
        """
        _echo(kb_stats())
