"""A `SCRAPEGUARD_GUARD` factory whose response check always raises: an error outside the guard's own
handling, which the middleware records as the guard failing (`_adapter_error`)."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard
from scrapeguard.decision import Decision


class FailingCheck(Guard):
    def check_response(self, *args: Any, **kwargs: Any) -> Decision:
        raise RuntimeError("check exploded")


def make(crawler: Any) -> FailingCheck:
    s = crawler.settings
    return FailingCheck(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                        audit=s.get("SCRAPEGUARD_AUDIT") or False, integration="scrapy")


class FailingCheckNotingThread(FailingCheck):
    """Notes (in record_failure_thread.txt, in the crawl's directory) the thread each failure is recorded in."""

    def record_failure(self, *args: Any, **kwargs: Any) -> Decision:
        import threading

        with open("record_failure_thread.txt", "a", encoding="utf-8") as out:
            out.write(threading.current_thread().name + "\n")
        return super().record_failure(*args, **kwargs)


def make_noting_thread(crawler: Any) -> FailingCheckNotingThread:
    s = crawler.settings
    return FailingCheckNotingThread(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                                    audit=s.get("SCRAPEGUARD_AUDIT") or False, integration="scrapy")
