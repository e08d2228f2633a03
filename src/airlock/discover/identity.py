"""The identity map: a CSV attributing IP addresses or user names to a person and department.

Header (case-insensitive): a key column named `key`, `ip`, `user`, `username`, `email` or
`login`, then `person` and optionally `department`. Keys are matched case-insensitively.
"""

from __future__ import annotations

import csv
from pathlib import Path

from airlock.errors import ConfigError

KEY_COLUMNS = ("key", "ip", "user", "username", "email", "login")


def load_identity_map(path: Path) -> list[tuple[str, str, str]]:
    """(key, person, department) rows. Raises ConfigError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("identity map not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read identity map ({type(exc).__name__})", path=path) from None
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    key_col = next((header.index(c) for c in KEY_COLUMNS if c in header), None)
    if key_col is None or "person" not in header:
        raise ConfigError(
            f"header needs a key column ({', '.join(KEY_COLUMNS)}) and 'person'", path=path, line=1
        )
    person_col = header.index("person")
    dept_col = header.index("department") if "department" in header else None
    rows: dict[str, tuple[str, str, str]] = {}
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ConfigError(f"expected {len(header)} columns", path=path, line=line_no)
        key = row[key_col].strip().lower()
        if not key:
            raise ConfigError("empty key", path=path, line=line_no)
        if key in rows:
            raise ConfigError("key listed twice", path=path, line=line_no)
        department = row[dept_col].strip() if dept_col is not None else ""
        rows[key] = (key, row[person_col].strip() or key, department or "unassigned")
    return list(rows.values())
