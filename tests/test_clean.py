"""Cleaning: varied synthetic page noise (written for these tests), each removal with a reason."""

from __future__ import annotations

import pytest

from marsad.doc import Document
from marsad.stages.clean import clean

BODY = "قال وزير الخارجية المصري إن المحادثات مع نظيره السوداني تناولت الوضع في دارفور."
BODY2 = "وأضاف أن القاهرة مستعدة لاستضافة جولة جديدة من المفاوضات بين الأطراف خلال الشهر المقبل."


def run(raw: str, **kw) -> Document:
    return clean(Document.from_text(raw, **kw))


def reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.removed]


@pytest.mark.parametrize("noise,reason", [
    ("[ad_3]", "ad_marker"),
    ("[ AD-12 ]", "ad_marker"),
    ("إعلان", "ad_marker"),
    ("لديك 62.5% من هذه المقالة متبقية للقراءة. والباقي للمشتركين فقط.", "paywall"),
    ("تبقى لك 40% من المقال", "paywall"),
    ("هذا المحتوى مخصص للمشتركين فقط", "paywall"),
    ("اشترك الآن لمواصلة القراءة", "paywall"),
    ("Il vous reste 58.2% de cet article à lire. La suite est réservée aux abonnés.", "paywall"),
    ("شارك على فيسبوك | تويتر | واتساب", "share_widget"),
    ("تابعونا على تويتر وفيسبوك", "share_widget"),
    ("أضف تعليقك", "share_widget"),
    ("نستخدم ملفات تعريف الارتباط لتحسين تجربتك. بمواصلة التصفح فإنك توافق على ذلك.", "cookie_banner"),
    ("We use cookies to improve your experience. Accept", "cookie_banner"),
    ("الرئيسية > أخبار > العالم العربي", "masthead"),
    ("جميع الحقوق محفوظة © 2024", "masthead"),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "lorem_ipsum"),
    ("لوريم إيبسوم هو ببساطة نص شكلي", "lorem_ipsum"),
    ("Redirecting… Wait 5 sec.", "redirect"),
    ("جاري التحويل، يرجى الانتظار", "redirect"),
    ("نشر في: 2024/03/12 10:45", "dateline"),
])
def test_clean_removes_noise_line(noise: str, reason: str) -> None:
    doc = run(f"{BODY}\n\n{noise}\n\n{BODY2}")
    assert noise.strip() not in doc.text
    assert reason in reasons(doc)
    assert BODY in doc.text and BODY2 in doc.text


@pytest.mark.parametrize("marker", ["اقرأ أيضا:", "اقرأ أيضاً", "إقرأ المزيد:", "Lire aussi", "شاهد أيضا:", "للمزيد:"])
def test_clean_read_also_takes_its_headline(marker: str) -> None:
    headline = "مصر والسودان تبحثان أزمة سد النهضة"
    doc = run(f"{BODY}\n\n{marker}\n{headline}\n\n{BODY2}")
    assert headline not in doc.text
    assert set(reasons(doc)) == {"read_also"}
    assert BODY2 in doc.text


def test_clean_read_also_inline_headline() -> None:
    doc = run(f"{BODY}\nاقرأ أيضا: مصر والسودان تبحثان أزمة سد النهضة\n{BODY2}")
    assert "سد النهضة" not in doc.text and BODY2 in doc.text


@pytest.mark.parametrize("trailer", ["المصدر", "مصدر الخبر", "المصدر: وكالات", "المصدر: سكاي نيوز عربية", "Source : AFP"])
def test_clean_source_trailer(trailer: str) -> None:
    doc = run(f"{BODY}\n\n{BODY2}\n\n{trailer}\n")
    assert doc.text.endswith(BODY2)
    assert reasons(doc) == ["source_trailer"]


def test_clean_keeps_source_word_inside_body() -> None:
    body = "وقال المصدر إن الاجتماع سيعقد الأسبوع المقبل في الرياض بحضور الوزراء."
    doc = run(f"{body}\n\n{BODY}\n\n{BODY2}")
    assert body in doc.text and not doc.removed


def test_clean_duplicated_title_kept_once() -> None:
    title = "اشتباكات عنيفة في طرابلس بين فصائل مسلحة"
    doc = run(f"{title}\n\n{title}\n\n{BODY}\n{BODY2}")
    assert doc.title == title
    assert doc.text.count(title) == 1
    assert reasons(doc) == ["duplicate_title"]


def test_clean_given_title_repeated_in_body() -> None:
    title = "تونس: الرئيس يقيل الحكومة"
    doc = run(f"{title}\n{BODY}\n{title}\n{BODY2}", title=title)
    assert doc.text.count(title) == 1


@pytest.mark.parametrize("caption", [
    "الرئيس الفرنسي (يمين) يصافح نظيره المصري في قصر الإليزيه، 12 مارس 2024. صورة: رويترز",
    "عناصر من الجيش السوداني في الخرطوم. (أ ف ب)",
    "وزير الدفاع التركي (وسط) خلال تفقده القوات، 3 يونيو 2022. – / أ ف ب",
])
def test_clean_caption_kept_and_marked(caption: str) -> None:
    doc = run(f"{caption}\n\n{BODY}\n\n{BODY2}")
    assert caption in doc.text
    caps = [doc.text[c.start:c.end] for c in doc.layer("captions")]
    assert caps == [caption]


def test_clean_body_paragraph_is_not_caption() -> None:
    doc = run(f"{BODY}\n\n{BODY2}")
    assert doc.layer("captions") == []


def test_clean_repeated_caption_removed() -> None:
    cap = "عناصر من الجيش السوداني في الخرطوم. (أ ف ب)"
    doc = run(f"{cap}\n{BODY}\n{cap}\n{BODY2}")
    assert doc.text.count(cap) == 1


def test_clean_removed_offsets_point_into_raw() -> None:
    raw = f"{BODY}\n[ad_1]\n{BODY2}\nالمصدر"
    doc = run(raw)
    for r in doc.removed:
        assert raw[r.start:r.end] == r.text


def test_clean_offset_map_round_trips() -> None:
    raw = f"  {BODY}\n\n\n[ad_1]\n\n\n{BODY2}  \n"
    doc = run(raw)
    for i, ch in enumerate(doc.text):
        assert raw[doc.offsets.to_raw(i)] == ch


def test_clean_collapses_blank_lines_left_by_removals() -> None:
    doc = run(f"{BODY}\n\n[ad_1]\n\n{BODY2}")
    assert doc.text == f"{BODY}\n\n{BODY2}"


def test_clean_empty_input_is_an_error() -> None:
    assert run("   \n\n ").error.startswith("empty")
    assert run("[ad_1]\n[ad_2]").error.startswith("empty")


def test_clean_long_paragraph_mentioning_cookies_is_kept() -> None:
    para = ("ناقش البرلمان الأوروبي قانونا جديدا ينظم استخدام ملفات تعريف الارتباط في المواقع الإخبارية، "
            "وقال النواب إن القانون يحمي خصوصية المستخدمين ويلزم الشركات بالشفافية الكاملة في جمع البيانات "
            "ومعالجتها وتخزينها، على أن يدخل حيز التنفيذ مطلع العام المقبل بعد مصادقة الدول الأعضاء عليه "
            "ونشره في الجريدة الرسمية للاتحاد الأوروبي وإصدار اللوائح التنفيذية الخاصة به خلال الأشهر المقبلة")
    doc = run(f"{BODY}\n\n{para}")
    assert para in doc.text


def test_clean_sample_article(sample_text: str) -> None:
    doc = run(sample_text)
    for gone in ("[ad_1]", "[ad_2]", "لديك 31.43%", "والباقي للمشتركين فقط"):
        assert gone not in doc.text
    assert not doc.text.rstrip().endswith("المصدر")
    assert doc.text.count("العلاقة الأمنية بين خليفة حفتر وموسكو تتكثف") == 1
    assert len(doc.layer("captions")) == 1
