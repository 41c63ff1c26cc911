"""Time values: the parsed form of a time expression and its ISO 8601 value.

The tagger (:mod:`marsad.stages.times_rules`) produces :class:`T` objects that
hold what the text says (a year-less day, "three days ago", "late September");
:func:`resolve` pins them to the calendar against the reference date. Values are
ISO 8601 at the precision of the text: ``2023``, ``2023-09``, ``2023-09-17``,
``2023-W38``, ``2023-09-17T10:30+03:00``, ranges ``a/b``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

try:  # zone offsets need the tz database; without it the zone stays an attribute
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover - Python 3.11 always has zoneinfo
    ZoneInfo = None  # type: ignore[assignment,misc]


@dataclass(slots=True)
class T:
    """A time expression as the text states it (offsets into the normalised text)."""

    start: int
    end: int
    kind: str                  # date, year, relday, weekday, relunit, relcal, decade, century, time, range, span
    y: int | None = None
    m: int | None = None
    d: int | None = None
    cal: str = "g"             # g = Gregorian, h = Hijri (y/m/d are then Hijri)
    n: float = 0               # offset or count of relative expressions
    unit: str = ""             # day, week, month, year, decade, century, hour, minute
    dir: int = 0               # -1 past, +1 next, 0 nearest / current
    mod: str | None = None     # START, MID, END, APPROX
    part: str | None = None    # morning, afternoon, evening, night
    hh: int | None = None
    mi: int | None = None
    tz: str | None = None
    future: bool = False       # the sentence speaks of the future (سيعقد, من المقرر)
    a: T | None = None       # range start / date of a date+time
    b: T | None = None       # range end / time of a date+time
    extra: dict[str, object] = field(default_factory=dict)


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    """(year, month) shifted by ``k`` months."""
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


@lru_cache(maxsize=4096)
def hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
    """Gregorian date of a Hijri (Umm al-Qura) date, or None when out of range/invalid."""
    try:
        from hijridate import Hijri
        return Hijri(y, m, d).to_gregorian()  # type: ignore[no-any-return]
    except (ImportError, ValueError, OverflowError):
        # outside the Umm al-Qura table (1343-1500 AH): the arithmetic approximation
        if not (1 <= m <= 12 and 1 <= d <= 30):
            return None
        days = int((y - 1) * 354.36707) + int((m - 1) * 29.530589) + d - 1
        try:
            return date(622, 7, 16) + timedelta(days=days)
        except OverflowError:
            return None


@lru_cache(maxsize=1024)
def hijri_month_range(y: int, m: int) -> tuple[date, date] | None:
    """First and last Gregorian day of a Hijri month."""
    first = hijri_to_gregorian(y, m, 1)
    nxt_y, nxt_m = (y + 1, 1) if m == 12 else (y, m + 1)
    nxt = hijri_to_gregorian(nxt_y, nxt_m, 1)
    if first is None or nxt is None:
        return None
    return first, nxt - timedelta(days=1)


def gregorian_to_hijri(d: date) -> tuple[int, int, int] | None:
    """Hijri (y, m, d) of a Gregorian date, or None out of the table's range."""
    try:
        from hijridate import Gregorian
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return h.year, h.month, h.day
    except (ImportError, ValueError, OverflowError):
        return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    ys = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
    if m is None:
        return ys
    if d is None:
        return f"{ys}-{m:02d}"
    return f"{ys}-{m:02d}-{d:02d}"


# a year-less day at most this many days after the reference is the coming one (a match "on 10 April"
# in an article of 2 April), not the one of almost a year ago
SOON_DAYS = 14


def _year_for(m: int, d: int | None, ref: date, forward: bool) -> int:
    """The year that puts (m, d) nearest before (or, forward, after) the reference."""
    key, rkey = (m, d or 0), (ref.month, ref.day if d else 0)
    if forward:
        return ref.year if key >= rkey else ref.year + 1
    if key <= rkey:
        return ref.year
    if d is not None and _valid(ref.year, m, d) and (date(ref.year, m, d) - ref).days <= SOON_DAYS:
        return ref.year
    return ref.year - 1


def _zone_offset(tz: str, day: date | None) -> str | None:
    if tz.startswith(("+", "-")):
        return tz
    if ZoneInfo is None or day is None:
        return None
    try:
        off = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    if off is None:
        return None
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return f"{sign}{mins // 60:02d}:{mins % 60:02d}"


def _weekday(wd: int, ref: date, direction: int) -> date:
    delta = (wd - ref.weekday()) % 7
    if direction < 0:
        return ref - timedelta(days=(7 - delta) if delta else 7)
    if direction > 0:
        return ref + timedelta(days=delta or 7)
    if delta == 0:
        return ref
    # news uses a bare weekday for the nearest one, before or after
    return ref + timedelta(days=delta) if delta <= 3 else ref - timedelta(days=7 - delta)


def _day_of(t: T, ref: date | None) -> date | None:
    """The calendar day of a day-precision expression, when it has one."""
    v = resolve(t, ref)
    if v and len(v) == 10 and v[4] == "-":
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _century(n: int) -> str:
    return f"{_iso((n - 1) * 100)}/{_iso((n - 1) * 100 + 99)}"


def resolve(t: T, ref: date | None) -> str | None:
    """ISO 8601 value of ``t`` against the reference date (None when it needs one and has none).

    A value outside the calendar (year 0, "a billion days ago", 30 February) is None.
    """
    try:
        return _resolve(t, ref)
    except (OverflowError, ValueError):
        return None


def _resolve(t: T, ref: date | None) -> str | None:
    k = t.kind
    if k == "date":
        if "season" in t.extra:
            return _season(t, ref)
        if "relmonth" in t.extra:
            if ref is None:
                return None
            y, m = add_months(ref.year, ref.month, int(t.extra["relmonth"]))  # type: ignore[call-overload]
            return _iso(y, m, t.d) if t.d is None or _valid(y, m, t.d) else None
        if t.cal == "h":
            return _resolve_hijri(t, ref)
        if t.m is None:
            return _iso(t.y) if t.y is not None else None
        y = t.y
        if y is None and "relyear" in t.extra and ref is not None:
            y = ref.year + int(t.extra["relyear"])  # type: ignore[call-overload]
        if y is None:
            if ref is None:
                return "XXXX-" + (f"{t.m:02d}" if t.d is None else f"{t.m:02d}-{t.d:02d}")
            if t.dir:
                y = ref.year + t.dir if (t.dir < 0 and (t.m, t.d or 0) >= (ref.month, ref.day if t.d else 0)) \
                    or (t.dir > 0 and (t.m, t.d or 0) <= (ref.month, ref.day if t.d else 0)) else ref.year
            else:
                y = _year_for(t.m, t.d, ref, t.future)
        if t.d is not None and not _valid(y, t.m, t.d):
            return None
        return _iso(y, t.m, t.d)
    if k == "year":
        if t.y is None:
            return None
        return _iso(t.y) + (f"-{t.extra['sub']}" if "sub" in t.extra else "")
    if k == "decade":
        y0 = t.y
        if y0 is None and ref is not None and "cdir" in t.extra:
            y0 = (ref.year // 100 + int(t.extra["cdir"])) * 100 + int(t.n)  # type: ignore[call-overload]
        return f"{_iso(y0)}/{_iso(y0 + 9)}" if y0 is not None else None
    if k == "century":
        if t.n and t.extra.get("hijri_century"):
            a = hijri_to_gregorian(int(t.n - 1) * 100 + 1, 1, 1)
            b = hijri_to_gregorian(int(t.n) * 100 + 1, 1, 1)
            return f"{_iso(a.year)}/{_iso(b.year)}" if a and b else None
        if t.n:
            return _century(int(t.n))
        if ref is None:
            return None
        return _century(ref.year // 100 + 1 + t.dir)
    if k == "range":
        a = resolve(t.a, ref) if t.a else None
        b = resolve(t.b, ref) if t.b else None
        if a is None or b is None:
            return None
        return f"{a.split('/')[0]}/{b.split('/')[-1]}"
    if k == "time":
        hm = f"T{t.hh:02d}:{t.mi or 0:02d}"
        day = _day_of(t.a, ref) if t.a is not None else None
        off = _zone_offset(t.tz, day or ref) if t.tz and t.tz != "local" else None
        if t.a is not None:
            base = resolve(t.a, ref)
            if base is None:
                return None
            return base + hm + (off or "")
        return hm + (off or "")
    if ref is None:
        return None
    if k == "relday":
        return (ref + timedelta(days=int(t.n))).isoformat()
    if k == "weekday":
        return _weekday(int(t.n), ref, t.dir if t.dir else (1 if t.future else 0)).isoformat()
    if k == "relunit":
        return _relunit(t.unit, t.n, ref)
    if k == "relcal":
        v = _relcal(t.unit, t.dir, ref)
        return v + f"-{t.extra['sub']}" if v and "sub" in t.extra and t.unit == "year" else v
    if k == "span":  # خلال الأيام الثلاثة الماضية: from n units back to the reference
        other = _relunit(t.unit, t.n, ref)
        if other is None:
            return None
        end = ref.isoformat() if t.unit in ("day", "week") else _relunit(t.unit, 0, ref)
        return f"{other}/{end}" if t.n < 0 else f"{end}/{other}"
    return None


_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}


def _season(t: T, ref: date | None) -> str | None:
    """``2014-SU``: a season of a year (winter belongs to the year it starts in)."""
    code = str(t.extra["season"])
    y = t.y
    if y is None and "relyear" in t.extra and ref is not None:
        y = ref.year + int(t.extra["relyear"])  # type: ignore[call-overload]
    if y is None:
        if ref is None:
            return None
        end = _SEASON_END[code]
        if t.dir > 0:
            y = ref.year if end >= ref.month and code != "WI" else ref.year + (0 if code == "WI" and ref.month < 12 else 1)
        else:
            y = ref.year if (end < ref.month and code != "WI") else ref.year - 1
    return f"{_iso(y)}-{code}"


def _relunit(unit: str, n: float, ref: date) -> str | None:
    if unit in ("day", "week", "hour", "minute"):
        if unit in ("hour", "minute"):  # 48 hours ago is two days back; two hours ago is today
            days = int(n / (24 if unit == "hour" else 1440))
        else:
            days = round(n * 7 if unit == "week" else n)
        try:
            return (ref + timedelta(days=days)).isoformat()
        except OverflowError:
            return None
    if unit == "month":
        y, m = add_months(ref.year, ref.month, round(n))
        return _iso(y, m)
    if unit == "year":
        return _iso(ref.year + round(n))
    if unit == "decade":
        return _iso(ref.year + round(n * 10))
    if unit == "century":
        return _iso(ref.year + round(n * 100))
    return None


def _relcal(unit: str, direction: int, ref: date) -> str | None:
    if unit == "day":
        return (ref + timedelta(days=direction)).isoformat()
    if unit == "week":
        iy, iw, _ = (ref + timedelta(weeks=direction)).isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if unit == "month":
        return _iso(*add_months(ref.year, ref.month, direction))
    if unit == "year":
        return _iso(ref.year + direction)
    if unit == "decade":
        s = (ref.year // 10 + direction) * 10
        return f"{_iso(s)}/{_iso(s + 9)}"
    if unit == "century":
        return _century(ref.year // 100 + 1 + direction)
    return None


def _resolve_hijri(t: T, ref: date | None) -> str | None:
    y = t.y
    if t.m is None:  # a Hijri year
        if y is None:
            return None
        a, b = hijri_month_range(y, 1), hijri_month_range(y, 12)
        return f"{a[0].isoformat()}/{b[1].isoformat()}" if a and b else None
    if y is None:
        if ref is None:
            return None
        h = gregorian_to_hijri(ref)
        if h is None:
            return None
        hy, hm, hd = h
        fwd = t.future or t.dir > 0
        key, rkey = (t.m, t.d or 0), (hm, hd if t.d else 0)
        if fwd:
            y = hy if key >= rkey else hy + 1
        else:
            y = hy if key <= rkey else hy - 1
            soon = hijri_to_gregorian(hy, t.m, t.d) if t.d is not None and key > rkey else None
            if soon is not None and (soon - ref).days <= SOON_DAYS:
                y = hy
    if t.d is not None:
        g = hijri_to_gregorian(y, t.m, t.d)
        return g.isoformat() if g else None
    r = hijri_month_range(y, t.m)
    return f"{r[0].isoformat()}/{r[1].isoformat()}" if r else None


def hijri_label(t: T) -> str | None:
    """The Hijri date as the text gives it (``1444-09-15``), for the ``hijri`` attribute."""
    if t.cal != "h" or t.y is None and t.m is None:
        return None
    parts = [f"{t.y:04d}" if t.y is not None else "XXXX"]
    if t.m is not None:
        parts.append(f"{t.m:02d}")
    if t.d is not None:
        parts.append(f"{t.d:02d}")
    return "-".join(parts)
