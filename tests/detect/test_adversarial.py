"""Adversarial inputs stay linear.

Time is not asserted (no timed tests): instead the number of Python calls the engine
makes is counted, which grows with the input exactly as its work does in Python, and
must not grow faster than the input. The 1 MB single-line cases run whole under the
suite's hang guard; every regex a detector runs is bounded by a window, so work in C
per candidate is bounded too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from airlock.detect import DetectConfig, Engine, default_engine

UNITS: dict[str, str] = {
    "digits": "7",
    "card_groups": "4111 ",
    "iban_groups": "GB82 ",
    "at_chain": "a@",
    "dotted": "1.",
    "colons": "a:",
    "capitalized": "Ab ",
    "names": "John Smith ",
    "keyword": "password=",
    "jwt_prefix": "eyJ",
    "pem_header": "-----BEGIN PRIVATE KEY-----\n",
    "birth_cue": "born ",
    "phone_cue": "phone 1111111111 ",
    "angle": "<PERSON_",
    "aws_key_ids": "AKIAIOSFODNN7EXAMPLE ",
    "emails": "a.b@example.com ",
    "sql_quoted": "'1234567', ",
}


def _text(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _calls(engine: Engine, text: str) -> int:
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        engine.scan(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(matcher=request.param))


@pytest.mark.parametrize("name", sorted(UNITS))
def test_work_grows_linearly_with_adversarial_input(engine: Engine, name: str) -> None:
    unit = UNITS[name]
    small = _calls(engine, _text(unit, 8_000))
    large = _calls(engine, _text(unit, 32_000))
    # 4x the input may cost at most ~4x the calls (plus a constant for set-up).
    assert large <= 4.4 * small + 500, (small, large)


SCANS: list[tuple[str, Callable[[int], str]]] = [
    ("digit_run", lambda n: "9" * n),
    ("at_chain", lambda n: "a@" * (n // 2)),
    ("one_line_mix", lambda n: ("id=4111-1111 mail a@b.co " * (n // 25))[:n]),
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("name", "make"), SCANS, ids=[s[0] for s in SCANS])
def test_one_megabyte_single_line_inputs_complete(name: str, make: Callable[[int], str]) -> None:
    text = make(1_000_000)
    findings = default_engine().scan(text)
    assert "\n" not in text
    # Nothing in a bare digit run or an @-chain is a value; the mix holds e-mails only.
    entities = {f.entity for f in findings}
    assert entities <= {"EMAIL_ADDRESS"}
    if name != "one_line_mix":
        assert findings == []
