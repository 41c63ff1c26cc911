"""PLOVER JSON Lines records of a document's events.

One record per event, in the shape of the PLOVER 2.0 event record
(``plover_spec.json``: ``event_record_fields``): ``actor``/``recipient`` entity objects
(``code``, ``sector``, ``entity_text``, ``identifier_id``), ``event_loc`` (a location
object), and ``cite_info`` pointing back at the article and the sentence.
"""

from __future__ import annotations

from typing import Any

from ..doc import Document, Entity, Event

PLOVER_VERSION = "2.0"


def _entity_object(doc: Document, ent: Entity | None, ev: Event, text: str | None = None) -> dict[str, Any]:
    if ent is None:
        return {"code": None, "sector": None, "entity_text": text, "identifier_id": None}
    # the words the event rests on: its argument span for this entity, else a mention in the sentence
    in_sent = [a["text"] for a in ev.extra.get("arguments", []) if a.get("entity") == ent.id]
    in_sent += [doc.text[m.start:m.end] for m in ent.mentions if ev.sentence.start <= m.start < ev.sentence.end]
    return {
        "code": ent.country, "sector": ent.sector, "entity_text": in_sent[0] if in_sent else ent.name,
        "identifier_id": ent.qid or ent.kb_id or ent.id, "name": ent.name, "name_en": ent.name_en,
        "entity_id": ent.id, "type": ent.type,
    }


def _location(ent: Entity | None) -> dict[str, Any] | None:
    if ent is None:
        return None
    return {"name": ent.name, "name_en": ent.name_en, "lat": ent.lat, "lon": ent.lon, "geonameid": ent.geonameid,
            "country": ent.country, "identifier_id": ent.qid or (f"geonames:{ent.geonameid}" if ent.geonameid else None),
            "entity_id": ent.id}


def _participants(doc: Document, ev: Event, role: str) -> list[dict[str, Any]]:
    ids = ev.actor if role == "actor" else ev.recipient
    out = [_entity_object(doc, doc.entity(i), ev) for i in ids]
    if not out:  # a nominal argument with no entity (المتظاهرون): keep its text
        out = [_entity_object(doc, None, ev, a["text"]) for a in ev.extra.get("arguments", [])
               if a.get("role") == role and a.get("entity") is None]
    return out


def to_plover(doc: Document) -> list[dict[str, Any]]:
    """PLOVER records (dicts, JSON-serialisable) of ``doc.events``, in order."""
    out: list[dict[str, Any]] = []
    for ev in doc.events:
        actors = _participants(doc, ev, "actor")
        recips = _participants(doc, ev, "recipient")
        src = doc.entity(ev.attributed_to) if ev.attributed_to else None
        out.append({
            "id": f"{doc.id[:16]}-{ev.id}",
            "has_event": True,
            "date": ev.date,
            "event_type": ev.type,
            "mode": ev.mode or "",
            "quad_class": ev.quad,
            "goldstein": ev.score,
            "context": [ev.modality] if ev.modality != "asserted" else [],
            "actor": actors[0] if actors else None,
            "recipient": recips[0] if recips else None,
            "actors": actors,
            "recipients": recips,
            "event_loc": _location(doc.entity(ev.place) if ev.place else None),
            "event_text": doc.text[ev.sentence.start:ev.sentence.end],
            "trigger": doc.text[ev.trigger.start:ev.trigger.end],
            "modality": ev.modality,
            "attributed_to": _entity_object(doc, src, ev) if src is not None else None,
            "confidence": round(ev.confidence, 3),
            "cite_info": {
                "doc_id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title,
                "published": doc.published, "reference_date": doc.reference_date,
                "sentence": {"start": ev.sentence.start, "end": ev.sentence.end},
                "trigger": {"start": ev.trigger.start, "end": ev.trigger.end},
                "event_id": ev.id,
            },
            "language": doc.language or "ar",
            "version": f"marsad PLOVER {PLOVER_VERSION}",
        })
    return out
