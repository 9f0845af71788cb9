"""The CSV export: what an officer sorts a spreadsheet by, from a real guard's real log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scrapeguard import Guard
from scrapeguard.audit import AuditLog
from scrapeguard.audit.export import write_export
from scrapeguard.audit.query import Filters

BROKEN_JPEG = b"\xff\xd8\xff\xe0garbage"


def _small_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#8a6d4b").save(out, "JPEG")
    return out.getvalue()


def fail_open_policy(tmp_path: Path) -> Path:
    """The shipped gdpr-strict policy under another id, with on_error = fail-open."""
    text = (Path(__file__).parents[2] / "policies" / "gdpr-strict.toml").read_text(encoding="utf-8")
    text = text.replace('on_error = "fail-closed"', 'on_error = "fail-open"').replace(
        'id = "gdpr-strict"', 'id = "gdpr-open"', 1
    )
    path = tmp_path / "open.toml"
    path.write_text(text, encoding="utf-8")
    return path


def two_policy_log(tmp_path: Path) -> Path:
    """One undecodable image judged under a fail-closed and a fail-open policy, one log."""
    db = tmp_path / "log.sqlite"
    for policy in ("gdpr-strict", str(fail_open_policy(tmp_path))):
        guard = Guard(policy, user_agent="X/1", audit=str(db))
        try:
            guard.check_response("http://example.com/b.jpg", status=200,
                                 headers={"content-type": "image/jpeg"}, body=BROKEN_JPEG)
        finally:
            guard.close()
    return db


def rows(db: Path, personal: bool = False) -> list[dict[str, str]]:
    out = io.StringIO()
    with AuditLog.open(db, read_only=True) as log:
        write_export(log, out, "csv", personal=personal)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_csv_names_policy_version_basis_and_on_error(tmp_path: Path) -> None:
    got = {(r["policy"], r["policy_version"], r["art6_basis"], r["on_error"], r["action"]) for r in rows(two_policy_log(tmp_path))}
    assert got == {
        ("gdpr-strict", "1.0.0", "eu-gdpr:A6-1-f", "fail-closed", "block"),
        ("gdpr-open", "1.0.0", "eu-gdpr:A6-1-f", "fail-open", "log"),
    }


def test_a_fail_open_decision_is_found_by_its_code(tmp_path: Path) -> None:
    db = two_policy_log(tmp_path)
    by_policy = {r["policy"]: r["codes"].split() for r in rows(db)}
    assert by_policy == {"gdpr-strict": ["image.error", "error.fail_closed"],
                         "gdpr-open": ["image.error", "error.fail_open"]}
    with AuditLog.open(db, read_only=True) as log:
        where, args = Filters(code="error.fail_open").validate().sql()
        found = [e.record["policy"]["id"] for e in log.iter_entries(where, args)]
        assert found == ["gdpr-open"]
        assert log.verify().ok


def test_personal_csv_has_the_page_url(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite"
    guard = Guard(str(fail_open_policy(tmp_path)), user_agent="X/1", audit=str(db))
    try:
        page = b"<html><body><img src='/photos/jane.jpg' alt='portrait of Jane Smith' class='team-member'></body></html>"
        guard.check_response("https://example.com/team.html", status=200, headers={"content-type": "text/html"}, body=page)
        # (a picture the guard can redact: one it cannot read is withheld, and its URL kept only as a hash)
        guard.check_response("https://example.com/photos/jane.jpg", status=200, headers={"content-type": "image/jpeg"},
                             body=_small_jpeg())
    finally:
        guard.close()
    image = [r for r in rows(db, personal=True) if r["url"].endswith("jane.jpg")]
    assert [r["page_url"] for r in image] == ["https://example.com/team.html"]
    assert {r["page_url"] for r in rows(db)} == {""}  # only on request, as the URL


def test_what_a_decision_could_not_see_is_found_counted_and_exported(tmp_path: Path) -> None:
    """Notes (body.decoded, face.min_size, xrobots.truncated, hostfile.not_fetched…) were in the
    record but no summary showed them: `--code` found none, stats did not count them, the CSV
    had no column for them, nor for the stage and HTTP status that tell a request's record from
    its response's."""
    import gzip

    from scrapeguard.audit.query import stats

    db = tmp_path / "log.sqlite"
    guard = Guard("gdpr-strict", user_agent="X/1", audit=str(db))
    try:
        guard.check_response("https://example.com/p.html", status=200,
                             headers={"content-type": "text/html", "content-encoding": "gzip"},
                             body=gzip.compress(b"<html><body><p>news</p></body></html>"))
    finally:
        guard.close()
    [row] = rows(db)
    assert (row["stage"], row["http_status"]) == ("response", "200")
    assert sorted(row["notes"].split()) == ["body.decoded", "hostfile.not_fetched"]  # each code once
    with AuditLog.open(db, read_only=True) as log:
        where, args = Filters(code="body.decoded").validate().sql()
        assert len(list(log.iter_entries(where, args))) == 1
        where, args = Filters(code="body").validate().sql()  # a family, as for findings' codes
        assert len(list(log.iter_entries(where, args))) == 1
        assert stats(log)["by_note"] == {"body.decoded": 1, "hostfile.not_fetched": 1}


def test_a_tampered_record_whose_notes_are_no_objects_does_not_stop_stats_or_the_code_filter(tmp_path: Path) -> None:
    """Notes are read with json_extract, which raised 'malformed JSON' on a note that is a plain
    string: one tampered record took down stats, the report and every --code query."""
    import json

    from scrapeguard.audit.query import stats

    from .conftest import raw

    db = tmp_path / "log.sqlite"
    guard = Guard("gdpr-strict", user_agent="X/1", audit=str(db))
    try:
        guard.check_response("https://example.com/p.html", status=200, headers={"content-type": "text/html"},
                             body=b"<p>x</p>")
    finally:
        guard.close()
    conn = raw(db)
    record = json.loads(conn.execute("SELECT record FROM chain WHERE seq = 0").fetchone()[0])
    record["notes"] = ["plain text", 3, *record["notes"]]
    conn.execute("UPDATE chain SET record = ? WHERE seq = 0", (json.dumps(record),))
    conn.close()
    with AuditLog.open(db, read_only=True) as log:
        assert stats(log)["by_note"] == {"hostfile.not_fetched": 1}
        where, args = Filters(code="hostfile.not_fetched").validate().sql()
        assert len(list(log.iter_entries(where, args))) == 1
        assert not log.verify().ok  # (and the tampering shows)


def test_personal_csv_has_the_image_hashes_and_every_csv_the_crawler_that_wrote_it(tmp_path: Path) -> None:
    """`--personal` exports the sidecar's fields still held, and records their read: the image's
    SHA-256 and perceptual hash too, not only its URLs. The integration tells the decisions of
    crawlers sharing one log apart."""
    import hashlib

    from scrapeguard.audit.phash import dhash

    photo = (Path(__file__).parents[2] / "scrapeguard" / "demo" / "assets" / "coffee.jpg").read_bytes()
    db = tmp_path / "log.sqlite"
    with Guard("gdpr-strict", user_agent="X/1", audit=str(db)) as guard:
        guard.check_response("https://example.com/coffee.jpg", status=200, headers={"content-type": "image/jpeg"},
                             body=photo)
    [row] = rows(db, personal=True)
    assert (row["url"], row["image_sha256"], row["phash"]) == (
        "https://example.com/coffee.jpg", hashlib.sha256(photo).hexdigest(), dhash(photo))
    assert row["integration"] == "library"
    [row] = rows(db)
    assert (row["image_sha256"], row["phash"], row["integration"]) == ("", "", "library")


def test_csv_columns_added_later_come_after_the_first_ones_so_reading_by_position_still_works() -> None:
    from scrapeguard.audit.export import CSV_COLUMNS

    first = ("seq", "id", "schema", "ts", "stage", "http_status", "domain", "action", "enforced", "purpose",
             "policy", "policy_version", "art6_basis", "on_error", "codes", "notes", "explanation", "url_ref",
             "retention_until", "url", "page_url", "hash")  # (the release before them)
    assert CSV_COLUMNS[:len(first)] == first


def test_a_library_export_made_while_a_prune_commits_still_verifies(log_path, decision, monkeypatch) -> None:
    """`write_export` (the library's export, a crawler exporting its own log) read the prune anchor
    and then the records in separate reads, as the CLI did: a prune committing in between gave an
    export whose first record does not follow its anchor line, and `verify --jsonl` called the
    honest log tampered. It reads both in one snapshot, and never holds the writer's appends."""
    from scrapeguard.audit import verify_jsonl_lines
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    real_anchor = AuditLog.anchor
    pruned: list[int] = []

    def anchor_then_prune(self: AuditLog) -> object:  # the export's look at the anchor, then the job's prune
        found = real_anchor(self)
        if not pruned:
            pruned.append(1)
            with AuditLog.open(log_path) as job:
                assert prune(job, load_policy("gdpr-strict"))["removed_records"] == 6
        return found

    with AuditLog.open(log_path) as log:
        for i in range(6):
            log.append(decision(i, action="block", days_ago=200))  # expired
        for i in range(6, 9):
            log.append(decision(i, action="allow", days_ago=1))
        out = io.StringIO()
        with monkeypatch.context() as patch:
            patch.setattr(AuditLog, "anchor", anchor_then_prune)
            write_export(log, out, "jsonl")
        assert pruned
        log.append(decision(9, action="allow"))  # (the writer was never left waiting)
    result = verify_jsonl_lines(out.getvalue().splitlines())
    assert result.ok, result.problems


def test_personal_csv_has_the_hash_of_the_redacted_copy_a_crawler_kept(log_path, decision) -> None:
    """`--personal` exported the original's hash only: the copy a crawler kept of a redacted item
    (`Decision.redacted_sha256`) is a sidecar field as the original's is, so its hash is exported too."""
    import hashlib

    with AuditLog.open(log_path) as log:
        d = decision(1, action="redact", url="https://example.fr/people/ana.jpg")
        d.redacted_body = b"blurred"
        log.append(d)
    [row] = rows(log_path, personal=True)
    assert row["redacted_sha256"] == hashlib.sha256(b"blurred").hexdigest()
    [row] = rows(log_path)
    assert row["redacted_sha256"] == ""
