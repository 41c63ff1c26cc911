"""Entity linking: mentions → one entity per referent in the document → the KB.

Mentions come from two places: the gazetteer (every KB name, title and demonym
in the normalised text, :mod:`marsad.kb.gazetteer`) and, when the NER stage ran,
``doc.layers["ents"]``. They are grouped into entities:

- a KB name links to its actor or place (``حفتر`` is an alias of خليفة حفتر);
- a title (``المشير``, ``رئيس الكرملين``) joins the one actor of the document that
  holds it, or the one actor of the KB that does when the title is specific;
- a people demonym (``الروس``, ``الأتراك``) names its country;
- a NER mention the gazetteer missed is resolved in the document first (surname of
  a full name, a spelling variant of a name already there: fuzzy on normalised
  forms), then in the KB (:class:`marsad.kb.resolve.Resolver`), else becomes a new
  entity ``marsad:new/<type>/<slug>`` that is stable across documents;
- names that are also common words (``الساحل``, ``الخادم``) need a head word
  (``منطقة``, ``قاعدة`` ...), a NER label, or places of the same country nearby.

Places that share a name (Tripoli) are grouped by name here and resolved by the
geocode stage. ``doc.meta["link"]["countries"]`` keeps the document's country
weights for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..arabic.normalize import normalize_with_map
from ..doc import Document, Entity, Span
from ..kb.gazetteer import HEAD_WORDS, Gazetteer, Hit, get_gazetteer
from ..kb.resolve import Resolver
from ..kb.store import Actor, Place, Ref
from ..kb.variants import key

_DOC_FUZZY = 86
_QUASI = key("شبه")
_NEAR_CHARS = 300


def _prev_word(text: str, pos: int) -> str:
    """The word before ``pos`` (skipping spaces and punctuation; bounded look-back)."""
    i = pos
    lo = max(0, pos - 8)
    while i > lo and not text[i - 1].isalnum():
        i -= 1
    j = i
    lo = max(0, i - 30)
    while j > lo and (text[j - 1].isalnum() or "\u064b" <= text[j - 1] <= "\u065f"):
        j -= 1
    return text[j:i]


@dataclass
class _Mention:
    start: int
    end: int
    key: str
    refs: tuple[Ref, ...] = ()
    label: str | None = None  # NER label when NER saw it
    exact: bool = False  # NER saw exactly this span
    pre: str = ""
    kind: str = ""  # actor | place | title | demonym | ner


@dataclass
class _Group:
    type: str
    kb: Actor | Place | None = None
    places: list[Place] = field(default_factory=list)  # candidates of an ambiguous place name
    mentions: list[_Mention] = field(default_factory=list)
    score: float | None = None
    new_key: str = ""


class LinkStage:
    """Mentions → ``doc.entities`` linked to the KB (see module doc)."""

    name = "link.v1"
    requires = frozenset({"tokens"})
    provides = frozenset({"entities"})

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or get_gazetteer()
        self.kb = self.gaz.kb
        self.resolver = Resolver(self.kb)
        self._kinds: dict[str, str] = {}

    def __call__(self, doc: Document) -> Document:
        if not doc.text:
            return doc
        norm = doc.meta.get("norm")
        if norm is None or not hasattr(norm, "span") or norm.to_orig[-1] != len(doc.text):
            norm = normalize_with_map(doc.text)
        ents = [s for s in doc.layer("ents") if s.label in ("PER", "ORG", "LOC", "MISC")]
        hits = self.gaz.find(norm.text, keep_weak=bool(ents))
        mentions = [self._from_hit(h, norm) for h in hits]
        mentions = self._merge_ner(mentions, ents, doc.text)
        countries = self._countries(mentions)
        named = {r.idx for m in mentions for r in m.refs if r.kind == "actor" and not r.context}
        mentions = [m for m in mentions if self._keep(m, mentions, countries, doc.text, named)]
        groups = self._group(mentions, doc.text)
        doc.entities = self._entities(groups, doc.text)
        doc.meta["link"] = {"countries": {c: round(w, 2) for c, w in countries.most_common()}}
        return doc

    # -- mentions -----------------------------------------------------------
    def _from_hit(self, h: Hit, norm) -> _Mention:
        s, e = norm.span(h.start, h.end)
        kind = self._kinds.get(h.key)
        if kind is None:  # the kind depends on the key alone: found once per process
            kinds = {r.kind for r in h.refs}
            kind = self._kinds[h.key] = next(k for k in ("actor", "place", "title", "demonym") if k in kinds)
        return _Mention(s, e, h.key, h.refs, pre=h.pre, kind=kind)

    def _merge_ner(self, mentions: list[_Mention], ents: list[Span], text: str) -> list[_Mention]:
        """NER labels confirm overlapping KB matches; other NER mentions are added."""
        out = list(mentions)
        for s in sorted(ents, key=lambda x: x.start):
            over = [m for m in mentions if m.start < s.end and s.start < m.end]
            covering = [m for m in over if m.start <= s.start and s.end <= m.end]
            fits = [m for m in over if self._fits(m, s.label)]
            if covering or fits:
                for m in over:
                    m.label = m.label or s.label
                    m.exact = m.exact or (m.start, m.end) == (s.start, s.end)
                continue
            # a longer NER name of another type swallows the KB matches inside it
            # (PER فلاديمير بوتينن is not the city فلاديمير)
            for m in over:
                if m in out:
                    out.remove(m)
            k = key(text[s.start:s.end])
            if any(c.isalpha() for c in k):  # a NER span of punctuation or digits names nothing
                out.append(_Mention(s.start, s.end, k, label=s.label, kind="ner"))
        out.sort(key=lambda m: m.start)
        return out

    def _fits(self, m: _Mention, label: str) -> bool:
        """Whether a KB match can be of the NER type ``label``."""
        for r in m.refs:
            if r.kind in ("place", "demonym") and label == "LOC":
                return True
            if r.kind in ("actor", "title") and self.kb.actors[r.idx].type == label:
                return True
        return label == "MISC"

    def _countries(self, mentions: list[_Mention]) -> Counter[str]:
        """Country weights of the document (named countries, demonyms, actors' and places' countries)."""
        c: Counter[str] = Counter()
        for m in mentions:
            if m.kind == "demonym":
                c[m.refs[0].country or ""] += 1.0
            elif m.kind == "place":
                places = [self.kb.places[r.idx] for r in m.refs if r.kind == "place" and not r.context]
                cs = {p.id if p.kind == "country" else p.country for p in places}
                if len(cs) == 1:  # places of one name in one country (Sanaa city and governorate)
                    country = any(p.kind == "country" for p in places)
                    c[cs.pop() or ""] += 1.0 if country else 0.5
            elif m.kind in ("actor", "title"):
                ids = {r.idx for r in m.refs if r.kind == m.kind}
                cs = {self.kb.actors[i].country for i in ids if self.kb.actors[i].priority == 0}
                if len(cs) == 1 and None not in cs:  # a title several countries' actors hold says nothing
                    c[cs.pop() or ""] += 0.5
        c.pop("", None)
        return c

    def _keep(self, m: _Mention, all_m: list[_Mention], countries: Counter[str], text: str,
              named: set[int]) -> bool:
        """Common-word names need a head word, a NER label, or nearby places of their country; none
        follows شبه (شبه الجزيرة الكورية: a peninsula, not the channel)."""
        if key(_prev_word(text, m.start - len(m.pre))) == _QUASI:
            return False
        if m.kind == "ner":
            return not self._description(m.key)
        # NER confirms a name that needs context only when it marks that very span (not جنوب in
        # جنوب فزان) and the name is not one of the most frequent common nouns (شبه)
        if m.label and m.exact and m.key not in self.kb.very_common:
            return True
        strong = [r for r in m.refs if not r.context]
        if strong:
            m.refs = tuple(strong)
            return True
        # a common-word alias of a person stands for them once the full name is in the document
        actors = [r for r in m.refs if r.kind == "actor" and r.idx in named]
        if actors:
            m.refs = tuple(actors)
            return True
        if key(_prev_word(text, m.start - len(m.pre))) in HEAD_WORDS:
            return True
        top = {c for c, w in countries.items() if w >= 1.0}
        for r in m.refs:
            if r.kind != "place" or r.context != 1 or r.country not in top:
                continue
            for o in all_m:
                if o is m or o.kind != "place" or abs(o.start - m.start) > _NEAR_CHARS:
                    continue
                if any(x.kind == "place" and not x.context and x.country == r.country for x in o.refs):
                    m.refs = (r,)
                    return True
        return False

    def _description(self, k: str) -> bool:
        """A NER span made only of common nouns and nationality adjectives (الميليشيات السورية)
        describes, it does not name."""
        toks = k.split()
        kb = self.kb
        return len(toks) > 1 and all(
            t in kb.common or kb.demonyms.get(t, ("", ""))[1] == "adj" for t in toks)

    # -- grouping ----------------------------------------------------------------
    def _group(self, mentions: list[_Mention], text: str) -> list[_Group]:
        by_kb: dict[str, _Group] = {}
        by_key: dict[str, _Group] = {}
        titles: list[_Mention] = []
        unknown: list[_Mention] = []
        for m in mentions:
            if m.kind == "title":
                titles.append(m)
            elif m.kind == "ner":
                unknown.append(m)
            elif m.kind == "demonym":
                if m.refs[0].sub == "people" and m.refs[0].country in self.kb.country:
                    p = self.kb.country[m.refs[0].country]
                    self._add(by_kb, p.kb_id, _Group("LOC", p), m)
            else:
                rec, places = self._choose(m)
                if rec is not None:
                    self._add(by_kb, rec.kb_id, _Group(self._type(rec, m.label), rec, score=1.0), m)
                elif places:
                    g = by_key.get(m.key)
                    if g is None:
                        g = by_key[m.key] = _Group("LOC", places=places)
                    g.mentions.append(m)
        groups = list(by_kb.values()) + list(by_key.values())
        for m in titles:
            self._title(m, groups, by_kb)
        for m in unknown:
            self._unknown(m, groups, by_kb, text)
        return groups

    @staticmethod
    def _add(by_kb: dict[str, _Group], kb_id: str, g: _Group, m: _Mention) -> None:
        by_kb.setdefault(kb_id, g).mentions.append(m)

    def _type(self, rec: Actor | Place, label: str | None) -> str:
        return "LOC" if isinstance(rec, Place) else rec.type

    def _choose(self, m: _Mention) -> tuple[Actor | Place | None, list[Place]]:
        """The record of a KB-name mention, or the candidate places of an ambiguous place name."""
        actors = sorted((self.kb.actors[r.idx] for r in m.refs if r.kind == "actor"), key=lambda a: a.priority)
        places = [self.kb.places[r.idx] for r in m.refs if r.kind == "place"]
        want_place = m.label == "LOC"
        if actors and not want_place and (actors[0].priority == 0 or not places):
            return actors[0], []
        if len(places) == 1:
            return places[0], []
        if places:
            return None, places
        return (actors[0] if actors else None), []

    def _title(self, m: _Mention, groups: list[_Group], by_kb: dict[str, _Group]) -> None:
        holders = {self.kb.actors[r.idx].kb_id for r in m.refs if r.kind == "title"}
        present = [g for g in groups if g.kb is not None and g.kb.kb_id in holders]
        if len(present) == 1:
            present[0].mentions.append(m)
        elif not present and len(holders) == 1 and " " in m.key:
            a = self.kb.actors[m.refs[0].idx]
            g = _Group(a.type, a, score=0.7)
            by_kb[a.kb_id] = g
            groups.append(g)
            g.mentions.append(m)

    def _unknown(self, m: _Mention, groups: list[_Group], by_kb: dict[str, _Group], text: str) -> None:
        """A NER mention the gazetteer missed: in-document match, then KB, then a new entity."""
        label = m.label or "MISC"
        same_type = [g for g in groups if g.type == label and g.mentions]
        toks = m.key.split()
        for g in same_type:  # surname or first name of a full name already in the document
            names = [x.key for x in g.mentions] + ([key(n) for n in g.kb.names_ar] if g.kb else [])
            if label == "PER" and len(toks) == 1 and any(len(n.split()) > 1 and toks[0] in n.split() for n in names):
                g.mentions.append(m)
                return
            if any(fuzz.ratio(m.key, n) >= _DOC_FUZZY for n in names if abs(len(n) - len(m.key)) <= 3):
                g.mentions.append(m)
                return
        res = self.resolver.resolve(m.key, label)
        if res is not None and res.ref.kind in ("actor", "place"):
            rec = self.kb.record(res.ref)
            assert rec is not None
            g = by_kb.get(rec.kb_id)
            if g is None:
                g = by_kb[rec.kb_id] = _Group(self._type(rec, label), rec, score=res.score)
                groups.append(g)
            g.mentions.append(m)
            return
        g = _Group(label, new_key=m.key)
        g.mentions.append(m)
        groups.append(g)

    # -- output --------------------------------------------------------------------
    def _entities(self, groups: list[_Group], text: str) -> list[Entity]:
        out: list[tuple[int, Entity]] = []
        for g in groups:
            if not g.mentions:
                continue
            spans = sorted({(m.start, m.end) for m in g.mentions})
            mentions = [Span(s, e, g.type, source=self.name) for s, e in spans]
            surface = max((text[s:e] for s, e in spans), key=len)
            ent = Entity(id="", type=g.type, name=surface, mentions=mentions, score=g.score)
            rec = g.kb
            if isinstance(rec, Actor):
                ent.name, ent.name_en, ent.kb_id = rec.name_ar, rec.name_en, rec.kb_id
                ent.qid, ent.country, ent.sector = rec.qid, rec.country, rec.sector
            elif isinstance(rec, Place):
                ent.name, ent.name_en, ent.kb_id, ent.subtype = rec.name_ar, rec.name_en, rec.kb_id, rec.kind
                ent.country = rec.country or None
            elif g.places:
                ent.subtype = g.places[0].kind
            else:
                ent.kb_id = f"marsad:new/{g.type.lower()}/{'-'.join(key(surface).split())}"
            out.append((spans[0][0], ent))
        out.sort(key=lambda t: t[0])
        ents = [e for _, e in out]
        for i, e in enumerate(ents, 1):
            e.id = f"e{i}"
        return ents
