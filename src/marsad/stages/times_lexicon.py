"""The time lexicon (``resources/times/lexicon.json``), normalised and compiled once.

The JSON holds words as news writes them; here they are normalised with
:func:`marsad.arabic.normalize.normalize` (the view the tagger matches on) and
turned into regex alternations, longest first so that ``تشرين الثاني`` wins over
a shorter prefix.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..arabic.normalize import normalize

_SPACES = re.compile(r"\s+")


def _alt(words: list[str] | set[str]) -> str:
    """A regex alternation of normalised words, longest first, spaces flexible."""
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


class Lexicon:
    """Normalised word tables and regex alternations of the time tagger."""

    def __init__(self, raw: dict[str, Any]) -> None:
        n = normalize
        self.months: dict[str, int] = {}
        for num, names in raw["gregorian_months"].items():
            for w in names:
                self.months[n(w)] = int(num)
        self.strict_months = {n(w) for w in raw["strict_months"]}
        self.hijri_months: dict[str, int] = {}
        for num, names in raw["hijri_months"].items():
            for w in names:
                self.hijri_months[n(w)] = int(num)
        self.weekdays: dict[str, int] = {}
        for num, names in raw["weekdays"].items():
            for w in names:
                self.weekdays[n(w)] = int(num)
        self.parts: dict[str, str] = {}
        for mod, words in raw["parts"].items():
            for w in words:
                self.parts[n(w)] = mod
        self.past = {n(w) for w in raw["past"]}
        self.next = {n(w) for w in raw["next"]}
        self.current = {n(w) for w in raw["current"]}
        self.units: dict[str, str] = {}
        for unit, words in raw["units"].items():
            for w in words:
                self.units[n(w)] = unit
        self.day_parts: dict[str, str] = {}
        for part, words in raw["day_parts"].items():
            for w in words:
                self.day_parts[n(w)] = part
        self.hour_suffix: dict[str, str] = {}
        for ampm, words in raw["hour_suffix"].items():
            for w in words:
                self.hour_suffix[n(w)] = ampm
        self.zones: dict[str, str] = {}
        for zone, words in raw["zones"].items():
            for w in words:
                self.zones[n(w)] = zone
        self.future_cues = {n(w) for w in raw["future_cues"]}
        self.year_cues = {n(w) for w in raw["year_cues"]}

        self.month_alt = _alt(set(self.months))
        self.hijri_alt = _alt(set(self.hijri_months))
        self.weekday_alt = _alt(set(self.weekdays))
        self.part_alt = _alt(set(self.parts))
        self.past_alt = _alt(self.past)
        self.next_alt = _alt(self.next)
        self.dir_alt = _alt(self.past | self.next | self.current - {"هذا", "هذه"})
        self.unit_alt = _alt(set(self.units))
        self.day_part_alt = _alt(set(self.day_parts))
        self.suffix_alt = _alt(set(self.hour_suffix))
        self.zone_alt = _alt(set(self.zones))
        self.year_cue_alt = _alt(self.year_cues)
        # a future verb is س + an imperfect (سيعقد, ستجري, سنواصل); the lookahead keeps out the
        # common nouns and names that also start so (سياسة, سيطرة, سنوات, ستراتيجية, سيرغي)
        self.future_re = re.compile(
            rf"(?<!\w)[وف]?(?:{_alt(self.future_cues)})(?!\w)"
            r"|(?<!\w)[وف]?س(?!يا|يط|يد|تا|تي|ته|تو|نو|نه|ني|نا|نت|تر|يول|يما|ينما|ينا|يرغ|يسي|يف|يول|يره|يرا)[يتن]\w{3,}")

    def direction(self, word: str | None) -> int:
        """-1 for past words (الماضي), +1 for next (المقبل), 0 for current, None-safe."""
        if not word:
            return 0
        w = _SPACES.sub(" ", word)
        if w in self.past:
            return -1
        if w in self.next:
            return 1
        return 0


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon (loaded and compiled once per process)."""
    path = Path(__file__).resolve().parent.parent / "resources" / "times" / "lexicon.json"
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))
