"""Labelled NER data for training: ANERcorp train, AQMAR train/dev, the Wojood sample.

Never reads ``anercorp/test.txt`` or ``aqmar/test.txt`` for training; only the
evaluation commands do.
"""

from __future__ import annotations

from pathlib import Path

from marsad.eval.ner import Sentence, read_conll

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
NER = SHARED / "ner"

# Wojood's 21 types onto ANERcorp's four. NORP (nationalities: الفلسطيني), dates,
# numbers, occupations ... are O in ANERcorp, so they are O here too; events and
# currencies are MISC there (بطولة, دولار).
WOJOOD_MAP = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC", "CURR": "MISC"}


def read_wojood(path: Path) -> list[Sentence]:
    """Flatten Wojood's nested BIO: mapped types only, outermost span first."""
    sents: list[Sentence] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        # collect nested spans per column position: each tag sequence is read left to right
        spans: list[tuple[int, int, str]] = []
        open_: dict[str, int] = {}
        for i, r in enumerate(rows + [["", "O"]]):
            tags = {t[2:]: t[0] for t in r[1:] if len(t) > 2 and t[1] == "-"}
            for typ, st in list(open_.items()):
                if tags.get(typ) != "I":
                    spans.append((st, i, typ))
                    del open_[typ]
            for typ, bi in tags.items():
                if bi == "B" or (bi == "I" and typ not in open_):
                    if typ in open_:
                        spans.append((open_[typ], i, typ))
                    open_[typ] = i
        mapped = [(a, b, WOJOOD_MAP[t]) for a, b, t in spans if t in WOJOOD_MAP]
        mapped.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        tags_out = ["O"] * len(rows)
        for a, b, t in mapped:
            if any(x != "O" for x in tags_out[a:b]):
                continue
            tags_out[a] = "B-" + t
            for j in range(a + 1, b):
                tags_out[j] = "I-" + t
        sents.append(Sentence([r[0] for r in rows], tags_out))
        rows.clear()

    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                flush()
            else:
                rows.append(parts)
    flush()
    return sents


def load(final: bool, dev_frac: float = 0.1) -> dict[str, list[Sentence]]:
    """Named training/dev sets. ``final``: everything allowed goes into training."""
    aner = read_conll(NER / "anercorp" / "train.txt")
    cut = int(len(aner) * (1 - dev_frac))
    out = {
        "anercorp_train": aner if final else aner[:cut],
        "aqmar_train": read_conll(NER / "aqmar" / "train.txt"),
        "wojood": [s for f in ("train", "val", "test") for s in read_wojood(NER / "wojood_sample" / f"{f}.txt")],
    }
    aqdev = read_conll(NER / "aqmar" / "dev.txt")
    if final:
        out["aqmar_dev"] = aqdev
    else:
        out["dev_anercorp"] = aner[cut:]
        out["dev_aqmar"] = aqdev
    return out
