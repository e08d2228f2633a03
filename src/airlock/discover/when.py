"""Reading `--since/--until`: ISO dates and times (UTC unless a zone is given) or `7d`, `12h`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from airlock.errors import ConfigError

RELATIVE = re.compile(r"^(\d+)([dhm])$")
UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_when(text: str, *, now: datetime | None = None) -> datetime:
    """A naive UTC datetime for `text`. Raises ConfigError."""
    text = text.strip()
    match = RELATIVE.match(text)
    if match:
        current = now or datetime.now(UTC)
        delta = timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
        return (current - delta).astimezone(UTC).replace(tzinfo=None)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(
            f"{text!r} is not a date (2026-11-01, 2026-11-01T08:00, 2026-11-01T08:00+01:00) "
            "or a duration (7d, 12h, 30m)"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
