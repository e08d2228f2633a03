"""Seeded generators of unlabeled look-alikes for the benchmark corpus.

Values that a careless detector mistakes for entities: order and invoice numbers,
UUIDs, version strings, hex digests, timestamps, prices, tracking numbers, Luhn-failing
card-like numbers, out-of-range SSNs, BIC-shaped upper-case words, placeholder secrets.
"""

from __future__ import annotations

import hashlib
import random
import uuid

from benchmarks.values import DIGITS, UPPER, group, luhn_complete, rand_str


def order_number(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(100_000_000, 999_999_999)}",
            f"A-{rng.randint(10_000_000, 99_999_999)}",
            f"{rng.randint(100, 999)}-{rng.randint(1_000_000, 9_999_999)}-{rng.randint(1_000_000, 9_999_999)}",
            f"SO{rng.randint(1_000_000_000_000, 9_999_999_999_999)}",
        ]
    )


def invoice_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"INV-{rng.randint(2019, 2025)}-{rng.randint(1, 999_999):06d}",
            f"{rng.randint(2019, 2025)}{rng.randint(1, 99_999_999):08d}",
        ]
    )


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def version(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
            f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
            f"{rng.randint(90, 130)}.0.{rng.randint(1000, 6999)}.{rng.randint(10, 200)}",
            f"10.0.{rng.randint(10000, 26000)}.{rng.randint(100, 4000)}",
        ]
    )


def hexdigest(rng: random.Random, n: int) -> str:
    return hashlib.sha256(rng.randbytes(16)).hexdigest()[:n]


def timestamp(rng: random.Random) -> str:
    y, mo, d = rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s, ms = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999)
    return rng.choice(
        [
            f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z",
            f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d},{ms:03d}",
            f"{rng.randint(1_650_000_000_000, 1_750_000_000_000)}",
        ]
    )


def price(rng: random.Random) -> str:
    amount = rng.randint(1, 2_000_000) / 100
    return rng.choice(
        [f"${amount:,.2f}", f"€{amount:,.2f}", f"{amount:.2f} EUR", f"£{amount:,.2f}"]
    )


def tracking(rng: random.Random) -> str:
    return rng.choice(
        [
            "1Z" + rand_str(rng, UPPER + DIGITS, 6) + rand_str(rng, DIGITS, 10),
            rand_str(rng, DIGITS, 12),
            "9400 "
            + " ".join(rand_str(rng, DIGITS, 4) for _ in range(4))
            + " "
            + rand_str(rng, DIGITS, 2),
        ]
    )


# Upper-case words shaped like BIC codes (4 letters + a real country code + 2 more).
UPPER_WORDS = [
    "DOCUMENT",
    "HOMEPAGE",
    "REQUIRED",
    "OVERVIEW",
    "DATABASE",
    "DEADLINE",
    "PLATFORM",
    "CUSTOMER",
    "REGISTER",
    "TRAINING",
    "FINALIZE",
    "PROPERTY",
    "HOSPITAL",
    "BUSINESS",
    "ABSOLUTE",
    "TERMINAL",
]


def placeholder_secret(rng: random.Random) -> str:
    return rng.choice(
        [
            "${DB_PASSWORD}",
            "<your-password>",
            "********",
            "os.environ['DB_PASSWORD']",
            "ghp_" + "x" * 36,
            "AKIA" + "X" * 16,
            "sk_live_" + "0" * 24,
            "REPLACE_ME",
        ]
    )


def bad_card(rng: random.Random) -> str:
    """A 16-digit number with a card-like prefix that fails Luhn."""
    good = luhn_complete(rng.choice("45") + rand_str(rng, DIGITS, 14))
    bad = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)
    return rng.choice([bad, group(bad, (4, 4, 4, 4), " ")])


def bad_ssn(rng: random.Random) -> str:
    """SSN-shaped but outside the issued ranges (area 000/666, group 00)."""
    area = rng.choice(["000", "666", f"{rng.randint(1, 899):03d}"])
    grp = "00" if area not in ("000", "666") else f"{rng.randint(1, 99):02d}"
    return f"{area}-{grp}-{rng.randint(1, 9999):04d}"
