"""Exports: JSON Lines with the very records the chain hashed, and CSV for spreadsheets.

The JSONL export verifies with the same code as the live log (`verify_jsonl_lines`);
personal sidecar fields are added only on request, under `personal`, which the hash
does not cover. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from scrapeguard.audit.canonical import canonical_json
from scrapeguard.audit.record import ANCHOR_SCHEMA, event_summary, listed, mapping
from scrapeguard.audit.store import AuditLog, Entry

CSV_COLUMNS = (
    "seq",
    "id",
    "schema",
    "ts",
    "stage",
    "http_status",
    "domain",
    "action",
    "enforced",
    "purpose",
    "policy",
    "policy_version",
    "art6_basis",
    "on_error",
    "codes",
    "notes",
    "explanation",
    "url_ref",
    "retention_until",
    "url",
    "page_url",
    "hash",
    # added later: after the columns a sheet or script may read by position
    "integration",
    "image_sha256",
    "phash",
    "redacted_sha256",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: Any) -> str:
    """Prefix `'` to cells a spreadsheet would evaluate (CSV injection)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def jsonl_lines(
    log: AuditLog, *, personal: bool = False, where: str = "", params: list[Any] | None = None,
    before: int | None = None,
) -> Iterator[str]:
    anchor = log.anchor()
    if anchor and not where:
        yield json.dumps({"schema": ANCHOR_SCHEMA, "seq": anchor[0], "hash": anchor[1]}, sort_keys=True) + "\n"
    for entry in log.iter_entries(*_ending(where, params, before), as_stored=True):  # (what `verify --jsonl` reads)
        yield canonical_json(entry.export(personal)) + "\n"


def _ending(where: str, params: list[Any] | None, before: int | None) -> tuple[str, list[Any]]:
    """The records matching `where` (all when empty), those before seq `before` only when it is given."""
    if before is None:
        return where, list(params or [])
    return (f"({where}) AND c.seq < ?" if where else "c.seq < ?"), [*(params or []), before]


def csv_row(entry: Entry, personal: bool = False) -> list[str]:
    r = entry.record
    outcome = mapping(r.get("outcome"))  # (a record edited to another shape: exported as it reads, `verify` tells)
    resource = mapping(r.get("resource"))
    event = event_summary(r)
    policy = mapping(r.get("policy"))
    own = (entry.personal or {}) if personal else {}
    values = {
        "seq": entry.seq,
        "id": r.get("decision_id"),
        "schema": r.get("schema"),
        "ts": r.get("ts"),
        "stage": r.get("stage") or "",
        "http_status": resource.get("http_status") if resource.get("http_status") is not None else "",
        "domain": resource.get("registrable_domain", ""),
        "action": event[0] if event else outcome.get("action", ""),
        "enforced": outcome.get("enforced", ""),
        "purpose": mapping(r.get("purpose")).get("id", ""),
        # two policies may share a purpose id: which one, at which version and basis, and whether
        # a failed check let items through, is what the officer sorts by
        "policy": policy.get("id", ""),
        "policy_version": policy.get("version", ""),
        "art6_basis": mapping(r.get("basis")).get("art6", ""),
        "on_error": r.get("on_error", ""),
        # which crawler (scrapy, proxy, httpx, library) wrote it, in a log they share
        "integration": mapping(r.get("guard")).get("integration", ""),
        "codes": " ".join(str(c) for c in listed(outcome.get("codes")) if c),
        "notes": " ".join(dict.fromkeys(str(n.get("code") or "") for n in listed(r.get("notes"))
                                        if isinstance(n, dict) and n.get("code"))),
        "explanation": event[1] if event else outcome.get("explanation", ""),
        "url_ref": resource.get("url_ref", ""),
        "retention_until": mapping(r.get("retention")).get("until", ""),
        "url": own.get("url") or "",
        "page_url": own.get("page_url") or "",
        # the sidecar's image hashes are personal fields as the URLs are (`--personal` records their read)
        "image_sha256": own.get("image_sha256") or "",
        "phash": own.get("phash") or "",
        "redacted_sha256": own.get("redacted_sha256") or "",  # the redacted copy the crawler kept
        "hash": entry.hash,
    }
    return [neutralise(values[c]) for c in CSV_COLUMNS]


def write_export(
    log: AuditLog,
    out: IO[str],
    fmt: str,
    *,
    personal: bool = False,
    where: str = "",
    params: list[Any] | None = None,
    progress: Callable[[int], None] | None = None,
    before: int | None = None,
) -> int:
    """Stream the log to `out`; returns the number of records written. Read in one snapshot
    (`AuditLog.reading`): a prune committing between the anchor's read and the records' gave an
    export whose first record does not follow its anchor line, which `verify --jsonl` calls tampered.
    `before`: the records before this seq only (those whose read of personal fields was recorded)."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    with log.reading() as view:
        return _write(view, out, fmt, personal, where, params, progress, before)


def _write(
    log: AuditLog,
    out: IO[str],
    fmt: str,
    personal: bool,
    where: str,
    params: list[Any] | None,
    progress: Callable[[int], None] | None,
    before: int | None = None,
) -> int:
    n = 0
    if fmt == "jsonl":
        for line in jsonl_lines(log, personal=personal, where=where, params=params, before=before):
            out.write(line)
            n += 1
            if progress and n % 1000 == 0:
                progress(n)
        return n
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in log.iter_entries(*_ending(where, params, before)):
        writer.writerow(csv_row(entry, personal))
        n += 1
        if progress and n % 1000 == 0:
            progress(n)
    return n
