from __future__ import annotations

import random
from functools import cache

import phonenumbers
import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.detectors import contact

BACKENDS = ["hyperscan", "re"]
CONTACT = ["EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS"]


@cache
def _engine(backend: str, region: str = "US") -> Engine:
    config = DetectConfig(matcher=backend, entities=CONTACT, default_region=region)
    return Engine(config)


def _values(backend: str, text: str, entity: str, region: str = "US") -> list[str]:
    return [f.value(text) for f in _engine(backend, region).scan(text, entities=[entity])]


def _score(backend: str, text: str, entity: str) -> float:
    (finding,) = _engine(backend).scan(text, entities=[entity])
    return finding.score


def test_contact_entities_use_presidio_names_in_the_pii_category() -> None:
    assert [e.id for e in contact.ENTITIES] == CONTACT
    assert all(e.presidio and e.category == "pii" for e in contact.ENTITIES)


# --- e-mail -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to john.doe@example.com today.", ["john.doe@example.com"]),
        ("first.last+tag@mail.example.co.uk", ["first.last+tag@mail.example.co.uk"]),
        ("CAPS@EXAMPLE.ORG", ["CAPS@EXAMPLE.ORG"]),
        ("<a href='mailto:jane_doe99@example.io'>", ["jane_doe99@example.io"]),
        ("ping ops@example.com.", ["ops@example.com"]),
        ("user%relay@example.net", ["user%relay@example.net"]),
        ("info@example.xn--p1ai", ["info@example.xn--p1ai"]),
        ("https://example.com/form?email=joe@example.org", ["joe@example.org"]),
        ("a@example.com,b@example.com", ["a@example.com", "b@example.com"]),
        ("caf\u00e9 owner: bob@example.com", ["bob@example.com"]),
    ],
)
def test_email_addresses_are_found_with_exact_spans(
    backend: str, text: str, expected: list[str]
) -> None:
    assert _values(backend, text, "EMAIL_ADDRESS") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "user@localhost",
        "retina assets logo@2x.png and icon@3x.webp",
        "npm i lodash@4.17.21 @types/node react@latest",
        "git clone git@github.com:org/repo.git",
        "postgres://admin:pw@db.example.com/app",
        "ssh://deploy@host.example.com/srv",
        "user.@example.com and a..b@example.com",
        "x@y.c",
        "name@example.com-suffix",
        "a" * 65 + "@example.com",
        "a@" * 5000,
    ],
)
def test_email_look_alikes_are_not_reported(backend: str, text: str) -> None:
    assert _values(backend, text, "EMAIL_ADDRESS") == []


# --- phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call +44 20 7946 0958 now", ["+44 20 7946 0958"]),
        ("office (415) 555-2671", ["(415) 555-2671"]),
        ("office 415-555-2671.", ["415-555-2671"]),
        ("desk +1 415 555 2671", ["+1 415 555 2671"]),
        ("Berlin +49 30 901820", ["+49 30 901820"]),
        ("+44 (0)20 7946 0958", ["+44 (0)20 7946 0958"]),
        ("+1-415-555-2671", ["+1-415-555-2671"]),
        ("1 (415) 555-2671", ["1 (415) 555-2671"]),
        ("dial 415.555.2671", ["415.555.2671"]),
        ("tel:+14155552671", ["+14155552671"]),
        ("phone: 4155552671", ["4155552671"]),
        ("415-555-2671x123", ["415-555-2671"]),
        ("ref 12 415-555-2671", ["415-555-2671"]),
        ("+1 415 555 2671 2 copies", ["+1 415 555 2671"]),
        ("415-555-2671, 212-555-1234", ["415-555-2671", "212-555-1234"]),
        ("Paris +33 1 23 45 67 89", ["+33 1 23 45 67 89"]),
    ],
)
def test_phone_numbers_are_found_with_exact_spans(
    backend: str, text: str, expected: list[str]
) -> None:
    assert _values(backend, text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "order 4155552671 shipped",  # bare digits without a phone cue
        "invoice 4155552671 / 4155552672",
        "released 2024-01-15 at 10:30:45",
        "dates 12/25/2024 and 25.12.2024 and 2019-2024",
        "version 1.2.3.4 and v10.15.7",
        "host 192.168.100.200",
        "oid 1.3.6.1.4.1.311",
        "ssn-like 123-45-6789",
        "ISBN 978-3-16-148410-0",
        "total 1 234 567 and 12 345 678",
        "price $415-555-2671",
        "SKU-415-555-2671",
        "+1 123 456 7890",  # no NANP area code starts with 1
        "digits " + "1234567890" * 2 + "12345",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
    ],
)
def test_phone_look_alikes_are_not_reported(backend: str, text: str) -> None:
    assert _values(backend, text, "PHONE_NUMBER") == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("region", "text", "expected"),
    [
        ("GB", "office 020 7946 0958 please", ["020 7946 0958"]),
        ("US", "office 020 7946 0958 please", []),
        ("GB", "abroad 0044 20 7946 0958", ["0044 20 7946 0958"]),
        ("DE", "Praxis 030/901820", ["030/901820"]),
        ("FR", "bureau 01 23 45 67 89", ["01 23 45 67 89"]),
        ("US", "bureau 01 23 45 67 89", []),
        ("GB", "US office (415) 555-2671", []),
        ("GB", "US office +1 415 555 2671", ["+1 415 555 2671"]),
    ],
)
def test_national_formats_follow_the_default_region(
    backend: str, region: str, text: str, expected: list[str]
) -> None:
    assert _values(backend, text, "PHONE_NUMBER", region) == expected


def _national(region: str, kind: phonenumbers.PhoneNumberType) -> str:
    """An example number of `region` in its national format ("0121 234 5678")."""
    number = phonenumbers.example_number_for_type(region, kind)
    assert number is not None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


FOREIGN = [
    _national(region, kind)
    for region in ("GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU")
    for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE)
]
# National numbers of other regions that are no US number.
FOREIGN_ONLY = [n for n in FOREIGN if not phonenumbers.is_valid_number(phonenumbers.parse(n, "US"))]
PHONE_CUES = [
    "Tel: {}",
    "Call me at {}.",
    "The GP practice can be reached on {}.",
    "I tried to call you on {} but could not get through.",
    "INFO signup: new account a@example.com phone={} ip=10.0.0.1",
    "Telefon: {}",
    "T\u00e9l : {}",
    "Emergency contact: {}.",
    '{{"name": "x", "phone_number": "{}"}}',
]


def test_the_foreign_examples_are_not_us_numbers() -> None:
    assert len(FOREIGN_ONLY) >= 12  # the tests below would prove little otherwise


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("template", PHONE_CUES)
def test_foreign_national_numbers_are_found_next_to_a_phone_cue(
    backend: str, template: str
) -> None:
    for number in FOREIGN_ONLY:
        for value in (number, number.replace(" ", "").replace("(", "").replace(")", "")):
            text = template.format(value)
            assert _values(backend, text, "PHONE_NUMBER") == [value], text


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("template", ["{} (mobile)", "{}, Tel.", "{} - fax"])
def test_formatted_foreign_numbers_followed_by_a_phone_cue_are_found(
    backend: str, template: str
) -> None:
    for number in FOREIGN_ONLY:
        text = template.format(number)
        assert _values(backend, text, "PHONE_NUMBER") == [number], text


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "template",
    [
        "office {} please",
        "The card number given on the call was {}, expiry 03/28.",
        "Call me about order {}.",
        "phone order {} shipped",
        "hotel room {}",
        "telemetry {}",
    ],
)
def test_foreign_national_numbers_without_a_phone_cue_are_not_reported(
    backend: str, template: str
) -> None:
    for number in FOREIGN_ONLY:
        text = template.format(number)
        assert _values(backend, text, "PHONE_NUMBER") == [], text


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_number_after_a_00_dialling_prefix_is_found_next_to_a_cue(backend: str) -> None:
    number = phonenumbers.example_number("GB")
    assert number is not None
    value = "00" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    assert _values(backend, f"Tel: {value}", "PHONE_NUMBER") == [value]
    assert _values(backend, f"order {value}", "PHONE_NUMBER") == []


def _sql(columns: str, rows: list[list[str]]) -> str:
    values = ",\n  ".join("(" + ", ".join(f"'{v}'" for v in row) + ")" for row in rows)
    return f"INSERT INTO customers ({columns}) VALUES\n  {values};"


@pytest.mark.parametrize("backend", BACKENDS)
def test_bare_numbers_in_a_phone_column_of_sql_rows_are_found(backend: str) -> None:
    rng = random.Random(7)
    us = [
        f"{rng.randint(2, 9)}{rng.randint(10, 99)}{rng.randint(2, 9)}{rng.randint(100000, 999999)}"
    ]
    phones = us + [n.replace(" ", "") for n in FOREIGN_ONLY[:6]] + FOREIGN_ONLY[6:9]
    ssns = [
        f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" for _ in phones
    ]
    rows = [
        [f"O'Name {i}", f"user{i}@example.com", p, s]
        for i, (p, s) in enumerate(zip(phones, ssns, strict=True))
    ]
    text = _sql("name, email, phone, ssn", rows)
    assert _values(backend, text, "PHONE_NUMBER") == phones


@pytest.mark.parametrize("backend", BACKENDS)
def test_bare_numbers_in_other_sql_columns_are_not_phones(backend: str) -> None:
    bare = [n.replace(" ", "") for n in FOREIGN_ONLY[:6]]
    rows = [[f"Name {i}", n, "x"] for i, n in enumerate(bare)]
    assert _values(backend, _sql("name, account_id, phone", rows), "PHONE_NUMBER") == []
    no_header = _sql("name, account_id, note", rows).replace("(name, account_id, note) ", "")
    assert _values(backend, no_header, "PHONE_NUMBER") == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_phone_cue_raises_the_phone_score(backend: str) -> None:
    plain = _score(backend, "(415) 555-2671", "PHONE_NUMBER")
    cued = _score(backend, "Mobile: (415) 555-2671", "PHONE_NUMBER")
    assert plain < cued
    assert plain >= 0.5


# --- IP addresses -----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("client 192.168.1.20 connected", ["192.168.1.20"]),
        ("route 10.0.0.1/8", ["10.0.0.1"]),
        ("dns 8.8.8.8, 1.1.1.1", ["8.8.8.8", "1.1.1.1"]),
        ("http://10.1.2.3:8080/health", ["10.1.2.3"]),
        ("v6 2001:db8::8a2e:370:7334", ["2001:db8::8a2e:370:7334"]),
        (
            "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334.",
            ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"],
        ),
        ("link fe80::1%eth0", ["fe80::1"]),
        ("mapped ::ffff:192.0.2.128", ["::ffff:192.0.2.128"]),
        ("::ffff:c000:280 at the start", ["::ffff:c000:280"]),
        ("url [2001:db8::1]:443", ["2001:db8::1"]),
    ],
)
def test_ip_addresses_are_found_with_exact_spans(
    backend: str, text: str, expected: list[str]
) -> None:
    assert _values(backend, text, "IP_ADDRESS") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4",
        "release v1.2.3.4",
        "oid 1.3.6.1.4.1",
        "bad 256.1.1.1 and 1.2.3",
        "padded 01.02.03.04",
        "Chrome/120.0.0.1",
        "at 10:30:45 and 12:34:56:78",
        "mac 00:1a:2b:3c:4d:5e and eui 00:1a:2b:ff:fe:3c:4d:5e",
        "std::vector<int> v; a[1::2]; Foo::Bar",
        "local 127.0.0.1 any 0.0.0.0 mask 255.255.255.0 lo ::1",
        "::" * 2000,
    ],
)
def test_ip_look_alikes_and_boilerplate_are_not_reported(backend: str, text: str) -> None:
    assert _values(backend, text, "IP_ADDRESS") == []


def _versions() -> list[str]:
    """Four-part versions that are also valid IPv4 addresses."""
    rng = random.Random(11)
    return [".".join(str(rng.randint(1, 99)) for _ in range(4)) for _ in range(5)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "template",
    [
        '{{"name": "web", "version": "{}", "lockfileVersion": 3}}',
        '__version__ = "{}"',
        "__version__='{}'",
        "version: {}",
        "APP_VERSION={}",
        "# Generated by protoc {}. DO NOT EDIT.",
        "// Code generated with protoc-gen-go {}",
    ],
)
def test_versions_after_a_version_key_are_not_ip_addresses(backend: str, template: str) -> None:
    for version in _versions():
        text = template.format(version)
        assert _values(backend, text, "IP_ADDRESS") == [], text


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "template",
    [
        '{{"host": "{}", "port": 5432}}',
        '{{"version": 2, "host": "{}"}}',
        "listen {}:8080;",
        "upstream backend {{ server {}; }}",
        "2024-05-01 INFO accepted connection from {} port 51234",
        "version 2 of the API is served from {}",
    ],
)
def test_addresses_in_configs_and_logs_are_still_found(backend: str, template: str) -> None:
    rng = random.Random(5)
    for _ in range(5):
        ip = f"{rng.choice([10, 172, 192, 34])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        text = template.format(ip)
        assert _values(backend, text, "IP_ADDRESS") == [ip], text
