"""Applying actions: nothing detected survives redaction or pseudonyms; pseudonyms go back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from airlock.detect import Engine, Vault, rehydrate
from airlock.policy import Destination, Outcome, load_policy, sanitize

ENGINE = Engine()
POLICY = load_policy(None)
DEST = Destination("openai", ("external",))
VALUES = [
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "AKIA2OGYBAH6QZXBWT7Q",
    "bob@corp.io",
    "<EMAIL_ADDRESS_1>",
    "<PERSON_2>",
]
FILLER = st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(FILLER, st.sampled_from(VALUES)), min_size=1, max_size=5))
def test_no_value_survives_and_pseudonyms_round_trip(parts: list[tuple[str, str]]) -> None:
    text = " ".join(f"{filler} {value} ." for filler, value in parts)
    findings = ENGINE.scan(text)
    vault = Vault()
    outcome = Outcome()
    out = sanitize(text, findings, policy=POLICY, dest=DEST, vault=vault, outcome=outcome)
    for f in findings:
        if f.scope == "span" and f.category in ("pii", "credential"):
            assert f.value(text) not in out
    # Only the masked card keeps some digits; everything pseudonymized comes back.
    if not any(f.category in ("financial", "credential") for f in findings):
        assert rehydrate(out, vault) == text


def test_mixed_actions_in_one_text() -> None:
    text = "mail jane.doe@example.com, card 4111 1111 1111 1111, key AKIA2OGYBAH6QZXBWT7Q"
    outcome = Outcome()
    out = sanitize(
        text, ENGINE.scan(text), policy=POLICY, dest=DEST, vault=Vault(), outcome=outcome
    )
    assert out == "mail <EMAIL_ADDRESS_1>, card **** **** **** 1111, key [AWS_ACCESS_KEY]"
    assert outcome.entities == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1, "AWS_ACCESS_KEY": 1}
    assert str(outcome.strongest) == "redact"
