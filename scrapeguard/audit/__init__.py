"""The audit log: append-only, hash-chained, crash-safe; answers access and erasure requests.

from scrapeguard.audit import AuditLog
log = AuditLog.open("decisions.sqlite")
log.append(decision)          # durable when it returns
result = log.verify()         # result.ok, result.first_bad_seq, result.reason
"""

from scrapeguard.audit.errors import (
    AuditError,
    AuditFull,
    AuditLocked,
    AuditMissing,
    AuditSchemaTooNew,
    AuditTampered,
    AuditUnreadable,
)
from scrapeguard.audit.store import AuditLog, Entry
from scrapeguard.audit.verify import Problem, VerifyResult, verify_jsonl_lines

__all__ = [
    "AuditError",
    "AuditFull",
    "AuditLocked",
    "AuditLog",
    "AuditMissing",
    "AuditSchemaTooNew",
    "AuditTampered",
    "AuditUnreadable",
    "Entry",
    "Problem",
    "VerifyResult",
    "verify_jsonl_lines",
]
