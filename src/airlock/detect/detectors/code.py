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

from airlock.detect.codelang import FENCE_TAGS, generic_score, language_scores, pick_language
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

# Characters far more frequent in code than in prose; `(` is counted twice for the pair.
_SYMBOLS = ("=", "_", ";", "{", "[", "$", "<", "#", "(", "(")

_FIRST = re.compile(r"[#@$]?[A-Za-z_][A-Za-z0-9_.-]*")
_ASSIGN = re.compile(r"[A-Za-z_$][\w$.\[\]'\"]{0,60}\s{0,8}(?::[^=\n]{1,40})?[-+*/%|&.]?=[^=]")
_CALL = re.compile(r"[A-Za-z_$][\w$.]{0,80}\(")
_JSON_KEY = re.compile(r"[\"'][^\"'\n]{1,80}[\"']\s{0,4}:")


def _wordset(*words: str) -> frozenset[str]:
    return frozenset(" ".join(words).split())


# First words that open a statement or a declaration in some language.
_STATEMENT = _wordset(
    "def class import from return if elif else for while try except finally with raise "
    "assert yield lambda async await switch case default break continue throw catch new "
    "fn func fun let const var val mut pub impl use mod struct enum trait type interface "
    "public private protected internal static final abstract override virtual package "
    "namespace using typedef template include require module export extends "
    "#include #define #ifdef #ifndef #endif #pragma #import #region "
    "echo printf print println puts console.log fmt.println system.out.println "
    "defer go guard match when do done fi then esac end begin unless until "
    "select insert update delete create alter drop where values set grant returns language "
    "as on and or having limit union join left inner outer order group primary foreign "
    "constraint references declare commit rollback "
    "sudo cd ls mkdir rm cp mv cat grep curl wget chmod chown apt apt-get yum pip pip3 npm "
    "npx yarn git docker kubectl make cargo python python3 node source"
)
_PY_BLOCK = _wordset("def class if elif else for while try except finally with async case match")
_CODE_SYMBOLS = frozenset("(){}[];=<>$|&")
_COMMENT_START = ("//", "/*", "* ", "*/", "-- ", "<!--")
_DIRECTIVES = ("#include", "#define", "#if", "#endif", "#else", "#pragma", "#import", "#!", "#[")
_CODE_LINE_ENDS = (";\n", "{\n", "}\n", "):\n", ")\n")
_TRAILING_COMMENTS = (" //", " /*", " -- ", "  #")


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
    return symbols >= 4 and symbols * 64 >= len(chunk)


def may_contain_code(text: str) -> bool:
    """A looser gate for copied fragments: code-like text, or a few code line endings.

    A short fragment pasted into a long prose prompt does not make the whole text
    dense, but its lines still end like code.
    """
    if looks_like_code(text):
        return True
    return sum(text.count(end) for end in _CODE_LINE_ENDS) >= 3


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
    evidence = top + 0.5 * generic_score(sample)
    if evidence < (1.0 if fenced else 2.0):
        return None
    # Vocabulary relative to the amount of text, so short snippets can qualify.
    vocabulary = min(1.0, evidence / max(4.0, (code + other) * 0.6))
    score = 0.42 + 0.3 * shape + 0.25 * vocabulary
    if code < 4 and not fenced:
        score -= 0.1
    if fenced:
        score += 0.05
    return CodeSignal(round(min(score, 0.97), 3), language)


def _line_shapes(sample: str) -> tuple[float, float]:
    """(code-shaped lines, other non-blank lines).

    Blank lines, comments and docstrings are no evidence either way: they are prose
    inside code, and counting them as prose would sink well-documented code. A sample
    may start inside a docstring, so lines are tallied under both readings (outside or
    inside triple quotes at the start) and the reading that looks more like code wins.
    """
    tally = [0.0, 0.0, 0.0, 0.0]  # code, other (starting outside); code, other (inside)
    inside = 0
    in_comment = False
    for line in sample.splitlines()[:MAX_LINES]:
        s = line.strip()
        if not s:
            continue
        if in_comment:
            in_comment = "*/" not in s
            continue
        if s.startswith(_COMMENT_START):
            in_comment = s.startswith("/*") and "*/" not in s
            continue
        if s[0] == "#":
            if s.startswith(_DIRECTIVES):
                tally[2 * inside] += 1.0  # a C directive, a shebang, a Rust attribute
            continue  # a comment in many languages, a heading in Markdown: no evidence
        quotes = s.count('"""') + s.count("'''")
        if quotes:
            inside ^= quotes & 1
            continue
        for marker in _TRAILING_COMMENTS:
            cut = s.find(marker)
            if cut > 0:
                s = s[:cut].rstrip()
        weight = _line_weight(s)
        tally[2 * inside] += weight
        tally[2 * inside + 1] += 1.0 - weight
    outside = (tally[0], tally[1])
    within = (tally[2], tally[3])
    return max(outside, within, key=lambda t: t[0] / (t[0] + t[1]) if t[0] >= 1 else 0.0)


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
    if first == "from" and " import " in s:
        return 1.0
    if first[:1] == "@" and (" " not in s or last == ")"):
        return 1.0  # a decorator or an annotation
    if _JSON_KEY.match(s):
        return 0.0
    if has_symbol and (_ASSIGN.match(s) or (last == ")" and _CALL.match(s))):
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
        if not may_contain_code(text):
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
