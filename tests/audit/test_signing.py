"""Signed checkpoints (`audit/signing.py`, legal-policy-model §5.4): a checkpoint file kept apart
from the log exposes a rewrite only while the rewriter cannot rewrite the file too; signed with a
key that lives apart from the crawler, an altered or forged checkpoint no longer verifies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from scrapeguard.audit.signing import KeyUnusable, load_signing_key, load_verify_key, sign, signature_problem


def _keys(folder: Path, name: str = "dpo") -> tuple[Path, Path]:
    """A private and a public PEM file, as `openssl genpkey -algorithm ed25519` and `openssl pkey
    -pubout` write them."""
    key = Ed25519PrivateKey.generate()
    private, public = folder / f"{name}.pem", folder / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


@pytest.fixture
def signed(filled: Path, cli, tmp_path: Path) -> tuple[Path, Path]:
    private, public = _keys(tmp_path)
    kept = tmp_path / "kept.jsonl"
    code, _, err = cli("checkpoint", "--log", str(filled), "--sign-key", str(private), "-o", str(kept))
    assert code == 0, err
    return kept, public


def test_each_checkpoint_written_carries_the_keys_signature(signed: tuple[Path, Path]) -> None:
    kept, public = signed
    lines = [json.loads(line) for line in kept.read_text().splitlines()]
    assert lines and all(c["signature"].startswith("ed25519:") and c["key_id"].startswith("sha256:") for c in lines)
    assert all(signature_problem(c, load_verify_key(str(public))) is None for c in lines)


def test_verify_with_the_public_key_holds_the_log_to_signed_checkpoints(filled: Path, cli, signed) -> None:
    kept, public = signed
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(kept), "--verify-key", str(public))
    assert code == 0 and "each signed by key sha256:" in out


def test_a_rewritten_head_in_the_kept_file_is_tampered_evidence(filled: Path, cli, signed) -> None:
    """Whoever rewrote the log and the file beside it cannot sign the new head."""
    kept, public = signed
    lines = [json.loads(line) for line in kept.read_text().splitlines()]
    lines[-1]["head_hash"] = "sha256:" + "0" * 64
    kept.write_text("".join(json.dumps(c) + "\n" for c in lines))
    code, _, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept), "--verify-key", str(public))
    assert code == 1 and f"kept.jsonl:{len(lines)}: a signature that does not match its content" in err


def test_checkpoints_signed_by_another_key_or_none_are_not_vouched_for(filled: Path, cli, signed, tmp_path) -> None:
    kept, _ = signed
    _, other = _keys(tmp_path, "someone-else")
    code, _, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept), "--verify-key", str(other))
    assert code == 1 and "signed by another key" in err
    unsigned = tmp_path / "unsigned.jsonl"
    code, _, _ = cli("checkpoint", "--log", str(filled), "-o", str(unsigned))
    _, public = signed
    code, _, err = cli("verify", "--log", str(filled), "--checkpoint", str(unsigned), "--verify-key", str(public))
    assert code == 1 and "no signature" in err
    # (a new user's walk, session 61: a file kept without --sign-key was called TAMPERED; which it may be is said)
    assert "NOT VOUCHED FOR" in err and "kept without --sign-key" in err and "TAMPERED" not in err, err
    code, _, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept), "--verify-key", str(other))
    assert "TAMPERED" in err  # (signed by another key: no file kept unsigned)


def test_a_checkpoint_signed_then_edited_field_by_field_fails(tmp_path: Path) -> None:
    key = load_signing_key(str(_keys(tmp_path)[0]))
    checkpoint = sign({"schema": "scrapeguard.checkpoint/1", "tree_size": 10, "head_hash": "sha256:ab",
                       "ts": "2026-12-03T00:00:00Z", "counts": {"allow": 10}}, key)
    assert signature_problem(checkpoint, key.public_key()) is None
    for field, value in (("tree_size", 9), ("counts", {"allow": 9}), ("ts", "2026-12-04T00:00:00Z")):
        assert signature_problem({**checkpoint, field: value}, key.public_key()) is not None
    assert signature_problem({**checkpoint, "signature": "ed25519:not base64!"}, key.public_key()) is not None


def test_a_verify_key_without_kept_checkpoints_is_bad_input(filled: Path, cli, signed) -> None:
    _, public = signed
    code, _, err = cli("verify", "--log", str(filled), "--verify-key", str(public))
    assert code == 2 and "--checkpoint FILE" in err


@pytest.mark.parametrize("content", [b"", b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"])
def test_a_file_that_is_no_ed25519_key_is_bad_input_not_a_traceback(tmp_path: Path, content: bytes, filled, cli) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(content)
    with pytest.raises(KeyUnusable):
        load_signing_key(str(key))
    code, _, err = cli("checkpoint", "--log", str(filled), "--sign-key", str(key))
    assert code == 2 and "key" in err


def test_a_public_key_cannot_sign(tmp_path: Path, filled: Path, cli) -> None:
    _, public = _keys(tmp_path)
    code, _, err = cli("checkpoint", "--log", str(filled), "--sign-key", str(public))
    assert code == 2 and "a public key cannot sign" in err


def test_a_signing_run_signs_no_checkpoint_below_the_last_kept(filled: Path, cli, signed: tuple[Path, Path]) -> None:
    """A line removed from the kept file was signed afresh by the next routine run, vouching for whatever
    the log holds there now: only checkpoints past the last kept one are signed and added."""
    kept, _ = signed
    lines = kept.read_text().splitlines()
    kept.write_text(lines[0] + "\n" + lines[-1] + "\n")  # (a middle line removed)
    private = kept.parent / "dpo.pem"
    code, _, err = cli("checkpoint", "--log", str(filled), "--sign-key", str(private), "-o", str(kept), "--no-write")
    assert code == 0, err
    assert kept.read_text().splitlines() == [lines[0], lines[-1]]


def test_a_signing_run_refuses_a_kept_file_its_key_does_not_vouch_for(filled: Path, cli, signed, tmp_path) -> None:
    kept, _ = signed
    other, _ = _keys(tmp_path, "someone-else")
    before = kept.read_text()
    code, _, err = cli("checkpoint", "--log", str(filled), "--sign-key", str(other), "-o", str(kept))
    assert code == 1 and "does not vouch for" in err and kept.read_text() == before


def test_a_run_without_the_key_does_not_add_an_unsigned_line_to_signed_checkpoints(filled: Path, cli, signed) -> None:
    """It appended one silently, and the next `verify --verify-key` said the file was altered."""
    kept, public = signed
    before = kept.read_text()
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))
    assert code == 2 and "--sign-key" in err and kept.read_text() == before
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(kept), "--verify-key", str(public))
    assert code == 0 and "the last at size 40" in out


def test_verify_without_the_key_says_the_signatures_of_signed_checkpoints_went_unchecked(
        filled: Path, cli, signed, tmp_path) -> None:
    """Signed checkpoints re-signed by whoever rewrote the log (another key) verified 'OK … matched
    (with those in kept.jsonl)' when --verify-key was left out, saying nothing of the signatures: an
    officer took the run for the signed check. It says they were not checked, and how to check them."""
    kept, _ = signed
    forger = load_signing_key(str(_keys(tmp_path, "forger")[0]))
    lines = [json.loads(line) for line in kept.read_text().splitlines()]
    kept.write_text("".join(json.dumps(sign(c, forger)) + "\n" for c in lines))
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 0 and "signatures were not checked" in out and "--verify-key" in out, out
    unsigned = tmp_path / "unsigned.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(unsigned))[0] == 0
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(unsigned))
    assert code == 0 and "signature" not in out
