"""Decisions whose write to the log failed, kept on disk beside it until they are in it.

Why: a guard whose audit write fails (the log locked by another process for longer than the
busy timeout, a full disk) keeps the decision in memory and writes it with the next one that
can be written. Killed before that (SIGKILL, OOM, a power cut), the process took those
decisions with it, though each was acted on. So each is also appended here, to a journal file
of this process in `<log>.unwritten/`, fsynced before the guard acts on it; the next process
that opens the log for writing adds what a dead process left (`replay_orphans`).

A journal's owner holds an exclusive `flock` on it while it lives: a file whose lock can be
taken belongs to a process that ended. Each line carries a keyed MAC (the log's own key), so a
line someone wrote into the folder is refused, not chained; a line cut off by the kill is
skipped. What a journal holds is what the log would hold: the record as it would be chained,
with its URL already hidden as the policy's `[audit] url` says, and the erasable sidecar fields.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import secrets
import stat
import threading
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapeguard.audit.canonical import canonical_parts, keyed_hash
from scrapeguard.audit.files import open_without_waiting
from scrapeguard.audit.record import Personal, Prepared

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no journal can be told orphaned
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from scrapeguard.audit.store import AuditLog

log = logging.getLogger("scrapeguard.audit")

JOURNAL_VERSION = 1
_SUFFIX = ".jsonl"
_REJECTED = ".rejected"


def journal_dir(log_path: str) -> Path:
    """The folder beside the log where unwritten decisions wait."""
    return Path(log_path + ".unwritten")


def _mac(key: bytes, body: str) -> str:
    return keyed_hash(key, "unwritten:" + body)


def _encode(prepared: Prepared) -> dict[str, Any]:
    """A prepared record as JSON: its canonical parts stand for the record (they are what is
    chained and, unlike the record, never show the item's own URL in clear)."""
    fields = asdict(prepared)
    fields["parts"] = list(prepared.parts or canonical_parts(prepared.record))
    fields["record"] = {}
    return fields


def _decode(fields: dict[str, Any]) -> Prepared:
    personal = fields.get("personal")
    parts = fields["parts"]
    if not (isinstance(parts, list) and len(parts) == 3 and all(isinstance(p, str) for p in parts)):
        raise ValueError("parts is not three strings")
    return Prepared(
        record={},
        personal=Personal(**personal) if isinstance(personal, dict) else None,
        kind=str(fields["kind"]),
        decision_id=str(fields["decision_id"]),
        ts=str(fields["ts"]),
        domain=str(fields["domain"]),
        action=str(fields["action"]),
        purpose=str(fields["purpose"]),
        parts=(parts[0], parts[1], parts[2]),
        withdraws_clear=fields.get("withdraws_clear"),
    )


class UnwrittenJournal:
    """This process's journal of one log: decisions appended as their write fails, settled as
    they reach the log; the file goes once none waits (and stays, unlocked, for the next
    process to replay if the process ends first)."""

    def __init__(self, log_path: str, key: bytes) -> None:
        self._dir = journal_dir(log_path)
        self._key = key
        self._lock = threading.Lock()
        self._fd: int | None = None  # (a raw descriptor: no buffer to fail again on close)
        self._path: Path | None = None
        self._waiting: set[str] = set()

    def __contains__(self, decision_id: str) -> bool:
        return decision_id in self._waiting

    def add(self, prepared: Prepared) -> None:
        """Durably note one decision that is not in the log (fsynced before this returns)."""
        if prepared.decision_id in self._waiting:
            return  # kept already (an append of it failed again): one line, one record when added
        body = json.dumps(_encode(prepared), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        line = json.dumps({"v": JOURNAL_VERSION, "mac": _mac(self._key, body), "entry": body}, ensure_ascii=False)
        data = memoryview((line + "\n").encode("utf-8"))
        with self._lock:
            if self._fd is not None and not self._still_there(self._fd):
                # deleted under us (its folder, the log's, removed): a line written there would be lost with it,
                # and its caller told it was kept on disk (review, session 60). A new one, where there can be one
                with contextlib.suppress(OSError):
                    os.close(self._fd)
                self._fd = None
            fd = self._fd if self._fd is not None else self._open()
            end = os.lseek(fd, 0, os.SEEK_END)
            try:
                while data:
                    data = data[os.write(fd, data):]
                os.fsync(fd)
            except OSError:
                # a full disk: the part written goes again, as a line cut off amid whole ones would
                # have the next process set the whole journal aside; and none is left in a buffer,
                # whose flush failed `close` (and the log's) with the disk still full
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, end)
                raise
            self._waiting.add(prepared.decision_id)

    def _still_there(self, fd: int) -> bool:
        """Whether the journal's path still names the file `fd` writes."""
        try:
            now, held = os.stat(self._path) if self._path is not None else None, os.fstat(fd)
        except OSError:
            return False
        return now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def settle(self, decision_id: str) -> None:
        """`decision_id` is in the log now; once none waits the journal goes."""
        with self._lock:
            self._waiting.discard(decision_id)
            if not self._waiting and self._fd is not None:
                self._drop()

    def close(self) -> None:
        """Let go of the journal: removed when nothing waits, otherwise left (unlocked) for the
        next process that opens the log to add."""
        with self._lock:
            if self._fd is None:
                return
            if self._waiting:
                log.error("scrapeguard: %d decision(s) not in the audit log wait in %s; the next process "
                          "that opens the log for writing adds them", len(self._waiting), self._path)
                self._let_go()
            else:
                self._drop()

    def _open(self) -> int:
        self._dir.mkdir(mode=0o700, exist_ok=True)
        path = self._dir / f"{os.getpid()}-{secrets.token_hex(4)}{_SUFFIX}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # (ours: nobody replays it while we live)
        # the lines are fsynced, but a new file's name (and a new folder's) is durable only once
        # its folder is: after a power cut the journal, lines and all, could be gone
        sync_folder(self._dir)
        sync_folder(self._dir.parent)
        self._fd = fd
        self._path = path
        return fd

    def _drop(self) -> None:
        assert self._path is not None
        with contextlib.suppress(OSError):
            self._path.unlink()
        self._let_go()

    def _let_go(self) -> None:
        """Close the journal (its lock goes with it); the file stays unless `_drop` removed it."""
        assert self._fd is not None
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None
        self._path = None


def sync_folder(folder: Path) -> None:
    """fsync a folder, so the names made in it survive a power cut. Best effort: a file system
    that cannot (some network ones) leaves it as the file's own fsync left it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def waiting_journals(log_path: str) -> list[Path]:
    """Journals beside the log (of live processes and of ended ones)."""
    return _journals(log_path, _SUFFIX)


def rejected_journals(log_path: str) -> list[Path]:
    """Journals whose lines did not carry the log's MAC (`replay_orphans` set them aside)."""
    return _journals(log_path, _SUFFIX + _REJECTED)


def journal_entries(path: Path, key: bytes) -> list[tuple[int, Prepared, bool]]:
    """Every entry a journal holds that can be read, whatever its MAC, with its line number and
    whether the line carries the log's MAC: what a set-aside journal keeps in clear about a person
    (a data-subject request must say). Nothing when the file cannot be read as one."""
    try:
        fd = open_without_waiting(path)  # (a FIFO named like one: never a wait)
    except OSError:
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        with os.fdopen(os.dup(fd), "r", encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
    except OSError:
        return []
    finally:
        os.close(fd)
    out: list[tuple[int, Prepared, bool]] = []
    for number, line in enumerate(lines, start=1):
        try:
            outer = json.loads(line)
            body = outer["entry"]
            entry = _decode(json.loads(body))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
        out.append((number, entry, _signed(outer.get("mac"), key, body)))
    return out


def _signed(mac: object, key: bytes, body: str) -> bool:
    """Whether a line's MAC is the log's for its entry. A MAC that is not ASCII text is none
    (compare_digest raises TypeError on one, which reading a journal must not)."""
    return isinstance(mac, str) and mac.isascii() and hmac.compare_digest(mac, _mac(key, body))


def _journals(log_path: str, ending: str) -> list[Path]:
    try:
        return sorted(p for p in journal_dir(log_path).iterdir() if p.name.endswith(ending))
    except OSError:  # (no folder: nothing ever waited)
        return []


def replay_orphans(audit: AuditLog, journals: list[Path] | None = None) -> int:
    """Add to the log what the journals of ended processes hold; the number of decisions added.

    A decision already in the log (its process wrote it before it ended) is not added twice;
    a line whose MAC is wrong is refused and its journal kept, renamed `.rejected`, for a person
    to look at; a torn last line (the process killed mid-write) is skipped. Never raises for a
    journal's content; an audit error (the log locked again) leaves the journal for next time."""
    added = 0
    for path in waiting_journals(audit.journal_base) if journals is None else journals:
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue  # (gone meanwhile: its owner settled it)
        try:
            if fcntl is None or not stat.S_ISREG(os.fstat(fd).st_mode):
                continue  # (a FIFO named like one would block the read, and the log's opening, for ever)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its process lives and will write them itself
            if not path.exists():
                continue  # (its owner dropped it between our open and our lock)
            with os.fdopen(os.dup(fd), "r", encoding="utf-8", errors="replace") as fh:
                lines = fh.read().split("\n")
            entries, refused, torn = _read_lines(lines, audit._key)
            fresh: list[Prepared] = []
            taken: set[str] = set()
            for entry in entries:  # (a decision kept twice is added once)
                if entry.decision_id not in taken and not audit.has_decision(entry.decision_id):
                    taken.add(entry.decision_id)
                    fresh.append(entry)
            if fresh:
                audit.append_events(fresh)
            added += len(fresh)
            if fresh:
                log.warning("scrapeguard: added %d decision(s) that a process ended before writing to the "
                            "audit log (from %s)", len(fresh), path.name)
            if torn:
                log.warning("scrapeguard: %s: skipped a line cut off mid-write", path.name)
            if refused:
                log.error("scrapeguard: %s: %d line(s) do not carry this log's MAC: not added; kept as %s",
                          path.name, refused, path.name + _REJECTED)
                path.rename(path.with_name(path.name + _REJECTED))
            else:
                path.unlink()
        except OSError as exc:
            log.error("scrapeguard: cannot read the unwritten decisions in %s: %s", path, exc)
        finally:
            os.close(fd)
    return added


def _read_lines(lines: list[str], key: bytes) -> tuple[list[Prepared], int, bool]:
    """(entries whose MAC holds, lines refused, whether the last line was cut off)."""
    entries: list[Prepared] = []
    refused = 0
    torn = False
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            outer = json.loads(line)
            body = outer["entry"]
            mac = outer["mac"]
            if not (isinstance(body, str) and isinstance(mac, str)):
                raise ValueError("entry or mac is not text")
        except (ValueError, KeyError, TypeError, RecursionError):
            if index == last:  # (no newline after it: the write it was was cut off)
                torn = True
            else:
                refused += 1
            continue
        if not _signed(mac, key, body):
            refused += 1
            continue
        try:
            entries.append(_decode(json.loads(body)))
        except (ValueError, KeyError, TypeError, RecursionError):
            refused += 1
    return entries, refused, torn
