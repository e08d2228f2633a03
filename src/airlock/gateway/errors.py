"""Gateway errors and their two wire shapes (OpenAI's and Anthropic's)."""

from __future__ import annotations

import traceback

import orjson

from airlock.errors import DetectionError

# kind -> (HTTP status, OpenAI error type, Anthropic error type)
KINDS: dict[str, tuple[int, str, str]] = {
    "bad_request": (400, "invalid_request_error", "invalid_request_error"),
    "auth": (401, "authentication_error", "authentication_error"),
    "denied": (403, "permission_error", "permission_error"),
    "not_found": (404, "invalid_request_error", "not_found_error"),
    "method": (405, "invalid_request_error", "invalid_request_error"),
    "too_large": (413, "invalid_request_error", "request_too_large"),
    "rate_limit": (429, "rate_limit_error", "rate_limit_error"),
    "internal": (500, "server_error", "api_error"),
    "upstream": (502, "upstream_error", "api_error"),
    "unavailable": (503, "server_error", "overloaded_error"),
    "timeout": (504, "timeout", "timeout_error"),
}


class GatewayError(Exception):
    """A request the gateway refuses or cannot serve. `message` never carries a value."""

    def __init__(self, kind: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code
        self.status = KINDS[kind][0]

    def openai_body(self) -> bytes:
        return orjson.dumps(
            {
                "error": {
                    "message": self.message,
                    "type": KINDS[self.kind][1],
                    "param": None,
                    "code": self.code,
                }
            }
        )

    def anthropic_body(self) -> bytes:
        return orjson.dumps(
            {"type": "error", "error": {"type": KINDS[self.kind][2], "message": self.message}}
        )


def bad_request(message: str, code: str | None = None) -> GatewayError:
    return GatewayError("bad_request", message, code=code)


def describe(exc: BaseException) -> str:
    """Where `exc` (and its causes) came from, for logs: types and places, no messages.

    Exception messages may quote the request's text (a detector's bug, a KeyError on a
    value), and a traceback prints them; only DetectionError's message is safe by contract.
    """
    parts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(parts) < 4:
        frames = traceback.extract_tb(seen.__traceback__)
        where = ""
        if frames:
            last = frames[-1]
            where = f" at {last.filename.rsplit('/', 1)[-1]}:{last.lineno} in {last.name}"
        name = type(seen).__name__
        if isinstance(seen, DetectionError):
            name = f"{name}({seen})"
        parts.append(name + where)
        seen = seen.__cause__ or seen.__context__
    return " <- ".join(parts)
