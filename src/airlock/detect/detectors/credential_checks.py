"""Validators for credential candidates: checksums, decodings and placeholder tests.

Each takes the candidate value and answers in microseconds; none raises on bad input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Callable
from urllib.parse import unquote

from airlock.detect.entropy import char_classes, is_sequential, shannon_entropy

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# Words that mark a documentation value rather than a secret, matched inside tokens.
_FAKE_MARKERS = ("example", "sample", "dummy", "placeholder", "xxxxx", "*****")

# Values people write where a real password would go (compared lower-cased, exactly).
_PLACEHOLDER_WORDS = frozenset(
    [
        "changeme",
        "change_me",
        "change-me",
        "changeit",
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "undefined",
        "empty",
        "blank",
        "example",
        "sample",
        "dummy",
        "test",
        "testing",
        "placeholder",
        "redacted",
        "removed",
        "hidden",
        "masked",
        "required",
        "optional",
        "string",
        "str",
        "todo",
        "tbd",
        "fixme",
        "foo",
        "bar",
        "baz",
        "foobar",
        "xxx",
        "value",
        "default",
        "secret_key",
        "mysecret",
        "your_password",
        "your_password_here",
        "yourpassword",
        "your-password",
        "your_token",
        "your_secret",
        "your_api_key",
        "your-api-key",
        "yourapikey",
    ]
)
_PLACEHOLDER_PARTS = (
    "your_",
    "your-",
    "yourpass",
    "yoursecret",
    "yourtoken",
    "yourkey",
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "redacted",
    "replace_",
    "replace-",
    "replaceme",
    "insert_",
    "dummy",
    "xxxx",
    "****",
    "....",
    "…",
)
_ANGLE = re.compile(r"<[^<>]{0,64}>")  # <password>, <YOUR TOKEN>
# Templating and references: ${VAR}, $VAR, %VAR%, {{ var }}, {var}, %(var)s, #{var}, ENC(..).
_REFERENCE = re.compile(
    r"""^(?:
        \$\{.*\}|\$\(.*\)|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|%\(?\w*\)?[sdr]|\{\{.*\}\}|\{[\w.\-]*\}
        |\#\{.*\}|@\w+@|\[.*\]|[A-Z]{2,8}\(.*\)|\{cipher\}.*
        |(?:vault|op|secret|ref\+\w+|env|arn):.*
    )$""",
    re.X | re.S,
)


def random_enough(min_entropy: float, *, skip: int = 0) -> Callable[[str], bool]:
    """A validator: the token (after `skip` prefix chars) is not a placeholder and is random."""

    def check(value: str) -> bool:
        body = value[skip:]
        lowered = body.lower()
        if any(marker in lowered for marker in _FAKE_MARKERS):
            return False
        return shannon_entropy(body) >= min_entropy and not is_sequential(body)

    return check


def is_placeholder(value: str) -> bool:
    """True for documentation placeholders, template references and masked values."""
    lowered = value.strip().lower()
    if not lowered or lowered in _PLACEHOLDER_WORDS:
        return True
    if any(part in lowered for part in _PLACEHOLDER_PARTS):
        return True
    if len(set(lowered)) == 1 or _ANGLE.search(value):
        return True
    return _REFERENCE.match(value.strip()) is not None


def password_strength_ok(value: str, *, min_length: int = 6) -> bool:
    """A plausible password: long enough, not a placeholder, not a trivial run."""
    if len(value) < min_length or is_placeholder(value):
        return False
    if len(set(value)) < max(4, min(10, len(value) // 4)) or is_sequential(value):
        return False  # too few distinct characters for its length: a pattern, not a password
    return shannon_entropy(value) >= 2.0


def numeric_code_ok(value: str, *, min_length: int = 6) -> bool:
    """A plausible numeric passcode or PIN: long enough, not `000000` or `123456`.

    Short digit strings have little entropy by nature, so only repetition and runs count.
    """
    return (
        value.isdigit()
        and len(value) >= min_length
        and len(set(value)) >= 3
        and not is_sequential(value)
        and not is_placeholder(value)
    )


def secret_strength_ok(value: str, *, min_length: int = 8, min_entropy: float = 3.0) -> bool:
    """A plausible machine secret: long, varied and random-looking."""
    if len(value) < min_length or is_placeholder(value):
        return False
    return char_classes(value) >= 2 and shannon_entropy(value) >= min_entropy


def _b64decode(value: str) -> bytes | None:
    """Decode standard or URL-safe base64 with or without padding; None when invalid."""
    data = value.strip().rstrip("=")
    if "-" in data or "_" in data:
        data = data.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def b64_length(expected: int) -> Callable[[str], bool]:
    """A validator: the value is base64 of exactly `expected` bytes (keys, HMACs)."""

    def check(value: str) -> bool:
        raw = _b64decode(value)
        return raw is not None and len(raw) == expected and len(set(raw)) > expected // 4

    return check


def _json_object(part: str) -> dict[str, object] | None:
    raw = _b64decode(part)
    if raw is None or not raw.startswith(b"{"):
        return None
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return None
    return obj if isinstance(obj, dict) else None


def b64_json(value: str, *, skip: int = 0) -> bool:
    """The value (after `skip` prefix chars) is base64 of a JSON object."""
    return _json_object(value[skip:]) is not None


def jwt_ok(value: str) -> bool:
    """Header and payload decode to JSON objects, the header names an `alg`, and a signed
    token carries a signature of a plausible length."""
    parts = value.split(".")
    if len(parts) != 3:
        return False
    header = _json_object(parts[0])
    if header is None or not isinstance(header.get("alg"), str):
        return False
    if _json_object(parts[1]) is None:
        return False
    unsigned = str(header["alg"]).lower() == "none"
    return unsigned or len(parts[2]) >= 16


_random_token = random_enough(3.5)
_hmac_sha256 = b64_length(32)
_storage_key = b64_length(64)


def _base62(number: int) -> str:
    digits = []
    while number:
        number, rem = divmod(number, 62)
        digits.append(_BASE62[rem])
    return "".join(reversed(digits)).rjust(6, "0")


def crc32_token_score(value: str) -> float | None:
    """Score a GitHub/npm style token: 30 random base62 chars then a base62 CRC32.

    A matching checksum is proof of the format (1.0); a random-looking body without it is
    kept at a low score (an altered or hand-made token); a placeholder is rejected.
    """
    body = value[value.rfind("_") + 1 :]
    if len(body) != 36 or not _random_token(body):
        return None
    if _base62(zlib.crc32(body[:30].encode("ascii"))) == body[30:]:
        return 1.0
    return 0.6


def openai_score(value: str) -> float | None:
    """OpenAI keys embed `T3BlbkFJ` (base64 of "OpenAI"); without it only the prefix vouches."""
    if not _random_token(value):
        return None
    return 0.99 if "T3BlbkFJ" in value else 0.85


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_ok(value: str) -> bool:
    """A valid Bech32 string (age keys): the 6-character checksum over HRP and data holds."""
    text = value.lower()
    sep = text.rfind("1")
    if sep < 1 or len(text) - sep < 7:
        return False
    hrp, data = text[:sep], text[sep + 1 :]
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    try:
        values += [_BECH32.index(c) for c in data]
    except ValueError:
        return False
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            if (top >> i) & 1:
                chk ^= gen
    return chk == 1


def basic_auth_ok(value: str) -> bool:
    """`Basic` credentials: base64 of printable `user:password` with a real password."""
    raw = _b64decode(value)
    if raw is None or b":" not in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not text.isprintable():
        return False
    user, _, password = text.partition(":")
    return bool(user) and len(password) >= 3 and not is_placeholder(password)


def discord_bot_ok(value: str) -> bool:
    """The first part of a Discord bot token is the base64 of the bot's numeric user id."""
    raw = _b64decode(value.split(".", 1)[0])
    return raw is not None and raw.isdigit() and 17 <= len(raw) <= 20


def sas_signature_ok(value: str) -> bool:
    """An Azure SAS `sig` is the URL-encoded base64 of an HMAC-SHA256 (32 bytes)."""
    return _hmac_sha256(unquote(value))


_ACCOUNT_KEY = re.compile(r"accountkey=([A-Za-z0-9+/]{86}==)", re.I)


def azure_connection_ok(value: str) -> bool:
    """An Azure storage connection string whose AccountKey is base64 of 64 bytes."""
    m = _ACCOUNT_KEY.search(value)
    return m is not None and _storage_key(m.group(1))


def bearer_ok(value: str) -> bool:
    """An opaque bearer token: long, random, not a placeholder or a template."""
    return secret_strength_ok(value, min_length=16, min_entropy=3.0)


_NAMEISH = re.compile(r"[a-z]+(?:[_\-][a-z]+)+|[A-Z]+(?:[_\-][A-Z]+)+")


def url_password_ok(value: str) -> bool:
    """The password part of `scheme://user:password@host` (not `my_secret`-style names)."""
    password = unquote(value)
    return len(password) >= 3 and not is_placeholder(password) and not _NAMEISH.fullmatch(password)


def aws_secret_ok(value: str) -> bool:
    """A 40-character AWS secret: random, mixed case, not the documentation example."""
    return "EXAMPLE" not in value and secret_strength_ok(value, min_length=40, min_entropy=3.5)
