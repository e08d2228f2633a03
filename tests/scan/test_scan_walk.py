"""File discovery: .gitignore files (root, nested, negation, parents), VCS folders, links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from airlock.scan import discover


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def _found(*paths: Path | str, use_gitignore: bool = True) -> list[str]:
    result = discover([str(p) for p in paths], use_gitignore=use_gitignore)
    return [s.display for s in result.sources]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_root_gitignore_excludes_files_and_folders_at_any_depth(cwd: Path) -> None:
    _tree(
        cwd,
        {
            ".gitignore": "*.log\nbuild/\n/top-only.txt\n",
            "keep.txt": "",
            "app.log": "",
            "src/deep/trace.log": "",
            "build/out.txt": "",
            "src/build/gen.txt": "",
            "top-only.txt": "",
            "src/top-only.txt": "",
        },
    )
    assert sorted(_found(".")) == [".gitignore", "keep.txt", "src/top-only.txt"]


def test_negation_reincludes_a_file_but_not_inside_an_ignored_folder(cwd: Path) -> None:
    _tree(
        cwd,
        {
            ".gitignore": "*.env\n!example.env\nsecret/\n!secret/public.txt\n",
            "prod.env": "",
            "example.env": "",
            "secret/public.txt": "",
        },
    )
    # git cannot re-include a file whose parent folder is excluded, and neither do we.
    assert sorted(_found(".")) == [".gitignore", "example.env"]


def test_nested_gitignore_applies_below_its_folder_and_overrides_the_root(cwd: Path) -> None:
    _tree(
        cwd,
        {
            ".gitignore": "*.csv\n",
            "a/.gitignore": "!kept.csv\n/local.txt\n",
            "a/kept.csv": "",
            "a/dropped.csv": "",
            "a/local.txt": "",
            "a/b/local.txt": "",
            "b/kept.csv": "",
            "b/local.txt": "",
        },
    )
    assert sorted(_found(".")) == sorted(
        [".gitignore", "a/.gitignore", "a/kept.csv", "a/b/local.txt", "b/local.txt"]
    )


def test_scanning_a_subfolder_of_a_repository_honours_parent_gitignores(cwd: Path) -> None:
    (cwd / ".git" / "info").mkdir(parents=True)
    (cwd / ".git" / "info" / "exclude").write_text("*.tmp\n")
    _tree(
        cwd,
        {
            ".gitignore": "*.log\n",
            "src/.gitignore": "generated/\n",
            "src/pkg/app.py": "",
            "src/pkg/debug.log": "",
            "src/pkg/scratch.tmp": "",
            "src/pkg/generated/x.py": "",
        },
    )
    assert _found("src/pkg") == ["src/pkg/app.py"]


def test_info_exclude_has_lower_priority_than_gitignore(cwd: Path) -> None:
    (cwd / ".git" / "info").mkdir(parents=True)
    (cwd / ".git" / "info" / "exclude").write_text("*.tmp\n")
    _tree(cwd, {".gitignore": "!keep.tmp\n", "keep.tmp": "", "drop.tmp": ""})
    assert sorted(_found(".")) == [".gitignore", "keep.tmp"]


@pytest.mark.parametrize("vcs", [".git", ".hg", ".svn"])
def test_version_control_folders_are_never_walked(cwd: Path, vcs: str) -> None:
    _tree(cwd, {f"{vcs}/config": "", f"sub/{vcs}/HEAD": "", "file.txt": ""})
    assert _found(".") == ["file.txt"]


def test_hidden_files_are_scanned(cwd: Path) -> None:
    _tree(cwd, {".env": "", ".config/settings.ini": ""})
    assert sorted(_found(".")) == [".config/settings.ini", ".env"]


def test_a_file_named_explicitly_is_scanned_even_if_ignored(cwd: Path) -> None:
    _tree(cwd, {".gitignore": "*.log\n", "app.log": ""})
    assert _found("app.log") == ["app.log"]
    assert "app.log" not in _found(".")


def test_no_ignore_scans_what_gitignore_excludes(cwd: Path) -> None:
    _tree(cwd, {".gitignore": "*.log\n", "app.log": ""})
    assert sorted(_found(".", use_gitignore=False)) == [".gitignore", "app.log"]


def test_symbolic_links_are_not_followed_while_walking(cwd: Path) -> None:
    _tree(cwd, {"outside/secret.txt": "", "tree/real.txt": ""})
    os.symlink(cwd / "outside", cwd / "tree" / "linked-dir")
    os.symlink(cwd / "outside" / "secret.txt", cwd / "tree" / "linked.txt")
    os.symlink(cwd / "tree", cwd / "tree" / "loop")
    assert _found("tree") == ["tree/real.txt"]


def test_paths_keep_the_form_given_and_are_not_repeated(cwd: Path) -> None:
    _tree(cwd, {"src/a.txt": "", "src/sub/b.txt": ""})
    assert _found("./src/", "src/sub", "src/a.txt") == ["src/a.txt", "src/sub/b.txt"]
    absolute = _found(cwd / "src" / "sub")
    assert absolute == [(cwd / "src" / "sub" / "b.txt").as_posix()]


def test_a_missing_path_is_an_error_and_others_are_still_found(cwd: Path) -> None:
    _tree(cwd, {"real.txt": ""})
    result = discover(["missing.txt", "real.txt"])
    assert [s.display for s in result.sources] == ["real.txt"]
    assert [(e.path, e.message) for e in result.errors] == [
        ("missing.txt", "no such file or directory")
    ]


def test_dash_is_standard_input_once(cwd: Path) -> None:
    result = discover(["-", "-"], stdin_name="<pipe>")
    assert [(s.display, s.path) for s in result.sources] == [("<pipe>", None)]
