"""X-Robots-Tag / Robots-Tag headers and robots `<meta>` tags (consent-signals.md §3).

All header fields count (union), names and values are case-insensitive, a `bot:` prefix
scopes the rules after it up to the next prefix or the end of the field, and rules that
take a value (`unavailable_after: <RFC 850 date, with a comma>`, `max-image-preview:`)
are recognised before anything is read as a bot name. `Robots-Tag` is the draft's
structured-field list (`*;noindex, examplebot;noai`). Meta tags come from the page
analysis (`<meta name="robots">` and `<meta name="<our token>">`).

On an HTML page `noimageai` / `noimageindex` speak about the page's images, `noai` about
both; on any other response every rule is about the response itself.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import logging
from dataclasses import dataclass

import http_sf

from scrapeguard.signals.base import AppliesTo, Family, ResponseView, Signal, Usage, Verdict, agent_token
from scrapeguard.signals.usage import XROBOTS_RULES, aspects_of

log = logging.getLogger("scrapeguard")

_VALUE_RULES = frozenset({"max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "mon", "tue", "wed", "thu", "fri", "sat", "sun"})
MAX_FIELD = 16 * 1024
MAX_DIRECTIVES = 256


@dataclass(frozen=True, slots=True)
class Directive:
    """One rule as read: name (lower-case), value (for `name: value` rules), scope."""

    name: str
    value: str = ""
    scope: str | None = None  # None = every crawler; else the bot token it names


def parse_field(value: str, *, scopes: bool = True) -> list[Directive]:
    """Split one X-Robots-Tag field (or a meta content) into directives."""
    out: list[Directive] = []
    parts = value[:MAX_FIELD].split(",")
    scope: str | None = None
    i = 0
    while i < len(parts) and len(out) < MAX_DIRECTIVES:
        seg = parts[i].strip()
        i += 1
        depth = 0
        while seg:
            depth += 1
            if depth > 4:  # `bot: rule` nests once; deeper chains are junk, not work to do
                break
            if ":" not in seg:
                out.append(Directive(seg.lower(), "", scope))
                break
            head, rest = seg.split(":", 1)
            name = head.strip().lower()
            rest = rest.strip()
            if name in _VALUE_RULES:
                if name == "unavailable_after" and rest.lower() in _WEEKDAYS and i < len(parts):
                    rest = f"{rest}, {parts[i].strip()}"  # RFC 850 date: "Friday, 25-Jun-10 …"
                    i += 1
                out.append(Directive(name, rest.lower() if name != "unavailable_after" else rest, scope))
                break
            if not scopes:
                out.append(Directive(seg.lower(), "", scope))
                break
            scope = agent_token(name) or name  # a bot-name prefix
            seg = rest
    return out


def _past(date_text: str, now: _dt.datetime) -> bool | None:
    """True/False if the date has passed; None if it cannot be read."""
    text = date_text.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.UTC)
    return parsed <= now


def _applies(scope: str | None, token: str) -> bool:
    return scope is None or scope == "*" or scope == token


class XRobotsReader:
    """Response reader for `X-Robots-Tag`, `Robots-Tag` and robots meta tags."""

    families: tuple[Family, ...] = ("x_robots_tag",)

    def __init__(self, clock: type[_dt.datetime] = _dt.datetime) -> None:
        self._clock = clock

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        try:
            return self._evaluate(response, product_token, usage)
        except Exception as exc:  # noqa: BLE001 - hostile headers must not crash the guard
            log.warning("scrapeguard: X-Robots-Tag reader failed on %s: %s", response.url[:200], exc)
            return [Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.unreadable",
                           f"X-Robots-Tag could not be read ({type(exc).__name__})", "X-Robots-Tag header", True)]

    def _evaluate(self, response: ResponseView, token: str, usage: Usage) -> list[Signal]:
        now = self._clock.now(_dt.UTC)
        page = response.kind == "html"
        found: list[tuple[Directive, str]] = []
        out: list[Signal] = []
        for n, value in enumerate(response.headers.get_all("x-robots-tag"), start=1):
            found.extend((d, f'X-Robots-Tag header #{n}: "{value[:200]}"') for d in parse_field(value))
        for n, value in enumerate(response.headers.get_all("robots-tag"), start=1):
            source = f'Robots-Tag header #{n}: "{value[:200]}"'
            try:
                members = http_sf.parse(value[:8192].encode("latin-1", "replace"), tltype="list")
            except Exception:  # noqa: BLE001 - the draft's SF list did not parse
                out.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                  "Robots-Tag is not a structured-field list; ignored", source, True))
                continue
            for member in members:  # type: ignore[union-attr]
                item, params = member if isinstance(member, tuple) else (member, {})
                who = str(item).lower()
                for rule in params:
                    found.append((Directive(rule.lower(), "", None if who == "*" else agent_token(who) or who), source))
        if response.page is not None:
            for name, content in response.page.meta[:MAX_DIRECTIVES]:
                name = (name or "").strip().lower()
                if name == "robots" or (agent_token(name) == token and token != "*"):
                    source = f'<meta name="{name}" content="{(content or "")[:200]}"> on {response.url[:300]}'
                    found.extend((d, source) for d in parse_field(content or "", scopes=False))
        wanted = set(aspects_of(usage))
        for directive, source in found:
            if not _applies(directive.scope, token):
                continue
            name = directive.name
            key = name
            if name == "max-image-preview":
                if directive.value != "none":
                    continue
                key = "max-image-preview:none"
            elif name == "unavailable_after":
                passed = _past(directive.value, now)
                if passed is None:
                    out.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.unavailable_after.unparsable",
                                      f"unavailable_after date {directive.value[:80]!r} could not be read", source, True))
                    continue
                if not passed:
                    continue
            if key not in XROBOTS_RULES:
                continue  # all, index, follow, nofollow, nosnippet …: no collection effect
            denied, scope = XROBOTS_RULES[key]
            applies: AppliesTo = scope if page else "self"  # type: ignore[assignment]
            hit = sorted(wanted & set(denied))
            code = "xrobots." + key.replace(":", "_").replace("-", "_")
            if hit:
                whom = "" if directive.scope is None else f" (scoped to {directive.scope})"
                target = {"images": "the images on this page", "both": "this page and its images"}.get(applies, "this resource")
                out.append(Signal("x_robots_tag", Verdict.DENY, code,
                                  f"`{key}`{whom} reserves {target} against {', '.join(hit)}", source,
                                  applies_to=applies))
        return out
