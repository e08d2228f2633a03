"""Credentials: vendor tokens, cloud keys, private keys, JWTs, passwords and secrets.

The family is split by responsibility:
- `credential_specs`: the entity ids and severities;
- `credential_rules`, `credential_cloud`, `credential_saas`: table-driven rules for
  prefixed and structured formats, and their validators in `credential_checks`;
- `credential_assignments`: `password = "..."`-style assignments with value checks;
- `credential_prose`: secrets stated in a sentence ("the password is ...");
- this module: JWTs, private-key blocks and service-account files (structures read
  part by part), and the family's `build`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from airlock.detect.detector import Detector, Hit, RuleDetector, Trigger
from airlock.detect.detectors.credential_assignments import AssignmentDetector
from airlock.detect.detectors.credential_checks import jwt_ok
from airlock.detect.detectors.credential_cloud import CLOUD_RULES
from airlock.detect.detectors.credential_rules import STRUCTURED_RULES, CredentialRule
from airlock.detect.detectors.credential_saas import SAAS_RULES
from airlock.detect.detectors.credential_specs import SPECS
from airlock.detect.document import Document
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

ENTITIES = list(SPECS.values())
VENDOR_RULES: tuple[CredentialRule, ...] = CLOUD_RULES + SAAS_RULES
# A vendor token used as a URL password (`https://user:glpat-...@gitlab.com`) is reported
# as the token: its rule scores above a URL password that looks like one.
_VENDOR_PREFIX = re.compile(
    "|".join(f"(?i:{r.trigger})" if r.ignore_case else f"(?:{r.trigger})" for r in VENDOR_RULES)
)


def _below_vendor_tokens(score: float) -> Callable[[str], float | None]:
    def check(value: str) -> float:
        return 0.9 if _VENDOR_PREFIX.match(value) else score

    return check


RULES: tuple[CredentialRule, ...] = VENDOR_RULES + tuple(
    replace(r, check=_below_vendor_tokens(r.score)) if r.entity == "PASSWORD" else r
    for r in STRUCTURED_RULES
)

MAX_BLOCK = 8192  # longest private-key block looked at (RSA-4096 PEM is ~3.3 KB)

_B64_RUN = re.compile(r"[A-Za-z0-9+/=]{40}")  # a line of key material
_B64_CHARS = re.compile(r"[A-Za-z0-9+/=]")
# What may follow BEGIN in a truncated block: headers, base64, whitespace, escaped newlines.
_BODY = re.compile(r"(?:[A-Za-z0-9+/=:,\- \t\r\n]|\\[nr])*")
_LAST_B64 = re.compile(r"[A-Za-z0-9+/=]+")
_MAC = re.compile(r"Private-MAC: [0-9a-fA-F]{40,128}")
_B64URL_RUN = re.compile(r"[A-Za-z0-9_\-]*")
_JWT_PARTS = (4096, 16384, 2048)  # longest header, payload and signature read
_FOURTH_PART = re.compile(r"=|\.[A-Za-z0-9_\-]")
_JSON_OBJECT = re.compile(r'\{(?:[^"{}]|"(?:[^"\\]|\\.)*")*\}')
_PRIVATE_KEY_VALUE = re.compile(r'"private_key"[ \t\r\n]*:[ \t\r\n]*"((?:[^"\\]|\\.)*)"')


class TokenDetector(RuleDetector):
    """Vendor tokens, keys in connection strings, HTTP credentials and URL passwords."""

    name = "credential_tokens"
    entities = tuple(SPECS[e] for e in dict.fromkeys(rule.entity for rule in RULES))
    rules = RULES


class JwtDetector(Detector):
    """JSON Web Tokens: three base64url parts whose header decodes to JSON with an `alg`.

    Each run of base64url text is read once, however many `eyJ` it holds, and each dot
    is tried at most twice, so a long run of look-alikes stays linear.
    """

    name = "jwt"
    entities = (SPECS["JWT"],)

    def triggers(self) -> Sequence[Trigger]:
        return [Trigger("jwt", r"\beyJ[A-Za-z0-9_\-]{8}")]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        run_end = tried_dot = -1
        header_max, payload_max, signature_max = _JWT_PARTS
        for hit in sorted(hits, key=_start):
            if hit.start >= run_end:
                run_end = _run_end(text, hit.start, len(text))  # read once for all its hits
            dot = run_end
            if dot == tried_dot or dot - hit.start > header_max or not text.startswith(".ey", dot):
                continue
            tried_dot = dot
            payload_end = _run_end(text, dot + 1, payload_max)
            if not text.startswith(".", payload_end):
                continue
            end = _run_end(text, payload_end + 1, signature_max)
            if _FOURTH_PART.match(text, end):
                continue  # more parts or padding: JWE or something else, not a compact JWS
            # The first `eyJ` of the run starts the token, unless junk is glued before it.
            starts = [hit.start]
            inner = text.rfind("eyJ", hit.start + 1, dot)
            if inner >= 0:
                starts.append(inner)
            for start in starts:
                if jwt_ok(text[start:end]):
                    yield Finding(start, end, "JWT", "credential", 0.95, self.name)
                    break


def _start(hit: Hit) -> int:
    return hit.start


def _run_end(text: str, start: int, limit: int) -> int:
    m = _B64URL_RUN.match(text, start, min(len(text), start + limit))
    return m.end() if m else start


class PrivateKeyDetector(Detector):
    """PEM, OpenSSH, PGP, SSH2 and PuTTY private keys; the whole block is the span."""

    name = "private_keys"
    entities = (SPECS["PRIVATE_KEY"],)

    def triggers(self) -> Sequence[Trigger]:
        return [
            Trigger("pem", r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"),
            Trigger("ssh2", r"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"),
            Trigger("putty", r"PuTTY-User-Key-File-[0-9]: "),
        ]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        read_to: dict[str, int] = {}  # per trigger, how far the last attempt read (local state)
        for hit in sorted(hits, key=_start):
            if hit.start < read_to.get(hit.key, -1):
                continue  # inside text an attempt already read: same answer, skip the rework
            read = self._putty if hit.key == "putty" else self._block
            finding, read_to[hit.key] = read(text, hit)
            if finding is not None:
                yield finding

    def _block(self, text: str, hit: Hit) -> tuple[Finding | None, int]:
        """The block's finding, and how far a truncated body was read (-1 if not read)."""
        header = text[hit.start : hit.end]
        label = header.strip("- ")[len("BEGIN ") :]
        limit = min(len(text), hit.start + MAX_BLOCK)
        end_marker = header.replace("BEGIN", "END", 1)
        close = text.find(end_marker, hit.end, limit)
        if close >= 0:
            if not _key_material(text[hit.end : close], 64):
                return None, -1
            return self._finding(hit.start, close + len(end_marker), 0.99, label), -1
        # No END within reach: a truncated or streamed key is still key material.
        body = _BODY.match(text, hit.end, limit)
        end = hit.end + len(body.group(0)) if body else hit.end
        runs = list(_LAST_B64.finditer(text, hit.end, end))
        if not runs or not _key_material(text[hit.end : runs[-1].end()], 128):
            return None, end
        return self._finding(hit.start, runs[-1].end(), 0.9, label), end

    def _putty(self, text: str, hit: Hit) -> tuple[Finding | None, int]:
        """The key file's finding (header to Private-MAC), and how far the search read."""
        limit = min(len(text), hit.start + MAX_BLOCK)
        mac = _MAC.search(text, hit.end, limit)
        if mac is None:
            return None, limit
        body = text[hit.end : mac.start()]
        if "Private-Lines:" not in body or not _key_material(body, 64):
            return None, mac.end()
        return self._finding(hit.start, mac.end(), 0.99, "PUTTY PRIVATE KEY"), mac.end()

    def _finding(self, start: int, end: int, score: float, label: str) -> Finding:
        return Finding(start, end, "PRIVATE_KEY", "credential", score, self.name, detail=label)


def _key_material(body: str, minimum: int) -> bool:
    """A full line of base64 and `minimum` varied base64 characters (not `AAAA...`)."""
    if _B64_RUN.search(body) is None:
        return False
    chars = _B64_CHARS.findall(body)
    return len(chars) >= minimum and len(set(chars)) >= 16


class ServiceAccountDetector(Detector):
    """A Google Cloud service-account key file: the secret in it is its private key.

    The finding spans the `private_key` value (the JSON string's content), not the whole
    object, so the file's other values (`client_email`) are found on their own.
    """

    name = "gcp_service_account"
    entities = (SPECS["GCP_SERVICE_ACCOUNT"],)

    def triggers(self) -> Sequence[Trigger]:
        return [Trigger("sa", r'"service_account"')]

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        last_end = tried = -1
        for hit in hits:
            if hit.start < last_end:
                continue
            start = text.rfind("{", max(0, hit.start - 4096), hit.start)
            if start < 0 or start == tried:
                continue  # one attempt per object, however many markers it holds
            tried = start
            m = _JSON_OBJECT.match(text, start, min(len(text), start + 4 * MAX_BLOCK))
            if m is None or not _is_service_account(m.group(0)):
                continue
            last_end = m.end()
            key = _PRIVATE_KEY_VALUE.search(text, start, m.end())
            if key is None:
                continue  # the key name written with JSON escapes: valid, but not matched
            yield Finding(
                key.start(1),
                key.end(1),
                "GCP_SERVICE_ACCOUNT",
                "credential",
                # Above the PEM block inside it (0.99): the file explains the key.
                1.0,
                self.name,
                detail="service account private key",
            )


def _is_service_account(candidate: str) -> bool:
    try:
        obj = json.loads(candidate)
    except ValueError:
        return False
    if not isinstance(obj, dict) or obj.get("type") != "service_account":
        return False
    key = obj.get("private_key")
    return isinstance(key, str) and "PRIVATE KEY-----" in key


def build(ctx: BuildContext) -> list[Detector]:
    return [
        TokenDetector(),
        JwtDetector(),
        PrivateKeyDetector(),
        ServiceAccountDetector(),
        AssignmentDetector(),
    ]
