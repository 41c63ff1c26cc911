"""Encoding detection and decoding (marsad.io.encoding)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.io.encoding import arabic_score, decode_bytes, detect_stream_encoding, repair_mojibake

AR = ("قال المتحدث باسم الحكومة الليبية إن الاجتماع سيعقد يوم الخميس في العاصمة طرابلس، "
      "وفق ما ذكرت وكالة الأنباء الرسمية.\nوأضاف أن الوفد الروسي وصل أمس إلى بنغازي للقاء المشير.")
AR_SHORT = "وصل الوفد إلى بنغازي صباح اليوم"


def _cp1252_mojibake(text: str) -> bytes:
    """UTF-8 bytes decoded as Windows-1252 the way browsers do (undefined bytes kept), saved as UTF-8."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out).encode("utf-8")


@pytest.mark.parametrize("data, encoding, bom", [
    (AR.encode("utf-8"), "utf-8", False),
    (codecs.BOM_UTF8 + AR.encode("utf-8"), "utf-8", True),
    (codecs.BOM_UTF16_LE + AR.encode("utf-16-le"), "utf-16-le", True),
    (codecs.BOM_UTF16_BE + AR.encode("utf-16-be"), "utf-16-be", True),
    (AR.encode("utf-16-le"), "utf-16-le", False),
    (AR.encode("utf-16-be"), "utf-16-be", False),
    (AR.encode("cp1256"), "cp1256", False),
    (AR.encode("iso-8859-6"), "iso8859-6", False),
])
def test_decode_bytes_detects_encoding(data: bytes, encoding: str, bom: bool) -> None:
    dec = decode_bytes(data)
    assert dec.text == AR
    assert codecs.lookup(dec.encoding).name == codecs.lookup(encoding).name
    assert dec.bom is bom
    meta = dec.meta()
    assert meta["encoding"] == dec.encoding and 0 < meta["encoding_confidence"] <= 1


def test_decode_bytes_utf16_english_without_bom() -> None:
    text = "The minister said the talks in Tripoli would resume next week."
    dec = decode_bytes(text.encode("utf-16-le"))
    assert dec.encoding == "utf-16-le" and dec.text == text


def test_decode_bytes_short_cp1256() -> None:
    assert decode_bytes(AR_SHORT.encode("cp1256")).text == AR_SHORT


def test_decode_bytes_latin_text_is_not_taken_for_arabic() -> None:
    text = "Le président a déclaré que la réunion aurait lieu à Tripoli après l'été."
    dec = decode_bytes(text.encode("cp1252"))
    assert dec.text == text
    assert dec.encoding in ("cp1252", "iso8859-1", "latin_1", "cp1250", "iso8859-15")


def test_decode_bytes_truncated_utf8_is_decoded_and_flagged() -> None:
    data = AR.encode("utf-8")[:-2]  # drop the final "." and cut inside the last letter
    dec = decode_bytes(data)
    assert dec.encoding == "utf-8"
    assert dec.text.startswith(AR[:-2])
    assert dec.notes["decode_errors"] == 1 and dec.notes["truncated"] is True
    assert dec.confidence < 1


def test_decode_bytes_one_corrupt_byte_in_utf8() -> None:
    data = AR[:20].encode("utf-8") + b"\xff" + AR[20:].encode("utf-8")
    dec = decode_bytes(data)
    assert dec.encoding == "utf-8" and dec.notes["decode_errors"] == 1 and "truncated" not in dec.notes


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"  \n\t\r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x00\x01\x02\x03\x04\x05" * 50, "binary"),
])
def test_decode_bytes_rejects_with_code(data: bytes, code: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data)
    assert err.value.code == code
    assert err.value.detail


def test_decode_bytes_size_limit() -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(b"a" * 101, max_bytes=100)
    assert err.value.code == "too_large"


def test_decode_bytes_declared_charset_is_used_for_non_utf8() -> None:
    text = "Größe: 5 €"
    dec = decode_bytes(text.encode("cp1252"), declared="windows-1252")
    assert dec.text == text and dec.notes["declared_encoding"] == "windows-1252"


@pytest.mark.parametrize("code_page, broken", [
    ("cp1256", AR.encode("utf-8").decode("cp1256").encode("utf-8")),
    ("cp1252", _cp1252_mojibake(AR)),
])
def test_mojibake_is_repaired_and_recorded(code_page: str, broken: bytes) -> None:
    dec = decode_bytes(broken)
    assert dec.text == AR
    assert dec.notes["mojibake_repaired"] == f"utf-8 read as {code_page}"


@pytest.mark.parametrize("text", [
    AR,
    "Ø ceci n'est pas du mojibake: Ù est une lettre",  # Latin text with the tell-tale letters
    "طـه حسين ظـل",  # genuine Arabic with ط/ظ followed by tatweel
    AR.encode("utf-8").decode("cp1256") + " وكلام عربي سليم",  # half broken: ambiguous, left alone
])
def test_repair_mojibake_leaves_real_text_alone(text: str) -> None:
    assert repair_mojibake(text) is None


def test_arabic_score_orders_candidates() -> None:
    good = AR.encode("cp1256").decode("cp1256")
    wrong = AR.encode("iso-8859-6").decode("cp1256")
    assert arabic_score(good) > 0.9
    assert arabic_score(wrong) < 0.5


@pytest.mark.parametrize("head, expected", [
    (codecs.BOM_UTF8 + b'{"text": "x"}\n', "utf-8-sig"),
    (codecs.BOM_UTF16_LE + '{"text": "x"}\n'.encode("utf-16-le"), "utf-16"),
    ('{"text": "x"}\n'.encode("utf-16-le"), "utf-16-le"),
    (AR.encode("utf-8")[:-2], "utf-8"),  # a head cut inside a character is still UTF-8
    (("title,text\nعنوان," + AR).encode("cp1256"), "cp1256"),
])
def test_detect_stream_encoding(head: bytes, expected: str) -> None:
    assert detect_stream_encoding(head)[0] == expected


def test_declared_latin1_on_windows_1256_bytes_is_overruled() -> None:
    dec = decode_bytes(AR.encode("cp1256"), declared="iso-8859-1")
    assert dec.text == AR and dec.encoding == "cp1256"
    assert dec.notes["declared_encoding_ignored"] == "iso-8859-1"



@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_decode_bytes_never_fails_otherwise(data: bytes) -> None:
    try:
        dec = decode_bytes(data)
    except InputError as exc:
        assert exc.code in {"empty", "binary", "undecodable"}
    else:
        assert isinstance(dec.text, str) and "\x00" not in dec.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_decode_bytes_round_trips_utf8(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        dec = decode_bytes(data)
    except InputError:
        return  # empty or control-character-heavy input
    if dec.notes.get("mojibake_repaired") is None and "\x00" not in text and dec.encoding == "utf-8":
        assert dec.text == text.removeprefix("\ufeff")
