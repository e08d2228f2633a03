"""International bank identifiers: IBAN and SWIFT/BIC (US ones are in `financial_us_bank`)."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.financial_common import (
    cue_pattern,
    cue_window,
    digit_at,
    near,
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
    # Whole words: "swiftly" is no cue ("swiftCode" is split into words before the search).
    _strong = cue_pattern("swift", "swiftcode", "bic", whole=True)
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
            window = cue_window(doc, start, end)
            if self._strong.search(window):
                score = 0.9
            elif self._loose.search(window):
                wordlike = end - start == 8 and text[start:end].isalpha()
                score = 0.45 if wordlike else 0.85
            else:
                continue
            yield Finding(start, end, SWIFT_CODE.id, "financial", score, self.name)


def _upper_alnum(part: str) -> bool:
    return all("A" <= c <= "Z" or "0" <= c <= "9" for c in part)
