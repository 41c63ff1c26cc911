"""marsad: Arabic news to evidence-linked event data.

>>> import marsad
>>> doc = marsad.analyze("التقى الرئيس ... في القاهرة")
>>> doc.to_json()["entities"]
"""

from __future__ import annotations

from .doc import Document, Entity, Event, Span
from .errors import MarsadError
from .pipeline import Pipeline

__all__ = ["Document", "Entity", "Event", "Span", "Pipeline", "MarsadError", "analyze", "load_pipeline"]
__version__ = "0.1.0"

_PIPELINE: Pipeline | None = None


def load_pipeline() -> Pipeline:
    """The default pipeline, built once per process (models load once)."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline.default()
    return _PIPELINE


def analyze(text_or_path: str, *, published: str | None = None, title: str | None = None) -> Document:
    """Analyse one article given as text, or as a path to a file any reader accepts."""
    from pathlib import Path

    from .io.readers import read_path

    pipe = load_pipeline()
    if "\n" not in text_or_path and len(text_or_path) < 4096 and Path(text_or_path).is_file():
        docs = list(read_path(text_or_path))
        if not docs:
            raise MarsadError(f"no document in {text_or_path}")
        return pipe(docs[0])
    doc = Document.from_text(text_or_path, published=published, title=title)
    return pipe(doc)
