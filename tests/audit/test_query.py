"""Filters and counts over the log: figures that describe one moment of it."""

from __future__ import annotations

from scrapeguard.audit import AuditLog
from scrapeguard.audit.query import stats


def test_stats_figures_describe_one_moment_of_a_log_a_crawler_is_writing(log_path, decision, monkeypatch):
    """Each count was its own read: a crawl writing meanwhile (the usual case) gave a total, a count
    per action and a count per policy that do not add up to one another."""
    import scrapeguard.audit.report as report

    real = report.policy_stats

    def crawl_then_count(log, filters=None):  # a decision committed between stats' reads
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(9, action="allow"))
        return real(log, filters)

    with AuditLog.open(log_path) as log:
        for i in range(4):
            log.append(decision(i, action="block"))
    monkeypatch.setattr(report, "policy_stats", crawl_then_count)
    with AuditLog.open(log_path, read_only=True) as log:
        data = stats(log)
    assert data["total"] == sum(data["by_action"].values()) == sum(p["decisions"] for p in data["by_policy"]) == 4
