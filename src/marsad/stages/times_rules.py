"""The Arabic time tagger: rules over the normalised text, producing :class:`T` objects.

Anchors are found first (month names, years, numeric dates, relative words,
weekdays, clock times, decades, centuries); each anchor then grows to the left
(a day number, ``عام``, ``أواخر``, ``صباح``) and to the right (a year, ``الماضي``,
a time zone). Overlaps keep the longest expression; neighbours joined by ``-``,
``إلى``, ``حتى`` or ``بين ... و`` become ranges, and a date followed by a clock
time becomes one date-time. All regexes are compiled once, at import.
"""

from __future__ import annotations

import re

from ..arabic.numbers import match_number, parse_ordinal
from .times_patterns import (
    APPOSITION,
    APPROX_L,
    BETWEEN_YEARS_RE,
    CENTURY_RE,
    CLOCK_GATE,
    CONNECT_AND,
    CONNECT_RANGE,
    DATE_TIME_GAP,
    DAY_CUR_RE,
    DAY_KINDS,
    DAY_L,
    DAY_REL_L,
    DAYPART_L,
    DAYRANGE_L,
    DECADE_RE,
    DECADE_WORDS,
    DIGIT,
    DIR_R,
    DMY_RE,
    EVENT_REL,
    FATIH_L,
    FRAC_MIN,
    HIJRI_RE,
    HIJRI_YEAR_R,
    HOURS,
    MIDNIGHT_RE,
    MONTH_RE,
    NOUN_AFTER,
    NUM_DAYRANGE_L,
    ORD_DAY_L,
    PAIR_RE,
    PART_L,
    PART_OF_L,
    PRIORITY,
    QTY_BEFORE,
    QUARTER_L,
    QUARTERS,
    RANGE_OPEN_L,
    REL_RE,
    REL_SPAN_RE,
    REL_UNIT_RE,
    RELCAL_RE,
    RELYEAR_R,
    SEASON_RE,
    SEASONS,
    SHAHR_L,
    TIME_DATE_GAP,
    TIME_DIGITS_RE,
    TIME_WORDS_RE,
    WEAK_CUE,
    WEEKDAY_RE,
    YEAR_AFTER_REL_RE,
    YEAR_BARE_RE,
    YEAR_CUE_RE,
    YEAR_ERA_RE,
    YEAR_PREP_RE,
    YEAR_R,
    YEAR_RANGE_RE,
    YEAR_WORDS_RE,
    YMD_RE,
    ZONE_R,
    L,
)
from .times_resolve import T

_SPACES = re.compile(r"\s+")
_DIGIT_AHEAD = re.compile(r"\s*\d")
_BOTH_BEFORE = re.compile(r"(?:كلا|هذين|الطرفين|البلدين)\s+\Z")
_BOTH_AFTER = re.compile(r"\s+(?:معا|كليهما)(?!\w)")


def _sp(s: str) -> str:
    """Runs of spaces as one (lexicon keys have single spaces)."""
    return _SPACES.sub(" ", s)


def _is_day(t: T) -> bool:
    return t.kind in DAY_KINDS or (t.kind == "date" and t.d is not None)


def _left(rx: re.Pattern[str], text: str, pos: int, width: int = 60) -> re.Match[str] | None:
    return rx.search(text, max(0, pos - width), pos)


def _future(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future (سيعقد, من المقرر)."""
    lo = max(0, start - 50)
    seg = text[lo:start]
    cut = max(seg.rfind("."), seg.rfind("،"), seg.rfind("\n"))
    if cut >= 0:
        seg = seg[cut + 1:]
    return L.future_re.search(seg) is not None


def _months(text: str, out: list[T]) -> None:
    for rx, table, cal in ((MONTH_RE, L.months, "g"), (HIJRI_RE, L.hijri_months, "h")):
        for m in rx.finditer(text):
            name = _sp(m.group("m"))
            mon = table[name]
            s, e = m.start("m"), m.end("m")
            if cal == "g":
                pm = PAIR_RE.match(text, e)
                if pm and L.months.get(_sp(pm.group("m"))) == mon:
                    e = pm.end()
            t = T(s, e, "date", m=mon, cal=cal)
            anchored = False
            lm = _left(DAYRANGE_L, text, s) or None
            if lm:
                d1, d2 = int(lm.group("d1")), int(lm.group("d"))
                if 1 <= d1 < d2 <= 31:
                    t.a = T(lm.start("d1"), lm.end("d1"), "date", m=mon, d=d1, cal=cal)
                    t.d = d2
                    t.start = lm.start()
                    anchored = True
            if not anchored:
                lm = _left(DAY_L, text, s)
                if lm and 1 <= int(lm.group("d")) <= 31:
                    t.d = int(lm.group("d"))
                    t.start = lm.start("wd") if lm.group("wd") else lm.start("d")
                    anchored = True
                else:
                    lm = _left(ORD_DAY_L, text, s, 40)
                    od = parse_ordinal(lm.group("od").lstrip("وبلف") if lm else "") if lm else None
                    if od is None and lm:
                        od = parse_ordinal(lm.group("od"))
                    if lm and od and 1 <= od <= 31:
                        t.d, t.start, anchored = od, lm.start("od"), True
            fm = None if anchored else _left(FATIH_L, text, t.start, 14)
            if fm:
                t.d, t.start, anchored = 1, fm.start() + (1 if text[fm.start()] in "وب" else 0), True
            sm = _left(SHAHR_L, text, t.start, 12)
            if sm and not anchored:
                t.start = sm.start()
                anchored = True
            yr = (HIJRI_YEAR_R if cal == "h" else YEAR_R).match(text, e)
            if yr and (cal == "h" or not (yr.group("era") or "").startswith("ه")):
                t.y, t.end, anchored = int(yr.group("y")), yr.end(), True
            else:
                ry = RELYEAR_R.match(text, e)
                if ry and (ry.group("dir") or ry.group("this")):
                    t.extra["relyear"] = -1 if L.direction(ry.group("dir")) < 0 else (
                        1 if L.direction(ry.group("dir")) > 0 else 0)
                    t.end, anchored = ry.end(), True
                else:
                    dm = DIR_R.match(text, t.end)
                    if dm and _sp(dm.group("dir")) not in L.current:
                        t.dir = L.direction(dm.group("dir"))
                        t.end, anchored = dm.end(), True
                    elif dm:
                        t.extra["relyear"] = 0
                        t.end = dm.end()
            if cal == "h" and not anchored:
                continue  # رمضان/رجب/صفر alone are names and words, not dates
            if name in L.strict_months and not anchored:
                continue
            if t.a is not None:  # a day range inside one month: 10-15 سبتمبر
                t.a.y, t.a.dir = t.y, t.dir
                t.a.extra = dict(t.extra)
                t.b = T(t.start, t.end, "date", y=t.y, m=mon, d=t.d, cal=cal, dir=t.dir, extra=dict(t.extra))
                t.kind = "range"
            out.append(t)


def _years(text: str, out: list[T]) -> None:
    for m in YEAR_RANGE_RE.finditer(text):
        y1, y2s = int(m.group("y1")), m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if 1000 <= y1 < y2 <= y1 + 150:  # a life or an institution: (1911 - 2013)
            s = m.start("cue") if m.group("cue") else m.start("y1")
            if m.group("era"):  # 1433/1434هـ: a Hijri fiscal year
                out.append(T(s, m.end(), "range", a=T(s, m.end("y1"), "date", y=y1, cal="h"),
                             b=T(m.start("y2"), m.end(), "date", y=y2, cal="h")))
                continue
            out.append(T(s, m.end(), "range", a=T(s, m.end("y1"), "year", y=y1), b=T(m.start("y2"), m.end(), "year", y=y2)))
    for m in BETWEEN_YEARS_RE.finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if not (1000 <= y1 < y2 <= y1 + 200):
            continue
        if not m.group("cue") and not (1900 <= y1 and y2 <= 2100 and not NOUN_AFTER.match(text, m.end())):
            continue  # بين 2003 و2011 شخصا would be a count
        out.append(T(m.start(), m.end(), "range", a=T(m.start("y1"), m.end("y1"), "year", y=y1),
                     b=T(m.start("y2"), m.end(), "year", y=y2)))
    for m in YEAR_AFTER_REL_RE.finditer(text):  # العام الماضي 2014: the year is given twice
        out.append(T(m.start(), m.end(), "year", y=int(m.group("y"))))
    for rx in (YEAR_CUE_RE, YEAR_PREP_RE, YEAR_ERA_RE, YEAR_BARE_RE):
        for m in rx.finditer(text):
            y = int(m.group("y"))
            era = (m.groupdict().get("era") or "").replace(" ", "")
            if "هجر" in era or era == "ه":
                era = "ه"
            if rx is YEAR_BARE_RE and _left(QTY_BEFORE, text, m.start(), 20):
                continue
            if rx is YEAR_PREP_RE and WEAK_CUE.match(text, m.start()) and not 1900 <= y <= 2100:
                continue  # ارتفع إلى 1250: a count more often than a year
            if era.startswith("ه"):
                if 1 <= y <= 1600:
                    out.append(T(m.start("cue") if rx is YEAR_CUE_RE else m.start("y"), m.end(), "date", y=y, cal="h"))
                continue
            if era.startswith("ق"):
                y = 1 - y  # astronomical year numbering: 1 BC = 0
            elif not era and not (1000 <= y <= 2199):
                continue
            s = m.start("cue") if rx is YEAR_CUE_RE else m.start("y")
            out.append(T(s, m.end(), "year", y=y))


def _year_words(text: str, out: list[T]) -> None:
    for m in YEAR_WORDS_RE.finditer(text):  # عام ألفين وعشرين
        nm = match_number(text, m.start("num"))
        if nm is not None and nm.kind == "words" and isinstance(nm.value, int) and 1000 <= nm.value <= 2199:
            out.append(T(m.start("cue"), nm.end, "year", y=nm.value))


def _numeric(text: str, out: list[T]) -> None:
    for m in DMY_RE.finditer(text):
        d, mo, ys = int(m.group("d")), int(m.group("m")), m.group("y")
        y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) <= 50 else 1900 + int(ys))
        if mo > 12 and d <= 12:
            d, mo = mo, d
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if m.group("sep") == "." and len(ys) == 2:
            continue  # 1.5.20 looks like a version or a score
        hij = (m.group("era") or "").startswith("ه") or (len(ys) == 4 and 1300 <= y <= 1500)
        t = T(m.start(), m.end(), "date", y=y, m=mo, d=d, cal="h" if hij else "g")
        lm = _left(NUM_DAYRANGE_L, text, m.start(), 20)
        if lm and 1 <= int(lm.group("d1")) < d:  # من 19 إلى 21/10/1436هـ
            a = T(lm.start("d1"), lm.end("d1"), "date", y=y, m=mo, d=int(lm.group("d1")), cal=t.cal)
            t = T(lm.start(), m.end(), "range", a=a, b=t)
        out.append(t)
    for m in YMD_RE.finditer(text):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        hij = bool(m.group("era")) or 1300 <= y <= 1500
        t = T(m.start(), m.end("d"), "date", y=y, m=mo, d=d, cal="h" if hij else "g")
        if m.group("hh"):
            out.append(T(m.start(), m.end(), "time", hh=int(m.group("hh")), mi=int(m.group("mi")), a=t))
        else:
            t.end = m.end()
            out.append(t)


def _relative(text: str, out: list[T]) -> None:
    for m in REL_RE.finditer(text):
        n = -2 if m.group("dby") or m.group("lnb") else -1 if m.group("yday") or m.group("ln") else \
            2 if m.group("atm") else 1 if m.group("tmr") else 0
        out.append(T(m.start(), m.end(), "relday", n=n))
    for m in REL_UNIT_RE.finditer(text):
        unit_w = m.group("unit")
        unit = L.units[unit_w]
        rw = m.group("rw")
        rest = text[m.end():m.end() + 30]
        if EVENT_REL.match(rest) or (unit == "year" and _DIGIT_AHEAD.match(rest)):
            continue  # قبل يومين من الانتخابات: relative to an event, not to the reference
        count: float
        if m.group("num"):
            nm = match_number(text, m.start("num"))
            if nm is None or nm.end != m.end("num"):
                continue
            count = nm.value
        elif unit_w.endswith(("ين", "ان")) and not unit_w.startswith("ال"):
            count = 2  # يومين, عامين, ساعتين
        elif unit_w in ("يوم", "يوما", "اسبوع", "اسبوعا", "شهر", "شهرا", "عام", "عاما", "سنه", "عقد", "عقدا",
                        "ساعه", "دقيقه"):
            count = 1
        else:
            continue  # منذ سنوات: vague
        if rw == "خلال":
            continue  # خلال ثلاثة أيام: a duration
        if rw == "بعد" and not _future(text, m.start()):
            continue  # وبعد شهر، قام ...: narrative time ("a month later"), not counted from the reference
        sign = 1 if rw.startswith(("بعد", "في")) else -1
        t = T(m.start("rw"), m.end(), "relunit", n=sign * count, unit=unit)
        if m.group("ap") or (m.group("rest") or "").strip() == "تقريبا":
            t.mod = "APPROX"
        out.append(t)
    # a regex is only run when the words it requires are in the text (a substring test is cheap)
    for m in DAY_CUR_RE.finditer(text) if ("الجاري" in text or "الحالي" in text) else ():  # يوم 15 الجاري
        if 1 <= int(m.group("d")) <= 31:
            out.append(T(m.start(), m.end(), "date", d=int(m.group("d")), extra={"relmonth": 0}))
    for m in REL_SPAN_RE.finditer(text):
        uw = m.group("unit")[2:]
        unit = L.units.get(uw) or L.units.get("ال" + uw) or ""
        if m.group("num"):
            nm = match_number(text, m.start("num"))
            if nm is None or nm.end != m.end("num"):
                continue
            count = float(nm.value)
        elif uw.endswith(("ين", "ان")):
            count = 2
        else:
            continue
        d = L.direction(m.group("dir"))
        if not unit or d == 0:
            continue
        out.append(T(m.start("unit"), m.end(), "span", unit=unit, n=d * count))
    for m in RELCAL_RE.finditer(text):
        u = m.group("u").lstrip("وبلف")
        u = u[2:] if u.startswith(("ال", "لل")) else u
        unit = {"اسبوع": "week", "شهر": "month", "عام": "year", "سنه": "year", "عقد": "decade", "قرن": "century"}[u]
        dw = m.group("dir")
        if dw is None and m.group("this") is None:
            if _left(PART_OF_L, text, m.start(), 25) is None:
                continue  # العام alone: المدعي العام, الرأي العام
            direction = 0
        else:
            direction = L.direction(dw)
        if dw and _sp(dw) in ("الاخير", "الاخيره") and unit in ("week", "month"):
            direction = -1
        s = m.start("this") if m.group("this") else m.start("u") + (len(m.group("u")) - len(m.group("u").lstrip("وبلف")))
        if unit == "month" and dw:  # 12 الشهر المقبل, التاسع من الشهر الجاري, بين 12 و15 من الشهر الجاري
            rm = _left(DAYRANGE_L, text, s, 30)
            if rm and 1 <= int(rm.group("d1")) < int(rm.group("d")) <= 31:
                a = T(rm.start("d1"), rm.end("d1"), "date", d=int(rm.group("d1")), extra={"relmonth": direction})
                b = T(rm.start("d"), m.end(), "date", d=int(rm.group("d")), extra={"relmonth": direction})
                out.append(T(rm.start(), m.end(), "range", a=a, b=b))
                continue
            dm = _left(DAY_REL_L, text, s, 8)
            day = int(dm.group("d")) if dm else None
            om = None if dm else _left(ORD_DAY_L, text, s, 40)
            if om:
                day = parse_ordinal(om.group("od"))
            if day and 1 <= day <= 31:
                out.append(T((dm or om).start("d" if dm else "od"), m.end(), "date", d=day,  # type: ignore[union-attr]
                             extra={"relmonth": direction}))
                continue
        out.append(T(s, m.end(), "relcal", unit=unit, dir=direction))


def _seasons(text: str, out: list[T]) -> None:
    for m in SEASON_RE.finditer(text):
        t = T(m.start() + (1 if text[m.start()] in "وفب" and not text.startswith("فصل", m.start()) else 0), m.end(),
              "date", extra={"season": SEASONS[m.group("s")]})
        yr = YEAR_R.match(text, m.end())
        if yr and not (yr.group("era") or "").startswith("ه"):
            t.y, t.end = int(yr.group("y")), yr.end()
        else:
            ry = RELYEAR_R.match(text, m.end())
            if ry and (ry.group("dir") or ry.group("this")):
                t.extra["relyear"] = L.direction(ry.group("dir"))
                t.end = ry.end()
            else:
                dm = DIR_R.match(text, m.end())
                if not dm or not text[m.start():m.end()].lstrip("وفب").startswith("ال"):
                    continue  # صيف alone is not a date
                t.dir, t.end = L.direction(dm.group("dir")) or -1, dm.end()
        out.append(t)


def _weekdays(text: str, out: list[T]) -> None:
    for m in WEEKDAY_RE.finditer(text):
        wd = L.weekdays[m.group("wd")]
        if wd == 0 and not m.group("yawm") and (
                _BOTH_BEFORE.search(text, max(0, m.start() - 12), m.start()) or _BOTH_AFTER.match(text, m.end())):
            continue  # الاثنين = "both"
        t = T(m.start(), m.end(), "weekday", n=wd)
        if m.group("dir"):
            t.dir = L.direction(m.group("dir"))
        out.append(t)


def _clock(text: str, out: list[T]) -> None:
    has_hour = "ساعه" in text
    # a clock time needs الساعة, a colon or an am/pm word: skip the costly scans when none is there
    for m in TIME_DIGITS_RE.finditer(text) if (has_hour or ":" in text) else ():
        if not (m.group("sa") or m.group("mi") or m.group("suf")):
            continue
        h, mi = int(m.group("h")), int(m.group("mi") or 0)
        if h > 24 or (not m.group("sa") and not m.group("mi")):
            continue
        if m.group("mi") and text[m.end("h")] == "." and not (m.group("sa") or m.group("suf")):
            continue  # 3.45 is a number
        out.append(_hour(T(m.start(), m.end(), "time", hh=h, mi=mi), m.group("suf")))
    for m in TIME_WORDS_RE.finditer(text) if (has_hour or CLOCK_GATE.search(text)) else ():
        if not (m.group("sa") or m.group("suf")):
            continue
        h = HOURS[_sp(m.group("oh"))]
        mi = 0
        if m.group("fr"):
            mi = FRAC_MIN[m.group("fr")]
        elif m.group("mf"):
            h, mi = (h - 1) % 12 or 12, 60 - FRAC_MIN[m.group("mf").rstrip("ا")]
        out.append(_hour(T(m.start(), m.end(), "time", hh=h, mi=mi), m.group("suf")))
    for m in MIDNIGHT_RE.finditer(text) if "منتصف" in text else ():
        out.append(T(m.start("w"), m.end(), "time", hh=0 if "ليل" in m.group("w") else 12, mi=0))


def _hour(t: T, suf: str | None) -> T:
    if suf:
        ampm = L.hour_suffix.get(_sp(suf))
        if ampm == "pm" and t.hh is not None and t.hh < 12:
            if not (suf.startswith("ليل") and t.hh <= 4):
                t.hh += 12
        elif ampm == "am" and t.hh == 12:
            t.hh = 0
    return t


def _decades(text: str, out: list[T]) -> None:
    for m in DECADE_RE.finditer(text) if any(w in text for w in DECADE_WORDS) else ():
        dec = DECADE_WORDS[m.group("dw")]
        base: int | None = 1900
        t = T(m.start(), m.end(), "decade")
        if m.group("cn"):
            base = (int(m.group("cn")) - 1) * 100
        elif m.group("cdir"):
            t.extra["cdir"] = L.direction(m.group("cdir"))
            base = None
        elif m.group("c"):
            o = parse_ordinal(m.group("c"))
            base = (o - 1) * 100 if o else 1900
        t.y = (base + dec) if base is not None else None
        t.n = dec
        out.append(t)
    for m in CENTURY_RE.finditer(text) if "قرن" in text else ():
        t = T(m.start() + (1 if text[m.start()] in "وفبل" and text[m.start():m.start() + 3] != "الق" else 0),
              m.end(), "century")
        if m.group("o"):
            o = parse_ordinal(m.group("o"))
            if not o or o > 21:
                continue
            t.n = o
        elif m.group("n"):
            t.n = int(m.group("n"))
            if not 1 <= t.n <= 21:
                continue
        else:
            t.dir = L.direction(m.group("dir"))
        if m.group("era") and "هجري" in m.group("era"):
            t.extra["hijri_century"] = True
        if m.group("era") and "قبل" in m.group("era"):
            continue
        out.append(t)


def _extend(text: str, t: T) -> None:
    """Grow an anchor to the left (أواخر, حوالي, صباح) and to the right (a time zone)."""
    if t.kind in ("date", "year", "relcal", "decade", "century", "range") and t.mod is None:
        pm = _left(PART_L, text, t.start, 30) or (
            _left(PART_OF_L, text, t.start, 30) if t.kind in ("year", "relcal", "century", "date") else None)
        if pm:
            # أول/آخر before a bare year are ordinals of something else (أول 2011?) only with a number
            t.mod = L.parts[_sp(pm.group("p"))]
            t.start = pm.start("p")
    if t.kind == "year" or (t.kind == "relcal" and t.unit == "year"):
        qm = _left(QUARTER_L, text, t.start, 30)
        if qm:
            o = qm.group("o")
            if qm.group("q") == "الربع":
                t.extra["sub"] = f"Q{QUARTERS.get(o, 4)}"
            elif o in ("الاول", "الثاني", "الاخير"):
                t.extra["sub"] = "H1" if o == "الاول" else "H2"
            t.start = qm.start("q")
    if t.kind in ("year", "time", "date", "relunit") and t.mod is None:
        am = _left(APPROX_L, text, t.start, 25)
        if am:
            t.mod = "APPROX"
            t.start = am.start() + (1 if text[am.start()] in "وفب" and text[am.start():am.start() + 4] != "نحو" else 0)
    if _is_day(t) or (t.kind == "time" and t.a is not None):
        dm = _left(DAYPART_L, text, t.start, 25)
        if dm:
            t.part = L.day_parts[_sp(dm.group("dp"))]
            t.start = dm.start("dp")
    if t.kind == "time":
        zm = ZONE_R.match(text, t.end)
        if zm:
            z = zm.group("z") or zm.group("z2")
            if zm.group("z"):
                t.tz = "local" if z == "المحلي" else L.zones.get(_sp(z))
            else:
                off = (zm.group("off") or "").replace(" ", "")
                t.tz = "+00:00" if not off else f"{off[0]}{int(off[1:]):02d}:00"
            t.end = zm.end()


def _select(text: str, cands: list[T]) -> list[T]:
    """Non-overlapping expressions, longest first (ties: the more specific kind)."""
    times = [t for t in cands if t.kind == "time"]
    for d in cands:
        if d.part is None or not _is_day(d):
            continue
        for t in times:  # الساعة 7 صباح الجمعة: صباح is the clock's, الجمعة stays a day
            if t.start < d.start < t.end < d.end:
                d.start = t.end + len(text[t.end:d.end]) - len(text[t.end:d.end].lstrip())
    cands.sort(key=lambda t: (-(t.end - t.start), PRIORITY.get(t.kind, 9), t.start))
    taken: list[T] = []
    for t in cands:
        if t.end <= t.start:
            continue
        if all(t.end <= o.start or o.end <= t.start for o in taken):
            taken.append(t)
    taken.sort(key=lambda t: t.start)
    return taken


def _merge(text: str, ts: list[T]) -> list[T]:
    """Join neighbours into ranges (2019 - 2020, من ... إلى ...) and date + clock time."""
    out: list[T] = []
    i = 0
    while i < len(ts):
        a = ts[i]
        if i + 1 < len(ts):
            b = ts[i + 1]
            gap = text[a.end:b.start]
            if len(gap) <= 12:
                if a.kind == "relday" and b.kind == "weekday" and APPOSITION.fullmatch(gap):
                    a.end = b.end  # أمس الاثنين: the weekday names the same day
                    out.append(a)
                    i += 2
                    continue
                both_time = a.kind == "time" and b.kind == "time" and a.a is None and b.a is None
                if both_time or (a.kind != "time" and b.kind != "time" and a.kind != "range" and b.kind != "range"):
                    opener = _left(RANGE_OPEN_L, text, a.start, 20)
                    if CONNECT_RANGE.fullmatch(gap) and ("/" not in gap or opener) or \
                            (opener and CONNECT_AND.fullmatch(gap) and not opener.group().strip().startswith("منذ")):
                        if a.kind == "date" and b.kind == "date" and a.y is None and b.y is not None and a.cal == b.cal:
                            a.y = b.y - 1 if (a.m or 0) > (b.m or 0) else b.y
                        start = opener.start() if opener and not opener.group().strip().startswith("منذ") else a.start
                        out.append(T(start, b.end, "range", a=a, b=b))
                        i += 2
                        continue
                if b.kind == "time" and b.a is None and _is_day(a) and DATE_TIME_GAP.fullmatch(gap):
                    b.a, b.start = a, a.start
                    if a.part in ("afternoon", "evening") and b.hh is not None and b.hh < 12:
                        b.hh += 12
                    out.append(b)
                    i += 2
                    continue
                if a.kind == "time" and a.a is None and _is_day(b) and TIME_DATE_GAP.fullmatch(gap):
                    a.a, a.end = b, b.end
                    if b.part in ("afternoon", "evening") and a.hh is not None and a.hh < 12:
                        a.hh += 12
                    zm = ZONE_R.match(text, a.end)
                    if zm and a.tz is None:
                        _extend(text, a)
                    out.append(a)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def tag(text: str) -> list[T]:
    """All time expressions of a normalised text, in order, non-overlapping."""
    cands: list[T] = []
    _months(text, cands)
    if DIGIT.search(text):
        _years(text, cands)
        _numeric(text, cands)
    _relative(text, cands)
    _weekdays(text, cands)
    _seasons(text, cands)
    if "الف" in text:
        _year_words(text, cands)
    _clock(text, cands)
    _decades(text, cands)
    for t in cands:
        _extend(text, t)
    ts = _merge(text, _select(text, cands))
    for t in ts:
        t.future = _future(text, t.start)
        for sub in (t.a, t.b):
            if sub is not None:
                sub.future = t.future
    return ts
