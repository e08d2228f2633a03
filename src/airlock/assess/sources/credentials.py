"""Database URLs without secrets in sight: `${VAR}` expansion, password-from-env, redaction.

Passwords never come from the command line (shell history keeps it): a URL given there may
name an environment variable (`postgresql://app:${CRM_PASSWORD}@db/crm`) or rely on the
driver's own variables (PGPASSWORD); sources.yaml may also say `password_env: NAME`.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit, urlunsplit

from airlock.errors import ConfigError

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def has_literal_password(url: str) -> bool:
    """True when `url` carries a password that is not a `${VAR}` reference."""
    parts = urlsplit(url)
    return bool(parts.password) and not _VAR.fullmatch(parts.password or "")


def expand(url: str, *, password_env: str | None = None) -> str:
    """`url` with `${VAR}` replaced from the environment and the password set from
    `password_env`. Raises ConfigError naming a missing variable (never its value)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"environment variable {name} is not set (used in a source URL)")
        return quote(os.environ[name], safe="")

    expanded = _VAR.sub(value, url)
    if password_env is None:
        return expanded
    if password_env not in os.environ:
        raise ConfigError(f"environment variable {password_env} is not set (password_env)")
    parts = urlsplit(expanded)
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(user, safe='')}:{quote(os.environ[password_env], safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def redact(url: str) -> str:
    """`url` safe to print: password replaced by `***`, query parameters dropped."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if not parts.netloc:
        return urlunsplit(parts._replace(query=""))
    host = parts.hostname or ""
    netloc = host
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        secret = ":***" if parts.password else ""
        netloc = f"{parts.username}{secret}@{netloc}"
    return urlunsplit(parts._replace(netloc=netloc, query=""))
