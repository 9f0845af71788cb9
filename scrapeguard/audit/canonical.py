"""Canonical bytes, hashes and commitments: the parts of the audit log that must never change.

The hash chain is only as good as the agreement between the writer and every later
verifier on *which bytes* were hashed. Our records contain only strings, integers,
booleans, nulls and floats we round ourselves, so sorted keys with compact separators
(the RFC 8785 rule minus number formatting we control) gives one byte string per record.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
from typing import Any
from urllib.parse import urlsplit, urlunsplit

GENESIS = "sha256:" + "0" * 64
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_json(record: dict[str, Any]) -> str:
    """The one serialisation that is hashed, stored and exported."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_hash(record: dict[str, Any]) -> str:
    """`sha256:` over the canonical form of the record *without* its `hash` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return "sha256:" + hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def normalise_url(url: str) -> str:
    """One spelling per URL so a data subject's copy of a link finds what the crawler met:
    lower-case scheme and host, no default port, no fragment, `/` for an empty path.
    Path and query are kept byte for byte: they may be case-sensitive on the server."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return text
    if not parts.scheme or not host:
        return text
    scheme = parts.scheme.lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    # user:password@ is left out on purpose: it never identifies the resource
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 of a value: a pseudonym that only the log's key holder can recompute."""
    return "hmac-sha256:" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def url_hmac(key: bytes, url: str) -> str:
    return keyed_hash(key, "url:" + normalise_url(url))


def sha256_hmac(key: bytes, sha256_hex: str) -> str:
    return keyed_hash(key, "sha256:" + sha256_hex.lower().removeprefix("sha256:"))


def domain_hmac(key: bytes, domain: str) -> str:
    return keyed_hash(key, "domain:" + domain.lower().rstrip("."))


def new_salt() -> str:
    return secrets.token_hex(16)


def commitment(salt: str, url: str, *, normalised: bool = False) -> str:
    """Salted commitment `sha256(salt ‖ url)`: binds the record to the URL while the salt
    exists, and says nothing about it once the salt is erased."""
    text = url if normalised else normalise_url(url)
    return "sha256c:" + hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8")).hexdigest()


def clean_text(value: str) -> str:
    """Lone surrogates (from badly decoded input) cannot be stored as UTF-8: replace them
    rather than fail the write, which would turn a harmless byte into a blocked item."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


_DROP_KEYS = frozenset({"pixels", "crop", "crops", "embedding", "embeddings", "thumbnail", "image", "data", "bytes"})
_MAX_VECTOR = 64


def scrub(value: Any, secrets_: tuple[str, ...] = ()) -> Any:
    """Make a value safe for the chain: no bytes, no embeddings or pixel arrays, no NaN,
    and the decision's own URLs replaced by `<url>` (they belong in the erasable sidecar)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            key = str(k)
            if key.lower() in _DROP_KEYS and not isinstance(v, (int, float, bool, type(None))):
                out[key] = "<omitted>"
                continue
            out[key] = scrub(v, secrets_)
        return out
    if isinstance(value, (list, tuple)):
        if len(value) > _MAX_VECTOR and all(isinstance(x, (int, float)) for x in value):
            return f"<{len(value)} numbers omitted>"
        return [scrub(v, secrets_) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes omitted>"
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    if isinstance(value, str):
        value = clean_text(value)
        for s in secrets_:
            if len(s) >= 8 and "://" in s and s in value:  # only real URLs, never short fragments
                value = value.replace(s, "<url>")
        return value
    if value is None or isinstance(value, (bool, int)):
        return value
    return str(value)
