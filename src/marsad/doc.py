"""The document model: one immutable text, stand-off spans.

This module is the spine of marsad and imports nothing from the package. Every
stage reads and writes a :class:`Document`; offsets are Python code points into
``Document.text`` (end exclusive), except ``Document.removed``, whose offsets are
into ``Document.raw_text`` (the decoded input before cleaning).

``Document.to_json()`` emits the output contract of ``marsad analyze`` (see
DESIGN.md) with every key present; ``Document.from_json()`` reads it back.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable

# Contract keys, in the order they are printed.
CONTRACT_KEYS = (
    "id", "source", "language", "title", "published", "reference_date", "text",
    "removed", "entities", "times", "quantities", "events",
)

MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")


def content_hash(data: bytes | str) -> str:
    """sha256 hex digest of the raw input (str is hashed as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stand-off annotation: ``text[start:end]`` with a label.

    ``attrs`` carries stage-specific values (a time's ``value``, a token's
    ``base`` offset after proclitics, a quantity's ``unit`` ...). It is not part
    of equality or hashing beyond identity of content.
    """

    start: int
    end: int
    label: str = ""
    kb_id: str | None = None
    source: str = ""
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    # written by hand (dataclass keeps it): the generated frozen __init__ plus a
    # __post_init__ cost 3x more, and tokens make millions of spans
    def __init__(self, start: int, end: int, label: str = "", kb_id: str | None = None, source: str = "",
                 attrs: dict[str, Any] | None = None) -> None:
        if not (0 <= start <= end):
            raise ValueError(f"bad span offsets {start}:{end}")
        _set = object.__setattr__
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "label", label)
        _set(self, "kb_id", kb_id)
        _set(self, "source", source)
        _set(self, "attrs", {} if attrs is None else attrs)

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Removed:
    """A span removed by cleaning; offsets into ``Document.raw_text``."""

    start: int
    end: int
    reason: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "reason": self.reason, "text": self.text}


class OffsetMap:
    """Maps offsets of the cleaned text back to the raw text and forth.

    The cleaned text is a concatenation of pieces of the raw text, each stored
    as ``(clean_start, raw_start, length)``. Characters inserted by cleaning
    (e.g. a normalised line break) are pieces with ``raw_start = -1``.
    """

    __slots__ = ("_clean", "_raw", "_len")

    def __init__(self, pieces: Iterable[tuple[int, int, int]] = ()) -> None:
        self._clean: list[int] = []
        self._raw: list[int] = []
        self._len: list[int] = []
        for c, r, n in pieces:
            self.add(c, r, n)

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls([(0, 0, n)] if n else [])

    def add(self, clean_start: int, raw_start: int, length: int) -> None:
        if length <= 0:
            return
        if self._clean:
            prev_end = self._clean[-1] + self._len[-1]
            if clean_start < prev_end:
                raise ValueError("offset map pieces must be added in order")
            # merge contiguous pieces so the map stays small
            if (clean_start == prev_end and raw_start >= 0 and self._raw[-1] >= 0
                    and raw_start == self._raw[-1] + self._len[-1]):
                self._len[-1] += length
                return
        self._clean.append(clean_start)
        self._raw.append(raw_start)
        self._len.append(length)

    @property
    def pieces(self) -> list[tuple[int, int, int]]:
        return list(zip(self._clean, self._raw, self._len))

    def to_raw(self, clean_offset: int) -> int:
        """Raw offset of a clean offset (an end offset maps to just after its character)."""
        if not self._clean:
            return clean_offset
        i = bisect.bisect_right(self._clean, clean_offset) - 1
        if i < 0:
            return self._raw[0] if self._raw[0] >= 0 else 0
        c, r, n = self._clean[i], self._raw[i], self._len[i]
        if r < 0:  # inserted text: map to the next real piece
            for j in range(i + 1, len(self._clean)):
                if self._raw[j] >= 0:
                    return self._raw[j]
            return max((rr + ll for rr, ll in zip(self._raw, self._len) if rr >= 0), default=0)
        return r + min(clean_offset - c, n)

    def to_clean(self, raw_offset: int) -> int | None:
        """Clean offset of a raw offset, or None when that character was removed."""
        for c, r, n in zip(self._clean, self._raw, self._len):
            if r >= 0 and r <= raw_offset < r + n:
                return c + raw_offset - r
        return None


@dataclass(slots=True)
class Entity:
    """One real-world referent in a document, with all its mentions."""

    id: str
    type: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    name_en: str | None = None
    kb_id: str | None = None
    qid: str | None = None
    country: str | None = None
    sector: str | None = None
    subtype: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    score: float | None = None

    def to_json(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "type": self.type, "name": self.name, "name_en": self.name_en,
            "kb_id": self.kb_id, "qid": self.qid, "country": self.country, "sector": self.sector,
            "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
            "mentions": [{"start": m.start, "end": m.end, "text": text[m.start:m.end]} for m in self.mentions],
        }
        if self.subtype:
            out["subtype"] = self.subtype
        if self.score is not None:
            out["score"] = round(self.score, 3)
        return out


@dataclass(slots=True)
class Event:
    """A coded PLOVER event; arguments are entity ids of the same document."""

    id: str
    type: str
    trigger: Span
    sentence: Span
    mode: str | None = None
    quad: int | None = None
    score: float | None = None
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "type": self.type, "mode": self.mode, "quad": self.quad, "score": self.score,
            "actor": list(self.actor), "recipient": list(self.recipient), "date": self.date,
            "place": self.place,
            "trigger": {"start": self.trigger.start, "end": self.trigger.end,
                        "text": text[self.trigger.start:self.trigger.end]},
            "sentence": {"start": self.sentence.start, "end": self.sentence.end},
            "modality": self.modality, "attributed_to": self.attributed_to,
            "confidence": round(self.confidence, 3),
        }
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class Failure:
    """A recorded, non-fatal problem of one stage with one document."""

    stage: str
    code: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"stage": self.stage, "code": self.code, "detail": self.detail}


def _span_json(text: str, s: Span, keys: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"start": s.start, "end": s.end, "text": text[s.start:s.end]}
    for k in keys:
        out[k] = s.attrs.get(k)
    for k, v in s.attrs.items():
        if k not in out:
            out[k] = v
    return out


@dataclass(slots=True)
class Document:
    """An article: raw input, cleaned text, stand-off layers, entities, events.

    Layers (``layers[name]``) used by the standard stages:
    ``paragraphs``, ``captions``, ``sents``, ``tokens`` (surface tokens, with
    ``attrs["base"]`` the offset after attached proclitics), ``ents`` (NER
    mentions), ``times``, ``quantities``.
    """

    id: str
    source: str
    raw_text: str = ""
    text: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None
    reference_date: str | None = None
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    layers: dict[str, list[Span]] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None

    # -- construction ----------------------------------------------------
    @classmethod
    def from_text(cls, text: str, *, source: str = "<text>", title: str | None = None,
                  url: str | None = None, published: str | None = None,
                  id: str | None = None) -> "Document":
        """A document whose raw input is ``text`` (cleaning not yet run)."""
        return cls(id=id or content_hash(text), source=source, raw_text=text, title=title,
                   url=url, published=published)

    # -- helpers -----------------------------------------------------------
    def span_text(self, s: Span) -> str:
        return self.text[s.start:s.end]

    def layer(self, name: str) -> list[Span]:
        return self.layers.get(name, [])

    def set_text(self, text: str, offsets: OffsetMap) -> None:
        """Set the cleaned text once; later stages must not change it."""
        if self.text and self.text != text and self.layers:
            raise ValueError("Document.text is set once, by the clean stage")
        self.text = text
        self.offsets = offsets

    def entity(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def fail(self, stage: str, code: str, detail: str) -> None:
        self.failures.append(Failure(stage, code, detail))

    # -- serialisation -------------------------------------------------------
    def to_json(self, *, with_meta: bool = True) -> dict[str, Any]:
        """The output contract of ``marsad analyze`` (every key present)."""
        if self.error is not None:
            return {"id": self.id, "source": self.source, "error": self.error}
        t = self.text
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "reference_date": self.reference_date,
            "text": t,
            "removed": [r.to_json() for r in self.removed],
            "entities": [e.to_json(t) for e in self.entities],
            "times": [_span_json(t, s, ("value",)) for s in self.layer("times")],
            "quantities": [_span_json(t, s, ("min", "max", "unit")) for s in self.layer("quantities")],
            "events": [e.to_json(t) for e in self.events],
        }
        if with_meta:
            meta = dict(self.meta)
            meta.pop("norm", None)  # a derived view, rebuilt on demand
            if self.url:
                meta.setdefault("url", self.url)
            meta["captions"] = [{"start": s.start, "end": s.end} for s in self.layer("captions")]
            meta["sentences"] = len(self.layer("sents"))
            if self.failures:
                meta["failures"] = [f.to_json() for f in self.failures]
            out["meta"] = meta
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "Document":
        """Rebuild a document from :meth:`to_json` output (entities, times, events)."""
        text = obj.get("text") or ""
        doc = cls(id=obj["id"], source=obj.get("source", ""), text=text, title=obj.get("title"),
                  published=obj.get("published"), reference_date=obj.get("reference_date"),
                  language=obj.get("language"), error=obj.get("error"))
        doc.removed = [Removed(r["start"], r["end"], r["reason"], r["text"]) for r in obj.get("removed", [])]
        meta = dict(obj.get("meta") or {})
        doc.url = meta.get("url")
        caps = meta.pop("captions", [])
        meta.pop("sentences", None)
        doc.failures = [Failure(**f) for f in meta.pop("failures", [])]
        doc.meta = meta
        if caps:
            doc.layers["captions"] = [Span(c["start"], c["end"], "CAPTION") for c in caps]
        for name, key in (("times", ("value",)), ("quantities", ("min", "max", "unit"))):
            spans = []
            for s in obj.get(name, []):
                attrs = {k: v for k, v in s.items() if k not in ("start", "end", "text")}
                spans.append(Span(s["start"], s["end"], name[:-1].upper(), attrs=attrs))
            if spans:
                doc.layers[name] = spans
        for e in obj.get("entities", []):
            doc.entities.append(Entity(
                id=e["id"], type=e["type"], name=e["name"], name_en=e.get("name_en"), kb_id=e.get("kb_id"),
                qid=e.get("qid"), country=e.get("country"), sector=e.get("sector"), subtype=e.get("subtype"),
                lat=e.get("lat"), lon=e.get("lon"), geonameid=e.get("geonameid"), score=e.get("score"),
                mentions=[Span(m["start"], m["end"], e["type"]) for m in e.get("mentions", [])]))
        known = {"id", "type", "mode", "quad", "score", "actor", "recipient", "date", "place", "trigger",
                 "sentence", "modality", "attributed_to", "confidence"}
        for v in obj.get("events", []):
            tr, se = v["trigger"], v["sentence"]
            doc.events.append(Event(
                id=v["id"], type=v["type"], mode=v.get("mode"), quad=v.get("quad"), score=v.get("score"),
                actor=list(v.get("actor") or []), recipient=list(v.get("recipient") or []),
                date=v.get("date"), place=v.get("place"), trigger=Span(tr["start"], tr["end"], "TRIGGER"),
                sentence=Span(se["start"], se["end"], "SENT"), modality=v.get("modality") or "asserted",
                attributed_to=v.get("attributed_to"), confidence=v.get("confidence", 0.5),
                extra={k: val for k, val in v.items() if k not in known}))
        return doc
