"""The store: durable, append-only, minimised, and clear about files it cannot use."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapeguard.audit import (
    AuditError,
    AuditFull,
    AuditLocked,
    AuditLog,
    AuditSchemaTooNew,
    AuditTampered,
    AuditUnreadable,
)
from scrapeguard.audit.canonical import client_spellings, commitment, normalise_url
from scrapeguard.audit.store import SCHEMA_VERSION


def test_append_returns_gap_free_seqs_and_the_chain_verifies(log_path, decision):
    with AuditLog.open(log_path) as log:
        seqs = [log.append(decision(i)) for i in range(5)]
        result = log.verify()
    assert seqs == [0, 1, 2, 3, 4]
    assert result.ok and result.count == 5 and result.first_bad_seq is None


def test_durability_settings_are_wal_and_full_sync(log_path):
    with AuditLog.open(log_path) as log:
        assert log.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert log.busy_timeout >= 1.0  # writers wait for the lock (fair polling in _begin_immediate)


def test_record_follows_the_schema_with_commitments_not_urls(log_path, decision):
    d = decision(1, action="allow", url="https://Example.FR:443/people/ana.jpg#top")
    with AuditLog.open(log_path) as log:
        log.append(d)
        entry = log.get(0)
    r = entry.record
    assert r["schema"] == "scrapeguard.decision/1" and r["seq"] == 0 and r["decision_id"] == d.decision_id
    assert r["policy"] == {"id": "gdpr-strict", "version": d.policy_version, "sha256": d.policy_sha256}
    assert r["resource"]["registrable_domain"] == "example.fr"
    assert r["retention"]["days"] == 180 and r["retention"]["until"]
    assert r["detectors"] == [{"name": "face.yunet", "version": "2023mar"}]
    assert r["jurisdiction"]["applied"] == ["EU"]
    # the clear URL lives only in the sidecar, and the chain's commitment binds to it
    assert "people/ana" not in json.dumps(r)
    assert entry.personal["url"] == d.url
    assert r["resource"]["url_ref"] == commitment(entry.personal["salt"], d.url)
    assert normalise_url(d.url) == "https://example.fr/people/ana.jpg"


def test_blocked_url_is_kept_only_as_a_keyed_hash(log_path, decision):
    secret = "https://example.fr/people/blocked-person-7.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(7, action="block", url=secret))
        entry = log.get(0)
    assert entry.record["resource"]["url_ref"].startswith("hmac-sha256:")
    assert entry.personal["url"] is None
    data = b"".join(p.read_bytes() for p in log_path.parent.glob("decisions.sqlite*"))
    assert b"blocked-person-7" not in data  # nowhere in the file or its WAL


def test_clear_mode_keeps_blocked_urls_in_the_sidecar(log_path, decision):
    with AuditLog.open(log_path, url_mode="clear") as log:
        log.append(decision(3, action="block"))
        assert log.get(0).personal["url"].endswith("/people/3.jpg")


def test_evidence_never_carries_bytes_or_embeddings(log_path, decision):
    d = decision(2, action="block")
    d.findings[0].evidence = {
        "faces": 2,
        "embedding": [0.1] * 128,
        "crop": b"\xff\xd8" * 50,
        "box": [1, 2, 3, 4],
        "vector": [0.5] * 512,
    }
    with AuditLog.open(log_path) as log:
        log.append(d)
        ev = log.get(0).record["findings"][0]["evidence"]
    assert ev["faces"] == 2 and ev["box"] == [1, 2, 3, 4]
    assert ev["embedding"] == "<omitted>" and ev["crop"] == "<omitted>" and ev["vector"] == "<512 numbers omitted>"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE chain SET action = 'allow' WHERE seq = 0",
        "DELETE FROM chain WHERE seq = 0",
        "DELETE FROM checkpoints",
        "UPDATE meta SET value = 'x' WHERE key = 'hmac_key'",
    ],
)
def test_triggers_refuse_edits(log_path, decision, statement):
    with AuditLog.open(log_path, checkpoint_every=1) as log:
        log.append(decision(0))
    conn = sqlite3.connect(log_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only|fixed at creation"):
        conn.execute(statement)


def _erasure_event(request_id: str, decision_ids: list[str], suppressed: list[dict[str, str]] | None = None):  # noqa: ANN202
    """The chain record an erasure writes (what `verify` holds the sidecar and suppression to)."""
    from scrapeguard.audit.record import DSR_SCHEMA, event_record

    body = {
        "kind": "erasure",
        "request_id": request_id,
        "items_found": decision_ids,
        "actions": {"suppressed": suppressed or []},
    }
    return event_record(DSR_SCHEMA, body, request_id, "erasure")


def test_sidecar_rows_are_erased_only_with_a_recorded_erasure(log_path, decision):
    d = decision(0, action="allow")
    with AuditLog.open(log_path) as log:
        log.append(d)
        log.append(decision(1, action="allow"))
        with pytest.raises(AuditError, match="erased only by a recorded erasure or prune"):
            with log.transaction() as conn:
                conn.execute("DELETE FROM sidecar")  # a plain DELETE: refused by the trigger
        with log.transaction() as conn:
            assert log.erase_sidecar(conn, [0]) == 1
            log.append_prepared(conn, _erasure_event("req-1", [d.decision_id]))
        assert log.get(0).personal is None
        assert log.verify().ok


def test_a_sidecar_row_deleted_without_an_erasure_fails_verify(log_path, decision, tamper):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
        log.append(decision(1, action="allow"))
    conn = sqlite3.connect(log_path)
    with pytest.raises(sqlite3.DatabaseError, match="erased only by"):
        conn.execute("DELETE FROM sidecar WHERE seq = 1")  # plain sqlite3, triggers in place
    conn.close()
    tampered = tamper(log_path)
    tampered.execute("DELETE FROM sidecar WHERE seq = 1")
    tampered.close()
    with AuditLog.open(log_path) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == 1 and "without an erasure or prune" in result.reason


def test_an_old_log_gets_the_sidecar_delete_trigger_when_opened_for_writing(log_path, decision):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
    old = sqlite3.connect(log_path, isolation_level=None)
    old.execute("DROP TRIGGER sidecar_no_delete")
    old.execute("DROP TABLE sidecar_erasing")
    old.close()
    with AuditLog.open(log_path, read_only=True) as log:  # a reader changes nothing
        assert log.verify().ok
    trigger = "SELECT count(*) FROM sqlite_master WHERE name = 'sidecar_no_delete'"
    assert sqlite3.connect(log_path).execute(trigger).fetchone() == (0,)
    AuditLog.open(log_path).close()
    with pytest.raises(sqlite3.DatabaseError, match="erased only by"):
        sqlite3.connect(log_path).execute("DELETE FROM sidecar")


def test_a_writer_of_the_previous_release_can_still_withdraw_a_request_rows_clear_url(log_path, decision):
    """The previous release cuts a request-stage row back to its keyed hash by a plain DELETE +
    INSERT once the URL's block is in the chain; the trigger lets exactly that through, so its
    blocked decision still reaches the log, and the result verifies."""
    import dataclasses

    from scrapeguard.audit.record import decision_record

    url = "https://example.fr/p/alice.jpg"
    with AuditLog.open(log_path) as log:
        log.append(_at_stage(decision(0, action="allow", url=url), "request"))
        log.append(_at_stage(decision(1, action="allow"), "request"))
    conn = sqlite3.connect(log_path, isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="older release cannot erase or prune"):
        conn.execute("DELETE FROM sidecar WHERE seq = 0")  # no block of that URL yet: refused
    with AuditLog.open(log_path) as log, log.transaction() as tx:
        # what the previous release's append does: the block's rows first, then its _withdraw_clear
        block = decision_record(_at_stage(decision(2, action="block", url=url), "response").to_dict(), log.key, "hmac", None)
        seq = log.append_many(tx, [dataclasses.replace(block, withdraws_clear=None)])[0]
        url_hmac, image = tx.execute("SELECT url_hmac, image_sha256 FROM sidecar WHERE seq = 0").fetchone()
        tx.execute("DELETE FROM sidecar WHERE seq = 0")
        tx.execute("INSERT INTO sidecar(seq, url_hmac, image_sha256) VALUES (0, ?, ?)", (url_hmac, image))
        assert seq == 2
    with pytest.raises(sqlite3.DatabaseError, match="erased only by"):
        conn.execute("DELETE FROM sidecar WHERE seq = 1")  # any other row: refused as before
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.get(0).personal["url"] is None and log.verify().ok


def test_a_log_with_the_earlier_form_of_the_sidecar_trigger_gets_todays_when_opened_for_writing(log_path, decision):
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow"))
    old = sqlite3.connect(log_path, isolation_level=None)
    old.execute("DROP TRIGGER sidecar_no_delete")
    old.execute(
        "CREATE TRIGGER sidecar_no_delete BEFORE DELETE ON sidecar WHEN NOT EXISTS (SELECT 1 FROM sidecar_erasing) "
        "BEGIN SELECT RAISE(ABORT, 'sidecar rows are erased only by a recorded erasure or prune'); END"
    )
    old.close()
    AuditLog.open(log_path).close()
    sql = sqlite3.connect(log_path).execute("SELECT sql FROM sqlite_master WHERE name = 'sidecar_no_delete'").fetchone()
    assert "OLD.url IS NOT NULL" in sql[0]


def _withdrawable_log(log_path, decision) -> tuple[str, str]:  # noqa: ANN001
    """A log as the previous release leaves it: seq 0 a request-stage allow of a URL (clear),
    seq 1 an allowed response of another URL, seq 2 a keyed-only block of the first URL whose
    writer did not withdraw seq 0's clear URL. Returns (the first URL's keyed hash, a foreign one)."""
    import dataclasses

    from scrapeguard.audit.canonical import url_hmac
    from scrapeguard.audit.record import decision_record

    url = "https://example.fr/p/alice.jpg"
    with AuditLog.open(log_path) as log:
        log.append(_at_stage(decision(0, action="allow", url=url), "request"))
        log.append(_at_stage(decision(1, action="allow", url="https://example.fr/p/bob.jpg"), "response"))
        with log.transaction() as tx:
            block = decision_record(_at_stage(decision(2, action="block", url=url), "response").to_dict(), log.key, "hmac", None)
            log.append_many(tx, [dataclasses.replace(block, withdraws_clear=None)])
        return url_hmac(log.key, url), url_hmac(log.key, "https://example.fr/p/carol.jpg")


def test_a_sidecar_row_cannot_be_rewritten_by_insert_or_replace(log_path, decision):
    """SQLite fires no delete trigger for the row an INSERT OR REPLACE overwrites: the insert
    trigger refuses it, so bob's row cannot lose the URL an access request finds it by."""
    _, foreign = _withdrawable_log(log_path, decision)
    conn = sqlite3.connect(log_path, isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="written once"):
        conn.execute("INSERT OR REPLACE INTO sidecar(seq, url_hmac) VALUES (1, ?)", (foreign,))
    assert conn.execute("SELECT url FROM sidecar WHERE seq = 1").fetchone()[0] == "https://example.fr/p/bob.jpg"


def test_a_withdrawn_row_can_be_put_back_only_with_its_own_keyed_hash(log_path, decision):
    """The delete the previous release's withdrawal needs passes; the row put back must be that
    row cut back to its keyed hash, not one pointing at another URL."""
    own, foreign = _withdrawable_log(log_path, decision)
    conn = sqlite3.connect(log_path, isolation_level=None)
    img = conn.execute("SELECT image_sha256 FROM sidecar WHERE seq = 0").fetchone()[0]
    conn.execute("BEGIN")
    conn.execute("DELETE FROM sidecar WHERE seq = 0")
    with pytest.raises(sqlite3.DatabaseError, match="written once"):
        conn.execute("INSERT INTO sidecar(seq, url_hmac) VALUES (0, ?)", (foreign,))
    with pytest.raises(sqlite3.DatabaseError, match="written once"):  # nor with a clear field back
        conn.execute("INSERT INTO sidecar(seq, url_hmac, url) VALUES (0, ?, 'https://example.fr/x')", (own,))
    conn.execute("INSERT INTO sidecar(seq, url_hmac, image_sha256) VALUES (0, ?, ?)", (own, img))
    conn.execute("COMMIT")
    with pytest.raises(sqlite3.DatabaseError, match="written once"):  # a row for a seq long written
        conn.execute("INSERT INTO sidecar(seq, url_hmac) VALUES (0, ?)", (own,))
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.verify().ok


def test_a_log_without_the_sidecar_insert_trigger_gets_it_when_opened_for_writing(log_path, decision):
    _, foreign = _withdrawable_log(log_path, decision)
    old = sqlite3.connect(log_path, isolation_level=None)
    old.execute("DROP TRIGGER sidecar_no_rewrite")
    old.execute("DROP TRIGGER sidecar_note_withdrawn")
    old.execute("DROP TABLE sidecar_withdrawn")
    old.close()
    AuditLog.open(log_path).close()
    with pytest.raises(sqlite3.DatabaseError, match="written once"):
        sqlite3.connect(log_path).execute("REPLACE INTO sidecar(seq, url_hmac) VALUES (1, ?)", (foreign,))


def _at_stage(d, stage: str):  # noqa: ANN001, ANN202 - a Decision
    d.stage = stage
    return d


def test_a_block_at_the_response_withdraws_the_clear_url_its_request_left(log_path, decision):
    secret = "https://example.fr/people/withdrawn-person-9.jpg"
    with AuditLog.open(log_path) as log:
        log.append(_at_stage(decision(9, action="allow", url=secret), "request"))
        assert log.get(0).personal["url"] == secret  # not yet known to be blocked
        log.append(decision(9, action="block", url=secret))
        request = log.get(0)
        assert request.personal["url"] is None and request.personal["page_url"] is None
        assert request.personal["url_hmac"] == log.get(1).record["resource"]["url_ref"]  # still found by URL
        assert log.verify().ok  # a withdrawn row reads as erased fields, not as an edit
    data = b"".join(p.read_bytes() for p in log_path.parent.glob("decisions.sqlite*"))
    assert b"withdrawn-person-9" not in data  # overwritten, not left in a free page


def test_a_block_keeps_the_clear_url_of_an_earlier_allowed_response(log_path, decision):
    # what an earlier crawl kept must stay listable for deletion in an erasure manifest
    url = "https://example.fr/people/kept-then-blocked.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=url))
        log.append(_at_stage(decision(1, action="allow", url=url), "request"))
        log.append(decision(1, action="block", url=url))
        assert log.get(0).personal["url"] == url
        assert log.get(1).personal["url"] is None


def test_request_records_of_a_url_written_after_its_block_keep_only_its_keyed_hash(log_path, decision):
    """(Review) A crawler's retry of a URL blocked at its response (after a network error), or its HEAD, wrote a
    request-stage record after the block, which kept the blocked URL in clear: only rows before the block were
    cut back. Written after it, alone or in a batch with the block, such a record keeps the keyed hash only,
    verifies, and is still found and erased by the URL."""
    from scrapeguard.audit.dsr import Subject, access, erase

    secret = "https://example.fr/people/retried-person-7.jpg"
    with AuditLog.open(log_path) as log:
        log.append(_at_stage(decision(7, action="allow", url=secret), "request"))
        log.append(decision(7, action="block", url=secret))
        log.append(_at_stage(decision(7, action="allow", url=secret), "request"))  # the retry
        with log.transaction() as tx:  # a block and a HEAD of the same URL in one batch
            log.append_many(tx, [log._prepare(decision(8, action="block", url=secret + "?v=2")),
                                 log._prepare(_at_stage(decision(8, action="allow", url=secret + "?v=2"), "request"))])
        for seq, blocked in ((2, 1), (4, 3)):
            row, ref = log.get(seq).personal, log.get(seq).record["resource"]["url_ref"]
            assert (row["url"], row["salt"], row["page_url"]) == (None, None, None), seq
            assert row["url_hmac"] == ref == log.get(blocked).record["resource"]["url_ref"], seq
        assert log.verify().ok
        assert [i["seq"] for i in access(log, Subject(urls=[secret]), record=False)["items"]] == [0, 1, 2]
        erase(log, Subject(urls=[secret]), request_id="dsr-7")
        assert log.verify().ok and log.get(2).personal is None
    data = b"".join(p.read_bytes() for p in log_path.parent.glob("decisions.sqlite*"))
    assert b"retried-person-7" not in data


def test_a_url_blocked_in_clear_mode_or_not_enforced_keeps_later_request_records_in_clear(log_path, decision):
    """Only a block kept as a keyed hash makes the later request records keyed-only: under `[audit] url = "clear"`,
    or in audit mode (the item fetched), the block keeps the URL in clear, and so do they."""
    url = "https://example.fr/people/clear-after-block.jpg"
    with AuditLog.open(log_path, url_mode="clear") as log:
        log.append(decision(2, action="block", url=url))
        log.append(_at_stage(decision(2, action="allow", url=url), "request"))
        assert log.get(1).personal["url"] == url
    with AuditLog.open(log_path.with_name("audit-mode.sqlite")) as log:
        log.append(decision(3, action="block", url=url, enforced=False))
        log.append(_at_stage(decision(3, action="allow", url=url), "request"))
        assert log.get(1).personal["url"] == url


def test_an_allowed_response_after_a_block_keeps_its_clear_url(log_path, decision):
    # what a later crawl stored must stay listable for deletion in an erasure manifest
    url = "https://example.fr/people/blocked-then-kept.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="block", url=url))
        log.append(decision(1, action="allow", url=url))
        assert log.get(1).personal["url"] == url and log.verify().ok


def test_flush_wal_leaves_no_copy_of_erased_fields_while_the_log_is_open(log_path, decision):
    # an erasure answered while a crawler keeps the log open: the old WAL frames go too
    secret = "https://example.fr/people/erased-person-4.jpg"
    with AuditLog.open(log_path) as log:
        d = decision(4, action="allow", url=secret)
        log.append(d)
        with log.transaction() as conn:
            log.erase_sidecar(conn, [0])
            log.append_prepared(conn, _erasure_event("req-4", [d.decision_id]))
        assert log.flush_wal()
        data = b"".join(p.read_bytes() for p in log_path.parent.glob("decisions.sqlite*"))
        assert b"erased-person-4" not in data
        assert log.verify().ok


@pytest.mark.parametrize(("reading_for", "wait"), [(0.4, 20.0), (60.0, 1.0)])
def test_an_erasure_waits_for_another_process_read_then_says_what_stays_in_the_files(
        log_path, decision, monkeypatch, caplog, reading_for, wait):
    """(Review of the data-subject flows, session 61) A read held open elsewhere kept the erased URL in the main file,
    exit 0 with "WAL not flushed": the flush waits a moment for the read to end, and past that says which files keep
    the erased fields' earlier copies and how to clear them."""
    import sqlite3
    import threading

    import scrapeguard.audit.store as store

    monkeypatch.setattr(store, "WAL_FLUSH_WAIT", wait)
    secret = "https://example.fr/people/erased-person-5.jpg"
    with AuditLog.open(log_path) as log:
        d = decision(5, action="allow", url=secret)
        log.append(d)
        reader = sqlite3.connect(str(log_path), isolation_level=None, check_same_thread=False)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM chain").fetchone()  # (a snapshot from before the erasure)
        ends = threading.Timer(reading_for, lambda: reader.execute("COMMIT"))
        ends.start()
        try:
            with log.transaction() as conn:
                log.erase_sidecar(conn, [0])
                log.append_prepared(conn, _erasure_event("req-5", [d.decision_id]))
            with caplog.at_level("WARNING", logger="scrapeguard"):
                flushed = log.flush_wal()
        finally:
            ends.cancel()
            if reading_for > 1:
                reader.execute("COMMIT")
            reader.close()
        data = b"".join(p.read_bytes() for p in log_path.parent.glob("decisions.sqlite*"))
    if reading_for < 1:
        assert flushed and b"erased-person-5" not in data and "another process reads it" not in caplog.text
    else:
        assert not flushed and "audit checkpoint" in caplog.text and "another process reads it" in caplog.text


def test_clear_mode_withdraws_nothing(log_path, decision):
    url = "https://example.fr/people/clear-mode.jpg"
    with AuditLog.open(log_path, url_mode="clear") as log:
        log.append(_at_stage(decision(2, action="allow", url=url), "request"))
        log.append(decision(2, action="block", url=url))
        assert log.get(0).personal["url"] == url


def test_an_audit_mode_block_withdraws_nothing(log_path, decision):
    url = "https://example.fr/people/audit-mode.jpg"
    with AuditLog.open(log_path) as log:
        log.append(_at_stage(decision(3, action="allow", url=url), "request"))
        log.append(decision(3, action="block", url=url, enforced=False))  # logged, not enforced: fetched
        assert log.get(0).personal["url"] == url


def test_suppression_is_seen_by_another_process_without_reopening(log_path, decision):
    first = AuditLog.open(log_path)
    second = AuditLog.open(log_path)
    url = "https://example.fr/people/x.jpg"
    assert first.is_suppressed(url) is None
    with second.transaction() as conn:
        second.add_suppression(conn, "url", url, "dsr-42")
    assert first.is_suppressed("HTTPS://example.fr:443/people/x.jpg#frag") == "dsr-42"
    assert first.is_suppressed("https://example.fr/people/y.jpg") is None
    first.close()
    second.close()


def test_suppression_by_image_hash_and_domain(log_path):
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "sha256", "aa" * 32, "dsr-img")
            log.add_suppression(conn, "domain", "alice.github.io", "dsr-dom")
        assert log.is_suppressed("https://x.example/a.jpg", "AA" * 32) == "dsr-img"
        assert log.is_suppressed("https://www.alice.github.io/me.jpg") == "dsr-dom"
        assert log.is_suppressed("https://bob.github.io/me.jpg") is None


def test_an_erased_domain_is_suppressed_however_deep_the_host_below_it(log_path):
    """Only the host and its first seven parents were looked up: a page on a host nine labels or
    more below an erased site (a wildcard DNS name, a deep CDN host) was not suppressed, and was
    collected again, its decision written with the clear URL the erasure removed."""
    deep = "https://" + ".".join("abcdefghij") + ".alice.github.io/me.jpg"
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "domain", "alice.github.io", "dsr-dom")
        assert log.is_suppressed(deep) == "dsr-dom"
        assert log.is_suppressed("https://" + ".".join("abcdefghij") + ".bob.github.io/me.jpg") is None


def test_an_erased_host_of_one_label_or_an_ip_address_is_suppressed(log_path):
    """`erase --domain` takes an IP address or a one-label host (an intranet name) as the host it
    is: the look-up tried parents only, never a host's one label itself, so an erased IPv6 host
    (however the URL spells the address) or intranet host was collected again."""
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "domain", "2001:db8::1", "dsr-v6")
            log.add_suppression(conn, "domain", "intranet", "dsr-intra")
        assert log.is_suppressed("http://[2001:db8::1]/jane.jpg") == "dsr-v6"
        assert log.is_suppressed("http://[2001:0DB8:0:0:0:0:0:1]:8080/jane.jpg") == "dsr-v6"
        assert log.is_suppressed("http://intranet/staff/jane.jpg") == "dsr-intra"
        assert log.is_suppressed("http://[2001:db8::2]/jane.jpg") is None
        assert log.is_suppressed("http://other/staff/jane.jpg") is None


def test_an_erased_one_label_site_suppresses_its_hosts_too(log_path):
    """An erased `intranet` covers `www.intranet`, as an erased `staff.internal` covers its hosts:
    the look-up never tried a host's last label, so its pages were collected again."""
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "domain", "intranet", "dsr-intra")
        assert log.is_suppressed("http://www.intranet/staff/jane.jpg") == "dsr-intra"
        assert log.is_suppressed("http://a.b.intranet/jane.jpg") == "dsr-intra"
        assert log.is_suppressed("http://wintranet/jane.jpg") is None
        assert log.is_suppressed("http://intranet.example.org/jane.jpg") is None
        assert log.is_suppressed("http://www.example.org/jane.jpg") is None


def test_threads_share_one_log(log_path, decision):
    with AuditLog.open(log_path) as log:
        threads = [
            threading.Thread(target=lambda k=k: [log.append(decision(k * 100 + i)) for i in range(20)])
            for k in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert log.count() == 80 and log.verify().ok


def test_checkpoints_every_n_and_at_close(log_path, decision):
    with AuditLog.open(log_path, checkpoint_every=4) as log:
        for i in range(10):
            log.append(decision(i))
    with AuditLog.open(log_path) as log:
        sizes = [c["tree_size"] for c in log.checkpoint_export()]
        assert sizes == [4, 8, 10]  # periodic, periodic, shutdown
        assert log.checkpoint_export()[-1]["counts"] == {"block": 10}


# ------------------------------------------------------------------ bad files
def test_missing_log_is_not_created_on_read(tmp_path):
    with pytest.raises(AuditUnreadable, match="no audit log"):
        AuditLog.open(tmp_path / "nope.sqlite", create=False)
    assert not (tmp_path / "nope.sqlite").exists()


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(AuditUnreadable, match="not a scrapeguard audit log"):
        AuditLog.open(path)


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t(x)")
    with pytest.raises(AuditUnreadable, match="not a scrapeguard audit log"):
        AuditLog.open(path)


@pytest.mark.parametrize("app", [0, 0x12345678])
def test_another_applications_database_is_refused_as_it_was_found(tmp_path, app):
    """(A review: `audit show 1 --log app.db` said it was no audit log, having switched the
    application's database to WAL mode for good.)"""
    path = tmp_path / "app.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY)")
        conn.execute(f"PRAGMA application_id = {app}")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(AuditUnreadable, match="not a scrapeguard audit log"):
        AuditLog.open(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert path.read_bytes() == before and not (tmp_path / "app.db-wal").exists()


def test_truncated_file_is_reported_not_crashed(filled: Path):
    data = filled.read_bytes()
    for wal in filled.parent.glob("decisions.sqlite-*"):
        wal.unlink()
    filled.write_bytes(data[: len(data) // 3])
    with pytest.raises(AuditUnreadable):
        with AuditLog.open(filled, create=False) as log:
            log.verify()


def test_newer_schema_is_left_untouched(log_path, decision):
    with AuditLog.open(log_path) as log:
        log.append(decision(0))
    conn = sqlite3.connect(log_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(AuditSchemaTooNew, match="Upgrade scrapeguard"):
        AuditLog.open(log_path)


def test_locked_database_times_out_with_a_clear_error(log_path, decision):
    AuditLog.open(log_path).close()
    holder = sqlite3.connect(log_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with AuditLog.open(log_path, busy_timeout=0.2) as log:
            # (a new user's walk: it said the log "stayed locked" and not what to do)
            with pytest.raises(AuditLocked, match="stayed locked .*: retry once that process ends or releases it"):
                log.append(decision(0))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_reader_of_a_log_another_process_holds_exclusively_is_told_it_is_locked(filled, cli):
    """An admin's sqlite3 session with locking_mode=EXCLUSIVE that has written holds the log: a
    read-only command says it is locked (exit 4), not reading the file without locks as on
    read-only media (immutable=1), which misses what that process holds in the WAL and blames
    the storage."""
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("CREATE TABLE admin_notes(t)")
    try:
        with pytest.raises(AuditLocked, match="locked"):
            AuditLog.open(filled, create=False, read_only=True, busy_timeout=0.2)
        code, out, err = cli("verify", "--log", str(filled), "--timeout", "0.2")
        assert code == 4 and "locked" in err and "OK" not in out and "read-only storage" not in err
    finally:
        holder.close()
    assert cli("verify", "--log", str(filled))[0] == 0


def test_full_disk_fails_the_append_and_keeps_the_chain(log_path, decision):
    with AuditLog.open(log_path) as log:
        log.append(decision(0))
        pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
        log.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(AuditFull, match="full"):
            for i in range(1, 500):
                d = decision(i)
                d.findings[0].detail = "x" * 3000
                log.append(d)
        log.conn.execute("PRAGMA max_page_count = 1073741823")
        assert log.verify().ok


def test_closed_log_refuses_appends(log_path, decision):
    log = AuditLog.open(log_path)
    log.close()
    with pytest.raises(AuditError, match="closed"):
        log.append(decision(0))


def test_a_crawl_meeting_an_erased_site_again_is_not_slowed_by_a_count_of_the_whole_log(log_path, decision):
    """A decision of an erased item that keeps its URL in clear (`[audit] url = "clear"`, as the
    research policy sets; an unenforced block) is written without its row, and a follow-up record of
    the erasure vouches for that. The follow-up was written with a checkpoint, which counts every
    record of the chain: under the write lock every crawler thread waits on, once per such decision
    (100 ms a decision on a log of 300,000 records, growing with the log). It is one of the crawl's
    own writes, as frequent as its decisions: no checkpoint of its own; the log still verifies."""
    from scrapeguard.audit.dsr import Subject, erase

    with AuditLog.open(log_path, url_mode="clear", checkpoint_every=1000) as log:
        log.append(decision(0, action="allow", url="https://jane.example.org/a.jpg"))
        erase(log, Subject(domain="jane.example.org"), request_id="dsr-jane")
        before = log.conn.execute("SELECT count(*) FROM checkpoints").fetchone()[0]
        for i in range(1, 6):
            log.append(decision(i, action="block", url=f"https://jane.example.org/{i}.jpg"))
        followed = [e.record["actions"] for e in log.iter_entries("c.kind = 'dsr'")]
        assert [a.get("written_after_erasure", False) for a in followed] == [False] + [True] * 5
        assert log.conn.execute("SELECT count(*) FROM checkpoints").fetchone()[0] == before
        assert log.conn.execute("SELECT count(*) FROM sidecar WHERE url IS NOT NULL").fetchone()[0] == 0
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.verify().ok


def test_a_closed_log_never_answers_that_nothing_was_erased(log_path):
    """A closed log's suppression look-ups answered None, "not erased", for an erased URL or picture:
    a caller that checks before it fetches (a log shared with a guard and closed by its owner) took
    the erased item for a free one. They fail as an append does, and the caller's on_error decides."""
    log = AuditLog.open(log_path)
    with log.transaction() as conn:
        log.add_suppression(conn, "url", "https://example.fr/ana.jpg", "dsr-ana")
        log.add_suppression(conn, "phash", "0f0f0f0f0f0f0f0f", "dsr-ana")
    assert log.is_suppressed("https://example.fr/ana.jpg") == "dsr-ana"
    log.close()
    for look_up in (lambda: log.is_suppressed("https://example.fr/ana.jpg"),
                    lambda: log.is_suppressed_phash("0f0f0f0f0f0f0f0f")):
        with pytest.raises(AuditError, match="closed"):
            look_up()


def test_guard_writes_through_the_log_and_blocks_suppressed_urls(log_path):
    from scrapeguard import Guard
    from scrapeguard.audit.dsr import Subject, erase

    guard = Guard(audit=str(log_path))
    page = "https://example.org/about/jane.html"
    body = b"<html><body><p>hello</p></body></html>"
    first = guard.check_response(page, 200, {"content-type": "text/html"}, body)
    assert first.allowed
    with AuditLog.open(log_path) as log:
        erase(log, Subject(urls=[page]), request_id="dsr-jane")
    again = guard.check_response(page, 200, {"content-type": "text/html"}, body)
    guard.close()
    assert again.action == "block" and "suppressed.erasure" in again.codes
    with AuditLog.open(log_path) as log:
        assert log.verify().ok
        kinds = [e.record["schema"] for e in log.iter_entries()]
    assert kinds == ["scrapeguard.decision/1", "scrapeguard.dsr/1", "scrapeguard.decision/1"]


# ------------------------------------------------------------------ any input

_text = st.text(max_size=80)  # includes lone surrogates and control characters


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=_text,
    detail=_text,
    code=_text,
    purpose=_text,
    evidence=st.dictionaries(
        _text, st.one_of(st.integers(), st.floats(allow_nan=True), _text, st.binary(max_size=20), st.none()), max_size=4
    ),
)
def test_any_decision_content_is_stored_and_verifies(tmp_path, url, detail, code, purpose, evidence):
    from scrapeguard.decision import Decision, Finding

    d = Decision(
        url=url,
        stage="response",
        action="block",
        purpose=purpose,
        page_url=url,
        findings=[Finding("opt_out", code, detail, url, evidence, "block")],
    )
    with AuditLog.open(tmp_path / "any.sqlite") as log:
        seq = log.append(d)
        assert log.verify().ok
        assert log.get(seq).record["findings"][0]["kind"] == "opt_out"
        assert log.is_suppressed(url) is None


def test_a_full_log_makes_the_guard_fail_closed(log_path):
    from scrapeguard import Guard

    log = AuditLog.open(log_path)
    guard = Guard(audit=log)
    body = b"<html><body><p>hello</p></body></html>"
    assert guard.check_response("https://example.org/a.html", 200, {"content-type": "text/html"}, body).allowed
    pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
    log.conn.execute(f"PRAGMA max_page_count = {pages}")
    blocked = None
    for i in range(200):  # fill the free space left in the last pages
        d = guard.check_response(f"https://example.org/{i}.html", 200, {"content-type": "text/html"}, body)
        if "audit.write_failed" in d.codes:
            blocked = d
            break
    assert blocked is not None and blocked.action == "block" and not blocked.allowed
    log.conn.execute("PRAGMA max_page_count = 1073741823")
    assert log.verify().ok
    guard.close()


# ------------------------------------------------------------------ group commit


@pytest.mark.parametrize("grouped", [True, False])
def test_threads_sharing_a_log_each_get_their_own_committed_record(log_path, decision, grouped):
    """Scrapy's thread pool and httpx `to_thread` append from many threads at once: each
    append returns the seq of its own record, already committed, and nothing is lost."""
    results: dict[str, int] = {}
    seen_committed: list[bool] = []
    with AuditLog.open(log_path, synchronous="NORMAL", group_commit=grouped) as log:

        def work(t: int) -> None:
            reader = sqlite3.connect(log_path)  # another connection sees only committed rows
            reader.execute("PRAGMA busy_timeout = 5000")
            for i in range(40):
                d = decision(t * 100 + i)
                d.decision_id = f"t{t}-{i}"
                seq = log.append(d)
                results[d.decision_id] = seq
                row = reader.execute("SELECT decision_id FROM chain WHERE seq = ?", (seq,)).fetchone()
                seen_committed.append(row == (d.decision_id,))
            reader.close()

        threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stored = {e.record["decision_id"]: e.seq for e in log.iter_entries()}
        assert log.verify().ok
    assert len(results) == 240 and sorted(results.values()) == list(range(240))
    assert stored == results
    assert all(seen_committed)


def test_a_failed_batch_fails_only_the_records_that_were_not_written(log_path, decision):
    """A full disk while several threads append: every append either returns a seq that
    is stored or raises; the log still verifies."""
    with AuditLog.open(log_path, synchronous="NORMAL") as log:
        log.append(decision(0))
        pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
        log.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
        acknowledged: list[tuple[str, int]] = []
        failures: list[BaseException] = []
        lock = threading.Lock()

        def work(t: int) -> None:
            for i in range(30):
                d = decision(t * 100 + i)
                d.decision_id = f"t{t}-{i}"
                try:
                    seq = log.append(d)
                except AuditError as exc:
                    with lock:
                        failures.append(exc)
                    continue
                with lock:
                    acknowledged.append((d.decision_id, seq))

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures and all(isinstance(f, AuditFull) for f in failures)
        log.conn.execute("PRAGMA max_page_count = 1073741823")
        stored = {e.record["decision_id"]: e.seq for e in log.iter_entries()}
        assert log.verify().ok
    assert len(acknowledged) + len(failures) == 120
    for ident, seq in acknowledged:
        assert stored[ident] == seq
    assert len(stored) == 1 + len(acknowledged)


def test_suppression_by_perceptual_hash(log_path):
    """The guard asks with the dHash of the copy it decoded: an erased photo re-encoded or
    resized is still suppressed, another photo or an unreadable hash is not."""
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "phash", "f0f0f0f0f0f0f0f0", "dsr-photo")
            log.add_suppression(conn, "phash", "not-hex", "dsr-broken")  # matches nothing, breaks nothing
        assert log.is_suppressed_phash("f0f0f0f0f0f0f0f3") == "dsr-photo"  # 2 bits apart
        assert log.is_suppressed_phash("0f0f0f0f0f0f0f0f") is None
        assert log.is_suppressed_phash("zz") is None and log.is_suppressed("https://x.example/a.jpg") is None


def test_a_url_erased_under_either_escape_spelling_stays_suppressed_under_both(log_path):
    """`/%7Ejdoe/` is `/~jdoe/`: an entry made from either, today or by a release that kept
    `%7E` as written, suppresses both spellings."""
    from scrapeguard.audit.canonical import keyed_hash

    tilde, escaped = "https://uni.example.edu/~jdoe/me.jpg", "https://uni.example.edu/%7Ejdoe/me.jpg"
    with AuditLog.open(log_path) as log, log.transaction() as tx:
        log.add_suppression(tx, "url", escaped, "r-new")
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(tilde) == log.is_suppressed(escaped) == "r-new"
    old = log_path.with_name("old.sqlite")
    with AuditLog.open(old) as log, log.transaction() as tx:
        tx.execute(  # as the previous release stored it: keyed over the escaped spelling
            "INSERT INTO suppression(kind, value, request_id, added) VALUES ('url', ?, 'r-old', '2026-01-01')",
            (keyed_hash(log.key, "url:" + escaped),),
        )
    with AuditLog.open(old) as log:
        assert log.is_suppressed(tilde) == log.is_suppressed(escaped) == "r-old"


def test_a_log_in_a_folder_that_does_not_exist_says_so(tmp_path):
    """SQLite's own words were only 'unable to open database file'. It is a log that cannot be opened
    for writing (exit 3, as `check --help` and the README say), not an unreadable one (2)."""
    from scrapeguard.audit.errors import AuditError, AuditUnreadable

    with pytest.raises(AuditError, match=r"its folder .*nodir does not exist \(create it first\)") as raised:
        AuditLog.open(tmp_path / "nodir" / "x.sqlite")
    assert not isinstance(raised.value, AuditUnreadable) and raised.value.exit_code == 3


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder no file can be made in (Linux /proc)")
def test_a_log_that_cannot_be_made_in_its_existing_folder_is_a_write_the_log_could_not_take() -> None:
    """Exit 2 (unreadable, bad input) where `check --help` and the README give 3: SQLite says 'unable to
    open database file' of a log it cannot create (in /proc even root cannot)."""
    from scrapeguard.audit.errors import AuditError, AuditUnreadable
    from scrapeguard.cli import main

    with pytest.raises(AuditError, match="cannot create audit log") as raised:
        AuditLog.open("/proc/scrapeguard-x.sqlite")
    assert not isinstance(raised.value, AuditUnreadable) and raised.value.exit_code == 3
    assert main(["check", "--audit", "/proc/scrapeguard-x.sqlite", "http://127.0.0.1:9/a.jpg"]) == 3


def test_a_log_in_a_folder_the_user_may_not_search_is_an_audit_error_not_a_traceback(tmp_path, monkeypatch):
    """`Path.exists` raises PermissionError there on Python 3.11 (root, who runs these tests, may search
    any folder: the refusal is stood in for): `check --audit` crashed with a traceback, exit 1."""
    from scrapeguard.audit.errors import AuditError, AuditUnreadable
    from scrapeguard.cli import main

    target = tmp_path / "private" / "x.sqlite"
    exists = Path.exists

    def refused(self: Path) -> bool:
        if str(self).startswith(str(target.parent)):
            raise PermissionError(13, "Permission denied")
        return exists(self)

    monkeypatch.setattr(Path, "exists", refused)
    with pytest.raises(AuditError, match="cannot reach audit log .*Permission denied") as raised:
        AuditLog.open(target)
    assert raised.value.exit_code == 3
    with pytest.raises(AuditUnreadable):
        AuditLog.open(target, read_only=True)
    assert main(["check", "--audit", str(target), "http://127.0.0.1:9/a.jpg"]) == 3


def test_check_with_an_audit_log_in_a_folder_that_does_not_exist_exits_3(tmp_path):
    from scrapeguard.cli import main

    assert main(["check", "--audit", str(tmp_path / "nodir" / "x.sqlite"), "http://127.0.0.1:9/a.jpg"]) == 3


@pytest.mark.parametrize("table", ["chain", "sidecar", "checkpoints", "suppression", "anchors", "meta"])
def test_a_log_without_one_of_its_tables_is_refused_for_reading_and_writing(filled, tamper, cli, table):
    """A writer opened it and then failed every append (or, without `checkpoints`, appended with no
    checkpoint ever written), and verify stopped on SQLite's "no such table", exit 2 or 3 by table.
    Only an edit drops a table: verify says TAMPERED, exit 1 (it said 2, unreadable; found in review)."""
    conn = tamper(filled)
    conn.execute(f"DROP TABLE {table}")
    conn.close()
    for read_only in (False, True):
        with pytest.raises(AuditTampered, match=f"lacks its {table} table: the file was damaged or tampered"):
            AuditLog.open(filled, read_only=read_only)
    code, out, err = cli("verify", "--log", str(filled))
    assert (code, out) == (1, "") and f"lacks its {table} table" in err and "TAMPERED" in err


def test_a_log_whose_key_was_changed_is_said_to_have_had_its_key_changed(filled, tamper, cli):
    """(A review: each of its records was said to have had its sidecar edited.)"""
    conn = tamper(filled)
    # (another first byte whatever it was: '00' over a key that began with 00 changed nothing, 1 run in 256)
    conn.execute("UPDATE meta SET value = (CASE WHEN substr(value, 1, 2) = '00' THEN 'ff' ELSE '00' END) "
                 "|| substr(value, 3) WHERE key = 'hmac_key'")
    conn.close()
    code, out, _ = cli("verify", "--log", str(filled))
    assert code == 1 and "the key (its hmac_key metadata) was changed" in out.splitlines()[0], out[:400]


@pytest.mark.parametrize("key", ["hmac_key", "log_id"])
def test_a_log_whose_key_or_id_was_deleted_is_tampered(filled, tamper, cli, key):
    conn = tamper(filled)
    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    conn.close()
    code, _, err = cli("verify", "--log", str(filled))
    assert code == 1 and f"lacks its {key!r} metadata" in err and "TAMPERED" in err, err


# A crawler's process that may read the log file but not write it (the file another user's, in a
# folder anyone may write, as /tmp): run as nobody when the tests run as root, who may write anything.
READER_ONLY = r"""
import os, sys
from scrapeguard.audit import AuditError, AuditLog
from scrapeguard.decision import Decision

if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
try:
    log = AuditLog.open(sys.argv[1])
except AuditError as exc:
    print(f"refused: {exc}")
    sys.exit(0)
try:
    log.append(Decision(url="https://example.fr/a.jpg", stage="response", action="allow", findings=[],
                        purpose="web-text-corpus"))
    print("written")
except AuditError as exc:
    print(f"opened, then the write failed: {exc}")
"""


def test_a_writer_is_refused_a_log_file_it_may_only_read():
    """SQLite opened such a file read-only without a word: the guard started, and each decision's
    write failed (fail-closed: every item blocked; fail-open: every item collected, none recorded),
    where a folder it may not write was refused at once."""
    import shutil
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="scrapeguard-shared-"))
    try:
        folder.chmod(0o1777)
        path = folder / "decisions.sqlite"
        AuditLog.open(path).close()
        path.chmod(0o444)
        run = subprocess.run([sys.executable, "-c", READER_ONLY, str(path)], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == (f"refused: audit log {path} is read-only to this process: a writer needs write "
                                      "access to the file and its folder (the reviewing commands read it as it is)")
        with AuditLog.open(path, read_only=True) as log:  # reviewing it still works
            assert log.verify().ok
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_threads_whose_writes_wait_for_a_lock_held_elsewhere_give_up_together(log_path, decision):
    """The log locked by another process (a long erasure or prune, a stuck writer) while a crawler's
    threads decide: a batch that waited the busy timeout in vain was retried record by record, each
    waiting the timeout again, so the threads behind the first gave up only after (n + 1) timeouts
    (minutes with the default 30 s) instead of one, and the crawl stood still meanwhile."""
    import time

    with AuditLog.open(log_path, busy_timeout=1.0) as log:
        log.append(decision(0))
        holder = sqlite3.connect(log_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held by another connection
        waited: list[tuple[type[BaseException], float]] = []

        def work(i: int) -> None:
            start = time.monotonic()
            try:
                log.append(decision(i))
            except AuditError as exc:
                waited.append((type(exc), time.monotonic() - start))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(1, 7)]
        for t in threads:  # the first leads and waits; the others queue behind it, one batch
            t.start()
            time.sleep(0.02)
        for t in threads:
            t.join()
        holder.execute("ROLLBACK")
        holder.close()
        assert [kind for kind, _ in waited] == [AuditLocked] * 6
        assert max(seconds for _, seconds in waited) < 3.5  # two timeouts at most (before: seven)
        assert log.append(decision(7)) == 1  # the lock gone: the chain goes on where it was
        assert log.verify().ok


# A crawler killed after its appends, before SQLite copied its write-ahead log into the file: the
# records are in `<log>-wal` alone.
KILLED_WRITER = r"""
import os, sys
from scrapeguard.audit import AuditLog
from scrapeguard.decision import Decision

log = AuditLog.open(sys.argv[1])
for i in range(30):
    log.append(Decision(url=f"https://example.fr/people/{i}.jpg", stage="response", action="allow", findings=[],
                        purpose="web-text-corpus", decision_id=f"acked-{i}"))
os._exit(0)
"""


@pytest.mark.parametrize("side", ["-wal", "-shm"])
def test_a_logs_wal_or_shm_deleted_under_a_writer_refuses_the_next_write(tmp_path, decision, side):
    """(Review of the log's durability, session 61) `rm log.sqlite-wal` under a running crawl: SQLite wrote on into
    the deleted file, every commit succeeded, and every record since the last checkpoint was lost with it (all of
    them, when no checkpoint had run: the next process then made a new log at the path). A deleted -shm let a
    second writer share no lock with the first one and damage the log. The writer holds both to what it opened."""
    path = tmp_path / "audit.sqlite"
    log = AuditLog.open(path)
    try:
        log.append(decision(0))
        assert Path(f"{path}{side}").exists()
        os.unlink(f"{path}{side}")
        with pytest.raises(AuditError, match=rf"its {side} file was deleted while this process had the log open"):
            log.append(decision(1))
    finally:
        log.close()


def test_a_log_moved_away_without_its_wal_is_not_replaced_by_a_new_one(log_path, tmp_path):
    """The log file rotated by hand (moved) after such a kill, its -wal file left behind: the next
    writer made a new log at the path and SQLite discarded that WAL, acknowledged records and all,
    while the moved file lacked them too."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(log_path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    wal = Path(f"{log_path}-wal")
    held = wal.read_bytes()
    moved = tmp_path / "archive.sqlite"
    log_path.rename(moved)
    with pytest.raises(AuditUnreadable, match=r"no audit log at .*, but its write-ahead log .*-wal holds records not "
                                              r"yet copied into it: the log file was moved or deleted"):
        AuditLog.open(log_path)
    assert not log_path.exists() and wal.read_bytes() == held  # nothing made, nothing discarded
    moved.rename(log_path)  # put back beside its WAL: every acknowledged record is there
    with AuditLog.open(log_path) as log:
        assert all(log.has_decision(f"acked-{i}") for i in range(30))
        assert log.verify().ok


def test_reviewing_a_log_never_rewrites_it_or_its_wal(log_path, cli):
    """A reviewer's connection was an ordinary one (with query_only) wherever the log could be written:
    the last connection closing copies the WAL into the file and deletes it, so `audit verify` of an
    evidence copy whose writer had been killed rewrote the very file it checked (its hash changed)."""
    import hashlib
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(log_path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    wal = Path(f"{log_path}-wal")

    def digests() -> tuple[str, str]:
        return hashlib.sha256(log_path.read_bytes()).hexdigest(), hashlib.sha256(wal.read_bytes()).hexdigest()

    handed_over = digests()
    code, out, _ = cli("verify", "--log", str(log_path))
    assert code == 0 and out.startswith("OK: 30 records verified")
    assert cli("list", "--log", str(log_path), "--limit", "1")[0] == 0
    assert digests() == handed_over


def test_a_log_whose_name_is_not_utf8_is_read_as_it_is_written(tmp_path, decision, cli):
    """A log the crawler wrote under a name that is no UTF-8 (`a\\xe9.sqlite`, a Latin-1 folder) could
    not be read: the read-only open spelled the path as a UTF-8 URI and failed (verify, list, stats
    and export: exit 2 with 'surrogates not allowed')."""
    path = tmp_path / os.fsdecode(b"a\xe9.sqlite")
    with AuditLog.open(path) as log:
        log.append(decision(0))
        assert log.verify().ok  # (through a read-only instance of its own)
    with AuditLog.open(path, read_only=True) as log:
        assert log.count() == 1 and log.verify().ok
    code, out, err = cli("verify", "--log", str(path))
    assert code == 0, err


def test_an_erased_domain_read_with_idna_2003_still_covers_its_site_however_the_url_spells_it(log_path):
    """An erasure of `jane.straße.de` made by an older release kept the site as IDNA 2003 spells it
    (`jane.strasse.de`): a URL written in Unicode and an httpx request in A-labels
    (`jane.xn--strae-oqa.de`) are both looked up in that spelling too, so the erased site is never
    crawled again (79246e6 had left the httpx spelling out: the erased person's site was collected).
    The entry may be a genuine `strasse.de` erasure instead (another owner's domain): blocking the
    ß site too is the safe side. A new entry (`jane.straße.de`, UTS #46) never blocks strasse.de."""
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "domain", "jane.strasse.de", "dsr-old")
        assert log.is_suppressed("https://jane.straße.de/jane.jpg") == "dsr-old"
        assert log.is_suppressed("https://www.jane.straße.de/jane.jpg") == "dsr-old"
        assert log.is_suppressed("https://jane.xn--strae-oqa.de/jane.jpg") == "dsr-old"
        assert log.is_suppressed("https://bo.straße.de/bo.jpg") is None
        assert log.is_suppressed("https://bo.xn--strae-oqa.de/bo.jpg") is None
        assert log.is_suppressed("https://xn--zz-zzz.de/x.jpg") is None  # (a label punycode cannot read)


def test_an_erasures_near_copy_sweep_reads_only_what_its_search_could_not_see(log_path, decision):
    """`erase_near_copies` runs under the write lock, which every crawler thread waits on: it scanned
    every row holding a perceptual hash, though the erasure's search had already found (and erased)
    those its snapshot held. It takes only the rows written after that snapshot (`since`, the seq
    the next record took when the search read the log)."""
    phash = "0f0f0f0f0f0f0f0f"
    with AuditLog.open(log_path) as log:
        log.append({**decision(0, action="allow", url="https://ex.fr/seen.jpg").to_dict(), "phash": phash})
        since, _ = log.head()
        log.append({**decision(1, action="allow", url="https://ex.fr/later.jpg").to_dict(), "phash": phash})
        with log.transaction() as conn:
            log.erase_near_copies(conn, phash, "dsr-ana", since=since)
        clear = [seq for (seq,) in log.conn.execute("SELECT seq FROM sidecar WHERE url IS NOT NULL ORDER BY seq")]
        assert clear == [0]  # (the search's to erase, not the sweep's)
        assert log.verify().ok


def test_a_damaged_action_byte_does_not_stop_the_log_from_taking_decisions(log_path, decision, tamper, not_utf8):
    """A checkpoint counts the log's records by action, read as text: one byte that is not UTF-8 in a
    record's action (a bad sector) failed every append that was due a checkpoint, so the crawler's
    decisions went unwritten until someone repaired the file. The count reads it as bytes; `verify`
    is what reports the damage."""
    with AuditLog.open(log_path, checkpoint_every=5) as log:
        log.append(decision(0, action="allow"))
    not_utf8(tamper(log_path), "chain", "action", 0)
    with AuditLog.open(log_path, checkpoint_every=5) as log:
        for i in range(1, 12):
            log.append(decision(i))
        assert log.count() == 12
        assert not log.verify().ok  # (the damaged record is still found)


def test_a_damaged_byte_in_the_last_records_hash_does_not_stop_the_log_from_taking_decisions(
        log_path, decision, tamper, not_utf8):
    """The next record attaches to the last one's hash, read as text: one byte that is not UTF-8 in it
    (a bad sector) failed every append ('Could not decode to UTF-8'), so the crawler's decisions went
    unwritten, and `checkpoint` failed too, until someone repaired the file. The hash is read as bytes;
    `verify` names the altered record, not the ones after it."""
    with AuditLog.open(log_path) as log:
        for i in range(3):
            log.append(decision(i))
    not_utf8(tamper(log_path), "chain", "hash", 2)
    with AuditLog.open(log_path) as log:
        for i in range(3, 6):
            log.append(decision(i))
        assert log.count() == 6
        result = log.verify()
    assert not result.ok and result.first_bad_seq == 2


def test_a_damaged_byte_in_a_suppression_entry_does_not_fail_every_decisions_check(log_path, decision, tamper):
    """Every decision asks whether its URL was erased, from the suppression list read as text: one
    byte that is not UTF-8 in any entry (a bad sector) failed every check ('Could not decode to
    UTF-8'), a guard failure on each request (fail-closed: the crawl blocked whole; fail-open: the
    erased person's pictures let through). The entries are read as bytes: a damaged request id
    still suppresses (under its id as it reads), a damaged key matches nothing."""
    from scrapeguard.audit.dsr import Subject, erase

    with AuditLog.open(log_path) as log:
        for name in ("jane", "ana"):
            erase(log, Subject(urls=[f"https://example.fr/{name}.jpg"]), request_id=f"dsr-{name}")
    conn = tamper(log_path)
    for column in ("value", "request_id"):  # every key of ana's entries, then jane's request id
        rows = conn.execute(f"SELECT id, CAST({column} AS BLOB) FROM suppression WHERE request_id "
                            f"{'=' if column == 'request_id' else '!='} 'dsr-jane'").fetchall()
        for row_id, value in rows:
            conn.execute(f"UPDATE suppression SET {column} = CAST(? AS TEXT) WHERE id = ?",
                         (value[:5] + b"\xff" + value[6:], row_id))
    conn.close()
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed("https://example.fr/jane.jpg") == "dsr-j\ufffdne"
        assert log.is_suppressed("https://example.fr/ana.jpg") is None
        assert log.is_suppressed("https://example.fr/other.jpg") is None
        # (verify read the list as text too: 'unreadable', exit 3, where the entries no longer match their records)
        verified = log.verify()
    assert not verified.ok and verified.reason and "suppression" in verified.reason


def test_a_damaged_byte_in_the_prune_anchor_is_tampering_not_an_unreadable_log(log_path, decision, tamper):
    """A prune keeps the hash of the last record it removed (the anchor the rest chains to), read as
    text: one byte that is not UTF-8 in it made `verify` answer 'unreadable' (exit 2) and
    `checkpoint` fail (exit 3). Read as bytes, it is a broken link where the kept records begin."""
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, days_ago=200))
        log.append(decision(4, action="allow", days_ago=1))
        assert prune(log, load_policy("gdpr-strict"))["removed_records"] == 4
    conn = tamper(log_path)
    (value,) = conn.execute("SELECT CAST(hash AS BLOB) FROM anchors").fetchone()
    conn.execute("UPDATE anchors SET hash = CAST(? AS TEXT)", (value[:3] + b"\xff" + value[4:],))
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.anchor() == (3, (value[:3] + b"\xff" + value[4:]).decode("utf-8", "replace"))
        result = log.verify()
    assert not result.ok and result.first_bad_seq in (3, 4)  # (the anchor, or the link to it)


@pytest.mark.parametrize("column", ["head_hash", "ts", "counts", "reason"])
def test_a_damaged_byte_in_a_checkpoint_is_read_not_an_unreadable_log(log_path, decision, tamper, column):
    """The log's checkpoints were read as text: one byte that is not UTF-8 in one (a bad sector, an
    edit) made `verify` answer 'unreadable' (exit 2) and `checkpoint -o` fail (exit 3). Read as
    bytes: an altered head hash or counts is tampering verify names; every field is exported as it reads."""
    with AuditLog.open(log_path, checkpoint_every=3) as log:
        for i in range(7):
            log.append(decision(i))
    conn = tamper(log_path)
    (value,) = conn.execute(f"SELECT CAST({column} AS BLOB) FROM checkpoints WHERE tree_size = 3").fetchone()
    conn.execute(f"UPDATE checkpoints SET {column} = CAST(? AS TEXT) WHERE tree_size = 3", (value[:3] + b"\xff" + value[4:],))
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        assert log.verify().ok is (column not in ("head_hash", "counts"))
        exported = {c["tree_size"]: c for c in log.checkpoint_export()}
    assert "\ufffd" in json.dumps(exported[3], ensure_ascii=False)


def test_appends_without_group_commit_write_no_checkpoint_each(tmp_path) -> None:  # noqa: ANN001
    """A checkpoint counts the whole chain under the write lock: a decision appended with its own commit
    wrote one each (3 decisions, 3 more checkpoints), where group commit writes as many as it always did."""
    import sqlite3

    from scrapeguard.audit.store import AuditLog

    counts = []
    for grouped in (True, False):
        path = tmp_path / f"log-{grouped}.sqlite"
        log = AuditLog.open(path, group_commit=grouped)
        try:
            for i in range(3):
                log.append({"url": f"https://example.org/{i}", "action": "allow", "phase": "request"})
        finally:
            log.close()
        with sqlite3.connect(path) as conn:
            counts.append(conn.execute("SELECT count(*) FROM checkpoints").fetchone()[0])
    assert counts[1] == counts[0]


def test_a_checkpoint_costs_the_same_however_long_the_log(log_path, decision):
    """Every checkpoint (each 1000th record, under the write lock) counted the actions of the whole
    chain again: ~64 ms at a million records, seconds at ten million, for every writer waiting. It adds
    the records since the last checkpoint to that one's counts, which stay those of the whole chain."""
    with AuditLog.open(log_path, checkpoint_every=50, synchronous="NORMAL") as log:
        for i in range(49):
            log.append(decision(i, action=("block", "allow")[i % 2]))
        steps = []

        def checkpointing_append(i: int) -> None:
            n = [0]
            log.conn.set_progress_handler(lambda: n.__setitem__(0, n[0] + 1), 100)
            try:
                log.append(decision(i, action=("block", "allow")[i % 2]))
            finally:
                log.conn.set_progress_handler(None, 0)
            steps.append(n[0])

        checkpointing_append(49)  # the 50th record: a checkpoint over 50
        for i in range(50, 2049):  # the log grows forty-fold (a long crawl)
            log.append(decision(i, action=("block", "allow")[i % 2]))
        checkpointing_append(2049)  # the 2,050th: a checkpoint over 2,050
        counts = {c["tree_size"]: c["counts"] for c in log.checkpoint_export()}
    assert counts[50] == {"allow": 25, "block": 25} and counts[2050] == {"allow": 1025, "block": 1025}
    assert steps[1] < 2 * steps[0], steps


@pytest.mark.parametrize("read_only", [False, True])
def test_a_fifo_given_as_the_log_is_refused_at_once(tmp_path: Path, read_only: bool) -> None:
    """Its first bytes' read waited for a writer that never came: `audit verify`, `check --audit` and a
    guard hung until killed (review). A FIFO, a socket or a device is no log."""
    import os
    import threading

    fifo = tmp_path / "decisions.sqlite"
    os.mkfifo(fifo)
    said: list[BaseException] = []

    def opening() -> None:
        try:
            AuditLog.open(fifo, read_only=read_only)
        except BaseException as exc:  # noqa: BLE001 - what it raised, asserted below
            said.append(exc)

    worker = threading.Thread(target=opening, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # (unblock it: a writer's open lets the read return)
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        pytest.fail("opening a FIFO as the audit log waited for a writer")
    # (no audit log, to a reader and to a writer: exit 2, as `check --help` says of a file that is no audit log)
    assert len(said) == 1 and isinstance(said[0], AuditUnreadable), said
    assert "not a regular file" in str(said[0])


@pytest.mark.parametrize("path", ["", "  "])
def test_an_empty_path_is_said_to_be_empty_not_a_directory(path: str) -> None:
    """(`Guard(audit="")` said ' is a directory, not an audit log': the current folder, named by nothing.)"""
    with pytest.raises(AuditUnreadable, match="path is empty"):
        AuditLog.open(path)


@pytest.fixture
def full_disk(tmp_path: Path):  # noqa: ANN201
    """A real file system of 1 MiB (tmpfs), filled to the last byte by the test; skipped where the
    test may not mount one."""
    import shutil
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if not shutil.which("mount") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                                                   capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def _fill(disk: Path) -> None:
    with contextlib.suppress(OSError), open(disk / "filler", "wb") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()


def test_a_log_on_a_full_disk_is_said_to_be_on_a_full_disk(full_disk, filled, cli):
    """With no room for the log's WAL index (`-shm`, made when the log is opened to write) SQLite says
    only 'disk I/O error': every audit command that writes (an access request, a recorded read, an
    erasure), and a guard opening its log, said that (exit 3, a failing disk to an officer) where the
    disk is full: 'disk full', exit 5, as the help says."""
    import shutil

    on_disk = full_disk / "decisions.sqlite"
    shutil.copy(filled, on_disk)
    _fill(full_disk)
    for argv in (["subject", "--url", "https://example.fr/people/0.jpg"], ["show", "3"],
                 ["erase", "--url", "https://example.fr/people/0.jpg", "--dry-run"]):
        code, _, err = cli(*argv, "--log", str(on_disk))
        assert code == 5 and "disk full" in err and "disk I/O error" in err, (argv, err)
    with pytest.raises(AuditFull, match="disk full"):
        AuditLog.open(on_disk)


NEW_LOG_PAST_ITS_ROOM = """
import resource, signal, sys
from scrapeguard.audit import store
store._no_room = lambda path: True  # (what statvfs says of a full file system; the limit below fills it)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), resource.RLIM_INFINITY))
try:
    store.AuditLog.open(sys.argv[1])
except store.AuditError as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.parametrize("room", [10 * 1024, 40 * 1024])
def test_a_new_log_on_a_full_disk_is_said_to_be_on_a_full_disk(tmp_path: Path, room: int) -> None:
    """A new log whose WAL index cannot grow: SQLite rolled back the read or the creation the full disk failed,
    and the COMMIT (ROLLBACK) after it said "cannot commit - no transaction is active" (exit 3) in place of
    "disk full" (exit 5), at a crawl's start (review)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", NEW_LOG_PAST_ITS_ROOM, str(tmp_path / "new.sqlite"), str(room)],
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.startswith("AuditFull") and "disk full" in run.stdout, (run.stdout, run.stderr)


def test_a_log_another_process_creates_while_this_one_opens_it_is_opened(tmp_path, monkeypatch):
    """Crawler processes started together open one new log at once. One read the log's version
    (none yet), the other then committed the schema, and the first read its tables: "an SQLite
    database but not a scrapeguard audit log", and that worker stopped (seen as a flaky
    four-writer test). What the opener reads of the log is now one snapshot."""
    path = tmp_path / "decisions.sqlite"
    connect = sqlite3.connect
    created: list[str] = []

    def interleaving(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        conn = connect(*args, **kwargs)
        if not created:
            def after(statement: str) -> None:
                if statement.strip().upper().startswith("PRAGMA APPLICATION_ID") and not created:
                    created.append("peer")
                    with monkeypatch.context() as m:
                        m.setattr(sqlite3, "connect", connect)
                        AuditLog.open(path).close()  # the other process: its schema is committed now
            conn.set_trace_callback(after)
        return conn

    monkeypatch.setattr(sqlite3, "connect", interleaving)
    log = AuditLog.open(path)
    monkeypatch.setattr(sqlite3, "connect", connect)
    try:
        assert created == ["peer"]
        assert log.verify().ok
    finally:
        log.close()


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_log_another_worker_creates_while_it_is_recognised_is_no_foreign_database(tmp_path, after):
    """(A review of the recognising step: its three reads in three snapshots saw no application id,
    then the tables another worker had just committed: "not a scrapeguard audit log" for a real one.)"""
    path = tmp_path / "audit.sqlite"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as first:
        first.execute("PRAGMA journal_mode = WAL").fetchone()  # the creating worker's file, schema not yet in
    real = sqlite3.connect(path, isolation_level=None)

    class CommitsBetween:
        statements = 0

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            cursor = real.execute(sql, *args)
            CommitsBetween.statements += 1
            if CommitsBetween.statements == after:
                AuditLog.open(path, create=True).close()  # the other worker commits the log's schema now
            return cursor

    try:
        AuditLog._refuse_foreign(CommitsBetween(), str(path))  # type: ignore[arg-type]
    finally:
        real.close()


@pytest.mark.parametrize("how", ["deleted", "folder removed", "replaced"])
def test_a_log_deleted_or_replaced_under_a_writer_refuses_the_next_write(tmp_path, decision, how):
    """SQLite writes on through an open file whose path was deleted: every append "succeeded" into a file
    no one could read again (review, session 60). The writer holds the path to the file it opened."""
    import shutil

    folder = tmp_path / "logs"
    folder.mkdir()
    path = folder / "audit.sqlite"
    log = AuditLog.open(path)
    log.append(decision(0))
    if how == "folder removed":
        shutil.rmtree(folder)
    else:
        for name in os.listdir(folder):
            os.unlink(folder / name)
        if how == "replaced":
            AuditLog.open(path).close()
    with pytest.raises(AuditError, match="deleted|replaced"):
        log.append(decision(1))
    log.close()
    if how == "replaced":  # (the new log is left as it was made)
        with AuditLog.open(path, read_only=True) as again:
            assert again.verify().count == 0


def test_an_erased_url_or_section_is_suppressed_under_any_path_parameters(log_path):
    """(Review) A servlet container serves `jdoe.html;jsessionid=XYZ789` as `jdoe.html`: an erasure of the page
    refused the bare URL and let the next session's spelling through, collected again; so did a section
    `/~jdoe/` for `/~jdoe;v=1/x.jpg`. Their parameters removed, both are the erased resource; a neighbour is not."""
    page = "https://uni.example.edu/people/jdoe.html"
    with AuditLog.open(log_path) as log:
        with log.transaction() as tx:
            log.add_suppression(tx, "url", page, "r-page")
            log.add_suppression(tx, "url-prefix", "https://uni.example.edu/~jdoe/", "r-section")
        assert log.is_suppressed(page + ";jsessionid=XYZ789") == "r-page"
        assert log.is_suppressed("https://uni.example.edu/people;v=2/jdoe.html;jsessionid=1") == "r-page"
        assert log.is_suppressed("https://uni.example.edu/~jdoe;v=1/x.jpg") == "r-section"
        assert log.is_suppressed("https://uni.example.edu/people/jdoe2.html;jsessionid=XYZ789") is None
        assert log.is_suppressed("https://uni.example.edu/people/jdoe.html?s=1;2") is None


def test_an_erased_page_is_suppressed_under_any_tracking_parameters(log_path):
    """(Review) After `erase --url …/eileen.html`, the same page asked for as `eileen.html?utm_source=x` (a
    newsletter's link) was collected again. Its tracking parameters removed, it is the erased page, as is the
    page asked for without them after an erasure of a tracked spelling; another query is another page."""
    page = "http://127.0.0.1:8000/people/eileen.html"
    with AuditLog.open(log_path) as log:
        with log.transaction() as tx:
            log.add_suppression(tx, "url", page, "r-page")
            for form in client_spellings("https://example.fr/team/jo.html?utm_campaign=spring&lang=fr"):
                log.add_suppression(tx, "url", form, "r-tracked")
        assert log.is_suppressed(page + "?utm_source=x") == "r-page"
        assert log.is_suppressed(page + "?fbclid=IwAR1&UTM_Medium=mail#bio") == "r-page"
        assert log.is_suppressed(page + ";jsessionid=AB?gclid=1") == "r-page"
        assert log.is_suppressed("https://example.fr/team/jo.html?lang=fr") == "r-tracked"
        assert log.is_suppressed("https://example.fr/team/jo.html?lang=fr&utm_source=feed") == "r-tracked"
        assert log.is_suppressed(page + "?id=2") is None
        assert log.is_suppressed(page + "?utm_source=x&id=2") is None
        assert log.is_suppressed("http://127.0.0.1:8000/people/eileen2.html?utm_source=x") is None
