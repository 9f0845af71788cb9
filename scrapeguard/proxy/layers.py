"""mitmproxy layers of the proxy's own.

A body held only up to the guard's cap, both ways: mitmproxy buffers a body whole before its
`request` / `response` hook (an endless stream grew the proxy to gigabytes, and its client got
nothing), and its own limits either refuse the body unaudited (`body_size_limit`) or stream it
before any hook has seen it (`stream_large_bodies`). `CappedHttpStream` holds at most
`flow.metadata[CAP_KEY]` bytes of a body:

- a response body past them: it asks the addon (`BodyPastCapHook`) to judge what it holds, then
  streams the rest behind that head when the decision passes the response unchanged
  (`flow.response.stream` set), or answers with the response the addon put in its place (a 451,
  a redaction of the head) and breaks the upstream transfer off;
- a request body (an upload) past them: it asks the addon (`RequestPastCapHook`) for the
  request-stage decision, which reads the URL only, not the body; allowed, the request goes
  upstream and its body streams on, never held; refused, the client gets the addon's answer (a
  451) and the rest of the upload is not read;
- a response body the guard does not read (audio, video, an archive): once `flow.metadata[SNIFF_KEY]`
  bytes are held, it asks the addon (`BodyHeadHook`) whether they decide it; decided
  (`DECIDED_EARLY`), the response streams on behind them, or is answered as above;
- a response the addon decided on its headers alone (an event stream, `DECIDED_EARLY`): passed
  on, it streams as it comes (`flow.response.stream` set); refused, its answer goes out at once and
  the upstream transfer is broken off, its body never read.

While either hook is pending, the connection handler reads nothing more (`reading_held`):
mitmproxy would otherwise keep reading the sockets and queue every byte for the paused stream,
without limit, for as long as the judgement takes (a log locked by another writer, a slow image
check).

mitmproxy's layers are no promised API: everything here leans on mitmproxy 11's `HttpStream`
(its body buffers, `start_request_stream`, `start_response_stream`, `send_response`) and its
`ConnectionHandler` (the lock its read loops wait on), and `install` swaps the class the HTTP
layer makes its streams from.

`UpstreamHttp1Client`: an upstream's informational answers (1xx but 101) are passed over, so that the
final answer is the one judged (mitmproxy 11 took the first 1xx for it). It and `ClientHttp1Server` drop the
trailer fields after a chunked body's last chunk (mitmproxy 11 reads none). They lean on its
`Http1Client.read_headers`, `Http1Connection.read_body` and the buffer and h11 body reader they read with.

`Refused`: a connection the guard cannot judge (bytes in a tunnel that are no HTTP) is closed
at once, rather than left waiting for a request that never parses."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import h11
from h11._readers import ChunkedReader
from h11._receivebuffer import ReceiveBuffer
from mitmproxy import http
from mitmproxy.net.http import status_codes
from mitmproxy.proxy import commands, events, layer
from mitmproxy.proxy.layers import http as http_layers
from mitmproxy.proxy.layers.http import (
    HttpStream,
    RequestData,
    RequestEndOfMessage,
    RequestTrailers,
    ResponseData,
    ResponseEndOfMessage,
    ResponseHeaders,
    ResponseTrailers,
    SendHttp,
)
from mitmproxy.proxy.layers.http._events import RequestProtocolError, ResponseProtocolError
from mitmproxy.proxy.layers.http._http1 import Http1Client, Http1Connection, Http1Server
from mitmproxy.proxy.utils import expect

log = logging.getLogger("scrapeguard")

CAP_KEY = "scrapeguard_cap"
# response body bytes held before the addon is asked whether its first bytes decide it (`BodyHeadHook`)
SNIFF_KEY = "scrapeguard_sniff"
# set by the addon on a flow whose response it decided before its body's end: on its headers alone (an
# event stream) or on its first bytes (audio, video, an archive)
DECIDED_EARLY = "scrapeguard_decided_early"


@dataclass
class BodyPastCapHook(commands.StartHook):
    """The response body passed `flow.metadata[CAP_KEY]` bytes: `flow.response.raw_content` holds
    what came so far (still in its content coding). The addon sets `flow.response.stream` to pass
    the response on unchanged (the head, then the rest as it comes), or puts another response in
    its place; either way nothing more is buffered."""

    name = "scrapeguard_body_past_cap"
    flow: http.HTTPFlow


@dataclass
class BodyHeadHook(commands.StartHook):
    """The response body reached `flow.metadata[SNIFF_KEY]` bytes, held in `flow.response.raw_content`
    (still in its content coding). The addon judges a body the guard does not read on them: it sets
    `flow.response.stream` to pass the response on (those bytes, then the rest as it comes) or puts
    another response in its place, and sets `DECIDED_EARLY`; else it leaves the body held (to its
    end or the cap), asked again once `SNIFF_KEY` more bytes are held, if it sets one."""

    name = "scrapeguard_body_head"
    flow: http.HTTPFlow


@dataclass
class RequestPastCapHook(commands.StartHook):
    """The request body (an upload) passed `flow.metadata[CAP_KEY]` bytes before its end: the
    addon makes the request-stage decision now (on the URL; no body is read for it). It puts its
    answer in `flow.response` to refuse the request; without one, the request goes upstream and
    its body streams on, never held."""

    name = "scrapeguard_request_past_cap"
    flow: http.HTTPFlow


@contextlib.asynccontextmanager
async def reading_held(flow: http.HTTPFlow) -> AsyncIterator[None]:
    """Nothing more is read from the flow's connections (client and servers) inside this block.

    A blocking hook pauses only the stream's layer: mitmproxy's read loop goes on reading the
    sockets and queues what it reads for the paused layer, without limit (a 3 GB download took
    the proxy to 6 GB while the audit log was locked). That loop waits on the handler's drain lock
    after each read (mitmproxy's own backpressure point), so holding the lock stops it after at
    most one more read per connection, and TCP flow control holds the peers."""
    from mitmproxy import ctx

    master = getattr(ctx, "master", None)
    server = master.addons.get("proxyserver") if master is not None else None
    handler = getattr(server, "connections", {}).get(flow.client_conn.id)
    lock = getattr(handler, "_drain_lock", None)
    if lock is None:  # no live connection (a replay), or a mitmproxy without this lock
        if handler is not None:
            log.warning("scrapeguard: cannot hold mitmproxy's reading while a body is judged")
        yield
        return
    async with lock:
        yield


class CappedHttpStream(HttpStream):
    @expect(RequestData, RequestTrailers, RequestEndOfMessage)
    def state_consume_request_body(self, event: events.Event) -> layer.CommandGenerator[None]:
        cap = self.flow.metadata.get(CAP_KEY)
        if (cap is None or not isinstance(event, RequestData)
                or len(self.request_body_buf) + len(event.data) <= cap):
            yield from super().state_consume_request_body(event)
            return
        self.request_body_buf += event.data
        head = bytes(self.request_body_buf)  # (one copy: `bytes(buf) + data` made two, 40 MiB at a 20 MiB cap)
        self.request_body_buf.clear()
        yield RequestPastCapHook(self.flow)
        if (yield from self.check_killed(True)):
            return
        if self.flow.response is None and not self.flow.error:  # allowed: upstream, the rest as it comes
            self.flow.request.stream = True
            yield from self.start_request_stream()
            if self.client_state == self.state_stream_request_body:  # (else no server connection: answered)
                yield from self.state_stream_request_body(RequestData(self.stream_id, head))
            return
        # refused: the client gets the answer at once; what it still sends is dropped as it comes
        self.client_state = self.state_errored
        self.flow.live = False
        if self.flow.response is None:
            yield SendHttp(ResponseProtocolError(self.stream_id, str(self.flow.error), 502), self.context.client)
            return
        yield from self.send_response()
        if self.flow.request.is_http2 or self.flow.request.is_http3:  # the answer ends, the upload is reset
            yield SendHttp(ResponseEndOfMessage(self.stream_id), self.context.client)
            yield SendHttp(ResponseProtocolError(self.stream_id, "scrapeguard: rest of the request body not wanted",
                                                 status_codes.CLIENT_CLOSED_REQUEST), self.context.client)
        else:  # HTTP/1: the answer, then our side closed; closing it whole, with the upload unread, would
            # reset the connection, and the client could lose the answer
            yield commands.CloseTcpConnection(self.context.client, half_close=True)

    @expect(ResponseData, ResponseTrailers, ResponseEndOfMessage)
    def state_consume_response_body(self, event: events.Event) -> layer.CommandGenerator[None]:
        cap = self.flow.metadata.get(CAP_KEY)
        if (cap is None or not isinstance(event, ResponseData)
                or len(self.response_body_buf) + len(event.data) <= cap):
            yield from super().state_consume_response_body(event)
            sniff = self.flow.metadata.get(SNIFF_KEY)
            if (isinstance(event, ResponseData) and sniff is not None and len(self.response_body_buf) >= sniff
                    and self.server_state == self.state_consume_response_body):
                yield from self._judged_on_head()
            return
        response = self.flow.response
        assert response is not None
        self.response_body_buf += event.data
        response.data.content = bytes(self.response_body_buf)
        self.response_body_buf.clear()
        yield BodyPastCapHook(self.flow)
        if self.flow.response is response and response.stream and not self.flow.error:
            yield from self._stream_on(response)
            return
        # refused, redacted or killed: the rest is not wanted, and never read into memory
        yield from self._answer_in_place()

    def _judged_on_head(self) -> layer.CommandGenerator[None]:
        """Ask the addon whether the body held so far decides the response (`BodyHeadHook`): passed
        on, it streams from here; answered otherwise, the rest is broken off; else still held."""
        response = self.flow.response
        assert response is not None
        self.flow.metadata[SNIFF_KEY] = None  # (asked again only if the addon says when)
        response.data.content = bytes(self.response_body_buf)
        yield BodyHeadHook(self.flow)
        if self.flow.response is response and response.stream and not self.flow.error:
            self.response_body_buf.clear()
            yield from self._stream_on(response)
        elif self.flow.metadata.get(DECIDED_EARLY) or self.flow.response is not response or self.flow.error:
            self.response_body_buf.clear()
            yield from self._answer_in_place()
        else:  # still held, in the buffer
            response.data.content = None

    def _stream_on(self, response: http.Response) -> layer.CommandGenerator[None]:
        """Pass `response` on: the body bytes it holds, then the rest as it comes, never held."""
        head, response.data.content = response.raw_content or b"", None  # held no longer than judged
        yield from self.start_response_stream()
        yield from self.state_stream_response_body(ResponseData(self.stream_id, head))

    @expect(ResponseHeaders)
    def state_wait_for_response_headers(self, event: ResponseHeaders) -> layer.CommandGenerator[None]:
        """A response the addon decided on its headers (`DECIDED_EARLY`, an event stream) and did
        not pass on as it comes (a 451 in its place): answered now, its body broken off unread. Left to
        mitmproxy, the body was read to its end before the answer went out, and an event stream has none."""
        yield from super().state_wait_for_response_headers(event)
        if (self.flow.metadata.get(DECIDED_EARLY) and self.server_state == self.state_consume_response_body
                and not self.flow.error):
            yield from self._answer_in_place(broken_off=not event.end_stream)

    def _answer_in_place(self, broken_off: bool = True) -> layer.CommandGenerator[None]:
        """Send the response the addon put in the origin's place; the rest of the origin's body
        (`broken_off`: some is still to come) is not wanted, and never read into memory."""
        if broken_off:
            yield SendHttp(RequestProtocolError(self.stream_id, "scrapeguard: rest of the body not wanted",
                                                status_codes.NO_RESPONSE), self.context.server)
        if (yield from self.check_killed(True)):
            return
        yield from self.send_response()
        self.server_state = self.state_errored  # what was read before the break-off is dropped unread
        if self.client_state == self.state_done:
            # the upstream's end (the break-off's own error, replayed to this stream once the
            # response hook returns) is not passed on to a client that has its whole answer: its
            # connection is on to its next request, and mitmproxy's HTTP/1 server asserts on an
            # error for a stream it finished ("mitmproxy has crashed!")
            self.client_state = self.state_errored


# an informational answer's status line (RFC 9110 §15.2), but for 101 (a protocol switch: the final answer)
_INFORMATIONAL = re.compile(rb"HTTP/1\.[01] 1(?!01)\d\d[ \r\n]")
_HEAD_END = re.compile(rb"\n\r?\n")  # (as h11's buffer finds the end of a head)
MAX_RESPONSE_HEAD = 256 * 1024  # an origin's status line and header fields (curl takes 300 KiB of them)


HEAD_PAST_BOUND = f"Cannot parse HTTP response: its head passed {MAX_RESPONSE_HEAD} bytes without ending"


def _whole(buf: ReceiveBuffer) -> bytes | bytearray:
    """What came, not copied: `bytes(buf)` copied all of it on every read, so an origin's head of 64 MiB,
    sent in pieces, took 17 s of the event loop, every other client waiting."""
    data = getattr(buf, "_data", None)  # (h11's buffer keeps a bytearray; no public peek)
    return data if isinstance(data, bytearray) else bytes(buf)


def _start_of(buf: ReceiveBuffer) -> bytes:
    """The first 16 bytes of what came (`_whole`)."""
    return bytes(_whole(buf)[:16])


class _ChunksWithoutTrailer(ChunkedReader):
    """h11's reader of a chunked body, whose end of message carries none of the trailer fields that came
    after the last chunk."""

    def __call__(self, buf: ReceiveBuffer) -> h11.Data | h11.EndOfMessage | None:
        event = super().__call__(buf)
        return h11.EndOfMessage() if isinstance(event, h11.EndOfMessage) and event.headers else event


class _TrailerDropping(Http1Connection):
    """An HTTP/1 connection that drops a chunked body's trailer fields (RFC 9112 §7.1.2: `Server-Timing`, a
    digest), as a proxy may (RFC 9110 §6.5.1): optional metadata, of bytes the guard may redact. mitmproxy
    11 raised "HTTP trailers are not implemented yet" on them: the connection's handler crashed, and the
    client got nothing, page or refusal, until its own timeout."""

    def read_body(self, event: events.Event) -> layer.CommandGenerator[None]:
        if type(self.body_reader) is ChunkedReader:  # (made by `read_headers` just now: nothing read with it yet)
            self.body_reader = _ChunksWithoutTrailer()
        yield from super().read_body(event)


class ClientHttp1Server(_TrailerDropping, Http1Server):
    """mitmproxy 11's HTTP/1 server (the client's side), dropping an upload's trailer fields."""


class UpstreamHttp1Client(_TrailerDropping, Http1Client):
    """mitmproxy 11's HTTP/1 client (the upstream's side), dropping an answer's trailer fields and passing
    over an upstream's 1xx (a 103 Early Hints; a 100 Continue or 102 Processing some servers send unasked),
    which it read as the final answer: the guard judged and recorded an empty 103, the client got it and
    waited for an answer that never came (the real one was dropped as unexpected data, and the connection
    closed). Passed over here, so the final answer is the one judged."""

    def read_headers(self, event: events.ConnectionEvent) -> layer.CommandGenerator[None]:
        if isinstance(event, events.DataReceived) and self.request:
            while _INFORMATIONAL.match(_start_of(self.buf)):
                end = _HEAD_END.search(_whole(self.buf))
                if end is None:  # the rest of its head is still to come, unless it is past the bound
                    yield from self._cut_past_bound()
                    return
                self.buf.maybe_extract_at_most(end.end())
        yield from super().read_headers(event)
        if self.state == self.read_headers:
            yield from self._cut_past_bound()

    def _cut_past_bound(self) -> layer.CommandGenerator[None]:
        """An answer's head (a 1xx's too) past `MAX_RESPONSE_HEAD` is cut off. Why: mitmproxy 11 sets no bound
        ("FIXME: protect against header size DoS"): an origin's endless head was read into memory for as long
        as it came; the client gets mitmproxy's 502, and the guard records the malformed answer."""
        if len(self.buf) > MAX_RESPONSE_HEAD and self.stream_id is not None:
            yield commands.CloseConnection(self.conn)
            yield http_layers.ReceiveHttp(ResponseProtocolError(self.stream_id, HEAD_PAST_BOUND))


class Refused(layer.Layer):
    """Closes the client's connection as soon as it is given it; nothing of it is relayed."""

    def _handle_event(self, event: events.Event) -> layer.CommandGenerator[None]:
        if isinstance(event, events.Start):
            yield commands.CloseConnection(self.context.client)


def install() -> None:
    """Make mitmproxy's HTTP layer build `CappedHttpStream`s, `ClientHttp1Server`s and `UpstreamHttp1Client`s
    (in this process, from now on)."""
    http_layers.HttpStream = CappedHttpStream  # type: ignore[misc]
    http_layers.Http1Server = ClientHttp1Server  # type: ignore[misc]
    http_layers.Http1Client = UpstreamHttp1Client  # type: ignore[misc]
