"""Cues inside identifiers (SWIFT/BIC in config files) and card numbers cut out of longer ones.

Values are generated here (Luhn computed), never real. Every case runs through the real
`Engine` on both matcher backends.
"""

from __future__ import annotations

import pytest

from airlock.detect import DetectConfig, Engine
from tests.detect.test_financial import card, grouped, luhn_digit

BICS = ["DEUTDEFF", "BNPAFRPPXXX", "CHASUS33", "COBADEFF120"]


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(
        DetectConfig(entities=["SWIFT_CODE", "CREDIT_CARD", "IBAN_CODE"], matcher=request.param)
    )


def luhn_ok(number: str) -> bool:
    return luhn_digit(number[:-1]) == number[-1]


def spans(engine: Engine, text: str, entity: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in engine.scan(text) if f.entity == entity]


# --- SWIFT/BIC cues inside identifiers ----------------------------------------------


@pytest.mark.parametrize("bic", BICS)
@pytest.mark.parametrize(
    "key",
    ["merchant_bic = ", "bic_code: ", "swiftCode=", "beneficiaryBic: ", '"payee_swift": "'],
)
def test_swift_code_named_by_an_identifier_is_found(engine: Engine, key: str, bic: str) -> None:
    text = f"settlement_currency = EUR\n{key}{bic}\nretries = 3\n"
    start = text.index(bic)
    assert spans(engine, text, "SWIFT_CODE") == [(start, start + len(bic))]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("cubic_spline = DATABASE\n", id="bic-inside-a-word"),
        pytest.param("arabicFont = HOMEPAGE\n", id="bic-inside-camel-word"),
        pytest.param("swiftly_done = DOCUMENT\n", id="swift-prefix-word-is-no-code"),
        pytest.param("merchant_name = DEUTDEFF\n", id="no-banking-word"),
    ],
)
def test_identifiers_without_a_bic_cue_confirm_nothing(engine: Engine, text: str) -> None:
    assert spans(engine, text, "SWIFT_CODE") == []


def test_a_word_cut_by_the_context_window_is_no_cue(engine: Engine) -> None:
    # The 48-character window before the code starts inside "ARABIC": "BIC" is no cue.
    text = "ARABIC " + "-" * 43 + " FATHATAN"
    start = text.index("FATHATAN")
    assert start - 48 == text.index("BIC")
    assert spans(engine, text, "SWIFT_CODE") == []
    assert spans(engine, text.replace("ARABIC", "   BIC"), "SWIFT_CODE") == [(start, start + 8)]


# --- card numbers cut out of a longer number ------------------------------------------


def failing_with_valid_part(part: str, position: str) -> str:
    """A 4-4-4-4 number that fails Luhn while `part` (12 digits) inside it passes."""
    for lead in range(1000, 10000, 7):
        whole = f"{lead}{part}" if position == "end" else f"{part}{lead}"
        if not luhn_ok(whole):
            return grouped(whole, (4, 4, 4, 4))
    raise AssertionError("unreachable: a tenth of the leads pass Luhn")


MAESTRO_12 = [card(prefix, 12) for prefix in ("5018", "6304", "6759", "56")]


@pytest.mark.parametrize("part", MAESTRO_12)
@pytest.mark.parametrize("position", ["start", "end"])
@pytest.mark.parametrize(
    "template",
    [
        "row 92679 rejected: invalid card number {n} at 10:02",
        "Also, is {n} a valid card number?",
    ],
)
def test_card_cut_out_of_a_failing_number_is_not_reported(
    engine: Engine, part: str, position: str, template: str
) -> None:
    number = failing_with_valid_part(part, position)
    assert spans(engine, template.format(n=number), "CREDIT_CARD") == []


@pytest.mark.parametrize(
    ("number", "sizes"),
    [
        (card("4", 16), (4, 4, 4, 4)),
        (card("5018", 12), (4, 4, 4)),
        (card("4", 19), (4, 4, 4, 4, 3)),
    ],
)
def test_card_written_in_equal_groups_is_still_found_whole(
    engine: Engine, number: str, sizes: tuple[int, ...]
) -> None:
    value = grouped(number, sizes)
    text = f"card number {value} exp 11/27"
    assert spans(engine, text, "CREDIT_CARD") == [(12, 12 + len(value))]


def test_card_followed_by_a_short_code_group_is_still_found_with_a_cue(engine: Engine) -> None:
    number = card("4", 16)
    value = grouped(number, (4, 4, 4, 4))
    # A 3-digit group after it (a CVV): its size sets it apart from the card's groups.
    cvv = next(c for c in (f"{i:03d}" for i in range(100, 1000)) if not luhn_ok(number + c))
    text = f"visa {value} {cvv}"
    assert spans(engine, text, "CREDIT_CARD") == [(5, 5 + len(value))]
