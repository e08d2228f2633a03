"""File discovery: the paths given, folders walked in order, honouring .gitignore files.

Rules follow git's: a `.gitignore` applies to its folder and below, deeper files win over
shallower ones, `.git/info/exclude` of the enclosing repository comes last, and nothing
inside an ignored folder is looked at (git cannot re-include it either). A folder inside a
repository also gets the `.gitignore` files of its parents up to the repository root.
Paths named explicitly are always scanned, ignored or not, as pre-commit passes them.
Symbolic links met while walking are not followed (no loops, no escaping the tree).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pathspec import GitIgnoreSpec

from airlock.scan.model import ScanError, Source

STDIN = "-"

# Version-control metadata: never user content worth scanning, often large.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", ".jj", "_darcs", "CVS"})


@dataclass(slots=True)
class Discovery:
    sources: list[Source] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _IgnoreFile:
    base: str  # absolute folder the patterns are relative to, without trailing separator
    spec: GitIgnoreSpec


def discover(
    paths: Sequence[str], *, stdin_name: str = "<stdin>", use_gitignore: bool = True
) -> Discovery:
    """The files to scan for the paths given (`-` is standard input), in a stable order."""
    found = Discovery()
    seen: set[str] = set()
    stdin_seen = False
    for arg in paths:
        if arg == STDIN:
            if not stdin_seen:
                found.sources.append(Source(stdin_name, None))
                stdin_seen = True
            continue
        absolute = os.path.abspath(arg)
        if os.path.isdir(absolute):
            rules = _parent_rules(absolute) if use_gitignore else []
            _walk(
                absolute,
                os.path.normpath(arg),
                rules=rules,
                use_gitignore=use_gitignore,
                found=found,
                seen=seen,
            )
        elif os.path.lexists(absolute):
            if absolute not in seen:
                seen.add(absolute)
                found.sources.append(Source(_display(arg), Path(absolute)))
        else:
            found.errors.append(ScanError(_display(arg), "no such file or directory"))
    return found


def _display(path: str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def _walk(
    root: str,
    shown_root: str,
    *,
    rules: list[_IgnoreFile],
    use_gitignore: bool,
    found: Discovery,
    seen: set[str],
) -> None:
    stack: list[tuple[str, list[_IgnoreFile]]] = [(root, rules)]
    while stack:
        folder, inherited = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.errors.append(ScanError(_shown(folder, root, shown_root), describe_os_error(exc)))
            continue
        active = inherited
        if use_gitignore:
            local = _load(os.path.join(folder, ".gitignore"), folder)
            if local is not None:
                active = [*inherited, local]
        subfolders: list[str] = []
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                is_dir = entry.is_dir()
                if not is_dir and not entry.is_file():
                    continue  # sockets, fifos, devices
            except OSError:
                continue
            if is_dir and entry.name in SKIP_DIRS:
                continue
            if active and _ignored(active, entry.path, is_dir):
                continue
            if is_dir:
                subfolders.append(entry.path)
            elif entry.path not in seen:
                seen.add(entry.path)
                found.sources.append(Source(_shown(entry.path, root, shown_root), Path(entry.path)))
        stack.extend((sub, active) for sub in reversed(subfolders))


def _shown(path: str, root: str, shown_root: str) -> str:
    """The path as the user would write it: relative to the argument they gave."""
    if path == root:
        return _display(shown_root)
    return _display(os.path.join(shown_root, path[len(root) + 1 :]))


def _ignored(rules: list[_IgnoreFile], path: str, is_dir: bool) -> bool:
    for rule in reversed(rules):  # the deepest file that decides wins
        relative = path[len(rule.base) + 1 :].replace(os.sep, "/")
        if is_dir:
            relative += "/"
        verdict = rule.spec.check_file(relative).include
        if verdict is not None:
            return verdict
    return False


def _load(path: str, base: str) -> _IgnoreFile | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None  # absent or unreadable: it ignores nothing
    lines = [line for line in lines if line.strip()]
    if not lines:
        return None
    return _IgnoreFile(base.rstrip(os.sep), GitIgnoreSpec.from_lines(lines))


def _parent_rules(folder: str) -> list[_IgnoreFile]:
    """Rules from the enclosing repository above `folder`: info/exclude, then .gitignore files."""
    chain: list[str] = []
    current = folder
    while True:
        parent = os.path.dirname(current)
        if os.path.exists(os.path.join(current, ".git")):
            break
        if parent == current:
            return []  # not inside a repository: only the tree's own .gitignore files count
        chain.append(parent)
        current = parent
    repo = current
    rules: list[_IgnoreFile] = []
    exclude = _load(os.path.join(repo, ".git", "info", "exclude"), repo)
    if exclude is not None:
        rules.append(exclude)
    for ancestor in reversed(chain):
        loaded = _load(os.path.join(ancestor, ".gitignore"), ancestor)
        if loaded is not None:
            rules.append(loaded)
    return rules  # `folder`'s own .gitignore is loaded by the walk


def describe_os_error(exc: OSError) -> str:
    """A short lower-case reason (`permission denied`) for an input that failed."""
    return (exc.strerror or type(exc).__name__).lower()
