"""A `SCRAPEGUARD_GUARD` factory handing every crawler of the process the same guard: this
module owns it, and it stays open until the process ends."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard

_GUARD: Guard | None = None


def factory(crawler: Any) -> Guard:
    global _GUARD
    if _GUARD is None:
        s = crawler.settings
        _GUARD = Guard(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                       audit=s.get("SHARED_GUARD_AUDIT") or False, integration="scrapy")
    return _GUARD
