"""Payment card numbers: Luhn checksum plus issuer ranges and lengths.

The trigger finds a group of 4 digits and 8 more, with optional single spaces or dashes
between them; Python then takes the whole *run* of digit groups around it and looks for
a card inside it, on group boundaries only. A run glued to a word ("a456-4266...", a 25-digit run) is never a
card. A card must use one separator consistently, and a run may be split only at spaces:
"1234 4111 1111 1111 1111" holds a card, while "2024-4111111111111111" is one identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.financial_common import cue_pattern, glued_number, near
from airlock.detect.detectors.financial_us_bank import CLAIMED, account_label_score
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

CREDIT_CARD = EntitySpec(
    "CREDIT_CARD",
    "financial",
    Severity.CRITICAL,
    "Payment card number (PAN): Luhn checksum and a known issuer range and length",
    presidio=True,
)

_RUN = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_CUES = cue_pattern(
    "card",
    "visa",
    "mastercard",
    "master card",
    "amex",
    "american express",
    "maestro",
    "unionpay",
    "jcb",
    "diners",
    "cc",
    "ccn",
    "cvv",
    "cvc",
    "payment",
    "credit",
    "debit",
)
# Luhn doubles every second digit from the right and sums the digits of the product.
_DOUBLED = str.maketrans("0123456789", "0246813579")
_MAX_GROUPS = 6  # 4-4-4-4-3 is the longest common layout; 6 leaves room for odd ones

# Score by (ambiguous, cue near): a clean, common card shape is reported alone; an
# ambiguous one (rare length, edges a guess) only with a cue.
_SCORES = {(False, True): 1.0, (False, False): 0.9, (True, True): 0.85, (True, False): 0.4}


def luhn_ok(digits: str) -> bool:
    """True when an ASCII digit string passes the Luhn (mod 10) checksum."""
    kept = sum(map(int, digits[-1::-2]))
    doubled = sum(map(int, digits[-2::-2].translate(_DOUBLED)))
    return (kept + doubled) % 10 == 0


def card_issuer(digits: str) -> str | None:
    """The issuer whose prefix range and length admit `digits`, or None."""
    n = len(digits)
    if digits[0] == "4":
        return "visa" if n in (13, 16, 19) else None
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if n == 16 and (51 <= p2 <= 55 or 2221 <= p4 <= 2720):
        return "mastercard"
    if n == 15 and p2 in (34, 37):
        return "amex"
    if 16 <= n <= 19:
        if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925:
            return "discover"
        if 3528 <= p4 <= 3589:
            return "jcb"
        if p2 == 62:
            return "unionpay"
    if 14 <= n <= 19 and (300 <= p3 <= 305 or p2 in (36, 38, 39)):
        return "diners"
    if 12 <= n <= 19 and (p2 == 50 or 56 <= p2 <= 69):
        return "maestro"
    return None


def _rare_form(issuer: str, n: int) -> bool:
    # 13-digit Visa is no longer issued, and 12-15/17/18-digit "Maestro" covers every
    # number starting 50/56-69: AWS account ids, EAN-13 barcodes. They need a cue.
    return (issuer == "visa" and n == 13) or (issuer == "maestro" and n not in (16, 19))


def _run_start(text: str, pos: int) -> int:
    """The start of the run of digit groups that `pos` is in (a hit may start mid-run)."""
    while pos >= 2 and text[pos - 1] in " -" and "0" <= text[pos - 2] <= "9":
        pos -= 2
        while pos > 0 and "0" <= text[pos - 1] <= "9":
            pos -= 1
    return pos


def _one_number(groups: list[tuple[int, int]]) -> bool:
    """True when a run is written as one card-length number in equal groups (4-4-4-4)."""
    if len(groups) < 2:
        return False
    size = groups[0][1] - groups[0][0]
    total = size * len(groups)
    return 12 <= total <= 19 and all(b - a == size for a, b in groups)


def _hopeless(text: str, start: int, end: int) -> bool:
    """A fast no for the common compact run (ids, timestamps): no issuer starts 0, 1, 7-9."""
    if text.find(" ", start, end) >= 0 or text.find("-", start, end) >= 0:
        return False
    return not 12 <= end - start <= 19 or text[start] not in "23456"


class CardDetector(Detector):
    name = "financial.card"
    entities = (CREDIT_CARD,)

    def triggers(self) -> Sequence[Trigger]:
        # A card's first group has 4+ digits; the word boundary keeps a long digit run to
        # one raw match instead of one per offset.
        return (Trigger("card", r"\b[0-9]{4}(?:[ -]?[0-9]){8}"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        covered = 0
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.start < covered:
                continue  # inside a run already examined
            start = _run_start(text, hit.start)
            run = _RUN.match(text, start)
            if run is None:
                continue
            covered = run.end()
            if glued_number(text, start, covered) or _hopeless(text, start, covered):
                continue
            yield from self._cards_in_run(doc, start, covered)

    def _cards_in_run(self, doc: Document, start: int, end: int) -> Iterable[Finding]:
        text = doc.text
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(text, start, end)]
        if _one_number(groups):
            # "4486 1234 5678 9012" failing Luhn is a mistyped or fake card: a 12-digit
            # "Maestro" cut out of it is no card either.
            found = self._longest_card_at(doc, groups, 0)
            if found is not None and found[1] == len(groups) - 1:
                yield found[0]
            return
        i = 0
        while i < len(groups):
            # A card starts the run or follows a space: a dash joins one identifier.
            if i == 0 or text[groups[i][0] - 1] == " ":
                found = self._longest_card_at(doc, groups, i)
                if found is not None:
                    finding, last = found
                    yield finding
                    i = last + 1
                    continue
            i += 1

    def _longest_card_at(
        self, doc: Document, groups: list[tuple[int, int]], i: int
    ) -> tuple[Finding, int] | None:
        text = doc.text
        n = len(groups)
        best: tuple[int, str, str] | None = None  # last group, digits, issuer
        digits = ""
        sep = ""
        for j in range(i, min(n, i + _MAX_GROUPS)):
            a, b = groups[j]
            if j > i:
                # Separated layouts: first group 4-6 digits, middle 3-6, last 1-6.
                first, prev = groups[i], groups[j - 1]
                if not 4 <= first[1] - first[0] <= 6 or b - a > 6:
                    break
                if j - 1 > i and not 3 <= prev[1] - prev[0] <= 6:
                    break
                if sep and text[a - 1] != sep:
                    break
                sep = text[a - 1]
            digits += text[a:b]
            if len(digits) > 19:
                break
            if len(digits) < 12 or (j + 1 < n and text[b] != " "):
                continue
            issuer = card_issuer(digits)
            if issuer is not None and luhn_ok(digits):
                best = (j, digits, issuer)
        if best is None:
            return None
        j, digits, issuer = best
        start, end = groups[i][0], groups[j][1]
        weak = _rare_form(issuer, len(digits)) or (j > i and self._continued(text, groups, i, j))
        score = _SCORES[weak, near(doc, start, end, _CUES)]
        if i == j and len(digits) <= 17 and (account_label_score(doc, start, end) or 0) >= CLAIMED:
            # "account no. <15 digits>" passing Luhn by chance: the label says what it is.
            # Kept under the account's score, so it still counts if that entity is off.
            score = min(score, 0.75)
        finding = Finding(start, end, CREDIT_CARD.id, "financial", score, self.name, detail=issuer)
        return finding, j

    @staticmethod
    def _continued(text: str, groups: list[tuple[int, int]], i: int, j: int) -> bool:
        """True when the run goes on with groups of card size on the card's own separator.

        Then the card's edges are a guess ("4111 1111 1111 1111 4222 ..." could be a
        longer account number), so only a context cue confirms it.
        """
        sep = text[groups[i][1]]
        if i > 0 and sep == " " and groups[i - 1][1] - groups[i - 1][0] >= 3:
            return True
        return j + 1 < len(groups) and sep == " " and groups[j + 1][1] - groups[j + 1][0] >= 3
