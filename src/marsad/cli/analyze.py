"""``marsad analyze``: one JSON object per document, per line (the output contract)."""

from __future__ import annotations

import sys
from typing import Iterator

import click
import orjson

from ..doc import Document


# records that are not articles (a WARC's non-HTML records, redirects) are reported, not failures
SKIPPED = "skipped:"


def iter_inputs(paths: tuple[str, ...], glob: str = "**/*") -> Iterator[Document]:
    """Documents of every input path (``-`` is standard input), in order."""
    from ..io.readers import read_path, read_stream

    for p in paths:
        if p == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>")
        else:
            yield from read_path(p, glob=glob)


def analyze(paths: tuple[str, ...], *, pretty: bool = False, fmt: str = "json", glob: str = "**/*",
            out=None) -> int:
    """Analyse every document of ``paths`` and write JSON Lines; return the number of failed inputs."""
    from .. import load_pipeline

    out = out or sys.stdout
    pipe = load_pipeline()
    failed = 0
    opts = orjson.OPT_INDENT_2 if pretty else 0
    for doc in iter_inputs(paths, glob):
        doc = pipe(doc)
        if doc.error is not None and not doc.error.startswith(SKIPPED):
            failed += 1
        if fmt == "plover" and doc.error is None:
            from ..export.plover import to_plover

            records = to_plover(doc)
        else:
            records = [doc.to_json()]
        for rec in records:
            out.write(orjson.dumps(rec, option=opts).decode("utf-8") + "\n")
        out.flush()
    return failed


def register(root: click.Group) -> None:
    @root.command(name="analyze")
    @click.argument("paths", nargs=-1, required=True)
    @click.option("--pretty", is_flag=True, help="Indent the JSON for humans.")
    @click.option("--format", "fmt", type=click.Choice(["json", "plover"]), default="json",
                  help="json: the output contract (one object per document); plover: one PLOVER record per event.")
    @click.option("--glob", default="**/*", show_default=True, help="Files to read inside directories and zips.")
    def analyze_cmd(paths: tuple[str, ...], pretty: bool, fmt: str, glob: str) -> int:
        """Analyse articles: print one JSON object per document (JSON Lines).

        PATHS are files (txt, HTML, JSON Lines, JSON, CSV, WARC, RSS/Atom, zip), directories,
        or - for standard input. A bad input prints {"id", "source", "error"} and the command
        goes on; the exit status is 1 when any input failed.

        Example:
            marsad analyze article.txt --pretty
        """
        failed = analyze(paths, pretty=pretty, fmt=fmt, glob=glob)
        if failed:
            click.echo(f"{failed} input(s) failed", err=True)
        return 1 if failed else 0
