"""``marsad eval ner``: score the shipped NER model on a CoNLL file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import click

from ..eval.ner import DOC_SENTS, TYPES, evaluate_file


def eval_ner(data: str, *, as_json: bool = False, doc_sents: int = DOC_SENTS) -> str:
    """The report of the NER model on ``data`` (text table, or one JSON object)."""
    res = evaluate_file(data, doc_sents=doc_sents)
    wall = res.pop("tokens_per_s_wall")
    if as_json:
        return json.dumps(res, ensure_ascii=False)
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
    per_type = cast(dict, res["per_type"])
    for t in [*TYPES, *sorted(set(per_type) - set(TYPES))]:
        if t in per_type:
            x = per_type[t]
            lines.append(f"{t:<6} {x['precision']:6.3f} {x['recall']:6.3f} {x['f1']:6.3f} {x['support']:8d}")
    lines.append(f"{'micro':<6} {res['precision']:6.3f} {res['recall']:6.3f} {res['f1']:6.3f}")
    lines.append(f"{res['sentences']} sentences, {res['tokens_per_s']:,.0f} tokens/s per core "
                 f"(CPU time; {wall:,.0f} tokens/s wall clock)")
    return "\n".join(lines)


def register(root: click.Group) -> None:
    group = cast(click.Group, root.commands["eval"])

    @group.command(name="ner")
    @click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="CoNLL file: 'token TAG' per line, blank line between sentences.")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
    @click.option("--doc-sents", default=DOC_SENTS, show_default=True, type=click.IntRange(min=0),
                  help="Sentences per document for the document-level step (0: sentences alone).")
    def ner_cmd(data: Path, as_json: bool, doc_sents: int) -> None:
        """Score the NER model on a CoNLL file (entity-level micro P/R/F1, seqeval conventions).

        Tags are BIO; PERS is read as PER and MIS as MISC. The model runs on the file's own
        tokens. F1 and the rest are fractions (0-1).

        Example:

            marsad eval ner --data ../shared/data/ner/anercorp/test.txt --json
        """
        click.echo(eval_ner(str(data), as_json=as_json, doc_sents=doc_sents))
