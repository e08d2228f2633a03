"""What every API dialect provides to the pipeline: its texts, its usage, its stream edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import orjson

from airlock.detect import StreamRehydrator, Vault
from airlock.gateway.errors import bad_request
from airlock.gateway.metering import Usage

Event = tuple[str | None, str]
Edit = Callable[[str], str]


class Slot:
    """A reference to one text inside a JSON document, to read and rewrite it in place."""

    __slots__ = ("key", "obj")

    def __init__(self, obj: Any, key: Any) -> None:
        self.obj = obj
        self.key = key

    def get(self) -> str:
        return str(self.obj[self.key])

    def set(self, value: str) -> None:
        self.obj[self.key] = value


def string_slots(value: Any) -> Iterator[Slot]:
    """Every string inside a JSON value (tool inputs are free-form objects)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield Slot(value, key)
            else:
                yield from string_slots(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield Slot(value, index)
            else:
                yield from string_slots(item)


def require(cond: bool, message: str, param: str | None = None) -> None:
    if not cond:
        raise bad_request(message, code=f"invalid_{param}" if param else None)


class StreamEditor:
    """Rewrites a stream event by event: rehydrates pseudonyms split across chunks."""

    def __init__(self, vault: Vault | None) -> None:
        self.vault = vault
        self.rehydrators: dict[Any, StreamRehydrator] = {}
        self.usage = Usage(estimated=True)
        self.text_chars = 0
        self.texts: list[str] = []  # upstream text, for the response scan

    def feed(self, key: Any, text: str) -> str:
        self.text_chars += len(text)
        self.texts.append(text)
        if self.vault is None or not len(self.vault):
            return text
        rh = self.rehydrators.get(key)
        if rh is None:
            rh = self.rehydrators[key] = StreamRehydrator(self.vault)
        return rh.feed(text)

    def flush(self, key: Any) -> str:
        rh = self.rehydrators.pop(key, None)
        return rh.flush() if rh is not None else ""

    def edit(self, name: str | None, data: str) -> list[Event]:
        """The events to send for one upstream event."""
        raise NotImplementedError

    def finish(self) -> list[Event]:
        """Events to send when the upstream stream ended (held-back text)."""
        return []


class Api:
    """One client-facing API. Subclasses parse and walk their own JSON shapes."""

    name: ClassVar[str]
    path: ClassVar[str]
    dialect: ClassVar[str] = "openai"
    streams: ClassVar[bool] = True

    def validate(self, body: Any) -> str:
        """The client model name; raises a 400 GatewayError on a malformed request."""
        raise NotImplementedError

    def texts(self, body: dict[str, Any]) -> list[Slot]:
        raise NotImplementedError

    def answer_texts(self, body: dict[str, Any]) -> list[Slot]:
        return []

    def usage(self, body: dict[str, Any]) -> Usage | None:
        return None

    def prepare(self, body: dict[str, Any]) -> None:
        """Adjust the outgoing body (e.g. ask for usage in streams)."""

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        raise NotImplementedError


def dumps(data: Any) -> str:
    return orjson.dumps(data).decode()


def is_stream(body: dict[str, Any]) -> bool:
    stream = body.get("stream", False)
    require(isinstance(stream, bool) or stream is None, "'stream' must be a boolean", "stream")
    return bool(stream)
