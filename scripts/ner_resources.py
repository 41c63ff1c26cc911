"""Compile the NER gazetteer and person-name tables into ``src/marsad/models/ner/``.

Inputs (``../shared/data``):
- ``ner/anercorp/ANERGazet_{Loc,Org,Pers}.txt`` (ANERgazet, Benajiba et al. 2007);
- ``kb/geo/countries_ar.tsv`` (CLDR / iso-codes / dr5hn Arabic country names),
  ``kb/geo/dr5hn/countries.json``, ``states.csv`` and ``cities/*.json`` (ODbL);
- ``kb/names/wikidata_netranslit_ar/ar_name_tokens_freq.tsv`` (CC0) and
  ``kb/names/arabnamer/dict_FINAL.json`` (CC BY 4.0): Arabic person-name tokens;
- the package's compiled KB (``marsad kb build``): actor names and aliases, place names
  that need no context, typed ``KPER``/``KORG``/``KLOC`` so the model weighs this
  larger, noisier source apart from the lists above.

Outputs: ``gazetteer.tsv.gz`` (``TYPE<TAB>normalised phrase``) and ``names.tsv.gz``
(``token<TAB>count``). Run: ``.venv/bin/python scripts/ner_resources.py``.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import is_arabic, words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "marsad" / "models" / "ner"


def _phrase(s: str) -> str:
    return " ".join(normalize(w) for w in words(s))


def gazetteer(shared: Path) -> set[tuple[str, str]]:
    """(type, normalised phrase) pairs from ANERgazet and the place lists."""
    out: set[tuple[str, str]] = set()
    for typ, name in (("LOC", "Loc"), ("ORG", "Org"), ("PER", "Pers")):
        path = shared / "ner" / "anercorp" / f"ANERGazet_{name}.txt"
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith("=") and is_arabic(line):
                out.add((typ, _phrase(line)))
    geo = shared / "kb" / "geo"
    with (geo / "countries_ar.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for k in ("ar_cldr(babel)", "ar_isocodes(pycountry)", "ar_dr5hn"):
                if row.get(k) and is_arabic(row[k]):
                    out.add(("LOC", _phrase(row[k])))
    for c in json.loads((geo / "dr5hn" / "countries.json").read_text(encoding="utf-8")):
        for v in (c.get("native"), (c.get("translations") or {}).get("ar")):
            if v and is_arabic(v):
                out.add(("LOC", _phrase(v)))
    with (geo / "dr5hn" / "states.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("native") and is_arabic(row["native"]):
                out.add(("LOC", _phrase(row["native"])))
    for path in sorted((geo / "dr5hn" / "cities").glob("*.json")):
        for c in json.loads(path.read_text(encoding="utf-8")):
            for v in (c.get("native"), (c.get("translations") or {}).get("ar")):
                if v and is_arabic(v):
                    out.add(("LOC", _phrase(v)))
    return {(t, p) for t, p in out if p}


def kb_names() -> set[tuple[str, str]]:
    """(``KPER``/``KORG``/``KLOC``, normalised phrase) of every KB alias that is a name alone.

    Aliases a KB lookup only trusts with context (common words, small places named by a
    frequent word) are left out.
    """
    from marsad.kb.store import get_kb

    kb = get_kb()
    out: set[tuple[str, str]] = set()
    for alias, refs in kb.iter_aliases():
        for r in refs:
            if r.context != 0:
                continue
            if r.kind == "actor":
                out.add(("K" + kb.actors[r.idx].type, alias))
            elif r.kind == "place":
                out.add(("KLOC", alias))
    return {(t, p) for t, p in out if p}


def names(shared: Path) -> Counter[str]:
    """Arabic person-name tokens with their Wikidata counts (+1 per arabnamer entry)."""
    c: Counter[str] = Counter()
    base = shared / "kb" / "names"
    with (base / "wikidata_netranslit_ar" / "ar_name_tokens_freq.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[1].isdigit():
                for w in words(parts[0]):
                    c[normalize(w)] += int(parts[1])
    for ar in json.loads((base / "arabnamer" / "dict_FINAL.json").read_text(encoding="utf-8")).values():
        for w in words(ar):
            if is_arabic(w):
                c[normalize(w)] += 1
    return c


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    OUT.mkdir(parents=True, exist_ok=True)
    gz = sorted(gazetteer(shared) | kb_names())
    with gzip.GzipFile(OUT / "gazetteer.tsv.gz", "wb", mtime=0) as fh:
        fh.write("".join(f"{t}\t{p}\n" for t, p in gz).encode("utf-8"))
    nm = names(shared)
    with gzip.GzipFile(OUT / "names.tsv.gz", "wb", mtime=0) as fh:
        fh.write("".join(f"{w}\t{n}\n" for w, n in sorted(nm.items())).encode("utf-8"))
    by_type = Counter(t for t, _ in gz)
    print(f"gazetteer: {len(gz)} phrases {dict(by_type)}; names: {len(nm)} tokens -> {OUT}")


if __name__ == "__main__":
    main()
