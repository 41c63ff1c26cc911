"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "libya-haftar-moscow.txt"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; skips the test with a reason when it is absent (a user's clone)."""
    p = SHARED / "data"
    if not p.is_dir():
        pytest.skip("../shared/data is absent (only CI and developers have it)")
    return p


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    p = SHARED / "samples"
    if not p.is_dir():
        pytest.skip("../shared/samples is absent")
    return p


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
