"""The ``extract`` stage: HTML page -> article text, title, date and URL (trafilatura).

Only documents whose ``meta["format"]`` is ``"html"`` are touched; plain text
passes through unchanged. After extraction ``raw_text`` holds the article text
(paragraphs separated by blank lines) and the HTML is gone.

Dates: trafilatura (htmldate) guesses a date even from body text ("2011" in a
sentence, a copyright year), so only a date from the page's own metadata
(``article:published_time``, JSON-LD ``datePublished``, ``<time itemprop=...>``)
becomes ``published``, with ``meta["published_source"]`` saying which; the guess is
kept in ``meta["date_guess"]``. A date given by the input record wins over both.

A page that is not an article (a home page, a section listing of teasers) is
rejected: ``doc.error = "no_article: <why>"``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..doc import Document
from ..errors import StageError
from ..io.fields import normalize_date
from ..registry import stage

MIN_CHARS = 80  # below this much text there is no article to analyse

# <meta> names/properties holding the publication date, most specific first
_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "publishdate", "publish-date", "publish_date", "publisheddate", "published_date", "date_published", "pubdate", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "date", "sailthru.date", "parsely-pub-date",
    "article.published", "cxenseparse:recs:publishtime", "nv:date", "original-publish-date",
)
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting"}

# Site furniture that trafilatura sometimes keeps at the edges of the body: comment
# policies, opinion disclaimers, copyright lines, "follow us", newsletters. Only
# whole paragraphs at the start or end are trimmed, and each is recorded.
_EDGE_PATTERNS = (
    r"(ترحب|نرحب)\s.{0,40}(بالنقاش|بتعليقات|بالتعليقات|بآرائكم)",
    r"مراجعة التعليقات|التعليقات قبل نشرها|(أضف|اكتب|أترك|اترك) تعليق",
    r"شروط\s+(ال)?استخدام|سياسة\s+الخصوصية|إرشادات\s+الاستخدام",
    r"(الآراء|التعليقات|المقالات)\s+(الواردة|المنشورة)\b.{0,60}(لا\s+تعب|تعبر\s+عن\s+رأي)",
    r"لا\s+(تعبر|تعبّر|يعبر|يعبّر)\s+(بالضرورة\s+)?عن\s+(رأي|وجهة\s+نظر)",
    r"جميع\s+الحقوق\s+محفوظة|حقوق\s+(النشر|الطبع)\s+محفوظة|©|all rights reserved|tous droits réservés",
    r"(تابعونا|تابعنا|تابعوا)\s+(على|عبر)\s|follow us on|suivez-nous",
    r"(اشترك|اشتركوا|سجل|سجّل)\s+(في|ب)\s*(النشرة|نشرتنا|القائمة\s+البريدية)|newsletter",
)
_EDGE_BOILERPLATE = re.compile("|".join(_EDGE_PATTERNS), re.IGNORECASE)
_EDGE_MAX_CHARS = 500
_END_PUNCT = tuple(".!?؟۔…\"'»)”’:")
_LETTERS = re.compile(r"[^\W\d_]")
_AD_LIKE = re.compile(r"^\[?\s*(ad|ads|advertisement|إعلان|اعلان)[\s_\d]*\]?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    cfg = use_config()
    # signal-based timeouts break in worker threads (Ray, web servers); size limits do the job
    cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return cfg


@stage("extract.v1", requires={"raw"}, provides={"raw_text"})
def extract(doc: Document, *, favor_precision: bool = True, min_chars: int = MIN_CHARS) -> Document:
    """Extract the article from an HTML document (other documents pass through).

    Args:
        doc: a document from the readers; acted on when ``meta["format"] == "html"``.
        favor_precision: trafilatura's precision mode (drops more page furniture).
        min_chars: fewer extracted characters than this means there is no article.

    Returns:
        The document with ``raw_text`` = article text, and ``title``, ``url``,
        ``published`` filled when the page has them; ``error`` set for a non-article page.

    Raises:
        StageError: ``E110`` when the HTML cannot be parsed at all.
    """
    if doc.meta.get("format") != "html" or doc.meta.get("extracted"):
        return doc
    import trafilatura
    from lxml import etree
    from trafilatura.utils import load_html

    html = doc.raw_text
    doc.meta["html_chars"] = len(html)
    try:
        tree = load_html(html)
    except (etree.LxmlError, ValueError) as exc:
        raise StageError("E110", f"unparsable HTML: {exc}") from exc
    if tree is None:
        doc.error = "no_article: the HTML could not be parsed into a page"
        return doc
    facts = page_facts(tree)
    result = trafilatura.bare_extraction(
        html, url=doc.url, favor_precision=favor_precision, include_comments=False, include_tables=True,
        with_metadata=True, deduplicate=False, config=_trafilatura_config(),
        # the extensive (body text) date search is both the source of wrong dates and
        # seconds of start-up; the guess we keep comes from headers and the URL only
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = _paragraphs(getattr(result, "text", None) or "")
    text, trimmed = trim_edges(text)
    if trimmed:
        doc.meta["extract_trimmed"] = trimmed
    doc.meta["extractor"] = f"trafilatura {trafilatura.__version__}"
    doc.meta["extracted"] = True
    _set_url(doc, facts, result)
    _set_title(doc, facts, result)
    _set_dates(doc, facts, result)
    why = listing_reason(text, facts, doc.url, min_chars)
    if why:
        doc.error = f"no_article: {why}"
        return doc
    doc.raw_text = text
    return doc


def _paragraphs(text: str) -> str:
    """trafilatura's one-block-per-line output, as blank-line separated paragraphs."""
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def trim_edges(text: str) -> tuple[str, list[str]]:
    """Drop boilerplate paragraphs (comment policy, copyright ...) at the start and end.

    Returns:
        ``(text, trimmed_paragraphs)``.
    """
    paras = text.split("\n\n")
    trimmed: list[str] = []
    while paras and len(paras[-1]) <= _EDGE_MAX_CHARS and _EDGE_BOILERPLATE.search(paras[-1]):
        trimmed.insert(0, paras.pop())
    while paras and len(paras[0]) <= _EDGE_MAX_CHARS and _EDGE_BOILERPLATE.search(paras[0]):
        trimmed.append(paras.pop(0))
    return "\n\n".join(paras), trimmed


def page_facts(tree: Any) -> dict[str, Any]:
    """What the page says about itself: meta tags, JSON-LD, and listing signals."""
    facts: dict[str, Any] = {"meta": {}, "jsonld_types": set(), "jsonld_date": None, "jsonld_headline": None}
    meta: dict[str, str] = facts["meta"]
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        val = (el.get("content") or "").strip()
        if key and val and key not in meta:
            meta[key] = val
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        _read_jsonld(script.text or "", facts)
    facts["time_published"] = next(
        (t.get("datetime") for t in tree.xpath('//time[@itemprop="datePublished"][@datetime]|//time[@pubdate]'
                                              '[@datetime]')), None)
    facts["canonical"] = next((ln.get("href") for ln in tree.xpath('//link[@rel="canonical"][@href]')), None)
    facts["n_article_elements"] = len(tree.xpath("//article"))
    facts["n_headline_links"] = sum(
        1 for a in tree.xpath("//h1//a|//h2//a|//h3//a|//h4//a") if len(" ".join(a.text_content().split())) >= 15)
    facts["n_headline_items"] = len(tree.xpath('//*[@itemprop="headline"]'))
    facts["n_article_items"] = len(tree.xpath(
        '//*[@itemtype][contains(translate(@itemtype, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"),'
        ' "article") or contains(translate(@itemtype, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"),'
        ' "blogposting")]'))
    return facts


def _read_jsonld(raw: str, facts: dict[str, Any]) -> None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            types = node.get("@type")
            for t in types if isinstance(types, list) else [types]:
                if isinstance(t, str):
                    facts["jsonld_types"].add(t.lower())
                    if t.lower() in _ARTICLE_TYPES:
                        if node.get("datePublished") and not facts["jsonld_date"]:
                            facts["jsonld_date"] = str(node["datePublished"])
                        if isinstance(node.get("headline"), str) and not facts["jsonld_headline"]:
                            facts["jsonld_headline"] = node["headline"].strip()
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))


def declares_article(facts: dict[str, Any]) -> bool:
    """True when the page's metadata says it is an article (og:type, JSON-LD)."""
    return facts["meta"].get("og:type", "").lower() == "article" or bool(facts["jsonld_types"] & _ARTICLE_TYPES)


def listing_reason(text: str, facts: dict[str, Any], url: str | None, min_chars: int = MIN_CHARS) -> str | None:
    """Why this page is not a single article, or None when it is one.

    Too little text, or a home-page URL on a page that does not declare itself an
    article, is enough. Otherwise at least two of these signals are needed, since
    each alone also occurs in real articles (a recipe repeats "المقادير", related
    stories carry headlines): a short label repeated between blocks ("التفاصيل",
    "Read more"); mostly cut-off teaser paragraphs; and, on pages that do not
    declare themselves articles, several article items or headline links in the markup.
    """
    if len(text) < min_chars:
        return f"only {len(text)} characters of main text (a page without an article)"
    declared = declares_article(facts)
    page_url = url or facts["meta"].get("og:url") or facts.get("canonical")
    if not declared and page_url and _is_home(page_url):
        return f"home page ({page_url})"
    signals: list[str] = []
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    labels = Counter(p for p in paras if len(p) <= 25 and _LETTERS.search(p) and not p.endswith(":")
                     and not _AD_LIKE.match(p))
    label, count = labels.most_common(1)[0] if labels else ("", 0)
    if count >= 3:
        signals.append(f"the label '{label}' repeats {count} times between teasers")
    long_paras = [p for p in paras if len(p) >= 100]
    cut = [p for p in long_paras if not p.endswith(_END_PUNCT) or p.endswith(("...", "…"))]
    if len(cut) >= 3 and len(cut) >= 0.6 * len(long_paras):
        signals.append(f"{len(cut)} of {len(long_paras)} paragraphs are cut-off teasers")
    if not declared:
        items = max(facts["n_article_items"], facts["n_headline_items"])
        if items >= 3:
            signals.append(f"{items} article items in the page markup")
        elif facts["n_article_elements"] >= 4:
            signals.append(f"{facts['n_article_elements']} <article> blocks")
        if facts["n_headline_links"] >= 5:
            signals.append(f"{facts['n_headline_links']} headline links")
    if len(signals) >= 2:
        return "listing page: " + "; ".join(signals)
    return None


def _is_home(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.strip("/").lower()
    return not parts.query and path in ("", "index.html", "index.htm", "index.php", "home", "ar", "en", "arabic")


def _set_url(doc: Document, facts: dict[str, Any], result: Any) -> None:
    if doc.url:
        return
    for origin, value in (("canonical", facts.get("canonical")), ("og:url", facts["meta"].get("og:url")),
                          ("trafilatura", getattr(result, "url", None))):
        if value and value.startswith(("http://", "https://")):
            doc.url = value
            doc.meta["url_source"] = origin
            return


def _set_title(doc: Document, facts: dict[str, Any], result: Any) -> None:
    if doc.title:
        return
    for origin, value in (("og:title", facts["meta"].get("og:title")), ("json-ld", facts["jsonld_headline"]),
                          ("trafilatura", getattr(result, "title", None))):
        if value and value.strip():
            doc.title = " ".join(value.split())
            doc.meta["title_source"] = origin
            return


def _set_dates(doc: Document, facts: dict[str, Any], result: Any) -> None:
    trusted, origin = trusted_date(facts)
    guess = normalize_date(getattr(result, "date", None))
    if doc.published is None and trusted:
        doc.published = trusted
        doc.meta["published_source"] = origin
    if guess and guess != (doc.published or "")[:len(guess)]:
        doc.meta["date_guess"] = guess
        doc.meta["date_guess_source"] = "trafilatura-guess"


def trusted_date(facts: dict[str, Any]) -> tuple[str | None, str]:
    """The publication date the page declares in its metadata: ``(date, source)``."""
    for key in _META_DATE_KEYS:
        if (value := facts["meta"].get(key)) and (norm := normalize_date(value)):
            return norm, "html-meta"
    if facts["jsonld_date"] and (norm := normalize_date(facts["jsonld_date"])):
        return norm, "json-ld"
    if facts["time_published"] and (norm := normalize_date(facts["time_published"])):
        return norm, "html-time"
    return None, ""
