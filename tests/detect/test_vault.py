from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from airlock.detect import StreamRehydrator, Vault, rehydrate

SECRET = "Jane Q. Secret-Value"


def _vault(*pairs: tuple[str, str]) -> Vault:
    vault = Vault()
    for entity, value in pairs:
        vault.token_for(entity, value)
    return vault


# --- the vault ----------------------------------------------------------------------------


def test_tokens_count_from_one_per_entity_and_repeat_for_the_same_value() -> None:
    vault = Vault()
    issued = [
        vault.token_for(entity, value)
        for entity, value in [
            ("PERSON", "Ann"),
            ("EMAIL_ADDRESS", "a@b.co"),
            ("PERSON", "Bob"),
            ("PERSON", "Ann"),
            ("ALIAS", "Ann"),
        ]
    ]
    assert issued == ["<PERSON_1>", "<EMAIL_ADDRESS_1>", "<PERSON_2>", "<PERSON_1>", "<ALIAS_1>"]
    assert len(vault) == 4
    assert vault.value_of("<PERSON_2>") == "Bob"
    assert vault.value_of("<PERSON_3>") is None
    assert "<ALIAS_1>" in vault
    assert vault.max_token_length == len("<EMAIL_ADDRESS_1>")


@pytest.mark.parametrize("entity", ["person", "", "1ST", "A-B", "A" * 65, "PERSON>"])
def test_an_entity_that_cannot_name_a_token_is_rejected(entity: str) -> None:
    with pytest.raises(ValueError, match="cannot name"):
        Vault().token_for(entity, "x")


def test_reserved_token_shapes_are_never_issued() -> None:
    vault = Vault()
    assert vault.reserve("<PERSON_1>") is False
    assert vault.reserve("<PERSON_01>") is False  # not a token a vault issues
    assert vault.token_for("PERSON", "Ann") == "<PERSON_2>"
    assert vault.reserve("<PERSON_2>") is True  # issued already: the caller escapes it


@pytest.mark.parametrize("shown", [repr, str])
def test_the_vault_never_shows_a_value(shown: object) -> None:
    vault = _vault(("PERSON", SECRET), ("EMAIL_ADDRESS", "jane@secret.example"))
    text = shown(vault)  # type: ignore[operator]
    assert text == "Vault(2 tokens)"
    assert "Secret" not in text and "jane" not in text


def test_a_persisted_vault_maps_the_same_and_continues_its_numbering() -> None:
    vault = _vault(("PERSON", "Ann"), ("PERSON", "Bob"), ("ALIAS", SECRET))
    vault.reserve("<PERSON_3>")
    restored = Vault.from_dict(json.loads(json.dumps(vault.to_dict())))
    assert restored.to_dict() == vault.to_dict()
    assert len(restored) == 3
    assert restored.token_for("PERSON", "Bob") == "<PERSON_2>"
    assert restored.token_for("PERSON", "Cy") == "<PERSON_4>"
    assert rehydrate("<ALIAS_1>", restored) == SECRET


def _data(*entries: object, reserved: object = ()) -> dict[str, object]:
    return {"version": 1, "entries": list(entries), "reserved": list(reserved)}  # type: ignore[call-overload]


def _entry(entity: str, value: object, token: str) -> dict[str, object]:
    return {"entity": entity, "value": value, "token": token}


@pytest.mark.parametrize(
    "data",
    [
        {"version": 2, "entries": []},
        {"version": 1, "entries": {}},
        _data("not an entry"),
        _data(_entry("PERSON", 7, "<PERSON_1>")),
        _data(_entry("PERSON", SECRET, "<ALIAS_1>")),
        _data(_entry("PERSON", SECRET, "<PERSON_0>")),
        _data(_entry("PERSON", SECRET, "PERSON_1")),
        _data(_entry("PERSON", SECRET, "<PERSON_1>"), _entry("PERSON", "Bob", "<PERSON_1>")),
        _data(_entry("PERSON", SECRET, "<PERSON_1>"), _entry("PERSON", SECRET, "<PERSON_2>")),
        _data(reserved=["<div>"]),
    ],
)
def test_a_malformed_vault_is_rejected_without_showing_values(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="vault") as error:
        Vault.from_dict(data)
    assert SECRET not in str(error.value)


# --- rehydrate ----------------------------------------------------------------------------

REHYDRATE_CASES = [
    ("Dear <PERSON_1>,", "Dear Ann,"),
    ("<PERSON_1><PERSON_2>", "AnnBob"),
    ("<<PERSON_1>>", "<Ann>"),
    ("<PERSON_99> and <div> and <PERSON_1 > and <person_1>", None),
    ("mail <EMAIL_ADDRESS_1> or <EMAIL_ADDRESS:1>", "mail a@b.co or <EMAIL_ADDRESS:1>"),
    ("plain text", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), REHYDRATE_CASES)
def test_rehydrate_replaces_only_tokens_the_vault_issued(text: str, expected: str | None) -> None:
    vault = _vault(("PERSON", "Ann"), ("PERSON", "Bob"), ("EMAIL_ADDRESS", "a@b.co"))
    assert rehydrate(text, vault) == (text if expected is None else expected)


def test_values_are_not_rehydrated_again() -> None:
    vault = _vault(("PERSON", "<PERSON_2>"), ("PERSON", "Bob"))
    assert rehydrate("<PERSON_1> <PERSON_2>", vault) == "<PERSON_2> Bob"


# --- streaming ----------------------------------------------------------------------------

STREAM_CASES = [
    (["Hi <PERS", "ON_1>!"], ["Hi ", "Ann!"], ""),
    (["Hi <PERSON_1", ">, <", "EMAIL_ADDRESS_1> ok"], ["Hi ", "Ann, ", "a@b.co ok"], ""),
    (["a < b", " and c <"], ["a < b", " and c "], "<"),
    (["<PERSON_9", "9>"], ["", "<PERSON_99>"], ""),
    (["ends with <PERS"], ["ends with "], "<PERS"),
]


@pytest.mark.parametrize(("chunks", "outputs", "rest"), STREAM_CASES)
def test_stream_holds_back_only_a_possible_partial_token(
    chunks: list[str], outputs: list[str], rest: str
) -> None:
    stream = StreamRehydrator(_vault(("PERSON", "Ann"), ("EMAIL_ADDRESS", "a@b.co")))
    assert [stream.feed(chunk) for chunk in chunks] == outputs
    assert stream.flush() == rest


def test_a_stray_angle_bracket_is_held_no_longer_than_a_token() -> None:
    vault = _vault(("PERSON", "Ann"))
    stream = StreamRehydrator(vault)
    fed = emitted = ""
    for chunk in ["x <", *["A"] * 40]:
        fed += chunk
        emitted += stream.feed(chunk)
        assert fed.startswith(emitted)
        assert len(fed) - len(emitted) < vault.max_token_length
    assert emitted + stream.flush() == fed


def test_an_empty_vault_holds_nothing_back() -> None:
    assert StreamRehydrator(Vault()).feed("<PERSON_") == "<PERSON_"


# --- properties ---------------------------------------------------------------------------

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "ID_2", "A", "X" * 64]
stream_pieces = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["<", ">", "_", "<PERSON_", "<ID_2_", "<A_1", "<div>", "<PERSON_99>"]),
    st.builds(lambda e, n: f"<{e}_{n}>", st.sampled_from(ENTITIES), st.integers(1, 4)),
)


@given(
    st.lists(st.tuples(st.sampled_from(ENTITIES), st.text(max_size=5)), max_size=10),
    st.lists(stream_pieces, max_size=20).map("".join),
    st.data(),
)
def test_streamed_rehydration_equals_one_shot_for_any_chunking(
    pairs: list[tuple[str, str]], text: str, data: st.DataObject
) -> None:
    vault = _vault(*pairs)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    bounds = [0, *cuts, len(text)]
    stream = StreamRehydrator(vault)
    out = "".join(stream.feed(text[a:b]) for a, b in itertools.pairwise(bounds))
    assert out + stream.flush() == rehydrate(text, vault)


@given(st.text(alphabet="<>_AZ19 x", max_size=300), st.lists(st.integers(1, 30), max_size=30))
def test_streamed_text_without_tokens_lags_by_less_than_a_token(
    text: str, sizes: list[int]
) -> None:
    vault = _vault(("PERSON", "Ann"), ("EMAIL_ADDRESS", "a@b.co"))  # no such token in text
    stream = StreamRehydrator(vault)
    fed = emitted = ""
    for size in sizes:
        chunk, text = text[:size], text[size:]
        fed += chunk
        emitted += stream.feed(chunk)
        assert fed.startswith(emitted)
        assert len(fed) - len(emitted) < vault.max_token_length
    assert emitted + stream.feed(text) + stream.flush() == fed + text
