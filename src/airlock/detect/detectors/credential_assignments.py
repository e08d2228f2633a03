"""Secrets assigned to a telling key in code, configuration, env files, YAML, JSON and XML.

`password = "..."`, `DB_PASSWORD=...`, `"api_key": "..."`, `secret: ...`, `Password=...;`,
`<password>...</password>`, `--password ...`. The key word is the trigger; Python then
reads the operator and the value and rejects what is not a literal secret: references
(`os.environ[...]`, `${VAR}`, `{{ var }}`, `self.password`), placeholders (`changeme`,
`<password>`, `****`), labels and prose, and values too short or too regular.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.credential_checks import (
    is_placeholder,
    numeric_code_ok,
    password_strength_ok,
    secret_strength_ok,
)
from airlock.detect.detectors.credential_prose import prose_pattern, prose_secret
from airlock.detect.detectors.credential_specs import SPECS
from airlock.detect.document import Document
from airlock.detect.entropy import shannon_entropy
from airlock.detect.finding import Finding

# Longer alternatives first: Python's `re` (the fallback matcher) takes the first that fits.
_KEYWORDS = (
    r"(?:(?:api|access|auth|app|client|secret|private|signing|encryption|master)[_\-]?key"
    r"|pass(?:word|wd|phrase|code)?|pwd|secret|token)"
)
# `pw` alone would fire inside many words: its own trigger requires an operator after it.
_WORDS = _KEYWORDS[:-1] + "|pw)"
_PW_TRIGGER = r"pw[\"'`]?\]?[ \t]{0,8}[:=]"
# A type annotation (`password: str = "..."`) has a blank before its `=` or a quote after
# it; `POSTGRES_PASSWORD: Ab=c%d` is a YAML value holding `=`.
_ASSIGN = re.compile(
    r"(?P<word>"
    + _WORDS
    + r""")
    (?P<close>["'`]?\]?)
    (?:
        [ \t]{0,8}(?::[ \t]{0,4}[A-Za-z_][\w\[\],|. ]{0,40}?
            (?:[ \t]{1,4}(?==(?!=))|(?==[ \t]{0,4}["'`])))?
        (?P<op>:=|=>|=(?!=)|:(?![:/\\])|(?<=[ \t])(?=["']))  # SQL: PASSWORD 'x'
      | (?P<xml>>)
      | [ \t]+value[ \t]*(?P<attr>=)
    )
    [ \t]{0,8}
    (?:
        "(?P<dq>[^"\r\n]{0,256})"
      | '(?P<sq>[^'\r\n]{0,256})'
      | `(?P<bq>[^`\r\n]{0,256})`
      | (?P<bare>[^\s"'`,;&<>)}\]]{1,256})
    )
    """,
    re.X | re.I | re.ASCII,
)
_CLI = re.compile(
    r"(?P<word>" + _WORDS + r""")[ \t]+(?:"(?P<dq>[^"\r\n]{1,256})"|'(?P<sq>[^'\r\n]{1,256})'"""
    r"""|(?P<bare>[^\s"'`;&|<>]{1,256}))""",
    re.I | re.ASCII,
)
_SENTENCE = prose_pattern(_WORDS)
# What may follow the key word in such a sentence (see `credential_prose`), as a cheap
# test before its pattern; and what follows it in code rather than in a sentence.
_VERBS = (
    " is ",
    " is:",
    " was ",
    " was:",
    " will ",
    " has ",
    " should ",
    " set ",
    " changed ",
    " reset ",
    " updated ",
    " for ",
    " of ",
    " on ",
    " to ",
)
_NOT_VALUES = (" is None", " is not ", " is True", " is False", " was None")
_MAX_VALUE = 256
_REST_OF_VALUE = re.compile(r"[^\s\"'`]+")
# YAML tags (`!vault |`, `!Ref Name`) and negations (`!enabled`) start with `!`.
_TAG = re.compile(r"!!?[A-Za-z_][\w.:/\-]*")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
# Words just before a key word that make it something other than a credential:
# next_page_token, syncToken, csrf_token, public_key, idempotency-key.
_NOT_SECRET_KEY = re.compile(
    r"(?:next|page|sync|cursor|continuation|csrf|xsrf|public|publishable|publickey|idempotency"
    r"|verification)[_\-.]?$",
    re.I,
)
_CODE_CHAIN = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|->|::)[A-Za-z_$][\w$]*)+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAMEISH = re.compile(r"[A-Za-z]*[_\-.][A-Za-z_\-.]*")
_PROSE = re.compile(r"[^\W\d_]+(?:[ ,.'!?:;-]+[^\W\d_]+)*[ ,.'!?:;-]*")
# Password hashes (bcrypt, argon2, crypt, Django): sensitive, but not a password.
_HASH = re.compile(r"\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|y|scrypt)\$|pbkdf2_|bcrypt\$|\{SSHA")
_PATH = re.compile(r"(?:/|\./|\.\./|~/|[A-Za-z]:\\)|.*\.(?:pem|key|json|txt|ya?ml|crt|p12|jks)$")
_TYPE_NAMES = frozenset(
    [
        "str",
        "string",
        "text",
        "bytes",
        "int",
        "bool",
        "boolean",
        "any",
        "object",
        "optional",
        "secretstr",
        "secret",
        "none",
        "null",
    ]
)


def _key_start(text: str, start: int) -> int:
    i = start
    floor = max(0, start - 64)
    while i > floor and text[i - 1] in _KEY_CHARS:
        i -= 1
    return i


class AssignmentDetector(Detector):
    """PASSWORD and GENERIC_SECRET values assigned to a password/secret/token/api-key key."""

    name = "credential_assignments"
    entities = (SPECS["PASSWORD"], SPECS["GENERIC_SECRET"])

    def triggers(self) -> Sequence[Trigger]:
        return [
            Trigger("key", _KEYWORDS, ignore_case=True),
            Trigger("pw", _PW_TRIGGER, ignore_case=True),
        ]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            finding = self._confirm(text, hit.start, hit.end)
            if finding is not None:
                yield finding

    def _confirm(self, text: str, start: int, word_end: int) -> Finding | None:
        window_end = min(len(text), start + 400)
        m = _ASSIGN.match(text, start, window_end)
        key_start = _key_start(text, start)
        cli = m is None
        if m is None:
            if not text.startswith("-", key_start):  # a command-line flag: --password x
                if key_start < start or not text.startswith(_VERBS, word_end):
                    return None  # a sentence names a password with a word of its own
                if text.startswith(_NOT_VALUES, word_end):
                    return None  # code: `if token is None`, `password is not set`
                return prose_secret(_SENTENCE, text, start, window_end, self.name)
            m = _CLI.match(text, start, window_end)
            if m is None:
                return None
        group = m.lastgroup or "bare"  # the value alternatives close both patterns
        v_start, v_end = m.span(group)
        quoted = group != "bare"
        if not quoted:
            if v_end - v_start >= _MAX_VALUE:
                return None  # no end in sight: a blob or a run of text, not one value
            if not cli and m.group("op") == ":" and text.startswith((",", ")", "="), v_end):
                return None  # `private_key: KeyType,` is a parameter annotation
            if not cli and text.startswith("&", v_end):
                v_end = _past_ampersands(text, key_start, v_start, v_end)
            v_end = _trim_bare(text, v_start, v_end, env=not cli and m.group("op") == "=")
        value = text[v_start:v_end]
        word = m.group("word")
        lowered = word.lower()
        if not _key_allowed(text, key_start, start, word):
            return None
        if cli:
            if value.startswith("-"):
                return None  # the next flag, not a value
        elif m.group("xml") is not None and not _is_xml(text, key_start, v_end):
            return None
        elif m.group("op") == "" and lowered not in ("password", "passwd"):
            return None  # `PASSWORD 'x'` is SQL; `pass 'object'` is prose
        elif m.group("op") == ":" and key_start > 0 and text[key_start - 1] == ":":
            return None  # a segment of a colon path: arn:aws:secretsmanager:...:secret:name
        password = "pass" in lowered or lowered in ("pwd", "pw")
        yaml_like = not cli and m.group("op") == ":" and _line_ends(text, v_end)
        score = _score(value, lowered, password=password, quoted=quoted, yaml=yaml_like)
        if score is None:
            return None
        entity = "PASSWORD" if password else "GENERIC_SECRET"
        return Finding(v_start, v_end, entity, "credential", score, self.name)


def _key_allowed(text: str, key_start: int, start: int, word: str) -> bool:
    if start > key_start and _NOT_SECRET_KEY.search(text, key_start, start):
        return False
    if word.lower() in ("pass", "pwd", "pw") and start > key_start:
        # `bypass:` or `DBPASS` are words of their own; `dbPass`, `db_pass` are keys.
        before = text[start - 1]
        camel = before.islower() and word[0].isupper()
        if before.isalpha() and not camel:
            return False
    return True


def _trim_bare(text: str, start: int, end: int, *, env: bool) -> int:
    """Drop sentence punctuation after an unquoted value (`the password: hunter22.`).

    A value that ends its line is a configuration value: `KEY=value.` keeps its dot and
    `key: Value1!` its exclamation mark (passwords end in symbols).
    """
    marks = ".,!?:"
    if text[end - 1] not in marks:
        return end
    if _line_ends(text, end):
        if env:
            return end
        marks = ".,:"
    while end > start + 1 and text[end - 1] in marks:
        end -= 1
    return end


def _past_ampersands(text: str, key_start: int, start: int, end: int) -> int:
    """The end of a value holding `&` (`KEY=ab&cd`), unless it is a URL query parameter."""
    if key_start > 0 and text[key_start - 1] in "?&;":
        return end  # ?password=x&user=y
    m = _REST_OF_VALUE.match(text, end, start + _MAX_VALUE)
    if m is None or not _line_ends(text, m.end()):
        return end
    return m.end()


def _is_xml(text: str, key_start: int, value_end: int) -> bool:
    return key_start > 0 and text[key_start - 1] == "<" and text.startswith("</", value_end)


def _line_ends(text: str, end: int) -> bool:
    newline = text.find("\n", end, end + 200)
    rest = text[end : newline if newline >= 0 else end + 200].strip()
    return not rest or rest.startswith("#")


def _score(value: str, word: str, *, password: bool, quoted: bool, yaml: bool) -> float | None:
    """The finding's score for `value`, or None when it is not a literal secret."""
    if is_placeholder(value) or "://" in value or _PATH.match(value) or _HASH.match(value):
        return None
    lowered = value.lower()
    roots = (word, "pass", "pwd") if password else (word,)
    if any(root in lowered for root in roots):
        return None  # `your_password`, `db_token`: a name or a placeholder, not a value
    if _NAMEISH.fullmatch(value) and (value.islower() or value.isupper()):
        return None  # a name in one case with separators: SCRIPT_TOKEN, test_user, _sa_default
    weak = False
    if quoted:
        if any(ch.isspace() for ch in value) and _PROSE.fullmatch(value):
            return None  # a label or a sentence: "Enter your password"
        if value.isalpha():
            if value[0].isupper() and value[1:].islower():
                return None  # a label: "Passwort", "Contraseña"
            weak = value.islower()
    else:
        if value[0] in "$%{@#&*(" or "(" in value or "[" in value:
            return None  # interpolation, call or subscript: code, not a literal
        if value[0] == "!" and _TAG.fullmatch(value):
            return None  # a YAML tag or a negation: `!vault`, `!Ref Name`, `!enabled`
        if _CODE_CHAIN.fullmatch(value):
            return None  # self.password, settings.API_KEY, process.env.TOKEN
        if _IDENTIFIER.fullmatch(value) and "_" in value and (value.islower() or value.isupper()):
            return None  # a snake_case or CONSTANT_CASE name: s3_connection, DB_PASSWORD2
        if _IDENTIFIER.fullmatch(value) and not any(ch.isdigit() for ch in value):
            # A bare name is a variable in code; only a YAML value at line end is a literal.
            pascal = value[0].isupper() and not value.isupper()
            if not (yaml and password) or pascal or lowered in _TYPE_NAMES:
                return None
            weak = True
    if password:
        if "code" in word and value.isdigit():
            return 0.75 if numeric_code_ok(value) else None
        if not password_strength_ok(value):
            return None
        return 0.6 if weak else (0.85 if quoted else 0.8)
    if weak or not secret_strength_ok(value, min_length=10):
        return None
    if not any(ch.isdigit() for ch in value) and (len(value) < 20 or shannon_entropy(value) < 4):
        return None  # letters only: a name (AWSSecretKey, repo:applicationId), not a key
    return 0.85 if len(value) >= 20 and shannon_entropy(value) >= 3.5 else 0.75
