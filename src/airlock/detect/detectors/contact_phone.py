"""Phone numbers (Presidio's PHONE_NUMBER), validated with `phonenumbers`.

International numbers are validated as written. National numbers are validated in the
default region; next to a phone cue ("Tel:", "call me at", a `phone` SQL column) they
may also be national numbers of a few other common regions, because a multinational's
text holds its offices' numbers as their people write them ("0161 496 0018").
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence

import phonenumbers

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

PHONE_NUMBER = EntitySpec(
    "PHONE_NUMBER", "pii", Severity.MEDIUM, "A telephone number", presidio=True
)

# Regions tried, after the default one, for a national number next to a phone cue.
FALLBACK_REGIONS = ("GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "US", "CA")

# Lower-case cue nouns, bounded by non-letters so "phone_number" and "Tel:" count but
# "telemetry" and "hotel" do not.
PHONE_CUE = re.compile(
    r"(?<![a-z])(?:phone|phones|telephone|tel|tél|telefon|telefono|teléfono|téléphone|"
    r"mobile|mobil|mob|móvil|movil|portable|handy|cell|cellphone|cellular|fax|sms|"
    r"whatsapp|contact|hotline|helpline)(?:number|num)?(?![a-z])"
)
# Verbs count only right before the number ("call me at", "reached on"): "the card
# number given on the call was ..." is no phone.
_CALL_CUE = re.compile(
    r"(?<![a-z])(?:call|called|calling|reach|reached|dial|dialled|dialed|ring|text)"
    r"(?: (?:me|us|you|him|her|them|back))?(?: (?:at|on|via|from))?[ :=]*$"
)
# Every cue word above contains one of these: a quick test that most candidates fail.
_CUE_STEM = re.compile(
    r"phone|t[eé]l|mob|m[oó]vil|portable|handy|cell|fax|sms|whatsapp|contact|line|call|"
    r"reach|dial|ring|text"
)
# Nouns of other numbers: after the phone cue, they own the number ("the card number
# given on the call was ...", "phone order 12345678").
_OTHER_CUE = re.compile(
    r"(?<![a-z])(?:card|account|acct|order|invoice|iban|ssn|reference|ref|tracking|routing|"
    r"serial|sku|ticket|pin|otp|code)(?![a-z])"
)
VERSION_CUE = re.compile(
    r"(?:\bv|\bver|version|release|build|firmware|\brev|revision|section|chapter|\boid)"
    r"(?:\.?\s*[:=]?\s*|_*[\"']?\s*[:=]\s*[\"']?)$"
    r"|generated (?:by|with) [\w.-]+ $"
)

_PHONE_CHARS = string.digits + " +()-./"
_RUN = re.compile(r"[0-9 +().\-/]{0,40}")
_CHUNK = re.compile(r"[^ ]+")
_DROP_SEPARATORS = str.maketrans("", "", " +()-./")
# The trigger's cue words, a superset of PHONE_CUE's prefixes ("t?l": "Tél" encoded).
_CUE_WORDS = (
    r"phone|tel|t\?l|mobile|cell|fax|call|whatsapp|contact|mob|sms|handy|reach|dial|ring|text"
)
_DATE_LIKE = re.compile(
    r"(?:19|20)\d\d[-./ ][01]?\d[-./ ][0-3]?\d|[0-3]?\d[-./ ][01]?\d[-./ ](?:19|20)\d\d"
)
_SHORT_DATE = re.compile(r"\d{1,2}([-./])\d{1,2}\1\d{2}|(?:19|20)\d\d-(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:([ .])\d{3})(?:\1\d{3})*")
_MONEY = frozenset("$€£¥")
_NANP = frozenset(phonenumbers.region_codes_for_country_code(1))
# A comma that starts the next SQL value: robust to commas in strings ('Smith, John')
# and to the unescaped quotes people paste ('O'Connor').
_SQL_NEXT_VALUE = re.compile(r",\s*(?:'|-?[0-9]|null\b|true\b|false\b)", re.IGNORECASE)
_SQL_REACH = 4000  # how far back a row's INSERT header is looked for (~50 rows)


def word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def in_order(hits: Sequence[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: h.start)


class PhoneDetector(Detector):
    """Phone numbers validated by `phonenumbers` for international or national formats."""

    name = "phone"
    entities = (PHONE_NUMBER,)

    def __init__(self, region: str = "US", fallback: Sequence[str] = FALLBACK_REGIONS):
        self.region = region
        code = phonenumbers.country_code_for_region(region)
        # Regions sharing the default's country code would only repeat its verdict.
        self.fallback = [
            _Region(r) for r in fallback if phonenumbers.country_code_for_region(r) not in (0, code)
        ]

    def triggers(self) -> Sequence[Trigger]:
        return (
            Trigger("intl", r"\+[1-9][0-9]{0,3}[ .(-]{0,2}[0-9]"),
            # Dots and slashes only in the shapes phones use: IPs, versions and dates
            # never become candidates.
            Trigger("national", r"(?:\(|\b)[0-9]{2,6}(?:\)[ -]{0,2}|[ -]{1,2})[0-9]{3,8}\b"),
            Trigger("dotted", r"\b[0-9]{3}\.[0-9]{3}\.[0-9]{4}\b"),
            Trigger("slash", r"\b0[0-9]{1,4}/[0-9]{3,8}\b"),  # 030/901820
            Trigger("pairs", r"\b0[1-9](?:[ .-][0-9]{2}){4}\b"),  # 01 23 45 67 89
            Trigger("es", r"\b[5-9][0-9]{2}(?: [0-9]{2}){3}\b"),  # 912 34 56 78
            # Bare digit runs only after a cue or quoted (an SQL value): order numbers
            # share the shape.
            Trigger(
                "cue", rf"\b(?:{_CUE_WORDS})[^0-9\n]{{0,20}}\+?[0-9]{{7,15}}\b", ignore_case=True
            ),
            Trigger("quoted", r"'\+?[0-9]{7,15}'"),
        )

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        last_end = run_end = -1
        for hit in in_order(hits):
            if hit.end <= last_end:
                continue
            if hit.key == "cue":
                found = self._bare(doc, hit.start, hit.end)
            elif hit.key == "quoted":
                found = self._bare(doc, hit.start + 1, hit.end - 1)
            elif hit.key == "intl" or hit.start >= run_end:
                # Later hits in the same run of digits would only try the same windows.
                found, run_end = self._formatted(doc, hit)
            else:
                continue
            if found is not None and found.start >= last_end:
                last_end = found.end
                yield found

    def _bare(self, doc: Document, start: int, end: int) -> Finding | None:
        """The digit run (with an optional "+") that ends the candidate `start..end`."""
        text = doc.text
        value = text[start:end]
        start = end - (len(value) - len(value.rstrip(string.digits)))
        if text[start - 1] == "+":
            start -= 1
        if word_char(text, start - 1):
            return None
        return self._check(doc, start, end, [])

    def _formatted(self, doc: Document, hit: Hit) -> tuple[Finding | None, int]:
        """The phone in the run of phone characters around `hit`, and the run's end."""
        text = doc.text
        head = text[max(0, hit.start - 16) : hit.start]
        lo = hit.start - (len(head) - len(head.rstrip(_PHONE_CHARS)))
        run = _RUN.match(text, hit.end, min(len(text), hit.start + 40))
        hi = run.end() if run else hit.end
        # Chunks are split by single spaces; two spaces end the run.
        chunks = [m.span() for m in _CHUNK.finditer(text, lo, hi)]
        k = next((n for n, (s, e) in enumerate(chunks) if s <= hit.start < e), -1)
        if k < 0:
            return None, hi
        i0, j0 = k, k
        while i0 > 0 and chunks[i0][0] - chunks[i0 - 1][1] == 1:
            i0 -= 1
        while j0 < len(chunks) - 1 and chunks[j0 + 1][0] - chunks[j0][1] == 1:
            j0 += 1
        group_end = chunks[j0][1]
        # A run glued to a word ("SKU-415-555-2671") loses its outer chunk; an
        # extension ("x123") is no glue.
        if i0 == 0 and word_char(text, lo - 1) and text[lo] not in " .(":
            i0 = 1
        if j0 == len(chunks) - 1 and (
            (word_char(text, hi) and text[hi - 1] != " " and not _extension(text, hi))
            or hi - hit.start >= 40
        ):
            j0 -= 1
        sums = [0]
        for s, e in chunks:
            sums.append(sums[-1] + len(text[s:e].translate(_DROP_SEPARATORS)))
        # The run, or the run less a stray chunk at either end ("12 415-555-2671 x");
        # only windows with a phone's digit count reach the checks.
        windows = sorted(
            {(i, j) for i in (i0, i0 + 1) for j in (j0, j0 - 1) if i <= j},
            key=lambda w: w[0] - w[1],
        )
        cue: list[bool] = []
        for i, j in windows:
            if not 7 <= sums[j + 1] - sums[i] <= 15:
                continue
            start, end = _trim(text, chunks[i][0], chunks[j][1])
            if end > start:
                found = self._check(doc, start, end, cue)
                if found is not None:
                    return found, group_end
        return None, group_end

    def _check(self, doc: Document, start: int, end: int, cue: list[bool]) -> Finding | None:
        """Validate one candidate; `cue` caches whether a phone cue is near."""
        value = doc.text[start:end]
        digits = value.translate(_DROP_SEPARATORS)
        if not 7 <= len(digits) <= 15 or not digits.isdigit():
            return None
        if digits.count(digits[0]) == len(digits):
            return None  # "1111111111": a placeholder, in every region
        intl = value.startswith("+")
        bare = digits == value.lstrip("+")
        needs_cue = (bare and not intl) or _THOUSANDS.fullmatch(value)
        if needs_cue and not _has_cue(doc, start, end, cue):
            return None  # order numbers and amounts share these shapes
        if _DATE_LIKE.search(value) or _SHORT_DATE.fullmatch(value) or _bad_dots(value):
            return None
        if start > 0 and doc.text[start - 1] in _MONEY:
            return None
        if VERSION_CUE.search(doc.before(start, 32)):
            return None
        if intl:
            if not _valid(value, digits, None):
                return None
            score = 0.9 if _has_cue(doc, start, end, cue) else 0.85
        elif _valid(value, digits, self.region):
            # A bare run got here through its cue.
            score = 0.85 if bare else (0.9 if _has_cue(doc, start, end, cue) else 0.7)
        elif _has_cue(doc, start, end, cue) and self._elsewhere(value, digits):
            score = 0.85
        else:
            return None
        return Finding(start, end, "PHONE_NUMBER", "pii", score, self.name)

    def _elsewhere(self, value: str, digits: str) -> bool:
        """Valid as a national number of a fallback region, or after a "00" dialling prefix."""
        if digits.startswith("00") and _valid("+" + digits[2:], digits[2:], None):
            return True
        return any(r.valid(value, digits) for r in self.fallback)


class _Region:
    """A fallback region: validates a national number without `phonenumbers.parse`.

    Parsing costs twice the validation; for a national number in a region with a plain
    trunk prefix ("0") the national significant number is the digits less that prefix.
    Regions with rewriting rules (Argentina, Mexico...) go through `parse`.
    """

    def __init__(self, code: str):
        meta = phonenumbers.PhoneMetadata.metadata_for_region(code)
        assert meta is not None and meta.general_desc is not None
        self.code = code
        self.country = meta.country_code
        self.prefix = meta.national_prefix or ""
        self.general = re.compile(meta.general_desc.national_number_pattern or "")
        self.plain = meta.national_prefix_transform_rule is None

    def valid(self, value: str, digits: str) -> bool:
        p = self.prefix
        if p and digits.startswith(p) and self.general.fullmatch(digits[len(p) :]):
            nsn = digits[len(p) :]
        elif self.general.fullmatch(digits):
            nsn = digits
        else:
            return False  # fits no number of the region: no need to parse
        if not self.plain:
            return _valid(value, digits, self.code)
        zeros = len(nsn) - len(nsn.lstrip("0"))  # Italian numbers keep their leading 0
        number = phonenumbers.PhoneNumber(
            country_code=self.country,
            national_number=int(nsn),
            italian_leading_zero=True if zeros else None,
            number_of_leading_zeros=zeros if zeros > 1 else None,
        )
        return phonenumbers.is_valid_number(number)


def _valid(value: str, digits: str, region: str | None) -> bool:
    """True when `value` is a valid number, international or national in `region`."""
    if region in _NANP or value.startswith("+1"):
        # North American numbering, checked here because `phonenumbers` tries every
        # NANP country before it rejects a number: NXX area code, NXX exchange.
        nanp = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
        if len(nanp) != 10 or nanp[0] in "01" or nanp[3] in "01":
            return False
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)  # implies is_possible_number


def _extension(text: str, i: int) -> bool:
    return text[i] in "xX" and text[i + 1 : i + 2].isdigit()


def _has_cue(doc: Document, start: int, end: int, cache: list[bool]) -> bool:
    if not cache:
        column = _sql_column(doc.text, start, end)
        cache.append(_phone_cue(doc, start, end) if column is None else column)
    return cache[0]


def cue_end(before: str) -> int:
    """Where the last phone cue of `before` (lower-case) ends, or -1."""
    if _CALL_CUE.search(before):
        return len(before)
    return max((m.end() for m in PHONE_CUE.finditer(before)), default=-1)


def _phone_cue(doc: Document, start: int, end: int) -> bool:
    """A phone cue before the number that no other noun follows, or one just after it."""
    window = doc.around(start, end, 40)
    if _CUE_STEM.search(window) is None:
        return False  # most candidates: one scan in C
    cut = min(start, 40)
    before = window[:cut]
    phone = cue_end(before)
    other = max((m.end() for m in _OTHER_CUE.finditer(before)), default=-1)
    if phone >= 0 or other >= 0:
        return phone > other  # the nearer noun names the number
    return PHONE_CUE.search(window, cut, cut + 17) is not None  # "... (mobile)"


def _sql_column(text: str, start: int, end: int) -> bool | None:
    """For a quoted value of an SQL `INSERT ... (columns) VALUES` row: whether its column
    is a phone column (the header beats words nearby); None for any other value."""
    if text[start - 1 : start] != "'" or text[end : end + 1] != "'":
        return None
    lo = max(0, start - _SQL_REACH)
    at = max(text.rfind("VALUES", lo, start), text.rfind("values", lo, start))
    if at < 0:
        return None
    close = text.rfind(")", lo, at)
    if close < 0 or text[close + 1 : at].strip():
        return None
    opening = text.rfind("(", lo, close)
    row = text.rfind("(", at, start)
    if opening < 0 or row < 0:
        return None
    columns = text[opening + 1 : close].lower().split(",")
    index = len(_SQL_NEXT_VALUE.findall(text, row + 1, start))  # up to the opening quote
    return index < len(columns) and PHONE_CUE.search(columns[index]) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " -./)":
        start += 1
    while end > start and text[end - 1] in " -./(+":
        end -= 1
    value = text[start:end]
    if value.endswith(")") and value.count(")") > value.count("("):
        end -= 1
    value = text[start:end]
    if value.count("(") != value.count(")") or "+" in value[1:]:
        return start, start
    return start, end


def _bad_dots(value: str) -> bool:
    """Dotted numbers that are versions, IPs, OIDs or decimals rather than phones."""
    if "." not in value:
        return False
    body = value[1:].lstrip("0123456789") if value.startswith("+") else value
    groups = body.strip(".( )").split(".")
    if len(groups) < 3 or any(not g.strip("() ").isdigit() for g in groups):
        return True  # a decimal, or dots mixed with other separators
    sizes = [len(g.strip("() ")) for g in groups]
    return min(sizes) < 2 or (len(groups) == 4 and max(sizes) <= 3)
