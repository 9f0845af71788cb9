"""`SCRAPEGUARD_GUARD` factories noting the threads the guard works in: `make`, whose response check of a picture
under /slow/ takes TEST_CHECK_SECONDS, as face detection on a large photo does, noting (in check_threads.txt, in
the crawl's directory) the thread each check ran in; `make_noting_store`, noting where host files are stored."""

from __future__ import annotations

import threading
import time
from typing import Any

from scrapeguard import Guard
from scrapeguard.decision import Decision


class SlowCheck(Guard):
    seconds = 0.0

    def check_response(self, url: str, *args: Any, **kwargs: Any) -> Decision:
        with open("check_threads.txt", "a", encoding="utf-8") as out:
            out.write(threading.current_thread().name + "\n")
        if "/slow/" in url:
            time.sleep(self.seconds)
        return super().check_response(url, *args, **kwargs)


def make(crawler: Any) -> SlowCheck:
    s = crawler.settings
    guard = SlowCheck(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                      audit=s.get("SCRAPEGUARD_AUDIT") or False, integration="scrapy")
    guard.seconds = s.getfloat("TEST_CHECK_SECONDS")
    return guard


class NotingStore(Guard):
    """Notes (in store_threads.txt, in the crawl's directory) the thread each host file is stored (parsed) in."""

    def store_host_file(self, *args: Any, **kwargs: Any) -> None:
        with open("store_threads.txt", "a", encoding="utf-8") as out:
            out.write(threading.current_thread().name + "\n")
        super().store_host_file(*args, **kwargs)


def make_noting_store(crawler: Any) -> NotingStore:
    s = crawler.settings
    return NotingStore(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                       audit=s.get("SCRAPEGUARD_AUDIT") or False, integration="scrapy")
