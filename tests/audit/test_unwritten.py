"""Decisions whose write failed survive their process: real writer processes, a real SQLite
file held locked by another connection, SIGKILL; the next writer adds what they left."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit import unwritten as journal
from scrapeguard.audit.unwritten import journal_dir, waiting_journals

# A crawler's process whose appends fail (the log locked by someone else): it keeps each
# decision beside the log, says so, and then exits without closing, waits to be killed, or
# waits for a gate file and writes them itself.
KEEPER = r"""
import os, sys, time
from scrapeguard.audit import AuditLog, AuditError
from scrapeguard.decision import Decision, Finding

path, mode, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = AuditLog.open(path, busy_timeout=0.2)
kept = []
for i in range(count):
    d = Decision(url=f"https://example.fr/people/secret-{i}.jpg", stage="response", action="block",
                 findings=[Finding("personal_image", "face.detected", "a face", "image bytes", {}, "block")],
                 purpose="web-text-corpus", policy_id="gdpr-strict", retention_days=30, decision_id=f"kept-{i}")
    try:
        log.append(d)
    except AuditError:
        log.keep_unwritten(d)
        kept.append(d)
        print(f"kept {d.decision_id}", flush=True)
if mode == "exit":
    os._exit(0)  # ended without close(): nothing more of it runs
if mode == "settle":
    while not os.path.exists(sys.argv[4]):
        time.sleep(0.01)
    for d in kept:
        log.append(d)
    log.close()
    print("settled", flush=True)
    sys.exit(0)
time.sleep(600)  # "wait": killed by the test
"""


@contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """The log's write lock held by another connection (a long `erase`, a stuck process)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def keeper(path: Path, mode: str, count: int, gate: Path | None = None) -> subprocess.Popen[str]:
    """Start a keeper and return once it has kept all `count` decisions."""
    child = subprocess.Popen([sys.executable, "-c", KEEPER, str(path), mode, str(count), str(gate or "")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    for i in range(count):
        line = child.stdout.readline()
        assert line.strip() == f"kept kept-{i}", (line, child.stderr.read() if child.poll() is not None else "")
    return child


def records_of(path: Path, decision_id: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM chain WHERE decision_id = ?", (decision_id,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def made(log_path: Path) -> Path:
    AuditLog.open(log_path).close()
    return log_path


def test_decisions_kept_by_a_killed_process_are_added_by_the_next_writer(made: Path) -> None:
    with locked(made):
        child = keeper(made, "wait", 3)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert len(waiting_journals(str(made))) == 1
    with AuditLog.open(made) as log:
        assert all(log.has_decision(f"kept-{i}") for i in range(3))
        assert log.verify().ok
    assert waiting_journals(str(made)) == []
    assert [records_of(made, f"kept-{i}") for i in range(3)] == [1, 1, 1]


def test_a_live_process_writes_its_own_and_no_one_adds_them_twice(made: Path, tmp_path: Path) -> None:
    gate = tmp_path / "go"
    with locked(made):
        child = keeper(made, "settle", 2, gate)
    with AuditLog.open(made) as other:  # opened while the keeper lives: its journal is its own
        assert not other.has_decision("kept-0")
    gate.touch()
    assert child.stdout is not None and child.stdout.readline().strip() == "settled"
    assert child.wait(timeout=30) == 0
    assert waiting_journals(str(made)) == []  # settled: the journal went with the last one
    with AuditLog.open(made):
        pass
    assert [records_of(made, "kept-0"), records_of(made, "kept-1")] == [1, 1]


def test_a_decision_already_in_the_log_is_not_added_again(made: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its process wrote it and ended before its journal went."""
    with locked(made):
        keeper(made, "exit", 2).wait()
    (line, _) = journal_dir(str(made)).joinpath(waiting_journals(str(made))[0].name).read_text().splitlines()
    entry = json.loads(json.loads(line)["entry"])
    with monkeypatch.context() as patch:
        patch.setattr("scrapeguard.audit.store.waiting_journals", lambda _path: [])
        with AuditLog.open(made) as log:
            log.append_events([journal._decode(entry)])  # kept-0 reached the log before the end
    with AuditLog.open(made) as log:
        assert log.verify().ok
    assert [records_of(made, "kept-0"), records_of(made, "kept-1")] == [1, 1]


def test_a_line_cut_off_by_the_kill_is_skipped_and_the_rest_added(
    made: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with locked(made):
        keeper(made, "exit", 2).wait()
    path = waiting_journals(str(made))[0]
    with path.open("a") as fh:
        fh.write('{"v": 1, "mac": "3f2a')  # the third write, cut off
    with caplog.at_level(logging.WARNING, "scrapeguard.audit"), AuditLog.open(made) as log:
        assert log.has_decision("kept-0") and log.has_decision("kept-1")
    assert "cut off" in caplog.text
    assert not path.exists()


def test_a_line_not_written_with_the_logs_key_is_refused_and_shown_to_the_reviewer(
    made: Path, cli, caplog: pytest.LogCaptureFixture
) -> None:
    with locked(made):
        keeper(made, "exit", 1).wait()
    path = waiting_journals(str(made))[0]
    outer = json.loads(path.read_text().splitlines()[0])
    forged = json.loads(outer["entry"])
    forged["decision_id"], forged["action"] = "forged", "allow"
    with path.open("a") as fh:
        fh.write(json.dumps({"v": 1, "mac": outer["mac"], "entry": json.dumps(forged)}) + "\n")
    with caplog.at_level(logging.ERROR, "scrapeguard.audit"), AuditLog.open(made) as log:
        assert log.has_decision("kept-0")
        assert not log.has_decision("forged")
    assert "MAC" in caplog.text
    code, out, err = cli("verify", "--log", str(made))
    assert code == 0 and out.startswith("OK")
    assert "refused" in err and path.name + ".rejected" in err


def test_verify_says_decisions_wait_beside_the_log(made: Path, cli) -> None:
    with locked(made):
        child = keeper(made, "wait", 1)
        code, _out, err = cli("verify", "--log", str(made))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert code == 0
    assert "hold decisions whose audit write failed" in err


def test_the_journal_never_shows_a_blocked_urls_clear_text(made: Path) -> None:
    """With `[audit] url = "hmac"` a blocked item's URL is only a keyed hash in the log: so beside it."""
    with locked(made):
        child = keeper(made, "wait", 1)
        text = waiting_journals(str(made))[0].read_text()
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert "secret-0" not in text
    assert "example.fr" in text  # (the domain, as the chain's own column holds it)


def test_a_log_whose_writes_never_failed_has_no_journal_folder(made: Path, decision) -> None:
    with AuditLog.open(made) as log:
        log.append(decision(1))
    assert not journal_dir(str(made)).exists()


def test_a_journal_line_nested_past_pythons_recursion_limit_is_refused_not_raised(made: Path) -> None:
    """A RecursionError from it escaped AuditLog.open, so the log could no longer be opened for writing."""
    with locked(made):
        keeper(made, "exit", 1).wait()
    path = waiting_journals(str(made))[0]
    with path.open("a") as fh:
        fh.write("[" * 100_000 + "\n")
    with AuditLog.open(made) as log:
        assert log.has_decision("kept-0")
    assert not path.exists() and path.with_name(path.name + ".rejected").exists()


def test_a_journal_line_whose_mac_is_not_ascii_is_refused_not_raised(made: Path) -> None:
    """hmac.compare_digest raises TypeError on a str that is not ASCII: such a line escaped
    AuditLog.open, so the log could no longer be opened for writing."""
    with locked(made):
        keeper(made, "exit", 1).wait()
    path = waiting_journals(str(made))[0]
    outer = json.loads(path.read_text().splitlines()[0])
    with path.open("a") as fh:
        fh.write(json.dumps({"v": 1, "mac": "é" * 64, "entry": outer["entry"]}) + "\n")
    with AuditLog.open(made) as log:
        assert log.has_decision("kept-0")
    assert not path.exists() and path.with_name(path.name + ".rejected").exists()


def test_something_not_a_file_named_like_a_journal_does_not_hold_the_log_up(made: Path) -> None:
    """A FIFO there was opened and read: the log's opening waited for ever."""
    journal_dir(str(made)).mkdir()
    os.mkfifo(journal_dir(str(made)) / "1-aa.jsonl")
    with AuditLog.open(made) as log:
        assert log.verify().ok


# A crawler's process on a disk that fills up: the process's file-size limit makes every write past
# it fail (EFBIG) as a full disk does (ENOSPC), for the journal as for the log.
FULL_DISK = r"""
import resource, signal, sys
from scrapeguard.audit import AuditLog
from scrapeguard.audit.unwritten import waiting_journals
from scrapeguard.decision import Decision

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (past the limit a write fails instead of killing us)
log = AuditLog.open(sys.argv[1])
kept = [Decision(url=f"https://example.fr/people/{i}.jpg", stage="response", action="allow", findings=[],
                 purpose="web-text-corpus", decision_id=f"kept-{i}") for i in range(2)]
log.keep_unwritten(kept[0])
# full 20 bytes into the next line: that much of it is written before the write fails
room = waiting_journals(sys.argv[1])[0].stat().st_size + 20
resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))
try:
    log.keep_unwritten(kept[1])
except OSError as exc:
    print("not kept", flush=True)
log.close()  # the disk still full
print("closed", flush=True)
"""


def test_a_journal_line_the_full_disk_refused_fails_neither_the_journal_nor_closing_the_log(made: Path) -> None:
    """The refused line stayed in the journal's buffer: closing the log flushed it again and raised
    OSError [Errno 28] out of `AuditLog.close` (and a guard's), leaving the SQLite connection open."""
    run = subprocess.run([sys.executable, "-c", FULL_DISK, str(made)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.splitlines() == ["not kept", "closed"], run.stderr
    with AuditLog.open(made) as log:  # the next writer adds what was kept whole, and nothing cut off
        assert log.has_decision("kept-0") and not log.has_decision("kept-1")
    assert waiting_journals(str(made)) == [] and journal.rejected_journals(str(made)) == []


# A crawler that opened its log by a relative path, then changed directory (a daemon's chdir to /):
# its writes fail (the log locked), it keeps the decision beside the log and ends unannounced.
MOVED = r"""
import os, sys
from scrapeguard.audit import AuditLog, AuditError
from scrapeguard.decision import Decision

log = AuditLog.open(os.path.basename(sys.argv[1]), busy_timeout=0.2)
os.chdir(sys.argv[2])
d = Decision(url="https://example.fr/people/moved.jpg", stage="response", action="allow", findings=[],
             purpose="web-text-corpus", decision_id="kept-moved")
try:
    log.append(d)
except AuditError:
    log.keep_unwritten(d)
    print("kept", flush=True)
os._exit(0)
"""


def test_a_process_that_changed_directory_keeps_its_decisions_beside_the_log(made: Path, tmp_path: Path) -> None:
    """The journal was found by the log's path as given: after a chdir, a relative one named a folder
    elsewhere (or none), so the decision was kept nowhere and went with the process."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with locked(made):
        run = subprocess.run([sys.executable, "-c", MOVED, str(made), str(elsewhere)], cwd=made.parent,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "kept", run.stderr
    assert len(waiting_journals(str(made))) == 1 and not any(elsewhere.iterdir())
    with AuditLog.open(made) as log:
        assert log.has_decision("kept-moved")
        assert log.verify().ok
    assert waiting_journals(str(made)) == []


def test_a_new_journal_is_durable_with_its_name(made: Path, decision, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its lines were fsynced, but not the folders holding the new file's name (and the new folder's):
    after a power cut the journal could be gone, lines and all, though the decision had been acted on."""
    import stat

    real_fsync = os.fsync
    synced: list[str] = []

    def fsync(fd: int) -> None:  # the real fsync, noting the folders it was given
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(journal.os, "fsync", fsync)
    kept = decision(1)
    with AuditLog.open(made) as log:
        log.keep_unwritten(kept)
        assert str(journal_dir(str(made))) in synced and str(made.parent) in synced
        log.append(kept)  # written after all: the journal goes
    assert waiting_journals(str(made)) == []


# A library caller that retries a failed append and keeps the decision again each time it fails.
TWICE = r"""
import os, sys
from scrapeguard.audit import AuditError, AuditLog
from scrapeguard.decision import Decision

log = AuditLog.open(sys.argv[1], busy_timeout=0.2)
d = Decision(url="https://example.fr/people/twice.jpg", stage="response", action="allow", findings=[],
             purpose="web-text-corpus", decision_id="kept-twice")
for _attempt in range(2):
    try:
        log.append(d)
    except AuditError:
        log.keep_unwritten(d)
print(sum(1 for _ in open(next(p for p in os.scandir(sys.argv[1] + ".unwritten")))), flush=True)
os._exit(0)
"""


def test_a_decision_kept_twice_is_added_once(made: Path) -> None:
    """Each `keep_unwritten` of it added a line, and the next writer added each line: two records of
    one decision in the chain."""
    with locked(made):
        run = subprocess.run([sys.executable, "-c", TWICE, str(made)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "1", run.stderr  # one line beside the log
    path = waiting_journals(str(made))[0]
    path.write_text(path.read_text() * 2)  # as the previous release wrote it: the line twice
    with AuditLog.open(made) as log:
        assert log.has_decision("kept-twice")
    assert records_of(made, "kept-twice") == 1


def test_a_journal_deleted_under_the_process_is_made_again_not_written_into_the_void(tmp_path: Path) -> None:
    """Its descriptor outlived the journal's removal: a decision "kept on disk" went into a deleted file, and
    the caller was told it waited beside the log (review, session 60)."""
    from scrapeguard.decision import Decision

    path = tmp_path / "audit.sqlite"
    folder = journal_dir(str(path))
    with AuditLog.open(path) as log:
        for n in (1, 2):
            log.keep_unwritten(Decision(url=f"https://example.fr/{n}.jpg", stage="response", action="allow",
                                        findings=[], purpose="search-index", decision_id=f"kept-{n}"))
            if n == 1:
                for name in os.listdir(folder):
                    os.unlink(folder / name)
        [again] = os.listdir(folder)
        lines = (folder / again).read_text().splitlines()
        assert len(lines) == 1 and "kept-2" in lines[0]
