"""The Guard: signals and detections in, one explained `Decision` out.

Two stages per resource. Before the request: host-level signals for the resource's own
origin (robots.txt, tdmrep.json, ai.txt — from a bounded per-origin cache) and what the
referring page said about it. After the response: status, headers, then the body (an
HTML page's meta tags and every image it references; an image's embedded rights, faces
and EXIF).

The deciding core (`decide_request`, `check_response`) does no network I/O. Fetching
host files is the caller's job: adapters ask `host_files_needed(url)`, fetch them their
own way and hand them to `store_host_file`; `check_request` / `check_url` do it with the
guard's own httpx client for users without a framework.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar
from urllib.parse import ParseResult, SplitResult, urljoin, urlsplit

import httpx

from scrapeguard.answers import JUDGED_BY_CONTENT, answer_kind, body_kind, declares_text, is_text
from scrapeguard.cache import BoundedCache
from scrapeguard.coded_body import undo_coding, undo_unlabelled_layers
from scrapeguard.codings import codings, decode_host_file
from scrapeguard.decision import (
    MAX_REDIRECTS,
    REDACT_INCOMPLETE,
    REDACT_RANGE_PART,
    REDACT_UNAVAILABLE,
    Decision,
    Finding,
    ImageDecision,
    Note,
    strictest,
)
from scrapeguard.detect.base import ImageAnalysis, ImageRef, PageAnalysis
from scrapeguard.detect.inline import MAX_IMAGES as MAX_INLINE_IMAGES
from scrapeguard.detect.inline import MAX_SMALL_IMAGES as MAX_SMALL_INLINE_IMAGES
from scrapeguard.detect.inline import MAX_ANSWER_PIXELS, InlineImage, PixelBudget, blank_inline, data_uri_name, \
    find_inline_images, may_hold_inline
from scrapeguard.detect.multipart import MAX_PARTS, Parts, is_multipart, may_hold_picture
from scrapeguard.detect.multipart import parts as multipart_parts
from scrapeguard.enact import RANGE_WITHHELD, range_total, starts_at_first_byte, starts_past_first_byte, whole_range
from scrapeguard.image_context import TRACE_FACTOR, ImageContext, ImageContexts, RedirectSources, for_images
from scrapeguard.image_findings import (
    context_finding,
    erased_finding,
    image_findings,
    inline_findings,
    note_ignored_for_images,
    page_findings,
    picture_findings,
)
from scrapeguard.jurisdiction import (JurisdictionResult, PageHints, ascii_host, carried_blocs, exif_gps_position,
                                      link_hreflangs, registrable_domain, resolve)
from scrapeguard.link_field import preloaded_images
from scrapeguard.logsafe import exception_text, named_exception
from scrapeguard.loops import LoopClients, loop_closed, off_loop, running_loop
from scrapeguard.policy import DEFAULT_POLICY_ID, Policy, PolicyError, load_policy
from scrapeguard.policy.evaluate import ON_ERROR_RULE, Scope, override_evidence
from scrapeguard.policy.model import LOG_GIVEN_BY, NO_AUDIT_LOG, Purpose, log_file_path
from scrapeguard.policy.rules import RULES_VERSION, basis_gaps
from scrapeguard.resource import (
    MAX_HEADER_FIELDS,
    MAX_HEADER_VALUE,
    ContentKind,
    FetchResult,
    HeaderInput,
    Headers,
    body_charset,
    container_kind,
    content_type_of,
    ends_as_zip,
    host_of,
    is_http_url,
    origin,
    part_passes,
    picture_type,
    query_in_encoding,
    redirect_target,
    resource_key,
    SNIFF_WINDOW,
    declared_length,
    starts_as_media_container,
    sha256_hex,
    untyped,
    without_userinfo,
)
from scrapeguard.signal_findings import UNREAD_FIELDS, opt_out_findings, signal_summary, unread_fields_finding
from scrapeguard.signals import host_file_readers, merge_signals, product_token, request_stage, response_readers
from scrapeguard.signals.aitxt import names_media_type
from scrapeguard.signals.base import (HostFileReader, ImageRules, ResponseReader, ResponseView, Signal, Usage,
                                      takes_served_as)
from scrapeguard.signals.embedded import EmbeddedReader
from scrapeguard.unwritten import Unwritten, exit_waits_for_unwritten

if TYPE_CHECKING:
    from scrapeguard.fetch import AsyncFetcher, Fetcher
    from scrapeguard.hostfiles import HostFiles

log = logging.getLogger("scrapeguard")
_D = TypeVar("_D")  # what a decision call gives (a Decision, or None: `decide_when_cached`)

DEFAULT_USER_AGENT = "scrapeguard/0.1 (+https://github.com/scrapeguard/scrapeguard)"
# The host files the cache keeps, by the bytes they came in (with a fixed cost per file): 32 MiB
# holds thousands of ordinary origins' files and at most ~64 of 500 KiB (each ~7 MB parsed)
HOST_CACHE_BYTES = 32 * 1024 * 1024
HOST_FILE_OVERHEAD = 2048
# What an ordinary host file weighs (overhead and a few KiB): a larger host_cache_size raises the
# budget by this much a file, so that many ordinary files all stay
ORDINARY_HOST_FILE = HOST_FILE_OVERHEAD + 4 * 1024
# The tiles (detector runs) the pictures carried in one answer (data: URIs, multipart parts) get for the tile pass of
# a large photo (`detect.images._tile_grid`), shared: what two 12-Mpx photos take (12 each). Given to all 64 checked,
# tiles made a page of large embedded photos cost six times as much; given to the first two pictures only, a third
# embedded 2000x1500 photo was face.min_size_unreached and removed (review). Past them, one run each: faces out of
# that run's reach are a face.min_size note, or past twice face_min_px face.min_size_unreached, for on_error
MAX_ANSWER_TILES = 24


class AuditSink(Protocol):
    """Where decisions go. `scrapeguard.audit.AuditLog` is the real one."""

    def append(self, decision: Decision) -> Any: ...

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None: ...


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _loaded_policy(policy: Policy | str | Path | None) -> Policy:
    """The guard's policy: the one given, the file or shipped id given loaded, the default for None.

    Why: an empty one (`--policy ""`, an empty variable passed on) was taken for none and loaded
    the default without a word, so a crawl meant to run under one's own policy ran under another."""
    if isinstance(policy, Policy):
        return policy
    if (isinstance(policy, str) and not policy.strip()) or (isinstance(policy, Path) and policy == Path("")):
        given = repr(policy) if isinstance(policy, str) else "Path('')"
        raise PolicyError(given, [("", "policy is empty: give a file or a shipped id, or leave it out "
                                       f"(None: the default, {DEFAULT_POLICY_ID})")])
    return load_policy(DEFAULT_POLICY_ID if policy is None else policy)


def _checked_user_agent(user_agent: object) -> str:
    """The guard's user agent, refused at construction when no request could carry it.

    Why: None, a blank value, one with a line break (header injection), a non-ASCII character
    (Bötchen/1.0, U+2028) or leading or trailing whitespace used to construct a guard whose every
    request then failed (`error.typeerror`, `error.unicodeencodeerror`, or `robots.unreachable`:
    the client refuses the header), far from the mistake."""
    if not isinstance(user_agent, str):
        raise TypeError(f"user_agent must be a str, not {type(user_agent).__name__}")
    if not user_agent.strip():
        raise ValueError("user_agent is empty: give the crawler's User-Agent, e.g. 'ExampleBot/1.0 (+https://…)'")
    bad = _CONTROL.search(user_agent)
    if bad:
        raise ValueError(f"user_agent {user_agent[:80]!r} contains the control character {bad.group()!r} "
                         f"(a line break or other control character cannot be sent in a User-Agent header)")
    if not user_agent.isascii():
        char = next(c for c in user_agent if not c.isascii())
        raise ValueError(f"user_agent {user_agent[:80]!r} contains the non-ASCII character {char!r} "
                         f"(U+{ord(char):04X}): a User-Agent header is sent as ASCII; write the name in ASCII letters")
    if user_agent != user_agent.strip():
        raise ValueError(f"user_agent {user_agent[:80]!r} has leading or trailing whitespace, which a User-Agent "
                         "header cannot carry: remove it")
    return user_agent


def _untiled(tiled: int) -> str:
    """Why the next picture carried in an answer gets no tile pass, its pictures having had `tiled` tiles ("" while
    the answer's `MAX_ANSWER_TILES` are not spent): a page of 64 embedded 12-Mpx photos cost six times what it did
    with one detector run each."""
    if tiled < MAX_ANSWER_TILES:
        return ""
    return f"earlier pictures of the same answer had {tiled} tiles, the most one answer gets"


def _carried(split: Parts) -> frozenset[str]:
    """The URLs a multipart answer carries as parts (`Parts.names`): each part's Content-Location
    (as its `resource_key`), `cid:` and its Content-ID. Why: a saved page's <img> of a portrait on a
    CDN made the archive personal and blocked it, where the page itself is kept; only pictures it
    carries are in the answer."""
    return frozenset("cid:" + value if field == "id" else resource_key(value) for field, value in split.names)


# The part locations of one multipart answer looked up on the suppression list (`_carried_erasures`):
# an archive's parts have one each; past these (parts nested in parts, split two ways), the rest are not
MAX_CARRIED_LOOKUPS = 2 * MAX_PARTS


# A reference with a scheme or a host of its own (`https:…`, `data:…`, `//cdn…`): no base changes it.
_SCHEME_OR_HOST: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2}")


@functools.lru_cache(maxsize=8)  # (one answer's carried set, asked once per reference of its pages)
def _last_segments(carried: frozenset[str]) -> frozenset[str] | None:
    """The last path segments (with any query) of the carried locations' keys; None when one of them
    is not http(s) (a `file:` location joins and keys otherwise: no shortcut then)."""
    if not all(key.startswith(("http://", "https://", "cid:")) for key in carried):
        return None
    return frozenset(key.rsplit("/", 1)[-1] for key in carried if not key.startswith("cid:"))


def _is_carried(ref: ImageRef, carried: frozenset[str]) -> bool:
    """Whether a page part's image is one of the answer's parts (`_carried`): by its URL or its
    `src` as written, resolved against any part's location too (the page's own, unknown here: a
    wrong guess only counts an image that is not carried), each compared as its `resource_key`.
    Why: compared as written, a browser's saved `Jane%20Doe.jpg` was not the page's `Jane Doe.jpg`
    (nor `//CDN.Example.com/` its lower-case host, nor `#top` none), and the carried portrait passed."""
    if ref.url.lower().startswith("cid:") or resource_key(ref.url) in carried or resource_key(ref.src) in carried:
        return True
    src = ref.src.strip()
    if _SCHEME_OR_HOST.match(src) is not None:
        return False  # (an absolute src joins to itself whatever the base: tried above)
    names = _last_segments(carried)
    if names is not None and src[:1] not in ("", "?", "#") \
            and resource_key(urljoin("http://h/d/", src)).rsplit("/", 1)[-1] not in names:
        # joined to any http(s) location, a relative path ends in the same name: none carried ends so
        # (one join a reference, not one a location: 5,000 references against 256 locations took seconds)
        return False
    for location in carried:
        if location.startswith("cid:"):  # (joined to it, a src stays itself: tried above)
            continue
        try:
            if resource_key(urljoin(location, ref.src)) in carried:
                return True
        except ValueError:  # (a location no URL parser reads, `http://[::1`: it names no picture of this page's)
            continue
    return False


def _body_bytes(body: object) -> bytes:
    """The body a caller handed in, as bytes: a `bytearray` (chunks gathered) or a `memoryview` by
    their bytes, None as none. Anything else (a `str`: which charset it was sent in is the caller's
    to say) is a plain TypeError. Why: a memoryview failed deep inside (AttributeError: no
    'startswith'), a guard error that a fail-open policy passed unjudged."""
    if isinstance(body, bytes):
        return body
    if body is None:
        return b""
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise TypeError(f"body must be bytes (or a bytearray or memoryview), not {type(body).__name__}")


_STATUS_DIGITS: Final = re.compile(r"\s*([1-9][0-9]{2})\s*")


def _status_code(status: object) -> int | None:
    """The status a caller handed in, as a number: an int (`http.HTTPStatus` too) as it is, None as
    none, and its three digits as text (warcio's `get_statuscode()`) read as the number. Anything else
    (a bool, a float, "200 OK") is the caller's mistake, said plainly. Why: "200", compared with
    numbers deep inside, was a guard error on every answer, which a fail-open policy passed unjudged."""
    if status is None:
        return None
    if isinstance(status, int) and not isinstance(status, bool):
        return int(status)
    if isinstance(status, str) and (digits := _STATUS_DIGITS.fullmatch(status)) is not None:
        return int(digits[1])
    raise TypeError(f"status must be an int (or its three digits as a str, or None), not {status!r:.40}")


def _followed(url: str, result: FetchResult) -> str | None:
    """Where `check_url` goes next from `url`'s answer: its redirect's target, or None, the answer
    being the one to judge; a redirect to a Location no client can follow too (`redirect.unusable`),
    as `check_response` judges it. Why: a caller's fetcher hands such an answer back (httpx's refuses
    it), and check_url raised ValueError out of the guard, undecided and unaudited."""
    try:
        return redirect_target(url, result.status, result.headers)
    except ValueError:
        return None


def _still_compressed_undone(result: FetchResult, cap: int) -> FetchResult:
    """A host file handed to `store_host_file` with its coding not undone (gzip'd or brotli bytes from a
    caller's own fetcher) decoded, as the guard's and Scrapy's fetchers decode theirs (`decode_host_file`
    with no coding named: a magic number, or bytes that are no text and decode to text): read as it came,
    its `Disallow: /` was no rule and the site allowed without a word. A body that is text stays as it is."""
    if not result.body:
        return result
    body, truncated = decode_host_file(result.body, None, max(cap, len(result.body)))
    if body is result.body:
        return result
    return replace(result, body=body, truncated=result.truncated or truncated)


def _url_text(url: object) -> str:
    """The URL a caller handed in, as text: a `str` as it is, httpx's `URL` (a transport's
    `request.url`) and urllib.parse's results by their text. Anything else is the caller's
    mistake, said plainly (bytes: which charset they are in is the caller's to say), not an
    error deep inside a decision."""
    if isinstance(url, str):
        return url
    if isinstance(url, httpx.URL):
        return str(url)
    if isinstance(url, SplitResult | ParseResult):
        return url.geturl()
    raise TypeError(f"url must be a str (or httpx.URL), not {type(url).__name__}")


def _context_notes(context: ImageContext, notes: list[Note], token: str, usage: str) -> list[Finding]:
    """What the guard says of the page's word an image is judged with: that it was said of another
    spelling of the same picture (`ImageContext.shown_as`), a note; that it was pushed out of the guard's
    memory before the image was requested (`ImageContext.evicted`), a note and an error finding (on_error
    decides) where the page's opt-outs about it, not kept, spoke to this crawler and use."""
    if context.shown_as:
        notes.append(Note("context.other_copy", f"judged with what the page said of {context.shown_as[:300]}, the "
                          "same picture at another size or address", context.page_url))
    if not context.evicted:
        return []
    if context.lost:
        notes.append(Note("context.lost", "what a page said of this image was pushed out of the guard's memory "
                          f"(context_cache_size, then {TRACE_FACTOR} times as many traces) before the image was "
                          "requested: all that was kept is whether it called it a person's photo and whether its "
                          "opt-outs spoke of it, its page and laws forgotten (a lossy record: an image may, "
                          "rarely, be taken for one whose word was lost)", context.page_url))
    else:
        notes.append(Note("context.evicted", "what the page said of this image was pushed out of the guard's memory "
                          "(context_cache_size) before the image was requested: judged on what was kept of it "
                          "(whether it called it a person's photo, a few reasons why, its laws)", context.page_url))
    if not context.lost_rules_bind(token, usage):
        return []
    return [Finding("error", "context.evicted", "the page's opt-outs about this image were not kept until it was "
                    "requested (context_cache_size): they may reserve it", context.page_url)]


def _fetched_with(hdrs: Headers, url: str) -> list[str]:
    """The pictures a page's answer has a browser fetch with it: those its Link fields preload, and the one its
    Refresh field sends it to (read as a `<meta http-equiv=refresh>` is), as absolute URLs (relative to the
    answer's URL, as RFC 8288 reads a target: not to the page's `<base>`)."""
    from scrapeguard.detect.page_refs import names_image_file, refresh_target
    from scrapeguard.detect.page_urls import absolute_url

    targets = preloaded_images(hdrs.get_all("link"))
    targets += [target for value in hdrs.get_all("refresh")
                if (target := refresh_target(value)) is not None and names_image_file(target)]
    absolute = (absolute_url(url, target) for target in targets)
    return list(dict.fromkeys(u for u in absolute if u is not None and is_http_url(u)))


def _page_law(carried: tuple[tuple[str, str], ...], page_domains: tuple[str, ...],
              scope: Scope) -> tuple[tuple[str, str], ...]:
    """The law of the pages that show a resource, for the purpose `scope` is of (made with those
    `page_domains`): what their signals said (`carried_blocs`), replaced by their domains'
    jurisdiction overrides for this purpose. The pages may have been judged for another (an override
    for the search index alone put a UK page's photo under US law for a training corpus too; found
    in review). Several pages' signals are remembered merged: unless each domain has such an
    override, its set is added to what the signals said, never put in its place."""
    if not page_domains:
        return carried
    fixed = [(d, scope.jurisdiction_override_for(d)) for d in page_domains]
    said = tuple((bloc, f"override:{d}"[:80]) for d, blocs in fixed if blocs is not None for bloc in blocs)
    if all(blocs is not None for _, blocs in fixed):
        carried = ()
    out: dict[str, str] = {}
    for bloc, why in carried + said:
        out.setdefault(bloc, why)
    return tuple(out.items())


def _a_few_pixels(analysis: ImageAnalysis | None) -> bool:
    """A picture of a few pixels (a lazy loader's placeholder) shows no one, whatever its element
    says of the picture the script will put there."""
    return analysis is not None and 0 < analysis.width * analysis.height <= 64


def _joined_reasons(jurisdictions: list[str], reasons: list[str]) -> str:
    """One gap's reasons under several laws: "UK, EU: an Art. 30 record …" where they say the same
    after their law's name, each in full otherwise."""
    said = {r.partition(": ")[2] if r.startswith(f"{j}: ") else r for j, r in zip(jurisdictions, reasons)}
    if len(said) == 1 and all(r.startswith(f"{j}: ") for j, r in zip(jurisdictions, reasons)):
        return f"{', '.join(jurisdictions)}: {said.pop()}"
    return "; ".join(reasons)


class Guard:
    """Decides, per resource and purpose, whether a crawler may collect it.

    `policy` is a loaded `Policy`, a path, a shipped policy id, or None for the default
    (`gdpr-strict`). `audit` is a path, an `AuditLog`, None (the policy's `[audit]`
    sink) or False (no log — for tests and one-off checks only). A log the guard opens (a
    path, the policy's sink) is closed with the guard; an `AuditLog` given open is the
    caller's to close, so several guards can share one. `context_cache_size`: how many images'
    page context (what their page said of them) is kept whole until they are requested; past it,
    a trace of each (personal or not, a few reasons, its laws, whether it held opt-outs) is kept
    for four times as many, and the image's decision says so (`context.evicted`); past those, whether its page
    called it a person's photo and whether its opt-outs spoke of it, in a lossy record of two generations of 80
    bytes per context each (2.6 MB by default; `context.lost`: an image may, rarely, be taken for one of them);
    past them, a WARNING says that such words were dropped. As many pictures'
    words are kept again for their other copies (`ImageContexts`): twice that many in all.
    """

    def __init__(
        self,
        policy: Policy | str | Path | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        purpose: str | None = None,
        audit: AuditSink | str | Path | None | bool = None,
        *,
        fetcher: Fetcher | None = None,
        afetcher: AsyncFetcher | None = None,
        integration: str = "library",
        host_cache_size: int = 4096,
        context_cache_size: int = 16384,
        host_files: list[HostFileReader] | None = None,
        readers: list[ResponseReader] | None = None,
    ) -> None:
        self.user_agent = _checked_user_agent(user_agent)
        # a policy loaded here has had its warnings logged by load_policy (no [audit] sink among them)
        self._policy_given = isinstance(policy, Policy)
        self._policy = _loaded_policy(policy)
        self.product_token = product_token(user_agent)
        self.default_purpose: Purpose = self.policy.get_purpose(purpose)
        self._policy_sha256 = self.policy.sha256  # computed once: it is in every decision
        modes = [self.policy.signals.model_dump()] + [
            o.signals.model_dump(exclude_none=True) for o in self.policy.override if o.signals is not None]
        # every reader runs, even for a family the policy ignores, so that a present opt-out is
        # noted as "not obeyed" in the decision; a reader failing only counts when the family is obeyed
        self._live_families = {f for m in modes for f, mode in m.items() if mode != "ignore"}
        self.integration = integration
        self._host_files = host_files if host_files is not None else host_file_readers()
        if host_cache_size < len(self._host_files):  # (each fill would drop the origin's first files itself)
            raise ValueError(f"host_cache_size={host_cache_size} cannot hold the {len(self._host_files)} host files of "
                             "one origin: it counts host files, not origins")
        self._readers = readers if readers is not None else response_readers()
        # bounded by count and by what the files hold: a parsed 500 KiB robots.txt keeps ~7 MB, and a
        # spider trap of subdomains each serving one would otherwise fill 4096 entries (~16 GB)
        self._host_cache: BoundedCache[tuple[str, str], object] = BoundedCache(
            host_cache_size, max_weight=max(HOST_CACHE_BYTES, host_cache_size * ORDINARY_HOST_FILE))
        self._context = ImageContexts(context_cache_size)
        self._redirects = RedirectSources(context_cache_size)  # (what a redirect carries, as the context)
        # the resources of a type whose parts pass (a video, a PDF) whose first bytes were seen to be no picture or
        # page (`_first_bytes_seen`), by resource key
        self._heads: BoundedCache[str, tuple[int | None]] = BoundedCache(context_cache_size)  # (its length, if said)
        self._fetcher = fetcher
        self._afetcher = afetcher
        self._owns_fetcher = fetcher is None  # (the async ones: see `_on_loop`)
        self._filler: HostFiles | None = None  # check_url's host files (made when first needed)
        # acheck_url's client and host files, one pair per running event loop (see `_on_loop`)
        self._loops: weakref.WeakKeyDictionary[object, LoopClients] = weakref.WeakKeyDictionary()
        self._making = threading.Lock()  # (see `_own_fetcher`)
        # a log given open is the caller's (several guards may share it): close() leaves it open
        self._owns_audit = audit is None or isinstance(audit, bool | str | Path)
        self._audit_asked = audit  # (opened again after close(): see `audit`)
        self._audit_closed = False
        self._audit: AuditSink | None = self._open_audit(audit)
        self.stats: dict[str, int] = {}  # decisions per "stage/action"
        self._counting = threading.Lock()  # (a guard decides in many threads: `+= 1` lost counts)
        self._unwritten = Unwritten()  # (see `_append`)
        # written when the guard is collected or the interpreter exits, close() or not: none of the
        # README's ways of using a guard had to call close(), so a kept decision was lost for good.
        # (`Unwritten.flush` and the sink, never the guard: the finalizer must not keep it alive)
        self._flush_unwritten = weakref.finalize(self, self._unwritten.flush, self._audit)
        exit_waits_for_unwritten()

    @property
    def policy(self) -> Policy:
        """The policy every decision applies. Fixed when the guard is made: its fingerprint, default
        purpose and the signals it obeys are worked out then, and every record names them."""
        return self._policy

    @policy.setter
    def policy(self, value: Policy) -> None:
        raise AttributeError("a Guard's policy is fixed when the guard is made (its decisions record that policy): "
                             "make a new Guard to apply another policy")

    @property
    def audit(self) -> AuditSink | None:
        """The audit log decisions are written to and erasures looked up in. One this guard opened
        and close() closed is opened again on first use: the guard stays usable after close() (and
        `with guard:` closes it), where before every later write failed (`audit.write_failed`) and
        the closed log's suppression list answered no erasure at all."""
        if self._audit_closed:
            self._reopen_audit()
        return self._audit

    @audit.setter
    def audit(self, sink: AuditSink | None) -> None:
        self._audit, self._audit_closed = sink, False

    def _reopen_audit(self) -> None:
        with self._making:
            if not self._audit_closed:
                return
            try:
                sink = self._open_audit(self._audit_asked)
            except Exception as exc:  # noqa: BLE001 - writes to the closed log fail: on_error decides each
                log.error("scrapeguard: the audit log closed by close() could not be opened again: %s", exc)
                return
            self._audit, self._audit_closed = sink, False
            self._unwritten.closing = False
            self._flush_unwritten = weakref.finalize(self, self._unwritten.flush, sink)

    # ------------------------------------------------------------------ set-up
    def _open_audit(self, audit: AuditSink | str | Path | None | bool) -> AuditSink | None:
        """The audit log: the one given, else the policy's `[audit] sink`. None asked for
        (`audit=False`, the documented opt-out) is silent; none found (no sink in the policy, none
        given) is a WARNING, as a crawl that records nothing and honours no erasure must not
        pass unnoticed: the guard's own for a policy given loaded (perhaps with warn=False), as
        `load_policy` already said the same of one the guard loads itself."""
        if audit is False:
            return None
        if audit is None or audit is True:
            audit = self.policy.audit.sink
            if not audit:
                if self._policy_given:
                    log.warning("scrapeguard: policy %s has no [audit] sink and no audit log was given (%s): %s",
                                self.policy.source, LOG_GIVEN_BY, NO_AUDIT_LOG)
                return None
        if isinstance(audit, str | Path):
            from scrapeguard.audit import AuditLog

            target = log_file_path(str(audit))  # (`logs/`, a folder's shape, refused as the policy's sink is)
            return AuditLog.open(target, url_mode=self.policy.audit.url,
                                 checkpoint_every=self.policy.audit.checkpoint_every,
                                 synchronous=self.policy.audit.synchronous.upper())
        if not (callable(getattr(audit, "append", None)) and callable(getattr(audit, "is_suppressed", None))):
            # (why here: `audit=0` was taken for a log, and every decision's write then failed)
            raise TypeError(f"audit= takes an audit log (append and is_suppressed), a path, True, False or None, "
                            f"not {type(audit).__name__}")
        return audit

    @property
    def host_cache_size(self) -> int:
        """How many host files (not origins: each has `len(host_file_readers())`) the guard keeps."""
        return self._host_cache.max_entries

    def purpose(self, purpose_id: str | None = None) -> Purpose:
        return self.default_purpose if purpose_id is None else self.policy.get_purpose(purpose_id)

    @property
    def runtime(self) -> Any:
        return self.policy.runtime

    @property
    def _enforced(self) -> bool:
        """Whether decisions are acted on (`mode = "enforce"`), not only recorded (audit mode)."""
        return bool(self.policy.runtime.mode == "enforce")

    def _enabled(self, families: tuple[str, ...]) -> bool:
        """Whether the policy (or an override) obeys or logs any family a reader serves."""
        return any(f in self._live_families for f in families)

    # ------------------------------------------------------------- host files
    def host_files_needed(self, url: str) -> list[str]:
        """Absolute URLs of the host files for `url`'s own origin that are not fresh in
        the cache. The caller fetches each and calls `store_host_file`."""
        if not is_http_url(url):
            return []
        base = origin(url)
        return [
            base + reader.path
            for reader in self._host_files
            if self._host_cache.get((base, reader.path)) is None
        ]

    def host_file_limit(self, file_url: str) -> int:
        """How many bytes of this host file are worth fetching."""
        try:
            path = urlsplit(file_url).path
        except ValueError:  # ("http://[::1/robots.txt"): nothing will be fetched from it anyway
            return 512 * 1024
        return next((r.max_bytes for r in self._host_files if r.path == path), 512 * 1024)

    def store_host_file(self, file_url: str, result: FetchResult) -> None:
        """Parse a fetched host file into the per-origin cache (bounded, with the spec's
        freshness); one still compressed is decoded first. Never raises: a reader that fails is
        cached as its error state."""
        try:
            base, path = origin(file_url), urlsplit(file_url).path
        except ValueError as exc:
            log.warning("scrapeguard: host file at an unusable URL %s: %s", file_url[:200], exc)
            return
        reader = next((r for r in self._host_files if r.path == path), None)
        if reader is None:
            return
        try:
            result = _still_compressed_undone(result, self.host_file_limit(file_url))
            state = reader.parse(result)
            ttl = reader.ttl(result)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the crawl
            said = named_exception(exc)
            log.warning("scrapeguard: %s reader failed on %s: %s", path, file_url, said)
            state, ttl = _ReaderFailure(said), 60.0
        self._host_cache.set((base, path), state, ttl, weight=HOST_FILE_OVERHEAD + len(result.body))

    def _host_signals(self, url: str, usage: str, notes: list[Note] | None, token: str | None = None,
                      unread: list[str] | None = None, served_as: str | None = None) -> list[Signal]:
        """Signals from the cached host files of `url`'s origin. With `notes`, a file not
        fetched is noted and a failed reader is the guard failing; without (an image judged
        from its page, before its own request), both are simply not consulted yet, and their
        paths go in `unread` when given. `served_as`: the answer's Content-Type, once there is one."""
        base = origin(url)
        out: list[Signal] = []
        for reader in self._host_files:
            state = self._host_cache.get((base, reader.path))
            if state is None or (notes is None and isinstance(state, _ReaderFailure)):
                if notes is not None:
                    notes.append(Note("hostfile.not_fetched", f"{reader.path} of {base} was not consulted",
                                      base + reader.path))
                elif unread is not None:
                    unread.append(reader.path)
                continue
            if isinstance(state, _ReaderFailure):
                if notes is not None and not self._enabled(reader.families):  # read only to note it: decides nothing
                    notes.append(Note("hostfile.failed", f"{reader.path} of {base} could not be read ({state.reason}); "
                                      f"the policy ignores {', '.join(reader.families)}", base + reader.path))
                    continue
                raise RuntimeError(f"{reader.path} reader failed: {state.reason}")
            if served_as is not None and takes_served_as(reader):
                said = reader.evaluate(state, url, token or self.product_token, usage,  # type: ignore[arg-type]
                                       served_as=served_as)
            else:  # (the request stage, or a reader written before readers were told the answer's type)
                said = reader.evaluate(state, url, token or self.product_token, usage)  # type: ignore[arg-type]
            out.extend(said)
        return out

    # The guard's own clients and host-file fillers are made when first needed, under `_making`:
    # threads starting together each made their own, so robots.txt was fetched once per thread
    # (not once per origin) and every client but the last was never closed.
    def _own_fetcher(self) -> Fetcher:
        if self._fetcher is None:
            with self._making:
                if self._fetcher is None:
                    from scrapeguard.fetch import Fetcher

                    self._fetcher = Fetcher(self.user_agent, timeout=self.runtime.timeout_seconds)
        return self._fetcher

    def _own_afetcher(self) -> AsyncFetcher:
        """The client `acheck_url` fetches with: the caller's `afetcher`, or the guard's own for
        the running event loop."""
        return self._afetcher if self._afetcher is not None else self._on_loop().fetcher

    def _on_loop(self) -> LoopClients:
        """The async client and host-file filler of the running event loop, made when first needed.

        Why per loop: a guard shared by threads each running their own loop (asyncio.run per
        thread) shared one client and one filler; an httpx client's connections and the filler's
        anyio Events belong to the loop that made them: requests on the others failed (KeyError,
        'bound to a different event loop', 'Event loop is closed') or waited forever on an Event
        set from another thread. Within a loop, an origin's host files are fetched once; the
        entries of loops gone or closed are dropped (their clients with them)."""
        loop = running_loop()
        found = self._loops.get(loop)
        if found is not None:
            return found
        with self._making:  # no await inside: threads making a loop's pair at once make one
            found = self._loops.get(loop)
            if found is None:
                from scrapeguard.fetch import AsyncFetcher
                from scrapeguard.hostfiles import AsyncHostFiles

                for closed in [other for other in self._loops if loop_closed(other)]:
                    del self._loops[closed]  # (its connections hold the loop: not collected on their own)
                fetcher = self._afetcher or AsyncFetcher(self.user_agent, timeout=self.runtime.timeout_seconds)
                found = self._loops[loop] = LoopClients(fetcher, AsyncHostFiles(self, fetcher))
            return found

    def _fetch_host_files(self, url: str) -> None:
        """With the guard's own client, as the adapters fill the cache (`scrapeguard.hostfiles`): one
        fetch in flight per origin, its other files skipped only where an unanswered robots.txt
        already disallows everything."""
        if self._filler is None:
            fetcher = self._own_fetcher()
            with self._making:
                if self._filler is None:
                    from scrapeguard.hostfiles import HostFiles

                    self._filler = HostFiles(self, fetcher)
        self._filler.ensure(url)

    async def _afetch_host_files(self, url: str) -> None:
        await self._on_loop().filler.ensure(url)

    # ------------------------------------------------------------- public API
    def check_request(self, url: str, *, purpose: str | None = None) -> Decision:
        """Before fetching: may the crawler request `url`? Fetches host files (cached)."""
        url = _url_text(url)
        if is_http_url(url):
            try:
                self._fetch_host_files(url)
            except Exception as exc:  # noqa: BLE001
                return self._failure(url, "request", purpose, exc)
        return self.decide_request(url, purpose=purpose)

    async def acheck_request(self, url: str, *, purpose: str | None = None) -> Decision:
        """As `check_request`; the decision is made and written in a worker thread (`off_loop`)."""
        from scrapeguard.hostfiles import decide_when_cached, decide_when_filled

        url = _url_text(url)
        if not is_http_url(url):  # (no host files govern it)
            return await self._decided(functools.partial(self.decide_request, url, purpose=purpose))
        try:  # where other origins' host files may push this one's out before the decision: fetched again then
            return await decide_when_filled(self, url, functools.partial(self._afetch_host_files, url),
                                            functools.partial(self._decided, decide_when_cached, self, url, purpose, None))
        except Exception as exc:  # noqa: BLE001
            return await off_loop(self._failure, url, "request", purpose, exc, limiter=self._on_loop().decisions)

    async def _decided(self, decide: Callable[..., _D], *args: Any) -> _D:
        """`decide(*args)` in this loop's decision threads; without an audit log on the loop (nothing to
        write: no thread's hand-over to pay)."""
        if self._audit is None:
            return decide(*args)
        return await off_loop(decide, *args, limiter=self._on_loop().decisions)

    def decide_request(self, url: str, *, purpose: str | None = None, user_agent: str | None = None) -> Decision:
        """The request-stage decision from cached host files and remembered page context
        only (no I/O). `user_agent`: the one the request is sent with, when an adapter
        forwards another client's request (robots.txt and bot-scoped signals are read for
        its product token); default the guard's own."""
        url = _url_text(url)
        try:
            return self._decide_request(url, purpose, user_agent)
        except Exception as exc:  # noqa: BLE001 - the guard failing is itself a decision
            return self._failure(url, "request", purpose, exc)

    def check_response(
        self,
        url: str,
        status: int | str | None = 200,
        headers: HeaderInput | Headers = None,
        body: bytes = b"",
        *,
        purpose: str | None = None,
        user_agent: str | None = None,
        truncated: bool = False,
        broken_off: bool = False,
        sniffed: bool = False,
    ) -> Decision:
        """After fetching: judge what came back. No I/O beyond cached host signals. `status`: an int,
        or its three digits as text (as warcio gives a WARC record's).
        `truncated`: the adapter cut the body at its cap, so only a part was judged: for a
        page or an image an incomplete judgement (`body.too_large`, decided by on_error).
        `broken_off`: its content coding broke off, so `body` is all that decodes (noted).
        `sniffed`: `body` is only the first bytes of an answer the guard does not read (audio,
        video, an archive), which show what it is; the rest passes unread (noted, and no
        `body_sha256`: a hash of the start must not pose as the whole body's). Given for a page
        or a picture, it is an incomplete judgement (`body.sniffed`, decided by on_error).
        A body still in the content coding its `Content-Encoding` names (as it came off the wire) is
        decoded to be judged, no further than the cap (noted `body.decoded`; a `redacted_body` is
        then decoded too, to be sent without that header); one that cannot be decoded is an error
        (`body.encoded`, decided by on_error). `user_agent` as for `decide_request`."""
        url, body, status = _url_text(url), _body_bytes(body), _status_code(status)
        try:
            return self._decide_response(url, status, headers, body, purpose, user_agent, truncated, broken_off,
                                         sniffed)
        except Exception as exc:  # noqa: BLE001
            return self._failure(url, "response", purpose, exc)

    def check_url(self, url: str, *, purpose: str | None = None) -> Decision:
        """Both stages with the guard's own client: request check, fetch (each redirect
        hop checked), response check."""
        current = url = _url_text(url)
        jar = httpx.Cookies()  # the hops' cookies, for this page alone (a site's cookie handshake)
        for _ in range(MAX_REDIRECTS + 1):
            request = self.check_request(current, purpose=purpose)
            if not request.allowed or not is_http_url(current):
                return request
            try:  # (a caller's fetcher failing: the guard failing, on_error decides, never a traceback)
                # (`bounded`: the guard's timeout holds the whole answer, not each read: a page dripping a
                # byte a second kept check_url waiting 54 s, found in an adversarial review)
                result = self._own_fetcher().fetch(current, max_bytes=self.runtime.max_body_bytes, coded_as_sent=True,
                                                   cookies=jar, bounded=True)
            except Exception as exc:  # noqa: BLE001
                return self._failure(current, "response", purpose, exc)
            try:  # (its tdmrep.json is read now: dropped during the fetch by a full cache, it is fetched again)
                self._fetch_host_files(current)
            except Exception as exc:  # noqa: BLE001
                return self._failure(current, "response", purpose, exc)
            # every answer is judged, a redirect's too, as an adapter judges it (its headers may opt
            # out: a 301 with tdm-reservation: 1 or X-Robots-Tag: noai), and a hop carries the page's
            # word onwards (`_decide_response`)
            decision = self._after_fetch(current, result, purpose, request)
            nxt = _followed(current, result)
            if nxt is None or not decision.allowed:
                return decision
            current = nxt
        return self._failure(url, "request", purpose, RuntimeError(f"more than {MAX_REDIRECTS} redirects"))

    async def acheck_url(self, url: str, *, purpose: str | None = None) -> Decision:
        current = url = _url_text(url)
        jar = httpx.Cookies()  # (as check_url's)
        for _ in range(MAX_REDIRECTS + 1):
            request = await self.acheck_request(current, purpose=purpose)
            if not request.allowed or not is_http_url(current):
                return request
            try:
                result = await self._own_afetcher().fetch(current, max_bytes=self.runtime.max_body_bytes,
                                                          coded_as_sent=True, cookies=jar, bounded=True)
            except Exception as exc:  # noqa: BLE001
                return await off_loop(self._failure, current, "response", purpose, exc)
            try:
                await self._afetch_host_files(current)
            except Exception as exc:  # noqa: BLE001
                return await off_loop(self._failure, current, "response", purpose, exc)
            # judged in a worker thread (face detection and page analysis take seconds), as check_url's
            decision = await off_loop(self._after_fetch, current, result, purpose, request)
            nxt = _followed(current, result)
            if nxt is None or not decision.allowed:
                return decision
            current = nxt
        return await off_loop(self._failure, url, "request", purpose,
                              RuntimeError(f"more than {MAX_REDIRECTS} redirects"))

    def record_failure(self, url: str, stage: str, exc: BaseException, *, purpose: str | None = None) -> Decision:
        """An adapter failed around the guard (a body it could not decode, a bug): the policy's
        `on_error` decides, and the audit log records it like any failure of the guard."""
        return self._failure(_url_text(url), stage, purpose, exc)

    def record_withheld(self, decision: Decision, why: str) -> Decision:
        """A copy of a redacting `decision`, withheld rather than handed over redacted (a `redact.unavailable` note
        saying `why`), recorded as a decision of its own. Why: an adapter judging one answer for several purposes
        had redacted copies none of which covers the others', and the copy it handed over lost another's redaction."""
        stamp = Decision(decision.url, decision.stage, decision.action, [])  # (its own id and time)
        withheld = replace(decision, findings=list(decision.findings), images=list(decision.images),
                           notes=[*decision.notes, Note(REDACT_UNAVAILABLE, why, "scrapeguard")],
                           redacted_body=None, redacted_sha256=None, decision_id=stamp.decision_id, ts=stamp.ts)
        return self._record(withheld, None)

    @property
    def image_contexts(self) -> ImageContexts:
        """What the judged pages said of the pictures they show, by image URL (bounded; of two pages'
        words the stricter stands). An adapter that keeps a request past the guard's memory (Scrapy's
        JOBDIR, a long queue) carries the word with the request and remembers it again."""
        return self._context

    def carry_redirect(self, url: str, status: int | None, headers: HeaderInput | Headers) -> str | None:
        """Where an answer that is not judged (a HEAD's) redirects, its page's word about `url` carried
        there (`carry_context`), as a judged answer's is: else the next hop's decision did not name the
        URL the page showed, which an access or erasure request by that URL then missed. None: no
        redirect, or a Location no client can follow (no hop to carry it to)."""
        return self._redirected(_url_text(url), status, headers if isinstance(headers, Headers) else Headers(headers))[0]

    def _redirected(self, url: str, status: int | None, hdrs: Headers) -> tuple[str | None, str | None]:
        """A redirect's target with the page's word carried there, and why its Location is unusable (or None):
        one reading for a judged answer (which notes the latter) and an unjudged one (`carry_redirect`)."""
        try:
            target = redirect_target(url, status, hdrs)
        except ValueError as exc:
            return None, exception_text(exc)
        if target is not None:
            self.carry_context(url, target)
        return target, None

    def carry_context(self, from_url: str, to_url: str) -> None:
        """A redirect hop keeps what the referring page said about the image it points to, and
        the decisions about `to_url` name `from_url` (`Decision.redirected_from`: an access or
        erasure request by it reaches them). Adapters call this when their framework follows a redirect."""
        if from_url == to_url:
            return
        context = self._context.get(from_url)
        if context is not None:
            self._context.remember(to_url, context)
        self._redirects.remember(from_url, to_url)

    def _after_fetch(self, url: str, result: FetchResult, purpose: str | None, request: Decision) -> Decision:
        if result.status is None:
            return self._failure(url, "response", purpose, ConnectionError(result.error or "no response"))
        # the request stage's findings go into the response's record, not only into what is returned;
        # not the request record's own bookkeeping (its write failed: that record says so, not this one)
        try:
            return self._decide_response(url, result.status, result.headers, result.body, purpose,
                                         truncated=result.truncated,
                                         carried=[f for f in request.findings if not f.code.startswith("audit.")])
        except Exception as exc:  # noqa: BLE001
            return self._failure(url, "response", purpose, exc)

    def close(self) -> None:
        """Close the guard's own client and the audit log it opened. The guard stays usable: its
        next fetch makes a new client (as `aclose` leaves the async ones). Why: the closed client was
        kept, so check_url after close() raised httpx's RuntimeError out of the guard, unaudited."""
        if self._owns_fetcher:
            with self._making:
                fetcher, self._fetcher, self._filler = self._fetcher, None, None
            if fetcher is not None:
                fetcher.close()
        self._unwritten.closing = True  # (closed on purpose: wait for the last write)
        self._flush_unwritten()  # the decisions a failed write left behind get a last chance (once)
        close = getattr(self._audit, "close", None)
        if callable(close) and self._owns_audit:  # (one given open stays open for the others sharing it)
            close()
            self._audit_closed = True
        elif self._audit is not None:
            # a log given open stays open and the guard usable: what a later failed write leaves
            # behind still gets its last chance when the guard is collected or the interpreter exits
            self._unwritten.closing = False
            self._flush_unwritten = weakref.finalize(self, self._unwritten.flush, self._audit)

    async def aclose(self) -> None:
        """Close the guard's own clients: the running loop's here, another running asyncio loop's
        on that loop (a caller's `afetcher` is theirs to close)."""
        with self._making:
            loops, current = list(self._loops.items()), running_loop()
            self._loops.clear()
        if self._afetcher is None:
            for loop, clients in loops:
                if loop is current:
                    await clients.fetcher.aclose()
                elif isinstance(loop, asyncio.AbstractEventLoop) and loop.is_running():
                    asyncio.run_coroutine_threadsafe(clients.fetcher.aclose(), loop)
        self.close()

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ the stages
    def _decide_request(self, url: str, purpose_id: str | None, user_agent: str | None = None) -> Decision:
        url = without_userinfo(url)
        notes: list[Note] = []
        purpose = self.purpose(purpose_id)
        context = self._context.get(url)
        if not is_http_url(url):
            raise ValueError(f"not an http(s) URL: {url[:200]!r}")
        token = self._token(user_agent, notes)
        signals = request_stage(self._host_signals(url, purpose.usage, notes, token))  # TDMRep file: decided on the response
        raw: list[Finding] = []
        if context is not None:
            raw += _context_notes(context, notes, token, purpose.usage)
            signals.extend(context.signals(token, purpose.usage))
            if context.personal:
                raw.append(context_finding(context.reasons, context.score, context.page_url))
        hints = _host_hints(url, context.page_url, context.hints) if context is not None else None
        return self._decide(url, "request", purpose, signals, raw, notes, hints=hints,
                            page_url=(context.page_url or None) if context else None,
                            page_jurisdictions=context.jurisdictions if context else (),
                            page_domains=context.page_domains if context else ())

    def _decide_response(
        self, url: str, status: int | None, headers: HeaderInput | Headers, body: bytes, purpose_id: str | None,
        user_agent: str | None = None, truncated: bool = False, broken_off: bool = False, sniffed: bool = False,
        carried: Sequence[Finding] = (),
    ) -> Decision:
        url = without_userinfo(url)
        if url[:5].lower() == "data:":  # named as the page's embedded copy is: by its bytes, not its base64
            url = data_uri_name(url, body or b"")
        notes: list[Note] = []
        purpose = self.purpose(purpose_id)
        # what a page said of this image stands for every fetch of it (a retry, a second crawl)
        context = self._context.get(url)
        hdrs = headers if isinstance(headers, Headers) else Headers(headers)
        body = body or b""
        raw: list[Finding] = []
        if hdrs.dropped_read:  # an opt-out may be among them: an incomplete reading, for on_error
            raw.append(Finding("error", "headers.dropped", f"{hdrs.dropped_read} of the header fields signals are read "
                               f"from came past the first {2 * MAX_HEADER_FIELDS} fields and were not read", url,
                               {"fields": sorted(hdrs.dropped_fields)}))
        elif hdrs.dropped:
            notes.append(Note("headers.dropped", f"{hdrs.dropped} header fields past the first {MAX_HEADER_FIELDS} were "
                                                 "not kept (none of them a field signals are read from)", url))
        if hdrs.cut_read:  # (the reader sees the cut value only: `xrobots.truncated` says so, as a note)
            raw.append(Finding("error", "headers.cut", f"{hdrs.cut_read} header field(s) signals are read from were "
                               f"longer than {MAX_HEADER_VALUE} characters and cut there: an opt-out past the cut "
                               "was not read", url, {"fields": sorted(hdrs.cut_fields)}))
        token = self._token(user_agent, notes)
        # the host files as they are now, before the seconds a page's decoding and analysis may take:
        # read after them, other origins' files stored meanwhile (more origins in flight than the cache
        # holds) had pushed these out, and a tdmrep.json reservation the adapter had just checked was
        # "not consulted" (the page reserved against mining handed over)
        ctype = content_type_of(hdrs)
        # (the type a file was served as names its file type, where the answer is the file: not a redirect's
        # "Found" page, an error page, nor a 304's headers; where the type says none, or none ai.txt's file types
        # know (a JPEG served as `text/plain`), its bytes')
        served_as = (picture_type(body) or ctype if untyped(ctype) or not names_media_type(ctype) else ctype) \
            if status is not None and 200 <= status < 300 else None
        host_signals = self._host_signals(url, purpose.usage, notes, token, served_as=served_as) \
            if is_http_url(url) else []
        cap = self.runtime.max_body_bytes
        coding = hdrs.get("content-encoding")
        arrived = len(body)  # (as it came: `whole_length`)
        coded = False  # still in a content coding that could not be undone: not judged as what it claims to be
        if body and codings(coding):
            body, truncated, broken_off, coded = undo_coding(url, coding, body, truncated, broken_off, sniffed,
                                                             notes, raw, cap)
        if body and not coded:  # compressed again under the named coding, or with none named
            body, truncated, broken_off, coded = undo_unlabelled_layers(url, ctype, body, truncated, broken_off,
                                                                        sniffed, notes, raw, cap)
        if len(body) > cap:
            notes.append(Note("body.truncated", f"body of {len(body)} bytes analysed up to the {cap}-byte cap"))
            body, truncated = body[:cap], True
        elif truncated:
            notes.append(Note("body.truncated", f"body cut at {len(body)} bytes by the adapter's cap; only that part was analysed"))
        elif sniffed:
            notes.append(Note("body.sniffed", f"judged on its headers and first {len(body)} bytes; "
                                              "the rest passes unread"))
        elif broken_off:
            notes.append(Note("body.broken_off", f"the body breaks off (its content coding, or its transfer) after "
                                                 f"{len(body)} bytes; those were judged, and are all that can be "
                                                 "handed over"))
        # every answer that delivers content is read: a 404 page a spider handles too, and a redirect's
        # body, which a client that does not follow it (or a 300, a 302 without Location) gets as it is
        kind: ContentKind = "other" if coded else answer_kind(status, ctype, hdrs.get("location"), body)
        page: PageAnalysis | None = None
        image: ImageAnalysis | None = None
        hints = PageHints(content_language=hdrs.get("content-language"), hreflangs=link_hreflangs(hdrs.get_all("link")))
        gps: tuple[float, float] | None = None
        # ONE decision of the body's encoding, as a browser's (a byte-order mark, then the HTTP charset
        # unless the bytes show it is not theirs — `body_charset`: "utf-16" on an ASCII page — then a
        # <meta charset>): the analysis reads the page in it, redaction writes its copy back in it, and
        # the search for embedded pictures reads a UTF-16 body through it
        from scrapeguard.detect.page import limits_leaving_images_unread
        from scrapeguard.detect.page_deadline import analyse_page_within
        from scrapeguard.detect.page_source import page_encoding

        textual = kind == "other" and is_text(ctype) and not coded  # JSON, CSS, a script, plain text: may embed a data: picture
        # (past the cap, fail-closed refuses it as `body.too_large` whatever its start says; audit mode is fail-open)
        unread_past_cap = kind == "html" and truncated and self.runtime.on_error == "fail-closed"
        searched = (kind in ("html", "svg") or textual) and not unread_past_cap
        encoding = page_encoding(body, body_charset(ctype, body)) if searched else "utf-8"
        if searched and kind != "html" and not encoding.startswith(("utf-16", "utf-32")):
            # UTF-16 or UTF-32 text with no markup to show it (a JSON answer, an SVG): its first
            # character (UTF-32 first: its "{" also reads as a UTF-16 one and a NUL). Decided here,
            # once, so the redacted copy is written in the encoding the search read
            if body[:4].count(0) == 3:  # (a body cut short may end mid-character)
                encoding = "utf-32-be" if body[0] == 0 else "utf-32-le"
            elif body[:2].count(0) == 1:
                encoding = "utf-16-be" if body[0] == 0 else "utf-16-le"
        if unread_past_cap:
            # (analysed, the first 20 MB of such a page took 0.7 GB and half a minute, six at once through the proxy
            # 4.4 GB, for that refusal; review, session 71)
            notes.append(Note("page.not_analysed", "the page goes on past the cap, which the policy's on_error "
                              "(fail-closed) refuses whatever its first bytes say: they were not analysed", url))
        elif kind == "html":
            # the pictures its Link fields preload (`rel=preload; as=image`) and its Refresh field sends to are the
            # page's own, as its markup's `<link rel=preload as=image>` and refresh are: what it says of its images,
            # and of itself (a profile), holds for them (reviews, sessions 60 and 70)
            fetched = _fetched_with(hdrs, url)
            page = analyse_page_within(body, url, encoding=encoding, preloads=fetched, content_type=ctype)
            if page.error:  # (no parse needed to know them: still the page's, its signals' word holds for them)
                page.images.extend(ImageRef(u, u, "img", reasons=["header:fetched"]) for u in fetched)
            page.hints.content_language = hints.content_language
            # (the page's own alternates first, then its Link header's)
            page.hints.hreflangs.extend(t for t in hints.hreflangs if t not in page.hints.hreflangs)
            hints = page.hints
            if page.error:
                # (a page refused unread while others' analyses held the workers: a refusal a retry may pass)
                raw.append(Finding("error", "page.busy" if page.busy else "page.unparsable", page.error, url))
            notes.extend(Note("page.limit", limit, url) for limit in page.limits)
            if not page.images and (status is None or status == 200):
                unread_body = _no_page_in(body, encoding)
                if unread_body:  # (allowed with no note, an empty or binary "page" looked like one judged and clean)
                    notes.append(Note(*unread_body, url))
            unread = limits_leaving_images_unread(page.limits)
            if unread:  # pictures the page references may be among what was not read: on_error decides
                raw.append(Finding("error", "page.incomplete", f"the page's image references were not all read: "
                                   f"{'; '.join(unread)[:400]}", url, {"limits": unread[:16]}))
        view = ResponseView(url=url, status=status, headers=hdrs, kind=kind, body=body, page=page)
        response_signals: list[Signal] = []
        for reader in self._readers:  # ignored families too: a present opt-out is noted as not obeyed
            response_signals.extend(reader.evaluate(view, token, purpose.usage))  # type: ignore[arg-type]
        signals = merge_signals(host_signals, response_signals)  # TDMRep: header/meta supersede the file
        _, unusable = self._redirected(url, status, hdrs)
        if unusable is not None:  # a Location no client can follow (http://[::1): the answer itself is still judged
            notes.append(Note("redirect.unusable", f"the Location {(hdrs.get('location') or '')[:200]!r} is no URL a "
                              f"client can follow ({unusable[:160]}): nothing is carried to it", url))
        if context is not None:
            raw += _context_notes(context, notes, token, purpose.usage)
            signals.extend(context.signals(token, purpose.usage))
            # an error answer is not the picture (a "Not Found" text), unless it carries one: a 404 or 500
            # with the picture's bytes (a CDN's stale copy) is the portrait the page spoke of all the same
            if context.personal and (kind in ("image", "svg") or not (status is not None and status >= 400)):
                raw.append(context_finding(context.reasons, context.score, context.page_url))
            if page is None and (own := _host_hints(url, context.page_url, context.hints)) is not None:
                # (as at its request)
                hints = replace(own, content_language=hints.content_language or own.content_language)
        # what lies past the cap (a portrait further down a page, the rest of a photo, a data: picture
        # further down a JSON answer or a style sheet), or past the first bytes given, was never seen:
        # an incomplete judgement, which the policy's on_error decides
        cut_text = truncated and textual and declares_text(ctype)
        if (truncated or sniffed) and (kind in JUDGED_BY_CONTENT or is_multipart(ctype)) or cut_text:
            what = "text answer" if cut_text else kind
            raw.append(Finding("error", "body.too_large", f"only the first {len(body)} bytes of this {what} could be "
                               f"judged ({_cut_by(len(body), cap)})", url) if truncated else
                       Finding("error", "body.sniffed", f"only the first {len(body)} bytes of this {what} were given "
                               "to be judged", url))
        content_range = ", ".join(hdrs.get_all("content-range")) or None
        if kind == "image" and status == 206 and body and starts_past_first_byte(content_range):
            # a part of a picture past its first byte (`bytes 100-`) is no picture to its bytes: decoded, it was
            # refused as `image.error` "not a recognised raster image" even where the whole is a harmless
            # photo; what the whole holds was never seen (`range.incomplete`, below), which on_error decides
            notes.append(Note("image.part", "a part of the picture past its first byte was given: it was not "
                              "decoded (faces, EXIF and rights data are read from a picture's start)", url))
        elif not body and status == 200 and (ctype or "").lower().startswith("image/"):
            # (said: a zero-byte picture passed as allowed with no finding and no note, where a 200-byte
            # truncated one is image.error; found in review. Nothing is there to collect or to judge)
            notes.append(Note("image.empty", "the answer has no body: there is no picture to judge or collect", url))
        elif not body and (status is None or status == 200) and (ctype or "").lower().startswith(("text/html",
                                                                                                 "application/xhtml")):
            notes.append(Note(*_EMPTY_PAGE, url))  # (as image.empty: allowed with no note, it looked judged and clean)
        elif body and status == 304:
            # (a 304 carries no content, RFC 9110 §15.4.5: clients drop what follows it; said, as an adversarial
            # review found a portrait given with one allowed with no note)
            notes.append(Note("body.not_read", "a 304 Not Modified carries no content: the body given with it was "
                              "not read", url))
        elif body and kind == "other" and not coded and not is_multipart(ctype) and (
                held := container_kind(ctype, body)):
            # (an archive, a PDF, a mail message, a sound file's cover art: the pictures inside pass unread; said,
            # as `scan` refuses an archive; of a body judged on its first bytes too, as they tell it: whether a
            # proxy's record said so hung on whether the whole body had come when its first bytes were read)
            notes.append(Note("body.container", f"the answer is {held}: the pictures it may hold, and the rights its "
                              "metadata may reserve (TDMRep, IPTC data mining in XMP), were not read", url))
        elif kind == "image":
            image = self._analyse_image(body)
            if not self.runtime.face_detection and not image.error:
                notes.append(Note("faces.not_checked", "the image was not checked for faces: the policy turns face "
                                  "detection off (runtime.face_detection = false)", "runtime.face_detection"))
            if "exif-gps" in self.policy.jurisdiction.detect and any(p.code == "exif.gps" for p in image.personal_data):
                gps = exif_gps_position(body)  # where the photo was taken: its bloc (jurisdiction.gps_blocs)
            raw.extend(image_findings(image, url))
            if ends_as_zip(body):  # (a polyglot, which unzip reads: the pictures appended passed with no note)
                notes.append(Note("body.container", "the picture has a zip archive appended: the pictures it may "
                                  "hold, and the rights its metadata may reserve, were not read", url))
            # what the analysis could not cover (frames not looked at, faces too small to find)
            notes.extend(Note(code, detail, url) for code, detail in getattr(image, "notes", ()))
        elif kind == "svg":
            notes.append(Note("image.svg", "SVG is not rasterised: faces in its drawing cannot be assessed (the pictures "
                              "embedded in it are decoded and judged)", url))
        pixels = PixelBudget()  # (the answer's: its frames' documents take what its own pictures leave)
        inline = self._inline_images(body, kind, url, notes, raw, encoding, pixels=pixels) if searched else []
        if page is not None and page.frame_documents:
            inline += self._framed_images(page.frame_documents, url, notes, raw, MAX_INLINE_IMAGES - len(inline),
                                          pixels)
        if kind != "html":  # a picture embedded in an SVG, a JSON answer or a style sheet is its own content
            raw.extend(self._embedded_findings(inline, signals, purpose.usage))
        # a part of a page, a picture or a text that carries pictures (a Range request): what the rest
        # says (a noai in the <head> before `bytes 100-`, a portrait past its end) was never seen
        part_of: str | None = ("text answer" if kind == "other" else kind) if status == 206 and body and not whole_range(
            content_range) and (kind in JUDGED_BY_CONTENT or (textual and declares_text(ctype))) else None
        # a multipart answer's parts, split and told apart once (`_part_findings` reads them, a 206's are its ranges)
        split = multipart_parts(ctype, body, base=url) if is_multipart(ctype) and not coded and (
            kind == "other" or (status == 206 and body)) else None
        part_kinds = [body_kind(part_type, data) for part_type, data in split] if split else []
        if status == 206 and body and split is not None and any(  # (byteranges: parts, never the whole)
                part_kind in JUDGED_BY_CONTENT or not part_passes(part_type)
                for (part_type, _), part_kind in zip(split, part_kinds)):  # (as one range: a PDF's or a video's parts pass)
            part_of = "resource (a multi-range answer)"
        if kind == "other" and split is not None:  # a camera stream, a multi-range answer: each picture judged
            raw.extend(self._part_findings(split, part_kinds, body, url, signals, purpose.usage, notes, token))
        elif (part_of is None and kind == "other" and status == 206 and body and not part_passes(ctype)
              and not whole_range(content_range)):
            # a part of a resource that is no video, sound, PDF or archive (a type that says nothing, octet-stream or
            # none; a text's, a font's, an invalid one): a picture's middle is no picture to its bytes, so what the
            # whole is was never seen. (It was only noted: `bytes 0-0` and `bytes 1-` of a portrait, or `bytes 0-0,1-`
            # in one answer, handed the photo over whole, untyped and then as text/plain; found in reviews)
            part_of = ("resource of no type the guard reads" if untyped(ctype)
                       else f"{(ctype or '').split(';')[0].strip()[:60]} answer")
        # (a whole body in no coding is its resource's length where no Content-Length says it)
        whole_length = str(arrived) if not (coding or truncated or sniffed or broken_off) and len(body) == arrived \
            else None
        if part_of is None and kind == "other" and status is not None and 200 <= status < 300 and body \
                and (part_passes(ctype) or (status == 206 and split is not None)) \
                and not self._first_bytes_seen(url, status == 206 and not whole_range(content_range), content_range,
                                               body, split is not None, hdrs.get("content-length") or whole_length):
            # a part of a video, a PDF, an archive whose first bytes this guard never saw: a portrait served as
            # video/mp4 or a zip, fetched as `bytes=0-0` and `bytes=1-`, had nothing to tell it by (review, session 61)
            part_of = f"{(ctype or '').split(';')[0].strip()[:60]} part whose first bytes were not seen"
        decision = self._decide(url, "response", purpose, signals, raw, notes, hints=hints,
                                page=page, status=status, content_type=ctype, body=body,
                                image=image, page_url=(context.page_url or None) if context else None,
                                page_jurisdictions=context.jurisdictions if context else (),
                                page_domains=context.page_domains if context else (), gps=gps,
                                whole=not (truncated or sniffed), inline=inline, prefix=sniffed,
                                encoding=encoding, image_rules=view.image_rules, token=token,
                                content_range=content_range, carried=carried, part_of=part_of,
                                picture=kind in ("image", "svg"))
        return decision

    def _first_bytes_seen(self, url: str, part: bool, content_range: str | None, body: bytes, multi: bool,
                          length: str | None = None) -> bool:
        """Whether the first bytes of the resource an answer of a type whose parts pass carries have been seen,
        by this answer or an earlier one. A whole answer, or a single part from byte 0 long enough to tell a
        picture's head, or a page's that begins it, by (`SNIFF_WINDOW`: not all of `SNIFF_HEAD`, which a player's
        first range of an MP3 without an ID3 tag may fall short of) or beginning as a media container does (a DASH
        init segment, `ftyp`), remembers its resource by its path (a signed CDN URL's query changes with each
        request) and its length; a later part of a resource of that path and length then passes as a part of that
        video or PDF does. A probe of at most two bytes from byte 0 passes and teaches nothing. Anything else is a part
        of what the guard cannot tell: a part past byte 0 of a resource never seen from its start, or of
        another length (a portrait's parts at a video's URL: review of the change)."""
        key = resource_key(url).split("?", 1)[0]
        total = range_total(content_range) if part else declared_length(length)
        if not part or (not multi and starts_at_first_byte(content_range)
                        and (len(body) >= SNIFF_WINDOW or starts_as_media_container(body))):
            self._heads.set(key, (total,))
            return True
        if not multi and starts_at_first_byte(content_range) and len(body) <= 2:
            return True
        seen = self._heads.get(key)
        return seen is not None and (seen[0] is None or total is None or seen[0] == total)

    def _inline_images(self, body: bytes, kind: str, url: str, notes: list[Note], raw: list[Finding],
                       encoding: str = "utf-8", budget: int = MAX_INLINE_IMAGES, pixels: PixelBudget | None = None
                       ) -> list[tuple[InlineImage, ImageAnalysis | None]]:
        """The pictures a page or an SVG carries as data: URIs, each analysed as a fetched image
        would be (no request is ever made for them: the body is the only place to judge them);
        past the first `budget` (what is left of the answer's `MAX_IMAGES`), or past the decoded pixels
        left of the answer's `MAX_ANSWER_PIXELS` (`pixels`), not analysed (None): the policy's on_error decides them.
        A UTF-16 body is searched as its text (`encoding`, the body's one decided encoding); one
        that cannot be searched is an `inline.unchecked` error, never a silent allow."""
        try:
            found = find_inline_images(body, encoding=encoding)
        except Exception as exc:  # noqa: BLE001 - unsearched pictures: an incomplete reading, for on_error
            raw.append(Finding("error", "inline.unchecked", f"pictures embedded as data: URIs could not be looked "
                               f"for ({named_exception(exc)[:200]})", url))
            return []
        out: list[tuple[InlineImage, ImageAnalysis | None]] = []
        tiled = 0
        seen = {False: 0, True: 0}  # pictures met so far, small ones (`InlineImage.small`) apart
        pixels = PixelBudget() if pixels is None else pixels
        for embedded in found:
            limit = MAX_SMALL_INLINE_IMAGES if embedded.small else budget
            checkable = seen[embedded.small] < limit and not embedded.unchecked  # (unchecked: nested too deep)
            checkable = checkable and pixels.take(embedded.data)
            seen[embedded.small] += 1
            analysis = self._analyse_image(embedded.data, _untiled(tiled)) if checkable else None
            tiled += getattr(analysis, "tiles", 0)
            if analysis is not None:  # what its analysis could not cover (frames not looked at, faces too small)
                notes.extend(Note(code, detail, embedded.name) for code, detail in getattr(analysis, "notes", ()))
            out.append((embedded, analysis))
        return out

    def _framed_images(self, documents: list[bytes], url: str, notes: list[Note], raw: list[Finding], budget: int,
                       pixels: PixelBudget) -> list[tuple[InlineImage, ImageAnalysis | None]]:
        """The pictures a page's frames' data: documents embed (`PageAnalysis.frame_documents`), as its own are
        (`_inline_images`, within what those left of `budget` and `pixels`), marked `framed`. Why: base64 or
        percent-encoded, they are in no byte of the page's, and a portrait in a frame's document passed unseen."""
        from scrapeguard.detect.page_source import page_encoding

        out: list[tuple[InlineImage, ImageAnalysis | None]] = []
        for document in documents:
            found = self._inline_images(document, "html", url, notes, raw, page_encoding(document),
                                        max(0, budget - len(out)), pixels)
            out += [(replace(embedded, framed=True), analysis) for embedded, analysis in found]
        return out

    def _embedded_findings(self, inline: Sequence[tuple[InlineImage, ImageAnalysis | None]], signals: list[Signal],
                           usage: Usage) -> list[Finding]:
        """What the pictures embedded in an answer that is no page show (an SVG's, a JSON answer's,
        a style sheet's, a multipart answer's text parts'): they are its own content. The opt-outs
        embedded in each, checked for faces or not (past `MAX_INLINE_IMAGES`: reading them costs about
        what decoding its base64 did), are added to `signals`."""
        out: list[Finding] = []
        for embedded, analysis in inline:
            raw, own = self._embedded_reading(embedded, analysis, len(inline), usage)
            out += raw  # (the erased bytes inside another answer: that answer is not handed over)
            signals.extend(own)
        return out

    def _embedded_reading(self, embedded: InlineImage, analysis: ImageAnalysis | None, count: int,
                          usage: Usage) -> tuple[list[Finding], list[Signal]]:
        """One picture embedded in an answer (one of `count`), as a page's and any other answer's
        are read: its erasure and what it shows (or why it could not be checked), and the opt-outs
        embedded in it (`_picture_signals`; past the pictures checked for faces too: an opt-out binds
        whatever on_error says, but none are read in an SVG nested too deep to be searched)."""
        raw = self._erasure(embedded.name, embedded.data, analysis.phash if analysis is not None else None)
        raw += inline_findings(embedded, analysis, count)
        own = [] if embedded.unchecked else self._picture_signals(embedded.data, embedded.name, usage)
        return raw, own

    def _part_findings(self, split: Parts, kinds: list[ContentKind], body: bytes, url: str, signals: list[Signal],
                       usage: Usage, notes: list[Note], token: str) -> list[Finding]:
        """The pictures among a multipart body's parts, each analysed as a fetched image (past the
        first `MAX_INLINE_IMAGES`, an error finding: the policy's on_error decides; their opt-outs and
        erasures still read, which bind whatever it says); the opt-outs
        embedded in each (`_picture_signals`) are added to `signals`, what each analysis could not
        cover (faces too small, tiles not run, frames not looked at) to `notes`, as an embedded
        picture's are. Its pages and texts too (`_text_part_findings`). Each part is named by its
        place among all of them (`#part3`: the third). `split`: the parts (`multipart.parts`), `kinds`:
        what each is (`answers.body_kind`), as the answer's decision split and told them apart, once."""
        out = self._carried_erasures(split, url, notes)
        if body and not split:  # a stream of parts that cannot be told apart: none of them was judged
            return out + [Finding("error", "part.unreadable", "a multipart answer whose parts could not be read", url)]
        tail = body[-split.unsplit:] if split.unsplit else b""
        if tail and (may_hold_picture(tail) or may_hold_inline(tail)):  # past multipart.MAX_PARTS: never judged
            out.append(Finding("error", "part.unchecked", f"a multipart answer whose last {split.unsplit} bytes were not "
                                                          f"split into parts (past its first {MAX_PARTS}, or in a nested "
                                                          "multipart part that could not be split whole), nor checked",
                                url))
        pictures = [(place, data) for place, ((_, data), kind) in enumerate(zip(split, kinds), 1) if kind == "image"]
        picture_places = {place for place, _ in pictures}
        out.extend(Finding("error", "part.unreadable", f"part {index + 1} is base64 that does not decode (cut short?): "
                           "what it carries could not be read", f"{url}#part{index + 1}")
                   for index in sorted(split.undecoded) if index + 1 not in picture_places)  # (pictures: their reader says)
        tiled = 0
        pixels = PixelBudget()  # (the answer's: what the picture parts leave is its texts' data: URIs')
        said = False  # that pictures past the budgets are not checked
        for index, (place, data) in enumerate(pictures):
            name = f"{url}#part{place}"
            signals.extend(self._picture_signals(data, name, usage))  # (past those checked too, as embedded ones')
            if index >= MAX_INLINE_IMAGES or not pixels.take(data):
                out += self._erasure(name, data, None)
                if not said:
                    said = True
                    out.append(Finding("error", "part.unchecked", f"{len(pictures)} pictures in the parts: only the "
                                       f"first {MAX_INLINE_IMAGES}, {MAX_ANSWER_PIXELS // 1_000_000} Mpx in all, "
                                       "are checked", name))
                continue
            analysis = self._analyse_image(data, _untiled(tiled))
            tiled += getattr(analysis, "tiles", 0)
            notes.extend(Note(code, detail, name) for code, detail in getattr(analysis, "notes", ()))
            out += self._erasure(name, data, analysis.phash)
            out.extend(picture_findings(analysis, name, "part", f"part {place}'s"))
        return out + self._text_part_findings(split, kinds, body, url, signals, usage, notes, token, len(pictures),
                                              pixels)

    def _carried_erasures(self, split: Parts, url: str, notes: list[Note]) -> list[Finding]:
        """The erasures that cover what a multipart answer carries, looked up by each part's location
        (its Content-Location, as `multipart.parts` read it from the part's headers: `Parts.names`):
        one finding a request, never naming the URL (an erased one is not written down again); past
        `MAX_CARRIED_LOOKUPS` locations, a note. An answer whose parts name no location (a camera
        stream's, a 206's) costs nothing.

        Why: only a part's bytes were looked up, under a name of the answer's own (`#part2`), so a
        picture or page erased by its URL was kept inside an MHTML archive, where alone it is withheld."""
        if self.audit is None:
            return []
        reasons: dict[str, None] = {}
        looked: set[str] = set()
        for field, location in split.names:
            if field == "id" or location in looked:
                continue
            if len(looked) >= MAX_CARRIED_LOOKUPS:
                notes.append(Note("erasure.unchecked", f"the parts name more than {MAX_CARRIED_LOOKUPS} locations: "
                                  "those past them were not looked up on the suppression list", url))
                break
            looked.add(location)
            reason = self._erased(location, b"", None)
            if reason:
                reasons[reason] = None
        return [erased_finding(reason) for reason in reasons]

    def _text_part_findings(self, split: Parts, kinds: list[ContentKind], body: bytes, url: str,
                            signals: list[Signal], usage: Usage, notes: list[Note], token: str,
                            pictures: int, pixels: PixelBudget) -> list[Finding]:
        """A multipart answer's pages and texts (an MHTML archive's page, a batch API's JSON parts).

        Why: only its picture parts were read, so an MHTML page saying noai and showing a portrait, or
        a JSON part carrying a data: face, was allowed without a word. An HTML part is read as a page:
        its opt-outs are the answer's (its word about its images too, when the answer carries pictures:
        as parts, or as data: URIs in any text part),
        the pictures it presents as a person's photo and the answer carries (`_carried`: the parts'
        locations) make the answer personal (its references not all read, when it carries picture parts,
        an error: `part.incomplete`); those it only links to are judged when fetched. Every such part is
        searched for embedded pictures, judged as embedded ones (`_embedded_findings`): with the
        `pictures` picture parts, `MAX_INLINE_IMAGES` in all are analysed; past them, the parts left
        that may hold one (`may_hold_inline`) are `part.unchecked`, for on_error."""
        from scrapeguard.detect.page import limits_leaving_images_unread
        from scrapeguard.detect.page_deadline import analyse_page_within
        from scrapeguard.detect.page_source import page_encoding

        out: list[Finding] = []
        budget = MAX_INLINE_IMAGES - min(pictures, MAX_INLINE_IMAGES)  # (what the picture parts left)
        carried: frozenset[str] | None = None
        for_pictures: list[Signal] = []  # what its pages say of their images (`for_images`)
        embedded = 0  # the pictures its texts carry as data: URIs
        unchecked = False  # a part that may carry one past the budget was found
        for place, ((part_type, data), kind) in enumerate(zip(split, kinds), 1):
            if kind not in ("html", "svg") and not (kind == "other" and is_text(part_type)):
                continue
            name = f"{url}#part{place}"
            if kind == "svg":  # a picture: looked up by its bytes too, as a fetched SVG is (`_decide`), and its
                out += self._erasure(name, data, None)  # own rights data read (XMP DataMining, a C2PA manifest)
                signals.extend(self._picture_signals(data, name, usage, "svg"))
            encoding = page_encoding(data, body_charset(part_type, data))
            if kind == "html":
                page = analyse_page_within(data, name, encoding=encoding, content_type=part_type)
                if page.error:
                    out.append(Finding("error", "part.unreadable", f"part {place}, a page, could not be read: "
                                       f"{page.error}"[:400], name))
                unread = limits_leaving_images_unread(page.limits) if pictures else []
                if unread:  # (a picture part the answer carries may be among them: as a page's `page.incomplete`)
                    out.append(Finding("error", "part.incomplete", f"part {place}, a page, had its image references "
                                       f"not all read: {'; '.join(unread)[:400]}", name, {"limits": unread[:16]}))
                view = ResponseView(url=name, status=None, headers=Headers({"content-type": part_type or "text/html"}),
                                    kind="html", body=data, page=page)
                said = [s for reader in self._readers for s in reader.evaluate(view, token, usage)]  # type: ignore[arg-type]
                signals.extend(said)
                for_pictures += for_images(said)
                shown = [ref for ref in page.images if ref.personal]
                if shown:  # (the names the parts' headers gave, `Parts.names`, made keys only then, once an answer)
                    if carried is None:
                        carried = _carried(split)
                    shown = [ref for ref in shown if _is_carried(ref, carried)]
                if shown:
                    reasons = sorted({r for ref in shown for r in ref.reasons})
                    out.append(Finding("personal_image", "part.personal_images", f"part {place}, a page, presents "
                                       f"{len(shown)} picture(s) as a person's photo ({', '.join(reasons[:4])})", name,
                                       {"images": [ref.url[:300] for ref in shown[:8]], "reasons": reasons[:8]}))
            if budget <= 0:  # (its pages are still read as pages above: their opt-outs bind whatever on_error says)
                if not unchecked and may_hold_inline(data, encoding):
                    unchecked = True  # (said once: the first such part)
                    out.append(Finding("error", "part.unchecked", f"part {place} may carry pictures past the first "
                                       f"{MAX_INLINE_IMAGES} of the answer's, which are all that are checked", name))
                continue
            inline = self._inline_images(data, kind, name, notes, out, encoding, budget, pixels)
            budget -= len(inline)
            embedded += len(inline)
            out.extend(self._embedded_findings(inline, signals, usage))
        if pictures or embedded:  # (a page's word about its images: about the pictures the answer carries)
            signals.extend(for_pictures)
        return out

    def _picture_signals(self, data: bytes, name: str, usage: Usage, kind: ContentKind = "image") -> list[Signal]:
        """The opt-outs embedded in a picture carried inside another answer (a data: URI, a
        multipart part), read as the fetched image's are (`EmbeddedReader`: IPTC
        plus:DataMining, C2PA training-mining), with `name` as their source.

        Why: the embedded reader reads only answers that are images, so the same bytes that are
        blocked when fetched by URL passed with their opt-out unread when embedded."""
        view = ResponseView(url=name, status=None, headers=Headers({}), kind=kind, body=data)
        out: list[Signal] = []
        for reader in self._readers:
            if isinstance(reader, EmbeddedReader):
                out.extend(reader.evaluate(view, self.product_token, usage))
        return out

    def _analyse_image(self, body: bytes, untiled: str = "") -> ImageAnalysis:
        """`analyse_image` with the policy's thresholds; `untiled`: why a large photo is not to
        be looked at again in tiles ("": it is, when it needs it)."""
        from scrapeguard.detect.images import analyse_image

        rt = self.runtime
        return analyse_image(body, min_px=rt.face_min_px, min_score=rt.face_min_score, faces=rt.face_detection,
                             untiled=untiled)

    # ------------------------------------------------------------ evaluation
    def _token(self, user_agent: str | None, notes: list[Note]) -> str:
        """The product token signals are read for: the request's own user agent's when an
        adapter forwards one that differs from the guard's (noted), else the guard's."""
        if not user_agent:
            return self.product_token
        token = product_token(user_agent)
        if token != self.product_token:
            notes.append(Note("user_agent.request", f"judged for the request's user agent token {token!r}, "
                                                    f"not the guard's {self.product_token!r}"))
        return token

    def _decide(
        self,
        url: str,
        stage: str,
        purpose: Purpose,
        signals: list[Signal],
        raw: list[Finding],
        notes: list[Note],
        *,
        hints: PageHints | None = None,
        page: PageAnalysis | None = None,
        status: int | None = None,
        content_type: str | None = None,
        body: bytes = b"",
        image: ImageAnalysis | None = None,
        page_url: str | None = None,
        page_jurisdictions: tuple[tuple[str, str], ...] = (),
        page_domains: tuple[str, ...] = (),
        gps: tuple[float, float] | None = None,
        whole: bool = True,
        inline: Sequence[tuple[InlineImage, ImageAnalysis | None]] = (),
        prefix: bool = False,
        encoding: str | None = None,
        image_rules: ImageRules | None = None,
        content_range: str | None = None,
        token: str | None = None,
        carried: Sequence[Finding] = (),
        part_of: str | None = None,
        picture: bool = False,
    ) -> Decision:
        """`whole`: the body is all of the answer's, so a redacted copy of it can be made; `prefix`:
        it is only the answer's start (sniffed), so no body_sha256 is recorded for it; `encoding`:
        the body's one decided encoding (`page_encoding`), which a redacted copy is written in;
        `image_rules`: a page's opt-outs about its images, unjudged, remembered for their requests;
        `token`: the product token the answer was judged for (`_token`), its images' too; `part_of`: what
        the body is a part of (a 206's range of a page, a picture, a text), judged incomplete by on_error
        (`range.incomplete`) unless the part is withheld anyway (a block, a redaction: no copy of a part);
        `picture`: the body is a picture (an image or an SVG), looked up on the suppression list by its
        bytes too, as an erasure lists the erased item's (an SVG was looked up by its URL alone, so an
        erased drawing fetched from a mirror passed)."""
        host = host_of(url)
        domain = registrable_domain(host)
        scope = Scope.of(self.policy, purpose, domain, page_domains=page_domains)
        page_jurisdictions = _page_law(page_jurisdictions, page_domains, scope)
        for o in scope.expired:
            notes.append(Note("override.expired", f"override for {o.domain} expired on {o.expires}; not applied",
                              f"override[{o.domain}]"))
        juris = self._jurisdiction(host, hints, scope, page_jurisdictions, gps)
        self_signals = [s for s in signals if s.applies_to in ("self", "both")]
        findings = self._findings(url, purpose, scope, juris.applied, self_signals, raw, notes, juris.from_pages_only())
        reason = self._erased(url, body if picture else b"", image.phash if image is not None else None)
        if reason:
            findings.insert(0, self._assign(scope, erased_finding(reason)))
        # a page erased since its word about this picture was remembered is named by no later record (`page_erased`):
        # the picture's decision wrote it back into the sidecar, where an access request found the person's page
        page_erased = bool(page_url and self._erased(page_url, b"", None))
        decision = Decision(
            url=url, stage=stage, action="allow", findings=findings, page_url=page_url,  # type: ignore[arg-type]
            enforced=self._enforced, purpose=purpose.id, usage=purpose.usage, integration=self.integration,
            policy_id=self.policy.id, policy_version=self.policy.version, policy_sha256=self._policy_sha256,
            jurisdictions=juris.applied, jurisdiction_evidence=juris.evidence,
            legal_basis=_basis_of(purpose, scope),
            notes=notes, status=status, content_type=content_type,
            body_sha256=sha256_hex(body) if body and not prefix else None, picture=picture,
            retention_days=purpose.retention_days,
            on_error=self.policy.runtime.on_error, phash=image.phash if image is not None else None,
            page_erased=page_erased,
            redirected_from=self._redirects.get(url),
        )
        decision.signals = signal_summary(signals)
        if image is not None and image.detector:
            decision.detectors.append({"name": image.detector, "version": image.detector_version})
        if page is not None:
            decision.page_label = page.label
            image_signals = for_images(signals)
            rules = image_rules or ImageRules()
            decision.images = self._page_images(url, page, purpose, scope, image_signals, hints, carried_blocs(juris),
                                                rules=rules, token=token, encoding=encoding)
            # an images pipeline may take an embedded picture out as its own data: URI: the page's
            # word about its images goes with it, keyed by the name the audit gives it
            said = ImageContext(url, False, 0.0, [], rules, hints, carried_blocs(juris), (domain,))
            for embedded, _ in inline:
                element = page.embedded.get(embedded.digest)
                if element is not None and element[0]:  # (what its element says: as a fetched picture's)
                    self._context.remember(embedded.name, ImageContext(url, True, element[1], element[2], rules, hints,
                                                                       said.jurisdictions, said.page_domains))
                elif rules.rules or rules.cut:
                    self._context.remember(embedded.name, said)
            decision.images += self._inline_decisions(
                inline, purpose, scope, juris.applied, image_signals,
                lambda at: self._jurisdiction(host, hints, scope, page_jurisdictions, at).applied,
                elements=page.embedded, page_url=url)
            page_findings(decision, scope)
            note_ignored_for_images(decision, scope, signals)
        if carried:  # what the request stage found (check_url): in this record too, as in what is returned
            decision.findings[:0] = [f for f in carried if f.code not in decision.codes]
        decision.action = strictest([f.action for f in decision.findings])  # type: ignore[misc]
        if part_of and decision.action not in ("block", "redact"):  # (only where the part would be handed over)
            decision.findings.append(self._assign(scope, Finding(
                "error", "range.incomplete", f"only a part of this {part_of} was given ({content_range or 'parts'}): "
                "what the rest of it says cannot be judged from it", url, {"content_range": content_range})))
            decision.action = strictest([f.action for f in decision.findings])  # type: ignore[misc]
        # a redirect is handed over unredacted (its word goes on to the next hop, where the picture is
        # judged) unless what is to be redacted is in its own body: a face, a portrait on its page
        # (not the page's word about the URL alone, `context.*`, on a "Found. Redirecting to …" body),
        # or the very picture the page spoke of (a PHP avatar script's 302 that prints the image too)
        passes_on = status is not None and 300 <= status < 400 and not picture and not any(
            f.action == "redact" and not f.code.startswith("context.") for f in decision.findings)
        if decision.action == "redact" and decision.enforced and not passes_on:
            if status == 206 and not whole_range(content_range):
                # a redacted copy of a part of the resource is neither the origin's range nor the whole:
                # withheld (`must_withhold`), and the record says so (not a copy handed over and kept)
                decision.notes.append(Note(REDACT_RANGE_PART, f"{RANGE_WITHHELD}; it is withheld", "Content-Range"))
            elif whole:
                self._redact(decision, body, page, image, inline, encoding, content_type)
                if stage == "response" and decision.redacted_body is None and decision.action == "redact":
                    # nothing to make a redacted copy of (a picture that could not be read, an answer with
                    # no body): withheld, and the decision says so rather than "redact", which reads as kept
                    decision.notes.append(Note(REDACT_UNAVAILABLE, "no redacted copy of this answer can be made; "
                                               "it is withheld instead", "scrapeguard"))
                    decision.action = "block"
            else:  # a redacted copy of part of the body is no copy of it: withheld (`must_withhold`)
                why = "only its start was read" if prefix else "the body was cut at the cap"
                decision.notes.append(Note(REDACT_INCOMPLETE, f"{why}, so no redacted copy of all of it can be "
                                           "made; it is withheld instead", "scrapeguard"))
        elif decision.action == "redact" and stage == "response" and whole and not passes_on \
                and not (status == 206 and not whole_range(content_range)) \
                and not _redactable(decision, page, image, inline):
            # audit mode, where nothing is withheld: recorded as the block enforcing would make of it (as
            # "redact", a rollout's would-be blocks of SVGs and undecodable pictures were missing from its
            # review), and handed over as fetched
            decision.notes.append(Note(REDACT_UNAVAILABLE, "no redacted copy of this answer can be made, so "
                                       "enforcing would withhold it (runtime.mode = 'audit': handed over as fetched)",
                                       "scrapeguard"))
            decision.action = "block"
        return self._record(decision, scope)

    def _assign(self, scope: Scope, finding: Finding) -> Finding:
        finding.action, finding.rule = scope.action(finding.kind)  # type: ignore[assignment]
        return finding

    def _findings(
        self,
        url: str,
        purpose: Purpose,
        scope: Scope,
        jurisdictions: list[str],
        signals: list[Signal],
        raw: list[Finding],
        notes: list[Note],
        page_law: frozenset[str] = frozenset(),
    ) -> list[Finding]:
        """Everything a decision on `url` is made of, each with its action: the opt-outs among
        `signals` (`opt_out_findings`), what the detectors and erasures found (`raw`), a biometric
        purpose's finding on a personal image, and the gaps in the purpose's legal basis for each
        law that applies, or a law it was not assessed for. `page_law`: the laws only the pages that
        show it brought, whose gaps are judged under those pages' domains' rules too (`Scope.action`)."""
        out = opt_out_findings(purpose, scope, signals, notes)
        for f in raw:
            if f.code in UNREAD_FIELDS:  # (ruled as the opt-outs they may hide: never more strictly)
                if (ruled := unread_fields_finding(scope, f, notes)) is not None:
                    out.append(ruled)
                continue
            out.append(self._assign(scope, f))
        personal = any(f.kind == "personal_image" for f in out)
        if personal and purpose.biometric:
            out.append(self._assign(scope, Finding(
                "biometric", "biometric.purpose",
                f"purpose {purpose.id} declares face biometrics on a personal image", f"purpose[{purpose.id}].biometric")))
        kinds = [k for k in ("personal_image", "biometric") if any(f.kind == k for f in out)]
        # one finding a gap, naming every law it is a gap under (the first stays `jurisdiction`)
        gaps: dict[str, tuple[str, list[str], list[str]]] = {}
        for juris in jurisdictions:
            for kind in kinds[-1:]:  # biometric includes everything personal_image needs
                for code, reason in basis_gaps(self.policy, purpose, juris, kind, scope.overrides):
                    _, under, reasons = gaps.setdefault(code, (kind, [], []))
                    if juris not in under:
                        under.append(juris)
                        reasons.append(reason)
        for code, (kind, under, reasons) in gaps.items():
            gap = Finding("missing_basis", code, _joined_reasons(under, reasons), f"rules {RULES_VERSION}",
                          {"jurisdiction": under[0], "jurisdictions": under, "for": kind})
            gap.action, gap.rule = scope.action(  # type: ignore[assignment]
                gap.kind, from_page=not page_law.isdisjoint(under))
            out.append(gap)
        for juris in jurisdictions:
            if juris not in purpose.jurisdictions:
                unassessed = Finding("unassessed_jurisdiction", "jurisdiction.unassessed",
                                     f"{juris} law may apply but purpose {purpose.id} was not assessed for it",
                                     f"purpose[{purpose.id}].jurisdictions", {"jurisdiction": juris})
                unassessed.action, unassessed.rule = scope.action(  # type: ignore[assignment]
                    unassessed.kind, from_page=juris in page_law)
                out.append(unassessed)
        return out

    def _page_images(
        self,
        page_url: str,
        page: PageAnalysis,
        purpose: Purpose,
        scope: Scope,
        image_signals: list[Signal],
        hints: PageHints | None,
        page_jurisdictions: tuple[tuple[str, str], ...] = (),
        *,
        rules: ImageRules,
        token: str | None = None,
        encoding: str | None = None,
    ) -> list[ImageDecision]:
        """Judge every image the page references, and remember the context (with the page's
        jurisdictions) for the image's own request. `image_signals`: what the page
        says of its images for this page's purpose and crawler (`for_images`); `rules`: the
        same unjudged, remembered for the image's own request; `token`: the crawler the page was
        judged for (a forwarded request's), whose the image hosts' robots.txt is read for; `encoding`:
        the page's, in which a client encodes a reference's query (`query_in_encoding`), remembered so too."""
        out: list[ImageDecision] = []
        per_host: dict[str, tuple[Scope, JurisdictionResult]] = {}  # images of one page share a few hosts
        contexts: dict[str, ImageContext] = {}
        shown_by = (scope.domain,) if scope.domain else ()  # (the page's own domain: its scope's)
        page_law = _page_law(page_jurisdictions, shown_by, scope)
        for ref in page.images:
            ctx = contexts[ref.url] = ImageContext(page_url, ref.personal, ref.score, list(ref.reasons),
                                                   rules, hints, page_jurisdictions, shown_by)
            self._remember_spellings(ref.url, ctx, encoding)
            out.append(self._image_decision(ref, purpose, image_signals, (page_url, hints), per_host, page_law, token,
                                            shown_by))
        for big, small in page.full_size:  # a lightbox's full-size copy: what the page said of the thumbnail
            # (as remembered: every spelling of it merged, `jane.jpg#g` with `jane.jpg`, strictest kept)
            said = self._context.get(small) or contexts.get(small)
            if said is not None:
                self._remember_spellings(big, said, encoding)
        return out

    def _remember_spellings(self, url: str, context: ImageContext, encoding: str | None) -> None:
        """What a page says of a picture, under its URL and the spelling a client of the page's `encoding` asks
        for it by (`query_in_encoding`: its query in a legacy encoding, as browsers and Scrapy send it)."""
        self._context.remember(url, context)
        as_sent = query_in_encoding(url, encoding)
        if as_sent is not None:
            self._context.remember(as_sent, context)

    def _image_decision(
        self,
        ref: ImageRef,
        purpose: Purpose,
        signals: list[Signal],
        page: tuple[str, PageHints | None],
        per_host: dict[str, tuple[Scope, JurisdictionResult]],
        page_jurisdictions: tuple[tuple[str, str], ...] = (),
        token: str | None = None,
        page_domains: tuple[str, ...] = (),
    ) -> ImageDecision:
        """An image judged from the page alone: its context, the page's signals for its
        images, and the image host's files when they are already cached (no I/O), read for
        `token` (default the guard's own): a forwarded request's images are judged for its crawler;
        `page_domains`: the page's, whose stricter overrides cover the image (`Scope.of`); `page`: its URL
        and language tags, its image host's own signals where that is the page's host (`_host_hints`, once a host).
        An image URL that does not parse is that image's error finding (`image.url_unusable`), not
        the page's: one `<img src="http://[::1">` made the whole page a guard error (blocked, or let
        through fail-open with its portraits unredacted)."""
        raw = [context_finding(ref.reasons, ref.score, "page context")] if ref.personal else []
        try:
            host = host_of(ref.url)
        except ValueError as exc:  # (http://[::1, a host NFKC makes invalid): no client can request it
            host = ""
            raw.append(Finding("error", "image.url_unusable", f"the image's URL cannot be parsed ({exception_text(exc)[:160]}): no "
                               "client can request it, so only what the page says of it was judged", "page"))
        if host not in per_host:
            scope = Scope.of(self.policy, purpose, registrable_domain(host), page_domains=page_domains)
            per_host[host] = scope, self._jurisdiction(host, _host_hints(ref.url, *page), scope, page_jurisdictions)
        scope, juris = per_host[host]
        all_signals = list(signals)
        unread: list[str] = []
        if host and ref.url.startswith(("http://", "https://")):
            all_signals += self._host_signals(ref.url, purpose.usage, None, token, unread)
        raw[:0] = self._erasure(ref.url, b"", None)  # as its own request would be: withheld from the page too
        notes: list[Note] = []  # (an opt-out present and not obeyed, as on any decision: found in review)
        findings = self._findings(ref.url, purpose, scope, juris.applied, all_signals, raw, notes,
                                  juris.from_pages_only())
        action = strictest([f.action for f in findings])
        # (said: an image on another host was `allow` with no word that its host's files were not read,
        # and `block` once that host had been checked for another URL; found in review)
        if unread:
            notes.append(Note("hostfile.not_fetched", f"{', '.join(unread)} of {origin(ref.url)} not consulted yet: "
                              "read when the image itself is requested", origin(ref.url)))
        return ImageDecision(ref.src, ref.url, ref.kind, ref.personal, ref.score, list(ref.reasons),
                             action, findings, self._enforced, notes)  # type: ignore[arg-type]

    def _inline_decisions(self, inline: Sequence[tuple[InlineImage, ImageAnalysis | None]], purpose: Purpose,
                          scope: Scope, jurisdictions: list[str], image_signals: list[Signal],
                          taken_at: Callable[[tuple[float, float]], list[str]] | None = None, *,
                          elements: Mapping[str, tuple[bool, float, list[str]]] | None = None,
                          page_url: str = "") -> list[ImageDecision]:
        """A page's embedded pictures that show a person (a face, GPS or owner data), were erased,
        could not be checked, or that the page's word about its images (`noimageai`) or their own
        embedded opt-out (`_picture_signals`) reserves, judged under the page's own scope: they
        are part of its bytes. `taken_at`: the page's jurisdictions with a picture's GPS position (`resolve`
        with it, overrides and all), for the `exif-gps` detector: a London photo embedded in an EU page was
        judged under the page's EU alone, the same bytes fetched on their own under UK law too."""
        out: list[ImageDecision] = []
        located = taken_at is not None and "exif-gps" in self.policy.jurisdiction.detect
        for embedded, analysis in inline:
            name = embedded.name
            raw, own = self._embedded_reading(embedded, analysis, len(inline), purpose.usage)
            element = elements.get(embedded.digest) if elements else None
            if element is not None and element[0] and not _a_few_pixels(analysis):
                # what its element says (`alt="Jane Doe, our CEO"`), as a fetched picture is judged with
                # its page's word: a profile photo with no face the detector finds was kept (found in review)
                raw.insert(0, context_finding(element[2], element[1], page_url))
            blocs = jurisdictions
            if located and analysis is not None and any(p.code == "exif.gps" for p in analysis.personal_data):
                position = exif_gps_position(embedded.data)
                blocs = taken_at(position) if taken_at is not None and position is not None else jurisdictions
            notes: list[Note] = []
            findings = self._findings(name, purpose, scope, blocs, image_signals + own, raw, notes)
            # (the page's word for its images, ignored, is on the page's decision: `note_ignored_for_images`)
            own_sources = {s.source for s in own}
            notes = [n for n in notes if n.source in own_sources]
            if not raw and not notes and not any(f.kind == "opt_out" for f in findings):
                continue  # checked, no person in it, and nothing reserves it
            personal = any(f.kind in ("personal_image", "suppressed") for f in raw)
            # (its own opt-out that the policy ignores: a note on its entry, never silence; found in review)
            out.append(ImageDecision(name, name, "inline", personal, 1.0 if personal else 0.0, [f.code for f in raw],
                                     strictest([f.action for f in findings]), findings,  # type: ignore[arg-type]
                                     self._enforced, notes))
        return out

    def _erasure(self, url: str, picture: bytes, phash: str | None) -> list[Finding]:
        """`_erased` as the finding it makes (none when nothing suppressed these)."""
        reason = self._erased(url, picture, phash)
        return [erased_finding(reason)] if reason else []

    def _erased(self, url: str, picture: bytes, phash: str | None) -> str | None:
        """The erasure request that suppressed this URL, these bytes (by sha256) or a copy of
        them (by perceptual hash: re-encoded or resized), or None. The URL is looked up under its
        `resource_key` too, where that differs: the log's normal form keeps a doubled slash, a trailing
        `;` and an IPv6 address as written, so `photos//jane.jpg` (the same file to nginx) passed an
        erasure of `photos/jane.jpg`, where the key joins them as it joins a page's word with the request."""
        if self.audit is None:
            return None
        reason = self.audit.is_suppressed(url, sha256_hex(picture) if picture else None)
        if not reason and (key := resource_key(url)) != url:
            reason = self.audit.is_suppressed(key)
        by_copy = getattr(self.audit, "is_suppressed_phash", None)
        if not reason and phash and callable(by_copy):
            reason = by_copy(phash)
        return reason

    def _jurisdiction(self, host: str, hints: PageHints | None, scope: Scope,
                      page: tuple[tuple[str, str], ...] = (), gps: tuple[float, float] | None = None) -> Any:
        """The host's jurisdictions, with those of the page that shows the resource (`page`) and
        where an image was taken (`gps`, for the `exif-gps` detector)."""
        j = self.policy.jurisdiction
        return resolve(host, establishment=self.policy.controller.establishment, assume=j.assume,
                       unknown=j.unknown, detect=j.detect, hints=hints, override=scope.jurisdiction_override,
                       page=page, gps=gps)

    def _redact(self, decision: Decision, body: bytes, page: PageAnalysis | None, image: ImageAnalysis | None,
                inline: Sequence[tuple[InlineImage, ImageAnalysis | None]] = (), encoding: str | None = None,
                content_type: str | None = None) -> None:
        withheld = decision.pictures_taken_out()
        if inline:  # embedded pictures: their data: URIs emptied in place (a page's, or an SVG's own)
            personal = {e.name for e, a in inline if a is not None and (a.faces or a.personal_data)}
            spans = [(e.start, e.end) for e, _ in inline if not e.framed  # (a frame's: dropped with its frame)
                     and (e.name in withheld or (page is None and e.name in personal))]
            if spans:
                body = blank_inline(body, spans, encoding=encoding)
                if page is None and image is None:
                    decision.redacted_body = body
        if page is not None:
            from scrapeguard.detect.page_deadline import redact_page_within

            # (under a limit of CPU time: run with none, a page of crowded tags took 4.4 s to redact after 1.6 s of
            # analysis, found in review; past it, no copy: withheld, as below)
            decision.redacted_body, fallback = redact_page_within(
                body, withheld, decision.url, encoding, content_type=content_type, analysed=page.error is None)
            if fallback is not None and not decision.redacted_body and body:
                # no copy could be made at all: none (the caller withholds the answer and says so, as for an image
                # that cannot be blurred); handed on empty, a 200 said "redact" and a crawler kept an empty page
                # for the site's (found in review)
                decision.notes.append(Note("redact.failed", fallback, "scrapeguard"))
                decision.redacted_body = None
            elif fallback is not None:  # (more than asked was removed: what the crawler gets is not the page)
                decision.notes.append(Note("redact.fallback", fallback, "scrapeguard"))
        elif image is not None and not image.error:
            from scrapeguard.detect.images import redact_image

            try:  # metadata-only personal data is stripped; faces (or the whole picture) blurred
                reasons = [f.code for f in decision.findings if f.action == "redact"]
                decision.redacted_body = redact_image(body, image.faces, reasons,
                                                      every_frame_seen=not getattr(image, "frames_unseen", ""))
            except Exception as exc:  # noqa: BLE001 - keep the findings; withhold what could not be blurred
                log.warning("scrapeguard: could not blur %s: %s", decision.url[:200], exc)
                decision.notes.append(Note("redact.failed", f"the image could not be blurred ({type(exc).__name__}: "
                                           f"{exception_text(exc)[:160]})", "scrapeguard"))  # (withheld by the caller)

    # ------------------------------------------------------------ errors, log
    def _failure(self, url: str, stage: str, purpose_id: str | None, exc: BaseException) -> Decision:
        """The guard itself failed: the policy's `on_error` decides, visibly. A purpose the policy
        does not declare is blocked whatever `on_error` says: it has no legal basis (under an
        audit-mode policy, recorded as a would-be block and let through, as every block is)."""
        url = without_userinfo(url)
        said = named_exception(exc)
        log.warning("scrapeguard: guard error on %s: %s", url[:200], said)
        unknown_purpose = False
        try:
            purpose = self.purpose(purpose_id)
        except KeyError:  # (often the failure itself): the record names what was asked, not the default
            purpose, unknown_purpose = self.default_purpose, True
        closed = self.policy.runtime.on_error == "fail-closed"
        finding = Finding("error", f"error.{type(exc).__name__.lower()}", said[:500],
                          "scrapeguard", {"stage": stage},
                          "block" if closed else "log", f"{ON_ERROR_RULE}{self.policy.runtime.on_error}")
        findings = [finding]
        if unknown_purpose:  # no basis, no collection: on_error is for the guard's failures, not for this
            findings.append(Finding(
                "missing_basis", "basis.missing.purpose", f"purpose {str(purpose_id)[:64]!r} is not declared in policy "
                f"{self.policy.id}: it has no legal basis, so nothing is collected for it", "policy", {},
                "block", "no declared purpose, no legal basis"))
        decision = Decision(
            url=url, stage=stage, action=strictest([f.action for f in findings]),  # type: ignore[arg-type,misc]
            findings=findings,
            enforced=self._enforced, purpose=purpose.id, usage=purpose.usage, integration=self.integration,
            policy_id=self.policy.id, policy_version=self.policy.version, policy_sha256=self._policy_sha256,
            retention_days=purpose.retention_days, on_error=self.policy.runtime.on_error,
            # (the basis the purpose declares: what a fail-open pass was processed under, on record)
            legal_basis={} if unknown_purpose else _basis_of(purpose),
            redirected_from=self._redirects.get(url),
        )
        if unknown_purpose:
            decision.purpose, decision.usage = str(purpose_id)[:64], ""
            decision.notes.append(Note("purpose.unknown", f"purpose {str(purpose_id)[:64]!r} is not in policy "
                                       f"{self.policy.id}; retention taken from the default purpose {purpose.id}",
                                       "scrapeguard"))
        if not closed and not unknown_purpose:
            decision.notes.append(Note("error.fail_open", "the guard failed and the policy says fail-open: allowed and logged"))
        return self._record(decision, None)

    def _record(self, decision: Decision, scope: Scope | None) -> Decision:
        """Write the decision before it is acted on; a failed write is an error (on_error decides),
        and the decision is kept to be written with the next one that can be (`_append`)."""
        if not decision.enforced and any(f.kind == "suppressed" for f in decision.findings):
            # an erasure binds in audit mode too (`Decision.allowed`): on record, in its 451 and in the
            # log's counts as the enforced block it is, not as one "not enforced" (found in review)
            decision.enforced = True
        if self.audit is None:
            self._count(decision)
            return decision
        try:
            self._append(decision)
        except Exception as exc:  # noqa: BLE001
            said = exception_text(exc)  # (not exc in the log: a kept record would hold the guard)
            log.error("scrapeguard: audit log write failed: %s", said)
            closed = self.policy.runtime.on_error == "fail-closed"
            from scrapeguard.audit.errors import AuditGone

            # (a log deleted or replaced under the guard fails every write until it restarts: no failure that
            # passes with time, `enact.PASSING_REASONS`, whose 503 and Retry-After a crawler retried for ever)
            code = "audit.write_failed.log_gone" if isinstance(exc, AuditGone) else "audit.write_failed"
            decision.findings.append(Finding("error", code, f"audit log write failed: {said}"[:300],
                                             "audit log", {}, "block" if closed else "log",
                                             f"{ON_ERROR_RULE}{self.policy.runtime.on_error}"))
            decision.action = strictest([f.action for f in decision.findings])  # type: ignore[misc]
            self._keep_unwritten(decision)
        else:
            self._erased_meanwhile(decision)
        self._count(decision)
        return decision

    def _erased_meanwhile(self, decision: Decision) -> None:
        """An erasure of the item committed while its decision waited for the log's write lock: the
        log wrote the record without the URL (`AuditLog.erased_on_write`); the item is withheld as
        one on the suppression list is, so a crawl does not keep what was just erased. A decision that
        blocks already says so too: in audit mode a block is let through, an erasure never is."""
        ask = getattr(self.audit, "erased_on_write", None)
        request = ask(decision.decision_id) if callable(ask) else None
        if not request or any(f.kind == "suppressed" for f in decision.findings):
            return
        log.warning("scrapeguard: %s was erased (request %s) while its decision was being written: withheld",
                    decision.url[:200], request)
        decision.findings.append(erased_finding(str(request)))
        decision.action = "block"  # (in audit mode too: an erased item is never kept, `Decision.allowed`)
        decision.enforced = True

    def _append(self, decision: Decision) -> None:
        """Append `decision`, after every decision an earlier failed write left behind, in order.

        Why: a failed write (the log locked by another process, a full disk) lost the decision
        for good, though under fail-open it was acted on (allowed, logged): every decision must
        be in the log. Those kept are written first, each with its own `audit.write_failed`
        finding and time; if one fails again, `decision` joins them."""
        if self._unwritten:  # (checked again under the lock)
            self._unwritten.write(self.audit, decision)  # type: ignore[arg-type]
        self.audit.append(decision)  # type: ignore[union-attr]  # (`_record` checks it)

    def write_kept(self) -> bool:
        """Write now the decisions a failed audit write left behind, before a record that names one
        (`attach_storage`: a stored copy of an item whose decision is still waiting was refused as
        naming no decision). True when none is left waiting."""
        if self._unwritten and self.audit is not None:
            try:
                self._unwritten.write(self.audit)
            except Exception as exc:  # noqa: BLE001 - still failing: they stay kept
                log.debug("scrapeguard: kept decisions still not written: %s", exc)
        return not self._unwritten

    def _keep_unwritten(self, decision: Decision) -> None:
        """Keep a copy of a decision whose write failed (as it was decided: later changes to the
        caller's object do not reach the log; its redacted copy is not kept, only that there was one).

        An `AuditLog` also keeps it on disk beside the log (`audit.unwritten`) before it is acted on:
        a process killed while the log stays locked no longer takes it along."""
        kept = replace(decision, findings=list(decision.findings), notes=list(decision.notes),
                       images=list(decision.images), redacted_body=None if decision.redacted_body is None else b"")
        keep_on_disk = getattr(self.audit, "keep_unwritten", None)
        on_disk = False
        if keep_on_disk is not None:
            try:
                keep_on_disk(kept)
                on_disk = True
            except Exception as exc:  # noqa: BLE001 - (a full disk: it waits in memory alone)
                log.error("scrapeguard: a decision whose audit write failed could not be kept beside the log "
                          "either (it waits in memory): %s", exc)
        self._unwritten.keep(kept, on_disk)

    def _count(self, decision: Decision) -> None:
        key = f"{decision.stage}/{decision.action}"
        with self._counting:
            self.stats[key] = self.stats.get(key, 0) + 1


@dataclass(slots=True)
class _ReaderFailure:
    reason: str


def _redactable(decision: Decision, page: PageAnalysis | None, image: ImageAnalysis | None,
                inline: Sequence[tuple[InlineImage, ImageAnalysis | None]]) -> bool:
    """Whether `Guard._redact` has something to make a redacted copy of: a page, a picture it
    could read, or embedded pictures to empty (what audit mode records without making it)."""
    if page is not None or (image is not None and not image.error):
        return True
    if image is not None:
        return False
    withheld = decision.pictures_taken_out()
    return any(e.name in withheld or (a is not None and (a.faces or a.personal_data)) for e, a in inline)


def _host_hints(url: str, page_url: str | None, hints: PageHints | None) -> PageHints | None:
    """A page's language tags as signals of an image's own host: only where the image is on the page's
    host. Another host's (a CDN's) are its own, beside the page's law (`page_jurisdictions`): read as the
    CDN's, the page's `en-US` took the place of its `unknown` default (found in review)."""
    if hints is None or not page_url:
        return None
    try:
        return hints if ascii_host(host_of(url)) == ascii_host(host_of(page_url)) else None  # (one spelling a host)
    except ValueError:
        return None


def _basis_of(purpose: Purpose, scope: Scope | None = None) -> dict[str, Any]:
    """The legal basis a decision is taken under, as its record keeps it: the purpose's Art. 6
    basis and evidence, its Art. 9(2) conditions with their references (law, DPIA, safeguards,
    ethics), and the active overrides of `scope` that relax a rule (their evidence and expiry).

    Why: a biometric allow recorded only the Art. 6 evidence, so the record could not show the
    Art. 9 condition's references nor the override that authorised it. New keys only (`art6`,
    `art9`, `evidence`, `rules_version` as before); no free-text reason, no consent registry."""
    basis = purpose.basis
    out: dict[str, Any] = {"art6": basis.art6, "art9": list(basis.art9),
                           "evidence": [e for e in (basis.art6_evidence,) if e], "rules_version": RULES_VERSION}
    if basis.art9 and basis.art9_evidence is not None:
        out["art9_evidence"] = basis.art9_evidence.model_dump(exclude_none=True, exclude_defaults=True)
    if basis.art9 and basis.uk_schedule1:  # (the condition a UK page's special-category data is taken under)
        out["uk_schedule1"] = basis.uk_schedule1
    authorising = [o for o in scope.overrides if scope.policy.relaxes_today(o)] if scope is not None else []
    if authorising:
        out["overrides"] = [override_evidence(o) for o in authorising]
    return out


def _cut_by(judged: int, cap: int) -> str:
    """Which limit cut a body: the policy's, or (judged short of it) the adapter's own
    (`GuardTransport(max_body_bytes=…)`, a proxy's or Scrapy's size limit) — the one to raise."""
    if judged >= cap:
        return f"runtime.max_body_bytes = {cap}"
    return f"cut by the caller's own size limit; the policy's runtime.max_body_bytes is {cap}"


_EMPTY_PAGE: Final = ("page.empty", "the answer has no page in it (an empty body): there is nothing to judge or collect")
# What text holds of the bytes below 32: tab, line feed, vertical tab, form feed and carriage return;
# `bytes.translate` deletes these and every byte from 32 up, leaving the control bytes to count.
_NOT_CONTROL_BYTES: Final = bytes(b for b in range(256) if 9 <= b <= 13 or b >= 32)
_BLANK: Final = " \t\r\n\f\v\ufeff"


def _no_page_in(body: bytes, encoding: str) -> tuple[str, str] | None:
    """The note for a body served as a page that holds no page a crawler could read: blank once
    decoded (white space, a byte-order mark), or bytes that are no text (one in twenty of its first
    kilobyte a control byte, outside UTF-16 and UTF-32: an executable, an archive, random bytes; a
    stray NUL in a page's script is none). None for a page, even one without pictures."""
    try:
        blank = not body[:4096].decode(encoding, "replace").strip(_BLANK) and not body.decode(encoding, "replace").strip(_BLANK)
    except LookupError:  # (a name no codec has: the analysis read the page as UTF-8 then)
        blank = not body.decode("utf-8", "replace").strip(_BLANK)
    if blank:
        return _EMPTY_PAGE
    head = body[:1024]
    if not encoding.startswith(("utf-16", "utf-32")) and len(head.translate(None, _NOT_CONTROL_BYTES)) * 20 > len(head):
        return ("page.not_text", "the body served as a page is not text (control bytes in its first kilobyte): "
                "no image reference could be read in it")
    return None
