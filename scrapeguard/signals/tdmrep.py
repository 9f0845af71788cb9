"""TDM Reservation Protocol (W3C CG report 2024-05-10; consent-signals.md §4).

Three layers with the protocol's own precedence: `/.well-known/tdmrep.json` (first
matching entry in array order, robots-style location patterns), then the
`tdm-reservation` / `tdm-policy` response headers, then HTML `<meta>` in <head>; a later layer
that is present and valid supersedes the earlier one, an absent or invalid one never
resets it. `supersede` applies that across the host-file and response readers. A meta tag
outside <head> (a comment, an inline SVG in the body) is no publisher's statement: its `1`
adds a reservation, anything else is a note.

Failure rules (ours where the spec is silent): a malformed file, an invalid value or a
5xx / unreachable file is UNKNOWN with a warning; a 4xx means the origin does not
implement the protocol (UNKNOWN, no warning), and so does an HTML page answered in the file's
place (a site's catch-all answer, `page_in_place`). A header or meta value's C0 control bytes and
DEL read as the white space around them (`1\x00` is `1`), as in X-Robots-Tag.

A `location` is "a pattern matching the path of a set of files hosted on the server",
matched robots-style against path and query; a reservation that the path alone matches
(`/*.jpg$` for `/a.jpg?w=300`, a CDN's rendition) is honoured too, said so. It is: a
`/` or `*` pattern, or, read generously, an absolute or scheme-relative (`//host/…`, read with the
file's own scheme) http(s) URL naming this server (host and port; the scheme does not change whose
files they are), matched by its path; blanks around a location are a slip, read without them.
An entry that reserves rights with any other location (relative `images/*`, another
host, a list, nothing) cannot be applied: the URL gets one `tdmrep.invalid_location`
warning (UNKNOWN) naming such entries that come before its first match, so a
reservation we could not place is visible instead of silently skipped. So does an entry
whose location and reservation both cannot be read (`{"Location": "/", "TDM-Reservation": 1}`,
an array or number in place of an object): it may reserve.

A file cut at the 2 MiB cap (or holding more than 10,000 entries) is not "invalid JSON":
the complete entries before the cut are kept, and since the first matching entry wins,
a URL one of them matches gets that entry's exact answer. A URL none of them matches
might be reserved by the part not read, so it is read as reserved (`tdmrep.truncated`,
fail closed): the publisher did say something there, and skipping a page costs less
than ignoring a DSM Art. 4(3) opt-out. A valid header or meta still supersedes it.
"""

from __future__ import annotations

import codecs
import json
import logging
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from scrapeguard.codings import identity_note
from scrapeguard.jurisdiction import ascii_host
from scrapeguard.resource import FetchResult
from scrapeguard.signals.base import (Family, ResponseView, Signal, Usage, Verdict, coding_note, controls_as_space,
                                      meta_tag, other_usage, page_in_place, unanswered)
from scrapeguard.signals.robots import PatternSet, WildcardsUntried, url_targets
from scrapeguard.signals.usage import TDMREP_ASPECTS, aspects_of

log = logging.getLogger("scrapeguard")

MAX_FILE_BYTES = 2 * 1024 * 1024  # ~10,000 entries of 200 bytes; the guard fetches this much
MAX_ENTRIES = 10_000
FRESH_SECONDS = 24 * 3600.0
RETRY_SECONDS = 300.0
_RESPONSE_PREFIXES = ("tdmrep.header.", "tdmrep.meta.")
_RESERVATION_TAGS = ("tdm-reservation", "tdm:reservation")  # the meta tag, as pages name it


def reservation_value(raw: object) -> int | None:
    """`1` / `0` (also as the strings "1" / "0", and as `1.0`, `1e0`: JSON has one number type, RFC 8259
    §6, and PHP's json_encode writes a float 1 so); anything else is a protocol error."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float) and raw in (0, 1):
        return int(raw)
    if isinstance(raw, str) and raw.strip() in ("0", "1"):
        return int(raw.strip())
    return None


def _signal(value: int, code_base: str, source: str, usage: Usage, policy: str | None, where: str) -> Signal:
    touched = set(aspects_of(usage)) & set(TDMREP_ASPECTS)
    extra = f"; policy {policy[:300]}" if policy else ""
    if value == 1:
        if not touched:  # (a note: the decision and its audit record say the site reserved them, review)
            return Signal("tdmrep", Verdict.UNKNOWN, f"{code_base}reserved",
                          f"TDM rights reserved ({where}, tdm-reservation: 1){extra}: {other_usage(aspects_of(usage))}",
                          source, True)
        return Signal("tdmrep", Verdict.DENY, f"{code_base}reserved",
                      f"TDM rights reserved ({where}, tdm-reservation: 1){extra}", source)
    verdict = Verdict.ALLOW if touched else Verdict.UNKNOWN
    return Signal("tdmrep", verdict, f"{code_base}not_reserved",
                  f"TDM rights not reserved ({where}, tdm-reservation: 0)", source)


# ----------------------------------------------------------------------- the file
@dataclass(frozen=True, slots=True)
class Entry:
    """One rule of the file. `location` is as written (a JSON rendering if not a string);
    `pattern` the path pattern to match ("" when the location is unusable, `problem`
    says why); `host` the `host[:port]` an absolute-URL location names; `invalid` why a
    `reservation` of None is no 0 or 1."""

    index: int
    location: str
    reservation: int | None
    policy: str | None
    pattern: str = ""
    host: str = ""
    problem: str = ""
    invalid: str = "is neither 0 nor 1"


@dataclass(frozen=True, slots=True)
class _Twice:
    """A key an object gives more than once, with different values: which one the publisher
    meant cannot be told."""

    values: tuple[object, ...]

    def __str__(self) -> str:
        return "given twice (" + ", ".join(json.dumps(v, default=str)[:60] for v in self.values) + ")"


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose key given twice with different values reads as `_Twice`, not as its
    last value. Why: `{"tdm-reservation": 1, "tdm-reservation": 0}` was read as 0, an explicit
    "not reserved" (ALLOW), and a `location` given twice as the last one, so that the entry's
    reservation of the first went unseen."""
    out: dict[str, object] = {}
    for key, value in pairs:
        if key not in out:
            out[key] = value
            continue
        current = out[key]
        known = current.values if isinstance(current, _Twice) else (current,)
        if len(known) < _TWICE_SHOWN and value not in known:  # (a few are shown; keeping them all was quadratic)
            out[key] = _Twice((*known, value))
    return out


_TWICE_SHOWN = 4  # values of a key given more than once that are kept (and shown)


@dataclass(slots=True)
class TdmRepState:
    kind: str  # "parsed" | "absent" | "broken"
    source: str
    entries: list[Entry] = field(default_factory=list)
    reason: str = ""
    cut: str = ""  # parsed, but only in part: what was not read (fail closed past it)
    coding: str = ""  # sent with a Content-Encoding that is no coding, read as plain text (`identity_note`)
    located: _Locations | None = field(default=None, repr=False, compare=False)  # built on first use

    def locations(self) -> _Locations:
        """The entries' locations compiled once for this file (it goes with the state)."""
        if self.located is None:
            self.located = _Locations(self.entries)
        return self.located


class _Locations:
    """Which entry of a file is the first to match a URL, found as matching the entries
    one by one in array order would, without a pass per entry (a 2 MiB file holds
    ~10,000): one `PatternSet` for the path locations and one per server an absolute-URL
    location names, the earliest hit of those that apply to the URL's server wins."""

    __slots__ = ("_sets", "_hosted", "_unplaceable")

    def __init__(self, entries: list[Entry]) -> None:
        by_host: dict[str, list[Entry]] = {}
        for entry in entries:
            if not entry.problem:
                by_host.setdefault(entry.host, []).append(entry)
        self._sets = {host: (group, PatternSet.of(e.pattern for e in group)) for host, group in by_host.items()}
        self._hosted = bool(by_host.keys() - {""})
        # entries that a URL may not be able to place: a reserving one with a bad location or another
        # server's, and one with a bad location whose reservation cannot be read either (`{"Location": "/",
        # "TDM-Reservation": 1}`, `["/", 1]`): what it says is unknown, so it may reserve, and is not skipped silently
        self._unplaceable = [e for e in entries if (e.reservation == 1 and (e.problem or e.host))
                             or (e.reservation is None and e.problem)]

    def first(self, url: str) -> tuple[Entry | None, list[tuple[Entry, str]]]:
        """The first entry matching `url`, and the reserving entries before it (all of
        them, when none matches) whose location cannot be applied to it, with why."""
        here = authority(url) if self._hosted else None
        try:
            targets = url_targets(url)
        except Exception:  # noqa: BLE001 - a URL the matcher cannot read matches nothing
            targets = ()
        firsts: list[Entry] = []  # the first entry of each reading of the URL (as written, as a server serves it)
        for target in targets:
            found: Entry | None = None
            for host in {"", here or ""}:  # path locations, and those naming this URL's server
                if (located := self._sets.get(host)) is None:
                    continue
                group, patterns = located
                try:
                    position = patterns.first(target)
                except WildcardsUntried:  # (which entry is first is not known: `_evaluate` fails closed)
                    raise
                except Exception:  # noqa: BLE001 - a URL the matcher cannot read matches nothing
                    position = None
                if position is not None and (found is None or group[position].index < found.index):
                    found = group[position]
            if found is not None:
                firsts.append(found)
        # (the reading that reserves wins, as robots.txt's refusing reading does: review of the change)
        found = next((e for e in firsts if e.reservation == 1), None) or min(firsts, key=lambda e: e.index,
                                                                          default=None)
        unplaced: list[tuple[Entry, str]] = []
        for entry in self._unplaceable:
            if found is not None and entry.index >= found.index:
                break
            if entry.problem:
                unreadable = "" if entry.reservation is not None else f", and its tdm-reservation {entry.invalid}"
                unplaced.append((entry, entry.problem + unreadable))
            elif entry.host != here:
                why = f"names another server ({entry.host}); this file speaks for {here or 'its own'}"
                unplaced.append((entry, why))
        return found, unplaced


_WS = " \t\n\r"


def _partial_array(text: str) -> tuple[list[object], str]:
    """The complete elements at the head of a JSON array that may be cut short, and why
    reading stopped before its `]` ("" when the array closed). Raises ValueError when the
    text is not the start of an array."""
    decoder = json.JSONDecoder(object_pairs_hook=_object)
    n = len(text)
    pos = n - len(text.lstrip(_WS))
    if pos >= n or text[pos] != "[":
        raise ValueError("not a JSON array (brackets are mandatory)")
    pos += 1
    items: list[object] = []
    while True:
        while pos < n and text[pos] in _WS:
            pos += 1
        if pos < n and text[pos] == "]" and not items:
            return items, ""
        if len(items) >= MAX_ENTRIES:
            return items, f"more than {MAX_ENTRIES} entries"
        try:
            item, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            return items, f"stopped at character {pos} of the {n} read"
        items.append(item)
        while pos < n and text[pos] in _WS:
            pos += 1
        if pos < n and text[pos] == "]":
            return items, ""
        if pos < n and text[pos] == ",":
            pos += 1
            continue
        return items, f"stopped at character {pos} of the {n} read"


def authority(url: str) -> str | None:
    """`host[:port]` of an http(s) URL, the port only when it is not the scheme's
    default; None when `url` is not an absolute http(s) URL. The host is in the
    `ascii_host` spelling (IDNA A-labels, lower case, no trailing dot, one IP spelling), so
    a location written `https://bücher.de/…` names the server `xn--bcher-kva.de` serves."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = ascii_host(parts.hostname)
    if not host:
        return None
    if ":" in host:  # IPv6: bracketed, so `[::1]:8080` and `[::1:8080]` stay apart
        host = f"[{host}]"
    default = 80 if scheme == "http" else 443
    return host + (f":{port}" if port not in (None, default) else "")


def _entry(index: int, item: dict[str, object], scheme: str = "http", misencoded: bool = False) -> Entry:
    """An object of the array, with its location read as a pattern (or why it cannot be); `scheme`:
    the file's own, which a scheme-relative location has; `misencoded`: the file held bytes of another
    encoding, read as U+FFFD."""
    raw, policy, given = item.get("location"), item.get("tdm-policy"), item.get("tdm-reservation")
    reservation = reservation_value(given)
    policy_text = policy if isinstance(policy, str) else None
    if "tdm-reservation" not in item:
        return replace(_entry(index, {**item, "tdm-reservation": None}, scheme, misencoded), invalid="is missing")
    if isinstance(given, _Twice):
        return replace(_entry(index, {**item, "tdm-reservation": None}, scheme, misencoded), invalid=str(given))
    if isinstance(raw, _Twice):
        return Entry(index, str(raw.values[0])[:100], reservation, policy_text, problem=f"location {raw}")
    if not isinstance(raw, str):
        shown = json.dumps(raw, default=str)[:100] if raw is not None else "missing"  # (a `_Twice` inside: its words)
        return Entry(index, shown, reservation, policy_text, problem="not a string")
    written, raw = raw, raw.strip(_WS)  # (blanks around it: a slip, whose reservation a path match honours)
    if misencoded and "\ufffd" in raw:  # a byte of another encoding, replaced as it was read: no URL it meant matches
        return Entry(index, written, reservation, policy_text, problem="holds bytes that are no UTF-8")
    # `//host/path`: a scheme-relative URL (of this server or another), read with the file's own scheme
    # (`//h:443/` on https is h's default port); not a path beginning with an empty segment, unless what
    # would be its host is a pattern (`//*.jpg`)
    relative = raw.startswith("//") and "*" not in raw[2:].split("/", 1)[0]
    if raw.startswith(("/", "*")) and not relative:
        return Entry(index, written, reservation, policy_text, pattern=raw)
    absolute = f"{scheme}:{raw}" if relative else raw
    host = authority(absolute)
    if host is None:
        return Entry(index, written, reservation, policy_text, problem=(
            "a scheme-relative URL whose host or port cannot be read" if relative else
            "neither a path pattern starting with / or * nor an http(s) URL"))
    parts = urlsplit(absolute)
    pattern = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Entry(index, written, reservation, policy_text, pattern=pattern, host=host)


def parse_file(body: bytes, source: str, *, truncated: bool = False) -> TdmRepState:
    """The JSON array of `{location, tdm-reservation, tdm-policy?}`; never raises.

    `truncated`: the fetch stopped at its byte cap, so `body` is only the file's head.
    A body that fills the cap exactly is read as possibly cut too (an adapter may cut
    without saying so); when it is whole, the element-wise reading gives the same entries.
    """
    cut = truncated or len(body) >= MAX_FILE_BYTES
    body = body[:MAX_FILE_BYTES]
    why = ""
    # UTF-8 (a BOM or none), or the UTF-16 / UTF-32 RFC 7159 allowed, told by its bytes as json.loads tells them
    codec = {"utf-8": "utf-8-sig"}.get(encoding := json.detect_encoding(body), encoding)
    try:  # a byte of another encoding (a Latin-1 `é` in a tdm-policy URL) is replaced: JSON's structure,
        # not a name's spelling, decides whether the file can be read (read strictly, one voided every reservation)
        text = codecs.getincrementaldecoder(codec)(errors="strict").decode(body, final=not cut)
        misencoded = False
    except UnicodeDecodeError:  # (a location so spelled can name no URL: `_entry` says so of it)
        text = codecs.getincrementaldecoder(codec)(errors="replace").decode(body, final=not cut)
        misencoded = True
    try:
        if not cut:
            data = json.loads(text, object_pairs_hook=_object)
        else:  # the incremental decoder held back a character split by the cut
            data, why = _partial_array(text)
    except (ValueError, RecursionError) as exc:
        return TdmRepState("broken", source, reason=f"not valid JSON ({type(exc).__name__}: {str(exc)[:120]})")
    if not isinstance(data, list):
        return TdmRepState("broken", source, reason="not a JSON array (brackets are mandatory)")
    note = ""
    if why:
        note = f"file cut at the {MAX_FILE_BYTES // 1024} KiB reading cap, {why}: {len(data)} complete entries read"
    elif len(data) > MAX_ENTRIES:
        note = f"more than {MAX_ENTRIES} entries: the first {MAX_ENTRIES} read"
    entries: list[Entry] = []
    scheme = "https" if source.lower().startswith("https:") else "http"
    for i, item in enumerate(data[:MAX_ENTRIES]):
        if not isinstance(item, dict):  # kept: it shows where the error is
            entries.append(Entry(i, json.dumps(item, default=str)[:100], None, None, problem="not a JSON object",
                                 invalid="cannot be read"))
            continue
        entries.append(_entry(i, item, scheme, misencoded))
    return TdmRepState("parsed", source, entries, cut=note)


class TdmRepFile:
    """The `/.well-known/tdmrep.json` host file."""

    families: tuple[Family, ...] = ("tdmrep",)
    path = "/.well-known/tdmrep.json"
    max_bytes = MAX_FILE_BYTES

    def parse(self, result: FetchResult) -> TdmRepState:
        status = result.status
        if unanswered(status):
            what = f"HTTP {status}" if status is not None else f"unreachable ({result.error or 'no response'})"
            return TdmRepState("broken", result.url, reason=what)
        assert status is not None  # (`unanswered` takes no answer)
        if status >= 300 or status < 200:
            return TdmRepState("absent", result.url, reason=f"HTTP {status}: origin does not implement TDMRep")
        state = parse_file(result.body, result.final_url or result.url, truncated=result.truncated)
        if state.kind == "broken" and page_in_place(result.body):  # (a JSON array served as text/html is read)
            return TdmRepState("absent", state.source, reason=f"HTTP {status} with an HTML page in its place "
                               "(a catch-all answer): origin does not implement TDMRep")
        state.coding = identity_note(result.headers.get("content-encoding"), "tdmrep.json")
        return state

    def evaluate(self, state: object, url: str, product_token: str, usage: Usage,
                 served_as: str | None = None) -> list[Signal]:
        if not isinstance(state, TdmRepState) or state.kind == "absent":
            return []
        return [*self._evaluate(state, url, usage),
                *coding_note("tdmrep", "tdmrep.coding_ignored", state.coding, state.source)]

    def _evaluate(self, state: TdmRepState, url: str, usage: Usage) -> list[Signal]:
        if state.kind == "broken":
            return [Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.unavailable",
                           f"tdmrep.json unusable ({state.reason}): reservation unset", state.source, True)]
        try:
            entry, unplaced = state.locations().first(url)  # reserving entries before the match we cannot apply
            by_path = ""
            if (entry is None or entry.reservation != 1) and (path := _without_query(url)) != url:
                # the report says a location matches "the path" of files, robots.txt's matching reads path and
                # query: `/*.jpg$` misses `/a.jpg?w=300`. A reservation either reading finds is honoured
                reserving, path_unplaced = state.locations().first(path)
                if reserving is not None and reserving.reservation == 1:
                    entry, unplaced = reserving, path_unplaced
                    by_path = " (matched by the URL's path without its query)"
        except WildcardsUntried as exc:  # as an entry not read (`tdmrep.truncated`): it may reserve this URL
            touched = set(aspects_of(usage)) & set(TDMREP_ASPECTS)
            return [Signal("tdmrep", Verdict.DENY if touched else Verdict.UNKNOWN, "tdmrep.wildcards_untried",
                           f"tdmrep.json holds too many `*` locations to find this URL's first entry ({exc}): "
                           "treated as reserved (fail closed: one not tried may reserve it)", state.source, True)]
        if entry is not None:
            where = f"{state.source} entry [{entry.index}] location {entry.location!r}{by_path}"
            if entry.reservation is None:
                found = Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.invalid_value",
                               f"tdm-reservation {entry.invalid}: protocol error, reservation unset", where, True)
            else:
                found = _signal(entry.reservation, "tdmrep.", where, usage, entry.policy, "tdmrep.json")
            return [found, *_unplaced_note(unplaced, state.source)]
        if state.cut:  # the part not read may hold the first entry matching this URL
            touched = set(aspects_of(usage)) & set(TDMREP_ASPECTS)
            return [Signal("tdmrep", Verdict.DENY if touched else Verdict.UNKNOWN, "tdmrep.truncated",
                           f"tdmrep.json truncated ({state.cut}); no entry read matches this URL, so it is "
                           "treated as reserved (fail closed: an unread entry may reserve it)",
                           state.source, True), *_unplaced_note(unplaced, state.source)]
        return _unplaced_note(unplaced, state.source)

    def ttl(self, result: FetchResult) -> float:
        if unanswered(result.status):
            return RETRY_SECONDS
        return FRESH_SECONDS


def _without_query(url: str) -> str:
    """`url` without its query and fragment (the path a TDMRep location names)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def _unplaced_note(unplaced: list[tuple[Entry, str]], source: str) -> list[Signal]:
    """One warning for the file's reserving entries whose location cannot be matched
    (they might have been this URL's first match): UNKNOWN, never silently skipped."""
    if not unplaced:
        return []
    shown = "; ".join(f"entry [{e.index}] location {e.location[:100]!r}: {why}" for e, why in unplaced[:3])
    more = f"; and {len(unplaced) - 3} more" if len(unplaced) > 3 else ""
    count = f"{len(unplaced)} entr{'y' if len(unplaced) == 1 else 'ies'}"
    what = ("reserving TDM rights" if all(e.reservation == 1 for e, _ in unplaced)
            else "reserving TDM rights (or whose reservation cannot be read)")
    return [Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.invalid_location",
                   f"tdmrep.json: {count} {what} with a location that cannot be matched "
                   f"({shown}{more}): not applied, so the reservation they may make here is unknown",
                   source, True)]


# ----------------------------------------------------------------------- header + meta
class TdmRepReader:
    """`tdm-reservation` / `tdm-policy` response headers and HTML meta."""

    families: tuple[Family, ...] = ("tdmrep",)

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        out: list[Signal] = []
        header = self._header(response, usage, out)
        meta = self._meta(response, usage, out)
        chosen = meta or header  # meta supersedes the header
        if chosen is not None:
            out.append(chosen)
        out.extend(self._outside_head(response, usage, chosen is not None and chosen.code.endswith(".reserved")))
        return out

    @staticmethod
    def _header(response: ResponseView, usage: Usage, out: list[Signal]) -> Signal | None:
        values = response.headers.get_all("tdm-reservation")
        if not values:
            return None
        # every field (the response's are capped at 256): a `1` after 64 `0` fields is a conflict, not a `0`;
        # each field's distinct parts first (a field of 8,000 `0,` is one part to read)
        parts = {controls_as_space(p).strip() for v in values for p in set(v.split(","))}  # (`1\x00` is `1`)
        if len(parts) > 1:  # an empty element or field line says nothing (RFC 9110 §5.6.1): `1` beside one is `1`
            parts.discard("")
        source = f"tdm-reservation header: {', '.join(values)[:200]!r}"
        if len(parts) == 1 and (value := next(iter(parts))) in ("0", "1"):
            policy = response.headers.get("tdm-policy")
            return _signal(int(value), "tdmrep.header.", source, usage, policy, "response header")
        out.append(Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.invalid_header",
                          "tdm-reservation header is not a single 0 or 1: protocol error, ignored", source, True))
        return None

    @staticmethod
    def _meta(response: ResponseView, usage: Usage, out: list[Signal]) -> Signal | None:
        if response.page is None:
            return None
        outside = response.page.meta_outside_head  # (`_outside_head` reads those: they supersede nothing)
        # (the attribute as the page wrote it, for the source)
        tags = [(meta_tag(n), c) for i, (n, c) in enumerate(response.page.meta) if i not in outside]
        reservations = [(attribute, c) for (n, attribute), c in tags if n in _RESERVATION_TAGS]
        if not reservations:
            return None
        policy = next((c for (n, _), c in tags if n in ("tdm-policy", "tdm:policy")), None)
        parts = {controls_as_space(v or "").strip() for _, v in reservations}
        if len(parts) > 1:  # an empty tag says nothing, as an empty header element (`_header`): `1` beside one is `1`
            parts.discard("")
            reservations = [(a, v) for a, v in reservations if controls_as_space(v or "").strip()] or reservations
        attribute, last = reservations[-1]
        source = f'<meta {attribute} content="{last[:100]}"> on {response.url[:300]}'
        if len(parts) == 1 and next(iter(parts)) in ("0", "1"):
            return _signal(int(next(iter(parts))), "tdmrep.meta.", source, usage, policy, "HTML meta")
        # (tags saying 1 and 0 were told apart from one saying neither: "not 0 or 1" of a page that said both)
        said = ", ".join(repr(p[:20]) for p in sorted(parts)[:4])
        out.append(Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.invalid_meta",
                          f"tdm-reservation meta is not a single 0 or 1 (it says {said}): protocol error, ignored",
                          source, True))
        return None

    @staticmethod
    def _outside_head(response: ResponseView, usage: Usage, reserved: bool) -> list[Signal]:
        """The `tdm-reservation` meta tags that are no children of the page's <head> (`meta_outside_head`): a `1`
        among them a reservation added to what the rest says (unless that reserves already, `reserved`), anything
        else a note: they lift nothing.

        Why: the TDMRep HTML technique places them in <head>; in the body they are a user's comment, an inline
        SVG, a template's content, no statement of the publisher's, and their `0` lifted the site's reservation
        (its tdmrep.json and its own header alike)."""
        page = response.page
        if page is None or not page.meta_outside_head:
            return []
        tags = [(meta_tag(page.meta[i][0]), page.meta[i][1]) for i in sorted(page.meta_outside_head)
                if i < len(page.meta)]
        said = [(attribute, content or "") for (name, attribute), content in tags if name in _RESERVATION_TAGS]
        if not said:
            return []
        reserving = [(attribute, content) for attribute, content in said if controls_as_space(content).strip() == "1"]
        attribute, content = (reserving or said)[0]
        source = f'<meta {attribute} content="{content[:100]}"> outside <head> on {response.url[:300]}'
        if reserving:
            if reserved:
                return []
            policy = next((c for (n, _), c in tags if n in ("tdm-policy", "tdm:policy")), None)
            return [_signal(1, "tdmrep.meta.", source, usage, policy, "HTML meta outside <head>")]
        return [Signal("tdmrep", Verdict.UNKNOWN, "tdmrep.meta_outside_head",
                       f"{len(said)} tdm-reservation meta tag(s) outside the page's <head> (a comment, an inline SVG, "
                       "a template): not the publisher's statement, so not read as lifting a reservation", source,
                       True)]


def provisional(signal: Signal) -> Signal:
    """A file-level reading before the response is known: a note, not yet a verdict."""
    if signal.family != "tdmrep" or signal.code.startswith(_RESPONSE_PREFIXES) or signal.verdict == Verdict.UNKNOWN:
        return signal
    return Signal("tdmrep", Verdict.UNKNOWN, signal.code + ".provisional",
                  f"{signal.detail}; provisional until the response (a tdm-reservation header or meta supersedes it)",
                  signal.source, True, signal.applies_to)


def supersede(host: list[Signal], response: list[Signal]) -> list[Signal]:
    """TDMRep precedence across stages: a valid header or meta reading replaces the
    file-level reading (a header `0` legitimately overrides a site-wide `1`)."""
    if any(s.family == "tdmrep" and s.code.startswith(_RESPONSE_PREFIXES) for s in response):
        return [s for s in host if s.family != "tdmrep"]
    return host
