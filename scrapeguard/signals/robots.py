"""robots.txt (RFC 9309) on protego, behind a thin layer this project owns.

Why a layer: bare protego 0.7.0 loses the first group behind a BOM, lets unknown lines
split groups, matches user agents by prefix (`hedwig` applies to `hedwig-images`) and
treats `%3F` as `?` (research/robots-conformance.md §3). The layer:

- strips a (partial) UTF-8 BOM, splits lines on CR / LF / CRLF only, cuts lines at
  Google's 16,663 bytes (not Content-Usage and Content-Signal records, which `content_usage` caps)
  and the file at 500 KiB (a line the cap cuts is dropped);
- groups records itself (RFC 9309 §2.1: a user-agent line after a rule starts a group,
  `Content-Usage` counts as a rule (draft-ietf-aipref-attach §3, `rule =/ content-usage`), other
  records never end one (`Content-Signal`, Cloudflare's, and `DisallowAITraining`, an expired draft's,
  neither: RFC 9309 §2.2.4, they do not regroup the crawl rules as Google reads them); rules before the first
  user-agent are ignored, and an opt-out among them is noted (`robots.outside_group`), as is one in a
  group whose user-agent lines name no crawler (`robots.unnamed_group`: `User-agent: "*"`); same-token
  groups merge; a named group, even empty, shields from `*`), with exact product-token
  matching (Google's extraction of `Googlebot/2.1` -> `googlebot` on both sides);
- keeps `Content-Usage` / `Content-Signal` / `…AITraining` records of the group for `content_usage`;
- drops a rule whose path does not start with `/` or `*` (it matches nothing), and notes a Disallow of
  our group so written whose path, `/` put first, matches the URL (`robots.unrooted_rule`);
- percent-normalises rules and URLs into a form protego compares literally, so that
  unreserved escapes decode, raw non-ASCII equals its `%XX`, `%2F` != `/` in the path,
  `%3F` != the query `?`, `%2A`/`%24` are a literal `*`/`$`, and in the query `/` and
  `%2F` are one (RFC 9309 §2.2.2 table);
- hands protego only allow/disallow lines of the selected group, so protego does the
  pattern matching (`*`, `$`, longest match, Allow on ties), except where protego would rank a
  rule by more than its octets (a query's `?`, which it counts as `%3F`; a `%25HH` marker), where a `*`
  rule's literal text starts with a hex digit (protego finds it inside an escape: `/*A` in `/caf%C3%A9`), or
  where the group holds more `*` rules than protego can try one by one per URL (`MAX_PROTEGO_WILDCARDS`):
  the layer's own `PatternSet` then decides, longest in octets (RFC 9309 §2.2.2);
- names the deciding rule through a `PatternSet`, each file's patterns compiled once, that
  finds the rules matching a URL as protego would rule by rule, but by whole octets (an escape
  is one character to it), in a few dictionary look-ups instead of a pass per rule (a 500 KiB
  file holds ~18,000 rules).

The fetch and its status rules (4xx allow all, 5xx / 429 / 408 / 407 / unreachable disallow all,
more than 5 redirects = unavailable, 500 KiB, 24 h freshness) are `RobotsFile`'s.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlparse

from protego import Protego

from scrapeguard.codings import identity_note
from scrapeguard.pieces import rarest, runs
from scrapeguard.resource import FetchResult, remove_dot_segments
from scrapeguard.signals.base import (KEY_SPACE, NAME_SPACE, WS, Family, Signal, Usage, Verdict, agent_token,
                                      coding_note, product_token, unanswered)
from scrapeguard.signals.content_usage import robots_preferences
from scrapeguard.signals.usage import CONTENT_SIGNAL_KEYS, TRAINING, verdict_for

log = logging.getLogger("scrapeguard")

MAX_ROBOTS_BYTES = 500 * 1024
MAX_LINE_BYTES = 2083 * 8 - 1  # Google's reference parser keeps 16,663 bytes of a line (not of a Content-Usage or
# Content-Signal record, no rule Google reads: read whole, the Content-Usage reader's own cap says what it leaves,
# `content_usage.cut`; cut here, a `train-ai=n` past 16 kB was dropped without a word)
FRESH_SECONDS = 24 * 3600.0
RETRY_SECONDS = 60.0
_MAX_TOKEN_CACHE = 64
MAX_PROTEGO_WILDCARDS = 64  # `*` rules of a group protego's verdict is asked for; past them `PatternSet` decides
_STAR_BEFORE_HEX = re.compile(r"\*[0-9A-F]")  # (a `canonical` rule's literal text that could start inside an escape)

_UA_KEYS = frozenset({"user-agent", "useragent", "user agent"})
_ALLOW_KEYS = frozenset({"allow"})
_DISALLOW_KEYS = frozenset({"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"})
_RECORD_KEYS = frozenset({"content-usage", "content-signal"})
_AI_TRAINING_KEYS = frozenset({"disallowaitraining", "allowaitraining"})  # draft-canel-robots-ai-control-00
# what can opt out, written before any user-agent line (in no group, so RFC 9309 applies none of it)
_STRAY_KEYS = _DISALLOW_KEYS | _RECORD_KEYS | frozenset({"disallowaitraining"})
MAX_STRAYS = 8
MAX_UNROOTED = 64  # Disallow lines without a leading `/` kept (to be said) per file: each is matched per request
# A crawler's name RFC 9309 has no token for (`80legs`, `360Spider`: digits first), not one
# matching nothing (`*bot`, `"*"`, empty): letters, digits, `_` and `-` only.
_CRAWLER_NAME_LIKE = re.compile(r"[A-Za-z0-9_-]+")
LINE_SPLIT = re.compile(r"\r\n|\r|\n")
# A rule written after a user-agent's name on its line (`User-agent: * Disallow: /`): read as the line after it
# (from a run of blanks' start only, possessive: tried at every blank of a run, 16,000 blanks took 4 s; review)
_RULE_AFTER_NAME = re.compile(r"(?<![ \t])[ \t]++(?=(?:dis)?allow[ \t]*+:)", re.I)
_OWN_PATH = re.compile(r"/[^\s*]\S*")  # (a path of a Disallow line holding several)
_LIST_SPLIT = re.compile(r"[\s,]+")  # (between an ai.txt line's file types: `*.jpg, *.png`)
# an ai.txt line's file type without its `*.` (`jpg`, `.png`): the types Spawning's generator lists
_BARE_TYPE = re.compile(r"\.?(?i:jpe?g|png|gif|webp|avif|bmp|tiff?|svg|hei[cf]|jxl|mp[34]|mov|webm|wav|flac|pdf|"
                        r"txt|html?|json|docx?|epub)")
# a file-type rule of a lenient (ai.txt) file: `*.jpg`, `*.tar.gz`, `*.jpg$`, `/*.jpg`, `/*.jpg$` (`.jpg`
# gets its `*` first); `/*` matches every path as `*` does, so both spellings name the same files
_EXTENSION_RULE = re.compile(r"/?\*(?:\.[A-Za-z0-9]+)+\$?")  # (`*.tar.gz` too: a file type of two parts)
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_BASE = "http://robots.invalid"


# ----------------------------------------------------------------------- normalising
def _escape_marker(octet: int) -> str:
    """An escape protego leaves alone (it never decodes `%25`): keeps the octets that
    protego would otherwise conflate (`%3F`/`?`, `$`, `%`, non-UTF-8 bytes) distinct."""
    return f"%25{octet:02X}"


def canonical(value: str, *, pattern: bool) -> str:
    """Percent-normalise a path[?query] (or a rule pattern) for protego.

    Every octet ends up as: an unreserved character (decoded if it was escaped), a raw
    `/`, the raw query delimiter `?`, a pattern's raw `*` or trailing `$`, `%HH` for
    what protego re-encodes the same way whether raw or escaped (ASCII, and the octets
    of well-formed UTF-8 characters, so rule lengths stay true octet counts), or a
    `%25HH` marker for what must stay distinct (see module docstring).
    """
    anchor = ""
    if pattern and value.endswith("$"):
        value, anchor = value[:-1], "$"
    try:
        data = value.encode("utf-8", "surrogateescape")  # undecodable input octets come back as they were
    except UnicodeEncodeError:
        data = value.encode("utf-8", "surrogatepass")  # a lone surrogate in str input
    # pass 1: octets, each marked raw or escaped (a bare "%" is an escaped percent sign)
    octets: list[int] = []
    escaped: list[bool] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x25 and i + 2 < n and data[i + 1] in _HEX and data[i + 2] in _HEX:
            octets.append(int(data[i + 1:i + 3], 16))
            escaped.append(True)
            i += 3
            continue
        octets.append(b)
        escaped.append(b == 0x25)
        i += 1
    # pass 2: emit
    out: list[str] = []
    in_query = False
    i, n = 0, len(octets)
    while i < n:
        b, esc = octets[i], escaped[i]
        if b >= 0x80:
            size = _utf8_size(octets, i)
            if size:
                out.extend(f"%{octets[j]:02X}" for j in range(i, i + size))
                i += size
            else:
                out.append(_escape_marker(b))  # not UTF-8: protego would turn it into U+FFFD
                i += 1
            continue
        i += 1
        if b in _UNRESERVED:
            out.append(chr(b))
        elif b == 0x2F:
            out.append("%2F" if esc or in_query else "/")
        elif b == 0x3F:
            if in_query:
                out.append("%3F")
            elif esc:
                out.append(_escape_marker(b))  # an encoded "?" is not the query delimiter
            else:
                out.append("?")
                in_query = True
        elif b == 0x2A:
            out.append("*" if pattern and not esc else "%2A")
        elif b in (0x24, 0x25):
            out.append(_escape_marker(b))  # literal "$" / "%": protego would confuse them
        elif b == 0x3D:
            out.append("=")
        else:
            out.append(f"%{b:02X}")
    return "".join(out) + anchor


def _utf8_size(octets: list[int], i: int) -> int:
    """Length of the well-formed UTF-8 character starting at `i`, or 0."""
    lead = octets[i]
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    if not size or i + size > len(octets):
        return 0
    try:
        bytes(octets[i:i + size]).decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return size


def path_of(url: str) -> str:
    """Path, params and query of `url` without the fragment; `/` if empty.

    A port of google/robotstxt `GetPathParamsQuery`, so `http://h`, `h/a`, `//h/a` and
    plain paths all work.
    """
    start = 2 if url.startswith("//") else 0
    early = _find_any(url, "/?;", start)
    proto = url.find("://", start)
    if proto == -1 or (early != -1 and early < proto):
        proto_end = start
    else:
        proto_end = proto + 3
    path_start = _find_any(url, "/?;", proto_end)
    if path_start == -1:
        return "/"
    hash_pos = url.find("#", start)
    if hash_pos != -1 and hash_pos < path_start:
        return "/"
    path = url[path_start:] if hash_pos == -1 else url[path_start:hash_pos]
    return path if path.startswith("/") else "/" + path


def _find_any(text: str, chars: str, start: int) -> int:
    best = -1
    for ch in chars:
        pos = text.find(ch, start)
        if pos != -1 and (best == -1 or pos < best):
            best = pos
    return best


# ----------------------------------------------------------------------- parsing
_Text = TypeVar("_Text", str, bytes)


def _whole_lines(data: _Text, cap: int, whole: bool = False) -> _Text:
    """The first `cap` bytes (characters) of `data` without the line the cap cuts: once the
    data reach the cap, what follows its last line break before the cap is dropped. Why: a cut
    `Allow: /public/photos/` read as `Allow: /` ties with `Disallow: /` and allows everything,
    and a partial line is no rule (RFC 9309 §2.5 asks only that at least 500 KiB be parsed).
    `whole`: `data` is the file entire (the fetch was not cut), so at the cap exactly nothing was
    cut and its last line stays, with or without a line break after it."""
    if len(data) < cap or (whole and len(data) <= cap):
        return data
    head = data[:cap]
    if isinstance(head, str):
        end = max(head.rfind("\r"), head.rfind("\n"))
    else:
        end = max(head.rfind(b"\r"), head.rfind(b"\n"))
    return head[:end + 1]


_UTF16_MARKS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def utf16(data: bytes) -> str:
    """The UTF-16 codec a file's byte-order mark names, or that its bytes show without one ("" none).

    Why: Windows editors save "Unicode" text as UTF-16 with a mark; read as UTF-8 (as RFC 9309
    asks files to be written) such a file held no line at all, and its `Disallow: /` allowed
    everything without a word. It is read as what its mark says, and noted (`utf16_note`). A
    program writing .NET's `Encoding.Unicode` bytes leaves the mark out: a head whose every
    other byte is NUL and the rest ASCII (`U\0s\0e\0r\0`) is no UTF-8 text, and is read so too."""
    marked = next((codec for mark, codec in _UTF16_MARKS if data[:2] == mark), "")
    return marked or _unmarked_utf16(data)


def _unmarked_utf16(data: bytes) -> str:
    """UTF-16 without a byte-order mark, told by its first 64 bytes (8 at least): NUL in every
    other byte, printable ASCII or white space in the others."""
    probe = data[:64][:len(data[:64]) // 2 * 2]
    if len(probe) < 8:
        return ""
    for codec, text, zeros in (("utf-16-le", probe[0::2], probe[1::2]), ("utf-16-be", probe[1::2], probe[0::2])):
        if not zeros.strip(b"\x00") and all(0x20 <= b < 0x7F or b in b"\t\r\n" for b in text):
            return codec
    return ""


def utf16_note(data: bytes, name: str) -> str:
    """The note for a host file `utf16` reads as UTF-16 ("" for any other)."""
    codec = utf16(data)
    how = "by its byte-order mark" if data[:2] in (m for m, _ in _UTF16_MARKS) else "no byte-order mark: by its bytes"
    return f"{name} is {codec.upper()} ({how}), not the UTF-8 asked for: read so" if codec else ""


def decode(data: str | bytes, cap: int = MAX_ROBOTS_BYTES, *, whole: bool = False) -> str:
    """Bytes to text: the whole lines of the first `cap` bytes (500 KiB, `_whole_lines`; `whole`: the
    data are the file entire, not cut at the cap), a (partial) BOM stripped, undecodable bytes kept as
    surrogate escapes so rules with Latin-1 octets still match their `%XX` URLs; a file with a UTF-16
    byte-order mark as UTF-16 (`utf16`)."""
    if isinstance(data, bytes | bytearray | memoryview):
        head = bytes(data[:cap])
        whole = whole and len(data) <= cap
        codec = utf16(head)
        if codec:
            start = 2 if head[:2] in (m for m, _ in _UTF16_MARKS) else 0
            text = head[start:len(head) - (len(head) - start) % 2].decode(codec, "replace")
            return _whole_lines(text, len(text)) if len(head) >= cap and not whole else text
        raw = _whole_lines(head, cap, whole)
        for bom in (b"\xef\xbb\xbf", b"\xef\xbb", b"\xef"):
            if raw.startswith(bom):
                raw = raw[len(bom):]
                break
        return raw.decode("utf-8", "surrogateescape")
    text = _whole_lines(str(data), cap, whole)
    return text[1:] if text.startswith("\ufeff") else text


_BLANKS = re.compile(r"[ \t]+")


def _rule_values(value: str, allow: bool, lenient: bool) -> list[str]:
    """The paths one Allow or Disallow line gives. Most give their value. A Disallow line of paths separated by
    blanks gives each (`Disallow: /private/ /secret/`: no path holds a blank, and read whole it matched no path
    of the site; review); a lenient (ai.txt) line, each file type or pattern of its list (`Disallow: *.jpg,
    *.png` matched nothing), a bare file type as one (`jpg`, `.jpg`: `*.jpg`; as a pattern, `*jpg` refused
    `/jpgallery/`), anything else from any point of a path (`*` first)."""
    if lenient:
        parts = [part for part in _LIST_SPLIT.split(value) if part] if value else []
        if len(parts) > 1 and all(_EXTENSION_RULE.fullmatch(p) or _BARE_TYPE.fullmatch(p) for p in parts):
            values = parts  # (a list of file types, as many as lines could be; any other value is one, blanks and all)
        else:
            values = [value]
        out = []
        for part in values:
            if _BARE_TYPE.fullmatch(part):
                part = "*." + part.lstrip(".")
            elif part and part[0] not in "/*":
                part = "*" + part
            out.append(part)
        return out
    if allow or (" " not in value and "\t" not in value):
        return [value]
    parts = value.split()
    # (each a path of its own, rooted and more than the root: `Disallow: /tmp/ *` or `/search /` read whole, as
    # Google reads them, not as the whole site; review)
    return parts if all(_OWN_PATH.fullmatch(part) for part in parts) else [value]  # (as many as lines could be)


def split_line(line: str) -> tuple[str, str] | None:
    """`key: value` (comment stripped, key lower-cased), or Google's colon-less
    `key value` when the line is exactly two words; None for anything else. A byte-order mark,
    no-break or zero-width space around the key is white space (`KEY_SPACE`): files concatenated,
    a PHP include saved with a BOM, text pasted from a web page put one before `User-agent: *` or
    `Disallow: /`, and the line was an unknown key, lost without a word (its group's rules joining
    the group before it). So is one misread (`NAME_SPACE`): a byte-order mark read as Latin-1 or
    windows-1252 (`ï»¿`, and saved back so by an editor) put before `User-agent: *` made it an unknown key,
    and the group was lost: every path allowed without a word."""
    line = line.split("#", 1)[0].lstrip(KEY_SPACE).rstrip(WS)
    if not line.isascii() and (lead := NAME_SPACE.match(line)) is not None:
        line = line[lead.end():]
    if not line:
        return None
    if ":" in line:
        key, value = line.split(":", 1)
        # (a no-break or zero-width space after a value is one pasted from a web page: `Disallow: /private/\u00a0`
        # matched no path of the site, every one allowed without a word; review)
        return key.strip(KEY_SPACE).lower(), value.strip(WS).rstrip(KEY_SPACE)
    words = _BLANKS.split(line)
    if len(words) == 2:
        return words[0].lower(), words[1]
    return None


def rule_kind(line: str) -> str:
    """What a line is to the parser (`split_line` and its keys): "user-agent", "allow", "disallow", or "" for
    anything else. For telling a robots.txt look-alike (Spawning's ai.txt) by what the parser would read in it."""
    parsed = split_line(line)
    key = parsed[0] if parsed is not None else ""
    return ("user-agent" if key in _UA_KEYS else "allow" if key in _ALLOW_KEYS else
            "disallow" if key in _DISALLOW_KEYS else "")


def _cut_line(line: str) -> str:
    """Google's reference parser keeps the first 16,663 bytes of a line."""
    try:
        raw = line.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = line.encode("utf-8", "surrogatepass")
    if len(raw) <= MAX_LINE_BYTES:
        return line
    return raw[:MAX_LINE_BYTES].decode("utf-8", "surrogateescape")


@dataclass(frozen=True, slots=True)
class Rule:
    """One allow/disallow line: as written, normalised for protego, and where it is.
    `fold`: a lenient file's file-type rule, matched without regard to case."""

    allow: bool
    value: str
    canon: str
    line: int
    fold: bool = False


@dataclass(slots=True)
class Group:
    """A group of records: its user-agent tokens, its rules, its other records."""

    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    records: list[tuple[str, str, int]] = field(default_factory=list)  # (key, value, line)
    # Disallow values without a leading `/`, the first few: (value, line, the pattern meant: `/` put first)
    unrooted: list[tuple[str, int, str]] = field(default_factory=list)
    # an empty `Disallow:`: every URL may be fetched (the 1994 standard's words), a rule for every path
    allows_all: bool = False


@dataclass(frozen=True, slots=True)
class RobotsDecision:
    """The answer for one URL, with the rule that decided it (None: no rule matched)."""

    allowed: bool
    rule: Rule | None
    group_lines: tuple[int, ...] = ()
    untried: str = ""  # refused because too many `*` rules could match it to try them all (`WildcardsUntried`)


@dataclass(slots=True)
class _Compiled:
    parser: Protego
    rules: list[Rule]
    records: list[tuple[str, str, int]]
    group_lines: tuple[int, ...]
    unrooted: list[tuple[str, int, str]] = field(default_factory=list)  # its groups' Disallow values without a `/`
    unrooted_set: _Unrooted | None = None  # those compiled on first use
    allow_ranked: list[Rule] = field(default_factory=list)
    disallow_ranked: list[Rule] = field(default_factory=list)
    folded: bool = False  # some rule matches case-insensitively: protego alone cannot decide
    # protego's lengths are the rules' octets (`_octets`) and its `*` rules few: its verdict may stand
    protego_ranks: bool = True
    # per kind (allow, disallow): its ranked rules as written / as folded, compiled on first use
    sets: dict[bool, tuple[PatternSet, PatternSet | None]] = field(default_factory=dict)
    # its `…AITraining` rules (allows, pattern, line), best first, and their patterns, compiled on first use
    training: tuple[list[tuple[bool, str, int]], PatternSet] | None = None
    allows_all: bool = False  # one of its groups has an empty `Disallow:` (`Group.allows_all`)
    usage: _UsagePaths | None = None  # its Content-Usage records by path, compiled on first use
    signal_paths: _UsagePaths | None = None  # its Content-Signal records written with a path, compiled on first use
    memo: dict[object, object] = field(default_factory=dict)  # what readers work out once from its records

    def __post_init__(self) -> None:
        ranked = sorted(self.rules, key=lambda r: _octets(r.canon), reverse=True)
        self.allow_ranked = [r for r in ranked if r.allow]
        self.disallow_ranked = [r for r in ranked if not r.allow]
        self.folded = any(r.fold for r in self.rules)
        # protego ranks a rule by its own quoted spelling, where a query's `?` is `%3F` and a `%25HH`
        # marker five characters: `Allow: /*?lang=` (8 octets) outranked `Disallow: /private/` (9)
        self.protego_ranks = not any("?" in r.canon or "%25" in r.canon for r in self.rules)
        # protego tries a URL against every `*` rule in turn (~30,000 in a 500 KiB file: 10 ms a URL, a page's
        # 5,000 pictures a minute); past a few, the indexed `PatternSet`s decide, as they name the rule anyway
        self.protego_ranks = self.protego_ranks and sum("*" in r.canon for r in self.rules) <= MAX_PROTEGO_WILDCARDS
        # protego finds a `*` rule's literal text in the URL's characters, inside an escape too (`/*A` in
        # `/caf%C3%A9`): text that may start there (a hex digit) is matched by octets (`_opaque`)
        self.protego_ranks = self.protego_ranks and not any(_STAR_BEFORE_HEX.search(r.canon) for r in self.rules)

    def first(self, allow: bool, target: str) -> Rule | None:
        """The longest rule of one kind that matches `target` (the first of its ranked
        list, so the earliest line among equally long ones); a `fold` rule meets the
        lower-cased target."""
        ranked = self.allow_ranked if allow else self.disallow_ranked
        sets = self.sets.get(allow)
        if sets is None:
            as_written = PatternSet(None if r.fold else r.canon for r in ranked)
            folded = PatternSet(r.canon if r.fold else None for r in ranked) if self.folded else None
            sets = self.sets[allow] = (as_written, folded)
        best = sets[0].first(target)
        if sets[1] is not None:
            for named in _named_files(target):
                other = sets[1].first(named)
                if other is not None and (best is None or other < best):
                    best = other
        return None if best is None else ranked[best]


def _octets(canon: str) -> int:
    """A `canonical` pattern's length in octets, as RFC 9309 §2.2.2 ranks rules: a `%25HH` marker
    is one escaped octet (`%HH`, three), as every other escape is."""
    return len(canon) - 2 * canon.count("%25")


def refusal_outranks(refusal: Rule, permission: Rule | None) -> bool:
    """Does a Disallow rule win over an Allow rule (none: nothing to win over) as RFC 9309 ranks them:
    the longer in octets, the Allow on a tie (§2.2.2)? For rules matched against different names of one
    file (ai.txt's typed reading: its URL, and its name as the type it was served as)."""
    return permission is None or _octets(refusal.canon) > _octets(permission.canon)


def _named_files(target: str) -> tuple[str, ...]:
    """The file a target names, lower-cased, as a lenient file's file-type rules (`fold`) read it: its
    path without the query (read with it, `*.h` refused `/search?q=stdio.h`); and, where its last segment
    holds a `;` parameter or a `:` size (`a.jpg;jsessionid=1`, Twitter's `a.png:large`), the name before
    it too, since such a character is as often part of the name (`File:Merkel.jpg`, `10:15:30Z.jpg`)."""
    whole = target.split("?", 1)[0].lower()
    head, slash, last = whole.rpartition("/")
    before = _PARAMETER.split(last, 1)[0]
    return (whole,) if before == last else (whole, head + slash + before)


_PARAMETER = re.compile(r";|:|%3b|%3a")  # (a target spells them encoded: `canonical`)


_PATH_STARTS = ("/", "*")  # how a path record's path starts (RFC 9309's rules, read as Google reads them)


def _usage_path(value: str) -> tuple[str, str] | None:
    """A robots.txt `Content-Usage` record's path and preferences (draft-ietf-aipref-attach §4.1):
    `/path prefs`, or `prefs` alone for the path `/` (a record without a path covers every path, so
    it ties with an explicit `/` record, and any `n` of the two wins, instead of losing to it);
    None for a path without preferences. A path may start with `*` as a Disallow's may (`*.jpg
    train-ai=n`): no preference starts with one, and taken for preferences such a record was lost."""
    if not value.startswith(_PATH_STARTS):
        return "/", value
    cut = min((i for i in (value.find(" "), value.find("\t")) if i != -1), default=-1)
    return None if cut == -1 else (value[:cut], value[cut:].strip())


def _path_first(value: str) -> bool:
    """Whether a Content-Signal record is written with a path first (`/private/ ai-train=no`), as
    `_usage_path` reads one: its first word is no signal after the `/` (`/search=yes`) and ends in
    no `,` or `;`, which make it a part of the signals (`/search=yes, ai-train=no`, `/private/,
    ai-train=no`: the group's line, its slip noted); a path's query may hold `=` (`/*?lang=en`).
    Why: taken for a path, such a line's `ai-train=no` was lost without a word."""
    split = _usage_path(value) if value.startswith(_PATH_STARTS) else None
    if split is None or split[0].endswith((",", ";")):
        return False
    key, equals, _ = split[0][1:].partition("=")
    return not (equals and (key.strip().lower() in CONTENT_SIGNAL_KEYS or key.strip().lower() == "use"))


class _UsagePaths:
    """A group's Content-Usage records compiled once: one `PatternSet` of their distinct paths
    (encoded as Allow/Disallow are, so `/~ann/` and `/%7Eann/` are one path), and per path its
    records (preferences, line, value as written) and its length in encoded octets.

    Why: a 500 KiB robots.txt holds ~12,000 such records; matched one by one, each request to the
    site cost ~0.1 s (0.3 s with wildcard paths, which no cache could hold) before any fetch."""

    __slots__ = ("records", "lengths", "patterns")

    def __init__(self, records: Iterable[tuple[str, int]]) -> None:
        by_path: dict[str, list[tuple[str, int, str]]] = {}
        for value, line in records:
            split = _usage_path(value)
            if split is None:
                continue
            try:
                canon = _canonical_pattern(split[0])
            except Exception:  # noqa: BLE001 - hostile input: a path that cannot be read matches nothing
                continue
            by_path.setdefault(canon, []).append((split[1], line, value))
        self.records = list(by_path.values())
        self.lengths = [_octets(canon) for canon in by_path]
        self.patterns = PatternSet(by_path)

    def deciding(self, url: str) -> list[tuple[str, int, str]]:
        """`(preferences, line, as written)` of the records whose path is the longest matching `url` (all
        of them on a tie), in file order."""
        chosen: set[int] = set()
        for target in url_targets(url):  # (as written and as served: the longest of each reading, both counted)
            hits = self.patterns.every(target)
            if hits:
                best = max(self.lengths[i] for i in hits)
                chosen.update(i for i in hits if self.lengths[i] == best)
        return sorted((record for i in chosen for record in self.records[i]), key=lambda record: record[1])

    def every(self, url: str) -> list[tuple[str, int, str]]:
        """`(preferences, line, as written)` of the records whose path matches `url`, whatever its length, in
        file order."""
        return sorted((record for i in self.patterns.every_for(url) for record in self.records[i]),
                      key=lambda record: record[1])


# around a Disallow value without its `/`: every Unicode white space (`str.strip`'s) and `KEY_SPACE`'s
# zero-width ones, which `str.strip` keeps (`Disallow: \u200b/private/` was lost without a note)
_PASTED_SPACE = KEY_SPACE + "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _meant(value: str) -> str:
    """The path pattern a Disallow value without its leading `/` was meant as ("" for none): the
    pasted white space dropped (no-break and zero-width spaces too, as around a key: `KEY_SPACE`), a
    whole URL's path (`https://example.com/private/`), `/` put first."""
    meant = value.strip(_PASTED_SPACE)
    if "://" in meant:
        meant = path_of(meant)
    return meant if not meant or meant.startswith(("/", "*")) else "/" + meant


class _Unrooted:
    """A group's Disallow values without a leading `/` (`RobotsTxt.unrooted_for`), compiled once
    into one `PatternSet` of the patterns they were meant as (two values meaning one pattern share it).

    Why: matched one by one, the 64 kept were 64 pattern look-ups on every request to the site."""

    __slots__ = ("entries", "patterns")

    def __init__(self, unrooted: Iterable[tuple[str, int, str]]) -> None:
        by_pattern: dict[str, list[tuple[str, int]]] = {}
        for value, line, meant in unrooted:
            try:
                canon = _canonical_pattern(meant) if meant else ""
            except Exception:  # noqa: BLE001 - hostile input: a path that cannot be read matches nothing
                canon = ""
            if canon:
                by_pattern.setdefault(canon, []).append((value, line))
        self.entries = list(by_pattern.values())
        self.patterns = PatternSet(by_pattern)

    def matching(self, url: str) -> list[tuple[str, int]]:
        """`(value, line)` of those meant as a pattern matching `url`, in file order."""
        return sorted((entry for i in self.patterns.every_for(url) for entry in self.entries[i]),
                      key=lambda entry: entry[1])


def _training_pattern(value: str) -> str:
    """A DisallowAITraining / AllowAITraining line's path: its first word ("" when it has none: a value
    of Unicode white space alone, `\xa0`, raised IndexError, and every request to the site was a guard error)."""
    words = value.split()
    return words[0] if words else ""


class RobotsTxt:
    """A parsed robots.txt. `allows(url, user_agent)` is RFC 9309 matching, no I/O.

    `user_agent` may be a product token (`FooBot`) or a full User-Agent string
    (`Mozilla/5.0 (compatible; FooBot/1.0; +url)`); its product token is extracted.
    """

    __slots__ = ("size", "groups", "lenient", "_compiled", "_by_groups", "strays", "_named")

    def __init__(self, size: int, groups: list[Group], lenient: bool = False,
                 strays: tuple[tuple[str, str, int, str], ...] = ()) -> None:
        self.size = size  # characters parsed (the text itself is not kept: caches stay small)
        self.groups = groups
        self.lenient = lenient
        self._compiled: dict[str, _Compiled] = {}  # per crawler token: the compiled group(s) it obeys
        self._by_groups: dict[tuple[int, ...], _Compiled] = {}  # per set of groups (their positions): compiled once
        # opt-outs written before the first user-agent line, in no group, or in a group whose user-agent lines
        # name no crawler: (key, value, line, that group's user-agent as written; "" in no group), the first few
        self.strays = strays
        self._named: frozenset[str] | None = None  # every token a group names (`refused_by_name`), once

    @classmethod
    def parse(cls, text: str | bytes | None = None, *, lenient_patterns: bool = False,
              data: str | bytes | None = None, whole: bool = False) -> RobotsTxt:
        """Parse robots.txt text or bytes; never raises on what it is given. `lenient_patterns` is
        for Spawning ai.txt: rule values without a leading `/` are match-anywhere globs, and file-type
        rules (`*.jpg`, `/*.jpg`, either with `$`) ignore case, since they name a file type and cameras
        write `.JPG` (robots.txt itself matches case-sensitively, RFC 9309 §2.2.2). `whole`: the text is
        the file entire (its fetch was not cut), so one of exactly 500 KiB keeps its last line (`decode`).

        `data`: the name the text had before DESIGN's `text` (deprecated, keyword-only), still
        taken so that callers written against it keep working; giving both is a TypeError."""
        if data is not None:
            if text is not None:
                raise TypeError("RobotsTxt.parse() takes the robots.txt as `text` or `data`, not both")
            warnings.warn("RobotsTxt.parse(data=...) is deprecated: pass the robots.txt as `text`",
                          DeprecationWarning, stacklevel=2)
            text = data
        try:
            text = decode(text if text is not None else b"", whole=whole)
        except Exception:  # noqa: BLE001 - e.g. a non-text object; nothing to obey
            text = ""
        groups: list[Group] = []
        current: Group | None = None
        seen_rule = False
        strays: list[tuple[str, str, int, str]] = []
        named_as = ""  # the current group's first user-agent value, as written
        nameless = False  # no user-agent value of the current group is a name, even one RFC 9309 has no token for
        unrooted = 0  # Disallow values without a leading `/` kept aside (to be said), in the whole file
        for number, raw in enumerate(LINE_SPLIT.split(text), start=1):
            parsed = split_line(raw)
            if len(raw) > MAX_LINE_BYTES // 4 and (parsed is None or parsed[0] not in _RECORD_KEYS):
                # (a Content-Usage or Content-Signal line is read whole: `content_usage`'s cap)
                parsed = split_line(_cut_line(raw))
            if parsed is None:
                continue
            key, value = parsed
            if key in _UA_KEYS:
                value = value.strip(KEY_SPACE)  # a name never holds one: `\u200bFooBot` is FooBot, as `\u00a0FooBot` was
                # `User-agent: * Disallow: /`, a group written on one line
                rule = _RULE_AFTER_NAME.search(value) if "llow" in value.lower() else None
                if rule is not None:
                    value, rule_line = value[:rule.start()], value[rule.start():].strip(WS)
                if current is None or seen_rule:
                    current = Group()
                    groups.append(current)
                    seen_rule, named_as, nameless = False, value, True
                nameless = nameless and _CRAWLER_NAME_LIKE.fullmatch(value.strip()) is None
                # (`User-agent: OtherBot, ExampleBot`: each crawler the list names, where only the first was)
                for name in value.split(",") if "," in value else (value,):
                    token = agent_token(name.strip(KEY_SPACE))
                    if token:
                        current.agents.append(token)
                if rule is None or (parsed := split_line(rule_line)) is None:
                    continue
                key, value = parsed
            if current is None or not current.agents:
                # rules before the first user-agent line belong to no group, those of a group whose user-agent
                # lines name no crawler to none: ignored; an opt-out among them is said so where the group names
                # nothing at all (`User-agent:`, `"*"`), not where it names a crawler RFC 9309 has no token for
                # (`80legs`, `360Spider`: another crawler's rules, not ours to note on every request)
                if key in _STRAY_KEYS and value and len(strays) < MAX_STRAYS and (current is None or nameless):
                    strays.append((key, value, number, "" if current is None else named_as or " "))
                if current is None:
                    continue
            if key in _ALLOW_KEYS or key in _DISALLOW_KEYS:
                seen_rule = True
                allow = key in _ALLOW_KEYS
                if not allow and not value:
                    current.allows_all = True
                for rule_value in _rule_values(value, allow, lenient_patterns):
                    if not rule_value or rule_value[0] not in "/*":
                        # empty = no rule; a rule must start with / or *: one that does not (`Disallow: private/`)
                        # matches nothing, and is kept aside only to be said (`RobotsTxt.unrooted_for`)
                        if rule_value and not allow and unrooted < MAX_UNROOTED:
                            current.unrooted.append((value, number, _meant(value)))
                            unrooted += 1
                        continue
                    if lenient_patterns and _EXTENSION_RULE.fullmatch(rule_value):
                        # a file type is the end of the file a URL names (Spawning: "the following file types",
                        # `_named_files`): read as a prefix, `*.h` refused `post.html`, `*.c` `cat.cropped.jpg`,
                        # `*.js` `data.json`
                        typed = rule_value.lower() if rule_value.endswith("$") else rule_value.lower() + "$"
                        current.rules.append(Rule(allow, value, canonical(typed, pattern=True), number, True))
                        continue
                    current.rules.append(Rule(allow, value, canonical(rule_value, pattern=True), number))
                    if allow:
                        slash = rule_value.rfind("/")
                        if slash != -1 and rule_value[slash:].startswith("/index.htm"):
                            # Google: allowing a directory's index page allows the directory
                            directory = rule_value[:slash + 1] + "$"
                            current.rules.append(Rule(True, value, canonical(directory, pattern=True), number))
            elif key in _RECORD_KEYS:
                # draft-ietf-aipref-attach §3: `rule =/ content-usage`, so it is a rule of the group
                # and, like allow/disallow (RFC 9309 §2.1), ends its user-agent list. Content-Signal
                # is no rule of either: RFC 9309 §2.2.4 lets other records be read but not interfere
                # with the grouping (ending it, `User-agent: ExampleBot / Content-Signal: … /
                # User-agent: OtherBot / Disallow: /` lost ExampleBot its Disallow)
                seen_rule = seen_rule or key == "content-usage"
                current.records.append((key, value, number))
            elif key in _AI_TRAINING_KEYS:
                current.records.append((key, value, number))
        return cls(len(text), groups, lenient_patterns, tuple(strays))

    # -------------------------------------------------------------- matching
    def _for(self, token: str) -> _Compiled:
        """The compiled group(s) crawler `token` obeys: compiled once per set of groups, shared by
        every token that obeys the same ones.

        Why shared: every token without a group of its own obeys `*`, and each compiled that group
        again (~0.5 s for a 500 KiB file), keeping a copy each; a proxy forwarding many crawlers'
        user agents, past 64 of them, cleared the cache and compiled them all again."""
        compiled = self._compiled.get(token)
        if compiled is not None:
            return compiled
        named = tuple(i for i, g in enumerate(self.groups) if token != "*" and token in g.agents)
        key = named or tuple(i for i, g in enumerate(self.groups) if "*" in g.agents)
        compiled = self._by_groups.get(key)
        if compiled is None:
            chosen = [self.groups[i] for i in key]
            rules = [r for g in chosen for r in g.rules]
            lines = ["user-agent: *"] + [f"{'allow' if r.allow else 'disallow'}: {r.canon}" for r in rules]
            compiled = _Compiled(
                Protego.parse("\n".join(lines)),
                rules,
                [rec for g in chosen for rec in g.records],
                tuple(sorted({r.line for r in rules})),
                [u for g in chosen for u in g.unrooted],
                allows_all=any(g.allows_all for g in chosen),
            )
            if len(self._by_groups) >= _MAX_TOKEN_CACHE:
                self._by_groups.clear()
            self._by_groups[key] = compiled
        if len(self._compiled) >= _MAX_TOKEN_CACHE:
            self._compiled.clear()
        self._compiled[token] = compiled
        return compiled

    @staticmethod
    def _target(url: str) -> tuple[str, bool]:
        return _target_of(url or "")

    def allows(self, url: str, user_agent: str) -> bool:
        """May `user_agent` fetch `url`? `/robots.txt` itself is always allowed. A path with repeated
        slashes must be allowed both as written and as a server merging them serves it."""
        try:
            compiled = self._for(product_token(user_agent))
            if not compiled.rules:
                return True
            return all(self._allowed_at(compiled, target) for target in self._targets(url))
        except Exception as exc:  # noqa: BLE001 - hostile input; a crash must not allow silently
            log.warning("scrapeguard: robots.txt matching failed on %r: %s", url[:200], exc)
            return False

    def _targets(self, url: str) -> list[str]:
        """The targets `url` is judged at (`_target_of`, `_merged_target_of`), none where it is /robots.txt."""
        target, exempt = self._target(url)
        merged = _merged_target_of(url or "")
        if exempt:
            return []
        if merged is not None and merged[1]:
            # (`//robots.txt` is robots.txt itself, merged; `/private\..\robots.txt` or `/private/..;/robots.txt`
            # is that only where a backslash is a slash or a path parameter dropped, and elsewhere a file in
            # /private/: judged as written)
            return [target] if _read_otherwise(path_of(url or "").split("?", 1)[0]) else []
        return [target] if merged is None else [target, merged[0]]

    def _allowed_at(self, compiled: _Compiled, target: str) -> bool:
        if compiled.folded or not compiled.protego_ranks:
            return self._ranked(compiled, target)[0]
        return bool(compiled.parser.can_fetch(target, "*"))

    def decide(self, url: str, user_agent: str) -> RobotsDecision:
        """`allows` plus the rule that decided it (the longest match of the winning kind): where the
        path as written and as merged differ, the one that refuses."""
        try:
            targets = self._targets(url)
            if not targets:
                return RobotsDecision(True, None)
            compiled = self._for(product_token(user_agent))
            said: RobotsDecision | None = None
            for target in targets:
                if compiled.folded or not compiled.protego_ranks:  # the rule-by-rule reading decides and names it
                    one = RobotsDecision(*self._ranked(compiled, target), compiled.group_lines)
                else:
                    here = self._allowed_at(compiled, target) if compiled.rules else True
                    one = RobotsDecision(here, compiled.first(here, target), compiled.group_lines)
                if not one.allowed:
                    return one
                said = said or one
            assert said is not None
            return said
        except WildcardsUntried as exc:  # fail closed, and said (a bare `allows` would refuse without a word)
            return RobotsDecision(False, None, untried=str(exc))
        except Exception:  # noqa: BLE001
            return RobotsDecision(self.allows(url, user_agent), None)

    @staticmethod
    def _ranked(compiled: _Compiled, target: str) -> tuple[bool, Rule | None]:
        """Longest match in octets, Allow on ties (RFC 9309 §2.2.2), for a file protego cannot read
        alone: a `fold` rule is lower-case and meets the lower-cased target; a `?` or a marker is
        ranked by its octets (`_Compiled.protego_ranks`)."""
        allow = compiled.first(True, target)
        deny = compiled.first(False, target)
        if deny is None or (allow is not None and _octets(allow.canon) >= _octets(deny.canon)):
            return True, allow
        return False, deny

    def records(self, user_agent: str, key: str) -> list[tuple[str, int]]:
        """`(value, line)` of the other records (`content-usage`, `content-signal`, `…aitraining`) in
        the group(s) that apply to `user_agent`."""
        compiled = self._for(product_token(user_agent))
        return [(v, n) for k, v, n in compiled.records if k == key]

    def usage_without_preferences(self, user_agent: str) -> list[tuple[str, int]]:
        """`(value, line)` of the `Content-Usage` records of the group(s) for `user_agent` that hold a path
        and nothing after it (`/train-ai=n`, its space left out): `_usage_path` reads none, so none applies."""
        return [(v, n) for v, n in self.records(user_agent, "content-usage") if _usage_path(v) is None]

    def usage_slips(self, url: str, user_agent: str) -> list[tuple[str, int]]:
        """`(value, line)` of the `Content-Usage` records of the group(s) for `user_agent` whose path ends in `,` or
        `;` (`/private/, train-ai=n`, written as Content-Signal's parts are) that would speak for `url` without it
        and do not as written: a robots.txt path may hold either, so such a record speaks for `/private/,…` only
        (draft-ietf-aipref-attach §4.2), and that is said. The first `MAX_UNROOTED` are kept, once per group."""
        memo = self.memo(user_agent)
        slips = memo.get("content-usage slips")
        if not isinstance(slips, list):
            slips = memo["content-usage slips"] = [
                (value, line, split[0], meant) for value, line in self.records(user_agent, "content-usage")
                if (split := _usage_path(value)) is not None and split[0].endswith((",", ";"))
                and (meant := split[0].rstrip(",;"))][:MAX_UNROOTED]
        return [(value, line) for value, line, path, meant in slips
                if pattern_matches(meant, url) and not pattern_matches(path, url)]

    def memo(self, user_agent: str) -> dict[object, object]:
        """Where a reader keeps what it works out once from the records of the group(s) for
        `user_agent` (the Content-Usage and Content-Signal statements it has read): it lives and
        goes with this parsed file, so a request reads none of them again."""
        return self._for(product_token(user_agent)).memo

    def usage_records(self, url: str, user_agent: str) -> list[tuple[str, int, str]]:
        """`(preferences, line, value as written)` of the `Content-Usage` records of the group(s) for `user_agent` that
        speak for `url`: those of the longest matching path, in encoded octets as Allow/Disallow rank,
        all of them on a tie (draft-ietf-aipref-attach §4.1; a record without a path is a `/` record).
        Compiled once per group into one `PatternSet` (`_UsagePaths`)."""
        compiled = self._for(product_token(user_agent))
        if compiled.usage is None:
            compiled.usage = _UsagePaths((v, n) for k, v, n in compiled.records if k == "content-usage")
        return compiled.usage.deciding(url)

    def signal_records(self, url: str, user_agent: str) -> list[tuple[str, int, str]]:
        """`(signals, line, value as written)` of the `Content-Signal` records of the group(s) for `user_agent` written with a
        path first (`/private/ ai-train=no`, the path read and matched as a Content-Usage record's) whose
        path matches `url`, every one of them: unlike Content-Usage's, not the longest alone, since
        Cloudflare's policy ranks no line above another and a `no` is a condition of access that a `yes`
        for a longer path does not lift. It defines no path (a line without one speaks for its group:
        `records`); applied to the whole site, `/private/ search=yes, ai-train=no` refused `/public`."""
        compiled = self._for(product_token(user_agent))
        if compiled.signal_paths is None:
            compiled.signal_paths = _UsagePaths((v, n) for k, v, n in compiled.records
                                                if k == "content-signal" and _path_first(v))
        return compiled.signal_paths.every(url)

    def group_signals(self, user_agent: str) -> list[tuple[str, int]]:
        """`(value, line)` of the `Content-Signal` records of the group(s) for `user_agent` written without a
        path first (`signal_records` has those): each speaks for every path of its group."""
        return [(v, n) for v, n in self.records(user_agent, "content-signal") if not _path_first(v)]

    def training_rule(self, url: str, user_agent: str) -> tuple[bool, str, int] | None:
        """The `DisallowAITraining` / `AllowAITraining` rule (draft-canel-robots-ai-control-00) of
        the group(s) for `user_agent` that decides `url`, as `(allows, pattern, line)`: the longest
        match, Allow on ties, as Allow/Disallow rank; None when none matches. Its rules are compiled
        once per group into one `PatternSet`, best first (a file may hold thousands of them)."""
        compiled = self._for(product_token(user_agent))
        if compiled.training is None:
            rules: list[tuple[bool, str, int]] = []
            for key, value, line in compiled.records:
                pattern = _training_pattern(value) if key in _AI_TRAINING_KEYS else ""
                if pattern.startswith(("/", "*")):  # (empty: no rule, as an empty Disallow)
                    rules.append((key == "allowaitraining", pattern, line))
            rules.sort(key=lambda r: (-self.rule_length(r[1]), not r[0]))
            compiled.training = (rules, PatternSet.of(pattern for _, pattern, _ in rules))
        rules, patterns = compiled.training
        if not rules:
            return None
        bests = [at for target in url_targets(url) if (at := patterns.first(target)) is not None]
        # (as written and as served: a refusal either reading finds wins, as robots.txt's Disallow does)
        refusing = [at for at in bests if not rules[at][0]]
        best = min(refusing or bests, default=None)
        return None if best is None else rules[best]

    def names(self, token: str) -> bool:
        """Does a group name crawler `token` (as `agent_token` reads a user-agent line), not `*` alone?
        (`*`, the token of a user agent RFC 9309 has none for, `360Spider`, is named by no group: it was by any
        `User-agent: *`.)"""
        if self._named is None:  # (a file of thousands of groups is not walked again on every request)
            self._named = frozenset(agent for group in self.groups for agent in group.agents)
        return token != "*" and token in self._named

    def speaks_to(self, url: str, token: str) -> bool:
        """Does a group naming crawler `token` say what the site wants of it here: an AI-use record (Content-Usage,
        Content-Signal, `…AITraining`), an Allow or Disallow rule matching `url`, or an empty `Disallow:` (every
        URL welcome: it matches none, and the group read as saying nothing; review)? Naming it alone does not: a
        `Crawl-delay` line for it (which merges it into the next group, `*` too), or rules for other paths, say
        nothing of this URL's AI use (`refused_crawlers`)."""
        if not self.names(token):
            return False
        compiled = self._for(token)
        return bool(compiled.records) or compiled.allows_all or self.decide(url, token).rule is not None

    def refused_by_name(self, url: str, names: Iterable[str]) -> list[tuple[str, RobotsDecision]]:
        """Those of crawler `names` that a group names and that may not fetch `url`, each with the
        decision (`refused_crawlers` picks the names); a crawler only `*` speaks for is not named.
        Crawlers that obey the same groups are decided once (14 named in one group of a 500 KiB file
        were 14 matches of the URL against it on every request)."""
        out: list[tuple[str, RobotsDecision]] = []
        decided: dict[int, RobotsDecision] = {}
        for name in names:
            token = agent_token(name)
            if not self.names(token):
                continue
            compiled = id(self._for(token))
            decision = decided.get(compiled)
            if decision is None:
                decision = decided[compiled] = self.decide(url, token)
            if not decision.allowed:
                out.append((name, decision))
        return out

    def unrooted_for(self, url: str, user_agent: str) -> list[tuple[str, int]]:
        """`(value, line)` of the Disallow lines of the group(s) for `user_agent` whose value does not start
        with `/` or `*` (`private/`, a no-break space before `/`, a whole URL), so matches no URL (RFC 9309
        §2.2.2), that would match `url` were the `/` there (the pasted white space not, the URL its path)."""
        compiled = self._for(product_token(user_agent))
        if not compiled.unrooted:
            return []
        if compiled.unrooted_set is None:
            compiled.unrooted_set = _Unrooted(compiled.unrooted)
        return compiled.unrooted_set.matching(url)

    def strays_for(self, url: str) -> list[tuple[str, str, int, str]]:
        """The opt-outs applied to no crawler (`strays`) that would bear on `url` were they in a
        group for it: a Disallow / DisallowAITraining whose path matches it, any Content-Usage or
        Content-Signal line."""
        out = []
        for key, value, line, group in self.strays:
            pattern = _training_pattern(value) if key == "disallowaitraining" else value
            if key in _RECORD_KEYS or (pattern.startswith(("/", "*")) and any(
                    _single_pattern(_canonical_pattern(pattern)).first(target) == 0 for target in url_targets(url))):
                out.append((key, value, line, group))  # (at each target a server may read: `..%2F`, `//`, `\`)
        return out

    def matches(self, pattern: str, url: str) -> bool:
        """Does a robots-style path pattern (`*`, `$`, percent rules) match `url`?
        Shared with TDMRep locations and Content-Usage paths."""
        return pattern_matches(pattern, url)

    def rule_length(self, pattern: str) -> int:
        """The length a path pattern ranks by, as Allow/Disallow rules rank: its octets encoded
        (RFC 9309 §2.2.2; draft-ietf-aipref-attach §4.1 for Content-Usage), so `/café/` is
        `/caf%C3%A9/` and `/%7Eann/` is `/~ann/`, never the characters as written."""
        return _octets(_canonical_pattern(pattern))


@functools.lru_cache(maxsize=8192)
def _target_of(url: str) -> tuple[str, bool]:
    """The normalised target of a URL and whether it is `/robots.txt` (cached: every
    reader of a request asks for the same URL)."""
    return _resolved_target(path_of(url))


def _resolved_target(path: str) -> tuple[str, bool]:
    """`_target_of` a path[?query]: its dot segments resolved (`..` or `%2e%2e`): the path the server
    resolves is the one robots.txt speaks of (Scrapy and curl --path-as-is send `/x/../img/a.png` as
    written, and it is `/img/a.png`)."""
    if "." in path or "%2" in path:
        head, mark, query = path.partition("?")
        path = remove_dot_segments(head) + mark + query
    return _BASE + canonical(path, pattern=False), path.split("?", 1)[0] == "/robots.txt"


_REPEATED_SLASHES = re.compile(r"//+")
# a separator as a server may read it: a backslash (IIS decodes `%5C` and reads it as one too: `..%5c` traversals)
# or an encoded slash (nginx decodes `%2F` before it resolves the path: `/x/..%2Fprivate/a.jpg` is `/private/a.jpg`)
_SEPARATOR = re.compile(r"\\|%5[cC]|%2[fF]")
# a path parameter, which a servlet container (Tomcat, Jetty) drops from each segment before it resolves dot
# segments: `/x/..;/private/a.jpg` and `/private;jsessionid=1/a.jpg` are served as `/private/a.jpg`
_PATH_PARAMETER = re.compile(r";[^/]*")


@functools.lru_cache(maxsize=8192)
def _merged_target_of(url: str) -> tuple[str, bool] | None:
    """The target as a server that merges repeated slashes resolves it (nginx's merge_slashes, its
    default; any server mapping paths to files) and reads a backslash as a slash (IIS, ASP.NET; WHATWG
    URL parsers, so Scrapy's, for http(s)) and an encoded slash as one (nginx), and drops path parameters
    (a servlet container: `_PATH_PARAMETER`), or None when its path has none of these: `//private/x.html`,
    `/x\\..\\private/x.html` (or `%5C`), `/x/..%2Fprivate/x.html`, `/x/..;/private/x.html` and
    `/private;jsessionid=1/x.html` are served as `/private/x.html`, which `Disallow: /private/` never matched
    (httpx and curl send a backslash as it is). The as-written target keeps `%2F` apart from `/`, as RFC 9309
    §2.2.2 says, and `;jsessionid=1` in the path (a rule naming it matches there). Slashes first, then dot
    segments, as such a server reads `/x//../private` (`/private`). Patterns stay as written: `Disallow: /*//`
    refuses only URLs with a doubled slash, and merged it refused every URL."""
    head, mark, query = path_of(url).partition("?")
    if not _read_otherwise(head) and "//" not in head:
        return None
    head = _PATH_PARAMETER.sub("", _SEPARATOR.sub("/", head))
    return _resolved_target(_REPEATED_SLASHES.sub("/", head) + mark + query)


def _read_otherwise(head: str) -> bool:
    """Whether a path holds what some servers read otherwise than RFC 9309 does: a backslash or an encoded
    slash (`_SEPARATOR`), or a path parameter (`_PATH_PARAMETER`)."""
    return ";" in head or _SEPARATOR.search(head) is not None


def url_targets(url: str) -> tuple[str, ...]:
    """The targets a path record (TDMRep location, Content-Usage, Content-Signal, DisallowAITraining) is matched
    at: the URL's as written and, where a server reads it otherwise (`//reserved/a.jpg`, `/x\\..\\reserved/`,
    `/x/..;/reserved/`: `_merged_target_of`), as served, as robots.txt's rules are (`RobotsTxt._targets`); each
    reader decides at each, the reading that refuses winning, as robots.txt's does."""
    target = _target_of(url or "")[0]
    merged = _merged_target_of(url or "")
    return (target,) if merged is None or merged[0] == target else (target, merged[0])


@functools.lru_cache(maxsize=4096)
def _canonical_pattern(pattern: str) -> str:
    return canonical(pattern, pattern=True)


def pattern_matches(pattern: str, url: str) -> bool:
    """Module-level `RobotsTxt.matches` for readers without a robots.txt at hand; a file
    of many patterns compiles them into one `PatternSet` instead (`PatternSet.of`)."""
    return _single_pattern(_canonical_pattern(pattern)).first(_target_of(url or "")[0]) == 0


@functools.lru_cache(maxsize=4096)
def _single_pattern(canon: str) -> PatternSet:
    """One pattern compiled (least recently used ones dropped one at a time: a big file
    goes through its own `PatternSet`, never this cache)."""
    return PatternSet((canon,))


# ----------------------------------------------------------------------- many patterns at once
_STARS = re.compile(r"\*+")


def _glob(parts: list[str], anchored: bool) -> str:
    """A regex matching what protego's `_URLPattern` matches for a `*` pattern (`parts`:
    the literal text between its stars).

    Protego finds each literal part at its leftmost place after the previous one, and with
    a trailing `$` the last part at the very end; the atomic groups commit to that leftmost
    place, so a hostile `/*a*a*a…b` is linear, not backtracking."""
    out = [re.escape(parts[0])]
    out.extend(f"(?>.*?{re.escape(part)})" for part in parts[1:-1])
    last = re.escape(parts[-1])
    if anchored:
        out.append(f".*{last}\\Z")
    elif last:
        out.append(f".*?{last}")
    return "".join(out)


MAX_WILDCARD_TRIES = 256  # `*` patterns a target is tried against (by the index: `_Wildcards`), per pattern set
_SCANNED = 8  # a head shared by so few `*` patterns: each is tried in turn, no index
_GRAM = 4  # the characters of a `*` pattern's needle it is indexed under (`_Wildcards`)


class WildcardsUntried(RuntimeError):
    """More `*` patterns of one file could match a target than `MAX_WILDCARD_TRIES`: which of them does is
    not known. Why: a host file may hold ~30,000 of them, all with one head (`/*a*b1`, `/*a*b2`, …), and the
    site writes the URLs of its page's 5,000 pictures too: tried one by one, a page cost minutes. A reader
    catching it must not allow what an untried pattern might refuse (`RobotsDecision.untried`)."""


class _Wildcards:
    """The `*` patterns that share one literal head, in order. A pattern is tried only
    when its longest literal part (its needle) occurs in the target (one substring test); its regex is
    compiled the first time it is tried, so a file of thousands costs no compile up front.

    Past `_SCANNED` of them, each is indexed under the rarest `_GRAM` characters in a row of its literal parts (a
    shorter part under itself; one with none is always tried), and only those whose indexed characters the
    target holds are tried: a target costs its length plus its candidates, not a test per pattern
    (`MAX_WILDCARD_TRIES` at most)."""

    __slots__ = ("positions", "needles", "sources", "matchers", "_keyed", "_sizes", "_short")

    def __init__(self, members: list[tuple[int, str]]) -> None:
        self.positions: list[int] = []
        self.needles: list[str] = []
        self.sources: list[tuple[list[str], bool]] = []
        for position, spelled in members:
            anchored = spelled.endswith("$")
            parts = _STARS.split(spelled[:-1] if anchored else spelled)
            self.positions.append(position)
            self.needles.append(max(parts[1:], key=len))
            self.sources.append((parts, anchored))
        self.matchers: list[Callable[[str], object] | None] = [None] * len(members)
        self._keyed: dict[str, list[int]] = {}  # indexed characters -> the patterns indexed under them, in order
        self._short: list[int] = []  # those with an empty needle (`/*`, `*.jpg*`: no literal after a `*`)
        if len(members) > _SCANNED:
            # (every literal part after the head stands in a target it matches: a piece of any of them will do,
            # the rarest over all; of the longest part alone, 300 rules `/*/<locale>/*/print-view` shared theirs)
            grams = [set().union(*(runs(part, min(_GRAM, len(part))) for part in parts[1:]))
                     for parts, _anchored in self.sources]
            for k, key in enumerate(rarest(grams)):
                if key:
                    self._keyed.setdefault(key, []).append(k)
                else:
                    self._short.append(k)
        self._sizes = {len(gram) for gram in self._keyed}

    def _candidates(self, spelled: str, grams: _Grams) -> Iterable[int]:
        """The patterns (in order) that may match `spelled`: those whose two indexed characters it holds."""
        if len(self.needles) <= _SCANNED:
            return range(len(self.needles))
        held = grams.of(spelled, self._sizes)
        keyed = self._keyed
        lists = [keyed[gram] for gram in held if gram in keyed] if len(held) < len(keyed) else \
            [members for gram, members in keyed.items() if gram in held]
        if self._short:
            lists.append(self._short)
        return lists[0] if len(lists) == 1 else sorted(k for members in lists for k in members)

    def first(self, spelled: str, before: int | None, grams: _Grams) -> int | None:
        """Position of the first of them matching `spelled`, if it comes `before` that one."""
        for k in self._candidates(spelled, grams):
            if before is not None and self.positions[k] >= before:
                return None
            if self._matches(k, spelled, grams):
                return self.positions[k]
        return None

    def every(self, spelled: str, grams: _Grams) -> list[int]:
        """Positions of all of them matching `spelled`."""
        return [self.positions[k] for k in self._candidates(spelled, grams) if self._matches(k, spelled, grams)]

    def _matches(self, k: int, spelled: str, grams: _Grams) -> bool:
        grams.tried += 1  # (each costs a pass over the target: its needle looked for, maybe its regex)
        if grams.tried > MAX_WILDCARD_TRIES:
            raise WildcardsUntried(f"more than {MAX_WILDCARD_TRIES} of its `*` patterns could match it")
        if self.needles[k] not in spelled:
            return False
        matcher = self.matchers[k]
        if matcher is None:
            matcher = self.matchers[k] = re.compile(_glob(*self.sources[k]), re.DOTALL).match
        return matcher(spelled) is not None


class _Grams:
    """One look-up of a target in a `PatternSet`: its substrings of the lengths an index keys on (up to
    `_GRAM`), read once when an index needs them, and the `*` patterns tried so far (`MAX_WILDCARD_TRIES`)."""

    __slots__ = ("held", "sizes", "tried")

    def __init__(self) -> None:
        self.held: set[str] = set()
        self.sizes: set[int] = set()
        self.tried = 0

    def of(self, spelled: str, sizes: set[int]) -> set[str]:
        for size in sizes - self.sizes:
            self.held |= runs(spelled, size)
            self.sizes.add(size)
        return self.held


class PatternSet:
    """Robots-style patterns (canonical, see `canonical`) compiled once: `first(target)` is
    the position of the first pattern, in the order given, that matches the target, the
    same answer as asking protego about each pattern alone, in turn.

    Why: robots.txt may hold ~18,000 rules and tdmrep.json ~10,000 locations, and trying
    them one by one costs a pass per rule for every request. Here a plain pattern (a
    prefix) and a `$` pattern without `*` (a whole path) are dictionary look-ups, one per
    pattern length the file uses; a `*` pattern is tried only when the literal text before
    its first `*` starts the target (`_Wildcards`). Everything is sized by the patterns
    given: it lives on the file's parsed form and goes with it, no cache shared between
    files.

    Matching is protego's, on protego's spelling: it quotes the query's `?` as `%3F` in
    both the pattern and the target, and never lets a rule match `/robots.txt`; but by
    octets, each escaped one a single character (`_opaque`), where protego lets literal
    text match inside an escape.
    `None` entries keep their position but never match.
    """

    __slots__ = ("_prefixes", "_prefix_lengths", "_wholes", "_heads", "_head_lengths")

    def __init__(self, patterns: Iterable[str | None]) -> None:
        prefixes: dict[str, int] = {}
        wholes: dict[str, int] = {}
        heads: dict[str, list[tuple[int, str]]] = {}
        for i, pattern in enumerate(patterns):
            if not pattern:
                continue  # protego ignores an empty rule
            spelled = _opaque(pattern.replace("?", "%3F"))
            star = spelled.find("*")
            if star != -1:
                heads.setdefault(spelled[:star], []).append((i, spelled))
            elif spelled.endswith("$"):
                wholes.setdefault(spelled[:-1], i)
            else:
                prefixes.setdefault(spelled, i)
        self._prefixes = prefixes
        self._prefix_lengths = sorted({len(p) for p in prefixes}, reverse=True)
        self._wholes = wholes
        self._heads = {head: _Wildcards(members) for head, members in heads.items()}
        self._head_lengths = sorted({len(h) for h in heads}, reverse=True)

    @classmethod
    def of(cls, patterns: Iterable[str | None]) -> PatternSet:
        """Patterns as written (`/a/*.jpg$`, `%7Eann/`); one that cannot be read never matches."""
        canons: list[str | None] = []
        for pattern in patterns:
            try:
                canons.append(_canonical_pattern(pattern) if pattern else None)
            except Exception:  # noqa: BLE001 - hostile input: no match, as protego's failure was
                canons.append(None)
        return cls(canons)

    def every_for(self, url: str) -> list[int]:
        """`every` of a URL (normalised as robots.txt rules see it), as written or as served merged."""
        targets = url_targets(url)
        if len(targets) == 1:
            return self.every(targets[0])
        return sorted(set(self.every(targets[0])).union(self.every(targets[1])))

    def every(self, target: str) -> list[int]:
        """Positions of all the patterns matching a normalised target, in no order: for readers that
        combine every match of the longest length (Content-Usage records), not only the first. Give
        each pattern once (a plain pattern given twice is found at its first position only)."""
        spelled = _spelled(target)
        if spelled is None:
            return []
        size = len(spelled)
        hits = [] if (whole := self._wholes.get(spelled)) is None else [whole]
        for length in self._prefix_lengths:
            if length <= size and (hit := self._prefixes.get(spelled[:length])) is not None:
                hits.append(hit)
        grams = _Grams()
        for length in self._head_lengths:
            if length <= size and (bucket := self._heads.get(spelled[:length])) is not None:
                hits.extend(bucket.every(spelled, grams))
        return hits

    def first(self, target: str) -> int | None:
        """Position of the first pattern matching a normalised target (`_target_of`)."""
        spelled = _spelled(target)
        if spelled is None:
            return None
        size = len(spelled)
        best = self._wholes.get(spelled)
        prefixes = self._prefixes
        for length in self._prefix_lengths:
            if length <= size:
                hit = prefixes.get(spelled[:length])
                if hit is not None and (best is None or hit < best):
                    best = hit
        heads = self._heads
        grams = _Grams()
        for length in self._head_lengths:
            if length <= size:
                bucket = heads.get(spelled[:length])
                if bucket is not None:
                    hit = bucket.first(spelled, best, grams)  # only one before `best`
                    if hit is not None:
                        best = hit
        return best


def _spelled(target: str) -> str | None:
    """A normalised target as `PatternSet` compares it (protego quotes the query's `?` as `%3F`; an escaped
    octet is one character, `_opaque`); None for `/robots.txt`, which no rule matches (protego's own exemption).
    (Cached up to `_SPELLED_CACHED` characters: each pattern set of a request's readers asks for the same target;
    a long one, its opaque octets making each of its characters two bytes, kept 8,192 URLs of 60 kB in a GB.)"""
    return _spelled_cached(target) if len(target) <= _SPELLED_CACHED else _spell(target)


_SPELLED_CACHED = 2048


@functools.lru_cache(maxsize=8192)
def _spelled_cached(target: str) -> str | None:
    return _spell(target)


def _spell(target: str) -> str | None:
    if "/robots.txt" in target and urlparse(target).path == "/robots.txt":
        return None
    return _opaque(target[len(_BASE):].replace("?", "%3F"))


# an escaped octet as `canonical` writes it: `%HH`, or a `%25HH` marker (an octet kept distinct)
_ESCAPED_OCTET = re.compile(r"%(?:25)?[0-9A-F]{2}")
# each one's character: `%HH` is U+F7HH, a marker `%25HH` U+F8HH (private use: `canonical` writes ASCII only)
_OPAQUE_OCTETS = {f"%{octet:02X}": chr(0xF700 + octet) for octet in range(256)} | {
    f"%25{octet:02X}": chr(0xF800 + octet) for octet in range(256)}


def _opaque(spelled: str) -> str:
    """A canonical pattern or target with each escaped octet one character that no literal text holds. Why:
    spelt in three characters, an escape let a pattern's literal text match inside it (`/*A` matched
    `/caf%C3%A9`, whose octets hold no `A`; `Allow: /*9-photo` matched `/private/café-photo`), where
    RFC 9309 §2.2.2 and the TDMRep report compare octets. A `%25HH` marker stays apart from `%HH`."""
    return _ESCAPED_OCTET.sub(_opaque_octet, spelled) if "%" in spelled else spelled


def _opaque_octet(escape: re.Match[str]) -> str:
    return _OPAQUE_OCTETS[escape[0]]


# ----------------------------------------------------------------------- the host file
@dataclass(slots=True)
class RobotsState:
    """What the fetch of one origin's robots.txt amounted to."""

    kind: str  # "parsed" | "allow-all" | "disallow-all"
    source: str
    robots: RobotsTxt | None = None
    reason: str = ""
    warning: bool = False
    coding: str = ""  # sent with a Content-Encoding that is no coding, read as plain text (`identity_note`)
    charset: str = ""  # written in UTF-16, read as such (`utf16_note`)
    cut: str = ""  # longer than the parsing limit: the rules past it were not read (`cut_note`)


def cut_note(result: FetchResult, cap: int, name: str = "robots.txt") -> str:
    """The note for a robots.txt (or another host file `name`: ai.txt) longer than the parsing limit
    ("" for any other).

    Why: RFC 9309 §2.5 lets a crawler stop parsing at 500 KiB, and the guard does; but a group
    for this crawler, or a `Disallow` past the limit, was then not applied without a word. The
    decision still follows the rules read; the note says some were not."""
    if not (result.truncated or len(result.body) > cap):
        return ""
    why = "the parsing limit (RFC 9309 §2.5)" if name == "robots.txt" else "the reading limit"
    return (f"{name} is longer than {cap // 1024} KiB, {why}: what follows was not read, so a rule there (an "
            "opt-out too) would not be applied")


# Product tokens of crawlers that collect for AI training or training datasets, and the usage tokens
# their vendors read for training (ai.robots.txt, consent-signals.md §2.7); not search or user agents.
# (as written: a robots.txt's `User-agent: img2dataset` is matched as robots.txt matching reads it, `img`)
AI_TRAINING_CRAWLERS: tuple[str, ...] = (
    "GPTBot", "CCBot", "Google-Extended", "Applebot-Extended", "ClaudeBot", "anthropic-ai", "meta-externalagent",
    "Bytespider", "cohere-ai", "img2dataset", "LAIONDownloader", "laion-huggingface-processor", "ImagesiftBot",
    "Webzio-Extended", "omgili",
)
# (each with its token, read once: every training request asked for all 15, twice each)
_AI_TRAINING_TOKENS: tuple[tuple[str, str], ...] = tuple((name, agent_token(name)) for name in AI_TRAINING_CRAWLERS)


def refused_crawlers(robots: RobotsTxt, url: str, product_token: str, usage: Usage, source: str) -> list[Signal]:
    """For a training usage, the groups that refuse `url` to AI-training crawlers they name (`User-agent:
    GPTBot` / `Disallow: /`), while our group lets us in: the site does not want it trained on, though no rule
    for us speaks to it (consent-signals.md §2.7: an inference, recorded as one; none where a group naming us
    speaks to the URL or to AI use: `RobotsTxt.speaks_to`). The policy's `signals.ai_crawler_refusals` says
    whether it is obeyed (by default logged)."""
    if verdict_for(usage, dict.fromkeys(TRAINING, Verdict.DENY)) != Verdict.DENY:
        return []
    if robots.speaks_to(url, product_token):
        # (a group written for us that speaks here says what the site wants of us: robots.allow / robots.disallow,
        # its AI-use lines; one merely naming us, `Disallow: /admin/` or `Crawl-delay: 10`, lost the inference)
        return []
    named = [name for name, token in _AI_TRAINING_TOKENS if token != product_token and robots.names(token)]
    refused = robots.refused_by_name(url, named) if named else []
    if not refused:
        return []
    first = refused[0][1].rule
    line = f" line {first.line}" if first is not None else ""
    names = ", ".join(token for token, _ in refused[:8]) + (" …" if len(refused) > 8 else "")
    return [Signal("ai_crawler_refusals", Verdict.DENY, "robots.ai_crawlers_refused",
                   f"robots.txt refuses this URL to the AI-training crawler(s) it names ({names}): the site does not "
                   f"want it trained on, though no rule for {product_token} speaks to it (an inference)",
                   f"{source}{line}")]


def _unrooted_note(robots: RobotsTxt, url: str, product_token: str, source: str) -> list[Signal]:
    """The note for Disallow lines of our group(s) that would bear on `url` but for their missing leading
    `/` (`RobotsTxt.unrooted_for`): RFC 9309 §2.2.2 paths start with `/`, so they match nothing, as Google
    reads them, and are not applied here either, but it is said (UNKNOWN, warning).

    Why: `Disallow: private/`, or `Disallow: /` with a no-break space pasted before its `/`, allowed the
    pages it names without a word of what the site had written for them."""
    found = robots.unrooted_for(url, product_token)
    if not found:
        return []
    shown = "; ".join(f"line {line} `Disallow: {value[:100]}`" for value, line in found[:3])
    return [Signal("robots_txt", Verdict.UNKNOWN, "robots.unrooted_rule",
                   f"robots.txt {shown}{' …' if len(found) > 3 else ''}: a path that does not start with `/` "
                   "matches no URL (RFC 9309 §2.2.2), so not applied: an opt-out the site may have meant for this "
                   "page", source, True)]


def _strays_note(robots: RobotsTxt, url: str, source: str) -> list[Signal]:
    """The notes for opt-outs applied to no crawler that bear on `url` (`RobotsTxt.strays_for`):
    written before the first user-agent line (`robots.outside_group`), or in a group whose
    user-agent lines name nothing (`robots.unnamed_group`: `User-agent:` left empty, `"*"` in
    quotes; no RFC 9309 product token, so the group is no crawler's, as Google reads it).
    RFC 9309 applies none of them, and neither do we, but it is said (UNKNOWN, warning).

    Why: a robots.txt of `Disallow: /` alone, with `Content-Usage: train-ai=n` above its first
    `User-agent:` line, or under `User-agent: "*"`, allowed the page without a word of what the
    site had written."""
    strays = robots.strays_for(url)
    names = {"disallowaitraining": "DisallowAITraining", "content-usage": "Content-Usage",
             "content-signal": "Content-Signal"}
    out = []
    for code, grouped, why in (
            ("robots.outside_group", False, "written before any User-agent line, in no group, so not applied "
                                            "(RFC 9309 §2.1)"),
            ("robots.unnamed_group", True, "in a group whose User-agent line{s} ({agents}) names no crawler (no "
                                           "product token: letters, `_`, `-`; RFC 9309 §2.2.1), so applied to none")):
        these = [s for s in strays if bool(s[3]) == grouped]
        if not these:
            continue
        shown = "; ".join(f"line {line} `{names.get(key, 'Disallow')}: {value[:100]}`" for key, value, line, _ in these[:3])
        agents = list(dict.fromkeys(f"`User-agent: {g.strip()[:60]}`" for *_, g in these))
        said = why.format(s="s" if len(agents) > 1 else "", agents=", ".join(agents[:3]))
        out.append(Signal("robots_txt", Verdict.UNKNOWN, code, f"robots.txt {shown}{' …' if len(these) > 3 else ''}: "
                          f"{said}: an opt-out the site may have meant", source, True))
    return out


class RobotsFile:
    """The `/robots.txt` host file (RFC 9309 §2.3 fetch rules).

    `strict_auth=True` reads 401/403 as disallow-all (the pre-RFC rule some operators
    prefer); by default every 4xx but 429 is "unavailable": allow all.
    """

    families: tuple[Family, ...] = ("robots_txt", "content_usage", "ai_crawler_refusals")
    path = "/robots.txt"
    max_bytes = MAX_ROBOTS_BYTES

    def __init__(self, *, strict_auth: bool = False) -> None:
        self.strict_auth = strict_auth

    def parse(self, result: FetchResult) -> RobotsState:
        source = result.url
        status = result.status
        if status is None:
            return RobotsState("disallow-all", source, reason=f"unreachable ({result.error or 'no response'})")
        if unanswered(status) or status < 100:
            proxy = " (the crawler's proxy wants credentials)" if status == 407 else ""
            # (the fetch's error says more where it was tried again: "HTTP 503 (after 3 tries)")
            said = result.error if result.error and result.error.startswith(f"HTTP {status}") else f"HTTP {status}"
            return RobotsState("disallow-all", source, reason=f"{said}{proxy}")
        if status in (401, 403) and self.strict_auth:
            return RobotsState("disallow-all", source, reason=f"HTTP {status} (strict mode)")
        if 400 <= status < 500:
            return RobotsState("allow-all", source, reason=f"HTTP {status}: robots.txt unavailable, RFC 9309 allows all")
        if 300 <= status < 400:
            return RobotsState("allow-all", source, warning=True,
                               reason=f"{result.error or f'HTTP {status}'} after {result.redirects} redirect(s): "
                                      "treated as unavailable, RFC 9309 allows all")
        if status < 200:
            return RobotsState("disallow-all", source, reason=f"HTTP {status}")
        final = result.final_url or result.url
        if final != result.url:
            source = f"{final} (redirected from {result.url})"
        return RobotsState("parsed", source, robots=RobotsTxt.parse(result.body, whole=not result.truncated),
                           coding=identity_note(result.headers.get("content-encoding"), "robots.txt"),
                           charset=utf16_note(result.body, "robots.txt"), cut=cut_note(result, self.max_bytes))

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage,
                 served_as: str | None = None) -> list[Signal]:
        if not isinstance(state, RobotsState):
            return [Signal("robots_txt", Verdict.UNKNOWN, "robots.state_invalid", "no robots.txt state", "", True)]
        if state.kind == "disallow-all":
            return [Signal("robots_txt", Verdict.DENY, "robots.unreachable",
                           f"robots.txt could not be fetched ({state.reason}): RFC 9309 says disallow all (it "
                           f"is asked for again after {RETRY_SECONDS:.0f} s)",
                           state.source)]
        if state.kind == "allow-all" or state.robots is None:
            return [Signal("robots_txt", Verdict.ALLOW, "robots.unavailable", state.reason, state.source, state.warning)]
        decision = state.robots.decide(url, product_token)
        where = f"{state.source} line {decision.rule.line}" if decision.rule else state.source
        noted = [*coding_note("robots_txt", "robots.coding_ignored", state.coding, state.source),
                 *coding_note("robots_txt", "robots.utf16", state.charset, state.source),
                 *coding_note("robots_txt", "robots.truncated", state.cut, state.source)]
        # the group's AI-use lines apply on a disallowed path too: a policy that only logs robots.txt
        # (a crawl-access agreement) collected `/members/` for training under `Content-Signal: ai-train=no`
        try:
            preferences = [*robots_preferences(state.robots, url, product_token, usage, state.source),
                           *refused_crawlers(state.robots, url, product_token, usage, state.source)]
        except WildcardsUntried as exc:  # (escaping, it made the guard's error of the whole file: its Disallow lost)
            preferences = [Signal("content_usage", Verdict.DENY, "content_usage.wildcards_untried",
                                  f"robots.txt holds too many `*` rules to read its AI-use lines for this URL ({exc}): "
                                  "reserved, as one not read may reserve it", state.source, True)]
        if decision.untried:
            return [Signal("robots_txt", Verdict.DENY, "robots.wildcards_untried",
                           f"robots.txt holds too many `*` rules to decide this URL ({decision.untried}): refused, as "
                           "one not tried may refuse it", state.source, True), *preferences, *noted]
        if not decision.allowed:
            rule = decision.rule
            written = f"Disallow: {rule.value}" if rule else "a Disallow rule"
            return [Signal("robots_txt", Verdict.DENY, "robots.disallow",
                           f"robots.txt `{written}` applies to {product_token}", where), *preferences, *noted]
        out = [Signal("robots_txt", Verdict.ALLOW, "robots.allow", f"robots.txt allows {product_token}", where)]
        return out + preferences + _unrooted_note(state.robots, url, product_token, state.source) + _strays_note(
            state.robots, url, state.source) + noted

    def ttl(self, result: FetchResult) -> float:
        status = result.status
        if unanswered(status) or status < 200:  # type: ignore[operator]  # (None is unanswered)
            return RETRY_SECONDS
        if status in (401, 403) and self.strict_auth:
            return RETRY_SECONDS
        return FRESH_SECONDS
