"""Pipeline: an ordered list of stages, validated when built, streamed over documents."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Iterable, Iterator, Sequence

from .doc import Document
from .errors import ConfigError, Messages, StageError
from .registry import DEFAULT_PIPELINE, Stage, build_stage

log = logging.getLogger(__name__)


class Pipeline:
    """Runs stages in order over documents.

    A stage raising :class:`StageError` records a failure on the document and the
    document goes on to the next stage. Any other exception inside a stage is a
    bug: it is recorded as code ``E900`` (with the exception) so one bad document
    never stops a batch, and counted in ``stats``.
    """

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        self.stats: Counter[str] = Counter()
        self.validate()

    @classmethod
    def from_names(cls, names: Iterable[str] = DEFAULT_PIPELINE,
                   options: dict[str, dict[str, Any]] | None = None) -> "Pipeline":
        options = options or {}
        return cls([build_stage(n, **options.get(n, {})) for n in names])

    @classmethod
    def default(cls) -> "Pipeline":
        return cls.from_names(DEFAULT_PIPELINE)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def validate(self) -> None:
        have: set[str] = {"raw", "raw_text"}  # every document has its raw input
        for s in self.stages:
            missing = set(s.requires) - have
            if missing:
                raise ConfigError(Messages.E002.format(name=s.name, missing=sorted(missing), have=sorted(have)))
            have |= set(s.provides)

    def __call__(self, doc: Document) -> Document:
        if doc.error is not None:
            self.stats["rejected"] += 1
            return doc
        for s in self.stages:
            try:
                doc = s(doc)
            except StageError as exc:
                doc.fail(s.name, exc.code, exc.detail)
                self.stats[f"{s.name}.{exc.code}"] += 1
            except Exception as exc:  # noqa: BLE001 - a bug must not kill the batch; recorded and counted
                log.exception("stage %s failed on %s", s.name, doc.source)
                doc.fail(s.name, "E900", f"{type(exc).__name__}: {exc}")
                self.stats[f"{s.name}.E900"] += 1
            if doc.error is not None:  # a stage rejected the document (e.g. no article)
                self.stats["rejected"] += 1
                break
        self.stats["documents"] += 1
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        """Stream documents through the pipeline (lazily, in order)."""
        for doc in docs:
            yield self(doc)
