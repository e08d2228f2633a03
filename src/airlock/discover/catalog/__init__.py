"""The AI service catalog shipped with Airlock, extended by a company's own files."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from airlock.config import load_yaml_model
from airlock.config.yaml_model import parse_yaml, validate_yaml
from airlock.discover.catalog.match import DomainMatcher, normalize_host
from airlock.discover.catalog.model import Account, Catalog, Category, Risk, Service, check_unique
from airlock.errors import ConfigError

__all__ = [
    "Account",
    "Catalog",
    "Category",
    "DomainMatcher",
    "Risk",
    "Service",
    "load_catalog",
    "normalize_host",
    "shipped_catalog",
]

SHIPPED = "services.yaml"


@cache
def shipped_catalog() -> Catalog:
    """The catalog that ships with Airlock (validated once per process; models are frozen)."""
    resource = resources.files(__package__).joinpath(SHIPPED)
    path = Path(str(resource))
    data, root = parse_yaml(resource.read_text(encoding="utf-8"), path)
    return validate_yaml(data, root, Catalog, path)


def load_catalog(extra: Sequence[Path] = ()) -> Catalog:
    """The shipped catalog plus `extra` files; an extra entry replaces a shipped one by id."""
    catalog = shipped_catalog()
    services = {service.id: service for service in catalog.services}
    versions = [catalog.version]
    for path in extra:
        own = load_yaml_model(path, Catalog)
        versions.append(f"{path.name}@{own.version}")
        for service in own.services:
            services[service.id] = service
    merged = list(services.values())
    try:
        check_unique(merged)
    except ValueError as exc:
        where = extra[-1] if extra else None
        raise ConfigError(f"catalog: {exc}", path=where) from None
    try:
        return Catalog(schema_version=1, version="+".join(versions), services=merged)
    except ValidationError as exc:  # pragma: no cover - each part was validated already
        raise ConfigError(f"catalog: {exc.errors()[0]['msg']}") from None


def matcher_for(catalog: Catalog) -> DomainMatcher:
    """A domain matcher over every domain of `catalog`."""
    return DomainMatcher((d, s.id) for s in catalog.services for d in s.domains)
