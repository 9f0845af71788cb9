"""The Art. 30 record of processing, built from the policy and the log."""

from __future__ import annotations

from pathlib import Path

from scrapeguard.audit import AuditLog, ropa
from scrapeguard.audit.dsr import Subject, access, erase
from scrapeguard.policy import load_policy
from tests.audit.conftest import make_decision


def test_requests_handled_counts_requests_not_an_erasures_follow_up_records(tmp_path: Path) -> None:
    """A decision of an erased item written after the erasure gets a follow-up erasure record of the
    same request (`AuditLog._note_erased`); the record of processing counted each as a request
    handled: one erasure read as three."""
    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(make_decision(1, action="allow", url=url))
        access(log, Subject(urls=[url]))
        erase(log, Subject(urls=[url]), request_id="req-1")
        log.append(make_decision(2, action="allow", url=url))
        log.append(make_decision(3, action="allow", url=url))
        record = ropa.build(load_policy("gdpr-strict"), log)
    assert record["audit_log"]["requests_handled"] == {"access": 1, "erasure": 1}
