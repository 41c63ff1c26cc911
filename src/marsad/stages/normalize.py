"""The ``normalize`` stage: store the matching view of the text in ``doc.meta["norm"]``."""

from __future__ import annotations

from ..arabic.normalize import Normalized, normalize_with_map
from ..doc import Document
from ..registry import stage


def norm_view(doc: Document) -> Normalized:
    """The document's normalised view, computed once and cached on the document."""
    nv = doc.meta.get("norm")
    if not isinstance(nv, Normalized) or nv.to_orig[-1] != len(doc.text):
        nv = normalize_with_map(doc.text)
        doc.meta["norm"] = nv
    return nv


@stage("normalize.v1", requires={"text"}, provides={"norm"})
def normalize_stage(doc: Document) -> Document:
    """Compute the normalised view (a view: ``doc.text`` never changes)."""
    norm_view(doc)
    return doc
