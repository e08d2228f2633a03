"""Person names (PERSON): context cues and a shipped name dictionary, plus optional NER.

Without NER, a name is found three ways:
- after a cue (`person_cues`): "Name:", "Patient:", "Dear", "Hi X,", titles (Mr, Dr),
  a sign-off line ("Regards,") above it, "my name is", "X wrote:", a role noun ("the
  customer X"), and structured fields (`first_name`, `"lastName":`, the name columns of
  CSV tables and SQL inserts: `person_tables`, `person_sql`). A cue alone gives 0.75,
  with a known name 0.9;
- from the dictionary alone (`person_pairs`): a known given name followed by a known
  surname ("Maria Garcia", 0.8; 0.65 when the surname is also a word, "Grace Green")
  or by an unknown capitalized word in a sentence ("Chris Aarts", 0.6). Given names
  that are also common words ("Will", "Grace", "May") need a cue; a single word needs
  a cue;
- as a later mention of a name found (`person_mentions`): "Ana" after "Ana Ruiz".
Firms ("Contoso Retail") and streets ("rue Simone Boutin", "5370 Julia Trace") are
vetoed (`person_words`, `person_places`). With `person.ner` set, spaCy's PERSON entities
are added (`person_ner`); the engine keeps the best of overlaps.

Candidates come from the shared trigger scan: cue words, and capitalized word pairs
("Maria G"); Python then looks the words up in sets. A pair hit whose two words are
no given names costs a couple of cached dictionary lookups, and a name of two plain
words ("Maria Garcia.", most names in a text) is scored without reading its tokens
(`person_pairs.two_word_name`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors import person_cues as cues
from airlock.detect.detectors import person_tables as tables
from airlock.detect.detectors.person_mentions import mentions
from airlock.detect.detectors.person_names import (
    CAP,
    PERSON,
    WORD,
    Lexicon,
    fold,
    lexicon,
    read_run,
)
from airlock.detect.detectors.person_ner import load_ner
from airlock.detect.detectors.person_pairs import TWO_WORDS, pair_name, two_word_name
from airlock.detect.detectors.person_places import in_address
from airlock.detect.detectors.person_sql import TRIGGER as SQL_TRIGGER
from airlock.detect.detectors.person_sql import sql_values
from airlock.detect.detectors.person_words import PARTICLES
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

ENTITIES: list[EntitySpec] = [PERSON]

_PARTICLES = "van|von|de|del|della|der|den|di|da|du|dos|das|le|la|ten|ter|bin|ibn|al|el"
# Triggers run on the text encoded one byte per character: a non-ASCII letter is "?".
TRIGGERS: tuple[Trigger, ...] = (
    # A capitalized word, then (particles and) a capital: one hit per word pair.
    Trigger("pair", rf"(?:\b[A-Z]|\?)[a-z?]{{1,20}} (?:(?:{_PARTICLES}) ){{0,2}}[A-Z?]"),
    Trigger("key", r"name(?:[\"']?[ \t]{0,3}(?::|=>?)|>)", ignore_case=True),
    Trigger("label", cues.LABEL_TRIGGER, ignore_case=True),
    Trigger("dear", r"\bdear[ \t]", ignore_case=True),
    Trigger(
        "greet",
        r"\b(?:hi|hello|hey|hiya|howdy|greetings|good morning|good afternoon|good evening"
        r"|thanks|thank you|thx)[ \t,]",
        ignore_case=True,
    ),
    Trigger("title", cues.TITLES + r"[ \t]"),
    Trigger(
        "sign",
        r"\b(?:regards|best|sincerely|cheers|thanks|thank you|thx|best wishes|warm wishes"
        r"|yours truly|yours|respectfully|cordially|love|take care|all the best)"
        r"[ \t]{0,3}[,.!]?[ \t]{0,3}\r?\n",
        ignore_case=True,
    ),
    Trigger("dash", r"\n--[ \t]?\r?\n"),
    Trigger("myname", r"\b(?:my|his|her|their|your|our) name(?: is|'s|\?s)[ \t]", ignore_case=True),
    Trigger("intro", r"\b(?:i am|i'm|i\?m|this is|call me)[ \t]", ignore_case=True),
    Trigger("wrote", r"[ \t]wrote:"),
    Trigger("csv", r"name[\"']?[ \t]{0,3}[,;\t|\r\n]", ignore_case=True),
    Trigger("role", cues.ROLES),
    Trigger("sql", SQL_TRIGGER, ignore_case=True),
)

Handler = Callable[[str, Hit, Lexicon], "cues.Found | None"]
_HANDLERS: dict[str, Handler] = {
    "key": cues.name_key,
    "label": cues.label,
    "dear": cues.dear,
    "greet": cues.greeting,
    "title": cues.title,
    "sign": cues.signature,
    "dash": cues.dash_signature,
    "myname": cues.my_name,
    "intro": cues.introduction,
    "wrote": cues.wrote,
    "role": cues.role,
}
_WORD_CHARS = "'’-"
_MAX_CACHED = 100_000  # words remembered by the given-name cache (a few MB at most)
# What may stand before a word that starts a sentence, a line or a quotation.
_SENTENCE_END = frozenset(".!?:;\"'“(\n")
_new = tuple.__new__  # a named tuple without its Python-level `__new__`


class PersonDetector(Detector):
    """Person names from cues and the name dictionary."""

    name = "person"
    entities = (PERSON,)

    def __init__(self) -> None:
        self._lex = lexicon()
        # Whether a capitalized word as written is a given name: the same words come up
        # in text after text, and a lookup here skips folding them each time.
        self._given: dict[str, bool] = {}
        self._repeatable: dict[str, int] = {}  # see `person_mentions`

    def triggers(self) -> Sequence[Trigger]:
        return TRIGGERS

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        lex = self._lex
        found: list[cues.Found] = []
        pairs: list[Hit] = []
        csv: tables.CsvState | None = None
        sql_done = 0
        for hit in hits:
            key = hit.key
            if key == "pair":
                pairs.append(hit)
            elif key == "csv":
                csv = csv or tables.CsvState()
                found.extend(tables.csv_columns(text, hit, lex, csv))
            elif key == "sql":
                if hit.start >= sql_done:
                    rows, sql_done = sql_values(text, hit, lex)
                    found.extend(rows)
            else:
                one = _HANDLERS[key](text, hit, lex)
                if one is not None:
                    found.append(one)
        if pairs:
            found.extend(self._pairs(text, pairs, sorted((f.start, f.end) for f in found)))
        if found:
            found.extend(mentions(text, found, lex, self._repeatable))
        entity, name = PERSON.id, self.name
        return [Finding(start, end, entity, "pii", score, name) for start, end, score in found]

    def _pairs(self, text: str, hits: list[Hit], cued: list[tuple[int, int]]) -> list[cues.Found]:
        """Dictionary names in runs of capitalized words (no cue).

        A pair inside a name already found after a cue is skipped: the cue scored it
        at least as high. This runs for every capitalized pair of the text: names are
        bound to locals and most pairs leave after one or two cached word lookups.
        """
        lex = self._lex
        is_given = lex.is_given
        known = self._given
        learn = self._learn
        word_at = WORD.match
        two_words = TWO_WORDS.match
        find = text.find
        found: list[cues.Found] = []
        append = found.append
        done = 0
        next_cued = 0
        n_cued = len(cued)
        for _, hit_start, hit_end in hits:
            if hit_start < done:
                continue
            if n_cued:
                while next_cued < n_cued and cued[next_cued][1] <= hit_start:
                    next_cued += 1
                if next_cued < n_cued and cued[next_cued][0] <= hit_start:
                    continue
            start = hit_start
            if start and (text[start - 1].isalpha() or text[start - 1] in _WORD_CHARS):
                start = _word_start(text, hit_start)
            # Fast path: most capitalized pairs hold no given name.
            first = text[start : find(" ", hit_start, hit_end)]
            first_given = known.get(first)
            if first_given is None:
                first_given = learn(first)
            if not first_given:
                second = word_at(text, hit_end - 1, hit_end + 40)
                if second is None:
                    continue
                word = second.group()
                given = known.get(word)
                if not (learn(word) if given is None else given):
                    continue
            two = two_words(text, start)
            if two is not None and two.group(3) not in PARTICLES:
                # The usual "Maria Garcia", maybe with a lower-case word after it: no
                # tokens to read.
                done = two.end()
                if first_given:
                    given_name, surname, after = two.group(1, 2, 3)
                    score = two_word_name(given_name.lower(), surname.lower(), lex, after)
                    end = two.end(2)
                    if score is not None and not in_address(text, start, end, lex):
                        append(_new(cues.Found, (start, end, score)))
                continue
            tokens = read_run(text, start)
            opens: bool | None = None
            i = 0
            count = len(tokens)
            while i < count:
                tok = tokens[i]
                if tok.kind == CAP and is_given(tok.key):
                    if opens is None:
                        before = text[max(0, start - 3) : start].rstrip(" \t")
                        opens = not before or before[-1] in _SENTENCE_END
                    name = pair_name(tokens, i, lex, opens_sentence=opens)
                    if name is not None:
                        if not in_address(text, name[0], name[1], lex):
                            append(_new(cues.Found, (name[0], name[1], name[2])))
                        i = name[3] + 1
                        continue
                i += 1
            done = tokens[-1].end if tokens else hit_end
        return found

    def _learn(self, word: str) -> bool:
        given = self._lex.is_given(fold(word))
        if len(self._given) < _MAX_CACHED:
            self._given[word] = given
        return given


def _word_start(text: str, pos: int) -> int:
    """Where the word holding `pos` starts: the hit starts inside a word ("Jean-Luc", a
    non-ASCII first letter)."""
    start = pos
    floor = max(0, pos - 24)
    while start > floor and (text[start - 1].isalpha() or text[start - 1] in _WORD_CHARS):
        start -= 1
    while start < pos and text[start] in _WORD_CHARS:
        start += 1  # a quote before the word, not an apostrophe in it: 'Ana Ruiz'
    return start


def build(ctx: BuildContext) -> list[Detector]:
    """The rule-based person detector, and spaCy NER when `person.ner` asks for it."""
    detectors: list[Detector] = [PersonDetector()]
    ner = load_ner(ctx.config.person)
    if ner is not None:
        detectors.append(ner)
    return detectors
