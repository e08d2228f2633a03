"""Table-driven credential rules: the rule type, helpers, and the structured formats.

Triggers are short fixed prefixes (cheap for the shared Hyperscan scan, bounded ends);
`full` takes the whole token on a bounded window and a validator rejects placeholders,
checks checksums or decodes the structure. Vendor tables live in `credential_cloud` and
`credential_saas`; this module holds formats defined by a standard rather than a vendor
(HTTP credentials, URL passwords, age and 1Password keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from airlock.detect.detector import Hit, Rule
from airlock.detect.detectors.credential_checks import (
    b64_json,
    basic_auth_ok,
    bearer_ok,
    bech32_ok,
    random_enough,
    url_password_ok,
)
from airlock.detect.document import Document
from airlock.detect.finding import Finding

END = r"(?![A-Za-z0-9_\-])"  # a token ends where token characters stop
B64_END = r"(?![A-Za-z0-9+/=])"
HEX = "[a-f0-9]"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
SEP = r"""["'\]]?(?:[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}|[ \t]{1,8})["']?"""


@dataclass(frozen=True)
class CredentialRule(Rule):
    """A `Rule` whose `check(value)` may reject a candidate (None) or set its score:
    a checksum that proves the format scores higher than the format alone."""

    check: Callable[[str], float | None] | None = None

    def confirm(self, doc: Document, hit: Hit, category: str, detector: str) -> Finding | None:
        finding = super().confirm(doc, hit, category, detector)
        if finding is None or self.check is None:
            return finding
        score = self.check(finding.value(doc.text))
        return None if score is None else replace(finding, score=score)


def token_rule(
    entity: str,
    trigger: str,
    full: str,
    *,
    score: float = 0.95,
    entropy: float = 3.0,
    end: str = END,
    context: tuple[str, ...] = (),
    context_score: float | None = None,
    max_len: int = 256,
) -> CredentialRule:
    """A prefixed token: `full` plus an end boundary, rejected when not random enough."""
    return CredentialRule(
        entity,
        trigger,
        full + end,
        score=score,
        validate=random_enough(entropy),
        context=context,
        context_score=context_score,
        max_len=max_len,
    )


STRUCTURED_RULES: tuple[CredentialRule, ...] = (
    CredentialRule(
        "AGE_SECRET_KEY",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{8}",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])",
        score=0.99,
        validate=bech32_ok,
    ),
    CredentialRule(
        "ONEPASSWORD_SERVICE_TOKEN",
        r"\bops_eyJ[A-Za-z0-9+/]{16}",
        r"ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}" + B64_END,
        validate=lambda v: b64_json(v, skip=4),
        max_len=4100,
    ),
    CredentialRule(
        "HTTP_BASIC_AUTH",
        r"\b[Bb]asic[ \t]+[A-Za-z0-9+/]{6}",
        r"[Bb]asic[ \t]+([A-Za-z0-9+/]{6,1024}={0,2})" + B64_END,
        group=1,
        validate=basic_auth_ok,
        max_len=1100,
    ),
    CredentialRule(
        "BEARER_TOKEN",
        r"\b[Bb]earer[ \t]+[A-Za-z0-9_\-.~+/]{8}",
        r"[Bb]earer[ \t]+([A-Za-z0-9_\-.~+/]{16,4096}={0,2})(?![A-Za-z0-9_\-.~+/=])",
        group=1,
        score=0.8,
        context=("authorization",),
        context_score=0.9,
        validate=bearer_ok,
        max_len=4200,
    ),
    CredentialRule(
        "PASSWORD",
        r"://[^\s:/@?#\"'<>]{0,64}:",
        r"://[^\s:/@?#\"'<>]{0,64}:([^\s:/?#\"'<>]{1,128})@[A-Za-z0-9\[]",
        group=1,
        # Above an e-mail address (0.95): `pass~word@host` inside the URL reads as one.
        score=0.97,
        validate=url_password_ok,
    ),
)
