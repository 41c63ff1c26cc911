"""Containers: WARC (via warcio), zip and gzip files.

Archives are walked in a fixed order (zip members sorted by name, WARC records
in file order) so the same input always gives the same documents.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO

from ..doc import Document, content_hash
from ..errors import InputError
from .base import Dispatch, ReadOptions, Source, is_asset, read_bounded
from .encoding import decode_bytes
from .fields import error_doc, normalize_date

MAX_DEPTH = 3  # zip inside zip inside zip, and no further
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CONTENT_RECORDS = ("response", "resource", "conversion")  # conversion: WET plain text


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, if any."""
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None


def read_warc(src: Source, opts: ReadOptions) -> Iterator[Document]:
    """HTML (and plain-text) responses of a WARC file, one document each.

    Records without content (``request``, ``warcinfo``, ``metadata``, ``revisit``)
    are not documents and are passed over; content records that are not HTML or
    text (images, scripts, PDFs), and HTTP errors and redirects, are yielded as
    rejected documents whose error starts with ``skipped:`` and says why.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with src.opener() as f:
        it = iter(ArchiveIterator(f, arc2warc=True))
        index = 0
        while True:
            try:
                record = next(it)
            except StopIteration:
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                yield error_doc(f"{src.name}@{index}", InputError("bad_warc", f"record {index}: {exc}"))
                return
            index += 1
            try:
                doc = _warc_record(record, src, opts, index)
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                yield error_doc(f"{src.name}@{index}", InputError("bad_warc", f"record {index}: {exc}"))
                return
            if doc is not None:
                yield doc


def _warc_record(record: object, src: Source, opts: ReadOptions, index: int) -> Document | None:
    rtype = record.rec_type  # type: ignore[attr-defined]
    if rtype not in _CONTENT_RECORDS:
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI") or None
    where = uri or f"{src.name}@{index}"
    http = record.http_headers  # type: ignore[attr-defined]
    if rtype == "response" and http is not None:
        ctype = http.get_header("Content-Type") or ""
        status = http.get_statuscode() or ""
    else:
        ctype = headers.get_header("Content-Type") or ""
        status = "200"
    stream: IO[bytes] = record.content_stream()  # type: ignore[attr-defined]
    data, too_large, big_hash = read_bounded(stream, opts.max_bytes)
    doc_id = big_hash or content_hash(data)
    mime = ctype.split(";")[0].strip().lower()
    if not status.startswith("2"):
        return error_doc(where, InputError("skipped", f"HTTP status {status} ({mime or 'no type'})"), doc_id=doc_id)
    is_html = mime in _HTML_TYPES or (not mime and data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")))
    if not is_html and mime != "text/plain":
        return error_doc(where, InputError("skipped", f"non-HTML record ({mime or 'no content type'})"),
                         doc_id=doc_id)
    if too_large:
        return error_doc(where, InputError("too_large", f"record exceeds the limit of {opts.max_bytes:,} bytes"),
                         doc_id=doc_id)
    try:
        dec = decode_bytes(data, declared=charset_of(ctype) or (html_declared_charset(data) if is_html else None))
    except InputError as exc:
        return error_doc(where, exc, doc_id=doc_id)
    meta = {"path": src.name, "format": "html" if is_html else "text", "container_format": "warc",
            "warc_record": index, **dec.meta()}
    if rid := headers.get_header("WARC-Record-ID"):
        meta["warc_record_id"] = rid
    if wdate := headers.get_header("WARC-Date"):
        meta["warc_date"] = normalize_date(wdate) or wdate  # the crawl time, not the publication date
    return Document(id=doc_id, source=where, raw_text=dec.text, url=uri, meta=meta)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset>``)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def read_zip(src: Source, opts: ReadOptions, dispatch: Dispatch) -> Iterator[Document]:
    """Every member of a zip file, in name order, read by its own format."""
    if src.depth >= MAX_DEPTH:
        yield error_doc(src.name, InputError("too_deep", f"archives nested more than {MAX_DEPTH} deep"))
        return
    try:
        with src.opener() as f:
            if f.seekable():
                zf = zipfile.ZipFile(f)
                yield from _zip_members(zf, src, opts, dispatch)
                return
            data, too_large, big_hash = read_bounded(f, opts.max_container_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        yield error_doc(src.name, InputError("bad_zip", str(exc)))
        return
    if too_large:
        yield error_doc(src.name, InputError("too_large", f"zip stream exceeds {opts.max_container_bytes:,} bytes"),
                        doc_id=big_hash)
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        yield error_doc(src.name, InputError("bad_zip", str(exc)), raw=data)
        return
    yield from _zip_members(zf, src, opts, dispatch)


def _zip_members(zf: zipfile.ZipFile, src: Source, opts: ReadOptions, dispatch: Dispatch) -> Iterator[Document]:
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            name = info.filename
            if info.is_dir() or name.startswith("__MACOSX/") or is_asset(name) or not glob_match(name, opts.glob):
                continue
            member = f"{src.name}!/{name}"
            if info.flag_bits & 0x1:
                yield error_doc(member, InputError("encrypted", "the zip member is password-protected"))
                continue

            def opener(info: zipfile.ZipInfo = info) -> IO[bytes]:
                return zf.open(info)

            try:
                yield from dispatch(Source(member, opener, info.file_size, src.depth + 1), opts, None)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                # a corrupt member (bad CRC, unsupported compression) loses only itself
                yield error_doc(member, InputError("bad_zip", str(exc)))


def glob_match(name: str, pattern: str) -> bool:
    """Whether an archive member matches the directory glob (``**/`` also matches the top level)."""
    if pattern in ("**/*", "*", "**"):
        return True
    return fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(name, pattern.replace("**/", ""))


def read_gzip(src: Source, opts: ReadOptions, dispatch: Dispatch) -> Iterator[Document]:
    """A gzip-compressed file, read by the format of its inner name (``x.jsonl.gz``)."""
    inner = src.name[:-3] if src.name.lower().endswith(".gz") else src.name

    def opener() -> IO[bytes]:
        return gzip.GzipFile(fileobj=src.opener(), mode="rb")  # type: ignore[return-value]

    try:
        yield from dispatch(Source(inner, opener, None, src.depth + 1), opts, None)
    except (gzip.BadGzipFile, EOFError, OSError) as exc:
        yield error_doc(src.name, InputError("bad_gzip", str(exc)))


def sha256_stream(f: IO[bytes]) -> str:
    """sha256 of a whole stream, read in chunks."""
    h = hashlib.sha256()
    while chunk := f.read(1 << 20):
        h.update(chunk)
    return h.hexdigest()
