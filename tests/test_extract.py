"""The extract stage: HTML -> article text, title, date, URL; listing pages rejected."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.doc import Document
from marsad.errors import StageError
from marsad.io.readers import read_path, read_text_input
from marsad.registry import build_stage
from marsad.stages.extract import extract, trim_edges

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_extract.py"

SENTENCES = [
    "أعلنت وزارة الخارجية في بيان رسمي أن الوزير سيتوجه إلى القاهرة الأسبوع المقبل لإجراء محادثات مع نظيره المصري.",
    "وقال مصدر دبلوماسي إن المحادثات ستتناول الأوضاع الأمنية على الحدود المشتركة وملف اللاجئين.",
    "وأشار المصدر إلى أن الجانبين وقعا في عام 2011 اتفاقية للتعاون الأمني لم تطبق بنودها بالكامل حتى الآن.",
    "من جهته، أكد المتحدث باسم الحكومة أن بلاده ملتزمة بالحل السياسي وترفض أي تدخل عسكري أجنبي.",
    "وكانت العاصمة قد شهدت خلال الأيام الماضية احتجاجات واسعة للمطالبة بتحسين الظروف المعيشية.",
    "ويرى مراقبون أن الزيارة تأتي في توقيت حساس بعد تصاعد التوتر بين الأطراف المتنازعة في المنطقة.",
]


def article_html(*, head: str = "", extra_body: str = "", paragraphs: int = 6) -> str:
    body = "".join(f"<p>{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i + 2) % len(SENTENCES)]}</p>"
                   for i in range(paragraphs))
    return (f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
            f"<title>الوزير يزور القاهرة - موقع الأخبار</title>{head}</head><body>"
            f"<header><nav><a href='/'>الرئيسية</a> <a href='/politics'>سياسة</a> <a href='/sport'>رياضة</a></nav>"
            f"</header><main><article><h1>الوزير يزور القاهرة</h1>{body}</article>{extra_body}</main>"
            f"<footer><p>جميع الحقوق محفوظة © 2024 موقع الأخبار</p></footer></body></html>")


def html_doc(html: str, **kw: object) -> Document:
    doc = read_text_input(html, fmt="html")
    for k, v in kw.items():
        setattr(doc, k, v)
    return doc


def test_extract_passes_plain_text_unchanged() -> None:
    doc = read_text_input("نص عادي بلا وسوم.")
    out = extract(doc)
    assert out.raw_text == "نص عادي بلا وسوم." and "extracted" not in out.meta and out.error is None


def test_extract_body_title_and_paragraphs() -> None:
    out = extract(html_doc(article_html()))
    assert out.error is None and out.meta["extracted"] is True
    assert SENTENCES[0] in out.raw_text and SENTENCES[3] in out.raw_text
    assert "<p>" not in out.raw_text and "الرئيسية" not in out.raw_text
    assert "جميع الحقوق محفوظة" not in out.raw_text
    paras = out.raw_text.split("\n\n")  # blank-line separated; the <h1> may lead (clean drops a repeated title)
    assert paras[-6:] == [f"{SENTENCES[i % 6]} {SENTENCES[(i + 2) % 6]}" for i in range(6)]
    assert out.title and "الوزير يزور القاهرة" in out.title


def test_extract_trusted_meta_date_becomes_published() -> None:
    head = ("<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2023-09-26T08:15:00+03:00'>"
            "<link rel='canonical' href='https://news.example/2023/09/26/visit'>")
    out = extract(html_doc(article_html(head=head)))
    assert out.published == "2023-09-26T08:15:00+03:00" and out.meta["published_source"] == "html-meta"
    assert out.url == "https://news.example/2023/09/26/visit" and out.meta["url_source"] == "canonical"


def test_extract_jsonld_date() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "عنوان من البيانات", "datePublished": "2022-03-05"}]}
    head = f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script>"
    out = extract(html_doc(article_html(head=head)))
    assert out.published == "2022-03-05" and out.meta["published_source"] == "json-ld"


def test_extract_body_year_is_only_a_guess() -> None:
    # no date metadata; the body says "في عام 2011": that must not become the publication date
    out = extract(html_doc(article_html()))
    assert out.published is None and "published_source" not in out.meta
    if "date_guess" in out.meta:
        assert out.meta["date_guess_source"] == "trafilatura-guess"


def test_extract_input_date_wins_over_page_metadata() -> None:
    head = "<meta property='article:published_time' content='2020-01-01'>"
    doc = html_doc(article_html(head=head))
    doc.published = "2023-09-26"
    doc.meta["published_source"] = "input-field"
    out = extract(doc)
    assert out.published == "2023-09-26" and out.meta["published_source"] == "input-field"


def test_extract_trims_comment_policy_and_records_it() -> None:
    policy = ("<div><p>نرحب بتعليقاتكم، ونرجو الالتزام بشروط الاستخدام وسياسة الخصوصية قبل النشر.</p>"
              "<p>الآراء الواردة في التعليقات لا تعبر عن رأي الموقع.</p></div>")
    html = article_html().replace("</article>", policy + "</article>")
    out = extract(html_doc(html))
    assert "نرحب بتعليقاتكم" not in out.raw_text and "لا تعبر عن رأي" not in out.raw_text
    assert len(out.meta.get("extract_trimmed", [])) == 2
    assert SENTENCES[0] in out.raw_text


def test_trim_edges_keeps_body_sentences_that_mention_comments() -> None:
    text = "رفض الوزير التعليق على الاتهامات.\n\nوقال إن التحقيق مستمر."
    assert trim_edges(text) == (text, [])


def test_extract_related_articles_do_not_make_a_listing() -> None:
    related = "".join(f"<article class='related'><h3><a href='/n/{i}'>خبر ذو صلة رقم {i} عن الأوضاع</a></h3>"
                       f"</article>" for i in range(6))
    head = "<meta property='og:type' content='article'>"
    out = extract(html_doc(article_html(head=head, extra_body=f"<aside>{related}</aside>")))
    assert out.error is None


def test_extract_malformed_html_still_extracts() -> None:
    html = article_html().replace("</p>", "").replace("</article>", "</span></div>")[:-20]
    out = extract(html_doc(html))
    assert out.error is None and SENTENCES[0] in out.raw_text


def listing_html(label: str) -> str:
    teasers = "".join(
        f"<div class='item'><h2><a href='/news/{i}'>عنوان الخبر رقم {i} عن تطورات الأوضاع</a></h2>"
        f"<p>{SENTENCES[i % 6][:90]}</p><a class='more' href='/news/{i}'>{label}</a></div>" for i in range(8))
    return (f"<html><head><meta charset='utf-8'><title>الصفحة الرئيسية</title></head><body>"
            f"<div class='list'>{teasers}</div></body></html>")


@pytest.mark.parametrize("label", ["اقرأ المزيد", "التفاصيل", "Read more"])
def test_extract_rejects_listing_page(label: str) -> None:
    out = extract(html_doc(listing_html(label)))
    assert out.error is not None and out.error.startswith("no_article:")


def test_extract_rejects_page_without_text() -> None:
    html = "<html><body><nav><a href='/'>الرئيسية</a></nav><img src='x.png'></body></html>"
    out = extract(html_doc(html))
    assert out.error is not None and out.error.startswith("no_article:")


def test_extract_rejects_home_page_url() -> None:
    doc = html_doc(article_html(paragraphs=3))
    doc.url = "https://news.example/"
    out = extract(doc)
    assert out.error is not None and "home page" in out.error


def test_extract_registered_stage() -> None:
    st = build_stage("extract")
    assert st.name == "extract.v1" and st.provides == frozenset({"raw_text"})
    assert st(html_doc(article_html())).error is None


def _load_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_char_f1_is_order_sensitive() -> None:
    f1 = _load_bench().char_f1
    assert f1("ابت ثج", "ابتثج") == (1.0, 1.0, 1.0)
    assert f1("جثتبا", "ابتثج")[2] < 0.5
    assert f1("", "ا") == (0.0, 0.0, 0.0)


def test_extract_cnn_arabic_body_f1(shared_data: Path) -> None:
    folder = shared_data / "html" / "newspaper_cnn_arabic"
    [doc] = list(read_path(folder / "arabic_article.html"))
    out = extract(doc)
    assert out.error is None
    gold = (folder / "arabic_expected_text.txt").read_text(encoding="utf-8")
    p, r, f = _load_bench().char_f1(out.raw_text, gold)
    print(f"CNN Arabic body: char P={p:.4f} R={r:.4f} F1={f:.4f}")
    assert f >= 0.95
    assert out.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert out.url == "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"
    assert out.published is None  # the page declares no date; any guess stays a guess


def test_extract_sudanile_home_page_is_no_article(shared_data: Path) -> None:
    [doc] = list(read_path(shared_data / "html" / "sudanile_homepage_2018" / "sudanile.com.html"))
    out = extract(doc)
    assert out.error is not None and out.error.startswith("no_article:")


def test_extract_sudanile_is_a_listing_even_without_its_url(shared_data: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.stages.extract as ex

    monkeypatch.setattr(ex, "_is_home", lambda url: False)  # the page structure alone must say "listing"
    [doc] = list(read_path(shared_data / "html" / "sudanile_homepage_2018" / "sudanile.com.html"))
    out = extract(doc)
    assert out.error is not None and out.error.startswith("no_article: listing page:")


def test_extract_article_with_repeated_subheading_is_kept() -> None:
    # a recipe-like article repeating a short subheading is still one article
    body = "".join(f"<h3>الخطوة</h3><p>{s}</p>" for s in SENTENCES)
    html = article_html().replace("</article>", body + "</article>")
    out = extract(html_doc(html))
    assert out.error is None


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["<p>{}</p>", "<html><body>{}", "<div><p>{}<table><td>{}", "{}"]))
def test_extract_never_raises_on_junk_html(text: str, shape: str) -> None:
    doc = html_doc(shape.replace("{}", text))
    try:
        out = extract(doc)
    except StageError:
        return
    assert out.error is None or out.error.startswith("no_article:")
