"""``marsad watch`` against an RSS feed and article pages served on 127.0.0.1 by the test."""

from __future__ import annotations

import email.utils
import http.server
import threading
import time
from pathlib import Path

import pytest

from marsad.corpus.watch import FetchError, Watcher
from marsad.store.db import connect

PAGES = {
    "/news/1.html": ("اجتماع في الرياض", "عقد وزير الخارجية اجتماعا في الرياض اليوم مع نظيره الروسي لبحث الأوضاع "
                     "في ليبيا وسوريا وقال المتحدث إن الجانبين اتفقا على مواصلة المشاورات في الأسابيع المقبلة. " * 3),
    "/news/2.html": ("افتتاح مستشفى", "افتتح أمير المنطقة الشرقية مستشفى جديدا في الدمام بسعة ثلاثمئة سرير "
                     "وأكد أن المشروع يخدم أكثر من مليون نسمة في المحافظات المجاورة خلال السنوات المقبلة. " * 3),
    "/news/3.html": ("مباراة", "فاز الفريق الأول على ضيفه بثلاثة أهداف مقابل هدف واحد في المباراة التي أقيمت "
                     "مساء أمس على ملعب المدينة الرياضية أمام جمهور كبير من المشجعين. " * 3),
}
LAST_MODIFIED = email.utils.formatdate(1_690_000_000, usegmt=True)


def page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><header>الصفحة الرئيسية | أخبار | رياضة</header><article><h1>{title}</h1><p>{body}</p>"
            f"</article><footer>جميع الحقوق محفوظة</footer></body></html>").encode()


class Site:
    """The feed's items, the requests seen, and failures to inject."""

    def __init__(self) -> None:
        self.items = ["/news/1.html", "/news/2.html"]
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self.fail_next: dict[str, int] = {}
        self.lock = threading.Lock()

    def feed(self, base: str) -> tuple[bytes, str]:
        items = "".join(f"<item><title>{PAGES[p][0]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                        f"<description>{PAGES[p][0]}</description></item>" for p in self.items)
        xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
               f"<link>{base}/</link>{items}</channel></rss>").encode()
        return xml, f'"v{len(self.items)}"'


@pytest.fixture()
def site():
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            with state.lock:
                state.log.append(("GET", self.path, dict(self.headers)))
                fails = state.fail_next.get(self.path, 0)
                if fails:
                    state.fail_next[self.path] = fails - 1
            if fails:
                self.send_response(503)
                self.end_headers()
                return
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                body, etag = state.feed(base)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            elif self.path in PAGES:
                body = page(*PAGES[self.path])
                if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Last-Modified", LAST_MODIFIED)
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield state
    server.shutdown()
    server.server_close()


def _docs(db: Path) -> list[tuple[str, str]]:
    con = connect(db)
    try:
        return con.execute("SELECT url, title FROM documents ORDER BY url").fetchall()
    finally:
        con.close()


def test_watch_ingests_new_items_then_uses_conditional_get(site, tmp_path):
    db = tmp_path / "w.duckdb"
    w = Watcher(db, delay=0.0, backoff=0.01)
    feed = site.base + "/feed.xml"
    w.run([feed], once=True)
    docs = _docs(db)
    assert [u for u, _ in docs] == [site.base + "/news/1.html", site.base + "/news/2.html"]
    assert all(t for _, t in docs)
    # second poll: the feed is unchanged, asked with its ETag, answered 304, nothing fetched
    n = len(site.log)
    w.run([feed], once=True)
    second = site.log[n:]
    assert [p for _, p, _ in second] == ["/feed.xml"]
    assert second[0][2].get("If-None-Match") == '"v2"'
    assert second[0][2].get("If-Modified-Since") == LAST_MODIFIED
    assert (feed, 304) in w.requests
    # a new item: only the new article is fetched
    site.items.append("/news/3.html")
    n = len(site.log)
    w.run([feed], once=True)
    assert [p for _, p, _ in site.log[n:]] == ["/feed.xml", "/news/3.html"]
    assert len(_docs(db)) == 3


def test_watch_retries_with_backoff(site, tmp_path):
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)

    site.fail_next["/feed.xml"] = 2
    w = Watcher(tmp_path / "w.duckdb", delay=0.0, retries=3, backoff=0.5, sleep=sleep)
    w.run([site.base + "/feed.xml"], once=True)
    assert [s for _, s in w.requests][:3] == [503, 503, 200]
    assert sleeps[:2] == [0.5, 1.0]  # exponential back-off
    assert len(_docs(tmp_path / "w.duckdb")) == 2


def test_watch_gives_up_and_records_a_reject(site, tmp_path):
    site.fail_next["/feed.xml"] = 10
    db = tmp_path / "w.duckdb"
    w = Watcher(db, delay=0.0, retries=2, backoff=0.0, sleep=lambda s: None)
    with pytest.raises(FetchError):
        w.fetch(site.base + "/feed.xml")
    w.run([site.base + "/feed.xml"], once=True)
    con = connect(db)
    assert con.execute("SELECT reason FROM rejects").fetchall() == [("E_FETCH",)]
    con.close()


def test_watch_politeness_delay_between_requests_to_one_host(site, tmp_path):
    w = Watcher(tmp_path / "w.duckdb", delay=0.3, backoff=0.0)
    t0 = time.monotonic()
    w.run([site.base + "/feed.xml"], once=True)  # feed + 2 articles = 3 requests to one host
    assert time.monotonic() - t0 >= 0.6
    assert len(w.requests) == 3


def test_watch_article_page_url(site, tmp_path):
    db = tmp_path / "w.duckdb"
    w = Watcher(db, delay=0.0)
    w.run([site.base + "/news/3.html"], once=True)
    w.run([site.base + "/news/3.html"], once=True)  # Last-Modified -> 304, nothing new
    assert [s for _, s in w.requests] == [200, 304]
    assert [u for u, _ in _docs(db)] == [site.base + "/news/3.html"]
