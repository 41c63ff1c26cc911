"""Compiled regexes and small tables of the Arabic time tagger (see :mod:`marsad.stages.times_rules`).

All patterns match the *normalised* text (:func:`marsad.arabic.normalize.normalize`); the ``*_L``
patterns end at ``\\Z`` and are searched in a window that ends where an anchor starts (what grows
an anchor to the left), the ``*_R`` patterns are matched where an anchor ends.
"""

from __future__ import annotations

import re

from ..arabic.numbers import NUMBER_EXPR, ORDINAL_PLAIN
from .times_lexicon import lexicon

L = lexicon()
_NW = r"(?!\w)"
_Y4 = r"[12]\d{3}"

# --- anchors -----------------------------------------------------------------
MONTH_RE = re.compile(rf"(?<!\w)(?:[وبل]|لل)?(?P<m>{L.month_alt}){_NW}")
HIJRI_RE = re.compile(rf"(?<!\w)(?:[وبل]|لل)?(?P<m>{L.hijri_alt}){_NW}")
PAIR_RE = re.compile(rf"\s*(?:/|\(|-|–|او)\s*(?P<m>{L.month_alt})(?:\s*\))?")
DAYRANGE_L = re.compile(
    r"(?:(?P<rp>من|بين|ما\s+بين)\s+)?(?:(?:يوم|ايام)\s+)?(?<![\d.,/:])(?P<d1>[0-3]?\d)"
    r"(?:\s*(?:-|–|الي|حتي|لغايه)\s*|\s+و\s*)(?P<d>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?\Z")
DAY_L = re.compile(
    rf"(?:(?P<wd>(?:يوم\s+)?(?:{L.weekday_alt}))\s*[،,]?\s*(?:(?:الموافق|الموافقه)\s+)?)?(?:يوم\s+)?"
    rf"(?<![\d.,/:])(?P<d>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?\Z")
ORD_DAY_L = re.compile(rf"(?:يوم\s+)?(?P<od>{ORDINAL_PLAIN})\s+من\s+(?:شهر\s+)?\Z")
SHAHR_L = re.compile(r"(?<!\w)[وبل]?شهر\s+\Z")
FATIH_L = re.compile(r"(?<!\w)[وب]?(?:فاتح|غره)\s+(?:شهر\s+)?\Z")  # فاتح ماي: the first of the month
DAY_REL_L = re.compile(r"(?<![\d.,/:])(?P<d>[0-3]?\d)\s+(?:من\s+)?\Z")
QUARTER_L = re.compile(r"(?<!\w)[وفب]?(?P<q>ال(?:ربع|نصف))\s+(?P<o>الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?"
                       r"(?:(?:عام|العام|سنه|السنه)\s+)?\Z")
QUARTERS = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4}
SEASON_RE = re.compile(r"(?<!\w)[وفب]?(?:فصل\s+)?(?:ال)?(?P<s>ربيع|صيف|خريف|شتاء)(?!\w)(?!\s+(?:الاول|الثاني|الاخر|العربي))")
SEASONS = {"ربيع": "SP", "صيف": "SU", "خريف": "FA", "شتاء": "WI"}
YEAR_R = re.compile(
    rf"\s*[،,]?\s*(?:من\s+)?(?:(?:عام|العام|سنه|لعام|لسنه)\s+)?(?P<y>{_Y4})(?!\d|[.,]\d)"
    rf"(?:\s*(?P<era>م|ميلادي|ميلاديه|ه|هجري|هجريه)(?!\w))?")
HIJRI_YEAR_R = re.compile(r"\s*[،,]?\s*(?:من\s+)?(?:(?:عام|العام|سنه)\s+)?(?P<y>1[2-5]\d\d)(?!\d)(?:\s*(?:ه|هجري|هجريه)(?!\w))?")
RELYEAR_R = re.compile(rf"\s*(?:من\s+)?(?:(?P<this>هذا|هذه)\s+)?(?:العام|السنه|عام|سنه)(?:\s+(?P<dir>{L.dir_alt}))?{_NW}")
DIR_R = re.compile(rf"\s+(?P<dir>{L.dir_alt}){_NW}")

YEAR_RANGE_RE = re.compile(
    rf"(?<![\w.,:/])(?:(?P<cue>(?:عامي|العامين|سنتي|الاعوام|السنوات|اعوام|سنوات|عام|العام|سنه|موسم)\s+))?"
    rf"(?P<y1>{_Y4})\s*(?:-|–|—|/)\s*(?P<y2>{_Y4}|\d{{2}})(?:\s*(?P<era>ه|هجري|هجريه)(?!\w))?(?!\w|[.,:/\-]\d|\s*%)")
BETWEEN_YEARS_RE = re.compile(
    rf"(?<!\w)(?P<rp>بين|من|ما\s+بين)\s+(?:(?P<cue>عامي|العامين|سنتي|عام|العام|سنه)\s+)?(?P<y1>{_Y4})"
    rf"(?:\s*م)?(?:\s+و\s*|\s*(?:الي|حتي|وحتي|ولغايه|لغايه)\s+)(?:(?:عام|العام|سنه)\s+)?(?P<y2>{_Y4})(?!\w|[.,]\d|\s*%)")
NOUN_AFTER = re.compile(r"\s+[^\W\d]+(?:ا|ين)(?!\w)")  # 2011 شخصا: a count, not a year
DAY_CUR_RE = re.compile(rf"(?<![\d.,/:\w])(?P<d>[0-3]?\d)\s+(?:من\s+)?(?:الشهر\s+)?(?:الجاري|الحالي){_NW}")
RANGE_TAIL = re.compile(r"\s*(?:[.,،؛:)\-–]|$|\s+(?:و|في|علي|الي|من|حيث|عندما|قبل|بعد|ثم|حين)(?!\w))")
YEAR_CUE_RE = re.compile(r"(?<!\w)[وبلف]?(?P<cue>عام|العام|سنه|السنه|لعام|لسنه)\s+(?P<y>\d{3,4})(?!\d|[.,:/\-]\d|\s*%)"
                         r"(?:\s*(?P<era>م|ميلادي|ميلاديه|ه|هجري|هجريه|هجريا|للهجره|قبل\s+الميلاد|ق\s*\.?\s*م)(?!\w))?")
YEAR_PREP_RE = re.compile(rf"(?<!\w)[وف]?(?:{L.year_cue_alt})\s+(?P<y>{_Y4})(?!\d|[.,:/\-]\d|\s*%)"
                          rf"(?:\s*(?P<era>م|ميلادي|ميلاديه|ه|هجري|هجريه)(?!\w))?")
YEAR_AFTER_REL_RE = re.compile(rf"(?<!\w)[وبلف]?(?:العام|السنه)\s+(?:{L.dir_alt})\s+\(?(?P<y>{_Y4})\)?(?!\d|[.,:/\-]\d)")
YEAR_WORDS_RE = re.compile(rf"(?<!\w)[وبلف]?(?P<cue>عام|العام|سنه|السنه|لعام)\s+(?P<num>{NUMBER_EXPR})")
YEAR_ERA_RE = re.compile(r"(?<![\w.,])(?P<y>\d{3,4})\s*(?P<era>م|ميلادي|ميلاديه|ه|هجري|هجريه|هجريا|للهجره)(?!\w)")
YEAR_BARE_RE = re.compile(r"(?<![\w.,:/\-])(?P<y>(?:19|20)\d\d)(?=\s*[.،,؛:)]|\s*$)")
WEAK_CUE = re.compile(r"[وف]?(?:الي|الى|عن|مع|قبل|بعد|عقب)\s")
QTY_BEFORE = re.compile(r"(?:نحو|حوالي|قرابه|زهاء|بلغ|بلغت|يبلغ|تبلغ|اكثر\s+من|اقل\s+من|عدد|رقم|بنحو|بحوالي|الي)\s+\Z")

DMY_RE = re.compile(r"(?<![\d/.\-])(?P<d>[0-3]?\d)(?P<s1>\s?)(?P<sep>[/.\-])(?P=s1)(?P<m>[01]?\d)(?P=s1)(?P=sep)(?P=s1)(?P<y>\d{4}|\d{2})(?![\d/\-]|\.\d)"
                    r"(?:\s*(?P<era>ه|هجري|هجريه|م)(?!\w))?")
YMD_RE = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})(?P<sep>[/.\-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d/\-]|\.\d)"
                    r"(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d))?(?:\s*(?P<era>ه|هجري|هجريه)(?!\w))?")

REL_RE = re.compile(
    r"(?<!\w)(?:[وف]?(?P<dby>اول\s+(?:من\s+)?امس|امس\s+الاول)|(?P<yday>(?:[وف]?يوم\s+)?[وف]?(?:امس|البارحه))"
    r"|(?P<atm>بعد\s+غد)|(?P<tmr>(?:[وف]?يوم\s+)?[وف]?(?:غدا|الغد))"
    r"|(?P<today>(?:[وف]?هذا\s+)?[وفل]?اليوم(?!\s+(?:التالي|السابق|الذي|التي|الاول|الثاني|الثالث|الوطني|العالمي|الدولي|نفسه|ذاته|الموعود|الاخير|\d))"
    r"|(?P<lnb>الليله\s+قبل\s+الماضيه)|(?P<ln>الليله\s+الماضيه)"
    r"|(?:هذه\s+)?الليله(?!\s+(?:التالي|السابق|الماضيه|التي|الاولي|قبل)))"
    r")(?!\w)")
EVENT_REL = re.compile(r"\s+(?:من\s+(?!الان)|علي\s+(?:ال|بدء|انطلاق|موعد|وقوع|اندلاع|اعلان|توقيع|انتهاء|بدايه|نهايه))")
_UNIT_NUM = rf"(?:(?P<num>{NUMBER_EXPR})\s+)?"
REL_UNIT_RE = re.compile(
    rf"(?<!\w)(?P<cl>[وف]?)(?P<rw>منذ|قبل|بعد|في\s+غضون|خلال)\s+(?:(?P<ap>حوالي|نحو|قرابه|زهاء|ما\s+يقرب\s+من|ما\s+يزيد\s+(?:عن|علي)|اكثر\s+من|اقل\s+من|اكثر\s+قليلا\s+من)\s+)?"
    rf"{_UNIT_NUM}(?P<unit>{L.unit_alt}){_NW}(?P<rest>\s+(?:من\s+الان|مضت|خلت|تقريبا|فقط))?")
REL_SPAN_RE = re.compile(
    rf"(?<!\w)[وف]?(?P<rw>خلال|في|طوال|علي\s+مدي|علي\s+مدار|في\s+غضون)\s+(?P<unit>ال(?:ايام|اسابيع|اشهر|شهور|اعوام|سنوات|عامين|يومين|شهرين|اسبوعين|سنتين|ساعات|ساعتين|عقود|عقدين|قرون|قرنين))"
    rf"\s+(?:(?P<num>{NUMBER_EXPR}|\d+)\s+)?(?P<dir>{L.dir_alt}){_NW}")
RELCAL_RE = re.compile(
    rf"(?<!\w)(?:(?P<this>[وب]?(?:هذا|هذه))\s+)?(?P<u>[وبلف]?(?:ال|لل)(?:اسبوع|شهر|عام|سنه|عقد|قرن))"
    rf"(?:\s+(?P<dir>{L.dir_alt}))?{_NW}")
WEEKDAY_RE = re.compile(
    rf"(?<!\w)(?:(?P<yawm>[وف]?يوم)\s+)?[وف]?(?P<wd>{L.weekday_alt}){_NW}(?:\s+(?P<dir>{L.past_alt}|{L.next_alt}){_NW})?")
HOURS = {"الواحده": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5, "السادسه": 6, "السابعه": 7,
          "الثامنه": 8, "التاسعه": 9, "العاشره": 10, "الحاديه عشره": 11, "الحاديه عشر": 11,
          "الثانيه عشره": 12, "الثانيه عشر": 12}
_HOUR_ALT = "|".join(sorted((h.replace(" ", r"\s+") for h in HOURS), key=len, reverse=True))
FRAC_MIN = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15, "الثلث": 20, "ثلث": 20}
TIME_DIGITS_RE = re.compile(
    rf"(?<![\w:.])(?:(?P<sa>(?:تمام\s+)?(?:ال)?ساعه)\s+)?(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?(?![\d%]|[:.]\d)"
    rf"(?:\s*(?P<suf>{L.suffix_alt})(?!\w))?")
TIME_WORDS_RE = re.compile(
    rf"(?<!\w)(?:(?P<sa>(?:تمام\s+)?(?:ال)?ساعه)\s+)?(?P<oh>{_HOUR_ALT})"
    rf"(?:\s+(?:و(?P<fr>النصف|الربع|الثلث|نصف|ربع|ثلث)|الا\s+(?P<mf>ربعا|ربع|ثلثا|ثلث)))?"
    rf"(?:\s+(?P<suf>{L.suffix_alt}))?{_NW}")
MIDNIGHT_RE = re.compile(r"(?<!\w)[وف]?(?:عند\s+|قبيل\s+|بعد\s+)?(?P<w>منتصف\s+(?:ال)?ليل(?:ه)?|منتصف\s+النهار)(?!\w)")
ZONE_R = re.compile(
    rf"\s*(?:\(\s*)?(?:[وب]?(?:حسب\s+|وفق\s+)?(?:ال)?توقيت\s+(?P<z>{L.zone_alt}|المحلي)"
    rf"|(?P<z2>GMT|UTC|ت\s*\.?\s*غ\.?)(?:\s*(?P<off>[+\-]\s*\d{{1,2}}))?)(?:\s*\))?(?!\w)")
DECADE_WORDS = {"عشرين": 20, "ثلاثين": 30, "اربعين": 40, "خمسين": 50, "ستين": 60, "سبعين": 70,
                 "ثمانين": 80, "تسعين": 90}
DECADE_RE = re.compile(
    rf"(?<!\w)(?:[وفب]?(?:عقد|سنوات|حقبه|فتره)\s+)?[وفب]?(?:ال)?(?P<dw>{'|'.join(DECADE_WORDS)})ي?ات"
    rf"(?:\s+(?:من\s+)?(?:القرن\s+(?P<c>{ORDINAL_PLAIN}|(?P<cdir>{L.dir_alt})|(?:ال)?(?P<cn>\d{{1,2}}))))?{_NW}")
CENTURY_RE = re.compile(
    rf"(?<!\w)[وفبل]?(?:ال|لل)قرن\s+(?:(?P<o>{ORDINAL_PLAIN})|(?:ال)?(?P<n>\d{{1,2}})(?!\d)|(?P<dir>{L.dir_alt}){_NW})"
    rf"(?:\s+(?P<era>الميلادي|الهجري|قبل\s+الميلاد)(?!\w))?")

# --- left extensions -------------------------------------------------------------
PART_L = re.compile(rf"(?<!\w)[وفب]?(?P<p>{L.part_alt})\s+(?:(?:شهر|عام|العام|سنه|السنه)\s+)?\Z")
PART_OF_L = re.compile(rf"(?<!\w)[وفب]?(?P<p>{L.part_alt})\s+(?:من\s+)?\Z")
APPROX_L = re.compile(r"(?<!\w)[وفب]?(?:حوالي|نحو|قرابه|زهاء|تقريبا\s+في)\s+(?:(?:في|عام)\s+)?\Z")
DAYPART_L = re.compile(rf"(?<!\w)[وفب]?(?P<dp>{L.day_part_alt})\s+(?:(?:من\s+)?يوم\s+)?\Z")
CONNECT_RANGE = re.compile(r"\s*(?:-|–|—|/|الي|حتي|وحتي|ولغايه|لغايه|الى)\s*\Z")
NUM_DAYRANGE_L = re.compile(r"(?<!\w)(?:من|بين)\s+(?P<d1>[0-3]?\d)\s*(?:-|الي|حتي|و)\s*\Z")
APPOSITION = re.compile(r"\s*[،,]?\s*")
CONNECT_AND = re.compile(r"\s+و\s*\Z")
RANGE_OPEN_L = re.compile(r"(?<!\w)[وف]?(?:من|بين|ما\s+بين|منذ)\s+(?:(?:عامي|شهري|يومي|العامين)\s+)?\Z")
DATE_TIME_GAP = re.compile(r"\s*[،,]?\s*(?:(?:في|عند|وتحديدا|حوالي|نحو|قرابه|علي)\s+)?(?:تمام\s+)?\Z")
TIME_DATE_GAP = re.compile(r"\s*[،,]?\s*(?:من\s+|يوم\s+|في\s+)?\Z")

DIGIT = re.compile(r"\d")
DAY_KINDS = frozenset({"relday", "weekday"})
PRIORITY = {"range": 0, "time": 1, "date": 2, "span": 3, "relunit": 3, "relcal": 4, "year": 5,
             "decade": 5, "century": 5, "relday": 6, "weekday": 7}
CLOCK_GATE = re.compile(r"ساعه|صباحا|مساء|ظهرا|عصرا|ليلا|فجرا|بعد\s+الظهر")
