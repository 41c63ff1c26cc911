"""``marsad eval events``: score the event stage on sentences with gold events."""

from __future__ import annotations

import json
from pathlib import Path

import click


def eval_events(data: str, *, as_json: bool = False) -> str:
    """The report of the full default pipeline's events on ``data`` (table, or one JSON object)."""
    from ..eval.events import evaluate_file, format_report

    res = evaluate_file(data)
    if as_json:
        res = {k: v for k, v in res.items() if k != "errors"}
        return json.dumps(res, ensure_ascii=False)
    return format_report(res)


def register(root: click.Group) -> None:
    group = root.commands["eval"]
    if not isinstance(group, click.Group):
        raise click.ClickException("the eval group is missing")

    @group.command(name="events")
    @click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="JSON Lines: {text, date?, events: [{plover, source_text, target_text, modality?}]}.")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
    def events_cmd(data: Path, as_json: bool) -> None:
        """Score PLOVER event coding: event recall, type accuracy, source/target actor match, per type.

        Each sentence runs through the full default pipeline.

        Example:
            marsad eval events --data ../shared/data/events/arabic_gold_sentences.dev.jsonl --json
        """
        click.echo(eval_events(str(data), as_json=as_json))
