"""A seeded, labeled synthetic corpus for the detection benchmark (and for tests).

`generate(seed, n_docs)` returns documents of six kinds (prose, chat, log, code, config,
email). Each document carries the exact character spans of the entities planted in it
(`labels`) and its document-level labels (`doc_labels`: SOURCE_CODE,
FINANCIAL_STATEMENT). Look-alikes (order numbers, UUIDs, versions, hashes, timestamps,
prices, tracking numbers, Luhn-failing numbers, upper-case words, placeholder secrets)
are planted unlabeled. The same seed and Faker version give the same corpus.

Templates use `{KEY}` for a generated value (see `_VALUES`), `{KEY#n}` for the n-th
person of the document (reused across the document), `{?a|b|c}` for a random choice,
and `{T_POOL}` to embed a template from another pool (a code block in a chat prompt).
"""

from __future__ import annotations

import base64
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import phonenumbers
from faker import Faker

from benchmarks import lookalikes as n
from benchmarks import values as v
from benchmarks.templates_tech import TECH_POOLS
from benchmarks.templates_text import TEXT_POOLS

KINDS = ("prose", "chat", "log", "code", "config", "email")
_KIND_WEIGHTS = (20, 25, 15, 15, 10, 15)
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES")
_LOCALE_WEIGHTS = (40, 20, 15, 15, 10)
_REGION = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES"}
COMPANIES = (
    "Northwind Traders",
    "Acme Logistics",
    "Globex Energy",
    "Initech Systems",
    "Blue Harbor Foods",
    "Vandelay Imports",
    "Contoso Retail",
    "Helios Analytics",
)

SPAN_ENTITIES = [
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IP_ADDRESS",
    "US_SSN",
    "US_ITIN",
    "UK_NINO",
    "UK_NHS",
    "CA_SIN",
    "DATE_OF_BIRTH",
    "CREDIT_CARD",
    "IBAN_CODE",
    "SWIFT_CODE",
    "ABA_ROUTING_NUMBER",
    "US_BANK_NUMBER",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "GITHUB_TOKEN",
    "GITLAB_TOKEN",
    "SLACK_TOKEN",
    "STRIPE_SECRET_KEY",
    "STRIPE_RESTRICTED_KEY",
    "GCP_API_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "NPM_TOKEN",
    "SENDGRID_API_KEY",
    "JWT",
    "PRIVATE_KEY",
    "PASSWORD",
]
DOC_ENTITIES = ("SOURCE_CODE", "FINANCIAL_STATEMENT")
CREDENTIAL_ENTITIES = SPAN_ENTITIES[SPAN_ENTITIES.index("AWS_ACCESS_KEY") :]
# Other entities whose prediction also finds a label: the generic secret detector finds
# any credential; a service-account JSON and a bearer header are fair names for the key
# and the JWT inside them.
ACCEPTED: dict[str, frozenset[str]] = {
    e: frozenset({"GENERIC_SECRET"}) for e in CREDENTIAL_ENTITIES
} | {
    "PRIVATE_KEY": frozenset({"GENERIC_SECRET", "GCP_SERVICE_ACCOUNT"}),
    "JWT": frozenset({"GENERIC_SECRET", "BEARER_TOKEN"}),
}


class Label(NamedTuple):
    start: int
    end: int
    entity: str


@dataclass
class Doc:
    text: str
    kind: str
    labels: list[Label]
    doc_labels: frozenset[str]
    locale: str = "en_US"


@dataclass
class _Ctx:
    rng: random.Random
    fake: Faker
    locale: str
    parts: list[str] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    doc_labels: set[str] = field(default_factory=set)
    people: dict[str, tuple[str, str]] = field(default_factory=dict)
    pos: int = 0

    def emit(self, text: str, entity: str | None = None) -> None:
        if entity is not None and text:
            self.labels.append(Label(self.pos, self.pos + len(text), entity))
        self.parts.append(text)
        self.pos += len(text)

    @property
    def local(self) -> Faker:
        return self.fake[self.locale]


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


def _person(ctx: _Ctx, ref: str) -> tuple[str, str]:
    if ref not in ctx.people:
        # Mostly the document's locale, sometimes another (mixed teams).
        loc = ctx.locale if ctx.rng.random() < 0.75 else ctx.rng.choice(LOCALES)
        f = ctx.fake[loc]
        ctx.people[ref] = (f.first_name(), f.last_name())
    return ctx.people[ref]


def _work_email(ctx: _Ctx, ref: str) -> str:
    first, last = _person(ctx, ref)
    company = ctx.rng.choice(COMPANIES).split()[0].lower()
    tld = {"en_US": "com", "en_GB": "co.uk", "de_DE": "de", "fr_FR": "fr", "es_ES": "es"}
    local = re.sub(r"[^a-z.]", "", f"{_ascii(first)}.{_ascii(last)}")
    return f"{local}@{company}.{tld[ctx.locale]}"


def _phone(ctx: _Ctx, region: str, international: bool) -> str:
    loc = next(k for k, r in _REGION.items() if r == region)
    for _ in range(50):
        raw = ctx.fake[loc].phone_number()
        if "x" in raw:
            continue
        try:
            num = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            if international:
                return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            return str(raw)
    raise RuntimeError(f"no valid {region} phone number from Faker in 50 tries")


def _email(ctx: _Ctx) -> str:
    f = ctx.local
    return str(ctx.rng.choice([f.email, f.free_email, f.company_email])())


def _private_key_json(rng: random.Random) -> str:
    return v.private_key(rng).replace("\n", "\\n")


Gen = Callable[[_Ctx], str]
# key: (generator, label or None for an unlabeled look-alike)
_VALUES: dict[str, tuple[Gen, str | None]] = {
    "EMAIL": (_email, "EMAIL_ADDRESS"),
    "SA_EMAIL": (
        lambda c: f"etl@analytics-{c.rng.randint(1000, 9999)}.iam.example.com",
        "EMAIL_ADDRESS",
    ),
    "PHONE": (lambda c: _phone(c, _REGION[c.locale], False), "PHONE_NUMBER"),
    "PHONE_INTL": (lambda c: _phone(c, _REGION[c.locale], True), "PHONE_NUMBER"),
    "PHONE_US": (lambda c: _phone(c, "US", c.rng.random() < 0.3), "PHONE_NUMBER"),
    "PHONE_GB": (lambda c: _phone(c, "GB", c.rng.random() < 0.5), "PHONE_NUMBER"),
    "IPV4": (lambda c: str(c.local.ipv4_public()), "IP_ADDRESS"),
    "IPV4_PRIVATE": (lambda c: str(c.local.ipv4_private()), "IP_ADDRESS"),
    "IPV6": (lambda c: str(c.local.ipv6()), "IP_ADDRESS"),
    "SSN": (lambda c: v.ssn(c.rng), "US_SSN"),
    "SSN_NOSEP": (lambda c: v.ssn(c.rng, c.rng.choice(["", " "])), "US_SSN"),
    "ITIN": (lambda c: v.itin(c.rng), "US_ITIN"),
    "NINO": (lambda c: v.nino(c.rng), "UK_NINO"),
    "NHS": (lambda c: v.nhs(c.rng), "UK_NHS"),
    "SIN": (lambda c: v.sin(c.rng), "CA_SIN"),
    "DOB": (lambda c: v.date(c.rng), "DATE_OF_BIRTH"),
    "CARD": (lambda c: v.card(c.rng), "CREDIT_CARD"),
    "IBAN": (lambda c: v.iban(c.rng), "IBAN_CODE"),
    "BIC": (lambda c: v.bic(c.rng), "SWIFT_CODE"),
    "ABA": (lambda c: v.aba(c.rng), "ABA_ROUTING_NUMBER"),
    "ACCT": (lambda c: v.bank_account(c.rng), "US_BANK_NUMBER"),
    "AWS_KEY": (lambda c: v.aws_access_key(c.rng), "AWS_ACCESS_KEY"),
    "AWS_SECRET": (lambda c: v.aws_secret(c.rng), "AWS_SECRET_KEY"),
    "GH_TOKEN": (lambda c: v.github_token(c.rng), "GITHUB_TOKEN"),
    "GL_TOKEN": (lambda c: v.gitlab_token(c.rng), "GITLAB_TOKEN"),
    "SLACK": (lambda c: v.slack_token(c.rng), "SLACK_TOKEN"),
    "STRIPE": (lambda c: v.stripe_key(c.rng, "sk"), "STRIPE_SECRET_KEY"),
    "STRIPE_RK": (lambda c: v.stripe_key(c.rng, "rk"), "STRIPE_RESTRICTED_KEY"),
    "GOOGLE_KEY": (lambda c: v.google_api_key(c.rng), "GCP_API_KEY"),
    "OPENAI_KEY": (lambda c: v.openai_key(c.rng), "OPENAI_API_KEY"),
    "ANTHROPIC_KEY": (lambda c: v.anthropic_key(c.rng), "ANTHROPIC_API_KEY"),
    "NPM": (lambda c: v.npm_token(c.rng), "NPM_TOKEN"),
    "SENDGRID": (lambda c: v.sendgrid_key(c.rng), "SENDGRID_API_KEY"),
    "JWT": (lambda c: v.jwt(c.rng, _ascii(_person(c, "jwt")[0])), "JWT"),
    "PRIVKEY": (lambda c: v.private_key(c.rng), "PRIVATE_KEY"),
    "PRIVKEY_JSON": (lambda c: _private_key_json(c.rng), "PRIVATE_KEY"),
    "PASSWORD": (lambda c: v.password(c.rng), "PASSWORD"),
    "PASSWORD_URL": (lambda c: v.password(c.rng, url=True), "PASSWORD"),
    # unlabeled look-alikes and filler values
    "ORDER": (lambda c: n.order_number(c.rng), None),
    "INVOICE": (lambda c: n.invoice_id(c.rng), None),
    "UUID": (lambda c: n.uuid4(c.rng), None),
    "VERSION": (lambda c: n.version(c.rng), None),
    "SHA": (lambda c: n.hexdigest(c.rng, 40), None),
    "SHORTSHA": (lambda c: n.hexdigest(c.rng, 7), None),
    "SHA256": (lambda c: n.hexdigest(c.rng, 64), None),
    "TRACE": (lambda c: n.hexdigest(c.rng, 32), None),
    "HEX16": (lambda c: n.hexdigest(c.rng, 16), None),
    "B64": (lambda c: base64.b64encode(c.rng.randbytes(64)).decode(), None),
    "TS": (lambda c: n.timestamp(c.rng), None),
    "DATE": (lambda c: v.date(c.rng, 2019, 2025), None),
    "PRICE": (lambda c: n.price(c.rng), None),
    "TRACKING": (lambda c: n.tracking(c.rng), None),
    "BADCARD": (lambda c: n.bad_card(c.rng), None),
    "BADSSN": (lambda c: n.bad_ssn(c.rng), None),
    "UPWORD": (lambda c: c.rng.choice(n.UPPER_WORDS), None),
    "PLACEHOLDER": (lambda c: n.placeholder_secret(c.rng), None),
    "STREET": (lambda c: str(c.local.street_address()).replace("\n", ", "), None),
    "CITY": (lambda c: str(c.local.city()), None),
    "COMPANY": (lambda c: c.rng.choice(COMPANIES), None),
    "INT": (lambda c: str(c.rng.randint(1, 99_999)), None),
    "INT4": (lambda c: f"{c.rng.randint(0, 9999):04d}", None),
    "AMOUNT": (lambda c: f"{c.rng.randint(1, 9_999_999):,}", None),
    "PORT": (
        lambda c: str(c.rng.choice([443, 5432, 6379, 8080, 9092, c.rng.randint(1024, 65535)])),
        None,
    ),
    "HOST": (
        lambda c: (
            c.rng.choice(["db", "api", "cache", "queue"]) + f"-{c.rng.randint(1, 9)}.internal"
        ),
        None,
    ),
    "USER": (
        lambda c: c.rng.choice(["app", "svc_deploy", "etl", "admin", "readonly", "backup"]),
        None,
    ),
    "YEAR": (lambda c: str(c.rng.randint(2019, 2024)), None),
}
_POOLS: dict[str, tuple[list[str], str | None]] = {**TEXT_POOLS, **TECH_POOLS}
_TOKEN = re.compile(r"\{([A-Z][A-Z0-9_]*)(?:#(\d+))?\}")
_CHOICE = re.compile(r"\{\?([^{}]*)\}")


def _render(ctx: _Ctx, template: str) -> None:
    template = _CHOICE.sub(lambda m: ctx.rng.choice(m.group(1).split("|")), template)
    last = 0
    for m in _TOKEN.finditer(template):
        ctx.emit(template[last : m.start()])
        last = m.end()
        key, ref = m.group(1), m.group(2)
        if key.startswith("T_"):
            pool, doc_label = _POOLS[key[2:]]
            if doc_label:
                ctx.doc_labels.add(doc_label)
            _render(ctx, ctx.rng.choice(pool))
        elif ref is not None:
            first, last_name = _person(ctx, ref)
            if key == "WORK_EMAIL":
                ctx.emit(_work_email(ctx, ref), "EMAIL_ADDRESS")
            else:
                ctx.emit(
                    {"NAME": f"{first} {last_name}", "FIRST": first, "LAST": last_name}[key],
                    "PERSON",
                )
        else:
            gen, label = _VALUES[key]
            ctx.emit(gen(ctx), label)
    ctx.emit(template[last:])


def _doc(ctx: _Ctx, pool: str) -> Doc:
    """One document: a few labeled blocks of its pool mixed with unlabeled filler."""
    rng = ctx.rng
    blocks, doc_label = _POOLS[pool]
    filler, _ = _POOLS.get(f"{pool}_filler", _POOLS["prose_filler"])
    if doc_label:
        ctx.doc_labels.add(doc_label)
    if pool.startswith("fin_"):  # one statement (or look-alike) with a little prose around
        seq = [rng.choice(blocks)] + [rng.choice(filler) for _ in range(rng.randint(0, 2))]
    else:
        clean = rng.random() < 0.15  # some documents hold no entity at all
        n_blocks = 0 if clean else rng.choice([1, 1, 2, 2, 3, 4])
        n_filler = rng.randint(1, 4) if n_blocks else rng.randint(2, 5)
        seq = [rng.choice(blocks) for _ in range(n_blocks)]
        seq += [rng.choice(filler) for _ in range(n_filler)]
    rng.shuffle(seq)
    if pool == "email":
        seq = [rng.choice(_POOLS["email_header"][0]), *seq, rng.choice(_POOLS["email_sig"][0])]
    sep = "\n" if pool in ("log", "config") else "\n\n"
    for i, template in enumerate(seq):
        if i:
            ctx.emit(sep)
        _render(ctx, template)
    return Doc("".join(ctx.parts), pool, ctx.labels, frozenset(ctx.doc_labels), ctx.locale)


def generate(seed: int, n_docs: int) -> list[Doc]:
    """`n_docs` labeled documents; the same seed gives the same corpus."""
    rng = random.Random(seed)
    fake = Faker(list(LOCALES))
    fake.seed_instance(seed)
    docs = []
    for _ in range(n_docs):
        kind = rng.choices(KINDS, weights=_KIND_WEIGHTS)[0]
        pool = kind
        if kind == "prose" and rng.random() < 0.3:
            pool = rng.choice(["fin_statement", "fin_negative"])
        locale = rng.choices(LOCALES, weights=_LOCALE_WEIGHTS)[0]
        doc = _doc(_Ctx(rng, fake, locale), pool)
        doc.kind = kind
        docs.append(doc)
    return docs


def check(doc: Doc) -> None:
    """Raise if a label does not cover a stripped value (used by tests and the harness)."""
    for label in doc.labels:
        value = doc.text[label.start : label.end]
        if not value or value != value.strip():
            raise ValueError(f"bad label {label.entity} at {label.start}")
