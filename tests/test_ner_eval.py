"""CI guard: the shipped NER model's F1 on the ANERcorp and AQMAR test splits.

Fails when F1 drops more than one point below the figure pinned in
``src/marsad/models/ner/eval_baseline.json`` (written by ``bench/compare_ner.py``
--pin after a model is retrained and reviewed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.eval.ner import evaluate_file
from marsad.stages.ner import MODEL_DIR

BASELINE_PATH = MODEL_DIR / "eval_baseline.json"
TOLERANCE = 0.01


@pytest.mark.parametrize("name,rel", [("anercorp_test", "ner/anercorp/test.txt"),
                                      ("aqmar_test", "ner/aqmar/test.txt")])
def test_ner_f1_not_below_pinned(shared_data: Path, name: str, rel: str) -> None:
    if not BASELINE_PATH.is_file():
        pytest.fail(f"{BASELINE_PATH} is missing: pin with bench/compare_ner.py --models crf --pin")
    pinned = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))[name]["f1"]
    res = evaluate_file(shared_data / rel)
    assert res["f1"] >= pinned - TOLERANCE, f"{name}: F1 {res['f1']:.4f} < pinned {pinned:.4f} - {TOLERANCE}"
