"""IETF AIPREF `Content-Usage` and Cloudflare `Content-Signal` (consent-signals.md §6, §7).

`Content-Usage` is an RFC 9651 dictionary (parsed by `http_sf`): keys case-sensitive,
an upper-case key fails the whole field (every category UNKNOWN), only the tokens `y` /
`n` count, the last duplicate wins, parameters are ignored. Labels: `train-ai`, `ai-use`,
`search`; an `n` under a label the reader does not know is ignored as the vocabulary
says, but noted (`content_usage.unknown_label`), never dropped silently. In robots.txt a
`Content-Usage: [/path ]prefs` record of the matching group applies only to paths the
group lets us crawl; a record without a path is a `/` record, the longest matching path
(in encoded octets, as Allow/Disallow rank) wins and equal paths are combined (any `n` wins). `Content-Signal` (`search=yes,
ai-train=no`) is parsed leniently, in robots.txt, in a response header and in a page's `<meta name="content-signal">`.
robots.txt `DisallowAITraining` / `AllowAITraining` (draft-canel-robots-ai-control-00) are path rules of the group for
AI training, ranked as Allow/Disallow are. Across statements (header, robots.txt): any `n` wins,
else any `y`, else unknown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import http_sf
from http_sf.types import Token

from scrapeguard.signals.base import Family, ResponseView, Signal, Usage, Verdict
from scrapeguard.signals.usage import (
    CONTENT_SIGNAL_KEYS,
    CONTENT_USAGE_LABELS,
    CONTENT_USAGE_LEGACY,
    TRAINING,
    combine,
    describe,
    verdict_for,
)

if TYPE_CHECKING:
    from scrapeguard.signals.robots import RobotsTxt

log = logging.getLogger("scrapeguard")

MAX_FIELD = 8 * 1024
MAX_SIGNAL_FIELDS = 16  # Content-Signal headers and meta tags read per response


class ParseFailure(ValueError):
    """The structured field did not parse: every category is UNKNOWN."""


def parse_preferences(text: str, *, strict: bool = False) -> dict[str, Verdict]:
    """Per-aspect verdicts of one Content-Usage dictionary. Raises `ParseFailure`."""
    return read_preferences(text, strict=strict)[0]


def read_preferences(text: str, *, strict: bool = False) -> tuple[dict[str, Verdict], list[str]]:
    """`parse_preferences` plus the labels this reader cannot place that say `n`.

    The vocabulary says to ignore unknown labels; an `n` under one is still somebody's
    refusal, so the readers surface it as a note instead of dropping it silently.
    Raises `ParseFailure`."""
    if len(text) > MAX_FIELD:
        raise ParseFailure(f"field longer than {MAX_FIELD} bytes")
    try:
        parsed = http_sf.parse(text.encode("latin-1"), tltype="dictionary")
    except UnicodeEncodeError as exc:
        raise ParseFailure("non-ASCII characters in a structured field") from exc
    except Exception as exc:  # noqa: BLE001 - http_sf raises StructuredFieldError, maybe others
        raise ParseFailure(str(exc)[:200]) from exc
    labels = dict(CONTENT_USAGE_LABELS)
    if strict:
        labels.update(CONTENT_USAGE_LEGACY)
    out: dict[str, Verdict] = {}
    unplaced: list[str] = []
    for key, member in parsed.items():  # type: ignore[union-attr]
        value = member[0] if isinstance(member, tuple) else member
        if not isinstance(value, Token) or str(value) not in ("y", "n"):
            continue  # not the token y / n: that category stays unknown
        if key not in labels:
            if str(value) == "n":
                unplaced.append(key)
            continue
        verdict = Verdict.DENY if str(value) == "n" else Verdict.ALLOW
        for aspect in labels[key]:
            out[aspect] = combine([out.get(aspect, Verdict.UNKNOWN), verdict])
    return out, unplaced


def _unplaced_note(labels: list[str], statement: str, source: str) -> Signal:
    """The note for `n` under labels the reader does not apply (UNKNOWN, warning)."""
    shown = ", ".join(f"{label}=n" for label in labels[:8]) + (" …" if len(labels) > 8 else "")
    legacy = [label for label in labels if label in CONTENT_USAGE_LEGACY]
    why = (f"; {', '.join(legacy[:8])}: label(s) of an earlier AIPREF draft, honoured only by a strict reader"
           if legacy else "")
    return Signal("content_usage", Verdict.UNKNOWN, "content_usage.unknown_label",
                  f"{statement} says `{shown}` under label(s) this reader does not know: an opt-out that "
                  f"could not be placed against the purpose, left unknown{why}", source, True)


def parse_content_signal(text: str) -> dict[str, Verdict]:
    """Lenient `search=yes, ai-train=no`: unknown keys or values are ignored."""
    out: dict[str, Verdict] = {}
    for pair in text[:MAX_FIELD].split(","):
        if "=" not in pair:
            continue
        key, value = (p.strip().lower() for p in pair.split("=", 1))
        verdict = {"yes": Verdict.ALLOW, "allow": Verdict.ALLOW, "y": Verdict.ALLOW,
                   "no": Verdict.DENY, "disallow": Verdict.DENY, "n": Verdict.DENY}.get(value.strip('"'))
        if verdict is None or key not in CONTENT_SIGNAL_KEYS:
            continue
        for aspect in CONTENT_SIGNAL_KEYS[key]:
            out[aspect] = combine([out.get(aspect, Verdict.UNKNOWN), verdict])
    return out


def _to_signal(family_code: str, per_aspect: dict[str, Verdict], usage: Usage, detail: str, source: str) -> Signal | None:
    verdict = verdict_for(usage, per_aspect)
    if verdict == Verdict.UNKNOWN:
        return None
    suffix = {"content_usage": ("n", "y"), "content_signal": ("no", "yes")}[family_code]
    code = f"{family_code}.{suffix[0] if verdict == Verdict.DENY else suffix[1]}"
    return Signal("content_usage", verdict, code, f"{detail} ({describe(per_aspect)})", source)


def robots_preferences(robots: RobotsTxt, url: str, product_token: str, usage: Usage, file_source: str) -> list[Signal]:
    """Content-Usage and Content-Signal records of the group that applies to us, for a
    URL the group allows (the caller checks that)."""
    out: list[Signal] = []
    best_len = -1
    best: list[tuple[str, int]] = []
    for value, line in robots.records(product_token, "content-usage"):
        # a rule without a path covers every path: it is `/`, so it ties with an explicit
        # `/` rule (and any `n` of the two wins) instead of losing to it
        path, prefs = "/", value
        if value.startswith("/"):
            cut = min((i for i in (value.find(" "), value.find("\t")) if i != -1), default=-1)
            if cut == -1:
                continue  # a path and no preference
            path, prefs = value[:cut], value[cut:].strip()
        if not robots.matches(path, url):
            continue
        length = robots.rule_length(path)  # (encoded: `/~ann/` and `/%7Eann/` tie and combine)
        if length > best_len:
            best_len, best = length, [(prefs, line)]
        elif length == best_len:
            best.append((prefs, line))
    for prefs, line in best:
        source = f"{file_source} line {line}"
        try:
            per_aspect, unplaced = read_preferences(prefs)
        except ParseFailure as exc:
            out.append(Signal("content_usage", Verdict.UNKNOWN, "content_usage.unparsable",
                              f"Content-Usage `{prefs[:100]}` is not a valid dictionary ({exc}): all categories unknown",
                              source, True))
            continue
        statement = f"robots.txt `Content-Usage: {prefs[:100]}`"
        signal = _to_signal("content_usage", per_aspect, usage, statement, source)
        if signal is not None:
            out.append(signal)
        if unplaced:
            out.append(_unplaced_note(unplaced, statement, source))
    for value, line in robots.records(product_token, "content-signal"):
        signal = _to_signal("content_signal", parse_content_signal(value), usage,
                            f"robots.txt `Content-Signal: {value[:100]}`", f"{file_source} line {line}")
        if signal is not None:
            out.append(signal)
    out.extend(_ai_training_rule(robots, url, product_token, usage, file_source))
    return out


def _ai_training_rule(robots: RobotsTxt, url: str, product_token: str, usage: Usage, file_source: str) -> list[Signal]:
    """The `DisallowAITraining` / `AllowAITraining` rule of the group that decides `url`
    (`RobotsTxt.training_rule`), as a training preference.

    Why: sites deploy `DisallowAITraining: /` (often beside `Content-Usage: ai=n`); it was not
    read at all, and their pages were collected for training without a word."""
    found = robots.training_rule(url, product_token)
    if found is None:
        return []
    allows, pattern, line = found
    verdict = verdict_for(usage, {a: Verdict.ALLOW if allows else Verdict.DENY for a in TRAINING})
    if verdict == Verdict.UNKNOWN:
        return []
    rule = f"{'Allow' if allows else 'Disallow'}AITraining: {pattern[:100]}"
    return [Signal("content_usage", verdict, f"robots.{'allow' if allows else 'disallow'}_ai_training",
                   f"robots.txt `{rule}` {'allows' if allows else 'reserves'} this resource for AI training",
                   f"{file_source} line {line}")]


class ContentUsageReader:
    """The `Content-Usage` (and community `Content-Signal`) response headers, and a page's
    `<meta name="content-signal">`: the form Content Signals take where a site cannot set
    headers, about the page as the header is about the response.
    `strict=True` also honours labels of earlier AIPREF drafts."""

    families: tuple[Family, ...] = ("content_usage",)

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        out: list[Signal] = []
        values = response.headers.get_all("content-usage")
        if values:
            joined = ", ".join(values)
            source = f"Content-Usage header: {joined[:200]!r}"
            try:
                per_aspect, unplaced = read_preferences(joined, strict=self.strict)
            except ParseFailure as exc:
                out.append(Signal("content_usage", Verdict.UNKNOWN, "content_usage.unparsable",
                                  f"Content-Usage header is not a valid structured dictionary ({exc}): all categories unknown",
                                  source, True))
            else:
                statement = f"Content-Usage header `{joined[:100]}`"
                signal = _to_signal("content_usage", per_aspect, usage, statement, source)
                if signal is not None:
                    out.append(signal)
                if unplaced:
                    out.append(_unplaced_note(unplaced, statement, source))
        said = [(f"Content-Signal header `{value[:100]}`", f"Content-Signal header #{n}: {value[:200]!r}", value)
                for n, value in enumerate(response.headers.get_all("content-signal"), start=1)]
        if response.page is not None:  # where a page cannot set headers (CMS plugins, the TYPO3 extension)
            said += [(f'<meta name="content-signal"> `{value[:100]}`',
                      f'<meta name="content-signal" content="{value[:200]}"> on {response.url[:300]}', value)
                     for name, value in response.page.meta if (name or "").strip().lower() == "content-signal"]
        for statement, source, value in said[:MAX_SIGNAL_FIELDS]:
            signal = _to_signal("content_signal", parse_content_signal(value or ""), usage, statement, source)
            if signal is not None:
                out.append(signal)
        if len(said) > MAX_SIGNAL_FIELDS:
            out.append(Signal("content_usage", Verdict.UNKNOWN, "content_signal.cut",
                              f"{len(said)} Content-Signal headers and meta tags: only the first {MAX_SIGNAL_FIELDS} "
                              "were read, an opt-out in the rest was not seen", said[MAX_SIGNAL_FIELDS][1], True))
        return out


__all__ = ["ContentUsageReader", "ParseFailure", "parse_content_signal", "parse_preferences",
           "read_preferences", "robots_preferences"]
