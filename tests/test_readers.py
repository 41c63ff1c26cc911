"""Readers: every input format, and bad inputs that must not stop a batch."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.io.fields import FieldMap, normalize_date
from marsad.io.readers import read_path, read_stream, read_text_input, sniff_format

AR = "قال المتحدث باسم الحكومة الليبية إن الاجتماع سيعقد يوم الخميس في العاصمة طرابلس."
AR2 = "وأضاف أن الوفد الروسي وصل أمس إلى بنغازي للقاء المشير خليفة حفتر."
HTML = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>عنوان</title></head>"
        f"<body><article><h1>عنوان</h1><p>{AR}</p><p>{AR2}</p></article></body></html>")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def jline(obj: dict[str, object]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_read_path_plain_text(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(AR.encode("utf-8"))
    [doc] = list(read_path(p))
    assert doc.error is None and doc.raw_text == AR
    assert doc.id == sha(AR.encode("utf-8")) and doc.source == str(p)
    assert doc.meta["format"] == "text" and doc.meta["encoding"] == "utf-8"
    assert doc.meta["encoding_confidence"] == 1.0


def test_read_path_html_keeps_markup_for_extract(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.meta["format"] == "html" and doc.raw_text == HTML


def test_read_path_html_with_declared_windows_1256(tmp_path: Path) -> None:
    page = HTML.replace("charset='utf-8'", "charset='windows-1256'")
    p = tmp_path / "page.htm"
    p.write_bytes(page.encode("cp1256"))
    [doc] = list(read_path(p))
    assert doc.raw_text == page and doc.meta["encoding"] == "cp1256"


def test_read_path_malformed_html_is_read(tmp_path: Path) -> None:
    p = tmp_path / "broken.html"
    p.write_text(f"<html><body><div><p>{AR}<p>{AR2}</div></span><table><tr><td>x", encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.error is None and doc.meta["format"] == "html"


def test_read_path_jsonl_broken_line_among_good_ones(tmp_path: Path) -> None:
    good1 = jline({"content": AR, "title": "عنوان", "url": "https://ex.com/a", "date": "2023-09-26"})
    good2 = jline({"text": AR2, "published": "2023-09"})
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join([good1, '{"text": "unterminated', "", good2, jline({"title": "no text"})]) + "\n",
                 encoding="utf-8")
    docs = list(read_path(p))
    assert [d.error is None for d in docs] == [True, False, True, False]
    a, bad, b, notext = docs
    assert a.source == "https://ex.com/a" and a.url == "https://ex.com/a" and a.title == "عنوان"
    assert a.published == "2023-09-26" and a.meta["published_source"] == "input-field"
    assert a.id == sha(good1.encode("utf-8"))
    assert bad.source == f"{p}:2" and bad.error.startswith("invalid_json: line 2")
    assert b.source == f"{p}:4" and b.published == "2023-09" and b.raw_text == AR2
    assert notext.error.startswith("no_text")


def test_read_path_jsonl_configurable_fields(tmp_path: Path) -> None:
    p = tmp_path / "custom.jsonl"
    p.write_text(jline({"story": {"body": AR}, "headline": "ع", "when": "26/09/2023", "link": "u"}) + "\n",
                 encoding="utf-8")
    fields = FieldMap.parse("text=story.body,published=when")
    [doc] = list(read_path(p, fields=fields))
    assert doc.raw_text == AR and doc.published == "2023-09-26" and doc.title == "ع"


def test_read_path_jsonl_given_id_and_html_field(tmp_path: Path) -> None:
    p = tmp_path / "h.jsonl"
    p.write_text(jline({"id": 42, "html": HTML}) + "\n", encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.meta["format"] == "html" and doc.meta["container_format"] == "jsonl"
    assert doc.meta["input_id"] == "42" and len(doc.id) == 64


def test_read_path_jsonl_bad_date_is_recorded_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(jline({"text": AR, "date": "yesterday-ish"}) + "\n", encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.error is None and doc.published is None
    assert doc.failures[0].code == "bad_date"


def test_read_path_json_array_and_single_object(tmp_path: Path) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"content": AR}, {"content": AR2, "url": "https://ex.com/2"}, 7],
                              ensure_ascii=False, indent=2), encoding="utf-8")
    docs = list(read_path(arr))
    assert [d.source for d in docs] == [f"{arr}#/0", "https://ex.com/2", f"{arr}#/2"]
    assert docs[0].raw_text == AR and docs[2].error.startswith("not_an_object")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"articles": [{"body": AR}]}, ensure_ascii=False), encoding="utf-8")
    [doc] = list(read_path(one))
    assert doc.raw_text == AR


def test_read_path_csv_and_tsv(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f'title,text,date\nعنوان,"{AR}\n{AR2}",2023-09-26\n,,\nx,"{AR2}"\n', encoding="utf-8")
    docs = list(read_path(p))
    assert docs[0].raw_text == f"{AR}\n{AR2}" and docs[0].published == "2023-09-26"
    assert docs[0].source == f"{p}:3"  # the record ends on line 3
    assert docs[1].error.startswith("invalid_csv")  # 2 fields for a 3-column header
    t = tmp_path / "b.tsv"
    t.write_text(f"content\turl\n{AR}\thttps://ex.com/t\n", encoding="utf-8")
    [doc] = list(read_path(t))
    assert doc.raw_text == AR and doc.source == "https://ex.com/t"


def test_read_path_csv_windows_1256(tmp_path: Path) -> None:
    p = tmp_path / "legacy.csv"
    p.write_bytes(f"title;content\nعنوان;{AR}\n".encode("cp1256"))
    [doc] = list(read_path(p))
    assert doc.raw_text == AR and doc.meta["encoding"] == "cp1256"


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=path.name.endswith(".gz"))
        w.write_record(w.create_warc_record("https://ex.com/", "warcinfo", payload=io.BytesIO(b"software: test")))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "ex.com")], is_http_request=True)
        w.write_record(w.create_warc_record("https://ex.com/a", "request", payload=io.BytesIO(b""),
                                            http_headers=req))
        page = HTML.replace("charset='utf-8'", "charset='windows-1256'").encode("cp1256")
        ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1256")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://ex.com/a", "response", payload=io.BytesIO(page),
                                            http_headers=ok))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://ex.com/i.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), http_headers=img))
        moved = StatusAndHeaders("301 Moved", [("Content-Type", "text/html"), ("Location", "/a")],
                                 protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://ex.com/old", "response", payload=io.BytesIO(b"<html></html>"),
                                            http_headers=moved))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_path_warc_skips_non_html_with_reason(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    _warc(p)
    docs = list(read_path(p))
    assert len(docs) == 3  # warcinfo and request records are not documents
    page, img, moved = docs
    assert page.error is None and page.source == "https://ex.com/a" and page.url == "https://ex.com/a"
    assert page.meta["format"] == "html" and page.meta["encoding"] == "cp1256" and AR in page.raw_text
    assert img.error == "skipped: non-HTML record (image/png)" and img.source == "https://ex.com/i.png"
    assert moved.error.startswith("skipped: HTTP status 301")


def test_read_path_truncated_warc_reports_and_keeps_earlier_records(tmp_path: Path) -> None:
    p = tmp_path / "cut.warc"
    _warc(p)
    data = p.read_bytes()
    cut = tmp_path / "cut2.warc"
    cut.write_bytes(data[: len(data) - 40])
    docs = list(read_path(cut))
    assert docs[0].error is None
    assert any(d.error for d in docs)


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار</title>
<item><title>عنوان ١</title><link>https://ex.com/1</link><guid>g1</guid>
<pubDate>Tue, 26 Sep 2023 10:00:00 +0300</pubDate>
<description>&lt;p&gt;{AR}&lt;/p&gt;&lt;p&gt;{AR2}&lt;/p&gt;</description></item>
<item><title>فارغ</title><link>https://ex.com/2</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2023-09-26T10:00:00Z</updated>
<entry><title>عنوان</title><link href="https://ex.com/atom/1"/><id>urn:1</id>
<updated>2023-09-26T12:30:00Z</updated><summary>ملخص قصير</summary>
<content type="html">&lt;p&gt;{AR}&lt;/p&gt;&lt;p&gt;{AR2}&lt;/p&gt;</content></entry></feed>"""


def test_read_path_rss_items(tmp_path: Path) -> None:
    p = tmp_path / "feed.xml"  # .xml: recognised from its content
    p.write_text(RSS, encoding="utf-8")
    first, empty = list(read_path(p))
    assert first.meta["format"] == "rss" and first.source == "https://ex.com/1" and first.title == "عنوان ١"
    assert first.raw_text == f"{AR}\n\n{AR2}"
    assert first.published == "2023-09-26T10:00:00+03:00" and first.meta["published_source"] == "feed"
    assert empty.error.startswith("no_text")


def test_read_path_atom_prefers_full_content(tmp_path: Path) -> None:
    p = tmp_path / "feed.atom"
    p.write_text(ATOM, encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.meta["format"] == "atom" and doc.meta["feed_field"] == "content"
    assert doc.raw_text == f"{AR}\n\n{AR2}" and doc.published == "2023-09-26T12:30:00+00:00"


def test_read_path_zip_with_mixed_files(tmp_path: Path) -> None:
    p = tmp_path / "mixed.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("b/article.txt", AR)
        z.writestr("a/page.html", HTML)
        z.writestr("c.jsonl", jline({"text": AR2}) + "\n{bad\n")
        z.writestr("d/logo.png", b"\x89PNG\r\n\x1a\n")  # a page asset: passed over
        z.writestr("e/blob.dat", bytes(range(256)))
        z.writestr("f/empty.txt", b"")
    docs = list(read_path(p))
    assert [d.source for d in docs] == [f"{p}!/a/page.html", f"{p}!/b/article.txt", f"{p}!/c.jsonl:1",
                                        f"{p}!/c.jsonl:2", f"{p}!/e/blob.dat", f"{p}!/f/empty.txt"]
    assert [bool(d.error) for d in docs] == [False, False, False, True, True, True]
    assert docs[0].meta["format"] == "html" and docs[1].raw_text == AR
    assert docs[4].error.startswith("binary") and docs[5].error.startswith("empty")


def test_read_path_corrupt_zip(tmp_path: Path) -> None:
    p = tmp_path / "bad.zip"
    p.write_bytes(b"PK\x03\x04 this is not really a zip")
    [doc] = list(read_path(p))
    assert doc.error.startswith("bad_zip")


def test_read_path_gzipped_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl.gz"
    p.write_bytes(gzip.compress((jline({"text": AR}) + "\n" + jline({"text": AR2}) + "\n").encode("utf-8")))
    docs = list(read_path(p))
    assert [d.raw_text for d in docs] == [AR, AR2]


def test_read_path_directory_recursive_sorted_with_glob(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "z" / "1.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "a" / "2.txt").write_text(AR2, encoding="utf-8")
    (tmp_path / "a" / "style.css").write_text("body{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "note.md").write_text("# note", encoding="utf-8")
    docs = list(read_path(tmp_path))
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in docs] == ["a/2.txt", "a/note.md", "z/1.txt"]
    only_txt = list(read_path(tmp_path, glob="**/*.txt"))
    assert [d.raw_text for d in only_txt] == [AR2, AR]


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"\n \n", "empty"),
    (b"\x00\x01\x02\xff\xfe\xfd" * 100, "binary"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "binary"),
])
def test_read_path_bad_files_give_errors_and_batch_goes_on(tmp_path: Path, data: bytes, code: str) -> None:
    (tmp_path / "1-bad.txt").write_bytes(data)
    (tmp_path / "2-good.txt").write_text(AR, encoding="utf-8")
    bad, good = list(read_path(tmp_path))
    assert bad.error.startswith(code + ":") and bad.id == sha(data)
    assert good.error is None and good.raw_text == AR


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", AR.encode("utf-8")[:-2]),  # truncated inside the last letter
    ("utf-16-le", AR.encode("utf-16-le")),  # no BOM
    ("utf-16-be", AR.encode("utf-16-be")),
    ("cp1256", AR.encode("cp1256")),
    ("iso8859-6", AR.encode("iso-8859-6")),
])
def test_read_path_decodes_encodings(tmp_path: Path, encoding: str, data: bytes) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(data)
    [doc] = list(read_path(p))
    assert doc.error is None and doc.raw_text.startswith(AR[:-2])
    assert doc.meta["encoding"].replace("_", "-") == encoding


def test_read_path_50mb_single_line_is_rejected_without_loading_it(tmp_path: Path) -> None:
    line = b"a" * (50 * 1024 * 1024)
    for name in ("huge.txt", "huge.jsonl"):
        (tmp_path / name).write_bytes(line)
    (tmp_path / "ok.txt").write_text(AR, encoding="utf-8")
    tracemalloc.start()
    try:
        docs = list(read_path(tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.error.split(":")[0] if d.error else None for d in docs] == ["too_large", "too_large", None]
    assert docs[0].id == docs[1].id == sha(line)
    assert peak < 30 * 1024 * 1024  # never the whole 50 MB (the JSONL path holds at most the 20 MB limit)


def test_read_path_jsonl_line_over_limit(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text(jline({"text": "ب" * 600}) + "\n" + jline({"text": AR}) + "\n", encoding="utf-8")
    big, ok = list(read_path(p, max_bytes=1000))
    assert big.error.startswith("too_large") and big.source == f"{p}:1"
    assert ok.raw_text == AR


def test_read_path_missing_file() -> None:
    [doc] = list(read_path("/nonexistent/dir/file.txt"))
    assert doc.error.startswith("not_found")


def test_read_stream_sniffs_jsonl_and_names_lines() -> None:
    data = (jline({"text": AR}) + "\n" + jline({"text": AR2}) + "\n").encode("utf-8")
    docs = list(read_stream(io.BytesIO(data), "-"))
    assert [d.source for d in docs] == ["-:1", "-:2"] and docs[1].raw_text == AR2


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like standard input from a pipe."""

    def __init__(self, data: bytes) -> None:
        self._b = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._b.read(len(buf))
        buf[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("payload, expected", [
    (AR.encode("cp1256"), AR),
    (HTML.encode("utf-8"), HTML),
])
def test_read_stream_from_pipe_single_document(payload: bytes, expected: str) -> None:
    [doc] = list(read_stream(io.BufferedReader(_Pipe(payload)), "-"))
    assert doc.raw_text == expected and doc.source == "-"


def test_read_stream_zip_from_pipe() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", AR)
    [doc] = list(read_stream(io.BufferedReader(_Pipe(buf.getvalue())), "-"))
    assert doc.raw_text == AR and doc.source == "-!/a.txt"


def test_read_stream_text_stream() -> None:
    [doc] = list(read_stream(io.StringIO(AR), "-"))
    assert doc.raw_text == AR


def test_read_text_input() -> None:
    doc = read_text_input(AR, published="2023-09-26T10:00:00Z")
    assert doc.raw_text == AR and doc.meta["format"] == "text" and doc.published == "2023-09-26T10:00:00+00:00"
    assert read_text_input(HTML).meta["format"] == "html"
    assert read_text_input("   ").error.startswith("empty")


@pytest.mark.parametrize("head, name, fmt", [
    (b"WARC/1.0\r\n", "", "warc"),
    (b"\x1f\x8b\x08", "", "gzip"),
    (b"PK\x03\x04", "", "zip"),
    (b'<?xml version="1.0"?><rss version="2.0">', "", "feed"),
    (b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>", "", "feed"),
    (b"<!DOCTYPE html><html>", "", "html"),
    (b'{"text": "a"}\n{"text": "b"}\n', "", "jsonl"),
    (b'{\n  "text": "a"\n}', "", "json"),
    (b"[{}]", "", "json"),
    (AR.encode("utf-8"), "", "text"),
    (b"anything", "x.csv", "csv"),
    (b"anything", "x.WARC.GZ", "warc"),
])
def test_sniff_format(head: bytes, name: str, fmt: str) -> None:
    assert sniff_format(head, name) == fmt


@pytest.mark.parametrize("value, expected", [
    ("2023-09-26", "2023-09-26"),
    ("2023-09", "2023-09"),
    ("2023", "2023"),
    ("2023/9/6", "2023-09-06"),
    ("26/09/2023", "2023-09-26"),
    ("٢٠٢٣-٠٩-٢٦", "2023-09-26"),
    ("2023-09-26T10:00:00Z", "2023-09-26T10:00:00+00:00"),
    ("2023-09-26 10:00:00", "2023-09-26T10:00:00"),
    ("Tue, 26 Sep 2023 10:00:00 GMT", "2023-09-26T10:00:00+00:00"),
    (1695722400, "2023-09-26T10:00:00+00:00"),
    ("1695722400000", "2023-09-26T10:00:00+00:00"),
    ("2023-13-01", None),
    ("yesterday", None),
    ("", None),
])
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_fieldmap_parse_rejects_unknown_role() -> None:
    from marsad.errors import InputError

    with pytest.raises(InputError):
        FieldMap.parse("txt=content")


def test_read_path_zip_members_follow_glob(tmp_path: Path) -> None:
    p = tmp_path / "g.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("x/a.txt", AR)
        z.writestr("b.jsonl", jline({"text": AR2}) + "\n")
    assert [d.raw_text for d in read_path(p, glob="**/*.txt")] == [AR]


def test_read_path_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    p = tmp_path / "sitemap"
    p.write_text('<?xml version="1.0"?><urlset><url><loc>https://ex.com</loc></url></urlset>', encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.error.startswith("unsupported_format")


def test_read_path_json_object_with_text_and_lists(tmp_path: Path) -> None:
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"text": AR, "items": ["tag1", "tag2"]}, ensure_ascii=False), encoding="utf-8")
    [doc] = list(read_path(p))
    assert doc.raw_text == AR and doc.source == str(p)



@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["-", "x.txt", "x.jsonl", "x.json", "x.csv", "x.html", "x.warc",
                                                  "x.rss", "x.zip", "x.gz"]))
def test_read_stream_never_raises_on_junk(data: bytes, name: str) -> None:
    for doc in read_stream(io.BytesIO(data), name):
        assert doc.error is None or ":" in doc.error
        assert len(doc.id) == 64
