"""The interface every consent-signal reader implements.

A reader turns text or bytes into `Signal`s: ALLOW / DENY / UNKNOWN for the purpose's
usage, with the exact source (file and line, header, meta tag). Readers never do I/O
and never raise: malformed input gives UNKNOWN with `warning=True`, or the spec's own
rule. The Guard turns DENY signals into `opt_out` findings according to the policy's
`[signals]` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, Protocol

from scrapeguard.resource import ContentKind, FetchResult, Headers

if TYPE_CHECKING:
    from scrapeguard.detect.base import PageAnalysis

Usage = Literal["search", "train-ai", "ai-use", "tdm", "archive"]
# The policy's [signals] keys.
Family = Literal[
    "robots_txt",
    "x_robots_tag",
    "tdmrep",
    "ai_txt",
    "content_usage",
    "iptc_data_mining",
    "c2pa_training_mining",
    "http_402",
]
AppliesTo = Literal["self", "images", "both"]


class Verdict(StrEnum):
    ALLOW = "allow"
    DENY = "deny"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Signal:
    """One reading of one opt-out signal, for one usage.

    `applies_to` says whether a signal found on a page governs the page itself
    (`self`), the images it references (`images`, e.g. `noimageai`), or both (`noai`).
    """

    family: Family
    verdict: Verdict
    code: str
    detail: str
    source: str
    warning: bool = False
    applies_to: AppliesTo = "self"


@dataclass(slots=True)
class ResponseView:
    """A response as the readers see it. `page` is the one parse of an HTML body."""

    url: str
    status: int | None
    headers: Headers
    kind: ContentKind
    body: bytes
    page: PageAnalysis | None = None


class HostFileReader(Protocol):
    """A per-origin file fetched before any request to that origin (robots.txt …)."""

    families: tuple[Family, ...]  # the policy keys that need this file
    path: str  # e.g. "/robots.txt"
    max_bytes: int  # only this much is parsed

    def parse(self, result: FetchResult) -> object:
        """Turn the fetch outcome into a state object; never raises."""
        ...

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage) -> list[Signal]:
        """Signals for `url` from the parsed file."""
        ...

    def ttl(self, result: FetchResult) -> float:
        """Seconds the parsed state stays fresh (RFC 9309: 24 h; errors: a short retry)."""
        ...


class ResponseReader(Protocol):
    """Reads signals carried by a response: status, headers, HTML meta, image bytes."""

    families: tuple[Family, ...]

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        ...


def product_token(user_agent: str) -> str:
    """The robots.txt product token of a user agent: `ExampleBot/1.0 (+url)` -> `examplebot`.

    For `Mozilla/5.0 (compatible; FooBot/2.1; +url)` the token is the bot inside the
    parentheses, as crawlers that spoof a browser prefix conventionally do. Only RFC 9309
    token characters (`A-Z a-z _ -`) count, Google-style: `img2dataset` -> `img`, the same
    extraction `agent_token` applies to `User-agent:` lines, so both sides always agree.
    Nothing usable gives `*` (only the catch-all group applies).
    """
    ua = (user_agent or "").strip()
    low = ua.lower()
    if low.startswith("mozilla/") and "compatible;" in low:
        ua = ua[low.index("compatible;") + len("compatible;"):].strip()
    return agent_token(ua) or "*"


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")


def agent_token(value: str) -> str:
    """The matchable part of a user-agent value, lower-cased: the leading run of RFC 9309
    product-token characters (`Googlebot/2.1` -> `googlebot`, `Foo Bar` -> `foo`); `*`
    (alone or followed by whitespace) stays `*`; anything else gives ``."""
    value = (value or "").strip()
    if value[:1] == "*" and (len(value) == 1 or value[1].isspace()):
        return "*"
    end = 0
    for ch in value:
        if ch not in _TOKEN_CHARS:
            break
        end += 1
    return value[:end].lower()
