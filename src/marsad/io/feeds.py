"""RSS and Atom feeds (feedparser): one document per item.

Feed items carry HTML fragments, not whole pages, so they are turned into plain
text here (paragraph breaks kept) instead of going through page extraction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..doc import Document, content_hash
from ..errors import InputError
from .base import ReadOptions, Source, read_bounded
from .fields import error_doc, set_published

_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
               "section", "article", "figure", "figcaption", "table", "pre", "hr")
_BLANKS = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0\n]*")
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    lines = [_SPACES.sub(" ", ln).strip() for ln in _BLANKS.split(text)]
    return "\n\n".join(ln for ln in lines if ln)


def _entry_body(entry: Any) -> tuple[str, str]:
    """``(text, which)``: the fullest of the item's content and summary."""
    best, which = "", ""
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if item.get("type", "text/html") in ("text/plain",):
            text = value.strip()
        else:
            text = html_fragment_to_text(value)
        if len(text) > len(best):
            best, which = text, "content"
    summary = entry.get("summary") or ""
    if summary:
        text = html_fragment_to_text(summary)
        if len(text) > len(best):
            best, which = text, "summary"
    return best, which


def read_feed(src: Source, opts: ReadOptions) -> Iterator[Document]:
    """Items of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    import feedparser

    with src.opener() as f:
        data, too_large, big_hash = read_bounded(f, opts.max_container_bytes)
    if too_large:
        yield error_doc(src.name, InputError("too_large", f"feed exceeds {opts.max_container_bytes:,} bytes"),
                        doc_id=big_hash)
        return
    if not data.strip():
        yield error_doc(src.name, InputError("empty", "the feed is empty"), raw=data)
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = str(parsed.get("bozo_exception") or "no items") if parsed.get("bozo") else "the feed has no items"
        yield error_doc(src.name, InputError("bad_feed", why), raw=data)
        return
    version = parsed.get("version") or ""
    fmt = "atom" if version.startswith("atom") else "rss"
    meta_base: dict[str, Any] = {"path": src.name, "format": fmt, "feed_version": version,
                                 "encoding": parsed.get("encoding") or "utf-8",
                                 "encoding_confidence": 1.0 if not parsed.get("bozo") else 0.8}
    if parsed.get("bozo"):
        meta_base["feed_warning"] = str(parsed.get("bozo_exception"))[:200]
    if feed_title := (parsed.get("feed") or {}).get("title"):
        meta_base["feed_title"] = feed_title
    for i, entry in enumerate(entries):
        link = (entry.get("link") or "").strip() or None
        where = link or f"{src.name}#{i}"
        text, which = _entry_body(entry)
        title = (entry.get("title") or "").strip() or None
        raw = "\x1f".join([entry.get("id") or "", link or "", title or "", text])
        if not text:
            yield error_doc(where, InputError("no_text", f"item {i} has neither content nor summary"), raw=raw)
            continue
        if len(text.encode("utf-8")) > opts.max_bytes:
            yield error_doc(where, InputError("too_large", f"item exceeds {opts.max_bytes:,} bytes"), raw=raw)
            continue
        doc = Document(id=content_hash(raw), source=where, raw_text=text, title=title, url=link,
                       meta={**meta_base, "item": i, "feed_field": which})
        if entry.get("id"):
            doc.meta["input_id"] = entry["id"]
        date = entry.get("published") or entry.get("updated") or entry.get("dc_date")
        set_published(doc, date, "feed")
        if doc.published is None and (parsed_date := entry.get("published_parsed") or entry.get("updated_parsed")):
            # feedparser understands more date formats than we do; its value is in UTC
            doc.published = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}+00:00".format(*parsed_date[:6])
            doc.meta["published_source"] = "feed"
            doc.failures.clear()
        yield doc
