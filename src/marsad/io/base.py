"""Shared pieces of the readers: options, bounded reads, format names."""

from __future__ import annotations

import hashlib
import io
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from ..doc import Document
from .fields import FieldMap

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one document
DEFAULT_MAX_CONTAINER_BYTES = 512 * 1024 * 1024  # a JSON array / CSV / feed / zip read into memory
_CHUNK = 1 << 20

# extension -> format; compound extensions first
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"), (".arc.gz", "warc"), (".warc", "warc"),
    (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".jsonlines", "jsonl"), (".json", "json"),
    (".csv", "csv"), (".tsv", "csv"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"), (".shtml", "html"), (".php", "html"),
    (".aspx", "html"), (".asp", "html"),
    (".rss", "feed"), (".atom", "feed"), (".rdf", "feed"),
    (".txt", "text"), (".text", "text"), (".md", "text"),
    (".zip", "zip"), (".gz", "gzip"),
)

# Files skipped when walking a directory or an archive: page assets and media,
# never article text. A file named explicitly is always read.
ASSET_EXTENSIONS = frozenset({
    ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp",
    ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg",
    ".wav", ".avi", ".mov", ".swf", ".pyc", ".exe", ".dll", ".so", ".o", ".class", ".jar",
    ".ds_store", ".db", ".lock",
})


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    Attributes:
        fields: field names of structured records.
        max_bytes: the largest document accepted (bytes); larger ones are rejected.
        max_container_bytes: the largest JSON array / CSV / feed / zip-from-stream read whole.
        glob: pattern of files taken from a directory.
        fmt: force a format (``text``, ``html``, ``jsonl`` ...) instead of detecting it.
    """

    fields: FieldMap = field(default_factory=FieldMap)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_container_bytes: int = DEFAULT_MAX_CONTAINER_BYTES
    glob: str = "**/*"
    fmt: str | None = None


@dataclass(slots=True)
class Source:
    """One input to read: a display name, a way to open it as bytes, its size when known."""

    name: str
    opener: Callable[[], IO[bytes]]
    size: int | None = None
    depth: int = 0  # nesting inside archives, to stop zip-in-zip recursion


Dispatch = Callable[[Source, ReadOptions, "str | None"], Iterator[Document]]


def format_for_name(name: str) -> str | None:
    """The format implied by a file name's extension, or None."""
    low = name.lower()
    for ext, fmt in EXTENSIONS:
        if low.endswith(ext):
            return fmt
    return None


def is_asset(name: str) -> bool:
    """True for page assets and media files skipped in directory and archive walks."""
    base = posixpath.basename(name.replace("\\", "/")).lower()
    if base.startswith("."):
        return True
    return posixpath.splitext(base)[1] in ASSET_EXTENSIONS


def read_bounded(f: IO[bytes], limit: int) -> tuple[bytes, bool, str | None]:
    """Read at most ``limit`` bytes.

    Returns:
        ``(data, too_large, sha256)``. When the input is larger than ``limit`` the rest
        is streamed through the hash (never held in memory) and ``data`` is the head;
        ``sha256`` is then the digest of the whole input, else None.
    """
    data = f.read(limit + 1)
    if len(data) <= limit:
        return data, False, None
    h = hashlib.sha256(data)
    while chunk := f.read(_CHUNK):
        h.update(chunk)
    return data[:limit], True, h.hexdigest()


def bounded_lines(f: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, str | None]]:
    """Lines of a binary stream as ``(line_number, line, None)``.

    A line longer than ``limit`` is never held whole: it is yielded as
    ``(line_number, None, sha256_of_the_line)`` after being streamed through a hash.
    Lines are read in chunks so that memory stays near ``limit`` even then.
    """
    lineno = 0
    while True:
        chunks: list[bytes] = []
        size = 0
        h = None
        while True:
            piece = f.readline(_CHUNK)
            if not piece:
                break
            if h is not None:
                h.update(piece)
            else:
                chunks.append(piece)
                size += len(piece)
                if size > limit:  # too long: from here on only hash it
                    h = hashlib.sha256()
                    for c in chunks:
                        h.update(c)
                    chunks = []
            if piece.endswith(b"\n"):
                break
        if h is None and not chunks:
            return
        lineno += 1
        if h is not None:
            yield lineno, None, h.hexdigest()
        else:
            yield lineno, chunks[0] if len(chunks) == 1 else b"".join(chunks), None


class PrefixedStream(io.RawIOBase):
    """A non-seekable stream whose first bytes were already read (to sniff the format)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        n = len(buf)
        if self._head:
            take = self._head[:n]
            self._head = self._head[n:]
            buf[: len(take)] = take
            return len(take)
        data = self._rest.read(n)
        buf[: len(data)] = data
        return len(data)


def buffered(head: bytes, rest: IO[bytes]) -> IO[bytes]:
    """A buffered reader that yields ``head`` then the rest of ``rest``."""
    return io.BufferedReader(PrefixedStream(head, rest), buffer_size=_CHUNK)
