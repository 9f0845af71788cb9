"""The `scrapeguard` command: check URLs, scan saved files, validate policies, run the
demo; `audit` and `proxy` come from their own packages.

Human output is a rich table; `--json` prints JSON Lines, one object per input.
Exit status of check and scan: 0 nothing was blocked, 1 something was, 2 a usage, policy or input
error (and the audit log's own failures when it is opened: 3 unusable, 4 locked, 5 disk full; a
decision whose write fails later is blocked, 1); demo 0 once it has
shown its crawl; policy check 2 for any bad file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import mimetypes
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

# (the standard library and `terminal` only: the rest is imported where it is used, inside `main`,
# so a Ctrl-C while it loads is an exit 130 like any other, not a KeyboardInterrupt traceback)
from scrapeguard.terminal import (closed_pipe_status, console, given, json_line, markup_safe, output_of, printable,
                                  safe_output)

if TYPE_CHECKING:
    import httpx

    from scrapeguard.decision import Decision
    from scrapeguard.policy import Policy

EXIT_OK, EXIT_BLOCKED, EXIT_ERROR = 0, 1, 2
EXIT_HELP = ("Exit status: 0 none was blocked (each allowed, logged or redacted), 1 a {what} was blocked (or "
             "withheld: one to redact of which no redacted copy could be made), 2 a usage, policy or input error.")
log = logging.getLogger("scrapeguard")
VERBOSE_HELP = ("log to stderr what the guard does (its WARNINGs, the policy's too, are shown without -v): the "
                "requests it makes (robots.txt and other host files too), how each saved file is taken, and the "
                "guard's own diagnostics (DEBUG: what it could not read in a page or image); anywhere on the "
                "command line")


def _console(stderr: bool = False, soft_wrap: bool = True):  # noqa: ANN202 - rich is imported lazily
    return console(stderr, soft_wrap=soft_wrap)


def _esc(text: object) -> str:
    """User, policy and crawled text may hold [brackets] and terminal control sequences: printed
    as written, never read as markup or run by the terminal."""
    return markup_safe(text)


def _fail(message: str) -> int:
    _console(stderr=True).print(f"[bold red]error:[/] {_esc(message)}", markup=True)
    return EXIT_ERROR


def _shown(url: str, limit: int = 200) -> str:
    """A URL as an error names it: a tab or line break in it visible (`\\t`), and only the start
    of an over-long one, not its 70,000 characters."""
    shown = printable(url[:limit], one_line=True)
    return shown if len(url) <= limit else f"{shown}… ({len(url)} characters)"


def _not_http(url: str) -> str:
    """Which part of `url`, refused by `is_http_url`, is at fault, as `: reason` (empty when the
    general terms said of it are the reason: a control character, no UTF-8, its length). Why: a port
    out of range or a URL without its `http://` was told only those terms, all of which it met."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port or IPv6 literal
    except ValueError as exc:
        return f": {printable(str(exc)[:100], one_line=True)}"
    if parts.scheme.lower() in ("http", "https"):
        return "" if parts.hostname else ": it names no host"
    scheme = parts.scheme
    if not scheme or "." in scheme or (not parts.netloc and parts.path[:1].isdigit()):
        # (`example.org/x`, `www.example.org:8080/x`; `localhost:8000/x` reads as a scheme `localhost`)
        return ": it has no scheme: write http:// or https:// before the host"
    return f": its scheme is {printable(parts.scheme[:20], one_line=True)!r}, not http or https"


def _is_file(name: str) -> bool:
    """Whether `name` is a file here: given to `check`, it was meant for `scan` (and a URL given to
    `scan` for `check`); a name no file system takes (a NUL, too long) is none."""
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


def _unsendable(url: str) -> str | None:
    """Why httpx, which `check` fetches with, cannot send `url`, or None: a host no IDNA encoding
    takes (`\ufb00.org`, an ideographic space in it), or one it takes but no name lookup can (an
    empty label, `a..b`, or one over 63 characters; a space or `%`, sent percent-encoded as
    `x%20y`). Such a URL parses for urlsplit, and was fetched into an error: its robots.txt
    'unreachable', a block (exit 1) of a URL nothing was sent for."""
    import httpx

    try:
        parsed = httpx.URL(url)
        host, raw = parsed.host, parsed.raw_host
    except (httpx.InvalidURL, ValueError) as exc:  # (UnicodeError is a ValueError)
        return printable(str(exc)[:200], one_line=True)
    shown = printable(host[:100], one_line=True)
    if "%" in host:  # (an IPv6 literal's zone, `fe80::1%25eth0`, too: httpx cannot send one)
        return f"its host {shown!r} holds a character no host name holds (httpx sends it percent-encoded)"
    # (as sent: `bücher.de` as xn--bcher-kva.de; a final dot is the DNS root)
    labels = [] if ":" in host else raw.decode("ascii", "replace").removesuffix(".").split(".")
    if "" in labels:
        return f"its host {shown!r} has an empty label (two dots in a row, or a leading dot)"
    if any(len(label) > 63 for label in labels):  # (DNS's limit, which the lookup's IDNA encoding holds to)
        return f"its host {shown!r} has a label over 63 characters, which no name lookup takes"
    return None


def _demo_port(text: str) -> int:
    """A port for the demo site: 1-65534, its companion site listening on the next one."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65534:
        raise argparse.ArgumentTypeError(f"{port} is out of range: 1-65534 (the second demo site takes port + 1)")
    return port


def _add_policy_args(p: argparse.ArgumentParser, *, fetches: bool) -> None:
    """The options `check` and `scan` share; `fetches`: whether the command reads robots.txt at all
    (`scan` reads none: its --user-agent said 'for robots.txt', where it picks the page's bot meta)."""
    p.add_argument("--policy", default=None, type=given, help="policy file or shipped id (default: gdpr-strict)")
    p.add_argument("--purpose", default=None, type=given,
                   help="purpose id from the policy (default: its default_purpose, else its first)")
    p.add_argument("--user-agent", default=None, type=given,
                   help="the crawler's User-Agent: its product token picks what "
                        f"{'robots.txt, robots meta tags and X-Robots-Tag say' if fetches else 'robots meta tags say'}"
                        " to this crawler (<meta name=\"examplebot\" content=\"noai\">) (default: scrapeguard's own)")


def _guard(args: argparse.Namespace):  # noqa: ANN202
    """`scan`'s guard: records nothing (judging saved files is no crawl)."""
    from scrapeguard.guard import DEFAULT_USER_AGENT, Guard

    return Guard(args.policy, user_agent=args.user_agent or DEFAULT_USER_AGENT, purpose=args.purpose, audit=False)


def _proxies_of_environment() -> httpx.BaseTransport | None:
    """A transport for `check` that goes where curl, httpx and requests go: through the proxy that
    `http_proxy`, `https_proxy` or `all_proxy` names, directly to hosts in `no_proxy` and to the
    loopback. The guard's own client reads no environment (trust_env=False), so behind a proxy every
    URL was robots.txt unreachable, blocked. None when the environment names no proxy (the guard's
    own client then fetches). A proxy httpx cannot use fails the URLs that go through it, alone."""
    import urllib.request

    import httpx

    from scrapeguard.resource import is_loopback

    found = urllib.request.getproxies()
    # `proxy.example:3128` is `http://proxy.example:3128` to curl and requests too
    named = {scheme: proxy if "://" in proxy else f"http://{proxy}"
             for scheme in ("http", "https") if (proxy := found.get(scheme) or found.get("all"))}
    if not named:
        return None

    class ProxiesOfEnvironment(httpx.BaseTransport):
        """Each proxy's transport made when a URL first goes through it: one httpx cannot use (socks
        without socksio) is that URL's error, not the end of a command whose other URLs need none."""

        def __init__(self) -> None:
            self.direct = httpx.HTTPTransport(trust_env=False)
            self.via: dict[str, httpx.HTTPTransport] = {}

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            scheme, host = request.url.scheme, request.url.host
            if scheme not in named or is_loopback(host) or urllib.request.proxy_bypass(host):
                return self.direct.handle_request(request)
            if scheme not in self.via:
                try:  # (trust_env=False as in the guard's own client: CA files and .netrc stay unread)
                    self.via[scheme] = httpx.HTTPTransport(proxy=named[scheme], trust_env=False)
                except (ValueError, ImportError, httpx.InvalidURL) as exc:  # (httpx's words: what it cannot use, why)
                    raise httpx.ProxyError(f"the proxy {scheme}_proxy/all_proxy names ({named[scheme][:100]}) "
                                           f"cannot be used: {exc}", request=request) from exc
            return self.via[scheme].handle_request(request)

        def close(self) -> None:
            for transport in (self.direct, *self.via.values()):
                transport.close()

    return ProxiesOfEnvironment()


def _decision_rows(decisions: Iterable[tuple[str, Decision]]) -> None:
    from rich.table import Table

    from scrapeguard.demo.run import shown_action

    table = Table(show_lines=False, expand=False)
    table.add_column("input", overflow="fold", max_width=60)
    table.add_column("action")
    table.add_column("why", overflow="fold")
    colour = {"allow": "green", "log": "cyan", "redact": "yellow", "block": "red"}
    for label, d in decisions:
        # (as the demo shows it: a would-be action of an audit-mode policy is '(audit only)'; an item on
        # the erasure/objection suppression list is blocked whatever the mode, and shown as a block)
        deciding = [f for f in d.findings if f.action == d.action] or d.findings
        why = "\n".join(f"{f.code}: {f.detail} — {f.source}" for f in deciding[:4]) or "no finding"
        # (a URL that redirected: the decision is about where it led, which the table names)
        shown = f"{label} → {d.url}" if d.redirected_from and d.url != label else label
        table.add_row(_esc(shown), f"[{colour[d.action]}]{shown_action(d)}[/]", _esc(why))
        if d.notes:  # not reasons to act, but what the decision could not see (an SVG, a cut body, a limit)
            table.add_row("  [dim]notes[/]", "", _esc(_note_lines(d)))
        for img in d.images:
            reasons = ", ".join(img.reasons[:3])
            codes = ", ".join(sorted({f.code for f in img.findings if f.action == img.action})) or "-"
            # (an image's action is its item's mode's too: would-be under audit mode, unless it is suppressed)
            suppressed = any(f.kind == "suppressed" for f in img.findings)
            action = img.action if d.enforced or suppressed else f"{img.action} (audit only)"
            # (its host's files not read yet: the row is the page's word only, its own request reads them)
            unread = ("; its host's files are read when it is requested"
                      if any(n.code == "hostfile.not_fetched" for n in img.notes) else "")
            table.add_row(_esc(f"  └ {img.kind} {img.url}"), f"[{colour[img.action]}]{action}[/]",
                          _esc(f"{codes}{' (' + reasons + ')' if reasons else ''}{unread}"))
    _console(soft_wrap=False).print(table)


def _note_lines(d: Decision) -> str:
    """One line per kind of note: its first detail, and how many more of that kind."""
    by_code: dict[str, list[str]] = {}
    for note in d.notes:
        by_code.setdefault(note.code, []).append(note.detail)
    return "\n".join(f"{code}: {details[0]}" + (f" (+{len(details) - 1} more)" if len(details) > 1 else "")
                     for code, details in by_code.items())


def _emit(results: list[tuple[str, Decision | str]], as_json: bool, status: int = EXIT_OK) -> int:
    """Print the decisions; the exit status: the worst of `status` (errors met before) and
    1 if any was blocked. Decided before printing, so a closed pipe keeps it (`output_of`).
    A `str` in place of a decision is why that input was refused (said on stderr already):
    with --json it is an `{"input", "error"}` object, so there is one object per input, in order."""
    decisions = [(label, d) for label, d in results if not isinstance(d, str)]
    status = max(status, EXIT_BLOCKED if any(not d.allowed for _, d in decisions) else EXIT_OK)
    with output_of(status):
        if as_json:
            for label, d in results:
                record = {"error": d} if isinstance(d, str) else d.to_dict()
                record["input"] = label
                sys.stdout.write(json_line(record))
        elif decisions:
            _decision_rows(decisions)
    return status


def _as_printed(d: Decision) -> Decision:
    """`d` as a table or JSON line shows it: without its redacted copy (the page without its
    photos, the blurred photo), which neither prints, so that `scan photos/*.jpg` does not hold
    every blurred copy until the last file is judged; an empty one still says it was redacted."""
    if d.redacted_body is not None:
        d.redacted_body = b""
    return d


def _refuse(results: list[tuple[str, Decision | str]], label: str, message: str, shown: str | None = None) -> int:
    """An input that gets no decision: said on stderr now (as `shown`, default the input), and
    kept in its place for --json (as given)."""
    results.append((label, message))
    return _fail(f"{label if shown is None else shown}: {message}")


# ------------------------------------------------------------------ commands
def cmd_check(args: argparse.Namespace) -> int:
    from scrapeguard.fetch import Fetcher
    from scrapeguard.guard import DEFAULT_USER_AGENT, Guard
    from scrapeguard.policy import DEFAULT_POLICY_ID, PolicyError, load_policy
    from scrapeguard.resource import MAX_URL_LENGTH, is_http_url

    try:
        policy = load_policy(args.policy or DEFAULT_POLICY_ID)
    except PolicyError as exc:
        return _fail(str(exc))
    transport = _proxies_of_environment()
    fetcher = None
    try:
        if transport is not None:
            fetcher = Fetcher(args.user_agent or DEFAULT_USER_AGENT, transport=transport,
                              timeout=policy.runtime.timeout_seconds)
        guard = Guard(policy, user_agent=args.user_agent or DEFAULT_USER_AGENT, purpose=args.purpose,
                      audit=args.audit or False, fetcher=fetcher)
    except (PolicyError, KeyError, ValueError, TypeError) as exc:  # a --user-agent no request can carry, too
        if transport is not None:
            transport.close()
        return _fail(str(exc))
    status = EXIT_OK
    results: list[tuple[str, Decision | str]] = []
    try:
        for url in args.urls:
            if not is_http_url(url):
                hint = "; a saved file is judged offline by `scrapeguard scan FILE`" if _is_file(url) else ""
                status = _refuse(results, url, "not an absolute http(s) URL (one a client sends: UTF-8 text without "
                                 f"control characters, at most {MAX_URL_LENGTH} characters){hint or _not_http(url)}",
                                 _shown(url))
            elif (unsendable := _unsendable(url)) is not None:
                status = _refuse(results, url, f"not an absolute http(s) URL a client can send: {unsendable}",
                                 _shown(url))
            else:
                results.append((url, _as_printed(guard.check_url(url))))
    finally:
        guard.close()
        if fetcher is not None:  # (a fetcher given to the guard is the giver's to close)
            fetcher.close()  # (and its client the transport)
    return _emit(results, args.json, status)


# A saved file's type from its name only when the name says page or image; anything else
# (`page.txt`, `dump.bin`, no extension) is sniffed from the bytes by the guard.
_NAMED_TYPES = ("text/html", "application/xhtml+xml")


def cmd_scan(args: argparse.Namespace) -> int:
    """Offline: judge saved pages or images as if fetched from `--url`."""
    from scrapeguard.codings import undecodable
    from scrapeguard.policy import PolicyError
    from scrapeguard.resource import is_http_url

    if args.url is not None and not is_http_url(args.url):
        return _fail(f"--url {args.url!r}: give the absolute http(s) URL the file was fetched from{_not_http(args.url)}")
    parts = urlsplit(args.url) if args.url is not None else None
    if len(args.files) > 1 and parts is not None and (not parts.path.endswith("/") or parts.query or parts.fragment):
        # each file is judged as the folder + its name: a page's own URL would become `jane.html/jane.html`
        return _fail(f"--url {args.url!r} with {len(args.files)} files: give the folder they were fetched from, "
                     "ending in '/' without a query (each file is judged as that URL + its file name), or scan "
                     "each file with its own --url")
    try:
        guard = _guard(args)
    except (PolicyError, KeyError, ValueError, TypeError) as exc:  # a --user-agent no request can carry, too
        return _fail(str(exc))
    given: list[list[tuple[str, Decision | str]]] = [[] for _ in args.files]  # each file's result, in its place
    status = EXIT_OK
    cap = guard.runtime.max_body_bytes
    order, read_once = _pages_first(args.files, cap)
    for index in order:
        name, results = args.files[index], given[index]
        path = Path(name)
        ctype, coding = saved_type(path.name)  # ("text/html", "gzip") for page.html.gz
        if undecodable(coding) is not None:  # bzip2, xz, compress: judged as they are, they would pass unread
            status = _refuse(results, name, f"its name says {coding}-compressed, which scan cannot undo: "
                             "decompress it first")
            continue
        read = read_once.pop(index) if index in read_once else _saved_body(name, coding, cap)
        if isinstance(read, str):
            status = _refuse(results, name, read)
            continue
        body, truncated, broken_off, _ = read
        url = args.url or ("file:///dev/stdin" if name == "-" else path.resolve().as_uri())
        if args.url and len(args.files) > 1:  # each file is judged as the folder + its name
            url = urljoin(args.url, quote(os.fsencode(path.name)))  # (byte for byte: a name in no UTF-8 too)
        ctype = _judged_type(ctype)
        # (the type its name gives is the Content-Type it is judged under: a picture's bytes are still a
        # picture's, as a JPEG saved as face.html, which the guard checks for faces like any other)
        log.info("scrapeguard: scan: %s judged as %s (%s, %d bytes%s)", name, url,
                 f"given as {ctype} by its name" if ctype else "type from its bytes",
                 len(body), ", cut at the body cap" if truncated else "")
        results.append((name, _as_printed(guard.check_response(url, 200, {"content-type": ctype} if ctype else {},
                                                               body, truncated=truncated, broken_off=broken_off))))
    guard.close()
    return _emit([result for results in given for result in results], args.json, status)


def _judged_type(named: str | None) -> str:
    """The Content-Type a saved file is judged under: the one its name gives when that says page, image or a file
    holding others (a PDF, PostScript, a mail message: dropped, a PDF's pictures passed with no note; review,
    session 71); otherwise none, and its bytes tell."""
    from scrapeguard.resource import container_kind

    named = named or ""
    return named if named in _NAMED_TYPES or named.startswith("image/") or container_kind(named, b"") else ""


def _pages_first(names: Sequence[str], cap: int) -> tuple[list[int], dict[int, _Saved | str]]:
    """The order scan judges `names` in (their places): the pages, then the rest, each as given. Why: the guard
    knows what a page says of its pictures once it has judged the page, so a picture only its page calls a
    person's photo was allowed when given first (`IMG_001.jpg` sorts before `index.html`). A page is told by
    its name's type and first bytes, as the guard tells it; a file that reads only once (standard input, a pipe)
    is read here whole, and handed back by its place (`_saved_body`)."""
    from scrapeguard.answers import answer_kind
    from scrapeguard.codings import undecodable

    read_once: dict[int, _Saved | str] = {}
    if len(names) < 2:
        return list(range(len(names))), read_once
    pages: list[int] = []
    for index, name in enumerate(names):
        ctype, coding = saved_type(Path(name).name)
        if undecodable(coding) is not None:  # (refused in its turn)
            continue
        if name == "-" or not Path(name).is_file():
            read = read_once[index] = _saved_body(name, coding, cap)
        else:
            read = _saved_body(name, coding, _HEAD)  # (its start is enough to tell; it is read whole in its turn)
        if not isinstance(read, str) and answer_kind(200, _judged_type(ctype), None, read[3]) == "html":
            pages.append(index)
    paged = set(pages)
    return pages + [index for index in range(len(names)) if index not in paged], read_once


# a saved file's body, whether it was cut at the cap, whether its coding broke off, and its decoded head
_Saved = tuple[bytes, bool, bool, bytes]


def _saved_body(name: str, coding: str | None, cap: int) -> _Saved | str:
    """A saved file's body, whether it was cut at the cap and whether its coding broke off (`_read_saved`), and its
    first bytes under the layers the guard undoes (`_decoded_head`, undone once for `_unread` and `_pages_first`);
    or why scan refuses it: it cannot be read, nothing of it decodes, or it holds what scan does not read."""
    import httpx

    from scrapeguard.resource import is_http_url

    try:
        body, truncated, broken_off = _read_saved(Path(name), coding, cap)
    except OSError as exc:
        hint = ("; a URL is fetched and judged by `scrapeguard check URL`" if is_http_url(name) else
                "; give the files in it (`scrapeguard scan DIR/*.html`; with --url, the folder they were fetched "
                "from, ending in '/')" if isinstance(exc, IsADirectoryError) else "")
        return str(exc.strerror or exc) + hint
    except httpx.DecodingError as exc:
        return f"its name says {coding}-compressed, but nothing of it decodes as {coding} ({exc})"
    head = _decoded_head(body)
    unread = _unread(head, None if truncated else body)  # (judged as one body, the pictures in it would pass unread)
    return (body, truncated, broken_off, head) if unread is None else unread


# What a saved file's last suffix says it is compressed with (any case: `PAGE.HTML.GZ`); the
# codings scan cannot undo are named so that the file is refused, not judged as its bytes.
_SAVED_CODINGS: dict[str, str] = {"gz": "gzip", "tgz": "gzip", "svgz": "gzip", "br": "br", "zst": "zstd",
                                  "zstd": "zstd", "bz2": "bzip2", "xz": "xz", "lzma": "xz", "z": "compress"}
_COMPRESSED_TYPES: dict[str, str] = {"svgz": "image/svg+xml", "tgz": "application/x-tar"}


def saved_type(name: str) -> tuple[str | None, str | None]:
    """(media type, content coding) a saved file's name says: `page.html.gz` is a gzip-compressed
    page, `logo.svgz` a compressed SVG. (mimetypes knows neither `.zst` nor `.GZ`.)"""
    stem, dot, ext = name.rpartition(".")
    coding = _SAVED_CODINGS.get(ext.lower()) if dot and stem else None
    if coding is None:
        return mimetypes.guess_type(name)[0], None
    return _COMPRESSED_TYPES.get(ext.lower()) or mimetypes.guess_type(stem)[0], coding



_HEAD = 65536  # what of a body tells an archive: its first bytes, under the codings the guard undoes


def _unread(head: bytes, whole: bytes | None = None) -> str | None:
    """Why `scan` refuses a body, told by its first bytes under the layers the guard undoes (`head`) (a
    `dump.bin`, a `.tar.xz` saved as `backup`), or None: an archive (`resource.archive_kind`) or data in a
    compression scan cannot undo, looked for under the gzip and zstd layers the guard undoes itself
    (`unlabelled_coding`: a `.tar.gz` or `.tar.zst` saved as `backup`). Why: `check_response` judges such a
    body as one download whose contents it does not read, so `scan` said `allow`, no finding, for a face photo
    inside it; its name (`.bz2`, `.xz`) had it refused, its bytes alone did not. `whole`: the body, when all of it
    was read, whose end tells a zip after other bytes (`resource.ends_as_zip`: a self-extracting one, or one after
    a picture's bytes), which unzip reads and scan passed."""
    from scrapeguard.codings import never_undone_coding
    from scrapeguard.resource import archive_kind, ends_as_zip

    coding = never_undone_coding(head)  # (compressed data scan cannot undo, nor the guard: one download, unread)
    if coding is not None:
        return f"its bytes are {coding}-compressed, which scan cannot undo: decompress it first"
    archive = archive_kind(head) or ("a zip archive after other bytes" if whole and ends_as_zip(whole) else None)
    if archive is not None:
        return (f"{archive}, whose files scan does not read (judged as one body, every picture in it would pass "
                "unread): unpack it and scan what it holds")
    return None


def _decoded_head(body: bytes) -> bytes:
    """The first bytes of `body` under the gzip and zstd layers the guard undoes itself (`unlabelled_coding`)."""
    from scrapeguard.codings import undo_unlabelled

    undone = undo_unlabelled(body, _HEAD, partial=True)  # (the start of what decodes: of a layer that breaks off too)
    return (undone[0] if undone else body)[:_HEAD]


def _read_saved(path: Path, coding: str | None, cap: int) -> tuple[bytes, bool, bool]:
    """A saved file's body as `check_response` judges it: at most `cap` bytes, read as they are
    needed (`scan /dev/zero` read everything before the cap applied, into a MemoryError), and
    with the compression its name gives undone (`page.html.gz` is a page, not gzip bytes judged
    as one and allowed): decoded by the adapters' own bounded decoders, so a small bomb stops one
    chunk past the cap. Returns the body, whether there was more past the cap, and whether its
    coding broke off (the body is all that decodes). Raises OSError, and httpx.DecodingError
    when nothing of the file decodes."""
    import httpx

    from scrapeguard.codings import PIECE, capped, decoding_view, past_cap

    def chunks() -> Iterator[bytes]:
        while chunk := saved.read(PIECE):
            yield chunk

    # (`-`: standard input, as other commands read it; review)
    with (contextlib.nullcontext(sys.stdin.buffer) if str(path) == "-" else path.open("rb")) as saved:
        view = decoding_view(httpx.Response(200, headers=[("content-encoding", coding or "")], content=chunks()))
        body, cut = capped(view.iter_bytes(), cap)
    over = past_cap(body, cut, cap)
    return body, over, cut and not over


def cmd_policy_check(args: argparse.Namespace) -> int:
    """Every file is loaded before anything is printed: the exit status (2 for any bad file)
    is then known, and a reader that closes the pipe early does not change it."""
    from scrapeguard.policy import PolicyError, load_policy

    results: list[tuple[str, Any]] = []
    for name in args.files:
        try:
            results.append((name, load_policy(name, warn=False)))  # its warnings are printed below, once
        except PolicyError as exc:
            results.append((name, exc))
        except Exception as exc:  # noqa: BLE001 - one file's failure loses no other's result (a RecursionError did)
            log.debug("scrapeguard: policy check %s failed", name, exc_info=True)
            results.append((name, PolicyError(name, [("", f"could not be checked: {type(exc).__name__}: "
                                                          f"{str(exc)[:200]}")])))
    status = EXIT_ERROR if any(isinstance(r, PolicyError) for _, r in results) else EXIT_OK
    out = _console()
    with output_of(status):
        for name, p in results:
            if isinstance(p, PolicyError):
                error = p
                if args.json:
                    # each error: [key, reason, the file of the `extends` chain that holds it]; `lines`:
                    # each error's line in the file, as the text form says it (null where unknown; a
                    # syntax error's is the file's `line`, which the top level keeps as well)
                    print(json.dumps({"file": name, "ok": False, "line": error.line,
                                      "errors": [[key, reason, source or error.path] for (key, reason), source
                                                 in zip(error.problems, error.sources, strict=True)],
                                      "lines": [at if at is not None else error.line for at in error.lines]}))
                else:
                    for line in str(error).splitlines():
                        out.print(f"[red]FAIL[/] {_esc(line)}", markup=True, highlight=False)
                continue
            purposes = ", ".join(f"{x.id} ({x.usage})" for x in p.purpose)
            # valid, but a reviewer must see it (an opt-out ignored, faces unchecked, the example's controller)
            warnings = p.warnings() + p.placeholders() + _sink_is_a_folder(p)
            if args.json:
                print(json.dumps({"file": name, "ok": True, "id": p.id, "version": p.version, "sha256": p.sha256,
                                  "mode": p.runtime.mode, "purposes": [x.id for x in p.purpose],
                                  "warnings": [list(w) for w in warnings]}))
            else:
                line = (f"{name}: {p.id} {p.version}, {p.runtime.mode}/{p.runtime.on_error}, "
                        f"purposes: {purposes}, sha256 {p.sha256[:12]}{_relative_sink(p)}")
                out.print("[green]OK[/]   " + _esc(line), markup=True, highlight=False)
                for where, why in warnings:
                    out.print("[yellow]WARN[/] " + _esc(f"{name}: {where} = {why}"), markup=True, highlight=False)
    return status


def _relative_sink(policy: Policy) -> str:
    """Where a relative `[audit] sink` puts the log from here: it is read against the folder a guard starts in, so
    one policy run from two folders keeps two logs, each with its own suppression list (review, session 61)."""
    from scrapeguard.policy.model import sink_path

    sink = policy.audit.sink
    try:
        path = Path(sink_path(sink)) if sink else None
    except ValueError:
        return ""
    if path is None or path.is_absolute():
        return ""
    return f", audit log {path.absolute()} (a relative sink: read against the folder a guard starts in)"


def _sink_is_a_folder(policy: Policy) -> list[tuple[str, str]]:
    """An `[audit] sink` that is a folder here: the policy is valid, but a guard started here cannot
    open it as its log (`sink = "/tmp"` said OK, then Guard() raised AuditUnreadable; found in review).
    Only where `policy check` runs: the crawl may run elsewhere, so a warning, not a failure."""
    from scrapeguard.policy.model import sink_path

    sink = policy.audit.sink
    if not sink:
        return []
    try:
        folder = Path(sink_path(sink)).is_dir()
    except (OSError, ValueError):
        return []
    if not folder:
        return []
    return [("audit.sink", f"{sink[:80]!r} is a folder here: a guard started here cannot open it as its audit log; "
                           "name the log file in it (e.g. audit.sqlite)")]


def cmd_demo(args: argparse.Namespace) -> int:
    from scrapeguard.demo.run import run_demo

    return run_demo(policy=args.policy, audit=args.audit, serve=args.serve, port=args.port,
                    as_json=args.json)


# ------------------------------------------------------------------ parser
class _Version(argparse.Action):
    """`--version`, with how the page analysis runs: a failed compile at install time silently
    costs ~1.5x per page, and this is where a user can see it."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        import platform

        from scrapeguard import __version__
        from scrapeguard.detect import IMPLEMENTATION

        print(f"scrapeguard {__version__} (page analysis: {IMPLEMENTATION}; "
              f"Python {platform.python_version()})")
        parser.exit()


class _CommandParser(argparse.ArgumentParser):
    """A command's options may come between its URLs or files, as in most command lines
    (`check URL1 --policy log-only URL2` was "unrecognized arguments: URL2"; found in review):
    a command taking a list and no subcommand of its own is parsed intermixed."""

    _intermixing = False

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        positionals = [a for a in self._actions if not a.option_strings]
        listed = len(positionals) == 1 and positionals[0].nargs in ("+", "*")
        if self._intermixing or self._subparsers is not None or not listed:
            return super().parse_known_args(args, namespace)
        given = list(args) if args is not None else sys.argv[1:]
        # what follows `--` is the list's whatever it looks like: Python 3.11's intermixed parsing lost
        # the `--` (`scan -- -draft.html`; found in review), so it is added to the list after the rest is parsed
        cut = given.index("--") if "--" in given else len(given)
        if "-h" in given[:cut] or "--help" in given[:cut]:
            # (the usage as declared: `URL [URL ...]`, not `[URL ...]`)
            return super().parse_known_args(args, namespace)
        action = positionals[0]
        required, action.nargs = action.nargs, "*"
        self._intermixing = True
        try:
            parsed, extra = super().parse_known_intermixed_args(given[:cut], namespace)
        finally:
            self._intermixing = False
            action.nargs = required
        converted = [self._get_values(action, [item])[0] for item in given[cut + 1:]]
        values = list(getattr(parsed, action.dest, None) or []) + converted
        if required == "+" and not values:
            self.error(f"the following arguments are required: {action.metavar or action.dest}")
        setattr(parsed, action.dest, values)
        return parsed, extra


def build_parser() -> argparse.ArgumentParser:
    parser = _CommandParser(
        prog="scrapeguard",
        description="A guard between crawlers and the web: honours opt-outs, refuses personal and "
                    "biometric images without a declared legal basis.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="may a crawler collect these URLs? (fetches them)",
                       description="Fetch each URL as a guarded crawler would (its site's robots.txt, tdmrep.json "
                                   "and ai.txt first; through the proxy http_proxy, https_proxy or all_proxy names) "
                                   "and show the decision and why. " + EXIT_HELP.format(what="URL")
                                   + " With --audit: 3 the audit log could not be opened for writing (2: the path is "
                                     "a folder, or a file that is no audit log), 4 it stayed "
                                     "locked by another writer as it was opened, 5 its disk is full; a decision "
                                     "whose write fails later (another writer holding the log past the 30 s busy "
                                     "timeout, say) is blocked under a fail-closed policy (audit.write_failed, 1) "
                                     "and waits in <log>.unwritten/.")
    p.add_argument("urls", nargs="+", metavar="URL", type=given, help="absolute http(s) URL to fetch and judge")
    _add_policy_args(p, fetches=True)
    p.add_argument("--audit", default=None, metavar="PATH", type=given,
                   help="append the decisions to this audit log (default: none: nothing is recorded, and the "
                        "erasures of no log are honoured)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one decision per URL")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("scan", help="judge saved pages or images offline",
                       description="Judge saved pages or images offline, as answers from --url: nothing is "
                                   "fetched, so the site's robots.txt and other host files are not read (a note "
                                   "says so). " + EXIT_HELP.format(what="file"))
    p.add_argument("files", nargs="+", metavar="FILE", type=given,
                   help="a saved page or image (compressed too: .gz, .br, .zst, .svgz), or - for standard input; an "
                        "archive (zip, tar, WARC, MHTML) is refused: unpack it and scan what it holds. Of several, "
                        "the pages are judged first, so that what a page says of its pictures reaches them whatever "
                        "the order given; the results are shown in that order")
    p.add_argument("--url", default=None,
                   help="the URL the file was fetched from, as given (base for relative links); with several "
                        "files, the folder they were fetched from, ending in '/' without a query: each file is "
                        "judged as that URL + its file name")
    _add_policy_args(p, fetches=False)
    p.add_argument("--json", action="store_true", help="JSON Lines, one decision per file")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("policy", help="policy files")
    psub = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    pc = psub.add_parser("check", help="validate policy files: OK, or a FAIL line per problem (exit 2); "
                                       "WARN lines for what is valid but weakens the guard or refuses more than meant")
    pc.add_argument("files", nargs="+", metavar="FILE", type=given, help="policy file, or a shipped policy's id (e.g. gdpr-strict)")
    pc.add_argument("--json", action="store_true", help="JSON Lines, one object per file: ok, errors, warnings")
    pc.set_defaults(func=cmd_policy_check)

    p = sub.add_parser("demo", help="serve a local demo site and crawl it through the guard (no network)",
                       description="Serve a small demo site on 127.0.0.1 (its pages, and an image CDN on a second "
                                   "port), crawl it through the guard and show what was allowed, redacted and "
                                   "blocked, and why; nothing leaves the machine. Exit status: 0 once it has shown "
                                   "its crawl, blocks and all; 2 when it cannot run (a port taken, a bad policy).")
    p.add_argument("--policy", default=None, type=given, help="policy file or shipped id (default: gdpr-strict)")
    p.add_argument("--audit", default=None, metavar="PATH", type=given,
                   help="audit log (default: ./scrapeguard-demo.sqlite)")
    p.add_argument("--serve", action="store_true", help="leave the demo site running for the examples")
    p.add_argument("--port", type=_demo_port, default=None,
                   help="port of the demo site (its second site takes the next one); default 8000 with --serve, "
                        "else free ports, named in the first line")
    p.add_argument("--json", action="store_true", help="JSON Lines, one decision per resource crawled")
    p.set_defaults(func=cmd_demo)

    for module in ("scrapeguard.audit.cli", "scrapeguard.proxy.cli"):
        try:
            register = __import__(module, fromlist=["register"]).register
        except ImportError as exc:
            if exc.name and exc.name.startswith("scrapeguard"):
                continue  # that part of the package is not there
            name = module.split(".")[1]
            missing = exc.name or "a dependency"
            np = sub.add_parser(name, help=f"(unavailable: {missing} not installed)")
            np.set_defaults(func=lambda a, m=missing, n=name: _fail(
                f"`scrapeguard {n}` needs {m}: pip install 'scrapeguard[{n}]'"))
            continue
        register(sub)
    _verbose_anywhere(parser)
    return parser


def _verbose_anywhere(parser: argparse.ArgumentParser) -> None:
    """`scrapeguard check -v URL` as well as `scrapeguard -v check URL`: every subcommand, also
    those the audit and proxy packages add, takes -v; its default SUPPRESS leaves the top-level
    value alone when a subcommand's is not given. (argparse has no public walk of subparsers.)"""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in {id(p): p for p in action.choices.values()}.values():  # aliases share a parser
                if "-v" not in sub._option_string_actions:
                    sub.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                                     help=VERBOSE_HELP)
                _verbose_anywhere(sub)


class _StderrFormatter(logging.Formatter):
    """`LEVEL name: message`, the name left out where the message starts with it already (every
    line of the 'scrapeguard' logger does: 'WARNING scrapeguard: scrapeguard: …' otherwise)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        if record.message.startswith(record.name.partition(".")[0] + ": "):
            return f"{record.levelname} {record.message}"
        return super().formatMessage(record)


def _logging(verbose: bool) -> dict[str, int]:
    """Logging to stderr: other libraries' errors only (their INFO, httpx's requests, with -v);
    the 'scrapeguard' logger's WARNINGs always (a policy still holding the shipped example's
    controller, a proxy's upstream failing: at ERROR they reached no one), and with -v every
    line of it, whose diagnostics are DEBUG. mitmproxy's WARNINGs always too: why a client's or
    a site's TLS handshake with the proxy failed (a client not trusting its CA) is said nowhere
    else. Stdout, which --json output is, stays clean. Returns those loggers' levels before, for
    `main` to put back (in-process callers keep theirs)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, handlers=[handler])
    levels = {"scrapeguard": logging.DEBUG if verbose else logging.WARNING,
              "mitmproxy": logging.INFO if verbose else logging.WARNING}
    before = {name: logging.getLogger(name).level for name in levels}
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    return before


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status. Ctrl-C is exit 130 without a traceback from the first
    line on: the parser's imports (the audit and proxy commands) and each command's take a while."""
    levels: dict[str, int] = {}
    status: int | None = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_ERROR
        levels = _logging(args.verbose)
        # a stdout that cannot encode every character (PYTHONIOENCODING=ascii, a Windows code page when
        # redirected) shows escapes: a page's `—` or `Zoë` raised mid-table, a traceback and exit 1 ("blocked")
        safe_output()
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader gone shows here, not as an ignored error at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError as exc:
        return closed_pipe_status(exc, status)
    except OSError as exc:
        # an output that cannot be written (a full disk, `> /dev/full`): one line and its own status (5: full),
        # never a traceback's 1, which `check` gives a blocked URL and `audit verify` a tampered log (review)
        from scrapeguard.audit.errors import os_error_exit

        closed_pipe_status(BrokenPipeError(), None)  # (stdout to /dev/null: the interpreter's last flush is quiet)
        print(f"scrapeguard: {exc.filename or 'output'}: {exc.strerror or exc}", file=sys.stderr)
        return os_error_exit(exc)
    except Exception as exc:
        from scrapeguard.audit.errors import AuditError

        if not isinstance(exc, AuditError):
            # a failure of scrapeguard's own: a traceback is exit 1, which `check` and `scan` give a blocked input
            # and `audit verify` a tampered log; one line and 2, the traceback with -v
            log.debug("scrapeguard: the command failed", exc_info=True)
            print(f"scrapeguard: the command failed ({type(exc).__name__}: {str(exc)[:300]}); a bug of scrapeguard's "
                  "(-v shows where)", file=sys.stderr)
            return EXIT_ERROR
        # an audit log the command cannot use: one line, not a traceback
        print(f"scrapeguard: {exc}", file=sys.stderr)
        return int(getattr(exc, "exit_code", EXIT_ERROR))
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


if __name__ == "__main__":
    raise SystemExit(main())
