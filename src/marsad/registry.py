"""Stage registry: versioned names -> factories, registered explicitly (no import side effects).

A factory is named by ``"module:attribute"`` and imported lazily, so optional heavy
dependencies are only loaded when a stage is built.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, runtime_checkable

from .doc import Document
from .errors import ConfigError, Messages


@runtime_checkable
class Stage(Protocol):
    """A callable ``Document -> Document`` declaring what it needs and adds."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class FunctionStage:
    """Wraps a plain function as a :class:`Stage`."""

    name: str
    func: Callable[..., Document]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)

    def __call__(self, doc: Document) -> Document:
        return self.func(doc, **self.options)


def stage(name: str, *, requires: set[str] | frozenset[str] = frozenset(),
          provides: set[str] | frozenset[str] = frozenset()) -> Callable[[Callable[..., Document]], Callable[..., Document]]:
    """Declare a function stage: sets ``name``/``requires``/``provides`` on it."""

    def wrap(func: Callable[..., Document]) -> Callable[..., Document]:
        func.stage_name = name  # type: ignore[attr-defined]
        func.requires = frozenset(requires)  # type: ignore[attr-defined]
        func.provides = frozenset(provides)  # type: ignore[attr-defined]
        return func

    return wrap


# name -> "module:factory". A factory is a function stage (decorated with @stage)
# or a class whose instances are stages; it is called with the stage's options.
STAGES: dict[str, str] = {
    "extract.v1": "marsad.stages.extract:extract",
    "clean.v1": "marsad.stages.clean:clean",
    "normalize.v1": "marsad.stages.normalize:normalize_stage",
    "segment.v1": "marsad.stages.segment:segment",
    "language.v1": "marsad.stages.language:LanguageStage",
    "times.v1": "marsad.stages.times:times",
    "quantities.v1": "marsad.stages.quantities:quantities",
    "ner.v1": "marsad.stages.ner:NerStage",
    "events.v1": "marsad.stages.events:EventStage",
    "link.v1": "marsad.stages.link:LinkStage",
    "geocode.v1": "marsad.stages.geocode:GeocodeStage",
}

# the default pipeline, in order; names without a version take the latest. ner comes after
# times/quantities (a time span wins over an overlapping entity), link reads ner's mentions,
# geocode reads link's entities, and events reads every earlier layer, so it stays last
DEFAULT_PIPELINE: list[str] = ["extract", "clean", "normalize", "segment", "language", "times", "quantities",
                               "ner", "link", "geocode", "events"]


def resolve_name(name: str) -> str:
    if name in STAGES:
        return name
    versions = sorted((k for k in STAGES if k.rsplit(".v", 1)[0] == name),
                      key=lambda k: int(k.rsplit(".v", 1)[1]))
    if not versions:
        raise ConfigError(Messages.E001.format(name=name, known=", ".join(sorted(STAGES))))
    return versions[-1]


def build_stage(name: str, **options: Any) -> Stage:
    """Build the stage registered under ``name`` (e.g. ``"clean"`` or ``"clean.v1"``)."""
    full = resolve_name(name)
    mod_name, attr = STAGES[full].split(":")
    try:
        factory = getattr(importlib.import_module(mod_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(Messages.E003.format(name=full, detail=exc)) from exc
    if hasattr(factory, "stage_name"):  # a decorated function
        return FunctionStage(full, factory, factory.requires, factory.provides, options)
    try:
        obj = factory(**options)
    except Exception as exc:  # noqa: BLE001 - re-raised as a configuration error with its cause
        raise ConfigError(Messages.E003.format(name=full, detail=exc)) from exc
    if not isinstance(obj, Stage):
        raise ConfigError(Messages.E003.format(name=full, detail="not a stage (needs name/requires/provides/__call__)"))
    return obj
