"""Retention: apply the policy's keep-periods to the log itself, without breaking `verify`.

Design (legal-policy-model §5.5). Each record expires by class: a blocked item after
`keep_blocked_days`; a kept item `keep_after_item_deleted_days` after its own retention
date; DSR and prune events after `keep_dsr_days`. A prune then
1. erases the sidecar (clear URLs, image hashes) of every expired record — this alone
   removes the personal data, and the chain never covered it;
2. deletes the longest run of expired records at the *start* of the chain, after storing
   an anchor (the last removed record's seq and hash) and a checkpoint at that point, so
   `verify` starts from the anchor instead of the genesis;
3. appends a `scrapeguard.prune/1` event that names the anchor and the counts removed.
`verify` accepts an anchor only when a prune event in the chain vouches for it, so a
silently deleted prefix is still reported. Expired records after a still-live one stay
in the chain (minus their personal fields) until everything before them expires too.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any

from scrapeguard.audit.canonical import canonical_json
from scrapeguard.audit.errors import AuditError
from scrapeguard.audit.record import (
    PRUNE_SCHEMA,
    event_record,
    format_ts,
    now_ts,
    parse_ts,
)
from scrapeguard.audit.store import VALID_RECORD, AuditLog
from scrapeguard.policy.model import Policy


def _expires(kind: str, ts: str, action: str, enforced: Any, until: str | None, policy: Policy) -> _dt.datetime | None:
    audit = policy.audit
    try:
        when = parse_ts(ts)
    except ValueError:
        return None
    if kind == "decision":
        if action == "block" and enforced in (1, True, None):
            return when + _dt.timedelta(days=audit.keep_blocked_days)
        base = when
        if until:
            try:
                base = parse_ts(until)
            except ValueError:
                base = when
        return base + _dt.timedelta(days=audit.keep_after_item_deleted_days)
    return when + _dt.timedelta(days=audit.keep_dsr_days)


class PruneError(AuditError):
    """A prune that would remove records still inside their retention period: refused."""

    exit_code = 2


def prune(log: AuditLog, policy: Policy, *, as_of: str | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Apply retention; returns what was (or, with `dry_run`, would be) removed.

    `as_of` may lie in the past (prune as a scheduled job would have), never in the future
    except for a dry run: a future date deletes records the policy says to keep."""
    real_now = _dt.datetime.now(_dt.UTC)
    try:
        now = parse_ts(as_of) if as_of else real_now
    except ValueError:
        raise PruneError(f"--as-of: not a date or RFC 3339 time in range: {as_of!r}") from None
    if now > real_now and not dry_run:
        raise PruneError(
            f"--as-of {format_ts(now)} is later than now ({format_ts(real_now)}): it would remove records "
            "still inside their retention period (use --dry-run to see what would expire then)"
        )
    anchor = log.anchor()
    first_seq = anchor[0] + 1 if anchor else 0
    expired: list[int] = []
    prefix_end = -1
    prefix_open = True
    by_class: dict[str, int] = {}
    rows = log.conn.execute(
        f"SELECT seq, kind, ts, action, json_extract({VALID_RECORD}, '$.outcome.enforced'), "
        f"json_extract({VALID_RECORD}, '$.retention.until') FROM chain c ORDER BY seq"
    )
    for seq, kind, ts, action, enforced, until in rows:
        due = _expires(kind, ts, action, enforced, until, policy)
        if due is not None and due <= now:
            expired.append(int(seq))
            if prefix_open:
                prefix_end = int(seq)
                label = kind if kind != "decision" else "decision:blocked" if action == "block" else "decision:kept"
                by_class[label] = by_class.get(label, 0) + 1
        else:
            prefix_open = False
    result: dict[str, Any] = {
        "as_of": format_ts(now),
        "dry_run": dry_run,
        "expired_records": len(expired),
        "truncated_through_seq": prefix_end,
        "removed_records": max(0, prefix_end - first_seq + 1),
        "removed_by_class": by_class,
        "rules": {
            "keep_blocked_days": policy.audit.keep_blocked_days,
            "keep_after_item_deleted_days": policy.audit.keep_after_item_deleted_days,
            "keep_dsr_days": policy.audit.keep_dsr_days,
        },
    }
    if dry_run:
        return result
    event_id = f"prune-{uuid.uuid4()}"
    with log.transaction() as conn:
        erased = 0
        for start in range(0, len(expired), 500):
            chunk = expired[start : start + 500]
            erased += conn.execute(f"DELETE FROM sidecar WHERE seq IN ({','.join('?' * len(chunk))})", chunk).rowcount
        head_hash = ""
        if prefix_end >= 0:
            row = conn.execute("SELECT hash FROM chain WHERE seq = ?", (prefix_end,)).fetchone()
            head_hash = str(row[0])
            conn.execute(
                "INSERT INTO anchors(through_seq, hash, ts) VALUES (?, ?, ?)", (prefix_end, head_hash, now_ts())
            )
            counts = dict(
                conn.execute(
                    "SELECT action, count(*) FROM chain WHERE seq <= ? GROUP BY action", (prefix_end,)
                ).fetchall()
            )
            conn.execute(
                "INSERT OR IGNORE INTO checkpoints(tree_size, head_hash, ts, counts, reason) "
                "VALUES (?, ?, ?, ?, 'prune')",
                (prefix_end + 1, head_hash, now_ts(), canonical_json(counts)),
            )
            conn.execute("DELETE FROM chain WHERE seq <= ?", (prefix_end,))
        body = {
            "as_of": result["as_of"],
            "truncated_through_seq": prefix_end,
            "truncated_head_hash": head_hash,
            "removed_records": result["removed_records"],
            "removed_by_class": by_class,
            "sidecar_rows_erased": erased,
            "policy": {"id": policy.id, "version": policy.version, "sha256": policy.sha256},
            "rules": result["rules"],
        }
        result["event_seq"] = log.append_prepared(conn, event_record(PRUNE_SCHEMA, body, event_id, "prune"))
    result["sidecar_rows_erased"] = erased
    log.flush_wal()
    return result
