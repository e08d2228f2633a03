"""Seeded generators of entity values for the benchmark corpus.

Every positive value is valid by the rules a careful detector checks (Luhn, mod-97,
mod-11, SSN ranges, ABA checksum, token checksums) so that a miss is the detector's,
not the corpus's. Negatives are values that look like entities but are not.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

DIGITS = string.digits
UPPER = string.ascii_uppercase
ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def rand_str(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def group(value: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(value[i : i + size])
        i += size
    if i < len(value):
        parts.append(value[i:])
    return sep.join(p for p in parts if p)


# --- checksums -------------------------------------------------------------------------


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(payload: str) -> str:
    """`payload` plus the check digit that makes it pass Luhn."""
    for d in DIGITS:
        if luhn_ok(payload + d):
            return payload + d
    raise AssertionError("unreachable")


def iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def aba_complete(payload: str) -> str:
    w = (3, 7, 1, 3, 7, 1, 3, 7)
    s = sum(int(c) * k for c, k in zip(payload, w, strict=True))
    return payload + str((10 - s % 10) % 10)


# --- financial -------------------------------------------------------------------------

# (issuer, prefixes, length, grouping)
_CARDS: list[tuple[str, tuple[str, ...], int, tuple[int, ...]]] = [
    ("visa", ("4",), 16, (4, 4, 4, 4)),
    ("visa19", ("4",), 19, (4, 4, 4, 4, 3)),
    ("mastercard", ("51", "52", "53", "54", "55"), 16, (4, 4, 4, 4)),
    ("mastercard2", tuple(str(p) for p in range(2221, 2721, 37)), 16, (4, 4, 4, 4)),
    ("amex", ("34", "37"), 15, (4, 6, 5)),
    ("discover", ("6011", "65"), 16, (4, 4, 4, 4)),
    ("jcb", ("3528", "3540", "3589"), 16, (4, 4, 4, 4)),
    ("diners", ("36",), 14, (4, 6, 4)),
    ("maestro12", ("5018", "5020", "6304", "6759", "6761"), 12, (4, 4, 4)),
]
_CARD_WEIGHTS = (30, 4, 18, 8, 12, 6, 5, 3, 4)


def card(rng: random.Random) -> str:
    _, prefixes, length, sizes = rng.choices(_CARDS, weights=_CARD_WEIGHTS)[0]
    prefix = rng.choice(prefixes)
    number = luhn_complete(prefix + rand_str(rng, DIGITS, length - len(prefix) - 1))
    sep = rng.choice(["", " ", " ", "-"])
    return number if not sep else group(number, sizes, sep)


# country: BBAN layout (n digit, a upper letter, c upper alnum)
_IBAN = {
    "DE": "n" * 18,
    "GB": "a" * 4 + "n" * 14,
    "FR": "n" * 10 + "n" * 11 + "n" * 2,
    "ES": "n" * 20,
    "IT": "a" + "n" * 10 + "c" * 12,
    "NL": "a" * 4 + "n" * 10,
    "BE": "n" * 12,
    "CH": "n" * 5 + "c" * 12,
    "PL": "n" * 24,
    "AT": "n" * 16,
}
_KIND = {"n": DIGITS, "a": UPPER, "c": UPPER + DIGITS}


def iban(rng: random.Random, country: str | None = None) -> str:
    country = country or rng.choice(list(_IBAN))
    bban = "".join(rng.choice(_KIND[k]) for k in _IBAN[country])
    value = country + iban_check(country, bban) + bban
    if rng.random() < 0.5:
        return value
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


_BIC_COUNTRIES = ("DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "US", "JP", "SG", "AT")


def bic(rng: random.Random) -> str:
    value = rand_str(rng, UPPER, 4) + rng.choice(_BIC_COUNTRIES) + rand_str(rng, UPPER, 1)
    value += rng.choice(UPPER + "23456789")
    if rng.random() < 0.5:
        value += rng.choice(["XXX", rand_str(rng, UPPER + DIGITS, 3)])
    return value


_ABA_PREFIX = [f"{p:02d}" for p in (*range(1, 13), *range(21, 33), *range(61, 73), 80)]


def aba(rng: random.Random) -> str:
    return aba_complete(rng.choice(_ABA_PREFIX) + rand_str(rng, DIGITS, 6))


def bank_account(rng: random.Random) -> str:
    return rng.choice("123456789") + rand_str(rng, DIGITS, rng.randint(7, 14))


# --- government ------------------------------------------------------------------------


def ssn(rng: random.Random, sep: str = "-") -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}{sep}{rng.randint(1, 99):02d}{sep}{rng.randint(1, 9999):04d}"


_ITIN_GROUPS = [*range(50, 66), *range(70, 89), *range(90, 93), *range(94, 100)]


def itin(rng: random.Random) -> str:
    return f"9{rng.randint(0, 99):02d}-{rng.choice(_ITIN_GROUPS)}-{rng.randint(0, 9999):04d}"


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BANNED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(rng: random.Random) -> str:
    prefix = "GB"
    while prefix in _NINO_BANNED:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
    digits = rand_str(rng, DIGITS, 6)
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return prefix + digits + suffix
    return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"


def nhs(rng: random.Random) -> str:
    while True:
        body = rng.choice("4679") + rand_str(rng, DIGITS, 8)
        check = 11 - sum(int(c) * w for c, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        value = body + ("0" if check == 11 else str(check))
        return rng.choice([value, group(value, (3, 3, 4), " "), group(value, (3, 3, 4), "-")])


def sin(rng: random.Random) -> str:
    value = luhn_complete(rng.choice("1234567") + rand_str(rng, DIGITS, 7))
    return rng.choice([value, group(value, (3, 3, 3), " "), group(value, (3, 3, 3), "-")])


_MONTHS = "January February March April May June July August September October November December"


def date(rng: random.Random, lo: int = 1940, hi: int = 2005) -> str:
    y, m, d = rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)
    month = _MONTHS.split()[m - 1]
    return rng.choice(
        [
            f"{y}-{m:02d}-{d:02d}",
            f"{m:02d}/{d:02d}/{y}",
            f"{d:02d}.{m:02d}.{y}",
            f"{d} {month} {y}",
            f"{month} {d}, {y}",
        ]
    )


# --- credentials -----------------------------------------------------------------------


def aws_access_key(rng: random.Random) -> str:
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + rand_str(rng, UPPER + "234567", 16)


def aws_secret(rng: random.Random) -> str:
    return rand_str(rng, ALNUM + "/+", 40)


def github_token(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return "github_pat_" + rand_str(rng, ALNUM, 22) + "_" + rand_str(rng, ALNUM, 59)
    body = rand_str(rng, ALNUM, 30)
    crc = zlib.crc32(body.encode())
    digits = ""
    while crc:
        crc, r = divmod(crc, 62)
        digits = B62[r] + digits
    return rng.choice(["ghp_", "ghp_", "gho_", "ghs_"]) + body + digits.rjust(6, "0")


def gitlab_token(rng: random.Random) -> str:
    return "glpat-" + rand_str(rng, ALNUM + "_-", 20)


def slack_token(rng: random.Random) -> str:
    kind = rng.choice(["xoxb", "xoxp"])
    return f"{kind}-{rand_str(rng, DIGITS, 12)}-{rand_str(rng, DIGITS, 13)}-" + rand_str(
        rng, ALNUM, 24
    )


def stripe_key(rng: random.Random, kind: str = "sk") -> str:
    return f"{kind}_live_" + rand_str(rng, ALNUM, rng.choice([24, 99]))


def google_api_key(rng: random.Random) -> str:
    return "AIza" + rand_str(rng, ALNUM + "_-", 35)


def openai_key(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "sk-" + rand_str(rng, ALNUM, 20) + "T3BlbkFJ" + rand_str(rng, ALNUM, 20)
    n = 74
    return "sk-proj-" + rand_str(rng, ALNUM + "_-", n) + "T3BlbkFJ" + rand_str(rng, ALNUM + "_-", n)


def anthropic_key(rng: random.Random) -> str:
    return "sk-ant-api03-" + rand_str(rng, ALNUM + "_-", 93) + "AA"


def npm_token(rng: random.Random) -> str:
    return "npm_" + rand_str(rng, ALNUM, 36)


def sendgrid_key(rng: random.Random) -> str:
    return "SG." + rand_str(rng, ALNUM + "_-", 22) + "." + rand_str(rng, ALNUM + "_-", 43)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng: random.Random, sub: str) -> str:
    header = {"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"}
    payload = {"sub": sub, "iat": rng.randint(1_600_000_000, 1_750_000_000), "scope": "read"}
    sig = rng.randbytes(32 if header["alg"] == "HS256" else 256)
    parts = (json.dumps(header).encode(), json.dumps(payload).encode())
    return ".".join([_b64url(parts[0]), _b64url(parts[1]), _b64url(sig)])


def private_key(rng: random.Random) -> str:
    kind = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    size = {"EC PRIVATE KEY": 121}.get(kind, rng.choice([600, 1190]))
    body = base64.b64encode(rng.randbytes(size)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


_WORDS = [
    "river",
    "maple",
    "orbit",
    "falcon",
    "copper",
    "velvet",
    "summit",
    "cobalt",
    "harbor",
    "lantern",
    "tiger",
    "quartz",
]


def password(rng: random.Random, url: bool = False) -> str:
    """A password; with `url`, only characters that need no escaping in a URL."""
    symbols = "-_.~" if url else "!#$%&*-_=+?"
    style = rng.random()
    if style < 0.5:
        return rand_str(rng, ALNUM + symbols, rng.randint(12, 24))
    if style < 0.8:
        w = rng.sample(_WORDS, 2)
        return f"{w[0].title()}{w[1].title()}{rng.randint(10, 9999)}{rng.choice(symbols)}"
    return rand_str(rng, ALNUM, rng.randint(16, 32))
