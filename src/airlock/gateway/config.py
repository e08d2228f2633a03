"""The `gateway:` section of airlock.yaml: providers, the model table, prices, limits."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_TARGET = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/.+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProviderConfig(_Strict):
    """An upstream. `api_key_env` names the environment variable holding its key."""

    kind: Literal["openai", "azure", "anthropic", "preview"] = "openai"
    base_url: str = ""
    api_key_env: str | None = None
    tags: list[str] = Field(default_factory=lambda: ["external"])
    timeout_s: float = Field(default=120.0, gt=0)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    api_version: str | None = None  # Azure OpenAI's api-version
    headers: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> ProviderConfig:
        if self.kind != "preview" and not self.base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must be an http:// or https:// URL")
        if self.kind == "azure" and not self.api_version:
            raise ValueError("an azure provider needs api_version")
        return self


class ModelRoute(_Strict):
    """Targets tried in order (`provider/model`; `provider/*` keeps the client's name)."""

    targets: list[str] = Field(min_length=1)

    @field_validator("targets")
    @classmethod
    def _check_targets(cls, value: list[str]) -> list[str]:
        for target in value:
            if not _TARGET.fullmatch(target):
                raise ValueError(f"target {target!r} must read provider/model")
        return value


class Price(_Strict):
    """USD per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


class IdentityConfig(_Strict):
    """A trusted identity header set by an SSO proxy (e.g. oauth2-proxy's X-Forwarded-Email).

    Honoured only from `trusted_proxies` (client addresses), so a client cannot forge it.
    """

    user_header: str | None = None
    team_header: str | None = None
    role_header: str | None = None
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])


class AuditConfig(_Strict):
    """Audit storage. Prompts are stored only when asked, encrypted with a Fernet key."""

    store_prompts: bool = False
    prompt_key_env: str = "AIRLOCK_PROMPT_KEY"
    retention_days: int = Field(default=365, ge=1)
    batch_size: int = Field(default=500, ge=1)
    flush_interval_s: float = Field(default=1.0, gt=0)


class GatewayConfig(_Strict):
    """Reference: docs/gateway.md."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    policy: str | None = None  # path, relative to the workspace folder
    providers: dict[str, ProviderConfig] = Field(default_factory=dict)
    models: dict[str, ModelRoute] = Field(default_factory=dict)
    prices: dict[str, Price] = Field(default_factory=dict)
    max_request_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    max_text_chars: int = Field(default=1_000_000, ge=1)
    identity: IdentityConfig = Field(default_factory=IdentityConfig)
    audit: AuditConfig = Field(default_factory=AuditConfig)
    require_keys: bool = True
    refresh_interval_s: float = Field(default=1.0, gt=0)
    scan_cache_entries: int = Field(default=8192, ge=0)  # 0: scan every text every time

    @model_validator(mode="after")
    def _check_routes(self) -> GatewayConfig:
        for name, route in self.models.items():
            for target in route.targets:
                provider = target.split("/", 1)[0]
                if provider not in self.providers and provider != "preview":
                    raise ValueError(f"model {name!r}: unknown provider {provider!r}")
        return self

    def with_upstream(self, url: str, kind: str = "openai") -> GatewayConfig:
        """This config with one more provider, `upstream`, serving every model (`--upstream`)."""
        providers = dict(self.providers)
        key_env = "ANTHROPIC_API_KEY" if kind == "anthropic" else "OPENAI_API_KEY"
        providers["upstream"] = ProviderConfig.model_validate(
            {"kind": kind, "base_url": url, "api_key_env": key_env}
        )
        models = dict(self.models)
        models["*"] = ModelRoute(targets=["upstream/*"])
        return self.model_copy(update={"providers": providers, "models": models})
