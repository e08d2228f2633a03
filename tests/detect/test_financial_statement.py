"""FINANCIAL_STATEMENT: a document-level score for financial statements and results."""

from __future__ import annotations

import random

import pytest

from airlock.detect import DetectConfig, Engine, Finding


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=["FINANCIAL_STATEMENT"], matcher=request.param))


def statements(engine: Engine, text: str) -> list[Finding]:
    return [f for f in engine.scan(text) if f.entity == "FINANCIAL_STATEMENT"]


def only(engine: Engine, text: str) -> Finding:
    found = statements(engine, text)
    assert len(found) == 1, found
    return found[0]


def detail(finding: Finding) -> dict[str, str]:
    return dict(item.split("=") for item in (finding.detail or "").split())


MARKDOWN_STATEMENT = """Q3 FY24 results (USD millions)

| Line item          | Q3 FY24  | Q3 FY23  | YoY   |
|--------------------|----------|----------|-------|
| Revenue            | $1,204.5 | $1,050.2 | 14.7% |
| Cost of revenue    | (482.1)  | (441.0)  | 9.3%  |
| Gross profit       | 722.4    | 609.2    | 18.6% |
| Operating expenses | (401.3)  | (380.9)  | 5.4%  |
| Operating income   | 321.1    | 228.3    | 40.6% |
| Net income         | 250.7    | 170.2    | 47.3% |
| EPS (diluted)      | $1.12    | $0.77    | 45.5% |
"""
CSV_STATEMENT = """period,revenue,cogs,gross_margin,opex,ebitda,net_income
2023-Q1,10200.5,4100.2,6100.3,3000.1,3400.9,2100.4
2023-Q2,11050.0,4380.7,6669.3,3120.8,3790.2,2350.1
2023-Q3,11800.2,4610.9,7189.3,3305.5,4101.7,2602.8
2023-Q4,12950.8,5020.3,7930.5,3480.2,4690.4,3010.6
"""
EARNINGS_PROSE = (
    "Q3 revenue was $4.2 billion, up 12% YoY. Net income rose to $800 million and "
    "the EBITDA margin reached 31%. We raise full-year guidance to $17 billion."
)
NOT_STATEMENTS = {
    "prose": (
        "Our revenue model is simple: customers pay a monthly fee. The team met on "
        "12 March 2024 with 14 people to plan the next 6 months."
    ),
    "recipe": (
        "Pancakes\n2 cups flour\n1 tsp salt\n3 eggs\n1.5 cups milk\n"
        "Bake at 350 degrees for 25 minutes, then 10 more.\nServes 4 to 6 people.\n"
    ),
    "textbook": (
        "EBITDA is net income plus interest, taxes, depreciation and amortization. "
        "The cash flow statement and the balance sheet complement the income statement."
    ),
    "ml-code": (
        "opt = Adam(lr=0.001, eps=1e-8)\nloss = MarginRankingLoss(margin=0.5)\n"
        "w = [0.1, 0.2, 0.3, 0.4]\nb = [1, 2, 3, 4]\nassets = load('assets/x.bin')\n"
        "grid = [[1, 2], [3, 4], [5, 6]]\nshape = (64, 128)\nmean = (0.485, 0.456, 0.406)\n"
    ),
    "game-score-by-quarter": (
        "| Team | Q1 | Q2 | Q3 | Q4 | Total |\n|---|---|---|---|---|---|\n"
        "| Hawks | 24 | 31 | 22 | 28 | 105 |\n| Bulls | 27 | 25 | 30 | 21 | 103 |\n"
        "FY25 season: 2 wins, 1 loss\n"
    ),
    "sensor-csv": "t,temp,humidity\n1,20.5,40.1\n2,20.7,40.3\n3,20.9,40.2\n4,21.0,40.0\n",
}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(MARKDOWN_STATEMENT, id="markdown-table"),
        pytest.param(CSV_STATEMENT, id="csv"),
        pytest.param(EARNINGS_PROSE, id="earnings-prose"),
    ],
)
def test_financial_results_score_at_least_one_half(engine: Engine, text: str) -> None:
    f = only(engine, "Notes follow.\n" + text)
    assert f.scope == "document"
    assert (f.start, f.end) == (0, len(text) + 14)
    assert 0.5 <= f.score <= 1.0
    assert set(detail(f)) == {"terms", "numeric_rows", "amounts"}


def test_statement_table_scores_higher_than_prose(engine: Engine) -> None:
    table = only(engine, MARKDOWN_STATEMENT)
    prose = only(engine, EARNINGS_PROSE)
    assert table.score > prose.score
    assert int(detail(table)["numeric_rows"]) >= 7
    assert int(detail(prose)["numeric_rows"]) == 0


def test_statement_inside_a_long_text_is_found(engine: Engine) -> None:
    filler = "The meeting notes cover hiring, travel and the office move.\n" * 1500
    text = filler + MARKDOWN_STATEMENT + filler
    f = only(engine, text)
    assert (f.start, f.end) == (0, len(text))


def test_terms_scattered_over_a_long_text_are_not_a_statement(engine: Engine) -> None:
    filler = "sprint 14: 3 12 4 2\n" * 500  # table-like rows, 10 kB between terms
    terms = ["revenue", "net income", "EBITDA", "gross margin", "cash flow", "balance sheet"]
    text = filler.join(f"Topic: {term}.\n" for term in terms) + filler
    assert statements(engine, text) == []


@pytest.mark.parametrize("text", list(NOT_STATEMENTS.values()), ids=list(NOT_STATEMENTS))
def test_ordinary_text_is_not_a_financial_statement(engine: Engine, text: str) -> None:
    assert statements(engine, text) == []


def test_many_term_hits_complete_without_a_finding(engine: Engine) -> None:
    assert statements(engine, "revenue 1 2 3\n" * 20_000) == []


# --- bank statements, line-item statements, and business prose --------------------------

_RNG = random.Random(7)


def money(symbol: str = "$") -> str:
    return f"{symbol}{_RNG.randint(100, 2_000_000) / 100:,.2f}"


def amount() -> str:
    return f"{_RNG.randint(1_000, 9_999_999):,}"


ACCOUNT_STATEMENT = (
    "ACCOUNT STATEMENT\nAccount holder: Jane Roe\nStatement period: 2025-03-01 - 2025-03-31\n"
    f"Opening balance: {money('€')}\n\n"
    "Date        Description              Debit       Credit      Balance\n"
    f"2025-03-02  Salary                               {money('€')}   {money('€')}\n"
    f"2025-03-05  Card payment             {money('€')}               {money('€')}\n"
    f"2025-03-09  Direct debit rent        {money('€')}               {money('€')}\n"
    f"Closing balance: {money('€')}\n"
)
CHECKING_STATEMENT = (
    "Monthly statement, checking account ending 4821\n"
    f"Beginning balance                    {money()}\n"
    f"03/02  Payroll deposit      {money('')}              {money('')}\n"
    f"03/05  Grocery store                   {money('')}   {money('')}\n"
    f"03/09  Rent                            {money('')}   {money('')}\n"
    f"Ending balance                       {money()}\n"
)
CASH_FLOWS = (
    "Statement of Cash Flows (Acme, FY2024)\n"
    f"Net income {amount()}\nDepreciation and amortization {amount()}\n"
    f"Changes in working capital ({amount()})\n"
    f"Net cash provided by operating activities {amount()}\n"
    f"Capital expenditures ({amount()})\nDividends paid ({amount()})\n"
    f"Cash at end of period {amount()}\n"
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ACCOUNT_STATEMENT, id="account-statement"),
        pytest.param(CHECKING_STATEMENT, id="checking-statement"),
        pytest.param(CASH_FLOWS, id="cash-flows-one-amount-a-line"),
    ],
)
def test_bank_and_cash_flow_statements_are_financial_statements(engine: Engine, text: str) -> None:
    f = only(engine, "Can you check this for me?\n\n" + text)
    assert f.score >= 0.5
    assert int(detail(f)["numeric_rows"]) >= 5


QBR = (
    "Quarterly business review: revenue grew 15% year over year, churn fell, and the sales "
    "team closed 42 new accounts. Hiring stays flat until the budget is approved."
)
INVOICE = (
    f"INVOICE 2025-0042\nItem                 Qty   Price\nConsulting hours      85   "
    f"{money('£')}\nLicence renewal       1    {money('€')}\nSubtotal {money()}\n"
    f"VAT 20% {money()}\nTotal due {money()}\n"
)
PROSE_NEIGHBOURS = [
    "Latency improved from 340 ms to 120 ms at p99 after the cache change; error rate "
    "is below 0.1% and throughput rose to 4800 requests per second.",
    f"Please wire {money()} to Contoso Retail by Friday, reference 2024-118.",
    "Background check for Sam Roe: born on 1980-02-03, current address 12 Elm St, Springfield.",
    f"The contract runs until 2026; the annual fee of {money('€')} is invoiced quarterly.",
    f"Budget planning: we have {money('£')} for Q1 tooling and spend {money('£')} on "
    "observability. The old cluster retires next quarter.",
    INVOICE,
]


@pytest.mark.parametrize("neighbour", PROSE_NEIGHBOURS)
@pytest.mark.parametrize("qbr_first", [True, False], ids=["qbr-first", "qbr-last"])
def test_business_prose_next_to_prices_is_not_a_financial_statement(
    engine: Engine, neighbour: str, qbr_first: bool
) -> None:
    blocks = [QBR, neighbour] if qbr_first else [neighbour, QBR]
    assert statements(engine, "\n\n".join(blocks)) == []


def test_business_prose_among_many_priced_paragraphs_is_not_a_financial_statement(
    engine: Engine,
) -> None:
    text = "\n\n".join([PROSE_NEIGHBOURS[3], QBR, *PROSE_NEIGHBOURS])
    assert statements(engine, text) == []


def test_prose_full_of_identifiers_and_dates_has_no_table_rows(engine: Engine) -> None:
    # Versions, build ids, order numbers and dates are numbers in prose, not table cells.
    prose = (
        "Release 7.4.2.17 shipped on 28 October 2025 with build d327cc4; 68389 tickets were "
        "closed, including order 691-9018281-9222577 and invoice INV-2025-766368."
    )
    text = f"Revenue and net income are covered in the appendix.\n{prose}\n{prose}\n"
    assert statements(engine, text) == []
