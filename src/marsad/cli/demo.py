"""``marsad demo``: the bundled sample corpus → analysis → database → what an analyst wants first."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import click
import orjson

from ..doc import Document


def sample_paths() -> list[Path]:
    """The articles of the bundled sample corpus."""
    root = resources.files("marsad.resources").joinpath("samples")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".txt", ".jsonl", ".html")))


def summarize(doc: Document) -> str:
    """A readable summary of one analysed document."""
    out = []
    js = doc.to_json()
    out.append(f"== {js.get('title') or doc.source}")
    out.append(f"   source {doc.source} · language {js['language']} · reference date {js['reference_date']}"
               f" ({doc.meta.get('reference_method', 'n/a')})")
    out.append(f"   {len(js['text'])} characters kept, {len(js['removed'])} noise spans removed: "
               + ", ".join(sorted({r['reason'] for r in js['removed']})))
    if js["entities"]:
        out.append(f"-- entities ({len(js['entities'])})")
        for e in sorted(js["entities"], key=lambda e: (-len(e["mentions"]), e["type"])):
            extra = " ".join(x for x in (e.get("name_en") or "", e.get("kb_id") or "",
                                         f"({e['lat']:.2f}, {e['lon']:.2f})" if e.get("lat") is not None else "") if x)
            out.append(f"   {e['type']:<4} {e['name']}  ×{len(e['mentions'])}  {extra}")
    if js["times"]:
        out.append(f"-- times ({len(js['times'])})")
        out.append("   " + " · ".join(f"{t['text']} → {t['value']}" for t in js["times"]))
    if js["quantities"]:
        out.append(f"-- quantities ({len(js['quantities'])})")
        out.append("   " + " · ".join(q["text"] for q in js["quantities"]))
    if js["events"]:
        names = {e["id"]: e["name"] for e in js["entities"]}
        out.append(f"-- events ({len(js['events'])})")
        for v in js["events"]:
            who = ", ".join(names.get(i, i) for i in v["actor"]) or "?"
            whom = ", ".join(names.get(i, i) for i in v["recipient"])
            mode = f"/{v['mode']}" if v.get("mode") else ""
            place = f" @ {names.get(v['place'], v['place'])}" if v.get("place") else ""
            out.append(f"   {v['type']}{mode:<12} {who}{' → ' + whom if whom else ''}  [{v.get('date')}]{place}"
                       f"  {v['modality']}  «{v['trigger']['text']}»")
    return "\n".join(out)


# the question the sample corpus was gathered for: is the Haftar–Moscow security relationship intensifying?
DEFAULT_DYAD = ("marsad:actor/khalifa-haftar", "RUS")


def demo(db: str, out_path: str, dyad: tuple[str, str] = DEFAULT_DYAD) -> int:
    """Analyse the sample corpus, write its JSON Lines, ingest it and print the summaries."""
    from .. import load_pipeline
    from ..io.readers import read_path

    pipe = load_pipeline()
    paths = sample_paths()
    failed = 0
    with open(out_path, "wb") as fh:
        for p in paths:
            for doc in read_path(str(p)):
                doc = pipe(doc)
                fh.write(orjson.dumps(doc.to_json()) + b"\n")
                if doc.error:
                    failed += 1
                    click.echo(f"!! {doc.source}: {doc.error}")
                    continue
                click.echo(summarize(doc))
                click.echo()
    click.echo(f"JSON Lines written to {out_path}")
    if importlib.util.find_spec("marsad.corpus") is not None:
        from ..corpus import demo_summary, ingest_paths

        ingest_paths([str(p) for p in paths], db=db)
        click.echo(f"\nIngested into {db}\n")
        click.echo(demo_summary(db, *dyad))
    return 1 if failed else 0


def register(root: click.Group) -> None:
    @root.command(name="demo")
    @click.option("--db", default="marsad.duckdb", show_default=True, help="Database to ingest the sample into.")
    @click.option("--out", "out_path", default="demo-output.jsonl", show_default=True, help="Where to write the JSON.")
    @click.option("--dyad", nargs=2, default=DEFAULT_DYAD, show_default=True,
                  help="The two actors (names or ids; a country code stands for its members) whose timeline to show.")
    def demo_cmd(db: str, out_path: str, dyad: tuple[str, str]) -> int:
        """Run the bundled sample corpus through marsad and print what an analyst wants first.

        Example:
            marsad demo --db marsad.duckdb
        """
        return demo(db, out_path, dyad)
