"""Proprietary code: winnowing fingerprints find fragments copied from indexed files."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.fingerprint import FingerprintIndex, fingerprints_of, kgrams

WORDS = [
    "order",
    "invoice",
    "ledger",
    "account",
    "balance",
    "payment",
    "refund",
    "customer",
    "vendor",
    "rate",
    "tax",
    "quota",
    "shard",
    "cache",
    "token",
    "batch",
    "window",
    "credit",
    "debit",
    "margin",
    "ticket",
    "route",
]
PROSE = (
    "Hi! Our nightly job started failing after the last deploy and I cannot see why.\n"
    "Could you look at the function below and tell me what is wrong with it?"
)


def make_source(seed: int, functions: int = 14) -> str:
    """A plausible Python module, different for every seed."""
    rng = random.Random(seed)

    def name() -> str:
        return f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{rng.randint(0, 99)}"

    lines: list[str] = [f"import {rng.choice(WORDS)}", ""]
    for _ in range(functions):
        fn, a, b = name(), name(), name()
        lines += [
            f"def {fn}({a}, {b}):",
            f"    total = {a} * {rng.randint(2, 97)} + {b}",
            f"    for item in {name()}({a}):",
            f"        total += item.{name()}({rng.randint(1, 9)})",
            f"    if total > {rng.randint(100, 999)}:",
            f"        return {name()}(total, {b})",
            f"    return total - {rng.randint(1, 50)}",
            "",
        ]
    return "\n".join(lines)


FILES = {f"src/module_{i}.py": make_source(i) for i in range(5)}


def fragment(file_id: str, first: int = 18, count: int = 12) -> str:
    return "\n".join(FILES[file_id].splitlines()[first : first + count])


def reindented(code: str) -> str:
    """The same code with other whitespace: tabs, trailing blanks, Windows line ends."""
    return "\r\n".join(line.replace("    ", "\t") + "  " for line in code.splitlines())


@pytest.fixture(scope="module")
def index() -> FingerprintIndex:
    idx = FingerprintIndex()
    for file_id, text in FILES.items():
        assert idx.add(file_id, text) > 0
    return idx


@pytest.mark.parametrize("edit", [lambda c: c, reindented], ids=["verbatim", "reindented"])
def test_a_copied_fragment_between_paragraphs_is_matched_exactly(
    index: FingerprintIndex, edit: object
) -> None:
    code = edit(fragment("src/module_3.py"))  # type: ignore[operator]
    prompt = PROSE + "\n\n" + code + "\n\nThanks in advance."
    matches = index.match(prompt)
    assert [m.file_id for m in matches] == ["src/module_3.py"]
    start = prompt.index(code)
    assert (matches[0].start, matches[0].end) == (start, start + len(code.rstrip()))
    assert matches[0].similarity == 1.0
    assert matches[0].matches >= index.min_matches


def test_a_fragment_inline_in_prose_is_covered(index: FingerprintIndex) -> None:
    code = fragment("src/module_1.py", 40, 10).replace("\n", " ")
    prompt = "Why does " + code + " never return?"
    matches = index.match(prompt)
    assert [m.file_id for m in matches] == ["src/module_1.py"]
    start = prompt.index(code)
    assert matches[0].start <= start
    assert matches[0].end >= start + len(code)


@pytest.mark.parametrize(
    "before",
    [
        "Why does this fail?\n",
        "why does this never return?\n",
        "Hi, quick question. Why does this fail?\n",
        "Here is my code:\n",
        "Please help me with this function\n",
        "Look at this:\n```python\n",
        "",
    ],
    ids=["question", "lower_case", "two_sentences", "colon", "no_punctuation", "fence", "none"],
)
@pytest.mark.parametrize(
    "after",
    ["\nThanks", "\nThanks!", "\n```\nAny idea?", "\nWhat am I missing here?", ""],
    ids=["thanks", "thanks_bang", "fence", "question", "none"],
)
def test_a_fragment_pasted_next_to_a_line_of_prose_is_matched_exactly(
    index: FingerprintIndex, before: str, after: str
) -> None:
    # No blank line separates the code from the sentences around it.
    for first in (18, 45):
        code = fragment("src/module_3.py", first, 9)
        prompt = before + code + after
        start = prompt.index(code.lstrip())
        assert [(m.start, m.end) for m in index.match(prompt)] == [
            (start, start + len(code.strip()))
        ]


def test_fragments_of_two_files_give_two_matches(index: FingerprintIndex) -> None:
    one, two = fragment("src/module_0.py"), fragment("src/module_4.py", 60)
    prompt = f"{PROSE}\n\n{one}\n\nAnd this one fails too.\n\n{two}\n"
    matches = index.match(prompt)
    assert [m.file_id for m in matches] == ["src/module_0.py", "src/module_4.py"]
    assert matches[0].end <= prompt.index(two)


@pytest.mark.parametrize(
    "text",
    [
        make_source(99),
        "for i in range(len(x)):\n    print(x[i])\n",
        "def f(a, b):\n    return a + b\n",
        PROSE,
        "",
    ],
    ids=["unrelated_file", "common_idiom", "tiny_function", "prose", "empty"],
)
def test_unrelated_code_and_short_idioms_do_not_match(index: FingerprintIndex, text: str) -> None:
    assert index.match(text) == []


def test_an_idiom_present_in_an_indexed_file_is_too_short_to_match() -> None:
    idiom = "for i in range(len(items)):\n    total += items[i]\n"
    idx = FingerprintIndex()
    idx.add("src/util.py", make_source(7) + "\n" + idiom)
    assert idx.match("How do I speed this up?\n" + idiom) == []


def test_code_shared_by_many_files_is_boilerplate_and_never_matches() -> None:
    boilerplate = fragment("src/module_2.py")
    idx = FingerprintIndex(max_file_freq=2)
    for seed in range(3):
        idx.add(f"repo/f{seed}.py", make_source(100 + seed) + "\n" + boilerplate)
    assert idx.match(boilerplate) == []
    idx.remove("repo/f2.py")
    assert {m.file_id for m in idx.match(boilerplate)} <= {"repo/f0.py", "repo/f1.py"}
    assert len(idx.match(boilerplate)) == 1


def test_adding_a_file_again_replaces_it_and_removing_forgets_it() -> None:
    idx = FingerprintIndex()
    idx.add("a.py", FILES["src/module_0.py"])
    count = idx.add("a.py", FILES["src/module_1.py"])
    assert (idx.file_count, idx.fingerprint_count, len(idx)) == (1, count, count)
    assert idx.match(fragment("src/module_0.py")) == []
    assert idx.match(fragment("src/module_1.py"))[0].file_id == "a.py"
    assert idx.remove("a.py") == count
    assert (idx.file_count, len(idx), idx.match(fragment("src/module_1.py"))) == (0, 0, [])


def test_rows_round_trip_through_from_rows(index: FingerprintIndex) -> None:
    rows = list(index.rows())
    assert all(isinstance(h, int) and 0 <= h < 2**63 for h, _, _ in rows)
    loaded = FingerprintIndex.from_rows(rows)
    assert sorted(loaded.rows()) == sorted(rows)
    assert (loaded.file_count, loaded.fingerprint_count) == (len(FILES), len(rows))
    prompt = PROSE + "\n\n" + fragment("src/module_2.py")
    assert loaded.match(prompt) == index.match(prompt)


def test_fingerprints_carry_the_offset_of_their_first_token() -> None:
    text = FILES["src/module_0.py"]
    _, gram_starts, _ = kgrams(text)
    found = fingerprints_of(text)
    assert found == sorted(found, key=lambda fp: fp.offset)
    starts = set(gram_starts.tolist())
    assert all(fp.offset in starts and not text[fp.offset].isspace() for fp in found)


def test_comments_and_case_do_not_change_fingerprints() -> None:
    code = fragment("src/module_4.py")
    commented = "\n".join(f"{line}  # step {i}" for i, line in enumerate(code.splitlines()))
    shouting = "/* header */\n" + code.upper()
    hashes = [fp.hash for fp in fingerprints_of(code)]
    assert [fp.hash for fp in fingerprints_of(commented)] == hashes
    assert [fp.hash for fp in fingerprints_of(shouting)] == hashes


def test_hashes_are_stable_across_processes() -> None:
    text = FILES["src/module_1.py"]
    script = (
        "import json, sys\n"
        "from airlock.detect.fingerprint import fingerprints_of\n"
        "print(json.dumps([list(fp) for fp in fingerprints_of(sys.stdin.read())]))\n"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        assert json.loads(out.stdout) == [list(fp) for fp in fingerprints_of(text)]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_the_engine_reports_proprietary_code_with_the_file(
    index: FingerprintIndex, backend: str
) -> None:
    engine = Engine(DetectConfig(matcher=backend), fingerprints=index)
    code = fragment("src/module_3.py", 30, 9)
    prompt = PROSE + "\n\n" + code + "\n\nThanks!"
    found = [f for f in engine.scan(prompt) if f.entity == "PROPRIETARY_CODE"]
    assert len(found) == 1
    start = prompt.index(code.lstrip())  # the fragment starts with an indented line
    assert (found[0].start, found[0].end) == (start, prompt.index(code) + len(code))
    assert (found[0].category, found[0].scope, found[0].detail) == (
        "code",
        "span",
        "src/module_3.py",
    )
    assert found[0].score >= 0.9
    assert engine.scan(PROSE + "\n\n" + make_source(42)[:400], entities=["PROPRIETARY_CODE"]) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_the_engine_builds_the_detector_only_with_fingerprints(backend: str) -> None:
    config = DetectConfig(matcher=backend)
    empty = Engine(config, fingerprints=FingerprintIndex())
    assert "proprietary_code" not in {d.name for d in empty.detectors}
    idx = FingerprintIndex()
    idx.add("x.py", FILES["src/module_0.py"])
    assert "proprietary_code" in {d.name for d in Engine(config, fingerprints=idx).detectors}


def test_parameters_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        FingerprintIndex(window=0)
    assert FingerprintIndex(k=8, window=4).scheme == "tokens-k8-w4-v1"
