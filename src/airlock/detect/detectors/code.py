"""Source code: a document-level SOURCE_CODE signal, and PROPRIETARY_CODE fragments.

Neither detector has triggers, so both run on every text and must be cheap on prose:
`looks_like_code` is the gate, a few C-level `str.count` calls per 8 KB chunk. Only
text that passes it is examined further, on a bounded sample: lines are classified by
shape (statement terminators, block openers, declarations, assignments) and language
markers are tallied (`codelang`). Code needs both the shape of code *and* the
vocabulary of a language, which keeps JSON, logs, CSV and INI files out. Markdown
fences count too, and their language tag is trusted.

PROPRIETARY_CODE looks the text up in the company's fingerprint index (`fingerprint`);
it is built only when an index with fingerprints is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from airlock.detect.codelang import FENCE_TAGS, language_scores, pick_language
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

CHUNK = 8192  # the gate looks at chunks this long, so a paste deep in a long text is seen
SAMPLE = 4096  # the line and marker analysis reads at most this much of a chunk
MAX_CHUNKS = 4  # chunks analysed in depth per text (the best one decides)
MAX_FENCES = 16
MAX_LINES = 160
MIN_LENGTH = 24

# Characters far more frequent in code than in prose (`(`, `)`, `:` are common in prose).
_SYMBOLS = ("=", "_", ";", "{", "[", "$", "<")

_FIRST = re.compile(r"[#@$]?[A-Za-z_][A-Za-z0-9_.-]*")
_ASSIGN = re.compile(r"[A-Za-z_$][\w$.\[\]'\"]{0,60}\s{0,8}(?::[^=\n]{1,40})?[-+*/%|&.]?=[^=]")
_JSON_KEY = re.compile(r"[\"'][^\"'\n]{1,80}[\"']\s{0,4}:")

# First words that open a statement or a declaration in some language.
_STATEMENT = frozenset(
    "def class import from return if elif else for while try except finally with raise "
    "assert yield lambda async await switch case default break continue throw catch new "
    "fn func fun let const var val mut pub impl use mod struct enum trait type interface "
    "public private protected internal static final abstract override virtual package "
    "namespace using typedef template include require module export extends "
    "#include #define #ifdef #ifndef #endif #pragma #import #region "
    "echo printf print println puts console.log fmt.println system.out.println "
    "defer go guard match when do done fi then esac end begin unless until "
    "select insert update delete create alter drop where values set grant "
    "sudo cd ls mkdir rm cp mv cat grep curl wget chmod chown apt apt-get yum pip pip3 npm "
    "npx yarn git docker kubectl make cargo python python3 node source".split()
)
_PY_BLOCK = frozenset(
    "def class if elif else for while try except finally with async case match".split()
)
_CODE_SYMBOLS = frozenset("(){}[];=<>$|&")
_COMMENT_START = ("//", "/*", "* ", "*/", "-- ", "<!--")
_DIRECTIVES = ("#include", "#define", "#if", "#!", "#[")


@dataclass(frozen=True, slots=True)
class CodeSignal:
    """The verdict on a text: a confidence and the language when it is clear."""

    score: float
    language: str | None


def looks_like_code(text: str) -> bool:
    """Cheap gate: True when some chunk of `text` has the symbol density of code."""
    n = len(text)
    if n < MIN_LENGTH:
        return False
    if "```" in text:
        return True
    if n <= CHUNK:
        return _dense(text)
    return any(_dense(text[i : i + CHUNK]) for i in range(0, n, CHUNK))


def _dense(chunk: str) -> bool:
    symbols = 0
    for c in _SYMBOLS:
        symbols += chunk.count(c)
    # Code has one of these every 10-30 characters; prose one every several hundred.
    return symbols >= 4 and symbols * 50 >= len(chunk)


def detect_code(text: str) -> CodeSignal | None:
    """Whether `text` is (or contains) source code, and its language when clear."""
    if not looks_like_code(text):
        return None
    best: CodeSignal | None = None
    if "```" in text:
        best = _fenced(text)
        if best is not None and best.score >= 0.9:
            return best
    n = len(text)
    starts = [0] if n <= CHUNK else [i for i in range(0, n, CHUNK) if _dense(text[i : i + CHUNK])]
    for start in starts[:MAX_CHUNKS]:
        signal = analyze(text[start : start + SAMPLE])
        if signal is not None and (best is None or signal.score > best.score):
            best = signal
    return best


def _fenced(text: str) -> CodeSignal | None:
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
        signal = _judge_block(tag, body)
        if signal is not None and (best is None or signal.score > best.score):
            best = signal
        if close_at < 0:
            break
        pos = close_at + 3
    return best


def _judge_block(tag: str, body: str) -> CodeSignal | None:
    if not body.strip():
        return None
    signal = analyze(body, fenced=True)
    language = FENCE_TAGS.get(tag)
    if language is None:
        return signal
    # The writer labelled the block: trust the label; the content only raises the score.
    return CodeSignal(0.95 if signal is not None else 0.9, language)


def analyze(sample: str, *, fenced: bool = False) -> CodeSignal | None:
    """Judge a bounded sample by its line shapes and its language markers."""
    code, other = _line_shapes(sample)
    if code < (1 if fenced else 2):
        return None
    shape = code / (code + other)
    if shape < (0.3 if fenced else 0.45):
        return None
    language, top = pick_language(language_scores(sample))
    if top < 2.0:
        return None
    # Language evidence relative to the amount of text, so short snippets can qualify.
    vocabulary = min(1.0, top / max(4.0, (code + other) * 0.6))
    score = 0.42 + 0.3 * shape + 0.25 * vocabulary
    if code < 4 and not fenced:
        score -= 0.1
    if fenced:
        score += 0.05
    return CodeSignal(round(min(score, 0.97), 3), language)


def _line_shapes(sample: str) -> tuple[float, float]:
    """(code-shaped lines, other non-blank lines); comments and blank lines are ignored."""
    code = 0.0
    other = 0.0
    for line in sample.splitlines()[:MAX_LINES]:
        s = line.strip()
        if not s or s.startswith(_COMMENT_START):
            continue
        if s[0] == "#" and not s.startswith(_DIRECTIVES):
            continue  # a comment in many languages, a heading in Markdown: no evidence
        weight = _line_weight(s)
        code += weight
        other += 1.0 - weight
    return code, other


def _line_weight(s: str) -> float:
    """How much a stripped line looks like a line of code (0, 0.5 or 1)."""
    last = s[-1]
    if last in ";{}":
        return 0.0 if _JSON_KEY.match(s) else 1.0
    m = _FIRST.match(s)
    first = m.group().lower().rstrip(".") if m else ""
    has_symbol = any(c in _CODE_SYMBOLS for c in s)
    if last == ":" and first in _PY_BLOCK:
        return 1.0
    if first in _STATEMENT and (has_symbol or s.count(" ") <= 3):
        return 1.0
    if _JSON_KEY.match(s):
        return 0.0
    if has_symbol and _ASSIGN.match(s):
        return 1.0
    if last in ")]([," and has_symbol and s.count(" ") < 12:
        return 0.5
    return 0.0


class SourceCodeDetector(Detector):
    """SOURCE_CODE: a document-level signal with the language as detail."""

    name = "source_code"
    entities = (_SPECS["SOURCE_CODE"],)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        signal = detect_code(doc.text)
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
        if not looks_like_code(text):
            return ()
        return [
            Finding(
                m.start, m.end, "PROPRIETARY_CODE", "code", m.score, self.name, detail=m.file_id
            )
            for m in self._index.match(text)
        ]


def build(ctx: BuildContext) -> list[Detector]:
    detectors: list[Detector] = [SourceCodeDetector()]
    if ctx.fingerprints is not None and len(ctx.fingerprints) > 0:
        detectors.append(ProprietaryCodeDetector(ctx.fingerprints))
    return detectors
