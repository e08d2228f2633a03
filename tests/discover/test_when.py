from __future__ import annotations

from datetime import UTC, datetime

import pytest

from airlock.discover.when import parse_when
from airlock.errors import ConfigError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", datetime(2026, 11, 1)),
        ("2026-11-01T08:30", datetime(2026, 11, 1, 8, 30)),
        ("2026-11-01T08:30:00Z", datetime(2026, 11, 1, 8, 30)),
        ("2026-11-01T09:30:00+01:00", datetime(2026, 11, 1, 8, 30)),
        ("7d", datetime(2026, 11, 18, 12, 0)),
        ("12h", datetime(2026, 11, 25, 0, 0)),
        ("30m", datetime(2026, 11, 25, 11, 30)),
    ],
)
def test_dates_and_durations_become_naive_utc(text: str, expected: datetime) -> None:
    assert parse_when(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "7w", "2026-13-01"])
def test_anything_else_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match="not a date"):
        parse_when(text, now=NOW)
