"""Retention: apply the policy's keep-periods to the log itself, without breaking `verify`.

Design (legal-policy-model §5.5). Each record expires by class: a blocked item after
`keep_blocked_days`; a kept item `keep_after_item_deleted_days` after its own retention
date, and so does a stored copy's record (`scrapeguard.storage/1`: only kept items are
stored, and its location and hash must not outlive the decision, nor hold the prefix
back); DSR and prune events after `keep_dsr_days`. A prune then
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
import json
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
from scrapeguard.audit.store import VALID_RECORD, AuditLog, action_counts, blob_columns, column_text, text_rows
from scrapeguard.audit.unwritten import rejected_journals
from scrapeguard.policy.model import Policy


class PruneError(AuditError):
    """A prune that would remove records still inside their retention period: refused."""

    exit_code = 2


def rules_of(policy: Policy) -> dict[str, int]:
    """The keep-periods a prune applies, as its event records them. `until_inclusive`: a kept
    item's period counts from the end of its retention date, through which the item is kept;
    a prune recorded without it (an earlier release) counted from that day's midnight, and
    `verify` holds each prune to the rules it recorded."""
    audit = policy.audit
    return {
        "keep_blocked_days": audit.keep_blocked_days,
        "keep_after_item_deleted_days": audit.keep_after_item_deleted_days,
        "keep_dsr_days": audit.keep_dsr_days,
        "until_inclusive": 1,
    }


def expires(kind: str, ts: str, action: str, enforced: Any, until: str | None, rules: dict[str, Any]) -> _dt.datetime | None:
    """When a record's class of retention ends under these rules (`rules_of`); None when its
    time is unreadable. Shared with `verify`, which checks that a prune event covers every
    sidecar row it erased."""
    try:
        when = parse_ts(ts)
    except ValueError:
        return None
    if kind in ("decision", "storage"):  # a stored copy is of a kept item: its period
        if kind == "decision" and action == "block" and enforced in (1, True, None):
            return when + _dt.timedelta(days=int(rules["keep_blocked_days"]))
        base = when
        if until:
            try:
                base = parse_ts(until)
            except ValueError:
                base = when
            else:  # (a date: the item is kept through it)
                if rules.get("until_inclusive") and len(str(until).strip()) == 10:
                    base += _dt.timedelta(days=1)
        return base + _dt.timedelta(days=int(rules["keep_after_item_deleted_days"]))
    return when + _dt.timedelta(days=int(rules["keep_dsr_days"]))


def _longer(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: max(a[k], b[k]) for k in a}


def _shipped(policy_id: str) -> Policy | None:
    """The shipped policy of this id (never a path taken from a record)."""
    from scrapeguard.policy import load_policy
    from scrapeguard.policy.errors import PolicyError
    from scrapeguard.policy.loader import builtin_policy_dirs

    if not policy_id or not all(c.isalnum() or c in "-_." for c in policy_id) or policy_id.startswith("."):
        return None
    for folder in builtin_policy_dirs():
        candidate = folder / f"{policy_id}.toml"
        if candidate.is_file():
            try:
                return load_policy(candidate)
            except PolicyError:
                return None
    return None


def record_rules(
    log: AuditLog, policy: Policy, others: list[Policy] | None = None
) -> tuple[dict[tuple[str, str], dict[str, int]], list[tuple[str, str, int]]]:
    """For each policy (id, sha256) the log's decisions name: the keep-periods that bind them,
    the longer of the given policy's and their own; and (id, sha256, decisions) of the policies
    that cannot be identified.

    Their own policy is the given one, one of `others`, or the shipped policy of that id when
    its fingerprint matches; a decision that names an id but no fingerprint (`Decision`'s
    default) is bound by the given policies of that id, the longest of them. Decisions of a
    policy that cannot be identified are kept whole by the prune (a record written under a
    longer retention must not be removed early), and the rest of the log is still pruned:
    one unknown policy must not keep every other record past its own retention."""
    given = rules_of(policy)
    candidates = [policy, *(others or [])]
    known = {(p.id, p.sha256): p for p in candidates}
    out: dict[tuple[str, str], dict[str, int]] = {}
    unknown: list[tuple[str, str, int]] = []
    for pid, sha, n in _policies_to_bind(log):
        if not pid and not sha:
            out[(pid, sha)] = given  # written without a policy (a bare `append`): nothing to compare
            continue
        own_rules: dict[str, int] | None = None
        if not sha:
            same_id = [rules_of(p) for p in candidates if p.id == pid]
            if same_id:
                own_rules = same_id[0]
                for other in same_id[1:]:
                    own_rules = _longer(own_rules, other)
        else:
            own = known.get((pid, sha))
            if own is None:
                shipped = _shipped(pid)
                own = shipped if shipped is not None and shipped.sha256 == sha else None
            own_rules = rules_of(own) if own is not None else None
        if own_rules is None:
            unknown.append((pid, sha, int(n)))
        else:
            out[(pid, sha)] = _longer(given, own_rules)
    return out, unknown


def _policies_to_bind(log: AuditLog) -> list[tuple[str, str, int]]:
    """`log.policies_named()`, and the policies stored copies name that no decision left in
    the log does (their decision was pruned first), with 0 decisions."""
    named = log.policies_named()
    seen = {(pid, sha) for pid, sha, _ in named}
    named_by = blob_columns(*(f"json_extract({VALID_RECORD}, '$.policy.{key}')" for key in ("id", "sha256")))
    rows = text_rows(  # (as bytes, as `policies_named` reads them)
        log.conn, f"SELECT DISTINCT {named_by} FROM chain c WHERE action = 'storage'"  # (indexed; storage events alone)
    )
    extra = sorted({(str(pid or ""), str(sha or "")) for pid, sha in rows} - seen - {("", "")})
    return named + [(pid, sha, 0) for pid, sha in extra]


def storage_rules(
    own: tuple[str, str], by_policy: dict[tuple[str, str], Any], given: dict[str, Any]
) -> dict[str, Any] | None:
    """The rules a stored copy's record is judged by: those of its decision's policy (`own`),
    or `given` (the prune's own) for a record that names none; None (kept) for a policy the
    prune could not identify. Shared with `verify`."""
    return by_policy.get(own, given if own == ("", "") else None)


def unknown_text(unknown: list[dict[str, Any]]) -> str:
    """One line naming the policies a prune could not identify, for its output."""
    named = "; ".join(
        f"{u['decisions']} under {u['id'] or '(no id)'!r} ("
        + (f"sha256 {u['sha256'][:16]}…" if u["sha256"] else "no fingerprint")
        + ")"
        for u in unknown
    )
    return (
        f"kept the records of policies this prune cannot identify, whole, where they stand: {named}. "
        "Give each such policy (--policy FILE, repeated; for records without a fingerprint, a policy of that id) "
        "to apply its retention"
    )


def prune(
    log: AuditLog,
    policy: Policy,
    *,
    as_of: str | None = None,
    dry_run: bool = False,
    others: list[Policy] | None = None,
) -> dict[str, Any]:
    """Apply retention; returns what was (or, with `dry_run`, would be) removed.

    `as_of` may lie in the past (prune as a scheduled job would have), never in the future
    except for a dry run: a future date deletes records the policy says to keep.

    Each decision is kept by the longer of `policy`'s keep-periods and those of the policy
    it was written under (`record_rules`; `others` are further policies the log names)."""
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
    # a log that does not verify keeps every record: removing its oldest would remove the evidence
    # of what was altered there (`verify` then starts at the anchor and says OK); its expired
    # personal fields are still erased, which is all that retention asks of the chain's records
    verified = log.verify()
    anchor = log.anchor()
    first_seq = anchor[0] + 1 if anchor else 0
    expired: list[int] = []
    prefix_end = -1
    prefix_open = verified.ok
    by_class: dict[str, int] = {}
    held_back: dict[str, Any] | None = None  # the first record still due, where the cut stops
    given = rules_of(policy)
    bound, unknown = record_rules(log, policy, others)
    # (text read as bytes, `blob_columns`: one byte that is not UTF-8 in any record failed every prune,
    # and expired URLs outlived their period; such a record fails `verify`, so the chain is kept)
    rows = log.conn.execute(
        f"SELECT seq, {blob_columns('kind', 'ts', 'action')}, json_extract({VALID_RECORD}, '$.outcome.enforced'), "
        + blob_columns(f"json_extract({VALID_RECORD}, '$.retention.until')", f"json_extract({VALID_RECORD}, '$.policy.id')",
                       f"json_extract({VALID_RECORD}, '$.policy.sha256')") + " FROM chain c ORDER BY seq"
    )
    for seq, *values in rows:
        kind, ts, action, enforced, until, pid, sha = map(column_text, values)  # (a non-bytes value passes as it is)
        if kind in ("decision", "storage"):
            own = (str(pid or ""), str(sha or ""))
            rules = bound.get(own) if kind == "decision" else storage_rules(own, bound, given)
            # a policy that cannot be identified (or one first named after `record_rules` read
            # the log): the record is kept, and the prefix stops at it
            due = expires(kind, ts, action, enforced, until, rules) if rules is not None else None
        else:
            due = expires(kind, ts, action, enforced, until, given)
        if due is not None and due <= now:
            expired.append(int(seq))
            if prefix_open:
                prefix_end = int(seq)
                label = kind if kind != "decision" else "decision:blocked" if action == "block" else "decision:kept"
                by_class[label] = by_class.get(label, 0) + 1
        else:
            if prefix_open:
                held_back = {"seq": int(seq), "kind": kind, "until": format_ts(due) if due is not None else None}
            prefix_open = False
    removed = max(0, prefix_end - first_seq + 1)
    result: dict[str, Any] = {
        "as_of": format_ts(now),
        "dry_run": dry_run,
        "expired_records": len(expired),
        "truncated_through_seq": prefix_end,
        "removed_records": removed,
        # expired records the chain keeps, without their personal fields, behind a record still due
        # (a request's, a read's: kept keep_dsr_days): the chain is cut from its start only, so these
        # go when it does, and the operator must learn why they are still there
        "expired_kept_in_chain": len(expired) - removed,
        "held_back_by": held_back if len(expired) > removed else None,
        "removed_by_class": by_class,
        "rules": given,
        "kept_unknown_policy": [{"id": pid, "sha256": sha, "decisions": n} for pid, sha, n in unknown],
        "kept_as_evidence": None if verified.ok else {"first_bad_seq": verified.first_bad_seq,
                                                      "reason": verified.reason},
        # journals of unwritten decisions set aside (`replay_orphans`): they keep those decisions' URLs in
        # clear beside the log, where no prune expires them; the operator must learn of them
        "unwritten_rejected": [str(p) for p in rejected_journals(log.journal_base)],
    }
    if dry_run:
        return result
    event_id = f"prune-{uuid.uuid4()}"
    with log.transaction() as conn:
        if log.anchor() != anchor:  # another prune committed since the scan: its records are gone
            raise PruneError("another prune of this log finished while this one was reading it; "
                             "nothing was removed by this one: run it again")
        erased = log.erase_sidecar(conn, expired)
        carried = _suppression_carried(conn, prefix_end)
        head_hash = ""
        if prefix_end >= 0:
            row = conn.execute("SELECT hash FROM chain WHERE seq = ?", (prefix_end,)).fetchone()
            head_hash = str(row[0])
            conn.execute(
                "INSERT INTO anchors(through_seq, hash, ts) VALUES (?, ?, ?)", (prefix_end, head_hash, now_ts())
            )
            counts = action_counts(conn, prefix_end)
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
            # the periods each decision was judged by, per the policy it names: `verify` holds a
            # decision's erased sidecar row to its own entry (a policy absent here kept its records)
            "rules_by_policy": [
                {"id": pid, "sha256": sha, "rules": rules} for (pid, sha), rules in sorted(bound.items())
            ],
            "kept_unknown_policy": result["kept_unknown_policy"],
            "suppression_carried": carried,
        }
        if result["kept_as_evidence"] is not None:  # (why no record was removed)
            body["kept_as_evidence"] = result["kept_as_evidence"]
        result["event_seq"] = log.append_prepared(conn, event_record(PRUNE_SCHEMA, body, event_id, "prune"))
    result["sidecar_rows_erased"] = erased
    log.flush_wal()
    return result


def _suppression_carried(conn: Any, through: int) -> list[dict[str, Any]]:
    """The suppression entries vouched for by the erasure (and earlier prune) events this prune
    removes: the entries stay in force, and `verify` needs a record in the chain for each."""
    if through < 0:
        return []
    out: list[dict[str, Any]] = []
    # (read as bytes, `text_rows`: one byte that is not UTF-8 in an entry or a record failed the prune, exit 3)
    fields = ("$.request_id", "$.actions.suppressed", "$.suppression_carried")
    rows = text_rows(
        conn,
        f"SELECT {blob_columns('kind', 'ts', *(f'json_extract({VALID_RECORD}, {path!r})' for path in fields))} "
        f"FROM chain c WHERE seq <= ? AND (kind = 'prune' OR (kind = 'dsr' AND "
        f"json_extract({VALID_RECORD}, '$.kind') = 'erasure')) ORDER BY seq",
        (through,),
    )
    for kind, ts, request_id, suppressed, carried in rows:
        for e in _dicts(suppressed):
            out.append({"kind": e.get("kind"), "value": e.get("value"), "request_id": request_id})
        if kind == "prune" and carried is None:
            # a prune written before prunes carried their entries: it vouched for every entry
            # made before it, which this prune, removing it, now carries
            older = text_rows(conn, f"SELECT {blob_columns('kind', 'value', 'request_id')} FROM suppression "
                                    "WHERE added <= ?", (ts,))
            out += [{"kind": k, "value": v, "request_id": r} for k, v, r in older]
        else:
            out += _dicts(carried)
    return out


def _dicts(value: str | None) -> list[dict[str, Any]]:
    """The objects of a JSON list a record holds (`json_extract` gives a list as its text, a
    string as itself): anything else in a hashed record is not read here (verify reports it)."""
    try:
        items = json.loads(value) if value else []
    except ValueError:
        return []
    return [e for e in items if isinstance(e, dict)] if isinstance(items, list) else []
