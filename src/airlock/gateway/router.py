"""The model table: a client model name -> the targets to try, in order."""

from __future__ import annotations

from dataclasses import dataclass

from airlock.gateway.config import GatewayConfig, ProviderConfig
from airlock.gateway.errors import GatewayError
from airlock.gateway.providers import REGISTRY, Provider

WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class Target:
    provider: Provider
    model: str  # the upstream model name


class Router:
    """Resolves client model names. Without any table, every model goes to `preview`."""

    def __init__(self, config: GatewayConfig) -> None:
        self.providers: dict[str, Provider] = {
            name: REGISTRY[cfg.kind](name, cfg) for name, cfg in config.providers.items()
        }
        if "preview" not in self.providers:
            preview = ProviderConfig(kind="preview", tags=["preview"])
            self.providers["preview"] = REGISTRY["preview"]("preview", preview)
        routes = {name: route.targets for name, route in config.models.items()}
        if not routes:
            first = next((n for n in config.providers), "preview")
            routes = {WILDCARD: [f"{first}/*"]}
        self.routes = routes

    def resolve(self, model: str) -> list[Target]:
        """The targets for `model`; 404 (in the API's shape) when the table has none."""
        targets = self.routes.get(model) or self.routes.get(WILDCARD)
        if targets is None:
            raise GatewayError(
                "not_found", f"model {model!r} does not exist", code="model_not_found"
            )
        out = []
        for target in targets:
            provider, _, upstream = target.partition("/")
            out.append(Target(self.providers[provider], model if upstream == "*" else upstream))
        return out

    def names(self) -> list[str]:
        """The model names clients can ask for (the wildcard is not listed)."""
        return sorted(n for n in self.routes if n != WILDCARD)
