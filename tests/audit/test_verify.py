"""Tampering with plain SQL (triggers dropped) is caught, and `verify` says where."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from unittest import mock

import pytest

from scrapeguard.audit import AuditLog, verify_jsonl_lines
from scrapeguard.audit.export import write_export
from scrapeguard.cli import main as cli_main


def _verify(path: Path):
    with AuditLog.open(path, create=False) as log:
        return log.verify()


def test_untouched_log_verifies(filled):
    result = _verify(filled)
    assert result.ok and result.count == 40 and result.checkpoints_checked == 4


def test_edited_record_is_caught_at_its_seq(filled, tamper):
    conn = tamper(filled)
    record = json.loads(conn.execute("SELECT record FROM chain WHERE seq = 17").fetchone()[0])
    record["outcome"]["action"] = "block" if record["outcome"]["action"] != "block" else "allow"
    conn.execute("UPDATE chain SET record = ? WHERE seq = 17", (json.dumps(record),))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 17 and "altered" in result.reason


def test_edited_index_column_is_caught(filled, tamper):
    tamper(filled).execute("UPDATE chain SET action = 'allow' WHERE seq = 8")
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 8 and "index column 'action'" in result.reason


def test_an_edited_prev_column_is_caught(filled, tamper):
    """Nothing reads the `prev` column (the record's own link is what the chain checks), so an edit of it
    alone passed `verify` while every other index column's was caught (found in review)."""
    tamper(filled).execute("UPDATE chain SET prev = 'sha256:forged' WHERE seq = 5")
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 5 and "index column 'prev'" in result.reason


@pytest.mark.parametrize("column, value", [("action", "access"), ("domain", "example.fr"), ("purpose", "x")])
def test_an_events_edited_index_column_is_caught(filled, tamper, column, value):
    """An event's columns are held to its record as a decision's are: `list --action erasure`
    reads the action column, so an erasure relabelled `access` there vanished from the list
    while `verify` said OK."""
    from scrapeguard.audit.dsr import Subject, erase

    with AuditLog.open(filled) as log:
        seq = erase(log, Subject(urls=["https://example.fr/people/0.jpg"]))["dsr_seq"]
    tamper(filled).execute(f"UPDATE chain SET {column} = ? WHERE seq = ?", (value, seq))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq and f"index column {column!r}" in result.reason


def test_a_replaced_hmac_key_is_caught_where_no_sidecar_row_is_left_to_show_it(log_path, decision, tamper):
    """The key in the file swapped for another: the suppression list, kept under the old key,
    matched nothing any more (the erased URL crawlable again) and, with every sidecar row erased,
    `verify` said OK. The events the log writes name its key, which verify recomputes."""
    from scrapeguard.audit.dsr import Subject, erase

    url = "https://example.fr/people/jane.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        seq = erase(log, Subject(urls=[url]))["dsr_seq"]
        assert log.is_suppressed(url) and log.verify().ok
    tamper(log_path).execute("UPDATE meta SET value = ? WHERE key = 'hmac_key'", ("11" * 32,))
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(url) is None  # what the swap does
    result = _verify(log_path)
    assert not result.ok and result.first_bad_seq == seq and "key was replaced" in result.reason


def test_a_sidecar_row_put_beside_an_event_record_is_caught(filled, tamper):
    """Requests, prunes and reads are written without a sidecar row. One put beside such a record,
    with a URL and its keyed hash (the key is in the file), passed verify, and an access request
    by that URL then answered with the request's record as a record about the person."""
    from scrapeguard.audit.canonical import url_hmac
    from scrapeguard.audit.dsr import Subject, access

    planted = "https://bob.example.net/bob.jpg"
    with AuditLog.open(filled) as log:
        seq = access(log, Subject(urls=["https://example.fr/people/0.jpg"]))["dsr_seq"]
        key = log.key
    tamper(filled).execute(
        "INSERT INTO sidecar(seq, url_hmac, url) VALUES (?, ?, ?)", (seq, url_hmac(key, planted), planted)
    )
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq and "has no personal fields" in result.reason


def test_deleted_record_is_caught_where_the_gap_is(filled, tamper):
    tamper(filled).execute("DELETE FROM chain WHERE seq = 21")
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq is not None and result.first_bad_seq in (21, 22)
    assert any("missing" in p.reason or "deleted" in p.reason for p in result.problems)


def test_inserted_record_is_caught(filled, tamper):
    conn = tamper(filled)
    seq, record, prev, digest = conn.execute("SELECT seq, record, prev, hash FROM chain WHERE seq = 39").fetchone()
    forged = json.loads(record)
    forged["seq"] = 40
    forged["prev"] = digest
    forged["decision_id"] = "forged"
    conn.execute(
        "INSERT INTO chain SELECT 40, kind, 'forged', ts, domain, action, purpose, ?, ?, ? FROM chain WHERE seq = 39",
        (json.dumps(forged), digest, "sha256:" + "1" * 64),
    )
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 40


def test_inserted_in_the_middle_by_renumbering_is_caught(filled, tamper):
    conn = tamper(filled)
    rows = conn.execute("SELECT * FROM chain WHERE seq >= 30 ORDER BY seq DESC").fetchall()
    for row in rows:  # shift 30.. up by one, then put a copy of 5 at 30
        conn.execute("UPDATE chain SET seq = ? WHERE seq = ?", (row[0] + 1, row[0]))
    conn.execute(
        "INSERT INTO chain SELECT 30, kind, decision_id, ts, domain, action, purpose, record, prev, hash "
        "FROM chain WHERE seq = 5"
    )
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 30


def test_reordered_records_are_caught(filled, tamper):
    conn = tamper(filled)
    a = conn.execute(
        "SELECT kind, decision_id, ts, domain, action, purpose, record, prev, hash FROM chain WHERE seq = 11"
    ).fetchone()
    b = conn.execute(
        "SELECT kind, decision_id, ts, domain, action, purpose, record, prev, hash FROM chain WHERE seq = 12"
    ).fetchone()
    cols = "kind = ?, decision_id = ?, ts = ?, domain = ?, action = ?, purpose = ?, record = ?, prev = ?, hash = ?"
    conn.execute(f"UPDATE chain SET {cols} WHERE seq = 11", (*b,))
    conn.execute(f"UPDATE chain SET {cols} WHERE seq = 12", (*a,))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 11 and "reordered" in result.reason


def test_truncated_tail_is_caught_by_the_checkpoints(filled, tamper):
    conn = tamper(filled)
    conn.execute("DELETE FROM chain WHERE seq >= 35")
    conn.execute("DELETE FROM sidecar WHERE seq >= 35")  # a careful tamperer leaves no orphans
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 35 and "truncated" in result.reason


def test_rewritten_chain_is_caught_by_checkpoints_kept_elsewhere(filled, tamper):
    with AuditLog.open(filled) as log:
        kept_elsewhere = [(c["tree_size"], c["head_hash"], "mailed") for c in log.checkpoint_export()]
    # an attacker who recomputes every hash after an edit, and rewrites the local checkpoints too
    conn = tamper(filled)
    from scrapeguard.audit.canonical import canonical_json, record_hash

    prev = None
    for seq, text in conn.execute("SELECT seq, record FROM chain ORDER BY seq").fetchall():
        record = json.loads(text)
        if seq == 3:
            record["outcome"]["action"] = "allow"  # seq 3 was a "log" decision
        if prev is not None:
            record["prev"] = prev
        digest = record_hash(record)
        conn.execute(
            "UPDATE chain SET record = ?, prev = ?, hash = ?, action = ? WHERE seq = ?",
            (canonical_json(record), record["prev"], digest, record["outcome"]["action"], seq),
        )
        prev = digest
    conn.execute("DELETE FROM checkpoints")
    with AuditLog.open(filled) as log:
        assert log.verify().ok  # a full rewrite fools the file alone …
        result = log.verify(external_checkpoints=kept_elsewhere)
    assert not result.ok and "checkpoint" in result.reason  # … but not the checkpoints kept elsewhere


def test_edited_sidecar_url_is_caught(filled, tamper):
    conn = tamper(filled)
    seq = conn.execute("SELECT seq FROM sidecar WHERE url IS NOT NULL ORDER BY seq LIMIT 1").fetchone()[0]
    conn.execute("UPDATE sidecar SET url = 'https://evil.example/' WHERE seq = ?", (seq,))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq and "sidecar" in result.reason


def test_a_dropped_salt_does_not_hide_an_edited_page_url(filled, tamper):
    # a withdrawn row (all its clear fields gone) reads as erased; a salt dropped beside an edit does not
    conn = tamper(filled)
    seq = conn.execute("SELECT seq FROM sidecar WHERE page_url IS NOT NULL ORDER BY seq LIMIT 1").fetchone()[0]
    conn.execute("UPDATE sidecar SET salt = NULL, page_url = 'https://evil.example/framed.html' WHERE seq = ?", (seq,))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq and "sidecar" in result.reason


def test_a_clear_url_without_its_salt_is_caught(filled, tamper):
    conn = tamper(filled)
    seq = conn.execute("SELECT seq FROM sidecar WHERE url IS NOT NULL ORDER BY seq LIMIT 1").fetchone()[0]
    conn.execute("UPDATE sidecar SET salt = NULL, page_url = NULL, phash = NULL WHERE seq = ?", (seq,))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq
    assert any("without the salt" in p.reason for p in result.problems)


def test_deleted_chain_row_leaves_an_orphan_sidecar_row(filled, tamper):
    tamper(filled).execute("DELETE FROM chain WHERE seq = 39")  # last row: no successor to notice
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 39


@pytest.mark.parametrize(
    "table, column, reason",
    [
        ("chain", "record", "record is not UTF-8 text (an invalid byte at offset 3)"),
        ("chain", "hash", "does not match its hash"),
        ("chain", "domain", "index column 'domain'"),
        ("sidecar", "url", "sidecar URL does not match"),
        ("sidecar", "page_url", "sidecar page URL"),
    ],
)
def test_a_byte_that_is_not_utf8_is_tampering_at_its_seq_not_an_unreadable_log(filled, tamper, not_utf8, table, column,
                                                                                 reason):
    """sqlite3 failed the whole read on it ('Could not decode to UTF-8 column'), so verify
    stopped with exit 3 naming no seq; the writer stored UTF-8, so such a byte is an edit."""
    conn = tamper(filled)
    seq = conn.execute("SELECT seq FROM sidecar WHERE url IS NOT NULL AND page_url IS NOT NULL ORDER BY seq").fetchone()[0]
    not_utf8(conn, table, column, seq)
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == seq and reason in result.reason, result.problems
    assert result.count == 40


def test_jsonl_export_verifies_with_the_same_code(filled):
    out = io.StringIO()
    with AuditLog.open(filled) as log:
        write_export(log, out, "jsonl", personal=True)
        head = log.verify().head_hash
    lines = out.getvalue().splitlines()
    result = verify_jsonl_lines(lines)
    assert result.ok and result.count == 40 and result.head_hash == head and result.personal_checked > 0


def test_jsonl_export_tampering_is_caught_by_line(filled):
    out = io.StringIO()
    with AuditLog.open(filled) as log:
        write_export(log, out, "jsonl")
    lines = out.getvalue().splitlines()
    edited = json.loads(lines[9])
    edited["resource"]["registrable_domain"] = "innocent.example"
    lines[9] = json.dumps(edited)
    result = verify_jsonl_lines(lines)
    assert not result.ok and result.first_bad_seq == 9 and result.problems[0].where == "line 10"
    dropped = lines[:5] + lines[6:]
    assert verify_jsonl_lines(dropped).first_bad_seq == 5
    swapped = lines[:3] + [lines[4], lines[3]] + lines[5:]
    assert verify_jsonl_lines(swapped).first_bad_seq == 3
    assert not verify_jsonl_lines(lines[:2] + ["{not json"] + lines[3:]).ok


def test_a_line_deleted_from_an_export_is_one_gap_not_a_problem_at_every_later_line(log_path, decision):
    """An export is checked by its lines' order: a deleted line is reported where it went, and the
    lines after it still verify, so an edit further on is not lost among false reports (the list
    stops at 50) and the checkpoints kept elsewhere are held to the records they name."""
    with AuditLog.open(log_path, checkpoint_every=1000) as log:
        for i in range(120):
            log.append(decision(i))
        kept = log.checkpoint()
        assert kept is not None
        out = io.StringIO()
        write_export(log, out, "jsonl")
    kept_elsewhere = [(kept["tree_size"], kept["head_hash"], "mailed")]
    lines = out.getvalue().splitlines()
    edited = json.loads(lines[100])
    edited["outcome"]["action"] = "allow"
    lines[100] = json.dumps(edited)
    result = verify_jsonl_lines(lines[:20] + lines[21:], checkpoints=kept_elsewhere)
    assert not result.ok and result.first_bad_seq == 20
    assert [(p.seq, p.where) for p in result.problems] == [(20, "line 21"), (21, "line 21"), (100, "line 100")]
    assert "1 record(s) missing before it (deleted)" in result.problems[0].reason
    assert "does not match its hash" in result.problems[2].reason
    assert result.checkpoints_checked == 1  # the head at 120 records: no truncation is claimed


def test_a_line_repeated_or_put_in_an_export_is_reported_and_left_out(filled):
    out = io.StringIO()
    with AuditLog.open(filled) as log:
        write_export(log, out, "jsonl")
    lines = out.getvalue().splitlines()
    repeated = verify_jsonl_lines(lines[:8] + [lines[7]] + lines[8:])
    assert [p.seq for p in repeated.problems] == [8] and "repeated" in repeated.reason
    inserted = verify_jsonl_lines(lines[:10] + [lines[-1]] + lines[10:])  # the last record copied in at 10
    assert [p.seq for p in inserted.problems] == [10, 39] and "inserted" in inserted.reason



@pytest.mark.parametrize(
    "column, value, seq, reason",
    [
        ("page_url", "https://example.fr/people/someone-else.html", 0, "page URL or perceptual hash"),
        ("phash", "ffffffffffffffff", 0, "page URL or perceptual hash"),
        ("image_sha256", "cd" * 32, 0, "image hash"),
        ("image_sha256", "cd" * 32, 1, "image hash"),  # a keyed-hash-only (blocked) row
        ("phash", "ffffffffffffffff", 1, "page URL or perceptual hash"),
    ],
)
def test_edited_sidecar_fields_are_caught(log_path, decision, tamper, column, value, seq, reason):
    """The page a photo was on and its hashes are what an access request answers with: an edit
    that pins a photo on another page, or hides it from a search by copy, must not pass."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow").to_dict() | {"phash": "0123456789abcdef"})
        log.append(decision(1, action="block").to_dict() | {"phash": "0123456789abcdef"})
        assert log.verify().ok
    tamper(log_path).execute(f"UPDATE sidecar SET {column} = ? WHERE seq = ?", (value, seq))
    result = _verify(log_path)
    assert not result.ok and result.first_bad_seq == seq and reason in result.reason


@pytest.mark.parametrize("action", ["allow", "block"])
def test_a_page_url_and_perceptual_hash_given_to_a_row_that_had_neither_are_caught(log_path, decision, tamper, action):
    """A crawled page's row (no page, no perceptual hash) given both points a stranger's photo at
    a person's copy: `subject --image` then answered with the record, under the forged page."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action=action).to_dict() | {"page_url": None})
        assert log.verify().ok
    tamper(log_path).execute("UPDATE sidecar SET page_url = 'https://jane.example.fr/album/', "
                             "phash = '0123456789abcdef' WHERE seq = 0")
    result = _verify(log_path)
    assert not result.ok and result.first_bad_seq == 0 and "page URL or perceptual hash" in result.reason


def test_a_record_from_before_the_fields_commitment_still_may_not_gain_a_page(log_path, decision, tamper,
                                                                             monkeypatch):
    """A record without `fields_ref` (an older release wrote none) that says it was met on no
    page: a page URL in its row is an edit all the same."""
    monkeypatch.setattr("scrapeguard.audit.record.fields_ref", lambda *args, **kwargs: None)  # (as released before)
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow").to_dict() | {"page_url": None})
        assert log.verify().ok
    conn = tamper(log_path)
    conn.execute("UPDATE sidecar SET page_url = '' WHERE seq = 0")  # (as releases before 1b0fd10 stored "none")
    assert _verify(log_path).ok
    conn.execute("UPDATE sidecar SET page_url = 'https://jane.example.fr/album/' WHERE seq = 0")
    result = _verify(log_path)
    assert not result.ok and result.first_bad_seq == 0 and "met on no page" in result.reason


def test_checkpoint_counts_raised_on_a_log_never_pruned_are_caught(filled, tamper):
    """Only a log a prune cut may have counts above what it holds: `{"allow": 5000}` on one that
    never was passed, and was exported as evidence."""
    conn = tamper(filled)
    size, counts = conn.execute("SELECT tree_size, counts FROM checkpoints ORDER BY tree_size LIMIT 1").fetchone()
    raised = json.loads(counts)
    raised["allow"] += 4990
    conn.execute("UPDATE checkpoints SET counts = ? WHERE tree_size = ?", (json.dumps(raised), size))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == size - 1 and "counts" in result.reason


@pytest.mark.parametrize("lines", [[], ["", "  "], io.BytesIO(b""), io.BytesIO(b"\n\r\n")])
def test_an_empty_jsonl_stream_is_no_export(lines):
    """An empty file verified as an export of no record ("OK: 0 records verified"), where a file of lines but no
    record is refused as no export (found in review): refused too."""
    with pytest.raises(ValueError, match="no JSON Lines export.*the file is empty"):
        verify_jsonl_lines(lines)


def test_a_clear_url_beside_a_keyed_only_record_in_an_export_is_caught(log_path, decision):
    """No release writes a blocked item's URL in clear (`[audit] url = "hmac"`): one added to an
    export's line is an edit, with or without the log's key."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="block"))
        out = io.StringIO()
        write_export(log, out, "jsonl", personal=True)
    line = json.loads(out.getvalue().splitlines()[0])
    assert line["resource"]["url_ref"].startswith("hmac-sha256:") and "url" not in line["personal"]
    line["personal"] |= {"url": "https://bob.example.org/bob.jpg", "page_url": "https://bob.example.org/"}
    result = verify_jsonl_lines([json.dumps(line)])
    assert not result.ok and "in clear beside a record kept only as a keyed hash" in result.reason


def test_edited_page_url_in_a_personal_export_is_caught(log_path, decision):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
        out = io.StringIO()
        write_export(log, out, "jsonl", personal=True)
    assert verify_jsonl_lines(out.getvalue().splitlines()).ok
    line = json.loads(out.getvalue().splitlines()[0])
    line["personal"]["page_url"] = "https://example.fr/elsewhere/"
    result = verify_jsonl_lines([json.dumps(line)])
    assert not result.ok and "page URL" in result.reason


def test_a_damaged_index_is_reported_as_unreadable(filled, tamper, cli):
    """An index that no longer matches its table (a bad sector, a bad copy) makes a look-up by
    URL miss the record, so an access or erasure request would silently find nothing."""
    from scrapeguard.audit import AuditUnreadable

    conn = tamper(filled)
    conn.execute("PRAGMA writable_schema = ON")  # the index now holds other keys than its definition says
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX sidecar_url_hmac ON sidecar(url)' WHERE name = 'sidecar_url_hmac'")
    conn.close()
    with AuditLog.open(filled, create=False) as log:
        assert log.conn.execute("PRAGMA quick_check").fetchone() == ("ok",)  # the cheap check sees nothing
        with pytest.raises(AuditUnreadable, match="missing from index sidecar_url_hmac"):
            log.verify()
    code, _, err = cli("verify", "--log", str(filled))
    assert code == 2 and "damaged at the storage level" in err


def test_an_erasure_committed_while_verify_walks_the_chain_is_not_tampering(log_path, decision):
    """verify reads one snapshot: another process's erasure, committed between its reads of
    the chain and of the suppression list, is either wholly seen or not seen at all."""
    from scrapeguard.audit.dsr import Subject, erase

    with AuditLog.open(log_path) as log:
        for i in range(2500):  # more than one fetch of the chain walk
            log.append(decision(i, action="allow"))
    target = decision(7, action="allow").url
    fired: list[int] = []

    def erase_meanwhile(walked: int) -> None:
        if not fired:
            fired.append(walked)
            with AuditLog.open(log_path) as writer:  # a colleague's `audit erase`
                erase(writer, Subject(urls=[target]), request_id="during-verify")

    with AuditLog.open(log_path, read_only=True) as reader:
        result = reader.verify(progress=erase_meanwhile)
        assert fired and result.ok, result.reason
        assert reader.verify().ok


def test_a_prune_committed_while_verify_runs_is_not_a_deleted_prefix(log_path, decision, monkeypatch):
    """The anchor and checkpoints verify reads first belong to the same snapshot as the chain."""
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path, checkpoint_every=5) as log:
        for i in range(10):
            log.append(decision(i, action="block", days_ago=200))
        log.append(decision(10, action="allow"))
    original = AuditLog.checkpoints
    fired: list[int] = []

    def checkpoints_then_prune(self: AuditLog) -> list[tuple[int, str, str]]:
        out = original(self)
        if not fired:
            fired.append(1)
            with AuditLog.open(log_path) as writer:  # the nightly prune, another connection
                assert prune(writer, load_policy("gdpr-strict"))["removed_records"] == 10
        return out

    monkeypatch.setattr(AuditLog, "checkpoints", checkpoints_then_prune)
    with AuditLog.open(log_path, read_only=True) as reader:
        result = reader.verify()
    assert fired and result.ok, result.reason


@pytest.mark.parametrize("field, value", [("outcome", [1]), ("retention", "soon"), ("outcome", "block")])
def test_a_record_edited_to_hold_the_wrong_types_is_reported_not_a_crash(filled, tamper, field, value):
    """The side-table cross-checks read fields of records the chain walk has not vetted yet: a
    field of the wrong type there is the tampering verify reports, never a traceback."""
    conn = tamper(filled)
    conn.execute("DELETE FROM sidecar WHERE seq = 12")  # (the cross-checks read records without one)
    record = json.loads(conn.execute("SELECT record FROM chain WHERE seq = 12").fetchone()[0])
    record[field] = value
    conn.execute("UPDATE chain SET record = ? WHERE seq = 12", (json.dumps(record),))
    result = _verify(filled)
    assert not result.ok and result.first_bad_seq == 12


def _previous_release_log(path: Path, make_decision) -> tuple[str, str]:  # noqa: ANN001
    """seq 0: request-stage allow of alice (clear URL); seq 1: allowed response of bob; seq 2: a
    keyed-only block of alice. Returns (alice's keyed hash, a foreign one)."""
    import dataclasses

    from scrapeguard.audit.canonical import url_hmac
    from scrapeguard.audit.record import decision_record

    def at(d, stage):  # noqa: ANN001, ANN202
        d.stage = stage
        return d

    alice = "https://example.fr/p/alice.jpg"
    with AuditLog.open(path) as log:
        log.append(at(make_decision(0, action="allow", url=alice), "request"))
        log.append(at(make_decision(1, action="allow", url="https://example.fr/p/bob.jpg"), "response"))
        with log.transaction() as tx:
            block = decision_record(at(make_decision(2, action="block", url=alice), "response").to_dict(), log.key)
            log.append_many(tx, [dataclasses.replace(block, withdraws_clear=None)])
        return url_hmac(log.key, alice), url_hmac(log.key, "https://example.fr/p/carol.jpg")


def _cut_back(path: Path, tamper, seq: int, url_hmac: str, *, delete_first: bool = False):  # noqa: ANN001, ANN202
    """Rewrite row `seq` as a row cut back to `url_hmac` (image hash kept), by delete + insert or
    by INSERT OR REPLACE, with triggers dropped; then verify."""
    conn = tamper(path)
    img = conn.execute("SELECT image_sha256 FROM sidecar WHERE seq = ?", (seq,)).fetchone()[0]
    if delete_first:
        conn.execute("DELETE FROM sidecar WHERE seq = ?", (seq,))
    conn.execute("INSERT OR REPLACE INTO sidecar(seq, url_hmac, image_sha256) VALUES (?, ?, ?)", (seq, url_hmac, img))
    return _verify(path)


def test_a_request_row_cut_back_to_its_own_keyed_hash_verifies(log_path, tamper, decision):
    own, _ = _previous_release_log(log_path, decision)
    assert _cut_back(log_path, tamper, 0, own, delete_first=True).ok


def test_a_request_row_put_back_with_a_foreign_keyed_hash_is_caught(log_path, tamper, decision):
    """Its URL is gone, so nothing but the later keyed-only block of the URL vouches for the
    row's keyed hash: one no later record holds hides the record from access requests."""
    _, foreign = _previous_release_log(log_path, decision)
    result = _cut_back(log_path, tamper, 0, foreign, delete_first=True)
    assert not result.ok and result.first_bad_seq == 0 and "keyed hash" in result.reason


def test_a_response_row_replaced_by_a_keyed_hash_only_row_is_caught(log_path, tamper, decision):
    _, foreign = _previous_release_log(log_path, decision)
    result = _cut_back(log_path, tamper, 1, foreign)
    assert not result.ok and result.first_bad_seq == 1 and "rewritten" in result.reason


def test_a_row_that_lost_only_its_url_is_caught(log_path, tamper, decision):
    _previous_release_log(log_path, decision)
    conn = tamper(log_path)
    row = conn.execute("SELECT seq, url_hmac, salt, page_url, image_sha256, phash FROM sidecar WHERE seq = 1").fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO sidecar(seq, url_hmac, salt, page_url, image_sha256, phash) VALUES (?, ?, ?, ?, ?, ?)", row
    )
    result = _verify(log_path)
    assert not result.ok and result.first_bad_seq == 1


def test_a_keyed_only_rows_hash_must_be_the_records(log_path, tamper, decision):
    _, foreign = _previous_release_log(log_path, decision)
    result = _cut_back(log_path, tamper, 2, foreign)
    assert not result.ok and result.first_bad_seq == 2 and "keyed hash" in result.reason


def test_a_log_keyed_before_unreserved_escapes_were_decoded_still_verifies(log_path, decision, monkeypatch):
    """Its commitments and keyed hashes are over `/%7Ejdoe/` as met: verify accepts that form."""
    from scrapeguard.audit import record as record_module
    from scrapeguard.audit.canonical import escaped_normal_form

    with AuditLog.open(log_path) as log:
        with monkeypatch.context() as m:
            m.setattr(record_module, "normalise_url", escaped_normal_form)  # the previous writer
            log.append(decision(0, action="allow", url="https://uni.example.edu/%7Ejdoe/me.jpg"))
        log.append(decision(1, action="allow", url="https://uni.example.edu/%7Ejdoe/you.jpg"))
        result = log.verify()
    assert result.ok and result.personal_checked == 2


def test_verify_of_a_log_being_written_does_not_hold_up_its_writers(log_path, decision):
    """`log.verify()` on the log a crawler's threads append to (the public API's own example): its
    snapshot held the log's lock, so every append and suppression look-up waited for the whole walk
    (19 s for 100,000 records). It reads through a connection of its own now."""
    with AuditLog.open(log_path, synchronous="NORMAL") as log:
        for i in range(2500):  # more than one fetch of the chain walk: `progress` runs during it
            log.append(decision(i, action="allow"))
        written: list[int] = []
        writer = threading.Thread(target=lambda: written.append(log.append(decision(9999))))

        def append_meanwhile(walked: int) -> None:
            if not writer.is_alive() and not written:
                writer.start()
                writer.join(10)
                assert written == [2500], "the append waited for verify to end"

        result = log.verify(progress=append_meanwhile)
        writer.join()
        assert result.ok and result.count == 2500  # the snapshot it began with
        assert log.is_suppressed(decision(1).url) is None
        with log.snapshot():  # inside a snapshot it still joins it (`audit report`: figures and chain alike)
            assert log.verify().count == 2501


def test_verify_begun_while_another_thread_commits_still_reads_on_its_own(log_path, decision):
    """Whether to join the writer's snapshot was read from the connection (`in_transaction`), which is
    also true while any other thread commits an append: verify then held the log's lock for its whole
    walk after all. Only the caller's own `snapshot()` is joined."""
    with AuditLog.open(log_path, synchronous="NORMAL") as log:
        for i in range(2500):
            log.append(decision(i, action="allow"))
        committing, release, committed = threading.Event(), threading.Event(), threading.Event()

        def commit() -> None:
            with log.transaction():
                committing.set()
                release.wait(5)
                committed.set()

        other = threading.Thread(target=commit)
        other.start()
        committing.wait(5)
        walked_while_committing: list[bool] = []

        def progress(walked: int) -> None:
            if not walked_while_committing:
                walked_while_committing.append(not committed.is_set())
            release.set()

        result = log.verify(progress=progress)
        other.join()
        assert result.ok and walked_while_committing == [True]


def _forge_a_prune(log_path, decision, tamper, when: str | None = None) -> tuple[list[tuple[int, str, str]], Path]:
    """12 decisions, their checkpoints kept elsewhere (returned, and the file `audit checkpoint -o` kept),
    then the log emptied and a prune event appended, dated `when` (now), that vouches for a made-up
    anchor past them all."""
    from scrapeguard.audit import record
    from scrapeguard.audit.record import PRUNE_SCHEMA, event_record

    with AuditLog.open(log_path, checkpoint_every=5) as log:
        for i in range(12):
            log.append(decision(i))
    with AuditLog.open(log_path) as log:
        kept = [(c["tree_size"], c["head_hash"], f"mailed:{c['tree_size']}") for c in log.checkpoint_export()]
    mailed = Path(str(log_path) + ".checkpoints.json")
    assert cli_main(["audit", "checkpoint", "--log", str(log_path), "--no-write", "-o", str(mailed)]) == 0
    when = when or record.now_ts()
    conn = tamper(log_path)
    conn.execute("DELETE FROM chain")
    conn.execute("DELETE FROM sidecar")
    fake = "sha256:" + "ab" * 32
    conn.execute("INSERT INTO anchors VALUES (13, ?, ?)", (fake, when))
    conn.close()
    with mock.patch.object(record, "now_ts", lambda: when):  # (the forger's clock)
        forged = event_record(PRUNE_SCHEMA, {
            "as_of": when, "policy": {"id": "gdpr-strict"}, "rules": {}, "removed_records": 14,
            "truncated_through_seq": 13, "truncated_head_hash": fake, "sidecar_rows_erased": 0,
            "suppression_carried": []}, "forged-prune", "prune")
    with AuditLog.open(log_path) as log, log.transaction() as c:
        log.append_prepared(c, forged)
    return kept, mailed


def test_checkpoints_kept_elsewhere_that_a_prune_removed_are_counted_as_unchecked(log_path, decision, tamper, capsys):
    """The whole log emptied and a prune forged that "removed" everything through past the last
    checkpoint kept elsewhere: no record is left to check the kept ones against, and they were passed
    over without a word while the CLI said the checkpoints "matched (with those in FILE)". What no
    file can show is at least said: how many kept checkpoints could not be checked."""
    kept, mailed = _forge_a_prune(log_path, decision, tamper)
    with AuditLog.open(log_path, read_only=True) as log:
        result = log.verify(external_checkpoints=kept)  # (not told when they were taken)
        long_after = log.verify(external_checkpoints=kept, kept_at={label: "2026-01-01T00:00:00Z" for *_, label in kept})
    assert result.ok and result.start_seq == 14  # (what no file can show by itself)
    assert result.kept_unchecked == len(kept) == 3 and result.to_dict()["kept_unchecked"] == 3
    assert long_after.ok and long_after.kept_unchecked == 3  # kept long before the prune: a prune could have
    capsys.readouterr()
    assert cli_main(["audit", "verify", "--log", str(log_path), "--checkpoint", str(mailed)]) == 1
    out = capsys.readouterr().out  # the kept file says when each was taken: such a prune cannot have been
    assert "TAMPERED" in out and "posing as a retention prune" in out and "taken 20" in out


def test_a_prune_dated_after_the_verification_was_forged(log_path, decision, tamper, capsys):
    """A forged prune dated a day or more past the checkpoints kept elsewhere (to pass
    `_check_prunes_against_kept`) says it was written after the verification that reads it."""
    from datetime import UTC, datetime, timedelta

    from scrapeguard.audit.record import format_ts

    _, mailed = _forge_a_prune(log_path, decision, tamper, format_ts(datetime.now(UTC) + timedelta(days=3)))
    capsys.readouterr()
    assert cli_main(["audit", "verify", "--log", str(log_path), "--checkpoint", str(mailed)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    # (a fast clock would say the same: how far ahead is told, so an officer can tell one from the other; review)
    assert "3 days later than this verification" in out and "the clock of the machine that ran the prune" in out


def test_honest_prunes_hours_apart_pass_the_checkpoints_kept_elsewhere(log_path, decision, capsys):
    """A prune writes a checkpoint sized at its cut and dated when it ran: the records past the cut
    are older than that. Held to its time like a checkpoint taken at the log's head, two honest
    prunes four hours apart were reported TAMPERED, and every later `checkpoint -o` refused."""
    from datetime import UTC, datetime, timedelta

    from scrapeguard.audit.record import format_ts

    with AuditLog.open(log_path) as log:
        for k, hours in enumerate(range(10, 0, -1)):  # blocked 180 days and 10..1 hours ago: expiring hour by hour
            log.append(decision(k, action="block", days_ago=180 + hours / 24))
        for k in range(10, 15):
            log.append(decision(k, action="block", days_ago=1))
    earlier = format_ts(datetime.now(UTC) - timedelta(hours=4))
    kept = Path(str(log_path) + ".kept.jsonl")
    assert cli_main(["audit", "prune", "--log", str(log_path), "--as-of", earlier]) == 0
    assert cli_main(["audit", "checkpoint", "--log", str(log_path), "--no-write", "-o", str(kept)]) == 0
    assert cli_main(["audit", "prune", "--log", str(log_path)]) == 0
    capsys.readouterr()
    assert cli_main(["audit", "verify", "--log", str(log_path), "--checkpoint", str(kept)]) == 0, capsys.readouterr()
    assert cli_main(["audit", "checkpoint", "--log", str(log_path), "--no-write", "-o", str(kept)]) == 0


def test_the_shortest_retention_verify_assumes_is_the_policy_schema_s() -> None:
    from scrapeguard.audit.verify import SHORTEST_RETENTION
    from scrapeguard.policy.model import Audit, Purpose

    bounds = [field.metadata for model, name in ((Purpose, "retention_days"), (Audit, "keep_blocked_days"),
                                                 (Audit, "keep_after_item_deleted_days"),
                                                 (Audit, "keep_dsr_days"))
              for field in [model.model_fields[name]]]
    assert {bound.ge for metadata in bounds for bound in metadata if hasattr(bound, "ge")} == {SHORTEST_RETENTION.days}


def test_verify_does_not_hold_every_decision_whose_row_a_prune_erased(log_path, decision, tamper, monkeypatch):
    """Under retention most records behind an item still kept lose their rows and stay in the chain
    (millions on a log kept for years): verify kept each of them (about 0.7 KB) until the end of the
    walk to look for the prune that covers it, so its memory grew with the log (136 MiB instead of
    64 for 100,000). The erasure and prune events are read first; only a row no event covers waits."""
    import scrapeguard.audit.store as store
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path, synchronous="NORMAL") as log:
        log.append(decision(0, action="allow", days_ago=200))  # kept 180 + 365 days: the prefix stays
        for i in range(1, 40):
            log.append(decision(i, action="block", days_ago=190))  # expired: rows erased, records kept
        assert prune(log, load_policy("gdpr-strict"))["sidecar_rows_erased"] == 39
    waiting: list[int] = []
    check = store._Vouchers.check

    def counting(self, verifier, suppression):  # noqa: ANN001, ANN202 - the real check, counted
        waiting.append(len(self.bare))
        return check(self, verifier, suppression)

    monkeypatch.setattr(store._Vouchers, "check", counting)
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.verify().ok
    assert waiting == [0]
    tamper(log_path).execute("DELETE FROM sidecar WHERE seq = 0")  # the kept item's row, by hand
    with AuditLog.open(log_path, read_only=True) as log:
        result = log.verify()
    assert waiting[-1] == 1 and not result.ok and result.first_bad_seq == 0 and "deleted without" in result.reason


def test_a_line_nested_too_deep_to_read_is_a_bad_line_not_a_crash(filled, tmp_path):
    """A line of JSON nested a hundred thousand levels deep (or a record edited so) stopped
    `verify --jsonl` with Python's RecursionError and a traceback (exit 1, read as 'tampered' with
    no word of where): it is a line that cannot be read, reported at its place like any other."""
    export = tmp_path / "log.jsonl"
    with AuditLog.open(filled) as log, export.open("w", encoding="utf-8") as out:
        write_export(log, out, "jsonl")
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    deep = "[" * 100_000 + "]" * 100_000
    lines[3] = '{"x": ' + deep + "}\n"
    lines.insert(7, deep + "\n")
    result = verify_jsonl_lines(io.StringIO("".join(lines)))
    assert not result.ok and {p.where for p in result.problems} >= {"line 4", "line 8"}
    for seq in ("[1]", '"x"', "true"):  # an anchor line edited so: a bad line too, not a TypeError or exit 2
        anchor = '{"hash": "sha256:00", "schema": "scrapeguard.anchor/1", "seq": %s}\n' % seq
        result = verify_jsonl_lines(io.StringIO(anchor + export.read_text(encoding="utf-8")))
        assert not result.ok and result.problems[0].where == "line 1" and "prune anchor" in result.problems[0].reason


def test_a_run_of_nul_bytes_where_an_export_was_is_a_bad_line_not_a_memory_error(filled, tmp_path):
    """A file system that zero-fills what a crash left unwritten gives an export a run of NUL bytes with no
    newline: `verify --jsonl` read it as one line, whole, and with memory bounded (as on a busy host)
    ended in a MemoryError traceback, exit 1 with no word of where. It is a line no record is, named at
    its place, read no further than `MAX_LINE`."""
    import resource
    import subprocess
    import sys

    export = tmp_path / "log.jsonl"
    with AuditLog.open(filled) as log, export.open("w", encoding="utf-8") as out:
        write_export(log, out, "jsonl")
    lines = export.read_bytes().splitlines(keepends=True)
    with export.open("wb") as out:
        out.writelines(lines[:10])
        out.truncate(out.tell() + (1 << 30))  # (a sparse gigabyte of NULs, no disk used)
        out.seek(0, 2)
        out.write(b"\n")
        out.writelines(lines[10:])

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20))

    done = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", "verify", "--jsonl", str(export), "--json"],
                          capture_output=True, text=True, preexec_fn=bounded, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-500:]
    problems = json.loads(done.stdout)["problems"]
    assert problems[0]["where"] == "line 11" and "longer than 64 MiB" in problems[0]["reason"], problems[:2]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_line_that_never_ends_is_named_and_the_rest_left_unread_not_skipped_for_ever(tmp_path):
    """`verify --jsonl /dev/zero` skipped its one endless line to its end, for ever (regression review):
    past `MAX_SKIP` the line is named and nothing after it read, exit 1."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "scrapeguard", "audit", "verify", "--jsonl", "/dev/zero"],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr[-400:]
    assert "nothing after it was read" in done.stdout + done.stderr


def test_the_checkpoints_said_matched_from_a_file_are_those_a_prune_left_records_for(log_path, decision, capsys):
    """(Audit review) After a prune removed the log's oldest records, "2 checkpoints matched (3 of them from
    kept.jsonl)" counted a kept checkpoint of the removed part, which the note after it says was not checked."""
    kept = Path(str(log_path) + ".kept.jsonl")
    with AuditLog.open(log_path) as log:
        for k in range(5):
            log.append(decision(k, action="block", days_ago=900))
    assert cli_main(["audit", "checkpoint", "--log", str(log_path), "--no-write", "-o", str(kept)]) == 0
    first = json.loads(kept.read_text())  # (taken when its records were written, 900 days ago)
    first = {k: ("2024-06-01T00:00:00.000Z" if "taken" in k or k == "ts" else v) for k, v in first.items()}
    kept.write_text(json.dumps(first) + "\n")
    with AuditLog.open(log_path) as log:
        for k in range(5, 10):
            log.append(decision(k, action="block", days_ago=900))
        for k in range(10, 15):
            log.append(decision(k, action="block", days_ago=1))
    assert cli_main(["audit", "checkpoint", "--log", str(log_path), "--no-write", "-o", str(kept)]) == 0
    assert cli_main(["audit", "prune", "--log", str(log_path)]) == 0
    capsys.readouterr()
    status = cli_main(["audit", "verify", "--log", str(log_path), "--checkpoint", str(kept)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "1 checkpoint(s) in" in out and "lie in the prefix a retention prune removed" in out, out
    assert "(1 of them from" in out, out


@pytest.mark.parametrize(("field", "value"), [("url", 5), ("salt", 7), ("page_url", ["x"]), ("url_hmac", {}),
                                              ("image_sha256", 1.5), ("phash", True), ("redacted_sha256", 3)])
def test_a_sidecar_field_of_another_type_in_a_personal_export_is_tampering_at_its_line(
        filled, field, value, tmp_path):
    """(Review) `"personal": {"url": 5}` on line 4 of an `export --personal` file failed `verify --jsonl` itself
    ("TypeError: expected string or bytes-like object"), exit 2 as a bug of scrapeguard's. Every sidecar field is
    text or none: one of any other type is an edit, reported at its line (exit 1)."""
    out = io.StringIO()
    with AuditLog.open(filled) as log:
        write_export(log, out, "jsonl", personal=True)
    lines = out.getvalue().splitlines()
    line = json.loads(lines[3])
    line["personal"][field] = value
    lines[3] = json.dumps(line)
    result = verify_jsonl_lines(lines)
    assert not result.ok and result.problems[0].where == "line 4" and f"{field} hold no text" in result.reason
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n")
    assert cli_main(["audit", "verify", "--jsonl", str(export)]) == 1
