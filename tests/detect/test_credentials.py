"""The credentials family: every format found with its exact span, look-alikes rejected.

Secrets are generated from a seeded RNG and assembled by concatenation, so no literal
live-looking credential is committed; checksummed formats get computed checksums.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import uuid
import zlib
from urllib.parse import quote

import pytest

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.detectors import credentials
from airlock.detect.detectors.credentials import RULES
from airlock.detect.entities import Severity

IDS = [spec.id for spec in credentials.ENTITIES]
BACKENDS = ["re", "auto"]

RNG = random.Random(20240611)
LETTERS = string.ascii_letters
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = LETTERS + DIGITS
HEX = "0123456789abcdef"
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"
BASE62 = DIGITS + UPPER + LOWER


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def rand_bytes(n: int) -> bytes:
    return bytes(RNG.randrange(256) for _ in range(n))


def digits(n: int) -> str:
    return RNG.choice("123456789") + rand(DIGITS, n - 1)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def crc_token(prefix: str) -> str:
    """A GitHub/npm style token: 30 random base62 chars and their base62 CRC32."""
    body = rand(ALNUM, 30)
    crc, check = zlib.crc32(body.encode()), ""
    while crc:
        crc, rem = divmod(crc, 62)
        check = BASE62[rem] + check
    return prefix + body + check.rjust(6, "0")


def age_key() -> str:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    hrp = "age-secret-key-"
    data = [RNG.randrange(32) for _ in range(52)]
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data + [0] * 6
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            if (top >> i) & 1:
                chk ^= gen
    chk ^= 1
    checksum = [(chk >> 5 * (5 - i)) & 31 for i in range(6)]
    return (hrp + "1" + "".join(charset[d] for d in data + checksum)).upper()


def jwt(header: dict[str, object] | None = None) -> str:
    head = b64url(json.dumps(header or {"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps({"sub": digits(8), "iat": 1718000000, "role": "admin"}).encode())
    return f"{head}.{body}.{rand(B64URL, 43)}"


def b64_json(obj: dict[str, object]) -> str:
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


def rand_uuid() -> str:
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


AZURE_KEY = base64.b64encode(rand_bytes(64)).decode()
BASE32 = UPPER + "234567"

# (entity, text before, secret, text after): the secret's span is the expected finding.
POSITIVES: list[tuple[str, str, str, str]] = [
    ("AWS_ACCESS_KEY", "key id ", "AKIA" + rand(BASE32, 16), " ok"),
    ("AWS_ACCESS_KEY", "", "ASIA" + rand(BASE32, 16), ""),
    ("AWS_SECRET_KEY", "aws_secret_access_key = ", rand(ALNUM, 38) + "/+", "\n"),
    ("AWS_SECRET_KEY", '{"SecretAccessKey": "', rand(ALNUM, 39) + "/", '"}'),
    ("AWS_SESSION_TOKEN", "session ", "IQoJb3JpZ2luX2" + rand(B64, 300), "\n"),
    ("GCP_API_KEY", "key=", "AIza" + rand(B64URL, 35), "&q=1"),
    ("GOOGLE_OAUTH_CLIENT_SECRET", "client ", "GOCSPX-" + rand(B64URL, 28), ""),
    ("GOOGLE_OAUTH_TOKEN", "oauth ", "ya29." + rand(B64URL, 120), " "),
    (
        "AZURE_STORAGE_CONNECTION_STRING",
        'conn = "',
        "DefaultEndpointsProtocol=https;AccountName=acct42;AccountKey="
        + AZURE_KEY
        + ";EndpointSuffix=core.windows.net",
        '"',
    ),
    ("AZURE_STORAGE_KEY", "AZURE_STORAGE_KEY=", base64.b64encode(rand_bytes(64)).decode(), "\n"),
    (
        "AZURE_SAS_TOKEN",
        "https://acct.blob.core.windows.net/c/b.txt?sp=r&st=2024-01-01T00:00:00Z"
        "&se=2024-01-02T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=",
        quote(base64.b64encode(rand_bytes(32)).decode(), safe=""),
        " end",
    ),
    (
        "AZURE_SHARED_ACCESS_KEY",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=",
        base64.b64encode(rand_bytes(32)).decode(),
        "",
    ),
    ("AZURE_CLIENT_SECRET", "client_secret: ", rand(ALNUM, 3) + "8Q~" + rand(ALNUM, 34), "\n"),
    ("ALIBABA_ACCESS_KEY", "id ", "LTAI" + rand(ALNUM, 20), ""),
    ("DIGITALOCEAN_TOKEN", "", "dop_v1_" + rand(HEX, 64), ""),
    ("HEROKU_API_KEY", "use ", "HRKU-AA" + rand(B64URL, 58), " now"),
    ("HEROKU_API_KEY", "heroku api key: ", rand_uuid(), ""),
    ("DATABRICKS_TOKEN", "", "dapi" + rand(HEX, 32), ""),
    ("HASHICORP_VAULT_TOKEN", "", "hvs." + rand(B64URL, 95), ""),
    ("HASHICORP_VAULT_TOKEN", "vault login ", "s." + rand(ALNUM, 23) + "7", ""),
    ("TERRAFORM_CLOUD_TOKEN", "", rand(ALNUM, 14) + ".atlasv1." + rand(B64URL, 67), ""),
    ("DOPPLER_TOKEN", "", "dp.pt." + rand(ALNUM, 43), ""),
    ("PULUMI_ACCESS_TOKEN", "", "pul-" + rand(HEX, 40), ""),
    ("PLANETSCALE_TOKEN", "", "pscale_tkn_" + rand(B64URL, 43), ""),
    ("SUPABASE_TOKEN", "", "sbp_" + rand(HEX, 40), ""),
    ("TAILSCALE_KEY", "", "tskey-auth-k" + rand(ALNUM, 11) + "-" + rand(ALNUM, 33), ""),
    ("CLOUDFLARE_ORIGIN_CA_KEY", "", "v1.0-" + rand(HEX, 24) + "-" + rand(HEX, 146), ""),
    ("GITHUB_TOKEN", "token ", crc_token("ghp_"), ""),
    ("GITHUB_TOKEN", "", crc_token("ghs_"), ""),
    ("GITHUB_TOKEN", "", "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59), ""),
    ("GITLAB_TOKEN", "", "glpat-" + rand(B64URL, 20), ""),
    ("GITLAB_TOKEN", "", "GR1348941" + rand(B64URL, 20), ""),
    ("NPM_TOKEN", "//registry.npmjs.org/:_authToken=", crc_token("npm_"), ""),
    ("PYPI_TOKEN", "", "pypi-AgEIcHlwaS5vcmc" + rand(B64URL, 150), ""),
    ("RUBYGEMS_API_KEY", "", "rubygems_" + rand(HEX, 48), ""),
    ("NUGET_API_KEY", "nuget push -k ", "oy2" + rand(LOWER + DIGITS, 43), ""),
    ("DOCKER_HUB_TOKEN", "", "dckr_pat_" + rand(B64URL, 27), ""),
    ("ARTIFACTORY_TOKEN", "", "AKCp" + rand(ALNUM, 69), ""),
    ("ARTIFACTORY_TOKEN", "", "cmVmdGtuOjAx" + rand(ALNUM, 52), ""),
    ("SONARQUBE_TOKEN", "", "squ_" + rand(HEX, 40), ""),
    ("POSTMAN_API_KEY", "", "PMAK-" + rand(HEX, 24) + "-" + rand(HEX, 34), ""),
    ("SENTRY_AUTH_TOKEN", "", "sntryu_" + rand(HEX, 64), ""),
    ("SENTRY_AUTH_TOKEN", "", "sntrys_eyJpYXQiO" + rand(B64, 60) + "_" + rand(B64, 43), ""),
    (
        "SENTRY_DSN",
        "dsn: ",
        "https://" + rand(HEX, 32) + "@o" + digits(6) + ".ingest.sentry.io/" + digits(7),
        "",
    ),
    ("GRAFANA_TOKEN", "", "glsa_" + rand(ALNUM, 32) + "_" + rand(HEX, 8), ""),
    ("GRAFANA_TOKEN", "", "glc_" + b64_json({"o": digits(6), "n": "ci", "k": rand(ALNUM, 24)}), ""),
    ("GRAFANA_TOKEN", "", b64_json({"k": rand(ALNUM, 32), "n": "deploy", "id": 1}), ""),
    ("NEW_RELIC_KEY", "", "NRAK-" + rand(UPPER + DIGITS, 27), ""),
    ("NEW_RELIC_KEY", "", "NRII-" + rand(B64URL, 32), ""),
    ("NEW_RELIC_KEY", "", rand(HEX, 36) + "NRAL", ""),
    ("DYNATRACE_TOKEN", "", "dt0c01." + rand(UPPER + DIGITS, 24) + "." + rand(ALNUM, 64), ""),
    ("ATLASSIAN_API_TOKEN", "", "ATATT3" + rand(B64URL, 186), ""),
    ("LINEAR_API_KEY", "", "lin_api_" + rand(ALNUM, 40), ""),
    ("NOTION_TOKEN", "", "ntn_" + digits(11) + rand(ALNUM, 35), ""),
    ("NOTION_TOKEN", "notion integration ", "secret_" + rand(ALNUM, 43), ""),
    ("FIGMA_TOKEN", "", "figd_" + rand(B64URL, 40), ""),
    ("AIRTABLE_TOKEN", "", "pat" + rand(ALNUM, 14) + "." + rand(HEX, 64), ""),
    ("HUBSPOT_TOKEN", "", "pat-na1-" + rand_uuid(), ""),
    ("CONTENTFUL_TOKEN", "", "CFPAT-" + rand(B64URL, 43), ""),
    ("SHOPIFY_TOKEN", "", "shpat_" + rand(HEX, 32), ""),
    ("SLACK_TOKEN", "", "xoxb-" + digits(11) + "-" + digits(12) + "-" + rand(ALNUM, 24), ""),
    (
        "SLACK_APP_TOKEN",
        "",
        "xapp-1-A" + rand(UPPER + DIGITS, 10) + "-" + digits(13) + "-" + rand(HEX, 64),
        "",
    ),
    (
        "SLACK_WEBHOOK",
        "post to ",
        "https://hooks.slack.com/services/T"
        + rand(UPPER + DIGITS, 8)
        + "/B"
        + rand(UPPER + DIGITS, 10)
        + "/"
        + rand(ALNUM, 24),
        "",
    ),
    (
        "DISCORD_WEBHOOK",
        "",
        "https://discord.com/api/webhooks/" + digits(18) + "/" + rand(B64URL, 68),
        "",
    ),
    (
        "DISCORD_BOT_TOKEN",
        "bot ",
        b64url(digits(18).encode()) + "." + rand(B64URL, 6) + "." + rand(B64URL, 38),
        "",
    ),
    ("TELEGRAM_BOT_TOKEN", "bot", digits(10) + ":AA" + rand(B64URL, 33), "/getMe"),
    ("TWILIO_API_KEY", "use ", "SK" + rand(HEX, 32), ""),
    ("TWILIO_ACCOUNT_SID", "twilio account_sid: ", "AC" + rand(HEX, 32), ""),
    ("SENDGRID_API_KEY", "", "SG." + rand(B64URL, 22) + "." + rand(B64URL, 43), ""),
    ("MAILGUN_API_KEY", "mailgun: ", "key-" + rand(HEX, 32), ""),
    ("MAILCHIMP_API_KEY", "", rand(HEX, 32) + "-us14", ""),
    ("BREVO_API_KEY", "", "xkeysib-" + rand(HEX, 64) + "-" + rand(ALNUM, 16), ""),
    ("STRIPE_SECRET_KEY", "", "sk_live_" + rand(ALNUM, 99), ""),
    ("STRIPE_RESTRICTED_KEY", "", "rk_live_" + rand(ALNUM, 99), ""),
    ("STRIPE_TEST_KEY", "", "sk_test_" + rand(ALNUM, 24), ""),
    ("STRIPE_WEBHOOK_SECRET", "", "whsec_" + rand(ALNUM, 32), ""),
    ("SQUARE_ACCESS_TOKEN", "", "sq0atp-" + rand(B64URL, 22), ""),
    ("SQUARE_ACCESS_TOKEN", "square access ", "EAAA" + rand(B64URL, 60), ""),
    ("SQUARE_OAUTH_SECRET", "", "sq0csp-" + rand(B64URL, 43), ""),
    (
        "BRAINTREE_ACCESS_TOKEN",
        "",
        "access_token$production$" + rand(LOWER + DIGITS, 16) + "$" + rand(HEX, 32),
        "",
    ),
    (
        "OPENAI_API_KEY",
        "",
        "sk-proj-" + rand(B64URL, 74) + "T3BlbkFJ" + rand(B64URL, 74),
        "",
    ),
    ("OPENAI_API_KEY", "", "sk-" + rand(ALNUM, 20) + "T3BlbkFJ" + rand(ALNUM, 20), ""),
    ("ANTHROPIC_API_KEY", "", "sk-ant-api03-" + rand(B64URL, 93) + "AA", ""),
    ("ANTHROPIC_ADMIN_KEY", "", "sk-ant-admin01-" + rand(B64URL, 93) + "AA", ""),
    ("HUGGINGFACE_TOKEN", "", "hf_" + rand(LETTERS, 34), ""),
    ("HUGGINGFACE_TOKEN", "", "api_org_" + rand(LETTERS, 34), ""),
    ("GROQ_API_KEY", "", "gsk_" + rand(ALNUM, 52), ""),
    ("REPLICATE_API_TOKEN", "", "r8_" + rand(ALNUM, 37), ""),
    ("PERPLEXITY_API_KEY", "", "pplx-" + rand(ALNUM, 48), ""),
    ("XAI_API_KEY", "", "xai-" + rand(ALNUM, 80), ""),
    ("OPENROUTER_API_KEY", "", "sk-or-v1-" + rand(HEX, 64), ""),
    ("LANGSMITH_API_KEY", "", "lsv2_pt_" + rand(HEX, 32) + "_" + rand(HEX, 10), ""),
    ("AGE_SECRET_KEY", "# created\n", age_key(), "\n"),
    (
        "ONEPASSWORD_SERVICE_TOKEN",
        "",
        "ops_"
        + b64_json(
            {
                "signInAddress": "my.1password.com",
                "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "salt": rand(B64, 22)},
                "email": rand(LOWER, 12) + "@1passwordserviceaccounts.com",
                "srpX": rand(HEX, 64),
                "muk": {"alg": "A256GCM", "k": rand(B64URL, 43), "kid": "mp"},
            }
        ),
        "",
    ),
    ("JWT", "token: ", jwt(), "\n"),
    ("JWT", "Send it as x-", jwt({"alg": "RS256", "kid": rand(HEX, 16)}), ". Then call."),
    (
        "HTTP_BASIC_AUTH",
        "Authorization: Basic ",
        base64.b64encode(("deploy:" + rand(ALNUM, 14)).encode()).decode(),
        "\n",
    ),
    ("BEARER_TOKEN", "Authorization: Bearer ", rand(ALNUM, 40), "\n"),
    ("PASSWORD", "postgres://admin:", rand(ALNUM, 12), "@db.internal:5432/app"),
    ("PASSWORD", "redis://:", rand(ALNUM, 16), "@cache:6379/0"),
]


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=IDS, matcher=request.param))


def spans(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.entity, f.start, f.end, f.category) for f in findings]


@pytest.mark.parametrize(
    ("entity", "before", "secret", "after"),
    POSITIVES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(POSITIVES)],
)
def test_credential_is_found_with_its_exact_span(
    engine: Engine, entity: str, before: str, secret: str, after: str
) -> None:
    text = before + secret + after
    start = len(before)
    assert spans(engine.scan(text)) == [(entity, start, start + len(secret), "credential")]


def test_every_rule_has_a_positive_example() -> None:
    texts = [before + secret + after for _, before, secret, after in POSITIVES]
    for rule in RULES:
        flags = re.IGNORECASE if rule.ignore_case else 0
        assert any(re.search(rule.trigger, text, flags) for text in texts), rule.entity


def test_family_declares_at_least_forty_distinct_formats() -> None:
    assert len(set(IDS)) == len(IDS)
    assert len(IDS) >= 40
    assert {spec.category for spec in credentials.ENTITIES} == {"credential"}


def test_every_declared_entity_has_a_positive_example() -> None:
    covered = {case[0] for case in POSITIVES + ASSIGNMENTS}
    assert set(IDS) - covered == {"PRIVATE_KEY", "GCP_SERVICE_ACCOUNT"}  # tested below


def test_test_mode_keys_and_identifiers_rank_below_live_secrets() -> None:
    specs = {spec.id: spec for spec in credentials.ENTITIES}
    assert specs["STRIPE_SECRET_KEY"].severity == Severity.CRITICAL
    assert specs["STRIPE_TEST_KEY"].severity == Severity.MEDIUM
    assert specs["TWILIO_ACCOUNT_SID"].severity == Severity.MEDIUM
    assert specs["AWS_SECRET_KEY"].severity > specs["AWS_ACCESS_KEY"].severity


def test_all_triggers_compile_for_hyperscan() -> None:
    assert Engine(DetectConfig(entities=IDS, matcher="hyperscan")).backend == "hyperscan"


# --- private keys and service-account files -------------------------------------------


def pem(label: str, lines: int = 12, headers: str = "", newline: str = "\n") -> str:
    body = newline.join(rand(B64, 64) for _ in range(lines)) + newline + rand(B64, 20) + "=="
    return f"-----BEGIN {label}-----{newline}{headers}{body}{newline}-----END {label}-----"


PEM_BLOCKS = [
    ("RSA PRIVATE KEY", pem("RSA PRIVATE KEY", 25)),
    ("EC PRIVATE KEY", pem("EC PRIVATE KEY", 3)),
    ("PRIVATE KEY", pem("PRIVATE KEY", 16)),
    ("OPENSSH PRIVATE KEY", pem("OPENSSH PRIVATE KEY", 6)),
    ("ENCRYPTED PRIVATE KEY", pem("ENCRYPTED PRIVATE KEY", 18)),
    ("DSA PRIVATE KEY", pem("DSA PRIVATE KEY", 10)),
    (
        "RSA PRIVATE KEY",
        pem(
            "RSA PRIVATE KEY",
            25,
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC," + rand(HEX, 32).upper() + "\n\n",
        ),
    ),
    ("PGP PRIVATE KEY BLOCK", pem("PGP PRIVATE KEY BLOCK", 30, "Version: GnuPG v2\n\n")),
    ("PRIVATE KEY", pem("PRIVATE KEY", 16, newline="\\n")),
]


@pytest.mark.parametrize(
    ("label", "block"), PEM_BLOCKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(PEM_BLOCKS)]
)
def test_private_key_block_is_one_finding_spanning_the_block(
    engine: Engine, label: str, block: str
) -> None:
    text = "config:\n  key: |\n" + block + "\nend\n"
    start = text.index("-----BEGIN")
    found = engine.scan(text)
    assert spans(found) == [("PRIVATE_KEY", start, start + len(block), "credential")]
    assert found[0].detail == label


def test_ssh2_private_key_block_is_found(engine: Engine) -> None:
    body = "\n".join(rand(B64, 70) for _ in range(8))
    block = (
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n"
        'Comment: "rsa-key-20240611"\n' + body + "\n---- END SSH2 ENCRYPTED PRIVATE KEY ----"
    )
    found = engine.scan(block)
    assert spans(found) == [("PRIVATE_KEY", 0, len(block), "credential")]


def test_truncated_private_key_is_reported_up_to_its_last_key_line(engine: Engine) -> None:
    block = pem("RSA PRIVATE KEY", 20)
    cut = block[: block.index("-----END")].rstrip("\n")
    text = "here is my key " + cut
    found = engine.scan(text)
    assert spans(found) == [("PRIVATE_KEY", 15, len(text), "credential")]


def test_putty_private_key_is_found(engine: Engine) -> None:
    block = (
        "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\n"
        + rand(B64, 64)
        + "\n"
        + rand(B64, 40)
        + "\nPrivate-Lines: 2\n"
        + rand(B64, 64)
        + "\n"
        + rand(B64, 60)
        + "\nPrivate-MAC: "
        + rand(HEX, 40)
    )
    found = engine.scan(block + "\n")
    assert spans(found) == [("PRIVATE_KEY", 0, len(block), "credential")]


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n" + "A" * 64 * 3 + "\n-----END PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\n" + rand(B64, 64) + "\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\n" + rand(B64, 64) + "\n-----END CERTIFICATE-----",
        "Paste the -----BEGIN OPENSSH PRIVATE KEY----- header and the rest of the file.",
    ],
)
def test_private_key_placeholders_and_public_material_are_not_reported(
    engine: Engine, text: str
) -> None:
    assert engine.scan(text) == []


def service_account() -> str:
    key = pem("PRIVATE KEY", 16)
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "acme-prod",
            "private_key_id": rand(HEX, 40),
            "private_key": key + "\n",
            "client_email": "deployer@acme-prod.iam.gserviceaccount.com",
            "client_id": digits(21),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token",
        },
        indent=2,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_gcp_service_account_reports_its_private_key_and_leaves_the_email_to_be_found(
    backend: str,
) -> None:
    engine = Engine(DetectConfig(entities=[*IDS, "EMAIL_ADDRESS"], matcher=backend))
    obj = service_account()
    text = "credentials.json:\n" + obj + "\n"
    key = json.loads(obj)["private_key"]
    key_start = text.index('"private_key": "') + len('"private_key": "')
    key_end = text.index('"', key_start)  # the JSON string's content, escapes included
    email_start = text.index("deployer@")
    email = "deployer@acme-prod.iam.gserviceaccount.com"
    found = engine.scan(text)
    assert [(f.entity, f.start, f.end) for f in found] == [
        ("GCP_SERVICE_ACCOUNT", key_start, key_end),
        ("EMAIL_ADDRESS", email_start, email_start + len(email)),
    ]
    assert json.loads('"' + text[key_start:key_end] + '"') == key
    assert found[0].detail == "service account private key"


def test_service_account_json_without_a_private_key_is_not_reported(engine: Engine) -> None:
    text = json.dumps({"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com"})
    assert engine.scan(text) == []


# --- passwords and secrets in assignments ----------------------------------------------

PW = "Tr0ub4d" + "or&3x"  # a typical human password, split so it is not one literal
ASSIGNMENTS: list[tuple[str, str, str, str]] = [
    ("PASSWORD", 'password = "', PW, '"'),
    ("PASSWORD", "DB_PASSWORD=", "s3cr3tPa55", "\n"),
    ("PASSWORD", "db:\n  password: ", "hunter22x", "\n  user: app\n"),
    ("PASSWORD", "smtp:\n  password: ", "letmeinplease", "\n"),
    ("PASSWORD", '{"user": "app", "password": "', PW, '"}'),
    ("PASSWORD", "Server=db01;Database=app;User Id=sa;Password=", "Xk9#mP2$vL", ";"),
    ("PASSWORD", "Driver={ODBC};UID=app;PWD=", "Q7w!e9Rt", ";"),
    ("PASSWORD", "<password>", "Zx8!kLm2Qp", "</password>"),
    ("PASSWORD", "mysqldump --password '", "N0t-4-sharing", "' db"),
    ("PASSWORD", '<add key="ClearTextPassword" value="', "Gh7$kLp2Wq", '" />'),
    ("PASSWORD", 'password: str = "', PW, '"'),
    ("PASSWORD", "$config['db_password'] => '", "Xy7!pQ2mK", "';"),
    ("PASSWORD", 'userPassword := "', "Xy7!pQ2mK", '"'),
    ("PASSWORD", "The new password: ", "Summer2024!x", ". Keep it safe."),
    ("PASSWORD", "CREATE USER app WITH PASSWORD '", "Xy7!pQ2mK", "';"),
    ("PASSWORD", "data:\n  password: ", base64.b64encode(b"Xy7!pQ2mK").decode(), "\n"),
    ("GENERIC_SECRET", "NEXTAUTH_SECRET=", rand(B64, 32), "\n"),
    ("GENERIC_SECRET", '"api_key": "', rand(HEX, 32), '"'),
    ("GENERIC_SECRET", "client_secret: ", rand(ALNUM, 24), "\n"),
    ("GENERIC_SECRET", "X-API-Key: ", rand(ALNUM, 32), "\r\n"),
    ("GENERIC_SECRET", "https://api.example.net/v1/items?api_key=", rand(ALNUM, 28), "&page=2"),
    ("GENERIC_SECRET", "const accessToken = '", rand(B64URL, 40), "';"),
    ("GENERIC_SECRET", "ENCRYPTION_KEY=", rand(ALNUM, 32), "\n"),
]


@pytest.mark.parametrize(
    ("entity", "before", "secret", "after"),
    ASSIGNMENTS,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(ASSIGNMENTS)],
)
def test_assigned_secret_is_found_with_the_value_as_span(
    engine: Engine, entity: str, before: str, secret: str, after: str
) -> None:
    text = before + secret + after
    start = len(before)
    assert spans(engine.scan(text)) == [(entity, start, start + len(secret), "credential")]


def test_vendor_format_wins_over_the_generic_assignment(engine: Engine) -> None:
    token = crc_token("ghp_")
    text = "GITHUB_TOKEN=" + token + "\n"
    assert spans(engine.scan(text)) == [("GITHUB_TOKEN", 13, 13 + len(token), "credential")]


def test_checksum_proves_a_github_token_and_a_bad_checksum_scores_lower(engine: Engine) -> None:
    good = crc_token("ghp_")
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert engine.scan(good)[0].score == 1.0
    assert engine.scan(bad)[0].score < 0.7


NEGATIVES = [
    # placeholders and templates
    'password = "changeme"',
    'password: "<password>"',
    'password = "${DB_PASSWORD}"',
    "password: ${DB_PASSWORD}",
    'password = "{{ db_password }}"',
    "password: '{{ vault_db_password }}'",
    'password = "****"',
    'password = "********"',
    'api_key = "xxxxxxxxxxxxxxxxxxxx"',
    'password = "your_password_here"',
    "API_KEY=your-api-key",
    'password = ""',
    "password=",
    "password: null",
    "password = None",
    'secret: "[REDACTED]"',
    "password: ENC(Gh7kLp2Wq0x)",
    'password = "%s"',
    "password = %(db_password)s",
    # low entropy and too short
    'password = "aaaaaaaa"',
    'password = "12345678"',
    'password = "abcdef"',
    'password = "pw1"',
    'token = "abc"',
    # references in code
    'password = os.environ["DB_PASSWORD"]',
    'password = os.getenv("DB_PASSWORD")',
    "password = self.password",
    "password = settings.DATABASE_PASSWORD",
    'password = request.form["password"]',
    "password: str",
    "def sign(data: bytes, private_key: PKCS7PrivateKeyTypes, token: Token2) -> bytes:",
    "SECRET_KEY = 'AWSSecretKey'",
    '_SAR_APP_KEY = "serverlessrepo:applicationId"',
    "def connect(host: str, password: str = None) -> None:",
    "user.password = hashed",
    "token = tokens[0]",
    "const password = process.env.DB_PASSWORD;",
    "password = getpass.getpass()",
    "password = password",
    "return {password: userPassword, token: authToken}",
    "interface Login { password: string; }",
    # labels, prose and unrelated keys
    '{"password": "Password", "password_hint": "At least 8 characters"}',
    'label_password = "Enter your password"',
    "bypass: enabled",
    "passport: 123456789",
    "The token count is 512 tokens.",
    "max_tokens: 4096",
    'next_page_token = "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA6M2dkMzE"',
    '"nextToken": "' + rand(ALNUM, 40) + '"',
    "csrf_token = '" + rand(ALNUM, 40) + "'",
    '"publishableKey": "' + rand(ALNUM, 40) + '"',
    'secret_name = "prod/db/credentials"',
    '"password": "$2b$12$' + rand(B64, 53) + '"',
    "password_hash = pbkdf2_sha256$600000$" + rand(ALNUM, 22),
    'fetch(url, {"credentials": "include"})',
    "token: ${{ secrets.GITHUB_TOKEN }}",
    "password: !vault |",
    'private_key = "/etc/ssl/private/server.key"',
    'api_key = "https://vault.internal/v1/secret/data/api"',
    # look-alike identifiers and hashes
    str(uuid.UUID(int=RNG.getrandbits(128), version=4)),
    "commit " + rand(HEX, 40),
    "sha256:" + rand(HEX, 64),
    "v1.2.3 and 1.0.0-beta.1 and 2024.06.11",
    "AKIA" + rand(BASE32, 10),
    "AKIA" + rand(LOWER, 16),
    "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ghp_" + rand(ALNUM, 20),
    "ghp_" + "x" * 36,
    "sk_live_" + rand(ALNUM, 10),
    "AIza" + rand(B64URL, 20),
    "xoxb-your-token-here",
    # identifiers and generic shapes that need a vendor word nearby
    "arn:aws:secretsmanager:*:*:secret:prod-db-Xy7pQ2*",
    "sid AC" + rand(HEX, 32),
    "cache-key-" + rand(HEX, 32),
    "EAAA" + rand(B64URL, 60),
    "secret_" + rand(ALNUM, 43),
    "s." + rand(ALNUM, 23) + "7",
    "dop_v1_" + "g" * 64,
    "SK" + rand(HEX, 31),
    "hf_" + "a" * 34,
    "sk-" + rand(ALNUM, 48),
    "Basic Authentication is enabled for this endpoint.",
    "Bearer token authentication",
    "Authorization: Bearer <token>",
    "Authorization: Bearer ${TOKEN}",
    # JWT-shaped but not a JWT
    b64url(b'{"foo":1}') + "." + b64url(b'{"sub":"1"}') + "." + rand(B64URL, 43),
    # URLs without a real password
    "https://user@example.com/path",
    "https://example.com:8443/a:b@c",
    "postgres://app:${DB_PASS}@db:5432/app",
    "https://user:password@example.com",
    "mysql://root:<password>@localhost/db",
    "ssh://git@github.com:22/org/repo.git",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_look_alikes_and_placeholders_are_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine.scan(text)) == []


def test_adversarial_inputs_stay_linear(engine: Engine) -> None:
    # Repeated key words, separators and prefixes on one long line: each candidate is
    # checked on a bounded window, so this is a few milliseconds, not quadratic.
    text = (
        ("password=password=token:" * 2000)
        + ("ghp_" * 5000)
        + ("-----BEGIN PRIVATE KEY-----" * 200)
        + ("the password is the password for the pw: " * 2000)
        + (("postgres://" + "a" * 60 + ":~") * 500)
    )
    assert engine.scan(text) == []
    assert engine.scan("a:" * 50000 + "@") == []


# --- passwords stated in sentences, YAML/env values, URL passwords ---------------------


def human_password(symbols: str = "!#$%&*-_=+?") -> str:
    """A password of the usual shapes: random with symbols, or two words, digits, a symbol."""
    words = RNG.sample(["River", "Maple", "Orbit", "Falcon", "Copper", "Summit"], 2)
    if RNG.random() < 0.5:
        return words[0] + words[1] + rand(DIGITS, 4) + RNG.choice(symbols)
    return rand(UPPER, 2) + rand(LOWER, 4) + RNG.choice(symbols) + rand(DIGITS, 3) + rand(ALNUM, 5)


STATED_PASSWORDS: list[tuple[str, str, str]] = [
    ("Your temporary password is ", human_password(), " - please change it after the first login."),
    ("The staging DB password is ", human_password(), " - generate a psql command."),
    ("the password for the admin account is ", human_password("#$%&*"), ". Keep it safe."),
    ("Password was changed to ", human_password(), "\n"),
    ("Your new password is now: ", human_password(), "\n"),
    ("The VPN password is: ", human_password(), "\n"),
    ("the password is '", human_password(), "' for now"),
    ("pw: ", human_password(), "\n"),
    ("db_pw=", human_password(), "\n"),
    ("passcode: ", digits(6), "\n"),
    ("The passcode is ", digits(6), "."),
    # YAML and env values holding characters that mean something elsewhere
    (
        "    environment:\n      POSTGRES_PASSWORD: ",
        "!" + rand(ALNUM, 6) + "_+0%" + rand(UPPER, 3),
        "\n",
    ),
    ("      POSTGRES_PASSWORD: ", rand(ALNUM, 8) + "=%+" + rand(LOWER, 3), "\n    ports:\n"),
    ("POSTGRES_PASSWORD: ", rand(ALNUM, 3) + "&" + rand(ALNUM, 6) + "-" + rand(ALNUM, 4), "\n"),
    ("MYSQL_ROOT_PASSWORD=", rand(ALNUM, 4) + "&" + rand(ALNUM, 9) + "=" + digits(2), "\n"),
    ("MYSQL_ROOT_PASSWORD=", human_password("!?"), "\n"),
]


@pytest.mark.parametrize(("before", "secret", "after"), STATED_PASSWORDS)
def test_password_stated_in_a_sentence_or_config_value_is_found_whole(
    engine: Engine, before: str, secret: str, after: str
) -> None:
    text = before + secret + after
    start = len(before)
    assert spans(engine.scan(text)) == [("PASSWORD", start, start + len(secret), "credential")]


@pytest.mark.parametrize(
    "text",
    [
        "Your password is incorrect.",
        "The password is required.",
        "The password is stored hashed with bcrypt.",
        "The password is case-sensitive.",
        "The password is SHA256-hashed before storage.",
        "The password is AES-256 encrypted at rest.",
        "The password is WRONG",
        "The password is *required* for admins.",
        "The password must be at least 12 characters long.",
        "The password is the same as before.",
        "Your password is now ${NEW_PASSWORD}",
        "The password is <your password>.",
        "The password is 12345678",
        "The password was settings.DB_PASSWORD all along.",
        "The token is valid for 3600 seconds.",
        "The secret is consistency, not talent.",
        "The bypass is enabled and the passport is valid.",
        "upward: 123456789",
        "password: !vault |",
        "password: !Ref DbPasswordParam",
    ],
)
def test_words_after_password_is_are_not_reported(engine: Engine, text: str) -> None:
    assert spans(engine.scan(text)) == []


def test_query_parameter_password_stops_at_the_next_parameter(engine: Engine) -> None:
    secret = rand(ALNUM, 10) + "9"
    text = "https://api.example.net/login?password=" + secret + "&user=bob"
    start = text.index(secret)
    assert spans(engine.scan(text)) == [("PASSWORD", start, start + len(secret), "credential")]


# RFC 3986 sub-delims and unreserved marks a URL password may hold unescaped.
URL_PASSWORDS = [
    "~" + rand(ALNUM, 10) + "." + rand(ALNUM, 3),
    rand(ALNUM, 8) + "~" + rand(ALNUM, 2),
    rand(ALNUM, 6) + "-" + rand(ALNUM, 2) + "~" + rand(LOWER, 1),
    rand(ALNUM, 6) + "!$" + rand(ALNUM, 4),
    rand(ALNUM, 5) + "&()*" + rand(ALNUM, 4),
    rand(ALNUM, 5) + "+,;=" + rand(ALNUM, 4),
    "." + rand(ALNUM, 4) + "_" + rand(ALNUM, 6),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("password", URL_PASSWORDS)
def test_url_password_with_sub_delims_is_found_and_not_read_as_an_email(
    backend: str, password: str
) -> None:
    engine = Engine(DetectConfig(entities=[*IDS, "EMAIL_ADDRESS"], matcher=backend))
    text = "DATABASE_URL=postgres://svc_deploy:" + password + "@db-1.internal:5432/app\n"
    start = text.index(password)
    assert spans(engine.scan(text)) == [("PASSWORD", start, start + len(password), "credential")]


def test_vendor_token_used_as_url_password_is_reported_as_the_token(engine: Engine) -> None:
    token = "glpat-" + rand(B64URL, 20)
    text = "git clone https://oauth2:" + token + "@gitlab.example.com/group/repo.git"
    start = text.index(token)
    assert spans(engine.scan(text)) == [("GITLAB_TOKEN", start, start + len(token), "credential")]
