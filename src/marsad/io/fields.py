"""Structured records (JSON, CSV, feed items) -> :class:`Document`.

Holds the configurable field names (:class:`FieldMap`), date normalisation for
``published`` and the helpers that build ordinary and rejected documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import fields as dc_fields
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..doc import Document, content_hash
from ..errors import InputError
from .encoding import repair_mojibake

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Names of the fields a record's values are taken from; the first non-empty wins.

    A name may be a dotted path into nested objects (``"meta.published"``).
    """

    text: tuple[str, ...] = ("text", "content", "body", "article", "full_text")
    html: tuple[str, ...] = ("html", "raw_html")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link", "uri")
    published: tuple[str, ...] = ("published", "date", "published_at", "pubdate", "datePublished")
    id: tuple[str, ...] = ("id",)

    @classmethod
    def parse(cls, spec: str) -> FieldMap:
        """Build from ``"text=content|body,title=headline"`` (a CLI option); other roles keep their defaults.

        Raises:
            InputError: ``bad_fields`` for an unknown role or a malformed spec.
        """
        roles = {f.name for f in dc_fields(cls)}
        changes: dict[str, tuple[str, ...]] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            role, sep, names = part.partition("=")
            role = role.strip()
            if not sep or role not in roles:
                raise InputError("bad_fields", f"'{part}': expected ROLE=NAME[|NAME...] with ROLE in {sorted(roles)}")
            changes[role] = tuple(n.strip() for n in names.split("|") if n.strip())
        return replace(cls(), **changes)


def lookup(obj: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """``(name, value)`` of the first field of ``names`` holding a non-empty value."""
    for name in names:
        cur: Any = obj
        for part in name.split("."):
            cur = cur.get(part) if isinstance(cur, Mapping) else None
            if cur is None:
                break
        if cur not in (None, "", [], {}):
            return name, cur
    return None, None


def normalize_date(value: Any) -> str | None:
    """A published date as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a full ISO timestamp.

    Accepts ISO 8601 (any precision, with or without a time zone), ``YYYY/MM/DD``,
    ``DD/MM/YYYY``, RFC 2822 (``Tue, 26 Sep 2023 10:00:00 GMT``), Unix timestamps
    (seconds or milliseconds) and Arabic-Indic digits. Returns None when the value
    is not a date. The precision given is kept: ``"2023-09"`` stays ``"2023-09"``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    s = str(value).strip().translate(_DIGITS)
    if not s:
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", s):
        return _from_timestamp(float(s))
    if m := _YEAR.match(s):
        return s if 1800 <= int(s) <= 2200 else None
    if m := _YEAR_MONTH.match(s):
        y, mo = int(m[1]), int(m[2])
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
    if m := _DATE.match(s):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(s):  # day first, as Arabic sites write it
        return _ymd(int(m[3]), int(m[2]), int(m[1]))
    iso = s.replace("Z", "+00:00") if s.endswith("Z") else s
    try:
        return _iso(datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return _iso(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return datetime(y, m, d).strftime("%Y-%m-%d")
    except ValueError:
        return None


def _iso(dt: datetime) -> str:
    if dt.hour == dt.minute == dt.second == dt.microsecond == 0 and dt.tzinfo is None:
        return dt.strftime("%Y-%m-%d")
    return dt.replace(microsecond=0).isoformat()


def _from_timestamp(ts: float) -> str | None:
    if ts > 1e11:  # milliseconds
        ts /= 1000.0
    if not 0 < ts < 7.3e9:  # 1970..2200
        return None
    return datetime.fromtimestamp(ts, tz=UTC).replace(microsecond=0).isoformat()


def error_doc(source: str, err: InputError | str, *, raw: bytes | str | None = None,
              doc_id: str | None = None, meta: dict[str, Any] | None = None) -> Document:
    """A rejected input: printed as ``{"id", "source", "error"}``, and the batch goes on."""
    if isinstance(err, InputError):
        message = f"{err.code}: {err.detail}"
    else:
        message = err
    did = doc_id or content_hash(raw if raw is not None else source)
    return Document(id=did, source=source, error=message, meta=dict(meta or {}))


def set_published(doc: Document, value: Any, origin: str) -> None:
    """Normalise and set ``doc.published``; an unusable value is recorded, not fatal."""
    if value in (None, ""):
        return
    norm = normalize_date(value)
    if norm is None:
        doc.meta["published_raw"] = str(value)[:100]
        doc.fail("read", "bad_date", f"'{str(value)[:60]}' is not a date")
        return
    doc.published = norm
    doc.meta["published_source"] = origin


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)  # paragraphs given as a list
    return None


def record_to_document(obj: Any, *, raw: bytes | str, source: str, fmt: str, fields: FieldMap,
                       max_bytes: int, meta: dict[str, Any] | None = None) -> Document:
    """Build a document from one parsed record (a JSON object or a CSV row).

    Args:
        obj: the record; a bare JSON string is taken as the text itself.
        raw: the record's raw bytes (or text), hashed for the document id.
        source: ``path:line`` (used when the record has no URL).
        fmt: ``jsonl``, ``json`` or ``csv`` (recorded as ``meta["format"]``).
        fields: where to find text, title, url, published and id.
        max_bytes: the per-document size limit.
        meta: facts about the container (encoding, path ...) to record.

    Returns:
        The document, or a rejected one (``error`` set) when the record holds no text.
    """
    doc_id = content_hash(raw)
    base_meta = dict(meta or {})
    if isinstance(obj, str):
        obj = {fields.text[0] if fields.text else "text": obj}
    if not isinstance(obj, Mapping):
        return error_doc(source, InputError("not_an_object", f"expected a JSON object, got {type(obj).__name__}"),
                         doc_id=doc_id)
    _, url = lookup(obj, fields.url)
    url = url if isinstance(url, str) and url.strip() else None
    src = url.strip() if url else source
    text_field, text_val = lookup(obj, fields.text)
    html_field, html_val = lookup(obj, fields.html)
    text = _as_text(text_val)
    html = html_val if isinstance(html_val, str) else None
    if text is None and html is None:
        if text_val is not None:
            err = InputError("bad_text", f"field '{text_field}' holds {type(text_val).__name__}, not text")
        else:
            err = InputError("no_text", f"none of the fields {'/'.join(fields.text + fields.html)} holds text")
        return error_doc(src, err, doc_id=doc_id)
    body = text if text is not None else (html or "")
    if len(body) > max_bytes // 4 and len(body.encode("utf-8")) > max_bytes:
        return error_doc(src, InputError("too_large", f"text exceeds the limit of {max_bytes:,} bytes"),
                         doc_id=doc_id)
    if not body.strip():
        return error_doc(src, InputError("empty", f"field '{text_field or html_field}' is blank"), doc_id=doc_id)
    fixed = repair_mojibake(body)
    if fixed is not None:
        body = fixed[0]
        base_meta["mojibake_repaired"] = f"utf-8 read as {fixed[1]}"
    base_meta["format"] = "html" if text is None else fmt
    if text is None:
        base_meta["container_format"] = fmt
    base_meta["text_field"] = text_field if text is not None else html_field
    _, title = lookup(obj, fields.title)
    _, given_id = lookup(obj, fields.id)
    doc = Document(id=doc_id, source=src, raw_text=body, url=url.strip() if url else None,
                   title=title.strip() if isinstance(title, str) and title.strip() else None, meta=base_meta)
    if given_id is not None:
        doc.meta["input_id"] = str(given_id)
    if doc.title and fixed is not None:
        repaired_title = repair_mojibake(doc.title)
        if repaired_title:
            doc.title = repaired_title[0]
    _, published = lookup(obj, fields.published)
    set_published(doc, published, "input-field")
    return doc
