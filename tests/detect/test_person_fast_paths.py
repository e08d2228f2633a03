"""PERSON's fast paths give what the general rules give.

The pair scan reads most names through shortcuts: a plain two-word run is scored by
`two_word_name` without reading tokens, and `read_run` reads plain words (and one
lower-case word after them) with one match each. These tests draw runs of words from
the lexicon's own lists, with the separators and marks that change how a run is read,
and compare each shortcut with the general rule it stands for.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airlock.detect.detectors.person_names import CAP, LOWER, _read_words, lexicon, read_run
from airlock.detect.detectors.person_pairs import TWO_WORDS, pair_name, two_word_name
from airlock.detect.detectors.person_words import NOT_PERSON_PAIRS, ORG_WORDS, PARTICLES

LEX = lexicon()


def _sample(words: frozenset[str], n: int) -> list[str]:
    return sorted(itertools.islice(sorted(words), 0, None, max(1, len(words) // n)))[:n]


# Words of every kind the rules tell apart: given names (plain and ambiguous), surnames
# (plain and also words), both at once, words no name holds, firm and street words,
# particles, unknown words; each capitalized, lower case or all capitals.
_POOL = sorted(
    {
        *_sample(LEX.given - LEX.surnames, 40),
        *_sample(LEX.surnames - LEX.given, 40),
        *_sample(LEX.given & LEX.surnames, 20),
        *_sample(LEX.ambiguous_given, 20),
        *_sample(LEX.word_surnames, 20),
        *_sample(LEX.not_names, 20),
        *_sample(LEX.veto, 20),
        *(w for pair in NOT_PERSON_PAIRS for w in pair.split()),
        *_sample(ORG_WORDS, 20),
        *("van", "de", "la", "x", "j", "qwzx", "zzyzx", "stanley", "cup", "julia"),
    }
)
_WORDS = st.sampled_from(_POOL).flatmap(
    lambda w: st.sampled_from([w, w.capitalize(), w.upper(), w[:1].upper()])
)
_JOINS = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\n", ", ", ". ", "-", "'s ", "’", "2 "])
_ENDS = st.sampled_from(["", ".", ",", " ", " and", " said", " é", "\n", ") ", "-x", "'s", "9"])


@st.composite
def runs(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=5))
    text = words[0]
    for word in words[1:]:
        text += draw(_JOINS) + word
    return text + draw(_ENDS)


def _capitalized(a: str, b: str) -> str:
    return f"{a.capitalize()} {b.capitalize()}"


@settings(max_examples=400, deadline=None)
@given(runs())
def test_read_run_reads_what_word_by_word_reading_reads(text: str) -> None:
    assert read_run(text, 0) == _read_words(text, 0, 7, False)
    assert read_run(text, 0, 3) == _read_words(text, 0, 3, False)
    assert read_run(text, 0, lower=True) == _read_words(text, 0, 7, True)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_POOL), st.sampled_from(_POOL), st.sampled_from(["", *_POOL]), _ENDS)
def test_two_word_name_scores_as_pair_name(first: str, second: str, after: str, end: str) -> None:
    text = _capitalized(first, second) + (f" {after}" if after else "") + end
    two = TWO_WORDS.match(text)
    if two is None or two.group(3) in PARTICLES:
        return  # not the shape the shortcut takes: the general rules read it
    tokens = read_run(text, 0)
    assert [t.kind for t in tokens] == [CAP, CAP] + ([LOWER] if two.group(3) else [])
    assert tokens[-1].end == two.end()
    if not LEX.is_given(tokens[0].key):
        return  # the scan takes the shortcut only after a given name
    name = pair_name(tokens, 0, LEX)
    expected = None if name is None else (name[1], name[2])
    score = two_word_name(tokens[0].key, tokens[1].key, LEX, two.group(3))
    assert (None if score is None else (two.end(2), score)) == expected


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Maria Garcia.", None),
        ("Maria Garcia", None),
        ("Maria Garcia  Lopez", None),  # two spaces end a run
        ("Maria Garcia said", "said"),
        ("Maria Garcia\u00a0said, then", "said"),
    ],
)
def test_two_word_shortcut_takes_two_words_and_a_lower_case_word(
    text: str, after: str | None
) -> None:
    two = TWO_WORDS.match(text)
    assert two is not None
    assert two.group(3) == after


@pytest.mark.parametrize(
    "text",
    [
        "Maria Garcia Lopez",
        "Maria Garcia-Lopez",
        "Maria Garcia's",
        "Maria Garcías",
        "Maria Garcia2",
        "Maria Garcia J. Lopez",
        "Maria Garcia\u00a0X",
        "Maria Garcia said's",
        "Maria Garcia saïd",
    ],
)
def test_two_word_shortcut_leaves_other_runs_to_the_general_rules(text: str) -> None:
    assert TWO_WORDS.match(text) is None
