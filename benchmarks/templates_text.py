"""Templates for natural-language documents: prose, chat prompts, e-mails, statements.

Syntax (see corpus.py): `{KEY}` a generated value, `{NAME#1}`/`{FIRST#1}`/`{LAST#1}` the
document's first person, `{?a|b}` a random choice, `{T_POOL}` an embedded template.
Filler pools hold no labeled entity but plenty of look-alikes.
"""

from __future__ import annotations

PROSE = [
    "Meeting notes ({DATE}): {NAME#1} presented the Q{?1|2|3|4} roadmap for the "
    "{?billing|search|onboarding} service. Action items went to {NAME#2} and {FIRST#3}; "
    "{FIRST#1} will send the deck to {EMAIL} before the review.",
    "Employee record update: {NAME#1} (employee ID E{INT}) moved to the "
    "{?Berlin|London|Austin|Lyon} office. Date of birth: {DOB}. SSN on file: {SSN}. "
    "Payroll must be updated before {DATE}.",
    "Patient {NAME#1}, NHS number {NHS}, was seen at the outpatient clinic on {DATE}. "
    "The GP practice can be reached on {PHONE_GB}. Review in six weeks; no change to medication.",
    "New hire onboarding for {NAME#1}: social insurance number (SIN) {SIN}, start date {DATE}. "
    "Laptop asset tag {INT} and badge {INT4} are ready for collection.",
    "Payroll query from {NAME#1}: National Insurance number {NINO}, tax code 1257L. "
    "The {?March|April|May} payslip shows a deduction of {PRICE} that needs explaining.",
    "The taxpayer {NAME#1} filed with ITIN {ITIN} for tax year {YEAR}. The refund of {PRICE} "
    "goes to routing number {ABA}, account number {ACCT}.",
    "At {TS} the on-call engineer ({NAME#1}) saw elevated errors from {IPV4}. The root cause "
    "was a bad deploy of commit {SHA}. {COMPANY} was informed by phone on {PHONE}.",
    "{NAME#1} reported a duplicate charge of {PRICE}. The card number given on the call was "
    "{CARD}, expiry {?03|07|11}/{?26|27|28}; the order reference is {ORDER}.",
    "Please wire {PRICE} to {COMPANY}: IBAN {IBAN}, BIC {BIC}, reference {INVOICE}. "
    "Contact {NAME#1} ({WORK_EMAIL#1}) if the bank asks for more details.",
    "{NAME#1} and {NAME#2} will lead the migration; {LAST#1} owns the database work and "
    "{FIRST#2} the cut-over plan.",
    "Background check for {NAME#1}: born on {DOB}, SSN {SSN}, current address {STREET}, "
    "{CITY}. Phone {PHONE}.",
    "The customer {NAME#1} asked us to delete their data. Their account e-mail is {EMAIL} "
    "and the last login came from {IPV4}.",
    "Beneficiary: {NAME#1}. Bank: {COMPANY} Bank, SWIFT code {BIC}, IBAN {IBAN}.",
    "Direct deposit form: employee {NAME#1}, ABA routing number {ABA}, checking account "
    "{ACCT}. Effective from the next pay run.",
    "Reference letter: I have worked with {NAME#1} for three years at {COMPANY}. "
    "{FIRST#1} is reliable and thorough. Feel free to call me on {PHONE_INTL}.",
    "Insurance claim {ORDER}: policy holder {NAME#1}, DOB {DOB}, contact {EMAIL}. "
    "Claim amount {PRICE}, filed {DATE}.",
]

PROSE_FILLER = [
    "Release {VERSION} shipped on {DATE} with build {SHORTSHA}; {INT} tickets were closed, "
    "including the reconciliation of order {ORDER} and invoice {INVOICE}.",
    "The contract signed on {DATE} runs until {DATE}; the annual fee of {PRICE} is invoiced "
    "quarterly under reference {INVOICE}.",
    "IMPORTANT: the {UPWORD} section of the policy is mandatory. See the {UPWORD} appendix "
    "for the list of approved vendors. TODO: update the FAQ.",
    "Your parcel {TRACKING} left the depot at {TS}; delivery is expected on {DATE}.",
    "Latency improved from 340 ms to 120 ms at p99 after the cache change; error rate is "
    "below 0.1% and throughput rose to {INT} requests per second.",
    "The migration moved {AMOUNT} rows in {INT} batches. Checksums matched ({SHA256}) and "
    "no data was lost. The old cluster will be retired next quarter.",
    "Quarterly business review: revenue grew {?8|12|15}% year over year, churn fell, and the "
    "sales team closed {INT} new accounts. Hiring stays flat until the budget is approved.",
    "Our security team rotated all keys after the audit. Request {UUID} tracks the "
    "remaining work; see ticket SEC-{INT} for details.",
    "The warehouse in {CITY} processed {AMOUNT} orders last month. Average basket size was "
    "{PRICE} and the return rate stayed at {?2|3|4}%.",
    "Card ending in {INT4} was declined; the customer retried with another payment method. "
    "Refund {INVOICE} of {PRICE} was issued on {DATE}.",
    "Note: a 16-digit number such as {BADCARD} in the import file is an internal batch id, "
    "not a payment card. Version {VERSION} of the parser handles it correctly.",
    "Dear Customer, thank you for your order {ORDER}. Dear Sir or Madam, Hi team, and "
    "To whom it may concern are the salutations our templates use.",
    "CONFIDENTIAL - {UPWORD} REVIEW. The {UPWORD} committee meets every second Tuesday in "
    "room {INT4}.",
    "Microsoft Teams and Google Meet are both approved. Apple Pay is accepted in Paris, "
    "Madrid and Berlin stores since {DATE}.",
]

CHAT = [
    'Can you rewrite this email so it sounds more polite? "Hi {FIRST#1}, I still have not '
    'received payment for invoice {INVOICE}. Call me at {PHONE}. Regards, {NAME#2}"',
    "Summarize this support ticket: customer {NAME#1} ({EMAIL}) says the card {CARD} was "
    "declined twice at checkout for order {ORDER}.",
    "Fill in this form for me. Name: {NAME#1}; DOB: {DOB}; SSN: {SSN}; Address: {STREET}, {CITY}.",
    "Translate into German: Dear {NAME#1}, your IBAN {IBAN} has been updated in our records.",
    "My GitHub token {GH_TOKEN} stopped working after I rotated it. What scopes does it "
    "need to push packages?",
    "Is this JWT expired? {JWT}",
    "Draft a reply to {NAME#1} thanking them for the feedback on release {VERSION}.",
    "npm install fails with 401 although my .npmrc has "
    "//registry.npmjs.org/:_authToken={NPM} - what am I missing?",
    "A customer called from {PHONE_INTL} about account {ACCT} (routing {ABA}). "
    "Draft a dispute letter for them.",
    "Convert to JSON: name={NAME#1}, email={EMAIL}, ip={IPV4}, plan=pro",
    "Our Slack bot token is {SLACK}. How do I post to a channel with curl?",
    "I get 429 errors from the OpenAI API with key {OPENAI_KEY}. Is it my rate limit?",
    "Why does the Anthropic SDK say unauthorized? I set ANTHROPIC_API_KEY={ANTHROPIC_KEY}",
    "Why does this fail?\n```\nexport AWS_ACCESS_KEY_ID={AWS_KEY}\n"
    "export AWS_SECRET_ACCESS_KEY={AWS_SECRET}\naws s3 ls s3://{?data-lake|backups}-prod\n```",
    "Refactor this function to be more readable:\n```\n{T_CODE}\n```",
    "Add error handling to this code:\n```\n{T_CODE}\n```",
    "Analyse this statement and give me the gross margin and the main risks:\n\n{T_FIN}",
    "Write a cover letter for {NAME#1}, who was born on {DOB} and lives in {CITY}. "
    "Mention the phone number {PHONE}.",
    "I'm {NAME#1}, my NI number is {NINO}. Which tax code should I be on?",
    "Check this IP for abuse reports: {IPV4}. It also showed up as {IPV6} in the proxy logs.",
    "The staging DB password is {PASSWORD} - generate a psql command to dump the users table.",
    "Here's my GitLab CI variable, why is it masked wrongly? GITLAB_TOKEN={GL_TOKEN}",
    "Help me debug Stripe webhooks, my key is {STRIPE}",
    "Is this Google Maps key restricted? {GOOGLE_KEY}",
    "SendGrid rejects my mail, key {SENDGRID}, sender {WORK_EMAIL#1}.",
    "My patient {NAME#1} (NHS {NHS}) asks about side effects. Draft a short answer.",
    "Canadian payroll: employee {NAME#1}, SIN {SIN}. What deductions apply?",
    "Which form does a nonresident with ITIN {ITIN} file?",
]

CHAT_FILLER = [
    "What's the best way to shard a PostgreSQL table with 2 billion rows? p99 is 340 ms.",
    "Explain the difference between UUID {UUID} style ids and ULIDs for primary keys.",
    "Write a SQL query that returns customers with more than 3 orders in the last 30 days.",
    "Our build {SHA} fails only on CI. The runner uses version {VERSION}. Ideas?",
    "Summarize the key points of the attached quarterly report in five bullets.",
    "Give me a regex that matches order numbers like {ORDER} but not invoice ids like {INVOICE}.",
    "Why would sha256 {SHA256} differ between two builds of the same commit {SHORTSHA}?",
    "Convert {PRICE} to USD at today's rate and explain the fees.",
    "Write a haiku about Kubernetes and log rotation.",
    "The tracking number {TRACKING} has not updated since {TS}. What should I tell the customer?",
    "What does HTTP 418 mean? Also, is {BADCARD} a valid card number?",
    "Explain this error: ValueError: invalid literal for int() with base 10: '{UPWORD}'",
    "How do I store {PLACEHOLDER} safely instead of hard-coding a password in my app?",
    "Compare Kafka and RabbitMQ for 50k messages per second with ordering guarantees.",
]

EMAIL_HEADER = [
    "From: {NAME#1} <{WORK_EMAIL#1}>\nTo: {NAME#2} <{WORK_EMAIL#2}>\nDate: {TS}\n"
    "Subject: {?Follow-up|Your request|Re: onboarding|Bank details}\n\n"
    "Dear {?Mr.|Ms.|Dr.} {LAST#2},",
    "From: {WORK_EMAIL#1}\nTo: {EMAIL}\nSubject: {?Update|Action required|Order} {ORDER}\n\n"
    "Hi {FIRST#2},",
    "From: Customer Support <{EMAIL}>\nTo: {EMAIL}\nSubject: Ticket {INT}\n\nDear Customer,",
]

EMAIL = [
    "As discussed, please use the following account for the payment of invoice {INVOICE}:\n"
    "Account holder: {COMPANY}\nIBAN: {IBAN}\nBIC/SWIFT: {BIC}",
    "Please find the onboarding details for {NAME#3} below. National Insurance No: {NINO}. "
    "Start date {DATE}. Emergency contact: {PHONE}.",
    "Your temporary password is {PASSWORD} - please change it after the first login.",
    "For the background check I need {FIRST#2}'s date of birth ({DOB}) and Social Security "
    "number ({SSN}) confirmed in writing.",
    "I tried to call you on {PHONE} but could not get through. My mobile is {PHONE_INTL}.",
    "The refund of {PRICE} was sent to the card on file ({CARD}) on {DATE}.",
    "{NAME#3} from our finance team will take over; you can reach {FIRST#3} at {EMAIL}.",
    "Wire instructions for US payments: routing (ABA) {ABA}, account no. {ACCT}, "
    "beneficiary {NAME#1}.",
    "The hospital letter for {NAME#3}, NHS no. {NHS}, is attached.",
    "Our server {IPV4} was flagged; please whitelist it together with {IPV4_PRIVATE}.",
]

EMAIL_FILLER = [
    "Thank you for your message. We have received your request and will reply within two "
    "working days. Your case number is {INT}.",
    "Your order {ORDER} has shipped. Tracking number: {TRACKING}. Total charged: {PRICE}.",
    "The meeting is moved to {DATE} at 10:00. The agenda is unchanged; the slides for "
    "release {VERSION} are on the shared drive.",
    "Invoice {INVOICE} for {PRICE} is due on {DATE}. Please quote the invoice number with "
    "your payment.",
    "Please note our office will be closed for the holidays. URGENT requests go to the "
    "{UPWORD} desk.",
]

EMAIL_SIG = [
    "Best regards,\n{NAME#1}\n{?Senior Accountant|Head of Operations|HR Manager}, {COMPANY}\n"
    "Tel: {PHONE}\n{STREET}, {CITY}",
    "Thanks,\n{FIRST#1}",
    "Kind regards,\n{NAME#1}\n{COMPANY} | {WORK_EMAIL#1} | {PHONE_INTL}",
    "--\nCustomer Support, {COMPANY}",
]

FIN_STATEMENT = [
    "{COMPANY}\nConsolidated Balance Sheet\nAs of December 31, {YEAR} (in thousands of USD)\n\n"
    "Assets\nCash and cash equivalents          {AMOUNT}      {AMOUNT}\n"
    "Accounts receivable, net            {AMOUNT}      {AMOUNT}\n"
    "Inventories                         {AMOUNT}      {AMOUNT}\n"
    "Total current assets                {AMOUNT}      {AMOUNT}\n"
    "Property and equipment, net         {AMOUNT}      {AMOUNT}\n"
    "Total assets                        {AMOUNT}      {AMOUNT}\n\n"
    "Liabilities and shareholders' equity\nAccounts payable                    {AMOUNT}\n"
    "Accrued liabilities                 {AMOUNT}\nLong-term debt                      {AMOUNT}\n"
    "Total liabilities                   {AMOUNT}\nRetained earnings                   {AMOUNT}\n"
    "Total liabilities and shareholders' equity   {AMOUNT}",
    "{COMPANY} - Consolidated Statement of Operations\nFiscal year ended {DATE}\n\n"
    "Revenue                 {AMOUNT}\nCost of revenue         ({AMOUNT})\n"
    "Gross profit            {AMOUNT}\nResearch and development ({AMOUNT})\n"
    "Selling, general and administrative ({AMOUNT})\nOperating income        {AMOUNT}\n"
    "Interest expense        ({AMOUNT})\nIncome before income taxes {AMOUNT}\n"
    "Provision for income taxes ({AMOUNT})\nNet income              {AMOUNT}\n"
    "Earnings per share: basic 1.{INT4}, diluted 1.{INT4}",
    "Statement of Cash Flows ({COMPANY}, FY{YEAR})\nNet income {AMOUNT}\n"
    "Depreciation and amortization {AMOUNT}\nChanges in working capital ({AMOUNT})\n"
    "Net cash provided by operating activities {AMOUNT}\nCapital expenditures ({AMOUNT})\n"
    "Net cash used in investing activities ({AMOUNT})\nDividends paid ({AMOUNT})\n"
    "Net increase in cash {AMOUNT}\nCash at end of period {AMOUNT}",
    "ACCOUNT STATEMENT\nAccount holder: {NAME#1}\nIBAN: {IBAN}\nStatement period: {DATE} - {DATE}\n"
    "Opening balance: {PRICE}\n\nDate        Description              Debit       Credit      Balance\n"
    "{DATE}  Salary {COMPANY}                      {PRICE}   {PRICE}\n"
    "{DATE}  Card payment               {PRICE}                {PRICE}\n"
    "{DATE}  Direct debit rent          {PRICE}                {PRICE}\n"
    "{DATE}  Transfer to savings        {PRICE}                {PRICE}\n"
    "Closing balance: {PRICE}",
]

FIN_NEGATIVE = [
    "INVOICE {INVOICE}\nBill to: {COMPANY}\nDate: {DATE}\n\nItem                 Qty   Price\n"
    "Consulting hours      {INT4}   {PRICE}\nLicence renewal       1      {PRICE}\n"
    "Subtotal {PRICE}\nVAT 20% {PRICE}\nTotal due {PRICE}\nPayment terms: 30 days.",
    "Order confirmation {ORDER}\nThank you for shopping with {COMPANY}.\n"
    "2 x USB-C cable   {PRICE}\n1 x Keyboard      {PRICE}\nShipping          {PRICE}\n"
    "Total             {PRICE}\nEstimated delivery: {DATE}",
    "Budget planning: we have {PRICE} for Q{?1|2|3|4} tooling. The proposal is to spend "
    "{PRICE} on observability and keep the rest as a buffer. Prices exclude VAT.",
    "Pricing: Starter {PRICE}/month, Team {PRICE}/month, Enterprise on request. Annual "
    "billing saves two months. All plans include {INT} API calls.",
]

TEXT_POOLS: dict[str, tuple[list[str], str | None]] = {
    "prose": (PROSE, None),
    "prose_filler": (PROSE_FILLER, None),
    "chat": (CHAT, None),
    "chat_filler": (CHAT_FILLER, None),
    "email": (EMAIL, None),
    "email_filler": (EMAIL_FILLER, None),
    "email_header": (EMAIL_HEADER, None),
    "email_sig": (EMAIL_SIG, None),
    "fin_statement": (FIN_STATEMENT, "FINANCIAL_STATEMENT"),
    "fin_negative": (FIN_NEGATIVE, None),
    "FIN": (FIN_STATEMENT, "FINANCIAL_STATEMENT"),
}
