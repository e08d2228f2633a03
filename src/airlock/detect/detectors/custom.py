"""Company-specific entities: term lists (Aho-Corasick) and regexes from the config."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

from airlock.detect.config import CustomPattern, TermList
from airlock.detect.detector import Detector, Hit, Rule, RuleDetector
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding
from airlock.detect.matcher import pattern_errors
from airlock.errors import ConfigError

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

ENTITIES: list[EntitySpec] = []  # custom entities come from the config, see build()


def _spec(entity: str, severity: str, description: str) -> EntitySpec:
    return EntitySpec(entity, "custom", Severity.parse(severity), description)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class TermDetector(Detector):
    """Whole-word matches of company terms, all lists in one or two automatons."""

    name = "custom_terms"

    def __init__(self, lists: Sequence[tuple[TermList, list[str]]]):
        self.entities = tuple(
            {t.entity: _spec(t.entity, t.severity, "company term") for t, _ in lists}.values()
        )
        self._folded = ahocorasick.Automaton()
        self._exact = ahocorasick.Automaton()
        for term_list, terms in lists:
            automaton = self._folded if term_list.ignore_case else self._exact
            for term in terms:
                key = term.lower() if term_list.ignore_case else term
                automaton.add_word(key, (term_list.entity, term_list.score, len(key)))
        self._automatons: list[tuple[ahocorasick.Automaton, bool]] = []
        for automaton, folded in ((self._folded, True), (self._exact, False)):
            if len(automaton):
                automaton.make_automaton()
                self._automatons.append((automaton, folded))

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        for automaton, folded in self._automatons:
            # str.lower() can change the length of a few non-ASCII texts; then offsets would
            # drift, so fall back to the exact-case automaton's view of the text.
            haystack = doc.lower if folded and len(doc.lower) == len(doc.text) else doc.text
            for last, (entity, score, length) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if start > 0 and _is_word(haystack[start - 1]):
                    continue
                if end < len(haystack) and _is_word(haystack[end]):
                    continue
                yield Finding(start, end, entity, "custom", score, self.name)


class PatternDetector(RuleDetector):
    """Config regexes that Hyperscan accepts, run as triggers in the shared scan."""

    name = "custom_patterns"

    def __init__(self, patterns: Sequence[CustomPattern]):
        self.entities = tuple(
            {p.entity: _spec(p.entity, p.severity, "custom pattern") for p in patterns}.values()
        )
        self.rules = tuple(
            Rule(
                entity=p.entity,
                trigger=p.pattern,
                score=p.score,
                context=tuple(w.lower() for w in p.context),
                context_score=min(1.0, p.score + 0.1) if p.context else None,
                require_context=p.require_context,
                ignore_case=p.ignore_case,
                max_len=4096,
            )
            for p in patterns
        )
        super().__init__()


class RegexDetector(Detector):
    """Config regexes Hyperscan cannot compile (look-around, back-references): plain `re`."""

    name = "custom_regex"

    def __init__(self, patterns: Sequence[CustomPattern]):
        self.entities = tuple(
            {p.entity: _spec(p.entity, p.severity, "custom pattern") for p in patterns}.values()
        )
        self._patterns = [
            (p, re.compile(p.pattern, re.IGNORECASE if p.ignore_case else 0)) for p in patterns
        ]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        for spec, rx in self._patterns:
            for m in rx.finditer(doc.text):
                start, end = m.span()
                if end <= start:
                    continue
                score = spec.score
                if spec.context:
                    near = doc.has_context(start, end, tuple(w.lower() for w in spec.context))
                    if spec.require_context and not near:
                        continue
                    if near:
                        score = min(1.0, score + 0.1)
                yield Finding(start, end, spec.entity, "custom", score, self.name)


def read_terms(term_list: TermList, base_dir: Path | None) -> list[str]:
    """The terms of a list: inline ones plus the file's lines (blank lines and # comments skipped)."""
    terms = [t.strip() for t in term_list.terms if t.strip()]
    if term_list.file is not None:
        path = term_list.file
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read term list ({exc.strerror})", path=path) from None
        terms.extend(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))
    return terms


def build(ctx: BuildContext) -> list[Detector]:
    config = ctx.config
    detectors: list[Detector] = []
    lists = [(t, read_terms(t, ctx.base_dir)) for t in config.custom_terms]
    if any(terms for _, terms in lists):
        detectors.append(TermDetector(lists))
    fast = [p for p in config.custom_patterns if pattern_errors(p.pattern, p.ignore_case) is None]
    slow = [p for p in config.custom_patterns if p not in fast]
    if fast:
        detectors.append(PatternDetector(fast))
    if slow:
        detectors.append(RegexDetector(slow))
    return detectors
