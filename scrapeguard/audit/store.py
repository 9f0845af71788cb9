"""The SQLite audit log: append-only, hash-chained, durable before `append` returns.

Why SQLite: one file an operator can hand to an auditor, safe with several writer
processes (Scrapy workers and the proxy at once) through `BEGIN IMMEDIATE`, and
`synchronous=FULL` in WAL mode fsyncs the WAL at every commit, so a record that
`append` acknowledged survives a SIGKILL or a power cut. Triggers make the chain
append-only; the hash chain and the checkpoints make any edit that bypasses them visible.

Cost: a record is serialised once and scrubbed value by value only when its text shows
it must be (`canonical.storable_parts`); threads appending at once share one commit
(group commit) and each still returns only after its own record is committed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import logging
import os
import random
import re
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapeguard.audit.canonical import (
    GENESIS,
    canonical_json,
    canonical_parts,
    domain_hmac,
    dot_resolved,
    escaped_normal_form,
    has_unreserved_escape,
    idna2003_host,
    in_section,
    join_parts,
    key_fingerprint,
    keyed_hash,
    legacy_normalise_url,
    normalise_url,
    parameters_removed,
    phash_hmac,
    sections_above,
    sha256_hmac,
    tracking_removed,
    url_hmac,
    url_section,
)
from scrapeguard.audit.errors import (
    AuditError,
    AuditFull,
    AuditGone,
    AuditLocked,
    AuditMissing,
    AuditSchemaTooNew,
    AuditTampered,
    AuditUnreadable,
)
from scrapeguard.audit.phash import PHASH_MAX_DISTANCE, dhash, near
from scrapeguard.audit.record import (
    DECISION_SCHEMA,
    DSR_SCHEMA,
    EXACT_DOMAIN,
    PRUNE_SCHEMA,
    STORAGE_SCHEMA,
    URL_PREFIX,
    Personal,
    Prepared,
    decision_record,
    event_record,
    keyed_only,
    mapping,
    now_ts,
    of_a_picture,
    parse_ts,
    shown_url,
)
from scrapeguard.audit.unwritten import UnwrittenJournal, replay_orphans, waiting_journals
from scrapeguard.audit.verify import ChainVerifier, VerifyResult, reads_as_a_record
from scrapeguard.jurisdiction import ascii_host, ip_literal, is_public_suffix, registrable_domain, under_domain
from scrapeguard.resource import host_of, may_track

log = logging.getLogger("scrapeguard")

SCHEMA_VERSION = 1
APPLICATION_ID = 0x53474144  # "SGAD": lets `open` tell our file from any other SQLite database
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ENGINE_BUSY_MS = 1
# how long an erasure or a prune waits for another process's read to end before its erased fields' earlier
# copies are out of the files (`AuditLog.flush_wal`)
WAL_FLUSH_WAIT = 3.0

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE chain(
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  decision_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  domain TEXT NOT NULL,
  action TEXT NOT NULL,
  purpose TEXT NOT NULL,
  record TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX chain_ts ON chain(ts);
CREATE INDEX chain_domain ON chain(domain, ts);
CREATE INDEX chain_action ON chain(action, ts);
CREATE INDEX chain_decision_id ON chain(decision_id);
CREATE TABLE sidecar(
  seq INTEGER PRIMARY KEY,
  url_hmac TEXT NOT NULL,
  url TEXT,
  salt TEXT,
  page_url TEXT,
  image_sha256 TEXT,
  phash TEXT,
  redacted_sha256 TEXT
) STRICT;
CREATE INDEX sidecar_url_hmac ON sidecar(url_hmac);
CREATE INDEX sidecar_image ON sidecar(image_sha256);
CREATE TABLE checkpoints(
  tree_size INTEGER PRIMARY KEY,
  head_hash TEXT NOT NULL,
  ts TEXT NOT NULL,
  counts TEXT NOT NULL,
  reason TEXT NOT NULL
) STRICT;
CREATE TABLE suppression(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  request_id TEXT NOT NULL,
  added TEXT NOT NULL
) STRICT;
CREATE TABLE anchors(through_seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, ts TEXT NOT NULL) STRICT;
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
  BEGIN SELECT RAISE(ABORT, 'scrapeguard audit chain is append-only'); END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
  WHEN OLD.seq > COALESCE((SELECT max(through_seq) FROM anchors), -1)
  BEGIN SELECT RAISE(ABORT, 'scrapeguard audit chain is append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER suppression_no_update BEFORE UPDATE ON suppression
  BEGIN SELECT RAISE(ABORT, 'the suppression list is append-only'); END;
CREATE TRIGGER suppression_no_delete BEFORE DELETE ON suppression
  BEGIN SELECT RAISE(ABORT, 'the suppression list is append-only'); END;
CREATE TRIGGER anchors_no_change BEFORE UPDATE ON anchors
  BEGIN SELECT RAISE(ABORT, 'prune anchors are append-only'); END;
CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors
  BEGIN SELECT RAISE(ABORT, 'prune anchors are append-only'); END;
CREATE TRIGGER sidecar_no_update BEFORE UPDATE ON sidecar
  BEGIN SELECT RAISE(ABORT, 'sidecar rows are written once and only erased'); END;
CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta
  BEGIN SELECT RAISE(ABORT, 'audit log metadata is fixed at creation'); END;
CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
  BEGIN SELECT RAISE(ABORT, 'audit log metadata is fixed at creation'); END;
"""

# the tables every log has had since schema version 1 (`_DDL`): a log without one is damaged
_TABLES = ("meta", "chain", "sidecar", "checkpoints", "suppression", "anchors")

# Added to logs created before them when a writer opens one (`_upgrade`). A sidecar row is
# deleted only by an erasure or a prune, which open `sidecar_erasing` inside their own
# transaction (`AuditLog.erase_sidecar`): a plain `DELETE` is refused. Dropping the trigger
# is still possible; `verify` then finds the decision whose row went without a recorded
# erasure or prune.
#
# One plain `DELETE` passes: the previous release's `_withdraw_clear` (a writer not yet
# upgraded, still running or rolled back, shares the log) cuts a request-stage row back to its
# keyed hash by delete + insert once a later blocked record of the same URL, keyed hash only,
# is in the chain; refusing it made that writer's blocked decision fail to reach the log.
# Such a row deleted and not put back is still a decision without its row to `verify`.
# The previous release's erase and prune are refused, with a message naming the way out.
_SIDECAR_TRIGGER = """CREATE TRIGGER IF NOT EXISTS sidecar_no_delete BEFORE DELETE ON sidecar
  WHEN NOT EXISTS (SELECT 1 FROM sidecar_erasing)
    AND NOT (OLD.url IS NOT NULL
      AND EXISTS (SELECT 1 FROM chain c WHERE c.seq = OLD.seq AND c.kind = 'decision'
        AND json_extract(CASE WHEN json_valid(c.record) THEN c.record ELSE '{}' END, '$.stage') = 'request')
      AND EXISTS (SELECT 1 FROM sidecar s JOIN chain c ON c.seq = s.seq
        WHERE s.url_hmac = OLD.url_hmac AND s.seq > OLD.seq AND s.url IS NULL
          AND c.kind = 'decision' AND c.action = 'block'))
  BEGIN SELECT RAISE(ABORT, 'sidecar rows are erased only by a recorded erasure or prune of this scrapeguard release or later (scrapeguard audit erase / prune); an older release cannot erase or prune this log'); END"""
# Such a pass-through delete is noted (`sidecar_withdrawn`), and the only row a plain `INSERT`
# may put back for a seq whose row is gone is that one cut back to its keyed hash: the same
# URL's keyed hash, no clear fields. Any other insert of a row for an earlier seq, and an
# `INSERT OR REPLACE` over a row (SQLite fires no delete trigger for it unless
# recursive_triggers is on), is refused: either would let a row be rewritten so that an
# access request by its URL misses it. `verify` holds a row cut back to its keyed hash to
# the later keyed-only record of that URL, for logs whose triggers were dropped.
_SIDECAR_NOTE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS sidecar_note_withdrawn AFTER DELETE ON sidecar
  WHEN NOT EXISTS (SELECT 1 FROM sidecar_erasing)
  BEGIN INSERT INTO sidecar_withdrawn(seq, url_hmac) VALUES (OLD.seq, OLD.url_hmac); END"""
_SIDECAR_INSERT_TRIGGER = """CREATE TRIGGER IF NOT EXISTS sidecar_no_rewrite BEFORE INSERT ON sidecar
  WHEN NOT EXISTS (SELECT 1 FROM sidecar_erasing)
    AND (EXISTS (SELECT 1 FROM sidecar WHERE seq = NEW.seq)
      OR (EXISTS (SELECT 1 FROM sidecar WHERE seq > NEW.seq)
        AND NOT (NEW.url IS NULL AND NEW.salt IS NULL AND NEW.page_url IS NULL AND NEW.phash IS NULL
          AND EXISTS (SELECT 1 FROM sidecar_withdrawn w WHERE w.seq = NEW.seq AND w.url_hmac = NEW.url_hmac))))
  BEGIN SELECT RAISE(ABORT, 'sidecar rows are written once, with their record, and only erased (scrapeguard audit erase / prune)'); END"""
# (name, statement) of every trigger `_upgrade` keeps in today's form
_SIDECAR_TRIGGERS = (
    ("sidecar_no_delete", _SIDECAR_TRIGGER),
    ("sidecar_note_withdrawn", _SIDECAR_NOTE_TRIGGER),
    ("sidecar_no_rewrite", _SIDECAR_INSERT_TRIGGER),
)
_SIDECAR_DELETE_DDL = (
    "CREATE TABLE IF NOT EXISTS sidecar_erasing(token INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS sidecar_withdrawn(seq INTEGER NOT NULL, url_hmac TEXT NOT NULL) STRICT;\n"
    + "".join(sql + ";\n" for _, sql in _SIDECAR_TRIGGERS)
)


def url_host(url: Any) -> str | None:
    """A URL's host in the spelling the log keeps hosts in (`record.domain_of`: IDNA UTS #46 as
    browsers resolve it, `straße.de` is `xn--strae-oqa.de`; an IP address as `ip_literal` writes
    it); None when it names none. Why: IDNA 2003 read `straße.de` as `strasse.de`, another site."""
    try:
        found = host_of(str(url))  # (cached: asked for every decision once a domain is suppressed)
    except ValueError:
        return None
    return ascii_host(found) or None


def about_host(url: Any, host: str) -> bool:
    """Whether a record of `host`'s registrable domain (`query.domain_condition`), whose sidecar
    URL is `url`, is about `host` (a --domain, `query.host_name`): every record when the domain is
    asked for whole (a site, an IP address, a one-label host), a URL kept as a keyed hash only
    among them; else one whose URL's host is `host` or below it. The search of a request and the
    erasure's look again under its lock both take it, so they never take different records."""
    if (registrable_domain(host) or host) == host:
        return True
    found = url_host(url) if url is not None else None
    return found is not None and ip_literal(found) is None and under_domain(found, host)


def _in_section_of(section: str, url: Any) -> bool:
    """Whether a sidecar URL lies in a profile or site section (`canonical.in_section`), as written or with
    its path parameters removed (`canonical.parameters_removed`: `/~jdoe;v=1/x.jpg` is below `/~jdoe/`)."""
    try:
        return isinstance(url, str) and any(in_section(url_section(form), section)
                                            for form in (normalise_url(url), parameters_removed(url)) if form)
    except ValueError:
        return False


@dataclass(slots=True)
class Entry:
    """One stored record as read back: the hashed record, its hash, and the sidecar
    fields still held (None once erased or never kept)."""

    seq: int
    record: dict[str, Any]
    hash: str
    personal: dict[str, Any] | None

    @property
    def schema(self) -> str:
        return str(self.record.get("schema", ""))

    def export(self, personal: bool = False) -> dict[str, Any]:
        out = dict(self.record)
        out["hash"] = self.hash
        if personal and self.personal:
            out["personal"] = {k: v for k, v in self.personal.items() if v is not None}
        return out


_ERASED_KEPT = 1024  # decisions written after their item's erasure, kept for `erased_on_write`
# an id the guard or a command made (`Decision.decision_id`, `dsr-…`, `read-…`): a UUID, written in lower case
_MADE_ID = re.compile(r"(?:[a-z]+-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ROWS_PER_INSERT = 500  # 5,000 bound values: far below SQLite's 32,766


def id_spellings(ident: str) -> tuple[str, ...]:
    """How a record's id is looked up: as given, then in lower case where it is shaped as the ids the guard makes
    (a UUID, lower case), as a tool or a person may copy one in capitals: `audit show C4CADF83-…` found no record,
    and `attach_storage` raised (review). As given first: a request id an operator chose is kept as given."""
    text = ident.strip()
    lower = text.lower()
    return (text, lower) if lower != text and _MADE_ID.fullmatch(lower) else (text,)


@functools.lru_cache(maxsize=64)
def _values_sql(rows: int, columns: int) -> str:
    one = "(" + ", ".join("?" * columns) + ")"
    return ", ".join([one] * rows)


class _Pending:
    """Records waiting in the group-commit queue (one decision, or the events of one
    `append_events` call, written in the same transaction), and what became of them."""

    __slots__ = ("prepared", "seqs", "error", "lead", "done")

    def __init__(self, prepared: list[Prepared]) -> None:
        self.prepared = prepared
        self.seqs: list[int] = []
        self.error: BaseException | None = None
        self.lead = False
        self.done = threading.Event()


def _map_error(exc: sqlite3.Error, path: str) -> AuditError:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "database is locked" in text or "table is locked" in text:
        return AuditLocked(f"audit log {path} is locked by another process and stayed locked ({text}): retry once "
                           "that process ends or releases it, or give this run a log of its own")
    if name == "SQLITE_FULL" or "database or disk is full" in text:  # (SQLite's own words: a path may say "full")
        return AuditFull(f"audit log {path}: disk or database full, record not written: {text}")
    if (name.startswith("SQLITE_IOERR") or "disk I/O error" in text) and _no_room(path):
        return AuditFull(f"audit log {path}: disk full, nothing written (SQLite: {text})")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "malformed" in text or "not a database" in text:
        return AuditUnreadable(f"audit log {path} is damaged or not an SQLite database: {text}")
    if name == "SQLITE_READONLY" or "readonly" in text:
        return AuditError(f"audit log {path} is read-only: {text}")
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        folder = Path(path).parent
        if not folder.is_dir():  # (SQLite says only "unable to open database file"; exit 3, as `AuditLog.open` says it)
            return AuditError(f"cannot open audit log {path}: its folder {folder} does not exist (create it first)")
        if not Path(path).exists():  # (a folder the log cannot be made in: a write the log could not take, exit 3)
            return AuditError(f"cannot create audit log {path} in {folder} (not writable there?): {text}")
        return AuditUnreadable(f"cannot open audit log {path}: {text}")
    if name == "SQLITE_CONSTRAINT" or "append-only" in text:
        return AuditError(f"audit log {path}: refused: {text}")
    return AuditError(f"audit log {path}: {text}")


# free space below which a failed write is taken for a full disk: SQLite grows its WAL index 32 KiB at a time
_NO_ROOM = 1 << 20


def _no_room(path: str) -> bool:
    """Whether the log's file system is (all but) full. SQLite says only 'disk I/O error' when it cannot
    make or grow the WAL index (`SQLITE_IOERR_SHMSIZE`, opening a log to write on a full disk): told as
    such, an officer or a crawler's operator looked for a failing disk, and the CLI gave 3, not 5."""
    try:
        found = os.statvfs(Path(path).parent)
    except (OSError, ValueError):
        return False
    return found.f_bavail * found.f_frsize < _NO_ROOM


def _load_record(text: Any) -> dict[str, Any] | None:
    """The stored record, or None when it is not a JSON object (damaged or edited). `text` may
    be the bytes `blob_columns` read: bytes that are not UTF-8 are a damaged record too."""
    try:
        record = json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (ValueError, TypeError, RecursionError):  # (UnicodeDecodeError is a ValueError)
        return None
    return record if isinstance(record, dict) else None


def _utf8(value: Any) -> bool:
    """Whether stored bytes are UTF-8 text (an SQL function: SQLite has no test of its own)."""
    if not isinstance(value, bytes) or value.isascii():
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def damaged_seqs(conn: sqlite3.Connection, limit: int) -> list[int]:
    """The first `limit` seqs whose record a reader skips (`_load_record`): not JSON, no object, or
    bytes that are not UTF-8, which SQLite's `json_valid` takes for text. SQL picks the records that
    may be, `_load_record` judges those alone. (`scrapeguard_utf8` is registered when a log is
    opened: SQLite refuses a registration while a statement is open on the connection.)"""
    rows = conn.execute("SELECT seq, CAST(record AS BLOB) FROM chain WHERE NOT json_valid(record) "
                        "OR substr(record, 1, 1) <> '{' OR NOT scrapeguard_utf8(CAST(record AS BLOB)) ORDER BY seq")
    return list(itertools.islice((int(seq) for seq, text in rows if _load_record(text) is None), limit))


def blob_columns(*columns: str) -> str:
    """Columns for a SELECT, each read as the bytes stored (`CAST(x AS BLOB)`).

    Why: sqlite3 decodes TEXT itself and fails the whole fetch on one byte that is not UTF-8
    ('Could not decode to UTF-8 column ...'), so one damaged record stopped verify, list,
    export and subject with an undocumented exit 3. Read as bytes, the record is decoded by
    whoever judges it (`_load_record`, `ChainVerifier.feed`) and other columns by `column_text`.
    """
    return ", ".join(f"CAST({column} AS BLOB)" for column in columns)


def action_counts(conn: sqlite3.Connection, through_seq: int | None = None, from_seq: int = 0) -> dict[str, int]:
    """How many records of each action the chain holds (from `from_seq`, up to `through_seq`): a
    checkpoint's counts. Read as bytes (`blob_columns`): a damaged action's byte failed every append
    due a checkpoint."""
    where, args = "WHERE seq >= ?", [from_seq]
    if through_seq is not None:
        where, args = where + " AND seq <= ?", [*args, through_seq]
    rows = text_rows(conn, f"SELECT {blob_columns('action')}, count(*) FROM chain {where} GROUP BY action", args)
    return summed((str(action), n) for action, n in rows)


def checkpoint_counts(conn: sqlite3.Connection, size: int) -> dict[str, int]:
    """`action_counts` of the chain's first `size` records, as a checkpoint at `size` keeps them: the
    last checkpoint's and those of the records since it, where that one's are whole (they add up to
    the records it covers from the prune anchor: none was pruned since, none is damaged). Counting
    the whole chain again, under the write lock, took ~64 ms at a million records."""
    anchor = conn.execute("SELECT max(through_seq) FROM anchors").fetchone()[0]
    start = 0 if anchor is None else int(anchor) + 1
    row = conn.execute(f"SELECT tree_size, {blob_columns('counts')} FROM checkpoints WHERE tree_size <= ? "
                       "ORDER BY tree_size DESC LIMIT 1", (size,)).fetchone()
    try:
        last, kept = int(row[0]), json.loads(bytes(row[1]).decode("utf-8"))
    except (TypeError, ValueError, RecursionError):  # (none yet, or damaged: counted whole)
        return action_counts(conn, size - 1)
    if (not isinstance(kept, dict) or not all(type(n) is int and n > 0 for n in kept.values())
            or last < start or sum(kept.values()) != last - start):
        return action_counts(conn, size - 1)
    return summed([*kept.items(), *action_counts(conn, size - 1, last).items()])


def _kept_counts(text: Any, what: str) -> dict[str, int]:
    """A checkpoint's counts as kept: a JSON object of non-negative whole numbers, or the log was
    altered (a checkpoint is written whole or not at all), which is said rather than a parser's error."""
    try:
        counts = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        counts = None
    if not isinstance(counts, dict) or not all(type(n) is int and n >= 0 for n in counts.values()):
        raise AuditUnreadable(f"{what} holds no readable counts ({str(text)[:60]!r}): the log was altered; "
                              "run `scrapeguard audit verify`")
    return counts


class _CheckpointCounts:
    """`verify`'s check of each checkpoint's counts against the records it walks: they are no part of
    the chain's hashes, so a forged `{"allow": 25}` passed, was exported with the checkpoint and was
    carried into every later one (`checkpoint_counts`). A checkpoint taken before a prune counted the
    records it removed too: its counts can only be as high as those left, or higher."""

    def __init__(self, conn: sqlite3.Connection, start_seq: int) -> None:
        self.start = start_seq
        self.kept = {int(size): counts for size, counts in text_rows(
            conn, f"SELECT tree_size, {blob_columns('counts')} FROM checkpoints WHERE tree_size > ?", (start_seq,))}
        self.running: dict[str, int] = {}

    def feed(self, seq: int, action: Any, verifier: ChainVerifier) -> None:
        name = str(action)
        self.running[name] = self.running.get(name, 0) + 1
        text = self.kept.get(seq + 1)
        if text is None:
            return
        label = f"checkpoint size={seq + 1}"
        try:
            kept = _kept_counts(text, label)
        except AuditUnreadable:
            verifier._problem(seq, f"{label} holds no readable counts: the checkpoint was altered", label)
            return
        covered = sum(kept.values())
        # (only a log a prune cut has counts of records no longer there: one never pruned, edited
        # to more than it holds, `{"allow": 5000}`, passed, and was exported as evidence)
        whole = covered == seq + 1 - self.start or self.start == 0
        if (kept != self.running) if whole else (covered < seq + 1 - self.start
                                                 or any(kept.get(a, 0) < n for a, n in self.running.items())):
            # (either was: a record's action edited makes every later checkpoint's counts disagree with it)
            verifier._problem(seq, f"{label} counts {kept} where the chain holds {dict(sorted(self.running.items()))}: "
                                   "the checkpoint, or a record it covers, was altered", label)


def column_text(value: Any) -> Any:
    """A column `blob_columns` read, as text: bytes that are not UTF-8 (a damaged or edited row)
    decode with U+FFFD, which no check that compares the value accepts; NULL stays None."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def text_rows(conn: sqlite3.Connection, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:
    """The rows of a query that reads its text columns as bytes (`blob_columns`), each decoded by
    `column_text`: one damaged value is a row under its name as it reads, not a failed query."""
    return [tuple(column_text(value) for value in row) for row in conn.execute(sql, args)]


def summed(rows: Iterable[tuple[Any, Any]]) -> dict[Any, int]:
    """(key, count) rows as a dict, in their order: two damaged keys that read alike (each byte
    U+FFFD) add up rather than one replacing the other."""
    counts: dict[Any, int] = {}
    for key, n in rows:
        counts[key] = counts.get(key, 0) + int(n)
    return counts


# the sidecar's fields, as `AuditLog._personal_of` names them, and their columns in a query
_SIDECAR_KEYS = ("url_hmac", "url", "salt", "page_url", "image_sha256", "phash", "redacted_sha256")
# added to the sidecar after schema version 1 (`AuditLog._upgrade`): read as NULL from a log without it
_ADDED_COLUMNS = ("redacted_sha256",)
# `c.record` where SQLite's JSON functions read it: a damaged record reads as an empty object
VALID_RECORD = "(CASE WHEN json_valid(c.record) THEN c.record ELSE '{}' END)"


def object_item(alias: str) -> str:
    """SQL for the value of a `json_each` row (`alias`) when it is a JSON object, else NULL: what
    `json_extract` may read. A string item (a record edited to `"findings": "q"`) is no JSON text to it,
    and "malformed JSON" failed the whole query, every access and erasure request on the log with it."""
    return f"(CASE WHEN {alias}.type = 'object' THEN {alias}.value END)"


# `WHERE` text over `chain c` for the records a reader reads (`_load_record`): a JSON object in UTF-8. What counts
# decisions counts these only, as `list` and `export` show them (`stats` counted damaged ones by their index
# columns, and said it skipped them: review)
READABLE_RECORD = ("(CASE WHEN json_valid(c.record) THEN json_type(c.record) = 'object' ELSE 0 END "
                   "AND scrapeguard_utf8(CAST(c.record AS BLOB)))")
# `WHERE` text over `chain c` for the data-subject requests answered: an erasure's follow-up record
# (a decision of its item written after it, `AuditLog._note_erased`) is no request of its own
_WRITTEN_AFTER_ERASURE = f"json_extract({VALID_RECORD}, '$.actions.written_after_erasure')"
ANSWERED_REQUEST = f"c.kind = 'dsr' AND {_WRITTEN_AFTER_ERASURE} IS NOT 1"
# ... and an erasure's follow-up record, which shares its request's id (written before it, when decisions of its
# items were written while it ran: `audit show <request id>` showed the follow-up, review)
_FOLLOW_UP = f"c.kind = 'dsr' AND {_WRITTEN_AFTER_ERASURE} IS 1"


def _clear_request(prepared: Prepared) -> bool:
    """Whether this is a request-stage decision keeping its URL in clear: what a block of that URL cuts back to
    its keyed hash (`AuditLog._withdraw_clear`, `AuditLog._blocked_urls`). Only request-stage ones: they never
    stand for stored content, whereas an allowed response's clear URL is what an erasure manifest lists."""
    return (prepared.kind == "decision" and prepared.personal is not None and prepared.personal.url is not None
            and prepared.record.get("stage") == "request")


def _per_policy(record: dict[str, Any], intern: Callable[[Any], dict[str, Any]]) -> dict[tuple[str, str], Any] | None:
    """A prune event's `rules_by_policy` keyed by (policy id, sha256), each rule set `intern`ed;
    None when it has none."""
    entries = record.get("rules_by_policy")
    if not isinstance(entries, list):
        return None
    return {
        (str(e.get("id") or ""), str(e.get("sha256") or "")): intern(e.get("rules"))
        for e in entries
        if isinstance(e, dict)
    }


class _Vouchers:
    """What the chain's erasure and prune events vouch for, gathered during `verify`: which
    decisions may have lost their sidecar row, and which suppression entries must exist.

    Neither table is covered by the hash chain (the sidecar must stay erasable, the
    suppression list is a look-up table), so without this a plain `DELETE` of a person's
    row would hide her records from an access request, and one of a suppression entry
    would make an erased URL crawlable again, with `verify` still OK.

    The events are read ahead of the walk (`note_events`: few, through the action index), so a
    decision without its row is judged as the walk meets it and kept only if none covers it. All
    kept until the end instead, such decisions made verify's memory grow with the log: under
    retention most records behind an item still kept lose their rows (millions on a log kept for years)."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.erased_by: dict[str, int] = {}  # decision id -> seq of the last erasure listing it
        # (seq, as_of, rules, rules per (policy id, sha256) or None for a prune written before them)
        self.prunes: list[tuple[int, Any, dict[str, Any], dict[tuple[str, str], Any] | None]] = []
        self.suppressed: dict[tuple[str, str, str], int] = {}  # (kind, value, request id) -> event seq
        self.uncarried_prune_ts = ""  # the last prune written before prunes carried suppression entries
        self.noted: set[int] = set()  # seqs of the events `note_events` read ahead of the walk
        # decisions and stored copies without a sidecar row that no event read so far covers:
        # (seq, decision id, ts, kind, action, enforced, retention until, (policy id, sha256))
        self.bare: list[tuple[int, str, str, str, str, Any, Any, tuple[str, str]]] = []
        # the prunes' rule sets, one object per distinct set (`_intern`): a record's expiry is worked
        # out once per set, not once per prune (a prune a day: hundreds of times per record)
        self._rule_sets: dict[str, dict[str, Any]] = {}

    def _intern(self, rules: Any) -> dict[str, Any]:
        """One shared dict for each distinct rule set a prune recorded."""
        given = dict(rules or {}) if isinstance(rules, dict) else {}
        return self._rule_sets.setdefault(repr(sorted(given.items(), key=lambda kv: str(kv[0]))), given)

    def note_events(self, rows: Iterator[tuple[Any, Any]]) -> None:
        """Ahead of the walk: the erasure and prune events ((seq, record) rows)."""
        for seq, text in rows:
            record = _load_record(text)
            if record is not None and record.get("schema") in (DSR_SCHEMA, PRUNE_SCHEMA):
                self.noted.add(int(seq))
                self._note_event(int(seq), record)

    def note(self, seq: int, text: str, *, has_sidecar: bool) -> None:
        record = _load_record(text)
        if record is None:
            return  # the chain walk reports it
        schema = record.get("schema")
        if schema in (DECISION_SCHEMA, STORAGE_SCHEMA):
            if not has_sidecar:
                self._judge_bare(seq, record, "decision" if schema == DECISION_SCHEMA else "storage")
        elif seq not in self.noted:  # (an event whose action column was edited: the walk reports that)
            self._note_event(seq, record)

    def _judge_bare(self, seq: int, record: dict[str, Any], kind: str) -> None:
        """A decision or stored copy without its sidecar row: an erasure or prune must cover it. A
        stored copy's row goes with its decision's erasure (`of_decision`), or with a prune by its
        decision's policy's kept-item period (`retention.expires`). One the events read ahead do
        not cover waits for `check` (an event whose action column was edited is noted late)."""
        outcome = mapping(record.get("outcome"))
        policy = mapping(record.get("policy"))
        bare = (
            seq,
            str(record.get("decision_id" if kind == "decision" else "of_decision", "")),
            str(record.get("ts", "")),
            kind,
            str(outcome.get("action", "")),
            outcome.get("enforced"),
            mapping(record.get("retention")).get("until"),
            (str(policy.get("id") or ""), str(policy.get("sha256") or "")),
        )
        if not self._covered(*bare):
            self.bare.append(bare)

    def _covered(
        self, seq: int, ident: str, ts: str, kind: str, action: str, enforced: Any, until: Any, own: tuple[str, str]
    ) -> bool:
        return self.erased_by.get(ident, -1) > seq or self._pruned(seq, ts, kind, action, enforced, until, own)

    def _note_event(self, seq: int, record: dict[str, Any]) -> None:
        schema = record.get("schema")
        if schema == DSR_SCHEMA and record.get("kind") == "erasure":
            found = record.get("items_found")
            for ident in found if isinstance(found, list) else []:
                self.erased_by[str(ident)] = max(seq, self.erased_by.get(str(ident), -1))
            added = mapping(record.get("actions")).get("suppressed")
            self._expect(seq, [{**e, "request_id": record.get("request_id")}
                               for e in (added if isinstance(added, list) else []) if isinstance(e, dict)])
        elif schema == PRUNE_SCHEMA:
            with contextlib.suppress(ValueError, TypeError, OverflowError):
                self.prunes.append(
                    (seq, parse_ts(str(record.get("as_of"))), self._intern(record.get("rules")),
                     _per_policy(record, self._intern))
                )
            carried = record.get("suppression_carried")
            if isinstance(carried, list):
                self._expect(seq, [e for e in carried if isinstance(e, dict)])
            else:
                self.uncarried_prune_ts = max(self.uncarried_prune_ts, str(record.get("ts", "")))

    def _expect(self, seq: int, entries: list[dict[str, Any]]) -> None:
        for e in entries:
            self.suppressed[(str(e.get("kind")), str(e.get("value")), str(e.get("request_id")))] = seq

    def _pruned(
        self, seq: int, ts: str, kind: str, action: str, enforced: Any, until: Any, own: tuple[str, str]
    ) -> bool:
        """Whether a later prune erased this decision's (or stored copy's) row: judged by the
        periods that prune applied to the decision's own policy (`rules_by_policy`; a policy it
        does not list had its records kept), or, for a prune written before those, by its one
        `rules`; a stored copy's record naming no policy, by the prune's `rules`, as prune does."""
        from scrapeguard.audit.retention import expires, storage_rules

        dues: dict[int, Any] = {}  # id of an interned rule set -> the record's expiry under it
        # (the latest prune first: it is the one that covers most records, so the walk ends there)
        for at, as_of, general, per_policy in reversed(self.prunes):
            if at > seq:
                if per_policy is None:
                    rules: dict[str, Any] | None = general
                else:
                    rules = per_policy.get(own) if kind == "decision" else storage_rules(own, per_policy, general)
                if rules is None:
                    continue
                if id(rules) not in dues:
                    dues[id(rules)] = None
                    with contextlib.suppress(ValueError, TypeError, OverflowError, KeyError):
                        dues[id(rules)] = expires(kind, ts, action, enforced, until, rules)
                due = dues[id(rules)]
                with contextlib.suppress(TypeError):
                    if due is not None and due <= as_of:
                        return True
        return False

    def check(self, verifier: ChainVerifier, suppression: list[tuple[Any, ...]]) -> None:
        for bare in self.bare:
            if not self._covered(*bare):
                verifier._problem(
                    bare[0],
                    "sidecar row (the record's personal fields) deleted without an erasure or prune that covers "
                    "it: access and erasure requests no longer find this record"
                    + (" (a stored copy's location and hash)" if bare[3] == "storage" else ""),
                    "sidecar",
                )
        matched: set[tuple[str, str, str]] = set()
        requests = {request_id: seq for (_kind, _value, request_id), seq in self.suppressed.items()}
        for row_id, kind, value, request_id, added in suppression:
            forms = [(str(kind), str(value), str(request_id))]
            if kind == "phash":
                forms.append((str(kind), phash_hmac(self.key, str(value)), str(request_id)))
            hit = next((f for f in forms if f in self.suppressed), None)
            if hit is not None:
                matched.add(hit)
            elif self.uncarried_prune_ts and str(added) <= self.uncarried_prune_ts:
                pass  # (vouched for by a prune of a release that carried no entries, its id's later records aside)
            elif str(request_id) in requests:  # (its request's record is there: the entry is none it added)
                verifier._problem(
                    requests[str(request_id)],
                    f"suppression entry {row_id} ({kind}) is none of those erasure request {request_id!r} "
                    "added: it was added by hand or altered",
                    "suppression",
                )
            else:
                verifier._problem(  # (at the end of the chain: where the record cut off would be)
                    verifier.expected_seq,
                    f"suppression entry {row_id} ({kind}) names request {request_id!r}, which has no erasure "
                    "record in the chain: the record was cut off or the entry was added by hand",
                    "suppression",
                )
        for (kind, _value, request_id), seq in self.suppressed.items():
            if (kind, _value, request_id) not in matched:
                verifier._problem(
                    seq,
                    f"a suppression entry ({kind}) of erasure request {request_id!r} is missing from the "
                    "suppression list: it was deleted, and what was erased can be crawled again",
                    "suppression",
                )


# The first line of a JSON file given as the log read to say what it is (a decision's record is a few kB; its
# own hash comes before its pictures, a hundred kB on a page of hundreds)
_FIRST_LINE_READ = 64 * 1024


def _what_json_is(target: str, first_line: bytes) -> str:
    """What a JSON file given as the log is, said after "not an audit log": `audit export` writes JSON Lines,
    which `verify --jsonl` reads; a crawl's feed of items is JSON Lines too, and no export."""
    if not first_line:
        return ""
    if reads_as_a_record(first_line.decode("utf-8", "replace")):
        return f"; it looks like a JSON Lines export, which `scrapeguard audit verify --jsonl {target}` checks"
    if len(first_line) >= _FIRST_LINE_READ:  # (cut before any mark of a record: none to go by)
        return f"; it is JSON: if it is an export, `scrapeguard audit verify --jsonl {target}` checks it"
    return "; it is JSON, and its first line is no record of an audit log"


def _file_id(path: str) -> tuple[int, int] | None:
    """The (device, inode) a path names now; None where it names nothing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class AuditLog:
    """Append decisions, verify the chain, answer suppression look-ups.

    Open with `AuditLog.open(path)`. One instance may be shared by threads; separate
    processes open the same file each with their own instance.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        *,
        url_mode: str = "hmac",
        checkpoint_every: int = 1000,
        busy_timeout: float = 30.0,
        group_commit: bool = True,
    ) -> None:
        self._conn = conn
        self.busy_timeout = busy_timeout
        self.path = path
        # where the unwritten-decisions journal goes (`unwritten`), fixed now: SQLite resolved the
        # log's path when it opened it, and a journal found by a relative path after the process
        # changed directory (a daemon's chdir) went elsewhere or nowhere, and was never added
        self.journal_base = os.path.abspath(path)
        self.read_only = False  # (set by `open`)
        # the file this connection writes (device, inode), held to the path before each write
        # (`_check_still_there`): SQLite writes on into a log deleted or replaced under it
        self._file_id: tuple[int, int] | None = None
        # the same of its -wal and -shm, as first seen while this connection has them open (SQLite removes them
        # only when the last connection closes): one deleted under a running guard took its commits with it
        self._side_ids: dict[str, tuple[int, int] | None] = {"-wal": None, "-shm": None}
        self.url_mode = url_mode
        self.checkpoint_every = max(1, int(checkpoint_every))
        self._lock = threading.RLock()
        self._snapshot_thread: int | None = None  # the thread inside `snapshot()`, whose reads join it
        self._key = bytes.fromhex(self._meta("hmac_key"))
        self.log_id = self._meta("log_id")
        self._supp: dict[str, str] = {}
        self._supp_phash: list[tuple[int, str]] = []
        self._supp_domains = False
        self._supp_sections = False  # (a suppressed profile or site section, `URL_PREFIX`: looked up by its sections)
        # a domain entry's keyed value -> the requests that made it, and (value, request) of those made
        # from the spelling they hold (`EXACT_DOMAIN`): only the others may be an older release's IDNA 2003 one
        self._supp_domain_requests: dict[str, list[str]] = {}
        self._supp_exact: set[tuple[str, str]] = set()
        self._supp_max = 0
        self._data_version: int | None = None
        self._dirty = True
        self._closed = False
        self._appended = 0
        self.group_commit = group_commit
        self._queue: list[_Pending] = []
        self._queue_lock = threading.Lock()
        self._leading = False
        self.damaged: set[int] = set()  # seqs whose record could not be read (see iter_entries)
        self._unwritten: UnwrittenJournal | None = None  # (see `keep_unwritten`)
        self._erased_on_write: dict[str, str] = {}  # decision id -> erasure request (see `erased_on_write`)
        have = {str(row[1]) for row in conn.execute("PRAGMA table_info(sidecar)")}
        # the sidecar's fields in a query (`_personal_of`): a column an older log lacks reads as NULL
        self.sidecar_columns = tuple(f"s.{k}" if k in have or k not in _ADDED_COLUMNS else "NULL" for k in _SIDECAR_KEYS)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        url_mode: str = "hmac",
        checkpoint_every: int = 1000,
        busy_timeout: float = 30.0,
        synchronous: str = "FULL",
        group_commit: bool = True,
        read_only: bool = False,
    ) -> AuditLog:
        """Open (or create) the log file.

        `synchronous="FULL"` is the default: each commit fsyncs the WAL, so an
        acknowledged record survives power loss. `NORMAL` survives a process crash
        (SIGKILL, tested) but not an OS crash or power cut; the policies choose it with
        `[audit] synchronous`. `group_commit=False` gives every append its own commit
        (for comparison; there is no durability difference).

        `read_only=True` (the reviewing commands) never writes: a log on read-only media,
        or one the user may only read, can still be verified, listed and exported.
        """
        target = os.fspath(path)
        if not str(target).strip():  # ("" is the current folder to Path: "  is a directory" named no path)
            raise AuditUnreadable("the audit log's path is empty: give the file to write (a guard without a log: "
                                  "audit=None)")
        if url_mode not in ("hmac", "clear"):
            raise ValueError("url_mode must be 'hmac' or 'clear'")
        if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError("synchronous must be FULL, EXTRA or NORMAL")
        p = Path(target)
        try:
            exists = p.exists()
        except OSError as exc:  # (a folder on the way the user may not search: PermissionError on Python < 3.12)
            why = f"cannot reach audit log {target}: {exc.strerror or exc}"
            raise (AuditUnreadable(why) if read_only else AuditError(why + " (no write can reach it)")) from None
        if read_only:
            create = False
        if not exists and not create:
            raise AuditMissing(f"no audit log at {target}")
        if not read_only:
            cls._refuse_orphaned_wal(target)
        if exists:
            if p.is_dir():
                raise AuditUnreadable(f"{target} is a directory, not an audit log")
            if not p.is_file():  # (a FIFO's read waited for a writer for ever: every command hung, review)
                # (a file that is no audit log, as a folder is: exit 2 to a writer too, as `check --help` says,
                # where `check --audit /dev/null` gave the 3 of a log that could not be opened for writing)
                why = f"{target} is not a regular file (a FIFO, a socket or a device), not an audit log"
                raise AuditUnreadable(why if read_only else why + ": no log can be kept there")
            first_line = b""
            try:
                with p.open("rb") as fh:
                    head = fh.read(16)
                    if head != _SQLITE_MAGIC and head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
                        fh.seek(0)  # (its first line, read only to say what the file is)
                        first_line = fh.readline(_FIRST_LINE_READ)
            except OSError as exc:
                raise AuditUnreadable(f"cannot read audit log {target}: {exc}") from None
            if head and head != _SQLITE_MAGIC:
                raise AuditUnreadable(f"{target} is not a scrapeguard audit log (not an SQLite file)"
                                      + _what_json_is(target, first_line))
            if not head and not create:
                raise AuditUnreadable(f"audit log {target} is empty (truncated to 0 bytes)")
        if read_only:
            conn = cls._connect_read_only(target, busy_timeout)
        else:
            if not p.parent.is_dir():  # (a log that cannot be opened for writing: exit 3, as `check --help` says)
                raise AuditError(f"cannot open audit log {target}: its folder {p.parent} does not exist (create it first)")
            try:
                conn = sqlite3.connect(target, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as exc:
                raise _map_error(exc, target) from None
        conn.create_function("scrapeguard_utf8", 1, _utf8, deterministic=True)  # (for damaged_seqs)
        try:
            if not read_only and exists and not os.access(target, os.W_OK):
                # SQLite opens a file it may not write read-only without a word: the log opened, and
                # every decision's write failed (fail-closed: the whole crawl blocked; fail-open: all
                # of it collected with no record), where a read-only folder was refused here
                raise AuditError(
                    f"audit log {target} is read-only to this process: a writer needs write access to the "
                    "file and its folder (the reviewing commands read it as it is)"
                )
            if not read_only:
                conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                if exists and p.stat().st_size > 0:
                    cls._refuse_foreign(conn, target)  # (before WAL mode: it stays once set; found in review)
                if not exists or p.stat().st_size == 0:
                    # every commit writes each page it touched (the record's leaf and about
                    # seven index leaves) to the WAL: 4 KiB pages make that a quarter of the
                    # bytes of 16 KiB ones (measured: append ~40 % cheaper) for ~13 % more file
                    conn.execute("PRAGMA page_size = 4096")
                cls._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone(), busy_timeout)
                conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
                # an erased or withdrawn sidecar field is overwritten, not left in a free page
                conn.execute("PRAGMA secure_delete = ON")
            cls._ensure_schema(conn, target, create, busy_timeout, writable=not read_only)
            # short engine-level wait; `_begin_immediate` does the fair, long wait for writes
            conn.execute(f"PRAGMA busy_timeout = {_ENGINE_BUSY_MS}")
            opened = cls(
                conn,
                target,
                url_mode=url_mode,
                checkpoint_every=checkpoint_every,
                busy_timeout=busy_timeout,
                group_commit=group_commit,
            )
            opened.read_only = read_only
            if not read_only:
                opened._file_id = _file_id(opened.journal_base)
                opened._side_ids = {suffix: _file_id(opened.journal_base + suffix) for suffix in ("-wal", "-shm")}
        except sqlite3.Error as exc:
            conn.close()
            raise _map_error(exc, target) from None
        except AuditError:
            conn.close()
            raise
        if not read_only:
            opened._add_orphaned_decisions()
        return opened

    @staticmethod
    def _refuse_orphaned_wal(target: str) -> None:
        """Refuse to make a new log where the old one's write-ahead log still holds records.

        Why: records a writer killed before the WAL was copied into the file (SIGKILL, a crash)
        live only in `<log>-wal`; the log file moved away without it (rotated by hand) or deleted
        left that file behind, and a new log made at the path discarded it, acknowledged records
        and all, while the moved file lacked them too. (The file is looked at after the WAL: a
        log another process is making has its first page before its WAL has anything.)"""
        wal = target + "-wal"
        try:
            if not (os.path.isfile(wal) and os.path.getsize(wal) > 0):
                return
            if os.path.getsize(target) > 0:
                return
        except OSError:
            if not os.path.isfile(wal):
                return
        where = f"audit log {target} is empty" if os.path.exists(target) else f"no audit log at {target}"
        raise AuditUnreadable(
            f"{where}, but its write-ahead log {wal} holds records not yet copied into it: the log file was "
            f"moved or deleted while they were there. Put it back beside {os.path.basename(wal)} (a log moves "
            "with its -wal file); a new log made here would discard them"
        )

    def _add_orphaned_decisions(self) -> None:
        """Chain what processes that ended left beside the log unwritten (`unwritten`): a log
        opened for writing is where they were due. A failure here leaves them for the next one."""
        journals = waiting_journals(self.journal_base)
        if not journals:
            return
        try:
            replay_orphans(self, journals)
        except AuditError as exc:
            log.warning("scrapeguard: decisions left unwritten by an ended process wait on: %s", exc)

    def keep_unwritten(self, decision: Any) -> None:
        """Note on disk, beside the log, a decision whose `append` failed, until an `append` of it
        succeeds: a process killed before that leaves it for the next writer (`unwritten`)."""
        prepared = self._prepare(decision)
        with self._lock:
            if self._unwritten is None:
                self._unwritten = UnwrittenJournal(self.journal_base, self._key)
        self._unwritten.add(prepared)

    def has_decision(self, decision_id: str) -> bool:
        """Whether a record of this decision is in the chain."""
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM chain WHERE decision_id = ? LIMIT 1", (decision_id,)).fetchone()
        return row is not None

    @staticmethod
    def _connect_read_only(target: str, busy_timeout: float) -> sqlite3.Connection:
        """A connection that never writes: `mode=ro` (it shares the WAL with a running writer), and
        where SQLite cannot even use the WAL's shared-memory file beside the log (read-only media),
        `immutable=1`, which reads the file as it is, without locks.

        Not an ordinary connection with `query_only`, as where the log could be written before: the
        last connection to a log closing copies its WAL into the file and deletes it, so `audit
        verify` of an evidence copy whose WAL held records (its writer killed) rewrote the file it
        was checking. (Only the shared-memory index, derived from the WAL, may be rebuilt.)"""
        from urllib.parse import quote

        # (the name's own bytes: one that is no UTF-8, `a\xe9.sqlite`, is a name SQLite opens as any other)
        uri = "file:" + quote(os.fsencode(os.path.abspath(target)))
        writable = os.access(target, os.W_OK) and os.access(os.path.dirname(os.path.abspath(target)), os.W_OK)
        attempts = [f"{uri}?mode=ro", f"{uri}?mode=ro&immutable=1"]
        last: sqlite3.Error | None = None
        for name in attempts:
            try:
                conn = sqlite3.connect(name, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as exc:
                last = exc
                continue
            try:
                conn.execute("PRAGMA query_only = ON")
                conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as exc:
                conn.close()
                mapped = _map_error(exc, target)
                if writable and isinstance(mapped, AuditLocked):
                    # another process holds the log (an exclusive lock): reading the file without
                    # locks would miss what it holds in the WAL, or read its half-written pages
                    raise mapped from None
                last = exc
                continue
            wal = target + "-wal"
            if name.endswith("immutable=1") and os.path.exists(wal) and os.path.getsize(wal):
                log.warning(
                    "audit log %s is on read-only storage and read as the file holds it: records still only "
                    "in %s are not seen",
                    target,
                    wal,
                )
            return conn
        assert last is not None
        raise _map_error(last, target) from None

    @staticmethod
    def _retry(fn: Callable[[], Any], budget: float) -> Any:
        """Some statements (journal-mode switch) bypass the busy handler; retry them."""
        deadline = time.monotonic() + budget
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @staticmethod
    @contextlib.contextmanager
    def _committed(conn: sqlite3.Connection) -> Iterator[None]:
        """The transaction begun on `conn` committed when its block ends, rolled back when it raises, with the
        block's own error: SQLite has already rolled back a transaction a full disk failed, and the "cannot
        commit (rollback) - no transaction is active" that followed hid it (a new log on a full disk was exit 3
        with that, not 5, "disk full", review)."""
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    @classmethod
    def _refuse_foreign(cls, conn: sqlite3.Connection, path: str) -> None:
        """Refuse another application's database before anything is set on it: a writer turns an
        audit log's journal to WAL, which stays with the file, so a command pointed at the wrong
        database by mistake changed it for good, then said it was no audit log."""
        conn.execute("BEGIN")  # (one snapshot, as `_ensure_schema` reads: a log being created meanwhile is one)
        with cls._committed(conn):
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (version or tables):
            raise AuditUnreadable(f"{path} is an SQLite database but not a scrapeguard audit log")

    @classmethod
    def _ensure_schema(
        cls, conn: sqlite3.Connection, path: str, create: bool, budget: float, *, writable: bool = True
    ) -> None:
        # one read transaction, one snapshot: a process creating the log at the same moment (crawler
        # workers started together) committed between separate reads, and this one then read a
        # version of 0 beside the log's tables and stopped on "not a scrapeguard audit log"
        conn.execute("BEGIN")
        with cls._committed(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and app == 0:
            if tables:
                raise AuditUnreadable(f"{path} is an SQLite database but not a scrapeguard audit log")
            if not create:
                raise AuditUnreadable(f"{path} holds no audit log")
            cls._retry(lambda: conn.execute("BEGIN IMMEDIATE"), budget)
            with cls._committed(conn):
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # another process may have won
                    for statement in (_DDL + _SIDECAR_DELETE_DDL).split(";\n"):
                        if statement.strip():
                            conn.execute(statement)
                    meta = {
                        "schema_version": str(SCHEMA_VERSION),
                        "hmac_key": secrets.token_hex(32),
                        "log_id": str(uuid.uuid4()),
                        "created": now_ts(),
                    }
                    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if app != APPLICATION_ID:
            raise AuditUnreadable(f"{path} is an SQLite database but not a scrapeguard audit log")
        if version > SCHEMA_VERSION:
            raise AuditSchemaTooNew(
                f"audit log {path} uses schema version {version}; this scrapeguard reads up to "
                f"{SCHEMA_VERSION}. Upgrade scrapeguard to read it (the file was left untouched)."
            )
        if version < 1:
            raise AuditUnreadable(f"audit log {path} has an unknown schema version {version}")
        have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [name for name in _TABLES if name not in have]
        if missing:
            # (a writer then failed every append, or wrote no checkpoint, and verify stopped on
            # SQLite's "no such table" with exit 2 or 3 depending on the table)
            raise AuditTampered(
                f"audit log {path} lacks its {', '.join(missing)} table{'s' if len(missing) > 1 else ''}: the file "
                "was damaged or tampered with, and is neither read nor written as an audit log"
            )
        if writable:
            cls._upgrade(conn, budget)

    @classmethod
    def _upgrade(cls, conn: sqlite3.Connection, budget: float) -> None:
        """A log written before the sidecar's triggers existed gets them, one with an earlier
        form of one gets today's (same schema version: the previous release still reads the
        log and appends to it, see `_SIDECAR_TRIGGER`); one without a sidecar column added since
        gets it, empty for the rows written before (the previous release names its columns)."""
        if cls._missing_columns(conn):
            cls._retry(lambda: conn.execute("BEGIN IMMEDIATE"), budget)
            with cls._committed(conn):
                for column in cls._missing_columns(conn):  # (again under the lock: another writer may have)
                    conn.execute(f"ALTER TABLE sidecar ADD COLUMN {column} TEXT")
        have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        stale = [
            name
            for name, sql in _SIDECAR_TRIGGERS
            if " ".join(str(have.get(name)).split()) != " ".join(sql.replace(" IF NOT EXISTS", "").split())
        ]
        if not stale:
            return
        cls._retry(lambda: conn.execute("BEGIN IMMEDIATE"), budget)
        with cls._committed(conn):
            for name in stale:
                conn.execute(f"DROP TRIGGER IF EXISTS {name}")
            for statement in _SIDECAR_DELETE_DDL.split(";\n"):
                if statement.strip():
                    conn.execute(statement)

    def sidecar_column(self, name: str) -> str:
        """A sidecar field (`_SIDECAR_KEYS`) as a query over `sidecar s` names it: NULL for a column
        added since schema version 1 that this log (opened read-only, never upgraded) lacks."""
        return self.sidecar_columns[_SIDECAR_KEYS.index(name)]

    @staticmethod
    def _missing_columns(conn: sqlite3.Connection) -> list[str]:
        have = {str(row[1]) for row in conn.execute("PRAGMA table_info(sidecar)")}
        return [column for column in _ADDED_COLUMNS if column not in have]

    def _meta(self, key: str) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:  # (its triggers forbid deleting it: an edit, not a disk error; found in review)
            raise AuditTampered(f"audit log {self.path} lacks its {key!r} metadata: it was tampered with")
        return str(row[0])

    # ----------------------------------------------------------------- writing
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """`BEGIN IMMEDIATE` … `COMMIT`: takes the write lock up front so two processes
        never read the same chain head."""
        with self._lock:
            if self._closed:
                raise AuditError(f"audit log {self.path} is closed")
            self._check_still_there()
            self._begin_immediate()
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise _map_error(exc, self.path) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    def _check_still_there(self) -> None:
        """Refuse to write where the log's path no longer names the file this connection opened.

        Why: a log deleted (its folder removed, `rm log.sqlite*`) or replaced while a guard ran was
        still written through the open file, every write succeeding into a file no one could read
        again: under a fail-closed policy the crawl went on allowed, and nothing was recorded
        (review, session 60). One stat per commit."""
        if self._file_id is None:
            return
        now = _file_id(self.journal_base)
        if now != self._file_id:
            what = "deleted" if now is None else "replaced by another file"
            raise AuditGone(
                f"audit log {self.path} was {what} while this process had it open: a record written now would "
                "be lost with the old file; restore the file (with its -wal) or restart the guard on the new log"
            )
        for suffix, seen in self._side_ids.items():
            # (review, session 61: `rm log.sqlite-wal` under a running crawl lost every commit since the last
            # checkpoint, with every write "succeeding"; a deleted -shm let a second writer share no locks with
            # this one and corrupt the log)
            side = _file_id(self.journal_base + suffix)
            if seen is None:
                self._side_ids[suffix] = side
            elif side != seen:
                what = "deleted" if side is None else "replaced by another file"
                lost = ("the records written since its last checkpoint went with it" if suffix == "-wal" else
                        "another process writing it now shares no lock with this one and may damage it")
                raise AuditGone(
                    f"audit log {self.path}: its {suffix} file was {what} while this process had the log open: {lost}; "
                    f"stop every process writing the log, run `scrapeguard audit verify --log {self.path}`, and "
                    "restart the guard"
                )

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting up to the busy timeout.

        SQLite's own busy handler backs off to 100 ms sleeps, so with several busy
        writers one process can starve until it times out. Polling with short random
        sleeps here keeps the turns fair."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise _map_error(exc, self.path) from None
                time.sleep(random.uniform(0.0002, 0.002))
            except sqlite3.Error as exc:
                raise _map_error(exc, self.path) from None

    def append(self, decision: Any, *, image: bytes | None = None) -> int:
        """Write one decision; when this returns, the record is on disk. Returns its seq.

        `image`: the fetched image bytes, if the caller has them, to store a perceptual
        hash (never the bytes) for Art. 15/17 look-ups by a copy of the image.

        Threads appending at the same time share commits (group commit): one of them
        writes every record queued so far in one transaction while the others wait, and
        each returns only once its own record is committed. The record is built before
        the queue, in the caller's thread, so building overlaps another thread's commit.
        """
        prepared = self._prepare(decision, image)
        if not self.group_commit:  # (written as one group commit writes its batch: no checkpoint a record)
            with self.transaction() as conn:
                seq = self.append_many(conn, [prepared])[0]
            self._appended += 1
        else:
            seq = self._commit_grouped([prepared])[0]
        if self._unwritten is not None and prepared.decision_id in self._unwritten:
            self._unwritten.settle(prepared.decision_id)
        return seq

    def _prepare(self, decision: Any, image: bytes | None = None) -> Prepared:
        """The record of a decision (`Decision` or its dict) as this log keeps it."""
        d = decision.to_dict() if hasattr(decision, "to_dict") else dict(decision)
        phash = dhash(image) if image else (d.get("phash") if isinstance(d.get("phash"), str) else None)
        return decision_record(d, self._key, self.url_mode, phash)

    def append_events(self, events: list[Prepared]) -> list[int]:
        """Write records built elsewhere (`record.storage_record` …) in one transaction, through
        the group commit as `append` does; durable when this returns. Their seqs.

        They count as this process's writes: `close` then leaves the shutdown checkpoint at
        the head, which an event written with `transaction()` + `append_many` never got."""
        if not events:
            return []
        if not self.group_commit:
            with self.transaction() as conn:
                seqs = self.append_many(conn, list(events))
            self._appended += len(seqs)
            return seqs
        return self._commit_grouped(list(events))

    def _commit_grouped(self, prepared: list[Prepared]) -> list[int]:
        item = _Pending(prepared)
        with self._queue_lock:
            self._queue.append(item)
            lead = not self._leading
            self._leading = True
        if not lead:
            item.done.wait()
            lead = item.lead  # handed the lead: our record is first in the next batch
        if lead:
            self._lead()
        if item.error is not None:
            raise item.error
        return item.seqs

    def _lead(self) -> None:
        """Commit everything queued in one transaction, then hand the lead to the oldest
        waiter (so no thread serves the others for ever) or give it up."""
        with self._queue_lock:
            batch, self._queue = self._queue, []
        try:
            self._write_batch(batch)
        finally:
            with self._queue_lock:
                if self._queue:
                    nxt = self._queue[0]
                    nxt.lead = True
                    nxt.done.set()
                else:
                    self._leading = False
            for item in batch:
                if not item.seqs and item.error is None:  # interrupted (KeyboardInterrupt…)
                    item.error = AuditError(f"audit log {self.path}: write interrupted, record not written")
                item.lead = False
                item.done.set()

    def _write_batch(self, batch: list[_Pending]) -> None:
        try:
            with self.transaction() as conn:
                seqs = self.append_many(conn, [p for item in batch for p in item.prepared])
        except AuditError as exc:
            if len(batch) == 1 or isinstance(exc, AuditLocked):
                # the lock held past the busy timeout is the whole log's state, not one record's:
                # each of these was queued before that wait began, and retrying them one by one
                # waited the timeout again for each (30 s each: minutes of a crawl's threads stalled)
                for item in batch:
                    item.error = type(exc)(*exc.args)  # (one each: raised in several threads at once)
                return
            # one caller's failure must not be another's: retry each in its own transaction
            for item in batch:
                self._write_batch([item])
            return
        self._appended += len(seqs)
        at = 0
        for item in batch:
            item.seqs = seqs[at : at + len(item.prepared)]
            at += len(item.prepared)

    def head(self, conn: sqlite3.Connection | None = None) -> tuple[int, str]:
        """(next seq, hash of the last record): where the next record attaches."""
        c = conn or self._conn
        # (the hash read as bytes, `blob_columns`: one byte that is not UTF-8 in the last record's hash failed
        # every append; the next record chains to it as it reads, and verify names the altered one)
        row = c.execute(f"SELECT seq, {blob_columns('hash')} FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            return int(row[0]) + 1, str(column_text(row[1]))
        anchor = c.execute(f"SELECT through_seq, {blob_columns('hash')} FROM anchors ORDER BY through_seq DESC "
                           "LIMIT 1").fetchone()
        if anchor is not None:
            return int(anchor[0]) + 1, str(column_text(anchor[1]))
        return 0, GENESIS

    def append_prepared(self, conn: sqlite3.Connection, prepared: Prepared, *, checkpoint: bool = True) -> int:
        """Inside an open transaction: attach an event (erasure, access, read, prune) to the
        chain head, with a checkpoint at it in the same transaction: the events an operator
        writes are few and matter most, and cutting one off the tail must contradict a
        checkpoint (kept here and, when exported, elsewhere). Each names the log's key
        (`canonical.key_fingerprint`), which `verify` holds the file's key to.

        `checkpoint=False`: an event the crawl's own writes make, as often as its decisions
        (`_note_erased`): a checkpoint counts every record of the chain, under the write lock."""
        if prepared.parts is None:  # (the record is serialised by the writer: the field goes into it)
            prepared.record["log_key"] = key_fingerprint(self._key)
        seq = self.append_many(conn, [prepared])[0]
        if checkpoint:
            size, head = self.head(conn)
            self._write_checkpoint(conn, size, head, prepared.kind)
        return seq

    def append_many(self, conn: sqlite3.Connection, batch: list[Prepared]) -> list[int]:
        """Inside an open transaction: attach records in order; their seqs.

        One head read and one `executemany` per table for the whole batch: every call
        into SQLite lets go of the GIL, and in a busy crawler each time it is taken back
        can wait for another thread's time slice, so the number of calls, not their work,
        is what a grouped commit saves."""
        seq, prev = self.head(conn)
        seqs: list[int] = []
        late: dict[str, list[str]] = {}  # erasure request id -> decisions it covers, written after it
        allowed_late: list[str] = []  # those of them that let the item through
        self._refresh_suppression()  # (once a batch, under the write lock: `_erased_before`)
        blocked = self._blocked_urls(conn, batch)
        chain_rows: list[tuple[Any, ...]] = []
        sidecar_rows: list[tuple[Any, ...]] = []
        for prepared in batch:
            # (asked of it as made: one an erasure covers is still withheld, `erased_on_write`)
            erased_by = self._erased_before(prepared) if prepared.personal is not None else None
            if prepared.withdraws_clear is not None:  # (a retry of it later in this batch finds it here)
                blocked.add(prepared.withdraws_clear)
            elif erased_by is None and _clear_request(prepared) and prepared.personal is not None \
                    and prepared.personal.url_hmac in blocked:
                prepared = keyed_only(prepared, self._key)
            parts = prepared.parts or canonical_parts(prepared.record)
            text = join_parts(parts, prev, seq)
            digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
            chain_rows.append(
                (
                    seq,
                    prepared.kind,
                    prepared.decision_id,
                    prepared.ts,
                    prepared.domain,
                    prepared.action,
                    prepared.purpose,
                    text,
                    prev,
                    digest,
                )
            )
            personal: Personal | None = prepared.personal
            if erased_by is not None:  # (no row: its fields go as an erasure's do; noted below)
                late.setdefault(erased_by, []).append(prepared.decision_id)
                if mapping(prepared.record.get("outcome")).get("allowed"):
                    allowed_late.append(prepared.decision_id)
                self._remember_erased(prepared.decision_id, erased_by)
            elif personal is not None:
                sidecar_rows.append(
                    (
                        seq,
                        personal.url_hmac,
                        personal.url,
                        personal.salt,
                        personal.page_url,
                        personal.image_sha256,
                        personal.phash,
                        personal.redacted_sha256,
                    )
                )
            seqs.append(seq)
            seq, prev = seq + 1, digest
            if seq % self.checkpoint_every == 0:  # the checkpoint counts exactly the first `seq` records
                self._insert_rows(conn, chain_rows, sidecar_rows)
                chain_rows, sidecar_rows = [], []
                self._write_checkpoint(conn, seq, digest, "periodic")
        self._insert_rows(conn, chain_rows, sidecar_rows)
        for prepared, at in zip(batch, seqs, strict=True):
            if prepared.withdraws_clear is not None:
                self._withdraw_clear(conn, prepared.withdraws_clear, at)
        for request_id, idents in late.items():
            self._note_erased(conn, request_id, idents, [i for i in idents if i in allowed_late])
        return seqs

    @staticmethod
    def _blocked_urls(conn: sqlite3.Connection, batch: list[Prepared]) -> set[str]:
        """Inside the write transaction: the keyed hashes of this batch's request-stage URLs in clear that the
        log holds a block of, kept as a keyed hash only (one indexed look-up a batch). Such a record is written
        keyed-only too (`record.keyed_only`): a crawler's retry of a URL blocked at its response, or its HEAD,
        kept the URL in clear after the block, where `_withdraw_clear` reaches only the rows before it."""
        asked = sorted({p.personal.url_hmac for p in batch if _clear_request(p) and p.personal is not None})
        found: set[str] = set()
        for start in range(0, len(asked), 500):
            chunk = asked[start : start + 500]
            found.update(row[0] for row in conn.execute(
                "SELECT DISTINCT s.url_hmac FROM sidecar s JOIN chain c ON c.seq = s.seq "
                f"WHERE s.url_hmac IN ({','.join('?' * len(chunk))}) AND s.url IS NULL "
                "AND c.kind = 'decision' AND c.action = 'block'", chunk))
        return found

    def _erased_before(self, prepared: Prepared) -> str | None:
        """Inside the write transaction: the erasure request whose suppression entries cover this
        decision's URL, domain or image, when its row would keep any of them in clear.

        A decision made before an erasure can be written after it: its write waited for the
        erasure's lock, or failed and was kept (`keep_unwritten`) to be written later. Its row
        would put the erased URL back, unlisted by the erasure's manifest, found by the next
        access request. Checked here, under the write lock, against the in-memory list (one
        `PRAGMA data_version` when nothing changed), so crawlers' writes stay as fast as before.
        A blocked item's row in `[audit] url = "hmac"` keeps only keyed hashes: it is written.
        (The list is refreshed by `append_many`, once a batch.)"""
        personal = prepared.personal
        if personal is None or prepared.kind != "decision" or (personal.url is None and personal.page_url is None):
            return None
        if not self._supp and not self._supp_phash:  # (nothing was ever erased or objected to: the common log)
            return None
        # (by bytes only a picture's, as the guard looks them up: a log erased before erasures kept to
        # pictures holds pages' hashes, which withheld the same soft 404 on every other site)
        resource = prepared.record.get("resource")
        sha = personal.image_sha256 if of_a_picture(resource if isinstance(resource, dict) else {}, personal.phash) \
            else None
        if personal.url is not None:  # (its url_hmac is the first key `_suppressed_hit` tries)
            hit = self._suppressed_hit(personal.url, sha)
        else:
            hit = self._supp.get(personal.url_hmac)
            if hit is None and sha:
                hit = self._supp.get(sha256_hmac(self._key, sha))
        if hit is None and personal.phash and self._supp_phash:
            hit = self.is_suppressed_phash(personal.phash)
        return hit

    def _remember_erased(self, decision_id: str, request_id: str) -> None:
        """Keep, for `erased_on_write`, that this decision was written after its item's erasure
        (the newest `_ERASED_KEPT` only: a caller that never asks must not grow it)."""
        with self._queue_lock:
            self._erased_on_write[decision_id] = request_id
            while len(self._erased_on_write) > _ERASED_KEPT:
                del self._erased_on_write[next(iter(self._erased_on_write))]

    def erased_on_write(self, decision_id: str) -> str | None:
        """The erasure request that covered this decision's item by the time its record was written
        (after the erasure: written without its URL), or None; asked once, after `append`. A crawler
        (the guard) withholds the item as it would an item on the suppression list."""
        with self._queue_lock:
            return self._erased_on_write.pop(decision_id, None)

    def _note_erased(
        self, conn: sqlite3.Connection, request_id: str, idents: list[str], allowed: list[str] | None = None
    ) -> None:
        """Inside the transaction that wrote them: record that these decisions of items an earlier
        erasure covers were written without their row (as that erasure left its items' records),
        in an erasure record of the same request, which `verify` takes as vouching for the missing
        rows. A WARNING names those `allowed` (None: all): such an item may have been kept and is in
        no manifest; a blocked one (an unenforced or `url = "clear"` block of an erased URL) is no news."""
        body = {
            "request_id": request_id,
            "kind": "erasure",
            "received": now_ts(),
            # (the request's own record may come after it, when written while the erasure ran)
            "verification": "follows up the erasure request of this id",
            "search_keys": [],
            "items_found": list(idents),
            "actions": {"sidecar_rows_erased": len(idents), "suppressed": [], "written_after_erasure": True},
            "recipients_notified": [],
            "exceptions": [],
            "responded": now_ts(),
            "dpv": {"hasRight": "eu-gdpr:A17"},
        }
        # (no checkpoint: a crawl meeting an erased site again writes one of these per batch of its decisions)
        self.append_prepared(conn, event_record(DSR_SCHEMA, body, request_id, "erasure"), checkpoint=False)
        shown = idents if allowed is None else allowed
        if shown:
            log.warning(
                "scrapeguard: audit log %s: %d decision(s) that let through items erased by request %s were written "
                "as the erasure was made, or after it, without their URL, as it left its items' records (decision "
                "ids %s): the items may have been stored; delete any copy of them",
                self.path, len(shown), request_id, ", ".join(shown[:20]) + (f" and {len(shown) - 20} more"
                                                                            if len(shown) > 20 else ""),
            )

    @staticmethod
    def _withdraw_clear(conn: sqlite3.Connection, url_hmac: str, before: int) -> None:
        """A URL blocked at its response keeps only its keyed hash: the earlier request-stage
        rows of that URL, which said allow before the response was seen, are cut back to it (later
        ones are written so: `_blocked_urls`).

        Only request-stage rows: they never stand for stored content, whereas an earlier
        allowed response may have been kept and its clear URL is what an erasure manifest
        lists for deletion. A row is rewritten by delete + insert (rows are never updated);
        `verify` reads a salted row without its salt as erased fields, as after an erasure."""
        rows = conn.execute(
            "SELECT s.seq, s.image_sha256 FROM sidecar s JOIN chain c ON c.seq = s.seq "
            f"WHERE s.url_hmac = ? AND s.seq < ? AND s.url IS NOT NULL AND c.kind = 'decision' "
            f"AND json_extract({VALID_RECORD}, '$.stage') = 'request'",
            (url_hmac, before),
        ).fetchall()
        if not rows:
            return
        with AuditLog._erasing(conn):
            for seq, image_sha256 in rows:
                conn.execute("DELETE FROM sidecar WHERE seq = ?", (seq,))
                conn.execute(
                    "INSERT INTO sidecar(seq, url_hmac, image_sha256) VALUES (?, ?, ?)", (seq, url_hmac, image_sha256)
                )

    @staticmethod
    @contextlib.contextmanager
    def _erasing(conn: sqlite3.Connection) -> Iterator[None]:
        """Inside a transaction: let the sidecar's delete trigger pass for these statements only."""
        conn.execute("INSERT INTO sidecar_erasing(token) VALUES (1)")
        try:
            yield
        finally:
            conn.execute("DELETE FROM sidecar_erasing")

    def erase_sidecar(self, conn: sqlite3.Connection, seqs: list[int]) -> int:
        """Inside the transaction that also appends the erasure or prune event vouching for it
        (`verify` checks that one does): delete these records' sidecar rows; how many went."""
        erased = 0
        with self._erasing(conn):
            for start in range(0, len(seqs), 500):
                chunk = seqs[start : start + 500]
                marks = ",".join("?" * len(chunk))
                erased += conn.execute(f"DELETE FROM sidecar WHERE seq IN ({marks})", chunk).rowcount
        return erased

    @staticmethod
    def _insert_rows(
        conn: sqlite3.Connection, chain_rows: list[tuple[Any, ...]], sidecar_rows: list[tuple[Any, ...]]
    ) -> None:
        """One multi-row INSERT per table (`executemany` would still step once per row)."""
        for table, columns, rows in (
            ("chain", "seq, kind, decision_id, ts, domain, action, purpose, record, prev, hash", chain_rows),
            ("sidecar", "seq, url_hmac, url, salt, page_url, image_sha256, phash, redacted_sha256", sidecar_rows),
        ):
            for start in range(0, len(rows), _ROWS_PER_INSERT):
                chunk = rows[start : start + _ROWS_PER_INSERT]
                conn.execute(
                    f"INSERT INTO {table}({columns}) VALUES {_values_sql(len(chunk), len(chunk[0]))}",
                    [v for row in chunk for v in row],
                )

    def _write_checkpoint(self, conn: sqlite3.Connection, size: int, head: str, reason: str) -> None:
        counts = checkpoint_counts(conn, size)
        conn.execute(
            "INSERT OR IGNORE INTO checkpoints(tree_size, head_hash, ts, counts, reason) VALUES (?, ?, ?, ?, ?)",
            (size, head, now_ts(), canonical_json(counts), reason),
        )

    def checkpoint(self, reason: str = "manual") -> dict[str, Any] | None:
        """Write a checkpoint at the current head (no-op on an empty log)."""
        with self.transaction() as conn:
            size, head = self.head(conn)
            if size == 0:
                return None
            self._write_checkpoint(conn, size, head, reason)
        return self.checkpoint_export(size)[0]

    def flush_wal(self) -> bool:
        """After an erasure or a prune: copy the WAL into the file and empty it, so the
        erased fields' earlier versions in old WAL frames go too. Best effort: True when
        done; a reader still on an older snapshot keeps them until its next flush."""
        deadline = time.monotonic() + WAL_FLUSH_WAIT
        while True:
            try:
                row = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                log.warning("audit log %s: WAL not flushed after erasure: %s", self.path, exc)
                return False
            if bool(row) and row[0] == 0:
                return True
            if time.monotonic() >= deadline:  # (a reader's snapshot ends within moments, a crawl's reads too)
                break
            time.sleep(0.1)
        log.warning("audit log %s: the erased fields' earlier copies stay in the log's files (%s and its -wal) while "
                    "another process reads it: a copy of the files taken now still holds them; run `scrapeguard "
                    "audit checkpoint --log %s` once no crawler or command has it open",
                    self.path, self.path, self.path)
        return False

    def checkpoints(self) -> list[tuple[int, str, str]]:
        # (as bytes, `text_rows`: one byte that is not UTF-8 in a checkpoint made verify say 'unreadable', exit 2,
        # where the altered checkpoint is the evidence it looks for)
        rows = text_rows(self._conn, f"SELECT tree_size, {blob_columns('head_hash', 'ts')} FROM checkpoints "
                                     "ORDER BY tree_size")
        return [(int(r[0]), str(r[1]), f"size={r[0]}@{r[2]}") for r in rows]

    def checkpoint_export(self, tree_size: int | None = None) -> list[dict[str, Any]]:
        """Checkpoints to keep elsewhere (ticket, e-mail, WORM bucket): a later rewrite of
        the whole file no longer matches them. All, or the one at `tree_size`."""
        where, args = ("WHERE tree_size = ? ", (tree_size,)) if tree_size is not None else ("", ())
        rows = text_rows(self._conn, f"SELECT tree_size, {blob_columns('head_hash', 'ts', 'counts', 'reason')} "
                                     f"FROM checkpoints {where}ORDER BY tree_size", args)  # (as bytes, as `checkpoints` reads)
        return [
            {
                "schema": "scrapeguard.checkpoint/1",
                "origin": f"scrapeguard-audit/{self.log_id}",
                "tree_size": int(r[0]),
                "head_hash": r[1],
                "ts": r[2],
                "counts": _kept_counts(r[3], f"the checkpoint at size {r[0]} of {self.path}"),
                "reason": r[4],
            }
            for r in rows
        ]

    # ------------------------------------------------------------- suppression
    def _refresh_suppression(self) -> None:
        """Cheap when nothing changed: one `PRAGMA data_version`; new rows only otherwise."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version and not self._dirty:
            return
        self._data_version = version
        self._dirty = False
        # (a damaged request id still suppresses, a damaged key matches nothing)
        for row_id, kind, value, request_id, _added in self._suppression_rows(after=self._supp_max):
            self._supp_max = max(self._supp_max, int(row_id))
            if kind == "phash":
                with contextlib.suppress(ValueError, TypeError):  # an unreadable entry matches nothing
                    self._supp_phash.append((int(value, 16), str(request_id)))
            elif kind == EXACT_DOMAIN:
                self._supp_exact.add((str(value), str(request_id)))
            else:
                self._supp.setdefault(str(value), str(request_id))
                if kind == "domain":
                    self._supp_domains = True
                    self._supp_domain_requests.setdefault(str(value), []).append(str(request_id))
                elif kind == URL_PREFIX:
                    self._supp_sections = True

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        """The erasure request id when this URL, its domain or this image (by sha256) was
        erased or objected to; None otherwise. Runs for every decision, so it reads only
        an in-memory map refreshed when another connection committed."""
        with self._lock:
            self._suppression_now()
            return self._suppressed_hit(url, image_sha256)

    def _suppression_now(self) -> None:
        """Under the lock: the list as committed now, for a look-up. A closed log fails it, as it
        fails an append: answering None ("not erased") took an erased item for a free one."""
        if self._closed:
            raise AuditError(f"audit log {self.path} is closed")
        try:
            self._refresh_suppression()
        except sqlite3.Error as exc:
            raise _map_error(exc, self.path) from None

    def _suppressed_hit(self, url: str, image_sha256: str | None) -> str | None:
        """`is_suppressed` on the list as last refreshed."""
        if not self._supp:
            return None
        norm = normalise_url(url)
        hit = self._supp.get(keyed_hash(self._key, "url:" + norm))
        # an entry made before unreserved escapes were decoded: from this spelling (only when it
        # holds such an escape: otherwise it is `norm`), or from `%7E` for `~`
        if hit is None and "%" in url and has_unreserved_escape(url):
            hit = self._supp.get(keyed_hash(self._key, "url:" + escaped_normal_form(url)))
        if hit is None and "~" in norm:
            hit = self._supp.get(keyed_hash(self._key, "url:" + norm.replace("~", "%7E")))
        if hit is None:
            legacy = legacy_normalise_url(url)  # an entry made before IDNA/%-normalisation
            if legacy != norm:
                hit = self._supp.get(keyed_hash(self._key, "url:" + legacy))
        if hit is None and "/." in norm and (resolved := dot_resolved(norm)) is not None:
            hit = self._supp.get(keyed_hash(self._key, "url:" + resolved))  # (`/a/./b.jpg` is `/a/b.jpg`)
        if hit is None and image_sha256:
            hit = self._supp.get(sha256_hmac(self._key, image_sha256))
        if hit is None and self._supp_domains:
            hit = self._domain_hit(url)
        if hit is None and self._supp_sections:
            hit = next(filter(None, (self._supp.get(self._section_key(s)) for s in sections_above(url_section(norm)))),
                       None)
        if hit is None and ";" in url and (bare := parameters_removed(url)) is not None:
            hit = self._suppressed_hit(bare, None)  # (`a.html;jsessionid=X` is `a.html` to a servlet container)
        if hit is None and may_track(norm) and (plain := tracking_removed(norm)) is not None:
            hit = self._suppressed_hit(plain, None)  # (`a.html?utm_source=x`, a newsletter's link, is `a.html`)
        return hit

    def _section_key(self, section: str) -> str:
        """A profile or site section (`canonical.url_section`) as its suppression entry keeps it."""
        return keyed_hash(self._key, "section:" + section)

    def _domain_hit(self, url: str) -> str | None:
        """A suppressed domain covers its subdomains: try the host and each parent."""
        host = url_host(url)  # kept as `erase --domain` keeps it (`query.host_name`): one spelling
        if host is None:
            return None
        if ip_literal(host) is not None:
            return self._supp.get(domain_hmac(self._key, host))
        hit = self._parent_hit(host, self._supp.get)
        # an entry an older release made when it read a --domain with IDNA 2003 (`jane.strasse.de` for
        # `jane.straße.de`) still covers the site it was made for, however the URL spells it (in Unicode,
        # or in A-labels as httpx asks: `jane.xn--strae-oqa.de`). Such an entry may be a genuine
        # `strasse.de` erasure (another owner's domain, DENIC) instead: the two cannot be told apart, and
        # blocking that site too is the safe side. One noted as made from its own spelling (`EXACT_DOMAIN`)
        # is that site's alone
        if hit is None and (legacy := idna2003_host(host)) is not None:
            hit = self._parent_hit(legacy, self._legacy_domain_hit)
        return hit

    def _legacy_domain_hit(self, value: str) -> str | None:
        """The request of a domain entry of this keyed value that may be spelt as IDNA 2003 reads another
        domain: one not noted as made from its own spelling."""
        requests = self._supp_domain_requests.get(value, ())
        return next((r for r in requests if (value, r) not in self._supp_exact), None)

    def _parent_hit(self, host: str, hit_of: Callable[[str], str | None]) -> str | None:
        """The suppression entry (`hit_of` a keyed value) of `host` (a name, IDNA) or of one of its parents."""
        labels = host.split(".")
        # every parent (a DNS name has at most 127 labels): only the first seven were tried, so a host
        # nine labels or more below an erased site (a wildcard name, a deep CDN host) was collected again;
        # and a one-label site (an intranet name, which erase accepts) covers its hosts as a dotted one
        # does, where a public suffix is no one's site (erase refuses it): never a TLD alone
        last = len(labels) - 1 if len(labels) > 1 and is_public_suffix(labels[-1]) else len(labels)
        for i in range(max(0, len(labels) - 128), last):
            hit = hit_of(domain_hmac(self._key, ".".join(labels[i:])))
            if hit is not None:
                return hit
        return None

    def is_suppressed_image(self, data: bytes, max_distance: int = PHASH_MAX_DISTANCE) -> str | None:
        """Perceptual check for callers that hold the image bytes (near-duplicates of an
        erased image: re-encoded or resized copies)."""
        value = dhash(data)
        return self.is_suppressed_phash(value, max_distance) if value is not None else None

    def is_suppressed_phash(self, phash: str, max_distance: int = PHASH_MAX_DISTANCE) -> str | None:
        """The erasure request id when this perceptual hash (`phash.dhash`, hex) is within
        `max_distance` bits of an erased image's; None otherwise. For the guard, which has
        the hash from the copy it decoded for face detection and need not decode again."""
        from scrapeguard.audit.phash import hamming

        try:
            v = int(phash, 16)
        except (TypeError, ValueError):
            return None
        with self._lock:
            self._suppression_now()
            for other, request_id in self._supp_phash:
                if hamming(v, other) <= max_distance:
                    return request_id
            return None

    def add_suppression(
        self, conn: sqlite3.Connection, kind: str, value: str, request_id: str, *, keyed: bool = False,
        since: int = 0,
    ) -> dict[str, str]:
        """Inside a transaction: add one entry; `value` is the clear key, stored keyed. `keyed`: a
        URL given as its keyed hash already (a record that kept it only so, `[audit] url = "hmac"`).
        A `URL_PREFIX` entry's value is the section's URL (one client's spelling of the prefix).
        `since`: the head the erasure's search saw. Records of the same bytes (`sha256`) before it
        are other URLs' the search did not choose: erasing them here left them out of its manifest."""
        stored = {
            "url": lambda: value if keyed else url_hmac(self._key, value),
            "sha256": lambda: sha256_hmac(self._key, value),
            "domain": lambda: domain_hmac(self._key, value),
            EXACT_DOMAIN: lambda: domain_hmac(self._key, value),
            URL_PREFIX: lambda: self._section_key(url_section(normalise_url(value))),
            "phash": lambda: value,
        }[kind]()
        conn.execute(
            "INSERT INTO suppression(kind, value, request_id, added) VALUES (?, ?, ?, ?)",
            (kind, stored, request_id, now_ts()),
        )
        self._dirty = True
        if kind in ("url", "sha256", "domain", URL_PREFIX):  # (a perceptual hash: `erase_near_copies`, one scan)
            self._erase_missed(conn, kind, stored if kind == "url" else value, request_id,
                               since=since if kind == "sha256" else 0)
        # the list needs the perceptual hash itself (near copies match by bit distance);
        # the erasure record, which nothing erases, keeps only a key to search by
        return {"kind": kind, "value": phash_hmac(self._key, stored) if kind == "phash" else stored}

    def erase_near_copies(self, conn: sqlite3.Connection, phash: str, request_id: str, *, since: int = 0) -> None:
        """Inside an erasure's transaction: `_erase_missed` for the picture a request gave, by its
        perceptual hash (a resized copy met at another URL while the search ran). A scan of the rows
        that hold a perceptual hash from seq `since` on (the head the search's snapshot saw: it
        found those before; the crawl's threads wait on this lock), so only for the request's own
        picture, as its search compares only that one."""
        self._erase_missed(conn, "phash", phash, request_id, since=since)

    def _erase_missed(
        self, conn: sqlite3.Connection, kind: str, value: str, request_id: str, *, since: int = 0
    ) -> None:
        """Inside an erasure's transaction: erase the rows, still holding a clear URL, of decisions
        about this suppressed URL (its keyed hash), image (SHA-256, or a near copy by its perceptual
        hash) or host (and those below it) that its search could not see (`dsr.erase` searches
        before it takes the write lock, so a crawl may commit one in between). An index look-up per
        entry; a scan of the rows that hold a perceptual hash for a `phash` one (`erase_near_copies`)."""
        clear = "(s.url IS NOT NULL OR s.page_url IS NOT NULL) AND c.kind = 'decision'"
        join = "FROM sidecar s JOIN chain c ON c.seq = s.seq"
        # (every text column as bytes, `blob_columns`: one byte that is not UTF-8 in a row of the site,
        # which the search read so, failed the whole erasure here)
        ident = blob_columns("c.decision_id")
        if kind == "phash":
            rows = [(seq, name) for seq, name, other in conn.execute(
                f"SELECT s.seq, {ident}, {blob_columns('s.phash')} {join} "
                f"WHERE s.seq >= ? AND s.phash IS NOT NULL AND {clear}", (since,)
            ) if near(value, column_text(other)) is not None]
        elif kind in ("domain", URL_PREFIX):
            # (the records of the host's registrable domain, `chain_domain`, as a --domain search finds them:
            # under a one-label site each host is its own domain; the host's own, or the section, compared here)
            from scrapeguard.audit.query import domain_condition

            host = (url_host(value) or "") if kind == URL_PREFIX else value
            where, values = domain_condition(registrable_domain(host) or host)
            found = conn.execute(f"SELECT s.seq, {ident}, {blob_columns('s.url')} {join} WHERE {where} AND {clear}",
                                 values).fetchall()
            covers = functools.partial(_in_section_of, url_section(normalise_url(value))) if kind == URL_PREFIX \
                else functools.partial(about_host, host=value)
            rows = [(seq, name) for seq, name, url in found if covers(column_text(url))]
        else:
            column = "s.url_hmac" if kind == "url" else "s.image_sha256"
            rows = conn.execute(f"SELECT s.seq, {ident} {join} WHERE {column} = ? AND s.seq >= ? AND {clear}",
                                (value.lower() if kind == "sha256" else value, since)).fetchall()
        if rows:
            self.erase_sidecar(conn, [int(r[0]) for r in rows])
            self._note_erased(conn, request_id, [str(column_text(r[1])) for r in rows])

    def suppression_list(self) -> list[dict[str, str]]:
        return [{"kind": kind, "value": value, "request_id": request_id, "added": added}
                for _id, kind, value, request_id, added in self._suppression_rows()]

    def _suppression_rows(self, after: int | None = None) -> list[tuple[Any, ...]]:
        """(id, kind, value, request id, added) of the suppression entries (after id `after`), in order.
        Read as bytes (`text_rows`): one byte that is not UTF-8 in any entry (a bad sector) failed
        every decision's check, verify and so every prune."""
        where, args = ("WHERE id > ? ", (after,)) if after is not None else ("", ())
        return text_rows(self._conn, f"SELECT id, {blob_columns('kind', 'value', 'request_id', 'added')} "
                                     f"FROM suppression {where}ORDER BY id", args)

    # ----------------------------------------------------------------- reading
    @property
    def key(self) -> bytes:
        """The log's HMAC key (for search keys in DSR handling; never printed)."""
        return self._key

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM chain").fetchone()[0])

    def policies_named(self) -> list[tuple[str, str, int]]:
        """(policy id, sha256, number of decisions) for each policy the decisions say they were
        made under: retention and the record of processing hold a log to those policies."""
        named = blob_columns(*(f"json_extract({VALID_RECORD}, '$.policy.{key}')" for key in ("id", "sha256")))
        # (as bytes: one byte that is not UTF-8 in a record's policy failed every prune and record of processing)
        rows = text_rows(self._conn, f"SELECT {named}, count(*) FROM chain c WHERE kind = 'decision' GROUP BY 1, 2 "
                                     "ORDER BY 3 DESC")
        return [(str(pid or ""), str(sha or ""), int(n)) for pid, sha, n in rows]

    def anchor(self) -> tuple[int, str] | None:
        # (as bytes, as `head` reads it: one byte that is not UTF-8 made verify say 'unreadable', not where)
        row = self._conn.execute(f"SELECT through_seq, {blob_columns('hash')} FROM anchors ORDER BY through_seq DESC "
                                 "LIMIT 1").fetchone()
        return (int(row[0]), str(column_text(row[1]))) if row else None

    @staticmethod
    def _shown(personal: dict[str, Any] | None, record: dict[str, Any], as_stored: bool) -> dict[str, Any] | None:
        """The sidecar fields as readers give them: URLs `record.shown_url` (`list --show-urls`,
        `show`, exports and access answers showed an older release's credentials). A URL's
        commitment is to it without them; a page URL's (`fields_ref`) is to it as stored, so in the
        export `verify --jsonl` reads (`as_stored`) one shown without them is marked
        `page_url_userinfo_hidden`: that check cannot be made there (`audit verify` on the log makes it)."""
        if not personal:
            return personal
        shown = {k: shown_url(v) if k in ("url", "page_url") else v for k, v in personal.items()}
        if as_stored and shown.get("page_url") != personal.get("page_url") \
                and mapping(record.get("resource")).get("fields_ref"):
            shown["page_url_userinfo_hidden"] = True
        return shown

    def _personal_of(self, row: tuple[Any, ...]) -> dict[str, Any] | None:
        """The sidecar fields of a row read with `blob_columns` (None: no sidecar row)."""
        if row[0] is None:
            return None
        return dict(zip(_SIDECAR_KEYS, map(column_text, row), strict=True))

    def iter_entries(
        self,
        where: str = "",
        params: tuple[Any, ...] | list[Any] = (),
        *,
        limit: int | None = None,
        offset: int = 0,
        descending: bool = False,
        as_stored: bool = False,
    ) -> Iterator[Entry]:
        """Stream entries matching an SQL condition on the `chain` table (alias `c`),
        with their sidecar fields as shown (`_shown`; `as_stored`: the export `verify --jsonl`
        reads). A cursor, not a list: logs can be large."""
        sql = (
            f"SELECT c.seq, {blob_columns('c.record', 'c.hash', *self.sidecar_columns)} "
            "FROM chain c LEFT JOIN sidecar s ON s.seq = c.seq"
        )
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY c.seq" + (" DESC" if descending else "")
        args = list(params)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [int(limit), int(offset)]
        cursor = self._conn.cursor()
        try:
            cursor.execute(sql, args)
            while rows := cursor.fetchmany(500):
                for row in rows:
                    record = _load_record(row[1])
                    if record is None:
                        # one damaged record (what `verify` is for) must not stop every reader:
                        # skip it, and let the caller say so
                        if int(row[0]) not in self.damaged:
                            log.warning("scrapeguard audit: damaged seq %s skipped (run `audit verify`)", row[0])
                        self.damaged.add(int(row[0]))
                        continue
                    yield Entry(int(row[0]), record, str(column_text(row[2])),
                                self._shown(self._personal_of(row[3:]), record, as_stored))
        except sqlite3.Error as exc:
            raise _map_error(exc, self.path) from None
        finally:
            # a reader that stops early (`list --json | head`) may close the log before this
            # generator is collected: the cursor then went with the connection
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()

    def get(self, ident: str | int) -> Entry | None:
        """By seq (an integer) or decision/event id."""
        text = str(ident).strip()
        # (larger numbers are no seq SQLite can hold; "³" is a digit to isdigit() that int() refuses)
        if text.isascii() and text.isdigit() and len(text) <= 18:
            with self._lock:
                found = list(self.iter_entries("c.seq = ?", (int(text),)))
            return found[0] if found else None
        return self.by_id(text)

    def by_id(self, ident: str) -> Entry | None:
        """The first record with this decision/event id, never read as a seq (`get` reads `"0"` as
        one): what names a decision (`storage.attach_storage`) must find that decision or none.

        Read under the log's lock, as every use of its connection by a crawler's threads is: read
        while another thread's group commit held a transaction on it, a storage record failed
        ("cannot commit - no transaction is active", "UNIQUE constraint failed: chain.seq") and
        ordinary decisions were refused as audit.write_failed, with crawls sharing one log (review)."""
        if not ident.strip():
            return None
        with self._lock:  # (an erasure's own record before the follow-ups that share its id: `_note_erased`)
            for spelling in id_spellings(ident):
                found = list(self.iter_entries(f"c.decision_id = ? AND NOT ({_FOLLOW_UP})", (spelling,), limit=1)) \
                    or list(self.iter_entries("c.decision_id = ?", (spelling,), limit=1))
                if found:
                    return found[0]
        return None

    def erasure_naming(self, decision_id: str) -> str | None:
        """The request id of the first erasure whose items include this decision, under the lock."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT json_extract({VALID_RECORD}, '$.request_id') FROM chain c WHERE c.action = 'erasure' "
                f"AND EXISTS (SELECT 1 FROM json_each({VALID_RECORD}, '$.items_found') j WHERE j.value = ?) "
                "ORDER BY c.seq LIMIT 1", (decision_id,),
            ).fetchone()
        return None if row is None else str(row[0])

    # ------------------------------------------------------------------ verify
    def verify(
        self,
        progress: Callable[[int], None] | None = None,
        external_checkpoints: list[tuple[int, str, str]] | None = None,
        kept_at: Mapping[str, object] | None = None,
    ) -> VerifyResult:
        """Recompute the whole chain, the sidecar commitments and every checkpoint.

        Detects edited, deleted, inserted and reordered records and says where; the
        checkpoints (and any kept elsewhere, `external_checkpoints`, taken when `kept_at` says by
        label) catch a truncated tail, and a prune cannot pass for one that removed records written
        after a kept checkpoint sooner than any retention period allows.
        The tables beside the chain are held to what its events say: a decision's missing
        sidecar row needs an erasure or prune that covers it, and the suppression list must be
        exactly what the erasures added.

        Every read runs in one snapshot (`snapshot`): an erasure or prune another process commits
        meanwhile would otherwise show up in some reads and not others (a suppression entry
        without its erasure record, a pruned prefix the anchor read before it does not cover).

        A log opened for writing is read through a connection of its own (unless inside a
        `snapshot`, which it then joins): a snapshot of the writer's connection holds its lock, and
        every append and suppression look-up of the crawler's threads waited for the whole walk
        (19 s for 100,000 records).
        """
        with self.reading() as view:
            if view is not self:
                return view.verify(progress, external_checkpoints, kept_at)
            self._check_pages()
            anchor = self.anchor()
            start_seq, start_prev = (anchor[0] + 1, anchor[1]) if anchor else (0, GENESIS)
            verifier = ChainVerifier(start_seq, start_prev, key=self._key)
            vouchers = _Vouchers(self._key)
            checkpoints = self.checkpoints() + list(external_checkpoints or [])
            verifier.want_hash_at({size - 1 for size, _, _ in checkpoints})
            counted = _CheckpointCounts(self._conn, start_seq)
            # every text column as bytes: one that is not UTF-8 is a problem at its seq, not a failed read
            columns = blob_columns(
                "c.record", "c.hash", "c.decision_id", "c.ts", "c.domain", "c.action", "c.purpose", "c.kind", "c.prev",
                *self.sidecar_columns
            )
            sql = f"SELECT c.seq, {columns} FROM chain c LEFT JOIN sidecar s ON s.seq = c.seq ORDER BY c.seq"
            cursor = self._conn.cursor()
            try:
                vouchers.note_events(self._conn.execute(
                    f"SELECT c.seq, {blob_columns('c.record')} FROM chain c WHERE c.action IN ('erasure', 'prune') "
                    "ORDER BY c.seq"
                ))
                cursor.execute(sql)
                n = 0
                while rows := cursor.fetchmany(2000):
                    for raw_row in rows:
                        row = (raw_row[0], raw_row[1], *map(column_text, raw_row[2:]))  # the record stays bytes
                        index = {"decision_id": row[3], "ts": row[4], "kind": row[8], "domain": row[5],
                                 "action": row[6], "purpose": row[7], "prev": row[9]}
                        personal = self._personal_of(raw_row[10:])  # (decoded there)
                        verifier.feed(int(row[0]), row[1], str(row[2]), f"seq {row[0]}", index, personal)
                        counted.feed(int(row[0]), row[6], verifier)
                        if personal is None or row[8] != "decision":
                            vouchers.note(int(row[0]), row[1], has_sidecar=personal is not None)
                    n += len(rows)
                    if progress:
                        progress(n)
                orphans = self._conn.execute(
                    "SELECT min(s.seq) FROM sidecar s LEFT JOIN chain c ON c.seq = s.seq WHERE c.seq IS NULL"
                ).fetchone()[0]
                suppression = self._suppression_rows()
            except sqlite3.Error as exc:
                raise _map_error(exc, self.path) from None
            finally:
                cursor.close()
            if orphans is not None and (anchor is None or orphans > anchor[0]):
                verifier._problem(
                    int(orphans), "sidecar row without a chain record: the chain record was deleted", "sidecar"
                )
            vouchers.check(verifier, suppression)
            return verifier.finish(checkpoints, anchor, kept=external_checkpoints, kept_at=kept_at)

    def _own_reader(self) -> AuditLog | None:
        """A read-only instance of this very log (for `verify`), or None: this one is closed, or the
        file at its path cannot be read so, or is another log now (moved away while open)."""
        if self._closed:
            return None  # (`snapshot` says it is closed)
        try:
            reader = AuditLog.open(self.journal_base, read_only=True, busy_timeout=self.busy_timeout)
        except AuditError:
            return None
        if reader.log_id != self.log_id:
            reader.close()
            return None
        return reader

    @contextlib.contextmanager
    def reading(self) -> Iterator[AuditLog]:
        """The log to read through in one snapshot (`snapshot`), as `verify` reads: the caller's
        own snapshot when inside one; for a log opened for writing, a read-only instance of its own
        (a snapshot of the writer's connection holds every append of the crawler's threads for the
        whole read); else this one. The records it finds damaged are added to this one's."""
        # (the caller's own snapshot, not another thread's commit in progress: that one ends in a moment,
        # and joining the writer's connection would hold every append for the whole read again)
        joins = self._snapshot_thread == threading.get_ident()
        reader = self._own_reader() if not self.read_only and not joins else None
        if reader is None:
            with self.snapshot():
                yield self
            return
        try:
            with reader.snapshot():
                yield reader
        finally:
            self.damaged.update(reader.damaged)
            reader.close()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every read through `conn` inside it sees the log as it was at
        the first of them, whatever other processes commit meanwhile (WAL keeps that snapshot
        for the reader without blocking writers). Holds this instance's lock, so appends
        through the same instance wait until it ends; nested use joins the outer snapshot."""
        with self._lock:
            if self._closed:
                raise AuditError(f"audit log {self.path} is closed")
            if self._conn.in_transaction:
                yield self._conn
                return
            try:
                self._conn.execute("BEGIN")
            except sqlite3.Error as exc:
                raise _map_error(exc, self.path) from None
            self._snapshot_thread = threading.get_ident()
            try:
                yield self._conn
            finally:
                self._snapshot_thread = None
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")  # nothing was written: a reader's end

    def _check_pages(self) -> None:
        """SQLite's own full check first: a damaged index would otherwise go unnoticed by the
        chain walk (it reads the tables, not every index) and make look-ups miss records (an
        access or erasure request by URL reads the sidecar's URL index). `quick_check` does not
        compare an index with its table; `integrity_check` does."""
        try:
            rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check(5)").fetchall()]
        except sqlite3.Error as exc:
            raise _map_error(exc, self.path) from None
        if rows != ["ok"]:
            raise AuditUnreadable(f"audit log {self.path} is damaged at the storage level: {'; '.join(rows)}")

    # ------------------------------------------------------------------ close
    def close(self) -> None:
        """Checkpoint what this process wrote (the 'at every shutdown' checkpoint), then close."""
        with self._lock:
            if self._closed:
                return
            if self._appended:
                try:
                    with self.transaction() as conn:
                        size, head = self.head(conn)
                        if (
                            size
                            and conn.execute("SELECT 1 FROM checkpoints WHERE tree_size = ?", (size,)).fetchone()
                            is None
                        ):
                            self._write_checkpoint(conn, size, head, "shutdown")
                except AuditError as exc:
                    log.warning("scrapeguard: could not write the shutdown checkpoint: %s", exc)
            self._closed = True
            if self._unwritten is not None:
                self._unwritten.close()
            self._conn.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
