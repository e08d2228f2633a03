"""Optional person names from a spaCy NER model (`pip install 'airlock[ner]'` + a model).

`person.ner` in the config: "off" (default), "on" (fail clearly without spaCy or the
model) or "auto" (use them when both are installed). The model is loaded once, when
the engine is built; nothing is downloaded. Findings are merged with the rule-based
ones by the engine (the higher score wins where they overlap).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from airlock.detect.config import PersonConfig
from airlock.detect.detector import Detector, Hit
from airlock.detect.detectors.person_names import PERSON
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec
from airlock.detect.finding import Finding
from airlock.errors import DetectionError

log = logging.getLogger(__name__)

CHUNK = 100_000  # spaCy refuses texts over `nlp.max_length` (1,000,000 by default)
NER_SCORE = 0.85
_LABELS = frozenset({"PERSON", "PER"})
_NER_PIPES = frozenset({"ner", "entity_ruler", "span_ruler"})
_TRIM = " \t\r\n.,;:!?\"'()[]{}<>"


def chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `size` chars, cut at a line break or space."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


class SpacyPersonDetector(Detector):
    """PERSON entities from a spaCy pipeline; runs on every text (no triggers)."""

    name = "person-ner"
    entities: tuple[EntitySpec, ...] = (PERSON,)

    def __init__(self, nlp: Any):
        self._nlp = nlp
        # spaCy pipelines are not documented as safe for concurrent calls.
        self._lock = threading.Lock()

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        if not text.strip():
            return []
        found: list[Finding] = []
        for offset, piece in chunks(text):
            with self._lock:
                parsed = self._nlp(piece)
            for ent in parsed.ents:
                if ent.label_ not in _LABELS:
                    continue
                span = _trim(text, offset + ent.start_char, offset + ent.end_char)
                if span is not None:
                    found.append(Finding(span[0], span[1], PERSON.id, "pii", NER_SCORE, self.name))
        return found


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if text.endswith(("'s", "’s"), start, end):
        end -= 2
    value = text[start:end]
    if len(value) < 2 or not any(c.isalpha() for c in value) or value[0].islower():
        return None
    return start, end


def _needed(nlp: Any, pipe: str) -> bool:
    """NER components, and a shared embedding layer only when NER listens to it."""
    if pipe in _NER_PIPES:
        return True
    listeners = getattr(nlp.get_pipe(pipe), "listening_components", None) or ()
    return any(name in _NER_PIPES for name in listeners)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def load_ner(config: PersonConfig) -> SpacyPersonDetector | None:
    """The NER detector the config asks for, or None. Raises `DetectionError` if "on"
    and spaCy or the model is missing or cannot be loaded."""
    if config.ner == "off":
        return None
    model = config.ner_model
    missing = []
    if not _installed("spacy"):
        missing.append("spaCy")
    if not _installed(model):
        missing.append(f"the spaCy model package {model!r}")
    if missing:
        if config.ner == "auto":
            log.debug("person NER off: %s not installed", " and ".join(missing))
            return None
        raise DetectionError(
            f"person.ner is 'on' but {' and '.join(missing)} is not installed: "
            "pip install 'airlock[ner]' plus a spaCy model package such as en_core_web_sm "
            "(and set person.ner_model to its name), or set person.ner to 'auto' or 'off'"
        )
    try:
        import spacy

        nlp = spacy.load(model)
    except Exception as exc:
        raise DetectionError(
            f"cannot load the spaCy model {model!r} ({type(exc).__name__})"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise DetectionError(f"the spaCy model {model!r} has no 'ner' component")
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if not _needed(nlp, p)])
    nlp.max_length = max(nlp.max_length, CHUNK + 1)
    return SpacyPersonDetector(nlp)
