"""Loading a policy file, and keeping it current while the gateway runs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from airlock.config.yaml_model import parse_yaml, validate_yaml
from airlock.errors import ConfigError
from airlock.policy.evaluate import Policy
from airlock.policy.model import DEFAULT_POLICY, PolicyModel

log = logging.getLogger("airlock.policy")


def load_policy(path: Path | None) -> Policy:
    """The policy in `path`, or the built-in default when `path` is None.

    Raises `ConfigError` naming the file, line and field of the first problem.
    """
    if path is None:
        data, root = parse_yaml(DEFAULT_POLICY, Path("<built-in policy>"))
        return Policy(validate_yaml(data, root, PolicyModel, Path("<built-in policy>")))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("policy file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read policy file ({exc})", path=path) from None
    data, root = parse_yaml(text, path)
    return Policy(validate_yaml(data, root, PolicyModel, path), source=str(path))


class PolicyStore:
    """Holds the current policy; `refresh()` reloads it when the file changed.

    The gateway calls `refresh()` from a timer, never on the request path. A file that
    no longer validates is reported and the last good policy stays in force (a typo must
    not open the door, nor close it).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp = self._stat()
        self.current: Policy = load_policy(path)
        self.last_error: str | None = None

    def _stat(self) -> tuple[int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self) -> bool:
        """Reload if the file changed; True when a new policy took effect."""
        stamp = self._stat()
        if stamp == self._stamp or self.path is None:
            return False
        self._stamp = stamp
        if stamp is None:
            self.last_error = "policy file not found"
            log.error("policy file %s is gone; keeping the previous policy", self.path)
            return False
        try:
            policy = load_policy(self.path)
        except ConfigError as exc:
            self.last_error = str(exc)
            log.error("policy not reloaded, keeping the previous one: %s", exc)
            return False
        self.current, self.last_error = policy, None
        log.info("policy reloaded from %s", self.path)
        return True
