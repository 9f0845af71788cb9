"""Storage references: where a decision's item was stored, on record for erasure requests."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from scrapeguard import Guard
from scrapeguard.audit import AuditLog
from scrapeguard.audit.dsr import Subject, access, erase
from scrapeguard.audit.storage import StorageRef, attach_storage, storage_refs

COFFEE = (Path(__file__).parents[2] / "scrapeguard/demo/assets/coffee.jpg").read_bytes()
URL = "https://shop.example/stock/coffee.jpg"


def reencoded(data: bytes, size: tuple[int, int] | None = None) -> bytes:
    """What an images pipeline stores: the picture decoded and written again as JPEG."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    if size:
        img.thumbnail(size)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, str, dict[str, Path]]:
    """A guarded download of an image, its re-encoded copy and thumbnail on disk, both attached."""
    db = tmp_path / "log.sqlite"
    copies = {"full": tmp_path / "images/full/ab12.jpg", "thumbs/small": tmp_path / "images/thumbs/small/ab12.jpg"}
    guard = Guard("gdpr-strict", user_agent="X/1", audit=str(db))
    try:
        decision = guard.check_response(URL, 200, {"Content-Type": "image/jpeg"}, COFFEE)
        assert decision.allowed
        refs = []
        for role, path in copies.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(reencoded(COFFEE, (50, 50) if "thumbs" in role else None))
            refs.append(StorageRef.of_bytes(path, path.read_bytes(), role))
        assert len(attach_storage(guard, decision.decision_id, refs)) == 2
    finally:
        guard.close()
    return db, decision.decision_id, copies


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_access_and_erasure_list_every_stored_copy(stored: tuple[Path, str, dict[str, Path]]) -> None:
    db, decision_id, copies = stored
    with AuditLog.open(db) as log:
        assert log.verify().ok
        report = access(log, Subject(urls=[URL]), record=False)
        item = next(i for i in report["items"] if i["id"] == decision_id)
        assert [(r["role"], r["location"], r["sha256"]) for r in item["storage_refs"]] == [
            (role, path.as_uri(), sha(path)) for role, path in copies.items()
        ]
        assert all(sha(p) != hashlib.sha256(COFFEE).hexdigest() for p in copies.values())  # not the fetched bytes
        manifest = erase(log, Subject(urls=[URL]), request_id="R1")
        for path in copies.values():
            assert path.as_uri() in manifest["delete_from_content_store"]
            assert f"sha256:{sha(path)}" in manifest["delete_from_content_store"]
        assert log.verify().ok  # the copies' sidecar rows went with the erasure
        gone = storage_refs(log, [decision_id])[decision_id]  # the events stay, their fields are gone
        assert len(gone) == 2 and all(r["location"] is None and r["sha256"] is None for r in gone)


def test_a_stored_copy_leads_an_image_request_to_its_decision(stored: tuple[Path, str, dict[str, Path]]) -> None:
    db, decision_id, copies = stored
    with AuditLog.open(db) as log:
        report = access(log, Subject(image=copies["full"].read_bytes()), record=False)
    found = {i["id"]: i["matched_by"] for i in report["items"]}
    assert decision_id in found and any(h.startswith("stored copy") for h in found[decision_id])
    assert {i["schema"] for i in report["items"]} == {"scrapeguard.decision/1"}


def test_an_edited_storage_location_fails_verify(stored: tuple[Path, str, dict[str, Path]], tamper) -> None:  # noqa: ANN001
    db, _, _ = stored
    with AuditLog.open(db) as log:
        seq = log.conn.execute("SELECT min(seq) FROM chain WHERE kind = 'storage'").fetchone()[0]
    tamper(db).execute("UPDATE sidecar SET url = 'file:///elsewhere.jpg' WHERE seq = ?", (seq,))
    with AuditLog.open(db) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == seq


def test_an_edited_stored_hash_fails_verify(stored: tuple[Path, str, dict[str, Path]], tamper) -> None:  # noqa: ANN001
    db, _, _ = stored
    with AuditLog.open(db) as log:
        seq = log.conn.execute("SELECT max(seq) FROM chain WHERE kind = 'storage'").fetchone()[0]
    tamper(db).execute("UPDATE sidecar SET image_sha256 = ? WHERE seq = ?", ("0" * 64, seq))
    with AuditLog.open(db) as log:
        assert not log.verify().ok


def test_refs_need_a_decision_of_this_log_and_a_real_digest(tmp_path: Path) -> None:
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        with pytest.raises(ValueError, match="no decision"):
            attach_storage(log, "no-such-id", [StorageRef("/data/a.jpg")])
        assert log.count() == 0
    guard = Guard("gdpr-strict", user_agent="X/1", audit=str(tmp_path / "g.sqlite"))
    try:
        decision = guard.check_response(URL, 200, {"Content-Type": "image/jpeg"}, COFFEE)
        with pytest.raises(ValueError, match="SHA-256"):
            attach_storage(guard, decision.decision_id, [StorageRef("/data/a.jpg", "abc")])
        with pytest.raises(ValueError, match="SQLite audit log"):
            attach_storage(object(), decision.decision_id, [])
    finally:
        guard.close()



def test_a_decisions_seq_is_not_its_id(tmp_path: Path, decision) -> None:  # noqa: ANN001
    """`attach_storage(log, "0", …)` (the decision's seq, as `audit show` takes it) was accepted: the
    copy was recorded as of decision "0", which no decision is, so the item's erasure never named it."""
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(decision(0, action="allow", url=URL))
        with pytest.raises(ValueError, match="no decision"):
            attach_storage(log, "0", [StorageRef("/data/a.jpg")])
        assert log.count() == 1


def test_a_decision_id_given_in_capitals_is_found_and_the_copy_recorded_under_the_logs_spelling(
        tmp_path: Path, decision) -> None:  # noqa: ANN001
    """(Review) `attach_storage(log, "C4CADF83-…", …)`, the id as a tool that upper-cases UUIDs gives it, raised
    "no decision": ids were matched exactly. Found, and the copy recorded under the id as the log spells it, so
    the item's access and erasure requests list it."""
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        made = decision(0, action="allow", url=URL)
        log.append(made)
        attach_storage(log, f" {made.decision_id.upper()} ", [StorageRef("/data/a.jpg")])
        [copy] = storage_refs(log, [made.decision_id])[made.decision_id]
        assert copy["location"] == Path("/data/a.jpg").as_uri()
        assert [i["id"] for i in access(log, Subject(urls=[URL]), record=False)["items"]] == [made.decision_id]
        with pytest.raises(ValueError, match="no decision"):
            attach_storage(log, made.decision_id.upper().replace("-", "_"), [StorageRef("/data/b.jpg")])


@pytest.mark.parametrize("group_commit", [True, False], ids=["group-commit", "own-commit"])
def test_a_process_that_only_stores_leaves_a_shutdown_checkpoint(tmp_path: Path, decision, group_commit: bool) -> None:  # noqa: ANN001
    """A pipeline process writes storage events and no decision: closing its log checkpoints
    the head it wrote, as closing a log a process appended decisions to does."""
    db = tmp_path / "log.sqlite"
    with AuditLog.open(db) as log:
        d = decision(0, action="allow")
        log.append(d)
    with AuditLog.open(db, group_commit=group_commit) as log:
        seqs = attach_storage(log, d.decision_id, [StorageRef("s3://b/full/1.jpg", "ab" * 32, "full"),
                                                   StorageRef("s3://b/thumbs/1.jpg", "cd" * 32, "thumbs")])
        assert seqs == [1, 2]
    with AuditLog.open(db) as log:
        last = log.checkpoint_export()[-1]
        assert (last["tree_size"], last["reason"]) == (3, "shutdown") and log.verify().ok


def test_events_and_decisions_appended_from_threads_share_commits_and_keep_their_seqs(tmp_path: Path, decision) -> None:  # noqa: ANN001
    """`append_events` goes through the group commit with `append`: each call's events stay
    together, in order, and every caller gets its own seqs."""
    import threading

    from scrapeguard.audit.record import storage_record

    with AuditLog.open(tmp_path / "log.sqlite") as log:
        d = decision(0, action="allow")
        log.append(d)
        got: dict[int, list[int]] = {}

        def store(n: int) -> None:
            got[n] = log.append_events([storage_record(d.decision_id, f"s3://b/{n}/{k}.jpg", None, "", log.key)
                                        for k in range(3)])

        def decide(n: int) -> None:
            got[100 + n] = [log.append(decision(n, action="allow"))]

        threads = [threading.Thread(target=f, args=(n,)) for n in range(1, 9) for f in (store, decide)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(b - a == 1 for n, s in got.items() if n < 100 for a, b in zip(s, s[1:]))
        assert sorted(s for seqs in got.values() for s in seqs) == list(range(1, 33))
        refs = storage_refs(log, [d.decision_id])[d.decision_id]
        assert {r["seq"]: r["location"] for r in refs} == {
            s: f"s3://b/{n}/{k}.jpg" for n, seqs in got.items() if n < 100 for k, s in enumerate(seqs)}
        assert log.append_events([]) == [] and log.verify().ok


def test_a_copy_stored_after_its_items_erasure_is_said_and_found_by_the_request(
    tmp_path: Path, decision, caplog: pytest.LogCaptureFixture  # noqa: ANN001
) -> None:
    """A pipeline that stores (or uploads) an item after its decision may do so after an erasure of
    that item: its copy was recorded as any other, and no manifest ever named it (the request's was
    made before). It is still recorded (the log must say where it is), with a WARNING naming the
    request and the copy to delete."""
    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(d := decision(1, action="allow", url=url))
        erase(log, Subject(urls=[url]), request_id="req-9")
        with caplog.at_level("WARNING", logger="scrapeguard"):
            (seq,) = attach_storage(log, d.decision_id, [StorageRef("s3://bucket/full/ab.jpg", "ab" * 32, "full")])
        assert log.get(seq).personal["url"] == "s3://bucket/full/ab.jpg"
    warned = [r.getMessage() for r in caplog.records if "req-9" in r.getMessage()]
    assert warned and "s3://bucket/full/ab.jpg" in warned[0] and "delete" in warned[0]


def test_the_stored_copies_of_many_decisions_are_read_in_one_pass_over_the_log(tmp_path: Path, decision) -> None:  # noqa: ANN001
    """An access or erasure request by a whole site lists the stored copies of every decision it
    finds; they were read 500 decisions at a time, each time walking every storage record of the
    log: time grew with decisions x copies (hours for a site of a million stored images). One pass
    now, however many decisions are asked for, and every copy still listed under its decision."""
    from scrapeguard.audit.record import decision_record, storage_record

    with AuditLog.open(tmp_path / "log.sqlite") as log:
        made = [decision(i, action="allow", url=f"https://shop.example/p/{i}.jpg") for i in range(1200)]
        batch = [decision_record(d.to_dict(), log.key) for d in made]
        batch += [storage_record(d.decision_id, f"/data/full/{i}.jpg", f"{i:064x}", "full", log.key)
                  for i, d in enumerate(made)]
        with log.transaction() as conn:
            log.append_many(conn, batch)
        passes: list[str] = []
        log.conn.set_trace_callback(lambda sql: passes.append(sql) if "storage" in sql else None)
        try:
            found = storage_refs(log, [d.decision_id for d in made])
        finally:
            log.conn.set_trace_callback(None)
    assert len(passes) == 1, passes
    assert len(found) == 1200 and all(len(copies) == 1 for copies in found.values())
    assert found[made[700].decision_id][0]["location"] == "/data/full/700.jpg"


def test_recording_a_copy_waits_for_another_threads_commit_on_the_shared_connection(tmp_path: Path) -> None:
    """The decision a copy names was read on the log's connection without its lock, in the middle of
    another thread's group commit: with crawls sharing one log, storage records failed ("cannot commit -
    no transaction is active") and ordinary decisions were refused as audit.write_failed (review)."""
    import threading

    guard = Guard("gdpr-strict", user_agent="X/1", audit=str(tmp_path / "log.sqlite"))
    try:
        decision = guard.check_response(URL, 200, {"Content-Type": "image/jpeg"}, COFFEE)
        log = guard.audit
        assert isinstance(log, AuditLog)
        held, release = threading.Event(), threading.Event()

        def commit_in_progress() -> None:
            with log.transaction():
                held.set()
                release.wait(5)

        writer = threading.Thread(target=commit_in_progress)
        writer.start()
        assert held.wait(5)
        done: list[object] = []
        reader = threading.Thread(target=lambda: done.append(log.by_id(decision.decision_id)))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and not done  # (waits its turn: nothing read inside the other's transaction)
        release.set()
        writer.join(5)
        reader.join(5)
        assert done
        assert len(attach_storage(guard, decision.decision_id, [StorageRef.of_bytes("/s/a.jpg", b"x")])) == 1
    finally:
        guard.close()
