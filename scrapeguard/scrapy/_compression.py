"""Scrapy's HttpCompressionMiddleware, with a body it cannot decode judged by the guard.

Scrapy's own fails the request with the decoder's error (a corrupt gzip body: `zlib.error`)
before `GuardMiddleware` (545) sees the response, so the guard recorded nothing for it, while
the httpx transport and the proxy record such a body as `body.encoded` (on_error decides). This
one has the guard judge and record it as it came (`GuardMiddleware.judge_undecodable`), then
fails it right here, as Scrapy's does: with Scrapy's own error where the guard lets it through
(`Refused` where it withholds it). The middlewares between (RetryMiddleware, MetaRefreshMiddleware)
therefore never see such a response, as without scrapeguard: a 503 with a corrupt body is not
retried, a refresh in a body that is not the gzip its header says is not followed, and no error
object rides on in a request's meta (where a retry or a refresh would copy it to the next request,
and JOBDIR's disk queue could not store it).

Scrapy's decoders also hand over what decoded of a body whose coding breaks off (a gzip cut short) as
if it were all of it: such a response is flagged ``scrapeguard-broken-off`` here, so the guard judges
and records it as the other adapters do (`body.broken_off`).
"""

from __future__ import annotations

import inspect
import logging
import struct
import warnings
import zlib
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from scrapeguard.codings import SUPPORTED, codings, decode, past_cap, zlib_wrapped
from scrapeguard.scrapy._middleware import BROKEN_OFF, META_HOST_FILE, GuardMiddleware, _content_encoding, middleware_of

with warnings.catch_warnings():
    # Scrapy warns, as its decoders are first imported (here, as this middleware takes the place of its own), that
    # its `br` decoding needs brotli >= 1.2, which the proxy extra's mitmproxy 11 holds back: a UserWarning on
    # stderr, outside the crawl's log, naming this file. Not so here: the guard undoes `br` itself (`codings`, with
    # brotlicffi) and hands the spider the page decoded
    warnings.filterwarnings("ignore", message=r".*'br' encoding support now requires", category=UserWarning)
    from scrapy.downloadermiddlewares.httpcompression import (
        HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
    )

log = logging.getLogger("scrapeguard")


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Scrapy's, except that a response whose Content-Encoding cannot be undone (corrupt data)
    is judged and recorded by the guard before it fails (see module doc). DOWNLOAD_MAXSIZE
    (IgnoreRequest) is handled as Scrapy handles it; the guard's host files pass as they came (it
    undoes their coding itself). Its process_response is a coroutine (the guard's check runs
    in a worker thread): a subclass overriding it must be `async def` and await super()'s (a sync
    one gets an awaitable, which it may only return as it is; it is warned of, a mixin's too,
    when the subclass is defined)."""

    crawler: Crawler | None = None  # (a subclass whose own __init__ skips ours: no guard asked)

    def __init__(self, stats: StatsCollector | None = None, *, crawler: Crawler | None = None) -> None:
        super().__init__(stats, crawler=crawler)
        # kept here, not in from_crawler: a subclass's own from_crawler (`cls(crawler=crawler)`, as
        # Scrapy's) skipped ours, and the guard never saw a body it could not decode
        self.crawler = crawler

    def _warn_unknown_encoding(self, response: Response, encodings: list[bytes]) -> None:
        """Scrapy's warning of codings it leaves undone, without those the guard undoes itself (`br` with
        brotlicffi, where the proxy extra holds brotli below 1.2): each `br` page warned, though the spider got it
        decoded (review, session 66)."""
        left = [coding for coding in encodings if coding.decode("latin-1").strip().lower() not in SUPPORTED]
        if left:
            super()._warn_unknown_encoding(response, left)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A project's sync process_response calling super()'s gets a coroutine, not a response: one
        that returns it as it is works (Scrapy 2.13+ awaits what a middleware returns), one that reads
        it (`response.body`) fails on every response, each robots.txt then "unreachable" and the whole
        crawl refused, blamed on the sites. Which it is cannot be told from outside, so a sync one
        anywhere before ours in the MRO (a mixin's too) is warned of here, at startup, saying what
        to write; working code is not refused."""
        super().__init_subclass__(**kwargs)
        sync = _sync_overrides(cls)
        # once per class that brings one in: its own, or a mixin's (never seen by this hook)
        if cls in sync or any(owner in cls.__bases__ and not issubclass(owner, HttpCompressionMiddleware)
                              for owner in sync):
            names = ", ".join(f"{owner.__module__}.{owner.__qualname__}" for owner in sync if owner is not cls)
            log.warning("scrapeguard: %s.%s: process_response is not `async def`%s: "
                        "scrapeguard.scrapy.HttpCompressionMiddleware's is a coroutine, so super().process_response(...) "
                        "returns an awaitable, not a response. It works only if returned as it is (Scrapy awaits it); "
                        "reading it (response.body) fails on every response, robots.txt included. Write `async def "
                        "process_response` and `response = await super().process_response(request, response, spider)`",
                        cls.__module__, cls.__qualname__, f" (in {names})" if names else "")

    async def process_response(  # type: ignore[override]  # (Scrapy awaits a coroutine)
            self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        coding = _content_encoding(response)  # (read first: Scrapy's rewrites the headers the two responses share)
        try:
            if spider is None:  # (Scrapy >= 2.14 deprecates passing it; 2.13 requires it)
                decoded = super().process_response(request, response)
            else:
                decoded = super().process_response(request, response, spider)
        except IgnoreRequest:
            raise
        except Exception as exc:  # noqa: BLE001 - every decoder's error (zlib, brotli, zstd, OSError, EOFError)
            if request.meta.get(META_HOST_FILE):
                # as it came: the guard reads a host file's coding itself (`decode_host_file`), plain text under a
                # coding it is not in too; failed here, a gzip-labelled robots.txt was "unreachable" (its site
                # refused, retried as an OSError) and a tdmrep.json's or ai.txt's reservation lost (review)
                return response
            guard = self._guard_after_us()
            if guard is None:
                raise
            log.debug("scrapeguard: %s could not be decoded (%s: %s); judged by the guard as it came",
                      response.url, type(exc).__name__, exc)
            await guard.judge_undecodable(request, response, exc)
            raise  # (judge_undecodable raises: Refused, or this error)
        if decoded is response or not isinstance(decoded, Response) or request.meta.get(META_HOST_FILE):
            return decoded
        guard = self._guard_after_us()
        if guard is None:
            return decoded
        unsettled = _unsettled(response.body, coding, decoded, guard.max_body_bytes)
        try:  # (in a thread, only where no trailer settles it: decoded again, up to the cap, off the reactor)
            broken = bool(unsettled) and await guard.threads.call(
                _decodes_short, response.body, unsettled, decoded.body, guard.max_body_bytes)
        except _NothingDecodes as nothing:  # (as where Scrapy's own decoder raises, above)
            log.debug("scrapeguard: %s could not be decoded (%s); judged by the guard as it came", response.url,
                      nothing.error)
            await guard.judge_undecodable(request, response, nothing.error)
            raise
        if broken:
            log.debug("scrapeguard: %s: its content coding breaks off after %d decoded bytes; judged on those",
                      response.url, len(decoded.body))
            return decoded.replace(flags=[*decoded.flags, BROKEN_OFF])
        return decoded

    def _guard_after_us(self) -> GuardMiddleware | None:
        """The crawl's GuardMiddleware where it reads responses after this middleware (a lower
        order, as the add-on's 545); one placed above (700) has judged this response already."""
        guard = middleware_of(self.crawler) if self.crawler is not None else None
        if guard is None:
            return None
        chain = getattr(getattr(getattr(self.crawler, "engine", None), "downloader", None), "middleware", None)
        order = list(getattr(chain, "middlewares", ()))
        if self in order and guard in order and order.index(guard) > order.index(self):
            return None
        return guard


def _unsettled(raw: bytes, coding: str | None, decoded: Response, cap: int) -> list[str]:
    """The codings Scrapy's decoders undid of `raw`, the body as it came in `coding` (its
    Content-Encoding), when their trailers do not show that all of it decoded ([]: settled). Why:
    they return what decoded of a gzip, deflate, br or zstd body that breaks off as if it were all
    of it, where the httpx transports, the proxy and the guard's own fetcher judge and record it as
    `body.broken_off`. The gzip trailer (CRC-32 and length) and the zlib one (Adler-32) settle it
    where they match; any other is decoded again (`_decodes_short`). A body past the guard's cap is
    judged in part all the same (`body.truncated`): not checked."""
    listed, left = codings(coding), codings(_content_encoding(decoded))
    undone, body = listed[len(left):], decoded.body
    if not undone or len(body) > cap:
        return []
    if undone == ["gzip"] and len(raw) >= 18 and raw[-8:] == struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF):
        return []
    if undone == ["deflate"] and zlib_wrapped(raw) and raw[-4:] == struct.pack(">I", zlib.adler32(body)):
        return []
    return undone


def _decodes_short(raw: bytes, undone: list[str], body: bytes, cap: int) -> bool:
    """Whether `raw`, decoded again in `undone` as the other adapters decode it (`codings.decode`),
    breaks off before the cap: Scrapy's `body` is then only its start."""
    try:
        whole, truncated = decode(raw, ", ".join(undone), cap)
    except Exception as exc:  # noqa: BLE001 - Scrapy read what these cannot: its reading stands (a note, never a failure)
        if raw and not body:  # ... unless it read nothing: a zstd or deflate body cut before its first block
            raise _NothingDecodes(exc) from exc
        return False
    return truncated and not past_cap(whole, truncated, cap)


class _NothingDecodes(Exception):
    """Scrapy's decoders gave nothing of a body that came, and decoding it again fails (`error`): a
    zstd or deflate body cut before anything of it decodes, handed to the spider as an empty page
    without a word, where the httpx transports and the proxy record it `body.encoded` (on_error
    decides) and Scrapy itself fails such a gzip body."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _sync_overrides(cls: type) -> list[type]:
    """The classes before ours in `cls`'s MRO whose process_response is not a coroutine function
    (each gets super()'s awaitable): the subclass's own, and a mixin's placed before ours."""
    found: list[type] = []
    for owner in cls.__mro__:
        if owner is HttpCompressionMiddleware:
            break
        method = owner.__dict__.get("process_response")
        if method is not None and not inspect.iscoroutinefunction(inspect.unwrap(getattr(method, "__func__", method))):
            found.append(owner)
    return found
