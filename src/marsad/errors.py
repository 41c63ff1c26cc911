"""Exception hierarchy and coded messages.

Configuration or programming errors raise a :class:`MarsadError` subclass at once.
A bad *document* is data: a stage raises :class:`StageError`, the pipeline records
it in ``doc.failures`` (or, for input that cannot be read at all, ``doc.error``)
and the batch goes on.
"""

from __future__ import annotations


class Messages:
    E001 = "Unknown stage '{name}'. Known stages: {known}"
    E002 = "Stage '{name}' requires {missing}; the stages before it provide {have}"
    E003 = "Stage '{name}' could not be built: {detail}"
    E010 = "Cannot read '{path}': {detail}"
    E011 = "Unsupported input format '{fmt}' for '{path}'"
    E020 = "Knowledge base or model file missing: {path}. Rebuild it with: {hint}"


class MarsadError(Exception):
    """Base class of marsad's errors."""


class ConfigError(MarsadError):
    """A pipeline or command was configured wrongly."""


class ResourceError(MarsadError):
    """A shipped resource (model, knowledge base) is missing or unreadable."""


class InputError(MarsadError):
    """An input cannot be read or decoded; ``code`` is a short stable identifier."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class StageError(MarsadError):
    """A stage could not process one document; recorded, not fatal to the batch."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
