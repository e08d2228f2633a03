"""The detection engine: one multi-pattern scan, then per-family validation.

Data flow for `Engine.scan(text)`:
1. the text is encoded one byte per character and every trigger of every detector is
   matched in one pass (`matcher.py`);
2. each detector validates its own candidates (and detectors without triggers look at
   the whole text);
3. findings under `min_score` are dropped and overlapping spans resolved (higher score,
   then longer span wins); document-level signals are kept as they are.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from airlock.detect.config import DetectConfig
from airlock.detect.detector import Detector, Hit
from airlock.detect.detectors import BuildContext, build_detectors, builtin_entities
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, entity_index
from airlock.detect.finding import Finding
from airlock.detect.matcher import build_matcher
from airlock.errors import DetectionError

if TYPE_CHECKING:
    from airlock.detect.fingerprint import FingerprintIndex

log = logging.getLogger(__name__)
_new_hit = tuple.__new__  # a `Hit` without the named tuple's Python-level `__new__`


class Engine:
    """A configured detection engine. Build once, scan many texts; scanning is thread-safe."""

    def __init__(
        self,
        config: DetectConfig | None = None,
        *,
        fingerprints: FingerprintIndex | None = None,
        base_dir: Path | None = None,
    ):
        self.config = config or DetectConfig()
        ctx = BuildContext(self.config, fingerprints=fingerprints, base_dir=base_dir)
        detectors = build_detectors(ctx)
        # Built-in entities are known even when their detector is not built (no code
        # index yet: PROPRIETARY_CODE), so configs and filters naming them stay valid.
        self.entities: dict[str, EntitySpec] = entity_index(
            [*builtin_entities(), *(spec for d in detectors for spec in d.entities)]
        )
        enabled = self._enabled_entities()
        self._detectors = [d for d in detectors if any(e.id in enabled for e in d.entities)]
        self._enabled = enabled
        patterns: list[tuple[str, bool]] = []
        self._trigger_owner: list[tuple[int, str]] = []
        self._always: list[int] = []
        for index, detector in enumerate(self._detectors):
            triggers = detector.triggers()
            if not triggers:
                self._always.append(index)
            for trigger in triggers:
                patterns.append((trigger.pattern, trigger.ignore_case))
                self._trigger_owner.append((index, trigger.key))
        self._matcher = build_matcher(patterns, self.config.matcher)
        log.debug(
            "engine built: %d detectors, %d triggers, backend=%s",
            len(self._detectors),
            len(patterns),
            self._matcher.backend,
        )

    @property
    def backend(self) -> str:
        return self._matcher.backend

    @property
    def detectors(self) -> Sequence[Detector]:
        return tuple(self._detectors)

    def _enabled_entities(self) -> set[str]:
        known = set(self.entities)
        wanted = set(self.config.entities) if self.config.entities is not None else known
        for name in (wanted | set(self.config.disabled_entities)) - known:
            raise DetectionError(f"unknown entity {name!r} in the detection config")
        return wanted - set(self.config.disabled_entities)

    def scan(self, text: str, *, entities: Iterable[str] | None = None) -> list[Finding]:
        """Findings in `text`, sorted by start. Raises `DetectionError` if a detector fails."""
        wanted = self._enabled if entities is None else self._check_wanted(entities)
        data = text.encode("ascii", "replace")  # one byte per character: offsets stay aligned
        doc = Document(text, data)
        hits = self._hits(data)
        findings: list[Finding] = []
        for index in sorted(set(hits) | set(self._always)):
            detector = self._detectors[index]
            if entities is not None and not any(e.id in wanted for e in detector.entities):
                continue
            try:
                found = list(detector.find(doc, hits.get(index, ())))
            except Exception as exc:
                # Name the detector and where it broke, never the exception's message, and
                # cut the chain: the original exception may quote the scanned text.
                where = _origin(exc)
                raise DetectionError(
                    f"detector {detector.name} failed ({type(exc).__name__} at {where})"
                ) from None
            findings.extend(found)
        minimum = self.config.min_score
        kept = [f for f in findings if f.score >= minimum and f.entity in wanted]
        return resolve_overlaps(kept)

    def _hits(self, data: bytes) -> dict[int, list[Hit]]:
        """Each detector's hits: the leftmost-longest spans of its triggers, in trigger order.

        One pass over the sorted matches keeps the spans and builds the hits (a capitalized
        word pair alone makes thousands per MB of prose), switching to a trigger's key and
        its detector's list once per trigger rather than once per hit.
        """
        hits: dict[int, list[Hit]] = {}
        owners = self._trigger_owner
        target: list[Hit] = []
        key = ""
        last_id = last_end = -1
        for pid, start, neg_end in self._matcher.matches(data):
            if pid != last_id:
                last_id = pid
                owner, key = owners[pid]
                target = hits.setdefault(owner, [])
            elif start < last_end:
                continue  # inside the span kept before
            last_end = -neg_end
            target.append(_new_hit(Hit, (key, start, last_end)))
        return hits

    def _check_wanted(self, entities: Iterable[str]) -> set[str]:
        wanted = set(entities)
        unknown = wanted - set(self.entities)
        if unknown:
            raise DetectionError(f"unknown entities: {', '.join(sorted(unknown))}")
        return wanted & self._enabled


def _origin(exc: BaseException) -> str:
    """`file.py:line` of the innermost frame of `exc` (no values)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "unknown"
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"


def _competes(finding: Finding) -> bool:
    # Document signals and code regions (PROPRIETARY_CODE) describe where a text came
    # from, not a value: a secret inside copied code must still be reported on its own.
    return finding.scope == "span" and finding.category != "code"


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the best of overlapping value findings (score, then length); sort by start.

    Document-level signals and code regions are kept as they are, in front.
    """
    documents = [f for f in findings if not _competes(f)]
    spans = sorted(
        (f for f in findings if _competes(f)),
        key=lambda f: (-f.score, -(f.end - f.start), f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for f in spans:
        i = bisect.bisect_right(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return documents + kept
