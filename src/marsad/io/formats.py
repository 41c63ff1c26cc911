"""Record formats: JSON Lines, JSON (one object or an array), CSV/TSV.

Each bad record becomes a rejected document (``error`` set) and reading goes on
with the next one.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from typing import IO, Any

import orjson

from ..doc import Document, content_hash
from ..errors import InputError
from .base import ReadOptions, Source, bounded_lines, buffered, read_bounded
from .encoding import decode_bytes, detect_stream_encoding
from .fields import error_doc, lookup, record_to_document

_HEAD = 1 << 16


def _container_meta(src: Source, enc: str, conf: float) -> dict[str, Any]:
    return {"path": src.name, "encoding": enc, "encoding_confidence": round(conf, 3)}


def read_jsonl(src: Source, opts: ReadOptions) -> Iterator[Document]:
    """One document per line; blank lines are skipped, a broken line is rejected alone."""
    with src.opener() as f:
        sniffed = _sniff(src, f)
        if isinstance(sniffed, Document):
            yield sniffed
            return
        stream, head, enc, conf = sniffed
        meta = _container_meta(src, enc, conf)
        if enc in ("utf-8", "utf-8-sig"):
            lines = bounded_lines(stream, opts.max_bytes)
            yield from _jsonl_lines(src, opts, lines, meta, enc)
        else:  # UTF-16 or a legacy code page: decode, then the same line logic on UTF-8
            text_stream = codecs.getreader(enc)(stream, errors="replace")
            utf8 = io.BytesIO(text_stream.read(opts.max_container_bytes).encode("utf-8"))
            yield from _jsonl_lines(src, opts, bounded_lines(utf8, opts.max_bytes), meta, enc)


def _sniff(src: Source, f: IO[bytes]) -> tuple[IO[bytes], bytes, str, float] | Document:
    """Detect a stream's encoding from its head: ``(stream from the start, head, encoding,
    confidence)``, or the error document when the head is not text."""
    head = f.read(_HEAD)
    try:
        enc, conf = detect_stream_encoding(head)
    except InputError as exc:
        return error_doc(src.name, exc, raw=head)
    return _rewind(f, head), head, enc, conf


def _rewind(f: IO[bytes], head: bytes) -> IO[bytes]:
    if f.seekable():
        f.seek(0)
        return f
    return buffered(head, f)


def _jsonl_lines(src: Source, opts: ReadOptions, lines: Iterator[tuple[int, bytes | None, str | None]],
                 meta: dict[str, Any], enc: str) -> Iterator[Document]:
    for lineno, line, big_hash in lines:
        where = f"{src.name}:{lineno}"
        if line is None:
            yield error_doc(where, InputError("too_large", f"line {lineno} exceeds the limit of {opts.max_bytes:,} "
                                                           "bytes"), doc_id=big_hash)
            continue
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[3:]
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            detail = f"line {lineno}: {exc}"
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                detail = f"line {lineno}: not valid UTF-8 JSON"
            yield error_doc(where, InputError("invalid_json", detail), raw=line)
            continue
        yield record_to_document(obj, raw=line.rstrip(b"\r\n"), source=where, fmt="jsonl", fields=opts.fields,
                                 max_bytes=opts.max_bytes, meta={**meta, "line": lineno})


def read_json(src: Source, opts: ReadOptions) -> Iterator[Document]:
    """A JSON file: one article object, an array of them, or an object holding an array.

    Recognised wrappers: ``{"articles": [...]}``, ``{"items": [...]}``, ``{"data": [...]}``,
    ``{"documents": [...]}``. A file that is really JSON Lines is read as such.
    """
    with src.opener() as f:
        data, too_large, big_hash = read_bounded(f, opts.max_container_bytes)
    if too_large:
        yield error_doc(src.name, InputError("too_large", f"JSON file exceeds {opts.max_container_bytes:,} bytes; "
                                                          "use JSON Lines for large collections"), doc_id=big_hash)
        return
    try:
        dec = decode_bytes(data)
    except InputError as exc:
        yield error_doc(src.name, exc, raw=data)
        return
    meta = {"path": src.name, **dec.meta()}
    try:
        obj = orjson.loads(dec.text)
    except orjson.JSONDecodeError as exc:
        if _looks_like_jsonl(dec.text):
            yield from _jsonl_lines(src, opts, _lines_of(dec.text), meta, dec.encoding)
            return
        yield error_doc(src.name, InputError("invalid_json", str(exc)), raw=data)
        return
    # an object holding the article's own text is one record, whatever lists it also has
    own_text = isinstance(obj, dict) and (lookup(obj, opts.fields.text)[1] or lookup(obj, opts.fields.html)[1])
    items = None if own_text else _items(obj)
    if items is None:
        yield record_to_document(obj, raw=data, source=src.name, fmt="json", fields=opts.fields,
                                 max_bytes=opts.max_bytes, meta=meta)
        return
    for i, item in enumerate(items):
        raw = orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
        yield record_to_document(item, raw=raw, source=f"{src.name}#/{i}", fmt="json", fields=opts.fields,
                                 max_bytes=opts.max_bytes, meta={**meta, "index": i})


def _items(obj: Any) -> list[Any] | None:
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict):
        for key in ("articles", "items", "data", "documents", "docs", "records"):
            if isinstance(obj.get(key), list):
                return obj[key]
    return None


def _looks_like_jsonl(text: str) -> bool:
    lines = [ln for ln in text[:_HEAD].splitlines() if ln.strip()]
    return len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5])


def _lines_of(text: str) -> Iterator[tuple[int, bytes | None, str | None]]:
    for i, ln in enumerate(text.splitlines(), 1):
        yield i, ln.encode("utf-8"), None


class _LineTap:
    """Iterates a text stream's lines for ``csv``, remembering each record's raw text.

    Over-long lines are skipped (streamed, not held) and flagged, so the row they
    belong to is rejected rather than blowing memory.
    """

    def __init__(self, f: IO[str], limit: int) -> None:
        self.f = f
        self.limit = limit
        self.buf: list[str] = []
        self.oversized = False

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = self.f.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit and not line.endswith("\n"):
            while (more := self.f.readline(1 << 20)) and not more.endswith("\n"):
                pass
            self.oversized = True
            return "\n"
        self.buf.append(line)
        return line

    def take(self) -> str:
        raw = "".join(self.buf)
        self.buf.clear()
        return raw


def read_csv(src: Source, opts: ReadOptions) -> Iterator[Document]:
    """CSV or TSV with a header row; the delimiter is sniffed (``,`` ``;`` tab ``|``)."""
    with src.opener() as f:
        sniffed = _sniff(src, f)
        if isinstance(sniffed, Document):
            yield sniffed
            return
        stream, head, enc, conf = sniffed
        text = io.TextIOWrapper(stream, encoding=enc, errors="replace", newline="")
        delimiter = "\t" if src.name.lower().endswith(".tsv") else _sniff_delimiter(head.decode(enc, "replace"))
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # our own size check below is per document
        tap = _LineTap(text, opts.max_bytes)
        reader = csv.reader(tap, delimiter=delimiter)
        meta = {**_container_meta(src, enc, conf), "csv_delimiter": delimiter}
        header: list[str] | None = None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raw = tap.take()
                yield error_doc(f"{src.name}:{reader.line_num}", InputError("invalid_csv", str(exc)), raw=raw)
                continue
            raw = tap.take()
            where = f"{src.name}:{reader.line_num}"
            if tap.oversized:
                tap.oversized = False
                yield error_doc(where, InputError("too_large", f"a line exceeds the limit of {opts.max_bytes:,} "
                                                               "bytes"), doc_id=content_hash(raw + where))
                continue
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in row]
                continue
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                yield error_doc(where, InputError("invalid_csv", f"{len(row)} fields, header has {len(header)}"),
                                raw=raw)
                continue
            rec = dict(zip(header, row))
            yield record_to_document(rec, raw=raw, source=where, fmt="csv", fields=opts.fields,
                                     max_bytes=opts.max_bytes, meta={**meta, "line": reader.line_num})


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
