"""Contact details: e-mail addresses, phone numbers and IP addresses (Presidio names).

Triggers are short prefixes of each shape; Python then takes the whole value on a
bounded window and validates it (domain shape, `phonenumbers`, `ipaddress`).
Cheap rejections (dates, versions, file names, URLs) run before the costly checks.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import phonenumbers

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

EMAIL_ADDRESS = EntitySpec(
    "EMAIL_ADDRESS", "pii", Severity.MEDIUM, "An e-mail address", presidio=True
)
PHONE_NUMBER = EntitySpec(
    "PHONE_NUMBER", "pii", Severity.MEDIUM, "A telephone number", presidio=True
)
IP_ADDRESS = EntitySpec("IP_ADDRESS", "pii", Severity.LOW, "An IPv4 or IPv6 address", presidio=True)

ENTITIES: list[EntitySpec] = [EMAIL_ADDRESS, PHONE_NUMBER, IP_ADDRESS]


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _in_order(hits: Sequence[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: h.start)


# --- e-mail -----------------------------------------------------------------------------

_LOCAL_CHARS = string.ascii_letters + string.digits + "._%+-"
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}"
    r"([A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9_-]|\.[A-Za-z0-9])"
)
# File extensions that are not TLDs people have mailboxes at: "logo@2x.png", "font@1.woff2".
_FILE_EXTENSIONS = (
    "png jpg jpeg gif svg webp bmp ico tif tiff heic avif pdf css scss less js mjs cjs jsx "
    "tsx ts json html htm xml txt yml yaml toml ini cfg lock map woff woff2 ttf otf eot mp3 "
    "mp4 wav webm gz tgz tar rar exe dll bin dat csv log ipynb"
)
_FILE_TLDS = frozenset(_FILE_EXTENSIONS.split())


def _in_url_authority(text: str, start: int) -> bool:
    """True in the user-info part of a URL ("postgres://user:pw@host"): not a mailbox."""
    head = text[max(0, start - 256) : start]
    i = head.rfind("://")
    return i >= 0 and not any(c in head[i + 3 :] for c in "/?#@ \t\r\n\"'<>")


class EmailDetector(Detector):
    """E-mail addresses: local part up to 64 characters, domain with a letter TLD."""

    name = "email"
    entities = (EMAIL_ADDRESS,)

    def triggers(self) -> Sequence[Trigger]:
        # One character each side of "@": fixed length, so "a@a@a@..." stays linear.
        return (Trigger("at", r"[A-Za-z0-9._%+-]@[A-Za-z0-9]"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        last_end = -1
        for hit in _in_order(hits):
            span = self._address(doc.text, hit.start + 1)
            if span is not None and span[0] >= last_end:
                last_end = span[1]
                yield Finding(span[0], span[1], "EMAIL_ADDRESS", "pii", 0.95, self.name)

    @staticmethod
    def _address(text: str, at: int) -> tuple[int, int] | None:
        head = text[max(0, at - 65) : at]
        n = len(head) - len(head.rstrip(_LOCAL_CHARS))
        if n > 64:
            return None  # a longer local part is not an address (a blob, a token)
        start = at - n
        while text[start] == ".":
            start += 1
        local = text[start:at]
        if not local or local.endswith(".") or ".." in local:
            return None
        if start > 0 and text[start - 1] in ":/" and _in_url_authority(text, start):
            return None
        m = _DOMAIN.match(text, at + 1, min(len(text), at + 256))
        if m is None or m.end() - start > 254 or m.group(1).lower() in _FILE_TLDS:
            return None
        if local == "git" and text[m.end() : m.end() + 1] == ":":
            return None  # an SSH remote ("git@github.com:org/repo")
        return start, m.end()


# --- phone numbers ----------------------------------------------------------------------

_PHONE_CHARS = string.digits + " +()-./"
_RUN = re.compile(r"[0-9 +().\-/]{0,40}")
_CHUNK = re.compile(r"[^ ]+")
_DROP_SEPARATORS = str.maketrans("", "", " +()-./")
_PHONE_CUE_WORDS = r"phone|tel|mobile|cell|fax|call|whatsapp|contact|mob|sms|handy"
_PHONE_CUE = re.compile(rf"\b(?:{_PHONE_CUE_WORDS}|t[ée]l[ée]phone|portable|m[oó]vil)")
_DATE_LIKE = re.compile(
    r"(?:19|20)\d\d[-./ ][01]?\d[-./ ][0-3]?\d|[0-3]?\d[-./ ][01]?\d[-./ ](?:19|20)\d\d"
)
_SHORT_DATE = re.compile(r"\d{1,2}([-./])\d{1,2}\1\d{2}|(?:19|20)\d\d-(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:([ .])\d{3})(?:\1\d{3})*")
_VERSION_CUE = re.compile(
    r"(?:\bv|\bver|version|release|build|firmware|\brev|revision|section|chapter|\boid)"
    r"\.?\s*[:=]?\s*$"
)
_MONEY = frozenset("$€£¥")


class PhoneDetector(Detector):
    """Phone numbers validated by `phonenumbers` for international or national formats."""

    name = "phone"
    entities = (PHONE_NUMBER,)

    def __init__(self, region: str = "US"):
        self.region = region
        self._nanp = phonenumbers.country_code_for_region(region) == 1

    def triggers(self) -> Sequence[Trigger]:
        return (
            Trigger("intl", r"\+[1-9][0-9]{0,3}[ .(-]{0,2}[0-9]"),
            # Dots and slashes only in the shapes phones use: IPs, versions and dates
            # never become candidates.
            Trigger("national", r"(?:\(|\b)[0-9]{2,5}\)?[ -]{1,2}[0-9]{3,8}\b"),
            Trigger("dotted", r"\b[0-9]{3}\.[0-9]{3}\.[0-9]{4}\b"),
            Trigger("slash", r"\b0[0-9]{1,4}/[0-9]{3,8}\b"),  # 030/901820
            Trigger("pairs", r"\b0[1-9](?:[ .-][0-9]{2}){4}\b"),  # 01 23 45 67 89
            # Bare digit runs only after a cue: order numbers share the shape.
            Trigger(
                "cue",
                rf"\b(?:{_PHONE_CUE_WORDS})[^0-9\n]{{0,20}}\+?[0-9]{{7,15}}\b",
                ignore_case=True,
            ),
        )

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        last_end = run_end = -1
        for hit in _in_order(hits):
            if hit.end <= last_end:
                continue
            if hit.key == "cue":
                found = self._bare(doc, hit)
            elif hit.key == "intl" or hit.start >= run_end:
                # Later hits in the same run of digits would only try the same windows.
                found, run_end = self._formatted(doc, hit)
            else:
                continue
            if found is not None and found.start >= last_end:
                last_end = found.end
                yield found

    def _bare(self, doc: Document, hit: Hit) -> Finding | None:
        text = doc.text
        value = text[hit.start : hit.end]
        start = hit.end - (len(value) - len(value.rstrip(string.digits)))
        if text[start - 1] == "+":
            start -= 1
        if _word_char(text, start - 1):
            return None
        return self._check(doc, start, hit.end, [True])

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
        if i0 == 0 and _word_char(text, lo - 1) and text[lo] not in " .(":
            i0 = 1
        if j0 == len(chunks) - 1 and (
            (_word_char(text, hi) and text[hi - 1] != " " and not _extension(text, hi))
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
        """Validate one candidate; `cue` caches whether a phone context word is near."""
        value = doc.text[start:end]
        digits = value.translate(_DROP_SEPARATORS)
        if not 7 <= len(digits) <= 15 or not digits.isdigit():
            return None
        intl = value.startswith("+")
        bare = digits == value.lstrip("+")
        needs_cue = (bare and not intl) or _THOUSANDS.fullmatch(value)
        if needs_cue and not _has_cue(doc, start, end, cue):
            return None  # order numbers and amounts share these shapes
        if _DATE_LIKE.search(value) or _SHORT_DATE.fullmatch(value) or _bad_dots(value):
            return None
        if start > 0 and doc.text[start - 1] in _MONEY:
            return None
        if (self._nanp and not intl) or value.startswith("+1"):
            # North American numbering, checked here because `phonenumbers` tries every
            # NANP country before it rejects a number: NXX area code, NXX exchange.
            nanp = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
            if len(nanp) != 10 or nanp[0] in "01" or nanp[3] in "01":
                return None
        if _VERSION_CUE.search(doc.before(start, 16)):
            return None
        try:
            number = phonenumbers.parse(value, None if intl else self.region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
            return None
        if bare and not intl:
            score = 0.85
        elif _has_cue(doc, start, end, cue):
            score = 0.9
        else:
            score = 0.85 if intl else 0.7
        return Finding(start, end, "PHONE_NUMBER", "pii", score, self.name)


def _extension(text: str, i: int) -> bool:
    return text[i] in "xX" and text[i + 1 : i + 2].isdigit()


def _has_cue(doc: Document, start: int, end: int, cache: list[bool]) -> bool:
    if not cache:
        cache.append(_PHONE_CUE.search(doc.around(start, end, 40)) is not None)
    return cache[0]


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


# --- IP addresses -----------------------------------------------------------------------

_HEX_COLON = string.hexdigits + ":"
_V6_RUN = re.compile(r"[0-9A-Fa-f:.]{0,45}")
_IP_CUE = re.compile(r"\b(?:ip|ipv4|ipv6|addr|address|host|server|client|remote|src|dst)\b")


class IpAddressDetector(Detector):
    """IPv4 and IPv6 addresses, validated with `ipaddress`."""

    name = "ip_address"
    entities = (IP_ADDRESS,)

    def triggers(self) -> Sequence[Trigger]:
        return (
            Trigger("v4", r"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b"),
            Trigger("v6", r"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){3}:"),
            Trigger("v6z", r"\b[0-9A-Fa-f]{1,4}::"),
            Trigger("v6zl", r"(?:^|[^0-9A-Za-z_:])::[0-9A-Fa-f]{1,4}"),
        )

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        last_end = -1
        for hit in _in_order(hits):
            if hit.end <= last_end:
                continue
            span = self._v4(doc, hit) if hit.key == "v4" else self._v6(doc.text, hit)
            if span is None or span[0] < last_end:
                continue
            # Loopback, unspecified and netmask values identify no one: a low score.
            start, end, plain = span
            score = 0.4 if not plain else 0.9
            if plain and _IP_CUE.search(doc.around(start, end, 32)):
                score = 0.95
            last_end = end
            yield Finding(start, end, "IP_ADDRESS", "pii", score, self.name)

    @staticmethod
    def _v4(doc: Document, hit: Hit) -> tuple[int, int, bool] | None:
        text, start, end = doc.text, hit.start, hit.end
        if text[end : end + 1] == "." and text[end + 1 : end + 2].isdigit():
            return None  # more dotted parts: an OID or a version (1.3.6.1.4.1)
        if start > 1 and text[start - 1] in "./" and text[start - 2].isalnum():
            return None  # "1.2.3.4.5" or a product token ("Chrome/120.0.0.1")
        octets = text[start:end].split(".")
        if any(int(o) > 255 or (o[0] == "0" and len(o) > 1) for o in octets):
            return None  # leading zeros: ambiguous (octal in some parsers), and rarely an IP
        if _VERSION_CUE.search(doc.before(start, 16)):
            return None
        return start, end, octets[0] not in ("0", "127", "255")

    @staticmethod
    def _v6(text: str, hit: Hit) -> tuple[int, int, bool] | None:
        pos = hit.start if text[hit.start] in _HEX_COLON else hit.start + 1
        head = text[max(0, pos - 40) : pos]
        start = pos - (len(head) - len(head.rstrip(_HEX_COLON)))
        m = _V6_RUN.match(text, pos, pos + 45)
        end = m.end() if m else pos
        while end > start and text[end - 1] == ".":
            end -= 1
        if end - start < 3:
            return None
        if text[end - 1] == ":" and text[end - 2] != ":":
            end -= 1
        if _word_char(text, start - 1) or _word_char(text, end):
            return None
        value = text[start:end]
        if ":" not in value or not any(c.isdigit() for c in value):
            return None
        groups = [g for g in value.split(":") if g]
        if len(groups) < 2 or max(len(g) for g in groups) < 3:
            return None  # "1::2" slices and MAC / EUI-64 ("00:1a:...") shapes
        try:
            ip = ipaddress.IPv6Address(value)
        except ValueError:
            return None
        return start, end, not (ip.is_loopback or ip.is_unspecified)


def build(ctx: BuildContext) -> list[Detector]:
    return [EmailDetector(), PhoneDetector(ctx.config.default_region), IpAddressDetector()]
