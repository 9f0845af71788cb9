"""The HTML report: which policy decided, and how much a failed check let through."""

from __future__ import annotations

from pathlib import Path

from scrapeguard.audit import AuditLog
from scrapeguard.audit.query import stats
from scrapeguard.audit.report import policy_stats, render
from tests.audit.test_export import two_policy_log


def test_report_counts_decisions_by_policy_and_fail_open(tmp_path: Path) -> None:
    with AuditLog.open(two_policy_log(tmp_path), read_only=True) as log:
        figures = policy_stats(log)
        data = {**stats(log), **figures}
    assert figures["fail_open"] == 1
    assert {(p["policy"], p["on_error"], p["art6"], p["decisions"], p["fail_open"]) for p in figures["by_policy"]} == {
        ("gdpr-strict", "fail-closed", "eu-gdpr:A6-1-f", 1, 0),
        ("gdpr-open", "fail-open", "eu-gdpr:A6-1-f", 1, 1),
    }
    html = render(data, None, log_path="log.sqlite", generated="now")
    assert "<h2>By policy</h2>" in html and "gdpr-open" in html and "fail-closed" in html
    assert "let through by fail-open" in html
