"""Who is calling: a virtual key (Bearer or x-api-key) or a trusted SSO identity header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from airlock.gateway.config import IdentityConfig
from airlock.gateway.errors import GatewayError
from airlock.gateway.http import Scope, header
from airlock.gateway.keys import KeyCache, KeyInfo


@dataclass(frozen=True, slots=True)
class Principal:
    user: str | None
    team: str | None
    role: str | None
    initiative: str | None = None
    key: KeyInfo | None = None

    @property
    def key_id(self) -> str | None:
        return self.key.key_id if self.key else None


ANONYMOUS = Principal(None, None, None)


def _bearer(scope: Scope) -> str | None:
    # Keys pasted from a terminal or a secrets file often carry a space or a newline.
    auth = header(scope, b"authorization")
    if auth and auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    key = header(scope, b"x-api-key") or header(scope, b"api-key")
    return key.strip() if key else None


def authenticate(
    scope: Scope, keys: KeyCache, identity: IdentityConfig, require_keys: bool
) -> Principal:
    """The caller; 401 for a missing, unknown, expired or revoked key."""
    presented = _bearer(scope)
    if presented:
        info = keys.verify(presented)
        if info is None:
            raise GatewayError("auth", "invalid API key", code="invalid_api_key")
        status = info.status(datetime.now(UTC))
        if status != "active":
            raise GatewayError("auth", f"API key {info.key_id} is {status}", code=f"key_{status}")
        return Principal(info.user, info.team, info.role, info.initiative, info)
    sso = _trusted_identity(scope, identity)
    if sso is not None:
        return sso
    if require_keys:
        raise GatewayError(
            "auth", "missing API key (Authorization: Bearer <key>)", code="missing_api_key"
        )
    return ANONYMOUS


def _trusted_identity(scope: Scope, identity: IdentityConfig) -> Principal | None:
    if identity.user_header is None:
        return None
    client = scope.get("client")
    if not client or client[0] not in identity.trusted_proxies:
        return None
    user = header(scope, identity.user_header.lower().encode("latin-1"))
    if not user:
        return None

    def get(name: str | None) -> str | None:
        return header(scope, name.lower().encode("latin-1")) if name else None

    return Principal(user, get(identity.team_header), get(identity.role_header))
