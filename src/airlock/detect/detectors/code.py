"""Source code: a document-level SOURCE_CODE signal, and PROPRIETARY_CODE fragments.

Neither detector has triggers, so both run on every text and must be cheap on prose.
The gate maps the text (one byte per character, as the engine matched it) to code
character weights with one C-level `bytes.translate`, counts them per 1 KB block with
`bytes.count`, and passes a text when a 2 KB window is dense enough. Only then is a
bounded sample (2 KB, 48 lines) examined: language markers are tallied in one C-level
pass (`codelang`) and lines are classified by shape (`codeshape`: terminators, block
openers, declarations, assignments), 16 lines at a time until the verdict is clear.
Code needs both the vocabulary and the shape of code, which keeps JSON, logs, CSV and
INI files out. Markdown fences count too, and their language tag is trusted.
PROPRIETARY_CODE looks the text up in the company's fingerprint index (`fingerprint`);
it is built only when an index with fingerprints is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from airlock.detect.codelang import (
    FENCE_TAGS,
    GENERIC,
    MarkerCounter,
    marker_counter,
    pick_language,
    scores_of,
)
from airlock.detect.codeshape import LineTally
from airlock.detect.codeshape import shape as shape_of
from airlock.detect.detector import Detector, Hit
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext
    from airlock.detect.fingerprint import FingerprintIndex

ENTITIES: list[EntitySpec] = [
    EntitySpec(
        "SOURCE_CODE",
        "code",
        Severity.LOW,
        "The text is or contains source code (document signal; detail: the language)",
    ),
    EntitySpec(
        "PROPRIETARY_CODE",
        "code",
        Severity.HIGH,
        "A fragment of the company's own indexed code (detail: the matching file)",
    ),
]
_SPECS = {spec.id: spec for spec in ENTITIES}

BLOCK = 1024  # the gate measures windows of two blocks, so a paste in a long text is seen
SAMPLE = 2048  # the line and marker analysis reads this much from a dense window on
MAX_SAMPLES = 2  # samples analysed in depth per long text (the best one decides)
MAX_FENCES = 16
MAX_LINES = 48
STAGES = (16, 32, MAX_LINES)  # lines read before each check of `analyze`
CLEAR = 0.9  # a score that more lines would not overturn
MIN_LENGTH = 24


_CODE_LINE_ENDS = (";\n", "{\n", "}\n", "):\n", ")\n")


@dataclass(frozen=True, slots=True)
class CodeSignal:
    """The verdict on a text: a confidence and the language when it is clear."""

    score: float
    language: str | None


def looks_like_code(text: str) -> bool:
    """Cheap gate: True when some window of `text` has the symbol density of code."""
    if len(text) < MIN_LENGTH:
        return False
    return "```" in text or next(_dense_windows(text), -1) >= 0


def may_contain_code(text: str) -> bool:
    """A looser gate for copied fragments: code-like text, or a few code line endings.

    A short fragment pasted into a long prose prompt does not make any window dense,
    but its lines still end like code.
    """
    if looks_like_code(text):
        return True
    return sum(text.count(end) for end in _CODE_LINE_ENDS) >= 3


# Characters far more frequent in code than in prose: `=_;{#` count 1, `(` counts for
# the pair (2); newlines, spaces and tabs are kept to find indented lines, which code
# has and prose rarely does. One C-level `translate` maps the text to these weights.
_GATE = bytes(
    1 if chr(c) in "=_;{#" else 2 if c == ord("(") else c if chr(c) in "\n \t" else 0
    for c in range(256)
)


def _dense_windows(text: str, data: bytes | None = None) -> Iterator[int]:
    """Starts of the half-overlapping windows of 2 blocks with the symbol density of code.

    `data` is the text one byte per character (`Document.ascii`). Each block is counted
    once, with C-level `bytes.count` calls on the text mapped to weights, and no copies.
    The first window is mapped on its own: code is usually dense there, and the caller
    stops at the first window that is code.
    """
    n = len(text)
    data = data if data is not None else text.encode("ascii", "replace")
    tabs = b"\t" in data  # one memchr spares a slow two-character count per block
    weights = data[: 2 * BLOCK].translate(_GATE)
    if n <= 2 * BLOCK:
        if _dense(_symbols(weights, 0, n, tabs), n):
            yield 0
        return
    previous = _symbols(weights, BLOCK, 2 * BLOCK, tabs)
    if _dense(_symbols(weights, 0, BLOCK, tabs) + previous, 2 * BLOCK):
        yield 0
    weights = data.translate(_GATE)
    for i in range(2 * BLOCK, n, BLOCK):
        current = _symbols(weights, i, i + BLOCK, tabs)
        if _dense(previous + current, min(n, i + BLOCK) - i + BLOCK):
            yield i - BLOCK
        previous = current


def _symbols(weights: bytes, start: int, end: int, tabs: bool) -> int:
    # The weighted code characters of a block, and indented lines (2 each).
    return (
        weights.count(1, start, end)
        + 2 * weights.count(2, start, end)
        + 2 * weights.count(b"\n  ", start, end)
        + (2 * weights.count(b"\n\t", start, end) if tabs else 0)
    )


def _dense(symbols: int, length: int) -> bool:
    # Code has one of these every 10-30 characters; prose one every few hundred.
    return symbols >= 4 and symbols * 64 >= length


def detect_code(
    text: str, markers: MarkerCounter | None = None, data: bytes | None = None
) -> CodeSignal | None:
    """Whether `text` is (or contains) source code, and its language when clear.

    `data`, when given, is the text one byte per character (`Document.ascii`)."""
    if len(text) < MIN_LENGTH:
        return None
    counter = markers or marker_counter()
    best: CodeSignal | None = None
    if "```" in text:
        best = _fenced(text, counter)
        if best is not None and best.score >= 0.9:
            return best
    analysed = 0
    done = 0
    limit = 1 if len(text) <= 2 * SAMPLE else MAX_SAMPLES  # one sample sees most of it
    for start in _dense_windows(text, data):
        if start < done:
            continue  # already inside an analysed sample
        signal = analyze(text[start : start + SAMPLE], markers=counter)
        if signal is not None and (best is None or signal.score > best.score):
            best = signal
            if signal.score >= CLEAR:
                break
        done = start + SAMPLE
        analysed += 1
        if analysed == limit:
            break
    return best


def _fenced(text: str, markers: MarkerCounter) -> CodeSignal | None:
    """Markdown code blocks: a language tag is strong evidence; else judge the content."""
    best: CodeSignal | None = None
    pos = 0
    for _ in range(MAX_FENCES):
        open_at = text.find("```", pos)
        eol = text.find("\n", open_at) if open_at >= 0 else -1
        if eol < 0:
            break
        close_at = text.find("```", eol)
        body = text[eol + 1 : close_at if close_at >= 0 else len(text)][:SAMPLE]
        tag = text[open_at + 3 : eol].strip().strip("{}.").lower().split(" ", 1)[0]
        signal = _judge_block(tag, body, markers)
        if signal is not None and (best is None or signal.score > best.score):
            best = signal
        if close_at < 0 or (best is not None and best.score >= 0.95):
            break
        pos = close_at + 3
    return best


def _judge_block(tag: str, body: str, markers: MarkerCounter) -> CodeSignal | None:
    if not body.strip():
        return None
    language = FENCE_TAGS.get(tag)
    signal = analyze(body, fenced=True, markers=markers, any_verdict=language is not None)
    if language is None:
        return signal
    # The writer labelled the block: trust the label; the content only raises the score.
    return CodeSignal(0.95 if signal is not None else 0.9, language)


def analyze(
    sample: str,
    *,
    fenced: bool = False,
    markers: MarkerCounter | None = None,
    any_verdict: bool = False,
) -> CodeSignal | None:
    """Judge a bounded sample by its language markers, then by its line shapes.

    Lines are weighed in stages (`STAGES`), and clear code (`CLEAR`, language named;
    with `any_verdict`, any verdict) stops the reading: most code is clear in its first
    16 lines, and the rest of the sample would only refine the score. The markers and
    so the language are those of the whole sample.
    """
    lines = sample.splitlines()[:MAX_LINES]
    counts: dict[int, int] = {}
    # Markers are counted on the whole sample at once (a cheap C-level pass), so the
    # language is named on all of it; a line may start with one, hence the newline.
    (markers or marker_counter()).count("\n" + "\n".join(lines), counts)
    scores = scores_of(counts)
    language, top = pick_language(scores)
    evidence = top + 0.5 * scores.get(GENERIC, 0.0)
    if evidence < (1.0 if fenced else 2.0):
        return None  # no vocabulary of code: JSON, logs, tables, prose
    tally = LineTally(lines, sample)
    signal = None
    for stop in STAGES:
        signal = _verdict(tally.upto(stop), evidence, language, fenced)
        if stop >= len(lines) or (
            signal is not None and (any_verdict or (signal.score >= CLEAR and language is not None))
        ):
            break
    return signal


def _verdict(
    tally: tuple[float, float], evidence: float, language: str | None, fenced: bool
) -> CodeSignal | None:
    """The signal of (code, other) lines with this much vocabulary of code."""
    code, other = tally
    if code < (1 if fenced else 2):
        return None
    shape = shape_of(tally)
    if shape < (0.3 if fenced else 0.45):
        return None
    # Vocabulary relative to the amount of text, so short snippets can qualify.
    vocabulary = min(1.0, evidence / max(4.0, (code + other) * 0.6))
    score = 0.42 + 0.3 * shape + 0.25 * vocabulary
    if code < 4 and not fenced:
        score -= 0.1
    if fenced:
        score += 0.05
    return CodeSignal(round(min(score, 0.97), 3), language)


class SourceCodeDetector(Detector):
    """SOURCE_CODE: a document-level signal with the language as detail."""

    name = "source_code"
    entities = (_SPECS["SOURCE_CODE"],)

    def __init__(self, backend: str = "auto"):
        self._markers = marker_counter(backend)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        signal = detect_code(doc.text, self._markers, doc.ascii)
        if signal is None:
            return ()
        return (
            Finding(
                0,
                len(doc.text),
                "SOURCE_CODE",
                "code",
                signal.score,
                self.name,
                scope="document",
                detail=signal.language,
            ),
        )


class ProprietaryCodeDetector(Detector):
    """PROPRIETARY_CODE: spans copied from a file of the company's fingerprint index."""

    name = "proprietary_code"
    entities = (_SPECS["PROPRIETARY_CODE"],)

    def __init__(self, index: FingerprintIndex):
        self._index = index

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        if not may_contain_code(text):
            return ()
        return [
            Finding(
                m.start, m.end, "PROPRIETARY_CODE", "code", m.score, self.name, detail=m.file_id
            )
            for m in self._index.match(text)
        ]


def build(ctx: BuildContext) -> list[Detector]:
    detectors: list[Detector] = [SourceCodeDetector(ctx.config.matcher)]
    if ctx.fingerprints is not None and len(ctx.fingerprints) > 0:
        detectors.append(ProprietaryCodeDetector(ctx.fingerprints))
    return detectors
