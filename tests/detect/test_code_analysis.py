"""SOURCE_CODE analysis: lines weighed in stages, docstring readings, marker counters."""

from __future__ import annotations

import pytest

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.codelang import marker_counter
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
