"""Ed25519 signatures on the checkpoints kept elsewhere (legal-policy-model §5.4).

Why: a checkpoint file held apart from the log exposes a rewrite only while whoever rewrites the
log cannot rewrite the file too. Signed with a key that lives apart from the crawler (the DPO's),
a checkpoint that was altered, or written by someone without the key, no longer verifies, wherever
the file is kept. The signature covers the checkpoint's canonical JSON (`canonical_json`, the
log's one serialisation) without its `signature` and `key_id` fields.

Keys are PEM files as OpenSSL writes them:
    openssl genpkey -algorithm ed25519 -out checkpoint-key.pem         # private: keep it apart
    openssl pkey -in checkpoint-key.pem -pubout -out checkpoint-key.pub  # public: for verify
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapeguard.audit.canonical import canonical_json
from scrapeguard.audit.errors import AuditError, AuditUnreadable
from scrapeguard.audit.files import read_at_most

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_FIELDS = ("signature", "key_id")
_PREFIX = "ed25519:"
_MAX_KEY_FILE = 64 * 1024


class KeyUnusable(AuditError):
    """A key file that is no Ed25519 key (or cannot be read): the operator's input, exit 2."""

    exit_code = 2


def _read_pem(path: str, what: str) -> bytes:
    try:
        data = read_at_most(path, _MAX_KEY_FILE)
    except OSError as exc:
        raise KeyUnusable(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    if data is None or b"-----BEGIN" not in data:
        raise KeyUnusable(f"{path}: not a PEM key file (make one with `openssl genpkey -algorithm ed25519`)")
    return data


def _no_cryptography() -> KeyUnusable:
    return KeyUnusable("signed checkpoints need the cryptography package: pip install 'scrapeguard[sign]'")


def load_signing_key(path: str) -> Ed25519PrivateKey:
    """The private key `audit checkpoint --sign-key` signs with (unencrypted PKCS#8 PEM)."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError:
        raise _no_cryptography() from None
    data = _read_pem(path, "signing key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyUnusable(f"{path}: not an unencrypted private key (a public key cannot sign)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyUnusable(f"{path}: a {type(key).__name__}, not an Ed25519 key")
    return key


def load_verify_key(path: str) -> Ed25519PublicKey:
    """The public key `audit verify --verify-key` checks with (a private key file gives its own)."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    except ImportError:
        raise _no_cryptography() from None
    data = _read_pem(path, "verify key")
    key: Any
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise KeyUnusable(f"{path}: neither a public key nor an unencrypted private one") from None
        if isinstance(key, Ed25519PrivateKey):
            key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise KeyUnusable(f"{path}: a {type(key).__name__}, not an Ed25519 key")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    """A short name of the public key, so a reader sees which key signed (not a secret)."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()[:16]


def signed_bytes(checkpoint: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in checkpoint.items() if k not in SIGNATURE_FIELDS}).encode("utf-8")


def sign(checkpoint: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The checkpoint with its `key_id` and `signature`."""
    signature = key.sign(signed_bytes(checkpoint))
    return {**checkpoint, "key_id": key_id(key.public_key()),
            "signature": _PREFIX + base64.b64encode(signature).decode("ascii")}


def signature_problem(checkpoint: dict[str, Any], key: Ed25519PublicKey) -> str | None:
    """Why the checkpoint is not vouched for by `key`, or None when its signature holds."""
    from cryptography.exceptions import InvalidSignature

    value = checkpoint.get("signature")
    if value is None:
        return "no signature"
    if not isinstance(value, str) or not value.startswith(_PREFIX):
        return "a signature that is no Ed25519 one"
    try:
        raw = base64.b64decode(value[len(_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        return "a signature that is no base64"
    try:
        key.verify(raw, signed_bytes(checkpoint))
    except InvalidSignature:
        named = checkpoint.get("key_id")
        other = isinstance(named, str) and named != key_id(key)
        return f"signed by another key ({named})" if other else "a signature that does not match its content"
    return None


# more than a log's checkpoints fill (one line of ~400 bytes a checkpoint_every records, a signed one ~500)
MAX_KEPT_FILE = 256 * 1024 * 1024


def kept_text(path: str) -> str:
    """The text of a checkpoint file (a BOM an editor added is no content), read no further than
    `MAX_KEPT_FILE`: read whole, `--checkpoint /dev/zero` or a disk image given by mistake ended in a
    MemoryError traceback, exit 1 ('tampered'). UnicodeDecodeError for one that is no UTF-8 text."""
    data = read_at_most(path, MAX_KEPT_FILE)
    if data is None:
        raise AuditUnreadable(f"{path}: not a checkpoint file (larger than {MAX_KEPT_FILE >> 20} MiB, which no "
                              "log's checkpoints fill)")
    return data.decode("utf-8-sig")


def _kept(path: str) -> Iterator[tuple[int, Any]]:
    """(line number, the JSON it holds) of each line of a checkpoint file that is JSON; the others
    are left to the reader of checkpoints, which names them."""
    for number, line in enumerate(kept_text(path).splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except ValueError:
                continue


def unsigned_lines(path: str, key: Ed25519PublicKey) -> list[str]:
    """Each checkpoint line of the file `path` that `key` does not vouch for, said with its line."""
    problems = ((number, signature_problem(obj, key) if isinstance(obj, dict) else "not a checkpoint")
                for number, obj in _kept(path))
    return [f"{Path(path).name}:{number}: {problem}" for number, problem in problems if problem is not None]


def any_signed(path: str) -> bool:
    """Whether some checkpoint kept in `path` carries a signature (one search for most files)."""
    return '"signature"' in kept_text(path) and any(
        isinstance(obj, dict) and "signature" in obj for _, obj in _kept(path))
