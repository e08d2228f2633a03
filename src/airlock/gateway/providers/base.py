"""The provider interface: one upstream dialect per module, registered by `kind`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from airlock.gateway.config import ProviderConfig

# The APIs a client may call; each provider says which it serves natively.
CHAT, RESPONSES, EMBEDDINGS, MESSAGES = "chat", "responses", "embeddings", "messages"


@dataclass
class Call:
    """A governed request ready to leave: the sanitized body, upstream model set."""

    api: str
    body: dict[str, Any]
    stream: bool
    headers: dict[str, str] = field(default_factory=dict)  # pass-through (anthropic-version)


@dataclass
class Reply:
    """An upstream answer: a JSON body, or a stream of SSE events (event name, data)."""

    status: int
    body: dict[str, Any] | None = None
    events: AsyncIterator[tuple[str | None, str]] | None = None
    rehydrate: bool = True  # the preview shows what left, so it is not rehydrated
    close: Callable[[], Awaitable[None]] | None = None


class UpstreamFailure(Exception):
    """The upstream failed. `retryable`: another target may be tried. Never holds a key."""

    def __init__(self, message: str, *, status: int = 502, retryable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = retryable


class Provider:
    """Base of provider adapters. Subclasses set `kind` and `apis` and implement `send`."""

    kind: ClassVar[str] = ""
    apis: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, name: str, config: ProviderConfig) -> None:
        self.name = name
        self.config = config
        self.tags = tuple(config.tags)
        self.session: aiohttp.ClientSession | None = None

    async def start(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def send(self, call: Call) -> Reply:
        raise NotImplementedError

    def secret(self) -> str | None:
        import os

        return os.environ.get(self.config.api_key_env) if self.config.api_key_env else None


REGISTRY: dict[str, type[Provider]] = {}


def register(cls: type[Provider]) -> type[Provider]:
    REGISTRY[cls.kind] = cls
    return cls
