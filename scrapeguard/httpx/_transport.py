"""httpx transports that put the guard in front of any other transport.

The client calls a transport once per hop, so every redirect hop is checked. Host files
(robots.txt …) are fetched through the *wrapped* transport, so they travel the same way
as the crawl (same proxy, same TLS settings). Bodies are read up to a cap and decoded
before the check; the response handed back carries exactly the bytes that were checked
(decoded, so `Content-Encoding` is dropped and `Content-Length` recomputed). A body longer
than the cap is judged on its first `cap` bytes (for a page or an image that is an
incomplete judgement: `body.too_large`, which the policy's on_error decides) and, when
the decision lets it through unchanged, streamed to the client whole, never cut.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from scrapeguard.codings import decode, past_cap
from scrapeguard.decision import Decision
from scrapeguard.enact import (
    MARK_PREFIX,
    STATUS_BLOCKED,
    TRUNCATED_HEADER,
    blocked_body,
    blocked_headers,
    decision_headers,
    must_withhold,
)
from scrapeguard.fetch import AsyncFetcher, Fetcher
from scrapeguard.guard import Guard
from scrapeguard.hostfiles import AsyncHostFiles, HostFiles

PURPOSE_EXTENSION = "scrapeguard_purpose"
DECISION_EXTENSION = "scrapeguard_decision"
_DROPPED_HEADERS = (b"content-encoding", b"content-length", b"transfer-encoding")
_HTTPX_USER_AGENT = "python-httpx/"


class Blocked(httpx.TransportError):
    """The guard refused the request or its response (raise mode).

    A `TransportError` (so also a `RequestError`): as with a refused connection, the
    resource was never obtained, so existing `except httpx.RequestError` handling treats
    it as "no content" instead of as a server's answer. Not an `HTTPStatusError`: in the
    request stage there is no upstream response to attach. `.decision` says why.
    """

    def __init__(self, decision: Decision, request: httpx.Request) -> None:
        super().__init__(decision.explain(), request=request)
        self.decision = decision


class _Borrowed(httpx.BaseTransport):
    """The wrapped transport lent to the host-file fetcher: closing the fetcher must not
    close the user's transport."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        pass


class _ABorrowed(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass


class _Enactor:
    """What both transports share: turning a Decision into an httpx response."""

    def __init__(self, guard: Guard, *, raise_on_block: bool, max_body_bytes: int | None, purpose: str | None) -> None:
        self.guard = guard
        self.raise_on_block = raise_on_block
        self.max_body_bytes = max_body_bytes or guard.runtime.max_body_bytes
        self.purpose = purpose

    def _purpose(self, request: httpx.Request) -> str | None:
        value = request.extensions.get(PURPOSE_EXTENSION)
        return str(value) if value else self.purpose

    def _identify(self, request: httpx.Request) -> str | None:
        """The user agent the request goes out with, which robots.txt is read for. httpx's
        own default names no crawler: the guard's user agent replaces it, so the site sees
        the bot the policy speaks for."""
        agent = request.headers.get("user-agent", "")
        if not agent or agent.startswith(_HTTPX_USER_AGENT):
            request.headers["User-Agent"] = self.guard.user_agent
            return None
        return agent

    def _refuse(self, request: httpx.Request, decision: Decision) -> httpx.Response:
        if self.raise_on_block:
            raise Blocked(decision, request)
        body = blocked_body(decision)
        return httpx.Response(STATUS_BLOCKED, headers=blocked_headers(decision, body), content=body,
                              request=request, extensions={DECISION_EXTENSION: decision})

    def _judge(self, request: httpx.Request, response: httpx.Response, raw: bytes, cut: bool,
               purpose: str | None, agent: str | None,
               rest: httpx.SyncByteStream | httpx.AsyncByteStream | None = None) -> httpx.Response:
        """The response for the body as it came (`raw`, cut at the cap if `cut`), decoded the way
        the proxy and Scrapy decode it (scrapeguard.codings). A body the guard cannot decode at
        all (a coding it cannot undo, gzip that is not gzip) cannot be judged: that is the guard
        failing, recorded in the audit log, and the policy's on_error decides (fail-closed: the
        refusal; fail-open: the body as it came, its Content-Encoding kept).

        `rest`: for a body longer than the cap, a stream of all of it (what was read, then
        the rest of the connection). A body the decision lets through unchanged is handed over
        whole through it, never cut: a 30 MB archive arrives as 30 MB."""
        url = str(request.url)
        try:
            body, truncated = decode(raw, response.headers.get("content-encoding"), self.max_body_bytes)
        except (ValueError, httpx.DecodingError) as exc:
            decision = self.guard.record_failure(url, "response", exc, purpose=purpose)
            return self._rebuild(request, response, raw, cut, decision, encoded=True, rest=rest)
        over = cut or past_cap(body, truncated, self.max_body_bytes)
        if over and rest is None:  # all of it arrived; decoded, it passes the cap: passed on as it came
            rest = httpx.ByteStream(raw)
        decision = self.guard.check_response(url, response.status_code, response.headers.multi_items(), body,
                                             purpose=purpose, user_agent=agent, truncated=over,
                                             broken_off=truncated and not over)
        return self._rebuild(request, response, body, truncated or over, decision, rest=rest)

    def _rebuild(self, request: httpx.Request, response: httpx.Response, body: bytes, truncated: bool,
                 decision: Decision, *, encoded: bool = False,
                 rest: httpx.SyncByteStream | httpx.AsyncByteStream | None = None) -> httpx.Response:
        """A response carrying the decoded bytes that were checked (or their redacted form);
        `encoded`: bytes still in their content coding (one that could not be undone, handed
        over only under a fail-open policy), whose Content-Encoding header stays; `rest`: the
        whole body as it came, handed over when the decision passes it unchanged."""
        if must_withhold(decision):
            return self._refuse(request, decision)
        redacted = decision.enforced and decision.action == "redact" and decision.redacted_body is not None
        ours = decision_headers(decision) if decision.action != "allow" else []
        if rest is not None and not redacted:  # as it came, whole: its codings and length kept
            ours.append((TRUNCATED_HEADER, str(min(len(body), self.max_body_bytes))))
            return self._answer(request, response, decision, (b"transfer-encoding",), ours, stream=rest)
        content = decision.redacted_body if redacted else body
        if truncated:  # judged on its first bytes only: cut at the cap, or its coding broke off
            ours.append((TRUNCATED_HEADER, str(min(len(body), self.max_body_bytes))))
        if encoded:  # given as content=, httpx would decode it at once, and raise on a corrupt body
            ours.append(("content-length", str(len(content))))
            return self._answer(request, response, decision, _DROPPED_HEADERS[1:], ours,
                                stream=httpx.ByteStream(content))
        return self._answer(request, response, decision, _DROPPED_HEADERS, ours, content=content)

    @staticmethod
    def _answer(request: httpx.Request, response: httpx.Response, decision: Decision, dropped: tuple[bytes, ...],
                ours: list[tuple[str, str]], **body: Any) -> httpx.Response:
        """The upstream response's status and headers (without `dropped` and without any the site
        wrote in the guard's name) plus `ours`, the decision in its extensions, and `body`."""
        # raw byte pairs: a header value in Latin-1 or UTF-8 (a file name) passes as it came
        headers = [(k, v) for k, v in response.headers.raw
                   if k.lower() not in dropped and not k.lower().startswith(MARK_PREFIX.encode())]
        headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in ours]
        extensions = {k: v for k, v in response.extensions.items() if k != "network_stream"}
        extensions[DECISION_EXTENSION] = decision
        return httpx.Response(response.status_code, headers=headers, request=request, extensions=extensions, **body)


class _Rest(httpx.SyncByteStream):
    """The bytes already read, then the rest of the upstream body; closing it closes upstream."""

    def __init__(self, head: bytes, chunks: Iterator[bytes], upstream: httpx.Response) -> None:
        self._head, self._chunks, self._upstream = head, chunks, upstream

    def __iter__(self) -> Iterator[bytes]:
        if self._head:
            head, self._head = self._head, b""
            yield head
        yield from self._chunks

    def close(self) -> None:
        self._upstream.close()


class _ARest(httpx.AsyncByteStream):
    def __init__(self, head: bytes, chunks: AsyncIterator[bytes], upstream: httpx.Response) -> None:
        self._head, self._chunks, self._upstream = head, chunks, upstream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._head:
            head, self._head = self._head, b""
            yield head
        async for chunk in self._chunks:
            yield chunk

    async def aclose(self) -> None:
        await self._upstream.aclose()


def _read_past(chunks: Iterator[bytes], cap: int) -> tuple[bytes, bool]:
    """Up to the chunk that passes `cap` (all of what was read, so none of it is lost when
    the body is handed over whole), and whether the cap was passed."""
    buf = bytearray()
    for chunk in chunks:
        buf += chunk
        if len(buf) > cap:
            return bytes(buf), True
    return bytes(buf), False


class GuardTransport(_Enactor, httpx.BaseTransport):
    """Sync transport: `httpx.Client(transport=GuardTransport(guard))`.

    Blocked resources come back as a synthetic 451 whose JSON body and
    `X-Scrapeguard-Action/-Reason/-Decision-Id` headers explain the decision, or raise
    `Blocked` with `raise_on_block=True`. A per-request purpose goes in
    `extensions={"scrapeguard_purpose": "..."}`; the decision is in
    `response.extensions["scrapeguard_decision"]`.
    """

    def __init__(
        self,
        guard: Guard,
        transport: httpx.BaseTransport | None = None,
        *,
        raise_on_block: bool = False,
        max_body_bytes: int | None = None,
        purpose: str | None = None,
    ) -> None:
        super().__init__(guard, raise_on_block=raise_on_block, max_body_bytes=max_body_bytes, purpose=purpose)
        self._inner = transport if transport is not None else httpx.HTTPTransport()
        self._fetcher = Fetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds, transport=_Borrowed(self._inner))
        self._host_files = HostFiles(guard, self._fetcher)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url, purpose, agent = str(request.url), self._purpose(request), self._identify(request)
        self._host_files.ensure(url)
        decision = self.guard.decide_request(url, purpose=purpose, user_agent=agent)
        if not decision.allowed:
            return self._refuse(request, decision)
        response = self._inner.handle_request(request)
        if request.method == "HEAD":  # no body, nothing collected: the request-stage decision stands
            return response
        chunks = response.iter_raw()
        try:
            raw, cut = _read_past(chunks, self.max_body_bytes)
        except BaseException:
            response.close()
            raise
        if not cut:
            response.close()
            return self._judge(request, response, raw, cut, purpose, agent)
        rest = _Rest(raw, chunks, response)
        try:
            judged = self._judge(request, response, raw, cut, purpose, agent, rest)
        except BaseException:
            response.close()
            raise
        if judged.stream is not rest:  # refused or redacted: the rest is not wanted
            response.close()
        return judged

    def close(self) -> None:
        self._fetcher.close()
        self._inner.close()


class AsyncGuardTransport(_Enactor, httpx.AsyncBaseTransport):
    """Async transport: `httpx.AsyncClient(transport=AsyncGuardTransport(guard))`.

    Same contract as `GuardTransport`; the response check (face detection) runs in a
    worker thread so the event loop keeps serving other requests.
    """

    def __init__(
        self,
        guard: Guard,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        raise_on_block: bool = False,
        max_body_bytes: int | None = None,
        purpose: str | None = None,
    ) -> None:
        super().__init__(guard, raise_on_block=raise_on_block, max_body_bytes=max_body_bytes, purpose=purpose)
        self._inner = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._fetcher = AsyncFetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds,
                                     transport=_ABorrowed(self._inner))
        self._host_files = AsyncHostFiles(guard, self._fetcher)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url, purpose, agent = str(request.url), self._purpose(request), self._identify(request)
        await self._host_files.ensure(url)
        # off the event loop: the decision's durable audit write must not stall other requests
        decision = await asyncio.to_thread(self.guard.decide_request, url, purpose=purpose, user_agent=agent)
        if not decision.allowed:
            return self._refuse(request, decision)
        response = await self._inner.handle_async_request(request)
        if request.method == "HEAD":
            return response
        chunks = response.aiter_raw()
        try:
            raw, cut = await self._read(chunks)
        except BaseException:
            await response.aclose()
            raise
        if not cut:
            await response.aclose()
            # off the event loop: decoding and the check (face detection) are CPU work
            return await asyncio.to_thread(self._judge, request, response, raw, cut, purpose, agent)
        rest = _ARest(raw, chunks, response)
        try:
            judged = await asyncio.to_thread(self._judge, request, response, raw, cut, purpose, agent, rest)
        except BaseException:
            await response.aclose()
            raise
        if judged.stream is not rest:  # refused or redacted: the rest is not wanted
            await response.aclose()
        return judged

    async def _read(self, chunks: AsyncIterator[bytes]) -> tuple[bytes, bool]:
        """As `_read_past`: all that was read, up to the chunk that passes the cap."""
        buf = bytearray()
        async for chunk in chunks:
            buf += chunk
            if len(buf) > self.max_body_bytes:  # (one network chunk past the cap at most)
                return bytes(buf), True
        return bytes(buf), False

    async def aclose(self) -> None:
        await self._fetcher.aclose()
        await self._inner.aclose()
