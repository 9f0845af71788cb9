"""`scrapeguard demo`: start the local demo site, crawl it through the guard with httpx,
and print what was allowed, redacted and blocked, and why."""

from __future__ import annotations

import shlex
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.html

from scrapeguard.codings import without_encoding
from scrapeguard.decision import Decision
from scrapeguard.signals.base import OTHER_USAGE
from scrapeguard.terminal import console as pipe_console
from scrapeguard.terminal import json_line, output_of

if TYPE_CHECKING:
    from scrapeguard.guard import Guard

DEMO_USER_AGENT = "scrapeguard/0.1 (demo; +https://example.org/bot)"
MAX_FETCHES = 200


@dataclass
class Visit:
    url: str
    kind: str
    decision: Decision
    referrer: str | None


def _links(body: bytes, base: str) -> list[str]:
    try:
        root = lxml.html.document_fromstring(body)
    except Exception:  # noqa: BLE001 - a crawler skips pages it cannot parse
        return []
    return [urljoin(base, a.get("href") or "") for a in root.iter("a") if a.get("href")]


def crawl(start: str, guard: object, *, max_fetches: int = MAX_FETCHES) -> list[Visit]:
    """A small breadth-first crawler that asks the guard before and after every fetch.

    Pages are followed on the start origin; images are fetched wherever they are hosted
    (a CDN obeys its own robots.txt). What the guard redacted is what the crawler keeps.
    """
    from scrapeguard.guard import Guard

    assert isinstance(guard, Guard)
    site = urlsplit(start).netloc
    queue: deque[tuple[str, str, str | None]] = deque([(start, "page", None)])
    seen = {start}
    visits: list[Visit] = []
    with httpx.Client(headers={"User-Agent": guard.user_agent}, timeout=10.0, trust_env=False) as client:
        while queue and len(visits) < max_fetches:
            url, kind, referrer = queue.popleft()
            decision = guard.check_request(url)
            if decision.allowed:
                try:
                    response = client.get(url)
                    # response.content is decoded by httpx: its headers as they describe it, without Content-Encoding
                    decision = guard.check_response(url, response.status_code,
                                                    list(without_encoding(response.headers.multi_items())),
                                                    response.content)
                except httpx.HTTPError as exc:
                    decision = guard._failure(url, "response", None, exc)  # noqa: SLF001 - same package
            visits.append(Visit(url, kind, decision, referrer))
            if not decision.allowed or decision.content_type is None:
                continue
            if "html" in (decision.content_type or ""):
                for image in decision.images:
                    # (a block the page's decision does not enact, in audit mode, leaves the picture to be fetched)
                    if image.url not in seen and (image.action != "block" or not decision.enforced):
                        seen.add(image.url)
                        queue.append((image.url, "image", url))
                body = decision.redacted_body if decision.redacted_body is not None else response.content
                for link in _links(body, url):
                    link = link.split("#")[0]
                    if urlsplit(link).netloc == site and link not in seen:
                        seen.add(link)
                        queue.append((link, "page", url))
    return visits


def shown_action(d: Decision) -> str:
    """The action as the crawl enacted it, for the table and its summary alike.

    Under a policy in audit mode (`[runtime] mode = "audit"`, e.g. `log-only`) the would-be
    action is recorded but not enacted, so it reads "block (audit only)": a plain "block" would
    tell a new user something was blocked when nothing was. A suppressed item (erasure or
    objection) is blocked whatever the mode, so its block is shown as one.
    """
    if d.enforced or not d.allowed:
        return d.action
    return f"{d.action} (audit only)"


# what each action of the table means for what the crawler got ("redact" alone tells a new user little)
_KEPT = {
    "allow": "kept as fetched",
    "log": "kept as fetched, its finding recorded",
    "redact": "kept without its personal images (a page) or blurred (an image)",
    "block": "not kept (one refused before the fetch, as robots.txt refuses, is never requested)",
}


def _meaning(label: str) -> str:
    """What the crawler keeps of a resource shown as `label` (`shown_action`)."""
    if label.endswith("(audit only)"):
        return "kept as fetched: the policy is in audit mode, which only records what it would do"
    return _KEPT[label]


def _print_table(visits: list[Visit], base: str, elapsed: float, audit_path: str | None, policy: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = pipe_console(piped_width=150)
    colour = {"allow": "green", "log": "cyan", "redact": "yellow", "block": "red"}
    # (which policy decided: `--policy log-only` or a file of one's own gives another table)
    table = Table(title=f"scrapeguard demo — crawl of {base} under policy {escape(policy)}", title_justify="left")
    table.add_column("resource", overflow="fold")
    table.add_column("kind")
    table.add_column("action")
    table.add_column("why", overflow="fold")
    for v in visits:
        d = v.decision
        shown = v.url.replace(base, "") or "/"
        deciding = [f for f in d.findings if f.action == d.action and d.action != "allow"]
        # (a site's opt-out of another usage, `noai` to a search crawl, named: "no opt-out" read as none said)
        other = sorted({n.code for n in d.notes if OTHER_USAGE in n.detail})
        why = "; ".join(f"{f.code}: {f.detail}" for f in deciding[:2]) or (
            f"no opt-out for this purpose ({', '.join(other)}: other usages), no personal data" if other
            else "no opt-out, no personal data")
        table.add_row(escape(shown), v.kind, f"[{colour[d.action]}]{shown_action(d)}[/]", escape(why))
    console.print(table)
    counts: dict[str, int] = {}
    for v in visits:
        label = shown_action(v.decision)
        counts[label] = counts.get(label, 0) + 1
    summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
    console.print(f"{len(visits)} resources judged in {elapsed:.1f} s: {summary}.")
    meanings: dict[str, list[str]] = {}  # (the labels of one meaning together: "allow (audit only), block (audit only)")
    for label in sorted(counts):
        meanings.setdefault(_meaning(label), []).append(label)
    console.print("What the crawler keeps: " + "; ".join(f"{', '.join(labels)} = {meaning}"
                                                         for meaning, labels in meanings.items()) + ".", soft_wrap=True)
    if audit_path:
        console.print(f"Audit log: [bold]{escape(audit_path)}[/]  — review it with:")
        log = escape(shlex.quote(audit_path))  # (a path with a space, `--audit "my logs/demo.sqlite"`)
        for command in ("list", "stats", "verify", "report --html report.html"):  # one per line: copyable
            console.print(f"  scrapeguard audit {command} --log {log}", soft_wrap=True)


def run_demo(
    *,
    policy: str | None = None,
    audit: str | None = None,
    serve: bool = False,
    port: int | None = None,
    as_json: bool = False,
) -> int:
    """The demo: its site started on 127.0.0.1 (at `port` and the next, when given or when it is to
    be served, default 8000; else on free ports, named in its first line), crawled through the guard."""
    from scrapeguard.audit.errors import AuditError
    from scrapeguard.demo.site import start_demo_site
    from scrapeguard.detect.faces import unavailable_note
    from scrapeguard.guard import Guard
    from scrapeguard.policy import DEFAULT_POLICY_ID, PolicyError, load_policy
    from scrapeguard.policy.loader import is_shipped

    audit_path = audit or "scrapeguard-demo.sqlite"
    try:
        # (a crawl on ports of its own, unless told: the URLs in its log then carry them, so `--port 8000`
        # pins them for a request by URL that a later run's log is to answer)
        fixed = port if port is not None else (8000 if serve else None)
        site = start_demo_site(fixed or 0, (fixed + 1) if fixed else 0)
    except OSError as exc:
        where = f"127.0.0.1:{fixed} and :{fixed + 1} (its image CDN)" if fixed else "127.0.0.1"
        # (8000 is many a development server's: say how to move, and how the examples follow)
        instead = ("; choose other ports with --port N (the examples take the site's URL: --base, -a base=)"
                   if fixed else "")
        print(f"error: cannot start the demo site on {where}: {exc.strerror or exc}{instead}", file=sys.stderr)
        return 2
    try:
        folder = Path(audit_path).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way (`--audit notes.txt/demo.sqlite`), a read-only place
            print(f"error: --audit {audit_path}: cannot create its folder {folder}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 2
        try:
            # a shipped policy, as the demo means it, loads quietly: its example controller and
            # evidence are what a demo has, not a setup to mend (a crawl with it warns of them)
            chosen = policy or DEFAULT_POLICY_ID
            guard = Guard(load_policy(chosen, warn=not is_shipped(chosen)), user_agent=DEMO_USER_AGENT,
                          audit=audit_path)
        except (PolicyError, KeyError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except (ValueError, AuditError) as exc:  # a log name no file system takes (over 255 bytes), a folder, /dev/null
            print(f"error: --audit {audit_path}: {exc}", file=sys.stderr)
            return 2
        if (note := unavailable_note(guard.policy)) is not None:
            print(note, file=sys.stderr, flush=True)
        started = time.perf_counter()
        visits = crawl(site.base + "/", guard)
        elapsed = time.perf_counter() - started
        # asked before close(): after it `guard.audit` opens the log again, which --serve then held open for hours
        recorded = guard.audit is not None
        guard.close()
        with output_of(0):  # (a reader closing the pipe early keeps the demo's status, not rich's 1)
            if as_json:
                for v in visits:
                    record = v.decision.to_dict()
                    record["kind"] = v.kind
                    sys.stdout.write(json_line(record))
            else:
                _print_table(visits, site.base, elapsed, audit_path if recorded else None,
                             f"{guard.policy.id} {guard.policy.version}, purpose {guard.default_purpose.id}")
        if serve:
            # on stderr under --json, whose stdout is JSON Lines alone (`demo --serve --json | jq`)
            print(f"Demo site left running: {site.base}/ (pages) and {site.cdn_base}/ (CDN). Ctrl-C to stop.",
                  file=sys.stderr if as_json else sys.stdout, flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return 0
    finally:
        site.close()

