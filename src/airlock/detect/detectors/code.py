"""Source code: a document-level SOURCE_CODE signal, and PROPRIETARY_CODE fragments.

Neither detector has triggers, so both run on every text and must be cheap on prose.
The gate counts a few code characters with C-level `str.count` per 1 KB block, and
passes a text when a 2 KB window is dense enough. Only then is a bounded sample (2 KB,
48 lines) examined: language markers are tallied in one Aho-Corasick pass (`codelang`)
and lines are classified by shape (terminators, block openers, declarations,
assignments). Code needs both the vocabulary and the shape of code, which keeps JSON,
logs, CSV and INI files out. Markdown fences count too, and their language tag is
trusted. PROPRIETARY_CODE looks the text up in the company's fingerprint index
(`fingerprint`); it is built only when an index with fingerprints is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from airlock.detect.codelang import FENCE_TAGS, GENERIC, marker_scores, pick_language
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
MIN_LENGTH = 24


_FIRST = re.compile(r"[#@$]?[A-Za-z_][A-Za-z0-9_.-]*")
# The left side of an assignment: a target, maybe a type annotation, maybe an operator.
_ASSIGN = re.compile(r"[A-Za-z_$][\w$.\[\]'\"]*\s*(?::[^=]*)?[-+*/%|&.:^]?")
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
_SYMBOL = re.compile(r"[(){}\[\];=<>$|&]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
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


def _dense_windows(text: str) -> Iterator[int]:
    """Starts of the half-overlapping windows of 2 blocks with the symbol density of code.

    Each block is counted once, with C-level `str.count` calls and no copies.
    """
    n = len(text)
    if n <= 2 * BLOCK:
        if _dense(_symbols(text, 0, n), n):
            yield 0
        return
    previous = _symbols(text, 0, BLOCK)
    for i in range(BLOCK, n, BLOCK):
        current = _symbols(text, i, i + BLOCK)
        if _dense(previous + current, min(n, i + BLOCK) - i + BLOCK):
            yield i - BLOCK
        previous = current


def _symbols(text: str, start: int, end: int) -> int:
    # Characters far more frequent in code than in prose (`(` counts for the pair), and
    # indented lines, which code has and prose rarely does.
    return (
        text.count("=", start, end)
        + text.count("_", start, end)
        + text.count(";", start, end)
        + text.count("{", start, end)
        + text.count("#", start, end)
        + 2 * text.count("(", start, end)
        + 2 * text.count("\n  ", start, end)
        + 2 * text.count("\n\t", start, end)
    )


def _dense(symbols: int, length: int) -> bool:
    # Code has one of these every 10-30 characters; prose one every few hundred.
    return symbols >= 4 and symbols * 64 >= length


def detect_code(text: str) -> CodeSignal | None:
    """Whether `text` is (or contains) source code, and its language when clear."""
    if len(text) < MIN_LENGTH:
        return None
    best: CodeSignal | None = None
    if "```" in text:
        best = _fenced(text)
        if best is not None and best.score >= 0.9:
            return best
    analysed = 0
    done = 0
    limit = 1 if len(text) <= 2 * SAMPLE else MAX_SAMPLES  # one sample sees most of it
    for start in _dense_windows(text):
        if start < done:
            continue  # already inside an analysed sample
        signal = analyze(text[start : start + SAMPLE])
        if signal is not None and (best is None or signal.score > best.score):
            best = signal
            if signal.score >= 0.9:
                break
        done = start + SAMPLE
        analysed += 1
        if analysed == limit:
            break
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
        if close_at < 0 or (best is not None and best.score >= 0.95):
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
    """Judge a bounded sample by its language markers, then by its line shapes."""
    lines = sample.splitlines()[:MAX_LINES]
    scores = marker_scores("\n" + "\n".join(lines))  # markers may anchor at a line start
    language, top = pick_language(scores)
    evidence = top + 0.5 * scores.get(GENERIC, 0.0)
    if evidence < (1.0 if fenced else 2.0):
        return None  # no vocabulary of code: JSON, logs, tables, prose
    code, other = _line_shapes(lines)
    if code < (1 if fenced else 2):
        return None
    shape = _shape((code, other))
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


def _line_shapes(lines: list[str]) -> tuple[float, float]:
    """(code-shaped lines, other non-blank lines) of the sample or of its code block.

    Blank lines, comments and docstrings are no evidence either way: they are prose
    inside code, and counting them as prose would sink well-documented code. A sample
    may start inside a docstring, so lines are weighed under both readings (outside or
    inside triple quotes at the start) and the reading that looks more like code wins.
    """
    readings: tuple[list[float], list[float]] = ([], [])
    inside = 0
    in_comment = False
    for line in lines:
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
                readings[inside].append(1.0)  # a C directive, a shebang, a Rust attribute
            continue  # a comment in many languages, a heading in Markdown: no evidence
        if '"""' in s or "'''" in s:
            inside ^= (s.count('"""') + s.count("'''")) & 1
            continue
        for marker in _TRAILING_COMMENTS:
            cut = s.find(marker)
            if cut > 0:
                s = s[:cut].rstrip()
        if len(s) < 5 and _ALNUM.search(s) is None:
            continue  # brackets alone (`}`, `],`): as common in JSON as in code
        readings[inside].append(_line_weight(s))
    return max((_block(weights) for weights in readings), key=_shape)


def _block(weights: list[float]) -> tuple[float, float]:
    """(code, other) of all lines, or of the best block of code lines if they are mixed.

    A block ends at two lines in a row that are not code, so code pasted between
    paragraphs of prose is judged on its own.
    """
    code = sum(weights)
    whole = (code, len(weights) - code)
    if _shape(whole) >= 0.6:
        return whole
    best = (0.0, 0.0)
    run_code = run_other = 0.0
    misses = 0
    for w in weights:
        misses = misses + 1 if w == 0.0 else 0
        if misses >= 2:
            run_code = run_other = 0.0
            continue
        run_code += w
        run_other += 1.0 - w
        if run_code > best[0]:
            best = (run_code, run_other)
    return best if best[0] >= 4.0 and _shape(best) > _shape(whole) else whole


def _shape(tally: tuple[float, float]) -> float:
    code, other = tally
    return code / (code + other) if code >= 1.0 else 0.0


def _line_weight(s: str) -> float:
    """How much a stripped line looks like a line of code (0, 0.5 or 1)."""
    last = s[-1]
    quoted = s[0] in "\"'"
    if last in ";{}":
        return 0.0 if quoted and _JSON_KEY.match(s) else 1.0
    m = _FIRST.match(s)
    if m is not None:
        first = m.group().lower()
        if last == ":" and first in _PY_BLOCK:
            return 1.0
        if s[m.end() : m.end() + 1] == ":":
            return 0.0  # `key: value`: YAML, e-mail headers, labels
        if first in _STATEMENT and (s.count(" ") <= 3 or _SYMBOL.search(s)):
            return 1.0
        if first == "from" and " import " in s:
            return 1.0
        if first[0] == "@" and (" " not in s or last == ")"):
            return 1.0  # a decorator or an annotation
    elif quoted and _JSON_KEY.match(s):
        return 0.0
    eq = s.find("=")
    if (
        eq > 0
        and s[eq + 1 : eq + 2] != "="
        and s[eq - 1] not in "!<>"
        and _ASSIGN.fullmatch(s, 0, eq)
    ):
        # `KEY=value` with no spaces is how .env, INI and .npmrc files are written.
        return 1.0 if " " in s[eq - 1 : eq + 2] or last in ",;" else 0.5
    if last == ")" and _CALL.match(s):
        return 1.0
    if last in ")]([," and s.count(" ") < 12 and _SYMBOL.search(s):
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
