"""Compile the actors of the knowledge base and the demonym table.

Actors come first from the curated ``actors.yaml`` (priority 0), then, as
lower-priority seeds (priority 2), from the UniversalPetrarch Arabic actor
dictionary (people's names) and the Phoenix English dictionaries (people of the
region whose every name token has a frequent Arabic rendering in the Wikidata
name-token table). A seed whose Arabic name is already a curated name is dropped.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from .variants import key, translit_variants

# countries whose Phoenix people are seeded (the region and the powers active there)
SEED_COUNTRIES = frozenset(
    ["LBY", "EGY", "SDN", "SSD", "TUN", "DZA", "MAR", "MRT", "SYR", "IRQ", "LBN", "JOR", "PSE", "ISR", "SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "YEM", "IRN", "TUR", "RUS", "USA", "GBR", "FRA", "MLI", "NER", "TCD", "BFA", "ETH", "ERI", "SOM", "DJI"])
_CODE = re.compile(r"\[~?([A-Z]{3,})\s*([0-9<>-]*)\s*([0-9-]*)\]")
_SECTORS = ("GOV", "MIL", "REB", "PTY", "IGO", "NGO", "BUS", "MED", "JUD", "LEG", "COP", "SPY", "REL", "CVL",
            "OPP", "ELI", "INS", "IMG", "EDU", "LAB", "HLH", "AGR", "ENV", "REF", "SEP", "UAF")


def parse_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code → (ISO-3 country or None, sector or None): ``RUSGOV`` → (RUS, GOV)."""
    if code.startswith("IGO"):
        return None, "IGO"
    country = code[:3] if len(code) >= 3 and code[:3] not in _SECTORS else None
    rest = code[3:] if country else code
    sector = next((rest[i:i + 3] for i in range(0, len(rest), 3) if rest[i:i + 3] in _SECTORS), None)
    return country, sector


def load_curated(path: Path) -> list[dict[str, Any]]:
    """Read ``actors.yaml`` into KB actor records (validated, with generated variants)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for a in data:
        if not isinstance(a, dict) or not a.get("id") or a.get("type") not in ("PER", "ORG"):
            raise ValueError(f"actors.yaml: bad entry {a!r:.120}")
        if a["id"] in seen:
            raise ValueError(f"actors.yaml: duplicate id {a['id']}")
        seen.add(a["id"])
        names = [n for n in (a.get("names_ar") or []) if n]
        aliases = [n for n in (a.get("aliases_ar") or []) if n]
        variants: list[str] = []
        if a["type"] == "PER":
            for n in names + aliases:
                en = a.get("name_en") or ""
                # a surname alias pairs with the last Latin token
                en_part = en if len(key(n).split()) == len(en.split()) else en.split()[-1] if en else ""
                variants += translit_variants(n, en_part)
        out.append({
            "id": a["id"], "kb_id": f"marsad:actor/{a['id']}", "type": a["type"],
            "name_en": a.get("name_en"), "names_ar": names, "aliases_ar": aliases,
            "variants": sorted(set(variants) - {key(x) for x in names + aliases}),
            "titles_ar": [t for t in (a.get("titles_ar") or []) if t],
            "country": a.get("country"), "sector": a.get("sector"), "qid": a.get("qid"),
            "qid_source": a.get("qid_source"), "member_of": a.get("member_of") or [],
            "roles": a.get("roles") or [], "valid_from": _s(a.get("valid_from")), "valid_to": _s(a.get("valid_to")),
            "priority": 0, "source": "curated",
        })
    return out


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def load_up_seeds(path: Path, person_tokens: Counter[str]) -> list[dict[str, Any]]:
    """People from the UniversalPetrarch Arabic actor dictionary (lemmatised phrases).

    Only multi-word phrases whose every token is a known person-name token are
    kept: the dictionary's other phrases are lemmatised (no article, masculine
    adjectives) and would not match news text.
    """
    out: list[dict[str, Any]] = []
    phrase: str | None = None
    codes: list[tuple[str, str]] = []

    def flush() -> None:
        if not phrase or not codes:
            return
        toks = phrase.split()
        if len(toks) < 2 or not all(person_tokens.get(key(t), 0) >= 3 for t in toks):
            return
        code, _ = max(codes, key=lambda c: c[1])  # the latest-starting role
        country, sector = parse_code(code)
        if country is None and sector != "IGO":
            return
        out.append({"id": "up-" + "-".join(key(t) for t in toks), "type": "PER", "name_en": None,
                    "names_ar": [phrase], "country": country, "sector": sector, "source": "universalpetrarch"})

    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith(("\t", " ")) and raw.strip().startswith("["):
            m = _CODE.search(raw)
            if m:
                codes.append((m.group(1), m.group(2)))
            continue
        flush()
        head = raw.split("[")[0].split("#")[0]
        phrase = " ".join(head.replace("_", " ").split())
        m = _CODE.search(raw)
        codes = [(m.group(1), m.group(2))] if m else []
    flush()
    return out


def load_phoenix_seeds(paths: list[Path], en_ar: dict[str, tuple[str, int]]) -> list[dict[str, Any]]:
    """People of the region from the Phoenix dictionaries, rendered in Arabic token by token."""
    out: list[dict[str, Any]] = []
    for path in paths:
        name: str | None = None
        codes: list[str] = []
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines() + ["END_"]:
            line = raw.split("#")[0].rstrip()
            if not line.strip():
                continue
            if line.startswith(("\t", " ")) and line.strip().startswith("["):
                m = _CODE.search(line)
                if m:
                    codes.append(m.group(1))
                continue
            if line.startswith("+"):
                continue
            if name and codes:
                rec = _phoenix_person(name, codes, en_ar)
                if rec:
                    out.append(rec)
            name = line.split("[")[0].strip().strip("_")
            m = _CODE.search(line)
            codes = [m.group(1)] if m else []
    return out


def _phoenix_person(name: str, codes: list[str], en_ar: dict[str, tuple[str, int]]) -> dict[str, Any] | None:
    toks = [t for t in name.lower().split("_") if t]
    if not 2 <= len(toks) <= 4 or any(not t.isalpha() for t in toks):
        return None
    country, sector = parse_code(codes[-1])
    if country not in SEED_COUNTRIES:
        return None
    ar = []
    for t in toks:
        hit = en_ar.get(t)
        if not hit or hit[1] < 5:
            return None
        ar.append(hit[0])
    en = " ".join(t.capitalize() for t in toks)
    return {"id": "phx-" + _slug(en), "type": "PER", "name_en": en, "names_ar": [" ".join(ar)],
            "country": country, "sector": sector, "source": "phoenix"}


def seed_records(seeds: list[dict[str, Any]], curated_keys: set[str]) -> list[dict[str, Any]]:
    """Seeds as KB actor records, without those whose name a curated actor already has."""
    out, seen = [], set(curated_keys)
    for s in seeds:
        k = key(s["names_ar"][0])
        if k in seen:
            continue
        seen.add(k)
        out.append({**s, "kb_id": f"marsad:actor/{s['id']}", "aliases_ar": [], "variants": [], "titles_ar": [],
                    "qid": None, "qid_source": None, "member_of": [], "roles": [], "valid_from": None,
                    "valid_to": None, "priority": 2})
    return out


def load_name_tables(names_dir: Path) -> tuple[Counter[str], dict[str, tuple[str, int]]]:
    """Arabic person-name token counts and the best Arabic rendering of each English token."""
    tok: Counter[str] = Counter()
    with open(names_dir / "wikidata_netranslit_ar" / "ar_name_tokens_freq.tsv", encoding="utf-8") as f:
        for ln in f:
            r = ln.rstrip("\n").split("\t")
            if len(r) == 2 and r[1].isdigit():
                tok[key(r[0])] += int(r[1])
    en_ar: dict[str, tuple[str, int]] = {}
    with open(names_dir / "wikidata_netranslit_ar" / "en_ar_name_tokens.tsv", encoding="utf-8") as f:
        for ln in f:
            r = ln.rstrip("\n").split("\t")
            if len(r) == 3 and r[2].isdigit():
                n = int(r[2])
                if n > en_ar.get(r[0], ("", 0))[1]:
                    en_ar[r[0]] = (r[1], n)
    return tok, en_ar


# -- demonyms ---------------------------------------------------------------

def nisba(name_ar: str) -> str | None:
    """Regular nisba adjective of a one-word country name: ليبيا → ليبي, العراق → عراقي."""
    k = key(name_ar)
    if " " in k or len(k) < 3:
        return None
    k = k.removeprefix("ال")
    if k.endswith("يا"):
        return k[:-1]
    if k.endswith(("ا", "ه")):
        return k[:-1] + "ي"
    if k.endswith("ي"):
        return k
    return k + "ي"


def demonyms(extra_tsv: Path, country_names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(form key, ISO-3, kind) rows: ``adj`` (روسي, الروسية ...) and ``people`` (الروس, الليبيون ...)."""
    rows: dict[tuple[str, str], str] = {}
    extra: dict[str, dict[str, str]] = {}
    with open(extra_tsv, encoding="utf-8") as f:
        for r in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
            extra[r["iso3"]] = r
    adj_by_country: list[tuple[str, str]] = []
    for iso3, name in country_names.items():
        # (the curated column may give spellings: أمريكي|أميركي)
        adjs = [key(a) for a in extra[iso3]["adjective_ar"].split("|")] \
            if iso3 in extra and extra[iso3]["adjective_ar"] else [nisba(name)]
        for adj in adjs:
            # an adjective spelled like its country (مالي: also "financial") is left out
            if adj and len(adj) >= 3 and adj != key(name).removeprefix("ال"):
                adj_by_country.append((iso3, adj))
    counts = Counter(adj for _, adj in adj_by_country)
    for iso3, adj in adj_by_country:
        if counts[adj] > 1:  # one adjective for two countries: say nothing
            continue
        parts = adj.split()
        head, tail = parts[0], " ".join(parts[1:])
        for form in (head, head + "ه", "ال" + head, "ال" + head + "ه"):
            f = form + (" " + ("ال" + tail if form.startswith("ال") else tail) if tail else "")
            rows[(f, iso3)] = "adj"
        if not tail and head.endswith("ي") and not (iso3 in extra and extra[iso3]["plurals_ar"]):
            rows[("ال" + head + "ون", iso3)] = "people"
            rows[("ال" + head + "ين", iso3)] = "people"
    for iso3, r in extra.items():
        for p in r["plurals_ar"].split("|"):
            if p:
                rows[(key(p), iso3)] = "people"
    by_form: dict[str, set[str]] = defaultdict(set)
    for (f, iso3) in rows:
        by_form[f].add(iso3)
    return sorted((f, iso3, kind) for (f, iso3), kind in rows.items() if len(by_form[f]) == 1)
