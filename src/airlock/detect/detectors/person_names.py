"""The person-name lexicon and the rules that turn a run of words into a name.

The lexicon ships as plain-text lists under `airlock/detect/data/` (see
`PERSON_NAMES.md` there for sources and licences), loaded once. Lookups use a folded
key: lower case, accents and apostrophes dropped ("José" -> "jose", "O'Brien" -> "obrien").

A *run* is a sequence of words separated by single spaces, read from a position with
`read_run`. `cue_name` finds the name at the start of a run that follows a cue ("Dear",
"Name:", "Mr."); `person_pairs.pair_name` finds a name without a cue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from airlock.detect.detectors.person_words import COMPANY_WORDS, PARTICLES, STREET_SUFFIXES
from airlock.detect.entities import EntitySpec, Severity

PERSON = EntitySpec("PERSON", "pii", Severity.MEDIUM, "A person's name", presidio=True)

# Token kinds.
CAP = 1  # Capitalized word: "Maria", "McDonald", "O'Brien"
UPPER = 2  # all capitals: "GARCIA"
LOWER = 3  # "maria"
CASELESS = 4  # scripts without case (CJK, Arabic)
INITIAL = 5  # "J." or a lone capital letter
PARTICLE = 6  # "van", "de", "bin" inside a name
MIXED = 7  # inner capitals: "TypeName", "PostgreSQL" (but "McDonald", "DeShawn" are CAP)


_MIXED_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "Di", "Da", "Du", "La", "Le", "Van")
_FOLD_EXTRA = str.maketrans(
    {"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
)
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PLAIN_RUN = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")
# A lower-case ASCII word that `WORD` would read whole (no letter, apostrophe or hyphen
# after it).
_PLAIN_TAIL = re.compile(r"[a-z]+(?![^\W\d_]|['’\-])")
_SEPARATORS = " \u00a0"
_RUN_WINDOW = 160


def fold(word: str) -> str:
    """The lookup key of a word: lower case, ASCII letters, no apostrophes."""
    key = word.lower()
    if "'" in key or "’" in key:
        key = key.replace("'", "").replace("’", "")
    if key.isascii():
        return key
    key = unicodedata.normalize("NFKD", key.translate(_FOLD_EXTRA))
    return "".join(c for c in key if not unicodedata.combining(c))


def _load(name: str) -> frozenset[str]:
    text = files("airlock.detect").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    ambiguous_given: frozenset[str]  # given names that are also common words or places
    word_surnames: frozenset[str]  # surnames that are also English words
    not_names: frozenset[str]  # never part of a name (roles, months, pronouns, ...)
    # Never part of a name: firm words ("Retail", "GmbH") and street types that are no
    # name ("Stravenue", "Avenue"): a run holding one is a firm or a street.
    veto: frozenset[str]

    def is_given(self, key: str) -> bool:
        return key in self.given or ("-" in key and _all_in(key, self.given))

    def is_surname(self, key: str) -> bool:
        return key in self.surnames or ("-" in key and _all_in(key, self.surnames))

    def is_known(self, key: str) -> bool:
        return self.is_given(key) or self.is_surname(key)

    def is_strong_given(self, key: str) -> bool:
        """A given name that is not also a common word: evidence on its own."""
        return self.is_given(key) and key not in self.ambiguous_given


def _all_in(key: str, table: frozenset[str]) -> bool:
    parts = [p for p in key.split("-") if p]
    return bool(parts) and all(p in table for p in parts)


@cache
def lexicon() -> Lexicon:
    """The shipped name lists, loaded on first use."""
    given = _load("person_given_census.txt") | _load("person_given_extra.txt")
    surnames = _load("person_surnames_census.txt") | _load("person_surnames_extra.txt")
    return Lexicon(
        given=given,
        surnames=surnames,
        ambiguous_given=_load("person_ambiguous_given.txt"),
        word_surnames=_load("person_word_surnames.txt"),
        not_names=_load("person_not_names.txt"),
        veto=COMPANY_WORDS | (STREET_SUFFIXES - given - surnames),
    )


class Token(NamedTuple):
    start: int
    end: int
    key: str
    kind: int


# Builds a `Token` from a tuple without the named tuple's Python-level `__new__`, twice
# as fast: runs are read for every name candidate.
_new = tuple.__new__


def _name_cased(part: str) -> bool:
    """'Garcia', 'McDonald', "O'Brien", 'DeShawn': capitals only where names have them."""
    if not part or part[1:].islower() or len(part) == 1:
        return True
    for prefix in _MIXED_PREFIXES:
        rest = part[len(prefix) :]
        if (
            part.startswith(prefix)
            and rest[:1].isupper()
            and (len(rest) == 1 or rest[1:].islower())
        ):
            return True
    return False


def word_kind(word: str) -> int:
    first = word[0]
    if first.isupper():
        rest = word[1:]
        if rest.islower():
            return CAP
        if rest and word.isupper():
            return UPPER
        return CAP if all(_name_cased(part) for part in word.split("-")) else MIXED
    return LOWER if first.islower() else CASELESS


def read_run(text: str, pos: int, max_tokens: int = 7, *, lower: bool = False) -> list[Token]:
    """Words from `pos` separated by single spaces (bounded window).

    The run ends after a lower-case word unless `lower` (structured values).
    """
    n = len(text)
    # Fast path for the usual "Maria Garcia": one match for the plain capitalized words.
    m = _PLAIN_RUN.match(text, pos, pos + _RUN_WINDOW)
    if m is None:
        return _read_words(text, pos, max_tokens, lower)
    end = m.end()
    if end < n and (text[end].isalnum() or text[end] in "'’-"):
        return _read_words(text, pos, max_tokens, lower)  # "Kay's", "García", "Smith-Jones"
    words = m.group().split(" ", max_tokens)
    keys = m.group().lower().split(" ", max_tokens)
    if len(words) > max_tokens:
        del words[max_tokens:], keys[max_tokens:]
    tokens: list[Token] = []
    append = tokens.append
    start = pos
    for word, key in zip(words, keys, strict=True):
        end = start + len(word)
        append(_new(Token, (start, end, key, CAP)))
        start = end + 1
    if len(tokens) < max_tokens and end < n and text[end] in _SEPARATORS:
        if not lower:
            # The usual end of a run: one plain lower-case word ("Maria Garcia said").
            tail = _PLAIN_TAIL.match(text, end + 1, end + 1 + _RUN_WINDOW)
            if tail is not None and tail.group() not in PARTICLES:
                append(_new(Token, (end + 1, tail.end(), tail.group(), LOWER)))
                return tokens
        tokens.extend(_read_words(text, end + 1, max_tokens - len(tokens), lower))
    return tokens


def _read_words(text: str, pos: int, max_tokens: int, lower: bool) -> list[Token]:
    """`read_run` word by word: initials, particles, apostrophes, any script."""
    tokens: list[Token] = []
    n = len(text)
    limit = min(n, pos + _RUN_WINDOW)
    match = WORD.match
    append = tokens.append
    for _ in range(max_tokens):
        m = match(text, pos, limit)
        if m is None:
            break
        start, end = m.span()
        word = m.group()
        if len(word) == 1:
            if word.isupper():
                if end < n and text[end] == ".":
                    end += 1
                append(_new(Token, (start, end, word.lower(), INITIAL)))
            else:
                append(_new(Token, (start, end, word, LOWER if word.islower() else CASELESS)))
                if not lower:
                    break
        elif word in PARTICLES:
            append(_new(Token, (start, end, word, PARTICLE)))
        else:
            if word[-2] in "'’" and word[-1] == "s" and len(word) > 3:  # possessive: "Kay's"
                word = word[:-2]
                end -= 2
            # Fast path for the usual "Maria": ASCII, capitalized, no apostrophe.
            if word[0].isupper() and word[1:].islower() and word.isascii() and "'" not in word:
                kind, key = CAP, word.lower()
            else:
                kind, key = word_kind(word), fold(word)
            append(_new(Token, (start, end, key, kind)))
            if kind == LOWER and not lower:
                break
        if end < limit and text[end] in _SEPARATORS:
            pos = end + 1
        else:
            break
    return tokens


class NameSpan(NamedTuple):
    start: int
    end: int
    known: bool  # some word is in the lexicon
    given_first: bool  # the first word is a given name that is not a common word
    pair: bool  # a given name followed by a surname


def cue_name(
    tokens: list[Token], lex: Lexicon, *, lower_ok: bool = False, upper_ok: bool = False
) -> NameSpan | None:
    """The name at the start of `tokens`, which follow a cue; None if it is no name.

    Takes up to four capitalized words (with initials and particles). A run that ends in
    a role or place word ("Dear Hiring Manager") is rejected unless a word is a known name;
    lower-case or all-capital words count only when every word is a known name.
    """
    words: list[Token] = []
    stopped = False
    count = len(tokens)
    name_words = 0
    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind in (INITIAL, PARTICLE):
            following = tokens[i + 1] if i + 1 < count else None
            if following is None or following.kind not in (CAP, UPPER, CASELESS, INITIAL):
                break
            if kind == PARTICLE and not words:
                break
            words.append(tok)
            continue
        if tok.key in lex.veto:
            return None  # "Account holder: Contoso Retail", "Name: Elm Avenue"
        if tok.key in lex.not_names:
            stopped = True
            break
        # A lower-case value is all lower case: "Garcia status=ok" ends at "status".
        lower = kind == LOWER and lower_ok and (name_words == 0 or words[-1].kind == LOWER)
        if kind in (CAP, CASELESS, MIXED) or (kind == UPPER and upper_ok) or lower:
            words.append(tok)
        else:
            break
        name_words += 1
        if name_words == 4:
            break
    names = [w for w in words if w.kind not in (INITIAL, PARTICLE)]
    if not names:
        return None
    known = [lex.is_known(w.key) for w in names]
    odd_case = any(w.kind in (LOWER, UPPER, MIXED) for w in names)
    if odd_case and (not all(known) or any(_common(w.key, lex) for w in names)):
        return None
    if not any(known):
        if stopped:
            return None
        names = names[:3]
        return NameSpan(words[0].start, names[-1].end, False, False, False)
    last = max(i for i, k in enumerate(known) if k)
    # A known given name followed by an unknown word: take it as the surname (also after
    # a first word that is a surname too: "Chris Aarts").
    if last + 1 < len(names) and (last == 0 or not lex.is_surname(names[last].key)):
        last += 1
    names = names[: last + 1]
    given_first = lex.is_strong_given(names[0].key)
    pair = lex.is_given(names[0].key) and any(lex.is_surname(w.key) for w in names[1:])
    return NameSpan(words[0].start, names[-1].end, True, given_first, pair)


def _common(key: str, lex: Lexicon) -> bool:
    """Also an everyday word: "will", "current" (a strong given name is not)."""
    if key in lex.ambiguous_given:
        return True
    return key in lex.word_surnames and not lex.is_given(key)
