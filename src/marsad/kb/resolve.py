"""Resolve one name to the knowledge base: exact key, surname, skeleton, then fuzzy.

Used by the link stage for mentions the gazetteer did not find (NER mentions in
another spelling) and by ``marsad kb search``. Each answer carries a score in
[0, 1] and the method that found it, so callers can set their own threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .store import KB, Actor, Place, Ref
from .variants import key, skeleton, split_proclitic, strip_article

# fuzzy floors (rapidfuzz ratio on keys, 0-100): a foreign name's spellings differ by a
# letter or two; below this, different names start to meet
FUZZY_MIN = 84
_PLACE_KINDS = frozenset({"country", "capital", "adm1", "region", "sea", "continent"})


@dataclass(frozen=True, slots=True)
class Resolution:
    """A KB record for a name, with a score and how it was found."""

    ref: Ref
    score: float
    method: str  # exact | variant | surname | skeleton | fuzzy


class Resolver:
    """Name → KB record. ``exclude``: keys to ignore (to test withheld aliases)."""

    def __init__(self, kb: KB, *, exclude: Iterable[str] = ()) -> None:
        self.kb = kb
        self.exclude = frozenset(exclude)
        self.surnames: dict[str, set[int]] = defaultdict(set)
        # skeleton -> {record: the length of its shortest name with that skeleton}
        self.skel: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
        self.fuzzy_keys: dict[str, list[tuple[str, tuple[str, int]]]] = defaultdict(list)
        for a in kb.actors:
            names = [key(n) for n in a.names_ar + a.aliases_ar] + list(a.variants)
            names = [n for n in names if n and n not in self.exclude]
            for n in names:
                self._index(n, ("actor", a.idx))
            if a.type == "PER":
                for n in [key(x) for x in a.names_ar] + list(a.variants):
                    toks = n.split()
                    if len(toks) >= 2:
                        self.surnames[toks[-1]].add(a.idx)
        for p in kb.places:
            if p.kind in _PLACE_KINDS or p.population >= 100_000:
                for n in p.names_ar:
                    k = key(n)
                    if k not in self.exclude and len(k) >= 4:
                        self._index(k, ("place", p.idx))

    def _index(self, k: str, target: tuple[str, int]) -> None:
        sk = skeleton(k)
        if len(sk.replace(" ", "")) >= 3:
            n = _letters(k)
            self.skel[sk][target] = min(n, self.skel[sk].get(target, n))
        if len(k) >= 4:
            self.fuzzy_keys[_bucket(k)].append((k, target))

    def _exact(self, k: str) -> list[Ref]:
        if k in self.exclude:
            return []
        return [r for r in self.kb.index.get(k, ()) if r.kind in ("actor", "place")]

    def resolve(self, name: str, type_: str | None = None) -> Resolution | None:
        """The best KB record for ``name`` (optionally of NER type ``type_``), or None."""
        k = key(name)
        if not k:
            return None
        readings = [k]
        first, _, rest = k.partition(" ")
        for pre, base in split_proclitic(first)[1:]:
            readings.append((base + " " + rest).strip())
        for i, r in enumerate(readings):
            refs = self._pick(self._exact(r), type_)
            if refs:
                return Resolution(refs, 1.0 if i == 0 else 0.95, "exact")
        if type_ in (None, "PER") and " " not in k:
            cands = sorted(self.surnames.get(k, ()), key=lambda i: (self.kb.actors[i].priority, i))
            if len(cands) == 1 or (cands and self.kb.actors[cands[0]].priority < self.kb.actors[cands[1]].priority):
                return Resolution(Ref("actor", cands[0]), 0.8, "surname")
        for r in readings:
            # (a spelling differs by a letter or two: القرم is no كورياما, though both read ك ر م)
            n = _letters(r)
            near = {t for t, m in self.skel.get(skeleton(r), {}).items() if abs(m - n) <= _SKELETON_SLACK}
            hit = self._pick_targets(near, type_)
            if hit is not None:
                return Resolution(hit, 0.85, "skeleton")
        for r in readings:
            cands = self.fuzzy_keys.get(_bucket(r), [])
            if not cands:
                continue
            best = process.extractOne(r, [c[0] for c in cands], scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
            if best is not None:
                target = cands[best[2]][1]
                ref = self._target_ref(target, type_)
                if ref is not None:
                    return Resolution(ref, round(best[1] / 100 * 0.85, 3), "fuzzy")
        return None

    # -- helpers ----------------------------------------------------------------
    def _type_ok(self, rec: Actor | Place, type_: str | None) -> bool:
        if type_ is None or type_ == "MISC":
            return True
        if isinstance(rec, Place):
            return type_ == "LOC"
        return rec.type == type_

    def _pick(self, refs: list[Ref], type_: str | None) -> Ref | None:
        ok = [r for r in refs if self._type_ok(self.kb.record(r), type_)]  # type: ignore[arg-type]
        if not ok:
            return None
        return min(ok, key=lambda r: self._rank(r))

    def _rank(self, r: Ref) -> tuple[int, int]:
        rec = self.kb.record(r)
        if isinstance(rec, Actor):
            return (rec.priority, rec.idx)
        assert isinstance(rec, Place)
        return (1, -rec.population)

    def _target_ref(self, target: tuple[str, int], type_: str | None) -> Ref | None:
        kind, idx = target
        ref = Ref(kind, idx, country=self.kb.places[idx].country if kind == "place" else None)
        rec = self.kb.record(ref)
        return ref if rec is not None and self._type_ok(rec, type_) else None

    def _pick_targets(self, targets: set[tuple[str, int]], type_: str | None) -> Ref | None:
        refs = [r for r in (self._target_ref(t, type_) for t in sorted(targets)) if r is not None]
        if not refs:
            return None
        refs.sort(key=self._rank)
        # two different records tie on the skeleton: only a curated actor may win
        if len(refs) > 1 and self._rank(refs[0])[0] == self._rank(refs[1])[0] and refs[0].kind == "actor":
            return None
        return refs[0]


_SKELETON_SLACK = 1


def _letters(k: str) -> int:
    """Letters of a key without its article and spaces (the length a skeleton match compares)."""
    return sum(len(strip_article(t)) for t in k.split())


def _bucket(k: str) -> str:
    """Fuzzy candidates share the first letter of the skeleton (after the article)."""
    s = strip_article(k.split()[0]) if k else ""
    return skeleton(s)[:1]
