"""What the Zeek readers share: which Zeek logs are read and how their fields map."""

from __future__ import annotations

# Per Zeek log: normalized field -> Zeek field, or a constant (quoted) when the log has none.
FIELDS: dict[str, dict[str, str]] = {
    "dns": {"host": "query", "method": "'DNS'", "status": "rcode"},
    "http": {
        "host": "host",
        "method": "method",
        "status": "status_code",
        "bytes_out": "request_body_len",
        "bytes_in": "response_body_len",
        "user": "username",
    },
    "ssl": {"host": "server_name", "method": "'TLS'"},
}
COMMON = {"ts": "ts", "src_ip": "id.orig_h"}

# Fields that tell a JSON record's log apart when it has no `_path` key.
SIGNATURES: dict[str, frozenset[str]] = {
    "dns": frozenset({"query", "trans_id"}),
    "http": frozenset({"method", "uri"}),
    "ssl": frozenset({"server_name", "cipher"}),
}


def mapping(kind: str) -> dict[str, str]:
    """Normalized field -> Zeek field (or quoted constant) for log `kind`."""
    return {**COMMON, **FIELDS[kind]}


def kind_of_keys(keys: set[str], path: str | None) -> str | None:
    """The Zeek log a JSON record belongs to (dns, http, ssl) or None."""
    if path in FIELDS:
        return path
    for kind, signature in SIGNATURES.items():
        if signature <= keys:
            return kind
    return None
