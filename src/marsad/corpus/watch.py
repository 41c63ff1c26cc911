"""``marsad watch``: poll RSS/Atom feeds and article pages, ingest what is new.

Politeness and economy: a conditional GET (``If-None-Match`` with the stored
ETag, ``If-Modified-Since`` with the stored Last-Modified) lets an unchanged
feed answer 304 with no body; requests to one host are separated by a delay;
transient failures (connection errors, timeouts, HTTP 429 and 5xx) are retried
with exponential back-off. Feed state and the article URLs already fetched are
kept in the database, so a restarted watcher does not fetch them again.
"""

from __future__ import annotations

import datetime as _dt
import io
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..doc import Document
from ..store.db import DocRecord, connect, write_batch
from .ingest import PipelineFactory, default_pipeline, ingest_documents

USER_AGENT = "marsad/0.1 (news observatory; polite polling)"
_FEED_TYPES = ("rss", "atom", "xml", "rdf")


@dataclass
class Response:
    """What a fetch returned: status 200 with a body, or 304 (not modified)."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class FetchError(Exception):
    """A URL could not be fetched after every retry."""


class Watcher:
    """Polls URLs and ingests new articles into the database ``db``."""

    def __init__(self, db: str | Path, *, delay: float = 1.0, retries: int = 3, backoff: float = 1.0,
                 timeout: float = 30.0, max_items: int = 200,
                 pipeline_factory: PipelineFactory = default_pipeline,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.db = db
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_items = max_items
        self.pipeline_factory = pipeline_factory
        self.sleep = sleep
        self._last_request: dict[str, float] = {}
        self.requests: list[tuple[str, int]] = []  # (url, status) of every HTTP answer, for reports and tests

    # -- HTTP --------------------------------------------------------------------------------------
    def _polite(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = self.delay - (time.monotonic() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = time.monotonic()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditional when validators are given), retrying transient failures."""
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        error: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._polite(url)
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                            timeout=self.timeout) as r:
                    body = r.read()
                    self.requests.append((url, r.status))
                    return Response(r.status, body, r.headers.get("ETag"), r.headers.get("Last-Modified"),
                                    r.headers.get("Content-Type", ""))
            except urllib.error.HTTPError as exc:
                self.requests.append((url, exc.code))
                if exc.code == 304:
                    return Response(304, b"", etag, last_modified, "")
                if exc.code != 429 and exc.code < 500:
                    raise FetchError(f"HTTP {exc.code} for {url}") from exc
                error = exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                error = exc
        raise FetchError(f"{url}: {error}") from error

    # -- polling ------------------------------------------------------------------------------------
    def poll(self, con: duckdb.DuckDBPyConnection, url: str) -> dict[str, int]:
        """Poll one URL once; returns counts (``fetched``, ``new``, ``not_modified``, ``failed``)."""
        out = {"fetched": 0, "new": 0, "not_modified": 0, "failed": 0}
        row = con.execute("SELECT etag, last_modified FROM feed_state WHERE url = ?", [url]).fetchone()
        try:
            resp = self.fetch(url, *(row or (None, None)))
        except FetchError as exc:
            out["failed"] += 1
            self._reject(con, url, "E_FETCH", str(exc))
            return out
        n_items = 0
        if resp.status == 304:
            out["not_modified"] = 1
        elif _is_feed(resp):
            links = _feed_links(resp.body)
            n_items = len(links)
            seen = {r[0] for r in con.execute("SELECT url FROM seen_urls WHERE url IN (SELECT unnest(?::VARCHAR[]))",
                                              [[lk for lk, _ in links]]).fetchall()}
            fresh = [(lk, entry) for lk, entry in links if lk not in seen][: self.max_items]
            batch: list[Document] = []
            done: list[tuple[str, str | None]] = []
            for link, entry_text in fresh:
                docs = self._article(con, link, entry_text)
                if docs is None:
                    out["failed"] += 1
                    continue
                out["fetched"] += 1
                batch += docs
                done.append((link, docs[0].id if docs else None))
            if batch:
                out["new"] += self._ingest(con, batch)
            for link, doc_id in done:  # marked seen only once stored
                con.execute("INSERT OR REPLACE INTO seen_urls VALUES (?, ?, now())", [link, doc_id])
        else:  # an article page: its content hash decides whether it is new
            out["fetched"] = 1
            out["new"] += self._ingest(con, _html_documents(resp.body, url))
        con.execute("INSERT OR REPLACE INTO feed_state VALUES (?, ?, ?, ?, now(), ?)",
                    [url, resp.etag, resp.last_modified, resp.status, n_items])
        return out

    def _article(self, con: duckdb.DuckDBPyConnection, link: str, entry_text: str | None) -> list[Document] | None:
        try:
            resp = self.fetch(link)
        except FetchError as exc:
            if entry_text:  # the feed carries the article (or its summary): better than nothing
                return [Document.from_text(entry_text, source=link, url=link)]
            self._reject(con, link, "E_FETCH", str(exc))
            return None
        return _html_documents(resp.body, link)

    def _ingest(self, con: duckdb.DuckDBPyConnection, docs: list[Document]) -> int:
        s = ingest_documents(docs, con, pipeline_factory=self.pipeline_factory, inputs=[d.source for d in docs],
                             engine="watch")
        return s.new

    def _reject(self, con: duckdb.DuckDBPyConnection, url: str, code: str, detail: str) -> None:
        from ..doc import content_hash

        err = f"{code}: {detail}"
        rid = content_hash(f"{url}\n{err}")
        write_batch(con, [DocRecord(rid, url, {"id": rid, "source": url, "error": err}, error=err)])

    def run(self, urls: Iterable[str], *, interval: float = 900.0, once: bool = False,
            log: Callable[[str], None] = lambda m: None) -> None:
        """Poll every URL, then again every ``interval`` seconds (or once)."""
        urls = list(urls)
        con = connect(self.db)
        try:
            while True:
                t0 = time.monotonic()
                for url in urls:
                    c = self.poll(con, url)
                    log(f"{_dt.datetime.now().isoformat(timespec='seconds')} {url}: " +
                        ", ".join(f"{k} {v}" for k, v in c.items() if v))
                if once:
                    return
                self.sleep(max(0.0, interval - (time.monotonic() - t0)))
        finally:
            con.close()


def _is_feed(resp: Response) -> bool:
    ct = resp.content_type.lower()
    if any(t in ct for t in _FEED_TYPES) and "html" not in ct:
        return True
    head = resp.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in resp.body[:2048].lower() or b"<feed" in
                                          resp.body[:2048].lower()) or head.startswith((b"<rss", b"<feed"))


def _feed_links(body: bytes) -> list[tuple[str, str | None]]:
    """(link, text carried by the entry) of every feed entry, in feed order, without repeats."""
    import feedparser

    parsed = feedparser.parse(body)
    out, seen = [], set()
    for e in parsed.entries:
        link = e.get("link")
        if not link or link in seen:
            continue
        seen.add(link)
        content = e.get("content")
        text = content[0].get("value") if content else e.get("summary")
        title = e.get("title")
        entry_text = "\n".join(x for x in (title, text) if x) or None
        out.append((link, entry_text))
    return out


def _html_documents(body: bytes, url: str) -> list[Document]:
    """Documents of an article page, through the HTML reader."""
    from ..io.readers import read_stream

    docs = list(read_stream(io.BytesIO(body), url, fmt="html"))
    for d in docs:
        d.url = d.url or url
        d.source = url
    return docs
