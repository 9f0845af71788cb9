"""IETF AIPREF `Content-Usage` and Cloudflare `Content-Signal` (consent-signals.md §6, §7).

`Content-Usage` is an RFC 9651 dictionary (parsed by `http_sf`): keys case-sensitive,
an upper-case key fails the whole field (every category UNKNOWN), only the tokens `y` /
`n` count, the last duplicate wins, parameters are ignored. Labels: `train-ai`, `ai-use`,
`search`; an `n` under a label of an earlier draft (`train-genai`, `bots`, `ai`, `genai`,
`inference`, `ai-output`, `tdm`, `all`: files written against them are still served) is a
refusal in what that draft meant, its `y` allows nothing (a reader built strict applies it), and
a narrower label's preference stands above a broader one's, as the drafts read a category before
its parent (`bots=n, search=y`: search engines only); an `n` under a label the reader does not know is ignored as the vocabulary says, but noted
(`content_usage.unknown_label`), never dropped silently. In robots.txt a
`Content-Usage: [/path ]prefs` record of the matching group applies only to paths the
group lets us crawl; a record without a path is a `/` record, the longest matching path
(in encoded octets, as Allow/Disallow rank) wins and equal paths are combined (any `n` wins). A page's
`<meta name="content-usage">` is read as the header is. `Content-Signal` (`search=yes, ai-train=no`) is parsed
leniently, in robots.txt, in a response header and in a page's `<meta name="content-signal">`; in robots.txt a
line speaks for its group (Cloudflare's policy defines no path), one written with a path first (`/private/
ai-train=no`, its path read and matched as a Content-Usage record's) for the paths it names, beside the group's:
every such line whose path matches speaks, not the longest alone (the policy ranks no line above another, and
each `no` is a condition of access a `yes` for a longer path does not lift).
robots.txt `DisallowAITraining` / `AllowAITraining` (draft-canel-robots-ai-control-00) are path rules of the group for
AI training, ranked as Allow/Disallow are. Across statements (header, robots.txt): any `n` wins,
else any `y`, else unknown.

What is written but cannot be applied is noted, never dropped silently (`label=n` given again
later with another value, which the last one overrides, too): a known label whose value
is no token `y` / `n` (`train-ai=no`, `train-ai="n"`: ignored, as the vocabulary says), an `n`
under an unknown label, a Content-Signal part that names a known key or refuses but could not
be read (`ai-train:no`), and a `use` level short of `full` (`use=reference`: a restriction no purpose
maps to). Content-Signal parts are separated by `,` or `;` (or white space alone between `key=value`
words), and a C0 control byte or DEL in it reads as white space (as in X-Robots-Tag).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

import http_sf
from http_sf.types import Token

from scrapeguard.resource import split_values
from scrapeguard.signals.base import (
    Family,
    ResponseView,
    Signal,
    Usage,
    Verdict,
    controls_as_space,
    meta_tag,
    other_usage,
)
from scrapeguard.signals.usage import (
    CONTENT_SIGNAL_KEYS,
    CONTENT_USAGE_LABELS,
    CONTENT_USAGE_LEGACY,
    TRAINING,
    aspects_of,
    combine,
    describe,
    verdict_for,
)

if TYPE_CHECKING:
    from scrapeguard.signals.robots import RobotsTxt

log = logging.getLogger("scrapeguard")

# A field's characters read: RFC 9651 §3.2 asks parsers for dictionaries of at least 1,024 members with
# keys of at least 64 characters (~70 kB), and a valid one of 12 kB was refused at the 8 KiB this was
MAX_FIELD = 96 * 1024
# Content-Signal headers and meta tags (and Content-Usage meta tags) read per response, as X-Robots-Tag's robots
# meta tags: those past it are an incomplete reading (`content_signal.cut`, `content_usage.cut`), which the
# policy's on_error decides; a real page has one or two
MAX_SIGNAL_FIELDS = 256


class ParseFailure(ValueError):
    """The structured field did not parse: every category is UNKNOWN."""


class FieldCut(ParseFailure):
    """The field runs past `MAX_FIELD` and was not read: not the sender's error, as a malformed field is
    (which the spec has ignored), but ours, so an opt-out in it is an incomplete reading: `content_usage.cut`,
    one of `embedded.reader.UNREADABLE`, which the policy's on_error decides."""


def parse_preferences(text: str, *, strict: bool = False) -> dict[str, Verdict]:
    """Per-aspect verdicts of one Content-Usage dictionary. Raises `ParseFailure`."""
    return read_preferences(text, strict=strict)[0]


def read_preferences(text: str, *, strict: bool = False) -> tuple[dict[str, Verdict], list[str]]:
    """`parse_preferences` plus the labels this reader cannot place that say `n`.

    The vocabulary says to ignore unknown labels; an `n` under one is still somebody's
    refusal, so the readers surface it as a note instead of dropping it silently.
    Raises `ParseFailure`."""
    reading = _read(text, strict=strict)
    return reading.per_aspect, reading.unplaced


@dataclass(slots=True)
class _Reading:
    """One Content-Usage dictionary as read: the per-aspect verdicts, the unknown labels that
    say `n`, and the known labels whose value is neither token `y` nor `n` (as written)."""

    per_aspect: dict[str, Verdict] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)  # known labels whose `n` a later member replaced


def _read(text: str, *, strict: bool) -> _Reading:
    """The dictionary read (`read_preferences`), keeping what it had to ignore. Raises `ParseFailure`."""
    if len(text) > MAX_FIELD:
        raise FieldCut(f"field of {len(text)} characters, past the {MAX_FIELD // 1024} KiB read")
    try:
        parsed = http_sf.parse(text.encode("latin-1"), tltype="dictionary")
    except UnicodeEncodeError as exc:
        raise ParseFailure("non-ASCII characters in a structured field") from exc
    except Exception as exc:  # noqa: BLE001 - http_sf raises StructuredFieldError, maybe others
        raise ParseFailure(str(exc)[:200]) from exc
    if not isinstance(parsed, dict):  # (asked for a dictionary: http_sf gives one or raises)
        raise ParseFailure("not a structured-field dictionary")
    labels = {**CONTENT_USAGE_LEGACY, **CONTENT_USAGE_LABELS}
    if any(key in CONTENT_USAGE_LEGACY for key in parsed):  # written against an earlier draft, where
        labels["train-ai"] = TRAINING  # `train-ai` was all AI training (vocab-02 to -04)
    reading = _Reading()
    said: dict[int, dict[str, list[Verdict | None]]] = {}  # by how many aspects a label covers: aspect -> verdicts
    for key, member in parsed.items():
        value = member[0] if isinstance(member, tuple) else member
        if not isinstance(value, Token) or str(value) not in ("y", "n"):
            if key in labels:  # not the token y / n: that category stays unknown, and is said to
                reading.unread.append(f"{key}={_shown(value)}")
            continue
        if key not in labels:
            if str(value) == "n":
                reading.unplaced.append(key)
            continue
        # an earlier draft's `y` allows nothing here (what it allowed is another draft's question: None), but
        # still stands above a broader `n`, as a narrower label's preference does over its parent's
        verdict = Verdict.DENY if str(value) == "n" else Verdict.ALLOW \
            if key in CONTENT_USAGE_LABELS or strict else None
        for aspect in labels[key]:
            said.setdefault(len(labels[key]), {}).setdefault(aspect, []).append(verdict)
    out = reading.per_aspect
    for breadth in sorted(said, reverse=True):  # the broadest first: a narrower label's preference replaces it
        for aspect, verdicts in said[breadth].items():
            stated = [v for v in verdicts if v is not None]
            if stated:
                out[aspect] = combine(stated)  # (labels as broad as each other: any `n` wins)
            else:
                out.pop(aspect, None)
    members = split_values(text)  # (an inner list holds no comma)
    if len(members) > len(parsed):  # a key given more than once: the last counts (RFC 9651), said when it drops an `n`
        for member in members:
            key, _, value = member.strip().partition("=")
            last = parsed.get(key)  # type: ignore[union-attr]
            last = last[0] if isinstance(last, tuple) else last
            if (key in labels and value.split(";", 1)[0].strip() == "n" and str(last) != "n"
                    and key not in reading.overridden):
                reading.overridden.append(key)
    return reading


def _shown(value: object) -> str:
    """A structured-field item as written (`no`, `"n"`, `?0`, `0`, `(n)`), for a note."""
    try:
        return http_sf.ser(value)[:40]  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a value http_sf cannot write back: its Python form
        return repr(value)[:40]


def _unplaced_note(labels: list[str], statement: str, source: str) -> Signal:
    """The note for `n` under labels the reader does not apply (UNKNOWN, warning)."""
    shown = ", ".join(f"{label}=n" for label in labels[:8]) + (" …" if len(labels) > 8 else "")
    return Signal("content_usage", Verdict.UNKNOWN, "content_usage.unknown_label",
                  f"{statement} says `{shown}` under label(s) this reader does not know: an opt-out that "
                  f"could not be placed against the purpose, left unknown", source, True)


def _unread_note(values: list[str], statement: str, source: str) -> Signal:
    """The note for known labels whose value is no token `y` / `n` (UNKNOWN, warning).

    Why: `Content-Usage: train-ai=no` (or `"n"`, `0`) is ignored as the vocabulary says, and was
    ignored without a word, so a publisher's evident refusal let the resource through unremarked."""
    shown = ", ".join(f"`{v}`" for v in values[:8]) + (" …" if len(values) > 8 else "")
    return Signal("content_usage", Verdict.UNKNOWN, "content_usage.unknown_value",
                  f"{statement} gives {shown}: neither the token y nor n, a value the vocabulary ignores; "
                  "that category is left unknown", source, True)


_SIGNAL_VALUES: Final = {"yes": Verdict.ALLOW, "allow": Verdict.ALLOW, "y": Verdict.ALLOW,
                         "no": Verdict.DENY, "disallow": Verdict.DENY, "n": Verdict.DENY}
_SIGNAL_PARTS: Final = re.compile(r"[,;]")  # `search=yes; ai-train=no` is two parts, as `,` makes them


def parse_content_signal(text: str) -> dict[str, Verdict]:
    """Lenient `search=yes, ai-train=no`: unknown keys or values are ignored."""
    return read_content_signal(text)[0]


def read_content_signal(text: str) -> tuple[dict[str, Verdict], list[str]]:
    """`parse_content_signal` plus the parts it could not read that name one of its keys or say
    no (`ai-train:no`, `ai-train=never`, `future=no`), as written. Only its first `MAX_FIELD` characters
    are read (`_signal_statement` says so of a longer one).

    Why: a part written slightly off (`;` between parts, a stray control byte, `:` for `=`) was
    skipped without a word, so its `ai-train=no` let the page be collected for training unremarked."""
    out: dict[str, Verdict] = {}
    unread: list[str] = []
    for part in _signal_parts(controls_as_space(text[:MAX_FIELD])):  # (`ai-train=no\x01` is `no`)
        key, _, value = (p.strip().lower() for p in part.partition("="))
        verdict = _SIGNAL_VALUES.get(value.strip('"'))
        if verdict is None or key not in CONTENT_SIGNAL_KEYS:
            said = part.lower()
            # `use=reference` (immediate, reference, full): the most AI systems may use the content, a restriction
            # short of `full` this reader cannot place against a purpose
            if verdict == Verdict.DENY or any(k in said for k in CONTENT_SIGNAL_KEYS) or (
                    key == "use" and value.strip('"') != "full"):
                unread.append(part[:60])
            continue
        for aspect in CONTENT_SIGNAL_KEYS[key]:
            out[aspect] = combine([out.get(aspect, Verdict.UNKNOWN), verdict])
    return out, unread


_SIGNAL_WORD: Final = re.compile(r"[^\s=]+=[^\s=]+")


def _signal_parts(text: str) -> list[str]:
    """A Content-Signal's parts: split at `,` or `;`, and a part of white-space-separated `key=value` words
    (`search=yes ai-train=no`, the comma left out) at its white space too. Why: read as one part, its key
    `search` and value `yes ai-train=no`, the refusal was only noted as unreadable, never applied."""
    out: list[str] = []
    for pair in _SIGNAL_PARTS.split(text):
        words = pair.split()
        if len(words) > 1 and all(_SIGNAL_WORD.fullmatch(w) for w in words):
            out.extend(words)
        elif pair.strip():
            out.append(pair.strip())
    return out


def _signal_unread_note(parts: list[str], statement: str, source: str) -> Signal:
    """The note for Content-Signal parts `read_content_signal` could not read (UNKNOWN, warning)."""
    shown = ", ".join(f"`{p}`" for p in parts[:8]) + (" …" if len(parts) > 8 else "")
    return Signal("content_usage", Verdict.UNKNOWN, "content_signal.unreadable",
                  f"{statement}: part(s) {shown} could not be read as `key=yes|no` with a key of "
                  "search, ai-input, ai-train (nor as `use=full`): an opt-out there was not applied", source, True)


def _to_signal(family_code: str, per_aspect: dict[str, Verdict], usage: Usage, detail: str, source: str) -> Signal | None:
    """A statement's signal for `usage`; a note (a warning) where it refuses only other usages, as `Reservation.signal`
    gives one: `train-ai=n` to a search crawl left no trace, where docs/what-it-checks.md promises one (review)."""
    verdict = verdict_for(usage, per_aspect)
    other_refused = verdict != Verdict.DENY and Verdict.DENY in per_aspect.values()
    if verdict == Verdict.UNKNOWN and not other_refused:
        return None
    suffix = {"content_usage": ("n", "y"), "content_signal": ("no", "yes")}[family_code]
    code = f"{family_code}.{suffix[0] if verdict != Verdict.ALLOW else suffix[1]}"
    said = f"{detail} ({describe(per_aspect)})"
    if other_refused:
        said += f": {other_usage(aspects_of(usage))}"
    return Signal("content_usage", verdict, code, said, source, other_refused)


def robots_preferences(robots: RobotsTxt, url: str, product_token: str, usage: Usage, file_source: str) -> list[Signal]:
    """Content-Usage and Content-Signal records of the group that applies to us, for a
    URL, allowed or disallowed by the group alike (a policy may only log robots.txt)."""
    memo = robots.memo(product_token)  # (each statement is read once per parsed file, not per request)
    said = [_usage_statement(memo, prefs, line, written, file_source)
            for prefs, line, written in robots.usage_records(url, product_token)]  # (the longest path's, compiled once)
    unread = memo.get(("content-usage unread", file_source))
    if not isinstance(unread, list):
        unread = memo[("content-usage unread", file_source)] = _pathless_notes(
            robots.usage_without_preferences(product_token), file_source)
    group = memo.get(("content-signal", file_source))
    if not isinstance(group, list):  # the lines without a path: their group's, whatever the URL
        written = {value: line for value, line in reversed(robots.group_signals(product_token))}
        group = memo[("content-signal", file_source)] = [  # (a line given twice is read once, at its first line)
            (line, _signal_statement(value, f"robots.txt `Content-Signal: {value[:100]}`", f"{file_source} line {line}"))
            for value, line in sorted(written.items(), key=lambda w: w[1])]
    signals = sorted(group + [(line, _path_signal(memo, after_path, line, written, file_source))
                              for after_path, line, written in robots.signal_records(url, product_token)],
                     key=lambda s: s[0])
    return unread + _slip_note(robots.usage_slips(url, product_token), file_source) + _collapsed(said, usage) + \
        _collapsed([statement for _, statement in signals], usage) + \
        _ai_training_rule(robots, url, product_token, usage, file_source)


def _slip_note(records: list[tuple[str, int]], file_source: str) -> list[Signal]:
    """One note for the Content-Usage records whose path ends in `,` or `;` (`/private/, train-ai=n`) that
    would speak for this URL without it (`RobotsTxt.usage_slips`). Why: read as written, as the draft
    reads it, such a record's refusal did not reach `/private/a`, and nothing said so."""
    if not records:
        return []
    value, line = records[0]
    path = value.split(None, 1)[0][:100]
    more = f" (and {len(records) - 1} more such record(s))" if len(records) > 1 else ""
    return [Signal("content_usage", Verdict.UNKNOWN, "content_usage.path_slip",
                   f"robots.txt `Content-Usage: {value[:100]}`: its path `{path}` ends in `{path[-1]}` (a path ends at "
                   f"the first space), so it speaks only for paths that start so: an opt-out the site may have meant "
                   f"for `{path.rstrip(',;')}`, this URL among them, was not applied{more}",
                   f"{file_source} line {line}", True)]


def _pathless_notes(records: list[tuple[str, int]], file_source: str) -> list[Signal]:
    """One note for the Content-Usage records of a group that hold a path and no preferences after it
    (`/train-ai=n`: the space after the path left out), which apply to no path. Why: such a record was
    dropped without a word, its refusal unapplied and unremarked."""
    if not records:
        return []
    value, line = records[0]
    more = f" (and {len(records) - 1} more such record(s))" if len(records) > 1 else ""
    return [Signal("content_usage", Verdict.UNKNOWN, "content_usage.unparsable",
                   f"robots.txt `Content-Usage: {value[:100]}` is a path with no preferences after it (the space "
                   f"between them left out?): it applies to no path, so an opt-out there was not applied{more}",
                   f"{file_source} line {line}", True)]


def _path_signal(memo: dict[object, object], after_path: str, line: int, written: str,
                 file_source: str) -> _Statement:
    """A Content-Signal line written with a path (`/private/ ai-train=no`, `written`) as read: the signals
    after its path (kept in `memo`, read once per parsed file)."""
    key = ("content-signal", line, file_source)
    found = memo.get(key)
    if isinstance(found, _Statement):
        return found
    said = memo[key] = _signal_statement(after_path, f"robots.txt `Content-Signal: {written[:100]}`",
                                         f"{file_source} line {line}")
    return said


@dataclass(frozen=True, slots=True)
class _Statement:
    """One robots.txt Content-Usage or Content-Signal statement as read: what it says per aspect,
    and its notes on what it could not apply (neither depends on the purpose asked about)."""

    family_code: str  # "content_usage" | "content_signal"
    per_aspect: dict[str, Verdict]
    statement: str
    source: str
    notes: tuple[Signal, ...]


def _usage_statement(memo: dict[object, object], prefs: str, line: int, written: str, file_source: str) -> _Statement:
    """A Content-Usage record's preferences as read, quoted as `written`, its path and all (kept in `memo`: a
    path's records are read once, not on every request to it)."""
    key = ("content-usage", line, file_source)
    found = memo.get(key)
    if isinstance(found, _Statement):
        return found
    source, statement = f"{file_source} line {line}", f"robots.txt `Content-Usage: {written[:100]}`"
    try:
        reading = _read(prefs, strict=False)
    except ParseFailure as exc:
        said = _Statement("content_usage", {}, statement, source, (_unparsed(exc, f"Content-Usage `{prefs[:100]}`",
                                                                            source),))
    else:
        said = _Statement("content_usage", reading.per_aspect, statement, source,
                          tuple(_reading_notes(reading, statement, source)))
    memo[key] = said
    return said


def _unparsed(exc: ParseFailure, what: str, source: str) -> Signal:
    """What a Content-Usage field that was not read says: the sender's malformed field is ignored, as the spec
    has it (a note); one past our cap is an incomplete reading (`FieldCut`)."""
    if isinstance(exc, FieldCut):
        return Signal("content_usage", Verdict.UNKNOWN, "content_usage.cut",
                      f"{what}: a {exc}, was not read, and an opt-out there may lie unseen", source, True)
    return Signal("content_usage", Verdict.UNKNOWN, "content_usage.unparsable",
                  f"{what} is not a valid structured dictionary ({exc}): all categories unknown", source, True)


def _signal_statement(value: str, statement: str, source: str) -> _Statement:
    """A Content-Signal statement (a robots.txt line, a header, a meta tag) as read."""
    per_aspect, unread = read_content_signal(value)
    notes = [_signal_unread_note(unread, statement, source)] if unread else []
    if len(value) > MAX_FIELD:  # (an `ai-train=no` past the cap was dropped without a word)
        notes.append(Signal("content_usage", Verdict.UNKNOWN, "content_signal.cut",
                            f"{statement}: its {len(value) - MAX_FIELD} characters past the {MAX_FIELD // 1024} KiB "
                            "read were not read, and an opt-out there may lie unseen", source, True))
    return _Statement("content_signal", per_aspect, statement, source, tuple(notes))


def _collapsed(statements: list[_Statement], usage: Usage) -> list[Signal]:
    """The signals of a group's robots.txt statements for `usage`: the first statement of each
    distinct reading (500 lines saying the same say it once), and the first note of each kind, which
    says how many more lines gave one alike. Any refusal still counts: a statement that reads
    differently has a signal of its own.

    Why: a group of 12,000 Content-Signal or tied Content-Usage lines (a generator repeating itself, or
    hostile) gave 12,000 signals and notes for every request: 1.5 s each and ~7 MB of audit log a decision."""
    out: list[Signal] = []
    seen: set[tuple[str, frozenset[tuple[str, Verdict]]]] = set()
    notes: dict[str, tuple[Signal, int]] = {}
    for said in statements:
        reading = (said.family_code, frozenset(said.per_aspect.items()))
        if reading not in seen:
            seen.add(reading)
            signal = _to_signal(said.family_code, said.per_aspect, usage, said.statement, said.source)
            if signal is not None:
                out.append(signal)
        for note in said.notes:
            first, count = notes.get(note.code, (note, 0))
            notes[note.code] = (first, count + 1)
    for note, count in notes.values():
        out.append(note if count == 1 else replace(note, detail=f"{note.detail} (and {count - 1} more line(s) of "
                                                                 "this group alike)"))
    return out


def _reading_signals(reading: _Reading, usage: Usage, statement: str, source: str) -> list[Signal]:
    """One Content-Usage statement's signal for `usage`, and its notes on what it had to ignore."""
    signal = _to_signal("content_usage", reading.per_aspect, usage, statement, source)
    return ([signal] if signal is not None else []) + _reading_notes(reading, statement, source)


def _reading_notes(reading: _Reading, statement: str, source: str) -> list[Signal]:
    """One Content-Usage statement's notes on what it had to ignore."""
    out: list[Signal] = []
    if reading.unplaced:
        out.append(_unplaced_note(reading.unplaced, statement, source))
    if reading.unread:
        out.append(_unread_note(reading.unread, statement, source))
    if reading.overridden:
        shown = ", ".join(f"`{label}=n`" for label in reading.overridden[:8])
        out.append(Signal("content_usage", Verdict.UNKNOWN, "content_usage.overridden",
                          f"{statement} gives {shown} and the same label again later: the last one counts (RFC 9651 "
                          "dictionary), so that refusal is not applied", source, True))
    return out


def _content_signal(value: str, usage: Usage, statement: str, source: str) -> list[Signal]:
    """One Content-Signal statement's signal for `usage`, and the note on parts it could not read."""
    return _collapsed([_signal_statement(value, statement, source)], usage)


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
    `strict=True` also applies the `y` of labels of earlier AIPREF drafts (their `n` always counts)."""

    families: tuple[Family, ...] = ("content_usage",)

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        out: list[Signal] = []
        # an empty field line is an empty dictionary (RFC 9651 §3.2): joined in as `train-ai=n, ` it failed the
        # whole field, so it adds nothing (lines combine without changing their meaning, RFC 9110 §5.3)
        values = [value for value in response.headers.get_all("content-usage") if value.strip(" \t")]
        if values:
            joined = ", ".join(values)
            out.extend(self._field(joined, usage, "Content-Usage header", f"Content-Usage header: {joined[:200]!r}"))
        if response.page is not None:
            out.extend(self._meta_usage(response, usage))
        said = [(f"Content-Signal header `{value[:100]}`", f"Content-Signal header #{n}: {value[:200]!r}", value)
                for n, value in enumerate(response.headers.get_all("content-signal"), start=1)]
        if response.page is not None:  # where a page cannot set headers (CMS plugins, the TYPO3 extension)
            said += [(f"<meta {attribute}> `{value[:100]}`",
                      f'<meta {attribute} content="{value[:200]}"> on {response.url[:300]}', value)
                     for attribute, value in _meta_tags(response, "content-signal")]
        for statement, source, value in said[:MAX_SIGNAL_FIELDS]:
            out.extend(_content_signal(value or "", usage, statement, source))
        if len(said) > MAX_SIGNAL_FIELDS:
            out.append(Signal("content_usage", Verdict.UNKNOWN, "content_signal.cut",
                              f"{len(said)} Content-Signal headers and meta tags: only the first {MAX_SIGNAL_FIELDS} "
                              "were read, an opt-out in the rest was not seen", said[MAX_SIGNAL_FIELDS][1], True))
        return out

    def _field(self, text: str, usage: Usage, what: str, source: str) -> list[Signal]:
        """One Content-Usage field value (`what`: a header, a meta tag) read: its signal and notes, or that it
        does not parse (every category unknown)."""
        try:
            reading = _read(text, strict=self.strict)
        except ParseFailure as exc:
            return [_unparsed(exc, what, source)]
        return _reading_signals(reading, usage, f"{what} `{text[:100]}`", source)

    def _meta_usage(self, response: ResponseView, usage: Usage) -> list[Signal]:
        """A page's `<meta name="content-usage">` (and `http-equiv`, as `content-signal`), each read as the header
        is: where a site cannot set headers it writes the field so, as it writes Content Signals; its `train-ai=n`
        let the page through without a word. The first `MAX_SIGNAL_FIELDS` are read. An attribute's line breaks and tabs (a template wrapping it
        over lines) are HTML's formatting, not the field's, which holds none and no white space at its ends (RFC 9110
        §5.5): they read as space (`controls_as_space`), and the ends are trimmed, before the strict parse."""
        assert response.page is not None
        tags = _meta_tags(response, "content-usage")
        out: list[Signal] = []
        for attribute, value in tags[:MAX_SIGNAL_FIELDS]:
            out.extend(self._field(controls_as_space(value).strip(" "), usage, f"<meta {attribute}>",
                                   f'<meta {attribute} content="{value[:200]}"> on {response.url[:300]}'))
        if len(tags) > MAX_SIGNAL_FIELDS:
            out.append(Signal("content_usage", Verdict.UNKNOWN, "content_usage.cut",
                              f"{len(tags)} Content-Usage meta tags: only the first {MAX_SIGNAL_FIELDS} were read, an "
                              f"opt-out in the rest was not seen", response.url[:300], True))
        return out


def _meta_tags(response: ResponseView, wanted: str) -> list[tuple[str, str]]:
    """The page's meta tags of one field, by `name=` or `http-equiv=`: (the attribute as written, content)."""
    assert response.page is not None
    tags = ((meta_tag(entry), value) for entry, value in response.page.meta)
    return [(attribute, value or "") for (name, attribute), value in tags if name == wanted]


__all__ = ["ContentUsageReader", "ParseFailure", "parse_content_signal", "parse_preferences",
           "read_content_signal", "read_preferences", "robots_preferences"]
