"""Matching host names against catalog domains, most specific pattern first.

A plain domain matches itself and its subdomains on label boundaries (`openai.com` matches
`api.openai.com`, never `notopenai.com`); `*.example.com` matches subdomains only; `*` inside
a label matches within that label. When several patterns match, the one with the most labels
wins, and a plain domain beats a wildcard of the same length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def normalize_host(host: str) -> str:
    """Lower-case ASCII (IDNs as punycode), without trailing dot, port or IPv6 brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    if not host.isascii():
        host = _punycode(host)
    return host


def _punycode(host: str) -> str:
    # Catalog domains are ASCII, so a Unicode name in a log (CSV exports, some DNS tools)
    # must become its xn-- form to match; the codec also maps full-width dots and letters.
    try:
        return host.encode("idna").decode("ascii").rstrip(".")
    except UnicodeError:
        return host


class DomainMatcher:
    """Maps host names to service ids. Build once per run; `match` is a few dict lookups."""

    def __init__(self, patterns: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, str] = {}
        self._subdomains: dict[str, str] = {}
        self._globs: list[tuple[re.Pattern[str], int, str]] = []
        for pattern, service_id in patterns:
            labels = pattern.split(".")
            if labels[0] == "*" and "*" not in ".".join(labels[1:]):
                self._subdomains[".".join(labels[1:])] = service_id
            elif "*" in pattern:
                body = r"\.".join(
                    "[^.]+" if label == "*" else re.escape(label).replace(r"\*", "[^.]*")
                    for label in labels
                )
                regex = re.compile(rf"^(?:[^.]+\.)*{body}$")
                self._globs.append((regex, len(labels), service_id))
            else:
                self._exact[pattern] = service_id

    def match(self, host: str) -> str | None:
        """The id of the service `host` belongs to, or None."""
        host = normalize_host(host)
        if not host:
            return None
        labels = host.split(".")
        best: tuple[int, int, str] | None = None
        for start in range(len(labels)):
            suffix = ".".join(labels[start:])
            depth = len(labels) - start
            found = self._exact.get(suffix)
            if found is None and start > 0:
                found = self._subdomains.get(suffix)
                depth = depth + 1 if found is not None else depth
            if found is not None:
                best = (depth, 1, found)
                break
        for regex, depth, service_id in self._globs:
            if (best is None or (depth, 0) > best[:2]) and regex.match(host):
                best = (depth, 0, service_id)
        return best[2] if best else None
