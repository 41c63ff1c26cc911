"""The compiled knowledge base, loaded once per process (:func:`get_kb`).

Reads only the package's own files under ``marsad/resources/kb/`` (built by
``marsad kb build``). Records are plain dataclasses; every alias is indexed under
its matching key (:func:`marsad.kb.variants.key`).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Messages, ResourceError
from .variants import key

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "kb"

# kinds whose names are never mistaken for common words
_PROPER_KINDS = frozenset({"country"})
# a place this big is what a very frequent word that is its name means (الرياض, not a village)
_BIG_POPULATION = 200_000
_PERSON_POPULATION = 500_000
# ISO-3 codes of the Middle East, North Africa, the Sahel and the Horn (see build_places.REGION_CC)
_REGION = frozenset(
    ["DZA", "BHR", "EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "LBY", "MAR", "OMN", "PSE", "QAT", "SAU", "SYR", "TUN", "ARE", "YEM", "TUR", "ESH", "MRT", "SDN", "SSD", "CYP", "MLT", "MLI", "NER", "TCD", "BFA", "SEN", "NGA", "CMR", "ETH", "ERI", "DJI", "SOM", "COM", "KEN"])


@dataclass(slots=True)
class Place:
    """A place of the KB."""

    idx: int
    id: str
    kind: str
    names_ar: list[str]
    name_en: str
    geonameid: int | None
    qid: str | None
    lat: float | None
    lon: float | None
    country: str | None
    population: int
    needs_context: bool
    source: str

    @property
    def kb_id(self) -> str:
        return f"marsad:place/{self.id}"

    @property
    def name_ar(self) -> str:
        return self.names_ar[0] if self.names_ar else self.name_en


@dataclass(slots=True)
class Actor:
    """A person or organisation of the KB."""

    idx: int
    id: str
    kb_id: str
    type: str
    name_en: str | None
    names_ar: list[str]
    aliases_ar: list[str]
    variants: list[str]
    titles_ar: list[str]
    country: str | None
    sector: str | None
    qid: str | None
    priority: int
    source: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name_ar(self) -> str:
        return self.names_ar[0] if self.names_ar else (self.name_en or self.id)


@dataclass(frozen=True, slots=True)
class Ref:
    """What an alias key may name: ``kind`` is ``place``, ``actor``, ``title`` or ``demonym``.

    ``idx`` indexes ``KB.places``/``KB.actors``; for demonyms ``country`` is set and
    ``sub`` is ``adj`` or ``people``. ``context``: 0 = a name; 1 = a name that needs
    context (a place curated so, الخادم, or a smaller place named by a very frequent word,
    البيضاء): a head word, NER, or places of its country nearby; 2 = a common noun
    (المدينة, الشقيق): a head word or NER only.
    """

    kind: str
    idx: int = -1
    country: str | None = None
    sub: str = ""
    context: int = 0


class KB:
    """Places, actors, demonyms and the alias index over them."""

    def __init__(self, root: Path = RESOURCES) -> None:
        self.root = root
        self.places: list[Place] = []
        self.actors: list[Actor] = []
        self.common: frozenset[str] = frozenset()
        self.index: dict[str, list[Ref]] = defaultdict(list)
        self.by_id: dict[str, Place | Actor] = {}
        self.country: dict[str, Place] = {}
        self._load()

    # -- loading ------------------------------------------------------------
    def _open(self, name: str) -> io.TextIOWrapper:
        p = self.root / name
        if not p.exists():
            raise ResourceError(Messages.E020.format(path=p, hint="marsad kb build"))
        return io.TextIOWrapper(gzip.open(p, "rb"), encoding="utf-8")

    def _load(self) -> None:
        strict, frequent, placey, very = set(), set(), set(), set()
        with self._open("common_words.txt.gz") as f:
            for ln in f:
                w, _, level = ln.rstrip("\n").partition("\t")
                (strict if level in ("1", "4") else frequent).add(w)
                if level == "3":
                    placey.add(w)
                elif level == "4":
                    very.add(w)
        self.very_common = frozenset(very)  # very frequent common nouns (شبه)
        self.common = frozenset(strict)  # common nouns
        self.frequent = frozenset(frequent)  # very frequent words
        self.placey = frozenset(placey)  # very frequent words mostly used as a place (في مأرب)
        with self._open("proclitic_stop.txt.gz") as f:
            self.proclitic_stop = frozenset(w for w in f.read().split("\n") if w)
        with self._open("person_tokens.txt.gz") as f:
            self.person_tokens = frozenset(w for w in f.read().split("\n") if w)
        with self._open("places.tsv.gz") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                names = ([r["name_ar"]] if r["name_ar"] else []) + [a for a in r["aliases_ar"].split("|") if a]
                p = Place(len(self.places), r["id"], r["kind"], names, r["name_en"],
                          int(r["geonameid"]) if r["geonameid"] else None, r["qid"] or None,
                          float(r["lat"]) if r["lat"] else None, float(r["lon"]) if r["lon"] else None,
                          r["country"] or None, int(r["population"] or 0), r["needs_context"] == "1", r["source"])
                self.places.append(p)
                self.by_id[p.kb_id] = p
                if p.kind == "country":
                    self.country[p.id] = p
        with self._open("actors.json.gz") as f:
            for a in json.load(f):
                act = Actor(len(self.actors), a["id"], a["kb_id"], a["type"], a.get("name_en"), a["names_ar"],
                            a.get("aliases_ar") or [], a.get("variants") or [], a.get("titles_ar") or [],
                            a.get("country"), a.get("sector"), a.get("qid"), int(a.get("priority", 2)),
                            a.get("source", ""),
                            {k: a.get(k) for k in ("qid_source", "member_of", "roles", "valid_from", "valid_to")})
                self.actors.append(act)
                self.by_id[act.kb_id] = act
        self.demonyms: dict[str, tuple[str, str]] = {}
        with self._open("demonyms.tsv.gz") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                self.demonyms[r["form"]] = (r["country"], r["kind"])
        self._index()
        self.index = dict(self.index)  # type: ignore[assignment]  # read-only from here: no silent inserts

    def _common_word(self, k: str, p: Place | None, primary: bool = True) -> int:
        """Context level (see :class:`Ref`) of the name ``k`` of place ``p`` (``primary``: its own first name)."""
        if p is not None and p.kind in _PROPER_KINDS:
            return 0
        if " " in k:
            # an alternate name made of frequent words (عيد الفطر for Bayramiç) is a translation
            return 2 if (p is not None and p.source == "geonames" and p.population < _BIG_POPULATION
                         and all(t in self.frequent or t in self.common for t in k.split())) else 0
        if k in self.common:
            return 2
        if (p is not None and p.source in ("geonames", "dr5hn") and p.kind not in ("adm1", "capital")
                and p.population < _PERSON_POPULATION):
            # a personal name (حنا, نانسي) or a very short name of a small place far away (فري, كال)
            # is far more often something else
            if k in self.person_tokens or (len(k) <= 3 and p.country not in _REGION and p.population < 100_000):
                return 2
            # the Arabic-script alternate names GeoNames has for Persian and Turkish towns are often
            # Arabic words or personal names (خاتم, حنا); a town under 50,000 needs context
            if p.source == "geonames" and p.country in ("IRN", "TUR", "AFG", "PAK") and p.population < 50_000:
                return 2
        if k not in self.frequent or p is None:
            return 0
        # a very frequent word names a big place by its own name (الطائف); an alternate name
        # (إطار for Tyre) is a common word; a smaller place (البيضاء) needs context
        if not primary:
            return 2
        placey = k in self.placey and p.population >= 10_000  # a known town, not an area of unknown size
        return 1 if p.population < _BIG_POPULATION and not placey else 0

    def _add(self, k: str, ref: Ref) -> None:
        if len(k) >= 2 and ref not in self.index[k]:
            self.index[k].append(ref)

    def _index(self) -> None:
        for a in self.actors:
            for n in a.names_ar + a.aliases_ar:
                k = key(n)
                # a person's one-word alias that is also a common word (المهندس, عقار) needs the full name
                common = " " not in k and (k in self.common or k in self.frequent) and (a.priority > 0 or a.type == "PER")
                self._add(k, Ref("actor", a.idx, context=2 if common else 0))
            for k in a.variants:
                self._add(k, Ref("actor", a.idx))
            for t in a.titles_ar:
                self._add(key(t), Ref("title", a.idx))
        for p in self.places:
            for i, n in enumerate(p.names_ar):
                k = key(n)
                if len(k) < 3:
                    continue
                ctx = max(self._common_word(k, p, i == 0), 1 if p.needs_context and " " not in k else 0)
                self._add(k, Ref("place", p.idx, country=p.country, context=ctx))
        for form, (iso3, sub) in self.demonyms.items():
            self._add(form, Ref("demonym", country=iso3, sub=sub))

    # -- queries --------------------------------------------------------------
    def lookup(self, name: str) -> list[Ref]:
        """The refs of an exact name (any spelling the normaliser folds)."""
        return list(self.index.get(key(name), ()))

    def get(self, kb_id: str) -> Place | Actor | None:
        """A record by KB id (``marsad:actor/...``, ``marsad:place/...``) or by bare id."""
        if kb_id in self.by_id:
            return self.by_id[kb_id]
        for prefix in ("marsad:actor/", "marsad:place/"):
            if prefix + kb_id in self.by_id:
                return self.by_id[prefix + kb_id]
        return None

    def record(self, ref: Ref) -> Place | Actor | None:
        if ref.kind == "place":
            return self.places[ref.idx]
        if ref.kind in ("actor", "title"):
            return self.actors[ref.idx]
        if ref.kind == "demonym" and ref.country:
            return self.country.get(ref.country)
        return None

    def search(self, query: str, limit: int = 20) -> list[tuple[str, Place | Actor]]:
        """Records whose Arabic key or English name matches ``query`` (exact first, then prefix/substring)."""
        q = key(query)
        out: list[tuple[str, Place | Actor]] = []
        seen: set[str] = set()

        def push(how: str, rec: Place | Actor | None) -> None:
            kid = rec.kb_id if rec is not None else ""
            if rec is not None and kid not in seen and len(out) < limit:
                seen.add(kid)
                out.append((how, rec))

        for ref in self.index.get(q, ()):
            push("exact", self.record(ref))
        ql = query.strip().lower()
        recs: list[Place | Actor] = [*self.actors, *self.places]
        for rec in recs:
            if (rec.name_en or "").lower() == ql:
                push("exact", rec)
        if len(out) < limit:
            for rec in sorted(recs, key=_rank):
                if (ql and ql in (rec.name_en or "").lower()) or (q and any(q in key(n) for n in rec.names_ar[:3])):
                    push("partial", rec)
                if len(out) >= limit:
                    break
        return out

    def stats(self) -> dict[str, Any]:
        """Counts of records and aliases."""
        kinds: dict[str, int] = defaultdict(int)
        for p in self.places:
            kinds[p.kind] += 1
        refs: dict[str, int] = defaultdict(int)
        for rs in self.index.values():
            for r in rs:
                refs[r.kind] += 1
        files = {p.name: p.stat().st_size for p in sorted(self.root.glob("*")) if p.is_file()}
        return {
            "places": len(self.places), "places_by_kind": dict(sorted(kinds.items())),
            "actors": len(self.actors), "actors_curated": sum(1 for a in self.actors if a.priority == 0),
            "actors_by_type": {t: sum(1 for a in self.actors if a.type == t) for t in ("PER", "ORG")},
            "alias_keys": len(self.index), "alias_refs": dict(refs), "demonyms": len(self.demonyms),
            "files_bytes": files, "total_bytes": sum(files.values()),
        }

    def iter_aliases(self) -> Iterator[tuple[str, list[Ref]]]:
        return iter(self.index.items())


def _rank(rec: Place | Actor) -> tuple[int, int]:
    if isinstance(rec, Actor):
        return (rec.priority, 0)
    return (1, -rec.population)


_KB: KB | None = None
_LOCK = threading.Lock()


def get_kb() -> KB:
    """The process-wide KB (loaded on first use)."""
    global _KB
    if _KB is None:
        with _LOCK:
            if _KB is None:
                _KB = KB()
    return _KB
