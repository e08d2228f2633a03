"""Which programming language is a piece of code in? Weighted keyword and idiom markers.

Each marker is a keyword (counted as a whole word) or a phrase (counted as a
substring), with the languages it points to and a weight. A sample's score per
language is the weighted count of its markers, each count capped so that one
repeated word cannot decide alone. Languages that share most of their vocabulary
(JavaScript and TypeScript, C and C++) form a family: the superset wins only on its
own markers.
"""

from __future__ import annotations

from typing import Any

import ahocorasick

# (marker, languages, weight). Identifiers are whole words, anything else a substring.
_MARKERS: tuple[tuple[str, str, float], ...] = (
    # Python
    ("def", "python ruby", 1.5),
    ("elif", "python", 3),
    ("None", "python", 1.5),
    ("True", "python", 0.5),
    ("False", "python", 0.5),
    ("__init__", "python", 3),
    ("__name__", "python", 2),
    ("isinstance", "python", 2),
    ("kwargs", "python", 2),
    ("nonlocal", "python", 3),
    ("lambda", "python", 1),
    ("except", "python", 0.5),
    (" import (", "python", 1.5),
    ("(self", "python", 3),
    ("self.", "python swift ruby", 0.5),
    ("):\n", "python", 1),
    ("print(", "python swift", 1),
    ("range(", "python", 1),
    ("len(", "python", 1),
    ("async def", "python", 3),
    ("@property", "python", 3),
    ("@staticmethod", "python", 3),
    ("with open(", "python", 3),
    ("-> None", "python", 3),
    # JavaScript and TypeScript
    ("function", "javascript typescript php", 1),
    ("function(", "javascript typescript", 1.5),
    ("const", "javascript typescript c cpp", 0.5),
    ("let", "javascript typescript swift rust", 0.5),
    ("var", "javascript csharp", 0.5),
    ("undefined", "javascript typescript", 2),
    ("typeof", "javascript typescript", 2),
    ("console.log", "javascript typescript", 3),
    ("require(", "javascript typescript", 2),
    ("module.exports", "javascript typescript", 3),
    ("===", "javascript typescript php", 1.5),
    ("!==", "javascript typescript php", 1.5),
    ("=>", "javascript typescript", 1),
    ("document.", "javascript typescript", 1),
    ("export default", "javascript typescript", 3),
    ("export const", "javascript typescript", 2),
    ("export function", "javascript typescript", 2),
    ("async function", "javascript typescript", 2),
    ("JSON.", "javascript typescript", 2),
    (".then(", "javascript typescript", 2),
    ("from '", "javascript typescript", 1.5),
    ("useState", "javascript typescript", 3),
    ("this.", "javascript typescript java csharp", 0.5),
    # Type annotations end in `;`, `,` or `)`; YAML's `type: string` ends the line.
    (": string;", "typescript", 2),
    (": string,", "typescript", 2),
    (": string)", "typescript", 2),
    (": number;", "typescript", 2),
    (": number,", "typescript", 2),
    (": number)", "typescript", 2),
    (": boolean", "typescript", 1),
    (": any", "typescript", 2),
    ("): void", "typescript", 2),
    ("export interface", "typescript", 3),
    ("): Promise<", "typescript", 3),
    ("as const", "typescript", 2),
    ("interface", "typescript java csharp go", 0.5),
    # Java, C#, Kotlin
    ("public static void main", "java", 3),
    ("System.out.", "java", 3),
    ("@Override", "java", 3),
    ("import java.", "java", 3),
    ("String[]", "java", 2),
    ("throws", "java", 2),
    ("private final", "java", 2),
    ("boolean", "java", 1),
    ("extends", "java typescript php", 1),
    ("new ArrayList", "java", 3),
    ("@Autowired", "java", 3),
    ("public class", "java csharp", 1.5),
    ("public void", "java csharp", 1),
    ("private void", "java csharp", 1),
    ("void", "java c cpp csharp", 0.5),
    ("using System", "csharp", 3),
    ("Console.Write", "csharp", 3),
    ("namespace", "csharp cpp php", 1.5),
    ("get; set;", "csharp", 3),
    ("async Task", "csharp", 3),
    ("Task<", "csharp", 2),
    ("string[] args", "csharp", 3),
    ("static void Main", "csharp", 3),
    ("foreach", "csharp php", 1.5),
    ("IEnumerable<", "csharp", 3),
    ("nameof(", "csharp", 3),
    ("fun", "kotlin", 1.5),
    ("fun main", "kotlin", 3),
    ("val", "kotlin", 1.5),
    ("data class", "kotlin", 3),
    ("companion object", "kotlin", 3),
    ("when (", "kotlin", 2),
    ("override fun", "kotlin", 3),
    ("listOf(", "kotlin", 3),
    ("import kotlin", "kotlin", 3),
    (": Int", "kotlin swift", 1.5),
    (": String", "kotlin swift", 1.5),
    # Go, Rust, Swift
    ("package main", "go", 3),
    ("func", "go swift", 2),
    (":=", "go", 2),
    ("fmt.", "go", 3),
    ("err != nil", "go", 3),
    ("nil", "go ruby swift", 1),
    ("chan", "go", 1),
    ("defer", "go swift", 1),
    ("go func", "go", 3),
    ("\nimport (", "go", 3),
    ("[]string", "go", 2),
    ("map[string]", "go", 3),
    ("interface{}", "go", 3),
    ("func (", "go", 2),
    ("fn", "rust", 1.5),
    ("pub fn", "rust", 3),
    ("fn main", "rust", 3),
    ("let mut", "rust", 3),
    ("impl", "rust", 2.5),
    ("pub", "rust", 1.5),
    ("mut", "rust", 2),
    ("crate", "rust", 1),
    ("usize", "rust", 2),
    ("use std::", "rust", 3),
    ("&self", "rust", 3),
    ("&mut", "rust", 3),
    ("println!", "rust", 3),
    ("vec!", "rust", 3),
    ("Vec<", "rust", 2.5),
    ("Result<", "rust", 2),
    ("#[derive", "rust", 3),
    (".unwrap()", "rust", 3),
    ("&str", "rust", 3),
    ("Some(", "rust", 1.5),
    ("Ok(", "rust", 2),
    ("guard let", "swift", 3),
    ("if let", "swift rust", 1.5),
    ("import UIKit", "swift", 3),
    ("import Foundation", "swift", 3),
    ("import SwiftUI", "swift", 3),
    ("some View", "swift", 3),
    ("@IBOutlet", "swift", 3),
    ("@objc", "swift", 3),
    ("protocol", "swift", 0.5),
    ("extension", "swift", 0.5),
    ("init(", "swift", 1.5),
    # C and C++
    ("#include <", "c cpp", 2),
    (".h>", "c", 1),
    ("printf(", "c cpp", 1.5),
    ("malloc(", "c", 3),
    ("free(", "c", 1),
    ("sizeof", "c cpp", 2),
    ("NULL", "c cpp", 1),
    ("int main(", "c cpp", 2),
    ("char *", "c cpp", 2),
    ("->", "c cpp php", 0.5),
    ("typedef", "c cpp", 2),
    ("#define ", "c cpp", 2),
    ("unsigned", "c cpp", 1.5),
    ("uint8_t", "c cpp", 2),
    ("std::", "cpp", 3),
    ("cout", "cpp", 3),
    ("endl", "cpp", 3),
    ("nullptr", "cpp", 3),
    ("template <", "cpp", 3),
    ("template<", "cpp", 3),
    ("typename", "cpp", 3),
    ("constexpr", "cpp", 3),
    ("noexcept", "cpp", 3),
    ("std", "cpp", 1.5),
    ("public:", "cpp", 2),
    ("private:", "cpp", 2),
    ("virtual", "cpp csharp", 1.5),
    ("vector<", "cpp", 2),
    ("unique_ptr", "cpp", 3),
    ("#include <iostream>", "cpp", 3),
    # Ruby, PHP
    ("puts", "ruby", 3),
    ("elsif", "ruby", 3),
    ("do |", "ruby", 3),
    ("attr_accessor", "ruby", 3),
    ("attr_reader", "ruby", 3),
    ("require '", "ruby", 2),
    ("require_relative", "ruby", 3),
    (" end\n", "ruby", 1.5),
    ("\nend\n", "ruby", 1.5),
    ("def self.", "ruby", 3),
    (".each", "ruby", 1.5),
    ("<?php", "php", 5),
    ("$this->", "php", 3),
    ("public function", "php", 3),
    ("$_GET", "php", 3),
    ("$_POST", "php", 3),
    ("array(", "php", 2),
    ("=> $", "php", 2),
    ("isset(", "php", 3),
    ("::class", "php", 3),
    ("echo", "php shell", 1),
    # SQL: upper-case keywords as usually written, and a few unambiguous lower-case forms
    ("SELECT", "sql", 2),
    ("FROM", "sql", 1.5),
    ("WHERE", "sql", 1.5),
    ("INSERT INTO", "sql", 3),
    ("CREATE TABLE", "sql", 3),
    ("UPDATE", "sql", 1),
    ("JOIN", "sql", 2),
    ("GROUP BY", "sql", 3),
    ("ORDER BY", "sql", 3),
    ("PRIMARY KEY", "sql", 3),
    ("VARCHAR", "sql", 3),
    ("DELETE FROM", "sql", 3),
    ("ALTER TABLE", "sql", 3),
    ("NOT NULL", "sql", 2),
    ("CREATE FUNCTION", "sql", 3),
    ("CREATE INDEX", "sql", 3),
    ("CREATE OR REPLACE", "sql", 3),
    ("ALTER FUNCTION", "sql", 3),
    ("RETURNS", "sql", 2),
    ("BIGINT", "sql", 2),
    ("INTEGER", "sql", 1.5),
    ("GRANT", "sql", 2),
    ("REVOKE", "sql", 2),
    ("BEGIN", "sql", 0.5),
    ("END;", "sql", 1),
    ("select * from", "sql", 3),
    ("insert into", "sql", 3),
    ("create table", "sql", 3),
    ("group by", "sql", 2),
    ("left join", "sql", 2),
    ("inner join", "sql", 2),
    ("varchar(", "sql", 3),
    # Shell
    ("#!/bin/bash", "shell", 5),
    ("#!/bin/sh", "shell", 5),
    ("#!/usr/bin/env bash", "shell", 5),
    ("; then", "shell", 3),
    ("; do", "shell", 3),
    ("fi", "shell", 1.5),
    ("esac", "shell", 3),
    ("\ndone", "shell", 2),
    ("$(", "shell", 2),
    ("${", "shell", 1),
    ("sudo ", "shell", 2),
    ("apt-get ", "shell", 2),
    ("| grep", "shell", 2),
    ("if [ ", "shell", 3),
    ("[[ ", "shell", 2),
    (" -eq ", "shell", 3),
    (" -z ", "shell", 2),
    ("mkdir -p", "shell", 3),
    ("chmod ", "shell", 2),
    ("curl -", "shell", 2),
    ("pip install", "shell", 2),
    ("npm install", "shell", 2),
    ("docker run", "shell", 2),
    ("2>&1", "shell", 3),
    ("/dev/null", "shell", 2),
    ("export PATH", "shell", 3),
)

# Idioms common to many languages and rare in prose: evidence of code, not of a language.
_GENERIC = (
    "if (", "} else", "else {", "for (", "while (", "();", ") {", "){", "});", "};", " != ",
    " == ", " && ", " || ", "++", " += ", "::", "[i]", "= 0;", "return;", "break;", "= new ",
    "null;", "true;", "false;", "return ",
)  # fmt: skip

# A superset language and its base: the superset is named only on its own evidence.
FAMILIES: dict[str, tuple[str, str]] = {
    "javascript": ("javascript", "typescript"),
    "typescript": ("javascript", "typescript"),
    "c": ("c", "cpp"),
    "cpp": ("c", "cpp"),
}

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


def _compile() -> tuple[Any, list[tuple[int, bool]], list[list[tuple[str, float]]]]:
    """One Aho-Corasick automaton for every marker: a single C-level pass per sample."""
    ids: dict[str, int] = {}
    weights: list[list[tuple[str, float]]] = []
    markers = [*_MARKERS, *((phrase, GENERIC, 1.0) for phrase in _GENERIC)]
    for marker, languages, weight in markers:
        if marker not in ids:
            ids[marker] = len(weights)
            weights.append([])
        weights[ids[marker]].extend((lang, float(weight)) for lang in languages.split())
    automaton = ahocorasick.Automaton()
    for marker, marker_id in ids.items():
        automaton.add_word(marker, marker_id)
    automaton.make_automaton()
    shapes = [(len(marker), marker.isidentifier()) for marker in ids]
    return automaton, shapes, weights


_AUTOMATON, _SHAPES, _WEIGHTS = _compile()


def marker_scores(sample: str) -> dict[str, float]:
    """Weighted marker counts per language in `sample` (bounded: a few KB).

    Identifier markers count as whole words only. The key `GENERIC` holds the evidence
    of code that points to no language in particular.
    """
    counts: dict[int, int] = {}
    last = len(sample) - 1
    for end, marker_id in _AUTOMATON.iter(sample):
        length, word = _SHAPES[marker_id]
        if word:
            start = end - length + 1
            if (start and sample[start - 1] in _WORD_CHARS) or (
                end < last and sample[end + 1] in _WORD_CHARS
            ):
                continue
        counts[marker_id] = counts.get(marker_id, 0) + 1
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
    family = FAMILIES.get(top_lang, (top_lang, top_lang))
    rival = next((s for lang, s in ranked[1:] if lang not in family), 0.0)
    if top < 3.0 or top < 1.5 * rival:
        return None, top
    base, superset = family
    if scores.get(superset, 0.0) - scores.get(base, 0.0) >= 2.0:
        return superset, top
    return base, top
