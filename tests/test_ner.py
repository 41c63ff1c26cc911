"""The NER stage, its scorer and ``marsad eval ner`` on hand-made Arabic sentences."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from marsad.cli.main import root
from marsad.doc import Document, Span
from marsad.eval.ner import get_entities, map_tag, read_conll, score
from marsad.stages.ner import NerStage, _mention
from marsad.stages.segment import segment


def _doc(text: str) -> Document:
    doc = Document.from_text(text)
    doc.text = text
    return segment(doc)


@pytest.fixture(scope="module")
def stage() -> NerStage:
    return NerStage()


def _ents(doc: Document) -> list[tuple[str, str]]:
    return [(doc.span_text(e), e.label) for e in doc.layer("ents")]


@pytest.mark.parametrize("tag,expected", [
    ("B-PERS", "B-PER"), ("I-MIS", "I-MISC"), ("B-LOC", "B-LOC"), ("O", "O"), ("B-DATE", "O"), ("X", "O"),
])
def test_ner_map_tag(tag: str, expected: str) -> None:
    assert map_tag(tag) == expected


def test_ner_get_entities_seqeval_conventions() -> None:
    # an I- after O starts a chunk; a type change closes one
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "I-ORG"]
    assert get_entities(tags) == [("PER", 0, 1), ("LOC", 3, 3), ("ORG", 4, 4), ("ORG", 5, 6)]


def test_ner_score_micro_and_per_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    s = score(gold, pred)
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.5)
    assert s.per_type["LOC"]["f1"] == 1.0 and s.per_type["PER"]["f1"] == 0.0
    assert s.per_type["PER"]["support"] == 1


def test_ner_mention_leaves_out_proclitic() -> None:
    text = "وصل إلى وموسكو"
    toks = [Span(0, 3, "TOK", attrs={"base": 0, "pre": ""}), Span(4, 7, "TOK", attrs={"base": 4, "pre": ""}),
            Span(8, 14, "TOK", attrs={"base": 9, "pre": "و"})]
    m = _mention(toks[2:], "LOC")
    assert m is not None and text[m.start:m.end] == "موسكو" and m.label == "LOC"


def test_ner_stage_tags_known_names(stage: NerStage) -> None:
    doc = stage(_doc("وقال الرئيس الروسي فلاديمير بوتين في موسكو إن روسيا ستدعم الحكومة ."))
    ents = _ents(doc)
    assert ("فلاديمير بوتين", "PER") in ents
    assert ("موسكو", "LOC") in ents
    assert all(e.source == "ner.crf" for e in doc.layer("ents"))


def test_ner_stage_span_without_conjunction(stage: NerStage) -> None:
    doc = stage(_doc("وصل وزير الخارجية إلى بغداد وموسكو ."))
    assert ("موسكو", "LOC") in _ents(doc)
    bases = {t.start: t.attrs["base"] for t in doc.layer("tokens")}
    for e in doc.layer("ents"):
        # a mention never starts inside a token's proclitics
        assert all(not (s <= e.start < b) for s, b in bases.items())


def test_ner_stage_time_wins_over_entity(stage: NerStage) -> None:
    doc = _doc("وقال الرئيس الروسي فلاديمير بوتين في موسكو أمس .")
    s = doc.text.index("موسكو")
    doc.layers["times"] = [Span(s, s + 5, "TIME")]
    stage(doc)
    assert all(not e.overlaps(doc.layers["times"][0]) for e in doc.layer("ents"))


def test_ner_stage_empty_document(stage: NerStage) -> None:
    doc = stage(_doc(""))
    assert doc.layer("ents") == []


def test_ner_eval_cli_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "gold.txt"
    f.write_text("التقى O\nفلاديمير B-PERS\nبوتين I-PERS\nفي O\nموسكو B-LOC\n. O\n\n"
                 "وزار O\nالقاهرة B-LOC\n", encoding="utf-8")
    assert len(read_conll(f)) == 2
    res = CliRunner().invoke(root, ["eval", "ner", "--data", str(f), "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.output)
    assert set(obj) == {"precision", "recall", "f1", "per_type", "tokens_per_s", "sentences"}
    assert obj["sentences"] == 2
    assert 0.0 <= obj["f1"] <= 1.0
    assert set(obj["per_type"]["PER"]) == {"precision", "recall", "f1", "support"}
    assert obj["per_type"]["PER"]["support"] == 1


def test_ner_eval_cli_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "gold.txt"
    f.write_text("موسكو B-LOC\n", encoding="utf-8")
    res = CliRunner().invoke(root, ["eval", "ner", "--data", str(f)])
    assert res.exit_code == 0 and "micro" in res.output


def test_ner_known_feature_filter_keeps_output(stage: NerStage) -> None:
    # run time passes CRFsuite only the attributes the model knows: the tags must not change
    from marsad.stages.ner_features import Featurizer

    model = stage.model
    full = Featurizer(model.featurizer.res, version=model.featurizer.version)
    tagger = model._tagger()
    for sent in ("وقال الرئيس الروسي فلاديمير بوتين في موسكو إن روسيا ستدعم الحكومة .",
                 "وصل وزير الخارجية إلى بغداد وموسكو لإجراء محادثات مع شركة غازبروم ."):
        toks = sent.split()
        assert tagger.tag(full.sentence(toks)) == model.tag(toks)
        assert all(len(a) <= len(b) for a, b in zip(model.featurizer.sentence(toks), full.sentence(toks)))


def test_ner_propagate_recurring_names(stage: NerStage) -> None:
    from marsad.stages.ner import propagate

    feat = stage.model.featurizer
    sents = [["التقى", "بان", "كي", "مون", "مع", "أرسين", "فينغر"],
             ["وقال", "وبان", "كي", "مون", "إن", "فينغر", "في", "لندن"],
             ["وقال", "في", "الحكومة"]]
    tags = [["O", "B-PER", "I-PER", "I-PER", "O", "B-PER", "I-PER"],
            ["O", "O", "O", "O", "O", "O", "O", "B-LOC"],
            ["O", "O", "B-ORG"]]
    out = propagate(feat, sents, tags)
    assert out[0] == tags[0]
    # the full name (after its proclitic) and the surname alone are persons; tagged words stay
    assert out[1] == ["O", "B-PER", "I-PER", "I-PER", "O", "B-PER", "O", "B-LOC"]
    # a very frequent word (في) is never propagated, nor are words of no tagged chunk
    assert out[2] == ["O", "O", "B-ORG"]
    assert propagate(feat, [["في", "الحكومة"]], [["B-LOC", "O"]]) == [["B-LOC", "O"]]


def test_ner_propagate_majority_type(stage: NerStage) -> None:
    from marsad.stages.ner import propagate

    sents = [["زار", "موسكو"], ["في", "موسكو"], ["من", "موسكو"]]
    tags = [["O", "B-LOC"], ["O", "B-ORG"], ["O", "B-LOC"]]
    assert propagate(stage.model.featurizer, sents, tags) == [["O", "B-LOC"]] * 3
