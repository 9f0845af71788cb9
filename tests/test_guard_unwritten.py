"""A crawler killed while its audit log is locked: the decisions it acted on are still logged.

Real processes, a real SQLite file whose write lock another connection holds, SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.unwritten import waiting_journals
from scrapeguard.policy import load_policy

CRAWLER = """
import sys, time
from scrapeguard import Guard
from scrapeguard.audit import AuditLog
policy, path = sys.argv[1], sys.argv[2]
g = Guard(policy, user_agent="TestBot/1.0", audit=AuditLog.open(path, busy_timeout=0.2))
page = {"Content-Type": "text/html"}
for name in ("a", "b"):
    d = g.check_response(f"https://a.example.org/{name}.html", 200, page, b"<p>x</p>")
    print(d.decision_id, d.allowed, d.has("audit.write_failed"), flush=True)
time.sleep(600)  # crawling on, until killed
"""


@pytest.mark.parametrize("on_error", ["fail-open", "fail-closed"])
def test_decisions_acted_on_while_the_log_was_locked_survive_a_kill(tmp_path: Path, on_error: str) -> None:
    path = tmp_path / "audit.sqlite"
    policy_text = Path(load_policy("gdpr-strict").source).read_text()  # type: ignore[arg-type]
    policy = tmp_path / "policy.toml"
    policy.write_text(policy_text.replace('on_error = "fail-closed"', f'on_error = "{on_error}"'))
    AuditLog.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # a long erasure in another process, say
    child = subprocess.Popen([sys.executable, "-c", CRAWLER, str(policy), str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    decided = [child.stdout.readline().split() for _ in range(2)]
    assert all(len(line) == 3 for line in decided), child.stderr.read() if child.poll() is not None else decided
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    other.execute("ROLLBACK")
    other.close()
    assert [allowed for _, allowed, _ in decided] == [str(on_error == "fail-open")] * 2
    assert [failed for _, _, failed in decided] == ["True", "True"]

    with AuditLog.open(path) as audit:  # the next process to write: a crawl restarted, a CLI command
        assert audit.verify().ok
        for decision_id, _, _ in decided:
            [entry] = list(audit.iter_entries("c.decision_id = ?", (decision_id,)))
            assert "audit.write_failed" in [f["code"] for f in entry.record["findings"]]
    assert waiting_journals(str(path)) == []


SHARED_SINK_CRAWLER = """
import atexit, sys
from scrapeguard import Guard


class Sink:  # a caller's own audit sink, shared (no journal of its own): the guard does not close it
    def __init__(self):
        self.busy, self.written = False, []

    def append(self, decision):
        if self.busy:
            raise OSError("database is locked")
        self.written.append(decision.url)

    def is_suppressed(self, url, image_sha256=None):
        return None


sink = Sink()
atexit.register(lambda: print(" ".join(sink.written), flush=True))  # (runs after the guard's own exit hook)
g = Guard(sys.argv[1], user_agent="TestBot/1.0", audit=sink)
with g:  # a `with guard:` block, after which the guard is used again (as documented)
    g.check_response("https://a.example.org/a.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
sink.busy = True
d = g.check_response("https://a.example.org/b.html", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
print(d.has("audit.write_failed"), flush=True)
sink.busy = False  # the log is free again before the interpreter exits
"""


def test_a_guard_closed_once_still_writes_what_a_later_failed_write_left_at_exit(tmp_path: Path) -> None:
    """close() spent the one last chance of a sink given open (it stays open, the guard usable): a
    decision acted on after it (fail-open), whose write failed, was never written at exit, without
    a word."""
    policy = tmp_path / "open.toml"
    policy.write_text('schema_version = 1\nid = "open"\nversion = "1.0.0"\nextends = "gdpr-strict"\n'
                      '[runtime]\non_error = "fail-open"\n')
    done = subprocess.run([sys.executable, "-c", SHARED_SINK_CRAWLER, str(policy)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    failed, written = done.stdout.splitlines()
    assert failed == "True"
    assert written.split() == ["https://a.example.org/a.html", "https://a.example.org/b.html"]
