"""Lines of code versus lines of prose.

`LineTally` weighs the lines of a sample by their shape (terminators, block openers,
declarations, assignments, calls) for the SOURCE_CODE verdict; `prose_before` and
`prose_after` find where a pasted fragment's code meets the sentences around it, for
PROPRIETARY_CODE spans. Everything here reads a bounded number of short lines.
"""

from __future__ import annotations

import re

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
_COMMENT_FIRST = frozenset(m[0] for m in _COMMENT_START)
_DIRECTIVES = ("#include", "#define", "#if", "#endif", "#else", "#pragma", "#import", "#!", "#[")
_TRAILING = (" //", " /*", " -- ", "  #")

MAX_LINE = 400  # lines are judged as prose on this many characters at most
MAX_EDGE_LINES = 64  # lines looked at past a match's edge (the widening spans a few)
_ENDS = (".", "!", "?", ":", ",")  # a sentence (or a clause) ends
# Statements that end in a colon, as lines of prose may ("Here is my code:").
_BLOCK_KEYWORDS = _wordset(
    "if elif else for while with def class try except finally case match async switch "
    "default public private protected"
)
_FAR = 1 << 62
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[,.:;!?]?")  # a plain word, maybe punctuated
_LITERALS = frozenset({"True", "False", "None", "Nil", "Null"})


class LineTally:
    """(code-shaped lines, other non-blank lines) of a sample's first lines, or of its
    code block, weighed incrementally as the stages of `analyze` need them.

    Blank lines, comments and docstrings are no evidence either way: they are prose
    inside code, and counting them as prose would sink well-documented code. A sample
    may start inside a docstring, so lines are weighed under both readings (outside or
    inside triple quotes at the start) and the reading that looks more like code wins.
    """

    __slots__ = (
        "_done",
        "_in_comment",
        "_inside",
        "_lines",
        "_quotes",
        "_readings",
        "_trailing",
    )

    def __init__(self, lines: list[str], sample: str):
        self._lines = lines
        # The trailing-comment markers and the docstring quotes present in the sample:
        # each line is searched only for those (a search in 2 KB costs a microsecond, one
        # in each line several). A one-character test (memchr) first.
        self._trailing = tuple(m for m in _TRAILING if m.strip()[0] in sample and m in sample)
        self._quotes = '"""' in sample or "'''" in sample
        self._readings: tuple[list[float], list[float]] = ([], [])
        self._done = 0
        self._inside = 0
        self._in_comment = False

    def upto(self, end: int) -> tuple[float, float]:
        """(code, other) of the first `end` lines; lines already weighed are not again."""
        readings, trailing, quotes = self._readings, self._trailing, self._quotes
        inside, in_comment = self._inside, self._in_comment
        for line in self._lines[self._done : end]:
            s = line.strip()
            if not s:
                continue
            if in_comment:
                in_comment = "*/" not in s
                continue
            opener = s[0]
            if opener == "#":
                if s.startswith(_DIRECTIVES):
                    readings[inside].append(1.0)  # a C directive, a shebang, a Rust attribute
                continue  # a comment in many languages, a heading in Markdown: no evidence
            if opener in _COMMENT_FIRST and s.startswith(_COMMENT_START):
                in_comment = s.startswith("/*") and "*/" not in s
                continue
            if quotes and ('"""' in s or "'''" in s):
                inside ^= (s.count('"""') + s.count("'''")) & 1
                continue
            for marker in trailing:
                cut = s.find(marker)
                if cut > 0:
                    s = s[:cut].rstrip()
            if len(s) < 5 and _ALNUM.search(s) is None:
                continue  # brackets alone (`}`, `],`): as common in JSON as in code
            readings[inside].append(line_weight(s))
        self._done = max(self._done, end)
        self._inside, self._in_comment = inside, in_comment
        # The reading with more code lines net of the others: by shape alone, the odd
        # docstring line that parses as code would outweigh a whole function.
        return max((block(weights) for weights in readings), key=net)


def block(weights: list[float]) -> tuple[float, float]:
    """(code, other) of all lines, or of the best block of code lines if they are mixed.

    A block ends at two lines in a row that are not code, so code pasted between
    paragraphs of prose is judged on its own.
    """
    code = sum(weights)
    whole = (code, len(weights) - code)
    if code < 4.0 or shape(whole) >= 0.6:
        return whole  # a block needs 4 code lines: prose has fewer in all of it
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
    return best if best[0] >= 4.0 and shape(best) > shape(whole) else whole


def net(tally: tuple[float, float]) -> float:
    return tally[0] - tally[1]


def shape(tally: tuple[float, float]) -> float:
    code, other = tally
    return code / (code + other) if code >= 1.0 else 0.0


def line_weight(s: str) -> float:
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


def prose_before(text: str, lo: int, hi: int, limit: int) -> int:
    """Just past the last line that is prose, or blank after a sentence, among the lines
    that start before `hi` and end in `lo..limit`; or -1.

    The line holding `hi` counts: a copy's first shared k-gram may start on the line
    above the code ("Here is my code:" before code that follows a colon in the file).
    """
    eol = text.find("\n", hi, min(limit, hi + MAX_LINE))
    pos = eol + 1 if eol >= 0 else hi
    for _ in range(MAX_EDGE_LINES):
        if (nl := text.rfind("\n", lo, pos)) < 0:
            break
        bol = text.rfind("\n", max(0, nl - MAX_LINE), nl)
        start = bol + 1 if bol >= 0 or nl <= MAX_LINE else nl  # a longer line is not prose
        line = text[start:nl]
        if _is_prose(line) or (
            not line.strip() and text[max(0, start - 200) : start].rstrip().endswith(_ENDS)
        ):
            return nl + 1
        pos = nl
    return -1


def prose_after(text: str, lo: int, hi: int, limit: int) -> int:
    """The newline before the first line that is prose, or blank before a sentence,
    among the lines that end after `lo` and start in `limit..hi`; or a far offset."""
    bol = text.rfind("\n", max(limit, lo - MAX_LINE), lo)
    pos = bol if bol >= 0 else lo
    for _ in range(MAX_EDGE_LINES):
        if (nl := text.find("\n", pos, hi)) < 0:
            break
        line, _, rest = text[nl + 1 : nl + 1 + MAX_LINE].partition("\n")
        if _is_prose(line) or (
            not line.strip() and rest.split("\n", 1)[0].rstrip().endswith((".", "!", "?"))
        ):
            return nl
        pos = nl + 1
    return _FAR


def _is_prose(line: str) -> bool:
    """An unindented line of prose: a sentence (closing `.`, `!`, `?`, or `:` after three
    words), four plain words that do not open a statement, or a lone "Thanks".

    Indented lines (docstrings, comments in code), lines with code symbols, `key: value`
    lines, statements that end in a colon (`for item in items:`) and SQL (`SELECT id
    FROM users`) are not.
    """
    line = line.rstrip()
    if not line[:1].isalpha() or any(c in line for c in "=;{}<>`"):
        return False
    words = line.split()
    if len(words) > 1 and words[0][-1] == ":":
        return False  # `key: value`, as YAML and e-mail headers are written
    if line[-1] in ".!?" and len(words) >= 3:
        return True
    if line[-1] == ":" and len(words) >= 3:
        return words[0] not in _BLOCK_KEYWORDS
    if not all(_WORD.fullmatch(w) for w in words):
        return False
    if len(words) >= 4:
        return words[0].lower() not in _STATEMENT
    # A short sentence ("Thanks!", "Any idea?") or a capitalised word alone ("Thanks").
    return line[-1] in ".!?" or (len(words) == 1 and line.istitle() and line not in _LITERALS)
