"""`scrapeguard demo` is the README's first command: its crawl gives the documented
decisions, offline, and leaves an audit log that verifies."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scrapeguard import Guard
from scrapeguard.audit import AuditLog
from scrapeguard.cli import main
from scrapeguard.demo.run import DEMO_USER_AGENT, crawl
from scrapeguard.demo.site import start_demo_site

EXPECTED = {
    "/": "allow",
    "/static/logo.png": "allow",
    "/static/chart.png": "allow",
    "/products/espresso.html": "allow",
    "/team.html": "redact",
    "/people/eileen.html": "redact",
    "/gallery/noai.html": "block",
    "/labs/notes.html": "block",
    "/private/hr.html": "block",
    "/premium/report.html": "block",
    "/static/product.png": "allow",
    "cdn:/stock/coffee.jpg": "allow",
    "cdn:/photos/eileen.jpg": "redact",
    "cdn:/originals/eileen-full.jpg": "block",
}


@pytest.fixture(scope="module")
def demo_site():
    site = start_demo_site()
    yield site
    site.close()


def _key(url: str, site) -> str:
    return url.replace(site.base, "") or "/" if url.startswith(site.base) else "cdn:" + url.replace(site.cdn_base, "")


def test_demo_crawl_gives_the_documented_decisions(demo_site, tmp_path: Path) -> None:
    guard = Guard("gdpr-strict", user_agent=DEMO_USER_AGENT, audit=str(tmp_path / "demo.sqlite"))
    visits = crawl(demo_site.base + "/", guard)
    guard.close()
    got = {_key(v.url, demo_site): v.decision.action for v in visits}
    assert got == EXPECTED
    codes = {_key(v.url, demo_site): set(v.decision.codes) for v in visits}
    assert "xrobots.noai" in codes["/gallery/noai.html"]
    assert "content_usage.n" in codes["/labs/notes.html"]
    assert "robots.disallow" in codes["/private/hr.html"]
    assert "http.402" in codes["/premium/report.html"]
    assert {"face.detected", "context.personal"} <= codes["cdn:/photos/eileen.jpg"]
    assert "robots.disallow" in codes["cdn:/originals/eileen-full.jpg"]
    log = AuditLog.open(str(tmp_path / "demo.sqlite"))
    assert log.verify().ok
    log.close()


def test_search_policy_logs_what_gdpr_strict_redacts(demo_site) -> None:
    guard = Guard("search-index", user_agent=DEMO_USER_AGENT, audit=False)
    got = {_key(v.url, demo_site): v.decision.action for v in crawl(demo_site.base + "/", guard)}
    assert got["/team.html"] == got["cdn:/photos/eileen.jpg"] == "log"
    assert got["/private/hr.html"] == "block"  # robots.txt is obeyed for search too
    assert got["/labs/notes.html"] == "allow"  # a train-ai reservation does not bind search


def test_an_opt_out_of_another_usage_is_named_in_the_table_and_noted_in_the_log(
        demo_site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under search-index the gallery's `X-Robots-Tag: noai` refuses nothing; the table said "no opt-out" and
    its audit record held no trace of the rule (review). The record notes it; the table says whose it is."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--policy", "search-index", "--audit", "s.sqlite"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "no opt-out for this purpose (xrobots.noai: other usages)" in out
    assert main(["audit", "list", "--log", "s.sqlite", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    noted = {tuple(n["code"] for n in r["notes"]) for r in records if r["notes"]}  # (the page, and its picture)
    assert {("xrobots.noai",), ("xrobots.noai", "xrobots.noimageai")} <= noted


def test_every_reader_s_opt_out_of_another_usage_is_named_in_the_table(
        demo_site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """(Review) Under search-index /labs/notes.html is under robots.txt's `Content-Usage: /labs/ train-ai=n` and
    `tdm-reservation: 1`: the first left no note and the second's ("no reservation of search") was not named, so
    the table said "no opt-out". Both are named, as `noai` is."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--policy", "search-index", "--audit", "s.sqlite"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("/labs/notes.html │ page │ allow │ no opt-out for this purpose (content_usage.n, tdmrep.reserved: "
            "other usages)") in out


def test_under_an_audit_mode_policy_the_crawl_fetches_what_it_would_only_have_refused(demo_site) -> None:
    """`log-only` enacts nothing, so a crawler under it fetches every picture a page shows; the demo's
    crawler left out the launch photo the gallery's `noimageai` would refuse, so its table and log
    lacked the would-be block a user rolling a policy out looks for."""
    guard = Guard("log-only", user_agent=DEMO_USER_AGENT, audit=False)
    got = {_key(v.url, demo_site): v.decision for v in crawl(demo_site.base + "/", guard)}
    guard.close()
    rocket = got["cdn:/stock/rocket.jpg"]
    assert rocket.action == "block" and rocket.allowed and not rocket.enforced
    assert set(got) == set(EXPECTED) | {"cdn:/stock/rocket.jpg"}


def test_demo_command_prints_the_table_and_the_audit_log(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "robots.disallow" in out and "face.detected" in out and "scrapeguard-demo.sqlite" in out
    assert (tmp_path / "scrapeguard-demo.sqlite").exists()


def test_a_client_hanging_up_mid_body_is_no_server_error(demo_site, capsys: pytest.CaptureFixture[str]) -> None:
    """A guard cuts bodies short on purpose; the site must not print a traceback for it, as the
    standard library's server does for every broken pipe."""
    port = demo_site.cdn.server_address[1]
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
            conn.sendall(b"GET /photos/eileen.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            conn.recv(64)
    time.sleep(0.3)  # the handler threads meet the reset while writing
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err


def test_under_an_audit_mode_policy_the_summary_counts_what_the_table_shows(tmp_path: Path, capsys,
                                                                             monkeypatch) -> None:
    """`log-only` blocks nothing: the line under the table must not count 'block' when every row
    of the table says 'block (audit only)'."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--policy", "log-only"]) == 0
    out = capsys.readouterr().out
    summary = next(line for line in out.splitlines() if "resources judged in" in line)
    assert "block (audit only)" in out
    assert "block (audit only)" in summary and "redact (audit only)" in summary
    counted = summary.split(": ", 1)[1].rstrip(".").split(", ")
    assert all(part.endswith("(audit only)") for part in counted), summary


def test_a_suppressed_item_is_shown_blocked_even_in_audit_mode() -> None:
    """The erasure/objection suppression list binds whatever the mode: the demo must not call
    that block 'audit only', while a would-be block of the same mode is."""
    from scrapeguard.decision import Decision, Finding
    from scrapeguard.demo.run import shown_action

    would_be = Decision("http://a.example/p.jpg", "request", "block",
                        [Finding("opt_out", "robots.disallow", "robots.txt")], enforced=False)
    suppressed = Decision("http://a.example/p.jpg", "request", "block",
                          [Finding("suppressed", "suppressed.erasure", "on the suppression list")], enforced=False)
    enforced = Decision("http://a.example/p.jpg", "request", "block",
                        [Finding("opt_out", "robots.disallow", "robots.txt")])
    assert shown_action(would_be) == "block (audit only)"
    assert shown_action(suppressed) == "block"
    assert shown_action(enforced) == "block"


def test_the_demo_with_a_shipped_policy_does_not_warn_of_its_example_controller(
        tmp_path: Path, capsys, monkeypatch, caplog: pytest.LogCaptureFixture) -> None:
    """A new user's first command: the shipped policy's example controller and evidence are what
    a demo has, not a setup to mend (a crawl with that policy still warns of them)."""
    from scrapeguard.demo.run import run_demo

    from scrapeguard.policy.loader import builtin_policy_dirs

    monkeypatch.chdir(tmp_path)
    with caplog.at_level("WARNING", logger="scrapeguard"):
        assert run_demo() == 0
        assert run_demo(policy=str(builtin_policy_dirs()[0] / "gdpr-strict.toml")) == 0  # README's path spelling
    assert not [r for r in caplog.records if "shipped example" in r.getMessage()]
    from scrapeguard.policy import load_policy

    with caplog.at_level("WARNING", logger="scrapeguard"):
        load_policy("gdpr-strict")
    assert [r for r in caplog.records if "shipped example" in r.getMessage()]


def _free_port_pair() -> int:
    """A port whose next one is free too (`demo --serve` takes both)."""
    for _ in range(50):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
            if port >= 65535:
                continue
            with socket.socket() as b:
                try:
                    b.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise AssertionError("no free pair of ports")


@contextlib.contextmanager
def _serving(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[bytes], Path, Path, int]]:
    """`scrapeguard demo --serve --port PORT` in its own process, from when it says the site is left
    running until Ctrl-C stops it: (the process, its stdout file, its stderr file, PORT). Started again on
    other ports when the pair chosen was taken before the demo listened (the other test worker binds ports too)."""
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    out_path, err_path = tmp_path / "stdout", tmp_path / "stderr"
    for _ in range(5):
        port = _free_port_pair()
        with out_path.open("w") as out, err_path.open("w") as err:
            # (Ctrl-C's SIGINT restored: a runner started in the background of a shell ignores it, and so
            # would the demo, which then served until the test's wait ran out)
            proc = subprocess.Popen([sys.executable, "-m", "scrapeguard", "demo", "--serve", "--port", str(port),
                                     *args], env=env, cwd=tmp_path, stdout=out, stderr=err,
                                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if "Demo site left running" in out_path.read_text() + err_path.read_text():
                    break
                time.sleep(0.2)
            if proc.poll() is not None and "Address already in use" in err_path.read_text():
                continue  # (exited: nothing to stop)
            yield proc, out_path, err_path, port
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
            return
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    raise AssertionError("the demo found no free pair of ports:\n" + err_path.read_text()[-2000:])


def test_demo_serve_with_json_keeps_stdout_json_lines(tmp_path: Path) -> None:
    """`--json` prints JSON Lines on stdout alone: with --serve, the line saying where the site is
    left running went to stdout too, so `demo --serve --json | jq` failed on it. It goes to stderr."""
    with _serving(tmp_path, "--json", "--audit", str(tmp_path / "demo.sqlite")) as (proc, out_path, err_path, port):
        pass
    assert proc.returncode == 0, err_path.read_text()[-2000:]
    lines = out_path.read_text().splitlines()
    assert len(lines) == len(EXPECTED)
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert f"Demo site left running: http://127.0.0.1:{port}/" in err_path.read_text()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads the process's open files in /proc")
def test_demo_serve_holds_no_audit_log_open_while_it_serves(tmp_path: Path) -> None:
    """Once its crawl is shown the demo closes its guard, and then asked `guard.audit` whether there was a
    log to name, which opens a closed guard's log again: `--serve` held the log (and its -wal, -shm)
    open for as long as the site ran. It asks before closing; the served site holds no part of the log."""
    log = tmp_path / "demo.sqlite"
    with _serving(tmp_path, "--audit", str(log)) as (proc, out_path, err_path, _):
        assert "Demo site left running" in out_path.read_text(), err_path.read_text()[-2000:]
        fds = Path(f"/proc/{proc.pid}/fd")
        held = [target for fd in fds.iterdir() if (target := os.path.realpath(fd)).startswith(str(log))]
    assert held == []
    assert proc.returncode == 0 and "audit verify --log" in out_path.read_text()


def test_the_review_commands_the_demo_prints_run_as_printed(tmp_path: Path, capsys, monkeypatch) -> None:
    """The demo ends with commands to copy: with `--audit "my logs/demo.sqlite"` they named the log
    unquoted, so pasted into a shell each was a usage error. Each runs as printed, whatever the path."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--audit", "my logs/demo.sqlite"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    printed = [line for line in lines if line.startswith("scrapeguard audit")]
    assert len(printed) == 4
    for line in printed:
        assert main(shlex.split(line)[1:]) == 0, line
    assert (tmp_path / "report.html").exists()


def test_a_taken_port_says_how_to_serve_the_demo_elsewhere(capsys) -> None:
    """`demo --serve` on a port another server holds (8000 often is) said only "Address already in
    use": it also says to choose others with --port, and how the examples are pointed there."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["demo", "--serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot start the demo site on 127.0.0.1:{port}" in err and "--port N" in err and "--base" in err


def test_a_port_given_without_serve_pins_the_crawled_urls(tmp_path: Path, capsys) -> None:
    """(review) `demo --port 8000` without --serve crawled free ports all the same, so a request by
    the URL the README's site has (`audit subject --url http://127.0.0.1:8000/…`) found nothing in
    its log. A port given is the crawl's; left out, free ports, named in the first line.
    (Run again on other ports when the pair chosen was taken before the demo listened: the other test
    worker binds ports too.)"""
    log = tmp_path / "demo.sqlite"
    for _ in range(5):
        port = _free_port_pair()
        code = main(["demo", "--port", str(port), "--audit", str(log)])
        out, err = capsys.readouterr()
        if code != 2 or "cannot start the demo site" not in err:
            break
    assert code == 0, err
    assert f"http://127.0.0.1:{port}" in out
    assert main(["audit", "subject", "--log", str(log), "--url", f"http://127.0.0.1:{port}/team.html"]) == 0
    assert "0 record(s)" not in capsys.readouterr().out


def test_without_a_face_detector_the_demo_says_why_every_image_is_refused(tmp_path: Path, capsys,
                                                                          monkeypatch) -> None:
    """`pip install scrapeguard` without the faces extra, then `scrapeguard demo`: every image came
    back `block` and only the rows' long details said why. One note before the table says it, with
    what to install (here the detector named cannot run: the same path as a missing package)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRAPEGUARD_FACE_DETECTOR", "no-such-detector")
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    notes = [line for line in err.splitlines() if line.startswith("note: images cannot be checked for faces")]
    assert len(notes) == 1 and "policy gdpr-strict refuses each one" in notes[0]
    assert "unknown face detector 'no-such-detector'" in notes[0]
    assert "image.error" in out
    monkeypatch.delenv("SCRAPEGUARD_FACE_DETECTOR")
    assert main(["demo"]) == 0
    assert "note: images cannot be checked" not in capsys.readouterr().err


def test_the_demo_table_names_the_policy_that_decided(tmp_path: Path, capsys, monkeypatch) -> None:
    """Its title said only "(policy decisions)": after `demo --policy search-index` nothing on screen
    told which policy gave the logs where gdpr-strict redacts. The title names it and its purpose."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--policy", "search-index"]) == 0
    title = capsys.readouterr().out.splitlines()[0]
    assert title.startswith("scrapeguard demo — crawl of http://127.0.0.1:")
    assert "under policy search-index 1.0.0, purpose web-search" in title


@pytest.mark.parametrize(("policy", "meanings"), [
    ("gdpr-strict", {"allow": "kept as fetched", "block": "not kept",
                     "redact": "kept without its personal images (a page) or blurred (an image)"}),
    ("log-only", {"allow (audit only), block (audit only), redact (audit only)": "kept as fetched: the policy is in "
                  "audit mode"}),
])
def test_the_demo_says_what_each_action_it_shows_means_for_what_the_crawler_keeps(
        policy: str, meanings: dict[str, str], tmp_path: Path, capsys, monkeypatch) -> None:
    """The table said `redact` and `block` and left a new user to guess what the crawler then had: a page
    without its portraits? nothing? Under the summary a line says it, for each action the table shows."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--policy", policy]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("What the crawler keeps: "))
    said = dict(part.split(" = ", 1) for part in line.removeprefix("What the crawler keeps: ").rstrip(".").split("; "))
    assert said.keys() == meanings.keys()
    assert all(said[label].startswith(meaning) for label, meaning in meanings.items()), said


@pytest.mark.parametrize("audit", ["afile/demo.sqlite", "a" * 300 + ".sqlite", "adir", os.devnull, "logsdir/"])
def test_an_audit_log_the_demo_cannot_write_is_one_error_line_and_exit_2(audit: str, tmp_path: Path, capsys,
                                                                        monkeypatch) -> None:
    """`demo --audit` with a file in the way of the log's folder, or a name no file system takes, ended
    in a traceback and exit 1 ("blocked" to a script); it is one `error:` line naming --audit, and exit 2,
    as the README's and its help's "2 when it cannot run" say. A folder, or /dev/null, as the log was the
    audit error's own code (3 for /dev/null's "disk I/O error"), without naming --audit. A path shaped as a
    folder (`logsdir/`) made a file `logsdir` (review): it is refused as a policy's sink is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("notes\n")
    (tmp_path / "adir").mkdir()
    assert main(["demo", "--audit", audit]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: --audit {audit}: ") and err.count("\n") == 1, err
    assert not (tmp_path / "logsdir").exists()
