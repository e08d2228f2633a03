"""Real text for the throughput target: files every machine with Python has.

- **stdlib code**: the running interpreter's standard library sources (`*.py` under
  `sysconfig.get_paths()["stdlib"]`, test directories and site-packages left out), a
  seeded sample of whole files up to `--real-mb` MB.
- **bundled text**: the text files shipped with the standard library (LICENSE, READMEs,
  IDLE's NEWS and CREDITS, `*.rst`), outside test directories; when an installation has
  less than `MIN_TEXT_BYTES` of them, seeded Faker English paragraphs instead.

Files are cut into windows of 64 KB and each window is one `scan` call, as a gateway or
a file scanner hands the engine a bounded text. Unlike the labeled corpus, nothing is
planted: these texts hold what real files hold (author e-mails, names in credits, IP
addresses in examples, code), so their density of findings is that of ordinary text.
"""

from __future__ import annotations

import random
import sys
import sysconfig
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faker import Faker

from airlock.detect import Engine

WINDOW = 64 * 1024
MIN_TEXT_BYTES = 100_000  # less bundled text than this measures noise: use Faker prose
TEXT_MB = 2.0  # the text set is cycled to this volume so that its figure is stable
SKIP_DIRS = frozenset({"test", "tests", "idle_test", "site-packages", "__pycache__"})
TEXT_PATTERNS = ("*.txt", "*.rst", "*.md", "README*", "LICENSE*", "NEWS*", "CREDITS*")


@dataclass
class RealSet:
    """Windows of real files (or generated prose), one `scan` call each."""

    name: str
    source: str  # where the texts come from, for the report
    texts: list[str]
    files: int
    cycles: int = 1  # passes over `texts` when measured

    @property
    def mb(self) -> float:
        return sum(len(t.encode()) for t in self.texts) / 1e6


def windows(text: str, size: int = WINDOW) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] if text else []


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _kept(path: Path, root: Path) -> bool:
    return path.is_file() and not SKIP_DIRS & set(path.relative_to(root).parts)


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_code(seed: int, mb: float) -> RealSet:
    """A seeded sample of the standard library's Python sources, about `mb` MB."""
    root = stdlib_root()
    files = sorted(p for p in root.rglob("*.py") if _kept(p, root))
    random.Random(seed).shuffle(files)
    texts: list[str] = []
    size = used = 0
    for path in files:
        if size >= mb * 1e6:
            break
        text = _read(path)
        texts.extend(windows(text))
        size += len(text.encode())
        used += 1
    version = ".".join(map(str, sys.version_info[:3]))
    return RealSet("stdlib code", f"Python {version} standard library *.py", texts, used)


def prose_pool(seed: int, n: int = 300) -> list[str]:
    """Entity-free English paragraphs (Faker en_US), the same for the same seed."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return [fake.paragraph(nb_sentences=8) for _ in range(n)]


def bundled_text(seed: int) -> RealSet:
    """The text files bundled with the standard library, or Faker prose without them."""
    root = stdlib_root()
    files = sorted({p for pattern in TEXT_PATTERNS for p in root.rglob(pattern) if _kept(p, root)})
    texts = [w for p in files for w in windows(_read(p))]
    size = sum(len(t.encode()) for t in texts)
    if size >= MIN_TEXT_BYTES:
        source = f"{len(files)} text files bundled with the standard library"
        return RealSet("bundled text", source, texts, len(files), _cycles(size))
    pool = prose_pool(seed + 7)
    prose = "\n\n".join(pool)
    texts = windows(prose, 4096)
    source = f"Faker English prose (only {size / 1e3:.0f} KB of bundled text files found)"
    return RealSet("English prose", source, texts, 0, _cycles(len(prose)))


def _cycles(size: int) -> int:
    return max(1, round(TEXT_MB * 1e6 / max(size, 1)))


def real_sets(seed: int, code_mb: float) -> list[RealSet]:
    return [stdlib_code(seed, code_mb), bundled_text(seed)]


def measure(engine: Engine, real: RealSet) -> dict[str, Any]:
    """Throughput of `engine.scan` over the set's windows, and the density of findings."""
    for text in real.texts[:20]:
        engine.scan(text)
    clock = time.perf_counter
    entities: Counter[str] = Counter()
    total = scan_s = 0.0
    cpu0, wall0 = time.process_time(), clock()
    for cycle in range(real.cycles):
        for text in real.texts:
            t = clock()
            found = engine.scan(text)
            scan_s += clock() - t
            total += len(text.encode())
            if cycle == 0:
                entities.update(f.entity for f in found if f.scope == "span")
    wall, cpu = clock() - wall0, time.process_time() - cpu0
    once = total / real.cycles
    return {
        "name": real.name,
        "source": real.source,
        "files": real.files,
        "windows": len(real.texts),
        "mb": total / 1e6,
        "seconds": scan_s,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "mb_per_s": total / scan_s / 1e6,
        "mb_per_cpu_s": total / cpu / 1e6,
        "findings_per_kb": sum(entities.values()) / (once / 1e3),
        "top_entities": dict(entities.most_common(6)),
    }


def prompt_without_findings(seed: int, size: int = 4096) -> str:
    """About `size` characters of entity-free English prose, cut at a word."""
    text = "\n\n".join(prose_pool(seed + 11, 24))[:size]
    return text[: text.rfind(" ")]


def code_prompt(real: RealSet, size: int = 4096) -> str:
    """A 4 KB stretch of real code (the middle of the first window that has one)."""
    for text in real.texts:
        if len(text) >= 3 * size:
            start = text.find("\n", len(text) // 2 - size // 2) + 1
            return text[start : start + size]
    return real.texts[0][:size]


def families_on(engine: Engine, sets: Sequence[RealSet]) -> float:
    """MB per CPU-second of one engine over all the sets (for the per-family table)."""
    cpu = size = 0.0
    for real in sets:
        figures = measure(engine, real)
        cpu += figures["cpu_seconds"]
        size += figures["mb"]
    return size / cpu
