"""The HTML report: which policy decided, and how much a failed check let through."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from scrapeguard.audit import AuditLog
from scrapeguard.audit.query import stats
from scrapeguard.audit.report import policy_stats, render
from tests.audit.test_export import two_policy_log


def test_report_counts_decisions_by_policy_and_fail_open(tmp_path: Path) -> None:
    with AuditLog.open(two_policy_log(tmp_path), read_only=True) as log:
        figures = policy_stats(log)
        data = {**stats(log), **figures}
    assert figures["fail_open"] == 1
    assert {(p["policy"], p["on_error"], p["art6"], p["decisions"], p["fail_open"]) for p in figures["by_policy"]} == {
        ("gdpr-strict", "fail-closed", "eu-gdpr:A6-1-f", 1, 0),
        ("gdpr-open", "fail-open", "eu-gdpr:A6-1-f", 1, 1),
    }
    html = render(data, None, log_path="log.sqlite", generated="now")
    assert "<h2>By policy</h2>" in html and "gdpr-open" in html and "fail-closed" in html
    assert "let through by fail-open" in html


def test_a_filtered_report_says_it_counts_the_matching_records_only(tmp_path: Path) -> None:
    """`report --action block` counted 6 decisions, 6 blocked and 0 allowed, and said nothing of
    the filter: read by a DPO as a crawl that blocked everything. The filters head the page."""
    from tests.audit.conftest import run_cli

    db = two_policy_log(tmp_path)
    page = tmp_path / "report.html"
    code, _, err = run_cli("report", "--log", str(db), "--html", str(page), "--action", "block", "--since", "2000-01-01")
    html = page.read_text(encoding="utf-8")
    assert code == 0 and "Only the records matching --since 2000-01-01, --action block" in html
    assert "1 decisions matching --since 2000-01-01, --action block; chain OK" in err
    code, _, _ = run_cli("report", "--log", str(db), "--html", str(page))
    assert code == 0 and "Only the records matching" not in page.read_text(encoding="utf-8")


def test_the_report_says_how_fast_data_subject_requests_were_answered(tmp_path: Path) -> None:
    """An auditor's question (Art. 12(3)): how fast were rights requests handled? Per kind: how
    many were answered in the period, the slowest, and how many later than one month."""
    import datetime as dt

    from scrapeguard.audit.dsr import Subject, access, erase

    def days_ago(n: int) -> str:
        return (dt.datetime.now(dt.UTC) - dt.timedelta(days=n)).isoformat()

    db = tmp_path / "log.sqlite"
    with AuditLog.open(db) as log:
        subject = Subject(urls=["https://example.fr/people/ana.jpg"])
        access(log, subject, received=days_ago(40))  # late
        access(log, subject, received=days_ago(27))
        erase(log, subject, received=days_ago(1))
        figures = stats(log)
    assert figures["requests"] == [
        {"kind": "access", "count": 2, "late": 1, "slowest_days": 40.0},
        {"kind": "erasure", "count": 1, "late": 0, "slowest_days": 1.0},
    ]
    html = render(figures, None, log_path="log.sqlite", generated="now")
    assert "answered within one month" in html and '<td class="n bad">1</td>' in html
    from tests.audit.conftest import run_cli

    code, out, _ = run_cli("stats", "--log", str(db))
    assert code == 0 and "data-subject requests answered" in out and re.search(r"access\s*│\s*2\s*│\s*40.0\s*│\s*1", out)


def test_a_request_answered_on_its_due_day_is_in_time_whatever_the_hour(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Reg. 1182/71 Art. 3: the month ends with the end of its last day. Received on 2 November (a
    date, or at noon) and answered on 2 December in the morning was counted late."""
    import scrapeguard.audit.dsr as dsr
    from scrapeguard.audit.dsr import Subject, access

    monkeypatch.setattr(dsr, "now_ts", lambda: "2026-12-02T04:25:00Z")
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        subject = Subject(urls=["https://example.fr/people/ana.jpg"])
        access(log, subject, received="2026-11-02")
        access(log, subject, received="2026-11-02T12:00:00Z")
        access(log, subject, received="2026-11-01T23:00:00Z")  # due 1 December: late
        figures = stats(log)
    assert figures["requests"] == [{"kind": "access", "count": 3, "late": 1, "slowest_days": 30.2}]


@pytest.mark.parametrize(
    "received, answered, late",
    [
        ("2026-01-31T20:00:00-05:00", "2026-03-01T15:00:00Z", 1),  # 1 March, 10:00 in New York: due 28 February
        ("2026-01-31T20:00:00-05:00", "2026-03-01T04:00:00Z", 0),  # 28 February, 23:00 in New York: in time
        ("2026-03-01T00:30:00+01:00", "2026-03-31T23:30:00Z", 0),  # 1 April, 01:30 in Berlin: its due day
    ],
)
def test_a_request_is_judged_late_by_the_days_where_it_was_received(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, received: str, answered: str, late: int) -> None:
    """The month runs from the day of receipt in the offset the request was received in: judged by UTC
    days, one received on 31 January in New York (1 February in UTC) and answered on 1 March was in time,
    and one received on 1 March in Berlin (28 February in UTC) and answered on 31 March late."""
    import scrapeguard.audit.dsr as dsr
    from scrapeguard.audit.dsr import Subject, access

    monkeypatch.setattr(dsr, "now_ts", lambda: answered)
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        access(log, Subject(urls=["https://example.fr/people/ana.jpg"]), received=received)
        figures = stats(log)
    assert [r["late"] for r in figures["requests"]] == [late]


def test_a_decision_written_after_its_erasure_is_no_second_request(tmp_path: Path) -> None:
    """A decision of an erased item written after the erasure (its write waited for the erasure's
    lock, or was kept unwritten and added later) gets a follow-up erasure record of the same
    request, saying its row went as the request's items did. That is no request answered: counted
    as one, a single erasure read as three in stats and the report's request card."""
    from scrapeguard.audit.dsr import Subject, erase
    from tests.audit.conftest import make_decision

    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(tmp_path / "log.sqlite") as log:
        log.append(make_decision(1, action="allow", url=url))
        erase(log, Subject(urls=[url]), request_id="req-1")
        log.append(make_decision(2, action="allow", url=url))  # written late: a follow-up record
        log.append(make_decision(3, action="allow", url=url))
        assert log.conn.execute("SELECT count(*) FROM chain WHERE action = 'erasure'").fetchone()[0] == 3
        figures = stats(log)
    assert figures["requests"] == [{"kind": "erasure", "count": 1, "late": 0, "slowest_days": 0.0}]
    html = render(figures, None, log_path="log.sqlite", generated="now")
    assert re.search(r"<b class=\"\">1</b>data-subject requests", html)


def test_a_byte_that_is_not_utf8_in_a_record_is_counted_and_the_report_still_written(tmp_path: Path) -> None:
    """One byte that is not UTF-8 in a decision's policy id or a request's kind (a bad sector: the
    JSON stays valid) failed `audit report` and `stats` with 'Could not decode to UTF-8' (exit 3).
    The record is counted under the name as it reads now; the report says the chain is broken."""
    from scrapeguard.audit.dsr import Subject, access
    from tests.audit.conftest import make_decision, make_not_utf8_in_record, raw, run_cli

    db = tmp_path / "log.sqlite"
    with AuditLog.open(db) as log:
        log.append(make_decision(0))
        log.append(make_decision(1))
        access(log, Subject(urls=["https://example.fr/people/ana.jpg"]))
    conn = raw(db)
    make_not_utf8_in_record(conn, 1, "gdpr-strict")
    make_not_utf8_in_record(conn, 2, "access")
    conn.close()
    with AuditLog.open(db, read_only=True) as log:
        figures = stats(log)
    # (the decision whose record is damaged is skipped, as every reader skips it; the request counted as it reads)
    assert [(p["policy"], p["decisions"]) for p in figures["by_policy"]] == [("gdpr-strict", 1)]
    assert [(r["kind"], r["count"]) for r in figures["requests"]] == [("a\ufffdcess", 1)]
    code, _, err = run_cli("report", "--log", str(db), "--html", str(tmp_path / "r.html"))
    assert code == 1 and "chain BROKEN" in err and "a\ufffdcess" in (tmp_path / "r.html").read_text()
    assert run_cli("stats", "--log", str(db))[0] == 0


def test_the_day_chart_draws_every_calendar_day_and_says_which_it_leaves_out() -> None:
    """(Audit review) 120 days of decisions: the chart drew the last 90 days with decisions, side by side, with no
    word of January left out, nor of the days without decisions between them."""
    from scrapeguard.audit.report import MAX_DAYS, _day_chart

    start = datetime.date(2026, 1, 1)
    per_day = {(start + datetime.timedelta(days=i)).isoformat(): {"allow": 1} for i in range(120) if i % 7 != 3}
    chart = _day_chart(per_day)
    drawn = {title.split(" ")[0] for title in re.findall(r"<title>([^<]*)</title>", chart)}
    assert min(drawn) == "2026-01-31" and max(drawn) == "2026-04-30" and len(drawn) == len(
        [d for d in per_day if d >= "2026-01-31"])
    assert 'width="8.0"' in chart  # (900 px over 90 days, each 10 px: a day without decisions keeps its place)
    assert f"the last {MAX_DAYS} days, from 2026-01-31; 26 earlier day(s)" in chart
    assert "earlier day" not in _day_chart({"2026-04-01": {"block": 2}, "2026-04-09": {"allow": 1}})
