"""Geocoding: LOC entities get coordinates, GeoNames id / Wikidata QID and country.

An entity the link stage tied to one KB place takes its fields. A place name
several KB places share (طرابلس: Libya, Lebanon; البيضاء: Libya, Yemen) is
resolved by :func:`marsad.kb.geo.choose`: the document's country weights (from
the link stage), closeness to its unambiguous places, and a prior by feature
type and population. Two entities that end on the same place are merged.
"""

from __future__ import annotations

from collections import Counter

from ..doc import Document, Entity
from ..kb.geo import choose, dedupe
from ..kb.store import KB, Place, get_kb
from ..kb.variants import key, split_proclitic

# kinds whose coordinates say where a story is (not a country's or a sea's centre)
_ANCHOR_KINDS = frozenset({"city", "capital", "adm1", "base", "airport", "district", "port", "field"})


class GeocodeStage:
    """Fill ``lat``/``lon``/``geonameid``/``qid``/``country`` of LOC entities (see module doc)."""

    name = "geocode.v1"
    requires = frozenset({"entities"})
    provides = frozenset({"geo"})

    def __init__(self, kb: KB | None = None) -> None:
        self.kb = kb or get_kb()

    def candidates(self, doc: Document, ent: Entity) -> list[Place]:
        """KB places any mention of ``ent`` may name (proclitic readings included)."""
        seen: dict[int, Place] = {}
        for m in ent.mentions:
            k = key(doc.text[m.start:m.end])
            first, _, rest = k.partition(" ")
            for _pre, base in split_proclitic(first):
                for r in self.kb.index.get((base + " " + rest).strip(), ()):
                    if r.kind == "place":
                        seen.setdefault(r.idx, self.kb.places[r.idx])
        return dedupe(list(seen.values()))

    def __call__(self, doc: Document) -> Document:
        countries: Counter[str] = Counter((doc.meta.get("link") or {}).get("countries") or {})
        anchors: list[tuple[float, float]] = []
        todo: list[Entity] = []
        for e in doc.entities:
            if e.type != "LOC":
                continue
            p = self.kb.get(e.kb_id) if e.kb_id else None
            if isinstance(p, Place):
                _fill(e, p, 1.0)
                if p.kind in _ANCHOR_KINDS and p.lat is not None and p.lon is not None:
                    anchors.append((p.lat, p.lon))
            elif e.kb_id is None or not e.kb_id.startswith("marsad:new/"):
                todo.append(e)
        for e in todo:
            cands = self.candidates(doc, e)
            if not cands:
                continue
            ch = choose(cands, countries, anchors)
            if ch is not None:
                _fill(e, ch.place, ch.confidence)
                if ch.place.country:
                    countries[ch.place.country] += 0.5
        _merge_same(doc)
        return doc


def _fill(e: Entity, p: Place, confidence: float) -> None:
    e.kb_id = p.kb_id
    e.name = p.name_ar
    e.name_en = p.name_en
    e.lat, e.lon = p.lat, p.lon
    e.geonameid = p.geonameid
    e.qid = p.qid or e.qid
    e.country = p.country if p.kind != "country" else p.id
    e.subtype = p.kind
    e.score = confidence if e.score is None else min(e.score, confidence) if confidence < 1 else e.score


def _merge_same(doc: Document) -> None:
    """Entities that resolved to the same KB place become one (mentions merged, ids renumbered)."""
    first: dict[str, Entity] = {}
    keep: list[Entity] = []
    for e in doc.entities:
        if e.type == "LOC" and e.kb_id and e.kb_id.startswith("marsad:place/"):
            if e.kb_id in first:
                tgt = first[e.kb_id]
                tgt.mentions = sorted({(m.start, m.end): m for m in tgt.mentions + e.mentions}.values(),
                                      key=lambda m: m.start)
                continue
            first[e.kb_id] = e
        keep.append(e)
    if len(keep) != len(doc.entities):
        old_to_new = {}
        for i, e in enumerate(keep, 1):
            old_to_new[e.id] = f"e{i}"
            e.id = f"e{i}"
        doc.entities = keep
