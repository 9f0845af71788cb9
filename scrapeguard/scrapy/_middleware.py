"""The Scrapy downloader middleware that enforces the guard.

Enable it with the add-on (`ADDONS = {"scrapeguard.scrapy.Addon": 0}`) or by hand::

    DOWNLOADER_MIDDLEWARES = {"scrapeguard.scrapy.GuardMiddleware": 545}

Why 545: below HttpCompression (590), so `process_response` sees decoded bodies;
below Redirect (600), so every redirect hop re-enters `process_request` and is checked;
below Retry (550), so responses turned into retries never reach the check; above
UserAgent (500), so the request carries its final User-Agent. So a redirect's own answer (a 3xx,
or a page MetaRefreshMiddleware follows) is followed before the guard reads it and gets no
response-stage record, unlike through the httpx transports and the proxy, which judge every
answer: the decisions on where it led name it (`redirected_from`), and each try RetryMiddleware
makes has its own request-stage record.

Settings (all optional):

* ``SCRAPEGUARD_ENABLED`` (True) — False disables the middleware.
* ``SCRAPEGUARD_POLICY`` — a policy file or a shipped id (default ``gdpr-strict``).
* ``SCRAPEGUARD_PURPOSE`` — the policy purpose id (default: the policy's ``default_purpose``, else its first;
  set empty, as an unset variable passed on makes it, it is refused at startup as a purpose the policy does not
  declare).
* ``SCRAPEGUARD_AUDIT`` — audit log path; False (or 0) for none; unset or True: the policy's
  ``[audit] sink``; a value of another type is a ValueError at startup.
* ``SCRAPEGUARD_USER_AGENT`` — the product token robots.txt is read for. Unset, Scrapy's own
  ``ROBOTSTXT_USER_AGENT`` names it, else the User-Agent each request goes out with (normally
  ``USER_AGENT``): the token `RobotsTxtMiddleware` would read robots.txt for, so a browser-like
  ``USER_AGENT`` beside ``ROBOTSTXT_USER_AGENT = "mybot"`` still meets ``User-agent: mybot``.
* ``SCRAPEGUARD_ALLOW_HTTPCACHE`` (False) — with ``HTTPCACHE_ENABLED``, Scrapy's cache (900) would
  store responses before the guard judges them, refused and personal ones included; guarded
  requests therefore bypass the cache (``dont_cache``) unless this is True.
* ``SCRAPEGUARD_THREADS`` (10) — the guard's own worker threads, where its checks (face detection),
  decisions and audit writes run: not the reactor's thread pool (``REACTOR_THREADPOOL_MAXSIZE``), where
  Scrapy resolves host names, so a lookup never waits behind checks of large photos (a robots.txt
  it delayed past the guard's timeout was "unreachable", and its site refused).
* ``SCRAPEGUARD_GUARD`` — import path of ``factory(crawler) -> Guard``, to build the guard yourself.
  A guard you supply (this factory, or ``GuardMiddleware(crawler, guard=...)``) is yours: the
  middleware never closes it (one guard may serve several crawlers), so close it when all are
  done; a guard the middleware built from these settings is closed when its spider closes.

These and the add-on's ``SCRAPEGUARD_STORAGE_REFS`` are all it reads: any other ``SCRAPEGUARD_*``
setting is a WARNING at startup, naming the one it resembles (a misspelt setting changes nothing).

``data:`` URIs (inline images Scrapy decodes itself) are judged on their bytes and recorded as
``data:<type>;sha256=<digest>``; so are responses of any other scheme (``ftp://``, ``s3://``).

Per request: ``meta["scrapeguard_purpose"]`` overrides the purpose; a picture requested without
one (ImagesPipeline and FilesPipeline build their own requests) is judged for each purpose the pages
of the crawl that showed it were judged for (the default counting as one, named by its id or not), each judgement
recorded and the strictest enacted (of redactions, the copy taking out all the others do, else none: withheld);
for the default alone where no page showed it. What those pages said of a picture (its purposes, a `noimageai`,
a caption naming a person) rides on the picture's request from the moment it is scheduled, so a JOBDIR pause and
resume does not lose it. It is the picture's under the URL
``response.urljoin(src)`` gives as well, where Scrapy reads the page's ``<base>`` otherwise than a browser
(Scrapy reads its first 4096 characters; w3lib before 2.6 takes a ``<base>`` in a ``<template>``). After the check,
``response.meta["scrapeguard"]`` holds ``{"stage", "action", "mode", "decision_id", "reasons"}`` of the
last decision recorded for it, a recorded guard failure included; ``mode`` is ``"audit"`` where the action
was only recorded (a policy in audit mode: the response came whole, as the proxy's and the httpx
transport's ``X-Scrapeguard-Mode: audit`` say), else ``"enforce"``. When the response check
fails and the policy is fail-open, the response is handed over as it came, flagged
``"scrapeguard-unjudged"`` in ``response.flags``; so is a body in a content coding that cannot
be undone (``body.encoded``, as the guard names it for every caller). One that Scrapy's
HttpCompressionMiddleware fails to decode (corrupt gzip) reached no middleware and was recorded
nowhere: the add-on's ``scrapeguard.scrapy.HttpCompressionMiddleware`` (in its place; by hand:
it at 590 and Scrapy's set to None) has the guard judge and record it as it came
(`judge_undecodable`), then fails it where Scrapy's would: with Scrapy's own decoding error
where the guard lets it through, so no middleware between (retry, meta refresh) acts on it.
A body whose gzip, deflate, br or zstd coding breaks off (a truncated or damaged file), which Scrapy's
decoders hand over as if it were all, is judged and recorded as the other adapters record it: on the part
that decodes, noted ``body.broken_off``; the spider gets that part, flagged ``"scrapeguard-broken-off"``
(with the add-on's HttpCompressionMiddleware, or where the middleware undoes the coding itself). So is a
body whose connection closed early that ``DOWNLOAD_FAIL_ON_DATALOSS = False`` hands over (flagged
``"dataloss"`` by Scrapy), where the httpx transports fail such a response, and one the spider stopped
(``StopDownload(fail=False)`` in a headers_received or bytes_received handler, flagged ``"download_stopped"``);
with ``fail=True`` the part its errback gets (``failure.value.response``) is judged so first, and withheld as any.

A body the guard decodes itself (a coding ``HttpCompressionMiddleware`` left, e.g. ``br`` with
brotli < 1.2, or all with ``COMPRESSION_ENABLED = False``) is held to ``DOWNLOAD_MAXSIZE``
(``meta["download_maxsize"]``, else the spider's ``download_maxsize`` attribute) as that middleware
would: past it ``IgnoreRequest``, past ``DOWNLOAD_WARNSIZE`` (``meta["download_warnsize"]``, the
spider's ``download_warnsize``) a warning; the spider gets it decoded, in the ``Response`` class
Scrapy picks for the decoded bytes.

Stats: ``scrapeguard/allowed`` (``scrapeguard/logged``: those let through with the action "log"),
``scrapeguard/blocked``, ``scrapeguard/blocked/<reason>``, ``scrapeguard/redacted``, ``scrapeguard/errors``,
``scrapeguard/would_block/<reason>`` and ``scrapeguard/would_redact/<reason>`` (audit mode),
``scrapeguard/ignored/download_maxsize``, ``scrapeguard/host_files/<status>``,
``scrapeguard/host_files/error/<exception>``; the media pipelines add ``scrapeguard/storage_refs``,
``scrapeguard/media_redacted``, ``scrapeguard/media_not_judged`` (a picture its type hid from the guard, not
stored) and ``scrapeguard/empty_data_uris`` (an emptied ``data:,`` picture a redacted page kept: nothing to download).
Blocks are logged once per domain at INFO; the rest are counted, and each is a DEBUG line (as
`RobotsTxtMiddleware` logs every request it forbids), so a refused URL leaves a trace in a DEBUG log
or a ``scrapy shell`` ``fetch()``, which drops the IgnoreRequest silently. A robots.txt that could not be
downloaded at all (a host that is down or does not resolve, a timeout), answered 5xx or 429, or
whose content coding breaks off is a WARNING, once per origin: the requests it then refuses
(``robots.unreachable``) are what Scrapy alone logs as download errors. So is, once per origin,
a refusal a failure decided (a body that cannot be decoded, ``body.encoded``; ``error.*``).

Under a policy that enforces robots.txt everywhere (enforce mode, ``robots_txt = "obey"`` and
opt-outs blocked for every purpose and override), leave ``ROBOTSTXT_OBEY`` False (a WARNING at
startup says why otherwise): Scrapy's RobotsTxtMiddleware refuses what robots.txt forbids before
this middleware can record it. Under one that only records it (audit mode, ``robots_txt = "log"``
…) keep it True (an INFO line says so): the guard would let those pages through. Its own
robots.txt downloads pass here unjudged, as host files, not crawled resources.

Host files (robots.txt …) are downloaded through Scrapy's own engine, as
`RobotsTxtMiddleware` does, with one fetch in flight per origin and a bounded timeout
(the policy's ``runtime.timeout_seconds``): a host that hangs is "unreachable", and the
RFC 9309 rule for that applies. Within that timeout a failed try of robots.txt (an answer in
``RETRY_HTTP_CODES``, one of ``RETRY_EXCEPTIONS``) is retried as RetryMiddleware retries Scrapy's own
robots.txt request (``RETRY_ENABLED``, ``RETRY_TIMES``; counted under ``retry/``, the last give-up
logged at DEBUG: the origin's failure is warned of once). They go through the request's proxy (``meta["proxy"]``) with
the ``Proxy-Authorization`` it gives that proxy; a 407 from it is "unreachable" too. Their
redirects are followed here, up to the guard's own
limit and to whatever host they lead, whatever ``REDIRECT_ENABLED`` or a spider's
``handle_httpstatus_list`` say; they are read up to the guard's size limits, not cancelled
at ``DOWNLOAD_MAXSIZE``, whatever their Content-Length (over Scrapy's HTTP/2 handler, which sends no
``bytes_received`` to stop one at its limit, one past both it and the guard's cap on a body is: "unreachable").
Checks (face detection) and audit writes run in the guard's own worker threads (``SCRAPEGUARD_THREADS``).
"""

from __future__ import annotations

import asyncio
import difflib
import functools
import logging
import os
import re
from pathlib import Path
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Final, ParamSpec, TypeVar
from urllib.parse import urlsplit

import httpx
from scrapy import Request, signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.misc import load_object
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred, DeferredList
from twisted.python.failure import Failure

from scrapeguard.cache import BoundedCache
from scrapeguard.codings import codings, decode, decode_host_file, past_cap, without_encoding
from scrapeguard.detect._native import ENV_PURE_PYTHON
from scrapeguard.detect.faces import ENV_VAR as FACE_DETECTOR_ENV
from scrapeguard.detect.images import MAX_SIDE_ENV, blurs_for
from scrapeguard.detect.inline import data_uri_name
from scrapeguard.decision import Decision
from scrapeguard.guard import Guard
from scrapeguard.enact import (
    KEPT_IN_PART,
    ORIGIN_BYTES_HEADERS,
    PASSING_REASONS,
    audit_only,
    fields_kept,
    has_error,
    head_unpromised,
    misdirected,
    must_withhold,
    reason_codes,
    replaced_status,
)
from scrapeguard.fetch import HOST_FILE_REDIRECTS
from scrapeguard.hostfiles import (
    HostFilesDropped,
    _is_robots,
    check_when_cached,
    decide_when_cached,
    decide_when_filled,
    refused_unjudged,
)
from scrapeguard.jurisdiction import registrable_domain
from scrapeguard.logsafe import named_exception
from scrapeguard.policy.model import ACTION_ORDER, sink_path
from scrapeguard.resource import (
    SNIFF_HEAD,
    FetchResult,
    Headers,
    host_of,
    origin,
    redirect_target,
    resource_key,
    sniff_kind,
)
from scrapeguard.signals.base import fold_accents, unanswered
from scrapeguard.signals.robots import RETRY_SECONDS

log = logging.getLogger("scrapeguard")

META_PURPOSE = "scrapeguard_purpose"
_PAGE_PURPOSES = 16384  # pictures whose pages' purposes are remembered (least recently used forgotten)
# why an answer redacted for several purposes is withheld (`_strictest_for`)
_NO_COVERING_COPY = ("redacted for several purposes, and none of their redacted copies takes out all that the others "
                     "do: withheld rather than hand over one that keeps what another purpose redacts")
_LOGGED_ONCE = 65536  # domains (origins) remembered as logged once (least recently used forgotten)
META_RESULT = "scrapeguard"
META_HOST_FILE = "scrapeguard_host_file"
# (URL, the would-be refusals counted for it in stats: `would_<action>/<code>`), audit mode
_META_WOULD = "_scrapeguard_would"
# (URL, what its pages said of it, the purposes they were read for): put on a request as it is scheduled
_META_PAGE_WORD = "_scrapeguard_page_word"
# (the URL a request was sent for, its redirect_urls' count then, the URLs it was redirected from): `_stamp_hops`
_META_HOPS = "_scrapeguard_hops"
UNJUDGED = "scrapeguard-unjudged"  # response flag: the check failed and the policy is fail-open
# response flag: its content coding broke off, so the body is the part that decoded (`body.broken_off`),
# set by our HttpCompressionMiddleware where Scrapy's decoders hand that part over as if it were all
BROKEN_OFF = "scrapeguard-broken-off"
_CUT_SHORT = frozenset({BROKEN_OFF, "dataloss", "download_stopped"})  # a response's flags that say it is a part
# What a refusal before a request is sent passes with, tried again (`_retry_of_passing`): not an unreachable
# robots.txt, asked for again only after `RETRY_SECONDS` (a try now meets the same refusal)
_PASSING_BEFORE_SENT = PASSING_REASONS - {"robots.unreachable"}
_META_HOST_FILE_LIMIT = "scrapeguard_host_file_limit"  # raw bytes read before the download is stopped
_META_HOST_FILE_READ = "scrapeguard_host_file_read"
_META_HOST_FILE_BOUND = "scrapeguard_host_file_bound"  # download_maxsize once it streams (HttpCompressionMiddleware's)
_META_HOST_FILE_RAW = "scrapeguard_host_file_raw"  # the host file's response as downloaded, still coded
_STREAMING_HANDLERS: tuple[type, ...] = (HTTP11DownloadHandler,)  # they send bytes_received (`_sends_bytes_received`)
try:  # (Scrapy >= 2.14: the httpx handler's base)
    from scrapy.core.downloader.handlers._base_streaming import BaseStreamingDownloadHandler
    _STREAMING_HANDLERS += (BaseStreamingDownloadHandler,)
except ImportError:  # pragma: no cover - Scrapy 2.13
    pass
ORDER = 545
# each crawler's middleware: scrapeguard's media pipelines record where they stored what it let in
# through the same guard's audit log; its HttpCompressionMiddleware has it judge what it cannot decode.
# A weak reference: the middleware refers to its crawler, so a strong one kept every finished crawler
# (engine, stats, guard) alive as long as the process ran
_MIDDLEWARES: weakref.WeakKeyDictionary[Crawler, weakref.ReferenceType[GuardMiddleware]] = weakref.WeakKeyDictionary()


_BASE_TAG = re.compile(rb"<base", re.I)
# A reference Scrapy's `urljoin` reads otherwise than a browser whatever the base: a backslash, tab or newline
# in it (`\\pics\p.jpg` names the host pics to a browser), a scheme without `//` (`http:pics/p.jpg`), `///`
_ODD_REFERENCE = re.compile(r"[^\\\t\n\r]*[\\\t\n\r]|[ ]*(?:[A-Za-z][A-Za-z0-9+.-]*:(?!//)|///)")


def _may_declare_a_base(response: TextResponse) -> bool:
    """Whether a page's bytes may hold a `<base>`: they spell one, or its encoding does not write ASCII
    as itself (UTF-16), so they cannot tell. Without one, Scrapy and a browser both resolve against its URL."""
    return _BASE_TAG.search(response.body) is not None or not _ascii_as_itself(response.encoding)


@functools.lru_cache(maxsize=64)
def _ascii_as_itself(encoding: str) -> bool:
    try:
        return "<base".encode(encoding) == b"<base"
    except (LookupError, UnicodeError):
        return False


class Refused(IgnoreRequest):
    """The guard refused a request or its response: Scrapy's IgnoreRequest, handled as any, that
    says which decision refused it and why (`codes`, its reason codes), so that a media pipeline
    can tell the guard's refusal from a download that failed; `url`: the resource as that decision
    records it (a `data:` URI by its type and digest, not its megabytes of base64), for log lines."""

    def __init__(self, message: str, codes: list[str] | None = None, decision_id: str | None = None,
                 url: str | None = None) -> None:
        super().__init__(message)  # (args: the message alone, so a copy or an unpickled one is made as Scrapy's)
        self.codes, self.decision_id, self.url = list(codes or ()), decision_id, url


def guard_of(crawler: Crawler) -> Guard | None:
    """The guard `GuardMiddleware` enforces for this crawler, None when it is not enabled."""
    middleware = middleware_of(crawler)
    return middleware.guard if middleware is not None else None


def middleware_of(crawler: Crawler) -> GuardMiddleware | None:
    """This crawler's `GuardMiddleware`, None when it is not enabled."""
    ref = _MIDDLEWARES.get(crawler)
    return ref() if ref is not None else None


def _robots_txt_middlewares(request: Request) -> bool:
    """Whether `request` is one Scrapy's RobotsTxtMiddleware makes for a robots.txt (engine-only:
    no callback, and it exempts itself from robots.txt), or a redirect hop of one (RedirectMiddleware
    follows a moved robots.txt to any path): a host file, not a crawled resource."""
    first = (request.meta.get("redirect_urls") or [request.url])[0]
    return request.callback is NO_CALLBACK and bool(request.meta.get("dont_obey_robotstxt")) and _is_robots(first)


def _stamp_hops(request: Request) -> None:
    """Stamp `request`, at its request stage, with the URLs it was redirected from (`_hops`). A redirect hop is one
    whose `redirect_urls` are the stamped request's with that request's URL added, as RedirectMiddleware builds
    them. Why: a spider following a redirected response with `meta=response.meta` copies its `redirect_urls` on,
    and the next, unrelated request was taken for a hop of the old URL (judged with its page's word: a plain page
    recorded as a redacted personal image)."""
    redirect_urls = request.meta.get("redirect_urls") or []
    stamped = request.meta.get(_META_HOPS)
    if stamped is None:  # (a first request; or one a JOBDIR queued before stamps were made: its redirect_urls)
        hops = tuple(redirect_urls)
    else:
        url, count, hops = stamped
        if url == request.url and len(redirect_urls) == count:
            return  # the same request again (RetryMiddleware's next try): what it was
        hops = (*hops, url) if len(redirect_urls) == count + 1 and redirect_urls[-1] == url else ()
    request.meta[_META_HOPS] = (request.url, len(redirect_urls), hops)


def _strictness(decision: Decision) -> tuple[bool, int]:
    """How strict a decision is enacted: a withheld answer before one let through, then by its action."""
    return must_withhold(decision), ACTION_ORDER[decision.action]


def _covering_copy(redactions: list[Decision]) -> Decision | None:
    """Of one answer's redactions (one a purpose), the first whose copy takes out all that the others' do: the
    pictures they take out of a page, and a blur where one blurs rather than strips metadata (`blurs_for`: a
    blurred copy has none); None where none does. Why: the first purpose's copy was handed over, and a picture
    another purpose blurred reached the crawler with only its metadata stripped."""
    if len({decision.redacted_sha256 for decision in redactions}) == 1:
        return redactions[0]
    taken_out = [(decision.pictures_taken_out(), blurs_for([f.code for f in decision.findings if f.action == "redact"]))
                 for decision in redactions]
    for candidate, (pictures, blurs) in zip(redactions, taken_out):
        if all(pictures >= theirs and (blurs or not blurred) for theirs, blurred in taken_out):
            return candidate
    return None


def _hops(request: Request) -> tuple[str, ...]:
    """The URLs `request` was redirected from, first first, as stamped at its request stage (`_stamp_hops`); none
    for a request that is no redirect hop, whatever `redirect_urls` a spider's copied meta holds."""
    stamped = request.meta.get(_META_HOPS)
    if stamped is None:  # (never at its request stage: its redirect_urls, as Scrapy gives them)
        return tuple(request.meta.get("redirect_urls") or ())
    return tuple(stamped[2]) if stamped[0] == request.url else ()


def _would_counted(request: Request) -> tuple[str, ...]:
    """The request's would-be refusals (audit mode) counted already, as their stats (`would_block/<code>`): at
    its other stage, in an earlier try (RetryMiddleware) or hop (RedirectMiddleware) of it. Kept with the URL
    counted, not as a flag: a spider's next request made with `meta=response.meta` carried the flag over, and
    its own would-be refusal went uncounted in scrapeguard/would_block/<reason>, the stats a roll-out is judged
    by. Which ones, not only that some were: a picture's request-stage would-be redaction left its answer's
    would-be block (`noimageai`) uncounted, a block enforcing makes. The mark's old form, the URL alone (a
    request a JOBDIR kept from before), meant that this request's would-be refusals were all counted: so it does
    still (as a would-be block, after which none is counted), else a resumed crawl counted them again."""
    kept = request.meta.get(_META_WOULD)
    if isinstance(kept, str):
        kept = (kept, ("would_block/",))
    if not isinstance(kept, tuple) or len(kept) != 2:
        return ()
    url, counted = kept
    return tuple(counted) if url == request.url or url in _hops(request) else ()


class _QuietGiveUp(logging.LoggerAdapter):  # type: ignore[type-arg]
    """RetryMiddleware's logger for robots.txt's tries: its "Gave up retrying" at DEBUG, as the origin's
    failure is already said once (`_warn_unreachable`). Why: an ERROR for every down site, again at each
    retry period, failed jobs watched on log_count/ERROR, for refusals made before any download. At
    whatever level Scrapy gives it: `logger.error` before Scrapy 2.17, `logger.log(RETRY_GIVE_UP_LOG_LEVEL)`
    since (overriding `error` alone let the ERROR through again)."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        super().log(logging.DEBUG if level >= logging.WARNING else level, msg, *args, **kwargs)


_GIVE_UP_QUIETLY = _QuietGiveUp(logging.getLogger("scrapeguard.scrapy.hostfiles"), {})


class ProxyAuthenticationRequired(Exception):
    """A host file's proxy answered 407: the file could not be had through it ("unreachable")."""


# `_proxy_of`'s word for a request whose meta["proxy"] is None: no proxy, not even the environment's
NO_PROXY = ""


def _proxy_of(request: Request) -> tuple[str | None, bytes | None]:
    """The proxy the request goes through (`meta["proxy"]`; None: the environment's, as HttpProxyMiddleware
    picks it; `NO_PROXY`: none) and the Proxy-Authorization it gives it: a spider may authenticate with that
    header beside a proxy URL without credentials, its own or the environment's (HttpProxyMiddleware keeps it
    for either, and drops it where there is no proxy), and its host files, sent through the same proxy without
    it, got the proxy's 407. Why `NO_PROXY`: Scrapy reads meta["proxy"] = None as "not even the environment's"
    (http_proxy), and host files asked for without the key went through it."""
    if "proxy" in request.meta and request.meta["proxy"] is None:
        return NO_PROXY, None
    return request.meta.get("proxy"), request.headers.get(b"Proxy-Authorization")


def _first_time(logged: BoundedCache[str, bool], key: str) -> bool:
    """Whether `key` is not in `logged` yet (then it is, from now on): what is logged once per domain."""
    if key in logged:
        return False
    logged.set(key, True)
    return True


def _failure_codes(decision: Decision) -> list[str]:
    """The deciding codes of a refusal that a failure made (`body.encoded`, `error.*`), not the policy."""
    return list(dict.fromkeys(f.code for f in decision.findings if f.kind == "error" and f.action == decision.action))


# the Scrapy settings scrapeguard reads (the add-on's SCRAPEGUARD_STORAGE_REFS too)
SETTINGS = ("SCRAPEGUARD_ENABLED", "SCRAPEGUARD_POLICY", "SCRAPEGUARD_PURPOSE", "SCRAPEGUARD_AUDIT",
            "SCRAPEGUARD_USER_AGENT", "SCRAPEGUARD_ALLOW_HTTPCACHE", "SCRAPEGUARD_THREADS", "SCRAPEGUARD_GUARD",
            "SCRAPEGUARD_STORAGE_REFS")
# scrapeguard's environment variables, which a project may put in settings.py by mistake
_ENVIRONMENT = (FACE_DETECTOR_ENV, MAX_SIDE_ENV, ENV_PURE_PYTHON, "SCRAPEGUARD_FACE_THREADS")


# The boolean SCRAPEGUARD_* settings, and their defaults: checked when the crawl starts (`bool_setting`)
BOOLEAN_SETTINGS: Final = {"SCRAPEGUARD_ENABLED": True, "SCRAPEGUARD_ALLOW_HTTPCACHE": False,
                           "SCRAPEGUARD_STORAGE_REFS": True}


def bool_setting(settings: BaseSettings, name: str) -> bool:
    """A boolean SCRAPEGUARD_* setting, read as Scrapy's `getbool` reads one; a value it cannot read is a
    ValueError naming the setting. Why: Scrapy's own names none, and `SCRAPEGUARD_STORAGE_REFS = "off"`,
    read only once a file was stored, left every stored file unrecorded, an ERROR each (Scrapy review)."""
    try:
        return settings.getbool(name, BOOLEAN_SETTINGS[name])
    except ValueError:
        raise ValueError(f"{name} = {settings.get(name)!r} is not a boolean: use True or False (or 1, 0, "
                         "\"true\", \"false\")") from None


def _warn_unknown_settings(settings: BaseSettings) -> None:
    """A WARNING for each SCRAPEGUARD_* setting scrapeguard does not read. One misspelt (SCRAPEGUARD_AUDIT_LOG,
    SCRAPEGUARD_POLICY_FILE) was ignored without a word: the crawl ran under the default policy and wrote its
    decisions to the policy's default log, not to the file the project named; and scrapeguard's environment
    variables (SCRAPEGUARD_FACE_DETECTOR …) do nothing in settings.py."""
    prefix = "SCRAPEGUARD_"
    for name in sorted(n for n in settings if isinstance(n, str) and n.upper().startswith(prefix)):
        if name in SETTINGS:
            continue
        if name.upper() in _ENVIRONMENT:
            log.warning("scrapeguard: %s is an environment variable, not a Scrapy setting, so the setting changes "
                        "nothing: set it in the environment the crawl runs in", name)
            continue
        close = difflib.get_close_matches(name.upper()[len(prefix):], [s[len(prefix):] for s in SETTINGS], n=1)
        log.warning("scrapeguard: setting %s is not one scrapeguard reads, so it changes nothing%s; its settings "
                    "are %s", name, f" (did you mean {prefix}{close[0]}?)" if close else "", ", ".join(SETTINGS))


_P = ParamSpec("_P")
_T = TypeVar("_T")
THREADS = 10  # SCRAPEGUARD_THREADS' default: as many as the reactor's thread pool has (REACTOR_THREADPOOL_MAXSIZE)


class GuardThreads:
    """The guard's own worker threads: its checks (face detection on a large photo takes a second), decisions and
    audit writes run here, off the reactor thread. Not in the reactor's thread pool: Scrapy resolves host names
    there, and a lookup queued behind a crawl's worth of picture checks took longer than the guard waits for a
    robots.txt (`runtime.timeout_seconds`): the file of a site that answers at once was "unreachable" and the
    site refused. Nor Twisted's: a crawl without a Twisted reactor (TWISTED_REACTOR_ENABLED = False) may not
    import it. Started at the first call; stopped (the work under way done first) when the spider closes."""

    def __init__(self, size: int, on_error: Callable[[], None] = lambda: None) -> None:
        self.size = size
        self._on_error = on_error  # (the middleware counts it in scrapeguard/errors)
        self._executor: ThreadPoolExecutor | None = None
        self._stopped = False

    async def call(self, f: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """`f(*args, **kwargs)`, run in one of these threads; not abandoned when the caller is cancelled (as
        `loops.off_loop`): without a Twisted reactor Scrapy cancels the tasks left when its loop closes, and a
        queued audit write of a stored file was dropped with them."""
        job = functools.partial(f, *args, **kwargs)
        if self._stopped:  # a late write is run, not lost (the guard stays usable), in a thread that ends with it:
            late = ThreadPoolExecutor(1, thread_name_prefix="scrapeguard-late")  # a new pool was never shut down
            done = late.submit(job)
            late.shutdown(wait=False)  # (the job submitted runs; then the thread ends)
        else:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.size, thread_name_prefix="scrapeguard")
            done = self._executor.submit(job)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a Twisted reactor other than asyncio's: the result comes back through it
            return await _through_reactor(done, self._abandoned)
        waiting = asyncio.wrap_future(done)
        try:
            return await asyncio.shield(waiting)  # (cancelling the wrapper cancels `done`)
        except asyncio.CancelledError:
            waiting.add_done_callback(self._abandoned)
            raise

    def _abandoned(self, job: asyncio.Future[Any] | Future[Any]) -> None:
        """Report the failure of a job its caller stopped waiting for: else a failed audit write showed only as
        asyncio's "Future exception was never retrieved" (or nothing, through a Twisted reactor)."""
        error = None if job.cancelled() else job.exception()
        if error is not None:
            log.error("scrapeguard: a guard job failed after the crawl stopped waiting for it (a decision or "
                      "audit record may be lost): %s", error, exc_info=error)
            self._on_error()

    def stop(self) -> None:
        """Let the work under way finish, then end the threads."""
        executor, self._executor, self._stopped = self._executor, None, True
        if executor is not None:
            executor.shutdown(wait=True)


def _through_reactor(done: Future[_T], abandoned: Callable[[Future[_T]], None]) -> Deferred[_T]:
    """A Deferred that fires in the reactor's thread with what `done` (run in another thread) comes to;
    `abandoned(done)` there instead once the Deferred was cancelled (its outcome is then dropped)."""
    from twisted.internet import reactor  # (here: imported at import time, it installs Twisted's default reactor)

    result: Deferred[_T] = Deferred()

    def settle(_: Future[_T]) -> None:
        if result.called:  # cancelled: nobody waits for it
            abandoned(done)
            return
        error = done.exception()
        if error is not None:
            result.errback(Failure(error))
        else:
            result.callback(done.result())

    done.add_done_callback(lambda _: reactor.callFromThread(settle, done))  # type: ignore[attr-defined]
    return result


def _threads_setting(settings: BaseSettings) -> int:
    """SCRAPEGUARD_THREADS: a whole number of threads, at least one (`-s SCRAPEGUARD_THREADS=4` gives it as
    text); anything else is a ValueError at startup."""
    value = settings.get("SCRAPEGUARD_THREADS", THREADS)
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"SCRAPEGUARD_THREADS must be a whole number of threads, at least 1; got {value!r}")
    return value


def _robots_agent(settings: BaseSettings) -> str | None:
    """The user agent robots.txt is read for when the settings name one: SCRAPEGUARD_USER_AGENT,
    else ROBOTSTXT_USER_AGENT (which RobotsTxtMiddleware prefers to the request's User-Agent)."""
    return _agent_text(settings.get("SCRAPEGUARD_USER_AGENT") or settings.get("ROBOTSTXT_USER_AGENT"))


def _agent_text(value: object) -> str | None:
    """A user-agent setting as text: Scrapy sends and reads bytes as UTF-8 (its RobotsTxtMiddleware takes
    ROBOTSTXT_USER_AGENT = b"mybot"), where the middleware failed to start on a TypeError, and USER_AGENT
    as bytes named the guard's own agent "b'mybot/1.0'"."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value) if value else None


def _addon_enabled(crawler: Crawler) -> bool:
    """Whether the crawl enabled scrapeguard's add-on (`crawler.addons`: the add-ons Scrapy loaded)."""
    from scrapeguard.scrapy._addon import Addon

    return any(isinstance(addon, Addon) for addon in getattr(getattr(crawler, "addons", None), "addons", ()))


def build_guard(crawler: Crawler) -> Guard:
    """The guard described by the crawl's settings."""
    settings = crawler.settings
    factory = settings.get("SCRAPEGUARD_GUARD")
    if factory:
        guard = load_object(factory)(crawler)
        if not isinstance(guard, Guard):
            raise TypeError(f"SCRAPEGUARD_GUARD {factory!r} returned {type(guard).__name__}, not a Guard")
        _warn_other_log(factory, settings.get("SCRAPEGUARD_AUDIT"), guard)
        return guard
    audit = _audit_setting(settings.get("SCRAPEGUARD_AUDIT"))
    user_agent = _ascii_agent(_robots_agent(settings) or _agent_text(settings.get("USER_AGENT")) or "") or "Scrapy"
    return Guard(settings.get("SCRAPEGUARD_POLICY"), user_agent=user_agent,
                 purpose=settings.get("SCRAPEGUARD_PURPOSE"), audit=audit, integration="scrapy")


def _warn_other_log(factory: str, setting: object, guard: Guard) -> None:
    """A guard of one's own (SCRAPEGUARD_GUARD) writing elsewhere than the log SCRAPEGUARD_AUDIT names is a
    WARNING: the factory may read the setting or not, and an erasure run on the named log would miss the
    decisions and the suppressions of the one the crawl writes."""
    named = setting if isinstance(setting, str | os.PathLike) else None
    if named is None or _audit_setting(named) in (None, False):
        return
    written = getattr(guard.audit, "path", None)
    try:  # (as the guard names its file: a `file://` URL's path; `~` is no home there)
        if written is not None and os.path.realpath(sink_path(os.fspath(named))) == os.path.realpath(written):
            return
    except (ValueError, TypeError, OSError, RuntimeError):  # (a NUL, bytes, a symlink loop: none to compare, so said)
        pass
    where = ("no audit log" if guard.audit is None else
             str(written) if written is not None else f"a {type(guard.audit).__name__}")
    log.warning("scrapeguard: SCRAPEGUARD_AUDIT names %s, but the guard SCRAPEGUARD_GUARD %s built writes %s: run "
                "the audit commands (erase, subject) on the log it writes", named, factory, where)


def _audit_setting(value: object) -> bool | str | Path | None:
    """SCRAPEGUARD_AUDIT as `Guard(audit=...)` takes it: False (no log), None (the policy's [audit]
    sink) or a path. A word from `-s SCRAPEGUARD_AUDIT=…` is not a file named
    "true"; 0 and 1 are False and True, as Scrapy's getbool reads them. Anything else is a ValueError
    at startup: taken for a sink, `SCRAPEGUARD_AUDIT = 0` failed every decision's write, and the
    whole crawl was refused as the guard failing (or, fail-open, let through unrecorded)."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("false", "0", "no", "off"):
            return False
        if word in ("", "true", "1", "yes", "on", "none", "null", "default"):
            return None  # the policy's [audit] sink
        return value
    if value is None:
        return value
    if isinstance(value, os.PathLike):
        return Path(value)
    if isinstance(value, bool | int) and value in (0, 1):
        return None if value else False
    raise ValueError(f"SCRAPEGUARD_AUDIT must be the audit log's path, True (the policy's [audit] sink) or False "
                     f"(none); got {type(value).__name__} {value!r} (a sink of your own: SCRAPEGUARD_GUARD)")


def _ascii_agent(value: str) -> str:
    """A user agent as the guard's robots token reads it: without surrounding space, its accents
    folded ("Bötchen/1.0" -> "Botchen/1.0"). Scrapy sends it as UTF-8 bytes and fetches the host
    files itself, so the guard, which asks for a value a request can carry, refused to start."""
    folded = fold_accents(str(value)).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split())


def _pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    return [(name, value) for name, values in headers.items() for value in values]


def _str_headers(response: Response) -> list[tuple[str, str]]:
    """The response's headers as text (Latin-1, as the guard's `Headers` reads bytes)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in _pairs(response.headers)]


def _judged_headers(response: Response) -> list[tuple[str, str]]:
    """The headers as they describe the body the guard is given, a decoded one (decoded by
    HttpCompressionMiddleware, which drops the header, or by `_decoded`, which does not): without
    `Content-Encoding`, and without a `Content-Length` that is not its length (HttpCompressionMiddleware keeps
    the compressed one, by which a PDF's later identity parts were refused: review). Kept, the guard took a br
    page decoded here for one still coded and guessed: a UTF-16 page was refused as `body.encoded`."""
    length = str(len(response.body))  # (as Scrapy delivered it: a body the guard cuts at its cap keeps its length)
    kept = [(k, v) for k, v in without_encoding(_str_headers(response))
            if k.lower() != "content-length" or v.strip() == length]
    if _a_page_to_scrapy_only(response, kept):
        # a type Scrapy has no class for (video/mp4, application/pdf, a vendor's type), whose body it made a text
        # or a page of (by its markup, by the URL's .html): the spider's selectors read its pictures and its
        # <meta name=robots>, so the guard reads it as the page it is (review, session 66: a noai page served as
        # video/mp4 passed unread, its pictures stored)
        kept = [(k, v) for k, v in kept if k.lower() != "content-type"] + [("Content-Type", "text/html")]
    return kept


def _a_page_to_scrapy_only(response: Response, headers: list[tuple[str, str]]) -> bool:
    """Whether Scrapy made a TextResponse (an HtmlResponse among them; not an XmlResponse) of a body its type has
    the guard read as no page, whose bytes begin as a page's, or hold one from a line's start further in
    (`sniff_kind` with no type). Not by markup anywhere in its first bytes, as Scrapy tells an HtmlResponse: a JSON
    API quoting a page in a string was redacted into an HTML document (second review)."""
    if not isinstance(response, TextResponse) or isinstance(response, XmlResponse):
        return False
    ctype = next((v for k, v in reversed(headers) if k.lower() == "content-type"), None)
    head = response.body[:SNIFF_HEAD]
    return sniff_kind(ctype, head) != "html" and sniff_kind(None, head) == "html"


def _user_agent(request: Request) -> str | None:
    """The User-Agent the request goes out with (UserAgentMiddleware runs before us), as text: Scrapy
    sends a str as UTF-8, and read as Latin-1 "Bötchen/1.0" became "BÃ¶tchen/1.0", for which robots.txt
    was read as "b" and the site's `User-agent: Botchen` group let through what it disallows. Handed to
    the guard unfolded: its robots token folds accents as it folds the site's group lines
    (`agent_token`), so "Straßenbot" meets `User-agent: Straßenbot` as it does through httpx."""
    value = request.headers.get(b"User-Agent")
    if not value:
        return None
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("latin-1")
    return " ".join(text.split()) or None


def _sends_bytes_received(settings: BaseSettings, scheme: str) -> bool:
    """Whether the download handler Scrapy uses for `scheme` sends bytes_received as it reads: its HTTP/1.1
    one and its streaming base (the httpx one), and handlers built on them (scrapy-playwright's,
    scrapy-impersonate's for requests they pass on). Scrapy's HTTP/2 handler sends none; one not known to
    send them is taken as not sending them."""
    handler = settings.getwithbase("DOWNLOAD_HANDLERS").get(scheme)
    try:
        cls = load_object(handler) if isinstance(handler, str) else handler
    except Exception:  # noqa: BLE001 - Scrapy fails its downloads itself; bounded here meanwhile
        return False
    return isinstance(cls, type) and issubclass(cls, _STREAMING_HANDLERS)


def _size_limit(request: Request, spider: Any, settings: Any, key: str) -> int:
    """A download size limit as HttpCompressionMiddleware reads it: the request's meta, the spider's own
    attribute, then the setting (`download_maxsize` -> DOWNLOAD_MAXSIZE)."""
    return int(request.meta.get(key, getattr(spider, key, settings.getint(key.upper()))))


def _content_encoding(response: Response) -> str | None:
    """Every Content-Encoding value, in order: HttpCompressionMiddleware sets a list of codings
    it could not undo (`gzip, br`) as separate values, and `get` returns only the last."""
    values = response.headers.getlist(b"Content-Encoding")
    return ", ".join(v.decode("latin-1") for v in values) or None


def _with_body(response: Response, body: bytes, headers: Any, flags: list[str], decoded_here: bool,
               replaced: bool) -> Response:
    """`response` carrying `body`. A body decoded here gets the class Scrapy picks for the
    decoded bytes, as HttpCompressionMiddleware does: the class picked from compressed bytes
    (an untyped or octet-stream br page: a plain `Response`) would give the spider no `.css()`.
    `replaced`: `body` is put in place of the origin's (a redaction, the part of a broken-off
    coding that decoded), so a 206 becomes a 200 and the origin's range, validators and digests
    go (`ORIGIN_BYTES_HEADERS`): a resuming download or a cache would take it for the origin's bytes."""
    status = response.status
    if replaced:
        status = replaced_status(status)
        for name in ORIGIN_BYTES_HEADERS:
            headers.pop(name, None)
    if not decoded_here:
        return response.replace(body=body, headers=headers, flags=flags, status=status)
    cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
    kept = {name: getattr(response, name) for name in cls.attributes if hasattr(response, name)}
    kept.update(body=body, headers=headers, flags=flags, status=status)
    if issubclass(cls, TextResponse):
        kept["encoding"] = None  # read from the decoded bytes, not kept from the coded ones
    return cls(**kept)


class GuardMiddleware:
    """Checks every request before download and every response after it (see module doc)."""

    def __init__(self, crawler: Crawler, guard: Guard | None = None) -> None:
        try:
            booleans = {name: bool_setting(crawler.settings, name) for name in BOOLEAN_SETTINGS}
        except ValueError as exc:
            log.error("scrapeguard: cannot start, so the crawl stops: %s", exc)
            raise
        if not booleans["SCRAPEGUARD_ENABLED"]:
            # said at INFO: Scrapy writes a NotConfigured with a message as a WARNING, on every crawl that turns the
            # guard off as the docs say to (review, session 66)
            log.info("scrapeguard: off (SCRAPEGUARD_ENABLED = False): nothing is judged or recorded")
            raise NotConfigured()
        self.crawler = crawler
        _warn_unknown_settings(crawler.settings)
        # only a guard built here is closed here: a supplied one may serve other crawlers still running
        self._owns_guard = guard is None and not crawler.settings.get("SCRAPEGUARD_GUARD")
        try:
            threads = _threads_setting(crawler.settings)
            self.guard = guard if guard is not None else build_guard(crawler)
        except Exception as exc:
            # said in one line before Scrapy's traceback (an asyncio "Task exception was never retrieved"
            # of ~45 lines, the reason last); the crawl still stops: a guard that cannot start guards nothing
            log.error("scrapeguard: cannot start, so the crawl stops: %s", exc)
            raise
        self.threads = GuardThreads(threads, on_error=lambda: self._inc("errors"))
        _MIDDLEWARES[crawler] = weakref.ref(self)
        self.max_body_bytes = self.guard.runtime.max_body_bytes
        # the token robots.txt is read for: the settings' (SCRAPEGUARD_USER_AGENT, ROBOTSTXT_USER_AGENT),
        # else the User-Agent each request goes out with, as RobotsTxtMiddleware chooses it
        self._settings_agent = " ".join((_robots_agent(crawler.settings) or "").split()) or None  # (as `_user_agent`)
        # HttpCacheMiddleware (900) stores a response before the guard (545) judges it: refused
        # and personal content would lie on disk in .scrapy/httpcache. Guarded requests bypass
        # the cache unless the operator says the cache is theirs to answer for.
        self._bypass_cache = crawler.settings.getbool("HTTPCACHE_ENABLED") and \
            not booleans["SCRAPEGUARD_ALLOW_HTTPCACHE"]
        if self._bypass_cache:
            log.warning("scrapeguard: HTTPCACHE_ENABLED would store responses before the guard judges them; "
                        "guarded requests bypass the cache (set SCRAPEGUARD_ALLOW_HTTPCACHE=True to keep it)")
        self._waiters: dict[str, list[Deferred[None]]] = {}
        self._storing = threading.Lock()  # (`_store_host_files`)
        # the purposes this crawl's pages were judged for, per picture they showed (None: the default);
        # a media pipeline's request carries none of its page request's meta
        self._page_purposes: BoundedCache[str, frozenset[str | None]] = BoundedCache(_PAGE_PURPOSES)
        # what was logged once (bounded, as every cache of the guard: a broad crawl meets millions of
        # domains; one forgotten is logged again)
        self._logged_domains: BoundedCache[str, bool] = BoundedCache(_LOGGED_ONCE)
        self._unreachable_origins: BoundedCache[str, bool] = BoundedCache(_LOGGED_ONCE)  # robots.txt failing
        self._failed_origins: BoundedCache[str, bool] = BoundedCache(_LOGGED_ONCE)  # a refusal a failure made
        self._robotstxt_obey_advice(crawler.settings.getbool("ROBOTSTXT_OBEY"))
        if not _addon_enabled(crawler):  # (enabled by hand: what the add-on would put in place is said)
            from scrapeguard.scrapy._addon import warn_without_addon

            warn_without_addon(crawler.settings)
        # what a host file's failed try is retried for, as RetryMiddleware reads them (`_host_file_retry`)
        self._retry_codes = {int(code) for code in crawler.settings.getlist("RETRY_HTTP_CODES")}
        self._retry_exceptions = tuple(load_object(e) if isinstance(e, str) else e
                                       for e in crawler.settings.getlist("RETRY_EXCEPTIONS"))
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self._carry_page_word, signal=signals.request_scheduled)
        # the schemes whose download handler sends no bytes_received (`_sends_bytes_received`)
        self._bounded_up_front = frozenset(scheme for scheme in ("http", "https")
                                           if not _sends_bytes_received(crawler.settings, scheme))
        crawler.signals.connect(self._host_file_bytes, signal=signals.bytes_received)
        crawler.signals.connect(self._host_file_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GuardMiddleware:
        return cls(crawler)

    def _robotstxt_obey_advice(self, obey: bool) -> None:
        """With ROBOTSTXT_OBEY = True, Scrapy refuses what robots.txt forbids before the guard can
        record it. Turning it off is right only where the guard refuses those pages itself: under a
        policy that only records them (audit mode, the README's roll-out; robots_txt = 'log' for a
        domain) that would download them and hand them to the spider."""
        lenient = self.guard.policy.not_enforcing("robots_txt")
        if not obey:
            if lenient:
                log.warning("scrapeguard: ROBOTSTXT_OBEY is False and policy %s does not refuse every page robots.txt "
                            "forbids (%s): such pages are downloaded and handed to the spider, only recorded. Set "
                            "ROBOTSTXT_OBEY = True to have Scrapy obey robots.txt (its refusals are not recorded)",
                            self.guard.policy.id, "; ".join(lenient))
            return
        if not lenient:
            log.warning("scrapeguard: ROBOTSTXT_OBEY is True: Scrapy's RobotsTxtMiddleware refuses the pages "
                        "robots.txt forbids before the guard sees them, so the audit log and scrapeguard/blocked "
                        "do not record those refusals. Set ROBOTSTXT_OBEY = False: policy %s enforces robots.txt "
                        "for every purpose and domain, so the guard refuses those pages itself and records each "
                        "refusal", self.guard.policy.id)
            return
        log.info("scrapeguard: ROBOTSTXT_OBEY is True: keep it so. Policy %s does not refuse every page robots.txt "
                 "forbids (%s): the guard would only record them, so Scrapy's RobotsTxtMiddleware is what obeys "
                 "robots.txt here (those pages are refused before the guard sees them, so the audit log does not "
                 "record them)", self.guard.policy.id, "; ".join(lenient))

    # ---------------------------------------------------------------- hooks
    async def process_request(self, request: Request, spider: Any = None) -> Request | None:
        if request.meta.get(META_HOST_FILE) or _robots_txt_middlewares(request):
            return None
        _stamp_hops(request)
        if self._bypass_cache:  # every scheme whose body is judged (a data: or ftp:// portrait was cached as it came)
            request.meta["dont_cache"] = True
        if urlsplit(request.url).scheme not in ("http", "https"):
            return None  # (a data: URI has no host to ask: its body is judged in process_response)
        self._recall_page_word(request)
        redirected_from = _hops(request)
        if redirected_from:  # RedirectMiddleware's hop: the image keeps its page's context
            self.guard.carry_context(redirected_from[0], request.url)
        self._carry_page_word(request)  # (on to its answer, judged when the guard's memory may have let it go)
        try:
            # a site pinned to an address (`Request("http://192.0.2.1/p", headers={"Host": "a.example"})`): a
            # virtual-host server answers as a.example, whose opt-outs were not read; on_error decides, as in the
            # httpx transport and the proxy's tunnels: refused, that is its one decision, its site not asked
            # (every Host it carries: `headers.get` reads the last, a server may read the first; two name another)
            hosts = request.headers.getlist(b"Host")
            wrong = misdirected(request.url, b", ".join(hosts) if hosts else None)
            decision = await self._strictest_for(
                request, functools.partial(self._request_decision, request, wrong=wrong))
        except Exception as exc:  # noqa: BLE001 - the adapter failing must not stall the crawl
            await self._adapter_error(request, exc, "request")
            return None
        self._note(request, decision)
        if not decision.allowed:
            try:
                self._block(request, decision)
            except Refused as refused:
                # (an audit write that failed, host files dropped or cut short: passes with time, as at the response
                # stage; raised, the request was lost for good, where the proxy's 503 is retried; review, session 71)
                retry = self._retry_of_passing(request, refused, _PASSING_BEFORE_SENT)
                if retry is None:
                    raise
                return retry
        return None

    async def process_response(self, request: Request, response: Response,
                               spider: Any = None) -> Response | Request:
        try:
            return await self._judged(request, response)
        except Refused as refused:
            retry = self._retry_of_passing(request, refused)
            if retry is None:
                raise
            return retry

    def _retry_of_passing(self, request: Request, refused: Refused,
                          passing: frozenset[str] = PASSING_REASONS) -> Request | None:
        """The next try of a request or response refused only for what passes with time (`passing`: the guard too
        busy to read the page, `page.busy`; an audit write that failed), as Scrapy's RetryMiddleware retries a
        503 (RETRY_ENABLED, RETRY_TIMES, counted and logged under retry/); None: the refusal stands. Why: the
        proxy and the httpx transport answer such a refusal 503 with Retry-After, which crawlers retry, while
        Scrapy's spider lost the page for good though neither the site nor the policy said anything against it."""
        spider = self.crawler.spider
        if (not refused.codes or not passing.issuperset(refused.codes) or spider is None
                or not self.crawler.settings.getbool("RETRY_ENABLED") or request.meta.get("dont_retry")):
            return None  # (`dont_retry`, as RetryMiddleware reads it; review)
        return get_retry_request(request, spider=spider, reason=f"scrapeguard/{refused.codes[0]}",
                                 priority_adjust=request.meta.get("priority_adjust"))

    async def _request_decision(self, request: Request, purpose: str | None, *, wrong: Exception | None) -> Decision:
        """The request-stage decision for one purpose; `wrong`: the Host it names is not its URL's (`misdirected`)."""
        if wrong is not None and refused_unjudged(self.guard):
            return await self.threads.call(self.guard.record_failure, request.url, "request", wrong, purpose=purpose)
        decision = await self._decided(request, purpose)
        if decision.allowed and wrong is not None:
            return await self.threads.call(self.guard.record_failure, request.url, "request", wrong, purpose=purpose)
        return decision

    async def _decided(self, request: Request, purpose: str | None) -> Decision:
        """The request-stage decision, made with its origin's host files in the guard's cache. Between
        their fetch and the decision (queued for a worker thread) they may leave it: pushed out by other
        origins' (more origins in flight than `host_cache_size` holds) or past their freshness (an
        unreachable robots.txt's 60 s). Decided then, robots.txt was "not consulted" and the page it
        forbids allowed; so they are fetched again, up to `HOST_FILE_FILLS` times, then the guard fails
        the request (`HostFilesDropped`, as in the httpx transports: on_error decides)."""
        url, agent = request.url, self._agent(request)
        fill = functools.partial(self._host_files, url, *_proxy_of(request))
        try:  # (decided off the reactor thread: the durable audit write must not stall the crawl)
            return await decide_when_filled(self.guard, url, fill, functools.partial(
                self.threads.call, decide_when_cached, self.guard, url, purpose, agent))
        except HostFilesDropped as exc:
            return await self.threads.call(self.guard.record_failure, url, "request", exc, purpose=purpose)

    async def judge_undecodable(self, request: Request, response: Response, error: Exception) -> None:
        """Judge and record a response HttpCompressionMiddleware could not decode (`error`), as it
        came, then fail it: `Refused` where the guard withholds it, else `error` itself, so the
        errback gets what Scrapy alone gives it. Called from that middleware, which raises where
        Scrapy's raises: a retry or meta refresh of the failed response would carry on a request
        for a response the spider never gets (stock Scrapy retries and refreshes neither)."""
        await self._judged(request, response, undecoded=error)
        raise error  # (a response `_judged` does not judge, a host file's or a HEAD's, fails all the same)

    async def _judged(self, request: Request, response: Response, undecoded: Exception | None = None) -> Response:
        """The response as the spider gets it, once the guard has judged it; `undecoded`: Scrapy's
        decoding error, raised once the decision is recorded unless the guard withholds it."""
        scheme = urlsplit(response.url).scheme
        if request.meta.get(META_HOST_FILE) or _robots_txt_middlewares(request):
            return response
        # every scheme's bytes are judged (ftp://, s3://, data: …): no host file governs them, but a
        # portrait fetched over FTP is a portrait; only http(s) has a request stage (robots.txt …)
        if request.method == "HEAD":  # no body, nothing collected: the request-stage decision stands
            said = request.meta.get(META_RESULT) or {}
            self._let_through(said.get("action"))  # (counted, as the proxy counts it)
            unpromised = head_unpromised(said.get("action"), said.get("mode") == "enforce")
            if unpromised:  # (a GET's body would be redacted: its length and validators are not this one's)
                headers = response.headers.copy()
                for name in unpromised:
                    headers.pop(name, None)
                return response.replace(headers=headers)
            return response
        # a data: URI (an inline portrait Scrapy "downloads" itself) is judged on its bytes like any
        # image, recorded under a short name instead of its megabytes of base64
        url = data_uri_name(response.url, response.body) if scheme == "data" else response.url
        try:
            self._recall_page_word(request)  # (pushed out of the guard's memory since its request stage, maybe)
            if scheme in ("http", "https"):
                await self._landed_on(request, response.url)
            try:
                body, truncated, undone = self._decoded(request, response)
                judged_headers, coded = _judged_headers(response), False
            except (ValueError, httpx.DecodingError):
                # a coding that cannot be undone, or a corrupt body: handed to the guard as it came, with
                # its Content-Encoding, so it is `body.encoded` (on_error decides), as for the library's
                # direct callers and the other adapters, not an adapter error named after the exception
                body, truncated, undone, coded = response.body, False, False, True
                judged_headers = _str_headers(response)
            over = past_cap(body, truncated, self.max_body_bytes)
            # its coding broke off (decoded here or by our HttpCompressionMiddleware), its transfer did and
            # DOWNLOAD_FAIL_ON_DATALOSS = False hands what arrived over, or the spider stopped it (StopDownload
            # with fail=False from a headers/bytes_received handler): judged as all the spider gets
            broken = (truncated and not over) or bool(_CUT_SHORT & set(response.flags))
            decision = await self._strictest_for(request, lambda purpose: self._checked(
                request, url, response.status, judged_headers, body, purpose=purpose, user_agent=self._agent(request),
                truncated=over, broken_off=broken))
        except IgnoreRequest:  # DOWNLOAD_MAXSIZE, as HttpCompressionMiddleware enforces it
            raise
        except Exception as exc:  # noqa: BLE001
            await self._adapter_error(request, exc, "response", url)  # (withheld: raises IgnoreRequest)
            if undecoded is not None:
                raise undecoded from None
            return response.replace(flags=[*response.flags, UNJUDGED])  # fail-open: as it came, unjudged
        self._note(request, decision)
        self._remember_purpose(request, decision)
        if must_withhold(decision):  # (a redacted part of a range too: no copy of it is made)
            self._block(request, decision)
        if undecoded is not None:  # let through (recorded): the spider's errback gets Scrapy's own decoding error
            raise undecoded
        flags = list(response.flags)
        if truncated and not over and BROKEN_OFF not in flags:
            # its coding, undone here, broke off: flagged as our HttpCompressionMiddleware flags it (with
            # COMPRESSION_ENABLED = False the spider got the part unflagged, though recorded as body.broken_off)
            flags.append(BROKEN_OFF)
        if coded and decision.has("body.encoded"):  # let through unread (fail-open): as a failed check is
            flags.append(UNJUDGED)
        headers = response.headers.copy()
        copy = decision.redacted_body if decision.enforced and decision.action == "redact" else None
        if undone or copy is not None:  # (a redacted copy is never in the origin's coding, even of a coded body)
            headers.pop(b"Content-Encoding", None)
        headers.pop(b"Content-Length", None)  # (only used below, where the body is replaced)
        if copy is not None:
            self._inc("redacted")
            for name in KEPT_IN_PART:  # (a redacted page's links and refresh to the pictures it lost go with them)
                values = headers.getlist(name)
                kept = fields_kept(name, values, decision)
                if kept != values:
                    headers.pop(name, None)
                    if kept:
                        headers.setlist(name, kept)
            out = _with_body(response, copy, headers, [*flags, "scrapeguard-redacted"], undone or coded, replaced=True)
        else:
            self._let_through(decision.action)
            if over:  # passed unchanged: whole, as it came (judged on its first `cap` bytes)
                out = response.replace(flags=[*flags, "scrapeguard-truncated"])
            elif undone or broken:  # decoded here, or its coding broke off: exactly the bytes judged
                out = _with_body(response, body, headers, flags, undone, replaced=broken)
            else:
                out = response if flags == response.flags else response.replace(flags=flags)
        self._remember_as_scrapy_resolves(request, out, decision)
        return out

    async def _checked(self, request: Request, url: str, *args: Any, purpose: str | None, **kwargs: Any) -> Decision:
        """`Guard.check_response(url, ...)` in one of the guard's threads, with its origin's host files in the guard's
        cache: where they left it while the answer waited for a thread (other origins' files stored meanwhile), they
        are fetched again first, up to `HOST_FILE_FILLS` times, then the guard fails it (on_error; fail-open: judged
        with what is cached), as the other adapters judge an answer. Why: judged with them "not consulted", a page
        its site's tdmrep.json reserves (read on the answer alone) went to the spider."""
        fill = functools.partial(self._host_files, url, *_proxy_of(request))
        try:
            return await decide_when_filled(self.guard, url, fill, functools.partial(
                self.threads.call, check_when_cached, self.guard, url, *args, purpose=purpose, **kwargs))
        except HostFilesDropped as exc:
            if self.guard.runtime.on_error == "fail-closed":
                return await self.threads.call(self.guard.record_failure, url, "response", exc, purpose=purpose)
        return await self.threads.call(self.guard.check_response, url, *args, purpose=purpose, **kwargs)

    async def _landed_on(self, request: Request, url: str) -> None:
        """Before an answer is judged: its origin's host files in the guard's cache (fetched again where they
        left it since the request stage, as `Guard.check_url` does), and, where a download handler followed
        redirects itself (a browser's: scrapy-playwright) to `url`, what the page said of the picture carried
        there. Why: the answer was judged with the host files of a site no request stage asked "not consulted",
        and a page that site's robots.txt disallows was allowed."""
        if url != request.url:
            self.guard.carry_context(request.url, url)
        await self._host_files(url, *_proxy_of(request))

    async def process_exception(self, request: Request, exception: BaseException, spider: Any = None) -> None:
        """A download a spider stopped with `StopDownload(fail=True)` hands its errback the part that came
        (`exception.response`): judged and recorded as any response (a part: `body.broken_off`) before it
        does, withheld (`Refused`) or replaced by the copy the guard lets through; it went there unjudged."""
        if isinstance(exception, StopDownload) and isinstance(part := getattr(exception, "response", None), Response):
            exception.response = await self._judged(request, part)
        return None

    def _decoded(self, request: Request, response: Response) -> tuple[bytes, bool, bool]:
        """(body to judge, truncated at the cap, a Content-Encoding was undone here).

        HttpCompressionMiddleware (590) normally decodes before us; an encoding it could
        not handle (e.g. `br` with brotli < 1.2, which mitmproxy 11 pins) is undone here
        with httpx's decoders, so the decision is always made on the decoded bytes. What is
        undone here is held to DOWNLOAD_MAXSIZE as that middleware holds what it undoes (the
        crawl's bomb guard; the request's meta, the spider's attribute, then the setting): past
        it IgnoreRequest, past DOWNLOAD_WARNSIZE a warning.
        """
        encoding = _content_encoding(response)
        if not codings(encoding):
            body, truncated = decode(response.body, encoding, self.max_body_bytes)
            return body, truncated, False
        settings, spider = self.crawler.settings, self.crawler.spider
        # (a spider's own attribute first, as HttpCompressionMiddleware reads them, then the settings')
        max_size = _size_limit(request, spider, settings, "download_maxsize")
        cap = min(self.max_body_bytes, max_size) if max_size else self.max_body_bytes
        # raises ValueError for a coding that cannot be undone, httpx.DecodingError for a corrupt body
        body, truncated = decode(response.body, encoding, cap)
        if max_size and cap == max_size and past_cap(body, truncated, cap):
            self._inc("ignored/download_maxsize")
            raise IgnoreRequest(f"Ignored response {response} because its body ({len(response.body)} B compressed) "
                                f"exceeded DOWNLOAD_MAXSIZE ({max_size} B) during decompression.")
        warn_size = _size_limit(request, spider, settings, "download_warnsize")
        if len(response.body) < warn_size <= len(body):
            log.warning("scrapeguard: %s body size after decompression (%d B) is larger than the download warning "
                        "size (%d B).", response, len(body), warn_size)
        return body, truncated, True

    # ------------------------------------------------------------ host files
    async def _host_files(self, url: str, proxy: str | None = None, proxy_auth: bytes | None = None) -> None:
        """Fetch the origin's host files not cached yet, once however many requests wait for them;
        through the proxy the request itself goes through (`meta["proxy"]`), as it will, with the
        credentials it gives that proxy (`_proxy_of`)."""
        key = origin(url)
        while needed := self.guard.host_files_needed(url):
            if key in self._waiters:  # a fetch for this origin is in flight: wait, then look again
                waiter: Deferred[None] = Deferred()
                self._waiters[key].append(waiter)
                await maybe_deferred_to_future(waiter)
                continue
            self._waiters[key] = []
            try:  # an origin's host files are independent: download them concurrently
                fetches = [deferred_from_coro(self._fetch(file_url, proxy, proxy_auth)) for file_url in needed]
                results = await maybe_deferred_to_future(DeferredList(fetches, consumeErrors=True))
                # parsed as they are stored: off the reactor thread (a 620 kB robots.txt took 0.4 s, every
                # download and timer of the crawl held meanwhile), as the other adapters parse them; all at once,
                # so that no other origin's are stored between them
                await self.threads.call(self._store_host_files, [
                    (file_url, result if ok else FetchResult(file_url, None, error=str(result)))
                    for file_url, (ok, result) in zip(needed, results, strict=True)])
            finally:
                for waiter in self._waiters.pop(key):
                    waiter.callback(None)
            return

    def _store_host_files(self, results: list[tuple[str, FetchResult]]) -> None:
        """Store (and parse) an origin's host files, one after another, in one of the guard's threads, never
        beside another origin's (`_storing`): with more origins in flight than the cache holds, one's files stored
        between another's pushed that one's first out before its request was decided."""
        with self._storing:
            for file_url, result in results:
                self.guard.store_host_file(file_url, result)

    def _host_file_bytes(self, data: bytes, request: Request, spider: Any = None) -> None:
        limit = request.meta.get(_META_HOST_FILE_LIMIT)
        if not limit:
            return
        if _META_HOST_FILE_READ not in request.meta:  # the download handler has read its maxsize (0) by now:
            # HttpCompressionMiddleware, which reads it next, keeps a bound on what it inflates
            request.meta["download_maxsize"] = request.meta[_META_HOST_FILE_BOUND]
        received = request.meta[_META_HOST_FILE_READ] = request.meta.get(_META_HOST_FILE_READ, 0) + len(data)
        if received > limit:
            raise StopDownload(fail=False)  # the response is what arrived so far

    def _host_file_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        """Keep a host file's response as downloaded (before any HttpCompressionMiddleware): Scrapy's
        decoders hand over what decoded of a gzip or deflate body that breaks off as if it were all,
        so `_fetch` decodes it itself, telling a file broken off from one cut at its limit. (A copy
        of the headers: Scrapy's middleware rewrites Content-Encoding in the response it decodes.)"""
        if request.meta.get(META_HOST_FILE):
            # (its request too, not yet set: `_fetch` reads what was read of it)
            request.meta[_META_HOST_FILE_RAW] = response.replace(headers=response.headers.copy(), request=request)

    async def _fetch(self, file_url: str, proxy: str | None = None, proxy_auth: bytes | None = None) -> FetchResult:
        """A host file, its redirects followed here up to HOST_FILE_REDIRECTS (to any host; past them
        the last answer stands: "unavailable"), as the guard's own fetcher follows them. Left to
        RedirectMiddleware, REDIRECT_ENABLED=False or a spider's handle_httpstatus_list=[301]
        handed the 301 over, read as "unavailable: allow all"."""
        current, hop = file_url, 0
        while True:
            try:
                response = await self._download_host_file(file_url, current, proxy, proxy_auth)
            except Exception as exc:  # noqa: BLE001 - timeouts, resets, DNS: the spec's "unreachable"
                return self._unreadable(file_url, current, hop, exc)
            self._inc(f"host_files/{response.status}")
            if response.status == 407:  # the proxy's answer, not the site's: read as a 4xx, "unavailable",
                # robots.txt allowed all that it forbids; the file could not be had: "unreachable"
                return self._unreadable(file_url, current, hop, ProxyAuthenticationRequired(
                    f"the proxy {proxy or '(from the environment)'} answered 407 Proxy Authentication Required"))
            if unanswered(response.status):  # (RFC 9309 §2.3.1.4: disallow all; a 407 is handled above)
                self._warn_unreachable(file_url, current, f"answered {response.status}")
            headers = Headers(_pairs(response.headers))
            target = redirect_target(current, response.status, headers)
            if target and hop < HOST_FILE_REDIRECTS:
                current, hop = target, hop + 1
                if urlsplit(current).scheme not in ("http", "https"):  # (file://: a local file read as robots.txt)
                    self._inc("host_files/error/redirect_scheme")  # the guard's own fetcher cannot fetch it either
                    return FetchResult(file_url, None, error=f"redirect to a non-HTTP URL {current[:200]}",
                                       redirects=hop, final_url=current)
                continue
            limit = self.guard.host_file_limit(file_url)
            stopped = "download_stopped" in response.flags  # (read up to `_META_HOST_FILE_LIMIT`, then stopped)
            meta = response.request.meta if response.request is not None else {}
            if stopped and 200 <= response.status < 300 and \
                    meta.get(_META_HOST_FILE_READ, 0) <= meta.get(_META_HOST_FILE_LIMIT, 0):
                # not by the guard: a spider's headers/bytes_received handler stopped it (one skipping what is
                # not HTML), and what never came may hold the Disallow lines: "unreachable" (disallow all)
                return self._unreadable(file_url, current, hop, ValueError(
                    f"its download was stopped after {len(response.body)} bytes by a headers_received or "
                    f"bytes_received handler (StopDownload): let requests with meta[{META_HOST_FILE!r}] through"))
            try:  # its coding is undone here (`_host_file_downloaded`); a name that is no coding read as identity
                body, truncated = decode_host_file(response.body, _content_encoding(response), limit)
                if truncated and not past_cap(body, truncated, limit) and not stopped:
                    # not cut at the limit: its coding broke off, and the lost part may hold the Disallow lines
                    raise ValueError(f"its {_content_encoding(response)} coding breaks off after {len(body)} bytes")
            except Exception as exc:  # noqa: BLE001 - unreadable is "unreachable" (RFC 9309: disallow all)
                return self._unreadable(file_url, current, hop, exc)
            return FetchResult(file_url, response.status, headers, body, redirects=hop, final_url=response.url,
                               truncated=truncated or stopped)

    def _unreadable(self, file_url: str, url: str, hop: int, exc: Exception) -> FetchResult:
        """A host file that could not be had (not downloaded, or unreadable): counted, warned of once
        per origin, and a result without a status — "unreachable"."""
        self._inc(f"host_files/error/{type(exc).__name__}")
        said = named_exception(exc)
        self._warn_unreachable(file_url, url, said[:200])
        return FetchResult(file_url, None, error=said[:300], redirects=hop, final_url=url)

    def _warn_unreachable(self, file_url: str, url: str, why: str) -> None:
        """A WARNING, once per origin, that its robots.txt could not be read (`url`: the hop that
        failed; `why`: the error, or the 5xx it answered): Scrapy alone logs each download from a host
        that is down as an ERROR, while the guard refuses them before they start, which would
        otherwise show only at INFO."""
        key = origin(file_url)
        if not _is_robots(file_url) or not _first_time(self._unreachable_origins, key):
            return
        log.warning("scrapeguard: could not fetch %s (%s): read as unreachable (RFC 9309: disallow all), so "
                    "requests to %s are refused (robots.unreachable) where the policy obeys robots.txt, until it "
                    "is asked for again after %d s; further failures there are only counted in stats",
                    url, why, key, RETRY_SECONDS)

    async def _download_host_file(self, file_url: str, url: str, proxy: str | None,
                                  proxy_auth: bytes | None = None) -> Response:
        """One hop of a host-file fetch, through Scrapy's engine (and the request's proxy, with its
        Proxy-Authorization)."""
        settings = self.crawler.settings
        timeout = min(self.guard.runtime.timeout_seconds, settings.getfloat("DOWNLOAD_TIMEOUT", 180))
        read_limit = 8 * self.guard.host_file_limit(file_url) + 65536
        max_size = settings.getint("DOWNLOAD_MAXSIZE")
        meta = {
            # (retried by `_download_host_file` itself, within the one timeout: not by RetryMiddleware)
            META_HOST_FILE: True, "dont_obey_robotstxt": True, "dont_retry": True, "dont_cache": True,
            "dont_redirect": True, "handle_httpstatus_all": True,  # redirects are followed by `_fetch`
            "download_timeout": timeout,
            # a body that broke off is not the file the site served (its Disallow lines may be the
            # part lost): a failure ("unreachable"), whatever DOWNLOAD_FAIL_ON_DATALOSS says
            "download_fail_on_dataloss": True,
            # read up to the limit, then stopped and judged on that part (`_host_file_bytes`):
            # RFC 9309 §2.5 parses a robots.txt past its limit up to it, never "unreachable" -- so
            # DOWNLOAD_MAXSIZE does not cancel it (0: no limit, whatever its Content-Length; nor a warning
            # at DOWNLOAD_WARNSIZE) ...
            _META_HOST_FILE_LIMIT: read_limit, "download_warnsize": 0,
            # ... while what HttpCompressionMiddleware inflates of it stays bounded (set once bytes arrive,
            # or from the start where no bytes_received is sent: `_first_maxsize`):
            # by the guard's own cap on a body at least (an honest 6 MB robots.txt sent as 0.5 MB of gzip is
            # read up to its limit; a bomb stops there, read as "unreachable"), DOWNLOAD_MAXSIZE = 0 or not
            _META_HOST_FILE_BOUND: max(max_size, 2 * read_limit, self.max_body_bytes),
        }
        meta["download_maxsize"] = self._first_maxsize(url, meta)
        # uncompressed, so the read limit applies to the file itself: a gzip robots.txt inflating
        # past the bound above would be cancelled by HttpCompressionMiddleware ("unreachable")
        headers: dict[str, str | bytes] = {"Accept-Encoding": "identity"}
        if proxy is not None:  # (None: the environment's, as for the request itself)
            meta["proxy"] = proxy or None  # (`NO_PROXY`: none, as the request's own meta says)
        if proxy_auth:  # (HttpProxyMiddleware keeps it for a proxy URL without credentials)
            headers["Proxy-Authorization"] = proxy_auth
        request = Request(url, callback=NO_CALLBACK, dont_filter=True, priority=1000, meta=meta, headers=headers)
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = await self._through_engine(request)
            except Exception as exc:  # noqa: BLE001 - retried below where Scrapy retries it, else raised
                retry = self._host_file_retry(request, exc, isinstance(exc, self._retry_exceptions), deadline)
                if retry is None:
                    raise
            else:
                retry = self._host_file_retry(request, response_status_message(response.status),
                                              response.status in self._retry_codes, deadline)
                if retry is None:
                    return response
            request = retry

    async def _through_engine(self, request: Request) -> Response:
        """One try of a host file's hop, through Scrapy's engine: the response as it came, still coded."""
        engine = self.crawler.engine
        assert engine is not None
        if hasattr(engine, "download_async"):  # Scrapy >= 2.14
            response = await engine.download_async(request)
        else:
            response = await maybe_deferred_to_future(engine.download(request))  # Scrapy 2.13
        return request.meta.pop(_META_HOST_FILE_RAW, None) or response

    def _host_file_retry(self, request: Request, reason: str | Exception, retryable: bool,
                         deadline: float) -> Request | None:
        """The next try of a robots.txt that failed as Scrapy's RetryMiddleware retries a request (one of
        RETRY_EXCEPTIONS, or an answer in RETRY_HTTP_CODES; RETRY_ENABLED, RETRY_TIMES; logged and counted
        under retry/ as Scrapy's), within the host file's one timeout; None: the failure stands. Why: a
        robots.txt that answered one 503, or whose connection was reset once, was "unreachable", and every
        request to its site refused for a minute (a crawl of one site ended there), where Scrapy's own
        RobotsTxtMiddleware retries it as any request. Only robots.txt: its failure alone refuses a site,
        and each other file's tries cost a down site as much again."""
        remaining = deadline - time.monotonic()
        spider = self.crawler.spider
        if (not retryable or remaining <= 0 or spider is None or not _is_robots(request.url)
                or not self.crawler.settings.getbool("RETRY_ENABLED")):
            return None
        retry = get_retry_request(request, spider=spider, reason=reason,
                                  logger=_GIVE_UP_QUIETLY)  # type: ignore[arg-type]  # (an adapter logs as a Logger)
        if retry is not None:  # each try is read afresh, and all of them within the one timeout
            for key in (_META_HOST_FILE_READ, _META_HOST_FILE_RAW):
                retry.meta.pop(key, None)
            retry.meta.update(download_maxsize=self._first_maxsize(retry.url, retry.meta), download_timeout=remaining)
        return retry

    def _first_maxsize(self, url: str, meta: dict[str, Any]) -> int:
        """The download_maxsize a host file's download at `url` starts with: none (0) where its download
        handler sends bytes_received, by which it is stopped at its read limit whatever it declares
        (`_host_file_bytes`); else the inflate bound from the start. Why: Scrapy's HTTP/2 handler sends
        none, so a robots.txt was downloaded and inflated without bound there (a gzip bomb inflated whole,
        its comments read: allowed), while the bound set up front everywhere cancelled, before a byte was
        read, every robots.txt whose Content-Length is past it (over HTTP/1.1 too): "unreachable", its
        site refused, where RFC 9309 reads it up to its limit."""
        return meta[_META_HOST_FILE_BOUND] if urlsplit(url).scheme in self._bounded_up_front else 0

    def purposes_of(self, request: Request) -> tuple[str | None, ...]:
        """What a request is judged for: its own purpose (meta); for a picture requested without one (ImagesPipeline,
        FilesPipeline), every purpose the pages of this crawl that showed it were judged for (None: the default, put
        first, however it was named: by its id too); the default alone where none showed it. Why: pages read for
        different purposes had their picture judged for the default, which none of them may have been read for,
        and stored where each of theirs refuses it."""
        purpose = request.meta.get(META_PURPOSE)
        seen = frozenset({str(purpose)}) if purpose is not None else self._pages_purposes(request) or frozenset({None})
        default = self.guard.default_purpose.id  # (named by its id, it is the default: one purpose, judged once)
        return tuple(sorted({None if p == default else p for p in seen}, key=lambda p: (p is not None, p or "")))

    def _pages_purposes(self, request: Request) -> frozenset[str | None]:
        """The purposes the pages that showed the request's picture were read for: remembered under its first hop's
        URL and under its own. Why its own: a redirect hop after a JOBDIR resume (or once the first hop's were
        forgotten) recalls those it carried there (`_recall_page_word`), and was judged for the default alone."""
        keys = {resource_key((_hops(request) or (request.url,))[0]), resource_key(request.url)}
        return frozenset().union(*(self._page_purposes.get(key) or () for key in keys))

    async def _strictest_for(self, request: Request,
                             decide: Callable[[str | None], Awaitable[Decision]]) -> Decision:
        """`decide` for each of the request's purposes (`purposes_of`), each decision recorded by it, one after
        another; the strictest of them, the one enacted: a withheld answer before one let through, then the
        strictest action; of redactions, the one whose copy covers the others' (`_covering_copy`)."""
        decisions = [await decide(purpose) for purpose in self.purposes_of(request)]
        strictest = max(decisions, key=_strictness)
        tied = [decision for decision in decisions if _strictness(decision) == _strictness(strictest)]
        if len(tied) == 1 or strictest.action != "redact" or not strictest.enforced or must_withhold(strictest):
            return strictest
        covering = _covering_copy(tied)
        if covering is not None:
            return covering
        return await self.threads.call(self.guard.record_withheld, strictest, _NO_COVERING_COPY)

    def _carry_page_word(self, request: Request, spider: Any = None) -> None:
        """On a request as it is scheduled, and again at its request stage, what the crawl's pages said of its
        URL (their `noimageai`, a caption that makes it personal) and the purposes they were read for. Why: the
        guard keeps that word in memory only, so a picture the spider requests itself was let through once its
        page's word was gone by the time the request left the scheduler: after a JOBDIR pause and resume (the
        disk queue keeps the request, the guard's memory starts empty), or pushed out of the guard's bounded
        cache by the pages read while it waited in a broad crawl's queue; and one judged with it at its request
        stage (ImagesPipeline's, never scheduled, too) had its answer let through unredacted once the pages read
        while it downloaded had pushed the word out."""
        word = self.guard.image_contexts.get(request.url)
        if word is not None:  # (none: a redirect's next hop keeps the word its first hop carries)
            request.meta[_META_PAGE_WORD] = (request.url, word, self._pages_purposes(request) or None)

    def _recall_page_word(self, request: Request) -> None:
        """The word `_carry_page_word` put on the request, given back to the guard (merged: the stricter
        stands) before it is judged. Only for the URL it was said of or a redirect of it: a spider passing
        `meta=response.meta` on carries it to requests for other URLs."""
        carried = request.meta.get(_META_PAGE_WORD)
        if not carried:
            return
        url, word, purposes = carried
        if url != request.url and url not in _hops(request):
            return
        self.guard.image_contexts.remember(request.url, word)
        for purpose in purposes or ():  # (merged with those remembered since: each is judged for)
            self._add_purpose(request.url, purpose)

    def _remember_purpose(self, request: Request, decision: Decision) -> None:
        for image in decision.images:
            self._add_purpose(image.url, request.meta.get(META_PURPOSE))

    def _add_purpose(self, url: str, purpose: str | None) -> None:
        key = resource_key(url)
        seen = self._page_purposes.get(key)
        if seen is None or purpose not in seen:
            self._page_purposes.set(key, (seen or frozenset()) | {purpose})

    def _remember_as_scrapy_resolves(self, request: Request, response: Response, decision: Decision) -> None:
        """What a page let through said of each picture (its word, the purpose it was read for), remembered
        too under the URL Scrapy requests for it (`response.urljoin(src)`: a spider's, an item's for
        ImagesPipeline) where that is not the one the guard judged it under. Why: Scrapy reads a page's base
        with w3lib's `get_base_url` over its first 4096 characters, missing a `<base>` further on (and before
        w3lib 2.6, a regex that takes one inside a `<template>` or `<svg>`, none to a browser); the guard reads
        it as a browser does. The picture Scrapy requested was judged without its page's word: a `noimageai`, or a
        caption naming the person shown, did not reach it; so for a reference `urljoin` reads otherwise whatever the
        base (`_ODD_REFERENCE`). Only on a page whose bytes may hold a `<base>` (the response's own
        `get_base_url`, cached for the spider's `urljoin`; one join a picture), or for such a reference."""
        if not decision.images or not isinstance(response, TextResponse):
            return
        contexts, purpose = self.guard.image_contexts, request.meta.get(META_PURPOSE)
        based = _may_declare_a_base(response)
        for image in decision.images:
            if not based and _ODD_REFERENCE.match(image.src) is None:
                continue
            try:
                url = response.urljoin(image.src)
            except ValueError:  # (`http://[::1`: no request Scrapy can make either)
                continue
            if resource_key(url) == resource_key(image.url):
                continue
            word = contexts.get(image.url)
            if word is not None:
                contexts.remember(url, word)
            self._add_purpose(url, purpose)

    # ------------------------------------------------------------ enacting
    def _note(self, request: Request, decision: Decision) -> None:
        mode = "audit" if audit_only(decision) else "enforce"  # (as the other adapters' X-Scrapeguard-Mode)
        request.meta[META_RESULT] = {"stage": decision.stage, "action": decision.action, "mode": mode,
                                     "decision_id": decision.decision_id, "reasons": reason_codes(decision),
                                     "picture": bool(decision.picture)}
        if has_error(decision):
            self._inc("errors")
        counted = _would_counted(request)
        # each reason once per request, not once per stage; none after a would-be block (enforcing, it stops there)
        if not decision.enforced and decision.action in ("block", "redact") \
                and not any(key.startswith("would_block/") for key in counted):
            new = [key for code in reason_codes(decision) if (key := f"would_{decision.action}/{code}") not in counted]
            for key in new:
                self._inc(key)
            request.meta[_META_WOULD] = (request.url, (*counted, *new))

    def _block(self, request: Request, decision: Decision) -> None:
        codes = reason_codes(decision)
        self._inc("blocked")
        self._inc(f"blocked/{codes[0] if codes else 'none'}")
        domain = registrable_domain(host_of(request.url)) or host_of(request.url)
        failed = _failure_codes(decision)
        named = decision.url  # (as the audit log records it: a data: URI's base64 was written whole into the log)
        # a failure, not the policy: as Scrapy alone would log the failed download, an ERROR
        if failed and _first_time(self._failed_origins, origin(request.url)):
            log.warning("scrapeguard: refused %s because of a failure, not the policy (%s): %s; further such "
                        "refusals on %s are only counted in stats (and logged at DEBUG)", named,
                        ", ".join(failed), decision.explain(), origin(request.url))
        elif not failed and _first_time(self._logged_domains, domain):
            log.info("scrapeguard: blocked %s on %s (%s); further blocks on this domain are only counted in stats "
                     "(and logged at DEBUG)", named, domain, decision.explain())
        else:  # (each of them, as RobotsTxtMiddleware logs each request it forbids: "Forbidden by robots.txt")
            log.debug("scrapeguard: refused %s (%s)", named, decision.explain())
        raise Refused(f"scrapeguard: {decision.explain()}", codes, decision.decision_id, named)

    def _let_through(self, action: object) -> None:
        """Count an answer let through (`scrapeguard/allowed`), with the action "log" also under `logged`."""
        self._inc("allowed")
        if action == "log":
            self._inc("logged")

    def _agent(self, request: Request) -> str | None:
        return self._settings_agent or _user_agent(request)

    async def _adapter_error(self, request: Request, exc: Exception, stage: str, url: str | None = None) -> None:
        """An error outside the guard's own handling: recorded in the audit log as the guard
        failing, and what that record decides applies (the policy's on_error; a block whatever it
        says for a purpose the policy does not declare). meta["scrapeguard"] then names that record,
        not an earlier stage's decision. `url`: the resource as it is recorded, where that is not the
        request's URL (a `data:` URI by its type and digest: recorded whole, it put the picture itself,
        in base64, into the audit log). Recorded off the reactor thread, as every decision: a log another
        process holds locked would otherwise stall the whole crawl, up to its busy timeout."""
        url = url or request.url
        log.error("scrapeguard: adapter error on %s: %s: %s", url, type(exc).__name__, exc)
        code, decision_id = "error.adapter", None
        withheld = self.guard.policy.runtime.on_error == "fail-closed"  # (unrecorded: on_error decides)
        why = "policy is fail-closed"
        try:
            recorded = await self._strictest_for(request, lambda purpose: self.threads.call(
                self.guard.record_failure, url, stage, exc, purpose=purpose))
        except Exception as record_exc:  # noqa: BLE001
            log.error("scrapeguard: could not record the adapter error: %s", record_exc)
            self._inc("errors")
            request.meta[META_RESULT] = {"stage": stage, "action": "block" if withheld else "log",
                                         "mode": "enforce" if withheld else self.guard.policy.runtime.mode,
                                         "decision_id": None, "reasons": [code]}
        else:
            self._note(request, recorded)  # (counts it in scrapeguard/errors)
            # the stats say what the audit says: under fail-open an undeclared purpose's block, not the error
            code = next(iter(reason_codes(recorded)), code)
            decision_id, withheld = recorded.decision_id, must_withhold(recorded)
            why = recorded.explain()
        if withheld:
            self._inc("blocked")
            self._inc(f"blocked/{code}")
            raise Refused(f"scrapeguard: guard error ({type(exc).__name__}); {why}", [code],
                          decision_id, url) from exc

    def _inc(self, key: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"scrapeguard/{key}")

    def _spider_closed(self, spider: Any = None) -> None:
        self.threads.stop()
        if self._owns_guard:
            self.guard.close()
