"""Which programming language is a piece of code in? Weighted keyword and idiom markers.

Each marker is a keyword (counted as a whole word) or a phrase (counted as a substring)
with a weight per language. A sample's score for a language is the weighted count of
its markers, each count capped so that one repeated word cannot decide alone. All
markers are found in one C-level pass: Hyperscan, or an Aho-Corasick automaton where
Hyperscan is not installed (or the `re` matcher backend is configured). A superset
language (TypeScript, C++) also scores its base's markers and is named only on its own
evidence.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Protocol

import ahocorasick

# Per language, weight -> markers. A superset language also scores its base's markers.
# fmt: off
_MARKERS: dict[str, dict[float, tuple[str, ...]]] = {
    "python": {
        3: ("elif", "__init__", "nonlocal", "(self", "async def", "@property", "@staticmethod",
            "with open(", "-> None"),
        2: ("__name__", "isinstance", "kwargs"),
        1.5: ("def", "None", " import ("),
        1: ("lambda", "):\n", "print(", "range(", "len("),
        0.5: ("True", "False", "except", "self."),
    },
    "ruby": {
        3: ("puts", "elsif", "do |", "attr_accessor", "attr_reader", "require_relative",
            "def self."),
        2: ("require '",),
        1.5: ("def", " end\n", "\nend\n", ".each"),
        1: ("nil",),
        0.5: ("self.",),
    },
    "javascript": {
        3: ("console.log", "module.exports", "export default", "useState"),
        2: ("undefined", "typeof", "require(", "export const", "export function",
            "async function", "JSON.", ".then("),
        1.5: ("function(", "===", "!==", "from '"),
        1: ("function", "=>", "document."),
        0.5: ("const", "let", "var", "this."),
    },
    "typescript": {  # type annotations end in `;`, `,` or `)`; YAML's `type: string` does not
        3: ("export interface", "): Promise<"),
        2: (": string;", ": string,", ": string)", ": number;", ": number,", ": number)",
            ": any", "): void", "as const"),
        1: (": boolean", "extends"),
        0.5: ("interface",),
    },
    "java": {
        3: ("public static void main", "System.out.", "@Override", "import java.",
            "new ArrayList", "@Autowired"),
        2: ("String[]", "throws", "private final"),
        1.5: ("public class",),
        1: ("boolean", "extends", "public void", "private void"),
        0.5: ("this.", "interface", "void"),
    },
    "csharp": {
        3: ("using System", "Console.Write", "get; set;", "async Task", "string[] args",
            "static void Main", "IEnumerable<", "nameof("),
        2: ("Task<",),
        1.5: ("public class", "namespace", "foreach", "virtual"),
        1: ("public void", "private void"),
        0.5: ("var", "this.", "interface", "void"),
    },
    "kotlin": {
        3: ("fun main", "data class", "companion object", "override fun", "listOf(",
            "import kotlin"),
        2: ("when (",),
        1.5: ("fun", "val", ": Int", ": String"),
    },
    "swift": {
        3: ("guard let", "import UIKit", "import Foundation", "import SwiftUI", "some View",
            "@IBOutlet", "@objc"),
        2: ("func",),
        1.5: (": Int", ": String", "if let", "init("),
        1: ("print(", "nil", "defer"),
        0.5: ("self.", "let", "protocol", "extension"),
    },
    "go": {
        3: ("package main", "fmt.", "err != nil", "go func", "\nimport (", "map[string]",
            "interface{}"),
        2: ("func", ":=", "[]string", "func ("),
        1: ("nil", "chan", "defer"),
        0.5: ("interface",),
    },
    "rust": {
        3: ("pub fn", "fn main", "let mut", "use std::", "&self", "&mut", "println!", "vec!",
            "#[derive", ".unwrap()", "&str"),
        2.5: ("impl", "Vec<"),
        2: ("mut", "usize", "Result<", "Ok("),
        1.5: ("fn", "pub", "Some(", "if let"),
        1: ("crate",),
        0.5: ("let",),
    },
    "c": {
        3: ("malloc(",),
        2: ("#include <", "sizeof", "int main(", "char *", "typedef", "#define ", "uint8_t"),
        1.5: ("printf(", "unsigned"),
        1: (".h>", "free(", "NULL"),
        0.5: ("const", "void", "->"),
    },
    "cpp": {
        3: ("std::", "cout", "endl", "nullptr", "template <", "template<", "typename",
            "constexpr", "noexcept", "unique_ptr", "#include <iostream>"),
        2: ("public:", "private:", "vector<"),
        1.5: ("namespace", "std", "virtual"),
    },
    "php": {
        5: ("<?php",),
        3: ("$this->", "public function", "$_GET", "$_POST", "isset(", "::class"),
        2: ("array(", "=> $"),
        1.5: ("===", "!==", "namespace", "foreach"),
        1: ("function", "extends", "echo"),
        0.5: ("->",),
    },
    "sql": {  # upper-case keywords as usually written, and unambiguous lower-case forms
        3: ("INSERT INTO", "CREATE TABLE", "GROUP BY", "ORDER BY", "PRIMARY KEY", "VARCHAR",
            "DELETE FROM", "ALTER TABLE", "CREATE FUNCTION", "CREATE INDEX", "CREATE OR REPLACE",
            "ALTER FUNCTION", "select * from", "insert into", "create table", "varchar("),
        2: ("SELECT", "JOIN", "NOT NULL", "RETURNS", "BIGINT", "GRANT", "REVOKE", "group by",
            "left join", "inner join"),
        1.5: ("FROM", "WHERE", "INTEGER"),
        1: ("UPDATE", "END;"),
        0.5: ("BEGIN",),
    },
    "shell": {
        5: ("#!/bin/bash", "#!/bin/sh", "#!/usr/bin/env bash"),
        3: ("; then", "; do", "esac", "if [ ", " -eq ", "mkdir -p", "2>&1", "export PATH"),
        2: ("\ndone", "$(", "sudo ", "apt-get ", "| grep", "[[ ", " -z ", "chmod ", "curl -",
            "pip install", "npm install", "docker run", "/dev/null"),
        1.5: ("fi",),
        1: ("echo", "${"),
    },
}
# Idioms common to many languages and rare in prose: evidence of code, not of a language.
_GENERIC = (
    "if (", "} else", "else {", "for (", "while (", "();", ") {", "){", "});", "};", " != ",
    " == ", " && ", " || ", "++", " += ", "::", "[i]", "= 0;", "return;", "break;", "= new ",
    "null;", "true;", "false;", "return ", "\nimport ", "(\"", "\")", "('", "')",
)
# fmt: on

# A base language and its superset, which also scores the base's markers.
SUPERSETS: dict[str, str] = {"javascript": "typescript", "c": "cpp"}
_FAMILY = {lang: (base, sup) for base, sup in SUPERSETS.items() for lang in (base, sup)}

_OTHER_LANGUAGES = (
    "java scala swift php perl lua r dart haskell elixir erlang clojure ocaml fsharp julia "
    "groovy matlab zig nim solidity vb vbnet fortran cobol asm graphql html css scss less vue "
    "svelte"
)
# Markdown fence tags (lower-case) of programming languages, to the language we report.
FENCE_TAGS: dict[str, str] = {
    **dict.fromkeys(("python", "py", "python3", "py3", "ipython", "pycon"), "python"),
    **dict.fromkeys(("javascript", "js", "jsx", "mjs", "node", "nodejs"), "javascript"),
    **dict.fromkeys(("typescript", "ts", "tsx"), "typescript"),
    **dict.fromkeys(("go", "golang"), "go"),
    **dict.fromkeys(("rust", "rs"), "rust"),
    **dict.fromkeys(("c", "h"), "c"),
    **dict.fromkeys(("cpp", "c++", "cxx", "cc", "hpp"), "cpp"),
    **dict.fromkeys(("csharp", "cs", "c#"), "csharp"),
    **dict.fromkeys(("ruby", "rb"), "ruby"),
    **dict.fromkeys(("kotlin", "kt", "kts"), "kotlin"),
    **dict.fromkeys(("sql", "mysql", "postgresql", "postgres", "psql", "plsql", "tsql"), "sql"),
    **dict.fromkeys(
        ("sh", "bash", "shell", "zsh", "ksh", "fish", "console", "shellsession"), "shell"
    ),
    **dict.fromkeys(("powershell", "ps1", "pwsh"), "powershell"),
    **dict.fromkeys(("objectivec", "objective-c", "objc"), "objectivec"),
    **dict.fromkeys(("hcl", "terraform", "tf"), "hcl"),
    **dict.fromkeys(("dockerfile", "docker"), "dockerfile"),
    **dict.fromkeys(("makefile", "make"), "makefile"),
    **{tag: tag for tag in _OTHER_LANGUAGES.split()},
}

GENERIC = "*"  # the pseudo-language of idioms shared by many languages
_CAP = 4  # a marker counts at most this many times
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"


def _compile() -> tuple[list[str], list[list[tuple[str, float]]]]:
    """Every marker once, with the (language, weight) pairs it scores."""
    entries: list[tuple[str, str, float]] = [(m, GENERIC, 1.0) for m in _GENERIC]
    for language, table in _MARKERS.items():
        scored = (language, SUPERSETS[language]) if language in SUPERSETS else (language,)
        for weight, markers in table.items():
            entries.extend((m, lang, weight) for m in markers for lang in scored)
    ids: dict[str, int] = {}
    weights: list[list[tuple[str, float]]] = []
    for marker, language, weight in entries:
        if marker not in ids:
            ids[marker] = len(weights)
            weights.append([])
        weights[ids[marker]].append((language, float(weight)))
    return list(ids), weights


_MARKER_LIST, _WEIGHTS = _compile()


class MarkerCounter(Protocol):
    def count(self, sample: str, counts: dict[int, int]) -> None:
        """Add the occurrences of each marker in `sample` to `counts` (by marker id)."""
        ...


class AhoCorasickCounter:
    """One C-level Aho-Corasick pass; the word bounds are checked in Python."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for marker_id, marker in enumerate(_MARKER_LIST):
            self._automaton.add_word(marker, marker_id)
        self._automaton.make_automaton()
        self._shapes = [(len(marker), marker.isidentifier()) for marker in _MARKER_LIST]

    def count(self, sample: str, counts: dict[int, int]) -> None:
        last = len(sample) - 1
        shapes = self._shapes
        for end, marker_id in self._automaton.iter(sample):
            length, word = shapes[marker_id]
            if word:
                start = end - length + 1
                if (start and sample[start - 1] in _WORD_CHARS) or (
                    end < last and sample[end + 1] in _WORD_CHARS
                ):
                    continue
            counts[marker_id] = counts.get(marker_id, 0) + 1


class HyperscanCounter:
    """One Hyperscan pass, word bounds included: about 4x faster than the automaton,
    whose per-character cost grows with the number of markers a word may start."""

    def __init__(self) -> None:
        import hyperscan

        expressions = [
            (rf"\b{_literal(m)}\b" if m.isidentifier() else _literal(m)).encode()
            for m in _MARKER_LIST
        ]
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(
            expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions)
        )
        self._scratch = hyperscan.Scratch
        self._local = threading.local()  # Hyperscan scratch must not be shared by threads

    def count(self, sample: str, counts: dict[int, int]) -> None:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._scratch(self._db)

        def on_match(marker_id: int, start: int, end: int, flags: int, ctx: object) -> None:
            counts[marker_id] = counts.get(marker_id, 0) + 1

        data = sample.encode("ascii", "replace")  # markers are ASCII; `?` is no word char
        self._db.scan(data, match_event_handler=on_match, scratch=scratch)


def _literal(marker: str) -> str:
    """A pattern matching `marker` verbatim (every symbol as a hex escape)."""
    return "".join(c if c.isalnum() or c == "_" else f"\\x{ord(c):02x}" for c in marker)


def marker_counter(backend: str = "auto") -> MarkerCounter:
    """The counter for a matcher backend: Hyperscan unless `re` is asked or it is missing.

    Built once per kind and shared: counting is thread-safe.
    """
    return _counter(backend == "re")


@cache
def _counter(fallback: bool) -> MarkerCounter:
    if not fallback:
        try:
            return HyperscanCounter()
        except ImportError:
            pass
    return AhoCorasickCounter()


def scores_of(counts: dict[int, int]) -> dict[str, float]:
    """Weighted marker counts per language; each marker counts at most `_CAP` times.

    The key `GENERIC` holds the evidence of code that points to no language in particular.
    """
    scores: dict[str, float] = {}
    for marker_id, count in counts.items():
        for lang, weight in _WEIGHTS[marker_id]:
            scores[lang] = scores.get(lang, 0.0) + weight * min(count, _CAP)
    return scores


def pick_language(scores: dict[str, float]) -> tuple[str | None, float]:
    """(the language when it is clear, the best score).

    Clear means a score of at least 3 and half again as much as the best language
    outside its family; within a family the superset needs 2 points of its own.
    """
    ranked = sorted(
        ((lang, score) for lang, score in scores.items() if lang != GENERIC),
        key=lambda kv: (-kv[1], kv[0]),
    )
    if not ranked:
        return None, 0.0
    top_lang, top = ranked[0]
    family = _FAMILY.get(top_lang, (top_lang, top_lang))
    rival = next((s for lang, s in ranked[1:] if lang not in family), 0.0)
    if top < 3.0 or top < 1.5 * rival:
        return None, top
    base, superset = family
    if scores.get(superset, 0.0) - scores.get(base, 0.0) >= 2.0:
        return superset, top
    return base, top
