"""The Art. 30 record of processing, built from the policy and the log."""

from __future__ import annotations

from pathlib import Path

from scrapeguard.audit import AuditLog, ropa
from scrapeguard.audit.dsr import Subject, access, erase
from scrapeguard.policy import load_policy
from tests.audit.conftest import make_decision


def test_requests_handled_counts_requests_not_an_erasures_follow_up_records(tmp_path: Path) -> None:
    """A decision of an erased item written after the erasure gets a follow-up erasure record of the
    same request (`AuditLog._note_erased`); the record of processing counted each as a request
    handled: one erasure read as three."""
    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(make_decision(1, action="allow", url=url))
        access(log, Subject(urls=[url]))
        erase(log, Subject(urls=[url]), request_id="req-1")
        log.append(make_decision(2, action="allow", url=url))
        log.append(make_decision(3, action="allow", url=url))
        record = ropa.build(load_policy("gdpr-strict"), log)
    assert record["audit_log"]["requests_handled"] == {"access": 1, "erasure": 1}


def test_the_record_describes_one_moment_of_a_log_a_crawler_is_writing(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Each purpose's figures were their own read: a crawl writing meanwhile gave an Art. 30 record
    whose requests and volumes were of different moments."""
    path = tmp_path / "log.sqlite"
    real = ropa._log_facts

    def crawl_then_count(log, purpose_id, policy_id):  # noqa: ANN001, ANN202 - a decision committed between reads
        with AuditLog.open(path) as crawler:
            crawler.append(make_decision(9, action="allow"))
        return real(log, purpose_id, policy_id)

    with AuditLog.open(path) as log:
        for i in range(4):
            log.append(make_decision(i, action="block"))
    monkeypatch.setattr(ropa, "_log_facts", crawl_then_count)
    with AuditLog.open(path, read_only=True) as log:
        record = ropa.build(load_policy("gdpr-strict"), log)
    assert sum(a["observed"].get("decisions", 0) for a in record["activities"] if "observed" in a) == 4


def test_a_byte_that_is_not_utf8_in_a_record_is_counted_not_fatal(tmp_path: Path) -> None:
    """One byte that is not UTF-8 in a decision's action, time, jurisdiction or policy, or in a
    request's kind (a bad sector), failed `audit ropa` with 'Could not decode to UTF-8' (exit 3):
    no record of processing until the file was repaired. The record is counted, under the name as
    it reads now (U+FFFD for the damaged byte), or skipped where the record itself is damaged; `verify` says
    where the log was altered."""
    from tests.audit.conftest import make_not_utf8, make_not_utf8_in_record, raw

    db = tmp_path / "log.sqlite"
    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(db) as log:
        for i in range(4):
            log.append(make_decision(i, action="allow" if i < 3 else "block", url=url))
        access(log, Subject(urls=[url]))
    conn = raw(db)
    make_not_utf8(conn, "chain", "action", 0)
    make_not_utf8(conn, "chain", "ts", 3)
    make_not_utf8_in_record(conn, 1, "EU")
    make_not_utf8_in_record(conn, 2, "gdpr-strict")
    make_not_utf8_in_record(conn, 4, "access")
    conn.close()
    with AuditLog.open(db, read_only=True) as log:
        record = ropa.build(load_policy("gdpr-strict"), log)
    observed = record["activities"][0]["observed"]
    # (the decisions whose record itself is damaged are skipped, as stats skips them; index columns read as they do)
    assert observed["decisions"] == 2 and observed["by_action"] == {"all\ufffdw": 1, "block": 1}
    assert observed["jurisdictions_met"] == ["loc:EU"]
    assert [(p["id"], p["decisions"]) for p in record["policy_mismatch"]] == [("g\ufffdpr-strict", 1)]
    assert record["audit_log"]["requests_handled"] == {"a\ufffdcess": 1}
    assert "\ufffd" in ropa.as_text(record)


def test_the_art9_evidence_the_policy_declares_is_in_the_record_in_both_forms() -> None:
    """Only the DPIA of a purpose's Art. 9 evidence reached the record (and the text form showed no
    evidence at all): the law, the safeguards and the ethics approval an Art. 9(2)(j) purpose must
    declare are what a reviewer of the record asks for."""
    record = ropa.build(load_policy("research-9-2-j"))
    [activity] = [a for a in record["activities"] if a.get("special_category")]
    evidence = activity["legal_basis_evidence"]
    assert evidence["art6"] and evidence["dpia"] == "DPIA-VL-2025-03"
    assert evidence["art9_law"] == "DE: BDSG s. 27 + state university law"
    assert "pseudonymised storage" in evidence["art9_safeguards"] and evidence["art9_ethics"] == "IRB-2025-112"
    text = ropa.as_text(record)
    assert "DPIA-VL-2025-03" in text and "BDSG s. 27" in text and "pseudonymised storage" in text and "IRB-2025-112" in text


POLICY = """schema_version = 1
id = "my-policy"
version = "1.0.0"
[controller]
name = "Acme Research GmbH"
contact = "privacy@acme.test"
establishment = ["DE"]
notice_url = "https://acme.test/crawler"
ropa_ref = "ROPA-ACME-07"
[[purpose]]
id = "corpus"
usage = "train-ai"
retention_days = 180
jurisdictions = ["EU", "EEA"]
[purpose.basis]
art6 = "eu-gdpr:A6-1-f"
art6_evidence = "LIA-1"
[purpose.on]
personal_image = "block"
{override}
[audit]
url = "{url}"
"""
LICENSED = ('[[override]]\ndomain = "example.de"\nreason = "press photos licensed"\nevidence = "LIC-1"\n'
            'expires = 2099-01-01\non = {{ personal_image = "allow" }}')


def test_a_purpose_keeping_one_sites_pictures_lists_them_and_the_measures_are_those_the_policy_takes(
        tmp_path: Path) -> None:
    """(Policy review) A purpose blocking personal images keeps one site's by an override: the record said it
    processed no pictures. Its measures always named pseudonymisation (with `url = "clear"` too) and an
    access control no policy key declares."""
    path = tmp_path / "p.toml"
    path.write_text(POLICY.format(override=LICENSED.format(), url="clear"))
    [corpus] = [a for a in ropa.build(load_policy(path))["activities"] if a["id"] == "corpus"]
    assert corpus["dpv:hasPersonalData"] == ["pd:Picture"]
    assert corpus["dpv:hasTechnicalOrganisationalMeasure"] == ["dpv:RecordsOfActivities", "dpv:DataDeletion",
                                                              "dpv:IntegrityManagement"]
    path.write_text(POLICY.format(override="", url="hmac"))
    [corpus] = [a for a in ropa.build(load_policy(path))["activities"] if a["id"] == "corpus"]
    assert corpus["dpv:hasPersonalData"] == []
    assert corpus["dpv:hasTechnicalOrganisationalMeasure"][0] == "dpv:Pseudonymisation"


def test_a_damaged_record_is_no_decision_of_the_purpose(tmp_path: Path) -> None:
    """(Review of the change) stats skipped a damaged record and the record of processing counted it, for every
    policy (read as one naming none): 300 observed decisions where stats said 298."""
    from tests.audit.conftest import make_not_utf8_in_record, raw

    with AuditLog.open(tmp_path / "log.sqlite") as log:
        for i in range(6):
            log.append(make_decision(i, action="allow", url=f"https://example.org/{i}.jpg"))
    conn = raw(tmp_path / "log.sqlite")
    conn.execute("UPDATE chain SET record = '[1, 2]' WHERE seq = 2")
    make_not_utf8_in_record(conn, 3, "gdpr-strict")
    conn.close()
    with AuditLog.open(tmp_path / "log.sqlite", read_only=True) as log:
        record = ropa.build(load_policy("gdpr-strict"), log)
        from scrapeguard.audit.query import stats
        total = stats(log)["total"]
    observed = sum(a["observed"].get("decisions", 0) for a in record["activities"] if "observed" in a)
    assert observed == total == 4
