"""Financial span detectors: cards, IBAN, SWIFT/BIC, ABA routing, US bank accounts.

Every number is computed here (Luhn, mod-97, ABA check digits), never copied from a
real account. Each behaviour runs through the real `Engine` on both matcher backends.
"""

from __future__ import annotations

import string

import pytest

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.detectors import financial

ENTITIES = [spec.id for spec in financial.ENTITIES]
FILLER = "7392058164"


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=ENTITIES, matcher=request.param))


def spans(engine: Engine, text: str, entity: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in engine.scan(text) if f.entity == entity]


def only(engine: Engine, text: str, entity: str) -> Finding:
    found = [f for f in engine.scan(text) if f.entity == entity]
    assert len(found) == 1, found
    return found[0]


# --- generators -------------------------------------------------------------------


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def card(prefix: str, length: int) -> str:
    body = (prefix + FILLER * 2)[: length - 1]
    return body + luhn_digit(body)


VISA = card("4", 16)


def bad_luhn(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def grouped(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(number[pos : pos + size])
        pos += size
    assert pos == len(number)
    return sep.join(out)


def iban(country: str, bban: str) -> str:
    letters = {c: str(i) for i, c in enumerate(string.ascii_uppercase, 10)}
    numeric = "".join(letters.get(c, c) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def in_fours(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def aba(first8: str) -> str:
    weights = (3, 7, 1, 3, 7, 1, 3, 7)
    total = sum(w * int(c) for w, c in zip(weights, first8, strict=True))
    return first8 + str((10 - total % 10) % 10)


# --- CREDIT_CARD --------------------------------------------------------------------

# prefix:length:issuer, at the edges of every issuer range the detector knows.
ISSUER_TABLE = """
4:16:visa 4:19:visa 4:13:visa 51:16:mastercard 55:16:mastercard 2221:16:mastercard
2720:16:mastercard 34:15:amex 37:15:amex 6011:16:discover 644:16:discover 65:19:discover
622126:16:discover 622925:16:discover 3528:16:jcb 3589:19:jcb 300:14:diners 36:14:diners
38:16:diners 620:16:unionpay 621:19:unionpay 50:16:maestro 6759:19:maestro 5018:12:maestro
"""
ISSUERS = [(p, int(n), name) for p, n, name in (i.split(":") for i in ISSUER_TABLE.split())]


@pytest.mark.parametrize(("prefix", "length", "issuer"), ISSUERS)
def test_card_of_each_issuer_is_found_with_its_exact_span(
    engine: Engine, prefix: str, length: int, issuer: str
) -> None:
    number = card(prefix, length)
    text = f"Please charge my credit card {number} today."
    f = only(engine, text, "CREDIT_CARD")
    assert (f.start, f.end) == (29, 29 + length)
    assert f.detail == issuer
    assert f.score >= 0.85


@pytest.mark.parametrize(
    ("number", "sizes", "sep"),
    [
        (VISA, (4, 4, 4, 4), " "),
        (card("55", 16), (4, 4, 4, 4), "-"),
        (card("37", 15), (4, 6, 5), " "),
        (card("36", 14), (4, 6, 4), "-"),
        (card("4", 19), (4, 4, 4, 4, 3), " "),
        (card("2720", 16), (4, 4, 4, 4), " "),
    ],
)
def test_grouped_card_is_found_without_context(
    engine: Engine, number: str, sizes: tuple[int, ...], sep: str
) -> None:
    value = grouped(number, sizes, sep)
    text = f"ref: {value}\n"
    f = only(engine, text, "CREDIT_CARD")
    assert (f.start, f.end) == (5, 5 + len(value))
    assert f.score == pytest.approx(0.9)


def test_card_score_rises_with_a_card_cue(engine: Engine) -> None:
    number = VISA
    assert only(engine, f"visa {number}", "CREDIT_CARD").score == pytest.approx(1.0)
    assert only(engine, f"ref {number}", "CREDIT_CARD").score == pytest.approx(0.9)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"card {bad_luhn(VISA)}", id="bad-luhn"),
        pytest.param(f"card {bad_luhn(card('37', 15))}", id="bad-luhn-amex"),
        pytest.param(f"card {card('1', 16)}", id="no-issuer-prefix-1"),
        pytest.param(f"card {card('9', 16)}", id="no-issuer-prefix-9"),
        pytest.param(f"card {card('4', 15)}", id="visa-wrong-length"),
        pytest.param(f"card {card('34', 16)}", id="amex-wrong-length"),
        pytest.param(f"card {card('51', 15)}", id="mastercard-wrong-length"),
        pytest.param(f"card {card('2721', 16)}", id="outside-mastercard-2-series"),
        pytest.param(f"card 1234{VISA}56789", id="inside-25-digit-run"),
        pytest.param(f"card x{VISA}", id="glued-to-a-letter"),
        pytest.param(f"card {VISA}z", id="letter-after"),
        pytest.param(f"pi=0.{VISA}", id="decimal-fraction"),
        pytest.param(f"card {VISA}.5", id="decimal-tail"),
        pytest.param(f"card +{VISA}", id="plus-sign-phone"),
        pytest.param(f"card {VISA[:4]}-{VISA[4:8]} {VISA[8:12]} {VISA[12:]}", id="mixed-seps"),
        pytest.param(f"order 2024-{VISA}", id="dash-joined-identifier"),
        pytest.param(f"id 123e4567-e89b-12d3-a456-{card('6', 12)}", id="uuid-tail"),
        pytest.param("Order #100234567890123 shipped", id="order-number"),
        pytest.param("call +1 415 555 2671 or +44 20 7946 0958", id="phones"),
        pytest.param("tel 0044 20 7946 0958 12, fax (415) 555-2671", id="phone-groups"),
        pytest.param(f"card {card('4', 12)}", id="too-short"),
    ],
)
def test_non_card_digit_strings_are_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine, text, "CREDIT_CARD") == []


@pytest.mark.parametrize("number", [card("5018", 12), card("6304", 15), card("4", 13)])
def test_rare_card_forms_need_a_cue(engine: Engine, number: str) -> None:
    assert spans(engine, f"arn:aws:iam::{number}:role/deploy", "CREDIT_CARD") == []
    assert spans(engine, f"payment card {number}", "CREDIT_CARD") == [(13, 13 + len(number))]


def test_card_inside_a_longer_run_of_groups_needs_a_cue(engine: Engine) -> None:
    value = grouped(VISA, (4, 4, 4, 4))
    assert spans(engine, f"ids 1234 {value}", "CREDIT_CARD") == []
    assert spans(engine, f"visa: 1234 {value}", "CREDIT_CARD") == [(11, 11 + len(value))]


def test_card_after_a_short_number_is_found(engine: Engine) -> None:
    value = grouped(card("55", 16), (4, 4, 4, 4))
    assert spans(engine, f"qty 2 {value}", "CREDIT_CARD") == [(6, 6 + len(value))]


def test_cards_in_csv_rows_are_found(engine: Engine) -> None:
    a, b = VISA, card("51", 16)
    text = f"id,card,exp\n17,{a},12/27\n18,{b},01/28\n"
    assert spans(engine, text, "CREDIT_CARD") == [(15, 31), (41, 57)]


def test_several_cards_in_one_text_are_all_found(engine: Engine) -> None:
    a, b = VISA, grouped(card("37", 15), (4, 6, 5))
    text = f"old card {a}, new card {b}."
    assert spans(engine, text, "CREDIT_CARD") == [(9, 25), (36, 36 + len(b))]


# --- IBAN_CODE ----------------------------------------------------------------------

IBANS = [
    iban("GB", "WEST" + "12345698765432"),
    iban("DE", "370400440532013000"),
    iban("FR", "20041010050500013M02606"),
    iban("NL", "ABNA" + "0417164300"),
    iban("ES", "21000418450200051332"),
    iban("CH", "00762011623852957"),
    iban("BE", "539007547034"),
    iban("NO", "86011117947"),
]


@pytest.mark.parametrize("value", IBANS)
def test_valid_iban_is_found_compact_and_in_groups_of_four(engine: Engine, value: str) -> None:
    for written in (value, in_fours(value)):
        text = f"Pay to IBAN {written}, thanks"
        f = only(engine, text, "IBAN_CODE")
        assert (f.start, f.end) == (12, 12 + len(written))
        assert f.detail == value[:2]
        assert f.score == pytest.approx(1.0)


def test_lower_case_iban_without_cue_is_found(engine: Engine) -> None:
    value = IBANS[1].lower()
    f = only(engine, f"x {value} y", "IBAN_CODE")
    assert (f.start, f.end) == (2, 2 + len(value))
    assert f.score == pytest.approx(0.95)


def _bad_check(value: str) -> str:
    return value[:2] + f"{(int(value[2:4]) + 1) % 100:02d}" + value[4:]


@pytest.mark.parametrize(
    "written",
    [
        pytest.param(_bad_check(IBANS[0]), id="bad-checksum"),
        pytest.param(in_fours(_bad_check(IBANS[2])), id="bad-checksum-grouped"),
        pytest.param(iban("DE", "3704004405320130001"), id="too-long-valid-checksum"),
        pytest.param(iban("DE", "37040044053201300"), id="too-short-valid-checksum"),
        pytest.param(in_fours(iban("GB", "WEST123456987654321")), id="too-long-grouped"),
        pytest.param(in_fours(IBANS[6]) + " 12", id="extra-digit-group"),
        pytest.param(iban("US", "370400440532013000"), id="not-an-iban-country"),
        pytest.param("x" + IBANS[1], id="glued-before"),
        pytest.param(IBANS[1] + "9", id="glued-after"),
    ],
)
def test_invalid_iban_is_not_reported(engine: Engine, written: str) -> None:
    assert spans(engine, f"IBAN {written} ok", "IBAN_CODE") == []


# --- SWIFT_CODE ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("SWIFT: DEUTDEFF, Frankfurt", (7, 15)),
        ("BIC DEUTDEFF500 (branch)", (4, 15)),
        ("wire to bank CHASUS33 today", (13, 21)),
        ("bank transfer, code BNPAFRPPXXX", (20, 31)),
    ],
)
def test_swift_code_near_a_banking_cue_is_found(
    engine: Engine, text: str, span: tuple[int, int]
) -> None:
    assert spans(engine, text, "SWIFT_CODE") == [span]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Contact DEUTDEFF about it", id="no-cue"),
        pytest.param("the DATABASE and the HOSPITAL PASSWORD", id="words-no-cue"),
        pytest.param("bank DATABASE HOSPITAL DEPOSITS", id="words-loose-cue"),
        pytest.param("swift code ABCDZZ12", id="not-a-country"),
        pytest.param("swift code deutdeff", id="lower-case"),
        pytest.param("swift code DEUTDEFF5", id="nine-characters"),
        pytest.param("swift code XDEUTDEFF", id="inside-a-longer-word"),
    ],
)
def test_non_swift_words_are_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine, text, "SWIFT_CODE") == []


# --- ABA_ROUTING_NUMBER -------------------------------------------------------------

ROUTING = aba("02100002")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (f"Routing number: {ROUTING}", (16, 25)),
        (f"ABA {ROUTING} for wires", (4, 13)),
        (f"RTN {ROUTING[:4]}-{ROUTING[4:8]}-{ROUTING[8]}", (4, 15)),
        (f"transit {aba('32107654')}", (8, 17)),
        (f"routing {aba('80000000')}", (8, 17)),
    ],
)
def test_routing_number_with_cue_is_found(engine: Engine, text: str, span: tuple[int, int]) -> None:
    assert spans(engine, text, "ABA_ROUTING_NUMBER") == [span]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"number {ROUTING}", id="no-cue"),
        pytest.param(f"routing {bad_luhn(ROUTING)}", id="bad-checksum"),
        pytest.param(f"routing {aba('13000000')}", id="prefix-13"),
        pytest.param(f"routing {aba('40000000')}", id="prefix-40"),
        pytest.param(f"routing {ROUTING}7", id="ten-digits"),
        pytest.param(f"routing {ROUTING[:4]}-{ROUTING[4:]}", id="one-dash"),
        pytest.param("routing 000000000", id="all-zero"),
    ],
)
def test_invalid_routing_number_is_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine, text, "ABA_ROUTING_NUMBER") == []


# --- US_BANK_NUMBER -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Account number: 12345678", (16, 24)),
        ("acct # 0012345678901", (7, 20)),
        ("checking 98765432101234567", (9, 26)),
        ("my bank account is 5550123456", (19, 29)),
        ("acct,routing\n7,99887766554\n", (15, 26)),
    ],
)
def test_bank_account_number_after_a_cue_is_found(
    engine: Engine, text: str, span: tuple[int, int]
) -> None:
    assert spans(engine, text, "US_BANK_NUMBER") == [span]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ticket 12345678", id="no-cue"),
        pytest.param("12345678 is my account number", id="cue-after"),
        pytest.param("account number 123456789012345678", id="eighteen-digits"),
        pytest.param("account number 1234567", id="seven-digits"),
        pytest.param("account number 11111111", id="same-digit"),
        pytest.param("account number AB12345678", id="glued"),
        pytest.param("account number 2024-12345678", id="dash-joined"),
    ],
)
def test_non_bank_numbers_are_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine, text, "US_BANK_NUMBER") == []


# --- robustness ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" * 200_000, id="digit-run"),
        pytest.param("4111 " * 40_000, id="card-like-groups"),
        pytest.param("1 " * 100_000, id="spaced-digits"),
        pytest.param("GB82 " * 40_000, id="iban-prefixes"),
        pytest.param("QWERTYUI swift " * 10_000, id="bic-shaped-words"),
    ],
)
def test_adversarial_inputs_complete_without_spans(engine: Engine, text: str) -> None:
    assert [f for f in engine.scan(text) if f.scope == "span"] == []
