"""httpx transports that put the guard in front of any other transport.

The client calls a transport once per hop, so every redirect hop is checked. Host files
(robots.txt …) are fetched through the *wrapped* transport, so they travel the same way
as the crawl (same proxy, same TLS settings), each within the request's own timeout; an
answer is judged with them too, fetched again where other sites' files pushed them out of the
guard's cache while it downloaded.
Bodies the guard reads (a page, a picture, an SVG, text that may carry a `data:` picture,
a multipart answer) are read up to a cap and decoded before the check; the response
handed back carries exactly the bytes that were checked (decoded, so `Content-Encoding` is
dropped and `Content-Length` recomputed). Such a body longer than the cap is judged on its
first `cap` bytes (for a page or an image that is an incomplete judgement: `body.too_large`,
which the policy's on_error decides) and, when the decision lets it through unchanged,
streamed to the client whole, never cut. Any other body (audio, video, an archive) is
judged on its headers and its first bytes (enough to tell what it is: a JPEG served as
`application/zip` is read as a picture) and then streamed as it comes, so
`client.stream()` gets the headers of an endless radio stream once its first `SNIFF_HEAD` bytes
have come (or its end; one quiet before them for longer than the read timeout raises httpx's
ReadTimeout, recorded as that). An event stream the
client asked for (`text/event-stream`, Server-Sent Events, with that `Accept`) is judged on its
headers alone: it never ends and may stay quiet for minutes, so no number of its bytes can be
waited for.

A wrapped transport may answer with a response already read (`httpx.MockTransport` with
`content=`, respx, a caching transport): its bytes are judged as a network body's are.
The async transport runs under any event loop httpx runs under (asyncio, trio).
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import anyio.to_thread
import httpx

from scrapeguard.codings import SNIFF_LIMIT, decode, past_cap, sniffed_head, without_encoding
from scrapeguard.decision import Decision
from scrapeguard.enact import (
    ACTION_HEADER,
    REASON_HEADER,
    BodyBrokenOff,
    MARK_PREFIX,
    KEPT_IN_PART,
    MisdirectedHost,
    ORIGIN_BYTES_HEADERS,
    TRUNCATED_HEADER,
    WebSocket,
    blocked_body,
    blocked_headers,
    decision_headers,
    fields_kept,
    head_unpromised,
    refusal_status,
    misdirected,
    must_withhold,
    replaced_status,
    websocket_asked,
)
from scrapeguard.fetch import AsyncFetcher, CutShort, Fetcher, RequestTimeout
from scrapeguard.answers import asked_event_stream, body_cap, read_whole
from scrapeguard.guard import Guard
from scrapeguard.hostfiles import (
    HOST_FILE_FILLS,
    AsyncHostFiles,
    HostFiles,
    HostFilesDropped,
    decide_when_cached,
    decide_when_filled,
    dropped,
    missing,
    refused_unjudged,
)
from scrapeguard.image_context import ImageContext
from scrapeguard.logsafe import named_exception
from scrapeguard.resource import SNIFF_HEAD, HeaderInput, Headers, declared_length, origin

try:  # the codings httpx undoes when it reads a body itself (brotli and zstd only when installed)
    from httpx._decoders import SUPPORTED_DECODERS

    _HTTPX_DECODES = frozenset(SUPPORTED_DECODERS)
except ImportError:  # pragma: no cover - a later httpx moved it
    _HTTPX_DECODES = frozenset({"identity", "gzip", "deflate"})

PURPOSE_EXTENSION = "scrapeguard_purpose"
DECISION_EXTENSION = "scrapeguard_decision"
_DROPPED_HEADERS = (b"content-encoding", b"content-length", b"transfer-encoding")
_NO_CONTENT = (204, 304)  # answers that never have content (1xx aside: a 101 is answered apart)
_ORIGIN_BYTES = tuple(name.encode("latin-1") for name in ORIGIN_BYTES_HEADERS)
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

    def __reduce__(self) -> tuple[type[Blocked], tuple[Decision, httpx.Request]]:
        """Pickled with its decision and request: rebuilt from its message alone (an exception's
        default), it raised TypeError, so one raised in a worker process broke the whole
        `ProcessPoolExecutor` (BrokenProcessPool for every pending job)."""
        return Blocked, (self.decision, self.request)


def _switched(response: httpx.Response) -> WebSocket:
    return WebSocket(f"the connection switched to {response.headers.get('upgrade') or 'another protocol'}: "
                     "what passes over it cannot be judged by the guard")


def _broken_off(exc: Exception) -> Exception:
    """What a failure while an answer's body was read is recorded as: httpx's error of the network or the
    protocol (a Content-Length not met, a chunk cut off) as `enact.BodyBrokenOff`, as the proxy records it;
    anything else as itself. The client still gets httpx's own error. A timeout is itself (`error.readtimeout`):
    the client's own limit ran out, the origin broke nothing off (a stream quiet for a while before its first
    `SNIFF_HEAD` bytes was recorded as broken off: review)."""
    if isinstance(exc, httpx.TimeoutException):
        return exc
    if isinstance(exc, httpx.TransportError):
        return BodyBrokenOff(f"the answer broke off ({named_exception(exc)[:200]})")
    return exc


def _misdirected(request: httpx.Request) -> MisdirectedHost | None:
    """`enact.misdirected` of a request (its Host header against its URL)."""
    return misdirected(str(request.url), request.headers.get("host"))


class _Borrowed(httpx.BaseTransport):
    """The wrapped transport lent to the host-file fetcher: closing the fetcher must not
    close the user's transport. An answer it already read comes back readable (`_unread`):
    the fetcher reads the response's stream, which for a read one is spent (over a kept-alive
    connection, reading it again waited for the timeout: robots.txt unreachable, the site blocked)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = _unread(request, self._inner.handle_request(request))
        if _a_guards_refusal(response):
            response.close()
            raise _refused_by_a_guard(request, response)
        return response

    def close(self) -> None:
        pass


def _a_guards_refusal(response: httpx.Response) -> bool:
    """Is a host file's answer a guard's own refusal (a guarded transport wrapped in another), not the site's? Taken
    for the site's, a 451 robots.txt allowed every path (review: a page robots.txt disallows was fetched through a
    guard wrapped twice): the fetch fails instead (`_refused_by_a_guard`)."""
    return response.status_code == 451 and ACTION_HEADER in response.headers


def _refused_by_a_guard(request: httpx.Request, response: httpx.Response) -> httpx.TransportError:
    reason = response.headers.get(REASON_HEADER, "")[:80]
    return httpx.TransportError(f"{request.url.path} was refused by a guard the transport wraps ({reason}), not "
                                "answered by the site")


def _of_kind(transport: object, asynchronous: bool) -> None:
    """A wrapped transport of the kind the guarded one speaks (sync `httpx.BaseTransport`, async
    `httpx.AsyncBaseTransport`), refused when built: the other kind was accepted and failed at the first
    request (AttributeError 'handle_request', nothing recorded; async, masked by another on exit: review). One
    that only has the method, as httpx's clients take it (a duck-typed transport), is kept (review of the fix)."""
    kind: type = httpx.AsyncBaseTransport if asynchronous else httpx.BaseTransport
    method = "handle_async_request" if asynchronous else "handle_request"
    if transport is not None and not isinstance(transport, kind) and not callable(getattr(transport, method, None)):
        prefix = "Async" if asynchronous else ""
        raise TypeError(f"{prefix}GuardTransport wraps an httpx.{kind.__name__} (such as "
                        f"httpx.{prefix}HTTPTransport()), not {type(transport).__name__}")


def _not_guarded_twice(guard: Guard, transport: object) -> None:
    """A guarded transport wrapped in another of the same guard waits on its own host files' fetch, and judged
    nothing right (review): refused when built. (Two guards, one in the other, each judge as their own.)"""
    if isinstance(transport, (GuardTransport, AsyncGuardTransport)) and transport.guard is guard:
        raise ValueError("this transport is already guarded by the same Guard: wrap the plain transport once "
                         "(GuardTransport(guard, httpx.HTTPTransport()))")


class _ABorrowed(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = _unread(request, await self._inner.handle_async_request(request))
        if _a_guards_refusal(response):
            await response.aclose()
            raise _refused_by_a_guard(request, response)
        return response

    async def aclose(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Asked:
    """What a request was judged with, kept for judging its answer: its purpose and user agent, what pages had
    said of its URL (`word`: a caption naming a person, their `noimageai`), and `refill`, which fetches its
    site's host files again from the thread its answer is judged in (None: they are fetched again on the event
    loop, `_Refill`); `unfilled`: they could not be had for the request itself (a fail-open policy let it go
    ahead): the answer is judged without asking again; `failed`: fetching them again for the answer failed."""

    purpose: str | None
    agent: str | None
    word: ImageContext | None
    refill: Callable[[], None] | None
    unfilled: bool = False
    failed: BaseException | None = None


class _Refill(Exception):
    """An answer's host files left the guard's cache (`_Asked.refill` None): its judgement stops, and they are
    fetched again on the event loop, not from the worker thread it runs in (`AsyncGuardTransport._judged`)."""


class _Enactor:
    """What both transports share: turning a Decision into an httpx response."""

    def __init__(self, guard: Guard, *, raise_on_block: bool, max_body_bytes: int | None, purpose: str | None) -> None:
        if purpose is not None:  # a typo raises here (UnknownPurpose), as Guard(purpose=...) does: not a 451 each time
            guard.purpose(purpose)
        self.guard = guard
        self.raise_on_block = raise_on_block
        self.max_body_bytes = body_cap(max_body_bytes, guard.runtime.max_body_bytes)
        self.purpose = purpose

    def _purpose(self, request: httpx.Request) -> str | None:
        value = request.extensions.get(PURPOSE_EXTENSION)
        # ("" names a purpose the policy lacks: taken for none, it was judged under the transport's own; review)
        return str(value) if value is not None else self.purpose

    def _identify(self, request: httpx.Request) -> str | None:
        """The user agent the request goes out with, which robots.txt is read for. httpx's
        own default names no crawler: the guard's user agent replaces it, so the site sees
        the bot the policy speaks for."""
        agent = request.headers.get("user-agent", "")
        if not agent or agent.startswith(_HTTPX_USER_AGENT):
            request.headers["User-Agent"] = self.guard.user_agent
            return None
        return agent

    def _refuse(self, request: httpx.Request, decision: Decision, upstream: httpx.Response | None = None) -> httpx.Response:
        """The 451 for `decision`; in place of `upstream`'s answer, it says the HTTP version that came in (an
        HTTP/2 site's refused pages said HTTP/1.1); a refusal before any connection was made says HTTP/1.1."""
        if self.raise_on_block:
            raise Blocked(decision, request)
        body = blocked_body(decision)
        # a stream, not content=: content= reads and closes it here, so the Client never closes
        # it and `.elapsed` raises, and `client.stream()` + `iter_raw()` finds it consumed
        # (blocked_headers gives its Content-Length). A HEAD's answer has no body, as the proxy's:
        # its Content-Length says what a GET would get (RFC 9110 §9.3.2)
        stream = httpx.ByteStream(b"" if request.method == "HEAD" else body)
        extensions: dict[str, Any] = {DECISION_EXTENSION: decision}
        if upstream is not None and "http_version" in upstream.extensions:
            extensions["http_version"] = upstream.extensions["http_version"]
        return httpx.Response(refusal_status(decision), headers=blocked_headers(decision, body), stream=stream,
                              request=request, extensions=extensions)

    def _check(self, url: str, asked: _Asked, status: int, headers: HeaderInput, body: bytes,
               **flags: bool) -> Decision:
        """The answer's decision, made with what its request was judged with: its pages' word about it given
        back to the guard (merged: the stricter stands), and its site's host files, fetched again where they left
        the guard's cache since the request stage (fetched again and again: the guard failing, on_error), as
        `Guard.check_url` does. Why: pages and sites read while it downloaded pushed both out of the guard's
        bounded memory, and the answer was judged without them: a page its site's tdmrep.json reserves (decided
        on the answer alone), and a picture its page's caption names a person in, were handed over as they came
        where their requests had been judged with them."""
        if asked.word is not None:
            self.guard.image_contexts.remember(url, asked.word)
        failure = asked.failed
        if failure is None and not asked.unfilled and missing(self.guard, url):
            if asked.refill is None:
                raise _Refill
            try:
                asked.refill()  # (`ensure` fills until none is missing, or says they were dropped again)
            except (CutShort, HostFilesDropped) as exc:  # (as at the request stage)
                failure = exc
        if failure is not None and self.guard.runtime.on_error == "fail-closed":
            return self.guard.record_failure(url, "response", failure, purpose=asked.purpose)
        # (fail-open, or its request already went ahead without them: judged with what is cached, a host
        # file not there said not consulted, as a fail-open pass never hands over an unjudged answer)
        return self.guard.check_response(url, status, headers, body, purpose=asked.purpose,
                                         user_agent=asked.agent, **flags)

    def _judge(self, request: httpx.Request, response: httpx.Response, raw: bytes, cut: bool, asked: _Asked,
               rest: httpx.SyncByteStream | httpx.AsyncByteStream | None = None,
               head: bytes | None = None, as_came: bool = False) -> httpx.Response:
        """The response for the body as it came (`raw`, cut at the cap if `cut`), decoded the way
        the proxy and Scrapy decode it (scrapeguard.codings). A body that cannot be decoded here
        (a coding not undone here, gzip that is not gzip) is handed to the guard as it came, with
        its Content-Encoding, as a direct caller would hand it: `body.encoded` (or, when its bytes
        read as content, judged as they are), recorded, and the policy's on_error decides
        (fail-closed: the refusal; fail-open: the body as it came, its Content-Encoding kept).

        `rest`: for a body longer than the cap, or one judged on its `head` (the decoded start
        of a body the guard does not read, see `_Intake`), a stream of all of it (what was read,
        then the rest of the connection). A body the decision lets through unchanged is handed
        over whole through it, never cut: a 30 MB archive arrives as 30 MB. `as_came`: `head` is
        not decoded (its Content-Encoding does not undo it), so it is judged with that header, as
        a body that does not decode is below."""
        url = str(request.url)
        if head is not None:  # judged on its headers and first bytes: all the guard reads of it
            headers = response.headers.multi_items() if as_came else _decoded_headers(response)
            decision = self._check(url, asked, response.status_code, headers, head, sniffed=True)
            return self._rebuild(request, response, head, True, decision, encoded=as_came, rest=rest)
        try:
            body, truncated = decode(raw, response.headers.get("content-encoding"), self.max_body_bytes)
        except (ValueError, httpx.DecodingError):
            # a coding that cannot be undone, or a corrupt body: handed to the guard as it came, with its
            # Content-Encoding, so it is `body.encoded` (on_error decides), as for the library's direct
            # callers and the other adapters, not an adapter error named after the exception's class
            decision = self._check(url, asked, response.status_code, response.headers.multi_items(), raw, truncated=cut)
            return self._rebuild(request, response, raw, cut, decision, encoded=True, rest=rest)
        over = cut or past_cap(body, truncated, self.max_body_bytes)
        if over and rest is None:  # all of it arrived; decoded, it passes the cap: passed on as it came
            rest = httpx.ByteStream(raw)
        decision = self._check(url, asked, response.status_code, _decoded_headers(response), body, truncated=over,
                               broken_off=truncated and not over)
        return self._rebuild(request, response, body, truncated or over, decision, rest=rest)

    def _rebuild(self, request: httpx.Request, response: httpx.Response, body: bytes, truncated: bool,
                 decision: Decision, *, encoded: bool = False,
                 rest: httpx.SyncByteStream | httpx.AsyncByteStream | None = None) -> httpx.Response:
        """A response carrying the decoded bytes that were checked (or their redacted form);
        `encoded`: bytes still in their content coding (one that could not be undone: handed
        over under a fail-open policy, or judged as they came), whose Content-Encoding header
        stays unless a redacted copy replaces them; `rest`: the
        whole body as it came, handed over when the decision passes it unchanged. A body put in
        place of the origin's (a redaction, the part of a broken-off coding that decoded) is not
        the origin's bytes: a 206 becomes a 200, and the origin's range, validators and digests
        go (`ORIGIN_BYTES_HEADERS`), as the proxy and the Scrapy middleware do; a redacted part of a
        range is withheld (`must_withhold`)."""
        if must_withhold(decision):
            return self._refuse(request, decision, response)
        redacted = decision.enforced and decision.action == "redact" and decision.redacted_body is not None
        ours = decision_headers(decision) if decision.action != "allow" else []
        if response.status_code in _NO_CONTENT and not body and not redacted:
            # its Content-Length and Content-Encoding (a 304's) describe the stored representation, not the no
            # bytes it has, and a 204 has no Content-Length (RFC 9110 §8.6): passed on as they came, as the proxy does
            return self._answer(request, response, decision, (), ours, stream=httpx.ByteStream(b""))
        if rest is not None and not redacted:  # as it came, whole: its codings and length kept
            ours.append((TRUNCATED_HEADER, str(min(len(body), self.max_body_bytes))))
            return self._answer(request, response, decision, (b"transfer-encoding",), ours, stream=rest)
        content = decision.redacted_body if redacted and decision.redacted_body is not None else body
        if truncated:  # judged on its first bytes only: cut at the cap, or its coding broke off
            ours.append((TRUNCATED_HEADER, str(min(len(body), self.max_body_bytes))))
        # a stream, never content=: httpx would read and close it here (the Client then never closes
        # it: `.elapsed` raises, `iter_raw()` finds it consumed), and decode an `encoded` body at
        # once, raising on a corrupt one (whose Content-Encoding header stays)
        ours.append(("content-length", str(len(content))))
        # (a redacted copy is never in the origin's coding, even of a body the guard judged as it came)
        return self._answer(request, response, decision, _DROPPED_HEADERS[1:] if encoded and not redacted
                            else _DROPPED_HEADERS,
                            ours, replaced=redacted or truncated, stream=httpx.ByteStream(content))

    def _headed(self, request: httpx.Request, response: httpx.Response, decision: Decision) -> httpx.Response:
        """The answer to a HEAD request: no body, nothing to judge, so the request-stage decision
        stands, attached and in the headers as for any other answer. A redirect's hop keeps what the page said
        of its URL (`Guard.carry_context`), as a judged answer's does: unjudged, the next hop's decision did not
        name the URL the page showed, which an access or erasure request by that URL then missed."""
        self.guard.carry_redirect(str(request.url), response.status_code, _fields(response))
        ours = decision_headers(decision) if decision.action != "allow" else []
        unpromised = tuple(name.encode("latin-1") for name in head_unpromised(decision.action, decision.enforced))
        return self._answer(request, response, decision, unpromised, ours, stream=response.stream)

    def _upgraded(self, request: httpx.Request, response: httpx.Response, decision: Decision) -> httpx.Response:
        """The answer to a request whose connection switched protocols (a WebSocket handshake):
        recorded as the guard unable to judge what follows (`decision`), as the proxy records it.
        Withheld (fail-closed), a 451; passed (fail-open), the 101 with its connection, saying so. It
        was passed as an allowed 101 without its connection (`network_stream`), which a WebSocket
        client reads: broken, and recorded as allowed."""
        if must_withhold(decision):
            return self._refuse(request, decision, response)
        return self._answer(request, response, decision, (), decision_headers(decision), stream=response.stream)

    @staticmethod
    def _answer(request: httpx.Request, response: httpx.Response, decision: Decision, dropped: tuple[bytes, ...],
                ours: list[tuple[str, str]], *, replaced: bool = False, **body: Any) -> httpx.Response:
        """The upstream response's status and headers (without `dropped` and without any the site
        wrote in the guard's name) plus `ours`, the decision in its extensions, and `body`.
        `replaced`: `body` is not the origin's, so a 206 is answered as a 200 (`replaced_status`) and
        the origin's range, validators and digests (`ORIGIN_BYTES_HEADERS`) are dropped too."""
        if replaced:
            dropped += _ORIGIN_BYTES
        # raw byte pairs: a header value in Latin-1 or UTF-8 (a file name) passes as it came
        headers = [(k, v) for k, v in response.headers.raw
                   if k.lower() not in dropped and not k.lower().startswith(MARK_PREFIX.encode())]
        if replaced:  # (a redacted page's links and refresh to the pictures it lost go with them)
            for name in KEPT_IN_PART:
                field = name.encode()
                values = [v for k, v in headers if k.lower() == field]
                kept = fields_kept(name, values, decision)
                if kept != values:
                    headers = [(k, v) for k, v in headers if k.lower() != field] + [(field, v) for v in kept]
        headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in ours]
        # (a 101's connection is its answer: a WebSocket client reads it from `network_stream`)
        extensions = {k: v for k, v in response.extensions.items()
                      if k != "network_stream" or response.status_code == 101}
        extensions[DECISION_EXTENSION] = decision
        status = replaced_status(response.status_code) if replaced else response.status_code
        if status != response.status_code:  # (the origin's "Partial Content" would stay the reason phrase)
            extensions["reason_phrase"] = b"OK"
        return httpx.Response(status, headers=headers, request=request, extensions=extensions, **body)


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


def _unread(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """`response`, or, when the wrapped transport answered with one already read (httpx.MockTransport
    with `content=`, respx, a caching transport), a response whose body can be read (again): the
    bytes as they came when its stream keeps them, else its content as httpx decoded it, with
    `Content-Encoding` naming only the codings httpx left and `Content-Length` its length (a read
    body's raw stream is spent; the coded length it came with would name other bytes). An answer
    that has no content (to a HEAD, a 204, a 304) keeps the headers it came with: its Content-Length
    says what a GET would get or the stored copy holds (RFC 9110 §9.3.2, §8.6), not the none read."""
    if not response.is_stream_consumed:
        return response
    if isinstance(response.stream, httpx.ByteStream):  # content=, text=, json=: the bytes stay in the stream
        stream: httpx.ByteStream = response.stream
        headers = response.headers.raw
    elif request.method == "HEAD" or response.status_code in _NO_CONTENT:
        stream, headers = httpx.ByteStream(b""), response.headers.raw
    else:
        stream = httpx.ByteStream(response.content)
        coding = response.headers.get("content-encoding", "")
        left = [c.strip() for c in coding.split(",") if c.strip() and c.strip().lower() not in _HTTPX_DECODES]
        headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _DROPPED_HEADERS]
        headers += [(b"content-encoding", ", ".join(left).encode("latin-1"))] if left else []
        headers += [(b"content-length", str(len(response.content)).encode("latin-1"))]
    return httpx.Response(response.status_code, headers=headers, stream=stream, extensions=response.extensions)


def _holding(timeout: RequestTimeout | None, guard: Guard) -> RequestTimeout:
    """`timeout` for host files fetched again for an answer whose connection is still open (past the body cap,
    its rest streams to the client after its judgement): the wait for a connection from the client's pool no
    longer than the guard's own timeout. Why: the request's own pool timeout (None: without limit) waited for
    the connection that answer holds, the pool's only one, and the client hung for good."""
    ours = guard.runtime.timeout_seconds
    pool = (timeout or {}).get("pool")
    return {**(timeout or {}), "pool": ours if pool is None else min(pool, ours)}


def _own_timeout(request: httpx.Request) -> RequestTimeout | None:
    """The request's own timeout (httpx's `timeout=`), which the host files fetched on its behalf keep
    within. A phase that is no number (NaN, a setting read from "nan") is refused here, naming it: httpx hands
    it on unchecked, and it failed deep in the guard's wait for a host file ("Invalid value NaN (not a
    number)", async "deadline must not be NaN"), naming neither the timeout nor the phase. So is a negative
    connect, read or write phase, as plain httpx refuses it ("Timeout value out of range"): cut short at once,
    each request was a 503 with a Retry-After (`error.cutshort`), which a crawler retried for ever (review). So
    is a connect or read phase of 0, for the same reason: no host file can be fetched in no time, where plain
    httpx fails the request (ConnectError). (A negative pool phase passes, as in httpx while its pool has room:
    `_holding`.)"""
    timeout: RequestTimeout | None = request.extensions.get("timeout")
    for phase, seconds in (timeout or {}).items():
        if isinstance(seconds, float) and math.isnan(seconds):
            raise ValueError(f"timeout {phase}=nan is no number of seconds: give seconds, or None for no limit")
        if phase == "pool" or not isinstance(seconds, (int, float)):
            continue
        if seconds < 0 or (seconds == 0 and phase in _TAKES_TIME):
            least = "more than 0" if phase in _TAKES_TIME else "0 or more"
            raise ValueError(f"timeout {phase}={seconds!r} is out of range: give seconds ({least}), or None for "
                             "no limit")
    return timeout


# the phases no answer passes in no time: a limit of 0 there cuts every request short (`_own_timeout`)
_TAKES_TIME = ("connect", "read")


def _decoded_headers(response: httpx.Response) -> list[tuple[str, str]]:
    """The headers as they describe the decoded body the guard is given: without the
    `Content-Encoding` of the coded bytes (and their length). Kept, the guard took the decoded
    body for one still coded and guessed: a UTF-16 page or a CSV with control bytes was refused
    as `body.encoded`, a .tar.gz served gzip'd was inflated once more and hashed as its inner bytes."""
    return list(without_encoding(response.headers.multi_items()))


def _fields(response: httpx.Response) -> Headers:
    """The answer's header fields as the guard reads them (two Content-Types: the last)."""
    return Headers(response.headers.multi_items())


class _Intake:
    """A body read chunk by chunk until the guard can judge it. One whose bytes the guard reads
    (`answers.read_whole`) is read up to the chunk that passes the cap; any other, as soon as its
    first `SNIFF_HEAD` (decoded; as they came, `as_came`, where its Content-Encoding does not undo
    them) show it is one, is judged on exactly those (`head`: the same judgement however the
    network cut the body into chunks), its rest handed over as it comes;
    an event stream on none of them (`headers_only`: `head` is empty from the start).
    A body known to be all here (its Content-Length reached, or one the wrapped transport already
    holds in memory) is read to its end and judged whole. All that was read is kept (`raw`), so
    none of it is lost when the body is handed over whole."""

    def __init__(self, request: httpx.Request, response: httpx.Response, cap: int) -> None:
        self.raw = bytearray()
        self.cut = False  # the cap was passed
        self._response, self._cap = response, cap
        self._coding = response.headers.get("content-encoding")
        # a body already in memory (a response read before it reached the guard): all of it is here
        in_memory = isinstance(response.stream, httpx.ByteStream)
        # judged before a byte of it is read
        self.headers_only = asked_event_stream(request.headers.get("accept"), _fields(response)) and not in_memory
        self.head: bytes | None = b"" if self.headers_only else None
        self.as_came = False  # `head` is the first bytes as they came: its Content-Encoding does not undo them
        self._sniffing = not in_memory
        self._length = declared_length(response.headers.get("content-length"))

    def take(self, chunk: bytes) -> bool:
        """Add the next chunk; True when enough has been read."""
        self.raw += chunk
        if len(self.raw) > self._cap:
            self.cut = True
            return True
        if not self._sniffing or (self._length is not None and len(self.raw) >= self._length):
            return False  # (all of it is here: the next read ends the body, which is then judged whole)
        sniffed = sniffed_head(self.raw, self._coding, SNIFF_HEAD)
        if sniffed is None:  # its coding has not given them yet (a gzip header naming a long file)
            self._sniffing = len(self.raw) < SNIFF_LIMIT
            return False
        self._sniffing = False
        head, as_came = sniffed
        if read_whole(self._response.status_code, _fields(self._response), head):
            return False
        self.head, self.as_came = head, as_came
        return True


class GuardTransport(_Enactor, httpx.BaseTransport):
    """Sync transport: `httpx.Client(transport=GuardTransport(guard))`.

    Blocked resources come back as a synthetic 451 whose JSON body and
    `X-Scrapeguard-Action/-Reason/-Decision-Id` headers explain the decision, or raise
    `Blocked` with `raise_on_block=True`. A per-request purpose goes in
    `extensions={"scrapeguard_purpose": "..."}`; the decision is in
    `response.extensions["scrapeguard_decision"]` (for a HEAD request, the request-stage one).

    Through an upstream proxy, wrap the proxied transport (`GuardTransport(guard,
    httpx.HTTPTransport(proxy=...))`): a client given `proxy=` (or `mounts=`) beside `transport=` sends
    the URLs they match through its own transport, never this one, so they are neither judged nor recorded.
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
        _of_kind(transport, asynchronous=False)
        super().__init__(guard, raise_on_block=raise_on_block, max_body_bytes=max_body_bytes, purpose=purpose)
        _not_guarded_twice(guard, transport)
        self._inner = transport if transport is not None else httpx.HTTPTransport()
        self._fetcher = Fetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds, transport=_Borrowed(self._inner))
        self._host_files = HostFiles(guard, self._fetcher)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeout = _own_timeout(request)
        url, purpose, agent = str(request.url), self._purpose(request), self._identify(request)
        misdirected = _misdirected(request)
        unjudged = misdirected or websocket_asked(request.headers)  # (a WebSocket's messages would pass no check)
        if unjudged is not None and refused_unjudged(self.guard):  # one decision: refused, its site not asked
            return self._refuse(request, self.guard.record_failure(url, "request", unjudged, purpose=purpose))
        decision: Decision | None = None
        failure: Exception | None = None
        for _ in range(HOST_FILE_FILLS):
            try:
                self._host_files.ensure(url, timeout=timeout)
            except (CutShort, HostFilesDropped) as exc:  # its own timeout cut a host file, or a full cache dropped them
                failure = exc
                break
            decision = decide_when_cached(self.guard, url, purpose, agent)
            if decision is not None:
                break
        if decision is None:  # the guard failed this request (on_error)
            decision = self.guard.record_failure(url, "request", failure or dropped(self.guard, origin(url)),
                                                 purpose=purpose)
        if decision.allowed and misdirected is not None:  # (passed where the policy lets what it cannot judge pass)
            decision = self.guard.record_failure(url, "request", misdirected, purpose=purpose)
        if not decision.allowed:
            return self._refuse(request, decision)
        asked = _Asked(purpose, agent, self.guard.image_contexts.get(url),
                       partial(self._host_files.ensure, url, timeout=timeout), unfilled=failure is not None)
        response = _unread(request, self._inner.handle_request(request))
        if response.status_code == 101:  # switched protocols (a WebSocket): nothing after it can be judged
            try:
                judged = self._upgraded(request, response, self.guard.record_failure(
                    url, "response", _switched(response), purpose=purpose))
            except BaseException:  # (Blocked: refused in raise mode)
                response.close()
                raise
            if judged.stream is not response.stream:  # refused: the switched connection is closed
                response.close()
            return judged
        if request.method == "HEAD":  # no body, nothing collected: the request-stage decision stands
            return self._headed(request, response, decision)
        chunks = response.iter_raw()
        intake = _Intake(request, response, self.max_body_bytes)
        try:
            for chunk in () if intake.headers_only else chunks:
                if intake.take(chunk):
                    break
        except Exception as exc:
            response.close()
            self.guard.record_failure(url, "response", _broken_off(exc), purpose=purpose)  # (in the log)
            raise
        except BaseException:
            response.close()
            raise
        raw = bytes(intake.raw)
        if not intake.cut and intake.head is None:  # all of it
            response.close()
            return self._judge(request, response, raw, False, asked)
        rest = _Rest(raw, chunks, response)
        asked = replace(asked, refill=partial(self._host_files.ensure, url, timeout=_holding(timeout, self.guard)))
        try:
            judged = self._judge(request, response, raw, intake.cut, asked, rest, intake.head, intake.as_came)
        except BaseException:
            response.close()
            raise
        if judged.stream is not rest:  # refused or redacted: the rest is not wanted
            response.close()
        return judged

    def close(self) -> None:
        """Close the wrapped transport's connections, as httpx's own transport does: usable again
        afterwards (one transport shared by two clients, or given to one client after another). The
        host-file fetcher is left open: it holds nothing of its own (it borrows the wrapped
        transport), and a closed one refused every later host file (RuntimeError, unrecorded)."""
        self._inner.close()


class AsyncGuardTransport(_Enactor, httpx.AsyncBaseTransport):
    """Async transport: `httpx.AsyncClient(transport=AsyncGuardTransport(guard))`.

    Same contract as `GuardTransport`; the response check (face detection) runs in a
    worker thread so the event loop keeps serving other requests. Runs under asyncio and
    trio alike (through anyio, as httpx does).
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
        _of_kind(transport, asynchronous=True)
        super().__init__(guard, raise_on_block=raise_on_block, max_body_bytes=max_body_bytes, purpose=purpose)
        _not_guarded_twice(guard, transport)
        self._inner = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._fetcher = AsyncFetcher(guard.user_agent, timeout=guard.runtime.timeout_seconds,
                                     transport=_ABorrowed(self._inner))
        self._host_files = AsyncHostFiles(guard, self._fetcher)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = _own_timeout(request)
        url, purpose, agent = str(request.url), self._purpose(request), self._identify(request)
        misdirected = _misdirected(request)
        unjudged = misdirected or websocket_asked(request.headers)
        if unjudged is not None and refused_unjudged(self.guard):  # (as in GuardTransport)
            return self._refuse(request, await anyio.to_thread.run_sync(partial(
                self.guard.record_failure, url, "request", unjudged, purpose=purpose)))
        unfilled = False
        try:  # (decided off the event loop: the decision's durable audit write must not stall other requests)
            decision = await decide_when_filled(
                self.guard, url, partial(self._host_files.ensure, url, timeout=timeout),
                partial(anyio.to_thread.run_sync, decide_when_cached, self.guard, url, purpose, agent))
        except (CutShort, HostFilesDropped) as exc:  # as in GuardTransport
            decision = await anyio.to_thread.run_sync(partial(self.guard.record_failure, url, "request", exc,
                                                              purpose=purpose))
            unfilled = True
        if decision.allowed and misdirected is not None:  # (as in GuardTransport)
            decision = await anyio.to_thread.run_sync(partial(self.guard.record_failure, url, "request", misdirected,
                                                              purpose=purpose))
        if not decision.allowed:
            return self._refuse(request, decision)
        # (its host files fetched again, where they left the cache, on the event loop: `_judged`)
        asked = _Asked(purpose, agent, self.guard.image_contexts.get(url), None, unfilled)
        response = _unread(request, await self._inner.handle_async_request(request))
        if response.status_code == 101:  # as in GuardTransport
            try:
                judged = self._upgraded(request, response, await anyio.to_thread.run_sync(partial(
                    self.guard.record_failure, url, "response", _switched(response), purpose=purpose)))
            except BaseException:
                await response.aclose()
                raise
            if judged.stream is not response.stream:
                await response.aclose()
            return judged
        if request.method == "HEAD":
            return self._headed(request, response, decision)
        chunks = response.aiter_raw()
        intake = _Intake(request, response, self.max_body_bytes)
        try:
            if not intake.headers_only:
                async for chunk in chunks:
                    if intake.take(chunk):
                        break
        except Exception as exc:
            await response.aclose()
            await anyio.to_thread.run_sync(partial(self.guard.record_failure, url, "response", _broken_off(exc),
                                                   purpose=purpose))
            raise
        except BaseException:
            await response.aclose()
            raise
        raw = bytes(intake.raw)
        if not intake.cut and intake.head is None:  # all of it
            await response.aclose()
            return await self._judged(timeout, request, response, raw, False, asked)
        rest = _ARest(raw, chunks, response)
        try:
            judged = await self._judged(_holding(timeout, self.guard), request, response, raw, intake.cut, asked, rest,
                                        intake.head, intake.as_came)
        except BaseException:
            await response.aclose()
            raise
        if judged.stream is not rest:  # refused or redacted: the rest is not wanted
            await response.aclose()
        return judged

    async def _judged(self, timeout: RequestTimeout | None, request: httpx.Request, response: httpx.Response,
                      raw: bytes, cut: bool, asked: _Asked, rest: httpx.AsyncByteStream | None = None,
                      head: bytes | None = None, as_came: bool = False) -> httpx.Response:
        """`_judge` off the event loop (decoding and the check, face detection, are CPU work), its site's host files
        fetched again here, on the event loop, where they left the guard's cache while it downloaded (`_Refill`), as
        `decide_when_filled` fetches a request's: up to `HOST_FILE_FILLS` times, then the guard fails it (on_error).
        Why not from the worker thread it is judged in: the thread waited for the fetch, which waited for a worker
        thread to store what it got, and as many such answers at once as anyio has threads (40) hung the client."""
        for _ in range(HOST_FILE_FILLS):
            try:
                return await anyio.to_thread.run_sync(self._judge, request, response, raw, cut, asked, rest, head,
                                                      as_came)
            except _Refill:
                try:
                    await self._host_files.ensure(str(request.url), timeout=timeout)
                except (CutShort, HostFilesDropped) as exc:  # (as at the request stage)
                    asked = replace(asked, failed=exc)
        asked = replace(asked, failed=dropped(self.guard, origin(str(request.url))))
        return await anyio.to_thread.run_sync(self._judge, request, response, raw, cut, asked, rest, head, as_came)

    async def aclose(self) -> None:
        """As `GuardTransport.close`: the wrapped transport's connections, not the host-file fetcher."""
        await self._inner.aclose()
