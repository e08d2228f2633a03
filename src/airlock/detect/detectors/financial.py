"""Financial detectors: payment cards, bank identifiers and financial statements.

Modules: `financial_cards` (CREDIT_CARD), `financial_banking` (IBAN_CODE, SWIFT_CODE),
`financial_us_bank` (ABA_ROUTING_NUMBER, US_BANK_NUMBER), `financial_statement`
(FINANCIAL_STATEMENT, a document-level signal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from airlock.detect.detector import Detector
from airlock.detect.detectors.financial_banking import (
    IBAN_CODE,
    SWIFT_CODE,
    IbanDetector,
    SwiftDetector,
)
from airlock.detect.detectors.financial_cards import CREDIT_CARD, CardDetector
from airlock.detect.detectors.financial_statement import FINANCIAL_STATEMENT, StatementDetector
from airlock.detect.detectors.financial_us_bank import (
    ABA_ROUTING_NUMBER,
    US_BANK_NUMBER,
    AbaDetector,
    BankAccountDetector,
)
from airlock.detect.entities import EntitySpec

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

ENTITIES: list[EntitySpec] = [
    CREDIT_CARD,
    IBAN_CODE,
    SWIFT_CODE,
    ABA_ROUTING_NUMBER,
    US_BANK_NUMBER,
    FINANCIAL_STATEMENT,
]


def build(ctx: BuildContext) -> list[Detector]:
    """The financial detectors; none depends on the configuration."""
    return [
        CardDetector(),
        IbanDetector(),
        SwiftDetector(),
        AbaDetector(),
        BankAccountDetector(),
        StatementDetector(),
    ]
