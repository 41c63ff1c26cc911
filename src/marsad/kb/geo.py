"""Choosing one place among the KB places that share a name, by document context.

The score of a candidate is a prior (feature type and population) plus the
weight of its country in the document (countries named, demonyms, countries of
the other places and actors) plus closeness to the document's unambiguous
places. Tripoli in a story that names Libya, Benghazi or Libyan actors is
Tripoli, Libya; with no context the bigger, higher-ranked place wins.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .store import Place

# prior by feature type: a country or a capital is what a bare name means most often
KIND_PRIOR = {
    "country": 3.0, "continent": 2.0, "capital": 1.6, "adm1": 0.9, "region": 1.2, "sea": 1.2, "strait": 1.0,
    "city": 0.6, "base": 0.9, "airport": 0.9, "district": 0.6, "river": 0.9, "waterway": 0.9,
}
# weight of the document's country context against the prior
COUNTRY_WEIGHT = 1.5
NEAR_KM = 400.0


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen place, its score margin over the runner-up (confidence) and all scores."""

    place: Place
    confidence: float


def _prior(p: Place) -> float:
    pop = min(p.population, 20_000_000) if p.kind not in ("continent", "country") else 0
    return KIND_PRIOR.get(p.kind, 0.5) + (math.log10(pop + 1) / 7.0 if pop else 0.0)


def _km(a: Place, lat: float, lon: float) -> float:
    if a.lat is None or a.lon is None:
        return 1e9
    p1, p2 = math.radians(a.lat), math.radians(lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - a.lon) / 2) ** 2)
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def choose(cands: Sequence[Place], countries: Mapping[str, float],
           anchors: Iterable[tuple[float, float]] = ()) -> Choice | None:
    """Pick one of ``cands`` given the document's country weights and anchor coordinates."""
    if not cands:
        return None
    total = sum(countries.values()) or 1.0
    pts = list(anchors)
    scored: list[tuple[float, int, Place]] = []
    for i, p in enumerate(cands):
        s = _prior(p)
        if p.kind == "country":
            s += COUNTRY_WEIGHT * countries.get(p.id, 0.0) / total
        elif p.country:
            s += COUNTRY_WEIGHT * 2 * countries.get(p.country, 0.0) / total
        if pts and p.lat is not None:
            near = sum(1 for lat, lon in pts if _km(p, lat, lon) < NEAR_KM)
            s += 0.8 * near / len(pts)
        scored.append((s, -i, p))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    best = scored[0]
    margin = best[0] - scored[1][0] if len(scored) > 1 else best[0]
    return Choice(best[2], round(1 - math.exp(-max(margin, 0.0) * 2), 3) if len(scored) > 1 else 1.0)


def dedupe(cands: Sequence[Place]) -> list[Place]:
    """One candidate per real place: a city and its same-named area (Benghazi city and
    district) keep the city, unless the area is all there is."""
    out: list[Place] = []
    for p in cands:
        twin = next((q for q in out if q.country == p.country and q.lat is not None and p.lat is not None
                     and _km(q, p.lat, p.lon or 0.0) < 60 and {q.kind, p.kind} & {"adm1"}
                     and {q.kind, p.kind} - {"adm1"}), None)
        if twin is None:
            out.append(p)
        elif twin.kind == "adm1":
            out[out.index(twin)] = p
    return out
