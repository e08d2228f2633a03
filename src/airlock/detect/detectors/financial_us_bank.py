"""US bank identifiers: ABA routing numbers and bank account numbers.

8-17 digits are everywhere (order ids, timestamps, phone numbers), so a number is an
account number only when a label names it: "account number", "acct #", "checking" in
the words before it, or the bare word "account" right before it with a banking cue near
("about account 12345678 (routing ...)"). An account label right before a number also
outranks the card and routing shapes (`account_label_score`): a 15-digit account number
passes Luhn one time in ten, and a 9-digit one the ABA checksum as often.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.financial_common import (
    before_text,
    clip_after,
    clip_before,
    cue_pattern,
    cue_text,
    glued_number,
    last_cue,
    near,
    same_digit,
)
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

ABA_ROUTING_NUMBER = EntitySpec(
    "ABA_ROUTING_NUMBER",
    "financial",
    Severity.MEDIUM,
    "US ABA routing transit number (checksum and prefix), near a routing cue",
    presidio=True,
)
US_BANK_NUMBER = EntitySpec(
    "US_BANK_NUMBER",
    "financial",
    Severity.HIGH,
    "US bank account number (8-17 digits) after an account cue",
    presidio=True,
)

_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)
_ROUTING_CUES = cue_pattern("routing", "aba", "rtn", "transit", "wire", "ach")
_ROUTING_LABELS = cue_pattern("routing", "aba", "rtn", "transit")


def aba_ok(digits: str) -> bool:
    """True for a 9-digit routing number with a Federal Reserve prefix and a valid checksum."""
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    total = sum(w * (ord(c) - 48) for w, c in zip(_ABA_WEIGHTS, digits, strict=True))
    return total % 10 == 0 and not same_digit(digits)


# An account label ending right before the value: "bank account no.: ", "acct # ",
# "account is ". The word before "account" says which kind of account it is.
_LABEL = re.compile(
    r"(?:\b([a-z][a-z'&-]*) +)?\b(account|acct|a/c)"
    r"( *(?:numbers?|num|nbr|no|nr)\b\.?| *#)?"
    r"(?: +(?:is|was))?[\s:#=.,'\"(\[-]*$"
)
# Accounts that are not bank accounts, or that are a card's ("card account number").
_NOT_BANK = frozenset(
    """
    aws amazon azure gcp google microsoft apple icloud cloud service user admin root
    email e-mail mail login github gitlab twitter facebook instagram linkedin steam game
    gaming test demo sandbox developer storage card credit loyalty rewards member
    """.split()  # noqa: SIM905 - a compact table
)
_BANK_WORDS = frozenset(("bank", "checking", "chequing", "savings", "deposit", "current"))
# What makes a bare "account" a bank one.
_BANKING = cue_pattern(
    "routing",
    "aba",
    "rtn",
    "bank",
    "wire",
    "ach",
    "iban",
    "swift",
    "sort code",
    "checking",
    "chequing",
    "savings",
    "deposit",
    "transfer",
    "beneficiary",
    "direct debit",
    "overdraft",
)
EXPLICIT_LABEL = 0.85
BARE_LABEL = 0.8
CLAIMED = 0.5  # a label scoring at least this takes the number from the card/ABA shapes


def account_label_score(
    doc: Document, start: int, end: int, window: str | None = None
) -> float | None:
    """The score an account label right before `start` gives the number; None without one.

    0.0 means the label names another kind of account ("AWS account", "card account").
    `window` is `before_text(doc, start)` when the caller has it already.
    """
    if window is None:
        window = before_text(doc, start)
    if "ac" not in window and "a/c" not in window:  # cheap: most numbers have no label
        return None
    m = _LABEL.search(window)
    if m is None:
        return None
    qualifier, label, suffix = m.groups()
    if qualifier in _NOT_BANK:
        return 0.0
    if suffix or label != "account" or qualifier in _BANK_WORDS:
        return EXPLICIT_LABEL
    return BARE_LABEL if near(doc, start, end, _BANKING) else 0.4


class AbaDetector(Detector):
    name = "financial.aba"
    entities = (ABA_ROUTING_NUMBER,)

    def triggers(self) -> Sequence[Trigger]:
        # Written 021000021 or 0210-0002-1.
        return (Trigger("aba", r"\b[0-9]{4}-?[0-9]{4}-?[0-9]"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            value = text[hit.start : hit.end]
            if value.count("-") == 1 or glued_number(text, hit.start, hit.end, ".-/"):
                continue
            if not aba_ok(value.replace("-", "")):
                continue
            if not _cue_near(doc, hit.start, hit.end):
                continue
            # A number labelled as an account is one, even with a valid checksum; kept
            # under the account's score so it still counts when that entity is off.
            label = account_label_score(doc, hit.start, hit.end)
            score = 0.7 if label is not None and label >= CLAIMED else 0.9
            yield Finding(hit.start, hit.end, ABA_ROUTING_NUMBER.id, "financial", score, self.name)


def _cue_near(doc: Document, start: int, end: int) -> bool:
    """A routing cue before the number, or after it on the same line.

    A cue on a later line belongs to what follows ("Subject: 123456789" then "Wire
    instructions..."), not to this number.
    """
    after = clip_after(doc.text, end, 48)
    line_end = after.find("\n")
    window = clip_before(doc.text, start, 48) + " " + (after[:line_end] if line_end >= 0 else after)
    return _ROUTING_CUES.search(cue_text(window)) is not None


_BANK_DIGITS = re.compile(r"[0-9]{8,17}")
# Every account label and cue holds one of these (plain substrings, case folded).
_CUE_STEMS = ("acc", "a/c", "checking", "savings")


class BankAccountDetector(Detector):
    """8-17 digits are everywhere, so only an explicit account cue just before counts."""

    name = "financial.bank_account"
    entities = (US_BANK_NUMBER,)
    _cues = cue_pattern(
        "account number",
        "account no",
        "account num",
        "account #",
        "acct",
        "a/c",
        "bank account",
        "checking",
        "savings",
        "deposit account",
    )

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("acct", r"\b[0-9]{8}"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            m = _BANK_DIGITS.match(text, hit.start, hit.start + 18)
            if m is None:
                continue
            start, end = m.span()
            digits = m.group()
            if glued_number(text, start, end, ".-/") or same_digit(digits):
                continue
            raw = text[max(0, start - 40) : start].lower()
            if not any(word in raw for word in _CUE_STEMS):
                continue  # cheap: most long numbers have no account word before them
            window = before_text(doc, start)
            score = account_label_score(doc, start, end, window)
            if score is None:
                score = self._cue_before(window, digits)
            if score:
                yield Finding(start, end, US_BANK_NUMBER.id, "financial", score, self.name)

    def _cue_before(self, window: str, digits: str) -> float:
        """0.8 for an account cue in the words before (a table header, "account number of").

        A routing-shaped number whose closest cue is a routing one is the routing number.
        """
        account = last_cue(window, self._cues)
        if account < 0:
            return 0.0
        if len(digits) == 9 and last_cue(window, _ROUTING_LABELS) > account and aba_ok(digits):
            return 0.0
        return 0.8
