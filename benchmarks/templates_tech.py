"""Templates for technical documents: logs, source code and configuration files.

Same syntax as templates_text.py. Code documents are labeled SOURCE_CODE; config files
(YAML, INI, .env, JSON) are not, and neither are logs.
"""

from __future__ import annotations

_TS = "{TS} "

LOG = [
    _TS + "WARN  auth: failed login for {EMAIL} from {IPV4} (attempt {INT})",
    _TS + "ERROR payment: charge declined card={CARD} amount={PRICE} order={ORDER}",
    _TS + "DEBUG http: request headers: Authorization: Bearer {JWT}",
    _TS + "ERROR db: connection refused: postgres://{USER}:{PASSWORD_URL}@{HOST}:5432/orders",
    _TS + "INFO  sms: verification code sent to {PHONE_INTL} for user {INT}",
    _TS + "INFO  conn: accepted from [{IPV6}]:{PORT}",
    _TS + "INFO  [req {UUID}] GET /api/v1/customers/{INT} 200 {INT}ms client={IPV4} user={EMAIL}",
    '{IPV4} - - [{TS}] "GET /static/app.{SHORTSHA}.js HTTP/1.1" 200 {INT} "-" '
    '"Mozilla/5.0 (X11; Linux x86_64) Chrome/{VERSION} Safari/537.36"',
    _TS + "WARN  kyc: manual review for {NAME#1}, dob={DOB}, ssn={SSN}",
    _TS + "DEBUG aws: using credentials AccessKeyId={AWS_KEY} from environment",
    _TS + "ERROR github: push rejected, token {GH_TOKEN} lacks the packages:write scope",
    _TS + "INFO  payout: transfer {PRICE} to iban={IBAN} bic={BIC} ref={INVOICE}",
    _TS + "INFO  signup: new account {EMAIL} phone={PHONE} ip={IPV4_PRIVATE}",
    _TS + "ERROR slack: webhook failed for token {SLACK} (channel_not_found)",
    _TS + "WARN  config: plaintext secret found in env: STRIPE_API_KEY={STRIPE}",
    _TS + "INFO  reports: export scheduled with restricted key {STRIPE_RK}",
]

LOG_FILLER = [
    "\n".join(
        [
            _TS + "INFO  [req {UUID}] GET /api/v1/orders/{ORDER} 200 {INT}ms",
            _TS + "INFO  trace_id={TRACE} span_id={HEX16} duration_ms={INT}",
            _TS + "DEBUG cache: hit ratio 0.{INT4} size={INT}MB",
            _TS + "INFO  deploy: version={VERSION} commit={SHA}",
            _TS + "WARN  shipping: label created tracking={TRACKING} weight={INT}g",
        ]
    ),
    "\n".join(
        [
            _TS + "INFO  gc: pause {INT}ms heap={INT}MB",
            _TS + "INFO  image pulled registry.example.com/app@sha256:{SHA256}",
            _TS + "ERROR batch: row {INT} rejected: invalid card number {BADCARD}",
            _TS + "INFO  kyc: verification ok for user {INT} ssn_last4={INT4}",
            _TS + "INFO  billing: invoice {INVOICE} total={PRICE} status=paid",
            _TS + "DEBUG worker-{INT4}: job {UUID} finished in {INT}ms",
        ]
    ),
    "\n".join(
        [
            _TS + "INFO  http: GET /healthz 200 1ms",
            _TS + "INFO  http: GET /metrics 200 {INT}ms",
            _TS + "WARN  validator: field ssn rejected value {BADSSN} (invalid range)",
            _TS + "INFO  agent: Chrome/{VERSION} on platform 10.0.{INT}",
            _TS + "INFO  scheduler: next run at {TS}",
            _TS + "DEBUG lock: acquired {TRACE} ttl=30s",
        ]
    ),
    "\n".join(
        [
            _TS + "ERROR Traceback (most recent call last):",
            '  File "/srv/app/handlers.py", line {INT4}, in handle',
            "ValueError: unknown status {UPWORD}",
            _TS + "INFO  retry {INT}/5 for order {ORDER} after {INT}ms",
            _TS + "INFO  upload: etag={SHA} bytes={AMOUNT}",
        ]
    ),
]

CODE = [
    'import stripe\n\nstripe.api_key = "{STRIPE}"\n\n\ndef charge(customer_id: str, cents: int):\n'
    '    return stripe.PaymentIntent.create(customer=customer_id, amount=cents, currency="usd")',
    'from openai import OpenAI\n\nclient = OpenAI(api_key="{OPENAI_KEY}")\n\n\ndef ask(q):\n'
    '    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", '
    '"content": q}])\n    return r.choices[0].message.content',
    "const { Octokit } = require('@octokit/rest');\n\nconst octokit = new Octokit({ auth: "
    "'{GH_TOKEN}' });\n\nasync function listRepos(org) {\n  const res = await "
    "octokit.repos.listForOrg({ org });\n  return res.data.map((r) => r.name);\n}",
    'import psycopg\n\n\ndef connect():\n    return psycopg.connect(\n        host="{HOST}",\n'
    '        user="{USER}",\n        password="{PASSWORD}",\n        dbname="orders",\n    )',
    '# Maintainer: {NAME#1} <{WORK_EMAIL#1}>\n__author__ = "{NAME#1}"\n__version__ = '
    '"{VERSION}"\n\n\ndef greet(name: str) -> str:\n    return f"Hello, {name}!"',
    'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nconst apiKey = "{GOOGLE_KEY}"\n\n'
    'func main() {\n\turl := fmt.Sprintf("https://maps.example.com/geocode?key=%s", apiKey)\n'
    "\tresp, err := http.Get(url)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n"
    "\tdefer resp.Body.Close()\n}",
    'public class PaymentTest {\n    private static final String TEST_CARD = "{CARD}";\n'
    '    private static final String OWNER = "{NAME#1}";\n\n    @Test\n'
    "    public void chargesCard() {\n        assertTrue(gateway.charge(TEST_CARD, 1000));\n"
    "    }\n}",
    "INSERT INTO customers (name, email, phone, ssn) VALUES\n  ('{NAME#1}', '{EMAIL}', "
    "'{PHONE}', '{SSN}'),\n  ('{NAME#2}', '{EMAIL}', '{PHONE}', '{SSN}');",
    'import boto3\n\nsession = boto3.Session(\n    aws_access_key_id="{AWS_KEY}",\n'
    '    aws_secret_access_key="{AWS_SECRET}",\n    region_name="eu-west-1",\n)\n'
    's3 = session.client("s3")',
    "const jwt = '{JWT}';\nfetch('/api/me', { headers: { Authorization: `Bearer ${jwt}` } })\n"
    "  .then((r) => r.json())\n  .then(console.log);",
    'PRIVATE_KEY = """{PRIVKEY}"""\n\n\ndef sign(payload: bytes) -> bytes:\n'
    "    key = serialization.load_pem_private_key(PRIVATE_KEY.encode(), password=None)\n"
    "    return key.sign(payload, padding.PKCS1v15(), hashes.SHA256())",
    'import anthropic\n\nclient = anthropic.Anthropic(api_key="{ANTHROPIC_KEY}")\n'
    'msg = client.messages.create(model="claude-sonnet", max_tokens=256, messages=[])',
]

CODE_FILLER = [
    'import hashlib\nfrom pathlib import Path\n\nEXPECTED_SHA256 = "{SHA256}"\n\n\n'
    "def verify(path: Path) -> bool:\n    digest = hashlib.sha256(path.read_bytes()).hexdigest()\n"
    "    return digest == EXPECTED_SHA256",
    "import os\nimport getpass\n\n\ndef get_password() -> str:\n"
    '    password = os.environ.get("DB_PASSWORD")\n    if not password:\n'
    '        password = getpass.getpass("Password: ")\n    return password',
    'def parse_order(line: str) -> dict:\n    order_id, sku, qty, price = line.split(",")\n'
    '    return {"order": order_id, "sku": sku, "qty": int(qty), "price": float(price)}\n\n\n'
    'SAMPLE = "{ORDER},SKU-{INT4},2,19.99"',
    "export function formatPrice(cents: number, currency = 'EUR'): string {\n"
    "  return new Intl.NumberFormat('de-DE', { style: 'currency', currency }).format(cents / 100);\n"
    "}\n\nexport const BUILD = '{SHORTSHA}';\nexport const REQUEST_ID = '{UUID}';",
    "func Retry(n int, fn func() error) error {\n\tvar err error\n\tfor i := 0; i < n; i++ {\n"
    "\t\tif err = fn(); err == nil {\n\t\t\treturn nil\n\t\t}\n"
    "\t\ttime.Sleep(time.Duration(i*100) * time.Millisecond)\n\t}\n\treturn err\n}",
    "SELECT o.id, o.total, c.country\nFROM orders o\nJOIN customers c ON c.id = o.customer_id\n"
    "WHERE o.created_at > now() - interval '30 days'\n  AND o.status = 'PAID'\n"
    "ORDER BY o.total DESC\nLIMIT 100;",
    "class LRUCache:\n    def __init__(self, capacity: int = 128):\n        self.capacity = capacity\n"
    "        self.data: dict[str, bytes] = {}\n\n    def get(self, key: str) -> bytes | None:\n"
    "        value = self.data.pop(key, None)\n        if value is not None:\n"
    "            self.data[key] = value\n        return value",
    "# Generated by protoc {VERSION}. DO NOT EDIT.\n# source digest: {SHA}\n"
    'TOKEN_PLACEHOLDER = "{PLACEHOLDER}"\nMAX_RETRIES = 5\nTIMEOUT_MS = {INT}',
    "def luhn_ok(number: str) -> bool:\n    total = 0\n    for i, ch in enumerate(reversed(number)):\n"
    "        d = int(ch) * (2 if i % 2 else 1)\n        total += d - 9 if d > 9 else d\n"
    '    return total % 10 == 0\n\n\nassert not luhn_ok("{BADCARD}")',
]

CONFIG = [
    "DATABASE_URL=postgres://{USER}:{PASSWORD_URL}@{HOST}:5432/app\nREDIS_URL=redis://{HOST}:6379/0\n"
    "STRIPE_SECRET_KEY={STRIPE}\nSTRIPE_REPORTING_KEY={STRIPE_RK}\nSENDGRID_API_KEY={SENDGRID}\nAPP_VERSION={VERSION}\nDEBUG=false",
    "[default]\naws_access_key_id = {AWS_KEY}\naws_secret_access_key = {AWS_SECRET}\n"
    "region = eu-central-1",
    "smtp:\n  host: smtp.{?northwind|contoso}.example\n  port: 587\n  username: {WORK_EMAIL#1}\n"
    '  password: "{PASSWORD}"\nadmins:\n  - {EMAIL}\nallowed_ips:\n  - {IPV4}\n  - {IPV4_PRIVATE}',
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\ntype: Opaque\n"
    'stringData:\n  DB_PASSWORD: "{PASSWORD}"\n  GITLAB_TOKEN: "{GL_TOKEN}"',
    "services:\n  db:\n    image: postgres:{?15|16}.{?2|4}\n    environment:\n"
    "      POSTGRES_USER: {USER}\n      POSTGRES_PASSWORD: {PASSWORD}\n    ports:\n"
    '      - "5432:5432"',
    '{\n  "type": "service_account",\n  "project_id": "analytics-{INT4}",\n'
    '  "private_key_id": "{SHA}",\n  "private_key": "{PRIVKEY_JSON}",\n'
    '  "client_email": "{SA_EMAIL}"\n}',
    "//registry.npmjs.org/:_authToken={NPM}\nregistry=https://registry.npmjs.org/\nsave-exact=true",
    "https://{USER}:{GH_TOKEN}@github.com\n",
    "[slack]\nbot_token = {SLACK}\nchannel = #alerts\n[pagerduty]\nservice = {UUID}",
    "openai:\n  api_key: {OPENAI_KEY}\n  model: gpt-4o-mini\n  timeout_s: 30",
    "[payments]\nmerchant_iban = {IBAN}\nmerchant_bic = {BIC}\nsettlement_currency = EUR",
    "ssh_key: |\n  {PRIVKEY}\n",
]

CONFIG_FILLER = [
    '{\n  "name": "web",\n  "version": "{VERSION}",\n  "lockfileVersion": 3,\n'
    '  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.21",\n'
    '      "integrity": "sha512-{B64}"\n    }\n  }\n}',
    "server:\n  port: {PORT}\n  workers: 4\n  request_id_header: X-Request-Id\n"
    "features:\n  new_checkout: true\n  build: {SHORTSHA}\n  release: {VERSION}",
    "[database]\nhost = {HOST}\nport = 5432\nuser = {USER}\npassword = %(DB_PASSWORD)s\n"
    "pool_size = 20",
    "image: registry.example.com/api@sha256:{SHA256}\nreplicas: 3\nresources:\n"
    "  limits:\n    memory: 512Mi\n    cpu: 500m",
    "LOG_LEVEL=info\nTIMEZONE=Europe/Berlin\nFEATURE_FLAGS=search,checkout\n"
    "SENTRY_RELEASE={SHA}\nPASSWORD_MIN_LENGTH=12\nSECRET_KEY={PLACEHOLDER}",
    'retention_days: 30\nbackup:\n  schedule: "0 3 * * *"\n  bucket: backups-{INT4}\n'
    "  kms_key_id: {UUID}",
]

TECH_POOLS: dict[str, tuple[list[str], str | None]] = {
    "log": (LOG, None),
    "log_filler": (LOG_FILLER, None),
    "code": (CODE, "SOURCE_CODE"),
    "code_filler": (CODE_FILLER, "SOURCE_CODE"),
    "config": (CONFIG, None),
    "config_filler": (CONFIG_FILLER, None),
    "CODE": (CODE + CODE_FILLER, "SOURCE_CODE"),
}
