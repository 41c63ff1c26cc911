"""Detect and decode the encoding of raw input bytes, recording what was detected.

Order of checks (cheap and certain first, statistical last):

1. empty input, size limit;
2. byte-order marks (UTF-8, UTF-32, UTF-16 LE/BE);
3. BOM-less UTF-16, recognised by where the NUL (and Arabic ``0x06``) bytes fall;
4. binary files (magic numbers, NUL bytes, control characters);
5. strict UTF-8, then UTF-8 with a few bad bytes (a truncated file);
6. the two legacy Arabic code pages (Windows-1256, ISO-8859-6), scored by how
   Arabic the decoded text looks, because charset-normalizer often cannot tell
   them apart on short texts;
7. charset-normalizer for everything else.

After decoding, mojibake (UTF-8 bytes that were once decoded as Windows-1256 or
Windows-1252 and saved again) is repaired only when the whole text round-trips.
Nothing is guessed silently: :class:`Decoded` says what was done.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

# Signatures of common binary formats, checked before any text decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SAMPLE = 1 << 16
_PREFERRED = ("utf_8", "cp1252", "cp1256", "iso8859_6", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1253",
              "cp1254", "cp1255", "gb18030", "big5", "shift_jis", "euc_kr")  # bytes looked at by the statistical checks
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_HARAKA = re.compile(r"[\u064B-\u0652]")
_LATIN_ACCENTED = re.compile(r"[\u00C0-\u00FF]")
# an Arabic letter glued to a Latin one: Latin text decoded with an Arabic code page
_MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0600-\u06FF]|[\u0600-\u06FF][A-Za-z]")
_C0_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Windows-1256 / Windows-1252 decodings of UTF-8 lead bytes 0xD8/0xD9 (Arabic
# block) followed by a continuation byte (0x80..0xBF): the fingerprint of Arabic
# mojibake ("ط§ظ„" / "Ø§Ù„"). Genuine Arabic letters are not continuation bytes.
_CONT_1256 = re.escape(bytes(range(0x80, 0xC0)).decode("cp1256"))
_CONT_1252 = re.escape("".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)))
_MOJIBAKE_HINT = re.compile(f"[طظ][{_CONT_1256}]|[ØÙ][{_CONT_1252}]")


@dataclass(slots=True)
class Decoded:
    """The result of :func:`decode_bytes`.

    Attributes:
        text: the decoded text (BOM removed).
        encoding: Python codec name that was used (``utf-8``, ``cp1256`` ...).
        confidence: 1.0 for certain (BOM, strict UTF-8), lower for statistical guesses.
        bom: whether a byte-order mark was present.
        notes: extra facts worth recording (replaced bytes, mojibake repaired ...).
    """

    text: str
    encoding: str
    confidence: float
    bom: bool = False
    notes: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        """The ``Document.meta`` entries describing this decoding."""
        out: dict[str, Any] = {"encoding": self.encoding, "encoding_confidence": round(self.confidence, 3)}
        if self.bom:
            out["encoding_bom"] = True
        out.update(self.notes)
        return out


def sniff_binary(data: bytes) -> str | None:
    """A short description when ``data`` is a known binary format, else None."""
    for magic, what in _MAGIC:
        # a short signature could begin real text ("BZh..."), so it also needs control bytes
        if data.startswith(magic) and (len(magic) >= 4 or _C0_CONTROL.search(data[:512])):
            return what
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the byte pattern says so, else None.

    In UTF-16 text of Latin or Arabic script every other byte is the high byte of
    a code point, which is almost always 0x00 (ASCII, spaces, newlines) or 0x06
    (the Arabic block). Single-byte encodings have neither pattern.
    """
    n = len(sample) - (len(sample) % 2)
    if n < 4:
        return None
    even, odd = sample[0:n:2], sample[1:n:2]

    def high_share(part: bytes) -> float:
        return (part.count(0) + part.count(6)) / len(part)

    def nul_share(part: bytes) -> float:
        return part.count(0) / len(part)

    he, ho = high_share(even), high_share(odd)
    # the high bytes must be clearly concentrated on one side, and the NULs must exist
    if ho >= 0.7 and he <= 0.3 and nul_share(odd) > 0.02:
        enc = "utf-16-le"
    elif he >= 0.7 and ho <= 0.3 and nul_share(even) > 0.02:
        enc = "utf-16-be"
    else:
        return None
    try:
        sample[:n].decode(enc)
    except UnicodeDecodeError as exc:
        if exc.start < n - 4:  # a cut surrogate pair at the sample's end is fine
            return None
    return enc


def _printable_share(text: str) -> float:
    """Share of characters that are printable or ordinary whitespace."""
    if not text:
        return 0.0
    return sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t") / len(text)


def _control_ratio(sample: bytes) -> float:
    return len(_C0_CONTROL.findall(sample)) / max(1, len(sample))


def arabic_score(text: str) -> float:
    """How plausible ``text`` is as Arabic-script prose (0..1).

    The share of non-ASCII characters that are Arabic letters, penalised for
    accented Latin letters (ISO-8859-6 read as Windows-1256 gives ``ç è é``), for
    dense short vowels (Windows-1256 read as ISO-8859-6 turns ى/ي into harakat) and
    for Arabic letters glued to Latin ones (French ``é`` read as ISO-8859-6 ``ى``).
    """
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if not non_ascii:
        return 0.0
    letters = len(_ARABIC_LETTER.findall(text))
    harakat = len(_HARAKA.findall(text))
    latin = len(_LATIN_ACCENTED.findall(text))
    score = letters / non_ascii
    if letters and harakat / letters > 0.25:  # news prose is rarely vocalised this densely
        score *= 0.5
    score -= 3 * latin / non_ascii
    score -= 2 * len(_MIXED_SCRIPT.findall(text)) / non_ascii
    return max(0.0, min(1.0, score))


def _legacy_arabic(data: bytes) -> tuple[str, str, float] | None:
    """Decode as Windows-1256 or ISO-8859-6 when one of them yields Arabic prose."""
    best: tuple[str, str, float] | None = None
    for enc in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue  # ISO-8859-6 leaves many bytes undefined: Windows-1256 text fails here
        score = arabic_score(text[:_SAMPLE])
        if score >= 0.6 and (best is None or score > best[2]):
            best = (text, enc, score)
    return best


def _encode_cp1252_lenient(text: str) -> bytes:
    """Windows-1252, with the five undefined bytes passed through as Latin-1 (as browsers do)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                raise
    return bytes(out)


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """Undo UTF-8 that was decoded as Windows-1256/1252, when unambiguous.

    Returns ``(repaired_text, "cp1256"|"cp1252")`` only if the *whole* text
    re-encodes in that code page and the bytes are valid UTF-8 holding Arabic
    letters; genuine Arabic text never round-trips like this, because its
    Windows-1256 bytes (0xC1..0xFF) are not valid UTF-8 continuation sequences.
    """
    if not _MOJIBAKE_HINT.search(text[:_SAMPLE]):
        return None
    for enc in ("cp1256", "cp1252"):
        try:
            raw = text.encode(enc) if enc == "cp1256" else _encode_cp1252_lenient(text)
            fixed = raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and _ARABIC_LETTER.search(fixed) and len(fixed) < len(text):
            return fixed, enc
    return None


def _finish(text: str, enc: str, conf: float, bom: bool = False, **notes: Any) -> Decoded:
    res = Decoded(text, _codec_name(enc) or enc, conf, bom, dict(notes))  # one spelling: Python's codec name
    fixed = repair_mojibake(text)
    if fixed is not None:
        res.text = fixed[0]
        res.notes["mojibake_repaired"] = f"utf-8 read as {fixed[1]}"
    if "\x00" in res.text:  # NULs break downstream tools and never belong to prose
        res.notes["nul_removed"] = res.text.count("\x00")
        res.text = res.text.replace("\x00", "")
    return res


def decode_bytes(data: bytes, *, declared: str | None = None, max_bytes: int | None = None) -> Decoded:
    """Decode raw input bytes, detecting the encoding.

    Args:
        data: the raw bytes of one document.
        declared: an encoding declared by a container (HTTP header, ``<meta charset>``);
            used when the bytes are not valid UTF-8 and decode cleanly with it.
        max_bytes: reject larger inputs (``too_large``) without decoding them.

    Returns:
        A :class:`Decoded` with the text and what was detected.

    Raises:
        InputError: ``empty``, ``too_large``, ``binary`` or ``undecodable``.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError("too_large", f"{len(data):,} bytes exceeds the limit of {max_bytes:,} bytes")
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise InputError("empty", "the input holds no text" if data else "the input is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom):].decode(enc), enc, 1.0, True)
            except UnicodeDecodeError as exc:
                if enc.startswith("utf-8"):
                    break  # a UTF-8 BOM on broken bytes: fall through to the lenient path
                raise InputError("undecodable", f"{enc} byte-order mark but invalid {enc} at byte {exc.start}") from exc
    what = sniff_binary(data)
    if what:
        raise InputError("binary", f"looks like a {what}, not text")
    sample = data[:_SAMPLE]
    u16 = _utf16_without_bom(sample)
    if u16:
        text = data[: len(data) - len(data) % 2].decode(u16, errors="replace")
        if _printable_share(text[:_SAMPLE]) >= 0.9:
            bad = text.count("\ufffd")
            return _finish(text, u16, 0.9 if not bad else 0.7, **({"decode_errors": bad} if bad else {}))
    if b"\x00" in sample or _control_ratio(sample) > 0.05:
        raise InputError("binary", "control bytes found: this is not a text file")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return _finish(body.decode("utf-8"), "utf-8", 1.0, bom)
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few bad bytes (a cut-off file, one corrupt byte):
    # keep it as UTF-8, replace the bad bytes and say how many.
    lenient = body.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in lenient[:_SAMPLE] if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and bad <= max(3, multibyte // 200):
        truncated = _is_truncated_utf8(body)
        return _finish(lenient, "utf-8", 0.8, bom, decode_errors=bad, **({"truncated": True} if truncated else {}))
    legacy = _legacy_arabic(data)
    if declared:
        enc = _codec_name(declared)
        if enc and enc not in ("utf-8",):
            try:
                text = body.decode(enc)
            except UnicodeDecodeError:
                text = None
            # a page declaring Latin-1 but written in Windows-1256 is common on old Arabic
            # sites: trust the declaration only when it does not destroy visible Arabic
            if text is not None and not (legacy and legacy[2] >= 0.8 and arabic_score(text[:_SAMPLE]) < 0.5):
                return _finish(text, enc, 0.85, declared_encoding=declared)
            if legacy:
                return _finish(legacy[0], legacy[1], min(0.9, 0.5 + legacy[2] / 2), declared_encoding_ignored=declared)
    if legacy:
        text, enc, score = legacy
        return _finish(text, enc, min(0.95, 0.5 + score / 2))
    return _charset_normalizer(data)


def _is_truncated_utf8(data: bytes) -> bool:
    """True when the only invalid UTF-8 is an incomplete sequence at the very end."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def _charset_normalizer(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # imported here: only the rare non-UTF-8, non-Arabic case pays for it

    results = list(from_bytes(data[: 4 * _SAMPLE]))
    if not results:
        raise InputError("undecodable", "no text encoding fits these bytes")
    best = results[0]
    # charset-normalizer ties many code pages on short texts; among equally good
    # candidates take the most widespread one (cp1250 turns French "à" into "ŕ")
    tied = [r for r in results if r.chaos <= best.chaos + 0.005 and r.coherence >= best.coherence - 0.01]
    for preferred in _PREFERRED:
        hit = next((r for r in tied if r.encoding == preferred), None)
        if hit is not None:
            best = hit
            break
    enc = _codec_name(best.encoding) or best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError("undecodable", f"bytes are not valid {enc}: {exc}") from exc
    conf = max(0.1, 1.0 - float(best.chaos)) * 0.9  # statistical: never as sure as a BOM
    return _finish(text, enc, conf, detector="charset-normalizer")


def detect_stream_encoding(head: bytes) -> tuple[str, float]:
    """The encoding of a stream from its first bytes: ``(codec, confidence)``.

    Used for line-oriented containers (JSON Lines, CSV) read as streams, where the
    whole input is not decoded at once. The head may end inside a character.

    Raises:
        InputError: ``empty`` or ``binary``.
    """
    if not head.strip(b" \t\r\n\x00"):
        raise InputError("empty", "the input holds no text" if head else "the input is empty")
    for bom, enc in _BOMS:
        if head.startswith(bom):
            # the BOM-consuming codecs: "utf-16"/"utf-32" read the byte order from the BOM
            return {"utf-8": "utf-8-sig"}.get(enc, enc[:6]), 1.0
    u16 = _utf16_without_bom(head)
    if u16:
        return u16, 0.9
    what = sniff_binary(head)
    if what:
        raise InputError("binary", f"looks like a {what}, not text")
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise InputError("binary", "control bytes found: this is not a text file")
    try:
        head.decode("utf-8")
        return "utf-8", 1.0
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # cut inside the last character
            return "utf-8", 1.0
    legacy = _legacy_arabic(head)
    if legacy:
        return legacy[1], min(0.95, 0.5 + legacy[2] / 2)
    lenient = head.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= 3:
        return "utf-8", 0.8
    res = _charset_normalizer(head)
    return res.encoding, res.confidence
