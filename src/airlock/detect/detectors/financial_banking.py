"""Bank identifiers: IBAN, SWIFT/BIC, ABA routing numbers and US bank account numbers."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.financial_common import (
    before,
    cue_pattern,
    digit_at,
    glued_number,
    near,
    same_digit,
    word_char,
)
from airlock.detect.detectors.financial_countries import IBAN_LENGTHS, ISO_COUNTRIES
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

IBAN_CODE = EntitySpec(
    "IBAN_CODE",
    "financial",
    Severity.HIGH,
    "International bank account number (mod-97 checksum and country length)",
    presidio=True,
)
SWIFT_CODE = EntitySpec(
    "SWIFT_CODE",
    "financial",
    Severity.LOW,
    "SWIFT/BIC bank identifier code, near a banking cue",
)
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

_LETTER_VALUES = str.maketrans({c: str(i) for i, c in enumerate(string.ascii_uppercase, 10)})


def iban_ok(iban: str) -> bool:
    """True when a compact upper-case IBAN has its country's length and a valid mod-97."""
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    if not (iban.isascii() and iban.isalnum()):
        return False
    return int((iban[4:] + iban[:4]).translate(_LETTER_VALUES)) % 97 == 1


def _alnum(part: str) -> bool:
    return part.isascii() and part.isalnum()


def _iban_at(text: str, start: int) -> tuple[int, str] | None:
    """End and compact value of an IBAN written compact or in groups of 4 at `start`."""
    length = IBAN_LENGTHS.get(text[start : start + 2].upper())
    if length is None:
        return None
    compact = text[start : start + length]
    if len(compact) == length and _alnum(compact):
        end = start + length
        return None if word_char(text, end) else (end, compact.upper())
    parts: list[str] = []
    pos, remaining = start, length
    while remaining > 0:
        take = min(4, remaining)
        part = text[pos : pos + take]
        if len(part) != take or not _alnum(part):
            return None
        parts.append(part)
        pos += take
        remaining -= take
        if remaining and text[pos : pos + 1] != " ":
            return None
        pos += 1 if remaining else 0
    # A character glued to the end, or one more digit group, means a longer number.
    if word_char(text, pos) or (text[pos : pos + 1] == " " and digit_at(text, pos + 1)):
        return None
    return pos, "".join(parts).upper()


class IbanDetector(Detector):
    name = "financial.iban"
    entities = (IBAN_CODE,)
    _cues = cue_pattern("iban", "bank", "account", "konto", "sepa", "transfer", "beneficiary")

    def triggers(self) -> Sequence[Trigger]:
        # The country is checked in Python: an 89-way alternation is slow in `re`.
        return (Trigger("iban", r"\b[A-Za-z]{2}[0-9]{2}"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            if word_char(text, hit.start - 1):
                continue
            found = _iban_at(text, hit.start)
            if found is None or not iban_ok(found[1]):
                continue
            end = found[0]
            score = 1.0 if near(doc, hit.start, end, self._cues) else 0.95
            yield Finding(
                hit.start, end, IBAN_CODE.id, "financial", score, self.name, detail=found[1][:2]
            )


class SwiftDetector(Detector):
    """BIC shapes are ordinary upper-case words too, so a banking cue is required.

    "swift"/"bic" confirm any shape; the looser "bank"/"wire"/"transfer" confirm only a
    code that does not look like a word (a digit in it, or the 11-character form).
    """

    name = "financial.swift"
    entities = (SWIFT_CODE,)
    _strong = cue_pattern("swift", "bic")
    _loose = cue_pattern("bank", "wire", "transfer", "beneficiary", "iban", "remittance")

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("bic", r"\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            start = hit.start
            if word_char(text, start - 1) or text[start + 4 : start + 6] not in ISO_COUNTRIES:
                continue
            branch = text[start + 8 : start + 11]
            if len(branch) == 3 and _upper_alnum(branch) and not word_char(text, start + 11):
                end = start + 11
            elif not word_char(text, start + 8):
                end = start + 8
            else:
                continue
            if near(doc, start, end, self._strong):
                score = 0.9
            elif near(doc, start, end, self._loose):
                wordlike = end - start == 8 and text[start:end].isalpha()
                score = 0.45 if wordlike else 0.85
            else:
                continue
            yield Finding(start, end, SWIFT_CODE.id, "financial", score, self.name)


def _upper_alnum(part: str) -> bool:
    return all("A" <= c <= "Z" or "0" <= c <= "9" for c in part)


_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def aba_ok(digits: str) -> bool:
    """True for a 9-digit routing number with a Federal Reserve prefix and a valid checksum."""
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    total = sum(w * (ord(c) - 48) for w, c in zip(_ABA_WEIGHTS, digits, strict=True))
    return total % 10 == 0 and not same_digit(digits)


class AbaDetector(Detector):
    name = "financial.aba"
    entities = (ABA_ROUTING_NUMBER,)
    _cues = cue_pattern("routing", "aba", "rtn", "transit", "wire", "ach")

    def triggers(self) -> Sequence[Trigger]:
        # Written 021000021 or 0210-0002-1.
        return (Trigger("aba", r"\b[0-9]{4}-?[0-9]{4}-?[0-9]"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        for hit in hits:
            value = text[hit.start : hit.end]
            if value.count("-") == 1 or glued_number(text, hit.start, hit.end, ".-/"):
                continue
            digits = value.replace("-", "")
            if aba_ok(digits) and near(doc, hit.start, hit.end, self._cues):
                yield Finding(
                    hit.start, hit.end, ABA_ROUTING_NUMBER.id, "financial", 0.9, self.name
                )


_BANK_DIGITS = re.compile(r"[0-9]{8,17}")


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
            if glued_number(text, start, end, ".-/"):
                continue
            if before(doc, start, self._cues) and not same_digit(m.group()):
                yield Finding(start, end, US_BANK_NUMBER.id, "financial", 0.8, self.name)
