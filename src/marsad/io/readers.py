"""Read inputs of any supported format into :class:`Document` objects.

Entry points:

- :func:`read_path` -- a file, a directory (recursive, glob, sorted), a zip, or ``-``
  for standard input;
- :func:`read_stream` -- an open file object (standard input, an upload);
- :func:`read_text_input` -- a string.

Formats: plain text, HTML (kept whole in ``raw_text`` with ``meta["format"] = "html"``
for the ``extract`` stage), JSON Lines, JSON, CSV/TSV, WARC (``.warc``,
``.warc.gz``), RSS/Atom, zip and gzip files of any of these. The format comes from
the file name, else from the first bytes.

A bad input never raises: it becomes a document with ``error`` set (printed as
``{"id", "source", "error"}``) and reading goes on. ``Document.id`` is the sha256
of the raw bytes of the record.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from ..doc import Document, content_hash
from ..errors import InputError
from .archives import html_declared_charset, read_gzip, read_warc, read_zip, sha256_stream
from .base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CONTAINER_BYTES,
    ReadOptions,
    Source,
    buffered,
    format_for_name,
    is_asset,
    read_bounded,
)
from .encoding import decode_bytes
from .feeds import read_feed
from .fields import FieldMap, error_doc, set_published
from .formats import read_csv, read_json, read_jsonl

__all__ = [
    "FORMATS",
    "FieldMap",
    "ReadOptions",
    "read_path",
    "read_stream",
    "read_text_input",
    "sniff_format",
]

FORMATS = ("text", "html", "jsonl", "json", "csv", "warc", "feed", "zip", "gzip")
_SNIFF = 4096


def read_path(path: str | os.PathLike[str], *, glob: str = "**/*", fields: FieldMap | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, max_container_bytes: int = DEFAULT_MAX_CONTAINER_BYTES,
              fmt: str | None = None) -> Iterator[Document]:
    """Read every document in a file, a directory, an archive, or ``-`` (standard input).

    Args:
        path: a file, a directory (walked recursively, sorted), or ``"-"``.
        glob: which files of a directory are read (hidden files and page assets
            such as ``.css``/``.png`` are always passed over in directory walks).
        fields: field names of JSON/CSV records (text, title, url, published, id).
        max_bytes: per-document size limit; larger documents are rejected.
        max_container_bytes: limit of containers read whole (JSON arrays, feeds, zip streams).
        fmt: force a format (one of :data:`FORMATS`) instead of detecting it.

    Yields:
        Documents in a deterministic order; unreadable inputs as documents with ``error`` set.
    """
    opts = ReadOptions(fields=fields or FieldMap(), max_bytes=max_bytes, max_container_bytes=max_container_bytes,
                       glob=glob, fmt=fmt)
    if str(path) == "-":
        yield from read_stream(sys.stdin.buffer, "-", options=opts)
        return
    p = Path(path)
    if p.is_dir():
        yield from _read_dir(p, opts)
        return
    if not p.exists():
        yield error_doc(str(path), InputError("not_found", "no such file or directory"))
        return
    yield from _read_file(p, str(path), opts, fmt)


def _read_dir(root: Path, opts: ReadOptions) -> Iterator[Document]:
    try:
        found = [q for q in root.glob(opts.glob)]
    except (OSError, ValueError) as exc:
        yield error_doc(str(root), InputError("unreadable", f"cannot list the directory: {exc}"))
        return
    files = []
    for q in found:
        rel = q.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or is_asset(q.name):
            continue
        if q.is_file():
            files.append((rel.as_posix(), q))
    for _, q in sorted(files):
        yield from _read_file(q, str(q), opts, None)


def _read_file(p: Path, name: str, opts: ReadOptions, fmt: str | None) -> Iterator[Document]:
    try:
        size = p.stat().st_size
    except OSError as exc:
        yield error_doc(name, InputError("unreadable", str(exc)))
        return

    def opener() -> IO[bytes]:
        return open(p, "rb")

    try:
        yield from _dispatch(Source(name, opener, size), opts, fmt or opts.fmt)
    except PermissionError as exc:
        yield error_doc(name, InputError("unreadable", f"permission denied: {exc.filename or name}"))
    except OSError as exc:
        yield error_doc(name, InputError("unreadable", str(exc)))


def read_stream(fileobj: BinaryIO | TextIO | IO[Any], name: str = "-", *, fields: FieldMap | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None,
                options: ReadOptions | None = None) -> Iterator[Document]:
    """Read documents from an open file object (binary preferred; text is accepted).

    The format is taken from ``name``'s extension, else sniffed from the first bytes.
    The stream is read once, lazily (JSON Lines from a pipe stream record by record).

    Args:
        fileobj: the stream, e.g. ``sys.stdin.buffer``.
        name: display name used in ``source`` (``-:3`` is line 3 of standard input).
        fields: field names of JSON/CSV records.
        max_bytes: per-document size limit.
        fmt: force a format.
        options: full options (overrides ``fields``/``max_bytes``/``fmt``).
    """
    opts = options or ReadOptions(fields=fields or FieldMap(), max_bytes=max_bytes, fmt=fmt)
    raw: IO[bytes]
    if isinstance(fileobj, io.TextIOBase) or _is_text_stream(fileobj):
        buf = getattr(fileobj, "buffer", None)
        raw = buf if buf is not None else io.BytesIO(fileobj.read().encode("utf-8"))  # type: ignore[union-attr]
    else:
        raw = fileobj  # type: ignore[assignment]
    used = False

    def opener() -> IO[bytes]:
        nonlocal used
        wrapped = _NoClose(raw)
        if used:
            if not wrapped.seekable():  # a pipe can be read once; two-pass readers buffer it
                raise OSError("the stream was already read")
            wrapped.seek(start)
        used = True
        return wrapped

    try:
        start = raw.tell() if raw.seekable() else 0
    except OSError:
        start = 0

    try:
        yield from _dispatch(Source(name, opener, None), opts, opts.fmt)
    except OSError as exc:
        yield error_doc(name, InputError("unreadable", str(exc)))


def _is_text_stream(f: Any) -> bool:
    mode = getattr(f, "mode", "")
    return isinstance(mode, str) and "b" not in mode and mode != "" and hasattr(f, "encoding")


class _NoClose(io.RawIOBase):
    """Wraps a caller's stream so that our ``with`` blocks do not close it."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        try:
            return bool(self.f.seekable())
        except (AttributeError, OSError):
            return False

    def seek(self, pos: int, whence: int = 0) -> int:
        return self.f.seek(pos, whence)

    def tell(self) -> int:
        return self.f.tell()

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.f.read(len(b))
        b[: len(data)] = data
        return len(data)

    def read(self, n: int = -1) -> bytes:  # type: ignore[override]
        return self.f.read(n)

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        return self.f.readline(-1 if size is None else size)

    def close(self) -> None:  # the caller owns the stream
        pass


def read_text_input(text: str, *, source: str = "<text>", title: str | None = None, url: str | None = None,
                    published: str | None = None, fmt: str | None = None) -> Document:
    """A document from a string (an HTML page when it looks like one, else plain text).

    Args:
        text: the article (or page) text.
        source: shown as the document's source (``url`` wins when given).
        title: a known title.
        url: the article's URL.
        published: a publication date, normalised like an input field.
        fmt: ``"text"`` or ``"html"`` to skip detection.
    """
    kind = fmt or ("html" if _looks_like_html(text.lstrip()[:_SNIFF].encode("utf-8", "replace")) else "text")
    doc = Document(id=content_hash(text), source=url or source, raw_text=text, title=title, url=url,
                   meta={"format": kind, "encoding": "utf-8", "encoding_confidence": 1.0})
    if not text.strip():
        doc.error = "empty: the input holds no text"
        return doc
    set_published(doc, published, "input-field")
    return doc


def sniff_format(head: bytes, name: str = "") -> str:
    """The format of an input from its name, else from its first bytes.

    Returns one of :data:`FORMATS` (``text`` when nothing more specific fits), or
    ``xml`` for XML that is neither a feed nor a page (not readable).
    """
    by_name = format_for_name(name) if name and name != "-" else None
    if by_name:
        return by_name
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if h.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in h[:64]:
        try:
            h = h.decode("utf-16").encode("utf-8").lstrip(b"\xef\xbb\xbf \t\r\n")
        except UnicodeDecodeError:
            return "text"
    if h.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    low = h[:_SNIFF].lower()
    if low.startswith(b"<"):
        if b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low:
            return "feed"
        if _looks_like_html(low):
            return "html"
        return "xml" if low.startswith(b"<?xml") else "text"
    if h.startswith(b"["):
        return "json"
    if h.startswith(b"{"):
        first, _, rest = h.partition(b"\n")
        return "jsonl" if first.rstrip().endswith(b"}") or rest.lstrip().startswith(b"{") else "json"
    return "text"


def _looks_like_html(low: bytes) -> bool:
    low = low.lower()
    return any(tag in low for tag in (b"<!doctype html", b"<html", b"<head", b"<body", b"<p>", b"<p ", b"<div",
                                      b"<article", b"<meta", b"<title", b"<br"))


def _dispatch(src: Source, opts: ReadOptions, fmt: str | None) -> Iterator[Document]:
    """Read one source by its format (given, from its name, or sniffed)."""
    if fmt is None:
        fmt = format_for_name(src.name) if src.name != "-" else None
    if fmt is None:  # no telling extension: look at the first bytes
        with src.opener() as f:
            head = f.read(_SNIFF)
            fmt = sniff_format(head, "")
            if f.seekable():
                f.seek(0)
                rest: IO[bytes] | None = None
            else:
                rest = f
        if rest is not None:  # a pipe: replay the sniffed head, then the rest, once
            stream = buffered(head, rest)
            src = Source(src.name, lambda: _NoClose(stream), src.size, src.depth)
    if fmt == "jsonl":
        yield from read_jsonl(src, opts)
    elif fmt == "json":
        yield from read_json(src, opts)
    elif fmt == "csv":
        yield from read_csv(src, opts)
    elif fmt == "warc":
        yield from read_warc(src, opts)
    elif fmt == "feed":
        yield from read_feed(src, opts)
    elif fmt == "zip":
        yield from read_zip(src, opts, _dispatch)
    elif fmt == "gzip":
        yield from read_gzip(src, opts, _dispatch)
    elif fmt in ("text", "html"):
        yield _read_single(src, opts, fmt)
    elif fmt == "xml":
        yield error_doc(src.name, InputError("unsupported_format", "XML that is neither RSS/Atom nor HTML"))
    else:
        yield error_doc(src.name, InputError("unsupported_format", f"'{fmt}' is not one of {', '.join(FORMATS)}"))


def _read_single(src: Source, opts: ReadOptions, fmt: str) -> Document:
    """A whole file as one document (plain text or an HTML page)."""
    if src.size is not None and src.size > opts.max_bytes:
        # reject before reading: a 50 MB file is hashed in chunks, never held
        with src.opener() as f:
            digest = sha256_stream(f)
        return error_doc(src.name, InputError("too_large", f"{src.size:,} bytes exceeds the limit of "
                                                           f"{opts.max_bytes:,} bytes"), doc_id=digest)
    with src.opener() as f:
        data, too_large, big_hash = read_bounded(f, opts.max_bytes)
    if too_large:
        return error_doc(src.name, InputError("too_large", f"more than {opts.max_bytes:,} bytes"), doc_id=big_hash)
    doc_id = content_hash(data)
    declared = html_declared_charset(data) if fmt == "html" else None
    try:
        dec = decode_bytes(data, declared=declared)
    except InputError as exc:
        return error_doc(src.name, exc, doc_id=doc_id)
    if fmt == "text" and _looks_like_html(dec.text.lstrip()[:200].encode("utf-8")) and \
            dec.text.lstrip()[:1] == "<" and format_for_name(src.name) is None:
        fmt = "html"  # e.g. a saved page without extension
    meta: dict[str, Any] = {"path": src.name, "format": fmt, **dec.meta()}
    url = src.name if src.name.startswith(("http://", "https://")) else None  # a fetched page named by its URL
    return Document(id=doc_id, source=src.name, raw_text=dec.text, url=url, meta=meta)
