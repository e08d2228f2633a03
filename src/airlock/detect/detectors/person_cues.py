"""Context cues that announce a person's name, and where the name is relative to each.

Every handler takes the text, the trigger hit and the lexicon, and returns the name's
span and score (or None). The span covers the name only ("Dear Maria Garcia," gives
"Maria Garcia"). A cue's strength sets the score: a strong cue ("Patient:", "Dear",
"Mr.") reports a capitalized name alone (0.75) and a known name at 0.9; a weak cue
("I'm", "From:", a bare `name` key) needs a given name from the lexicon.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from airlock.detect.detector import Hit
from airlock.detect.detectors.person_names import (
    WORD,
    Lexicon,
    NameSpan,
    cue_name,
    fold,
    read_run,
)
from airlock.detect.detectors.person_words import words

STRONG, MEDIUM, WEAK = 0, 1, 2


class Found(NamedTuple):
    start: int
    end: int
    score: float


# Labels ("Patient:") whose value is a person's name; the weak ones often hold other things
# (a company after "Customer:", an address after "To:").
STRONG_LABELS = words(
    """patient employee applicant candidate cardholder beneficiary insured policyholder
    guarantor guardian spouse tenant borrower co-borrower student witness attn attention
    contact signatory physician doctor nurse"""
) | words(
    """card holder|account holder|policy holder|contact person|emergency contact|next of kin
    |signed by|prepared by|approved by|submitted by|requested by|reported by|reviewed by
    |authorized by|assigned to|created by""",
    "|",
)
WEAK_LABELS = words(
    """from to cc bcc reply-to author assignee reporter reviewer owner recipient sender
    manager supervisor teacher landlord buyer seller agent representative customer client
    maintainer"""
)
# Labels that name a person (or a team) in code metadata: `__author__ = "..."`.
MEDIUM_LABELS = words("__author__ __maintainer__ __credits__")
LABEL_TRIGGER = (
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(w) for w in STRONG_LABELS | WEAK_LABELS | MEDIUM_LABELS),
            key=len,
            reverse=True,
        )
    )
    + r")[\"']?[ \t]{0,3}[:=]"
)

# What comes before "name" in a key ("first_name", "lastName", "Full Name").
STRONG_PREFIXES = words(
    """first last full given family middle sur fore maiden legal birth patient employee
    contact person applicant candidate holder cardholder beneficiary
    insured member student guardian parent spouse father mother tenant borrower witness
    physician doctor f l"""
)
WEAK_PREFIXES = {""} | words(
    "your my his her their the display author sender owner recipient signer real preferred"
    " manager agent nick user customer client"
)
SIGNOFF_LEADS = {""} | words(
    "kind|kindest|warm|warmest|best|with|with kind|with best|many|all the|very best|yours"
    "|with warm|thank you and|and",
    "|",
)
# Honorifics before a name (English, French, German, Italian, Spanish, Dutch).
TITLES = (
    r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Sir|Dame|Mme|Mlle|Herr|Frau|Dott|Sig|Sr|Sra"
    r"|Srta|Dhr|Mevr)(?:\.ssa|\.ra)?\.?"
)
_TITLE = re.compile(TITLES + r"[ \t]+")
_VALUE_TOKEN = re.compile(r"[^\s,;<>\"']*")
_TITLE_WORDS = frozenset(re.findall(r"[A-Z][a-z]*", TITLES))
_DOTTED_ONLY = frozenset({"Sig", "Sr", "Sra", "Srta", "Dhr", "Mevr", "Dott"})
# Titles that are also words ("Don't Miss Out", "Sr. Data Scientist"): known names only.
_NEEDS_KNOWN = frozenset({"Miss", "Sr", "Sra", "Srta", "Sig"})
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_STREET_BEFORE = re.compile(r"\d[\w\-]*(?: [A-Z][a-z]+\.?){1,3} $")
_OPENERS = frozenset("\"'“‘«(>")
_FIELD_END = frozenset(",;.!?)]}|\"'<>\r\n\t")


def score_of(span: NameSpan, strength: int, text: str) -> float | None:
    """The score of a name found after a cue of `strength`, or None to drop it."""
    if strength == STRONG:
        score = 0.9 if span.known else 0.75
    elif strength == MEDIUM:
        score = 0.9 if span.known else 0.6
    elif span.pair:
        score = 0.9
    elif span.given_first:
        score = 0.8 if " " in text[span.start : span.end] else 0.6
    else:
        return None
    if text[span.start].islower():
        if strength == WEAK and not span.pair:
            return None
        score = min(score, 0.85)
    return score


def name_after(
    text: str, pos: int, lex: Lexicon, *, structured: bool = False, title_ok: bool = True
) -> NameSpan | None:
    """The name starting at `pos` (after blanks and an optional title)."""
    n = len(text)
    stop = min(n, pos + 4)
    while pos < stop and text[pos] in " \t":
        pos += 1
    if pos >= n:
        return None
    if title_ok and text[pos] in "MDPSHF":  # the first letters of TITLES
        m = _TITLE.match(text, pos, pos + 16)
        if m is not None:
            pos = m.end()
    if pos >= n or not (text[pos].isalpha() and (structured or not text[pos].islower())):
        return None
    first = WORD.match(text, pos, pos + 40)
    if first is None or fold(first.group()) in lex.not_names:
        return None  # cheap exit: "Dear Sir", "Name: Unknown", "Dear Dear Dear ..."
    tokens = read_run(text, pos, max_tokens=6, lower=structured)
    if not tokens or tokens[0].start != pos:
        return None
    return cue_name(tokens, lex, lower_ok=structured, upper_ok=structured)


def _ends_field(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in _FIELD_END or text[end] == " "


def _ends_line(text: str, end: int) -> bool:
    """The name closes its line (or is followed by a title: "Jane Doe, CEO")."""
    rest = text[end : end + 3]
    return not rest or rest[0] in ",\r\n|(" or rest.startswith((" -", " |", " (", " –"))


def value_name(text: str, pos: int, strength: int, lex: Lexicon) -> Found | None:
    """A name that is the value after `:` or `=`, quoted or not."""
    n = len(text)
    # "x = y" with blanks is an assignment in code: an unquoted value must end the line.
    assignment = text[pos - 1] == "=" and text[pos - 2 : pos - 1] in (" ", "\t")
    stop = min(n, pos + 4)
    while pos < stop and text[pos] in " \t>":
        pos += 1
    if pos >= n:
        return None
    quote = text[pos]
    if strength == WEAK and _no_hope(text, pos + (quote in "\"'"), lex):
        return None
    if quote in "\"'":
        close = text.find(quote, pos + 1, pos + 120)
        if close < 0:
            return None
        span = name_after(text, pos + 1, lex, structured=True)
        if span is None or text[span.end : close].strip():
            return None
        after = close + 1
    else:
        span = name_after(text, pos, lex, structured=True)
        if span is None or not _ends_field(text, span.end):
            return None
        if assignment and text[span.end : span.end + 2].strip(" \t") not in ("", "\r", ";"):
            return None
        after = span.end
    if strength == WEAK and _email_follows(text, after):
        strength = STRONG  # a display name: "From: Jane Doe <jane@example.com>"
    return scored(span, strength, text)


def _no_hope(text: str, pos: int, lex: Lexicon) -> bool:
    """After a weak label, a name needs a known given name first (after a title) or an
    e-mail address after it: rule the rest out before reading the value word by word
    ("agent: Chrome/1.2", "client = OpenAI(", "To: ops@example.com")."""
    first = WORD.match(text, pos, pos + 40)
    token = _VALUE_TOKEN.match(text, pos, pos + 100)
    if first is None or token is None or "@" in token.group():
        return True  # no word, or an e-mail address
    word = first.group()
    if word in _TITLE_WORDS or lex.is_given(fold(word)):
        return False
    angle = text.find("<", first.end(), first.end() + 80)
    return angle < 0 or "@" not in text[angle : angle + 80]


def _email_follows(text: str, pos: int) -> bool:
    tail = text[pos : pos + 80]
    return tail.lstrip().startswith("<") and "@" in tail.split(">", 1)[0]


def scored(span: NameSpan | None, strength: int, text: str) -> Found | None:
    if span is None:
        return None
    score = score_of(span, strength, text)
    return None if score is None else Found(span.start, span.end, score)


def label(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`Patient: Jane Doe`, `"customer": "Jane Doe"`, `From: Jane Doe <jane@...>`."""
    word = " ".join(text[hit.start : hit.end].lower().rstrip(":= \t\"'").split())
    strength = STRONG if word in STRONG_LABELS else MEDIUM if word in MEDIUM_LABELS else WEAK
    return value_name(text, hit.end, strength, lex)


def key_strength(prefix: str) -> int | None:
    """How surely a `<prefix>name` key holds a person's name (None: it does not)."""
    prefix = prefix.lower()
    if prefix in STRONG_PREFIXES:
        return STRONG
    if prefix in WEAK_PREFIXES:
        return WEAK
    return None


def _key_prefix(text: str, end: int) -> str:
    """The word before `end` and one optional separator: "first" of "first_name"."""
    low = max(0, end - 24)
    pos = end
    if pos > low and text[pos - 1] in " _.-":
        pos -= 1
    stop = pos
    while pos > low and text[pos - 1] in _ASCII_LETTERS:
        pos -= 1
    return text[pos:stop]


def name_key(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`first_name: Maria`, `"lastName": "Garcia"`, `Full Name: ...`, `<surname>...<`."""
    prefix = _key_prefix(text, hit.start)
    strength = key_strength(prefix)
    if strength is None:
        return None
    if not prefix and text[hit.start] == "N":
        strength = MEDIUM  # a form label "Name:", not a config key "name:"
    if text[hit.start + 4] != ">":
        return value_name(text, hit.end, strength, lex)
    span = name_after(text, hit.end, lex, structured=True, title_ok=False)
    if span is None or not text.startswith("</", span.end):
        return None
    return scored(span, strength, text)


def dear(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`Dear Maria,` (a name closing the salutation) or `Dear Maria and ...`."""
    span = name_after(text, hit.end, lex)
    if span is None:
        return None
    closed = span.end >= len(text) or text[span.end] in ",!:;\r\n"
    return scored(span, STRONG if closed else WEAK, text)


def greeting(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`Hi Maria,`, `Hello Dr. Smith!`, `Thanks John for ...`.

    A greeting is weaker than a salutation ("Hello, World!", "Hello, Cargo!"): a given
    name counts; another word only as the addressee of a message, followed by a comma
    ("Hi Mark,"), and an unknown one only at the start of a line.
    """
    pos = hit.end
    if pos < len(text) and text[pos] == ",":
        pos += 1
    span = name_after(text, pos, lex)
    if span is None:
        return None
    end = span.end
    if span.given_first:
        closed = end >= len(text) or text[end] in ",!:;.\r\n"
        return scored(span, MEDIUM if closed else WEAK, text)
    if not text.startswith(",", end):
        return None
    if span.known:
        return scored(span, MEDIUM, text)
    line_start = text.rfind("\n", max(0, hit.start - 8), hit.start) + 1
    opens_line = not text[line_start : hit.start].strip() and (line_start > 0 or hit.start < 8)
    quoted = hit.start > 0 and text[hit.start - 1] in _OPENERS  # a quoted message: "Hi Ana, ..."
    return scored(span, MEDIUM, text) if opens_line or quoted else None


# Nouns for a person's role, then the name without a colon: "the customer Ana Ruiz asked",
# "Patient Ana Ruiz, NHS number ...", "policy holder Ana Ruiz, DOB ...".
# Capitalized, "Customer Support" and "Contact Us" are headings, and a sentence opening
# with "Customer Ana Ruiz" is read by the pair rules: only lower case counts for those.
ROLES = (
    r"\b(?:[Pp]atient|customer|client|[Ee]mployee|[Tt]axpayer|[Tt]enant|[Aa]pplicant"
    r"|[Cc]andidate|[Bb]eneficiary|[Pp]olicy ?holder|[Aa]ccount ?holder|[Cc]ard ?holder"
    r"|[Ii]nsured|colleague|contact)[ \t]+(?:[A-Z]|\?)"
)


def role(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`customer Ana Ruiz`: a known name, or an unknown one of two words or more."""
    span = name_after(text, hit.end - 1, lex)
    if span is None:
        return None
    if not span.known and " " not in text[span.start : span.end]:
        return None  # "Customer Support", "contact Globex": one unknown word says little
    return scored(span, MEDIUM, text)


def title(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`Mr. Smith`, `Dr Jane Doe`; not a street ("12 Oak Dr. Suite 4")."""
    word = text[hit.start : hit.end].strip()
    if word.rstrip(".") in _DOTTED_ONLY and not word.endswith("."):
        return None  # "Sr" and "Sig" are titles only when abbreviated with a dot
    word = word.split(".", 1)[0]
    if word == "Dr" and _STREET_BEFORE.search(text, max(0, hit.start - 40), hit.start):
        return None
    span = name_after(text, hit.end, lex)
    if span is None:
        return None
    if word in _NEEDS_KNOWN and not span.known:
        return None
    return scored(span, STRONG, text)


def signature(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """A name alone on the line after a sign-off line ("Regards,")."""
    line_start = text.rfind("\n", max(0, hit.start - 40), hit.start) + 1
    if line_start == 0 and hit.start > 40:
        return None
    lead = " ".join(text[line_start : hit.start].lower().replace(",", " ").split())
    if lead not in SIGNOFF_LEADS:
        return None
    return _signed_line(text, hit.end, STRONG, lex)


def dash_signature(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """A name after the `-- ` signature separator."""
    return _signed_line(text, hit.end, WEAK, lex)


def _signed_line(text: str, pos: int, strength: int, lex: Lexicon) -> Found | None:
    if text.startswith("\r\n", pos):
        pos += 2
    elif text.startswith("\n", pos):
        pos += 1
    span = name_after(text, pos, lex)
    if span is None or not _ends_line(text, span.end):
        return None
    return scored(span, strength, text)


def my_name(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`my name is Maria Garcia` (lower case only for known names)."""
    return scored(name_after(text, hit.end, lex, structured=True), STRONG, text)


def introduction(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`I'm Maria`, `this is John Smith`: only names from the lexicon."""
    return scored(name_after(text, hit.end, lex, title_ok=False), WEAK, text)


_WORD_STARTS = re.compile(r"(?:^|(?<=\s))\S")


def wrote(text: str, hit: Hit, lex: Lexicon) -> Found | None:
    """`John Smith wrote:` and `On <date>, John Smith <john@...> wrote:`."""
    end = hit.start
    line_start = text.rfind("\n", max(0, end - 200), end) + 1
    if line_start == 0 and end > 200:
        line_start = end - 200
    tail = text[line_start:end].rstrip()
    for opener, closer in (("<", ">"), ("(", ")"), ("[", "]")):
        if tail.endswith(closer) and opener in tail:
            tail = tail[: tail.rfind(opener)].rstrip()
            break
    tail = tail.rstrip(" \"',")
    name_end = line_start + len(tail)
    starts = [m.start() for m in _WORD_STARTS.finditer(tail)][-4:]
    for start in starts:
        span = name_after(text, line_start + start, lex, title_ok=False)
        if span is not None and span.end == name_end and span.start == line_start + start:
            return scored(span, STRONG, text)
    return None
