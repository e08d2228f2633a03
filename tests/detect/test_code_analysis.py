"""SOURCE_CODE analysis: lines weighed in stages, docstring readings, marker counters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.codelang import marker_counter
from airlock.detect.codeshape import LineTally, block, line_weight, shape
from airlock.detect.detectors.code import _GATE, BLOCK, _dense, _dense_windows, _symbols
from tests.detect.test_code import NOT_CODE, SNIPPETS


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=["SOURCE_CODE"], matcher=request.param))


def _signal(engine: Engine, text: str) -> Finding | None:
    findings = engine.scan(text)
    assert len(findings) <= 1
    return findings[0] if findings else None


def test_code_whose_docstring_holds_a_line_of_code_is_reported(engine: Engine) -> None:
    # The docstring's one code-shaped line must not outweigh the class around it.
    text = (
        'class Loop:\n    def create_task(self, coro):\n        """Schedule a coroutine, as in:'
        '\n\n            task = loop.create_task(main())\n        """\n'
        "        self._check_closed()\n        return tasks.Task(coro, loop=self)\n\n"
        "    def close(self):\n        pass\n"
    )
    finding = _signal(engine, text)
    assert finding is not None
    assert finding.detail == "python"


def test_the_language_is_named_on_the_whole_sample_not_on_its_first_lines(
    engine: Engine,
) -> None:
    # Clear JavaScript first; the type annotations further down make it TypeScript.
    lines = [f"const total{i} = items{i}.reduce((sum, x) => sum + x.price, 0);" for i in range(18)]
    finding = _signal(engine, "\n".join(lines) + "\n" + SNIPPETS["typescript"])
    assert finding is not None
    assert finding.detail == "typescript"


def test_both_marker_counters_count_the_same_markers() -> None:
    # Hyperscan and the Aho-Corasick fallback (matcher="re"), word bounds next to non-ASCII.
    text = "\n".join([*SNIPPETS.values(), *NOT_CODE.values(), "é def ü None€ self.x ∑ elif"])
    fast: dict[int, int] = {}
    fallback: dict[int, int] = {}
    marker_counter("hyperscan").count(text, fast)
    marker_counter("re").count(text, fallback)
    assert fast == fallback
    assert sum(fast.values()) > 100


def _symbols_by_str_count(text: str, start: int, end: int, tabs: bool) -> int:
    # The gate's definition, one `str.count` per character: the reference for the
    # C-level count on the text mapped to weights.
    return (
        sum(text.count(c, start, end) for c in "=_;{#")
        + 2 * text.count("(", start, end)
        + 2 * text.count("\n  ", start, end)
        + (2 * text.count("\n\t", start, end) if tabs else 0)
    )


def _dense_windows_by_str_count(text: str) -> list[int]:
    n, tabs = len(text), "\t" in text
    if n <= 2 * BLOCK:
        return [0] if _dense(_symbols_by_str_count(text, 0, n, tabs), n) else []
    blocks = [_symbols_by_str_count(text, i, i + BLOCK, tabs) for i in range(0, n, BLOCK)]
    return [
        (i - 1) * BLOCK
        for i in range(1, len(blocks))
        if _dense(blocks[i - 1] + blocks[i], min(n, (i + 1) * BLOCK) - (i - 1) * BLOCK)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["=", "_", ";", "{", "#", "(", "\n", " ", "\t", "a", "é", "ab cd "]),
        max_size=3500,
    ),
    st.lists(st.integers(0, 4), min_size=4, max_size=4),
    st.integers(0, 3 * BLOCK + 100),
)
def test_the_gate_finds_the_windows_its_character_counts_define(
    pieces: list[str], indents: list[int], length: int
) -> None:
    # Indented lines that straddle a block edge count in neither block, as `str.count`
    # on each block counts them.
    text = list("".join(pieces)[:length].ljust(length, "x"))
    edges = (BLOCK, 2 * BLOCK, BLOCK, 2 * BLOCK)
    for edge, kind in zip(edges, indents, strict=True):
        if kind and edge + 2 < len(text):
            at, indent = {1: (-2, "\n  "), 2: (-1, "\n  "), 3: (-1, "\n\t"), 4: (-3, "\n  ")}[kind]
            text[edge + at : edge + at + len(indent)] = indent
    sample = "".join(text)
    tabs = "\t" in sample
    weights = sample.encode("ascii", "replace").translate(_GATE)
    for start in range(0, len(sample), BLOCK):
        end = start + BLOCK
        assert _symbols(weights, start, end, tabs) == _symbols_by_str_count(
            sample, start, end, tabs
        )
    expected = _dense_windows_by_str_count(sample)
    assert list(_dense_windows(sample)) == expected
    assert list(_dense_windows(sample, sample.encode("ascii", "replace"))) == expected


def _block_by_definition(weights: list[float]) -> tuple[float, float]:
    code = sum(weights)
    whole = (code, len(weights) - code)
    if shape(whole) >= 0.6:
        return whole
    best, run_code, run_other, misses = (0.0, 0.0), 0.0, 0.0, 0
    for w in weights:
        misses = misses + 1 if w == 0.0 else 0
        if misses >= 2:
            run_code = run_other = 0.0
            continue
        run_code, run_other = run_code + w, run_other + 1.0 - w
        if run_code > best[0]:
            best = (run_code, run_other)
    return best if best[0] >= 4.0 and shape(best) > shape(whole) else whole


@given(st.lists(st.sampled_from([0.0, 0.5, 1.0]), max_size=60))
def test_a_block_of_code_lines_is_looked_for_only_where_one_can_be(weights: list[float]) -> None:
    # Fewer than 4 code lines in all cannot hold a block of 4: the whole is returned at once.
    assert block(weights) == _block_by_definition(weights)


@pytest.mark.parametrize(
    ("line", "weight"),
    [
        ("if x:", 1.0),
        ("For example:", 1.0),
        ("for item in items:", 1.0),
        ("else:", 1.0),
        ("else: pass", 0.0),
        ("if: value", 0.0),
        ("key: value = 3", 0.0),
        ("from . import (a, b, c, d, e)", 1.0),
        ("from the start we import many more things", 1.0),
        ("from the start we saw it", 0.0),
        ("return the value to the caller now", 0.0),
        ("return value(x)", 1.0),
        ("@property", 1.0),
        ("@app.route('/x')", 1.0),
        ("@someone said hi", 0.0),
        ("total = price * 2", 1.0),
        ("KEY=value", 0.5),
        ('"name": "x",', 0.0),
        ('"name": {', 0.0),
        ("print(x)", 1.0),
        ("import os, sys", 1.0),
        ("The end of the story.", 0.0),
    ],
)
def test_a_line_weighs_by_its_opening_word_and_its_shape(line: str, weight: float) -> None:
    assert line_weight(line) == weight


def test_analysis_stops_at_the_same_verdict_on_prose_and_code(engine: Engine) -> None:
    # Prose that talks about code (parentheses, `#` and `_` make its windows dense) is
    # not code; the same prose around a function still is.
    prose = (
        "IDLE (the editor) shows calltips for functions, e.g. print(x), and the\n"
        "completion list includes keywords such as 'case' and 'match' (bpo-44010).\n"
        "See the __init__ docs and issue #12345 (fixed in 3.11).\n"
    ) * 12
    assert _signal(engine, prose) is None
    code = "def total(items):\n    return sum(item.price for item in items)\n" * 6
    finding = _signal(engine, prose[:600] + code)
    assert finding is not None
    assert finding.detail == "python"


@pytest.mark.parametrize(
    "comment", ["  # then the next one.", " // then the next one.", " -- the next."]
)
def test_a_trailing_comment_is_cut_before_a_line_is_weighed(comment: str) -> None:
    # Only the cut leaves the call's closing parenthesis at the end of the line.
    lines = [f"step_{i}(data){comment}" for i in range(16)]
    assert LineTally(lines, "\n".join(lines)).upto(16) == (16.0, 0.0)
    assert LineTally(lines, "\n".join(lines) + ' """').upto(16) == (16.0, 0.0)


def test_lines_between_docstring_quotes_are_weighed_as_the_other_reading() -> None:
    lines = ['"""', "a = 1", "b = 2", "c = 3", '"""'] + ["This is prose."] * 4
    # Inside the quotes: 3 code lines, no other; outside: 4 lines of prose.
    assert LineTally(lines, "\n".join(lines)).upto(16) == (3.0, 0.0)
