"""The detector extension point, and `RuleDetector` for table-driven pattern rules.

A detector declares the entities it finds and, optionally, *triggers*: regexes in the
subset shared by Hyperscan and Python's `re` (no look-around, no back-references) that
locate candidates. The engine runs every trigger of every detector in one multi-pattern
scan and hands each detector its hits; Python then only validates candidates
(checksums, context words, anchored full patterns on a bounded window).
A detector without triggers runs on every text (`find` gets no hits).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec
from airlock.detect.finding import Finding


@dataclass(frozen=True, slots=True)
class Trigger:
    """A candidate pattern for the shared multi-pattern scan.

    Keep it cheap and with a bounded end (a fixed-length prefix of the value is ideal):
    the scanner reports every end offset a pattern can match at.
    """

    key: str
    pattern: str
    ignore_case: bool = False


class Hit(NamedTuple):
    """A candidate span reported for one trigger (leftmost-longest, non-overlapping).

    A named tuple, not a dataclass: the engine builds one per candidate, and tuple
    construction is several times cheaper on this hot path.
    """

    key: str
    start: int
    end: int


class Detector(ABC):
    """Finds one family of entities. Subclasses (or instances) set `name` and `entities`."""

    name: str
    entities: tuple[EntitySpec, ...]

    def triggers(self) -> Sequence[Trigger]:
        """Candidate patterns; empty means `find` runs on every text."""
        return ()

    @abstractmethod
    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        """Return the confirmed findings among `hits` (or in the whole text)."""


@dataclass(frozen=True)
class Rule:
    """One table-driven pattern entity.

    `trigger` locates candidates; `full` (default: the trigger) is matched with Python's
    `re` anchored at the candidate's start on a window of `max_len` characters, and
    `group` of that match is the value. A candidate is reported with `score`, raised to
    `context_score` when a `context` word is near; with `require_context` it is dropped
    without one. `validate(value)` may reject it (checksums, entropy).
    """

    entity: str
    trigger: str
    full: str | None = None
    group: int | str = 0
    score: float = 0.9
    context: tuple[str, ...] = ()
    context_score: float | None = None
    require_context: bool = False
    validate: Callable[[str], bool] | None = None
    max_len: int = 256
    ignore_case: bool = False
    _compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flags = re.ASCII | (re.IGNORECASE if self.ignore_case else 0)
        object.__setattr__(self, "_compiled", re.compile(self.full or self.trigger, flags))

    def confirm(self, doc: Document, hit: Hit, category: str, detector: str) -> Finding | None:
        text = doc.text
        m = self._compiled.match(text, hit.start, min(len(text), hit.start + self.max_len))
        if m is None:
            return None
        start, end = m.span(self.group)
        if start < 0 or end <= start:
            return None
        if self.validate is not None and not self.validate(text[start:end]):
            return None
        score = self.score
        if self.context:
            near = doc.has_context(start, end, self.context)
            if self.require_context and not near:
                return None
            if near and self.context_score is not None:
                score = self.context_score
        return Finding(start, end, self.entity, category, score, detector)  # type: ignore[arg-type]


class RuleDetector(Detector):
    """A detector made of `Rule`s; subclasses set `name`, `entities` and `rules`."""

    rules: tuple[Rule, ...]

    def __init__(self) -> None:
        self._categories = {spec.id: spec.category for spec in self.entities}
        self._by_key = {f"{i}": rule for i, rule in enumerate(self.rules)}
        missing = {r.entity for r in self.rules} - set(self._categories)
        if missing:
            raise ValueError(f"{self.name}: rules for undeclared entities {sorted(missing)}")

    def triggers(self) -> Sequence[Trigger]:
        return [Trigger(key, r.trigger, r.ignore_case) for key, r in self._by_key.items()]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        for hit in hits:
            rule = self._by_key[hit.key]
            finding = rule.confirm(doc, hit, self._categories[rule.entity], self.name)
            if finding is not None:
                yield finding
