"""Names without a cue: a known given name followed by a surname ("Maria Garcia").

`pair_name` reads a run of words (see `person_names.read_run`) from a given name. The
score says how sure the pair is: a known surname, a surname that is also a word, an
unknown capitalized word (in a sentence, not a Title Case phrase).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from airlock.detect.detectors.person_names import (
    CAP,
    INITIAL,
    LOWER,
    MIXED,
    PARTICLE,
    UPPER,
    Lexicon,
    Token,
)
from airlock.detect.detectors.person_words import (
    NOT_PERSON_PAIRS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
)

_CASED = frozenset({CAP, UPPER, MIXED})
# Two plain capitalized words that `read_run` reads as exactly two CAP tokens (no letter,
# digit, apostrophe or hyphen after them, nor a space and another word), or as two CAP
# tokens and a plain lower-case word that ends the run ("Maria Garcia said"). The words
# are short enough to fit the run's window.
TWO_WORDS = re.compile(
    r"([A-Z][a-z]{1,70}) ([A-Z][a-z]{1,70})"
    r"(?:[ \u00a0]([a-z]{1,70})(?![^\W\d_]|['’\-])|(?![^\W_]|['’\-]|[ \u00a0][^\W\d_]))"
)


class PairScores(NamedTuple):
    full: float = 0.8  # given name + surname
    word_surname: float = 0.65  # the surname is also an English word ("Young")
    unknown: float = 0.6  # given name + a capitalized word not in the lexicon
    weak: float = 0.4  # the same in a Title Case phrase, or an ambiguous given name


PAIR_SCORES = PairScores()


def pair_name(
    tokens: list[Token],
    index: int,
    lex: Lexicon,
    scores: PairScores = PAIR_SCORES,
    *,
    opens_sentence: bool = False,
) -> tuple[int, int, float, int] | None:
    """A name starting at `tokens[index]` (a given name) without any cue.

    `opens_sentence`: the run's first word starts a sentence, so its capital says
    nothing about Title Case ("Contact Chris Aarts (...)", "Patient Ana Ruiz, ...").
    Returns (start, end, score, index of the last token used) or None.
    """
    first = tokens[index]
    if index > 0 and tokens[index - 1].key in PLACE_PREFIXES:
        return None
    if index + 1 < len(tokens) and f"{first.key} {tokens[index + 1].key}" in NOT_PERSON_PAIRS:
        return None
    last = index
    last_surname = -1
    unknown = False
    names = 1
    count = len(tokens)
    j = index + 1
    while j < count and names < 4:
        tok = tokens[j]
        if tok.kind == INITIAL:
            if j + 1 >= count or tokens[j + 1].kind not in (CAP, INITIAL):
                break
            j += 1
            continue
        if tok.kind == PARTICLE:
            while j < count and tokens[j].kind == PARTICLE:
                j += 1
            if j < count and tokens[j].kind == CAP and tokens[j].key not in lex.not_names:
                last = last_surname = j  # "Ludwig van Beethoven", "Maria de la Cruz"
            break
        if tok.kind != CAP or tok.key in lex.not_names:
            break
        if tok.key in PARTICLES and j + 1 < count and tokens[j + 1].kind == CAP:
            # A capitalized particle starts the surname: "Ivan Van Laningham".
            last = last_surname = j + 1
            names += 1
            break
        nxt = tokens[j + 1] if j + 1 < count else None
        if (
            last_surname >= 0
            and lex.is_given(tok.key)
            and nxt is not None
            and nxt.kind == CAP
            and lex.is_surname(nxt.key)
        ):
            break  # the next name in a list: "John Smith Mary Jones"
        if lex.is_surname(tok.key):
            last, last_surname = j, j
        elif lex.is_given(tok.key):
            if last_surname >= 0:
                break
            last = j  # a middle name
        else:
            if (
                nxt is not None
                and nxt.kind == CAP
                and lex.is_surname(nxt.key)
                and nxt.key not in lex.not_names
            ):
                names += 1  # an unknown middle name: "João Vitor Dias"
                j += 1
                continue
            if last == index:
                last, unknown = j, True  # an unknown word after the given name
            break
        names += 1
        j += 1
    if last == index:
        return None
    after = last + 1
    while after < count and tokens[after].kind in (INITIAL, PARTICLE):
        after += 1
    veto = lex.veto
    if after < count and (tokens[after].key in ORG_WORDS or tokens[after].key in veto):
        return None
    for k in range(index + 1, last + 1):
        if tokens[k].key in veto:
            return None  # "Gail Stravenue", "Helena Logistics"
    if unknown:
        # "Stanley Cup Final", "Using Julia Arrays": Title Case, not a name; but
        # "Contact Chris Aarts at ..." goes on in lower case: a sentence.
        following = tokens[last + 1].kind if last + 1 < count else None
        capital_before = index > 1 or (index == 1 and not opens_sentence)
        title_case = following in _CASED or (
            capital_before and tokens[index - 1].kind in _CASED and following != LOWER
        )
        score = scores.weak if title_case else scores.unknown
    elif last_surname < last:
        score = scores.weak
    elif tokens[last_surname].key in lex.word_surnames:
        score = scores.word_surname
    else:
        score = scores.full
    if first.key in lex.ambiguous_given:
        score = min(score, scores.weak)
    return first.start, tokens[last].end, score, last


def two_word_name(
    given: str,
    second: str,
    lex: Lexicon,
    after: str | None = None,
    scores: PairScores = PAIR_SCORES,
) -> float | None:
    """`pair_name` for a run of two plain words and maybe a lower-case word `after` them
    (see `TWO_WORDS`), the first a known given name: the score of the name, or None.

    Most names in a text are such a run ("Maria Garcia.", "Maria Garcia said"): this
    skips reading tokens. Keys are lower case. It gives what `pair_name` gives for such
    a run (a test checks that they agree): no capitalized word follows, so no Title Case.
    """
    if f"{given} {second}" in NOT_PERSON_PAIRS or second in lex.not_names:
        return None
    if second in lex.veto or (after is not None and (after in ORG_WORDS or after in lex.veto)):
        return None
    if second in lex.surnames:
        score = scores.word_surname if second in lex.word_surnames else scores.full
    elif second in lex.given:
        score = scores.weak  # a given name and a middle name, no surname
    else:
        score = scores.unknown
    if given in lex.ambiguous_given:
        score = min(score, scores.weak)
    return score
