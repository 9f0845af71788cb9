"""X-Robots-Tag / Robots-Tag headers and robots `<meta>` tags (consent-signals.md §3).

All header fields count (union), names and values are case-insensitive, a `bot:` prefix
scopes the rules after it up to the next prefix or the end of the field, and rules that
take a value (`unavailable_after: <RFC 850 date, with a comma>`, `max-image-preview:`)
are recognised before anything is read as a bot name. `Robots-Tag` is the draft's
structured-field list (`*;noindex, examplebot;noai`), each rule a parameter whose Boolean
true puts it in effect (`noai=?0` is no rule); a member that names a rule (`noai, noimageai`, or
`noai;noimageai`: X-Robots-Tag's syntax) is that rule, and its parameters theirs, for every crawler,
one that names none is noted (`xrobots.robots_tag_unparsable`); a field that is no such list
(`examplebot: noai`) is read as X-Robots-Tag is, and noted so, member by member where it can be (a
member that parses keeps its crawler, and so does one that fails after naming it: `otherbot;noai;((`). Meta tags come from the page
analysis (`<meta name="robots">`, `<meta name="<our token>">`, and `<meta http-equiv="X-Robots-Tag">`;
the robots and http-equiv tags read as the header is, `bot:` prefixes included).

On an HTML page `noimageai` / `noimageindex` speak about the page's images, `noai` about
both; on any other response every rule is about the response itself. A page's rules about
its images are also left unjudged on the view (`ResponseView.image_rules`), those of meta
tags named for other crawlers too: each image is judged for its own request's purpose and
user agent, which need not be the page's.

Rules are separated by `,` or `;`, words by white space too: `noai noimageai` is two rules.
Quotes around rules (`"noindex, noai"`) and C0 control bytes read as white space. A known rule
given a value with `=` (`noai=true`) is in effect unless the value says false (`noai=0`), noted
either way (`xrobots.rule_value`); `max-image-preview=none` is `max-image-preview:none`.

Bounds: every directive of a field's first 256 / 16 KiB is kept; past that the field is
still scanned (1 MiB per response) for rules that can reserve something for our token, so
a `noai` after 300 other bots' rules is honoured, and an `xrobots.truncated` warning says
what was cut. Text left unread altogether (robots meta tags past the 256th, fields past the
1 MiB budget, Robots-Tag fields past the 64 KiB parsed as structured fields), where an
opt-out of ours may lie unseen, is `xrobots.unreadable`: an incomplete reading, which the
policy's on_error decides (a cap never drops an opt-out silently).
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

import http_sf
from http_sf.types import DisplayString, Token

from scrapeguard.detect.base import HTTP_EQUIV
from scrapeguard.resource import MAX_HEADER_VALUE, split_values
from scrapeguard.signals.base import (
    AppliesTo,
    Family,
    ImageRules,
    Reservation,
    ResponseView,
    Signal,
    Usage,
    Verdict,
    agent_token,
    applies,
    controls_as_space,
    meta_tag,
)
from scrapeguard.signals.usage import XROBOTS_RULES, aspects_of

log = logging.getLogger("scrapeguard")

_VALUE_RULES = frozenset({"max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "mon", "tue", "wed", "thu", "fri", "sat", "sun"})
MAX_FIELD = 16 * 1024  # every directive within this much of a field (and the first 256) is kept
MAX_DIRECTIVES = 256
MAX_SCAN = 1024 * 1024  # field text read per response; past the caps only for rules that reserve something
MAX_EXTRA = 64  # distinct reserving directives kept from past the caps
MAX_SF_PARSE = 64 * 1024  # Robots-Tag text parsed as RFC 9651 lists per response (more is unread, said so)
MAX_MEMBERWISE = 32  # members of a Robots-Tag RFC 9651 refuses read one by one (more: the field read as X-Robots-Tag)
MAX_META_TAGS = 256  # robots / bot-named meta tags read per page
MAX_OTHER_META = 64 * 1024  # text of meta tags named for other crawlers read per page (their images' rules)
# the rule names that can reserve something (XROBOTS_RULES keys, `max-image-preview: none`, `max-snippet: 0` by name)
_RESERVING = frozenset(k.split(":", 1)[0] for k in XROBOTS_RULES)
# each rule's own name and signal code: strings shared by every rule kept about an image, never
# a copy per rule (a page naming 64 crawlers is 64 rules in each of its images' contexts)
_NAMES_CODES = {k: (k, "xrobots." + k.replace(":", "_").replace("-", "_")) for k in XROBOTS_RULES}
# every rule name a robots header or meta tag is known to carry, with or without an effect here: a
# `Robots-Tag` member without parameters that is one of them is that rule for every crawler
_KNOWN_RULES = _RESERVING | _VALUE_RULES | frozenset({
    "all", "index", "follow", "nofollow", "nosnippet", "notranslate", "noodp", "noydir", "noyaca",
    "indexifembedded", "nositelinkssearchbox"})
# those that can speak of a page's images (`noimageai`, `noai` …)
_FOR_IMAGES = frozenset(k.split(":", 1)[0] for k, (_, scope) in XROBOTS_RULES.items() if scope != "self")


@dataclass(frozen=True, slots=True)
class Directive:
    """One rule as read: name (lower-case), value (for `name: value` rules), scope."""

    name: str
    value: str = ""
    scope: str | None = None  # None = every crawler; else the bot token it names


# the field `<meta http-equiv="X-Robots-Tag">` (and `<meta name="x-robots-tag">`) writes, read as the header is
_EQUIV = "x-robots-tag"

_SEPARATOR = re.compile(r"[,;]")  # ";" too: `noai;noimageai` is two rules, as substring readers take it


def _segment_end(value: str, pos: int) -> int:
    found = _SEPARATOR.search(value, pos)
    return len(value) if found is None else found.start()


_WORD = re.compile(r"\s*(\S*)")
# quotes a server configuration left around the value (`add_header X-Robots-Tag '"noindex, noai"'`): no rule,
# date or crawler name holds one, and kept they made `"noindex` and `noai"` unknown names, the page allowed unremarked
_QUOTES = "\"'\u201c\u201d\u2018\u2019"  # (and the typographic ones a CMS or word processor types)
_QUOTES_AS_SPACE = str.maketrans(dict.fromkeys(_QUOTES, " "))
# rule names that may follow an `unavailable_after` date in the same segment (`… 15:00:00 PST noai`)
_AFTER_DATE = frozenset(k for k in XROBOTS_RULES if ":" not in k) - _VALUE_RULES


# the values by which a rule that takes none (`noai=false`) is plainly said not to be in effect
_FALSE: Final = frozenset({"false", "0", "no", "off", "n", "?0"})


def _word(word: str, scope: str | None) -> Directive:
    """One word of a field as the rule it is; a known rule given a value with `=` (`noai=true`,
    `max-image-preview=none`) is that rule with that value, for `_evaluate` to judge (a rule that
    takes none is in effect unless the value says false, and noted either way).

    Why: no convention writes `noai=true`, but a site that did plainly meant to opt out; read as one
    unknown name, the resource went through without a word."""
    low = word.lower()
    name, equals, given = low.partition("=")
    return Directive(name, given, scope) if equals and name in _KNOWN_RULES else Directive(low, "", scope)


def _directives(value: str, scopes: bool, scope: str | None = None,
                part_scoped: bool = False) -> Iterator[tuple[Directive, int]]:
    """Every directive of a field, lazily, with the offset where its text ends. `scope`: the
    crawler the field speaks to (a meta tag named for one), None for every crawler.
    `part_scoped`: a bot-name prefix scopes its own part only (up to the next `,` or `;`), as in
    `<meta name="robots">`, which speaks to every crawler (`googlebot: nofollow, noimageai`: the
    second rule is everyone's); in the header it scopes the rest of the field.

    Rules are separated by `,` or `;`, and words by white space too (`noai noimageai`,
    `noindex noai googlebot: noimageai`): each word is read as a rule of its own, so a known
    opt-out written that way is never lost inside an unknown name. Value rules
    (`max-snippet:-1`) and bot names may follow one another in any number: the segment is read
    by position, in one pass. Of bot-name prefixes in a row (`a: b: c: d: e: noai`), however
    many, the last scopes the rules after it (a cap of four left `…: testbot: noai` unread)."""
    value = controls_as_space(value)  # `\x01noai` is the rule `noai` (the common field holds none: no copy)
    if any(q in value for q in _QUOTES):  # `"noindex, noai"`: quotes around rules, not part of their names
        value = value.translate(_QUOTES_AS_SPACE)
    pos, n = 0, len(value)
    everyone = scope
    while pos <= n:
        if part_scoped:
            scope = everyone
        end = _segment_end(value, pos)
        i, seg_end = pos, end
        pos = end + 1
        while i < seg_end:
            colon = value.find(":", i, seg_end)
            words = value[i:seg_end if colon == -1 else colon].split()
            if colon == -1:
                for word in words:
                    yield _word(word, scope), pos - 1
                break
            for word in words[:-1]:  # `noai googlebot: noimageai`: rules before the name
                yield _word(word, scope), pos - 1
            name = words[-1].lower() if words else ""
            i = colon + 1
            if name == "unavailable_after":
                rest = value[i:seg_end].strip()
                if rest.lower() in _WEEKDAYS and pos <= n:
                    end = _segment_end(value, pos)  # RFC 850 date: "Friday, 25-Jun-10 …"
                    rest = f"{rest}, {value[pos:end].strip()}"
                    pos = end + 1
                elif pos <= n and _MONTH_AND_DAY.fullmatch(rest) is not None:
                    end = _segment_end(value, pos)  # "June 25, 2010": its year after the comma
                    if value[pos:end].strip().isdigit():
                        rest = f"{rest}, {value[pos:end].strip()}"
                        pos = end + 1
                date = rest.split()
                rules: list[str] = []
                while date and date[-1].lower() in _AFTER_DATE:  # `… 15:00:00 PST noai`: rules after the date
                    rules.append(date.pop().lower())
                yield Directive(name, " ".join(date), scope), pos - 1
                for rule in reversed(rules):
                    yield Directive(rule, "", scope), pos - 1
                break
            if name in _VALUE_RULES:  # a one-word value (`max-image-preview: none noai`): rules may follow
                one_word = _WORD.match(value, i, seg_end)
                assert one_word is not None  # (`\s*(\S*)` matches everywhere)
                yield Directive(name, one_word.group(1).lower(), scope), pos - 1
                i = one_word.end()
                continue
            if not name:  # `:noai`, `bot:: noai`: an empty name is no crawler's, the scope stays as it was
                continue
            if name in _KNOWN_RULES:  # `noai:` is the rule `noai` with a stray colon, not a crawler named so
                yield Directive(name, "", scope), pos - 1
                continue
            if not scopes:  # a tag named for one crawler: a name in it scopes nothing, its rules are that crawler's
                continue  # (read as one rule named `scrapeguard:noai`, our own opt-out was lost unremarked)
            # a bot-name prefix (of a chain, the last one counts); `robots:` is every crawler's, as the meta tag
            # named so is (read as a crawler named "robots", `X-Robots-Tag: robots: noai` reserved nothing: review)
            scope = None if name == "robots" else agent_token(name) or name


def parse_field(value: str, *, scopes: bool = True, scope: str | None = None) -> list[Directive]:
    """Split one X-Robots-Tag field (or a meta content) into directives: the first 256,
    within its first 16 KiB (`read_field` also looks past that)."""
    out: list[Directive] = []
    for directive, end in _directives(value[:MAX_FIELD], scopes, scope):
        if len(out) >= MAX_DIRECTIVES or end > MAX_FIELD:
            break
        out.append(directive)
    return out


@dataclass(slots=True)
class FieldReading:
    """What `read_field` made of one field: the directives, and what was cut."""

    directives: list[Directive]
    capped: bool = False  # past 256 directives / 16 KiB: only reserving rules were kept
    unread: int = 0  # characters not read at all (the scan budget ran out)
    dropped: int = 0  # reserving rules for the token past the caps not kept: values of a rule past `MAX_EXTRA`


def read_field(value: str, token: str, budget: int, *, scopes: bool = True, scope: str | None = None,
               part_scoped: bool = False) -> FieldReading:
    """Every directive within the caps, and past them, cheaply, every rule that can
    reserve something for `token` (so a `noai` after 300 other rules is still seen).

    Why both: the caps keep the kept list small on hostile fields; a site listing rules
    per crawler in one long field must not lose ours. `budget` is how much text may still
    be read for this response; the rest is reported as unread, never silently skipped.
    """
    text = value[:max(budget, 0)]
    reading = FieldReading([], unread=len(value) - len(text))
    seen: set[Directive] = set()
    kinds: set[tuple[str, str | None, bool]] = set()  # (name, scope, is `none`) of those kept past the caps
    extra = 0
    # per scope, where the earliest `unavailable_after` date past `MAX_EXTRA` is kept, and that date
    earliest: dict[str | None, tuple[int, _dt.datetime]] = {}
    for directive, end in _directives(text, scopes, scope, part_scoped):
        if len(reading.directives) < MAX_DIRECTIVES and end <= MAX_FIELD:
            reading.directives.append(directive)
            continue
        reading.capped = True
        if directive.name not in _RESERVING or not applies(directive.scope, token) or directive in seen:
            continue
        # each rule is kept once at least (`noai` after 80 distinct `unavailable_after` dates was lost);
        # past `MAX_EXTRA` a rule's further values (dates) are counted, for the note, not kept
        kind = (directive.name, directive.scope, directive.value == "none" or _value_key(directive) is not None)
        if extra < MAX_EXTRA or kind not in kinds:
            seen.add(directive)
            kinds.add(kind)
            reading.directives.append(directive)
            extra += 1
            continue
        # one date passed is enough, whatever the others say: the earliest is kept, in one place per scope
        # (kept first-come, a date passed after 64 still to come was dropped and the page indexed)
        when = _when(directive.value) if directive.name == "unavailable_after" else None
        kept = earliest.get(directive.scope)
        if when is not None and (kept is None or when < kept[1]):
            if kept is None:
                earliest[directive.scope] = (len(reading.directives), when)
                reading.directives.append(directive)
            else:
                earliest[directive.scope] = (kept[0], when)
                reading.directives[kept[0]] = directive
                reading.dropped += 1  # (the later date it replaces: passed, it would have said no more)
            seen.add(directive)
        else:
            reading.dropped += 1
    return reading


def _value_key(directive: Directive) -> str | None:
    """The `XROBOTS_RULES` key a value rule is when its value reserves something (`max-image-preview:none`,
    `max-snippet:0`, which Google makes `nosnippet`: no direct input to its AI answers), None otherwise."""
    if directive.name == "max-image-preview" and directive.value == "none":
        return "max-image-preview:none"
    if directive.name == "max-snippet" and directive.value and not directive.value.strip("0"):
        return "max-snippet:0"
    return None


def _past(date_text: str, now: _dt.datetime) -> bool | None:
    """True/False if the date has passed; None if it cannot be read (never raises: one hostile
    date escaping here made the whole reading `xrobots.unreadable`, a `noai` beside it unread)."""
    when = _when(date_text)
    return None if when is None else when <= now


def _when(date_text: str) -> _dt.datetime | None:
    """An `unavailable_after` date (RFC 850/1123 or ISO 8601, UTC when no zone is given); None if it
    cannot be read."""
    text = date_text.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # (a 20-digit day overflows a C long)
        parsed = None
    if parsed is None:
        try:
            parsed = _dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))  # (`t`, `z`: RFC 3339 §5.6)
        except ValueError:
            parsed = _date_as_written(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.UTC)
    return parsed


# Dates as people write them, without a time, which the RFCs' readers refuse ("25 Jun 2010", "June 25, 2010"):
# Google reads "all widely adopted formats" (the date stood unread, a search index's page kept past it: review)
_MONTH_AND_DAY: Final = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2}")
_MONTHS: Final = {name.lower(): number for number, name in enumerate(
    "January February March April May June July August September October November December".split(), 1)}


def _date_as_written(text: str) -> _dt.datetime | None:
    """A date written with an English month's name and no time, at its start of day (UTC); None otherwise.
    (By name, not `strptime`'s `%b`, which reads the process's locale.)"""
    words = text.replace(",", " ").replace(".", " ").replace("-", " ").split()
    if len(words) == 4 and words[3].upper() in ("GMT", "UTC", "Z"):  # ("25 June 2030 GMT": review of the mend)
        words = words[:3]
    if len(words) != 3:
        return None
    month = next((w for w in words if not w.isdigit()), "").lower()
    number = _MONTHS.get(month) or next((n for name, n in _MONTHS.items() if len(month) >= 3 and
                                         name.startswith(month)), None)
    digits = [w for w in words if w.isdigit()]
    # (a year of four digits beside a day of one or two: "25-Jun-30" is no day of year 25; review of the change)
    if number is None or len(digits) != 2 or sorted(map(len, digits)) not in ([1, 4], [2, 4]):
        return None
    day, year = (int(digits[0]), int(digits[1])) if len(digits[1]) == 4 else (int(digits[1]), int(digits[0]))
    try:
        return _dt.datetime(year, number, day, tzinfo=_dt.UTC)
    except ValueError:
        return None


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
        budget = MAX_SCAN
        cuts: list[tuple[str, str]] = []  # (what was cut, where): one warning per response
        unread: list[tuple[str, str]] = []  # (what was left unread for every crawler, where): one error per response
        cut_for_all = False  # text left unread for every crawler, not only other crawlers' rules past a cap

        def read(value: str, source: str, what: str, *, scopes: bool = True, scope: str | None = None,
                 part_scoped: bool = False) -> None:
            nonlocal budget, cut_for_all
            reading = read_field(value, token, budget, scopes=scopes, scope=scope, part_scoped=part_scoped)
            budget -= len(value) - reading.unread
            found.extend((d, source) for d in reading.directives)
            cut = []
            if reading.capped:
                cut.append(f"holds more than {MAX_DIRECTIVES} directives or {MAX_FIELD // 1024} KiB: "
                           f"past that only rules that reserve something for {token} were read")
            if reading.unread:
                cut.append(f"its last {reading.unread} characters were not read (the {MAX_SCAN // 1024} KiB "
                           "reading budget ran out): an opt-out there was not seen")
            if reading.dropped:
                cut.append(f"{reading.dropped} more value(s) of its rules for {token} past that were not kept (a "
                           f"rule given more than {MAX_EXTRA} ways): an opt-out among them may not have been seen")
            if what == "header" and len(value) >= MAX_HEADER_VALUE:
                cut.append(f"it reached the {MAX_HEADER_VALUE // 1024} KiB cap of a header value: "
                           "the rest of the field may have been dropped before it was read")
            if cut:
                (unread if reading.unread else cuts).append((f"{what} {'; '.join(cut)}", source))
                # past the cap only other crawlers' rules were skipped; anything else is unread for all
                cut_for_all = cut_for_all or len(cut) > (1 if reading.capped else 0)

        for n, value in enumerate(response.headers.get_all("x-robots-tag"), start=1):
            read(value, f'X-Robots-Tag header #{n}: "{value[:200]}"', "header")
        unparsable: list[Signal] = []  # Robots-Tag fields that could not be read as the draft's list, in part or whole
        robots_tags = response.headers.get_all("robots-tag")
        parse_left = MAX_SF_PARSE
        for n, value in enumerate(robots_tags, start=1):
            source = f'Robots-Tag header #{n}: "{value[:200]}"'
            parse_left -= min(len(value), MAX_HEADER_VALUE)
            if parse_left < 0:  # (each field is parsed up to four times, ~0.1 s for 16 KiB: 128 fields took 15 s)
                cut_for_all = True
                unread.append((f"{len(robots_tags) - n + 1} Robots-Tag field(s) past the {MAX_SF_PARSE // 1024} KiB "
                               "parsed as structured-field lists per response were not read: an opt-out there was "
                               "not seen", source))
                break
            members, tidied = _robots_tag_list(value[:MAX_HEADER_VALUE])
            if tidied:
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         "Robots-Tag is not a valid structured-field list: read with its slips taken "
                                         "out (a space before `;`, a `;` or `,` ending a member)", source, True))
            rest: list[str] = []  # the members RFC 9651 refuses, read as X-Robots-Tag's syntax
            scoped = ":" in value  # (an X-Robots-Tag `name:` may scope past a comma)
            if members is None and value.count(",") < MAX_MEMBERWISE:
                members, rest = _member_wise(value[:MAX_HEADER_VALUE], scoped=scoped)
                if members:  # (`otherbot;noai, ((`: otherbot's `noai` stays otherbot's)
                    shown = ", ".join(rest[:8])[:200]
                    unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                             f"Robots-Tag is not a valid structured-field list: read member by member, "
                                             f"`{shown}` as X-Robots-Tag's syntax", source, True))
                else:
                    members = None
            if members is None:  # X-Robots-Tag's syntax under the draft's name (`examplebot: noai`): read so
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         "Robots-Tag is not a structured-field list (`examplebot;noai`): read as "
                                         "X-Robots-Tag's syntax (`examplebot: noai`)", source, True))
            as_named = [(part, _named_member(part)) for part in rest]  # (each with its crawler's scope, if it names one)
            if rest and not scoped:  # each alone, a crawler named before its first `;` scoping its own rules
                for _part, scoped_part in as_named:
                    read(scoped_part, source, "header")
            elif rest and (members is not None or (len(value) < MAX_HEADER_VALUE
                                                   and any(part != scoped_part for part, scoped_part in as_named))):
                # a crawler named before a member's first `;` scopes that member alone (`scrapeguard;noai;((`);
                # the others as X-Robots-Tag's syntax, whose `name:` scopes the rest of them
                for part, scoped_part in as_named:
                    if scoped_part != part:
                        read(scoped_part, source, "header")
                unnamed = [part for part, scoped_part in as_named if scoped_part == part]
                if unnamed:
                    read(", ".join(unnamed), source, "header")
                if members is None:
                    continue
            elif members is None:
                read(value, source, "header")  # (which says so itself when the field reached the cap)
                continue
            if len(value) >= MAX_HEADER_VALUE:
                cut_for_all = True
                cuts.append(((f"header reached the {MAX_HEADER_VALUE // 1024} KiB cap of a header value: "
                              "the rest of the field may have been dropped before it was read"), source))
            if members is None:
                continue
            unknown: list[str] = []
            colons: list[str] = []
            ruled: list[str] = []  # `noai;noimageai`: X-Robots-Tag's `;` between rules, a rule where a crawler goes
            flat, inner = _flattened(members)  # type: ignore[arg-type]
            for item, params in flat:
                if not isinstance(item, str | Token | DisplayString):  # `5;noai`, `@12;noai`: no crawler's name
                    unknown.append(_shown(item, params))
                    continue
                who = str(item).lower()
                if params and (rule := _bare_rule(who)) is not None:  # (no crawler is named for a rule)
                    ruled.append(";".join([who, *params])[:60])
                    found.append((rule, source))
                    found.extend((_param_rule(key, given, None), source) for key, given in params.items()
                                 if given is not False)
                    continue
                if not params:  # X-Robots-Tag's syntax (`noai, noimageai`): a known rule is for every crawler
                    rule = _bare_rule(who)
                    if rule is None and ":" in who:  # `examplebot:noai`, `noai:`: a token to RFC 9651, X-Robots-Tag's
                        colons.append(who)            # syntax to whoever wrote it: read so
                    elif rule is None:
                        unknown.append(who)
                    else:
                        found.append((rule, source))
                for key, given in params.items():
                    if given is False:  # `noai=?0`: the rule is false (a rule in effect is `noai`, Boolean true)
                        continue
                    found.append((_param_rule(key, given, None if who == "*" else agent_token(who) or who), source))
            if inner:
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         f"Robots-Tag inner list(s) `{', '.join(inner[:8])[:200]}` where the draft "
                                         "has one crawler per member: each item read as a member of its own, with "
                                         "the list's parameters", source, True))
            if ruled:
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         f"Robots-Tag member(s) `{', '.join(ruled[:8])[:200]}` name a rule where the "
                                         "draft names a crawler: read as X-Robots-Tag's syntax (`;` between rules), "
                                         "for every crawler", source, True))
            if colons:
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         f"Robots-Tag member(s) `{', '.join(colons[:8])[:200]}` in X-Robots-Tag's "
                                         "syntax (`examplebot: noai`): read so", source, True))
                read(", ".join(colons), source, "header")
            if unknown:
                shown = ", ".join(unknown[:8]) + (" …" if len(unknown) > 8 else "")
                unparsable.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.robots_tag_unparsable",
                                         f"Robots-Tag member(s) `{shown[:200]}` name neither a known rule nor a "
                                         "crawler with its rules as parameters (`examplebot;noai`); ignored", source,
                                         True))
        if unparsable:  # (said once for the response: 512 such fields are one note, not 512)
            others = len(unparsable) - 1
            out.append(replace(unparsable[0], detail=unparsable[0].detail + (
                f" (and {others} more Robots-Tag field(s) alike)" if others else "")))
        others_unread: tuple[str, str] | None = None
        if response.page is not None:
            tags = 0
            for entry, content in response.page.meta:
                name, attribute = meta_tag(entry)  # (`\u200brobots` is `robots`)
                if not (name in ("robots", _EQUIV) or (agent_token(name) == token and token != "*")):
                    continue  # other meta tags cost nothing and never count against the cap
                tags += 1
                source = f'<meta {attribute} content="{(content or "")[:200]}"> on {response.url[:300]}'
                if tags > MAX_META_TAGS:
                    cut_for_all = True
                    unread.append(((f"more than {MAX_META_TAGS} robots meta tags: the rest were not read, "
                                    "an opt-out there was not seen"), source))
                    break
                # <meta http-equiv="X-Robots-Tag">: the header as a static host without header control
                # writes it, read as the header is (`bot:` prefixes scope the rules after them); in
                # <meta name="robots">, which speaks to every crawler, `scrapeguard: noai` scopes its
                # own part only (it was one unknown rule name, and our own opt-out went unread); a tag
                # named for us is ours whole: a prefix in it scopes nothing
                unscoped = name in ("robots", _EQUIV)
                read(content or "", source, "meta tag", scopes=unscoped, scope=None if unscoped else token,
                     part_scoped=name == "robots")
            if page:  # what the page tells other crawlers of its images: for an image requested as one of them
                named, others_unread = _other_crawlers_meta(response.page.meta, token, response.url)
                found.extend(named)
        # what was cut with nothing of ours lost is a note; what was not read at all, where an opt-out
        # may lie unseen (300 `noodp` tags, then `noai`: allowed with a note), an incomplete reading
        for code, said in (("xrobots.unreadable", unread), ("xrobots.truncated", cuts)):
            if said:
                more = f" ({len(said)} fields or tags cut in all)" if len(said) > 1 else ""
                out.append(Signal("x_robots_tag", Verdict.UNKNOWN, code, said[0][0] + more, said[0][1], True))
        wanted = aspects_of(usage)
        done: set[tuple[Directive, str]] = set()
        images: list[Reservation] = []  # every crawler's: the page's images are judged for their own requests
        unreadable_dates: list[tuple[str, str]] = []  # (date, source) of the unavailable_after rules for us
        valued: list[tuple[Directive, str]] = []  # our reserving rules given a value they do not take (`noai=true`)
        other_usage: dict[str, list[Signal]] = {}  # our rules reserving none of this usage, by code (`Reservation`)
        for directive, source in found:
            mine = applies(directive.scope, token)
            if not (mine or page) or (directive, source) in done:
                continue  # (a rule repeated in one field is one reading, not thousands)
            done.add((directive, source))
            name = directive.name
            key = name
            if name in ("max-image-preview", "max-snippet"):
                if (reserving := _value_key(directive)) is None:
                    continue
                key = reserving
            elif name == "unavailable_after":
                if not mine:
                    continue
                passed = _past(directive.value, now)
                if passed is None:  # (said once for the response: a field of 300 such dates is one note, not 300)
                    unreadable_dates.append((directive.value, source))
                    continue
                if not passed:
                    continue
            elif directive.value and name in XROBOTS_RULES:  # `noai=true`: a value on a rule that takes none
                if mine:
                    valued.append((directive, source))
                if directive.value in _FALSE:
                    continue
            if key not in XROBOTS_RULES:
                continue  # all, index, follow, nofollow, nosnippet …: no collection effect
            denied, scope = XROBOTS_RULES[key]
            applies_to: AppliesTo = scope if page else "self"  # type: ignore[assignment]
            key, code = _NAMES_CODES[key]
            reservation = Reservation("x_robots_tag", code, key, denied,
                                      directive.scope, applies_to, source)
            if applies_to != "self":
                images.append(reservation)
            signal = reservation.signal(token, wanted) if mine else None
            if signal is not None and signal.verdict is Verdict.UNKNOWN:  # (another usage's rule: one note a code)
                other_usage.setdefault(signal.code, []).append(signal)
            elif signal is not None:
                out.append(signal)
        for alike in other_usage.values():  # (300 `noindex` fields were 300 notes in one record: review)
            more = f" (and {len(alike) - 1} more such rule(s) in this response)" if len(alike) > 1 else ""
            out.append(replace(alike[0], detail=alike[0].detail + more))
        if unreadable_dates:
            (date, source), others = unreadable_dates[0], len(unreadable_dates) - 1
            out.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.unavailable_after.unparsable",
                              f"unavailable_after date {date[:80]!r} could not be read"
                              + (f" (and {others} more unreadable date(s) in this response)" if others else ""),
                              source, True))
        if valued:
            (rule, source), others = valued[0], len(valued) - 1
            effect = "not in effect" if rule.value in _FALSE else "in effect"
            out.append(Signal("x_robots_tag", Verdict.UNKNOWN, "xrobots.rule_value",
                              f"`{rule.name}={rule.value[:40]}` gives a value to a rule that takes none: read as "
                              f"`{rule.name}` {effect}" + (f" (and {others} more such rule(s) in this response)"
                                                            if others else ""), source, True))
        if page:
            cut_signal = None
            # unread for us, then unread for other crawlers only (their tags past their caps: `otherbot`'s
            # `noimageai` there was allowed with a note), then a cut that lost nothing of theirs
            for_all = cut_for_all and (bool(unread) or others_unread is None)
            first_cut = unread[0] if unread else others_unread or (cuts[0] if cuts else None)
            if first_cut is not None:
                what, where = first_cut
                read_as = "were not all read" if for_all else (f"were read for {token}, and not all of them "
                                                                "for this request's crawler")
                cut_signal = Signal("x_robots_tag", Verdict.UNKNOWN,
                                    "xrobots.unreadable" if unread or others_unread else "xrobots.truncated",
                                    f"the page's robots rules {read_as} ({what}): an opt-out there for this "
                                    "request's crawler may not have been seen", where, True)
            response.image_rules = response.image_rules.merged(ImageRules.of(images, token, cut_signal,
                                                                             cut_for_all=for_all))
        return out


def _robots_tag_list(value: str) -> tuple[list[object] | None, bool]:
    """The members of a `Robots-Tag` field as the draft's structured-field list, or None when it is
    none. Read again in lower case when it fails as written: rule names and crawler names are
    case-insensitive, but RFC 9651 takes parameter keys in lower case only, so `*;NOAI` failed whole.
    With them: whether the list was read only once its slips were taken out (`_tidy_list`), which
    the caller notes.

    Why the None: a field that is no such list (`examplebot: noai`, `noai noimageai`), X-Robots-Tag's
    syntax under the draft's name, was ignored with a note, and its `noai` let the resource through;
    the caller reads it as X-Robots-Tag is read."""
    raw = value.encode("latin-1", "replace")
    members = _sf_list(raw)
    if members is not None:
        return members, False
    tidied = _tidy_list(raw)  # (slips of typing: `otherbot ;noai`, `otherbot;noai;`, `…noai,`): only once needed
    if tidied in (raw, raw.lower()):
        return None, False
    members = _sf_list(tidied)
    return (None, False) if members is None else (members, True)


def _member_wise(value: str, *, scoped: bool = False) -> tuple[list[object], list[str]]:
    """A `Robots-Tag` field RFC 9651 refuses as a whole, read member by member (split at its commas, those
    in quoted strings kept): the members that parse alone (`_robots_tag_list`), and the rest as written, in
    order. `scoped`: the field may hold X-Robots-Tag's `name:` scopes, which run on past commas (`otherbot:
    noindex, noai` is otherbot's `noai`), so only the draft's own members (`_crawler_member`) are taken out.

    Why: one member the parser refuses (`((`, an unterminated string, `otherbot: noindex`) failed the list,
    and read whole as X-Robots-Tag (where `;` separates rules and `otherbot:` scopes the rest of the field),
    `otherbot;noai` was every crawler's, and `scrapeguard;noai` after `otherbot: noindex` otherbot's."""
    members: list[object] = []
    rest: list[str] = []
    for part in split_values(value):
        if not part:
            continue
        parsed = _robots_tag_list(part)[0]
        if parsed is None or (scoped and not all(map(_crawler_member, parsed))):
            rest.append(part)
        else:
            members.extend(parsed)
    return members, rest


def _named_member(part: str) -> str:
    """A `Robots-Tag` member RFC 9651 refuses, for reading in X-Robots-Tag's syntax: one that names a crawler
    before its first `;` (`otherbot;noai;((`) with the `otherbot:` that scopes the rules after it there; any
    other as it is (`noai;((`, whose first word is a rule), and so is one holding a comma: an unterminated
    quote (`otherbot;noai"x, *;noai`) swallowed the members after it, which are no rules of that crawler's.

    Why: read as written, where `;` separates rules, `otherbot` was an unknown rule and its `noai` every
    crawler's: ours was refused what only otherbot was."""
    name, semi, rules = part.partition(";")
    words = name.split()
    bare = words[0].strip("\"'").lower() if semi and len(words) == 1 and "," not in rules else ""
    if not agent_token(bare) or _bare_rule(bare) is not None:
        return part
    return f"{name}: {rules}"


def _crawler_member(member: object) -> bool:
    """Whether a parsed `Robots-Tag` member is the draft's (`examplebot;noai`, `*;noai`): a crawler's name,
    no rule's and no `name:` of X-Robots-Tag's, with its rules as parameters."""
    item, params = member if isinstance(member, tuple) else (member, {})
    if not params or not isinstance(item, str | Token | DisplayString):
        return False
    name = str(item).lower()
    return ":" not in name and _bare_rule(name) is None


def _flattened(members: list[object]) -> tuple[list[tuple[object, dict[str, object]]], list[str]]:
    """A `Robots-Tag` list's members as (item, parameters), an inner list's items each as a member of its
    own with the list's parameters and its own (`(examplebot otherbot);noai` is `noai` for both); and the
    inner lists so read, as written (for the note)."""
    out: list[tuple[object, dict[str, object]]] = []
    inner: list[str] = []
    for member in members:
        item, params = member if isinstance(member, tuple) else (member, {})
        if not isinstance(item, list):
            out.append((item, params))
            continue
        inner.append(_shown(item, params))
        for sub in item:
            sub_item, sub_params = sub if isinstance(sub, tuple) else (sub, {})
            out.append((sub_item, {**params, **sub_params}))
    return out, inner


def _shown(item: object, params: dict[str, object]) -> str:
    """A `Robots-Tag` member as written (`5;noai`, `(a b);noai`), for a note."""
    try:
        return http_sf.ser([(item, params)])[:60]  # type: ignore[list-item]
    except Exception:  # noqa: BLE001 - a value http_sf cannot write back: its Python form
        return repr(item)[:60]


def _sf_list(text: bytes) -> list[object] | None:
    """`text` as an RFC 9651 list, as written or else in lower case; None if it is none either way."""
    for attempt in dict.fromkeys((text, text.lower())):
        try:
            return list(http_sf.parse(attempt, tltype="list"))  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - http_sf raises StructuredFieldError, maybe others
            continue
    return None


# Each match starts at a separator or where a run of blanks or `;` starts (the look-behinds), never inside a run:
# `[ \t]*([;,=])` rescanned a run from each of its positions, `a<15,000 blanks>b` 9 s on one field (review)
_BLANKS_AFTER_SEPARATOR: Final = re.compile(rb"([;,=])[ \t]+")
_BLANKS_BEFORE_SEPARATOR: Final = re.compile(rb"(?<![ \t])[ \t]+(?=[;,=])")
_EMPTY_MEMBERS: Final = re.compile(rb"(?<!;);*,[;,]*")


def _tidy_list(raw: bytes) -> bytes:
    """A `Robots-Tag` field with the slips RFC 9651 refuses taken out (a space before `;`, a `;`
    ending a member, a trailing or doubled `,`), so `otherbot;noai,` keeps its scope: read as
    X-Robots-Tag (where `;` means nothing) its `noai` was every crawler's. In time linear in the field."""
    text = _BLANKS_AFTER_SEPARATOR.sub(rb"\1", raw.strip())
    text = _BLANKS_BEFORE_SEPARATOR.sub(b"", text)
    return _EMPTY_MEMBERS.sub(b", ", text).strip(b",; ")


def _param_rule(key: str, given: object, scope: str | None) -> Directive:
    """A `Robots-Tag` member's parameter as the rule it is: its key the rule, its value that of a rule
    taking one (`max-image-preview=none`, `unavailable_after="…"` or an RFC 9651 date `@…`).

    Why the value: the draft's rules are key-value pairs; read by key alone, `*;max-image-preview=none`
    reserved nothing and an `unavailable_after` past was called unreadable, the page indexed."""
    name = key.lower()
    if given is True:  # (`*;noai`: the draft's own bare parameter)
        return Directive(name, "", scope)
    if name not in _VALUE_RULES:  # `*;noai=?0`, `*;noai=false`: read as X-Robots-Tag's `noai=false` is (`xrobots.rule_value`)
        return Directive(name, "?0" if given is False else str(given).strip().lower(), scope)
    if isinstance(given, bool):
        return Directive(name, "", scope)
    if isinstance(given, _dt.datetime):
        return Directive(name, given.isoformat(), scope)
    value = str(given).strip()
    return Directive(name, value if name == "unavailable_after" else value.lower(), scope)


def _bare_rule(text: str) -> Directive | None:
    """A `Robots-Tag` member without parameters (`noai`, `max-image-preview:none`) as the rule
    it names for every crawler, or None when it names none (`examplebot`).

    Why: `Robots-Tag: noai, noimageai`, X-Robots-Tag's syntax under the draft's name, was
    ignored without a word, while the draft's own `*;noai` was honoured."""
    name, colon, value = text.partition(":")
    if colon and name in _VALUE_RULES:
        return Directive(name, value.strip())
    return Directive(text) if not colon and text in _KNOWN_RULES else None


# a meta tag's name that is a crawler's: a product token's letters, `_`, `-`, and digits after the first
# (`img2dataset`, whose token is `img`); `og:image`, `twitter:card`, `dc.rights` are none
_CRAWLER_NAME: Final = re.compile(r"[a-z_-][a-z0-9_-]*")


def _other_crawlers_meta(meta: list[tuple[str, str]], token: str, url: str
                         ) -> tuple[list[tuple[Directive, str]], tuple[str, str] | None]:
    """The rules about a page's images in meta tags named for other crawlers than `token`
    (`<meta name="otherbot" content="noimageai">`), with their scope, and what was left unread
    (tags past the cap, text past the budget): an opt-out there for one of them was not seen.

    Why: an image may be requested with another user agent than its page was; what the
    page told that crawler of its images must then be known. Bounded apart from the page's
    own reading (`MAX_META_TAGS` tags, `MAX_OTHER_META` characters), so that those tags never
    take the reading budget of the page's own rules.

    Their rules share one source for the page (the crawler a rule names is its scope, which
    the signal states): a page naming 64 crawlers keeps 64 small rules per image, not 64
    copies of its URL and of each tag's content."""
    out: list[tuple[Directive, str]] = []
    budget, tags = MAX_OTHER_META, 0
    shared = f'<meta name="<crawler>"> on {url[:300]}'

    def tag(name: str, content: str) -> str:
        return f'<meta name="{name}" content="{content[:200]}"> on {url[:300]}'

    for entry, content in meta:
        if entry.startswith(HTTP_EQUIV):
            continue  # (a header's equivalent names no crawler: `http-equiv="Content-Usage"` is no bot's tag)
        name, _attribute = meta_tag(entry)  # (`\u200botherbot` is otherbot's, not like `og:image`)
        crawler = agent_token(name)  # (`img2dataset` is the crawler `img`, as its requests' user agent is)
        if name in ("robots", _EQUIV) or crawler in ("", "*", token) or not _CRAWLER_NAME.fullmatch(name):
            continue  # (`og:image`, `twitter:card`: no crawler's name)
        content = content or ""
        lowered = content.lower()
        if not any(rule in lowered for rule in _FOR_IMAGES):
            # (no rule about images can be in it: a scholarly page's 300 `citation_reference` tags, a 70 kB
            # description, used up the budget and made the page's pictures unreadable to other crawlers)
            continue
        tags += 1
        if tags > MAX_META_TAGS:
            return out, (f"more than {MAX_META_TAGS} meta tags named for other crawlers: the rest were not read",
                         tag(name, content))
        reading = read_field(content, crawler, budget, scopes=False, scope=crawler)
        budget -= len(content) - reading.unread
        out.extend((d, shared) for d in reading.directives if d.name in _FOR_IMAGES)
        if reading.unread:
            return out, (f"meta tags named for other crawlers past their {MAX_OTHER_META // 1024} KiB reading budget "
                         "were not read", tag(name, content))
    return out, None
