"""US bank account numbers: which account labels count, and how they outrank card and ABA shapes.

Numbers are generated here (Luhn and ABA check digits computed), never real accounts.
Every case runs through the real `Engine` on both matcher backends.
"""

from __future__ import annotations

import random

import pytest

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.detectors import financial
from tests.detect.test_financial import aba, card

ENTITIES = [spec.id for spec in financial.ENTITIES]
_RNG = random.Random(20240611)


def account(length: int) -> str:
    """A generated account number: no leading zero, not all one digit."""
    while True:
        value = str(_RNG.randint(1, 9)) + "".join(
            str(_RNG.randint(0, 9)) for _ in range(length - 1)
        )
        if len(set(value)) > 1:
            return value


ACCOUNTS = [account(n) for n in (8, 10, 12, 15, 17)]
ROUTING = aba("02100002")
LUHN_15 = card("37", 15)  # passes Luhn with an Amex prefix
ABA_SHAPED = aba("06100015")  # a 9-digit account number that passes the ABA checksum


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=ENTITIES, matcher=request.param))


def at(engine: Engine, text: str, value: str) -> list[Finding]:
    """The findings overlapping the (first) occurrence of `value`."""
    start = text.index(value)
    end = start + len(value)
    return [f for f in engine.scan(text) if f.start < end and start < f.end]


def entity_at(engine: Engine, text: str, value: str) -> str | None:
    found = at(engine, text, value)
    assert len(found) <= 1, found
    return found[0].entity if found else None


# --- the bare word "account" --------------------------------------------------------


@pytest.mark.parametrize("value", ACCOUNTS)
@pytest.mark.parametrize(
    "template",
    [
        "A customer called about account {v} (routing {r}). Draft a dispute letter.",
        "Please transfer the refund to account {v} at our bank.",
        "Wire the balance to account: {v}, routing {r}",
        "Direct debit from account #{v} failed twice.",
    ],
)
def test_bare_account_before_the_number_with_a_banking_cue_is_found(
    engine: Engine, template: str, value: str
) -> None:
    text = template.format(v=value, r=ROUTING)
    assert entity_at(engine, text, value) == "US_BANK_NUMBER"


@pytest.mark.parametrize("value", ACCOUNTS)
@pytest.mark.parametrize(
    "template",
    [
        pytest.param("Deploy the stack into AWS account {v} (us-east-1).", id="aws-account"),
        pytest.param("Our AWS account number {v} was charged for the bank API.", id="aws-number"),
        pytest.param("The service account {v} owns the bank export job.", id="service-account"),
        pytest.param("Your account ID {v} is shown under account settings.", id="account-id"),
        pytest.param("Open account settings, then paste {v} in the bank field.", id="settings"),
        pytest.param("Sign-in from account {v} was blocked at 09:14.", id="no-banking-cue"),
        pytest.param("The user account {v} was locked after a wire fraud alert.", id="user"),
    ],
)
def test_account_that_is_not_a_bank_account_is_not_reported(
    engine: Engine, template: str, value: str
) -> None:
    text = template.format(v=value)
    assert entity_at(engine, text, value) is None


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("bank_account_number = ", ACCOUNTS[1]),
        ('"accountNumber": "', ACCOUNTS[2]),
        ("acct_no=", ACCOUNTS[0]),
        ("checking account ", ACCOUNTS[4]),
    ],
)
def test_account_label_written_as_an_identifier_is_found(
    engine: Engine, label: str, value: str
) -> None:
    text = f"{label}{value}\n"
    assert entity_at(engine, text, value) == "US_BANK_NUMBER"


# --- an account label outranks the card and routing shapes ---------------------------


@pytest.mark.parametrize(
    "label",
    ["account no. ", "Account number: ", "acct # ", "bank account ", "checking account "],
)
@pytest.mark.parametrize(
    "value", [pytest.param(LUHN_15, id="luhn-15"), pytest.param(ABA_SHAPED, id="aba-9")]
)
def test_number_labelled_as_an_account_is_an_account_not_a_card_or_routing_number(
    engine: Engine, label: str, value: str
) -> None:
    text = f"Wire instructions for card payments: routing (ABA) {ROUTING}, {label}{value}, thanks"
    assert entity_at(engine, text, value) == "US_BANK_NUMBER"
    assert entity_at(engine, text, ROUTING) == "ABA_ROUTING_NUMBER"


@pytest.mark.parametrize(
    ("entity", "value"), [("CREDIT_CARD", LUHN_15), ("ABA_ROUTING_NUMBER", ABA_SHAPED)]
)
def test_labelled_account_still_counts_for_its_shape_when_accounts_are_not_scanned(
    entity: str, value: str
) -> None:
    only = Engine(DetectConfig(entities=[entity]))
    text = f"wire via routing, account no. {value}"
    assert [f.entity for f in only.scan(text)] == [entity]


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        pytest.param(
            f"account holder's card: {LUHN_15}", LUHN_15, "CREDIT_CARD", id="card-cue-closer"
        ),
        pytest.param(
            f"credit card account number {LUHN_15}", LUHN_15, "CREDIT_CARD", id="card-account"
        ),
        pytest.param(
            f"checking account, routing no. {ABA_SHAPED}",
            ABA_SHAPED,
            "ABA_ROUTING_NUMBER",
            id="routing-cue-closer",
        ),
        pytest.param(
            f"acct {ACCOUNTS[0]} / routing {ABA_SHAPED}",
            ABA_SHAPED,
            "ABA_ROUTING_NUMBER",
            id="routing-after-account",
        ),
    ],
)
def test_a_closer_card_or_routing_cue_keeps_the_number(
    engine: Engine, text: str, value: str, entity: str
) -> None:
    assert entity_at(engine, text, value) == entity


def test_routing_cue_on_a_later_line_does_not_confirm_a_number(engine: Engine) -> None:
    text = f"Subject: Action required {ROUTING}\n\nHi Sam,\n\nWire instructions follow."
    assert entity_at(engine, text, ROUTING) is None
    same_line = f"Subject: {ROUTING} (routing number for the wire)"
    assert entity_at(engine, same_line, ROUTING) == "ABA_ROUTING_NUMBER"


def test_a_word_cut_by_the_context_window_is_no_routing_cue(engine: Engine) -> None:
    # The 48-character window after the number ends inside "abacus": "aba" is no cue.
    text = f"ref {ROUTING} " + "-" * 43 + " abacus"
    assert text.index("abacus") + 3 == text.index(ROUTING) + len(ROUTING) + 48
    assert entity_at(engine, text, ROUTING) is None
    assert entity_at(engine, text.replace("abacus", "aba"), ROUTING) == "ABA_ROUTING_NUMBER"
