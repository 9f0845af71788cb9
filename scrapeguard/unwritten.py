"""Decisions whose audit write failed, kept in memory until a write succeeds.

The on-disk journal that survives a killed process is `audit.unwritten`; this is the guard's
own queue in front of it, and the last write when a guard closes, is collected or the
interpreter exits."""

from __future__ import annotations

import atexit
import functools
import logging
import threading
from typing import TYPE_CHECKING

from scrapeguard.decision import Decision, Note
from scrapeguard.logsafe import exception_text

if TYPE_CHECKING:
    from scrapeguard.guard import AuditSink

log = logging.getLogger("scrapeguard")

# Decisions whose audit write failed, kept (without their redacted copy) to be written before the
# next decision that is: past these, the rest are counted and the gap is written down instead
MAX_UNWRITTEN = 1000
# ... and past these images, findings and notes of theirs together (`_items`): a page's decision with
# 5,000 images holds about 5 MB, so 1,000 of them held gigabytes while the log stayed unwritable
MAX_UNWRITTEN_ITEMS = 100_000
# How long a guard closing, collected or at exit waits for those to be written (past a log's 30 s busy timeout)
LAST_WRITE_WAIT = 60.0


class Unwritten:
    """Decisions whose audit write failed, waiting to be written before the next one that can be
    (`Guard._append`), or when the guard closes, is collected or the interpreter exits (`flush`);
    past `MAX_UNWRITTEN` of them (or `MAX_UNWRITTEN_ITEMS` of what they hold) only counted (`lost`), the
    gap then written down on the next decision.

    Apart from the guard so that its finalizer holds only this and the sink, not the guard."""

    def __init__(self) -> None:
        self.waiting: list[Decision] = []
        self.lost = 0
        self.lost_kept = 0  # of those, the ones kept on disk beside the log (`AuditLog.keep_unwritten`)
        self._items = 0  # what the waiting decisions hold (`_items`)
        self.closing = False  # close() called: `flush` waits for its write
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.waiting or self.lost)

    def keep(self, decision: Decision, on_disk: bool = False) -> None:
        """`on_disk`: it is kept beside the log too, which the next process to open the log adds."""
        items = _items(decision)
        with self._lock:
            if len(self.waiting) < MAX_UNWRITTEN and (self._items + items <= MAX_UNWRITTEN_ITEMS or not self.waiting):
                self.waiting.append(decision)
                self._items += items
            else:
                self.lost += 1
                self.lost_kept += on_disk

    def write(self, audit: AuditSink, following: Decision | None = None) -> None:
        """Write the waiting decisions to `audit`, oldest first; the ones dropped past the bounds
        are written down as an `audit.gap` note on `following`, the next decision."""
        with self._lock:
            while self.waiting:
                audit.append(self.waiting[0])
                self._items -= _items(self.waiting.pop(0))
            self._items = 0  # (none waiting: whatever a kept decision gained since it was kept)
            if self.lost and following is not None:
                following.notes.append(Note("audit.gap", self._gap(), "audit log"))
                self.lost = self.lost_kept = 0

    def _gap(self) -> str:
        """What became of the decisions dropped past the bounds: a gap in the chain, or (kept on disk beside
        the log: the reviewer found the note calling them missing) a wait until a process next opens it."""
        why = (f"their writes failed and more than {MAX_UNWRITTEN} were waiting to be written (or more than "
               f"{MAX_UNWRITTEN_ITEMS} images, findings and notes of theirs)")
        later = "wait beside the log (`<log>.unwritten/`) and are added when a process next opens it"
        gone = self.lost - self.lost_kept
        if not gone:
            return f"{self.lost} decision(s) before this one are not in the audit log yet: {why}; they {later}"
        kept = f"; {self.lost_kept} more {later}" if self.lost_kept else ""
        return f"{gone} decision(s) before this one are not in the audit log: {why}{kept}"

    def flush(self, audit: AuditSink | None) -> None:
        """The last chance of the waiting decisions (the guard closing, collected, or the interpreter
        exiting): written, or an ERROR says how many are not in the log and why. Never raises.

        On a thread of its own: run by the garbage collector, this may be inside an append to the
        same (shared) log on this very thread, whose lock it would wait for for ever. Waited for
        (up to `LAST_WRITE_WAIT`) only on close() and at exit; collected, the guard's thread goes
        on (waiting there stalled a crawl sharing the log for the whole wait) and the writer
        writes once the log is free."""
        if audit is None or not self:
            return
        writer = threading.Thread(target=self._last_write, args=(audit,), name="scrapeguard-unwritten", daemon=True)
        try:
            writer.start()
        except RuntimeError:  # (no new thread at interpreter shutdown)
            self._last_write(audit)
            return
        if not (self.closing or _EXITING.is_set()):
            return
        writer.join(LAST_WRITE_WAIT)
        if writer.is_alive():
            log.error("scrapeguard: %d decision(s) whose audit write failed are not in the audit log yet: the log "
                      "stayed busy for %s s; still trying", len(self.waiting) + self.lost, LAST_WRITE_WAIT)

    def _last_write(self, audit: AuditSink) -> None:
        why = f"more than {MAX_UNWRITTEN} were waiting, or more than {MAX_UNWRITTEN_ITEMS} images, findings and notes of theirs"
        try:
            self.write(audit)
        except Exception as exc:  # noqa: BLE001
            why = exception_text(exc)
        if self:
            log.error("scrapeguard: %d decision(s) whose audit write failed are not in the audit log (%s)",
                      len(self.waiting) + self.lost, why)


def _items(decision: Decision) -> int:
    """What a waiting decision holds, counted for `MAX_UNWRITTEN_ITEMS`: itself, its images (each
    with its findings), its findings and its notes."""
    return 1 + len(decision.findings) + len(decision.notes) + sum(1 + len(i.findings) for i in decision.images)


# Set at interpreter exit, before `weakref.finalize` runs the guards' finalizers (atexit runs
# its functions last-registered first, and this one is registered after weakref's): a flush then
# waits for its write, as nothing after it would.
_EXITING = threading.Event()


@functools.cache
def exit_waits_for_unwritten() -> None:
    atexit.register(_EXITING.set)  # (once: cached)
