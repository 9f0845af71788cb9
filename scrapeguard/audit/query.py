"""Filters and aggregate counts over the log, done in SQL so large logs are never loaded.

Filters combine with AND; times accept a date or RFC 3339 (integration.md §4.4).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapeguard.audit.errors import AuditError
from scrapeguard.audit.record import EVENT_KINDS, format_ts, parse_ts
from scrapeguard.audit.store import (
    READABLE_RECORD, VALID_RECORD, AuditLog, blob_columns, damaged_seqs, object_item, summed, text_rows,
)
from scrapeguard.decision import ACTIONS
from scrapeguard.jurisdiction import ascii_host, ip_literal, is_public_suffix, registrable_domain
from scrapeguard.policy.evaluate import ON_ERROR_RULE

_ON_ERROR_CODES = {"error.fail_open": "fail-open", "error.fail_closed": "fail-closed"}

# every kind the chain holds: the event kinds come from the schemas (`storage` too)
KINDS = ("decision", *EVENT_KINDS.values())
# what `list` shows in the action column for an event (the chain's action column holds it too)
EVENT_ACTIONS = ("access", "erasure", "prune", "read")


class FilterError(AuditError):
    """A filter value that cannot be understood: refused rather than silently ignored."""

    exit_code = 2


# the date and the time of an RFC 3339 / ISO 8601 text, and a time's UTC offset
_DATE_TIME = re.compile(r"(?P<date>[^Tt ]+)(?:[Tt ](?P<time>.*))?")
_OFFSET = re.compile(r"(?:[Zz]|[+-].*)$")
_LOG_PRECISION = _dt.timedelta(milliseconds=1)  # `format_ts`: the log's times are to the millisecond
_WEEK = re.compile(r"\d{4}-?[Ww]\d{2}")  # an ISO 8601 week without its day (`2026-W49`): seven days


def _named_span(raw: str) -> _dt.timedelta:
    """How much time a date or time names, read from what was written (never from its
    length, so `20261201` is a whole day as `2026-12-01` is): a day, an hour, a minute, a
    second, or with a fraction the log's own millisecond; an ISO week (`2026-W49`) its seven days."""
    match = _DATE_TIME.fullmatch(raw)
    time = _OFFSET.sub("", match.group("time") or "") if match else ""
    if not time:
        return _dt.timedelta(days=7 if match and _WEEK.fullmatch(match.group("date")) else 1)
    if "." in time or "," in time:
        return _LOG_PRECISION
    digits = sum(c.isdigit() for c in time)
    if digits <= 2:
        return _dt.timedelta(hours=1)
    return _dt.timedelta(minutes=1) if digits <= 4 else _dt.timedelta(seconds=1)


def parse_time(text: str, *, end: bool = False) -> str:
    """A date (`2026-11-01`) or RFC 3339 time, as the log's own `ts` spelling. With `end`
    (`--until`, inclusive) the first instant after the span the text names: `--until
    2026-11-01` is the whole day, `…T10:27Z` the whole minute, `…T10:27:11Z` the whole
    second, so a record shown at that time is inside it; compare with `<`."""
    raw = (text or "").strip()
    try:
        value = parse_ts(raw)
    except ValueError as exc:
        if "out of range" in str(exc):  # (`parse_ts`: a valid time outside the years 1 to 9999 in UTC)
            raise FilterError(f"time out of range: {text!r}") from None
        raise FilterError(f"not a date or RFC 3339 time: {text!r} (try 2026-11-01 or 2026-11-01T09:00:00Z)") from None
    try:
        if end:
            span = _named_span(raw)
            # the start of the span named (a fraction finer than the log's is cut to it), then past it
            value -= _dt.timedelta(microseconds=value.microsecond % 1000) if span == _LOG_PRECISION else _dt.timedelta()
            value += span
        return format_ts(value)
    except (OverflowError, ValueError):
        raise FilterError(f"time out of range: {text!r}") from None


def on_error_sql(mode: str) -> tuple[str, list[str]]:
    """SQL (and its argument) true for a decision the policy's on_error decided in `mode`
    ("fail-open": an error finding let through; "fail-closed": withheld), read from the
    findings' rule — which logs written before `error.fail_open`/`error.fail_closed` were
    outcome codes carry too."""
    allowed = "IN (1, 'true')" if mode == "fail-open" else "NOT IN (1, 'true')"
    return (f"(json_extract({VALID_RECORD}, '$.outcome.allowed') {allowed} AND EXISTS (SELECT 1 FROM "
            f"json_each({VALID_RECORD}, '$.findings') f WHERE json_extract({object_item('f')}, '$.kind') = 'error' "
            f"AND json_extract({object_item('f')}, '$.rule') = ?))", [ON_ERROR_RULE + mode])


def without_port(host: str) -> str:
    """`127.0.0.1:8080` or `[::1]:8080` as its host: the log's domain column holds no port, and
    `registrable_domain` drops one only from a name. ValueError for a port that is none."""
    if host.startswith("[") or host.count(":") == 1:
        parts = urlsplit("//" + host)
        _ = parts.port  # (raises ValueError for a port that is no number)
        return parts.hostname or host
    return host


def names_port(text: str) -> bool:
    """Whether a --domain names a port (`10.0.0.5:9090`, `[::1]:8080`), which `host_name` drops: the log files
    records by host alone, so such a --domain took every port of the host, and said nothing (review)."""
    raw = text.strip()
    if not (raw.startswith("[") or raw.count(":") == 1):
        return False
    try:
        return urlsplit("//" + raw).port is not None
    except ValueError:  # (no port a URL can have: `host_name` refuses it)
        return False


E_MAIL = re.compile(r"[^@\s/:]+@[^@\s/]+")  # `jane.doe@example.org`: an address, no URL or host


def host_name(text: str) -> str:
    """The host as given, lower case and IDNA (`bücher.example.de` is what the crawler met as
    `xn--bcher-kva.example.de`). Never widened to its registrable domain here: a person's
    `jane.example.org` is not everyone's `example.org` (`subject`); `Filters` widens it. A port is
    dropped (`127.0.0.1:8080`, `[::1]:8080`), as the log's domains hold none (`names_port`: said by
    `list`, refused by `subject` and `erase`). A value no host can
    have (`example..org`, `-`) is refused: searched for, it matched nothing and was answered so."""
    raw = text.strip().lower().rstrip(".")
    if E_MAIL.fullmatch(raw):  # (`subject` and `erase` say more: `dsr._by_e_mail`)
        raise FilterError(f"not a domain: {text!r} is an e-mail address; the log's domains are the hosts the crawler "
                          "fetched from (give a host such as jane.example.org; a URL holding the address is found with "
                          "`list --show-urls`)")
    if not raw or any(c in raw for c in "/@?# \t\\"):
        raise FilterError(f"not a domain: {text!r} (give a host name such as jane.example.org)")
    try:
        raw = without_port(raw)
    except ValueError:
        raise FilterError(f"not a domain: {text!r} (give a host name such as jane.example.org)") from None
    address = ip_literal(raw)
    if address is not None:
        return address
    if ":" in raw or ".." in raw:
        raise FilterError(f"not a domain: {text!r} (give a host name such as jane.example.org)")
    if "*" in raw:  # (a wildcard was searched for as written: "nothing held", and nothing suppressed)
        raise FilterError(f"not a domain: {text!r}: give the host itself (jane.example.org), which covers "
                          "the hosts below it")
    host = ascii_host(raw)  # (as the log keeps hosts, `store.url_host`: IDNA 2003 read straße.de as strasse.de)
    if not _HOST.fullmatch(host) or not all(map(_a_label_or_none, host.split("."))):
        # (`%6f`, a control character, `xn--` with no Punycode after it: a name no page has, which httpx
        # refuses to request, answered "nothing held")
        raise FilterError(f"not a domain: {text!r} (give a host name such as jane.example.org)")
    return host


def _a_label_or_none(label: str) -> bool:
    """Whether a label is no A-label (`xn--…`) or one whose Punycode decodes to something."""
    if not label.startswith("xn--"):
        return True
    try:
        return bool(label[4:].encode("ascii").decode("punycode"))
    except (UnicodeError, ValueError):
        return False


# a host's labels, as the log keeps them (IDNA), each with a letter or digit
_LABEL = r"[a-z0-9_-]*[a-z0-9][a-z0-9_-]*"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def domain_condition(site: str) -> tuple[str, list[str]]:
    """`WHERE` text over `chain c` for the records of a registrable domain, and its parameters.

    Under a TLD the suffix list does not name (`.internal`, `.test`), a log written before such
    hosts took the list's default rule holds each host as its own domain (`www.staff.internal`):
    there the hosts under `site` are asked for too (a scan, but only for those TLDs). So under a
    one-label site (`intranet`, which erase accepts), whose hosts are each their own domain
    (`www.intranet`) under that rule; never under a public suffix (`org`) or an address."""
    tld = site.rpartition(".")[2]
    if ip_literal(site) is not None or is_public_suffix(tld):
        return "c.domain = ?", [site]
    escaped = site.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "(c.domain = ? OR c.domain LIKE ? ESCAPE '\\')", [site, "%." + escaped]


@dataclass(slots=True)
class Filters:
    since: str | None = None
    until: str | None = None
    domain: str | None = None
    action: str | None = None
    code: str | None = None
    purpose: str | None = None
    kind: str | None = None
    policy: str | None = None  # NAME or NAME@VERSION: the policy a record says it was made under

    def policy_parts(self) -> tuple[str, str | None]:
        """(policy id, version or None) of `policy`."""
        name, at, version = (self.policy or "").strip().partition("@")
        return name, (version if at else None)

    def validate(self) -> Filters:
        for name in ("since", "until", "purpose"):  # (`--since "$START"` with START unset: not the whole log)
            if getattr(self, name) is not None and not getattr(self, name).strip():
                raise FilterError(f"--{name} is empty: give a value, or leave the option out")
        if self.action is not None and self.action not in (*ACTIONS, *EVENT_ACTIONS):
            raise FilterError(
                f"unknown action {self.action!r}; one of {', '.join(ACTIONS)} (decisions) "
                f"or {', '.join(EVENT_ACTIONS)} (events)"
            )
        if self.kind is not None and self.kind not in KINDS:
            raise FilterError(f"unknown record kind {self.kind!r}; one of {', '.join(KINDS)}")
        if self.domain is not None:
            # (a typo, `example..org`, was answered "no records match": nothing collected from the site)
            self.domain = registrable_domain(host_name(self.domain))
        if self.policy is not None:
            name, version = self.policy_parts()
            if not name or len(self.policy) > 200 or version == "":
                raise FilterError(f"not a policy: {self.policy!r} (give its id, e.g. gdpr-strict, or id@version)")
        if self.code is not None:
            # a prefix as the codes' table writes it (`robots.`, `xrobots.`) is that prefix: as written, it was
            # matched as `robots..…` and answered "no records match" of a log full of robots.txt refusals
            code = self.code.rstrip(".")
            if not code.strip() or len(code) > 200:
                raise FilterError(f"not a reason code: {self.code!r}")
            self.code = code
        for name, value in (("since", self.since), ("until", self.until)):  # (said with its option)
            try:
                if value:
                    parse_time(value, end=name == "until")
            except FilterError as exc:  # (`--until 9999-12-31` meant "no end")
                hint = (" (to take every record to the log's end, leave --until out)"
                        if name == "until" and "out of range" in str(exc) else "")
                raise FilterError(f"--{name}: {exc}{hint}") from None
        if self.since and self.until and parse_time(self.since) >= parse_time(self.until, end=True):
            raise FilterError("--since must be before the end of --until")
        return self

    def sql(self) -> tuple[str, list[Any]]:
        """`WHERE` text over `chain c` and its parameters."""
        parts: list[str] = []
        args: list[Any] = []
        if self.since:
            parts.append("c.ts >= ?")
            args.append(parse_time(self.since))
        if self.until:
            parts.append("c.ts < ?")
            args.append(parse_time(self.until, end=True))
        if self.domain:
            # (that domain alone: `strasse.de`, as IDNA 2003 spells `straße.de`, is another owner's site)
            where, values = domain_condition(self.domain)
            parts.append(where)
            args.extend(values)
        if self.action:
            kind = "c.kind = 'decision'" if self.action in ACTIONS else "c.kind <> 'decision'"
            parts.append(f"c.action = ? AND {kind}")
            args.append(self.action)
        if self.purpose:
            parts.append("c.purpose = ?")
            args.append(self.purpose)
        if self.kind:
            parts.append("c.kind = ?")
            args.append(self.kind)
        if self.policy:
            name, version = self.policy_parts()
            parts.append(f"json_extract({VALID_RECORD}, '$.policy.id') = ?")
            args.append(name)
            if version is not None:
                parts.append(f"json_extract({VALID_RECORD}, '$.policy.version') = ?")
                args.append(version)
        if self.code:
            # a finding's code, or a note's: what a decision could not see (face.min_size,
            # xrobots.truncated, body.coding_unclear…) is found and counted as a finding is; in any
            # letter case, whole or as a prefix alike (`LIKE` folds ASCII case: `ROBOTS` found what
            # `ROBOTS.DISALLOW` did not, found in review)
            note_code = "json_extract(CASE WHEN n.type = 'object' THEN n.value END, '$.code')"
            parts.append(
                f"(EXISTS (SELECT 1 FROM json_each({VALID_RECORD}, '$.outcome.codes') j "
                "WHERE j.value = ? COLLATE NOCASE OR j.value LIKE ? ESCAPE '\\') "
                f"OR EXISTS (SELECT 1 FROM json_each({VALID_RECORD}, '$.notes') n "
                f"WHERE {note_code} = ? COLLATE NOCASE OR {note_code} LIKE ? ESCAPE '\\'))"
            )
            escaped = self.code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args += [self.code, escaped + ".%", self.code, escaped + ".%"]
            mode = _ON_ERROR_CODES.get(self.code.lower())
            if mode is not None:  # also found in a log written before these were outcome codes
                old, more = on_error_sql(mode)
                parts[-1] = f"({parts[-1]} OR {old})"
                args += more
        return " AND ".join(parts), args


def stats(log: AuditLog, filters: Filters | None = None, top: int = 20) -> dict[str, Any]:
    """Counts by action, reason code, domain, policy and day (decisions only; events counted
    apart). `by_policy` and `fail_open` are `report.policy_stats`. All read in one snapshot
    (`AuditLog.reading`): a crawl writing meanwhile gave a total and counts per action and per
    policy that did not add up to one another."""
    with log.reading() as view:
        return _stats(view, filters or Filters(), top)


_STAGE = "$.stage"  # (request, response, page-image: `decision.Stage`)


def _stats(log: AuditLog, filters: Filters, top: int) -> dict[str, Any]:
    where, args = filters.sql()
    where = f"{READABLE_RECORD} AND {where}" if where else READABLE_RECORD  # (damaged records skipped, as said)
    base = f"FROM chain c WHERE c.kind = 'decision' AND {where}"
    conn = log.conn
    # every text read as bytes (`text_rows`): one byte that is not UTF-8 in a record's action, domain,
    # purpose, time or reason code (a bad sector) failed every figure; it is counted under its name as it reads

    def rows(sql: str, given: Any = args) -> list[tuple[Any, ...]]:
        return text_rows(conn, sql, given)

    def counts(sql: str, given: Any = args) -> dict[Any, int]:
        return summed((key, n) for key, n in rows(sql, given))

    total = rows(f"SELECT count(*) {base}")[0][0]
    by_action = counts(f"SELECT {blob_columns('c.action')}, count(*) {base} GROUP BY c.action ORDER BY 2 DESC")
    enforced = counts(f"SELECT json_extract({VALID_RECORD}, '$.outcome.enforced'), count(*) {base} GROUP BY 1")
    by_code = counts(
        f"SELECT {blob_columns('j.value')}, count(*) FROM chain c, json_each({VALID_RECORD}, '$.outcome.codes') j "
        f"WHERE c.kind = 'decision' AND {where} GROUP BY j.value ORDER BY 2 DESC LIMIT {int(top)}"
    )
    note_code = blob_columns("json_extract(CASE WHEN n.type = 'object' THEN n.value END, '$.code')")
    by_note = counts(
        f"SELECT {note_code} AS code, "
        f"count(DISTINCT c.seq) FROM chain c, json_each({VALID_RECORD}, '$.notes') n "
        f"WHERE c.kind = 'decision' AND {where} GROUP BY code HAVING code IS NOT NULL "
        f"ORDER BY 2 DESC LIMIT {int(top)}"
    )
    by_domain = counts(f"SELECT {blob_columns('c.domain')}, count(*) {base} GROUP BY c.domain ORDER BY 2 DESC "
                       f"LIMIT {int(top)}")
    blocked_domains = counts(
        f"SELECT {blob_columns('c.domain')}, count(*) {base} AND c.action = 'block' GROUP BY c.domain ORDER BY 2 DESC "
        f"LIMIT {int(top)}"
    )
    by_purpose = counts(f"SELECT {blob_columns('c.purpose')}, count(*) {base} GROUP BY c.purpose ORDER BY 2 DESC")
    # a fetched resource has a decision per stage (its request, its response): these say what was let through
    # and what was held back, which the totals, adding both, do not
    by_stage: dict[str, dict[str, int]] = {}
    for stage, action, n in rows(f"SELECT {blob_columns(f'json_extract({VALID_RECORD}, {_STAGE!r})', 'c.action')}, "
                                 f"count(*) {base} GROUP BY 1, 2 ORDER BY 1"):
        stage_counts = by_stage.setdefault(str(stage or "—"), {})
        stage_counts[action] = stage_counts.get(action, 0) + n
    per_day: dict[str, dict[str, int]] = {}
    for day, action, n in rows(f"SELECT {blob_columns('substr(c.ts, 1, 10)', 'c.action')}, count(*) {base} "
                               "GROUP BY substr(c.ts, 1, 10), c.action ORDER BY 1"):
        day_counts = per_day.setdefault(day, {})
        day_counts[action] = day_counts.get(action, 0) + n
    # events have no domain, purpose, code or policy, but a time: the requests answered in the period
    span_where, span_args = Filters(since=filters.since, until=filters.until).sql()
    events = counts(f"SELECT {blob_columns('c.kind')}, count(*) FROM chain c WHERE c.kind != 'decision'"
                    f"{' AND ' + span_where if span_where else ''} GROUP BY c.kind", span_args)
    span = rows(f"SELECT {blob_columns('min(c.ts)', 'max(c.ts)')} {base}")[0]
    damaged = damaged_seqs(conn, 50)
    from scrapeguard.audit.report import policy_stats, request_stats  # per policy; requests' answer times

    return {
        **policy_stats(log, filters),
        "requests": request_stats(log, filters),
        "total": total,
        "by_action": by_action,
        "not_enforced": int(enforced.get(0, 0)),
        "by_code": by_code,
        "by_note": by_note,
        "by_domain": by_domain,
        "blocked_domains": blocked_domains,
        "by_purpose": by_purpose,
        "by_stage": by_stage,
        "per_day": per_day,
        "events": events,
        "first_ts": span[0],
        "last_ts": span[1],
        "damaged_seqs": damaged,
    }


def format_counts(counts: dict[str, int]) -> str:
    """'16 allow, 5 block' for a table of counts (a dict's repr is no line for a reader)."""
    return ", ".join(f"{n} {key or '—'}" for key, n in counts.items()) or "none"
