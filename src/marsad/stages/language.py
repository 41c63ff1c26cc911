"""The ``language`` stage: language of the document and of each paragraph.

Most inputs are Arabic, and lingua is slow to load and to run on long texts, so:

- text that is overwhelmingly in Arabic script, without the letters that mark
  Persian or Urdu (پ چ ژ گ ک ی ے ...), is Arabic at once (``method: script``);
- anything else goes to lingua, restricted to the languages met in this news
  (Arabic, English, French, Persian, Urdu, Turkish, Russian ...), on a sample of
  at most a few thousand characters taken from the start, middle and end.

The lingua detector is built once per process (module-level cache) and loads a
language's model only when it is first needed.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..doc import Document

DEFAULT_LANGUAGES = ("ar", "en", "fr", "fa", "ur", "tr", "ru", "es", "de", "he", "it", "pt")
SAMPLE_CHARS = 3000  # per text given to lingua; three slices of a third each
SCRIPT_SHORTCUT = 0.9  # share of letters in Arabic script above which no model is needed
MIN_LETTERS = 12
FOREIGN_LETTERS = 24  # Latin/Cyrillic... letters an Arabic text may hold without a second language  # fewer letters than this: too little to identify by model

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
# letters that Arabic does not use but Persian / Urdu / Pashto / Kurdish do
_NON_ARABIC_LETTERS = re.compile(r"[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06D2\u0679\u0688\u0691\u06BA\u06BE"
                                 r"\u06C1\u06C0\u06D5\u0695\u06B5\u06CE\u06C6]")
_LETTER = re.compile(r"[^\W\d_]")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")

_DETECTORS: dict[tuple[str, ...], Any] = {}
_LOCK = threading.Lock()


def get_detector(languages: Iterable[str] = DEFAULT_LANGUAGES) -> Any:
    """The lingua detector for these ISO 639-1 codes, built once per process."""
    key = tuple(sorted(set(languages)))
    with _LOCK:
        det = _DETECTORS.get(key)
        if det is None:
            from lingua import IsoCode639_1, LanguageDetectorBuilder

            codes = [getattr(IsoCode639_1, c.upper()) for c in key]
            det = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
            _DETECTORS[key] = det
    return det


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters: the start, the middle and the end of ``text``."""
    if len(text) <= limit:
        return text
    third = limit // 3
    mid = len(text) // 2 - third // 2
    return " ".join((text[:third], text[mid:mid + third], text[-third:]))


def _counts(text: str) -> tuple[int, int, int]:
    """``(letters, arabic_script_chars, non_arabic_letters)`` of a text (regex counts, no lists)."""
    return _LETTER.subn("", text)[1], _ARABIC_SCRIPT.subn("", text)[1], _NON_ARABIC_LETTERS.subn("", text)[1]


def _script_decision(letters: int, arabic: int, non_arabic: int) -> str | None:
    if letters < 3:
        return None
    # mostly Arabic script, or Arabic with only a few foreign words (a name, "The Voice",
    # an English acronym): no model needed; lingua costs milliseconds per call
    if arabic / letters < SCRIPT_SHORTCUT and (letters - arabic > FOREIGN_LETTERS or arabic < letters / 2):
        return None
    # a few Persian letters occur in Arabic text (names, ک in Gulf spellings); many do not
    if non_arabic > max(2, 0.01 * arabic):
        return None
    return "ar"


def script_language(text: str) -> str | None:
    """``"ar"`` when the letters are overwhelmingly Arabic-script and not Persian/Urdu; else None."""
    return _script_decision(*_counts(text))


class LanguageStage:
    """Sets ``doc.language`` (ISO 639-1) and ``doc.meta["paragraph_languages"]``.

    Each paragraph entry is ``{"start", "end", "lang"}`` over ``doc.layers["paragraphs"]``
    (or the blank-line separated blocks of ``doc.text``); ``lang`` is None for a
    paragraph with too few letters to tell.
    """

    name = "language.v1"
    requires = frozenset({"text"})
    provides = frozenset({"language"})

    def __init__(self, languages: Iterable[str] = DEFAULT_LANGUAGES, sample_chars: int = SAMPLE_CHARS) -> None:
        """Args:
            languages: ISO 639-1 codes lingua chooses among.
            sample_chars: the most characters of one text given to lingua.
        """
        self.languages = tuple(languages)
        self.sample_chars = sample_chars
        get_detector(self.languages)  # validates the codes now, not on the first document

    def identify(self, text: str, counts: tuple[int, int, int] | None = None) -> tuple[str | None, str, float | None]:
        """``(code, method, confidence)`` for a text; code None when it cannot be told."""
        short = sample(text, self.sample_chars)
        counts = counts if counts is not None and short is text else _counts(short)
        if (code := _script_decision(*counts)) is not None:
            return code, "script", None
        if counts[0] < MIN_LETTERS:
            return None, "too_short", None
        det = get_detector(self.languages)
        values = det.compute_language_confidence_values(short)
        if not values or values[0].value <= 0:
            return None, "lingua", None
        top = values[0]
        return top.language.iso_code_639_1.name.lower(), "lingua", round(float(top.value), 3)

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        if not text.strip():
            return doc
        langs: list[dict[str, Any]] = []
        weight: Counter[str] = Counter()
        total = [0, 0, 0]
        for s, e in paragraphs(doc):
            para = text[s:e]
            counts = _counts(para)
            total = [a + b for a, b in zip(total, counts)]
            code = self.identify(para, counts)[0]  # None for a paragraph too short to tell
            langs.append({"start": s, "end": e, "lang": code})
            if code:
                weight[code] += counts[0]
        doc.meta["paragraph_languages"] = langs
        if (code := _script_decision(*total)) is not None:
            doc.language, method, conf = code, "script", None
        elif len(weight) > 1:
            # a mixed page: the language holding most of the letters, not lingua's view of the blend
            code, n = weight.most_common(1)[0]
            doc.language, method, conf = code, "paragraphs", round(n / sum(weight.values()), 3)
        else:
            doc.language, method, conf = self.identify(text)
        doc.meta["language_method"] = method
        if conf is not None:
            doc.meta["language_confidence"] = conf
        return doc


def paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Paragraph offsets: the ``paragraphs`` layer, else blank-line separated blocks (trimmed)."""
    layer = doc.layers.get("paragraphs")
    if layer:
        return [(s.start, s.end) for s in layer]
    out: list[tuple[int, int]] = []
    text = doc.text
    pos = 0
    for m in list(_PARA_SPLIT.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            out.append((pos + lead, end - trail))
        if m:
            pos = m.end()
    return out
