"""Where collected items went: storage references tied to the decision that let them in.

An erasure request needs the stored copies, not only the URL the item came from: a pipeline
that re-encodes what it stores (Scrapy's ImagesPipeline writes JPEG to full/<sha1>.jpg and
thumbs/<size>/<sha1>.jpg) leaves copies whose name and hash the decision never saw. Each copy
is one `scrapeguard.storage/1` event in the chain, naming the decision id; the location and the
stored bytes' SHA-256 sit in the erasable sidecar (`record.storage_record`). The access report
and the erasure manifest list them under `storage_refs`, and an erasure erases them too.

For httpx, the proxy or the library, after storing what a decision allowed::

    from scrapeguard.audit.storage import StorageRef, attach_storage
    attach_storage(guard, decision.decision_id, [StorageRef.of_bytes("/data/img/a.jpg", data)])

The decision id is `Decision.decision_id` (httpx: `response.extensions["scrapeguard_decision"]`;
through the proxy: the `X-Scrapeguard-Decision-Id` response header, with `AuditLog.open(path)` as the
target). A location is a local path (recorded as an absolute file:// URI) or any URI.

Scrapy's ImagesPipeline and FilesPipeline do this through `scrapeguard.scrapy`'s pipelines.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapeguard.audit.errors import AuditError
from scrapeguard.audit.record import _SHA256, DECISION_SCHEMA, STORAGE_SCHEMA, mapping, shown_url, storage_record
from scrapeguard.audit.store import VALID_RECORD, AuditLog, blob_columns, column_text

_logger = logging.getLogger("scrapeguard")


@dataclass(frozen=True, slots=True)
class StorageRef:
    """One stored copy: where it is (a local path or a URI such as s3://bucket/key), the SHA-256
    of the bytes stored there (hex), and what it is (`full`, `thumbs/small` …)."""

    location: str
    sha256: str | None = None
    role: str = ""

    @classmethod
    def of_bytes(cls, location: str | Path, data: bytes, role: str = "") -> StorageRef:
        return cls(str(location), hashlib.sha256(data).hexdigest(), role)

    def uri(self) -> str:
        """The location as a URI: a local path becomes an absolute file:// URI, so a manifest
        names the file whatever directory the erasure is run from."""
        text = self.location.strip()
        if not text:
            raise ValueError("a storage reference needs a location")
        return text if "://" in text else Path(text).absolute().as_uri()


def _log_of(target: Any) -> AuditLog:
    """An AuditLog, or a Guard (anything with an `audit` AuditLog)."""
    log = target if isinstance(target, AuditLog) else getattr(target, "audit", None)
    if not isinstance(log, AuditLog):
        raise ValueError("storage references need a guard with an SQLite audit log (or an AuditLog)")
    return log


def attach_storage(target: Any, decision_id: str, refs: Iterable[StorageRef]) -> list[int]:
    """Record in the audit log where a decision's item was stored; the seqs of the events.

    `target` is a `Guard` with an audit log, or an `AuditLog`. Durable when it returns, in one
    transaction. Raises ValueError for a decision id the log does not hold (a typo would
    otherwise tie the copies to nothing an erasure finds) or a malformed reference, and AuditError
    while a guard's decisions a failed write left behind still cannot be written (try again later)."""
    log = _log_of(target)
    ident = str(decision_id)
    found = log.by_id(ident)  # (never by seq: `"0"` would tie the copies to an id no decision has)
    write_kept = getattr(target, "write_kept", None)
    if found is None and ident.strip() and callable(write_kept):  # (a guard's kept decision)
        if not write_kept():
            # (still failing: the decision may be one of them. "No decision" sent a caller to a typo it did not
            # make, and the copy went unrecorded for good; review, session 66)
            raise AuditError(f"decision {decision_id!r} is not in audit log {log.path} yet: decisions a failed "
                             "write left behind (the log locked by another process, a full disk) are still waiting; "
                             "record the stored copies again once the log can be written")
        found = log.by_id(ident)
    if found is None or found.schema != DECISION_SCHEMA:
        raise ValueError(f"no decision {decision_id!r} in audit log {log.path}")
    ident = str(found.record.get("decision_id"))  # (as the log spells it: one given in capitals is found so)
    policy = mapping(found.record.get("policy")) or None
    retention = found.record.get("retention")
    until = retention.get("until") if isinstance(retention, dict) else None
    prepared = []
    for ref in refs:
        uri = ref.uri()
        sha = ref.sha256.lower() if ref.sha256 else None
        if sha is not None and not _SHA256.fullmatch(sha):
            raise ValueError(f"not a SHA-256 hex digest: {ref.sha256!r}")
        prepared.append(storage_record(ident, uri, sha, ref.role, log.key, policy=policy,
                                       until=until if isinstance(until, str) else None))
    seqs = log.append_events(prepared)
    if not (found.personal and found.personal.get("url")):  # (an erasure takes it: only then look, not per copy stored)
        _say_stored_after_erasure(log, ident, [p.personal.url for p in prepared if p.personal is not None])
    return seqs


def _say_stored_after_erasure(log: AuditLog, decision_id: str, locations: list[str | None]) -> None:
    """A copy stored after its item's erasure (a pipeline that stores or uploads later) is in no
    manifest: the request's was made before. It stays recorded (the log must say where it is), and
    a WARNING names the request and the copies to delete."""
    request = log.erasure_naming(decision_id)
    if request is not None:
        _logger.warning("scrapeguard: audit log %s: the item of decision %s was erased by request %s before these "
                        "copies of it were recorded, so its manifest does not name them: delete %s",
                        log.path, decision_id, request, ", ".join(str(u) for u in locations))


def copies_of(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored copies (storage events, with their seq) that access-report or manifest items list."""
    return [ref for i in items for ref in i.get("storage_refs") or [] if isinstance(ref, dict) and "seq" in ref]


def storage_refs(log: AuditLog, decision_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Per decision id, its stored copies in seq order: seq, role, location and sha256 (None
    once erased), when recorded. For access and erasure requests (reads the sidecar).

    One pass over the log's storage records, the ids given as one JSON list: asked for 500 at a
    time, a request by a whole site walked every storage record once per 500 of its decisions."""
    ids = sorted({str(i) for i in decision_ids if i})
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    columns = blob_columns(f"json_extract({VALID_RECORD}, '$.of_decision')", f"json_extract({VALID_RECORD}, '$.role')",
                           "c.ts", "s.url", "s.image_sha256")  # (as bytes: one that is not UTF-8 fails no request)
    rows = log.conn.execute(
        f"SELECT c.seq, {columns} FROM chain c LEFT JOIN sidecar s ON s.seq = c.seq "
        f"WHERE c.action = 'storage' AND json_extract({VALID_RECORD}, '$.schema') = ? "
        f"AND json_extract({VALID_RECORD}, '$.of_decision') IN (SELECT value FROM json_each(?)) ORDER BY c.seq",
        [STORAGE_SCHEMA, json.dumps(ids)],
    )
    for seq, *values in rows:
        of, role, ts, location, sha = map(column_text, values)
        out.setdefault(str(of), []).append(
            {"seq": int(seq), "role": role or "", "location": shown_url(location), "sha256": sha, "recorded": ts}
        )
    return out


def decisions_of_copies(log: AuditLog, seqs: Iterable[int]) -> dict[int, int]:
    """storage event seq -> the seq of the decision it names, for the storage events among
    `seqs` (a subject's image matched a stored copy's hash: the record is the decision's)."""
    wanted = sorted({int(s) for s in seqs})
    out: dict[int, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = log.conn.execute(
            f"SELECT c.seq, d.seq FROM chain c JOIN chain d ON d.kind = 'decision' "
            f"AND d.decision_id = json_extract({VALID_RECORD}, '$.of_decision') "
            f"WHERE c.kind = 'storage' AND c.seq IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        out.update({int(a): int(b) for a, b in rows})
    return out
