"""`--compare PREVIOUS` for commands that store runs: a run id, `last`, or a JSON report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine

from airlock.errors import ConfigError, SourceError
from airlock.workspace import Workspace

R = TypeVar("R", bound=BaseModel)


def load_baseline(
    workspace: Workspace,
    previous: str,
    *,
    model: type[R],
    what: str,
    list_runs: Callable[..., Sequence[Any]],
    load_run: Callable[[Engine, int], R],
) -> R:
    """The report `--compare` names (read before this run is stored); `what` names the
    kind of run in messages, e.g. "assessment"."""
    if previous.isdigit() or previous == "last":
        if not workspace.exists:
            raise ConfigError("--compare with a run id needs a workspace (airlock init)")
        engine = workspace.database()
        if previous == "last":
            runs = list_runs(engine, limit=1)
            if not runs:
                raise ConfigError(f"--compare last: no earlier {what} run in the workspace")
            return load_run(engine, runs[0].id)
        return load_run(engine, int(previous))
    path = Path(previous)
    try:
        return model.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({type(exc).__name__})") from None
    except ValueError:
        raise ConfigError(
            f"not {_article(what)} {what} report (JSON from --json)", path=path
        ) from None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
