"""`scrapeguard audit …`: review the log as a compliance officer would.

Every subcommand reads the log through the same `AuditLog` the guard writes with; only
`subject` (records the request), `erase`, `prune` and `checkpoint` write, and a command that
shows personal fields (`show`, `list --show-urls`, `export --personal`, `subject --no-record`,
`erase --dry-run`) records that read.
Errors give a
one-line message and a non-zero exit: 1 tampered, 2 unreadable or bad input, 3 a write the
log refused or could not take (read-only, the manifest of a finished erasure left unnamed),
4 locked, 5 disk full.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapeguard.audit.errors import AuditError, AuditFull, AuditMissing, os_error_exit
from scrapeguard.audit.files import read_at_most
from scrapeguard.audit.record import listed, mapping, now_ts
from scrapeguard.audit.signing import (
    any_signed,
    key_id,
    kept_text,
    load_signing_key,
    load_verify_key,
    sign,
    unsigned_lines,
)
from scrapeguard.audit.unwritten import sync_folder
from scrapeguard.terminal import given, markup_safe, output_of, printable, stdout_is_utf8
from scrapeguard.terminal import console as pipe_console

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEFAULT_LOG = "scrapeguard-audit.sqlite"
EXIT_OK, EXIT_TAMPERED, EXIT_UNREADABLE = 0, 1, 2
_MAX_INT = 2**63 - 1  # SQLite's integers: a larger seq, limit or offset cannot exist


# ------------------------------------------------------------------ plumbing
def _console(stderr: bool = False) -> Any:
    """The shared pipe-aware console (`terminal.console`); piped output wide enough to stay one
    line per row."""
    return pipe_console(stderr, piped_width=190)


# inside JSON, DEL and the C1 controls as JSON escapes (json.dumps leaves them as they are)
_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def _plain(text: Any) -> str:
    """Text from a record as one line on the screen: every control character shown escaped."""
    return printable(text, one_line=True)


def _esc(text: Any) -> str:
    """`_plain`, and rich markup escaped (a record's `[bold]` is text, not markup)."""
    return markup_safe(text, one_line=True)


def _visible(value: Any) -> Any:
    """A record for rich's JSON view, which writes strings' C1 controls as they are: each
    string `_plain`."""
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, dict):
        return {_plain(k): _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value


def _json_text(obj: Any, *, ascii_only: bool = False, **options: Any) -> str:
    return json.dumps(obj, ensure_ascii=ascii_only, **options).translate(_JSON_CONTROLS)


def _fail(message: str, code: int) -> int:
    print(f"scrapeguard audit: {_plain(message)}", file=sys.stderr)
    return code


# why a command opens the log for writing: said when it cannot (a copy on read-only media), where
# SQLite's own words were only "unable to open database file"
_WRITES = {
    "list": "records each read of personal fields in the log before --show-urls shows them",
    "show": "records each read of personal fields in the log before it shows them",
    "export": "records each read of personal fields in the log before --personal exports them",
    "subject": "records the request (with --no-record still the read of personal fields) in the log",
    "erase": "erases fields in the log and records the request there (with --dry-run the read of personal fields)",
    "prune": "deletes expired fields in the log and records the pruning there",
    "checkpoint": "writes a checkpoint to the log (--no-write only prints the existing ones)",
}


def _writable(path: str) -> bool:
    """Whether the log and its folder (the WAL and shared-memory files go beside it) can be written:
    `os.access` also says no on a read-only mount, for root too."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _open(args: argparse.Namespace, read_only: bool = False) -> Any:
    """The log named by --log; `read_only` for commands that never write (they then work on
    a log on read-only media or one the user may only read). A missing default log, and a
    log a writing command cannot write, are told with what to do instead."""
    from scrapeguard.audit.store import AuditLog

    try:
        return AuditLog.open(args.log, create=False, busy_timeout=float(args.timeout), read_only=read_only)
    except AuditMissing as exc:
        if args.log != DEFAULT_LOG:
            raise
        raise AuditMissing(f"{exc} (the default --log): pass --log FILE, the log your crawler writes "
                           "(the demo writes scrapeguard-demo.sqlite)") from None
    except AuditError as exc:
        command = getattr(args, "audit_command", None)
        if read_only or command not in _WRITES or not os.path.isfile(args.log) or _writable(args.log):
            raise
        # (exit 3, as the help says of a log that cannot take a write: read-only)
        raise AuditError(f"{exc}: `audit {command}` {_WRITES[command]}, so it needs write access to the log "
                              "and its folder; copy the log to writable storage (verify, stats, list without "
                              "--show-urls, export without --personal, ropa and report read it where it is)") from None


@contextlib.contextmanager
def _reading(args: argparse.Namespace, read_only: bool = False, told: set[int] | None = None) -> Iterator[Any]:
    """`_open`, and afterwards one line naming the damaged records the command skipped
    (readers skip them rather than stop; `verify` says what happened to them), instead of the
    store's WARNING per record: the user is told once. `told`: seqs the command has already
    named itself (filled while it runs)."""
    logger = logging.getLogger("scrapeguard")
    logger.addFilter(_not_store_damaged)
    try:
        with _open(args, read_only) as log:
            try:
                yield log
            finally:
                _say_damaged(set(log.damaged) - (told or set()))
    finally:
        logger.removeFilter(_not_store_damaged)


def _not_store_damaged(record: logging.LogRecord) -> bool:
    """A logging filter: drops `AuditLog.iter_entries`'s 'damaged seq N skipped' warning, which
    `_reading` says in its own line."""
    return not str(record.msg).startswith("scrapeguard audit: damaged seq")


def _say_damaged(seqs: Any) -> None:
    if seqs:
        shown = sorted(seqs)
        more = f" and {len(shown) - 20} more" if len(shown) > 20 else ""
        print(
            f"scrapeguard audit: damaged seq {', '.join(map(str, shown[:20]))}{more} skipped "
            f"({DAMAGED}); run `scrapeguard audit verify`",
            file=sys.stderr,
        )


# what a damaged record is: not JSON, or bytes that are not UTF-8 text (edited, or a disk error)
DAMAGED = "the stored record is unreadable, edited or hit by a disk error"


def _say_unread(damaged: list[dict[str, Any]], done: str) -> set[int]:
    """One line naming the matches of an access or erasure request whose record could not be
    read (`dsr.unread_items`) and what the request did with them; their seqs, which `_reading`
    then does not name a second time."""
    seqs = [int(d["seq"]) for d in damaged]
    if seqs:
        more = f" and {len(seqs) - 20} more" if len(seqs) > 20 else ""
        print(
            f"scrapeguard audit: seq {', '.join(map(str, seqs[:20]))}{more} matched the request, but the record "
            f"is damaged or missing: {done}; run `scrapeguard audit verify`",
            file=sys.stderr,
        )
    return set(seqs)


@contextlib.contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.update(task, completed=n)


def _guarded(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn every expected failure into a message and an exit code, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from scrapeguard.policy.errors import PolicyError

        try:
            return fn(args)
        except AuditError as exc:
            return _fail(str(exc), exc.exit_code)
        except PolicyError as exc:
            return _fail(f"policy: {exc}", EXIT_UNREADABLE)
        except sqlite3.Error as exc:
            from scrapeguard.audit.store import _map_error

            err = _map_error(exc, getattr(args, "log", "?"))
            return _fail(str(err), err.exit_code)
        except BrokenPipeError:
            raise
        except OSError as exc:
            return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), os_error_exit(exc))
        except (ValueError, UnicodeError) as exc:
            return _fail(str(exc), EXIT_UNREADABLE)
        except OverflowError as exc:
            return _fail(f"value out of range: {exc}", EXIT_UNREADABLE)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _log_read(log: Any, command: str, seqs: list[int], detail: dict[str, Any] | None = None) -> int | None:
    """Record in the chain that personal fields of these records are about to be shown
    (legal-policy-model §5.3: every read of the sidecar is itself logged). Written before
    the output: a read that cannot be recorded does not happen. Returns the event's seq."""
    if not seqs and not (detail or {}).get("count"):
        return None
    from scrapeguard.audit.dsr import append_read

    with log.transaction() as conn:
        return append_read(log, conn, command, seqs, detail)


def _personal_seqs(items: list[dict[str, Any]]) -> list[int]:
    from scrapeguard.audit.dsr import personal_seqs

    return personal_seqs(items)


def _holds_personal(entry: Any) -> bool:
    return bool(entry.personal) and any(
        entry.personal.get(k) is not None for k in ("url", "page_url", "image_sha256", "redacted_sha256", "phash")
    )


def _filters(args: argparse.Namespace, shows_personal: bool = False) -> Any:
    """The filters of `list`, `stats`, `export` and `report`. Their `--domain` is a site: a host below
    one (`jane.example.org`) takes the whole site, which is said; where the command would show personal
    fields (`shows_personal`) it is refused, as it would show those of every other host of the site."""
    from scrapeguard.audit.query import FilterError, Filters, host_name, names_port
    from scrapeguard.jurisdiction import is_public_suffix

    filters = Filters(
        since=args.since,
        until=args.until,
        domain=args.domain,
        action=args.action,
        code=args.code,
        purpose=args.purpose,
        kind=getattr(args, "kind", None),
        policy=args.policy,
    ).validate()
    if filters.domain and is_public_suffix(filters.domain):  # (`--domain github.io`: not every github.io site)
        print(_plain(f"note: {filters.domain} is a public suffix: only the records of the host {filters.domain} "
                     f"itself are taken; each site under it is its own domain (such as example.{filters.domain}): "
                     "give that"), file=sys.stderr)
    asked = host_name(args.domain) if args.domain is not None else None
    if args.domain is not None and names_port(args.domain):  # (dropped without a word: review)
        print(_plain(f"note: --domain {args.domain.strip()}: the log files records by host, without a port: this "
                     f"takes every port of {asked}"), file=sys.stderr)
    if asked is not None and filters.domain != asked:
        # (a regulator's pack for jane.example.org held every example.org host's records, their URLs with
        # --personal, and nothing said so)
        whole = (f"--domain {asked}: records are filed by site, so this takes every host of {filters.domain}, "
                 f"not {asked} alone")
        one = f"`scrapeguard audit subject --domain {asked}` lists the records of that host and the hosts below it"
        if shows_personal:
            raise FilterError(f"{whole}, and would show their personal fields too: give --domain {filters.domain} "
                              f"for the whole site, or {one}")
        print(_plain(f"note: {whole}; {one}"), file=sys.stderr)
    return filters


def _print_json(obj: Any) -> None:
    """In pieces: an access report on a whole domain can hold most of a large log."""
    ascii_only = not stdout_is_utf8()
    items = obj.get("items") if isinstance(obj, dict) else None
    if not isinstance(items, list) or len(items) < 1000:
        sys.stdout.write(_json_text(obj, sort_keys=True, ascii_only=ascii_only) + "\n")
        return
    head = _json_text({**obj, "items": []}, sort_keys=True, ascii_only=ascii_only)
    before, after = head.split('"items": []', 1)
    sys.stdout.write(before + '"items": [')
    for start in range(0, len(items), 1000):
        chunk = ", ".join(_json_text(i, sort_keys=True, ascii_only=ascii_only) for i in items[start : start + 1000])
        sys.stdout.write((", " if start else "") + chunk)
    sys.stdout.write("]" + after + "\n")


def _codes(record: dict[str, Any]) -> str:
    return ", ".join(c for c in (record.get("outcome") or {}).get("codes") or [] if c)


def _policy_name(policy: Any) -> str | None:
    """`id@version` of a record's policy (what `--policy` takes), None when it names none."""
    if not isinstance(policy, dict) or not policy.get("id"):
        return None
    return f"{policy['id']}@{policy['version']}" if policy.get("version") else str(policy["id"])


def _summary(entry: Any) -> dict[str, Any]:
    from scrapeguard.audit.record import event_summary

    r = entry.record
    outcome = mapping(r.get("outcome"))  # (a record edited to another shape is listed as it reads: `verify` tells)
    event = event_summary(r)
    explanation = event[1] if event else outcome.get("explanation")
    return {
        "seq": entry.seq,
        "id": r.get("decision_id"),
        "ts": r.get("ts"),
        "schema": r.get("schema"),
        "action": event[0] if event else outcome.get("action"),
        "enforced": outcome.get("enforced"),
        "domain": mapping(r.get("resource")).get("registrable_domain"),
        "purpose": mapping(r.get("purpose")).get("id"),
        "policy": _policy_name(r.get("policy")),
        "codes": [str(code) for code in listed(outcome.get("codes"))],
        "explanation": None if explanation is None else str(explanation),
    }


# ------------------------------------------------------------------ commands
@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    """Decisions matching the filters, newest last, one page at a time."""
    if not (1 <= args.limit <= _MAX_INT) or not (0 <= args.offset <= _MAX_INT):
        return _fail(f"--limit must be 1…{_MAX_INT} and --offset 0…{_MAX_INT}", EXIT_UNREADABLE)
    filters = _filters(args, shows_personal=args.show_urls)
    where, params = filters.sql()
    with _reading(args, read_only=not args.show_urls) as log, contextlib.ExitStack() as reading:
        # the look past the page and the page in one snapshot: a prune committed between them shifted
        # every offset, and the page skipped the records asked for
        reading.enter_context(log.snapshot())
        # one past the page: whether more follow is known, not guessed from a full page (none can
        # past SQLite's largest number)
        past = args.offset + args.limit
        more = past <= _MAX_INT and next(log.iter_entries(where, params, limit=1, offset=past), None) is not None
        entries: Any = log.iter_entries(where, params, limit=args.limit, offset=args.offset)
        if args.show_urls:  # one page is bounded by --limit: read it, record the read, then show it
            entries = list(entries)
            reading.close()  # (the read is recorded in a write transaction of its own)
            _log_read(log, "list --show-urls", [e.seq for e in entries if _holds_personal(e)])
        if args.json:
            n = 0
            for e in entries:
                out = e.export(personal=args.show_urls)
                _print_json(out)
                n += 1
            _say_more(more, args.offset + n, n)  # (a script reading the page must learn it is one too)
            return EXIT_OK
        from rich.table import Table

        table = Table(title=f"audit log {_esc(args.log)}", show_lines=False)
        for col in ("seq", "time (UTC)", "action", "domain", "purpose", "policy", "codes", "explanation"):
            table.add_column(col, overflow="fold")
        if args.show_urls:
            table.add_column("url", overflow="fold")
        n = 0
        for e in entries:
            s = _summary(e)
            action = s["action"] if s["enforced"] in (True, None) else f"{s['action']} (not enforced)"
            row = [
                str(s["seq"]),
                _esc(str(s["ts"] or "").replace("T", " ").rstrip("Z")[:19]),
                _esc(action),
                _esc(s["domain"] or "—"),
                _esc(s["purpose"] or "—"),
                _esc(s["policy"] or "—"),
                _esc(", ".join(s["codes"]) or "—"),
                _esc((s["explanation"] or "")[:160]),
            ]
            if args.show_urls:
                row.append(_esc((e.personal or {}).get("url") or "(not kept)"))
            table.add_row(*row)
            n += 1
        _console().print(table)
        _say_more(more, args.offset + n, n)
    return EXIT_OK


def _say_more(more: bool, next_offset: int, shown: int) -> None:
    """On stderr, whatever the output's form: that `list` showed one page of more (the next
    one's --offset), or that nothing matched."""
    if more:
        print(f"more follow: --offset {next_offset}", file=sys.stderr)
    elif shown == 0:
        print("no records match", file=sys.stderr)


@_guarded
def cmd_show(args: argparse.Namespace) -> int:
    """One record in full, with its place in the chain and what the sidecar still holds."""
    told: set[int] = set()
    with _reading(args, told=told) as log:
        entry = log.get(args.id)
        if entry is None and log.damaged:  # it is there, and unreadable: not 'no record'
            told.update(log.damaged)
            return _fail(f"seq {min(log.damaged)} is damaged: {DAMAGED}; run `scrapeguard audit verify`",
                         EXIT_UNREADABLE)
        if entry is None:
            return _fail(f"no record with seq or id {args.id!r}", EXIT_UNREADABLE)
        if _holds_personal(entry):
            _log_read(log, "show", [entry.seq])
        out = entry.export(personal=True)
        # what the row still holds: a blocked item's keeps its image's hash beside its URL's keyed hash
        out["sidecar"] = ("held" if _holds_personal(entry) else "keyed hash of the URL only" if entry.personal
                          else "erased or never kept")
        if args.json:
            _print_json(out)
            return EXIT_OK
        console = _console()
        console.print(
            f"[bold]seq {entry.seq}[/bold]  {_esc(entry.record.get('schema'))}  id {_esc(entry.record.get('decision_id'))}"
        )
        console.print(f"prev {_esc(entry.record.get('prev'))}\nhash {_esc(entry.hash)}")
        explanation = _summary(entry)["explanation"]
        if explanation:
            console.print(f"[bold]{_esc(explanation)}[/bold]")
        console.print_json(data=_visible(out))
        if not str(args.id).strip().isdigit():  # (one reference may name an access request and an erasure)
            # (by the id as found: one given in capitals is found in lower case, `id_spellings`)
            others = [e for e in log.iter_entries("c.decision_id = ?", (str(entry.record.get("decision_id")),),
                                                  limit=50) if e.seq != entry.seq]
            if others:
                console.print(_esc("also under this id: " + ", ".join(
                    f"seq {e.seq} ({e.record.get('kind') or e.record.get('schema', '')}"
                    f"{', a follow-up' if (e.record.get('actions') or {}).get('written_after_erasure') else ''})"
                    for e in others) + " (`audit show SEQ` shows each)"))
    return EXIT_OK


@_guarded
def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by action, reason code, domain and day."""
    from scrapeguard.audit.query import format_counts, stats

    filters = _filters(args)
    with _open(args, read_only=True) as log:
        data = stats(log, filters, top=args.top)
    _say_damaged(data["damaged_seqs"])
    if args.json:
        _print_json(data)
        return EXIT_OK
    from rich.table import Table

    console = _console()
    console.print(
        f"{data['total']} decisions, {_esc(data['first_ts'] or '—')} … {_esc(data['last_ts'] or '—')}; "
        f"not enforced (audit mode): {data['not_enforced']}; let through by a policy's fail-open: "
        f"{data['fail_open']}; events: {_esc(format_counts(data['events']))}"
    )
    for title, counts in (
        ("by action", data["by_action"]),
        ("by reason code", data["by_code"]),
        ("by note (what a decision could not see)", data["by_note"]),
        ("by domain", data["by_domain"]),
        ("by purpose", data["by_purpose"]),
    ):
        table = Table(title=title)
        table.add_column(title.split(" (", 1)[0].split()[-1])
        table.add_column("count", justify="right")
        for key, n in counts.items():
            table.add_row(_esc(key or "—"), str(n))
        console.print(table)
    table = Table(title="by stage (a fetched resource is decided at its request and at its response)")
    table.add_column("stage")
    table.add_column("count", justify="right")
    table.add_column("by action")
    for stage, actions in data["by_stage"].items():
        table.add_row(_esc(stage), str(sum(actions.values())), _esc(format_counts(actions)))
    console.print(table)
    table = Table(title="by policy")
    for col in ("policy", "version", "Art. 6 basis", "on_error", "count", "let through by fail-open"):
        table.add_column(col, justify="right" if col[0] in "cl" else "left")
    for p in data["by_policy"]:
        table.add_row(*(_esc(p[k] or "—") for k in ("policy", "version", "art6", "on_error")),
                      str(p["decisions"]), str(p["fail_open"]))
    console.print(table)
    if data["requests"]:  # (how fast: GDPR Art. 12(3) gives one month)
        table = Table(title="data-subject requests answered")
        for col in ("request", "answered", "slowest (days)", "later than one month"):
            table.add_column(col, justify="left" if col == "request" else "right")
        for r in data["requests"]:
            table.add_row(_esc(r["kind"] or "—"), str(r["count"]),
                          "—" if r["slowest_days"] is None else str(r["slowest_days"]), str(r["late"]))
        console.print(table)
    table = Table(title="per day (UTC)")
    table.add_column("day")
    for a in ("allow", "log", "redact", "block"):
        table.add_column(a, justify="right")
    for day, counts in data["per_day"].items():
        table.add_row(day, *(str(counts.get(a, 0)) for a in ("allow", "log", "redact", "block")))
    console.print(table)
    return EXIT_OK


class _BadInput(AuditError):
    """Input the operator gave that cannot be used: exit 2, never 1 (which means tampered)."""

    exit_code = EXIT_UNREADABLE


class _OtherLogs(AuditError):
    """Kept checkpoints that name another log than the one given: the log was replaced (another file copied over
    it), or they are another log's. Exit 1, as for tampering: a replaced log said exit 2, "nothing was verified",
    which a monitor alerting on exit 1 took for a mistyped option (review)."""

    exit_code = EXIT_TAMPERED


def _read_checkpoints(
    path: str, log_id: str | None = None, holds: Callable[[int, str, Any], bool] | None = None
) -> tuple[list[tuple[int, str, str]], str | None, dict[str, Any]]:
    """The checkpoints kept in `path`, the other log id they name, if any, and when each was
    taken (its `ts`, by label: a prune is held to them, `ChainVerifier.finish`). With `log_id`,
    each one that names its log (`origin`) must name this one, else `_OtherLogs` (exit 1): the file
    cannot tell a log replaced by another from another log's checkpoints given. Unless some of them
    match this log's own records (`holds`: the log holds that head at that size, the checkpoint kept
    at its `ts`): then they are its own and the log's id was changed, which no hash covers (refused,
    a tail cut off with it read as the wrong file given)."""
    try:
        text = kept_text(path)
    except UnicodeDecodeError:
        raise _BadInput(f"{path}: not a checkpoint file (not UTF-8 text)") from None
    out = []
    mine = f"scrapeguard-audit/{log_id}" if log_id else None
    foreign: tuple[int, str] | None = None  # (line, the other log's id) of the first that names another
    times: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            size, head = obj["tree_size"], obj["head_hash"]
            if type(size) is not int or not 1 <= size <= _MAX_INT or not isinstance(head, str) or not head:
                raise ValueError
            origin = obj.get("origin")
            if mine and origin is not None and origin != mine and foreign is None:
                foreign = (number, str(origin).removeprefix("scrapeguard-audit/"))
            out.append((size, head, f"{Path(path).name}:{number}"))
            # (a prune's checkpoint is sized at its cut, not at the head when it was taken: the records past
            # it are older, and its time bounds nothing)
            times.append(obj.get("ts") if obj.get("reason") != "prune" else None)
        except (ValueError, KeyError, TypeError, RecursionError):
            raise _BadInput(
                f"{path} line {number}: not a checkpoint (need a tree_size ≥ 1 and a head_hash)"
            ) from None
    if foreign is not None and not (holds is not None and any(holds(size, head, ts) for (size, head, _), ts
                                                              in zip(out, times, strict=True))):
        maybe = ("; this log was created before them yet holds no record written by then: if it is the log they "
                 "were kept of, it was emptied and written again since (compare where each was kept)"
                 if getattr(holds, "maybe_emptied", False) else "")
        raise _OtherLogs(
            f"NOT THIS LOG'S: {path} line {foreign[0]}: the checkpoints belong to log {foreign[1]!r}, not to this log "
            f"({log_id}): the log was replaced, or these are another log's checkpoints; nothing was verified{maybe}"
        )
    return out, foreign[1] if foreign is not None else None, {label: ts for (_, _, label), ts in zip(out, times, strict=True)}


def _kept_signed_alike(path: str, signer: Ed25519PrivateKey | None) -> None:
    """Adding to kept checkpoints keeps them all signed by one key, or none: with the key, each kept one
    must carry its signature (else the new ones would lend it to a file altered since); without it,
    none may (an unsigned line added makes `verify --verify-key` say the file was altered)."""
    if signer is not None:
        _signed_by(path, signer.public_key(), f"{path} was left as it is (start a new file for this key)")
    elif any_signed(path):
        raise _BadInput(f"the checkpoints kept in {path} are signed: give --sign-key KEY to add to them (an unsigned "
                        "one would make `verify --verify-key` report the file altered)")


class _Unsigned(AuditError):
    """Kept checkpoints the given key does not vouch for: the evidence itself altered, exit 1."""

    exit_code = EXIT_TAMPERED


def _verify_key(args: argparse.Namespace) -> Ed25519PublicKey | None:
    if not args.verify_key:
        return None
    if not args.checkpoint:
        raise _BadInput("--verify-key checks the signatures of the checkpoints kept elsewhere: give them with "
                        "--checkpoint FILE")
    return load_verify_key(args.verify_key)


def _signed_by(path: str, key: Ed25519PublicKey | None, then: str = "nothing else was verified") -> None:
    """Every checkpoint kept in `path` carries a signature `key` vouches for (`audit.signing`); else
    the kept evidence was altered (exit 1), said with the first lines at fault and `then`."""
    if key is None:
        return
    bad = unsigned_lines(path, key)
    if bad:
        more = f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""
        # (a file kept without --sign-key is no evidence of an alteration, but one whose signatures were taken off
        # cannot be told from it: the exit stays 'tampered', the words say which it may be; a new user's walk)
        unsigned = all(line.endswith("no signature") for line in bad)
        raise _Unsigned(("NOT VOUCHED FOR: the checkpoints in {path} carry no signature (kept without --sign-key, or "
                         "their signatures taken off); verify them with --checkpoint alone, or keep signed ones"
                         if unsigned else "TAMPERED: checkpoints in {path} that key {key} does not vouch for").format(
                            path=path, key=key_id(key)) + ": " + "; ".join(bad[:5]) + more + f"; {then}")


def _kept_checkpoints(checkpoints: list[tuple[int, str, str]], path: str) -> list[tuple[int, str, str]]:
    """The checkpoints `verify --checkpoint` read: a file that holds none (the job that keeps them
    failed, a copy cut off) is bad input, not an independent check that passed."""
    if not checkpoints:
        raise _BadInput(f"{path} holds no checkpoint: nothing kept elsewhere to hold the log to (give the file "
                        "`scrapeguard audit checkpoint -o` keeps, or leave --checkpoint out)")
    return checkpoints


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain is intact, 1 when tampered (and where), 2 when unreadable."""
    from scrapeguard.audit.errors import AuditTampered, AuditUnreadable

    try:
        log_given = args.log is not None
        if not log_given:
            args.log = DEFAULT_LOG
        signer = _verify_key(args)
        if args.jsonl and log_given:  # (the log went unchecked, and "verified" named the export's count)
            raise _BadInput("--jsonl verifies an export instead of the log: give --log FILE or --jsonl FILE, and "
                            "run verify once for each")
        if args.jsonl:
            from scrapeguard.audit.verify import verify_jsonl_lines

            external, _, taken = _read_checkpoints(args.checkpoint) if args.checkpoint else ([], None, {})
            if args.checkpoint:
                _kept_checkpoints(external, args.checkpoint)
            _signed_by(args.checkpoint, signer)
            with open(args.jsonl, "rb") as fh:
                result = verify_jsonl_lines(fh, checkpoints=external, kept_at=taken)
        else:
            with _open(args, read_only=True) as log, _progress("verifying", log.count()) as progress:
                holder = _Holder(log)
                external, named, taken = _read_checkpoints(args.checkpoint, log.log_id, holder) if args.checkpoint \
                    else ([], None, {})
                if args.checkpoint:
                    _kept_checkpoints(external, args.checkpoint)
                    _signed_by(args.checkpoint, signer)
                result = log.verify(progress=progress, external_checkpoints=external, kept_at=taken)
                if named is not None:
                    _id_changed(result, log.log_id, named, holder.emptied)
    except AuditTampered as exc:
        return _fail(f"TAMPERED: {exc}", EXIT_TAMPERED)
    except AuditUnreadable as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    except AuditError as exc:
        return _fail(str(exc), exc.exit_code)
    except sqlite3.DatabaseError as exc:
        return _fail(f"audit log {args.log} is unreadable: {exc}", EXIT_UNREADABLE)
    except OSError as exc:
        return _fail(f"cannot read {exc.filename}: {exc.strerror}", EXIT_UNREADABLE)
    except (ValueError, OverflowError, UnicodeError) as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    status = EXIT_OK if result.ok else EXIT_TAMPERED
    with output_of(status):
        if args.json:
            _print_json(result.to_dict())
        elif result.ok:
            matched = (
                # (of those given, those a prune left records for: the others are said apart, `kept_unchecked`)
                f"{result.checkpoints_checked} checkpoints matched ({len(external) - result.kept_unchecked} of them "
                f"from {args.checkpoint}"
                + ("" if args.jsonl else ", the rest the log's own")
                + (f", each signed by key {key_id(signer)}; the last at size {max(c[0] for c in external)}: compare it with "
                   "the one you keep apart, as lines removed from the file's end leave no trace in it)"
                   if signer is not None and external else ")")
                if args.checkpoint
                # (an export holds no checkpoints: nothing tells it cut short at a line's end)
                else "no checkpoints given: records cut off its end would go unseen (pass the `audit "
                "checkpoint` output kept elsewhere with --checkpoint)"
                if args.jsonl
                else f"{result.checkpoints_checked} in-file checkpoints matched (not independent: keep "
                "`audit checkpoint` output elsewhere and pass --checkpoint)"
            )
            span = (f"seq {result.start_seq}…{result.start_seq + result.count - 1}" if result.count
                    else "none held: an empty log, or one emptied with its checkpoints")  # (never 'seq 0…-1')
            print(f"OK: {result.count} records verified ({span}), {matched}, head {result.head_hash}")
            if args.checkpoint and signer is None and any_signed(args.checkpoint):  # (not to be taken for that check)
                print(_plain(f"note: the checkpoints in {args.checkpoint} are signed, but their signatures were not "
                             "checked: give --verify-key with the signer's public key to hold them to it"))
            if result.hashes_unchecked:  # (an export's: not to be taken for checked with the URLs)
                print(_plain(f"note: the image hashes of {result.hashes_unchecked} record(s) in the export were not "
                             "checked: the log's key holds them to their records, and no export carries it (verify "
                             "the log itself with --log)"))
            if result.kept_unchecked:  # (passed over: the reader must not take them for matched)
                print(_plain(f"note: {result.kept_unchecked} checkpoint(s) in {args.checkpoint} lie in the prefix a "
                             f"retention prune removed (before seq {result.start_seq}): no record is left to check "
                             "them against; only the prune record vouches for that part"))
        else:
            where = f"first bad record at seq {result.first_bad_seq}: " if result.first_bad_seq is not None else ""
            print(_plain(f"TAMPERED: {where}{result.reason}"))
            for p in result.problems[:20]:
                print(_plain(f"  {'the log' if p.seq is None else f'seq {p.seq}'}: {p.reason}"
                             + (f" ({p.where})" if p.where else "")))
            if len(result.problems) > 20:  # (the reader must not take the 20 lines for all there is)
                print(f"  … and {len(result.problems) - 20} more problem(s) listed by --json")
    if not args.jsonl:
        _say_unwritten(args.log)
    return status


def _holds_nothing(log: Any) -> bool:
    """No record and no pruned prefix: nothing to tell its checkpoints kept elsewhere from another log's."""
    return log.anchor() is None and log.conn.execute("SELECT 1 FROM chain LIMIT 1").fetchone() is None


def _emptied_before(log: Any) -> Callable[[Any], bool]:
    """Whether the log was there at a time (created by then: `meta`) yet holds no record written by
    then, never pruned (its first record, seq 0, is later): emptied since and written again — or a
    log opened then that waited for its first decision, which the time alone cannot tell apart."""
    from scrapeguard.audit.record import parse_ts
    from scrapeguard.audit.store import blob_columns, column_text

    # (as bytes: one byte that is not UTF-8 in the first record's time made `verify` say 'unreadable', exit 2)
    row = log.conn.execute(f"SELECT {blob_columns('ts')} FROM chain WHERE seq = 0").fetchone()
    created = log.conn.execute(f"SELECT {blob_columns('value')} FROM meta WHERE key = 'created'").fetchone()
    try:
        first, made = parse_ts(str(column_text(row[0]))), parse_ts(str(column_text(created[0])))
    except (TypeError, ValueError):  # (no record, a pruned log, a `created` edited into nothing)
        return lambda ts: False

    def emptied(ts: Any) -> bool:
        try:
            when = parse_ts(str(ts))
        except ValueError:
            return False
        return made <= when < first

    return emptied


class _Holder:
    """Whether the log holds this head at this size (the checkpoint kept at `ts`): a record, or the
    anchor of a pruned prefix. A log that holds nothing is taken to hold any: emptied and given a
    new id, it would otherwise read its kept checkpoints as another log's ('nothing was verified')
    instead of the records they count as missing (`emptied`). One that was there
    when the checkpoint was kept yet holds no record written by then (`_emptied_before`) may have
    been emptied and written again, or have waited idle for its first decision: that is not taken
    for tampering (exit 1) but said beside "another log's" (`maybe_emptied`)."""

    def __init__(self, log: Any) -> None:
        self._log = log
        self._anchor = log.anchor()
        self._empty = _holds_nothing(log)
        self._emptied = _emptied_before(log)
        self.emptied = False
        self.maybe_emptied = False

    def __call__(self, size: int, head: str, ts: Any) -> bool:
        if self._empty:
            self.emptied = True
            return True
        if self._anchor is not None and (size - 1, head) == self._anchor:
            return True
        if self._log.conn.execute("SELECT 1 FROM chain WHERE seq = ? AND hash = ?", (size - 1, head)).fetchone():
            return True
        if self._emptied(ts):
            self.maybe_emptied = True
        return False


def _id_changed(result: Any, log_id: str, named: str, emptied: bool = False) -> None:
    """The checkpoints kept elsewhere are this log's (they match its records, or it was emptied:
    `_Holder.emptied`) but name another id."""
    from scrapeguard.audit.verify import Problem

    reason = (f"the log holds no records and its id ({log_id}) is not the one its checkpoints kept elsewhere "
              f"name ({named}): it was emptied and its id changed, unless those are another log's checkpoints"
              if emptied else
              f"the log's id ({log_id}) is not the one its checkpoints kept elsewhere name ({named}), though "
              "they match its records: the id was changed")
    if result.ok:
        result.ok, result.first_bad_seq, result.reason = False, None, reason
    result.problems.append(Problem(None, reason, "meta"))


def _say_unwritten(log_path: str) -> None:
    """Decisions not in the log yet, waiting beside it (`audit.unwritten`), are part of what a
    reviewer must know the log does not hold."""
    from scrapeguard.audit.unwritten import journal_dir, rejected_journals, waiting_journals

    waiting = waiting_journals(log_path)
    rejected = rejected_journals(log_path)
    if waiting:
        print(_plain(f"note: {len(waiting)} journal(s) in {journal_dir(log_path)} hold decisions whose audit write "
                     "failed; the next process that opens the log for writing adds those of ended processes"),
              file=sys.stderr)
    if rejected:
        print(_plain(f"warning: {', '.join(p.name for p in rejected)} in {journal_dir(log_path)}: lines not "
                     "written with this log's key were refused, not added; look at them"), file=sys.stderr)


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    """The log as JSON Lines (verifiable with `verify --jsonl`) or CSV."""
    from scrapeguard.audit.export import write_export

    out_path = args.output
    to_file = bool(out_path and out_path != "-")
    if to_file:
        _refuse_log_as_output(args, Path(out_path))
    where, params = _filters(args, shows_personal=args.personal).sql()
    with _reading(args, read_only=not args.personal) as log:
        total = log.count() if not where else None
        before = None
        if args.personal:
            # (a filtered export reads, and records the read of, the matching records' fields only; and it
            # ends where they end, `before`: a record committed meanwhile would go out unnamed by the read)
            with log.snapshot() as conn:
                held = [
                    int(seq)
                    for (seq,) in conn.execute(
                        "SELECT s.seq FROM sidecar s" + (" JOIN chain c ON c.seq = s.seq" if where else "")
                        + " WHERE (s.url IS NOT NULL OR s.page_url IS NOT NULL OR s.image_sha256 IS NOT NULL "
                        f"OR s.phash IS NOT NULL OR {log.sidecar_column('redacted_sha256')} IS NOT NULL)"
                        + (f" AND {where}" if where else "") + " ORDER BY s.seq",
                        params,
                    )
                ]
                before = log.head(conn)[0]
            read = _log_read(log, "export --personal", held, {"format": args.format})
            if read is not None and read == before:  # (its own read record, nothing between: it ends at the head)
                before = read + 1
        # a file only once whole: one cut off by a full disk or a kill would verify as a shorter log
        # (`write_export` reads the prune anchor and the records in one snapshot, `AuditLog.reading`)
        with (
            _replacing(Path(out_path)) if to_file else contextlib.nullcontext(sys.stdout) as out,
            _progress("exporting", total) as progress,
        ):
            n = write_export(log, out, args.format, personal=args.personal, where=where, params=params,
                             progress=progress, before=before)
            damaged = sorted(log.damaged)
    if to_file:
        print(f"wrote {n} lines to {out_path}", file=sys.stderr)
    if where and args.format == "jsonl":
        print("note: a filtered export holds the matching records only: each keeps its hash, which the log's "
              "`audit verify` vouches for, but `verify --jsonl` on it finds the records left out missing",
              file=sys.stderr)
    if damaged:
        # the export leaves them out, so `verify --jsonl` on it would blame the records after them
        # (reordered, deleted) and the damage itself would be lost from the evidence
        print(f"scrapeguard audit: the export is incomplete: it leaves out damaged seq "
              f"{', '.join(map(str, damaged[:20]))}{' …' if len(damaged) > 20 else ''}, so it does not verify as "
              "a whole; `scrapeguard audit verify` on the log says where it was altered", file=sys.stderr)
        return EXIT_TAMPERED
    return EXIT_OK


# more than any picture a page shows (the guard decodes at most 64 MiB): a video or a device given by mistake
_MAX_IMAGE_FILE = 256 * 1024 * 1024


def _image_bytes(path: str) -> bytes:
    """The --image file, read no further than `_MAX_IMAGE_FILE`: read whole, `/dev/zero` ended in a
    MemoryError traceback (exit 1, 'tampered') and a video took as much memory as it is long."""
    data = read_at_most(path, _MAX_IMAGE_FILE)
    if data is None:
        raise _BadInput(f"{path}: larger than {_MAX_IMAGE_FILE >> 20} MiB, which no picture a page shows is: "
                        "give the picture itself")
    return data


def _subject(args: argparse.Namespace) -> Any:
    from scrapeguard.audit.dsr import Subject

    image = _image_bytes(args.image) if args.image else None
    subject = Subject(urls=list(args.url or []), domain=args.domain, image=image,
                      url_prefixes=list(args.url_prefix or [])).validate()
    if image and subject.image_phash is None:  # a HEIC from a phone, a PDF, a flat colour: said, not silent
        from scrapeguard.audit.phash import unhashed_because

        print(_plain(f"note: {args.image} is {unhashed_because(image)}: searched by its exact SHA-256 only, so "
                     "resized or re-encoded copies are not found (and not suppressed)"), file=sys.stderr)
    return subject


@_guarded
def cmd_subject(args: argparse.Namespace) -> int:
    """Art. 15: everything recorded about a URL, domain or image; the request is recorded."""
    from scrapeguard.audit.dsr import access
    from scrapeguard.audit.storage import copies_of

    subject = _subject(args)
    told: set[int] = set()
    with _reading(args, told=told) as log:
        report = access(
            log,
            subject,
            request_id=args.request_id,
            received=args.received,
            verification=args.verification,
            record=not args.no_record,
        )
        if args.no_record:  # no request recorded, but the sidecar was read: that is recorded
            _log_read(log, "subject --no-record",
                      _personal_seqs([*report["items"], *report["damaged"], *report["other_site_to_review"]]))
        else:  # (the request record names its items; another site's records listed for review are read apart)
            _log_read(log, "subject", _personal_seqs(report["other_site_to_review"]))
        told.update(_say_unread(report["damaged"], "listed under damaged, with what the sidecar holds"))
    if report["unwritten_rejected"]:
        held = len(report["unwritten_rejected_matches"])
        print(_plain(f"warning: {', '.join(report['unwritten_rejected'])}: set-aside journal(s) of unwritten "
                     "decisions keep URLs and image hashes in clear beside the log: "
                     + (f"{held} line(s) in them hold the subject's (report: unwritten_rejected_matches); answer for "
                        "them too" if held else "none of their lines holds the subject's")), file=sys.stderr)
    if report["unwritten_waiting_matches"]:
        print(_plain(f"note: {len(report['unwritten_waiting_matches'])} decision(s) about the subject still wait in "
                     "the journal of a process whose writes to the log failed (a crawler running now), not in the log "
                     "yet (report: unwritten_waiting_matches); answer for them too"), file=sys.stderr)
    if args.json:
        _print_json(report)
        return EXIT_OK
    from rich.table import Table

    console = _console()
    damaged = f" {len(report['damaged'])} more matched, whose record is damaged." if report["damaged"] else ""
    # (not the subject's until checked: listed in --json only, but never left unsaid)
    review = (f" {len(report['other_site_to_review'])} more to review, of the domain as IDNA 2003 spells it (another "
              "site's, or Scrapy's requests of this one; --json: other_site_to_review)."
              if report["other_site_to_review"] else "")
    uncompared = f" {report['not_compared']['note']}." if report["not_compared"] else ""
    console.print(f"Access request {_esc(report['request_id'])}: {report['count']} record(s) found.{damaged}{review}"
                  f"{_esc(uncompared)} Received {_esc(report['received'])}: answer by {_esc(report['due'])} "
                  "(GDPR Art. 12(3)).")
    console.print(_esc(report["statement"]))
    table = Table()
    for col in ("seq", "time (UTC)", "matched by", "action", "purpose", "basis", "retention until", "source"):
        table.add_column(col, overflow="fold")
    for item in report["items"]:
        basis = item["legal_basis"] or {}
        table.add_row(
            str(item["seq"]),
            _esc(item["ts"]),
            _esc(", ".join(item["matched_by"])),
            _esc(item["action"] or "—"),
            _esc(item["purpose"] or "—"),
            _esc(basis.get("art6") if isinstance(basis, dict) else "—"),
            _esc(item["retention_until"] or "—"),
            _esc(item["source_url"] or ("(erased)" if item["personal_fields_erased"] else "(keyed hash only)")),
        )
        for ref in copies_of([item]):  # where the item was stored: the copies an erasure must delete
            where = ref["location"] or "(erased)"
            digest = f" sha256 {ref['sha256'][:16]}…" if ref.get("sha256") else ""  # in full: --json
            table.add_row(
                _esc(f"  └ {ref['seq']}"),
                _esc(ref.get("recorded") or "—"),
                _esc(f"stored copy of {item['seq']}" + (f" ({ref['role']})" if ref.get("role") else "")),
                "", "", "", "",
                _esc(where + digest),
            )
    for item in report["damaged"]:  # what is left to say: the index columns and the sidecar row
        table.add_row(
            str(item["seq"]),
            _esc(item["ts"] or "—"),
            _esc(", ".join(item["matched_by"])),
            "(record damaged)" if item["kind"] else "(no record)",
            "—", "—", "—",
            _esc(item["source_url"] or "(not kept)"),
        )
    console.print(table)
    if "dsr_seq" in report:
        console.print(f"request recorded in the chain at seq {report['dsr_seq']}")
    return EXIT_OK


class RequestError(AuditError):
    """Bad input from the operator (a path that cannot be written): exit 2."""

    exit_code = EXIT_UNREADABLE


class _ManifestFile:
    """The manifest written beside its target first and renamed into place after the
    erasure commits: an unwritable target fails before anything is erased, and a commit
    never leaves without its manifest on disk (fsynced) under one of the two names."""

    def __init__(self, target: str, force: bool = False) -> None:
        import tempfile

        self.target = Path(target)
        self.force = force
        if self.target.is_dir():
            raise RequestError(f"cannot write the manifest to {target}: it is a directory; nothing was erased")
        if self.target.exists() and not _regular(self.target):  # (renamed over, /dev/null would be a file)
            raise RequestError(f"cannot write the manifest to {target}: it is a device, pipe or socket, not a file "
                               "to keep; nothing was erased")
        _refuse_existing(self.target, force, "nothing was erased")
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent)
        except OSError as exc:
            raise RequestError(f"cannot write the manifest to {target}: {exc.strerror or exc}; nothing was erased") from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        self.temp = Path(name)

    def write(self, text: str) -> None:
        self.fh.write(text)
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        sync_folder(self.temp.parent)  # (its name too: a power cut must not take it once the erasure commits)

    def commit(self) -> None:
        try:
            if self.force:
                os.replace(self.temp, self.target)
            else:
                self._place_new()
            sync_folder(self.target.parent)
        except FileExistsError:
            raise AuditError(
                f"the erasure is done, but {self.target} appeared meanwhile and was left alone; "
                f"the manifest is complete in {self.temp}"
            ) from None
        except OSError as exc:
            raise AuditError(
                f"the erasure is done, but the manifest could not be renamed to {self.target} "
                f"({exc.strerror or exc}); it is complete in {self.temp}"
            ) from None

    def _place_new(self) -> None:
        """Give the manifest its name only if the name is free: a hard link fails when it was
        taken meanwhile, where a rename would replace it. On a file system without hard links,
        a rename after one more look."""
        import errno

        try:
            os.link(self.temp, self.target)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if self.target.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(self.target)) from None
            os.replace(self.temp, self.target)
            return
        self.temp.unlink()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()


def _refuse_existing(target: Path, force: bool, consequence: str) -> None:
    """An erasure manifest is the only list of stored objects to delete and cannot be rebuilt
    once the sidecar is erased: an existing one (an earlier request's) is never replaced
    unless --force says so."""
    if not force and (target.exists() or target.is_symlink()):
        raise RequestError(
            f"{target} exists (an earlier request's manifest?); {consequence}. Choose another file or pass --force"
        )


def _leftover_manifests(target: Path) -> list[Path]:
    """The `.NAME.*.part` files beside a manifest's name: each a manifest whose process stopped
    before renaming it (`_ManifestFile`), looked for before this run makes its own."""
    prefix = f".{target.name}."
    try:
        return sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix) and p.name.endswith(".part"))
    except OSError:
        return []


def _say_leftover_manifests(log: Any, paths: list[Path], target: Path) -> None:
    """Name each manifest an earlier run left unrenamed: one whose erasure committed is the only
    list of what it erased (a new run finds those fields gone); one whose erasure was never
    recorded (killed before the commit) erased nothing."""
    from scrapeguard.audit.record import DSR_SCHEMA

    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            request, seq = data["request_id"], data["dsr_seq"]
        except (OSError, ValueError, RecursionError, KeyError, TypeError):
            request, seq = None, None
        entry = log.get(seq) if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 else None
        if (entry is not None and entry.schema == DSR_SCHEMA and entry.record.get("kind") == "erasure"
                and entry.record.get("decision_id") == request):
            print(f"scrapeguard audit: {_plain(path)} is the whole manifest of erasure {_plain(request)} (recorded at "
                  f"seq {seq}), whose process stopped before naming it {_plain(target)}: it alone lists what that "
                  "erasure erased (a new request finds those fields gone); keep it under a name of its own",
                  file=sys.stderr)
        else:
            print(f"scrapeguard audit: {_plain(path)} is left from an erasure that was never recorded (its process "
                  "stopped before the commit, unless it is still running: nothing was erased by it); it may be "
                  "deleted once no erasure is running", file=sys.stderr)


def _manifest_text(manifest: dict[str, Any]) -> str:
    return _json_text(manifest, indent=2, sort_keys=True) + "\n"


@_guarded
def cmd_erase(args: argparse.Namespace) -> int:
    """Art. 17: write the erasure manifest, erase the sidecar, suppress, record the request.
    The manifest is written (to --manifest, or standard output) before the erasure commits."""
    from scrapeguard.audit.dsr import erase

    subject = _subject(args)
    if args.manifest == "-":  # standard output, as export's, report's and checkpoint's '-' (not a file named '-')
        args.manifest = None
    if args.manifest:  # (--force would rename the manifest over the log once the erasure is done)
        _refuse_log_as_output(args, Path(args.manifest))
    if args.manifest and args.dry_run:
        _refuse_existing(Path(args.manifest), args.force, "nothing was written")
    leftovers = _leftover_manifests(Path(args.manifest)) if args.manifest else []
    target = _ManifestFile(args.manifest, args.force) if args.manifest and not args.dry_run else None

    def deliver(manifest: dict[str, Any]) -> None:
        text = _manifest_text(manifest)
        if target is not None:
            try:
                target.write(text)
            except OSError as exc:
                message = f"cannot write the manifest to {target.target}: {exc.strerror or exc}; nothing was erased"
                if os_error_exit(exc) == AuditFull.exit_code:  # (a full disk, not a wrong --manifest)
                    raise AuditFull(message) from None
                raise RequestError(message) from None
        if args.json or not args.manifest:
            sys.stdout.write(text)
            sys.stdout.flush()

    told: set[int] = set()
    try:
        with _reading(args, told=told) as log:
            _say_leftover_manifests(log, leftovers, Path(args.manifest or "-"))
            manifest = erase(
                log,
                subject,
                request_id=args.request_id,
                received=args.received,
                verification=args.verification,
                dry_run=args.dry_run,
                deliver=None if args.dry_run else deliver,
            )
            if args.dry_run:  # the manifest shows the sidecar's fields: a read
                _log_read(log, "erase --dry-run", _personal_seqs([*manifest["items"], *manifest["damaged"],
                                                                    *manifest["references_to_review"]]))
            erasing = sum(d["erase"] for d in manifest["damaged"])
            review = len(manifest["damaged"]) - erasing
            done = [f"{erasing} {'would be erased' if args.dry_run else 'erased'} and suppressed all the same, from what "
                    "the sidecar holds" if erasing else "", f"{review} to review" if review else ""]
            told.update(_say_unread(manifest["damaged"], ", ".join(filter(None, done)) + " (manifest: damaged)"))
    except BaseException:
        if target is not None:
            target.discard()
        raise
    if target is not None:
        target.commit()
    if args.dry_run:
        text = _manifest_text(manifest)
        if args.manifest:
            try:
                with open(args.manifest, "w" if args.force else "x", encoding="utf-8") as fh:
                    fh.write(text)
            except FileExistsError:
                _refuse_existing(Path(args.manifest), False, "nothing was written")
        if args.json or not args.manifest:
            sys.stdout.write(text)
    verb = "would erase" if args.dry_run else "erased"
    where = _plain(str(Path(args.log).resolve()))
    print(
        f"{verb}: {len(manifest['items'])} record(s)"
        # a request made again (or by the image of an item erased by its URL) finds the records, whose
        # personal fields are gone already: said, not counted as erased a second time
        + (" (their personal fields were erased before: none was left to erase)"
           if manifest["items"] and not args.dry_run and not manifest["sidecar_rows_erased"] else "")
        + (f" and the sidecar row(s) of {erasing} damaged record(s)" if erasing else "")
        + (f" ({manifest['sidecar_rows_erased']} row(s) of personal fields erased in all, as the request's record says)"
           if not args.dry_run and manifest["sidecar_rows_erased"] else "")
        + f"; {len(manifest['delete_from_content_store'])} stored object(s) "
        f"to delete; {len(manifest['suppression'])} suppression entr(y/ies)"
        + (f"; {len(manifest['references_to_review'])} record(s) to review, not suppressed"
           + (f", the personal fields of {cleared} of them {'to be erased' if args.dry_run else 'erased'} (their rows "
              "named the subject's page)" if (cleared := sum(
               bool(r.get("personal_fields_erased")) for r in manifest["references_to_review"])) else ", nor erased")
           + " (manifest: references_to_review)" if manifest["references_to_review"] else "")
        + (f"; {_plain(manifest['not_compared']['note'])}, neither erased nor suppressed (manifest: not_compared)"
           if manifest["not_compared"] else "")
        + (f"; the chain keeps their registrable domain(s) {_plain(', '.join(k['registrable_domain'] for k in kept))}"
           " until their retention ends (manifest: kept_in_chain)" if (kept := manifest["kept_in_chain"]) else "")
        + (f"; {len(manifest['personal_reads_to_review'])} recorded read(s) that showed their personal fields, "
           "whose copies to delete (manifest: personal_reads_to_review)" if manifest["personal_reads_to_review"] else "")
        + (f"; {len(manifest['unwritten_rejected'])} set-aside journal(s) of unwritten decisions keep URLs in "
           f"clear, out of the log's reach: delete them once looked at ({_plain(', '.join(manifest['unwritten_rejected']))}; "
           f"manifest: unwritten_rejected; {len(manifest['unwritten_rejected_matches'])} line(s) in them hold the "
           "subject's: unwritten_rejected_matches)" if manifest["unwritten_rejected"] else "")
        + (f"; {len(waiting)} decision(s) of the subject still wait in a process's journal, not in the log yet "
           "(a crawler running now writes them without their URL; manifest: unwritten_waiting_matches)"
           if (waiting := manifest["unwritten_waiting_matches"]) else "")
        + (f"; manifest {args.manifest}" if args.manifest else "")
        + (f" (log {where})" if args.dry_run else f"; request recorded at seq {manifest['dsr_seq']} of {where}"),
        file=sys.stderr,
    )
    if manifest["suppression"] and not args.dry_run:
        # the list lives in this one file: a crawl writing another log (or none) never sees it
        print(f"the suppression list is kept in {where}: only a guard writing to this log blocks these items "
              "(check/proxy --audit, SCRAPEGUARD_AUDIT, Guard(audit=...)); a crawl writing another log, or none, "
              "collects them again", file=sys.stderr)
    return EXIT_OK


@_guarded
def cmd_ropa(args: argparse.Namespace) -> int:
    """Art. 30 record of processing from the policy and the log."""
    from scrapeguard.audit import ropa
    from scrapeguard.policy import load_policy

    policy = load_policy(args.policy)
    if Path(args.log).exists():
        with _open(args, read_only=True) as log:
            record = ropa.build(policy, log)
        for other in record["policy_mismatch"]:
            print(
                _plain(
                    f"warning: {other['decisions']} logged decision(s) were made under policy {other['id'] or '(no id)'} "
                    f"({'sha256 ' + other['sha256'][:16] + '…' if other['sha256'] else 'no fingerprint'}), "
                    f"not {policy.id} (sha256 {policy.sha256[:16]}…)"
                ),
                file=sys.stderr,
            )
    else:
        print(f"note: no audit log at {args.log}; the record is built from the policy alone", file=sys.stderr)
        record = ropa.build(policy, None)
    if args.json:
        _print_json(record)
    else:
        sys.stdout.write("\n".join(_plain(line) for line in ropa.as_text(record).split("\n")))
    return EXIT_OK


@_guarded
def cmd_report(args: argparse.Namespace) -> int:
    """A self-contained HTML report: summary, charts, top blocked domains."""
    from scrapeguard.audit.query import stats
    from scrapeguard.audit.report import filters_text, render

    filters = _filters(args)
    to_stdout = args.html == "-"  # (as export's and checkpoint's -o -: a file named '-' was written)
    if not to_stdout:
        _refuse_log_as_output(args, Path(args.html))
    with _reading(args, read_only=True) as log, log.snapshot():
        # one snapshot: the figures describe the very records the chain check covered
        with _progress("verifying", log.count()) as progress:
            result = log.verify(progress=progress)
        data = stats(log, filters)
    scope = filters_text(filters)
    html = render(data, result, log_path=str(args.log), generated=now_ts(), scope=scope)
    summary = (f"{data['total']} decisions" + (f" matching {scope}" if scope else "")
               + f"; chain {'OK' if result.ok else 'BROKEN: `scrapeguard audit verify` says where'}")
    if to_stdout:
        sys.stdout.write(html)
        print(f"report written to stdout ({summary})", file=sys.stderr)
    else:
        _replace_file(Path(args.html), html)  # (whole or not at all, as an export)
        print(f"wrote {args.html} ({summary})", file=sys.stderr)
    # written either way (it shows the break); the exit says it as every command does: 1, tampered
    return EXIT_OK if result.ok else EXIT_TAMPERED


@_guarded
def cmd_prune(args: argparse.Namespace) -> int:
    """Apply the policy's retention; the prune is recorded in the chain."""
    from scrapeguard.audit.retention import prune, unknown_text
    from scrapeguard.policy import load_policy

    policies = [load_policy(name) for name in args.policy or ["gdpr-strict"]]
    # (a dry run reads as verify does: opened for writing, the log took in what a killed process left beside it)
    with _open(args, read_only=args.dry_run) as log:
        result = prune(log, policies[0], as_of=args.as_of, dry_run=args.dry_run, others=policies[1:])
    if args.json:
        _print_json(result)
    else:
        verb = "would remove" if args.dry_run else "removed"
        through = result["truncated_through_seq"]
        print(
            f"{verb} {result['removed_records']} record(s) from the start of the chain"
            + (f" (through seq {through})" if through >= 0 else "")
            + f"; {result['expired_records']} record(s) expired, "
            f"their personal fields {'would be ' if args.dry_run else ''}erased"
            + ("" if args.dry_run else f"; prune recorded at seq {result['event_seq']}")
        )
    held = result["held_back_by"]
    if held is not None:
        until = f"kept until {held['until']}" if held["until"] else "whose retention this prune cannot tell"
        print(_plain(f"note: {result['expired_kept_in_chain']} expired record(s) stay in the chain, without their "
                     f"personal fields, behind seq {held['seq']} (a {held['kind']} record {until}): the chain is "
                     "cut from its start only, so they are removed once every record before them has expired"),
              file=sys.stderr)
    if result["kept_unknown_policy"]:
        print(_plain("note: " + unknown_text(result["kept_unknown_policy"])), file=sys.stderr)
    if result["unwritten_rejected"]:
        print(_plain(f"warning: {', '.join(result['unwritten_rejected'])}: set-aside journal(s) of unwritten decisions "
                     "keep their URLs and image hashes in clear beside the log, where no prune expires them: look at "
                     "them and delete them"), file=sys.stderr)
    evidence = result["kept_as_evidence"]
    if evidence is not None:  # (exit 1, tampered, as verify's: a scheduled prune must not hide it)
        print(_plain(f"the log does not verify (first bad record at seq {evidence['first_bad_seq']}: "
                     f"{evidence['reason']}): no record {'would be' if args.dry_run else 'was'} removed from the "
                     "chain, which keeps the evidence, only expired personal fields erased; run `scrapeguard "
                     "audit verify`"), file=sys.stderr)
        return EXIT_TAMPERED
    return EXIT_OK


@_guarded
def cmd_checkpoint(args: argparse.Namespace) -> int:
    """Write a checkpoint now and print all of them, to keep somewhere the writer cannot rewrite.

    `-o FILE` naming checkpoints kept earlier adds to them and never drops one: the file is the
    evidence `verify --checkpoint` holds a rewritten or cut-off log to, so replacing it with the
    log's current checkpoints (after each crawl, as the README's routine does) would hand the
    rewrite the very file meant to expose it. A log that no longer matches them is refused."""
    output = Path(args.output) if args.output and args.output != "-" else None
    if output is not None:
        _refuse_log_as_output(args, output)
    signer = load_signing_key(args.sign_key) if args.sign_key else None
    with _open(args, read_only=args.no_write) as log:
        kept_lines: list[str] = []
        holder = _Holder(log)
        kept, named, taken = (_read_checkpoints(str(output), log.log_id, holder) if output is not None
                              and _regular(output) else ([], None, {}))
        if named is not None:
            found = ("this log holds no records (emptied, unless they are another log's)" if holder.emptied
                     else "they match this log's records")
            return _fail(f"the checkpoints kept in {output} name log {named!r}, not {log.log_id}, and {found}: the "
                         f"log's id was changed; {output} was left as it is: run `scrapeguard audit verify "
                         f"--checkpoint {output}`", EXIT_TAMPERED)
        if kept and output is not None:  # the whole chain is checked (as `verify --checkpoint` would): a bar on a terminal
            _kept_signed_alike(str(output), signer)  # (before the long pass: a wrong key is said at once)
            with _progress("verifying", log.count()) as progress:
                result = log.verify(progress=progress, external_checkpoints=kept, kept_at=taken)
            labels = {label for _, _, label in kept}
            broken = [p for p in result.problems if p.where in labels]
            if broken:
                return _fail(f"the log no longer matches the checkpoints kept in {output} ({broken[0].reason}); "
                             f"{output} was left as it is: run `scrapeguard audit verify --checkpoint {output}`",
                             EXIT_TAMPERED)
            if not result.ok:  # (a record edited since: a checkpoint added now would vouch for it; found in review)
                first = result.problems[0] if result.problems else None
                where = f"seq {first.seq}: {first.reason}" if first is not None and first.seq is not None \
                    else (first.reason if first is not None else result.reason)
                return _fail(f"the log does not verify ({where}); no checkpoint was added to {output}, which was "
                             f"left as it is: run `scrapeguard audit verify --checkpoint {output}`", EXIT_TAMPERED)
            kept_lines = [line for line in kept_text(str(output)).splitlines() if line.strip()]
        if not args.no_write:
            log.checkpoint("manual")
        exported = log.checkpoint_export()
    if signer is not None:
        exported = [sign(c, signer) for c in exported]
    if output is None:
        sys.stdout.write("".join(json.dumps(c, sort_keys=True) + "\n" for c in exported))
        return EXIT_OK
    held = {(size, head) for size, head, _ in kept}  # (the same checkpoint is kept once)
    # signed, only those past the last kept: a checkpoint the file lacks below it (its line removed) is not
    # signed now, which would vouch for whatever the log holds there today
    last = max((size for size, _, _ in kept), default=0) if signer is not None else 0
    added = [json.dumps(c, sort_keys=True) for c in exported
             if (c.get("tree_size"), c.get("head_hash")) not in held and c.get("tree_size", 0) > last]
    _replace_file(output, "".join(line + "\n" for line in [*kept_lines, *added]))
    print(f"wrote {len(kept_lines) + len(added)} checkpoint(s) to {output}"
          + (f" ({len(added)} added to the {len(kept_lines)} kept there)" if kept_lines else ""), file=sys.stderr)
    return EXIT_OK


def _regular(path: Path) -> bool:
    """An existing regular file (a link followed): not a device, FIFO or pipe (`/dev/stdout`),
    which reading would block on and renaming over would replace."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[Any]:
    """A text file written beside `target` and renamed over it once whole: a crash, a kill or a
    full disk leaves the earlier file as it was (or none), never a cut-off one, which for an
    export would verify as a shorter log. A link is followed and the file's permissions stay (a
    new file gets the umask's, as `open` would give it). A device, FIFO or pipe is written into
    as it is (there is no file to replace)."""
    import tempfile

    if target.exists() and not _regular(target):
        try:
            with open(target, "w", encoding="utf-8", newline="") as fh:
                yield fh
        except OSError as exc:
            if exc.filename is None:  # (a failed write names no file)
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            raise
        return
    target = target.resolve()
    if target.exists():
        mode = target.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:  # (named after the file asked for, not the temporary one)
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(name, target)
        sync_folder(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(name)
        if isinstance(exc, OSError) and exc.filename is None:  # (a failed write names no file)
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise


def _replace_file(target: Path, text: str) -> None:
    """`text` as the whole of `target` (`_replacing`)."""
    with _replacing(target) as fh:
        fh.write(text)


def _refuse_log_as_output(args: argparse.Namespace, output: Path) -> None:
    """An output file (`export -o`, `report --html`, `checkpoint -o`, `erase --manifest`) that is the log itself, or
    its write-ahead, shared-memory or journal file, is refused before anything is opened: writing it
    would truncate the tamper-evident log (a swapped `--log` and `-o`). One of those SQLite has not made
    yet (a log closed cleanly has no WAL) too: the next writer takes the output for its own and deletes it."""
    log = Path(args.log)
    for part in (log, *(Path(f"{log}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(OSError):
            if (output.exists() and part.exists() and os.path.samefile(output, part)) or (
                    part != log and output.resolve() == part.resolve()):
                raise _BadInput(f"{output} is the audit log {'itself' if part == log else 'file ' + str(part)}: "
                                "writing the output there would destroy the log; choose another file")


# ------------------------------------------------------------------ parser
_MAX_WAIT = 86_400.0  # a day: SQLite's busy timeout is whole milliseconds in a C int


def _seconds(text: str) -> float:
    """--timeout: a number of seconds SQLite can wait, refused by argparse (exit 2, a usage line)
    when it is none (`nan`, `inf`, negative), rather than failing later as a conversion error."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= _MAX_WAIT:  # (false for nan too)
        raise argparse.ArgumentTypeError(f"give 0 to {_MAX_WAIT:.0f} seconds, not {text!r}")
    return value


def _count(text: str) -> int:
    """--top: how many rows, 1 or more (SQLite's LIMIT reads -1 as no limit and a larger
    number than it holds as a type error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= _MAX_INT:
        raise argparse.ArgumentTypeError(f"give 1 to {_MAX_INT}, not {text!r}")
    return value


def _common(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
    p.add_argument("--log", default=DEFAULT_LOG, metavar="PATH", type=given,
                   help=f"audit log file (default {DEFAULT_LOG})")
    p.add_argument("--timeout", type=_seconds, default=10.0, metavar="S", help="wait this long for a locked log (default 10)")
    if json_flag:
        p.add_argument("--json", action="store_true", help="print data as JSON")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", help="date (a day in UTC), ISO week (2026-W49: from its Monday) or RFC 3339 time "
                   "(inclusive; UTC unless it gives an offset, e.g. 2026-11-01T09:00+01:00)")
    p.add_argument("--until", help="date (the whole day in UTC), ISO week (2026-W49: to its Sunday's end) or RFC 3339 "
                   "time (inclusive; UTC unless it gives an offset)")
    p.add_argument("--domain", help="a site (registrable domain), e.g. example.org; a host below one takes the whole "
                   "site, said on stderr, and is refused where personal fields would be shown (subject takes a host); "
                   "a port is dropped, said on stderr")
    p.add_argument("--action", help="allow | log | redact | block, or an event's: access | erasure | prune | read")
    p.add_argument("--code", help="reason code or its prefix, e.g. robots or robots.disallow")
    p.add_argument("--purpose", help="purpose id")
    p.add_argument("--policy", metavar="ID[@VERSION]", help="the policy the records were made under, e.g. gdpr-strict@1.2.0")


class _Once(argparse.Action):
    """An option a request takes once: given twice, argparse kept the last silently (`--domain a --domain
    b` erased b alone, reporting one entry); the user is told to run one request per host or image."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"{option_string} given twice: one per request (run the command again for the other)")
        setattr(namespace, self.dest, values)


def _subject_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", action="append", help="a URL about the person (repeatable)")
    p.add_argument("--url-prefix", action="append", metavar="URL",
                   help="a profile or site section: every URL at or below it (repeatable; a blocked item's URL "
                   "kept only as a keyed hash is found by --url alone)")
    p.add_argument("--domain", metavar="HOST", action=_Once,
                   help="a host, taken as given (never widened to the site it is under), with the hosts below it: "
                   "a personal site such as jane.example.org; one with a port is refused (give --url-prefix "
                   "http://HOST:PORT/)")
    p.add_argument("--image", metavar="FILE", type=given, action=_Once,
                   help="a copy of an image: exact SHA-256 and perceptual hash")
    p.add_argument("--request-id", default=None, help="your reference for the request (kept in the chain for good: "
                                                      "give no name; an e-mail address is refused)")
    p.add_argument("--received", default=None,
                   help="when the request was received (date or RFC 3339; a time with your UTC offset, "
                   "e.g. 2026-01-31T20:00-05:00, is kept in it: the month runs from that day there; default: now, "
                   "which starts the month to answer in today)")
    p.add_argument("--verification", default="not recorded", type=given,
                   help="how identity was checked (the method only, kept in the chain for good: an e-mail address "
                        "is refused; default \"not recorded\")")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `audit` and its subcommands to the top-level parser."""
    audit = subparsers.add_parser(
        "audit", help="review the audit log: list, verify, export, answer data-subject requests", description=__doc__
    )
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="decisions matching filters, paged")
    _common(p)
    _filter_args(p)
    p.add_argument("--kind", help="decision | dsr | prune | read | storage")
    p.add_argument("--limit", type=int, default=50,
                   help="records per page (default 50); when more match, stderr says the next --offset")
    p.add_argument("--offset", type=int, default=0, help="skip this many matching records (default 0)")
    p.add_argument("--show-urls", action="store_true", help="include clear URLs from the sidecar where still held")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="one record by seq or decision id")
    _common(p)
    p.add_argument("id", help="seq number or decision/request id")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("stats", help="counts by action, reason, domain, day")
    _common(p)
    _filter_args(p)
    p.add_argument("--top", type=_count, default=20, help="how many reason codes, notes and domains to list (default 20)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "verify",
        help="check the hash chain: exit 0 ok, 1 tampered, 2 unreadable",
        description="Check the hash chain, the side table and the suppression list: exit 0 ok, 1 tampered "
        "(says where; also a log whose --checkpoint file names another log: the log replaced, or another log's "
        "checkpoints given), 2 unreadable. The file alone cannot show a consistent rewrite by someone with write "
        "access (records edited and re-hashed with the in-file checkpoints, a tail cut off with its "
        "checkpoints, or the records written since the last checkpoint cut off, as a writer killed before "
        "its closing checkpoint leaves them): keep `scrapeguard audit checkpoint` output where the writer "
        "cannot change it, take one often, and pass it with --checkpoint FILE.",
    )
    _common(p)
    p.add_argument(
        "--checkpoint", metavar="FILE", type=given,
        help="checkpoints kept elsewhere (JSON Lines from `audit checkpoint`)"
    )
    p.add_argument("--jsonl", metavar="FILE", type=given, help="verify a JSON Lines export instead of the log")
    p.add_argument("--verify-key", metavar="KEY", type=given,
                   help="every checkpoint in --checkpoint FILE must be signed by this Ed25519 key (its public "
                   "PEM: `openssl pkey -in KEY -pubout`), else exit 1: the kept evidence was altered")
    p.set_defaults(func=cmd_verify, log=None)  # (--log given at all is known: `cmd_verify` puts the default in)

    p = sub.add_parser("export", help="JSON Lines (verifiable) or CSV")
    _common(p, json_flag=False)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                   help="jsonl (default; `verify --jsonl` checks it) or csv (for a spreadsheet; not verifiable)")
    p.add_argument("--output", "-o", metavar="FILE", type=given, help="default: standard output")
    p.add_argument("--personal", action="store_true", help="include the sidecar's personal fields still held")
    _filter_args(p)  # (a regulator's pack: one domain, one period; a filtered JSON Lines export is no whole chain)
    p.add_argument("--kind", help="decision | dsr | prune | read | storage")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("subject", help="Art. 15 access: everything about a URL, domain or image")
    _common(p)
    _subject_args(p)
    p.add_argument(
        "--no-record",
        action="store_true",
        help="search only; do not record the request (the read of personal fields is still logged)",
    )
    p.set_defaults(func=cmd_subject)

    p = sub.add_parser("erase", help="Art. 17 erasure: manifest, sidecar erasure, suppression, recorded",
                       description="Art. 17 erasure: write the manifest, erase the personal side fields, record the "
                                   "request and put the URL / image on this log's suppression list. The list lives "
                                   "in this log file: only a guard writing to it blocks the items from then on.")
    _common(p)
    _subject_args(p)
    p.add_argument("--manifest", metavar="FILE", type=given,
                   help="write the erasure manifest here (a new file; default and '-': standard output)")
    p.add_argument("--force", action="store_true", help="replace --manifest FILE if it exists")
    p.add_argument("--dry-run", action="store_true", help="only produce the manifest")
    p.set_defaults(func=cmd_erase)

    p = sub.add_parser("ropa", help="Art. 30 record of processing (DPV), from the policy and the log")
    _common(p)
    p.add_argument("--policy", default="gdpr-strict", type=given, help="policy file or shipped id (default: gdpr-strict)")
    p.set_defaults(func=cmd_ropa)

    p = sub.add_parser(
        "report",
        help="self-contained HTML report",
        description="A self-contained HTML report for the DPO: counts, charts and the chain check. Exit 0 when "
        "the chain verifies, 1 when it does not (the report, which shows the break, is written all the same).",
    )
    _common(p, json_flag=False)
    _filter_args(p)
    p.add_argument("--html", required=True, metavar="FILE", type=given, help="where the report goes ('-': stdout)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "prune",
        help="apply the policy's retention (recorded in the chain)",
        description="Erase the personal fields of expired records and remove the expired records at the start "
        "of the chain; the prune is recorded in the chain. A log that does not verify keeps every record (they "
        "are the evidence of what was altered): only expired personal fields are erased, and the exit is 1.",
    )
    _common(p)
    p.add_argument(
        "--policy",
        action="append",
        type=given,
        help="policy file or shipped id (default gdpr-strict); repeat it for every policy the log was written "
        "under: each record is kept by the longer of the first policy's periods and its own",
    )
    p.add_argument("--as-of", default=None, type=given,
                   help="pretend it is this time (date or RFC 3339; a later time than now only with --dry-run)")
    p.add_argument("--dry-run", action="store_true", help="say what would be erased and removed; change nothing")
    p.set_defaults(func=cmd_prune)

    p = sub.add_parser("checkpoint", help="write a checkpoint and print all, to keep elsewhere")
    _common(p, json_flag=False)
    p.add_argument("--output", "-o", metavar="FILE", type=given,
                   help="write them here; checkpoints kept in FILE already stay, and a log that no longer "
                   "matches them is refused (exit 1, FILE left as it is)")
    p.add_argument("--no-write", action="store_true", help="only print the existing checkpoints")
    p.add_argument("--sign-key", metavar="KEY", type=given,
                   help="sign each checkpoint written with this Ed25519 private key (PEM: `openssl genpkey "
                   "-algorithm ed25519 -out KEY`), kept apart from the crawler; `verify --verify-key` checks it")
    p.set_defaults(func=cmd_checkpoint)
