from __future__ import annotations

from functools import cache

import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.detectors import government

BACKENDS = ["hyperscan", "re"]
GOVERNMENT = ["US_SSN", "US_ITIN", "UK_NINO", "UK_NHS", "CA_SIN", "DATE_OF_BIRTH"]


@cache
def _engine(backend: str) -> Engine:
    return Engine(DetectConfig(matcher=backend, entities=GOVERNMENT))


def _found(backend: str, text: str, entity: str) -> list[str]:
    return [f.value(text) for f in _engine(backend).scan(text, entities=[entity])]


def _score(backend: str, text: str, entity: str) -> float:
    (finding,) = _engine(backend).scan(text, entities=[entity])
    return finding.score


# Test numbers are built here, with their check digits computed, rather than copied.


def _sep(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(digits[i : i + size])
        i += size
    return sep.join(parts)


def _ssn(area: str, group: str, serial: str, sep: str = "-") -> str:
    return sep.join((area, group, serial))


def _nhs(first9: str, sep: str = " ") -> str:
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    assert check != 10, "no valid NHS number starts with these digits"
    return _sep(first9 + str(check), (3, 3, 4), sep)


def _luhn_complete(first8: str) -> str:
    for last in "0123456789":
        digits = first8 + last
        total = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def _sin(first8: str, sep: str = " ") -> str:
    return _sep(_luhn_complete(first8), (3, 3, 3), sep)


SSN = _ssn("536", "22", "8462")
NHS = _nhs("401023213")
SIN = _sin("13069254")


def test_government_entities_are_pii_with_presidio_names_where_presidio_has_them() -> None:
    specs = {e.id: e for e in government.ENTITIES}
    assert set(specs) == set(GOVERNMENT)
    assert all(e.category == "pii" for e in specs.values())
    assert {e.id for e in specs.values() if e.presidio} == {
        "US_SSN",
        "US_ITIN",
        "UK_NINO",
        "UK_NHS",
    }


# --- US SSN / ITIN ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"SSN: {SSN}", [SSN]),
        (f"employee {SSN}.", [SSN]),
        (f"social security number {_ssn('536', '22', '8462', ' ')}", ["536 22 8462"]),
        ("ssn=536228462", ["536228462"]),
        (f"a {SSN} b {_ssn('701', '01', '0001')}", [SSN, "701-01-0001"]),
    ],
)
def test_ssns_are_found_with_exact_spans(backend: str, text: str, expected: list[str]) -> None:
    assert _found(backend, text, "US_SSN") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        _ssn("000", "12", "3456"),
        _ssn("666", "12", "3456"),
        _ssn("123", "00", "4567"),
        _ssn("536", "22", "0000"),
        _ssn("078", "05", "1120"),  # the Woolworth wallet card
        _ssn("123", "45", "6789"),
        _ssn("111", "11", "1111"),
        "order 536228462",  # nine bare digits need an SSN cue
        "ids 1234567890123456789012345",
        f"foo_{SSN} ID-{SSN}-X v{SSN}",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "commit 3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b",
        "at 2024-01-15T10:30:45Z for $1,234,567.89",
    ],
)
def test_invalid_or_unrelated_numbers_are_not_ssns(backend: str, text: str) -> None:
    assert _found(backend, text, "US_SSN") == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_ssn_cue_raises_the_score_of_a_formatted_ssn(backend: str) -> None:
    assert _score(backend, f"ref {SSN}", "US_SSN") < _score(backend, f"SSN {SSN}", "US_SSN")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ITIN 912-70-1234", ["912-70-1234"]),
        ("filer 950-51-2345 and 999-94-0001", ["950-51-2345", "999-94-0001"]),
        ("taxpayer id 912651234", ["912651234"]),
        ("912-40-1234 912-66-1234 912-69-1234 912-89-1234 912-93-1234", []),
        ("912701234", []),
    ],
)
def test_itins_need_a_valid_group(backend: str, text: str, expected: list[str]) -> None:
    assert _found(backend, text, "US_ITIN") == expected
    assert _found(backend, text, "US_SSN") == []


# --- UK NINO / NHS ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NI: AB 12 34 56 C", ["AB 12 34 56 C"]),
        ("ref CE123456D.", ["CE123456D"]),
        ("JG123456 A", ["JG123456 A"]),
        ("national insurance ab123456c", ["ab123456c"]),
        ("first letter O: OA123456B", ["OA123456B"]),
    ],
)
def test_ninos_are_found_with_exact_spans(backend: str, text: str, expected: list[str]) -> None:
    assert _found(backend, text, "UK_NINO") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "GB123456A BG123456A NK123456A TN123456A ZZ123456A",
        "DA123456A FA123456A QA123456A UA123456A VA123456A",
        "AD123456A AO123456A AQ123456A",
        "AB123456E",
        "XAB123456C AB1234567C",
        "ab123456c",  # lower case needs a NINO cue
        "AB 12 34 56C",
    ],
)
def test_invalid_ninos_are_not_reported(backend: str, text: str) -> None:
    assert _found(backend, text, "UK_NINO") == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"NHS number: {NHS}", [NHS]),
        (f"patient {_nhs('401023213', '-')}", [_nhs("401023213", "-")]),
        (f"hospital ref {_nhs('401023213', '')}", [_nhs("401023213", "")]),
        (f"{NHS} (registered with a GP)", [NHS]),
    ],
)
def test_nhs_numbers_are_found_next_to_a_health_cue(
    backend: str, text: str, expected: list[str]
) -> None:
    assert _found(backend, text, "UK_NHS") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        f"call {NHS}",  # the US phone shape: no health cue, no finding
        "NHS number: " + NHS[:-1] + str((int(NHS[-1]) + 1) % 10),
        "NHS number: " + NHS[:3] + "-" + NHS[4:],  # mixed separators
        "NHS number: 000 000 0000",
    ],
)
def test_nhs_look_alikes_are_not_reported(backend: str, text: str) -> None:
    assert _found(backend, text, "UK_NHS") == []


def _nhs_valid_tails(first6: str, count: int) -> list[str]:
    """`count` ten-digit numbers starting with `first6` that pass the NHS checksum."""
    out = []
    for n in range(1000):
        first9 = first6 + f"{n:03d}"
        total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            out.append(first9 + str(check))
        if len(out) == count:
            return out
    raise AssertionError("unreachable")


# Ten digits that pass the NHS checksum and are also UK numbers (area 0117, exchange 496).
NHS_SHAPED_PHONES = _nhs_valid_tails("117496", 4)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "template",
    [
        "The GP practice can be reached on +44 {a} {b} {c}.",
        "The GP practice can be reached on +44(0){a}{b}{c}.",
        "The GP practice can be reached on +44 (0){a} {b} {c}.",
        "Hospital switchboard: 0044 {a} {b} {c}",
        "The GP practice can be reached on {a} {b} {c}.",
        "Patient services, phone: {a}{b}{c}",
        "Patient? call us on {a} {b} {c}",
        "Routing number 021000021, account number {a}{b}{c}. Patient Jane Roe was seen.",
    ],
)
def test_nhs_checksummed_numbers_that_are_phones_or_accounts_are_not_nhs_numbers(
    backend: str, template: str
) -> None:
    for digits in NHS_SHAPED_PHONES:
        text = template.format(a=digits[:3], b=digits[3:6], c=digits[6:])
        assert _found(backend, text, "UK_NHS") == [], text


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("template", "sep"),
    [
        ("Patient Jane Roe, phone 0161 496 0018, NHS number {}.", " "),
        ("Phone: 0161 496 0018. Patient NHS no. {}", ""),
        ("NHS number {} (call the GP practice if it is lost)", " "),
        ("{} (NHS number; phone the practice to update it)", "-"),
    ],
)
def test_nhs_numbers_near_a_phone_cue_of_another_value_are_still_found(
    backend: str, template: str, sep: str
) -> None:
    for digits in NHS_SHAPED_PHONES:
        value = _sep(digits, (3, 3, 4), sep)
        text = template.format(value)
        assert _found(backend, text, "UK_NHS") == [value], text


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_uk_phone_that_passes_the_nhs_checksum_is_reported_as_a_phone(backend: str) -> None:
    engine = Engine(DetectConfig(matcher=backend, entities=["UK_NHS", "PHONE_NUMBER"]))
    for digits in NHS_SHAPED_PHONES:
        value = f"+44 {digits[:3]} {digits[3:6]} {digits[6:]}"
        text = f"The GP practice can be reached on {value}. Review in six weeks."
        found = [(f.entity, f.value(text)) for f in engine.scan(text)]
        assert found == [("PHONE_NUMBER", value)], text


# --- Canadian SIN -----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"SIN: {SIN}", [SIN]),
        (f"social insurance number {_sin('13069254', '-')}", [_sin("13069254", "-")]),
        (f"Canada {_sin('13069254', '')}", [_sin("13069254", "")]),
    ],
)
def test_sins_are_found_next_to_a_cue(backend: str, text: str, expected: list[str]) -> None:
    assert _found(backend, text, "CA_SIN") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        f"ref {SIN}",  # no cue
        "SIN: " + SIN[:-1] + str((int(SIN[-1]) + 1) % 10),  # bad Luhn digit
        f"SIN: {_sin('04645428')} and {_sin('84645428')}",  # never starts with 0 or 8
        f"SIN: {SIN[:3]}-{SIN[4:]}",  # mixed separators
    ],
)
def test_sin_look_alikes_are_not_reported(backend: str, text: str) -> None:
    assert _found(backend, text, "CA_SIN") == []


# --- dates of birth ---------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB: 1990-01-31", ["1990-01-31"]),
        ("Date of birth: 01/31/1990", ["01/31/1990"]),
        ("born 31/01/1990 in Leeds", ["31/01/1990"]),
        ("d.o.b. 31.01.1990", ["31.01.1990"]),
        ("Birthday: 12 March 1985", ["12 March 1985"]),
        ("she was born on March 12, 1985.", ["March 12, 1985"]),
        ("DOB 12-Mar-1985", ["12-Mar-1985"]),
        ("birth date 3rd of June, 1970", ["3rd of June, 1970"]),
        ("geboren am 12.03.1985", ["12.03.1985"]),
        ("n\u00e9e le 3 mars 1970", ["3 mars 1970"]),
        ("1985-03-12 (date of birth)", ["1985-03-12"]),
        ("Date of birth (DOB): 02/03/04", ["02/03/04"]),
    ],
)
def test_dates_of_birth_are_the_date_next_to_a_birth_cue(
    backend: str, text: str, expected: list[str]
) -> None:
    assert _found(backend, text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "Meeting on 2024-01-31 and 12 March 1985",  # dates without a birth cue
        "DOB: 2099-01-01",  # in the future
        "DOB: 1850-01-01",  # too early for a living person
        "DOB: 02/30/1990 or 1990-13-01",  # not calendar dates
        "born in 1985",
        "Date of birth: unknown. Next review 2020-01-01",
        "born 12 Smarch 1985",
        "adobe 1990-01-31 stubborn 1990-01-31",
    ],
)
def test_dates_without_a_birth_context_are_not_reported(backend: str, text: str) -> None:
    assert _found(backend, text, "DATE_OF_BIRTH") == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ["born " * 5000, "dob 12/12/1212 " * 2000, "1 " * 50000])
def test_repetitive_input_yields_nothing(backend: str, text: str) -> None:
    assert _engine(backend).scan(text) == []
