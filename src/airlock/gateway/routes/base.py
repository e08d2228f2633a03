"""What every API dialect provides to the pipeline: its texts, its usage, its stream edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import orjson

from airlock.detect import StreamRehydrator, Vault, rehydrate
from airlock.gateway.errors import GatewayError, bad_request
from airlock.gateway.metering import Usage

Event = tuple[str | None, str]
Edit = Callable[[str], str]


class Slot:
    """A reference to one text inside a JSON document, to read and rewrite it in place.

    `json`: the text is itself JSON (tool-call arguments), so values put back into it
    must be JSON-escaped.
    """

    __slots__ = ("json", "key", "obj")

    def __init__(self, obj: Any, key: Any, *, json: bool = False) -> None:
        self.obj = obj
        self.key = key
        self.json = json

    def get(self) -> str:
        return str(self.obj[self.key])

    def set(self, value: str) -> None:
        self.obj[self.key] = value


def string_slots(value: Any) -> Iterator[Slot]:
    """Every string inside a JSON object or array (tool inputs are free-form objects).

    Iterative: JSON nests up to 1024 levels deep, deeper than Python's recursion limit.
    """
    stack = [value] if isinstance(value, dict | list) else []
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, item in items:
            if isinstance(item, str):
                yield Slot(node, key)
            elif isinstance(item, dict | list):
                stack.append(item)


def json_escaped(vault: Vault) -> Vault:
    """A copy of `vault` whose values are JSON-escaped, to rehydrate inside JSON text."""
    data: dict[str, Any] = vault.to_dict()
    for entry in data["entries"]:
        entry["value"] = orjson.dumps(entry["value"]).decode()[1:-1]
    return Vault.from_dict(data)


def rehydrate_slot(slot: Slot, vault: Vault, escaped: Callable[[], Vault]) -> None:
    """Put the values of `vault` back into `slot` (JSON-escaped where the slot is JSON)."""
    text = slot.get()
    if "<" in text:
        slot.set(rehydrate(text, escaped() if slot.json else vault))


def require(cond: bool, message: str, param: str | None = None) -> None:
    if not cond:
        raise bad_request(message, code=f"invalid_{param}" if param else None)


class StreamEditor:
    """Rewrites a stream event by event: rehydrates pseudonyms split across chunks."""

    def __init__(self, vault: Vault | None) -> None:
        self.vault = vault
        self._escaped: Vault | None = None
        self.rehydrators: dict[Any, StreamRehydrator] = {}
        self.usage = Usage(estimated=True)
        self.text_chars = 0
        self.texts: list[str] = []  # upstream text, for the response scan

    def escaped(self) -> Vault:
        """The vault with JSON-escaped values, for tool-call arguments (built once)."""
        assert self.vault is not None
        if self._escaped is None:
            self._escaped = json_escaped(self.vault)
        return self._escaped

    def whole(self, text: str, *, json: bool = False) -> str:
        """`text` rehydrated in one piece (a `done` event repeating the whole text)."""
        if self.vault is None or not len(self.vault):
            return text
        return rehydrate(text, self.escaped() if json else self.vault)

    def feed(self, key: Any, text: str, *, json: bool = False) -> str:
        """`text` of the stream `key`, rehydrated; `json` for tool-call arguments."""
        self.text_chars += len(text)
        self.texts.append(text)
        if self.vault is None or not len(self.vault):
            return text
        rh = self.rehydrators.get(key)
        if rh is None:
            vault = self.escaped() if json else self.vault
            rh = self.rehydrators[key] = StreamRehydrator(vault)
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

    def error_body(self, err: GatewayError) -> bytes:
        """`err` in this API's error shape (OpenAI's unless overridden)."""
        return err.openai_body()

    def error_event(self, err: GatewayError) -> Event:
        """`err` as the event that ends a stream that already started."""
        return None, err.openai_body().decode()


def dumps(data: Any) -> str:
    return orjson.dumps(data).decode()


def is_stream(body: dict[str, Any]) -> bool:
    stream = body.get("stream", False)
    require(isinstance(stream, bool) or stream is None, "'stream' must be a boolean", "stream")
    return bool(stream)
