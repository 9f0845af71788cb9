"""Audit errors, each with the exit code the CLI gives it: scripts can tell a tampered
log (1) from one that cannot be read at all (2)."""

from __future__ import annotations


class AuditError(Exception):
    """Any failure to read or write the audit log; the message is for a human."""

    exit_code = 3


class AuditUnreadable(AuditError):
    """Damaged, truncated, not an audit log, or not openable."""

    exit_code = 2


class AuditTampered(AuditUnreadable):
    """What only an edit makes of a log (its key or a table deleted, which its triggers forbid):
    tampered, as `verify` says of an edited record, though it cannot be read as a log."""

    exit_code = 1


class AuditMissing(AuditUnreadable):
    """No log at that path (reads never create one)."""


class AuditSchemaTooNew(AuditUnreadable):
    """Written by a newer scrapeguard; left untouched rather than misread."""


class AuditGone(AuditError):
    """The log's file, or its -wal or -shm, was deleted or replaced under the process writing it: no write
    succeeds again until the guard is restarted on the log, so the failure does not pass with time (a refusal
    for it is no 503 with Retry-After, which a crawler retried for ever)."""


class AuditLocked(AuditError):
    """Another process held the write lock longer than the busy timeout."""

    exit_code = 4


class AuditFull(AuditError):
    """The disk (or the database's page limit) is full: the record was not written."""

    exit_code = 5


def os_error_exit(exc: OSError) -> int:
    """The exit code of a failed file operation: a file the disk, the quota or the file system's
    size limit could not take is 'disk full' (`AuditFull`'s 5, as the help says), which a script
    must tell from a bad path or input (2)."""
    import errno

    full = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return AuditFull.exit_code if exc.errno in full else AuditUnreadable.exit_code
