"""Pipeline composition: validation, failure recording, registry."""

from __future__ import annotations

import pytest

from marsad.doc import Document
from marsad.errors import ConfigError, StageError
from marsad.pipeline import Pipeline
from marsad.registry import FunctionStage, build_stage, resolve_name


def _stage(name, func, requires=(), provides=()):
    return FunctionStage(name, func, frozenset(requires), frozenset(provides))


def test_pipeline_rejects_stage_without_its_requirement() -> None:
    with pytest.raises(ConfigError, match="requires"):
        Pipeline([build_stage("segment")])


def test_pipeline_unknown_stage_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Unknown stage"):
        resolve_name("no-such-stage")


def test_pipeline_records_stage_error_and_goes_on() -> None:
    def bad(doc: Document) -> Document:
        raise StageError("X001", "cannot")

    def good(doc: Document) -> Document:
        doc.meta["good"] = True
        return doc

    p = Pipeline([_stage("bad", bad), _stage("good", good)])
    doc = p(Document.from_text("نص"))
    assert doc.meta["good"] and [f.code for f in doc.failures] == ["X001"]
    assert p.stats["bad.X001"] == 1


def test_pipeline_bug_in_stage_is_recorded_not_raised() -> None:
    def buggy(doc: Document) -> Document:
        return 1 / 0  # type: ignore[return-value]

    doc = Pipeline([_stage("buggy", buggy)])(Document.from_text("نص"))
    assert doc.failures[0].code == "E900" and "ZeroDivisionError" in doc.failures[0].detail


def test_pipeline_default_runs_on_text() -> None:
    p = Pipeline.default()
    doc = p(Document.from_text("التقى الرئيس المصري نظيره السوداني في القاهرة.\n\nالمصدر"))
    assert doc.error is None and doc.text.endswith("القاهرة.")
    assert doc.layer("sents") and doc.layer("tokens")
