"""Contact details: e-mail addresses, phone numbers and IP addresses (Presidio names).

Triggers are short prefixes of each shape; Python then takes the whole value on a
bounded window and validates it (domain shape, `phonenumbers`, `ipaddress`).
Cheap rejections (dates, versions, file names, URLs) run before the costly checks.
Phone numbers, the largest part, are in `contact_phone`.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.contact_phone import (
    PHONE_NUMBER,
    VERSION_CUE,
    PhoneDetector,
    in_order,
    word_char,
)
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

EMAIL_ADDRESS = EntitySpec(
    "EMAIL_ADDRESS", "pii", Severity.MEDIUM, "An e-mail address", presidio=True
)
IP_ADDRESS = EntitySpec("IP_ADDRESS", "pii", Severity.LOW, "An IPv4 or IPv6 address", presidio=True)

ENTITIES: list[EntitySpec] = [EMAIL_ADDRESS, PHONE_NUMBER, IP_ADDRESS]


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
        for hit in in_order(hits):
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
        for hit in in_order(hits):
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
        if VERSION_CUE.search(doc.before(start, 32)):
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
        if word_char(text, start - 1) or word_char(text, end):
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
    return [
        EmailDetector(),
        PhoneDetector(ctx.config.default_region, ctx.config.phone_regions),
        IpAddressDetector(),
    ]
