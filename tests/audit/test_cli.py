"""`scrapeguard audit …` as a compliance officer uses it, and its answers to bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.store import SCHEMA_VERSION


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_host_given_to_list_stats_or_export_takes_its_whole_site_and_says_so(filled, cli):
    """A regulator's pack asked for `--domain shop.example.com` held the records of every example.com
    host, with their URLs under --personal, and nothing said so. Records are filed by site: the site
    is taken, with a note naming `subject` for one host's records; where personal fields would be
    shown, it is refused."""
    for command in (["list"], ["stats"], ["export"]):
        code, _, err = cli(*command, "--log", str(filled), "--domain", "shop.example.com")
        assert code == 0 and "takes every host of example.com, not shop.example.com alone" in err
        assert "audit subject --domain shop.example.com" in err
        code, _, err = cli(*command, "--log", str(filled), "--domain", "example.com")
        assert code == 0 and "takes every host" not in err
    for command in (["export", "--personal"], ["list", "--show-urls"]):
        code, out, err = cli(*command, "--log", str(filled), "--domain", "shop.example.com")
        assert code == 2 and out == "" and "would show their personal fields too" in err
    with AuditLog.open(filled, read_only=True) as log:
        assert not [e for e in log.iter_entries() if e.record.get("schema") == "scrapeguard.read/1"]  # nothing shown


def test_a_port_given_to_list_stats_or_export_is_dropped_and_said_so_and_refused_by_erase(log_path, decision, cli):
    """(Review) `--domain 127.0.0.1:1` took every port of the host without a word; `erase --domain HOST:PORT`
    erased and suppressed every port of it for good. The commands that take a site say the port is dropped;
    `subject` and `erase` refuse it (exit 2), naming the --url-prefix that takes that port alone."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="http://10.0.0.5:8080/alice/cv.html"))
        log.append(decision(1, action="allow", url="http://10.0.0.5:9090/bob/cv.html"))
    for command in (["list"], ["stats"], ["export"]):
        code, _, err = cli(*command, "--log", str(log_path), "--domain", "10.0.0.5:9090")
        assert code == 0 and "without a port: this takes every port of 10.0.0.5" in err, (command, err)
        assert "every port" not in cli(*command, "--log", str(log_path), "--domain", "10.0.0.5")[2]
    for command in (["subject", "--no-record"], ["erase", "--dry-run", "--manifest", "-"]):
        code, out, err = cli(*command, "--log", str(log_path), "--domain", "10.0.0.5:9090")
        assert code == 2 and "--url-prefix http://10.0.0.5:9090/" in err and "bob" not in out, (command, err)
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.get(1).personal["url"] == "http://10.0.0.5:9090/bob/cv.html"  # nothing erased


def test_verify_of_a_personal_export_says_its_image_hashes_were_not_checked(log_path, decision, cli, tmp_path):
    """An export's image hashes set to zeros verified OK with no word, while its URLs are held to
    their records: the image hashes are held by the log's key, which no export carries. Said, and
    counted (`hashes_unchecked`); `verify --log` checks them."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="redact", image_sha256="ab" * 32))
        log.append(decision(1, action="allow"))
    export = tmp_path / "export.jsonl"
    assert cli("export", "--personal", "-o", str(export), "--log", str(log_path))[0] == 0
    lines = [json.loads(line) for line in export.read_text().splitlines()]
    hashed = [line for line in lines if (line.get("personal") or {}).get("image_sha256")]
    for line in hashed:
        line["personal"]["image_sha256"] = "0" * 64
    export.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert hashed and code == 0 and f"the image hashes of {len(hashed)} record(s) in the export were not checked" in out
    assert json.loads(cli("verify", "--jsonl", str(export), "--json")[1])["hashes_unchecked"] == len(hashed)
    code, out, _ = cli("verify", "--log", str(log_path), "--json")
    assert code == 0 and json.loads(out)["hashes_unchecked"] == 0


def test_list_filters_and_pages(filled, cli):
    code, out, _ = cli("list", "--log", str(filled), "--json", "--action", "block", "--limit", "3")
    rows = _lines(out)
    assert code == 0 and len(rows) == 3 and {r["outcome"]["action"] for r in rows} == {"block"}
    code, out2, _ = cli("list", "--log", str(filled), "--json", "--action", "block", "--limit", "3", "--offset", "3")
    assert {r["seq"] for r in _lines(out2)}.isdisjoint({r["seq"] for r in rows})
    code, out, _ = cli(
        "list", "--log", str(filled), "--json", "--code", "robots", "--domain", "shop.example.com", "--limit", "100"
    )
    got = _lines(out)
    assert got and all(r["resource"]["registrable_domain"] == "example.com" for r in got)
    assert all("robots.disallow" in r["outcome"]["codes"] for r in got)
    code, out, _ = cli("list", "--log", str(filled), "--json", "--since", "2000-01-01", "--until", "2000-12-31")
    assert code == 0 and out == ""
    code, out, err = cli("list", "--log", str(filled), "--limit", "5", "--purpose", "web-text-corpus")
    assert code == 0 and "web-text-corpus" in out and "more follow: --offset 5" in err


def test_list_says_more_follow_only_when_they_do(filled, cli):
    # 10 of the 40 records are blocks: a page that ends exactly on the last one says nothing more
    _, _, err = cli("list", "--log", str(filled), "--action", "block", "--limit", "5", "--offset", "5")
    assert "more follow" not in err
    _, _, err = cli("list", "--log", str(filled), "--action", "block", "--limit", "4", "--offset", "5")
    assert "more follow: --offset 9" in err


@pytest.mark.parametrize("show_urls", [False, True])
def test_list_reads_its_page_and_whether_more_follow_in_one_snapshot(log_path, decision, cli, monkeypatch, show_urls):
    """`list` looked past its page for more, then read the page, in two reads: a prune committed in
    between (a scheduled one, during a review) shifted every offset, so the page skipped the records
    it was asked for and showed a later one, while stderr named an --offset past records never shown."""
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path) as log:
        for i in range(6):  # three blocks past their 180 days, three of today
            log.append(decision(i, action="block", days_ago=400 if i < 3 else 0))
    reads = AuditLog.iter_entries

    calls = []

    def prune_before_the_second_read(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            with AuditLog.open(log_path) as other:
                assert prune(other, load_policy("gdpr-strict"))["removed_records"] == 3
        yield from reads(self, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "iter_entries", prune_before_the_second_read)
    code, out, err = cli("list", "--log", str(log_path), "--json", "--offset", "3", "--limit", "2",
                         *(["--show-urls"] if show_urls else []))
    assert code == 0 and [r["seq"] for r in _lines(out)] == [3, 4], err
    assert "more follow: --offset 5" in err and len(calls) == 2


def test_list_with_the_largest_limit_and_an_offset_lists_the_rest(filled, cli):
    """`--limit 9223372036854775807` (SQLite's largest, "all of them") with an --offset failed with 'value
    out of range': the look past the page for more asked SQLite for an offset past its largest number."""
    code, out, err = cli("list", "--log", str(filled), "--json", "--limit", str(2**63 - 1), "--offset", "5")
    assert code == 0 and len(_lines(out)) == 35 and "more follow" not in err, err


def test_list_json_says_on_stderr_that_it_printed_one_page(filled, cli):
    """`list --json > blocked.jsonl` stopped at the default 50 records without a word, where the
    table says what follows: stdout stays JSON Lines, stderr names the next page."""
    code, out, err = cli("list", "--log", str(filled), "--json", "--limit", "30")
    assert code == 0 and len(_lines(out)) == 30 and "more follow: --offset 30" in err
    code, out, err = cli("list", "--log", str(filled), "--json", "--offset", "30")
    assert code == 0 and len(_lines(out)) == 10 and "more follow" not in err
    code, out, err = cli("list", "--log", str(filled), "--json", "--action", "erasure")
    assert code == 0 and out == "" and "no records match" in err


def test_list_shows_urls_only_when_asked(filled, cli):
    _, out, _ = cli("list", "--log", str(filled), "--action", "allow", "--limit", "2")
    assert "https://" not in out
    _, out, _ = cli("list", "--log", str(filled), "--action", "allow", "--limit", "2", "--show-urls")
    assert "https://" in out


def test_show_by_seq_and_by_id(filled, cli):
    code, out, _ = cli("show", "3", "--log", str(filled), "--json")
    record = json.loads(out)
    assert code == 0 and record["seq"] == 3
    code, out, _ = cli("show", record["decision_id"], "--log", str(filled))
    assert code == 0 and "seq 3" in out and record["hash"] in out
    code, _, err = cli("show", "999", "--log", str(filled))
    assert code == 2 and "no record" in err
    code, _, err = cli("show", "³", "--log", str(filled))  # (a digit to isdigit() that int() refused: a raw message)
    assert code == 2 and "no record" in err and "int()" not in err, err


def test_show_finds_a_decision_by_its_id_in_capitals(filled, cli):
    """(Review) `audit show C4CADF83-EB2E-…` (a UUID as many tools print it) said "no record with seq or id", exit 2:
    ids were matched exactly. A request id an operator chose in capitals is still found as given."""
    with AuditLog.open(filled, read_only=True) as log:
        decision_id = log.get(3).record["decision_id"]
    code, out, err = cli("show", decision_id.upper(), "--log", str(filled), "--json")
    assert code == 0 and json.loads(out)["seq"] == 3, err
    code, _, err = cli("show", decision_id.upper().replace("-", ""), "--log", str(filled))
    assert code == 2 and "no record" in err  # (not shaped as the guard's ids: matched as given)
    from scrapeguard.audit.dsr import Subject, access

    ticket = "0A1B2C3D-0000-4000-8000-00000000000F"
    with AuditLog.open(filled) as log:
        access(log, Subject(domain="example.fr"), request_id=ticket)
    code, out, err = cli("show", ticket, "--log", str(filled), "--json")
    assert code == 0 and json.loads(out)["request_id"] == ticket, err


def test_show_says_the_sidecar_holds_a_blocked_items_image_hash_until_it_is_erased(filled, cli):
    """A blocked item's row keeps its image's SHA-256 beside the keyed hash of its URL: `show`
    said 'erased or never kept' of it (it looked at the URL alone) while printing the hash."""
    code, out, _ = cli("show", "0", "--log", str(filled), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["outcome"]["action"] == "block" and "url" not in shown["personal"]
    assert shown["personal"]["image_sha256"] and shown["sidecar"] == "held"
    assert cli("erase", "--log", str(filled), "--url", "https://example.fr/people/0.jpg")[0] == 0
    code, out, _ = cli("show", "0", "--log", str(filled), "--json")
    assert code == 0 and "personal" not in json.loads(out) and json.loads(out)["sidecar"] == "erased or never kept"


def test_stats_counts(filled, cli):
    code, out, _ = cli("stats", "--log", str(filled), "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 40
    assert data["by_action"] == {"block": 10, "allow": 10, "redact": 10, "log": 10}
    assert sum(data["by_code"].values()) == 30 and sum(sum(d.values()) for d in data["per_day"].values()) == 40
    code, out, _ = cli("stats", "--log", str(filled))
    assert code == 0 and "by reason code" in out and "per day" in out


def test_verify_exit_codes(filled, cli, tamper, tmp_path):
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 0 and out.startswith("OK: 40 records")
    tamper(filled).execute("UPDATE chain SET domain = 'x.example' WHERE seq = 12")
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 1 and "seq 12" in out
    code, out, _ = cli("verify", "--log", str(filled), "--json")
    assert code == 1 and json.loads(out)["first_bad_seq"] == 12
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"\x00" * 4096)
    code, _, err = cli("verify", "--log", str(garbage))
    assert code == 2 and "not a scrapeguard audit log" in err
    code, _, err = cli("verify", "--log", str(tmp_path / "missing.sqlite"))
    assert code == 2 and "no audit log" in err


def test_export_jsonl_verifies_and_csv_neutralises_formulas(log_path, decision, cli, tmp_path):
    with AuditLog.open(log_path) as log:
        d = decision(0, action="block", purpose='=HYPERLINK("http://evil")')
        log.append(d)
        log.append(decision(1, action="allow"))
    out_file = tmp_path / "log.jsonl"
    code, _, err = cli("export", "--log", str(log_path), "--format", "jsonl", "-o", str(out_file))
    assert code == 0 and "wrote" in err
    code, out, _ = cli("verify", "--jsonl", str(out_file))
    assert code == 0 and out.startswith("OK: 2 records")
    code, out, _ = cli("export", "--log", str(log_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and rows[0]["purpose"] == '\'=HYPERLINK("http://evil")'
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert rows[0]["codes"] == "robots.disallow"


def test_checkpoint_kept_elsewhere_catches_a_rewrite(filled, cli, tmp_path):
    cp = tmp_path / "cp.jsonl"
    code, _, _ = cli("checkpoint", "--log", str(filled), "-o", str(cp))
    assert code == 0 and len(cp.read_text().splitlines()) == 4
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(cp))
    assert code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"tree_size": 20, "head_hash": "sha256:" + "0" * 64}) + "\n")
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(bad))
    assert code == 1 and "seq 19" in out
    bad.write_text("not json\n")
    code, _, err = cli("verify", "--log", str(filled), "--checkpoint", str(bad))
    assert code != 0 and "not a checkpoint" in err


def test_verify_says_how_many_problems_its_text_leaves_out(filled, cli, tamper):
    """The text shows 20 problems; with more it said nothing of them, as if the 20 were all."""
    tamper(filled).execute("UPDATE chain SET action = 'nothing' WHERE seq < 25")
    code, out, _ = cli("verify", "--json", "--log", str(filled))
    problems = len(json.loads(out)["problems"])  # (25 records, and the checkpoints whose counts they contradict)
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 1 and sum(line.startswith("  seq ") for line in out.splitlines()) == 20
    assert problems > 25 and f"… and {problems - 20} more problem(s) listed by --json" in out


def test_verify_says_in_file_checkpoints_are_no_independent_assurance(filled, cli, tmp_path):
    """Someone with write access can re-hash the chain and its checkpoints table alike: the OK
    line says its checkpoints are the file's own unless some were kept elsewhere and given."""
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 0 and "in-file checkpoints matched (not independent" in out and "--checkpoint" in out
    cp = tmp_path / "cp.jsonl"
    cli("checkpoint", "--log", str(filled), "-o", str(cp))
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(cp))
    kept = len(cp.read_text().splitlines())
    assert code == 0 and f"({kept} of them from {cp}, the rest the log's own" in out and "not independent" not in out
    # (review) one checkpoint, in the log and in the file given, is one: "2 checkpoints matched" read as two
    in_file = int(cli("verify", "--log", str(filled))[1].split(" in-file checkpoints matched")[0].rsplit(" ", 1)[1])
    assert f" {in_file} checkpoints matched ({kept} of them from {cp}" in out


def test_verify_jsonl_says_a_cut_off_end_goes_unseen_without_kept_checkpoints(filled, cli, tmp_path):
    """An export holds no checkpoints: its OK line spoke of '0 in-file checkpoints matched', as if
    some had been looked for; the lines cut off its end (a copy that stopped short) pass unseen
    unless checkpoints kept elsewhere are given, and the line says so."""
    export = tmp_path / "log.jsonl"
    cli("export", "--log", str(filled), "-o", str(export))
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join(lines[:-5]), encoding="utf-8")
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert code == 0 and "in-file" not in out
    assert "no checkpoints given" in out and "records cut off its end" in out and "--checkpoint" in out
    cp = tmp_path / "cp.jsonl"
    cli("checkpoint", "--log", str(filled), "-o", str(cp))
    code, out, _ = cli("verify", "--jsonl", str(export), "--checkpoint", str(cp))
    assert code == 1 and "log truncated" in out


def test_an_export_made_while_a_prune_commits_still_verifies(log_path, decision, cli, tmp_path, monkeypatch):
    """The export read the prune anchor, then the records, in separate reads: a prune (a scheduled
    job) committing in between gave an export whose anchor line is not where its first record
    follows, and `verify --jsonl` called the honest log tampered. One snapshot holds both."""
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path) as log:
        for i in range(6):
            log.append(decision(i, action="block", days_ago=200))  # expired
        for i in range(6, 9):
            log.append(decision(i, action="allow", days_ago=1))
    real_anchor = AuditLog.anchor
    pruned: list[int] = []

    def anchor_then_prune(self):  # the export's look at the anchor, then the job's prune
        found = real_anchor(self)
        if not pruned and self.read_only:
            pruned.append(1)
            with AuditLog.open(log_path) as writer:
                assert prune(writer, load_policy("gdpr-strict"))["removed_records"] == 6
        return found

    monkeypatch.setattr(AuditLog, "anchor", anchor_then_prune)
    export = tmp_path / "pack.jsonl"
    assert cli("export", "--log", str(log_path), "-o", str(export))[0] == 0
    monkeypatch.setattr(AuditLog, "anchor", real_anchor)
    assert pruned
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert code == 0, out


def test_an_export_with_personal_fields_shows_those_of_the_records_its_recorded_read_names(
    log_path, decision, cli, tmp_path, monkeypatch
):
    """`export --personal` recorded the read of the rows it found, then exported from a later
    snapshot: a decision a crawl committed in between went out with its URL, unnamed by the read,
    so an erasure of that person never listed the export file as a copy to delete
    (`personal_reads_to_review`). The export ends where the rows it recorded reading end."""
    from scrapeguard.audit import cli as audit_cli

    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/ana.jpg"))
    real_log_read = audit_cli._log_read

    def read_then_crawl(log, command, seqs, detail=None):  # (the crawl commits as the read is recorded)
        seq = real_log_read(log, command, seqs, detail)
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(1, action="allow", url="https://example.fr/bo.jpg"))
        return seq

    monkeypatch.setattr(audit_cli, "_log_read", read_then_crawl)
    export = tmp_path / "x.jsonl"
    code, _, err = cli("export", "--personal", "-o", str(export), "--log", str(log_path))
    assert code == 0, err
    with AuditLog.open(log_path, read_only=True) as log:
        named = {s for e in log.iter_entries("c.kind = 'read'") for s in e.record["seqs"]}
    shown = [line["seq"] for line in map(json.loads, export.read_text().splitlines()) if line.get("personal", {}).get("url")]
    assert shown == [0] and set(shown) <= named
    assert cli("verify", "--jsonl", str(export))[0] == 0
    # nothing in between: the export ends with its own read record, at the head the log's checkpoints name
    monkeypatch.setattr(audit_cli, "_log_read", real_log_read)
    assert cli("export", "--personal", "-o", str(export), "--log", str(log_path))[0] == 0
    kept = tmp_path / "cp.jsonl"
    assert cli("checkpoint", "--no-write", "-o", str(kept), "--log", str(log_path))[0] == 0
    assert json.loads(export.read_text().splitlines()[-1])["schema"] == "scrapeguard.read/1"
    code, out, _ = cli("verify", "--jsonl", str(export), "--checkpoint", str(kept))
    assert code == 0, out


def test_prune_dry_run_changes_nothing_not_even_by_opening_the_log(log_path, cli):
    """`prune --dry-run` says it changes nothing, but opened the log for writing: that adds the
    decisions a killed process left beside it (records appended to an evidence copy), and fails
    on a copy it may only read. It reads the log as verify does."""
    import os
    import signal

    from scrapeguard.audit.unwritten import waiting_journals
    from tests.audit.test_unwritten import keeper, locked, records_of

    AuditLog.open(log_path).close()
    with locked(log_path):
        child = keeper(log_path, "wait", 1)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    code, out, err = cli("prune", "--log", str(log_path), "--dry-run")
    assert code == 0, err
    assert len(waiting_journals(str(log_path))) == 1 and records_of(log_path, "kept-0") == 0


def test_verify_help_names_what_the_file_alone_cannot_show():
    result = subprocess.run(
        [sys.executable, "-m", "scrapeguard", "audit", "verify", "--help"], capture_output=True, text=True, timeout=60
    )
    text = " ".join(result.stdout.split())
    assert result.returncode == 0 and "write access" in text and "--checkpoint FILE" in text


def test_audit_help_describes_every_exit_code_its_commands_give():
    """Exit 3 (a write the log refused or could not take: a read-only file, an append-only table, the
    manifest of a finished erasure left unnamed) was given, but `audit --help` described 1, 2, 4 and 5
    alone: a script could not tell what it meant."""
    import scrapeguard.audit.cli  # noqa: F401 - (every error class it raises, loaded)
    import scrapeguard.audit.dsr  # noqa: F401
    import scrapeguard.audit.retention  # noqa: F401
    from scrapeguard.audit.errors import AuditError

    classes, codes = [AuditError], set()
    while classes:
        cls = classes.pop()
        codes.add(cls.exit_code)
        classes += cls.__subclasses__()
    result = subprocess.run(
        [sys.executable, "-m", "scrapeguard", "audit", "--help"], capture_output=True, text=True, timeout=60
    )
    text = " ".join(result.stdout.split())
    described = {int(n) for n in re.findall(r"(?:exit:|,) (\d) [a-z]", text)}
    assert result.returncode == 0 and codes <= described, (sorted(codes), text)


@pytest.mark.parametrize("command", ["subject", "erase"])
def test_subject_and_erase_help_says_a_domain_is_the_host_given_and_those_below_it(command):
    """`--domain` was "a registrable domain": an officer with a person's blog at blog.jane.example.org
    gave example.org, as told, and the request took everyone's records on the site (an erasure:
    erased and suppressed them all). The host given is taken as it is, never widened, with the
    hosts below it: the help says so."""
    import argparse

    from scrapeguard.audit.cli import register

    parser = argparse.ArgumentParser(prog="scrapeguard")
    register(parser.add_subparsers())
    action = next(a for a in parser._subparsers._group_actions[0].choices["audit"]._subparsers._group_actions[0]
                  .choices[command]._actions if "--domain" in a.option_strings)
    assert "registrable" not in action.help and "below" in action.help


@pytest.mark.parametrize("command", ["list", "stats", "export", "report"])
def test_the_time_filters_help_says_a_date_or_a_time_without_an_offset_is_read_in_utc(command):
    """`--since 2026-03-29` is that day in UTC, and `--since 2026-03-29T09:00` (no offset, which RFC
    3339 requires) 09:00 UTC: an officer in Paris asking for her day, or her morning, got one an hour
    or two off, the records at its edges in the wrong period, and the help said neither."""
    import argparse

    from scrapeguard.audit.cli import register

    parser = argparse.ArgumentParser(prog="scrapeguard")
    register(parser.add_subparsers())
    actions = parser._subparsers._group_actions[0].choices["audit"]._subparsers._group_actions[0].choices[command]._actions
    for option in ("--since", "--until"):
        action = next(a for a in actions if option in a.option_strings)
        assert "UTC" in action.help and "offset" in action.help, (option, action.help)


def test_subject_and_erase(log_path, decision, cli, tmp_path):
    url = "https://example.fr/people/ana.jpg"
    image = tmp_path / "ana.png"
    from PIL import Image

    Image.linear_gradient("L").resize((64, 48)).convert("RGB").save(image)  # a flat picture has no hash
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url), image=image.read_bytes())
    code, out, _ = cli("subject", "--log", str(log_path), "--url", url, "--json", "--request-id", "req-1")
    report = json.loads(out)
    assert code == 0 and report["count"] == 1 and report["items"][0]["source_url"] == url
    code, out, _ = cli("subject", "--log", str(log_path), "--image", str(image))
    assert code == 0 and "1 record(s) found" in out and "perceptual" in out
    manifest = tmp_path / "erasure.json"
    code, _, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))
    data = json.loads(manifest.read_text())
    assert code == 0 and "erased: 1 record(s)" in err
    assert data["items"][0]["url"] == url and data["schema"] == "scrapeguard.erasure-manifest/1"
    code, out, _ = cli("list", "--log", str(log_path), "--kind", "dsr", "--json")
    assert [r["kind"] for r in _lines(out)] == ["access", "access", "erasure"]
    assert cli("verify", "--log", str(log_path))[0] == 0
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(url) == data["request_id"]
    code, _, err = cli("subject", "--log", str(log_path))
    assert code == 2 and "at least one" in err
    code, _, err = cli("subject", "--log", str(log_path), "--image", str(tmp_path / "nope.png"))
    assert code == 2 and "nope.png" in err


def test_subject_and_erase_take_a_profile_s_url_prefix(log_path, decision, cli, tmp_path):
    """`--url-prefix` (repeatable) answers for a profile section; the manifest says the prefix
    itself is on the suppression list."""
    with AuditLog.open(log_path) as log:
        for i, url in enumerate(("https://example.fr/~ana/", "https://example.fr/~ana/cv.html", "https://example.fr/~bo/")):
            log.append(decision(i, action="allow", url=url))
    code, out, _ = cli("subject", "--log", str(log_path), "--url-prefix", "https://example.fr/~ana", "--json")
    assert code == 0 and [i["seq"] for i in json.loads(out)["items"]] == [0, 1]
    code, _, err = cli("erase", "--log", str(log_path), "--url-prefix", "https://example.fr/~ana/",
                       "--manifest", str(tmp_path / "m.json"))
    manifest = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert code == 0 and [i["seq"] for i in manifest["items"]] == [0, 1] and "suppressed whole" in manifest["note"]
    code, _, err = cli("subject", "--log", str(log_path), "--url-prefix", "htps://example.fr/~ana/")
    assert code == 2 and "not a URL a crawler fetches" in err


def test_an_erasure_made_again_says_nothing_was_left_to_erase(log_path, decision, cli, tmp_path):
    """Erasure is idempotent: asked again with the same picture, the request finds the record by
    the keyed image hash the chain keeps and erases no row, and says so rather than 'erased: 1
    record(s)' once more."""
    import hashlib

    from PIL import Image

    image = tmp_path / "ana.png"
    Image.linear_gradient("L").resize((64, 48)).convert("RGB").save(image)
    data = image.read_bytes()
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.png",
                            image_sha256=hashlib.sha256(data).hexdigest()), image=data)
    code, _, err = cli("erase", "--log", str(log_path), "--image", str(image), "--manifest", str(tmp_path / "1.json"))
    assert code == 0 and "erased: 1 record(s) (1 row(s) of personal fields erased in all" in err
    code, _, err = cli("erase", "--log", str(log_path), "--image", str(image), "--manifest", str(tmp_path / "2.json"))
    again = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
    assert code == 0 and again["sidecar_rows_erased"] == 0 and [i["seq"] for i in again["items"]] == [0]
    assert "erased: 1 record(s) (their personal fields were erased before: none was left to erase)" in err


def test_export_takes_list_s_filters_for_a_regulator_s_pack(filled, cli):
    """One domain, one action, one period (the design's incident pack): exported as `list` finds
    them, a read of personal fields recorded for the exported records alone."""
    code, out, _ = cli("list", "--log", str(filled), "--json", "--domain", "example.co.uk", "--action", "allow",
                       "--limit", "1000")
    wanted = [r["seq"] for r in _lines(out)]
    code, out, err = cli("export", "--log", str(filled), "--format", "csv", "--domain", "example.co.uk",
                         "--action", "allow", "--personal")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and wanted and [int(r["seq"]) for r in rows] == wanted
    assert {(r["domain"], r["action"]) for r in rows} == {("example.co.uk", "allow")} and all(r["url"] for r in rows)
    code, out, _ = cli("list", "--log", str(filled), "--json", "--action", "read")
    [read] = _lines(out)
    assert read["count"] == len(wanted) and read["seqs"] == wanted
    code, out, err = cli("export", "--log", str(filled), "--code", "face", "--until", "2000-01-01")
    assert code == 0 and out == "" and "finds the records left out missing" in err
    code, _, err = cli("export", "--log", str(filled), "--action", "blocked")
    assert code == 2 and "unknown action" in err


def test_erase_manifest_dash_is_standard_output_not_a_file_named_dash(log_path, decision, cli, tmp_path, monkeypatch):
    """`--manifest -` wrote the only list of objects to delete to a file named '-' and nothing to
    the pipe it was meant for; '-' is standard output, as for export, report and checkpoint."""
    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", "-")
    assert code == 0 and json.loads(out)["items"][0]["url"] == url and not (tmp_path / "-").exists()


def test_erase_says_which_log_holds_the_suppression_list_crawls_must_write_to(log_path, decision, cli, tmp_path):
    """The suppression list lives in the log the erasure was recorded in: a crawl writing another
    log (or none) collects the item again, so erase names that log and says so."""
    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    code, _, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(tmp_path / "m.json"))
    assert code == 0 and f"request recorded at seq 1 of {log_path.resolve()}" in err
    assert (f"the suppression list is kept in {log_path.resolve()}: only a guard writing to this log blocks these "
            "items") in err and "a crawl writing another log, or none, collects them again" in err
    _, _, err = cli("erase", "--log", str(log_path), "--url", url, "--dry-run", "--manifest", str(tmp_path / "d.json"))
    assert f"(log {log_path.resolve()})" in err and "suppression list is kept" not in err


def test_ropa_json_and_text(filled, cli):
    code, out, _ = cli("ropa", "--log", str(filled), "--json", "--policy", "gdpr-strict")
    data = json.loads(out)
    assert code == 0 and data["@context"]["dpv"] == "https://w3id.org/dpv#"
    activity = data["activities"][0]
    assert activity["dpv:hasLegalBasis"] == ["eu-gdpr:A6-1-f"] and activity["observed"]["decisions"] == 40
    assert any(
        a["id"] == "suppression-list" and a["dpv:hasLegalBasis"] == ["eu-gdpr:A6-1-c"] for a in data["activities"]
    )
    code, out, _ = cli("ropa", "--log", str(filled))
    assert code == 0 and "Art. 30" in out and "eu-gdpr:A6-1-f" in out
    code, _, err = cli("ropa", "--log", str(filled), "--policy", "no-such-policy")
    assert code == 2 and "policy" in err


def test_report_is_self_contained_html(filled, cli, tmp_path):
    html_file = tmp_path / "report.html"
    code, _, err = cli("report", "--log", str(filled), "--html", str(html_file))
    html = html_file.read_text()
    assert code == 0 and "chain OK" in err
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 2
    assert "Top blocked domains" in html and "example.fr" in html
    external = re.findall(r'(?:src|href)\s*=\s*"([^"]+)"', html) + re.findall(r"url\(([^)]+)\)", html)
    assert external == []  # no scripts, stylesheets, fonts or images from anywhere
    assert "<script" not in html



def test_report_of_a_tampered_log_is_written_and_exits_1_as_tampered(filled, cli, tamper, tmp_path):
    """The report showed the break and exited 0: a scheduled report job never saw it, where
    `audit --help` says exit 1 is tampered (and `export` of a damaged log exits 1 too)."""
    tamper(filled).execute("UPDATE chain SET action = 'allow' WHERE seq = 8")
    html_file = tmp_path / "report.html"
    code, _, err = cli("report", "--log", str(filled), "--html", str(html_file))
    assert code == 1 and "chain BROKEN" in err and "TAMPERED" in html_file.read_text()


def test_report_to_dash_goes_to_stdout_as_export_does(filled, cli, tmp_path, monkeypatch):
    """`--html -` wrote a file named '-' in the working directory."""
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("report", "--log", str(filled), "--html", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "chain OK" in err
    assert not (tmp_path / "-").exists()


def test_json_on_a_stdout_that_is_not_utf8_is_still_json(monkeypatch):
    """On a latin-1 or ASCII stdout the escapes the stream writes for what it cannot encode
    (`\\xeb`) are no JSON; the JSON itself is written with `\\u00eb` escapes there."""
    import sys

    from scrapeguard.audit.cli import _print_json

    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", stream)
    _print_json({"policy": "Zoë's – policy"})
    stream.flush()
    assert json.loads(buffer.getvalue().decode("ascii"))["policy"] == "Zoë's – policy"

def test_prune_via_cli(log_path, decision, cli):
    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, action="block", days_ago=400))
        log.append(decision(4, action="allow"))
    code, out, _ = cli("prune", "--log", str(log_path), "--policy", "gdpr-strict", "--json")
    assert code == 0 and json.loads(out)["removed_records"] == 4
    assert cli("verify", "--log", str(log_path))[0] == 0
    code, _, err = cli("prune", "--log", str(log_path), "--as-of", "yesterday-ish")
    assert code == 2 and "yesterday-ish" in err


def test_prune_help_says_a_later_as_of_needs_a_dry_run(capsys):
    """(A new user's walk: `--as-of` said "pretend it is this time", and a later time was then refused.)"""
    from scrapeguard.cli import main

    with pytest.raises(SystemExit) as done:
        main(["audit", "prune", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert done.value.code == 0 and "a later time than now only with --dry-run" in said


def test_prune_of_a_log_that_does_not_verify_keeps_its_records_and_exits_1(log_path, decision, cli, tamper):
    """A scheduled prune removed the altered records with the expired prefix, exit 0, and `verify`
    then said OK: the alteration was gone with its evidence."""
    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, action="block", days_ago=400))
        log.append(decision(4, action="allow"))
    tamper(log_path).execute("DELETE FROM chain WHERE seq = 1")
    code, out, err = cli("prune", "--log", str(log_path), "--policy", "gdpr-strict")
    assert code == 1 and "removed 0 record(s)" in out
    assert "does not verify (first bad record at seq 1" in err and "no record was removed" in err
    code, out, _ = cli("verify", "--log", str(log_path))
    assert code == 1 and "missing" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["list", "--since", "last tuesday"], "not a date"),
        (["list", "--action", "delete"], "unknown action"),
        (["list", "--domain", "http://x/"], "not a domain"),
        (["list", "--limit", "0"], "--limit"),
        (["list", "--since", "2026-12-01", "--until", "2026-11-01"], "before"),
        (["stats", "--until", "2026-13-45"], "not a date"),
    ],
)
def test_bad_filter_values_are_refused(filled, cli, argv, message):
    code, _, err = cli(*argv, "--log", str(filled))
    assert code == 2 and message in err


def test_newer_schema_and_locked_log_and_full_disk(filled, cli):
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    code, _, err = cli("erase", "--log", str(filled), "--url", "https://example.fr/x", "--timeout", "0.2")
    holder.execute("ROLLBACK")
    assert code == 4 and "locked" in err
    holder.execute(f"PRAGMA max_page_count = {holder.execute('PRAGMA page_count').fetchone()[0]}")
    holder.close()
    # max_page_count is per connection: simulate a full disk inside the CLI's own connection instead
    from scrapeguard.audit import cli as audit_cli

    original = audit_cli._open

    def tiny(args, read_only=False):  # noqa: ANN001, ANN202
        log = original(args, read_only)
        pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
        log.conn.execute(f"PRAGMA max_page_count = {pages}")
        return log

    audit_cli._open = tiny
    try:
        code, _, err = cli("subject", "--log", str(filled), "--domain", "example.fr", "--json")
        if code == 0:  # the DSR record fitted in a free page; fill it up
            for _ in range(50):
                code, _, err = cli("subject", "--log", str(filled), "--domain", "example.fr", "--json")
                if code:
                    break
    finally:
        audit_cli._open = original
    assert code == 5 and "full" in err
    assert cli("verify", "--log", str(filled))[0] == 0
    conn = sqlite3.connect(filled)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    code, _, err = cli("list", "--log", str(filled))
    assert code == 2 and "schema version" in err


def test_corrupted_log_gives_a_message_not_a_traceback(filled, cli):
    data = bytearray(filled.read_bytes())
    for wal in filled.parent.glob("decisions.sqlite-*"):
        wal.unlink()
    middle = len(data) // 2
    data[middle : middle + 16384] = b"\xde\xad\xbe\xef" * 4096  # smash a page in the middle
    filled.write_bytes(bytes(data))
    code, _, err = cli("verify", "--log", str(filled))
    assert code == 2 and "damaged" in err
    for argv in (["list"], ["stats"], ["report", "--html", str(filled.parent / "r.html")]):
        code, _, err = cli(*argv, "--log", str(filled))  # an exception would escape cli() and fail the test
        assert code in (0, 2), (argv, err)  # pages it does not touch may still read fine
        assert "Traceback" not in err
    filled.write_bytes(bytes(data[: len(data) // 2]))  # truncated half-way
    for argv in (["verify"], ["list", "--limit", "1000"], ["stats"]):
        code, _, err = cli(*argv, "--log", str(filled))
        assert code == 2 and err.startswith("scrapeguard audit:"), (argv, err)


def test_console_script_runs_the_audit_command(filled):
    proc = subprocess.run(
        [sys.executable, "-m", "scrapeguard", "audit", "verify", "--log", str(filled)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("OK: 40 records"), proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "scrapeguard", "audit", "list", "--log", str(Path(filled).parent / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "no audit log" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("where", ["no-such-dir/erasure.json", "adir"])
def test_erase_changes_nothing_when_the_manifest_cannot_be_written(log_path, decision, cli, tmp_path, where):
    """The manifest is the only list of stored objects to delete and cannot be rebuilt once the
    sidecar is erased: an unwritable --manifest must fail before anything is erased."""
    url = "https://example.fr/people/ana.jpg"
    (tmp_path / "adir").mkdir()
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    code, out, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(tmp_path / where))
    assert code == 2 and "nothing was erased" in err and out == ""
    with AuditLog.open(log_path) as log:
        assert log.get(0).personal is not None and log.count() == 1 and log.is_suppressed(url) is None
    assert not [p for p in tmp_path.rglob(".*.part")]  # no half-written manifest left behind
    manifest = tmp_path / "erasure.json"
    code, _, _ = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))
    data = json.loads(manifest.read_text())
    assert code == 0 and data["items"][0]["url"] == url and data["dsr_seq"] == 1 and data["sidecar_rows_erased"] == 1


def test_erase_onto_a_full_disk_exits_disk_full_and_changes_nothing(log_path, decision, cli, tmp_path, monkeypatch):
    """A manifest the disk has no room for fails the erasure before anything is erased, and says so
    with exit 5, 'disk full' as the help says, not 2 (unreadable or bad input): a script retrying
    requests must tell a full disk from a wrong --manifest."""
    import errno

    from scrapeguard.audit import cli as audit_cli

    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit_cli.os, "fsync", full)
    code, out, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(tmp_path / "erasure.json"))
    monkeypatch.undo()
    assert code == 5 and "No space left on device" in err and "nothing was erased" in err and out == ""
    with AuditLog.open(log_path) as log:
        assert log.get(0).personal is not None and log.count() == 1 and log.is_suppressed(url) is None


def test_one_damaged_record_is_skipped_and_named_not_fatal(log_path, decision, cli, tamper, tmp_path):
    """A damaged record is what verify is for; every other command still answers, and says
    which seq it skipped, so the DPO can answer requests and export the rest."""
    url = "https://example.fr/people/7.jpg"
    with AuditLog.open(log_path) as log:
        for i in range(10):
            log.append(decision(i, action="allow", url=f"https://example.fr/people/{i}.jpg"))
    tamper(log_path).execute("UPDATE chain SET record = '{damaged' WHERE seq = 3")
    out_file = tmp_path / "x.jsonl"
    for argv in (
        ["list"],
        ["stats"],
        ["subject", "--url", url, "--no-record", "--json"],
        ["erase", "--url", url, "--dry-run", "--json"],
        ["export", "-o", str(out_file)],
        ["report", "--html", str(tmp_path / "r.html")],
    ):
        code, out, err = cli(*argv, "--log", str(log_path))
        # the export is written, but leaves the damaged record out: it would not verify as a whole;
        # the report is written, and shows the chain broken, which its exit says as verify's does
        assert code == (1 if argv[0] in ("export", "report") else 0), (argv, err)
        assert ("the export is incomplete" in err) == (argv[0] == "export")
        if argv[0] in ("list", "stats", "export"):
            assert "damaged seq 3 skipped" in err, argv
        if argv[0] == "subject":
            assert json.loads(out)["count"] == 1
    assert sum('"scrapeguard.decision/1"' in line for line in out_file.read_text().splitlines()) == 9
    code, out, err = cli("subject", "--log", str(log_path), "--url", "https://example.fr/people/3.jpg", "--no-record")
    # its sidecar row matched; the record is unreadable: named once, as a match the answer lists under damaged
    assert code == 0 and "seq 3 matched the request, but the record is damaged" in err and err.count("seq 3") == 1
    code, out, _ = cli("verify", "--log", str(log_path))
    assert code == 1 and "seq 3" in out



def test_stats_skips_a_damaged_record_in_every_figure_as_it_says(log_path, decision, cli, tamper, not_utf8):
    """(Audit review) stats said "damaged seq 13, 14 skipped" and counted them all the same in its totals, actions,
    domains, days and policies (read from the index columns), where `list` and `export` left them out."""
    with AuditLog.open(log_path) as log:
        for i in range(10):
            log.append(decision(i, action="block" if i < 4 else "allow", url=f"https://example.fr/people/{i}.jpg"))
    tamper(log_path).execute("UPDATE chain SET record = '{damaged' WHERE seq = 1")
    not_utf8(tamper(log_path), "chain", "record", 2)
    code, out, err = cli("stats", "--log", str(log_path), "--json")
    figures = json.loads(out)
    assert code == 0 and "damaged seq 1, 2 skipped" in err
    assert figures["total"] == 8 and figures["by_action"] == {"allow": 6, "block": 2}
    assert sum(figures["by_domain"].values()) == 8 and sum(p["decisions"] for p in figures["by_policy"]) == 8
    code, out, _ = cli("list", "--log", str(log_path), "--action", "block", "--json")
    assert len([line for line in out.splitlines() if line.strip()]) == figures["by_action"]["block"]


def test_a_record_with_a_byte_that_is_not_utf8_is_skipped_and_named_and_verify_says_where(
        log_path, decision, cli, tamper, tmp_path):
    """One such byte (disk damage, a hex editor) failed every reader with an undocumented exit 3
    ('Could not decode to UTF-8 column'): an access request could not be answered, nor the log
    verified or exported. It is a damaged record like any other: skipped and named by readers,
    tampering at its seq for verify (exit 1)."""
    url = "https://example.fr/people/7.jpg"
    with AuditLog.open(log_path) as log:
        for i in range(10):
            log.append(decision(i, action="allow", url=f"https://example.fr/people/{i}.jpg"))
    conn = tamper(log_path)
    record = conn.execute("SELECT CAST(record AS BLOB) FROM chain WHERE seq = 3").fetchone()[0]
    conn.execute("UPDATE chain SET record = CAST(? AS TEXT) WHERE seq = 3", (record.replace(b'"decision_id"', b'"\xffecision_id"'),))
    out_file = tmp_path / "x.jsonl"
    for argv in (
        ["list"],
        ["subject", "--url", url, "--no-record", "--json"],
        ["subject", "--domain", "example.fr", "--no-record", "--json"],
        ["export", "-o", str(out_file)],
    ):
        code, out, err = cli(*argv, "--log", str(log_path))
        assert code == (1 if argv[0] == "export" else 0) and ("seq 3" in err) == ("--url" not in argv), (argv, err)
        if argv[0] == "subject":
            answer = json.loads(out)
            assert answer["count"] == (1 if "--url" in argv else 9)
            # the domain matched seq 3 too: the answer names it, with its sidecar row
            assert [d["seq"] for d in answer["damaged"]] == ([] if "--url" in argv else [3])
        else:
            assert ("damaged seq 3 skipped" in err), (argv, err)
    assert sum('"scrapeguard.decision/1"' in line for line in out_file.read_text().splitlines()) == 9
    code, out, _ = cli("verify", "--log", str(log_path))
    assert code == 1 and "seq 3" in out and "not UTF-8" in out


def test_show_of_a_damaged_record_says_it_is_damaged_not_missing(log_path, decision, cli, tamper, not_utf8):
    """`show 3` of a record that is there but unreadable said 'no record with seq or id', sending the
    user to look for a typo; it says the record is damaged and to run verify, once."""
    with AuditLog.open(log_path) as log:
        for i in range(5):
            log.append(decision(i, action="allow", url=f"https://example.fr/people/{i}.jpg"))
        ident = log.get(3).record["decision_id"]
    not_utf8(tamper(log_path), "chain", "record", 3)
    for wanted in ("3", ident):
        code, out, err = cli("show", wanted, "--log", str(log_path))
        assert code == 2 and out == "" and "seq 3 is damaged" in err and "audit verify" in err, err
        assert "no record" not in err and err.count("seq 3") == 1, err
    code, _, err = cli("show", "9", "--log", str(log_path))
    assert code == 2 and "no record with seq or id '9'" in err


def test_a_reader_names_a_damaged_record_once_and_as_damaged(log_path, decision, cli, tamper, not_utf8, caplog):
    """Every reader said it twice, as a WARNING from the store and as its own line, and called a
    record that is not UTF-8 'not readable JSON'. The command's line alone says it; a program
    reading the log through the library still gets the WARNING."""
    with AuditLog.open(log_path) as log:
        for i in range(5):
            log.append(decision(i, action="allow", url=f"https://example.fr/people/{i}.jpg"))
    not_utf8(tamper(log_path), "chain", "record", 3)
    with caplog.at_level("WARNING", logger="scrapeguard"):
        code, _, err = cli("list", "--log", str(log_path))
    assert code == 0 and err.count("damaged seq 3 skipped") == 1 and "JSON" not in err, err
    assert not [r for r in caplog.records if "damaged seq" in r.getMessage()]
    with caplog.at_level("WARNING", logger="scrapeguard"), AuditLog.open(log_path, read_only=True) as log:
        assert [e.seq for e in log.iter_entries()] == [0, 1, 2, 4]
    assert [r.getMessage() for r in caplog.records if "damaged seq" in r.getMessage()] == [
        "scrapeguard audit: damaged seq 3 skipped (run `audit verify`)"]


def test_erase_names_the_manifest_an_earlier_run_left_unrenamed(log_path, decision, cli, tmp_path, monkeypatch):
    """A process killed between the erasure's commit and the manifest's rename leaves the only
    list of what it erased as `.NAME.*.part`; a re-run (which finds the fields gone) says where it
    is, and one left by an erasure that never committed is said to have erased nothing."""
    from scrapeguard.audit import cli as audit_cli

    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    manifest = tmp_path / "erasure.json"
    with monkeypatch.context() as patch:
        patch.setattr(audit_cli._ManifestFile, "commit", lambda self: None)  # killed before the rename
        assert cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest),
                   "--request-id", "dsr-eileen")[0] == 0
    [left] = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert not manifest.exists() and json.loads(left.read_text())["items"][0]["url"] == url
    stale = tmp_path / ".erasure.json.never.part"
    stale.write_text(json.dumps({"request_id": "dsr-other", "dsr_seq": 1}))  # its commit never came
    code, _, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))
    assert code == 0 and str(left) in err and "dsr-eileen" in err and "seq 1" in err, err
    assert f"{stale} is left from an erasure that was never recorded" in err, err
    assert left.exists() and stale.exists()  # (told, never deleted)


def test_an_erasure_manifest_is_durable_with_its_name(log_path, decision, cli, tmp_path, monkeypatch):
    """The manifest's bytes were fsynced, but not the folder holding its temporary name (before the
    erasure commits) nor its final one: after a power cut the only list of what the committed
    erasure erased could be gone, or back under a hidden name."""
    import stat

    real_fsync = os.fsync
    synced: list[tuple[str, bool]] = []  # (a folder fsynced, whether the manifest had its name then)
    manifest = tmp_path / "erasure.json"

    def fsync(fd: int) -> None:  # the real fsync, noting the folders it was given
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append((os.readlink(f"/proc/self/fd/{fd}"), manifest.exists()))
        real_fsync(fd)

    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    monkeypatch.setattr(os, "fsync", fsync)
    assert cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))[0] == 0
    assert (str(tmp_path), False) in synced and (str(tmp_path), True) in synced


def test_erase_says_it_erased_a_match_whose_record_is_damaged(log_path, decision, cli, tamper, not_utf8, tmp_path):
    """`erase` said 'damaged seq 22 skipped' and 'erased: 1 record(s)' while the damaged match's
    clear URL stayed on record; it erases that row too and says so, naming the seq once."""
    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/"))
        log.append(decision(1, action="allow", url=url))   # the request
        log.append(decision(2, action="redact", url=url))  # the response
    not_utf8(tamper(log_path), "chain", "record", 1)
    manifest = tmp_path / "erasure.json"
    code, _, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))
    data = json.loads(manifest.read_text())
    assert code == 0 and err.count("seq 1") == 1 and "seq 1 matched the request" in err, err
    assert "1 erased and suppressed all the same" in err and "erased: 1 record(s) and the sidecar row(s) of 1 damaged" in err
    assert [i["seq"] for i in data["items"]] == [2] and data["sidecar_rows_erased"] == 2
    assert [(d["seq"], d["url"], d["erase"]) for d in data["damaged"]] == [(1, url, True)]
    code, out, err = cli("subject", "--log", str(log_path), "--url", url, "--no-record", "--json")
    assert code == 0 and json.loads(out)["count"] == 0 and json.loads(out)["damaged"] == [] and err == ""


def test_an_access_request_answers_when_the_byte_is_inside_a_value_it_reads_in_sql(log_path, decision, cli, tamper):
    """The erasure and access matcher reads keys out of records in SQL (url_ref, sha256_ref,
    images): a byte that is not UTF-8 there failed `subject --url` and `erase --dry-run` with exit 3."""
    with AuditLog.open(log_path) as log:
        for i in range(5):
            log.append(decision(i, action="allow", url=f"https://example.fr/people/{i}.jpg"))
    conn = tamper(log_path)
    record = conn.execute("SELECT CAST(record AS BLOB) FROM chain WHERE seq = 3").fetchone()[0]
    assert b'"url_ref":"' in record
    damaged = record.replace(b'"url_ref":"', b'"url_ref":"\xff', 1)
    conn.execute("UPDATE chain SET record = CAST(? AS TEXT) WHERE seq = 3", (damaged,))
    for argv in (["subject", "--url", "https://example.fr/people/1.jpg", "--no-record", "--json"],
                 ["erase", "--url", "https://example.fr/people/1.jpg", "--dry-run"]):
        code, out, err = cli(*argv, "--log", str(log_path))
        assert code == 0 and "Traceback" not in err, (argv, err)

@pytest.mark.parametrize(
    "argv, message",
    [
        (["list", "--since", "0001-01-01T00:00:00+01:00"], "0001-01-01"),
        (["list", "--until", "9999-12-31"], "out of range"),
        (["list", "--limit", "99999999999999999999"], "--limit"),
        (["list", "--offset", "99999999999999999999"], "--offset"),
        (["show", "99999999999999999999"], "no record"),
        (["subject", "--url", "https://example.fr/", "--received", "9999-12-31"], "--received"),
        (["subject", "--url", "https://example.fr/", "--received", "2999-01-01"], "future"),
        (["erase", "--url", "https://example.fr/", "--received", "9999-12-31", "--dry-run"], "--received"),
        (["subject", "--url", "https://example.fr/", "--received", "0001-01-01T00:00+01:00"], "--received"),
        (["subject", "--url", "https://example.fr/", "--received", "2026-03-01T00:30+05:30:15"], "to the second"),
        (["prune", "--as-of", "0001-01-01T00:00:00+01:00"], "--as-of"),
    ],
)
def test_out_of_range_input_is_a_one_line_error(filled, cli, argv, message):
    code, _, err = cli(*argv, "--log", str(filled))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\x01", b'{"tree_size": 5, "head_hash": null}\n', b'{"tree_size": -5, "head_hash": "a"}\n',
     b'{"tree_size": 1e30, "head_hash": "a"}\n', b'{"tree_size": 99999999999999999999, "head_hash": "a"}\n'],
)
def test_a_bad_checkpoint_file_is_bad_input_not_tampering(filled, cli, tmp_path, content):
    """Exit 1 means the log was tampered with: a file the operator gave us that is not a
    checkpoint list is exit 2."""
    bad = tmp_path / "cp.jsonl"
    bad.write_bytes(content)
    code, out, err = cli("verify", "--log", str(filled), "--checkpoint", str(bad))
    assert code == 2 and "not a checkpoint" in err and "TAMPERED" not in out


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("form", ["log", "jsonl"])
def test_a_checkpoint_file_that_holds_no_checkpoint_is_bad_input_not_an_independent_check(
    filled, cli, tmp_path, content, form
):
    """`verify --checkpoint FILE` is the check a rewrite by the log's own writer cannot pass. A FILE
    left empty (the job that keeps it failed, a cut-off copy) held it to nothing, and verify said
    "OK: 5 checkpoints matched (with those in FILE)", exit 0, as if it had."""
    kept = tmp_path / "cp.jsonl"
    kept.write_bytes(content)
    target = ["--log", str(filled)]
    if form == "jsonl":
        assert cli("export", "--log", str(filled), "-o", str(tmp_path / "x.jsonl"))[0] == 0
        target = ["--jsonl", str(tmp_path / "x.jsonl")]
    code, out, err = cli("verify", *target, "--checkpoint", str(kept))
    assert code == 2 and "holds no checkpoint" in err and "OK" not in out


def test_every_read_of_personal_fields_is_logged_and_still_verifies(log_path, decision, cli, tmp_path):
    """legal-policy-model §5.3: every read of the sidecar is itself logged, before the output."""
    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        log.append(decision(1, action="block", url="https://example.fr/people/blocked.jpg"))  # keyed hash only
    reads = [
        ("show", ["show", "0"], [0]),
        ("list --show-urls", ["list", "--show-urls", "--json"], [0, 1]),
        ("export --personal", ["export", "--personal", "-o", str(tmp_path / "x.jsonl")], [0, 1]),
        ("subject --no-record", ["subject", "--url", url, "--no-record"], [0]),
        ("erase --dry-run", ["erase", "--url", url, "--dry-run"], [0]),
    ]
    for command, argv, seqs in reads:
        code, out, err = cli(*argv, "--log", str(log_path))
        assert code == 0, err
        assert url in (out + (tmp_path / "x.jsonl").read_text() if "export" in command else out)
        code, out, _ = cli("list", "--kind", "read", "--json", "--log", str(log_path))
        last = _lines(out)[-1]
        assert last["command"] == command and last["seqs"][:1] == seqs[:1] and last["operator"], command
    code, out, _ = cli("list", "--log", str(log_path), "--json")  # no personal fields: no read logged
    assert code == 0 and cli("verify", "--log", str(log_path))[0] == 0
    with AuditLog.open(log_path) as log:
        records = [e.record for e in log.iter_entries()]
    assert [r["schema"] for r in records].count("scrapeguard.read/1") == 5
    assert url not in str(records)  # the chain records that a read happened, not what was read


def test_the_reviewing_commands_work_on_a_log_they_cannot_write(filled, cli, tmp_path, monkeypatch):
    """A log handed over on read-only media: verify, list, stats, export and ropa read it
    without writing (no journal-mode switch, no schema change, no checkpoint)."""
    import hashlib
    import os

    import scrapeguard.audit.store as store

    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    monkeypatch.setattr(store.os, "access", lambda path, mode: mode != os.W_OK and os.path.exists(path))
    filled.chmod(0o444)
    try:
        assert cli("verify", "--log", str(filled))[0] == 0
        assert cli("list", "--log", str(filled), "--limit", "3")[0] == 0
        assert cli("stats", "--log", str(filled))[0] == 0
        assert cli("ropa", "--log", str(filled))[0] == 0
        assert cli("checkpoint", "--log", str(filled), "--no-write")[0] == 0
        code, _, _ = cli("export", "--log", str(filled), "-o", str(tmp_path / "out.jsonl"))
    finally:
        filled.chmod(0o644)
    assert code == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 40
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before
    with AuditLog.open(filled, read_only=True) as log, pytest.raises(sqlite3.OperationalError, match="readonly"):
        log.conn.execute("INSERT INTO checkpoints VALUES (99, 'x', 'x', '{}', 'x')")  # whatever opened it


def test_a_command_that_records_the_read_says_it_needs_write_access(filled, cli, monkeypatch):
    """On read-only media the commands that record a read of personal fields before showing it
    cannot run: they say why and what reads the log where it is, not only SQLite's "unable to
    open database file". Exit 3, as `audit --help` says of a write the log could not take
    (read-only): they gave 2 (bad input), and 3 only when the log turned read-only after it was
    opened, so a script told the same read-only log two ways."""
    import os

    import scrapeguard.audit.store as store

    real_connect = sqlite3.connect

    def connect(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if not str(name).startswith("file:"):  # the writable open, as on a read-only mount
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(name, *args, **kwargs)

    monkeypatch.setattr(store.os, "access", lambda path, mode: mode != os.W_OK and os.path.exists(path))
    monkeypatch.setattr(store.sqlite3, "connect", connect)
    for argv, why in ((["show", "3"], "`audit show` records each read of personal fields in the log"),
                      (["list", "--show-urls"], "`audit list` records each read of personal fields in the log "
                                                "before --show-urls shows them"),
                      (["export", "--personal"], "`audit export` records each read of personal fields"),
                      (["subject", "--no-record", "--domain", "example.fr"], "`audit subject` records the request "
                                                                              "(with --no-record still the read")):
        code, out, err = cli(*argv, "--log", str(filled))
        assert (code, out) == (3, ""), argv
        assert f"cannot open audit log {filled}: unable to open database file: {why}" in err
        assert "so it needs write access to the log and its folder; copy the log to writable storage" in err
    assert cli("list", "--log", str(filled), "--limit", "1")[0] == 0  # what only reads still works there


def test_a_missing_default_log_is_told_to_pass_log(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("list")
    assert code == 2 and err.strip() == (
        "scrapeguard audit: no audit log at scrapeguard-audit.sqlite (the default --log): pass --log FILE, "
        "the log your crawler writes (the demo writes scrapeguard-demo.sqlite)")
    code, _, err = cli("list", "--log", "mine.sqlite")
    assert code == 2 and err.strip() == "scrapeguard audit: no audit log at mine.sqlite"


def test_a_json_lines_export_given_as_the_log_points_to_verify_jsonl(filled, cli, tmp_path):
    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    code, _, err = cli("verify", "--log", str(export))
    assert code == 2 and err.strip() == (
        f"scrapeguard audit: {export} is not a scrapeguard audit log (not an SQLite file); it looks like a JSON "
        f"Lines export, which `scrapeguard audit verify --jsonl {export}` checks")
    assert cli("verify", "--jsonl", str(export))[0] == 0


def test_a_read_only_open_falls_back_to_reading_the_file_as_it_is(filled, monkeypatch):
    """Where SQLite cannot use the WAL's shared-memory file (read-only media), `immutable=1`."""
    import os

    import scrapeguard.audit.store as store

    real_connect = sqlite3.connect
    tried: list[str] = []

    def connect(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        tried.append(str(name))
        if str(name).endswith("mode=ro"):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(name, *args, **kwargs)

    monkeypatch.setattr(store.os, "access", lambda path, mode: mode != os.W_OK)
    monkeypatch.setattr(store.sqlite3, "connect", connect)
    with AuditLog.open(filled, read_only=True) as log:
        assert log.verify().ok
    assert tried[-1].endswith("mode=ro&immutable=1")


def test_an_erasure_never_replaces_an_earlier_manifest_unless_forced(log_path, decision, cli, tmp_path):
    """The manifest is the only list of stored objects to delete once the sidecar is erased."""
    first_url, second_url = "https://example.fr/people/ana.jpg", "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=first_url))
        log.append(decision(1, action="allow", url=second_url))
    manifest = tmp_path / "erasure.json"
    assert cli("erase", "--log", str(log_path), "--url", first_url, "--manifest", str(manifest))[0] == 0
    kept = manifest.read_text()
    for extra in ([], ["--dry-run"]):
        code, _, err = cli("erase", "--log", str(log_path), "--url", second_url, "--manifest", str(manifest), *extra)
        assert code == 2 and "exists" in err and "--force" in err
        assert manifest.read_text() == kept
    with AuditLog.open(log_path) as log:
        assert log.get(1).personal is not None  # refused before anything was erased
    assert not list(tmp_path.glob(".erasure.json.*"))  # no half-written file left behind
    code, _, _ = cli("erase", "--log", str(log_path), "--url", second_url, "--manifest", str(manifest), "--force")
    assert code == 0 and json.loads(manifest.read_text())["items"][0]["url"] == second_url


def test_a_log_whose_id_was_changed_is_tampered_when_its_kept_checkpoints_still_match(filled, cli, tamper, tmp_path):
    """The log's id (meta) is covered by no hash: a tamperer who cut the tail off and changed the id
    made the officer's kept checkpoints read as another log's (exit 2, 'nothing was verified': the
    wrong file given?) instead of the tampering they show. Checkpoints that match this log's own
    records are its own: the changed id is a problem, and the cut tail is found."""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    conn = tamper(filled)
    conn.execute("DELETE FROM chain WHERE seq >= 35")
    conn.execute("DELETE FROM sidecar WHERE seq >= 35")
    conn.execute("DELETE FROM checkpoints WHERE tree_size > 35")
    conn.execute("UPDATE meta SET value = 'f0f0f0f0-0000-4000-8000-000000000000' WHERE key = 'log_id'")
    conn.close()
    code, out, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 1 and "TAMPERED" in out and "log truncated" in out
    assert "id was changed" in out
    before = kept.read_text()
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))  # the routine after a crawl
    assert code == 1 and "id was changed" in err and kept.read_text() == before


def test_a_log_emptied_and_given_a_new_id_is_tampered_under_its_kept_checkpoints(filled, cli, tamper, tmp_path):
    """Emptied of every record (and checkpoint) and given a new id, the log has nothing left to match
    the officer's kept checkpoints against: they were read as another log's (exit 2, 'nothing was
    verified') instead of the deletion they show. A log that holds nothing cannot show them to be
    another's: the records they count are missing (exit 1), the id named as not theirs."""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    conn = tamper(filled)
    for table in ("chain", "sidecar", "checkpoints"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE meta SET value = 'f0f0f0f0-0000-4000-8000-000000000000' WHERE key = 'log_id'")
    conn.close()
    code, out, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 1 and "TAMPERED" in out and "log truncated" in out, (out, err)
    assert "holds no records" in out and "f0f0f0f0" in out
    before = kept.read_text()
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))  # the routine after a crawl
    assert code == 1 and "holds no records" in err and kept.read_text() == before


def test_a_log_emptied_given_a_new_id_and_written_again_is_said_to_be_perhaps_emptied(
    filled, cli, tamper, tmp_path, decision
):
    """Emptied, given a new id and written again by a crawl, the log's records (from seq 0) match
    none of the officer's kept checkpoints: read as another log's, as they must be for an honest log
    opened before another log's checkpoint and first written after it (the time alone cannot tell the
    two apart). Exit 1, the log replaced or another log's checkpoints given (review: exit 2 read as a
    mistyped option), and it says more: created before them, no record written by then, perhaps
    emptied since."""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    conn = tamper(filled)
    for table in ("chain", "sidecar", "checkpoints"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE meta SET value = 'f0f0f0f0-0000-4000-8000-000000000000' WHERE key = 'log_id'")
    conn.close()
    with AuditLog.open(filled) as crawler:  # the next crawl
        for i in range(3):
            crawler.append(decision(i))
    code, out, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 1 and "nothing was verified" in err and "emptied and written again" in err, (out, err)
    before = kept.read_text()
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))  # the routine after a crawl
    assert code == 1 and "emptied and written again" in err and kept.read_text() == before


def test_an_idle_log_opened_before_another_logs_checkpoint_is_not_called_tampered(cli, tmp_path, decision):
    """A crawler's log opened, then idle while another log's checkpoint was kept, then written: its
    own chain is intact and not called tampered; the checkpoints name another log (exit 1: the log
    replaced, or another log's checkpoints given), and nothing was verified."""
    idle = tmp_path / "b.sqlite"
    with AuditLog.open(idle):
        pass
    other = tmp_path / "a.sqlite"
    with AuditLog.open(other) as log:
        log.append(decision(0))
    kept = tmp_path / "a.jsonl"
    assert cli("checkpoint", "--log", str(other), "-o", str(kept))[0] == 0
    with AuditLog.open(idle) as log:
        log.append(decision(1))
    code, out, err = cli("verify", "--log", str(idle), "--checkpoint", str(kept))
    assert code == 1 and "TAMPERED" not in out + err and "another log's checkpoints" in err, (out, err)


def test_a_log_replaced_by_another_exits_1_under_its_kept_checkpoints(cli, tmp_path, decision):
    """(Review) `cp B.sqlite A.sqlite` over the log whose checkpoints were kept: verify said the checkpoints
    belong to another log, "nothing was verified", exit 2, which a monitor alerting on exit 1 (tampered) took
    for an input error. Exit 1, saying the log was replaced or the checkpoints are another log's; the kept
    file is left as it was by the routine `checkpoint -o`."""
    import shutil

    logs = {name: tmp_path / f"{name}.sqlite" for name in ("a", "b")}
    for i, path in enumerate(logs.values()):
        with AuditLog.open(path) as log:
            log.append(decision(i))
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(logs["a"]), "-o", str(kept))[0] == 0
    shutil.copyfile(logs["b"], logs["a"])
    code, out, err = cli("verify", "--log", str(logs["a"]), "--checkpoint", str(kept))
    assert code == 1 and "the log was replaced, or these are another log's checkpoints" in err, (out, err)
    before = kept.read_text()
    assert cli("checkpoint", "--log", str(logs["a"]), "-o", str(kept))[0] == 1 and kept.read_text() == before


def test_checkpoints_of_another_log_exit_1_naming_that_log_and_never_say_tampered(filled, cli, tmp_path, decision):
    other_path = tmp_path / "other.sqlite"
    with AuditLog.open(other_path) as other:
        other.append(decision(0))
        other_id = other.log_id
    kept = tmp_path / "other.jsonl"
    assert cli("checkpoint", "--log", str(other_path), "-o", str(kept))[0] == 0
    code, out, err = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 1 and f"belong to log '{other_id}'" in err and "TAMPERED" not in out + err
    own = tmp_path / "own.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(own), "--no-write")[0] == 0
    assert cli("verify", "--log", str(filled), "--checkpoint", str(own))[0] == 0


def test_verify_on_a_latin_1_terminal_says_ok_not_tampered(filled):
    """`…` cannot be written in latin-1: an output problem must never look like exit 1 (tampered)."""
    import os

    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "SCRAPEGUARD_PURE_PYTHON": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapeguard", "audit", "verify", "--log", str(filled)],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("latin-1")
    assert proc.stdout.startswith(b"OK: 40 records verified (seq 0\\u202639)")


def test_control_characters_from_crawled_content_never_reach_the_terminal(log_path, decision, cli):
    """A page can put ESC sequences (cursor up, erase line, colour, OSC title) and C1 controls in
    what the guard records; every audit command shows them escaped."""
    evil = "noai \x1b[1A\x1b[2K\x1b[32mOK\x1b]0;PWNED\x07 \x9b2K\x85end"
    d = decision(0, action="allow", url="https://example.fr/people/\x1b[31mred.jpg").to_dict()
    d["explanation"] = evil
    d["purpose"] = "p\x1b[5m"
    with AuditLog.open(log_path) as log:
        log.append(d)
    outputs = [
        cli("list", "--log", str(log_path), "--show-urls"),
        cli("list", "--log", str(log_path), "--show-urls", "--json"),
        cli("show", "--log", str(log_path), "0"),
        cli("show", "--log", str(log_path), "0", "--json"),
        cli("stats", "--log", str(log_path)),
        cli("subject", "--log", str(log_path), "--domain", "example.fr"),
        cli("subject", "--log", str(log_path), "--domain", "example.fr", "--json"),
        cli("erase", "--log", str(log_path), "--domain", "example.fr", "--dry-run"),
    ]
    for code, out, err in outputs:
        assert code == 0, err
        text = out + err
        assert not any(ord(c) < 0x20 and c not in "\n" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text[:400])
    assert "\\x1b[2K" in outputs[0][1] or "\\x1b" in outputs[0][1]


def test_events_read_as_lines_in_list_csv_stats_and_ropa(log_path, decision, cli, tmp_path):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
        log.append(decision(1, action="block"))
    assert cli("show", "--log", str(log_path), "0")[0] == 0  # a read of personal fields: an event
    assert cli("subject", "--log", str(log_path), "--url", "https://example.fr/x.jpg", "--request-id", "req-9")[0] == 0
    code, out, _ = cli("list", "--log", str(log_path))
    assert code == 0 and "read the personal fields of 1 record(s) (show)" in out
    assert "access request req-9: 0 record(s) found" in out
    code, out, _ = cli("export", "--log", str(log_path), "--format", "csv")
    rows = {r["seq"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["2"]["action"] == "read" and "(show)" in rows["2"]["explanation"]
    assert rows["3"]["action"] == "access" and "req-9" in rows["3"]["explanation"]
    code, out, _ = cli("stats", "--log", str(log_path))
    assert "events: 1 dsr, 1 read" in out and "{" not in out.splitlines()[0]
    code, out, _ = cli("ropa", "--log", str(log_path))
    assert "1 allow, 1 block" in out and "requests handled: 1 access" in out and "{'" not in out


def test_list_filters_events_by_the_action_it_shows_for_them(log_path, decision, cli):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
        log.append(decision(1, action="block"))
    assert cli("erase", "--log", str(log_path), "--url", decision(1).url, "--request-id", "req-e")[0] == 0
    assert cli("subject", "--log", str(log_path), "--url", "https://example.fr/x.jpg", "--request-id", "req-a")[0] == 0

    def shown(action: str) -> list[str]:
        code, out, _ = cli("list", "--log", str(log_path), "--action", action, "--json")
        assert code == 0
        return [r["outcome"]["action"] if "outcome" in r else r["kind"] for r in _lines(out)]

    assert shown("erasure") == ["erasure"] and shown("access") == ["access"] and shown("block") == ["block"]
    code, _, err = cli("list", "--log", str(log_path), "--action", "erased")
    assert code == 2 and "erasure" in err


def test_ropa_observes_only_its_own_policys_decisions_in_a_log_every_crawler_shares(log_path, cli, tmp_path):
    """One log for every crawl (README): a second crawler's policy with the same purpose id is
    named as a mismatch, and its decisions are not this policy's processing to report."""
    from scrapeguard import Guard

    shipped = (Path(__file__).parents[2] / "policies" / "gdpr-strict.toml").read_text(encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(shipped.replace('id = "gdpr-strict"', 'id = "other-crawler"', 1), encoding="utf-8")
    for policy, pages in (("gdpr-strict", 2), (str(other), 5)):
        with Guard(policy, user_agent="X/1", audit=str(log_path)) as guard:
            for i in range(pages):
                guard.check_response(f"http://example.com/{i}.html", status=200,
                                     headers={"content-type": "text/html"}, body=b"<p>prices</p>")
    code, out, err = cli("ropa", "--log", str(log_path), "--json")
    record = json.loads(out)
    observed = next(a for a in record["activities"] if a["id"] == "web-text-corpus")["observed"]
    assert code == 0 and observed["decisions"] == 2 and observed["by_action"] == {"allow": 2}
    assert [(m["id"], m["decisions"]) for m in record["policy_mismatch"]] == [("other-crawler", 5)]
    assert "5 logged decision(s) were made under policy other-crawler" in err


def test_ropa_names_another_policy_in_plain_text_and_says_when_it_has_no_fingerprint(log_path, cli):
    with AuditLog.open(log_path) as log:
        log.append({"decision_id": "d0", "url": "https://example.fr/a.jpg", "action": "allow",
                    "policy": {"id": "acme[bold]", "version": "", "sha256": ""}})
    code, _, err = cli("ropa", "--log", str(log_path))
    assert code == 0 and "policy acme[bold] (no fingerprint), not gdpr-strict" in err and "\\[" not in err


class _GoneReader(io.TextIOBase):
    """stdout whose reader closed the pipe (`| head -1`, `| true`): every write fails."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_never_turns_a_tampered_verify_into_exit_0(filled, tamper, monkeypatch):
    from scrapeguard.cli import main

    tamper(filled).execute("UPDATE chain SET domain = 'x.example' WHERE seq = 12")
    monkeypatch.setattr(sys, "stdout", _GoneReader())
    assert main(["audit", "verify", "--log", str(filled)]) == 1  # the status verify had computed
    assert main(["audit", "verify", "--log", str(filled), "--json"]) == 1
    # output cut short before any status was known: 128 + SIGPIPE, as a Unix tool ends
    assert main(["audit", "list", "--log", str(filled)]) == 141
    assert main(["audit", "stats", "--log", str(filled)]) == 141


def test_verify_piped_into_a_reader_that_quits_keeps_its_exit_status(filled, tamper):
    tamper(filled).execute("UPDATE chain SET domain = 'x.example' WHERE seq = 12")
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapeguard", "audit", "verify", "--log", str(filled)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # `| true`: the reader is gone before verify writes
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and b"Traceback" not in err and b"Exception ignored" not in err


def _two_policies(path: Path, make_decision) -> None:  # noqa: ANN001
    """Three decisions under gdpr-strict 1.0.0, two under a fail-open copy (gdpr-open 2.0.0)."""
    with AuditLog.open(path) as log:
        for i in range(5):
            d = make_decision(i, action="allow" if i >= 3 else "block")
            if i >= 3:
                d.policy_id, d.policy_version, d.on_error = "gdpr-open", "2.0.0", "fail-open"
            else:
                d.policy_version = "1.0.0"
            log.append(d)


def test_list_and_stats_filter_and_show_by_policy(log_path, decision, cli):
    _two_policies(log_path, decision)
    code, out, _ = cli("list", "--log", str(log_path), "--json", "--policy", "gdpr-open")
    assert code == 0 and [r["seq"] for r in _lines(out)] == [3, 4]
    _, out, _ = cli("list", "--log", str(log_path), "--json", "--policy", "gdpr-open@2.0.0")
    assert [r["seq"] for r in _lines(out)] == [3, 4]
    _, out, _ = cli("list", "--log", str(log_path), "--json", "--policy", "gdpr-open@1.0.0")
    assert out == ""
    code, _, err = cli("list", "--log", str(log_path), "--policy", "gdpr-open@")
    assert code == 2 and "not a policy" in err
    _, out, _ = cli("list", "--log", str(log_path))
    assert "gdpr-strict@1.0.0" in out and "gdpr-open@2.0.0" in out  # the policy column
    code, out, _ = cli("stats", "--log", str(log_path), "--json")
    by_policy = {(p["policy"], p["version"], p["on_error"]): p["decisions"] for p in json.loads(out)["by_policy"]}
    assert code == 0 and by_policy == {("gdpr-strict", "1.0.0", "fail-closed"): 3, ("gdpr-open", "2.0.0", "fail-open"): 2}
    _, out, _ = cli("stats", "--log", str(log_path), "--json", "--policy", "gdpr-strict")
    assert json.loads(out)["total"] == 3
    _, out, _ = cli("stats", "--log", str(log_path))
    assert "by policy" in out
    assert any("gdpr-open" in line and "fail-open" in line.split("gdpr-open", 1)[1] for line in out.splitlines())


def test_until_takes_in_the_whole_day_minute_or_second_given(log_path, decision, cli):
    """A record `list` shows at 10:27:11 is inside `--until …T10:27:11Z` (inclusive), as it is
    inside `--until …T10:27Z` and `--until 2026-12-01`, however the date is written."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, ts="2026-12-01T10:27:11.852Z"))
        log.append(decision(1, ts="2026-12-01T10:27:12.000Z"))
        log.append(decision(2, ts="2026-12-02T00:00:00.000Z"))

    def seqs(*filters: str) -> list[int]:
        code, out, err = cli("list", "--log", str(log_path), "--json", *filters)
        assert code == 0, err
        return [r["seq"] for r in _lines(out)]

    assert seqs("--until", "2026-12-01T10:27:11Z") == [0]
    assert seqs("--until", "2026-12-01T10:27:11.852Z") == [0]
    assert seqs("--until", "2026-12-01T10:27Z") == [0, 1]
    assert seqs("--until", "2026-12-01") == seqs("--until", "20261201") == [0, 1]
    assert seqs("--since", "2026-12-01T10:27:11Z", "--until", "2026-12-01T10:27:11Z") == [0]
    assert seqs("--since", "2026-12-02", "--until", "2026-12-02") == [2]
    code, _, err = cli("list", "--log", str(log_path), "--since", "2026-12-02", "--until", "2026-12-01T23:59Z")
    assert code == 2 and "--since" in err


def test_until_an_iso_week_takes_in_the_whole_week(log_path, decision, cli):
    """`--until 2026-W49` (an ISO 8601 week, which the filters accept) named its Monday only: the
    records of Tuesday to Sunday were left out of list, stats, export and report without a word."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, ts="2026-11-30T08:00:00.000Z"))  # Monday of week 49
        log.append(decision(1, ts="2026-12-06T23:59:59.999Z"))  # its Sunday
        log.append(decision(2, ts="2026-12-07T00:00:00.000Z"))  # Monday of week 50
    for week in ("2026-W49", "2026W49"):
        code, out, err = cli("list", "--log", str(log_path), "--json", "--since", week, "--until", week)
        assert code == 0 and [r["seq"] for r in _lines(out)] == [0, 1], (week, err)
    code, out, _ = cli("list", "--log", str(log_path), "--json", "--until", "2026-W49-1")  # a week's day is a day
    assert code == 0 and [r["seq"] for r in _lines(out)] == [0]


@pytest.mark.parametrize("option", ["--since", "--until", "--purpose"])
def test_an_empty_filter_is_refused_not_dropped(filled, cli, option):
    """`export --since "$START"` with START unset gave the whole log (`--personal`: everyone's URLs)
    as if no filter had been asked for; an empty --action, --kind or --code was refused already."""
    for command in ("list", "export", "stats"):
        code, out, err = cli(command, "--log", str(filled), option, "")
        assert code == 2 and option.lstrip("-") in err and out == "", (command, err)


def test_an_empty_image_option_is_refused_not_dropped(log_path, decision, cli):
    """`erase --url X --image "$PHOTO"` with PHOTO unset erased by the URL alone, without a word: the
    person's picture was neither searched for nor suppressed."""
    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
    for command in (["erase", "--dry-run"], ["erase"], ["subject", "--no-record"]):
        err = io.StringIO()
        with pytest.raises(SystemExit) as refused, redirect_stderr(err):  # (argparse's usage error, as every option's)
            cli(*command, "--log", str(log_path), "--url", url, "--image", "")
        assert refused.value.code == 2 and "--image" in err.getvalue() and "empty" in err.getvalue(), command
    with AuditLog.open(log_path) as log:
        assert log.count() == 1 and not log.suppression_list()


@pytest.mark.parametrize("argv", [
    ["verify", "--checkpoint", ""],  # verified OK without the kept checkpoints: a cut-off log passed
    ["verify", "--jsonl", ""],  # verified the log instead of the export
    ["checkpoint", "-o", ""],  # printed the checkpoints instead of keeping them
    ["export", "-o", ""],
    ["report", "--html", ""],
    ["erase", "--url", "https://example.fr/people/0.jpg", "--manifest", ""],  # the only list, to stdout
])
def test_an_empty_file_option_is_refused_not_taken_for_one_left_out(filled, cli, argv):
    """A script's unset variable (`verify --checkpoint "$KEPT"`) gave an option an empty value, which
    was taken as the option left out: verify said OK without the checkpoints kept elsewhere."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(err):  # (argparse's usage error)
        cli(*argv[:1], "--log", str(filled), *argv[1:])
    assert refused.value.code == 2 and "empty" in err.getvalue(), (argv, err.getvalue())
    with AuditLog.open(filled, read_only=True) as log:
        assert not log.suppression_list() and log.count() == 40


@pytest.mark.parametrize("value", ["", " "])
@pytest.mark.parametrize("argv", [
    ["list"], ["stats"], ["verify"], ["export"], ["checkpoint"],
    ["erase", "--url", "https://example.fr/people/0.jpg", "--dry-run"],
    ["subject", "--url", "https://example.fr/people/0.jpg", "--no-record"],
])
def test_an_empty_log_option_is_refused_as_every_empty_option_is(argv, value, cli, tmp_path, monkeypatch):
    """`audit list --log "$LOG"` with LOG unset said " is a directory, not an audit log" (the working
    directory: the empty path) and `--log " "` "no audit log at  ": an option that says nothing is refused
    by argparse, naming it, as check's --audit and the FILE options are."""
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(err):
        cli(*argv[:1], "--log", value, *argv[1:])
    assert refused.value.code == 2
    assert "argument --log: is empty: give a value, or leave the option out" in err.getvalue(), err.getvalue()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["--as-of", ""], ["--as-of", "2025-01-01", "--policy", ""]])
def test_an_empty_prune_option_is_refused_not_read_as_left_out(argv, log_path, decision, cli):
    """`prune --as-of "$RUN_DATE"` with RUN_DATE unset pruned as of now (a later time than meant, so more
    records removed, for good), and `--policy ""` said '.: is a directory'; they are refused as every empty
    option is, and the log keeps its records."""
    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, action="block", days_ago=400))
        log.append(decision(4, action="allow"))
    err = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(err):
        cli("prune", "--log", str(log_path), *argv)
    assert refused.value.code == 2
    assert f"argument {argv[-2]}: is empty: give a value" in err.getvalue(), err.getvalue()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.count() == 5


@pytest.mark.parametrize("command", [["subject"], ["erase", "--dry-run"]])
def test_an_empty_verification_is_refused_not_recorded_as_saying_nothing(command, filled, cli):
    """`subject --verification "$HOW"` with HOW unset wrote a request record whose identity check said
    nothing ('' where a left-out option records 'not recorded'): refused as every empty option is."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(err):
        cli(*command[:1], "--log", str(filled), "--url", "https://example.fr/people/0.jpg", "--verification", "",
            *command[1:])
    assert refused.value.code == 2 and "argument --verification: is empty" in err.getvalue(), err.getvalue()
    with AuditLog.open(filled, read_only=True) as log:
        assert log.count() == 40


@pytest.mark.parametrize("argv", [["verify", "--checkpoint", " "], ["export", "-o", "\t"],
                                  ["report", "--html", " "], ["ropa", "--policy", " "]])
def test_a_file_option_given_white_space_alone_is_refused_by_the_same_rule(filled, cli, argv):
    """Two helpers refused empty options by different rules (one stripped the value, one did not): one does
    it for every command now, so a blank value is refused the same way everywhere."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(err):
        cli(*argv[:1], "--log", str(filled), *argv[1:])
    assert refused.value.code == 2
    assert argv[1].lstrip("-") in err.getvalue() and "is empty: give a value" in err.getvalue(), err.getvalue()


def test_subject_finds_a_url_under_an_equivalent_escape_spelling(log_path, decision, cli):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://uni.example.edu/~jdoe/index.html"))
    for url in ("https://uni.example.edu/~jdoe/index.html", "https://uni.example.edu/%7Ejdoe/index.html"):
        code, out, _ = cli("subject", "--log", str(log_path), "--url", url, "--no-record", "--json")
        assert code == 0 and json.loads(out)["count"] == 1, url


def test_domain_filter_takes_a_host_with_its_port(log_path, decision, cli):
    """The domain column holds no port; an IP literal with one names the same host."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, url="http://127.0.0.1:43231/people/eileen.html"))
        log.append(decision(1, url="http://[::1]:8080/people/eileen.html"))
        log.append(decision(2, url="https://example.org:8443/x.jpg"))
    for domain, seq in (("127.0.0.1:43231", 0), ("127.0.0.1", 0), ("example.org:8080", 2)):
        code, out, err = cli("list", "--log", str(log_path), "--json", "--domain", domain)
        assert code == 0 and [r["seq"] for r in _lines(out)] == [seq], (domain, err)
    for domain in ("[::1]:8080", "::1"):
        code, out, _ = cli("list", "--log", str(log_path), "--json", "--domain", domain)
        assert code == 0 and [r["seq"] for r in _lines(out)] == [1], domain


def _stored_copies(log_path: Path, decision) -> tuple[str, list[int]]:  # noqa: ANN001
    """One kept decision (seq 0) with two stored copies attached; its URL and the copies' seqs."""
    from scrapeguard.audit.storage import StorageRef, attach_storage

    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        d = decision(0, action="allow", url=url)
        log.append(d)
        seqs = attach_storage(log, d.decision_id, [StorageRef("s3://bucket/full/ab12.jpg", "ab" * 32, "full"),
                                                   StorageRef("s3://bucket/thumbs/ab12.jpg", "cd" * 32, "thumbs")])
    return url, seqs


def test_list_filters_storage_events_by_their_kind(log_path, decision, cli):
    _, copies = _stored_copies(log_path, decision)
    code, out, err = cli("list", "--log", str(log_path), "--kind", "storage", "--json")
    assert code == 0, err
    assert [r["seq"] for r in _lines(out)] == copies and {r["schema"] for r in _lines(out)} == {"scrapeguard.storage/1"}


def test_subject_table_shows_the_stored_copies(log_path, decision, cli):
    url, copies = _stored_copies(log_path, decision)
    code, out, _ = cli("subject", "--log", str(log_path), "--url", url)
    assert code == 0
    for seq, location, digest in zip(copies, ("s3://bucket/full/ab12.jpg", "s3://bucket/thumbs/ab12.jpg"),
                                     ("ab" * 32, "cd" * 32), strict=True):
        row = next(line for line in out.splitlines() if f"└ {seq}" in line)
        assert "stored copy of 0" in row and location in row and f"sha256 {digest[:16]}…" in row


@pytest.mark.parametrize("argv, command", [(["subject", "--no-record"], "subject --no-record"),
                                           (["erase", "--dry-run"], "erase --dry-run")])
def test_a_read_that_shows_stored_copies_logs_their_seqs(log_path, decision, cli, argv, command):
    """A stored copy's location and hash are its storage event's sidecar fields: showing them
    is a read of that event, logged with the decision's seq."""
    url, copies = _stored_copies(log_path, decision)
    code, out, err = cli(argv[0], "--url", url, *argv[1:], "--json", "--log", str(log_path))
    assert code == 0 and "s3://bucket/full/ab12.jpg" in out, err
    _, out, _ = cli("list", "--kind", "read", "--json", "--log", str(log_path))
    last = _lines(out)[-1]
    assert last["command"] == command and last["seqs"] == [0, *copies] and last["count"] == 3
    assert cli("verify", "--log", str(log_path))[0] == 0


def test_checkpoint_into_the_kept_file_adds_to_it_and_never_drops_one(filled, cli, tamper, decision, tmp_path):
    """The README's routine runs `checkpoint -o FILE` after each crawl into the same kept file.
    It adds the new checkpoints to those kept there; once the log was cut off (its checkpoints
    table emptied too), it refuses (exit 1) and leaves the file as it was, so `verify
    --checkpoint FILE` still catches the cut."""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    first = kept.read_text()
    with AuditLog.open(filled) as log:
        for i in range(40, 45):
            log.append(decision(i))
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))
    assert code == 0 and kept.read_text().startswith(first) and len(kept.read_text().splitlines()) > len(first.splitlines())
    assert "added to the" in err
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0  # nothing new: nothing repeated
    before = kept.read_text()
    sizes = [json.loads(line)["tree_size"] for line in before.splitlines()]
    assert len(sizes) == len(set(sizes))
    conn = tamper(filled)
    conn.execute("DELETE FROM chain WHERE seq >= 30")
    conn.execute("DELETE FROM sidecar WHERE seq >= 30")
    conn.execute("DELETE FROM checkpoints")
    conn.close()
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))
    assert code == 1 and "no longer matches the checkpoints kept in" in err and "left as it is" in err
    assert kept.read_text() == before
    code, out, _ = cli("verify", "--log", str(filled), "--checkpoint", str(kept))
    assert code == 1 and "truncated" in out


def test_checkpoint_into_the_kept_file_refuses_a_log_whose_records_were_edited_since(filled, cli, tamper, decision,
                                                                                     tmp_path):
    """(A review: a `block` record turned `allow` after the last checkpoint kept, then one more
    record: `verify --checkpoint` said TAMPERED, and `checkpoint -o` added a checkpoint vouching
    for the edited log, exit 0.)"""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    before = kept.read_text()
    conn = tamper(filled)
    conn.execute("UPDATE chain SET record = replace(record, '\"block\"', '\"allow\"'), action = 'allow' WHERE seq = "
                 "(SELECT max(seq) FROM chain WHERE action = 'block')")
    conn.close()
    with AuditLog.open(filled) as log:
        log.append(decision(50))
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))
    assert code == 1 and "does not verify" in err and "no checkpoint was added" in err, err
    assert kept.read_text() == before


def test_checkpoint_refuses_to_replace_a_file_that_holds_no_checkpoints(filled, cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("the DPO's notes\n")
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(notes))
    assert code == 2 and "not a checkpoint" in err and notes.read_text() == "the DPO's notes\n"


@pytest.mark.parametrize("command", [
    ("export", "-o"), ("report", "--html"), ("checkpoint", "-o"),
    ("erase", "--url", "https://example.fr/people/0.jpg", "--force", "--manifest"),
])
def test_an_output_file_that_is_the_log_itself_is_refused(filled, cli, command):
    """A swapped --log and -o would truncate the tamper-evident log (an erasure's --force would
    rename its manifest over it); it is refused (exit 2) and the log stays whole."""
    code, _, err = cli(command[0], "--log", str(filled), *command[1:], str(filled))
    assert code == 2 and "is the audit log itself" in err
    assert cli("verify", "--log", str(filled))[0] == 0


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_an_output_file_named_as_the_logs_own_files_is_refused_while_they_do_not_exist(filled, cli, suffix):
    """`export -o decisions.sqlite-wal` of a log closed cleanly (no WAL then) said 'wrote 40 lines', and
    the next writer took the export for its write-ahead log (or a hot journal) and deleted it on closing:
    the export handed on was gone, and a crawler opening the log met a WAL that is none. Refused, exit 2."""
    own = Path(f"{filled}{suffix}")
    assert not own.exists()
    code, _, err = cli("export", "--log", str(filled), "-o", str(own))
    assert code == 2 and "is the audit log file" in err and not own.exists(), err


def test_an_empty_image_file_is_said_to_be_empty(filled, cli, tmp_path):
    empty = tmp_path / "photo.jpg"
    empty.write_bytes(b"")
    code, _, err = cli("subject", "--log", str(filled), "--image", str(empty), "--no-record")
    assert code == 2 and "the image file is empty" in err


@pytest.mark.parametrize("command", ["subject", "erase"])
def test_an_image_file_larger_than_any_picture_is_refused_before_it_is_read(filled, cli, tmp_path, command):
    """`--image` read the whole file into memory: a video or disk image given by mistake took as much
    memory as it is long, and `--image /dev/zero` ended in a MemoryError traceback with exit 1, which
    says 'tampered'. A file past the cap (no picture a page shows is near it) is refused, exit 2."""
    huge = tmp_path / "holiday.mp4"
    with open(huge, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # (sparse: no disk used)
    code, out, err = cli(command, "--log", str(filled), "--image", str(huge), "--dry-run" if command == "erase"
                         else "--no-record")
    assert code == 2 and "holiday.mp4" in err and "larger than" in err and out == "", err


@pytest.mark.parametrize("argv", [["verify", "--checkpoint"], ["checkpoint", "-o"]])
def test_a_checkpoint_file_larger_than_any_log_fills_is_bad_input_not_a_memory_error(filled, tmp_path, argv):
    """`verify --checkpoint` and `checkpoint -o` read the kept file whole: a disk image or /dev/zero given
    by mistake, with memory bounded, ended in a MemoryError traceback with exit 1, which says 'tampered'.
    It is read no further than the cap and refused, exit 2 (unreadable or bad input)."""
    import resource

    kept = tmp_path / "kept.jsonl"
    with open(kept, "wb") as fh:
        fh.truncate(1 << 30)  # (sparse: no disk used)

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20))

    done = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", *argv, str(kept), "--log", str(filled)],
                          capture_output=True, text=True, preexec_fn=bounded, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-400:]
    assert "kept.jsonl: not a checkpoint file (larger than 256 MiB" in done.stderr and kept.stat().st_size == 1 << 30


def test_an_image_that_cannot_be_decoded_is_said_to_be_matched_by_exact_hash_only(filled, cli, tmp_path):
    """A photo the guard cannot decode (a phone's HEIC, a PDF) has no perceptual hash: the officer
    is told that only identical bytes are found, not resized or re-encoded copies."""
    heic = tmp_path / "IMG_0001.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200))
    code, out, err = cli("subject", "--log", str(filled), "--image", str(heic), "--no-record", "--json")
    assert code == 0 and "exact SHA-256 only" in err and json.loads(out)["searched"]["image_phash"] is None
    portrait = Path(__file__).resolve().parents[2] / "scrapeguard" / "demo" / "assets" / "portrait.jpg"
    code, _, err = cli("subject", "--log", str(filled), "--image", str(portrait), "--no-record", "--json")
    assert code == 0 and "exact SHA-256 only" not in err


def test_a_flat_colour_picture_is_said_to_be_flat_not_undecodable(filled, cli, tmp_path):
    """A PNG of one colour decodes: it has no perceptual hash because it has no structure. The
    officer was told it was no picture scrapeguard can decode and to give a JPEG or PNG, which it was."""
    from PIL import Image

    red = tmp_path / "red64x64.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(red)
    code, _, err = cli("subject", "--log", str(filled), "--image", str(red), "--no-record", "--json")
    assert code == 0 and "one flat colour" in err and "exact SHA-256 only" in err
    assert "cannot decode" not in err and "give the image as" not in err
    heic = tmp_path / "IMG_0002.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200))
    code, _, err = cli("subject", "--log", str(filled), "--image", str(heic), "--no-record", "--json")
    assert code == 0 and "no picture scrapeguard can decode" in err and "give the image as JPEG" in err


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["as-written", "resaved-with-a-bom"])
def test_a_csv_export_given_to_verify_is_said_to_be_no_json_lines_not_tampered(filled, cli, tmp_path, bom):
    """`verify --jsonl` of the officer's CSV export (`export --format csv`, which the help says is not
    verifiable) answered TAMPERED at seq 0 (exit 1), a false alarm about an intact log: it is said to
    be a CSV export, to export as JSON Lines to verify (exit 2, as for an SQLite or UTF-16 file)."""
    export = tmp_path / "export.csv"
    assert cli("export", "--log", str(filled), "--format", "csv", "-o", str(export))[0] == 0
    export.write_bytes(bom + export.read_bytes())
    code, out, err = cli("verify", "--jsonl", str(export))
    assert code == 2 and "TAMPERED" not in out and "CSV export" in err and "--format jsonl" in err, err


def test_a_file_with_no_json_object_given_to_verify_is_no_export_not_tampered(filled, cli, tmp_path):
    """(A review: `verify --jsonl README.md` answered TAMPERED, exit 1.) It is no export (exit 2); an
    export with a garbled line is still one, and tampered (exit 1)."""
    readme = tmp_path / "README.md"
    readme.write_text('# scrapeguard\n\nA guard between your crawler and the web.\n    "seq": its place in the chain\n')
    code, out, err = cli("verify", "--jsonl", str(readme))
    assert code == 2 and "TAMPERED" not in out and "no JSON Lines export" in err, err
    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    export.write_text("\n".join(["# garbled"] + lines[1:]) + "\n", encoding="utf-8")
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert code == 1 and "TAMPERED" in out
    # (a review: every record line edited past reading, each one's "{" removed, was called no export)
    export.write_text("\n".join(line[1:] for line in lines) + "\n", encoding="utf-8")
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert code == 1 and "TAMPERED" in out


def test_a_crawls_feed_of_items_is_no_export_to_verify_nor_a_log(filled, cli, tmp_path):
    """(review) A Scrapy feed (`-O items.jsonl`) is JSON Lines too: given as the log it was said to "look like a
    JSON Lines export" and `verify --jsonl` then called every line TAMPERED (exit 1). It is neither: exit 2,
    said as such."""
    feed = tmp_path / "items.jsonl"
    feed.write_text('{"url": "https://example.org/", "title": "Home", "seq": 3}\n{"url": "https://example.org/a"}\n')
    code, out, err = cli("verify", "--jsonl", str(feed))
    assert code == 2 and "TAMPERED" not in out and "no line of the file is a record of an audit log" in err, err
    code, _, err = cli("list", "--log", str(feed))
    assert code == 2 and err.strip() == (f"scrapeguard audit: {feed} is not a scrapeguard audit log (not an SQLite "
                                         "file); it is JSON, and its first line is no record of an audit log")


@pytest.mark.parametrize("edit", [("\"seq\":0", "\"seq\":\"0\""), ("\"seq\":0,", ""), ("\"sha256:", "\"sha256=")])
def test_a_one_record_export_whose_seq_or_hashes_were_edited_is_tampered_not_no_export(log_path, decision, cli,
                                                                                       tmp_path, edit):
    """(review) Once only lines naming a seq and a hash counted as records, a one-record export whose seq was
    made text or removed, or whose hashes were renamed, was "no export" (exit 2): a monitor alerting on exit 1
    missed it. A record's schema, or its own hash, marks it too."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/a.jpg"))
    export = tmp_path / "one.jsonl"
    assert cli("export", "--log", str(log_path), "-o", str(export))[0] == 0
    text = export.read_text(encoding="utf-8")
    assert edit[0] in text
    export.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    code, out, _ = cli("verify", "--jsonl", str(export))
    assert code == 1 and "TAMPERED" in out, out


def test_an_export_whose_first_record_is_long_given_as_the_log_still_points_to_verify_jsonl(log_path, decision,
                                                                                            cli, tmp_path):
    """(review) A page's record of hundreds of pictures runs past the 64 kB read of its first line, its seq
    after them (keys sorted): it was said to be "no record of an audit log". Its own hash comes first."""
    from scrapeguard.decision import ImageDecision

    d = decision(0, action="allow", url="https://example.fr/page")
    d.images = [ImageDecision(src=f"/p{i}.jpg", url=f"https://example.fr/{'p' * 120}{i}.jpg", kind="img",
                              personal=False, score=0.1, reasons=["file:thing"] * 5, action="allow", findings=[])
                for i in range(500)]
    with AuditLog.open(log_path) as log:
        log.append(d)
    export = tmp_path / "long.jsonl"
    assert cli("export", "--log", str(log_path), "-o", str(export))[0] == 0
    assert len(export.read_bytes().splitlines()[0]) > 64 * 1024
    code, _, err = cli("list", "--log", str(export))
    assert code == 2 and "looks like a JSON Lines export" in err, err


def test_a_pretty_printed_export_or_a_feed_whose_items_carry_a_sha256_is_no_export_to_verify(filled, cli, tmp_path):
    """(review) Counting any line holding `"hash": "sha256:…"` as a record made an export pretty-printed by jq
    (that line alone on one) and a feed whose items carry such a hash TAMPERED (exit 1): neither is an export
    `verify --jsonl` reads (exit 2), nor said to look like one."""
    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    pretty = tmp_path / "pretty.json"
    pretty.write_text("\n".join(json.dumps(json.loads(line), indent=2)
                                for line in export.read_text(encoding="utf-8").splitlines()) + "\n")
    feed = tmp_path / "items.jsonl"
    feed.write_text('{"url": "https://example.org/a.jpg", "hash": "sha256:' + "ab" * 32 + '"}\n')
    for given in (pretty, feed):
        code, out, err = cli("verify", "--jsonl", str(given))
        assert code == 2 and "TAMPERED" not in out and "no line of the file is a record" in err, (given, err)
    code, _, err = cli("list", "--log", str(feed))
    assert code == 2 and "looks like a JSON Lines export" not in err, err


def test_verify_checks_the_log_or_an_export_and_refuses_to_be_given_both(filled, cli, tmp_path):
    """(review) `verify --log L --jsonl E` checked the export alone and said "N records verified" with the
    export's count: the log named went unchecked without a word."""
    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    code, out, err = cli("verify", "--log", str(filled), "--jsonl", str(export))
    assert code == 2 and "verified" not in out and "give --log FILE or --jsonl FILE" in err, err
    code, out, err = cli("verify", "--log", "scrapeguard-audit.sqlite", "--jsonl", str(export))  # (the default, spelt)
    assert code == 2 and "verified" not in out and "give --log FILE or --jsonl FILE" in err, err
    assert cli("verify", "--jsonl", str(export))[0] == 0 and cli("verify", "--log", str(filled))[0] == 0


def test_an_export_resaved_with_a_bom_verifies_and_utf16_is_unreadable_not_tampered(filled, cli, tmp_path):
    """An editor that adds a UTF-8 BOM on saving changes no record: the export still verifies. One
    re-encoded as UTF-16 (a PowerShell redirect) cannot be read: exit 2, never 1 (tampered)."""
    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    text = export.read_text(encoding="utf-8")
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, _ = cli("verify", "--jsonl", str(bom))
    assert code == 0 and out.startswith("OK: 40 records")
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_text(text, encoding="utf-16")
    code, out, err = cli("verify", "--jsonl", str(utf16))
    assert code == 2 and "UTF-16" in err and "TAMPERED" not in out
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept), "--no-write")[0] == 0
    kept.write_bytes(b"\xef\xbb\xbf" + kept.read_bytes())
    assert cli("verify", "--log", str(filled), "--checkpoint", str(kept))[0] == 0


@pytest.mark.parametrize("form", ["the log itself", "gzip", "bzip2", "xz"])
def test_verify_jsonl_of_a_file_that_is_no_export_is_bad_input_not_tampered(filled, cli, tmp_path, form):
    """The log given to --jsonl, or an export compressed for mailing or archiving, holds no line
    to read: that said every line was 'not a JSON object' and exit 1, TAMPERED."""
    import bz2
    import gzip
    import lzma

    export = tmp_path / "export.jsonl"
    assert cli("export", "--log", str(filled), "-o", str(export))[0] == 0
    given = tmp_path / "given"
    compress = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}
    given.write_bytes(filled.read_bytes() if form == "the log itself" else compress[form](export.read_bytes()))
    code, out, err = cli("verify", "--jsonl", str(given))
    assert code == 2 and "TAMPERED" not in out
    assert ("--log FILE" if form == "the log itself" else "decompress it") in err


def test_stats_and_report_count_the_requests_of_the_period_asked_for(log_path, decision, cli, tmp_path):
    """`stats --since/--until` (and the report's data-subject requests card) count the access and
    erasure requests, reads and stored copies of that period, not those of all time."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", days_ago=3))
    assert cli("subject", "--log", str(log_path), "--url", "https://example.fr/x.jpg")[0] == 0  # today
    before = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).date().isoformat()
    code, out, _ = cli("stats", "--log", str(log_path), "--until", before, "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 1 and data["events"] == {}
    code, out, _ = cli("stats", "--log", str(log_path), "--since", before, "--json")
    assert json.loads(out)["events"] == {"dsr": 1} and json.loads(out)["total"] == 0
    html = tmp_path / "report.html"
    assert cli("report", "--log", str(log_path), "--until", before, "--html", str(html))[0] == 0
    assert '<b class="">0</b>data-subject requests' in html.read_text()


@pytest.mark.parametrize("argv", [
    ("verify", "--timeout", "nan"), ("verify", "--timeout", "inf"), ("verify", "--timeout", "-1"),
    ("stats", "--top", "0"), ("stats", "--top", "-1"), ("stats", "--top", str(2**63)),
])
def test_a_timeout_or_top_that_is_no_usable_number_is_a_usage_error(filled, argv):
    """Refused by the parser with a usage line (exit 2) naming the option, not a conversion
    error from deep inside (`cannot convert float NaN to integer`) or exit 3 ('datatype mismatch')."""
    result = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", *argv, "--log", str(filled)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2 and f"argument {argv[1]}:" in result.stderr and "Traceback" not in result.stderr


def test_verify_of_a_log_without_records_says_so_rather_than_a_range_that_ends_before_it_starts(log_path, cli):
    AuditLog.open(log_path).close()
    code, out, _ = cli("verify", "--log", str(log_path))
    assert code == 0 and "OK: 0 records verified (none held: an empty log" in out and "0…-1" not in out


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_verify_of_an_empty_file_is_no_export_not_ok(cli, tmp_path, content):
    """`verify --jsonl /dev/null` said "OK: 0 records verified", exit 0, while a file of lines but no record is
    no export (exit 2): a zero-byte "export" handed to an auditor passed (found in review). It is no export."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text(content)
    for given in (str(empty), "/dev/null"):
        code, out, err = cli("verify", "--jsonl", given)
        assert code == 2 and "OK" not in out and "no JSON Lines export" in err and "the file is empty" in err, err


def test_checkpoint_into_a_fifo_writes_into_it_and_replaces_no_device(filled, cli, tmp_path):
    """`-o` a pipe or a device (`/dev/stdout`, a FIFO a mailer reads) is written into as it is:
    reading it first for kept checkpoints blocked, and the rename made it a plain file."""
    import threading

    fifo = tmp_path / "to-mailer"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = cli("checkpoint", "--log", str(filled), "-o", str(fifo))
    reader.join(timeout=30)
    assert code == 0 and got and b"head_hash" in got[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_an_erasure_manifest_onto_a_fifo_is_refused_before_anything_is_erased(filled, cli, tmp_path):
    fifo = tmp_path / "manifest"
    os.mkfifo(fifo)
    code, _, err = cli("erase", "--log", str(filled), "--url", "https://example.fr/people/0.jpg", "--force",
                       "--manifest", str(fifo))
    assert code == 2 and "not a file to keep" in err and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_an_export_cut_short_by_a_full_disk_leaves_no_shorter_log_behind(filled, tmp_path):
    """`export -o FILE` that could not be finished (here the file-size limit a full disk would
    set) left the lines written so far under FILE, which `verify --jsonl` passed as a whole log
    of fewer records; the export is renamed into place only once whole, and an earlier export
    there stays as it was."""
    import resource
    import signal

    out = tmp_path / "export.jsonl"
    out.write_text("earlier export\n", encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (the write then fails with EFBIG, as on ENOSPC)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    done = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", "export", "--log", str(filled), "-o", str(out)],
                          capture_output=True, text=True, preexec_fn=small_files, timeout=120)
    assert done.returncode == 5 and "export.jsonl" in done.stderr, done.stderr  # (5: disk full, as the help says)
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]  # (no temporary file left)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_an_export_to_a_full_device_names_it(filled, cli):
    """An export written into a device (`-o /dev/full`, a tape) that fills said only 'No space left on
    device', naming no file, where one to a file names it; and it exits 5, 'disk full' as the help
    says, not 2 (unreadable or bad input): a script must tell a full disk from a wrong path."""
    code, _, err = cli("export", "--log", str(filled), "-o", "/dev/full")
    assert code == 5 and "/dev/full: No space left on device" in err, err


def test_a_report_cut_short_leaves_the_earlier_report_whole(filled, tmp_path):
    """A report cut off after its first cards (a full disk) could show a chain as verified with the
    page's end, where a break is told, missing: it is renamed into place once whole."""
    import resource
    import signal

    page = tmp_path / "report.html"
    page.write_text("earlier report\n", encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    done = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", "report", "--log", str(filled), "--html",
                           str(page)], capture_output=True, text=True, preexec_fn=small_files, timeout=120)
    assert done.returncode == 5 and "report.html" in done.stderr, done.stderr
    assert page.read_text(encoding="utf-8") == "earlier report\n"



@pytest.mark.parametrize("argv, command, seqs", [(["subject", "--no-record"], "subject --no-record", [0, 1]),
                                                 (["erase", "--dry-run"], "erase --dry-run", [0, 1]),
                                                 (["subject"], "subject", [0]),
                                                 (["erase"], "erase", [0])])
def test_a_read_that_lists_another_sites_records_for_review_logs_their_seqs(log_path, decision, cli, argv, command,
                                                                            seqs):
    """The records of a --domain's IDNA 2003 spelling (`jane.strasse.de` for `jane.straße.de`) are
    shown for review with their clear URLs (`other_site_to_review`, the manifest's
    `references_to_review`): a read of their sidecar, logged with their seqs like the items'. A
    recorded request names its items, not those: their read is logged apart (a real erasure's too, in
    its transaction: its record keeps only their count, and its manifest shows their URLs)."""
    import httpx

    via_scrapy = "https://jane.strasse.de/jane.jpg"  # (as Scrapy requested it with w3lib before 2.6)
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=via_scrapy))
        log.append(decision(1, action="allow", url=str(httpx.URL("https://jane.straße.de/me.jpg"))))
    code, out, err = cli(argv[0], "--domain", "jane.straße.de", *argv[1:], "--json", "--log", str(log_path))
    assert code == 0 and via_scrapy in out, err
    _, out, _ = cli("list", "--kind", "read", "--json", "--log", str(log_path))
    last = _lines(out)[-1]
    assert last["command"] == command and last["seqs"] == seqs and last["count"] == len(seqs)


def test_subject_and_erase_say_what_they_left_for_review(log_path, decision, cli):
    """`erase --domain jane.straße.de` printed 'erased: 1 record(s)' and nothing of the record of
    `jane.strasse.de` (another owner's site, or Scrapy's request of this one) it left in clear for
    review, nor did `subject`'s summary: each says it in one line."""
    import httpx

    with AuditLog.open(log_path) as log:  # (the first as Scrapy requested it with w3lib before 2.6)
        log.append(decision(0, action="allow", url="https://jane.strasse.de/jane.jpg"))
        log.append(decision(1, action="allow", url=str(httpx.URL("https://jane.straße.de/me.jpg"))))
    code, out, err = cli("subject", "--domain", "jane.straße.de", "--log", str(log_path))
    assert code == 0 and "1 record(s) found" in out, err
    assert "1 more to review" in " ".join(out.split()) and "other_site_to_review" in out
    code, _, err = cli("erase", "--domain", "jane.straße.de", "--log", str(log_path))
    assert code == 0 and "erased: 1 record(s)" in err
    assert "1 record(s) to review, not suppressed, nor erased (manifest: references_to_review)" in err


def test_erase_says_which_records_to_review_had_their_fields_erased_and_how_many_rows_went(log_path, decision, cli):
    """(A new user's walk through the docs, session 61) `erase` by a page said its pictures' records were "neither
    erased nor suppressed" where the manifest said their personal fields were erased (their rows named the page), and
    "erased: 3 record(s)" where the request's record said one row of personal fields went."""
    page = "https://jane-doe.fr/"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow",
                    "images": [{"url": "https://cdn.example.net/coffee.jpg", "personal": False}]})
        record = decision(1, action="allow", url="https://cdn.example.net/coffee.jpg").to_dict()
        record["page_url"] = page
        log.append(record)
    code, _, err = cli("erase", "--url", page, "--log", str(log_path))
    assert code == 0 and "erased: 1 record(s) (2 row(s) of personal fields erased in all" in err, err
    assert "1 record(s) to review, not suppressed, the personal fields of 1 of them erased" in err, err


def test_verify_of_a_log_whose_first_records_time_is_not_utf8_says_tampered_where(filled, cli, tamper, not_utf8, tmp_path):
    """`verify` looks at the first record's time (was the log emptied since a kept checkpoint?), read
    as text: one byte that is not UTF-8 there (a bad sector, an edit) made `verify` answer 'unreadable'
    (exit 2), and `checkpoint -o` fail (exit 3), where the log is TAMPERED at seq 0 (exit 1)."""
    kept = tmp_path / "kept.jsonl"
    assert cli("checkpoint", "--log", str(filled), "-o", str(kept))[0] == 0
    not_utf8(tamper(filled), "chain", "ts", 0)
    for argv in ([], ["--checkpoint", str(kept)]):
        code, out, err = cli("verify", "--log", str(filled), "--json", *argv)
        assert code == 1, err
        assert json.loads(out)["first_bad_seq"] == 0
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(kept))
    assert code != 3 and "Could not decode" not in err


@pytest.mark.parametrize("committed, page_url", [
    (True, "https://example.fr/people/"),
    (True, "https://bob:s3cret@example.fr/people/"),  # committed to as stored, credentials and all
    (False, "https://bob:s3cret@example.fr/people/"),
], ids=["page-url-committed", "page-url-with-credentials-committed", "before-fields-ref"])
def test_credentials_an_older_release_kept_in_the_sidecar_are_never_shown(log_path, decision, cli, tmp_path,
                                                                         monkeypatch, committed, page_url):
    """Before the sidecar dropped `user:password@` (the guard, then `AuditLog.append`), a URL's credentials
    were kept in it: `list --show-urls`, `show`, `export --personal` and access and erasure answers showed
    them, a requester's included. Readers drop them, from a page URL the record commits to as stored too
    (`show --json` and access answers printed its password), and the JSON Lines export, which kept a
    page URL the record commits to as stored for `verify --jsonl`. The log and that export still
    verify: the URL's commitment is to it without them; a page URL shown without them is marked in
    the export, and `verify --jsonl` says how many such rows it could not hold to their commitment
    (`audit verify` on the log does)."""
    import scrapeguard.audit.record as record
    from scrapeguard.audit import verify_jsonl_lines
    from scrapeguard.audit.storage import StorageRef, attach_storage

    url = "https://bob:s3cret@example.fr/people/ana.jpg"
    monkeypatch.setattr(record, "without_userinfo", lambda u: u)  # as the older release wrote it
    if not committed:
        monkeypatch.setattr(record, "fields_ref", lambda *a, **k: None)  # (a log from before `fields_ref`)
    with AuditLog.open(log_path) as log:
        d = decision(0, action="allow", url=url)
        d.page_url = page_url
        log.append(d)
        attach_storage(log, d.decision_id, [StorageRef("s3://key:s3cret@bucket/full/ana.jpg", "ab" * 32)])
    monkeypatch.undo()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.conn.execute("SELECT url FROM sidecar").fetchone()[0] == url  # (kept so on disk)
        original = log.conn.execute("SELECT record FROM chain WHERE seq = 0").fetchone()[0]
    exported = tmp_path / "x.jsonl"
    for argv in (["list", "--show-urls"], ["show", "0", "--json"], ["export", "--personal", "--format", "csv"],
                 ["export", "--personal", "-o", str(exported)],
                 ["subject", "--url", "https://example.fr/people/ana.jpg", "--json"],
                 ["erase", "--url", "https://example.fr/people/ana.jpg", "--dry-run"]):
        code, out, err = cli(*argv, "--log", str(log_path))
        assert code == 0, (argv, err)
        assert "s3cret" not in out + err, argv
        if argv[0] in ("subject", "erase"):  # the stored copy to delete, where it is
            assert "s3://bucket/full/ana.jpg" in out, argv
    hidden = committed and "s3cret" in page_url
    assert "s3cret" not in exported.read_text()
    assert ('"page_url_userinfo_hidden":true' in exported.read_text()) is hidden
    assert "example.fr/people/ana.jpg" in exported.read_text()
    tamper = sqlite3.connect(log_path)  # the decision's record damaged: what the sidecar holds is answered
    tamper.execute("DROP TRIGGER chain_no_update")
    tamper.execute("UPDATE chain SET record = '{damaged' WHERE seq = 0")
    tamper.commit()
    tamper.close()
    code, out, err = cli("subject", "--url", "https://example.fr/people/ana.jpg", "--no-record", "--json",
                         "--log", str(log_path))
    assert code == 0 and json.loads(out)["damaged"][0]["source_url"] == "https://example.fr/people/ana.jpg"
    assert "s3cret" not in out + err
    tamper = sqlite3.connect(log_path)
    tamper.execute("UPDATE chain SET record = ? WHERE seq = 0", (original,))
    tamper.commit()
    tamper.close()
    assert cli("verify", "--log", str(log_path))[0] == 0
    code, out, _ = cli("verify", "--jsonl", str(exported))
    # (a row shown without the credentials its record commits to cannot be compared: not passed as verified)
    assert code == (1 if hidden else 0) and ("without the user:password@ its record commits to" in out) is hidden, out
    with exported.open("rb") as fh:
        assert verify_jsonl_lines(fh).fields_unchecked == int(hidden)


def test_a_line_marked_as_shown_without_credentials_does_not_pass_an_edited_page_url(log_path, decision, cli,
                                                                                       tmp_path):
    """The mark `page_url_userinfo_hidden` skipped the comparison of the page URL and perceptual hash: anyone
    editing an export's page URL added it to the line, and `verify --jsonl` said OK."""
    d = decision(0, action="allow", url="https://example.fr/people/ana.jpg")
    d.page_url = "https://example.fr/team/ana"
    with AuditLog.open(log_path) as log:
        log.append(d)
    exported = tmp_path / "x.jsonl"
    assert cli("export", "--personal", "-o", str(exported), "--log", str(log_path))[0] == 0
    line = exported.read_text()
    assert "https://example.fr/team/ana" in line
    forged = line.replace('"https://example.fr/team/ana"', '"https://example.fr/team/bob","page_url_userinfo_hidden":true')
    assert forged != line
    exported.write_text(forged)
    code, out, _ = cli("verify", "--jsonl", str(exported))
    assert code == 1, out


@pytest.mark.parametrize("command", ["subject", "erase"])
@pytest.mark.parametrize("option", [["--domain", "192.0.2.10", "--domain", "jane.example.org"],
                                    ["--image", "a.png", "--image", "b.png"]])
def test_a_host_or_an_image_given_twice_is_refused_not_the_first_dropped(log_path, cli, command, option):
    """`erase --domain 192.0.2.10 --domain jane.example.org` erased the last host alone, reporting one
    suppression entry: the first was dropped without a word. One host and one image per request."""
    with pytest.raises(SystemExit) as exited, redirect_stderr(io.StringIO()) as err:
        cli(command, "--log", str(log_path), *option)
    assert exited.value.code == 2 and "given twice" in err.getvalue()


@pytest.mark.parametrize(("erased", "requested"), [
    ("https://cdn.example.com/a/b.jpg", "https://cdn.example.com/a/./b.jpg"),
    ("https://cdn.example.com/a/b.jpg", "https://cdn.example.com/x/../a/b.jpg"),
    ("https://cdn.example.com/a/b.jpg", "https://cdn.example.com/a/%2E/b.jpg"),
    ("https://cdn.example.com/a/./b.jpg", "https://cdn.example.com/a/b.jpg"),
])
def test_an_erased_url_is_suppressed_under_a_spelling_with_dot_segments(log_path, decision, cli, erased, requested):
    """httpx and browsers send `/a/./b.jpg` as `/a/b.jpg`; Scrapy and a proxy's clients may send it as written.
    An erasure of `/a/b.jpg` let the dotted spelling through (`allow`), and one given dotted let the plain one."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://cdn.example.com/a/b.jpg"))
    code, _, _ = cli("erase", "--log", str(log_path), "--url", erased, "--manifest", str(log_path.parent / "m.json"))
    assert code == 0
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(requested) is not None
        assert log.is_suppressed("https://cdn.example.com/a/c.jpg") is None


def test_a_checkpoints_forged_counts_are_tampering_and_unreadable_ones_a_clear_error(filled, cli, tamper, tmp_path):
    """A checkpoint's counts are no part of the chain's hashes: `{"allow": 25}` over a chain of 16
    allows, 5 blocks and 4 redactions passed `verify`, was exported to be kept elsewhere and was
    carried into later checkpoints; counts that are no JSON made `checkpoint -o` fail with only the
    parser's 'Expecting value'."""
    conn = tamper(filled)
    size = conn.execute("SELECT min(tree_size) FROM checkpoints").fetchone()[0]
    conn.execute("UPDATE checkpoints SET counts = ? WHERE tree_size = ?", (json.dumps({"allow": size}), size))
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 1 and f"checkpoint size={size} counts {{'allow': {size}}} where the chain holds" in out
    # (review: a record's action edited makes every later checkpoint disagree, and each said "the
    # checkpoint was altered" of an intact one: either may have been)
    assert "the checkpoint, or a record it covers, was altered" in out
    conn.execute("UPDATE checkpoints SET counts = 'x' WHERE tree_size = ?", (size,))
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 1 and f"checkpoint size={size} holds no readable counts" in out
    code, _, err = cli("checkpoint", "--log", str(filled), "-o", str(tmp_path / "kept.jsonl"))
    assert code == 2 and f"the checkpoint at size {size}" in err and "holds no readable counts" in err
    assert "Expecting value" not in err


def test_stats_and_report_tell_the_stages_apart(log_path, decision, cli, tmp_path):
    """A fetched resource is decided at its request and at its response: 14 resources of the demo were
    '25 decisions, 16 allow', figures no one could match to the crawl's. Each stage is counted apart."""
    with AuditLog.open(log_path) as log:
        for i, (stage, action) in enumerate([("request", "allow"), ("response", "redact"), ("request", "allow"),
                                             ("response", "allow"), ("request", "block")]):
            made = decision(i, action=action)
            made.stage = stage
            log.append(made)
    code, out, _ = cli("stats", "--log", str(log_path), "--json")
    assert code == 0 and json.loads(out)["by_stage"] == {"request": {"allow": 2, "block": 1},
                                                         "response": {"allow": 1, "redact": 1}}
    code, out, _ = cli("stats", "--log", str(log_path))
    assert "by stage" in out and "2 allow, 1 block" in out
    page = tmp_path / "report.html"
    assert cli("report", "--log", str(log_path), "--html", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "By stage" in html and '<tr><td>request</td><td class="n">3</td>' in html


def test_show_of_a_reference_naming_an_access_request_and_an_erasure_names_the_other(log_path, decision, cli):
    """(Review of the change) One ticket for a combined request: `show` shows the first and says where the
    other is."""
    from scrapeguard.audit.dsr import Subject, access, erase

    url = "https://example.fr/people/7.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=url))
        access(log, Subject(urls=[url]), request_id="DSR-9")
        seq = erase(log, Subject(urls=[url]), request_id="DSR-9")["dsr_seq"]
    code, out, _ = cli("show", "DSR-9", "--log", str(log_path))
    assert code == 0 and "access request DSR-9" in out and f"also under this id: seq {seq} (erasure)" in out


@pytest.mark.parametrize("edit", ["'$.outcome', 'x'", "'$.findings', 'q'", "'$.findings', json('[\"q\"]')",
                                  "'$.resource', 5", "'$.images', 'q'", "'$.images', json('[\"q\"]')",
                                  "'$.storage_refs', 5", "'$.notes', 5", "'$.purpose', 5", "'$.retention', 5",
                                  "'$.outcome.codes', 5", "'$.outcome.explanation', 7"])
def test_one_record_edited_into_another_shape_stops_no_command_and_a_request_answers_it_as_damaged(
        log_path, decision, cli, tamper, tmp_path, edit):
    """(Review) One record edited into valid JSON of another shape (`json_set(record, '$.outcome', 'x')`) failed
    `list`, `export --format csv`, `subject` and `erase` on the whole log ("AttributeError: 'str' object has no
    attribute 'get'"), and a `findings` or `images` of strings failed `stats`, `subject` and `erase` in SQL
    ("malformed JSON"). Every command answers; `verify` reports the edit; a request lists the record under
    `damaged` from its side fields, and an erasure erases and suppresses it there."""
    url = "https://example.fr/people/7.jpg"
    with AuditLog.open(log_path) as log:
        log.append({"url": "https://example.fr/people/", "decision_id": "page", "action": "allow",
                    "images": [{"url": url, "personal": True}]})
        log.append(decision(1, action="allow", url=url))
        log.append(decision(2, action="allow", url="https://example.fr/people/8.jpg"))
    tamper(log_path).execute(f"UPDATE chain SET record = json_set(record, {edit}) WHERE seq = 1")
    for argv in (["list"], ["list", "--show-urls"], ["show", "1"], ["export", "--format", "csv"], ["export"],
                 ["stats"], ["report", "--html", str(tmp_path / "r.html")], ["ropa", "--policy", "gdpr-strict"]):
        code, _, err = cli(*argv, "--log", str(log_path))
        assert code in (0, 1) and "a bug of scrapeguard's" not in err, (argv, err)
    code, out, err = cli("subject", "--log", str(log_path), "--url", url, "--no-record", "--json")
    shaped = edit.startswith("'$.outcome.") or "json(" in edit  # (inside an object or a list: read as it is)
    assert code == 0, err
    assert [d["seq"] for d in json.loads(out)["damaged"]] == ([] if shaped else [1])
    manifest = tmp_path / "erasure.json"
    code, _, err = cli("erase", "--log", str(log_path), "--url", url, "--manifest", str(manifest))
    data = json.loads(manifest.read_text())
    assert code == 0, err
    assert [(d["seq"], d["url"], d["erase"]) for d in data["damaged"]] == ([] if shaped else [(1, url, True)])
    assert [i["seq"] for i in data["items"]] == ([1] if shaped else [])
    with AuditLog.open(log_path) as log:
        assert log.get(1) is None or log.get(1).personal is None
        assert log.is_suppressed(url) is not None and not log.verify().ok
