"""Checks of the curated actor knowledge base ``src/marsad/resources/kb/actors.yaml``.

The file is hand-curated and reviewed; these tests keep it machine-valid for the KB
compiler: schema, unique ids and names, resolvable references, dated titles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

from marsad.arabic.normalize import normalize  # noqa: E402

ACTORS = Path(__file__).resolve().parents[1] / "src" / "marsad" / "resources" / "kb" / "actors.yaml"

REQUIRED = ("id", "type", "name_en", "names_ar", "aliases_ar", "titles_ar", "country", "sector", "qid", "qid_source")
OPTIONAL = ("member_of", "roles", "valid_from", "valid_to", "note")
TYPES = {"PER", "ORG"}
# PLOVER/CAMEO-style sectors used by the project
SECTORS = {
    "GOV", "MIL", "REB", "PTY", "IGO", "NGO", "BUS", "MED", "JUD", "LEG", "COP", "SPY",
    "REL", "CVL", "INS", "OPP", "EDU", "LAB", "HLH", "ELI", "REF", "SEC",
}
QID_SOURCES = {"curator", "wikidata", "phoenix", "dr5hn", "naturalearth"}
# ISO-3 codes used when pycountry is not installed (the region of the project and its outside actors)
FALLBACK_ISO3 = set(
    """LBY SDN SSD SYR YEM IRQ LBN PSE ISR EGY SAU ARE QAT KWT BHR OMN JOR MAR DZA TUN MRT MLI NER BFA
    TCD NGA SOM ETH ERI DJI KEN CAF CMR SEN RUS TUR IRN USA FRA GBR DEU ITA CHN UKR BLR AFG PAK IND
    GRC CYP ESP BEL NLD CHE AUT POL CAN JPN KOR PRK BRA VEN GHA SVK NOR PRT ARG BGR EST GMB SWE""".split()
)
LAST_YEAR = 2026  # the file describes the world up to 2026: no future dates
# Minimum number of actors per country the issue asks to cover in full (IGOs: country null).
COVERAGE = {
    "LBY": 40, "SDN": 25, "SYR": 40, "YEM": 25, "IRQ": 30, "LBN": 25, "PSE": 30, "ISR": 20, "EGY": 25,
    "SAU": 10, "ARE": 8, "QAT": 6, "KWT": 3, "BHR": 3, "OMN": 3, "MLI": 10, "NER": 5, "BFA": 5, "TCD": 5,
    "RUS": 30, "TUR": 20, "IRN": 25, "USA": 40, "FRA": 15, None: 40,
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9]\d*$")
DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Normalised names that two actors may share, with the reason (empty: none allowed yet).
ALLOWED_SHARED_NAMES: dict[str, str] = {}


def _iso3() -> set[str]:
    try:
        import pycountry
    except ImportError:
        return FALLBACK_ISO3
    return {c.alpha_3 for c in pycountry.countries} | {"XKX"}


def _date_key(v: Any, *, end: bool) -> tuple[int, int]:
    """Sortable (year, month) of a date field; open ends are -inf/+inf, a bare year is month 0."""
    if v is None:
        return (9999, 99) if end else (0, 0)
    m = DATE.match(str(v))
    assert m, f"bad date {v!r}"
    assert 1000 <= int(m.group(1)) <= LAST_YEAR, f"date out of range {v!r}"
    return int(m.group(1)), int(m.group(2) or 0)


@pytest.fixture(scope="module")
def actors() -> list[dict[str, Any]]:
    data = yaml.safe_load(ACTORS.read_text(encoding="utf-8"))
    assert isinstance(data, list), "actors.yaml must be a YAML list"
    return data


@pytest.fixture(scope="module")
def by_id(actors: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in actors}


def test_size(actors: list[dict[str, Any]]) -> None:
    assert len(actors) >= 500


def test_ids_unique_and_slugs(actors: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for a in actors:
        assert isinstance(a, dict), a
        assert SLUG.match(str(a.get("id", ""))), f"bad id {a.get('id')!r}"
        assert a["id"] not in seen, f"duplicate id {a['id']}"
        seen.add(a["id"])


def test_schema(actors: list[dict[str, Any]]) -> None:
    iso3 = _iso3()
    for a in actors:
        aid = a["id"]
        missing = [k for k in REQUIRED if k not in a]
        assert not missing, f"{aid}: missing {missing}"
        extra = set(a) - set(REQUIRED) - set(OPTIONAL)
        assert not extra, f"{aid}: unknown keys {extra}"
        assert a["type"] in TYPES, f"{aid}: type {a['type']!r}"
        assert a["sector"] in SECTORS, f"{aid}: sector {a['sector']!r}"
        assert a["country"] is None or a["country"] in iso3, f"{aid}: country {a['country']!r}"
        assert isinstance(a["name_en"], str) and a["name_en"].strip(), aid
        for key in ("names_ar", "aliases_ar", "titles_ar"):
            assert isinstance(a[key], list), f"{aid}: {key} must be a list"
            for s in a[key]:
                assert isinstance(s, str) and s == s.strip() and s, f"{aid}: {key} {s!r}"
                assert ARABIC_LETTER.search(s), f"{aid}: {key} {s!r} has no Arabic letter"
                assert not LATIN_LETTER.search(s), f"{aid}: {key} {s!r} has Latin letters"
        assert a["names_ar"], f"{aid}: no Arabic name"
        for key in ("valid_from", "valid_to"):
            if a.get(key) is not None:
                _date_key(a[key], end=key == "valid_to")
        assert _date_key(a.get("valid_from"), end=False) <= _date_key(a.get("valid_to"), end=True), aid


def test_qids(actors: list[dict[str, Any]]) -> None:
    for a in actors:
        if a["qid"] is None:
            assert a["qid_source"] is None, f"{a['id']}: qid_source without qid"
        else:
            assert QID.match(str(a["qid"])), f"{a['id']}: bad qid {a['qid']!r}"
            assert a["qid_source"] in QID_SOURCES, f"{a['id']}: qid without a known qid_source"


def test_qids_unique(actors: list[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for a in actors:
        if a["qid"]:
            assert a["qid"] not in seen, f"{a['id']} and {seen[a['qid']]} share {a['qid']}"
            seen[a["qid"]] = a["id"]


def test_references_exist(actors: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> None:
    for a in actors:
        for ref in a.get("member_of") or []:
            assert ref in by_id, f"{a['id']}: member_of {ref!r} unknown"
            assert by_id[ref]["type"] == "ORG", f"{a['id']}: member_of {ref!r} is not an ORG"
            assert ref != a["id"], f"{a['id']}: member of itself"
        for r in a.get("roles") or []:
            assert isinstance(r, dict) and r.get("role"), f"{a['id']}: bad role {r!r}"
            assert set(r) <= {"role", "org", "from", "to"}, f"{a['id']}: role keys {set(r)}"
            if r.get("org") is not None:
                assert r["org"] in by_id, f"{a['id']}: role org {r['org']!r} unknown"
            lo = _date_key(r.get("from"), end=False)
            hi = _date_key(r.get("to"), end=True)
            assert lo <= hi, f"{a['id']}: role {r['role']!r} ends before it starts"


def test_names_not_shared(actors: list[dict[str, Any]]) -> None:
    """A name or alias (normalised as the matcher sees it) names one actor only."""
    owners: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        keys = [normalize(s) for s in a["names_ar"] + a["aliases_ar"]]
        dup = {k for k in keys if keys.count(k) > 1}
        assert not dup, f"{a['id']}: names repeated after normalisation {dup}"
        for k in keys:
            owners[k].add(a["id"])
    shared = {k: sorted(v) for k, v in owners.items() if len(v) > 1 and k not in ALLOWED_SHARED_NAMES}
    assert not shared, f"names shared by several actors: {shared}"


def test_titles_are_dated_successions(actors: list[dict[str, Any]]) -> None:
    """A title shared by several actors must be an office they held in turn.

    Two holders of one title need a common office (same ``role`` wording in the same ``org``)
    held in periods that do not overlap,
    so that the linker can pick the holder by the document's date. A title may not be
    another actor's name either.
    """
    names = {normalize(s): a["id"] for a in actors for s in a["names_ar"] + a["aliases_ar"]}
    holders: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in actors:
        for t in a["titles_ar"]:
            k = normalize(t)
            assert names.get(k, a["id"]) == a["id"], f"{a['id']}: title {t!r} is the name of {names[k]}"
            holders[k].append(a)
    for title, group in holders.items():
        for x, y in combinations(group, 2):
            offices_x = {_office(r) for r in x.get("roles") or [] if r.get("org")}
            offices_y = {_office(r) for r in y.get("roles") or [] if r.get("org")}
            common = offices_x & offices_y
            assert common, f"title {title!r} shared by {x['id']} and {y['id']} without a common office"
            for office in common:
                for rx in (r for r in x["roles"] if r.get("org") and _office(r) == office):
                    for ry in (r for r in y["roles"] if r.get("org") and _office(r) == office):
                        overlap = _date_key(rx.get("from"), end=False) < _date_key(ry.get("to"), end=True) and _date_key(
                            ry.get("from"), end=False
                        ) < _date_key(rx.get("to"), end=True)
                        assert not overlap, f"title {title!r}: {x['id']} and {y['id']} hold {office} at once"


def _office(role: dict[str, Any]) -> tuple[str, str]:
    """An office: the role's wording (case-folded) in its organisation."""
    return str(role["role"]).strip().casefold(), str(role["org"])


def test_coverage_of_required_countries(actors: list[dict[str, Any]]) -> None:
    counts: dict[str | None, int] = defaultdict(int)
    for a in actors:
        counts[a["country"]] += 1
    thin = {c: (counts[c], n) for c, n in COVERAGE.items() if counts[c] < n}
    assert not thin, f"countries below their minimum (have, need): {thin}"


def _holder(actors: list[dict[str, Any]], title: str, when: str) -> list[str]:
    """Ids of the carriers of ``title`` who hold its office on the date ``when``.

    The office of a shared title is the (role, org) its holders have in common, as a
    date-aware linker would resolve it; a title with one carrier counts all its roles.
    """
    key = normalize(title)
    at = _date_key(when, end=False)
    group = [a for a in actors if key in {normalize(t) for t in a["titles_ar"]}]
    offices = [{_office(r) for r in a.get("roles") or [] if r.get("org")} for a in group]
    common = set.intersection(*offices) if len(group) > 1 else (offices[0] if offices else set())
    out = []
    for a in group:
        for r in a.get("roles") or []:
            if not r.get("org") or _office(r) not in common:
                continue
            lo, hi = _date_key(r.get("from"), end=False), _date_key(r.get("to"), end=True)
            if lo <= at < hi:
                out.append(a["id"])
                break
    return out


def test_core_actors_of_the_issue(by_id: dict[str, dict[str, Any]], actors: list[dict[str, Any]]) -> None:
    """The actors the issue names, with the facts it asks for (dated roles, variants, titles)."""
    keys = lambda a: {normalize(s) for s in by_id[a]["names_ar"] + by_id[a]["aliases_ar"]}  # noqa: E731
    assert normalize("حفتر") in keys("khalifa-haftar")
    assert "المشير" in by_id["khalifa-haftar"]["titles_ar"]
    assert {normalize("إيفكوروف"), normalize("يفكوروف")} <= keys("yunus-bek-yevkurov")
    assert normalize("فاغنر") in keys("wagner-group") and normalize("فاجنر") in keys("wagner-group")
    assert str(by_id["africa-corps"]["valid_from"]).startswith("2023")
    assert str(by_id["yevgeny-prigozhin"]["valid_to"]).startswith("2023")
    assert normalize("أبو محمد الجولاني") in keys("ahmed-al-sharaa")
    assert normalize("قسد") in keys("syrian-democratic-forces") and normalize("داعش") in keys("islamic-state")
    # offices held in turn resolve by date
    assert _holder(actors, "رئيس الكرملين", "2023-09") == ["vladimir-putin"]
    assert _holder(actors, "الرئيس السوري", "2020") == ["bashar-al-assad"]
    assert _holder(actors, "الرئيس السوري", "2025-06") == ["ahmed-al-sharaa"]
    assert _holder(actors, "الرئيس الأمريكي", "2023") == ["joe-biden"]
    assert _holder(actors, "الرئيس الأمريكي", "2025-06") == ["donald-trump"]
    assert _holder(actors, "الرئيس الإيراني", "2025") == ["masoud-pezeshkian"]
    assert _holder(actors, "الرئيس اللبناني", "2025-06") == ["joseph-aoun"]
    assert _holder(actors, "وزير الدفاع الروسي", "2020") == ["sergei-shoigu"]
    assert _holder(actors, "وزير الدفاع الروسي", "2025") == ["andrey-belousov"]


def test_file_is_grouped_and_readable() -> None:
    """Country-block headers exist and every entry is separated by a blank line (diffable)."""
    text = ACTORS.read_text(encoding="utf-8")
    assert text.count("# --- ") >= 10
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("- id:") and i > 0:
            prev = lines[i - 1].strip()
            assert prev == "" or prev.startswith("#"), f"line {i + 1}: entry not preceded by a blank line"
