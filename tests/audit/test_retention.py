"""Retention: `prune` applies the policy's keep-periods, is recorded, and keeps `verify` green."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.retention import prune
from scrapeguard.policy import load_policy


def _fill(log_path, decision):
    """Blocked items 200 days old first (past keep_blocked_days=180), then kept ones and fresh ones."""
    with AuditLog.open(log_path, checkpoint_every=5) as log:
        for i in range(6):
            log.append(decision(i, action="block", days_ago=200))
        log.append(decision(6, action="allow", days_ago=200))  # kept item: 180 d + 365 d, not expired
        for i in range(7, 10):
            log.append(decision(i, action="block", days_ago=190))  # expired, but after a live record
        for i in range(10, 12):
            log.append(decision(i, action="allow", days_ago=1))


def test_prune_truncates_the_expired_prefix_and_stays_verifiable(log_path, decision):
    _fill(log_path, decision)
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        dry = prune(log, policy, dry_run=True)
        assert log.count() == 12
        result = prune(log, policy)
        verified = log.verify()
        seqs = [e.seq for e in log.iter_entries()]
        event = log.get(result["event_seq"]).record
        later_blocked = log.get(8)
    assert dry["removed_records"] == result["removed_records"] == 6
    assert result["truncated_through_seq"] == 5 and result["expired_records"] == 9
    assert seqs == list(range(6, 13))
    assert verified.ok and verified.start_seq == 6, verified.reason
    assert event["schema"] == "scrapeguard.prune/1" and event["truncated_through_seq"] == 5
    assert event["removed_by_class"] == {"decision:blocked": 6}
    assert event["policy"]["id"] == "gdpr-strict" and event["rules"]["keep_blocked_days"] == 180
    assert later_blocked.personal is None  # expired after a live one: stays in the chain, personal fields gone


def test_a_prune_of_a_log_that_does_not_verify_removes_no_record_and_erases_expired_fields(log_path, decision, tamper):
    """A record altered in the expired prefix went with the prefix, and `verify` then said OK: a
    scheduled prune laundered the alteration. The records stay (the evidence); the expired
    personal fields, all that retention asks of them, still go."""
    import json

    _fill(log_path, decision)
    conn = tamper(log_path)
    altered = json.loads(conn.execute("SELECT record FROM chain WHERE seq = 2").fetchone()[0])
    altered["explanation"] = "nothing to see"
    conn.execute("UPDATE chain SET record = ? WHERE seq = 2", (json.dumps(altered),))
    conn.close()
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        dry = prune(log, policy, dry_run=True)
        result = prune(log, policy)
        verified = log.verify()
        seqs = [e.seq for e in log.iter_entries()]
        expired_row = log.get(8)
    for r in (dry, result):
        assert r["removed_records"] == 0 and r["truncated_through_seq"] == -1
        assert r["kept_as_evidence"]["first_bad_seq"] == 2
    assert result["expired_records"] == 9 and expired_row.personal is None
    assert not verified.ok and verified.first_bad_seq == 2 and "altered" in verified.reason
    assert seqs[:6] == list(range(6))  # the expired prefix, the altered record in it, all still there


def test_second_prune_and_export_still_verify(log_path, decision):
    """A prune as of a past date (a missed scheduled run), then today's: both verify."""
    with AuditLog.open(log_path, checkpoint_every=5) as log:
        for i in range(4):
            log.append(decision(i, action="block", days_ago=400))
        for i in range(4, 7):
            log.append(decision(i, action="block", days_ago=200))
        log.append(decision(7, action="allow", days_ago=1))
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        first = prune(log, policy, as_of=_days_ago(100))
        second = prune(log, policy)
        assert log.verify().ok
        import io

        from scrapeguard.audit import verify_jsonl_lines
        from scrapeguard.audit.export import write_export

        out = io.StringIO()
        write_export(log, out, "jsonl")
    assert first["removed_records"] == 4 and second["removed_records"] == 3
    assert verify_jsonl_lines(out.getvalue().splitlines()).ok


def _days_ago(days: int) -> str:
    import datetime as dt

    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()


def test_a_prune_as_of_the_future_is_refused_unless_dry_run(log_path, decision):
    """--as-of 2099 would delete records still inside their retention period."""
    from scrapeguard.audit.retention import PruneError

    _fill(log_path, decision)
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        dry = prune(log, policy, as_of="2099-01-01", dry_run=True)
        with pytest.raises(PruneError, match="later than now"):
            prune(log, policy, as_of="2099-01-01")
        assert log.count() == 12 and log.anchor() is None
    assert dry["removed_records"] == 12


def test_verify_flags_a_prune_event_dated_after_it_ran(log_path, decision):
    """A future prune written by an older version (or by hand) is reported, with the seq."""
    from scrapeguard.audit.record import PRUNE_SCHEMA, event_record

    _fill(log_path, decision)
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            seq = log.append_prepared(
                conn, event_record(PRUNE_SCHEMA, {"as_of": "2099-01-01T00:00:00.000Z", "truncated_through_seq": -1}, "p1")
            )
        result = log.verify()
    assert not result.ok and result.first_bad_seq == seq and "after it ran" in result.reason


def test_prefix_deleted_without_a_prune_event_is_caught(log_path, decision, tamper):
    _fill(log_path, decision)
    conn = tamper(log_path)
    digest = conn.execute("SELECT hash FROM chain WHERE seq = 3").fetchone()[0]
    conn.execute("INSERT INTO anchors VALUES (3, ?, '2026-01-01T00:00:00.000Z')", (digest,))
    conn.execute("DELETE FROM chain WHERE seq <= 3")
    conn.execute("DELETE FROM sidecar WHERE seq <= 3")
    with AuditLog.open(log_path) as log:
        result = log.verify()
    assert not result.ok and "without a prune event" in result.reason


def test_prefix_deleted_without_an_anchor_is_caught(log_path, decision, tamper):
    _fill(log_path, decision)
    conn = tamper(log_path)
    conn.execute("DELETE FROM chain WHERE seq <= 3")
    conn.execute("DELETE FROM sidecar WHERE seq <= 3")
    with AuditLog.open(log_path) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq is not None and result.first_bad_seq <= 4


# ---------------------------------------------------------------- the policy the records were written under
def _written_under(log, policy, i: int, days_ago: int) -> None:  # noqa: ANN001
    import datetime as dt

    from scrapeguard.audit.record import format_ts

    log.append(
        {
            "decision_id": f"r{i}",
            "url": f"https://src.example.org/{i}.jpg",
            "action": "allow",
            "ts": format_ts(dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)),
            "retention_days": 365,
            "policy": {"id": policy.id, "version": policy.version, "sha256": policy.sha256},
        }
    )


def test_records_are_kept_by_the_longer_period_of_the_policy_they_were_written_under(log_path):
    research = load_policy("research-9-2-j")  # keeps a kept item 730 days, gdpr-strict 365
    strict = load_policy("gdpr-strict")
    assert research.audit.keep_after_item_deleted_days > strict.audit.keep_after_item_deleted_days
    with AuditLog.open(log_path) as log:
        for i in range(3):
            _written_under(log, research, i, days_ago=800)  # expired under gdpr-strict, not under research
        result = prune(log, strict)
        assert log.count() == 4 and all(log.get(i).personal is not None for i in range(3))
    assert result["removed_records"] == 0 and result["expired_records"] == 0


def test_a_prune_keeps_and_reports_records_of_a_policy_it_cannot_find_and_prunes_the_rest(log_path, cli):
    strict = load_policy("gdpr-strict")
    edited = strict.model_copy()
    edited._sha256 = "cd" * 32  # the same id, another text: its periods are unknown
    with AuditLog.open(log_path) as log:
        _written_under(log, edited, 0, days_ago=800)
        _written_under(log, strict, 1, days_ago=800)  # 365 + 365 days: expired
        result = prune(log, strict)
        assert result["kept_unknown_policy"] == [{"id": "gdpr-strict", "sha256": "cd" * 32, "decisions": 1}]
        assert log.count() == 3 and log.get(0).personal is not None  # kept whole; the prefix stops at it
        assert log.get(1).personal is None  # the rest was pruned by the given policy
        assert log.verify().ok
    code, _, err = cli("prune", "--log", str(log_path))
    assert code == 0 and "1 under 'gdpr-strict' (sha256 cdcdcdcdcdcdcdcd…)" in err and "--policy FILE" in err
    code, _, err = cli("ropa", "--log", str(log_path))
    assert code == 0 and "1 logged decision(s) were made under policy gdpr-strict (sha256 cdcdcdcdcdcdcdcd" in err


def _without_fingerprint(log, policy_id: str, i: int, days_ago: int, action: str = "block") -> None:  # noqa: ANN001
    import datetime as dt

    from scrapeguard.audit.record import format_ts

    log.append(
        {
            "decision_id": f"n{i}",
            "url": f"https://src.example.org/n{i}.jpg",
            "action": action,
            "ts": format_ts(dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)),
            "policy": {"id": policy_id, "version": "", "sha256": ""},
        }
    )


def test_records_naming_a_policy_id_without_a_fingerprint_are_pruned_by_the_given_policy_of_that_id(log_path, cli):
    """`Decision(policy_id=…)` leaves policy_sha256 empty: naming that policy is what identifies it."""
    with AuditLog.open(log_path) as log:
        for i in range(3):
            _without_fingerprint(log, "gdpr-strict", i, days_ago=900)
    code, out, err = cli("prune", "--log", str(log_path))
    assert code == 0 and "removed 3 record(s)" in out and "cannot identify" not in err
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.count() == 1 and log.verify().ok


def test_records_naming_an_unknown_policy_id_without_a_fingerprint_are_kept_never_a_dead_end(log_path, cli):
    with AuditLog.open(log_path) as log:
        _without_fingerprint(log, "acme-custom", 0, days_ago=900)
        _without_fingerprint(log, "gdpr-strict", 1, days_ago=900)
    code, out, err = cli("prune", "--log", str(log_path))
    assert code == 0 and "1 record(s) expired" in out
    assert "1 under 'acme-custom' (no fingerprint)" in err
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.get(0).personal is not None and log.get(1).personal is None and log.verify().ok


def _long_policy(tmp_path):  # noqa: ANN001, ANN202
    """gdpr-strict keeping everything ten years (acme-long)."""
    long_file = tmp_path / "long.toml"
    long_file.write_text(
        'extends = "gdpr-strict"\nid = "acme-long"\nversion = "1.0.0"\n[audit]\nkeep_blocked_days = 3650\n'
        "keep_after_item_deleted_days = 3650\n",
        encoding="utf-8",
    )
    return load_policy(long_file)


def test_deleting_the_rows_a_prune_kept_under_a_longer_second_policy_is_caught(log_path, tamper, tmp_path):
    """The prune event records the periods it applied per policy; verify judges each decision
    by its own policy's entry, not by the first policy's periods."""
    strict, long = load_policy("gdpr-strict"), _long_policy(tmp_path)
    with AuditLog.open(log_path) as log:
        _written_under(log, long, 0, days_ago=1000)
        _written_under(log, strict, 1, days_ago=1)
        result = prune(log, strict, others=[long])
        assert result["expired_records"] == 0 and log.get(0).personal is not None
    conn = tamper(log_path)
    conn.execute("DELETE FROM sidecar WHERE seq = 0")
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == 0 and "without an erasure or prune" in result.reason


def test_a_prune_that_removes_an_erasure_record_keeps_its_suppression_verifiable(log_path, decision, monkeypatch, tamper):
    import scrapeguard.audit.record as record_module
    from scrapeguard.audit.dsr import Subject, erase

    url = "https://example.fr/people/old.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="block", url=url, days_ago=2000))
        with monkeypatch.context() as m:  # an erasure answered long ago
            m.setattr(record_module, "now_ts", lambda: _days_ago(2000).replace("+00:00", "Z"))
            erase(log, Subject(urls=[url]), request_id="dsr-old")
        log.append(decision(1, action="allow"))
        result = prune(log, load_policy("gdpr-strict"))
        assert result["truncated_through_seq"] == 1 and log.get("dsr-old") is None  # the erasure record is gone
        assert log.is_suppressed(url) == "dsr-old"
        assert log.verify().ok
        prune_seq = result["event_seq"]
    tamper(log_path).execute("DELETE FROM suppression")
    with AuditLog.open(log_path) as log:
        verified = log.verify()
    assert not verified.ok and verified.first_bad_seq == prune_seq and "dsr-old" in verified.reason


def test_a_prune_that_removes_an_older_prune_carries_what_that_one_vouched_for(log_path, decision, monkeypatch):
    """A prune written before prunes carried suppression entries vouched for every entry made
    before it; a later prune that removes it carries those entries on."""
    url = "https://example.fr/people/old.jpg"
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="block", url=url, days_ago=3000))
        _erased_long_ago(log, monkeypatch, {"dsr-old": url})
        first = _pruned_by_an_older_release(log, monkeypatch, policy)
        assert first["truncated_through_seq"] == 1 and log.verify().ok
        log.append(decision(1, action="allow"))
        second = prune(log, policy)
        assert second["truncated_through_seq"] == first["event_seq"]  # the old prune's record is gone too
        assert log.is_suppressed(url) == "dsr-old"
        verified = log.verify()
    assert verified.ok, verified.reason


@pytest.mark.parametrize("column", ["kind", "value", "request_id", "added"])
def test_a_prune_that_removes_an_older_prune_carries_its_entries_though_one_byte_is_not_utf8(
        log_path, decision, monkeypatch, tamper, column):
    """What a prune written before prunes carried suppression entries vouched for is read from the
    suppression list: read as text, one byte that is not UTF-8 in any entry (a bad sector) failed
    the prune that removes it ('Could not decode to UTF-8', exit 3), every time it was scheduled, and
    the expired URLs outlived their period. The entries are read as bytes, as every other reader
    does: the prune runs, and the erased URL stays suppressed."""
    url = "https://example.fr/people/old.jpg"
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="block", url=url, days_ago=3000))
        _erased_long_ago(log, monkeypatch, {"dsr-old": url, "dsr-other": "https://example.fr/people/other.jpg"})
        first = _pruned_by_an_older_release(log, monkeypatch, policy)
        assert first["truncated_through_seq"] == 2
        log.append(decision(1, action="allow", days_ago=1))
    conn = tamper(log_path)
    [(row_id, value)] = conn.execute(f"SELECT id, CAST({column} AS BLOB) FROM suppression WHERE request_id = "
                                     "'dsr-other' ORDER BY id LIMIT 1").fetchall()
    conn.execute(f"UPDATE suppression SET {column} = CAST(? AS TEXT) WHERE id = ?",
                 (value[:3] + b"\xff" + value[4:], row_id))
    conn.close()
    with AuditLog.open(log_path) as log:
        second = prune(log, policy)
        assert second["truncated_through_seq"] == first["event_seq"]  # the old prune's record is gone too
        assert log.is_suppressed(url) == "dsr-old"


def test_a_prune_that_finishes_while_another_reads_the_log_leaves_the_second_a_clear_error(
        log_path, decision, monkeypatch):
    """Two prunes at once (a cron job and an operator): the second read the log before the first
    removed its prefix; it removes nothing and says why, the log stays verifiable."""
    from scrapeguard.audit.retention import PruneError

    _fill(log_path, decision)
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as first, AuditLog.open(log_path) as second:
        begin = second.transaction

        def first_prune_commits_meanwhile():  # between the second's scan and its write
            prune(first, policy)
            return begin()

        monkeypatch.setattr(second, "transaction", first_prune_commits_meanwhile)
        with pytest.raises(PruneError, match="run it again"):
            prune(second, policy)
        monkeypatch.undo()
        assert second.verify().ok
        assert prune(second, policy)["removed_records"] == 0  # run again: nothing more is due


def _store_copies(log, decision_id: str, n: int, monkeypatch, days_ago: int) -> list[int]:  # noqa: ANN001
    """`n` stored copies of a decision's item, recorded `days_ago` (the pipeline stored them then)."""
    import scrapeguard.audit.record as record_module
    from scrapeguard.audit.storage import StorageRef, attach_storage

    with monkeypatch.context() as m:
        m.setattr(record_module, "now_ts", lambda: _days_ago(days_ago).replace("+00:00", "Z"))
        return attach_storage(log, decision_id, [StorageRef(f"s3://b/{decision_id}/{k}.jpg", f"{k:064x}", "full")
                                                 for k in range(n)])


def test_stored_copies_expire_with_their_kept_decision_and_the_prefix_moves_past_them(log_path, decision, monkeypatch):
    """A stored copy's record (its location and hash in the sidecar) lives as long as the
    kept decision it belongs to (gdpr-strict: 180 d retention + 365 d), not as long as a DSR
    event (1095 d): pruned with it, it neither outlives it nor holds the prefix back."""
    from scrapeguard.audit.storage import storage_refs

    with AuditLog.open(log_path) as log:
        old = [decision(i, action="allow", days_ago=800) for i in range(2)]
        log.append(old[0])                                                     # 0
        _store_copies(log, old[0].decision_id, 2, monkeypatch, days_ago=800)   # 1, 2
        log.append(old[1])                                                     # 3
        _store_copies(log, old[1].decision_id, 1, monkeypatch, days_ago=799)   # 4
        log.append(decision(5, action="allow", days_ago=1))                    # 5: live
        late = decision(6, action="allow", days_ago=700)
        log.append(late)                                                       # 6: expired after a live one
        [late_copy] = _store_copies(log, late.decision_id, 1, monkeypatch, days_ago=700)  # 7
        result = prune(log, load_policy("gdpr-strict"))
        assert result["truncated_through_seq"] == 4 and result["removed_by_class"] == {
            "decision:kept": 2, "storage": 3}
        assert [e.seq for e in log.iter_entries()][:3] == [5, 6, 7]
        assert storage_refs(log, [late.decision_id])[late.decision_id][0]["location"] is None  # erased
        verified = log.verify()
        assert verified.ok and verified.start_seq == 5, verified.reason
        assert late_copy == 7 and log.get(7).personal is None


def test_a_stored_copy_is_kept_as_long_as_its_decision_s_own_policy_says(log_path, monkeypatch, tmp_path, tamper):
    """The copy's record is judged by the policy its decision was written under, as the
    decision is: a longer policy keeps both, and verify still catches its row deleted."""
    strict, long = load_policy("gdpr-strict"), _long_policy(tmp_path)
    with AuditLog.open(log_path) as log:
        _written_under(log, long, 0, days_ago=1000)
        ident = log.get(0).record["decision_id"]
        [copy] = _store_copies(log, ident, 1, monkeypatch, days_ago=1000)
        result = prune(log, strict, others=[long])
        assert result["expired_records"] == 0 and log.get(copy).personal is not None
        assert log.verify().ok
    tamper(log_path).execute("DELETE FROM sidecar WHERE seq = ?", (copy,))
    with AuditLog.open(log_path, read_only=True) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == copy and "without an erasure or prune" in result.reason


def test_a_stored_copy_s_row_deleted_without_erasure_or_prune_fails_verify(log_path, decision, tamper):
    """The row holds where the item was stored: deleting it hides the copy from access and
    erasure requests, so verify reports it as it does a decision's row."""
    from scrapeguard.audit.storage import StorageRef, attach_storage

    with AuditLog.open(log_path) as log:
        d = decision(0, action="allow")
        log.append(d)
        [copy] = attach_storage(log, d.decision_id, [StorageRef("s3://b/x.jpg", "ab" * 32)])
        assert log.verify().ok
    tamper(log_path).execute("DELETE FROM sidecar WHERE seq = ?", (copy,))
    with AuditLog.open(log_path, read_only=True) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == copy and "stored copy" in result.reason


def test_a_stored_copy_outliving_its_pruned_decision_is_pruned_by_the_policy_it_names(log_path, monkeypatch):
    """A decision without a retention date expires from its own time, its copy (stored later)
    from the copy's: a prune in between removes the decision only. A later prune still knows
    the copy's policy from the copy's record, and does not keep it for ever as unidentified."""
    strict = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        log.append({"decision_id": "r0", "url": "https://src.example.org/0.jpg", "action": "allow",
                    "ts": _days_ago(800).replace("+00:00", "Z"),
                    "policy": {"id": strict.id, "version": strict.version, "sha256": strict.sha256}})
        [copy] = _store_copies(log, "r0", 1, monkeypatch, days_ago=600)
        _written_under(log, load_policy("research-9-2-j"), 2, days_ago=1)  # the only decision left: another policy
        first = prune(log, strict, as_of=_days_ago(300))  # the decision is due (435 d ago), the copy not (235 d)
        assert first["truncated_through_seq"] == 0 and log.get(copy).personal is not None
        second = prune(log, strict)
        assert second["truncated_through_seq"] == copy and second["kept_unknown_policy"] == []
        assert log.verify().ok


def test_a_prune_says_which_record_holds_expired_ones_in_the_chain(log_path, decision, cli):
    """Expired records behind one still due (here a kept item; often a request's or a read's, kept
    keep_dsr_days) lose their personal fields but stay in the chain, which is cut from its start
    only: the prune says how many and behind which record, rather than leave the operator to
    wonder why a record past keep_blocked_days is still listed."""
    _fill(log_path, decision)
    code, out, err = cli("prune", "--log", str(log_path), "--dry-run", "--json")
    result = json.loads(out)
    assert code == 0 and result["removed_records"] == 6 and result["expired_kept_in_chain"] == 3
    held = result["held_back_by"]
    assert (held["seq"], held["kind"]) == (6, "decision") and held["until"] > result["as_of"]
    code, _, err = cli("prune", "--log", str(log_path))
    assert code == 0 and "note: 3 expired record(s) stay in the chain, without their personal fields, behind seq 6 " \
        f"(a decision record kept until {held['until']})" in err
    with AuditLog.open(log_path) as log:
        assert prune(log, load_policy("gdpr-strict"), dry_run=True)["held_back_by"]["seq"] == 6  # (until it expires)


def test_a_prune_names_the_set_aside_journals_whose_clear_urls_it_cannot_expire(log_path, decision, cli):
    """A journal of unwritten decisions set aside as `.rejected` (a line in it not of the log's key)
    keeps its decisions' URLs in clear beside the log: no prune expires them, and none said so."""
    from scrapeguard.audit.unwritten import rejected_journals, waiting_journals

    url = "https://example.fr/people/old.jpg"
    with AuditLog.open(log_path) as log:
        log.keep_unwritten(decision(0, action="allow", url=url, days_ago=400))  # its write failed; the process ends
    [journal] = waiting_journals(str(log_path))
    with journal.open("a") as fh:
        fh.write('{"v": 1, "mac": "hmac-sha256:00", "entry": "{}"}\n')
    with AuditLog.open(log_path) as log:
        result = prune(log, load_policy("gdpr-strict"))
    [rejected] = rejected_journals(str(log_path))
    assert url in rejected.read_text()
    assert result["unwritten_rejected"] == [str(rejected)]
    code, _, err = cli("prune", "--log", str(log_path), "--dry-run")
    assert code == 0 and str(rejected) in err and "no prune expires" in err, err


def test_a_prune_of_a_log_with_a_byte_that_is_not_utf8_still_erases_the_expired_fields(log_path, decision, tamper,
                                                                                       not_utf8):
    """A prune read each record's kind, time and action as text: one byte that is not UTF-8 in any of
    them (a bad sector in a live record) failed every scheduled prune ('Could not decode to UTF-8',
    exit 3), so expired URLs stayed in the log past their retention period. The log does not
    verify, so it keeps its records (the evidence), and the expired personal fields still go."""
    _fill(log_path, decision)
    not_utf8(tamper(log_path), "chain", "action", 11)
    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        dry = prune(log, policy, dry_run=True)
        result = prune(log, policy)
        expired_row = log.get(8)
    for r in (dry, result):
        assert r["removed_records"] == 0 and r["expired_records"] == 9 and r["kept_as_evidence"] is not None
    assert expired_row.personal is None


def test_a_prune_of_a_log_with_a_byte_that_is_not_utf8_in_a_records_policy_still_runs(log_path, decision, tamper):
    """The policies a prune holds the log to were read as text from the records: one byte that is not
    UTF-8 in a decision's or stored copy's policy id (a bad sector; the JSON stays valid) failed every scheduled prune
    ('Could not decode to UTF-8', exit 3). That record names a policy the prune cannot identify, so
    it is kept, said; the expired personal fields of the others still go."""
    from tests.audit.conftest import make_not_utf8_in_record

    from scrapeguard.audit.storage import StorageRef, attach_storage

    _fill(log_path, decision)
    with AuditLog.open(log_path) as log:
        kept = log.get(10).record["decision_id"]
        [copy] = attach_storage(log, kept, [StorageRef("s3://bucket/full/ab12.jpg", "ab" * 32, "full")])
    conn = tamper(log_path)
    make_not_utf8_in_record(conn, 11, "gdpr-strict")
    make_not_utf8_in_record(conn, copy, "gdpr-strict")  # (a stored copy's record names its decision's policy)
    conn.close()
    with AuditLog.open(log_path) as log:
        result = prune(log, load_policy("gdpr-strict"))
        expired_row = log.get(8)
    assert result["expired_records"] == 9 and expired_row.personal is None
    assert [(u["id"], u["decisions"]) for u in result["kept_unknown_policy"]] == [("g\ufffdpr-strict", 1)]


def test_a_checkpoint_after_a_prune_counts_the_records_the_chain_holds(log_path, decision):
    """A checkpoint adds the records since the last one to that one's counts (`store.checkpoint_counts`);
    after a prune the last one counted records since removed: the chain is counted again, as before."""
    _fill(log_path, decision)
    with AuditLog.open(log_path, checkpoint_every=5) as log:
        prune(log, load_policy("gdpr-strict"))  # seq 0…5 removed; the prune event is seq 12
        for i in range(13, 15):
            log.append(decision(i, action="allow"))  # the 15th record: a checkpoint
        counts = {c["tree_size"]: c["counts"] for c in log.checkpoint_export()}
    assert counts[6] == {"block": 6}  # the prune's, of what it removed
    assert counts[15] == {"allow": 5, "block": 3, "prune": 1}  # seq 6…14


def test_a_kept_item_s_record_counts_its_period_from_the_end_of_the_item_s_retention_date(log_path, decision):
    """A kept item is kept through its retention date (`retention.until`, a day), so its record is
    kept `keep_after_item_deleted_days` after that day ends; counted from the day's midnight, the
    record and its personal fields went up to a day before the item itself may have gone."""
    kept = decision(1, action="allow", ts="2025-01-01T18:00:00.000Z")  # 180 d: until 2025-06-30
    with AuditLog.open(log_path) as log:
        log.append(kept)
        until = log.get(0).record["retention"]["until"]
        policy = load_policy("gdpr-strict")  # kept items +365 d: through 2026-06-30, gone 2026-07-01
        on_the_last_day = prune(log, policy, as_of="2026-06-30T12:00:00Z")
        still_held = log.get(0).personal
        the_day_after = prune(log, policy, as_of="2026-07-01T00:00:00Z")
        verified = log.verify()
    assert until == "2025-06-30"
    assert on_the_last_day["expired_records"] == 0 and still_held is not None and still_held["url"]
    assert the_day_after["expired_records"] == 1 and the_day_after["removed_records"] == 1
    assert verified.ok, verified.reason


def test_a_prune_written_when_kept_items_counted_from_their_date_s_midnight_still_verifies(
    log_path, decision, monkeypatch
):
    """A prune by an earlier release erased a kept item's fields from the midnight of its retention
    date on; its event records the rules it applied, and `verify` holds each prune to its own rules:
    such a log is not called tampered for it."""
    import scrapeguard.audit.retention as retention

    def earlier_rules(policy):  # noqa: ANN001, ANN202 - the rules such a prune recorded
        rules = dict(retention.__dict__["_rules_now"](policy))
        rules.pop("until_inclusive", None)
        return rules

    monkeypatch.setattr(retention, "_rules_now", retention.rules_of, raising=False)
    monkeypatch.setattr(retention, "rules_of", earlier_rules)
    with AuditLog.open(log_path) as log:
        log.append(decision(2, action="allow", days_ago=1))  # (still due: the chain keeps the next one)
        log.append(decision(1, action="allow", ts="2025-01-01T18:00:00.000Z"))
        earlier = prune(log, load_policy("gdpr-strict"), as_of="2026-06-30T12:00:00Z")
        monkeypatch.undo()
        erased = log.get(1)
        verified = log.verify()
    assert earlier["expired_records"] == 1 and earlier["removed_records"] == 0
    assert erased is not None and erased.personal is None
    assert verified.ok, verified.reason


def test_verify_judges_a_record_behind_many_prunes_by_one_expiry_per_rule_set(log_path, decision, monkeypatch):
    """A record whose personal fields a prune erased, behind a record still due (an access request
    keeps the chain's start for three years), is held by `verify` to every later prune until one
    covers it. Its expiry was worked out again for each prune (with a prune a day, hundreds of times
    per record: verify of a log kept for years took many times as long as its chain walk, 1.5 ms a
    record behind two years of daily prunes); it is the same under the same rules, so it is worked
    out once per rule set, and the latest prune, which covers most records, is asked first."""
    import scrapeguard.audit.retention as retention

    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", days_ago=1))  # (still due: the chain keeps what follows)
        log.append(decision(1, action="block", days_ago=200))  # blocked: expired 20 days ago
        for days_ago in range(40, 20, -1):  # a prune a day, before it expired
            prune(log, policy, as_of=format_day(days_ago))
        prune(log, policy)  # today's erases its fields
        assert log.get(1).personal is None
        worked_out = []
        real = retention.expires
        monkeypatch.setattr(retention, "expires", lambda *a: worked_out.append(a) or real(*a))
        verified = log.verify()
    assert verified.ok, verified.reason
    assert len(worked_out) == 1


def test_a_row_no_prune_covers_is_judged_by_one_expiry_per_rule_set_however_many_prunes_follow(
        log_path, decision, monkeypatch, tamper):
    """(The case the latest prune does not end: every prune is asked, and twenty prunes under one rule set
    still work the record's expiry out once.)"""
    import scrapeguard.audit.retention as retention

    policy = load_policy("gdpr-strict")
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", days_ago=1))
        log.append(decision(1, action="allow", days_ago=1))  # due long after every prune below
        for days_ago in range(20, 0, -1):
            prune(log, policy, as_of=format_day(days_ago))
    conn = tamper(log_path)
    conn.execute("DELETE FROM sidecar WHERE seq = 1")  # its fields gone with no erasure or prune covering it
    conn.close()
    worked_out = []
    real = retention.expires
    monkeypatch.setattr(retention, "expires", lambda *a: worked_out.append(a) or real(*a))
    with AuditLog.open(log_path, read_only=True) as log:
        verified = log.verify()
    assert not verified.ok and "without an erasure or prune" in verified.reason
    assert len(worked_out) <= 2, len(worked_out)  # (once per look at the row; one per prune, 20, without it)


def format_day(days_ago: int) -> str:
    import datetime as dt

    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)).date().isoformat()


def test_an_entry_an_old_prune_vouched_for_stays_vouched_for_when_its_request_id_is_used_again(
        log_path, decision, monkeypatch):
    """(review) Request ids are the operator's ticket numbers and may come again. An entry whose erasure record
    a prune of an older release removed (it carried no entries) was vouched for by that prune; once a new
    erasure under the same id was in the chain, verify called the old entry "added by hand or altered"."""
    from scrapeguard.audit.dsr import Subject, erase

    old, new = "https://example.fr/people/old.jpg", "https://example.fr/people/new.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="block", url=old, days_ago=3000))
        _erased_long_ago(log, monkeypatch, {"DSR-7": old})
        _pruned_by_an_older_release(log, monkeypatch, load_policy("gdpr-strict"))
        log.append(decision(1, action="allow", url=new))
        erase(log, Subject(urls=[new]), request_id="DSR-7")
        assert log.is_suppressed(old) == "DSR-7" and log.is_suppressed(new) == "DSR-7"
        verified = log.verify()
    assert verified.ok, verified.reason


def _erased_long_ago(log: AuditLog, monkeypatch: pytest.MonkeyPatch, urls_by_request: dict[str, str]) -> None:
    """Each URL erased 3,000 days ago under its request id."""
    import scrapeguard.audit.record as record_module
    import scrapeguard.audit.store as store_module
    from scrapeguard.audit.dsr import Subject, erase

    def then() -> str:  # (read at each call, as the clock is: records written apart are apart)
        return _days_ago(3000).replace("+00:00", "Z")

    with monkeypatch.context() as m:
        m.setattr(record_module, "now_ts", then)
        m.setattr(store_module, "now_ts", then)
        for request_id, url in urls_by_request.items():
            erase(log, Subject(urls=[url]), request_id=request_id)


def _pruned_by_an_older_release(log: AuditLog, monkeypatch: pytest.MonkeyPatch, policy: Any) -> dict[str, Any]:
    """A prune as of 1,500 days ago, written as releases before prunes carried suppression entries wrote it
    (no `suppression_carried` in its record): its result."""
    import scrapeguard.audit.record as record_module
    import scrapeguard.audit.retention as retention

    with monkeypatch.context() as m:
        m.setattr(record_module, "now_ts", lambda: _days_ago(1500).replace("+00:00", "Z"))
        m.setattr(retention, "event_record", lambda schema, body, *a: record_module.event_record(
            schema, {k: v for k, v in body.items() if k != "suppression_carried"}, *a))
        return prune(log, policy, as_of=_days_ago(1500))
