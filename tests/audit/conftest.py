"""Helpers for the audit tests: decisions as the guard makes them, a real SQLite file,
and the CLI run in-process through `register` on a parser built here."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.cli import register
from scrapeguard.decision import Decision, Finding

DOMAINS = ("example.fr", "news.example.co.uk", "alice.github.io", "shop.example.com")


@functools.lru_cache(maxsize=1)
def _gdpr_strict() -> tuple[str, str]:
    """The shipped policy the decisions name (a prune holds records to the policy they name)."""
    from scrapeguard.policy import load_policy

    policy = load_policy("gdpr-strict")
    return policy.version, policy.sha256


def make_decision(
    i: int,
    *,
    action: str = "block",
    url: str | None = None,
    days_ago: float = 0.0,
    code: str = "robots.disallow",
    purpose: str = "web-text-corpus",
    image_sha256: str | None = None,
    enforced: bool = True,
    ts: str | None = None,
) -> Decision:
    """A decision shaped like the guard's: findings with codes and evidence, policy ids."""
    url = url or f"https://{DOMAINS[i % len(DOMAINS)]}/people/{i}.jpg"
    findings = (
        []
        if action == "allow"
        else [
            Finding(
                "opt_out" if code.startswith("robots") else "personal_image",
                code,
                f"{code} on {url}",
                "robots.txt line 3",
                {"faces": 1, "max_score": 0.91, "box": [1, 2, 30, 30]},
                action,
                "purpose.on.opt_out",
            )
        ]
    )
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    return Decision(
        url=url,
        stage="response",
        action=action,
        findings=findings,
        enforced=enforced,
        purpose=purpose,
        usage="train-ai",
        policy_id="gdpr-strict",
        policy_version=_gdpr_strict()[0],
        policy_sha256=_gdpr_strict()[1],
        jurisdictions=["EU"],
        jurisdiction_evidence=[{"signal": "cctld", "value": "fr", "added": "EU"}],
        legal_basis={"art6": "eu-gdpr:A6-1-f", "art9": []},
        retention_days=180,
        on_error="fail-closed",
        status=200,
        content_type="image/jpeg",
        body_sha256=image_sha256 or f"{i:064x}",
        page_url=f"https://{DOMAINS[i % len(DOMAINS)]}/people/",
        detectors=[{"name": "face.yunet", "version": "2023mar"}],
        ts=ts or when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    )


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    return tmp_path / "decisions.sqlite"


@pytest.fixture
def filled(log_path: Path) -> Path:
    """A log with 40 decisions of every action over a few days, closed again."""
    actions = ("block", "allow", "redact", "log")
    with AuditLog.open(log_path, checkpoint_every=10) as log:
        for i in range(40):
            log.append(
                make_decision(
                    i,
                    action=actions[i % 4],
                    days_ago=(40 - i) / 10,
                    code="robots.disallow" if i % 2 else "face.detected",
                )
            )
    return log_path


def raw(path: Path) -> sqlite3.Connection:
    """Plain SQL access, as a tamperer would have: triggers dropped."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run `scrapeguard audit …` in-process; returns (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="scrapeguard")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["audit", *argv])
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = args.func(args)
    return code, out.getvalue(), err.getvalue()


def make_not_utf8(conn: sqlite3.Connection, table: str, column: str, seq: int) -> None:
    """Overwrite one byte of a stored text value with FF, which no UTF-8 text holds (a bad
    sector, a hex editor): SQLite keeps it as text, Python's sqlite3 cannot decode it."""
    value = conn.execute(f"SELECT CAST({column} AS BLOB) FROM {table} WHERE seq = ?", (seq,)).fetchone()[0]
    conn.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE seq = ?", (value[:3] + b"\xff" + value[4:], seq))


def make_not_utf8_in_record(conn: sqlite3.Connection, seq: int, string: str) -> None:
    """Make the second byte of a JSON string in record `seq` ('"robots.disallow"') FF: the JSON stays
    valid, so SQLite's JSON functions give out the damaged text that Python's sqlite3 cannot decode."""
    value = conn.execute("SELECT CAST(record AS BLOB) FROM chain WHERE seq = ?", (seq,)).fetchone()[0]
    old = f'"{string}"'.encode()
    assert old in value, (seq, string)
    conn.execute("UPDATE chain SET record = CAST(? AS TEXT) WHERE seq = ?",
                 (value.replace(old, old[:2] + b"\xff" + old[3:]), seq))


@pytest.fixture
def not_utf8():  # noqa: ANN201
    """`not_utf8(tamper(path), table, column, seq)`: one byte of that value made FF."""
    return make_not_utf8


@pytest.fixture
def decision():  # noqa: ANN201 - returns the factory
    """`decision(i, action=..., url=..., days_ago=...)` -> Decision (test modules cannot
    import from this conftest under --import-mode=importlib)."""
    return make_decision


@pytest.fixture
def cli():  # noqa: ANN201
    return run_cli


@pytest.fixture
def tamper():  # noqa: ANN201
    return raw
