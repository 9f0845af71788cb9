"""robots.txt (RFC 9309) on protego, behind a thin layer this project owns.

Only user-agent / allow / disallow lines reach protego; the fetch and the status-code
rules (4xx allow all, 5xx / 429 / unreachable disallow all, 500 KiB cap, 24 h
freshness) are ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from scrapeguard.resource import FetchResult
from scrapeguard.signals.base import Family, Signal, Usage, Verdict

MAX_ROBOTS_BYTES = 500 * 1024
FRESH_SECONDS = 24 * 3600.0
RETRY_SECONDS = 60.0
_RULE_KEYS = {"user-agent", "allow", "disallow"}


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        data = data[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    return data.lstrip("\ufeff")


@dataclass(slots=True)
class RobotsTxt:
    """A parsed robots.txt. `allows(url, user_agent)` is RFC 9309 matching, no I/O."""

    text: str
    _parser: Protego = field(repr=False)

    @classmethod
    def parse(cls, data: str | bytes) -> RobotsTxt:
        text = _decode(data)
        kept = []
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            key = line.split(":", 1)[0].strip().lower() if ":" in line else ""
            kept.append(line if key in _RULE_KEYS else "")
        return cls(text=text, _parser=Protego.parse("\n".join(kept)))

    def allows(self, url: str, user_agent: str) -> bool:
        if urlsplit(url).path == "/robots.txt":
            return True
        try:
            return bool(self._parser.can_fetch(url, user_agent))
        except Exception:  # noqa: BLE001 - protego on hostile input; the RFC rule is to allow
            return True


@dataclass(slots=True)
class RobotsState:
    """What the fetch of one origin's robots.txt amounted to."""

    kind: str  # "parsed" | "allow-all" | "disallow-all"
    source: str
    robots: RobotsTxt | None = None
    reason: str = ""


class RobotsFile:
    """The `/robots.txt` host file."""

    families: tuple[Family, ...] = ("robots_txt", "content_usage")
    path = "/robots.txt"
    max_bytes = MAX_ROBOTS_BYTES

    def parse(self, result: FetchResult) -> RobotsState:
        if result.status is None:
            return RobotsState("disallow-all", result.url, reason=f"unreachable ({result.error or 'no response'})")
        if result.status == 429 or result.status >= 500:
            return RobotsState("disallow-all", result.url, reason=f"HTTP {result.status}")
        if 400 <= result.status < 500:
            return RobotsState("allow-all", result.url, reason=f"HTTP {result.status}: unavailable")
        if 300 <= result.status < 400:
            return RobotsState("allow-all", result.url, reason="too many redirects: unavailable")
        return RobotsState("parsed", result.final_url or result.url, robots=RobotsTxt.parse(result.body[:MAX_ROBOTS_BYTES]))

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage) -> list[Signal]:
        assert isinstance(state, RobotsState)
        if state.kind == "disallow-all":
            return [Signal("robots_txt", Verdict.DENY, "robots.unreachable",
                           f"robots.txt could not be fetched ({state.reason}): RFC 9309 says disallow all",
                           state.source)]
        if state.kind == "allow-all":
            return [Signal("robots_txt", Verdict.ALLOW, "robots.unavailable", state.reason, state.source)]
        assert state.robots is not None
        if state.robots.allows(url, product_token):
            return [Signal("robots_txt", Verdict.ALLOW, "robots.allow", f"robots.txt allows {product_token}", state.source)]
        return [Signal("robots_txt", Verdict.DENY, "robots.disallow",
                       f"robots.txt disallows this path for {product_token}", state.source)]

    def ttl(self, result: FetchResult) -> float:
        if result.status is None or result.status == 429 or result.status >= 500:
            return RETRY_SECONDS
        return FRESH_SECONDS
