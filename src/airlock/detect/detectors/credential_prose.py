"""Secrets stated in a sentence: "Your temporary password is Xy7#...", "the DB password
for staging was changed to ...", "our API key is ...".

The key word is the trigger shared with `credential_assignments`; a verb ("is", "was set
to") takes the place of the operator. Sentences use these words for much else ("the
password is required", "the token is valid for 24 hours"), so the value must look like a
secret and not like a word: a word in plain, Title or upper case, a compound adjective
("SHA256-hashed") or a short technical term ("AES-256") is not reported.
"""

from __future__ import annotations

import re

from airlock.detect.detectors.credential_checks import (
    is_placeholder,
    numeric_code_ok,
    password_strength_ok,
    secret_strength_ok,
)
from airlock.detect.entropy import char_classes, shannon_entropy
from airlock.detect.finding import Finding

# After the key word: up to four words naming what it is for ("for the admin account"),
# a verb, then the value: quoted, or the next run of non-blanks.
_TAIL = r"""s?
    (?:[ \t]+(?:for|of|on|to)(?:[ \t]+[\w.@\-]{1,40}){1,4}?)?
    [ \t]+(?:(?:is|was|will[ \t]+be|has[ \t]+been|should[ \t]+be)
              (?:[ \t]+(?:now|still|(?:set|changed|reset|updated)[ \t]+to))?
           |(?:set|changed|reset|updated)[ \t]+to)
    :?[ \t]{1,4}
    (?:"(?P<dq>[^"\r\n]{1,128})"|'(?P<sq>[^'\r\n]{1,128})'|`(?P<bq>[^`\r\n]{1,128})`
      |(?P<bare>[^\s"'`<>]{1,128}))
"""
_TRAILING = ".,;:"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# "SHA256-hashed", "TLS1.3-only", "2FA-protected": an adjective, not a value.
_COMPOUND = re.compile(r"[A-Za-z0-9.]+(?:-[a-z]{3,})+")
_VERSION = re.compile(r"[vV]?\d+(?:\.\d+)+(?:[\-+.][0-9A-Za-z.]+)?")
_HASH = re.compile(r"\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|y)\$")
_CODE_CHAIN = re.compile(r"[A-Za-z_]\w*(?:(?:\.|->|::)[A-Za-z_]\w*)+(?:\(\))?")


def prose_pattern(words: str) -> re.Pattern[str]:
    """The sentence pattern for the key-word alternation `words` (compiled once)."""
    return re.compile(r"(?P<word>" + words + ")" + _TAIL, re.X | re.I | re.ASCII)


def prose_secret(
    pattern: re.Pattern[str], text: str, start: int, limit: int, detector: str
) -> Finding | None:
    """The secret stated after the key word at `start`, or None."""
    m = pattern.match(text, start, limit)
    if m is None:
        return None
    group = m.lastgroup or "bare"
    v_start, v_end = m.span(group)
    if group == "bare":
        v_end = _trim(text, v_start, v_end)
    value = text[v_start:v_end]
    lowered = m.group("word").lower()
    password = "pass" in lowered or lowered in ("pwd", "pw")
    score = _score(value, lowered, password=password)
    if score is None:
        return None
    entity = "PASSWORD" if password else "GENERIC_SECRET"
    return Finding(v_start, v_end, entity, "credential", score, detector)


def _trim(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and an unbalanced closing bracket after a bare value."""
    while end > start + 1:
        last = text[end - 1]
        if last in _TRAILING or (last in _CLOSERS and _CLOSERS[last] not in text[start:end]):
            end -= 1
        else:
            break
    return end


def _score(value: str, word: str, *, password: bool) -> float | None:
    if is_placeholder(value) or "://" in value or _HASH.match(value):
        return None
    lowered = value.lower()
    if word in lowered or (password and ("pass" in lowered or "pwd" in lowered)):
        return None  # "the password is passwordless", "the token is token_value"
    if value.isalpha() and (value.islower() or value.isupper() or value.istitle()):
        return None  # a word: "required", "Incorrect", "WRONG"
    if _COMPOUND.fullmatch(value) or _CODE_CHAIN.fullmatch(value) or _VERSION.fullmatch(value):
        return None  # "SHA256-hashed", "settings.DB_PASSWORD", "v2.0.1"
    if value[0] == value[-1] and value[0] in "*_" and len(value) > 2:
        return None  # Markdown emphasis: *required*
    if not password:
        if not secret_strength_ok(value, min_length=16, min_entropy=3.5):
            return None
        return 0.8 if any(ch.isdigit() for ch in value) else None
    if value.isdigit():
        # A numeric passcode; a long number after "password is" is one too.
        minimum = 6 if "code" in word else 8
        return 0.75 if numeric_code_ok(value, min_length=minimum) else None
    if not password_strength_ok(value):
        return None
    has_lower = any(ch.islower() for ch in value)
    if len(value) < 8 and not (has_lower and any(ch.isdigit() for ch in value)):
        return None  # short technical terms: AES-256, TLS1.3, UTF-8
    if value.isalpha():
        return 0.7  # mixed-case letters only: a password, or a CamelCase name
    return 0.8 if char_classes(value) >= 3 or shannon_entropy(value) >= 3.0 else 0.7
