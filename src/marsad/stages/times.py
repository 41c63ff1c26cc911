"""The ``times`` stage: time expressions pinned to the calendar.

It tags time expressions on the normalised view of the text
(:mod:`marsad.stages.times_rules`), finds the reference date, resolves every
expression against it (:mod:`marsad.stages.times_resolve`) and writes
``doc.layers["times"]`` (``TIME`` spans with ``value``, ``mod``, ``kind``),
``doc.reference_date`` and ``doc.meta["reference_method"]``.

The reference date is, in order: the publication date (``doc.published``:
``YYYY-MM-DD``, ``YYYY-MM``, an ISO or RFC 2822 timestamp); a dateline or a
``نشر في`` line of the text; the latest full date the text itself gives (dates in
a future clause, ``من المقرر أن ...``, are not evidence of when it was written);
else none, and relative expressions get no value.

A year-less date takes the year that puts it nearest before the reference, except in a
future clause (the next one) or when it falls within two weeks after the reference (the
coming one: a match "on 10 April" announced on 2 April).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from email.utils import parsedate_to_datetime

from ..arabic.normalize import Normalized, normalize_with_map
from ..doc import Document, Span
from ..registry import stage
from .normalize import norm_view
from .times_resolve import T, hijri_label, hijri_to_gregorian, resolve
from .times_rules import tag

SOURCE = "times.v1"
_PUBLISHED_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
# "بتاريخ" alone is not a cue: it dates any decree or letter the article quotes
_PUBCUE_L = re.compile(r"(?<!\w)(?:نشر|نشرت|تاريخ\s+النشر|اخر\s+تحديث|تم\s+النشر|النشر|تاريخ\s+الخبر)\s*"
                       r"(?:في|:|بتاريخ|يوم)?\s*[:\-–]?\s*\Z")
_LINE_SEP = re.compile(r"[-–—:،,|]\s*\Z")
_LINE_TAIL = re.compile(r"\s*(?:[-–—(|:]|\n|$)")
_DATELINE_WINDOW = 400


def parse_published(value: str | None) -> tuple[date, str] | None:
    """Reference date and precision (``day``/``month``) of a publication date string."""
    if not value:
        return None
    s = str(value).strip()
    m = _PUBLISHED_RE.match(s)
    try:
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if m.group(3):
                return date(y, mo, int(m.group(3))), "day"
            # a month: the reference is its last day, so its own dates fall before it
            return date(y, mo, calendar.monthrange(y, mo)[1]), "month"
        m = _DMY_RE.match(s)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), "day"
        return parsedate_to_datetime(s).date(), "day"
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _gregorian_day(t: T) -> date | None:
    """The absolute day an expression names (its start for a range), without a reference."""
    if t.kind == "range" and t.b is not None:
        return _gregorian_day(t.b)
    if t.kind == "time" and t.a is not None:
        return _gregorian_day(t.a)
    if t.kind != "date" or t.y is None or t.m is None or t.d is None:
        return None
    if t.cal == "h":
        return hijri_to_gregorian(t.y, t.m, t.d)
    try:
        return date(t.y, t.m, t.d)
    except ValueError:
        return None


def _gregorian_month(t: T) -> date | None:
    if t.kind == "date" and t.cal == "g" and t.y is not None and t.m is not None and t.d is None:
        try:
            return date(t.y, t.m, calendar.monthrange(t.y, t.m)[1])
        except ValueError:
            return None
    return None


def find_reference(doc: Document, norm: Normalized, ts: list[T]) -> tuple[date | None, str]:
    """The reference date of a document and how it was found."""
    pub = parse_published(doc.published)
    if pub is not None:
        return pub[0], "published"
    text = norm.text
    for t in ts:
        day = _gregorian_day(t)
        if day is None:
            continue
        if _PUBCUE_L.search(text, max(0, t.start - 30), t.start):
            return day, "dateline"
        if t.start > _DATELINE_WINDOW:
            continue
        line_start = text.rfind("\n", 0, t.start) + 1
        prefix = text[line_start:t.start]
        if (not prefix.strip() or (len(prefix.strip()) <= 40 and _LINE_SEP.search(prefix))) \
                and _LINE_TAIL.match(text, t.end):
            return day, "dateline"
    past = [t for t in ts if not t.future]
    # the article was written on or after every absolute time it mentions: a full date older than a
    # year or month the text also names is history (a birth, a treaty), not the day of writing
    floor = max((d for t in past if (d := _earliest(t)) is not None), default=None)
    days = [d for t in past if (d := _gregorian_day(t)) is not None]
    if days and (floor is None or max(days) >= floor):
        return max(days), "inferred-from-text"
    months = [d for t in past if (d := _gregorian_month(t)) is not None]
    if months and (floor is None or max(months) >= floor):
        return max(months), "inferred-from-text"
    return None, "none"


def _earliest(t: T) -> date | None:
    """First day of the absolute period an expression names (None for relative ones)."""
    if t.kind == "range" and t.b is not None:
        return _earliest(t.b)
    if t.kind == "time" and t.a is not None:
        return _earliest(t.a)
    if t.kind == "year" and t.y is not None and 1 <= t.y <= 9999:
        return date(t.y, 1, 1)
    if t.kind == "date" and t.cal == "g" and t.y is not None and 1 <= t.y <= 9999:
        try:
            return date(t.y, t.m or 1, t.d or 1)
        except ValueError:
            return None
    if t.kind == "date" and t.cal == "h" and t.y is not None:
        return hijri_to_gregorian(t.y, t.m or 1, t.d or 1)
    return None


def _attrs(t: T, value: str | None) -> dict[str, object]:
    kind = "hijri" if t.cal == "h" or (t.a is not None and t.a.cal == "h") else t.kind
    attrs: dict[str, object] = {"value": value, "mod": t.mod, "kind": kind}
    h = hijri_label(t) or (hijri_label(t.a) if t.a is not None else None)
    if h:
        attrs["hijri"] = h
    if t.part:
        attrs["part"] = t.part
    if t.tz:
        attrs["tz"] = t.tz
    if t.kind == "date" and t.y is None and t.m is not None and "relyear" not in t.extra:
        attrs["year_inferred"] = True
    return attrs


def tag_times(text: str, reference: date | None = None, norm: Normalized | None = None) -> list[tuple[int, int, dict[str, object]]]:
    """Time expressions of a raw text against a given reference (for tests and benchmarks).

    Returns:
        ``(start, end, attrs)`` triples with offsets into ``text``.
    """
    norm = norm or normalize_with_map(text)
    out = []
    for t in tag(norm.text):
        s, e = norm.span(t.start, t.end)
        out.append((s, e, _attrs(t, resolve(t, reference))))
    return out


@stage("times.v1", requires={"text"}, provides={"times", "reference_date"})
def times(doc: Document) -> Document:
    """Tag and normalise the time expressions of ``doc`` and set its reference date."""
    norm = norm_view(doc)  # the normalize stage's view when it ran, else computed and cached here
    ts = tag(norm.text)
    ref, method = find_reference(doc, norm, ts)
    doc.reference_date = ref.isoformat() if ref else None
    doc.meta["reference_method"] = method
    spans = []
    for t in ts:
        s, e = norm.span(t.start, t.end)
        if e <= s:
            continue
        spans.append(Span(s, e, "TIME", source=SOURCE, attrs=_attrs(t, resolve(t, ref))))
    doc.layers["times"] = spans
    return doc


