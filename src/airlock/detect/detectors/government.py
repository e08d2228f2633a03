"""Government identifiers and dates of birth: US SSN/ITIN, UK NINO/NHS, Canadian SIN.

Numbers are found by shape, then validated by issuing rules or checksums. Shapes that
other numbers share (9 bare digits, the 3-3-4 NHS layout that US phone numbers also
have) are only reported next to a context word. A date of birth is a date next to a
birth cue: the cue is the trigger (cheap on date-heavy logs) and the date is the span.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.contact_phone import PHONE_CUE, cue_end
from airlock.detect.detectors.dates import dates_in
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

US_SSN = EntitySpec("US_SSN", "pii", Severity.HIGH, "US Social Security number", presidio=True)
US_ITIN = EntitySpec(
    "US_ITIN", "pii", Severity.HIGH, "US Individual Taxpayer Identification number", presidio=True
)
UK_NINO = EntitySpec("UK_NINO", "pii", Severity.HIGH, "UK National Insurance number", presidio=True)
UK_NHS = EntitySpec("UK_NHS", "pii", Severity.HIGH, "UK NHS number", presidio=True)
CA_SIN = EntitySpec("CA_SIN", "pii", Severity.HIGH, "Canadian Social Insurance number")
DATE_OF_BIRTH = EntitySpec("DATE_OF_BIRTH", "pii", Severity.MEDIUM, "A person's date of birth")

ENTITIES: list[EntitySpec] = [US_SSN, US_ITIN, UK_NINO, UK_NHS, CA_SIN, DATE_OF_BIRTH]

_BARE9 = r"\b[0-9]{9}\b"

_SSN_CUE = re.compile(r"\b(?:ssn|ssns|social security|soc\.? sec|ss ?#|ss no)")
_ITIN_CUE = re.compile(r"\b(?:itin|taxpayer id|tax id|tin\b)")
_SIN_CUE = re.compile(r"\b(?:sin\b|social insurance|canad|nas\b|assurance sociale)")
_NHS_CUE = re.compile(r"\b(?:nhs|patient|health|hospital|gp\b)")
# A country code or the UK trunk "(0)" just before: the digits are dialled, not an NHS id.
_DIAL_PREFIX = re.compile(r"(?:\+[1-9][0-9]{0,2}|\b00[1-9][0-9]{0,2}|\(0\))[ .-]?(?:\(0\)[ .-]?)?$")
_OTHER_CUE = re.compile(r"\b(?:account|acct|card|order|invoice|routing|tracking|serial)\b")
_NINO_CUE = re.compile(r"\b(?:nino|national insurance|ni number|ni no)")

# Numbers published in advertising or as examples, refused by the SSA.
_SSN_KNOWN_INVALID = frozenset({"078051120", "123456789", "219099999", "457555462"})
_ITIN_GROUPS = frozenset(
    list(range(50, 66)) + list(range(70, 89)) + list(range(90, 93)) + list(range(94, 100))
)


def _glued(text: str, start: int, end: int) -> bool:
    """True when the span is part of a longer token (an ID, a decimal, a path segment)."""
    if start > 0:
        c = text[start - 1]
        if c.isalnum() or c == "_" or (c in "-./" and start > 1 and text[start - 2].isalnum()):
            return True
    if end < len(text):
        c = text[end]
        if c.isalnum() or c == "_" or (c in "-./" and text[end + 1 : end + 2].isalnum()):
            return True
    return False


def _digits(value: str) -> str:
    return value.replace("-", "").replace(" ", "")


def _uniform(value: str) -> bool:
    return value.count(value[0]) == len(value)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _nhs_checksum(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and check % 11 == int(digits[9])


def _finding(detector: str, start: int, end: int, spec: EntitySpec, score: float) -> Finding:
    return Finding(start, end, spec.id, spec.category, score, detector)


class _NumberDetector(Detector):
    """Shared plumbing: hits in text order, one finding per span."""

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        last_end = -1
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.start < last_end:
                continue
            found = self.confirm(doc, hit)
            if found is not None:
                last_end = found.end
                yield found

    @abstractmethod
    def confirm(self, doc: Document, hit: Hit) -> Finding | None:
        """The finding for one candidate, or None when it does not validate."""

    def _finding(self, start: int, end: int, spec: EntitySpec, score: float) -> Finding:
        return _finding(self.name, start, end, spec, score)


class UsTaxIdDetector(_NumberDetector):
    """US SSN and ITIN (ITINs are the 9xx area that SSNs never use)."""

    name = "us_tax_id"
    entities = (US_SSN, US_ITIN)

    def triggers(self) -> Sequence[Trigger]:
        return (
            Trigger("dash", r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"),
            Trigger("space", r"\b[0-9]{3} [0-9]{2} [0-9]{4}\b"),
            Trigger("bare", _BARE9),
        )

    def confirm(self, doc: Document, hit: Hit) -> Finding | None:
        start, end = hit.start, hit.end
        text = doc.text
        digits = _digits(text[start:end])
        if _uniform(digits) or _glued(text, start, end):
            return None
        area, group, serial = digits[:3], int(digits[3:5]), digits[5:]
        if area[0] == "9":
            if group not in _ITIN_GROUPS:
                return None
            spec, cue = US_ITIN, _ITIN_CUE
        else:
            if area in ("000", "666") or group == 0 or serial == "0000":
                return None
            if digits in _SSN_KNOWN_INVALID:
                return None
            spec, cue = US_SSN, _SSN_CUE
        near = doc.near(start, end, cue)
        if hit.key == "bare":
            return self._finding(start, end, spec, 0.85) if near else None
        score = 0.95 if near else (0.85 if hit.key == "dash" else 0.6)
        return self._finding(start, end, spec, score)


class CaSinDetector(_NumberDetector):
    """Canadian SIN: Luhn-valid, never starting with 0 or 8; needs a context word."""

    name = "ca_sin"
    entities = (CA_SIN,)

    def triggers(self) -> Sequence[Trigger]:
        return (
            Trigger("grouped", r"\b[0-9]{3}[ -][0-9]{3}[ -][0-9]{3}\b"),
            Trigger("bare", _BARE9),
        )

    def confirm(self, doc: Document, hit: Hit) -> Finding | None:
        start, end = hit.start, hit.end
        raw = doc.text[start:end]
        digits = _digits(raw)
        if hit.key == "grouped" and raw[3] != raw[7]:
            return None
        if digits[0] in "08" or _uniform(digits) or not _luhn(digits):
            return None
        if _glued(doc.text, start, end) or not doc.near(start, end, _SIN_CUE):
            return None
        return self._finding(start, end, CA_SIN, 0.9)


class UkNhsDetector(_NumberDetector):
    """NHS number: 10 digits with the mod-11 check digit, next to a health context word."""

    name = "uk_nhs"
    entities = (UK_NHS,)

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("nhs", r"\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}\b"),)

    def confirm(self, doc: Document, hit: Hit) -> Finding | None:
        start, end = hit.start, hit.end
        raw = doc.text[start:end]
        digits = _digits(raw)
        if len(raw) == 12 and raw[3] != raw[7]:
            return None
        if len(raw) == 11 or _uniform(digits) or not _nhs_checksum(digits):
            return None  # 11 characters: one separator but not the other
        if _glued(doc.text, start, end) or not doc.near(start, end, _NHS_CUE):
            return None
        if _claimed(doc, start, end):
            return None
        return self._finding(start, end, UK_NHS, 0.95)


def _claimed(doc: Document, start: int, end: int) -> bool:
    """True when the digits are something else named nearer than the health cue: a phone
    (a dialling prefix or a phone cue: "The GP practice can be reached on 020 ...") or
    another number ("account number ..."); before the number, or else after it."""
    before = doc.before(start, 48)
    if _DIAL_PREFIX.search(before):
        return True
    other = max(cue_end(before), max((m.end() for m in _OTHER_CUE.finditer(before)), default=-1))
    health = max((m.end() for m in _NHS_CUE.finditer(before)), default=-1)
    if other >= 0 or health >= 0:
        return other > health
    after = doc.text[end : end + 48].lower()
    phone = next((m.start() for m in PHONE_CUE.finditer(after)), 99)
    health = next((m.start() for m in _NHS_CUE.finditer(after)), 99)
    return phone < health


_NINO_PREFIX_INVALID = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO_FULL = re.compile(
    r"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])( ?)([0-9]{2})\2([0-9]{2})\2([0-9]{2})( ?)([A-D])\Z"
)


class UkNinoDetector(_NumberDetector):
    """UK National Insurance number: prefix rules, six digits, suffix A-D."""

    name = "uk_nino"
    entities = (UK_NINO,)

    def triggers(self) -> Sequence[Trigger]:
        pattern = r"\b[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]\b"
        return (Trigger("nino", pattern),)

    def confirm(self, doc: Document, hit: Hit) -> Finding | None:
        start, end = hit.start, hit.end
        raw = doc.text[start:end]
        m = _NINO_FULL.match(raw.upper())
        if m is None or m.group(1) in _NINO_PREFIX_INVALID:
            return None
        if m.group(2) and not m.group(6):
            return None  # "AB 12 34 56C": a spaced number keeps its suffix apart too
        near = doc.near(start, end, _NINO_CUE)
        if not raw.isupper() and not near:
            return None  # lower-case look-alikes are common in identifiers
        spaced = bool(m.group(2) or m.group(6))
        score = 0.95 if near else (0.85 if spaced else 0.65)
        return self._finding(start, end, UK_NINO, score)


_DOB_CUES = (
    r"\b(?:dob\b|d\.o\.b\.?|date of birth|birth ?date|birthday|born\b|geboren|"
    r"geburtsdatum|geb\.|n\?e? le\b|date de naissance|fecha de nacimiento|"
    r"data di nascita|nacid[oa]\b|nat[oa] il\b)"
)


class DateOfBirthDetector(Detector):
    """A real date in a plausible birth range, next to a birth cue (the date is the span)."""

    name = "date_of_birth"
    entities = (DATE_OF_BIRTH,)
    reach: ClassVar[int] = 40  # how far from the cue the date may be

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("cue", _DOB_CUES, ignore_case=True),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        today = date.today()
        seen: set[int] = set()
        for hit in hits:
            span = self._date_near(doc.text, hit, today)
            if span is not None and span[0] not in seen:
                seen.add(span[0])
                yield _finding(self.name, span[0], span[1], DATE_OF_BIRTH, 0.9)

    def _date_near(self, text: str, hit: Hit, today: date) -> tuple[int, int] | None:
        # The date usually follows the cue ("DOB: ..."), within the same sentence.
        limit = hit.end + self.reach
        stop = text.find(". ", hit.end, limit)
        if stop > hit.end and text[stop - 1].isalpha():
            limit = stop
        after = next(dates_in(text, hit.end, limit, today=today), None)
        if after is not None:
            return after
        # Else the closest date just before it ("1990-01-31 (date of birth)").
        before = list(dates_in(text, hit.start - self.reach, hit.start, today=today))
        return before[-1] if before and before[-1][1] <= hit.start else None


def build(ctx: BuildContext) -> list[Detector]:
    return [
        UsTaxIdDetector(),
        CaSinDetector(),
        UkNhsDetector(),
        UkNinoDetector(),
        DateOfBirthDetector(),
    ]
