from __future__ import annotations

import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from airlock.detect import (
    DetectConfig,
    Engine,
    Finding,
    Vault,
    hash_values,
    mask,
    pseudonymize,
    redact,
    rehydrate,
)
from airlock.detect.config import CustomPattern, TermList

KEY = b"test-key-not-a-secret"


def _f(
    start: int, end: int, entity: str = "PERSON", score: float = 0.9, scope: str = "span"
) -> Finding:
    return Finding(start, end, entity, "pii", score, "test", scope)  # type: ignore[arg-type]


def _at(text: str, value: str, entity: str = "PERSON", score: float = 0.9) -> Finding:
    start = text.index(value)
    return _f(start, start + len(value), entity, score)


def _mac(entity: str, value: str, length: int = 16) -> str:
    digest = hmac.new(KEY, f"{entity}\0{value}".encode(), hashlib.sha256).hexdigest()
    return f"<{entity}:{digest[:length]}>"


# --- redact -------------------------------------------------------------------------------

REDACT_CASES = [
    ("mail a@b.co now", [_f(5, 11, "EMAIL_ADDRESS")], "mail [EMAIL_ADDRESS] now"),
    ("Ann and Bob", [_f(8, 11), _f(0, 3)], "[PERSON] and [PERSON]"),
    ("AnnBob", [_f(0, 3), _f(3, 6, "ALIAS")], "[PERSON][ALIAS]"),
    # overlapping: one label for the union, from the higher score
    ("x 123456789 y", [_f(2, 8, "US_SSN", 0.6), _f(5, 11, "PHONE", 0.8)], "x [PHONE] y"),
    ("x 123456789 y", [_f(2, 11, "US_SSN", 0.95), _f(4, 6, "PHONE", 0.5)], "x [US_SSN] y"),
    # equal scores: the longer span names the union
    ("x 123456789 y", [_f(4, 6, "PHONE"), _f(2, 11, "US_SSN")], "x [US_SSN] y"),
    ("x 1234 y", [_f(2, 6, "A", 0.7), _f(2, 6, "B", 0.9)], "x [B] y"),
    ("whole text", [_f(0, 10, "CODE", scope="document")], "whole text"),
    ("no findings", [], "no findings"),
    ("empty span", [_f(3, 3)], "empty span"),
]


@pytest.mark.parametrize(("text", "findings", "expected"), REDACT_CASES)
def test_redact_replaces_each_value_by_its_entity(
    text: str, findings: list[Finding], expected: str
) -> None:
    assert redact(text, findings) == expected


@pytest.mark.parametrize("finding", [_f(0, 12), _f(-1, 2), _f(3, 2)])
def test_a_finding_outside_the_text_is_rejected(finding: Finding) -> None:
    for transform in (redact, mask):
        with pytest.raises(ValueError, match="outside the text"):
            transform("0123456789", [finding])


# --- mask ---------------------------------------------------------------------------------

MASK_CASES = [
    ("card 4111 1111 1111 1111.", "4111 1111 1111 1111", {}, "card **** **** **** 1111."),
    ("ssn 123-45-6789", "123-45-6789", {}, "ssn ***-**-6789"),
    ("tel +1 (555) 010-9999", "+1 (555) 010-9999", {}, "tel +* (***) ***-9999"),
    ("mail jane.doe@example.org", "jane.doe@example.org", {}, "mail ****.***@******e.org"),
    ("code 12345678", "12345678", {}, "code ********"),
    ("mail a@b.co", "a@b.co", {}, "mail ******"),
    ("pin 12-34-56-78", "12-34-56-78", {}, "pin ***********"),
    ("iban DE44500105175407324931", "DE44500105175407324931", {"keep": 0}, "iban " + "*" * 22),
    ("acct 1234567890", "1234567890", {"keep": 2, "char": "#"}, "acct ########90"),
    # never more than half of the letters and digits shown
    ("acct 1234567890", "1234567890", {"keep": 9}, "acct *****67890"),
    ("Øystein Ærøskøbing", "Øystein Ærøskøbing", {}, "******* ******bing"),
]


@pytest.mark.parametrize(("text", "value", "options", "expected"), MASK_CASES)
def test_mask_keeps_the_last_characters_and_punctuation(
    text: str, value: str, options: dict[str, object], expected: str
) -> None:
    assert mask(text, [_at(text, value)], **options) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("options", "message"), [({"keep": -1}, "keep"), ({"char": "**"}, "char")])
def test_mask_rejects_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mask("1234567890", [_f(0, 10)], **options)  # type: ignore[arg-type]


# --- hash_values --------------------------------------------------------------------------


def test_hash_replaces_values_by_keyed_tokens_equal_for_equal_values() -> None:
    text = "a@b.co wrote to c@d.co and a@b.co"
    findings = [_f(0, 6, "EMAIL_ADDRESS"), _f(16, 22, "EMAIL_ADDRESS"), _f(27, 33, "EMAIL_ADDRESS")]
    first, second = _mac("EMAIL_ADDRESS", "a@b.co"), _mac("EMAIL_ADDRESS", "c@d.co")
    assert hash_values(text, findings, KEY) == f"{first} wrote to {second} and {first}"
    assert first != second


@pytest.mark.parametrize(
    ("entity", "key", "length"),
    [("PERSON", KEY, 16), ("ALIAS", KEY, 16), ("PERSON", KEY + b"2", 16), ("PERSON", KEY, 32)],
)
def test_hash_depends_on_entity_key_and_length(entity: str, key: bytes, length: int) -> None:
    token = hash_values("Ann", [_f(0, 3, entity)], key, length=length)
    digest = hmac.new(key, f"{entity}\0Ann".encode(), hashlib.sha256).hexdigest()
    assert token == f"<{entity}:{digest[:length]}>"
    assert re.fullmatch(rf"<{entity}:[0-9a-f]{{{length}}}>", token)


@pytest.mark.parametrize(
    ("key", "length", "message"), [(b"", 16, "key"), (KEY, 4, "length"), (KEY, 65, "length")]
)
def test_hash_rejects_an_empty_key_or_a_bad_length(key: bytes, length: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        hash_values("Ann", [_f(0, 3)], key, length=length)


def test_hash_accepts_text_with_lone_surrogates() -> None:
    assert hash_values("\ud800x", [_f(0, 2)], KEY).startswith("<PERSON:")


# --- pseudonymize -------------------------------------------------------------------------

PSEUDONYM_CASES = [
    ("Ann met Bob; Ann left", ["Ann", "Bob", "Ann"], "<PERSON_1> met <PERSON_2>; <PERSON_1> left"),
    # token-shaped strings of the text are reserved: no value gets their token
    ("<PERSON_1> is Ann", ["Ann"], "<PERSON_1> is <PERSON_2>"),
    ("<div>Ann</div> <PERSON_07>", ["Ann"], "<div><PERSON_1></div> <PERSON_07>"),
]


@pytest.mark.parametrize(("text", "values", "expected"), PSEUDONYM_CASES)
def test_pseudonymize_gives_consistent_numbered_tokens(
    text: str, values: list[str], expected: str
) -> None:
    findings, pos = [], 0
    for value in values:
        start = text.index(value, pos)
        findings.append(_f(start, start + len(value)))
        pos = start + len(value)
    vault = Vault()
    assert pseudonymize(text, findings, vault) == expected
    assert rehydrate(expected, vault) == text


def test_pseudonymize_counts_per_entity() -> None:
    text = "Ann a@b.co Bob"
    findings = [_f(11, 14), _f(4, 10, "EMAIL_ADDRESS"), _f(0, 3)]
    assert pseudonymize(text, findings, Vault()) == "<PERSON_1> <EMAIL_ADDRESS_1> <PERSON_2>"


def test_an_issued_token_typed_in_a_later_text_is_escaped_and_maps_back() -> None:
    vault = Vault()
    assert pseudonymize("Ann", [_f(0, 3)], vault) == "<PERSON_1>"
    later = "Who is <PERSON_1>?"
    assert pseudonymize(later, [], vault) == "Who is <LITERAL_1>?"
    assert rehydrate("Who is <LITERAL_1>?", vault) == later


def test_pseudonymize_rejects_an_entity_that_cannot_name_a_token() -> None:
    with pytest.raises(ValueError, match="cannot name"):
        pseudonymize("Ann", [_f(0, 3, "person")], Vault())


def test_overlapping_findings_become_one_token_that_maps_back_to_the_union() -> None:
    text = "id 123456789."
    vault = Vault()
    out = pseudonymize(text, [_f(3, 9, "US_SSN", 0.6), _f(6, 12, "PHONE", 0.8)], vault)
    assert out == "id <PHONE_1>."
    assert vault.value_of("<PHONE_1>") == "123456789"


# --- through the engine -------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_engine_findings_round_trip_through_every_transform(backend: str) -> None:
    engine = Engine(
        DetectConfig(
            matcher=backend,
            custom_patterns=[CustomPattern(entity="TICKET", pattern=r"\bTCK-[0-9]{6}\b")],
            custom_terms=[TermList(entity="CODENAME", terms=["Project Falcon"])],
        )
    )
    text = "Project Falcon: see TCK-123456 and TCK-654321, then TCK-123456 again."
    findings = engine.scan(text)
    assert redact(text, findings) == ("[CODENAME]: see [TICKET] and [TICKET], then [TICKET] again.")
    assert (
        mask(text, findings)
        == "******* **lcon: see ***-**3456 and ***-**4321, then ***-**3456 again."
    )
    vault = Vault()
    pseudonymized = pseudonymize(text, findings, vault)
    assert pseudonymized == ("<CODENAME_1>: see <TICKET_1> and <TICKET_2>, then <TICKET_1> again.")
    assert rehydrate(pseudonymized, vault) == text


# --- properties ---------------------------------------------------------------------------

# Planted values use letters that the filler, labels and tokens never contain, so any of
# them in an output is a leak.
SECRET = "αβγδεζηθικλμνξοπρστυφχψω"
ENTITIES = ["PERSON", "EMAIL_ADDRESS", "ID_2", "LITERAL", "A"]
TOKENISH = ["<PERSON_1>", "<PERSON_2>", "<LITERAL_1>", "<ID_2_1>", "<A_1>", "<div>", "<", ">", "_1"]

filler = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=8),
    st.sampled_from(TOKENISH),
)


@st.composite
def planted(draw: st.DrawFn, values: st.SearchStrategy[str]) -> tuple[str, list[Finding]]:
    """A text with values planted between fillers, their findings shuffled, plus overlaps."""
    pieces = draw(st.lists(st.tuples(filler, values, st.sampled_from(ENTITIES)), max_size=8))
    text, findings = "", []
    for fill, value, entity in pieces:
        text += fill
        findings.append(_f(len(text), len(text) + len(value), entity, draw(st.floats(0, 1))))
        text += value
    text += draw(filler)
    if text:
        bounds = st.integers(0, len(text))
        for a, b in draw(st.lists(st.tuples(bounds, bounds), max_size=3)):
            findings.append(_f(min(a, b), max(a, b), draw(st.sampled_from(ENTITIES))))
    findings.append(_f(0, len(text), "SOURCE_CODE", scope="document"))
    return text, draw(st.permutations(findings))


secret_values = st.text(alphabet=SECRET, min_size=1, max_size=24)
any_values = st.one_of(secret_values, st.sampled_from(TOKENISH), st.text(min_size=1, max_size=12))


@given(planted(secret_values))
def test_no_planted_value_survives_any_transform(case: tuple[str, list[Finding]]) -> None:
    text, findings = case
    outputs = [
        redact(text, findings),
        mask(text, findings, keep=0),
        hash_values(text, findings, KEY),
        pseudonymize(text, findings, Vault()),
    ]
    for output in outputs:
        assert not set(output) & set(SECRET)


@given(planted(any_values), planted(any_values))
def test_rehydrate_inverts_pseudonymize_across_a_conversation(
    first: tuple[str, list[Finding]], second: tuple[str, list[Finding]]
) -> None:
    vault = Vault()
    out_first = pseudonymize(first[0], first[1], vault)
    out_second = pseudonymize(second[0], second[1], vault)
    restored = Vault.from_dict(vault.to_dict())
    for v in (vault, restored):
        assert rehydrate(out_first, v) == first[0]
        assert rehydrate(out_second, v) == second[0]


@given(
    st.lists(st.tuples(st.sampled_from(ENTITIES), secret_values), min_size=1, max_size=6),
    st.data(),
)
def test_pseudonyms_are_consistent_and_distinct_across_calls(
    pool: list[tuple[str, str]], data: st.DataObject
) -> None:
    vault = Vault()
    seen: dict[tuple[str, str], str] = {}
    for _ in range(2):
        picks = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
        text, findings = "", []
        for entity, value in picks:
            findings.append(_f(len(text), len(text) + len(value), entity))
            text += value + " | "
        tokens = pseudonymize(text, findings, vault).split(" | ")[:-1]
        for pick, token in zip(picks, tokens, strict=True):
            assert seen.setdefault(pick, token) == token
    assert len(set(seen.values())) == len(seen)
